"""Progress reporting passed into the pipeline (the CLI plugs in Rich bars)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives progress of long steps. ``total=None`` means unknown length."""

    def start(self, description: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    """Reports nothing (library use, ``--quiet``, tests)."""

    def start(self, description: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None
