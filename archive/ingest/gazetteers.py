"""The shipped gazetteers (fixtures/gazetteer/*.json) in and out of the database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.changes import history_rows
from archive.ingest import sql
from archive.ingest.extraction.chinese import company_key
from archive.ingest.extraction.enterprises import enterprise_key
from archive.ingest.extraction.gazetteer import (
    CountyEntry,
    EnterpriseEntry,
    Gazetteer,
    PersonEntry,
    PlaceEntry,
    PostEntry,
    ThemeEntry,
)
from archive.ingest.extraction.text import CJK_CHAR
from archive.models import City, County, Enterprise, Official, Post, Province, Theme

# The history reason of a person or company the importer made on meeting it in a report:
# changes that leave a gazetteer read before them whole (`editors_mark`).
FIRST_NAMED = "first named in a report"
# The history reason of a record loaded from fixtures/gazetteer.
LOADED = "loaded from the shipped gazetteer"


def gazetteer_dir() -> Path:
    return Path(settings.FIXTURES_DIR) / "gazetteer"


def _read(name: str):
    path = gazetteer_dir() / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@transaction.atomic
def load_places() -> int:
    """Add missing provinces and cities; existing records keep their edits."""
    data = _read("places.json") or {"provinces": []}
    known = set(Province.objects.values_list("code", flat=True)) | set(
        City.objects.values_list("code", flat=True)
    )
    added = 0
    for item in data["provinces"]:
        province = Province.objects.filter(code=item["code"]).first()
        if province is None:
            province = Province.objects.create(
                code=item["code"],
                name=item["name"],
                name_zh=item.get("name_zh", ""),
                short_zh=item.get("short_zh", ""),
                pinyin=item.get("pinyin", ""),
                kind=item.get("kind", "province"),
                full_name=item.get("full_name", ""),
                aliases=item.get("aliases", []),
            )
            added += 1
        cities = [
            City(
                province=province,
                code=c["code"],
                name=c["name"],
                full_name=c.get("full_name", ""),
                name_zh=c.get("name_zh", ""),
                short_zh=c.get("short_zh", ""),
                pinyin=c.get("pinyin", ""),
                kind=c.get("kind", "city"),
                aliases=c.get("aliases", []),
            )
            for c in item.get("cities", [])
            if c["code"] not in known
        ]
        City.objects.bulk_create(cities)
        _loaded(cities)
        added += len(cities)
    return added


@transaction.atomic
def load_counties() -> int:
    """Add missing county-level divisions; existing records keep their edits.

    A division whose province or prefecture is not in the database (an editor deleted
    or recoded it) waits for a later load.
    """
    data = _read("counties.json") or {"counties": []}
    known = set(County.objects.values_list("code", flat=True))
    provinces = dict(Province.objects.values_list("code", "pk"))
    cities = dict(City.objects.values_list("code", "pk"))
    counties = [
        County(
            code=c["code"],
            name=c["name"],
            full_name=c.get("full_name", ""),
            name_zh=c.get("name_zh", ""),
            short_zh=c.get("short_zh", ""),
            pinyin=c.get("pinyin", ""),
            kind=c["kind"],
            province_id=provinces[c["province"]],
            city_id=cities[c["city"]] if c["city"] else None,
            aliases=c.get("aliases", []),
        )
        for c in data["counties"]
        if c["code"] not in known
        and c["province"] in provinces
        and (not c["city"] or c["city"] in cities)
    ]
    County.objects.bulk_create(counties, batch_size=1000)
    _loaded(counties)
    return len(counties)


@transaction.atomic
def load_officials() -> int:
    data = _read("officials.json") or []
    provinces = {p.name: p for p in Province.objects.all()}
    existing = set(Official.objects.values_list("name", flat=True))
    added = 0
    for item in data:
        if item["name"] in existing:
            continue
        official = Official.objects.create(
            name=item["name"], name_zh=item.get("name_zh", ""), aliases=item.get("aliases", [])
        )
        _loaded(
            Post.objects.bulk_create(
                Post(
                    official=official,
                    title=p["title"],
                    title_zh=p.get("title_zh", ""),
                    rank=p["rank"],
                    province=provinces.get(p.get("province") or ""),
                    start=dt.date.fromisoformat(p["start"]),
                    end=dt.date.fromisoformat(p["end"]) if p.get("end") else None,
                )
                for p in item.get("posts", [])
            )
        )
        added += 1
    return added


@transaction.atomic
def load_themes() -> int:
    data = _read("themes.json") or []
    existing = set(Theme.objects.values_list("slug", flat=True))
    themes = [
        Theme(
            slug=t["slug"],
            name=t["name"],
            name_zh=t.get("name_zh", ""),
            description=t.get("description", ""),
            description_zh=t.get("description_zh", ""),
            keywords=t.get("keywords", []),
            key_terms=t.get("key_terms", []),
            keywords_zh=t.get("keywords_zh", []),
        )
        for t in data
        if t["slug"] not in existing
    ]
    Theme.objects.bulk_create(themes)
    _loaded(themes)
    return len(themes)


def _loaded(records: list) -> None:
    """History rows for records a load wrote in bulk, as saving them would have left: they
    tell an import already running to read its gazetteer again (`editors_mark`)."""
    for record in records:
        record._change_reason = LOADED
    sql.insert(history_rows(records, "+"))


def load_all() -> dict[str, int]:
    return {
        "places": load_places(),
        "counties": load_counties(),
        "officials": load_officials(),
        "themes": load_themes(),
    }


def seed_empty_gazetteers(**kwargs) -> None:
    """post_migrate: fill a gazetteer only when its table is empty."""
    if not Province.objects.exists():
        load_places()
    if not County.objects.exists():
        load_counties()
    if not Official.objects.exists():
        load_officials()
    if not Theme.objects.exists():
        load_themes()


def build_gazetteer() -> Gazetteer:
    """The database's current gazetteers, editors' additions included, for extraction."""
    provinces = list(Province.objects.all())
    province_codes = {p.pk: p.code for p in provinces}
    cities = list(City.objects.all())
    city_codes = {c.pk: c.code for c in cities}
    posts: dict[int, list[PostEntry]] = {}
    for post in Post.objects.select_related("province"):
        posts.setdefault(post.official_id, []).append(
            PostEntry(
                rank=post.rank,
                title=post.title,
                start=post.start,
                end=post.end,
                province=post.province.name if post.province else "",
            )
        )
    return Gazetteer(
        provinces=[
            PlaceEntry(
                code=p.code,
                name=p.name,
                kind="province_level",
                names=tuple(dict.fromkeys(p.all_names)),
                names_zh=tuple(n for n in (p.name_zh, p.short_zh) if n),
            )
            for p in provinces
        ],
        cities=[
            PlaceEntry(
                code=c.code,
                name=c.name,
                kind=c.kind,
                names=tuple(dict.fromkeys(c.all_names)),
                names_zh=tuple(n for n in (c.name_zh, c.short_zh) if len(n) >= 2),
                province=province_codes[c.province_id],
            )
            for c in cities
        ],
        counties=[
            CountyEntry(
                code=c.code,
                name=c.name,
                kind=c.kind,
                names=tuple(dict.fromkeys(c.all_names)),
                names_zh=tuple(n for n in (c.name_zh, c.short_zh) if len(n) >= 2),
                city=city_codes.get(c.city_id, ""),
                province=province_codes[c.province_id],
            )
            for c in County.objects.order_by("code")
        ],
        people=[
            PersonEntry(
                name=o.name,
                names=tuple(dict.fromkeys([o.name, *o.aliases])),
                names_zh=(o.name_zh,) if o.name_zh else (),
                posts=tuple(posts.get(o.pk, ())),
            )
            for o in Official.objects.all()
        ],
        themes=[
            ThemeEntry(
                t.slug,
                tuple(k.lower() for k in t.keywords),
                tuple(t.keywords_zh),
                key_terms=tuple(k.lower() for k in t.key_terms),
            )
            for t in Theme.objects.all()
        ],
        enterprises=enterprise_entries(),
    )


def name_key(name: str) -> str:
    """The key a company's name gives (Enterprise.key): what its spellings share."""
    return company_key(name) if CJK_CHAR.search(name) else enterprise_key(name)


def enterprise_entries() -> list[EnterpriseEntry]:
    """Every enterprise of the database, by every name it has and the keys of those names,
    for extraction: the name an editor gave it, its aliases (a merged company's names, its
    name before an editor renamed it) and any spelling of one of them find it."""
    entries = []
    for key, name, aliases, name_zh in Enterprise.objects.values_list(
        "key", "name", "aliases", "name_zh"
    ):
        names = tuple(dict.fromkeys([name, *(aliases or [])]))
        keys = dict.fromkeys(name_key(n) for n in (*names, name_zh) if n)
        keys.pop(key, None)
        entries.append(
            EnterpriseEntry(
                key=key,
                name=name,
                names=names,
                names_zh=(name_zh,) if name_zh else (),
                keys=tuple(k for k in keys if k),
            )
        )
    return entries


def company_entry(key: str, name: str, name_zh: str) -> EnterpriseEntry:
    """A company an import made, as that import's extraction knows it from then on: by the
    name it was made with (the spellings later reports add are not looked for)."""
    return EnterpriseEntry(key, name, (name,), (name_zh,) if name_zh else ())


def editors_mark() -> tuple:
    """What moves whenever a record the gazetteer is built from changes, except for the
    people and companies imports make (FIRST_NAMED): a gazetteer read before it moved may be
    stale.

    The number of such history rows and the last, per model: a change committed after a later
    one (and so with a lower id) still moves the count.
    """
    return sql.history_counts(
        (Province, City, County, Official, Post, Theme, Enterprise), except_reason=FIRST_NAMED
    )
