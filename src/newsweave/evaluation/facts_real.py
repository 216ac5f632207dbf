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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts_gold import (
    DIFFER,
    GoldDiscrepancy,
    Label,
    LabelIndex,
    Pair,
    facts_sample,
    found_by,
    load_labels,
    load_recall,
    same_discrepancy,
    split_of,
    story_labels,
    verdict,
)
from newsweave.evaluation.gold_refs import CorpusFields, occurrence_before
from newsweave.facts import FactComparison
from newsweave.model import Article

__all__ = [
    "Judged",
    "RealFactsEvaluation",
    "calibrate",
    "cohen_kappa",
    "evaluate_real_facts",
    "judge",
    "of_record",
    "pair_record",
    "run_system",
    "score",
    "second_pass_rows",
    "system_pairs",
    "wilson",
    "write_unlabelled",
]

Row = tuple[str, str, str]
RECORD = "adjudicated"
"""The labels of record are the files whose pass name holds this word
(``labels-adjudicated.jsonl``: pass A of sample v1 with the A/B disagreements
adjudicated; ``labels-v2-adjudicated.jsonl`` for sample v2) or ends in
:data:`SINGLE`, together; without any, the first pass alphabetically."""
SECOND = "-B"
"""Suffix of a later second pass (``labels-unseen-B.jsonl``): not of record; its
agreement with the labels of record is reported (:func:`second_pass_rows`)."""
SINGLE = "single"
"""Suffix of a single-pass labels file of record (``labels-v2-dev-single.jsonl``: a sample
labelled once, no second pass yet): scored with the adjudicated labels, and its name
is in every precision row, so a reader sees that part of the gold is single-pass."""


def of_record(name: str) -> bool:
    """Whether the labels pass ``name`` (``labels-<name>.jsonl``) is of record."""
    return RECORD in name or name.endswith(SINGLE)


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
class Judged:
    """A reported pair with the label that judges it (``None``: unlabelled) and whether
    that label says it is right (``None``: no usable verdict, i.e. unlabelled)."""

    pair: Pair
    label: Label | None
    right: bool | None


def judge(pairs: Iterable[Pair], labels: Iterable[Label]) -> list[Judged]:
    """Each pair with its label and verdict (:meth:`LabelIndex.find`, :func:`verdict`)."""
    index = LabelIndex(labels)
    out = []
    for p in pairs:
        a, b = p.spans
        label = index.find(p.story, p.kind, a, b)
        out.append(Judged(p, label, verdict(label, p.kind) if label else None))
    return out


def cohen_kappa(x: Sequence[str], y: Sequence[str]) -> float:
    """Cohen's kappa of two label sequences of equal length (1.0 when both are constant
    and equal)."""
    n = len(x)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in zip(x, y, strict=True)) / n
    cats = set(x) | set(y)
    expected = sum((x.count(c) / n) * (y.count(c) / n) for c in cats)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


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


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "-"


def wilson(num: int, den: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``num / den`` (95% for ``z = 1.96``):
    honest at small ``den`` and at 0 or 1, where the normal interval collapses."""
    if den == 0:
        return 0.0, 1.0
    p = num / den
    centre = (p + z * z / (2 * den)) / (1 + z * z / den)
    half = z * ((p * (1 - p) / den + z * z / (4 * den * den)) ** 0.5) / (1 + z * z / den)
    return max(0.0, centre - half), min(1.0, centre + half)


def _interval(num: int, den: int) -> str:
    low, high = wilson(num, den)
    return f"95% CI {low:.2f}-{high:.2f}" if den else "no items"


def precision_rows(judged: Sequence[Judged], name: str) -> list[Row]:
    """Precision of the differ kinds together and one by one, and of consensus."""
    rows: list[Row] = []
    for title, kinds in (("differ", DIFFER), *((k, (k,)) for k in DIFFER),
                         ("consensus", ("consensus",))):
        mine = [j for j in judged if j.pair.kind in kinds]
        if not mine and title in DIFFER:
            continue
        done = [j for j in mine if j.right is not None]
        right = sum(bool(j.right) for j in done)
        rows.append((f"{name} {title} precision", _ratio(right, len(done)),
                     f"{right}/{len(done)} labelled right ({_interval(right, len(done))}); "
                     f"{len(mine) - len(done)} of {len(mine)} reported unlabelled"))
    return rows


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
        rows.append((f"{name} {title} recall (pairs)", _ratio(found, total),
                     f"{found}/{total} in {stories} stories ({_interval(found, total)})"))
        rows.append((f"{name} {title} recall (groups)", _ratio(sum(groups.values()), len(groups)),
                     f"{sum(groups.values())}/{len(groups)} discrepancies"))
    return rows, misses


def agreement_rows(labels: Mapping[str, Sequence[Label]],
                   recall: Mapping[str, Mapping[str, Sequence[GoldDiscrepancy]]]) -> list[Row]:
    """Label agreement and kappa between the first two passes on the pairs both labelled,
    and F1 between their recall lists on the stories both annotated."""
    rows: list[Row] = []
    passes = sorted(labels)
    if len(passes) >= 2:
        a, b = ({lb.key: lb.label for lb in labels[p] if lb.label} for p in passes[:2])
        common = sorted(set(a) & set(b), key=str)
        xs, ys = [a[k] or "" for k in common], [b[k] or "" for k in common]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True))
        rows.append((f"label agreement {passes[0]}/{passes[1]}", _ratio(agree, len(common)),
                     f"{agree}/{len(common)} pairs"))
        rows.append(("label kappa", f"{cohen_kappa(xs, ys):.3f}" if common else "-", ""))
    rpasses = sorted(recall)
    if len(rpasses) >= 2:
        ga, gb = recall[rpasses[0]], recall[rpasses[1]]
        stories = sorted(set(ga) & set(gb))
        tp_a = tp_b = n_a = n_b = 0
        for s in stories:
            n_a += len(ga[s])
            n_b += len(gb[s])
            tp_a += sum(any(same_discrepancy(x, y) for y in gb[s]) for x in ga[s])
            tp_b += sum(any(same_discrepancy(x, y) for x in ga[s]) for y in gb[s])
        p = tp_b / n_b if n_b else 0.0
        r = tp_a / n_a if n_a else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((f"recall gold F1 {rpasses[0]}/{rpasses[1]}", f"{f1:.3f}",
                     f"{len(stories)} stories, {n_a} / {n_b} pairs"))
    return rows


def second_pass_rows(record: Sequence[Label], passes: Mapping[str, Sequence[Label]]
                     ) -> list[Row]:
    """Agreement of each later second pass (``labels-<name>-B.jsonl``: an independent
    relabelling of pairs whose first labels are of record) with the first labels, on the
    pairs both judge: label agreement with counts and Cohen's kappa."""
    first = {lb.key: lb.label for lb in record if lb.label}
    rows: list[Row] = []
    for name, items in sorted(passes.items()):
        second = {lb.key: lb.label for lb in items if lb.label}
        common = sorted(set(first) & set(second), key=str)
        xs, ys = [first[k] or "" for k in common], [second[k] or "" for k in common]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True))
        rows.append((f"label agreement first pass/{name}", _ratio(agree, len(common)),
                     f"{agree}/{len(common)} pairs"))
        rows.append((f"label kappa first pass/{name}",
                     f"{cohen_kappa(xs, ys):.3f}" if common else "-", ""))
    return rows


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


def calibrate(judged: Sequence[Judged], kinds: Sequence[str], target: float = 0.9,
              grid: Sequence[float] = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
              ) -> tuple[float, list[Row]]:
    """A ``min_confidence`` for pairs of ``kinds``, chosen by leave-one-story-out
    cross-validation over the labelled pairs: in each fold, the lowest threshold of
    ``grid`` whose precision on the other stories reaches ``target`` (else the most
    precise one); the held-out stories are scored with it. Returns the threshold chosen
    on all stories and rows: the pooled held-out precision and how many pairs it keeps."""
    items = [(j.pair.story, j.pair.confidence, bool(j.right)) for j in judged
             if j.pair.kind in kinds and j.right is not None]

    def choose(train: Sequence[tuple[str, float, bool]]) -> float:
        best, best_precision = grid[0], -1.0
        for t in grid:
            kept = [r for _, c, r in train if c >= t]
            precision = sum(kept) / len(kept) if kept else 0.0
            if kept and precision >= target:
                return t
            if precision > best_precision:
                best, best_precision = t, precision
        return best

    right = kept = 0
    chosen: list[float] = []
    for story in sorted({s for s, _, _ in items}):
        t = choose([x for x in items if x[0] != story])
        chosen.append(t)
        held = [r for s, c, r in items if s == story and c >= t]
        kept += len(held)
        right += sum(held)
    final = choose(items)
    name = "/".join(kinds) if len(kinds) < 3 else "differ"
    return final, [
        (f"{name} min_confidence (all dev stories)", f"{final:.2f}",
         f"folds chose {min(chosen, default=final):.2f}-{max(chosen, default=final):.2f}"),
        (f"{name} held-out precision (leave one story out)", _ratio(right, kept),
         f"{right}/{kept} kept of {len(items)} labelled")]
