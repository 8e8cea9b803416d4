"""Policy themes of a tour, by weighted keyword evidence from the gazetteer of themes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .gazetteer import ThemeEntry, alternation
from .text import Sentence

MAX_THEMES = 5
MIN_SCORE = 1.5
RELATIVE_FLOOR = 0.15  # of the best theme's score
PER_KEYWORD_CAP = 3
# Kinds of place a leader stops at count half: a stop at a village or a factory is not by
# itself a tour about farming or industry (the words stay keywords: "villages" in "rural
# villages" adds to what the rest of the report says).
KINDS_OF_STOP = frozenset(
    {"village", "villages", "villagers", "factory", "factories", "workshops", "hospital", "port"}
    | {"shopping mall", "industrial park"}
)
STOP_WEIGHT = 0.5
# A keyword inside a name is no topic: "Dazhai Village", "Weihai Port", "Lifestyle
# Technology Co": a capitalised keyword after a capitalised word (bar "Chinese" and a
# sentence's first "The"); likewise a region before "'s" is a place ("northeast China's
# Jilin Province").
NAME_WORD = re.compile(r"[A-Z][\w'’-]*")
NOT_A_NAME = frozenset({"Chinese", "China's", "China’s", "The", "A", "An"})
POSSESSIVE = ("'s", "’s")
# What an English keyword starts with (IGNORECASE takes "İıſ" and the Kelvin sign for letters).
ENGLISH_KEYWORD_START = re.compile("[A-Za-z0-9\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class ThemeFound:
    slug: str
    score: float
    sentence: int  # strongest evidence


def _weight(keyword: str) -> float:
    if keyword in KINDS_OF_STOP:
        return STOP_WEIGHT
    if not keyword.isascii():
        return 1.0 + 0.5 * (len(keyword) >= 3)
    return 1.0 + 0.5 * min(keyword.count(" ") + keyword.count("-"), 2)


class ThemeMatcher:
    """All themes' keywords in one pattern; a match names its keyword, and so its themes."""

    def __init__(self, themes: Sequence[ThemeEntry]) -> None:
        self.themes = list(themes)
        self.slugs_of: dict[str, list[str]] = defaultdict(list)
        # (theme, key term): one mention in a sentence about the tour makes the theme.
        self.key_terms: set[tuple[str, str]] = set()
        for theme in self.themes:
            for keyword in {*theme.keywords, *theme.key_terms, *theme.keywords_zh}:
                self.slugs_of[keyword.lower()].append(theme.slug)
            self.key_terms.update((theme.slug, k.lower()) for k in theme.key_terms)

    @cached_property
    def _weights(self) -> dict[str, float]:
        return {keyword: _weight(keyword) for keyword in self.slugs_of}

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        chinese = alternation(k for k in self.slugs_of if not k.isascii())
        parts = [self._english] if self._english else []
        if chinese:
            parts.append(f"(?P<zh>{chinese})")
        return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)

    @cached_property
    def _english(self) -> str:
        english = alternation((k for k in self.slugs_of if k.isascii()), lookbehind=r"(?<![\w-])")
        # Plurals count too: "typhoons" for "typhoon".
        return rf"(?P<en>{english})(?:e?s)?(?![\w-])" if english else ""

    @cached_property
    def english_lowercase_pattern(self) -> re.Pattern[str]:
        """The English keywords (in lower case) alone, case-sensitive, for ASCII text in
        lower case: no Chinese keyword can match such a text, and a case-sensitive search
        need not compare each letter both ways (the search took a third of the time)."""
        return re.compile(self._english or r"(?!x)x")

    @cached_property
    def english_words_pattern(self) -> re.Pattern[str] | None:
        """english_lowercase_pattern with the character before a keyword taken instead of
        looked behind at, searched in the text after a space: `re` then tries the keywords
        only after a space or a stop, skipping to the next in a loop of its own, instead of
        at every letter (two thirds of the search's instructions). It finds the same
        keywords as long as none ends with a character that may stand before one (then
        the character before the next would be the last of this match): None if one does."""
        english = [k for k in self.slugs_of if k.isascii()]
        if not english or any(not re.fullmatch(r"[a-z0-9_-]", k[-1]) for k in english):
            return None
        return re.compile(rf"[^a-z0-9_-](?P<en>{alternation(english)})(?:e?s)?(?![\w-])")

    @cached_property
    def _apart(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """The English and the Chinese keywords as two patterns, if no match of one can
        overlap a match of the other (no Chinese keyword has a character an English one can
        match). Searched one after the other, they take a
        tenth of the time of the pattern of both, slow in a text with a Chinese character or a
        dash (its Chinese branch, case-insensitive, compared each character both ways)."""
        chinese = [k for k in self.slugs_of if not k.isascii()]
        # (What an English keyword can match: ASCII, and the four letters IGNORECASE takes
        # for ASCII ones, text.IGNORECASE_ASCII.)
        if not self._english or any(
            char.isascii() or char in "İıſ\u212a" for k in chinese for char in k
        ):
            return None
        return re.compile(self._english, re.IGNORECASE), re.compile(
            alternation(chinese) or r"(?!x)x"
        )

    def keywords_in(self, text: str) -> list[str]:
        """The keywords named in the text, in lower case, in order (not those in a name)."""
        if text.isascii():
            if self.english_words_pattern:
                # (In the text after a space: a keyword's offsets there are one more.)
                return [
                    m.group("en")
                    for m in self.english_words_pattern.finditer(" " + text.lower())
                    if not _in_a_name(text, m.start("en") - 1, m.end() - 1)
                ]
            return [
                m.group("en")
                for m in self.english_lowercase_pattern.finditer(text.lower())
                if not _in_a_name(text, m.start(), m.end())
            ]
        if self._apart:
            english, chinese = self._apart
            # (A sentence of Chinese characters alone is spared the English keywords' search.)
            found = (
                [
                    (m.start(), m.group("en").lower())
                    for m in english.finditer(text)
                    if not _in_a_name(text, m.start(), m.end())
                ]
                if ENGLISH_KEYWORD_START.search(text)
                else []
            )
            found += [(m.start(), m.group(0)) for m in chinese.finditer(text)]
            return [keyword for _, keyword in sorted(found)]
        return [
            (m.group("en") or m.group("zh") or "").lower()
            for m in self.pattern.finditer(text)
            if not (m.group("en") and _in_a_name(text, m.start(), m.end()))
        ]

    def keywords_in_each(self, texts: list[str]) -> list[list[str]]:
        """keywords_in of each text; ASCII texts in one search of them all, joined by line
        breaks (no keyword holds one, and the pattern takes one as it takes the space
        before a text or its end)."""
        pattern = self.english_words_pattern
        if pattern is None or not all(text.isascii() for text in texts):
            return [self.keywords_in(text) for text in texts]
        found: list[list[str]] = [[] for _ in texts]
        index, start, end = -1, 0, -1
        # (In the texts after a space: a keyword's offsets there are one more.)
        for m in pattern.finditer(" " + "\n".join(texts).lower()):
            while m.start() >= end:  # the text its keyword is in (after the character taken)
                index += 1
                start = end + 1
                end = start + len(texts[index])
            if not _in_a_name(texts[index], m.start("en") - 1 - start, m.end() - 1 - start):
                found[index].append(m.group("en"))
        return found

    def score(
        self,
        sentences: Sequence[Sentence],
        title: str = "",
        weight_of: dict[int, float] | None = None,
    ) -> list[ThemeFound]:
        """Themes whose keywords weigh enough, strongest first, at most five.

        `weight_of` scales a sentence's contribution (background sentences count less).
        """
        scores: dict[str, float] = defaultdict(float)
        best: dict[str, tuple[float, int]] = {}
        hits: dict[str, int] = defaultdict(int)
        named: set[str] = set()  # themes a key term names in a sentence about the tour
        keywords = self.keywords_in_each([title, *(s.text for s in sentences)])
        for index, found in enumerate(keywords, start=-1):
            factor = 1.0 if index < 0 else (weight_of or {}).get(index, 1.0)
            for keyword in found:
                if index >= 0:
                    if hits[keyword] >= PER_KEYWORD_CAP:
                        continue
                    hits[keyword] += 1
                gained = (self._weights.get(keyword) or _weight(keyword)) * factor
                for slug in self.slugs_of.get(keyword, ()):
                    scores[slug] += gained
                    if factor >= 1.0 and (slug, keyword) in self.key_terms:
                        named.add(slug)
                    if index >= 0 and gained > best.get(slug, (0.0, 0))[0]:
                        best[slug] = (gained, index)
        found = [
            ThemeFound(slug, round(score, 2), best.get(slug, (0.0, 0))[1])
            for slug, score in scores.items()
        ]
        if not found:
            return []
        top = max(f.score for f in found)
        kept = [
            f
            for f in found
            if (f.score >= MIN_SCORE or f.slug in named) and f.score >= RELATIVE_FLOOR * top
        ]
        return sorted(kept, key=lambda f: (-f.score, f.slug))[:MAX_THEMES]


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the keyword at text[start:end] is part of a name or a place's possessive."""
    if text[end : end + 2] in POSSESSIVE:
        return True
    if not text[start].isupper() or not text[start - 1 : start].isspace():
        return False
    # The word before it, whole (a split of what precedes, not a search back through it).
    words = text[max(0, start - 40) : start].split()
    word = words[-1] if words else ""
    return (
        bool(NAME_WORD.fullmatch(word))
        and (len(words) > 1 or start <= 40)  # (a word the slice cut is no word to read)
        and word not in NOT_A_NAME
        and not word.isupper()
    )
