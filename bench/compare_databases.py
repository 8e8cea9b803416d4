"""Two archives compared record by record, by natural key: what differs between them.

    python bench/compare_databases.py URL URL

Every article (its fields, facts and the records they resolve to), its evidence, every tour
(fields, relations, doubts), enterprise and official, as `concurrent_imports.py` compares
them (tests/scratch.py `records`). For instance an import of one corpus by two versions of
the importer, or with and without its worker processes. Exits non-zero if any differ.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database  # noqa: E402
from bench.concurrent_imports import SHOWN, scratch  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("one", help="DATABASE_URL of the first archive")
    parser.add_argument("other", help="DATABASE_URL of the second")
    args = parser.parse_args()
    # Django for tests/scratch.py's snapshot (it reads the databases with their own drivers).
    os.environ["DATABASE_URL"] = fresh_database("sqlite", "bench_compare_settings")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tests.scratch import differences, records

    kinds = ["sqlite" if url.startswith("sqlite") else "postgres" for url in (args.one, args.other)]
    one, other = (
        records(scratch(k, u)) for k, u in zip(kinds, (args.one, args.other), strict=True)
    )
    found = differences(one, other)
    for name in one:
        print(f"{name}: {len(one[name])} and {len(other[name])}")
    print(f"{len(found)} records differ")
    for line in found[:SHOWN]:
        print(f"  {line}")
    if len(found) > SHOWN:
        print(f"  ... and {len(found) - SHOWN} more")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
