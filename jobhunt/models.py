from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.pages import address_of


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every query a view makes starts here: another person's rows never show up."""
        return self.filter(user=user)


class Status(models.TextChoices):
    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"


# Stages where the company has not answered yet, stages that mean they did, and endings.
AWAITING_REPLY = {Status.APPLIED}
RESPONDED = {Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED}
ENDED = {Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED}
LIVE = {Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER}
# Endings that the recovery walkthrough picks up.
SETBACKS = {Status.REJECTED, Status.GHOSTED}
# How far an application got, for comparisons ("this one reached interviews").
PROGRESS = {
    Status.SAVED: 0,
    Status.APPLIED: 1,
    Status.SCREENING: 2,
    Status.INTERVIEWING: 3,
    Status.OFFER: 4,
    Status.ACCEPTED: 5,
}
FOLLOW_UP_AFTER_DAYS = 7


class Reached(models.IntegerChoices):
    """The furthest step of the funnel an application got to. Each step includes the ones before
    it, so "reached at least X" is one comparison: a rejection is an answer (heard back), a
    ghosting means it was sent, withdrawing from "saved" means it never was."""

    NOT_SENT = 0, "Not sent"
    SENT = 1, "Applied"
    HEARD_BACK = 2, "Heard back"
    INTERVIEWED = 3, "Interviewed"
    OFFERED = 4, "Got an offer"


REACHED_BY_STATUS = {
    Status.SAVED: Reached.NOT_SENT,
    Status.WITHDRAWN: Reached.NOT_SENT,
    Status.APPLIED: Reached.SENT,
    Status.GHOSTED: Reached.SENT,
    Status.SCREENING: Reached.HEARD_BACK,
    Status.REJECTED: Reached.HEARD_BACK,
    Status.INTERVIEWING: Reached.INTERVIEWED,
    Status.OFFER: Reached.OFFERED,
    Status.ACCEPTED: Reached.OFFERED,
}


class ReachedField(models.PositiveSmallIntegerField):
    """Climbs to the current status's step on every save and bulk_create, and never comes down:
    every writer keeps it without knowing about it, and a rejection after an interview stays
    "interviewed"."""

    def pre_save(self, model_instance, add):
        value = max(getattr(model_instance, self.attname) or 0, REACHED_BY_STATUS.get(model_instance.status, 0))
        setattr(model_instance, self.attname, value)
        return value


class Source(models.TextChoices):
    REFERRAL = "referral", "Referral"
    JOB_BOARD = "job_board", "Job board"
    RECRUITER = "recruiter", "Recruiter"
    COMPANY_SITE = "company_site", "Company website"
    NETWORKING = "networking", "Networking / event"
    OTHER = "other", "Other"
    # Nobody said (an imported row with no source): counted apart, never as a way of applying.
    UNKNOWN = "unknown", "Not recorded"


class Company(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=200)
    website = models.URLField(max_length=500, blank=True)
    notes = models.TextField(max_length=10_000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "user",
                name="company_name_unique_per_user",
                violation_error_message="You already have a company with this name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("jobhunt:company_detail", self.pk)


class Contact(models.Model):
    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        INTERVIEWER = "interviewer", "Interviewer"
        REFERRER = "referrer", "Referrer"
        OTHER = "other", "Other"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts")
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    linkedin_url = models.URLField("LinkedIn URL", max_length=500, blank=True)
    notes = models.TextField(max_length=10_000, blank=True)
    last_contacted = models.DateField(null=True, blank=True)
    relationship_strength = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = met once, 5 = would happily vouch for you.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relationship_strength__gte=1, relationship_strength__lte=5),
                name="contact_strength_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("jobhunt:contact_detail", self.pk)


class ApplicationQuerySet(OwnedQuerySet):
    def live(self):
        return self.filter(status__in=LIVE)

    def awaiting_follow_up(self, today):
        """Applied a week or more ago and still no answer."""
        return self.filter(status=Status.APPLIED, date_applied__lte=today - timedelta(days=FOLLOW_UP_AFTER_DAYS))


class Application(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="applications")
    role_title = models.CharField("role", max_length=200)
    job_url = models.URLField("job posting URL", max_length=1000, blank=True)
    location = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.JOB_BOARD)
    salary = models.CharField("salary", max_length=100, blank=True, help_text="As advertised, e.g. “€60–70k”.")
    interest = models.PositiveSmallIntegerField(
        "how much I want it",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = just curious, 5 = dream job.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    date_applied = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_date = models.DateField(null=True, blank=True)
    notes = models.TextField(max_length=20_000, blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="applications")
    created_at = models.DateTimeField(default=timezone.now)
    # When the status last changed: "days in this stage" and silence are measured from here.
    status_changed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The funnel's figures read this instead of every step of every timeline.
    reached = ReachedField(choices=Reached.choices, default=Reached.NOT_SENT, editable=False)
    # Once accepted: whether that ended the search (no more follow-ups for what came before), or
    # was a side role taken while still looking.
    ends_search = models.BooleanField("accepting it ended my search", default=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_at"]
        indexes = [
            models.Index(fields=["user", "status", "-status_changed_at"], name="application_user_status"),
            models.Index(fields=["user", "-status_changed_at"], name="application_user_recent"),
            models.Index(fields=["user", "reached"], name="application_user_reached"),
            # Applications sent in a window of days (insights' weeks, this plan week): a range scan.
            models.Index(fields=["user", "date_applied"], name="application_user_applied"),
            # Next steps planned in a window of days (the calendar feed): only rows that have one.
            models.Index(
                fields=["user", "next_step_date"],
                condition=models.Q(next_step_date__isnull=False),
                name="application_user_next_step",
            ),
            # The person's figures, Today's counts and the pace guard count rows from this index
            # alone (COUNT(*) over the columns included), without reading the applications.
            models.Index(
                fields=["user", "status"],
                include=["reached", "source", "date_applied", "status_changed_at"],
                name="application_user_figures",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5), name="application_interest_1_to_5"
            ),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="application_status_valid"),
        ]

    def __str__(self):
        return f"{self.role_title} at {self.company.name}"

    def get_absolute_url(self):
        return address_of("jobhunt:application_detail", self.pk)

    @property
    def is_live(self):
        return self.status in LIVE

    @property
    def is_ended(self):
        return self.status in ENDED

    @property
    def progress(self):
        return PROGRESS.get(self.status, 0)

    def days_silent(self, today=None):
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.status_changed_at)).days

    def is_stale(self, today=None):
        """No answer for longer than the person's ghosting threshold."""
        return self.status == Status.APPLIED and self.days_silent(today) >= self.user.ghosting_days


class StageEvent(models.Model):
    """One step on an application's timeline: the application entered `to_status` at
    `happened_at`. Written only by jobhunt.services (application_create, application_move)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    # The application's person, kept on each step so one person's timeline is read without going
    # through every application of theirs. No index of its own: the two below start with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    happened_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)
    # When the application moved on from this stage, and the days it stayed: written by the move
    # that ended the stay, so how long stages take reads one column. Empty while it is still here.
    left_at = models.DateTimeField(null=True, blank=True)
    stay_days = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(fields=["application", "-happened_at"], name="stageevent_app_time"),
            # A person's latest stays in a stage (how long stages take).
            models.Index(fields=["user", "to_status", "-left_at"], include=["stay_days"], name="stageevent_stays"),
            # A person's moves into a stage over a window of days (rejections and offers by day).
            models.Index(fields=["user", "to_status", "happened_at"], name="stageevent_user_moves"),
        ]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class InterviewQuerySet(OwnedQuerySet):
    pass


class Interview(models.Model):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone_screen", "Phone screen"
        TECHNICAL = "technical", "Technical"
        ONSITE = "onsite", "Onsite"
        FINAL = "final", "Final"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "No outcome yet"
        PASSED = "passed", "Went through"
        NOT_PASSED = "not_passed", "Didn't go through"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    # The application's person, kept on the interview (set on save) so a person's interviews in a
    # window of time are one index range, not a walk through every application of theirs.
    # No index of its own: interview_user_time starts with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    scheduled_at = models.DateTimeField("when")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PHONE_SCREEN)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interviews", verbose_name="people met")
    notes = models.TextField(max_length=20_000, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    # The move that ended the application and cancelled this interview with it: such an interview
    # is offered back ("put back") if the application comes back into play, never restored silently.
    cancelled_by = models.ForeignKey(
        StageEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="cancelled_interviews"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    # Late-stage interviews: a rejection after one of these is a near miss.
    LATE_STAGE = {Kind.ONSITE, Kind.FINAL}
    ENDED_APPLICATION = "This application has ended. To plan an interview, move it back into play first."

    class Meta:
        ordering = ["scheduled_at"]
        indexes = [
            models.Index(fields=["application", "scheduled_at"], name="interview_app_time"),
            # A person's interviews coming up (Today, the calendar feed): read from now on.
            models.Index(fields=["user", "scheduled_at"], name="interview_user_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"

    def save(self, *args, **kwargs):
        if self.user_id is None:
            self.user_id = self.application.user_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address_of("jobhunt:interview_detail", self.pk)

    def state_label(self, now=None) -> str:
        """How it reads in a list: still ahead, waiting for news, or how it went."""
        if self.outcome != self.Outcome.PENDING:
            return self.get_outcome_display()
        return "Coming up" if self.scheduled_at > (now or timezone.now()) else "Waiting to hear"

    @property
    def is_planned_on_an_ended_application(self) -> bool:
        """Still to come, no outcome yet, on an application that has ended: nothing would remind
        the person of it, so it is refused until the application is back in play."""
        return (
            not self.application.is_live and self.outcome == self.Outcome.PENDING and self.scheduled_at > timezone.now()
        )

    @property
    def can_be_put_back(self) -> bool:
        """Cancelled with its application's ending, still ahead, and the application in play again."""
        return (
            self.cancelled_by_id is not None
            and self.outcome == self.Outcome.CANCELLED
            and self.scheduled_at > timezone.now()
            and self.application.is_live
        )


class ImportJob(models.Model):
    """A spreadsheet on its way in: uploaded, its columns matched, checked, then imported at once.

    The decoded text stays here between the steps (the upload is capped, so a text field is
    enough) and is emptied once the rows are in.
    """

    class State(models.TextChoices):
        MAPPING = "mapping", "Matching columns"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    file_name = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    # How the bytes were read ("utf-8", "cp1252"…), said on the page when it was not UTF-8.
    encoding = models.CharField(max_length=20, default="utf-8")
    delimiter = models.CharField(max_length=1, default=",")
    # {"<column index>": "<field>"} and how to read day/month dates ("", "dmy" or "mdy").
    mapping = models.JSONField(default=dict, blank=True)
    date_order = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.MAPPING)
    total_rows = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # Why it stopped, when it did: [{"row": n or None, "message": "…"}].
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_recent")]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        if self.state == self.State.MAPPING:
            return reverse("jobhunt:import_columns", args=[self.pk])
        return reverse("jobhunt:import_status", args=[self.pk])

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}
