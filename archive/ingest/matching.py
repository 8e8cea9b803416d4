"""Which tour a report belongs to, and what a tour's fields are, given its sources.

Pure (no database): the importer reads tours and their sources from the database into these classes,
lets a whole batch of reports find and change their tours in memory, and writes back what
they compute. `refresh_visit` does the same for one tour an editor changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from archive.ingest.extraction.enterprises import EnterpriseFound, merge_spellings
from archive.ingest.extraction.text import split_sentences
from archive.models import RELATIONS

# A report whose dates are unknown is placed this many days before its publication.
REPORT_LAG_DAYS = 10
# How far apart a report's dates and a tour's start may be for the tour to be looked at.
CANDIDATE_MARGIN = dt.timedelta(days=40)
MAX_THEMES = 5
# An order for sources and tours not saved yet: after every saved one, in the order made.
_unsaved = count(2**62)


@dataclass(eq=False)  # two reports with equal facts are still two
class Report:
    """What a tour's computation reads of one report (a source article of a tour): its facts,
    with the ids they resolve to."""

    facts: dict
    published: dt.date | None
    title: str = ""
    text: str | None = None  # the clean text, when it was read
    order: int = field(default_factory=lambda: next(_unsaved))  # the article's id once saved

    @property
    def resolved(self) -> dict:
        return self.facts["resolved"]

    @property
    def start_date(self) -> dt.date | None:
        return _date(self.facts.get("start_date"))

    @property
    def end_date(self) -> dt.date | None:
        return _date(self.facts.get("end_date"))

    @property
    def days_without_year(self) -> list[str]:
        return self.facts.get("days_without_year") or []

    def window(self) -> tuple[dt.date, dt.date] | None:
        return window(self.start_date, self.end_date, [self.published] if self.published else [])


@dataclass(eq=False)  # two tours with equal fields are still two
class Tour:
    """A tour as the importer holds it: stored relations and dates, and all its sources."""

    relations: dict[str, list[int]]
    # None while not read: comparing a report with a dated tour whose provinces are its
    # sources' needs none of them (see matching_tour).
    sources: list[Report] | None = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    curated: frozenset[str] = frozenset()
    order: int = field(default_factory=lambda: next(_unsaved))  # the visit's id once saved
    # The relations as the database held them when the tour was read (none for a new tour).
    stored: dict[str, set[int]] = field(default_factory=dict)
    record: Any = None  # the importer's Visit
    rejected: bool = False  # by an editor: hidden from the site, its reports kept
    doubts: list[Any] = field(default_factory=list)  # its Doubt records, once computed

    @classmethod
    def new(cls) -> Tour:
        return cls(relations={name: [] for name in RELATIONS})

    def is_curated(self, name: str) -> bool:
        return name in self.curated

    def add(self, source: Report, enterprise_names: dict[int, str]) -> None:
        self.sources.append(source)
        self.refresh(enterprise_names)

    def refresh(self, enterprise_names: dict[int, str]) -> None:
        """Recompute relations and dates from all sources, leaving curated ones alone."""
        self.sources.sort(key=lambda s: (s.published or dt.date.max, s.order))
        for name, pks in computed_relations(self.sources, enterprise_names).items():
            if not self.is_curated(name):
                self.relations[name] = pks
        starts = [s.start_date for s in self.sources if s.start_date]
        ends = [s.end_date for s in self.sources if s.end_date]
        if not self.is_curated("start_date"):
            self.start_date = min(starts) if starts else None
        if not self.is_curated("end_date"):
            self.end_date = max(ends) if ends else None
        if self.start_date and self.end_date and self.end_date < self.start_date:
            # Sources disagree with an editor's date: the curated one stands, the other yields.
            if self.is_curated("end_date") and not self.is_curated("start_date"):
                self.start_date = self.end_date
            elif not self.is_curated("end_date"):
                self.end_date = self.start_date

    def first_seen_enterprises(self) -> list[str]:
        return self._first_seen("first_seen_enterprises")

    def first_seen_officials(self) -> list[str]:
        return self._first_seen("first_seen_officials")

    def _first_seen(self, key: str) -> list[str]:
        return list(dict.fromkeys(n for s in self.sources for n in s.resolved.get(key, [])))


def computed_relations(sources: list[Report], enterprise_names: dict[int, str]) -> dict:
    union = {
        name: list(dict.fromkeys(pk for s in sources for pk in s.resolved[name]))
        for name in ("officials", "accompanying", "provinces", "cities")
    }
    union["accompanying"] = [pk for pk in union["accompanying"] if pk not in union["officials"]]
    union["enterprises"] = distinct_enterprises(sources, enterprise_names)
    union["themes"] = strongest_themes(sources)
    return union


def distinct_enterprises(sources: list[Report], names: dict[int, str]) -> list[int]:
    """The sources' companies, two spellings of one company counted once."""
    ids = list(dict.fromkeys(pk for s in sources for pk in s.resolved["enterprises"]))
    kept = merge_spellings(
        [EnterpriseFound(names[pk], i, str(pk)) for i, pk in enumerate(ids) if pk in names]
    )
    return [int(e.known_key) for e in kept]


def strongest_themes(sources: list[Report]) -> list[int]:
    votes: Counter[int] = Counter()
    for source in sources:
        for rank, pk in enumerate(source.resolved["themes"]):
            votes[pk] += MAX_THEMES - rank
    return [pk for pk, _ in votes.most_common(MAX_THEMES)]


def window(
    start: dt.date | None, end: dt.date | None, published: list[dt.date]
) -> tuple[dt.date, dt.date] | None:
    if start:
        return start, end or start + dt.timedelta(days=REPORT_LAG_DAYS)
    if published:
        return min(published) - dt.timedelta(days=REPORT_LAG_DAYS), max(published)
    return None


def may_be_the_tour_of(tour: Tour, source: Report) -> bool:
    """Whether a tour is worth comparing with a report: a leader in common, provinces that
    may agree, and a start not far from the report's dates (or none)."""
    resolved = source.resolved
    if not set(tour.relations["officials"]) & set(resolved["officials"]):
        return False
    provinces = tour.relations["provinces"]
    if (
        resolved["provinces"]
        and provinces
        and not tour.is_curated("provinces")
        and not set(provinces) & set(resolved["provinces"])
    ):
        return False
    report_window = source.window()
    if report_window and tour.start_date:
        low, high = report_window[0] - CANDIDATE_MARGIN, report_window[1] + CANDIDATE_MARGIN
        return low <= tour.start_date <= high
    return True


def matching_tour(source: Report, tours: list[Tour], unseen: int = 0) -> Tour | None:
    """The tour this report belongs to: same leader, same province, overlapping dates.

    `unseen`: for a report with no date to go by, how many more tours may be its own that the
    caller left out because they share no city or company with it.
    """
    if not source.resolved["officials"]:
        return None
    candidates = sorted(
        (t for t in tours if may_be_the_tour_of(t, source)),
        key=lambda t: (t.start_date is None, -(t.start_date or dt.date.min).toordinal(), -t.order),
    )
    resolved = source.resolved
    report_window = source.window()
    # The report's days, and those a day either side, once for every candidate.
    near = _near(_days(source.start_date, source.end_date, [source]))
    strong, weak = [], []
    for tour in candidates:
        # What the sources said counts as well as what an editor set: a corrected
        # province must not keep the next report of the same tour apart.
        # (A tour's sources are only read here for its provinces if an editor set them, and
        # for its days if it has no date; otherwise the two lines below need none of them.)
        sources = tour.sources or []
        provinces = set(tour.relations["provinces"]) | {
            pk for s in sources for pk in s.resolved.get("provinces", [])
        }
        if provinces and resolved["provinces"] and not provinces & set(resolved["provinces"]):
            continue
        # A report that names its days without a year ("From Oct. 15 to 16") is not a tour of
        # other days in some year; a day either way is allowed, an unknown span may be any.
        days = _tour_days(tour) if near is not None else None
        if days and not near & days:
            continue
        other = window(
            tour.start_date, tour.end_date, [s.published for s in sources if s.published]
        )
        shared = len(set(tour.relations["cities"]) & set(resolved["cities"])) + len(
            set(tour.relations["enterprises"]) & set(resolved["enterprises"])
        )
        if report_window and other:
            day = dt.timedelta(days=1)
            if report_window[0] <= other[1] + day and other[0] <= report_window[1] + day:
                strong.append((shared, tour))
        else:
            weak.append((shared, tour))
    weak += [(0, None)] * unseen
    for group in (strong, weak):
        if not group:
            continue
        # Of tours sharing as much with the report, one an editor rejected comes last: it is
        # most often a duplicate of the other. A report of a rejected tour alone (the same
        # text again, another source of it) joins it, and so stays off the site.
        group.sort(key=lambda item: (-item[0], _rejected(item[1])))
        if len(group) == 1 or _rank(group[0]) > _rank(group[1]) or group is strong:
            return group[0][1]
        return None  # several undated tours fit equally: keep this one apart for review
    return None


def _rejected(tour: Tour | None) -> bool:
    return tour is not None and tour.rejected


def _rank(item: tuple[int, Tour | None]) -> tuple[int, bool]:
    return item[0], not _rejected(item[1])


def _days(start: dt.date | None, end: dt.date | None, sources: list[Report]) -> set[str]:
    """The month-days ("10-15") of a span, or those its reports name without a year."""
    if start:
        days = (end - start).days if end and end >= start else 0
        return {f"{start + dt.timedelta(days=n):%m-%d}" for n in range(min(days, 31) + 1)}
    return {day for s in sources for day in s.days_without_year}


def _tour_days(tour: Tour) -> set[str]:
    return _days(tour.start_date, tour.end_date, tour.sources or [])


def _near(days: set[str]) -> set[str] | None:
    """The month-days of a span and a day either side of each; None for an unknown span."""
    if not days:
        return None
    near = set()
    for day in days:
        month, number = (int(x) for x in day.split("-"))
        middle = dt.date(2000, month, number)  # a leap year holds every month-day
        near |= {f"{middle + dt.timedelta(days=n):%m-%d}" for n in (-1, 0, 1)}
    return near


def tour_title(leaders: list[str], provinces: list[str], start_date: dt.date | None) -> str:
    """ "Xi Jinping in Shanghai, January 2013", from names in alphabetical order."""
    who = " and ".join(leaders) or "Unknown leader"
    where = ", ".join(provinces) or "China"
    when = f", {start_date:%B %Y}".replace(" 0", " ") if start_date else ""
    return f"{who} in {where}{when}"[:300]


# "CHONGQING, Sept. 3 (Xinhua) -- ": where and when a wire report was filed, not its news.
DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Za-z .,'’]{2,40}?\d{1,2}\s*\([^)]{2,30}\)\s*(?:--|[-–—:])\s*"
)


def summary(source: Report) -> str:
    """A tour's summary from its earliest source: the one extraction found, or the lede."""
    return source.facts.get("summary", "") or lede(source.text or "", source.title)


def lede(text: str, title: str) -> str:
    """The report's first real sentence."""
    for sentence in split_sentences(text)[:6]:
        if len(sentence.text.split()) >= 12 and "(Xinhua/" not in sentence.text:
            return DATELINE_PREFIX.sub("", sentence.text)
    return title


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
