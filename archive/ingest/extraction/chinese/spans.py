"""Stretches of a sentence, asked whether they cover a position: read in logarithmic time,
as a sentence of a crawled page may hold thousands of them."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if end <= start:
                continue
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def covers(self, position: int) -> bool:
        at = bisect.bisect_right(self._starts, position) - 1
        return at >= 0 and position < self._ends[at]

    def __bool__(self) -> bool:
        return bool(self._starts)
