"""Provinces and prefecture-level cities a tour actually went to, not merely mentioned."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .context import TOUR_WORD, is_hypothetical
from .gazetteer import Gazetteer, PlaceEntry
from .text import Sentence, matches_by_sentence

DIRECTION = (
    r"(?:(?:north|south|east|west|central|northeast|northwest|southeast|southwest|"
    r"northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|"
    r"north-central|south-central|coastal|inland|remote|mountainous)\s+)"
)
PLACE_SUFFIX = re.compile(
    r"^(?:\s+(?:City|city|cities|Province|provinces|province|Municipality|municipality|Autonomous Region|"
    r"Uygur Autonomous Region|Zhuang Autonomous Region|Hui Autonomous Region|"
    r"Special Administrative Region|SAR|Prefecture|prefecture|League))?(?:'s)?"
)
# Between two items of one list of places: "Tongren city and Guiyang", "X, central China's Y".
LIST_GAP = re.compile(
    rf"^\s*(?:,\s*and|,|and)\s+(?:the\s+)?(?i:{DIRECTION})?(?:China's\s+)?"
    r"(?:(?:city|cities|province|provinces) of\s+)?$"
)
# What stands before a place the leader went to: "in", "to", "tour of", "visited", ...
# ("of" only after words of travel or place: "development of Beijing" is not a visit).
# (?=[...]): the words' first letters, tested before trying each (see context.py).
LOCATIVE_OF = (
    "tour|tours|trip|trips|inspection|visit|visits|city|cities|province|provinces|"
    "municipality|region|prefecture|capital|people|residents|outskirts|suburbs|part|parts|"
    "areas?|county|district|town|village|hub|heart|port|centre|center|leg"
)
LOCATIVE_VERBS = (
    "in|to|at|across|through|into|inside|around|visited|visits|visit|visiting|toured|"
    "touring|tours|inspected|inspects|inspecting|inspect|reached|arrived in|stopped in"
)
LOCATIVE_REST = (
    rf"(?:the\s+)?(?i:{DIRECTION})?(?:China's\s+)?(?:[A-Z][a-z]+'s\s+)?"
    r"(?:(?:city|cities|province|provinces|region|municipality|capital city|capital|"
    r"tech hub|hub|port|outskirts) of\s+)?$"
)
LOCATIVE = re.compile(
    rf"(?:\b(?=(?i:[acdhilmoprstv]))(?i:(?:{LOCATIVE_OF}) of|{LOCATIVE_VERBS})\s+){LOCATIVE_REST}"
)


def _by_first_letter(words: list[str]) -> str:
    """ASCII words in any case, grouped by their first letter, which is matched as a class of
    its two cases: `re` tries a group only at its letter (a case-insensitive letter is no
    letter it can test so fast: it tried each word in turn at every word)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(
        f"(?-i:[{c}{c.upper()}])(?i:{'|'.join(rest)})" for c, rest in sorted(groups.items())
    )


# LOCATIVE where the text before a name is ASCII, searched after a space: "\b" before a
# word is a character before it that is no word character (see text.Words), a class `re`
# finds in a loop of its own instead of trying the pattern at each character.
LOCATIVE_AFTER_SPACE = re.compile(
    "[^A-Za-z0-9_](?:"
    + _by_first_letter([f"{w} of" for w in LOCATIVE_OF.split("|")] + LOCATIVE_VERBS.split("|"))
    + rf")\s+{LOCATIVE_REST}"
)
# "in Guakou Village, Tongren City", "at a community in Hanshan District, Handan", "in Lanping
# County, northwest China's Shaanxi Province", "visited Liucun, Henan Province": a place the
# gazetteer does not know, then the city or province it is in.
LOCATIVE_LIST = re.compile(
    r"\b(?:in|at|to|visit\w*|tour\w*|inspect\w*)\s+(?:[A-Z][\w'-]*\s*){1,5},\s+"
    rf"(?:(?i:{DIRECTION})?China's\s+)?$"
)
# A place word that begins a longer proper name: "Jinan University", "Ezhou Huahu Airport";
# not a day ("in Shandong Province Friday and Saturday").
INSIDE_NAME = re.compile(
    r"^(?:'s)?\s*(?:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"[A-Z0-9][\w&.]*|-(?!based)\w)"
)
BASED = re.compile(r"^-based\b")
VISIT_BEFORE = re.compile(
    r"\b(?:visit\w*|inspect\w*|tour\w*|went to|at)\s+(?:the\s+)?$", re.IGNORECASE
)
# "officials from the six provinces of Shanxi, Anhui ...": named, not visited.
FROM_PLACES = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:\w+\s+){0,2}(?:cities|provinces|regions)\s+of\s+$"
)
# Chinese: a place the leader went to follows 在, 到, 赴, 来到 ... within a few characters.
ZH_LOCATIVE = re.compile(r"(?:在|到|赴|来到|走进|前往|深入|考察|调研)[^，。；、]{0,4}$")
# Words that may follow a visited place; any other lowercase word makes it attributive.
FOLLOWERS = frozenset(
    [
        "on",
        "in",
        "to",
        "and",
        "or",
        "where",
        "which",
        "with",
        "for",
        "from",
        "at",
        "during",
        "as",
        "after",
        "before",
        "this",
        "that",
        "last",
        "yesterday",
        "today",
        "earlier",
        "later",
        "the",
        "a",
        "an",
        "when",
        "while",
        "since",
        "until",
        "by",
        "of",
        "its",
        "his",
        "her",
        "their",
        "whose",
        "who",
        "city",
        "cities",
        "province",
        "provinces",
        "municipality",
        "region",
        "prefecture",
        "county",
        "district",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "on",
        "then",
        "also",
        "over",
        "through",
        "into",
        "near",
        "including",
        "including",
        "to",
    ]
)
# A relative clause says where something else goes: "..., where water ... flows to Beijing".
PRONOUN = re.compile(r"\b(?=[hs])(?:he|she|him|her)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r",\s+(?=(?:where|which|whose)\b)|;\s+")
ZH_DATELINE = re.compile(r"新华社[\u4e00-\u9fff]{2,8}?\d{1,2}月\d{1,2}日电")
# "the University of Chicago Centre in Beijing": where an institution is, not the leader.
INSTITUTION_IN = re.compile(
    r"\b(?:Centre|Center|University|Institute|College|School|Embassy|Consulate|Office|"
    r"Headquarters|Bureau)\s+(?:in|of|at)\s+$"
)


@dataclass(frozen=True)
class PlaceFound:
    place: PlaceEntry
    sentence: int


def visited_places(
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    is_about_leader: Callable[[int], bool],
    is_background: Callable[[int], bool],
) -> tuple[list[PlaceFound], list[PlaceFound]]:
    """(provinces, prefecture-level cities) the tour went to, in order of first evidence."""
    provinces: dict[str, PlaceFound] = {}
    cities: dict[str, PlaceFound] = {}
    document = "\n".join(s.text for s in sentences)
    named = _names_by_sentence(document, sentences, gazetteer)
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if named is not None and index not in named:
            continue  # no place named: nothing to find
        if is_background(index) or is_hypothetical(text):
            continue
        found_places: list[PlaceEntry] = []
        leader = is_about_leader(index)
        # (CLAUSE_BREAK needs a semicolon or a "wh" word.)
        clauses = CLAUSE_BREAK.split(text) if ";" in text or "wh" in text else [text]
        for number, clause in enumerate(clauses):
            about_tour = TOUR_WORD.found_in(clause)
            # A relative clause speaks of the leader only if it names him or her again.
            subject = leader if number == 0 else bool(PRONOUN.search(clause))
            if about_tour or subject:
                found_places.extend(
                    _places_in(
                        clause,
                        gazetteer,
                        require_tour_word=not about_tour,
                        document=document,
                        # (The sentence's names are the clause's when it is one clause.)
                        mentions=named[index] if named is not None and len(clauses) == 1 else None,
                    )
                )
        for place in found_places:
            if not place.province:
                provinces.setdefault(place.code, PlaceFound(place, index))
                continue
            if place.is_city:
                cities.setdefault(place.code, PlaceFound(place, index))
            province = gazetteer.province_by_code.get(place.province)
            if province:
                provinces.setdefault(province.code, PlaceFound(province, index))
    return list(provinces.values()), list(cities.values())


# (name, start, end, whether Chinese) of a place name in a text
Mention = tuple[str, int, int, bool]


def _names_by_sentence(
    document: str, sentences: Sequence[Sentence], gazetteer: Gazetteer
) -> dict[int, list[Mention]] | None:
    """The place names of each sentence that names one, by its index, from one search of an
    ASCII document (the sentences joined by line breaks); None for any other document.

    A name never holds a line break, and the break stands where the sentence's start or end
    would: each sentence has the names a search of it alone finds. Most sentences name no
    place, and are spared the rest of the search for one."""
    if not document.isascii():
        return None
    named: dict[int, list[Mention]] = {}
    pattern = gazetteer.english_place_pattern
    for index, start, match in matches_by_sentence(pattern, sentences, document):
        named.setdefault(index, []).append(
            (match.group(0), match.start() - start, match.end() - start, False)
        )
    return named


def _mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    return [
        (m.group(0), m.start(), m.end(), m.lastgroup == "zh" and bool(m.group("zh")))
        for m in gazetteer.place_pattern_for(text).finditer(text)
    ]


def _places_in(
    text: str,
    gazetteer: Gazetteer,
    require_tour_word: bool,
    document: str = "",
    mentions: list[Mention] | None = None,
) -> list[PlaceEntry]:
    """Places named where the leader went, in one sentence or clause (`mentions`: the place
    names in it, if known).

    Without a word of travel in the clause, only "In X, <leader> ..." at its start counts.
    """
    # A Chinese wire dateline ("新华社武汉1月3日电") says where the report was filed.
    if "新华社" in text:
        text = ZH_DATELINE.sub(lambda m: " " * len(m.group(0)), text)
    found: list[PlaceEntry] = []
    list_ok = False  # whether the list this mention belongs to stands after a locative
    previous_end = None
    for name, start, name_end, chinese in (
        _mentions(text, gazetteer) if mentions is None else mentions
    ):
        end = name_end
        before = text[:start]
        if chinese:
            listed = previous_end is not None and re.fullmatch(
                r"[、和及与]", text[previous_end:start]
            )
            list_ok = bool(listed and list_ok) or bool(ZH_LOCATIVE.search(before[-8:]))
            previous_end = end
            if list_ok:
                found.extend(_resolve(name, gazetteer, document or text))
            continue
        end += PLACE_SUFFIX.match(text[end:]).end()
        after = text[end:]
        if previous_end is not None and LIST_GAP.match(text[previous_end:start]):
            in_list = list_ok
        elif require_tour_word:
            # "In Ezhou City, Li pointed out ..." names where the leader was.
            in_list = bool(IN_OR_AT.fullmatch(before))
        else:
            # The patterns end with what the words before the name must end with: a comma
            # for a list, "of" for "from the provinces of".
            ending = before.rstrip()
            in_list = _after_locative(before) or (
                ending.endswith((",", "China's")) and bool(LOCATIVE_LIST.search(before[-100:]))
            )
            in_list = in_list and not (ending.endswith("of") and FROM_PLACES.search(before[-60:]))
        list_ok = in_list
        previous_end = end
        if BASED.match(text[name_end:]):
            if VISIT_BEFORE.search(before[-40:]):
                found.extend(_resolve(name, gazetteer, document or text))
            continue
        if not in_list or INSIDE_NAME.match(after) and not after.startswith("'s"):
            continue
        if (
            before.rstrip().endswith(("in", "of", "at"))
            and INSTITUTION_IN.search(before[-40:])
            or _attributive(after)
        ):
            continue
        if (
            before.endswith("-")
            or AFTER_CAPITALISED.search(before[-30:])
            and not _after_locative(before)
        ):
            continue
        found.extend(_resolve(name, gazetteer, document or text))
    return found


IN_OR_AT = re.compile(r"\s*(?:In|At)\s+(?:the\s+)?")
AFTER_CAPITALISED = re.compile(r"[A-Z][\w]*\s+$")
NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


@lru_cache(maxsize=64)  # asked twice of a name's words, by two tests
def _after_locative(before: str) -> bool:
    window = before[-80:]
    if window.isascii():
        return bool(LOCATIVE_AFTER_SPACE.search(" " + window))
    return bool(LOCATIVE.search(window))


def _attributive(after: str) -> bool:
    """ "the Jinhua community", "in Shanghai trade": the name describes something else."""
    word = NEXT_WORD.match(after)
    return bool(word) and word.group(1) not in FOLLOWERS


def _resolve(name: str, gazetteer: Gazetteer, text: str) -> list[PlaceEntry]:
    """One place for a name; a name shared by two cities goes to the province the text names."""
    candidates = gazetteer.place_index.get(name, [])
    if len(candidates) <= 1:
        return list(candidates)
    provinces = [c for c in candidates if not c.province]
    if provinces:
        return provinces[:1]
    named = [c for c in candidates if _province_named(c, gazetteer, text)]
    return named[:1]


def _province_named(city: PlaceEntry, gazetteer: Gazetteer, text: str) -> bool:
    province = gazetteer.province_by_code.get(city.province)
    return bool(province) and any(n in text for n in (*province.names, *province.names_zh))
