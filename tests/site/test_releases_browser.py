"""A reader finds the published dataset from any page's footer and downloads it in Chromium."""

import io
import sqlite3
import time

from django.core.management import call_command

from archive.site import releases
from tests.browser import click_and_wait, needs_chromium, shot
from tests.builders import make_visit

pytestmark = needs_chromium


def test_a_reader_downloads_the_latest_release(
    live_server, browser, transactional_db, tmp_path, settings
):
    from selenium.webdriver.common.by import By

    settings.DATASET_RELEASES_DIR = tmp_path / "releases"
    make_visit(official="Li Qiang", provinces=["Hubei"], start="2024-01-02")
    make_visit(official="Zhao Leji", provinces=["Hunan"], start="2024-05-01")
    call_command("publish_dataset", stdout=io.StringIO())
    release = releases.latest()

    browser.get(live_server.url + "/visits/")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Download the dataset"))
    assert "Release 1 of" in browser.find_element(By.CSS_SELECTOR, ".lede").text
    shot(browser, "data")
    browser.find_element(By.LINK_TEXT, "tours.sqlite3").click()
    target = browser.downloads / f"{release.name}-tours.sqlite3"
    for _ in range(100):
        if target.exists() and target.stat().st_size == release.sizes["tours.sqlite3"]:
            break
        time.sleep(0.1)
    assert target.read_bytes() == (release.path / "tours.sqlite3").read_bytes()
    database = sqlite3.connect(target)
    assert database.execute("SELECT count(*) FROM tours").fetchone() == (2,)
    assert sorted(database.execute("SELECT name FROM officials")) == [("Li Qiang",), ("Zhao Leji",)]
