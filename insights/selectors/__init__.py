"""Figures over the whole search: the pipeline and the recovery side read together, one module a
page — the search itself (search, with what was sent against what came back: documents), mood and
bouncing back (mood), the feedback ledger (feedback).

Every function runs a fixed number of queries whatever the amount of data. Counting, grouping by
week or by day and medians of stays happen in the database; Python only walks rows that are
already one per day or one per week (bounded by the look-back windows).
"""

from insights.selectors.documents import (
    FEW_SENT,
    CvVersion,
    OfferAgainstAsk,
    cv_versions,
    offers_against_asks,
    offers_summary,
)
from insights.selectors.feedback import Factor, FactorAction, Ledger, deciding_factors, feedback_ledger
from insights.selectors.mood import (
    BounceBack,
    Day,
    MoodPage,
    Recovery,
    Setback,
    bounce_backs,
    daily_moods,
    interview_days,
    mood_days,
    mood_page,
    mood_window,
    name_the_companies,
    pipeline_days,
    recovery,
)
from insights.selectors.search import (
    PaceGuard,
    SearchPage,
    SourceRow,
    Week,
    burst_days,
    by_source,
    counts_by_source,
    pace_guard,
    search_page,
    sent_recently,
    weekly_applications,
)

__all__ = [
    "FEW_SENT",
    "BounceBack",
    "CvVersion",
    "Day",
    "Factor",
    "FactorAction",
    "Ledger",
    "MoodPage",
    "OfferAgainstAsk",
    "PaceGuard",
    "Recovery",
    "SearchPage",
    "Setback",
    "SourceRow",
    "Week",
    "bounce_backs",
    "burst_days",
    "by_source",
    "counts_by_source",
    "cv_versions",
    "daily_moods",
    "deciding_factors",
    "feedback_ledger",
    "interview_days",
    "mood_days",
    "mood_page",
    "mood_window",
    "name_the_companies",
    "offers_against_asks",
    "offers_summary",
    "pace_guard",
    "sent_recently",
    "pipeline_days",
    "recovery",
    "search_page",
    "weekly_applications",
]
