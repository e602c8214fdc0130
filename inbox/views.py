"""The mailbox page (connect, test, look back, disconnect) and what the person says of a suggestion.
Thin: the writes are in inbox.services, the reading in inbox.watch."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import owned
from inbox import imap, secrets, selectors, services
from inbox.forms import MailboxForm, PickApplicationForm
from inbox.models import Mailbox, QuietSender, Suggestion
from jobhunt.models import SETBACKS, Status


def _mailbox(user) -> Mailbox | None:
    return Mailbox.objects.filter(user=user).first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox(request):
    """Connect a mailbox (the settings are tested before anything is kept), or see how it goes."""
    current = _mailbox(request.user)
    form = MailboxForm(request.POST or None, initial=_initial(current, request.user))
    if request.method == "POST" and secrets.available() and form.is_valid():
        try:
            services.mailbox_connect(
                user=request.user,
                details=form.details(),
                look_back=form.cleaned_data["look_back"],
                cafile=settings.MAILBOX_CA_FILE or None,
            )
        except imap.MailboxError as error:
            form.add_error(_field_for(error.kind), str(error))
        else:
            messages.success(request, "Connected. Rebound looks at new mail every few minutes and only ever reads it.")
            return redirect("inbox:mailbox")
    quiet = QuietSender.objects.filter(user=request.user).order_by("address")
    return render(
        request,
        "inbox/mailbox.html",
        {
            "mailbox": current,
            "form": form,
            "available": secrets.available(),
            "quiet_senders": quiet,
            "editing": current is None or form.is_bound,
        },
    )


def _initial(current: Mailbox | None, user) -> dict:
    if current is None:
        return {"username": user.email}
    return {
        "host": current.host,
        "port": current.port,
        "security": current.security,
        "username": current.username,
        "folder": current.folder,
    }


def _field_for(kind: imap.Kind) -> str | None:
    """Which field the failure is about, so its message sits beside it."""
    return {imap.Kind.AUTH: "password", imap.Kind.FOLDER: "folder"}.get(kind) or (
        "host" if kind in (imap.Kind.UNREACHABLE, imap.Kind.CERTIFICATE) else None
    )


@login_required
@require_POST
def mailbox_test(request):
    current = _mailbox(request.user)
    if current is None:
        return redirect("inbox:mailbox")
    try:
        state = services.mailbox_test(mailbox=current)
    except secrets.Unreadable:
        messages.error(request, "The saved password can't be read any more. Save your settings again, please.")
    except imap.MailboxError as error:
        messages.error(request, f"The connection didn't work: {error}")
    else:
        count = state.exists
        messages.success(
            request, f"The connection works: {current.folder} holds {count} message{'s' if count != 1 else ''}."
        )
    return redirect("inbox:mailbox")


@login_required
@require_POST
def mailbox_look_back(request):
    current = _mailbox(request.user)
    if current is not None:
        services.mailbox_look_back(mailbox=current)
        messages.success(request, "Rebound will look through the last 30 days once, in the next few minutes.")
    return redirect("inbox:mailbox")


@login_required
@require_POST
def mailbox_disconnect(request):
    if services.mailbox_disconnect(user=request.user):
        messages.success(request, "Disconnected. Your mailbox settings and password are gone from Rebound.")
    return redirect("inbox:mailbox")


@owned(lambda user: QuietSender.objects.filter(user=user), "POST")
def quiet_sender_remove(request, quiet_sender):
    services.quiet_sender_remove(quiet_sender=quiet_sender)
    messages.success(request, f"Mail from {quiet_sender.address} can be suggested again.")
    return redirect("inbox:mailbox")


# Suggestions --------------------------------------------------------------------------------------


def _suggestions(user):
    return Suggestion.objects.for_user(user).select_related("application__company")


@owned(_suggestions, "GET", "HEAD")
def suggestion_detail(request, suggestion):
    form = PickApplicationForm(
        applications=selectors.suggestion_applications(request.user),
        initial={"application": suggestion.application_id},
    )
    return _suggestion_page(request, suggestion, form)


def _suggestion_page(request, suggestion, form):
    protected = request.user.protected_on(request.user.local_today())
    return render(request, "inbox/suggestion.html", {"suggestion": suggestion, "form": form, "protected": protected})


@owned(_suggestions, "POST")
def suggestion_confirm(request, suggestion):
    form = PickApplicationForm(request.POST, applications=selectors.suggestion_applications(request.user))
    if not form.is_valid():
        return _suggestion_page(request, suggestion, form)
    try:
        application = services.suggestion_confirm(suggestion=suggestion, application=form.cleaned_data["application"])
    except services.NothingToDo as reason:
        suggestion.refresh_from_db(fields=["state"])
        if suggestion.state == Suggestion.State.OPEN:  # it needs an application picked
            form.add_error("application", str(reason))
            return _suggestion_page(request, suggestion, form)
        messages.info(request, str(reason))
        return redirect("inbox:suggestion_detail", suggestion.pk)
    return _after_confirming(request, suggestion, application)


def _after_confirming(request, suggestion, application):
    application.refresh_from_db()
    if suggestion.meaning == Suggestion.Meaning.RECEIVED:
        messages.success(request, f"Added {application} from the email. Check the role and the company are right.")
        return redirect("jobhunt:application_edit", application.pk)
    if application.status in SETBACKS:
        messages.info(
            request,
            f"Moved {application} to {application.get_status_display()}. That's hard. "
            "When you're ready, the walkthrough is below.",
        )
        return redirect(application)
    if application.status == Status.INTERVIEWING and suggestion.meaning == Suggestion.Meaning.INVITATION:
        messages.success(request, f"Moved {application} to Interviewing. Add the interview when you know the time.")
        return redirect(reverse("jobhunt:interview_create", args=[application.pk]))
    messages.success(request, f"Moved {application} to {application.get_status_display()}.")
    return redirect(application)


@owned(_suggestions, "POST")
def suggestion_not_this_one(request, suggestion):
    with contextlib.suppress(services.NothingToDo):  # already put away: the same answer
        services.suggestion_not_this_one(suggestion=suggestion)
    messages.info(request, "Put away. Nothing changed.")
    return redirect(_back(request))


@owned(_suggestions, "POST")
def suggestion_not_job_mail(request, suggestion):
    with contextlib.suppress(services.NothingToDo):  # already put away: the same answer
        services.suggestion_not_job_mail(suggestion=suggestion)
    who = suggestion.sender or "this sender"
    messages.info(request, f"Got it: mail from {who} won't be suggested again.")
    return redirect(_back(request))


def _back(request) -> str:
    # Put away from Today or from the suggestion's own page: back to Today either way.
    return reverse("home:dashboard")
