import json

import pytest
from django.urls import reverse

from accounts import export
from jobhunt import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def section(name, user):
    return list(export.sections()[name](user))


def test_export_sections_hold_my_pipeline_as_json_ready_rows(user, application, interview, contact, theirs):
    services.application_move(application=application, to_status="screening", note="Call booked")

    companies = section("companies", user)
    contacts = section("contacts", user)
    [row] = section("applications", user)
    [meeting] = section("interviews", user)

    assert [c["name"] for c in companies] == ["Fernhill Robotics"]
    assert [(c["name"], c["company"]) for c in contacts] == [("Maya Lindqvist", "Fernhill Robotics")]
    assert (row["role"], row["company"], row["status"], row["contact_ids"]) == (
        "Backend Engineer",
        "Fernhill Robotics",
        "screening",
        [contact.pk],
    )
    assert [(step["from"], step["to"], step["note"]) for step in row["timeline"]] == [
        ("", "applied", ""),
        ("applied", "screening", "Call booked"),
    ]
    assert row["date_applied"] == application.date_applied.isoformat()
    assert (meeting["application_id"], meeting["contact_ids"]) == (application.pk, [contact.pk])
    # Everything survives a round trip through JSON unchanged: dates are already ISO strings.
    rows = {"companies": companies, "contacts": contacts, "applications": [row], "interviews": [meeting]}
    assert json.loads(json.dumps(rows)) == rows


def test_export_sections_stream_rather_than_build_a_list(user):
    rows = export.sections()["applications"](user)
    assert iter(rows) is rows  # a generator, consumed lazily by the download


def test_export_of_someone_with_nothing_is_empty():
    stranger = UserFactory()
    assert all(section(name, stranger) == [] for name in ["companies", "contacts", "applications", "interviews"])


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["company", "application", "contact", "interview"])
def test_admin_lists_and_searches_each_model(admin_client, application, interview, model):
    url = reverse(f"admin:jobhunt_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Fernhill"}).status_code == 200


def test_admin_shows_the_timeline_read_only(admin_client, application):
    response = admin_client.get(reverse("admin:jobhunt_application_change", args=[application.pk]))

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert inline.has_add_permission is False
    assert inline.has_change_permission is False
    assert 'name="status"' not in response.content.decode()
