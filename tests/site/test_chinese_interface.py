"""The public site in Simplified Chinese: chosen by the browser or the switch in the header,
at the same addresses as in English, with records named in Chinese where they have a Chinese
name, and cached pages never served to a visitor of the other language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Enterprise, Official, Province, Theme, Visit

pytestmark = pytest.mark.django_db

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"}
HUBEI = "420000"
MEMORY_CHIPS = "yangtze-memory-technologies-co"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def hubei_tour() -> Visit:
    return Visit.objects.get(title="Li Qiang in Hubei, January 2024")


def language_of(page: str) -> str:
    return re.search(r'<html lang="([^"]+)">', page).group(1)


def test_it_is_english_unless_the_browser_or_the_visitor_asks_otherwise(client, sample_tours):
    page = html(client.get("/visits/"))
    assert language_of(page) == "en"
    assert '<h1 id="results-heading">Tours</h1>' in page
    assert "Li Qiang" in page and "李强" in page  # his Chinese name beside the English


@pytest.mark.parametrize("header", ["zh-CN,zh;q=0.9", "zh", "zh-Hans", "zh-TW", "zh-HK,en;q=0.5"])
def test_a_browser_asking_for_chinese_gets_simplified_chinese(client, sample_tours, header):
    response = client.get("/visits/", HTTP_ACCEPT_LANGUAGE=header)
    page = html(response)
    assert language_of(page) == "zh-hans"
    assert response["Content-Language"] == "zh-hans"
    # A shared cache in front keeps the languages apart: by the header and by the cookie.
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert '<h1 id="results-heading">考察</h1>' in page
    assert '<h1 id="results-heading">Tours</h1>' not in page


def test_a_browser_asking_for_another_language_gets_english(client, sample_tours):
    assert language_of(html(client.get("/visits/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8"))) == "en"


def test_the_switch_in_the_header_is_a_form_of_buttons_that_comes_back_to_the_page(
    client, sample_tours
):
    url = f"/visits/?province={HUBEI}&sort=oldest"
    page = html(client.get(url))
    switch = re.search(r'<form class="language-switch".*?</form>', page, re.S).group(0)
    assert 'action="/language/" method="post"' in switch
    assert 'aria-labelledby="language-label"' in switch and ">Language</span>" in switch
    assert f'name="next" value="/visits/?province={HUBEI}&amp;sort=oldest"' in switch
    assert (
        '<button type="submit" name="language" value="en" lang="en" aria-pressed="true">'
        "English</button>" in switch
    )
    assert (
        '<button type="submit" name="language" value="zh-hans" lang="zh-hans" '
        'aria-pressed="false">简体中文</button>' in switch
    )

    response = client.post("/language/", {"language": "zh-hans", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["django_language"].value == "zh-hans"
    assert response.cookies["django_language"]["httponly"]
    chinese = html(client.get(url))  # the cookie, whatever the browser says
    assert language_of(chinese) == "zh-hans"
    assert 'value="zh-hans" lang="zh-hans" aria-pressed="true"' in chinese

    client.post("/language/", {"language": "en", "next": url})
    assert language_of(html(client.get(url, **CHINESE))) == "en"  # the choice beats the header


def test_the_switch_needs_no_csrf_token_and_refuses_what_it_does_not_know(sample_tours):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/language/", {"language": "zh-hans", "next": "/officials/"})
    assert response.status_code == 302 and response["Location"] == "/officials/"
    # An unknown language changes nothing; a foreign address is not followed.
    response = strict.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    assert language_of(html(strict.get("/officials/"))) == "zh-hans"


def test_addresses_stay_the_same_in_both_languages(client, sample_tours):
    visit = hubei_tour()
    for url in ("/visits/", f"/visits/{visit.pk}/", "/officials/li-qiang/", "/themes/"):
        english, chinese = client.get(url), client.get(url, **CHINESE)
        assert english.status_code == chinese.status_code == 200
        assert language_of(html(english)) == "en" and language_of(html(chinese)) == "zh-hans"
    assert client.get("/zh-hans/visits/", **CHINESE).status_code == 404


def test_an_english_and_a_chinese_visitor_never_get_each_others_cached_page(client, sample_tours):
    """Pages and browse counts are cached whole; each language has its own entry."""
    visit = hubei_tour()
    for url in ("/visits/", f"/visits/?province={HUBEI}", f"/visits/{visit.pk}/", "/themes/"):
        english = html(client.get(url))
        chinese = html(client.get(url, **CHINESE))
        assert language_of(english) == "en" and language_of(chinese) == "zh-hans", url
        # Both now cached: each visitor again gets their own, from the cache.
        for headers, expected in (({}, english), (CHINESE, chinese), ({}, english)):
            with CaptureQueriesContext(connection) as queries:
                again = html(client.get(url, **headers))
            assert again == expected, url
            assert len(queries) == 1, url  # the archive version, nothing else


def test_the_browse_counts_are_cached_per_language(client, sample_tours):
    """The cached counts hold labels (months, names): a Chinese search after an English one
    of the same state gets Chinese labels."""
    url = f"/visits/?province={HUBEI}&per_page=10"
    html(client.get(url))
    page = html(client.get(url.replace("10", "25"), **CHINESE))  # same state, other page size
    assert "2024年1月" in page and "湖北省" in page
    assert ">Jan 2024<" not in page and ">Hubei<" not in page


def test_records_are_named_in_chinese_where_they_have_a_chinese_name(client, sample_tours):
    visit = hubei_tour()
    li_qiang = Official.objects.get(slug="li-qiang")
    hubei = Province.objects.get(code=HUBEI)
    theme = Theme.objects.get(slug="semiconductors")
    company = Enterprise.objects.get(slug=MEMORY_CHIPS)
    assert (li_qiang.name_zh, hubei.name_zh, theme.name_zh) == ("李强", "湖北省", "半导体")
    assert company.name_zh == ""

    page = html(client.get(f"/visits/{visit.pk}/", **CHINESE))
    assert '<a href="/officials/li-qiang/">李强</a>' in page
    assert "(国务院总理)" in page  # his post at the time, in Chinese
    assert f'<a href="/provinces/{HUBEI}/">湖北省</a>' in page
    assert '<a href="/themes/semiconductors/">半导体</a>' in page
    # No Chinese name: the English one.
    assert f'<a href="/enterprises/{MEMORY_CHIPS}/">{company.name}</a>' in page
    assert "<dt>陪同人员</dt>" in page and "2024年1月2日" in page

    english = html(client.get(f"/visits/{visit.pk}/"))
    assert '<a href="/officials/li-qiang/">Li Qiang</a> <span class="zh" lang="zh">李强</span>' in (
        english
    )
    assert "(Premier of the State Council)" in english and "2 January 2024" in english

    for url, name in (
        ("/officials/li-qiang/", "李强"),
        (f"/provinces/{HUBEI}/", "湖北省"),
        ("/themes/semiconductors/", "半导体"),
        (f"/enterprises/{MEMORY_CHIPS}/", company.name),
    ):
        page = html(client.get(url, **CHINESE))
        assert f"<h1>{name}</h1>" in page, url
        assert f"<title>{name} · 考察档案</title>" in page, url


def test_the_browse_page_in_chinese_names_facets_chips_and_tours_in_chinese(client, sample_tours):
    page = html(client.get(f"/visits/?province={HUBEI}&month=2024-01", **CHINESE))
    assert '<h2 id="facet-province">省份</h2>' in page
    assert "省份：湖北省" in page and "月份：2024年1月" in page  # the chips
    assert re.search(r"符合这些筛选条件的考察共 \d+ 次。", page)
    # Each tour's line names its leaders and places in Chinese (its title is the stored one).
    tours = page.split('<ol class="visits"')[1].split("</ol>")[0]
    assert re.search(r"· 李强\s+· 湖北省 \(", tours)
    assert "Li Qiang\n" not in tours and "· Hubei" not in tours


def test_what_a_bad_search_is_told_is_in_the_visitors_language(client, sample_tours):
    response = client.get("/visits/?page=0&sort=sideways", **CHINESE)
    assert response.status_code == 400
    page = response.content.decode()
    assert "无法执行此搜索" in page and "页码必须是从 1 开始的整数。" in page
    assert "未知排序方式 &#x27;sideways&#x27;：" in page
    response = client.get(f"/visits/{hubei_tour().pk}/?format=xml", **CHINESE)
    assert response.status_code == 400 and "未知格式 &#x27;xml&#x27;" in response.content.decode()
    missing = client.get("/officials/nobody-at-all/", **CHINESE)
    assert missing.status_code == 404 and "找不到页面" in missing.content.decode()


def test_a_database_with_themes_gets_their_chinese_names_and_keeps_an_editors():
    """Migration 0007 fills the shipped themes' Chinese names where they are blank."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("archive.migrations.0007_theme_name_zh")
    Theme.objects.filter(slug="semiconductors").update(name_zh="", description_zh="")
    Theme.objects.filter(slug="digital-economy").update(name_zh="数字经济（编辑所改）")
    migration.chinese_names(apps, None)
    assert Theme.objects.get(slug="semiconductors").name_zh == "半导体"
    assert Theme.objects.get(slug="semiconductors").description_zh.startswith("芯片")
    assert Theme.objects.get(slug="digital-economy").name_zh == "数字经济（编辑所改）"
    assert not Theme.objects.filter(name_zh="").exists()


def test_a_tour_titled_by_the_importer_is_titled_in_chinese_and_an_editors_title_stays(
    client, sample_tours
):
    visit = hubei_tour()
    page = html(client.get(f"/visits/{visit.pk}/", **CHINESE))
    assert "<h1>李强在湖北省考察（2024年1月）</h1>" in page
    assert "<title>李强在湖北省考察（2024年1月） · 考察档案</title>" in page
    listed = html(client.get(f"/visits/?province={HUBEI}", **CHINESE))
    assert f'<a href="/visits/{visit.pk}/">李强在湖北省考察（2024年1月）</a>' in listed
    assert "<h1>Li Qiang in Hubei, January 2024</h1>" in html(client.get(f"/visits/{visit.pk}/"))

    visit.title = "Premier Li in the Optics Valley"
    visit.mark_curated("title")
    visit.save()
    page = html(client.get(f"/visits/{visit.pk}/", **CHINESE))
    assert "<h1>Premier Li in the Optics Valley</h1>" in page


def test_the_province_map_is_labelled_with_the_chinese_short_names(client, sample_tours):
    chinese = html(client.get("/provinces/", **CHINESE))
    english = html(client.get("/provinces/"))
    tile = r'<text class="short"[^>]*><tspan[^>]*>{}</tspan></text>'
    for name in ("湖北", "北京", "内蒙古", "新疆", "香港"):
        assert re.search(tile.format(name), chinese), name
    assert re.search(tile.format("Hubei"), english)
    assert not re.search(tile.format("Hubei"), chinese)
    assert 'aria-label="湖北：' in chinese and 'aria-label="Hubei: ' in english


def test_the_timeline_and_a_source_name_the_tour_by_its_chinese_title(client, sample_tours):
    visit = hubei_tour()
    official = html(client.get("/officials/li-qiang/", **CHINESE))
    assert "<title>李强在湖北省考察（2024年1月），2024年1月2日</title>" in official
    article = visit.sources.first()
    page = html(client.get(f"/articles/{article.pk}/", **CHINESE))
    assert (
        f'<dt>考察</dt><dd><a href="/visits/{visit.pk}/">李强在湖北省考察（2024年1月）</a>' in page
    )
    english = html(client.get("/officials/li-qiang/"))
    assert "<title>Li Qiang in Hubei, January 2024, 2 January 2024</title>" in english


@pytest.mark.parametrize(
    "url", ["/visits/", "/visits/?province=420000", "/officials/li-qiang/", "/provinces/420000/"]
)
def test_a_page_in_chinese_costs_no_more_queries_whatever_the_number_of_tours(
    client, sample_tours, url
):
    """Names and titles in Chinese come from what the page reads anyway (or prefetches)."""
    from django.core.cache import cache

    def queries(**headers) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            html(client.get(url, **headers))
        return len(captured)

    english, chinese = queries(), queries(**CHINESE)
    # The official's timeline reads his tours' leaders and provinces for their Chinese titles.
    assert chinese <= english + (2 if url.startswith("/officials/") else 0), (english, chinese)
