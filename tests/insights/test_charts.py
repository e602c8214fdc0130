"""Chart geometry: numbers in, numbers out, safe with nothing to draw."""

import datetime

import pytest

from insights import charts
from insights.selectors import BounceBack, Day, Setback, Week

D = datetime.date


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (0.4, 1, 1), (3, 3, 1), (5, 5, 1), (6, 6, 2), (11, 15, 5), (23, 25, 5), (49, 50, 10), (140, 150, 50)],
)
def test_axes_end_on_a_round_number_with_at_most_five_steps(value, top, step):
    assert charts.axis(value) == (top, step)
    assert top / step <= 5


def test_horizontal_bars_are_as_long_as_their_share_of_the_top():
    chart = charts.horizontal_bars([("Applied", 10, "10"), ("Heard back", 5, "5"), ("Interviewed", 0, "0")])

    widths = [bar.width for bar in chart["bars"]]
    assert widths[0] == chart["width"] - chart["bar_x"] - 44
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.1)
    assert widths[2] == 0
    assert [bar.label for bar in chart["bars"]] == ["Applied", "Heard back", "Interviewed"]
    assert chart["height"] == 4 + 3 * 24


def test_horizontal_bars_with_nothing_to_compare_draw_nothing():
    assert charts.horizontal_bars([])["bars"] == []
    assert [bar.width for bar in charts.horizontal_bars([("Applied", 0, "0")])["bars"]] == [0]


def test_week_bars_put_the_target_at_its_height_and_label_every_other_week_ending_today():
    start = D(2025, 3, 3)
    weeks = [Week(start + datetime.timedelta(weeks=n), n % 3, 4 if n >= 8 else None) for n in range(12)]

    chart = charts.week_bars(weeks)

    assert len(chart["bars"]) == 12 and len(chart["targets"]) == 4
    assert [line["value"] for line in chart["grid"]] == [0, 1, 2, 3, 4]
    top_line = chart["grid"][-1]["y"]
    assert {mark["y"] for mark in chart["targets"]} == {top_line}
    assert chart["bars"][0]["height"] == 0
    assert chart["labels"][-1]["day"] == weeks[-1].start
    assert len(chart["labels"]) == 6


def test_a_week_chart_of_zeros_still_has_an_axis():
    chart = charts.week_bars([Week(D(2025, 3, 3), 0, None)])

    assert [line["value"] for line in chart["grid"]] == [0, 1]
    assert chart["bars"][0]["height"] == 0


def test_the_mood_line_marks_each_kind_of_event_in_its_own_lane():
    start = D(2025, 5, 1)
    days = [Day(start + datetime.timedelta(days=n)) for n in range(28)]
    days[0].mood, days[3].mood, days[27].mood = 5, 1, 3
    days[3].rejections, days[10].interviews, days[20].offers = 1, 2, 1

    chart = charts.mood_line(days, usual=3)

    assert [point["y"] for point in chart["points"]] == [chart["plot_top"], chart["plot_bottom"], chart["usual_y"]]
    # One shape each, in one path per kind.
    marks = ("guides", "rejections", "interviews", "offers")
    assert [chart[kind].count("M") for kind in marks] == [1, 1, 1, 1]
    assert chart["dots"].count("M") == 3
    lanes = {lane["key"]: lane["y"] for lane in chart["lanes"]}
    assert chart["interviews"].endswith(f" {lanes['interviews']}h0")
    assert f" {lanes['rejections'] + 5}Z" in chart["rejections"]
    assert [label["day"] for label in chart["labels"]] == [days[13].day, days[27].day]


def test_the_mood_line_without_check_ins_has_no_line_and_no_usual():
    chart = charts.mood_line([Day(D(2025, 5, 1))], usual=None)

    assert chart["points"] == [] and chart["polyline"] == chart["dots"] == "" and chart["usual_y"] is None


def test_bounce_bars_draw_held_steady_as_a_stub_and_recovering_apart():
    items = [
        BounceBack(Setback(D(2025, 3, 1), 1, "A"), "back", 4, 1, 9),
        BounceBack(Setback(D(2025, 4, 1), 1, "B"), "steady", 4, 4, 0),
        BounceBack(Setback(D(2025, 5, 1), 1, "C"), "recovering", 4, 2, 3),
    ]

    chart = charts.bounce_bars(items)

    tall, stub, ongoing = chart["bars"]
    assert [line["value"] for line in chart["grid"]][-1] == 10
    assert stub["height"] == 2
    assert tall["height"] == pytest.approx(9 * ongoing["height"] / 3, abs=0.2)
    # The recovering one is drawn apart (its own, lighter path); the others together.
    assert chart["recovering_path"].count("Z") == 1 and chart["back_path"].count("Z") == 2
    assert f"h{ongoing['width']}" in chart["recovering_path"] and f"v-{tall['height']}" in chart["back_path"]
    assert chart["summary"] == "1 Mar 9 days, 1 Apr Held steady, 1 May On the way back (3 days so far)"
