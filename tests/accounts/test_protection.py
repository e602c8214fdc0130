"""Protect me from rejections for a while: for a few days Today leaves out rejection counts and
the words of rejection emails; the walkthrough still starts, quietly."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import services
from inbox import secrets
from inbox.models import Mailbox, Suggestion
from insights.selectors.search import REJECTION_RUN
from jobhunt import services as jobhunt
from jobhunt.models import Status
from recovery.models import Journey
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("home:dashboard")
PROTECTION = reverse("accounts:protection")


def rejections(user, count):
    for number in range(count):
        application = ApplicationFactory(user=user, company__name=f"Company {number}", status=Status.APPLIED)
        jobhunt.application_move(application=application, to_status=Status.REJECTED)


def rejection_mail(user, application):
    mailbox = Mailbox.objects.create(
        user=user, host="imap.example.com", username="a", password_encrypted=secrets.encrypt("p")
    )
    return Suggestion.objects.create(
        user=user,
        mailbox=mailbox,
        message_key="k",
        received_at=timezone.now(),
        sender="hr@acme.example",
        sender_name="Acme",
        subject="Your application",
        meaning=Suggestion.Meaning.REJECTION,
        phrases=["we will not be moving forward"],
        excerpt="Sadly we will not be moving forward.",
        application=application,
    )


def test_choosing_a_break_keeps_rejections_out_of_sight_on_today(signed_in, user):
    rejections(user, REJECTION_RUN)
    application = ApplicationFactory(user=user, company__name="Acme", role_title="Analyst")
    rejection_mail(user, application)
    before = signed_in.get(DASHBOARD).content.decode()

    response = signed_in.post(PROTECTION, {"days": 7})

    after = signed_in.get(DASHBOARD).content.decode()
    user.refresh_from_db()
    assert response["Location"] == DASHBOARD
    assert user.protected_until == user.local_today() + timedelta(days=6)
    assert f"{REJECTION_RUN} rejections in" in before and "looks like a rejection" in before
    assert "rejections in" not in after and "looks like a rejection" not in after
    assert "A reply from Acme</strong></a> about Analyst, for when you're ready." in after
    assert "When you're ready" in after and "Log a rejection" not in after


def test_a_rejection_during_the_break_still_starts_its_walkthrough(signed_in, user):
    ApplicationFactory(user=user, status=Status.APPLIED)  # a search under way: Today's panels, not the first run
    services.protection_start(user=user, days=3)
    application = ApplicationFactory(user=user, status=Status.APPLIED)

    jobhunt.application_move(application=application, to_status=Status.REJECTED)

    page = signed_in.get(DASHBOARD).content.decode()
    journey = Journey.objects.get(application=application)
    assert f'<a href="{journey.get_absolute_url()}">Start: ' in page


def test_the_rejection_mail_page_keeps_its_words_folded_during_the_break(signed_in, user):
    suggestion = rejection_mail(user, ApplicationFactory(user=user))
    services.protection_start(user=user, days=3)

    page = signed_in.get(reverse("inbox:suggestion_detail", args=[suggestion.pk])).content.decode()

    assert "<details" in page and "Show its words" in page


def test_the_break_ends_by_itself_after_its_last_day(signed_in, user):
    rejections(user, REJECTION_RUN)
    services.protection_start(user=user, days=3)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        page = signed_in.get(DASHBOARD).content.decode()

    assert f"{REJECTION_RUN} rejections in" in page


def test_it_can_be_ended_at_once(signed_in, user):
    ApplicationFactory(user=user, status=Status.APPLIED)
    services.protection_start(user=user, days=14)

    signed_in.post(PROTECTION, {"end": "1"})

    user.refresh_from_db()
    assert user.protected_until is None
    assert "A break from rejections for a few days" in signed_in.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("days", ["5", "", "forever", "-1"])
def test_only_the_lengths_offered_are_taken(signed_in, user, days):
    response = signed_in.post(PROTECTION, {"days": days})

    user.refresh_from_db()
    assert response.status_code == 200 and user.protected_until is None
    assert "invalid-feedback" in response.content.decode()


def test_the_page_says_what_it_does_and_until_when(signed_in, user):
    off = signed_in.get(PROTECTION).content.decode()
    services.protection_start(user=user, days=7)
    on = signed_in.get(PROTECTION).content.decode()

    assert "Keep them out of sight" in off
    assert "Show everything again now" in on and f"{user.protected_until:%A}" in on
