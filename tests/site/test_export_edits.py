"""Exports read the archive as it is when they run: what an editor changes (a name, a merge, a
rejection, a post) is in the next export of every kind, each tour's records in the order of
their names, whichever order they were linked in and whichever chunk of tours met them first
(an export reads each linked record once and makes a combination's cells once)."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.editing.curation import merge_enterprises, merge_officials
from archive.models import City, Official, Post, Visit
from archive.site.export import CHUNK
from tests.builders import enterprise, make_visit
from tests.forms import browser_form

pytestmark = pytest.mark.django_db

SITE = "http://testserver"  # the site's downloads name the host they were asked at


def exported(client, tmp_path) -> tuple[dict[int, dict], dict[int, dict]]:
    """Each tour's CSV row and JSON record by id, after checking that export_visits and the
    site's downloads give the same ones."""
    target = tmp_path / "out"
    kinds = {}
    for fmt in ("csv", "jsonl"):
        call_command("export_visits", "--format", fmt, "--output", str(target), "--site-url", SITE)
        kinds[fmt] = target.read_text(encoding="utf-8")
    for fmt in ("csv", "json"):
        response = client.get("/visits/", {"format": fmt, "sort": "oldest"})
        kinds[f"site {fmt}"] = b"".join(response.streaming_content).decode()

    rows = {int(row["id"]): row for row in csv.DictReader(io.StringIO(kinds["csv"]))}
    site_rows = {int(row["id"]): row for row in csv.DictReader(io.StringIO(kinds["site csv"]))}
    records = {r["id"]: r for r in map(json.loads, kinds["jsonl"].splitlines())}
    site_records = {r["id"]: r for r in json.loads(kinds["site json"])["tours"]}
    assert rows == site_rows and records == site_records
    return rows, records


def post_on(official: Official, day) -> str:
    post = Post.senior_on(official.posts.all(), day)
    return post.title if post else ""


def test_a_renamed_official_is_exported_by_the_new_name_in_its_new_place(client, tmp_path):
    tour = make_visit(accompanying=["Wang Zhonglin", "Wu Zhenglong"])
    exported(client, tmp_path)  # read once before the change
    wang = Official.objects.get(name="Wang Zhonglin")
    wu = Official.objects.get(name="Wu Zhenglong")
    wang.name = "Zhonglin Wang"
    wang.save()

    rows, records = exported(client, tmp_path)

    row, record = rows[tour.pk], records[tour.pk]
    assert row["accompanying"] == "Wu Zhenglong; Zhonglin Wang"
    assert row["accompanying_zh"] == "吴政隆; 王忠林"
    day = tour.start_date
    assert row["accompanying_posts"] == f"{post_on(wu, day)}; {post_on(wang, day)}"
    assert post_on(wu, day) != post_on(wang, day)  # each post stays beside its official
    assert record["accompanying"] == [
        {"name": "Wu Zhenglong", "name_zh": "吴政隆", "post": post_on(wu, day)},
        {"name": "Zhonglin Wang", "name_zh": "王忠林", "post": post_on(wang, day)},
    ]


def test_merged_officials_and_companies_are_exported_as_the_record_kept(client, tmp_path):
    both = make_visit(accompanying=["Wang Zhonglin", "Wu Zhenglong"], enterprises=["Zeta Works"])
    other = make_visit(accompanying=["Wang Zhonglin"], enterprises=["Alpha Machinery"])
    exported(client, tmp_path)
    wu, wang = Official.objects.get(name="Wu Zhenglong"), Official.objects.get(name="Wang Zhonglin")

    merge_officials(wu, [wang])
    merge_enterprises(enterprise("Alpha Machinery"), [enterprise("Zeta Works")])
    rows, records = exported(client, tmp_path)

    for tour in (both, other):
        assert rows[tour.pk]["accompanying"] == "Wu Zhenglong"
        assert rows[tour.pk]["accompanying_posts"] == post_on(wu, tour.start_date)
        assert rows[tour.pk]["enterprises"] == "Alpha Machinery"
        assert [e["name"] for e in records[tour.pk]["enterprises"]] == ["Alpha Machinery"]


def test_a_tour_rejected_in_the_admin_leaves_every_export(client, editor, tmp_path):
    kept, rejected = make_visit(), make_visit(start="2024-02-03")
    assert set(exported(client, tmp_path)[0]) == {kept.pk, rejected.pk}

    url = reverse("admin:archive_visit_changelist")
    page = client.post(url, {"action": "mark_rejected", "_selected_action": [rejected.pk]})
    assert client.post(url, browser_form(page, "bulk-form")).status_code == 302
    rows, records = exported(client, tmp_path)

    assert set(rows) == set(records) == {kept.pk}


def test_an_officials_post_is_the_one_held_on_the_tours_first_day(client, tmp_path):
    official = Official.objects.create(name="Test Official", slug="test-official")
    for title, rank, start, end in (
        ("Governor of Hubei", Post.Rank.GOVERNOR, "2018-01-01", "2022-06-30"),
        ("Party Secretary of Hubei", Post.Rank.PROVINCIAL_SECRETARY, "2022-06-30", "2023-02-27"),
        ("Vice Premier", Post.Rank.VICE_PREMIER, "2023-03-02", None),
        ("Member of the Politburo", Post.Rank.POLITBURO, "2020-01-01", None),
    ):
        official.posts.create(title=title, rank=rank, start=start, end=end)
    days = ["2017-12-31", "2018-01-01", "2019-12-31", "2022-06-29", "2022-06-30", "2022-07-01"]
    days += ["2023-02-27", "2023-02-28", "2023-03-02", "2024-05-05", None]
    tours = {day: make_visit(official="Test Official", start=day) for day in days}

    rows, records = exported(client, tmp_path)

    posts = {day: post_on(official, tour.start_date) for day, tour in tours.items()}
    assert len(set(posts.values())) == 5  # none, and each of the four posts on some day
    for day, tour in tours.items():
        assert rows[tour.pk]["official_posts"] == posts[day], day
        assert records[tour.pk]["officials"][0]["post"] == posts[day], day


def test_records_come_in_the_order_of_their_names_in_every_chunk(client, tmp_path):
    yichang, xiangyang = City.objects.get(name="Yichang"), City.objects.get(name="Xiangyang")
    assert yichang.pk < xiangyang.pk  # linked by id, they would come the other way round
    enterprise("Zeta Works"), enterprise("Alpha Machinery")  # the same for these
    first = make_visit(cities=["Yichang", "Xiangyang"], enterprises=["Zeta Works"])
    Visit.objects.bulk_create(Visit(title=f"Tour {n}") for n in range(CHUNK))
    # In a later chunk: cities met before, a combination met before, a company met first here.
    last = make_visit(
        start="2025-01-01",
        cities=["Xiangyang", "Yichang"],
        enterprises=["Alpha Machinery", "Zeta Works"],
    )

    rows, records = exported(client, tmp_path)

    for tour in (first, last):
        assert rows[tour.pk]["cities"] == "Xiangyang; Yichang"
        assert rows[tour.pk]["cities_zh"] == "襄阳市; 宜昌市"
        assert rows[tour.pk]["city_codes"] == f"{xiangyang.code}; {yichang.code}"
        assert [c["name"] for c in records[tour.pk]["cities"]] == ["Xiangyang", "Yichang"]
    assert rows[last.pk]["enterprises"] == "Alpha Machinery; Zeta Works"
    assert [e["name"] for e in records[last.pk]["enterprises"]] == [
        "Alpha Machinery",
        "Zeta Works",
    ]
    assert len(rows) == CHUNK + 2
