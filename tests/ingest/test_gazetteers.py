"""The shipped gazetteers: complete, and what editors change is kept."""

import datetime as dt

import pytest
from django.core.management import call_command

from archive.models import City, Official, Province, Theme

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_every_province_and_prefecture_level_city():
    assert Province.objects.count() == 34
    assert City.objects.filter(kind="city").count() == 293
    assert not Province.objects.filter(name_zh="").exists()
    assert not City.objects.filter(name_zh="").exists()
    wuhan = City.objects.get(name="Wuhan")
    assert (wuhan.name_zh, wuhan.province.name, wuhan.code) == ("武汉市", "Hubei", "420100")


def test_the_seventeen_themes_each_have_keywords():
    # tests/corpus checks that they are the ones the annotation guide defines.
    assert Theme.objects.count() == 17
    assert all(t.keywords and t.keywords_zh for t in Theme.objects.all())


def test_leaders_have_dated_posts():
    li = Official.objects.get(name="Li Qiang")
    assert li.name_zh == "李强"
    assert li.post_on(dt.date(2020, 1, 1)).title == "Party Secretary of Shanghai"
    assert li.post_on(dt.date(2024, 1, 1)).rank == "premier"
    for name in (
        "Xi Jinping",
        "Li Keqiang",
        "Zhang Guoqing",
        "Zhao Leji",
        "Wang Yang",
        "Hu Chunhua",
    ):
        assert Official.objects.get(name=name).posts.exists(), name


def test_loading_again_keeps_what_editors_changed():
    hubei = Province.objects.get(name="Hubei")
    hubei.aliases = ["E"]
    hubei.save()
    City.objects.filter(name="Ezhou").delete()
    call_command("load_gazetteers")
    hubei.refresh_from_db()
    assert hubei.aliases == ["E"]
    assert City.objects.filter(name="Ezhou").count() == 1  # a missing record comes back
    assert Province.objects.count() == 34
