"""Throughput under load: gunicorn on loopback, driven by wrk with a mix of URLs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_browse python bench/load.py --mix browse
    DATABASE_URL=... python bench/load.py --mix full --duration 60

Starts gunicorn with config/gunicorn.conf.py in production mode, warms it up for a few
seconds (not counted), then runs wrk for `--duration` seconds over the mix, each request a
random pick. Reports requests per second, latency percentiles and every kind of error:
connection errors, timeouts, 4xx and 5xx responses. `browse` is /visits/ with facets, dates
and full-text queries; `full` adds tour, official, province, enterprise and article pages,
filtered exports (CSV and JSON), the Atom feed and /healthz.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, manage, save, table  # noqa: E402

PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front would send

LUA = """
local paths = %(paths)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  s5, s4, s3 = 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.headers["X-Forwarded-Proto"] = "https"
end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 end
end
function done(summary, latency, requests)
  local t5, t4, t3 = 0, 0, 0
  for _, t in ipairs(threads) do t5 = t5 + t:get("s5"); t4 = t4 + t:get("s4"); t3 = t3 + t:get("s3") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_s": %%.2f, "bytes": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "timeouts": %%d, "status_5xx": %%d, ' ..
    '"status_4xx": %%d, "status_3xx": %%d, "p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, ' ..
    '"max_ms": %%.1f}\\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write,
    e.timeout, t5, t4, t3, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def browse_paths() -> list[str]:
    from bench.browse_latency import urls

    found = urls()
    found.pop("tours in database")
    return list(found.values())


def full_paths() -> list[str]:
    from archive.models import Article, Enterprise, Official, Province, Visit

    paths = browse_paths()
    tours = list(Visit.objects.public().order_by("?").values_list("pk", flat=True)[:40])
    paths += [f"/visits/{pk}/" for pk in tours]
    paths += [o.get_absolute_url() for o in Official.objects.order_by("?")[:10]]
    paths += [p.get_absolute_url() for p in Province.objects.order_by("?")[:10]]
    paths += [e.get_absolute_url() for e in Enterprise.objects.order_by("?")[:10]]
    paths += [a.get_absolute_url() for a in Article.objects.order_by("?")[:20]]
    province = Province.objects.order_by("?").first().code
    paths += [
        f"/visits/?province={province}&year=2020&format=csv",
        f"/visits/?province={province}&year=2021&format=json",
        "/visits/?q=semiconductor&format=csv",
        "/visits/feed/",
        "/healthz",
    ]
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=PROXY_HEADERS)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": "{" + ", ".join(json.dumps(p) for p in paths) + "}"})
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    result = json.loads(out.split("RESULT ", 1)[1])
    result["per_second"] = round(result["requests"] / result["duration_s"], 1)
    result["errors"] = sum(
        result[k]
        for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "status_5xx")
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", choices=["browse", "full"], default="browse")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None, help="default: the config's")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to the database to serve")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    paths = browse_paths() if args.mix == "browse" else full_paths()
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    manage("collectstatic", "--no-input", "-v0", env=env)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_until_up(port)
        if args.warmup:
            wrk(port, paths, args.warmup, args.connections)
        result = wrk(port, paths, args.duration, args.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        table(
            [{"mix": args.mix, "urls": len(paths), **result}],
            [
                "mix",
                "urls",
                "requests",
                "per_second",
                "p50_ms",
                "p90_ms",
                "p99_ms",
                "max_ms",
                "errors",
                "status_5xx",
                "status_4xx",
                "timeouts",
            ],
        )
    )
    save(
        f"load-{args.mix}-{args.label or connection.vendor}",
        {
            "database": connection.vendor,
            "mix": args.mix,
            "connections": args.connections,
            "workers": args.workers or "config default",
            "paths": paths,
            **result,
        },
    )
    if result["errors"]:
        raise SystemExit(f"{result['errors']} errors under load")


if __name__ == "__main__":
    main()
