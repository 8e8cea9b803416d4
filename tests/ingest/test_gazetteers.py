"""The shipped gazetteers: complete, and what editors change is kept."""

import datetime as dt
import json
from collections import Counter, defaultdict
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from archive.ingest.gazetteers import build_gazetteer, gazetteer_dir
from archive.models import City, County, Official, Post, Province, Theme

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_every_province_and_prefecture_level_city():
    assert Province.objects.count() == 34
    # The Ministry of Civil Affairs' 333 prefecture-level divisions, and the county-level
    # cities and areas administered by Henan, Hubei, Hainan and (the Corps') Xinjiang.
    assert Counter(City.objects.values_list("kind", flat=True)) == {
        "city": 293,
        "prefecture": 7,
        "autonomous_prefecture": 30,
        "league": 3,
        "provincial_city": 9,
        "county_city": 13,
    }
    assert not Province.objects.filter(name_zh="").exists()
    assert not City.objects.filter(name_zh="").exists()
    wuhan = City.objects.get(name="Wuhan")
    assert (wuhan.name_zh, wuhan.province.name, wuhan.code) == ("武汉市", "Hubei", "420100")


KIND_WORDS = {
    "city": "City",
    "prefecture": "Prefecture",
    "autonomous_prefecture": "Autonomous Prefecture",
    "league": "League",
    "provincial_city": "City",
}


def test_prefecture_level_divisions_have_short_and_long_names_in_both_languages():
    for city in City.objects.exclude(kind="county_city"):
        assert city.full_name.endswith(KIND_WORDS[city.kind]), city.full_name
        assert city.name_zh.startswith(city.short_zh) and len(city.short_zh) >= 2, city.name_zh
    changji = City.objects.get(code="652300")
    assert (changji.name, changji.full_name, changji.name_zh, changji.short_zh) == (
        "Changji",
        "Changji Hui Autonomous Prefecture",
        "昌吉回族自治州",
        "昌吉",
    )


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Kashgar", "653100"),
        ("Kashi", "653100"),
        ("Urumchi", "650100"),
        ("Xilin Gol League", "152500"),
        ("Hulun Buir", "150700"),
        ("Kumul", "650500"),
        ("Turfan", "650400"),
        ("Xiangfan", "420600"),
        ("Simao", "530800"),
        ("Ili Kazakh Autonomous Prefecture", "654000"),
        ("Shennongjia Forestry District", "429021"),
        ("Jilin City", "220200"),
        ("锡林郭勒", "152500"),
        ("巴音郭楞蒙古自治州", "652800"),
    ],
)
def test_prefecture_level_divisions_answer_to_their_other_spellings(gazetteer, spelling, code):
    assert code in [p.code for p in gazetteer.place_index[spelling]]


def test_the_seventeen_themes_each_have_keywords():
    # tests/corpus checks that they are the ones the annotation guide defines.
    assert Theme.objects.count() == 17
    assert all(t.keywords and t.keywords_zh for t in Theme.objects.all())
    # Key terms are loaded and reach extraction with the other keywords.
    assert "semiconductor" in Theme.objects.get(slug="semiconductors").key_terms


def test_an_editor_s_key_term_is_used_by_the_next_import():
    theme = Theme.objects.get(slug="automotive-mobility")
    theme.key_terms = [*theme.key_terms, "Scooters"]
    theme.save()
    assert ("automotive-mobility", "scooters") in build_gazetteer().theme_matcher.key_terms


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


def counties_source() -> dict:
    return json.loads((gazetteer_dir() / "counties.json").read_text(encoding="utf-8"))["source"]


def test_a_fresh_database_has_every_county_level_division_of_each_province():
    per_province = Counter(County.objects.values_list("province__code", flat=True))
    assert per_province == counties_source()["counties_per_province"]
    for code in ("810000", "820000", "710000"):  # Hong Kong, Macao, Taiwan: none listed
        assert per_province[code] == 0


def test_the_county_level_divisions_add_up_to_the_ministrys_national_figures():
    # The Ministry of Civil Affairs' count at the end of 2024 (2,846 county-level
    # divisions), independent of the package the fixture is built from. Directly
    # administered county-level cities and Shennongjia are among the cities.
    kinds = Counter(County.objects.values_list("kind", flat=True))
    for name_zh in City.objects.filter(kind__in=("provincial_city", "county_city")).values_list(
        "name_zh", flat=True
    ):
        kinds["forestry_district" if name_zh.endswith("林区") else "city"] += 1
    assert kinds == {
        "district": 977,
        "city": 397,
        "county": 1301,
        "autonomous_county": 117,
        "banner": 49,
        "autonomous_banner": 3,
        "special_district": 1,
        "forestry_district": 1,
    }


def test_every_county_belongs_to_a_prefecture_of_its_province():
    counties = County.objects.select_related("city__province", "province")
    for county in counties:
        if county.city is None:
            # Only where the province administers counties itself.
            assert county.province.kind == "municipality" or county.code.startswith("4690"), (
                county.name_zh
            )
            continue
        assert county.city.province == county.province, county.name_zh
        assert county.code[:4] == county.city.code[:4], county.name_zh
    assert not County.objects.filter(name="").exists()
    assert not County.objects.filter(name_zh="").exists()
    kunshan = County.objects.get(name_zh="昆山市")
    assert (kunshan.name, kunshan.short_zh, kunshan.kind, kunshan.code) == (
        "Kunshan",
        "昆山",
        "city",
        "320583",
    )
    assert kunshan.city.name == "Suzhou"


def only(matches):
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    "name", ["Kunshan", "Kunshan City", "昆山市", "昆山"], ids=["en", "en-full", "zh", "zh-short"]
)
def test_a_county_named_in_english_or_chinese_leads_to_its_prefecture(gazetteer, name):
    match = only(gazetteer.counties_named(name))
    assert (match.county.code, match.city.name, match.province.name) == (
        "320583",
        "Suzhou",
        "Jiangsu",
    )


@pytest.mark.parametrize(
    ("name", "city", "province"),
    [
        ("Yuhang District", "Hangzhou", "Zhejiang"),
        ("余杭", "Hangzhou", "Zhejiang"),
        ("Taxkorgan", "Kashgar", "Xinjiang"),  # an established English form
        ("Tashikuergan", "Kashgar", "Xinjiang"),  # and its pinyin
        ("塔什库尔干", "Kashgar", "Xinjiang"),  # without its nationality and kind
        ("Lu'an", None, None),  # a prefecture-level city, no county
        ("Pudong New Area", None, "Shanghai"),  # a municipality's district
        ("浦东", None, "Shanghai"),
        ("Ding'an", None, "Hainan"),  # a county the province administers
        ("Dingan", None, "Hainan"),
    ],
)
def test_counties_lead_to_their_prefecture_or_province(gazetteer, name, city, province):
    matches = gazetteer.counties_named(name)
    if province is None:
        assert matches == ()
        return
    match = only(matches)
    assert (match.city.name if match.city else None, match.province.name) == (city, province)


def test_a_name_several_counties_share_returns_them_all(gazetteer):
    chaoyang = gazetteer.counties_named("Chaoyang")
    places = {(m.city.name if m.city else None, m.province.name) for m in chaoyang}
    # Beijing's and Changchun's districts, the county of Chaoyang City, Shantou's 潮阳.
    assert {
        (None, "Beijing"),
        ("Changchun", "Jilin"),
        ("Chaoyang", "Liaoning"),
        ("Shantou", "Guangdong"),
    } <= places
    assert [m.county.code for m in chaoyang] == sorted(m.county.code for m in chaoyang)
    assert {m.province.name for m in gazetteer.counties_named("朝阳区")} == {"Beijing", "Jilin"}
    beijing = only(gazetteer.counties_named("Chaoyang", province="110000"))
    assert beijing.county.names_zh == ("朝阳区", "朝阳")


def test_a_county_named_as_a_prefecture_or_province_is_returned_beside_it(gazetteer):
    # 阜新 is a city of Liaoning and the county around it; "Hainan" a province, a
    # prefecture of Qinghai and a district of Wuhai: the lookup gives the counties, the
    # place index the rest, and the caller decides.
    fuxin = only(gazetteer.counties_named("阜新"))
    assert (fuxin.county.kind, fuxin.city.name) == ("autonomous_county", "Fuxin")
    assert [p.name for p in gazetteer.place_index["阜新"]] == ["Fuxin"]
    hainan = only(gazetteer.counties_named("Hainan"))
    assert (hainan.county.kind, hainan.city.name) == ("district", "Wuhai")
    assert {p.code for p in gazetteer.place_index["Hainan"]} >= {"460000"}


def test_loading_again_keeps_edited_counties_and_brings_back_deleted_ones():
    kunshan = County.objects.get(code="320583")
    kunshan.aliases = ["Quinsan"]
    kunshan.save()
    County.objects.filter(code="330110").delete()
    City.objects.filter(name="Ezhou").delete()  # takes its three districts along
    assert not County.objects.filter(city__code="420700").exists()
    call_command("load_gazetteers")
    kunshan.refresh_from_db()
    assert kunshan.aliases == ["Quinsan"]
    assert County.objects.get(code="330110").name == "Yuhang"
    assert County.objects.filter(city__name="Ezhou").count() == 3
    assert County.objects.count() == sum(counties_source()["counties_per_province"].values())


def test_what_editors_change_is_looked_up_by_the_next_import():
    County.objects.filter(code="320583").update(aliases=["Quinsan"])
    suzhou = City.objects.get(code="320500")
    County.objects.create(
        code="320599",
        name="Newtown",
        name_zh="新镇区",
        short_zh="新镇",
        kind="district",
        province=suzhou.province,
        city=suzhou,
    )
    gazetteer = build_gazetteer()
    assert only(gazetteer.counties_named("Quinsan")).county.code == "320583"
    assert only(gazetteer.counties_named("新镇")).city.name == "Suzhou"


# Long and odd names an editor may type: as long as the fields take, any characters.
odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
)


@hypothesis_settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=odd_text.map(lambda s: s[:100]),
    name_zh=odd_text.map(lambda s: (s * 50)[:50]),
    short_zh=odd_text.map(lambda s: s[:20]),
    alias=odd_text.map(lambda s: s * 300),
)
def test_counties_with_long_and_odd_names_are_stored_and_found(name, name_zh, short_zh, alias):
    ezhou = City.objects.get(name="Ezhou")
    County.objects.filter(code="429999").delete()
    County.objects.create(
        code="429999",
        name=name,
        full_name=(name * 3)[:100],
        name_zh=name_zh,
        short_zh=short_zh,
        pinyin=name,
        aliases=[alias, 'O\'Hare "quoted"'],
        kind="banner",
        province=ezhou.province,
        city=ezhou,
    )
    stored = County.objects.get(code="429999")
    assert (stored.name, stored.name_zh, stored.short_zh) == (name, name_zh, short_zh)
    assert stored.aliases == [alias, 'O\'Hare "quoted"']
    gazetteer = build_gazetteer()
    for written in (name, alias, name_zh, 'O\'Hare "quoted"'):  # name_zh: 50 characters
        codes = [m.county.code for m in gazetteer.counties_named(written)]
        assert "429999" in codes, written


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


def test_companies_forgotten_leave_the_gazetteer_as_if_never_learnt():
    # An extraction worker learns its share's companies and forgets them at its end
    # (archive.ingest.extractors): the indexes must be what they were, names that an
    # earlier company holds kept.
    from archive.ingest.extraction.gazetteer import EnterpriseEntry
    from archive.ingest.gazetteers import company_entry

    gazetteer = build_gazetteer()
    gazetteer.add_enterprise(company_entry("haier", "Haier", "海尔"))
    for name in ("enterprise_index", "enterprise_by_key"):
        getattr(gazetteer, name)
    gazetteer.chinese.enterprises  # noqa: B018 (built, so that it is kept up to date)
    before = (
        list(gazetteer.enterprises),
        dict(gazetteer.enterprise_index),
        dict(gazetteer.enterprise_by_key),
        dict(gazetteer.chinese.enterprises),
    )
    count = len(gazetteer.enterprises)
    learnt = [
        company_entry("haier", "Haier", "海尔"),  # the same names as one known
        EnterpriseEntry("hr", "HR Group", ("HR Group", "Haier"), ("海尔集团",), ("haier",)),
        company_entry("gree", "Gree Electric", "格力电器"),
    ]
    for entry in learnt:
        gazetteer.add_enterprise(entry)
    assert gazetteer.enterprise_by_key["gree"] is learnt[2]
    assert gazetteer.enterprise_index["Haier"] is not learnt[0]

    gazetteer.forget_enterprises_after(count)
    after = (
        gazetteer.enterprises,
        gazetteer.enterprise_index,
        gazetteer.enterprise_by_key,
        gazetteer.chinese.enterprises,
    )
    for was, now in zip(before, after, strict=True):
        assert now == was
        assert [id(v) for v in (now.values() if isinstance(now, dict) else now)] == [
            id(v) for v in (was.values() if isinstance(was, dict) else was)
        ]
