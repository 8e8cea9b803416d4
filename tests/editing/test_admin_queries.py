"""Admin pages ask the database a bounded number of queries, whatever the archive's size."""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.editing.roles import EDITORS
from archive.models import Doubt
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/archive/reviewqueue/",
    "/admin/archive/reviewqueue/?reason=no_date",
    "/admin/archive/reviewqueue/?leader=Li&year=2024&o=5",
    "/admin/archive/visit/",
    "/admin/archive/official/",
    "/admin/archive/enterprise/",
    "/admin/archive/article/",
    "/admin/archive/evidence/",
    "/admin/archive/province/",
    "/admin/archive/city/",
    "/admin/archive/post/",
    "/admin/archive/theme/",
    "/admin/archive/county/",
]
_companies = itertools.count()


def add_tours(n):
    """Tours of every shape the pages show: leaders, companions, places, companies, themes,
    several sources with evidence, and doubts."""
    made = []
    for i in range(n):
        made.append(
            make_visit(
                official=["Li Qiang", "Xi Jinping"][i % 2],
                accompanying=["Wang Menghui"],
                provinces=["Hubei"],
                cities=["Wuhan", "Ezhou"],
                enterprises=[f"Company {next(_companies)}"],
                themes=["sci-tech-innovation", "semiconductors"],
                start=f"202{i % 4}-0{1 + i % 9}-02",
                sources=2,
                doubts=[Doubt.Code.NO_DATE, (Doubt.Code.UNKNOWN_ENTERPRISE, f"Company {i}")],
            )
        )
    return made


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_admin_pages_ask_as_many_queries_for_many_tours_as_for_few(client):
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    few = add_tours(3)
    pages = [*PAGES, f"/admin/archive/visit/{few[0].pk}/change/"]
    pages.append(f"/admin/archive/reviewqueue/{few[0].pk}/change/")
    for url in pages:  # what a process reads once (content types, permissions) read already
        queries(client, url)
    before = {url: queries(client, url) for url in pages}
    add_tours(12)
    after = {url: queries(client, url) for url in pages}
    assert after == before
