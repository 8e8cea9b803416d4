"""Reviewing at speed in a real headless Chromium: the review screen with its keys, and a
filtered set rejected in bulk after its confirmation page."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User

from archive.editing.roles import EDITORS
from archive.models import City, Province, ReviewQueue, Visit
from tests.browser import click_and_wait, needs_chromium, shot
from tests.builders import make_visit
from tests.site.test_csp_browser import policy_violations

pytestmark = needs_chromium
PASSWORD = "a long editor passphrase"


def log_in(browser, live_server, name: str) -> None:
    from selenium.webdriver.common.by import By

    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    browser.get(live_server.url + "/admin/")
    browser.find_element(By.ID, "id_username").send_keys(name)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))


def press_and_wait(browser, keys: str) -> None:
    """Type keys to the page (no field has the focus) and wait for the next page."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = browser.find_element(By.TAG_NAME, "html")
    ActionChains(browser).send_keys(keys).perform()
    wait = WebDriverWait(browser, 15)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "html").id != page.id)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


@pytest.fixture
def screen(browser):
    """The browser at the size of a common laptop screen."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    return browser


def test_an_editor_fixes_a_fact_from_its_evidence_and_reviews_with_the_keyboard(
    live_server, screen, transactional_db
):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser = screen
    make_visit(official="Xi Jinping", provinces=["Hunan"], start="2024-03-18", doubts=["no_date"])
    tour = make_visit(
        provinces=["Hubei"],
        cities=["Wuhan", "Yichang"],
        start="2024-01-02",
        end="2024-01-03",
        doubts=[("place_once", "Yichang")],
    )
    make_visit(official="Xi Jinping", provinces=["Hunan"], start="2024-03-20")
    after = make_visit(
        official="Liu Guozhong", provinces=["Hubei"], start="2024-10-14", doubts=["place_once"]
    )
    # Extraction missed Wuhan, though the sources name it.
    tour.cities.remove(City.objects.get(name="Wuhan"))
    log_in(browser, live_server, "editor")

    browser.get(live_server.url + "/admin/archive/reviewqueue/")
    counts = browser.find_element(By.CSS_SELECTOR, ".doubt-counts")
    click_and_wait(browser, counts.find_element(By.PARTIAL_LINK_TEXT, "Place named by one"))
    assert "reason=place_once" in browser.current_url
    assert "Xi Jinping" not in browser.find_element(By.ID, "result_list").text
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, tour.title))

    # One screen: the facts, the evidence beside them, the buttons; no time-zone note.
    assert ": 1 of 2" in browser.find_element(By.CSS_SELECTOR, ".review-place").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".timezonewarning")
    assert "Yichang" in browser.find_element(By.CSS_SELECTOR, ".review-doubts").text  # why
    wuhan = browser.find_element(By.CSS_SELECTOR, ".field-cities li.not-on-tour")
    assert "Wuhan" in wuhan.text and "not on the tour" in wuhan.text
    reviewed = browser.find_element(By.ID, "review-reviewed")
    assert reviewed.location["y"] + reviewed.size["height"] <= 768
    sources = browser.find_element(By.ID, "review-sources")
    assert sources.location["x"] > browser.find_element(By.ID, "review-facts").location["x"]
    ActionChains(browser).send_keys("j").perform()  # the first highlighted fact, shown
    assert browser.find_elements(By.CSS_SELECTOR, "#review-sources mark.current")
    shot(browser, "admin-review-screen")
    assert policy_violations(browser) == []  # the screen's script and styles are its files

    # Add Wuhan, as its evidence says, with the keyboard in the cities' autocomplete.
    search = browser.find_element(By.CSS_SELECTOR, ".field-cities .select2-search__field")
    search.click()
    search.send_keys("Wuhan")
    WebDriverWait(browser, 10).until(
        ready.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".select2-results__option--highlighted"), "Wuhan"
        )
    )
    search.send_keys(Keys.ENTER)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()  # leave the field: keys work again
    press_and_wait(browser, "r")

    # The next tour of the filtered queue, with the filter still on.
    assert after.title in browser.find_element(By.CSS_SELECTOR, ".review-title").text
    assert "reason" in browser.current_url  # the filter still on
    assert "marked reviewed" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    tour.refresh_from_db()
    assert tour.review_status == "reviewed"
    assert {c.name for c in tour.cities.all()} == {"Wuhan", "Yichang"}
    assert tour.curated_fields == ["cities"]
    assert tour.history.first().history_user.username == "editor"


def test_an_editor_rejects_a_filtered_set_across_pages_after_a_confirmation_page(
    live_server, browser, client, transactional_db, monkeypatch
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    # Two tours a page, so that the filtered set spans pages.
    monkeypatch.setattr(admin.site.get_model_admin(ReviewQueue), "list_per_page", 2)
    doomed = [make_visit(provinces=["Chongqing"], start=f"2024-0{m}-02") for m in (1, 2, 3)]
    kept = [make_visit(provinces=["Hunan"]), make_visit(provinces=["Sichuan"])]
    log_in(browser, live_server, "second-editor")

    chongqing = Province.objects.get(name="Chongqing")
    browser.get(f"{live_server.url}/admin/archive/reviewqueue/?provinces__id__exact={chongqing.pk}")
    browser.find_element(By.ID, "action-toggle").click()
    browser.find_element(By.CSS_SELECTOR, ".actions .question a").click()  # "Select all 3"
    Select(browser.find_element(By.NAME, "action")).select_by_value("mark_rejected")
    click_and_wait(browser, browser.find_element(By.NAME, "index"))

    listed = browser.find_element(By.CSS_SELECTOR, ".bulk-list").text
    assert all(tour.title in listed for tour in doomed)
    assert not any(tour.title in listed for tour in kept)
    assert Visit.objects.filter(review_status="rejected").count() == 0  # nothing yet
    browser.find_element(By.ID, "id_note").send_keys("Reports of a rumoured tour")
    shot(browser, "admin-bulk-reject-confirmation")
    click_and_wait(browser, browser.find_element(By.ID, "bulk-confirm"))

    assert "3 tour(s) rejected" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert {t.pk for t in Visit.objects.filter(review_status="rejected")} == {t.pk for t in doomed}
    reason = Visit.objects.get(pk=doomed[0].pk).history.first().history_change_reason
    assert reason == "rejected (bulk action): Reports of a rumoured tour"
    for tour in doomed:  # gone from the public site
        assert client.get(tour.get_absolute_url()).status_code == 404
