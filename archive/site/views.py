"""Every public view: read the request, call the page builder, render or serve its data.

What each page shows is computed in archive/site/pages.py (and browse.py for /visits/);
each record page also answers ?format=json (a tour also at /visits/<id>.json).
"""

from __future__ import annotations

from functools import wraps

from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from archive import cache
from archive.models import (
    Article,
    City,
    Enterprise,
    FormerAddress,
    Official,
    Province,
    Theme,
    Visit,
)
from archive.site import about, browse, citations, compare, export, former, pages, releases
from archive.site.filters import VisitFilterSet
from archive.site.paging import BadRequest, NoSuchPage, first_page

RECORD_FORMATS = ("html", "json")


def answers_bad_requests(view):
    """A BadRequest raised while building a page is answered by a 400 page that says why; a
    page number past the last page by a 404 that links to the first page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return _bad_request(request, [str(problem)])
        except NoSuchPage as problem:
            context = {"problem": str(problem), "first_url": first_page(request.GET)}
            return render(request, "archive/no_such_page.html", context, status=404)

    return wrapped


def _bad_request(request, problems: list[str], filterset=None):
    context = {"problems": problems, "filterset": filterset}
    return render(request, "archive/bad_request.html", context, status=400)


def _version(request) -> str | None:
    """The archive's version if the page cache read it for this request (archive.cache)."""
    return getattr(request, "archive_version", None)


def wants_json(request, format: str | None = None) -> bool:
    value = format or request.GET.get("format") or "html"
    if value not in RECORD_FORMATS:
        raise BadRequest(
            _("Unknown format %(format)r: use json, or leave it out for the page.")
            % {"format": value[:20]}
        )
    return value == "json"


def _json(record) -> JsonResponse:
    return JsonResponse(record, safe=False, json_dumps_params={"ensure_ascii": False})


def home(request):
    return redirect("archive:visit-list")


# The language switch in every page's header posts here; Django's view sets the language
# cookie and sends the visitor back to the page. Without a CSRF token: the pages holding the
# switch are cached whole for every visitor, so they cannot carry one visitor's token, and
# a forged post could do no more than change the language a page is shown in.
choose_language = csrf_exempt(set_language)


# Browsing and searching tours -----------------------------------------------------------------


def visit_list(request, format: str | None = None):
    if format or "format" in request.GET:
        return cache.cached_download(request, lambda keep: _visit_list(request, format, keep))
    return cache.cached_page(request, lambda: _visit_list(request, format))


@answers_bad_requests
def _visit_list(request, format: str | None = None, keep=None):
    params = request.GET
    filterset = VisitFilterSet(params, queryset=Visit.objects.public())
    if not filterset.is_valid():
        return _bad_request(request, filterset.form.problems(), filterset)
    format = format or filterset.form.cleaned_data["format"]
    if format in ("json", "csv"):
        return _download(request, filterset.ordered_qs, format, keep)
    if format:
        raise BadRequest(_("Unknown format %(format)r: use json or csv.") % {"format": format[:20]})
    version = getattr(request, "archive_version", None)
    selection = browse.select(filterset, version)
    counts = browse.summary(filterset, version, selection)
    page = browse.paginate(filterset, counts.total, selection)
    context = browse.context(filterset, params, page, counts)
    context["rows"] = browse.rows(page, filterset.form.cleaned_data.get("q") or "", selection)
    return render(request, "archive/visit_list.html", context)


def _download(request, visits, format: str, keep=None) -> StreamingHttpResponse:
    """`keep`: what the text passes through on its way out (cache.cached_download's)."""
    site = _site(request)
    if format == "csv":
        text, content_type = export.csv_rows(visits, site), "text/csv; charset=utf-8"
    else:
        about = export.about(request.build_absolute_uri())
        text = export.json_download(visits, site, about)
        content_type = "application/json"
    text = export.started(text)
    body = export.ended_visibly(keep(text) if keep else text, format, request.get_full_path())
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tours.{format}"'
    return response


def _site(request) -> str:
    """The address the site was asked at (http://host), which exports write the tours'
    addresses under."""
    return request.build_absolute_uri("/").rstrip("/")


# Record pages ---------------------------------------------------------------------------------


@former.falls_back(FormerAddress.Kind.VISIT, "pk")
@answers_bad_requests
def visit_detail(request, pk: int, format: str | None = None):
    if wants_json(request, format):
        visit = get_object_or_404(Visit.objects.public(), pk=pk)
        return _json(export.visit_record(visit, _site(request)))
    visit = get_object_or_404(Visit.objects.public().for_tour_page(), pk=pk)
    return render(request, "archive/entity/visit.html", pages.visit_page(visit))


@former.falls_back(FormerAddress.Kind.OFFICIAL, "slug")
@answers_bad_requests
def official_detail(request, slug: str):
    official = get_object_or_404(Official, slug=slug)
    if wants_json(request):
        return _json(pages.official_json(official))
    context = pages.official_page(official, request.GET, _version(request))
    return render(request, "archive/entity/official.html", context)


@answers_bad_requests
def province_detail(request, code: str):
    province = get_object_or_404(Province, code=code)
    if wants_json(request):
        return _json(pages.province_json(province))
    context = pages.province_page(province, request.GET, _version(request))
    return render(request, "archive/entity/province.html", context)


@answers_bad_requests
def city_detail(request, code: str):
    city = get_object_or_404(City.objects.select_related("province"), code=code)
    if wants_json(request):
        return _json(pages.city_json(city))
    return render(
        request, "archive/entity/city.html", pages.city_page(city, request.GET, _version(request))
    )


@former.falls_back(FormerAddress.Kind.ENTERPRISE, "slug")
@answers_bad_requests
def enterprise_detail(request, slug: str):
    enterprise = get_object_or_404(Enterprise.objects.with_public_tours(), slug=slug)
    if wants_json(request):
        return _json(pages.enterprise_json(enterprise))
    context = pages.enterprise_page(enterprise, request.GET, _version(request))
    return render(request, "archive/entity/enterprise.html", context)


@answers_bad_requests
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    if wants_json(request):
        return _json(pages.theme_json(theme))
    return render(
        request,
        "archive/entity/theme.html",
        pages.theme_page(theme, request.GET, _version(request)),
    )


# Indexes --------------------------------------------------------------------------------------


@answers_bad_requests
def official_list(request):
    return render(request, "archive/entity/index.html", pages.officials_index(request.GET))


def province_list(request):
    return render(request, "archive/entity/index.html", pages.provinces_index())


def theme_list(request):
    return render(request, "archive/entity/index.html", pages.themes_index())


@answers_bad_requests
def enterprise_list(request):
    return render(request, "archive/entity/index.html", pages.enterprises_index(request.GET))


# Comparing ------------------------------------------------------------------------------------


def official_compare(request):
    context = compare.compare_page(request.GET)
    return render(request, "archive/compare.html", context, status=context["status"])


# Source articles and their citations ----------------------------------------------------------


def article_detail(request, pk: int):
    article, archive_url = _article(request, pk)
    context = pages.article_page(article, archive_url, timezone.localdate())
    return render(request, "archive/entity/article.html", context)


def article_ris(request, pk: int):
    article, archive_url = _article(request, pk)
    text = citations.ris(article, archive_url, timezone.localdate())
    response = HttpResponse(text, content_type=citations.RIS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{citations.filename(article, "ris")}"'
    return response


def article_csl(request, pk: int):
    article, archive_url = _article(request, pk)
    response = _json(citations.csl(article, archive_url, timezone.localdate()))
    response["Content-Type"] = citations.CSL_TYPE
    response["Content-Disposition"] = (
        f'attachment; filename="{citations.filename(article, "json")}"'
    )
    return response


def visit_ris(request, pk: int):
    visit, sources, url = _tour(request, pk)
    text = citations.visit_ris(visit, sources, url, timezone.localdate())
    response = HttpResponse(text, content_type=citations.RIS_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{citations.visit_filename(visit, "ris")}"'
    )
    return response


def visit_csl(request, pk: int):
    visit, sources, url = _tour(request, pk)
    response = _json(citations.visit_csl(visit, sources, url, timezone.localdate()))
    response["Content-Type"] = citations.CSL_TYPE
    response["Content-Disposition"] = (
        f'attachment; filename="{citations.visit_filename(visit, "json")}"'
    )
    return response


def _tour(request, pk: int) -> tuple[Visit, list[Article], str]:
    visit = get_object_or_404(Visit.objects.public(), pk=pk)
    sources = list(visit.sources.order_by("published", "file_name"))
    return visit, sources, request.build_absolute_uri(visit.get_absolute_url())


def _article(request, pk: int) -> tuple[Article, str]:
    article = get_object_or_404(Article.objects.select_related("visit"), pk=pk)
    return article, request.build_absolute_uri(article.get_absolute_url())


# About the archive, its data and its API -------------------------------------------------------


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def about_page(request):
    return render(request, "archive/about/about.html", about.about_page(_site(request)))


def data_dictionary(request):
    return render(request, "archive/about/dictionary.html", about.dictionary_page())


def api_docs(request):
    return render(request, "archive/about/api.html", about.api_page(_site(request)))


def openapi(request):
    return _json(about.openapi(_site(request)))


# The published dataset (manage.py publish_dataset) ----------------------------------------------

DOWNLOAD_TYPES = {
    "tours.csv": "text/csv; charset=utf-8",
    "tours.jsonl": "application/x-ndjson; charset=utf-8",
    "tours.sqlite3": "application/vnd.sqlite3",
    "SHA256SUMS": "text/plain; charset=utf-8",
    "CHANGELOG.md": "text/markdown; charset=utf-8",
    "release.json": "application/json",
}


def data(request):
    return render(request, "archive/about/data.html", about.data_page())


def data_file(request, name: str, filename: str):
    """A file of a release, streamed from DATASET_RELEASES_DIR."""
    release = next((r for r in releases.published() if r.name == name), None)
    if release is None or filename not in DOWNLOAD_TYPES:
        raise Http404("No such release file.")
    response = FileResponse(
        open(release.path / filename, "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type=DOWNLOAD_TYPES[filename],
        as_attachment=filename in releases.FILES,
        filename=f"{release.name}-{filename}" if filename in releases.FILES else filename,
    )
    return response


def data_latest(request, filename: str):
    """The latest release's file, wherever it lives: a link that stays."""
    release = releases.latest()
    if release is None or filename not in DOWNLOAD_TYPES:
        raise Http404("No release yet.")
    return redirect("archive:data-file", name=release.name, filename=filename)
