"""Facet counts: each facet counted under every other active filter, one query per facet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from archive.models import (
    City,
    Enterprise,
    Official,
    Province,
    Theme,
    Visit,
    chinese_shown,
)
from archive.site import markup
from archive.site.filters import VisitFilterSet

TOP = 10  # values shown before "more"
MAX_VALUES = 100  # values listed in all


_month_labels: dict[tuple[str, int, int], str] = {}  # a few hundred a page: formatted once


def month_label(year: int, month: int, language: str | None = None) -> str:
    """ "Mar 2024", or "2024年3月" on a Chinese page (`language`: the page's, if known)."""
    key = (language or get_language(), year, month)
    label = _month_labels.get(key)
    if label is None:
        label = _month_labels[key] = date_format(dt.date(year, month, 1), _("M Y"))
    return label


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    detail: str = ""  # secondary text: a Chinese name
    parent: str = ""  # a city's province code
    children: list[FacetValue] = field(default_factory=list)
    # What a screen reader hears after the count: "tours", and for a value shown in its
    # facet "tours, selected" when it is chosen (set by facets(): see _say_counts).
    tours: str = ""
    said: str = ""


@dataclass
class Facet:
    param: str
    title: str
    values: list[FacetValue]

    @property
    def top(self) -> list[FacetValue]:
        return self.values[:TOP]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[TOP:]

    @property
    def filter_label(self) -> str:
        return _("Filter %(list)s list") % {"list": self.title.lower()}

    @property
    def more_said(self) -> str:
        count = len(self.values) - TOP
        return ngettext("%(counter)s more", "%(counter)s more", count) % {"counter": count}

    @property
    def top_html(self) -> SafeString:
        return markup.facet_values(self.top, self.param)

    @property
    def more_html(self) -> SafeString:
        return markup.facet_values(self.more, self.param)


class SqlCounts:
    """A facet's values and the year facet's months, counted in SQL from the FilterSet's
    querysets: the definition of the counts (facet_index.Selection gives the same from the
    browse index, and tests/site/test_facet_index.py checks that it does)."""

    def __init__(self, filterset: VisitFilterSet) -> None:
        self.filterset = filterset

    def values(self, param: str, model, key: str, chosen: set[str], *columns: str):
        """Rows of the records related to the tours under every filter but this facet's,
        with their number of tours as "n".

        The MAX_VALUES most frequent, and those chosen whatever their rank: an archive holds
        tens of thousands of enterprises, more than a page should list.
        """
        visits = self.filterset.queryset_without(param)
        return list(
            model.objects.filter(visits__in=visits.values("pk"))
            .annotate(
                # Not DISTINCT: a join row is one (record, tour) pair already, and sorting
                # them away cost a third of the query at 200,000 tours.
                n=Count("visits"),
                unchosen=Case(When(**{f"{key}__in": chosen}, then=0), default=1),
            )
            .values("name", "n", key, *columns)
            .order_by("unchosen", "-n", "name")[:MAX_VALUES]
        )

    def years(self) -> list[tuple[int, int, int]]:
        """(year, month, tours) under every filter but the year and month, newest year first."""
        return list(
            self.filterset.queryset_without("year", "month")
            .filter(start_date__isnull=False)
            .annotate(y=ExtractYear("start_date"), m=ExtractMonth("start_date"))
            .values_list("y", "m")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-y", "m")
        )


def facets(
    filterset: VisitFilterSet,
    months: list[tuple[int, int, int]] | None = None,
    counts: SqlCounts | None = None,
) -> list[Facet]:
    """`months`: the result's monthly_histogram, when no year or month is chosen (the year
    facet then counts the same tours, and need not count them again). `counts`: where the
    numbers come from (SqlCounts, or the browse index's Selection)."""
    counts = counts or SqlCounts(filterset)
    chinese = chinese_shown()  # as in_language() decides, once for some 600 values
    chosen = {name: set(filterset.data.getlist(name)) for name in filterset.filters}

    def facet(param, title, model, key, beside=False, parent=""):
        """`beside`: the Chinese name beside the English one, on an English page."""
        columns = ["name_zh", *([parent] if parent else [])]
        rows = counts.values(param, model, key, chosen[param], *columns)
        rows = sorted(rows, key=lambda row: (-row["n"], row["name"]))
        detail = beside and not chinese
        values = [
            FacetValue(
                value=str(row[key]),
                label=row["name_zh"] if chinese and row["name_zh"] else row["name"],
                count=row["n"],
                selected=str(row[key]) in chosen[param],
                detail=row["name_zh"] if detail else "",
                parent=row[parent] if parent else "",
            )
            for row in rows
        ]
        return Facet(param, title, values)

    provinces = facet("province", _("Province"), Province, "code", beside=True)
    cities = facet("city", _("City"), City, "code", beside=True, parent="province__code")
    for province in provinces.values:
        province.children = [c for c in cities.values if c.parent == province.value]
    if months is not None and not chosen["year"] and not chosen["month"]:
        year_rows = sorted(months, key=lambda row: (-row[0], row[1]))
    else:
        year_rows = counts.years()
    return _say_counts(
        [
            facet("official", _("Official"), Official, "slug", beside=True),
            provinces,
            cities,
            facet("enterprise", _("Enterprise"), Enterprise, "slug"),
            facet("theme", _("Theme"), Theme, "slug"),
            Facet("year", _("Year"), _years(year_rows, chosen)),
        ]
    )


def _say_counts(all_facets: list[Facet]) -> list[Facet]:
    """Each value's words after its count, translated once per count (a page shows several
    hundred values, and as many translations in the template took a fifth of its time)."""
    language = get_language()

    def say(count: int, selected: bool) -> str:
        if selected:
            return markup.remembered(
                "tours, selected",
                count,
                lambda: ngettext("tour, selected", "tours, selected", count),
                language,
            )
        return markup.remembered("tours", count, lambda: ngettext("tour", "tours", count), language)

    for facet in all_facets:
        for value in facet.values:
            value.tours, value.said = say(value.count, False), say(value.count, value.selected)
            for child in value.children:
                child.tours, child.said = say(child.count, False), say(child.count, child.selected)
    return all_facets


def _years(rows: list[tuple[int, int, int]], chosen: dict[str, set[str]]) -> list[FacetValue]:
    """Years with their months, from (year, month, tours) rows, newest year first."""
    years: dict[int, FacetValue] = {}
    language = get_language()
    for year, month, count in rows:
        entry = years.setdefault(
            year, FacetValue(str(year), str(year), 0, selected=str(year) in chosen["year"])
        )
        entry.count += count
        key = f"{year}-{month:02d}"
        entry.children.append(
            FacetValue(key, month_label(year, month, language), count, key in chosen["month"])
        )
    return list(years.values())


def monthly_histogram(visits: QuerySet[Visit]) -> list[tuple[int, int, int]]:
    """(year, month, tours) for the current result, in time order: one query.

    Counted DISTINCT only when the filters joined a relation (and so may repeat a tour).
    """
    return list(
        visits.filter(start_date__isnull=False)
        .annotate(y=ExtractYear("start_date"), m=ExtractMonth("start_date"))
        .values_list("y", "m")
        .annotate(n=Count("pk", distinct=visits.query.distinct))
        .order_by("y", "m")
    )
