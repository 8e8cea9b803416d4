"""An import runs at a lower scheduling priority than the web processes (IMPORT_NICENESS)."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "articles").glob("*.txt"))[0]


@pytest.mark.django_db(transaction=True)
def test_an_import_lowers_its_own_priority(tmp_path):
    shutil.copy(SAMPLE, tmp_path)
    before = os.getpriority(os.PRIO_PROCESS, 0)
    if before >= 19:
        pytest.skip("this process already runs at the lowest priority")
    call_command("import_articles", str(tmp_path), niceness=before + 1, verbosity=0)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before + 1
    assert Article.objects.count() == 1
    # Asked for less than it has, it stays as nice as it is (raising priority needs rights).
    call_command("import_articles", str(tmp_path), niceness=0, verbosity=0)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before + 1


@pytest.mark.parametrize("niceness", [-1, 20])
def test_a_niceness_out_of_range_is_refused(tmp_path, niceness):
    with pytest.raises(CommandError, match="--niceness must be from 0 to 19"):
        call_command("import_articles", str(tmp_path), niceness=niceness)
