"""Step 2: lessons (three at most), what-ifs let go, a reset, people to keep, closing the chapter,
and the private writing sessions (one a day)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Contact
from recovery.models import (
    MAX_LESSONS,
    RECONNECT_AFTER_DAYS,
    WRITING_MAX_LENGTH,
    Journey,
    Lesson,
    ResetActivity,
    StayConnected,
    WhatIf,
    WritingSession,
)
from recovery.services import schedule
from recovery.services.journeys import touch
from reminders import services as reminders

LESSON_CAP_MESSAGE = (
    "Three lessons is the limit, on purpose: a few clear ones stay with you, a long list turns into "
    "going over it all again. If this one matters more, let one of the others go first."
)


@transaction.atomic
def lesson_add(*, journey: Journey, text: str) -> Lesson:
    # The journey row is locked so two quick submits cannot slip a fourth lesson past the count.
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    if journey.lessons.count() >= MAX_LESSONS:
        raise ValidationError(LESSON_CAP_MESSAGE, code="lesson_cap")
    lesson = Lesson.objects.create(journey=journey, text=text.strip())
    touch(journey)
    return lesson


@transaction.atomic
def lesson_remove(*, lesson: Lesson) -> None:
    journey = lesson.journey
    lesson.delete()
    touch(journey)


@transaction.atomic
def what_if_add(*, journey: Journey, text: str) -> WhatIf:
    what_if = WhatIf.objects.create(journey=journey, text=text.strip())
    touch(journey)
    return what_if


@transaction.atomic
def what_if_release(*, what_if: WhatIf) -> WhatIf:
    """Let it go. It stays written down, marked as released."""
    if what_if.released_at is None:
        what_if.released_at = timezone.now()
        what_if.save(update_fields=["released_at"])
    touch(what_if.journey)
    return what_if


@transaction.atomic
def reset_activity_done(*, journey: Journey, activity: str, other: str = "") -> Journey:
    activity = ResetActivity(activity)
    other = other.strip()
    if activity == ResetActivity.OWN and not other:
        raise ValidationError({"other": "Say what you did."})
    journey.reset_activity = activity
    journey.reset_activity_other = other if activity == ResetActivity.OWN else ""
    journey.reset_done_on = journey.user.local_today()
    journey.save(update_fields=["reset_activity", "reset_activity_other", "reset_done_on"])
    touch(journey)
    return journey


@transaction.atomic
def stay_connected_add(
    *,
    journey: Journey,
    contact: Contact | None = None,
    name: str = "",
    email: str = "",
    reconnect_on: date | None = None,
) -> StayConnected:
    """Keep someone from this process, picked from your contacts or added here (they join your
    contacts at the application's company), with a reminder to reconnect (30 days by default)."""
    user = journey.user
    if contact is None:
        if not name.strip():
            raise ValidationError({"name": "Pick someone or give a name."})
        application = journey.application
        contact = jobhunt.contact_save(
            contact=Contact(user=user, company=application.company, name=name.strip(), email=email.strip())
        )
        jobhunt.application_update(application=application, contacts=[*application.contacts.all(), contact])
    elif contact.user_id != user.pk:
        raise ValidationError({"contact": "Pick one of your own contacts."})
    today = user.local_today()
    reconnect_on = reconnect_on or today + timedelta(days=RECONNECT_AFTER_DAYS)
    if reconnect_on < today:
        raise ValidationError({"reconnect_on": "Pick a day from today on."})
    row, _ = StayConnected.objects.update_or_create(
        journey=journey, contact=contact, defaults={"reconnect_on": reconnect_on}
    )
    schedule.reconnect(row)
    touch(journey)
    return row


@transaction.atomic
def stay_connected_remove(*, row: StayConnected) -> None:
    journey = row.journey
    reminders.cancel(about=row)
    row.delete()
    touch(journey)


@transaction.atomic
def chapter_close(*, journey: Journey) -> Journey:
    journey.chapter_closed_on = journey.chapter_closed_on or journey.user.local_today()
    journey.save(update_fields=["chapter_closed_on"])
    touch(journey)
    return journey


WRITING_EMPTY_MESSAGE = "There's nothing written yet. Whenever you're ready, a few words are enough."


@transaction.atomic
def writing_save(*, journey: Journey, text: str) -> WritingSession:
    """Today's writing for this journey, kept as written: the first save of the day starts the
    day's session, every later one (the page saves as the person types) replaces its text.

    No word count and no score: only the words and the day. Emptying the box is not a way to
    delete (an autosave of a cleared box would lose a day's writing by accident); writing_delete is.
    """
    if not text.strip():
        raise ValidationError({"text": WRITING_EMPTY_MESSAGE}, code="empty")
    if len(text) > WRITING_MAX_LENGTH:
        raise ValidationError(
            {"text": f"That's more than {WRITING_MAX_LENGTH:,} characters; keep the rest for tomorrow."}
        )
    today = journey.user.local_today()
    updated = WritingSession.objects.filter(journey=journey, written_on=today).update(
        text=text, updated_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                WritingSession.objects.create(journey=journey, written_on=today, text=text)
        except IntegrityError:  # started a moment ago by another save (two tabs, a quick autosave)
            WritingSession.objects.filter(journey=journey, written_on=today).update(
                text=text, updated_at=timezone.now()
            )
        else:
            touch(journey)  # once a day is enough to count as working on the journey
    return WritingSession.objects.get(journey=journey, written_on=today)


@transaction.atomic
def writing_delete(*, session: WritingSession) -> None:
    """Delete one day's writing for good (it is not kept anywhere else)."""
    session.delete()
