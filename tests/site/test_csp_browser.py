"""The Content Security Policy holds in a real browser: the pages break none of it.

Chromium reports each refused inline script or style, each blocked source, on the console.
"""

from urllib.request import urlopen

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from archive.ingest.importer import Importer
from archive.models import Visit
from tests.articles import SEEDS, seed, written
from tests.browser import needs_chromium

pytestmark = needs_chromium

PUBLIC_PAGES = [
    "/",
    "/visits/?province=420000&official=li-qiang",
    "/visits/?q=%22memory+chips%22",
    "/officials/li-qiang/",
    "/provinces/",
    "/provinces/420000/",
    "/themes/",
    "/no-such-page/",
]


def test_it_sends_the_policy(live_server, transactional_db):
    with urlopen(live_server.url + "/provinces/") as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def policy_violations(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


def visit_and_check(driver, url: str) -> None:
    driver.get(url)
    assert driver.find_elements("css selector", "main"), f"{url}: no page"
    assert policy_violations(driver) == [], url


def import_articles() -> Visit:
    """The seed articles and two more reports of the Hubei tour (returned)."""
    Importer().import_paths(
        [str(p) for p in (SEEDS, written("hubei-caption"), written("hubei-undated"))]
    )
    return Visit.objects.get(sources__file_name=seed("000").name)


def test_it_shows_public_pages_without_breaking_the_policy(live_server, browser, transactional_db):
    hubei = import_articles()
    for page in [*PUBLIC_PAGES, hubei.get_absolute_url(), hubei.sources.first().get_absolute_url()]:
        visit_and_check(browser, live_server.url + page)
    # The map's legend and tiles are drawn, coloured, not blocked.
    browser.get(live_server.url + "/provinces/")
    swatches = browser.find_elements("css selector", ".legend .swatch rect")
    assert swatches and all(s.get_attribute("fill").startswith("#") for s in swatches)


def test_it_runs_the_admin_under_the_policy(live_server, browser, transactional_db):
    hubei = import_articles()
    visit_and_check(browser, live_server.url + "/admin/login/")

    # Signed in through the session cookie of a forced login.
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="not used here"))
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )
    for page in [
        "/admin/",
        "/admin/archive/reviewqueue/",
        f"/admin/archive/visit/{hubei.pk}/change/",
        f"/admin/archive/visit/{hubei.pk}/history/",
        "/admin/archive/official/add/",
    ]:
        visit_and_check(browser, live_server.url + page)
    # The change page's scripts ran: the provinces field became an autocomplete box.
    browser.get(live_server.url + f"/admin/archive/visit/{hubei.pk}/change/")
    assert browser.find_elements("css selector", ".field-provinces .select2-selection")

    # A form sent without its CSRF token: the refusal too keeps to the policy.
    browser.delete_all_cookies()
    browser.get(live_server.url + "/admin/login/")
    browser.delete_all_cookies()
    browser.find_element("css selector", "#id_username").send_keys("boss")
    browser.find_element("css selector", "#id_password").send_keys("guess")
    browser.find_element("css selector", "#login-form [type=submit]").click()
    assert browser.find_element("css selector", "h1").text == "Form not accepted"
    assert policy_violations(browser) == []
