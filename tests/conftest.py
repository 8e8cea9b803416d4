import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from archive.ingest.extraction import extract
from archive.ingest.gazetteers import build_gazetteer
from archive.ingest.importer import Importer

from .articles import DEV_CORPUS, SEEDS
from .browser import browser  # noqa: F401 (a fixture for the browser tests)
from .scratch import ScratchDatabases


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages are served as in production: hashed, compressed static files through whitenoise."""
    settings.STATIC_ROOT = str(tmp_path_factory.mktemp("static"))
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def private_cache():
    """A cache of this test run's own: test runs side by side must not share pages."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        yield


@pytest.fixture(autouse=True)
def fresh_cache(private_cache):
    """Each test starts with no cached browse counts: its database starts afresh too."""
    cache.clear()


def pytest_collection_modifyitems(items):
    # pytest-django sets up the test database only for tests that ask for one; the
    # gazetteer is read from it, so its users must ask too.
    for item in items:
        if "gazetteer" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def gazetteer(django_db_setup, django_db_blocker):
    """The shipped gazetteers, as the importer builds them from a fresh database."""
    with django_db_blocker.unblock():
        return build_gazetteer()


@pytest.fixture(scope="session")
def extract_file(gazetteer):
    def run(name: str):
        folder = SEEDS if (SEEDS / name).exists() else DEV_CORPUS
        return extract((folder / name).read_text(encoding="utf-8"), gazetteer)

    return run


@pytest.fixture(scope="session")
def extract_text(gazetteer):
    def run(text: str, published: dt.date | None = None):
        return extract(text, gazetteer, published=published)

    return run


@pytest.fixture(scope="module")
def dev_archive(django_db_setup, django_db_blocker):
    """The whole dev corpus imported once for a module's tests, rolled back after them.

    Each test still runs in its own transaction inside this one, so what a test
    changes is undone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        Importer().import_paths([str(DEV_CORPUS)])
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def scratch_databases(tmp_path_factory):
    """Databases of their own for tests that run manage.py in other processes (scratch.py)."""
    databases = ScratchDatabases(tmp_path_factory.mktemp("scratch"))
    yield databases
    databases.drop_all()
