"""An editor at work in a real headless Chromium: review queue, a fixed province, the public page."""

from django.contrib.auth.models import Group, User

from archive.editing.roles import EDITORS
from archive.ingest.importer import Importer
from archive.models import Visit
from tests.articles import SEEDS, seed
from tests.browser import click_and_wait, needs_chromium, shot

pytestmark = needs_chromium
PASSWORD = "a long editor passphrase"


def test_an_editor_fixes_a_province_and_marks_the_tour_reviewed(
    live_server, browser, transactional_db
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    Importer().import_paths([str(SEEDS)])
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    tour = Visit.objects.get(sources__file_name=seed("003").name)  # Zhang Guoqing in Chongqing

    browser.get(live_server.url + "/admin/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Tours to review"))
    assert "No date found" in browser.page_source  # the undated Beijing tour says why it is listed
    shot(browser, "admin-review-queue")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, tour.title))

    # Replace Chongqing with Sichuan in the provinces autocomplete.
    provinces = browser.find_element(By.CSS_SELECTOR, ".field-provinces .select2-selection")
    provinces.find_element(By.CSS_SELECTOR, ".select2-selection__choice__remove").click()
    search = browser.find_element(By.CSS_SELECTOR, ".field-provinces .select2-search__field")
    search.click()
    search.send_keys("Sichuan")
    WebDriverWait(browser, 10).until(
        ready.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".select2-results__option--highlighted"), "Sichuan"
        )
    )
    search.send_keys(Keys.ENTER)
    browser.find_element(By.ID, "id_review_status").send_keys("reviewed")
    shot(browser, "admin-visit")
    click_and_wait(browser, browser.find_element(By.NAME, "_save"))
    assert "was changed successfully" in browser.page_source

    tour.refresh_from_db()
    assert tour.review_status == "reviewed"
    assert [p.name for p in tour.provinces.all()] == ["Sichuan"]
    assert "provinces" in tour.curated_fields

    browser.get(live_server.url + tour.get_absolute_url())
    facts = browser.find_element(By.CSS_SELECTOR, "dl").text
    assert "Sichuan" in facts and "Chongqing" not in facts
    assert "Unreviewed" not in browser.page_source
    shot(browser, "public-visit-after-review")
