"""Whatever ids an admin address or an action's selection holds, the admin answers below 500:
400 for a selection that is not of ids, 404 for a history page of no record or version.
Every model the admin shows, django.contrib.auth's and django-axes' too."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from simple_history.admin import SimpleHistoryAdmin

pytestmark = pytest.mark.django_db

ADDRESSES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
HISTORIES = [m for m in MODELS if isinstance(admin.site._registry[m], SimpleHistoryAdmin)]


def is_int(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def is_id(model, value: str) -> bool:
    """A number the model's id can be in this database."""
    least, most = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return is_int(value) and least <= int(value) <= most


# Path segments: anything but "/" or nothing, which would make it another address.
not_ids = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="/"), min_size=1
).filter(lambda s: not is_int(s))
ids = st.one_of(
    st.integers(-(10**30), 10**30).map(str), st.sampled_from(["1", " 2 ", "１", "０", "-0"])
)


@pytest.fixture
def chief(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", None))
    return client


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def delete_selected(client, model, selection: list[str]):
    return client.post(
        url(model, "changelist"), {"action": "delete_selected", "_selected_action": selection}
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
@ADDRESSES
@given(selection=st.lists(st.one_of(not_ids, ids), min_size=1, max_size=3))
@example(selection=["abc"])
@example(selection=["1", "2.5"])
def test_a_selection_of_anything_but_ids_is_a_bad_request(chief, model, selection):
    answer = delete_selected(chief, model, selection)
    if all(is_id(model, value) for value in selection):
        assert answer.status_code in (200, 302)  # the confirmation page, or "no items"
    else:
        assert answer.status_code == 400


@pytest.mark.parametrize("model", HISTORIES, ids=lambda m: m._meta.label)
@ADDRESSES
@given(record=st.one_of(not_ids, ids), version=st.one_of(not_ids, ids))
@example(record="abc", version="1")
@example(record="1", version="abc")
def test_a_history_address_without_ids_is_not_found(chief, model, record, version):
    records = url(model, "changelist")
    history = chief.get(f"{records}{quote(record, safe='')}/history/")
    revision = chief.get(f"{records}{quote(record, safe='')}/history/{quote(version, safe='')}/")

    # The shipped gazetteers' records are there, with a history.
    assert history.status_code in ((200, 404) if is_id(model, record) else (404,))
    assert revision.status_code in (
        (200, 404) if is_id(model, record) and is_id(model, version) else (404,)
    )
