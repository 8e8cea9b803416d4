"""Import throughput: articles per second, extraction alone and end to end, with peak memory.

    python bench/import_throughput.py --articles 10000 --database sqlite postgres

For each size: a generated corpus (made once, kept in bench/.data), then
1. extraction alone, in this process, over the corpus's files, and then with the files
   shared among as many processes as there are cores;
2. `manage.py import_articles` into a fresh database, in a child process whose resident
   memory is sampled every half second (it should stay flat however many files it reads),
   with its extraction workers', and, on PostgreSQL, the CPU time the server spent, so that
   throughput per core counts every process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    fresh_database,
    generated_corpus,
    save,
    table,
)

TICKS = os.sysconf("SC_CLK_TCK")


def extraction_alone(folder: Path) -> dict:
    """Extraction over the corpus in this process, then split across every core."""
    import django

    # The gazetteer as a fresh database holds it.
    os.environ["DATABASE_URL"] = fresh_database("sqlite", "bench_gazetteer")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from archive.ingest.gazetteers import build_gazetteer
    from archive.ingest.readers import iter_files

    global _gazetteer
    _gazetteer = build_gazetteer()
    paths = list(iter_files([folder]))
    count, reading, extracting = _extract(paths)
    # Extraction is pure: on several cores, each process takes its share of the files
    # (forked with the gazetteer already built, as an importer's worker would be).
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        shares = pool.map(_extract, [paths[i::cores] for i in range(cores)])
    wall = time.perf_counter() - started
    return {
        "articles": count,
        "extract_seconds": round(extracting, 2),
        "read_seconds": round(reading, 2),
        "extract_per_second": round(count / extracting, 1),
        "cores": cores,
        "extract_per_second_all_cores": round(sum(share[0] for share in shares) / wall, 1),
    }


_gazetteer = None


def _extract(paths: list[Path]) -> tuple[int, float, float]:
    from archive.ingest.extraction import extract
    from archive.ingest.readers import read

    count, reading, extracting = 0, 0.0, 0.0
    for path in paths:
        started = time.perf_counter()
        docs = read(path, 10 * 1024 * 1024)
        reading += time.perf_counter() - started
        for doc in docs:
            started = time.perf_counter()
            extract(doc.text, _gazetteer, published=doc.published, title=doc.title)
            extracting += time.perf_counter() - started
            count += 1
    return count, reading, extracting


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def _postgres_pids(database: str) -> list[int]:
    """The server processes serving this database (their title names it): other work on
    the same server is not counted."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in {"postgres", "postmaster"}:
                    title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                    if f" {database} " in title:
                        pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared with other processes (a forked worker's, copied
    on write) counted once among them, unlike the resident size."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    """The processes the importer started (its extraction workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def end_to_end(
    folder: Path, database: str, articles: int, prefix: str = "bench", extra: str = ""
) -> dict:
    name = f"{prefix}_import_{articles}"
    url = fresh_database(database, name)
    env = {**os.environ, "DATABASE_URL": url}
    # Per server process, sampled while the import runs: the backend serving the import
    # exits with its connection, taking its CPU time with it.
    pg_cpu_by_pid: dict[int, float] = {}
    pg_before = (
        {pid: _cpu_seconds([pid]) for pid in _postgres_pids(name)} if database == "postgres" else {}
    )
    started = time.perf_counter()
    child = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "import_articles", *extra.split(), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    samples: list[tuple[float, float]] = []
    cpu = 0.0
    workers_cpu_by_pid: dict[int, float] = {}
    peak_rss_all, peak_pss_all, workers = 0.0, 0.0, 0
    while child.poll() is None:
        try:
            samples.append((round(time.perf_counter() - started, 1), round(_rss_mb(child.pid), 1)))
            cpu = _cpu_seconds([child.pid])
            # The importer's worker processes: their CPU, and the memory of all of them.
            others = _children(child.pid)
            workers = max(workers, len(others))
            for pid in others:
                if now := _cpu_seconds([pid]):
                    workers_cpu_by_pid[pid] = now
            rss = samples[-1][1] + sum(_rss_mb(pid) for pid in others)
            pss = sum(_pss_mb(pid) for pid in [child.pid, *others])
            peak_rss_all, peak_pss_all = max(peak_rss_all, rss), max(peak_pss_all, pss)
        except OSError:
            break
        if database == "postgres":
            for pid in _postgres_pids(name):
                if now := _cpu_seconds([pid]):  # 0 when it exited meanwhile: keep the last
                    pg_cpu_by_pid[pid] = now - pg_before.get(pid, 0.0)
        time.sleep(0.5)
    out, err = child.communicate()
    wall = time.perf_counter() - started
    pg_cpu = sum(pg_cpu_by_pid.values())
    main_cpu = cpu
    cpu += sum(workers_cpu_by_pid.values())
    summary = out.strip().splitlines()[-1] if out.strip() else err.strip()[-300:]
    numbers = re.search(
        r"extraction (?P<extract>[\d.]+) s, reading and storing (?P<store>[\d.]+) s;"
        r" peak memory (?P<peak>\d+) MB",
        summary,
    )
    stored = float(numbers["store"]) if numbers else None
    cores = (cpu + pg_cpu) / wall if wall else 0
    return {
        "database": database,
        "articles": articles,
        "import_args": extra,
        "exit": child.returncode,
        "summary": summary,
        "wall_seconds": round(wall, 1),
        "per_second": round(articles / wall, 1),
        "importer_cpu_seconds": round(cpu, 1),  # its workers' included
        "workers": workers,
        "importer_main_process_cpu_seconds": round(main_cpu, 1),
        "workers_cpu_seconds": round(cpu - main_cpu, 1),
        "database_cpu_seconds": round(pg_cpu, 1),
        "cores_used": round(cores, 2),
        "per_second_per_core": round(articles / (cpu + pg_cpu), 1) if cpu + pg_cpu else None,
        "extraction_seconds_in_import": float(numbers["extract"]) if numbers else None,
        "storing_seconds": stored,
        "storing_per_second": round(articles / stored, 1) if stored else None,
        "peak_memory_mb": int(numbers["peak"]) if numbers else None,
        # Sampled: the importer and its workers together, resident and proportional.
        "peak_rss_all_processes_mb": round(peak_rss_all),
        "peak_pss_all_processes_mb": round(peak_pss_all),
        "memory_samples_mb": samples[:: max(1, len(samples) // 40)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000])
    parser.add_argument("--database", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--name", default="bench", help="prefix of the databases it makes (NAME_import_N)"
    )
    parser.add_argument(
        "--no-extraction", action="store_true", help="only the imports, not extraction alone"
    )
    parser.add_argument(
        "--import-args", default="", help="more arguments for import_articles ('--workers 0')"
    )
    args = parser.parse_args()

    extraction, imports = [], []
    for size in args.articles:
        folder = generated_corpus(size, args.seed)
        if not args.no_extraction:
            extraction.append(extraction_alone(folder))
            print(table(extraction[-1:], list(extraction[-1])), flush=True)
        for database in args.database:
            imports.append(end_to_end(folder, database, size, args.name, args.import_args))
            row = imports[-1]
            print(
                table(
                    [row],
                    [
                        "database",
                        "articles",
                        "exit",
                        "wall_seconds",
                        "per_second",
                        "cores_used",
                        "per_second_per_core",
                        "storing_per_second",
                        "peak_memory_mb",
                        "peak_pss_all_processes_mb",
                    ],
                ),
                flush=True,
            )
            print("  ", row["summary"], flush=True)
    save("import", {"extraction": extraction, "imports": imports})


if __name__ == "__main__":
    main()
