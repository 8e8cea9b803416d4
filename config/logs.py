"""Logs as JSON lines on stdout, one object per record, for production.

Every line has time, level, logger and message; a request's line adds method, path, query,
status, duration_ms and bytes (gunicorn's access log), or method, path and status (Django's
request errors); a record with an exception adds its traceback as "exception". Django
(settings.LOGGING) and gunicorn (config/gunicorn.conf.py) are configured from the same
dictionary.
"""

import datetime as dt
import json
import logging
from collections.abc import Mapping


def logging_config(as_json: bool, level: str = "WARNING") -> dict:
    """A logging.config.dictConfig dictionary: JSON lines to stdout, or plain text to stderr."""
    if not as_json:
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": level},
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logs.JSONFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # gunicorn's own: worker starts and stops, and one line per request.
            name: {"handlers": ["console"], "level": "INFO", "propagate": False}
            for name in ("gunicorn.error", "gunicorn.access")
        },
    }


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(access_fields(record.args))
            entry["message"] = f"{entry['method']} {entry['path']} {entry['status']}"
        elif hasattr(record, "request") and hasattr(record.request, "method"):
            # Django's django.request and django.security records carry the request.
            entry.update(method=record.request.method, path=record.request.path)
            if hasattr(record, "status_code"):
                entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def access_fields(atoms: Mapping) -> dict:
    """The request in gunicorn's access-log atoms (gunicorn.glogging.Logger.atoms)."""
    # gunicorn escapes double quotes in its atoms for its own quoted log format.
    path = str(atoms.get("U") or "").replace('\\"', '"')
    query = str(atoms.get("q") or "").replace('\\"', '"')
    status = str(atoms.get("s") or "")
    return {
        "method": atoms.get("m"),
        "path": path,
        # Which search or export it was: what makes one /visits/ request slow and another not.
        "query": query,
        "status": int(status) if status.isdigit() else status,
        "duration_ms": round(atoms.get("D", 0) / 1000, 1),
        "bytes": atoms.get("B"),
    }
