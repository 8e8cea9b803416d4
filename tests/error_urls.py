"""The site's URLs plus views that fail, for tests of the error pages (ROOT_URLCONF override)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from config.urls import urlpatterns as site

SECRET = "a detail that must stay on the server"


def crash(request):
    raise RuntimeError(SECRET)


def forbid(request):
    raise PermissionDenied(SECRET)


def lose(request):
    raise Http404(SECRET)


def suspect(request):
    raise SuspiciousOperation(SECRET)


urlpatterns = [
    path("test-errors/500/", crash),
    path("test-errors/403/", forbid),
    path("test-errors/404/", lose),
    path("test-errors/400/", suspect),
    *site,
]
