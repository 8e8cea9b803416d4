"""Pages of single records: a tour, an official, a place, an enterprise, a theme, an article.

Each also answers ?format=json (a tour also at /visits/<id>.json); what the pages show is
computed in archive/pages.py.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from archive.models import Article, City, Official, Province, Theme, Visit
from archive.site import citations, export, pages
from archive.site.pages import BadRequest, format_of


def answers_bad_requests(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return render(
                request, "archive/bad_request.html", {"problems": [str(problem)]}, status=400
            )

    return wrapped


def _json(record) -> JsonResponse:
    return JsonResponse(record, safe=False, json_dumps_params={"ensure_ascii": False})


@answers_bad_requests
def visit_detail(request, pk: int, format: str | None = None):
    if (format or format_of(request.GET)) == "json":
        visit = get_object_or_404(export.export_queryset(Visit.objects.public()), pk=pk)
        return _json(export.visit_record(visit))
    visit = get_object_or_404(pages.visit_queryset(), pk=pk)
    return render(request, "archive/entity/visit.html", pages.visit_page(visit))


def _record_page(request, record, kind: str):
    """A record's page, or with ?format=json its JSON: pages.<kind>_page / <kind>_json."""
    if format_of(request.GET) == "json":
        return _json(getattr(pages, f"{kind}_json")(record))
    context = getattr(pages, f"{kind}_page")(record, request.GET)
    return render(request, f"archive/entity/{kind}.html", context)


@answers_bad_requests
def official_detail(request, slug: str):
    return _record_page(request, get_object_or_404(Official, slug=slug), "official")


@answers_bad_requests
def province_detail(request, code: str):
    return _record_page(request, get_object_or_404(Province, code=code), "province")


@answers_bad_requests
def city_detail(request, code: str):
    city = get_object_or_404(City.objects.select_related("province"), code=code)
    return _record_page(request, city, "city")


@answers_bad_requests
def enterprise_detail(request, slug: str):
    enterprise = get_object_or_404(pages.enterprises_with_tours(), slug=slug)
    return _record_page(request, enterprise, "enterprise")


@answers_bad_requests
def theme_detail(request, slug: str):
    return _record_page(request, get_object_or_404(Theme, slug=slug), "theme")


@answers_bad_requests
def official_list(request):
    return render(request, "archive/entity/index.html", pages.officials_index(request.GET))


@answers_bad_requests
def province_list(request):
    return render(request, "archive/entity/index.html", pages.provinces_index())


@answers_bad_requests
def theme_list(request):
    return render(request, "archive/entity/index.html", pages.themes_index())


@answers_bad_requests
def enterprise_list(request):
    return render(request, "archive/entity/index.html", pages.enterprises_index(request.GET))


def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("visit"), pk=pk)
    archive_url = request.build_absolute_uri(article.get_absolute_url())
    context = pages.article_page(article, archive_url, timezone.localdate())
    return render(request, "archive/entity/article.html", context)


def _citation(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    archive_url = request.build_absolute_uri(article.get_absolute_url())
    return article, archive_url, timezone.localdate()


def article_ris(request, pk: int):
    article, archive_url, accessed = _citation(request, pk)
    response = HttpResponse(
        citations.ris(article, archive_url, accessed), content_type=citations.RIS_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{citations.filename(article, "ris")}"'
    return response


def article_csl(request, pk: int):
    article, archive_url, accessed = _citation(request, pk)
    response = _json(citations.csl(article, archive_url, accessed))
    response["Content-Type"] = citations.CSL_TYPE
    response["Content-Disposition"] = (
        f'attachment; filename="{citations.filename(article, "json")}"'
    )
    return response
