from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reminders import registry, services, tokens
from reminders.forms import PauseForm, PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=request.user,
            enabled=form.cleaned_data["reminders_enabled"],
            muted_kinds=form.muted_kinds(),
            bundled=form.cleaned_data["reminders_bundled"],
        )
        messages.success(request, "Saved. Your reminders now follow these choices.")
        return redirect("reminders:preferences")
    return _preferences_page(request, form=form, pause_form=PauseForm())


@login_required
@require_POST
def pause(request):
    form = PauseForm(request.POST)
    if not form.is_valid():
        return _preferences_page(request, form=PreferencesForm(user=request.user), pause_form=form, status=400)
    until = services.pause(user=request.user, days=form.cleaned_data["days"])
    messages.success(request, f"Quiet mode is on until {until:%A %-d %B}. Take the time you need.")
    return redirect("reminders:preferences")


@login_required
@require_POST
def resume(request):
    services.resume(user=request.user)
    messages.success(request, "Welcome back: reminders are on again.")
    return redirect("reminders:preferences")


def _preferences_page(request, *, form, pause_form, status=200):
    user = request.user
    paused_until = user.reminders_paused_until
    if paused_until and paused_until < user.local_today():
        paused_until = None
    context = {"form": form, "pause_form": pause_form, "paused_until": paused_until}
    return render(request, "reminders/preferences.html", context, status=status)


# The one CSRF exemption in the project. RFC 8058 one-click unsubscribe: mail providers POST
# `List-Unsubscribe=One-Click` to this URL with no cookies and no CSRF token. The signed token in
# the path is the authority; it only ever switches emails off, so a forged request can do no harm
# beyond what the token's owner asked for.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id, kind = tokens.read(token)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    label = _kind_label(kind)
    if request.method == "POST":
        # 200 with a page, never a redirect: one-click clients treat a redirect as a failure.
        services.unsubscribe(user=user, kind=kind)
        return render(request, "reminders/unsubscribe_done.html", {"label": label, "all": kind == tokens.ALL})
    # A GET changes nothing: link scanners and previews open it too. A link for one kind offers
    # "stop all" only through the reminder settings, behind sign-in: a forwarded email must not
    # let whoever holds it switch every email off.
    return render(request, "reminders/unsubscribe_confirm.html", {"label": label, "all": kind == tokens.ALL})


def _kind_label(kind: str) -> str:
    if kind == tokens.ALL:
        return "all reminder emails"
    try:
        return registry.get(kind).label
    except KeyError:
        return "these reminders"


# Local outbox (DEBUG only). Without EMAIL_HOST every email is a .eml file under OUTBOX_DIR; these
# pages are the developer's mail catcher, absent when DEBUG is off. They hold password-reset links,
# so they answer a signed-in staff member, or the developer at their own machine (a request from
# the loopback address); a signed-in person who is not staff sees only the emails sent to them.
# Anyone else gets a 404.
OUTBOX_PAGE = 200
LOOPBACK = {"127.0.0.1", "::1"}


def _outbox_reader(request) -> str | None:
    """Whose emails this request may read: None for all of them, else one address. 404 for nobody."""
    if not settings.DEBUG:
        raise Http404
    user = request.user
    if user.is_authenticated:
        return None if user.is_staff else user.email.lower()
    if request.META.get("REMOTE_ADDR") in LOOPBACK:
        return None
    raise Http404


def _outbox_dir() -> Path:
    return Path(settings.OUTBOX_DIR)


def _read_eml(path: Path):
    with path.open("rb") as file:
        return BytesParser(policy=policy.default).parse(file)


def _addressed_to(message, address: str | None) -> bool:
    if address is None:
        return True
    return address in {found.addr_spec.lower() for found in getattr(message["To"], "addresses", ())}


def _outbox_message(request, name: str):
    address = _outbox_reader(request)
    folder = _outbox_dir()
    path = folder / name
    # The URL pattern allows only plain file names; this keeps it so if the pattern ever changes.
    if path.parent != folder or not path.is_file():
        raise Http404
    message = _read_eml(path)
    if not _addressed_to(message, address):
        raise Http404
    return message


@require_safe
def outbox(request):
    address = _outbox_reader(request)
    folder = _outbox_dir()
    files = sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []
    emails = []
    for path in files:
        headers = _read_eml(path)
        if _addressed_to(headers, address):
            emails.append(
                {"name": path.name, "subject": headers["Subject"], "to": headers["To"], "date": headers["Date"]}
            )
            if len(emails) == OUTBOX_PAGE:
                break
    return render(request, "reminders/outbox.html", {"emails": emails, "folder": folder, "everyone": address is None})


@require_safe
def outbox_message(request, name):
    message = _outbox_message(request, name)
    text = message.get_body(preferencelist=("plain",))
    context = {
        "name": name,
        "headers": [(key, str(value)) for key, value in message.items()],
        "subject": message["Subject"],
        "text": text.get_content() if text else "",
        "has_html": message.get_body(preferencelist=("html",)) is not None,
    }
    return render(request, "reminders/outbox_message.html", context)


@require_safe
@xframe_options_sameorigin
def outbox_message_html(request, name):
    """The HTML part alone, for the preview frame: sandboxed, no scripts, no outside requests."""
    html = _outbox_message(request, name).get_body(preferencelist=("html",))
    if html is None:
        raise Http404
    response = HttpResponse(html.get_content(), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    )
    return response
