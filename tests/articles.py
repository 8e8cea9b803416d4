"""Where the articles the tests read live.

- `seed(...)`: the five sample articles in fixtures/articles/ (real reports shipped with the
  project; `make serve` imports them).
- `written(...)`: short reports in tests/reports/, written for the tests (not news): other
  reports of the sample tours, a report without dates, a meeting that is not a tour.
- `dev(...)`: the real annotated corpus in ../shared/corpus/dev, beside the project but not
  part of it. Only tests/corpus reads it, and skips (`needs_shared`) where it is absent.
"""

from pathlib import Path

import pytest
from django.conf import settings

SEEDS = Path(settings.FIXTURES_DIR) / "articles"
WRITTEN = Path(__file__).parent / "reports"
SHARED = Path(settings.BASE_DIR).parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"

needs_shared = pytest.mark.skipif(
    not (DEV_CORPUS / "gold.jsonl").is_file() or not SCORER.is_file(),
    reason="measures on the real corpora of ../shared, which is not beside this clone",
)


def seed(prefix: str) -> Path:
    """One of the five seed articles, by its number ("000" .. "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def written(name: str) -> Path:
    """A report written for the tests, by name ("hubei-caption")."""
    path = WRITTEN / f"{name}.txt"
    assert path.is_file(), path
    return path


def dev(name: str) -> Path:
    return DEV_CORPUS / name
