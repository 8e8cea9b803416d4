from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.urls.converters import StringConverter

from archive.cache import cached_view as cached
from archive.site import feeds, views
from archive.site.sitemaps import SITEMAPS

app_name = "archive"


class CodeConverter(StringConverter):
    """A place code as editors may type it, but never a NUL, which PostgreSQL refuses in text."""

    regex = r"[^/\x00]+"


register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.choose_language, name="language"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits.<str:format>", views.visit_list, name="visit-list-format"),
    path("visits/feed/", feeds.VisitFeed(), name="visit-feed"),
    path("visits/<int:pk>/", cached(views.visit_detail), name="visit-detail"),
    path("visits/<int:pk>.json", cached(views.visit_detail), {"format": "json"}, name="visit-json"),
    path("visits/<int:pk>/cite.ris", views.visit_ris, name="visit-ris"),
    path("visits/<int:pk>/cite.json", views.visit_csl, name="visit-csl"),
    path("officials/", cached(views.official_list), name="official-list"),
    path("officials/<slug:slug>/", cached(views.official_detail), name="official-detail"),
    path("provinces/", cached(views.province_list), name="province-list"),
    path("provinces/<code:code>/", cached(views.province_detail), name="province-detail"),
    path("cities/<code:code>/", cached(views.city_detail), name="city-detail"),
    path("enterprises/", cached(views.enterprise_list), name="enterprise-list"),
    path("enterprises/<slug:slug>/", cached(views.enterprise_detail), name="enterprise-detail"),
    path("themes/", cached(views.theme_list), name="theme-list"),
    path("themes/<slug:slug>/", cached(views.theme_detail), name="theme-detail"),
    path("articles/<int:pk>/", cached(views.article_detail), name="article-detail"),
    path("articles/<int:pk>/cite.ris", views.article_ris, name="article-ris"),
    path("articles/<int:pk>/cite.json", views.article_csl, name="article-csl"),
    path("about/", cached(views.about_page), name="about"),
    path("about/data-dictionary/", cached(views.data_dictionary), name="data-dictionary"),
    path("about/api/", cached(views.api_docs), name="api"),
    path("api/openapi.json", views.openapi, name="openapi"),
    path("data/", views.data, name="data"),
    path("data/latest/<str:filename>", views.data_latest, name="data-latest"),
    path("data/<str:name>/<str:filename>", views.data_file, name="data-file"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
