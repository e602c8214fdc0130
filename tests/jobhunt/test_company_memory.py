"""Company memory: from the person's own history, how a company answered, how long it took and how
things ended there, and a kind word when they apply there again after a silence or an automatic
"no". Counts are of applications actually sent; every number reads right in words."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt import selectors, services
from jobhunt.models import Application, Status
from jobhunt.selectors import AUTO_REJECTED_WITHIN_DAYS, company_memory, company_memory_for_name
from tests.factories import CompanyFactory

HTMX = {"HX-Request": "true"}
GHOSTED_NOTE = "Last time Acme didn't answer in 40 days; a referral may help this time."
AUTO_NOTE = (
    "Last time Acme answered within a day, likely an automatic screen; "
    "a referral or a note to the hiring manager may get you past it."
)

pytestmark = pytest.mark.django_db


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def sent(user, company, applied_days_ago: float, *moves: tuple[str, float], role: str = "Engineer") -> Application:
    """An application sent `applied_days_ago`, then moved through `moves` [(stage, days ago)]."""
    application = services.application_create(
        user=user, company=company, role_title=role, status=Status.APPLIED, when=ago(applied_days_ago)
    )
    for status, days_ago in moves:
        services.application_move(application=application, to_status=status, when=ago(days_ago))
    return application


@pytest.fixture
def acme(user):
    return CompanyFactory(user=user, name="Acme")


@pytest.fixture
def mixed(user, acme):
    """Five sent at Acme: answered then turned down after interviews, ghosted, an automatic "no",
    answered and still going, still waiting. Two more never went out (saved; saved then withdrawn)."""
    sent(user, acme, 90, (Status.SCREENING, 85), (Status.INTERVIEWING, 80), (Status.REJECTED, 70))
    sent(user, acme, 60, (Status.GHOSTED, 20))
    sent(user, acme, 30, (Status.REJECTED, 29))
    sent(user, acme, 25, (Status.SCREENING, 15))
    sent(user, acme, 3)
    services.application_create(user=user, company=acme, role_title="Saved", status=Status.SAVED)
    withdrawn = services.application_create(user=user, company=acme, role_title="Saved", status=Status.SAVED)
    services.application_move(application=withdrawn, to_status=Status.WITHDRAWN)
    return acme


# The numbers -------------------------------------------------------------------------------------


def test_a_mixed_history_counts_only_what_was_sent(mixed):
    memory = company_memory(mixed)

    assert memory.sent == 5
    assert memory.answered == 3  # screening twice and the quick rejection; not the silence
    assert memory.waiting == 1
    assert memory.in_play == 2
    assert memory.timed_answers == 3
    assert memory.median_days_to_answer == 5  # answers after 5, 1 and 10 days
    assert [(ending.status, ending.count) for ending in memory.endings] == [
        (Status.REJECTED, 2),
        (Status.GHOSTED, 1),
    ]
    assert memory.auto_rejected == 1
    assert memory.ended == 3


def test_a_mixed_history_reads_in_words(mixed):
    memory = company_memory(mixed)

    assert memory.answered_text == "They answered 3 of the 5 applications you sent."
    assert memory.waiting_text == "You're still waiting to hear about 1 of them."
    assert memory.wait_text == "Their first answer usually came after 5 days."
    assert memory.in_play_text == "2 applications are still going."
    assert memory.auto_rejected_text == "1 came within 2 days of applying, likely an automatic screen."


def test_the_wait_is_the_middle_of_the_first_answers_in_whole_days_halves_up(user, acme):
    sent(user, acme, 40, (Status.SCREENING, 37), (Status.INTERVIEWING, 30))  # 3 days, then more steps
    sent(user, acme, 40, (Status.REJECTED, 30))  # 10 days

    memory = company_memory(acme)

    assert memory.median_days_to_answer == 7  # 6.5
    assert memory.timed_answers == 2


def test_a_company_that_came_back_after_a_silence_is_timed_from_applying(user, acme):
    sent(user, acme, 50, (Status.GHOSTED, 20), (Status.SCREENING, 10))

    memory = company_memory(acme)

    assert memory.answered == 1
    assert memory.median_days_to_answer == 40
    assert memory.memory_note == ""


def test_days_are_whole_days_on_the_persons_own_calendar(user, acme):
    user.time_zone = "Pacific/Auckland"  # UTC+13 in March
    user.save()
    applied = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # 22:00 on the 10th in Auckland
    application = services.application_create(
        user=user, company=acme, role_title="Engineer", when=applied, date_applied=date(2025, 3, 10)
    )
    # 07:00 on the 11th in Auckland, still the 10th in UTC
    services.application_move(application=application, to_status=Status.SCREENING, when=applied + timedelta(hours=9))

    assert company_memory(acme).wait_text == "Their answer came after 1 day."


def test_one_application_reads_as_one(user, acme):
    sent(user, acme, 10, (Status.SCREENING, 9))

    memory = company_memory(acme)

    assert memory.answered_text == "They answered the one application you sent."
    assert memory.wait_text == "Their answer came after 1 day."
    assert memory.waiting_text == ""
    assert memory.in_play_text == "1 application is still going."


def test_an_answer_on_the_day_of_applying_is_the_same_day_never_zero_days(user, acme):
    sent(user, acme, 4, (Status.SCREENING, 4))

    memory = company_memory(acme)

    assert memory.median_days_to_answer == 0
    assert memory.wait_text == "Their answer came the same day."
    assert "0 day" not in memory.wait_text


def test_one_unanswered_application_reads_kindly(user, acme):
    sent(user, acme, 3)
    assert company_memory(acme).answered_text == "You're still waiting to hear about the one application you sent."


def test_none_answered_of_several(user, acme):
    sent(user, acme, 50, (Status.GHOSTED, 10))
    sent(user, acme, 2)

    memory = company_memory(acme)

    assert memory.answered_text == "None of the 2 applications you sent has had an answer yet."
    assert memory.median_days_to_answer is None
    assert memory.wait_text == ""


def test_no_history_is_the_empty_case(user, acme):
    services.application_create(user=user, company=acme, role_title="Only saved", status=Status.SAVED)

    memory = company_memory(acme)

    assert not memory.has_history
    assert (memory.sent, memory.answered, memory.endings, memory.memory_note) == (0, 0, (), "")
    assert memory.median_days_to_answer is None


# The note for a new application there ------------------------------------------------------------


def test_after_a_silence_the_note_gives_the_real_wait(user, acme):
    sent(user, acme, 60, (Status.GHOSTED, 20))
    assert company_memory(acme).memory_note == GHOSTED_NOTE


def test_after_an_automatic_no_the_note_says_so(user, acme):
    sent(user, acme, 30, (Status.REJECTED, 29))
    assert company_memory(acme).memory_note == AUTO_NOTE


def test_an_automatic_no_on_the_day_reads_the_same_day(user, acme):
    sent(user, acme, 30, (Status.REJECTED, 30))
    assert company_memory(acme).memory_note.startswith("Last time Acme answered the same day, likely")


@pytest.mark.parametrize(
    ("days", "automatic"), [(AUTO_REJECTED_WITHIN_DAYS, True), (AUTO_REJECTED_WITHIN_DAYS + 1, False)]
)
def test_a_no_counts_as_automatic_only_within_the_named_days(user, acme, days, automatic):
    sent(user, acme, 30, (Status.REJECTED, 30 - days))

    memory = company_memory(acme)

    assert memory.auto_rejected == int(automatic)
    assert (memory.memory_note != "") is automatic


def test_a_quick_no_after_a_screening_call_is_a_persons_decision_not_automatic(user, acme):
    sent(user, acme, 30, (Status.SCREENING, 30), (Status.REJECTED, 29))

    memory = company_memory(acme)

    assert memory.auto_rejected == 0
    assert memory.memory_note == ""


def test_the_note_is_about_the_last_ending_they_gave(user, acme):
    sent(user, acme, 100, (Status.GHOSTED, 60))
    sent(user, acme, 50, (Status.SCREENING, 45), (Status.REJECTED, 40))  # they answered last time

    assert company_memory(acme).memory_note == ""


def test_withdrawing_is_the_persons_choice_and_passed_over(user, acme):
    sent(user, acme, 60, (Status.GHOSTED, 20))
    sent(user, acme, 10, (Status.WITHDRAWN, 5))

    assert company_memory(acme).memory_note == GHOSTED_NOTE


@pytest.mark.parametrize(
    "moves",
    [
        [],  # still waiting
        [(Status.SCREENING, 20), (Status.INTERVIEWING, 10), (Status.REJECTED, 5)],
        [(Status.SCREENING, 20), (Status.OFFER, 10), (Status.ACCEPTED, 5)],
    ],
)
def test_nothing_is_said_when_there_is_nothing_useful(user, acme, moves):
    sent(user, acme, 30, *moves)
    assert company_memory(acme).memory_note == ""


def test_going_quiet_after_answering_is_told_apart_from_never_answering(user, acme):
    sent(user, acme, 60, (Status.SCREENING, 50), (Status.INTERVIEWING, 40), (Status.GHOSTED, 10))

    memory = company_memory(acme)

    assert memory.answered == 1
    assert memory.median_days_to_answer == 10
    assert memory.memory_note == (
        "Last time Acme went quiet partway through; asking early about their timeline may help this time."
    )


def test_a_silence_marked_the_day_of_applying_says_no_number(user, acme):
    sent(user, acme, 5, (Status.GHOSTED, 5))
    assert company_memory(acme).memory_note == "Last time Acme didn't answer; a referral may help this time."


# Finding the company by the name typed -----------------------------------------------------------


def test_the_name_typed_matches_the_persons_company_in_any_case(user, acme, other_user):
    sent(user, acme, 60, (Status.GHOSTED, 20))
    theirs = CompanyFactory(user=other_user, name="Globex")
    sent(other_user, theirs, 60, (Status.GHOSTED, 20))

    assert company_memory_for_name(user, "  aCME ").memory_note == GHOSTED_NOTE
    assert company_memory_for_name(user, "Acm") is None
    assert company_memory_for_name(user, "Globex") is None  # another person's
    assert company_memory_for_name(user, "") is None


def test_a_company_with_no_sent_application_has_no_memory(user, acme):
    services.application_create(user=user, company=acme, role_title="Saved", status=Status.SAVED)
    assert company_memory_for_name(user, "Acme") is None


# Queries -----------------------------------------------------------------------------------------


def _history_of(user, company, size: int) -> None:
    kinds = [
        [(Status.SCREENING, 40), (Status.REJECTED, 30)],
        [(Status.GHOSTED, 10)],
        [(Status.REJECTED, 49)],
        [],
    ]
    for n in range(size):
        sent(user, company, 50, *kinds[n % len(kinds)], role=f"Role {n}")


@pytest.mark.parametrize("size", [3, 30])
def test_the_memory_reads_in_one_query_whatever_the_size(user, acme, django_assert_num_queries, size):
    _history_of(user, acme, size)
    acme = type(acme).objects.get(pk=acme.pk)  # nothing cached on it

    with django_assert_num_queries(1):
        memory = company_memory(acme)
    with django_assert_num_queries(1):
        found = company_memory_for_name(user, "acme")

    assert memory.sent == found.sent == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_company_page_runs_a_fixed_number_of_queries(signed_in, user, acme, django_assert_num_queries, size):
    _history_of(user, acme, size)

    # session, user, the company, the memory, its applications, its people
    with django_assert_num_queries(6):
        response = signed_in.get(acme.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_hint_answers_in_one_query_after_signing_in(signed_in, user, acme, django_assert_num_queries, size):
    _history_of(user, acme, size)

    with django_assert_num_queries(3):  # session, user, the memory
        response = signed_in.get(reverse("jobhunt:company_memory_hint"), {"company_name": "Acme"}, headers=HTMX)

    assert response.status_code == 200


# The company page --------------------------------------------------------------------------------


def test_the_company_page_tells_how_they_treated_you(signed_in, mixed):
    html = signed_in.get(mixed.get_absolute_url()).content.decode()

    assert "How they've treated you" in html
    assert "They answered 3 of the 5 applications you sent." in html
    assert "You&#x27;re still waiting to hear about 1 of them." in html
    assert "Their first answer usually came after 5 days." in html
    assert '<span class="stage-badge stage-rejected">Rejected</span><span class="visually-hidden">:</span> 2' in html
    assert '<span class="stage-badge stage-ghosted">Ghosted</span><span class="visually-hidden">:</span> 1' in html
    assert "Of the rejections, 1 came within 2 days of applying, likely an automatic screen." in html
    assert "2 applications are still going." in html
    assert "Nothing to go on yet" not in html


def test_a_company_page_without_history_says_what_will_show(signed_in, acme):
    html = signed_in.get(acme.get_absolute_url()).content.decode()

    assert "How they've treated you" in html
    assert '<p class="empty-state mb-0">Nothing to go on yet.' in html
    assert "applications you sent" not in html


def test_the_company_page_shows_the_note_for_next_time(signed_in, user, acme):
    sent(user, acme, 60, (Status.GHOSTED, 20))

    html = signed_in.get(acme.get_absolute_url()).content.decode()

    assert "Last time Acme didn&#x27;t answer in 40 days; a referral may help this time." in html
    assert "No answer came to the one application you sent." in html


# The hint while adding ---------------------------------------------------------------------------


def test_the_hint_gives_the_note_for_the_persons_company(signed_in, user, acme):
    sent(user, acme, 60, (Status.GHOSTED, 20))

    response = signed_in.get(reverse("jobhunt:company_memory_hint"), {"company_name": "acme"}, headers=HTMX)

    assert response.status_code == 200
    assert '<p class="note-calm small mb-3">' in response.content.decode()
    assert "Last time Acme didn&#x27;t answer in 40 days; a referral may help this time." in response.content.decode()


def test_the_hint_is_escaped(signed_in, user):
    company = CompanyFactory(user=user, name="<script>alert(1)</script> Ltd")
    sent(user, company, 30, (Status.REJECTED, 29))

    html = signed_in.get(
        reverse("jobhunt:company_memory_hint"), {"company_name": company.name}, headers=HTMX
    ).content.decode()

    assert "<script>" not in html
    assert "Last time &lt;script&gt;alert(1)&lt;/script&gt; Ltd answered within a day" in html


@pytest.mark.parametrize("typed", ["Globex", "globex", "Nobody Ltd", ""])
def test_the_hint_says_nothing_for_another_persons_company_or_an_unknown_name(signed_in, other_user, typed):
    theirs = CompanyFactory(user=other_user, name="Globex")
    sent(other_user, theirs, 60, (Status.GHOSTED, 20))

    response = signed_in.get(reverse("jobhunt:company_memory_hint"), {"company_name": typed}, headers=HTMX)

    assert response.status_code == 200
    assert response.content == b""


def test_the_hint_says_nothing_when_they_answered_properly(signed_in, user, acme):
    sent(user, acme, 30, (Status.SCREENING, 25))
    response = signed_in.get(reverse("jobhunt:company_memory_hint"), {"company_name": "Acme"}, headers=HTMX)
    assert response.content == b""


def test_the_hint_needs_signing_in_and_only_reads(client, signed_in):
    url = reverse("jobhunt:company_memory_hint")

    assert signed_in.post(url, {"company_name": "Acme"}, headers=HTMX).status_code == 405
    assert signed_in.get(url, {"company_name": "Acme"})["Location"] == reverse("jobhunt:application_create")
    signed_in.logout()
    assert client.get(url, headers=HTMX)["Location"].startswith(reverse("accounts:login"))


def test_the_selectors_package_offers_company_memory():
    assert selectors.company_memory is company_memory
    assert "company_memory_for_name" in selectors.__all__


def test_the_new_application_form_asks_for_the_hint_as_the_company_is_typed(signed_in):
    page = signed_in.get(reverse("jobhunt:application_create")).content.decode()

    assert f'hx-get="{reverse("jobhunt:company_memory_hint")}"' in page
    assert 'hx-include="#id_company_name"' in page
