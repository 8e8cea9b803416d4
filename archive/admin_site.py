from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class ArchiveAdminSite(admin.AdminSite):
    """The admin, for editors: staff without any right are refused (403), not shown an empty page."""

    site_header = "Tour Archive: editors"
    site_title = "Tour Archive admin"
    index_title = "Curation"

    def index(self, request, extra_context=None):
        if not self.get_app_list(request):
            raise PermissionDenied
        return super().index(request, extra_context)


class ArchiveAdminConfig(AdminConfig):
    """django.contrib.admin with the archive's site as admin.site."""

    default_site = "archive.admin_site.ArchiveAdminSite"
