"""Check fixtures/gazetteer/places.json's prefecture-level divisions against the source.

    /tmp/gaz/bin/python -m tools.gazetteer.audit_places      # see build_counties.py

Every prefecture-level division of the package (cities, prefectures, autonomous
prefectures, leagues) and every county-level city or area a province administers
directly must be in places.json under its province, with the package's code and Chinese
name, the kind its Chinese name says, the short Chinese name without the kind's word
(and the nationalities of an autonomous prefecture), pinyin as the build gives it, and an
English full name that ends with its kind's words. The English names themselves are
judged by a person: the established forms of Mongolian, Uygur and Tibetan names are no
rule's output. Prints each difference; exits 1 if any.
"""

from __future__ import annotations

import json
import re
import sys

from . import names, source
from .build_counties import FIXTURES

# Hainan's counties are in counties.json, under their province.
GROUPS = ("省直辖县级行政区划", "自治区直辖县级行政区划")
KIND_WORDS = {
    "city": "City",
    "prefecture": "Prefecture",
    "autonomous_prefecture": "Autonomous Prefecture",
    "league": "League",
    "provincial_city": "City",
    "county_city": "",  # Corps cities and Shennongjia Forestry District
}


def kind_of(code: str, name_zh: str, directly_administered: bool) -> str:
    # The Corps' cities (6590xx) are run by the Corps, not listed as the region's cities.
    if directly_administered:
        return "provincial_city" if name_zh.endswith("市") and code[:4] != "6590" else "county_city"
    for suffix, kind in (
        ("自治州", "autonomous_prefecture"),
        ("地区", "prefecture"),
        ("盟", "league"),
    ):
        if name_zh.endswith(suffix):
            return kind
    return "city"


def short_and_pinyin(name_zh: str) -> tuple[str, str]:
    stem = re.sub(r"(市|地区|盟|林区)$", "", name_zh)
    if name_zh.endswith("自治州"):
        stem = name_zh[: -len("自治州")]
        while match := names._NATIONALITY_AT_END.search(stem):
            stem = stem[: match.start()]
    return stem, names.romanize(names.syllables(name_zh)[: len(stem)])


def audit(places: dict, cities: dict[str, str], divisions: list[source.Division]) -> list[str]:
    problems = []
    ours = {c["code"]: (c, p) for p in places["provinces"] for c in p["cities"]}
    # The package lists a municipality's districts and counties as groups 市辖区 and 县.
    prefectures = {c: n for c, n in cities.items() if n not in ("市辖区", "县", *GROUPS)}
    direct = {d.code: d.name for d in divisions if d.city[2:4] == "90" and d.name[-1] != "县"}
    for code, name_zh in sorted({**prefectures, **direct}.items()):
        if code not in ours:
            problems.append(f"{code} {name_zh}: missing")
            continue
        city, province = ours[code]
        where = f"{code} {name_zh}"
        if city["name_zh"] != name_zh:
            problems.append(f"{where}: named {city['name_zh']}")
        if province["code"][:2] != code[:2]:
            problems.append(f"{where}: under {province['name']}")
        kind = kind_of(code, name_zh, code in direct)
        if city["kind"] != kind:
            problems.append(f"{where}: kind {city['kind']}, its name says {kind}")
        short, pinyin = short_and_pinyin(name_zh)
        if city["short_zh"] != short:
            problems.append(f"{where}: short name {city['short_zh']}, not {short}")
        if city["pinyin"] != pinyin:
            problems.append(f"{where}: pinyin {city['pinyin']}, not {pinyin}")
        full = city.get("full_name", "")
        if not full.endswith(KIND_WORDS[kind]) or not full:
            problems.append(f"{where}: English full name {full!r}")
    for code, (city, _) in sorted(ours.items()):
        if code not in prefectures and code not in direct:
            problems.append(f"{code} {city['name_zh']}: not in the source")
    return problems


def main() -> None:
    places = json.loads((FIXTURES / "places.json").read_text(encoding="utf-8"))
    _, cities, divisions = source.load()
    problems = audit(places, cities, divisions)
    print("\n".join(problems) or "places.json agrees with the source")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
