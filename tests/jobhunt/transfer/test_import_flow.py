"""The import steps: upload, match columns, check the rows, import all at once (in the request or
in the background), with duplicates skipped and nothing written until the last step."""

import ast
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobhunt import csv_import, tasks
from jobhunt.csv_import import writing
from jobhunt.models import Application, Company, Contact, ImportJob, Source, StageEvent, Status
from jobhunt.signals import application_moved
from recovery.models import Journey
from reminders.models import Reminder
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Company", "Job Title", "Status", "Date Applied"]


def days_ago(user, days):
    return user.local_today() - timedelta(days=days)


def counts():
    return {
        "applications": Application.objects.count(),
        "companies": Company.objects.count(),
        "contacts": Contact.objects.count(),
        "events": StageEvent.objects.count(),
        "reminders": Reminder.objects.count(),
        "journeys": Journey.objects.count(),
    }


def uploaded(upload, rows):
    assert upload(csv_bytes(rows)).status_code == 302
    return ImportJob.objects.latest("pk")


# Upload and columns ----------------------------------------------------------------------------


def test_an_upload_guesses_the_columns_and_asks_to_check_them(signed_in, upload):
    response = upload(csv_bytes([["Employer", "Position", "Stage", "Applied on", "Misc"], ["A", "B", "", ""]]))

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("jobhunt:import_columns", args=[job.pk])
    assert job.mapping == {"0": "company", "1": "role_title", "2": "status", "3": "date_applied"}
    page = signed_in.get(response["Location"]).content.decode()
    assert '<option value="company" selected>' in page
    assert '<option value="date_applied" selected>' in page


def test_the_columns_need_a_company_and_a_role(signed_in, upload):
    job = uploaded(upload, [["Name", "Job Title"], ["Acme", "Engineer"]])

    response = signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {"column_1": "role_title"})

    assert response.status_code == 200
    assert "Pick the column that holds the company." in response.content.decode()
    job.refresh_from_db()
    assert job.mapping == {"1": "role_title"}


def test_one_field_takes_one_column_but_several_columns_can_go_into_the_notes(signed_in, upload, user):
    job = uploaded(upload, [["Company", "Role", "Title", "Why", "Perks"], ["Acme", "Eng", "Dev", "Mission", "Gym"]])
    url = reverse("jobhunt:import_columns", args=[job.pk])

    twice = signed_in.post(url, {"column_0": "company", "column_1": "role_title", "column_2": "role_title"})
    assert "Only one column can be the role." in twice.content.decode()

    signed_in.post(url, {"column_0": "company", "column_1": "role_title", "column_3": "notes", "column_4": "notes"})
    signed_in.post(reverse("jobhunt:import_preview", args=[job.pk]))
    assert Application.objects.get().notes == "Why: Mission\nPerks: Gym"


# Preview ---------------------------------------------------------------------------------------


def test_the_preview_shows_what_will_happen_and_writes_nothing(signed_in, upload, user):
    job = uploaded(
        upload,
        [
            HEADER,
            ["Fernhill Robotics", "Backend Engineer", "Applied", days_ago(user, 3).isoformat()],
            ["", "No company", "Applied", ""],
            ["Bluebell Pay", "Platform Engineer", "Maybe later?", ""],
            ["Kestrel", "Gameplay", "Interview", "next Tuesday"],
        ],
    )
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})
    before = counts()

    page = signed_in.get(reverse("jobhunt:import_preview", args=[job.pk])).content.decode()

    assert "<strong>1</strong> application will be added." in page
    assert "3 rows with a problem will be skipped." in page
    assert "No company." in page
    assert "Stage “Maybe later?” isn&#x27;t one Rebound knows" in page
    assert "Date applied “next Tuesday” is not a date." in page
    assert "Import 1 application" in page
    assert counts() == before


def test_an_ambiguous_date_asks_for_the_order_and_reads_it_once_chosen(signed_in, upload, imported):
    job = uploaded(upload, [HEADER, ["Fernhill", "Engineer", "Applied", "04/03/2025"]])
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})

    page = signed_in.get(reverse("jobhunt:import_preview", args=[job.pk])).content.decode()
    assert "could be read day first or month first" in page

    job = imported(csv_bytes([HEADER, ["Fernhill", "Engineer", "Applied", "04/03/2025"]]), date_order="mdy")
    assert job.state == ImportJob.State.DONE
    assert Application.objects.get().date_applied.isoformat() == "2025-04-03"


def test_the_file_settles_the_date_order_when_one_date_can_only_be_read_one_way(imported):
    imported(
        csv_bytes([HEADER, ["Fernhill", "Engineer", "", "04/03/2025"], ["Bluebell", "Engineer", "", "25/03/2025"]])
    )

    assert sorted(Application.objects.values_list("date_applied", flat=True)) == [
        datetime(2025, 3, 4).date(),
        datetime(2025, 3, 25).date(),
    ]


def test_a_date_in_the_future_is_a_problem(signed_in, upload, user):
    job = uploaded(
        upload, [HEADER, ["Fernhill", "Engineer", "Applied", (user.local_today() + timedelta(1)).isoformat()]]
    )
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})

    check = csv_import.check_rows(ImportJob.objects.get())

    assert "is in the future" in check.rows[0].problems[0]


# Importing -------------------------------------------------------------------------------------


def test_importing_writes_each_application_with_its_timeline_reminders_and_people(imported, user):
    existing = ContactFactory(
        user=user, company=CompanyFactory(user=user, name="Fernhill Robotics"), email="maya@f.example"
    )
    applied = days_ago(user, 2)
    job = imported(
        csv_bytes(
            [
                [
                    *HEADER,
                    "Link",
                    "Location",
                    "Source",
                    "Salary",
                    "Excitement",
                    "Notes",
                    "Recruiter",
                    "Recruiter email",
                ],
                [
                    "fernhill robotics",
                    "Backend  Engineer",
                    "Applied",
                    applied.strftime("%d %b %Y"),
                    "fernhill.example/jobs/7",
                    "Leeds",
                    "Referred by Anna",
                    "£60k",
                    "5",
                    "Great team",
                    "Maya L.",
                    "MAYA@f.example",
                ],
                [
                    "Bluebell Pay",
                    "Platform Engineer",
                    "Interview",
                    "",
                    "",
                    "",
                    "LinkedIn",
                    "",
                    "",
                    "",
                    "Jonas Weber",
                    "",
                ],
            ]
        )
    )

    assert (job.state, job.imported, job.duplicates, job.skipped) == (ImportJob.State.DONE, 2, 0, 0)
    fernhill = Application.objects.get(company__name="Fernhill Robotics")
    assert fernhill.company == existing.company  # the company was matched whatever its case
    assert fernhill.role_title == "Backend Engineer"
    assert (fernhill.status, fernhill.date_applied) == (Status.APPLIED, applied)
    assert fernhill.job_url == "https://fernhill.example/jobs/7"
    assert (fernhill.location, fernhill.source, fernhill.interest) == ("Leeds", "referral", 5)
    assert fernhill.advertised_pay == "£60,000 a year"  # "£60k" read into an amount, a currency and a period
    assert fernhill.notes == "Great team"
    assert list(fernhill.contacts.all()) == [existing]  # the same person, known by email
    event = fernhill.events.get()
    assert (event.from_status, event.to_status, event.note) == ("", Status.APPLIED, "Imported from applications.csv")
    assert timezone.localdate(event.happened_at, user.tzinfo) == applied
    kinds = set(Reminder.objects.filter(object_id=fernhill.pk, state="scheduled").values_list("kind", flat=True))
    assert kinds == {"application_follow_up", "ghosting_check"}  # as application_create plans them

    bluebell = Application.objects.get(company__name="Bluebell Pay")
    assert bluebell.status == Status.INTERVIEWING
    assert bluebell.date_applied == user.local_today()  # no date: today, as application_create does
    assert [contact.name for contact in bluebell.contacts.all()] == ["Jonas Weber"]
    assert bluebell.contacts.get().company == bluebell.company


def test_a_later_stage_with_its_own_date_shows_applying_then_that_stage(imported, user):
    imported(
        csv_bytes(
            [
                [*HEADER, "Last updated"],
                ["Fernhill", "Engineer", "Interviewing", days_ago(user, 20).isoformat(), days_ago(user, 6).isoformat()],
            ]
        )
    )

    application = Application.objects.get()
    steps = list(application.events.order_by("happened_at").values_list("from_status", "to_status"))
    assert steps == [("", Status.APPLIED), (Status.APPLIED, Status.INTERVIEWING)]
    assert timezone.localdate(application.status_changed_at, user.tzinfo) == days_ago(user, 6)
    assert application.date_applied == days_ago(user, 20)


def test_recent_rejections_start_a_walkthrough_and_old_ones_are_filed_as_history(imported, user):
    imported(
        csv_bytes(
            [
                HEADER,
                ["Fernhill", "Engineer", "Rejected", days_ago(user, 5).isoformat()],
                ["Bluebell", "Engineer", "Rejected", days_ago(user, 400).isoformat()],
                ["Kestrel", "Engineer", "Ghosted", days_ago(user, 200).isoformat()],
                ["Lumen", "Engineer", "No response", days_ago(user, 45).isoformat()],
            ]
        )
    )

    assert Application.objects.filter(status__in=[Status.REJECTED, Status.GHOSTED]).count() == 4
    assert list(Journey.objects.values_list("application__company__name", flat=True)) == ["Fernhill"]


def test_duplicates_in_the_file_and_already_in_rebound_are_skipped(signed_in, imported, user):
    applied = days_ago(user, 10)
    ApplicationFactory(
        user=user,
        company=CompanyFactory(user=user, name="Fernhill Robotics"),
        role_title="Backend Engineer",
        date_applied=applied,
    )
    ApplicationFactory(user=user, company=CompanyFactory(user=user, name="Lumen"), role_title="SRE")
    job = imported(
        csv_bytes(
            [
                HEADER,
                ["FERNHILL ROBOTICS", "backend engineer", "Applied", applied.isoformat()],  # already in Rebound
                ["Fernhill Robotics", "Backend Engineer", "Applied", days_ago(user, 90).isoformat()],  # another time
                ["Bluebell", "Platform Engineer", "Applied", applied.isoformat()],
                ["bluebell", "Platform  Engineer", "Rejected", applied.isoformat()],  # repeated in the file
                ["Lumen", "SRE", "Applied", ""],  # no date: same company and role is enough
            ]
        )
    )

    assert (job.imported, job.duplicates) == (2, 3)
    assert Application.objects.filter(user=user).count() == 4
    assert Application.objects.get(company__name="Bluebell").status == Status.APPLIED


def test_importing_the_same_file_twice_adds_nothing_the_second_time(imported):
    data = csv_bytes([HEADER, ["Fernhill", "Engineer", "Applied", "2025-03-04"], ["Acme", "Dev", "Offer", ""]])
    imported(data)

    again = imported(data)

    assert (again.imported, again.duplicates) == (0, 2)
    assert Application.objects.count() == 2


def test_a_finished_import_keeps_no_copy_of_the_file(imported):
    job = imported(csv_bytes([HEADER, ["Fernhill", "Engineer", "", ""]]))

    assert job.text == ""
    assert job.processed == 1


def test_an_export_from_rebound_imports_back_into_another_account(signed_in, user, other_user, imported):
    company = CompanyFactory(user=other_user, name="Fernhill Robotics")
    contact = ContactFactory(user=other_user, company=company, name="Maya Lindqvist")
    ApplicationFactory(
        user=other_user,
        company=company,
        role_title="Backend Engineer",
        status=Status.SCREENING,
        location="Leeds",
        salary_min=60000,
        salary_max=70000,
        salary_currency="GBP",
        salary_period="year",
        interest=5,
        notes="Ask about on-call",
        date_applied=days_ago(other_user, 30),
        contacts=[contact],
    )
    them = Client()
    them.force_login(other_user)
    exported = b"".join(them.get(reverse("jobhunt:export_csv", args=["applications"])).streaming_content)

    job = imported(exported)

    assert job.imported == 1
    mine = Application.objects.get(user=user)
    fields = (
        *("company__name", "role_title", "status", "location", "interest", "notes", "date_applied"),
        *("salary_min", "salary_max", "salary_currency", "salary_period"),
    )
    theirs = Application.objects.filter(user=other_user).values(*fields).get()
    assert Application.objects.filter(pk=mine.pk).values(*fields).get() == theirs
    assert [contact.name for contact in mine.contacts.all()] == ["Maya Lindqvist"]


# Sources ---------------------------------------------------------------------------------------


def test_rows_without_a_source_are_not_recorded_rather_than_a_job_board(signed_in, upload, imported, user):
    rows = [["Company", "Role", "Source"], ["Fernhill", "Engineer", ""], ["Bluebell", "Engineer", "LinkedIn"]]
    job = uploaded(upload, rows)
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})
    preview = signed_in.get(reverse("jobhunt:import_preview", args=[job.pk])).content.decode()
    assert "Not recorded" in preview

    imported(csv_bytes(rows))
    imported(csv_bytes([HEADER, ["Kestrel", "Engineer", "Applied", ""]]))  # no source column at all

    sources = dict(Application.objects.values_list("company__name", "source"))
    assert sources == {"Fernhill": Source.UNKNOWN, "Bluebell": Source.JOB_BOARD, "Kestrel": Source.UNKNOWN}


def test_where_replies_come_from_lists_the_applications_with_no_source_last(signed_in, imported, user):
    ApplicationFactory(user=user, source=Source.REFERRAL)
    imported(csv_bytes([HEADER, ["Fernhill", "Engineer", "Rejected", days_ago(user, 3).isoformat()]]))
    ApplicationFactory(user=user, source=Source.OTHER)

    page = signed_in.get(reverse("insights:overview")).content.decode()

    table = page[page.index('id="sources-heading"') : page.index('id="stages-heading"')]
    labels = re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th>', table)
    assert labels == ["Referral", "Other", "Not recorded"]
    assert "“Not recorded” holds the applications with no source noted" in table


def test_the_sentence_about_unrecorded_sources_shows_only_when_there_are_some(signed_in, user):
    ApplicationFactory(user=user, source=Source.REFERRAL)

    page = signed_in.get(reverse("insights:overview")).content.decode()

    assert "Referral" in page
    assert "Not recorded" not in page


def test_an_application_typed_in_by_hand_still_starts_as_found_on_a_job_board(signed_in):
    page = signed_in.get(reverse("jobhunt:application_create")).content.decode()

    assert '<option value="job_board" selected>Job board</option>' in page
    assert '<option value="unknown">Not recorded</option>' in page


# All or nothing --------------------------------------------------------------------------------


@pytest.fixture
def failing_on_third_move():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs["application"].pk)
        if len(calls) == 3:
            raise RuntimeError("a receiver failed")

    application_moved.connect(receiver, dispatch_uid="test_failing_receiver")
    yield calls
    application_moved.disconnect(dispatch_uid="test_failing_receiver")


def test_a_failure_midway_leaves_nothing_behind(signed_in, imported, user, failing_on_third_move, monkeypatch):
    monkeypatch.setattr(writing, "WRITE_CHUNK", 2)  # the failure comes after a first chunk was written
    CompanyFactory(user=user, name="Already here")
    before = counts()
    rows = [HEADER] + [[f"Company {n}", "Engineer", "Applied", days_ago(user, n).isoformat()] for n in range(5)]

    job = imported(csv_bytes([[*HEADER, "Recruiter"]] + [[*row, f"Person {n}"] for n, row in enumerate(rows[1:])]))

    assert len(failing_on_third_move) == 3
    assert job.state == ImportJob.State.FAILED
    assert counts() == before
    assert "nothing was imported" in signed_in.get(reverse("jobhunt:import_status", args=[job.pk])).content.decode()


def test_a_failed_import_can_be_tried_again(signed_in, imported, failing_on_third_move):
    job = imported(csv_bytes([HEADER] + [[f"Company {n}", "Engineer", "", ""] for n in range(4)]))
    assert job.state == ImportJob.State.FAILED
    application_moved.disconnect(dispatch_uid="test_failing_receiver")

    page = signed_in.get(reverse("jobhunt:import_status", args=[job.pk])).content.decode()
    assert "Try again" in page
    signed_in.post(reverse("jobhunt:import_preview", args=[job.pk]))

    job.refresh_from_db()
    assert (job.state, job.imported) == (ImportJob.State.DONE, 4)


# In the background -----------------------------------------------------------------------------


@pytest.fixture
def big_is_three_rows(monkeypatch):
    monkeypatch.setattr(csv_import, "BACKGROUND_ABOVE", 2)


@pytest.fixture
def three_rows(signed_in, upload):
    job = uploaded(upload, [HEADER] + [[f"Company {n}", "Engineer", "Applied", ""] for n in range(3)])
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})
    return job


def test_a_big_import_is_queued_after_commit_and_run_by_the_task(
    signed_in, big_is_three_rows, three_rows, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.import_applications, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    assert response["Location"] == reverse("jobhunt:import_status", args=[three_rows.pk])
    three_rows.refresh_from_db()
    assert three_rows.state == ImportJob.State.QUEUED
    assert queued == []  # not before the commit
    assert not Application.objects.exists()
    page = signed_in.get(response["Location"]).content.decode()
    assert reverse("jobhunt:import_progress", args=[three_rows.pk]) in page
    assert "js/jobhunt-import.js" in page
    assert ">Refresh</a>" in page  # without JavaScript

    for callback in callbacks:
        callback()
    assert queued == [three_rows.pk]

    tasks.import_applications(three_rows.pk)  # what the worker runs
    three_rows.refresh_from_db()
    assert (three_rows.state, three_rows.imported) == (ImportJob.State.DONE, 3)


def test_without_a_broker_the_task_runs_in_process_after_commit(
    signed_in, big_is_three_rows, three_rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    three_rows.refresh_from_db()
    assert (three_rows.state, three_rows.imported) == (ImportJob.State.DONE, 3)


def test_a_task_delivered_twice_imports_once(
    signed_in, big_is_three_rows, three_rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    tasks.import_applications(three_rows.pk)

    assert Application.objects.count() == 3


def test_when_the_broker_is_down_the_import_can_be_started_again(
    signed_in, big_is_three_rows, three_rows, monkeypatch, django_capture_on_commit_callbacks
):
    def down(job_id):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(tasks.import_applications, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    three_rows.refresh_from_db()
    assert three_rows.state == ImportJob.State.FAILED
    page = signed_in.get(response["Location"]).content.decode()
    assert "couldn&#x27;t be started just now" in page
    assert "Try again" in page
    assert not Application.objects.exists()


def test_progress_is_reported_after_each_chunk_while_the_import_runs(
    signed_in, three_rows, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(writing, "WRITE_CHUNK", 2)
    seen = []

    def report(job_id, done):
        seen.append((done, ImportJob.objects.get(pk=job_id).state))
        caches["shared"].set(csv_import._progress_key(job_id), done)

    monkeypatch.setattr(csv_import, "report_progress", report)

    signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    assert seen == [(0, ImportJob.State.RUNNING), (2, ImportJob.State.RUNNING), (3, ImportJob.State.RUNNING)]


def test_the_progress_endpoint_reads_the_running_count(signed_in, three_rows):
    ImportJob.objects.filter(pk=three_rows.pk).update(state=ImportJob.State.RUNNING, started_at=timezone.now())
    caches["shared"].set(csv_import._progress_key(three_rows.pk), 2)

    status = signed_in.get(reverse("jobhunt:import_progress", args=[three_rows.pk])).json()

    assert status == {
        "state": "running",
        "label": "Importing",
        "processed": 2,
        "total": 3,
        "percent": 67,
        "finished": False,
        "stuck": False,
        "url": reverse("jobhunt:import_status", args=[three_rows.pk]),
    }


def test_progress_still_answers_when_the_shared_cache_is_away(signed_in, three_rows, monkeypatch):
    ImportJob.objects.filter(pk=three_rows.pk).update(state=ImportJob.State.RUNNING, started_at=timezone.now())

    class Away:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis is away")

        set = get

    monkeypatch.setattr(csv_import, "caches", {"shared": Away()})

    assert signed_in.get(reverse("jobhunt:import_progress", args=[three_rows.pk])).json()["processed"] == 0
    csv_import.report_progress(three_rows.pk, 1)  # the import itself goes on


def test_an_import_lost_on_the_way_can_be_started_again(signed_in, three_rows):
    long_ago = timezone.now() - csv_import.STUCK_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=three_rows.pk).update(state=ImportJob.State.RUNNING, started_at=long_ago)

    page = signed_in.get(reverse("jobhunt:import_status", args=[three_rows.pk])).content.decode()
    assert "stopped on the way" in page
    signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))

    three_rows.refresh_from_db()
    assert three_rows.state == ImportJob.State.DONE


def test_a_running_import_cannot_be_started_twice_or_removed(signed_in, three_rows):
    ImportJob.objects.filter(pk=three_rows.pk).update(state=ImportJob.State.RUNNING, started_at=timezone.now())

    signed_in.post(reverse("jobhunt:import_preview", args=[three_rows.pk]))
    signed_in.post(reverse("jobhunt:import_discard", args=[three_rows.pk]))

    assert ImportJob.objects.get(pk=three_rows.pk).state == ImportJob.State.RUNNING
    assert not Application.objects.exists()


def test_a_file_can_be_removed_before_importing(signed_in, three_rows):
    response = signed_in.post(reverse("jobhunt:import_discard", args=[three_rows.pk]))

    assert response["Location"] == reverse("jobhunt:transfer")
    assert not ImportJob.objects.exists()


def test_the_page_lists_recent_imports(signed_in, imported):
    imported(csv_bytes([HEADER, ["Fernhill", "Engineer", "", ""]]))

    page = signed_in.get(reverse("jobhunt:transfer")).content.decode()

    assert "applications.csv" in page
    assert "Imported: 1 added" in page


def test_files_never_imported_do_not_pile_up(upload, user, imported):
    done = imported(csv_bytes([HEADER, ["Fernhill", "Engineer", "", ""]]))
    for number in range(csv_import.KEEP_WAITING + 2):
        upload(csv_bytes([HEADER, [f"Company {number}", "Engineer", "", ""]]), name=f"file-{number}.csv")

    names = list(ImportJob.objects.for_user(user).values_list("file_name", flat=True))

    assert len(names) == csv_import.KEEP_WAITING + 1  # the waiting ones, and the finished import
    assert "file-0.csv" not in names
    assert f"file-{csv_import.KEEP_WAITING + 1}.csv" in names
    assert ImportJob.objects.filter(pk=done.pk).exists()


def test_over_long_values_are_problems_on_their_row_not_a_failed_import(signed_in, upload, imported):
    long_email = "a" * 250 + "@example.com"
    rows = [
        ["Company", "Role", "Location", "Recruiter email", "Link"],
        ["Fernhill", "R" * 201, "", "", ""],
        ["Fernhill", "Engineer", "L" * 201, "", ""],
        ["Fernhill", "Engineer 2", "", long_email, ""],
        ["Fernhill", "Engineer 3", "", "", "https://jobs.example/" + "x" * 1000],
        ["Fernhill", "Engineer 4", "", "ok@fernhill.example", "https://jobs.example/4"],
    ]

    job = imported(csv_bytes(rows))

    assert (job.state, job.imported, job.skipped) == (ImportJob.State.DONE, 1, 4)
    assert Application.objects.get().role_title == "Engineer 4"


def _imports_tasks(node) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "jobhunt.tasks" or (
            node.module == "jobhunt" and any(alias.name == "tasks" for alias in node.names)
        )
    return isinstance(node, ast.Import) and any(alias.name == "jobhunt.tasks" for alias in node.names)


def test_the_import_package_reaches_the_tasks_only_from_its_after_commit_hand_off():
    """The tasks import the package; the package names them only inside the one function that
    on_commit calls, so loading either never loads the other in a circle."""
    found = []
    for module in sorted(Path(csv_import.__file__).parent.glob("*.py")):
        tree = ast.parse(module.read_text())
        inside = set()
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if _imports_tasks(node) and id(node) not in inside:
                        inside.add(id(node))
                        found.append((module.name, function.name))
        found += [
            (module.name, "<module>") for node in ast.walk(tree) if _imports_tasks(node) and id(node) not in inside
        ]

    assert found == [("__init__.py", "_hand_to_worker")]
