"""Tours out, in the schema the evaluation script and the public site's data exports share."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections.abc import Iterable, Iterator

from django.db import DatabaseError

from archive.models import Visit

logger = logging.getLogger(__name__)

CSV_COLUMNS = (
    "id",
    "title",
    "url",
    "start_date",
    "end_date",
    *Visit.RELATIONS,
    "summary",
    "review_status",
    "sources",
)


def visit_record(visit: Visit) -> dict:
    """One tour as a plain dict: names as objects with `name`, themes as slugs."""

    def official(o):
        post = o.post_on(visit.start_date)
        return {"name": o.name, "name_zh": o.name_zh, "post": post.title if post else ""}

    return {
        "id": visit.pk,
        "title": visit.title,
        "url": visit.get_absolute_url(),
        "start_date": visit.start_date.isoformat() if visit.start_date else None,
        "end_date": visit.end_date.isoformat() if visit.end_date else None,
        "officials": [official(o) for o in visit.officials.all()],
        "accompanying": [{"name": o.name, "name_zh": o.name_zh} for o in visit.accompanying.all()],
        "provinces": [
            {"name": p.name, "name_zh": p.name_zh, "code": p.code} for p in visit.provinces.all()
        ],
        "cities": [
            {"name": c.name, "name_zh": c.name_zh, "code": c.code, "province": c.province.name}
            for c in visit.cities.all()
        ],
        "enterprises": [
            {"name": e.name, "name_zh": e.name_zh, "id": e.pk} for e in visit.enterprises.all()
        ],
        "themes": [t.slug for t in visit.themes.all()],
        "summary": visit.summary,
        "review_status": visit.review_status,
        "sources": [
            {
                "file": a.file_name.split(":")[0],
                "record": a.file_name,
                "id": a.pk,
                "title": a.title,
                "url": a.url,
                "outlet": a.outlet,
                "published": a.published.isoformat() if a.published else None,
            }
            for a in visit.sources.all()
        ],
    }


def jsonl_lines(visits: Iterable[Visit]) -> Iterator[str]:
    for visit in visits:
        yield json.dumps(visit_record(visit), ensure_ascii=False) + "\n"


def json_array(visits: Iterable[Visit]) -> Iterator[str]:
    """A JSON array, written one record at a time."""
    yield "["
    for index, visit in enumerate(visits):
        yield ("," if index else "") + "\n" + json.dumps(visit_record(visit), ensure_ascii=False)
    yield "\n]\n"


# A spreadsheet takes a cell starting with one of these as a formula (=HYPERLINK(...), +, -, @,
# also after a tab or a carriage return): such a cell gets a leading apostrophe, which makes it
# text (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(visits: Iterable[Visit]) -> Iterator[str]:
    """CSV text, header first; lists are flattened with "; ", no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for visit in visits:
        record = visit_record(visit)
        row = []
        for column in CSV_COLUMNS:
            value = record[column]
            if column == "sources":
                value = "; ".join(s["file"] for s in value)
            elif isinstance(value, list):
                value = "; ".join(v if isinstance(v, str) else v["name"] for v in value)
            row.append("" if value is None else inert(value))
        writer.writerow(row)
        yield flush()


# Exports that fail


FAILED = "EXPORT FAILED: the database failed before the end; this is not the whole export."


def started(records: Iterator[Visit]) -> Iterator[Visit]:
    """The records, the first one read already: the database is asked before an answer starts,
    so that a database that is down fails the request (a 500), not the body of a 200."""
    first = list(itertools.islice(records, 1))
    return itertools.chain(first, records)


def ended_visibly(chunks: Iterator[str], format: str, what: str) -> Iterator[str]:
    """The export's text; if the database fails midway, the error is logged and the text ends
    with a line saying so (FAILED): a JSON export is then not valid JSON, a CSV's last row is
    that line. The status, 200, has been sent by then."""
    try:
        yield from chunks
    except DatabaseError:
        logger.exception("Export %s failed midway", what)
        if format == "csv":
            yield FAILED + "\r\n"
        else:
            yield "\n" + FAILED + "\n"
