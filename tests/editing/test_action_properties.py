"""Every editors' action in the admin, on any selection of many records with long and odd names.

Property-based: hypothesis makes the records (names of any characters, often as long as their
column allows, as a bad extraction gives them), picks the selection and the record kept, and
the action is done through the admin over HTTP, as an editor of the Editors group. Run on
PostgreSQL too, which enforces column lengths where SQLite does not. Each example's records
are rolled back after it.
"""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.editing.roles import EDITORS
from archive.ingest.extraction.enterprises import EnterpriseFound, enterprise_key, merge_spellings
from archive.ingest.tour_store import refresh_visit
from archive.models import Article, Enterprise, Official, Post, Province, Theme, Visit
from tests.builders import make_visit
from tests.forms import browser_form

pytestmark = pytest.mark.django_db

ACTIONS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

THEMES = ["reform-governance", "green-development", "agriculture-rural", "semiconductors"]

# Any character a record can hold (PostgreSQL refuses NUL in text, and forms refuse it).
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


def names(longest: int):
    """Names of any characters: short ones, and ones as long as the column allows."""
    return st.one_of(
        st.text(CHARACTERS, min_size=1, max_size=20),
        st.text(CHARACTERS, min_size=longest - 3, max_size=longest),
    ).filter(str.strip)


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


@contextmanager
def rolled_back():
    """One example's records, undone after it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def act(client, model, action, objects, **extra):
    return client.post(
        reverse(f"admin:archive_{model}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], **extra},
    )


def involve(visit, **relations):
    """Put records in what a tour's sources resolved and recompute it, as an import does."""
    for source in Article.objects.filter(visit=visit):
        for relation, records in relations.items():
            source.facts["resolved"][relation] += [r.pk for r in records]
        Article.objects.filter(pk=source.pk).update(facts=source.facts)
    refresh_visit(visit)


def distinct_companies(given: list[str]) -> bool:
    """Names an import would keep as different companies (one is not a spelling of another)."""
    found = [EnterpriseFound(name, i, str(i)) for i, name in enumerate(given)]
    keys = [enterprise_key(name) for name in given]
    return all(keys) and len(set(keys)) == len(keys) and len(merge_spellings(found)) == len(found)


def history_shows(client, record) -> bool:
    url = reverse(f"admin:archive_{record._meta.model_name}_history", args=[record.pk])
    return client.get(url).status_code == 200


def some(data, records, least=0):
    return data.draw(st.lists(st.sampled_from(records), min_size=least, unique_by=lambda r: r.pk))


@ACTIONS
@given(
    given_names=st.lists(names(200), min_size=2, max_size=12).filter(distinct_companies),
    aliases=st.lists(names(200), max_size=3),
    tours=st.integers(0, 20),
    data=st.data(),
)
def test_merging_any_enterprises_keeps_their_tours_and_names(
    editor, given_names, aliases, tours, data
):
    with rolled_back():
        companies = [
            Enterprise.objects.create(
                name=name, key=enterprise_key(name), slug=f"e-{i}", aliases=aliases
            )
            for i, name in enumerate(given_names)
        ]
        for _ in range(tours):
            involve(make_visit(), enterprises=some(data, companies))
        chosen = some(data, companies, least=2)
        kept = data.draw(st.sampled_from(chosen))
        their_tours = set(Visit.objects.filter(enterprises__in=chosen).values_list("pk", flat=True))

        done = act(editor, "enterprise", "merge_enterprises", chosen, post="yes", survivor=kept.pk)

        assert done.status_code == 302
        assert list(Enterprise.objects.filter(pk__in=[c.pk for c in chosen])) == [kept]
        kept.refresh_from_db()
        assert set(kept.visits.values_list("pk", flat=True)) == their_tours
        assert {c.name for c in chosen} <= {kept.name, *kept.aliases}
        assert history_shows(editor, kept)


@ACTIONS
@given(
    given_names=st.lists(names(100), min_size=2, max_size=10, unique=True),
    post_titles=st.lists(names(200), max_size=4),
    tours=st.integers(0, 15),
    data=st.data(),
)
def test_merging_any_officials_keeps_their_tours_posts_and_names(
    editor, given_names, post_titles, tours, data
):
    with rolled_back():
        officials = [
            Official.objects.create(name=name, slug=f"o-{i}") for i, name in enumerate(given_names)
        ]
        for title in post_titles:
            Post.objects.create(
                official=data.draw(st.sampled_from(officials)),
                title=title,
                rank=Post.Rank.PREMIER,
                start=data.draw(st.dates(dt.date(2012, 1, 1), dt.date(2026, 1, 1))),
            )
        for _ in range(tours):
            involve(
                make_visit(), officials=some(data, officials), accompanying=some(data, officials)
            )
        chosen = some(data, officials, least=2)
        kept = data.draw(st.sampled_from(chosen))
        led = set(Visit.objects.filter(officials__in=chosen).values_list("pk", flat=True))
        went = set(Visit.objects.filter(accompanying__in=chosen).values_list("pk", flat=True))
        posts = Post.objects.filter(official__in=chosen).count()

        done = act(editor, "official", "merge_officials", chosen, post="yes", survivor=kept.pk)

        assert done.status_code == 302
        assert list(Official.objects.filter(pk__in=[c.pk for c in chosen])) == [kept]
        kept.refresh_from_db()
        assert set(kept.visits.values_list("pk", flat=True)) == led
        assert set(kept.accompanied_visits.values_list("pk", flat=True)) == went - led
        assert 0 < kept.posts.count() <= posts or posts == 0
        assert {c.name for c in chosen} <= {kept.name, *kept.aliases}
        assert history_shows(editor, kept)


@ACTIONS
@given(
    titles=st.lists(names(300), min_size=2, max_size=20),
    data=st.data(),
)
def test_merging_any_tours_keeps_every_source(editor, titles, data):
    with rolled_back():
        tours = [
            make_visit(
                title=title,
                sources=data.draw(st.integers(1, 2)),
                curated=data.draw(st.lists(st.sampled_from(Visit.CURATABLE), unique=True)),
            )
            for title in titles
        ]
        chosen = some(data, tours, least=2)
        kept = data.draw(st.sampled_from(chosen))
        sources = set(Article.objects.filter(visit__in=chosen).values_list("pk", flat=True))

        done = act(editor, "visit", "merge_visits", chosen, post="yes", survivor=kept.pk)

        assert done.status_code == 302
        assert list(Visit.objects.filter(pk__in=[c.pk for c in chosen])) == [kept]
        assert set(kept.sources.values_list("pk", flat=True)) == sources
        assert history_shows(editor, kept)


@ACTIONS
@given(titles=st.lists(names(500), min_size=1, max_size=15), data=st.data())
def test_splitting_off_any_sources_makes_a_tour_of_them(editor, titles, data):
    with rolled_back():
        tour = make_visit(title=data.draw(names(300)), sources=len(titles))
        sources = list(Article.objects.filter(visit=tour).order_by("pk"))
        for source, title in zip(sources, titles, strict=True):
            Article.objects.filter(pk=source.pk).update(title=title)
        chosen = {a.pk for a in some(data, sources)}

        done = editor.post(
            reverse("admin:archive_visit_split", args=[tour.pk]), {"sources": sorted(chosen)}
        )

        if chosen and len(chosen) < len(sources):
            assert done.status_code == 302
            new = Visit.objects.exclude(pk=tour.pk).get()
            assert set(new.sources.values_list("pk", flat=True)) == chosen
            assert history_shows(editor, new)
        else:
            assert done.status_code == 200  # the form says why
            assert set(tour.sources.values_list("pk", flat=True)) == {a.pk for a in sources}
        assert history_shows(editor, tour)


def confirmed(client, model, action, objects, across=False, filters="", **fields):
    """An action chosen on a list (the ticked records, or "select all" of the filtered list),
    then confirmed on its page, as a browser posts it."""
    url = reverse(f"admin:archive_{model}_changelist") + filters
    chosen = {"_selected_action": [o.pk for o in objects], "select_across": int(across)}
    page = client.post(url, {"action": action, **chosen})
    assert page.status_code == 200  # the page that lists what will change
    return page, client.post(url, {**browser_form(page, "bulk-form"), **fields})


def history_says(tour, editor, what: str, note: str) -> bool:
    latest = tour.history.first()
    reason = f"{what} (bulk action): {note.strip()}" if note.strip() else f"{what} (bulk action)"
    return latest.history_user == editor and latest.history_change_reason == reason


@ACTIONS
@given(
    titles=st.lists(names(300), min_size=1, max_size=20),
    statuses=st.lists(st.sampled_from(Visit.Review.values), min_size=20, max_size=20),
    in_hunan=st.lists(st.booleans(), min_size=20, max_size=20),
    action=st.sampled_from(["mark_reviewed", "mark_rejected"]),
    listed_in=st.sampled_from(["visit", "reviewqueue"]),
    across=st.booleans(),
    note=st.one_of(st.just(""), names(1000), st.text(CHARACTERS, max_size=1000)),
    data=st.data(),
)
def test_reviewing_any_selection_from_either_list(
    editor, titles, statuses, in_hunan, action, listed_in, across, note, data
):
    with rolled_back():
        user = User.objects.get(username="editor")
        tours = [
            make_visit(title=title, review_status=status, provinces=["Hunan" if hunan else "Hubei"])
            for title, status, hunan in zip(titles, statuses, in_hunan, strict=False)
        ]
        listed = [t for t in tours if listed_in == "visit" or t.review_status == "unreviewed"]
        filters = ""
        if across and listed_in == "visit":  # every tour of the list filtered by province
            filters = f"?provinces__id__exact={Province.objects.get(name='Hunan').pk}"
            chosen = [t for t in listed if t.provinces.filter(name="Hunan").exists()]
        elif across:  # the whole queue
            chosen = listed
        else:
            chosen = some(data, listed, least=1) if listed else []
        if not chosen:
            return
        status = Visit.Review.REVIEWED if action == "mark_reviewed" else Visit.Review.REJECTED
        page, done = confirmed(
            editor, listed_in, action, chosen[:3] if across else chosen, across, filters, note=note
        )

        for tour in chosen:  # the page lists every tour it will act on
            assert escape(tour.title) in page.content.decode()
        assert done.status_code == 302
        verb = "marked reviewed" if action == "mark_reviewed" else "rejected"
        for tour in tours:
            before, now = tour.review_status, Visit.objects.get(pk=tour.pk)
            assert now.review_status == (status if tour in chosen else before)
            if tour in chosen and before != status:
                assert history_says(now, user, verb, note)


@ACTIONS
@given(
    titles=st.lists(names(300), min_size=1, max_size=15),
    themes=st.lists(st.lists(st.sampled_from(THEMES), unique=True, max_size=3), min_size=15),
    theme=st.sampled_from(THEMES),
    across=st.booleans(),
    note=st.one_of(st.just(""), names(1000)),
    data=st.data(),
)
def test_adding_a_theme_to_any_selection(editor, titles, themes, theme, across, note, data):
    with rolled_back():
        user = User.objects.get(username="editor")
        tours = [
            make_visit(title=title, themes=given)
            for title, given in zip(titles, themes, strict=False)
        ]
        chosen = tours if across else some(data, tours, least=1)
        wanted = Theme.objects.get(slug=theme)

        page, done = confirmed(
            editor,
            "visit",
            "add_theme",
            chosen[:3] if across else chosen,
            across,
            theme=wanted.pk,
            note=note,
        )

        assert done.status_code == 302
        for tour, given in zip(tours, themes, strict=False):
            now = Visit.objects.get(pk=tour.pk)
            slugs = set(now.themes.values_list("slug", flat=True))
            if tour not in chosen or theme in given:
                assert slugs == set(given) and now.curated_fields == []
            else:
                assert slugs == {*given, theme} and now.curated_fields == ["themes"]
                assert history_says(now, user, f"theme {wanted.name} added", note)
                assert (
                    set(now.history.first().themes.values_list("theme__slug", flat=True)) == slugs
                )


def test_a_selection_that_changed_before_it_was_confirmed_is_shown_again(editor):
    hunan = Province.objects.get(name="Hunan")
    first = make_visit(provinces=["Hunan"])
    url = reverse("admin:archive_visit_changelist") + f"?provinces__id__exact={hunan.pk}"
    page = editor.post(
        url, {"action": "mark_rejected", "_selected_action": [first.pk], "select_across": 1}
    )
    late = make_visit(provinces=["Hunan"])  # an import adds a tour to the filtered list

    again = editor.post(url, browser_form(page, "bulk-form"))

    assert again.status_code == 200 and "have changed since" in again.content.decode()
    assert escape(late.title) in again.content.decode()
    assert Visit.objects.filter(review_status="rejected").count() == 0
    done = editor.post(url, browser_form(again, "bulk-form"))
    assert done.status_code == 302
    assert Visit.objects.filter(review_status="rejected").count() == 2


@ACTIONS
@given(says=st.lists(names(300), min_size=1, max_size=8), data=st.data())
def test_reextracting_any_articles(editor, says, data):
    with rolled_back():
        for sentence in says:
            make_visit(says=sentence, sources=data.draw(st.integers(1, 2)))
        articles = list(Article.objects.all())
        chosen = some(data, articles, least=1)

        preview = act(editor, "article", "reextract_articles", chosen)
        done = act(editor, "article", "reextract_articles", chosen, post="yes")

        assert preview.status_code == 200 and done.status_code == 302
        assert Article.objects.count() == len(articles)
        for tour in Visit.objects.all():
            assert history_shows(editor, tour)


@ACTIONS
@given(
    model=st.sampled_from(["visit", "enterprise", "official"]),
    given_names=st.lists(names(100), min_size=1, max_size=15, unique=True),
    data=st.data(),
)
def test_deleting_any_selection(editor, model, given_names, data):
    with rolled_back():
        made = {
            "visit": lambda i, name: make_visit(title=name),
            "enterprise": lambda i, name: Enterprise.objects.create(
                name=name, key=f"key-{i}", slug=f"e-{i}"
            ),
            "official": lambda i, name: Official.objects.create(name=name, slug=f"o-{i}"),
        }[model]
        records = [made(i, name) for i, name in enumerate(given_names)]
        chosen = some(data, records, least=1)

        done = act(editor, model, "delete_selected", chosen, post="yes")

        assert done.status_code == 302
        remaining = type(records[0]).objects.filter(pk__in=[r.pk for r in records])
        assert set(remaining) == set(records) - set(chosen)
