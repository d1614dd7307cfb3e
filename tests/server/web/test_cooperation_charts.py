"""The SVG chart geometry: bars stand for their values, stacks add up, ticks cover the peak."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.server.web.views.charts import TOP, bar_chart, compact, line_chart, nice_step

VALUES = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=12)


@settings(derandomize=True, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=3).filter(lambda s: len({len(v) for v in s}) == 1))
def test_bars_are_proportional_and_stay_in_the_plot(series: list[list[int]]) -> None:
    data = [(f"s{i}", [float(v) for v in values]) for i, values in enumerate(series)]
    categories = [str(i) for i in range(len(series[0]))]
    for stacked in (False, True):
        chart = bar_chart("t", "t", categories, data, stacked=stacked)
        assert len(chart.marks) == len(series) * len(categories)
        for mark in chart.marks:
            assert mark.height >= 0 and TOP - 1e-6 <= mark.y
            assert mark.y + mark.height <= chart.plot_bottom + 1e-6
        ratios = {round(m.height / m.value, 6) for m in chart.marks if m.value}
        assert len(ratios) <= 1  # one scale for every bar


def test_a_stack_is_as_high_as_its_sum() -> None:
    chart = bar_chart("t", "t", ["2016", "2017"], [("a", [1, 3]), ("b", [2, 1])], stacked=True)
    first = [m for m in chart.marks if m.category == "2016"]
    assert first[1].y + first[1].height == first[0].y  # the second sits on the first
    assert [label for _, label in chart.ticks] == ["0", "1", "2", "3", "4"]
    assert chart.rows == [("2016", [1, 2]), ("2017", [3, 1])]


def test_ticks_are_round_steps_and_labels_compact() -> None:
    assert [nice_step(v) for v in (0, 3, 10, 25, 8_000_000)] == [1, 1, 2, 5, 2_000_000]
    assert [compact(v) for v in (3, 2500, 1_500_000, 2e9)] == ["3", "2.5k", "1.5M", "2G"]
    line = line_chart("t", "t", ["a", "b", "c"], [("s", [0, 5, 10])])
    points = line.lines[0][1].split()
    assert len(points) == 3 and float(points[2].split(",")[1]) == TOP
