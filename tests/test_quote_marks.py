"""Quotation-mark pairing and bad input: never a crash, never a quote longer than its run."""

from __future__ import annotations

import pytest

from newsweave.quotes.marks import MAX_LINES, find_marked_quotes, mask_quotes


def _texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_marked_quotes(text)]


def test_quote_over_several_lines_and_continuation_paragraphs() -> None:
    text = ("“I’m feeling mad inside.\nI’m angry.\nThat’s why I’m out here.” He left.\n"
            "“The first paragraph runs on\n“and the second one closes,” she said.")
    assert _texts(text) == ["I’m feeling mad inside.\nI’m angry.\nThat’s why I’m out here.",
                            "The first paragraph runs on",
                            "and the second one closes"]


def test_detokenised_and_newswire_marks() -> None:
    text = ("\"We were standing by the closed bakery, \" a neighbour told the BBC.\n"
            "''Nobody could have lived through that fall, \"Inspector Moffat said.\n"
            "Dorsey was described as the ``fixer'' in the affair.\n"
            "\"The clown routine got him far.\nHe never stood a chance, \"said Alma "
            "Voss.")
    assert _texts(text) == ["We were standing by the closed bakery",
                            "Nobody could have lived through that fall", "fixer",
                            "The clown routine got him far.\nHe never stood a chance"]


def test_title_marks_glued_to_the_words_outside() -> None:
    # Detokenised: the title's opening mark is glued to "in", its closing one to "(".
    text = ("\"I was convinced.\nThe source knew the files, \"Harlan wrote in\" Quiet Rooms: "
            "A Memoir of the Night Desk \"(2011).\nHe did not say more.")
    assert _texts(text) == ["I was convinced.\nThe source knew the files",
                            "Quiet Rooms: A Memoir of the Night Desk"]
    assert "Harlan wrote in" in mask_quotes(text, find_marked_quotes(text))


def test_mixed_and_nested_marks() -> None:
    text = ("“The “Summer Lake” actor misled the court,” he said. \"Straight one,\" and "
            "“curly one\" mixed.")
    assert _texts(text) == ["The “Summer Lake” actor misled the court", "Straight one",
                            "curly one"]


@pytest.mark.parametrize("text", [
    "He said “this never closes", "a stray ” close", "\"\"\"", "“”", "«", "''", "``",
    "“a\n\n\n”b\"c\"\"d", "\n".join(["“x"] * 50), "no marks at all",
])
def test_unbalanced_marks_never_raise(text: str) -> None:
    quotes = find_marked_quotes(text)
    assert len(mask_quotes(text, quotes)) == len(text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)


def test_no_quote_longer_than_its_run_of_lines() -> None:
    text = "“Opened and never closed.\n" + "Narration line.\n" * 30 + "A close ” here."
    for q in find_marked_quotes(text):
        assert text.count("\n", q.start, q.end) < MAX_LINES


def test_foreign_marks_and_languages() -> None:
    text = ("„Wir schaffen das“, sagte die Kanzlerin.\n"
            "« Nous ne céderons pas », a déclaré le ministre.\n"
            "「東京は晴れ」と彼は言った。")
    got = _texts(text)
    assert "Nous ne céderons pas" in got
    assert all("\n" not in t for t in got)


def test_large_article_with_hundreds_of_quotes() -> None:
    para = ("“We will not stand by,” union president Mara Quinlan told reporters. "
            "“Our door is open.” The port said \"talks\" could resume.\n")
    text = para * 1700  # about 210 KB
    quotes = find_marked_quotes(text)
    assert len(text) > 200_000 and len(quotes) == 5100
    assert all("\n" not in text[q.start:q.end] for q in quotes)
    masked = mask_quotes(text, quotes)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "Quinlan told reporters" in masked and "Our door" not in masked
