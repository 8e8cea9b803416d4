"""Chinese full-text search three ways, on the same tours: what each finds, how fast, how big.

    python bench/search_chinese.py [--corpus ../shared/corpus/real-zh] [--tours 3000]
    (jieba is not a dependency of the project: `pip install jieba==0.42.1` to measure it too)

Tours are made of the real Chinese pages of the corpus (in simplified characters, as both
ways index them): tour k has page k, and every third tour a second page, round after
round, until `--tours`. The queries are every Chinese name the gazetteers hold (officials,
provinces and cities, short names) and every Chinese theme keyword, and each official's name
with 考察 ("习近平 考察"); a query asks for tours holding all its terms.

What a tour truly holds is decided by substring: a term is in a tour when its characters
stand in a row in its text. Against that each way is scored (recall, precision, over the
queries that some tour holds) and timed (the query's SQL, counting its tours, warm cache):

- pairs: archive/search.py's searchable() into the english tsvector (GIN), phrase queries;
- jieba: jieba's words (default mode) into the english tsvector (GIN), the query cut alike;
- pg_trgm: the simplified text with a gin_trgm_ops index, each term as LIKE '%term%'.

On SQLite, pairs in the FTS5 table as the archive has it, against FTS5's trigram tokenizer
(terms under three characters cannot use its index: they are LIKE over the table).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PG_ADMIN_URL, ROOT, percentile, save, table  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-zh"
GAZETTEER = ROOT / "fixtures" / "gazetteer"
DATABASE = "bench_search_chinese"
ASKED: list[tuple[str, ...]] = []


def queries() -> list[tuple[str, ...]]:
    officials = json.loads((GAZETTEER / "officials.json").read_text(encoding="utf-8"))
    places = json.loads((GAZETTEER / "places.json").read_text(encoding="utf-8"))["provinces"]
    themes = json.loads((GAZETTEER / "themes.json").read_text(encoding="utf-8"))
    names = [o["name_zh"] for o in officials if o.get("name_zh")]
    found = {(n,) for n in names} | {(n, "考察") for n in names}
    for province in places:
        found |= {(p["short_zh"],) for p in [province, *province["cities"]] if p.get("short_zh")}
    found |= {(k,) for t in themes for k in t.get("keywords_zh", [])}
    return sorted(found)


def tours(corpus: Path, count: int, simplified) -> list[str]:
    pages = [simplified(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))]
    if not pages:
        sys.exit(f"no pages in {corpus}")
    made = []
    for k in range(count):
        text = pages[k % len(pages)]
        if k % 3 == 0:
            text += "\n\n" + pages[(7 * k + 3) % len(pages)]
        made.append(text)
    return made


MISSED = {}  # way -> the first queries it missed a tour of, printed after the tables


def scored(name: str, truth: list[set[int]], found: list[set[int]], ms: list[float]) -> dict:
    held = [i for i, t in enumerate(truth) if t]
    recall = statistics.mean(len(found[i] & truth[i]) / len(truth[i]) for i in held)
    answered = [i for i in held if found[i]]
    precision = statistics.mean(len(found[i] & truth[i]) / len(found[i]) for i in answered)
    missed = [i for i in held if not truth[i] <= found[i]]
    MISSED[name] = [" ".join(ASKED[i]) for i in missed[:12]]
    return {
        "way": name,
        "recall": f"{recall:.3f}",
        "precision": f"{precision:.3f}",
        "queries missing a tour": len(missed),
        "p50 ms": percentile(ms, 50),
        "p95 ms": percentile(ms, 95),
        "max ms": max(ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--tours", type=int, default=3000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")  # Django is set up, not used
    import django

    django.setup()
    import psycopg

    from archive.search import _T2S, parse, searchable

    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
    except ImportError:
        jieba = None
        print("jieba is not installed: its way is left out")

    texts = tours(args.corpus, args.tours, _T2S.convert)
    asked = ASKED[:] = queries()
    truth = [{k for k, t in enumerate(texts) if all(term in t for term in q)} for q in asked]
    print(f"{len(texts)} tours, {sum(map(len, texts)) / len(texts):.0f} characters a tour; "
          f"{len(asked)} queries, {sum(1 for t in truth if t)} held by some tour")  # fmt: skip

    ways = {"pairs": searchable}
    if jieba:
        ways["jieba"] = lambda text: " ".join(jieba.cut(text))
    prepare_rows, rows = [], {}
    for name, write in ways.items():
        started = time.process_time()
        rows[name] = [write(t) for t in texts]
        seconds = time.process_time() - started
        prepare_rows.append({"way": name, "CPU s to write": seconds,
                             "tours/s": len(texts) / seconds})  # fmt: skip

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}"
    results, sizes = [], []
    try:
        with psycopg.connect(url, autocommit=True) as pg:
            pg.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            pg.execute("CREATE TABLE tour (id int PRIMARY KEY, text text)")
            with pg.cursor().copy("COPY tour (id, text) FROM STDIN") as copy:
                for k, text in enumerate(texts):
                    copy.write_row((k, text))
            for name in ways:
                pg.execute(f"CREATE TABLE {name} (id int PRIMARY KEY, vector tsvector)")
                started = time.perf_counter()
                with pg.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {name} VALUES (%s, to_tsvector('english', %s))",
                        list(enumerate(rows[name])),
                    )
                pg.execute(f"CREATE INDEX {name}_gin ON {name} USING gin (vector)")
                sizes.append(_pg_size(pg, name, f"{name}_gin", time.perf_counter() - started))
            started = time.perf_counter()
            pg.execute("CREATE INDEX tour_trgm ON tour USING gin (text gin_trgm_ops)")
            sizes.append(_pg_size(pg, "pg_trgm", "tour_trgm", time.perf_counter() - started))
            pg.execute("VACUUM ANALYZE")

            def pairs_query(q):
                return " ".join('"' + " ".join(t.words) + '"' for t in parse(" ".join(q))[0])

            def jieba_query(q):
                return " ".join('"' + " ".join(jieba.cut(term)) + '"' for term in q)

            sql = {
                "pairs": ("SELECT id FROM pairs WHERE vector @@ websearch_to_tsquery("
                          "'english', %s)", pairs_query),
                "jieba": ("SELECT id FROM jieba WHERE vector @@ websearch_to_tsquery("
                          "'english', %s)", jieba_query),
            }  # fmt: skip
            for name in ways:
                statement, make = sql[name]
                results.append(_timed(pg, f"PostgreSQL {name}", statement, make, asked, truth))
            results.append(_timed(pg, "PostgreSQL pg_trgm", None, None, asked, truth))
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    results += _sqlite(texts, rows["pairs"], asked, truth, parse)

    print("\nWriting the text (one core):")
    print(table(prepare_rows, ["way", "CPU s to write", "tours/s"]))
    print("\nIndexes on PostgreSQL:")
    print(table(sizes, ["way", "index MB", "vectors MB", "s to build"]))
    print("\nQueries:")
    print(table(results, list(results[0])))
    for name, missed in MISSED.items():
        if missed:
            print(f"{name} misses tours of: {', '.join(missed)}")
    save(
        "search-chinese",
        {"tours": len(texts), "queries": len(asked), "write": prepare_rows, "sizes": sizes,
         "results": results, "missed": MISSED},
    )  # fmt: skip


def _pg_size(pg, name: str, index: str, seconds: float) -> dict:
    [(index_bytes,)] = pg.execute(f"SELECT pg_relation_size('{index}')").fetchall()
    vectors = 0
    if name != "pg_trgm":
        [(vectors,)] = pg.execute(f"SELECT sum(pg_column_size(vector)) FROM {name}").fetchall()
    return {"way": name, "index MB": index_bytes / 2**20, "vectors MB": vectors / 2**20,
            "s to build": seconds}  # fmt: skip


def _timed(pg, name, statement, make, asked, truth) -> dict:
    found, ms = [], []
    for q in asked:
        started = time.perf_counter()
        if make is None:  # pg_trgm: one LIKE a term
            where = " AND ".join(["text LIKE %s"] * len(q))
            rows = pg.execute(f"SELECT id FROM tour WHERE {where}", [f"%{t}%" for t in q])
        else:
            rows = pg.execute(statement, [make(q)])
        found.append({r[0] for r in rows.fetchall()})
        ms.append((time.perf_counter() - started) * 1000)
    return scored(name, truth, found, ms)


def _sqlite(texts, pairs_rows, asked, truth, parse) -> list[dict]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE pairs USING fts5(body, "
               "tokenize = 'porter unicode61 remove_diacritics 0')")  # fmt: skip
    db.execute("CREATE VIRTUAL TABLE trigram USING fts5(body, tokenize = 'trigram')")
    db.executemany("INSERT INTO pairs (rowid, body) VALUES (?, ?)", enumerate(pairs_rows))
    db.executemany("INSERT INTO trigram (rowid, body) VALUES (?, ?)", enumerate(texts))
    results = []
    found, ms = [], []
    for q in asked:
        match = " AND ".join('"' + " ".join(t.words) + '"' for t in parse(" ".join(q))[0])
        started = time.perf_counter()
        rows = db.execute("SELECT rowid FROM pairs WHERE pairs MATCH ?", [match]).fetchall()
        found.append({r[0] for r in rows})
        ms.append((time.perf_counter() - started) * 1000)
    results.append(scored("SQLite FTS5 pairs", truth, found, ms))
    found, ms = [], []
    for q in asked:
        where = " AND ".join(["body LIKE ?"] * len(q))
        started = time.perf_counter()
        rows = db.execute(f"SELECT rowid FROM trigram WHERE {where}", [f"%{t}%" for t in q])
        found.append({r[0] for r in rows.fetchall()})
        ms.append((time.perf_counter() - started) * 1000)
    results.append(scored("SQLite FTS5 trigram", truth, found, ms))
    return results


if __name__ == "__main__":
    main()
