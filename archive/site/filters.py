"""The query-string contract of /visits/: every search state is a URL."""

from __future__ import annotations

import datetime as dt
import re

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet

from archive.models import City, Enterprise, Official, Province, Theme, Visit

MAX_QUERY_LENGTH = 500
PAGE_SIZES = (10, 25, 50, 100)
SORTS = {"newest": "newest first", "oldest": "oldest first", "relevance": "relevance"}
FACET_PARAMS = ("official", "province", "city", "enterprise", "theme", "year", "month")


def is_number(value: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²", which int() refuses."""
    return value.isascii() and value.isdigit()


class MonthField(forms.MultipleChoiceField):
    """Months as YYYY-MM."""

    def valid_value(self, value: str) -> bool:
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
        return (
            bool(match) and 1900 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12
        )


class YearField(forms.MultipleChoiceField):
    def valid_value(self, value: str) -> bool:
        return is_number(value) and 1900 <= int(value) <= 2100


class MonthFilter(filters.MultipleChoiceFilter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for month in value:
            year, number = map(int, month.split("-"))
            condition |= Q(start_date__year=year, start_date__month=number)
        return qs.filter(condition)


class YearFilter(filters.MultipleChoiceFilter):
    field_class = YearField

    def filter(self, qs, value):
        return qs.filter(start_date__year__in=[int(v) for v in value]) if value else qs


class VisitFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="filter_search", label="Search", max_length=MAX_QUERY_LENGTH)
    official = filters.ModelMultipleChoiceFilter(
        field_name="officials__slug",
        to_field_name="slug",
        queryset=Official.objects.all(),
        label="Official",
    )
    province = filters.ModelMultipleChoiceFilter(
        field_name="provinces__code",
        to_field_name="code",
        queryset=Province.objects.all(),
        label="Province",
    )
    city = filters.ModelMultipleChoiceFilter(
        field_name="cities__code", to_field_name="code", queryset=City.objects.all(), label="City"
    )
    enterprise = filters.ModelMultipleChoiceFilter(
        field_name="enterprises__slug",
        to_field_name="slug",
        queryset=Enterprise.objects.all(),
        label="Enterprise",
    )
    theme = filters.ModelMultipleChoiceFilter(
        field_name="themes__slug", to_field_name="slug", queryset=Theme.objects.all(), label="Theme"
    )
    year = YearFilter(label="Year")
    month = MonthFilter(label="Month")
    start = filters.DateFilter(method="filter_from", label="From")
    end = filters.DateFilter(method="filter_to", label="To")

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Visit], name: str, value: str) -> QuerySet[Visit]:
        return queryset.search(value) if value.strip() else queryset

    def filter_from(self, queryset, name, value: dt.date):
        # A tour is in range when any of its days is: it ends on or after "from".
        return queryset.filter(
            Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value)
        )

    def filter_to(self, queryset, name, value: dt.date):
        return queryset.filter(start_date__lte=value)

    def clean_range(self) -> None:
        data = self.form.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.form.add_error("end", "The end of the date range is before its start.")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            self.clean_range()
        return self.form.is_valid() and not self.form.errors

    def queryset_without(self, *excluded: str) -> QuerySet[Visit]:
        """The result under every active filter but these: what a facet's counts come from."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self) -> list[tuple[str, str]]:
        """(parameter, value) pairs in the order of the query string."""
        return [
            (key, value)
            for key, values in self.data.lists()
            if key in self.filters
            for value in values
            if value.strip()
        ]
