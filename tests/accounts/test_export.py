import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts import export, services
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

EXPORT = reverse("accounts:export")


def download(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


def give_data(user, tag):
    """An application with an interview and a contact, all named after `tag`."""
    application = ApplicationFactory(user=user, role_title=f"{tag} role", company__name=f"{tag} Corp")
    InterviewFactory(application=application, notes=f"{tag} interview notes")
    ContactFactory(user=user, company=application.company, name=f"{tag} Person", email=f"{tag.lower()}@corp.example")


@pytest.mark.django_db
def test_export_is_a_json_file_download_named_after_today(signed_in, user):
    response, _ = download(signed_in)

    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="rebound-export-\d{4}-\d{2}-\d{2}\.json"', response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]


def test_the_file_name_uses_the_persons_own_date():
    user = UserFactory.build(time_zone="Pacific/Kiritimati")  # UTC+14: already tomorrow
    noon_utc = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    assert services.export_filename(user=user, now=noon_utc) == "rebound-export-2026-03-02.json"


@pytest.mark.django_db
def test_export_holds_the_profile_and_every_registered_section(signed_in, user):
    user.time_zone = "Europe/Oslo"
    user.ghosting_days = 14
    user.save()
    give_data(user, "Mine")

    _, body = download(signed_in)
    data = json.loads(body)

    assert list(data)[:2] == ["exported_at", "account"]
    assert data["account"]["email"] == user.email
    assert data["account"]["display_name"] == user.display_name
    assert data["account"]["time_zone"] == "Europe/Oslo"
    assert data["account"]["ghosting_days"] == 14
    assert set(export.sections()) <= set(data)
    assert export.sections(), "the apps built on accounts register their sections"
    for name in export.sections():
        assert isinstance(data[name], list)
    assert "Mine Corp" in body
    assert "Mine role" in body


@pytest.mark.django_db
def test_export_never_holds_the_password_hash(signed_in, user):
    _, body = download(signed_in)

    assert "password" not in json.loads(body)["account"]
    assert user.password not in body


@pytest.mark.django_db
def test_export_holds_nothing_of_another_person(signed_in, user, other_user):
    give_data(user, "Mine")
    give_data(other_user, "Theirs")
    other_user.display_name = "Theirname"
    other_user.save()

    _, body = download(signed_in)

    assert "Mine Corp" in body
    for trace in (other_user.email, "Theirname", "Theirs", "theirs@corp.example"):
        assert trace not in body


@pytest.mark.django_db
def test_an_empty_account_exports_empty_sections(signed_in):
    _, body = download(signed_in)
    data = json.loads(body)

    for name in export.sections():
        assert data[name] == []


@pytest.mark.django_db
def test_export_streams_rows_as_they_come_instead_of_building_the_file_first(signed_in, monkeypatch):
    produced = []

    def many_rows(user):
        for number in range(10_000):
            produced.append(number)
            yield {"n": number, "note": "ünïcode ✓"}

    monkeypatch.setitem(export._SECTIONS, "zz_many", many_rows)

    response = signed_in.get(EXPORT)
    chunks = iter(response.streaming_content)
    head = b""
    while b'"zz_many"' not in head:
        head += next(chunks)
    head += next(chunks)

    assert len(produced) < 10  # the rest is produced only as the download is read
    rest = b"".join(chunks)
    data = json.loads(head + rest)
    assert len(produced) == 10_000
    assert data["zz_many"][9_999] == {"n": 9_999, "note": "ünïcode ✓"}


@pytest.mark.django_db
def test_section_values_that_json_does_not_know_are_written_as_text(signed_in, monkeypatch):
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    monkeypatch.setitem(export._SECTIONS, "zz_dates", lambda user: iter([{"when": moment}]))

    _, body = download(signed_in)

    assert json.loads(body)["zz_dates"] == [{"when": "2026-01-02T03:04:05Z"}]


def test_a_section_cannot_take_the_name_of_the_export_s_own_keys():
    for name in ("account", "exported_at"):
        with pytest.raises(ValueError):
            export.register(name, lambda user: [])


@pytest.mark.django_db
def test_export_is_a_read_and_refuses_post(signed_in):
    assert signed_in.post(EXPORT).status_code == 405
