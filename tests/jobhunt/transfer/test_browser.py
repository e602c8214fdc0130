"""Import / export and Paste an email in a real headless Chromium: the whole import done through
the pages, the progress bar moving on its own, and axe-core finding no serious problem on any of
them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from jobhunt import csv_import
from jobhunt.models import Application, ImportJob, Status
from tests.browser import chromium
from tests.factories import ApplicationFactory, CompanyFactory
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe.min.js"


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, client, live_server, user):
    client.force_login(user)
    # axe's source goes in as an inline script, which the strict CSP would block.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    yield context.new_page()
    context.close()


def serious_problems(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_a_spreadsheet_is_imported_through_the_pages(page, user, tmp_path):
    file = tmp_path / "my-search.csv"
    file.write_bytes(
        csv_bytes(
            [
                ["Employer", "Position", "Stage", "Applied on", "Comments"],
                ["Fernhill Robotics", "Backend Engineer", "Interview", "3 Mar 2025", "Lovely team"],
                ["Bluebell Pay", "Platform Engineer", "Maybe?", "2025-03-04", ""],
            ]
        )
    )
    problems = {}

    page.goto(reverse("jobhunt:application_list"))
    page.get_by_role("link", name="Import / export").click()
    problems["hub"] = serious_problems(page)
    page.get_by_label("CSV file").set_input_files(str(file))
    page.get_by_role("button", name="Upload and match columns").click()

    page.get_by_role("heading", name="Match the columns").wait_for()
    assert page.get_by_label("Employer").input_value() == "company"
    assert page.get_by_label("Comments").input_value() == "notes"
    problems["columns"] = serious_problems(page)
    page.get_by_role("button", name="Check the rows").click()

    page.get_by_role("heading", name="Check the rows").wait_for()
    assert "Stage “Maybe?” isn't one Rebound knows" in page.content()
    problems["preview"] = serious_problems(page)
    page.get_by_role("button", name="Import 1 application").click()

    page.get_by_role("heading", name="Done").wait_for()
    problems["done"] = serious_problems(page)
    application = Application.objects.get(user=user)
    assert (application.company.name, application.status, application.notes) == (
        "Fernhill Robotics",
        Status.INTERVIEWING,
        "Lovely team",
    )
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_progress_bar_moves_while_a_background_import_runs(page, user):
    data = csv_bytes([["Company", "Role"]] + [[f"Company {n}", "Engineer"] for n in range(4)])
    job = csv_import.import_upload(user=user, file_name="big.csv", data=data)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, started_at=timezone.now())

    page.goto(reverse("jobhunt:import_status", args=[job.pk]))
    assert page.locator("#import-progress-text").text_content() == "Importing: 0 of 4 rows."
    assert serious_problems(page) == []

    caches["shared"].set(csv_import._progress_key(job.pk), 3)  # the worker's report after a chunk
    page.wait_for_function("document.getElementById('import-progress-text').textContent.includes('3 of 4')")
    assert page.locator(".progress").get_attribute("aria-valuenow") == "75"
    assert re.search(r"width:\s*75%", page.locator(".progress-bar").get_attribute("style"))

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE, imported=4, processed=4)
    page.get_by_role("heading", name="Done").wait_for()  # the page reloads itself once it is finished


def test_a_pasted_rejection_is_confirmed_and_leads_to_the_application(page, user):
    company = CompanyFactory(user=user, name="Tidewater Logistics", website="https://tidewater-logistics.example")
    application = ApplicationFactory(user=user, company=company, role_title="Software Engineer II")
    text = (Path(__file__).parent / "emails" / "03_rejection_position_filled.txt").read_text()

    page.goto(reverse("home:dashboard"))
    page.get_by_role("link", name="Paste an email").click()
    page.get_by_label("The email").fill(text)
    page.get_by_role("button", name="Read it").click()

    page.get_by_role("heading", name="What Rebound reads").wait_for()
    assert "position has now been filled" in page.content()
    assert page.get_by_label("Application").input_value() == str(application.pk)
    assert page.get_by_label("Move it to").input_value() == Status.REJECTED
    assert serious_problems(page) == []
    application.refresh_from_db()
    assert application.status == Status.APPLIED  # nothing moves before the confirmation

    page.get_by_role("button", name="Confirm the move").click()

    page.wait_for_url(re.compile(re.escape(application.get_absolute_url()) + "$"))
    application.refresh_from_db()
    assert application.status == Status.REJECTED
