from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.urls.converters import StringConverter

from archive.cache import cached_view as cached
from archive.site import entities, feeds, views
from archive.site.sitemaps import SITEMAPS

app_name = "archive"


class CodeConverter(StringConverter):
    """A place code as editors may type it, but never a NUL, which PostgreSQL refuses in text."""

    regex = r"[^/\x00]+"


register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.home, name="home"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits.<str:format>", views.visit_list, name="visit-list-format"),
    path("visits/feed/", feeds.VisitFeed(), name="visit-feed"),
    path("visits/<int:pk>/", cached(entities.visit_detail), name="visit-detail"),
    path(
        "visits/<int:pk>.json", cached(entities.visit_detail), {"format": "json"}, name="visit-json"
    ),
    path("officials/", cached(entities.official_list), name="official-list"),
    path("officials/<slug:slug>/", cached(entities.official_detail), name="official-detail"),
    path("provinces/", cached(entities.province_list), name="province-list"),
    path("provinces/<code:code>/", cached(entities.province_detail), name="province-detail"),
    path("cities/<code:code>/", cached(entities.city_detail), name="city-detail"),
    path("enterprises/", cached(entities.enterprise_list), name="enterprise-list"),
    path("enterprises/<slug:slug>/", cached(entities.enterprise_detail), name="enterprise-detail"),
    path("themes/", cached(entities.theme_list), name="theme-list"),
    path("themes/<slug:slug>/", cached(entities.theme_detail), name="theme-detail"),
    path("articles/<int:pk>/", cached(entities.article_detail), name="article-detail"),
    path("articles/<int:pk>/cite.ris", entities.article_ris, name="article-ris"),
    path("articles/<int:pk>/cite.json", entities.article_csl, name="article-csl"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
