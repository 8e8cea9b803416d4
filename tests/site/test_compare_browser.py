"""Comparing two officials in a real headless Chromium: from an official's page to the
comparison, on a desktop and on a phone."""

from tests.browser import click_and_wait, needs_chromium, shot
from tests.builders import make_sample_tours

pytestmark = needs_chromium


def test_a_researcher_compares_two_officials_from_one_s_page(
    live_server, browser, transactional_db
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    make_sample_tours()
    browser.set_window_size(1366, 768)
    browser.get(live_server.url + "/officials/li-qiang/")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Compare with another official"))
    assert browser.find_element(By.CSS_SELECTOR, ".lede").text == (
        "Choose an official to compare with Li Qiang."
    )
    first = Select(browser.find_element(By.ID, "compare-a"))
    assert first.first_selected_option.text == "Li Qiang (5 tours)"

    # The second is required: the browser does not send the form without it.
    button = browser.find_element(By.CSS_SELECTOR, ".compare-form button")
    button.click()
    assert browser.find_element(By.ID, "compare-b").get_attribute("validationMessage")
    assert "b=" not in browser.current_url

    Select(browser.find_element(By.ID, "compare-b")).select_by_visible_text("Xi Jinping (5 tours)")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".compare-form button"))
    assert browser.current_url.endswith("/officials/compare/?a=li-qiang&b=xi-jinping")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Li Qiang and Xi Jinping compared"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".compare-section h2")]
    assert headings == ["Tours per year", "Provinces", "Themes"]
    # The bars are drawn (as SVG, which the Content Security Policy allows), a share's to its
    # table's scale.
    bars = browser.find_elements(By.CSS_SELECTOR, "#compare-provinces ~ .table-scroll rect")
    widths = [float(bar.get_attribute("width")) for bar in bars]
    assert max(widths) == 100 and min(widths) == 0
    assert all(bar.size["width"] >= 0 for bar in bars)
    shot(browser, "compare")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    # A count opens the tours it counts.
    link = browser.find_element(By.CSS_SELECTOR, "a[href='/visits/?official=li-qiang&year=2023']")
    click_and_wait(browser, link)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".visit-row")) == 2


def test_on_a_phone_the_comparison_fits_the_screen(live_server, browser, transactional_db):
    from selenium.webdriver.common.by import By

    make_sample_tours()
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/officials/compare/?a=li-qiang&b=xi-jinping")
    width = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    # The two choices side by side, the button under them.
    a, b = (browser.find_element(By.ID, f"compare-{side}") for side in "ab")
    assert a.location["y"] == b.location["y"] and a.location["x"] < b.location["x"]
    # Both officials' columns of every table are on the screen, not scrolled off.
    for cell in browser.find_elements(By.CSS_SELECTOR, ".compare-table thead th"):
        assert cell.location["x"] + cell.size["width"] <= width
    shot(browser, "compare-phone")
