"""Turn file bytes into text without ever crashing: BOMs, UTF-8, legacy encodings, binary.

Order of attempts: a byte-order mark (UTF-8, UTF-16/32 LE/BE) decides the codec;
otherwise binary-looking bytes are refused (unless they are BOM-less UTF-16);
then strict UTF-8; then an encoding declared by the file itself (HTML
``charset=``); then UTF-8 with invalid bytes replaced, when the bytes carry
UTF-8 evidence (see :func:`decode_text`); then charset-normalizer's best guess,
preferring cp1252 over other
Latin single-byte code pages when both fit (Windows-1252 is by far the most
common legacy encoding of English news, and charset-normalizer often ranks
cp1250 first, which turns "à" into "ŕ").
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from newsweave.errors import InputError

SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (tab, newlines, form feed and ESC excluded).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}
_MAX_CONTROL_SHARE = 0.05
_LATIN_CODEPAGES = frozenset(
    {
        "cp1250", "cp1252", "cp1254", "cp1257", "cp775", "cp850", "iso8859_1", "mac_latin2",
        "mac_roman", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10",
        "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    }
)  # fmt: skip


class RejectError(InputError):
    """A file or record cannot be ingested; the message is the rejection reason."""


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """Return ``(codec, bom_length)`` when ``head`` starts with a Unicode byte-order mark."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return None


def bomless_utf16(sample: bytes) -> str | None:
    """Guess ``utf-16-le``/``-be`` for BOM-less UTF-16 (mostly-ASCII text: NULs in one lane)."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n_even, n_odd = even.count(0), odd.count(0)
    if n_odd >= 0.3 * len(odd) and n_even == 0:
        return "utf-16-le"
    if n_even >= 0.3 * len(even) and n_odd == 0:
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """True if ``sample`` holds NUL bytes or a high share of control bytes."""
    if not sample:
        return False
    if 0 in sample:
        return True
    n_control = sum(1 for b in sample if b in _CONTROL)
    return n_control / len(sample) > _MAX_CONTROL_SHARE


def sniff_codec(head: bytes) -> str | None:
    """Classify the first bytes of a file for streaming readers.

    Returns a codec name when the whole file must be decoded with it (BOM or
    BOM-less UTF-16, except plain UTF-8 with BOM, which returns ``None``), or
    ``None`` for byte-oriented text. Raises :class:`RejectError` for binary data.
    """
    bom = bom_encoding(head)
    if bom is not None:
        return None if bom[0] == "utf-8" else bom[0]
    if looks_binary(head[:SNIFF_BYTES]):
        utf16 = bomless_utf16(head[:SNIFF_BYTES])
        if utf16 is None:
            raise RejectError("binary file (not text)")
        return utf16
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` to ``str`` (BOM removed) or raise :class:`RejectError`.

    The text of :func:`decode_text`, for callers that do not report warnings.
    """
    return decode_text(data, declared=declared).text


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded.

    ``replaced`` counts invalid byte sequences replaced with U+FFFD (each
    maximal invalid run is one); ``first_bad`` is the byte offset of the first.
    ``guessed`` is true when the encoding was guessed (not UTF-8, no BOM, no
    declaration that fits).
    """

    text: str
    encoding: str
    replaced: int = 0
    first_bad: int | None = None
    guessed: bool = False

    def warning(self, data: bytes, *, line_offset: int = 0) -> str | None:
        """The warning for the run summary (``None`` when decoding was clean).

        ``data`` are the bytes that were decoded (to turn ``first_bad`` into a line).
        """
        if self.replaced:
            line = line_offset + data[: self.first_bad].count(b"\n") + 1
            return (f"{self.replaced} invalid {_label(self.encoding)} byte sequence(s) replaced "
                    f"with U+FFFD (first on line {line})")
        if self.guessed:
            return f"not UTF-8: decoded as {self.encoding} (a guess; save the file as UTF-8)"
        return None


def _label(codec: str) -> str:
    return codec.upper().replace("_", "-") if codec.startswith("utf") else codec


def decode_text(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` (BOM removed) or raise :class:`RejectError` for binary data.

    ``declared`` is an encoding named by the content itself (e.g. an HTML
    ``<meta charset>``); it is tried after strict UTF-8 and ignored when unknown
    or when it does not decode the bytes cleanly.

    Invalid bytes in text that is otherwise UTF-8 (it holds valid multi-byte
    UTF-8 sequences, at least as many as invalid ones) are replaced one by one
    with U+FFFD: the rest of the text keeps its characters, and the file is
    never re-decoded as another encoding, which would turn every "é" into "Ã©".
    Only bytes that hold no UTF-8 evidence at all are handed to the legacy
    encoding guess. Emptiness is not checked here: callers decide what an
    empty text means.
    """
    bom = bom_encoding(data[:4])
    if bom is not None:
        codec, skip = bom
        return _replacing(data[skip:], codec)
    sample = data[:SNIFF_BYTES]
    if looks_binary(sample):
        utf16 = bomless_utf16(sample)
        if utf16 is not None:
            return _replacing(data, utf16)
        raise RejectError("binary file (not text)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            if codecs.lookup(declared).name != "utf-8":
                return Decoded(data.decode(declared), codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    replaced = _replacing(data, "utf-8")
    if _UTF8_MULTIBYTE.search(data) is not None:
        # One damaged character can leave several adjacent U+FFFD: count damaged places.
        damaged = len(_REPLACEMENT_RUN.findall(replaced.text))
        if len(_UTF8_MULTIBYTE.findall(data)) >= damaged - data.count(b"\xef\xbf\xbd"):
            return replaced
    return _guess(data)


# A valid multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


_REPLACEMENT_RUN = re.compile("\ufffd+")


def _replacing(data: bytes, codec: str) -> Decoded:
    """Decode with ``codec``, each invalid sequence replaced with U+FFFD and counted."""
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode(codec, errors="replace")
    # U+FFFD already in the text is not a replacement.
    present = data.decode(codec, errors="ignore").count("\ufffd")
    return Decoded(text, codec, replaced=max(1, text.count("\ufffd") - present), first_bad=first)


def _guess(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise RejectError(
            "cannot decode text: not UTF-8 or UTF-16, and no other text encoding fits"
        )
    encoding = codecs.lookup(best.encoding).name.replace("-", "_")
    candidates = {codecs.lookup(m.encoding).name for m in matches}
    if encoding in _LATIN_CODEPAGES and "cp1252" in candidates:
        try:
            return Decoded(data.decode("cp1252"), "cp1252", guessed=True)
        except UnicodeDecodeError:
            pass
    text = str(best)
    if encoding in _LATIN_CODEPAGES and encoding != "cp1252":
        # Both read these bytes alike (e.g. only curly quotes and "é"): name the far more
        # common Western code page rather than the ranker's first pick.
        try:
            if data.decode("cp1252") == text:
                return Decoded(text, "cp1252", guessed=True)
        except UnicodeDecodeError:
            pass
    return Decoded(text, encoding, guessed=True)


class LineDecoder:
    """Decodes the lines of one streamed file and sums up what it had to repair.

    Each line is strict UTF-8 when it can be. A line that is not: once the
    file has shown UTF-8 (a valid non-ASCII line), its invalid bytes are
    replaced with U+FFFD; before that, :func:`decode_text`'s rule applies to
    the line alone (replaced when it carries UTF-8 evidence, else a legacy
    encoding is guessed, and reused for the following undecodable lines).
    :meth:`warning` is one message for the whole file.
    """

    def __init__(self) -> None:
        self.replaced = 0
        self.first_replaced: int | None = None
        self.legacy: str | None = None
        self.first_legacy: int | None = None
        self.utf8_seen = False

    def decode(self, raw: bytes, line: int) -> str:
        """Line ``line`` (1-based) as text; :class:`RejectError` for binary data."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            self.utf8_seen = self.utf8_seen or not text.isascii()
            return text
        if looks_binary(raw) and bomless_utf16(raw) is None:
            raise RejectError("binary data (not text)")
        if self.utf8_seen:
            decoded = _replacing(raw, "utf-8")
        else:
            if self.legacy is not None:
                try:
                    return raw.decode(self.legacy)
                except UnicodeDecodeError:
                    pass
            try:
                decoded = decode_text(raw)
            except RejectError:
                raise RejectError("binary data (not text)") from None
        if decoded.replaced:
            self.replaced += decoded.replaced
            self.first_replaced = self.first_replaced or line
        if decoded.guessed:
            self.legacy = decoded.encoding
            self.first_legacy = self.first_legacy or line
        return decoded.text

    def warning(self) -> str | None:
        """One warning for the file (``None`` when every line was clean UTF-8)."""
        parts = []
        if self.replaced:
            parts.append(f"{self.replaced} invalid UTF-8 byte sequence(s) replaced with U+FFFD "
                         f"(first on line {self.first_replaced})")
        if self.legacy is not None:
            parts.append(f"lines from line {self.first_legacy} on that are not UTF-8 were "
                         f"decoded as {self.legacy} (a guess; save the file as UTF-8)")
        return "; ".join(parts) or None
