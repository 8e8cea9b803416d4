"""The one place where extracted facts become records: articles, tours and their evidence.

Importing is idempotent (an article is known by the hash of its text), several
reports of one tour become one Visit, and fields an editor has curated are left
as they are: facts from new sources for them only show up as evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.text import slugify

from .extraction import ArticleFacts, Gazetteer, extract
from .extraction.enterprises import EnterpriseFound, enterprise_key, merge_spellings
from .extraction.gazetteer import EnterpriseEntry
from .extraction.text import credited_outlet, split_sentences
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

# A report whose dates are unknown is placed this many days before its publication.
REPORT_LAG_DAYS = 10
MAX_THEMES = 5


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
    """Imports documents in batches: one transaction per batch, one savepoint per document.

    A batch's tours get their history row and search entry once, when the batch ends,
    however many of its reports they received. An import stopped halfway keeps the batches
    it committed; running it again skips those articles by their hash and does the rest.
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
        """Import a batch; if the batch as a whole fails, each document again on its own.

        A document's own errors only roll back its savepoint; this is for the rest (the
        batch's last writes, a lost connection), so that a bad file still fails alone.
        """
        try:
            return self._import_batch(batch)
        except Exception as exc:
            self.records = RecordCache()  # the batch rolled back, with what it created
            if len(batch) == 1:
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())
                return [Failure(getattr(batch[0], "file_name", ""), reason)]
            return [outcome for one in batch for outcome in self._import_or_isolate([one])]

    def _import_batch(self, batch: list[SourceDoc | Failure]) -> list[Outcome | Failure]:
        outcomes: list[Outcome | Failure] = []
        touched = TouchedTours()
        with transaction.atomic():
            take_import_lock()
            for result in batch:
                if isinstance(result, Failure):
                    outcomes.append(result)
                    continue
                touched.begin_document()
                self.records.begin_document()
                try:
                    with transaction.atomic():
                        outcomes.append(self._import(result, touched))
                except AlreadyImported:
                    touched.forget_document()
                    self.records.forget_document()
                    outcomes.append(Outcome.UNCHANGED)
                except Exception as exc:  # one bad document must not stop the batch
                    # Its savepoint rolled back: so do the records it made.
                    touched.forget_document()
                    self.records.forget_document()
                    outcomes.append(Failure(result.file_name, f"{type(exc).__name__}: {exc}"))
            touched.settle()
        return outcomes

    def _import(self, doc: SourceDoc, touched: TouchedTours) -> Outcome:
        digest = content_hash(doc.text)
        if Article.objects.filter(content_hash=digest).exists():
            return Outcome.UNCHANGED
        started = time.perf_counter()
        facts = extract(doc.text, self.gazetteer, published=doc.published, title=doc.title)
        self.extract_seconds += time.perf_counter() - started
        article = Article(
            file_name=doc.file_name[:255],
            url=doc.url,
            outlet=doc.outlet or credited_outlet(doc.text),
            title=facts.title[:500],
            published=facts.published,
            language=facts.language,
            raw_text=doc.text,
            clean_text=facts.text,
            content_hash=digest,
            is_tour=facts.is_tour,
            facts=facts.to_json(),
        )
        outcome = Outcome.NOT_TOUR
        if facts.is_tour:
            resolved = self._resolve(facts)
            article.facts["resolved"] = resolved
            visit = find_tour(resolved, facts)
            outcome = Outcome.MERGED if visit else Outcome.IMPORTED
            if visit is None:
                visit = Visit(title=facts.title[:300] or "Untitled tour")
                save_without_history(visit)
                touched.created(visit)
            article.visit = visit
        try:
            article.save()
        except IntegrityError as error:
            # The text's hash is the article's only unique field: a run that holds no import
            # lock stored it meanwhile. The document's savepoint undoes the rest.
            if "content_hash" in str(error):
                raise AlreadyImported from error
            raise
        _save_evidence(article, facts)
        if article.visit:
            # Locked and read afresh: an editor's save that committed meanwhile is seen (its
            # curated fields kept), and one still under way waits for this batch.
            visit = Visit.objects.select_for_update().get(pk=article.visit.pk)
            refresh_visit(visit, deferred=True)
            touched.changed(visit)
        return outcome

    def apply_facts(self, article: Article, facts: ArticleFacts) -> dict | None:
        """Give a saved article what extraction found, replacing what it had: its facts, their
        evidence and, for a tour, the ids of the records they name (returned). Saving the
        article's fields is left to the caller."""
        article.clean_text = facts.text
        article.language = facts.language
        article.is_tour = facts.is_tour
        article.facts = facts.to_json()
        article.evidence.all().delete()
        _save_evidence(article, facts)
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


class AlreadyImported(Exception):
    """The text was stored by a concurrent import while this one was reading it."""


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

    Records an import creates are remembered too; if the savepoint that created them rolls
    back, they are forgotten again (`forget_unsaved`).
    """

    def __init__(self) -> None:
        self._places: dict[type, dict[str, int]] = {}
        self._officials: dict[str, int] | None = None
        self._enterprises: dict[str, tuple[int, str, list[str]]] | None = None
        self._document: list[tuple[dict, str]] = []

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
            self._remember(self._officials, name, official.pk)
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
        key = known_key or enterprise_key(name)
        if key in self._enterprises:
            pk, canonical, aliases = self._enterprises[key]
            if name != canonical and name not in aliases:
                aliases.append(name)
                _add_alias(pk, name)
            return pk
        enterprise = _new_enterprise(name, key, facts)
        self._remember(self._enterprises, key, (enterprise.pk, enterprise.name, []))
        gazetteer.add_enterprise(
            EnterpriseEntry(enterprise.key, enterprise.name, (enterprise.name,))
        )
        return enterprise.pk

    def _remember(self, table: dict, key: str, value) -> None:
        table[key] = value
        self._document.append((table, key))

    def begin_document(self) -> None:
        self._document.clear()

    def forget_document(self) -> None:
        """Forget the records the current document made: its savepoint rolled back."""
        for table, key in self._document:
            table.pop(key, None)
        self._document.clear()


def _add_alias(pk: int, name: str) -> None:
    """Add a spelling to an enterprise's aliases, read afresh under lock: the cached list may
    be older than an editor's or another import's change to them, which writing it back
    would undo."""
    current = Enterprise.objects.select_for_update().filter(pk=pk).first()
    if current is not None and name not in current.aliases:
        Enterprise.objects.filter(pk=pk).update(aliases=[*current.aliases, name])


def _new_enterprise(name: str, key: str, facts: ArticleFacts) -> Enterprise:
    city = City.objects.filter(code=facts.cities[0].key).first() if len(facts.cities) == 1 else None
    province = (
        city.province
        if city
        else (
            Province.objects.filter(code=facts.provinces[0].key).first()
            if len(facts.provinces) == 1
            else None
        )
    )
    enterprise, _ = Enterprise.objects.get_or_create(
        key=key,
        defaults={"name": name, "slug": _unique_slug(name), "city": city, "province": province},
    )
    return enterprise


class TouchedTours:
    """The tours a batch created or changed, to record in history and the search index once."""

    def __init__(self) -> None:
        self._changed: set[int] = set()
        self._new: set[int] = set()
        self._document: set[int] = set()

    def begin_document(self) -> None:
        self._document.clear()

    def created(self, visit: Visit) -> None:
        self._new.add(visit.pk)
        self.changed(visit)

    def changed(self, visit: Visit) -> None:
        if visit.pk not in self._changed:
            self._document.add(visit.pk)
            self._changed.add(visit.pk)

    def forget_document(self) -> None:
        """Forget the tours only the current document touched: its savepoint rolled back."""
        self._changed -= self._document
        self._new -= self._document
        self._document.clear()

    def settle(self) -> None:
        """One history row and one search entry for each tour, as the batch left it."""
        for visit in Visit.objects.filter(pk__in=self._changed).order_by("pk"):
            VISIT_HISTORY.create_historical_record(visit, "+" if visit.pk in self._new else "~")
        index_visits(self._changed)
        self._changed.clear()
        self._new.clear()


def save_without_history(visit: Visit) -> None:
    visit.skip_history_when_saving = True
    try:
        visit.save()
    finally:
        del visit.skip_history_when_saving


def _ids_in_order(model, field_name: str, keys: list[str]) -> list[int]:
    found = dict(model.objects.filter(**{f"{field_name}__in": keys}).values_list(field_name, "pk"))
    return [found[k] for k in keys if k in found]


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "enterprise"
    slug, n = base, 1
    while Enterprise.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_evidence(article: Article, facts: ArticleFacts) -> None:
    rows = []
    for field_name in Visit.RELATIONS:
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
    Evidence.objects.bulk_create(rows)


def _window(
    start: dt.date | None, end: dt.date | None, published: list[dt.date]
) -> tuple[dt.date, dt.date] | None:
    if start:
        return start, end or start + dt.timedelta(days=REPORT_LAG_DAYS)
    if published:
        return min(published) - dt.timedelta(days=REPORT_LAG_DAYS), max(published)
    return None


def find_tour(resolved: dict, facts: ArticleFacts) -> Visit | None:
    """The tour this report belongs to: same leader, same province, overlapping dates."""
    if not resolved["officials"]:
        return None
    # Only what the comparison below reads of the sources: not their texts.
    sources = Prefetch("sources", Article.objects.only("id", "visit_id", "published", "facts"))
    candidates = Visit.objects.filter(officials__in=resolved["officials"])
    if resolved["provinces"]:
        # The province test below, narrowed in the database first: a tour in one of these
        # provinces, in none yet, or one whose provinces an editor set (its sources may
        # still name these).
        candidates = candidates.filter(
            Q(provinces__in=resolved["provinces"])
            | Q(provinces__isnull=True)
            | Q(curated_fields__icontains='"provinces"')
        )
    candidates = candidates.distinct().prefetch_related(
        "provinces", "cities", "enterprises", sources
    )
    window = _window(facts.start_date, facts.end_date, [facts.published] if facts.published else [])
    if window:
        low, high = window[0] - dt.timedelta(days=40), window[1] + dt.timedelta(days=40)
        candidates = candidates.exclude(start_date__gt=high).exclude(start_date__lt=low)
    strong, weak = [], []
    for visit in candidates:
        # What the sources said counts as well as what an editor set: a corrected
        # province must not keep the next report of the same tour apart.
        provinces = {p.pk for p in visit.provinces.all()} | {
            pk
            for s in visit.sources.all()
            for pk in s.facts.get("resolved", {}).get("provinces", [])
        }
        if provinces and resolved["provinces"] and not provinces & set(resolved["provinces"]):
            continue
        published = [s.published for s in visit.sources.all() if s.published]
        other = _window(visit.start_date, visit.end_date, published)
        shared = len({c.pk for c in visit.cities.all()} & set(resolved["cities"])) + len(
            {e.pk for e in visit.enterprises.all()} & set(resolved["enterprises"])
        )
        if window and other:
            if window[0] <= other[1] + dt.timedelta(days=1) and other[0] <= window[
                1
            ] + dt.timedelta(days=1):
                strong.append((shared, visit))
        else:
            weak.append((shared, visit))
    for group in (strong, weak):
        if not group:
            continue
        group.sort(key=lambda item: -item[0])
        if len(group) == 1 or group[0][0] > group[1][0]:
            return group[0][1]
        if group is strong:
            return group[0][1]
        return None  # several undated tours fit equally: keep this one apart for review
    return None


def refresh_visit(visit: Visit, *, deferred: bool = False) -> None:
    """Recompute a tour's fields from all its sources, leaving curated fields alone.

    `deferred` leaves its history row and search entry to the end of the import's batch.
    """
    # Atomic, but without a savepoint of its own: inside an import, the document has one.
    with transaction.atomic(savepoint=False):
        _refresh(visit, deferred)


def _refresh(visit: Visit, deferred: bool) -> None:
    sources = tour_sources(visit)
    union: dict[str, list[int]] = {}
    for name in ("officials", "accompanying", "provinces", "cities", "themes"):
        union[name] = list(dict.fromkeys(pk for s in sources for pk in s.facts["resolved"][name]))
    union["accompanying"] = [pk for pk in union["accompanying"] if pk not in union["officials"]]
    union["enterprises"] = _distinct_enterprises(sources)
    union["themes"] = _strongest_themes(sources)
    _set_relations(visit, {n: pks for n, pks in union.items() if not visit.is_curated(n)})

    starts = [
        dt.date.fromisoformat(s.facts["start_date"]) for s in sources if s.facts.get("start_date")
    ]
    ends = [dt.date.fromisoformat(s.facts["end_date"]) for s in sources if s.facts.get("end_date")]
    if not visit.is_curated("start_date"):
        visit.start_date = min(starts) if starts else None
    if not visit.is_curated("end_date"):
        visit.end_date = max(ends) if ends else None
    if visit.start_date and visit.end_date and visit.end_date < visit.start_date:
        # Sources disagree with an editor's date: the curated one stands, the other yields.
        if visit.is_curated("end_date") and not visit.is_curated("start_date"):
            visit.start_date = visit.end_date
        elif not visit.is_curated("end_date"):
            visit.end_date = visit.start_date
    officials = list(Official.objects.filter(visits=visit))
    provinces = list(Province.objects.filter(visits=visit))
    if not visit.is_curated("title"):
        visit.title = tour_title(visit, officials, provinces)
    if not visit.is_curated("summary") and sources:
        visit.summary = sources[0].facts.get("summary", "") or _lede(sources[0])
    visit.doubts = review_doubts(visit, sources, officials, provinces)
    if deferred:
        save_without_history(visit)
    else:
        visit.save()
        index_visit(visit)


def _set_relations(visit: Visit, wanted: dict[str, list[int]]) -> None:
    """Give the tour these related ids, writing only the rows that change.

    Written to the join tables directly: one query reads all six relations, and history is
    recorded for the whole tour at once, not per relation.
    """
    current = _current_relations(visit)
    for name, pks in wanted.items():
        field = Visit._meta.get_field(name)
        through, target = field.remote_field.through, field.m2m_reverse_field_name()
        source = field.m2m_field_name()
        now, then = set(pks), current[name]
        if now - then:
            through.objects.bulk_create(
                [through(**{f"{source}_id": visit.pk, f"{target}_id": pk}) for pk in now - then],
                ignore_conflicts=True,
            )
        if then - now:
            through.objects.filter(
                **{f"{source}_id": visit.pk, f"{target}_id__in": then - now}
            ).delete()
    # Relations read before this (prefetched) are stale now.
    getattr(visit, "_prefetched_objects_cache", {}).clear()


def _current_relations(visit: Visit) -> dict[str, set[int]]:
    quote = connection.ops.quote_name
    selects = []
    for name in Visit.RELATIONS:
        field = Visit._meta.get_field(name)
        selects.append(
            f"SELECT '{name}', {quote(field.m2m_reverse_name())} "
            f"FROM {quote(field.m2m_db_table())} WHERE {quote(field.m2m_column_name())} = %s"
        )
    current: dict[str, set[int]] = {name: set() for name in Visit.RELATIONS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), [visit.pk] * len(selects))
        for name, pk in cursor.fetchall():
            current[name].add(pk)
    return current


def tour_sources(visit: Visit) -> list[Article]:
    """The sources a tour's fields are computed from, earliest published first."""
    # Queried afresh: the visit may come with sources prefetched before this import.
    # The texts are read only for the one source a summary may need.
    sources = [
        s
        for s in Article.objects.filter(visit=visit).defer("raw_text", "clean_text")
        if s.is_tour and "resolved" in s.facts
    ]
    sources.sort(key=lambda s: (s.published or dt.date.max, s.pk))
    return sources


def review_doubts(
    visit: Visit, sources: list[Article], officials: list[Official], provinces: list[Province]
) -> list[str]:
    """Why a reviewer should look twice at this tour; empty when extraction was sure."""
    doubts = []
    if visit.start_date is None:
        doubts.append("no date found")
    if not officials:
        doubts.append("no official found")
    for name in dict.fromkeys(
        n for s in sources for n in s.facts["resolved"].get("first_seen_enterprises", [])
    ):
        doubts.append(f"enterprise seen for the first time: {name}")
    # One query per kind of place, not one per place: those no other tour went to. An
    # index lookup per place, however many tours the archive holds.
    for model, relation in ((Province, "provinces"), (City, "cities")):
        through = Visit._meta.get_field(relation).remote_field.through
        target = Visit._meta.get_field(relation).m2m_reverse_field_name()
        elsewhere = through.objects.filter(**{target: OuterRef("pk")}).exclude(visit=visit)
        first = (
            model.objects.filter(visits=visit)
            .exclude(Exists(elsewhere))
            .values_list("name", flat=True)
        )
        doubts.extend(f"place seen for the first time: {name}" for name in first)
    others = (
        Visit.objects.public()
        .exclude(pk=visit.pk)
        .filter(officials__in=officials, provinces__in=provinces)
        .distinct()
    )
    if visit.start_date:
        window = dt.timedelta(days=REPORT_LAG_DAYS)
        others = others.filter(
            start_date__gte=visit.start_date - window,
            start_date__lte=(visit.end_date or visit.start_date) + window,
        )
    for other in others.only("pk")[:3]:
        doubts.append(f"possible duplicate of tour #{other.pk}")
    return doubts


def _distinct_enterprises(sources: list[Article]) -> list[int]:
    ids = list(dict.fromkeys(pk for s in sources for pk in s.facts["resolved"]["enterprises"]))
    names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
    kept = merge_spellings(
        [EnterpriseFound(names[pk], i, str(pk)) for i, pk in enumerate(ids) if pk in names]
    )
    return [int(e.known_key) for e in kept]


def _strongest_themes(sources: list[Article]) -> list[int]:
    votes: Counter[int] = Counter()
    for source in sources:
        themes = source.facts["resolved"]["themes"]
        for rank, pk in enumerate(themes):
            votes[pk] += MAX_THEMES - rank
    return [pk for pk, _ in votes.most_common(MAX_THEMES)]


# "CHONGQING, Sept. 3 (Xinhua) -- ": where and when a wire report was filed, not its news.
DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Za-z .,'’]{2,40}?\d{1,2}\s*\([^)]{2,30}\)\s*(?:--|[-–—:])\s*"
)


def _lede(article: Article) -> str:
    """The report's first real sentence, as a tour's summary."""
    for sentence in split_sentences(article.clean_text)[:6]:
        if len(sentence.text.split()) >= 12 and "(Xinhua/" not in sentence.text:
            return DATELINE_PREFIX.sub("", sentence.text)
    return article.title


def tour_title(visit: Visit, officials: list[Official], provinces: list[Province]) -> str:
    leaders = " and ".join(o.name for o in officials) or "Unknown leader"
    places = ", ".join(p.name for p in provinces) or "China"
    when = ""
    if visit.start_date:
        when = f", {visit.start_date:%B %Y}".replace(" 0", " ")
    return f"{leaders} in {places}{when}"[:300]
