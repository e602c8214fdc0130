import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from jobhunt import services
from jobhunt.models import Application, Company, Contact, Interview, StageEvent, Status
from jobhunt.signals import application_moved
from reminders.models import Reminder
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

FOLLOW_UP_KINDS = ["application_follow_up", "ghosting_check"]


@pytest.fixture
def moves():
    """Every application_moved signal sent during the test, as its keyword arguments."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    application_moved.connect(receiver)
    yield received
    application_moved.disconnect(receiver)


def scheduled(about, kind=None):
    rows = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(about), object_id=about.pk, state=Reminder.State.SCHEDULED
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def test_creating_an_application_starts_its_timeline_and_tells_other_apps(user, company, moves):
    application = services.application_create(user=user, company=company, role_title="  Data Engineer ")

    assert application.role_title == "Data Engineer"
    assert application.date_applied == timezone.localdate()
    [event] = application.events.all()
    assert (event.from_status, event.to_status) == ("", Status.APPLIED)
    assert moves == [
        {
            "signal": application_moved,
            "application": application,
            "from_status": "",
            "to_status": "applied",
            "event": event,
        }
    ]


def test_a_back_dated_application_dates_its_first_step_and_applied_day(user, company):
    when = timezone.now() - datetime.timedelta(days=30)

    application = services.application_create(user=user, company=company, role_title="Data Engineer", when=when)

    assert application.created_at == when
    assert application.status_changed_at == when
    assert application.date_applied == timezone.localdate(when)
    assert application.events.get().happened_at == when


def test_a_saved_job_has_no_applied_date_until_it_is_sent(user, company):
    application = services.application_create(user=user, company=company, role_title="Data Engineer", status="saved")
    assert application.date_applied is None

    services.application_move(application=application, to_status=Status.APPLIED)

    application.refresh_from_db()
    assert application.date_applied == timezone.localdate()


def test_moving_an_application_records_the_step_and_sends_the_signal(application, moves):
    moves.clear()

    event = services.application_move(application=application, to_status="screening", note="Recruiter called")

    application.refresh_from_db()
    assert application.status == Status.SCREENING
    assert application.status_changed_at == event.happened_at
    assert (event.from_status, event.to_status, event.note) == ("applied", "screening", "Recruiter called")
    assert application.events.count() == 2
    assert moves == [
        {
            "signal": application_moved,
            "application": application,
            "from_status": Status.APPLIED,
            "to_status": Status.SCREENING,
            "event": event,
        }
    ]


def test_moving_to_the_stage_it_is_already_in_changes_nothing(application, moves):
    moves.clear()
    before = application.status_changed_at

    assert services.application_move(application=application, to_status="applied") is None

    application.refresh_from_db()
    assert application.status_changed_at == before
    assert application.events.count() == 1
    assert moves == []


def test_moving_to_an_unknown_stage_is_refused(application):
    with pytest.raises(ValueError):
        services.application_move(application=application, to_status="hired-on-the-spot")
    assert Application.objects.get(pk=application.pk).status == Status.APPLIED


def test_a_failing_receiver_rolls_the_move_back(application):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver failed")

    application_moved.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.application_move(application=application, to_status="rejected")
    finally:
        application_moved.disconnect(broken)
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert application.events.count() == 1


def test_applying_schedules_follow_ups_and_a_ghosting_check(application):
    kinds = sorted(scheduled(application).values_list("kind", flat=True))
    assert kinds == ["application_follow_up", "application_follow_up", "ghosting_check"]


def test_a_silence_long_past_gets_no_ghosting_email_of_its_own(user, company):
    """An application logged (or imported) long after its silence began is already on the
    dashboard's 'gone silent' list; an email for each would arrive as a flood on one morning."""
    long_ago = timezone.now() - datetime.timedelta(days=90)
    application = services.application_create(user=user, company=company, role_title="Old one", when=long_ago)

    assert not scheduled(application).exists()


def test_a_silence_that_reaches_the_threshold_today_still_gets_its_check(user, company):
    just_now_silent = timezone.now() - datetime.timedelta(days=user.ghosting_days)
    application = services.application_create(user=user, company=company, role_title="Quiet", when=just_now_silent)

    assert scheduled(application, "ghosting_check").count() == 1


def test_an_answer_from_the_company_cancels_the_follow_ups(application):
    services.application_move(application=application, to_status="screening")

    assert not scheduled(application).exists()
    assert Reminder.objects.filter(kind__in=FOLLOW_UP_KINDS, state=Reminder.State.CANCELLED).count() == 3


def test_going_back_to_applied_plans_the_follow_ups_again(application):
    services.application_move(application=application, to_status="screening")
    services.application_move(application=application, to_status="applied")

    assert scheduled(application, "ghosting_check").count() == 1
    assert scheduled(application, "application_follow_up").exists()


def test_a_status_change_through_update_is_refused(application):
    with pytest.raises(ValueError):
        services.application_update(application=application, status="offer")


def test_quick_add_matches_an_existing_company_whatever_its_case(user, company):
    application = services.application_quick_add(user=user, company_name="fernhill ROBOTICS ", role_title="SRE")

    assert application.company == company
    assert Company.objects.for_user(user).count() == 1
    assert application.status == Status.APPLIED


def test_quick_add_creates_a_company_it_does_not_know(user):
    application = services.application_quick_add(user=user, company_name=" Glasswing Labs", role_title="SRE")
    assert application.company.name == "Glasswing Labs"
    assert application.company.user == user


def test_company_for_name_never_picks_another_persons_company(user, other_user):
    theirs = CompanyFactory(user=other_user, name="Glasswing Labs")
    mine = services.company_for_name(user=user, name="Glasswing Labs")
    assert mine != theirs
    assert mine.user == user


def test_deleting_a_company_takes_its_applications_and_their_reminders_but_keeps_contacts(application, contact):
    interview = InterviewFactory(application=application)
    company = application.company

    services.company_delete(company=company)

    assert not Company.objects.filter(pk=company.pk).exists()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not Interview.objects.filter(pk=interview.pk).exists()
    assert not StageEvent.objects.filter(application_id=application.pk).exists()
    assert not Reminder.objects.filter(state=Reminder.State.SCHEDULED).exists()
    contact.refresh_from_db()
    assert contact.company is None


def test_deleting_an_application_cancels_its_reminders_and_those_of_its_interviews(application):
    interview = InterviewFactory(application=application)
    assert scheduled(interview).exists()

    services.application_delete(application=application)

    assert not Reminder.objects.filter(state=Reminder.State.SCHEDULED).exists()


def test_deleting_a_contact_keeps_the_applications_they_were_part_of(application, contact):
    services.contact_delete(contact=contact)

    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert Application.objects.get(pk=application.pk).contacts.count() == 0


def test_an_upcoming_interview_plans_a_prep_and_a_thank_you_reminder(application):
    interview = InterviewFactory(application=application, scheduled_at=timezone.now() + datetime.timedelta(days=5))
    assert sorted(scheduled(interview).values_list("kind", flat=True)) == ["interview_prep", "thank_you_note"]


def test_a_cancelled_interview_has_no_reminders(application):
    interview = InterviewFactory(application=application, scheduled_at=timezone.now() + datetime.timedelta(days=5))
    interview.outcome = Interview.Outcome.CANCELLED

    services.interview_save(interview=interview)

    assert not scheduled(interview).exists()


def test_an_interview_added_through_its_form_belongs_to_its_applications_person(signed_in, application, user):
    response = signed_in.post(
        reverse("jobhunt:interview_create", args=[application.pk]),
        {"scheduled_at": "2030-05-04T10:30", "kind": "onsite", "outcome": "pending"},
    )

    assert response.status_code == 302
    assert Interview.objects.get(application=application).user == user


def test_interview_contacts_are_saved_with_it(application, user):
    people = ContactFactory.create_batch(2, user=user)
    interview = InterviewFactory(application=application, contacts=people)
    assert set(interview.contacts.all()) == set(people)


def test_application_factory_builds_through_the_service(user):
    application = ApplicationFactory(user=user, status="screening")
    assert application.events.get().to_status == "screening"


def test_each_move_ends_the_stay_before_it_and_keeps_its_length(user):
    start = timezone.now() - datetime.timedelta(days=10)
    application = ApplicationFactory(user=user, when=start)
    services.application_move(application=application, to_status="screening", when=start + datetime.timedelta(days=4))
    services.application_move(application=application, to_status="rejected", when=start + datetime.timedelta(days=6))

    applied, screening, rejected = application.events.order_by("happened_at")

    assert (applied.user, applied.left_at, applied.stay_days) == (user, screening.happened_at, pytest.approx(4.0))
    assert (screening.left_at, screening.stay_days) == (rejected.happened_at, pytest.approx(2.0))
    assert (rejected.left_at, rejected.stay_days) == (None, None)  # still there


def test_the_migration_fills_in_owners_and_stays_of_the_steps_already_there(user):
    import importlib

    from django.apps import apps

    start = timezone.now() - datetime.timedelta(days=9)
    application = ApplicationFactory(user=user, when=start)
    services.application_move(application=application, to_status="screening", when=start + datetime.timedelta(days=3))
    StageEvent.objects.update(left_at=None, stay_days=None)  # as they were before the migration

    importlib.import_module("jobhunt.migrations.0009_stage_stays_filled").fill_in_owners_and_stays(apps, None)

    applied, screening = application.events.order_by("happened_at")
    assert applied.stay_days == pytest.approx(3.0) and applied.left_at == screening.happened_at
    assert screening.stay_days is None and screening.user == user


def test_the_applied_day_is_the_persons_own_whatever_zone_the_process_is_in(company):
    user = company.user
    user.time_zone = "Pacific/Kiritimati"  # UTC+14: its evening is already tomorrow in London
    user.save()
    evening = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)

    with timezone.override("America/Los_Angeles"):  # a task, a shell, another request's leftovers
        sent = services.application_create(user=user, company=company, role_title="Analyst", when=evening)
        saved = services.application_create(user=user, company=company, role_title="Analyst", status="saved")
        services.application_move(application=saved, to_status=Status.APPLIED, when=evening)

    saved.refresh_from_db()
    assert sent.date_applied == saved.date_applied == datetime.date(2026, 3, 2)
