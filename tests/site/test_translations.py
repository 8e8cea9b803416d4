"""The Chinese catalogue (locale/zh_Hans/LC_MESSAGES/django.po) against the site's code and
templates: every message marked is translated, the compiled django.mo says the same as the .po,
no template leaves words unmarked, and the main pages in Chinese show no English of ours."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

from archive.models import Visit
from tests.po import Entry, entries

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
# The public site's templates (the admin's own are Django's, translated by Django).
TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*.html") if "admin" not in p.parts)
# Python with messages of the public site: its pages, and the models' choices they show.
SOURCES = [*sorted((ROOT / "archive" / "site").glob("*.py")), ROOT / "archive" / "models.py"]
# Names of formats and programs, the same in every language.
NOT_WORDS = {"JSON", "CSV", "RIS", "CSL-JSON", "EndNote", "Zotero", "Mendeley", "Pandoc"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
GETTEXT = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}


@pytest.fixture(scope="module")
def catalogue() -> dict[tuple[str | None, str], Entry]:
    return {(e.context, e.msgid): e for e in entries(CATALOGUE / "django.po")}


def _calls(names_and_strings) -> set[tuple[str | None, str]]:
    """(context, msgid) of each gettext call, from (function name, its string arguments)."""
    found = set()
    for name, strings in names_and_strings:
        fields = dict(zip(GETTEXT[name], strings, strict=False))
        if "msgid" in fields:
            found.add((fields.get("context"), fields["msgid"]))
    return found


CALL = re.compile(r"\b(n?p?gettext)\(")
ARGUMENT = re.compile(r"""\s*(?:(u?'(?:[^'\\]|\\.)*')|[\w.]+)\s*([,)])""")


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """The messages a template marks, read as makemessages reads them: the gettext calls of
    Django's templatize(), whose arguments are string literals or a count's name."""
    source = templatize(path.read_text())
    calls = []
    for call in CALL.finditer(source):
        strings, at = [], call.end()
        while argument := ARGUMENT.match(source, at):
            if argument.group(1):
                strings.append(ast.literal_eval(argument.group(1)))
            at = argument.end()
            if argument.group(2) == ")":
                break
        calls.append((call.group(1), strings))
    return _calls(calls)


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text())):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if call and node.func.id in GETTEXT:
            strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
            calls.append((node.func.id, strings))
    return _calls(calls)


def test_every_message_is_translated_with_the_same_placeholders(catalogue):
    assert len(catalogue) > 200
    for (context, msgid), entry in catalogue.items():
        assert entry.translated, (context, msgid)
        for translation in entry.translations:
            expected = set(PLACEHOLDER.findall(msgid)) | set(
                PLACEHOLDER.findall(entry.plural or "")
            )
            # A plural's singular may leave its count out ("this tour"); the translation may not
            # add a name of its own.
            assert set(PLACEHOLDER.findall(translation)) <= expected, (msgid, translation)


def test_the_committed_django_mo_says_what_the_po_says(catalogue):
    """The .mo is committed (make test needs no gettext tools): it must not fall behind the .po.
    `make messages` writes both."""
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for entry in catalogue.values():
        if entry.plural is None:
            expected[entry.key] = entry.translations[0]
        else:
            for n, translation in enumerate(entry.translations):
                expected[(entry.key, n)] = translation
    mo.pop("", None)  # the header
    assert mo == expected


def test_every_message_of_the_templates_and_the_site_code_is_in_the_catalogue(catalogue):
    marked = set()
    for path in TEMPLATES:
        marked |= template_messages(path)
    for path in SOURCES:
        marked |= python_messages(path)
    assert len(marked) > 200
    missing = sorted((m for m in marked if m not in catalogue), key=str)
    assert not missing, f"run `make messages` and translate: {missing}"


def unmarked_words(path: Path) -> list[str]:
    """Words of a template's text and labels that no {% translate %} covers."""
    text = path.read_text()
    text = re.sub(r"{% comment %}.*?{% endcomment %}", " ", text, flags=re.S)
    text = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", " ", text, flags=re.S)
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    labels = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', text)
    body = re.sub(r"<[^>]*>", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", html.unescape(" ".join([body, *labels])))
    return [w for w in words if w not in NOT_WORDS]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_leaves_a_word_unmarked(path):
    assert unmarked_words(path) == []


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    labels = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page)
    return html.unescape(re.sub(r"\s+", " ", " ".join([re.sub(r"<[^>]*>", " ", page), *labels])))


@pytest.mark.django_db
def test_the_main_pages_in_chinese_use_only_translated_messages(client, sample_tours, catalogue):
    """Each main page in Chinese: every template it was made of has all its messages translated,
    and no message of ours that the English page shows is left in English."""
    visit = Visit.objects.get(title="Li Qiang in Hubei, January 2024")
    article = visit.sources.first()
    urls = [
        "/visits/",
        "/visits/?province=420000&month=2024-01&q=Wuhan",
        "/visits/?q=nothing+at+all+matches+this",
        f"/visits/{visit.pk}/",
        "/officials/",
        "/officials/li-qiang/",
        "/provinces/",
        "/provinces/420000/",
        "/cities/420100/",
        "/themes/",
        "/themes/semiconductors/",
        "/enterprises/",
        "/enterprises/yangtze-memory-technologies-co/",
        f"/articles/{article.pk}/",
        "/visits/?page=99",
        "/no/such/page/",
        "/about/",
        "/about/data-dictionary/",
        "/about/api/",
        "/data/",
    ]
    # Not the lower-case single words ("tour", "unknown"), which the sources' own text says.
    ours = [
        e.msgid
        for e in catalogue.values()
        if "%(" not in e.msgid and (" " in e.msgid or e.msgid[:1].isupper())
    ]
    walked = set()
    for url in urls:
        english = client.get(url)
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")
        assert chinese.status_code == english.status_code, url
        for template in chinese.templates:
            if template.origin.name and template.origin.name.startswith(str(ROOT / "templates")):
                walked.add(template.origin.name)
                for message in template_messages(Path(template.origin.name)):
                    assert catalogue[message].translated, (url, template.origin.name, message)
        shown_in_english = visible_text(english.content.decode())
        shown_in_chinese = visible_text(chinese.content.decode())
        left = [
            m
            for m in ours
            if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", shown_in_english)
            and re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", shown_in_chinese)
        ]
        assert not left, (url, left)
    assert len(walked) >= 20  # the page templates and their includes
