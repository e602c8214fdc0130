"""What the pipeline's models share: the stages, how far an application got, where jobs come from."""

from django.db import models


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


class Workplace(models.TextChoices):
    UNKNOWN = "", "Not said"
    ON_SITE = "on_site", "On site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class EmploymentType(models.TextChoices):
    UNKNOWN = "", "Not said"
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"


class HowApplied(models.TextChoices):
    """How an application went out, or how a conversation with an employer happened (the proof
    of the search asks)."""

    ONLINE = "online", "Online"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
