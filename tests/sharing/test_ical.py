"""The calendar text sharing.ical writes by hand says exactly what the `icalendar` library wrote
for the same events before: the same bytes, and the same properties once read back."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing import ical
from sharing.selectors import CalendarEvent

NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=datetime.UTC)
BERLIN = ZoneInfo("Europe/Berlin")
PROPERTIES = ("UID", "SUMMARY", "DESCRIPTION", "CATEGORIES", "URL", "TRANSP", "DTSTAMP", "DTSTART", "DTEND")

HOSTILE = [
    '"><script>alert(1)</script>',
    "Commas, commas, and more, commas",
    "Semi;colons;everywhere;",
    "Back\\slash \\\\ and a trailing one\\",
    "An escape already written: \\N, \\n, \\, and \\;",
    "Line one\nline two\r\nline three\rline four\n\n",
    "Carets ^ and ^^ and ^n and ^' in parameter style",
    "Ünïcödé ✓ 日本語のテキスト 🎉🚀👩‍💻 " * 6,
    "🎉" * 40,  # four octets each: every fold falls next to one
    "é" * 80,  # two octets each, from an odd start after the property name
    "x" * 73 + "🎉" + "y" * 10,  # the emoji straddles the 74th octet
    "a" * 73 + "\\" + "b" * 10,  # a backslash at the end of the first line
    "a" * 72 + "\\\\" + "b" * 10,
    "a" * 73 + "^" + "b" * 10,
    "",
]


def previous_to_ical(events, *, name, now, refresh=True) -> bytes:
    """sharing.ical.to_ical as it was, written with `icalendar` (the reference)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if refresh:
        calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")

    def utc(moment):
        return moment.astimezone(datetime.UTC) if isinstance(moment, datetime.datetime) else moment

    for event in events:
        calendar.add_component(
            icalendar.Event.new(
                uid=f"{event.uid}@{ical._domain()}",
                stamp=utc(now),
                start=utc(event.start),
                end=utc(event.end),
                summary=event.summary,
                description=event.description,
                categories=[event.category],
                url=event.url,
                transparency="TRANSPARENT" if event.all_day else "OPAQUE",
            )
        )
    return calendar.to_ical()


def _event(n: int, text: str, *, all_day: bool) -> CalendarEvent:
    if all_day:
        start = datetime.date(2026, 3, 4) + datetime.timedelta(days=n)
        end = start + datetime.timedelta(days=1)
    else:
        start = datetime.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=BERLIN) + datetime.timedelta(hours=n)
        end = start + datetime.timedelta(hours=1)
    return CalendarEvent(
        uid=f"hostile-{n}-{text[:10]}",
        category=text[:20] or "Interview",
        summary=f"{text}: Role at Company",
        description=f"{text}\nMeeting: {text} (recruiter), {text}.\nIn Rebound: http://127.0.0.1:8000/x/{n}/",
        start=start,
        end=end,
        url=f"http://127.0.0.1:8000/interviews/{n}/?a=1;b=2,c",
    )


def _hostile_events() -> list[CalendarEvent]:
    return [_event(n, text, all_day=bool(n % 2)) for n, text in enumerate(HOSTILE)]


def _read(body: bytes) -> list[dict]:
    return [
        {name: event[name].to_ical() for name in PROPERTIES}
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    ]


@pytest.mark.parametrize("refresh", [True, False])
def test_hostile_text_is_written_exactly_as_icalendar_wrote_it(refresh):
    events = _hostile_events()
    name = "".join(HOSTILE[:4] + HOSTILE[6:8])  # no line breaks: `icalendar` refused them in the name

    written = ical.to_ical(events, name=name, now=NOW, refresh=refresh)

    assert written == previous_to_ical(events, name=name, now=NOW, refresh=refresh)


def test_every_event_reads_back_with_the_same_properties():
    events = _hostile_events()

    written = ical.to_ical(events, name="Rebound: job search", now=NOW)

    read = _read(written)
    assert read == _read(previous_to_ical(events, name="Rebound: job search", now=NOW))
    assert len(read) == len(events)
    for event, parsed in zip(events, icalendar.Calendar.from_ical(written).walk("VEVENT"), strict=True):
        assert parsed.start == (event.start if event.all_day else event.start.replace(microsecond=0))
        assert str(parsed["URL"]) == event.url


def test_lines_are_folded_within_75_octets_and_never_inside_a_character():
    written = ical.to_ical(_hostile_events(), name="Rebound", now=NOW)

    lines = written.split(b"\r\n")
    assert lines[-1] == b""  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode()  # raises if a fold split a multibyte character
    assert "🎉" * 40 in written.replace(b"\r\n ", b"").decode()


def test_a_line_break_in_the_calendar_name_cannot_start_a_line_of_its_own():
    written = ical.to_ical([], name="Final: Role at Acme\r\nBEGIN:VEVENT\nUID:x\rEND", now=NOW)

    assert b"\nBEGIN:VEVENT" not in written
    assert str(icalendar.Calendar.from_ical(written)["X-WR-CALNAME"]) == "Final: Role at Acme BEGIN:VEVENT UID:x END"


def test_an_empty_calendar_matches_too():
    assert ical.to_ical([], name="Nothing yet", now=NOW) == previous_to_ical([], name="Nothing yet", now=NOW)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.one_of(st.sampled_from("\\;,:^\n\r\"'<> Nn"), st.characters(codec="utf-8")), max_size=200),
    all_day=st.booleans(),
)
def test_any_text_is_written_as_icalendar_wrote_it(text, all_day):
    events = [_event(7, text, all_day=all_day)]
    name = text.replace("\r", "").replace("\n", "")  # `icalendar` refused line breaks in the name

    assert ical.to_ical(events, name=name, now=NOW) == previous_to_ical(events, name=name, now=NOW)
