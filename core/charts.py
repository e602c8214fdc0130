"""Chart geometry, from numbers only: what the templates write into a chart (templates/charts/).

A chart is an SVG that stretches to the width it is given (preserveAspectRatio="none", strokes
that do not scale), with its text in HTML around it, placed in percent: the shapes fill a phone
or a wide screen alike and the labels keep their own, readable size. x runs from 0 to WIDTH along
the plot; y is in pixels down from the top, the plot being HEIGHT pixels tall.

No text a person typed goes into a chart: labels are the app's own words, dates and numbers, and
every chart has a table or a sentence that says the same.
"""

from dataclasses import dataclass, field
from datetime import date
from math import ceil

WIDTH = 1000


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


def day_month(day: date) -> str:
    """ "3 Mar"."""
    return f"{day.day} {day:%b}"


@dataclass(frozen=True)
class Label:
    """A label beside the plot: `at` is its place along its axis, in percent."""

    at: float
    text: str


def lines_across(ys) -> str:
    """Horizontal lines across the whole plot, one SVG path."""
    return "".join(f"M0 {y}H{WIDTH}" for y in ys)


# Horizontal bars (HTML) -----------------------------------------------------------------------


@dataclass(frozen=True)
class HBar:
    label: str
    text: str  # the figure at the end of the bar
    percent: float  # the bar's length, in percent of the track
    stage: str = ""  # a stage's colour (static/css/rebound.css), or the brand colour


def horizontal_bars(rows: list[tuple[str, float, str, str]], *, top: float | None = None) -> list[HBar]:
    """One bar per (label, value, text, stage) row, the longest at `top` (default: the largest)."""
    top = top if top is not None else max((value for _label, value, _text, _stage in rows), default=0)
    return [
        HBar(label, text, _r(max(min(100 * value / top, 100), 0)) if top else 0.0, stage)
        for label, value, text, stage in rows
    ]


# Columns -----------------------------------------------------------------------------------------


@dataclass
class Columns:
    """Columns from 0 to `top`, one slot each, HEIGHT pixels tall."""

    count: int
    top: int
    height: int = 140
    labels_x: list[Label] = field(default_factory=list)

    @property
    def slot(self) -> float:
        return WIDTH / max(self.count, 1)

    def y(self, value: float) -> float:
        return _r(self.height - self.height * value / self.top)

    def middle(self, index: int) -> float:
        """The middle of slot `index`, in percent of the width."""
        return _r(100 * (index + 0.5) / max(self.count, 1))

    def bar(self, index: int, value: float, *, least: float = 0) -> tuple[float, float, float, float]:
        """(x, y, width, height) of a column: 60% of its slot, at least `least` pixels tall."""
        y = min(self.y(value), self.height - least)
        return _r(index * self.slot + self.slot * 0.2), y, _r(self.slot * 0.6), _r(self.height - y)

    def frame(self) -> dict:
        ticks = list(range(0, self.top + 1, axis(self.top)[1]))
        return {
            "height": self.height,
            "grid": lines_across(self.y(tick) for tick in ticks),
            "labels_y": [Label(_r(100 * self.y(tick) / self.height), str(tick)) for tick in ticks],
        }


def rectangles(bars) -> str:
    """Columns (x, y, width, height) as one SVG path."""
    return "".join(f"M{x} {_r(y + height)}v-{height}h{width}v{height}Z" for x, y, width, height in bars)


def every_other_from_the_end(count: int) -> set[int]:
    """Indexes to label when slots are narrow: the last one, and every second one before it."""
    return set(range(count - 1, -1, -2)) if count > 6 else set(range(count))


# A mood line ---------------------------------------------------------------------------------------

MOOD_TOP, MOOD_BOTTOM = 8, 112  # where 5 and 1 sit, in pixels
LANE_GAP = 24
LANE_NAMES = ("Rejection", "Interview", "Offer")


def mood_y(mood: float) -> float:
    return _r(MOOD_TOP + (5 - mood) * (MOOD_BOTTOM - MOOD_TOP) / 4)


@dataclass(frozen=True)
class MoodPoint:
    day: date
    mood: float | None
    rejections: int = 0
    interviews: int = 0
    offers: int = 0


def mood_line(
    points: list[MoodPoint], *, usual: float | None = None, lanes: bool = False, label_every: int = 14
) -> dict:
    """Mood per day (1–5) as a line with a dot a day, with `lanes` of the day's pipeline events
    below it: rejections as upright bars, interviews as dots, offers as squares (shapes differ,
    not only colours). A date every `label_every` days, counted back from the last."""
    count = max(len(points), 2)

    def x_for(index: int) -> float:
        return _r(WIDTH * index / (count - 1))

    lane_y = {"rejections": MOOD_BOTTOM + 26, "interviews": MOOD_BOTTOM + 26 + LANE_GAP}
    lane_y["offers"] = lane_y["interviews"] + LANE_GAP
    height = (lane_y["offers"] + 12) if lanes else MOOD_BOTTOM + 8
    line, guides, rejections, interviews, offers, labels_x = [], [], [], [], [], []
    for index, point in enumerate(points):
        x = x_for(index)
        if point.mood is not None:
            line.append((x, mood_y(point.mood)))
        if point.rejections:
            guides.append(f"M{x} {MOOD_TOP}V{MOOD_BOTTOM}")
            rejections.append(f"M{x} {lane_y['rejections'] - 7}V{lane_y['rejections'] + 7}")
        if point.interviews:
            interviews.append(f"M{x} {lane_y['interviews']}h0")
        if point.offers:
            offers.append(f"M{x} {lane_y['offers']}h0")
        if (len(points) - 1 - index) % label_every == 0:
            labels_x.append(Label(_r(100 * x / WIDTH), day_month(point.day)))
    return {
        "height": height,
        "grid": lines_across(mood_y(mood) for mood in range(5, 0, -1)),
        "labels_y": [Label(_r(100 * mood_y(mood) / height), str(mood)) for mood in range(5, 0, -1)],
        "line": " ".join(f"{x},{y}" for x, y in line),
        "has_line": len(line) > 1,
        # The days' dots, one path of round caps (an element for them all, not one a day).
        "dots": "".join(f"M{x} {y}h0" for x, y in line),
        "usual": lines_across([mood_y(usual)]) if usual is not None else "",
        "guides": "".join(guides),
        "lanes": lines_across(lane_y.values()) if lanes else "",
        "lane_labels": [Label(_r(100 * y / height), name) for name, y in zip(LANE_NAMES, lane_y.values(), strict=True)]
        if lanes
        else [],
        "rejections": "".join(rejections),
        "interviews": "".join(interviews),
        "offers": "".join(offers),
        "labels_x": labels_x,
    }
