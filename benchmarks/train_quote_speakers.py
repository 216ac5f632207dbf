"""Train the learned quote speaker resolver (issue 12) on the dev topics of our ECB+ gold.

Run on demand (prints the cross-validation table, writes the model):

    PYTHONPATH=src .venv/bin/python benchmarks/train_quote_speakers.py [--corpus PATH] \
        [--out src/newsweave/data/quote_speaker_model.json] [--unseen] [--cache DIR]

Training data: every direct quotation newsweave finds in the **dev** part (topics not
divisible by 3) of ``gold.offsets.jsonl``, ``dev-extra.offsets.jsonl`` and
``dev-extra2.offsets.jsonl``, with its candidate speakers
(:func:`newsweave.quotes.extract.speaker_candidates`); a candidate is positive when
the gold speaker of the overlapping gold quote is that candidate
(:func:`newsweave.evaluation.quotes_real.speaker_right`). A quotation that is no gold
quote, or a gold quote with no speaker, has only negatives (abstaining is right).

Settings (regularisation ``C`` and the abstention threshold) are chosen by 5-fold
cross-validation grouped by ECB+ topic; the rules are scored on the same folds. The
model is then fitted on all dev quotations and written as plain JSON coefficients.
Other learned variants are cross-validated the same way and printed beside it (not
shipped): the model only where the rules abstain, gradient boosting, and a model
without the rules' choice among its features (alone, or only where the rules
abstain). ``--unseen`` scores every row on the unseen part (aggregate only), once,
after the settings are fixed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.entities import mentions_from_doc
from newsweave.evaluation.quote_gold import GoldSpan, load_offset_gold, unseen
from newsweave.evaluation.quotes_real import Prediction, speaker_right
from newsweave.ingest import read_inputs
from newsweave.nlp import load_spacy
from newsweave.quotes.extract import speaker_candidates
from newsweave.quotes.ranker import DEFAULT_MODEL, FEATURES, SpeakerModel
from newsweave.quotes.speaker_rules import MIN_CONFIDENCE

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsweave.model import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold" / "ecbplus-quotes"
DEV_FILES = ("gold.offsets.jsonl", "dev-extra.offsets.jsonl", "dev-extra2.offsets.jsonl")
# unseen: both unseen batches (topics divisible by 3), scored once with --unseen
UNSEEN_FILES = ("gold.offsets.jsonl", "unseen-extra.offsets.jsonl")
CORPUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
FOLDS = 5


@dataclass(frozen=True)
class QuoteRow:
    """One predicted quotation: its candidates' features and whether each is right."""

    topic: int
    features: tuple[tuple[float, ...], ...]
    right: tuple[bool, ...]
    rule: int | None
    """Index of the candidate the rules output (confidence >= the rules' threshold)."""


@dataclass(frozen=True)
class Part:
    rows: list[QuoteRow]
    wanted: dict[int, int]
    """Gold quotes with a speaker, per topic (recall's denominator)."""


def topic(article_id: str) -> int:
    return int(article_id.split("-")[1].split("_")[0])


def quote_rows(gold: Sequence[GoldSpan], arts: Sequence[Article], docs: Sequence[Doc]) -> Part:
    quotes = [g for g in gold if g.cls == "quote"]
    wanted: dict[int, int] = {}
    for g in quotes:
        if g.speaker is not None:
            wanted[topic(g.article)] = wanted.get(topic(g.article), 0) + 1
    rows = []
    for a, d in zip(arts, docs, strict=True):
        mine = [g for g in quotes if g.article == a.id]
        for start, end, cands in speaker_candidates(a, d, mentions_from_doc(a, d)):
            hit = next((g for g in mine if g.start < end and start < g.end), None)
            right = tuple(hit is not None and speaker_right(Prediction(
                a.id, start, end, c.speaker.name, c.speaker.span), hit) for c in cands)
            rule = next((i for i, c in enumerate(cands) if c.features[0] == 1.0
                         and c.features[1] >= MIN_CONFIDENCE), None)
            rows.append(QuoteRow(topic(a.id), tuple(c.features for c in cands), right, rule))
    return Part(rows, wanted)


def score(rows: Sequence[QuoteRow], wanted: int, pick: Callable[[QuoteRow], int | None]
          ) -> tuple[float, float, float]:
    tp = named = 0
    for r in rows:
        i = pick(r)
        if i is not None:
            named += 1
            tp += r.right[i]
    p, rec = tp / max(1, named), tp / max(1, wanted)
    return p, rec, 2 * p * rec / max(1e-9, p + rec)


def fit(rows: Sequence[QuoteRow], c: float, threshold: float) -> SpeakerModel:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    xs = [x for r in rows for x in r.features]
    ys = [int(y) for r in rows for y in r.right]
    scaler = StandardScaler().fit(xs)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(xs), ys)
    scale = tuple(float(s) if s > 0 else 1.0 for s in scaler.scale_)
    return SpeakerModel(tuple(float(m) for m in scaler.mean_), scale,
                        tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]),
                        threshold)


def model_pick(model: SpeakerModel) -> Callable[[QuoteRow], int | None]:
    def pick(r: QuoteRow) -> int | None:
        if not r.features:
            return None
        probs = [model.probability(x) for x in r.features]
        best = max(range(len(probs)), key=probs.__getitem__)
        return best if probs[best] >= model.threshold else None
    return pick


def cross_validate(part: Part) -> tuple[dict[tuple[float, float], list[float]], list[float]]:
    """F1 per fold for every (C, threshold), and the rules' F1 on the same folds."""
    topics = sorted({r.topic for r in part.rows} | set(part.wanted))
    grid: dict[tuple[float, float], list[float]] = {}
    rules: list[float] = []
    for k in range(FOLDS):
        held = set(topics[k::FOLDS])
        train = [r for r in part.rows if r.topic not in held]
        test = [r for r in part.rows if r.topic in held]
        wanted = sum(n for t, n in part.wanted.items() if t in held)
        rules.append(score(test, wanted, lambda r: r.rule)[2])
        for c in C_GRID:
            model = fit(train, c, 0.0)
            for thr in THRESHOLDS:
                m = SpeakerModel(model.mean, model.scale, model.coef, model.intercept, thr)
                grid.setdefault((c, thr), []).append(score(test, wanted, model_pick(m))[2])
    return grid, rules


def parsed(nlp: Any, texts: Sequence[str], cache: Path | None, key: str) -> list[Doc]:
    """The parses of ``texts``, kept in ``cache`` (spaCy DocBin) when given."""
    from spacy.tokens import DocBin

    path = cache / f"{key}.spacy" if cache is not None else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == list(texts):
            return docs
    docs = list(nlp.pipe(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


Probs = Callable[[QuoteRow], list[float]]
_RULE_COLUMNS = 8  # FEATURES[:8] say what the rules chose


def _sklearn(kind: str) -> Callable[[Sequence[QuoteRow]], Probs]:
    """A trainer of one of the compared models (not shipped: the shipped one is ``fit``)."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cols = slice(_RULE_COLUMNS, None) if kind == "no-rules" else slice(None)

    def train(rows: Sequence[QuoteRow]) -> Probs:
        xs = [x[cols] for r in rows for x in r.features]
        ys = [int(y) for r in rows for y in r.right]
        model = GradientBoostingClassifier(
            max_depth=2, n_estimators=100, learning_rate=0.05, subsample=0.8, random_state=0,
        ) if kind == "boosting" else make_pipeline(
            StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
        model.fit(xs, ys)
        return lambda r: [float(v) for v in model.predict_proba(
            [x[cols] for x in r.features])[:, 1]] if r.features else []
    return train


def _pick(probs: Probs, thr: float, fallback: bool) -> Callable[[QuoteRow], int | None]:
    def pick(r: QuoteRow) -> int | None:
        if fallback and r.rule is not None:
            return r.rule
        ps = probs(r)
        if not ps:
            return None
        best = max(range(len(ps)), key=ps.__getitem__)
        return best if ps[best] >= thr else None
    return pick


def compare(dev: Part, test: Part | None) -> list[tuple[str, float, float, tuple[float, ...]]]:
    """Other learned variants, each with its threshold chosen by the same grouped CV:
    (name, threshold, CV F1, unseen P/R/F1 or ())."""
    topics = sorted({r.topic for r in dev.rows} | set(dev.wanted))
    out = []
    for name, kind, fallback in (
            ("logistic, only where the rules abstain", "logistic", True),
            ("gradient boosting (depth 2, 100 trees)", "boosting", False),
            ("logistic without the rules' choice", "no-rules", False),
            ("the same, only where the rules abstain", "no-rules", True)):
        f1s: dict[float, list[float]] = {t: [] for t in THRESHOLDS}
        for k in range(FOLDS):
            held = set(topics[k::FOLDS])
            probs = _sklearn(kind)([r for r in dev.rows if r.topic not in held])
            test_rows = [r for r in dev.rows if r.topic in held]
            wanted = sum(n for t, n in dev.wanted.items() if t in held)
            for t in THRESHOLDS:
                f1s[t].append(score(test_rows, wanted, _pick(probs, t, fallback))[2])
        thr, cv = max(((t, sum(v) / len(v)) for t, v in f1s.items()), key=lambda tv: tv[1])
        unseen_prf: tuple[float, ...] = ()
        if test is not None:
            unseen_prf = score(test.rows, sum(test.wanted.values()),
                               _pick(_sklearn(kind)(dev.rows), thr, fallback))
        out.append((name, thr, cv, unseen_prf))
    return out


def load_parts(corpus: Path, cache: Path | None = None) -> tuple[Part, Part]:
    articles = {a.id: a for a in read_inputs([str(corpus)]).articles}
    nlp = load_spacy(ner=True, parser=True)

    def part(names: Sequence[str], want_unseen: bool) -> Part:
        rows: list[QuoteRow] = []
        wanted: dict[int, int] = {}
        for name in names:
            gold = load_offset_gold(GOLD_DIR / name)
            arts = [articles[i] for i in gold.articles if unseen(i) == want_unseen]
            ids = {a.id for a in arts}
            docs = parsed(nlp, [a.text for a in arts], cache, f"{name}-{want_unseen}")
            p = quote_rows([g for g in gold.spans if g.article in ids], arts, docs)
            rows += p.rows
            for t, n in p.wanted.items():
                wanted[t] = wanted.get(t, 0) + n
        return Part(rows, wanted)

    return part(DEV_FILES, False), part(UNSEEN_FILES, True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--unseen", action="store_true", help="score the unseen part once")
    ap.add_argument("--cache", type=Path, help="keep the parses here (spaCy DocBin)")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus} not found: pass --corpus with the ECB+ JSON Lines")
    dev, test = load_parts(args.corpus, args.cache)
    n_cands = sum(len(r.features) for r in dev.rows)
    print(f"dev: {len(dev.rows)} quotations, {n_cands} candidates, "
          f"{sum(dev.wanted.values())} gold quotes with a speaker")
    grid, rules = cross_validate(dev)
    mean = {k: sum(v) / len(v) for k, v in grid.items()}
    (c, thr), best = max(mean.items(), key=lambda kv: kv[1])
    rules_f1 = sum(rules) / len(rules)
    print(f"{'C':>5} " + " ".join(f"thr {t:<5}" for t in THRESHOLDS))
    for cc in C_GRID:
        print(f"{cc:>5} " + " ".join(f"{mean[(cc, t)]:.3f}    " for t in THRESHOLDS))
    print(f"rules, same folds: {rules_f1:.3f} "
          f"({' '.join(f'{f:.3f}' for f in rules)})")
    print(f"chosen: C={c}, threshold={thr}: CV F1 {best:.3f} "
          f"({' '.join(f'{f:.3f}' for f in grid[(c, thr)])})")
    model = fit(dev.rows, c, thr)
    data: dict[str, Any] = json.loads(model.to_json())
    data.update({"trained_on": list(DEV_FILES), "part": "dev (topics not divisible by 3)",
                 "C": c, "cv_f1": round(best, 4), "rules_cv_f1": round(rules_f1, 4),
                 "built_by": "benchmarks/train_quote_speakers.py"})
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(FEATURES)} features)")
    for name, coef in sorted(zip(FEATURES, model.coef, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:<18} {coef:+.3f}")
    wanted = sum(test.wanted.values())
    table: list[tuple[str, float, float, tuple[float, ...]]] = [
        ("rules (default, threshold 0.4)", MIN_CONFIDENCE, rules_f1,
         score(test.rows, wanted, lambda r: r.rule) if args.unseen else ()),
        (f"logistic ranker, shipped (C={c})", thr, best,
         score(test.rows, wanted, model_pick(model)) if args.unseen else ())]
    table += compare(dev, test if args.unseen else None)
    print(f"\n{'variant':<42} {'thr':>4} {'dev CV F1':>9}  unseen speaker P/R/F1")
    for name, t, cv, u in table:
        print(f"{name:<42} {t:>4} {cv:>9.3f}  {'/'.join(f'{v:.3f}' for v in u) or '-'}")


if __name__ == "__main__":
    main()
