"""The inbox in a real browser, against a real IMAP server: a mailbox connected from its page, a
rejection delivered to it, read by the watcher, suggested on Today, and confirmed with a click,
which starts the walkthrough."""

import re
from email.utils import format_datetime, make_msgid

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inbox import watch
from inbox.models import Mailbox
from jobhunt.models import Status
from recovery.models import Journey
from tests.factories import PASSWORD, ApplicationFactory, UserFactory
from tests.inbox.conftest import account, dovecot  # noqa: F401 (the real server, for this browser test)

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeker(transactional_db):
    user = UserFactory(email="sam@example.org")
    ApplicationFactory(
        user=user, company__name="Northwind Logistics", role_title="Data Analyst", status=Status.INTERVIEWING
    )
    return user


def rejection() -> bytes:
    return (
        "From: Talent Team <careers@northwind-logistics.example>\r\n"
        "To: Sam <sam@example.org>\r\n"
        "Subject: Your application for Data Analyst\r\n"
        f"Date: {format_datetime(timezone.now())}\r\n"
        f"Message-ID: {make_msgid(domain='northwind-logistics.example')}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Thank you for applying for the Data Analyst role at Northwind Logistics. After careful review\r\n"
        "we have decided not to move forward with your application at this time.\r\n"
    ).encode()


def test_a_rejection_in_the_mailbox_is_suggested_on_today_and_confirmed_with_a_click(
    page,
    seeker,
    account,  # noqa: F811 (the fixture imported above)
    dovecot,  # noqa: F811
    settings,
):
    settings.MAILBOX_CA_FILE = str(dovecot.cafile)
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", seeker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile("/login/"))

    page.goto(reverse("inbox:mailbox"))
    page.get_by_label("IMAP server").fill(dovecot.host)
    page.get_by_label("Port").fill(str(dovecot.tls_port))
    page.get_by_label("Username").fill(account.user)
    page.get_by_label("App password", exact=True).fill(account.password)
    page.get_by_role("button", name="Test and connect").click()
    expect(page.get_by_text("Connected.")).to_be_visible()
    expect(page.get_by_text("Watching")).to_be_visible()

    account.deliver(rejection())
    assert watch.watch_due() == 1  # what the periodic task does every minute

    page.goto(reverse("home:dashboard"))
    suggestion = page.get_by_role("region", name=re.compile("From your inbox"))
    expect(suggestion).to_contain_text("From Northwind Logistics")
    expect(suggestion).to_contain_text("looks like a rejection for Data Analyst")
    suggestion.get_by_role("button", name=re.compile("^Confirm")).click()

    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    expect(page.get_by_text("That's hard.")).to_be_visible()
    application = seeker.applications.get()
    assert application.status == Status.REJECTED
    assert Journey.objects.filter(application=application).exists()
    assert Mailbox.objects.get(user=seeker).last_uid == 1
