import pytest

from archive.ingest.extraction import extract
from tests.articles import DEV_CORPUS


@pytest.fixture(scope="session")
def extract_dev(gazetteer):
    """Extraction on one article of the real dev corpus, by file name."""

    def run(name: str):
        return extract((DEV_CORPUS / name).read_text(encoding="utf-8"), gazetteer)

    return run
