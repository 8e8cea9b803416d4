"""The review queue's filters and counts: by reason (a doubt's code), by leader, by year.

Each is one query whatever the size of the archive: counts are aggregates, the leaders a
text box (with the browser's own suggestions), not a list of every official.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from archive.models import Doubt, Official, Visit


def reason_counts(tours: QuerySet[Visit]) -> list[tuple[str, str, int]]:
    """(code, label, number of these tours with that doubt), for every code, in the order of
    Doubt.Code; one query."""
    found = dict(
        Doubt.objects.filter(visit__in=tours.order_by().values("pk"))
        .order_by()
        .values_list("code")
        .annotate(n=Count("visit", distinct=True))
    )
    return [(code, label, found.get(code, 0)) for code, label in Doubt.Code.choices]


class ReasonFilter(admin.SimpleListFilter):
    title = "reason"
    parameter_name = "reason"
    NONE = "none"

    def lookups(self, request, model_admin):
        # Counted at the top of the queue, among the tours the other filters leave.
        return [*Doubt.Code.choices, (self.NONE, "No doubt")]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(doubts__isnull=True)
        if self.value() in Doubt.Code.values:
            return queryset.filter(doubts__code=self.value()).distinct()
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"
    UNDATED = "undated"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .order_by()
            .exclude(start_date=None)
            .annotate(year=ExtractYear("start_date"))
            .values_list("year", flat=True)
            .distinct()
        )
        return [*((str(y), str(y)) for y in sorted(years, reverse=True)), (self.UNDATED, "No date")]

    def queryset(self, request, queryset):
        if self.value() == self.UNDATED:
            return queryset.filter(start_date=None)
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class LeaderFilter(admin.ListFilter):
    """A leader by name: a text box, with the names of the queue's leaders as the browser's
    suggestions (a datalist), instead of a list of every official of the gazetteer."""

    title = "leader"
    parameter_name = "leader"
    template = "admin/archive/leader_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = params.pop(self.parameter_name, [""])
        self.value = (value[-1] if isinstance(value, list) else value).strip()
        self.request, self.model_admin = request, model_admin

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        if not self.value:
            return queryset
        return queryset.filter(officials__name__icontains=self.value).distinct()

    def choices(self, changelist):
        """The page's other parameters, kept as hidden fields of the filter's form."""
        kept = [
            (key, value)
            for key, values in self.request.GET.lists()
            if key not in (self.parameter_name, "p")
            for value in values
        ]
        yield {"kept": kept, "value": self.value, "names": self.names()}

    def names(self) -> list[str]:
        tours = self.model_admin.get_queryset(self.request).order_by().values("pk")
        return list(
            Official.objects.filter(visits__in=tours)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
