"""The tile-grid map of provinces: layout, counts from any set of tours, shading, rendering."""

import pytest
from django.template.loader import render_to_string

from archive.models import Province, Visit
from archive.site import maps

pytestmark = pytest.mark.django_db


def by_label(tiles):
    return {t.label: t for t in tiles}


def test_the_layout_places_all_34_divisions_once():
    assert set(maps.LAYOUT) == set(Province.objects.values_list("code", flat=True))
    cells = [(col, row) for _, col, row in maps.LAYOUT.values()]
    assert len(set(cells)) == len(cells) == 34
    shorts = [short for short, _, _ in maps.LAYOUT.values()]
    assert len(set(shorts)) == 34


def test_the_layout_roughly_follows_the_map():
    def cell(code):
        return maps.LAYOUT[code][1:]

    heilongjiang, hainan = cell("230000"), cell("460000")
    xinjiang, shanghai = cell("650000"), cell("310000")
    assert heilongjiang[1] < hainan[1]  # north above south
    assert xinjiang[0] < shanghai[0]  # west left of east
    beijing, hebei = cell("110000"), cell("130000")
    assert abs(beijing[0] - hebei[0]) + abs(beijing[1] - hebei[1]) == 1  # neighbours touch


def test_tiles_count_the_given_tours_in_one_query(sample_tours, django_assert_num_queries):
    visits = Visit.objects.public()
    with django_assert_num_queries(1):
        tiles = maps.province_tiles(visits, lambda p: f"/provinces/{p.code}/")
    assert len(tiles) == 34
    for province in Province.objects.all():
        tile = by_label(tiles)[province.name]
        assert tile.count == visits.filter(provinces=province).count(), province.name
        assert tile.url == f"/provinces/{province.code}/"
    hubei = by_label(tiles)["Hubei"]
    assert (hubei.short, hubei.count, hubei.aria_label) == ("Hubei", 2, "Hubei: 2 tours")


def test_tiles_follow_any_filtered_set_of_tours(sample_tours):
    li_qiang = Visit.objects.public().filter(officials__slug="li-qiang")
    tiles = by_label(maps.province_tiles(li_qiang, lambda p: "#"))
    assert {label: t.count for label, t in tiles.items() if t.count} == {
        "Beijing": 1,
        "Hubei": 1,
        "Hunan": 1,
        "Zhejiang": 2,
    }
    assert tiles["Hubei"].aria_label == "Hubei: 1 tour"


def test_rejected_tours_are_not_counted(sample_tours):
    Visit.objects.filter(title__startswith="Li Qiang in Hubei").update(
        review_status=Visit.Review.REJECTED
    )
    tiles = by_label(maps.province_tiles(Visit.objects.public(), lambda p: "#"))
    assert tiles["Hubei"].count == 1


def test_shades_rise_with_the_count_up_to_the_busiest_province(sample_tours):
    tiles = maps.province_tiles(Visit.objects.public(), lambda p: "#")
    peak = max(t.count for t in tiles)
    for tile in tiles:
        assert (tile.shade == 0) == (tile.count == 0)
        assert (tile.fill, tile.ink) == maps.SHADES[tile.shade]
        if tile.count == peak:
            assert tile.shade == maps.STEPS
    assert [maps.shade(n, 8) for n in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert maps.shade(1, 1) == maps.STEPS


def test_the_legend_names_each_shade_in_use():
    def tiles(*counts):
        return [maps.Tile("", "", "", n, 0, "", "", "", 0, 0) for n in counts]

    assert [e.label for e in maps.legend(tiles(0, 1))] == ["No tours", "1 tour"]
    assert [e.label for e in maps.legend(tiles(0, 3, 8))] == [
        "No tours",
        "1–2 tours",
        "3–4 tours",
        "5–6 tours",
        "7–8 tours",
    ]
    assert [e.label for e in maps.legend(tiles(0, 0))] == ["No tours"]


def test_the_include_draws_links_a_legend_and_a_text_list(sample_tours):
    tiles = maps.province_tiles(Visit.objects.public(), lambda p: f"/provinces/{p.code}/")
    html = render_to_string(
        "archive/includes/province_map.html",
        {"map": maps.province_map(tiles, "Tours by province", "test-map")},
    )
    assert html.count("<a href=") == 34 + sum(1 for t in tiles if t.count)  # tiles + list
    assert (
        '<a href="/provinces/420000/" aria-label="Hubei: 2 tours"><title>Hubei: 2 tours</title>'
        in html
    )
    assert '<title id="test-map-title">Tours by province</title>' in html
    assert "No tours" in html and "<details" in html
    assert '<li><a href="/provinces/420000/">Hubei</a>: 2 tours</li>' in html
