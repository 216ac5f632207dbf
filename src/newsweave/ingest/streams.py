"""Bounded byte streams for the readers: only regular files, sizes checked before and
while reading, lines decoded one by one in bounded memory.

Everything here enforces :class:`~newsweave.ingest.limits.IngestLimits`: a file
read whole is refused before reading when too large; a streamed file is
counted **after** decompression, chunk by chunk (:class:`Counted`); a line
longer than the limit is skipped 64 KiB at a time, never held.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsweave.ingest.decode import LineDecoder, RejectError
from newsweave.ingest.limits import size

Line = tuple[int, "str | RejectError"]
BUFFER = 64 * 1024
_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class StreamStop(RejectError):
    """The rest of a streamed file is not read (a limit was reached); the message says which."""


def open_regular(path: Path, max_bytes: int | None = None) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (following symlinks), else reject it.

    Opened non-blocking and checked with ``fstat`` on the open descriptor, so a
    FIFO can neither block the run nor be swapped in after the check. With
    ``max_bytes``, a larger file is rejected before it is read.
    """
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0))
    _check_regular(os.stat(path).st_mode)  # before open: opening a socket fails obscurely
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        _check_regular(st.st_mode)
        if max_bytes is not None and st.st_size > max_bytes:
            raise RejectError(f"file too large ({st.st_size:,} bytes; the limit is "
                              f"{size(max_bytes)}, --max-file-bytes)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
        raise RejectError(f"not a regular file ({kind}); only regular files are read")


def read_whole(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RejectError(f"file too large (more than {size(limit)}; --max-file-bytes)")
    return data


class Counted(io.RawIOBase):
    """Reads ``inner`` and stops the file (:class:`StreamStop`) after ``limit`` bytes.

    Wrapped around the *decompressed* stream, so the limit is checked while
    decompressing, chunk by chunk, whatever the compression ratio.
    """

    def __init__(self, inner: BinaryIO, limit: int) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # read1: one decompression step at a time, so data read before a corrupt
        # or truncated gzip member is still delivered line by line.
        read = getattr(self._inner, "read1", self._inner.read)
        if self.total >= self._limit:  # everything allowed was delivered: is there more?
            if read(1):
                raise StreamStop(f"more than {size(self._limit)} of data (after "
                                 "decompression); the rest of the file was not read "
                                 "(--max-stream-bytes)")
            return 0
        data = read(min(len(buffer), self._limit - self.total))
        n = len(data)
        buffer[:n] = data
        self.total += n
        return n


class Position:
    """How far a stream got (the last line read), for messages when it stops."""

    def __init__(self) -> None:
        self.line = 0


def buffered(source: BinaryIO) -> io.BufferedReader[Any]:
    """``source`` with ``peek`` (standard input may be any binary stream, e.g. ``BytesIO``)."""
    if isinstance(source, io.BufferedReader):
        return source
    return io.BufferedReader(Counted(source, 1 << 62), BUFFER)


def utf8_lines(
    buf: io.BufferedReader[Any], max_line: int, decoder: LineDecoder, position: Position
) -> Iterator[Line]:
    """Byte lines decoded one by one; a line over ``max_line`` bytes is skipped unread."""
    number = 0
    while raw := buf.readline(max_line + 1):
        number += 1
        position.line = number
        if len(raw) > max_line and not raw.endswith(b"\n"):
            while (rest := buf.readline(BUFFER)) and not rest.endswith(b"\n"):
                pass
            yield number, RejectError(f"line too long (more than {size(max_line)}; "
                                      "--max-line-bytes)")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, decoder.decode(raw, number)
        except RejectError as exc:
            yield number, exc


def text_lines(
    buf: io.BufferedReader[Any], codec: str, max_line: int, decoder: LineDecoder,
    position: Position,
) -> Iterator[Line]:
    """Lines of a UTF-16/32 stream (BOM or BOM-less), decoded incrementally."""
    width = 4 if "32" in codec else 2
    limit = max(1, max_line // width)
    text = io.TextIOWrapper(buf, encoding=codec, errors="replace", newline="")
    number = 0
    while line := text.readline(limit + 1):
        number += 1
        position.line = number
        if len(line) > limit and not line.endswith(("\n", "\r")):
            while (rest := text.readline(BUFFER)) and not rest.endswith(("\n", "\r")):
                pass
            yield number, RejectError(f"line too long (more than {size(max_line)}; "
                                      "--max-line-bytes)")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        if "\ufffd" in line:
            decoder.replaced += line.count("\ufffd")
            decoder.first_replaced = decoder.first_replaced or number
        yield number, line
