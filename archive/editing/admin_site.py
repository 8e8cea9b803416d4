import base64
import hashlib

from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


def style_hash(style: str) -> str:
    """A CSP source allowing exactly this inline style attribute (with 'unsafe-hashes')."""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# The admin runs under the site's Content Security Policy (settings.CONTENT_SECURITY_POLICY):
# Django's admin has no inline script or style. django-simple-history's history page has one
# inline style attribute; the admin allows exactly that one, by its hash, and nothing else.
ADMIN_CSP = {"style-src-attr": [UNSAFE_HASHES, style_hash("border-top: 0")]}


class ArchiveAdminSite(admin.AdminSite):
    """The admin, for editors: staff without any right are refused (403), not shown an empty page."""

    site_header = "Tour Archive: editors"
    site_title = "Tour Archive admin"
    index_title = "Curation"

    def admin_view(self, view, cacheable=False):
        return csp_update(ADMIN_CSP)(super().admin_view(view, cacheable))

    def index(self, request, extra_context=None):
        if not self.get_app_list(request):
            raise PermissionDenied
        return super().index(request, extra_context)


class ArchiveAdminConfig(AdminConfig):
    """django.contrib.admin with the archive's site as admin.site."""

    default_site = "archive.editing.admin_site.ArchiveAdminSite"
