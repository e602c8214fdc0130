"""Every page's happy path: it renders what it promises, and every write lands where it should."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Application, Company, Contact, Interview, StageEvent, Status
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("board", []),
        ("application_list", []),
        ("application_create", []),
        ("application_detail", [1]),
        ("company_list", []),
        ("contact_list", []),
    ],
)
def test_pages_ask_a_stranger_to_log_in(client, db, name, args):
    response = client.get(reverse(f"jobhunt:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Quick add ---------------------------------------------------------------------------------------


def test_quick_add_creates_the_application_and_matches_the_company(signed_in, user, company):
    response = signed_in.post(
        reverse("jobhunt:application_quick_add"), {"company_name": "FERNHILL robotics", "role_title": "SRE"}
    )

    application = Application.objects.get(role_title="SRE")
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert (application.user, application.company, application.status) == (user, company, Status.APPLIED)


def test_quick_add_without_a_role_explains_what_is_missing(signed_in):
    response = signed_in.post(
        reverse("jobhunt:application_quick_add"), {"company_name": "Glasswing", "role_title": "  "}, follow=True
    )
    assert not Application.objects.exists()
    assert messages_of(response) == ["To add an application quickly, give both the company and the role."]


# Board -------------------------------------------------------------------------------------------


def test_board_has_a_column_per_active_stage_the_endings_below_and_a_move_link_on_each_card(signed_in, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer", status="screening")

    response = signed_in.get(reverse("jobhunt:board"))

    html = response.content.decode()
    for status in Status.values:
        assert f'data-status="{status}"' in html
    assert html.index('data-status="offer"') < html.index('id="ended-heading"') < html.index('data-status="rejected"')
    assert f'href="{reverse("jobhunt:application_move", args=[application.pk])}?next=/board/"' in html
    assert "js/board.js" in html
    assert "<script>" not in html  # no inline scripts: the page works without JavaScript


def test_a_cards_move_page_lists_the_other_stages_as_buttons_and_moves_on_a_click(signed_in, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer", status="screening")
    url = reverse("jobhunt:application_move", args=[application.pk])

    page = signed_in.get(url, {"next": "/board/"}).content.decode()

    assert 'name="to_status" value="interviewing"' in page and 'name="to_status" value="screening"' not in page
    response = signed_in.post(url, {"to_status": "interviewing", "next": "/board/"})
    application.refresh_from_db()
    assert (application.status, response["Location"]) == ("interviewing", "/board/")


# List --------------------------------------------------------------------------------------------


def test_list_paginates_by_25_and_keeps_the_filters_in_page_links(signed_in, user):
    for n in range(30):
        ApplicationFactory(user=user, role_title=f"Data Engineer {n}")
    ApplicationFactory(user=user, role_title="Designer")

    response = signed_in.get(reverse("jobhunt:application_list"), {"q": "data", "sort": "role"})

    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (30, 25)
    assert "?q=data&amp;sort=role&amp;page=2" in response.content.decode()
    second = signed_in.get(reverse("jobhunt:application_list"), {"q": "data", "sort": "role", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_filters_by_status_and_company(signed_in, user, company):
    wanted = ApplicationFactory(user=user, company=company, status="offer")
    ApplicationFactory(user=user, company=company)
    ApplicationFactory(user=user, status="offer")

    response = signed_in.get(reverse("jobhunt:application_list"), {"status": "offer", "company": company.pk})

    assert [row.pk for row in response.context["page"].object_list] == [wanted.pk]


def test_list_with_bad_filters_shows_errors_and_ignores_them(signed_in, user):
    ApplicationFactory(user=user)

    response = signed_in.get(
        reverse("jobhunt:application_list"), {"status": "hired", "company": "abc", "sort": "luck", "page": "x"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"status", "company", "sort"}
    assert response.context["page"].paginator.count == 1


def test_list_of_a_new_user_invites_the_first_application(signed_in):
    response = signed_in.get(reverse("jobhunt:application_list"))
    assert "Add your first one" in response.content.decode()


# Applications ------------------------------------------------------------------------------------


def test_creating_an_application_with_a_known_company(signed_in, user, company, contact):
    response = signed_in.post(
        reverse("jobhunt:application_create"),
        {
            "company_name": company.name.upper(),
            "role_title": "Platform Engineer",
            "status": "screening",
            "job_url": "https://fernhill.example/jobs/42",
            "source": "referral",
            "interest": "5",
            "date_applied": "2026-01-15",
            "contacts": [contact.pk],
            "notes": "Maya referred me.",
        },
    )

    application = Application.objects.get(role_title="Platform Engineer")
    assert response["Location"] == application.get_absolute_url()
    assert (application.user, application.company, application.status) == (user, company, "screening")
    assert application.date_applied == datetime.date(2026, 1, 15)
    assert list(application.contacts.all()) == [contact]
    assert application.events.get().to_status == "screening"


def test_creating_an_application_with_a_new_company(signed_in, user):
    signed_in.post(
        reverse("jobhunt:application_create"),
        {
            "company_name": "Lanternfish AI",
            "role_title": "ML Engineer",
            "status": "applied",
            "source": "job_board",
            "interest": 3,
        },
    )
    application = Application.objects.get()
    assert application.company.name == "Lanternfish AI"
    assert application.company.user == user
    assert application.date_applied == timezone.localdate()


def test_creating_without_any_company_asks_for_one(signed_in):
    response = signed_in.post(
        reverse("jobhunt:application_create"),
        {"role_title": "ML Engineer", "status": "applied", "source": "job_board", "interest": 3},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"company_name": ["This field is required."]}
    assert not Application.objects.exists()


def test_application_detail_shows_timeline_interviews_people_and_move_form(signed_in, application, interview):
    from jobhunt import services

    services.application_move(application=application, to_status="screening", note="Phone call on Monday")

    response = signed_in.get(application.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Phone call on Monday" in html
    assert interview.get_absolute_url() in html
    assert "Maya Lindqvist" in html
    assert reverse("jobhunt:application_move", args=[application.pk]) in html
    assert reverse("jobhunt:application_edit", args=[application.pk]) in html
    assert reverse("jobhunt:application_delete", args=[application.pk]) in html
    assert [e.to_status for e in response.context["events"]] == ["screening", "applied"]


def test_application_detail_drafts_one_polite_follow_up_after_a_silent_week(signed_in, user, company, contact):
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    application = ApplicationFactory(
        user=user, company=company, role_title="Data Analyst", contacts=[contact], when=eight_days_ago
    )

    response = signed_in.get(application.get_absolute_url())

    draft = response.context["follow_up"]
    assert draft["to"] == contact
    assert "Data Analyst" in draft["body"] and "Fernhill Robotics" in draft["body"]
    assert draft["mailto"].startswith(f"mailto:{contact.email}?subject=")
    assert 'id="follow-up"' in response.content.decode()


def test_application_detail_offers_no_follow_up_before_a_week_has_passed(signed_in, application):
    response = signed_in.get(application.get_absolute_url())

    assert response.context["follow_up"] is None
    assert 'id="follow-up"' not in response.content.decode()


@pytest.mark.parametrize(("asked", "preselected"), [("ghosted", "ghosted"), ("nonsense", "applied")])
def test_the_silence_email_link_preselects_ghosted_in_the_move_form(signed_in, application, asked, preselected):
    response = signed_in.get(application.get_absolute_url(), {"move": asked})

    assert response.status_code == 200
    assert response.context["move_form"].initial["to_status"] == preselected


def test_application_detail_renders_application_panels(signed_in, application, settings, monkeypatch):
    from jobhunt import extensions

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}]
    monkeypatch.setitem(
        extensions._APPLICATION,
        "note",
        extensions.Panel(name="note", template="tests/panel.html", context=lambda a: {"message": a.role_title}),
    )

    html = signed_in.get(application.get_absolute_url()).content.decode()
    assert "Panel for : Backend Engineer" in html


def test_editing_an_application_keeps_its_status_and_timeline(signed_in, application, user):
    other_contact = ContactFactory(user=user)

    response = signed_in.post(
        reverse("jobhunt:application_edit", args=[application.pk]),
        {
            "company_name": application.company.name,
            "role_title": "Senior Backend Engineer",
            "status": "offer",  # not a field of the edit form: ignored
            "source": "job_board",
            "interest": 4,
            "contacts": [other_contact.pk],
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.role_title == "Senior Backend Engineer"
    assert application.status == "applied"
    assert list(application.contacts.all()) == [other_contact]
    assert application.events.count() == 1


def test_the_edit_form_has_no_status_field(signed_in, application):
    response = signed_in.get(reverse("jobhunt:application_edit", args=[application.pk]))
    assert "status" not in response.context["form"].fields
    assert 'name="to_status"' not in response.content.decode()


def test_deleting_an_application_asks_first_then_deletes(signed_in, application):
    url = reverse("jobhunt:application_delete", args=[application.pk])

    confirm = signed_in.get(url)
    assert confirm.status_code == 200
    assert Application.objects.filter(pk=application.pk).exists()

    response = signed_in.post(url)
    assert response["Location"] == reverse("jobhunt:application_list")
    assert not Application.objects.filter(pk=application.pk).exists()


# Moves -------------------------------------------------------------------------------------------


def move(client, application, **data):
    return client.post(reverse("jobhunt:application_move", args=[application.pk]), data)


def test_a_move_goes_back_to_the_page_it_came_from(signed_in, application):
    response = move(signed_in, application, to_status="interviewing", note="Onsite booked", next="/board/")

    assert response["Location"] == "/board/"
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert application.events.first().note == "Onsite booked"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/board/", ""])
def test_a_move_never_redirects_off_site(signed_in, application, next_url):
    response = move(signed_in, application, to_status="screening", next=next_url)
    assert response["Location"] == application.get_absolute_url()


def test_a_move_to_an_unknown_stage_is_a_clear_message(signed_in, application):
    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]), {"to_status": "hired"}, follow=True
    )

    assert response.status_code == 200
    assert messages_of(response) == ["That move didn't happen: “hired” is not a stage Rebound knows."]
    application.refresh_from_db()
    assert application.status == "applied"


def test_a_move_to_the_same_stage_says_so(signed_in, application):
    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]), {"to_status": "applied"}, follow=True
    )
    assert messages_of(response) == [f"{application} is already in Applied."]
    assert application.events.count() == 1


def test_a_move_from_the_board_script_answers_in_json(signed_in, application):
    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]),
        {"to_status": "offer"},
        headers={"accept": "application/json"},
    )
    assert json.loads(response.content) == {"ok": True, "moved": True, "status": "offer", "label": "Offer"}

    bad = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]),
        {"to_status": "nope"},
        headers={"accept": "application/json"},
    )
    assert bad.status_code == 400
    assert json.loads(bad.content)["ok"] is False


def test_opening_the_move_page_changes_nothing(signed_in, application):
    assert signed_in.get(reverse("jobhunt:application_move", args=[application.pk])).status_code == 200
    application.refresh_from_db()
    assert application.status == "applied" and application.events.count() == 1


def test_a_rejection_gets_a_kind_word(signed_in, application):
    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]), {"to_status": "rejected"}, follow=True
    )
    assert "That's hard." in messages_of(response)[0]


# Companies ---------------------------------------------------------------------------------------


def test_company_list_counts_applications(signed_in, user, company):
    ApplicationFactory(user=user, company=company)
    ApplicationFactory(user=user, company=company, status="rejected")

    response = signed_in.get(reverse("jobhunt:company_list"))

    [row] = response.context["page"].object_list
    assert (row.name, row.application_count, row.live_count) == ("Fernhill Robotics", 2, 1)


def test_company_create_detail_edit_and_delete(signed_in, user):
    response = signed_in.post(
        reverse("jobhunt:company_create"), {"name": "Pebblestack", "website": "https://pebblestack.example"}
    )
    company = Company.objects.get(name="Pebblestack")
    assert company.user == user
    assert response["Location"] == company.get_absolute_url()

    assert "Pebblestack" in signed_in.get(company.get_absolute_url()).content.decode()

    signed_in.post(reverse("jobhunt:company_edit", args=[company.pk]), {"name": "Pebblestack Ltd", "notes": "Remote"})
    company.refresh_from_db()
    assert (company.name, company.notes) == ("Pebblestack Ltd", "Remote")

    assert signed_in.get(reverse("jobhunt:company_delete", args=[company.pk])).status_code == 200
    signed_in.post(reverse("jobhunt:company_delete", args=[company.pk]))
    assert not Company.objects.exists()


def test_company_name_may_keep_its_own_name_when_edited(signed_in, company):
    response = signed_in.post(reverse("jobhunt:company_edit", args=[company.pk]), {"name": "FERNHILL ROBOTICS"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "FERNHILL ROBOTICS"


def test_company_detail_lists_its_applications_and_people(signed_in, application, contact):
    response = signed_in.get(application.company.get_absolute_url())
    html = response.content.decode()
    assert application.get_absolute_url() in html
    assert contact.get_absolute_url() in html


# Contacts ----------------------------------------------------------------------------------------


def test_contact_create_detail_edit_and_delete(signed_in, user, company):
    form = signed_in.get(reverse("jobhunt:contact_create"), {"company": company.pk})
    assert form.context["form"].initial["company_name"] == company.name

    signed_in.post(
        reverse("jobhunt:contact_create"),
        {
            "name": "Priya Raman",
            "role": "recruiter",
            "company_name": company.name,
            "email": "priya@brightwater.example",
            "linkedin_url": "https://www.linkedin.example/in/priya",
            "last_contacted": "2026-02-01",
            "relationship_strength": 4,
        },
    )
    contact = Contact.objects.get(name="Priya Raman")
    assert (contact.user, contact.company, contact.relationship_strength) == (user, company, 4)

    assert "priya@brightwater.example" in signed_in.get(contact.get_absolute_url()).content.decode()

    signed_in.post(
        reverse("jobhunt:contact_edit", args=[contact.pk]),
        {"name": "Priya R.", "role": "hiring_manager", "relationship_strength": 5},
    )
    contact.refresh_from_db()
    assert (contact.name, contact.role, contact.company) == ("Priya R.", "hiring_manager", None)

    assert signed_in.get(reverse("jobhunt:contact_delete", args=[contact.pk])).status_code == 200
    signed_in.post(reverse("jobhunt:contact_delete", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_contact_list_searches_names_and_companies(signed_in, user, contact):
    ContactFactory(user=user, name="Ben Osei", company=None)

    response = signed_in.get(reverse("jobhunt:contact_list"), {"q": "fernhill"})

    assert list(response.context["page"].object_list) == [contact]


def test_contact_detail_shows_their_applications_and_interviews(signed_in, application, interview, contact):
    html = signed_in.get(contact.get_absolute_url()).content.decode()
    assert application.get_absolute_url() in html
    assert interview.get_absolute_url() in html


# Interviews --------------------------------------------------------------------------------------


def test_interview_create_detail_edit_and_delete(signed_in, application, contact):
    url = reverse("jobhunt:interview_create", args=[application.pk])
    assert list(signed_in.get(url).context["form"].initial["contacts"]) == [contact]

    response = signed_in.post(
        url,
        {"scheduled_at": "2030-05-04T10:30", "kind": "technical", "contacts": [contact.pk], "outcome": "pending"},
    )
    interview = Interview.objects.get()
    assert response["Location"] == application.get_absolute_url()
    assert interview.application == application
    assert timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2030-05-04 10:30"
    assert list(interview.contacts.all()) == [contact]

    assert "Technical interview" in signed_in.get(interview.get_absolute_url()).content.decode()

    signed_in.post(
        reverse("jobhunt:interview_edit", args=[interview.pk]),
        {"scheduled_at": "2030-05-04T11:00", "kind": "final", "outcome": "passed", "notes": "Went well"},
    )
    interview.refresh_from_db()
    assert (interview.kind, interview.outcome, interview.notes) == ("final", "passed", "Went well")
    assert interview.contacts.count() == 0

    assert signed_in.get(reverse("jobhunt:interview_delete", args=[interview.pk])).status_code == 200
    response = signed_in.post(reverse("jobhunt:interview_delete", args=[interview.pk]))
    assert response["Location"] == application.get_absolute_url()
    assert not Interview.objects.exists()


# Stats, now part of insights ----------------------------------------------------------------------


def test_the_old_stats_address_leads_to_insights(signed_in):
    response = signed_in.get("/stats/")
    assert response.status_code == 301
    assert response["Location"] == reverse("insights:overview")


def test_timeline_is_written_only_by_moves(signed_in, application):
    move(signed_in, application, to_status="screening")
    move(signed_in, application, to_status="interviewing")
    assert list(StageEvent.objects.filter(application=application).values_list("to_status", flat=True)) == [
        "interviewing",
        "screening",
        "applied",
    ]


def test_the_main_menu_lists_the_main_pages_in_order(signed_in):
    html = signed_in.get(reverse("jobhunt:board")).content.decode()
    positions = [
        html.index(f">{label}</a>")
        for label in ["Today", "Board", "Applications", "Journeys", "Insights", "Contacts", "Companies"]
    ]
    assert positions == sorted(positions)
    assert f'href="{reverse("jobhunt:board")}" aria-current="page"' in html


def test_company_factory_is_owned(user):
    assert CompanyFactory(user=user).user == user
