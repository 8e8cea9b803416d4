"""Where the real articles the tests read live."""

from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.FIXTURES_DIR) / "articles"
DEV_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"
SCORER = Path(settings.BASE_DIR).parent / "shared" / "eval" / "score.py"


def seed(prefix: str) -> Path:
    """One of the five seed articles, by its number ("000" .. "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def dev(name: str) -> Path:
    return DEV_CORPUS / name
