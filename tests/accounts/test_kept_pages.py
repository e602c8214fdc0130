"""Pages kept for a person (accounts.freshness): served again only while nothing of theirs changed."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.freshness import mark_changed, page_key
from accounts.models import User
from jobhunt import csv_import
from jobhunt.models import Application, ImportJob
from reminders import services as reminders
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("jobhunt:dashboard")


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


@pytest.fixture
def browser(user):
    """A signed-in browser that holds a CSRF cookie, as one does after its first page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(DASHBOARD)
    assert client.cookies.get("csrftoken")
    return client


@pytest.mark.parametrize(
    "url", [DASHBOARD, reverse("jobhunt:board"), reverse("jobhunt:application_list"), reverse("insights:overview")]
)
def test_an_unchanged_page_is_served_again_with_only_the_session_and_user_queries(browser, url):
    first, computed = _queries(browser, url)
    again, kept = _queries(browser, url)
    assert kept == 2 < computed  # session and user only
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_post_that_writes_shows_on_the_next_page(browser, user):
    page = browser.get(DASHBOARD).content.decode()
    response = browser.post(
        reverse("jobhunt:application_quick_add"),
        {"company_name": "Kept Page Labs", "role_title": "Gardener", "csrfmiddlewaretoken": _token(page)},
    )
    assert response.status_code == 302
    browser.get(response.url)  # the flash message is shown once, on a page written fresh
    assert "Kept Page Labs" in browser.get(DASHBOARD).content.decode()


def test_a_refused_post_keeps_the_pages(browser, user):
    browser.get(DASHBOARD)
    version = User.objects.get(pk=user.pk).data_version
    response = browser.post(reverse("jobhunt:application_quick_add"), {"company_name": "", "role_title": ""})
    assert response.status_code == 403  # no token
    page = browser.get(DASHBOARD).content.decode()
    response = browser.post(
        reverse("jobhunt:application_quick_add"),
        {"company_name": "", "role_title": "", "csrfmiddlewaretoken": _token(page)},
        follow=True,
    )
    assert not Application.objects.filter(user=user).exists()
    assert User.objects.get(pk=user.pk).data_version == version
    _response, queries = _queries(browser, DASHBOARD)
    assert queries == 2


def test_the_token_in_a_kept_page_is_accepted(browser, user):
    browser.get(DASHBOARD)
    kept = browser.get(DASHBOARD).content.decode()
    response = browser.post(
        reverse("jobhunt:application_quick_add"),
        {"company_name": "Token Works", "role_title": "Tester", "csrfmiddlewaretoken": _token(kept)},
    )
    assert response.status_code == 302
    assert Application.objects.filter(user=user, company__name="Token Works").exists()


def test_another_browser_of_the_same_person_gets_its_own_token(browser, user):
    browser.get(DASHBOARD)
    kept = browser.get(DASHBOARD).content.decode()
    other = Client(enforce_csrf_checks=True)
    other.force_login(user)
    other.get(DASHBOARD)
    theirs = other.get(DASHBOARD).content.decode()
    assert other.cookies["csrftoken"].value != browser.cookies["csrftoken"].value
    response = other.post(
        reverse("jobhunt:application_quick_add"),
        {"company_name": "Second Browser", "role_title": "Tester", "csrfmiddlewaretoken": _token(theirs)},
    )
    assert response.status_code == 302
    assert _token(kept) != _token(theirs)


def test_a_person_never_gets_a_page_kept_for_someone_else(user, other_user):
    ApplicationFactory(user=user, company__name="Mine Only Ltd")
    mark_changed(user)
    clients = []
    for person in (user, other_user):
        client = Client()
        client.force_login(person)
        client.cookies["csrftoken"] = "k" * 32  # the same CSRF secret, even
        clients.append(client)
    for client in clients:
        client.get(DASHBOARD)
    assert "Mine Only Ltd" in clients[0].get(DASHBOARD).content.decode()
    assert "Mine Only Ltd" not in clients[1].get(DASHBOARD).content.decode()


def test_a_waiting_message_is_shown_on_a_page_written_fresh(browser, user):
    browser.get(DASHBOARD)
    session = browser.session
    session["_messages"] = '[["__json_message",0,25,"Saved your plan."]]'
    session.save()
    response = browser.get(DASHBOARD)
    assert "Saved your plan." in response.content.decode()
    assert "Saved your plan." not in browser.get(DASHBOARD).content.decode()


def test_the_key_moves_with_the_version_and_the_local_date(rf, user, monkeypatch):
    request = rf.get(DASHBOARD)
    request.user = user
    request.session = {}
    request.META["CSRF_COOKIE"] = "s" * 32
    key = page_key(request)
    assert key is not None and page_key(request) == key
    mark_changed(user)
    user.refresh_from_db()
    moved = page_key(request)
    assert moved != key
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2040, 1, 2))
    assert page_key(request) not in (key, moved)


def test_no_page_is_kept_without_a_csrf_cookie_or_when_turned_off(client, user, settings):
    client.force_login(user)
    _response, first = _queries(client, DASHBOARD)  # the first page sets the cookie: not kept
    _response, second = _queries(client, DASHBOARD)
    assert second == first
    settings.PAGE_CACHE_SECONDS = 0
    _response, third = _queries(client, DASHBOARD)
    _response, fourth = _queries(client, DASHBOARD)
    assert third == fourth == first


def test_a_full_save_of_an_older_copy_does_not_wind_the_version_back(user):
    copy = User.objects.get(pk=user.pk)
    mark_changed(user)
    copy.display_name = "Older copy"
    copy.save()
    saved = User.objects.get(pk=user.pk)
    assert saved.display_name == "Older copy"
    assert saved.data_version == 1


def test_unsubscribing_from_an_email_marks_the_data_changed(user):
    reminders.unsubscribe(user=user, kind="weekly_plan")
    assert User.objects.get(pk=user.pk).data_version == 1


def test_an_import_run_by_a_worker_marks_the_data_changed(user):
    data = b"Company,Role,Status,Date applied\nImported Co,Analyst,Applied,2026-01-05\n"
    job = csv_import.import_upload(user=user, file_name="one.csv", data=data)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)
    job = csv_import.import_run(job_id=job.pk)
    assert job.imported == 1
    assert User.objects.get(pk=user.pk).data_version == 1


def test_pages_are_written_as_usual_when_the_cache_server_is_away(browser, shared_cache_away):
    for _visit in range(2):
        response, queries = _queries(browser, DASHBOARD)
        assert queries > 2
    assert "Quick add" in response.content.decode()
