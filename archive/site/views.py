from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render

from archive import cache, search
from archive.models import Visit
from archive.site import browse, export
from archive.site.filters import VisitFilterSet


def home(request):
    return redirect("archive:visit-list")


def visit_list(request, format: str | None = None):
    if format or "format" in request.GET:
        return _visit_list(request, format)  # streamed downloads are not kept
    return cache.cached_page(request, lambda: _visit_list(request, format))


def _visit_list(request, format: str | None = None):
    params = request.GET
    filterset = VisitFilterSet(params, queryset=Visit.objects.public())
    if not filterset.is_valid():
        return _bad_request(
            request,
            filterset,
            [
                f"{filterset.filters[name].label}: {' '.join(errors)}"
                for name, errors in filterset.form.errors.items()
            ],
        )
    query = filterset.form.cleaned_data.get("q") or ""
    try:
        opts = browse.options(params, searching=bool(query.strip()))
        visits = browse.ordered(filterset.qs, opts.sort)
        format = format or params.get("format")
        if format in ("json", "csv"):
            return _download(visits, format)
        if format:
            raise browse.BadRequest(f"Unknown format {format[:20]!r}: use json or csv.")
        counts = browse.summary(filterset, getattr(request, "archive_version", None))
        page = browse.paginate(
            visits.prefetch_related("officials", "provinces", "cities", "themes"),
            opts,
            counts.total,
        )
    except browse.BadRequest as problem:
        return _bad_request(request, filterset, [str(problem)])
    context = browse.context(filterset, params, opts, page, counts)
    if query.strip():
        found = search.snippets([v.pk for v in page], query)
        for visit in page:
            visit.snippet = found.get(visit.pk)
    return render(request, "archive/visit_list.html", context)


def _bad_request(request, filterset, problems):
    return render(
        request,
        "archive/bad_request.html",
        {"problems": problems, "filterset": filterset},
        status=400,
    )


def _download(visits, format: str) -> StreamingHttpResponse:
    records = export.export_queryset(visits).iterator(chunk_size=500)
    if format == "csv":
        response = StreamingHttpResponse(
            export.csv_rows(records), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            export.json_array(records), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="tours.{format}"'
    return response
