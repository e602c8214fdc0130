"""Another person's objects do not exist for you (404 on GET and POST, nothing changes), and every
state change needs the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from jobhunt.models import Application, Company, Contact, Interview, StageEvent

pytestmark = pytest.mark.django_db

# (url name, which of their objects it takes)
OBJECT_URLS = [
    ("application_detail", "application"),
    ("application_edit", "application"),
    ("application_delete", "application"),
    ("application_move", "application"),
    ("interview_create", "application"),
    ("company_detail", "company"),
    ("company_edit", "company"),
    ("company_delete", "company"),
    ("contact_detail", "contact"),
    ("contact_edit", "contact"),
    ("contact_delete", "contact"),
    ("interview_detail", "interview"),
    ("interview_edit", "interview"),
    ("interview_delete", "interview"),
]

# Enough to be a valid form for any of them: if ownership were not checked, the write would happen.
EVERYTHING = {
    "to_status": "rejected",
    "note": "Moved by a stranger",
    "name": "Renamed by a stranger",
    "company": "",
    "role_title": "Renamed by a stranger",
    "source": "job_board",
    "interest": 3,
    "role": "other",
    "relationship_strength": 3,
    "scheduled_at": "2030-01-01T10:00",
    "kind": "final",
    "outcome": "passed",
}


def snapshot(theirs):
    return {
        "application": Application.objects.filter(pk=theirs["application"].pk).values().first(),
        "company": Company.objects.filter(pk=theirs["company"].pk).values().first(),
        "contact": Contact.objects.filter(pk=theirs["contact"].pk).values().first(),
        "interview": Interview.objects.filter(pk=theirs["interview"].pk).values().first(),
        "events": StageEvent.objects.count(),
        "interviews": Interview.objects.count(),
    }


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "kind"), OBJECT_URLS)
def test_another_persons_object_is_not_found_and_left_alone(signed_in, theirs, name, kind, method):
    before = snapshot(theirs)
    url = reverse(f"jobhunt:{name}", args=[theirs[kind].pk])

    response = getattr(signed_in, method)(url, EVERYTHING if method == "post" else None)

    assert response.status_code == 404
    assert snapshot(theirs) == before
    assert all(before[key] is not None for key in ("application", "company", "contact", "interview"))


@pytest.mark.parametrize(("name", "kind"), OBJECT_URLS)
def test_an_id_that_does_not_exist_is_not_found(signed_in, name, kind):
    assert signed_in.get(reverse(f"jobhunt:{name}", args=[987654])).status_code == 404


@pytest.mark.parametrize(("name", "kind"), OBJECT_URLS)
def test_object_pages_ask_a_stranger_to_log_in(client, theirs, name, kind):
    response = client.post(reverse(f"jobhunt:{name}", args=[theirs[kind].pk]), EVERYTHING)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_read_only_pages_refuse_a_post_on_my_own_object(signed_in, application):
    assert signed_in.post(application.get_absolute_url()).status_code == 405
    assert signed_in.put(reverse("jobhunt:application_move", args=[application.pk])).status_code == 405


def test_lists_show_only_my_own_rows(signed_in, application, theirs):
    pages = ["jobhunt:application_list", "jobhunt:board", "jobhunt:company_list", "jobhunt:contact_list"]
    for name in [*pages, "home:dashboard"]:
        html = signed_in.get(reverse(name)).content.decode()
        assert "Their Role" not in html, name
        assert "Their Company" not in html, name
        assert "Their Contact" not in html, name


# CSRF --------------------------------------------------------------------------------------------


@pytest.fixture
def strict(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def mine(application, interview, contact):
    return {"application": application, "company": application.company, "contact": contact, "interview": interview}


POST_URLS = [
    ("application_quick_add", None),
    ("application_create", None),
    ("company_create", None),
    ("contact_create", None),
    ("application_edit", "application"),
    ("application_delete", "application"),
    ("application_move", "application"),
    ("interview_create", "application"),
    ("company_edit", "company"),
    ("company_delete", "company"),
    ("contact_edit", "contact"),
    ("contact_delete", "contact"),
    ("interview_edit", "interview"),
    ("interview_delete", "interview"),
]


@pytest.mark.parametrize(("name", "kind"), POST_URLS)
def test_a_post_without_the_csrf_token_is_refused(strict, mine, name, kind):
    before = snapshot(mine)
    url = reverse(f"jobhunt:{name}", args=[mine[kind].pk] if kind else [])

    response = strict.post(url, {**EVERYTHING, "company_name": "Acme"})

    assert response.status_code == 403
    assert snapshot(mine) == before
    assert Application.objects.count() == 1


def test_a_post_with_the_csrf_token_goes_through(strict, application):
    page = strict.get(application.get_absolute_url())
    token = page.context["csrf_token"]

    response = strict.post(
        reverse("jobhunt:application_move", args=[application.pk]),
        {"to_status": "screening", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "screening"
