"""Offset-based TimeML gold in JSON Lines (the MEANTIME conversion's format).

One document per line::

    {"id", "dct": "YYYY-MM-DD" | null, "text", "annotated_chars": int,
     "topic": str (optional),
     "timexes": [{"start", "end", "text", "type", "value"}]}

``text[start:end] == text`` for every timex; ``dct`` is the document creation
time the relative expressions are anchored on; gold stops at ``annotated_chars``
(only expressions starting before it are scored). ``topic`` lets a caller hold a
part out (MEANTIME's ``stock`` topic is never looked at while developing).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.timex_scoring import GoldTimex
from newsweave.model import Article


@dataclass(frozen=True, slots=True)
class TimemlSet:
    """Articles, their gold expressions and where each article's gold stops."""

    articles: tuple[Article, ...]
    gold: tuple[GoldTimex, ...]
    limits: dict[str, int]
    topics: dict[str, str]


def find_timeml_file(data: Path) -> Path | None:
    """``data`` itself when it is a ``.jsonl`` file, else the single ``*.jsonl`` in the
    folder whose first line has ``timexes``; ``None`` when there is none."""
    candidates = [data] if data.is_file() else sorted(data.glob("*.jsonl"))
    for path in candidates:
        if path.suffix != ".jsonl":
            continue
        try:
            with path.open(encoding="utf-8") as fh:
                first = json.loads(fh.readline() or "{}")
        except (OSError, ValueError):
            continue
        if isinstance(first, dict) and "timexes" in first:
            return path
    return None


def load_timeml_jsonl(
    path: Path,
    *,
    topics: Collection[str] | None = None,
    exclude_topics: Collection[str] = (),
) -> TimemlSet:
    """Read ``path``; keep only documents of ``topics`` (all when ``None``) and not of
    ``exclude_topics``. Raises :class:`EvaluationDataError` naming the bad line."""
    articles, gold, limits, topic_of = [], [], {}, {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationDataError(f"cannot read {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            topic = str(doc.get("topic") or "")
            if (topics is not None and topic not in topics) or topic in exclude_topics:
                continue
            doc_id, text = str(doc["id"]), str(doc["text"])
            date = dt.date.fromisoformat(doc["dct"]) if doc.get("dct") else None
            items = [
                GoldTimex(article=doc_id, text=str(t["text"]), value=None, precision=None,
                          start=int(t["start"]), type=str(t["type"]), timex=str(t["value"]))
                for t in doc["timexes"]
            ]
            limit = int(doc.get("annotated_chars") or len(text))
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationDataError(
                f"{path}:{n}: not a TimeML gold record ({exc!r}); expected "
                '{"id", "dct", "text", "annotated_chars", "timexes": [{"start", "end", '
                '"text", "type", "value"}]}'
            ) from exc
        for g in items:
            if text[g.start or 0 : (g.start or 0) + len(g.text)] != g.text:
                raise EvaluationDataError(f"{path}:{n}: gold {g.text!r} is not at {g.start}")
        articles.append(Article(id=doc_id, text=text, content_hash=doc_id,
                                origin=f"{path}:{n}", title=doc.get("title"), date=date))
        gold.extend(items)
        limits[doc_id] = limit
        topic_of[doc_id] = topic
    if not articles:
        raise EvaluationDataError(f"{path} holds no TimeML gold documents for the chosen topics")
    return TimemlSet(tuple(articles), tuple(gold), limits, topic_of)
