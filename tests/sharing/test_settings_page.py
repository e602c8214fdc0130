"""The calendar and sharing settings: every change is a signed-in POST with CSRF, and another
person's link is a 404."""

import re

import pytest
from django.core.signing import get_cookie_signer
from django.test import Client
from django.urls import reverse

from sharing import services
from sharing.models import MAX_ACTIVE_SHARE_LINKS, CalendarFeed, ShareLink
from sharing.views import NEW_LINK_COOKIE, NEW_LINK_SALT

pytestmark = pytest.mark.django_db

SETTINGS = reverse("sharing:settings")


def _post_link(client, label="For my career coach", days="30"):
    return client.post(reverse("sharing:share_link_create"), {"label": label, "days": days})


def test_the_settings_page_needs_sign_in(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_turning_the_feed_on_shows_its_address_with_a_copy_button(signed_in, user):
    response = signed_in.post(reverse("sharing:calendar_reset"), follow=True)

    feed = CalendarFeed.objects.get(user=user)
    page = response.content.decode()
    assert feed.token in page
    assert 'data-copy-target="#feed-url"' in page
    assert "webcal://" in page
    assert "Google Calendar" in page and "Apple Calendar" in page and "Outlook" in page
    assert "the last 90 days and the year ahead" in page
    assert "no-store" in signed_in.get(SETTINGS)["Cache-Control"]


def test_getting_a_new_address_from_the_page_replaces_the_old_one(signed_in, user):
    old = services.calendar_feed_reset(user=user).token

    signed_in.post(reverse("sharing:calendar_reset"))

    assert CalendarFeed.objects.get(user=user).token != old


def test_turning_the_feed_off_from_the_page(signed_in, user):
    services.calendar_feed_reset(user=user)

    response = signed_in.post(reverse("sharing:calendar_off"))

    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert "Turn on the calendar feed" in signed_in.get(SETTINGS).content.decode()


def test_making_a_link_shows_it_once(signed_in, user):
    response = _post_link(signed_in)

    assert response.status_code == 302
    link = ShareLink.objects.get(user=user)
    assert link.label == "For my career coach"
    cookie = response.cookies[NEW_LINK_COOKIE]
    assert cookie["httponly"] and cookie["path"] == SETTINGS

    first = signed_in.get(SETTINGS)
    url = re.search(r'id="new-link-url" value="([^"]+)"', first.content.decode()).group(1)
    assert "/sharing/coach/" in url
    assert Client().get(url).status_code == 200  # the shown link really opens

    second = signed_in.get(SETTINGS).content.decode()
    assert 'id="new-link-url"' not in second
    assert "For my career coach" in second


def test_a_new_link_cookie_for_someone_elses_link_shows_nothing(signed_in, other_user):
    _link, token = services.share_link_create(user=other_user, label="Theirs", days=7)
    # A validly signed cookie, as set_signed_cookie makes it, but holding another person's link.
    signed_in.cookies[NEW_LINK_COOKIE] = get_cookie_signer(salt=NEW_LINK_COOKIE + NEW_LINK_SALT).sign(token)

    page = signed_in.get(SETTINGS).content.decode()

    assert token not in page
    assert 'id="new-link-url"' not in page


@pytest.mark.parametrize(
    ("label", "days", "field"),
    [
        ("", "30", "label"),
        ("x" * 101, "30", "label"),
        ("Coach", "365", "days"),
        ("Coach", "soon", "days"),
    ],
)
def test_bad_input_shows_the_form_again_with_an_error(signed_in, user, label, days, field):
    response = _post_link(signed_in, label=label, days=days)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert "is-invalid" in response.content.decode()
    assert not ShareLink.objects.filter(user=user).exists()


def test_past_the_cap_the_page_says_why(signed_in, user):
    for n in range(MAX_ACTIVE_SHARE_LINKS):
        services.share_link_create(user=user, label=f"Link {n}", days=7)

    response = _post_link(signed_in)

    assert response.status_code == 400
    assert "Revoke one you no longer need first" in response.content.decode()


def test_the_page_lists_open_links_with_when_they_were_last_opened_and_closed_ones(signed_in, user, client):
    opened, token = services.share_link_create(user=user, label="Opened one", days=7)
    services.share_link_create(user=user, label="Never opened", days=7)
    closed, _ = services.share_link_create(user=user, label="Closed one", days=7)
    services.share_link_revoke(link=closed)
    Client().get(reverse("sharing:coach_page", args=[token]))

    page = signed_in.get(SETTINGS).content.decode()

    assert re.search(r"Opened one.*?last opened .*? ago \(1 time\)", page, re.S)
    assert re.search(r"Never opened.*?not opened yet", page, re.S)
    assert "Closed one: revoked on" in page


def test_revoking_a_link_from_the_page(signed_in, user, client):
    link, token = services.share_link_create(user=user, label="Coach", days=7)

    response = signed_in.post(reverse("sharing:share_link_revoke", args=[link.pk]))

    assert response.status_code == 302
    assert Client().get(reverse("sharing:coach_page", args=[token])).status_code == 410


def test_revoking_is_post_only(signed_in, user):
    link, _token = services.share_link_create(user=user, label="Coach", days=7)

    assert signed_in.get(reverse("sharing:share_link_revoke", args=[link.pk])).status_code == 405
    link.refresh_from_db()
    assert link.revoked_at is None


def test_another_persons_link_is_a_404_on_get_and_post(signed_in, other_user):
    theirs, _token = services.share_link_create(user=other_user, label="Theirs", days=7)
    url = reverse("sharing:share_link_revoke", args=[theirs.pk])

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "Theirs" not in signed_in.get(SETTINGS).content.decode()


def test_my_settings_never_show_another_persons_feed(signed_in, other_user):
    theirs = services.calendar_feed_reset(user=other_user)

    assert theirs.token not in signed_in.get(SETTINGS).content.decode()


@pytest.mark.parametrize("name", ["calendar_reset", "calendar_off", "share_link_create"])
def test_changes_need_sign_in(client, name):
    response = client.post(reverse(f"sharing:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["calendar_reset", "calendar_off", "share_link_create"])
def test_changes_are_post_only(signed_in, name):
    assert signed_in.get(reverse(f"sharing:{name}")).status_code == 405


def test_every_change_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    services.calendar_feed_reset(user=user)
    link, _token = services.share_link_create(user=user, label="Coach", days=7)
    feed_key = CalendarFeed.objects.get(user=user).key

    for url in (
        reverse("sharing:calendar_reset"),
        reverse("sharing:calendar_off"),
        reverse("sharing:share_link_create"),
        reverse("sharing:share_link_revoke", args=[link.pk]),
    ):
        assert client.post(url, {"label": "x", "days": "7"}).status_code == 403, url

    assert CalendarFeed.objects.get(user=user).key == feed_key
    assert ShareLink.objects.filter(user=user).count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_forms_on_the_page_carry_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(SETTINGS).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(reverse("sharing:calendar_reset"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert CalendarFeed.objects.filter(user=user).exists()


def test_the_page_asks_before_cutting_access_off_and_loads_its_script(signed_in, user):
    services.calendar_feed_reset(user=user)
    services.share_link_create(user=user, label="Coach", days=7)

    page = signed_in.get(SETTINGS).content.decode()

    assert page.count("data-confirm=") == 3  # new address, turn off, revoke
    assert "js/sharing.js" in page
    assert "<script>" not in page and "onclick" not in page
