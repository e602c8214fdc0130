import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, Weekday
from recovery.models import MoodCheckIn

PROFILE = reverse("accounts:profile")


def profile_data(**overrides):
    data = {
        "display_name": "Sam",
        "time_zone": "America/Toronto",
        "ghosting_days": "30",
        "reminder_hour": "8",
        "weekly_plan_day": str(Weekday.SUNDAY),
        "theme": "dark",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_profile_page_shows_the_current_settings_and_every_way_out(signed_in, user):
    user.time_zone = "Asia/Tokyo"
    user.save()

    response = signed_in.get(PROFILE)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    form = response.context["form"]
    assert form["time_zone"].value() == "Asia/Tokyo"
    assert form["ghosting_days"].value() == 21
    assert '<option value="Asia/Tokyo" selected>' in html
    for url_name in (
        "reminders:preferences",
        "accounts:password_change",
        "accounts:export",
        "accounts:delete",
    ):
        assert f'href="{reverse(url_name)}"' in html


@pytest.mark.django_db
def test_the_time_zone_list_holds_every_zone_grouped_by_region(signed_in):
    html = signed_in.get(PROFILE).content.decode()

    assert '<optgroup label="Europe">' in html
    assert '<option value="Pacific/Auckland">Pacific/Auckland</option>' in html
    assert '<option value="America/Argentina/Buenos_Aires">America/Argentina/Buenos Aires</option>' in html
    assert 'value="localtime"' not in html


@pytest.mark.django_db
def test_saving_the_profile_updates_every_setting(signed_in, user):
    response = signed_in.post(PROFILE, profile_data())

    assert response.status_code == 302
    assert response.url == PROFILE
    user.refresh_from_db()
    assert (user.display_name, user.time_zone, user.ghosting_days, user.reminder_hour, user.weekly_plan_day) == (
        "Sam",
        "America/Toronto",
        30,
        8,
        Weekday.SUNDAY,
    )
    assert user.theme == "dark"
    html = signed_in.get(PROFILE).content.decode()
    assert "Your settings are saved." in html
    # Every page is drawn in the chosen theme, with no script needed to pick it.
    assert '<html lang="en" data-bs-theme="dark">' in html


@pytest.mark.django_db
def test_the_theme_follows_the_device_until_one_is_chosen(client, signed_in, user):
    assert user.theme == "auto"
    assert 'data-bs-theme="light" data-theme-auto' in signed_in.get(PROFILE).content.decode()
    signed_in.post(PROFILE, profile_data(theme="light"))
    assert '<html lang="en" data-bs-theme="light">' in signed_in.get(PROFILE).content.decode()
    # Signed out (the login page), the device decides.
    signed_in.logout()
    assert "data-theme-auto" in signed_in.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_an_unknown_theme_is_refused_on_its_field(signed_in, user):
    response = signed_in.post(PROFILE, profile_data(theme="neon"))

    assert response.status_code == 200
    assert response.context["form"].errors["theme"]
    user.refresh_from_db()
    assert user.theme == "auto"


@pytest.mark.django_db
def test_an_empty_display_name_falls_back_to_the_email(signed_in, user):
    signed_in.post(PROFILE, profile_data(display_name="   "))

    user.refresh_from_db()
    assert user.display_name == ""
    assert user.name == user.email.split("@")[0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_zone": "Nowhere/Special"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"ghosting_days": "2"}, "ghosting_days"),
        ({"ghosting_days": "181"}, "ghosting_days"),
        ({"ghosting_days": "-5"}, "ghosting_days"),
        ({"ghosting_days": "three weeks"}, "ghosting_days"),
        ({"ghosting_days": "9" * 40}, "ghosting_days"),
        ({"reminder_hour": "6"}, "reminder_hour"),
        ({"reminder_hour": "22"}, "reminder_hour"),
        ({"reminder_hour": "noon"}, "reminder_hour"),
        ({"weekly_plan_day": "7"}, "weekly_plan_day"),
        ({"display_name": "x" * 10_000}, "display_name"),
        ({"display_name": "Sam\x00"}, "display_name"),
    ],
)
@pytest.mark.django_db
def test_bad_profile_input_is_a_field_error_and_changes_nothing(signed_in, user, overrides, field):
    before = User.objects.values().get(pk=user.pk)

    response = signed_in.post(PROFILE, profile_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.values().get(pk=user.pk) == before


@pytest.mark.django_db
def test_a_rejected_display_name_never_reaches_the_page_header(signed_in, user):
    response = signed_in.post(PROFILE, profile_data(display_name="y" * 10_000))

    assert response.context["user"].display_name == user.display_name


@pytest.mark.django_db
def test_display_names_are_escaped(signed_in, user):
    user.display_name = "<script>alert(1)</script>"
    user.save()

    html = signed_in.get(PROFILE).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url_name", ["accounts:profile", "accounts:export", "accounts:delete"])
@pytest.mark.django_db
def test_account_pages_need_a_signed_in_person(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored_by_a_cache_or_the_browser(signed_in):
    for name in ("home:dashboard", "jobhunt:board", "accounts:profile", "insights:overview"):
        header = signed_in.get(reverse(name))["Cache-Control"]
        assert "private" in header and "no-store" in header, name


def test_a_page_shows_times_in_the_persons_zone_and_leaves_the_server_zone_after(signed_in, user):
    user.time_zone = "Pacific/Kiritimati"
    user.save()

    checked_in = MoodCheckIn.objects.create(user=user, mood=3)
    local = timezone.localtime(checked_in.created_at, user.tzinfo)

    page = signed_in.get(reverse("home:dashboard")).content.decode()

    assert f"noted at {local:%H:%M}" in page
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # nothing carried into what runs next
