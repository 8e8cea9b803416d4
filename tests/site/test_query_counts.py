"""Pages run the same number of SQL queries whatever the size of the archive: the seed articles
first, then with more reports of their tours and a generated corpus of many more tours."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.importer import Importer
from archive.models import Visit
from archive.site import facet_index
from tests.articles import SEEDS, seed, written

pytestmark = pytest.mark.django_db

HUBEI, WUHAN = "420000", "420100"
MEMORY_CHIPS = "yangtze-memory-technologies-co"

BROWSE_PAGES = [
    "/visits/",
    "/visits/?province=420000&official=li-qiang&theme=sci-tech-innovation&year=2024",
    "/visits/?q=innovation&sort=relevance",
    "/visits/?start=2023-01-01&end=2024-12-31&province=420000&province=330000",
]


def record_pages() -> list[str]:
    visit = Visit.objects.get(sources__file_name=seed("000").name)
    article = visit.sources.first()
    return [
        f"/visits/{visit.pk}/",
        f"/visits/{visit.pk}.json",
        "/officials/li-qiang/",
        "/officials/li-qiang/?format=json",
        "/officials/compare/?a=li-qiang&b=xi-jinping",
        f"/provinces/{HUBEI}/",
        f"/provinces/{HUBEI}/?format=json",
        f"/cities/{WUHAN}/",
        f"/enterprises/{MEMORY_CHIPS}/",
        "/themes/advanced-manufacturing/",
        "/themes/advanced-manufacturing/?format=json",
        "/officials/",
        "/provinces/",
        "/themes/",
        "/enterprises/",
        f"/articles/{article.pk}/",
        f"/articles/{article.pk}/cite.ris",
        "/sitemap.xml",
    ]


def count_queries(client, url: str) -> int:
    # A page reads no relations of the tours whose rows an earlier page kept: count what it
    # costs with none kept, which is what must not grow.
    facet_index.forget_rows()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


def grow(generated_corpus) -> None:
    """More of everything the pages show: the Hubei tour's other reports, and a generated corpus
    with more tours of Li Qiang's and of Hubei's."""

    def sizes():
        return (
            Visit.objects.count(),
            Visit.objects.filter(officials__slug="li-qiang").count(),
            Visit.objects.filter(provinces__code=HUBEI).count(),
        )

    before = sizes()
    more = [written("hubei-caption"), written("hubei-undated"), generated_corpus(120, seed=2)]
    Importer().import_paths([str(path) for path in more])
    after = sizes()
    assert after[0] > 4 * before[0] and after[1] > before[1] and after[2] > before[2]
    assert Visit.objects.get(sources__file_name=seed("000").name).sources.count() == 3


def test_the_number_of_queries_does_not_grow_with_the_data(client, generated_corpus):
    Importer().import_paths([str(SEEDS)])
    small = [count_queries(client, url) for url in BROWSE_PAGES]
    grow(generated_corpus)
    large = [count_queries(client, url) for url in BROWSE_PAGES]
    assert large == small


def test_every_page_makes_the_same_number_of_queries_whatever_the_data(client, generated_corpus):
    Importer().import_paths([str(SEEDS)])
    # The browse index is read once per archive version, by whichever page comes first (a
    # query per table): read it before counting what each page costs.
    facet_index.current()
    few = {url: count_queries(client, url) for url in record_pages()}
    grow(generated_corpus)
    facet_index.current()
    many = {url: count_queries(client, url) for url in record_pages()}
    assert many == few
    # Record pages count, map and list their tours from the browse index: their queries read
    # the record, its posts or places, the page of tours and the tours alone in a month. The
    # richest pages, a tour's and an official's, take 12.
    assert max(many.values()) <= 12, many
