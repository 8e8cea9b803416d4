"""Counts over a set of tours for the entity pages: one aggregate query per list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Func, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from archive.models import Visit, chinese_shown, in_language
from archive.site import markup
from archive.site.facet_index import RELATION_FILTERS, RecordTours

TOP = 10  # values shown before "more"
LISTED = 100  # values listed in all: the rest are counted, and found by browsing


@dataclass
class Tally:
    label: str
    count: int
    url: str
    detail: str = ""  # secondary text: a Chinese name


@dataclass
class Tallies:
    id: str
    title: str
    values: list[Tally]
    unlisted: int = 0  # records beyond the LISTED most frequent

    @property
    def top(self) -> list[Tally]:
        return self.values[:TOP]

    @property
    def more(self) -> list[Tally]:
        return self.values[TOP:]

    @property
    def top_html(self) -> SafeString:
        return markup.tally_values(self.top)

    @property
    def more_html(self) -> SafeString:
        return markup.tally_values(self.more)


def public_tour_count(relation: str) -> Coalesce:
    """The number of public tours linked to the outer row through Visit.<relation>.

    A correlated subquery rather than a join, so that several counts on one row do not
    multiply each other's rows.
    """
    tours = (
        Visit.objects.public()
        .filter(**{relation: OuterRef("pk")})
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(tours, output_field=IntegerField()), 0)


def tally(
    model: type[Model],
    visits: QuerySet[Visit],
    key: str,
    link: Callable[[str], str],
    title: str,
    beside: bool = False,
    relation: str = "visits",
    id: str = "",
) -> Tallies:
    """The records of one kind linked to these tours, most tours first, by their names in the
    page's language; `beside`: with the Chinese name beside the English on an English page.
    `relation`: the records' side of the tours' relation (an official's companions are linked
    by "accompanied_visits"); `id`: the list's HTML id, when a page has two of one kind.

    The LISTED most frequent are listed, the rest only counted: a leader's thousands of
    enterprises would make a page of megabytes (the page links to its tours on the browse
    page, where every record can be reached)."""
    rows = list(
        model.objects.filter(**{f"{relation}__in": visits.values("pk")})
        # Not DISTINCT: a join row is one (record, tour) pair already.
        .annotate(n=Count(relation))
        .values_list(key, "name", "name_zh", "n")
        .order_by("-n", "name")
    )
    detail = beside and not chinese_shown()
    values = [
        Tally(in_language(name, name_zh), n, link(str(value)), name_zh if detail else "")
        for value, name, name_zh, n in rows[:LISTED]
    ]
    return Tallies(id or model._meta.model_name, title, values, max(0, len(rows) - LISTED))


def year_tally(visits: QuerySet[Visit], link: Callable[[str], str]) -> Tallies:
    """Tours per year, newest year first."""
    rows = (
        visits.filter(start_date__isnull=False)
        .annotate(y=ExtractYear("start_date"))
        .values_list("y")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-y")
    )
    return Tallies("year", _("Years"), [Tally(str(y), n, link(str(y))) for y, n in rows])


def indexed_tally(
    tours: RecordTours,
    param: str,
    link: Callable[[str], str],
    title: str,
    beside: bool = False,
    id: str = "",
) -> Tallies:
    """What `tally` counts, from the browse index: the records linked to these tours through
    the filter `param` (facet_index.RELATION_FILTERS), with no query."""
    rows, present = tours.tally(param, LISTED)
    chinese = chinese_shown()  # as in_language() decides, once for up to LISTED values
    detail = beside and not chinese
    values = [
        Tally(
            name_zh if chinese and name_zh else name, n, link(str(key)), name_zh if detail else ""
        )
        for (_pk, key, name, name_zh, *_parent), n in rows
    ]
    model = RELATION_FILTERS[param][1]
    return Tallies(id or model._meta.model_name, title, values, max(0, present - LISTED))


def indexed_year_tally(tours: RecordTours, link: Callable[[str], str]) -> Tallies:
    """What `year_tally` counts, from the browse index."""
    years: dict[int, int] = {}
    for year, _month, n in tours.months():
        years[year] = years.get(year, 0) + n
    return Tallies(
        "year",
        _("Years"),
        [Tally(str(y), n, link(str(y))) for y, n in sorted(years.items(), reverse=True)],
    )
