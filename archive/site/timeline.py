"""Tours over time as server-drawn SVG columns, one per month: an official's timeline here, the
browse page's histogram in browse.py, both drawn by templates/archive/includes/columns.html.

The SVG has no viewBox: a column's place and width are percentages of whatever width the page
gives the chart, its height is in pixels, so the year labels keep their size from a phone to a
wide screen and 500 tours read as well as one (a dot per tour did not: they overlapped, and a
phone cut the drawing off). On a narrow screen only every `narrow_step`-th year is labelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from archive.models import Visit, chinese_shown
from archive.site import markup
from archive.site.facet_index import RecordTours
from archive.site.facets import month_label
from archive.site.links import visit_url

HEIGHT = 80  # pixels for the tallest column
LABELS = 20  # pixels below the axis for the year labels
WIDE_YEARS = 16  # up to this many years, every year is labelled on a wide screen
NARROW_YEARS = 6  # and on a phone


@dataclass
class Column:
    x: float  # percent of the chart's width
    width: float  # percent
    y: float  # pixels
    height: float  # pixels
    label: str  # the month
    count: int
    url: str  # "" for a month without tours
    title: str  # the tooltip: "Apr 2022: 3 tours", or a lone tour's title and date


@dataclass
class YearTick:
    x: float  # percent: where the year starts
    label_x: float  # percent: the middle of the year's columns
    label: str  # the year, or "" where a part year has no room for it
    wide_only: bool  # label left out on a narrow screen, where the years would overlap


@dataclass
class Columns:
    """What templates/archive/includes/columns.html draws."""

    columns: list[Column]
    ticks: list[YearTick]
    first: str  # the first and last month drawn
    last: str
    peak: int  # tours in the busiest month
    total: int
    caption: str = ""  # what the drawing says, for everyone: the figure's caption
    height: int = HEIGHT

    @property
    def bars(self) -> SafeString:
        return markup.column_bars(self)

    @property
    def svg_height(self) -> int:
        return HEIGHT + LABELS

    @property
    def label_y(self) -> int:
        return HEIGHT + 15


def tours(count: int, language: str | None = None) -> str:
    return markup.remembered(
        "%(count)d tours",
        count,
        lambda: ngettext("%(count)d tour", "%(count)d tours", count) % {"count": count},
        language,
    )


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_title(year: int, month: int, count: int, language: str | None = None) -> str:
    return markup.remembered(
        "month_title",
        (year, month, count),
        lambda: (
            _("%(month)s: %(tours)s")
            % {"month": month_label(year, month, language), "tours": tours(count, language)}
        ),
        language,
    )


def columns(
    counts: dict[tuple[int, int], int],
    months: list[tuple[int, int]],
    url: Callable[[int, int], str],
    title: Callable[[int, int, int], str] = month_title,
) -> Columns:
    """A column for each of these months (in order), as tall as its share of the busiest."""
    peak = max(counts.values(), default=0) or 1
    width = 100 / len(months)
    language = get_language()  # looked up once for a few hundred months
    if title is month_title:
        title = partial(month_title, language=language)
    result = []
    for index, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        height = round(HEIGHT * count / peak, 2)
        result.append(
            Column(
                x=round(index * width, 3),
                width=round(width, 3),
                y=round(HEIGHT - height, 2),
                height=height,
                label=month_label(year, month, language),
                count=count,
                # An empty month is drawn as no bar (markup.column_bars): nothing to link.
                url=url(year, month) if count else "",
                title=title(year, month, count) if count else "",
            )
        )
    spans: dict[int, list[int]] = {}  # year -> its first and last month's index
    for index, (year, _month) in enumerate(months):
        spans.setdefault(year, [index, index])[1] = index
    wide_step = step(len(spans), WIDE_YEARS)
    narrow_step = wide_step * step(-(-len(spans) // wide_step), NARROW_YEARS)
    ticks = []
    for year, (start, end) in spans.items():
        shown = end - start >= 5 or len(spans) == 1  # a part year of a few months has no room
        ticks.append(
            YearTick(
                x=round(start * width, 3),
                label_x=round((start + end + 1) / 2 * width, 3),
                label=str(year) if shown and not year % wide_step else "",
                wide_only=bool(year % narrow_step),
            )
        )
    return Columns(
        columns=result,
        ticks=ticks,
        first=month_label(*months[0]),
        last=month_label(*months[-1]),
        peak=max(counts.values(), default=0),
        total=sum(counts.values()),
    )


def step(years: int, most: int) -> int:
    """Label every year, or every 2nd, 5th or 10th, so that no more than `most` are labelled."""
    return next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= most) if years > most else 1


def long_date(day: dt.date) -> str:
    return date_format(day, _("j F Y"))


@dataclass
class TourMonths:
    """What a timeline draws: tours per month, the first and the last tour's first day, how
    many tours have no date, and the tours alone in their month (to be named)."""

    counts: dict[tuple[int, int], int]
    first: dt.date
    last: dt.date
    undated: int
    alone: QuerySet[Visit]


def tour_months(visits: QuerySet[Visit]) -> TourMonths | None:
    """These tours' TourMonths, counted in SQL: one query (None when none has a date)."""
    rows = list(
        visits.order_by()
        .annotate(y=ExtractYear("start_date"), m=ExtractMonth("start_date"))
        .values_list("y", "m")
        .annotate(
            n=Count("pk", distinct=visits.query.distinct),
            first=Min("start_date"),
            last=Max("start_date"),
        )
    )
    dated = sorted(row for row in rows if row[0] is not None)
    if not dated:
        return None
    in_months = Q()
    for year, month, n, _first, _last in dated:
        if n == 1:
            after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
            in_months |= Q(start_date__gte=dt.date(year, month, 1), start_date__lt=after)
    return TourMonths(
        counts={(y, m): n for y, m, n, _first, _last in dated},
        first=dated[0][3],
        last=dated[-1][4],
        undated=sum(n for y, _m, n, _first, _last in rows if y is None),
        alone=visits.filter(in_months) if in_months else visits.none(),
    )


def indexed_tour_months(tours: RecordTours) -> TourMonths | None:
    """The same from the browse index: no query but the lone tours' titles."""
    span = tours.span()
    if span is None:
        return None
    counts = {(y, m): n for y, m, n in tours.months()}
    lone = tours.in_months([month for month, n in counts.items() if n == 1])
    return TourMonths(counts, *span, tours.undated, Visit.objects.filter(pk__in=lone))


def timeline(months: TourMonths | None, month_url: Callable[[int, int], str]) -> Columns | None:
    """Tours per month, over whole years from the first tour's to the last's.

    A month with one tour links to it (its tooltip names it); a busier one to `month_url`,
    the tours of that month. None when no tour has a date.
    """
    if months is None:
        return None
    counts = months.counts
    alone = _alone(months.alone)

    def url(year: int, month: int) -> str:
        if counts.get((year, month)) == 1:
            return visit_url(alone[(year, month)][0])
        return month_url(year, month)

    def title(year: int, month: int, count: int) -> str:
        return alone[(year, month)][1] if count == 1 else month_title(year, month, count)

    first, last = min(counts), max(counts)
    chart = columns(counts, months_between((first[0], 1), (last[0], 12)), url, title)
    chart.caption = _(
        "Tours per month, %(first)s to %(last)s; the tallest column is %(peak)s. Choose a column "
        "to open its tours (the years are listed under Years)."
    ) % {"first": long_date(months.first), "last": long_date(months.last), "peak": chart.peak}
    if months.undated:
        chart.caption += " " + ngettext(
            "%(count)d tour with no known date is not shown.",
            "%(count)d tours with no known date are not shown.",
            months.undated,
        ) % {"count": months.undated}
    return chart


def _alone(tours: QuerySet[Visit]) -> dict:
    """(year, month) -> (pk, "title, date") of these tours, each alone in its month."""
    tours = tours.order_by()
    if chinese_shown():  # titles made again in Chinese from the tours' leaders and provinces
        tours = tours.prefetch_related("officials", "provinces")
        rows = [(v.pk, v.local_title, v.start_date) for v in tours]
    else:
        rows = list(tours.values_list("pk", "title", "start_date"))
    return {
        (day.year, day.month): (
            pk,
            _("%(title)s, %(date)s") % {"title": title, "date": long_date(day)},
        )
        for pk, title, day in rows
    }
