"""The company and people pickers in a real browser: matches come from the server as one types
(htmx), and what is ticked is what is saved."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jobhunt.models import Application
from tests.factories import PASSWORD, CompanyFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeker(transactional_db):
    user = UserFactory(email="pat@example.com")
    CompanyFactory(user=user, name="Brightwater Analytics")
    ContactFactory(user=user, name="Ana Costa", company__name="Northwind")
    return user


def test_a_company_and_a_person_are_found_as_they_are_typed_and_saved(page, seeker):
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", seeker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(reverse("jobhunt:application_create"))

    page.get_by_label("Company").fill("bright")
    expect(page.locator("#id_company_name-list option")).to_have_attribute("value", "Brightwater Analytics")
    page.get_by_label("Company").fill("Brightwater Analytics")
    page.get_by_label("Role").fill("Data Engineer")
    page.get_by_label("Someone else").fill("ana")
    found = page.get_by_label("Ana Costa (Northwind)")
    found.check()
    page.get_by_label("Someone else").fill("")
    page.get_by_role("button", name="Add application").click()

    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(user=seeker)
    assert application.company.name == "Brightwater Analytics"
    assert [contact.name for contact in application.contacts.all()] == ["Ana Costa"]
