"""The Chinese interface in a real headless Chromium: switch to Chinese from the keyboard,
search for a leader by his Chinese name and find the highlighted hit."""

from archive.ingest.importer import Importer
from tests.articles import seed
from tests.browser import needs_chromium, shot

pytestmark = needs_chromium

# Written for this test (not news), read by the real importer.
HEILONGJIANG = (
    " date 2024-09-08 李强在黑龙江考察\n\n"
    "新华社哈尔滨9月8日电 中共中央政治局常委、国务院总理李强9月7日至8日在黑龙江哈尔滨考察，"
    "先后来到一家家电企业的哈尔滨工厂和一家冰雪装备企业，了解智能制造和冰雪经济发展情况。"
)


def press_and_wait(driver, element, key) -> None:
    """Press a key on a focused button and wait until the next page has replaced this one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.send_keys(key)
    wait = WebDriverWait(driver, 15)
    wait.until(ready.staleness_of(page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_a_researcher_reads_in_chinese_and_finds_li_qiang_by_his_chinese_name(
    live_server, browser, transactional_db, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    (tmp_path / "heilongjiang.txt").write_text(HEILONGJIANG, encoding="utf-8")
    Importer().import_paths([str(tmp_path / "heilongjiang.txt"), str(seed("000"))])

    browser.get(live_server.url + "/visits/?sort=oldest")
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "en"
    switch = browser.find_element(By.CSS_SELECTOR, "form.language-switch")
    assert switch.accessible_name == "Language"
    chinese = switch.find_element(By.CSS_SELECTOR, "button[value='zh-hans']")
    assert chinese.accessible_name == "简体中文" and chinese.get_attribute("lang") == "zh-hans"
    assert chinese.get_attribute("aria-pressed") == "false"

    # From the keyboard: focus the button and press Enter; the same page comes back in Chinese.
    chinese.send_keys("")  # focuses it
    assert browser.switch_to.active_element == chinese
    press_and_wait(browser, chinese, Keys.ENTER)
    assert browser.current_url == live_server.url + "/visits/?sort=oldest"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-hans"
    assert browser.find_element(By.ID, "results-heading").text == "考察"
    assert browser.find_element(By.CSS_SELECTOR, ".summary").text == "共 2 次考察。"
    pressed = browser.find_element(By.CSS_SELECTOR, "form.language-switch [aria-pressed='true']")
    assert pressed.text == "简体中文"

    # Search for 李强: both his tours, the Chinese report's hit highlighted in its snippet.
    browser.find_element(By.ID, "q").send_keys("李强")
    press_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"), Keys.ENTER)
    assert (
        browser.find_element(By.CSS_SELECTOR, ".summary").text == "符合这些筛选条件的考察共 2 次。"
    )
    assert [
        c.text.rstrip(" ×")
        for c in browser.find_elements(By.CSS_SELECTOR, ".chips li a:not(.clear)")
    ] == ["搜索：“李强”"]
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks and {m.text for m in marks} == {"李强"}
    rows = browser.find_elements(By.CSS_SELECTOR, ".visit-row")
    assert all("李强" in row.find_element(By.CSS_SELECTOR, ".meta").text for row in rows)
    shot(browser, "chinese-search")

    # The choice stays on the next page.
    browser.find_element(By.LINK_TEXT, "领导人").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "领导人"
