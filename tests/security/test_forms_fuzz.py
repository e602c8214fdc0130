"""Bad input, generated: every form of the project takes random Unicode, control characters, very
long text, markup, impossible dates, out-of-range numbers and broken addresses on the page that
uses it. Never an error page; a refused form changes nothing in the database."""

from dataclasses import dataclass

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import as_stored
from tests.security.form_pages import BASES, FORM_PAGES, missing_pages, project_forms
from tests.security.world import changes, snapshot

# Any code point a browser can send (lone surrogates can't be encoded in UTF-8 at all).
UNICODE = st.characters(exclude_categories=("Cs",))
NASTY = [
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\ufeff",
    "\u0301",
    "🦄",
    "👩\u200d👩\u200d👧",
    "𝕏",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "{{ 7|add:7 }}{% debug %}",
    "%s%n%x",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\\",
    "NaN",
    "   ",
]
TEXT = st.one_of(
    st.text(UNICODE, max_size=200),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=10),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=5).map("".join),
    # 10k to 100k characters, cheaply (hypothesis' own text buffers stay small).
    st.builds(
        lambda chunk, size: (chunk * size)[:size],
        st.sampled_from(["a", "é", "🦄", "<b>", "\u202e"]),
        st.integers(10_000, 100_000),
    ),
)
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "-1",
            "0",
            str(2**63),
            str(2**63 - 1),
            str(-(2**63) - 1),
            "1e100",
            "1.5",
            "NaN",
            "inf",
            "٣",
            "１２",
            " 7 ",
            "0x10",
        ]
    ),
)
DATES = st.one_of(
    st.sampled_from(
        [
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "99999-01-01",
            "-2025-01-01",
            "1900-02-29",
            "31/12/2025",
            "today",
        ]
    ),
    st.dates().map(str),
)
DATETIMES = st.one_of(
    DATES.map(lambda day: f"{day}T10:00"),
    st.sampled_from(
        ["2025-01-01T25:00", "2025-01-01T10:61", "2025-03-30T02:30", "9999-12-31T23:59", "0001-01-01T00:00"]
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
)
URLS = st.sampled_from(
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://",
        "http://[::1",
        "https://exa mple.com",
        "//evil.example",
        "https://" + "a" * 5000 + ".example",
        "https://例え.jp",
        "https://example.com/\x00",
    ]
)
EMAILS = st.sampled_from(
    [
        "not-an-email",
        "a@b",
        "@example.com",
        '"><script>@x.com',
        "a" * 300 + "@example.com",
        "ünï@例え.jp",
        "a@b.example\r\nBcc: x@y.example",
    ]
)
FLAGS = st.sampled_from(["on", "", "true", "false", "0", "1", "\x00"])


@dataclass(frozen=True)
class FileValue:
    """An upload; made into a fresh file object each time it is sent (a file reads only once)."""

    name: str
    content: bytes

    def file(self):
        return SimpleUploadedFile(self.name, self.content, content_type="text/csv")


CSV_TEXT = st.lists(
    st.lists(st.text(UNICODE, max_size=30) | st.sampled_from(NASTY), min_size=1, max_size=5), min_size=1, max_size=8
).map(lambda rows: "\n".join(",".join(cells) for cells in rows))
FILES = st.builds(
    FileValue,
    name=st.sampled_from(["applications.csv", "../../etc/passwd", "a" * 300 + ".csv", "ünï 🦄.csv", ".csv", "x.exe"]),
    content=st.one_of(
        st.binary(max_size=2000),
        CSV_TEXT.map(lambda text: ("Company,Role\n" + text).encode()),
        st.tuples(CSV_TEXT, st.sampled_from(["utf-16", "latin-1", "utf-8-sig"])).map(
            lambda pair: ("Company;Role\n" + pair[0]).encode(pair[1], errors="replace")
        ),
        st.just(b"Company,Role\n" + b"Acme,Engineer\n" * 2000),
    ),
)


def sendable(submission: dict) -> dict:
    return {key: value.file() if isinstance(value, FileValue) else value for key, value in submission.items()}


def _choices(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # a group of choices
            values += [str(inner) for inner, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values


def _field_values(field, theirs):
    """What a form field gets: something shaped like it (right or wrong), or anything at all."""
    if isinstance(field, forms.ModelChoiceField):
        model = field.queryset.model
        own = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:5]]
        # Another person's rows: they must be refused like any unknown value.
        foreign = [str(pk) for pk in model._base_manager.exclude(pk__in=own).values_list("pk", flat=True)[:3]]
        one = st.sampled_from([*own, *foreign, "0", "-1", str(2**63), "1 OR 1=1"]) | TEXT
    elif isinstance(field, forms.ChoiceField):
        one = st.sampled_from(_choices(field) or [""]) | NUMBERS | TEXT
    elif isinstance(field, forms.BooleanField):
        one = FLAGS
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        one = NUMBERS | TEXT
    elif isinstance(field, forms.DateTimeField):
        one = DATETIMES | TEXT
    elif isinstance(field, forms.DateField):
        one = DATES | TEXT
    elif isinstance(field, forms.FileField):
        one = FILES
    elif isinstance(field, forms.EmailField):
        one = EMAILS | TEXT
    elif isinstance(field, forms.URLField):
        one = URLS | TEXT
    else:
        one = TEXT
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(one, max_size=4)
    return one


def form_data(form, theirs):
    """A strategy for the whole submission: each field sent or left out."""
    return st.fixed_dictionaries(
        {},
        optional={form.add_prefix(name): _field_values(field, theirs) for name, field in form.fields.items()},
    )


PAGES = [(name, number, page) for name, pages in sorted(FORM_PAGES.items()) for number, page in enumerate(pages)]


def test_every_form_has_a_page_here():
    assert not missing_pages(), "\n".join(missing_pages())
    assert not (FORM_PAGES.keys() | BASES.keys()) - project_forms().keys(), "FORM_PAGES names a form that is gone"


ERRORS_SHOWN = (b"invalid-feedback", b"is-invalid", b"alert-danger", b"errorlist")


@pytest.mark.django_db
@pytest.mark.parametrize(("form_name", "number", "page"), PAGES, ids=[f"{p.url}" for _, _, p in PAGES])
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_bad_input_never_breaks_a_page_and_a_refused_form_changes_nothing(
    form_name, number, page, data, client, mine, theirs
):
    if page.signed_in:
        client.force_login(as_stored(mine.user))
    submission = data.draw(form_data(page.build(mine, None), theirs), label="submission")
    sent = {"csrfmiddlewaretoken": "x" * 64, **submission} if page.method == "post" else submission  # as a browser

    path = reverse(page.url, kwargs=page.kwargs(mine))

    with transaction.atomic():  # every example starts from the same two worlds
        valid = page.build(mine, sendable(submission)).is_valid()
        before = snapshot()
        response = client.get(path, sent) if page.method == "get" else client.post(path, sendable(sent))

        assert response.status_code < 500
        if not valid:
            assert changes(before, snapshot()) == [], f"{form_name} refused {submission!r} but wrote anyway"
            if response.status_code in (200, 400) and page.method == "post":
                assert any(mark in response.content for mark in ERRORS_SHOWN), "the page doesn't say what's wrong"
        transaction.set_rollback(True)
