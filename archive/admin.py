"""The editors' workbench: curation, review, history, all in the Django admin."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from archive import changes
from archive.editing import curation
from archive.editing.actions import (
    has_merge_permission,
    has_split_permission,
    merge_enterprises,
    merge_officials,
    merge_visits,
    reextract_articles,
    split_view,
    split_visit,
)
from archive.editing.admin_site import HistoryAdmin
from archive.models import (
    Article,
    City,
    County,
    Enterprise,
    Evidence,
    Official,
    Post,
    Province,
    ReviewQueue,
    Theme,
    Visit,
)
from archive.site.highlight import highlighted


class CityInline(admin.TabularInline):
    model = City
    fields = ("name", "name_zh", "code", "kind", "aliases")
    extra = 0
    show_change_link = True


@admin.register(Province)
class ProvinceAdmin(HistoryAdmin):
    list_display = ("name", "name_zh", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "name_zh", "pinyin", "code", "aliases")
    inlines = [CityInline]


@admin.register(City)
class CityAdmin(HistoryAdmin):
    list_display = ("name", "name_zh", "province", "kind", "code")
    list_filter = ("kind", "province")
    search_fields = ("name", "full_name", "name_zh", "short_zh", "pinyin", "code", "aliases")
    autocomplete_fields = ("province",)


@admin.register(County)
class CountyAdmin(HistoryAdmin):
    """County-level divisions: the importer reads them to place a county in its prefecture."""

    list_display = ("name", "name_zh", "city", "province", "kind", "code")
    list_filter = ("kind", "province")
    list_select_related = ("city", "province")
    search_fields = ("name", "full_name", "name_zh", "short_zh", "pinyin", "code", "aliases")
    autocomplete_fields = ("province", "city")
    fields = (
        ("name", "full_name"),
        ("name_zh", "short_zh"),
        "pinyin",
        "aliases",
        ("code", "kind"),
        ("province", "city"),
    )


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ("province",)


class TourCountMixin:
    """A "tours" column: how many tours a record takes part in, sortable."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(tour_count=Count("visits", distinct=True))

    @admin.display(ordering="tour_count")
    def tours(self, record):
        return record.tour_count


class KeepsOldNames:
    """A renamed company or official keeps its old name as an alias, and its tours are found
    by its new names (see archive.editing.curation.keep_old_name)."""

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            curation.keep_old_name(obj, form.initial.get("name", ""))
        super().save_model(request, obj, form, change)
        if change and {"name", "name_zh", "aliases"} & set(form.changed_data):
            curation.names_changed(obj)


@admin.register(Official)
class OfficialAdmin(KeepsOldNames, TourCountMixin, HistoryAdmin):
    list_display = ("name", "name_zh", "tours")
    search_fields = ("name", "name_zh", "aliases", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PostInline]
    actions = [merge_officials]
    has_merge_permission = has_merge_permission


@admin.register(Post)
class PostAdmin(HistoryAdmin):
    list_display = ("official", "title", "rank", "province", "start", "end")
    list_filter = ("rank", "province")
    search_fields = ("official__name", "title", "title_zh")
    autocomplete_fields = ("official", "province")
    date_hierarchy = "start"


@admin.register(Enterprise)
class EnterpriseAdmin(KeepsOldNames, TourCountMixin, HistoryAdmin):
    list_display = ("name", "name_zh", "province", "city", "industry", "tours")
    list_filter = ("province",)
    search_fields = ("name", "name_zh", "aliases", "key")
    autocomplete_fields = ("province", "city")
    prepopulated_fields = {"slug": ("name",)}
    actions = [merge_enterprises]
    has_merge_permission = has_merge_permission


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ("name", "name_zh", "slug")
    search_fields = ("name", "name_zh", "slug", "keywords", "key_terms")


class SourceInline(admin.TabularInline):
    model = Article
    fields = ("title", "outlet", "published", "file_name", "url")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Mark selected tours as reviewed", permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Visit.Review.REVIEWED)


@admin.action(
    description="Reject selected tours (hidden from the public site)", permissions=["change"]
)
def mark_rejected(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Visit.Review.REJECTED)


def _set_status(modeladmin, request, queryset, status):
    # One save each, so that history records who reviewed what (on Visit, also from the
    # review queue's proxy).
    for visit in Visit.objects.filter(pk__in=queryset.values("pk")):
        visit.review_status = status
        visit.save(update_fields=["review_status", "updated_at"])
    modeladmin.message_user(request, f"{len(queryset)} tour(s) marked {status}.", messages.SUCCESS)


class VisitForm(forms.ModelForm):
    """A tour's form that tells what the editor changed from what changed under them.

    Each field's page also carries the value it was shown with (Django's hidden initial
    values), and a field counts as changed only if the editor's value differs from that one:
    an import (or another editor) may have changed the tour since the page was loaded, and
    its values must not come back as the editor's. A post without them, from a script, is
    compared with the tour as it is now.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = not self.is_bound or any(
            self.add_initial_prefix(name) in self.data for name in self.fields
        )
        for field in self.fields.values():
            field.show_hidden_initial = shown


@admin.register(Visit)
class VisitAdmin(HistoryAdmin):
    form = VisitForm
    list_display = ("title", "start_date", "end_date", "review_status", "source_count")
    list_filter = ("review_status", "officials", "provinces", "themes")
    date_hierarchy = "start_date"
    search_fields = ("title", "summary", "sources__title", "officials__name")
    autocomplete_fields = Visit.RELATIONS
    readonly_fields = (
        "doubts_list",
        "curated_fields",
        "suggestions",
        "evidence",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "review_status", "doubts_list", "start_date", "end_date")}),
        ("Who and where", {"fields": Visit.RELATIONS}),
        ("Summary", {"fields": ("summary",)}),
        ("What the sources say", {"fields": ("suggestions", "evidence")}),
        (
            "Record",
            {"fields": ("curated_fields", "created_at", "updated_at"), "classes": ("collapse",)},
        ),
    )
    inlines = [SourceInline]
    actions = [
        mark_reviewed,
        mark_rejected,
        merge_visits,
        split_visit,
    ]
    has_merge_permission = has_merge_permission
    has_split_permission = has_split_permission

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sources=Count("sources", distinct=True))

    def get_urls(self):
        split = self.admin_site.admin_view(partial(split_view, self))
        name = f"{self.opts.app_label}_{self.opts.model_name}_split"
        return [path("<path:object_id>/split/", split, name=name), *super().get_urls()]

    @admin.display(description="sources", ordering="n_sources")
    def source_count(self, visit):
        return visit.n_sources

    @admin.display(description="Why extraction was unsure")
    def doubts_list(self, visit):
        if not visit.doubts:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((d,) for d in visit.doubts))
        )

    @admin.display(description="Suggestions from the sources")
    def suggestions(self, visit):
        """Facts the sources give for curated fields that the tour does not carry."""
        current = {
            field: {str(o) for o in getattr(visit, field).all()} for field in Visit.RELATIONS
        }
        current["themes"] = {t.slug for t in visit.themes.all()}
        rows = [
            (e.field, e.value, e.article)
            for e in Evidence.objects.filter(
                article__visit=visit, field__in=visit.curated_fields
            ).select_related("article")
            if e.field in current and e.value not in current[e.field]
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: <strong>{}</strong> (from {})</li>", rows),
        )

    @admin.display(description="Sources with the facts found in them")
    def evidence(self, visit):
        names = {("themes", slug): name for slug, name in Theme.objects.values_list("slug", "name")}
        parts = [
            format_html(
                '<section class="evidence-source"><h3>{}</h3><div class="evidence-text">{}</div></section>',
                article,
                highlighted(article.clean_text, article.evidence.all(), names),
            )
            for article in visit.sources.prefetch_related("evidence")
        ]
        return mark_safe("".join(parts)) if parts else "—"

    def save_model(self, request, obj, form, change):
        # What an editor sets is curated: later imports leave it as it is.
        curated = [f for f in form.changed_data if f in Visit.CURATABLE]
        if not change or getattr(request, "reverting_visit", False):
            obj.mark_curated(*curated)
            super().save_model(request, obj, form, change)
            return
        # Only what the editor changed is written, the rest read afresh, all under the tour's
        # lock: an import that changed the tour since the page was loaded keeps its changes,
        # and one under way finishes first (it re-reads the curated fields under the same lock).
        current = Visit.objects.select_for_update().get(pk=obj.pk)
        written = [f.attname for f in Visit._meta.concrete_fields if f.name in form.changed_data]
        for field in Visit._meta.concrete_fields:
            if field.attname not in written and field.attname not in current.get_deferred_fields():
                setattr(obj, field.attname, getattr(current, field.attname))
        obj.mark_curated(*curated)
        obj.save(update_fields=[*written, "curated_fields", "updated_at"])

    def save_related(self, request, form, formsets, change):
        if change:
            # Only the relations the editor changed, as in save_model.
            relations = {f.name for f in Visit._meta.many_to_many}
            for name in form.changed_data:
                if name in relations:
                    getattr(form.instance, name).set(form.cleaned_data[name])
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)
        changes.tours_changed([form.instance.pk])

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting to a version writes all of it back, every field and relation.
        request.reverting_visit = True
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)  # its articles stay, without a tour
        changes.tours_deleted([pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        changes.tours_deleted(pks)

    class Media:
        css = {"all": ("archive/admin.css",)}


@admin.register(ReviewQueue)
class ReviewQueueAdmin(VisitAdmin):
    list_display = ("title", "created_at", "start_date", "source_count", "reasons")
    list_filter = ("officials", "provinces")
    ordering = ("created_at", "pk")
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(review_status=Visit.Review.UNREVIEWED)

    @admin.display(description="why unsure")
    def reasons(self, visit):
        return "; ".join(visit.doubts) or "—"

    # The queue is a view of tours, with no history of its own: its History button shows the
    # tour's (a reviewed tour's too, though it has left the queue).
    def history_view(self, request, object_id, extra_context=None):
        tours = self.admin_site.get_model_admin(Visit)
        return tours.history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        tours = self.admin_site.get_model_admin(Visit)
        return tours.history_form_view(request, object_id, version_id, extra_context)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("field", "value", "sentence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ("title", "outlet", "published", "is_tour", "visit", "file_name")
    list_filter = ("is_tour", "outlet", "language")
    search_fields = ("title", "file_name", "url")
    autocomplete_fields = ("visit",)
    readonly_fields = ("raw_text", "clean_text", "content_hash", "facts", "imported_at")
    inlines = [EvidenceInline]
    actions = [reextract_articles]

    def has_delete_permission(self, request, obj=None):
        # The archive keeps every source; only a superuser may remove one.
        return request.user.is_superuser


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("field", "value", "article")
    list_filter = ("field",)
    search_fields = ("value", "sentence")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
