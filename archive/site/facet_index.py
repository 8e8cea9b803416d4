"""The browse page's counts and pages from a compact index of the public tours, in memory.

Counting facets in SQL joined each relation's whole join table to the matching tours, on
every first view of a search (0.3 to 1.9 s at 200,000 tours, however few tours matched).
Here each public tour is a position in a few arrays (newest first) and each relation a list
of (record, tour position) pairs grouped by record, read in one query per table whenever the
archive version moves (archive/cache.py). A search is then a boolean mask over the tours: a
facet's counts are one `numpy.bincount` of its pairs under the mask of every *other* filter
(drill-down counts, as facets.py counts them in SQL), the page is the first matching
positions, fetched by id. Full text asks the search backend once for the matching tours (and
their rank when the page is ordered by relevance); the rest is the index.

What a filter means stays VisitFilterSet's: `_masks` reads its cleaned data, and
tests/site/test_facet_index.py checks that counts, totals and pages equal the SQL ones
(facets.SqlCounts over the FilterSet's querysets) for random searches, on both databases.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db import connection
from django.db.models import Model

from archive import cache, search
from archive.models import City, Enterprise, Official, Province, Theme, Visit
from archive.site import maps

# The FilterSet's relation filters: parameter -> (relation of Visit, its model, the column
# a value is named by in the query string).
RELATION_FILTERS: dict[str, tuple[str, type[Model], str]] = {
    "official": ("officials", Official, "slug"),
    "accompanying": ("accompanying", Official, "slug"),
    "province": ("provinces", Province, "code"),
    "city": ("cities", City, "code"),
    "enterprise": ("enterprises", Enterprise, "slug"),
    "theme": ("themes", Theme, "slug"),
}
# And the others, each read by _masks: every filter of VisitFilterSet is one of these
# (tests/site/test_facet_index.py checks it).
OTHER_FILTERS = ("q", "year", "month", "start", "end")
# How much of the matching tours of past searches an index keeps (at 200,000 tours a common
# word's 53,000 positions and ranks take 640 kB).
SEARCH_CACHE_BYTES = 16_000_000
NO_DATE = np.iinfo(np.int32).min  # a missing date, in days since 1970-01-01


class Lookup:
    """Where each of some distinct integer keys stands in their array: a table indexed by key
    when the keys are compact (a table's ids), else a sorted copy searched."""

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        self.top = int(keys.max()) if len(keys) else -1
        self.table: np.ndarray | None = None
        if not len(keys) or (keys.min() >= 0 and self.top < 8 * len(keys) + 1_000_000):
            self.table = np.full(self.top + 1, -1, dtype=np.int32)
            self.table[keys] = np.arange(len(keys), dtype=np.int32)
        else:
            self.order = np.argsort(keys).astype(np.int32)
            self.sorted = keys[self.order]

    def find(self, wanted) -> tuple[np.ndarray, np.ndarray]:
        """The places of these keys, and which of the keys were found (places of those only)."""
        wanted = np.asarray(wanted, dtype=np.int64)
        if self.table is not None:
            inside = (wanted >= 0) & (wanted <= self.top)
            at = np.full(len(wanted), -1, dtype=np.int32)
            at[inside] = self.table[wanted[inside]]
            found = at >= 0
            return at[found], found
        at = np.searchsorted(self.sorted, wanted).clip(0, len(self.sorted) - 1)
        found = self.sorted[at] == wanted
        return self.order[at[found]], found

    @property
    def nbytes(self) -> int:
        return self.table.nbytes if self.table is not None else 2 * self.sorted.nbytes


@dataclass(frozen=True)
class Records:
    """A model's records in the database's order of names: a value's index is its rank."""

    pks: np.ndarray  # int64, in name order
    lookup: Lookup  # pk -> index
    rows: list[tuple]  # (pk, key, name, name_zh[, province code])

    def indexes(self, pks) -> np.ndarray:
        """The indexes of these pks (unknown ones left out)."""
        return self.lookup.find(pks)[0]


@dataclass(frozen=True)
class Relation:
    """One relation's pairs, grouped by record: tours[offsets[v]:offsets[v + 1]] are the
    positions of record v's tours, values[i] the record of pair i."""

    records: Records
    tours: np.ndarray  # int32
    values: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than the records

    def matching(self, pks, size: int) -> np.ndarray:
        """The tours related to any of these records."""
        mask = np.zeros(size, dtype=bool)
        for v in self.records.indexes(pks):
            mask[self.tours[self.offsets[v] : self.offsets[v + 1]]] = True
        return mask

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Per record, how many of the masked tours it has."""
        return np.bincount(self.values[mask[self.tours]], minlength=len(self.records.pks))

    @cached_property
    def by_tour(self) -> tuple[np.ndarray, np.ndarray]:
        """The same pairs grouped by tour: values[offsets[t]:offsets[t + 1]] are the records
        of the tour at position t (up to the last position with any)."""
        order = np.argsort(self.tours, kind="stable")
        top = int(self.tours.max()) + 1 if len(self.tours) else 0
        offsets = np.zeros(top + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.tours, minlength=top), out=offsets[1:])
        return offsets, self.values[order]

    def counts_of(self, positions: np.ndarray) -> np.ndarray:
        """What counts() gives for the tours at these positions, reading only their pairs: a
        record page's tours are a few of the archive's, whose relations hold some 400,000
        pairs each at 200,000 tours (2-3 ms to mask them all)."""
        offsets, values = self.by_tour
        positions = positions[positions < len(offsets) - 1]
        starts = offsets[positions]
        lengths = offsets[positions + 1] - starts
        ends = np.cumsum(lengths)
        total = int(ends[-1]) if len(ends) else 0
        picked = np.arange(total) + np.repeat(starts - (ends - lengths), lengths)
        return np.bincount(values[picked], minlength=len(self.records.pks))


class FacetIndex:
    """The public tours, newest first (as VisitQuerySet.newest_first orders them)."""

    def __init__(self, key: tuple[str, str]) -> None:
        self.key = key
        ids, start, end = _tours()
        # Newest first: start date descending with the undated last, then id descending.
        dated = start != NO_DATE
        order = np.lexsort((-ids, np.where(dated, -start.astype(np.int64), 1 << 40)))
        self.ids, self.start, self.end = ids[order], start[order], end[order]
        self.size = len(self.ids)
        self.dated = self.start != NO_DATE
        self.has_end = self.end != NO_DATE
        # Oldest first: start date ascending with the undated last, then id ascending.
        self.oldest = np.lexsort(
            (self.ids, np.where(self.dated, self.start.astype(np.int64), 1 << 40))
        ).astype(np.int32)
        # Months since January 1970 of each dated tour's start.
        self.month = (
            np.where(self.dated, self.start, 0).astype("datetime64[D]").astype("datetime64[M]")
        ).astype(np.int32)
        self.lookup = Lookup(self.ids)
        models = {model for _, model, _ in RELATION_FILTERS.values()}
        records = {model: _records(model) for model in models}
        self.relations = {
            param: self._relation(name, records[model])
            for param, (name, model, _key) in RELATION_FILTERS.items()
        }
        self.provinces = list(Province.objects.filter(code__in=maps.LAYOUT).order_by("name"))
        # Full-text searches asked of this index, by their query as the database reads it.
        self._searches: OrderedDict[str, _Found] = OrderedDict()
        self._searches_bytes = 0
        self._searches_lock = threading.Lock()
        # The HTML rows of tours written at this version, kept by markup.kept_rows: a row shows
        # the tour alone, so every page listing it reuses it until the archive changes.
        self.rows: dict = {}

    def search(self, q: str, rank: np.ndarray | None = None) -> np.ndarray:
        """The positions of the public tours matching the full-text query `q`, in order.

        Kept for the index's life (this archive version) for the last searches asked, up to
        SEARCH_CACHE_BYTES: a common word matches a quarter of the tours, which the database
        would find again for every page, facet and order of the same words. `rank`: a mask of
        the tours that ranks() will be asked for, ranked in the same query if the search is
        not kept yet.
        """
        key = search.websearch_query(search.parse(q))
        with self._searches_lock:
            found = self._searches.get(key)
            if found is not None:
                self._searches.move_to_end(key)
                return found.at
        among = None if rank is None or rank.all() else self.ids[rank]
        ids, ranks = search.matching(q, ranked=rank is not None, among=among)
        at, public = self.positions(ids)
        order = np.argsort(at)
        rank_at = ranks[public][order] if ranks is not None else np.full(len(at), np.nan)
        found = _Found(at[order], rank_at)
        with self._searches_lock:
            self._searches[key] = found
            self._searches_bytes += found.nbytes
            while self._searches_bytes > SEARCH_CACHE_BYTES and len(self._searches) > 1:
                self._searches_bytes -= self._searches.popitem(last=False)[1].nbytes
        return found.at

    def ranks(self, q: str, positions: np.ndarray) -> np.ndarray:
        """The ranks (search.matching's) of some of the public tours `q` matches, by position.

        Only the tours asked for are ranked, and each once while the search is kept: ranking
        reads a tour's whole vector, some 5 us a tour on PostgreSQL, and a word and a facet
        match a few thousand tours where the word alone matches fifty thousand.
        """
        key = search.websearch_query(search.parse(q))
        with self._searches_lock:
            found = self._searches.get(key)
        if found is None:  # (forgotten since search() was asked)
            asked = np.zeros(self.size, dtype=bool)
            asked[positions] = True
            self.search(q, rank=asked)
            return self.ranks(q, positions)
        at = np.searchsorted(found.at, positions)
        unknown = np.isnan(found.rank[at])
        if unknown.any():
            wanted = np.unique(at[unknown])
            ranks = search.ranks(q, self.ids[found.at[wanted]])
            with self._searches_lock:
                found.rank[wanted] = ranks
        return found.rank[at]

    def snippets(self, q: str, pks: list[int]) -> dict[int, str]:
        """search.snippets() of these tours for `q`, kept with the search while it is kept (a
        passage depends on the words and the tour's sources only): another page, order or
        facet of the same words shows many of the same tours."""
        key = search.websearch_query(search.parse(q))
        with self._searches_lock:
            found = self._searches.get(key)
        if found is None:
            return search.snippets(pks, q)
        missing = [pk for pk in pks if pk not in found.snippets]
        if missing:
            written = search.snippets(missing, q)
            with self._searches_lock:
                for pk in missing:
                    found.snippets[pk] = written.get(pk)
                    self._searches_bytes += _SNIPPET_BYTES + 2 * len(written.get(pk) or "")
        return {pk: found.snippets[pk] for pk in pks if found.snippets.get(pk) is not None}

    def tour_counts(self, param: str) -> dict[int, int]:
        """Each record's number of public tours through the filter `param`, by its pk."""
        relation = self.relations[param]
        counts = np.diff(relation.offsets)
        return dict(zip(relation.records.pks.tolist(), counts.tolist(), strict=True))

    def positions(self, ids) -> tuple[np.ndarray, np.ndarray]:
        """The positions of these tour ids, and which of the ids are public tours (only
        their positions are given)."""
        return self.lookup.find(ids)

    def _relation(self, name: str, records: Records) -> Relation:
        field = Visit._meta.get_field(name)
        pairs = _ints(
            [field.m2m_column_name(), field.m2m_reverse_name()], f"FROM {field.m2m_db_table()}"
        )
        tours, public = self.positions(pairs[:, 0])
        values, known = records.lookup.find(pairs[public, 1])
        tours = tours[known]  # (every pair's record is known: a foreign key)
        order = np.argsort(values, kind="stable")
        tours, values = tours[order].astype(np.int32), values[order]
        offsets = np.zeros(len(records.pks) + 1, dtype=np.int64)
        np.cumsum(np.bincount(values, minlength=len(records.pks)), out=offsets[1:])
        return Relation(records, tours, values, offsets)

    def nbytes(self) -> int:
        arrays = [self.ids, self.start, self.end, self.oldest, self.month]
        arrays += [self.dated, self.has_end]
        records = {id(r.records): r.records for r in self.relations.values()}
        for relation in self.relations.values():
            arrays += [relation.tours, relation.values, relation.offsets]
        total = sum(a.nbytes for a in arrays) + self.lookup.nbytes
        return total + sum(r.pks.nbytes + r.lookup.nbytes for r in records.values())


class _Found:
    """The public tours a full-text search matched: their positions in the index, in order,
    the rank of each (NaN until asked for), and the snippets written so far, by tour id."""

    def __init__(self, at: np.ndarray, rank: np.ndarray) -> None:
        self.at, self.rank = at, rank
        self.snippets: dict[int, str | None] = {}

    @property
    def nbytes(self) -> int:
        written = sum(_SNIPPET_BYTES + 2 * len(s or "") for s in self.snippets.values())
        return self.at.nbytes + self.rank.nbytes + written


_SNIPPET_BYTES = 100  # a kept snippet's key and entry, besides its text


def _tours() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every public tour's id and its dates in days since 1970-01-01 (NO_DATE if none)."""
    if connection.vendor == "postgresql":
        days = "COALESCE({} - DATE '1970-01-01', %s)"
    else:
        days = "COALESCE(CAST(julianday({}) - 2440587.5 AS INTEGER), %s)"
    rows = _ints(
        ["id", days.format("start_date"), days.format("end_date")],
        "FROM archive_visit WHERE review_status <> %s",
        [int(NO_DATE), int(NO_DATE), Visit.Review.REJECTED],
    )
    return rows[:, 0], rows[:, 1].astype(np.int32), rows[:, 2].astype(np.int32)


def _ints(columns: list[str], rest: str, params=()) -> np.ndarray:
    """The rows of `SELECT columns rest`, integers, as an array of as many columns.

    PostgreSQL sends them as one bytea of 8-byte integers, read by numpy as it is: a row
    at a time through the driver, 1.6 million pairs took seconds at 200,000 tours.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            row = " || ".join(f"int8send(({column})::bigint)" for column in columns)
            cursor.execute(f"SELECT string_agg({row}, ''::bytea) {rest}", params)
            data = cursor.fetchone()[0] or b""
            return np.frombuffer(data, dtype=">i8").astype(np.int64).reshape(-1, len(columns))
        cursor.execute(f"SELECT {', '.join(columns)} {rest}", params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.int64).reshape(-1, len(columns))


def _records(model: type[Model]) -> Records:
    columns = ["pk", _key(model), "name", "name_zh"]
    if model is City:
        columns.append("province__code")
    rows = list(model.objects.order_by("name", "pk").values_list(*columns))
    pks = np.array([row[0] for row in rows], dtype=np.int64)
    return Records(pks, Lookup(pks), rows)


def _key(model: type[Model]) -> str:
    return "code" if model in (Province, City) else "slug"


_lock = threading.Lock()
_current: FacetIndex | None = None


def current(version: str | None = None) -> FacetIndex:
    """This process's index of the archive as it is at `version` (read now if it moved)."""
    global _current
    key = (str(connection.settings_dict["NAME"]), version or cache.version())
    index = _current
    if index is not None and index.key == key:
        return index
    with _lock:
        if _current is None or _current.key != key:
            _current = FacetIndex(key)
        return _current


def forget_searches() -> None:
    """Drop the full-text searches this process's index keeps (benchmarks of first searches)."""
    index = _current
    if index is not None:
        with index._searches_lock:
            index._searches.clear()
            index._searches_bytes = 0


def forget() -> None:
    """Drop this process's index (tests whose databases start afresh)."""
    global _current
    _current = None


def forget_rows() -> None:
    """Drop the rows of tours kept with this process's index (tests counting what a page
    costs when none is kept)."""
    if _current is not None:
        _current.rows.clear()


class Selection:
    """One search state over the index: the mask of each active filter, and their results.

    `filterset` must be valid, over Visit.objects.public().
    """

    def __init__(self, index: FacetIndex, filterset) -> None:
        self.index = index
        self.raw = {name: set(filterset.data.getlist(name)) for name in filterset.filters}
        # Filters the query string leaves out are dropped: an absent relation filter's value
        # is an empty queryset, and asking each whether it is empty cost 0.15 ms.
        self.data = {k: v for k, v in filterset.form.cleaned_data.items() if self.raw.get(k, 1)}
        self.q = (self.data.get("q") or "").strip()
        self.masks = self._masks()
        self.mask = self._and(self.masks.values())

    def _and(self, masks) -> np.ndarray:
        result = np.ones(self.index.size, dtype=bool)
        for mask in masks:
            result &= mask
        return result

    def without(self, *params: str) -> np.ndarray:
        """The tours under every active filter but these."""
        return self._and(mask for name, mask in self.masks.items() if name not in params)

    def _masks(self) -> dict[str, np.ndarray]:
        index, data, masks = self.index, self.data, {}
        for param, relation in index.relations.items():
            records = data.get(param)
            if records:
                masks[param] = relation.matching([r.pk for r in records], index.size)
        year, day = index.month // 12 + 1970, index.start
        if data.get("year"):
            masks["year"] = index.dated & np.isin(year, [int(y) for y in data["year"]])
        if data.get("month"):
            wanted = [(int(v[:4]) - 1970) * 12 + int(v[5:7]) - 1 for v in data["month"]]
            masks["month"] = index.dated & np.isin(index.month, wanted)
        if data.get("start") is not None:
            since = _days(data["start"])
            masks["start"] = np.where(
                index.has_end, index.end >= since, index.dated & (day >= since)
            )
        if data.get("end") is not None:
            masks["end"] = index.dated & (day <= _days(data["end"]))
        if self.q:
            # Ordered by relevance, the tours to rank are those the other filters leave.
            rank = self._and(masks.values()) if data.get("sort") == "relevance" else None
            masks["q"] = np.zeros(index.size, dtype=bool)
            masks["q"][index.search(self.q, rank)] = True
        return masks

    @property
    def total(self) -> int:
        return int(self.mask.sum())

    def values(self, param: str, model, key: str, chosen: set[str], *columns: str) -> list[dict]:
        """What facets.SqlCounts.values gives: the MAX_VALUES records with most tours under
        every other filter (those chosen first, whatever their rank), as rows."""
        from archive.site.facets import MAX_VALUES

        relation = self.index.relations[param]
        counts = relation.counts(self.without(param))
        present = np.flatnonzero(counts)
        picked = {r.pk for r in self.data.get(param) or []}
        unchosen = ~np.isin(relation.records.pks[present], list(picked))
        order = np.lexsort((present, -counts[present], unchosen))[:MAX_VALUES]
        rows = []
        for v in present[order]:
            pk, value, name, name_zh, *parent = relation.records.rows[v]
            row = {"name": name, "name_zh": name_zh, "n": int(counts[v]), key: value}
            for column, got in zip(columns[1:], parent, strict=False):
                row[column] = got
            rows.append(row)
        return rows

    def months(self, *without: str) -> list[tuple[int, int, int]]:
        """(year, month, tours) of the dated tours, in time order."""
        mask = (self.without(*without) if without else self.mask) & self.index.dated
        if not mask.any():
            return []
        months = self.index.month[mask]
        first = int(months.min())
        counts = np.bincount(months - first)
        return [
            ((first + m) // 12 + 1970, (first + m) % 12 + 1, int(n))
            for m, n in enumerate(counts)
            if n
        ]

    def years(self) -> list[tuple[int, int, int]]:
        """As facets.SqlCounts.years: counted without the year and month filters, newest year
        first, months in order."""
        rows = self.months("year", "month")
        return sorted(rows, key=lambda row: (-row[0], row[1]))

    def province_counts(self) -> list[Province]:
        """As maps.province_counts: every division of the map with `n`, under every filter."""
        relation = self.index.relations["province"]
        counts = self._counts(relation)
        at, found = relation.records.lookup.find([p.pk for p in self.index.provinces])
        mapped = np.zeros(len(found), dtype=np.int64)
        mapped[found] = counts[at]
        result = []
        for province, n in zip(self.index.provinces, mapped.tolist(), strict=True):
            shown = copy.copy(province)
            shown.n = n
            result.append(shown)
        return result

    def _counts(self, relation: Relation) -> np.ndarray:
        return relation.counts(self.mask)

    def ordered(self, sort: str) -> np.ndarray:
        """The matching tours' ids in the order the query string asks for."""
        if sort == "oldest":
            positions = self.index.oldest[self.mask[self.index.oldest]]
        else:
            positions = np.flatnonzero(self.mask)
            if sort == "relevance" and self.q:
                # Best first; among equals newest first, which is the positions' order.
                rank = self.index.ranks(self.q, positions)
                positions = positions[np.lexsort((positions, -rank))]
        return self.index.ids[positions]


def _days(day) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


class TourList(Sequence):
    """Tours by id, fetched a page at a time: what Paginator pages through."""

    def __init__(self, ids: np.ndarray, queryset) -> None:
        self.ids, self.queryset = ids, queryset

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        ids = [int(pk) for pk in self.ids[item]]
        found = {visit.pk: visit for visit in self.queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


class RecordTours(Selection):
    """The public tours linked to one record, over the index: what a record page counts (the
    same as a search for that record alone, without a FilterSet to read)."""

    def __init__(self, index: FacetIndex, param: str, pk: int) -> None:
        self.index, self.data, self.raw, self.q = index, {}, {}, ""
        relation = index.relations[param]
        # The record's tours' positions, in order (newest first): what is counted is read
        # at these, not masked out of the whole archive's arrays.
        self.positions = np.sort(
            np.concatenate(
                [np.zeros(0, dtype=np.int32)]
                + [
                    relation.tours[relation.offsets[v] : relation.offsets[v + 1]]
                    for v in relation.records.indexes([pk])
                ]
            )
        )
        self.mask = np.zeros(index.size, dtype=bool)
        self.mask[self.positions] = True
        self.masks = {param: self.mask}

    def _counts(self, relation: Relation) -> np.ndarray:
        return relation.counts_of(self.positions)

    @property
    def total(self) -> int:
        return len(self.positions)

    def ordered(self, sort: str) -> np.ndarray:
        if sort == "newest":
            return self.index.ids[self.positions]
        return super().ordered(sort)

    def months(self, *without: str) -> list[tuple[int, int, int]]:
        if without:
            return super().months(*without)
        dated = self.positions[self.index.dated[self.positions]]
        if not len(dated):
            return []
        months = self.index.month[dated]
        first = int(months.min())
        counts = np.bincount(months - first)
        return [
            ((first + m) // 12 + 1970, (first + m) % 12 + 1, int(n))
            for m, n in enumerate(counts.tolist())
            if n
        ]

    def tally(self, param: str, most: int | None = None) -> tuple[list[tuple[tuple, int]], int]:
        """The records of this relation with their number of these tours, as (its row, count),
        most tours first, then by name: what tallies.tally counts in SQL; the `most` first
        only, if given (an official's 80,000 tours visit tens of thousands of enterprises),
        and how many records have any of these tours."""
        relation = self.index.relations[param]
        counts = self._counts(relation)
        present = np.flatnonzero(counts)
        if most is not None and len(present) > most:
            # Only the records counting at least as many as the most-th are sorted.
            least = np.partition(counts[present], len(present) - most)[len(present) - most]
            listed = present[counts[present] >= least]
        else:
            listed = present
        order = listed[np.lexsort((listed, -counts[listed]))][:most]
        rows = relation.records.rows
        return [(rows[v], int(counts[v])) for v in order.tolist()], len(present)

    @property
    def undated(self) -> int:
        return int(len(self.positions) - self.index.dated[self.positions].sum())

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last of these tours' first days."""
        days = self.index.start[self.positions[self.index.dated[self.positions]]]
        if not len(days):
            return None
        return _date(int(days.min())), _date(int(days.max()))

    def in_months(self, months: list[tuple[int, int]]) -> list[int]:
        """The ids of these tours that start in these months."""
        wanted = [(year - 1970) * 12 + month - 1 for year, month in months]
        dated = self.positions[self.index.dated[self.positions]]
        found = dated[np.isin(self.index.month[dated], wanted)]
        return self.index.ids[found].tolist()


def _date(days: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=days)
