"""What the browse page shows for one search state: ordering, page, facets, chips, histogram."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from archive import cache, search
from archive.models import Province, Visit
from archive.site import facet_index, links, maps, markup, paging, timeline
from archive.site.facets import Facet, facets, month_label, monthly_histogram
from archive.site.filters import PAGE_SIZES, SORTS, VisitFilterSet


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class Summary:
    """The counts a search state shows besides its page of tours: cached, as they are costly."""

    total: int
    facets: list[Facet]
    months: list[tuple[int, int, int]]
    provinces: list[Province]


def select(filterset: VisitFilterSet, version: str | None = None) -> facet_index.Selection:
    """The search state over this process's browse index (filterset: valid, public tours)."""
    return facet_index.Selection(facet_index.current(version), filterset)


def summary(
    filterset: VisitFilterSet,
    version: str | None = None,
    selection: facet_index.Selection | None = None,
) -> Summary:
    """Counted from the browse index (`selection`), or in SQL without one (and then cached).

    The index counts a search in 2 or 3 ms of CPU at 20,000 tours, less than storing its
    600 counts in the cache took (pickled and written: 1.9 ms), so its counts are not kept."""
    if selection is not None:
        return indexed_summary(filterset, selection)
    state = [(name, value) for name in filterset.filters for value in filterset.data.getlist(name)]
    return cache.cached("browse", state, lambda: sql_summary(filterset), version)


def indexed_summary(filterset: VisitFilterSet, selection: facet_index.Selection) -> Summary:
    months = selection.months()
    return Summary(
        total=selection.total,
        facets=facets(filterset, months, selection),
        months=months,
        provinces=selection.province_counts(),
    )


def sql_summary(filterset: VisitFilterSet) -> Summary:
    """What indexed_summary gives, counted by the database from the FilterSet's querysets."""
    months = monthly_histogram(filterset.qs)
    return Summary(
        total=filterset.qs.count(),
        facets=facets(filterset, months),
        months=months,
        provinces=maps.province_counts(filterset.qs),
    )


PAGE_RELATIONS = ("officials", "provinces", "cities", "themes")  # what a row of the list shows


def paginate(
    filterset: VisitFilterSet, total: int, selection: facet_index.Selection | None = None
) -> Page:
    """The page of tours the query string asks for; the total was counted with the summary.

    With a `selection`, the page's tours are picked by the index and fetched by id. Their
    relations are read by rows(), for the tours whose rows it has not kept."""
    data = filterset.form.cleaned_data
    if selection is not None:
        visits = facet_index.TourList(selection.ordered(data["sort"]), Visit.objects.all())
    else:
        visits = filterset.ordered_qs
    return paging.paginate(visits, data["page"], data["per_page"], total, of=_("this search"))


def rows(page: Page, query: str, selection: facet_index.Selection | None = None) -> SafeString:
    """The rows of the page's tours, each with the search's snippet when there is a query.

    With a `selection`, rows are kept with its browse index (markup.kept_rows): only the
    tours whose rows are not kept have their relations read."""
    visits = list(page)
    snippets = {}
    if query.strip():
        pks = [v.pk for v in visits]
        snippets = (
            selection.index.snippets(query, pks)
            if selection is not None
            else search.snippets(pks, query)
        )
    return markup.kept_rows(
        visits,
        lambda unkept: prefetch_related_objects(unkept, *PAGE_RELATIONS),
        selection.index.rows if selection is not None else None,
        snippets,
    )


def facet_links(all_facets: list[Facet], params: QueryDict) -> list[Facet]:
    for facet in all_facets:
        toggled = links.toggler(params, facet.param)
        child_toggled = links.toggler(params, "month" if facet.param == "year" else "city")
        for value in facet.values:
            value.url = toggled(value.value)
            for child in value.children:
                child.url = child_toggled(child.value)
    return all_facets


def chips(filterset: VisitFilterSet, params: QueryDict) -> list[Chip]:
    """Every active filter as a removable chip, labelled with names, not codes."""
    labels: dict[tuple[str, str], str] = {}
    data = filterset.form.cleaned_data
    for param in ("official", "accompanying", "province", "city", "enterprise", "theme"):
        if param not in params:  # its value is an empty queryset: not asked for
            continue
        field = filterset.filters[param].extra.get("to_field_name") or "pk"
        for record in data.get(param) or []:
            labels[(param, str(getattr(record, field)))] = record.local_name
    result = []
    for param, value in filterset.active():
        if param == "q":
            label = _("“%(query)s”") % {"query": value}
        elif param == "month":
            year, month = value.split("-")
            label = month_label(int(year), int(month))
        else:
            label = labels.get((param, value), value)
        chip = _("%(filter)s: %(value)s") % {
            "filter": filterset.filters[param].label,
            "value": label,
        }
        result.append(Chip(chip, links.without(params, param, value)))
    return result


def drop_last_filter(filterset: VisitFilterSet, params: QueryDict) -> str | None:
    active = filterset.active()
    if not active:
        return None
    param, value = active[-1]
    return links.without(params, param, value)


def histogram(rows: list[tuple[int, int, int]], params: QueryDict) -> timeline.Columns | None:
    """Tours per month over the result's whole span; each column narrows the search to its month."""
    if not rows:
        return None

    month_range = links.replacer(params, "start", "end")

    def url(year: int, month: int) -> str:
        last_day = calendar.monthrange(year, month)[1]
        return month_range(
            start=dt.date(year, month, 1).isoformat(),
            end=dt.date(year, month, last_day).isoformat(),
        )

    months = timeline.months_between(rows[0][:2], rows[-1][:2])
    chart = timeline.columns({(y, m): n for y, m, n in rows}, months, url)
    chart.caption = _(
        "Tours per month, %(first)s to %(last)s; the tallest column is %(peak)s. Choose a column "
        "to narrow the search to its month (or a year or month under Year in the filters)."
    ) % {"first": chart.first, "last": chart.last, "peak": chart.peak}
    return chart


def context(filterset: VisitFilterSet, params: QueryDict, page: Page, counts: Summary) -> dict:
    all_facets = facet_links(counts.facets, params)
    province_toggled = links.toggler(params, "province")
    form = filterset.form
    sort, per_page = form.cleaned_data["sort"], form.cleaned_data["per_page"]
    return {
        "filterset": filterset,
        "query": form.cleaned_data.get("q") or "",
        "start": params.get("start", ""),
        "end": params.get("end", ""),
        "search_hidden": form.kept("q", "sort"),
        "range_hidden": form.kept("start", "end"),
        "feed_url": reverse("archive:visit-feed") + links.query(params),
        "page": page,
        "facets": all_facets,
        "chips": chips(filterset, params),
        "clear_url": "?",
        "drop_last_url": drop_last_filter(filterset, params),
        "histogram": histogram(counts.months, params),
        "province_map": maps.province_map(
            maps.tiles(counts.provinces, lambda p: province_toggled(p.code)),
            _("Tours by province in these results"),
            "visits-map",
        ),
        "sorts": [
            (key, str(label), links.replaced(params, sort=key), key == sort)
            for key, label in SORTS.items()
            if key != "relevance" or params.get("q")
        ],
        "page_sizes": [
            (n, links.replaced(params, per_page=str(n)), n == per_page) for n in PAGE_SIZES
        ],
        "page_links": paging.page_links(params, page),
        "export_links": {
            fmt: links.replaced(params, format=fmt, page=None) for fmt in ("csv", "json")
        },
    }
