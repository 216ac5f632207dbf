"""Turn file bytes into text without ever crashing: BOMs, UTF-8, legacy encodings, binary.

Order of attempts: a byte-order mark (UTF-8, UTF-16/32 LE/BE) decides the codec;
otherwise binary-looking bytes are refused (unless they are BOM-less UTF-16);
then strict UTF-8; then an encoding declared by the file itself (HTML
``charset=``); then charset-normalizer's best guess, preferring cp1252 over other
Latin single-byte code pages when both fit (Windows-1252 is by far the most
common legacy encoding of English news, and charset-normalizer often ranks
cp1250 first, which turns "à" into "ŕ").
"""

from __future__ import annotations

import codecs

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

    ``declared`` is an encoding named by the content itself (e.g. an HTML
    ``<meta charset>``); it is tried after strict UTF-8 and ignored when unknown.
    Emptiness is not checked here: callers decide what an empty text means.
    """
    bom = bom_encoding(data[:4])
    if bom is not None:
        codec, skip = bom
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError:
            reason = f"cannot decode file as {codec} despite its byte-order mark"
            raise RejectError(reason) from None
    sample = data[:SNIFF_BYTES]
    if looks_binary(sample):
        utf16 = bomless_utf16(sample)
        if utf16 is not None:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                pass
        raise RejectError("binary file (not text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return _guess(data)


def _guess(data: bytes) -> str:
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
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)
