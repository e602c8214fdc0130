"""One of everything a person can own, made through the services as the app makes it.

The security tests build a world for the person signed in and one for somebody else, then point
every URL of the project at the other person's rows.
"""

from datetime import timedelta
from functools import cached_property

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from inbox import secrets
from inbox.models import Mailbox, QuietSender, Suggestion
from jobhunt import csv_import, documents
from jobhunt import services as jobhunt
from jobhunt.models import Document, Status
from recovery import services as recovery
from recovery.models import Journey, ResetActivity
from sharing import services as sharing
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory

# The apps whose tables hold people's data (everything but Django's own and third-party apps).
PROJECT_APPS = ("accounts", "jobhunt", "recovery", "reminders", "insights", "sharing", "inbox")
# Written into every text of the other person's world, so a page that leaks it can be caught.
THEIR_WORDS = "zq-theirs"


def their_text(label: str) -> str:
    return f"{label} {THEIR_WORDS}"


def project_models():
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.app_label in PROJECT_APPS]


class World:
    """`user`'s pipeline and walkthrough; `text` words every piece of free text they write."""

    def __init__(self, user, text=lambda label: label):
        self.user = user
        self.text = text
        today = user.local_today()
        self.company = CompanyFactory(user=user, name=text("Fernhill"), notes=text("company notes"))
        self.contact = ContactFactory(
            user=user, company=self.company, name=text("Maya"), notes=text("contact notes"), phone="+44 20 7946 0000"
        )
        self.document = documents.document_upload(
            user=user,
            kind=Document.Kind.CV,
            name=text("CV – data roles"),
            uploaded_file=SimpleUploadedFile(text("cv") + ".txt", text("Ada Lovelace, analyst").encode()),
        )
        self.application = ApplicationFactory(
            user=user,
            company=self.company,
            role_title=text("Backend Engineer"),
            location=text("Leeds"),
            salary_min=60000,
            salary_currency="GBP",
            cv=self.document,
            description=f"<p>{text('the posting')}</p>",
            next_step=text("Send the portfolio"),
            notes=text("application notes"),
            contacts=[self.contact],
            note=text("first step"),
        )
        self.interview = InterviewFactory(application=self.application, contacts=[self.contact], notes=text("prep"))
        # A second application that ended in a "no": it has the walkthrough.
        self.ended = ApplicationFactory(
            user=user,
            company=self.company,
            role_title=text("Data Engineer"),
            status=Status.INTERVIEWING,
            contacts=[self.contact],
        )
        jobhunt.application_move(application=self.ended, to_status=Status.REJECTED, note=text("the no"))
        self.journey = Journey.objects.get(application=self.ended)
        recovery.feedback_request_sent(
            journey=self.journey, message=text("request message"), sent_on=today, contact=self.contact
        )
        recovery.feedback_record(
            journey=self.journey,
            feedback=text("feedback"),
            their_perspective=text("their perspective"),
            deciding_factors=["team_fit"],
        )
        self.action = recovery.improvement_action_add(
            journey=self.journey, title=text("Practise system design"), due_on=today + timedelta(days=7)
        )
        self.lesson = recovery.lesson_add(journey=self.journey, text=text("lesson"))
        self.what_if = recovery.what_if_add(journey=self.journey, text=text("what if"))
        recovery.reset_activity_done(journey=self.journey, activity=ResetActivity.OWN, other=text("a swim"))
        self.stay_connected = recovery.stay_connected_add(journey=self.journey, contact=self.contact)
        self.mood = recovery.mood_check_in(user=user, mood=2, note=text("mood note"), journey=self.journey)
        self.win = recovery.win_add(user=user, text=text("win"), journey=self.journey)
        # The sentence written before the first "no", and step 3's story about this one.
        self.note = recovery.note_write(user=user, text=text("note to future self"))
        self.story = recovery.story_save(
            journey=self.journey,
            explanation=text("the story I tell myself"),
            all_about_me="partly",
            always="yes",
            everything="no",
            fairer_version=text("a fairer version"),
        )
        self.plan = recovery.plan_save(
            user=user, applications_target=3, conversations_target=2, practice_target=1, contacts=[self.contact]
        )
        self.habits = recovery.habit_check_in(user=user, day=today, active=True)
        # Step 2's private writing (today's, so the step shows it in its box) and an if-then plan.
        self.writing = recovery.writing_save(journey=self.journey, text=text("writing"))
        self.if_then = recovery.if_then_save(
            user=user, target="practice", weekday=today.weekday(), place=text("library"), action=text("practise")
        )
        Journey.objects.filter(pk=self.journey.pk).update(summary=text("summary"))
        self.calendar_feed = sharing.calendar_feed_reset(user=user)
        self.share_link, self.share_token = sharing.share_link_create(user=user, label=text("For my coach"), days=30)
        self.import_job = csv_import.import_upload(
            user=user, file_name=text("pipeline") + ".csv", data=b"Company,Role\nNorthwind,Analyst\n"
        )
        # The mailbox is kept as the connect service keeps it (the server is never reached here).
        self.mailbox = Mailbox.objects.create(
            user=user,
            host="imap.example.com",
            username=text("me") + "@example.com",
            password_encrypted=secrets.encrypt("app-password-" + text("secret")),
            folder=text("Jobs"),
        )
        self.suggestion = Suggestion.objects.create(
            user=user,
            mailbox=self.mailbox,
            message_key=text("message").replace(" ", "-"),
            received_at=timezone.now() - timedelta(hours=2),
            sender="careers@fernhill.example",
            sender_name=text("Fernhill Careers"),
            subject=text("Your application"),
            meaning=Suggestion.Meaning.REJECTION,
            phrases=[text("not to move forward")],
            excerpt=text("we have decided not to move forward"),
            application=self.application,
        )
        self.quiet_sender = QuietSender.objects.create(
            user=user, address=text("news").replace(" ", "-") + "@list.example"
        )

    @cached_property
    def unsubscribe_token(self) -> str:
        from reminders import tokens

        return tokens.make(self.user, tokens.ALL)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (but the session store, which a page visit may touch), by model."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in VOLATILE:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label] = sorted(model._base_manager.values_list(*fields), key=repr)
    return rows


def changes(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ, with the first differing row, for a readable failure."""
    found = []
    for label in sorted(before.keys() | after.keys()):
        old, new = before.get(label, []), after.get(label, [])
        if old != new:
            gone = [row for row in old if row not in new][:1]
            added = [row for row in new if row not in old][:1]
            found.append(f"{label}: {len(old)} → {len(new)} rows; gone {gone}, new {added}")
    return found


# Rows a request may write whatever it is about: the session (messages, login) and the sign-in trail.
VOLATILE = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


def text_fields():
    """(model, field) for every free-text column of the project's tables."""
    for model in project_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                yield model, field
