"""A tour's page says when its sources disagree (archive.doubts, as the review queue does)."""

import pytest

from archive.models import Official
from tests.builders import make_visit

pytestmark = pytest.mark.django_db


def page(client, visit, language="en"):
    response = client.get(f"/visits/{visit.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def dated(visit, *days):
    for article, (start, end) in zip(visit.sources.order_by("pk"), days, strict=True):
        article.facts = {**article.facts, "start_date": start, "end_date": end}
        article.save(update_fields=["facts"])


def test_a_tour_whose_sources_give_dates_weeks_apart_says_so(client):
    visit = make_visit(start="2024-01-02", end="2024-01-03", sources=2)
    assert "The sources disagree" not in page(client, visit)
    dated(visit, ("2024-01-02", "2024-01-03"), ("2024-02-10", None))
    body = page(client, visit)
    assert '<div class="notice" role="note"><p><strong>The sources disagree.</strong>' in body
    assert "One source dates the tour 2 Jan 2024 – 3 Jan 2024, another 10 Feb 2024." in body
    assert "一篇来源记此行为2024年1月2日 – 2024年1月3日，另一篇为2024年2月10日。" in page(
        client, visit, "zh-CN"
    )


def test_two_party_secretaries_of_the_province_make_the_sources_disagree(client):
    visit = make_visit(start="2023-05-02", accompanying=["Wang Menghui"], sources=2)
    assert "The sources disagree" not in page(client, visit)
    # A second source puts the tour in 2018, with that year's secretary of Hubei.
    article = visit.sources.order_by("pk").last()
    jiang = Official.objects.get(name="Jiang Chaoliang").pk
    resolved = {**article.facts["resolved"], "accompanying": [jiang]}
    article.facts = {
        **article.facts,
        "start_date": "2018-05-02",
        "end_date": None,
        "resolved": resolved,
    }
    article.save(update_fields=["facts"])
    body = page(client, visit)
    assert (
        "The sources name different people as Party secretary of Hubei: "
        "Jiang Chaoliang, Wang Menghui." in body
    )
    assert "One source dates the tour 2 May 2018, another 2 May 2023." in body


def test_a_tour_with_one_source_has_nothing_to_disagree_on(client):
    visit = make_visit(start="2024-01-02", sources=1)
    assert "The sources disagree" not in page(client, visit)
