"""Two imports of one folder at once against one import alone: the records they leave, compared.

    python bench/concurrent_imports.py --articles 5000 --database postgres sqlite

For each database: a generated corpus (made once, kept in bench/.data) imported by one
`manage.py import_articles` into a fresh database, and by two started together into
another; then every article (with its facts and the records they resolve to), its
evidence, every tour, enterprise and official of the two databases compared by natural key
(tests/scratch.py `records`). Prints the differences found (none expected) and the times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, fresh_database, generated_corpus, save, table  # noqa: E402

SHOWN = 20  # differences printed; all are counted


def run_imports(url: str, folder: Path, runs: int, batch_size: int) -> dict:
    """`runs` imports of the folder started together; their wall time and summaries."""
    command = [PYTHON, str(ROOT / "manage.py"), "import_articles", "--batch-size"]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [*command, str(batch_size), str(folder)],
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(runs)
    ]
    summaries = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"import failed ({process.returncode}):\n{out}\n{err[-3000:]}")
        summaries.append(out.strip().splitlines()[-1])
    return {"seconds": time.perf_counter() - started, "summaries": summaries}


def scratch(kind: str, url: str):
    from tests.scratch import ScratchDatabase

    if kind == "sqlite":
        return ScratchDatabase("sqlite", url.removeprefix("sqlite:///"), url)
    parts = urlparse(url)
    server = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": parts.username,
        "password": parts.password,
    }
    return ScratchDatabase("postgresql", parts.path.lstrip("/"), url, server)


def compare(kind: str, folder: Path, batch_size: int) -> dict:
    alone_url = fresh_database(kind, f"bench_conc_alone_{kind}")
    pair_url = fresh_database(kind, f"bench_conc_pair_{kind}")
    alone = run_imports(alone_url, folder, 1, batch_size)
    pair = run_imports(pair_url, folder, 2, batch_size)

    from tests.scratch import differences, records

    started = time.perf_counter()
    one, two = records(scratch(kind, alone_url)), records(scratch(kind, pair_url))
    found = differences(one, two)
    compared = time.perf_counter() - started
    print(f"\n{kind}: one import: {alone['summaries'][0]}")
    for summary in pair["summaries"]:
        print(f"{kind}: one of two:  {summary}")
    print(f"{kind}: {len(found)} records differ (first: one import, second: two at once)")
    for line in found[:SHOWN]:
        print(f"  {line}")
    if len(found) > SHOWN:
        print(f"  ... and {len(found) - SHOWN} more")
    by_kind = Counter(line.split(" ", 1)[0] for line in found)
    return {
        "database": kind,
        "articles": len(one["articles"]),
        "evidence rows": sum(len(rows) for rows in one["evidence"].values()),
        "tours": len(one["tours"]),
        "enterprises": len(one["enterprises"]),
        "one import s": alone["seconds"],
        "two at once s": pair["seconds"],
        "compare s": compared,
        "differences": len(found),
        **{f"differing {k}": by_kind.get(k, 0) for k in one},
        "first differences": found[:SHOWN],
        "summaries": {"one": alone["summaries"], "two": pair["summaries"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--database", nargs="+", choices=["postgres", "sqlite"], default=["postgres"]
    )
    args = parser.parse_args()

    folder = generated_corpus(args.articles, args.seed)
    # Django for tests/scratch.py's snapshot (it reads the databases with their own drivers).
    os.environ["DATABASE_URL"] = fresh_database("sqlite", "bench_conc_settings")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    rows = [compare(kind, folder, args.batch_size) for kind in args.database]
    columns = [
        "database",
        "articles",
        "evidence rows",
        "tours",
        "enterprises",
        "one import s",
        "two at once s",
        "differences",
    ]
    print()
    print(table(rows, columns))
    save(
        "concurrent-imports",
        {"articles": args.articles, "batch_size": args.batch_size, "runs": rows},
    )


if __name__ == "__main__":
    main()
