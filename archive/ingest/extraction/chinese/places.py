"""Provinces and prefecture-level cities a tour went to, as Chinese reports name them.

A place counts where the words before it say the leader went there: "在开封、新乡、郑州
考察", "先后到广州市和珠海市", "赴上海、浙江调研", "在宜昌,李强首先来到...". Names in
titles ("上海市委书记") and organisations stay out; so does the dateline's city.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..gazetteer import Gazetteer, PlaceEntry
from ..places import PlaceFound
from ..text import Sentence
from .dates import mask_datelines
from .names import ChineseNames
from .spans import Spans

# Words after which the places named up to the next clause break are where the leader went.
LOCATIVE = re.compile(
    r"在|到|赴|来到|前往|抵达|抵|走进|深入|考察|调研|视察|督导|察看|走访|转战|赶赴|奔赴|飞抵|"
    r"途经|位于|造访|访问|探访|回到"
)
CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?\n]|\s{2,}")
WINDOW = 40
# A place and then a tour word: "习近平浙江考察", "李强在湖北调研时强调".
THEN_TOUR = re.compile(r"\s?(?:考察|调研|视察|督导|行)")
# "从吉林赶赴上海": where the leader came from.
FROM = re.compile(r"从$|自$|离开$|由$")
# A place's name as part of a post or a body: "上海市委书记", "河南日报", "山东代表团".
# ("长" unless a county's name starts with it: "许昌市长葛市" is a list of places.)
ATTRIBUTIVE = re.compile(
    r"(?:省|市|区|州)?(?:委|长(?![\u4e00-\u9fff]{1,2}[市县区])|政府|人大|政协|日报|代表团|籍|军区|"
    r"卫视|电视台|广播)"
)
# A short name (no 省/市/州...) of a city is a place only where something that can follow a
# place follows it; otherwise it is part of a longer word ("京东方", "杭州湾", "阿里巴巴").
AFTER_SHORT_NAME = re.compile(
    r"$|[，,、。；;：:！？!?\s“”\"（）()和与及等的]|考察|调研|视察|督导|察看|看望|慰问|走访|实地|开展|"
    r"进行|了解|期间|时|一些|一带|农村|市区|城区|郊区|地区|各地|当地|片区|新区|[省市州盟县区]|"
    r"[0-9]"
)


def visited_places(
    views: Sequence[Sentence],
    gazetteer: Gazetteer,
    names: ChineseNames,
    is_about_tour: Callable[[int], bool],
) -> tuple[list[PlaceFound], list[PlaceFound]]:
    """(provinces, prefecture-level cities) the tour went to, in order of first evidence."""
    provinces: dict[str, PlaceFound] = {}
    cities: dict[str, PlaceFound] = {}
    document = "\n".join(v.text for v in views)
    for index, view in enumerate(views):
        if not is_about_tour(index):
            continue
        for place in _places_in(mask_datelines(view.text), gazetteer, names, document):
            if not place.province:
                provinces.setdefault(place.code, PlaceFound(place, index))
                continue
            if place.is_city:
                cities.setdefault(place.code, PlaceFound(place, index))
            province = gazetteer.province_by_code.get(place.province)
            if province:
                provinces.setdefault(province.code, PlaceFound(province, index))
    return list(provinces.values()), list(cities.values())


def _places_in(
    text: str, gazetteer: Gazetteer, names: ChineseNames, document: str
) -> list[PlaceEntry]:
    found: list[PlaceEntry] = []
    windows = _windows(text)
    for match in names.place_pattern.finditer(text):
        name, start, end = match.group(0), match.start(), match.end()
        after = text[end : end + 4]
        if ATTRIBUTIVE.match(after) and not after.startswith(("市区", "区县")):
            continue
        if (
            name not in names.full_place_names
            and _is_city_only(name, names)
            and not AFTER_SHORT_NAME.match(after)
        ):
            continue
        visited = windows.covers(start) or bool(THEN_TOUR.match(text, end))
        if not visited or FROM.search(text[max(0, start - 2) : start]):
            continue
        found.extend(_resolve(name, gazetteer, names, document))
    return found


def _windows(text: str) -> Spans:
    """Stretches of the text after a locative word, up to the clause's end."""
    windows = []
    for match in LOCATIVE.finditer(text):
        end = min(match.end() + WINDOW, len(text))
        stop = CLAUSE_BREAK.search(text, match.end(), end)
        windows.append((match.end(), stop.start() if stop else end))
    return Spans(windows)


def _is_city_only(name: str, names: ChineseNames) -> bool:
    return all(place.province for place in names.places[name])


def _resolve(
    name: str, gazetteer: Gazetteer, names: ChineseNames, document: str
) -> list[PlaceEntry]:
    """One place for a name: a province before a city of the same name ("吉林"), a city
    named in two provinces by the province the text names."""
    candidates = names.places.get(name, [])
    if len(candidates) <= 1:
        return list(candidates)
    provinces = [c for c in candidates if not c.province]
    if provinces:
        return provinces[:1]
    named = [c for c in candidates if _province_named(c, gazetteer, document)]
    return named[:1]


def _province_named(city: PlaceEntry, gazetteer: Gazetteer, document: str) -> bool:
    province = gazetteer.province_by_code.get(city.province)
    return bool(province) and any(n in document for n in province.names_zh)
