"""The shipped gazetteers: complete, and what editors change is kept."""

import datetime as dt
import json
import re
from collections import defaultdict
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.models import City, Official, Post, Province, Theme

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_every_province_and_prefecture_level_city():
    assert Province.objects.count() == 34
    assert City.objects.filter(kind="city").count() == 293
    assert not Province.objects.filter(name_zh="").exists()
    assert not City.objects.filter(name_zh="").exists()
    wuhan = City.objects.get(name="Wuhan")
    assert (wuhan.name_zh, wuhan.province.name, wuhan.code) == ("武汉市", "Hubei", "420100")


def test_themes_are_the_seventeen_of_the_annotation_guide():
    guide = (Path(settings.BASE_DIR).parent / "shared" / "corpus" / "ANNOTATION.md").read_text()
    themes_table = guide.split("Themes:", 1)[1]
    slugs = set(re.findall(r"^\| `([a-z-]+)` \|", themes_table, re.MULTILINE))
    assert len(slugs) == 17
    assert set(Theme.objects.values_list("slug", flat=True)) == slugs
    assert all(t.keywords for t in Theme.objects.all())


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


# The shipped officials file is what every fresh database and every extraction starts from:
# its posts decide who a "governor" or "Premier Li" is on a given day.
COVERED = (dt.date(2003, 3, 15), dt.date(2026, 11, 30))
TRANSITION = dt.timedelta(days=90)  # a post may stand empty this long between two holders
HANDOVER = dt.timedelta(days=31)  # two holders may overlap this long (an acting successor)


@pytest.fixture(scope="module")
def shipped():
    folder = Path(settings.FIXTURES_DIR) / "gazetteer"
    officials = json.loads((folder / "officials.json").read_text(encoding="utf-8"))
    places = json.loads((folder / "places.json").read_text(encoding="utf-8"))
    return officials, places["provinces"]


def held_posts(officials):
    """(official, post, start, end) with the dates parsed; an open post ends after COVERED."""
    for official in officials:
        for post in official["posts"]:
            start = dt.date.fromisoformat(post["start"])
            end = dt.date.fromisoformat(post["end"]) if post["end"] else dt.date.max
            yield official, post, start, end


def gaps(periods, first, last):
    """The stretches of first..last that none of the (start, end) periods covers."""
    found, day = [], first
    for start, end in sorted(periods):
        if start > day:
            found.append((day, min(start - dt.timedelta(days=1), last)))
        if end >= day:
            day = end + dt.timedelta(days=1) if end < last else last + dt.timedelta(days=1)
        if day > last:
            break
    if day <= last:
        found.append((day, last))
    return [(a, b) for a, b in found if a <= b]


def test_shipped_officials_follow_the_schema(shipped):
    officials, provinces = shipped
    ranks = set(Post.Rank.values)
    provincial = {"provincial_secretary", "governor"}
    province_names = {p["name"] for p in provinces}
    problems = []
    for official in officials:
        name = official.get("name", "")
        if set(official) != {"name", "name_zh", "aliases", "posts"}:
            problems.append(f"{name}: keys {sorted(official)}")
        if not name or not official["name_zh"] or not official["posts"]:
            problems.append(f"{name!r}: a name, a Chinese name and a post are required")
        if name in official["aliases"] or len(set(official["aliases"])) < len(official["aliases"]):
            problems.append(f"{name}: aliases repeat a name")
        for post in official["posts"]:
            if set(post) != {"title", "title_zh", "rank", "province", "start", "end"}:
                problems.append(f"{name}: post keys {sorted(post)}")
            if post["rank"] not in ranks or not post["title"]:
                problems.append(f"{name}: rank {post['rank']!r} or title missing")
            if (post["rank"] in provincial) != (post["province"] is not None):
                problems.append(f"{name}: {post['title']} and province {post['province']!r}")
            if post["province"] is not None and post["province"] not in province_names:
                problems.append(f"{name}: {post['province']!r} is not in places.json")
            start = dt.date.fromisoformat(post["start"])
            if post["end"] is not None and dt.date.fromisoformat(post["end"]) < start:
                problems.append(f"{name}: {post['title']} ends before it starts")
    assert not problems, "\n".join(problems)


def test_shipped_officials_have_one_name_each(shipped):
    officials, _ = shipped
    names = [o["name"] for o in officials]
    names_zh = [o["name_zh"] for o in officials]
    assert len(set(names)) == len(names), sorted(n for n in set(names) if names.count(n) > 1)
    assert len(set(names_zh)) == len(names_zh), sorted(
        n for n in set(names_zh) if names_zh.count(n) > 1
    )
    # An alias that is someone else's name (or alias) would make a mention ambiguous.
    owners = defaultdict(set)
    for official in officials:
        for spelling in (official["name"], *official["aliases"]):
            owners[spelling].add(official["name"])
    assert not {s: o for s, o in owners.items() if len(o) > 1}


def test_no_two_officials_hold_one_provincial_post_at_once(shipped):
    officials, _ = shipped
    holders = defaultdict(list)
    for official, post, start, end in held_posts(officials):
        if post["province"]:
            holders[(post["province"], post["rank"])].append((start, end, official["name"]))
    clashes = []
    for (province, rank), periods in holders.items():
        for (start, end, one), (start2, end2, other) in combinations(sorted(periods), 2):
            if one != other and min(end, end2) - max(start, start2) >= HANDOVER:
                clashes.append(f"{rank} of {province}: {one} until {end}, {other} from {start2}")
    assert not clashes, "\n".join(clashes)


def test_every_province_has_a_secretary_and_a_governor_on_every_day(shipped):
    officials, provinces = shipped
    mainland = [p["name"] for p in provinces if p["kind"] != "sar" and p["name"] != "Taiwan"]
    assert len(mainland) == 31
    periods = defaultdict(list)
    for _, post, start, end in held_posts(officials):
        periods[(post["province"], post["rank"])].append((start, end))
    missing = [
        f"{rank} of {province}: {first} to {last}"
        for province in mainland
        for rank in ("provincial_secretary", "governor")
        for first, last in gaps(periods[(province, rank)], *COVERED)
        if last - first >= TRANSITION
    ]
    assert not missing, "\n".join(missing)


def test_the_country_has_its_leaders_on_every_day(shipped):
    officials, _ = shipped
    periods = defaultdict(list)
    for _, post, start, end in held_posts(officials):
        periods[post["rank"]].append((start, end))
    for rank in ("general_secretary", "president", "premier"):
        assert not [g for g in gaps(periods[rank], *COVERED) if g[1] - g[0] >= TRANSITION], rank
        overlaps = sorted(periods[rank])
        assert all(a[1] < b[0] for a, b in pairwise(overlaps)), rank
