"""Throughput under load: gunicorn on loopback, driven by wrk with a mix of URLs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/load.py --mix browse
    DATABASE_URL=... python bench/load.py --mix full --duration 60
    python bench/load.py --mix realistic --duration 60 --fresh postgresql --tours 2000

Starts gunicorn with config/gunicorn.conf.py in production mode, warms it up for a few
seconds (not counted), then runs wrk for `--duration` seconds over the mix, each request a
random pick. Reports requests per second, latency percentiles and every kind of error:
connection errors, timeouts, 4xx and 5xx responses. `browse` is /visits/ with facets, dates
and full-text queries; `full` adds tour, official, province, enterprise and article pages,
filtered exports (CSV and JSON), the Atom feed and /healthz. `realistic` is what readers do,
each kind of request with its share: browsing (lists with facets and dates, 35%), searching
(full text, 25%), tour pages (30%) and CSV exports (10%); it counts 4xx as errors too, and
gives each kind's p50/p99 from gunicorn's access log (the server's time for the request,
without the wait for a worker that wrk's figures include).

`drawn` has the realistic shares, but `--urls` paths (10,000 by default) drawn from the data:
facet combinations and searches taken from random tours, tours across the table, exports of
drawn filters, so that nearly every request is a first view no cache has seen.
`--import-articles N` imports N new generated articles into the served archive while wrk
runs (what readers meet during an import); the table says whether it finished in the run.

By default every connection sends its next request as soon as the last is answered: the
server is kept saturated, and the latencies are mostly the wait in its queue. `--rate R`
makes each connection pause between requests (exponential pauses averaging connections / R
seconds, capped under the keep-alive): about R requests a second, as readers would send them.

`--fresh sqlite|postgresql --tours N` first builds the archive it serves: about N tours from a
generated corpus (5.5 articles a tour, seeded) through the real importer, in
bench/.data/load-N.sqlite3 or the PostgreSQL database `--name` (dropped and made anew).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    analyze,
    fresh_database,
    generated_corpus,
    manage,
    percentile,
    save,
    table,
)

PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front would send

LUA = """
-- Each kind of request has a weight; a request is a random pick of a kind, then of its paths.
local kinds = %(kinds)s
local total = 0
for _, kind in ipairs(kinds) do total = total + kind[1] end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  s5, s4, s3 = 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.headers["X-Forwarded-Proto"] = "https"
end
function request()
  local pick = math.random() * total
  for i, kind in ipairs(kinds) do
    pick = pick - kind[1]
    if pick <= 0 or i == #kinds then return wrk.format("GET", kind[2][math.random(#kind[2])]) end
  end
end
%(delay)s
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 end
end
function done(summary, latency, requests)
  local t5, t4, t3 = 0, 0, 0
  for _, t in ipairs(threads) do t5 = t5 + t:get("s5"); t4 = t4 + t:get("s4"); t3 = t3 + t:get("s3") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_s": %%.2f, "bytes": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "timeouts": %%d, "status_5xx": %%d, ' ..
    '"status_4xx": %%d, "status_3xx": %%d, "p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, ' ..
    '"max_ms": %%.1f}\\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write,
    e.timeout, t5, t4, t3, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def browse_paths() -> list[str]:
    from bench.browse_latency import urls

    found = urls()
    found.pop("tours in database")
    return list(found.values())


def full_paths() -> list[str]:
    from archive.models import Article, Enterprise, Official, Province, Visit

    paths = browse_paths()
    tours = list(Visit.objects.public().order_by("?").values_list("pk", flat=True)[:40])
    paths += [f"/visits/{pk}/" for pk in tours]
    paths += [o.get_absolute_url() for o in Official.objects.order_by("?")[:10]]
    paths += [p.get_absolute_url() for p in Province.objects.order_by("?")[:10]]
    paths += [e.get_absolute_url() for e in Enterprise.objects.order_by("?")[:10]]
    paths += [a.get_absolute_url() for a in Article.objects.order_by("?")[:20]]
    province = Province.objects.order_by("?").first().code
    paths += [
        f"/visits/?province={province}&year=2020&format=csv",
        f"/visits/?province={province}&year=2021&format=json",
        "/visits/?q=semiconductor&format=csv",
        "/visits/feed/",
        "/healthz",
    ]
    return paths


SEARCHES = [
    "semiconductor",
    '"rural revitalization"',
    "poverty alleviation",
    "port",
    "innovation",
    "ecological protection",
    "Xi Jinping",
]


def realistic_kinds() -> dict[str, tuple[int, list[str]]]:
    """{kind: (weight, paths)}: what readers of the archive ask for, and how often; the same
    paths on every run over the same archive."""
    import random
    from urllib.parse import urlencode

    from archive.models import Official, Province, Theme, Visit
    from bench.browse_latency import urls

    listed = urls()
    listed.pop("tours in database")
    # (A facet without a value on a small archive, "city=None", is left out.)
    browse = [url for url in listed.values() if "q=" not in url and "=None" not in url]
    browse += ["/", "/provinces/", "/themes/", "/officials/"]
    rng = random.Random(14)
    province = rng.choice(list(Province.objects.order_by("code").values_list("code", flat=True)))
    search = [f"/visits/?{urlencode({'q': q})}" for q in SEARCHES]
    search += [url for url in listed.values() if "q=" in url]
    search += [f"/visits/?{urlencode({'q': 'innovation', 'province': province})}"]
    tours = rng.sample(list(Visit.objects.public().order_by("pk").values_list("pk", flat=True)), 60)
    official = rng.choice(
        sorted(set(Official.objects.filter(visits__isnull=False).values_list("slug", flat=True)))
    )
    theme = rng.choice(list(Theme.objects.order_by("slug").values_list("slug", flat=True)))
    exports = [
        "/visits.csv",
        f"/visits.csv?official={official}",
        f"/visits.csv?province={province}",
        f"/visits.csv?theme={theme}&start=2018-01-01",
        "/visits.csv?year=2020",
        "/visits.csv?q=semiconductor",
    ]
    return {
        "browse": (35, browse),
        "search": (25, search),
        "tour pages": (30, [f"/visits/{pk}/" for pk in tours]),
        "CSV exports": (10, exports),
    }


def drawn_kinds(urls: int, seed: int = 17) -> dict[str, tuple[int, list[str]]]:
    """{kind: (weight, paths)}: the realistic shares, but `urls` paths drawn from the data
    so that nearly every request is a first view a cache has not seen: facet combinations of
    one to three values taken from a random tour (so that each finds tours), searches for a
    word of a random tour's title or theme with or without a facet, tours across the whole
    table, and CSV exports of drawn combinations."""
    import random
    from urllib.parse import urlencode

    from archive.models import Visit

    rng = random.Random(seed)
    ids = list(Visit.objects.public().order_by("pk").values_list("pk", flat=True))
    sample = rng.sample(ids, min(len(ids), max(200, urls // 2)))
    tours = (
        Visit.objects.filter(pk__in=sample)
        .order_by("pk")
        .prefetch_related("officials", "provinces", "cities", "themes", "enterprises")
    )
    choices = []  # per tour: its (param, value) pairs
    words = set()
    for tour in tours:
        pairs = [("official", o.slug) for o in tour.officials.all()]
        pairs += [("province", p.code) for p in tour.provinces.all()]
        pairs += [("city", c.code) for c in tour.cities.all()]
        pairs += [("theme", t.slug) for t in tour.themes.all()]
        pairs += [("enterprise", e.slug) for e in tour.enterprises.all()]
        if tour.start_date:
            pairs.append(("year", str(tour.start_date.year)))
        choices.append(pairs)
        words.update(w for w in tour.title.split() if len(w) > 3 and w.isalpha())
        words.update(t.name.split()[0] for t in tour.themes.all())
    words = sorted(words)

    def combination(most: int) -> list[tuple[str, str]]:
        pairs = rng.choice(choices)
        return rng.sample(pairs, min(len(pairs), rng.randint(1, most)))

    def drawn(make, share: int) -> list[str]:
        found: set[str] = set()
        for _ in range(max(1, urls * share // 100) * 3):
            found.add(make())
            if len(found) >= max(1, urls * share // 100):
                break
        return sorted(found)

    browse = drawn(lambda: "/visits/?" + urlencode(combination(3)), 35)
    search = drawn(
        lambda: (
            "/visits/?"
            + urlencode([("q", rng.choice(words)), *combination(1)[: rng.randint(0, 1)]])
        ),
        25,
    )
    exports = drawn(lambda: "/visits.csv?" + urlencode(combination(2)), 10)
    pages = [f"/visits/{pk}/" for pk in rng.sample(ids, min(len(ids), urls * 30 // 100))]
    return {
        "browse": (35, browse),
        "search": (25, search),
        "tour pages": (30, pages),
        "CSV exports": (10, exports),
    }


def kind_of(path: str, query: str) -> str:
    if path == "/visits.csv":
        return "CSV exports"
    if path.startswith("/visits/") and path.removeprefix("/visits/").rstrip("/").isdigit():
        return "tour pages"
    return "search" if "q=" in query else "browse"


def per_kind(log: Path, since: str) -> list[dict]:
    """Each kind's requests and server-side p50/p99 from gunicorn's JSON access log, of the
    requests that ended after `since` (an ISO time in UTC: the warm-up's end)."""
    times: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") != "gunicorn.access" or entry["time"] < since:
            continue
        kind = kind_of(entry["path"], entry.get("query", ""))
        times.setdefault(kind, []).append(entry["duration_ms"])
        statuses[kind] = statuses.get(kind, 0) + (entry["status"] >= 400)
    return [
        {
            "kind": kind,
            "requests": len(samples),
            "p50_ms": percentile(samples, 50),
            "p99_ms": percentile(samples, 99),
            "max_ms": max(samples),
            "status_4xx_5xx": statuses[kind],
        }
        for kind, samples in sorted(times.items())
    ]


def fresh_archive(kind: str, tours: int, name: str) -> str:
    """A DATABASE_URL of a new archive of about this many tours, made by the importer."""
    url = fresh_database(kind, f"load-{tours}" if kind == "sqlite" else name)
    corpus = generated_corpus(articles=tours * 11 // 2, seed=14)
    started = time.monotonic()
    out = manage("import_articles", str(corpus), env={"DATABASE_URL": url}).stdout
    analyze(url)
    print(f"archive: {out.strip()} ({time.monotonic() - started:.0f} s)", flush=True)
    return url


def alongside_import(articles: int) -> tuple[subprocess.Popen, float] | None:
    """Start importing `articles` new generated articles (another seed than the archive's)
    into the served database: what readers meet while an import runs."""
    if not articles:
        return None
    corpus = generated_corpus(articles=articles, seed=41)
    process = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "import_articles", str(corpus)],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, time.monotonic()


def import_outcome(importing: tuple[subprocess.Popen, float], articles: int) -> dict:
    """How the alongside import went: done within the run or still going (then stopped)."""
    process, started = importing
    finished = process.poll() is not None
    if not finished:
        process.terminate()
    summary = process.communicate(timeout=60)[0].strip().splitlines()
    return {
        "articles": articles,
        "finished_during_run": finished,
        "seconds": round(time.monotonic() - started, 1),
        "summary": summary[-1] if summary else "",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=PROXY_HEADERS)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def lua_table(kinds: dict[str, tuple[int, list[str]]]) -> str:
    return (
        "{"
        + ", ".join(
            f"{{{weight}, {{{', '.join(json.dumps(p) for p in paths)}}}}}"
            for weight, paths in kinds.values()
        )
        + "}"
    )


# With --rate, each connection pauses before each request (an exponential pause, averaging
# connections / rate seconds): readers who read a page before the next, not a queue kept full.
# A pause stops short of gunicorn's keep-alive of 5 s, after which it closes an idle connection
# and wrk, unlike a browser, would count the closed connection as an error.
DELAY = """
function delay()
  return math.min(-math.log(1 - math.random()) * %(mean_ms)f, 4500)
end
"""


def wrk(
    port: int,
    kinds: dict[str, tuple[int, list[str]]],
    seconds: int,
    connections: int,
    rate: float = 0,
) -> dict:
    delay = DELAY % {"mean_ms": connections / rate * 1000} if rate else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"kinds": lua_table(kinds), "delay": delay})
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    result = json.loads(out.split("RESULT ", 1)[1])
    result["per_second"] = round(result["requests"] / result["duration_s"], 1)
    result["errors"] = sum(
        result[k]
        for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "status_5xx")
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", choices=["browse", "full", "realistic", "drawn"], default="browse")
    parser.add_argument("--urls", type=int, default=10000, help="paths of the drawn mix")
    parser.add_argument(
        "--import-articles",
        type=int,
        default=0,
        help="import this many new generated articles into the served archive during the run",
    )
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="requests a second offered, about (each connection pauses between requests);"
        " default: none, every connection sends its next request at once (saturation)",
    )
    parser.add_argument("--workers", type=int, default=None, help="default: the config's")
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--fresh",
        choices=["sqlite", "postgresql"],
        help="serve a new archive of --tours generated tours, built first by the importer",
    )
    parser.add_argument("--tours", type=int, default=2000)
    parser.add_argument("--name", default="bench_load", help="PostgreSQL database of --fresh")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if args.fresh:
        os.environ["DATABASE_URL"] = fresh_archive(args.fresh, args.tours, args.name)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to the database to serve, or use --fresh")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from archive.models import Visit

    tours = Visit.objects.public().count()
    if args.mix == "realistic":
        kinds = realistic_kinds()
    elif args.mix == "drawn":
        kinds = drawn_kinds(args.urls)
    else:
        kinds = {args.mix: (1, browse_paths() if args.mix == "browse" else full_paths())}
    paths = [path for _, kind_paths in kinds.values() for path in kind_paths]
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    manage("collectstatic", "--no-input", "-v0", env=env)
    log = Path(tempfile.mkstemp(prefix="load-gunicorn-", suffix=".log")[1])
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    try:
        _wait_until_up(port)
        if args.warmup:
            wrk(port, kinds, args.warmup, args.connections, args.rate)
        since = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        load_before = os.getloadavg()[0]
        importing = alongside_import(args.import_articles)
        result = wrk(port, kinds, args.duration, args.connections, args.rate)
        result["offered_rate"] = args.rate or "saturation"
        if importing:
            result["import"] = import_outcome(importing, args.import_articles)
        # The machine's load over the run: on shared cores the figures depend on it.
        result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    kinds_result = per_kind(log, since)
    log.unlink()
    if args.mix in ("realistic", "drawn"):  # every URL answers 200: a 4xx is a failure too
        result["errors"] += result["status_4xx"]
    print(
        f"{tours} public tours, {connection.vendor}, {args.connections} connections"
        f" ({f'about {args.rate:g} requests/s offered' if args.rate else 'no pause'});"
        f" load average {result['load_average'][0]} before, {result['load_average'][1]} after"
        f" ({os.cpu_count()} cores)"
    )
    print(
        table(
            [{"mix": args.mix, "urls": len(paths), **result}],
            [
                "mix",
                "urls",
                "requests",
                "per_second",
                "p50_ms",
                "p90_ms",
                "p99_ms",
                "max_ms",
                "errors",
                "status_5xx",
                "status_4xx",
                "timeouts",
            ],
        )
    )
    if "import" in result:
        print(f"import alongside: {result['import']}")
    print("\nper kind, the server's time (gunicorn's access log):")
    print(table(kinds_result, ["kind", "requests", "p50_ms", "p99_ms", "max_ms", "status_4xx_5xx"]))
    save(
        f"load-{args.mix}-{args.label or connection.vendor}",
        {
            "database": connection.vendor,
            "mix": args.mix,
            "connections": args.connections,
            "workers": args.workers or "config default",
            "tours": tours,
            "kinds": {kind: {"weight": weight, "paths": p} for kind, (weight, p) in kinds.items()},
            "per_kind": kinds_result,
            **result,
        },
    )
    if result["errors"]:
        raise SystemExit(f"{result['errors']} errors under load")


if __name__ == "__main__":
    main()
