"""The one place where extracted facts become records: articles, tours and their evidence.

Importing is idempotent (an article is known by the hash of its text), several
reports of one tour become one Visit, and fields an editor has curated are left
as they are: facts from new sources for them only show up as evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.text import slugify

from .extraction import ArticleFacts, Gazetteer, extract
from .extraction.enterprises import EnterpriseFound, enterprise_key, merge_spellings
from .extraction.gazetteer import EnterpriseEntry
from .extraction.text import credited_outlet, split_sentences
from .gazetteers import build_gazetteer
from .models import Article, City, Enterprise, Evidence, Official, Province, Theme, Visit
from .readers import Failure, SourceDoc, iter_files, read
from .search import index_visit

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
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or build_gazetteer()
        self.max_bytes = settings.IMPORT_MAX_BYTES

    def import_paths(
        self, paths: Iterable[str], on_file: Callable[[str, Outcome | Failure], None] | None = None
    ) -> ImportReport:
        """Import every file under the paths; each bad file fails alone."""
        report = ImportReport()
        for item in iter_files(list(paths)):
            results = [item] if isinstance(item, Failure) else read(item, self.max_bytes)
            for result in results:
                if isinstance(result, Failure):
                    report.fail(result)
                    outcome: Outcome | Failure = result
                else:
                    try:
                        outcome = self.import_document(result)
                        report.add(outcome)
                    except Exception as exc:  # one bad document must not stop the batch
                        outcome = Failure(result.file_name, f"{type(exc).__name__}: {exc}")
                        report.fail(outcome)
                if on_file:
                    on_file(getattr(result, "file_name", ""), outcome)
        return report

    def import_document(self, doc: SourceDoc) -> Outcome:
        digest = content_hash(doc.text)
        if Article.objects.filter(content_hash=digest).exists():
            return Outcome.UNCHANGED
        facts = extract(doc.text, self.gazetteer, published=doc.published, title=doc.title)
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    file_name=doc.file_name,
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
                resolved = self.apply_facts(article, facts)
                if resolved is None:
                    return Outcome.NOT_TOUR
                visit = find_tour(resolved, facts)
                outcome = Outcome.MERGED if visit else Outcome.IMPORTED
                if visit is None:
                    visit = Visit.objects.create(title=facts.title[:300] or "Untitled tour")
                article.visit = visit
                article.save(update_fields=["facts", "visit"])
                refresh_visit(visit)
                return outcome
        except IntegrityError:
            # Imported meanwhile by a concurrent run: same text, nothing to do.
            if Article.objects.filter(content_hash=digest).exists():
                return Outcome.UNCHANGED
            raise

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
        officials = [self._official(f.value).pk for f in facts.officials]
        accompanying = [self._official(f.value).pk for f in facts.accompanying if f.value]
        provinces = _ids_in_order(Province, "code", [f.key for f in facts.provinces])
        cities = _ids_in_order(City, "code", [f.key for f in facts.cities])
        themes = _ids_in_order(Theme, "slug", [f.key for f in facts.themes])
        enterprises = [self._enterprise(f.value, f.key, facts).pk for f in facts.enterprises]
        new = [f.value for f in facts.enterprises if not f.key]
        return {
            "officials": officials,
            "accompanying": [pk for pk in accompanying if pk not in officials],
            "provinces": provinces,
            "cities": cities,
            "enterprises": list(dict.fromkeys(enterprises)),
            "themes": themes,
            "first_seen_enterprises": new,
        }

    def _official(self, name: str) -> Official:
        official = Official.objects.filter(name=name).first()
        if official is None:
            official = next(
                (o for o in Official.objects.filter(aliases__icontains=name) if name in o.aliases),
                None,
            )
        return official or Official.objects.create(name=name)

    def _enterprise(self, name: str, known_key: str, facts: ArticleFacts) -> Enterprise:
        """The enterprise a name refers to; a company met for the first time is created."""
        key = known_key or enterprise_key(name)
        enterprise = Enterprise.objects.filter(key=key).first()
        if enterprise:
            if name != enterprise.name and name not in enterprise.aliases:
                enterprise.aliases = [*enterprise.aliases, name]
                enterprise.save(update_fields=["aliases"])
            return enterprise
        city = (
            City.objects.filter(code=facts.cities[0].key).first()
            if len(facts.cities) == 1
            else None
        )
        province = (
            city.province
            if city
            else (
                Province.objects.filter(code=facts.provinces[0].key).first()
                if len(facts.provinces) == 1
                else None
            )
        )
        enterprise = Enterprise.objects.create(
            name=name, key=key, slug=_unique_slug(name), city=city, province=province
        )
        self.gazetteer.add_enterprise(
            EnterpriseEntry(enterprise.key, enterprise.name, (enterprise.name,))
        )
        return enterprise


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
    candidates = (
        Visit.objects.filter(officials__in=resolved["officials"])
        .distinct()
        .prefetch_related("provinces", "cities", "enterprises", "sources")
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


def refresh_visit(visit: Visit) -> None:
    """Recompute a tour's fields from all its sources, leaving curated fields alone."""
    sources = tour_sources(visit)
    union: dict[str, list[int]] = {}
    for name in ("officials", "accompanying", "provinces", "cities", "themes"):
        union[name] = list(dict.fromkeys(pk for s in sources for pk in s.facts["resolved"][name]))
    union["accompanying"] = [pk for pk in union["accompanying"] if pk not in union["officials"]]
    union["enterprises"] = _distinct_enterprises(sources)
    union["themes"] = _strongest_themes(sources)

    # One history record for the whole refresh (the save below), not one per relation.
    visit.skip_history_when_saving = True
    try:
        for name, pks in union.items():
            if not visit.is_curated(name):
                getattr(visit, name).set(pks)
    finally:
        del visit.skip_history_when_saving
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
    if not visit.is_curated("title"):
        visit.title = tour_title(visit)
    if not visit.is_curated("summary") and sources:
        visit.summary = sources[0].facts.get("summary", "") or _lede(sources[0])
    visit.doubts = review_doubts(visit, sources)
    visit.save()
    index_visit(visit)


def tour_sources(visit: Visit) -> list[Article]:
    """The sources a tour's fields are computed from, earliest published first."""
    # Queried afresh: the visit may come with sources prefetched before this import.
    sources = [
        s for s in Article.objects.filter(visit=visit) if s.is_tour and "resolved" in s.facts
    ]
    sources.sort(key=lambda s: (s.published or dt.date.max, s.pk))
    return sources


def review_doubts(visit: Visit, sources: list[Article]) -> list[str]:
    """Why a reviewer should look twice at this tour; empty when extraction was sure."""
    doubts = []
    if visit.start_date is None:
        doubts.append("no date found")
    officials = list(visit.officials.all())
    if not officials:
        doubts.append("no official found")
    for name in dict.fromkeys(
        n for s in sources for n in s.facts["resolved"].get("first_seen_enterprises", [])
    ):
        doubts.append(f"enterprise seen for the first time: {name}")
    # One query per kind of place, not one per place: those no other tour went to.
    for model, places in ((Province, visit.provinces), (City, visit.cities)):
        first = (
            model.objects.filter(pk__in=places.values("pk"))
            .annotate(tours=Count("visits"))
            .filter(tours=1)
            .values_list("name", flat=True)
        )
        doubts.extend(f"place seen for the first time: {name}" for name in first)
    others = (
        Visit.objects.public()
        .exclude(pk=visit.pk)
        .filter(officials__in=officials, provinces__in=visit.provinces.all())
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


def tour_title(visit: Visit) -> str:
    leaders = " and ".join(o.name for o in visit.officials.all()) or "Unknown leader"
    places = ", ".join(p.name for p in visit.provinces.all()) or "China"
    when = ""
    if visit.start_date:
        when = f", {visit.start_date:%B %Y}".replace(" 0", " ")
    return f"{leaders} in {places}{when}"[:300]
