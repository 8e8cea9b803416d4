"""Browse latency: p50 and p95 of /visits/ for each kind of search, cached and not, one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/browse_latency.py

Requests go through the whole Django stack in this process (middleware, views, templates,
database), without a network between. Each URL is requested once to warm the cache, then
`--rounds` times; the table gives the cold time, p50, p95, max and the number of SQL
queries of a warm request, then p50 and p95 with the cache emptied before each request
(pages and counts computed afresh, the database warm) and that request's queries. Filter values are the most frequent ones in the database, so
that each search matches many tours.

With `--combinations N` it then asks, for each kind of search, N searches nobody asked
before, drawn from the tours (a random tour's province, leader, theme, city, year; common
words and phrases of the reports), each once with the cache emptied: what first visitors to
new searches wait. The browse index (archive/site/facet_index.py) is read before the first
request, and how long that takes and what it holds are reported too.

The index keeps the matching tours of the last full-text searches asked: "uncached" requests
for the same words find them there. New searches forget them first, so that each asks the
database again, as the first visitor to those words does; with `--forget-searches` every
uncached request does too. `--only WORD` measures only the searches whose name has
WORD ("full text" for the full-text ones).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, save, table  # noqa: E402


def urls() -> dict[str, str]:
    from django.db.models import Count

    from archive.models import City, Official, Province, Theme, Visit

    def top(model, field):
        return (
            model.objects.annotate(n=Count("visits"))
            .order_by("-n")
            .values_list(field, flat=True)
            .first()
        )

    official, province, theme = top(Official, "slug"), top(Province, "code"), top(Theme, "slug")
    city = (
        City.objects.filter(province__code=province)
        .annotate(n=Count("visits"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    tours = Visit.objects.count()
    return {
        "tours in database": str(tours),
        "no filter": "/visits/",
        "one facet": f"/visits/?province={province}",
        "two facets": f"/visits/?province={province}&official={official}",
        "three facets": f"/visits/?province={province}&official={official}&theme={theme}",
        "city and year": f"/visits/?city={city}&year=2019",
        "date range": "/visits/?start=2018-03-01&end=2019-06-30",
        "range and facet": f"/visits/?start=2018-03-01&end=2019-06-30&theme={theme}",
        "full text": "/visits/?q=semiconductor",
        "full text phrase": '/visits/?q="rural+revitalization"',
        "full text and facet": f"/visits/?q=innovation&province={province}",
        "deep page": f"/visits/?page={max(1, min(50, tours // 25))}",
    }


WORDS = ["innovation", "development", "technology", "rural", "green", "enterprise", "village"]
WORDS += ["reform", "semiconductor", "port", "poverty", "ecological", "manufacturing", "energy"]
PHRASES = ['"rural revitalization"', '"high-quality development"', '"green development"']
PHRASES += ['"new energy"', '"scientific and technological"', '"common prosperity"']


def combinations(count: int, seed: int = 17) -> dict[str, list[str]]:
    """For each kind of search, `count` URLs drawn from random public tours."""
    import random

    from archive.models import Visit

    rng = random.Random(seed)
    ids = list(Visit.objects.public().values_list("pk", flat=True))
    tours = Visit.objects.prefetch_related("officials", "provinces", "cities", "themes")
    kinds: dict[str, list[str]] = {}

    def tour():
        while True:
            visit = tours.get(pk=rng.choice(ids))
            if visit.start_date and visit.provinces.all() and visit.officials.all():
                return visit

    def facets(visit, n: int) -> list[str]:
        options = [
            f"province={rng.choice(visit.provinces.all()).code}",
            f"official={rng.choice(visit.officials.all()).slug}",
        ]
        if visit.themes.all():
            options.append(f"theme={rng.choice(visit.themes.all()).slug}")
        if visit.cities.all():
            options.append(f"city={rng.choice(visit.cities.all()).code}")
        options.append(f"year={visit.start_date.year}")
        return rng.sample(options, min(n, len(options)))

    def dates(visit) -> str:
        start = visit.start_date - dt.timedelta(days=rng.randrange(30, 400))
        end = visit.start_date + dt.timedelta(days=rng.randrange(30, 400))
        return f"start={start}&end={end}"

    pages = max(1, len(ids) // 25)
    for _ in range(count):
        visit = tour()
        kinds.setdefault("one facet", []).append("&".join(facets(visit, 1)))
        kinds.setdefault("two facets", []).append("&".join(facets(visit, 2)))
        kinds.setdefault("three facets", []).append("&".join(facets(visit, 3)))
        kinds.setdefault("date range", []).append(dates(visit))
        kinds.setdefault("range and facet", []).append(f"{dates(visit)}&{facets(visit, 1)[0]}")
        kinds.setdefault("deep page", []).append(f"page={rng.randrange(2, min(pages, 400) + 1)}")
        kinds.setdefault("full text", []).append(f"q={rng.choice(WORDS)}")
        kinds.setdefault("full text phrase", []).append(f"q={rng.choice(PHRASES)}")
        kinds.setdefault("full text and facet", []).append(
            f"q={rng.choice(WORDS)}&{facets(visit, 1)[0]}"
        )
    return {kind: [f"/visits/?{query}" for query in queries] for kind, queries in kinds.items()}


def forget_searches(always: bool = False) -> None:
    """Empty the page cache, and with --forget-searches (or `always`) the full-text searches
    the browse index keeps (a commit before it kept none): every search then asks the database
    again."""
    from django.core.cache import cache

    cache.clear()
    if FORGET_SEARCHES or always:
        from archive.site import facet_index

        if hasattr(facet_index, "forget_searches"):
            facet_index.forget_searches()


FORGET_SEARCHES = False


def first_views(client, kinds: dict[str, list[str]]) -> list[dict]:
    """Each URL once, the cache emptied before it: p50/p95 per kind, and CPU of this process."""
    rows = []
    for kind, kind_urls in kinds.items():
        wall, cpu = [], []
        for url in kind_urls:
            forget_searches(always=True)  # new words as much as new combinations
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rows.append(
            {
                "search": kind,
                "searches": len(kind_urls),
                "p50_ms": round(percentile(wall, 50), 1),
                "p95_ms": round(percentile(wall, 95), 1),
                "max_ms": round(max(wall), 1),
                "cpu_p50_ms": round(percentile(cpu, 50), 1),
                "cpu_p95_ms": round(percentile(cpu, 95), 1),
                "urls": kind_urls,
            }
        )
        print(f"{kind}: new searches p95 {rows[-1]['p95_ms']} ms", file=sys.stderr, flush=True)
    return rows


def index_load() -> dict:
    """How long this process takes to read the browse index, and what it holds."""
    import resource

    try:
        from archive.site import facet_index
    except ImportError:  # a commit before the index: its "before" figures
        return {}

    facet_index.forget()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, started_cpu = time.perf_counter(), time.process_time()
    index = facet_index.current()
    return {
        "load_ms": round((time.perf_counter() - started) * 1000, 1),
        "load_cpu_ms": round((time.process_time() - started_cpu) * 1000, 1),
        "tours": index.size,
        "pairs": {param: len(r.tours) for param, r in index.relations.items()},
        "array_mb": round(index.nbytes() / 1e6, 1),
        "peak_rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, 1
        ),
    }


def _found(url: str) -> int:
    from django.http import QueryDict

    from archive.models import Visit
    from archive.site.filters import VisitFilterSet

    params = QueryDict(url.partition("?")[2])
    return VisitFilterSet(params, queryset=Visit.objects.public()).qs.count()


def measure(client, url: str, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # The same with nothing cached: every count and the page computed afresh (the
    # database's own cache stays warm). What a first visitor to a search waits.
    uncached, uncached_cpu = [], []
    for _ in range(max(3, rounds // 4)):
        forget_searches()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        uncached.append((time.perf_counter() - started) * 1000)
        uncached_cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as computed:
        forget_searches()
        client.get(url)
    return {
        "cold_ms": round(cold, 1),
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "max_ms": round(max(samples), 1),
        "queries": len(queries.captured_queries),
        "uncached_p50_ms": round(percentile(uncached, 50), 1),
        "uncached_p95_ms": round(percentile(uncached, 95), 1),
        "uncached_queries": len(computed.captured_queries),
        # This process's CPU (Django and the client; not the database server's): what a
        # loaded machine's wall time hides.
        "uncached_cpu_p50_ms": round(percentile(uncached_cpu, 50), 1),
        "tours_found": _found(url),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--label", default="", help="a name for this run, e.g. pg-200k")
    parser.add_argument(
        "--combinations", type=int, default=0, help="new searches per kind, drawn from the data"
    )
    parser.add_argument(
        "--forget-searches",
        action="store_true",
        help="uncached requests also forget the full-text searches the browse index keeps",
    )
    parser.add_argument("--only", default="", help="only the searches whose name has this")
    args = parser.parse_args()
    global FORGET_SEARCHES
    FORGET_SEARCHES = args.forget_searches
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # pages as in production

    client = Client()
    loading = index_load()
    print(f"browse index: {loading}", file=sys.stderr, flush=True)
    targets = urls()
    tours = int(targets.pop("tours in database"))
    rows = []
    for name, url in targets.items():
        if args.only not in name:
            continue
        rows.append({"search": name, "url": url, **measure(client, url, args.rounds)})
        print(f"{name}: p95 {rows[-1]['p95_ms']} ms", file=sys.stderr, flush=True)
    print(
        table(
            rows,
            [
                "search",
                "tours_found",
                "cold_ms",
                "p50_ms",
                "p95_ms",
                "queries",
                "uncached_p50_ms",
                "uncached_p95_ms",
                "uncached_queries",
                "uncached_cpu_p50_ms",
            ],
        )
    )
    drawn = []
    if args.combinations:
        kinds = combinations(args.combinations)
        drawn = first_views(client, {k: v for k, v in kinds.items() if args.only in k})
    if drawn:
        columns = ["search", "searches", "p50_ms", "p95_ms", "max_ms", "cpu_p50_ms", "cpu_p95_ms"]
        print("\nNew searches, each once, the cache emptied before each:")
        print(table(drawn, columns))
    print(f"\nbrowse index: {loading}")
    save(
        f"browse-{args.label or connection.vendor}",
        {
            "database": connection.vendor,
            "tours": tours,
            "rounds": args.rounds,
            "forget_searches": args.forget_searches,
            "urls": rows,
            "index": loading,
            "new_searches": drawn,
            "load_average": os.getloadavg(),
        },
    )


if __name__ == "__main__":
    main()
