import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
STRONG = "a-long-and-quiet-river-42"


def signup_data(**overrides):
    data = {
        "email": "ana@example.com",
        "display_name": "Ana",
        "time_zone": "Europe/Lisbon",
        "password1": STRONG,
        "password2": STRONG,
    }
    return {**data, **overrides}


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


# Sign up -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_creates_the_account_signs_in_and_opens_the_dashboard(client):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")
    user = User.objects.get(email="ana@example.com")
    assert (user.display_name, user.time_zone, user.ghosting_days) == ("Ana", "Europe/Lisbon", 21)
    assert user.check_password(STRONG)
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_sign_up_stores_the_email_in_lower_case(client):
    client.post(SIGNUP, signup_data(email="Ana.Costa@Example.COM"))

    assert User.objects.filter(email="ana.costa@example.com").exists()


@pytest.mark.django_db
def test_display_name_is_optional(client):
    response = client.post(SIGNUP, signup_data(display_name=""))

    assert response.status_code == 302
    assert User.objects.get().name == "ana"


@pytest.mark.django_db
def test_sign_up_with_an_email_already_used_in_another_case_is_a_field_error(client):
    UserFactory(email="ana@example.com")

    response = client.post(SIGNUP, signup_data(email="ANA@example.com"))

    assert response.status_code == 200
    assert "already an account with this email" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "a-different-quiet-river-42"}, "password2"),
        ({"password1": "password", "password2": "password"}, "password1"),  # common
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),  # only digits
        ({"password1": "short1!", "password2": "short1!"}, "password1"),  # too short
        ({"password1": "ana.costa@example", "password2": "ana.costa@example"}, "password1"),  # like the email
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "localtime"}, "time_zone"),
        ({"display_name": "x" * 10_000}, "display_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
    ],
)
@pytest.mark.django_db
def test_bad_sign_up_input_is_a_field_error_and_creates_nothing(client, overrides, field):
    data = signup_data(email="ana.costa@example.com")
    response = client.post(SIGNUP, {**data, **overrides})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_sign_up_errors_are_tied_to_their_field_for_screen_readers(client):
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely"))

    html = response.content.decode()
    assert 'aria-describedby="id_password2_error"' in html
    assert 'id="id_password2_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_sign_up_form_defaults_to_utc_and_lets_the_browser_pick_the_time_zone(client):
    response = client.get(SIGNUP)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="UTC" selected>' in html
    assert "data-detect-timezone" in html
    assert "/static/js/timezone.js" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_keeps_the_chosen_time_zone(client):
    response = client.post(SIGNUP, signup_data(time_zone="UTC", password2="nope"))

    html = response.content.decode()
    assert "data-detect-timezone" not in html
    assert '<option value="UTC" selected>' in html


def test_time_zone_script_only_fills_in_a_zone_the_list_knows():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "timezone.js").read_text()
    assert "Intl.DateTimeFormat().resolvedOptions().timeZone" in script
    assert "select[data-detect-timezone]" in script
    assert "select.options[i].value === zone" in script


# Log in ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_log_in_with_email_and_password_opens_the_dashboard(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_log_in_ignores_the_case_of_the_email(client, user):
    client.post(LOGIN, {"username": user.email.upper(), "password": PASSWORD})

    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_log_in_follows_a_safe_next_link(client, user):
    profile = reverse("accounts:profile")

    response = client.post(f"{LOGIN}?next={profile}", {"username": user.email, "password": PASSWORD, "next": profile})

    assert response.url == profile


@pytest.mark.django_db
def test_log_in_never_redirects_to_another_site(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD, "next": "https://evil.example/"})

    assert response.url == reverse("home:dashboard")


@pytest.mark.django_db
def test_a_wrong_password_shows_a_friendly_error_and_signs_nobody_in(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": "not-it"})

    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_login_page_labels_the_username_field_email_and_says_what_rebound_is(client):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert re.search(r'<label\s+for="id_username"[^>]*>\s*Email<', html)
    assert re.search(r'<input type="email" name="username"[^>]*maxlength="254"', html)
    assert "Rebound keeps track of every application" in html
    assert reverse("accounts:signup") in html
    assert reverse("accounts:password_reset") in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:signup"])
@pytest.mark.django_db
def test_signed_in_people_are_sent_from_login_and_sign_up_to_the_dashboard(signed_in, url_name):
    response = signed_in.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")


@pytest.mark.django_db
def test_signed_in_people_cannot_sign_up_a_second_account(signed_in):
    signed_in.post(SIGNUP, signup_data(email="second@example.com"))

    assert not User.objects.filter(email="second@example.com").exists()


# Log out -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_log_out_by_post_signs_out_and_returns_to_login(signed_in):
    response = signed_in.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_user_id(signed_in) is None


@pytest.mark.django_db
def test_log_out_by_get_is_refused_and_keeps_the_person_signed_in(signed_in, user):
    response = signed_in.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert signed_in_user_id(signed_in) == str(user.pk)
