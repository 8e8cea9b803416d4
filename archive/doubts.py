"""When a tour's sources disagree: the one definition the importer's doubts and the public
tour page share (the site never imports archive.ingest).

A tour's sources are read as their stored facts (`Article.facts`, or the importer's
`Report.facts`): each source's dates and the ids its names resolved to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archive.models import Post

# Two sources whose days lie further apart than this (no day in common and a gap of more
# than this) disagree on the dates. Reports of one tour written on its different days are
# days apart; 7 is the longest usual tour (see LONG_SPAN_DAYS), so two sources a week
# apart cannot both be right about one tour.
DATES_APART = dt.timedelta(days=7)
# A tour whose dates span more days than this is unusual (the importer's doubt "long span").
# Measured on 3,000 generated articles (tools/synthetic) and the real corpora of ../shared:
# see bench/README.md, "Doubts".
LONG_SPAN_DAYS = 7


@dataclass(frozen=True)
class Secretary:
    """One Party secretary post of a province, as the gazetteer dates it; names in English
    and Chinese."""

    official: int
    name: str
    name_zh: str
    province: int
    province_name: str
    province_name_zh: str
    start: dt.date
    end: dt.date | None

    def held_on(self, day: dt.date | None) -> bool:
        return day is None or (self.start <= day and (self.end is None or day <= self.end))


Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Disagreement:
    """Sources of one tour that cannot all be right: on its `dates` (two spans), or on who a
    province's Party secretary is (`secretaries`, two or more posts of one province)."""

    dates: tuple[Span, Span] | None = None
    secretaries: tuple[Secretary, ...] = ()

    def __str__(self) -> str:
        if self.dates:
            first, last = self.dates
            return f"dates: {_span(first)} in one source, {_span(last)} in another"
        people = " or ".join(p.name for p in self.secretaries)
        return f"{self.secretaries[0].province_name}'s Party secretary: {people}"


def secretaries(official_ids: Iterable[int]) -> dict[int, list[Secretary]]:
    """The provincial Party secretary posts these officials held, by official: one query."""
    found: dict[int, list[Secretary]] = defaultdict(list)
    ids = set(official_ids)
    if not ids:
        return found
    rows = Post.objects.filter(
        official_id__in=ids, rank=Post.Rank.PROVINCIAL_SECRETARY, province__isnull=False
    ).values_list(
        "official_id",
        "official__name",
        "official__name_zh",
        "province_id",
        "province__name",
        "province__name_zh",
        "start",
        "end",
    )
    for row in rows:
        found[row[0]].append(Secretary(*row))
    return found


def named_officials(sources: Iterable[dict]) -> set[int]:
    """The ids of the companions the sources name."""
    return {pk for facts in sources for pk in facts.get("resolved", {}).get("accompanying", [])}


def disagreements(
    sources: Sequence[dict],
    posts: dict[int, list[Secretary]],
    provinces: Iterable[int],
    day: dt.date | None = None,
) -> list[Disagreement]:
    """What a tour's sources disagree on; empty when they agree.

    - Dates: two sources whose days are more than DATES_APART apart.
    - A province's Party secretary: two people the sources name beside the leader (their
      companions) who each held that post, for a province of the tour, on the day of the
      source naming them (its publication's, or the tour's `day`, for a source without
      dates; any day without any). One tour has one secretary per province; a leader's own
      past posts are no claim of the sources.
    """
    found = []
    spans = sorted(
        {
            (start, _day(f.get("end_date")) or start)
            for f in sources
            if (start := _day(f.get("start_date")))
        }
    )
    if spans:
        first = min(spans, key=lambda s: s[1])
        last = max(spans, key=lambda s: s[0])
        if last[0] - first[1] > DATES_APART:
            found.append(Disagreement(dates=(first, last)))
    wanted = set(provinces)
    named: dict[int, dict[int, Secretary]] = defaultdict(dict)
    for facts in sources:
        said = _day(facts.get("start_date")) or _day(facts.get("published")) or day
        for pk in facts.get("resolved", {}).get("accompanying", []):
            for post in posts.get(pk, ()):
                if post.province in wanted and post.held_on(said):
                    named[post.province].setdefault(pk, post)
    for province in sorted(named):
        people = named[province]
        if len(people) > 1:
            found.append(
                Disagreement(secretaries=tuple(sorted(people.values(), key=lambda p: p.name)))
            )
    return found


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _span(span: Span) -> str:
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
