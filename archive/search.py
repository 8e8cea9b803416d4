"""Full-text search over tours, on PostgreSQL (a weighted tsvector) and SQLite (an FTS5 table).

What a tour's searchable text is lives in one function, `document()`. Queries use PostgreSQL's
websearch syntax (words, "quoted phrases", -exclusions, or), parsed here into plain words so
that both databases get the same well-formed query whatever the user typed.

Neither database's parser reads Chinese, so text and queries are both written through
`searchable()` first: Chinese in simplified characters and cut into overlapping pairs of
characters (习近平 -> 习近 近平; a query is the phrase of its pairs, so it finds its characters
anywhere in a run, 黑龙江 in 黑龙江省), and a pinyin apostrophe made a letter (Xi'an -> Xiʼan,
one word, not "Xi" and the stop word "an"). The separators it adds are control characters that
both parsers take for spaces, and snippets take out again (`_unsegmented`). Measured against
jieba words and pg_trgm by bench/search_chinese.py (figures in bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import opencc
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import NotSupportedError, connection, connections, transaction
from django.db.models import (
    F,
    FloatField,
    Func,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.models import Article, Visit

CONFIG = "english"
FTS_TABLE = "archive_visit_fts"  # created by migration 0002 on SQLite; rowid = visit id
# How much a match counts in each part of the document: PostgreSQL's ts_rank defaults, given
# to bm25() too so that both databases weigh the parts alike.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
PG_WEIGHTS = [0.1, WEIGHTS["C"], WEIGHTS["B"], WEIGHTS["A"]]  # ts_rank's order: D, C, B, A
# PostgreSQL refuses a tsvector over 1 MB; this much text stays well under it.
MAX_SOURCE_CHARS = 300_000
MAX_QUERY_WORDS = 32
SNIPPET_WORDS = 35
# A Chinese character is a word to the snippets (each pair of them is one): a snippet of a
# Chinese source is given more of them, about a sentence and a half. 64 is FTS5's most.
SNIPPET_CHARACTERS = 64

# What document() reads of the sources: not their raw texts or facts.
SOURCE_FIELDS = ("id", "visit_id", "published", "title", "clean_text")
NAME_PREFETCH = ("officials", "accompanying", "provinces", "cities", "enterprises", "themes")

# Snippets are marked with control characters, escaped, and only then given <mark> tags, so
# nothing from a source can become markup. "<" and ">" are indexed as other control
# characters: PostgreSQL's parser would otherwise take "<b>" for a tag and drop it from
# vectors and headlines, which FTS5 does not.
MARK, END_MARK, LT, GT = "\x02", "\x03", "\x0e", "\x0f"
# What searchable() adds between the words it makes: BREAK between Chinese and other letters
# (A股 -> A, 股), OVERLAP between the pairs of a run of Chinese characters, whose second
# repeats the character before it.
BREAK, OVERLAP = "\x1e", "\x1f"
# (str.replace for each, not str.translate: translating with a table looks every character
# up in it, some 100 ns a character once a text is not ASCII; the sources of a browse page's
# 25 tours took 14 ms of CPU for their snippets.)
_INDEXABLE = (
    *((char, "") for char in (MARK, END_MARK, BREAK, OVERLAP, LT, GT)),
    ("<", LT),
    (">", GT),
)
# An apostrophe inside a pinyin name (Xi'an, Yan'an, Chen Min'er, Chang'an, Pu'er) stands
# before a syllable starting with a, e or o, after one ending in a vowel, n, g or r; English
# contractions and possessives ('s, 't, 're, 've, 'll, 'd) and names such as O'Neill or
# d'Ivoire do not fit. Made U+02BC, a letter to both parsers, the name is one word.
NAME_APOSTROPHE = "\u02bc"
# (The apostrophe first, then what stands before it: five times faster than a lookbehind first.)
_PINYIN_APOSTROPHE = re.compile(r"['’‘](?<=[aeiouüngr]['’‘])(?=[aeo])", re.IGNORECASE)
# CJK unified ideographs and their extension A, and the compatibility ideographs.
HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAN = re.compile(f"{HAN}+")
_SPACE_IN_CHINESE = re.compile(rf"(?<={HAN})\s+(?={HAN})")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_T2S = opencc.OpenCC("t2s")  # OpenCC's tables, as the importer's Chinese extraction reads them
_DISPLAY = {
    MARK: "<mark>",
    END_MARK: "</mark>",
    LT: "&lt;",
    GT: "&gt;",
    NAME_APOSTROPHE: escape("'"),
}

# PostgreSQL's english stop words (tsearch_data/english.stop): dropped from queries on both
# databases, as PostgreSQL drops them, so that "the" matches nothing on either.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    """.split()  # noqa: SIM905 (127 words read better as text than as a list literal)
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


def searchable(text: str) -> str:
    """Text as both databases index it and queries are read: see the module's docstring.

    Drops the control characters that snippets and segmentation use for themselves.
    """
    text = _PINYIN_APOSTROPHE.sub(NAME_APOSTROPHE, _indexable(text))
    if text.isascii():
        return text
    return _HAN.sub(_pairs, _T2S.convert(text))


def _indexable(text: str) -> str:
    """`text` without the control characters searchable() and snippets use, "<" and ">" as
    control characters."""
    for char, replacement in _INDEXABLE:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _pairs(run: re.Match[str]) -> str:
    chars = run.group()
    if len(chars) == 1:
        return f"{BREAK}{chars}{BREAK}"
    return BREAK + OVERLAP.join(chars[i : i + 2] for i in range(len(chars) - 1)) + BREAK


def document(visit: Visit, sources: Iterable[Article] | None = None) -> dict[str, str]:
    """A tour's searchable text by weight: A names it, B sums it up, C is what its sources say.

    Reads the relations with .all(): prefetch NAME_PREFETCH and the sources when indexing
    many tours.
    `sources`, when given, are the tour's sources (else read as `visit.sources`).
    """
    # Names in English and Chinese, so that a tour reported only in English is found by
    # 李强 or 黑龙江 too. Fields, not properties: the migration that rebuilds the index passes
    # its historical models.
    related = {name: getattr(visit, name).all() for name in NAME_PREFETCH}
    return _document(
        visit.title,
        visit.summary,
        related,
        visit.sources.all() if sources is None else sources,
    )


def _document(title: str, summary: str, related: dict, sources: Iterable) -> dict[str, str]:
    """document() of a tour's fields, its related records by relation (in their models'
    order) and its sources, read from models or as rows (`index_visits`)."""
    names = [
        title,
        *(name for o in related["officials"] for name in [o.name, o.name_zh, *o.aliases]),
        # Those who went along are named in the sources, but an English source does not
        # give their Chinese names.
        *(o.name_zh for o in related["accompanying"]),
        *(name for place in related["provinces"] for name in _place_names(place)),
        *(name for place in related["cities"] for name in _place_names(place)),
        *(name for e in related["enterprises"] for name in [e.name, e.name_zh, *e.aliases]),
        *(name for t in related["themes"] for name in [t.name, t.name_zh]),
    ]
    return {
        "A": searchable("\n".join(str(name) for name in names if name)),
        "B": searchable(summary),
        "C": source_text(sources),
    }


def _place_names(place) -> list[str]:
    return [
        place.name,
        place.full_name,
        place.pinyin,
        *place.aliases,
        place.name_zh,
        place.short_zh,
    ]


def source_text(articles: Iterable[Article]) -> str:
    """The titles and clean texts of a tour's sources, as indexed and as snippets quote them."""
    # Cut after searchable(), which doubles Chinese text, to stay under PostgreSQL's limit.
    return searchable(_joined(articles))[:MAX_SOURCE_CHARS]


def _joined(articles: Iterable[Article]) -> str:
    """The titles and clean texts of a tour's sources, as written."""
    # Earliest first, in the same order however the articles were read. A clean text
    # usually opens with its title; the title is added when it does not.
    text = "\n\n".join(
        a.clean_text if a.clean_text.startswith(a.title) else f"{a.title}\n\n{a.clean_text}"
        for a in sorted(articles, key=lambda a: (a.published or dt.date.max, a.pk))
    )
    return text[:MAX_SOURCE_CHARS]


# Keeping the index current


def index_visit(visit: Visit) -> None:
    """Bring a tour's search entry up to date; call it after its records or sources change."""
    index_visits([visit.pk])


def index_visits(
    visit_ids: Iterable[int],
    at_hand: Iterable[Article] = (),
    records: Sequence[Visit] = (),
    fields: Sequence[str] = (),
) -> None:
    """index_visit for many tours, their records read in one query per relation.

    `at_hand`: sources already in memory (an import's new articles): their texts are not
    read again. `records`: the tours themselves as they are to be stored, with their
    `fields` to write (the title and summary are taken from them): written in the same
    statement as their entries on PostgreSQL, one new version of each row instead of two
    (each inserting the whole vector into its GIN index again).
    """
    ids = list(visit_ids)
    sources: dict[int, list] = defaultdict(list)
    for article in at_hand:
        sources[article.visit_id].append(article)
    # Rows, not model instances (what prefetch_related made of them was most of the time):
    # the related records of every relation in one query each, in their model's order.
    others = Article.objects.filter(visit_id__in=ids).exclude(
        pk__in=[a.pk for articles in sources.values() for a in articles]
    )
    for row in others.values_list(*SOURCE_FIELDS).iterator():
        sources[row[1]].append(_SourceRow(*row))
    related: dict[int, dict[str, list]] = defaultdict(lambda: {n: [] for n in NAME_PREFETCH})
    for name in NAME_PREFETCH:
        through = Visit._meta.get_field(name).remote_field.through
        target = Visit._meta.get_field(name).m2m_reverse_field_name()
        model = Visit._meta.get_field(name).related_model
        read = _RELATED_FIELDS[model._meta.model_name]
        rows = (
            through.objects.filter(visit_id__in=ids)
            .order_by(*(f"{target}__{f}" for f in model._meta.ordering))
            .values_list("visit_id", *(f"{target}__{f}" for f in read))
        )
        record = _RECORD[model._meta.model_name]
        for visit_id, *values in rows:
            related[visit_id][name].append(record(*values))
    if records:
        visits = [(visit.pk, visit.title, visit.summary) for visit in records]
    else:
        visits = Visit.objects.filter(pk__in=ids).values_list("pk", "title", "summary")
    _write(
        [
            (pk, _document(title, summary, related[pk], sources[pk]))
            for pk, title, summary in visits
        ],
        records,
        fields,
    )


_SourceRow = namedtuple("_SourceRow", [f if f != "id" else "pk" for f in SOURCE_FIELDS])
# What document() reads of each kind of related record.
_RELATED_FIELDS = {
    "official": ("name", "name_zh", "aliases"),
    "province": ("name", "full_name", "pinyin", "aliases", "name_zh", "short_zh"),
    "city": ("name", "full_name", "pinyin", "aliases", "name_zh", "short_zh"),
    "enterprise": ("name", "name_zh", "aliases"),
    "theme": ("name", "name_zh"),
}
_RECORD = {name: namedtuple(f"_{name}", fields) for name, fields in _RELATED_FIELDS.items()}


def unindex_visit(visit_id: int) -> None:
    """Forget a deleted tour (on PostgreSQL its vector went with its row)."""
    if _backend(connection) == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [visit_id])


def rebuild_index(visit_model=Visit, article_model=Article) -> int:
    """Index every tour afresh; returns how many were indexed.

    A migration passes its historical models, which document() reads alike.
    """
    sources = Prefetch("sources", article_model.objects.only(*SOURCE_FIELDS))
    # Only the fields document() reads: a migration's historical model may have columns
    # that later migrations removed (0013 removed Visit.doubts).
    visits = (
        visit_model.objects.only("title", "summary")
        .order_by("pk")
        .prefetch_related(*NAME_PREFETCH, sources)
    )
    count = 0
    with transaction.atomic():
        if _backend(connection) == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        entries = []
        for visit in visits.iterator(chunk_size=100):
            entries.append((visit.pk, document(visit)))
            if len(entries) == WRITE_CHUNK:
                _write(entries)
                count, entries = count + len(entries), []
        _write(entries)
        count += len(entries)
    return count


WRITE_CHUNK = 100  # search entries per statement


def _write(
    entries: list[tuple[int, dict[str, str]]],
    records: Sequence[Visit] = (),
    fields: Sequence[str] = (),
) -> None:
    """Store tours' search entries: (id, document()) pairs; and `fields` of the tours'
    `records` (in the same order as the entries), if given."""
    fields = [Visit._meta.get_field(name) for name in fields] if records else []
    values = [
        [f.get_db_prep_save(getattr(visit, f.attname), connection) for f in fields]
        for visit in records
    ]
    with connection.cursor() as cursor:
        if _backend(connection) == "sqlite":
            if fields:
                assignments = ", ".join(f'"{f.column}" = %s' for f in fields)
                cursor.executemany(
                    f"UPDATE archive_visit SET {assignments} WHERE id = %s",
                    [[*row, visit.pk] for row, visit in zip(values, records, strict=True)],
                )
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[pk] for pk, _ in entries]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title_names, summary, body)"
                " VALUES (%s, %s, %s, %s)",
                [[pk, parts["A"], parts["B"], parts["C"]] for pk, parts in entries],
            )
            return
        # One statement for many tours; the vector is what SearchVector(weight=...) makes.
        casts = "".join(f", %s::{f.db_type(connection)}" for f in fields)
        columns = "".join(f", f{i}" for i in range(len(fields)))
        assignments = "".join(f', "{f.column}" = d.f{i}' for i, f in enumerate(fields))
        for start in range(0, len(entries), WRITE_CHUNK):
            chunk = entries[start : start + WRITE_CHUNK]
            rows = ", ".join([f"(%s::bigint, %s::text, %s::text, %s::text{casts})"] * len(chunk))
            vector = " || ".join(
                f"setweight(to_tsvector(%s::regconfig, COALESCE(d.{w.lower()}, '')), '{w}')"
                for w in WEIGHTS
            )
            cursor.execute(
                f"UPDATE archive_visit SET search_vector = {vector}{assignments}"
                f" FROM (VALUES {rows}) AS d(id, a, b, c{columns})"
                " WHERE archive_visit.id = d.id",
                [CONFIG] * len(WEIGHTS)
                + [
                    value
                    for n, (pk, parts) in enumerate(chunk, start)
                    for value in (
                        pk,
                        parts["A"],
                        parts["B"],
                        parts["C"],
                        *(values[n] if fields else ()),
                    )
                ],
            )


# Queries


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in a row) to find, or with `negated`, to avoid."""

    words: tuple[str, ...]
    negated: bool = False


def parse(q: str) -> list[list[Term]]:
    """A websearch query as alternatives (split by `or`), each a list of terms all to hold.

    Only letters and digits survive, so nothing a user types can be an operator of either
    database; a term is read as searchable() writes text (习近平 is the phrase 习近 近平).
    Stop words at the ends of a term are dropped; an alternative without a term to find
    (only exclusions) is dropped, as FTS5 cannot express it; at most MAX_QUERY_WORDS words
    are kept.
    """
    alternatives: list[list[Term]] = [[]]
    budget = MAX_QUERY_WORDS
    for match in _TOKEN.finditer(q):
        negated, text, word = match.group(1) == "-", match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                alternatives.append([])
                continue
            negated, text = word.startswith("-"), word.removeprefix("-")
        else:
            # Chinese puts no space between words: "延安 考察" quoted is 延安考察.
            text = _SPACE_IN_CHINESE.sub("", text)
        words = _WORD.findall(searchable(text).lower())
        while words and words[0] in STOP_WORDS:
            words.pop(0)
        while words and words[-1] in STOP_WORDS:
            words.pop()
        if words and budget:
            alternatives[-1].append(Term(tuple(words[:budget]), negated))
            budget -= len(alternatives[-1][-1].words)
    return [terms for terms in alternatives if any(not t.negated for t in terms)]


def websearch_query(alternatives: list[list[Term]]) -> str:
    return " or ".join(
        " ".join(f'{"-" if t.negated else ""}"{" ".join(t.words)}"' for t in terms)
        for terms in alternatives
    )


def fts5_query(alternatives: list[list[Term]]) -> str:
    def phrase(term: Term) -> str:
        return '"' + " ".join(term.words) + '"'

    clauses = []
    for terms in alternatives:
        wanted = " AND ".join(phrase(t) for t in terms if not t.negated)
        unwanted = "".join(f" NOT {phrase(t)}" for t in terms if t.negated)
        clauses.append(f"(({wanted}){unwanted})")
    return " OR ".join(clauses)


def search(visits: QuerySet[Visit], q: str) -> QuerySet[Visit]:
    """The tours among `visits` that match `q`, annotated with `rank` (higher is better).

    A blank query filters nothing (every rank is 0); a query with no word to look for
    (stop words, punctuation, only exclusions) matches nothing.
    """
    if not q.strip():
        return visits.annotate(rank=Value(0.0, output_field=FloatField()))
    alternatives = parse(q)
    if not alternatives:
        return visits.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if _backend(connections[visits.db]) == "postgresql":
        # ts_rank() scores a query with an exclusion 0, so rank by the terms to find only.
        wanted = [[t for t in terms if not t.negated] for terms in alternatives]
        return visits.filter(search_vector=_pg_query(alternatives)).annotate(
            rank=SearchRank(F("search_vector"), _pg_query(wanted), weights=PG_WEIGHTS)
        )
    match = fts5_query(alternatives)
    return visits.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    ).annotate(rank=Fts5Rank(match))


def matching(
    q: str, ranked: bool = False, among: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of every tour (public or not) matching `q`, in one query, and with `ranked`
    their ranks as search() annotates them (else None), as arrays (int64, float64): what the
    browse index (archive/site/facet_index.py) combines with its filters. A query with no
    word to look for matches nothing.

    `among`: the ids of the only tours whose rank is wanted (the others' are NaN): the only
    ones ranked.
    """
    alternatives = parse(q)
    if not alternatives:
        return np.zeros(0, dtype=np.int64), np.zeros(0) if ranked else None
    if _backend(connection) == "postgresql":
        return _pg_matching(alternatives, ranked, among)
    weights = ", ".join(str(WEIGHTS[w]) for w in "ABC")
    rank, params = "", []
    if ranked:
        rank = f", -bm25({FTS_TABLE}, {weights})"
        if among is not None:
            # bm25() is most of the cost (1 us a match): "development" 16 -> 7.5 ms of CPU
            # with the 1,099 of its 15,860 tours of one year ranked.
            rank = f", CASE WHEN rowid IN (SELECT value FROM json_each(%s)) THEN {rank[2:]} END"
            params = [json.dumps(np.asarray(among, dtype=np.int64).tolist())]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid{rank} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [*params, fts5_query(alternatives)],
        )
        # (A rank left out, NULL, is read as NaN.)
        rows = np.array(cursor.fetchall(), dtype=np.float64).reshape(-1, 2 if ranked else 1)
    return rows[:, 0].astype(np.int64), rows[:, 1] if ranked else None


def ranks(q: str, ids: np.ndarray) -> np.ndarray:
    """The ranks of these tours, which match `q`, as matching() ranks them, in their order
    (0 for a tour that does not match).

    Only these tours are ranked (on SQLite, every match is found to rank them).
    """
    ids = np.asarray(ids, dtype=np.int64)
    alternatives = parse(q)
    if not alternatives or not len(ids):
        return np.zeros(len(ids))
    if _backend(connection) == "postgresql":
        sql = (
            f"SELECT string_agg(int8send(id) || float4send({_PG_RANK}), ''::bytea)"
            " FROM archive_visit WHERE id = ANY(%s::bigint[])"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*_pg_rank_params(alternatives), _pg_array(ids)])
            data = cursor.fetchone()[0] or b""
        rows = np.frombuffer(data, dtype=[("id", ">i8"), ("rank", ">f4")])
        found, rank = rows["id"].astype(np.int64), rows["rank"].astype(np.float64)
    else:
        found, rank = matching(q, ranked=True, among=ids)
    if not len(found):
        return np.zeros(len(ids))
    order = np.argsort(found)
    found, rank = found[order], rank[order]
    at = np.searchsorted(found, ids).clip(0, len(found) - 1)
    return np.where(found[at] == ids, rank[at], 0.0)


# ts_rank() as search() annotates it; its query leaves out exclusions, which it scores 0.
_PG_RANK = "ts_rank(%s::float4[], search_vector, websearch_to_tsquery(%s::regconfig, %s))"


def _pg_rank_params(alternatives: list[list[Term]]) -> list:
    wanted = [[t for t in terms if not t.negated] for terms in alternatives]
    return [PG_WEIGHTS, CONFIG, websearch_query(wanted)]


def _pg_array(ids: np.ndarray) -> str:
    return "{" + ",".join(map(str, ids.tolist())) + "}"


def _pg_matching(
    alternatives: list[list[Term]], ranked: bool, among: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """matching() on PostgreSQL: the rows sent as one bytea (8 bytes of id, 4 of rank), which
    numpy reads as it is (a row at a time through the driver took 16 ms of CPU for 31,647
    tours), found through the GIN index whatever the planner guesses (below)."""
    rank, params = "", []
    if ranked:
        rank = f" || float4send({_PG_RANK})"
        params = _pg_rank_params(alternatives)
        if among is not None:
            # A constant array: PostgreSQL looks ids up in it by hash.
            rank = (
                " || float4send(CASE WHEN id = ANY(%s::bigint[])"
                f" THEN {_PG_RANK} ELSE 'NaN'::float4 END)"
            )
            params = [_pg_array(np.asarray(among, dtype=np.int64)), *params]
    # A word in most tours is estimated cheaper to find by reading every row than through
    # the index; but reading a row's vector means fetching it from TOAST and decompressing
    # it (3 to 6 us a tour): "development" in 31,647 of 40,128 tours took 180 ms by a
    # sequential scan and 12 ms through the index (whose bitmap needs no recheck for words;
    # a phrase is rechecked either way). The setting lasts for this query's transaction
    # (the statements of one call run as one transaction; in a caller's transaction it is
    # put back after the query).
    sql = (
        "SET LOCAL enable_seqscan = off;"
        f" SELECT string_agg(int8send(id){rank}, ''::bytea) FROM archive_visit"
        " WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s);"
        " SET LOCAL enable_seqscan TO DEFAULT"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, CONFIG, websearch_query(alternatives)])
        cursor.nextset()
        data = cursor.fetchone()[0] or b""
    if not ranked:
        return np.frombuffer(data, dtype=">i8").astype(np.int64), None
    rows = np.frombuffer(data, dtype=[("id", ">i8"), ("rank", ">f4")])
    return rows["id"].astype(np.int64), rows["rank"].astype(np.float64)


class Fts5Rank(Func):
    """bm25() of a tour's FTS5 row for a MATCH expression, negated so that higher is better."""

    output_field = FloatField()

    def __init__(self, match: str) -> None:
        super().__init__(F("pk"), Value(match))

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        match_sql, match_params = compiler.compile(self.source_expressions[1])
        weights = ", ".join(str(WEIGHTS[w]) for w in "ABC")
        sql = (
            f"(SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH {match_sql} AND {FTS_TABLE}.rowid = {pk_sql})"
        )
        return sql, [*match_params, *pk_params]


def _pg_query(alternatives: list[list[Term]]) -> SearchQuery:
    return SearchQuery(websearch_query(alternatives), search_type="websearch", config=CONFIG)


# Snippets


def snippets(visit_ids: Iterable[int], q: str) -> dict[int, SafeString]:
    """A highlighted passage of about SNIPPET_WORDS words (SNIPPET_CHARACTERS characters where
    the sources are in Chinese) from each matching tour's sources.

    Tours that do not match `q` (or have no sources) are left out.
    """
    ids = [int(pk) for pk in visit_ids]
    alternatives = parse(q)
    if not ids or not alternatives:
        return {}
    by_visit = defaultdict(list)
    # Rows, not model instances: what _joined() reads of them.
    for row in Article.objects.filter(visit_id__in=ids).values_list(*SOURCE_FIELDS):
        source = _Source(*row)
        by_visit[source.visit_id].append(source)
    written = {pk: _joined(articles) for pk, articles in by_visit.items()}
    # One query for each length of snippet the tours need.
    lengths: dict[int, dict[int, str]] = defaultdict(dict)
    for pk, text in written.items():
        lengths[SNIPPET_CHARACTERS if _in_chinese(text) else SNIPPET_WORDS][pk] = text
    marked = {}
    for length, texts in lengths.items():
        if _backend(connection) == "postgresql":
            marked |= _pg_snippets(texts, alternatives, length)
        else:
            marked |= _fts5_snippets(list(texts), alternatives, length)
    return {
        pk: _display(_as_written(_unsegmented(text), written.get(pk, "")))
        for pk, text in marked.items()
        if text
    }


class _Source(NamedTuple):
    """An article as _joined() reads it (SOURCE_FIELDS, in order)."""

    pk: int
    visit_id: int
    published: dt.date | None
    title: str
    clean_text: str


def _in_chinese(text: str) -> bool:
    """Whether a text's opening has more Chinese characters than words in Latin letters."""
    opening = text[:2000]
    if opening.isascii():
        return False
    return sum(map(len, _HAN.findall(opening))) > len(_LATIN_WORD.findall(opening))


def _pg_snippets(
    written: dict[int, str], alternatives: list[list[Term]], length: int
) -> dict[int, str]:
    texts = {pk: searchable(text)[:MAX_SOURCE_CHARS] for pk, text in written.items()}
    if not texts:
        return {}
    query = websearch_query(alternatives)
    whole, found = texts, {}  # (texts is replaced below, not changed)
    if len(alternatives) == 1 and len(alternatives[0]) == 1 and len(alternatives[0][0].words) == 1:
        # ts_headline parses the whole text given to it (some 0.2 ms a kB: 40 ms for a
        # page's 25 tours). For one word, every place it occurs is as good a passage and the
        # first is taken, so the opening of a text gives the passage the whole text would if
        # the passage ends before the opening does; the rest are asked again. (A phrase's
        # passage is the one where its words, together or not, occur most.)
        heads = {pk: _head(text) for pk, text in texts.items()}
        for pk, snippet in _pg_headlines(heads, query, length).items():
            if _ends_inside(snippet, heads[pk], length):
                found[pk] = snippet
            elif len(heads[pk]) == len(texts[pk]):
                found[pk] = snippet  # the whole text was given
        texts = {pk: text for pk, text in texts.items() if pk not in found}
    if texts:
        found |= _pg_headlines(texts, query, length)
    return {pk: _with_ellipses(snippet, whole[pk]) for pk, snippet in found.items()}


HEAD_CHARACTERS = 3000  # of a text, tried first for a snippet


def _head(text: str) -> str:
    """The opening HEAD_CHARACTERS of a text, cut before a space (not inside a word, which
    could make a word of its own)."""
    if len(text) <= HEAD_CHARACTERS:
        return text
    cut = text.rfind(" ", 0, HEAD_CHARACTERS)
    return text[: cut if cut > 0 else HEAD_CHARACTERS]


def _ends_inside(snippet: str, head: str, length: int) -> bool:
    """Whether a headline of `head` of `length` words has a match and ends well before `head`
    does: ts_headline stretches a passage to at most `length` words, then cuts it back to
    a word longer than three letters, so it reached the end of `head` if fewer follow."""
    if MARK not in snippet:
        return False
    passage = snippet.replace(MARK, "").replace(END_MARK, "")
    at = head.find(passage)
    if at < 0:
        return False
    after = _WORD.finditer(head, at + len(passage))
    return sum(1 for _ in zip(range(2 * length), after, strict=False)) == 2 * length


def _pg_headlines(texts: dict[int, str], query: str, length: int) -> dict[int, str]:
    """ts_headline() of each text, for the tours that match the websearch `query`, in one
    query (the texts sent as one array: an expression per text cost 3 ms of CPU a page)."""
    options = ", ".join(
        connection.ops.compose_sql(f"{option}=%s", [value])
        for option, value in [
            ("StartSel", MARK),
            ("StopSel", END_MARK),
            ("MaxWords", length),
            ("MinWords", length - 10),
            ("MaxFragments", 1),
        ]
    )
    tsquery = "websearch_to_tsquery(%s::regconfig, %s)"
    sql = (
        f"SELECT v.id, ts_headline(%s::regconfig, t.text, {tsquery}, %s)"
        " FROM unnest(%s::bigint[], %s::text[]) AS t(id, text)"
        f" JOIN archive_visit v ON v.id = t.id WHERE v.search_vector @@ {tsquery}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [CONFIG, CONFIG, query, options, list(texts), list(texts.values()), CONFIG, query],
        )
        return {pk: snippet or "" for pk, snippet in cursor.fetchall()}


def _with_ellipses(snippet: str, text: str) -> str:
    """Mark where the passage was cut from its text, as FTS5's snippet() does."""
    passage = snippet.replace(MARK, "").replace(END_MARK, "")
    at = text.find(passage) if passage else -1
    if at < 0:
        return snippet
    start = "…" if _WORD.search(text, 0, at) else ""
    end = "…" if _WORD.search(text, at + len(passage)) else ""
    return f"{start}{snippet}{end}"


def _fts5_snippets(ids: list[int], alternatives: list[list[Term]], length: int) -> dict[int, str]:
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({FTS_TABLE}, 2, %s, %s, '…', %s) FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
            [MARK, END_MARK, length, fts5_query(alternatives), *ids],
        )
        return dict(cursor.fetchall())


def _unsegmented(marked: str) -> str:
    """A passage of searchable() text as it was written: each pair's repeated character and
    the separators taken out, a mark that began on a repeated character moved onto the one
    it repeats, adjacent marks joined (PostgreSQL marks each pair of a phrase on its own)."""
    if BREAK not in marked and OVERLAP not in marked:
        return marked  # no Chinese in it: nothing to take out (and a browse page has 25)
    for separator in (BREAK, OVERLAP):
        marked = marked.replace(f"{END_MARK}{separator}{MARK}", separator)
    chars: list[str] = []
    repeated = False
    for char in marked:
        if char == BREAK:
            continue
        if char == OVERLAP:
            repeated = True
        elif repeated and char not in (MARK, END_MARK):
            repeated = False
            if chars and chars[-1] == MARK:  # the mark began on the repeated character
                chars.pop()
                chars.insert(len(chars) - 1, MARK)
        else:
            chars.append(char)
    return "".join(chars)


def _as_written(passage: str, text: str) -> str:
    """An unsegmented passage of `text` in the characters the text was written in.

    searchable() changes characters one for one (traditional to simplified, a pinyin
    apostrophe to U+02BC), so the passage is found in the text read that way and its
    characters taken from the same places; where it cannot be, it is left as it is.
    """
    if text.isascii():
        # Read as written but for pinyin apostrophes, which are shown as "'" either way.
        return passage
    plain = passage.replace(MARK, "").replace(END_MARK, "")
    if plain.replace("…", "").isascii():
        # Neither an apostrophe made a letter nor a simplified character: as written (what
        # searchable() changes is never ASCII once changed).
        return passage
    written = _indexable(text)
    read = _PINYIN_APOSTROPHE.sub(NAME_APOSTROPHE, written)
    read = read if read.isascii() else _T2S.convert(read)
    if read == written or len(read) != len(written):
        return passage
    lead = 1 if plain.startswith("…") else 0
    core = plain[lead:].removesuffix("…")
    at = read.find(core) if core else -1
    if at < 0:
        return passage
    chars, index = [], -lead
    for char in passage:
        if char not in (MARK, END_MARK):
            if 0 <= index < len(core):
                char = written[at + index]
            index += 1
        chars.append(char)
    return "".join(chars)


def _display(marked: str) -> SafeString:
    html = " ".join(escape(marked).split())
    for char, markup in _DISPLAY.items():
        html = html.replace(char, markup)
    return mark_safe(html)


def _backend(conn) -> str:
    if conn.vendor not in ("postgresql", "sqlite"):
        raise NotSupportedError(f"Full-text search needs PostgreSQL or SQLite, not {conn.vendor}.")
    return conn.vendor
