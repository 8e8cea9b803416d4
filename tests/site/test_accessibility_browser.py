"""Every public page template, in English and in Chinese, checked by axe-core in Chromium: the test
fails on any violation. And the keyboard: the first result within a few Tab presses.

axe-core (tests/vendor/axe-core/axe.min.js, from the npm package, MPL-2.0, its licence beside it)
is injected by the test through WebDriver; the site never serves it, so the Content Security
Policy stays as it is.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.test.signals import template_rendered

from archive.models import City, Enterprise, Theme, Visit
from tests.browser import needs_chromium
from tests.builders import make_sample_tours, make_visit

pytestmark = needs_chromium

ROOT = Path(__file__).resolve().parents[2]
AXE = (ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TEMPLATES = ROOT / "templates"

# Pages whose template is not reached by a link from the records: searches, filters, errors.
FIXED_PAGES = [
    "/",
    "/visits/?province=420000&official=li-qiang",
    "/visits/?province=420000&month=2024-01&theme=semiconductors",
    "/visits/?q=%22memory+chips%22",
    "/visits/?q=nothing-matches-this",
    "/visits/?start=2099-01-01",
    "/visits/?page=999",  # no such page
    "/visits/?page=two",  # a search that cannot be run
    "/officials/",
    "/provinces/",
    "/themes/",
    "/enterprises/",
    "/about/",
    "/about/data-dictionary/",
    "/about/api/",
    "/data/",
    "/no-such-page/",
    "/test-errors/400/",
    "/test-errors/403/",
    "/test-errors/500/",
]


ERRORS = {"/visits/?page=999": 404, "/visits/?page=two": 400, "/no-such-page/": 404}


def violations(driver) -> list[str]:
    """axe's violations on the page as shown, every <details> opened first."""
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE)
    found = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then(r => done(r.violations.map(v => [v.id, v.help,
                 v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)])))
          .catch(e => done([["axe-error", String(e), []]]));"""
    )
    return [f"{rule} ({help}): {'; '.join(nodes)}" for rule, help, nodes in found]


def tour_with_sources_of_one_title() -> Visit:
    """A tour reported twice under the same headline (as agencies' copies often are)."""
    visit = make_visit(
        official="Li Qiang",
        provinces=["Hubei"],
        cities=["Wuhan"],
        enterprises=["Yangtze Memory Technologies Co"],
        themes=["semiconductors"],
        sources=2,
    )
    visit.sources.update(title="Li Qiang inspects Hubei")
    return visit


def record_pages(visit: Visit) -> list[str]:
    city = City.objects.filter(visits=visit).first()
    enterprise = Enterprise.objects.filter(visits=visit).first()
    theme = Theme.objects.filter(visits=visit).first()
    article = visit.sources.first()
    return [
        visit.get_absolute_url(),
        "/officials/li-qiang/",
        "/officials/xi-jinping/",
        "/provinces/420000/",
        city.get_absolute_url(),
        enterprise.get_absolute_url(),
        theme.get_absolute_url(),
        article.get_absolute_url(),
    ]


def public_templates() -> set[str]:
    return {
        str(path)
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.relative_to(TEMPLATES).parts
    }


def test_no_public_page_has_an_axe_violation_in_either_language(
    live_server, browser, transactional_db, settings
):
    settings.ROOT_URLCONF = "tests.error_urls"
    make_sample_tours()
    gone = make_visit(official="Han Zheng", provinces=["Shanghai"], sources=0)
    gone_url = gone.get_absolute_url()
    gone.delete()  # its address answers 410 Gone, with a page
    ERRORS[gone_url] = 410
    pages = [*FIXED_PAGES, gone_url, *record_pages(tour_with_sources_of_one_title())]
    # Each page is what it should be (an error page only where one is meant), in both languages.
    client = Client(raise_request_exception=False)
    for language in ("en", "zh-hans"):
        client.cookies["django_language"] = language
        for page in pages:
            expected = int(page.split("/")[2]) if page.startswith("/test-errors/") else None
            status = client.get(page, follow=True).status_code
            if expected or page in ERRORS:
                assert status == (expected or ERRORS[page]), (page, status)
            else:
                assert status == 200, (page, status)
    rendered: set[str] = set()

    def record(sender, template, **kwargs):
        if template.origin and template.origin.name:
            rendered.add(str(template.origin.name))

    template_rendered.connect(record)
    try:
        found = {}
        for language in ("en", "zh-hans"):
            browser.get(live_server.url + "/")
            browser.add_cookie({"name": "django_language", "value": language})
            for page in pages:
                browser.get(live_server.url + page)
                assert browser.find_elements("css selector", "main"), page
                lang = browser.find_element("tag name", "html").get_attribute("lang")
                assert lang == language, (page, lang)
                problems = violations(browser)
                if problems:
                    found[f"{language} {page}"] = problems
        # The page for a form posted without its CSRF token (the admin's login; /language/ takes none).
        browser.get(live_server.url + "/")
        browser.execute_script(
            """const f = document.createElement("form"); f.method = "post"; f.action = "/admin/login/";
            document.body.append(f); f.submit();"""
        )
        assert "403" in browser.title or browser.find_elements("css selector", "main")
        problems = violations(browser)
        if problems:
            found["CSRF failure"] = problems
    finally:
        template_rendered.disconnect(record)
    assert found == {}, "\n".join(f"{page}:\n  " + "\n  ".join(v) for page, v in found.items())
    # Every public template was among those checked (a new page must be added above).
    assert public_templates() - rendered == set()


def focused_on(driver, id: str) -> None:
    """Wait until the skip link's target has the focus (following it is not instant)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script("return document.activeElement.id") == id
    )


def tabs_to(driver, selector: str, most: int = 40) -> int:
    """Tab presses from the top of the page until the element matching `selector` has focus."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    target = driver.find_element("css selector", selector)
    for presses in range(1, most + 1):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element == target:
            return presses
    raise AssertionError(f"{selector} not reached in {most} Tab presses")


@pytest.mark.parametrize("url", ["/visits/", "/visits/?province=420000&q=Hubei"])
def test_the_first_result_is_two_tabs_and_an_enter_away(
    live_server, browser, transactional_db, url
):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    make_sample_tours()
    browser.get(live_server.url + url)
    skip = browser.switch_to.active_element
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to results" and skip.is_displayed()
    skip.send_keys(Keys.ENTER)
    focused_on(browser, "results")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    first = browser.find_element("css selector", "#results .visit-row h2 a")
    assert browser.switch_to.active_element == first
    # Without the skip link, the first result still comes before the filters and the charts'
    # hundreds of columns, which are not Tab stops: only the header, the search, the chips, the
    # map's summary and the sort, page size and download links are on the way.
    browser.get(live_server.url + url)
    assert tabs_to(browser, "#results .visit-row h2 a") <= 30


def test_the_filters_are_one_link_away(live_server, browser, transactional_db):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    make_sample_tours()
    browser.get(live_server.url + "/visits/")
    ActionChains(browser).send_keys(Keys.TAB).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to filters"
    skip.send_keys(Keys.ENTER)
    focused_on(browser, "filters")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    # The first filter control: the date range's first field (on a wide screen the "back to
    # the results" link is not shown).
    assert browser.switch_to.active_element.get_attribute("id") == "range-start"
