"""Fact comparison on real news: precision on labelled pairs and recall on ECB+ (issue 13).

The gold (docs/gold-facts.md, read by :mod:`newsweave.evaluation.facts_gold`) is a
folder holding ``labels-<pass>.jsonl`` (system pairs judged right or wrong) and
``recall-<pass>.jsonl`` (every conflict, update and misquote of a story).

:func:`evaluate_real_facts` runs :func:`newsweave.facts.compare_facts` on the
facts sample and :func:`score` scores what the *current* system outputs:

* **precision** per kind (the "where sources differ" kinds together and one by
  one, and consensus): each reported pair is matched to the label whose claims it
  overlaps (:class:`~newsweave.evaluation.facts_gold.LabelIndex`); a pair no label
  judges is **unlabelled**: counted apart and listed
  (:attr:`RealFactsEvaluation.unlabelled`), never counted right or wrong, so a
  precision is final only when that count is 0;
* **recall** of conflicts+updates (and misquotes) on the recall stories, by pair
  and by discrepancy group;
* **agreement** between passes (label agreement, Cohen's kappa, F1 of the recall
  lists).

Rows are given per split (``dev``; ``unseen``: ECB+ topics divisible by 3, never
tuned on) and over both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts_gold import (
    GoldDiscrepancy,
    Label,
    Pair,
    facts_sample,
    found_by,
    load_labels,
    load_recall,
    split_of,
    story_labels,
)
from newsweave.evaluation.facts_stats import (
    RECORD,
    SECOND,
    SINGLE,
    Judged,
    Row,
    agreement_rows,
    calibrate,
    cohen_kappa,
    interval,
    judge,
    of_record,
    precision_rows,
    ratio,
    second_pass_rows,
    wilson,
)
from newsweave.evaluation.gold_refs import CorpusFields, occurrence_before
from newsweave.facts import FactComparison
from newsweave.model import Article

# Statistics, judging and calibration live in facts_stats (split for size); every public
# name of it is re-exported here so old imports keep working (tests/test_reexports.py).
__all__ = [
    "RECORD",
    "SECOND",
    "SINGLE",
    "Judged",
    "RealFactsEvaluation",
    "Row",
    "agreement_rows",
    "calibrate",
    "cohen_kappa",
    "evaluate_real_facts",
    "interval",
    "judge",
    "of_record",
    "pair_record",
    "precision_rows",
    "ratio",
    "recall_rows",
    "run_system",
    "score",
    "second_pass_rows",
    "system_pairs",
    "wilson",
    "write_unlabelled",
]


def system_pairs(story: str, result: FactComparison) -> list[Pair]:
    """The pairs a comparison reports, in report order: conflicts (quoted-words ones as
    misquotes), updates (old, new), then each consensus group as pairs of its first
    telling with each other claim."""
    out: list[Pair] = []
    for c in result.conflicts:
        kind = "misquote" if c.topic == "quoted words" else "conflict"
        values = (c.values[0], c.values[1]) if len(c.values) == 2 else ("", "")
        out.append(Pair(story, kind, c.claims[0], c.claims[1], c.confidence, values, c.topic))
    for u in result.updates:
        out.append(Pair(story, "update", u.old, u.new, u.confidence, (u.old_value, u.new_value),
                        u.topic))
    for g in result.consensus:
        head = g.claims[0]
        out += [Pair(story, "consensus", head, c, g.confidence) for c in g.claims[1:]]
    return out


def pair_record(pair: Pair, articles: Mapping[str, Article], corpus: CorpusFields | None,
                **extra: Any) -> dict[str, Any]:
    """``pair`` in the labels format of docs/gold-facts.md, label fields empty (for
    labelling). With ``corpus`` (the raw records of the corpus) a claim is a span
    reference into its record, as gold files in the repository must be; without it,
    its text and occurrence in the ingested article (a working copy)."""
    def ref(claim: Any) -> dict[str, Any]:
        text = articles[claim.article_id].text
        out = {"article": claim.article_id, "text": claim.text,
               "occurrence": occurrence_before(text, claim.start, claim.text)}
        return out if corpus is None else corpus.with_spans(out, claim.article_id)

    return {"story": pair.story, "kind": pair.kind, "a": ref(pair.a), "b": ref(pair.b),
            # A misquote's values are the two quotes: not kept (gold holds no corpus text).
            "values": [v if len(v) <= 40 else "" for v in pair.values],
            "confidence": round(pair.confidence, 3),
            "label": None, "reason": None, "should_be": None, "note": "", **extra}


@dataclass(frozen=True, slots=True)
class RealFactsEvaluation:
    """Rows of (name, value, note) with the table printer.

    ``unlabelled``: reported pairs no label judges (they need labels before the
    precision is final); ``misses``: gold discrepancies no reported pair found;
    ``problems``: gold records that could not be read or located (file:line, reason).
    """

    rows: tuple[Row, ...]
    unlabelled: tuple[Pair, ...] = ()
    misses: tuple[str, ...] = field(default=())
    problems: tuple[str, ...] = field(default=())

    def table(self) -> str:
        width = max((len(r[0]) for r in self.rows), default=10)
        lines = [f"{'metric':<{width}}  {'value':>7}  note", "-" * (width + 50)]
        lines += [f"{name:<{width}}  {value:>7}  {note}" for name, value, note in self.rows]
        if self.unlabelled:
            lines.append(f"{len(self.unlabelled)} reported pairs carry no label: they are not "
                         "counted right or wrong, and the precision is final only when they "
                         "are labelled (--unlabelled FILE lists them).")
        return "\n".join(lines)


def recall_rows(pairs: Mapping[str, Sequence[Pair]],
                gold: Mapping[str, Sequence[GoldDiscrepancy]], name: str
                ) -> tuple[list[Row], list[str]]:
    """Recall of conflicts+updates (a pair of either kind finds a gold pair of either) by
    pair and by discrepancy group, and of misquotes, over ``gold``'s stories."""
    rows: list[Row] = []
    misses: list[str] = []
    for title, kinds in (("conflict+update", ("conflict", "update")), ("misquote", ("misquote",))):
        found = total = 0
        groups: dict[tuple[str, str], bool] = {}
        for story, items in gold.items():
            for g in items:
                if g.kind not in kinds:
                    continue
                hit = found_by(g, pairs.get(story, ()))
                found += hit
                total += 1
                groups[(story, g.group)] = groups.get((story, g.group), False) or hit
                if not hit:
                    misses.append(f"{story} {g.kind} {g.group}: {g.values[0]} vs {g.values[1]} "
                                  f"({g.a[0]}:{g.a[1]} / {g.b[0]}:{g.b[1]})")
        if not total:
            continue
        stories = sum(1 for items in gold.values() if any(g.kind in kinds for g in items))
        rows.append((f"{name} {title} recall (pairs)", ratio(found, total),
                     f"{found}/{total} in {stories} stories ({interval(found, total)})"))
        rows.append((f"{name} {title} recall (groups)", ratio(sum(groups.values()), len(groups)),
                     f"{sum(groups.values())}/{len(groups)} discrepancies"))
    return rows, misses


def score(pairs: Mapping[str, Sequence[Pair]], labels: Mapping[str, Sequence[Label]],
          recall: Mapping[str, Mapping[str, Sequence[GoldDiscrepancy]]],
          split: str = "all") -> RealFactsEvaluation:
    """Score the reported ``pairs`` (story -> pairs) against the gold passes.

    Rows per split (``dev`` and ``unseen`` apart, then ``all``; only ``split`` when it
    is ``dev`` or ``unseen``). Precision is scored on the labels of record
    (:data:`RECORD`); unlabelled pairs are those no label of record judges. Agreement
    is between the other passes (A and B).
    """
    scopes = ("dev", "unseen", "all") if split == "all" else (split,)
    rows: list[Row] = []
    names = sorted(n for n in labels if of_record(n)) or sorted(labels)[:1]
    record = "+".join(names) if names else None
    record_labels = [lb for n in names for lb in labels[n]]
    unlabelled: list[Pair] = []
    misses: list[str] = []
    for scope in scopes:
        stories = [s for s in pairs if scope in {"all", split_of(s)}]
        flat = [p for s in stories for p in pairs[s]]
        rows.append((f"{scope}: stories", str(len(stories)),
                     f"{len(flat)} reported pairs"))
        if record is not None:
            judged = judge(flat, record_labels)
            rows += precision_rows(judged, f"{scope} {record}")
            if scope == scopes[-1]:
                unlabelled = [j.pair for j in judged if j.right is None]
        for name, gold in sorted(recall.items()):
            scoped = {s: g for s, g in gold.items() if s in set(stories)}
            got, missed = recall_rows(pairs, scoped, f"{scope} {name}")
            rows += got
            if scope == scopes[-1]:
                misses += missed
    rows += agreement_rows({k: v for k, v in labels.items() if not of_record(k)}, recall)
    rows += second_pass_rows(record_labels, {k: v for k, v in labels.items()
                                             if k.endswith(SECOND) and k != "B"})
    return RealFactsEvaluation(tuple(rows), tuple(unlabelled), tuple(misses))


def run_system(articles: Sequence[Article], stories: Sequence[str], story_of: Mapping[str, str],
               *, models: Any, params: Any = None) -> dict[str, list[Pair]]:
    """Story -> the pairs :func:`newsweave.facts.compare_facts` reports (``models`` has
    ``splitter``, ``embedder`` and ``parser``, as :class:`newsweave.nlp.Models`)."""
    from newsweave.facts import FactParams, compare_facts
    from newsweave.model import StoryInput
    from newsweave.sentences import split_many

    wanted = set(stories)
    members = [a for a in articles if story_of.get(a.id) in wanted]
    sentences = dict(zip([a.id for a in members], split_many(members, models.splitter),
                         strict=True))
    vectors = models.embedder.encode([s.text for a in members for s in sentences[a.id]])
    embeddings, row = {}, 0
    for a in members:
        embeddings[a.id] = vectors[row : row + len(sentences[a.id])]
        row += len(sentences[a.id])
    out: dict[str, list[Pair]] = {}
    for story in stories:
        group = [a for a in members if story_of[a.id] == story]
        result = compare_facts(StoryInput(tuple(group), sentences, embeddings),
                               params=params or FactParams(), nlp=models.parser)
        out[story] = system_pairs(story, result)
    return out


def evaluate_real_facts(gold_dir: Path, corpus: Path, *, models: Any, split: str = "all",
                        params: Any = None) -> RealFactsEvaluation:
    """Run the comparison on the facts sample of ``corpus`` (stories of ``split``) and
    :func:`score` it against the gold in ``gold_dir`` (module doc)."""
    from newsweave.ingest import read_inputs

    if not corpus.exists():
        raise EvaluationDataError(f"corpus {corpus} does not exist: pass the ECB+ JSONL file")
    label_files = sorted(gold_dir.glob("labels-*.jsonl"))
    recall_files = sorted(gold_dir.glob("recall-*.jsonl"))
    if not label_files and not recall_files:
        raise EvaluationDataError(
            f"{gold_dir} holds no labels-*.jsonl or recall-*.jsonl: see docs/gold-facts.md")
    articles = list(read_inputs([str(corpus)]).articles)
    by_id = {a.id: a for a in articles}
    story_of = story_labels(corpus)
    sample = [s for s in facts_sample(articles, story_of) if split in {"all", split_of(s)}]
    fields = CorpusFields.read(corpus)
    problems: list[str] = []
    labels = {f.stem.split("-", 1)[1]: load_labels(f, by_id, problems, fields)
              for f in label_files}
    recall = {f.stem.split("-", 1)[1]: load_recall(f, by_id, problems, fields)
              for f in recall_files}
    pairs = run_system(articles, sample, story_of, models=models, params=params)
    result = score(pairs, labels, recall, split)
    rows = result.rows
    if problems:
        rows += (("gold records skipped", str(len(problems)), problems[0][:70]),)
    return RealFactsEvaluation(rows, result.unlabelled, result.misses, tuple(problems))


def write_unlabelled(result: RealFactsEvaluation, corpus: Path, out: Path) -> int:
    """Write ``result.unlabelled`` to ``out`` in the labels format (:func:`pair_record`);
    returns how many."""
    from newsweave.ingest import read_inputs

    wanted = {c.article_id for p in result.unlabelled for c in (p.a, p.b)}
    by_id = {a.id: a for a in read_inputs([str(corpus)]).articles if a.id in wanted}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for p in result.unlabelled:
            f.write(json.dumps(pair_record(p, by_id, CorpusFields.read(corpus)),
                               ensure_ascii=False) + "\n")
    return len(result.unlabelled)
