"""gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Behind a proxy that terminates TLS (README, "Production"). PORT (default 8000) and
WEB_CONCURRENCY (default 2 × cores + 1 processes) come from the environment; any other setting
can be overridden with GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--bind 127.0.0.1:8000".
"""

import os
from pathlib import Path

# Running under this file means production: the settings then insist on a secret key and
# allowed hosts, redirect to HTTPS and log JSON. Set before the application is loaded.
os.environ.setdefault("DJANGO_ENV", "production")

from config.logs import logging_config  # noqa: E402 (after DJANGO_ENV, on purpose)

chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "config.wsgi:application"
bind = [f"0.0.0.0:{int(os.environ.get('PORT', 8000))}"]

# Processes × threads requests at once, and as many database connections (CONN_MAX_AGE keeps
# one per thread open). Threads keep slow clients and idle keep-alive connections from
# holding a whole process.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = 2
# Load Django once in the master: a broken configuration stops the start at once, and the
# workers share the loaded code.
preload_app = True
# A worker silent for this long is killed and replaced; on restart, requests in flight get
# graceful_timeout to finish. keepalive is for the proxy's connections.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle each worker after about twenty thousand requests (jittered so that they do not all
# restart at once), which bounds any slow leak. Not much sooner: a new worker reads the browse
# index and compiles its templates again, and at a thousand requests the five workers
# restarted every few seconds under load, the slowest 1% of requests waiting for them (p99
# 763 ms against 152 ms at twenty thousand, bench/load.py's realistic mix).
max_requests = 20000
max_requests_jitter = 2000
# Refuse oversized request lines and headers early.
limit_request_line = 8190
limit_request_fields = 100

# One JSON line per request (method, path, status, duration_ms, bytes) and per server event,
# on stdout, in the same format as the application's own logs.
accesslog = "-"
errorlog = "-"
logconfig_dict = logging_config(as_json=True, level=os.environ.get("LOG_LEVEL", "WARNING"))

# Managed by signals (HUP reloads, TERM stops, TTIN/TTOU add or remove a worker), without the
# control socket, whose default path would be shared by every gunicorn of the same user.
control_socket_disable = True

# The heartbeat files of the workers live in memory where there is /dev/shm (containers).
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"
