"""Links that change one part of a search and keep the rest."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from archive.site import links

KEYS = st.sampled_from(["province", "city", "q", "page", "month", "sort"])
VALUES = st.sampled_from(["110000", "420100", "x y", "é&=", "2019-03", "", "a/b~+%", "习近平"])


@given(pairs=st.lists(st.tuples(KEYS, VALUES), max_size=6), key=KEYS, values=st.lists(VALUES))
def test_it_toggles_many_values_of_one_key_as_one_at_a_time(pairs, key, values):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    toggled = links.toggler(params, key)
    assert [toggled(v) for v in values] == [links.toggled(params, key, v) for v in values]


@given(
    pairs=st.lists(st.tuples(KEYS, VALUES), max_size=6),
    changes=st.lists(
        st.fixed_dictionaries({"month": st.none() | VALUES, "sort": st.none() | VALUES}),
        max_size=4,
    ),
)
def test_it_replaces_values_of_some_keys_as_one_at_a_time(pairs, changes):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    replaced = links.replacer(params, "month", "sort")
    assert [replaced(**c) for c in changes] == [links.replaced(params, **c) for c in changes]


FILTERS = st.sampled_from(["official", "accompanying", "province", "theme", "month", "q"])


@given(
    fixed=st.dictionaries(FILTERS, VALUES, max_size=3),
    key=FILTERS,
    at=st.integers(0, 3),
    values=st.lists(VALUES, max_size=4),
)
def test_it_links_many_values_of_one_filter_as_one_at_a_time(fixed, key, at, values):
    fixed.pop(key, None)
    before, after = list(fixed.items())[:at], list(fixed.items())[at:]
    link = links.browse_urls(**dict(before), **{key: None}, **dict(after))
    assert [link(v) for v in values] == [
        links.browse_url(**dict(before), **{key: v}, **dict(after)) for v in values
    ]
