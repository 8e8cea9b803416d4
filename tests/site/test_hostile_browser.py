"""The hostile reports of tests/hostile.py in a real Chromium: no payload runs, none becomes
an element, and no javascript: address is a link, on the public pages and in the admin."""

from urllib.parse import urlencode

from django.contrib.auth.models import User

from archive.ingest.importer import Importer
from archive.models import Article
from tests.browser import click_and_wait, needs_chromium, shot
from tests.hostile import HOSTILE, PAYLOADS, write_hostile_sources

pytestmark = needs_chromium
PASSWORD = "a long admin passphrase"

# What any payload would have added to the page, had it become markup.
INJECTED = """
return {
  inline: [...document.querySelectorAll('script:not([src])')]
    .map(s => s.textContent).filter(t => t.includes('alert')),
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  links: [...document.querySelectorAll('a[href]')]
    .map(a => a.getAttribute('href')).filter(h => /^\\s*javascript:/i.test(h)),
  frames: document.querySelectorAll('iframe').length,
};
"""


def assert_nothing_ran_or_was_injected(driver, where: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"an alert ran on {where}: {text!r}")
    except NoAlertPresentException:
        pass
    found = driver.execute_script(INJECTED)
    assert found == {"inline": [], "images": 0, "svgs": 0, "links": [], "frames": 0}, where


def visible_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def test_hostile_reports_are_shown_as_text_in_a_browser(
    live_server, browser, transactional_db, tmp_path
):
    from selenium.webdriver.common.by import By

    write_hostile_sources(tmp_path)
    report = Importer().import_paths([str(tmp_path)])
    assert report.counts["imported"] == 3, report.failures
    articles = list(Article.objects.order_by("file_name"))

    pages = [
        "/visits/",
        "/visits/?" + urlencode({"q": "onerror"}),
        "/visits/?" + urlencode({"q": HOSTILE}),
    ]
    for article in articles:
        pages += [article.visit.get_absolute_url(), article.get_absolute_url()]
    for path in pages:
        browser.get(live_server.url + path)
        assert_nothing_ran_or_was_injected(browser, path)
    # The payloads are there, as text a reader can see.
    browser.get(live_server.url + articles[1].visit.get_absolute_url())  # hostile.jsonl:1
    text = visible_text(browser)
    assert all(payload in text for payload in PAYLOADS)
    assert browser.find_elements(By.CSS_SELECTOR, ".source mark.fact")
    shot(browser, "hostile-visit")

    browser.get(live_server.url + "/visits/?" + urlencode({"q": "onerror"}))
    snippets = " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, ".snippet"))
    assert "<img src=x onerror=alert(1)>" in snippets

    # The admin: the review queue, a tour's evidence, an article with its address.
    User.objects.create_superuser("admin", password=PASSWORD)
    browser.get(live_server.url + "/admin/")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    admin_pages = ["/admin/archive/reviewqueue/", "/admin/archive/article/"]
    for article in articles:
        admin_pages += [
            f"/admin/archive/reviewqueue/{article.visit.pk}/change/",
            f"/admin/archive/article/{article.pk}/change/",
        ]
    for path in admin_pages:
        browser.get(live_server.url + path)
        assert "Log in" not in browser.title, path
        assert_nothing_ran_or_was_injected(browser, path)
    assert HOSTILE in visible_text(browser)  # the last article's text, read as text
    shot(browser, "hostile-admin-article")
