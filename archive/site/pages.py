"""What the entity pages show: each record with its links, counts and a page of its tours.

Everything a template prints is computed here; each page costs a fixed number of queries
whatever the number of tours (tested in tests/site/test_pages.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet, prefetch_related_objects
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from archive.doubts import Disagreement, disagreements, named_officials, secretaries
from archive.models import (
    Article,
    City,
    Enterprise,
    Named,
    Official,
    Post,
    Province,
    Theme,
    Visit,
    chinese_shown,
    in_language,
)
from archive.site import citations, facet_index, json, maps, markup, paging
from archive.site.facet_index import RecordTours, TourList
from archive.site.highlight import Fact, facts, highlighted
from archive.site.links import browse_url, browse_urls, visit_url, web_link
from archive.site.tallies import (
    LISTED,
    Tallies,
    indexed_tally,
    indexed_year_tally,
    public_tour_count,
)
from archive.site.timeline import indexed_tour_months, timeline

PER_PAGE = 25
INDEX_PER_PAGE = 100
# What a row of a list of tours (markup.visit_row) reads of each tour.
ROW_PREFETCH = ("officials", "provinces", "cities", "themes")


@dataclass
class Link:
    label: str
    url: str
    detail: str = ""  # a Chinese name
    note: str = ""  # a post held at the time


def named(record: Named, url: str | None = None, note: str = "") -> Link:
    """A link to a record by its name in the page's language (and, on an English page, its
    Chinese name beside)."""
    return Link(record.local_name, url or record.get_absolute_url(), record.name_beside, note)


@dataclass
class Entry:
    """One line of an index page."""

    label: str
    url: str
    count: int
    detail: str = ""
    note: str = ""


@dataclass
class PostRow:
    title: str
    title_zh: str
    rank: str
    province: Link | None
    years: str


@dataclass
class Source:
    article: Article
    title: str
    link: str | None  # the original, when it is an http(s) URL
    page_url: str
    cite_url: str
    text: SafeString
    facts: list[Fact]


def paged(items, params: QueryDict, per_page: int, count: int | None = None) -> dict:
    """One page of items, with links to its neighbours; a bad page number is refused."""
    page = paging.paginate(items, paging.page_number(params), per_page, count)
    return {"page": page, "page_links": paging.page_links(params, page)}


def tour_list(tours: RecordTours, params: QueryDict) -> dict:
    """A page of these tours, newest first, with their rows: picked by the browse index,
    fetched by id, their rows kept with the index as the browse page keeps them (only the
    tours without a kept row have their relations read)."""
    visits = TourList(tours.ordered("newest"), Visit.objects.all())
    context = paged(visits, params, PER_PAGE, tours.total)
    rows = markup.TourRows(
        context["page"],
        tours.index.rows,
        lambda unkept: prefetch_related_objects(unkept, *ROW_PREFETCH),
    )
    return {**context, "rows": rows}


def record_tours(param: str, record: Model, version: str | None = None) -> RecordTours:
    """The public tours of a record (linked through the browse filter `param`), over this
    process's browse index: what its page counts, maps and lists, with no aggregate query.
    `version`: the archive's, when the request has read it already (archive.cache)."""
    return RecordTours(facet_index.current(version), param, record.pk)


def narrowing(**fixed: str) -> Callable[[str], Callable[[str], str]]:
    """narrowing(province=code)("official") links a slug to /visits/?province=…&official=slug."""

    def by(param: str) -> Callable[[str], str]:
        return browse_urls(**fixed, **{param: None})

    return by


def public_tours(**condition) -> QuerySet[Visit]:
    """Public tours linked to a record, newest first (the model's ordering)."""
    return Visit.objects.public().filter(**condition)


# Tours --------------------------------------------------------------------------------------


def visit_page(visit: Visit) -> dict:
    names = {
        ("themes", slug): in_language(name, name_zh)
        for slug, name, name_zh in Theme.objects.values_list("slug", "name", "name_zh")
    }

    def official(o: Official) -> Link:
        post = o.post_on(visit.start_date)
        return named(o, note=in_language(post.title, post.title_zh) if post else "")

    sources = [
        Source(
            article=article,
            title=str(article),
            link=web_link(article.url),
            page_url=article.get_absolute_url(),
            cite_url=article.get_absolute_url() + "#cite",
            text=highlighted(article.clean_text, article.evidence.all(), names),
            facts=facts(article.evidence.all(), names),
        )
        for article in visit.sources.all()
    ]
    return {
        "visit": visit,
        "officials": [official(o) for o in visit.officials.all()],
        "accompanying": [named(o) for o in visit.accompanying.all()],
        "provinces": [named(p) for p in visit.provinces.all()],
        "cities": [named(c) for c in visit.cities.all()],
        "enterprises": [named(e) for e in visit.enterprises.all()],
        "themes": [Link(t.local_name, t.get_absolute_url()) for t in visit.themes.all()],
        "sources": sources,
        "disagreements": sources_disagree(visit),
        "json_url": reverse("archive:visit-json", args=[visit.pk]),
        "ris_url": reverse("archive:visit-ris", args=[visit.pk]),
        "csl_url": reverse("archive:visit-csl", args=[visit.pk]),
    }


def sources_disagree(visit: Visit) -> list[str]:
    """What the tour's sources disagree on, each said in a sentence (archive.doubts says
    when they do, for the review queue too); one query where there are several sources."""
    found = [a.facts for a in visit.sources.all() if a.is_tour]
    if len(found) < 2:
        return []
    provinces = [p.pk for p in visit.provinces.all()]
    posts = secretaries(named_officials(found))
    return [_said(d) for d in disagreements(found, posts, provinces, visit.start_date)]


def _said(disagreement: Disagreement) -> str:
    if disagreement.dates:
        one, other = (_span(span) for span in disagreement.dates)
        return _("One source dates the tour %(one)s, another %(other)s.") % {
            "one": one,
            "other": other,
        }
    people = disagreement.secretaries
    return _("The sources name different people as Party secretary of %(province)s: %(names)s.") % {
        "province": in_language(people[0].province_name, people[0].province_name_zh),
        "names": pgettext("list separator", ", ").join(
            in_language(p.name, p.name_zh) for p in people
        ),
    }


def _span(span: tuple[dt.date, dt.date]) -> str:
    start, end = (date_format(day, _("j M Y")) for day in span)
    return start if span[0] == span[1] else f"{start} – {end}"


# Officials ----------------------------------------------------------------------------------


def posts_of(official: Official) -> list[Post]:
    return list(official.posts.select_related("province").order_by("start", "pk"))


def official_page(official: Official, params: QueryDict, version: str | None = None) -> dict:
    slug = official.slug
    into = narrowing(official=slug)
    month_url = into("month")
    led = record_tours("official", official, version)
    went_along = RecordTours(led.index, "accompanying", official.pk)  # the same index
    # The newest LISTED: a provincial leader goes along on thousands of tours. Their titles
    # are made again from their leaders and provinces on a Chinese page only.
    titled = ("officials", "provinces") if chinese_shown() else ()
    accompanied = TourList(went_along.ordered("newest"), Visit.objects.prefetch_related(*titled))[
        :LISTED
    ]
    dated, language = _("j M Y"), get_language()
    accompanied = [
        Link(v.local_title, visit_url(v.pk), note=_dates(v, dated, language)) for v in accompanied
    ]
    tiles = maps.tiles(led.province_counts(), lambda p: browse_url(official=slug, province=p.code))
    return {
        "official": official,
        "aliases": ", ".join(official.aliases),
        "posts": [
            PostRow(
                in_language(p.title, p.title_zh),
                "" if chinese_shown() else p.title_zh,
                capfirst(p.get_rank_display()),
                Link(p.province.local_name, p.province.get_absolute_url()) if p.province else None,
                held(p),
            )
            for p in posts_of(official)
        ],
        "timeline": timeline(
            indexed_tour_months(led), lambda year, month: month_url(f"{year}-{month:02d}")
        ),
        "province_map": maps.province_map(
            tiles,
            _("Provinces toured by %(name)s") % {"name": official.local_name},
            "official-map",
        ),
        "tallies": [
            indexed_tally(led, "theme", into("theme"), _("Top themes")),
            indexed_tally(led, "enterprise", into("enterprise"), _("Enterprises visited")),
            indexed_year_tally(led, into("year")),
            *companions(official, led, went_along),
        ],
        "accompanied": accompanied,
        "accompanied_html": markup.noted_links(accompanied),
        "accompanied_count": went_along.total,
        "accompanied_url": browse_url(accompanying=slug),
        "browse_url": browse_url(official=slug),
        "compare_url": compare_url(slug),
        "json_url": "?format=json",
        **tour_list(led, params),
    }


def compare_url(slug: str = "") -> str:
    """The page comparing two officials, with this one chosen first."""
    url = reverse("archive:official-compare")
    return f"{url}?{urlencode({'a': slug})}" if slug else url


def companions(official: Official, led: RecordTours, went_along: RecordTours) -> list[Tallies]:
    """Who accompanied this official on their tours, and whom they accompanied, most tours
    first, each count a link to those tours. A list without names is left out (most leaders
    never accompany anyone, most local officials lead no tour)."""
    slug = official.slug
    lists = [
        indexed_tally(
            led,
            "accompanying",
            browse_urls(official=slug, accompanying=None),
            _("Accompanied by"),
            beside=True,
            id="accompanied-by",
        ),
        indexed_tally(
            went_along,
            "official",
            browse_urls(official=None, accompanying=slug),
            _("Leaders accompanied"),
            beside=True,
            id="leaders-accompanied",
        ),
    ]
    return [found for found in lists if found.values]


def held(post: Post) -> str:
    """When a post was held: "Mar 2023 – present"."""
    month = _("M Y")
    end = date_format(post.end, month) if post.end else _("present")
    return f"{date_format(post.start, month)} – {end}"


def _dates(visit: Visit, shown: str, language: str) -> str:
    """A tour's first day in the format `shown` (the translation of "j M Y"), formatted once
    a process (`language`: the page's)."""
    day = visit.start_date
    if not day:
        return _("date unknown")
    return markup.remembered("j M Y", day, lambda: date_format(day, shown), language)


def official_json(official: Official) -> dict:
    return json.official(
        official,
        posts_of(official),
        public_tours(officials=official),
        public_tours(accompanying=official),
    )


# Places -------------------------------------------------------------------------------------


def cities_of(province: Province) -> list[City]:
    """The province's listed cities, and any other city with tours, each with `tours`."""
    return list(
        province.cities.annotate(tours=public_tour_count("cities"))
        .filter(Q(kind__in=City.LISTED_KINDS) | Q(tours__gt=0))
        .order_by("name")
    )


def indexed_cities_of(province: Province, index: facet_index.FacetIndex) -> list[City]:
    """What cities_of gives, their tours counted by the browse index."""
    counts = index.tour_counts("city")
    cities = []
    for city in province.cities.order_by("name"):
        city.tours = counts.get(city.pk, 0)
        if city.kind in City.LISTED_KINDS or city.tours:
            cities.append(city)
    return cities


@dataclass
class LeaderRow:
    post: str
    official: Link
    years: str


def in_office(post: Post) -> Link:
    """The holder of a post, with the post as the note: Ying Yong (Party Secretary of Hubei)."""
    official = post.official
    return Link(
        official.local_name,
        official.get_absolute_url(),
        note=in_language(post.title, post.title_zh),
    )


def with_leaders_at_the_time(tours: dict, posts: list[Post]) -> dict:
    """Each tour of a page of tours (tour_list) with its `leaders`: who held these posts on
    its first day, found among posts read once for the whole page."""
    for visit in tours["page"]:
        visit.leaders = [in_office(p) for p in Post.holders_on(posts, visit.start_date)]
    return tours


def province_page(province: Province, params: QueryDict, version: str | None = None) -> dict:
    code = province.code
    into = narrowing(province=code)
    visits = record_tours("province", province, version)
    posts = list(Post.objects.leading(province))
    return {
        "province": province,
        "kind": capfirst(province.get_kind_display()),
        "cities": [
            Entry(c.local_name, c.get_absolute_url(), c.tours, c.name_beside)
            for c in indexed_cities_of(province, visits.index)
        ],
        "tallies": [
            indexed_tally(visits, "official", into("official"), _("Officials"), beside=True),
            indexed_tally(visits, "theme", into("theme"), _("Themes")),
            indexed_year_tally(visits, into("year")),
        ],
        "leaders": [
            LeaderRow(in_language(p.title, p.title_zh), named(p.official), held(p))
            for p in reversed(posts)
        ],
        "browse_url": browse_url(province=code),
        "json_url": "?format=json",
        **with_leaders_at_the_time(tour_list(visits, params), posts),
    }


def province_json(province: Province) -> dict:
    return json.province(province, cities_of(province), public_tours(provinces=province))


def city_page(city: City, params: QueryDict, version: str | None = None) -> dict:
    code = city.code
    into = narrowing(city=code)
    visits = record_tours("city", city, version)
    return {
        "city": city,
        "kind": capfirst(city.get_kind_display()),
        "province_link": Link(city.province.local_name, city.province.get_absolute_url()),
        "tallies": [
            indexed_tally(visits, "official", into("official"), _("Officials"), beside=True),
            indexed_tally(visits, "enterprise", into("enterprise"), _("Enterprises")),
            indexed_tally(visits, "theme", into("theme"), _("Themes")),
            indexed_year_tally(visits, into("year")),
        ],
        "browse_url": browse_url(city=code),
        "json_url": "?format=json",
        **tour_list(visits, params),
    }


def city_json(city: City) -> dict:
    return json.city(city, public_tours(cities=city))


# Enterprises and themes ---------------------------------------------------------------------


def enterprise_page(enterprise: Enterprise, params: QueryDict, version: str | None = None) -> dict:
    slug = enterprise.slug
    into = narrowing(enterprise=slug)
    visits = record_tours("enterprise", enterprise, version)
    return {
        "enterprise": enterprise,
        "place_links": [
            Link(p.local_name, url(p))
            for p, url in (
                (enterprise.city, City.get_absolute_url),
                (enterprise.province, Province.get_absolute_url),
            )
            if p
        ],
        "tallies": [
            indexed_tally(visits, "official", into("official"), _("Visited by"), beside=True),
            indexed_year_tally(visits, into("year")),
        ],
        "browse_url": browse_url(enterprise=slug),
        "json_url": "?format=json",
        **tour_list(visits, params),
    }


def enterprise_json(enterprise: Enterprise) -> dict:
    return json.enterprise(enterprise, public_tours(enterprises=enterprise))


def theme_page(theme: Theme, params: QueryDict, version: str | None = None) -> dict:
    slug = theme.slug
    into = narrowing(theme=slug)
    visits = record_tours("theme", theme, version)
    tiles = maps.tiles(visits.province_counts(), lambda p: browse_url(theme=slug, province=p.code))
    return {
        "theme": theme,
        "province_map": maps.province_map(
            tiles, _("Tours on %(theme)s by province") % {"theme": theme.local_name}, "theme-map"
        ),
        "tallies": [
            indexed_tally(visits, "official", into("official"), _("Officials"), beside=True),
            indexed_year_tally(visits, into("year")),
        ],
        "browse_url": browse_url(theme=slug),
        "json_url": "?format=json",
        **tour_list(visits, params),
    }


def theme_json(theme: Theme) -> dict:
    return json.theme(theme, public_tours(themes=theme))


# Index pages --------------------------------------------------------------------------------


def officials_index(params: QueryDict) -> dict:
    officials = (
        Official.objects.annotate(
            tours=public_tour_count("officials"), accompanied=public_tour_count("accompanying")
        )
        .filter(Q(tours__gt=0) | Q(accompanied__gt=0))
        .order_by("name")
    )
    context = paged(officials, params, INDEX_PER_PAGE)
    context["entries"] = [
        Entry(
            o.local_name,
            o.get_absolute_url(),
            o.tours,
            o.name_beside,
            _("also accompanied %(tours)s") % {"tours": maps.tours(o.accompanied)}
            if o.accompanied
            else "",
        )
        for o in context["page"]
    ]
    return {
        **context,
        "compare_url": compare_url(),
        "title": _("Officials"),
        "intro": _(
            "Leaders who made (or accompanied) a tour in the archive, with the tours they led."
        ),
    }


def provinces_index() -> dict:
    provinces = Province.objects.annotate(tours=public_tour_count("provinces")).order_by("name")
    tiles = maps.province_tiles(Visit.objects.public(), Province.get_absolute_url)
    return {
        "entries": [
            Entry(p.local_name, p.get_absolute_url(), p.tours, p.name_beside) for p in provinces
        ],
        "province_map": maps.province_map(tiles, _("Tours by province"), "provinces-map"),
        "title": _("Provinces"),
        "intro": _("China's 34 provincial-level divisions and the tours made in each."),
    }


def themes_index() -> dict:
    themes = Theme.objects.annotate(tours=public_tour_count("themes")).order_by("name")
    return {
        "entries": [
            Entry(t.local_name, t.get_absolute_url(), t.tours, t.name_beside, t.local_description)
            for t in themes
        ],
        "title": _("Themes"),
        "intro": _("What the tours were about, as found in their reports."),
    }


def enterprises_index(params: QueryDict) -> dict:
    enterprises = (
        Enterprise.objects.annotate(tours=public_tour_count("enterprises"))
        .filter(tours__gt=0)
        .order_by("name", "pk")
    )
    context = paged(enterprises, params, INDEX_PER_PAGE)
    context["entries"] = [
        Entry(e.local_name, e.get_absolute_url(), e.tours, e.name_beside) for e in context["page"]
    ]
    return {
        **context,
        "title": _("Enterprises"),
        "intro": _("Companies and institutions leaders visited on their tours."),
    }


# Articles -----------------------------------------------------------------------------------


def article_page(article: Article, archive_url: str, accessed: dt.date) -> dict:
    """An article as read; its tour is linked only when the tour is public."""
    visit = article.visit
    public = visit is not None and visit.review_status != Visit.Review.REJECTED
    return {
        "article": article,
        "title": str(article),
        "link": web_link(article.url),
        "tour": Link(visit.local_title, visit.get_absolute_url()) if public else None,
        "citation": citations.plain(article, archive_url, accessed),
        "ris_url": reverse("archive:article-ris", args=[article.pk]),
        "csl_url": reverse("archive:article-csl", args=[article.pk]),
    }
