"""The review screen: a tour's facts, each beside the sentences that support it, in one screen.

An editor confirms or fixes the facts, marks the tour reviewed (or rejected) and lands on the
next tour of the list they came from, with its filters and order (the admin passes them along
as `_changelist_filters`). The page's keys are in static/archive/review.js.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import SuspiciousOperation
from django.db.models import DateField
from django.forms import DateInput
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.text import Truncator

from archive.models import Evidence, Theme, Visit
from archive.site.highlight import label

# Buttons of the review screen: the status each sets before going on to the next tour.
DECISIONS = {"_reviewed_next": Visit.Review.REVIEWED, "_rejected_next": Visit.Review.REJECTED}

# The facts, in the order the screen shows them: (row, form fields, evidence field).
FACT_ROWS = (
    ("title", ("title",), None),
    ("dates", ("start_date", "end_date"), "dates"),
    ("officials", ("officials",), "officials"),
    ("accompanying", ("accompanying",), "accompanying"),
    ("provinces", ("provinces",), "provinces"),
    ("cities", ("cities",), "cities"),
    ("enterprises", ("enterprises",), "enterprises"),
    ("themes", ("themes",), "themes"),
    ("summary", ("summary",), None),
    ("review_status", ("review_status",), None),
)


@dataclass
class Finding:
    """One value the sources give for a fact, or a value of the tour that no source gives."""

    value: str
    on_tour: bool
    sources: int = 0
    sentence: str = ""
    mark: str = ""  # the title of its marks in the sources ("Province: Hubei"), to find them

    @property
    def css(self) -> str:
        if not self.sources:
            return "finding unsupported"
        return "finding" if self.on_tour else "finding not-on-tour"

    @property
    def note(self) -> str:
        if not self.sources:
            return "no source says so"
        where = "1 source" if self.sources == 1 else f"{self.sources} sources"
        return where if self.on_tour else f"{where}, not on the tour"


@dataclass
class FactRow:
    name: str
    fields: list  # bound fields of the admin's form
    findings: list[Finding] = field(default_factory=list)
    curated: bool = False

    @property
    def errors(self) -> bool:
        return any(f.errors for f in self.fields)


def fact_rows(form, visit: Visit) -> list[FactRow]:
    """The form's fields in rows, each with what the tour's sources say about it."""
    found = findings(visit)
    rows, placed = [], set()
    for name, names, evidence_field in FACT_ROWS:
        present = [n for n in names if n in form.fields]
        if not present:
            continue
        placed.update(present)
        rows.append(
            FactRow(
                name,
                [form[n] for n in present],
                found.get(evidence_field, []),
                any(visit.is_curated(n) for n in present),
            )
        )
    # Any other field of the form still has its row.
    rows += [FactRow(n, [form[n]]) for n in form.fields if n not in placed]
    return rows


def findings(visit: Visit) -> dict[str, list[Finding]]:
    """By evidence field: the values the sources give (those on the tour first), then the
    tour's values no source gives."""
    themes = dict(Theme.objects.values_list("slug", "name"))
    names = {("themes", slug): name for slug, name in themes.items()}
    current = {
        relation: {str(o) for o in getattr(visit, relation).all()}
        for relation in Visit.RELATIONS
        if relation != "themes"
    }
    current["themes"] = {t.slug for t in visit.themes.all()}
    if visit.start_date:
        current["dates"] = {f"{visit.start_date} – {visit.end_date or '?'}"}

    sources: dict[tuple[str, str], set[int]] = defaultdict(set)
    first: dict[tuple[str, str], Evidence] = {}
    for item in Evidence.objects.filter(article__visit=visit).order_by("article_id", "start"):
        key = (item.field, item.value)
        sources[key].add(item.article_id)
        first.setdefault(key, item)

    result: dict[str, list[Finding]] = defaultdict(list)
    for (fact, value), item in first.items():
        result[fact].append(
            Finding(
                value=themes.get(value, value) if fact == "themes" else value,
                on_tour=value in current.get(fact, ()),
                sources=len(sources[fact, value]),
                sentence=Truncator(item.sentence).chars(160),
                mark=label(item, names),
            )
        )
    for fact, values in current.items():
        given = {value for (f, value) in first if f == fact}
        for value in sorted(values - given):
            shown = themes.get(value, value) if fact == "themes" else value
            result[fact].append(Finding(value=shown, on_tour=True))
    for fact in result:
        result[fact].sort(key=lambda f: (not f.on_tour, -f.sources, f.value))
    return dict(result)


@dataclass
class Place:
    """Where a tour stands in the list the editor came from, and the tours either side."""

    list_name: str
    total: int
    position: int | None = None  # 1-based; None when the tour is not in the list (any more)
    previous: str | None = None
    next: str | None = None
    changelist: str = ""

    @property
    def description(self) -> str:
        if self.position is None:
            return f"{self.list_name}: not in it ({self.total} there)"
        return f"{self.list_name}: {self.position} of {self.total}"


def place_in_list(modeladmin, request, object_id) -> Place:
    """The tour's place in the changelist the editor came from, with that list's filters,
    search and order (from `_changelist_filters`); the whole list if they are not valid."""
    preserved = request.GET.get("_changelist_filters", "")
    listing = copy.copy(request)
    listing.GET = QueryDict(preserved)
    try:
        changelist = modeladmin.get_changelist_instance(listing)
    except (IncorrectLookupParameters, SuspiciousOperation):
        listing.GET = QueryDict()
        changelist = modeladmin.get_changelist_instance(listing)
    opts = modeladmin.opts
    context = {"opts": opts, "preserved_filters": modeladmin.get_preserved_filters(request)}

    def change_url(pk) -> str | None:
        if pk is None:
            return None
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(pk)])
        return add_preserved_filters(context, url)

    # Read in order up to the tour after this one, not the whole list: editors work from
    # its start, and an archive's list of tours can be long.
    current, first, previous, following, position = str(object_id), None, None, None, None
    tours = changelist.get_queryset(listing).values_list("pk", flat=True)
    for at, pk in enumerate(tours.iterator(chunk_size=500), start=1):
        if position is not None:
            following = pk
            break
        if str(pk) == current:
            position = at
        else:
            first = pk if first is None else first
            previous = pk
    return Place(
        list_name=str(opts.verbose_name_plural).capitalize(),
        total=changelist.result_count,
        position=position,
        previous=change_url(previous) if position else None,
        next=change_url(following if position else first),
        changelist=add_preserved_filters(
            context, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        ),
    )


def decision(request) -> str | None:
    """The status a review button of the posted form sets, if one was pressed."""
    return next((status for name, status in DECISIONS.items() if name in request.POST), None)


class ISODateInput(DateInput):
    """A date typed as 2024-03-18. Tours' dates are days: none of the admin's calendar and
    its "You are 8 hours behind server time" note, which is about times of day."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            {"placeholder": "YYYY-MM-DD", "size": 10, "autocomplete": "off", **(attrs or {})},
            format="%Y-%m-%d",
        )


@dataclass
class Review:
    """What the review screen shows beside the admin's form."""

    place: Place
    rows: list[FactRow]
    doubts: str
    suggestions: str
    sources: str
    source_count: int


def _given(shown: str) -> str:
    """An admin display's value, or nothing for its "—" (empty)."""
    return "" if shown == "—" else shown


class ReviewScreen:
    """A ModelAdmin's change page for tours as the review screen (templates/admin/archive/
    visit/change_form.html): facts beside their evidence, buttons (and keys) that mark the
    tour reviewed or rejected and go on to the next tour of the list."""

    formfield_overrides = {DateField: {"widget": ISODateInput}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Where the next tour is is read before the save: a tour marked reviewed leaves
        # the review queue.
        request.review_place = place_in_list(self, request, object_id)
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        place = getattr(request, "review_place", None)
        if change and obj is not None and place and self.has_change_permission(request, obj):
            context["review"] = Review(
                place=place,
                rows=fact_rows(context["adminform"].form, obj),
                doubts=_given(self.doubts_list(obj)),
                suggestions=_given(self.suggestions(obj)) if obj.curated_fields else "",
                sources=self.evidence(obj),
                source_count=obj.sources.count(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        status = decision(request)
        if status is None:
            return super().response_change(request, obj)
        place = request.review_place
        self.message_user(request, f"“{obj}” marked {status}.", messages.SUCCESS)
        if place.next:
            return HttpResponseRedirect(place.next)
        self.message_user(request, f"That was the last tour of the list ({place.list_name}).")
        return HttpResponseRedirect(place.changelist)
