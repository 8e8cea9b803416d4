"""Tours out, in the schema the evaluation script and the public site's data exports share.

The exports (`export_visits`, the site's CSV and JSON downloads) write each tour's line as
kept by the exports before them (archive.export_lines: a line is forgotten when the tour or a
record it shows changes): one statement reads the ids of the tours selected, in their order,
then one per 2,000 tours reads their lines (_kept), written out around each tour's address
(the site's, which a request names). The lines not kept are made from the records, a chunk
of tours at a time, and kept: the tours' own columns, then one statement for the records
every relation links the chunk's tours to and one for their sources, joined to the tours by
id here; no model instances and no query per tour (bench/export_speed.py measures both).
`records` makes the plain dicts of the JSON exports from the records directly (for a tour's
page in JSON and the published dataset).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import json
import logging
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from archive import export_lines
from archive.models import ArchiveVersion, Article, ExportLine, Post, Visit
from archive.site.links import visit_url

logger = logging.getLogger(__name__)


class Field(NamedTuple):
    """A field of the exports, as the README and the data dictionary describe it."""

    name: str
    type: str
    meaning: str


# What the exports hold: the one description of their fields (README.md and the site's data
# dictionary show these, the dictionary in the reader's language; tests/site/test_export.py
# checks the exports against them).
RECORD_FIELDS = (
    Field("id", "integer", _("The tour's number in the archive; its page is /visits/<id>/.")),
    Field("title", "text", _("The tour's title: who, where and when.")),
    Field("url", "URL", _("The tour's page on the site, an absolute address.")),
    Field("start_date", "date or null", _("The tour's first day (YYYY-MM-DD), if known.")),
    Field("end_date", "date or null", _("The tour's last day (YYYY-MM-DD), if known.")),
    Field(
        "officials",
        "list of {name, name_zh, post}",
        (
            _(
                "The leaders who made the tour, by name: English name, Chinese name (empty when "
                "unknown) and their most senior post on the tour's first day (empty when none is "
                "recorded)."
            )
        ),
    ),
    Field(
        "accompanying",
        "list of {name, name_zh, post}",
        _("Officials who went with them, as for officials."),
    ),
    Field(
        "provinces",
        "list of {name, name_zh, code}",
        _("Provinces visited: name, Chinese name and six-digit administrative code (GB/T 2260)."),
    ),
    Field(
        "cities",
        "list of {name, name_zh, code, province}",
        _("Cities visited: name, Chinese name, administrative code and the province's name."),
    ),
    Field(
        "enterprises",
        "list of {name, name_zh, id}",
        _("Companies and institutions visited: name, Chinese name, number in the archive."),
    ),
    Field(
        "themes", "list of text", _("What the tour was about, as theme slugs (/themes/<slug>/).")
    ),
    Field("summary", "text", _("A summary of the tour, from its reports.")),
    Field(
        "review_status",
        "text",
        (
            _(
                "unreviewed (as extracted from the reports) or reviewed (checked by an editor). "
                "Rejected tours are not exported."
            )
        ),
    ),
    Field(
        "sources",
        "list of {file, record, id, title, url, outlet, published}",
        (
            _(
                "The reports the tour was made from, oldest first: the file imported (and the "
                "record within it), the article's number in the archive (its page is "
                "/articles/<id>/), its title, its address on the web (empty when unknown), the "
                "outlet and the day it was published."
            )
        ),
    ),
)

# The CSV has a column per field of a record, a list's items joined by "; ": parallel columns
# (officials, officials_zh, official_posts) name one item at the same place in each.
CSV_FIELDS = (
    Field("id", "integer", _("The tour's number in the archive.")),
    Field("title", "text", _("The tour's title.")),
    Field("url", "URL", _("The tour's page on the site, an absolute address.")),
    Field("start_date", "date", _("The tour's first day (YYYY-MM-DD), empty if unknown.")),
    Field("end_date", "date", _("The tour's last day (YYYY-MM-DD), empty if unknown.")),
    Field("officials", "names", _("The leaders who made the tour.")),
    Field("officials_zh", "names", _("Their Chinese names (empty where unknown).")),
    Field("official_posts", "texts", _("Each leader's most senior post on the first day.")),
    Field("accompanying", "names", _("Officials who went with them.")),
    Field("accompanying_zh", "names", _("Their Chinese names.")),
    Field("accompanying_posts", "texts", _("Each one's most senior post on the first day.")),
    Field("provinces", "names", _("Provinces visited.")),
    Field("provinces_zh", "names", _("Their Chinese names.")),
    Field("province_codes", "codes", _("Their six-digit administrative codes (GB/T 2260).")),
    Field("cities", "names", _("Cities visited.")),
    Field("cities_zh", "names", _("Their Chinese names.")),
    Field("city_codes", "codes", _("Their administrative codes.")),
    Field("enterprises", "names", _("Companies and institutions visited.")),
    Field("enterprises_zh", "names", _("Their Chinese names (empty where unknown).")),
    Field("themes", "slugs", _("What the tour was about (theme slugs).")),
    Field("summary", "text", _("A summary of the tour.")),
    Field("review_status", "text", _("unreviewed or reviewed (checked by an editor).")),
    Field(
        "source_ids",
        "integers",
        _("The reports' numbers in the archive, oldest first (pages at /articles/<id>/)."),
    ),
    Field("source_urls", "URLs", _("The reports' addresses on the web (empty where unknown).")),
)
CSV_COLUMNS = tuple(field.name for field in CSV_FIELDS)

# A JSON download (/visits/?format=json) is an object: what it is, then the tours.
DOWNLOAD_FIELDS = (
    Field("licence", "{name, url}", _("The licence the data is published under.")),
    Field(
        "archive_version",
        "integer",
        _("The archive's version when the export began: it moves with every change."),
    ),
    Field("query", "URL", _("The address of this export: the search it holds.")),
    Field("tours", "list of records", _("The tours, as in the JSON Lines export.")),
    Field(
        "count",
        "integer",
        _("How many tours the export holds (written last, once they all are)."),
    ),
)

# Tours read at a time: one chunk's records are in memory at once.
CHUNK = 500
# Text handed on at a time: a write (a send on the socket) per block, not per tour.
BLOCK = 32 * 1024

VISIT_COLUMNS = ("id", "title", "start_date", "end_date", "summary", "review_status")
SOME_ID = 918273645

OFFICIALS, ACCOMPANYING, PROVINCES, CITIES, ENTERPRISES, THEMES = range(len(Visit.RELATIONS))
# The table each relation links to: officials and accompanying officials share one.
TABLES = (0, 0, 1, 2, 3, 4)

# What is read of a linked record: the column its relation is sorted by (then its id, the order
# the tour's page and the exports have always used), then texts a, b and c ("" where it has
# none); a city's fourth text, d, is its province's name.
LINKED = {
    "officials": ("name", "name", "name_zh", "''"),
    "provinces": ("name", "name", "name_zh", "code"),
    "cities": ("name", "name", "name_zh", "code"),
    "enterprises": ("name", "name", "name_zh", "''"),
    "themes": ("name", "slug", "''", "''"),
}


def _ids_in(column: str, ids, db) -> tuple[str, list]:
    """`column` is one of the ids: one array parameter on PostgreSQL, a list elsewhere."""
    if db.vendor == "postgresql":
        # An array literal, as text: psycopg dumps a list parameter element by element in
        # Python (a third of an export's time, with the ids given once per relation).
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _links_sql(ids: list[int], db) -> tuple[str, list]:
    """Each tour's links as (tour id, relation, record id), from the join tables alone (their
    index on tour and record holds them): no join, no sort."""
    _quote = db.ops.quote_name
    selects, params = [], []
    for kind, relation in enumerate(Visit.RELATIONS):
        field = Visit._meta.get_field(relation)
        table = _quote(field.remote_field.through._meta.db_table)
        visit = _quote(field.m2m_column_name())
        where, where_params = _ids_in(visit, ids, db)
        selects.append(
            f"SELECT {visit}, {kind}, {_quote(field.m2m_reverse_name())} FROM {table} WHERE {where}"
        )
        params += where_params
    return " UNION ALL ".join(selects), params


def _records_sql(new: dict[int, set[int]], db) -> tuple[str, list]:
    """The records of these ids, by table: (table, id, sort key, a, b, c, d)."""
    _quote = db.ops.quote_name
    selects, params = [], []
    for table, ids in new.items():
        relation = Visit.RELATIONS[TABLES.index(table)]
        target = Visit._meta.get_field(relation).related_model._meta
        sort, a, b, c = (
            f"r.{_quote(column)}" if column != "''" else column for column in LINKED[relation]
        )
        d, join = "''", ""
        if relation == "cities":
            province = target.get_field("province")
            d = f"p.{_quote('name')}"
            join = (
                f" JOIN {_quote(province.related_model._meta.db_table)} p"
                f" ON p.{_quote('id')} = r.{_quote(province.column)}"
            )
        where, where_params = _ids_in(f"r.{_quote('id')}", sorted(ids), db)
        selects.append(
            f"SELECT {table}, r.{_quote('id')}, {sort}, {a}, {b}, {c}, {d}"
            f" FROM {_quote(target.db_table)} r{join} WHERE {where}"
        )
        params += where_params
    return " UNION ALL ".join(selects), params


class _Records:
    """The records an export's tours link to, each read once per export, by the first chunk
    that meets it: by table, id -> (sort key, id, a, b, c, d). Tuples compare by their sort
    key, then id: a relation's records are put in order by sorting them."""

    def __init__(self):
        self.tables: tuple[dict[int, tuple], ...] = ({}, {}, {}, {}, {})

    def read(self, cursor, met: list[set[int]], db) -> None:
        new = {}
        for kind, ids in enumerate(met):
            table = TABLES[kind]
            unknown = ids - self.tables[table].keys()
            if unknown:
                new.setdefault(table, set()).update(unknown)
        if not new:
            return
        cursor.execute(*_records_sql(new, db))
        tables = self.tables
        for table, pk, sort, a, b, c, d in cursor.fetchall():
            tables[table][pk] = (sort, pk, a, b, c, d)

    def ordered(self, kind: int, ids) -> list[tuple]:
        """The records of these ids, in the relation's order."""
        records = self.tables[TABLES[kind]]
        return sorted([records[pk] for pk in ids])


def _sources(cursor, ids: list[int], db, columns: tuple[str, ...]) -> dict[int, list[tuple]]:
    """Each tour's sources, by date and file: these of their columns, after the tour's id."""
    _quote = db.ops.quote_name
    table = _quote(Article._meta.db_table)
    where, params = _ids_in(_quote("visit_id"), ids, db)
    selected = [_quote(c) for c in ("visit_id", *columns)]
    if "published" in columns:
        # As ISO text, what the exports write: SQLite stores it so (Django's converter would
        # parse it into a date, to be written out as that same text again).
        at = columns.index("published") + 1
        if db.vendor == "postgresql":
            selected[at] = f"to_char({selected[at]}, 'YYYY-MM-DD')"
        else:
            selected[at] = f"CAST({selected[at]} AS TEXT)"
    cursor.execute(
        f"SELECT {', '.join(selected)} FROM {table} WHERE {where}"
        f" ORDER BY {_quote('published')}, {_quote('file_name')}",
        params,
    )
    sources = defaultdict(list)
    for visit_id, *source in cursor.fetchall():
        sources[visit_id].append(source)
    return sources


# A record's sources: what the JSON exports give of each, and what the CSV does.
SOURCE_COLUMNS = ("id", "file_name", "title", "url", "outlet", "published")
CSV_SOURCE_COLUMNS = ("id", "url")


def _day(value) -> str | None:
    """A date as ISO text; SQLite's raw rows hold it as that text already."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class _Posts:
    """Each official's post at the time, read once per export for the officials it meets.

    Which posts an official holds changes only on the days a post begins or the day after one
    ends: Post.senior_on is asked once for each of those days, and an official's post on any
    day is the answer of the last of them before it (a bisection, not a pass over the posts).
    """

    def __init__(self):
        self.days: dict[int, list] = {}  # by official: the days their posts change
        self.titles: dict[int, list[str]] = {}  # the senior post's title from each of those days
        self.undated: dict[int, str] = {}  # the post given when a tour's day is unknown

    def read(self, met: set[int]) -> None:
        new = met - self.days.keys()
        if not new:
            return
        posts: dict[int, list[Post]] = {official_id: [] for official_id in new}
        rows = (
            Post.objects.filter(official_id__in=new)
            .order_by("official_id", "start", "id")
            .values_list("official_id", "rank", "start", "end", "title")
        )
        for official_id, rank, start, end, title in rows:
            posts[official_id].append(Post(rank=rank, start=start, end=end, title=title))
        for official_id, held in posts.items():
            changes = {post.start for post in held}
            changes.update(post.end + DAY for post in held if post.end and post.end < LAST_DAY)
            days = self.days[official_id] = sorted(changes)
            self.titles[official_id] = [_title(Post.senior_on(held, day)) for day in days]
            self.undated[official_id] = _title(Post.senior_on(held, None))

    def on(self, official_id: int, day) -> str:
        if day is None:
            return self.undated[official_id]
        since = bisect.bisect_right(self.days[official_id], day)
        return self.titles[official_id][since - 1] if since else ""


DAY = dt.timedelta(days=1)
LAST_DAY = dt.date.max


def _title(post: Post | None) -> str:
    return post.title if post else ""


NOTHING_LINKED = ((), (), (), (), (), ())


class _Chunk(NamedTuple):
    tours: list[tuple]  # VISIT_COLUMNS
    linked: dict[int, tuple[list[int], ...]]  # by tour, the ids each relation links it to
    sources: dict[int, list[tuple]]


class _Reader:
    """An export's tours a chunk at a time, with what they link to: two statements a chunk for
    the links and the sources, one more when the chunk meets records (or officials' posts) no
    chunk before it did. What the tours link to is read once per export (_Records, _Posts),
    each chunk's links as ids."""

    def __init__(self, visits: QuerySet[Visit], source_columns: tuple[str, ...]):
        self.visits = visits
        self.source_columns = source_columns
        self.records = _Records()
        self.posts = _Posts()

    def __iter__(self) -> Iterator[_Chunk]:
        tours = self.visits.values_list(*VISIT_COLUMNS).iterator(chunk_size=CHUNK)
        while chunk := list(itertools.islice(tours, CHUNK)):
            yield self.read(chunk)

    def read(self, chunk: list[tuple]) -> _Chunk:
        """What these tours (rows of VISIT_COLUMNS) link to, and their sources."""
        db = connections[self.visits.db]
        ids = [tour[0] for tour in chunk]
        linked = {}
        met = [set(), set(), set(), set(), set(), set()]
        with db.cursor() as cursor:
            cursor.execute(*_links_sql(ids, db))
            for visit_id, kind, pk in cursor.fetchall():
                lists = linked.get(visit_id)
                if lists is None:
                    lists = linked[visit_id] = ([], [], [], [], [], [])
                lists[kind].append(pk)
                met[kind].add(pk)
            self.records.read(cursor, met, db)
            sources = _sources(cursor, ids, db, self.source_columns)
        self.posts.read(met[OFFICIALS] | met[ACCOMPANYING])
        return _Chunk(chunk, linked, sources)


class _Memo(dict):
    """Values kept by key, at most KEPT of them (cleared when full): what a relation's records
    come to is made once per combination of records an export meets, not once per tour."""

    KEPT = 20_000

    def keep(self, key, value):
        if len(self) >= self.KEPT:
            self.clear()
        self[key] = value
        return value


def _addresses(site: str):
    """A tour's address from its id: reverse() once, not per tour (it cost as much as the
    rest)."""
    head, _, tail = visit_url(SOME_ID).rpartition(str(SOME_ID))
    head = site.rstrip("/") + head
    return lambda pk: f"{head}{pk}{tail}"


class _RecordLists:
    """A tour's lists of linked records as the JSON exports give them, made once per
    combination of records (and day, for officials' posts) and copied for each tour."""

    def __init__(self, reader: _Reader):
        self.records = reader.records
        self.posts = reader.posts
        self.memos = tuple(_Memo() for _ in Visit.RELATIONS)

    def officials(self, kind: int, ids: list[int], day) -> list[dict]:
        key = tuple(ids)
        ordered = self.memos[kind].get(key)
        if ordered is None:
            ordered = self.memos[kind].keep(key, self.records.ordered(kind, ids))
        on = self.posts.on
        return [{"name": a, "name_zh": b, "post": on(pk, day)} for _, pk, a, b, _, _ in ordered]

    def made(self, kind: int, ids: list[int]) -> list:
        key = tuple(ids)
        made = self.memos[kind].get(key)
        if made is None:
            ordered = self.records.ordered(kind, ids)
            if kind == PROVINCES:
                items = [{"name": a, "name_zh": b, "code": c} for _, _, a, b, c, _ in ordered]
            elif kind == CITIES:
                items = [
                    {"name": a, "name_zh": b, "code": c, "province": d}
                    for _, _, a, b, c, d in ordered
                ]
            elif kind == ENTERPRISES:
                items = [{"name": a, "name_zh": b, "id": pk} for _, pk, a, b, _, _ in ordered]
            else:
                items = [a for _, _, a, _, _, _ in ordered]
            made = self.memos[kind].keep(key, items)
        return list(made)

    def fields(self, start_date, end_date, summary, review_status, links, sources) -> dict:
        """A tour's record after its id, title and url, in RECORD_FIELDS' order: what
        `records` gives and the JSON lines keep."""
        officials, made = self.officials, self.made
        return {
            "start_date": _day(start_date),
            "end_date": _day(end_date),
            "officials": officials(OFFICIALS, links[OFFICIALS], start_date),
            "accompanying": officials(ACCOMPANYING, links[ACCOMPANYING], start_date),
            "provinces": made(PROVINCES, links[PROVINCES]),
            "cities": made(CITIES, links[CITIES]),
            "enterprises": made(ENTERPRISES, links[ENTERPRISES]),
            "themes": made(THEMES, links[THEMES]),
            "summary": summary,
            "review_status": review_status,
            "sources": [
                {
                    "file": file_name.split(":")[0],
                    "record": file_name,
                    "id": source_id,
                    "title": source_title,
                    "url": url,
                    "outlet": outlet,
                    "published": published,
                }
                for source_id, file_name, source_title, url, outlet, published in sources
            ],
        }


def records(visits: QuerySet[Visit], site: str = "") -> Iterator[dict]:
    """Each of these tours, in their order, as a plain dict (RECORD_FIELDS): names as objects
    with `name`, themes as slugs, sources as objects with `file`. `site` (http://host) makes
    the tours' addresses absolute, as every export gives them."""
    address = _addresses(site)
    reader = _Reader(visits, SOURCE_COLUMNS)
    lists = _RecordLists(reader)
    for tours, linked, sources in reader:
        for pk, title, start_date, end_date, summary, review_status in tours:
            yield {
                "id": pk,
                "title": title,
                "url": address(pk),
                **lists.fields(
                    start_date,
                    end_date,
                    summary,
                    review_status,
                    linked.get(pk, NOTHING_LINKED),
                    sources.get(pk, ()),
                ),
            }


def visit_record(visit: Visit, site: str = "") -> dict:
    """One tour's record (served at /visits/<id>.json)."""
    return next(records(Visit.objects.filter(pk=visit.pk), site))


def _blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into blocks of about BLOCK characters."""
    block, size, sent = [], 0, False
    try:
        for piece in pieces:
            block.append(piece)
            size += len(piece)
            if size >= BLOCK:
                yield "".join(block)
                block, size, sent = [], 0, True
    except DatabaseError:
        # What was read before the database failed is sent before the failure is told; if the
        # database failed before the first block, the export fails before it starts.
        if sent:
            yield "".join(block)
        raise
    yield "".join(block)


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    return _blocks(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def archive_version() -> int:
    return ArchiveVersion.objects.values_list("number", flat=True).first() or 0


def about(query: str) -> dict:
    """What a JSON download says of itself before its tours (DOWNLOAD_FIELDS)."""
    return {
        "licence": dict(settings.DATA_LICENCE),
        "archive_version": archive_version(),
        "query": query,
    }


def json_download(visits: QuerySet[Visit], site: str, about: dict) -> Iterator[str]:
    """A JSON object: `about`, then the tours' records (as `records` makes them), written from
    their lines (_kept) a block at a time, then their count."""
    before, after = _around_id(site, _json_string)

    def pieces():
        yield json.dumps(about, ensure_ascii=False)[:-1] + ', "tours": ['
        count = 0
        for chunk in _kept(visits, "json"):
            if chunk:
                text = ",\n".join([f"{head}{before}{pk}{after}{tail}" for pk, head, tail in chunk])
                yield ("," if count else "") + "\n" + text
                count += len(chunk)
        yield f'\n], "count": {count}}}\n'

    return _blocks(pieces())


# A spreadsheet takes a cell starting with one of these as a formula (=HYPERLINK(...), +, -, @,
# also after a tab or a carriage return): such a cell gets a leading apostrophe, which makes it
# text (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def inert(value):
    if isinstance(value, str) and value[:1] in _FORMULA_FIRST:
        return "'" + value
    return value


class _Lines(list):
    """What csv.writer writes to: its lines, kept."""

    write = list.append


def _text(cell: str) -> str:
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


def _joined_texts(items, index: int) -> str:
    """One text of each of these records, joined into a cell."""
    return _text("; ".join([item[index] for item in items]))


class _Cells:
    """A tour's cells of each relation, made once per combination of records (and day, for
    officials' posts) an export meets."""

    def __init__(self, reader: _Reader):
        self.records = reader.records
        self.posts = reader.posts
        self.memos = tuple(_Memo() for _ in Visit.RELATIONS)

    def officials(self, kind: int, ids: list[int], day) -> tuple[str, str, str]:
        """Names, Chinese names and the posts on the day."""
        key = tuple(ids)
        made = self.memos[kind].get(key)
        if made is None:
            ordered = self.records.ordered(kind, ids)
            made = self.memos[kind].keep(
                key, (ordered, _joined_texts(ordered, 2), _joined_texts(ordered, 3))
            )
        ordered, names, names_zh = made
        on = self.posts.on
        if len(ordered) == 1:
            return names, names_zh, _text(on(ordered[0][1], day))
        return names, names_zh, _text("; ".join([on(record[1], day) for record in ordered]))

    def made(self, kind: int, ids: list[int]) -> tuple[str, ...]:
        key = tuple(ids)
        cells = self.memos[kind].get(key)
        if cells is None:
            ordered = self.records.ordered(kind, ids)
            # Names, Chinese names and codes of places; names and Chinese names of companies;
            # the slugs of themes.
            texts = {PROVINCES: (2, 3, 4), CITIES: (2, 3, 4), ENTERPRISES: (2, 3)}.get(kind, (2,))
            cells = self.memos[kind].keep(
                key, tuple(_joined_texts(ordered, index) for index in texts)
            )
        return cells


class _LineMaker:
    """Tours' lines in one format, made from their records for the tours an export finds none
    kept for, each as its text before the tour's address and after it (the address is the
    site's, which the export is asked at), and kept for the next export."""

    def __init__(self, visits: QuerySet[Visit], format: str):
        self.db = visits.db
        self.format = format
        self.reader = _Reader(visits, SOURCE_COLUMNS if format == "json" else CSV_SOURCE_COLUMNS)
        if format == "json":
            self.lists = _RecordLists(self.reader)
        else:
            self.cells = _Cells(self.reader)
            self.written = _Lines()
            self.writer = csv.writer(self.written)

    def make(self, changes: dict[int, int]) -> dict[int, tuple[int, str, str]]:
        """The lines of the tours of these ids, by id (none for a tour deleted meanwhile), kept
        unless a tour changed since its count of changes (the value) was read."""
        rows = Visit.objects.using(self.db).filter(pk__in=list(changes))
        chunk = self.reader.read(list(rows.values_list(*VISIT_COLUMNS)))
        lines = self._json(chunk) if self.format == "json" else self._csv(chunk)
        export_lines.keep(self.format, [(pk, changes[pk], head, tail) for pk, head, tail in lines])
        return {line[0]: line for line in lines}

    def _csv(self, chunk: _Chunk) -> list[tuple[int, str, str]]:
        """The rows csv.writer writes, as `record_csv_rows` writes them."""
        officials, made = self.cells.officials, self.cells.made
        writer, written = self.writer, self.written
        lines = []
        for pk, title, start_date, end_date, summary, review_status in chunk.tours:
            links = chunk.linked.get(pk, NOTHING_LINKED)
            reports = chunk.sources.get(pk, ())
            writer.writerow((pk, _text(title)))
            writer.writerow(
                (
                    _day(start_date) or "",
                    _day(end_date) or "",
                    *officials(OFFICIALS, links[OFFICIALS], start_date),
                    *officials(ACCOMPANYING, links[ACCOMPANYING], start_date),
                    *made(PROVINCES, links[PROVINCES]),
                    *made(CITIES, links[CITIES]),
                    *made(ENTERPRISES, links[ENTERPRISES]),
                    *made(THEMES, links[THEMES]),
                    _text(summary),
                    _text(review_status),
                    "; ".join([str(report[0]) for report in reports]),
                    _text("; ".join([report[1] for report in reports])),
                )
            )
            tail = "," + written.pop()
            lines.append((pk, written.pop()[:-2] + ",", tail))  # the head less the line's end
        return lines

    def _json(self, chunk: _Chunk) -> list[tuple[int, str, str]]:
        """The records `records` makes, written around their "url"."""
        dumps = json.dumps
        lines = []
        for pk, title, start_date, end_date, summary, review_status in chunk.tours:
            tail = self.lists.fields(
                start_date,
                end_date,
                summary,
                review_status,
                chunk.linked.get(pk, NOTHING_LINKED),
                chunk.sources.get(pk, ()),
            )
            head = dumps({"id": pk, "title": title}, ensure_ascii=False)[:-1] + ', "url": '
            lines.append((pk, head, ", " + dumps(tail, ensure_ascii=False)[1:]))
        return lines


# Lines kept read at a time (a statement each): one such read's lines are in memory at once.
READ = 2000


def _kept(visits: QuerySet[Visit], format: str) -> Iterator[list[tuple[int, str, str]]]:
    """These tours' lines in their order, in `format` (csv or json): (id, the text before the
    address, the text after it), a list per chunk of tours. The lines kept are read (a
    statement per READ tours), the missing ones made from the records and kept."""
    db = connections[visits.db]
    # The tours' ids in order, first (8 bytes a tour): lines are read and written between.
    ids = array("q", visits.values_list("pk", flat=True).iterator(chunk_size=READ))
    _quote = db.ops.quote_name
    head, tail = (_quote(f"{format}_head"), _quote(f"{format}_tail"))
    table = _quote(ExportLine._meta.db_table)
    maker = None
    for start in range(0, len(ids), READ):
        some = ids[start : start + READ]
        where, params = _ids_in(_quote("visit_id"), some, db)
        kept, changes = {}, {}
        with db.cursor() as cursor:
            cursor.execute(
                f"SELECT visit_id, changes, {head}, {tail} FROM {table} WHERE {where}", params
            )
            for pk, count, before, after in cursor.fetchall():
                if before is None:
                    changes[pk] = count  # forgotten, or not made in this format
                else:
                    kept[pk] = (pk, before, after)
        for at in range(0, len(some), CHUNK):
            chunk = some[at : at + CHUNK]
            missing = {pk: changes.get(pk, 0) for pk in chunk if pk not in kept}
            if missing:
                maker = maker or _LineMaker(visits, format)
                kept.update(maker.make(missing))
            yield [kept[pk] for pk in chunk if pk in kept]


def _around_id(site: str, quoted) -> tuple[str, str]:
    """A tour's address as `quoted` writes it, before and after the tour's id."""
    before, _, after = quoted(_addresses(site)(SOME_ID)).rpartition(str(SOME_ID))
    return before, after


def _csv_cell(value: str) -> str:
    lines = _Lines()
    csv.writer(lines).writerow([value])
    return lines[0][:-2]


def csv_rows(visits: QuerySet[Visit], site: str = "") -> Iterator[str]:
    """CSV text (CSV_FIELDS), header first; lists are flattened with "; ", no cell is a
    formula. Written from the tours' lines (_kept)."""
    before, after = _around_id(site, _csv_cell)

    def pieces():
        yield ",".join(CSV_COLUMNS) + "\r\n"
        for chunk in _kept(visits, "csv"):
            yield "".join([f"{head}{before}{pk}{after}{tail}" for pk, head, tail in chunk])

    return _blocks(pieces())


def _json_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def jsonl_text(visits: QuerySet[Visit], site: str = "") -> Iterator[str]:
    """JSON Lines: each of these tours' record (RECORD_FIELDS) on a line, as jsonl_lines writes
    `records`. Written from the tours' lines (_kept)."""
    before, after = _around_id(site, _json_string)

    def pieces():
        for chunk in _kept(visits, "json"):
            yield "".join([f"{head}{before}{pk}{after}{tail}\n" for pk, head, tail in chunk])

    return _blocks(pieces())


def _joined(items: list[dict], key: str) -> str:
    return _text("; ".join([item[key] for item in items]))


def record_csv_rows(records: Iterable[dict]) -> Iterator[str]:
    """The CSV of records already read (publish_dataset writes its files from one read of
    them): the same text csv_rows writes for their tours."""
    lines = _Lines()
    writer = csv.writer(lines)

    def pieces():
        writer.writerow(CSV_COLUMNS)
        yield lines.pop()
        for record in records:
            officials, accompanying = record["officials"], record["accompanying"]
            provinces, cities = record["provinces"], record["cities"]
            enterprises, sources = record["enterprises"], record["sources"]
            writer.writerow(
                (
                    record["id"],
                    _text(record["title"]),
                    record["url"],
                    record["start_date"] or "",
                    record["end_date"] or "",
                    _joined(officials, "name"),
                    _joined(officials, "name_zh"),
                    _joined(officials, "post"),
                    _joined(accompanying, "name"),
                    _joined(accompanying, "name_zh"),
                    _joined(accompanying, "post"),
                    _joined(provinces, "name"),
                    _joined(provinces, "name_zh"),
                    _joined(provinces, "code"),
                    _joined(cities, "name"),
                    _joined(cities, "name_zh"),
                    _joined(cities, "code"),
                    _joined(enterprises, "name"),
                    _joined(enterprises, "name_zh"),
                    _text("; ".join(record["themes"])),
                    _text(record["summary"]),
                    _text(record["review_status"]),
                    "; ".join([str(source["id"]) for source in sources]),
                    _joined(sources, "url"),
                )
            )
            yield lines.pop()

    return _blocks(pieces())


# Exports that fail


FAILED = "EXPORT FAILED: the database failed before the end; this is not the whole export."


def started(chunks: Iterator[str]) -> Iterator[str]:
    """The export's text, its first block read already: the database is asked before an
    answer starts, so that a database that is down fails the request (a 500), not the body of
    a 200 (a first block holds at least one chunk of tours: see _blocks)."""
    first = list(itertools.islice(chunks, 1))
    return itertools.chain(first, chunks)


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
