"""The timeline picture: dots on the story's own time scale, labels that never overlap.

A story's timeline mixes the days it covers with background it mentions ("the
1987 crash", "since 2005"). On one linear axis the background stretches the
scale over decades and the story's week collapses into one dot, so entries go
to up to three strips:

- **background**: dates that end before the story's first article, placed in
  date order at even spacing (their distances are decades, not days);
- **story**: from the first article's date to the last (plus a short tail),
  on a linear day scale;
- **later**: dates well after the last article (plans, trials, anniversaries),
  in date order at even spacing.

Entries of the same day share one dot. Labels are laid out in lanes above the
axis: a label goes to the first lane where its box does not meet the previous
label of that lane; when no lane is free the dot keeps its tooltip but no
label. Label widths are estimated generously from the characters (the browser
test measures the real boxes and checks that none intersect).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from newsweave.model import TimelineEntry

StripKind = Literal["background", "story", "later"]
WIDTH = 1000.0
MARGIN = 30.0
FONT_PX = 12.0
LANE_PX = 17.0
MAX_LANES = 4
GAP_PX = 10.0
TAIL_DAYS = 31  # dates up to a month after the last article stay on the story's scale
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Dot:
    """One dot: its x, the entries it stands for (indexes into the timeline), its label
    (``lane`` is ``None`` when no lane had room: the tooltip still names it)."""

    x: float
    entries: tuple[int, ...]
    label: str
    tooltip: str
    lane: int | None
    label_x: float


@dataclass(frozen=True, slots=True)
class Strip:
    """One strip of the picture: ``height`` px tall, axis at ``axis_y``."""

    kind: StripKind
    caption: str
    dots: tuple[Dot, ...]
    height: float
    axis_y: float

    def label_y(self, lane: int) -> float:
        return self.axis_y - 14.0 - lane * LANE_PX


@dataclass(frozen=True, slots=True)
class TimelinePicture:
    strips: tuple[Strip, ...]
    width: float = WIDTH


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date of day, month or year precision."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    day = dt.date(parts[0], parts[1], parts[2])
    return day, day


def _label(value: str, same_year: bool) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = str(int(parts[2]))
    return f"{day} {month}" if same_year else f"{day} {month} {parts[0]}"


def label_width(text: str) -> float:
    """A generous estimate of ``text``'s width in px at :data:`FONT_PX` (sans-serif)."""
    em = 0.0
    for ch in text:
        if ch.isdigit():
            em += 0.64
        elif ch.isupper():
            em += 0.78
        elif ch == " ":
            em += 0.34
        elif ch in "mw":
            em += 0.92
        else:
            em += 0.62
    return em * FONT_PX + 4.0


def _lanes(xs: list[float], labels: list[str]) -> list[tuple[int | None, float]]:
    """(lane, label centre) per dot, in the given (x-sorted) order."""
    right_edges = [-1e9] * MAX_LANES
    out: list[tuple[int | None, float]] = []
    for x, text in zip(xs, labels, strict=True):
        w = label_width(text)
        centre = min(max(x, w / 2 + 1), WIDTH - w / 2 - 1)
        left = centre - w / 2
        for lane in range(MAX_LANES):
            if left >= right_edges[lane] + GAP_PX:
                right_edges[lane] = centre + w / 2
                out.append((lane, centre))
                break
        else:
            out.append((None, centre))
    return out


def _strip(kind: StripKind, caption: str, groups: list[tuple[float, list[int]]],
           entries: tuple[TimelineEntry, ...], same_year: bool) -> Strip:
    groups.sort(key=lambda g: g[0])
    labels = []
    for _, idx in groups:
        text = _label(entries[idx[0]].date, same_year)
        labels.append(text if len(idx) == 1 else f"{text} ({len(idx)})")
    placed = _lanes([x for x, _ in groups], labels)
    used = max((lane for lane, _ in placed if lane is not None), default=0) + 1
    axis_y = 14.0 + used * LANE_PX + 6.0
    dots = tuple(
        Dot(x=x, entries=tuple(idx), label=label, lane=lane, label_x=centre,
            tooltip="; ".join(f"{entries[i].date}: {entries[i].text}" for i in idx)[:500])
        for (x, idx), label, (lane, centre) in zip(groups, labels, placed, strict=True))
    return Strip(kind, caption, dots, height=axis_y + 16.0, axis_y=axis_y)


def _even(keys: list[tuple[dt.date, list[int]]]) -> list[tuple[float, list[int]]]:
    """Groups at even spacing, in date order."""
    keys.sort(key=lambda k: k[0])
    n = len(keys)
    step = (WIDTH - 2 * MARGIN) / max(n - 1, 1)
    return [((MARGIN + i * step) if n > 1 else WIDTH / 2, idx) for i, (_, idx) in enumerate(keys)]


def _grouped(indexes: list[int], entries: tuple[TimelineEntry, ...]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in indexes:
        out.setdefault(entries[i].date, []).append(i)
    return out


def timeline_picture(entries: tuple[TimelineEntry, ...], first_seen: dt.date | None,
                     last_seen: dt.date | None) -> TimelinePicture | None:
    """The strips of ``entries`` for a story whose articles span ``first_seen`` to
    ``last_seen`` (``None`` when it has no entries)."""
    if not entries:
        return None
    spans = [_bounds(e.date) for e in entries]
    background: list[int] = []
    later: list[int] = []
    story: list[int] = []
    for i, (start, end) in enumerate(spans):
        if first_seen is not None and end < first_seen:
            background.append(i)
        elif last_seen is not None and start > last_seen + dt.timedelta(days=TAIL_DAYS):
            later.append(i)
        else:
            story.append(i)
    strips: list[Strip] = []
    if background:
        groups = _grouped(background, entries)
        strips.append(_strip("background", "Background: before the first article",
                             _even([(spans[g[0]][0], g) for g in groups.values()]), entries,
                             same_year=False))
    if story:
        lo = first_seen if first_seen is not None else min(spans[i][0] for i in story)
        starts = {i: max(spans[i][0], lo) for i in story}  # a month or year from its start
        hi = max(max(starts.values()), last_seen or lo)
        span = max((hi - lo).days, 1)
        groups = _grouped(story, entries)
        placed = [(MARGIN + (starts[g[0]] - lo).days / span * (WIDTH - 2 * MARGIN), g)
                  for g in groups.values()]
        if hi == lo:
            placed = [(WIDTH / 2, g) for _, g in placed]
        years = {starts[i].year for i in story}
        strips.append(_strip("story", "The story's days" if (background or later) else "",
                             placed, entries, same_year=len(years) == 1))
    if later:
        groups = _grouped(later, entries)
        strips.append(_strip("later", "Later: after the last article",
                             _even([(spans[g[0]][0], g) for g in groups.values()]), entries,
                             same_year=False))
    return TimelinePicture(tuple(strips))
