"""Tours out, in the schema the evaluation script and the public site's data exports share.

Exports read flat rows, a chunk of tours at a time: the tours' own columns, then one query
per relation for the whole chunk, joined to the tours by id here; no model instances and no
query per tour, so an export costs a fixed number of queries per chunk and holds one chunk
in memory (bench/export_speed.py measures it).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import DatabaseError
from django.db.models import QuerySet

from archive.models import Article, Post, Visit
from archive.site.links import visit_url

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

# Tours read at a time: one chunk's records are in memory at once.
CHUNK = 500
# Text handed on at a time: a write (a send on the socket) per block, not per tour.
BLOCK = 32 * 1024

VISIT_COLUMNS = ("id", "title", "start_date", "end_date", "summary", "review_status")

# Each relation's linked records as (tour id, record fields...), in the order the records'
# models give (by name), which is the order the tour's page and the exports have always used.
RELATION_COLUMNS = {
    "officials": ("official_id", "official__name", "official__name_zh"),
    "accompanying": ("official_id", "official__name", "official__name_zh"),
    "provinces": ("province__name", "province__name_zh", "province__code"),
    "cities": ("city__name", "city__name_zh", "city__code", "city__province__name"),
    "enterprises": ("enterprise__name", "enterprise__name_zh", "enterprise_id"),
    "themes": ("theme__slug",),
}
RELATION_ORDER = {
    "officials": ("official__name", "official_id"),
    "accompanying": ("official__name", "official_id"),
    "provinces": ("province__name", "province_id"),
    "cities": ("city__name", "city_id"),
    "enterprises": ("enterprise__name", "enterprise_id"),
    "themes": ("theme__name", "theme_id"),
}
SOME_ID = 918273645
SOURCE_COLUMNS = ("visit_id", "id", "file_name", "title", "url", "outlet", "published")


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _linked(relation: str, ids: list[int]) -> dict[int, list[tuple]]:
    through = getattr(Visit, relation).through.objects
    rows = (
        through.filter(visit_id__in=ids)
        .order_by(*RELATION_ORDER[relation])
        .values_list("visit_id", *RELATION_COLUMNS[relation])
    )
    linked = defaultdict(list)
    for visit_id, *fields in rows:
        linked[visit_id].append(fields)
    return linked


def _posts(official_ids: set[int]) -> dict[int, list[Post]]:
    """Each official's posts (only the fields Post.senior_on and the title need), in the
    order Post's model gives."""
    posts = defaultdict(list)
    rows = (
        Post.objects.filter(official_id__in=official_ids)
        .order_by("official_id", "start", "id")
        .values_list("official_id", "rank", "start", "end", "title")
    )
    for official_id, rank, start, end, title in rows:
        posts[official_id].append(Post(rank=rank, start=start, end=end, title=title))
    return posts


def _post_on(posts: list[Post], day) -> str:
    best = Post.senior_on(posts, day)
    return best.title if best else ""


def _chunk_records(tours: list[tuple], address) -> Iterator[dict]:
    ids = [tour[0] for tour in tours]
    linked = {relation: _linked(relation, ids) for relation in Visit.RELATIONS}
    official_ids = {o[0] for officials in linked["officials"].values() for o in officials}
    posts = _posts(official_ids) if official_ids else {}
    sources = defaultdict(list)
    articles = (
        Article.objects.filter(visit_id__in=ids)
        .order_by("published", "file_name")
        .values_list(*SOURCE_COLUMNS)
    )
    for visit_id, pk, file_name, title, url, outlet, published in articles:
        sources[visit_id].append(
            {
                "file": file_name.split(":")[0],
                "record": file_name,
                "id": pk,
                "title": title,
                "url": url,
                "outlet": outlet,
                "published": _day(published),
            }
        )
    for pk, title, start_date, end_date, summary, review_status in tours:
        yield {
            "id": pk,
            "title": title,
            "url": address(pk),
            "start_date": _day(start_date),
            "end_date": _day(end_date),
            "officials": [
                {"name": name, "name_zh": name_zh, "post": _post_on(posts.get(o, []), start_date)}
                for o, name, name_zh in linked["officials"].get(pk, ())
            ],
            "accompanying": [
                {"name": name, "name_zh": name_zh}
                for _, name, name_zh in linked["accompanying"].get(pk, ())
            ],
            "provinces": [
                {"name": name, "name_zh": name_zh, "code": code}
                for name, name_zh, code in linked["provinces"].get(pk, ())
            ],
            "cities": [
                {"name": name, "name_zh": name_zh, "code": code, "province": province}
                for name, name_zh, code, province in linked["cities"].get(pk, ())
            ],
            "enterprises": [
                {"name": name, "name_zh": name_zh, "id": e}
                for name, name_zh, e in linked["enterprises"].get(pk, ())
            ],
            "themes": [slug for (slug,) in linked["themes"].get(pk, ())],
            "summary": summary,
            "review_status": review_status,
            "sources": sources.get(pk, []),
        }


def records(visits: QuerySet[Visit]) -> Iterator[dict]:
    """Each of these tours, in their order, as a plain dict: names as objects with `name`,
    themes as slugs, sources as objects with `file`."""
    # A tour's address is reversed once: reverse() for every tour cost as much as the rest.
    head, _, tail = visit_url(SOME_ID).rpartition(str(SOME_ID))
    tours = visits.values_list(*VISIT_COLUMNS).iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(tours, CHUNK)):
        yield from _chunk_records(chunk, lambda pk: f"{head}{pk}{tail}")


def visit_record(visit: Visit) -> dict:
    """One tour's record (served at /visits/<id>.json)."""
    return next(records(Visit.objects.filter(pk=visit.pk)))


def _blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into blocks of about BLOCK characters."""
    block, size = [], 0
    try:
        for piece in pieces:
            block.append(piece)
            size += len(piece)
            if size >= BLOCK:
                yield "".join(block)
                block, size = [], 0
    except DatabaseError:
        # What was read before the database failed is sent before the failure is told.
        yield "".join(block)
        raise
    yield "".join(block)


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    return _blocks(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def json_array(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array, written a block of records at a time."""

    def pieces():
        yield "["
        for index, record in enumerate(records):
            yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    return _blocks(pieces())


# A spreadsheet takes a cell starting with one of these as a formula (=HYPERLINK(...), +, -, @,
# also after a tab or a carriage return): such a cell gets a leading apostrophe, which makes it
# text (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _names(values: list) -> str:
    return "; ".join(v if isinstance(v, str) else v["name"] for v in values)


def csv_rows(records: Iterable[dict]) -> Iterator[str]:
    """CSV text, header first; lists are flattened with "; ", no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def lines():
        writer.writerow(CSV_COLUMNS)
        for record in records:
            cells = (
                record["id"],
                record["title"],
                record["url"],
                record["start_date"] or "",
                record["end_date"] or "",
                *(_names(record[relation]) for relation in Visit.RELATIONS),
                record["summary"],
                record["review_status"],
                "; ".join(s["file"] for s in record["sources"]),
            )
            writer.writerow([inert(cell) for cell in cells])
            line = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            yield line

    return _blocks(lines())


# Exports that fail


FAILED = "EXPORT FAILED: the database failed before the end; this is not the whole export."


def started(records: Iterator[dict]) -> Iterator[dict]:
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
