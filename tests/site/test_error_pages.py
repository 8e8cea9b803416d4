"""The 400, 403, 404 and 500 pages: in the site's style, with nothing of the failure in them."""

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client, override_settings

from tests.error_urls import SECRET
from tests.test_production import POLICY, policy

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


def error_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert 'rel="stylesheet" href="/static/archive/site.' in page  # the site's look
    assert SECRET not in page
    assert "Traceback" not in page and "Error" not in page.replace("Server error", "")
    return page


@override_settings(DEBUG=False)
def test_it_answers_a_crash_with_the_500_page():
    client = Client(raise_request_exception=False)
    page = error_page(client.get("/test-errors/500/"), 500, "Server error")
    assert "RuntimeError" not in page


def test_the_500_page_needs_no_request_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = render_to_string("500.html")
    assert "<h1>Server error</h1>" in page


def test_it_answers_a_missing_page_with_the_404_page(client):
    page = error_page(client.get("/no-such-tour/"), 404, "Page not found")
    assert "<code>/no-such-tour/</code>" in page
    assert '<a href="/visits/">Search the tours</a>' in page
    error_page(client.get("/test-errors/404/"), 404, "Page not found")
    error_page(client.get("/visits/999999/"), 404, "Page not found")


def test_it_answers_a_refusal_with_the_403_page(client):
    error_page(client.get("/test-errors/403/"), 403, "Not allowed")
    # A staff account without any right, in the admin.
    client.force_login(User.objects.create_user("idle", is_staff=True))
    error_page(client.get("/admin/"), 403, "Not allowed")


def test_it_answers_a_bad_request_with_the_400_page(client):
    error_page(client.get("/test-errors/400/"), 400, "Bad request")
    error_page(client.get("/", headers={"host": "attacker.example"}), 400, "Bad request")


def test_it_answers_a_form_without_its_csrf_token_with_a_page_in_the_sites_style(caplog):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "editor", "password": "guess"})
    page = error_page(response, 403, "Form not accepted")
    assert "<style" not in page and " style=" not in page  # nothing the policy refuses
    assert "CSRF cookie" not in page  # the reason goes to the log only
    assert policy(response["Content-Security-Policy"]) == POLICY
    assert [(r.name, r.levelname) for r in caplog.records] == [("django.security.csrf", "WARNING")]
    assert "CSRF cookie not set" in caplog.records[0].getMessage()


def test_a_search_that_cannot_run_still_says_why(client):
    response = client.get("/visits/?start=not-a-date")
    assert response.status_code == 400
    assert "<h1>This search cannot be run</h1>" in response.content.decode()
