import base64
import hashlib

from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Field
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_model_for_model


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

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model's admin, django.contrib.auth's and django-axes' too, refuses a selection
        # that is not of ids (CheckedSelection).
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedSelection):
            admin_class = type(admin_class.__name__, (CheckedSelection, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


def is_id(field: Field, value: str) -> bool:
    """Whether the value can be the field's: a number, and one the database can hold."""
    try:
        field.clean(value, None)
    except ValidationError:
        return False
    return True


class CheckedSelection(admin.ModelAdmin):
    """An action posted with a selection that is not of ids answers 400, not a 500.

    Django filters the records by the values posted as they are (ValueError: "Field 'id'
    expected a number"); a browser posts only the ids of the list it was shown.
    """

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_id(self.opts.pk, value) for value in selected):
            raise BadRequest(f"The selection is not of {self.opts.verbose_name_plural}.")
        return super().response_action(request, queryset)


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's pages, answering 404 for an address without a record's id or a
    version's (django-simple-history queries with them as they are: a 500)."""

    def history_view(self, request, object_id, extra_context=None):
        self._check(self.opts.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check(self.opts.pk, unquote(object_id))
        self._check(get_history_model_for_model(self.model)._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check(self, field: Field, value: str) -> None:
        if not is_id(field, value):
            raise Http404(f"No {self.opts.verbose_name} version at {value[:20]!r}.")


class ArchiveAdminConfig(AdminConfig):
    """django.contrib.admin with the archive's site as admin.site."""

    default_site = "archive.editing.admin_site.ArchiveAdminSite"
