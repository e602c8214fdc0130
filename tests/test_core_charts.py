"""core.charts: axes that end on round numbers, bars as shares of the top, columns within the plot."""

import datetime

import pytest

from core import charts


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (0.4, 1, 1), (3, 3, 1), (5, 5, 1), (6, 6, 2), (11, 15, 5), (23, 25, 5), (49, 50, 10), (140, 150, 50)],
)
def test_axes_end_on_a_round_number_with_at_most_five_steps(value, top, step):
    assert charts.axis(value) == (top, step)
    assert top / step <= 5


def test_horizontal_bars_are_as_long_as_their_share_of_the_top_in_their_stage_colour():
    bars = charts.horizontal_bars(
        [("Applied", 10, "10", "applied"), ("Heard back", 5, "5", "screening"), ("Interviewed", 0, "0", "")]
    )

    assert [(bar.label, bar.percent, bar.stage) for bar in bars] == [
        ("Applied", 100.0, "applied"),
        ("Heard back", 50.0, "screening"),
        ("Interviewed", 0.0, ""),
    ]


def test_horizontal_bars_with_nothing_to_compare_draw_nothing_and_never_run_past_the_track():
    assert charts.horizontal_bars([]) == []
    assert [bar.percent for bar in charts.horizontal_bars([("Applied", 0, "0", "")])] == [0.0]
    assert [bar.percent for bar in charts.horizontal_bars([("Rate", 1.5, "150%", "")], top=1)] == [100.0]


def test_columns_stay_inside_the_plot_and_leave_room_between_them():
    columns = charts.Columns(4, top=10, height=100)

    bars = [columns.bar(index, value) for index, value in enumerate([0, 5, 10, 2])]

    assert [height for _x, _y, _width, height in bars] == [0, 50, 100, 20]
    assert all(x >= 0 and x + width <= charts.WIDTH for x, _y, width, _height in bars)
    assert bars[1][0] - (bars[0][0] + bars[0][2]) == pytest.approx(100, abs=0.2)  # 40% of a 250-wide slot
    assert columns.middle(3) == 87.5
    assert charts.rectangles([(10, 20, 30, 40)]) == "M10 60v-40h30v40Z"


def test_a_mood_line_labels_a_date_every_week_counted_back_from_the_last():
    start = datetime.date(2026, 1, 1)
    points = [charts.MoodPoint(start + datetime.timedelta(days=n), 3 if n % 2 else None) for n in range(28)]

    chart = charts.mood_line(points, label_every=7)

    assert [label.text for label in chart["labels_x"]] == ["7 Jan", "14 Jan", "21 Jan", "28 Jan"]
    assert chart["lanes"] == "" and chart["lane_labels"] == [] and chart["has_line"]
