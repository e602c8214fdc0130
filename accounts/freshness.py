"""Pages kept while nothing of the person's changed.

Every change to a person's data moves `User.data_version`: each request of theirs that writes
rows (every change in Rebound is a POST; see DataChangeMiddleware) and each piece of work done
for them without their session (the CSV import and one-click unsubscribe call `mark_changed`).
The reminder dispatcher writes only reminder rows, which no kept page shows. The user row is
read on every signed-in request anyway, so a page decorated with `@kept_until_changed` is
answered from the cache without a query of its own while the version, the person's local date
and their browser's CSRF secret are the ones it was written for. The time limit
(PAGE_CACHE_SECONDS) keeps "3 hours ago" honest and bounds what an edit made outside Rebound's
own paths (the admin, a shell) can leave stale.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.session import SessionStorage
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from config import kept


def mark_changed(user) -> None:
    """The person's data changed: pages kept for them are not served again. `user`: a user or an id."""
    user_id = getattr(user, "pk", user)
    get_user_model().objects.filter(pk=user_id).update(data_version=F("data_version") + 1)


def page_key(request) -> str | None:
    """Where this request's page is kept, or None when it must be written fresh."""
    user = getattr(request, "user", None)
    secret = request.META.get("CSRF_COOKIE")
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method not in ("GET", "HEAD")
        or user is None
        or not user.is_authenticated
        or not secret  # the page will set a CSRF cookie: written fresh, kept from the next visit
        or SessionStorage.session_key in request.session  # a message is waiting to be shown
    ):
        return None
    # The page's forms carry a token made from the browser's CSRF secret: kept per secret, they
    # stay valid for the browser that reads them and are never shown to another.
    identity = f"{user.pk}:{user.data_version}:{timezone.localdate()}:{secret}:{request.get_full_path()}"
    return "page:" + hashlib.sha256(identity.encode()).hexdigest()


def kept_until_changed(view):
    """Serve a GET page from the cache while the person's data hasn't changed (see module doc)."""

    @wraps(view)
    def kept_view(request, *args, **kwargs):
        key = page_key(request)
        page = kept.get(key) if key is not None else None
        if page is not None:
            get_token(request)  # renews the CSRF cookie, as rendering the page would
            content, content_type = page
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if key is not None and response.status_code == 200 and not response.streaming and not response.cookies:
            kept.keep(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response

    return kept_view
