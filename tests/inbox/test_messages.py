"""Raw messages read into what the email reader needs: every charset, broken MIME, HTML only,
headers missing, huge messages; never an exception."""

import hashlib
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox.messages import BODY_LENGTH, Message, decode, html_to_text, read
from jobhunt.email_reading import classify
from tests.inbox.conftest import sample

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


def key_of(message_id: str) -> str:
    return hashlib.sha256(message_id.encode()).hexdigest()


def message(headers: str | bytes, body: bytes = b"Hello.") -> bytes:
    """Headers written one a line with "\n", and a body: as bytes with CRLF line ends."""
    headers = headers.encode() if isinstance(headers, str) else headers
    return headers.replace(b"\n", b"\r\n") + b"\r\n" + body


# The samples -----------------------------------------------------------------------------------


def test_a_plain_rejection_is_read_whole():
    read_back = read(sample("rejection.eml"), now=NOW)

    assert read_back.message_key == key_of("<rejection-0001@northwind-logistics.example>")
    assert read_back.received_at == datetime(2025, 3, 3, 9, 12, tzinfo=UTC)
    assert (read_back.sender, read_back.sender_name) == ("careers@northwind-logistics.example", "Talent Team")
    assert read_back.subject == "Your application for Data Analyst"
    assert read_back.body.startswith("Hello Sam,\n\nThank you for applying for the Data Analyst role")
    assert read_back.body.endswith("The Northwind Talent Team")
    assert classify(read_back.to_email()).status == "rejected"


def test_a_latin1_message_reads_right_in_its_headers_and_body():
    read_back = read(sample("latin1.eml"), now=NOW)

    assert read_back.sender_name == "Recrutement Société Générale des Eaux"
    assert read_back.subject == "Candidature reçue : Chargé de clientèle"
    assert "Nous avons bien reçu votre candidature au poste de chargé de clientèle." in read_back.body
    assert "Très cordialement" in read_back.body


def test_a_windows_1252_message_keeps_its_curly_quotes_dashes_and_euros():
    read_back = read(sample("windows1252.eml"), now=NOW)

    assert read_back.subject == "“Next steps” – your application (€45k role)"
    assert "Thanks for your interest in the “Store Operations Lead” role – we’d like to" in read_back.body
    assert "€42,000–€48,000 … let us know" in read_back.body


def test_a_shift_jis_message_reads_right_in_its_headers_and_body():
    read_back = read(sample("shift_jis.eml"), now=NOW)

    assert read_back.sender_name == "採用担当"
    assert read_back.subject == "面接のご案内（営業職）"
    assert "このたびは営業職にご応募いただき、ありがとうございます。" in read_back.body
    assert read_back.received_at == datetime(2025, 3, 12, 1, 0, tzinfo=UTC)


def test_malformed_mime_is_read_as_far_as_it_goes():
    # The closing boundary is misspelt: the attachment never starts, the text part runs on.
    read_back = read(sample("malformed_mime.eml"), now=NOW)

    assert read_back.body.startswith("We received your application. A copy of your CV is attached.")
    assert read_back.subject == "Application received (attachment)"
    assert classify(read_back.to_email()).status == "acknowledged"


def test_multipart_alternative_is_read_from_its_plain_text_part():
    read_back = read(sample("newsletter.eml"), now=NOW)

    assert read_back.body.startswith("This week's picks for you:\n- Junior Analyst, Harbor Bank")
    assert "<" not in read_back.body


def test_every_sample_gives_the_key_of_its_message_id():
    for name, message_id in [
        ("interview.eml", "<interview-0002@bluefin-studio.example>"),
        ("personal.eml", "<personal-0004@example.net>"),
        ("malformed_mime.eml", "<malformed-0008@portal.example>"),
    ]:
        assert read(sample(name), now=NOW).message_key == key_of(message_id)


# Charsets --------------------------------------------------------------------------------------


def test_headers_in_undeclared_8bit_are_read_as_utf8_or_else_windows_1252():
    utf8 = read(message("From: José Núñez <jose@example.com>\nSubject: Entrevista mañana\n".encode()), now=NOW)
    latin = read(message("From: José <jose@example.com>\nSubject: café crème\n".encode("latin-1")), now=NOW)

    assert (utf8.sender_name, utf8.subject) == ("José Núñez", "Entrevista mañana")
    assert (latin.sender_name, latin.subject) == ("José", "café crème")


def test_an_encoded_word_in_an_unknown_charset_falls_back_rather_than_losing_letters():
    read_back = read(message("From: =?x-unknown?q?Jos=E9?= <a@example.com>\nSubject: =?x-bogus?q?caf=E9?=\n"), now=NOW)

    assert (read_back.sender_name, read_back.subject) == ("José", "café")


def test_a_body_says_ascii_but_holds_utf8():
    raw = message("Subject: x\nContent-Type: text/plain; charset=us-ascii\n", "Zürich – 10:00".encode())

    assert read(raw, now=NOW).body == "Zürich – 10:00"


def test_a_body_says_iso_8859_1_but_holds_windows_1252_quotes():
    raw = message("Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n", "“Hi” – café".encode("cp1252"))

    assert read(raw, now=NOW).body == "“Hi” – café"


def test_an_unknown_body_charset_falls_back_to_windows_1252():
    raw = message("Subject: x\nContent-Type: text/plain; charset=x-klingon\n", "Résumé received".encode("cp1252"))

    assert read(raw, now=NOW).body == "Résumé received"


def test_a_shift_jis_body_with_one_broken_byte_keeps_the_rest_of_its_japanese():
    body = "面接のご案内".encode("shift_jis") + b"\xa0" + "営業職".encode("shift_jis")  # 0xA0: no Shift_JIS byte
    raw = message("Subject: x\nContent-Type: text/plain; charset=Shift_JIS\n", body)

    assert read(raw, now=NOW).body == "面接のご案内\ufffd営業職"


def test_decode_takes_any_bytes():
    assert decode(bytes(range(256)), "utf-8") == bytes(range(256)).decode("latin-1")
    assert decode("naïve".encode(), None) == "naïve"
    assert decode(b"plain", "no-such-charset") == "plain"
    assert decode(b"\xff\xfe", "base64") == "ÿþ"  # not a text encoding: ignored


def test_base64_and_quoted_printable_bodies_are_decoded():
    b64 = message(
        "Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n",
        b"V2UgcmVncmV0IHRvIGluZm9ybSB5b3Ug4oCUIHNvcnJ5Lg==\r\n",
    )
    qp = message(
        "Subject: x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n",
        b"Ch=E8re Sam, nous avons bien re=E7u votre candidature.=\r\n Merci.\r\n",
    )

    assert read(b64, now=NOW).body == "We regret to inform you — sorry."
    assert read(qp, now=NOW).body == "Chère Sam, nous avons bien reçu votre candidature. Merci."


# HTML ------------------------------------------------------------------------------------------


def test_an_html_only_message_is_read_as_its_text():
    html = (
        b"<html><head><title>Mail</title><style>p {color: red}</style></head><body>"
        b"<p>Dear&nbsp;Sam,</p><p>We regret to inform you &amp; thank you.</p>"
        b"<div>Interview<br>Team</div><script>alert('x')</script><img src=x onerror=alert(1)></body></html>"
    )
    raw = message("Subject: x\nContent-Type: text/html; charset=utf-8\n", html)

    assert read(raw, now=NOW).body == "Dear Sam,\n\nWe regret to inform you & thank you.\n\nInterview\nTeam"


def test_html_is_only_a_fallback_when_there_is_a_plain_part():
    raw = message(
        'Subject: x\nContent-Type: multipart/alternative; boundary="b"\n',
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>From the HTML</p>\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nFrom the text\r\n--b--\r\n",
    )

    assert read(raw, now=NOW).body == "From the text"


def test_a_text_attachment_is_not_the_body():
    raw = message(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=cv.txt\r\n\r\nMy CV\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>The letter</p>\r\n--b--\r\n",
    )

    assert read(raw, now=NOW).body == "The letter"


def test_html_to_text_never_lets_markup_through():
    text = html_to_text('<a href="javascript:x">link</a><iframe src=x></iframe>&lt;b&gt;kept as text&lt;/b&gt;')

    assert text == "link<b>kept as text</b>"  # the escaped markup is the message's own words


def test_broken_markup_is_read_in_one_pass_whatever_its_size():
    # Tags that never close: each "<p" looking for its ">" to the end would take minutes here.
    raw = message("Subject: x\nContent-Type: text/html\n", b"Dear Sam," + b"<p" * 400_000)

    assert read(raw, now=NOW).body == "Dear Sam,"
    assert html_to_text("<head>" * 100_000 + "Hello") == "Hello"


# Missing and odd headers -----------------------------------------------------------------------


def test_without_a_message_id_the_key_is_the_hash_of_the_message():
    raw = message("From: a@example.com\nSubject: Hello\n")

    assert read(raw, now=NOW).message_key == hashlib.sha256(raw).hexdigest()


def test_without_a_date_or_with_one_that_does_not_read_it_is_now():
    assert read(message("Subject: x\n"), now=NOW).received_at == NOW
    assert read(message("Subject: x\nDate: Mon, 99 Foo 2025 99:99\n"), now=NOW).received_at == NOW
    assert read(message("Subject: x\nDate: Sat, 1 Jan 2099 10:00:00 +0000\n"), now=NOW).received_at == NOW
    assert read(message("Subject: x\nDate: Mon, 3 Mar 2025 10:00:00 -0000\n"), now=NOW).received_at == datetime(
        2025, 3, 3, 10, tzinfo=UTC
    )


def test_without_a_from_the_sender_is_empty():
    read_back = read(message("Subject: Your application\n"), now=NOW)

    assert (read_back.sender, read_back.sender_name, read_back.subject) == ("", "", "Your application")


def test_a_from_with_a_comma_in_its_encoded_name_keeps_one_sender():
    read_back = read(message("From: =?utf-8?q?Shah=2C_Priya?= <Priya.Shah@Bluefin.example>\n"), now=NOW)

    assert (read_back.sender_name, read_back.sender) == ("Shah, Priya", "priya.shah@bluefin.example")


def test_a_from_without_an_address_gives_no_sender():
    read_back = read(message("From: <<<>>>@@\nSubject: x\n"), now=NOW)

    assert read_back.sender == ""


def test_long_subjects_and_names_are_cut_and_put_on_one_line():
    raw = message(f"From: {'N' * 500} <a@example.com>\nSubject: {'word ' * 200}\n\tcontinued\n")

    read_back = read(raw, now=NOW)

    assert len(read_back.subject) == 300 and "\t" not in read_back.subject
    assert len(read_back.sender_name) == 200


def test_control_characters_and_nul_never_reach_the_database():
    read_back = read(message("Subject: a\x00b\x07c\n", b"line\x00one\x1b\r\nline two"), now=NOW)

    assert read_back.subject == "abc"
    assert read_back.body == "lineone\nline two"


def test_nothing_to_read_is_none():
    assert read(b"", now=NOW) is None
    assert read(b"\x00\x01\x02", now=NOW) is None
    assert read(b"\r\n\r\n", now=NOW) is None


# Bounded work ----------------------------------------------------------------------------------


def test_a_huge_body_is_cut_before_it_is_classified():
    line = b"We regret to inform you that we have decided not to move forward. " * 20 + b"\r\n"
    raw = message("Subject: Your application\n", line * (5_000_000 // len(line)))

    read_back = read(raw, now=NOW)

    assert len(raw) > 4_900_000
    assert len(read_back.body) <= BODY_LENGTH
    assert classify(read_back.to_email()).status == "rejected"


def test_a_message_of_ten_thousand_parts_is_read_from_its_first_ones():
    parts = b"".join(b"--b\r\nContent-Type: image/png\r\n\r\nxx\r\n" for _ in range(10_000))
    raw = message('Subject: x\nContent-Type: multipart/mixed; boundary="b"\n', parts + b"--b--\r\n")

    assert read(raw, now=NOW).body == ""


# Replies, excerpts, the reader's form ----------------------------------------------------------


def test_quoted_replies_are_left_out_as_the_pasted_email_reader_does():
    body = (
        b"Thanks for following up. I'm afraid we have decided to move forward with another candidate.\r\n\r\n"
        b"On Mon, 10 Mar 2025 at 09:14, Sam <sam@example.com> wrote:\r\n"
        b"> Could we schedule a call to hear about next steps?\r\n"
    )
    read_back = read(message("Subject: Re: could we schedule a call?\n", body), now=NOW)

    assert read_back.body == (
        "Thanks for following up. I'm afraid we have decided to move forward with another candidate."
    )
    assert classify(read_back.to_email()).status == "rejected"


def test_the_email_reader_gets_the_sender_first_then_the_addresses_in_the_body():
    raw = message(
        "From: Priya <Priya@Bluefin.example>\nSubject: Interview\n",
        b"Write to Jo.Recruiter@bluefin.example or priya@bluefin.example.",
    )

    email = read(raw, now=NOW).to_email()

    assert email.addresses == ["priya@bluefin.example", "jo.recruiter@bluefin.example"]
    assert (email.sender, email.sender_name, email.subject) == ("priya@bluefin.example", "Priya", "Interview")


def test_an_excerpt_is_the_text_around_the_phrase_on_one_line():
    body = (
        ("Lorem ipsum dolor sit amet. " * 30)
        + "We have decided not to move forward with your application. "
        + ("Consectetur adipiscing elit. " * 30)
    )
    message_ = Message(
        message_key="k", received_at=NOW, sender="", sender_name="", subject="", body=body.replace(". ", ".\n")
    )

    excerpt = message_.excerpt("not to move forward")

    assert "decided not to move forward with your application." in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= 300 and "\n" not in excerpt
    assert message_.excerpt("a phrase it does not have").startswith("Lorem ipsum")
    short = Message(message_key="k", received_at=NOW, sender="", sender_name="", subject="", body="Short\nnote")
    assert short.excerpt("x") == "Short note"


# Never an exception ----------------------------------------------------------------------------

SAMPLES = [sample(name) for name in ("rejection.eml", "malformed_mime.eml", "shift_jis.eml", "newsletter.eml")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_read_without_an_exception(data):
    assert read(data, now=NOW) is None or isinstance(read(data, now=NOW), Message)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.integers(min_value=0, max_value=3000), st.binary(min_size=1, max_size=40))
def test_a_sample_with_bytes_spliced_in_anywhere_reads_without_an_exception(raw, at, junk):
    read_back = read(raw[:at] + junk + raw[at:], now=NOW)

    if read_back is not None:
        assert read_back.received_at <= NOW
        assert len(read_back.subject) <= 300 and "\x00" not in read_back.subject + read_back.body


@pytest.mark.parametrize("header", ["From", "Subject", "Date", "Message-ID", "Content-Type"])
def test_hostile_header_values_read_without_an_exception(header):
    for value in ["=?", "=?utf-8?", "=?utf-8?b?====?=", '"' * 50, "<" * 1000, "(" * 1000, "\\" * 100, "@" * 100]:
        read_back = read(message(f"{header}: {value}\nX: y\n"), now=NOW)
        assert read_back is None or isinstance(read_back, Message)


def test_dates_at_the_ends_of_time_read_as_now_or_as_themselves():
    assert read(message("Subject: x\nDate: Mon, 1 Jan 0001 00:00:00 +1400\n"), now=NOW).received_at <= NOW
    old = read(message("Subject: x\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n"), now=NOW)
    assert old.received_at == datetime(1970, 1, 1, tzinfo=UTC)
