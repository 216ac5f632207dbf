"""Progress reporting passed into the pipeline (the CLI plugs in :class:`RichProgress`).

The pipeline reports one stage at a time: ``start`` a stage (with its total when
known), ``advance`` it as articles are done, ``finish`` it. Every stage counts
articles: reading, analysing (the embedding step included), finding copies,
clustering and comparing sources.
"""

from __future__ import annotations

from typing import Any, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as Bar
from rich.text import Text


class Progress(Protocol):
    """Receives progress of long steps. ``total=None`` means unknown length."""

    def start(self, description: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


def note(progress: Progress, text: str) -> None:
    """Show ``text`` next to the running stage, if ``progress`` can (:class:`RichProgress`
    can; a plain :class:`Progress` need not)."""
    show = getattr(progress, "note", None)
    if show is not None:
        show(text)


class NoProgress:
    """Reports nothing (library use, ``--quiet``, tests)."""

    def start(self, description: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


class Ticker:
    """Per-article ticks of a stage whose work comes back in batches.

    An executor that can report each article (this process) calls :meth:`tick`;
    one that cannot (a remote worker) does not. :meth:`settle` then advances the
    rest of a returned batch, so the count is right either way and never counts
    an article twice.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.ticked = 0

    def tick(self, n: int = 1) -> None:
        if self.ticked == 0:
            note(self.progress, "")  # the batch's first article is done: its note is stale
        self.ticked += n
        self.progress.advance(n)

    def settle(self, done: int) -> None:
        """A batch of ``done`` articles came back: advance what was not ticked yet."""
        if done > self.ticked:
            self.progress.advance(done - self.ticked)
        self.ticked = max(self.ticked - done, 0)


class _CountColumn(ProgressColumn):
    """``done/total``, or ``done`` when the total is unknown (never ``0/?``)."""

    def render(self, task: Any) -> Text:
        done = int(task.completed)
        if task.total is None:
            return Text(f"{done:,}" if done else "", style="progress.download")
        text = f"{done:,}/{int(task.total):,}"
        return Text(text, style="progress.download")


class _EtaColumn(TimeRemainingColumn):
    """Time left ("eta 1:05") while a stage with a known total runs; blank otherwise."""

    def render(self, task: Any) -> Text:
        if task.finished or task.total is None or not task.completed:
            return Text("")
        return Text("eta ", style="progress.remaining") + super().render(task)


class RichProgress:
    """One live display on the console for a whole command: a line per stage.

    A finished stage stays as a line with its count and time (printed once, never
    reprinted under later ones); the running one shows a bar, articles done of the
    total, the rate-based time left and a note (e.g. "loading the entity model").
    Use it as a context manager, or call :meth:`close`, before printing anything
    else. Standard output is left alone (a report may be written there).
    """

    def __init__(self, console: Console) -> None:
        self._bar = Bar(SpinnerColumn(finished_text="[green]✓[/]"),
                        TextColumn("{task.description}"), BarColumn(bar_width=30),
                        _CountColumn(), TimeElapsedColumn(),
                        _EtaColumn(compact=True), TextColumn("{task.fields[note]}"),
                        console=console, transient=False, redirect_stdout=False,
                        redirect_stderr=False, refresh_per_second=4)
        self._task: Any = None
        self._live = False

    def start(self, description: str, total: int | None = None) -> None:
        self.finish()
        if not self._live:
            self._bar.start()
            self._live = True
        self._task = self._bar.add_task(description, total=total, note="")

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

    def note(self, text: str) -> None:
        """Show ``text`` after the running stage's numbers ("" clears it)."""
        if self._task is not None:
            self._bar.update(self._task, note=text)

    def finish(self) -> None:
        if self._task is None:
            return
        task = next(t for t in self._bar.tasks if t.id == self._task)
        # Done: the bar is full and the count is what was done (an unknown total too).
        self._bar.update(self._task, total=task.completed, note="")
        self._bar.stop_task(self._task)
        self._task = None

    def close(self) -> None:
        """Finish the running stage and end the display (its lines stay on screen)."""
        self.finish()
        if self._live:
            self._bar.stop()
            self._live = False

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
