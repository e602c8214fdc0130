import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import services
from accounts.forms import SignUpForm
from accounts.models import User, time_zone_names
from tests.factories import UserFactory

STRONG = "a-long-and-quiet-river-42"


@pytest.mark.django_db
def test_sign_up_that_loses_a_race_for_the_email_is_an_email_error():
    UserFactory(email="ana@example.com")

    with pytest.raises(ValidationError) as error:
        services.user_sign_up(email="ANA@example.com", password=STRONG)

    assert "email" in error.value.message_dict
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_the_sign_up_page_turns_that_race_into_a_field_error(client, monkeypatch):
    UserFactory(email="ana@example.com")
    # The form's own check passes, as when two sign-ups arrive at the same moment.
    monkeypatch.setattr(SignUpForm, "clean_email", lambda form: form.cleaned_data["email"].lower())

    response = client.post(
        reverse("accounts:signup"),
        {"email": "ana@example.com", "time_zone": "UTC", "password1": STRONG, "password2": STRONG},
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


@pytest.mark.django_db
def test_the_database_keeps_one_account_per_address_whatever_its_case():
    UserFactory(email="ana@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="Ana@Example.com")])


@pytest.mark.django_db
def test_profile_update_refuses_values_outside_the_rules(user):
    with pytest.raises(ValidationError) as error:
        services.user_update_profile(
            user=user,
            display_name="",
            time_zone="Atlantis/Central",
            ghosting_days=1,
            reminder_hour=3,
            weekly_plan_day=0,
        )

    assert {"time_zone", "ghosting_days", "reminder_hour"} <= set(error.value.message_dict)
    user.refresh_from_db()
    assert user.time_zone == "UTC"


@pytest.mark.django_db
def test_profile_update_saves_only_the_profile(user):
    user.refresh_from_db()
    user.reminders_enabled = False  # changed in memory only; the profile form never touches it

    services.user_update_profile(
        user=user, display_name=" Kim ", time_zone="Asia/Seoul", ghosting_days=10, reminder_hour=20, weekly_plan_day=4
    )

    stored = User.objects.get(pk=user.pk)
    assert (stored.display_name, stored.time_zone, stored.ghosting_days, stored.reminder_hour) == (
        "Kim",
        "Asia/Seoul",
        10,
        20,
    )
    assert stored.reminders_enabled is True


def test_every_offered_time_zone_is_a_real_place():
    assert "Europe/Paris" in time_zone_names()
    assert "UTC" in time_zone_names()
    assert {"localtime", "Factory"}.isdisjoint(time_zone_names())
