"""Failure containment: one article's analysis or one story's comparison may fail
(a bug meeting text nobody foresaw); the run goes on and says so.

Stages that contain failures take an optional :class:`FailureLog`. Without one
they raise as before (a library caller who wants exceptions gets them); with
one, they record the failure, carry on with the other articles or stories,
and never cache the failed result, so a later run tries again.
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

    @property
    def items(self) -> tuple[Failure, ...]:
        return tuple(self._items)

    def failed_articles(self) -> frozenset[str]:
        """Ids of the articles whose analysis failed."""
        return frozenset(f.item for f in self._items if f.kind == "article")

    def __len__(self) -> int:
        return len(self._items)
