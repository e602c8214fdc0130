import pytest
from django.core import mail
from django.test import Client

from reminders import dispatch, tokens
from tests.factories import ContactFactory

from .conftest import due_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(person, application, smtp_script, settings):
    settings.SITE_URL = "https://rebound.example"
    application.contacts.add(ContactFactory(user=person, name="Dana"))
    company = application.company
    company.name = "Acme & Sons <Ltd>"
    company.save()
    reminder = due_now(user=person, about=application)
    dispatch.run_pass()
    assert len(mail.outbox) == 1
    return reminder, mail.outbox[0]


def html_part(message):
    return next(content for content, kind in message.alternatives if kind == "text/html")


def test_the_subject_names_the_person_the_company_and_the_role(sent):
    _, message = sent
    assert message.subject == "Follow up with Dana at Acme & Sons <Ltd> about Backend Engineer"


def test_every_email_has_a_plain_text_and_an_html_part(sent):
    _, message = sent
    assert message.content_subtype == "plain"
    assert "Acme & Sons <Ltd>" in message.body  # plain text is not HTML-escaped
    assert "Acme &amp; Sons &lt;Ltd&gt;" in html_part(message)  # HTML is


def test_links_are_absolute_and_lead_to_the_page_where_the_person_acts(sent, application):
    _, message = sent
    page = f"https://rebound.example/applications/{application.pk}/"
    assert page in message.body
    assert f'href="{page}"' in html_part(message)


def test_one_click_unsubscribe_headers_carry_a_signed_token_for_this_kind(sent, person):
    _, message = sent
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://rebound.example/reminders/unsubscribe/") and header.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = header.rstrip("/>").rsplit("/", 1)[1]
    assert tokens.read(token) == (person.pk, "application_follow_up")


def test_the_unsubscribe_link_is_visible_in_both_parts(sent):
    _, message = sent
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    assert f'href="{url}"' in html_part(message)


def test_the_header_link_unsubscribes_in_one_click(sent, person):
    _, message = sent
    path = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://rebound.example")

    response = Client(enforce_csrf_checks=True).post(path, "List-Unsubscribe=One-Click", content_type="text/plain")

    assert response.status_code == 200
    person.refresh_from_db()
    assert "application_follow_up" in person.muted_reminder_kinds


def test_the_message_id_is_stable_and_names_the_daily_email(sent):
    reminder, message = sent
    reminder.refresh_from_db()
    assert message.extra_headers["Message-ID"] == f"<daily-{reminder.delivery_id}@rebound.example>"


def test_a_reminder_sent_on_its_own_has_a_message_id_naming_it(one_by_one, application, smtp_script, settings):
    settings.SITE_URL = "https://rebound.example"
    reminder = due_now(user=one_by_one, about=application)
    dispatch.run_pass()
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<reminder-{reminder.pk}@rebound.example>"


def test_text_is_tidy_without_runs_of_blank_lines(sent):
    _, message = sent
    assert "\n\n\n" not in message.body
    assert message.body.startswith("Hi ")


@pytest.mark.parametrize("kind", ["application_follow_up", "ghosting_check", "interview_prep", "thank_you_note"])
def test_each_jobhunt_kind_renders_both_parts(kind, person, application, smtp_script):
    from tests.factories import InterviewFactory

    about = InterviewFactory(application=application) if kind in ("interview_prep", "thank_you_note") else application
    due_now(user=person, about=about, kind=kind)

    assert dispatch.run_pass().sent == 1
    message = mail.outbox[0]
    assert application.company.name in message.subject
    assert application.role_title in message.body
    assert "<html" in html_part(message)


def test_the_ghosting_check_offers_both_ways_forward(person, application, smtp_script):
    due_now(user=person, about=application, kind="ghosting_check")
    dispatch.run_pass()
    message = mail.outbox[0]
    html = html_part(message)

    assert "Send one polite follow-up" in html and "Mark it ghosted" in html
    assert f"/applications/{application.pk}/#follow-up" in message.body
    assert f"/applications/{application.pk}/?move=ghosted#status" in message.body


def test_interview_times_read_in_the_persons_own_time_zone(person, application, smtp_script):
    from datetime import UTC, datetime

    import time_machine

    from tests.factories import InterviewFactory

    person.time_zone = "Asia/Tokyo"
    person.save()
    with time_machine.travel(datetime(2030, 5, 5, 4, 0, tzinfo=UTC), tick=False):  # 13:00 in Tokyo
        interview = InterviewFactory(application=application, scheduled_at=datetime(2030, 5, 6, 1, 30, tzinfo=UTC))
        due_now(user=person, about=interview, kind="interview_prep")
        dispatch.run_pass()

    assert "10:30" in mail.outbox[0].body  # 01:30 UTC is 10:30 in Tokyo
