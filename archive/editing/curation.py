"""What editors do to records beyond one form: merge duplicates, split a tour, re-extract.

Plain functions, each one transaction, each returning what it did; the admin's actions
(archive/admin_curation.py) only ask which records and confirm. Records are saved one by one
through the ORM so that django-simple-history keeps who changed what, and a tour gets one
history record per operation rather than one per relation touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q

from archive.changes import tours_changed, tours_deleted
from archive.ingest.extraction import ArticleFacts, Gazetteer, extract
from archive.ingest.gazetteers import build_gazetteer
from archive.ingest.importer import Importer
from archive.ingest.sql import take_import_lock
from archive.ingest.tour_store import find_tour, refresh_visit
from archive.models import Article, Enterprise, Official, Post, Theme, Visit

NO_SOURCES_LEFT = "no sources left"


class CurationError(ValueError):
    """An operation that cannot be done as asked; the message tells the editor why."""


@dataclass
class RecordMerge:
    """Enterprises or officials folded into one."""

    survivor: Enterprise | Official
    merged: list[str]  # names of the records deleted
    visits: list[int]  # tours whose relations moved to the survivor
    aliases_added: list[str]
    posts_moved: int = 0

    def __str__(self) -> str:
        moved = f", {self.posts_moved} post(s)" if self.posts_moved else ""
        return (
            f"Merged {', '.join(self.merged)} into {self.survivor}: "
            f"{len(self.visits)} tour(s){moved} moved, {len(self.aliases_added)} alias(es) added."
        )


@dataclass
class VisitMerge:
    survivor: Visit
    deleted: list[int]
    sources_moved: int
    curated_carried: list[str]

    def __str__(self) -> str:
        carried = ", ".join(self.curated_carried) or "none"
        return (
            f"Merged tour(s) {', '.join(f'#{pk}' for pk in self.deleted)} into #{self.survivor.pk}: "
            f"{self.sources_moved} source(s) moved, curated fields carried over: {carried}."
        )


@dataclass
class Split:
    original: Visit
    new: Visit
    moved: list[int]  # article ids

    def __str__(self) -> str:
        return (
            f"Moved {len(self.moved)} source(s) of tour #{self.original.pk} "
            f"to the new tour #{self.new.pk}."
        )


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Reextraction:
    """One article's fresh extraction, compared with what it has; `outcome` once applied."""

    article: Article
    facts: ArticleFacts
    changes: list[Change]
    same: bool  # the facts are exactly those stored: nothing to apply
    effect: str = ""  # what applying does to the article's tour
    outcome: str = ""


# Merging enterprises and officials


@transaction.atomic
def merge_enterprises(survivor: Enterprise, others: Iterable[Enterprise]) -> RecordMerge:
    """Fold duplicate enterprises into `survivor` and delete them.

    Their tours point at the survivor, their names and aliases become its aliases (so the
    next import and re-extraction find it by any of them), and blank details of the
    survivor (Chinese name, industry, and its place when it has none) are filled from
    them. Articles' resolved ids are rewritten, so a later recomputation keeps the merge.
    """
    take_import_lock()  # see _fresh
    survivor, losers = _fresh(Enterprise, survivor, others)
    visits = list(Visit.objects.filter(enterprises__in=losers).distinct())
    for visit in visits:
        with _one_history_record(visit):
            _swap(visit, "enterprises", losers, survivor)
    added = _absorb_names(survivor, losers)
    survivor.industry = survivor.industry or next((x.industry for x in losers if x.industry), "")
    if survivor.province_id is None and survivor.city_id is None:
        placed = next((x for x in losers if x.province_id or x.city_id), None)
        if placed:
            survivor.province_id, survivor.city_id = placed.province_id, placed.city_id
    survivor._change_reason = f"merged {_names(losers)} into it"
    survivor.save()
    _rewrite_resolved(("enterprises",), losers, survivor)
    _delete(losers, f"merged into enterprise #{survivor.pk}")
    _recompute_all(visits, also=Visit.objects.filter(enterprises=survivor))
    return RecordMerge(survivor, _names_list(losers), [v.pk for v in visits], added)


@transaction.atomic
def merge_officials(survivor: Official, others: Iterable[Official]) -> RecordMerge:
    """Fold duplicate officials into `survivor` and delete them.

    Tours they led or accompanied and their posts move to the survivor (a post the survivor
    already has, same rank, title, dates and province, is not duplicated); their names,
    aliases and Chinese names become its aliases, and the first Chinese name found fills
    the survivor's when it has none. Articles' resolved ids are rewritten as for enterprises.
    """
    take_import_lock()  # see _fresh
    survivor, losers = _fresh(Official, survivor, others)
    visits = list(
        Visit.objects.filter(Q(officials__in=losers) | Q(accompanying__in=losers)).distinct()
    )
    for visit in visits:
        with _one_history_record(visit):
            _swap(visit, "officials", losers, survivor)
            _swap(visit, "accompanying", losers, survivor)
            if visit.officials.filter(pk=survivor.pk).exists():
                visit.accompanying.remove(survivor)  # the leader, not in their own retinue
    held = {_post_key(p) for p in survivor.posts.all()}
    moved = 0
    for post in Post.objects.filter(official__in=losers):
        if _post_key(post) in held:
            continue  # goes with its official
        held.add(_post_key(post))
        post.official = survivor
        post._change_reason = f"merged into official #{survivor.pk}"
        post.save()
        moved += 1
    added = _absorb_names(survivor, losers)
    survivor._change_reason = f"merged {_names(losers)} into it"
    survivor.save()
    _rewrite_resolved(("officials", "accompanying"), losers, survivor)
    _delete(losers, f"merged into official #{survivor.pk}")
    # A tour's search text names its leaders with their aliases.
    _recompute_all(visits, also=Visit.objects.filter(officials=survivor))
    return RecordMerge(survivor, _names_list(losers), [v.pk for v in visits], added, moved)


def _post_key(post) -> tuple:
    return (post.rank, post.title, post.start, post.end, post.province_id)


def _fresh(model, survivor, others):
    """The records as stored now, locked, as the concrete model (not an admin proxy).

    A merge takes its turn with imports' batches (the import lock) first: a batch that
    resolved a report to a record being merged away, committing after the merge had
    rewritten the stored reports, would keep the old id in its report and lose the record
    from its tour.
    """
    pks = {o.pk for o in others} - {survivor.pk}
    if not pks:
        raise CurationError("Choose at least one other record to merge into the one kept.")
    rows = {o.pk: o for o in model.objects.select_for_update().filter(pk__in=[survivor.pk, *pks])}
    if survivor.pk not in rows:
        raise CurationError(f"{model._meta.verbose_name} #{survivor.pk} no longer exists.")
    return rows[survivor.pk], sorted((rows[pk] for pk in pks if pk in rows), key=lambda o: o.pk)


def _absorb_names(survivor, losers) -> list[str]:
    if not survivor.name_zh:
        survivor.name_zh = next((x.name_zh for x in losers if x.name_zh), "")
    known = {survivor.name, survivor.name_zh, *survivor.aliases}
    added = []
    for name in (n for x in losers for n in (x.name, *x.aliases, x.name_zh)):
        if name and name not in known:
            known.add(name)
            added.append(name)
    survivor.aliases = [*survivor.aliases, *added]
    return added


def _swap(visit: Visit, relation: str, losers, survivor) -> None:
    related = getattr(visit, relation)
    gone = list(related.filter(pk__in=[x.pk for x in losers]))
    if gone:
        related.remove(*gone)
        related.add(survivor)


def _rewrite_resolved(keys: tuple[str, ...], losers, survivor) -> None:
    """Point the ids articles resolved to the losers at the survivor.

    refresh_visit computes a tour from these ids; left alone, the next recomputation would
    drop the merged record from its tours. Every tour report is read (only the ids): a
    report may sit in a tour whose relation is curated, or in none.
    """
    mapping = {x.pk: survivor.pk for x in losers}
    rows = Article.objects.filter(is_tour=True).values_list("pk", "facts__resolved")
    stale = [
        pk
        for pk, resolved in rows.iterator(chunk_size=500)
        if resolved and any(i in mapping for key in keys for i in resolved.get(key, []))
    ]
    for article in Article.objects.filter(pk__in=stale).only("pk", "facts"):
        resolved = article.facts["resolved"]
        for key in keys:
            resolved[key] = list(dict.fromkeys(mapping.get(i, i) for i in resolved[key]))
        if "accompanying" in keys:
            resolved["accompanying"] = [
                i for i in resolved["accompanying"] if i not in resolved["officials"]
            ]
        # Facts are not part of an article's history; its tour and fields are unchanged.
        Article.objects.filter(pk=article.pk).update(facts=article.facts)


def _delete(records, reason: str) -> None:
    for record in records:
        record._change_reason = reason
        record.delete()


def _names(records) -> str:
    return ", ".join(_names_list(records))


def _names_list(records) -> list[str]:
    return [f"{r} (#{r.pk})" for r in records]


# Renaming


def keep_old_name(record: Enterprise | Official, old_name: str) -> None:
    """An enterprise or official an editor renames keeps the name it had as an alias, so
    that the next import finds it by the old name too (and the reports that named it so
    stay found by it); the editor can drop the alias afterwards."""
    if old_name and old_name != record.name and old_name not in record.aliases:
        record.aliases = [*record.aliases, old_name]


def names_changed(record: Enterprise | Official) -> None:
    """A company's or official's names changed: their tours' search entries name them anew."""
    tours = (
        Visit.objects.filter(enterprises=record)
        if isinstance(record, Enterprise)
        else (Visit.objects.filter(Q(officials=record) | Q(accompanying=record)))
    )
    tours_changed(list(tours.values_list("pk", flat=True).distinct()))


# Merging and splitting tours


@transaction.atomic
def merge_visits(survivor: Visit, others: Iterable[Visit]) -> VisitMerge:
    """Make one tour of several reports of it: `survivor` takes every source, the others go.

    Curated fields: the survivor's own stay as they are. A field the survivor has not
    curated but another tour has (an editor-corrected province, a fixed date) is carried
    over and marked curated on the survivor, since an editor's word beats extraction. When
    several of the others curated the same field, relations are joined (the tour went to
    every province an editor gave), the earliest start and latest end date are kept, and a
    title or summary comes from the oldest record. A carried date that would put a curated
    start after a curated end is not carried. The survivor keeps its review status. Then it is
    recomputed from all its sources with refresh_visit, which leaves curated fields alone.
    """
    survivor, losers = _fresh(Visit, survivor, others)
    sources = list(Article.objects.filter(visit__in=losers))
    for article in sources:
        article._change_reason = f"tour #{article.visit_id} merged into #{survivor.pk}"
        article.visit = survivor
        article.save(update_fields=["visit"])
    carried = _carry_curated(survivor, losers)
    deleted = [v.pk for v in losers]
    _delete(losers, f"merged into tour #{survivor.pk}")
    tours_deleted(deleted)
    survivor._change_reason = f"merged tour(s) {', '.join(f'#{pk}' for pk in deleted)} into it"
    _recompute(survivor)
    _forget_duplicates(deleted)
    return VisitMerge(survivor, deleted, len(sources), carried)


def _carry_curated(survivor: Visit, losers: list[Visit]) -> list[str]:
    carried = []
    dates = (survivor.start_date, survivor.end_date)
    with _one_history_record(survivor):
        for name in Visit.CURATABLE:
            donors = [v for v in losers if v.is_curated(name)]
            if survivor.is_curated(name) or not donors:
                continue
            if name in Visit.RELATIONS:
                getattr(survivor, name).set(
                    {pk for v in donors for pk in getattr(v, name).values_list("pk", flat=True)}
                )
            elif name in ("start_date", "end_date"):
                values = [getattr(v, name) for v in donors if getattr(v, name)]
                pick = min if name == "start_date" else max
                setattr(survivor, name, pick(values) if values else None)
            else:
                setattr(survivor, name, getattr(donors[0], name))
            survivor.mark_curated(name)
            carried.append(name)
    dropped = {"start_date", "end_date"} & set(carried)
    start, end = survivor.start_date, survivor.end_date
    fixed = survivor.is_curated("start_date") and survivor.is_curated("end_date")
    if dropped and fixed and start and end and start > end:
        # One editor's start after another's end: the dates carried give way to the
        # survivor's. (With only one date curated, refresh_visit fits the other to it.)
        survivor.start_date, survivor.end_date = dates
        survivor.curated_fields = [n for n in survivor.curated_fields if n not in dropped]
        carried = [n for n in carried if n not in dropped]
    return carried


@transaction.atomic
def split_visit(visit: Visit, articles: Iterable[Article]) -> Split:
    """Move some of a tour's sources to a new, unreviewed tour; recompute both.

    The original keeps its curated fields; the new tour has none, so all of it comes from
    the sources it took.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    sources = {a.pk: a for a in Article.objects.filter(visit=visit)}
    chosen = {a.pk for a in articles}
    if not chosen:
        raise CurationError("Choose at least one source for the new tour.")
    if chosen - set(sources):
        raise CurationError(f"Only sources of tour #{visit.pk} can be split off.")
    if chosen == set(sources):
        raise CurationError("Leave at least one source on the tour.")
    first = sources[min(chosen)]
    new = Visit.objects.create(title=first.title[:300] or "Untitled tour")
    for pk in sorted(chosen):
        article = sources[pk]
        article.visit = new
        article._change_reason = f"split from tour #{visit.pk}"
        article.save(update_fields=["visit"])
    visit._change_reason = f"sources split off to tour #{new.pk}"
    new._change_reason = f"split from tour #{visit.pk}"
    _recompute(visit)
    _recompute(new)
    return Split(visit, new, sorted(chosen))


def _recompute(visit: Visit) -> None:
    """refresh_visit, except for a tour with no report to compute it from (one made by hand)."""
    if Article.objects.filter(visit=visit, is_tour=True).exists():
        refresh_visit(visit)
    else:
        visit.save()
        tours_changed([visit.pk])


def _recompute_all(visits: list[Visit], also: models.QuerySet[Visit]) -> None:
    """Recompute the tours whose relations moved; re-index the survivor's other tours."""
    for visit in visits:
        visit._change_reason = "merged records"
        _recompute(visit)
    for visit in also.exclude(pk__in=[v.pk for v in visits]).distinct():
        tours_changed([visit.pk])


def _forget_duplicates(deleted: list[int]) -> None:
    """Drop other tours' doubts that name a tour that is gone."""
    gone = {f"possible duplicate of tour #{pk}" for pk in deleted}
    for visit in Visit.objects.filter(doubts__icontains="possible duplicate of tour #"):
        if gone & set(visit.doubts):
            visit.doubts = [d for d in visit.doubts if d not in gone]
            visit.save(update_fields=["doubts", "updated_at"])


@contextmanager
def _one_history_record(visit: Visit):
    """Relation changes without a history record each: the visit's next save records them."""
    visit.skip_history_when_saving = True
    try:
        yield
    finally:
        del visit.skip_history_when_saving


# Re-running extraction


def preview_reextraction(
    articles: Iterable[Article], gazetteer: Gazetteer | None = None
) -> list[Reextraction]:
    """What extraction with the current gazetteers would change in each article; writes nothing."""
    gazetteer = gazetteer or build_gazetteer()
    themes = dict(Theme.objects.values_list("slug", "name"))
    return [_reextracted(article, gazetteer, themes) for article in articles]


@transaction.atomic
def reextract(
    articles: Iterable[Article], gazetteer: Gazetteer | None = None
) -> list[Reextraction]:
    """Re-run extraction on articles and apply it.

    An article's facts, evidence and resolved ids are replaced and its tour recomputed with
    refresh_visit (curated fields stay). An article that is no longer a tour report leaves
    its tour; a tour left without reports stays for an editor to reject or delete, with the
    doubt "no sources left". An article that becomes a tour report joins the tour find_tour
    gives, or a new one. Articles whose facts come out exactly as stored are left alone.

    It takes its turn with imports' batches (the import lock), as a batch does: it makes
    tours and companies as they do.
    """
    take_import_lock()
    importer = Importer(gazetteer or build_gazetteer())
    themes = dict(Theme.objects.values_list("slug", "name"))
    stale: dict[int, None] = {}  # tours to recompute once at the end, in order
    results = []
    for article in articles:
        article = Article.objects.select_for_update().get(pk=article.pk)
        result = _reextracted(article, importer.gazetteer, themes)
        results.append(result)
        if result.same:
            result.outcome = "unchanged"
            continue
        facts, before, was_tour = result.facts, article.visit_id, article.is_tour
        resolved = importer.apply_facts(article, facts)
        article.published = article.published or facts.published
        article._change_reason = "extraction re-run"
        placed = None
        if resolved is None and was_tour and before:
            article.visit = None
            stale[before] = None
            result.outcome = f"no longer a tour report: left tour #{before}"
        elif resolved is not None and before is None:
            placed = find_tour(resolved, facts)
            result.outcome = f"joined tour #{placed.pk}" if placed else ""
            if placed is None:
                placed = Visit.objects.create(title=facts.title[:300] or "Untitled tour")
                result.outcome = f"became the new tour #{placed.pk}"
            article.visit = placed
        elif before:
            stale[before] = None
            result.outcome = f"updated; tour #{before} recomputed"
        else:
            result.outcome = "updated"
        article.save()
        if placed:
            # Now, as an import would, so that the next article can find this tour.
            refresh_visit(placed)
            stale.pop(placed.pk, None)
    for visit in Visit.objects.filter(pk__in=list(stale)):
        visit._change_reason = "extraction re-run on its sources"
        if Article.objects.filter(visit=visit, is_tour=True).exists():
            refresh_visit(visit)
        else:
            if NO_SOURCES_LEFT not in visit.doubts:
                visit.doubts = [*visit.doubts, NO_SOURCES_LEFT]
            visit.save()
            tours_changed([visit.pk])
    return results


def _reextracted(article: Article, gazetteer: Gazetteer, themes: dict[str, str]) -> Reextraction:
    # The title and date the importer read with the text (a JSON record's, a crawl header's)
    # were stored on the article; passing them back makes the same text give the same facts.
    facts = extract(
        article.raw_text, gazetteer, published=article.published, title=article.title or None
    )
    new = facts.to_json()
    old = article.facts
    same = (
        article.clean_text == facts.text
        and {k: v for k, v in old.items() if k != "resolved"} == new
    )
    changes = [c for c in _compared(old, new, themes) if c.before != c.after]
    effect = ""
    if article.visit_id and old.get("is_tour") and not facts.is_tour:
        effect = f"leaves tour #{article.visit_id}"
    elif facts.is_tour and not article.visit_id:
        effect = "joins the tour it reports, or becomes a new one"
    elif article.visit_id and not same:
        effect = f"tour #{article.visit_id} is recomputed (its curated fields stay)"
    return Reextraction(article, facts, changes, same, effect)


def _compared(old: dict, new: dict, themes: dict[str, str]) -> list[Change]:
    changes = [
        Change("is a tour", _yes_no(old.get("is_tour")), _yes_no(new["is_tour"])),
        Change("dates", _dates(old), _dates(new)),
    ]
    for name in Visit.RELATIONS:
        before, after = _values(old, name), _values(new, name)
        if name == "themes":
            before, after = [themes.get(v, v) for v in before], [themes.get(v, v) for v in after]
        if set(before) == set(after):
            after = before  # same values in another order: no change
        changes.append(Change(name, "; ".join(before) or "—", "; ".join(after) or "—"))
    return changes


def _values(facts: dict, name: str) -> list[str]:
    return list(dict.fromkeys(f["value"] for f in facts.get(name, [])))


def _dates(facts: dict) -> str:
    start, end = facts.get("start_date"), facts.get("end_date")
    if not start:
        return "—"
    return start if not end or end == start else f"{start} – {end}"


def _yes_no(value) -> str:
    return "yes" if value else "no"
