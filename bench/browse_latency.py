"""Browse latency: p50 and p95 of /visits/ for each kind of search, cached and not, one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/browse_latency.py

Requests go through the whole Django stack in this process (middleware, views, templates,
database), without a network between. Each URL is requested once to warm the cache, then
`--rounds` times; the table gives the cold time, p50, p95, max and the number of SQL
queries of a warm request, then p50 and p95 with the cache emptied before each request
(pages and counts computed afresh, the database warm) and that request's queries. Filter values are the most frequent ones in the database, so
that each search matches many tours.
"""

from __future__ import annotations

import argparse
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


def _found(url: str) -> int:
    from django.http import QueryDict

    from archive.models import Visit
    from archive.site.filters import VisitFilterSet

    params = QueryDict(url.partition("?")[2])
    return VisitFilterSet(params, queryset=Visit.objects.public()).qs.count()


def measure(client, url: str, rounds: int) -> dict:
    from django.core.cache import cache
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
    uncached = []
    for _ in range(max(3, rounds // 4)):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        uncached.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as computed:
        cache.clear()
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
        "tours_found": _found(url),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--label", default="", help="a name for this run, e.g. pg-200k")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # pages as in production

    client = Client()
    targets = urls()
    tours = int(targets.pop("tours in database"))
    rows = []
    for name, url in targets.items():
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
            ],
        )
    )
    save(
        f"browse-{args.label or connection.vendor}",
        {"database": connection.vendor, "tours": tours, "rounds": args.rounds, "urls": rows},
    )


if __name__ == "__main__":
    main()
