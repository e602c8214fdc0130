"""The core moment, in a browser: an onsite is booked, then the application is marked rejected.
The interview leaves every list (Today, the coach page, the calendar feed), and two simulated weeks
of reminder dispatch send nothing about it."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from jobhunt.models import Interview, Status
from reminders import dispatch
from reminders.models import Reminder
from sharing import services as sharing
from tests.factories import PASSWORD, ApplicationFactory, CompanyFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.e2e

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def onsite(transactional_db):
    user = UserFactory(email="ana@example.com", display_name="Ana", time_zone="Europe/London")
    company = CompanyFactory(user=user, name="Brightwater Analytics")
    application = ApplicationFactory(
        user=user, company=company, role_title="Senior Data Engineer", status=Status.INTERVIEWING
    )
    interview = InterviewFactory(
        application=application, kind=Interview.Kind.ONSITE, scheduled_at=timezone.now() + 2 * 24 * HOUR
    )
    return {"user": user, "application": application, "interview": interview}


def _sign_in(page, email):
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("home:dashboard")) + "$"))


def test_a_rejection_takes_its_interview_off_every_list_and_out_of_every_email(page, onsite, monkeypatch, mailoutbox):
    user, application, interview = onsite["user"], onsite["application"], onsite["interview"]
    feed = sharing.calendar_feed_reset(user=user)
    _link, coach_token = sharing.share_link_create(user=user, label="For my coach", days=30)
    coach = reverse("sharing:coach_page", args=[coach_token])
    week_ahead = page.locator("section", has=page.get_by_role("heading", name="Interviews this week"))

    _sign_in(page, user.email)
    expect(week_ahead).to_contain_text("Onsite")
    expect(week_ahead).to_contain_text("Coming up")

    # Marked rejected from the application's page.
    page.goto(reverse("jobhunt:application_detail", args=[application.pk]))
    page.get_by_label("Move to").select_option("rejected")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("main")).to_contain_text("That's hard")
    expect(page.locator("main")).to_contain_text("cancelled when the application ended")

    page.goto(reverse("home:dashboard"))
    expect(week_ahead).not_to_contain_text("Onsite")
    expect(week_ahead).to_contain_text("No interviews in the next seven days")
    page.goto(coach)
    expect(page.locator("main")).to_contain_text("No interviews booked right now")
    expect(page.locator("main")).not_to_contain_text("Onsite")
    calendar = Client().get(reverse("sharing:calendar_feed", args=[feed.token])).content.decode()
    assert f"interview-{interview.pk}" not in calendar and "BEGIN:VCALENDAR" in calendar

    # Two weeks of the dispatcher running every hour, the clock moving with it.
    start = timezone.now()
    for hour in range(14 * 24):
        moment = start + hour * HOUR
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        dispatch.run_pass()

    about_the_interview = [
        message.subject
        for message in mailoutbox
        if re.search(r"onsite|interview with|thank-you", message.subject + message.body, re.IGNORECASE)
    ]
    assert about_the_interview == []
    assert not Reminder.objects.filter(kind__in=["interview_prep", "thank_you_note"], state=Reminder.State.SENT)
    # The walkthrough's own emails are all that came, if any: never one about the interview.
    assert all("Brightwater" in message.subject or "game plan" in message.subject for message in mailoutbox)
