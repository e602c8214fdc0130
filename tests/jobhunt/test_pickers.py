"""A company is typed, not picked from thousands; people are ticked from a few, or found as they
are typed. Every match is the person's own; the searches answer htmx, and everything works
without JavaScript (names typed are matched or added on saving)."""

import pytest
from django.urls import reverse

from jobhunt.models import Application, Company, Contact
from recovery.models import WeeklyPlan
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_the_company_search_offers_the_persons_own_matching_companies_escaped(signed_in, user, other_user):
    CompanyFactory(user=user, name="Brightwater <Analytics>")
    CompanyFactory(user=user, name="Northwind")
    CompanyFactory(user=other_user, name="Brightwater Theirs")

    html = signed_in.get(reverse("jobhunt:company_search"), {"company_name": "bright"}, headers=HTMX).content.decode()

    assert html.strip() == '<option value="Brightwater &lt;Analytics&gt;"></option>'


def test_the_searches_opened_as_pages_lead_to_the_lists(signed_in):
    assert signed_in.get(reverse("jobhunt:company_search"))["Location"] == reverse("jobhunt:company_list")
    assert signed_in.get(reverse("jobhunt:people_search"))["Location"] == reverse("jobhunt:contact_list")


def test_the_people_search_brings_matches_to_tick_leaving_out_the_ticked_and_other_peoples(signed_in, user, other_user):
    ana = ContactFactory(user=user, name="Ana Costa", company__name="Brightwater")
    ticked = ContactFactory(user=user, name="Ana Lima")
    ContactFactory(user=other_user, name="Ana Theirs")

    html = signed_in.get(
        reverse("jobhunt:people_search"),
        {"field": "plan-contacts", "plan-new_people": "ana", "plan-contacts": [ticked.pk]},
        headers=HTMX,
    ).content.decode()

    assert f'name="plan-contacts" value="{ana.pk}"' in html and "Ana Costa (Brightwater)" in html
    assert "Ana Lima" not in html and "Theirs" not in html
    nobody = signed_in.get(
        reverse("jobhunt:people_search"), {"field": "contacts", "new_people": "Zed"}, headers=HTMX
    ).content.decode()
    assert "Nobody called “Zed” in your contacts yet" in nobody


def _application_data(**overrides):
    return {"role_title": "Analyst", "source": "referral", "interest": 3, "status": "applied", **overrides}


def test_a_company_typed_is_found_in_any_case_or_added(signed_in, user):
    known = CompanyFactory(user=user, name="Brightwater")

    signed_in.post(reverse("jobhunt:application_create"), _application_data(company_name="BRIGHTWATER"))
    signed_in.post(reverse("jobhunt:application_create"), _application_data(company_name="  Northwind  "))

    assert [a.company for a in Application.objects.filter(user=user).order_by("pk")] == [
        known,
        Company.objects.get(user=user, name="Northwind"),
    ]


def test_an_empty_company_is_a_field_error_and_nothing_is_saved(signed_in, user):
    response = signed_in.post(reverse("jobhunt:application_create"), _application_data(company_name="   "))

    assert response.context["form"].errors["company_name"] == ["This field is required."]
    assert not Application.objects.exists()


def test_people_ticked_and_typed_are_kept_each_once_typed_ones_found_or_added_at_the_company(signed_in, user):
    ticked = ContactFactory(user=user, name="Ana Costa")
    known = ContactFactory(user=user, name="Ben Osei")

    signed_in.post(
        reverse("jobhunt:application_create"),
        _application_data(
            company_name="Brightwater", contacts=[ticked.pk], new_people="ben osei, Cara Diaz; Ana Costa"
        ),
    )

    application = Application.objects.get(user=user)
    assert sorted(c.name for c in application.contacts.all()) == ["Ana Costa", "Ben Osei", "Cara Diaz"]
    assert Contact.objects.filter(user=user).count() == 3  # Cara added; Ben and Ana found
    assert Contact.objects.get(name="Cara Diaz").company == application.company
    assert known in application.contacts.all()


def test_someone_elses_contact_can_not_be_ticked(signed_in, user, other_user):
    theirs = ContactFactory(user=other_user)

    response = signed_in.post(
        reverse("jobhunt:application_create"), _application_data(company_name="Acme", contacts=[theirs.pk])
    )

    assert "contacts" in response.context["form"].errors
    assert not Application.objects.exists()


def test_the_weeks_plan_takes_people_typed_too(signed_in, user):
    signed_in.post(
        reverse("recovery:week_plan"),
        {
            "plan-applications_target": "3",
            "plan-conversations_target": "2",
            "plan-practice_target": "1",
            "plan-new_people": "Dana Fox",
        },
    )

    plan = WeeklyPlan.objects.get(user=user)
    assert [contact.name for contact in plan.contacts.all()] == ["Dana Fox"]


def test_editing_keeps_the_company_name_and_the_people_ticked(signed_in, user):
    contact = ContactFactory(user=user, name="Ana Costa")
    application = ApplicationFactory(user=user, company__name="Brightwater", contacts=[contact])

    html = signed_in.get(reverse("jobhunt:application_edit", args=[application.pk])).content.decode()

    assert 'value="Brightwater"' in html
    ticked = f'name="contacts" value="{contact.pk}"'
    assert ticked in html and "checked" in html.split(ticked, 1)[1][:60]
