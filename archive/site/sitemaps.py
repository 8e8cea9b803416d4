"""/sitemap.xml: the public tours and the pages of the records they link to."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from archive.models import City, Enterprise, Official, Province, Theme, Visit


def _with_public_tours(model, relation: str):
    """Records linked to at least one public tour through Visit.<relation>."""
    tours = Visit.objects.public().filter(**{relation: OuterRef("pk")})
    return model.objects.filter(Exists(tours)).order_by("pk")


class VisitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Visit.objects.public().order_by("pk").only("pk", "updated_at")

    def lastmod(self, visit):
        return visit.updated_at


class RecordSitemap(Sitemap):
    """Pages of one kind of record, at their get_absolute_url()."""

    changefreq = "weekly"
    priority = 0.6

    def __init__(self, items):
        self._items = items

    def items(self):
        return self._items()


class IndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [
            "archive:visit-list",
            "archive:official-list",
            "archive:province-list",
            "archive:theme-list",
            "archive:enterprise-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "indexes": IndexSitemap(),
    "visits": VisitSitemap(),
    "officials": RecordSitemap(lambda: _with_public_tours(Official, "officials").only("slug")),
    "provinces": RecordSitemap(lambda: Province.objects.order_by("pk").only("code")),
    "cities": RecordSitemap(lambda: _with_public_tours(City, "cities").only("code")),
    "enterprises": RecordSitemap(
        lambda: _with_public_tours(Enterprise, "enterprises").only("slug")
    ),
    "themes": RecordSitemap(lambda: Theme.objects.order_by("pk").only("slug")),
}
