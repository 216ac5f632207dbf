"""A test-only fault point: kill the process with SIGKILL at a chosen store commit.

The crash-safety test (``tests/test_crash_safety.py``) runs a real
``newsweave ingest`` with ``NEWSWEAVE_TEST_KILL=before-commit:N`` (or
``after-commit:N``) in its environment; the store then sends its own process
``SIGKILL`` (a real ``kill -9``: no cleanup, no ``finally``, no flush) just before
(or just after) its N-th ``COMMIT``, counted from when it was opened. That makes
the kill points deterministic, which a timer could not. The variable is never
set outside that test; unset, this costs one environment lookup per store.
"""

from __future__ import annotations

import os
import signal

ENV = "NEWSWEAVE_TEST_KILL"
POINTS = ("before-commit", "after-commit")


class FaultPoints:
    """Counts commits of one store and kills the process at the configured one."""

    def __init__(self, spec: str | None) -> None:
        self.where: str | None = None
        self.at = 0
        self.counts = dict.fromkeys(POINTS, 0)
        if spec:
            where, _, n = spec.partition(":")
            if where not in POINTS or not n.isdigit() or int(n) < 1:
                raise ValueError(f"{ENV}={spec!r}: use before-commit:N or after-commit:N")
            self.where, self.at = where, int(n)

    @classmethod
    def from_env(cls) -> FaultPoints:
        return cls(os.environ.get(ENV))

    def hit(self, where: str) -> None:
        """Count a pass through ``where``; SIGKILL this process if it is the chosen one."""
        if self.where is None:
            return
        self.counts[where] += 1
        if where == self.where and self.counts[where] == self.at:
            os.kill(os.getpid(), signal.SIGKILL)
