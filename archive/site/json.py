"""Officials, places, enterprises and themes as plain dicts for ?format=json.

A tour inside them is a short summary with its id and URL; the full record of a tour is
archive.site.export.visit_record, served at /visits/<id>.json.
"""

from __future__ import annotations

from django.db.models import QuerySet

from archive.models import City, Enterprise, Official, Post, Province, Theme, Visit
from archive.site.links import visit_url


def _day(value) -> str | None:
    return value.isoformat() if value else None


def tour_summaries(visits: QuerySet[Visit]) -> list[dict]:
    """Every one of these tours, newest first: two queries."""
    return [
        {
            "id": visit.pk,
            "title": visit.title,
            "url": visit_url(visit.pk),
            "start_date": _day(visit.start_date),
            "end_date": _day(visit.end_date),
            "officials": [o.name for o in visit.officials.all()],
        }
        for visit in visits.prefetch_related("officials")
    ]


def place(record: Province | City | None, url) -> dict | None:
    if record is None:
        return None
    return {"code": record.code, "name": record.name, "name_zh": record.name_zh, "url": url(record)}


def post(post: Post) -> dict:
    return {
        "title": post.title,
        "title_zh": post.title_zh,
        "rank": post.rank,
        "province": place(post.province, Province.get_absolute_url),
        "start": _day(post.start),
        "end": _day(post.end),
    }


def official(official: Official, posts: list[Post], led, accompanied) -> dict:
    return {
        "slug": official.slug,
        "name": official.name,
        "name_zh": official.name_zh,
        "aliases": official.aliases,
        "url": official.get_absolute_url(),
        "posts": [post(p) for p in posts],
        "tours": tour_summaries(led),
        "accompanied": tour_summaries(accompanied),
    }


def province(province: Province, cities: list[City], visits) -> dict:
    return {
        **place(province, Province.get_absolute_url),
        "full_name": province.full_name,
        "kind": province.kind,
        "cities": [{**place(c, City.get_absolute_url), "tours": c.tours} for c in cities],
        "tours": tour_summaries(visits),
    }


def city(city: City, visits) -> dict:
    return {
        **place(city, City.get_absolute_url),
        "kind": city.kind,
        "province": place(city.province, Province.get_absolute_url),
        "tours": tour_summaries(visits),
    }


def enterprise(enterprise: Enterprise, visits) -> dict:
    return {
        "slug": enterprise.slug,
        "name": enterprise.name,
        "name_zh": enterprise.name_zh,
        "aliases": enterprise.aliases,
        "industry": enterprise.industry,
        "url": enterprise.get_absolute_url(),
        "province": place(enterprise.province, Province.get_absolute_url),
        "city": place(enterprise.city, City.get_absolute_url),
        "tours": tour_summaries(visits),
    }


def theme(theme: Theme, visits) -> dict:
    return {
        "slug": theme.slug,
        "name": theme.name,
        "description": theme.description,
        "url": theme.get_absolute_url(),
        "tours": tour_summaries(visits),
    }
