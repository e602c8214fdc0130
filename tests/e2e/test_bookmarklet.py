"""The "Save to Rebound" bookmarklet in a real browser: clicked on a job posting served from
another site, it opens Rebound with the posting's details read in the browser, and the job is
kept only when the person adds it."""

import http.server
import re
import threading
from functools import partial
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jobhunt.models import Application, Status
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

PAGES = Path(__file__).parents[1] / "jobhunt" / "postings" / "pages"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def job_site():
    """The postings folder served on 127.0.0.1: another origin than Rebound's live server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(PAGES)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def seeker(transactional_db):
    return UserFactory(email="sam@example.com")


def sign_in(page, user):
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile("/login/"))


def the_bookmarklet(page) -> str:
    page.goto(reverse("jobhunt:bookmarklet"))
    code = page.locator("#bookmarklet").get_attribute("href")
    assert code.startswith("javascript:")
    return code.removeprefix("javascript:")


def test_a_job_is_saved_from_its_posting_through_the_bookmarklet(page, seeker, job_site):
    sign_in(page, seeker)
    code = the_bookmarklet(page)
    page.goto(f"{job_site}/greenhouse_like.html")

    # What a click on the bookmark does: run its code on the posting's page.
    with page.context.expect_page() as opened:
        page.evaluate(code)
    rebound = opened.value

    expect(rebound.locator("#read-note")).to_contain_text("Filled in from 127.0.0.1")
    expect(rebound.get_by_label("Role")).to_have_value("Senior Backend Engineer")
    expect(rebound.get_by_label("Company")).to_have_value("Fernhill Robotics")
    expect(rebound.get_by_label("Advertised from")).to_have_value("150000")
    assert not Application.objects.exists()  # read, shown, not kept

    rebound.get_by_role("button", name="Add application").click()

    expect(rebound).to_have_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(user=seeker)
    assert (application.role_title, application.company.name) == ("Senior Backend Engineer", "Fernhill Robotics")
    assert application.status == Status.SAVED
    assert application.job_url == f"{job_site}/greenhouse_like.html"
    assert application.advertised_pay == "$150,000–185,000 a year"
    assert "Run Postgres & Redis" in application.description_text
    expect(rebound.get_by_text("The posting, as it was")).to_be_visible()


def test_a_click_on_the_button_on_rebounds_own_page_explains_itself(page, seeker):
    sign_in(page, seeker)
    page.goto(reverse("jobhunt:bookmarklet"))

    page.locator("#bookmarklet").click()

    expect(page.locator("#bookmarklet-hint")).to_have_text(
        "Drag this button to your bookmarks bar first; then click it on a job's page."
    )
    expect(page).to_have_url(re.compile(reverse("jobhunt:bookmarklet")))
