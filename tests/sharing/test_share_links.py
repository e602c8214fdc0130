"""Coach links: made, opened without an account, revoked, expired, and what they never show."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Status
from sharing import services
from sharing.models import MAX_ACTIVE_SHARE_LINKS, ShareLink
from tests.factories import ApplicationFactory, InterviewFactory
from tests.sharing.conftest import PRIVATE_MARKERS

pytestmark = pytest.mark.django_db


def _url(token):
    return reverse("sharing:coach_page", args=[token])


@pytest.fixture
def made(user):
    link, token = services.share_link_create(user=user, label="For my career coach", days=30)
    return link, token


def test_only_the_hash_of_a_new_link_is_stored(made):
    link, token = made

    assert len(token) >= 43
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = ShareLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(value) for value in stored.values()}


def test_a_link_opens_without_an_account_and_notes_when_it_was_opened(client, user, made):
    link, token = made
    ApplicationFactory(user=user, role_title="Backend Engineer")

    response = client.get(_url(token))

    assert response.status_code == 200
    assert "Backend Engineer" in response.content.decode()
    link.refresh_from_db()
    assert link.last_opened_at is not None
    assert link.open_count == 1
    client.get(_url(token))
    link.refresh_from_db()
    assert link.open_count == 2


def test_the_coach_page_is_kept_out_of_search_engines_and_referrers(client, made):
    response = client.get(_url(made[1]))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<meta name="referrer" content="no-referrer">' in page


def test_the_coach_page_has_no_forms_and_sets_no_csrf_cookie(client, made):
    response = client.get(_url(made[1]))

    assert "<form" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_the_coach_page_only_reads(client, made):
    assert client.post(_url(made[1])).status_code == 405


def test_a_revoked_link_is_gone_at_once(client, made):
    link, token = made

    services.share_link_revoke(link=link)

    response = client.get(_url(token))
    assert response.status_code == 410
    assert "This link has closed" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_link_past_its_time_is_gone(client, user):
    # Made 31 days ago for 30 days: it closed yesterday.
    link, token = services.share_link_create(
        user=user, label="Mentor", days=30, now=timezone.now() - datetime.timedelta(days=31)
    )

    response = client.get(_url(token))

    assert response.status_code == 410
    link.refresh_from_db()
    assert link.open_count == 0  # a closed link's visits are not counted as opens


def test_a_link_works_until_the_moment_it_expires(made):
    link, _token = made

    assert link.is_active(link.expires_at - datetime.timedelta(seconds=1))
    assert not link.is_active(link.expires_at)
    assert list(ShareLink.objects.active(link.expires_at)) == []
    assert list(ShareLink.objects.ended(link.expires_at)) == [link]


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.upper(),
        lambda token: token[:20],
        lambda token: "not-a-link",
        lambda token: "x" * 5000,
    ],
)
def test_a_wrong_or_altered_link_is_a_friendly_404(client, made, alter):
    response = client.get(_url(alter(made[1])))

    assert response.status_code == 404
    assert "This link doesn't work" in response.content.decode()


def test_a_link_is_open_for_seven_thirty_or_ninety_days_only(user):
    for days in (7, 30, 90):
        link, _token = services.share_link_create(user=user, label=f"{days}", days=days)
        assert link.expires_at - link.created_at == datetime.timedelta(days=days)
    with pytest.raises(ValidationError):
        services.share_link_create(user=user, label="Forever", days=3650)


def test_a_link_needs_a_label(user):
    with pytest.raises(ValidationError):
        services.share_link_create(user=user, label="   ", days=7)


def test_there_is_a_cap_on_open_links_and_revoking_one_makes_room(user):
    links = [services.share_link_create(user=user, label=f"Link {n}", days=7)[0] for n in range(MAX_ACTIVE_SHARE_LINKS)]

    with pytest.raises(ValidationError):
        services.share_link_create(user=user, label="One too many", days=7)

    services.share_link_revoke(link=links[0])
    services.share_link_create(user=user, label="Now there's room", days=7)


def test_revoking_twice_keeps_the_first_time(made):
    link, _token = made
    first = services.share_link_revoke(link=link).revoked_at

    services.share_link_revoke(link=link, now=timezone.now() + datetime.timedelta(days=1))

    link.refresh_from_db()
    assert link.revoked_at == first


# What the coach sees ---------------------------------------------------------------------------


def test_the_coach_sees_the_pipeline_by_stage_the_figures_and_walkthrough_progress(client, user, seeded, made):
    page = client.get(_url(made[1])).content.decode()

    assert "Robin's job search" in page
    for visible in ("Fernhill Robotics", "Backend Engineer", "Quiet Harbour", "Data Engineer", "Northwind"):
        assert visible in page
    assert "Job board" in page  # where each job was found
    assert "From applying to an offer" in page and "Heard back" in page
    assert "Technical" in page  # the interview coming up, without who or notes
    assert "Platform Engineer at Northwind" in page
    assert "(rejected after interviews)" in page
    assert "steps done" in page


def test_the_coach_page_shows_no_private_field(client, seeded, made):
    page = client.get(_url(made[1])).content.decode()

    for what, marker in PRIVATE_MARKERS.items():
        assert marker.lower() not in page.lower(), what
    # People the person met stay private too: names, not just their details.
    assert "Maya Lindqvist" not in page
    assert "Jonas Berg" not in page
    # The person's own name for the link is theirs alone.
    assert "For my career coach" not in page


def test_a_coach_sees_only_the_person_who_shared(client, user, other_user, made):
    ApplicationFactory(user=other_user, role_title="Someone Else's Role")
    InterviewFactory(application=ApplicationFactory(user=other_user, role_title="Their Interview Role"))

    page = client.get(_url(made[1])).content.decode()

    assert "Someone Else" not in page
    assert "Their Interview Role" not in page


def test_without_a_display_name_the_page_does_not_fall_back_to_the_email(client, user, made):
    user.display_name = ""
    user.save()

    page = client.get(_url(made[1])).content.decode()

    assert "A job search, shared with you" in page
    assert user.email.split("@")[0] not in page


def test_long_stages_show_their_latest_rows_and_say_how_many_more(client, user, made, make_bulk):
    make_bulk(user, 60, status=Status.APPLIED)

    page = client.get(_url(made[1])).content.decode()

    assert "And 10 older ones." in page
    assert "Bulk role 59" in page  # the latest
    assert "Bulk role 0<" not in page  # the oldest is left out


def test_an_open_link_closes_by_itself_when_its_time_comes(client, made, monkeypatch):
    link, token = made
    assert client.get(_url(token)).status_code == 200

    later = link.expires_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert client.get(_url(token)).status_code == 410


def test_a_switched_off_account_shares_nothing(client, user, made):
    user.is_active = False
    user.save()

    assert client.get(_url(made[1])).status_code == 404


def test_the_coach_sees_days_in_the_persons_own_time_zone(client, user, made):
    user.time_zone = "Pacific/Auckland"
    user.save()
    application = ApplicationFactory(user=user)
    # 20:00 UTC on 1 March is already 2 March in Auckland.
    moment = datetime.datetime(timezone.now().year + 1, 3, 1, 20, tzinfo=datetime.UTC)
    InterviewFactory(application=application, scheduled_at=moment)

    page = client.get(_url(made[1])).content.decode()

    assert "2 March" in page
