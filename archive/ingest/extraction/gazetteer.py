"""The lists extraction matches against: places, leaders, themes, known enterprises.

Plain data, built by the importer from the database so that what editors add is used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

CENTRAL_RANKS = frozenset(
    {
        "general_secretary",
        "president",
        "vice_president",
        "premier",
        "npc_chairman",
        "cppcc_chairman",
        "ccdi_secretary",
        "vice_premier",
        "state_councillor",
        "psc",
        "politburo",
        "secretariat",
    }
)
# The kinds of place listed under a tour's cities (archive.models.City.LISTED_KINDS).
CITY_KINDS = frozenset({"city", "prefecture", "autonomous_prefecture", "league", "provincial_city"})


@dataclass(frozen=True)
class PlaceEntry:
    code: str
    name: str
    kind: str
    names: tuple[str, ...]  # English spellings, the canonical name first
    names_zh: tuple[str, ...] = ()
    province: str = ""  # province code, for cities

    @property
    def is_city(self) -> bool:
        """Listed under cities: prefecture-level (cities, prefectures, autonomous prefectures,
        leagues: ANNOTATION.md counts them all), or county-level under the province itself."""
        return self.kind in CITY_KINDS


@dataclass(frozen=True)
class CountyEntry:
    """A county-level division: district, county, county-level city, banner, ..."""

    code: str
    name: str
    kind: str
    names: tuple[str, ...]  # English: the name first, then "Yuhang District", pinyin, others
    names_zh: tuple[str, ...] = ()  # full and short: 昆山市, 昆山
    city: str = ""  # its prefecture-level division's code; "" under the province itself
    province: str = ""  # province code


@dataclass(frozen=True)
class CountyMatch:
    """A county-level division a name may mean, with where it belongs."""

    county: CountyEntry
    # Its prefecture-level division; None where the province administers it directly
    # (a municipality's districts: the province is then the place; Hainan's counties).
    city: PlaceEntry | None
    province: PlaceEntry


@dataclass(frozen=True)
class PostEntry:
    rank: str
    title: str
    start: dt.date
    end: dt.date | None = None
    province: str = ""  # province name for provincial posts

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def days_from(self, day: dt.date) -> int:
        """How many days the post was held before or after the day (0: held on it)."""
        if day < self.start:
            return (self.start - day).days
        return 0 if self.end is None or day <= self.end else (day - self.end).days


# "Lu Hao (born 1947)": the gazetteer tells two people of one name apart by what it adds in
# brackets; a text writes "Lu Hao".
TOLD_APART = re.compile(r"\s*\([^)]*\)$")


@dataclass(frozen=True)
class PersonEntry:
    name: str
    names: tuple[str, ...]  # English spellings, canonical first
    names_zh: tuple[str, ...] = ()
    posts: tuple[PostEntry, ...] = ()

    @property
    def written(self) -> tuple[str, ...]:
        """The English names as texts write them: "Lu Hao (born 1947)" is "Lu Hao"."""
        return tuple(dict.fromkeys(TOLD_APART.sub("", name) for name in self.names))

    @property
    def surname(self) -> str:
        return self.name.split()[0]

    def posts_on(self, day: dt.date | None) -> list[PostEntry]:
        if day is None:
            return list(self.posts)
        return [p for p in self.posts if p.held_on(day)]

    def is_central_leader(self, day: dt.date | None) -> bool:
        return any(p.rank in CENTRAL_RANKS for p in self.posts_on(day))


@dataclass(frozen=True)
class ThemeEntry:
    slug: str
    keywords: tuple[str, ...]
    keywords_zh: tuple[str, ...] = ()
    key_terms: tuple[str, ...] = ()  # English keywords one mention of which is enough


@dataclass(frozen=True)
class EnterpriseEntry:
    key: str
    name: str
    names: tuple[str, ...]
    names_zh: tuple[str, ...] = ()
    # The keys of its other names (an old name, a merged company's, an alias), as the
    # importer computes keys: another spelling of one of them is this company too.
    keys: tuple[str, ...] = ()


def alternation(names: Iterable[str], lookbehind: str = "", leading: bool = False) -> str:
    """A regex matching any of the names, longest first, factored as a trie.

    Python's `re` tries a flat alternation one branch at a time at every position of
    the text; with hundreds of names sharing prefixes, the trie is several times faster
    and matches exactly the same. A `lookbehind` the names must follow ("(?<![\\w-])") is
    tested after the test of the first character, the cheaper of the two.

    `leading`: the names begin the pattern (no other branch before or beside them). The
    trie then starts with its first characters themselves, each branch testing the
    lookbehind after its character ("B(?<![\\w-].)eijing"): `re` sees that a match can only
    start at one of those characters and skips to the next one in a tight loop of its own,
    instead of trying the pattern at every position (half of the search's instructions).
    """
    trie: dict = {}
    for name in set(names):
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    pattern = _trie_pattern(trie)
    if not pattern or "" in trie:
        return lookbehind + pattern
    if leading:
        # "(?<![\w-])" before the first character is "(?<![\w-].)" after it.
        if lookbehind and not re.fullmatch(r"\(\?<!\[[^\]]+\]\)", lookbehind):
            raise ValueError(f"not a lookbehind of one character class: {lookbehind}")
        after_first = f"(?<!{lookbehind[4:-1]}.)" if lookbehind else ""
        branches = [
            re.escape(char) + after_first + _trie_pattern(child)
            for char, child in sorted(trie.items())
        ]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where no name can start, one test of the next character against a set rejects the
    # position; without it `re` tries each first-level branch there (hundreds, with the
    # Chinese names), which made a search over a sentence several times slower.
    return f"(?=[{''.join(re.escape(char) for char in sorted(trie))}]){lookbehind}{pattern}"


def _trie_pattern(node: dict) -> str:
    branches = [
        re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # The longer names are tried first; the name ending here is the fallback.
    return f"(?:{body})?" if "" in node else body


@dataclass
class Gazetteer:
    provinces: list[PlaceEntry] = field(default_factory=list)
    cities: list[PlaceEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    themes: list[ThemeEntry] = field(default_factory=list)
    enterprises: list[EnterpriseEntry] = field(default_factory=list)
    counties: list[CountyEntry] = field(default_factory=list)

    @cached_property
    def province_by_code(self) -> dict[str, PlaceEntry]:
        return {p.code: p for p in self.provinces}

    @cached_property
    def city_by_code(self) -> dict[str, PlaceEntry]:
        return {c.code: c for c in self.cities}

    @cached_property
    def county_index(self) -> dict[str, tuple[CountyMatch, ...]]:
        """Every name of a county-level division (English and Chinese, full and short) to
        every division it may mean, with its prefecture and province."""
        index: dict[str, list[CountyMatch]] = {}
        for county in self.counties:
            province = self.province_by_code.get(county.province)
            if province is None:
                continue
            match = CountyMatch(county, self.city_by_code.get(county.city), province)
            for name in dict.fromkeys((*county.names, *county.names_zh)):
                index.setdefault(name, []).append(match)
        return {name: tuple(matches) for name, matches in index.items()}

    def counties_named(self, name: str, province: str = "") -> tuple[CountyMatch, ...]:
        """The county-level divisions a name may mean, all of them, in code order.

        A name is matched as written: "Kunshan", "Kunshan City", "昆山市", "昆山"; English
        names are case-sensitive, as in `place_pattern`. Many names repeat across
        provinces (朝阳区 in Beijing and Changchun, "Chaoyang" also the county of Chaoyang
        City, Liaoning) and some are also a prefecture's or a province's name (阜新 the
        county and the city, Wuhai's "Hainan" District): every candidate is returned, for
        the caller to choose by the province and the places the text names
        (`place_index` says whether the name is also a province's or a city's).
        `province`, a province code, keeps the candidates in that province.
        """
        matches = self.county_index.get(name, ())
        if province:
            return tuple(m for m in matches if m.province.code == province)
        return matches

    @cached_property
    def place_index(self) -> dict[str, list[PlaceEntry]]:
        """Every spelling (English and Chinese) to the places it may mean."""
        index: dict[str, list[PlaceEntry]] = {}
        for place in [*self.provinces, *self.cities]:
            for name in {*place.names, *place.names_zh}:
                index.setdefault(name, []).append(place)
        return index

    @cached_property
    def place_pattern(self) -> re.Pattern[str]:
        chinese = [n for n in self.place_index if not n.isascii()]
        return re.compile(
            self._english_place_pattern + (rf"|(?P<zh>{alternation(chinese)})" if chinese else "")
        )

    @cached_property
    def _english_place_pattern(self) -> str:
        return self._english_places()

    def _english_places(self, leading: bool = False) -> str:
        english = [n for n in self.place_index if n.isascii()]
        # Case-sensitive: place names are capitalised in English news.
        names = alternation(english, lookbehind=r"(?<![\w'-])", leading=leading)
        return rf"(?P<en>{names})(?![\w]|'(?!s\b))"

    def place_pattern_for(self, text: str) -> re.Pattern[str]:
        """The place pattern to search this text with.

        An ASCII text holds none of the other names: searched without them, it is spared
        trying them at each of its characters (the search took twice as long).
        """
        return self.english_place_pattern if text.isascii() else self.place_pattern

    @cached_property
    def english_place_pattern(self) -> re.Pattern[str]:
        return re.compile(self._english_places(leading=True))

    @cached_property
    def person_index(self) -> dict[str, PersonEntry]:
        """Each name to its person; a name two people are written by, to the first of them
        (`namesakes` has them all)."""
        index: dict[str, PersonEntry] = {}
        for person in self.people:
            for name in (*person.names, *person.written, *person.names_zh):
                index.setdefault(name, person)
        return index

    @cached_property
    def namesakes(self) -> dict[str, tuple[PersonEntry, ...]]:
        """English names that two people or more are written by ("Liu Qi": Beijing's Party
        secretary until 2012, and Jiangxi's governor from 2016, "Liu Qi (born 1957)")."""
        people: dict[str, dict[str, PersonEntry]] = {}
        for person in self.people:
            for name in person.written:
                people.setdefault(name, {})[person.name] = person
        return {name: tuple(p.values()) for name, p in people.items() if len(p) > 1}

    @cached_property
    def person_pattern(self) -> re.Pattern[str]:
        chinese = [n for n in self.person_index if not n.isascii()]
        parts = [self._english_person_pattern] if self._english_person_pattern else []
        if chinese:
            parts.append(alternation(chinese))
        return re.compile("|".join(parts) or r"(?!x)x")

    @cached_property
    def _english_person_pattern(self) -> str:
        return self._english_people()

    def _english_people(self, leading: bool = False) -> str:
        english = [n for n in self.person_index if n.isascii()]
        if not english:
            return ""
        names = alternation(english, lookbehind=r"(?<![\w-])", leading=leading)
        # A name may be followed by its Chinese characters: "Yi Lianhong易炼红".
        return rf"(?:{names})(?!(?![\u3400-\u9fff])[\w-]|'(?!s\b))"

    def person_pattern_for(self, text: str) -> re.Pattern[str]:
        """The person pattern to search this text with (see place_pattern_for)."""
        return self.english_person_pattern if text.isascii() else self.person_pattern

    @cached_property
    def english_person_pattern(self) -> re.Pattern[str]:
        return re.compile(self._english_people(leading=True) or r"(?!x)x")

    @cached_property
    def chinese(self):
        """The Chinese names' indexes and patterns (chinese/names.py)."""
        from .chinese.names import ChineseNames

        return ChineseNames(self)

    @cached_property
    def theme_matcher(self):
        from .themes import ThemeMatcher

        return ThemeMatcher(self.themes)

    @cached_property
    def enterprise_index(self) -> dict[str, EnterpriseEntry]:
        index: dict[str, EnterpriseEntry] = {}
        for enterprise in self.enterprises:
            for name in (*enterprise.names, *enterprise.names_zh):
                if len(name) >= 2:
                    index.setdefault(name, enterprise)
        return index

    @cached_property
    def enterprise_by_key(self) -> dict[str, EnterpriseEntry]:
        """Each company by its key, then by the keys of its other names (a company's own
        key beats another's other name)."""
        by_key: dict[str, EnterpriseEntry] = {}
        for enterprise in self.enterprises:
            by_key.setdefault(enterprise.key, enterprise)
        for enterprise in self.enterprises:
            for key in enterprise.keys:
                by_key.setdefault(key, enterprise)
        return by_key

    def add_enterprise(self, entry: EnterpriseEntry) -> None:
        """A company met during an import, known from then on."""
        self.enterprises.append(entry)
        # Kept up to date rather than rebuilt: an import meets thousands of companies.
        if "enterprise_index" in self.__dict__:
            for name in (*entry.names, *entry.names_zh):
                if len(name) >= 2:
                    self.enterprise_index.setdefault(name, entry)
        if "enterprise_by_key" in self.__dict__:
            for key in (entry.key, *entry.keys):
                self.enterprise_by_key.setdefault(key, entry)
        if "chinese" in self.__dict__:
            self.chinese.add_enterprise(entry)

    def forget_enterprises_after(self, count: int) -> None:
        """Forget the companies added after the first `count`, as if never added: the names
        and keys they were first to hold are dropped from the indexes (add_enterprise never
        gives a name held by one company to another)."""
        forgotten = self.enterprises[count:]
        del self.enterprises[count:]
        index, by_key = (
            self.__dict__.get("enterprise_index"),
            self.__dict__.get("enterprise_by_key"),
        )
        for entry in reversed(forgotten):
            for names, held in (
                ((*entry.names, *entry.names_zh), index),
                ((entry.key, *entry.keys), by_key),
            ):
                for name in names if held is not None else ():
                    if held.get(name) is entry:
                        del held[name]
            if "chinese" in self.__dict__:
                self.chinese.forget_enterprise(entry)

    def replace_enterprises(self, entries: Iterable[EnterpriseEntry]) -> None:
        """Know these companies instead of those it knew (some of which are no more)."""
        self.enterprises = list(entries)
        for name in ("enterprise_index", "enterprise_by_key"):
            self.__dict__.pop(name, None)
        if "chinese" in self.__dict__:
            self.chinese.forget_enterprises()
