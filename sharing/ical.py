"""Calendar events as iCalendar (RFC 5545) text, written with the `icalendar` library."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from sharing.selectors import CalendarEvent

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Rebound//Job search calendar//EN"
# How often a subscribed calendar should come back for changes (RFC 7986, and Outlook's older name).
REFRESH = timedelta(hours=1)


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "rebound.localhost"


def _utc(moment):
    return moment.astimezone(UTC) if isinstance(moment, datetime) else moment


def to_ical(events: Iterable[CalendarEvent], *, name: str, now: datetime, refresh: bool = True) -> bytes:
    """A whole calendar. `refresh` adds the polling hints a subscribed feed needs."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if refresh:
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    stamp = _utc(now)
    domain = _domain()
    for event in events:
        calendar.add_component(
            icalendar.Event.new(
                uid=f"{event.uid}@{domain}",
                stamp=stamp,
                start=_utc(event.start),
                end=_utc(event.end),
                summary=event.summary,
                description=event.description,
                categories=[event.category],
                url=event.url,
                # Reminders for a day should not mark the whole day as busy; interviews should.
                transparency="TRANSPARENT" if event.all_day else "OPAQUE",
            )
        )
    return calendar.to_ical()
