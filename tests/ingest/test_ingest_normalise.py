"""Tests for newsweave.ingest.normalise: the text every offset indexes into."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from newsweave.ingest import content_hash, normalise_text, slugify
from newsweave.ingest.normalise import count_words, one_line

RAW = (
    "  The council\u00a0voted 7\u20132 on Tuesday.   \r\n"
    "Mayor Okafor called it \u201ca fair deal\u201d.\t\r\r\r\n\n\n"
    "Cafe\u0301 owners welcomed the plan.  \n\n\n\n"
)


def test_normalise_text_applies_each_rule() -> None:
    out = normalise_text(RAW)
    assert out == (
        "The council voted 7\u20132 on Tuesday.\n"
        "Mayor Okafor called it \u201ca fair deal\u201d.\n\n"
        "Caf\u00e9 owners welcomed the plan."
    )
    assert "\r" not in out and "\u00a0" not in out
    assert unicodedata.is_normalized("NFC", out)


def test_normalise_text_keeps_quotes_dashes_and_inner_spacing() -> None:
    s = "He said \u2018no\u2019 \u2014 twice.  Then   left."
    assert normalise_text(s) == s


def test_normalise_text_is_idempotent() -> None:
    once = normalise_text(RAW)
    assert normalise_text(once) == once


def test_normalise_text_keeps_single_blank_line_between_paragraphs() -> None:
    assert normalise_text("One.\n\nTwo.\n \nThree.") == "One.\n\nTwo.\n\nThree."


def test_content_hash_ignores_rewrapping_but_not_words() -> None:
    a = "Dock workers walked out\non Tuesday."
    b = "Dock workers  walked out on\n\nTuesday."
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash("Dock workers walked out on Wednesday.")
    expected = hashlib.sha256(b"Dock workers walked out on Tuesday.").hexdigest()
    assert content_hash(a) == expected


def test_slugify() -> None:
    assert slugify("Bridge_Reopens") == "bridge_reopens"
    assert slugify("Harbour Bridge (Final).v2") == "harbour-bridge-final-.v2"
    # Letters of every script are kept, so Köln.txt and koln.txt get different ids.
    assert slugify("Straße über Köln") == "straße-über-köln"
    assert slugify("Köln") != slugify("koln")
    assert slugify("caf\udce9") == "caf"  # an undecodable file-name byte
    assert slugify("!!!") == "article"


def test_count_words_and_one_line() -> None:
    assert count_words("A short title", None, "two words") == 5
    assert one_line("  Harbour\n  Times ") == "Harbour Times"
    assert one_line("   ") is None
    assert one_line(None) is None


def test_hard_wrapped_lines_are_joined_but_paragraphs_and_headlines_kept() -> None:
    from newsweave.ingest import normalise_text

    wrapped = (
        "Harbour bridge approved\n"
        "Council members voted 7-2 on Thursday to approve a new harbour\n"
        "bridge, despite protests outside the town hall.\n"
        "\n"
        "The mayor said the ferry was too slow.\n"
        "Critics disagreed."
    )
    assert normalise_text(wrapped) == (
        "Harbour bridge approved\n"
        "Council members voted 7-2 on Thursday to approve a new harbour bridge, despite "
        "protests outside the town hall.\n\n"
        "The mayor said the ferry was too slow.\nCritics disagreed."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dorsey was described as the ``fixer'' who arranged it.",
         "Dorsey was described as the “fixer” who arranged it."),
        ("IRNA reported.\n''The Gulf is safe,'' he said.",
         "IRNA reported.\n“The Gulf is safe,” he said."),
        ("yelling, 'Oh, my God, three shot! '''", "yelling, 'Oh, my God, three shot! ’”"),
        ("``Let's treat it like a movie.''", "“Let's treat it like a movie.”"),
        ("`Hello,' he said.", "‘Hello,' he said."),
        ("It's the students' union.", "It's the students' union."),
    ],
)
def test_old_newswire_quotes_become_curly(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected
    assert normalise_text(expected) == expected
