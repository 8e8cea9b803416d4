"""The admin side of archive.editing.curation: actions that ask on a page of their own, then call it.

Each action shows a confirmation page (which record stays, which sources move, what a new
extraction changes) whose form posts back to the changelist with `post=yes`, as Django's
own "delete selected" does; plain forms, so they work without JavaScript.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archive import changes
from archive.editing import curation
from archive.models import Article, Theme, Visit


# Django lists an action for a user holding any one of its permissions; these need all of
# them. The ModelAdmins take them as has_merge_permission and has_split_permission.
def has_merge_permission(modeladmin, request) -> bool:
    """Merging changes the record kept and deletes the others."""
    return modeladmin.has_change_permission(request) and modeladmin.has_delete_permission(request)


def has_split_permission(modeladmin, request, visit=None) -> bool:
    """Splitting changes a tour and adds one."""
    return modeladmin.has_change_permission(request, visit) and modeladmin.has_add_permission(
        request
    )


def _url(opts, view: str, *args) -> str:
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _page(modeladmin, request, template: str, title: str, **context) -> TemplateResponse:
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "opts": opts,
            "title": title,
            "changelist_url": _url(opts, "changelist"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": request.POST.get("action", ""),
            **context,
        },
    )


# Merging: which record stays?


class SurvivorForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, empty_label=None, label="Keep"
    )

    def __init__(self, candidates, describe, data=None):
        super().__init__(data)
        self.fields["survivor"].queryset = candidates
        self.fields["survivor"].label_from_instance = describe


def _merge(modeladmin, request, queryset, merge, describe, consequences: str):
    opts = modeladmin.model._meta
    if queryset.count() < 2:
        modeladmin.message_user(
            request, f"Select at least two {opts.verbose_name_plural} to merge.", messages.WARNING
        )
        return None
    form = SurvivorForm(queryset, describe, request.POST if "post" in request.POST else None)
    if form.is_valid():
        survivor = form.cleaned_data["survivor"]
        try:
            done = merge(survivor, [o for o in queryset if o.pk != survivor.pk])
        except curation.CurationError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            return None
        modeladmin.message_user(request, str(done), messages.SUCCESS)
        return HttpResponseRedirect(_url(opts, "change", quote(survivor.pk)))
    return _page(
        modeladmin,
        request,
        "admin/archive/merge_confirmation.html",
        f"Merge {queryset.count()} {opts.verbose_name_plural}",
        form=form,
        queryset=queryset,
        consequences=consequences,
    )


def _describe_enterprise(enterprise) -> str:
    aliases = "; ".join(enterprise.aliases) or "none"
    zh = f" ({enterprise.name_zh})" if enterprise.name_zh else ""
    return f"{enterprise.name}{zh}: {enterprise.visits.count()} tour(s), aliases: {aliases}"


def _describe_official(official) -> str:
    aliases = "; ".join(official.aliases) or "none"
    zh = f" ({official.name_zh})" if official.name_zh else ""
    return (
        f"{official.name}{zh}: led {official.visits.count()} tour(s), accompanied "
        f"{official.accompanied_visits.count()}, {official.posts.count()} post(s), "
        f"aliases: {aliases}"
    )


def _describe_visit(visit) -> str:
    dates = f"{visit.start_date or '?'} – {visit.end_date or '?'}"
    curated = ", ".join(visit.curated_fields) or "none"
    return (
        f"#{visit.pk} {visit.title} ({dates}): {visit.sources.count()} source(s), "
        f"{visit.get_review_status_display()}, curated fields: {curated}"
    )


@admin.action(description="Merge selected enterprises…", permissions=["merge"])
def merge_enterprises(modeladmin, request, queryset):
    return _merge(
        modeladmin,
        request,
        queryset,
        curation.merge_enterprises,
        _describe_enterprise,
        "The enterprise you keep takes every tour of the others, and their names and aliases "
        "become its aliases. The others are deleted; no article is.",
    )


@admin.action(description="Merge selected officials…", permissions=["merge"])
def merge_officials(modeladmin, request, queryset):
    return _merge(
        modeladmin,
        request,
        queryset,
        curation.merge_officials,
        _describe_official,
        "The official you keep takes every tour the others led or accompanied and their "
        "posts; their names, aliases and Chinese names become its aliases. The others are "
        "deleted; no article is.",
    )


@admin.action(
    description="Merge selected tours (one tour reported several times)…",
    permissions=["merge"],
)
def merge_visits(modeladmin, request, queryset):
    return _merge(
        modeladmin,
        request,
        queryset,
        curation.merge_visits,
        _describe_visit,
        "The tour you keep takes every source of the others and is recomputed from all of "
        "them. Its curated fields stay; a field only another tour has curated is carried "
        "over. The other tours are deleted; their articles are kept, as sources of this one.",
    )


# Splitting a tour


class SplitForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Sources for the new tour",
        help_text="The sources you tick move to a new, unreviewed tour; at least one stays.",
    )

    def __init__(self, visit: Visit, data=None):
        super().__init__(data)
        self.fields["sources"].queryset = Article.objects.filter(visit=visit)
        self.fields["sources"].label_from_instance = _describe_article


def _describe_article(article: Article) -> str:
    when = article.published or "undated"
    where = ", ".join(p for p in (article.outlet, article.file_name) if p)
    return f"{article} ({when}{', ' + where if where else ''})"


@admin.action(description="Split the selected tour…", permissions=["split"])
def split_visit(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one tour to split.", messages.WARNING)
        return None
    return HttpResponseRedirect(_url(modeladmin.opts, "split", quote(queryset.get().pk)))


def split_view(modeladmin, request, object_id):
    """The split page of one tour (VisitAdmin.get_urls): tick the sources that move."""
    visit = modeladmin.get_object(request, object_id)
    if visit is None:
        raise Http404(f"No tour with id {object_id}.")
    if not has_split_permission(modeladmin, request, visit):
        raise PermissionDenied
    form = SplitForm(visit, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = curation.split_visit(visit, form.cleaned_data["sources"])
        except curation.CurationError as error:
            form.add_error("sources", str(error))
        else:
            modeladmin.message_user(request, str(done), messages.SUCCESS)
            return HttpResponseRedirect(_url(modeladmin.opts, "change", quote(done.new.pk)))
    return _page(
        modeladmin,
        request,
        "admin/archive/visit/split.html",
        f"Split tour #{visit.pk}",
        original=visit,
        form=form,
        change_url=_url(modeladmin.opts, "change", quote(visit.pk)),
    )


# Re-running extraction


@admin.action(description="Re-run extraction on selected articles…", permissions=["change"])
def reextract_articles(modeladmin, request, queryset):
    articles = list(queryset.order_by("pk"))
    if "post" in request.POST:
        results = curation.reextract(articles)
        changed = [r for r in results if not r.same]
        modeladmin.message_user(
            request,
            f"Extraction re-run on {len(results)} article(s), {len(changed)} changed: "
            + ("; ".join(f"{r.article}: {r.outcome}" for r in changed) or "nothing to apply."),
            messages.SUCCESS,
        )
        return None
    return _page(
        modeladmin,
        request,
        "admin/archive/article/reextract_confirmation.html",
        f"Re-run extraction on {len(articles)} article(s)",
        results=curation.preview_reextraction(articles),
        queryset=articles,
    )


# Bulk review: mark reviewed, reject, add a theme. Each shows what it will change, for the
# tours selected or for every tour of the filtered list ("select all N"), then does it.


class BulkForm(forms.Form):
    note = forms.CharField(
        label="Note for the history (optional)",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 70}),
        help_text="Kept with each tour's new version, after what was done.",
    )
    # What the page listed: the same tours must still be selected when it is confirmed.
    listed = forms.CharField(widget=forms.HiddenInput)


class ThemeForm(BulkForm):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), label="Theme to add")

    field_order = ["theme", "note", "listed"]


@dataclass
class BulkChange:
    """What a bulk action will do: the tours it changes, and those already so."""

    verb: str  # "marked reviewed"
    change: list[Visit]
    already: list[Visit]
    consequences: str = ""

    @property
    def lists(self) -> list[tuple[str, list[Visit]]]:
        groups = [
            (f"To be {self.verb}", self.change),
            ("Already so, left as they are", self.already),
        ]
        return [(name, tours) for name, tours in groups if tours]


def listed_digest(pks) -> str:
    return hashlib.sha256(",".join(str(pk) for pk in sorted(pks)).encode()).hexdigest()[:32]


def _bulk(modeladmin, request, queryset, form_class, plan, apply):
    """The confirmation page of a bulk action, then the action on exactly the tours listed."""
    tours = list(
        Visit.objects.filter(pk__in=queryset.values("pk"))
        .order_by("start_date", "pk")
        .prefetch_related("themes")
    )
    digest = listed_digest(t.pk for t in tours)
    confirmed = "post" in request.POST
    form = form_class(request.POST if confirmed else None, initial={"listed": digest})
    data, stale = None, False
    if confirmed and form.is_valid():
        data = form.cleaned_data
        if data["listed"] == digest:
            done = plan(tours, data)
            with transaction.atomic():
                apply(done, data)
            modeladmin.message_user(
                request, f"{len(done.change)} tour(s) {done.verb}.", messages.SUCCESS
            )
            return None
        # Another import or editor changed which tours are selected: show them again.
        stale = True
        form = form_class(initial={**data, "listed": digest})
    done = plan(tours, data)
    return _page(
        modeladmin,
        request,
        "admin/archive/visit/bulk_confirmation.html",
        f"{len(tours)} tour{'' if len(tours) == 1 else 's'} to be {done.verb}",
        form=form,
        done=done,
        stale=stale,
        selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        select_across=request.POST.get("select_across", "0"),
        back_url=request.get_full_path(),
    )


def _reason(what: str, data) -> str:
    note = (data.get("note") or "").strip()
    return f"{what} (bulk action): {note}" if note else f"{what} (bulk action)"


def _status(status: str, verb: str, consequences: str = ""):
    """A status action's plan and apply, for _bulk."""

    def plan(tours, data) -> BulkChange:
        return BulkChange(
            verb,
            [t for t in tours if t.review_status != status],
            [t for t in tours if t.review_status == status],
            consequences,
        )

    def apply(done: BulkChange, data) -> None:
        # One save each, so that each tour's history says who did it and why.
        reason = _reason(verb, data)
        for visit in Visit.objects.select_for_update().filter(pk__in=[t.pk for t in done.change]):
            visit.review_status = status
            visit._change_reason = reason
            visit.save(update_fields=["review_status", "updated_at"])

    return plan, apply


@admin.action(description="Mark reviewed…", permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    plan, apply = _status(Visit.Review.REVIEWED, "marked reviewed")
    return _bulk(modeladmin, request, queryset, BulkForm, plan, apply)


@admin.action(description="Reject (hide from the public site)…", permissions=["change"])
def mark_rejected(modeladmin, request, queryset):
    plan, apply = _status(
        Visit.Review.REJECTED,
        "rejected",
        "Rejected tours disappear from the public site; their articles stay.",
    )
    return _bulk(modeladmin, request, queryset, BulkForm, plan, apply)


def _plan_theme(tours, data) -> BulkChange:
    theme = data["theme"] if data else None
    having = (
        set(Visit.themes.through.objects.filter(theme=theme).values_list("visit_id", flat=True))
        if theme
        else set()
    )
    return BulkChange(
        f"given the theme {theme}" if theme else "given the theme you choose",
        [t for t in tours if t.pk not in having],
        [t for t in tours if t.pk in having],
        "Tours that already have the theme are left as they are. The theme is added to each tour's themes, which become an editor's field: later "
        "imports leave those tours' themes as they are.",
    )


def _apply_theme(done: BulkChange, data) -> None:
    theme = data["theme"]
    reason = _reason(f"theme {theme.name} added", data)
    visits = Visit.objects.select_for_update().filter(pk__in=[t.pk for t in done.change])
    for visit in visits:
        # One history row each, after the theme is added, with the relations as they stand.
        visit.skip_history_when_saving = True
        visit.themes.add(theme)
        del visit.skip_history_when_saving
        visit.mark_curated("themes")
        visit._change_reason = reason
        visit.save(update_fields=["curated_fields", "updated_at"])
    changes.tours_changed([t.pk for t in done.change])


@admin.action(description="Add a theme…", permissions=["change"])
def add_theme(modeladmin, request, queryset):
    return _bulk(modeladmin, request, queryset, ThemeForm, _plan_theme, _apply_theme)
