"""Connecting a mailbox from the profile (tested against a real dovecot before anything is kept),
testing it, looking back 30 days, disconnecting; and what the person says of a suggestion."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inbox import secrets
from inbox.models import Mailbox, QuietSender, Suggestion
from jobhunt.models import Application, Status
from recovery.models import Journey
from reminders import services as reminders
from tests.factories import ApplicationFactory, UserFactory
from tests.inbox.dovecot import free_ports

pytestmark = pytest.mark.django_db

MAILBOX = reverse("inbox:mailbox")


@pytest.fixture
def trusting(settings, dovecot):
    """Rebound trusting the test server's certificate authority, as MAILBOX_CA_FILE lets it."""
    settings.MAILBOX_CA_FILE = str(dovecot.cafile)
    return dovecot


def form(account, **changes):
    values = {
        "host": account.server.host,
        "port": account.server.tls_port,
        "security": "tls",
        "username": account.user,
        "password": account.password,
        "folder": "INBOX",
    }
    return {**values, **changes}


def test_a_mailbox_is_tested_then_kept_with_its_password_encrypted(signed_in, user, account, trusting):
    account.deliver(b"Subject: before\r\nFrom: a@b.example\r\n\r\nAlready there.\r\n")

    response = signed_in.post(MAILBOX, form(account))

    assert response.status_code == 302
    mailbox = Mailbox.objects.get(user=user)
    assert (mailbox.host, mailbox.username, mailbox.folder, mailbox.state) == (
        account.server.host,
        account.user,
        "INBOX",
        Mailbox.State.WATCHING,
    )
    assert account.password not in mailbox.password_encrypted
    assert secrets.decrypt(mailbox.password_encrypted) == account.password
    assert mailbox.last_uid == account.status()["UIDNEXT"] - 1  # what was there before is not read
    assert mailbox.look_back_asked_at is None
    page = signed_in.get(MAILBOX).content.decode()
    assert "Watching" in page and account.password not in page


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"password": "wrong"}, "password", "turned down the username or app password"),
        ({"folder": "Nowhere"}, "folder", "Nowhere"),
    ],
)
def test_settings_that_do_not_work_get_a_clear_message_and_nothing_is_kept(
    signed_in, user, account, trusting, changes, field, words
):
    response = signed_in.post(MAILBOX, form(account, **changes))

    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not Mailbox.objects.filter(user=user).exists()


def test_a_server_that_does_not_answer_and_a_certificate_for_another_name_are_said_so(signed_in, account, trusting):
    (closed,) = free_ports(1)

    unreachable = signed_in.post(MAILBOX, form(account, host="127.0.0.1", port=closed))
    # The test certificate names "localhost": reached as 127.0.0.1 it can't be verified.
    wrong_name = signed_in.post(MAILBOX, form(account, host="127.0.0.1"))

    assert unreachable.context["form"].errors["host"]
    assert "certificate" in " ".join(wrong_name.context["form"].errors["host"]).lower()


@pytest.mark.parametrize("host", ["https://imap.example.com", "imap.example.com:993", "me@imap.example.com", " "])
def test_a_server_written_as_an_address_is_a_field_error(signed_in, host):
    response = signed_in.post(
        MAILBOX, {"host": host, "port": 993, "security": "tls", "username": "a", "password": "b", "folder": "INBOX"}
    )

    assert response.context["form"].errors["host"]


def test_without_a_key_the_feature_says_it_is_off_and_keeps_nothing(signed_in, user, settings):
    settings.MAILBOX_KEYS = []

    page = signed_in.get(MAILBOX).content.decode()
    signed_in.post(
        MAILBOX,
        {
            "host": "imap.example.com",
            "port": 993,
            "security": "tls",
            "username": "a",
            "password": "b",
            "folder": "INBOX",
        },
    )

    assert "turned off" in page and "MAILBOX_KEYS" in page
    assert not Mailbox.objects.exists()


def connected(user, **fields) -> Mailbox:
    values = {"host": "imap.example.com", "username": user.email, "password_encrypted": secrets.encrypt("pw-secret")}
    return Mailbox.objects.create(user=user, **{**values, **fields})


def found(
    mailbox,
    *,
    meaning=Suggestion.Meaning.REJECTION,
    application=None,
    sender="jobs@brightwater.example",
    key="m1",
    **fields,
) -> Suggestion:
    return Suggestion.objects.create(
        user=mailbox.user,
        mailbox=mailbox,
        message_key=key,
        received_at=timezone.now(),
        sender=sender,
        sender_name=fields.pop("sender_name", "Brightwater Talent"),
        subject=fields.pop("subject", "Your application"),
        meaning=meaning,
        phrases=["we have decided not to move forward"],
        excerpt="Thank you for your time. Unfortunately we have decided not to move forward.",
        application=application,
        **fields,
    )


def test_the_connection_is_tested_on_request_with_the_kept_settings(signed_in, user, account, trusting):
    signed_in.post(MAILBOX, form(account))
    account.deliver(b"Subject: hi\r\nFrom: a@b.example\r\n\r\nHello.\r\n")

    response = signed_in.post(reverse("inbox:mailbox_test"), follow=True)

    assert "The connection works: INBOX holds 1 message." in response.content.decode()


def test_looking_back_is_asked_once_and_read_at_the_next_look(signed_in, user):
    mailbox = connected(user, next_check_at=timezone.now() + timezone.timedelta(minutes=5))

    signed_in.post(reverse("inbox:mailbox_look_back"))

    mailbox.refresh_from_db()
    assert mailbox.look_back_asked_at is not None and mailbox.next_check_at <= timezone.now()
    assert "Look through the last 30 days" not in signed_in.get(MAILBOX).content.decode()


def test_disconnecting_forgets_the_settings_the_password_the_suggestions_and_the_emails_at_once(signed_in, user):
    mailbox = connected(user)
    found(mailbox)
    reminders.schedule(user=user, kind="application_follow_up", about=mailbox, due_at=timezone.now())

    signed_in.post(reverse("inbox:mailbox_disconnect"))

    assert not Mailbox.objects.filter(user=user).exists()
    assert not Suggestion.objects.filter(user=user).exists()
    assert not reminders.Reminder.objects.filter(object_id=mailbox.pk, state="scheduled").exists()


def test_deleting_the_account_takes_the_mailbox_and_its_suggestions(user):
    found(connected(user))

    user.delete()

    assert not Mailbox.objects.exists() and not Suggestion.objects.exists()


def test_the_password_is_never_in_the_export(signed_in, user):
    mailbox = connected(user)
    found(mailbox)

    export = b"".join(signed_in.get(reverse("accounts:export")).streaming_content).decode()

    data = json.loads(export)
    assert "pw-secret" not in export and mailbox.password_encrypted not in export
    assert data["mailbox"] == [
        {
            "host": "imap.example.com",
            "port": 993,
            "security": "tls",
            "username": user.email,
            "folder": "INBOX",
            "connected_at": mailbox.connected_at.isoformat(),
            "state": "watching",
        }
    ]
    assert [item["subject"] for item in data["inbox_suggestions"]] == ["Your application"]


# Suggestions --------------------------------------------------------------------------------------


def test_today_lists_what_the_mail_seems_to_say_with_one_click_answers(signed_in, user):
    application = ApplicationFactory(user=user, company__name="Brightwater Analytics", role_title="Data Engineer")
    found(connected(user), application=application)

    page = signed_in.get(reverse("home:dashboard")).content.decode()

    assert "From your inbox" in page
    assert "From Brightwater Analytics</strong></a>" in page and "looks like a rejection for Data Engineer" in page
    for name in ("suggestion_confirm", "suggestion_not_this_one", "suggestion_not_job_mail"):
        assert reverse(f"inbox:{name}", args=[Suggestion.objects.get().pk]) in page


def test_confirming_a_rejection_moves_the_application_and_starts_the_walkthrough(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    suggestion = found(connected(user), application=application)

    response = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]))

    application.refresh_from_db()
    suggestion.refresh_from_db()
    assert application.status == Status.REJECTED
    assert Journey.objects.filter(application=application).exists()
    assert suggestion.state == Suggestion.State.CONFIRMED and suggestion.handled_at
    assert response["Location"] == application.get_absolute_url()
    assert application.events.latest("happened_at").note == "From an email from Brightwater Talent"


def test_confirming_an_invitation_moves_it_and_offers_to_add_the_interview(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    suggestion = found(connected(user), application=application, meaning=Suggestion.Meaning.INVITATION)

    response = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]))

    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert response["Location"] == reverse("jobhunt:interview_create", args=[application.pk])


def test_a_thanks_for_applying_about_no_known_application_adds_it_as_applied(signed_in, user):
    suggestion = found(
        connected(user),
        meaning=Suggestion.Meaning.RECEIVED,
        sender_name="Fernhill Robotics",
        subject="Thank you for applying",
    )

    response = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]))

    application = Application.objects.get(user=user)
    assert application.status == Status.APPLIED and application.company.name == "Fernhill Robotics"
    assert application.date_applied == user.local_today()
    assert response["Location"] == reverse("jobhunt:application_edit", args=[application.pk])


def test_a_message_about_no_known_application_asks_which_one_then_moves_it(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.SCREENING, role_title="Analyst")
    suggestion = found(connected(user))

    page = signed_in.get(reverse("inbox:suggestion_detail", args=[suggestion.pk])).content.decode()
    refused = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]), {"application": "999999"})
    signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]), {"application": application.pk})

    assert "Which application is it about?" in page and "Analyst at" in page
    assert refused.context["form"].errors["application"] == ["Pick one of your applications."]
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_not_this_one_puts_it_away_and_changes_nothing(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    suggestion = found(connected(user), application=application)

    signed_in.post(reverse("inbox:suggestion_not_this_one", args=[suggestion.pk]))

    suggestion.refresh_from_db()
    application.refresh_from_db()
    assert suggestion.state == Suggestion.State.NOT_THIS_ONE and application.status == Status.APPLIED
    assert "From your inbox" not in signed_in.get(reverse("home:dashboard")).content.decode()


def test_not_job_mail_quiets_the_sender_and_puts_away_the_others_from_it(signed_in, user):
    mailbox = connected(user)
    first, second = found(mailbox, key="a"), found(mailbox, key="b")
    other = found(mailbox, key="c", sender="hr@fernhill.example")

    signed_in.post(reverse("inbox:suggestion_not_job_mail", args=[first.pk]))

    states = dict(Suggestion.objects.values_list("pk", "state"))
    assert states == {first.pk: "not_job_mail", second.pk: "not_job_mail", other.pk: "open"}
    assert list(QuietSender.objects.filter(user=user).values_list("address", flat=True)) == ["jobs@brightwater.example"]


def test_a_suggestion_is_answered_once(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    suggestion = found(connected(user), application=application)
    signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]))

    again = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]), follow=True)

    assert "already handled" in again.content.decode()
    assert application.events.filter(to_status=Status.REJECTED).count() == 1


def test_another_persons_suggestion_is_not_found_whatever_the_method(signed_in):
    theirs = found(connected(UserFactory()), application=None)

    for name in ("suggestion_detail", "suggestion_confirm", "suggestion_not_this_one", "suggestion_not_job_mail"):
        url = reverse(f"inbox:{name}", args=[theirs.pk])
        assert signed_in.get(url).status_code == 404
        assert signed_in.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Suggestion.State.OPEN


def test_answers_are_posts_with_a_csrf_token(user):
    suggestion = found(connected(user))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert client.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk])).status_code == 403
    assert client.get(reverse("inbox:suggestion_confirm", args=[suggestion.pk])).status_code == 405


def test_a_stopped_mailbox_is_said_once_on_today_calmly(signed_in, user):
    connected(user, state=Mailbox.State.STOPPED, problem="auth", stopped_at=timezone.now())

    page = signed_in.get(reverse("home:dashboard")).content.decode()

    assert "Rebound stopped reading your mailbox: the server turned down the app password" in page
    assert reverse("inbox:mailbox") in page


def test_a_sender_said_not_to_be_job_mail_is_listed_and_can_be_suggested_again(signed_in, user):
    mailbox = connected(user)
    signed_in.post(reverse("inbox:suggestion_not_job_mail", args=[found(mailbox).pk]))
    quiet = QuietSender.objects.get(user=user)

    page = signed_in.get(MAILBOX).content.decode()
    signed_in.post(reverse("inbox:quiet_sender_remove", args=[quiet.pk]))

    assert "jobs@brightwater.example" in page and "Suggest again" in page
    assert not QuietSender.objects.filter(user=user).exists()


def test_another_persons_quiet_sender_is_not_found(signed_in):
    theirs = QuietSender.objects.create(user=UserFactory(), address="a@b.example")

    assert signed_in.post(reverse("inbox:quiet_sender_remove", args=[theirs.pk])).status_code == 404
    assert QuietSender.objects.filter(pk=theirs.pk).exists()


def test_a_rejection_about_no_known_application_asks_which_one_and_changes_nothing(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    suggestion = found(connected(user))

    response = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]), {"application": ""})

    suggestion.refresh_from_db()
    application.refresh_from_db()
    assert response.status_code == 200
    assert "Pick the application it is about." in response.content.decode()
    assert suggestion.state == Suggestion.State.OPEN and application.status == Status.INTERVIEWING
    assert not Journey.objects.exists()

    picked = signed_in.post(reverse("inbox:suggestion_confirm", args=[suggestion.pk]), {"application": application.pk})

    application.refresh_from_db()
    assert picked["Location"] == application.get_absolute_url()
    assert application.status == Status.REJECTED and Journey.objects.filter(application=application).exists()


def test_a_move_made_elsewhere_puts_away_the_suggestion_that_asked_for_it(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    mailbox = connected(user)
    rejection = found(mailbox, application=application, key="no")
    offer = found(mailbox, application=application, key="offer", meaning=Suggestion.Meaning.OFFER)

    signed_in.post(reverse("jobhunt:application_move", args=[application.pk]), {"to_status": "rejected"})

    rejection.refresh_from_db()
    offer.refresh_from_db()
    assert rejection.state == Suggestion.State.CONFIRMED and rejection.handled_at
    assert offer.state == Suggestion.State.OPEN  # about something else: still the person's to answer
    page = signed_in.get(reverse("home:dashboard")).content.decode()
    assert reverse("inbox:suggestion_confirm", args=[rejection.pk]) not in page
    assert reverse("inbox:suggestion_confirm", args=[offer.pk]) in page
