"""The insights pages' charts, from their selectors' rows (core.charts holds the geometry;
templates/charts/ draws it). Each stage keeps its own colour here as everywhere else."""

from core import charts
from core.charts import Columns, Label, MoodPoint

# The funnel's steps in the colour of the stage each stands for.
FUNNEL_STAGES = {"sent": "applied", "heard_back": "screening", "interviewed": "interviewing", "offered": "offer"}


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def week_bars(weeks) -> dict:
    """Applications per week (insights.selectors.Week rows, oldest first), each week's target as
    a dashed mark where a plan was made; a date under every other week, ending with this one."""
    top = charts.nice_top(max([week.applications for week in weeks] + [week.target or 0 for week in weeks]))
    columns = Columns(len(weeks), top)
    bars = [columns.bar(index, week.applications) for index, week in enumerate(weeks)]
    targets = "".join(
        f"M{round(index * columns.slot + columns.slot * 0.08, 1)} {columns.y(week.target)}"
        f"h{round(columns.slot * 0.84, 1)}"
        for index, week in enumerate(weeks)
        if week.target is not None
    )
    labelled = charts.every_other_from_the_end(len(weeks))
    return {
        **columns.frame(),
        "bars": bars,
        "columns": charts.rectangles(bars),
        "targets": targets,
        "labels_x": [
            Label(columns.middle(index), charts.day_month(week.start))
            for index, week in enumerate(weeks)
            if index in labelled
        ],
    }


def bounce_bars(items) -> dict:
    """Days to bounce back after each rejection (insights.selectors.BounceBack rows, oldest first).

    Held steady is a short stub at zero; still recovering is a lighter, dashed bar to the days so
    far; unknown (no check-ins) draws nothing but keeps its place."""
    columns = Columns(len(items), charts.nice_top(max([item.days or 0 for item in items] + [7])))
    drawn = [
        (columns.bar(index, item.days, least=2), item.state == "recovering")
        for index, item in enumerate(items)
        if item.days is not None
    ]
    labelled = charts.every_other_from_the_end(len(items))
    return {
        **columns.frame(),
        "bars": [bar for bar, _recovering in drawn],
        "back": charts.rectangles(bar for bar, recovering in drawn if not recovering),
        "recovering": charts.rectangles(bar for bar, recovering in drawn if recovering),
        "summary": ", ".join(f"{charts.day_month(item.setback.day)} {item.outcome}" for item in items),
        "labels_x": [
            Label(columns.middle(index), charts.day_month(item.setback.day))
            for index, item in enumerate(items)
            if index in labelled
        ],
    }


def mood_line(days, *, usual: float | None) -> dict:
    """Daily mood with the day's rejections, interviews and offers in lanes beneath (`days`:
    insights.selectors.Day rows, one per calendar day)."""
    points = [MoodPoint(day.day, day.mood, day.rejections, day.interviews, day.offers) for day in days]
    return charts.mood_line(points, usual=usual, lanes=True)


def for_search(page) -> dict:
    """The charts of the search page (insights.selectors.SearchPage) by name."""
    return {
        "funnel": charts.horizontal_bars(
            [(step.label, step.count, str(step.count), FUNNEL_STAGES[step.key]) for step in page.figures.funnel],
            top=page.figures.sent,
        ),
        "sources": charts.horizontal_bars(
            [(row.label, row.response_rate or 0, _percent(row.response_rate), "") for row in page.sources], top=1
        ),
        "stages": charts.horizontal_bars(
            [(stage.label, stage.median_days, f"{stage.median_days:.1f} d", stage.status) for stage in page.stage_times]
        ),
        "weeks": week_bars(page.weeks),
    }


def for_mood(page) -> dict:
    """The charts of the mood page (insights.selectors.MoodPage) by name."""
    return {
        "mood": mood_line(page.mood_days, usual=page.usual_mood),
        "bounce": bounce_bars(page.charted_bounce_backs),
    }
