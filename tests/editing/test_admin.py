"""The editors' workbench: admin pages, review, curated fields, roles, history, login throttle."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import reverse

from archive.editing.roles import EDITORS, editor_permission_codenames
from archive.ingest.gazetteers import build_gazetteer
from archive.ingest.importer import Importer
from archive.models import Article, City, County, Province, Visit
from config.proxy import client_address
from tests.articles import SEEDS, seed, written
from tests.builders import doubts_of, kept_for_the_module
from tests.forms import browser_form

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase"


@pytest.fixture(scope="module")
def tours(django_db_setup, django_db_blocker):
    """The seed articles imported once for the module's tests, rolled back after them."""
    with kept_for_the_module(django_db_blocker):
        Importer().import_paths([str(SEEDS)])
        yield Visit.objects.all()


def hubei_tour():
    return Visit.objects.get(sources__file_name=seed("000").name)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/archive/visit/?review_status__exact=unreviewed&q=Li",
        "/admin/archive/visit/?provinces__id__exact=1&start_date__year=2024",
        "/admin/archive/reviewqueue/",
        "/admin/archive/official/?q=Li+Qiang",
        "/admin/archive/enterprise/?q=memory",
        "/admin/archive/province/?kind__exact=municipality",
        "/admin/archive/city/?q=Wuhan",
        "/admin/archive/county/?q=Kunshan",
        "/admin/archive/county/?kind__exact=banner&q=%E6%97%97",
        "/admin/archive/theme/",
        "/admin/archive/post/?rank__exact=premier",
        "/admin/archive/article/?is_tour__exact=1&q=Li",
        "/admin/archive/evidence/?field__exact=cities",
    ],
)
def test_admin_lists_render_with_filters_and_search(client, editor, tours, url):
    assert client.get(url).status_code == 200


def test_the_visit_page_shows_the_sources_with_the_facts_highlighted(client, editor, tours):
    response = client.get(reverse("admin:archive_visit_change", args=[hubei_tour().pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "the facts found in them highlighted" in body
    assert '<mark class="fact"' in body and "Yangtze Memory Technologies Co" in body
    for relation in ("officials", "provinces", "cities", "enterprises", "themes", "accompanying"):
        assert f'id="id_{relation}"' in body and "admin-autocomplete" in body


def test_the_review_queue_lists_unreviewed_tours_oldest_first_with_reasons(client, editor, tours):
    Visit.objects.filter(sources__file_name=seed("003").name).update(review_status="reviewed")
    response = client.get("/admin/archive/reviewqueue/")
    listed = list(response.context["cl"].result_list)
    assert len(listed) == 4
    assert [v.created_at for v in listed] == sorted(v.created_at for v in listed)
    beijing = next(v for v in listed if v.title.startswith("Li Qiang in Beijing"))
    assert ("no_date", "") in doubts_of(beijing)
    assert "No date found" in response.content.decode()


def confirmed(client, url, action, pks):
    """An action chosen on a list, then confirmed on its page as a browser would."""
    page = client.post(url, {"action": action, "_selected_action": pks})
    assert page.status_code == 200  # the confirmation page; nothing is changed yet
    return client.post(url, browser_form(page, "bulk-form"))


def test_reviewing_and_rejecting_from_the_list(client, editor, tours):
    tour = hubei_tour()
    assert (
        confirmed(client, "/admin/archive/reviewqueue/", "mark_reviewed", [tour.pk]).status_code
        == 302
    )
    tour.refresh_from_db()
    assert tour.review_status == "reviewed"
    assert tour.history.first().history_user == editor
    confirmed(client, "/admin/archive/visit/", "mark_rejected", [tour.pk])
    assert client.get(tour.get_absolute_url()).status_code == 404
    assert Article.objects.get(file_name=seed("000").name).visit == Visit.objects.get(pk=tour.pk)


def edit_form(visit, **changes):
    data = {
        "title": visit.title,
        "review_status": visit.review_status,
        "start_date": visit.start_date or "",
        "end_date": visit.end_date or "",
        "summary": visit.summary,
        "sources-TOTAL_FORMS": visit.sources.count(),
        "sources-INITIAL_FORMS": visit.sources.count(),
        "sources-MIN_NUM_FORMS": 0,
        "sources-MAX_NUM_FORMS": 1000,
    }
    for relation in ("officials", "accompanying", "provinces", "cities", "enterprises", "themes"):
        data[relation] = [o.pk for o in getattr(visit, relation).all()]
    for index, article in enumerate(visit.sources.all()):
        data[f"sources-{index}-id"] = article.pk
        data[f"sources-{index}-visit"] = visit.pk
    data.update(changes)
    return data


def test_an_editors_correction_survives_the_next_import(client, editor, tours):
    tour = hubei_tour()
    hunan = Province.objects.get(name="Hunan")
    response = client.post(
        reverse("admin:archive_visit_change", args=[tour.pk]),
        edit_form(tour, provinces=[hunan.pk], title="Li Qiang's tour (corrected)"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tour.refresh_from_db()
    assert set(tour.curated_fields) == {"provinces", "title"}

    Importer().import_paths([str(written("hubei-caption")), str(written("hubei-undated"))])
    tour.refresh_from_db()
    assert tour.sources.count() == 3
    assert [p.name for p in tour.provinces.all()] == ["Hunan"]
    assert tour.title == "Li Qiang's tour (corrected)"
    # What the new sources say about the curated field is shown, not applied.
    page = client.get(reverse("admin:archive_visit_change", args=[tour.pk])).content.decode()
    assert "Suggestions from the sources" in page and "provinces: <strong>Hubei</strong>" in page
    # The search index follows the edit.
    assert Visit.objects.search("corrected").filter(pk=tour.pk).exists()


def test_history_records_who_changed_what_and_can_revert_it(client, editor, tours):
    tour = hubei_tour()
    original = tour.title
    client.post(
        reverse("admin:archive_visit_change", args=[tour.pk]), edit_form(tour, title="Renamed")
    )
    history = tour.history.all()
    assert history[0].title == "Renamed" and history[0].history_user == editor
    assert client.get(reverse("admin:archive_visit_history", args=[tour.pk])).status_code == 200
    before = history[1]
    revert_url = reverse("admin:archive_visit_simple_history", args=[tour.pk, before.history_id])
    assert client.get(revert_url).status_code == 200
    client.post(revert_url, edit_form(tour, title=before.title))
    tour.refresh_from_db()
    assert tour.title == original


def test_the_review_queues_history_button_shows_the_tours_history(client, editor, tours):
    tour = hubei_tour()
    client.post(
        reverse("admin:archive_visit_change", args=[tour.pk]), edit_form(tour, title="Renamed")
    )
    queued = client.get(reverse("admin:archive_reviewqueue_change", args=[tour.pk]))
    history_url = reverse("admin:archive_reviewqueue_history", args=[tour.pk])
    assert history_url in queued.content.decode()

    page = client.get(history_url)

    assert page.status_code == 200
    body = page.content.decode()
    assert "Renamed" in body and "editor" in body  # who changed it, and to what
    for version in tour.history.all():  # each version, to see or revert to
        version_url = reverse(
            "admin:archive_visit_simple_history", args=[tour.pk, version.history_id]
        )
        assert version_url in body
    version = tour.history.last()
    shown = client.get(
        reverse("admin:archive_reviewqueue_simple_history", args=[tour.pk, version.history_id])
    )
    assert shown.status_code == 200 and version.title in shown.content.decode()


def test_editors_find_counties_by_any_name_and_add_one_the_importer_then_knows(client, editor):
    listing = client.get("/admin/archive/county/", {"q": "昆山"}).content.decode()
    assert "Kunshan" in listing and "Yuhang" not in listing
    suzhou = City.objects.get(code="320500")
    response = client.post(
        reverse("admin:archive_county_add"),
        {
            "name": "Newtown",
            "full_name": "Newtown District",
            "name_zh": "新镇区",
            "short_zh": "新镇",
            "pinyin": "Xinzhen",
            "aliases": "[]",
            "code": "320599",
            "kind": "district",
            "province": suzhou.province_id,
            "city": suzhou.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert County.objects.get(code="320599").history.count() == 1
    match = build_gazetteer().counties_named("新镇")[0]
    assert (match.county.name, match.city.name) == ("Newtown", "Suzhou")


def test_a_county_put_under_another_provinces_city_is_refused(client, editor):
    kunshan = County.objects.get(code="320583")
    response = client.post(
        reverse("admin:archive_county_change", args=[kunshan.pk]),
        {
            "name": "Kunshan",
            "full_name": "Kunshan City",
            "name_zh": "昆山市",
            "short_zh": "昆山",
            "pinyin": "Kunshan",
            "aliases": "[]",
            "code": "320583",
            "kind": "city",
            "province": kunshan.province_id,
            "city": City.objects.get(name="Wuhan").pk,
        },
    )
    assert response.status_code == 200
    assert "is not in Jiangsu" in response.content.decode()
    kunshan.refresh_from_db()
    assert kunshan.city.name == "Suzhou"


def test_the_editors_group_has_exactly_the_permissions_editors_need():
    group = Group.objects.get(name=EDITORS)
    granted = {p.codename for p in group.permissions.all()}
    assert granted == editor_permission_codenames()
    assert "delete_article" not in granted
    assert not any(p.endswith(("_user", "_group", "_permission")) for p in granted)


def test_editors_cannot_manage_users_or_delete_articles(client, editor, tours):
    assert client.get("/admin/auth/user/").status_code == 403
    article = Article.objects.first()
    assert client.get(reverse("admin:archive_article_delete", args=[article.pk])).status_code == 403
    assert client.get("/admin/archive/visit/").status_code == 200


def test_staff_without_rights_get_403_and_anonymous_users_the_login_page(client, tours):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/archive/visit/")["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create_user("intern", password=PASSWORD, is_staff=True))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/archive/visit/").status_code == 403


def test_deleting_a_visit_keeps_its_articles(client, editor, tours):
    tour = hubei_tour()
    client.post(reverse("admin:archive_visit_delete", args=[tour.pk]), {"post": "yes"})
    assert not Visit.objects.filter(pk=tour.pk).exists()
    article = Article.objects.get(file_name=seed("000").name)
    assert article.visit is None and article.raw_text


def test_repeated_failed_logins_are_locked_out(client):
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "guess"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


# Behind the proxy (README, "Production"): it connects from 10.0.0.2 and appends the address
# it was connected from to X-Forwarded-For.
PROXY = "10.0.0.2"


def sign_in(password, remote=PROXY, forwarded=None):
    """A fresh browser's login attempt; whether it signed in."""
    client = Client()
    headers = {"x-forwarded-for": forwarded} if forwarded is not None else {}
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=remote,
        headers=headers,
    )
    return "_auth_user_id" in client.session


def test_behind_the_proxy_failed_logins_lock_out_the_guesser_not_the_editor(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    for _ in range(5):
        assert not sign_in("guess", forwarded="203.0.113.9")
    # The guesser is locked out, also when it writes another address in front of its own.
    assert not sign_in(PASSWORD, forwarded="203.0.113.9")
    assert not sign_in(PASSWORD, forwarded="198.51.100.7, 203.0.113.9")
    # The editor, elsewhere, through the same proxy, is not.
    assert sign_in(PASSWORD, forwarded="198.51.100.7")


def test_an_address_forwarded_by_anyone_but_the_proxy_counts_for_nothing(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    for guess in range(5):
        assert not sign_in("guess", remote="203.0.113.9", forwarded=f"198.51.100.{guess}")
    assert not sign_in(PASSWORD, remote="203.0.113.9", forwarded="198.51.100.7")


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not from a proxy: not believed
        (PROXY, None, PROXY),  # nothing forwarded: the proxy is all that is known
        (PROXY, "198.51.100.7", "198.51.100.7"),
        (PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # what the client wrote is left
        (PROXY, "198.51.100.7, 10.0.0.9", "198.51.100.7"),  # through two proxies of ours
        (PROXY, "198.51.100.7,not-an-address", PROXY),
        (PROXY, "2001:db8::1", "2001:db8::1"),
        ("fd00::5", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_forwarded(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]
    headers = {"x-forwarded-for": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/admin/login/", REMOTE_ADDR=remote, headers=headers)
    assert client_address(request) == client
