"""Real-text gold of the fact comparison (issue 13): reading it and matching system pairs to it.

The gold follows docs/gold-facts.md and lives in a folder (``gold/ecbplus-facts/``):

* ``labels-<pass>.jsonl``: system pairs judged right or wrong, one object per line,
  ``{"story", "kind", "a": {"article", "span"}, "b": {...}, "label",
  "reason", "should_be", "note"}``; ``kind`` is ``conflict``, ``update``,
  ``misquote`` or ``consensus``; an empty ``label`` is not judged yet;
* ``recall-<pass>.jsonl``: per story, every conflict, update and misquote between its
  articles (``{"story", "split", "articles", "conflicts": [{"kind", "a": {"article",
  "span", "value"}, "b": {...}, "group"?}]}``).

A claim reference names the passage by offsets into the corpus record's raw text
(:mod:`newsweave.evaluation.gold_refs`: the gold carries no text of the corpus). At
evaluation time the passage's text is read from the corpus and located in the
article as newsweave ingests it (:func:`locate`, by text and occurrence index), so
the gold survives changes of ingestion and of the claim splitter. A system pair is
judged by the label whose two claims are in the same story and the same two
articles and overlap the pair's claims (:class:`LabelIndex`): a claim cut a little
differently by a later splitter keeps its label.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.gold_refs import (
    CorpusFields,
    find_passage,
)
from newsweave.facts.numbers import find_numbers
from newsweave.model import Article, Claim

__all__ = [
    "DIFFER",
    "MIN_SHARE",
    "TITLE",
    "GoldDiscrepancy",
    "Label",
    "LabelIndex",
    "Pair",
    "facts_sample",
    "found_by",
    "load_labels",
    "load_recall",
    "locate",
    "same_discrepancy",
    "split_of",
    "story_labels",
    "verdict",
]

Span = tuple[str, int, int]  # article id, start, end
DIFFER = ("conflict", "update", "misquote")
"""The kinds listed under "where sources differ"."""
MIN_SHARE = 0.5
"""A system claim stands for a labelled claim when they share at least this much of the
longer one: a clause cut a little differently keeps its label; another clause of the
same sentence, or a short piece of the labelled claim, does not."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One reported pair: ``kind`` (conflict, update, misquote, consensus), two claims in
    report order, the system's confidence and the two values as written."""

    story: str
    kind: str
    a: Claim
    b: Claim
    confidence: float
    values: tuple[str, str] = ("", "")
    topic: str = ""
    """The compared attribute as the report names it ("deaths", "quoted words"; "" for
    consensus)."""

    @property
    def spans(self) -> tuple[Span, Span]:
        return ((self.a.article_id, self.a.start, self.a.end),
                (self.b.article_id, self.b.start, self.b.end))


@dataclass(frozen=True, slots=True)
class Label:
    """A judged pair of the gold, located in the articles (``line`` of its file)."""

    story: str
    kind: str
    a: Span
    b: Span
    label: str | None
    reason: str | None = None
    should_be: str | None = None
    line: int = 0
    note: str = ""

    @property
    def key(self) -> tuple[str, frozenset[Span]]:
        return self.story, frozenset({self.a, self.b})


@dataclass(frozen=True, slots=True)
class GoldDiscrepancy:
    """One conflict, update or misquote of the recall gold."""

    story: str
    kind: str
    a: Span
    b: Span
    group: str
    values: tuple[str, str] = ("", "")


def facts_sample(articles: Iterable[Article], story_of: Mapping[str, str],
                 min_articles: int = 3) -> list[str]:
    """The gold stories with at least ``min_articles`` articles, ordered by sha1(story)."""
    counts: dict[str, int] = {}
    for a in articles:
        if a.id in story_of:
            counts[story_of[a.id]] = counts.get(story_of[a.id], 0) + 1
    chosen = [s for s, n in counts.items() if n >= min_articles]
    return sorted(chosen, key=lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest())


def split_of(story: str) -> str:
    """``unseen`` for ECB+ topics divisible by 3 (never tuned on), else ``dev``."""
    digits = "".join(ch for ch in story.split("ecb")[0] if ch.isdigit())
    return "unseen" if digits and int(digits) % 3 == 0 else "dev"


TITLE = "#title"
"""Suffix of the article id in a span located in the article's title: newsweave reads
claims from the text only, so such a gold claim is never found (a recall miss)."""


def locate(articles: Mapping[str, Article], ref: Mapping[str, Any], where: str,
           corpus: CorpusFields | None = None) -> Span:
    """The span of ``ref`` in its article (as newsweave ingests it).

    ``ref`` is ``{"article", "span"}`` (offsets into the raw corpus record, whose text
    ``corpus`` gives) or ``{"article", "text", "occurrence"?}``. The text is found by
    :func:`~newsweave.evaluation.gold_refs.find_passage` (exactly, then with quote
    characters folded, as ingestion turns a backtick into a curly quote, then (40+
    characters) without its last four); a text found only in the title gets the span
    ``(article id + TITLE, start, end)`` in the title.
    """
    if "span" in ref:
        if corpus is None:
            raise EvaluationDataError(
                f"{where}: a span reference needs the corpus text: pass "
                "corpus=CorpusFields.read(<the corpus JSONL>)")
        ref = corpus.with_text(ref, where)
    aid, needle = str(ref["article"]), str(ref["text"])
    if aid not in articles:
        raise EvaluationDataError(f"{where}: article {aid!r} is not in the corpus")
    occurrence = int(ref.get("occurrence") or 0)
    article = articles[aid]
    found = find_passage([article.text, article.title or ""], needle, occurrence)
    if found is not None:
        return (aid if found[0] == 0 else aid + TITLE), found[1], found[2]
    raise EvaluationDataError(
        f"{where}: text {needle[:60]!r} (occurrence {occurrence}) is not in article {aid}; "
        "copy the exact characters of the article's text field")


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise EvaluationDataError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return out


def _problem(problems: list[str] | None, message: str) -> None:
    if problems is None:
        raise EvaluationDataError(message)
    problems.append(message)


def load_labels(path: Path, articles: Mapping[str, Article],
                problems: list[str] | None = None,
                corpus: CorpusFields | None = None) -> list[Label]:
    """The judged pairs of one ``labels-*.jsonl`` file, located in ``articles``.

    A record that cannot be located or lacks a field is skipped and described in
    ``problems`` (file, line and reason); without ``problems`` it raises
    :class:`EvaluationDataError`. ``corpus`` resolves span references (:func:`locate`).
    """
    out = []
    for n, row in _lines(path):
        where = f"{path.name}:{n}"
        try:
            out.append(Label(str(row["story"]), str(row["kind"]),
                             locate(articles, row["a"], where, corpus),
                             locate(articles, row["b"], where, corpus),
                             row.get("label") or None, row.get("reason"), row.get("should_be"),
                             n, str(row.get("note") or "")))
        except (KeyError, TypeError, EvaluationDataError) as exc:
            why = str(exc) if isinstance(exc, EvaluationDataError) else f"missing field {exc}"
            _problem(problems, why if why.startswith(where) else f"{where}: {why}")
    return out


def load_recall(path: Path, articles: Mapping[str, Article],
                problems: list[str] | None = None,
                corpus: CorpusFields | None = None) -> dict[str, list[GoldDiscrepancy]]:
    """Story -> its gold conflicts, updates and misquotes, from one ``recall-*.jsonl`` file
    (items that cannot be located go to ``problems`` as in :func:`load_labels`)."""
    out: dict[str, list[GoldDiscrepancy]] = {}
    for n, row in _lines(path):
        where = f"{path.name}:{n}"
        story = str(row.get("story"))
        items = out.setdefault(story, [])
        for k, c in enumerate(row.get("conflicts", [])):
            if c.get("kind") not in DIFFER:
                continue
            group = str(c.get("group") or f"{c.get('referent', '')}/{c.get('attribute', k)}")
            try:
                items.append(GoldDiscrepancy(
                    story, str(c["kind"]), locate(articles, c["a"], f"{where} #{k}", corpus),
                    locate(articles, c["b"], f"{where} #{k}", corpus), group,
                    (str(c["a"].get("value", "")), str(c["b"].get("value", "")))))
            except (KeyError, TypeError, EvaluationDataError) as exc:
                _problem(problems, str(exc) if isinstance(exc, EvaluationDataError)
                         else f"{where} #{k}: missing field {exc}")
    return out


def story_labels(corpus: Path) -> dict[str, str]:
    """Article id -> gold story of an ECB+-style JSONL corpus (records with ``story``)."""
    out: dict[str, str] = {}
    for n, row in _lines(corpus):
        if "id" in row and "story" in row:
            out[str(row["id"])] = str(row["story"])
        elif n == 1:
            raise EvaluationDataError(f"{corpus}: records need 'id' and 'story' fields")
    return out


def _overlap(x: Span, y: Span) -> int:
    """Characters ``x`` and ``y`` share (0 in different articles)."""
    return max(0, min(x[2], y[2]) - max(x[1], y[1])) if x[0] == y[0] else 0


def _share(x: Span, y: Span) -> float:
    """The overlap of ``x`` and ``y`` as a share of the longer of the two."""
    longer = max(x[2] - x[1], y[2] - y[1])
    return _overlap(x, y) / longer if longer > 0 else 0.0


def verdict(label: Label, kind: str) -> bool | None:
    """Whether ``label`` says a pair reported as ``kind`` is right (None: no usable label).

    A label of another differ kind still judges the pair: a conflict labelled
    ``wrong, should_be: update`` is a right update, a right conflict is a wrong
    update (and the reverse), and a conflict wrong for its referent, attribute, a
    fragment or equal values is wrong as any differ kind. A pair labelled right as
    consensus is a wrong conflict, and a right conflict a wrong consensus; a wrong
    label of one side says nothing of the other.
    """
    if label.label not in {"right", "wrong"}:
        return None
    if label.kind == kind:
        return label.label == "right"
    if label.label == "wrong" and label.should_be == kind:
        return True
    if label.label == "right" and "consensus" in {label.kind, kind}:
        return False  # one pair cannot state the same thing and differ
    if {label.kind, kind} <= set(DIFFER):
        if label.label == "right":
            return False
        if label.reason in {"different_referent", "different_attribute", "fragment",
                            "same_article", "compatible_values", "parse_error"}:
            return False  # wrong whatever differ kind it is reported as
    return None


class LabelIndex:
    """The labels of one pass, found for system pairs by story, articles and overlap."""

    def __init__(self, labels: Iterable[Label]) -> None:
        self._by: dict[tuple[str, frozenset[str]], list[Label]] = {}
        for lb in labels:
            self._by.setdefault((lb.story, frozenset({lb.a[0], lb.b[0]})), []).append(lb)

    def find(self, story: str, kind: str, a: Span, b: Span) -> Label | None:
        """The label that judges a pair of ``kind`` with claims ``a`` and ``b``: each claim
        shares at least :data:`MIN_SHARE` of the longer of it and the label's claim (in
        either order); of several, one that gives a verdict for ``kind``, then the one that
        overlaps most."""
        best: tuple[bool, bool, float] | None = None
        found: Label | None = None
        for lb in self._by.get((story, frozenset({a[0], b[0]})), ()):
            straight = min(_share(a, lb.a), _share(b, lb.b))
            crossed = min(_share(a, lb.b), _share(b, lb.a))
            shared = max(straight, crossed)
            if shared < MIN_SHARE:
                continue
            rank = (verdict(lb, kind) is not None, lb.kind == kind, shared)
            if best is None or rank > best:
                best, found = rank, lb
        return found

    def labels(self) -> list[Label]:
        return [lb for items in self._by.values() for lb in items]


def _side_matches(claim: Span, value: str, gold: Span, gold_value: str) -> bool:
    """A system claim stands for a gold claim when it overlaps it, or when it is in the same
    article and its value's figures are those the gold value gives (the annotator lists one
    claim per article; another claim of that article stating the same value is as good)."""
    if _overlap(claim, gold) > 0:
        return True
    if claim[0] != gold[0]:
        return False
    ours = {round(n.value, 3) for n in find_numbers(value)}
    theirs = {round(n.value, 3) for n in find_numbers(gold_value)}
    return bool(ours) and ours <= theirs


def found_by(gold: GoldDiscrepancy, pairs: Sequence[Pair]) -> bool:
    """Whether a system pair of a differ kind stands for the gold pair (:func:`_side_matches`
    on both sides, in either order); conflicts and updates count for each other (the
    distinction is scored by precision), misquotes only for misquotes."""
    for p in pairs:
        if p.kind not in DIFFER or (p.kind == "misquote") != (gold.kind == "misquote"):
            continue
        a, b = p.spans
        va, vb = p.values
        ga, gb = gold.values
        if (_side_matches(a, va, gold.a, ga) and _side_matches(b, vb, gold.b, gb)) or (
                _side_matches(a, va, gold.b, gb) and _side_matches(b, vb, gold.a, ga)):
            return True
    return False


def same_discrepancy(x: GoldDiscrepancy, y: GoldDiscrepancy) -> bool:
    """Whether two recall-gold items name the same pair of claims (overlap, either order)."""
    return (_overlap(x.a, y.a) > 0 and _overlap(x.b, y.b) > 0) or (
        _overlap(x.a, y.b) > 0 and _overlap(x.b, y.a) > 0)
