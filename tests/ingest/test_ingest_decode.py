"""Tests for newsweave.ingest.decode: any bytes in, text or a clear refusal out."""

from __future__ import annotations

import codecs
import random

import pytest

from newsweave.errors import InputError
from newsweave.ingest.decode import (
    RejectError,
    decode_bytes,
    decode_text,
    looks_binary,
    sniff_codec,
)

TEXT = (
    "Le ministre a déclaré à la presse que l’accord était « équitable » et qu’il serait "
    "signé à Genève. The minister called it “a fair deal for everyone” — the café owners agreed."
)


def test_utf8_and_boms() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")) == TEXT
    assert decode_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")) == TEXT


def test_bomless_utf16_is_text_not_binary() -> None:
    english = "Dock workers at the port walked off the job on Tuesday after talks collapsed."
    assert decode_bytes(english.encode("utf-16-le")) == english
    assert decode_bytes(english.encode("utf-16-be")) == english


def test_cp1252_with_curly_quotes_and_accents_decodes_right() -> None:
    # charset-normalizer alone ranks cp1250 first here, which would turn "à" into "ŕ".
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_a_guess_that_reads_like_cp1252_is_named_cp1252() -> None:
    # Only curly quotes, an apostrophe and "é": several Latin code pages read these bytes
    # alike, and the message should name the common one, not the ranker's first pick.
    text = ("The mayor said the relief convoy was \u201cthe first of many\u201d and that the "
            "town\u2019s caf\u00e9 would feed volunteers through the weekend.")
    decoded = decode_text(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.guessed


def test_cyrillic_cp1251_is_not_forced_to_cp1252() -> None:
    text = (
        "Президент заявил, что переговоры прошли успешно и стороны договорились продолжить диалог."
    )
    assert decode_bytes(text.encode("cp1251")) == text


def test_declared_charset_is_used_when_utf8_fails() -> None:
    # In ISO-8859-15 the euro sign is byte 0xA4, which cp1252 would read as "¤".
    text = "Le prix a augmenté de 5 € par tonne, a déclaré l'économiste."
    assert decode_bytes(text.encode("iso8859-15"), declared="iso-8859-15") == text
    assert decode_bytes(text.encode("utf-8"), declared="no-such-codec") == text


def test_binary_is_refused() -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(RejectError, match="binary file"):
        decode_bytes(png_like)
    assert looks_binary(b"\x01\x02\x03 mostly control \x04\x05\x06\x07\x08\x0e\x0f")
    assert not looks_binary(TEXT.encode("utf-8"))
    with pytest.raises(RejectError, match="binary file"):
        sniff_codec(png_like)


def test_reject_error_is_an_input_error() -> None:
    assert issubclass(RejectError, InputError)


def test_random_bytes_never_crash() -> None:
    rng = random.Random(1234)
    for size in (1, 7, 100, 5000):
        for high_only in (True, False):
            for _ in range(20):
                lo = 0x80 if high_only else 0
                data = bytes(rng.randint(lo, 255) for _ in range(size))
                try:
                    out = decode_bytes(data)
                except RejectError as exc:
                    assert str(exc)  # a reason, never an empty message
                else:
                    assert isinstance(out, str)


def test_bad_bytes_after_bom_are_replaced_and_reported() -> None:
    data = codecs.BOM_UTF16_LE + b"\x00\xd8" + "A fair deal".encode("utf-16-le")
    out = decode_text(data)  # a lone surrogate: one damaged character, the rest intact
    assert out.text == "\ufffdA fair deal"
    assert out.replaced == 1
    assert out.warning(data) == "1 invalid UTF-16-LE byte sequence(s) replaced with U+FFFD " \
        "(first on line 1)"


def test_one_bad_byte_in_utf8_is_replaced_locally_not_mojibake() -> None:
    good = ("Le ministre a déclaré à la presse que l’accord était « équitable ».\n"
            "The café owners agreed.\n").encode()
    for bad in (b"\xff", b"\xe9", b"\x92", b"\xc3"):
        data = good[:20] + bad + good[20:]  # inside a line, between characters
        out = decode_text(data)
        assert out.encoding == "utf-8" and not out.guessed
        assert out.text == good[:20].decode() + "\ufffd" + good[20:].decode()
        assert out.warning(data) == ("1 invalid UTF-8 byte sequence(s) replaced with U+FFFD "
                                     "(first on line 1)")
    # A byte in the middle of a multi-byte character damages only that character.
    i = good.index("é".encode()) + 1
    out = decode_text(good[:i] + b"\xff" + good[i:])
    assert out.text.startswith("Le ministre a d\ufffd")
    assert "l’accord était « équitable »" in out.text


def test_legacy_text_without_utf8_evidence_is_guessed_and_warned() -> None:
    out = decode_text(TEXT.encode("cp1252"))
    assert out.text == TEXT and out.guessed and out.encoding == "cp1252"
    assert out.warning(b"") == "not UTF-8: decoded as cp1252 (a guess; save the file as UTF-8)"


def test_clean_utf8_has_no_warning() -> None:
    data = TEXT.encode("utf-8")
    assert decode_text(data).warning(data) is None
