"""What the feed says about each event, word for word, with names that fight back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Contact, Interview, Status
from recovery.models import Journey, StayConnected
from reminders.models import Reminder
from sharing import selectors
from sharing.selectors import calendar
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory
from tests.sharing.conftest import events, feed_url

pytestmark = pytest.mark.django_db

COMPANY = 'Acme, Inc.; "><script>alert(1)</script> \\ Ünïcödé 🎉'
ROLE = "Back\\end; dev, ops\nand more " + "🚀 long role ✓ " * 8 + "end"
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def hostile(user):
    company = CompanyFactory(user=user, name=COMPANY)
    application = ApplicationFactory(
        user=user,
        company=company,
        role_title=ROLE,
        status=Status.SCREENING,
        next_step="Call; then, write\\",
        next_step_date=user.local_today() + datetime.timedelta(days=3),
    )
    zoe = ContactFactory(user=user, company=company, name="Zoë, the lead", role=Contact.Role.HIRING_MANAGER)
    ana = ContactFactory(user=user, company=None, name="Ana <b>;", role=Contact.Role.RECRUITER)
    at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    met = InterviewFactory(application=application, kind=Interview.Kind.TECHNICAL, scheduled_at=at, contacts=[zoe, ana])
    alone = InterviewFactory(application=application, kind=Interview.Kind.FINAL, scheduled_at=at, contacts=[])
    ended = ApplicationFactory(user=user, company=company, role_title=ROLE, status=Status.REJECTED)
    journey = Journey.objects.get(application=ended)  # started by the rejection
    reconnect = StayConnected.objects.create(
        journey=journey, contact=ana, reconnect_on=user.local_today() + datetime.timedelta(days=20)
    )
    waiting = ApplicationFactory(user=user, company=company, role_title=ROLE, date_applied=user.local_today())
    return {
        "application": application,
        "met": met,
        "alone": alone,
        "reconnect": reconnect,
        "ana": ana,
        "waiting": waiting,
    }


def _text(event, name):
    return str(event[name])


def test_every_kind_of_event_says_exactly_what_it_should(client, user, feed, hostile):
    found = events(client.get(feed_url(feed)))
    what = f"{ROLE} at {COMPANY}"

    met = found[f"interview-{hostile['met'].pk}"]
    url = SITE + reverse("jobhunt:interview_detail", args=[hostile["met"].pk])
    assert _text(met, "SUMMARY") == f"Technical: {what}"
    assert _text(met, "DESCRIPTION") == (
        f"Technical interview for {what}.\n"
        "Meeting: Ana <b>; (recruiter), Zoë, the lead (hiring manager).\n"
        f"Details in Rebound: {url}"
    )
    assert _text(met, "URL") == url
    assert met.end - met.start == datetime.timedelta(hours=1)
    assert str(met["TRANSP"]) == "OPAQUE"

    alone = found[f"interview-{hostile['alone'].pk}"]
    assert _text(alone, "DESCRIPTION") == (
        f"Final interview for {what}.\nDetails in Rebound: "
        + SITE
        + reverse("jobhunt:interview_detail", args=[hostile["alone"].pk])
    )

    step = found[f"next-step-{hostile['application'].pk}"]
    url = SITE + reverse("jobhunt:application_detail", args=[hostile["application"].pk])
    assert _text(step, "SUMMARY") == f"Call; then, write\\: {what}"
    assert _text(step, "DESCRIPTION") == f"The next step you planned for {what}.\nIn Rebound: {url}"
    assert step.start == hostile["application"].next_step_date

    follow_ups = [event for uid, event in found.items() if uid.startswith("follow-up-")]
    url = SITE + reverse("jobhunt:application_detail", args=[hostile["waiting"].pk])
    assert follow_ups and all(_text(event, "SUMMARY") == f"Follow up: {what}" for event in follow_ups)
    assert all(_text(event, "URL") == url for event in follow_ups)

    reconnect = found[f"reconnect-{hostile['reconnect'].pk}"]
    url = SITE + reverse("jobhunt:contact_detail", args=[hostile["ana"].pk])
    assert _text(reconnect, "SUMMARY") == "Reconnect with Ana <b>;"  # no company: nothing in brackets
    assert _text(reconnect, "DESCRIPTION") == (
        f"You met through {what}. A short hello keeps the door open.\nIn Rebound: {url}"
    )
    assert str(reconnect["TRANSP"]) == "TRANSPARENT"


def test_the_download_and_the_feed_describe_an_interview_alike(user, hostile):
    from_rows = {event.uid: event for event in selectors.calendar_events(user)}
    for interview in selectors.interviews_for_download(user).filter(pk__in=[hostile["met"].pk, hostile["alone"].pk]):
        assert selectors.interview_event(interview) == from_rows[f"interview-{interview.pk}"]


def test_a_follow_up_about_an_application_that_is_gone_or_not_theirs_is_left_out(user, other_user, hostile):
    ApplicationFactory(user=user, date_applied=user.local_today())  # two more planned follow-ups
    follow_ups = Reminder.objects.filter(user=user, kind=calendar.FOLLOW_UP_KIND, state=Reminder.State.SCHEDULED)
    kept, moved, orphaned = follow_ups.order_by("pk")[:3]
    Reminder.objects.filter(pk=moved.pk).update(object_id=ApplicationFactory(user=other_user).pk)
    Reminder.objects.filter(pk=orphaned.pk).update(object_id=10**9)

    found = {event.uid for event in selectors.calendar_events(user)}

    assert f"follow-up-{kept.pk}" in found
    assert f"follow-up-{moved.pk}" not in found and f"follow-up-{orphaned.pk}" not in found
