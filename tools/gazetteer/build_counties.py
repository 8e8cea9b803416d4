"""Write fixtures/gazetteer/counties.json: every county-level division of the mainland.

    python -m venv /tmp/gaz && /tmp/gaz/bin/pip install -r tools/gazetteer/requirements.txt
    /tmp/gaz/bin/python -m tools.gazetteer.build_counties     # needs npm (the source)

Each division with its code, kind, Chinese full and short names, English name, pinyin,
English full name, other spellings, its prefecture-level division (a code of
places.json, or "" where the province itself administers it: a municipality's districts,
Hainan's counties) and its province. The county-level cities a province administers
directly (Xiantao, Hainan's, the Corps' cities) are in places.json, among the cities,
and not repeated here. What editors change in the admin is kept: the loader only adds.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from . import names, source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gazetteer"


def build(places: dict, divisions: list[source.Division]) -> dict:
    cities = {c["code"] for p in places["provinces"] for c in p["cities"]}
    counties = []
    for division in divisions:
        if division.code in cities:
            continue  # a county-level city under its province, listed among the cities
        n = names.names(division.name)
        city = division.city if division.city in cities else ""
        if not city and division.city[2:4] not in ("01", "02", "90"):
            raise SystemExit(f"{division.code} {division.name}: no prefecture {division.city}")
        counties.append(
            {
                "code": division.code,
                "name": n.name,
                "name_zh": n.name_zh,
                "short_zh": n.short_zh,
                "pinyin": n.pinyin,
                "full_name": n.full_name,
                "kind": n.kind,
                "city": city,
                "province": division.province,
                "aliases": list(n.aliases),
            }
        )
    unused = set(names.ESTABLISHED) - {c["name_zh"] for c in counties}
    if unused:
        raise SystemExit(f"names.ESTABLISHED names no division: {sorted(unused)}")
    return {
        "source": {
            "package": f"npm {source.PACKAGE} {source.VERSION}",
            "integrity": source.INTEGRITY,
            "as_of": source.AS_OF,
            "licence": source.LICENCE,
            "added": [a["code"] for a in source.ADDED],
            # What the source lists, per province, among the divisions kept here: the
            # tests hold the loaded database to it.
            "counties_per_province": dict(sorted(Counter(c["province"] for c in counties).items())),
        },
        "counties": counties,
    }


def write(data: dict, path: Path) -> None:
    """One division a line, so that a change to one shows as one line in a diff."""
    lines = [json.dumps(c, ensure_ascii=False) for c in data["counties"]]
    head = json.dumps(data["source"], ensure_ascii=False, indent=1)
    path.write_text(
        '{\n"source": ' + head + ',\n"counties": [\n' + ",\n".join(lines) + "\n]\n}\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FIXTURES / "counties.json")
    args = parser.parse_args()
    places = json.loads((FIXTURES / "places.json").read_text(encoding="utf-8"))
    _, _, divisions = source.load()
    data = build(places, divisions)
    write(data, args.output)
    kinds = Counter(c["kind"] for c in data["counties"])
    print(f"{len(data['counties'])} county-level divisions written to {args.output}: {dict(kinds)}")


if __name__ == "__main__":
    main()
