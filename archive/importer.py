"""The one place where extracted facts become records: articles, tours and their evidence.

Importing is idempotent (an article is known by the hash of its text), several
reports of one tour become one Visit, and fields an editor has curated are left
as they are: facts from new sources for them only show up as evidence.

An import works a batch at a time, as sets: the batch's documents are extracted, the tours
they may belong to are read (and locked) in a few queries, the reports find and change
their tours in memory (`archive.tours`), and what changed is written in bulk, each tour
once however many of the batch's reports it received.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from itertools import islice
from operator import or_

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from .bulk import history_rows, insert
from .extraction import ArticleFacts, Gazetteer, extract
from .extraction.enterprises import enterprise_key
from .extraction.gazetteer import EnterpriseEntry
from .extraction.text import credited_outlet
from .freshness import record_changed
from .gazetteers import build_gazetteer
from .models import (
    VISIT_HISTORY,
    Article,
    City,
    Enterprise,
    Evidence,
    Official,
    Province,
    Theme,
    Visit,
)
from .readers import Failure, SourceDoc, iter_files, read
from .search import index_visit, index_visits
from .tours import (
    RELATIONS,
    REPORT_LAG_DAYS,
    Source,
    Tour,
    matching_tour,
    summary,
    tour_title,
)


class Outcome(StrEnum):
    IMPORTED = "imported"  # a new tour
    MERGED = "merged"  # another report of a tour already in the archive
    UNCHANGED = "unchanged"  # this text was imported before
    NOT_TOUR = "not a tour"
    FAILED = "failed"


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    extract_seconds: float = 0.0  # of the run's time, what extraction took

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def fail(self, failure: Failure) -> None:
        self.counts[Outcome.FAILED] += 1
        self.failures.append(failure)

    def summary(self) -> str:
        return ", ".join(f"{self.counts[o]} {o.value}" for o in Outcome)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


class Importer:
    """Imports documents in batches, one transaction per batch.

    An import stopped halfway keeps the batches it committed; running it again skips those
    articles by their hash and does the rest.
    """

    batch_size = 200

    def __init__(self, gazetteer: Gazetteer | None = None, batch_size: int | None = None) -> None:
        self.batch_size = batch_size or self.batch_size
        self.gazetteer = gazetteer or build_gazetteer()
        self.max_bytes = settings.IMPORT_MAX_BYTES
        self.records = RecordCache()
        self.extract_seconds = 0.0

    def import_paths(
        self, paths: Iterable[str], on_file: Callable[[str, Outcome | Failure], None] | None = None
    ) -> ImportReport:
        """Import every file under the paths; each bad file fails alone."""
        report = ImportReport()
        results = (
            result
            for item in iter_files(list(paths))
            for result in ([item] if isinstance(item, Failure) else read(item, self.max_bytes))
        )
        while batch := list(islice(results, self.batch_size)):
            for result, outcome in zip(batch, self._import_or_isolate(batch), strict=True):
                if isinstance(outcome, Failure):
                    report.fail(outcome)
                else:
                    report.add(outcome)
                if on_file:
                    on_file(getattr(result, "file_name", ""), outcome)
        report.extract_seconds = self.extract_seconds
        return report

    def _import_or_isolate(self, batch: list[SourceDoc | Failure]) -> list[Outcome | Failure]:
        """Import a batch; if it fails as a whole, each document again on its own.

        A document extraction cannot read fails alone at once; this is for the rest (a row
        the database refuses, a lost connection), so that a bad file still fails alone.
        """
        try:
            return self._import_batch(batch)
        except Exception as exc:
            self.records = RecordCache()  # the batch rolled back, with what it created
            if len(batch) == 1:
                if isinstance(exc, IntegrityError) and "content_hash" in str(exc):
                    # The text's hash is the article's only unique field: a run that holds
                    # no import lock stored it meanwhile.
                    return [Outcome.UNCHANGED]
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())
                return [Failure(getattr(batch[0], "file_name", ""), reason)]
            return [outcome for one in batch for outcome in self._import_or_isolate([one])]

    def _import_batch(self, batch: list[SourceDoc | Failure]) -> list[Outcome | Failure]:
        with transaction.atomic():
            take_import_lock()
            outcomes, pending = self._extracted(batch)
            reports = [p for p in pending if p.facts.is_tour]
            tours = TourBook.for_reports([r.source for r in reports])
            for report in reports:
                report.tour, created = tours.place(report.source)
                outcomes[report.index] = Outcome.IMPORTED if created else Outcome.MERGED
            for report in pending:
                if outcomes[report.index] is None:
                    outcomes[report.index] = Outcome.NOT_TOUR
            tours.save_new()
            _save_articles(pending)
            if pending:
                tours.save_changed()
                record_changed()
        return outcomes

    def _extracted(self, batch: list[SourceDoc | Failure]) -> tuple[list, list[Pending]]:
        """Each document's outcome so far (failures, texts stored before), and the rest,
        extracted and resolved to record ids."""
        outcomes: list[Outcome | Failure | None] = [None] * len(batch)
        digests = {
            i: content_hash(item.text)
            for i, item in enumerate(batch)
            if not isinstance(item, Failure)
        }
        stored = set(
            Article.objects.filter(content_hash__in=set(digests.values())).values_list(
                "content_hash", flat=True
            )
        )
        pending = []
        for i, item in enumerate(batch):
            if isinstance(item, Failure):
                outcomes[i] = item
                continue
            if digests[i] in stored:
                outcomes[i] = Outcome.UNCHANGED
                continue
            stored.add(digests[i])  # the same text twice in a batch is stored once
            started = time.perf_counter()
            try:
                facts = extract(
                    item.text, self.gazetteer, published=item.published, title=item.title
                )
            except Exception as exc:  # one unreadable document must not stop the batch
                outcomes[i] = Failure(item.file_name, f"{type(exc).__name__}: {exc}")
                continue
            finally:
                self.extract_seconds += time.perf_counter() - started
            stored_facts = facts.to_json()
            if facts.is_tour:
                # Now, not after the batch's extraction: a company met for the first time
                # joins the gazetteer, and the next report finds it under its known name.
                stored_facts["resolved"] = self._resolve(facts)
            pending.append(Pending(i, item, digests[i], facts, stored_facts))
        return outcomes, pending

    def apply_facts(self, article: Article, facts: ArticleFacts) -> dict | None:
        """Give a saved article what extraction found, replacing what it had: its facts, their
        evidence and, for a tour, the ids of the records they name (returned). Saving the
        article's fields is left to the caller."""
        article.clean_text = facts.text
        article.language = facts.language
        article.is_tour = facts.is_tour
        article.facts = facts.to_json()
        article.evidence.all().delete()
        Evidence.objects.bulk_create(_evidence(article, facts))
        if not facts.is_tour:
            return None
        resolved = self._resolve(facts)
        article.facts["resolved"] = resolved
        return resolved

    def _resolve(self, facts: ArticleFacts) -> dict:
        """Record ids for the names extraction found, creating people and companies it met first."""
        records = self.records
        officials = [records.official(f.value) for f in facts.officials]
        accompanying = [records.official(f.value) for f in facts.accompanying if f.value]
        enterprises = [
            records.enterprise(f.value, f.key, facts, self.gazetteer) for f in facts.enterprises
        ]
        new = [f.value for f in facts.enterprises if not f.key]
        return {
            "officials": officials,
            "accompanying": [pk for pk in accompanying if pk not in officials],
            "provinces": records.ids(Province, [f.key for f in facts.provinces]),
            "cities": records.ids(City, [f.key for f in facts.cities]),
            "enterprises": list(dict.fromkeys(enterprises)),
            "themes": records.ids(Theme, [f.key for f in facts.themes]),
            "first_seen_enterprises": new,
        }


@dataclass
class Pending:
    """A document of the batch on its way to the database."""

    index: int  # in the batch
    doc: SourceDoc
    digest: str
    facts: ArticleFacts
    stored: dict  # the facts as the article keeps them
    tour: Tour | None = None
    article: Article | None = None
    source: Source = field(init=False)

    def __post_init__(self) -> None:
        # Shares `stored`, which gets the resolved ids before the report looks for its tour.
        self.source = Source(
            self.stored, self.facts.published, self.facts.title[:500], self.facts.text
        )


def _save_articles(pending: list[Pending]) -> None:
    """Every document as an article (with its history row), and the evidence of its facts."""
    for report in pending:
        facts, doc = report.facts, report.doc
        report.article = Article(
            file_name=doc.file_name[:255],
            url=doc.url,
            outlet=doc.outlet or credited_outlet(doc.text),
            title=facts.title[:500],
            published=facts.published,
            language=facts.language,
            raw_text=doc.text,
            clean_text=facts.text,
            content_hash=report.digest,
            is_tour=facts.is_tour,
            facts=report.stored,
            visit=report.tour.record if report.tour else None,
        )
    articles = [report.article for report in pending]
    insert(articles, with_ids=True)
    insert(history_rows(articles, "+"))
    for report in pending:
        if report.tour:
            report.source.order = report.article.pk
    insert([row for r in pending for row in _evidence(r.article, r.facts)])


def _evidence(article: Article, facts: ArticleFacts) -> list[Evidence]:
    rows = []
    for field_name in RELATIONS:
        for fact in getattr(facts, field_name):
            sentence = facts.sentences[fact.sentence]
            rows.append(
                Evidence(
                    article=article,
                    field=field_name,
                    value=fact.value[:300],
                    sentence=sentence.text,
                    start=sentence.start,
                )
            )
    if facts.date_sentence is not None and facts.start_date:
        sentence = facts.sentences[facts.date_sentence]
        label = f"{facts.start_date} – {facts.end_date or '?'}"
        rows.append(
            Evidence(
                article=article,
                field="dates",
                value=label,
                sentence=sentence.text,
                start=sentence.start,
            )
        )
    return rows


class TourBook:
    """The tours a batch's reports may belong to, read once and locked, and those it makes.

    Reports are placed one after another, each seeing the tours as the reports before it
    left them; what changed is written when the batch ends, each tour once.
    """

    def __init__(self, tours: Iterable[Tour], enterprise_names: dict[int, str]) -> None:
        self.enterprise_names = enterprise_names
        # Tours by leader, and by leader and province (a tour in no province yet, or in
        # provinces an editor set, under province None): a report compares itself only
        # with the tours that may be its own, not with every tour of its leader.
        self.by_official: dict[int, dict[int | None, dict[int, Tour]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self.touched: dict[int, Tour] = {}  # by id(), in the order first touched
        self.new: list[Tour] = []
        self.unseen: dict[int, int] = {}  # by report: candidates not read, sharing nothing
        for tour in tours:
            self._file(tour)

    @classmethod
    def for_reports(cls, sources: list[Source]) -> TourBook:
        near = candidate_ids([s for s in sources if s.window()])
        # A report with no date to go by may be any tour of its leader in its province, and
        # joins the one that shares most with it (or the only one). Only tours sharing a
        # city or a company with it are read, and how many others there are counted.
        wanted, undated = set(near), {}
        for source, (every, needed) in undated_candidates(sources):
            wanted |= needed
            undated[id(source)] = every
        visits = Visit.objects.select_for_update().filter(pk__in=wanted)
        tours = load_tours(visits, lazy=wanted - near)
        ids = {pk for s in sources for pk in s.resolved["enterprises"]} | {
            pk for t in tours for s in t.sources or () for pk in s.resolved["enterprises"]
        }
        book = cls(tours, enterprise_names(ids))
        book.unseen = {key: len(every - wanted) for key, every in undated.items()}
        return book

    def place(self, source: Source) -> tuple[Tour, bool]:
        """The tour a report joins, made if none fits; and whether it was made."""
        tour = matching_tour(source, self._candidates(source), self.unseen.get(id(source), 0))
        created = tour is None
        if tour is None:
            tour = Tour.new()
            self.new.append(tour)
        if tour.sources is None:
            tour.sources = read_sources([tour.record.pk])[tour.record.pk]
            wanted = {pk for s in tour.sources for pk in s.resolved["enterprises"]}
            self.enterprise_names.update(enterprise_names(wanted - set(self.enterprise_names)))
        tour.add(source, self.enterprise_names)
        self.touched.setdefault(id(tour), tour)
        self._file(tour)
        return tour, created

    def _candidates(self, source: Source) -> list[Tour]:
        found: dict[int, Tour] = {}
        for official in source.resolved["officials"]:
            filed = self.by_official.get(official, {})
            if not source.resolved["provinces"]:
                for tours in filed.values():
                    found.update(tours)
                continue
            for province in [*source.resolved["provinces"], None]:
                found.update(filed.get(province, {}))
        return list(found.values())

    def _file(self, tour: Tour) -> None:
        provinces = tour.relations["provinces"]
        if not provinces or tour.is_curated("provinces"):
            provinces = [None]
        for official in tour.relations["officials"]:
            for province in provinces:
                self.by_official[official][province][id(tour)] = tour

    def save_new(self) -> None:
        """Rows for the new tours, so that their reports can point at them."""
        for tour in self.new:
            tour.record = Visit(title="Untitled tour")
        insert([t.record for t in self.new], with_ids=True)
        for tour in self.new:
            tour.order = tour.record.pk

    def save_changed(self) -> None:
        tours = list(self.touched.values())
        if not tours:
            return
        write_relations(tours)
        fill_fields(tours)
        now = timezone.now()
        for tour in tours:
            tour.record.updated_at = now
        _update(
            [t.record for t in tours],
            ["title", "start_date", "end_date", "summary", "doubts", "updated_at"],
        )
        created = {id(t) for t in self.new}
        _history([t for t in tours if id(t) in created], [t for t in tours if id(t) not in created])
        index_visits([t.record.pk for t in tours])


def _update(visits: list[Visit], field_names: list[str]) -> None:
    """Write these fields of the tours, a statement per tour sent together.

    (bulk_update's one CASE expression per field costs more to build than this to run.)
    """
    fields = [Visit._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Visit._meta.db_table)} SET {assignments} WHERE id = %s",
            [
                [f.get_db_prep_save(getattr(visit, f.attname), connection) for f in fields]
                + [visit.pk]
                for visit in visits
            ],
        )


def undated_candidates(sources: list[Source]) -> list[tuple[Source, tuple[set[int], set[int]]]]:
    """For each report with no date to go by: the ids of every tour it may belong to, and of
    those `matching_tour` needs to read (sharing a city or company with it, in no province
    or provinces an editor set, or the only one)."""
    dateless = [s for s in sources if not s.window()]
    if not dateless:
        return []
    # Tours by leader in no province, or in provinces an editor set: few.
    anywhere: dict[int, set[int]] = defaultdict(set)
    unplaced = Visit.objects.filter(
        Q(provinces__isnull=True) | Q(curated_fields__icontains='"provinces"')
    )
    rows = Visit.officials.through.objects.filter(
        official_id__in={pk for s in dateless for pk in s.resolved["officials"]},
        visit_id__in=unplaced.values("pk"),
    )
    for official, visit in rows.values_list("official_id", "visit_id"):
        anywhere[official].add(visit)
    found = []
    for source in dateless:
        unplaced_ids = {pk for o in source.resolved["officials"] for pk in anywhere[o]}
        found.append((source, _undated_candidates(source, unplaced_ids)))
    return found


def _undated_candidates(source: Source, anywhere: set[int]) -> tuple[set[int], set[int]]:
    resolved = source.resolved
    through = {name: Visit._meta.get_field(name).remote_field.through for name in RELATIONS}
    leaders = through["officials"].objects.filter(official_id__in=resolved["officials"])
    if not resolved["provinces"]:
        every = set(leaders.values_list("visit_id", flat=True))
    else:
        in_provinces = through["provinces"].objects.filter(
            province_id__in=resolved["provinces"],
            visit_id__in=leaders.values("visit_id"),
        )
        every = set(in_provinces.values_list("visit_id", flat=True)) | anywhere
    if len(every) <= 1:
        return every, every
    sharing = set()
    for name, key in (("cities", "city_id"), ("enterprises", "enterprise_id")):
        if resolved[name]:
            rows = through[name].objects.filter(
                visit_id__in=every, **{f"{key}__in": resolved[name]}
            )
            sharing |= set(rows.values_list("visit_id", flat=True))
    return every, sharing | (anywhere & every)


def candidate_ids(sources: list[Source]) -> set[int]:
    """Ids of the tours these dated reports may belong to (a superset: `matching_tour`
    decides).

    A tour of one of a report's leaders whose days overlap the report's (or with no date
    yet), in a province of the report, in none yet, or in provinces an editor set. Each
    report asks for its own, in one statement: a batch's reports may be years apart, and so
    may those of one leader.
    """
    day, lag = dt.timedelta(days=1), dt.timedelta(days=REPORT_LAG_DAYS)
    wanted = set()
    for source in sources:
        if window := source.window():
            # The days `matching_tour` compares: a dated tour's from its start to its end,
            # or REPORT_LAG_DAYS after its start when it has none.
            low, high = window[0] - day, window[1] + day
            for official in source.resolved["officials"]:
                for province in source.resolved["provinces"] or [None]:
                    wanted.add((official, low, low - lag, high, province))
    if not wanted:
        return set()
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # The longest tour bounds how long before a report's days a tour overlapping them
        # can start: the visit's start date index then finds them.
        cursor.execute(
            "SELECT MAX(end_date - start_date) FROM archive_visit"
            if postgres
            else "SELECT CAST(MAX(julianday(end_date) - julianday(start_date)) AS integer)"
            " FROM archive_visit"
        )
        longest = dt.timedelta(days=cursor.fetchone()[0] or 0)
        rows = [
            (o, min(low - longest, low_lag), low, low_lag, high, p)
            for o, low, low_lag, high, p in wanted
        ]
        # SQLite keeps dates as ISO text, which compares as dates do.
        row = (
            "(%s, %s::date, %s::date, %s::date, %s::date, %s::integer)"
            if postgres
            else "(%s, %s, %s, %s, %s, %s)"
        )
        as_text = "::text" if postgres else ""
        in_province = f"""(
            wanted.province IS NULL
            OR EXISTS (SELECT 1 FROM archive_visit_provinces vp
                       WHERE vp.visit_id = v.id AND vp.province_id = wanted.province)
            OR NOT EXISTS (SELECT 1 FROM archive_visit_provinces vp WHERE vp.visit_id = v.id)
            OR v.curated_fields{as_text} LIKE '%%"provinces"%%'
        )"""
        led_by = """EXISTS (SELECT 1 FROM archive_visit_officials vo
                            WHERE vo.visit_id = v.id AND vo.official_id = wanted.official)"""
        # Each report's tours found by their start dates (the visit's date index).
        near = "archive_visit v ON v.start_date BETWEEN wanted.earliest AND wanted.high"
        cursor.execute(
            f"""
            WITH wanted (official, earliest, low, low_lag, high, province) AS (
                VALUES {", ".join([row] * len(rows))}
            ), undated AS MATERIALIZED (
                SELECT id, curated_fields FROM archive_visit WHERE start_date IS NULL
            )
            SELECT v.id FROM wanted JOIN {near}
            WHERE (v.end_date >= wanted.low OR v.end_date IS NULL AND v.start_date >= wanted.low_lag)
            AND {led_by} AND {in_province}
            UNION
            SELECT v.id FROM undated v
            JOIN archive_visit_officials vo ON vo.visit_id = v.id
            JOIN wanted ON wanted.official = vo.official_id
            WHERE {in_province}
            """,
            [value for values in rows for value in values],
        )
        return {pk for (pk,) in cursor.fetchall()}


def load_tours(visits: Iterable[Visit], lazy: Iterable[int] = ()) -> list[Tour]:
    """Tours as stored, each with its sources' facts (not their texts).

    The tours in `lazy` are read without their sources where comparing a report with them
    needs none (`Tour.sources` is None then): a dated tour whose provinces are its sources'.
    """
    visits = list(visits)
    relations = stored_relations([v.pk for v in visits])
    lazy = set(lazy)
    unread = {
        v.pk
        for v in visits
        if v.pk in lazy
        and v.start_date
        and relations[v.pk]["provinces"]
        and "provinces" not in v.curated_fields
    }
    sources = read_sources([v.pk for v in visits if v.pk not in unread])
    return [
        Tour(
            relations={name: sorted(pks) for name, pks in relations[visit.pk].items()},
            sources=None if visit.pk in unread else sources[visit.pk],
            start_date=visit.start_date,
            end_date=visit.end_date,
            curated=frozenset(visit.curated_fields),
            order=visit.pk,
            stored=relations[visit.pk],
            record=visit,
        )
        for visit in visits
    ]


def read_sources(visit_ids: list[int]) -> dict[int, list[Source]]:
    """The sources of these tours, earliest first, by tour."""
    sources: dict[int, list[Source]] = defaultdict(list)
    if not visit_ids:
        return sources
    rows = Article.objects.filter(visit_id__in=visit_ids, is_tour=True).values_list(
        "pk", "visit_id", "published", "title", "facts"
    )
    for pk, visit_id, published, title, facts in rows:
        if "resolved" in facts:
            sources[visit_id].append(Source(facts, published, title, order=pk))
    for found in sources.values():
        found.sort(key=lambda s: (s.published or dt.date.max, s.order))
    return sources


def stored_relations(visit_ids: list[int]) -> dict[int, dict[str, set[int]]]:
    """The six relations of these tours as their join tables hold them, in one query."""
    found: dict[int, dict[str, set[int]]] = defaultdict(lambda: {name: set() for name in RELATIONS})
    for name, _row, visit_id, pk in _join_rows(visit_ids):
        found[visit_id][name].add(pk)
    return found


def _join_rows(
    visit_ids: list[int], relations: tuple[str, ...] = RELATIONS
) -> list[tuple[str, int, int, int]]:
    """(relation, row id, tour id, related id) for every join row of these tours."""
    if not visit_ids:
        return []
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(visit_ids))
    selects = []
    for name in relations:
        field = Visit._meta.get_field(name)
        visit_column, target_column = field.m2m_column_name(), field.m2m_reverse_name()
        selects.append(
            f"SELECT '{name}', id, {quote(visit_column)}, {quote(target_column)} "
            f"FROM {quote(field.m2m_db_table())} WHERE {quote(visit_column)} IN ({marks})"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), list(visit_ids) * len(selects))
        return cursor.fetchall()


def enterprise_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Enterprise.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def write_relations(tours: list[Tour]) -> None:
    """Give the tours their related ids, writing only the join rows that change.

    Written to the join tables directly, a few queries for all the tours: history is
    recorded for each tour as a whole, not per relation.
    """
    for name in RELATIONS:
        field = Visit._meta.get_field(name)
        through, target = field.remote_field.through, field.m2m_reverse_field_name()
        added, removed = [], []
        for tour in tours:
            stored = tour.stored.get(name, set())
            wanted = set(tour.relations[name])
            added += [
                through(**{"visit_id": tour.record.pk, f"{target}_id": pk})
                for pk in sorted(wanted - stored)
            ]
            if stored - wanted:
                removed.append(Q(visit_id=tour.record.pk, **{f"{target}_id__in": stored - wanted}))
        insert(added)
        if removed:
            through.objects.filter(reduce(or_, removed)).delete()
    for tour in tours:
        # Relations read before this (prefetched) are stale now.
        getattr(tour.record, "_prefetched_objects_cache", {}).clear()


def fill_fields(tours: list[Tour]) -> None:
    """Set each tour's title, summary and doubts, as its sources and relations now stand."""
    officials = _names(Official, {pk for t in tours for pk in t.relations["officials"]})
    provinces = _names(Province, {pk for t in tours for pk in t.relations["provinces"]})
    _read_ledes(tours)
    places = first_seen_places(tours)
    duplicates = possible_duplicates(tours)
    for tour in tours:
        visit = tour.record
        visit.start_date, visit.end_date = tour.start_date, tour.end_date
        if not tour.is_curated("title"):
            visit.title = tour_title(
                sorted(officials[pk] for pk in tour.relations["officials"] if pk in officials),
                sorted(provinces[pk] for pk in tour.relations["provinces"] if pk in provinces),
                visit.start_date,
            )
        if not tour.is_curated("summary") and tour.sources:
            visit.summary = summary(tour.sources[0])
        doubts = []
        if visit.start_date is None:
            doubts.append("no date found")
        if not tour.relations["officials"]:
            doubts.append("no official found")
        doubts += [
            f"enterprise seen for the first time: {n}" for n in tour.first_seen_enterprises()
        ]
        doubts += [f"place seen for the first time: {n}" for n in places[id(tour)]]
        doubts += [f"possible duplicate of tour #{pk}" for pk in duplicates[id(tour)]]
        visit.doubts = doubts


def _names(model, ids: set[int]) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _read_ledes(tours: list[Tour]) -> None:
    """Read the texts a summary will be taken from, when extraction found none."""
    wanted = {
        t.sources[0].order: t.sources[0]
        for t in tours
        if t.sources and not t.is_curated("summary")
        if not t.sources[0].facts.get("summary") and t.sources[0].text is None
    }
    rows = Article.objects.filter(pk__in=list(wanted)).values_list("pk", "clean_text")
    for pk, text in rows:
        wanted[pk].text = text


def first_seen_places(tours: list[Tour]) -> dict[int, list[str]]:
    """Per tour, the places no tour outside these went to; each given to one tour of them.

    A place only one of the tours went to is that tour's; one several of them went to is the
    first's to be touched, unless one of them had gone there before.
    """
    found: dict[int, list[str]] = defaultdict(list)
    for model, name in ((Province, "provinces"), (City, "cities")):
        holders: dict[int, list[Tour]] = defaultdict(list)
        for tour in tours:
            for pk in tour.relations[name]:
                holders[pk].append(tour)
        if not holders:
            continue
        through = Visit._meta.get_field(name).remote_field.through
        target = Visit._meta.get_field(name).m2m_reverse_field_name()
        elsewhere = through.objects.filter(**{target: OuterRef("pk")}).exclude(
            visit_id__in=[t.record.pk for t in tours]
        )
        new_places = (
            model.objects.filter(pk__in=list(holders))
            .exclude(Exists(elsewhere))
            .values_list("pk", "name")
        )
        for pk, place in sorted(new_places, key=lambda row: row[1]):  # by name, as pages list
            tours_there = holders[pk]
            before = [t for t in tours_there if pk in t.stored.get(name, ())]
            if len(tours_there) == 1 or not before:
                found[id(tours_there[0])].append(place)
    return found


def possible_duplicates(tours: list[Tour]) -> dict[int, list[int]]:
    """Per tour, up to three other public tours of a leader of it, in a province of it,
    starting within REPORT_LAG_DAYS of its dates (or at any date when it has none)."""
    lag = dt.timedelta(days=REPORT_LAG_DAYS)
    touched = {t.record.pk: t for t in tours}
    conditions = []
    for tour in tours:
        officials, provinces = tour.relations["officials"], tour.relations["provinces"]
        if officials and provinces:
            condition = Q(officials__in=officials, provinces__in=provinces)
            if tour.start_date:
                end = tour.end_date or tour.start_date
                condition &= Q(start_date__range=(tour.start_date - lag, end + lag))
            conditions.append(condition)
    # The other tours as stored and these as they are now: (start, officials, provinces).
    others: dict[int, tuple[dt.date | None, set[int], set[int]]] = {}
    if conditions:
        found = (
            Visit.objects.public()
            .filter(reduce(or_, conditions))
            .exclude(pk__in=list(touched))
            .values_list("pk", "start_date")
            .distinct()
        )
        others = {pk: (start, set(), set()) for pk, start in found}
        for name, _row, visit_id, pk in _join_rows(list(others), ("officials", "provinces")):
            others[visit_id][1 if name == "officials" else 2].add(pk)
    for pk, tour in touched.items():
        if tour.record.review_status != Visit.Review.REJECTED:
            relations = tour.relations
            others[pk] = (tour.start_date, set(relations["officials"]), set(relations["provinces"]))
    by_official: dict[int, list[int]] = defaultdict(list)
    for pk, (_start, officials, _provinces) in others.items():
        for official in officials:
            by_official[official].append(pk)
    duplicates: dict[int, list[int]] = {}
    for tour in tours:
        provinces, start = set(tour.relations["provinces"]), tour.start_date
        low, high = (start - lag, (tour.end_date or start) + lag) if start else (None, None)
        matches = []
        for pk in {pk for o in tour.relations["officials"] for pk in by_official.get(o, ())}:
            their_start, _officials, their_provinces = others[pk]
            if pk == tour.record.pk or not provinces & their_provinces:
                continue
            if start is None or (their_start is not None and low <= their_start <= high):
                matches.append((their_start, pk))
        matches.sort(key=lambda m: (m[0] is None, -(m[0] or dt.date.min).toordinal(), -m[1]))
        duplicates[id(tour)] = [pk for _, pk in matches[:3]]
    return duplicates


def _history(created: list[Tour], changed: list[Tour]) -> None:
    """One history row per tour, with its relations as they now stand."""
    rows = {}
    for tours, history_type in ((created, "+"), (changed, "~")):
        if tours:
            records = history_rows([t.record for t in tours], history_type)
            insert(records, with_ids=True)
            rows.update({t.record.pk: row for t, row in zip(tours, records, strict=True)})
    models = {field.name: model for field, model in VISIT_HISTORY.m2m_models.items()}
    snapshot: dict[str, list] = defaultdict(list)
    for name, row_id, visit_id, pk in _join_rows(list(rows)):
        target = Visit._meta.get_field(name).m2m_reverse_field_name()
        snapshot[name].append(
            models[name](
                history=rows[visit_id], id=row_id, visit_id=visit_id, **{f"{target}_id": pk}
            )
        )
    for history_rows_of_relation in snapshot.values():
        insert(history_rows_of_relation)


# pg_advisory_xact_lock's key: any number, as long as every importer uses the same one.
IMPORT_LOCK_KEY = 0x746F7572  # "tour"


def take_import_lock() -> None:
    """Make concurrent imports take turns, a batch at a time; held until the batch commits.

    A unique hash keeps one text from being stored twice, but nothing in the schema keeps
    two runs from each creating a tour for two reports of the same tour while neither has
    committed the other's yet; waiting on each other's uncommitted rows, they could also
    deadlock. So a batch starts by taking the database's lock for imports, and reads what
    every earlier batch committed.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # SQLite has one writer at a time: an empty write takes its write lock now, as
            # BEGIN IMMEDIATE would. Taken at the first real write instead, after the batch
            # had read, it would fail at once with "database is locked" rather than wait.
            # Each try waits as long as the connection's timeout; the lock is waited for
            # however long another batch takes, as PostgreSQL's is.
            while True:
                try:
                    cursor.execute("UPDATE archive_article SET id = id WHERE 0 = 1")
                    return
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise


class RecordCache:
    """Ids of the records extraction names, read once per import instead of once per mention.

    Records an import creates are remembered too; if its batch rolls back, the importer
    starts a new cache.
    """

    def __init__(self) -> None:
        self._places: dict[type, dict[str, int]] = {}
        self._officials: dict[str, int] | None = None
        self._enterprises: dict[str, tuple[int, str, list[str]]] | None = None
        self._slugs: set[str] = set()
        self._cities: dict[str, tuple[int, int]] | None = None

    def ids(self, model, keys: list[str]) -> list[int]:
        """Ids of provinces and cities (by code) or themes (by slug), in the order given."""
        if model not in self._places:
            field_name = "slug" if model is Theme else "code"
            self._places[model] = dict(model.objects.values_list(field_name, "pk"))
        found = self._places[model]
        return [found[k] for k in keys if k in found]

    def official(self, name: str) -> int:
        if self._officials is None:
            self._officials = {}
            for pk, aliases in Official.objects.values_list("pk", "aliases"):
                for alias in aliases or []:
                    self._officials.setdefault(alias, pk)
            self._officials.update(
                Official.objects.values_list("name", "pk")
            )  # a name beats an alias
        if name not in self._officials:
            official, _ = Official.objects.get_or_create(name=name)
            self._officials[name] = official.pk
        return self._officials[name]

    def enterprise(
        self, name: str, known_key: str, facts: ArticleFacts, gazetteer: Gazetteer
    ) -> int:
        """The enterprise a name refers to; a company met for the first time is created."""
        if self._enterprises is None:
            self._enterprises = {
                key: (pk, canonical, list(aliases or []))
                for pk, key, canonical, aliases in Enterprise.objects.values_list(
                    "pk", "key", "name", "aliases"
                )
            }
            self._slugs = set(Enterprise.objects.values_list("slug", flat=True))
        key = known_key or enterprise_key(name)
        if key in self._enterprises:
            pk, canonical, aliases = self._enterprises[key]
            if name != canonical and name not in aliases:
                aliases.append(name)
                _add_alias(pk, name)
            return pk
        enterprise = self._new_enterprise(name, key, facts)
        self._enterprises[key] = (enterprise.pk, enterprise.name, [])
        gazetteer.add_enterprise(
            EnterpriseEntry(enterprise.key, enterprise.name, (enterprise.name,))
        )
        return enterprise.pk

    def _new_enterprise(self, name: str, key: str, facts: ArticleFacts) -> Enterprise:
        """A company, placed in the report's city or province when it names only one."""
        if self._cities is None:
            self._cities = {
                code: (pk, province)
                for code, pk, province in City.objects.values_list("code", "pk", "province_id")
            }
        city, province = None, None
        if len(facts.cities) == 1:
            city, province = self._cities.get(facts.cities[0].key, (None, None))
        if city is None and len(facts.provinces) == 1:
            province = next(iter(self.ids(Province, [facts.provinces[0].key])), None)
        base = slugify(name)[:180] or "enterprise"
        slug, n = base, 1
        while slug in self._slugs:
            n += 1
            slug = f"{base}-{n}"
        # Created outright: the import lock keeps other imports out, and a company an
        # editor adds meanwhile under the same key or slug fails the batch, which is then
        # retried with the records read afresh.
        enterprise = Enterprise.objects.create(
            key=key, name=name, slug=slug, city_id=city, province_id=province
        )
        self._slugs.add(slug)
        return enterprise


def _add_alias(pk: int, name: str) -> None:
    """Add a spelling to an enterprise's aliases, read afresh under lock: the cached list may
    be older than an editor's or another import's change to them, which writing it back
    would undo."""
    current = Enterprise.objects.select_for_update().filter(pk=pk).first()
    if current is not None and name not in current.aliases:
        Enterprise.objects.filter(pk=pk).update(aliases=[*current.aliases, name])


# One tour at a time, for editors' operations (curation): the same computation as an import.


def find_tour(resolved: dict, facts: ArticleFacts) -> Visit | None:
    """The tour a report belongs to: same leader, same province, overlapping dates."""
    source = Source({**facts.to_json(), "resolved": resolved}, facts.published)
    ids = candidate_ids([source]) | {
        pk for _, (every, _) in undated_candidates([source]) for pk in every
    }
    tours = load_tours(Visit.objects.filter(pk__in=ids))
    tour = matching_tour(source, tours)
    return tour.record if tour else None


def refresh_visit(visit: Visit) -> None:
    """Recompute a tour's fields from all its sources, leaving curated fields alone."""
    with transaction.atomic(savepoint=False):
        (tour,) = load_tours([visit])
        tour.refresh(enterprise_names(pk for s in tour.sources for pk in s.resolved["enterprises"]))
        write_relations([tour])
        fill_fields([tour])
        visit.save()
        index_visit(visit)
