"""Permanent addresses: a tour, official or enterprise merged away, renamed or deleted by an
editor still answers at its old address (a 301 to where it went, or 410 Gone saying so)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.editing.curation import merge_enterprises, merge_officials, merge_visits
from archive.models import Enterprise, FormerAddress, Official, Visit
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

# Long and odd: what an editor may type, stored and shown as text.
ODD = ("Wuhan “Optics Valley” <b>&amp; 光谷</b> Co. " + "x" * 200)[:200]  # the longest name


def merge_in_admin(client, model: str, survivor, others):
    response = client.post(
        reverse(f"admin:archive_{model}_changelist"),
        {
            "action": f"merge_{model}s" if model != "visit" else "merge_visits",
            "_selected_action": [survivor.pk, *(o.pk for o in others)],
            "survivor": survivor.pk,
            "post": "yes",
        },
    )
    assert response.status_code == 302, response.content[:500]


def test_a_merged_tours_old_address_and_json_redirect_to_the_tour_kept(client, editor):
    kept, merged = make_visit(start="2024-01-02"), make_visit(start="2024-01-03")
    merge_in_admin(client, "visit", kept, [merged])
    client.logout()
    assert not Visit.objects.filter(pk=merged.pk).exists()

    page = client.get(f"/visits/{merged.pk}/")
    assert page.status_code == 301 and page["Location"] == f"/visits/{kept.pk}/"
    as_json = client.get(f"/visits/{merged.pk}.json")
    assert as_json.status_code == 301 and as_json["Location"] == f"/visits/{kept.pk}.json"
    followed = client.get(f"/visits/{merged.pk}.json", follow=True)
    assert followed.status_code == 200 and followed.json()["id"] == kept.pk
    query = client.get(f"/visits/{merged.pk}/?format=json")
    assert query["Location"] == f"/visits/{kept.pk}/?format=json"


def test_an_address_merged_twice_leads_to_the_last_tour_in_one_step(client):
    first, second, third = (make_visit(start=f"2024-01-0{d}") for d in (2, 3, 4))
    merge_visits(second, [first])
    merge_visits(third, [second])
    for gone in (first, second):
        response = client.get(f"/visits/{gone.pk}/")
        assert response.status_code == 301 and response["Location"] == f"/visits/{third.pk}/"


def test_a_deleted_tour_answers_gone_with_a_link_to_the_search(client, editor):
    tour = make_visit(title="Li Qiang in Hubei, January 2024")
    client.post(reverse("admin:archive_visit_delete", args=[tour.pk]), {"post": "yes"})
    client.logout()
    response = client.get(f"/visits/{tour.pk}/")
    assert response.status_code == 410
    body = response.content.decode()
    assert "Li Qiang in Hubei, January 2024" in body and "was removed" in body
    assert 'href="/visits/"' in body
    as_json = client.get(f"/visits/{tour.pk}.json")
    assert as_json.status_code == 410 and as_json.json()["see"] == "http://testserver/visits/"


def test_a_tour_merged_into_one_later_deleted_is_gone(client):
    kept, merged = make_visit(start="2024-01-02"), make_visit(start="2024-01-03")
    merge_visits(kept, [merged])
    kept.delete()
    assert client.get(f"/visits/{merged.pk}/").status_code == 410


def test_an_address_never_used_is_still_not_found(client):
    make_visit()
    assert client.get("/visits/987654/").status_code == 404
    assert client.get("/officials/nobody-at-all/").status_code == 404


def test_a_merged_officials_slug_redirects_keeping_the_format(client, editor):
    make_visit(official="Li Qiang")
    kept = Official.objects.get(name="Li Qiang")
    double = Official.objects.create(name="Li Qiang (premier)", slug="li-qiang-premier")
    merge_in_admin(client, "official", kept, [double])
    client.logout()
    response = client.get("/officials/li-qiang-premier/?format=json")
    assert response.status_code == 301
    assert response["Location"] == "/officials/li-qiang/?format=json"
    assert client.get("/officials/li-qiang-premier/").status_code == 301


def test_a_renamed_slug_redirects_and_changing_it_back_answers_again(client):
    make_visit(official="Li Qiang")
    official = Official.objects.get(name="Li Qiang")
    official.slug = "li-qiang-premier"
    official.save()
    response = client.get("/officials/li-qiang/")
    assert response.status_code == 301 and response["Location"] == "/officials/li-qiang-premier/"
    official.slug = "li-qiang"
    official.save()
    assert client.get("/officials/li-qiang/").status_code == 200
    assert client.get("/officials/li-qiang-premier/")["Location"] == "/officials/li-qiang/"


def test_a_deleted_enterprise_with_an_odd_long_name_says_it_was_removed(client, editor):
    visit = make_visit(enterprises=["Wuhan Optics"])
    company = visit.enterprises.get()
    company.name = ODD
    company.save()
    slug = company.slug
    client.post(reverse("admin:archive_enterprise_delete", args=[company.pk]), {"post": "yes"})
    client.logout()
    response = client.get(f"/enterprises/{slug}/")
    assert response.status_code == 410
    body = response.content.decode()
    assert "Wuhan “Optics Valley” &lt;b&gt;&amp;amp; 光谷&lt;/b&gt;" in body
    assert 'href="/enterprises/"' in body
    stored = FormerAddress.objects.get(kind="enterprise", key=slug)
    assert stored.name == ODD and stored.removed


def test_merged_enterprises_redirect_to_the_one_kept(client):
    visit = make_visit(enterprises=["Wuhan Optics", "Hubei Lasers"])
    kept, double = visit.enterprises.order_by("pk")
    merge_enterprises(kept, [double])
    response = client.get(f"/enterprises/{double.slug}/")
    assert response.status_code == 301 and response["Location"] == f"/enterprises/{kept.slug}/"
    assert not Enterprise.objects.filter(pk=double.pk).exists()


def test_merging_officials_away_and_back_leaves_no_loop(client):
    make_visit(official="Li Qiang")
    a = Official.objects.get(name="Li Qiang")
    b = Official.objects.create(name="Li Qiang B", slug="li-qiang-b")
    merge_officials(a, [b])
    c = Official.objects.create(name="Li Qiang C", slug="li-qiang-b")  # the slug taken again
    assert client.get("/officials/li-qiang-b/").status_code == 200  # the live record wins
    merge_officials(c, [a])
    assert client.get("/officials/li-qiang/")["Location"] == "/officials/li-qiang-b/"
    assert not FormerAddress.objects.filter(kind="official", key="li-qiang-b").exists()


def test_a_page_that_answers_never_asks_for_former_addresses(client):
    visit = make_visit(enterprises=["Wuhan Optics"])
    with CaptureQueriesContext(connection) as queries:
        for url in (f"/visits/{visit.pk}/", f"/visits/{visit.pk}.json", "/officials/li-qiang/"):
            assert client.get(url).status_code == 200
    assert not any("formeraddress" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("url", ["/visits/{pk}/", "/visits/{pk}.json"])
def test_the_redirect_is_not_kept_by_the_page_cache(client, url):
    kept, merged = make_visit(start="2024-01-02"), make_visit(start="2024-01-03")
    assert client.get(url.format(pk=merged.pk)).status_code == 200  # cached while it answers
    merge_visits(kept, [merged])
    assert client.get(url.format(pk=merged.pk)).status_code == 301


def test_the_gone_page_speaks_chinese(client):
    tour = make_visit()
    pk = tour.pk
    tour.delete()
    response = client.get(f"/visits/{pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 410
    assert "已从档案中删除" in response.content.decode()
