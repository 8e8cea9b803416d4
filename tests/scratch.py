"""Databases of their own for tests that run `manage.py` in other processes.

Of the same kind as the test database: a SQLite file, or a database on the test's PostgreSQL
server. One is migrated once per session; each test gets a copy (a file copy, or CREATE
DATABASE ... TEMPLATE), dropped afterwards. Tests read them with plain SQL, through the
database's own driver, not through Django's connection, which stays on the test database.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection

from archive.models import Visit

MANAGE = Path(settings.BASE_DIR) / "manage.py"

# A tour's relations: join table column and the natural key of the record it points at.
RELATIONS = {
    "officials": ("official_id", "archive_official", "name"),
    "accompanying": ("official_id", "archive_official", "name"),
    "provinces": ("province_id", "archive_province", "code"),
    "cities": ("city_id", "archive_city", "code"),
    "enterprises": ("enterprise_id", "archive_enterprise", "key"),
    "themes": ("theme_id", "archive_theme", "slug"),
}


class ScratchDatabase:
    def __init__(self, vendor: str, name: str, url: str, server: dict | None = None) -> None:
        self.vendor, self.name, self.url, self.server = vendor, name, url, server

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url}

    def start(self, *args: str) -> subprocess.Popen:
        """`manage.py ARGS` against this database, running in the background."""
        return subprocess.Popen(
            [sys.executable, str(MANAGE), *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        """`manage.py ARGS` against this database; fails the test if it fails."""
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args], env=self.env(), capture_output=True, text=True
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.name, timeout=30) as db:
                return db.execute(sql).fetchall()
        with psycopg.connect(dbname=self.name, autocommit=True, **self.server) as db:
            return db.execute(sql).fetchall()

    def count(self, table: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]


class ScratchDatabases:
    """Makes ScratchDatabase copies of one migrated template; drops them all at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.vendor = connection.vendor
        self.made: list[ScratchDatabase] = []
        self._numbers = itertools.count(1)
        self._template: ScratchDatabase | None = None
        config = settings.DATABASES["default"]
        # Named after the test database, so that concurrent test runs keep apart.
        test_name = config.get("TEST", {}).get("NAME") or f"test_{Path(config['NAME']).stem}"
        self.prefix = re.sub(r"\W", "_", test_name)[:40]
        self.server = {
            "host": config.get("HOST") or "127.0.0.1",
            "port": config.get("PORT") or 5432,
            "user": config.get("USER") or "postgres",
            "password": config.get("PASSWORD") or None,
        }

    def new(self) -> ScratchDatabase:
        if self._template is None:
            self._template = self._create(f"{self.prefix}_template")
            self._template.manage("migrate", "--no-input", "-v0")
        database = self._create(f"{self.prefix}_scratch{next(self._numbers)}", self._template)
        self.made.append(database)
        return database

    def empty(self) -> ScratchDatabase:
        """A database with nothing in it, not even tables."""
        database = self._create(f"{self.prefix}_scratch{next(self._numbers)}")
        self.made.append(database)
        return database

    def drop_all(self) -> None:
        for database in [*self.made, self._template]:
            if database is not None and self.vendor == "postgresql":
                self._maintenance(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')

    def _create(self, name: str, template: ScratchDatabase | None = None) -> ScratchDatabase:
        if self.vendor == "sqlite":
            path = self.workdir / f"{name}.sqlite3"
            path.unlink(missing_ok=True)
            if template:
                shutil.copyfile(template.name, path)
            return ScratchDatabase("sqlite", str(path), f"sqlite:///{path}")
        if self.vendor != "postgresql":
            raise NotImplementedError(self.vendor)
        self._maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._maintenance(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template.name}"' if template else "")
        )
        return ScratchDatabase("postgresql", name, self.url_for(name), self.server)

    def url_for(self, name: str) -> str:
        """The address of a database on the test's PostgreSQL server."""
        s = self.server
        login = quote(s["user"]) + (f":{quote(s['password'])}" if s["password"] else "")
        return f"postgres://{login}@{s['host']}:{s['port']}/{name}"

    def _maintenance(self, sql: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as db:
            db.execute(sql)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def tours(db: ScratchDatabase) -> dict[frozenset[str], dict]:
    """Every tour, known by the hashes of its sources' texts (its ids differ between
    databases), with its fields and its relations as natural keys."""
    sources = defaultdict(set)
    for visit_id, digest in db.query(
        "SELECT visit_id, content_hash FROM archive_article WHERE visit_id IS NOT NULL"
    ):
        sources[visit_id].add(digest)
    related = defaultdict(lambda: defaultdict(set))
    for name, (column, table, key) in RELATIONS.items():
        rows = db.query(
            f"SELECT j.visit_id, t.{key} FROM archive_visit_{name} j "
            f"JOIN {table} t ON t.id = j.{column}"
        )
        for visit_id, value in rows:
            related[visit_id][name].add(value)
    found = {}
    for visit_id, title, start, end, summary, status, curated in db.query(
        "SELECT id, title, start_date, end_date, summary, review_status, curated_fields "
        "FROM archive_visit"
    ):
        found[frozenset(sources[visit_id])] = {
            "title": title,
            "dates": (str(start) if start else None, str(end) if end else None),
            "summary": summary,
            "review_status": status,
            "curated_fields": sorted(_json(curated)),
            **{name: frozenset(related[visit_id][name]) for name in RELATIONS},
        }
    return found


def tours_as_stored() -> list[tuple]:
    """`tours`, of the test's own database (through Django's connection): every tour by its
    sources' files, with its fields and related names."""
    return sorted(
        (
            tuple(sorted(v.sources.values_list("file_name", flat=True))),
            v.title,
            v.start_date,
            v.end_date,
            v.summary,
            *(tuple(sorted(map(str, getattr(v, name).all()))) for name in Visit.RELATIONS),
        )
        for v in Visit.objects.all()
    )


def inconsistencies(db: ScratchDatabase) -> list[str]:
    """What an archive made by imports never has, each as a line; empty when all is well."""
    problems = []
    checks = {
        "tours without a source": "SELECT id FROM archive_visit v WHERE NOT EXISTS "
        "(SELECT 1 FROM archive_article a WHERE a.visit_id = v.id)",
        "evidence without an article": "SELECT id FROM archive_evidence e WHERE NOT EXISTS "
        "(SELECT 1 FROM archive_article a WHERE a.id = e.article_id)",
        "tours without history": "SELECT id FROM archive_visit v WHERE NOT EXISTS "
        "(SELECT 1 FROM archive_historicalvisit h WHERE h.id = v.id)",
        # Imports delete nothing: a tour in history exists.
        "history of tours that do not exist": "SELECT DISTINCT id FROM archive_historicalvisit h "
        "WHERE NOT EXISTS (SELECT 1 FROM archive_visit v WHERE v.id = h.id)",
        "tours whose last history row is not what they are": "SELECT v.id FROM archive_visit v "
        "JOIN archive_historicalvisit h ON h.id = v.id AND h.history_id = "
        "(SELECT MAX(history_id) FROM archive_historicalvisit WHERE id = v.id) "
        "WHERE h.title <> v.title "
        "OR COALESCE(CAST(h.start_date AS TEXT), '') <> COALESCE(CAST(v.start_date AS TEXT), '') "
        "OR COALESCE(CAST(h.end_date AS TEXT), '') <> COALESCE(CAST(v.end_date AS TEXT), '')",
    }
    if db.vendor == "sqlite":
        checks["tours missing from the search index"] = (
            "SELECT id FROM archive_visit WHERE id NOT IN (SELECT rowid FROM archive_visit_fts)"
        )
        checks["search entries of no tour"] = (
            "SELECT rowid FROM archive_visit_fts WHERE rowid NOT IN (SELECT id FROM archive_visit)"
        )
    else:
        checks["tours missing from the search index"] = (
            "SELECT id FROM archive_visit WHERE search_vector IS NULL"
        )
    for label, sql in checks.items():
        if rows := db.query(sql):
            problems.append(f"{label}: {sorted(r[0] for r in rows)}")
    # A tour report with its records resolved belongs to a tour.
    for article_id, visit_id, facts in db.query(
        "SELECT id, visit_id, facts FROM archive_article WHERE is_tour"
    ):
        if "resolved" in _json(facts) and visit_id is None:
            problems.append(f"tour report #{article_id} has no tour")
    return problems


# What `records` compares, by natural key: the ids of two databases differ.
RESOLVED = {
    "officials": "archive_official",
    "accompanying": "archive_official",
    "provinces": "archive_province",
    "cities": "archive_city",
    "enterprises": "archive_enterprise",
    "themes": "archive_theme",
}
NATURAL_KEY = {
    "archive_official": "name",
    "archive_province": "code",
    "archive_city": "code",
    "archive_enterprise": "key",
    "archive_theme": "slug",
}
TOUR_NUMBER = re.compile(r"#(\d+)")


def records(db: ScratchDatabase) -> dict[str, dict]:
    """Everything an import stores, record by record, by natural keys: articles (with their
    facts and the records these resolve to) and their evidence by their text's hash, tours
    by their sources' hashes, enterprises by key, officials by name."""
    natural = {
        table: dict(db.query(f"SELECT id, {key} FROM {table}"))
        for table, key in NATURAL_KEY.items()
    }
    sources = defaultdict(set)
    for visit_id, digest in db.query(
        "SELECT visit_id, content_hash FROM archive_article WHERE visit_id IS NOT NULL"
    ):
        sources[visit_id].add(digest)
    tour_key = {pk: tuple(sorted(digests)) for pk, digests in sources.items()}

    articles = {}
    for (
        digest,
        name,
        url,
        outlet,
        title,
        published,
        language,
        clean,
        is_tour,
        facts,
        visit,
    ) in db.query(
        "SELECT content_hash, file_name, url, outlet, title, published, language, "
        "clean_text, is_tour, facts, visit_id FROM archive_article"
    ):
        facts = _json(facts)
        if "resolved" in facts:
            facts["resolved"] = {
                name: (
                    [natural[RESOLVED[name]].get(pk, f"missing #{pk}") for pk in ids]
                    if name in RESOLVED
                    else ids
                )
                for name, ids in facts["resolved"].items()
            }
        articles[digest] = {
            "file_name": name,
            "url": url,
            "outlet": outlet,
            "title": title,
            "published": str(published) if published else None,
            "language": language,
            "clean_text": clean,
            "is_tour": bool(is_tour),
            "facts": facts,
            "tour": tour_key.get(visit) if visit else None,
        }

    evidence = defaultdict(list)
    for digest, field_name, value, sentence, start in db.query(
        "SELECT a.content_hash, e.field, e.value, e.sentence, e.start "
        "FROM archive_evidence e JOIN archive_article a ON a.id = e.article_id"
    ):
        evidence[digest].append((field_name, value, sentence, start))

    found_tours = tours(db)
    for tour in found_tours.values():
        tour["doubts"] = []
    for pk, code, detail, other in db.query(
        "SELECT visit_id, code, detail, other_id FROM archive_doubt ORDER BY id"
    ):
        # "possible duplicate, tour #12": that tour by its sources.
        if other is not None:
            detail = TOUR_NUMBER.sub(lambda m: str(tour_key.get(int(m[1]), m[0])), detail)
        found_tours[frozenset(sources[pk])]["doubts"].append((code, detail))

    enterprises = {
        key: {
            "name": name,
            "name_zh": name_zh,
            "slug": slug,
            "aliases": _json(aliases),
            "province": natural["archive_province"].get(province),
            "city": natural["archive_city"].get(city),
            "industry": industry,
        }
        for key, name, name_zh, slug, aliases, province, city, industry in db.query(
            "SELECT key, name, name_zh, slug, aliases, province_id, city_id, industry "
            "FROM archive_enterprise"
        )
    }
    officials = {
        name: {"name_zh": name_zh, "slug": slug, "aliases": _json(aliases)}
        for name, name_zh, slug, aliases in db.query(
            "SELECT name, name_zh, slug, aliases FROM archive_official"
        )
    }
    return {
        "articles": articles,
        "evidence": {digest: sorted(rows) for digest, rows in evidence.items()},
        "tours": found_tours,
        "enterprises": enterprises,
        "officials": officials,
    }


def differences(one: dict[str, dict], other: dict[str, dict]) -> list[str]:
    """Each record of two `records` snapshots that differs, a line each; empty when they
    are the same."""
    lines = []
    for kind in sorted(one.keys() | other.keys()):
        mine, theirs = one.get(kind, {}), other.get(kind, {})
        for key in sorted(mine.keys() | theirs.keys(), key=str):
            # A tour by its sources' hashes, shortened.
            name = "+".join(sorted(h[:8] for h in key)) if isinstance(key, frozenset) else key
            if key not in theirs:
                lines.append(f"{kind} {name}: only in the first")
            elif key not in mine:
                lines.append(f"{kind} {name}: only in the second")
            elif mine[key] != theirs[key]:
                lines.append(f"{kind} {name}: {_where_they_differ(mine[key], theirs[key])}")
    return lines


def _where_they_differ(one, other, path: str = "") -> str:
    """The first place two values differ, as 'path: one != other'."""
    if isinstance(one, dict) and isinstance(other, dict):
        for key in [*one, *(k for k in other if k not in one)]:
            if one.get(key) != other.get(key):
                return _where_they_differ(one.get(key), other.get(key), f"{path}.{key}")
    if isinstance(one, list) and isinstance(other, list):
        if len(one) == len(other):
            for i, (a, b) in enumerate(zip(one, other, strict=True)):
                if a != b:
                    return _where_they_differ(a, b, f"{path}[{i}]")
        else:
            only = [x for x in one if x not in other], [x for x in other if x not in one]
            return f"{path.lstrip('.')}: {len(one)} items != {len(other)}, {str(only)[:200]}"
    return f"{path.lstrip('.')}: {str(one)[:120]} != {str(other)[:120]}"
