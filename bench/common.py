"""What every benchmark shares: where results go, how they are printed, percentiles."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / ".data"  # generated corpora and databases (not committed)
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[round(p) - 1]


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table of the rows' columns, numbers right-aligned."""

    def cell(value) -> str:
        return f"{value:.1f}" if isinstance(value, float) else str(value)

    cells = [[cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    for r in cells:
        lines.append(
            "  ".join(
                v.rjust(w) if v.replace(".", "").isdigit() else v.ljust(w)
                for v, w in zip(r, widths, strict=True)
            )
        )
    return "\n".join(lines)


def save(name: str, results: dict) -> Path:
    """Write results as JSON, with the machine and code they were measured on."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    results = {
        "benchmark": name,
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **results,
    }
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nresults: {path.relative_to(ROOT)}")
    return path


def manage(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=check,
    )


def fresh_database(kind: str, name: str) -> str:
    """A DATABASE_URL for an empty, migrated database: a SQLite file or a PostgreSQL db."""
    if kind == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    manage("migrate", "--no-input", "-v0", env={"DATABASE_URL": url})
    return url


def analyze(url: str) -> None:
    """Give the planner its statistics after a database is filled. This machine's PostgreSQL
    runs without autovacuum, so a database a benchmark builds is never analysed otherwise,
    and its plans (sequential scans of whole tables) would measure that, not the code."""
    manage("shell", "-c", ANALYZE, env={"DATABASE_URL": url})


ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"


def generated_corpus(articles: int, seed: int = 1) -> Path:
    """A generated corpus of this size, made once and kept under bench/.data."""
    folder = DATA / f"corpus-{articles}-{seed}"
    if not (folder / "gold.jsonl").exists():
        manage(
            "generate_corpus",
            "--articles",
            str(articles),
            "--seed",
            str(seed),
            "--output",
            str(folder),
            "--until",
            "2026-11-21",
            "--force",
        )
    return folder
