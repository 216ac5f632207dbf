"""References from our gold files into a corpus by article id and character offsets.

Gold we make on real text written by others (ECB+) must not carry that text: a gold
record names a passage by ``{"article": id, "span": [start, end]}`` (offsets into the
corpus record's raw ``text`` field; ``"field": "title"`` for a passage of the title),
and the text is read from the corpus at evaluation time. Annotators work on a copy
with the text filled in (:meth:`CorpusFields.with_text`, ``benchmarks/gold_spans.py
show``) that stays outside the repository; :meth:`CorpusFields.with_spans` turns such
a copy (``"text"`` + ``"occurrence"``) back into span references before it is saved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError

__all__ = ["QUOTE_FOLD", "CorpusFields", "find_folded", "find_occurrence", "find_passage",
           "folded", "occurrence_before"]

QUOTE_FOLD = str.maketrans({c: "'" for c in "`‘’´"} | {c: '"' for c in "“”„"})
_PAIRS = {"``": '"', "''": '"'}


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` as ingestion may have changed it, for matching: quote characters folded,
    a doubled backtick or apostrophe read as one double quote, a line break as a space;
    with the start offset in ``text`` of each character (and the end, last)."""
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        pair = _PAIRS.get(text[i:i + 2])
        out.append(pair or (" " if text[i] == "\n" else text[i].translate(QUOTE_FOLD)))
        where.append(i)
        i += 2 if pair else 1
    where.append(len(text))
    return "".join(out), where


def find_folded(text: str, needle: str, occurrence: int) -> tuple[int, int] | None:
    """Offsets in ``text`` of the ``occurrence``-th match of ``needle`` when both are
    :func:`folded`, or ``None``."""
    hay, where = folded(text)
    pin = folded(needle)[0]
    pos = find_occurrence(hay, pin, occurrence) if pin else -1
    return None if pos < 0 else (where[pos], where[pos + len(pin)])


def find_occurrence(text: str, needle: str, occurrence: int) -> int:
    """Start of the ``occurrence``-th (from 0) ``needle`` in ``text``, or -1."""
    pos = text.find(needle)
    for _ in range(occurrence):
        if pos < 0:
            break
        pos = text.find(needle, pos + 1)
    return pos


def find_passage(fields: Sequence[str], needle: str,
                 occurrence: int) -> tuple[int, int, int] | None:
    """Where the ``occurrence``-th ``needle`` is in the first of ``fields`` (say an
    article's text, then its title) that holds it: ``(field index, start, end)``, or
    ``None``. Tried in turn over all the fields: the needle (1) as it is, then with quote
    characters folded one for one (:data:`QUOTE_FOLD`); (2) :func:`folded` (a doubled
    mark or a line break where the other text has one quote or a space); (3) 40+
    characters without its last four (an older export wrote a claim's closing quotes
    otherwise), the span then as long as the needle."""
    if not needle:
        return None
    for i, field in enumerate(fields):
        for hay, pin in ((field, needle), (field.translate(QUOTE_FOLD),
                                           needle.translate(QUOTE_FOLD))):
            pos = find_occurrence(hay, pin, occurrence)
            if pos >= 0:
                return i, pos, pos + len(needle)
    for i, field in enumerate(fields):
        found = find_folded(field, needle, occurrence)
        if found is not None:
            return i, *found
    if len(needle) >= 40:
        for i, field in enumerate(fields):
            found = find_folded(field, needle[:-4], occurrence)
            if found is not None:
                return i, found[0], min(len(field), found[0] + len(needle))
    return None


def occurrence_before(text: str, start: int, needle: str) -> int:
    """How many times ``needle`` occurs in ``text`` before ``start``."""
    n, pos = 0, text.find(needle)
    while 0 <= pos < start:
        n += 1
        pos = text.find(needle, pos + 1)
    return n


class CorpusFields:
    """The raw ``text`` and ``title`` of each record of a JSON Lines corpus, by id."""

    def __init__(self, texts: Mapping[str, str], titles: Mapping[str, str]) -> None:
        self._texts = dict(texts)
        self._titles = dict(titles)

    @classmethod
    def read(cls, corpus: Path) -> CorpusFields:
        """Read ``corpus`` (records with ``id``, ``text`` and optional ``title``)."""
        texts: dict[str, str] = {}
        titles: dict[str, str] = {}
        try:
            with corpus.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        rec = json.loads(line)
                        texts[str(rec["id"])] = str(rec.get("text") or "")
                        titles[str(rec["id"])] = str(rec.get("title") or "")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvaluationDataError(
                f"cannot read corpus {corpus}: {exc}; pass the JSON Lines corpus the gold "
                "was made on") from exc
        return cls(texts, titles)

    def _field(self, aid: str, field: str, where: str) -> str:
        if aid not in self._texts:
            raise EvaluationDataError(f"{where}: article {aid!r} is not in the corpus")
        return self._titles[aid] if field == "title" else self._texts[aid]

    def with_text(self, ref: Mapping[str, Any], where: str) -> dict[str, Any]:
        """``ref`` with ``text`` and ``occurrence`` filled in from its ``span``
        (a reference without ``span`` is returned as it is)."""
        if "span" not in ref:
            return dict(ref)
        aid, field = str(ref["article"]), str(ref.get("field") or "text")
        hay = self._field(aid, field, where)
        try:
            start, end = (int(x) for x in ref["span"])
        except (TypeError, ValueError) as exc:
            raise EvaluationDataError(f"{where}: span {ref['span']!r} is not [start, end]"
                                      ) from exc
        if not 0 <= start < end <= len(hay):
            raise EvaluationDataError(
                f"{where}: span [{start}, {end}] is outside the {field} of {aid} "
                f"({len(hay)} characters); the gold was made on another corpus version")
        text = hay[start:end]
        out = {k: v for k, v in ref.items() if k != "span"}
        # Counted on the folded text: that is how locate() finds it in the ingested one.
        fold, where_ = folded(hay)
        return out | {"text": text, "occurrence": occurrence_before(
            fold, where_.index(start), folded(text)[0])}

    def with_spans(self, ref: Mapping[str, Any], where: str) -> dict[str, Any]:
        """``ref`` (``article``, ``text``, optional ``occurrence`` and ``field``) as a span
        reference, found by :func:`find_passage` in the text and then the title."""
        if "span" in ref:
            return dict(ref)
        aid, needle = str(ref["article"]), str(ref["text"])
        occurrence = int(ref.get("occurrence") or 0)
        rest = {k: v for k, v in ref.items() if k not in {"text", "occurrence", "field"}}
        found = find_passage([self._field(aid, f, where) for f in ("text", "title")],
                             needle, occurrence)
        if found is not None:
            extra = {"field": "title"} if found[0] == 1 else {}
            return rest | {"span": [found[1], found[2]]} | extra
        raise EvaluationDataError(
            f"{where}: text {needle[:60]!r} (occurrence {occurrence}) is not in article "
            f"{aid}; copy the exact characters of the article's text field")
