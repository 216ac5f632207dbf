"""Expand the paths a user gives (files, folders, globs, ``-``) into a list of input files.

Rules (also documented on :func:`newsweave.ingest.read_inputs`):

- A file given explicitly is always read; an unsupported extension is a rejection.
- Folders are walked recursively; hidden files and folders (``.git``, ``.DS_Store``)
  are skipped; files with unsupported extensions are skipped silently but
  listed in :attr:`Expansion.skipped` (a folder of articles usually also holds
  READMEs, gold files and the like).
- Globs (``demo/**/*.jsonl``; ``**`` is recursive) behave like folders: unsupported
  matches are skipped and listed; a glob that matches nothing, or only
  unsupported files, is a rejection.
- ``-`` is standard input.
- The same file reached twice (given twice, or via a folder and a glob) is read once.
- Order is deterministic: arguments in the order given; within a folder or glob,
  files sorted by their path components.
- Display paths keep the user's spelling: relative paths stay relative. Bytes of a
  file name that are not valid UTF-8 are shown as U+FFFD (the file is still read
  by its real name).
- Entries that are not regular files (FIFOs, devices, sockets) are listed like
  files and then rejected by the reader, never silently left out.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.model import Rejection

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: ``display`` is the path as the user will see it.

    ``path`` is ``None`` for standard input; ``suffix`` is the supported suffix
    (lowercase, e.g. ``.jsonl.gz``) or ``""`` for stdin.
    """

    display: str
    path: Path | None
    suffix: str

    @property
    def stem(self) -> str:
        """File name without its supported suffix (``"stdin"`` for standard input)."""
        if self.path is None:
            return "stdin"
        name = self.path.name
        return name[: len(name) - len(self.suffix)] if self.suffix else name


@dataclass(frozen=True, slots=True)
class Expansion:
    """Files to read, rejected arguments, and unsupported files skipped inside folders/globs."""

    files: tuple[InputFile, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    skipped: tuple[str, ...] = ()


def shown(path: str) -> str:
    """``path`` for display: undecodable file-name bytes (``surrogateescape``) as U+FFFD."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # lone surrogates from elsewhere
        return re.sub("[\ud800-\udfff]", "\ufffd", path)


def supported_suffixes() -> list[str]:
    """The suffixes of :data:`newsweave.ingest.formats.READERS`, longest first (so
    ``.jsonl.gz`` wins over ``.gz``)."""
    from newsweave.ingest.formats import READERS  # local: formats imports this module

    return sorted(READERS, key=len, reverse=True)


def shown_suffixes() -> str:
    """The supported suffixes as messages name them (``.txt, .jsonl, ...``)."""
    from newsweave.ingest.formats import READERS  # local: formats imports this module

    return ", ".join(s for s, r in READERS.items() if r.shown)


def supported_suffix(name: str) -> str | None:
    """The supported suffix of file ``name`` (case-insensitive), or ``None``."""
    lower = name.lower()
    for suffix in supported_suffixes():
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return suffix
    return None


def unsupported_reason(name: str) -> str:
    """The rejection reason for an explicitly given file with an unsupported extension."""
    suffixes = [x.lower() for x in Path(name).suffixes]
    ext = "".join(suffixes[-2:]) if suffixes[-1:] == [".gz"] else "".join(suffixes[-1:])
    what = f"unsupported file type {ext}" if ext else "unsupported file type (no extension)"
    return f"{what} (use {shown_suffixes()})"


def _walk(folder: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, f) for f in files if not f.startswith("."))
    return sorted(found, key=lambda p: Path(p).parts)


class _Collector:
    """Accumulates an :class:`Expansion`, reading each real file only once."""

    def __init__(self) -> None:
        self.files: list[InputFile] = []
        self.rejected: list[Rejection] = []
        self.skipped: list[str] = []
        self._seen: set[str] = set()

    def add(self, display: str) -> bool:
        """Add a file found in a folder/glob; ``False`` when skipped as unsupported."""
        suffix = supported_suffix(os.path.basename(display))
        if suffix is None:
            self.skipped.append(shown(display))
            return False
        self._add(display, suffix)
        return True

    def add_explicit(self, display: str) -> None:
        suffix = supported_suffix(os.path.basename(display))
        if suffix is None:
            self.rejected.append(Rejection(shown(display), unsupported_reason(shown(display))))
        else:
            self._add(display, suffix)

    def add_stdin(self) -> None:
        if STDIN not in self._seen:
            self._seen.add(STDIN)
            self.files.append(InputFile(STDIN, None, ""))

    def _add(self, display: str, suffix: str) -> None:
        key = os.path.realpath(display)
        if key not in self._seen:
            self._seen.add(key)
            self.files.append(InputFile(shown(display), Path(display), suffix))


def expand_paths(paths: Sequence[str]) -> Expansion:
    """Expand user-given ``paths`` into input files (see the module docstring).

    Never raises for a bad path: nonexistent paths become rejections with the
    reason ``"no such file or directory"``, empty globs ``"glob matched no files"``.
    """
    out = _Collector()
    for given in paths:
        if given == STDIN:
            out.add_stdin()
            continue
        path = os.path.expanduser(given)
        if os.path.isdir(path):
            try:
                for found in _walk(path):
                    out.add(found)
            except OSError as exc:
                out.rejected.append(Rejection(shown(given),
                                              f"cannot read folder: {exc.strerror}"))
        elif os.path.exists(path):
            out.add_explicit(path)
        elif _GLOB_CHARS & set(path):
            _expand_glob(given, path, out)
        else:
            out.rejected.append(Rejection(shown(given), "no such file or directory"))
    return Expansion(tuple(out.files), tuple(out.rejected), tuple(out.skipped))


def _expand_glob(given: str, pattern: str, out: _Collector) -> None:
    matches = sorted(glob.glob(pattern, recursive=True), key=lambda p: Path(p).parts)
    # glob's wildcards never match hidden names (include_hidden=False), like the folder walk.
    # Not only regular files: a FIFO or device matched is rejected by the reader, not hidden.
    files = [m for m in matches if not os.path.isdir(m)]
    if not files:
        out.rejected.append(Rejection(shown(given), "glob matched no files"))
        return
    added = [out.add(m) for m in files]
    if not any(added):
        out.rejected.append(
            Rejection(
                shown(given),
                f"glob matched {len(files)} file(s), none of a supported type "
                "(use .txt, .jsonl, .jsonl.gz, .csv, .html)",
            )
        )
