import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from archive.editing.roles import EDITORS
from archive.ingest.extraction import extract
from archive.ingest.gazetteers import build_gazetteer
from archive.site import facet_index

from .articles import SEEDS, WRITTEN
from .browser import browser  # noqa: F401 (a fixture for the browser tests)
from .builders import kept_for_the_module, make_sample_tours
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


@pytest.fixture(scope="session", autouse=True)
def fast_passwords():
    """Production's hasher is slow on purpose; tests make and check many passwords."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def fresh_cache(private_cache):
    """Each test starts with no cached browse counts: its database starts afresh too (and so
    does the browse index of this process)."""
    cache.clear()
    facet_index.forget()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request in Chinese leaves its language active in the
    thread (LocaleMiddleware sets one for each request), which must not reach what the next
    test builds outside a request."""
    translation.deactivate()
    yield
    translation.deactivate()


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
        path = SEEDS / name if (SEEDS / name).exists() else WRITTEN / name
        return extract(path.read_text(encoding="utf-8"), gazetteer)

    return run


@pytest.fixture(scope="session")
def extract_text(gazetteer):
    def run(text: str, published: dt.date | None = None):
        return extract(text, gazetteer, published=published)

    return run


@pytest.fixture(scope="module")
def sample_tours(django_db_setup, django_db_blocker):
    """The sample tours of tests/builders.py, made once for a module's tests and rolled back
    after them: 25 tours by 16 leaders in 18 provinces."""
    with kept_for_the_module(django_db_blocker):
        yield make_sample_tours()


# The generator's corpora are dated up to this day, whatever today is: the same bytes every run.
GENERATED_UNTIL = "2026-11-21"


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory):
    """`generate_corpus` folders (deterministic for a size and seed), each written once a session.

    corpus = generated_corpus(120, seed=5)   # a folder of 120 articles and their gold.jsonl
    """
    made = {}

    def corpus(articles: int, seed: int = 1):
        if (articles, seed) not in made:
            folder = tmp_path_factory.mktemp(f"generated-{articles}-{seed}")
            call_command(
                "generate_corpus", "--articles", str(articles), "--seed", str(seed),
                "--output", str(folder), "--until", GENERATED_UNTIL, stdout=StringIO(),
            )  # fmt: skip
            made[articles, seed] = folder
        return made[articles, seed]

    return corpus


@pytest.fixture(scope="session")
def scratch_databases(tmp_path_factory):
    """Databases of their own for tests that run manage.py in other processes (scratch.py)."""
    databases = ScratchDatabases(tmp_path_factory.mktemp("scratch"))
    yield databases
    databases.drop_all()


@pytest.fixture
def editor(client):
    """A member of the Editors group, logged in on `client`."""
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user
