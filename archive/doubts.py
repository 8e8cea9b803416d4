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
    """One Party secretary post of a province, as the gazetteer dates it."""

    official: int
    name: str
    province: int
    province_name: str
    start: dt.date
    end: dt.date | None

    def held_on(self, day: dt.date | None) -> bool:
        return day is None or (self.start <= day and (self.end is None or day <= self.end))


def secretaries(official_ids: Iterable[int]) -> dict[int, list[Secretary]]:
    """The provincial Party secretary posts these officials held, by official: one query."""
    found: dict[int, list[Secretary]] = defaultdict(list)
    ids = set(official_ids)
    if not ids:
        return found
    rows = Post.objects.filter(
        official_id__in=ids, rank=Post.Rank.PROVINCIAL_SECRETARY, province__isnull=False
    ).values_list("official_id", "official__name", "province_id", "province__name", "start", "end")
    for row in rows:
        found[row[0]].append(Secretary(*row))
    return found


def named_officials(sources: Iterable[dict]) -> set[int]:
    """The ids of everyone the sources name (leaders and companions)."""
    return {
        pk
        for facts in sources
        for name in ("officials", "accompanying")
        for pk in facts.get("resolved", {}).get(name, [])
    }


def disagreements(
    sources: Sequence[dict], posts: dict[int, list[Secretary]], provinces: Iterable[int]
) -> list[str]:
    """What a tour's sources disagree on, each said in a line; empty when they agree.

    - Dates: two sources whose days are more than DATES_APART apart.
    - A province's Party secretary: two people named across the sources who each held that
      post, for a province of the tour, on the day of the source naming them (any day, for
      a source without one).
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
            found.append(f"dates: {_span(first)} in one source, {_span(last)} in another")
    wanted = set(provinces)
    named: dict[int, dict[int, Secretary]] = defaultdict(dict)
    for facts in sources:
        day = _day(facts.get("start_date")) or _day(facts.get("published"))
        resolved = facts.get("resolved", {})
        for pk in [*resolved.get("officials", []), *resolved.get("accompanying", [])]:
            for post in posts.get(pk, ()):
                if post.province in wanted and post.held_on(day):
                    named[post.province].setdefault(pk, post)
    for people in named.values():
        if len(people) > 1:
            ordered = sorted(people.values(), key=lambda p: p.name)
            found.append(
                f"{ordered[0].province_name}'s Party secretary: "
                + " or ".join(p.name for p in ordered)
            )
    return found


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _span(span: tuple[dt.date, dt.date]) -> str:
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
