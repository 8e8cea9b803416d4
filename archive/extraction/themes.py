"""Policy themes of a tour, by weighted keyword evidence from the gazetteer of themes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import ThemeEntry
from .text import Sentence

MAX_THEMES = 5
MIN_SCORE = 2.0
RELATIVE_FLOOR = 0.2  # of the best theme's score
PER_KEYWORD_CAP = 3


@dataclass(frozen=True)
class ThemeFound:
    slug: str
    score: float
    sentence: int  # strongest evidence


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    if not keyword.isascii():
        return re.compile(re.escape(keyword))
    # Plurals count too: "typhoons" for "typhoon".
    return re.compile(rf"(?<![\w-]){re.escape(keyword)}(?:e?s)?(?![\w-])", re.IGNORECASE)


def _weight(keyword: str) -> float:
    if not keyword.isascii():
        return 1.0 + 0.5 * (len(keyword) >= 3)
    return 1.0 + 0.5 * min(keyword.count(" ") + keyword.count("-"), 2)


def score_themes(
    sentences: Sequence[Sentence],
    themes: Sequence[ThemeEntry],
    title: str = "",
    weight_of: dict[int, float] | None = None,
) -> list[ThemeFound]:
    """Themes whose keywords weigh enough, strongest first, at most five.

    `weight_of` scales a sentence's contribution (the importer gives background
    sentences less weight than the leader's own stops and remarks).
    """
    found = []
    for theme in themes:
        score = 0.0
        best: tuple[float, int] = (0.0, -1)
        for keyword in {*theme.keywords, *theme.keywords_zh}:
            pattern = _keyword_pattern(keyword)
            hits = 0
            for index, sentence in enumerate(sentences):
                count = len(pattern.findall(sentence.text))
                if not count:
                    continue
                factor = (weight_of or {}).get(index, 1.0)
                gained = min(count, PER_KEYWORD_CAP - hits) * _weight(keyword) * factor
                hits += count
                score += max(gained, 0.0)
                best = max(best, (gained, -index))
                if hits >= PER_KEYWORD_CAP:
                    break
            if title and pattern.search(title):
                score += _weight(keyword)
        if score:
            found.append(ThemeFound(theme.slug, round(score, 2), -best[1]))
    if not found:
        return []
    top = max(f.score for f in found)
    kept = [f for f in found if f.score >= MIN_SCORE and f.score >= RELATIVE_FLOOR * top]
    return sorted(kept, key=lambda f: -f.score)[:MAX_THEMES]
