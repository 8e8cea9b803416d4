"""The Atom feed as a feed reader reads it (feedparser)."""

import feedparser
import pytest

from tests.builders import make_visit

pytestmark = pytest.mark.django_db

SUMMARY = 'China\'s premier saw <b>chips</b> & batteries at "Wuhan" works; 5 > 3.'


def test_a_reader_gets_the_summary_as_written_not_its_entities(client):
    make_visit(summary=SUMMARY, title='Li Qiang in Hubei: "new" & <quality>')
    feed = feedparser.parse(client.get("/visits/feed/").content)
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = feed.entries
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == SUMMARY
    assert entry.title == 'Li Qiang in Hubei: "new" & <quality>'
    assert "&#x27;" not in entry.summary and "&amp;" not in entry.summary
