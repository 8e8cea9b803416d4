"""Pages run the same number of SQL queries whatever the size of the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.importer import Importer
from tests.articles import DEV_CORPUS, SEEDS

pytestmark = pytest.mark.django_db

PAGES = [
    "/visits/",
    "/visits/?province=420000&official=li-qiang&theme=sci-tech-innovation&year=2024",
    "/visits/?q=innovation&sort=relevance",
    "/visits/?start=2023-01-01&end=2024-12-31&province=420000&province=330000",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(client):
    Importer().import_paths([str(SEEDS)])
    small = [count_queries(client, url) for url in PAGES]
    Importer().import_paths([str(DEV_CORPUS)])
    large = [count_queries(client, url) for url in PAGES]
    assert large == small
