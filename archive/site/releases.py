"""Published releases of the dataset: every public tour as CSV, JSON Lines and a SQLite file,
with their SHA-256 sums and a changelog against the release before.

A release is a folder `tour-archive-<version>-<date>` under settings.DATASET_RELEASES_DIR,
written aside (`.partial`) and renamed once whole, so a folder that exists is a whole release:

    tours.csv, tours.jsonl   the exports (archive.site.export), as /visits/?format=csv gives
    tours.sqlite3            the same records as tables (tours, and one per list of a tour)
    SHA256SUMS               `sha256sum -c SHA256SUMS` checks the three
    CHANGELOG.md             what changed since the previous release, also in release.json
    release.json             version, date, counts, the files and what changed

The tables of the SQLite file follow the records: a tour's values are the columns of `tours`;
each list (officials, provinces, sources, ...) is a table of its own named after it, one row
per item with the tour's `tour_id` and the item's fields (`value` for a list of names).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from archive.models import Visit
from archive.site import export

FILES = ("tours.csv", "tours.jsonl", "tours.sqlite3")
DOWNLOADS = (*FILES, "SHA256SUMS", "CHANGELOG.md", "release.json")
RELEASE_NAME = re.compile(r"^tour-archive-(\d+)-(\d{4}-\d{2}-\d{2})$")


@dataclass
class Release:
    path: Path
    version: int
    date: str
    tours: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    sums: dict[str, str] = field(default_factory=dict)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    previous: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def manifest(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "date": self.date,
            "tours": self.tours,
            "previous": self.previous,
            "files": {
                name: {"bytes": self.sizes[name], "sha256": self.sums[name]} for name in FILES
            },
            "changes": {"added": self.added, "removed": self.removed, "changed": self.changed},
        }


def releases_dir() -> Path:
    return Path(settings.DATASET_RELEASES_DIR)


def published(directory: Path | None = None) -> list[Release]:
    """The whole releases in a folder, oldest first."""
    directory = directory or releases_dir()
    found = []
    if directory.is_dir():
        for path in directory.iterdir():
            match = RELEASE_NAME.match(path.name)
            if match and path.is_dir() and (path / "release.json").is_file():
                found.append(_read(path))
    return sorted(found, key=lambda r: r.version)


def latest(directory: Path | None = None) -> Release | None:
    releases = published(directory)
    return releases[-1] if releases else None


def _read(path: Path) -> Release:
    manifest = json.loads((path / "release.json").read_text(encoding="utf-8"))
    changes = manifest.get("changes", {})
    return Release(
        path=path,
        version=manifest["version"],
        date=manifest["date"],
        tours=manifest["tours"],
        sizes={n: f["bytes"] for n, f in manifest["files"].items()},
        sums={n: f["sha256"] for n, f in manifest["files"].items()},
        added=changes.get("added", []),
        removed=changes.get("removed", []),
        changed=changes.get("changed", []),
        previous=manifest.get("previous"),
    )


def publish(today: dt.date, directory: Path | None = None) -> Release:
    """Write the next release of the public tours into `directory`."""
    directory = directory or releases_dir()
    directory.mkdir(parents=True, exist_ok=True)
    before = latest(directory)
    version = before.version + 1 if before else 1
    final = directory / f"tour-archive-{version}-{today.isoformat()}"
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        digests = _write_files(partial)
        release = Release(path=final, version=version, date=today.isoformat(), tours=len(digests))
        release.previous = before.name if before else None
        _compare(release, digests, _digests(before.path / "tours.jsonl") if before else {})
        for name in FILES:
            release.sizes[name] = (partial / name).stat().st_size
            release.sums[name] = _sha256(partial / name)
        (partial / "SHA256SUMS").write_text(
            "".join(f"{release.sums[name]}  {name}\n" for name in FILES), encoding="utf-8"
        )
        (partial / "CHANGELOG.md").write_text(changelog(release), encoding="utf-8")
        (partial / "release.json").write_text(
            json.dumps(release.manifest(), indent=2) + "\n", encoding="utf-8"
        )
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(final)
    return release


def _write_files(folder: Path) -> dict[int, str]:
    """The three files, from one read of the records; each tour's id and the digest of its
    JSON line (what the next release compares)."""
    visits = Visit.objects.public().order_by("start_date", "id")
    digests: dict[int, str] = {}
    database = sqlite3.connect(folder / "tours.sqlite3")
    tables = _Tables(database)
    with (
        open(folder / "tours.jsonl", "w", encoding="utf-8", newline="") as jsonl,
        open(folder / "tours.csv", "w", encoding="utf-8", newline="") as csv_file,
    ):

        def each(records):
            for record in records:
                line = "".join(export.jsonl_lines([record]))
                jsonl.write(line)
                digests[record["id"]] = hashlib.sha256(line.encode()).hexdigest()
                tables.add(record)
                yield record

        csv_file.writelines(export.record_csv_rows(each(export.records(visits))))
    tables.close()
    return digests


class _Tables:
    """Records into SQLite tables, made as their fields are met."""

    def __init__(self, database: sqlite3.Connection):
        self.database = database
        self.columns: dict[str, list[str]] = {}

    def _table(self, table: str) -> list[str]:
        known = self.columns.get(table)
        if known is None:
            if table == "tours":
                self.database.execute('CREATE TABLE "tours" ("id" INTEGER PRIMARY KEY)')
                known = self.columns[table] = ["id"]
            else:
                self.database.execute(
                    f'CREATE TABLE "{table}" ("tour_id" INTEGER REFERENCES "tours" ("id"), '
                    '"position" INTEGER)'
                )
                self.database.execute(f'CREATE INDEX "{table}_tour_id" ON "{table}" ("tour_id")')
                known = self.columns[table] = ["tour_id", "position"]
        return known

    def _row(self, table: str, row: dict) -> None:
        known = self._table(table)
        for column in row:
            if column not in known:
                self.database.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}"')
                known.append(column)
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.database.execute(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values())
        )

    def add(self, record: dict) -> None:
        scalars = {k: v for k, v in record.items() if not isinstance(v, (list, dict))}
        self._row("tours", scalars)
        for name, value in record.items():
            if isinstance(value, dict):
                self._row(name, {"tour_id": record["id"], **_flat(value)})
            elif isinstance(value, list):
                self._table(name)  # every list has its table, even while no tour has items
                for position, item in enumerate(value):
                    item = _flat(item) if isinstance(item, dict) else {"value": item}
                    self._row(name, {"tour_id": record["id"], "position": position, **item})

    def close(self) -> None:
        self.database.commit()
        self.database.close()


def _flat(item: dict) -> dict:
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
        for k, v in item.items()
    }


def _digests(jsonl: Path) -> dict[int, str]:
    digests = {}
    with open(jsonl, encoding="utf-8") as lines:
        for line in lines:
            digests[json.loads(line)["id"]] = hashlib.sha256(line.encode()).hexdigest()
    return digests


def _compare(release: Release, now: dict[int, str], before: dict[int, str]) -> None:
    release.added = sorted(set(now) - set(before))
    release.removed = sorted(set(before) - set(now))
    release.changed = sorted(pk for pk in set(now) & set(before) if now[pk] != before[pk])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _ids(ids: list[int]) -> str:
    return ", ".join(str(pk) for pk in ids) if ids else "none"


def changelog(release: Release) -> str:
    lines = [f"# Tour Archive dataset, release {release.version} ({release.date})", ""]
    lines.append(f"{release.tours} tours.")
    lines.append("")
    if release.previous is None:
        lines.append("The first release.")
    else:
        lines += [
            f"Since {release.previous}:",
            "",
            f"- added: {len(release.added)} tour(s): {_ids(release.added)}",
            f"- removed: {len(release.removed)} tour(s): {_ids(release.removed)}",
            f"- changed: {len(release.changed)} tour(s): {_ids(release.changed)}",
        ]
    return "\n".join(lines) + "\n"
