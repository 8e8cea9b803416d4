"""A server-drawn SVG timeline: one mark per tour at its start date, each a link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from archive.models import Visit, chinese_shown
from archive.site.links import visit_url

WIDTH = 640
PAD = 16  # room at both ends for the first and last marks
RADIUS = 5
LANES = 4  # marks closer than a mark's width stack in up to this many rows
LANE_HEIGHT = 13
TOP = 6


@dataclass
class Mark:
    x: float
    y: float
    label: str
    url: str


@dataclass
class Tick:
    x: float
    label: str

    @property
    def label_x(self) -> float:
        return self.x + 3


@dataclass
class Timeline:
    marks: list[Mark]
    ticks: list[Tick]
    undated: int
    first: str
    last: str
    axis_y: int
    width: int = WIDTH
    radius: int = RADIUS
    hit_radius: int = RADIUS + 4  # an easier target for a finger or a pointer
    pad: int = PAD
    axis_end: int = WIDTH - PAD

    @property
    def height(self) -> int:
        return self.axis_y + 22

    @property
    def tick_top(self) -> int:
        return self.axis_y - 4

    @property
    def label_y(self) -> int:
        return self.axis_y + 16


def long_date(day: dt.date) -> str:
    return date_format(day, _("j F Y"))


def timeline(visits: QuerySet[Visit]) -> Timeline | None:
    """Every one of these tours by date, oldest first: one query. None when there are none."""
    visits = visits.order_by("start_date", "pk")
    if chinese_shown():  # titles made again in Chinese from the tours' leaders and provinces
        visits = visits.prefetch_related("officials", "provinces")
        rows = [(v.pk, v.local_title, v.start_date) for v in visits]
    else:
        rows = list(visits.values_list("pk", "title", "start_date"))
    dated = [row for row in rows if row[2]]
    if not dated:
        return None
    first_year, last_year = dated[0][2].year, dated[-1][2].year
    origin = dt.date(first_year, 1, 1)
    span = (dt.date(last_year + 1, 1, 1) - origin).days

    def x_of(day: dt.date) -> float:
        return round(PAD + (day - origin).days / span * (WIDTH - 2 * PAD), 1)

    lane_ends = [-WIDTH] * LANES
    placed = []
    for pk, title, day in dated:
        x = x_of(day)
        free = [i for i, end in enumerate(lane_ends) if x - end >= 2 * RADIUS + 1]
        lane = free[0] if free else min(range(LANES), key=lambda i: lane_ends[i])
        lane_ends[lane] = x
        label = _("%(title)s, %(date)s") % {"title": title, "date": long_date(day)}
        placed.append((x, lane, label, visit_url(pk)))
    lanes = 1 + max(lane for _, lane, _, _ in placed)
    axis_y = TOP + lanes * LANE_HEIGHT + 2
    marks = [
        Mark(x, axis_y - RADIUS - 3 - lane * LANE_HEIGHT, label, url)
        for x, lane, label, url in placed
    ]
    years = last_year + 1 - first_year
    step = 1 if years <= 12 else 2 if years <= 24 else 5
    ticks = [
        Tick(x_of(dt.date(year, 1, 1)), str(year))
        for year in range(first_year, last_year + 1)
        if (year - first_year) % step == 0
    ]
    return Timeline(
        marks=marks,
        ticks=ticks,
        undated=len(rows) - len(dated),
        first=long_date(dated[0][2]),
        last=long_date(dated[-1][2]),
        axis_y=axis_y,
    )
