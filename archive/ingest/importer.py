"""The one place where extracted facts become records: articles, tours and their evidence.

Importing is idempotent (an article is known by the hash of its text), several
reports of one tour become one Visit, and fields an editor has curated are left
as they are: facts from new sources for them only show up as evidence.

An import works a batch at a time, as sets: the batch's documents are extracted and stored
in bulk, and a TourBook (`archive.ingest.tour_store`) places their reports in tours, each tour
read and written once however many of the batch's reports it received.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from archive import cache
from archive.changes import history_rows, records_changed
from archive.ingest import sql
from archive.ingest.extraction import ArticleFacts, Gazetteer
from archive.ingest.extraction.chinese import simplified
from archive.ingest.extraction.text import CJK_CHAR, credited_outlet
from archive.ingest.extractors import Extractors, extract_one
from archive.ingest.gazetteers import (
    FIRST_NAMED,
    build_gazetteer,
    company_entry,
    editors_mark,
    enterprise_entries,
    name_key,
)
from archive.ingest.matching import Report, Tour
from archive.ingest.readers import Failure, Skipped, SourceDoc, iter_files, read
from archive.ingest.tour_store import TourBook
from archive.models import (
    RELATIONS,
    Article,
    City,
    Enterprise,
    Evidence,
    Official,
    Province,
    Theme,
)


class Outcome(StrEnum):
    IMPORTED = "imported"  # a new tour
    MERGED = "merged"  # another report of a tour already in the archive
    UNCHANGED = "unchanged"  # this text was imported before
    NOT_TOUR = "not a tour"
    FAILED = "failed"
    SKIPPED = "skipped"  # rightly not imported (a folder's README): not a failure


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    extract_seconds: float = 0.0  # of the run's time, what extraction took
    # Texts whose facts came from the worker processes, and those extracted again here.
    extracted_ahead: tuple[int, int] = (0, 0)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def fail(self, failure: Failure) -> None:
        self.counts[Outcome.FAILED] += 1
        self.failures.append(failure)

    def skip(self, skipped: Skipped) -> None:
        self.counts[Outcome.SKIPPED] += 1
        self.skipped.append(skipped)

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

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        batch_size: int | None = None,
        workers: int | None = None,
    ) -> None:
        self.batch_size = batch_size or self.batch_size
        # Processes extracting the next batch while one is stored (none: all in this one).
        self.workers = settings.IMPORT_WORKERS if workers is None else workers
        self.ahead: Extractors | None = None
        self._following: list | None = None  # the next batch, not handed to the workers yet
        self.editors_mark = editors_mark()
        self.gazetteer = gazetteer or build_gazetteer()
        self.max_bytes = settings.IMPORT_MAX_BYTES
        self._enterprise_ids: list[int] = []
        self.records = RecordCache(self._enterprise_ids)
        self.extract_seconds = 0.0

    def import_paths(
        self,
        paths: Iterable[str],
        on_file: Callable[[str, Outcome | Failure | Skipped], None] | None = None,
    ) -> ImportReport:
        """Import every file under the paths; each bad file fails alone."""
        report = ImportReport()
        results = (
            result
            for item in iter_files(list(paths))
            for result in ([item] if isinstance(item, Failure) else read(item, self.max_bytes))
        )
        batches = iter(lambda: list(islice(results, self.batch_size)), [])
        # Each batch commits; readers' cached pages are kept meanwhile, not emptied each time.
        with cache.publishing_every(settings.IMPORT_PUBLISH_SECONDS):
            try:
                batch = next(batches, None)
                while batch:
                    following = next(batches, None)
                    # Handed to the workers once this batch learnt its companies.
                    self._following = following if self.workers > 0 else None
                    for result, outcome in zip(batch, self._import_or_isolate(batch), strict=True):
                        if isinstance(outcome, Failure):
                            report.fail(outcome)
                        elif isinstance(outcome, Skipped):
                            report.skip(outcome)
                        else:
                            report.add(outcome)
                        if on_file:
                            on_file(getattr(result, "file_name", ""), outcome)
                    if self.ahead:
                        self.ahead.forget(batch)
                    batch = following
            finally:
                if self.ahead:
                    report.extracted_ahead = (self.ahead.taken, self.ahead.again)
                    self.ahead.close()
                    self.ahead = None
        report.extract_seconds = self.extract_seconds
        return report

    def _extract_ahead(self, batch: list[SourceDoc | Failure | Skipped]) -> None:
        """Have worker processes extract the batch's new texts while this one is stored."""
        docs = {content_hash(d.text): d for d in batch if isinstance(d, SourceDoc)}
        stored = Article.objects.filter(content_hash__in=list(docs)).values_list(
            "content_hash", flat=True
        )
        for digest in stored:
            del docs[digest]
        if self.ahead is None:
            self.ahead = Extractors(self.gazetteer, self.workers)
        started = time.perf_counter()
        self.ahead.submit(list(docs.values()), self.gazetteer)
        self.extract_seconds += time.perf_counter() - started

    def _import_or_isolate(self, batch: list[SourceDoc | Failure | Skipped]) -> list:
        """Import a batch; if it fails as a whole, each document again on its own.

        A document extraction cannot read fails alone at once; this is for the rest (a row
        the database refuses, a lost connection), so that a bad file still fails alone.
        """
        try:
            return self._import_batch(batch)
        except Exception as exc:
            if len(batch) == 1:
                if isinstance(exc, IntegrityError) and "content_hash" in str(exc):
                    # The text's hash is the article's only unique field: a run that holds
                    # no import lock stored it meanwhile.
                    return [Outcome.UNCHANGED]
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())
                return [Failure(getattr(batch[0], "file_name", ""), reason)]
            return [outcome for one in batch for outcome in self._import_or_isolate([one])]

    def _import_batch(self, batch: list[SourceDoc | Failure | Skipped]) -> list:
        with transaction.atomic():
            sql.take_import_lock()
            self._catch_up()
            outcomes, pending = self._extracted(batch)
            if self._following:
                self._extract_ahead(self._following)
                self._following = None
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
                tours.save_changed([p.article for p in pending if p.tour])
                records_changed()
        return outcomes

    def _catch_up(self) -> None:
        """Know the records as the batches before this one left them, whoever wrote them.

        Called at the start of each batch, under the import lock. Another import's batches,
        editors, or a batch of this import that rolled back may have changed them since this
        import last looked: its ids of records are read afresh; the people, places, themes
        and companies that extraction looks for are read again if an editor changed them (as
        a new import would read them), and otherwise the companies other imports made join
        them as if this import had made them, so that a report naming one is read as it
        would be by a single import.
        """
        self.records = RecordCache(self._enterprise_ids)
        mark = editors_mark()
        if mark != self.editors_mark:
            self.editors_mark = mark
            self.gazetteer = build_gazetteer()
            return
        stored = self.records.stored_enterprises()
        known = {entry.key for entry in self.gazetteer.enterprises}
        if known - stored.keys():
            # A company it knows is no more (made by a batch that rolled back): all are read
            # again, as a new import would read them.
            self.gazetteer.replace_enterprises(enterprise_entries())
            return
        for key, (_pk, name, _aliases, name_zh) in stored.items():  # in the order made
            if key not in known:
                self.gazetteer.add_enterprise(company_entry(key, name, name_zh))

    def _extracted(self, batch: list[SourceDoc | Failure | Skipped]) -> tuple[list, list[Pending]]:
        """Each document's outcome so far (failures, skipped files, texts stored before), and
        the rest, extracted and resolved to record ids."""
        outcomes: list[Outcome | Failure | Skipped | None] = [None] * len(batch)
        digests = {
            i: content_hash(item.text)
            for i, item in enumerate(batch)
            if isinstance(item, SourceDoc)
        }
        stored = set(
            Article.objects.filter(content_hash__in=set(digests.values())).values_list(
                "content_hash", flat=True
            )
        )
        pending = []
        for i, item in enumerate(batch):
            if not isinstance(item, SourceDoc):
                outcomes[i] = item
                continue
            if digests[i] in stored:
                outcomes[i] = Outcome.UNCHANGED
                continue
            stored.add(digests[i])  # the same text twice in a batch is stored once
            started = time.perf_counter()
            found = self.ahead and self.ahead.outcome(item, self.gazetteer)
            kind, facts, stored_facts = found or extract_one(item, self.gazetteer)
            self.extract_seconds += time.perf_counter() - started
            if kind == "error":
                outcomes[i] = Failure(item.file_name, facts)
                continue
            if facts.is_tour:
                # Now, not after the batch's extraction: a company met for the first time
                # joins the gazetteer, and the next report finds it under its known name.
                stored_facts["resolved"] = self._resolve(facts)
            pending.append(Pending(i, item, digests[i], facts, stored_facts))
        self.records.write()
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
        self.records.write()
        article.facts["resolved"] = resolved
        return resolved

    def _resolve(self, facts: ArticleFacts) -> dict:
        """Record ids for the names extraction found, creating people and companies it met first."""
        records = self.records
        officials = [records.official(f.value) for f in facts.officials]
        # An official the gazetteer does not know, found by the post around the name, is kept
        # as a new Official; the tour says so for review.
        new_people = [
            f.value for f in facts.accompanying if f.value and records.is_new_official(f.value)
        ]
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
            "first_seen_officials": new_people,
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
    source: Report = field(init=False)

    def __post_init__(self) -> None:
        # Shares `stored`, which gets the resolved ids before the report looks for its tour.
        self.source = Report(
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
    sql.insert(articles, with_ids=True)
    sql.insert(history_rows(articles, "+"))
    for report in pending:
        if report.tour:
            report.source.order = report.article.pk
    sql.insert_rows(
        Evidence,
        ["article_id", *EVIDENCE_FIELDS],
        [(r.article.pk, *row) for r in pending for row in _evidence_rows(r.facts)],
    )


EVIDENCE_FIELDS = ("field", "value", "sentence", "start")


def _evidence(article: Article, facts: ArticleFacts) -> list[Evidence]:
    return [
        Evidence(article=article, **dict(zip(EVIDENCE_FIELDS, row, strict=True)))
        for row in _evidence_rows(facts)
    ]


def _evidence_rows(facts: ArticleFacts) -> list[tuple[str, str, str, int]]:
    """(field, value, sentence, start) of each fact's evidence."""
    rows = []
    for field_name in RELATIONS:
        for fact in getattr(facts, field_name):
            sentence = facts.sentences[fact.sentence]
            rows.append((field_name, fact.value[:300], sentence.text, sentence.start))
    if facts.date_sentence is not None and facts.start_date:
        sentence = facts.sentences[facts.date_sentence]
        label = f"{facts.start_date} – {facts.end_date or '?'}"
        rows.append(("dates", label, sentence.text, sentence.start))
    return rows


ID_BLOCK = 64  # enterprise ids taken from the sequence at a time


class RecordCache:
    """Ids of the records extraction names, read once per batch instead of once per mention.

    Records the batch creates are remembered too; each batch starts a new cache
    (`Importer._catch_up`), read as the batches before it left the records.
    """

    def __init__(self, enterprise_ids: list[int] | None = None) -> None:
        # Ids taken from the enterprises' sequence for companies to come (PostgreSQL): shared
        # by the caches of one import, so that none is wasted between batches.
        self._enterprise_ids = [] if enterprise_ids is None else enterprise_ids
        self._new_enterprises: list[Enterprise] = []  # made, written by write()
        self._new_aliases: dict[int, list[str]] = {}  # by enterprise id, written by write()
        self._places: dict[type, dict[str, int]] = {}
        self._officials: dict[str, int] | None = None
        self._enterprises: dict[str, tuple[int, str, list[str], str]] | None = None
        self._slugs: set[str] = set()
        self._cities: dict[str, tuple[int, int]] | None = None

    def ids(self, model, keys: list[str]) -> list[int]:
        """Ids of provinces and cities (by code) or themes (by slug), in the order given."""
        if model not in self._places:
            field_name = "slug" if model is Theme else "code"
            self._places[model] = dict(model.objects.values_list(field_name, "pk"))
        found = self._places[model]
        return [found[k] for k in keys if k in found]

    def is_new_official(self, name: str) -> bool:
        """Whether no official of this name or alias is in the archive yet."""
        self._read_officials()
        return name not in self._officials

    def official(self, name: str) -> int:
        self._read_officials()
        if name not in self._officials:
            official = Official.objects.filter(name=name).first()
            if official is None:
                official = Official(name=name)
                official._change_reason = FIRST_NAMED
                official.save()
            self._officials[name] = official.pk
        return self._officials[name]

    def _read_officials(self) -> None:
        if self._officials is None:
            self._officials = {}
            for pk, aliases in Official.objects.values_list("pk", "aliases"):
                for alias in aliases or []:
                    self._officials.setdefault(alias, pk)
            self._officials.update(
                Official.objects.values_list("name", "pk")
            )  # a name beats an alias

    def enterprise(
        self, name: str, known_key: str, facts: ArticleFacts, gazetteer: Gazetteer
    ) -> int:
        """The enterprise a name refers to; a company met for the first time is created."""
        known = self.stored_enterprises()
        chinese = bool(CJK_CHAR.search(name))
        key = known_key or name_key(name)
        if key not in known and (entry := gazetteer.enterprise_by_key.get(key)):
            key = entry.key  # a spelling of another name of a company: an alias, an old name
        if key in known:
            pk, canonical, aliases, _name_zh = known[key]
            if name != canonical and name not in aliases:
                aliases.append(name)
                self._new_aliases.setdefault(pk, []).append(name)
            return pk
        # A company first named in Chinese is created with its Chinese name (simplified,
        # as the Chinese pages show it) and shown so until an editor adds an English one.
        name_zh = simplified(name)[:100] if chinese else ""
        enterprise = self._new_enterprise(name, key, facts, name_zh)
        known[key] = (enterprise.pk, enterprise.name, [], name_zh)
        gazetteer.add_enterprise(company_entry(enterprise.key, enterprise.name, name_zh))
        return enterprise.pk

    def stored_enterprises(self) -> dict[str, tuple[int, str, list[str], str]]:
        """The enterprises, by key, in the order they were made: (id, name, aliases, Chinese
        name)."""
        if self._enterprises is None:
            self._enterprises = {}
            rows = Enterprise.objects.order_by("pk").values_list(
                "pk", "key", "name", "aliases", "name_zh", "slug"
            )
            for pk, key, name, aliases, name_zh, slug in rows:
                self._enterprises[key] = (pk, name, list(aliases or []), name_zh)
                self._slugs.add(slug)
        return self._enterprises

    def _new_enterprise(
        self, name: str, key: str, facts: ArticleFacts, name_zh: str = ""
    ) -> Enterprise:
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
        # (A Chinese name has no letters for a slug: its key's digest makes one.)
        base = slugify(name)[:180] or f"company-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
        slug, n = base, 1
        while slug in self._slugs:
            n += 1
            slug = f"{base}-{n}"
        # Created outright: the import lock keeps other imports out, and a company an
        # editor adds meanwhile under the same key or slug fails the batch, which is then
        # retried with the records read afresh.
        enterprise = Enterprise(
            key=key, name=name, name_zh=name_zh, slug=slug, city_id=city, province_id=province
        )
        enterprise._change_reason = FIRST_NAMED
        if sql.has_sequences():
            # Its id now, its row with the others by write(): a statement or two for the
            # batch's companies instead of two (and a round trip each) per company.
            if not self._enterprise_ids:
                self._enterprise_ids.extend(sql.next_ids(Enterprise, ID_BLOCK))
            enterprise.pk = self._enterprise_ids.pop(0)
            self._new_enterprises.append(enterprise)
        else:
            enterprise.save()
        self._slugs.add(slug)
        return enterprise

    def write(self) -> None:
        """Write the companies made and the spellings added since the last call, with their
        history rows, before anything reads them from the database."""
        if self._new_enterprises:
            sql.insert(self._new_enterprises, keep_ids=True)
            sql.insert(history_rows(self._new_enterprises, "+"), with_ids=True)
            self._new_enterprises = []
            records_changed()
        if self._new_aliases:
            # Read afresh under lock: the cached lists may be older than an editor's or
            # another import's change to them, which writing them back would undo.
            current = Enterprise.objects.select_for_update().filter(pk__in=list(self._new_aliases))
            changed = []
            for enterprise in current.only("pk", "aliases"):
                added = [n for n in self._new_aliases[enterprise.pk] if n not in enterprise.aliases]
                if added:
                    enterprise.aliases = [*enterprise.aliases, *added]
                    changed.append(enterprise)
            sql.update_fields(changed, ["aliases"])
            self._new_aliases = {}
