"""Every account POST needs the CSRF token: a page on another site can't act for the person."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

STRONG = "a-long-and-quiet-river-42"


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def strict_signed_in(strict_client, user):
    strict_client.force_login(user)
    return strict_client


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("accounts:login", {"username": "x@example.com", "password": PASSWORD}),
        (
            "accounts:signup",
            {"email": "new@example.com", "time_zone": "UTC", "password1": STRONG, "password2": STRONG},
        ),
        ("accounts:password_reset", {"email": "x@example.com"}),
    ],
)
@pytest.mark.django_db
def test_public_forms_refuse_a_post_without_the_token(strict_client, url_name, data):
    response = strict_client.post(reverse(url_name), data)

    assert response.status_code == 403
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_login_without_the_token_signs_nobody_in(strict_client, user):
    strict_client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})

    assert SESSION_KEY not in strict_client.session


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("accounts:logout", {}),
        (
            "accounts:profile",
            {
                "display_name": "Hijacked",
                "time_zone": "UTC",
                "ghosting_days": 5,
                "reminder_hour": 9,
                "weekly_plan_day": 0,
            },
        ),
        ("accounts:password_change", {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG}),
        ("accounts:delete", {"password": PASSWORD}),
    ],
)
@pytest.mark.django_db
def test_signed_in_forms_refuse_a_post_without_the_token_and_change_nothing(strict_signed_in, user, url_name, data):
    before = User.objects.values().get(pk=user.pk)

    response = strict_signed_in.post(reverse(url_name), data)

    assert response.status_code == 403
    assert User.objects.values().get(pk=user.pk) == before
    assert strict_signed_in.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_the_same_post_with_the_token_goes_through(strict_signed_in, user):
    strict_signed_in.get(reverse("accounts:profile"))
    token = strict_signed_in.cookies["csrftoken"].value

    response = strict_signed_in.post(
        reverse("accounts:profile"),
        {
            "csrfmiddlewaretoken": token,
            "display_name": "Still me",
            "time_zone": "UTC",
            "ghosting_days": 21,
            "reminder_hour": 9,
            "weekly_plan_day": 0,
            "theme": "auto",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Still me"
