"""What a researcher sees first, in Chromium at a laptop's and a phone's size: the results on the
first screen, the filters one tap away, charts that read for one tour and for 500, map tiles that
say which province they are. Screenshots of the main pages at both sizes go to tests/screenshots/.
"""

import datetime as dt
import random
import re
import time

import pytest

from archive.models import Province, Visit
from tests.browser import click_and_wait, needs_chromium, shot
from tests.builders import make_sample_tours, make_visit

pytestmark = needs_chromium

LAPTOP, PHONE = (1366, 768), (390, 844)


def window(driver, size: tuple[int, int]) -> None:
    """Make the page's viewport (not the window around it) this size."""
    width, height = size
    outer = [width, height]
    # A busy machine's Chromium may report the viewport before the resize has settled:
    # measure again and correct, a few times, before giving up.
    for _attempt in range(10):
        driver.set_window_rect(width=outer[0], height=outer[1])
        time.sleep(0.05)
        inner = driver.execute_script("return [innerWidth, innerHeight]")
        if inner == [width, height]:
            break
        outer = [outer[0] + width - inner[0], outer[1] + height - inner[1]]
    assert driver.execute_script("return [innerWidth, innerHeight]") == [width, height]


def rect(driver, selector: str) -> dict:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};",
        selector,
    )


def many_tours(official: str, count: int, seed: int = 7) -> None:
    """`count` tours of one official, 2013 to 2025, in provinces drawn at random."""
    rng = random.Random(seed)
    provinces = list(Province.objects.values_list("name", flat=True))
    for _ in range(count):
        day = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
        make_visit(official=official, provinces=[rng.choice(provinces)], start=day, sources=0)


# (page, its first tour's title): on the first screen at both sizes.
FIRST_TOURS = [
    ("/visits/", "#results .visit-row h2"),
    ("/visits/?province=420000&official=li-qiang", "#results .visit-row h2"),
    ("/visits/?q=Hubei", "#results .visit-row h2"),
    ("/provinces/420000/", ".entity-tours .visit-row h2"),  # before its cities, long on a phone
]


def test_the_first_tour_is_on_the_first_screen(live_server, browser, transactional_db):
    """Each size and page in one test: a browser and the sample tours are made once."""
    make_sample_tours()
    for size in (LAPTOP, PHONE):
        window(browser, size)
        for url, selector in FIRST_TOURS:
            browser.get(live_server.url + url)
            title = rect(browser, selector)
            assert title["top"] > 0 and title["bottom"] <= size[1], (size, url, title)


def test_the_filters_are_one_tap_away(live_server, browser, transactional_db):
    make_sample_tours()
    window(browser, LAPTOP)
    browser.get(live_server.url + "/visits/?official=li-qiang")
    # On a wide screen they are beside the results already.
    assert not browser.find_element("css selector", ".to-filters").is_displayed()
    filters = rect(browser, "#filters")
    assert filters["top"] < LAPTOP[1] and filters["left"] < 400

    window(browser, PHONE)
    browser.get(live_server.url + "/visits/?official=li-qiang")
    link = browser.find_element("css selector", ".to-filters")
    assert link.is_displayed() and link.text == "Filters (1 on)"
    assert rect(browser, ".to-filters")["bottom"] <= PHONE[1]
    link.click()
    assert abs(rect(browser, "#filters")["top"]) < 2  # scrolled to the top of the screen
    back = browser.find_element("css selector", ".to-results a")
    assert back.is_displayed()
    back.click()
    assert abs(rect(browser, "#results")["top"]) < 2


def test_a_record_pages_tours_are_one_link_away(live_server, browser, transactional_db):
    make_sample_tours()
    for size in (LAPTOP, PHONE):
        window(browser, size)
        for url in ("/officials/li-qiang/", "/provinces/420000/"):
            browser.get(live_server.url + url)
            jump = browser.find_element("css selector", ".contents a[href='#tours-heading']")
            assert jump.is_displayed() and rect(browser, ".contents")["bottom"] <= size[1]
            jump.click()
            assert browser.execute_script("return location.hash") == "#tours-heading"
            heading = rect(browser, "#tours-heading")
            assert heading["top"] >= -1 and heading["bottom"] <= size[1], (size, url)


def chart_is_readable(driver, size: tuple[int, int]) -> None:
    """The chart fits the screen (its last month too), draws its columns, and its year labels
    (those shown at this width) stand apart from each other."""
    svg = rect(driver, ".columns-chart svg")
    assert svg["left"] >= 0 and svg["right"] <= size[0], svg
    last = driver.execute_script(
        "const bars = document.querySelectorAll('.columns-chart .bar');"
        "return bars[bars.length - 1].getBoundingClientRect().right;"
    )
    assert last <= svg["right"] + 1
    labels = driver.execute_script(
        "return [...document.querySelectorAll('.columns-chart text.year')]"
        ".filter(t => getComputedStyle(t).display !== 'none')"
        ".map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; });"
    )
    assert labels, "no year labels"
    for (_, _, right), (year, left, _) in zip(labels, labels[1:], strict=False):
        assert right + 4 <= left, f"{year} overlaps the year before it: {labels}"
    assert all(left >= svg["left"] - 16 and right <= svg["right"] + 16 for _, left, right in labels)


def test_a_timeline_reads_for_one_tour_and_for_500(live_server, browser, transactional_db):
    make_sample_tours()
    many_tours("Li Zhanshu", 500)
    for size in (LAPTOP, PHONE):
        timeline_reads(browser, live_server.url, size)


def timeline_reads(browser, site: str, size: tuple[int, int]) -> None:
    window(browser, size)

    browser.get(site + "/officials/han-zheng/")  # one tour
    chart_is_readable(browser, size)
    bars = browser.find_elements("css selector", ".columns-chart .bar")
    assert len(bars) == 1
    assert [t.text for t in browser.find_elements("css selector", ".columns-chart text.year")] == [
        "2021"
    ]

    browser.get(site + "/officials/li-zhanshu/")
    chart_is_readable(browser, size)
    months = {
        (v.start_date.year, v.start_date.month)
        for v in Visit.objects.filter(officials__slug="li-zhanshu")
    }
    assert len(browser.find_elements("css selector", ".columns-chart .bar")) == len(months)
    shot(browser, f"official-500-tours-{size[0]}")
    # A column opens its month's tours, or its one tour.
    links = [
        a.get_dom_attribute("href")
        for a in browser.find_elements("css selector", ".columns-chart a")
    ]
    assert links and all(
        re.search(r"/visits/(\?official=li-zhanshu&month=\d{4}-\d\d|\d+/)$", link) for link in links
    ), links[:5]

    browser.get(site + "/visits/?official=li-zhanshu")
    chart_is_readable(browser, size)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_map_tile_shows_a_name_that_fits_it(live_server, browser, transactional_db, language):
    make_sample_tours()
    browser.get(live_server.url + "/")
    browser.add_cookie({"name": "django_language", "value": language})
    for size in (LAPTOP, PHONE):
        window(browser, size)
        browser.get(live_server.url + "/provinces/")
        tiles_fit(browser, size, language)


def tiles_fit(browser, size: tuple[int, int], language: str) -> None:
    tiles = browser.execute_script(
        """return [...document.querySelectorAll('.province-map svg a')].map(a => {
             const tile = a.querySelector('rect').getBoundingClientRect();
             const name = a.querySelector('text').getBoundingClientRect();
             return [a.querySelector('text').textContent, a.getAttribute('aria-label'),
                     tile.left, tile.right, name.left, name.right, name.height];
           });"""
    )
    assert len(tiles) == 34
    names = [name for name, *_ in tiles]
    assert len(set(names)) == 34
    for name, label, tile_left, tile_right, left, right, height in tiles:
        assert tile_left <= left and right <= tile_right, f"{name} does not fit its tile"
        assert label.startswith(name.strip()), (name, label)  # the link says what it shows
        assert height >= (8 if size == PHONE else 10), f"{name} is {height}px high"
    if language == "en":
        assert {"Hebei", "Henan", "Hunan", "Hubei", "Hainan"} <= set(names)


def test_screenshots_of_the_main_pages(live_server, browser, transactional_db):
    """Not an assertion of looks: pictures for a person to look at (tests/screenshots/)."""
    make_sample_tours()
    many_tours("Li Zhanshu", 120)
    for size in (LAPTOP, PHONE):
        screenshots(browser, live_server, size)


def screenshots(browser, live_server, size: tuple[int, int]) -> None:
    window(browser, size)
    width = size[0]
    browser.get(live_server.url + "/visits/")
    shot(browser, f"first-screen-visits-{width}")
    click_and_wait(browser, browser.find_element("css selector", "#results .visit-row h2 a"))
    shot(browser, f"first-screen-tour-{width}")
    browser.get(live_server.url + "/officials/li-zhanshu/")
    shot(browser, f"first-screen-official-{width}")
    browser.get(live_server.url + "/provinces/420000/")
    shot(browser, f"first-screen-province-{width}")
