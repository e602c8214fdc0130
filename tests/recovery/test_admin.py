import pytest
from django.urls import reverse

from recovery import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["journey", "moodcheckin", "win", "weeklyplan", "habitcheckin"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_can_browse_and_open_every_recovery_model(admin_client, journey, contact):
    user = journey.user
    services.lesson_add(journey=journey, text="Ask for the scorecard")
    services.stay_connected_add(journey=journey, contact=contact)
    services.mood_check_in(user=user, mood=3)
    services.win_add(user=user, text="Coffee chat")
    services.plan_save(user=user, applications_target=1, conversations_target=1, practice_target=1)
    services.habit_check_in(user=user, day=user.local_today(), active=True)
    for model in MODELS:
        listing = admin_client.get(reverse(f"admin:recovery_{model}_changelist"))
        assert listing.status_code == 200, model
    page = admin_client.get(reverse("admin:recovery_journey_change", args=[journey.pk]))
    assert page.status_code == 200
    assert "Ask for the scorecard" in page.content.decode()


def test_people_without_staff_rights_are_kept_out(signed_in):
    response = signed_in.get(reverse("admin:recovery_journey_changelist"))
    assert response.status_code == 302
