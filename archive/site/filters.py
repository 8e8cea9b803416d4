"""The query-string contract of /visits/: every search state is a URL.

The FilterSet holds the filters; its form (VisitSearchForm) also holds what is not a filter
(order, page size, page, download format) and checks the whole query string, so that a view
gets either a valid search or the problems to show.
"""

from __future__ import annotations

import datetime as dt
import re

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from archive.models import City, Enterprise, Official, Province, Theme, Visit
from archive.site.paging import is_number

MAX_QUERY_LENGTH = 500
PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
SORTS = {
    "newest": gettext_lazy("newest first"),
    "oldest": gettext_lazy("oldest first"),
    "relevance": gettext_lazy("relevance"),
}
FORMATS = ("csv", "json")


class VisitSearchForm(forms.Form):
    """The parameters of /visits/ besides the filters, and checks across parameters."""

    sort = forms.CharField(required=False)
    per_page = forms.CharField(required=False)
    page = forms.CharField(required=False)
    format = forms.CharField(required=False)
    # Their messages are whole sentences: shown without the field's label.
    OWN = ("sort", "per_page", "page", "format")

    def clean_per_page(self) -> int:
        value = self.cleaned_data["per_page"] or str(DEFAULT_PAGE_SIZE)
        if not is_number(value) or int(value) not in PAGE_SIZES:
            raise forms.ValidationError(
                _("Page size must be one of %(sizes)s.")
                % {"sizes": ", ".join(map(str, PAGE_SIZES))}
            )
        return int(value)

    def clean_page(self) -> int:
        value = self.cleaned_data["page"] or "1"
        if not is_number(value) or int(value) < 1:
            raise forms.ValidationError(_("The page number must be a whole number from 1."))
        return int(value)

    def clean_format(self) -> str:
        value = self.cleaned_data["format"]
        if value and value not in FORMATS:
            raise forms.ValidationError(
                _("Unknown format %(format)r: use json or csv.") % {"format": value[:20]}
            )
        return value

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the date range is before its start."))
        searching = bool((data.get("q") or "").strip())
        sort = data.get("sort") or ("relevance" if searching else "newest")
        if sort not in SORTS or (sort == "relevance" and not searching):
            self.add_error(
                "sort",
                _("Unknown sort order %(sort)r: use newest, oldest or (when searching) relevance.")
                % {"sort": sort[:40]},
            )
        data["sort"] = sort
        return data

    def problems(self) -> list[str]:
        """Every error, each as a sentence: a filter's prefixed with its label."""
        return [
            " ".join(errors)
            if name in self.OWN or name == forms.forms.NON_FIELD_ERRORS
            else _("%(filter)s: %(problem)s")
            % {"filter": self.fields[name].label, "problem": " ".join(errors)}
            for name, errors in self.errors.items()
        ]

    def kept(self, *replaced: str) -> list[tuple[str, str]]:
        """The query string's (name, value) pairs but these and the page: the hidden inputs
        of a form that sets these and keeps the rest of the search."""
        drop = {*replaced, "page"}
        return [(key, v) for key, values in self.data.lists() if key not in drop for v in values]


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
    q = filters.CharFilter(
        method="filter_search", label=gettext_lazy("Search"), max_length=MAX_QUERY_LENGTH
    )
    official = filters.ModelMultipleChoiceFilter(
        field_name="officials__slug",
        to_field_name="slug",
        queryset=Official.objects.all(),
        label=gettext_lazy("Official"),
    )
    # The officials who went along (a leader's page links its companions' tours with it).
    accompanying = filters.ModelMultipleChoiceFilter(
        field_name="accompanying__slug",
        to_field_name="slug",
        queryset=Official.objects.all(),
        label=gettext_lazy("Accompanied by"),
    )
    province = filters.ModelMultipleChoiceFilter(
        field_name="provinces__code",
        to_field_name="code",
        queryset=Province.objects.all(),
        label=gettext_lazy("Province"),
    )
    city = filters.ModelMultipleChoiceFilter(
        field_name="cities__code",
        to_field_name="code",
        queryset=City.objects.all(),
        label=gettext_lazy("City"),
    )
    enterprise = filters.ModelMultipleChoiceFilter(
        field_name="enterprises__slug",
        to_field_name="slug",
        queryset=Enterprise.objects.all(),
        label=gettext_lazy("Enterprise"),
    )
    theme = filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=gettext_lazy("Theme"),
    )
    year = YearFilter(label=gettext_lazy("Year"))
    month = MonthFilter(label=gettext_lazy("Month"))
    start = filters.DateFilter(method="filter_from", label=pgettext_lazy("date range", "From"))
    end = filters.DateFilter(method="filter_to", label=pgettext_lazy("date range", "To"))

    class Meta:
        model = Visit
        fields: list[str] = []
        form = VisitSearchForm

    def filter_search(self, queryset: QuerySet[Visit], name: str, value: str) -> QuerySet[Visit]:
        return queryset.search(value) if value.strip() else queryset

    def filter_from(self, queryset, name, value: dt.date):
        # A tour is in range when any of its days is: it ends on or after "from".
        return queryset.filter(
            Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value)
        )

    def filter_to(self, queryset, name, value: dt.date):
        return queryset.filter(start_date__lte=value)

    def filter_queryset(self, queryset: QuerySet[Visit], excluded=()) -> QuerySet[Visit]:
        # Only the filters: the form also holds order, page size, page and format.
        for name, filter_ in self.filters.items():
            if name not in excluded:
                queryset = filter_.filter(queryset, self.form.cleaned_data.get(name))
        return queryset

    def queryset_without(self, *excluded: str) -> QuerySet[Visit]:
        """The result under every active filter but these: what a facet's counts come from."""
        return self.filter_queryset(self.queryset, excluded)

    @property
    def ordered_qs(self) -> QuerySet[Visit]:
        """The result in the order the query string asks for."""
        sort = self.form.cleaned_data["sort"]
        if sort == "relevance":
            return self.qs.by_relevance()
        return self.qs.oldest_first() if sort == "oldest" else self.qs.newest_first()

    def active(self) -> list[tuple[str, str]]:
        """(parameter, value) pairs in the order of the query string."""
        return [
            (key, value)
            for key, values in self.data.lists()
            if key in self.filters
            for value in values
            if value.strip()
        ]
