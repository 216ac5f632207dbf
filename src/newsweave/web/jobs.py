"""Background jobs (uploads and removals) with progress the UI can poll.

A job's final state matches the store: ``done`` when everything was stored
and woven; ``failed`` with the ids that *were* stored (``added``/``removed``)
when an error stopped it part way, so the page never says "nothing added"
about articles that are in fact in the store.
"""

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

_SAFE_NAME = re.compile(r"[^\w.-]+")
Result = dict[str, Any]


class JobError(NewsweaveError):
    """A job stopped part way; ``partial`` holds what it had already stored (same keys
    as a result: ``added``, ``rejected``, ``removed``...)."""

    def __init__(self, message: str, partial: Result) -> None:
        super().__init__(message)
        self.partial = partial


@dataclass(frozen=True, slots=True)
class Job:
    """State of one job: ``state`` is queued, running, done or failed; ``kind`` is
    ``upload`` or ``remove``."""

    id: str
    kind: str = "upload"
    state: str = "queued"
    message: str = ""
    files: int = 0
    added: tuple[str, ...] = ()
    rejected: tuple[dict[str, str], ...] = ()
    warnings: tuple[dict[str, str], ...] = ()
    failed: tuple[dict[str, str], ...] = ()
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    stories: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``GET /api/jobs/{id}``."""
        out: dict[str, Any] = {
            "job": self.id, "kind": self.kind, "state": self.state, "message": self.message,
            "stories": list(self.stories), "failed": list(self.failed)}
        if self.kind == "remove":
            out.update(removed=list(self.removed), missing=list(self.missing))
        else:
            out.update(files=self.files, added=list(self.added), rejected=list(self.rejected),
                       warnings=list(self.warnings))
        return out


def safe_filename(name: str) -> str:
    """A file name with no directory part and only safe characters (no traversal)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE_NAME.sub("-", base).strip(".-") or "upload"
    return cleaned[:120]


class IngestJobs:
    """Runs jobs one at a time on worker threads (one writer at a time).

    ``run(paths) -> result`` ingests files into the store and updates stories;
    ``remove(ids) -> result`` deletes articles and re-weaves their stories.
    Results carry ``added``/``rejected``/``warnings`` or ``removed``/``missing``,
    plus ``stories`` and ``failed``; a :class:`JobError` carries the part already
    stored. Jobs are kept in memory for the server's lifetime.
    """

    def __init__(self, run: Callable[[list[str]], Result],
                 remove: Callable[[list[str]], Result] | None = None) -> None:
        self._run = run
        self._remove = remove
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
        threading.Thread(target=self._upload, args=(job, files), daemon=True).start()
        return job

    def submit_removal(self, ids: list[str]) -> Job:
        """Queue the removal of articles ``ids``; returns the queued job."""
        if self._remove is None:
            raise NewsweaveError("This server cannot remove articles.")
        job = Job(id=uuid.uuid4().hex[:12], kind="remove")
        self._set(job)
        remove = self._remove
        threading.Thread(target=self._execute, args=(job, lambda: remove(ids), str),
                         daemon=True).start()
        return job

    def _upload(self, job: Job, files: list[tuple[str, bytes]]) -> None:
        with tempfile.TemporaryDirectory(prefix="newsweave-upload-") as tmp:
            paths = []
            for i, (name, content) in enumerate(files):
                # One folder per file keeps same-named uploads apart while the file
                # name, and so the article id, stays the one the user chose.
                target = Path(tmp) / f"{i:03d}" / safe_filename(name)
                target.parent.mkdir()
                target.write_bytes(content)
                paths.append(str(target))
            # Show paths as the user named them, never the server's temporary folder.
            inner = re.compile(re.escape(tmp.rstrip("/")) + r"/\d{3}/")
            self._execute(job, lambda: self._run(paths), lambda s: inner.sub("", s))

    def _execute(self, job: Job, work: Callable[[], Result], clean: Callable[[str], str]
                 ) -> None:
        with self._serial:
            self._set(replace(job, state="running", message="Processing…"))
            try:
                result, state, message = work(), "done", ""
            except JobError as exc:
                result, state, message = exc.partial, "failed", clean(str(exc))
            except NewsweaveError as exc:
                result, state, message = {}, "failed", clean(str(exc))
            except Exception as exc:  # the worker must report, never die silently
                result, state, message = {}, "failed", clean(f"Unexpected error: {exc!r}")
            self._set(_finished(job, result, state, message, clean))


def _finished(job: Job, result: Result, state: str, message: str,
              clean: Callable[[str], str]) -> Job:
    def rows(key: str, a: str, b: str) -> tuple[dict[str, str], ...]:
        return tuple({a: clean(getattr(x, a)), b: clean(getattr(x, b))}
                     for x in result.get(key, ()))

    failed = tuple({"kind": f.kind, "id": f.item, "stage": f.stage, "reason": f.reason}
                   for f in result.get("failed", ()))
    done = replace(job, state=state, added=tuple(result.get("added", ())),
                   rejected=rows("rejected", "path", "reason"),
                   warnings=rows("warnings", "path", "message"), failed=failed,
                   removed=tuple(result.get("removed", ())),
                   missing=tuple(result.get("missing", ())),
                   stories=tuple(result.get("stories", ())))
    if job.kind == "remove":
        summary = (f"{len(done.removed)} article(s) removed, {len(done.missing)} not found, "
                   f"{len(done.stories)} stories re-woven.")
    else:
        summary = (f"{len(done.added)} article(s) added, {len(done.rejected)} rejected"
                   + (f", {len(done.warnings)} repaired" if done.warnings else "") + ".")
    if failed:
        summary += f" {len(failed)} analysis step(s) failed (listed)."
    return replace(done, message=f"{message} {summary}".strip() if state == "failed"
                   else summary)
