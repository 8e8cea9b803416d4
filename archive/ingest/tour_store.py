"""Tours read from the database and written back, for the computations of archive.ingest.matching.

The importer gives a batch's reports to a TourBook: it reads (and locks) the tours they may
belong to in a few queries, lets each report find and change its tour in memory, and writes
what changed in bulk, each tour once. Editors' operations recompute one tour the same way
(`refresh_visit`, `find_tour`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import F, IntegerField, Max, Q, Value
from django.utils import timezone

from archive.changes import history_rows, tours_changed
from archive.doubts import LONG_SPAN_DAYS, Secretary, disagreements, named_officials, secretaries
from archive.ingest import sql
from archive.ingest.extraction import ArticleFacts
from archive.ingest.matching import (
    REPORT_LAG_DAYS,
    Report,
    Tour,
    matching_tour,
    summary,
    tour_title,
)
from archive.models import (
    RELATIONS,
    VISIT_HISTORY,
    Article,
    City,
    Doubt,
    Enterprise,
    Official,
    Post,
    Province,
    Visit,
)


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
    def for_reports(cls, sources: list[Report]) -> TourBook:
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

    def place(self, source: Report) -> tuple[Tour, bool]:
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

    def _candidates(self, source: Report) -> list[Tour]:
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
        sql.insert([t.record for t in self.new], with_ids=True)
        for tour in self.new:
            tour.order = tour.record.pk

    def save_changed(self, articles: list[Article]) -> None:
        """Write the tours the batch changed; `articles` are its new sources, at hand."""
        tours = list(self.touched.values())
        if not tours:
            return
        write_relations(tours)
        fill_fields(tours)
        now = timezone.now()
        for tour in tours:
            tour.record.updated_at = now
        write_doubts(tours)
        created = {id(t) for t in self.new}
        _history([t for t in tours if id(t) in created], [t for t in tours if id(t) not in created])
        # Their fields written with their search entries: one new version of each row.
        records = [t.record for t in tours]
        tours_changed(
            [r.pk for r in records],
            at_hand=articles,
            records=records,
            fields=["title", "start_date", "end_date", "summary", "updated_at"],
        )


def undated_candidates(sources: list[Report]) -> list[tuple[Report, tuple[set[int], set[int]]]]:
    """For each report with no date to go by: the ids of every tour it may belong to, and of
    those `matching_tour` needs to read (sharing a city or company with it, in no province
    or provinces an editor set, or the only one).

    A few statements for all of them, whatever their number (one or more per report took
    a tenth of an import's SQL time): the tours of their leaders in their provinces, those
    sharing a city or a company with them, sorted out per report here.
    """
    dateless = [s for s in sources if not s.window()]
    if not dateless:
        return []
    through = {name: Visit._meta.get_field(name).remote_field.through for name in RELATIONS}
    officials = {pk for s in dateless for pk in s.resolved["officials"]}
    # Tours by leader in no province, or in provinces an editor set: few.
    anywhere: dict[int, set[int]] = defaultdict(set)
    rows = through["officials"].objects.filter(
        Q(visit__provinces__isnull=True) | Q(visit__curated_fields__icontains='"provinces"'),
        official_id__in=officials,
    )
    for official, visit in rows.values_list("official_id", "visit_id"):
        anywhere[official].add(visit)
    # Every tour of a leader, for reports in no province; a leader's tours in a province, for
    # the others.
    led: dict[int, set[int]] = defaultdict(set)
    unplaced = {
        pk for s in dateless if not s.resolved["provinces"] for pk in s.resolved["officials"]
    }
    if unplaced:
        rows = through["officials"].objects.filter(official_id__in=unplaced)
        for official, visit in rows.values_list("official_id", "visit_id"):
            led[official].add(visit)
    led_in: dict[tuple[int, int], set[int]] = defaultdict(set)
    placed = [s for s in dateless if s.resolved["provinces"]]
    if placed:
        rows = through["provinces"].objects.filter(
            province_id__in={pk for s in placed for pk in s.resolved["provinces"]},
            visit__officials__in={pk for s in placed for pk in s.resolved["officials"]},
        )
        for visit, province, official in rows.values_list(
            "visit_id", "province_id", "visit__officials"
        ):
            led_in[official, province].add(visit)
    every_of = {}
    for source in dateless:
        resolved = source.resolved
        if not resolved["provinces"]:
            every = {pk for o in resolved["officials"] for pk in led[o]}
        else:
            every = {
                pk
                for o in resolved["officials"]
                for p in resolved["provinces"]
                for pk in led_in[o, p]
            } | {pk for o in resolved["officials"] for pk in anywhere[o]}
        every_of[id(source)] = every
    # The tours of these leaders sharing a city or a company with a report that has several.
    sharing_rows: dict[str, dict[int, set[int]]] = {}
    crowded = [s for s in dateless if len(every_of[id(s)]) > 1]
    for name, key in (("cities", "city_id"), ("enterprises", "enterprise_id")):
        wanted = {pk for s in crowded for pk in s.resolved[name]}
        by_record: dict[int, set[int]] = defaultdict(set)
        if wanted:
            rows = through[name].objects.filter(
                **{f"{key}__in": wanted},
                visit__officials__in={pk for s in crowded for pk in s.resolved["officials"]},
            )
            for visit, pk in rows.values_list("visit_id", key).distinct():
                by_record[pk].add(visit)
        sharing_rows[name] = by_record
    found = []
    for source in dateless:
        every = every_of[id(source)]
        if len(every) <= 1:
            found.append((source, (every, every)))
            continue
        resolved = source.resolved
        unplaced_ids = {pk for o in resolved["officials"] for pk in anywhere[o]}
        sharing = {
            visit
            for name in ("cities", "enterprises")
            for pk in resolved[name]
            for visit in sharing_rows[name].get(pk, ())
        } & every
        found.append((source, (every, sharing | (unplaced_ids & every))))
    return found


def candidate_ids(sources: list[Report]) -> set[int]:
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
    # The longest tour bounds how long before a report's days a tour overlapping them can
    # start: the visit's start date index then finds them.
    longest = Visit.objects.aggregate(longest=Max(F("end_date") - F("start_date")))["longest"]
    longest = longest or dt.timedelta(0)
    return sql.tours_overlapping(
        [
            (o, min(low - longest, low_lag), low, low_lag, high, p)
            for o, low, low_lag, high, p in wanted
        ]
    )


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
            rejected=visit.review_status == Visit.Review.REJECTED,
        )
        for visit in visits
    ]


def read_sources(visit_ids: list[int]) -> dict[int, list[Report]]:
    """The sources of these tours, earliest first, by tour."""
    sources: dict[int, list[Report]] = defaultdict(list)
    if not visit_ids:
        return sources
    rows = Article.objects.filter(visit_id__in=visit_ids, is_tour=True).values_list(
        "pk", "visit_id", "published", "title", "facts"
    )
    for pk, visit_id, published, title, facts in rows:
        if "resolved" in facts:
            sources[visit_id].append(Report(facts, published, title, order=pk))
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
    selects = []
    for index, name in enumerate(relations):
        field = Visit._meta.get_field(name)
        rows = field.remote_field.through.objects.filter(visit_id__in=visit_ids)
        # The relation by its index: a text literal's type is unknown to PostgreSQL in a UNION.
        selects.append(
            rows.annotate(relation=Value(index, IntegerField())).values_list(
                "relation", "id", "visit_id", f"{field.m2m_reverse_field_name()}_id"
            )
        )
    rows = selects[0].union(*selects[1:], all=True)
    return [(relations[index], *rest) for index, *rest in rows]


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
        sql.insert(added)
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
    known = Known.read(tours, officials, provinces)
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
        tour.doubts = tour_doubts(tour, duplicates[id(tour)], known)


@dataclass
class Known:
    """What the doubts of a batch's tours are judged against, read in a few queries."""

    names: dict[str, dict[int, str]]  # leaders, provinces and cities by id
    posts: dict[int, list[tuple[dt.date, dt.date | None]]]  # the leaders' posts' days
    secretaries: dict[int, list[Secretary]]  # of everyone the sources name

    @classmethod
    def read(cls, tours: list[Tour], officials: dict[int, str], provinces: dict[int, str]) -> Known:
        posts = defaultdict(list)
        rows = Post.objects.filter(official_id__in=list(officials)).values_list(
            "official_id", "start", "end"
        )
        for pk, start, end in rows:
            posts[pk].append((start, end))
        cities = _names(City, {pk for t in tours for pk in t.relations["cities"]})
        named = named_officials(s.facts for t in tours for s in t.sources or ())
        return cls(
            {"officials": officials, "provinces": provinces, "cities": cities},
            posts,
            secretaries(named),
        )


def tour_doubts(tour: Tour, duplicates: list[int], known: Known) -> list[Doubt]:
    """What a reviewer should check about a tour, as its sources and relations now stand.

    Only what the gazetteer does not settle: a place, company or official it knows is no
    doubt by itself; one an import made (extraction met it first in this tour's sources) is.
    """
    code, doubts = Doubt.Code, []
    sources = tour.sources or []
    start = tour.start_date
    if start is None:
        doubts.append(Doubt.of(code.NO_DATE))
    if not tour.relations["officials"]:
        doubts.append(Doubt.of(code.NO_OFFICIAL))
    if start:
        end = tour.end_date or start
        for pk in tour.relations["officials"]:
            posts = known.posts.get(pk, [])
            # A leader the gazetteer has no post for is an unknown official, not a mismatch.
            if posts and not any(s <= end and (e is None or start <= e) for s, e in posts):
                name = known.names["officials"].get(pk, "")
                doubts.append(Doubt.of(code.POST_MISMATCH, f"{name} held no post then"))
        days = (end - start).days + 1
        if days > LONG_SPAN_DAYS:
            doubts.append(Doubt.of(code.LONG_SPAN, f"{days} days"))
    facts = [s.facts for s in sources]
    for found in disagreements(facts, known.secretaries, tour.relations["provinces"], start):
        doubts.append(Doubt.of(code.SOURCES_DISAGREE, str(found)))
    doubts += [Doubt.of(code.UNKNOWN_ENTERPRISE, n) for n in tour.first_seen_enterprises()]
    doubts += [Doubt.of(code.UNKNOWN_OFFICIAL, n) for n in tour.first_seen_officials()]
    doubts += [Doubt.of(code.POSSIBLE_DUPLICATE, f"tour #{pk}", other_id=pk) for pk in duplicates]
    if len(sources) > 1:
        # A place one source alone names, of several: perhaps only mentioned, not visited.
        for name in ("provinces", "cities"):
            named = Counter(pk for s in sources for pk in set(s.resolved.get(name, [])))
            doubts += [
                Doubt.of(code.PLACE_ONCE, known.names[name].get(pk, ""))
                for pk in tour.relations[name]
                if named[pk] == 1
            ]
    for doubt in doubts:
        doubt.visit = tour.record
    return doubts


def write_doubts(tours: list[Tour]) -> None:
    """Replace the stored doubts of these tours with those fill_fields gave them."""
    Doubt.objects.filter(visit_id__in=[t.record.pk for t in tours]).delete()
    sql.insert([d for t in tours for d in t.doubts])


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


def possible_duplicates(tours: list[Tour]) -> dict[int, list[int]]:
    """Per tour, up to three other public tours of a leader of it, in a province of it,
    starting within REPORT_LAG_DAYS of its dates (or at any date when it has none)."""
    lag = dt.timedelta(days=REPORT_LAG_DAYS)
    touched = {t.record.pk: t for t in tours}
    nearby, undated = set(), []
    for tour in tours:
        officials, provinces = tour.relations["officials"], tour.relations["provinces"]
        if tour.start_date:
            end = tour.end_date or tour.start_date
            nearby |= {
                (official, tour.start_date - lag, end + lag, province)
                for official in officials
                for province in provinces
            }
        elif officials and provinces:
            undated.append(Q(officials__in=officials, provinces__in=provinces))
    starts = sql.public_tours_starting_near(nearby, Visit.Review.REJECTED.value)
    if undated:
        found = Visit.objects.public().filter(reduce(or_, undated))
        starts.update(found.values_list("pk", "start_date"))
    # The other tours as stored and these as they are now: (start, officials, provinces).
    others: dict[int, tuple[dt.date | None, set[int], set[int]]] = {
        pk: (start, set(), set()) for pk, start in starts.items() if pk not in touched
    }
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
            sql.insert(records, with_ids=True)
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
        sql.insert(history_rows_of_relation)


# One tour at a time, for editors' operations (curation): the same computation as an import.


def find_tour(resolved: dict, facts: ArticleFacts) -> Visit | None:
    """The tour a report belongs to: same leader, same province, overlapping dates."""
    source = Report({**facts.to_json(), "resolved": resolved}, facts.published)
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
        write_doubts([tour])
        tours_changed([visit.pk])


def recompute_doubts(batch_size: int = 200) -> int:
    """Every tour's doubts computed again from its sources and relations as stored (after a
    migration, or a change of what a doubt is); nothing else is written. Returns how many
    tours."""
    pks = list(Visit.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            tours = load_tours(Visit.objects.filter(pk__in=pks[start : start + batch_size]))
            officials = _names(Official, {pk for t in tours for pk in t.relations["officials"]})
            provinces = _names(Province, {pk for t in tours for pk in t.relations["provinces"]})
            known = Known.read(tours, officials, provinces)
            duplicates = possible_duplicates(tours)
            for tour in tours:
                tour.doubts = tour_doubts(tour, duplicates[id(tour)], known)
            write_doubts(tours)
    return len(pks)
