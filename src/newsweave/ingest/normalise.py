"""Text normalisation, content hashes, ids and word counts for ingested articles.

``normalise_text`` defines ``Article.text``: every character offset produced by a
later stage indexes into its output, so it must stay deterministic and
conservative: apart from the old newswire quotation marks (:func:`newswire_quotes`),
it never rewrites quotes, dashes or other characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Non-breaking and fixed-width spaces that editors and CMSs insert between words.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_MANY_NEWLINES = re.compile(r"\n{3,}")
# A single line break inside a sentence (hard-wrapped text): the line before does not
# end a sentence and the next line does not start with a capital letter.
_WRAPPED = re.compile(r"(?<=[^\s.!?…:;\"”’'])\n(?=[^\s\n\-*•#A-Z\u00c0-\u00de])")
# Old newswire (and Penn Treebank) quotation marks: ``…'' for double quotes, `…' for
# single ones. A doubled apostrophe opens a quote when a word follows it at a line start
# or after a space or bracket (detokenised text: ''The fall was ...), else it closes.
_TRIPLE_CLOSE = re.compile(r"'''(?!\w)")
_DOUBLE_OPEN = re.compile(r"``|(?:^|(?<=[\s(\[{]))''(?=\w)", re.MULTILINE)
_DOUBLE_CLOSE = re.compile(r"''")
_SINGLE_OPEN = re.compile(r"`")
_SLUG_BAD = re.compile(r"[^\w.-]+")
_DASHES = re.compile(r"-{2,}")


def normalise_text(s: str) -> str:
    """Return ``s`` normalised for storage and analysis.

    Steps, in order: Unicode NFC; old newswire quotation marks become curly ones
    (:func:`newswire_quotes`); ``\\r\\n`` and ``\\r`` become ``\\n``; non-breaking
    spaces (U+00A0, U+202F, U+2007) become plain spaces; trailing whitespace is
    removed from every line; a hard line wrap inside a sentence (the line does not
    end with sentence punctuation and the next starts with neither a capital nor a
    list marker) becomes a space; runs of three or more newlines collapse to two
    (one blank line between paragraphs); leading and trailing whitespace is stripped.
    Everything else (other quotes, dashes, accents, emoji) is kept as it is.
    The function is idempotent: ``normalise_text(normalise_text(s)) == normalise_text(s)``.
    """
    s = unicodedata.normalize("NFC", s)
    s = newswire_quotes(s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = s.translate(_SPACES)
    s = "\n".join(line.rstrip() for line in s.split("\n"))
    s = _WRAPPED.sub(" ", s)
    s = _MANY_NEWLINES.sub("\n\n", s)
    return s.strip()


def newswire_quotes(s: str) -> str:
    """Replace the old newswire quotation marks with the typographic ones they stand for.

    ````…''`` (AP, NYT and LDC text) becomes ``“…”`` and ```…'`` becomes ``‘…'``: a
    doubled apostrophe before a word at a line start or after a space or bracket
    opens (``''The`` becomes ``“The``), any other closes; a closing single quote
    written together with a doubled apostrophe (``shot! '''``) becomes ``’”``.
    Text without these marks is returned as it is.
    """
    if "`" not in s and "''" not in s:
        return s
    s = _TRIPLE_CLOSE.sub("’”", s)
    s = _DOUBLE_OPEN.sub("“", s)
    s = _DOUBLE_CLOSE.sub("”", s)
    return _SINGLE_OPEN.sub("‘", s)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with every whitespace run collapsed to one space.

    Re-wrapping lines or changing paragraph spacing therefore keeps the hash;
    any change to a word changes it.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def count_words(*parts: str | None) -> int:
    """Number of whitespace-separated tokens in all non-``None`` ``parts``."""
    return sum(len(p.split()) for p in parts if p)


def slugify(name: str) -> str:
    """Lowercase ``name`` (NFC) and map every run of characters that are not letters,
    digits, ``_``, ``.`` or ``-`` to ``-``.

    Letters of every script are kept, accents included (``Köln`` becomes ``köln``,
    so ``Köln.txt`` and ``koln.txt`` get different ids). Underscores are kept
    (``000_0cd94b89`` stays as it is), runs of dashes collapse to one and
    dashes at the ends are dropped; an empty result becomes ``"article"``.
    Unencodable characters (a file name that is not valid UTF-8) become ``-``.
    """
    lowered = unicodedata.normalize("NFC", name).lower()
    slug = _SLUG_BAD.sub("-", lowered)
    slug = _DASHES.sub("-", slug).strip("-")
    return slug or "article"


def one_line(value: str | None) -> str | None:
    """Collapse whitespace in a short field (title, source, url); empty becomes ``None``."""
    if value is None:
        return None
    collapsed = " ".join(unicodedata.normalize("NFC", value).split())
    return collapsed or None
