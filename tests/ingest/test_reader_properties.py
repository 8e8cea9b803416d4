"""Readers take any bytes: a file yields documents the archive can store, or one-line
failures (or, for a folder's documentation, one line saying it is skipped), and never raises."""

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive.ingest.readers import Failure, Skipped, SourceDoc, read

READERS = settings(max_examples=150, deadline=None)
SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".docx", ""]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "url": st.one_of(
            json_values, st.sampled_from(["http://[", "javascript:alert(1)", "https://x.cn/a"])
        ),
        "title": json_values,
        "published": st.one_of(
            json_values, st.dates().map(str), st.sampled_from(["2024-02-30", "0001-01-01"])
        ),
        "outlet": json_values,
        "text": st.one_of(st.text(), json_values),
    },
)
json_files = st.one_of(
    st.lists(records, max_size=4).map(lambda rs: json.dumps(rs)),
    st.lists(records, max_size=4).map(
        lambda rs: "\n".join(json.dumps(r, ensure_ascii=False) for r in rs)
    ),
    st.lists(json_values, max_size=4).map(lambda vs: "\n".join(map(json.dumps, vs))),
)
html_pages = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<script>",
                "</script>",
                "<article>",
                "<title>",
                "</title>",
                '<meta property="og:url" content="http://[">',
                '<meta property="article:published_time" content="9999-99-99">',
                "<iframe>",
                "<!--",
                "<![CDATA[",
                "&#0;",
                "&#xD800;",
                "<svg onload=alert(1)>",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=20,
).map("".join)
contents = st.one_of(
    st.binary(max_size=300),
    st.text().map(lambda t: t.encode("utf-8")),
    st.text().map(lambda t: t.encode("utf-8")[:-1]),  # perhaps cut inside a character
    json_files.map(lambda t: t.encode("utf-8")),
    html_pages.map(lambda t: t.encode("utf-8")),
)


@READERS
@given(content=contents, suffix=st.sampled_from(SUFFIXES))
@example(content=b"[" * 50_000, suffix=".json")
@example(content=b'{"url": "http://[", "text": "x"}', suffix=".jsonl")
@example(content='{"text": "a\u2028b"}'.encode(), suffix=".jsonl")
def test_any_file_yields_storable_documents_or_one_line_failures(tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("read") / f"file{suffix}"
    path.write_bytes(content)
    for item in read(path, max_bytes=10_000_000):
        assert isinstance(item, SourceDoc | Failure | Skipped)
        if isinstance(item, Failure | Skipped):
            assert item.file_name.startswith(path.name) and item.reason
            assert len(item.reason.splitlines()) == 1
            continue
        assert item.text.strip()
        for value in (item.text, item.url, item.title or "", item.outlet):
            assert "\x00" not in value
            value.encode("utf-8")  # no lone surrogate
        assert len(item.url) <= 1000 and len(item.outlet) <= 100
        assert item.published is None or 1900 <= item.published.year <= 2100
