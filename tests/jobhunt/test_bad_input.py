"""Bad input gets a field error (and nothing is written), never a 500."""

import pytest
from django.urls import reverse

from jobhunt.models import Application, Company, Contact, Interview

pytestmark = pytest.mark.django_db

LONG = "x" * 201


def valid_application(chosen_company, /, **overrides):
    return {
        "company_name": chosen_company.name,
        "role_title": "Platform Engineer",
        "status": "applied",
        "source": "job_board",
        "interest": 3,
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_applied": "2026-02-31"}, "date_applied"),
        ({"next_step_date": "next tuesday"}, "next_step_date"),
        ({"job_url": "not a web address"}, "job_url"),
        ({"job_url": "javascript:alert(1)"}, "job_url"),
        ({"role_title": LONG}, "role_title"),
        ({"role_title": ""}, "role_title"),
        ({"salary_min": "lots"}, "salary_min"),
        ({"salary_min": "-5"}, "salary_min"),
        ({"salary_min": "70000", "salary_max": "60000"}, "salary_max"),
        ({"salary_currency": "euros"}, "salary_currency"),
        ({"closes_on": "soon"}, "closes_on"),
        ({"description": "d" * 200_001}, "description"),
        ({"notes": "n" * 20_001}, "notes"),
        ({"status": "hired"}, "status"),
        ({"source": "carrier pigeon"}, "source"),
        ({"interest": 9}, "interest"),
        ({"interest": "lots"}, "interest"),
        ({"company_name": LONG}, "company_name"),
        ({"company_name": "   "}, "company_name"),
        ({"new_people": "y" * 501}, "new_people"),
    ],
)
def test_creating_an_application_with_bad_input_shows_a_field_error(signed_in, company, overrides, field):
    response = signed_in.post(reverse("jobhunt:application_create"), valid_application(company, **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
    assert not Application.objects.exists()


def test_the_name_of_another_persons_company_makes_a_company_of_ones_own(signed_in, user, theirs):
    signed_in.post(reverse("jobhunt:application_create"), valid_application(theirs["company"]))

    application = Application.objects.get(role_title="Platform Engineer")
    assert application.company.user == user and application.company != theirs["company"]
    assert theirs["company"].applications.count() == 1  # theirs untouched


def test_another_persons_contact_is_not_a_choice(signed_in, company, theirs):
    response = signed_in.post(
        reverse("jobhunt:application_create"), valid_application(company, contacts=[theirs["contact"].pk])
    )
    assert "contacts" in response.context["form"].errors


def test_the_application_form_only_offers_my_contacts(signed_in, company, contact, theirs):
    response = signed_in.get(reverse("jobhunt:application_create"))
    form = response.context["form"]
    assert list(form.fields["contacts"].queryset) == [contact]
    assert "Their Contact" not in response.content.decode() and "Their Company" not in response.content.decode()


def test_editing_an_application_to_another_persons_company_name_stays_within_ones_own(signed_in, application, theirs):
    signed_in.post(
        reverse("jobhunt:application_edit", args=[application.pk]), valid_application(theirs["company"], status="")
    )
    application.refresh_from_db()
    assert application.company.user == application.user and application.company.name == "Their Company"
    assert application.company != theirs["company"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "fernhill robotics"}, "name"),
        ({"name": "  FERNHILL ROBOTICS  "}, "name"),
        ({"name": LONG}, "name"),
        ({"name": "New", "website": "ftp//nope"}, "website"),
        ({"name": "New", "notes": "n" * 10_001}, "notes"),
    ],
)
def test_company_form_errors(signed_in, company, data, field):
    response = signed_in.post(reverse("jobhunt:company_create"), data)
    assert field in response.context["form"].errors
    assert Company.objects.count() == 1


def test_a_duplicate_company_name_is_a_friendly_field_error(signed_in, company):
    response = signed_in.post(reverse("jobhunt:company_create"), {"name": "FernHill Robotics"})
    assert response.context["form"].errors == {"name": ["You already have a company called “FernHill Robotics”."]}


def test_renaming_a_company_to_another_of_mine_is_refused(signed_in, user, company):
    other = Company.objects.create(user=user, name="Pebblestack")
    response = signed_in.post(reverse("jobhunt:company_edit", args=[other.pk]), {"name": "fernhill robotics"})
    assert "name" in response.context["form"].errors
    other.refresh_from_db()
    assert other.name == "Pebblestack"


def test_the_same_company_name_is_fine_for_two_people(signed_in, theirs):
    response = signed_in.post(reverse("jobhunt:company_create"), {"name": "their company"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"linkedin_url": "linkedin"}, "linkedin_url"),
        ({"last_contacted": "31/31/2026"}, "last_contacted"),
        ({"relationship_strength": 0}, "relationship_strength"),
        ({"role": "boss"}, "role"),
        ({"phone": "1" * 41}, "phone"),
        ({"name": LONG}, "name"),
    ],
)
def test_contact_form_errors(signed_in, overrides, field):
    data = {"name": "Priya", "role": "recruiter", "relationship_strength": 3, **overrides}
    response = signed_in.post(reverse("jobhunt:contact_create"), data)
    assert field in response.context["form"].errors
    assert not Contact.objects.exists()


def test_a_contact_at_another_persons_company_name_is_at_a_company_of_ones_own(signed_in, user, theirs):
    data = {"name": "Priya", "role": "recruiter", "relationship_strength": 3, "company_name": "Their Company"}
    signed_in.post(reverse("jobhunt:contact_create"), data)
    contact = Contact.objects.get(name="Priya")
    assert contact.company.user == user and contact.company != theirs["company"]


def test_contact_create_ignores_another_persons_company_in_the_address(signed_in, theirs):
    response = signed_in.get(reverse("jobhunt:contact_create"), {"company": theirs["company"].pk})
    assert response.context["form"].initial["company_name"] == ""
    assert "Their Company" not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scheduled_at": "tomorrow-ish"}, "scheduled_at"),
        ({"scheduled_at": "2026-02-30T10:00"}, "scheduled_at"),
        ({"scheduled_at": ""}, "scheduled_at"),
        ({"kind": "dinner"}, "kind"),
        ({"outcome": "maybe"}, "outcome"),
        ({"notes": "n" * 20_001}, "notes"),
    ],
)
def test_interview_form_errors(signed_in, application, overrides, field):
    data = {"scheduled_at": "2030-05-04T10:30", "kind": "technical", "outcome": "pending", **overrides}
    response = signed_in.post(reverse("jobhunt:interview_create", args=[application.pk]), data)
    assert field in response.context["form"].errors
    assert not Interview.objects.exists()


def test_interview_with_another_persons_contact_is_refused(signed_in, application, theirs):
    data = {
        "scheduled_at": "2030-05-04T10:30",
        "kind": "technical",
        "outcome": "pending",
        "contacts": [theirs["contact"].pk],
    }
    response = signed_in.post(reverse("jobhunt:interview_create", args=[application.pk]), data)
    assert "contacts" in response.context["form"].errors
    assert not Interview.objects.filter(application=application).exists()


def test_an_over_long_move_note_is_refused(signed_in, application):
    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]),
        {"to_status": "screening", "note": "n" * 501},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "applied"


def test_a_move_without_a_status_is_refused(signed_in, application):
    response = signed_in.post(reverse("jobhunt:application_move", args=[application.pk]), {}, follow=True)
    assert response.status_code == 200
    assert application.events.count() == 1


def test_an_over_long_quick_add_is_refused(signed_in):
    signed_in.post(reverse("jobhunt:application_quick_add"), {"company_name": LONG, "role_title": "SRE"})
    assert not Application.objects.exists()
    assert not Company.objects.exists()


def test_an_over_long_search_is_an_error_not_a_crash(signed_in, application):
    response = signed_in.get(reverse("jobhunt:application_list"), {"q": "q" * 500})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors


@pytest.mark.parametrize("page", ["0", "-1", "999", "abc"])
def test_a_strange_page_number_shows_a_real_page(signed_in, application, page):
    assert signed_in.get(reverse("jobhunt:application_list"), {"page": page}).status_code == 200
    assert signed_in.get(reverse("jobhunt:company_list"), {"page": page}).status_code == 200
    assert signed_in.get(reverse("jobhunt:contact_list"), {"page": page}).status_code == 200
