"""The pipeline's data, one module a topic: the stages and choices (common), companies, people and
conversations with them (people), applications with their timeline and interviews (applications),
CV and cover-letter versions (documents), imports."""

from jobhunt.models.applications import Application, ApplicationQuerySet, Interview, InterviewQuerySet, StageEvent
from jobhunt.models.common import (
    AWAITING_REPLY,
    ENDED,
    FOLLOW_UP_AFTER_DAYS,
    LIVE,
    PROGRESS,
    REACHED_BY_STATUS,
    RESPONDED,
    SETBACKS,
    EmploymentType,
    HowApplied,
    OwnedQuerySet,
    Reached,
    ReachedField,
    Source,
    Status,
    Workplace,
)
from jobhunt.models.documents import MAX_DOCUMENT_BYTES, Document
from jobhunt.models.imports import ImportJob
from jobhunt.models.people import Company, Contact, Outreach

__all__ = [
    "AWAITING_REPLY",
    "ENDED",
    "FOLLOW_UP_AFTER_DAYS",
    "LIVE",
    "MAX_DOCUMENT_BYTES",
    "PROGRESS",
    "REACHED_BY_STATUS",
    "RESPONDED",
    "SETBACKS",
    "Application",
    "ApplicationQuerySet",
    "Company",
    "Contact",
    "Document",
    "EmploymentType",
    "HowApplied",
    "ImportJob",
    "Interview",
    "InterviewQuerySet",
    "Outreach",
    "OwnedQuerySet",
    "Reached",
    "ReachedField",
    "Source",
    "StageEvent",
    "Status",
    "Workplace",
]
