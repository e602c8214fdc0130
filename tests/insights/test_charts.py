"""The insights charts (core.charts geometry): numbers in, numbers out, safe with nothing to draw."""

import datetime

import pytest

from core import charts as core
from insights import charts
from insights.selectors import BounceBack, Day, Setback, Week

D = datetime.date


def _path_ys(path: str) -> set[float]:
    """The y of each horizontal line (M0 yH1000) in a path."""
    return {float(part.split("H")[0]) for part in path.split("M0 ")[1:]}


def test_week_bars_put_the_target_at_its_height_and_label_every_other_week_ending_today():
    start = D(2025, 3, 3)
    weeks = [Week(start + datetime.timedelta(weeks=n), n % 3, 4 if n >= 8 else None) for n in range(12)]

    chart = charts.week_bars(weeks)

    assert len(chart["bars"]) == 12 and chart["columns"].count("Z") == 12
    assert [label.text for label in chart["labels_y"]] == ["0", "1", "2", "3", "4"]
    top_line = min(_path_ys(chart["grid"]))
    # Four dashed marks, each across its week at the height of 4 (the top line).
    assert chart["targets"].count("M") == 4 and all(f" {top_line}h" in mark for mark in chart["targets"].split("M")[1:])
    assert chart["bars"][0][3] == 0  # a week with none has no height
    assert chart["labels_x"][-1].text == "19 May" and len(chart["labels_x"]) == 6
    assert chart["labels_x"][-1].at == pytest.approx(100 * 11.5 / 12, abs=0.1)


def test_a_week_chart_of_zeros_still_has_an_axis():
    chart = charts.week_bars([Week(D(2025, 3, 3), 0, None)])

    assert [label.text for label in chart["labels_y"]] == ["0", "1"]
    assert chart["bars"][0][3] == 0 and chart["targets"] == ""


def test_the_mood_line_marks_each_kind_of_event_in_its_own_lane_with_its_own_shape():
    start = D(2025, 5, 1)
    days = [Day(start + datetime.timedelta(days=n)) for n in range(28)]
    days[0].mood, days[3].mood, days[27].mood = 5, 1, 3
    days[3].rejections, days[10].interviews, days[20].offers = 1, 2, 1

    chart = charts.mood_line(days, usual=3)

    top, bottom = core.mood_y(5), core.mood_y(1)
    assert chart["line"] == f"0.0,{top} {round(1000 * 3 / 27, 1)},{bottom} 1000.0,{core.mood_y(3)}"
    assert chart["dots"].count("h0") == 3 and chart["usual"] == f"M0 {core.mood_y(3)}H1000"
    # One shape each, in one path per kind: a bar for a rejection, a dot an interview, a square an offer.
    assert [chart[kind].count("M") for kind in ("guides", "rejections", "interviews", "offers")] == [1, 1, 1, 1]
    assert "V" in chart["rejections"] and chart["interviews"].endswith("h0") and chart["offers"].endswith("h0")
    assert [label.text for label in chart["lane_labels"]] == ["Rejection", "Interview", "Offer"]
    assert all(0 < label.at < 100 for label in chart["lane_labels"] + chart["labels_y"])
    assert [label.text for label in chart["labels_x"]] == ["14 May", "28 May"] and chart["labels_x"][-1].at == 100


def test_the_mood_line_without_check_ins_has_no_line_and_no_usual():
    chart = charts.mood_line([Day(D(2025, 5, 1))], usual=None)

    assert not chart["has_line"] and chart["line"] == chart["dots"] == chart["usual"] == ""


def test_bounce_bars_draw_held_steady_as_a_stub_and_recovering_apart():
    items = [
        BounceBack(Setback(D(2025, 3, 1), 1, "A"), "back", 4, 1, 9),
        BounceBack(Setback(D(2025, 4, 1), 1, "B"), "steady", 4, 4, 0),
        BounceBack(Setback(D(2025, 5, 1), 1, "C"), "recovering", 4, 2, 3),
    ]

    chart = charts.bounce_bars(items)

    (_x, _y, _w, tall), (_x2, _y2, _w2, stub), (_x3, _y3, width, ongoing) = chart["bars"]
    assert chart["labels_y"][-1].text == "10"
    assert stub == 2
    assert tall == pytest.approx(9 * ongoing / 3, abs=0.2)
    # The recovering one is drawn apart (its own, lighter path); the others together.
    assert chart["recovering"].count("Z") == 1 and chart["back"].count("Z") == 2
    assert f"h{width}" in chart["recovering"] and f"v-{tall}" in chart["back"]
    assert chart["summary"] == "1 Mar 9 days, 1 Apr Held steady, 1 May On the way back (3 days so far)"
