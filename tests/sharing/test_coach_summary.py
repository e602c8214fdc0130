"""The coach page opens with a few plain sentences on how the search is going: counts only, the
right singular or plural, nothing awkward for zero, and not one query more than the page ran."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Application, Company, Interview, Reached, Status
from jobhunt.selectors import Figures
from recovery.endings import Ending
from recovery.models import Journey, JourneyStep
from recovery.steps import ORDER, StepState
from sharing import services
from sharing.selectors.coach import SUMMARY_DAYS_AHEAD, SharedJourney, coach_summary
from tests.sharing.conftest import PRIVATE_MARKERS
from tests.sharing.test_queries import COACH_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(user):
    user.display_name = "Sam"
    user.save()
    return user


@pytest.fixture
def coach_url(user):
    _link, token = services.share_link_create(user=user, label="Coach", days=30)
    return reverse("sharing:coach_page", args=[token])


def summary(response) -> str:
    """The summary paragraph as a reader sees it: tags gone, entities read, spaces collapsed."""
    page = response.content.decode()
    start = page.index('id="coach-summary">') + len('id="coach-summary">')
    return " ".join(html.unescape(page[start : page.index("</p>", start)]).split())


def applications(user, status, count=1, *, reached=None) -> list[Application]:
    """`count` applications at `status`, written in bulk; `reached` says how far they got
    before (a rejection after interviews, say) when that was further than the status itself."""
    company, _ = Company.objects.get_or_create(user=user, name="Summary Company")
    return Application.objects.bulk_create(
        Application(user=user, company=company, role_title=f"Role {status} {n}", status=status, reached=reached or 0)
        for n in range(count)
    )


def interview(application, *, days, outcome=Interview.Outcome.PENDING):
    Interview.objects.create(
        application=application,
        user=application.user,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
        outcome=outcome,
    )


def journey(application, *, ending=Ending.AFTER_INTERVIEWS, done=0, finished=False) -> Journey:
    """A walkthrough with its first `done` steps walked."""
    made = Journey.objects.create(
        user=application.user,
        application=application,
        ending=ending,
        finished_at=timezone.now() if finished else None,
    )
    JourneyStep.objects.bulk_create(
        JourneyStep(journey=made, step=step, state=StepState.DONE if n < done else StepState.PENDING)
        for n, step in enumerate(ORDER)
    )
    return made


@pytest.fixture
def typical(sam):
    """42 sent: 9 still in play (6 applied, 1 screening, 2 interviewing), 9 rejected (3 of them
    after interviews), 24 ghosted; 12 heard back, 5 interviewed. Two in play have interviews in
    the next two weeks; one walkthrough is on its second step, another finished."""
    applied = applications(sam, Status.APPLIED, 6)
    [screening] = applications(sam, Status.SCREENING)
    interviewing = applications(sam, Status.INTERVIEWING, 2)
    rejected = applications(sam, Status.REJECTED, 6)
    rejected += applications(sam, Status.REJECTED, 3, reached=Reached.INTERVIEWED)
    ghosted = applications(sam, Status.GHOSTED, 24)
    # Three interviews, two applications: each counts once.
    interview(interviewing[0], days=2)
    interview(interviewing[0], days=9)
    interview(interviewing[1], days=13)
    # None of these is "in the next two weeks" of an application in play.
    interview(screening, days=SUMMARY_DAYS_AHEAD + 3)
    interview(applied[0], days=-2)
    interview(applied[1], days=5, outcome=Interview.Outcome.CANCELLED)
    interview(rejected[-1], days=4)
    journey(rejected[-1], done=1)
    journey(ghosted[0], ending=Ending.GHOSTED, done=4, finished=True)
    return sam


def test_a_typical_search_reads_as_three_plain_sentences(client, typical, coach_url):
    assert summary(client.get(coach_url)) == (
        "Sam has sent 42 applications; 12 heard back (29%) and 5 reached interviews. "
        "9 are still in play, 2 with interviews in the next two weeks. "
        "One walkthrough after a rejection is in progress (step 2 of 4)."
    )


def test_the_summary_comes_before_the_figures_and_the_tables(client, typical, coach_url):
    page = client.get(coach_url).content.decode()

    headings = ["How the search is going", "Headline figures", "From applying to an offer", "The pipeline"]
    assert [page.index(heading) for heading in headings] == sorted(page.index(heading) for heading in headings)


def test_the_summary_runs_no_query_of_its_own(client, typical, coach_url, django_assert_num_queries):
    # The page's whole budget, as tests/sharing/test_queries.py counts it, with every part present.
    with django_assert_num_queries(COACH_QUERIES):
        response = client.get(coach_url)

    assert "One walkthrough" in summary(response)


def test_a_new_search_says_nothing_has_been_sent_yet(client, sam, coach_url):
    assert summary(client.get(coach_url)) == "Sam hasn't sent any applications yet."


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (1, "Sam hasn't sent any applications yet; 1 is saved, ready to send."),
        (3, "Sam hasn't sent any applications yet; 3 are saved, ready to send."),
    ],
)
def test_applications_saved_but_not_sent_are_counted_as_ready(client, sam, coach_url, saved, expected):
    applications(sam, Status.SAVED, saved)

    assert summary(client.get(coach_url)) == expected


def test_one_of_everything_is_said_in_the_singular(client, sam, coach_url):
    [offer] = applications(sam, Status.OFFER)
    interview(offer, days=3)
    journey(applications(sam, Status.GHOSTED)[0], ending=Ending.GHOSTED, done=2)

    assert summary(client.get(coach_url)) == (
        "Sam has sent 2 applications; 1 heard back (50%), 1 reached an interview and 1 got an offer. "
        "1 is still in play, 1 with an interview in the next two weeks. "
        "One walkthrough after a silence is in progress (step 3 of 4)."
    )


def test_several_of_everything_are_said_in_the_plural(client, sam, coach_url):
    offers = applications(sam, Status.OFFER, 2)
    applications(sam, Status.INTERVIEWING)
    for application in offers:
        interview(application, days=1)
    for application in applications(sam, Status.REJECTED, 3):
        journey(application)

    assert summary(client.get(coach_url)) == (
        "Sam has sent 6 applications; 6 heard back (100%), 3 reached interviews and 2 got offers. "
        "3 are still in play, 2 with interviews in the next two weeks. "
        "3 walkthroughs after a setback are in progress."
    )


def test_no_answer_yet_and_nothing_coming_up_stay_short(client, sam, coach_url):
    applications(sam, Status.APPLIED, 3)

    assert summary(client.get(coach_url)) == "Sam has sent 3 applications; no replies yet. 3 are still in play."


def test_nothing_in_play_and_no_walkthrough_leave_their_sentences_out(client, sam, coach_url):
    applications(sam, Status.REJECTED)
    journey(applications(sam, Status.REJECTED)[0], finished=True)

    assert summary(client.get(coach_url)) == "Sam has sent 2 applications; 2 heard back (100%)."


def test_one_sent_application_is_one_application(client, sam, coach_url):
    applications(sam, Status.APPLIED)

    assert summary(client.get(coach_url)).startswith("Sam has sent 1 application; ")


def test_a_walkthrough_with_every_step_walked_but_not_closed_has_no_step_number(client, sam, coach_url):
    journey(applications(sam, Status.REJECTED)[0], done=4)

    assert summary(client.get(coach_url)).endswith("One walkthrough after a rejection is in progress.")


def test_without_a_display_name_the_summary_says_they(client, user, coach_url):
    user.display_name = ""
    user.save()
    assert summary(client.get(coach_url)) == "They haven't sent any applications yet."

    applications(user, Status.APPLIED)
    assert summary(client.get(coach_url)).startswith("They have sent 1 application;")


def test_the_counts_are_exact_beyond_what_the_page_lists(client, user, coach_url, make_bulk):
    # More walkthroughs and more interviews than the page lists (10 of each).
    make_bulk(user, 60)
    now = timezone.now()
    open_journeys = Journey.objects.filter(user=user, finished_at__isnull=True).count()
    soon = (
        Application.objects.filter(
            user=user,
            status__in=[Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER],
            interviews__scheduled_at__gte=now,
            interviews__scheduled_at__lt=now + datetime.timedelta(days=SUMMARY_DAYS_AHEAD),
        )
        .distinct()
        .count()
    )
    assert open_journeys > 10 and soon > 10

    text = summary(client.get(coach_url))

    assert f"{open_journeys} walkthroughs after a setback are in progress." in text
    assert f", {soon} with interviews in the next two weeks." in text


def test_the_summary_names_no_company_person_or_private_word(client, seeded, coach_url):
    text = summary(client.get(coach_url))

    assert text.startswith("Robin has sent ")
    for private in [*PRIVATE_MARKERS.values(), "Fernhill", "Northwind", "Quiet Harbour", "Maya", "Jonas", "Engineer"]:
        assert private.lower() not in text.lower()


# The helper ----------------------------------------------------------------------------------------


def shared(*, finished=False, number=2) -> SharedJourney:
    return SharedJourney(
        company="Acme",
        role="Engineer",
        ending="Ghosted",
        started_at=timezone.now(),
        steps_done=number - 1,
        steps_total=4,
        current_step="" if finished else "Clear your head",
        finished=finished,
        current_number=0 if finished else number,
        after_silence=True,
    )


def test_the_helper_takes_its_numbers_from_the_figures():
    figures = Figures(sent=42, heard_back=12, interviewed=5, offered=1, waiting=6, live=9)

    made = coach_summary(figures, interviewing_soon=2, journeys_open=0, journeys=[])

    assert (made.sent, made.heard_back, made.interviewed, made.offered, made.live) == (42, 12, 5, 1, 9)
    assert made.response_rate == pytest.approx(12 / 42)
    assert (made.interviewing_soon, made.journeys_open, made.open_journey) == (2, 0, None)


def test_the_helper_names_the_open_walkthrough_only_when_it_is_the_only_one():
    figures = Figures()
    only = shared()

    assert (
        coach_summary(
            figures, interviewing_soon=0, journeys_open=1, journeys=[shared(finished=True), only]
        ).open_journey
        == only
    )
    # Two open: the sentence says how many, not which.
    assert (
        coach_summary(figures, interviewing_soon=0, journeys_open=2, journeys=[only, shared(number=3)]).open_journey
        is None
    )
    # The one open is older than those listed: its step is not known, and not guessed.
    assert (
        coach_summary(figures, interviewing_soon=0, journeys_open=1, journeys=[shared(finished=True)]).open_journey
        is None
    )
