"""Exception classes. Each message says what went wrong and what to do.

They are turned into exit codes (CLI) or HTTP statuses (web) only at the edge.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every error newsweave raises on purpose."""


class InputError(NewsweaveError):
    """An input path, file or record cannot be used (the run continues elsewhere)."""


class StoreError(NewsweaveError):
    """The SQLite store cannot be opened, migrated or written."""


class ModelUnavailableError(NewsweaveError):
    """An NLP model or optional dependency is not installed."""


class EvaluationDataError(NewsweaveError):
    """Gold data for an evaluation is missing or malformed."""
