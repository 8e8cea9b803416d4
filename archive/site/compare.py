"""What /officials/compare/ shows: two officials side by side (their tours per year, the
provinces and the themes of their tours), and the query string it reads.

`?a=<slug>&b=<slug>` names the two. With neither, or with one of them not yet given, the page
is the form to choose them (200). A parameter given empty or twice, or the same official
twice, is a 400; an official the archive does not hold, a 404: each with the form and a
sentence saying what is wrong. The page costs the same few queries whoever is compared: each
table is counted for both officials in one query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.db.models import Max, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.models import Official, Post, Visit, chinese_shown, in_language
from archive.site.links import browse_url
from archive.site.pages import held

PARAMS = ("a", "b")
# What an official's slug can be (slugify's output, and the <slug:> of their page's address):
# anything else names nobody and is not looked up (PostgreSQL refuses a NUL in text).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class OfficialField(forms.ModelChoiceField):
    """An official by slug, with their posts."""

    default_error_messages = {
        "invalid_choice": gettext_lazy("The archive has no official “%(value)s”."),
    }

    def __init__(self, **kwargs):
        queryset = Official.objects.prefetch_related("posts")
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not SLUG.fullmatch(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value[:100]},
            )
        return super().to_python(value)


class CompareForm(forms.Form):
    a = OfficialField(label=gettext_lazy("First official"))
    b = OfficialField(label=gettext_lazy("Second official"))

    def clean(self) -> dict:
        data = super().clean()
        for name in PARAMS:
            given = self.data.getlist(name)
            if len(given) > 1:
                self.add_error(name, _("Give one official, not %(count)d.") % {"count": len(given)})
            elif given and not given[0].strip():
                self.add_error(name, _("Choose an official."))
        a, b = data.get("a"), data.get("b")
        if a and b and a == b:
            raise forms.ValidationError(_("Choose two different officials."), code="same")
        return data

    def status(self) -> int:
        """200 when valid; 404 when every problem is an official not in the archive; else 400."""
        if self.is_valid():
            return 200
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        return 404 if codes == {"invalid_choice"} else 400

    def problems(self) -> list[str]:
        return [
            " ".join(errors)
            if name == forms.forms.NON_FIELD_ERRORS
            else _("%(filter)s: %(problem)s")
            % {"filter": self.fields[name].label, "problem": " ".join(errors)}
            for name, errors in self.errors.items()
        ]


# The form's choices ---------------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    selected: bool


@dataclass
class Select:
    name: str
    label: str
    choices: list[Choice]


def selects(form: CompareForm, chosen: list[Official | None]) -> list[Select]:
    """A list of officials for each side: those who led a public tour (and anyone chosen),
    by name, each with their number of tours: one query."""
    known = [o.pk for o in chosen if o]
    officials = (
        Official.objects.with_tour_counts()
        .filter(Q(tours__gt=0) | Q(pk__in=known))
        .order_by("name")
    )
    options = [
        (
            o.slug,
            ngettext("%(name)s (%(count)d tour)", "%(name)s (%(count)d tours)", o.tours)
            % {"name": o.local_name, "count": o.tours},
        )
        for o in officials
    ]
    return [
        Select(
            name,
            str(form.fields[name].label),
            [
                Choice(slug, label, bool(official) and slug == official.slug)
                for slug, label in options
            ],
        )
        for name, official in zip(PARAMS, chosen, strict=True)
    ]


# The comparison -------------------------------------------------------------------------------


@dataclass
class Side:
    """One official, at the head of their column."""

    name: str
    detail: str  # the Chinese name beside, on an English page
    url: str
    post: str  # their most senior post, with when they held it
    tours: int
    span: str  # their first and last tours' months
    tours_url: str


@dataclass
class Cell:
    count: int
    url: str  # the tours counted, on /visits/; none for no tours
    bar: float  # the bar's length, 0 to 100
    share: str = ""  # of the official's tours, "12%"


@dataclass
class Row:
    label: str
    cells: list[Cell]
    url: str = ""  # the record's own page
    detail: str = ""  # its Chinese name, on an English page


@dataclass
class Table:
    id: str
    title: str
    heading: str  # of the rows' column
    caption: str
    rows: list[Row]
    note: str = ""


@dataclass
class Comparison:
    sides: list[Side]
    tables: list[Table] = field(default_factory=list)


def _month(day: dt.date | None) -> str:
    return date_format(day, _("M Y")) if day else ""


def _side(official: Official, tours: int, first: dt.date | None, last: dt.date | None) -> Side:
    post = Post.senior_on(official.posts.all(), None)
    span = (
        _("%(first)s to %(last)s") % {"first": _month(first), "last": _month(last)}
        if first
        else _("no dated tour")
    )
    return Side(
        name=official.local_name,
        detail=official.name_beside,
        url=official.get_absolute_url(),
        post=f"{in_language(post.title, post.title_zh)} ({held(post)})" if post else "",
        tours=tours,
        span=span,
        tours_url=browse_url(official=official.slug),
    )


def _share(count: int, total: int) -> str:
    if not count:
        return ""
    percent = round(100 * count / total)
    return f"{percent}%" if percent else "<1%"


def _cells(
    pair: list[Official],
    counts: dict[tuple[int, str], int],
    key: str,
    link: Callable[[str, str], str],
    scale: Callable[[int, int], float],
) -> list[Cell]:
    """The row of one year, province or theme: a cell per official (`scale` gives the bar's
    length from the count and the official's place in the pair)."""
    return [
        Cell(
            count,
            link(official.slug, key) if count else "",
            round(scale(count, index), 1),
        )
        for index, official in enumerate(pair)
        for count in [counts.get((official.pk, key), 0)]
    ]


def per_year(public: QuerySet[Visit], pair: list[Official]) -> Table:
    """Every year from the first dated tour of either official to the last, with each one's
    tours that year, the bars to one scale: one query."""
    counts = {
        (pk, str(year)): n
        for pk, year, n in public.filter(start_date__isnull=False)
        .annotate(year=ExtractYear("start_date"))
        .per_leader(pair, "year")
    }
    peak = max(counts.values(), default=1)
    years = sorted({int(year) for _, year in counts})
    rows = [
        Row(
            str(year),
            _cells(
                pair,
                counts,
                str(year),
                lambda slug, key: browse_url(official=slug, year=key),
                lambda count, _: 100 * count / peak,
            ),
        )
        for year in (range(years[0], years[-1] + 1) if years else [])
    ]
    names = {"a": pair[0].local_name, "b": pair[1].local_name}
    caption = _("Tours per year of %(a)s and %(b)s") % names
    return Table("years", _("Tours per year"), _("Year"), caption, rows)


# The records of one kind a tour relates to: (relation, their key, the /visits/ parameter).
SHARED = {
    "provinces": ("provinces", "code", "province"),
    "themes": ("themes", "slug", "theme"),
}


def shares(
    public: QuerySet[Visit],
    pair: list[Official],
    totals: list[int],
    kind: str,
    page: Callable[[str], str],
) -> list[Row]:
    """The provinces (or themes) of either official's tours, each with its share of each one's
    tours (a tour to two provinces counts for both), the larger shares first: one query."""
    relation, key, param = SHARED[kind]
    counts, records = {}, {}
    for pk, value, name, name_zh, n in public.per_leader(
        pair, f"{relation}__{key}", f"{relation}__name", f"{relation}__name_zh"
    ):
        if value is not None:  # a tour with none
            counts[pk, value] = n
            records[value] = (name, name_zh)
    beside = not chinese_shown()
    # The bars are to the scale of the largest share in the table.
    total_of = {official.pk: total for official, total in zip(pair, totals, strict=True)}
    peak = max((n / total_of[pk] for (pk, _), n in counts.items()), default=1)
    rows = []
    for value, (name, name_zh) in records.items():
        cells = _cells(
            pair,
            counts,
            value,
            lambda slug, key: browse_url(official=slug, **{param: key}),
            lambda count, index: 100 * count / totals[index] / peak if totals[index] else 0,
        )
        for cell, total in zip(cells, totals, strict=True):
            cell.share = _share(cell.count, total)
        rows.append(Row(in_language(name, name_zh), cells, page(value), name_zh if beside else ""))
    return sorted(rows, key=lambda row: (-sum(c.bar for c in row.cells), row.label))


def compare(pair: list[Official]) -> Comparison:
    """Two officials' tours side by side: four queries, whatever their number of tours."""
    public = Visit.objects.public()
    spans = {
        pk: (n, first, last)
        for pk, n, first, last in public.per_leader(
            pair, first=Min("start_date"), last=Max("start_date")
        )
    }
    found = [spans.get(o.pk, (0, None, None)) for o in pair]
    totals = [n for n, _, _ in found]
    names = {"a": pair[0].local_name, "b": pair[1].local_name}
    share_note = _("Each official's share of their own tours.")
    return Comparison(
        [_side(official, *span) for official, span in zip(pair, found, strict=True)],
        [
            per_year(public, pair),
            Table(
                "provinces",
                _("Provinces"),
                _("Province"),
                _("Provinces toured by %(a)s and %(b)s: tours and share of each one's tours")
                % names,
                shares(public, pair, totals, "provinces", _province_url),
                share_note,
            ),
            Table(
                "themes",
                _("Themes"),
                _("Theme"),
                _("Themes of the tours of %(a)s and %(b)s: tours and share of each one's tours")
                % names,
                shares(public, pair, totals, "themes", _theme_url),
                share_note,
            ),
        ],
    )


def _province_url(code: str) -> str:
    return reverse("archive:province-detail", args=[code])


def _theme_url(slug: str) -> str:
    return reverse("archive:theme-detail", args=[slug])


# The page -------------------------------------------------------------------------------------


def compare_page(params: QueryDict) -> dict:
    form = CompareForm(params)
    status = form.status()
    chosen = [form.cleaned_data.get(name) for name in PARAMS]
    a, b = chosen
    comparison = compare([a, b]) if status == 200 and a and b else None
    if comparison:
        title = _("%(a)s and %(b)s compared") % {"a": a.local_name, "b": b.local_name}
    else:
        title = _("Compare two officials")
    waiting = a or b if status == 200 and not comparison else None
    if waiting:
        lede = _("Choose an official to compare with %(name)s.") % {"name": waiting.local_name}
    elif status == 200 and not comparison:
        lede = _(
            "Choose two officials to see their tours side by side: per year, by province "
            "and by theme."
        )
    else:
        lede = ""
    return {
        "title": title,
        "status": status,
        "problems": form.problems(),
        "lede": lede,
        "selects": selects(form, chosen),
        "comparison": comparison,
    }
