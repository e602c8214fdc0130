"""Deleting an account removes the person and everything they own, and nothing of anyone else."""

from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from accounts import services
from tests.factories import PASSWORD, ApplicationFactory, ContactFactory, InterviewFactory

DELETE = reverse("accounts:delete")


def references_to(user_pk) -> dict[str, int]:
    """Rows in any table that point at the user: foreign keys, one-to-ones, many-to-many links,
    and generic relations (content type + object id)."""
    User = get_user_model()
    user_type = ContentType.objects.get_for_model(User)
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is User and not field.many_to_many:
                count = model._base_manager.filter(**{field.attname: user_pk}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
            if isinstance(field, GenericForeignKey):
                count = model._base_manager.filter(**{field.ct_field: user_type, field.fk_field: user_pk}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def dangling_generic_references() -> list[str]:
    """Generic relations whose target row no longer exists."""
    dangling = []
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                for content_type_id, object_id in model._base_manager.values_list(field.ct_field, field.fk_field):
                    target = ContentType.objects.get_for_id(content_type_id).model_class()
                    if not target._base_manager.filter(pk=object_id).exists():
                        dangling.append(f"{model._meta.label} -> {target._meta.label}#{object_id}")
    return dangling


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def seed(email):
    """A full account: the demo data of every app (each extends seed_demo), plus a login trail."""
    call_command("seed_demo", email=email, password=PASSWORD, stdout=StringIO())
    user = get_user_model().objects.get(email=email)
    application = ApplicationFactory(user=user)
    InterviewFactory(application=application)
    ContactFactory(user=user)
    user.groups.add(Group.objects.get_or_create(name="beta testers")[0])
    LogEntry.objects.log_actions(user_id=user.pk, queryset=[application], action_flag=CHANGE)
    return user


@pytest.fixture
def owner(client):
    user = seed("owner@example.com")
    # A failed and a successful login leave django-axes records under the address.
    client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert AccessLog.objects.filter(username=user.email).exists()
    return user


def test_everything_that_belongs_to_a_person_goes_with_them():
    """A key to the user that only nulls itself (or blocks) would leave their data behind."""
    User = get_user_model()
    keys = [
        (model, field)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is User and not field.many_to_many
    ]

    assert keys
    for model, field in keys:
        assert field.remote_field.on_delete is models.CASCADE, f"{model._meta.label}.{field.name}"


@pytest.mark.django_db
def test_delete_page_asks_for_the_password_and_offers_a_way_back(signed_in):
    response = signed_in.get(DELETE)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'type="password" name="password"' in html
    assert f'href="{reverse("accounts:profile")}"' in html
    assert f'href="{reverse("accounts:export")}"' in html


@pytest.mark.django_db
def test_deleting_removes_every_row_that_points_at_the_person_and_nothing_else(client, owner):
    bystander = seed("bystander@example.com")
    user_pk = owner.pk
    before_references = references_to(user_pk)
    bystander_references = references_to(bystander.pk)
    dangling_before = set(dangling_generic_references())
    assert len(before_references) >= 5, before_references  # the test really had something to delete

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("accounts:goodbye")
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert references_to(user_pk) == {}
    assert set(dangling_generic_references()) <= dangling_before  # nothing left pointing at what was deleted
    assert references_to(bystander.pk) == bystander_references
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username__iexact="owner@example.com").exists()


@pytest.mark.django_db
def test_deleting_signs_out_and_says_goodbye(client, owner):
    response = client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert SESSION_KEY not in client.session
    assert "Your account is gone" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_the_same_email_can_sign_up_again_after_deleting(client, owner):
    client.post(DELETE, {"password": PASSWORD})

    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "owner@example.com",
            "time_zone": "UTC",
            "password1": "fresh-start-harbour-31",
            "password2": "fresh-start-harbour-31",
        },
    )

    assert response.status_code == 302
    assert references_to(get_user_model().objects.get(email="owner@example.com").pk) == {}


@pytest.mark.parametrize("password", ["", "not-my-password", "x" * 10_000])
@pytest.mark.django_db
def test_a_wrong_password_deletes_nothing(signed_in, user, password):
    ApplicationFactory(user=user)
    before = row_counts()

    response = signed_in.post(DELETE, {"password": password})

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert 'id="id_password_error"' in response.content.decode()
    assert row_counts() == before
    assert signed_in.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_the_delete_service_also_forgets_login_records_under_any_case(user, other_user):
    AccessLog.objects.create(username=user.email.upper(), ip_address="10.0.0.1", user_agent="x", http_accept="*/*")
    AccessAttempt.objects.create(
        username=user.email, ip_address="10.0.0.1", user_agent="x", failures_since_start=2, http_accept="*/*"
    )
    AccessLog.objects.create(username=other_user.email, ip_address="10.0.0.1", user_agent="x", http_accept="*/*")

    services.user_delete(user=user)

    assert list(AccessLog.objects.values_list("username", flat=True)) == [other_user.email]
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_goodbye_page_is_public(client):
    response = client.get(reverse("accounts:goodbye"))

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
