import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-lighthouse-77"
LOGIN = reverse("accounts:login")


def log_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


# Change ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_changing_the_password_keeps_the_person_signed_in_and_the_new_one_works(signed_in, user, client):
    response = signed_in.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert signed_in.get(reverse("accounts:password_change_done")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "old_password"),
        ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other-one-99x"}, "new_password2"),
        ({"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"}, "new_password2"),
    ],
)
@pytest.mark.django_db
def test_a_wrong_current_password_or_a_weak_new_one_is_a_field_error(signed_in, user, data, field):
    response = signed_in.post(reverse("accounts:password_change"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_password_change_page_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# Reset by email ----------------------------------------------------------------------------------


def reset_link(message, site_url):
    links = re.findall(re.escape(site_url) + r"/accounts/password/reset/[^/\s]+/[^/\s]+/", message.body)
    assert links, message.body
    return links[0]


@pytest.mark.django_db
def test_password_reset_end_to_end(client, user, mailoutbox, settings):
    settings.SITE_URL = "https://rebound.example"

    response = client.post(reverse("accounts:password_reset"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your Rebound password"

    link = reset_link(message, "https://rebound.example")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html

    # The emailed link swaps its token for a session-held one and shows the form.
    form_page = client.get(link.removeprefix("https://rebound.example"), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain == [(reverse("home:dashboard"), 302)]
    assert client.session[SESSION_KEY] == str(user.pk)  # signed straight in
    assert "Your new password is saved, and you&#x27;re logged in." in done.content.decode()

    client.post(reverse("accounts:logout"))
    assert log_in(client, user.email, PASSWORD).status_code == 200  # the old one no longer works
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_a_reset_link_works_only_once(client, user, mailoutbox, settings):
    settings.SITE_URL = "https://rebound.example"
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    path = reset_link(mailoutbox[0], settings.SITE_URL).removeprefix(settings.SITE_URL)
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(path, follow=True)

    assert again.context["validlink"] is False
    assert "This link has expired" in again.content.decode()


@pytest.mark.django_db
def test_reset_links_use_the_site_url_not_the_host_the_request_came_in_on(client, user, mailoutbox, settings):
    settings.SITE_URL = "https://rebound.example"
    settings.ALLOWED_HOSTS = ["attacker.example"]

    client.post(reverse("accounts:password_reset"), {"email": user.email}, HTTP_HOST="attacker.example")

    assert "attacker.example" not in mailoutbox[0].body
    assert reset_link(mailoutbox[0], "https://rebound.example")


@pytest.mark.django_db
def test_asking_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def set_new_password(client, mailoutbox, site_url, **headers):
    """Follow the newest reset email's link and choose NEW_PASSWORD; the answer, followed."""
    path = reset_link(mailoutbox[-1], site_url).removeprefix(site_url)
    set_password_url = client.get(path, follow=True, **headers).redirect_chain[-1][0]
    return client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True, **headers
    )


@pytest.mark.django_db
def test_a_new_password_through_reset_lifts_a_lockout(client, user, mailoutbox, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        log_in(client, user.email, "wrong-password")
    assert log_in(client, user.email, PASSWORD).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": user.email})
    set_new_password(client, mailoutbox, settings.SITE_URL)
    client.post(reverse("accounts:logout"))

    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_the_owner_of_a_locked_account_gets_in_through_the_reset_link(client, user, mailoutbox, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        log_in(client, user.email, "wrong-password")
    locked = log_in(client, user.email, PASSWORD)
    assert locked.status_code == 429
    assert reverse("accounts:password_reset") in locked.content.decode()

    asked = client.post(reverse("accounts:password_reset"), {"email": user.email})
    done = set_new_password(client, mailoutbox, settings.SITE_URL)

    assert asked.url == reverse("accounts:password_reset_done")
    assert done.status_code == 200
    assert done.redirect_chain[-1] == (reverse("home:dashboard"), 302)
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_the_owner_gets_in_through_the_reset_link_from_an_address_paused_by_someone_guessing(
    client, user, mailoutbox, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    shared = {"REMOTE_ADDR": "198.51.100.20"}  # a café's network, say
    for number in range(10):
        client.post(LOGIN, {"username": f"someone{number}@example.com", "password": "guess"}, **shared)
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **shared).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": user.email}, **shared)
    done = set_new_password(client, mailoutbox, settings.SITE_URL, **shared)

    assert done.redirect_chain[-1] == (reverse("home:dashboard"), 302)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert "logged in" in done.content.decode()


@pytest.mark.parametrize(
    "url_name", ["accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_complete"]
)
@pytest.mark.django_db
def test_reset_pages_are_open_to_anyone_with_one_heading(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
