"""Fill a database at archive scale, fast, for the browse and load benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse \\
        python bench/populate.py --articles 1000000

Importing a million articles through the importer takes hours (see import_throughput.py
for its speed); the browse benchmarks need the data, not the import. So this writes what
an import would leave, from the generator's own gold records instead of extraction: each
generated article stored verbatim, each tour a Visit with its officials, provinces,
cities, enterprises, themes and dates, every source linked, then the search index built
by the real code (`rebuild_search_index`). Run it on an empty, migrated database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHUNK = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--until", default="2026-11-21")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.text import slugify

    from archive.ingest.extraction.enterprises import enterprise_key
    from archive.ingest.gazetteers import gazetteer_dir
    from archive.models import Article, City, Enterprise, Official, Province, Theme, Visit
    from tools.synthetic import generate

    if Visit.objects.exists():
        raise SystemExit("the database already holds tours: populate an empty one")
    fixtures = [
        json.loads((gazetteer_dir() / n).read_text(encoding="utf-8"))
        for n in ("places.json", "officials.json", "themes.json")
    ]
    officials = dict(Official.objects.values_list("name", "pk"))
    provinces = dict(Province.objects.values_list("name", "pk"))
    cities: dict[tuple[int, str], int] = {
        (province, name): pk
        for pk, province, name in City.objects.values_list("pk", "province", "name")
    }
    themes = dict(Theme.objects.values_list("slug", "pk"))
    enterprises: dict[str, int] = {}
    tours: dict[str, Visit] = {}
    links = {name: set() for name in Visit.RELATIONS}
    through = {name: Visit._meta.get_field(name).remote_field.through for name in Visit.RELATIONS}
    target = {
        name: Visit._meta.get_field(name).m2m_reverse_field_name() for name in Visit.RELATIONS
    }

    def official(name: str) -> int:
        if name not in officials:
            officials[name] = Official.objects.create(name=name, slug=slugify(name)[:90]).pk
        return officials[name]

    def enterprise(name: str, province: int | None) -> int:
        key = enterprise_key(name)
        if key not in enterprises:
            found = Enterprise.objects.filter(key=key).values_list("pk", flat=True).first()
            enterprises[key] = (
                found
                or Enterprise.objects.create(
                    name=name,
                    key=key,
                    slug=f"{slugify(name)[:180]}-{len(enterprises)}",
                    province_id=province,
                ).pk
            )
        return enterprises[key]

    def flush(visits: list, articles: list, new_links: dict) -> None:
        # Bulk-created, so without signals or history rows: the data of a finished import.
        Visit.objects.bulk_create(visits, batch_size=1000)
        # A text generated twice is stored once, as an import would.
        Article.objects.bulk_create(articles, batch_size=1000, ignore_conflicts=True)
        for name, pairs in new_links.items():
            field = target[name]
            through[name].objects.bulk_create(
                [through[name](visit_id=v.pk, **{f"{field}_id": t}) for v, t in pairs],
                batch_size=5000,
                ignore_conflicts=True,
            )

    started = time.monotonic()
    buffer: list = []
    new_visits: list = []
    pending = {name: [] for name in Visit.RELATIONS}
    count = 0
    stream = generate(
        *fixtures, articles=args.articles, seed=args.seed, until=dt.date.fromisoformat(args.until)
    )
    for path, text, gold in stream:
        count += 1
        first_line, _, body = text.partition("\n")
        title = first_line.split(" ", 3)[-1] if first_line.startswith(" date ") else ""
        visit = None
        if gold.get("is_tour"):
            tour = gold["tour"]
            province = provinces.get(gold["provinces"][0]) if gold["provinces"] else None
            if tour not in tours:
                start = gold.get("start_date") or gold.get("published")
                end = gold.get("end_date") or start
                names = " and ".join(gold["officials"])
                tours[tour] = Visit(
                    title=f"{names} in {', '.join(gold['provinces'])}"[:300],
                    start_date=start,
                    end_date=end,
                    summary=body.strip()[:400],
                    review_status=Visit.Review.REVIEWED,
                )
                new_visits.append(tours[tour])
            visit = tours[tour]
            wanted = {
                "officials": [official(n) for n in gold["officials"]],
                "accompanying": [official(n) for n in gold.get("accompanying", [])],
                "provinces": [provinces[n] for n in gold["provinces"] if n in provinces],
                "cities": [
                    cities[(province, n)] for n in gold["cities"] if (province, n) in cities
                ],
                "enterprises": [enterprise(n, province) for n in gold.get("enterprises", [])],
                "themes": [themes[s] for s in gold.get("themes", []) if s in themes],
            }
            for name, ids in wanted.items():
                for pk in ids:
                    if (tour, pk) not in links[name]:
                        links[name].add((tour, pk))
                        pending[name].append((visit, pk))
        buffer.append(
            Article(
                file_name=path.rsplit("/", 1)[-1],
                title=title[:500],
                published=gold.get("published"),
                raw_text=text,
                clean_text=text,
                content_hash=hashlib.sha256(text.strip().encode()).hexdigest(),
                is_tour=bool(gold.get("is_tour")),
                facts={"synthetic": True},
                visit=visit,
            )
        )
        if len(buffer) >= CHUNK:
            with transaction.atomic():
                flush(new_visits, buffer, pending)
            new_visits, buffer, pending = [], [], {name: [] for name in Visit.RELATIONS}
            rate = count / (time.monotonic() - started)
            print(
                f"{count} articles, {len(tours)} tours ({rate:.0f}/s)", file=sys.stderr, flush=True
            )
    with transaction.atomic():
        flush(new_visits, buffer, pending)
    stored = time.monotonic() - started
    print(f"stored {count} articles and {len(tours)} tours in {stored:.0f} s; indexing", flush=True)
    call_command("rebuild_search_index")
    # The planner's statistics (this machine's PostgreSQL has no autovacuum to make them).
    connection.cursor().execute("ANALYZE")
    print(f"done in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
