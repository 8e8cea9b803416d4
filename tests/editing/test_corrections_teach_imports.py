"""An editor's correction teaches the next import (issue 16): a company renamed or merged is
found by every name it has had, a place or official added is looked for at once, and a
rejected tour's reports are not made into a tour again.

Each correction is made through the admin's pages, as an editor makes it, and then articles
written here in the crawl format are imported: by a new import, and by one that was already
running when the editor made it (`importer` below), which reads the change at its next batch.
"""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from archive.editing.curation import split_visit
from archive.editing.roles import EDITORS
from archive.ingest.gazetteers import LOADED
from archive.ingest.importer import Importer, Outcome
from archive.models import Article, City, Enterprise, Official, Province, Visit
from tests.articles import seed, written
from tests.forms import browser_form, save_in_admin

pytestmark = pytest.mark.django_db

ZHENXIN = "Zhenxin Battery Technology Co., Ltd."
HANJIANG = "Hanjiang Power Cells Group"


def report(company: str, day: int, month: str = "May", number: int = 5) -> str:
    """A report of Li Qiang's tour of Hubei on two days from `day`, naming a company: reports
    five days apart or more are of different tours."""
    return (
        f" date 2024-{number:02d}-{day + 2:02d} Premier inspects Hubei\n\n"
        f"WUHAN, {month} {day + 1} (Xinhua) -- Chinese Premier Li Qiang made an inspection tour "
        f"in central China's Hubei Province from {month} {day} to {day + 1}. In Wuhan, Li "
        f"visited {company}, where he learned about the making of batteries for electric cars.\n"
    )


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


@pytest.fixture
def chief():
    """Whoever manages the gazetteers' records editors cannot add (provinces and cities)."""
    client = Client()
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "x" * 20))
    return client


@pytest.fixture(params=["new import", "running import"])
def importer(request):
    """What imports after the editor's change: a new import each time, or one import that
    was running before the change (the same Importer, its gazetteer read at its start)."""
    running = Importer()
    return running if request.param == "running import" else None


def run_import(importer, folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return (importer or Importer()).import_paths([str(path)])


def add(client, model, **values):
    url = reverse(f"admin:archive_{model}_add")
    data = browser_form(client.get(url), f"{model}_form")
    data.update({name: [value] for name, value in values.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def companies_of(file_name):
    return [e.name for e in Visit.objects.get(sources__file_name=file_name).enterprises.all()]


def found(q):
    return set(Visit.objects.search(q).values_list("pk", flat=True))


# A company renamed or merged


def test_a_renamed_company_is_found_by_its_new_name_its_old_name_and_its_aliases(
    editor, importer, tmp_path
):
    run_import(importer, tmp_path, "first.txt", report(ZHENXIN, 7))
    company = Enterprise.objects.get()
    first = Visit.objects.get()

    save_in_admin(editor, company, name=HANJIANG, aliases=json.dumps(["ZXB"]))

    company.refresh_from_db()
    assert company.name == HANJIANG
    assert company.aliases == ["ZXB", ZHENXIN]  # the old name is kept
    assert found("Hanjiang") == {first.pk}  # the tour's search entry names it anew
    named = {
        "new-name.txt": HANJIANG,
        "new-name-spelt-otherwise.txt": "Hanjiang Power Cells Co., Ltd.",
        "old-name.txt": ZHENXIN,
        "old-name-spelt-otherwise.txt": "Zhenxin Battery Technology",
        "alias.txt": "ZXB",
    }
    for day, (name, company_name) in enumerate(named.items(), start=1):
        run_import(importer, tmp_path, name, report(company_name, 5 * day, "June", 6))
    assert Enterprise.objects.count() == 1
    for name in named:
        assert companies_of(name) == [HANJIANG], name
    assert Visit.objects.count() == 1 + len(named)


def test_merged_companies_are_found_by_every_name_either_had(editor, importer, tmp_path):
    run_import(importer, tmp_path, "zhenxin.txt", report(ZHENXIN, 7))
    run_import(importer, tmp_path, "hanjiang.txt", report(HANJIANG, 14))
    zhenxin, hanjiang = Enterprise.objects.get(name=ZHENXIN), Enterprise.objects.get(name=HANJIANG)

    response = editor.post(
        reverse("admin:archive_enterprise_changelist"),
        {
            "action": "merge_enterprises",
            "_selected_action": [zhenxin.pk, hanjiang.pk],
            "post": "yes",
            "survivor": hanjiang.pk,
        },
    )

    assert response.status_code == 302
    assert list(Enterprise.objects.all()) == [hanjiang]
    named = {
        "loser.txt": ZHENXIN,
        "loser-spelt-otherwise.txt": "Zhenxin Battery Technology",
        "survivor.txt": HANJIANG,
        "survivor-spelt-otherwise.txt": "Hanjiang Power Cells Co., Ltd.",
    }
    for day, (name, company_name) in enumerate(named.items(), start=1):
        run_import(importer, tmp_path, name, report(company_name, 5 * day, "June", 6))
    assert list(Enterprise.objects.all()) == [hanjiang]
    for name in ["zhenxin.txt", *named]:
        assert companies_of(name) == [HANJIANG], name


def test_a_company_merged_into_one_named_in_chinese_is_found_in_chinese_reports(
    editor, importer, tmp_path
):
    chinese = (
        "李强在湖北调研\n\n新华社武汉5月8日电 中共中央政治局常委、国务院总理李强5月7日至8日"
        "在湖北武汉调研，考察了{}。"
    )
    run_import(importer, tmp_path, "zh.txt", chinese.format("振信电池科技有限公司"))
    run_import(importer, tmp_path, "en.txt", report(ZHENXIN, 14))
    english, named_in_chinese = (
        Enterprise.objects.get(name=ZHENXIN),
        Enterprise.objects.exclude(name=ZHENXIN).get(),
    )

    editor.post(
        reverse("admin:archive_enterprise_changelist"),
        {
            "action": "merge_enterprises",
            "_selected_action": [english.pk, named_in_chinese.pk],
            "post": "yes",
            "survivor": english.pk,
        },
    )

    english.refresh_from_db()
    assert english.name_zh == "振信电池科技有限公司"
    run_import(
        importer, tmp_path, "zh-again.txt", chinese.format("振信电池科技公司").replace("5月", "6月")
    )
    assert list(Enterprise.objects.all()) == [english]
    assert companies_of("zh-again.txt") == [ZHENXIN]


# A place or an official added


HEBEI_REPORT = (
    " date 2024-05-10 Xi inspects Hebei\n\nSHIJIAZHUANG, May 9 (Xinhua) -- Chinese President Xi "
    "Jinping made an inspection tour in north China's Hebei Province from May 7 to 8. In "
    "Baiyangdian, Xi visited a wetland park and a village.\n"
)
HEBEI_REPORT_ZH = (
    "习近平在河北考察\n\n新华社石家庄5月9日电 中共中央总书记、国家主席、中央军委主席习近平5月7日"
    "至8日在河北白洋淀市考察，看望了村民。"
)
JIANGSU_REPORT = (
    " date 2024-07-10 Li inspects Jiangsu\n\nNANJING, July 9 (Xinhua) -- Chinese Premier Li "
    "Qiang made an inspection tour in east China's Jiangsu Province from July 7 to 8. In "
    "Soochow, Li visited a port and a school.\n"
)


def test_a_city_added_and_a_spelling_an_editor_gives_a_city_are_found_by_the_next_import(
    chief, editor, importer, tmp_path
):
    run_import(importer, tmp_path, "before.txt", HEBEI_REPORT.replace("May", "April"))
    run_import(importer, tmp_path, "before-js.txt", JIANGSU_REPORT.replace("July", "June"))
    assert not Visit.objects.filter(cities__isnull=False).exists()
    hebei, suzhou = Province.objects.get(name="Hebei"), City.objects.get(code="320500")

    add(
        chief,
        "city",
        name="Baiyangdian",
        name_zh="白洋淀市",
        short_zh="白洋淀",
        code="139900",
        kind="city",
        province=str(hebei.pk),
        aliases="[]",
    )
    save_in_admin(editor, suzhou, aliases=json.dumps([*suzhou.aliases, "Soochow"]))

    run_import(importer, tmp_path, "hebei.txt", HEBEI_REPORT)
    run_import(importer, tmp_path, "hebei-zh.txt", HEBEI_REPORT_ZH.replace("5月", "8月"))
    run_import(importer, tmp_path, "jiangsu.txt", JIANGSU_REPORT)
    for name, city in [
        ("hebei.txt", "Baiyangdian"),
        ("hebei-zh.txt", "Baiyangdian"),
        ("jiangsu.txt", "Suzhou"),
    ]:
        visit = Visit.objects.get(sources__file_name=name)
        assert [c.name for c in visit.cities.all()] == [city], name


VICE_PREMIER_REPORT = (
    " date 2024-05-10 Vice premier inspects Hubei\n\nWUHAN, May 9 (Xinhua) -- Chinese Vice "
    "Premier Zhao Mingyuan made an inspection tour in central China's Hubei Province from May 7 "
    "to 8. In Wuhan, Zhao visited a laboratory and a port.\n"
)


def test_an_official_an_editor_adds_with_a_post_leads_the_next_imports_tours(
    editor, importer, tmp_path
):
    before = run_import(
        importer, tmp_path, "before.txt", VICE_PREMIER_REPORT.replace("May", "April")
    )
    assert before.counts[Outcome.NOT_TOUR] == 1  # nobody the gazetteer knows

    add(
        editor,
        "official",
        name="Zhao Mingyuan",
        name_zh="赵明远",
        slug="zhao-mingyuan",
        aliases="[]",
        **{
            "posts-TOTAL_FORMS": "1",
            "posts-0-title": "Vice Premier",
            "posts-0-rank": "vice_premier",
            "posts-0-start": "2023-03-12",
        },
    )

    run_import(importer, tmp_path, "after.txt", VICE_PREMIER_REPORT)
    visit = Visit.objects.get(sources__file_name="after.txt")
    assert [o.name for o in visit.officials.all()] == ["Zhao Mingyuan"]
    assert Official.objects.filter(name="Zhao Mingyuan").count() == 1
    assert not [
        d for d in visit.doubts.all() if d.code == "unknown_official" and "Zhao" in d.detail
    ]
    # The gazetteer's official, with the post the editor gave: not one first met in a report.
    assert [p.title for p in visit.officials.get().posts.all()] == ["Vice Premier"]
    assert (
        Article.objects.get(file_name="after.txt").facts["resolved"]["first_seen_officials"] == []
    )


# A rejected tour


def reject(client, visit):
    """Rejected from the list of tours, confirmed on the action's page."""
    url = reverse("admin:archive_visit_changelist")
    page = client.post(url, {"action": "mark_rejected", "_selected_action": [visit.pk]})
    assert page.status_code == 200
    response = client.post(url, browser_form(page, "bulk-form"))
    assert response.status_code == 302


def test_a_rejected_tours_articles_imported_again_stay_with_it(editor, importer, tmp_path):
    again = tmp_path / "again"
    again.mkdir()
    first = (importer or Importer()).import_paths([str(seed("000")), str(written("hubei-caption"))])
    assert first.counts[Outcome.IMPORTED] == 1
    tour = Visit.objects.get()
    reject(editor, tour)
    articles = set(Article.objects.values_list("pk", "visit_id"))

    # The same files, and the same texts under other names.
    for path in (seed("000"), written("hubei-caption")):
        (again / f"copy-of-{path.name}").write_bytes(path.read_bytes())
    done = (importer or Importer()).import_paths(
        [str(seed("000")), str(written("hubei-caption")), str(again)]
    )

    assert done.counts[Outcome.UNCHANGED] == 4
    assert list(Visit.objects.all()) == [tour]
    assert set(Article.objects.values_list("pk", "visit_id")) == articles
    tour.refresh_from_db()
    assert tour.review_status == Visit.Review.REJECTED


def test_another_report_of_a_rejected_tour_joins_it_and_stays_off_the_site(
    editor, importer, tmp_path
):
    (importer or Importer()).import_paths([str(seed("000"))])
    tour = Visit.objects.get()
    reject(editor, tour)
    text = seed("000").read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    record = {
        "url": "https://example.org/li-hubei",
        "title": "Li in Hubei",
        "text": body,
        "published": "2024-01-04",
    }

    run_import(importer, tmp_path, "same-text.jsonl", json.dumps(record) + "\n")
    for name in ("hubei-caption", "hubei-undated"):  # other sources of the tour, one undated
        (importer or Importer()).import_paths([str(written(name))])

    assert list(Visit.objects.all()) == [tour]
    assert tour.sources.count() == 4
    tour.refresh_from_db()
    assert tour.review_status == Visit.Review.REJECTED
    assert not Visit.objects.public().exists()


def test_a_report_of_a_tour_and_of_its_rejected_duplicate_joins_the_tour(editor, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(seed("000").read_text(encoding="utf-8") + "\nLi also visited a school.\n")
    Importer().import_paths([str(seed("000")), str(copy)])
    tour = Visit.objects.get()
    # The tour made twice (as an import that missed the match would have), and the
    # duplicate rejected rather than merged.
    duplicate = split_visit(tour, Article.objects.filter(file_name="copy.txt")).new
    reject(editor, duplicate)

    Importer().import_paths([str(written("hubei-caption"))])

    assert Visit.objects.get(sources__file_name="hubei-caption.txt") == tour


ODD_NAMES = [
    ("Ω" * 199 + "'", 'O\'Hare "Quoted" & <b>Sons</b> Co., Ltd. ' + "é" * 150),
    ("湘江儲能科技集團有限公司" * 16, "🚗 " * 60 + "\u202eLtd"),
    ("A" * 200, "a"),
]


@pytest.mark.parametrize("old, new", ODD_NAMES)
def test_a_company_renamed_from_and_to_long_and_odd_names_keeps_the_old_one(
    editor, tmp_path, old, new
):
    company = Enterprise.objects.create(name=old[:200], key="odd", slug="odd")
    Importer().import_paths([str(seed("000"))])
    company.visits.add(Visit.objects.get())

    save_in_admin(editor, company, name=new[:200])

    company.refresh_from_db()
    assert (company.name, company.aliases) == (new[:200], [old[:200]])
    copy = tmp_path / "zhenxin.txt"
    copy.write_text(report(ZHENXIN, 7), encoding="utf-8")
    Importer().import_paths([str(copy)])  # the gazetteer reads the odd names' keys
    assert companies_of("zhenxin.txt") == [ZHENXIN]


def test_a_running_import_reads_the_places_load_gazetteers_brings_back(tmp_path):
    """Loading the shipped gazetteers writes in bulk; it leaves history rows as a save
    would, so an import already running reads the places it added at its next batch."""
    City.objects.get(name="Ezhou").delete()  # an editor's mistake, before the import
    running = Importer()
    hubei = report("a port", 7).replace("In Wuhan", "In Ezhou")
    run_import(running, tmp_path, "before.txt", hubei)
    assert not Visit.objects.get().cities.exists()

    call_command("load_gazetteers", stdout=StringIO())

    run_import(running, tmp_path, "after.txt", hubei.replace("May", "June"))
    after = Visit.objects.get(sources__file_name="after.txt")
    assert [c.name for c in after.cities.all()] == ["Ezhou"]
    assert City.objects.get(name="Ezhou").history.get().history_change_reason == LOADED
