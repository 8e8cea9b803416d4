"""A merged tour's old address followed in a real headless Chromium."""

from archive.editing.curation import merge_visits
from tests.browser import needs_chromium
from tests.builders import make_visit

pytestmark = needs_chromium


def test_a_browser_following_a_merged_tours_old_address_lands_on_the_tour_kept(
    live_server, browser, transactional_db
):
    from selenium.webdriver.common.by import By

    kept = make_visit(
        start="2024-01-02", title="Li Qiang in Hubei, the tour kept", curated=["title"]
    )
    merged = make_visit(start="2024-01-03", title="Li Qiang in Hubei, a second report")
    merge_visits(kept, [merged])
    browser.get(f"{live_server.url}/visits/{merged.pk}/")
    assert browser.current_url == f"{live_server.url}/visits/{kept.pk}/"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Li Qiang in Hubei, the tour kept"
