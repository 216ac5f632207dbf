"""Exception classes. Each message says what went wrong and what to do.

They are turned into exit codes (CLI) or HTTP statuses (web) only at the edge.
"""

from __future__ import annotations

from typing import Any


class NewsweaveError(Exception):
    """Base class of every error newsweave raises on purpose."""


class InputError(NewsweaveError):
    """An input path, file or record cannot be used (the run continues elsewhere)."""


class StoreError(NewsweaveError):
    """The SQLite store cannot be opened, migrated or written."""


class ModelUnavailableError(NewsweaveError):
    """An NLP model or optional dependency is not installed."""


class AnalysisError(NewsweaveError):
    """The analysis of some articles or stories failed (the rest was done and stored).

    Raised only when no :class:`~newsweave.failures.FailureLog` was given to collect
    them; ``failures`` lists them (:class:`~newsweave.model.Failure` records).
    """

    def __init__(self, failures: tuple[Any, ...]) -> None:
        self.failures = failures
        shown = "; ".join(f"{f.kind} {f.item!r} ({f.stage}): {f.reason}" for f in failures[:3])
        more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
        super().__init__(f"{len(failures)} analysis step(s) failed: {shown}{more}. Pass a "
                         "FailureLog to collect failures and go on; a later run retries them.")


class EvaluationDataError(NewsweaveError):
    """Gold data for an evaluation is missing or malformed."""
