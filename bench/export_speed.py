"""Tours per second of the exports: `export_visits` (CSV, JSON Lines) and the site's downloads.

    python bench/export_speed.py --database sqlite --articles 30000
    python bench/export_speed.py --database postgresql --articles 30000

Fills a database with `bench/populate.py` (kept under bench/.data, or the PostgreSQL
database BENCH_EXPORT_DB, default helper_export, and reused while it holds tours), then
exports every tour each way in this process and reports tours/s, the SQL queries run,
this process's CPU time (the database server's is not counted) and the peak of its memory
above what it held before. The machine is shared: wall time varies with the load; the CPU
time and the query count less so.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA, PG_ADMIN_URL, PYTHON, ROOT, manage, save, table  # noqa: E402


def database(kind: str, articles: int) -> str:
    if kind == "sqlite":
        path = DATA / f"export-{articles}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            return url
        DATA.mkdir(parents=True, exist_ok=True)
    else:
        name = os.environ.get("BENCH_EXPORT_DB", "helper_export")
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(url) as conn:
            tables = conn.execute("SELECT to_regclass('archive_visit')").fetchone()[0]
            if tables and conn.execute("SELECT count(*) FROM archive_visit").fetchone()[0]:
                return url
    manage("migrate", "--no-input", "-v0", env={"DATABASE_URL": url})
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "populate.py"), "--articles", str(articles)],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return url


def measure(label: str, run) -> dict:
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        size = run()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"export": label, "bytes": size, "seconds": wall, "cpu_s": cpu, "queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--articles", type=int, default=30000)
    parser.add_argument(
        "--url", help="export this archive (a DATABASE_URL) instead of one of --articles"
    )
    args = parser.parse_args()
    url = args.url or database(args.database, args.articles)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from archive.models import Visit

    settings.ALLOWED_HOSTS = ["*"]
    tours = Visit.objects.public().count()
    DATA.mkdir(parents=True, exist_ok=True)
    target = DATA / f"export-{os.getpid()}.out"

    def command(fmt):
        def run():
            call_command("export_visits", "--format", fmt, "--output", str(target))
            return target.stat().st_size

        return run

    def download(fmt):
        def run():
            response = Client().get("/visits/", {"format": fmt})
            return sum(len(chunk) for chunk in response.streaming_content)

        return run

    resident_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = [
        measure("export_visits csv", command("csv")),
        measure("export_visits jsonl", command("jsonl")),
        measure("/visits/?format=csv", download("csv")),
        measure("/visits/?format=json", download("json")),
    ]
    target.unlink(missing_ok=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for row in rows:
        row["tours"] = tours
        row["tours_per_s"] = tours / row["seconds"]
        row["tours_per_cpu_s"] = tours / row["cpu_s"] if row["cpu_s"] else 0.0
    columns = ["export", "tours", "bytes", "seconds", "tours_per_s", "cpu_s", "tours_per_cpu_s"]
    print(f"{args.database}, {tours} tours")
    print(table(rows, [*columns, "queries"]))
    growth = (peak - resident_before) / 1024
    print(f"peak resident memory {peak / 1024:.0f} MB, {growth:.0f} MB above the start")
    save(
        f"export-{args.database}",
        {
            "database": args.database,
            "tours": tours,
            "rows": rows,
            "peak_rss_mb": peak / 1024,
            "peak_growth_mb": growth,
        },
    )


if __name__ == "__main__":
    main()
