import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reminders import registry, tokens
from reminders.outbox import OutboxBackend
from reminders.services import MAX_PAUSE_DAYS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# Preferences -----------------------------------------------------------------------------------


def test_preferences_need_a_signed_in_person(client):
    response = client.get(reverse("reminders:preferences"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_preferences_list_every_declared_kind_ticked_unless_muted(client, user):
    user.muted_reminder_kinds = ["ghosting_check"]
    user.save()
    client.force_login(user)

    response = client.get(reverse("reminders:preferences"))

    assert response.status_code == 200
    form = response.context["form"]
    names = [name for name, _ in form.fields["kinds"].choices]
    assert names == [kind.name for kind in registry.all_kinds()]
    assert "ghosting_check" not in form.initial["kinds"]
    assert "application_follow_up" in form.initial["kinds"]
    assert registry.get("ghosting_check").label in response.content.decode()


def test_unticking_a_kind_mutes_it_and_keeps_all_reminders_switch(signed_in, user):
    kept = [kind.name for kind in registry.all_kinds() if kind.name != "thank_you_note"]

    response = signed_in.post(reverse("reminders:preferences"), {"reminders_enabled": "on", "kinds": kept})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.muted_reminder_kinds == ["thank_you_note"]
    assert user.reminders_enabled is True


def test_switching_all_reminders_off(signed_in, user):
    signed_in.post(reverse("reminders:preferences"), {"kinds": []})

    user.refresh_from_db()
    assert user.reminders_enabled is False


def test_an_unknown_kind_in_the_form_is_a_field_error_not_a_crash(signed_in, user):
    response = signed_in.post(reverse("reminders:preferences"), {"reminders_enabled": "on", "kinds": ["nope"]})

    assert response.status_code == 200
    assert "kinds" in response.context["form"].errors
    user.refresh_from_db()
    assert user.muted_reminder_kinds == []


def test_quiet_mode_pauses_for_the_chosen_number_of_days(signed_in, user):
    response = signed_in.post(reverse("reminders:pause"), {"days": "5"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.reminders_paused_until - user.local_today()).days == 5
    page = signed_in.get(reverse("reminders:preferences"))
    assert page.context["paused_until"] == user.reminders_paused_until


@pytest.mark.parametrize("days", ["0", str(MAX_PAUSE_DAYS + 1), "soon", ""])
def test_a_bad_pause_length_shows_a_field_error(signed_in, user, days):
    response = signed_in.post(reverse("reminders:pause"), {"days": days})

    assert response.status_code == 400
    assert "days" in response.context["pause_form"].errors
    user.refresh_from_db()
    assert user.reminders_paused_until is None


def test_resuming_ends_quiet_mode(signed_in, user):
    signed_in.post(reverse("reminders:pause"), {"days": "3"})
    signed_in.post(reverse("reminders:resume"))

    user.refresh_from_db()
    assert user.reminders_paused_until is None


@pytest.mark.parametrize("name", ["reminders:pause", "reminders:resume"])
def test_state_changes_refuse_get(signed_in, name):
    assert signed_in.get(reverse(name)).status_code == 405


def test_preference_changes_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("reminders:pause"), {"days": "3"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.reminders_paused_until is None


def test_each_person_only_ever_changes_their_own_preferences(signed_in, user, other_user):
    signed_in.post(reverse("reminders:preferences"), {"kinds": []})
    signed_in.post(reverse("reminders:pause"), {"days": "3"})

    other_user.refresh_from_db()
    assert other_user.reminders_enabled is True
    assert other_user.reminders_paused_until is None


# Unsubscribe -----------------------------------------------------------------------------------


def unsubscribe_url(user, kind):
    return reverse("reminders:unsubscribe", args=[tokens.make(user, kind)])


def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(client, user):
    response = client.get(unsubscribe_url(user, "ghosting_check"))

    assert response.status_code == 200
    assert b"Yes, unsubscribe" in response.content
    user.refresh_from_db()
    assert user.muted_reminder_kinds == []
    assert user.reminders_enabled is True


def test_the_page_for_one_kind_never_hands_out_a_link_that_stops_everything(client, user):
    page = client.get(unsubscribe_url(user, "ghosting_check")).content.decode()

    assert unsubscribe_url(user, tokens.ALL) not in page
    assert tokens.make(user, tokens.ALL) not in page
    # "Stop all" is offered only through the settings page, which asks them to sign in.
    assert f'href="{reverse("reminders:preferences")}"' in page
    assert client.get(reverse("reminders:preferences")).status_code == 302


def test_the_page_for_every_reminder_asks_before_stopping_them_all(client, user):
    response = client.get(unsubscribe_url(user, tokens.ALL))

    assert b"Stop all reminder emails?" in response.content
    user.refresh_from_db()
    assert user.reminders_enabled is True


def test_the_daily_email_option_is_on_by_default_and_can_be_switched_off(signed_in, user):
    page = signed_in.get(reverse("reminders:preferences"))
    assert page.context["form"].initial["reminders_bundled"] is True
    assert "Everything due on a day in one email" in page.content.decode()
    kinds = [kind.name for kind in registry.all_kinds()]

    signed_in.post(reverse("reminders:preferences"), {"reminders_enabled": "on", "kinds": kinds})
    user.refresh_from_db()
    assert user.reminders_bundled is False  # unticked: each reminder on its own

    signed_in.post(
        reverse("reminders:preferences"), {"reminders_enabled": "on", "reminders_bundled": "on", "kinds": kinds}
    )
    user.refresh_from_db()
    assert user.reminders_bundled is True


def test_a_persons_reminders_are_part_of_their_data_export(user):
    from accounts import export
    from tests.factories import ApplicationFactory

    ApplicationFactory(user=user)
    ApplicationFactory()  # someone else's

    rows = list(export.sections()["reminders"](user))

    assert sorted(row["kind"] for row in rows) == ["application_follow_up", "application_follow_up", "ghosting_check"]
    assert {row["state"] for row in rows} == {"scheduled"}


def test_the_same_person_and_kind_always_get_the_same_link(user):
    assert tokens.make(user, "ghosting_check") == tokens.make(user, "ghosting_check")
    assert tokens.make(user, "ghosting_check") != tokens.make(user, "interview_prep")


def test_one_click_post_without_cookies_or_csrf_unsubscribes_with_a_200(user):
    client = Client(enforce_csrf_checks=True)  # a mail provider: no session, no CSRF cookie

    response = client.post(unsubscribe_url(user, "ghosting_check"), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.muted_reminder_kinds == ["ghosting_check"]
    assert user.reminders_enabled is True


def test_unsubscribing_from_everything_switches_reminders_off(user):
    response = Client(enforce_csrf_checks=True).post(unsubscribe_url(user, tokens.ALL))

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.reminders_enabled is False


def test_unsubscribing_twice_is_harmless(client, user):
    client.post(unsubscribe_url(user, "ghosting_check"))
    client.post(unsubscribe_url(user, "ghosting_check"))

    user.refresh_from_db()
    assert user.muted_reminder_kinds == ["ghosting_check"]


def test_an_unsubscribe_link_only_affects_the_person_it_was_made_for(client, user, other_user):
    client.force_login(other_user)  # whoever is signed in on this browser does not matter
    client.post(unsubscribe_url(user, "ghosting_check"))

    user.refresh_from_db()
    other_user.refresh_from_db()
    assert user.muted_reminder_kinds == ["ghosting_check"]
    assert other_user.muted_reminder_kinds == []


def altered_tokens(user):
    good = tokens.make(user, "ghosting_check")
    payload, rest = good.split(":", 1)
    other = tokens.make(UserFactory(), "ghosting_check")
    return [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # signature changed
        signing.Signer(salt="another.salt").sign_object({"u": user.pk, "k": "ghosting_check"}),  # another purpose
        other.split(":", 1)[0] + ":" + rest,  # someone else's payload with this signature
        "not-a-token",
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_altered_token_is_refused_and_changes_nothing(client, user, method):
    for token in altered_tokens(user):
        response = getattr(client, method)(reverse("reminders:unsubscribe", args=[token]))
        assert response.status_code == 400, token
        assert b"link doesn" in response.content
    assert not User.objects.exclude(muted_reminder_kinds=[]).exists()
    assert not User.objects.filter(reminders_enabled=False).exists()


def test_a_token_for_a_deleted_account_is_refused(client, user):
    url = unsubscribe_url(user, "ghosting_check")
    user.delete()

    assert client.post(url).status_code == 400


# Outbox ----------------------------------------------------------------------------------------

ELSEWHERE = "203.0.113.7"  # an address that is not this machine


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.DEBUG = True
    settings.OUTBOX_DIR = tmp_path
    return tmp_path


def write_email(
    subject="Follow up with Dana at Acme",
    body="Plain & simple",
    html="<p>Hello <b>there</b></p>",
    to="seeker@example.com",
):
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject, body, "rebound@example.com", [to])
    message.attach_alternative(html, "text/html")
    OutboxBackend().send_messages([message])
    return message


def outbox_pages(client, name, **extra):
    return [
        client.get(reverse("reminders:outbox"), **extra),
        client.get(reverse("reminders:outbox_message", args=[name]), **extra),
        client.get(reverse("reminders:outbox_message_html", args=[name]), **extra),
    ]


def test_the_outbox_lists_the_kept_emails_for_the_developer_at_their_machine(client, outbox_dir):
    write_email()

    response = client.get(reverse("reminders:outbox"), REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    assert [email["subject"] for email in response.context["emails"]] == ["Follow up with Dana at Acme"]


def test_the_outbox_answers_the_loopback_address_in_ipv6_too(client, outbox_dir):
    write_email()
    name = next(outbox_dir.glob("*.eml")).name

    assert [page.status_code for page in outbox_pages(client, name, REMOTE_ADDR="::1")] == [200, 200, 200]


def test_the_outbox_is_a_404_for_anyone_else(client, outbox_dir):
    write_email(subject="Reset your password", body="https://rebound.example/reset/secret-token/")
    name = next(outbox_dir.glob("*.eml")).name

    pages = outbox_pages(client, name, REMOTE_ADDR=ELSEWHERE)

    assert [page.status_code for page in pages] == [404, 404, 404]
    assert not any(b"secret-token" in page.content for page in pages)


def test_a_staff_member_reads_every_email_from_anywhere(client, outbox_dir):
    write_email(to="someone@example.com")
    write_email(to="another@example.com")
    name = next(outbox_dir.glob("*.eml")).name
    client.force_login(UserFactory(is_staff=True))

    pages = outbox_pages(client, name, REMOTE_ADDR=ELSEWHERE)

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert len(pages[0].context["emails"]) == 2


@pytest.mark.parametrize("address", ["127.0.0.1", ELSEWHERE])
def test_a_signed_in_person_who_is_not_staff_sees_only_their_own_emails(client, outbox_dir, user, address):
    write_email(subject="For you", to=user.email.upper())
    write_email(subject="Someone else's reset link", to="someone@example.com")
    mine, theirs = (
        next(path.name for path in outbox_dir.glob("*.eml") if subject in path.read_text())
        for subject in ("For you", "Someone else")
    )
    client.force_login(user)

    listing = client.get(reverse("reminders:outbox"), REMOTE_ADDR=address)

    assert [email["subject"] for email in listing.context["emails"]] == ["For you"]
    assert [page.status_code for page in outbox_pages(client, mine, REMOTE_ADDR=address)[1:]] == [200, 200]
    assert [page.status_code for page in outbox_pages(client, theirs, REMOTE_ADDR=address)[1:]] == [404, 404]


def test_an_outbox_email_shows_its_text_and_its_sandboxed_html(client, outbox_dir):
    write_email()
    name = next(outbox_dir.glob("*.eml")).name

    page = client.get(reverse("reminders:outbox_message", args=[name]))
    html = client.get(reverse("reminders:outbox_message_html", args=[name]))

    assert page.status_code == 200
    assert "Plain &amp; simple" in page.content.decode()
    assert html.status_code == 200
    assert html.content.startswith(b"<p>Hello <b>there</b></p>")
    assert html["Content-Security-Policy"].startswith("sandbox")


def test_the_plain_text_part_keeps_its_line_breaks_and_wraps_long_links(client, outbox_dir):
    from pathlib import Path

    long_link = "https://rebound.example/reminders/unsubscribe/" + "x" * 300 + "/"
    write_email(body=f"Hi Sam,\n\nFirst line.\nSecond line.\n{long_link}\n")
    name = next(outbox_dir.glob("*.eml")).name

    page = client.get(reverse("reminders:outbox_message", args=[name])).content.decode()

    assert (
        f'<pre class="outbox-text border rounded p-3 bg-light">Hi Sam,\n\nFirst line.\nSecond line.\n{long_link}'
        in page
    )
    assert "text-wrap" not in page  # Bootstrap's text-wrap would fold the lines together
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    css = (Path(__file__).resolve().parents[2] / "static/css/rebound.css").read_text()
    rule = css[css.index(".outbox-text {") :].split("}", 1)[0]
    assert "white-space: pre-wrap" in rule and "overflow-wrap: anywhere" in rule


def test_an_unknown_outbox_email_is_a_404(client, outbox_dir):
    assert client.get(reverse("reminders:outbox_message", args=["nope.eml"])).status_code == 404


def test_outbox_names_cannot_leave_the_folder(client, outbox_dir):
    (outbox_dir.parent / "secret.eml").write_text("Subject: secret\n\nsecret")
    assert client.get("/reminders/outbox/..%2Fsecret.eml").status_code == 404
    assert client.get("/reminders/outbox/../secret.eml").status_code == 404


def test_the_outbox_is_gone_when_debug_is_off(client, outbox_dir, settings):
    write_email()
    name = next(outbox_dir.glob("*.eml")).name
    settings.DEBUG = False
    client.force_login(UserFactory(is_staff=True))

    assert [page.status_code for page in outbox_pages(client, name)] == [404, 404, 404]
