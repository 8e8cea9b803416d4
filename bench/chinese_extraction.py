"""Extraction speed on Chinese text: articles per second on one core, over real Chinese pages.

    python bench/chinese_extraction.py [--corpus ../shared/corpus/real-zh] [--articles 5000]

The real-zh pages (49 crawled pages, 17 of them in traditional characters, as the
importer reads them) are extracted round after round, each round in another order, until
`--articles` extractions are done; the time is extraction's alone, in this process, with
the gazetteer as a fresh database holds it. Every page goes through the Chinese path
(the script stops if one does not), so the figure is the Chinese path's. Generated reports
would be the honest alternative only if the generator wrote Chinese; real pages are what
the importer meets.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fresh_database, save, table  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-zh"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = fresh_database("sqlite", "bench_chinese_gazetteer")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from archive.ingest.extraction import extract
    from archive.ingest.gazetteers import build_gazetteer
    from archive.ingest.readers import SourceDoc, iter_files, read

    gazetteer = build_gazetteer()
    docs = [
        doc
        for path in iter_files([args.corpus])
        if isinstance(path, Path) and path.suffix == ".txt"
        for doc in read(path, 10 * 1024 * 1024)
        if isinstance(doc, SourceDoc)
    ]
    if not docs:
        sys.exit(f"no pages in {args.corpus}")
    # Once outside the clock: the patterns are compiled on first use, as in an import.
    for doc in docs:
        facts = extract(doc.text, gazetteer, published=doc.published, title=doc.title)
        if facts.language != "zh":
            sys.exit(f"{doc.file_name} is not read as Chinese")

    rng = random.Random(args.seed)
    rounds, done = [], 0
    while done < args.articles:
        order = docs[:]
        rng.shuffle(order)
        started = time.process_time()
        for doc in order:
            extract(doc.text, gazetteer, published=doc.published, title=doc.title)
        rounds.append(time.process_time() - started)
        done += len(order)
    seconds = sum(rounds)
    per_round = [len(docs) / r for r in rounds if r]
    result = {
        "corpus": str(args.corpus),
        "pages": len(docs),
        "characters_per_page": round(statistics.mean(len(d.text) for d in docs)),
        "articles": done,
        "cpu_seconds": round(seconds, 2),
        "per_second": round(done / seconds, 1),
        "us_per_article": round(seconds / done * 1e6),
        "per_second_rounds_p10": round(statistics.quantiles(per_round, n=10)[0], 1)
        if len(per_round) >= 2
        else None,
    }
    print(table([result], list(result)))
    save("chinese-extraction", result)


if __name__ == "__main__":
    main()
