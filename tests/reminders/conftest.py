import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from reminders import services
from reminders.models import Delivery, Reminder
from tests.factories import ApplicationFactory, UserFactory


def zone_where_it_is(hour: int) -> str:
    """A fixed-offset time zone in which the local time is now about `hour` o'clock."""
    offset = (hour - datetime.now(UTC).hour + 12) % 24 - 12  # -12..11
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-2 is UTC+2


@pytest.fixture
def person(db):
    """Someone for whom it is now early afternoon, so no night rule gets in the way."""
    return UserFactory(time_zone=zone_where_it_is(13))


@pytest.fixture
def one_by_one(person):
    """The same person, having chosen to get each reminder on its own rather than one email a day."""
    person.reminders_bundled = False
    person.save()
    return person


@pytest.fixture
def application(person):
    return ApplicationFactory(user=person, company__name="Acme", role_title="Backend Engineer")


def due_now(*, user, about, kind="application_follow_up", key=None, minutes_ago=1) -> Reminder:
    reminder = services.schedule(
        user=user, kind=kind, about=about, due_at=timezone.now(), key=f"test:{key or kind}:{about.pk}"
    )
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=minutes_ago))
    reminder.refresh_from_db()
    return reminder


def expire_leases() -> None:
    """As if every dispatcher holding a claim had died long enough ago for its lease to run out."""
    past = timezone.now() - timedelta(seconds=1)
    Reminder.objects.filter(state=Reminder.State.SENDING).update(leased_until=past)
    Delivery.objects.filter(state=Delivery.State.SENDING).update(leased_until=past)


class ScriptedBackend(EmailBackend):
    """The test outbox, but each send first takes the next scripted failure, if any."""

    script: list[Exception] = []
    opened = 0

    def open(self):
        ScriptedBackend.opened += 1
        return super().open()

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def smtp_script(settings):
    settings.EMAIL_BACKEND = "tests.reminders.conftest.ScriptedBackend"
    ScriptedBackend.script = []
    ScriptedBackend.opened = 0
    mail.outbox = []
    yield ScriptedBackend.script
    ScriptedBackend.script = []


TEMPORARY = smtplib.SMTPDataError(421, b"Service not available, try again later")
PERMANENT = smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"No such user")})
