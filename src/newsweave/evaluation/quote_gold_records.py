"""Quote gold records: :class:`GoldSpan`, :class:`OffsetGold` and their offset-based
JSON Lines file (written and read here; made from string annotations by
:func:`newsweave.evaluation.quote_gold.convert_annotations`), plus the ECB+ held-out
rule (:func:`unseen`). Split from :mod:`newsweave.evaluation.quote_gold`, which
re-exports every name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError

__all__ = [
    "CLASSES",
    "FORMAT",
    "KINDS",
    "GoldSpan",
    "OffsetGold",
    "load_offset_gold",
    "topic_of",
    "unseen",
    "write_offset_gold",
]

FORMAT = "newsweave-quote-gold/1"
CLASSES = frozenset({"quote", "title", "name", "scare", "other"})
KINDS = frozenset({"person", "organisation", "description"})


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One annotated quotation-marked span, offsets into the normalised article text."""

    article: str
    n: int
    cls: str
    start: int
    end: int
    cue_span: tuple[int, int] | None = None
    speaker_span: tuple[int, int] | None = None
    speaker: str | None = None
    speaker_kind: str | None = None
    addressee: str | None = None


@dataclass(frozen=True, slots=True)
class OffsetGold:
    """An offset-based gold file: its header fields and its spans."""

    name: str
    corpus: str
    articles: tuple[str, ...]
    spans: tuple[GoldSpan, ...]

    def quotes(self) -> list[GoldSpan]:
        return [s for s in self.spans if s.cls == "quote"]


def topic_of(article_id: str) -> int | None:
    """ECB+ topic number of ``ecbplus-<topic>_<n>...`` ids, else ``None``."""
    m = re.match(r"ecbplus-(\d+)_", article_id)
    return int(m.group(1)) if m else None


def unseen(article_id: str) -> bool:
    """The held-out part of ECB+-based gold: topics divisible by 3."""
    topic = topic_of(article_id)
    return topic is not None and topic % 3 == 0


def _span(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    lo, hi = value
    return int(lo), int(hi)


def write_offset_gold(path: Path, gold: OffsetGold) -> None:
    """Write ``gold`` as offset-based JSON Lines (header first)."""
    lines = [json.dumps({"format": FORMAT, "pass": gold.name, "corpus": gold.corpus,
                         "articles": list(gold.articles)})]
    for s in gold.spans:
        row: dict[str, Any] = {"article": s.article, "n": s.n, "class": s.cls,
                               "span": [s.start, s.end]}
        if s.cls == "quote":
            row.update({"cue_span": list(s.cue_span) if s.cue_span else None,
                        "speaker_span": list(s.speaker_span) if s.speaker_span else None,
                        "speaker": s.speaker, "speaker_kind": s.speaker_kind})
            if s.addressee:
                row["addressee"] = s.addressee
        lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_offset_gold(path: Path) -> OffsetGold:
    """Read an offset-based gold file written by :func:`write_offset_gold`."""
    try:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()
                if x.strip()]
        if not rows or rows[0].get("format") != FORMAT:
            raise ValueError(f"first line must be a header with format {FORMAT!r}")
        head = rows[0]
        spans = tuple(
            GoldSpan(str(r["article"]), int(r["n"]), str(r["class"]), int(r["span"][0]),
                     int(r["span"][1]), _span(r.get("cue_span")),
                     _span(r.get("speaker_span")), r.get("speaker"), r.get("speaker_kind"),
                     r.get("addressee"))
            for r in rows[1:])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationDataError(f"cannot read offset gold {path}: {exc}") from exc
    return OffsetGold(str(head.get("pass", path.stem)), str(head.get("corpus", "")),
                      tuple(str(a) for a in head.get("articles", [])), spans)
