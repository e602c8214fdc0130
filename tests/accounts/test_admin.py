import pytest
from axes.models import AccessLog
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from reminders.models import Reminder
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser(email="admin@example.com", password="admin-password-long-1")
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_user_list_shows_email_columns_and_filters(admin_client):
    UserFactory(email="ana@example.com", display_name="Ana")

    response = admin_client.get(reverse("admin:accounts_user_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "ana@example.com" in html
    assert "column-display_name" in html
    assert "column-time_zone" in html
    assert 'id="changelist-filter"' in html


@pytest.mark.django_db
def test_user_search_finds_people_by_email_or_name(admin_client):
    UserFactory(email="ana@example.com", display_name="Ana")
    UserFactory(email="bo@example.com", display_name="Bo")

    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "ana"})

    assert [user.email for user in response.context["cl"].result_list] == ["ana@example.com"]


@pytest.mark.django_db
def test_admin_adds_a_user_by_email_in_lower_case(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.com",
            "usable_password": "true",
            "password1": "a-very-good-passphrase-9",
            "password2": "a-very-good-passphrase-9",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.com").check_password("a-very-good-passphrase-9")


@pytest.mark.django_db
def test_admin_refuses_an_email_taken_in_another_case(admin_client):
    UserFactory(email="ana@example.com")

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "ANA@example.com",
            "usable_password": "true",
            "password1": "a-very-good-passphrase-9",
            "password2": "a-very-good-passphrase-9",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="ana@example.com").count() == 1


@pytest.mark.django_db
def test_admin_change_page_offers_the_time_zone_list(admin_client):
    user = UserFactory()

    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<select name="time_zone"' in html
    assert '<option value="Europe/Paris">' in html


@pytest.mark.django_db
def test_deleting_in_the_admin_goes_through_the_account_deletion(admin_client):
    user = UserFactory()
    ApplicationFactory(user=user)
    assert user.reminders.exists()  # their own admin is read-only, yet they go with the account
    AccessLog.objects.create(username=user.email, ip_address="10.0.0.1", user_agent="x", http_accept="*/*")

    response = admin_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not user.applications.exists()
    assert not Reminder.objects.filter(user_id=user.pk).exists()
    assert not AccessLog.objects.filter(username=user.email).exists()


@pytest.mark.django_db
def test_staff_without_the_right_to_delete_accounts_cannot(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(staff)
    user = UserFactory()

    response = client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_in_the_admin_goes_through_the_account_deletion(admin_client):
    users = UserFactory.create_batch(2)
    for user in users:
        AccessLog.objects.create(username=user.email, ip_address="10.0.0.1", user_agent="x", http_accept="*/*")

    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk for user in users], "post": "yes"},
    )

    assert not User.objects.filter(pk__in=[user.pk for user in users]).exists()
    assert not AccessLog.objects.filter(username__in=[user.email for user in users]).exists()
