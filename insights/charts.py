"""Geometry for the insights charts, from numbers only.

Each function returns plain numbers (coordinates, sizes) that a template writes into an inline
SVG. No text a person typed goes into a drawing: labels under or beside the shapes come from the
app's own choices or are dates, and every chart has a table or a sentence that says the same.
"""

from dataclasses import dataclass
from math import ceil


def _r(value: float) -> float:
    return round(value, 1)


def axis(value: float) -> tuple[int, int]:
    """(top, step) for an axis from 0 that fits `value`: steps of 1 up to 5, then 2, 5, 10, 20…
    so there are at most five gridlines above zero."""
    if value <= 5:
        return max(ceil(value), 1), 1
    step = next(step for step in _steps() if step * 5 >= value)
    return step * ceil(value / step), step


def _steps():
    magnitude = 1
    while True:
        yield from (2 * magnitude, 5 * magnitude, 10 * magnitude)
        magnitude *= 10


def nice_top(value: float) -> int:
    return axis(value)[0]


def _ticks(top: int) -> list[int]:
    return list(range(0, top + 1, axis(top)[1]))


@dataclass(frozen=True)
class HBar:
    label: str
    text: str
    y: float
    text_y: float
    width: float


def horizontal_bars(rows: list[tuple[str, float, str]], *, top: float | None = None) -> dict:
    """One bar per (label, value, text) row, longest at `top` (default: the largest value).

    Labels are the app's own words (stage and source names); `text` is the figure shown at the
    end of the bar.
    """
    width, label_width, text_width, row_height, bar_height = 320, 112, 44, 24, 14
    bar_space = width - label_width - text_width
    top = top if top is not None else max((value for _label, value, _text in rows), default=0)
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = 4 + index * row_height
        length = bar_space * value / top if top else 0
        bars.append(HBar(label, text, y, _r(y + bar_height / 2), _r(max(length, 0))))
    return {
        "width": width,
        "height": 4 + len(rows) * row_height,
        "label_x": label_width - 6,
        "bar_x": label_width,
        "bar_height": bar_height,
        "text_x": label_width + 4,
        "bars": bars,
    }


@dataclass(frozen=True)
class _Columns:
    """A column chart's frame: `count` slots side by side, values from 0 to `top`."""

    count: int
    top: int
    width: int = 360
    height: int = 150
    pad_left: int = 26
    pad_right: int = 6
    pad_top: int = 10
    pad_bottom: int = 22

    @property
    def slot(self) -> float:
        return (self.width - self.pad_left - self.pad_right) / max(self.count, 1)

    @property
    def bottom(self) -> int:
        return self.height - self.pad_bottom

    def x(self, index: int) -> float:
        return self.pad_left + index * self.slot

    def y(self, value: float) -> float:
        return _r(self.bottom - (self.bottom - self.pad_top) * value / self.top)

    def bar(self, index: int, value: float, *, least: float = 0) -> dict:
        y = min(self.y(value), self.bottom - least)
        return {
            "x": _r(self.x(index) + self.slot * 0.2),
            "y": y,
            "width": _r(self.slot * 0.6),
            "height": _r(self.bottom - y),
        }

    def frame(self) -> dict:
        grid = [{"y": self.y(tick), "value": tick} for tick in _ticks(self.top)]
        return {
            "width": self.width,
            "height": self.height,
            "grid": grid,
            # The gridlines as one path: a line each, one element for them all.
            "grid_path": _lines(self.pad_left, self.width - self.pad_right, [line["y"] for line in grid]),
            "grid_x1": self.pad_left,
            "grid_x2": self.width - self.pad_right,
            "label_x": self.pad_left - 4,
            "labels_y": self.height - 6,
        }


def _lines(x1: float, x2: float, ys) -> str:
    """Horizontal lines from x1 to x2 at each y, as one SVG path."""
    return "".join(f"M{x1} {y}H{x2}" for y in ys)


def _date_label(x: float, day) -> dict:
    """A date under the x axis ("3 Mar"), written here rather than by a filter per label."""
    return {"x": x, "day": day, "text": f"{day.day} {day:%b}"}


def _every_other_from_the_end(count: int) -> set[int]:
    """Indexes to label when slots are narrow: the last one, and every second one before it."""
    return set(range(count - 1, -1, -2)) if count > 6 else set(range(count))


def week_bars(weeks) -> dict:
    """Vertical bars of applications per week (insights.selectors.Week rows, oldest first), with
    each week's target as a dashed mark where a plan was made."""
    top = nice_top(max([week.applications for week in weeks] + [week.target or 0 for week in weeks]))
    columns = _Columns(len(weeks), top)
    labelled = _every_other_from_the_end(len(weeks))
    targets = [
        {
            "x1": _r(columns.x(index) + columns.slot * 0.08),
            "x2": _r(columns.x(index) + columns.slot * 0.92),
            "y": columns.y(week.target),
        }
        for index, week in enumerate(weeks)
        if week.target is not None
    ]
    bars = [columns.bar(index, week.applications) for index, week in enumerate(weeks)]
    return {
        **columns.frame(),
        "bars": bars,
        "bars_path": _columns_path(bars),
        "targets": targets,
        "labels": [
            _date_label(_r(columns.x(index) + columns.slot / 2), week.start)
            for index, week in enumerate(weeks)
            if index in labelled
        ],
    }


def mood_line(days, *, usual: float | None) -> dict:
    """Daily mood as a line (1–5), with the day's pipeline events in three lanes underneath:
    rejections (downward triangles), interviews (circles) and offers (diamonds). Shapes differ,
    not only colours. `days` are insights.selectors.Day rows, one per calendar day."""
    width, height, pad_left, pad_right = 720, 214, 76, 24
    plot_top, plot_bottom = 10, 122
    lanes = {"rejections": 146, "interviews": 168, "offers": 190}
    count = max(len(days), 2)
    step = (width - pad_left - pad_right) / (count - 1)

    def x_for(index: int) -> float:
        return _r(pad_left + index * step)

    def y_for(mood: float) -> float:
        return _r(plot_top + (5 - mood) * (plot_bottom - plot_top) / 4)

    # Each kind of mark is one <path> of many small shapes (a dot is a round cap on a zero-length
    # line): the page writes five attributes instead of an element per day.
    points, guides, rejections, interviews, offers, labels = [], [], [], [], [], []
    for index, day in enumerate(days):
        x = x_for(index)
        if day.mood is not None:
            points.append({"x": x, "y": y_for(day.mood)})
        if day.rejections:
            guides.append(f"M{x} {plot_top}V{plot_bottom}")
            y = lanes["rejections"]
            rejections.append(f"M{_r(x - 6)} {y - 5}H{_r(x + 6)}L{x} {y + 5}Z")
        if day.interviews:
            interviews.append(f"M{x} {lanes['interviews']}h0")
        if day.offers:
            y = lanes["offers"]
            offers.append(f"M{x} {y - 6}L{_r(x + 6)} {y}L{x} {y + 6}L{_r(x - 6)} {y}Z")
        # A date every two weeks, counted back from today.
        if (len(days) - 1 - index) % 14 == 0:
            labels.append(_date_label(x, day.day))
    return {
        "width": width,
        "height": height,
        "grid": [{"mood": mood, "y": y_for(mood)} for mood in range(5, 0, -1)],
        "grid_path": _lines(pad_left, width - pad_right, [y_for(mood) for mood in range(5, 0, -1)]),
        "grid_x1": pad_left,
        "grid_x2": width - pad_right,
        "label_x": pad_left - 10,
        "plot_top": plot_top,
        "plot_bottom": plot_bottom,
        "points": points,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
        "dots": "".join(f"M{point['x']} {point['y']}h0" for point in points),
        "usual_y": y_for(usual) if usual is not None else None,
        "guides": "".join(guides),
        "lanes": [{"key": key, "y": y} for key, y in lanes.items()],
        "lanes_path": _lines(pad_left, width - pad_right, lanes.values()),
        "rejections": "".join(rejections),
        "interviews": "".join(interviews),
        "offers": "".join(offers),
        "labels": labels,
        "labels_y": height - 4,
    }


def bounce_bars(items) -> dict:
    """Days to bounce back after each rejection (insights.selectors.BounceBack rows, oldest first).

    Held steady is a short stub at zero; still recovering is a lighter bar to the days so far;
    unknown (no check-ins) draws nothing but keeps its place. The bars of each look are one path.
    """
    columns = _Columns(len(items), nice_top(max([item.days or 0 for item in items] + [7])))
    labelled = _every_other_from_the_end(len(items))
    bars = [
        (columns.bar(index, item.days, least=2), item.state == "recovering")
        for index, item in enumerate(items)
        if item.days is not None
    ]
    return {
        **columns.frame(),
        "bars": [bar for bar, _recovering in bars],
        "back_path": _columns_path(bar for bar, recovering in bars if not recovering),
        "recovering_path": _columns_path(bar for bar, recovering in bars if recovering),
        "summary": ", ".join(f"{item.setback.day.day} {item.setback.day:%b} {item.outcome}" for item in items),
        "labels": [
            _date_label(_r(columns.x(index) + columns.slot / 2), item.setback.day)
            for index, item in enumerate(items)
            if index in labelled
        ],
    }


def _columns_path(bars) -> str:
    """Column bars (from _Columns.bar) as one SVG path of rectangles."""
    return "".join(
        f"M{bar['x']} {_r(bar['y'] + bar['height'])}v-{bar['height']}h{bar['width']}v{bar['height']}Z" for bar in bars
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def for_search(page) -> dict:
    """The charts of the search page (insights.selectors.SearchPage) by name."""
    return {
        "funnel": horizontal_bars(
            [(step.label, step.count, str(step.count)) for step in page.figures.funnel], top=page.figures.sent
        ),
        "sources": horizontal_bars(
            [(row.label, row.response_rate or 0, _percent(row.response_rate)) for row in page.sources], top=1
        ),
        "stages": horizontal_bars(
            [(stage.label, stage.median_days, f"{stage.median_days:.1f} d") for stage in page.stage_times]
        ),
        "weeks": week_bars(page.weeks),
    }


def for_mood(page) -> dict:
    """The charts of the mood page (insights.selectors.MoodPage) by name."""
    return {
        "mood": mood_line(page.mood_days, usual=page.usual_mood),
        "bounce": bounce_bars(page.charted_bounce_backs),
    }
