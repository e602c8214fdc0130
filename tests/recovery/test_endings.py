import datetime

import pytest
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Interview, Status
from recovery.endings import Ending, derive_ending
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _through(application, *statuses):
    for status in statuses:
        jobhunt.application_move(application=application, to_status=status)
    application.refresh_from_db()
    return application


def _interview(application, kind, outcome=Interview.Outcome.NOT_PASSED):
    return InterviewFactory(
        application=application,
        kind=kind,
        outcome=outcome,
        scheduled_at=timezone.now() - datetime.timedelta(days=2),
    )


def test_a_rejection_straight_from_applied_with_nobody_involved_is_automated(user):
    application = _through(ApplicationFactory(user=user), Status.REJECTED)
    assert derive_ending(application) == Ending.AUTOMATED


def test_a_known_contact_means_a_person_was_involved_so_it_is_not_automated(user):
    contact = ContactFactory(user=user)
    application = _through(ApplicationFactory(user=user, contacts=[contact]), Status.REJECTED)
    assert derive_ending(application) == Ending.AFTER_SCREENING


def test_reaching_screening_then_a_no_is_rejected_after_screening(user):
    application = _through(ApplicationFactory(user=user), Status.SCREENING, Status.REJECTED)
    assert derive_ending(application) == Ending.AFTER_SCREENING


def test_a_phone_screen_alone_is_rejected_after_screening(user):
    application = ApplicationFactory(user=user)
    _interview(application, Interview.Kind.PHONE_SCREEN)
    assert derive_ending(_through(application, Status.REJECTED)) == Ending.AFTER_SCREENING


def test_a_technical_interview_makes_it_rejected_after_interviews(user):
    application = ApplicationFactory(user=user)
    _interview(application, Interview.Kind.TECHNICAL)
    assert derive_ending(_through(application, Status.REJECTED)) == Ending.AFTER_INTERVIEWS


def test_the_interviewing_stage_on_the_timeline_makes_it_rejected_after_interviews(user):
    application = _through(ApplicationFactory(user=user), Status.INTERVIEWING, Status.REJECTED)
    assert derive_ending(application) == Ending.AFTER_INTERVIEWS


@pytest.mark.parametrize("kind", sorted(Interview.LATE_STAGE))
def test_a_rejection_after_a_final_or_onsite_interview_is_a_near_miss(user, kind):
    application = ApplicationFactory(user=user)
    _interview(application, Interview.Kind.PHONE_SCREEN)
    _interview(application, kind)
    assert derive_ending(_through(application, Status.INTERVIEWING, Status.REJECTED)) == Ending.NEAR_MISS


def test_a_cancelled_final_interview_does_not_make_a_near_miss(user):
    application = ApplicationFactory(user=user)
    _interview(application, Interview.Kind.FINAL, outcome=Interview.Outcome.CANCELLED)
    assert derive_ending(_through(application, Status.REJECTED)) == Ending.AUTOMATED


def test_a_rejection_at_offer_stage_is_a_near_miss(user):
    application = _through(ApplicationFactory(user=user), Status.INTERVIEWING, Status.OFFER, Status.REJECTED)
    assert derive_ending(application) == Ending.NEAR_MISS


def test_a_dream_job_rated_five_is_a_near_miss_even_straight_from_applied(user):
    application = _through(ApplicationFactory(user=user, interest=5), Status.REJECTED)
    assert derive_ending(application) == Ending.NEAR_MISS


def test_an_application_that_went_silent_is_ghosted_whatever_it_reached(user):
    application = _through(ApplicationFactory(user=user, interest=5), Status.SCREENING, Status.GHOSTED)
    assert derive_ending(application) == Ending.GHOSTED
