"""Production settings: refusing to start half-configured, the deploy checks, security headers,
the health check, JSON logs, and gunicorn serving with config/gunicorn.conf.py."""

import http.client
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory

from archive.editing.admin_site import ADMIN_CSP
from config.logs import JSONFormatter, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "archive.example.org"
# The environment the README's "Production" section documents.
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": HOST,
}
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def clean_env(tmp_path, **variables) -> dict[str, str]:
    """This process's environment without any of the site's settings, plus these."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_"))
        and name not in {"ALLOWED_HOSTS", "DATABASE_URL", "LOG_LEVEL", "WEB_CONCURRENCY", "PORT"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["CACHE_DIR"] = str(tmp_path / "cache")  # pages of this test's database only
    return env | variables


def policy(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources} (django-csp's order varies)."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Starting up


@pytest.mark.slow
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        (
            ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS"],
            "DJANGO_ENV=production: DJANGO_SECRET_KEY must be set; "
            "ALLOWED_HOSTS must be set (comma-separated host names).",
        ),
        (["DJANGO_SECRET_KEY"], "DJANGO_ENV=production: DJANGO_SECRET_KEY must be set."),
        (
            ["ALLOWED_HOSTS"],
            "DJANGO_ENV=production: ALLOWED_HOSTS must be set (comma-separated host names).",
        ),
    ],
)
def test_it_refuses_to_start_in_production_without_a_key_or_hosts(tmp_path, missing, message):
    env = clean_env(tmp_path, **PRODUCTION_ENV)
    for name in missing:
        del env[name]
    result = manage(env, "check")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {message}"
    )


@pytest.mark.slow
def test_it_refuses_debug_mode_and_unknown_environments(tmp_path):
    result = manage(clean_env(tmp_path, **PRODUCTION_ENV, DJANGO_DEBUG="1"), "check")
    assert result.returncode != 0
    assert result.stderr.strip().endswith("DJANGO_ENV=production: DJANGO_DEBUG must be off.")

    result = manage(clean_env(tmp_path, DJANGO_ENV="prod"), "check")
    assert result.returncode != 0
    assert result.stderr.strip().endswith(
        "DJANGO_ENV is 'prod': use 'production' or 'development' (the default)."
    )


@pytest.mark.slow
@pytest.mark.parametrize("hosts", ["*", "archive.example.org,*"])
def test_it_refuses_to_start_in_production_for_any_host(tmp_path, hosts):
    result = manage(clean_env(tmp_path, **PRODUCTION_ENV | {"ALLOWED_HOSTS": hosts}), "check")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_ENV=production:"
        " ALLOWED_HOSTS must name the site's hosts, not '*'."
    )


@pytest.mark.slow
def test_it_refuses_to_start_with_a_trusted_proxy_that_is_not_an_address(tmp_path):
    env = clean_env(tmp_path, **PRODUCTION_ENV, TRUSTED_PROXIES="10.0.0.2, proxy.internal")
    result = manage(env, "check")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured:"
        " TRUSTED_PROXIES: 'proxy.internal' is not an IP address or network."
    )
    env["TRUSTED_PROXIES"] = "10.0.0.2, 10.1.0.0/16, fd00::/8"
    assert manage(env, "check").returncode == 0


@pytest.mark.slow
def test_it_works_in_development_with_nothing_set(tmp_path):
    result = manage(clean_env(tmp_path), "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_deploy_checks_pass_with_the_documented_environment(tmp_path):
    result = manage(
        clean_env(tmp_path, **PRODUCTION_ENV), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_the_deploy_checks_fail_on_development_defaults(tmp_path):
    result = manage(clean_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W009"):  # HSTS, redirect, key
        assert check in result.stderr


# Headers


@pytest.mark.django_db
def test_it_sends_security_headers_on_every_page(client):
    for url in ("/", "/healthz", "/no-such-page/", "/admin/login/"):
        response = client.get(url)
        assert policy(response["Content-Security-Policy"]) == POLICY, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


@pytest.mark.django_db
def test_a_request_for_another_host_gets_the_headers_and_one_warning_line(client, caplog):
    caplog.set_level(logging.DEBUG)
    for url in ("/", "/visits/?q=chips", "/admin/login/", "/healthz"):
        caplog.clear()
        response = client.get(url, headers={"host": "scanner.example"})
        assert response.status_code == 400
        assert "<h1>Bad request</h1>" in response.content.decode()
        assert policy(response["Content-Security-Policy"]) == POLICY, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "same-origin", url
        logged = [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
        assert logged == [
            (
                "django.security.DisallowedHost",
                "WARNING",
                "Refused a request for host scanner.example: not in ALLOWED_HOSTS",
                None,
            )
        ], url


@pytest.mark.django_db
def test_its_cookies_are_secure_and_out_of_reach_of_scripts(client, admin_user):
    csrf = client.get("/admin/login/").cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(
        "/admin/login/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]


@pytest.mark.django_db
def test_the_admin_allows_the_history_pages_inline_style_and_nothing_more(client, admin_user):
    client.force_login(admin_user)
    admin = policy(client.get("/admin/")["Content-Security-Policy"])
    assert admin == POLICY | {"style-src-attr": " ".join(ADMIN_CSP["style-src-attr"])}
    assert admin["style-src-attr"].startswith("'unsafe-hashes' 'sha256-")
    assert policy(client.get("/")["Content-Security-Policy"]) == POLICY


# Health check


@pytest.mark.django_db
def test_the_health_check_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_the_health_check_answers_503_without_details_when_the_database_does_not(
    client, monkeypatch, caplog
):
    from django.db import connection

    def refuse():
        raise OperationalError('connection to server failed: password for user "archive"')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "archive" not in response.content.decode()
    assert 'password for user "archive"' in caplog.text  # the operator sees why, in the log


# Logs


def test_log_records_become_json_lines():
    formatter = JSONFormatter()
    record = logging.LogRecord("archive", logging.WARNING, __file__, 1, "%s tours", (3,), None)
    line = json.loads(formatter.format(record))
    assert line.keys() == {"time", "level", "logger", "message"}
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "archive", "3 tours")
    assert line["time"].endswith("+00:00")

    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Error", (), sys.exc_info()
        )
    record.request = RequestFactory().post("/visits/")
    record.status_code = 500
    line = json.loads(formatter.format(record))
    assert (line["method"], line["path"], line["status"]) == ("POST", "/visits/", 500)
    assert "ValueError: bad value" in line["exception"]


def test_gunicorns_access_records_become_request_lines():
    from gunicorn.glogging import SafeAtoms

    atoms = SafeAtoms(
        {"m": "GET", "U": '/visits/"x"', "q": "q=chips", "s": "200", "D": 12345, "B": 512}
    )
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', (atoms,), None
    )
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == 'GET /visits/"x" 200'
    assert (line["method"], line["path"], line["status"]) == ("GET", '/visits/"x"', 200)
    assert line["query"] == "q=chips"
    assert (line["duration_ms"], line["bytes"]) == (12.3, 512)


def test_only_production_logs_json():
    assert "formatters" not in logging_config(as_json=False)
    config = logging_config(as_json=True, level="INFO")
    assert config["handlers"]["console"]["stream"] == "ext://sys.stdout"
    assert config["root"] == {"handlers": ["console"], "level": "INFO"}


# gunicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, **headers) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


class Gunicorn:
    """`gunicorn -c config/gunicorn.conf.py config.wsgi` on a free port, logs in a file."""

    def __init__(self, tmp_path, **env):
        self.port = free_port()
        self.log = tmp_path / "gunicorn.log"
        env = clean_env(
            tmp_path,
            **PRODUCTION_ENV,
            PORT=str(self.port),
            WEB_CONCURRENCY="1",
            DJANGO_STATIC_ROOT=str(settings.STATIC_ROOT),  # collected by conftest
            **env,
        )
        del env["DJANGO_ENV"]  # the configuration file sets it
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "-c",
                    "config/gunicorn.conf.py",
                    "config.wsgi",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                get(self.port, "/healthz")
                return
            except OSError as refused:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = self.log.read_text()
                    raise AssertionError(f"gunicorn did not start:\n{log}") from refused
                time.sleep(0.2)

    def stop(self) -> list[str]:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.log.read_text().splitlines()


@pytest.fixture
def gunicorn(tmp_path):
    servers = []

    def start(**env) -> Gunicorn:
        servers.append(Gunicorn(tmp_path, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.mark.slow
def test_gunicorn_serves_the_site_in_production_mode(gunicorn):
    server = gunicorn()
    health = get(server.port, "/healthz")  # plain http, as a load balancer probes
    assert health.status == 200
    assert json.loads(health.body) == {"status": "ok"}

    redirect = get(server.port, "/visits/?q=chips")
    assert redirect.status == 301
    assert redirect.headers["Location"] == f"https://{HOST}/visits/?q=chips"

    # What the TLS proxy forwards: a secure request, answered with the custom 404 page.
    missing = get(server.port, "/no-such-page/", **{"X-Forwarded-Proto": "https"})
    assert missing.status == 404
    assert b"<h1>Page not found</h1>" in missing.body
    assert b"/static/archive/site." in missing.body  # the hashed, collected stylesheet
    assert missing.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert policy(missing.headers["Content-Security-Policy"]) == POLICY
    assert missing.headers["X-Content-Type-Options"] == "nosniff"

    stylesheet = get(server.port, "/static/archive/site.css", **{"X-Forwarded-Proto": "https"})
    assert stylesheet.status == 200

    lines = [json.loads(line) for line in server.stop()]  # every line is JSON
    requests = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {
        "level": "INFO",
        "message": "GET /healthz 200",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
    }.items() <= requests[0].items()
    assert all(r["duration_ms"] >= 0 and r["bytes"] >= 0 for r in requests)
    # Each request is logged as its thread finishes, so not necessarily in order.
    assert {(r["path"], r["status"]) for r in requests} == {
        ("/healthz", 200),
        ("/visits/", 301),
        ("/no-such-page/", 404),
        ("/static/archive/site.css", 200),
    }
    assert any(line["message"] == "Not Found: /no-such-page/" for line in lines)


@pytest.mark.slow
def test_gunicorn_reports_an_unreachable_database_on_the_health_check(gunicorn):
    server = gunicorn(DATABASE_URL=f"postgres://archive:secret@127.0.0.1:{free_port()}/tours")
    health = get(server.port, "/healthz")
    assert health.status == 503
    assert json.loads(health.body) == {"status": "error", "database": "unavailable"}
    logged = [json.loads(line) for line in server.stop()]
    assert any("the database did not answer" in line["message"] for line in logged)


@pytest.mark.slow
def test_gunicorn_refuses_another_host_with_the_headers_and_one_warning_line(gunicorn):
    server = gunicorn()
    # Plain http, which would be redirected to https, and a request the proxy forwarded.
    for headers in ({}, {"X-Forwarded-Proto": "https"}):
        refused = get(server.port, "/visits/", Host="scanner.example", **headers)
        assert refused.status == 400
        assert b"<h1>Bad request</h1>" in refused.body
        assert policy(refused.headers["Content-Security-Policy"]) == POLICY
        assert refused.headers["X-Content-Type-Options"] == "nosniff"
        assert refused.headers["X-Frame-Options"] == "DENY"
    lines = [json.loads(line) for line in server.stop()]
    refusals = [line for line in lines if line["logger"].startswith("django.")]
    assert refusals == [
        {
            "time": refusal["time"],
            "level": "WARNING",
            "logger": "django.security.DisallowedHost",
            "message": "Refused a request for host scanner.example: not in ALLOWED_HOSTS",
            "method": "GET",
            "path": "/visits/",
            "status": 400,
        }
        for refusal in refusals[:2]
    ]
    assert len(refusals) == 2
    assert not [line for line in lines if line["level"] == "ERROR"]
