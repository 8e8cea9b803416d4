"""Record pages: p50 and p95 of the busiest officials', provinces', cities', enterprises' and
themes' pages and of tour pages, computed afresh and from the cache, one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/record_pages.py

Requests go through the whole Django stack in this process, as in browse_latency.py. Each
kind is measured over its `--records` records with the most tours (for tours: tours spread
over the table), each requested `--rounds` times with the cache emptied before each request
(the database warm), then from the cache. The rows of tours kept with the browse index stay
kept between requests, as in a running server (a record page's first request keeps them);
`--fresh-rows` forgets them before each uncached request, as after a change to the archive.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, save, table  # noqa: E402


def record_urls(records: int) -> dict[str, list[tuple[str, int]]]:
    """For each kind of page, (url, the record's public tours) of its busiest records."""
    from archive.models import City, Enterprise, Official, Province, Theme, Visit
    from archive.site.tallies import public_tour_count

    def top(model, relation: str) -> list[tuple[str, int]]:
        rows = model.objects.annotate(n=public_tour_count(relation)).order_by("-n")[:records]
        return [(row.get_absolute_url(), row.n) for row in rows]

    count = Visit.objects.public().count()
    step = max(1, count // records)
    tour_ids = Visit.objects.public().order_by("pk").values_list("pk", flat=True)[::step]
    return {
        "official": top(Official, "officials"),
        "province": top(Province, "provinces"),
        "city": top(City, "cities"),
        "enterprise": top(Enterprise, "enterprises"),
        "theme": top(Theme, "themes"),
        "tour": [(Visit(pk=pk).get_absolute_url(), 1) for pk in list(tour_ids)[:records]],
    }


def measure(client, urls: list[tuple[str, int]], rounds: int, fresh_rows: bool = False) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.site import facet_index

    for url, _n in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    uncached, uncached_cpu, cached = [], [], []
    for _ in range(rounds):
        for url, _n in urls:
            cache.clear()
            if fresh_rows:  # as if no page had shown these tours since the archive changed
                facet_index.forget_rows()
            started, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            uncached.append((time.perf_counter() - started) * 1000)
            uncached_cpu.append((time.process_time() - cpu) * 1000)
            started = time.perf_counter()
            client.get(url)
            cached.append((time.perf_counter() - started) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        client.get(urls[0][0])
    return {
        "records": len(urls),
        "most_tours": max(n for _url, n in urls),
        "fewest_tours": min(n for _url, n in urls),
        "uncached_p50_ms": round(percentile(uncached, 50), 1),
        "uncached_p95_ms": round(percentile(uncached, 95), 1),
        "uncached_max_ms": round(max(uncached), 1),
        "uncached_queries": len(computed.captured_queries),
        # This process's CPU alone (not the database server's): steadier on a loaded machine.
        "uncached_cpu_p50_ms": round(percentile(uncached_cpu, 50), 1),
        "uncached_cpu_p95_ms": round(percentile(uncached_cpu, 95), 1),
        "cached_p50_ms": round(percentile(cached, 50), 1),
        "cached_p95_ms": round(percentile(cached, 95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5, help="records of each kind")
    parser.add_argument("--rounds", type=int, default=8, help="requests of each record")
    parser.add_argument("--label", default="", help="a name for this run, e.g. pg-200k")
    parser.add_argument(
        "--fresh-rows",
        action="store_true",
        help="forget the rows of tours kept with the browse index before each uncached request",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from archive.models import Visit

    call_command("collectstatic", interactive=False, verbosity=0)  # pages as in production
    client = Client()
    rows = []
    for kind, urls in record_urls(args.records).items():
        rows.append(
            {
                "page": kind,
                "first_url": urls[0][0],
                **measure(client, urls, args.rounds, args.fresh_rows),
            }
        )
        print(f"{kind}: uncached p95 {rows[-1]['uncached_p95_ms']} ms", file=sys.stderr, flush=True)
    print(
        table(
            rows,
            [
                "page",
                "records",
                "most_tours",
                "fewest_tours",
                "uncached_p50_ms",
                "uncached_p95_ms",
                "uncached_max_ms",
                "uncached_queries",
                "uncached_cpu_p50_ms",
                "uncached_cpu_p95_ms",
                "cached_p50_ms",
                "cached_p95_ms",
            ],
        )
    )
    save(
        f"record-pages-{args.label or connection.vendor}",
        {
            "database": connection.vendor,
            "tours": Visit.objects.public().count(),
            "rounds": args.rounds,
            "fresh_rows": args.fresh_rows,
            "pages": rows,
        },
    )


if __name__ == "__main__":
    main()
