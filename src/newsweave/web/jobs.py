"""Background ingestion of uploaded articles, with progress the UI can poll."""

from __future__ import annotations

import re
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsweave.errors import NewsweaveError

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Job:
    """State of one upload: ``state`` is queued, running, done or failed."""

    id: str
    state: str = "queued"
    message: str = ""
    files: int = 0
    added: tuple[str, ...] = ()
    rejected: tuple[dict[str, str], ...] = ()
    stories: tuple[str, ...] = field(default_factory=tuple)


def safe_filename(name: str) -> str:
    """A file name with no directory part and only safe characters (no traversal)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE_NAME.sub("-", base).strip(".-") or "upload"
    return cleaned[:120]


class IngestJobs:
    """Runs uploads through ``run`` one at a time on a worker thread.

    ``run(paths) -> dict`` does the real work (ingest into the store and update
    stories) and returns ``added``, ``rejected`` and ``stories``. Jobs are kept
    in memory for the server's lifetime.
    """

    def __init__(self, run: Callable[[list[str]], dict[str, Any]]) -> None:
        self._run = run
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._serial = threading.Lock()  # one writer at a time

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _set(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.id] = job

    def submit(self, files: list[tuple[str, bytes]]) -> Job:
        """Queue ``files`` (name, content) for ingestion; returns the queued job."""
        job = Job(id=uuid.uuid4().hex[:12], files=len(files))
        self._set(job)
        threading.Thread(target=self._work, args=(job, files), daemon=True).start()
        return job

    def _work(self, job: Job, files: list[tuple[str, bytes]]) -> None:
        with self._serial, tempfile.TemporaryDirectory(prefix="newsweave-upload-") as tmp:
            self._set(replace(job, state="running", message="Processing…"))
            paths = []
            for i, (name, content) in enumerate(files):
                # One folder per file keeps same-named uploads apart while the file
                # name, and so the article id, stays the one the user chose.
                target = Path(tmp) / f"{i:03d}" / safe_filename(name)
                target.parent.mkdir()
                target.write_bytes(content)
                paths.append(str(target))
            try:
                result = self._run(paths)
            except NewsweaveError as exc:
                self._set(replace(job, state="failed", message=str(exc)))
                return
            except Exception as exc:  # the worker must report, never die silently
                self._set(replace(job, state="failed", message=f"Unexpected error: {exc!r}"))
                return
            # Show paths as the user named them, never the server's temporary folder.
            inner = re.compile(re.escape(tmp.rstrip("/")) + r"/\d{3}/")
            rejected = tuple(
                {"path": inner.sub("", r.path), "reason": inner.sub("", r.reason)}
                for r in result["rejected"]
            )
            self._set(replace(
                job, state="done", added=tuple(result["added"]), rejected=rejected,
                stories=tuple(result["stories"]),
                message=f"{len(result['added'])} article(s) added, {len(rejected)} rejected.",
            ))
