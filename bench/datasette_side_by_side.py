"""Side by side: our /visits/ and Datasette's faceted table view over the same SQLite data.

    python bench/datasette_side_by_side.py [--database bench/.data/browse-20k.sqlite3]

What many researchers would do instead of using this site: open the data in Datasette and
facet it. The input database is copied (never changed) to bench/.data/datasette/, where the
copy gets `tours_flat`: one row per public tour with its dates and, as JSON arrays, the names
of its officials, accompanying officials, provinces, cities, enterprises and themes, which
Datasette facets with `_facet_array=` and filters with `__arraycontains=`. Full text goes
through the archive's own FTS5 index (`archive_visit_fts`, configured as the table's
`fts_table`), so both sides match the same words in the same documents.

Both are served over HTTP on loopback from that one file: our app by gunicorn in production
mode (config/gunicorn.conf.py, one worker by default), Datasette 0.65 by its own uvicorn, in
a virtualenv of its own (bench/.data/datasette/venv, made on the first run). One client asks
each search once (cold), then `--rounds` times, keep-alive, one request at a time, the two
servers taking turns search by search. Our pages are cached per query string; "uncached" is
ours with the page cache emptied before each request, so the page and its counts are
computed afresh (the database and each process's browse index warm); "after an edit" is
ours with the archive version bumped in the copy before each request, as an edit would: the
process reads its browse index again (archive/site/facet_index.py) before computing the page.
Datasette keeps no responses: every request of its is computed (only SQLite's page cache is
warm).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA, PYTHON, ROOT, manage, percentile, save, table  # noqa: E402
from bench.load import PROXY_HEADERS, _free_port, _wait_until_up  # noqa: E402

DATASETTE_VERSION = "0.65.5"
HOME = DATA / "datasette"
VENV = HOME / "venv"
COPY = HOME / "tours.sqlite3"  # served as the database "tours"
PAGE_CACHE = HOME / "page-cache"  # our server's (CACHE_DIR)
METADATA = HOME / "metadata.json"
PAGE_SIZE = 25  # ours by default (archive/browse.py)
FACET_VALUES = 100  # ours lists up to 100 values a facet (archive/facets.py)

# The facets our browse page counts, as Datasette facets: five name arrays and the year.
ARRAY_FACETS = ("officials", "provinces", "cities", "enterprises", "themes")
# Our filter parameters and the tours_flat columns they become in Datasette.
ARRAY_FILTERS = {
    "official": "officials",
    "province": "provinces",
    "city": "cities",
    "enterprise": "enterprises",
    "theme": "themes",
}

# A city named like another (there are a few) is told apart by its province.
_CITY_LABEL = """CASE WHEN (SELECT count(*) FROM archive_city c2 WHERE c2.name = x.name) > 1
    THEN x.name || ' (' || p.name || ')' ELSE x.name END"""


def _names(relation: str, model: str, label: str = "x.name", join: str = "") -> str:
    """The names of a tour's related records, deduplicated and sorted, as a JSON array."""
    return f"""(SELECT json_group_array(name) FROM (
        SELECT DISTINCT {label} AS name FROM archive_visit_{relation} r
        JOIN archive_{model} x ON x.id = r.{model}_id {join}
        WHERE r.visit_id = v.id ORDER BY name)) AS {relation}"""


_CITIES = _names("cities", "city", _CITY_LABEL, "JOIN archive_province p ON p.id = x.province_id")
FLAT_SELECT = f"""
SELECT v.id, v.title, v.start_date, v.end_date,
    -- a tour is in a date range when any of its days is (archive/filters.py): it starts
    -- before the range ends and its last day, or its only known day, is in or after it
    coalesce(v.end_date, v.start_date) AS last_date,
    CAST(strftime('%Y', v.start_date) AS INTEGER) AS year,
    strftime('%Y-%m', v.start_date) AS month,
    {_names("officials", "official")},
    {_names("accompanying", "official")},
    {_names("provinces", "province")},
    {_CITIES},
    {_names("enterprises", "enterprise")},
    {_names("themes", "theme")}
FROM archive_visit v
WHERE v.review_status != 'rejected'
"""
FLAT_COLUMNS = """id INTEGER PRIMARY KEY, title TEXT, start_date TEXT, end_date TEXT,
    last_date TEXT, year INTEGER, month TEXT, officials TEXT, accompanying TEXT,
    provinces TEXT, cities TEXT, enterprises TEXT, themes TEXT"""
# What Datasette's sort, date and year filters can use; an array filter reads every row.
FLAT_INDEXES = ("start_date", "last_date", "year")


def prepare_copy(source: Path, flat: str) -> int:
    """Copy the input database and give the copy tours_flat; returns its number of rows."""
    HOME.mkdir(parents=True, exist_ok=True)
    building = COPY.with_suffix(".building")
    building.unlink(missing_ok=True)
    # The backup API reads a consistent snapshot, opened read-only: the input stays as it was.
    src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(building)
    src.backup(dst)
    src.close()
    with dst:
        if flat == "view":
            dst.execute(f"CREATE VIEW tours_flat AS {FLAT_SELECT}")
        else:
            dst.execute(f"CREATE TABLE tours_flat ({FLAT_COLUMNS})")
            dst.execute(f"INSERT INTO tours_flat {FLAT_SELECT}")
            for column in FLAT_INDEXES:
                dst.execute(f"CREATE INDEX tours_flat_{column} ON tours_flat ({column})")
        rows = dst.execute("SELECT count(*) FROM tours_flat").fetchone()[0]
    dst.close()
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{COPY}{suffix}").unlink(missing_ok=True)
    building.replace(COPY)
    METADATA.write_text(
        json.dumps(
            {
                "databases": {
                    "tours": {
                        "tables": {
                            "tours_flat": {
                                # The archive's own index: same documents, same tokenizer.
                                "fts_table": "archive_visit_fts",
                                "fts_pk": "id",
                            }
                        }
                    }
                }
            },
            indent=2,
        )
    )
    return rows


def datasette_executable() -> Path:
    """Datasette in a virtualenv of its own, so that the project's dependencies stay as they are."""
    executable = VENV / "bin" / "datasette"
    if not executable.exists():
        print(f"installing datasette {DATASETTE_VERSION} in {VENV}", file=sys.stderr)
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", f"datasette=={DATASETTE_VERSION}"],
            check=True,
        )
    return executable


class Client:
    """One keep-alive connection; a request the server closed on is sent again."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port, self.headers = port, headers or {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        return response.status, body, (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.conn.close()


def timed(client: Client, path: str, rounds: int, before=None) -> list[float]:
    samples = []
    for _ in range(rounds):
        if before:
            before()
        status, _, ms = client.get(path)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        samples.append(ms)
    return samples


def datasette_path(url: str, labels: dict[tuple[str, str], str], deep_token) -> str | None:
    """Our /visits/ address as Datasette's faceted table view, or None if it has no equal."""
    params: list[tuple[str, str]] = [("_facet_array", f) for f in ARRAY_FACETS]
    params += [("_facet", "year"), ("_sort_desc", "start_date")]
    for key, value in urllib.parse.parse_qsl(url.partition("?")[2]):
        if key in ARRAY_FILTERS:
            params.append((f"{ARRAY_FILTERS[key]}__arraycontains", labels[(key, value)]))
        elif key in ("year", "month"):
            params.append((key, value))
        elif key == "start":
            params.append(("last_date__gte", value))
        elif key == "end":
            params.append(("start_date__lte", value))
        elif key == "q":
            params.append(("_search", value))
        elif key == "page" and value.isdigit():
            if int(value) > 1:
                params.append(("_next", deep_token(int(value))))
        else:
            return None
    return "/tours/tours_flat?" + urllib.parse.urlencode(params)


def flat_labels(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(our parameter, our value) -> the name tours_flat holds for it."""
    queries = {
        "official": "SELECT slug, name FROM archive_official",
        "province": "SELECT code, name FROM archive_province",
        "city": f"SELECT x.code, {_CITY_LABEL} FROM archive_city x"
        " JOIN archive_province p ON p.id = x.province_id",
        "enterprise": "SELECT slug, name FROM archive_enterprise",
        "theme": "SELECT slug, name FROM archive_theme",
    }
    return {
        (param, str(key)): name for param, sql in queries.items() for key, name in db.execute(sql)
    }


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(percentile(samples, 95), 1),
    }


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_for_datasette(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client = Client(port)
            status, _, _ = client.get("/-/versions.json")
            client.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"datasette did not answer in time: see {HOME / 'datasette.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=DATA / "browse-20k.sqlite3")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--uncached-rounds", type=int, default=10, help="ours with the cache defeated"
    )
    parser.add_argument(
        "--flat",
        choices=["table", "view"],
        default="table",
        help="tours_flat as a table with indexes (default) or a view computed per query",
    )
    parser.add_argument("--workers", type=int, default=1, help="gunicorn processes")
    args = parser.parse_args()
    if not args.database.exists():
        raise SystemExit(f"no database at {args.database}")

    load_before = os.getloadavg()
    started = time.perf_counter()
    executable = datasette_executable()
    flat_rows = prepare_copy(args.database.resolve(), args.flat)
    print(f"{COPY.relative_to(ROOT)}: tours_flat ({args.flat}), {flat_rows} tours", file=sys.stderr)

    os.environ["DATABASE_URL"] = f"sqlite:///{COPY}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.browse_latency import _found, urls

    db = sqlite3.connect(COPY, isolation_level=None)
    labels = flat_labels(db)

    def deep_token(page: int) -> str:
        if args.flat == "view":
            return str((page - 1) * PAGE_SIZE)  # a view is paged by offset
        # A table is paged by key, not offset: the last row of the page before, in its order.
        start_date, pk = db.execute(
            "SELECT start_date, id FROM tours_flat ORDER BY start_date DESC, id LIMIT 1 OFFSET ?",
            [(page - 1) * PAGE_SIZE - 1],
        ).fetchone()
        return f"{start_date},{pk}"

    def empty_page_cache() -> None:
        for entry in PAGE_CACHE.glob("*"):
            entry.unlink(missing_ok=True)

    def bump_version() -> None:
        db.execute(
            "INSERT INTO archive_archiveversion (id, number) VALUES (1, 1)"
            " ON CONFLICT (id) DO UPDATE SET number = number + 1"
        )

    targets = urls()
    tours = int(targets.pop("tours in database"))
    searches = []
    for name, url in targets.items():
        theirs = datasette_path(url, labels, deep_token)
        if theirs is None:
            print(f"{name}: no Datasette equal for {url}, left out", file=sys.stderr)
        else:
            searches.append((name, url, theirs))

    ours_port, their_port = _free_port(), _free_port()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": static_root,
        "PORT": str(ours_port),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(args.workers),
        "CACHE_DIR": str(PAGE_CACHE),
        # Loopback only, and no worker recycled mid-run (it would empty the page cache).
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{ours_port} --max-requests 0",
    }
    manage("collectstatic", "--no-input", "-v0", env=env)
    settings = {
        "default_page_size": PAGE_SIZE,
        "default_facet_size": FACET_VALUES,
        "sql_time_limit_ms": 10000,
        "facet_time_limit_ms": 5000,
        # Suggestions are extra queries our page does not make.
        "suggest_facets": "off",
    }
    datasette_command = [
        str(executable),
        "serve",
        str(COPY),
        "--host",
        "127.0.0.1",
        "--port",
        str(their_port),
        "--metadata",
        str(METADATA),
    ]
    for key, value in settings.items():
        datasette_command += ["--setting", key, str(value)]
    ours = start(
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")],
        env,
        HOME / "gunicorn.log",
    )
    theirs = start(datasette_command, dict(os.environ), HOME / "datasette.log")
    rows = []
    try:
        _wait_until_up(ours_port)
        wait_for_datasette(their_port)
        our_client, their_client = Client(ours_port, PROXY_HEADERS), Client(their_port)
        for name, url, their_url in searches:
            status, our_page, our_cold = our_client.get(url)
            if status != 200:
                raise SystemExit(f"{url}: HTTP {status}")
            ours_warm = timed(our_client, url, args.rounds)
            ours_uncached = timed(our_client, url, args.uncached_rounds, before=empty_page_cache)
            ours_edited = timed(our_client, url, args.uncached_rounds, before=bump_version)

            status, their_page, their_cold = their_client.get(their_url)
            if status != 200:
                raise SystemExit(f"{their_url}: HTTP {status}: {their_page[:300]!r}")
            their_samples = timed(their_client, their_url, args.rounds)
            # The same search as JSON, untimed: its count and whether every facet came back.
            json_url = their_url.replace("tours_flat?", "tours_flat.json?", 1)
            status, body, _ = their_client.get(json_url)
            if status != 200:
                raise SystemExit(f"{json_url}: HTTP {status}: {body[:300]!r}")
            answer = json.loads(body)

            found, their_found = _found(url), answer["filtered_table_rows_count"]
            problems = []
            if found != their_found:
                problems.append(f"MISMATCH datasette {their_found}")
            missing = {*ARRAY_FACETS, "year"} - set(answer.get("facet_results", {}))
            if missing:
                problems.append("no facet " + ",".join(sorted(missing)))
            if answer.get("facets_timed_out"):
                problems.append("facets timed out: " + ",".join(answer["facets_timed_out"]))
            ours_stats, uncached_stats = summary(ours_warm), summary(ours_uncached)
            edited_stats = summary(ours_edited)
            their_stats = summary(their_samples)
            rows.append(
                {
                    "search": name,
                    "tours": found,
                    "ours_p50": ours_stats["p50_ms"],
                    "ours_p95": ours_stats["p95_ms"],
                    "uncached_p50": uncached_stats["p50_ms"],
                    "uncached_p95": uncached_stats["p95_ms"],
                    "edited_p50": edited_stats["p50_ms"],
                    "edited_p95": edited_stats["p95_ms"],
                    "datasette_p50": their_stats["p50_ms"],
                    "datasette_p95": their_stats["p95_ms"],
                    # How many times faster ours is uncached than Datasette (p50).
                    "x_uncached": round(their_stats["p50_ms"] / uncached_stats["p50_ms"], 1),
                    "check": "; ".join(problems) or "same",
                    "ours_url": url,
                    "datasette_url": their_url,
                    "datasette_tours": their_found,
                    "ours_cold_ms": round(our_cold, 1),
                    "datasette_cold_ms": round(their_cold, 1),
                    "ours_html_bytes": len(our_page),
                    "datasette_html_bytes": len(their_page),
                    "ours": ours_stats,
                    "ours_uncached": uncached_stats,
                    "ours_after_an_edit": edited_stats,
                    "datasette": their_stats,
                }
            )
            print(
                f"{name}: ours {rows[-1]['ours_p50']} / uncached {rows[-1]['uncached_p50']}"
                f" / datasette {rows[-1]['datasette_p50']} ms",
                file=sys.stderr,
                flush=True,
            )
        our_client.close()
        their_client.close()
    finally:
        stop(ours)
        stop(theirs)
        db.close()
    load_after = os.getloadavg()

    print(
        table(
            rows,
            [
                "search",
                "tours",
                "ours_p50",
                "ours_p95",
                "uncached_p50",
                "uncached_p95",
                "edited_p50",
                "edited_p95",
                "datasette_p50",
                "datasette_p95",
                "x_uncached",
                "check",
            ],
        )
    )
    print(
        f"\n{tours} tours, {flat_rows} public; ms, one client, sequential, {args.rounds} rounds"
        f" ({args.uncached_rounds} uncached); gunicorn {args.workers} worker(s) x 2 threads;"
        f" datasette {DATASETTE_VERSION}, tours_flat as a {args.flat}."
        "\nours: page cache warm; uncached: page cache emptied before each request (page and"
        " counts computed afresh); edited: archive version bumped before each request (the"
        " browse index read again, then the page computed). Datasette caches no responses:"
        " every request is computed, only SQLite's page cache is warm."
        f"\nload average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
        f" ({os.cpu_count()} cpus); took {time.perf_counter() - started:.0f} s"
    )
    save(
        "datasette-side-by-side",
        {
            "database": str(args.database),
            "tours": tours,
            "public_tours": flat_rows,
            "rounds": args.rounds,
            "uncached_rounds": args.uncached_rounds,
            "gunicorn_workers": args.workers,
            "datasette_version": DATASETTE_VERSION,
            "datasette_settings": settings,
            "flat": args.flat,
            "sqlite_version": sqlite3.sqlite_version,
            "load_average": {"before": load_before, "after": load_after},
            "searches": rows,
        },
    )


if __name__ == "__main__":
    main()
