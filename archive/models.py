"""The archive's records: tours (Visit), who made them, where, whom they saw, and the sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A tour's many-to-many facts, in the order pages and exports show them.
RELATIONS = ("officials", "accompanying", "provinces", "cities", "enterprises", "themes")


def chinese_shown() -> bool:
    """Whether the page being made is in Chinese (the language LocaleMiddleware chose)."""
    return (translation.get_language() or "").startswith("zh")


def in_language(name: str, name_zh: str) -> str:
    """A record's name in the page's language: its Chinese name on a Chinese page, when it
    has one; its English name otherwise."""
    return name_zh if name_zh and chinese_shown() else name


class Named:
    """A record with an English `name` and a Chinese `name_zh`, shown in the page's language."""

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_zh)

    @property
    def name_beside(self) -> str:
        """The Chinese name printed beside the English one on an English page."""
        return "" if chinese_shown() else self.name_zh


class Place(Named, models.Model):
    """Shared fields of the place gazetteers."""

    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=100, blank=True)
    name_zh = models.CharField("Chinese name", max_length=50, blank=True)
    short_zh = models.CharField("short Chinese name", max_length=20, blank=True)
    pinyin = models.CharField(max_length=100, blank=True)
    code = models.CharField("administrative code", max_length=12, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings seen in news.")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def all_names(self) -> list[str]:
        """English spellings, the name first."""
        return [n for n in [self.name, self.full_name, self.pinyin, *self.aliases] if n]


class Province(Place):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Municipality")
        AUTONOMOUS_REGION = "autonomous_region", _("autonomous region")
        SAR = "sar", _("special administrative region")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROVINCE)
    history = HistoricalRecords()

    class Meta(Place.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("archive:province-detail", args=[self.code])


class City(Place):
    class Kind(models.TextChoices):
        CITY = "city", _("prefecture-level city")
        PREFECTURE = "prefecture", _("Prefecture")
        AUTONOMOUS_PREFECTURE = "autonomous_prefecture", _("autonomous prefecture")
        LEAGUE = "league", _("League")
        PROVINCIAL_CITY = "provincial_city", _("county-level city under the province")
        COUNTY_CITY = "county_city", _("other county-level city")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities")
    kind = models.CharField(max_length=25, choices=Kind.choices, default=Kind.CITY)
    history = HistoricalRecords()

    class Meta(Place.Meta):
        verbose_name_plural = "cities"

    def get_absolute_url(self) -> str:
        return reverse("archive:city-detail", args=[self.code])

    # What the archive lists under "cities": prefecture-level divisions whatever they are
    # called, and the county-level cities a province administers directly (Hainan's
    # Wuzhishan, Hubei's Xiantao); extraction's gazetteer.CITY_KINDS.
    LISTED_KINDS = ("city", "prefecture", "autonomous_prefecture", "league", "provincial_city")


class County(Place):
    """A county-level division: district, county, county-level city, banner, ...

    The importer resolves a county a report names to its prefecture-level division.
    The county-level cities and areas a province administers directly (Xiantao,
    Shennongjia, the Corps' cities) are City records instead.
    """

    class Kind(models.TextChoices):
        DISTRICT = "district"
        COUNTY = "county"
        CITY = "city", "county-level city"
        AUTONOMOUS_COUNTY = "autonomous_county", "autonomous county"
        BANNER = "banner"
        AUTONOMOUS_BANNER = "autonomous_banner", "autonomous banner"
        SPECIAL_DISTRICT = "special_district", "special district"
        FORESTRY_DISTRICT = "forestry_district", "forestry district"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="counties")
    # A city deleted takes its counties along; loading the gazetteers brings both back.
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counties",
        verbose_name="prefecture-level division",
        help_text="Empty where the province administers it directly: a municipality's "
        "districts and counties, Hainan's counties.",
    )
    kind = models.CharField(max_length=25, choices=Kind.choices, default=Kind.COUNTY)
    history = HistoricalRecords()

    class Meta(Place.Meta):
        verbose_name = "county-level division"
        verbose_name_plural = "county-level divisions"

    def clean(self) -> None:
        if self.city_id and self.province_id and self.city.province_id != self.province_id:
            raise ValidationError({"city": f"{self.city} is not in {self.province}."})


class OfficialQuerySet(models.QuerySet):
    def with_tour_counts(self):
        """Each annotated with `tours`: the public tours they led."""
        public = ~Q(visits__review_status=Visit.Review.REJECTED)
        return self.annotate(tours=models.Count("visits", filter=public, distinct=True))


class Official(Named, models.Model):
    name = models.CharField(max_length=100, unique=True)
    name_zh = models.CharField("Chinese name", max_length=50, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings seen in news.")
    slug = models.SlugField(max_length=100, unique=True)
    history = HistoricalRecords()

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:official-detail", args=[self.slug])

    def post_on(self, day: dt.date | None) -> Post | None:
        """The most senior post held on a day (or the latest post when the day is unknown)."""
        return Post.senior_on(self.posts.all(), day)


class PostQuerySet(models.QuerySet):
    def leading(self, province: Province):
        """The province's Party secretaries and governors (mayors, chairs of an autonomous
        region), earliest first, with their officials."""
        return (
            self.filter(province=province, rank__in=Post.PROVINCE_LEADERS)
            .select_related("official")
            .order_by("start", "pk")
        )


class Post(models.Model):
    class Rank(models.TextChoices):
        # Offices first, most senior first; memberships last. A leader's "post at the time"
        # is the first of these they held.
        GENERAL_SECRETARY = "general_secretary", _("General Secretary")
        PRESIDENT = "president", _("President")
        PREMIER = "premier", _("Premier")
        NPC_CHAIRMAN = "npc_chairman", _("NPC chairman")
        CPPCC_CHAIRMAN = "cppcc_chairman", _("CPPCC chairman")
        CCDI_SECRETARY = "ccdi_secretary", _("CCDI secretary")
        VICE_PRESIDENT = "vice_president", _("Vice President")
        VICE_PREMIER = "vice_premier", _("Vice Premier")
        STATE_COUNCILLOR = "state_councillor", _("State Councillor")
        PROVINCIAL_SECRETARY = "provincial_secretary", _("provincial Party secretary")
        GOVERNOR = "governor", _("governor or mayor")
        CENTRAL_OTHER = "central_other", _("other central post")
        PSC = "psc", _("Politburo Standing Committee")
        POLITBURO = "politburo", _("Politburo")
        SECRETARIAT = "secretariat", _("Secretariat")

    SENIORITY = [r.value for r in Rank]
    # Who leads a province: its Party secretary, then its governor.
    PROVINCE_LEADERS = (Rank.PROVINCIAL_SECRETARY.value, Rank.GOVERNOR.value)

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    title_zh = models.CharField(max_length=100, blank=True)
    rank = models.CharField(max_length=25, choices=Rank.choices)
    province = models.ForeignKey(
        Province, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty while the post is held.")
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["official", "start"]

    def __str__(self) -> str:
        end = self.end.year if self.end else ""
        return f"{self.title} ({self.start.year}–{end})"

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @staticmethod
    def senior_on(posts: Iterable[Post], day: dt.date | None) -> Post | None:
        """The most senior of these posts held on a day (the latest when the day is unknown)."""
        if day is not None:
            posts = [p for p in posts if p.held_on(day)]
        return min(
            posts, key=lambda p: (Post.SENIORITY.index(p.rank), -p.start.toordinal()), default=None
        )

    @staticmethod
    def holders_on(posts: Iterable[Post], day: dt.date | None) -> list[Post]:
        """Of these posts, the one of each rank held on a day, in the order of the ranks: the
        latest begun where a handover's days overlap. None on an unknown day."""
        if day is None:
            return []
        held: dict[str, Post] = {}
        for post in sorted(posts, key=lambda p: p.start):
            if post.held_on(day):
                held[post.rank] = post
        return sorted(held.values(), key=lambda p: Post.SENIORITY.index(p.rank))


class EnterpriseQuerySet(models.QuerySet):
    def with_public_tours(self):
        """Enterprises are learnt from tours: one without a public tour has no page."""
        public = Visit.objects.public().filter(enterprises=OuterRef("pk"))
        return self.filter(Exists(public)).select_related("province", "city")


class Enterprise(Named, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    key = models.CharField(
        max_length=200, unique=True, help_text="Normalised name used to match mentions."
    )
    name_zh = models.CharField("Chinese name", max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    province = models.ForeignKey(Province, on_delete=models.SET_NULL, null=True, blank=True)
    city = models.ForeignKey(City, on_delete=models.SET_NULL, null=True, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "company"
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:enterprise-detail", args=[self.slug])


class Theme(Named, models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    name_zh = models.CharField("Chinese name", max_length=100, blank=True)
    description = models.TextField(blank=True)
    description_zh = models.TextField("Chinese description", blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="English keywords and phrases, lower case."
    )
    key_terms = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "English keywords that name the theme outright, lower case: one mention in a "
            "sentence about the tour is enough (the other keywords need two)."
        ),
    )
    keywords_zh = models.JSONField(default=list, blank=True, help_text="Chinese keywords.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:theme-detail", args=[self.slug])

    @property
    def local_description(self) -> str:
        return in_language(self.description, self.description_zh)


class VisitQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(review_status=Visit.Review.REJECTED)

    def search(self, q: str):
        """Tours matching a websearch-style query, annotated with `rank` (higher is better)."""
        from archive.search import search

        return search(self, q)

    def newest_first(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-pk")

    def oldest_first(self):
        return self.order_by(models.F("start_date").asc(nulls_last=True), "pk")

    def per_leader(self, leaders: Iterable[Official], *by: str, **aggregates):
        """Rows (leader's pk, *by, n, *aggregates): these tours counted for each of these
        leaders, grouped by the fields `by` (a relation's field joins it: one row per value;
        a tour without one gives None), in one query."""
        return (
            self.filter(officials__in=leaders)
            .values_list("officials", *by)
            .annotate(n=models.Count("pk", distinct=True), **aggregates)
            .order_by()
        )

    def by_relevance(self):
        """Best matches of a search() first; among equals, newest first."""
        return self.order_by("-rank", models.F("start_date").desc(nulls_last=True), "-pk")

    def for_tour_page(self):
        """With everything a tour's page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "officials__posts",
            "accompanying",
            "provinces",
            "cities",
            "enterprises",
            "themes",
            Prefetch(
                "sources",
                queryset=Article.objects.order_by("published", "file_name").prefetch_related(
                    "evidence"
                ),
            ),
        )


class VisitManager(models.Manager.from_queryset(VisitQuerySet)):
    def get_queryset(self):
        # The search vector can be large and only archive.search writes it: never loaded, a
        # visit's save() cannot write a stale one back.
        return super().get_queryset().defer("search_vector")


# Named so that an import can write a tour's history row itself: one per tour per batch.
VISIT_HISTORY = HistoricalRecords(
    excluded_fields=["search_vector", "updated_at"], m2m_fields=list(RELATIONS)
)


class Visit(models.Model):
    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed"
        REVIEWED = "reviewed"
        REJECTED = "rejected"

    RELATIONS = RELATIONS
    # Fields an editor can curate; a curated field is never rewritten by an import.
    CURATABLE = ("title", "start_date", "end_date", "summary", *RELATIONS)

    title = models.CharField(max_length=300)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    officials = models.ManyToManyField(Official, related_name="visits", blank=True)
    accompanying = models.ManyToManyField(Official, related_name="accompanied_visits", blank=True)
    provinces = models.ManyToManyField(Province, related_name="visits", blank=True)
    cities = models.ManyToManyField(City, related_name="visits", blank=True)
    enterprises = models.ManyToManyField(Enterprise, related_name="visits", blank=True)
    themes = models.ManyToManyField(Theme, related_name="visits", blank=True)
    summary = models.TextField(blank=True)
    review_status = models.CharField(
        max_length=12, choices=Review.choices, default=Review.UNREVIEWED, db_index=True
    )
    curated_fields = models.JSONField(
        default=list, blank=True, help_text="Fields set by an editor; imports leave them alone."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by archive.search on PostgreSQL (its GIN index is made by migration 0002);
    # always empty on SQLite, which searches an FTS5 table instead.
    search_vector = SearchVectorField(null=True, editable=False)
    history = VISIT_HISTORY

    objects = VisitManager()

    class Meta:
        verbose_name = "tour"
        verbose_name_plural = "tours"
        ordering = [models.F("start_date").desc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="visit_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:visit-detail", args=[self.pk])

    @property
    def local_title(self) -> str:
        """The title in the page's language. The importer titles a tour by its leaders,
        provinces and month (ingest.matching.tour_title), in English; on a Chinese page that
        title is made again from the same records in Chinese. An editor's title stays as
        written. Reads the officials and provinces: prefetch them for a list of tours."""
        if not chinese_shown() or self.is_curated("title"):
            return self.title
        separator = translation.pgettext("list separator", ", ")
        who = separator.join(
            o.local_name for o in sorted(self.officials.all(), key=lambda o: o.name)
        ) or translation.gettext("Unknown leader")
        where = separator.join(
            p.local_name for p in sorted(self.provinces.all(), key=lambda p: p.name)
        ) or translation.gettext("China")
        if self.start_date is None:
            return translation.gettext("%(who)s in %(where)s") % {"who": who, "where": where}
        return translation.gettext("%(who)s in %(where)s, %(month)s") % {
            "who": who,
            "where": where,
            "month": date_format(self.start_date, translation.gettext("M Y")),
        }

    def is_curated(self, field: str) -> bool:
        return field in self.curated_fields

    def mark_curated(self, *fields: str) -> None:
        self.curated_fields = sorted(set(self.curated_fields) | set(fields))


class ReviewQueue(Visit):
    """Unreviewed tours, oldest first, for the admin's review queue."""

    class Meta:
        proxy = True
        verbose_name = "tour to review"
        verbose_name_plural = "tours to review"


class Doubt(models.Model):
    """One thing about a tour that a reviewer should check, with a stable code.

    A table rather than a list on the tour: the review queue filters, counts and sorts tours
    by their doubts, an indexed code does that alike on SQLite and PostgreSQL, and a doubt
    naming another tour goes when that tour does. Imports write a tour's doubts anew each
    time they touch it (archive.ingest.tour_store); the admin and the site read them.
    """

    class Code(models.TextChoices):
        NO_DATE = "no_date", "No date found"
        NO_OFFICIAL = "no_official", "No leader found"
        POST_MISMATCH = "post_mismatch", "Leader held no post on these dates"
        SOURCES_DISAGREE = "sources_disagree", "Sources disagree"
        UNKNOWN_ENTERPRISE = "unknown_enterprise", "Company not in the gazetteer"
        UNKNOWN_OFFICIAL = "unknown_official", "Official not in the gazetteer"
        POSSIBLE_DUPLICATE = "possible_duplicate", "Possible duplicate tour"
        LONG_SPAN = "long_span", "Unusually long dates"
        PLACE_ONCE = "place_once", "Place named by one source only"
        NO_SOURCES = "no_sources", "No sources left"

    # How much each weighs when the queue is sorted by how doubtful a tour is: a tour that
    # may be wrong as a whole (no leader, no date, no sources, a duplicate) before one with a
    # detail to check.
    WEIGHTS = {
        Code.NO_OFFICIAL: 5,
        Code.NO_SOURCES: 5,
        Code.POSSIBLE_DUPLICATE: 4,
        Code.NO_DATE: 3,
        Code.SOURCES_DISAGREE: 3,
        Code.POST_MISMATCH: 3,
        Code.LONG_SPAN: 2,
        Code.UNKNOWN_OFFICIAL: 2,
        Code.UNKNOWN_ENTERPRISE: 1,
        Code.PLACE_ONCE: 1,
    }
    DETAIL_LENGTH = 500

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="doubts")
    code = models.CharField(max_length=20, choices=Code.choices)
    detail = models.CharField(max_length=DETAIL_LENGTH, blank=True)
    # The other tour of a possible duplicate: the doubt goes when that tour is deleted.
    other = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "doubt"
        ordering = ["visit", "pk"]
        indexes = [models.Index(fields=["code", "visit"])]

    def __str__(self) -> str:
        return (
            f"{self.get_code_display()}: {self.detail}" if self.detail else self.get_code_display()
        )

    @classmethod
    def of(cls, code: str, detail: str = "", **kwargs) -> Doubt:
        """A doubt whose detail fits its column (a name may be long; PostgreSQL's text holds
        no NUL character)."""
        return cls(code=code, detail=detail.replace("\x00", "")[: cls.DETAIL_LENGTH], **kwargs)

    @classmethod
    def weight_of_tour(cls) -> Coalesce:
        """The summed weight of a tour's doubts (0 without any), for annotating tours.

        A subquery, not a join: the admin's tours also count their sources.
        """
        cases = [When(code=code, then=weight) for code, weight in cls.WEIGHTS.items()]
        summed = (
            cls.objects.filter(visit=OuterRef("pk"))
            .order_by()
            .values("visit")
            .annotate(weight=Sum(Case(*cases, default=1, output_field=models.IntegerField())))
            .values("weight")
        )
        return Coalesce(Subquery(summed), 0)


# A tour saved or deleted from the review queue's own pages is a ReviewQueue instance, and
# Django sends the proxy as the signals' sender: its history must be written as a Visit's is.
for _signal in ("post_save", "post_delete", "pre_delete"):
    getattr(models.signals, _signal).connect(
        getattr(VISIT_HISTORY, _signal), sender=ReviewQueue, weak=False
    )


class Article(models.Model):
    """A source exactly as read, kept whether or not it reports a tour."""

    file_name = models.CharField(max_length=255, blank=True, db_index=True)
    url = models.URLField(max_length=1000, blank=True)
    outlet = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")
    raw_text = models.TextField(help_text="The text exactly as read.")
    clean_text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    is_tour = models.BooleanField(default=False, db_index=True)
    facts = models.JSONField(default=dict, blank=True, help_text="What extraction found.")
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="sources"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    # Which tour an article belongs to is editors' work; its text never changes.
    history = HistoricalRecords(excluded_fields=["raw_text", "clean_text", "facts"])

    class Meta:
        ordering = ["published", "file_name"]

    def __str__(self) -> str:
        return self.title or self.file_name or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", args=[self.pk])


class Evidence(models.Model):
    """Where in a source one extracted fact was found."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    field = models.CharField(max_length=20)
    value = models.CharField(max_length=300)
    sentence = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the sentence in the clean text.")

    class Meta:
        verbose_name = "evidence"
        verbose_name_plural = "evidence"
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["field", "value"])]

    def __str__(self) -> str:
        return f"{self.field}: {self.value}"


class ArchiveVersion(models.Model):
    """One row whose number changes after every committed change to the archive's records.

    Browse pages key their cached counts on it, so every web process sees a change at once.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"archive version {self.number}"


class FormerAddress(models.Model):
    """The address of a record that no longer answers at it, and where it went.

    Written when an editor merges tours, officials or enterprises (the address of each one
    merged away leads to the one kept), deletes one (the address says it was removed) or
    changes an official's or enterprise's slug (the old slug leads to the new). The public site
    reads it only for an address no record answers (archive.site.views): a merged tour's old
    address redirects, a removed one answers 410 Gone with a page that says so.
    """

    class Kind(models.TextChoices):
        VISIT = "visit", "tour"
        OFFICIAL = "official"
        ENTERPRISE = "enterprise"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="The id or slug in the old address.")
    name = models.CharField(max_length=300, blank=True, help_text="What the record was called.")
    target = models.CharField(
        max_length=200,
        blank=True,
        help_text="The id or slug of the record it went into; empty when it was removed.",
    )
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "former address"
        verbose_name_plural = "former addresses"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="former_address_unique_key")
        ]

    def __str__(self) -> str:
        where = f"→ {self.target}" if self.target else "removed"
        return f"{self.kind} {self.key} {where}"

    @property
    def removed(self) -> bool:
        return not self.target

    def target_url(self, format: str | None = None) -> str:
        """The address of the record it went into (for a tour, also its .json address)."""
        if self.kind == self.Kind.VISIT:
            name = "archive:visit-json" if format == "json" else "archive:visit-detail"
            return reverse(name, args=[int(self.target)])
        return reverse(f"archive:{self.kind}-detail", args=[self.target])


class ExportLine(models.Model):
    """A tour's lines in the exports as last made from its records (archive.export_lines):
    each format's text before the tour's address and after it (the address is the site's,
    which a request names). Forgotten when the tour or a record it shows changes; a data
    migration that rewrites what the exports show must forget them all."""

    # The tour's id, not a foreign key: a tour deleted any way leaves at worst a line no
    # export reads (exports read the lines of the tours they select).
    visit_id = models.BigIntegerField(primary_key=True)
    # How many times its lines were forgotten: an export keeps lines made from records read
    # after it saw this count only while the count stays.
    changes = models.BigIntegerField(default=0)
    # Each format's made by the first export in it (null until then and once forgotten).
    csv_head = models.TextField(null=True)
    csv_tail = models.TextField(null=True)
    json_head = models.TextField(null=True)
    json_tail = models.TextField(null=True)
