"""Requests for a host the site does not serve (not in ALLOWED_HOSTS): internet scanners send
them all day. Django answers them with its 400 page, but from deep inside the middleware, so
without the security headers, and logs each as an ERROR with a traceback."""

import logging

from csp.middleware import CSPMiddleware
from django.core.exceptions import DisallowedHost
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.log import log_response
from django.views.defaults import bad_request

logger = logging.getLogger("django.security.DisallowedHost")


class RefuseUnknownHosts:
    """First in MIDDLEWARE: the site's 400 page, with the headers every answer gets, and one
    WARNING line naming the host."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The headers come from the middleware that sends them on every other answer, as
        # configured in the settings; this answer just does not pass through it.
        self.headers = [
            middleware(get_response)
            for middleware in (SecurityMiddleware, CSPMiddleware, XFrameOptionsMiddleware)
        ]

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost as refused:
            return self.refuse(request, refused)
        return self.get_response(request)

    def refuse(self, request, refused):
        response = bad_request(request, refused)
        for middleware in self.headers:
            response = middleware.process_response(request, response)
        host = request.META.get("HTTP_HOST", "")
        # Django's own log_response: it escapes the host and marks the answer logged, so the
        # request is not logged a second time as "Bad Request".
        log_response(
            "Refused a request for host %s: not in ALLOWED_HOSTS",
            host[:200],
            response=response,
            request=request,
            logger=logger,
            level="warning",
        )
        return response
