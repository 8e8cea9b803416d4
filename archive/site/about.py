"""What the About, data dictionary and API pages say: coverage counted from the records, the
accuracy measured on real articles, the export's fields and the JSON endpoints (also as an
OpenAPI description)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Official, Province, Visit
from archive.site import export, releases
from archive.site.filters import VisitFilterSet, VisitSearchForm

# Measured with `manage.py evaluate ../shared/corpus/dev ../shared/corpus/real
# ../shared/corpus/real-zh` (the scorer's overall score: the mean of each field's F1, date
# accuracy, tour detection F1 and clustering F1) on 7 December 2026, on real news pages held
# out from development, never on the synthetic corpora. Change these with the next measurement.
ACCURACY = (
    ("real", _("English news pages"), 78, 0.934),
    ("real-zh", _("Chinese news pages"), 49, 0.913),
)
ACCURACY_DEV = ("dev", 39, 0.981)  # the pages extraction was developed on: not held out


def licence() -> dict:
    return settings.DATA_LICENCE


@dataclass
class Coverage:
    tours: int
    reviewed: int
    unreviewed: int
    first: object
    last: object
    leaders: list[tuple[Official, int]]
    leader_count: int
    provinces: int
    sources: int
    outlets: list[tuple[str, int]]


def coverage() -> Coverage:
    """What the archive holds now, counted from its public records."""
    public = Visit.objects.public()
    statuses = dict(public.values_list("review_status").annotate(n=Count("id")).order_by())
    span = public.aggregate(first=Min("start_date"), last=Max("start_date"))
    leaders = (
        Official.objects.filter(visits__in=public)
        .annotate(tours=Count("visits", distinct=True))
        .order_by("-tours", "name")
    )
    outlets = (
        Article.objects.filter(visit__in=public)
        .exclude(outlet="")
        .values_list("outlet")
        .annotate(n=Count("id"))
        .order_by("-n", "outlet")
    )
    return Coverage(
        tours=sum(statuses.values()),
        reviewed=statuses.get(Visit.Review.REVIEWED, 0),
        unreviewed=statuses.get(Visit.Review.UNREVIEWED, 0),
        first=span["first"],
        last=span["last"],
        leaders=[(o, o.tours) for o in leaders[:12]],
        leader_count=leaders.count(),
        provinces=Province.objects.filter(visits__in=public).distinct().count(),
        sources=Article.objects.filter(visit__in=public).count(),
        outlets=list(outlets[:10]),
    )


def about_page(site: str) -> dict:
    release = releases.latest()
    return {
        "coverage": coverage(),
        "accuracy": [
            {"corpus": corpus, "what": what, "articles": n, "score": f"{score:.3f}"}
            for corpus, what, n, score in ACCURACY
        ],
        "accuracy_dev": {"articles": ACCURACY_DEV[1], "score": f"{ACCURACY_DEV[2]:.3f}"},
        "licence": licence(),
        "release": release,
        "citation": archive_citation(site, release),
        "contact": settings.ARCHIVE_CONTACT,
    }


def archive_citation(site: str, release) -> str:
    """How to cite the archive, in the page's language (its name is translated too)."""
    name, what = gettext("Tour Archive"), gettext("Inspection tours of China's leaders")
    if release:
        edition = gettext("dataset release %(version)s (%(date)s)") % {
            "version": release.version,
            "date": release.date,
        }
        return f"{name} ({release.date[:4]}). {what}, {edition}. {site}{reverse('archive:data')}"
    return f"{name}. {what}. {site}{reverse('archive:about')}"


# The data dictionary ---------------------------------------------------------------------------


def dictionary_page() -> dict:
    return {"record_fields": export.RECORD_FIELDS, "csv_fields": export.CSV_FIELDS}


# The JSON endpoints --------------------------------------------------------------------------


class Parameter(NamedTuple):
    name: str
    type: str
    meaning: str
    many: bool = False


# Every parameter of /visits/ (tests/site/test_about.py checks none is left out).
SEARCH_PARAMETERS = (
    Parameter("q", "string", _("Full-text search (English or Chinese); quote a phrase.")),
    Parameter("official", "string", _("An official's slug, as in /officials/<slug>/."), True),
    Parameter(
        "accompanying",
        "string",
        _("The slug of an official who accompanied the tour, as in /officials/<slug>/."),
        True,
    ),
    Parameter("province", "string", _("A province's code, as in /provinces/<code>/."), True),
    Parameter("city", "string", _("A city's code, as in /cities/<code>/."), True),
    Parameter("enterprise", "string", _("An enterprise's slug."), True),
    Parameter("theme", "string", _("A theme's slug."), True),
    Parameter("year", "integer", _("A year the tour started in."), True),
    Parameter("month", "string", _("A month the tour started in (YYYY-MM)."), True),
    Parameter("start", "date", _("Tours ending on or after this day (YYYY-MM-DD).")),
    Parameter("end", "date", _("Tours starting on or before this day (YYYY-MM-DD).")),
    Parameter("sort", "string", _("newest (the default), oldest, or relevance when searching.")),
    Parameter("per_page", "integer", _("Tours a page of the list shows: 10, 25, 50 or 100.")),
    Parameter("page", "integer", _("The page of the list.")),
    Parameter("format", "string", _("json or csv: every tour found, not one page.")),
)


class Endpoint(NamedTuple):
    path: str
    summary: str
    parameters: tuple = ()
    content_type: str = "application/json"
    example: str = ""


ENDPOINTS = (
    Endpoint(
        "/visits.json",
        _("Every tour a search finds, as a JSON array of tour records (the data dictionary)."),
        SEARCH_PARAMETERS[:-4],
        example="/visits.json?province=420000&year=2024",
    ),
    Endpoint(
        "/visits/",
        _("The same search as CSV with format=csv, or JSON with format=json."),
        SEARCH_PARAMETERS,
        "text/csv",
        "/visits/?official=li-qiang&format=csv",
    ),
    Endpoint("/visits/{id}.json", _("One tour's record."), example="/visits/1.json"),
    Endpoint(
        "/officials/{slug}/?format=json",
        _("An official: names, posts over time and counts of their tours."),
        example="/officials/li-qiang/?format=json",
    ),
    Endpoint(
        "/provinces/{code}/?format=json",
        _("A province and counts of the tours to it."),
        example="/provinces/420000/?format=json",
    ),
    Endpoint("/cities/{code}/?format=json", _("A city and counts of the tours to it.")),
    Endpoint("/enterprises/{slug}/?format=json", _("An enterprise and the tours to it.")),
    Endpoint("/themes/{slug}/?format=json", _("A theme and counts of its tours.")),
    Endpoint(
        "/visits/{id}/cite.json",
        _("A tour's citation as CSL-JSON (cite.ris: RIS)."),
        content_type="application/vnd.citationstyles.csl+json",
    ),
    Endpoint(
        "/articles/{id}/cite.json",
        _("A source article's citation as CSL-JSON (cite.ris: RIS)."),
        content_type="application/vnd.citationstyles.csl+json",
    ),
    Endpoint(
        "/visits/feed/",
        _("The newest tours of any search as an Atom feed."),
        SEARCH_PARAMETERS[:10],
        "application/atom+xml",
    ),
)


def api_page(site: str) -> dict:
    return {
        "endpoints": ENDPOINTS,
        "site": site,
        "openapi_url": reverse("archive:openapi"),
        "dictionary_url": reverse("archive:data-dictionary"),
    }


def _schema_of(parameter: Parameter) -> dict:
    kinds = {"integer": {"type": "integer"}, "date": {"type": "string", "format": "date"}}
    one = kinds.get(parameter.type, {"type": "string"})
    return {"type": "array", "items": one} if parameter.many else one


def openapi(site: str) -> dict:
    """An OpenAPI 3.1 description of the endpoints above."""
    paths = {}
    for endpoint in ENDPOINTS:
        path, query = (*endpoint.path.split("?", 1), "")[:2]
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in ("id", "slug", "code")
            if f"{{{name}}}" in path
        ]
        if query:
            name, value = query.split("=", 1)
            parameters.append(
                {"name": name, "in": "query", "required": True, "schema": {"const": value}}
            )
        for parameter in endpoint.parameters:
            parameters.append(
                {
                    "name": parameter.name,
                    "in": "query",
                    "required": False,
                    "description": str(parameter.meaning),
                    "schema": _schema_of(parameter),
                    **({"explode": True, "style": "form"} if parameter.many else {}),
                }
            )
        paths[path] = {
            "get": {
                "summary": str(endpoint.summary),
                "parameters": parameters,
                "responses": {
                    "200": {"description": "OK", "content": {endpoint.content_type: {}}},
                    "301": {"description": str(_("Moved: the record was merged into another."))},
                    "400": {"description": str(_("A parameter is not valid; the page says why."))},
                    "404": {"description": str(_("No such record."))},
                    "410": {"description": str(_("Gone: the record was removed."))},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tour Archive",
            "version": "1",
            "description": str(_("The inspection tours of China's leaders, read-only, as JSON.")),
            "license": {"name": licence()["name"], "url": licence()["url"]},
        },
        "servers": [{"url": site}],
        "paths": paths,
    }


def documented_parameters() -> set[str]:
    return {p.name for p in SEARCH_PARAMETERS}


def search_parameters() -> set[str]:
    """The parameters /visits/ reads: its FilterSet's and its form's."""
    return set(VisitFilterSet.base_filters) | set(VisitSearchForm.base_fields)


# The dataset's releases ----------------------------------------------------------------------

# What each file of a release is, beside its name (format names: not translated).
FILE_NOTES = {
    "tours.csv": "CSV",
    "tours.jsonl": "JSON Lines",
    "tours.sqlite3": "SQLite: sqlite3, Datasette",
    "SHA256SUMS": "sha256sum -c SHA256SUMS",
    "CHANGELOG.md": "Markdown",
}


def data_page() -> dict:
    found = releases.published()
    latest = found[-1] if found else None
    files = (
        [
            {
                "name": name,
                "note": note,
                "url": reverse("archive:data-file", args=[latest.name, name]),
                "download": name in releases.FILES,
            }
            for name, note in FILE_NOTES.items()
        ]
        if latest
        else []
    )
    return {
        "latest": latest,
        "files": files,
        "latest_url": reverse("archive:data-latest", args=["tours.csv"]),
        "older": found[-2::-1],
    }
