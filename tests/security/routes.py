"""Every URL of the project, and how the security tests address each one.

The walk below reads the URL configuration itself, so a new route is seen the moment it exists.
A route that takes arguments must be declared here (OBJECT_ROUTES for a person's own object,
PLAIN_ROUTES for arguments that name no object, PUBLIC_ROUTES for pages anyone may open); a
route without arguments is taken as "sign in first" unless PUBLIC_ROUTES says otherwise. The
tests fail with the line to add.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobhunt import documents
from jobhunt.models import Document
from recovery.views.journeys import STEP_FORMS
from tests.security.world import World

HERE = "tests/security/routes.py"


@dataclass(frozen=True)
class Url:
    name: str  # "namespace:name"
    pattern: str
    arguments: tuple[str, ...]
    callback: Callable


def _arguments(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:  # path()
        return tuple(converters)
    return tuple(pattern.regex.groupindex)  # re_path()


def _walk(patterns, prefix="", namespace=None, arguments=()):
    for entry in patterns:
        here = arguments + _arguments(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":  # Django's own, behind staff login
                continue
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Url(name=name, pattern=prefix + str(entry.pattern), arguments=here, callback=entry.callback)


def all_urls() -> list[Url]:
    return list(_walk(get_resolver().url_patterns))


def _none(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    """A page about one of the person's objects: its URL arguments in a world, and what its owner
    posts to it (a valid submission: the tests check the owner's POST goes through)."""

    kwargs: Callable[[World], dict]
    data: Callable[[World], dict] = _none


@dataclass(frozen=True)
class Public:
    """A page anyone may open, and why."""

    why: str
    kwargs: Callable[[World], dict] = _none
    data: Callable[[World], dict] = _none


@dataclass(frozen=True)
class Token:
    """A public page whose URL carries a secret: `works` tells a page that accepted it from one
    that refused it."""

    argument: str
    works: Callable = field(default=lambda response: response.status_code == 200)
    # A page that only answers GET may refuse a POST before reading the token (405): that's a no too.
    refused: Callable = field(default=lambda response: response.status_code in (400, 403, 404, 405, 410))


def _day(world: World, days: int = 0) -> str:
    return (world.user.local_today() + timedelta(days=days)).isoformat()


def _app(w):
    return {"pk": w.application.pk}


def _journey(w):
    return {"pk": w.journey.pk}


def _step(step):
    return lambda w: {"pk": w.journey.pk, "step": step}


def _document(w):
    """A CV of the world's person: the world's own if it has one, else made here through the
    service (plain text, so that a page walk can read its download)."""
    document = getattr(w, "document", None) or Document.objects.for_user(w.user).first()
    if document is None:
        document = documents.document_upload(
            user=w.user,
            kind=Document.Kind.CV,
            name=w.text("CV – data roles"),
            uploaded_file=SimpleUploadedFile("cv.txt", w.text("Ada Lovelace, analyst").encode()),
        )
    return {"pk": document.pk}


APPLICATION = lambda w: {  # noqa: E731
    "company_name": w.company.name,
    "role_title": "Platform Engineer",
    "source": "referral",
    "interest": 4,
    "contacts": [w.contact.pk],
}
INTERVIEW = lambda w: {"scheduled_at": "2031-03-04T10:00", "kind": "final", "outcome": "pending"}  # noqa: E731


def IF_THEN(w, target):  # noqa: N802 (named like the other submissions)
    """An if-then plan for today (always a day of this week still open)."""
    return {
        "ifthen-target": target,
        "ifthen-weekday": str(w.user.local_today().weekday()),
        "ifthen-at": "10:00",
        "ifthen-place": "The library",
        "ifthen-action": "Send two applications",
    }


OBJECT_ROUTES: dict[str, Route] = {
    # jobhunt
    "jobhunt:application_detail": Route(_app),
    "jobhunt:application_edit": Route(_app, APPLICATION),
    "jobhunt:application_delete": Route(_app),
    "jobhunt:application_move": Route(_app, lambda w: {"to_status": "interviewing", "note": "Call booked"}),
    "jobhunt:application_withdraw": Route(_app),
    "jobhunt:offer_ends_search": Route(_app, lambda w: {"ends": "0"}),
    "jobhunt:interview_create": Route(_app, INTERVIEW),
    "jobhunt:interview_detail": Route(lambda w: {"pk": w.interview.pk}),
    "jobhunt:interview_edit": Route(lambda w: {"pk": w.interview.pk}, INTERVIEW),
    "jobhunt:interview_delete": Route(lambda w: {"pk": w.interview.pk}),
    "jobhunt:interview_put_back": Route(lambda w: {"pk": w.interview.pk}),
    "jobhunt:company_detail": Route(lambda w: {"pk": w.company.pk}),
    "jobhunt:company_edit": Route(
        lambda w: {"pk": w.company.pk}, lambda w: {"name": "Renamed", "website": "https://renamed.example"}
    ),
    "jobhunt:company_delete": Route(lambda w: {"pk": w.company.pk}),
    "jobhunt:contact_detail": Route(lambda w: {"pk": w.contact.pk}),
    "jobhunt:contact_edit": Route(
        lambda w: {"pk": w.contact.pk}, lambda w: {"name": "Renamed", "role": "other", "relationship_strength": 4}
    ),
    "jobhunt:contact_delete": Route(lambda w: {"pk": w.contact.pk}),
    "jobhunt:document_detail": Route(_document),
    "jobhunt:document_download": Route(_document),
    "jobhunt:document_delete": Route(_document),
    # home
    "home:offer_accepted": Route(_app),
    # recovery
    "recovery:turned_down": Route(_app),
    "recovery:journey_resume": Route(_journey),
    "recovery:journey_summary": Route(_journey),
    "recovery:journey_finish": Route(_journey, lambda w: {"finish-summary": "Ask earlier."}),
    "recovery:journey_step": Route(_step("feedback")),
    "recovery:journey_ending": Route(_step("feedback"), lambda w: {"ending-ending": "near_miss"}),
    "recovery:step_complete": Route(_step("clear-your-head")),
    "recovery:step_skip": Route(_step("feedback"), lambda w: {"skip-reason": "not_now"}),
    "recovery:step_reopen": Route(_step("feedback")),
    "recovery:action_add": Route(_step("game-plan"), lambda w: {"action-title": "Mock interviews"}),
    "recovery:action_done": Route(
        lambda w: {"pk": w.journey.pk, "step": "game-plan", "action": w.action.pk}, lambda w: {"done": "1"}
    ),
    "recovery:request_sent": Route(
        _journey,
        lambda w: {"request-contact": w.contact.pk, "request-message": "Hello again", "request-sent_on": _day(w)},
    ),
    "recovery:feedback_record": Route(_journey, lambda w: {"feedback-feedback": "Good, not senior enough."}),
    "recovery:lesson_add": Route(_journey, lambda w: {"lesson-text": "Prepare stories"}),
    "recovery:lesson_remove": Route(lambda w: {"pk": w.journey.pk, "lesson": w.lesson.pk}),
    "recovery:what_if_add": Route(_journey, lambda w: {"whatif-text": "What if I had asked?"}),
    "recovery:what_if_release": Route(lambda w: {"pk": w.journey.pk, "what_if": w.what_if.pk}),
    "recovery:reset_done": Route(_journey, lambda w: {"reset-activity": "walk"}),
    "recovery:connect_add": Route(
        _journey, lambda w: {"connect-name": "Sam Okafor", "connect-reconnect_on": _day(w, 30)}
    ),
    "recovery:connect_remove": Route(lambda w: {"pk": w.journey.pk, "row": w.stay_connected.pk}),
    "recovery:chapter_close": Route(_journey),
    "recovery:journey_mood": Route(_journey, lambda w: {"mood-mood": "4", "mood-note": "Better"}),
    "recovery:win_add": Route(_journey, lambda w: {"win-text": "Finished the course", "win-happened_on": _day(w)}),
    "recovery:story_save": Route(
        _journey,
        lambda w: {
            "story-explanation": "I never get past interviews",
            "story-always": "partly",
            "story-everything": "no",
        },
    ),
    "recovery:journey_plan": Route(
        _journey,
        lambda w: {"plan-applications_target": "5", "plan-conversations_target": "3", "plan-practice_target": "2"},
    ),
    "recovery:contact_reached": Route(lambda w: {"pk": w.contact.pk}),
    # Step 2's private writing and step 4's if-then plans.
    "recovery:writing_save": Route(_journey, lambda w: {"writing-text": "A few more words."}),
    "recovery:writing_delete": Route(lambda w: {"pk": w.journey.pk, "session": w.writing.pk}),
    "recovery:journey_if_then_add": Route(_journey, lambda w: IF_THEN(w, "conversations")),
    "recovery:if_then_edit": Route(lambda w: {"pk": w.if_then.pk}, lambda w: IF_THEN(w, "practice")),
    "recovery:if_then_happened": Route(lambda w: {"pk": w.if_then.pk}),
    "recovery:if_then_remove": Route(lambda w: {"pk": w.if_then.pk}),
    "jobhunt:import_status": Route(lambda w: {"pk": w.import_job.pk}),
    "jobhunt:import_columns": Route(
        lambda w: {"pk": w.import_job.pk}, lambda w: {"column_0": "company", "column_1": "role_title", "date_order": ""}
    ),
    "jobhunt:import_preview": Route(lambda w: {"pk": w.import_job.pk}),
    "jobhunt:import_progress": Route(lambda w: {"pk": w.import_job.pk}),
    "jobhunt:import_discard": Route(lambda w: {"pk": w.import_job.pk}),
    # inbox
    "inbox:suggestion_detail": Route(lambda w: {"pk": w.suggestion.pk}),
    "inbox:suggestion_confirm": Route(lambda w: {"pk": w.suggestion.pk}),
    "inbox:suggestion_not_this_one": Route(lambda w: {"pk": w.suggestion.pk}),
    "inbox:suggestion_not_job_mail": Route(lambda w: {"pk": w.suggestion.pk}),
    "inbox:quiet_sender_remove": Route(lambda w: {"pk": w.quiet_sender.pk}),
    # sharing
    "sharing:interview_ics": Route(lambda w: {"pk": w.interview.pk}),
    "sharing:share_link_revoke": Route(lambda w: {"pk": w.share_link.pk}),
}


# Signed-in pages whose arguments name no object: the same arguments for everybody.
PLAIN_ROUTES: dict[str, Callable[[World], dict]] = {
    "jobhunt:export_csv": lambda w: {"kind": "applications"},
}


def _password_reset(w):
    user = type(w.user).objects.get(pk=w.user.pk)  # the token covers last_login: read it as stored
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


PUBLIC_ROUTES: dict[str, Public] = {
    "healthz": Public("the load balancer's health check"),
    "accounts:signup": Public("signing up"),
    "accounts:login": Public("signing in"),
    "accounts:logout": Public("signing out (POST only; for a visitor it just goes to the sign-in page)"),
    "accounts:password_reset": Public("asking for a reset link"),
    "accounts:password_reset_done": Public("the reset link is on its way"),
    "accounts:password_reset_confirm": Public("the reset link from the email", kwargs=_password_reset),
    "accounts:password_reset_complete": Public("the new password is set"),
    "accounts:goodbye": Public("after deleting the account, nobody is signed in"),
    "reminders:unsubscribe": Public(
        "the link in every email, and RFC 8058 one-click unsubscribe",
        kwargs=lambda w: {"token": w.unsubscribe_token},
    ),
    "sharing:calendar_feed": Public(
        "the private calendar address, read by calendar apps that can't sign in",
        kwargs=lambda w: {"token": w.calendar_feed.token},
    ),
    "sharing:coach_page": Public("the read-only page behind a coach link", kwargs=lambda w: {"token": w.share_token}),
    "reminders:outbox": Public(
        "the developer's local mail catcher (DEBUG only): staff, the loopback address, or a person's own emails"
    ),
    "reminders:outbox_message": Public(
        "one email in the local outbox (DEBUG only, same rule)", kwargs=lambda w: {"name": "x.eml"}
    ),
    "reminders:outbox_message_html": Public(
        "the HTML part of one email in the local outbox (DEBUG only, same rule)", kwargs=lambda w: {"name": "x.eml"}
    ),
}

TOKEN_ROUTES: dict[str, Token] = {
    "reminders:unsubscribe": Token("token"),
    "sharing:calendar_feed": Token("token"),
    "sharing:coach_page": Token("token"),
    # Django answers a bad reset link with its "invalid link" page; a good one goes on to the form.
    "accounts:password_reset_confirm": Token(
        "token",
        works=lambda response: response.status_code == 302,
        refused=lambda response: response.status_code == 200 and response.context["validlink"] is False,
    ),
}

# What a signed-in person posts to the pages without arguments (so that a refused POST is a real
# attempt). Optional: a page missing here is posted an empty form.
SIGNED_IN_DATA: dict[str, Callable[[World], dict]] = {
    "jobhunt:application_create": lambda w: {**APPLICATION(w), "status": "applied"},
    "jobhunt:application_quick_add": lambda w: {"company_name": "Quick Co", "role_title": "Analyst"},
    "jobhunt:company_create": lambda w: {"name": "New Co"},
    "jobhunt:contact_create": lambda w: {"name": "New Person", "role": "other", "relationship_strength": 3},
    "accounts:profile": lambda w: {
        "display_name": "Changed",
        "time_zone": "UTC",
        "ghosting_days": 30,
        "reminder_hour": 10,
        "weekly_plan_day": 2,
    },
    "accounts:delete": lambda w: {"password": "correct-horse-battery-staple"},
    "accounts:logout": lambda w: {},
    "recovery:log_rejection": lambda w: {"log-company_name": "Acme", "log-role_title": "QA", "log-stage": "applied"},
    "recovery:week_plan": lambda w: {
        "plan-applications_target": "6",
        "plan-conversations_target": "1",
        "plan-practice_target": "1",
    },
    "recovery:habit_mark": lambda w: {"day": _day(w), "habit": "slept_well"},
    "recovery:week_log": lambda w: {"what": "conversations", "change": "1"},
    "recovery:if_then_add": lambda w: IF_THEN(w, "applications"),
    "recovery:mood_check_in": lambda w: {"mood-mood": "5"},
    "recovery:future_self": lambda w: {"note-text": "One no is not all of them."},
    "reminders:preferences": lambda w: {"kinds": []},
    "reminders:pause": lambda w: {"days": "7"},
    "sharing:share_link_create": lambda w: {"label": "For my mentor", "days": "30"},
    "jobhunt:import_upload": lambda w: {
        "file": SimpleUploadedFile("pipeline.csv", b"Company,Role\nNorthwind,Analyst\n", content_type="text/csv")
    },
    "jobhunt:document_list": lambda w: {
        "kind": "cv",
        "name": "CV – data roles, Nov",
        "file": SimpleUploadedFile("cv.txt", b"Ada Lovelace\nAnalyst\n", content_type="text/plain"),
    },
    "jobhunt:email_read": lambda w: {"text": "Subject: Your application\n\nWe decided not to move forward."},
    "jobhunt:email_confirm": lambda w: {"application": w.application.pk, "to_status": "interviewing"},
}


def address(url: Url, world: World) -> tuple[dict, dict]:
    """(URL kwargs, POST data) for `url` about `world`'s objects."""
    if url.name in OBJECT_ROUTES:
        route = OBJECT_ROUTES[url.name]
        return route.kwargs(world), route.data(world)
    if url.name in PUBLIC_ROUTES:
        public = PUBLIC_ROUTES[url.name]
        return public.kwargs(world), public.data(world) or SIGNED_IN_DATA.get(url.name, _none)(world)
    if url.name in PLAIN_ROUTES:
        return PLAIN_ROUTES[url.name](world), SIGNED_IN_DATA.get(url.name, _none)(world)
    assert not (missing := missing_declaration(url)), missing
    return {}, SIGNED_IN_DATA.get(url.name, _none)(world)


def missing_declaration(url: Url) -> str | None:
    """What to add for a route the tests can't reach on their own, or None."""
    if url.name is None:
        return f"name the route {url.pattern!r} (path(..., name=...)) so the security tests can address it"
    if url.arguments and not any(url.name in routes for routes in (OBJECT_ROUTES, PLAIN_ROUTES, PUBLIC_ROUTES)):
        return (
            f"add {url.name!r} to OBJECT_ROUTES in {HERE} (how to build its arguments {list(url.arguments)} "
            "from a World, and what its owner posts), to PLAIN_ROUTES if its arguments name no object "
            "(the same for everybody), or to PUBLIC_ROUTES if anyone may open it"
        )
    return None


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return content.decode("latin-1")  # a binary download: its bytes, one character each
    return content.decode()


def every_page(client, world, *, public=False):
    """(route name, response, text) for every page a GET opens: the signed-in person's own pages
    (their objects from `world`), or with `public` the pages anyone may open."""
    for url in all_urls():
        if (url.name in PUBLIC_ROUTES) != public:
            continue
        kwargs, _ = address(url, world)
        response = client.get(reverse(url.name, kwargs=kwargs))
        if response.status_code == 200:
            yield url.name, response, body(response)
    if not public:
        yield from forms_brought_in(client, world)


def forms_brought_in(client, world):
    """Each step page (and the week) with each of its forms brought in: a form the page keeps
    behind a button shows what is saved in it only when opened."""
    pages = [
        (reverse("recovery:journey_step", args=[world.journey.pk, step]), name)
        for step, names in STEP_FORMS.items()
        for name in names
    ]
    for page, name in [*pages, (reverse("recovery:week"), "plan")]:
        response = client.get(page, {"open": name})
        assert response.status_code == 200, (page, name)
        yield f"{page}?open={name}", response, body(response)
