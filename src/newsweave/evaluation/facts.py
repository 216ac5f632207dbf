"""Evaluate the fact comparison (consensus / single-source / conflicts) against gold.

Gold file (``demo/gold_facts.json``, ``tests/gold/seeds_facts.json``)::

    {"corpus": "corpus",              # inputs, relative to the gold file (read_inputs)
     "story_labels": "gold.json",     # optional: {"articles": {id: {"story": ...}},
                                      #   "conflicts": [...], "misquotes": [...]}
     "stories": {"<story>": {
         "articles": [ids],           # optional with story_labels
         "consensus": [{"note", "anchors": {article: [anchor, ...]}}],
         "conflicts": [{"topic", "anchors": {article: [anchor, ...]}}],
         "single_source": [{"article", "anchor"}] | "rest"}}}

A claim *matches* an anchor when it belongs to the anchor's article and its text
contains the anchor (case-folded, curly quotes folded, whitespace collapsed).
With ``story_labels``, that file's ``conflicts`` (``claims: [{article, text}]``)
and ``misquotes`` (``variants: [{article, text}]``) are gold conflicts too.
``"single_source": "rest"`` means every claim of the story matching no consensus
or conflict anchor is single-source (the consensus list is then exhaustive).

Scores (precision, recall, F1):

* **consensus facts** - a gold fact is found when one system consensus group
  holds claims matching its anchors in at least two articles; a system group is
  right when that holds for some gold fact.
* **conflicts** - the same, with system and gold conflicts.
* **consensus / single-source / conflict claims** - every claim newsweave splits
  gets a gold class (the first matching anchor: consensus, conflict, then
  single-source) and a system class; per-class precision and recall over the
  claims that have a gold class.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.claims import fold_quotes, split_claims
from newsweave.errors import EvaluationDataError
from newsweave.facts import FactComparison, FactParams, compare_facts
from newsweave.ingest import read_inputs
from newsweave.model import Article, Claim, Sentence, StoryInput
from newsweave.sentences import split_many

if TYPE_CHECKING:
    from spacy.language import Language

    from newsweave.embed import Embedder

__all__ = ["FactsEvaluation", "GoldStory", "Score", "evaluate_facts", "load_gold_facts"]

Anchors = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class GoldStory:
    """Gold facts of one story (see the module docstring)."""

    story: str
    articles: tuple[str, ...]
    consensus: tuple[Anchors, ...] | None  # None: not annotated, not scored
    conflicts: tuple[Anchors, ...]
    single_source: tuple[tuple[str, str], ...] | None  # None: "rest"
    conflict_claims: Anchors = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Score:
    """One precision/recall/F1 row."""

    dataset: str
    metric: str
    correct_predicted: int
    n_predicted: int
    found_gold: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.n_predicted if self.n_predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class FactsEvaluation:
    """Scores of one or more datasets; ``errors`` lists every disagreement with gold."""

    scores: tuple[Score, ...]
    errors: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def score(self, dataset: str, metric: str) -> Score:
        """The row of ``metric`` on ``dataset`` (``KeyError`` if absent)."""
        for s in self.scores:
            if s.dataset == dataset and s.metric == metric:
                return s
        raise KeyError((dataset, metric))

    def table(self) -> str:
        """A plain-text table: dataset, metric, P, R, F1, gold and predicted counts.

        A score with an empty denominator (no gold, no prediction) shows as ``-``.
        """
        head = f"{'dataset':<12} {'metric':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"
        lines = [head, "-" * len(head)]
        for s in self.scores:
            p = f"{s.precision:6.3f}" if s.n_predicted else f"{'-':>6}"
            r = f"{s.recall:6.3f}" if s.n_gold else f"{'-':>6}"
            f1 = f"{s.f1:6.3f}" if s.n_predicted or s.n_gold else f"{'-':>6}"
            lines.append(
                f"{s.dataset:<12} {s.metric:<22} {p} {r} {f1} {s.n_gold:5d} {s.n_predicted:5d}"
            )
        lines.append(f"({self.seconds:.1f} s)")
        return "\n".join(lines)


def _anchors(raw: Mapping[str, Any]) -> Anchors:
    return {str(k): tuple([v] if isinstance(v, str) else v) for k, v in raw.items()}


def load_gold_facts(path: Path) -> tuple[Path, list[GoldStory]]:
    """Read a gold facts file: the corpus path and the gold stories."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        labels: dict[str, Any] = {}
        if "story_labels" in data:
            labels = json.loads((path.parent / data["story_labels"]).read_text(encoding="utf-8"))
        members: dict[str, list[str]] = {}
        for aid, info in labels.get("articles", {}).items():
            members.setdefault(str(info["story"]), []).append(str(aid))
        extra: dict[str, list[Anchors]] = {}
        for c in labels.get("conflicts", []):
            extra.setdefault(c["story"], []).append(_claims_anchors(c["claims"]))
        for m in labels.get("misquotes", []):
            arts = {v["article"] for v in m["variants"]}
            story = next(labels["articles"][a]["story"] for a in arts)
            extra.setdefault(story, []).append(_claims_anchors(m["variants"]))
        stories = []
        for name, s in data["stories"].items():
            single = s.get("single_source", "rest")
            stories.append(
                GoldStory(
                    story=name,
                    articles=tuple(s.get("articles") or members[name]),
                    consensus=tuple(_anchors(f["anchors"]) for f in s["consensus"])
                    if "consensus" in s
                    else None,
                    conflicts=tuple(
                        [_anchors(f["anchors"]) for f in s.get("conflicts", [])]
                        + extra.get(name, [])
                    ),
                    single_source=None
                    if single == "rest"
                    else tuple((str(i["article"]), str(i["anchor"])) for i in single),
                    conflict_claims=_anchors(s.get("conflict_claims", {})),
                )
            )
        return (path.parent / data["corpus"]).resolve(), stories
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
        raise EvaluationDataError(
            f"cannot read gold facts from {path}: {exc!r}; see newsweave.evaluation.facts "
            "for the expected format"
        ) from exc


def _claims_anchors(items: Sequence[Mapping[str, str]]) -> Anchors:
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        out[item["article"]] = (*out.get(item["article"], ()), item["text"])
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", fold_quotes(text)).casefold().strip()


def _matches(claim: Claim, anchors: Anchors) -> bool:
    text = _norm(claim.text)
    return any(_norm(a) in text for a in anchors.get(claim.article_id, ()))


def _group_hits(claims: Sequence[Claim], gold: Anchors) -> bool:
    return len({c.article_id for c in claims if _matches(c, gold)}) >= 2


def evaluate_facts(
    data: Path | Sequence[Path],
    *,
    nlp: Language | None = None,
    embedder: Embedder | None = None,
    params: FactParams | None = None,
) -> FactsEvaluation:
    """Score :func:`newsweave.facts.compare_facts` on each gold file in ``data``.

    ``data`` is a gold facts JSON file or a folder holding ``gold_facts.json``
    (e.g. ``demo/``), or several of them. Models are loaded when not given.
    Raises :class:`EvaluationDataError` when gold or corpus is missing.
    """
    paths = [data] if isinstance(data, Path) else list(data)
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=False)
    if embedder is None:
        from newsweave.embed import load_embedder

        embedder = load_embedder()
    t0 = time.perf_counter()
    scores: list[Score] = []
    errors: list[str] = []
    for path in paths:
        gold_file = path / "gold_facts.json" if path.is_dir() else path
        corpus, stories = load_gold_facts(gold_file)
        if not corpus.exists():
            raise EvaluationDataError(f"corpus {corpus} named by {gold_file} does not exist")
        name = path.name if path.is_dir() else gold_file.stem
        s, e = _evaluate(name, corpus, stories, nlp, embedder, params or FactParams())
        scores += s
        errors += e
    return FactsEvaluation(tuple(scores), tuple(errors), time.perf_counter() - t0)


def _evaluate(
    name: str,
    corpus: Path,
    stories: Sequence[GoldStory],
    nlp: Language,
    embedder: Embedder,
    params: FactParams,
) -> tuple[list[Score], list[str]]:
    articles = {a.id: a for a in read_inputs([str(corpus)]).articles}
    wanted = [articles[a] for s in stories for a in s.articles if a in articles]
    missing = [a for s in stories for a in s.articles if a not in articles]
    if missing:
        raise EvaluationDataError(f"gold articles not in {corpus}: {', '.join(missing)}")
    sentences = dict(zip([a.id for a in wanted], split_many(wanted, nlp), strict=True))
    flat = [s for a in wanted for s in sentences[a.id]]
    vectors = embedder.encode([s.text for s in flat])
    embeddings, row = {}, 0
    for a in wanted:
        embeddings[a.id] = vectors[row : row + len(sentences[a.id])]
        row += len(sentences[a.id])
    tally = {m: [0, 0, 0, 0] for m in _METRICS}
    errors: list[str] = []
    for story in stories:
        group = [articles[a] for a in story.articles]
        result = compare_facts(StoryInput(tuple(group), sentences, embeddings), params=params)
        _score_story(story, group, sentences, result, tally, errors)
    return [Score(name, m, *tally[m]) for m in _METRICS], errors


_METRICS = ("consensus facts", "conflicts", "consensus claims", "single-source claims",
            "conflict claims")


def _score_story(
    story: GoldStory,
    group: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    result: FactComparison,
    tally: dict[str, list[int]],
    errors: list[str],
) -> None:
    checks = [("conflicts", [c.claims for c in result.conflicts], story.conflicts)]
    if story.consensus is not None:
        checks.append(("consensus facts", [g.claims for g in result.consensus], story.consensus))
    for metric, system, gold in checks:
        t = tally[metric]
        for told in system:
            ok = any(_group_hits(told, g) for g in gold)
            t[0] += ok
            if not ok:
                errors.append(f"{story.story}: wrong {metric}: " + " | ".join(
                    f"[{c.article_id}] {c.text}" for c in told))
        t[1] += len(system)
        for g in gold:
            ok = any(_group_hits(told, g) for told in system)
            t[2] += ok
            if not ok:
                errors.append(f"{story.story}: missed {metric}: {dict(g)}")
        t[3] += len(gold)
    claims = [c for a in group for c in split_claims(a, sentences[a.id])]
    for gold_set in (*(story.consensus or ()), *story.conflicts, story.conflict_claims):
        for aid, anchors in gold_set.items():
            for anchor in anchors:
                if not any(c.article_id == aid and _norm(anchor) in _norm(c.text) for c in claims):
                    errors.append(f"{story.story}: anchor matches no claim: [{aid}] {anchor}")
    predicted: dict[tuple[str, int], str] = {}
    for fact in result.consensus:
        predicted.update({(c.article_id, c.start): "consensus" for c in fact.claims})
    for x in result.conflicts:
        predicted.update({(c.article_id, c.start): "conflict" for c in x.claims})
    for claim in claims:
        truth = _gold_class(story, claim)
        if truth is None:
            continue  # not annotated
        guess = predicted.get((claim.article_id, claim.start), "single-source")
        for cls in ("consensus", "single-source", "conflict"):
            t = tally[f"{cls} claims"]
            t[0] += guess == cls and truth == cls
            t[1] += guess == cls
            t[2] += guess == cls and truth == cls
            t[3] += truth == cls
        if truth != guess:
            errors.append(f"{story.story}: claim gold {truth}, system {guess}: "
                          f"[{claim.article_id}] {claim.text}")


def _gold_class(story: GoldStory, claim: Claim) -> str | None:
    if any(_matches(claim, g) for g in story.consensus or ()):
        return "consensus"
    if any(_matches(claim, g) for g in (*story.conflicts, story.conflict_claims)):
        return "conflict"
    if story.single_source is None:
        return "single-source"
    if any(
        a == claim.article_id and _norm(anchor) in _norm(claim.text)
        for a, anchor in story.single_source
    ):
        return "single-source"
    return None
