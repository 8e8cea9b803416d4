from django.contrib import admin

from .models import Article, City, Enterprise, Evidence, Official, Post, Province, Theme, Visit


class CityInline(admin.TabularInline):
    model = City
    fields = ("name", "name_zh", "code", "kind", "aliases")
    extra = 0
    show_change_link = True


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "name_zh", "pinyin", "code", "aliases")
    inlines = [CityInline]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "province", "kind", "code")
    list_filter = ("kind", "province")
    search_fields = ("name", "name_zh", "pinyin", "code", "aliases")
    autocomplete_fields = ("province",)


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ("province",)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug")
    search_fields = ("name", "name_zh", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PostInline]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "province", "city", "industry")
    list_filter = ("province",)
    search_fields = ("name", "name_zh", "aliases", "key")
    autocomplete_fields = ("province", "city")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "keywords")


class SourceInline(admin.TabularInline):
    model = Article
    fields = ("title", "outlet", "published", "file_name", "url")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("title", "start_date", "end_date", "review_status")
    list_filter = ("review_status", "provinces", "themes", "officials")
    date_hierarchy = "start_date"
    search_fields = ("title", "summary")
    autocomplete_fields = (
        "officials",
        "accompanying",
        "provinces",
        "cities",
        "enterprises",
        "themes",
    )
    readonly_fields = ("curated_fields", "created_at", "updated_at")
    inlines = [SourceInline]

    def save_model(self, request, obj, form, change):
        # What an editor sets is curated: later imports leave it as it is.
        obj.mark_curated(*(f for f in form.changed_data if f in Visit.CURATABLE))
        super().save_model(request, obj, form, change)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("field", "value", "sentence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "is_tour", "visit", "file_name")
    list_filter = ("is_tour", "outlet", "language")
    search_fields = ("title", "file_name", "url")
    autocomplete_fields = ("visit",)
    readonly_fields = ("raw_text", "clean_text", "content_hash", "facts", "imported_at")
    inlines = [EvidenceInline]
