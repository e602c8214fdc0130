"""Applications, their timeline and their interviews."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from core.pages import address_of
from jobhunt import postings, salary
from jobhunt.models.common import (
    ENDED,
    FOLLOW_UP_AFTER_DAYS,
    LIVE,
    PROGRESS,
    EmploymentType,
    HowApplied,
    OwnedQuerySet,
    Reached,
    ReachedField,
    Source,
    Status,
    Workplace,
)
from jobhunt.models.people import Company, Contact
from jobhunt.salary import MAX_AMOUNT, PayPeriod


def AmountField(label: str):  # noqa: N802 (a field, named like one)
    """An amount of pay: above zero, below ten million a period, to the cent."""
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT - Decimal("0.01"))],
    )


def CurrencyField():  # noqa: N802 (a field, named like one)
    """A currency's ISO 4217 code ("EUR", "GBP"), or blank when not said."""
    return models.CharField(
        "currency",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use the three-letter code, e.g. EUR, GBP or USD.")],
    )


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
    applied_how = models.CharField(
        "how I applied", max_length=10, choices=HowApplied.choices, default=HowApplied.ONLINE
    )
    workplace = models.CharField(max_length=10, choices=Workplace.choices, blank=True)
    employment_type = models.CharField(max_length=12, choices=EmploymentType.choices, blank=True)
    date_posted = models.DateField(null=True, blank=True)
    closes_on = models.DateField("closing date", null=True, blank=True)
    # The posting as it was (nh3-sanitised HTML, and its text for the list's search): postings
    # disappear, and the person may want to read it again before an interview.
    description = models.TextField("job description", max_length=200_000, blank=True)
    description_text = models.TextField(max_length=100_000, blank=True, editable=False)
    # Pay, three ways: as advertised (a range), what I asked for, what they offered.
    salary_min = AmountField("advertised from")
    salary_max = AmountField("advertised up to")
    salary_currency = CurrencyField()
    salary_period = models.CharField("per", max_length=5, choices=PayPeriod.choices, blank=True)
    asked_salary = AmountField("what I asked for")
    asked_currency = CurrencyField()
    asked_period = models.CharField("per", max_length=5, choices=PayPeriod.choices, blank=True)
    offered_salary = AmountField("what they offered")
    offered_currency = CurrencyField()
    offered_period = models.CharField("per", max_length=5, choices=PayPeriod.choices, blank=True)
    # The CV and cover letter that went with it (jobhunt.models.Document).
    cv = models.ForeignKey(
        "Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="CV sent"
    )
    cover_letter = models.ForeignKey(
        "Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="cover letter sent"
    )
    interest = models.PositiveSmallIntegerField(
        "how much I want it",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = just curious, 5 = dream job.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    date_applied = models.DateField(null=True, blank=True)
    # What the person wants to learn from this one, whatever the answer: the walkthrough brings it
    # back (step 1 and the summary), since a search framed as learning is easier to keep up.
    learning_goal = models.CharField("what I want to learn from this one", max_length=300, blank=True)
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
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="application_salary_range_in_order",
                violation_error_message="The advertised range starts above where it ends.",
            ),
        ]

    def __str__(self):
        return f"{self.role_title} at {self.company.name}"

    def save(self, *args, **kwargs):
        # The description is kept as safe HTML whatever wrote it (a form, the admin, a posting),
        # since the page shows it as HTML; its words go to the list's search.
        self.description = postings.as_safe_html(self.description)
        self.description_text = postings.description_text(self.description) if self.description else ""
        fields = kwargs.get("update_fields")
        if fields is not None and "description" in fields:
            kwargs["update_fields"] = {*fields, "description_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address_of("jobhunt:application_detail", self.pk)

    @property
    def advertised_pay(self) -> str:
        return salary.shown(self.salary_min, self.salary_max, self.salary_currency, self.salary_period)

    @property
    def asked_pay(self) -> str:
        return salary.shown(self.asked_salary, None, self.asked_currency, self.asked_period)

    @property
    def offered_pay(self) -> str:
        return salary.shown(self.offered_salary, None, self.offered_currency, self.offered_period)

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
