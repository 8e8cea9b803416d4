"""The shipped themes are the ones the annotation guide of ../shared/corpus defines."""

import re

import pytest

from archive.models import Theme
from tests.articles import SHARED, needs_shared

pytestmark = [needs_shared, pytest.mark.django_db]


def test_themes_are_the_seventeen_of_the_annotation_guide():
    guide = (SHARED / "corpus" / "ANNOTATION.md").read_text()
    themes_table = guide.split("Themes:", 1)[1]
    slugs = set(re.findall(r"^\| `([a-z-]+)` \|", themes_table, re.MULTILINE))
    assert len(slugs) == 17
    assert set(Theme.objects.values_list("slug", flat=True)) == slugs
