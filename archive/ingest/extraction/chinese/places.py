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

# What the archive lists as cities: prefecture-level divisions, and county-level cities
# under the province itself.
CITY_KINDS = frozenset({"city", "prefecture", "autonomous_prefecture", "league", "provincial_city"})
# Words after which the places named up to the next clause break are where the leader went.
LOCATIVE = re.compile(
    r"在|到|赴|来到|前往|抵达|抵|走进|深入|考察|调研|视察|督导|察看|走访|转战|赶赴|奔赴|飞抵|"
    r"途经|位于|造访|访问|探访|回到"
)
# A window ends at the clause's end, or where the leader does something else than going:
# "在上海主持召开上海、江苏、浙江...负责人参加的座谈会" names the others at the meeting.
CLAUSE_BREAK = re.compile(
    r"[，,。；;：:！？!?\n]|\s{2,}|主持|召开|出席|参加|听取|会见|强调|指出|表示|要求|陪同|负责人|座谈"
)
WINDOW = 40
# A place and then a tour word: "习近平浙江考察", "李强在湖北调研时强调".
THEN_TOUR = re.compile(r"\s?(?:考察|调研|视察|督导|行)")
# "从吉林赶赴上海": where the leader came from.
FROM = re.compile(r"从$|自$|离开$|由$")
# A place's name as part of a post or a body: "上海市委书记", "河南日报", "山东代表团".
# ("长" unless a county's name starts with it: "许昌市长葛市" is a list of places.)
ATTRIBUTIVE = re.compile(
    r"(?:省|市|区|州)?(?:委|长(?![\u4e00-\u9fff]{1,2}[市县区])|政府|人大|政协|日报|代表团|籍|军区|"
    r"卫视|电视台|广播|支持|援建|捐建|对口|帮扶)"  # "北京市支持雄安建设的学校": the place gives
)
# A short name (no 省/市/州...) of a city is a place only where something that can follow a
# place follows it; otherwise it is part of a longer word ("京东方", "杭州湾", "阿里巴巴").
AFTER_SHORT_NAME = re.compile(
    r"$|[，,、。；;：:！？!?\s“”\"（）()和与及等的]|考察|调研|视察|督导|察看|看望|慰问|走访|实地|开展|"
    r"进行|了解|期间|时|一些|一带|农村|市区|城区|郊区|地区|各地|当地|片区|新区|[省市州盟县区]|"
    r"主持|召开|出席|参加|听取|会见|指导|检查|"
    r"[0-9]|[\u4e00-\u9fff]{1,3}[县区旗镇乡]"  # "新乡封丘县": a county of the city follows
)
# A province's short name before a district or a street is another place's name: "天津市河北区".
NOT_THE_PROVINCE = re.compile(r"[区县旗镇乡村路街道]")
# A province's short name starting the name of a body: "北京四中雄安校区", "湖南中电星河电子
# 有限公司" (where the province is the body's, not necessarily the visit's: "考察四川灾区"
# is a visit).
BODY = re.compile(
    r"中学|小学|大学|学院|学校|校区|医院|公司|集团|银行|中心|研究院|研究所|项目|工厂|博物馆|基地"
)
# Visits written with a province's one-character name: "抵港", "访港行程", "在京", "抵沪后".
ABBREVIATED = re.compile(
    r"(?<=抵|访|赴|来|到|在|驻|莅)(?P<short>[港澳京沪津渝])(?![口区珠湾务城台督股市府交])"
)
ABBREVIATIONS = {"港": "香港", "澳": "澳门", "京": "北京", "沪": "上海", "津": "天津", "渝": "重庆"}
ABBREVIATION = re.compile("[港澳京沪津渝]")
# Names of a set of provinces: "在东北三省考察" went to each of them.
REGIONS = {"东北三省": ("黑龙江", "吉林", "辽宁")}
REGION = re.compile("|".join(REGIONS))


def visited_places(
    views: Sequence[Sentence],
    gazetteer: Gazetteer,
    names: ChineseNames,
    is_about_tour: Callable[[int], bool],
    is_leader: Callable[[str], bool],
) -> tuple[list[PlaceFound], list[PlaceFound]]:
    """(provinces, prefecture-level cities) the tour went to, in order of first evidence."""
    provinces: dict[str, PlaceFound] = {}
    cities: dict[str, PlaceFound] = {}
    document = "\n".join(v.text for v in views)
    for index, view in enumerate(views):
        if not is_about_tour(index):
            continue
        text = mask_datelines(view.text)
        matches = list(names.place_pattern.finditer(text))
        # A sentence naming only places already found adds nothing (the first evidence
        # stands): most of a report's sentences name its places again.
        if all(
            place.code in provinces or place.code in cities
            for match in matches
            for place in names.places[match.group(0)]
        ) and not (ABBREVIATION.search(text) or REGION.search(text)):
            continue
        others = [m.span() for m in names.person_pattern.finditer(text)]
        others = [span for span in others if not is_leader(text[span[0] : span[1]])]
        for place in _places_in(text, matches, gazetteer, names, document, others):
            if not place.province:
                provinces.setdefault(place.code, PlaceFound(place, index))
                continue
            if place.kind in CITY_KINDS:
                cities.setdefault(place.code, PlaceFound(place, index))
            province = gazetteer.province_by_code.get(place.province)
            if province:
                provinces.setdefault(province.code, PlaceFound(province, index))
    return list(provinces.values()), list(cities.values())


def _places_in(
    text: str,
    matches: Sequence[re.Match[str]],
    gazetteer: Gazetteer,
    names: ChineseNames,
    document: str,
    others: Sequence[tuple[int, int]],
) -> list[PlaceEntry]:
    found: list[PlaceEntry] = []
    windows = _windows(text, others)
    for match in matches:
        name, start, end = match.group(0), match.start(), match.end()
        after = text[end : end + 4]
        if ATTRIBUTIVE.match(after) and not after.startswith(("市区", "区县")):
            continue
        if name not in names.full_place_names:
            if _is_city_only(name, names):
                # (A short name of three characters or more is no part of a word.)
                if len(name) < 3 and not AFTER_SHORT_NAME.match(after):
                    continue
            elif NOT_THE_PROVINCE.match(after) or (
                not AFTER_SHORT_NAME.match(after) and _names_a_body(text, end)
            ):
                continue
        visited = windows.covers(start) or bool(THEN_TOUR.match(text, end))
        if not visited or FROM.search(text[max(0, start - 2) : start]):
            continue
        found.extend(_resolve(name, gazetteer, names, document))
    for match in REGION.finditer(text):
        if windows.covers(match.start()) or THEN_TOUR.match(text, match.end()):
            for short in REGIONS[match.group(0)]:
                found.extend(names.places.get(short, [])[:1])
    if ABBREVIATION.search(text):
        for match in ABBREVIATED.finditer(text):
            found.extend(names.places.get(ABBREVIATIONS[match.group("short")], [])[:1])
    return found


def _names_a_body(text: str, end: int) -> bool:
    stop = CLAUSE_BREAK.search(text, end, end + 16)
    return bool(BODY.search(text, end, stop.start() if stop else end + 16))


def _windows(text: str, others: Sequence[tuple[int, int]]) -> Spans:
    """Stretches of the text after a locative word, up to the clause's end; not those whose
    subject is someone else ("李克强赴山西太原,习近平选择去重庆": only Chongqing is the
    leader's)."""
    windows = []
    for match in LOCATIVE.finditer(text):
        if _someone_else_goes(text, match.start(), others):
            continue
        end = min(match.end() + WINDOW, len(text))
        stop = CLAUSE_BREAK.search(text, match.end(), end)
        windows.append((match.end(), stop.start() if stop else end))
    return Spans(windows)


def _someone_else_goes(text: str, at: int, others: Sequence[tuple[int, int]]) -> bool:
    """Whether another official named in the same clause, right before, is the one going."""
    return any(
        end <= at and at - end <= 2 and not SEPARATES.search(text, end, at) for _, end in others
    )


# (A companion's name before "陪同下来到" is not the subject of going.)
SEPARATES = re.compile(r"[，,。；;：:！？!?\n陪下]")


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
