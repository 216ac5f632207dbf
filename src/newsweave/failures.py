"""Failure containment: one article's analysis or one story's comparison may fail
(a bug meeting text nobody foresaw); the run goes on and says so.

The pure stages contain them where they run (in this process or on a
worker): :func:`newsweave.annotate.annotate` returns an empty analysis with
``failure`` set for an article it could not analyse, and
:func:`newsweave.weave.weave_story` a bare report with ``failure`` set. The
pipeline records them in a :class:`FailureLog` (reported as the report's
``failed``), never caches a failed result (a later run tries again), and
without a log raises :class:`~newsweave.errors.AnalysisError` once the rest is done.
"""

from __future__ import annotations

from typing import Literal

from newsweave.model import Failure

_MAX_REASON = 300


def describe(exc: BaseException) -> str:
    """A one-line reason: the exception type and message, shortened."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


class FailureLog:
    """The failures of one run, in the order they happened."""

    def __init__(self) -> None:
        self._items: list[Failure] = []

    def add(self, kind: Literal["article", "story"], item: str, stage: str,
            exc: BaseException) -> Failure:
        """Record that ``stage`` failed on article/story ``item`` with ``exc``."""
        failure = Failure(kind, item, stage, describe(exc))
        self._items.append(failure)
        return failure

    def add_reason(self, kind: Literal["article", "story"], item: str, stage: str,
                   reason: str) -> Failure:
        """Record a failure already described (by a stage that contained it)."""
        failure = Failure(kind, item, stage, reason)
        self._items.append(failure)
        return failure

    @property
    def items(self) -> tuple[Failure, ...]:
        return tuple(self._items)

    def failed_articles(self) -> frozenset[str]:
        """Ids of the articles whose analysis failed."""
        return frozenset(f.item for f in self._items if f.kind == "article")

    def __len__(self) -> int:
        return len(self._items)
