"""The public site in a real headless Chromium: filter, search, read, download."""

import csv
import time

from tests.browser import click_and_wait, needs_chromium, shot
from tests.builders import make_sample_tours

pytestmark = needs_chromium


def summary(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, ".summary").text


def chips(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        c.text.rstrip(" ×")
        for c in driver.find_elements(By.CSS_SELECTOR, ".chips li a:not(.clear)")
    ]


def facet_link(driver, param: str, label: str):
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.ID, f"facet-{param}").find_element(By.XPATH, "..")
    for link in section.find_elements(By.CSS_SELECTOR, "li > a"):
        if f" {label} " in " {} ".format(" ".join(link.text.split())):
            return link
    shown = [link.text for link in section.find_elements(By.CSS_SELECTOR, "li > a")]
    raise AssertionError(f"no {label!r} in the {param} facet: {shown}")


def test_a_researcher_filters_searches_reads_and_downloads(live_server, browser, transactional_db):
    from selenium.webdriver.common.by import By

    make_sample_tours()
    browser.get(live_server.url + "/")
    assert browser.title.startswith("Tours")
    assert summary(browser) == "25 tours."
    shot(browser, "visits")

    # A province, then an official: counts shrink, chips appear.
    click_and_wait(browser, facet_link(browser, "province", "Hubei"))
    assert summary(browser) == "2 tours match these filters."
    click_and_wait(browser, facet_link(browser, "official", "Li Qiang"))
    assert summary(browser) == "1 tour matches these filters."
    assert chips(browser) == ["Province: Hubei", "Official: Li Qiang"]
    shot(browser, "visits-filtered")

    # Removing a chip drops only that filter.
    browser.find_element(
        By.CSS_SELECTOR, ".chips a[aria-label='Remove filter Province: Hubei']"
    ).click()
    assert chips(browser) == ["Official: Li Qiang"]
    assert summary(browser) == "5 tours match these filters."

    # A phrase search highlights the hit in a snippet.
    browser.find_element(By.ID, "q").send_keys('"memory chips"')
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"))
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks, "no highlighted hit"
    assert all(set(m.text.lower().split()) <= {"memory", "chips", "chip"} for m in marks)
    shot(browser, "search")

    # Follow the tour to its page.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".visit-row h2 a"))
    assert "Li Qiang in Hubei" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, ".source")
    shot(browser, "visit")

    # Back to the list, and download the result as CSV.
    browser.back()
    browser.find_element(By.LINK_TEXT, "CSV").click()
    target = browser.downloads / "tours.csv"
    for _ in range(50):
        if target.exists() and target.stat().st_size:
            break
        time.sleep(0.1)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["officials"] == "Li Qiang"


def test_a_record_pages_drill_down_counts_look_like_links(live_server, browser, transactional_db):
    """The counts on a record page open /visits/ narrowed to them: underlined in the link colour,
    with the focus ring; the browse page's facets, which toggle filters, stay plain."""
    from selenium.webdriver.common.by import By

    make_sample_tours()
    browser.get(live_server.url + "/officials/li-qiang/")
    drill_downs = browser.find_elements(By.CSS_SELECTOR, ".entity-side li > a")
    assert drill_downs
    for link in drill_downs:
        assert "underline" in link.value_of_css_property("text-decoration-line"), link.text
        assert link.value_of_css_property("color") == "rgba(11, 79, 138, 1)", link.text
    first = drill_downs[0]
    browser.execute_script("arguments[0].focus()", first)
    assert first.value_of_css_property("outline-style") == "solid"
    assert first.value_of_css_property("outline-width") == "3px"

    browser.get(live_server.url + "/visits/")
    facet = browser.find_element(By.CSS_SELECTOR, ".facets .facet-values li > a")
    assert "underline" not in facet.value_of_css_property("text-decoration-line")
