"""The importer on the whole real dev corpus of ../shared: the quality targets, scored by the
shared evaluation script, and batches that make the tours one-at-a-time imports make."""

import importlib.util
import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.importer import Importer
from archive.models import Article, Enterprise, Visit
from tests.articles import DEV_CORPUS, SCORER, needs_shared
from tests.scratch import tours_as_stored

pytestmark = [needs_shared, pytest.mark.django_db]


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dev_corpus_meets_the_quality_targets():
    """Import ../shared/corpus/dev, export, and score with the shared evaluation script."""
    Importer().import_paths([str(DEV_CORPUS)])
    out = StringIO()
    call_command("export_visits", "--format", "jsonl", stdout=out)
    predictions = [json.loads(line) for line in out.getvalue().splitlines()]
    gold = [
        json.loads(line) for line in (DEV_CORPUS / "gold.jsonl").read_text().splitlines() if line
    ]
    result = _scorer().score(gold, predictions)
    fields = result["fields"]
    assert result["detection"]["f1"] >= 0.95
    assert result["clustering"]["f1"] >= 0.90
    assert fields["officials"]["f1"] >= 0.95 and fields["provinces"]["f1"] >= 0.95
    assert fields["cities"]["f1"] >= 0.90
    assert fields["enterprises"]["f1"] >= 0.85 and fields["accompanying"]["f1"] >= 0.85
    assert fields["themes"]["f1"] >= 0.70
    assert result["date_accuracy"] >= 0.90


def test_a_batch_makes_the_tours_its_documents_imported_one_at_a_time_make():
    """On real reports, as tests/ingest does on generated ones."""
    Importer(batch_size=1).import_paths([str(DEV_CORPUS)])
    one_at_a_time = tours_as_stored()
    enterprises = set(Enterprise.objects.values_list("key", flat=True))
    Article.objects.all().delete()
    Visit.objects.all().delete()
    Enterprise.objects.all().delete()
    Importer(batch_size=200).import_paths([str(DEV_CORPUS)])
    assert len(one_at_a_time) >= 20
    assert tours_as_stored() == one_at_a_time
    assert set(Enterprise.objects.values_list("key", flat=True)) == enterprises
