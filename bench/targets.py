"""Issue 17's targets in one run per database: each benchmark run, then one table of target,
measured figure and whether it is met.

    python bench/targets.py --database postgresql --url postgres://postgres@127.0.0.1:5432/bench_browse
    python bench/targets.py --database sqlite --url sqlite:///bench/.data/browse-20k.sqlite3

The database given is read, never written (the browse, record-page and export figures
come from it; see bench/README.md for how `populate.py` fills one at archive scale). The
import and the load under import each build their own fresh database, and the side by
side with Datasette works on a copy of the SQLite file. Each benchmark keeps its own
results file in bench/results/; this one names them all, with the verdicts, in
`targets-DATABASE-*.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, save, table  # noqa: E402

PARTS = ("browse", "records", "exports", "imports", "load", "datasette")
# /visits/ kinds of search whose target is 50 ms; the full-text ones have 100 ms.
FULL_TEXT = ("full text", "full text phrase", "full text and facet")


@dataclass
class Verdict:
    target: str
    measured: str
    met: bool
    source: str

    def row(self) -> dict:
        return {
            "target": self.target,
            "measured": self.measured,
            "met": "yes" if self.met else "NO",
            "results": self.source,
        }


def run(script: str, *args: str, url: str | None = None) -> tuple[dict, str]:
    """Run one benchmark as its own process; its results, and the file they are kept in."""
    env = {**os.environ}
    if url:
        env["DATABASE_URL"] = url
    command = [PYTHON, str(ROOT / "bench" / script), *args]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
    found = re.findall(r"^results: (\S+)$", done.stdout, re.MULTILINE)
    if not found:
        raise SystemExit(f"{script} kept no results (exit {done.returncode})")
    print(f"({time.monotonic() - started:.0f} s)", flush=True)
    return json.loads((ROOT / found[-1]).read_text()), found[-1]


def browse(url: str, rounds: int, combinations: int) -> list[Verdict]:
    results, source = run(
        "browse_latency.py", "--rounds", str(rounds), "--combinations", str(combinations), url=url
    )
    verdicts = []
    for row in results["urls"]:
        limit = 100 if row["search"] in FULL_TEXT else 50
        verdicts.append(
            Verdict(
                f"/visits/ {row['search']}: uncached p95 <= {limit} ms",
                f"{row['uncached_p95_ms']} ms ({row['tours_found']} tours)",
                row["uncached_p95_ms"] <= limit,
                source,
            )
        )
    for row in results["new_searches"]:
        limit = 100 if row["search"] in FULL_TEXT else 50
        verdicts.append(
            Verdict(
                f"/visits/ {row['searches']} new {row['search']}: p95 <= {limit} ms",
                f"{row['p95_ms']} ms",
                row["p95_ms"] <= limit,
                source,
            )
        )
    return verdicts


def records(url: str, rounds: int) -> list[Verdict]:
    results, source = run("record_pages.py", "--rounds", str(rounds), url=url)
    return [
        Verdict(
            f"{row['page']} page ({row['fewest_tours']}-{row['most_tours']} tours): "
            "uncached p95 <= 50 ms",
            f"{row['uncached_p95_ms']} ms",
            row["uncached_p95_ms"] <= 50,
            source,
        )
        for row in results["pages"]
    ]


def exports(database: str, url: str) -> list[Verdict]:
    results, source = run("export_speed.py", "--database", database, "--url", url)
    verdicts = [
        Verdict(
            f"{row['export']}: >= 20,000 tours/s",
            f"{row['tours_per_s']:,.0f} tours/s ({row['tours']} tours, {row['seconds']:.1f} s)",
            row["tours_per_s"] >= 20_000,
            source,
        )
        for row in results["rows"]
    ]
    growth = results.get("peak_growth_mb")
    if growth is not None:
        verdicts.append(
            Verdict(
                "exports: memory flat (< 100 MB above the start)",
                f"{growth:.0f} MB",
                growth < 100,
                source,
            )
        )
    return verdicts


def imports(database: str, articles: int) -> list[Verdict]:
    kind = "postgres" if database == "postgresql" else "sqlite"
    results, source = run(
        "import_throughput.py",
        "--articles",
        str(articles),
        "--database",
        kind,
        "--name",
        "targets",
    )
    verdicts = []
    for row in results["extraction"]:
        verdicts.append(
            Verdict(
                "English extraction (issue 12): >= 1,200 articles/s on one core",
                f"{row['extract_per_second']:,.0f}/s",
                row["extract_per_second"] >= 1200,
                source,
            )
        )
    for row in results["imports"]:
        verdicts.append(
            Verdict(
                f"import of {row['articles']:,} articles: >= 1,000 articles/s on "
                f"{os.cpu_count()} cores",
                f"{row['per_second']:,.0f}/s (cores used {row['cores_used']})",
                row["per_second"] >= 1000,
                source,
            )
        )
        peak = row.get("peak_pss_all_processes_mb") or row["peak_memory_mb"]
        verdicts.append(
            Verdict("import: peak memory < 300 MB, all processes", f"{peak} MB", peak < 300, source)
        )
    return verdicts


def load(database: str, duration: int, import_articles: int, rate: float) -> list[Verdict]:
    rate_args = ["--rate", f"{rate:g}"] if rate else []
    results, source = run(
        "load.py",
        "--mix",
        "drawn",
        "--fresh",
        database,
        "--duration",
        str(duration),
        "--import-articles",
        str(import_articles),
        "--name",
        "targets_load",
        *rate_args,
    )
    offered = f"about {rate:g} requests/s offered" if rate else "16 connections, no pause"
    return [
        Verdict(
            f"drawn mix ({offered}), {import_articles:,} articles importing: zero errors",
            f"{results['errors']} errors of {results['requests']:,}",
            results["errors"] == 0,
            source,
        ),
        Verdict(
            f"drawn mix ({offered}), importing: p99 <= 250 ms",
            f"{results['p99_ms']} ms (p50 {results['p50_ms']}, {results['per_second']}/s)",
            results["p99_ms"] <= 250,
            source,
        ),
    ]


def datasette(url: str) -> list[Verdict]:
    path = url.removeprefix("sqlite:///")
    results, source = run("datasette_side_by_side.py", "--database", path)
    return [
        Verdict(
            f"side by side, {row['search']}: >= 3x faster than Datasette uncached (p50)",
            f"{row['x_uncached']}x (ours {row['uncached_p50']}, Datasette "
            f"{row['datasette_p50']} ms)",
            row["x_uncached"] >= 3,
            source,
        )
        for row in results["searches"]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--url", required=True, help="DATABASE_URL of the archive to read")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--rounds", type=int, default=20, help="requests per browse URL")
    parser.add_argument("--combinations", type=int, default=15, help="new searches per kind")
    parser.add_argument("--import-articles", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-import-articles", type=int, default=3000)
    parser.add_argument(
        "--load-rates",
        type=float,
        nargs="+",
        default=[0, 10],
        help="requests a second offered by the load runs; 0: no pause (saturation)",
    )
    args = parser.parse_args()
    if args.database == "sqlite" and not args.url.startswith("sqlite:///"):
        raise SystemExit("--database sqlite needs a sqlite:/// URL")

    started = time.monotonic()
    verdicts: list[Verdict] = []
    if "browse" in args.parts:
        verdicts += browse(args.url, args.rounds, args.combinations)
    if "records" in args.parts:
        verdicts += records(args.url, max(3, args.rounds // 4))
    if "exports" in args.parts:
        verdicts += exports(args.database, args.url)
    if "imports" in args.parts:
        verdicts += imports(args.database, args.import_articles)
    if "load" in args.parts:
        for rate in args.load_rates:
            verdicts += load(args.database, args.load_seconds, args.load_import_articles, rate)
    if "datasette" in args.parts and args.database == "sqlite":
        verdicts += datasette(args.url)

    rows = [verdict.row() for verdict in verdicts]
    met = sum(verdict.met for verdict in verdicts)
    print(f"\nIssue 17's targets on {args.database} ({args.url}):")
    print(table(rows, ["target", "measured", "met", "results"]))
    print(
        f"\n{met} of {len(verdicts)} met; took {time.monotonic() - started:.0f} s;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    save(f"targets-{args.database}", {"url": args.url, "parts": args.parts, "targets": rows})


if __name__ == "__main__":
    main()
