"""What the browse page shows for one search state: ordering, page, facets, chips, histogram."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import QueryDict

from archive import cache
from archive.models import Province, Visit
from archive.site import links, maps
from archive.site.facets import MONTH_NAMES, Facet, facets, monthly_histogram
from archive.site.filters import PAGE_SIZES, SORTS, VisitFilterSet, is_number

DEFAULT_PAGE_SIZE = 25


class BadRequest(ValueError):
    """A query parameter that cannot be honoured; the message says why."""


@dataclass
class Options:
    sort: str
    per_page: int
    page: int


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class Bar:
    x: float
    y: float
    height: float
    label: str
    count: int
    url: str


def options(params: QueryDict, searching: bool) -> Options:
    sort = params.get("sort") or ("relevance" if searching else "newest")
    if sort not in SORTS or (sort == "relevance" and not searching):
        raise BadRequest(
            f"Unknown sort order {sort[:40]!r}: use newest, oldest or (when searching) relevance."
        )
    per_page = params.get("per_page") or str(DEFAULT_PAGE_SIZE)
    if not is_number(per_page) or int(per_page) not in PAGE_SIZES:
        raise BadRequest(f"Page size must be one of {', '.join(map(str, PAGE_SIZES))}.")
    number = params.get("page") or "1"
    if not is_number(number) or int(number) < 1:
        raise BadRequest("The page number must be a whole number from 1.")
    return Options(sort, int(per_page), int(number))


def ordered(visits: QuerySet[Visit], sort: str) -> QuerySet[Visit]:
    if sort == "relevance":
        return visits.order_by("-rank", F("start_date").desc(nulls_last=True), "-pk")
    if sort == "oldest":
        return visits.order_by(F("start_date").asc(nulls_last=True), "pk")
    return visits.order_by(F("start_date").desc(nulls_last=True), "-pk")


@dataclass
class Summary:
    """The counts a search state shows besides its page of tours: cached, as they are costly."""

    total: int
    facets: list[Facet]
    months: list[tuple[int, int, int]]
    provinces: list[Province]


def summary(filterset: VisitFilterSet, version: str | None = None) -> Summary:
    state = [(name, value) for name in filterset.filters for value in filterset.data.getlist(name)]
    return cache.cached(
        "browse",
        state,
        lambda: _summary(filterset),
        version,
    )


def _summary(filterset: VisitFilterSet) -> Summary:
    months = monthly_histogram(filterset.qs)
    return Summary(
        total=filterset.qs.count(),
        facets=facets(filterset, months),
        months=months,
        provinces=maps.province_counts(filterset.qs),
    )


def paginate(visits: QuerySet[Visit], opts: Options, total: int | None = None) -> Page:
    paginator = Paginator(visits, opts.per_page)
    if total is not None:
        paginator.count = total  # counted already (and cached) with the summary
    if opts.page > paginator.num_pages:
        raise BadRequest(
            f"There is no page {opts.page}: this search has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}."
        )
    return paginator.page(opts.page)


def facet_links(all_facets: list[Facet], params: QueryDict) -> list[Facet]:
    for facet in all_facets:
        for value in facet.values:
            value.url = links.toggled(params, facet.param, value.value)
            for child in value.children:
                child_param = "month" if facet.param == "year" else "city"
                child.url = links.toggled(params, child_param, child.value)
    return all_facets


def chips(filterset: VisitFilterSet, params: QueryDict) -> list[Chip]:
    """Every active filter as a removable chip, labelled with names, not codes."""
    labels: dict[tuple[str, str], str] = {}
    data = filterset.form.cleaned_data
    for param in ("official", "province", "city", "enterprise", "theme"):
        field = filterset.filters[param].extra.get("to_field_name") or "pk"
        for record in data.get(param) or []:
            labels[(param, str(getattr(record, field)))] = str(record)
    result = []
    for param, value in filterset.active():
        if param == "q":
            label = f"“{value}”"
        elif param == "start":
            label = f"from {value}"
        elif param == "end":
            label = f"to {value}"
        elif param == "month":
            year, month = value.split("-")
            label = f"{MONTH_NAMES[int(month) - 1]} {year}"
        else:
            label = labels.get((param, value), value)
        result.append(
            Chip(f"{filterset.filters[param].label}: {label}", links.without(params, param, value))
        )
    return result


def drop_last_filter(filterset: VisitFilterSet, params: QueryDict) -> str | None:
    active = filterset.active()
    if not active:
        return None
    param, value = active[-1]
    return links.without(params, param, value)


HISTOGRAM_WIDTH = 600
HISTOGRAM_HEIGHT = 80


def histogram(rows: list[tuple[int, int, int]], params: QueryDict) -> list[Bar]:
    """Tours per month over the result's whole span; each bar narrows the search to its month."""
    if not rows:
        return []
    counts = {(y, m): n for y, m, n in rows}
    (first_y, first_m), (last_y, last_m) = (rows[0][0], rows[0][1]), (rows[-1][0], rows[-1][1])
    months = []
    y, m = first_y, first_m
    while (y, m) <= (last_y, last_m):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(counts.values())
    width = HISTOGRAM_WIDTH / len(months)
    bars = []
    for index, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        last_day = calendar.monthrange(year, month)[1]
        height = round(HISTOGRAM_HEIGHT * count / peak, 2)
        bars.append(
            Bar(
                x=round(index * width, 2),
                y=round(HISTOGRAM_HEIGHT - height, 2),
                height=height,
                label=f"{MONTH_NAMES[month - 1]} {year}",
                count=count,
                url=links.replaced(
                    params,
                    start=dt.date(year, month, 1).isoformat(),
                    end=dt.date(year, month, last_day).isoformat(),
                ),
            )
        )
    return bars


def context(
    filterset: VisitFilterSet, params: QueryDict, opts: Options, page: Page, counts: Summary
) -> dict:
    all_facets = facet_links(counts.facets, params)
    bars = histogram(counts.months, params)
    return {
        "filterset": filterset,
        "page": page,
        "facets": all_facets,
        "chips": chips(filterset, params),
        "clear_url": "?",
        "drop_last_url": drop_last_filter(filterset, params),
        "bars": bars,
        "province_map": maps.province_map(
            maps.tiles(counts.provinces, lambda p: links.toggled(params, "province", p.code)),
            "Tours by province in these results",
            "visits-map",
        ),
        "bar_width": round(HISTOGRAM_WIDTH / len(bars), 2) if bars else 0,
        "histogram_width": HISTOGRAM_WIDTH,
        "histogram_height": HISTOGRAM_HEIGHT,
        "opts": opts,
        "sorts": [
            (key, label, links.replaced(params, sort=key), key == opts.sort)
            for key, label in SORTS.items()
            if key != "relevance" or params.get("q")
        ],
        "page_sizes": [
            (n, links.replaced(params, per_page=str(n)), n == opts.per_page) for n in PAGE_SIZES
        ],
        "page_links": {
            "previous": links.page(params, page.previous_page_number())
            if page.has_previous()
            else None,
            "next": links.page(params, page.next_page_number()) if page.has_next() else None,
        },
        "export_links": {
            fmt: links.replaced(params, format=fmt, page=None) for fmt in ("csv", "json")
        },
    }
