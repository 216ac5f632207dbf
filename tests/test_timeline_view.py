"""The timeline picture: the story's own scale, a background strip, labels that never meet."""

from __future__ import annotations

import datetime as dt
import itertools

from newsweave.model import TimelineEntry
from newsweave.render.timeline_view import (
    MAX_LANES,
    WIDTH,
    Strip,
    label_width,
    timeline_picture,
)


def entry(date: str, text: str = "x") -> TimelineEntry:
    precision = {1: "year", 2: "month", 3: "day"}[len(date.split("-"))]
    return TimelineEntry(date, precision, text, ("a",))  # type: ignore[arg-type]


def boxes(strip: Strip) -> list[tuple[float, float, int]]:
    return [(d.label_x - label_width(d.label) / 2, d.label_x + label_width(d.label) / 2,
             d.lane) for d in strip.dots if d.lane is not None]


def test_a_one_week_story_spans_the_width_and_background_gets_its_own_strip() -> None:
    entries = (entry("1987"), entry("2005-11"), entry("2008-09-14"), entry("2008-09-15"),
               entry("2008-09-18"), entry("2008-09-21"), entry("2008-09"))
    picture = timeline_picture(entries, dt.date(2008, 9, 14), dt.date(2008, 9, 21))
    assert picture is not None
    kinds = [s.kind for s in picture.strips]
    assert kinds == ["background", "story"]
    background, story = picture.strips
    assert {entries[i].date for d in background.dots for i in d.entries} == {"1987", "2005-11"}
    xs = sorted(d.x for d in story.dots)
    # The week fills the axis: first and last article days at the two ends.
    assert xs[0] < 0.1 * WIDTH and xs[-1] > 0.9 * WIDTH
    # A month that contains the story's days is on the story's scale, not background.
    assert any("2008-09" in entries[i].date and len(entries[i].date) == 7
               for d in story.dots for i in d.entries)


def test_same_day_entries_share_a_dot_and_far_future_goes_to_later() -> None:
    entries = (entry("2025-09-03", "walkout"), entry("2025-09-03", "ships wait"),
               entry("2025-09-04"), entry("2027-01-15", "trial"))
    picture = timeline_picture(entries, dt.date(2025, 9, 3), dt.date(2025, 9, 4))
    assert picture is not None
    story, later = picture.strips
    assert later.kind == "later" and [d.label for d in later.dots] == ["15 Jan 2027"]
    shared = next(d for d in story.dots if len(d.entries) == 2)
    assert shared.label == "3 Sep (2)" and "walkout" in shared.tooltip


def test_labels_never_overlap_in_a_lane_even_when_crowded() -> None:
    days = [dt.date(2013, 1, 1) + dt.timedelta(days=i) for i in range(150)]
    entries = tuple(entry(d.isoformat()) for d in days)
    picture = timeline_picture(entries, days[0], days[-1])
    assert picture is not None
    (story,) = picture.strips
    placed = boxes(story)
    assert placed and all(left >= 0 and right <= WIDTH for left, right, _ in placed)
    for lane in range(MAX_LANES):
        row = sorted((left, right) for left, right, ln in placed if ln == lane)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(row)), lane
    # Dots without room keep a tooltip, so nothing is lost.
    assert all(d.tooltip for d in story.dots)
    assert any(d.lane is None for d in story.dots)  # 150 days cannot all be labelled


def test_no_entries_no_picture_and_undated_story_uses_its_entries() -> None:
    assert timeline_picture((), None, None) is None
    picture = timeline_picture((entry("2020-01-01"), entry("2020-03-01")), None, None)
    assert picture is not None and [s.kind for s in picture.strips] == ["story"]
