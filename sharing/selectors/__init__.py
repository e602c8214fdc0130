"""Reads for what leaves Rebound: the calendar's events (calendar), the coach's view of the
pipeline (coach) and the settings page's links (links).

Each hands out plain dataclasses built from the few fields it may show, never model rows, so a
template cannot reach a note, a salary or a journal entry by accident. Each function runs a fixed
number of queries whatever the amount of data.
"""

from sharing.selectors.calendar import (
    FEED_DAYS_AHEAD,
    FEED_DAYS_BACK,
    CalendarEvent,
    calendar_events,
    feed_for_token,
    interview_event,
    interviews_for_download,
)
from sharing.selectors.coach import CoachView, coach_view, share_link_for_token
from sharing.selectors.links import share_links

__all__ = [
    "FEED_DAYS_AHEAD",
    "FEED_DAYS_BACK",
    "CalendarEvent",
    "CoachView",
    "calendar_events",
    "coach_view",
    "feed_for_token",
    "interview_event",
    "interviews_for_download",
    "share_link_for_token",
    "share_links",
]
