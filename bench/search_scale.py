"""The full-text part of /visits/ alone, as the number of matching tours grows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/search_scale.py

For each search (common and rare words, phrases, Chinese, with and without a facet, ordered by
relevance as a search is by default) it times what grows with the tours found, each search
asked afresh: the browse index's selection (the search query, ranking, the masks), the page's
order and the page's snippets. Templates and the page's other queries are left out: they cost
the same whatever the search. Each search is asked `--rounds` times (the index's kept searches
forgotten before each); the table gives the median wall time, this process's CPU and the
database's time (the queries' wall time as Django measures it), and the queries' count.

Run it from another checkout to time that commit's code (`before` in the README's tables).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import save, table  # noqa: E402

SEARCHES = [
    "q=innovation",
    "q=development",
    "q=semiconductor",
    'q="rural revitalization"',
    'q="high-quality development"',
    "q=习近平",
    "q=innovation&province=440000",
    'q="rural revitalization"&province=440000',
    "q=development&year=2019",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from archive import search
    from archive.models import Visit
    from archive.site import browse, facet_index
    from archive.site.filters import VisitFilterSet

    facet_index.current()
    rows = []
    for state in SEARCHES:
        params = QueryDict(state)
        wall, cpu, database, queries, found = [], [], [], 0, 0
        for _ in range(args.rounds):
            if hasattr(facet_index, "forget_searches"):
                facet_index.forget_searches()
            filterset = VisitFilterSet(params, queryset=Visit.objects.public())
            assert filterset.is_valid(), (state, filterset.errors)
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                selection = browse.select(filterset)
                page = [int(pk) for pk in selection.ordered("relevance")[:25]]
                snippets = search.snippets(page, params["q"])
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            database.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            queries, found = len(captured.captured_queries), selection.total
            assert len(snippets) == len(page), state
        rows.append(
            {
                "search": state,
                "tours_found": found,
                "wall_ms": round(statistics.median(wall), 1),
                "cpu_ms": round(statistics.median(cpu), 1),
                "database_ms": round(statistics.median(database), 1),
                "queries": queries,
            }
        )
        print(f"{state}: {rows[-1]}", file=sys.stderr, flush=True)
    print(table(rows, list(rows[0])))
    save(
        f"search-scale-{args.label or connection.vendor}",
        {
            "database": connection.vendor,
            "tours": facet_index.current().size,
            "rounds": args.rounds,
            "searches": rows,
            "load_average": os.getloadavg(),
        },
    )


if __name__ == "__main__":
    main()
