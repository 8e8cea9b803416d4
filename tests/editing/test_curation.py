"""Editors' curation on imported articles (the seed articles and reports written for the tests):
merging duplicates, splitting a tour, re-extracting."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.editing.curation import (
    CurationError,
    merge_enterprises,
    merge_officials,
    merge_visits,
    preview_reextraction,
    reextract,
    split_visit,
)
from archive.ingest.importer import Importer
from archive.ingest.tour_store import refresh_visit
from archive.models import Article, Enterprise, Evidence, Official, Visit
from tests.articles import SEEDS, seed, written
from tests.builders import doubts_of

pytestmark = pytest.mark.django_db

HGLASER = "HGLaser Engineering Co., Ltd."
HUAGONG = "Wuhan Huagong Laser Engineering Co."
# Other reports of seed 000's tour: one names HGLaser in a photo caption, one (Bloomberg's)
# names Huagong and gives no date.
CAPTION, UNDATED = "hubei-caption.txt", "hubei-undated.txt"


def run_import(*paths):
    return Importer().import_paths([str(p) for p in paths])


def article(name):
    return Article.objects.get(file_name=name)


def tour_of(name):
    return Visit.objects.get(sources__file_name=name)


def apart(name):
    """Give one report a tour of its own, as an import that missed the match would have."""
    report = article(name)
    old = report.visit
    report.visit = Visit.objects.create(title="Untitled tour")
    report.save()
    refresh_visit(report.visit)
    refresh_visit(old)
    return report.visit


def stand_in(visit, relation, official, double):
    """Put `double` where `official` is in a tour and in what its sources resolved to."""
    getattr(visit, relation).remove(official)
    getattr(visit, relation).add(double)
    for source in visit.sources.all():
        ids = source.facts["resolved"][relation]
        source.facts["resolved"][relation] = [double.pk if i == official.pk else i for i in ids]
        source.save()
    refresh_visit(visit)


def curate(visit, **values):
    for name, value in values.items():
        if name in ("cities", "provinces", "enterprises", "officials", "accompanying"):
            getattr(visit, name).set(value)
        else:
            setattr(visit, name, value)
    visit.mark_curated(*values)
    visit.save()


def found(q):
    return set(Visit.objects.search(q).values_list("pk", flat=True))


@pytest.fixture
def hubei():
    """Li Qiang's Hubei tour from three reports, and his Zhejiang tour."""
    run_import(seed("000"), written("hubei-caption"), written("hubei-undated"), seed("004"))
    return tour_of(seed("000").name)


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "x" * 20))
    return client


def act(client, model, action, objects, **extra):
    return client.post(
        reverse(f"admin:archive_{model}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], **extra},
    )


# Merging enterprises


def test_it_merges_enterprises_keeping_every_tour_and_every_name(hubei):
    zhejiang = tour_of(seed("004").name)
    hglaser, huagong = Enterprise.objects.get(name=HGLASER), Enterprise.objects.get(name=HUAGONG)
    hglaser.aliases = ["HG Laser", HUAGONG]
    hglaser.name_zh = "华工激光"
    hglaser.save()
    # An editor put it on another tour by hand.
    curate(zhejiang, enterprises=[*zhejiang.enterprises.all(), hglaser])
    articles = Article.objects.count()

    done = merge_enterprises(huagong, [hglaser])

    assert set(done.visits) == {hubei.pk, zhejiang.pk}
    assert not Enterprise.objects.filter(pk=hglaser.pk).exists()
    huagong.refresh_from_db()
    assert huagong.aliases == [HGLASER, "HG Laser"]
    assert huagong.name_zh == "华工激光"
    for tour in (hubei, zhejiang):
        names = {e.name for e in tour.enterprises.all()}
        assert HUAGONG in names and HGLASER not in names
    assert Article.objects.count() == articles
    # What the sources resolved to follows, so recomputing the tour keeps the merge.
    assert huagong.pk in article(CAPTION).facts["resolved"]["enterprises"]
    refresh_visit(hubei)
    assert HUAGONG in {e.name for e in hubei.enterprises.all()}
    assert found('"HG Laser"') == {hubei.pk, zhejiang.pk}
    assert Enterprise.history.filter(id=hglaser.pk, history_type="-").exists()
    assert "merged" in huagong.history.first().history_change_reason


# Merging officials


def test_it_merges_officials_moving_tours_posts_and_names():
    run_import(SEEDS)
    wu = Official.objects.get(name="Wu Zhenglong")
    hunan, zhejiang = tour_of(seed("001").name), tour_of(seed("004").name)
    # The record an editor made for another spelling, already on one tour.
    double = Official.objects.create(name="Wu Zheng-long", aliases=["Zhenglong Wu"])
    stand_in(zhejiang, "accompanying", wu, double)
    posts = wu.posts.count()

    done = merge_officials(double, [wu])

    assert done.visits == [hunan.pk] and done.posts_moved == posts
    assert not Official.objects.filter(pk=wu.pk).exists()
    double.refresh_from_db()
    assert double.aliases == ["Zhenglong Wu", "Wu Zhenglong"]
    assert double.name_zh == "吴政隆"
    assert double.posts.count() == posts
    for tour in (hunan, zhejiang):
        refresh_visit(tour)
        assert list(tour.accompanying.all()) == [double]
    # The next import finds the kept record by the merged name.
    assert Importer().records.official("Wu Zhenglong") == double.pk


def test_a_merged_leader_keeps_his_tours_and_their_titles():
    run_import(seed("001"))
    li = Official.objects.get(name="Li Qiang")
    hunan = tour_of(seed("001").name)
    double = Official.objects.create(name="Premier Li Q.")
    stand_in(hunan, "officials", li, double)
    assert hunan.title == "Premier Li Q. in Hunan, March 2023"

    merge_officials(li, [double])

    hunan.refresh_from_db()
    assert list(hunan.officials.all()) == [li]
    assert hunan.title == "Li Qiang in Hunan, March 2023"
    assert "Premier Li Q." in Official.objects.get(pk=li.pk).aliases
    assert found('"Premier Li Q"') == {hunan.pk}


# Merging tours


def test_merging_tours_keeps_every_source_and_the_curated_fields(hubei):
    survivor, other, third = hubei, apart(CAPTION), apart(UNDATED)
    wuhan = other.cities.get(name="Wuhan")
    curate(other, cities=[wuhan], title="Li Qiang in Hubei (corrected)")
    curate(survivor, summary="An editor's summary.")
    articles = Article.objects.count()
    assert ("possible_duplicate", f"tour #{other.pk}") in doubts_of(third)

    done = merge_visits(survivor, [other])

    assert done.deleted == [other.pk] and done.sources_moved == 1
    assert set(done.curated_carried) == {"cities", "title"}
    survivor.refresh_from_db()
    assert {a.file_name for a in survivor.sources.all()} == {seed("000").name, CAPTION}
    assert Article.objects.count() == articles
    assert not Visit.objects.filter(pk=other.pk).exists()
    assert list(survivor.cities.all()) == [wuhan]
    assert survivor.title == "Li Qiang in Hubei (corrected)"
    assert survivor.summary == "An editor's summary."
    assert set(survivor.curated_fields) == {"cities", "title", "summary"}
    # Uncurated fields come from both reports: HGLaser is named only in the caption's.
    assert HGLASER in {e.name for e in survivor.enterprises.all()}
    # No doubt points at the tour that is gone.
    for tour in Visit.objects.all():
        assert ("possible_duplicate", f"tour #{other.pk}") not in doubts_of(tour)
    assert ("possible_duplicate", f"tour #{survivor.pk}") in doubts_of(third)
    assert found("HGLaser") == {survivor.pk}
    assert article(CAPTION).history.first().visit_id == survivor.pk
    assert Visit.history.filter(id=other.pk, history_type="-").exists()


def test_a_date_carried_over_never_ends_a_tour_before_it_starts(hubei):
    other = apart(UNDATED)
    curate(hubei, end_date=hubei.start_date)
    curate(other, start_date=hubei.start_date + dt.timedelta(days=1), end_date=None)

    done = merge_visits(hubei, [other])

    hubei.refresh_from_db()
    assert "start_date" not in done.curated_carried
    assert hubei.start_date <= hubei.end_date


# Splitting a tour


def test_splitting_moves_the_chosen_sources_and_keeps_curated_fields_on_the_original(hubei):
    wuhan = hubei.cities.get(name="Wuhan")
    curate(hubei, title="Li Qiang's Hubei tour (edited)", cities=[wuhan])

    done = split_visit(hubei, [article(UNDATED)])

    hubei.refresh_from_db()
    new = done.new
    assert {a.file_name for a in hubei.sources.all()} == {seed("000").name, CAPTION}
    assert hubei.title == "Li Qiang's Hubei tour (edited)"
    assert list(hubei.cities.all()) == [wuhan]
    assert set(hubei.curated_fields) == {"title", "cities"}
    assert [a.file_name for a in new.sources.all()] == [UNDATED]
    assert new.curated_fields == [] and new.review_status == Visit.Review.UNREVIEWED
    assert new.title == "Li Qiang in Hubei"  # the undated report gives no date
    assert {e.name for e in new.enterprises.all()} == {
        "Yangtze Memory Technologies Co",
        HUAGONG,
    }
    assert found("Bloomberg") == {new.pk}


def test_a_split_must_leave_a_source_and_take_one(hubei):
    with pytest.raises(CurationError):
        split_visit(hubei, list(hubei.sources.all()))
    with pytest.raises(CurationError):
        split_visit(hubei, [])
    with pytest.raises(CurationError):
        split_visit(hubei, [Article.objects.get(file_name=seed("004").name)])
    assert hubei.sources.count() == 3


# Re-running extraction


@pytest.fixture
def misspelt(tmp_path):
    """Seed 004's report again with the premier's name spelt as no gazetteer knows it."""
    text = seed("004").read_text(encoding="utf-8").replace("Li Qiang", "Lee Chiang")
    path = tmp_path / "misspelt.txt"
    path.write_text(text.replace("Li ", "Lee "), encoding="utf-8")
    return path


def add_alias(name, alias):
    official = Official.objects.get(name=name)
    official.aliases = [*official.aliases, alias]
    official.save()


def remove_aliases(name):
    official = Official.objects.get(name=name)
    official.aliases = []
    official.save()


def test_reextraction_previews_what_the_editors_alias_changes_and_writes_nothing(misspelt):
    run_import(seed("004"), misspelt)
    report = article("misspelt.txt")
    assert not report.is_tour and report.visit is None
    add_alias("Li Qiang", "Lee Chiang")
    before = (report.facts, Evidence.objects.count(), Visit.objects.count())

    [preview] = preview_reextraction([report])

    changes = {c.field: (c.before, c.after) for c in preview.changes}
    assert changes["is a tour"] == ("no", "yes")
    assert changes["officials"] == ("—", "Li Qiang")
    assert changes["provinces"] == ("—", "Zhejiang")
    assert changes["dates"] == ("—", "2023-10-07 – 2023-10-09")
    report.refresh_from_db()
    assert (report.facts, Evidence.objects.count(), Visit.objects.count()) == before


def test_a_report_that_becomes_a_tour_joins_it_and_leaves_it_when_the_alias_goes(misspelt):
    run_import(seed("004"), misspelt)
    zhejiang = tour_of(seed("004").name)
    curate(zhejiang, title="Li Qiang in Zhejiang (edited)")
    add_alias("Li Qiang", "Lee Chiang")

    [done] = reextract([article("misspelt.txt")])

    assert done.outcome == f"joined tour #{zhejiang.pk}"
    report = article("misspelt.txt")
    assert report.is_tour and report.visit == zhejiang
    assert report.evidence.filter(field="officials", value="Li Qiang").exists()
    zhejiang.refresh_from_db()
    assert zhejiang.sources.count() == 2 and zhejiang.title == "Li Qiang in Zhejiang (edited)"

    remove_aliases("Li Qiang")  # the alias was a mistake
    [done] = reextract([report])

    report.refresh_from_db()
    assert not report.is_tour and report.visit is None
    assert not report.evidence.filter(field="officials").exists()
    zhejiang.refresh_from_db()
    assert [a.file_name for a in zhejiang.sources.all()] == [seed("004").name]
    assert zhejiang.title == "Li Qiang in Zhejiang (edited)"
    assert ("no_sources", "") not in doubts_of(zhejiang)


def test_a_tour_left_without_sources_stays_for_an_editor_with_a_doubt(misspelt):
    add_alias("Li Qiang", "Lee Chiang")
    run_import(misspelt)
    tour = tour_of("misspelt.txt")
    remove_aliases("Li Qiang")

    [done] = reextract([article("misspelt.txt")])

    assert done.outcome == f"no longer a tour report: left tour #{tour.pk}"
    tour.refresh_from_db()
    assert tour.sources.count() == 0
    assert ("no_sources", "") in doubts_of(tour)
    assert [o.name for o in tour.officials.all()] == ["Li Qiang"]


def test_reextraction_with_the_same_gazetteers_changes_nothing():
    run_import(seed("003"))
    report = article(seed("003").name)
    history = report.history.count()

    [done] = reextract([report])

    assert done.same and done.outcome == "unchanged"
    assert report.history.count() == history


# The admin actions


def test_the_admin_asks_which_enterprise_to_keep_then_merges(admin_client, hubei):
    pair = list(Enterprise.objects.filter(name__in=[HGLASER, HUAGONG]))
    huagong = next(e for e in pair if e.name == HUAGONG)

    page = act(admin_client, "enterprise", "merge_enterprises", pair, index=0)

    assert page.status_code == 200
    body = page.content.decode()
    assert "csrfmiddlewaretoken" in body and 'type="radio"' in body and HGLASER in body
    assert Enterprise.objects.filter(name__in=[HGLASER, HUAGONG]).count() == 2

    done = act(
        admin_client, "enterprise", "merge_enterprises", pair, post="yes", survivor=huagong.pk
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:archive_enterprise_change", args=[huagong.pk])
    assert list(Enterprise.objects.filter(name__in=[HGLASER, HUAGONG])) == [huagong]
    assert found("HGLaser") == {hubei.pk}


def test_the_admin_merges_officials(admin_client):
    run_import(SEEDS)
    wu = Official.objects.get(name="Wu Zhenglong")
    double = Official.objects.create(name="Wu Zheng-long")

    act(admin_client, "official", "merge_officials", [wu, double], post="yes", survivor=wu.pk)

    assert not Official.objects.filter(pk=double.pk).exists()
    assert Official.objects.get(pk=wu.pk).aliases == ["Wu Zheng-long"]


def test_the_admin_merges_tours_keeping_all_articles(admin_client):
    run_import(seed("000"), written("hubei-caption"))
    survivor, other = tour_of(seed("000").name), apart(CAPTION)

    page = act(admin_client, "visit", "merge_visits", [survivor, other])
    assert 'type="radio"' in page.content.decode()
    act(admin_client, "visit", "merge_visits", [survivor, other], post="yes", survivor=survivor.pk)

    assert list(Visit.objects.all()) == [survivor]
    assert survivor.sources.count() == 2 and Article.objects.count() == 2
    assert found("HGLaser") == {survivor.pk}


def test_the_admin_splits_a_tour_from_its_page(admin_client, hubei):
    change = admin_client.get(reverse("admin:archive_visit_change", args=[hubei.pk]))
    split_url = reverse("admin:archive_visit_split", args=[hubei.pk])
    assert split_url in change.content.decode()
    chosen = act(admin_client, "visit", "split_visit", [hubei])
    assert chosen["Location"] == split_url
    queued = admin_client.get(reverse("admin:archive_reviewqueue_change", args=[hubei.pk]))
    assert reverse("admin:archive_reviewqueue_split", args=[hubei.pk]) in queued.content.decode()

    page = admin_client.get(split_url)
    assert page.content.decode().count('type="checkbox"') == 3
    refused = admin_client.post(split_url, {"sources": [a.pk for a in hubei.sources.all()]})
    assert refused.status_code == 200 and hubei.sources.count() == 3
    done = admin_client.post(split_url, {"sources": [article(UNDATED).pk]})

    new = tour_of(UNDATED)
    assert new != hubei
    assert done["Location"] == reverse("admin:archive_visit_change", args=[new.pk])
    assert hubei.sources.count() == 2


def test_the_admin_previews_a_reextraction_and_applies_it_on_confirmation(admin_client, misspelt):
    run_import(seed("004"), misspelt)
    report = article("misspelt.txt")
    add_alias("Li Qiang", "Lee Chiang")

    page = act(admin_client, "article", "reextract_articles", [report], index=0)

    body = page.content.decode()
    assert page.status_code == 200 and "csrfmiddlewaretoken" in body
    assert "Li Qiang" in body and "Zhejiang" in body and 'name="post"' in body
    report.refresh_from_db()
    assert not report.is_tour

    done = act(admin_client, "article", "reextract_articles", [report], post="yes")

    assert done.status_code == 302
    report.refresh_from_db()
    assert report.is_tour and report.visit == tour_of(seed("004").name)


def test_merging_needs_the_right_to_delete_and_splitting_the_right_to_add(client, hubei):
    user = User.objects.create_user("junior", password="x" * 20, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_enterprise", "change_enterprise"])
        | Permission.objects.filter(codename__in=["view_visit", "change_visit"])
    )
    client.force_login(user)
    pair = list(Enterprise.objects.filter(name__in=[HGLASER, HUAGONG]))

    act(client, "enterprise", "merge_enterprises", pair, post="yes", survivor=pair[0].pk)

    assert Enterprise.objects.filter(name__in=[HGLASER, HUAGONG]).count() == 2
    split_url = reverse("admin:archive_visit_split", args=[hubei.pk])
    assert client.get(split_url).status_code == 403
    assert (
        split_url
        not in client.get(reverse("admin:archive_visit_change", args=[hubei.pk])).content.decode()
    )
