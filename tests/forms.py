"""What a browser would send for a form of a page, for tests that post pages as people do."""

from html.parser import HTMLParser

from django.urls import reverse


def browser_form(response, form_id: str) -> dict[str, list[str]]:
    """The values the form with this id sends as the page was served, by name."""
    form = FormData(form_id)
    form.feed(response.content.decode())
    return form.data


def save_in_admin(client, record, **values) -> None:
    """Save a record's admin change page with these values, as an editor would."""
    url = reverse(f"admin:archive_{record._meta.model_name}_change", args=[record.pk])
    data = browser_form(client.get(url), f"{record._meta.model_name}_form")
    data.update({name: [value] for name, value in values.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


class FormData(HTMLParser):
    """What a browser sends for one form of a page: its inputs, selected options and text
    areas (the admin's hidden initial values included), by name."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: list[str] | None = None

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and "name" in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.add(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.add(self._select, attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.add(name, text.removeprefix("\n"))  # as browsers read it
            self._textarea = None
