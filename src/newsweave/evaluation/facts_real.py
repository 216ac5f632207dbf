"""Fact comparison on real news: labelled system pairs and recall gold on ECB+ (issue 13).

The gold follows docs/gold-facts.md and lives in a folder (``gold/ecbplus-facts/``):

* ``labels-<pass>.jsonl``: system pairs judged right or wrong, one object per line,
  ``{"story", "kind", "a": {"article", "text", "occurrence"}, "b": {...}, "label",
  "reason", "should_be", "note"}``; ``kind`` is ``conflict``, ``update``,
  ``misquote`` or ``consensus``; an empty ``label`` is not judged yet;
* ``recall-<pass>.jsonl``: per story, every conflict and update between its
  articles (``{"story", "split", "articles", "conflicts": [{"kind", "a": {"article",
  "text", "value"}, "b": {...}, "group"?}]}``).

Claims are located by their exact text and occurrence index in the article's
``text`` as newsweave ingests it (:func:`locate`), never by stored offsets.

:func:`evaluate_real_facts` runs :func:`newsweave.facts.compare_facts` on the
facts sample (:func:`facts_sample`) and reports, per kind, the precision over the
system's current pairs that carry a label (and how many carry none: those must be
labelled before a number is final), conflict+update recall on the recall
stories (by pair and by discrepancy group), and the agreement between passes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.facts import FactComparison
from newsweave.facts.numbers import find_numbers
from newsweave.model import Article, Claim

__all__ = [
    "Label",
    "Pair",
    "RealFactsEvaluation",
    "cohen_kappa",
    "facts_sample",
    "load_labels",
    "load_recall",
    "locate",
    "system_pairs",
]

Span = tuple[str, int, int]  # article id, start, end


@dataclass(frozen=True, slots=True)
class Pair:
    """One reported pair: ``kind`` (conflict, update, misquote, consensus), two claims in
    report order, the system's confidence."""

    story: str
    kind: str
    a: Claim
    b: Claim
    confidence: float
    values: tuple[str, str] = ("", "")

    @property
    def key(self) -> frozenset[Span]:
        return frozenset({(self.a.article_id, self.a.start, self.a.end),
                          (self.b.article_id, self.b.start, self.b.end)})


@dataclass(frozen=True, slots=True)
class Label:
    """A judged pair of the gold, located in the articles."""

    story: str
    kind: str
    a: Span
    b: Span
    label: str | None
    reason: str | None = None
    should_be: str | None = None

    @property
    def key(self) -> frozenset[Span]:
        return frozenset({self.a, self.b})


@dataclass(frozen=True, slots=True)
class GoldDiscrepancy:
    """One conflict or update of the recall gold."""

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
    digits = "".join(ch for ch in story if ch.isdigit())
    return "unseen" if digits and int(digits) % 3 == 0 else "dev"


def system_pairs(story: str, result: FactComparison) -> list[Pair]:
    """The pairs a comparison reports, in report order: conflicts (quoted-words ones as
    misquotes), updates (old, new), then each consensus group as pairs of its first
    telling with each other claim."""
    out: list[Pair] = []
    for c in result.conflicts:
        kind = "misquote" if c.topic == "quoted words" else "conflict"
        values = (c.values[0], c.values[1]) if len(c.values) == 2 else ("", "")
        out.append(Pair(story, kind, c.claims[0], c.claims[1], c.confidence, values))
    for u in result.updates:
        out.append(Pair(story, "update", u.old, u.new, u.confidence, (u.old_value, u.new_value)))
    for g in result.consensus:
        head = g.claims[0]
        out += [Pair(story, "consensus", head, c, g.confidence) for c in g.claims[1:]]
    return out


def occurrence(text: str, start: int, needle: str) -> int:
    """How many times ``needle`` occurs in ``text`` before ``start``."""
    n, pos = 0, text.find(needle)
    while 0 <= pos < start:
        n += 1
        pos = text.find(needle, pos + 1)
    return n


def locate(articles: Mapping[str, Article], ref: Mapping[str, Any], where: str) -> Span:
    """The span of ``ref`` (``article``, ``text``, optional ``occurrence``) in its article."""
    aid, needle = str(ref["article"]), str(ref["text"])
    if aid not in articles:
        raise EvaluationDataError(f"{where}: article {aid!r} is not in the corpus")
    text = articles[aid].text
    pos = text.find(needle)
    for _ in range(int(ref.get("occurrence") or 0)):
        if pos < 0:
            break
        pos = text.find(needle, pos + 1)
    if pos < 0 or not needle:
        raise EvaluationDataError(
            f"{where}: text {needle[:60]!r} (occurrence {ref.get('occurrence', 0)}) is not in "
            f"article {aid}; copy the exact characters of the article's text field")
    return aid, pos, pos + len(needle)


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise EvaluationDataError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return out


def load_labels(path: Path, articles: Mapping[str, Article],
                problems: list[str] | None = None) -> list[Label]:
    """The judged pairs of one ``labels-*.jsonl`` file, located in ``articles``.

    A record that cannot be located or lacks a field is skipped and described in
    ``problems`` (file, line and reason); without ``problems`` it raises
    :class:`EvaluationDataError`.
    """
    out = []
    for n, row in _lines(path):
        where = f"{path.name}:{n}"
        try:
            out.append(Label(str(row["story"]), str(row["kind"]),
                             locate(articles, row["a"], where), locate(articles, row["b"], where),
                             row.get("label") or None, row.get("reason"), row.get("should_be")))
        except (KeyError, TypeError, EvaluationDataError) as exc:
            why = str(exc) if isinstance(exc, EvaluationDataError) else f"missing field {exc}"
            _problem(problems, why if why.startswith(where) else f"{where}: {why}")
    return out


def _problem(problems: list[str] | None, message: str) -> None:
    if problems is None:
        raise EvaluationDataError(message)
    problems.append(message)


def load_recall(path: Path, articles: Mapping[str, Article],
                problems: list[str] | None = None) -> dict[str, list[GoldDiscrepancy]]:
    """Story -> its gold conflicts and updates, from one ``recall-*.jsonl`` file (items that
    cannot be located go to ``problems`` as in :func:`load_labels`)."""
    out: dict[str, list[GoldDiscrepancy]] = {}
    for n, row in _lines(path):
        where = f"{path.name}:{n}"
        story = str(row.get("story"))
        items = out.setdefault(story, [])
        for k, c in enumerate(row.get("conflicts", [])):
            if c.get("kind") not in {"conflict", "update"}:
                continue  # misquotes are the quotes stage's
            group = str(c.get("group") or f"{c.get('referent', '')}/{c.get('attribute', k)}")
            try:
                items.append(GoldDiscrepancy(
                    story, str(c["kind"]), locate(articles, c["a"], f"{where} #{k}"),
                    locate(articles, c["b"], f"{where} #{k}"), group,
                    (str(c["a"].get("value", "")), str(c["b"].get("value", "")))))
            except (KeyError, TypeError, EvaluationDataError) as exc:
                _problem(problems, str(exc) if isinstance(exc, EvaluationDataError)
                         else f"{where} #{k}: missing field {exc}")
    return out


def _overlap(x: Span, y: Span) -> bool:
    return x[0] == y[0] and x[1] < y[2] and y[1] < x[2]


def _side_matches(claim: Span, value: str, gold: Span, gold_value: str) -> bool:
    """A system claim stands for a gold claim when it overlaps it, or when it is in the same
    article and its value's figures are those the gold value gives (the annotator lists one
    claim per article; another claim of that article stating the same value is as good)."""
    if _overlap(claim, gold):
        return True
    if claim[0] != gold[0]:
        return False
    ours = {round(n.value, 3) for n in find_numbers(value)}
    theirs = {round(n.value, 3) for n in find_numbers(gold_value)}
    return bool(ours) and ours <= theirs


def found_by(gold: GoldDiscrepancy, pairs: Sequence[Pair]) -> bool:
    """Whether a system conflict/update pair stands for the gold pair (:func:`_side_matches`
    on both sides, in either order)."""
    for p in pairs:
        if p.kind not in {"conflict", "update"}:
            continue
        a = (p.a.article_id, p.a.start, p.a.end)
        b = (p.b.article_id, p.b.start, p.b.end)
        va, vb = p.values
        ga, gb = gold.values
        if (_side_matches(a, va, gold.a, ga) and _side_matches(b, vb, gold.b, gb)) or (
                _side_matches(a, va, gold.b, gb) and _side_matches(b, vb, gold.a, ga)):
            return True
    return False


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
    """Rows of (name, value, note) with the table printer; ``unlabelled`` pairs need labels."""

    rows: tuple[tuple[str, str, str], ...]
    unlabelled: tuple[Pair, ...] = ()
    misses: tuple[str, ...] = field(default=())
    problems: tuple[str, ...] = field(default=())
    """Gold records that could not be read or located (file:line and reason)."""

    def table(self) -> str:
        width = max((len(r[0]) for r in self.rows), default=10)
        lines = [f"{'metric':<{width}}  {'value':>14}  note", "-" * (width + 40)]
        lines += [f"{name:<{width}}  {value:>14}  {note}" for name, value, note in self.rows]
        if self.unlabelled:
            lines.append(f"{len(self.unlabelled)} reported pairs carry no label yet: numbers "
                         "are not final until they are labelled.")
        return "\n".join(lines)


def story_labels(corpus: Path) -> dict[str, str]:
    """Article id -> gold story of an ECB+-style JSONL corpus (records with ``story``)."""
    out: dict[str, str] = {}
    for n, row in _lines(corpus):
        if "id" in row and "story" in row:
            out[str(row["id"])] = str(row["story"])
        elif n == 1:
            raise EvaluationDataError(f"{corpus}: records need 'id' and 'story' fields")
    return out


def run_system(articles: Sequence[Article], stories: Sequence[str], story_of: Mapping[str, str],
               *, models: Any, params: Any = None) -> dict[str, list[Pair]]:
    """Story -> the pairs :func:`newsweave.facts.compare_facts` reports (``models`` has
    ``splitter``, ``embedder`` and ``parser``, as :class:`newsweave.analysis.Models`)."""
    from newsweave.facts import FactParams, compare_facts
    from newsweave.model import StoryInput
    from newsweave.sentences import split_many

    wanted = set(stories)
    members = [a for a in articles if story_of.get(a.id) in wanted]
    sentences = dict(zip([a.id for a in members], split_many(members, models.splitter),
                         strict=True))
    flat = [s.text for a in members for s in sentences[a.id]]
    vectors = models.embedder.encode(flat)
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


_DIFFER = ("conflict", "update", "misquote")


def _verdict(label: Label, kind: str) -> bool | None:
    """Whether a label says the pair is right as ``kind`` now (None: no usable label)."""
    if label.label not in {"right", "wrong"}:
        return None
    if label.kind == kind:
        return label.label == "right"
    if label.label == "wrong" and label.should_be == kind:
        return True
    if label.label == "right" and {label.kind, kind} <= set(_DIFFER):
        return False  # right as a conflict, so wrong as an update (and the reverse)
    return None


def precision_rows(pairs: Sequence[Pair], labels: Sequence[Label], name: str
                   ) -> tuple[list[tuple[str, str, str]], list[Pair]]:
    """Precision of differ kinds (conflict+update+misquote) and consensus over labelled pairs."""
    by_key = {(lb.story, lb.key): lb for lb in labels}
    rows: list[tuple[str, str, str]] = []
    unlabelled: list[Pair] = []
    for title, kinds in (("conflicts+updates", _DIFFER), ("consensus", ("consensus",))):
        right = judged = 0
        for p in pairs:
            if p.kind not in kinds:
                continue
            label = by_key.get((p.story, p.key))
            verdict = _verdict(label, p.kind) if label else None
            if verdict is None:
                unlabelled.append(p)
                continue
            judged += 1
            right += verdict
        total = sum(p.kind in kinds for p in pairs)
        value = f"{right / judged:.3f}" if judged else "-"
        rows.append((f"{name} {title} precision", value,
                     f"{right}/{judged} labelled right, {total - judged} of {total} unlabelled"))
    return rows, unlabelled


def recall_rows(pairs: Mapping[str, Sequence[Pair]], gold: Mapping[str, Sequence[GoldDiscrepancy]],
                name: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Conflict+update recall by pair and by discrepancy group over ``gold``'s stories."""
    found = total = 0
    groups: dict[tuple[str, str], bool] = {}
    misses: list[str] = []
    for story, items in gold.items():
        for g in items:
            hit = found_by(g, pairs.get(story, ()))
            found += hit
            total += 1
            groups[(story, g.group)] = groups.get((story, g.group), False) or hit
            if not hit:
                misses.append(f"{story} {g.group}: {g.a} / {g.b}")
    rows = [(f"{name} conflict recall (pairs)", f"{found / total:.3f}" if total else "-",
             f"{found}/{total} in {len(gold)} stories"),
            (f"{name} conflict recall (groups)",
             f"{sum(groups.values()) / len(groups):.3f}" if groups else "-",
             f"{sum(groups.values())}/{len(groups)} discrepancies")]
    return rows, misses


def agreement_rows(labels: Mapping[str, Sequence[Label]],
                   recall: Mapping[str, Mapping[str, Sequence[GoldDiscrepancy]]]
                   ) -> list[tuple[str, str, str]]:
    """Label agreement and kappa between two passes, and F1 between their recall lists."""
    rows: list[tuple[str, str, str]] = []
    passes = sorted(labels)
    if len(passes) >= 2:
        a, b = ({(lb.story, lb.key): lb.label for lb in labels[p] if lb.label}
                for p in passes[:2])
        common = sorted(set(a) & set(b), key=str)
        xs, ys = [a[k] or "" for k in common], [b[k] or "" for k in common]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True))
        rows.append((f"label agreement {passes[0]}/{passes[1]}",
                     f"{agree / len(common):.3f}" if common else "-", f"{len(common)} pairs"))
        rows.append(("label kappa", f"{cohen_kappa(xs, ys):.3f}" if common else "-", ""))
    rpasses = sorted(recall)
    if len(rpasses) >= 2:
        ga, gb = recall[rpasses[0]], recall[rpasses[1]]
        stories = sorted(set(ga) & set(gb))
        tp = n_a = n_b = 0
        for s in stories:
            n_a += len(ga[s])
            n_b += len(gb[s])
            tp += sum(any(_same_discrepancy(x, y) for y in gb[s]) for x in ga[s])
        p = tp / n_b if n_b else 0.0
        r = tp / n_a if n_a else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((f"recall gold F1 {rpasses[0]}/{rpasses[1]}", f"{f1:.3f}",
                     f"{len(stories)} stories, {n_a} / {n_b} pairs"))
    return rows


def _same_discrepancy(x: GoldDiscrepancy, y: GoldDiscrepancy) -> bool:
    return (_overlap(x.a, y.a) and _overlap(x.b, y.b)) or (
        _overlap(x.a, y.b) and _overlap(x.b, y.a))


def evaluate_real_facts(gold_dir: Path, corpus: Path, *, models: Any, split: str = "all",
                        params: Any = None) -> RealFactsEvaluation:
    """Score the comparison on real-text gold in ``gold_dir`` (module doc) over ``corpus``."""
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
    problems: list[str] = []
    labels = {f.stem.split("-", 1)[1]: load_labels(f, by_id, problems) for f in label_files}
    recall = {f.stem.split("-", 1)[1]: load_recall(f, by_id, problems) for f in recall_files}
    pairs = run_system(articles, sample, story_of, models=models, params=params)
    flat = [p for s in sample for p in pairs[s]]
    rows: list[tuple[str, str, str]] = [("stories", str(len(sample)), f"split {split}"),
                                        ("reported pairs", str(len(flat)), "")]
    unlabelled: list[Pair] = []
    for name, items in labels.items():
        got, missing = precision_rows(flat, items, name)
        rows += got
        if not unlabelled:
            unlabelled = missing
    misses: list[str] = []
    for name, gold in recall.items():
        scoped = {s: g for s, g in gold.items() if s in set(sample)}
        got, missed = recall_rows(pairs, scoped, name)
        rows += got
        misses += missed
    rows += agreement_rows(labels, recall)
    if problems:
        rows.append(("gold records skipped", str(len(problems)), problems[0][:70]))
    return RealFactsEvaluation(tuple(rows), tuple(unlabelled), tuple(misses), tuple(problems))
