"""New application from a posting: its link (read by the server), its pasted text, or what the
bookmarklet read in the browser. Each fills in the form; nothing is saved until the person
adds it through the form's own POST."""

import json
import re

import pytest
from django.urls import reverse

from jobhunt import capture
from jobhunt.models import Application, Status
from tests.factories import ApplicationFactory
from tests.jobhunt.postings.test_reading import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(server, monkeypatch):
    """The local posting server let through the fetch's checks, as only a test may."""
    monkeypatch.setattr(capture, "ALLOWANCE", server.allowance)
    return server


def read_link(client, url):
    return client.post(reverse("jobhunt:application_read_link"), {"url": url})


def initial(response) -> dict:
    return response.context["form"].initial


def test_a_link_fills_in_the_form_from_the_postings_markup_and_saves_nothing(signed_in, allowed):
    allowed.page("/jobs/4410", page("greenhouse_like.html"))
    url = allowed.url("/jobs/4410")

    response = read_link(signed_in, url)

    values = initial(response)
    assert response.status_code == 200
    assert (values["company_name"], values["role_title"], values["location"]) == (
        "Fernhill Robotics",
        "Senior Backend Engineer",
        "Portland, OR, US",
    )
    assert (values["salary_min"], values["salary_max"], values["salary_currency"]) == (150000, 185000, "USD")
    assert (str(values["date_posted"]), str(values["closes_on"])) == ("2025-02-03", "2025-03-31")
    assert values["employment_type"] == "full_time"
    assert values["job_url"] == url
    assert values["status"] == Status.SAVED
    assert "<strong>APIs</strong>" in values["description"]
    body = response.content.decode()
    assert "Filled in from 127.0.0.1" in body and "nothing is kept until you do" in body
    assert f'action="{reverse("jobhunt:application_create")}"' in body
    assert not Application.objects.exists()


def test_the_filled_in_form_saves_like_any_other(signed_in, user, allowed):
    allowed.page("/jobs/4410", page("greenhouse_like.html"))
    values = initial(read_link(signed_in, allowed.url("/jobs/4410")))
    form = {name: value for name, value in values.items() if value is not None}
    form |= {"source": "job_board", "interest": 3, "applied_how": "online"}

    response = signed_in.post(reverse("jobhunt:application_create"), form)

    application = Application.objects.get(user=user)
    assert response.status_code == 302
    assert (application.company.name, application.status) == ("Fernhill Robotics", Status.SAVED)
    assert application.advertised_pay == "$150,000–185,000 a year"
    assert "Design APIs" in application.description_text


def test_without_the_test_allowance_a_loopback_link_is_refused_and_never_contacted(signed_in, listener):
    response = read_link(signed_in, f"http://127.0.0.1:{listener.port}/jobs/1")

    assert response.context["link_form"].errors["url"] == [
        f"Links to port {listener.port} can't be read: only ordinary web addresses (ports 80 and 443) are allowed."
    ]
    assert not listener.was_contacted()
    response = read_link(signed_in, "http://127.0.0.1/jobs/1")
    assert "private or internal network address" in response.context["link_form"].errors["url"][0]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "Paste the link to the job posting."),
        ("javascript:alert(1)", "Only web links"),
        ("ftp://files.example/job.txt", "Only web links"),
        ("https://user:secret@boards.example/jobs/1", "user name or password"),
        ("x" * 1001, "too long"),
    ],
)
def test_a_link_that_cannot_be_read_gets_a_message_on_the_field_and_the_form_stays_empty(signed_in, url, words):
    response = read_link(signed_in, url)

    assert response.status_code == 200
    assert words in " ".join(response.context["link_form"].errors["url"])
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
    assert not response.context["form"].initial
    assert not Application.objects.exists()


def test_a_page_that_answers_404_says_so(signed_in, allowed):
    response = read_link(signed_in, allowed.url("/gone"))

    assert "404" in response.context["link_form"].errors["url"][0]


def test_a_page_with_nothing_to_read_says_so_and_keeps_the_link(signed_in, allowed):
    allowed.page("/blank", "<html><body><div></div></body></html>")

    response = read_link(signed_in, allowed.url("/blank"))

    assert "Nothing about the job could be read" in response.content.decode()
    assert initial(response)["job_url"] == allowed.url("/blank")


def test_a_link_copied_without_its_scheme_is_read_as_https(signed_in, monkeypatch):
    asked = []
    monkeypatch.setattr(capture, "from_link", lambda url: asked.append(url) or capture.from_text("Analyst"))

    read_link(signed_in, "boards.example/jobs/7")

    assert asked == ["https://boards.example/jobs/7"]


def test_hostile_markup_in_a_posting_never_reaches_the_page_as_markup(signed_in, allowed):
    allowed.page("/evil", page("hostile.html"))

    body = read_link(signed_in, allowed.url("/evil")).content.decode()

    assert "<script>alert" not in body
    assert "onerror=" not in body.replace("&quot;", '"').split("<textarea")[0]
    textarea = re.search(r'<textarea name="description"[^>]*>(.*?)</textarea>', body, re.S)
    assert textarea and "<script" not in textarea[1]


def test_a_job_already_kept_is_pointed_out(signed_in, user, allowed):
    allowed.page("/jobs/4410", page("greenhouse_like.html"))
    mine = ApplicationFactory(user=user, role_title="Backend", job_url=allowed.url("/jobs/4410"))

    body = read_link(signed_in, allowed.url("/jobs/4410")).content.decode()

    assert "You already have this job" in body and mine.get_absolute_url() in body


def test_pasted_text_keeps_the_description_and_guesses_role_and_company(signed_in):
    response = signed_in.post(reverse("jobhunt:application_read_text"), {"text": page("pasted_labelled.txt")})

    values = initial(response)
    assert values["role_title"] and values["company_name"]
    assert values["description"].startswith("<p>")
    assert "the text you pasted" in response.content.decode()
    assert not Application.objects.exists()


def test_empty_pasted_text_is_a_field_error(signed_in):
    response = signed_in.post(reverse("jobhunt:application_read_text"), {"text": "  "})

    assert response.context["text_form"].errors["text"] == ["Paste the posting's text first."]
    assert " open>" in response.content.decode()  # the pasted-text part stays open to show it


def test_reading_needs_a_post_and_a_signed_in_person(client, signed_in):
    assert signed_in.get(reverse("jobhunt:application_read_link")).status_code == 405
    assert signed_in.get(reverse("jobhunt:application_read_text")).status_code == 405
    client.logout()
    response = client.post(reverse("jobhunt:application_read_link"), {"url": "https://boards.example/1"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# The bookmarklet ---------------------------------------------------------------------------------


def test_the_bookmarklet_page_offers_a_button_for_this_site(signed_in):
    body = signed_in.get(reverse("jobhunt:bookmarklet")).content.decode()

    code = re.search(r'id="bookmarklet-code"[^>]*>(.*?)</textarea>', body, re.S)[1]
    assert code.startswith("javascript:(function(){")
    assert "&quot;http://testserver&quot;" in code
    assert "http://testserver/applications/capture/" in code
    assert "Drag the button below to your bookmarks bar" in body


def test_the_capture_page_is_prefilled_from_the_link_and_title_alone(signed_in):
    response = signed_in.get(
        reverse("jobhunt:application_capture"),
        {"url": "https://boards.example/jobs/7", "title": "Data Analyst - Bluebell | Boards"},
    )

    values = initial(response)
    assert (values["role_title"], values["job_url"]) == ("Data Analyst", "https://boards.example/jobs/7")
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"  # keeps its link to the posting's page
    assert 'id="capture-form"' in response.content.decode()
    assert not Application.objects.exists()


def test_what_the_browser_read_fills_in_the_form_and_saves_nothing(signed_in):
    markup = re.search(r'<script type="application/ld\+json">(.*?)</script>', page("greenhouse_like.html"), re.S)[1]

    response = signed_in.post(
        reverse("jobhunt:application_capture"),
        {
            "url": "https://boards.example/fernhill/jobs/4410",
            "title": "Job Application for Senior Backend Engineer at Fernhill Robotics",
            "selection": "",
            "jsonld": json.dumps([markup, "not json", "</script><script>alert(1)</script>"]),
            "tags": json.dumps({"og:site_name": "Greenhouse", "evil": "x"}),
        },
    )

    values = initial(response)
    assert (values["company_name"], values["salary_max"]) == ("Fernhill Robotics", 185000)
    assert "Filled in from boards.example" in response.content.decode()
    assert 'id="capture-form"' not in response.content.decode()  # read once: no second round
    assert not Application.objects.exists()


def test_selected_text_becomes_the_description_when_the_page_has_no_markup(signed_in):
    response = signed_in.post(
        reverse("jobhunt:application_capture"),
        {"url": "https://jobs.example/1", "title": "Careers", "selection": "We need a gardener.\n\nWeekends only."},
    )

    assert initial(response)["description"] == "<p>We need a gardener.</p><p>Weekends only.</p>"


@pytest.mark.parametrize(
    "data",
    [
        {"url": "javascript:alert(1)", "title": "x" * 5000},
        {"jsonld": "{" * 10_000, "tags": "[1, 2]"},
        {"jsonld": json.dumps([{"not": "a string"}] * 50), "tags": json.dumps({"og:title": ["list"]})},
        {"selection": "s" * 200_000},
    ],
)
def test_whatever_a_page_sends_it_only_ever_fills_a_form(signed_in, data):
    response = signed_in.post(reverse("jobhunt:application_capture"), data)

    assert response.status_code == 200
    assert "job_url" not in initial(response) or initial(response)["job_url"].startswith("http")
    assert not Application.objects.exists()


def test_a_capture_from_another_site_is_refused_without_a_csrf_token(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("jobhunt:application_capture"), {"url": "https://evil.example/"})

    assert response.status_code == 403
