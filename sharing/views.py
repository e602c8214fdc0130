"""The sharing pages. Thin: find the person's own object (404 otherwise), validate a form, call
one service, redirect. The calendar feed and the coach page are public by design: the secret in
their address is the only key."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.access import owned
from reminders.emails import absolute
from sharing import ical, selectors, services
from sharing.forms import ShareLinkForm
from sharing.models import CalendarFeed, ShareLink, hash_token

# A new coach link is shown once, on the page the person lands on after making it. It travels
# there in a short-lived signed cookie rather than the session, so it is never written to the
# database; the page shows it only if it matches one of the person's own open links.
NEW_LINK_COOKIE = "sharing_new_link"
NEW_LINK_SALT = "sharing.new-link"
NEW_LINK_SECONDS = 600
# Tokens are 43 characters; anything far longer is not one of ours.
MAX_TOKEN_LENGTH = 200


def _private(response):
    """Headers for pages and files reached through a secret address."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Settings --------------------------------------------------------------------------------------


def _settings_page(request, *, form, status=200):
    user = request.user
    feed = CalendarFeed.objects.filter(user=user).first()
    links = selectors.share_links(user)
    new_token = request.get_signed_cookie(NEW_LINK_COOKIE, default=None, salt=NEW_LINK_SALT, max_age=NEW_LINK_SECONDS)
    new_link = None
    if new_token:
        new_hash = hash_token(new_token)
        new_link = next((link for link in links["active"] if link.token_hash == new_hash), None)
    feed_url = absolute(reverse("sharing:calendar_feed", args=[feed.token])) if feed else ""
    context = {
        "feed": feed,
        "feed_url": feed_url,
        # webcal:// asks the device's calendar app to subscribe (Apple Calendar, Outlook).
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed else "",
        "days_back": selectors.FEED_DAYS_BACK,
        "days_ahead": selectors.FEED_DAYS_AHEAD,
        "links": links,
        "new_link": new_link,
        "new_link_url": absolute(reverse("sharing:coach_page", args=[new_token])) if new_link else "",
        "form": form,
    }
    response = render(request, "sharing/settings.html", context, status=status)
    if new_token:
        response.delete_cookie(NEW_LINK_COOKIE, path=reverse("sharing:settings"))
    return response


@never_cache
@login_required
@require_safe
def settings_page(request):
    return _settings_page(request, form=ShareLinkForm())


@login_required
@require_POST
def calendar_reset(request):
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    services.calendar_feed_reset(user=request.user)
    if had_feed:
        messages.success(request, "New address ready. The old one has stopped working: add this one to your calendar.")
    else:
        messages.success(request, "Your calendar feed is on. Copy the address below into your calendar app.")
    return redirect(reverse("sharing:settings") + "#calendar")


@login_required
@require_POST
def calendar_off(request):
    services.calendar_feed_turn_off(user=request.user)
    messages.success(request, "Calendar feed turned off. Its address no longer works.")
    return redirect(reverse("sharing:settings") + "#calendar")


@login_required
@require_POST
def share_link_create(request):
    form = ShareLinkForm(request.POST)
    if form.is_valid():
        try:
            _link, token = services.share_link_create(
                user=request.user, label=form.cleaned_data["label"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your link is ready. Copy it now: for your privacy, Rebound can't show it again.")
            response = redirect(reverse("sharing:settings") + "#coach")
            response.set_signed_cookie(
                NEW_LINK_COOKIE,
                token,
                salt=NEW_LINK_SALT,
                max_age=NEW_LINK_SECONDS,
                path=reverse("sharing:settings"),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
    return _settings_page(request, form=form, status=400)


@owned(ShareLink, "POST")
def share_link_revoke(request, link):
    services.share_link_revoke(link=link)
    messages.success(request, f"“{link.label}” is closed. Anyone opening it now sees that it has ended.")
    return redirect(reverse("sharing:settings") + "#coach")


# Calendar files --------------------------------------------------------------------------------


def _calendar_response(body: bytes, *, filename: str, attachment: bool):
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return _private(response)


@never_cache
@require_safe
def calendar_feed(request, token):
    feed = selectors.feed_for_token(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if feed is None:
        raise Http404("No calendar at this address.")
    now = timezone.now()
    services.calendar_feed_fetched(feed=feed, now=now)
    body = ical.to_ical(selectors.calendar_events(feed.user, now=now), name="Rebound: job search", now=now)
    return _calendar_response(body, filename="rebound.ics", attachment=False)


@owned(selectors.interviews_for_download, "GET", "HEAD")
def interview_ics(request, interview):
    event = selectors.interview_event(interview)
    application = interview.application
    day = timezone.localtime(interview.scheduled_at, request.user.tzinfo).date()
    filename = "-".join(filter(None, [slugify(application.company.name), interview.kind, day.isoformat()])) + ".ics"
    body = ical.to_ical([event], name=event.summary, now=timezone.now(), refresh=False)
    return _calendar_response(body, filename=filename.replace("_", "-"), attachment=True)


# Coach page ------------------------------------------------------------------------------------


@never_cache
@require_safe
def coach_page(request, token):
    link = selectors.share_link_for_token(token) if len(token) <= MAX_TOKEN_LENGTH else None
    now = timezone.now()
    if link is None or not link.is_active(now):
        gone = link is not None
        return _private(render(request, "sharing/link_closed.html", {"gone": gone}, status=410 if gone else 404))
    services.share_link_opened(link=link, now=now)
    context = {"view": selectors.coach_view(link.user, now=now), "expires_at": link.expires_at}
    # Days as the person lives them: an interview on their Tuesday is on Tuesday.
    with timezone.override(link.user.tzinfo):
        return _private(render(request, "sharing/coach.html", context))
