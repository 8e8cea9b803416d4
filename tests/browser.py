"""Driving Debian's chromium with chromedriver for the browser tests.

The tests skip, saying why, where no Chromium is installed; .ci/run installs it.
Screenshots of the main pages go to tests/screenshots/ (or $SCREENSHOT_DIR).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(__file__).parent / "screenshots")

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="no Chromium here: apt-get install chromium chromium-driver",
    ),
]


@pytest.fixture
def browser(tmp_path, settings):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # The live server serves static files through the finders, which know no hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    # The console, for Content Security Policy violations: driver.get_log("browser").
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    driver.implicitly_wait(5)
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def click_and_wait(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one."""
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_) -> bool:
        # Selenium's staleness_of expects only StaleElementReferenceException; Chromium's
        # driver may instead say the old page's node "does not belong to the document".
        try:
            page.is_enabled()
        except (StaleElementReferenceException, NoSuchElementException):
            return True
        except WebDriverException as error:  # "unknown error: unhandled inspector error"
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    wait = WebDriverWait(driver, 15)
    wait.until(replaced)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
