"""A page on another site can't act for a signed-in person: every POST needs the CSRF token.

The one exemption is RFC 8058 one-click unsubscribe (reminders.views.unsubscribe): mail
providers post to it without cookies or a token, and its signed URL is the authority.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import as_stored
from tests.security.routes import address, all_urls
from tests.security.world import changes, snapshot

URLS = {url.name: url for url in all_urls()}
# The documented exemption, and the only view that takes a POST without the token.
CSRF_EXEMPT = {"reminders:unsubscribe"}
# Exempt at the door only so the upload's size cap is in place before Django reads the body
# (Django's own pattern for custom upload handlers); the view checks the token itself before
# anything else, which the refusal test below proves like for any other view.
CHECKED_INSIDE = {"jobhunt:import_upload"}


def test_one_click_unsubscribe_is_the_only_view_without_csrf_protection():
    exempt = {url.name for url in all_urls() if getattr(url.callback, "csrf_exempt", False)}

    assert exempt == CSRF_EXEMPT | CHECKED_INSIDE


def test_the_exemption_says_why_next_to_the_view():
    import inspect

    from reminders import views

    source = inspect.getsource(views)
    comment = source[: source.index("def unsubscribe(")].rsplit("\n\n", 1)[-1]
    assert "@csrf_exempt" in comment
    assert "The one CSRF exemption in the project" in comment
    assert "RFC 8058" in comment


@pytest.fixture
def strict(mine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(as_stored(mine.user))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(URLS) - CSRF_EXEMPT))
def test_a_post_without_the_token_is_refused_and_changes_nothing(name, strict, mine):
    kwargs, data = address(URLS[name], mine)  # the person's own object, with data that would go through
    before = snapshot()

    response = strict.post(reverse(name, kwargs=kwargs), data)

    assert response.status_code in (403, 405), f"{name} took a POST without the CSRF token ({response.status_code})"
    assert changes(before, snapshot()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_the_same_post_with_the_token_is_not_refused(name, strict, mine):
    """The refusals above are about the token alone."""
    strict.get(reverse("accounts:profile"))
    kwargs, data = address(URLS[name], mine)

    response = strict.post(
        reverse(name, kwargs=kwargs), {**data, "csrfmiddlewaretoken": strict.cookies["csrftoken"].value}
    )

    assert response.status_code != 403
