"""The importer on article files (the seed articles, reports written for the tests and generated
corpora): idempotence, merging reports, curated fields."""

import datetime as dt
import json
import shutil

import pytest
from django.core.management import call_command

from archive.ingest.importer import Importer, Outcome
from archive.models import Article, Enterprise, Evidence, Official, Visit
from tests.articles import SEEDS, seed, written
from tests.builders import doubts_of
from tests.scratch import tours_as_stored

pytestmark = pytest.mark.django_db


def run_import(*paths):
    return Importer().import_paths([str(p) for p in paths])


def test_it_imports_the_seed_articles_as_five_tours():
    report = run_import(SEEDS)
    assert report.counts[Outcome.IMPORTED] == 5
    assert Visit.objects.count() == 5
    visit = Visit.objects.get(sources__file_name=seed("001").name)
    assert [o.name for o in visit.officials.all()] == ["Li Qiang"]
    assert [o.name for o in visit.accompanying.all()] == ["Wu Zhenglong"]
    assert {c.name for c in visit.cities.all()} == {"Zhuzhou", "Changsha"}
    assert (visit.start_date, visit.end_date) == (dt.date(2023, 3, 21), dt.date(2023, 3, 22))
    assert visit.review_status == Visit.Review.UNREVIEWED
    assert visit.title == "Li Qiang in Hunan, March 2023"


def test_every_article_is_kept_verbatim_tour_or_not():
    run_import(written("meeting"), seed("002"))
    raw = written("meeting").read_text(encoding="utf-8")
    meeting = Article.objects.get(file_name="meeting.txt")
    assert meeting.raw_text == raw
    assert not meeting.is_tour and meeting.visit is None
    crawled = Article.objects.get(file_name=seed("002").name)
    assert crawled.raw_text == seed("002").read_text(encoding="utf-8")
    assert "\\n" in crawled.raw_text and "\\n" not in crawled.clean_text


def test_importing_the_same_file_twice_changes_nothing():
    run_import(SEEDS)
    before = (Article.objects.count(), Visit.objects.count(), Evidence.objects.count())
    report = run_import(SEEDS)
    assert report.counts[Outcome.UNCHANGED] == 5
    assert report.counts[Outcome.IMPORTED] == report.counts[Outcome.MERGED] == 0
    assert (Article.objects.count(), Visit.objects.count(), Evidence.objects.count()) == before


def test_two_reports_of_one_tour_become_one_visit_with_two_sources():
    report = run_import(seed("000"), written("hubei-caption"))
    assert (report.counts[Outcome.IMPORTED], report.counts[Outcome.MERGED]) == (1, 1)
    visit = Visit.objects.get()
    assert sorted(a.file_name for a in visit.sources.all()) == [
        seed("000").name,
        "hubei-caption.txt",
    ]
    # The union of both reports: HGLaser is named only in the other report's photo caption.
    names = {e.name for e in visit.enterprises.all()}
    assert {"Yangtze Memory Technologies Co", "HGTECH", "HGLaser Engineering Co., Ltd."} <= names


def test_an_undated_report_joins_the_tour_it_matches():
    run_import(written("hainan-dated"), written("hainan-undated"))
    visit = Visit.objects.get()
    assert visit.sources.count() == 2
    assert (visit.start_date, visit.end_date) == (dt.date(2022, 4, 10), dt.date(2022, 4, 13))


def test_different_tours_of_one_leader_stay_apart():
    run_import(seed("000"), seed("001"), seed("004"))
    assert Visit.objects.count() == 3


def test_a_curated_field_survives_the_next_import():
    run_import(seed("000"))
    visit = Visit.objects.get()
    visit.title = "Li Qiang's Hubei tour (edited)"
    visit.cities.set(visit.cities.filter(name="Wuhan"))
    visit.mark_curated("title", "cities")
    visit.save()

    run_import(written("hubei-caption"), written("hubei-undated"))
    visit.refresh_from_db()
    assert visit.sources.count() == 3
    assert visit.title == "Li Qiang's Hubei tour (edited)"
    assert [c.name for c in visit.cities.all()] == ["Wuhan"]
    # Uncurated fields still take in the new sources.
    assert "Wuhan Huagong Laser Engineering Co." in {e.name for e in visit.enterprises.all()}
    # The new facts for the curated field are kept as evidence for editors to weigh.
    assert Evidence.objects.filter(
        article__file_name="hubei-caption.txt", field="cities", value="Ezhou"
    ).exists()


def test_an_alias_an_editor_adds_is_used_by_the_next_import(tmp_path):
    official = Official.objects.get(name="Li Qiang")
    official.aliases = ["Li Keqiang's successor"]
    official.save()
    enterprise = Enterprise.objects.create(
        name="Zhejiang Geely Holding Group", key="zhejiang geely", slug="geely"
    )
    enterprise.aliases = ["Geely"]
    enterprise.save()
    article = tmp_path / "geely.txt"
    article.write_text(
        " date 2024-05-10 Premier inspects Zhejiang\n\nHANGZHOU, May 9 (Xinhua) -- Li Keqiang's "
        "successor made an inspection tour in east China's Zhejiang Province from Wednesday to "
        "Thursday. In Hangzhou, he visited Geely to learn about new energy vehicles.",
        encoding="utf-8",
    )
    run_import(article)
    visit = Visit.objects.get()
    assert [o.name for o in visit.officials.all()] == ["Li Qiang"]
    assert [e.name for e in visit.enterprises.all()] == ["Zhejiang Geely Holding Group"]


def test_an_alias_an_editor_adds_during_an_import_stays_when_the_import_adds_another():
    importer = Importer()
    importer.import_paths([str(seed("000"))])  # it has read every enterprise's aliases now
    ymtc = Enterprise.objects.get(name="Yangtze Memory Technologies Co")
    ymtc.aliases = [*ymtc.aliases, "YMTC"]
    ymtc.save()
    importer.import_paths([str(written("hubei-undated"))])  # "Yangtze Memory Technologies Co."
    ymtc.refresh_from_db()
    assert ymtc.aliases == ["YMTC", "Yangtze Memory Technologies Co."]


def test_it_reads_json_lines_json_arrays_and_html(tmp_path):
    text = seed("000").read_text(encoding="utf-8").split("\n", 1)[1]
    record = {
        "url": "https://www.chinadaily.com.cn/a/202401/04/WS1.html",
        "title": "Li says more targeted policies should be introduced to support enterprises",
        "published": "2024-01-04",
        "text": text,
    }
    (tmp_path / "batch.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "array.json").write_text(
        json.dumps(
            [
                {
                    **record,
                    "text": seed("001").read_text(encoding="utf-8"),
                    "url": "http://en.people.cn/x",
                    "outlet": "People's Daily",
                }
            ]
        ),
        encoding="utf-8",
    )
    (tmp_path / "page.html").write_text(
        "<html><head><title>Chinese premier urges good start</title>"
        '<meta property="article:published_time" content="2024-01-04T08:09:00+08:00">'
        "<script>var tracking = 'Xi Jinping visited Tibet';</script></head><body>"
        "<nav>Home | World | China</nav><article>"
        + "".join(
            f"<p>{p}</p>"
            for p in written("hubei-caption").read_text(encoding="utf-8").split("\n\n")[2:]
        )
        + "</article><footer>Copyright People's Daily</footer></body></html>",
        encoding="utf-8",
    )
    report = run_import(tmp_path)
    assert report.counts[Outcome.FAILED] == 0
    jsonl = Article.objects.get(file_name="batch.jsonl:1")
    assert (jsonl.url, jsonl.outlet, jsonl.published) == (
        record["url"],
        "China Daily",
        dt.date(2024, 1, 4),
    )
    assert Article.objects.get(file_name="array.json:1").outlet == "People's Daily"
    page = Article.objects.get(file_name="page.html")
    assert page.title == "Chinese premier urges good start"
    assert page.published == dt.date(2024, 1, 4)
    assert "tracking" not in page.clean_text and "Home | World" not in page.clean_text
    assert page.is_tour and page.visit == jsonl.visit  # two reports of the Hubei tour
    assert "Tibet" not in {p.name for p in page.visit.provinces.all()}


def test_the_command_prints_a_summary(capsys, tmp_path):
    shutil.copy(seed("000"), tmp_path)
    shutil.copy(written("meeting"), tmp_path)
    call_command("import_articles", str(tmp_path))
    out = capsys.readouterr().out
    assert out.startswith("1 imported, 0 merged, 0 unchanged, 1 not a tour, 0 failed")


def test_a_place_of_the_gazetteer_is_never_a_doubt_even_on_a_first_import():
    # Li Qiang in Hubei, then Liu Guozhong in Chongqing and Hubei: places no tour went to
    # before, all in the gazetteer.
    run_import(seed("000"), written("chongqing-hubei"))
    first = Visit.objects.get(sources__file_name=seed("000").name)
    later = Visit.objects.get(sources__file_name="chongqing-hubei.txt")
    places = {p.name for v in (first, later) for p in [*v.provinces.all(), *v.cities.all()]}
    assert {"Hubei", "Chongqing"} <= places
    details = {detail for v in (first, later) for _code, detail in doubts_of(v)}
    assert not places & details


def test_a_batch_makes_the_tours_its_documents_imported_one_at_a_time_make(generated_corpus):
    """Reports placed in memory, a batch at a time, join the tours they would join one by one
    (tests/corpus does the same on real reports)."""
    corpus = generated_corpus(120, seed=2)
    Importer(batch_size=1).import_paths([str(corpus)])
    one_at_a_time = tours_as_stored()
    enterprises = set(Enterprise.objects.values_list("key", flat=True))
    Article.objects.all().delete()
    Visit.objects.all().delete()
    Enterprise.objects.all().delete()
    Importer(batch_size=200).import_paths([str(corpus)])
    assert len(one_at_a_time) >= 20
    assert tours_as_stored() == one_at_a_time
    assert set(Enterprise.objects.values_list("key", flat=True)) == enterprises


def test_an_editors_change_between_two_batches_is_read_by_the_next(tmp_path):
    """An editor gives a leader another spelling while an import runs: the import's next
    batch finds the leader by it, as an import started after the change would."""
    spelled = tmp_path / "spelled.txt"
    spelled.write_text(seed("001").read_text(encoding="utf-8").replace("Li Qiang", "Lee Keung"))
    importer = Importer()
    importer.import_paths([str(seed("000"))])  # a first batch, with the gazetteer as it was

    li = Official.objects.get(name="Li Qiang")
    li.aliases = [*li.aliases, "Lee Keung"]
    li.save()
    importer.import_paths([str(spelled)])

    visit = Visit.objects.get(sources__file_name="spelled.txt")
    assert [o.name for o in visit.officials.all()] == ["Li Qiang"]
    assert not Official.objects.filter(name="Lee Keung").exists()
