"""What the web app's routers share: the store file, the views, the background jobs and
the models, and the helpers every route uses (errors, dates, the read-only store).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.errors import StoreError
from newsweave.nlp import Models
from newsweave.store import Store
from newsweave.web.jobs import IngestJobs
from newsweave.web.views import Views


class ApiError(Exception):
    """An error to return as JSON ``{"status", "message"}`` (an HTML page for pages)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_date(value: str | None, name: str) -> dt.date | None:
    """A query parameter's date, or :class:`ApiError` 400 naming the parameter."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(400, f"{name}={value!r} is not a date; use YYYY-MM-DD.") from exc


@dataclass(slots=True)
class AppState:
    """The app's parts; ``models`` are shared by the job worker and the chosen-articles
    routes, which take ``model_lock`` to use them one request at a time."""

    db_path: Path
    views: Views
    jobs: IngestJobs
    models: Models
    upload_limit: int
    model_lock: threading.Lock = field(default_factory=threading.Lock)

    def ensure_current(self, story_id: str) -> None:
        """Re-weave story ``story_id`` first when its cached report is outdated (woven by an
        older newsweave or with other options: issue 19, :mod:`newsweave.outdated`), so its
        page shows what a full re-weave would; a current story costs two small reads."""
        from newsweave.failures import FailureLog
        from newsweave.refresh import outdated_ids, refresh

        try:
            with Store.open(self.db_path, read_only=True) as store:
                if not outdated_ids(store, only=[story_id]):
                    return
            with self.model_lock, Store.open(self.db_path) as store:
                ids = outdated_ids(store, only=[story_id])  # another request may have done it
                if ids:
                    refresh(store, self.models, only=ids, failures=FailureLog())
        except StoreError as exc:
            raise ApiError(503, str(exc)) from exc

    def reader(self) -> Iterator[Store]:
        """A read-only store for one request (a FastAPI dependency)."""
        try:
            store = Store.open(self.db_path, read_only=True)
        except StoreError as exc:
            raise ApiError(503, str(exc)) from exc
        try:
            yield store
        finally:
            store.close()
