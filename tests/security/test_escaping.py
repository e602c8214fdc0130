"""Markup typed into any text field is shown as text: on every page, in every email, in the
calendar feed. Each field gets its own marked payload, so a field that is shown anywhere must be
found there escaped, and the raw markup must be found nowhere."""

import csv
import io
import re
from email import message_from_bytes

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from jobhunt import csv_export
from reminders import emails, registry
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.security.conftest import module_data
from tests.security.routes import address, all_urls, body, every_page
from tests.security.world import World, text_fields

SCRIPT = '"><script>alert(1)</script>'
IMG = "<img src=x onerror=alert(1)>"
RAW = ("<script>alert(1)</script>", "<img src=x")

# Text columns that people don't write, or whose format is the point: not for markup.
NOT_FREE_TEXT = {
    "accounts.User.password": "a password hash",
    "accounts.User.email": "the login; its format is checked on sign-up",
    "accounts.User.time_zone": "a zone from the list",
    "reminders.Reminder.kind": "a registered kind name",
    "reminders.Reminder.key": "an internal identity",
    "reminders.Reminder.last_error": "the mail server's answer, shown to staff only",
    "reminders.Reminder.lease_token": "an internal claim",
    "inbox.Mailbox.password_encrypted": "a Fernet token (the app password, encrypted)",
    "inbox.Mailbox.lease_token": "an internal claim",
    "inbox.Suggestion.message_key": "the SHA-256 of a Message-ID",
    "sharing.CalendarFeed.key": "a random key inside the signed address",
    "sharing.ShareLink.token_hash": "the SHA-256 of a coach link",
    "jobhunt.ImportJob.encoding": "how an uploaded file's bytes were read",
    "jobhunt.ImportJob.delimiter": "one character, found in the file",
    "jobhunt.ImportJob.date_order": "one of the date orders offered",
    "jobhunt.Application.salary_currency": "a three-letter code, checked",
    "jobhunt.Application.asked_currency": "a three-letter code, checked",
    "jobhunt.Application.offered_currency": "a three-letter code, checked",
    "jobhunt.Document.content_type": "what the uploaded file was found to be, from a short list",
    "jobhunt.Application.description_text": "the posting's words, kept for search and never shown",
}
# Free text kept as HTML and shown as HTML: cleaned (nh3) when saved and again when shown.
SANITISED = {"jobhunt.Application.description"}
# Free text that no page, email or feed shows back (it is kept, or exported, only).
SHOWN_NOWHERE = {}


def payload(marker: str, field) -> str:
    """The field's markup: its marker first, so the escaped form can be found even if shortened."""
    value = f"{marker}{SCRIPT}{IMG}"
    if isinstance(field, models.URLField):
        value = f"https://x.example/{value}"
    elif isinstance(field, models.EmailField):
        value = f"{marker}{SCRIPT}@example.com"
    if field.max_length and len(value) > field.max_length:
        value = f"{marker}{SCRIPT}"
    return value


def escaped(marker: str) -> str:
    return f"{marker}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


class Marked:
    """A person whose every free-text field, in every row, holds markup with the field's marker."""

    def __init__(self):
        self.world = World(UserFactory())
        self.markers = {}
        for number, (model, field) in enumerate(text_fields()):
            label = f"{model._meta.label}.{field.name}"
            if label in NOT_FREE_TEXT:
                continue
            marker = self.markers[label] = f"mk{number}mk"
            for pk in model._base_manager.values_list("pk", flat=True):
                model._base_manager.filter(pk=pk).update(**{field.attname: payload(marker, field)})


@pytest.fixture(scope="module")
def marked(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, Marked) as built:
        yield built


@pytest.fixture
def client_of(marked, db):
    client = Client()
    client.force_login(get_user_model().objects.get(pk=marked.world.user.pk))
    return client


def reminder_emails(world):
    """Every kind of reminder email, written about the marked person's rows."""
    about = {kind.name: ABOUT[kind.name](world) for kind in registry.all_kinds() if kind.name in ABOUT}
    for name, target in about.items():
        target = type(target)._base_manager.get(pk=target.pk)  # as stored, markup included
        user = get_user_model().objects.get(pk=world.user.pk)
        reminder = Reminder(pk=1, user=user, kind=name)
        yield name, emails.build(reminder, registry.get(name), target)


# What each kind of reminder is about, in a world.
ABOUT = {
    "application_follow_up": lambda w: w.application,
    "ghosting_check": lambda w: w.application,
    "closing_soon": lambda w: w.application,
    "interview_prep": lambda w: w.interview,
    "thank_you_note": lambda w: w.interview,
    "feedback_follow_up": lambda w: w.journey,
    "reconnect": lambda w: w.stay_connected,
    "journey_nudge": lambda w: w.journey,
    "weekly_plan_digest": lambda w: w.user,
    "mailbox_stopped": lambda w: w.mailbox,
}


def test_every_reminder_kind_is_rendered_here():
    missing = sorted(kind.name for kind in registry.all_kinds() if kind.name not in ABOUT)

    assert not missing, f"add {missing} to ABOUT in tests/security/test_escaping.py (what the email is about)"


def test_every_text_column_is_filled_or_explained(marked):
    labels = {f"{model._meta.label}.{field.name}" for model, field in text_fields()}

    assert labels == marked.markers.keys() | NOT_FREE_TEXT.keys()
    assert not NOT_FREE_TEXT.keys() - labels, "NOT_FREE_TEXT names a column that is gone"


@pytest.mark.django_db
def test_markup_in_any_field_is_escaped_on_every_page_and_every_email(marked, client_of):
    seen = []
    shown = [*every_page(client_of, marked.world), *every_page(Client(), marked.world, public=True)]
    for name, response, text in shown:
        if response["Content-Type"].startswith("text/html"):
            for raw in RAW:
                assert raw not in text, f"{name} shows markup unescaped"
            seen.append(text)
        elif RAW[0] in text:  # a download or a feed keeps the words as typed: no browser may read it as a page
            assert response["X-Content-Type-Options"] == "nosniff", name
    for name, message in reminder_emails(marked.world):
        html = message.alternatives[0][0]
        for raw in RAW:
            assert raw not in html, f"the {name} email's HTML shows markup unescaped"
        seen.append(html)

    everything = "\n".join(seen)
    missing = sorted(
        label
        for label, marker in marked.markers.items()
        if (marker if label in SANITISED else escaped(marker)) not in everything
    )
    assert missing == sorted(SHOWN_NOWHERE), (
        f"{sorted(set(missing) - SHOWN_NOWHERE.keys())} never showed (escaped) on a page or in an email: "
        "check it is escaped where shown, or list it in SHOWN_NOWHERE"
    )
    assert len(seen) > 30


@pytest.mark.django_db
def test_text_emails_carry_the_words_as_typed_and_html_emails_carry_them_escaped(marked):
    for name, message in reminder_emails(marked.world):
        text, (html, html_type) = message.body, message.alternatives[0]
        assert html_type == "text/html"
        assert "&lt;" not in text and "&quot;" not in text and "&#x27;" not in text, f"{name}: text part escaped"
        markers = [marker for marker in marked.markers.values() if marker in text]
        assert markers, f"the {name} email shows none of the person's words"
        for marker in markers:
            assert f"{marker}{SCRIPT}" in text
            assert escaped(marker) in html or marker not in html


@pytest.mark.django_db
def test_a_line_break_in_any_name_never_adds_an_email_header(marked):
    world = marked.world
    injected = "Acme\r\nBcc: someone@evil.example\r\nX-Injected: yes"
    type(world.company).objects.filter(pk=world.company.pk).update(name=injected)
    type(world.contact).objects.filter(pk=world.contact.pk).update(name=injected)
    type(world.application).objects.filter(pk=world.application.pk).update(role_title=injected)

    for name, message in reminder_emails(world):
        assert "\n" not in message.subject and "\r" not in message.subject
        parsed = message_from_bytes(message.message().as_bytes())
        assert parsed["Bcc"] is None and parsed["X-Injected"] is None, f"the {name} email grew a header"
        assert parsed.get_all("To") == [world.user.email]


@pytest.mark.django_db
def test_markup_and_line_breaks_stay_inside_their_calendar_field(marked, client_of):
    world = marked.world
    injected = "Acme\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nUID:x"
    company = type(world.company).objects.get(pk=world.company.pk)
    company.name = injected
    company.save()  # as the app writes it (the feed notices saved changes)
    kwargs, _ = address(next(url for url in all_urls() if url.name == "sharing:calendar_feed"), world)

    response = client_of.get(reverse("sharing:calendar_feed", kwargs=kwargs))
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]

    assert summaries and "Injected" not in summaries
    assert any(injected.replace("\r\n", "\n") in summary for summary in summaries)  # kept, as text
    assert re.search(rb"^SUMMARY:Injected", response.content, re.MULTILINE) is None


FORMULAS = ('=HYPERLINK("https://evil.example","x")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-1+1")


@pytest.mark.django_db
def test_a_download_never_hands_a_spreadsheet_a_formula(marked, client_of):
    world = marked.world
    type(world.company).objects.filter(pk=world.company.pk).update(name=FORMULAS[0])
    type(world.contact).objects.filter(pk=world.contact.pk).update(name=FORMULAS[1], notes=FORMULAS[2])
    type(world.application).objects.filter(pk=world.application.pk).update(role_title=FORMULAS[3], notes=FORMULAS[2])

    downloads = [
        (name, text)
        for name, response, text in every_page(client_of, world)
        if response["Content-Type"].startswith("text/csv")
    ]
    for kind in csv_export.DOWNLOADS:
        response = client_of.get(reverse("jobhunt:export_csv", kwargs={"kind": kind}))
        downloads.append((kind, body(response)))

    every_cell = []
    for name, text in downloads:
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))], f"{name} has a formula"
        every_cell += cells
    assert {f"'{formula}" for formula in FORMULAS} <= set(every_cell)  # kept, as text
