"""Every form of the project and the page that takes it, for the bad-input tests.

Forms are found by importing each app's `forms.py` and `forms_*.py`: a new form that is not
listed here fails tests/security/test_forms_fuzz.py with the line to add.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.test import RequestFactory

from accounts import forms as accounts
from inbox import forms as inbox
from inbox import selectors as inbox_selectors
from jobhunt import csv_import
from jobhunt import forms as jobhunt
from jobhunt import forms_capture as capture
from jobhunt import forms_documents as documents
from jobhunt import forms_report as report
from jobhunt import forms_transfer as transfer
from jobhunt.models import Application, Company, Contact, ImportJob, Interview
from recovery import forms as recovery
from recovery import forms_reflection as reflection
from recovery import forms_writing as writing
from recovery.models import IfThenPlan
from recovery.views.plans import edit_form as if_then_edit_form
from reminders import forms as reminders
from sharing import forms as sharing
from tests.security.world import PROJECT_APPS, World

HERE = "tests/security/form_pages.py"


def project_forms() -> dict[str, type]:
    """{"app.forms.Name": class} for every form class defined in an app's forms modules."""
    modules = []
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        names = [info.name for info in pkgutil.iter_modules(package.__path__)]
        modules += [f"{app}.{name}" for name in names if name == "forms" or name.startswith("forms_")]
    found = {}
    for module in map(importlib.import_module, modules):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{value.__name__}"] = value
    return found


@dataclass(frozen=True)
class FormPage:
    """The page that takes a form, and the form as that page builds it (bound to `data`)."""

    url: str
    build: Callable[[World, dict | None], django_forms.BaseForm]
    kwargs: Callable[[World], dict] = lambda w: {}
    signed_in: bool = True
    method: str = "post"


def _fresh(model, pk):
    return model.objects.get(pk=pk)


def _login_form(w, data):
    request = RequestFactory().post("/accounts/login/")  # the throttling backend reads the request
    return accounts.EmailAuthenticationForm(request, data=data)


JOURNEY = lambda w: {"pk": w.journey.pk}  # noqa: E731
IMPORT = lambda w: {"pk": w.import_job.pk}  # noqa: E731


def _columns_form(w, data):
    job = ImportJob.objects.get(pk=w.import_job.pk)
    table = csv_import.parse_table(job.text, job.delimiter)
    samples = [cells for _, cells in table.rows[:5]]
    return transfer.ColumnsForm(
        data, header=table.header, samples=samples, initial=transfer.ColumnsForm.initial_for(job)
    )


def _journey_form(form_class):
    return lambda w, data: form_class(data, journey=w.journey)


# Base classes other forms build on: never a page of their own.
BASES = {
    "jobhunt.forms.OwnedForm": "the model form base that limits choices to the person's rows",
    "recovery.forms.Form": "the walkthrough's form base (prefix, user, today)",
}

FORM_PAGES: dict[str, tuple[FormPage, ...]] = {
    "accounts.forms.SignUpForm": (FormPage("accounts:signup", lambda w, d: accounts.SignUpForm(d), signed_in=False),),
    "accounts.forms.EmailAuthenticationForm": (FormPage("accounts:login", _login_form, signed_in=False),),
    "accounts.forms.ProfileForm": (
        FormPage("accounts:profile", lambda w, d: accounts.ProfileForm.for_user(w.user, data=d)),
    ),
    "accounts.forms.DeleteAccountForm": (
        FormPage("accounts:delete", lambda w, d: accounts.DeleteAccountForm(d, user=w.user)),
    ),
    "reminders.forms.PreferencesForm": (
        FormPage("reminders:preferences", lambda w, d: reminders.PreferencesForm(d, user=w.user)),
    ),
    "reminders.forms.PauseForm": (FormPage("reminders:pause", lambda w, d: reminders.PauseForm(d)),),
    "jobhunt.forms.CompanyForm": (
        FormPage(
            "jobhunt:company_create",
            lambda w, d: jobhunt.CompanyForm(d, user=w.user, instance=Company(user=w.user)),
        ),
        FormPage(
            "jobhunt:company_edit",
            lambda w, d: jobhunt.CompanyForm(d, user=w.user, instance=_fresh(Company, w.company.pk)),
            kwargs=lambda w: {"pk": w.company.pk},
        ),
    ),
    "jobhunt.forms.ApplicationForm": (
        FormPage("jobhunt:application_create", lambda w, d: jobhunt.ApplicationForm(d, user=w.user, creating=True)),
        FormPage(
            "jobhunt:application_edit",
            lambda w, d: jobhunt.ApplicationForm(
                d, user=w.user, creating=False, instance=_fresh(Application, w.application.pk)
            ),
            kwargs=lambda w: {"pk": w.application.pk},
        ),
    ),
    "jobhunt.forms.QuickAddForm": (FormPage("jobhunt:application_quick_add", lambda w, d: jobhunt.QuickAddForm(d)),),
    "jobhunt.forms.MoveForm": (
        FormPage(
            "jobhunt:application_move", lambda w, d: jobhunt.MoveForm(d), kwargs=lambda w: {"pk": w.application.pk}
        ),
    ),
    "jobhunt.forms.ContactForm": (
        FormPage(
            "jobhunt:contact_create",
            lambda w, d: jobhunt.ContactForm(d, user=w.user, instance=Contact(user=w.user)),
        ),
        FormPage(
            "jobhunt:contact_edit",
            lambda w, d: jobhunt.ContactForm(d, user=w.user, instance=_fresh(Contact, w.contact.pk)),
            kwargs=lambda w: {"pk": w.contact.pk},
        ),
    ),
    "jobhunt.forms.InterviewForm": (
        FormPage(
            "jobhunt:interview_create",
            lambda w, d: jobhunt.InterviewForm(d, user=w.user, instance=Interview(application=w.application)),
            kwargs=lambda w: {"pk": w.application.pk},
        ),
        FormPage(
            "jobhunt:interview_edit",
            lambda w, d: jobhunt.InterviewForm(d, user=w.user, instance=_fresh(Interview, w.interview.pk)),
            kwargs=lambda w: {"pk": w.interview.pk},
        ),
    ),
    "jobhunt.forms.ApplicationFilterForm": (
        FormPage("jobhunt:application_list", lambda w, d: jobhunt.ApplicationFilterForm(d, user=w.user), method="get"),
    ),
    "jobhunt.forms.CompanyFilterForm": (
        FormPage("jobhunt:company_list", lambda w, d: jobhunt.CompanyFilterForm(d), method="get"),
    ),
    "jobhunt.forms.ContactFilterForm": (
        FormPage("jobhunt:contact_list", lambda w, d: jobhunt.ContactFilterForm(d), method="get"),
    ),
    "recovery.forms.EndingForm": (
        FormPage(
            "recovery:journey_ending",
            _journey_form(recovery.EndingForm),
            kwargs=lambda w: {"pk": w.journey.pk, "step": "feedback"},
        ),
    ),
    "recovery.forms.FeedbackRequestForm": (
        FormPage("recovery:request_sent", _journey_form(recovery.FeedbackRequestForm), kwargs=JOURNEY),
    ),
    "recovery.forms.FeedbackForm": (
        FormPage("recovery:feedback_record", _journey_form(recovery.FeedbackForm), kwargs=JOURNEY),
    ),
    "recovery.forms.SkipForm": (
        FormPage(
            "recovery:step_skip",
            _journey_form(recovery.SkipForm),
            kwargs=lambda w: {"pk": w.journey.pk, "step": "feedback"},
        ),
    ),
    "recovery.forms.ImprovementActionForm": (
        FormPage(
            "recovery:action_add",
            _journey_form(recovery.ImprovementActionForm),
            kwargs=lambda w: {"pk": w.journey.pk, "step": "game-plan"},
        ),
    ),
    "recovery.forms.LessonForm": (FormPage("recovery:lesson_add", _journey_form(recovery.LessonForm), kwargs=JOURNEY),),
    "recovery.forms.WhatIfForm": (
        FormPage("recovery:what_if_add", _journey_form(recovery.WhatIfForm), kwargs=JOURNEY),
    ),
    "recovery.forms.ResetActivityForm": (
        FormPage("recovery:reset_done", _journey_form(recovery.ResetActivityForm), kwargs=JOURNEY),
    ),
    "recovery.forms.StayConnectedForm": (
        FormPage("recovery:connect_add", _journey_form(recovery.StayConnectedForm), kwargs=JOURNEY),
    ),
    "recovery.forms.MoodForm": (
        FormPage("recovery:journey_mood", _journey_form(recovery.MoodForm), kwargs=JOURNEY),
        FormPage("recovery:mood_check_in", lambda w, d: recovery.MoodForm(d, user=w.user)),
    ),
    "recovery.forms.WinForm": (FormPage("recovery:win_add", _journey_form(recovery.WinForm), kwargs=JOURNEY),),
    "recovery.forms.PlanForm": (FormPage("recovery:week_plan", lambda w, d: recovery.PlanForm(d, user=w.user)),),
    "recovery.forms.FinishForm": (
        FormPage("recovery:journey_finish", _journey_form(recovery.FinishForm), kwargs=JOURNEY),
    ),
    "recovery.forms.RejectionLogForm": (
        FormPage("recovery:log_rejection", lambda w, d: recovery.RejectionLogForm(d, user=w.user)),
    ),
    "recovery.forms_reflection.NoteToFutureSelfForm": (
        FormPage("recovery:future_self", lambda w, d: reflection.NoteToFutureSelfForm(d, user=w.user)),
    ),
    "recovery.forms_reflection.StoryForm": (
        FormPage("recovery:story_save", _journey_form(reflection.StoryForm), kwargs=JOURNEY),
    ),
    "recovery.forms_writing.WritingForm": (
        FormPage("recovery:writing_save", _journey_form(writing.WritingForm), kwargs=JOURNEY),
    ),
    "recovery.forms_writing.IfThenForm": (
        FormPage("recovery:if_then_add", lambda w, d: writing.IfThenForm(d, user=w.user)),
        FormPage("recovery:journey_if_then_add", _journey_form(writing.IfThenForm), kwargs=JOURNEY),
        FormPage(
            "recovery:if_then_edit",
            lambda w, d: if_then_edit_form(_fresh(IfThenPlan, w.if_then.pk), d),
            kwargs=lambda w: {"pk": w.if_then.pk},
        ),
    ),
    "jobhunt.forms_transfer.UploadForm": (
        FormPage("jobhunt:import_upload", lambda w, d: transfer.UploadForm(d, d)),  # files travel with the data
    ),
    "jobhunt.forms_documents.DocumentForm": (
        FormPage("jobhunt:document_list", lambda w, d: documents.DocumentForm(d, d)),  # the file too
    ),
    "jobhunt.forms_capture.LinkForm": (FormPage("jobhunt:application_read_link", lambda w, d: capture.LinkForm(d)),),
    "jobhunt.forms_capture.PostingTextForm": (
        FormPage("jobhunt:application_read_text", lambda w, d: capture.PostingTextForm(d)),
    ),
    "jobhunt.forms_capture.BrowserReadForm": (
        FormPage("jobhunt:application_capture", lambda w, d: capture.BrowserReadForm(d)),
    ),
    "jobhunt.forms_report.SearchLogRangeForm": tuple(
        FormPage(name, lambda w, d: report.SearchLogRangeForm(d, today=w.user.local_today()), method="get")
        for name in ("jobhunt:search_log", "jobhunt:search_log_csv", "jobhunt:search_log_pdf")
    ),
    "jobhunt.forms_transfer.ColumnsForm": (FormPage("jobhunt:import_columns", _columns_form, kwargs=IMPORT),),
    "jobhunt.forms_transfer.EmailForm": (FormPage("jobhunt:email_read", lambda w, d: transfer.EmailForm(d)),),
    "jobhunt.forms_transfer.EmailConfirmForm": (
        FormPage("jobhunt:email_confirm", lambda w, d: transfer.EmailConfirmForm(d, user=w.user)),
    ),
    "accounts.forms.ProtectionForm": (FormPage("accounts:protection", lambda w, d: accounts.ProtectionForm(d)),),
    "inbox.forms.MailboxForm": (FormPage("inbox:mailbox", lambda w, d: inbox.MailboxForm(d)),),
    "inbox.forms.PickApplicationForm": (
        FormPage(
            "inbox:suggestion_confirm",
            lambda w, d: inbox.PickApplicationForm(d, applications=inbox_selectors.suggestion_applications(w.user)),
            kwargs=lambda w: {"pk": w.suggestion.pk},
        ),
    ),
    "sharing.forms.ShareLinkForm": (FormPage("sharing:share_link_create", lambda w, d: sharing.ShareLinkForm(d)),),
}


def missing_pages() -> list[str]:
    return [
        f"add {name!r} to FORM_PAGES in {HERE} (the page that takes it, and how that page builds it)"
        for name in project_forms()
        if name not in FORM_PAGES and name not in BASES
    ]
