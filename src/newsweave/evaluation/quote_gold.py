"""Real-text quote gold: string annotations -> offsets into newsweave's article text.

Annotators write what they see (docs/gold-quotes.md): the quoted string with its
occurrence index in the corpus record's raw ``text``, the cue and the speaker mention
as short strings. newsweave analyses :attr:`Article.text`, which ingest derives from
that raw text with :func:`newsweave.ingest.normalise_text` (line-wrap joins, trailing
spaces, NFC...). :func:`convert_annotations` locates every string in the raw text,
maps the offsets through an exact raw -> normalised character alignment and checks
that the mapped span reads the same, whitespace and the form of quotation marks aside
(ingest writes the newswire ````…''`` as ``“…”``, one character for two). Any item
that cannot be placed is an error naming the file line, the article and the item; the
conversion fails as a whole rather than drop items silently.

The result, :class:`OffsetGold`, is what ``newsweave eval quotes`` reads: one JSON
header line (``format``, ``pass``, ``corpus``, ``articles``) then one line per
annotated span ``{"article", "n", "class", "span", "cue_span", "speaker_span",
"speaker", "speaker_kind", "addressee"}`` (offsets into the normalised text; no
article text is stored). The records and their file form are in
:mod:`newsweave.evaluation.quote_gold_records` (re-exported here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.quote_gold_records import (
    CLASSES,
    FORMAT,
    KINDS,
    GoldSpan,
    OffsetGold,
    load_offset_gold,
    topic_of,
    unseen,
    write_offset_gold,
)
from newsweave.ingest import normalise_text

__all__ = [
    "CLASSES",
    "FORMAT",
    "KINDS",
    "GoldSpan",
    "OffsetGold",
    "convert_annotations",
    "load_offset_gold",
    "read_annotations",
    "topic_of",
    "unseen",
    "write_offset_gold",
]

_MAX_ERRORS = 25
# A cue or speaker mention further than this from its quote is almost surely the
# wrong occurrence (a tag sits in the quote's sentence or the one before).
_NEAR = 1500


def read_annotations(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The header line and the ``(line number, item)`` pairs of an annotation file."""
    header: dict[str, Any] | None = None
    items: list[tuple[int, dict[str, Any]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationDataError(f"cannot read annotations {path}: {exc}") from exc
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise EvaluationDataError(f"{path.name} line {no}: not JSON ({exc})") from exc
        if not isinstance(obj, dict):
            raise EvaluationDataError(f"{path.name} line {no}: expected a JSON object")
        if "article" not in obj and ("articles" in obj or "pass" in obj):
            header = {**(header or {}), **obj}
        else:
            items.append((no, obj))
    if header is None:
        # No header: the articles looked at are those with items (stated in the message
        # of the evaluation, since an article without items is then not distinguishable).
        header = {"articles": list(dict.fromkeys(str(i["article"]) for _, i in items
                                                 if "article" in i))}
    return header, items


class _Aligner:
    """Exact character alignment of a raw text with its normalised form."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm = normalise_text(raw)
        self._map: list[int] | None = None
        if self.norm != raw:
            self._map = self._build()

    def _build(self) -> list[int]:
        # raw index -> normalised index; a deleted raw char maps to the next kept one.
        out = [0] * (len(self.raw) + 1)
        sm = SequenceMatcher(None, self.raw, self.norm, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for k in range(i2 - i1):
                    out[i1 + k] = j1 + k
            else:
                for k in range(i1, i2):
                    out[k] = j1 + min(k - i1, j2 - j1)
        out[len(self.raw)] = len(self.norm)
        return out

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._map is None:
            return start, end
        return self._map[start], self._map[end - 1] + 1 if end > start else self._map[end]


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` in ``text``, whole words only at word edges."""
    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    return [m.start() for m in re.finditer(left + re.escape(needle) + right, text)]


def _substrings(text: str, needle: str) -> list[int]:
    """Start offsets of the non-overlapping exact matches of ``needle``."""
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + len(needle))
    return out


# Ingest rewrites the old newswire marks (``…'' and `…') as curly ones, two characters
# becoming one: the read-back check folds every quotation mark to one symbol.
_QUOTE_MARKS = re.compile(r"``|''|[`'\"“”‘’]")


def _squash(s: str) -> str:
    return " ".join(_QUOTE_MARKS.sub('"', s).split())


class _Converter:
    def __init__(self, source: str, raw_texts: Mapping[str, str]) -> None:
        self.source = source
        self.raw_texts = raw_texts
        self.aligners: dict[str, _Aligner] = {}
        self.errors: list[str] = []

    def fail(self, no: int, item: Mapping[str, Any], why: str) -> None:
        self.errors.append(f"{self.source} line {no} (article {item.get('article')!r}, "
                           f"item n={item.get('n')!r}): {why}")

    def aligner(self, article: str) -> _Aligner:
        if article not in self.aligners:
            self.aligners[article] = _Aligner(self.raw_texts[article])
        return self.aligners[article]

    def locate(
        self, no: int, item: Mapping[str, Any], field: str, near: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """Raw offsets of ``item[field]``: its ``*occurrence`` (counted over exact
        matches; for a cue or mention also over whole-word matches, whichever lands
        nearer the quote), or the occurrence nearest to the quote when none is given."""
        value = item.get(field)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.fail(no, item, f"{field} must be a non-empty string or null")
            return None
        raw = self.raw_texts[str(item["article"])]
        exact = _substrings(raw, value)
        words = _occurrences(raw, value) if near is not None else exact
        if not exact:
            self.fail(no, item, f"{field} {value[:50]!r} does not occur in the text")
            return None
        k = item.get("occurrence" if field == "content" else f"{field}_occurrence")

        def dist(h: int) -> int:
            if near is None:
                return 0
            return max(0, near[0] - (h + len(value)), h - near[1])

        if k is None:
            if near is None:
                k = 0
            else:
                outside = [h for h in exact if h + len(value) <= near[0] or h >= near[1]]
                pick = min(outside or exact, key=dist)
                return self._near(no, item, field, value, pick, near, dist)
        if not isinstance(k, int) or k < 0 or k >= max(len(exact), len(words)):
            self.fail(no, item, f"{field} {value[:50]!r} occurs {len(exact)} time(s); "
                                f"occurrence {k!r} requested")
            return None
        picks = [h[k] for h in (exact, words) if k < len(h)]
        return self._near(no, item, field, value, min(picks, key=dist), near, dist)

    def _near(self, no: int, item: Mapping[str, Any], field: str, value: str, pick: int,
              near: tuple[int, int] | None, dist: Any) -> tuple[int, int] | None:
        if near is not None and dist(pick) > _NEAR:
            self.fail(no, item, f"{field} {value[:50]!r} found at {pick}, {dist(pick)} "
                                f"characters from its quote at {near[0]}: check the occurrence")
            return None
        return pick, pick + len(value)

    def mapped(self, no: int, item: Mapping[str, Any], field: str,
               raw_span: tuple[int, int] | None) -> tuple[int, int] | None:
        if raw_span is None:
            return None
        al = self.aligner(str(item["article"]))
        lo, hi = al.span(*raw_span)
        if _squash(al.norm[lo:hi]) != _squash(al.raw[raw_span[0]:raw_span[1]]):
            self.fail(no, item, f"{field} does not map onto the ingested text "
                                f"({al.norm[lo:hi][:40]!r})")
            return None
        return lo, hi

    def convert(self, no: int, item: Mapping[str, Any]) -> GoldSpan | None:
        article = item.get("article")
        if not isinstance(article, str) or article not in self.raw_texts:
            self.fail(no, item, "article is not in the corpus")
            return None
        cls = item.get("class")
        if cls not in CLASSES:
            self.fail(no, item, f"class {cls!r} is not one of {sorted(CLASSES)}")
            return None
        n = item.get("n")
        if not isinstance(n, int):
            self.fail(no, item, "n must be an integer")
            return None
        raw_content = self.locate(no, item, "content", None)
        if raw_content is None:
            return None
        content = self.mapped(no, item, "content", raw_content)
        if content is None:
            return None
        if cls != "quote":
            return GoldSpan(article, n, str(cls), *content)
        kind = item.get("speaker_kind")
        speaker = item.get("speaker")
        if kind is not None and kind not in KINDS:
            self.fail(no, item, f"speaker_kind {kind!r} is not one of {sorted(KINDS)} or null")
            return None
        if (speaker is None) != (kind is None):
            self.fail(no, item, "speaker and speaker_kind must both be null or both set")
            return None
        cue = self.mapped(no, item, "cue", self.locate(no, item, "cue", raw_content))
        mention = self.mapped(no, item, "speaker_mention",
                              self.locate(no, item, "speaker_mention", raw_content))
        if (item.get("cue") is not None and cue is None) or (
                item.get("speaker_mention") is not None and mention is None):
            return None
        addressee = item.get("addressee")
        return GoldSpan(article, n, "quote", *content, cue, mention,
                        None if speaker is None else str(speaker),
                        None if kind is None else str(kind),
                        addressee if isinstance(addressee, str) and addressee else None)


def convert_annotations(
    source: str,
    header: Mapping[str, Any],
    items: Iterable[tuple[int, Mapping[str, Any]]],
    raw_texts: Mapping[str, str],
    *,
    corpus: str = "",
) -> OffsetGold:
    """Offsets for every annotated item (see the module docstring).

    ``raw_texts`` maps article ids to the corpus records' raw ``text`` field. Raises
    :class:`EvaluationDataError` listing every item that cannot be placed.
    """
    conv = _Converter(source, raw_texts)
    spans: list[GoldSpan] = []
    seen: dict[tuple[str, int], int] = {}
    for no, item in items:
        span = conv.convert(no, item)
        if span is None:
            continue
        key = (span.article, span.n)
        if key in seen:
            conv.fail(no, item, f"n repeats line {seen[key]}")
            continue
        seen[key] = no
        spans.append(span)
    articles = [str(a) for a in header.get("articles", [])]
    for a in articles:
        if a not in raw_texts:
            conv.errors.append(f"{source} header: article {a!r} is not in the corpus")
    listed = set(articles)
    for s in spans:
        if s.article not in listed:
            articles.append(s.article)
            listed.add(s.article)
    if conv.errors:
        shown = conv.errors[:_MAX_ERRORS]
        more = len(conv.errors) - len(shown)
        raise EvaluationDataError(
            f"{len(conv.errors)} annotation(s) of {source} cannot be placed; fix them and "
            "convert again:\n  " + "\n  ".join(shown) + (f"\n  ... and {more} more"
                                                       if more else ""))
    spans.sort(key=lambda s: (articles.index(s.article), s.start))
    name = str(header.get("pass", Path(source).stem))
    return OffsetGold(name, corpus, tuple(articles), tuple(spans))


def raw_texts_of(corpus: Path, ids: Sequence[str] | None = None) -> dict[str, str]:
    """Article id -> raw ``text`` field of a JSON Lines corpus (ECB+ records)."""
    want = set(ids) if ids is not None else None
    out: dict[str, str] = {}
    try:
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                rid = str(rec.get("id"))
                if want is None or rid in want:
                    out[rid] = str(rec.get("text", ""))
    except (OSError, ValueError) as exc:
        raise EvaluationDataError(f"cannot read corpus {corpus}: {exc}") from exc
    return out
