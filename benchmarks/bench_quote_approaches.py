"""Issue 12: other ways to attribute quotes, measured against newsweave's default.

Run on demand (prints one table, never part of the test suite):

    PYTHONPATH=src .venv/bin/python benchmarks/bench_quote_approaches.py [--corpus PATH]

Every approach runs on the same parsed documents (spaCy with parser and NER, parsed
once). **dev** pools the dev part of every tuning gold file (``gold.offsets.jsonl``,
``dev-extra.offsets.jsonl``, ``dev-extra2.offsets.jsonl``); **unseen** pools the unseen part
of ``gold.offsets.jsonl`` and ``unseen-extra.offsets.jsonl`` (topics divisible by 3; 87
articles), scored in aggregate only. Speaker
precision is over predictions naming a speaker, recall over gold quotes that have one
(:func:`newsweave.evaluation.quotes_real.speaker_right`).

Approaches:

* ``default``: newsweave (parse-based tags, rule-based resolution, threshold 0.4).
* ``threshold=T``: the same, a speaker below confidence T left unattributed (the
  default 0.4 was chosen by cross-validation over dev topics).
* ``+textacy fallback``: an ensemble; a quote newsweave leaves unattributed takes
  textacy ``direct_quotations``' speaker when it names one (not a bare pronoun).
* ``learned abstention``: a logistic model of "the named speaker is right" from the
  attribution's own features (confidence, mention kind, follow-on, cue distance, ...),
  trained on dev, its threshold chosen by grouped 5-fold cross-validation over dev
  topics; a speaker below it is left unattributed.
* ``learned ranker``: the shipped learned speaker resolver (``resolver="learned"``,
  :mod:`newsweave.quotes.ranker`, trained on the dev part by
  ``benchmarks/train_quote_speakers.py``); its dev figure is in-sample, beside the
  cross-validated F1 written into the model file.
* ``pronouns: nearest`` / ``pronouns: salience``: ablations of the pronoun resolver
  (replaces :meth:`ArticleEntities.resolve_pronoun` for the run): the nearest earlier
  person of the pronoun's gender, or the person of that gender the article names most.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.entities import mentions_from_doc
from newsweave.evaluation.quote_gold import GoldSpan, load_offset_gold, unseen
from newsweave.evaluation.quotes_real import Prediction, speaker_right, textacy_real
from newsweave.ingest import read_inputs
from newsweave.nlp import load_spacy
from newsweave.quotes import article_quotes
from newsweave.quotes import resolve as rs
from newsweave.quotes.ranker import DEFAULT_MODEL
from newsweave.quotes.speaker_rules import MIN_CONFIDENCE

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsweave.model import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold" / "ecbplus-quotes"
DEV_FILES = ("gold.offsets.jsonl", "dev-extra.offsets.jsonl", "dev-extra2.offsets.jsonl")
UNSEEN_FILES = ("gold.offsets.jsonl", "unseen-extra.offsets.jsonl")
CORPUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
KINDS = ("person", "organisation", "description")
Part = tuple[list[GoldSpan], list["Article"], list["Doc"]]
Rows = list[tuple[Prediction, list[float]]]


def _topic(article_id: str) -> int:
    return int(article_id.split("-")[1].split("_")[0])


def _attributions(arts: Sequence[Article], docs: Sequence[Doc], min_conf: float | None = None,
                  resolver: str = "rules") -> Rows:
    """newsweave's direct quotes, each with the features the learned abstention uses."""
    rows: Rows = []
    for a, d in zip(arts, docs, strict=True):
        conf = MIN_CONFIDENCE if min_conf is None else min_conf
        for q in article_quotes(a, d, mentions_from_doc(a, d), min_confidence=conf,
                                resolver=resolver):
            if not q.direct:
                continue
            sp = q.speaker_span
            word = a.text[sp[0]:sp[1]].casefold() if sp else ""
            dist = 0 if q.cue_span is None else min(abs(q.cue_span[0] - q.end),
                                                    abs(q.start - q.cue_span[1]))
            x = [q.confidence, float(sp is None), float(word in ("he", "she", "they", "it")),
                 *[float(q.speaker_kind == k) for k in KINDS], math.log1p(dist),
                 math.log1p(len(q.text)), float(q.cue_span is None)]
            rows.append((Prediction(a.id, q.start, q.end, q.speaker, sp), x))
    return rows


def _prf(parts: Sequence[tuple[list[GoldSpan], list[Prediction]]]) -> tuple[float, ...]:
    tp = named = wanted = 0
    for gold, preds in parts:
        quotes = [g for g in gold if g.cls == "quote"]
        wanted += sum(g.speaker is not None for g in quotes)
        for p in preds:
            if p.speaker is None:
                continue
            named += 1
            hit = next((g for g in quotes if g.article == p.article and g.start < p.end
                        and p.start < g.end), None)
            tp += hit is not None and speaker_right(p, hit)
    prec, rec = tp / max(1, named), tp / max(1, wanted)
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def _unnamed(p: Prediction) -> Prediction:
    return Prediction(p.article, p.start, p.end, None, None)


def _fallback(arts: Sequence[Article], docs: Sequence[Doc]) -> list[Prediction]:
    own = [p for p, _ in _attributions(arts, docs)]
    peer = textacy_real()(arts, docs)
    out = []
    for p in own:
        if p.speaker is None:
            t = next((t for t in peer if t.article == p.article and t.speaker and
                      t.start < p.end and p.start < t.end and t.speaker.casefold() not in
                      ("he", "she", "they", "it", "i", "we")), None)
            if t is not None:
                p = Prediction(p.article, p.start, p.end, t.speaker, t.speaker_span)
        out.append(p)
    return out


def _learned(dev: Sequence[Part], test: Part) -> tuple[float, float, tuple[float, ...]]:
    """Fit on dev, choose the threshold by grouped CV over dev topics, score ``test``."""
    from sklearn.linear_model import LogisticRegression

    rows = [(gold, _attributions(arts, docs)) for gold, arts, docs in dev]
    xs, ys, topics = [], [], []
    for gold, part_rows in rows:
        for p, x in part_rows:
            if p.speaker is not None:
                xs.append(x)
                ys.append(int(_prf([(gold, [p])])[0] == 1.0))
                topics.append(_topic(p.article))
    groups = sorted(set(topics))

    def apply(model: Any, thr: float, parts: Sequence[tuple[list[GoldSpan], Rows]]
              ) -> tuple[float, ...]:
        return _prf([(g, [p if p.speaker is None or model.predict_proba([x])[0, 1] >= thr
                          else _unnamed(p) for p, x in r]) for g, r in parts])

    best, best_f = 0.0, -1.0
    for thr in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7):
        f1s = []
        for k in range(5):
            held = set(groups[k::5])
            fit = [i for i, t in enumerate(topics) if t not in held]
            model = LogisticRegression(max_iter=1000).fit([xs[i] for i in fit],
                                                          [ys[i] for i in fit])
            parts = [([s for s in g if _topic(s.article) in held],
                      [(p, x) for p, x in r if _topic(p.article) in held]) for g, r in rows]
            f1s.append(apply(model, thr, parts)[2])
        if sum(f1s) / len(f1s) > best_f + 1e-9:
            best, best_f = thr, sum(f1s) / len(f1s)
    model = LogisticRegression(max_iter=1000).fit(xs, ys)
    gold, arts, docs = test
    return best, best_f, apply(model, best, [(gold, _attributions(arts, docs))])


@contextmanager
def _pronouns(pick: Callable[[list[tuple[rs.Entity, int]]], rs.Entity]) -> Iterator[None]:
    """Replace the pronoun resolver for one run by ``pick`` over (person, position) of
    the earlier mentions that agree in gender."""
    original = rs.ArticleEntities.resolve_pronoun

    def resolve(self: rs.ArticleEntities, pos: int, pronoun: str,
                recent: object, depth: int = 0) -> tuple[rs.Entity | None, float]:
        gender = "m" if pronoun in ("he", "him") else "f" if pronoun in ("she", "her") \
            else None
        cands = [(e, p) for p, e, _ in self.mentions if p < pos and e.type == "PERSON"
                 and (gender is None or e.gender in (gender, None))]
        return (pick(cands), 0.6) if cands else (None, 0.0)

    rs.ArticleEntities.resolve_pronoun = resolve  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        rs.ArticleEntities.resolve_pronoun = original  # type: ignore[method-assign]


def _nearest(cands: list[tuple[rs.Entity, int]]) -> rs.Entity:
    return cands[-1][0]


def _salient(cands: list[tuple[rs.Entity, int]]) -> rs.Entity:
    counts: dict[int, tuple[int, int, rs.Entity]] = {}
    for e, p in cands:
        n = counts.get(id(e), (0, 0, e))[0]
        counts[id(e)] = (n + 1, p, e)
    return max(counts.values(), key=lambda t: (t[0], t[1]))[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    nlp = load_spacy(ner=True, parser=True)
    articles = {a.id: a for a in read_inputs([str(args.corpus)]).articles}

    def part(name: str, want_unseen: bool) -> Part:
        gold = load_offset_gold(GOLD_DIR / name)
        arts = [articles[i] for i in gold.articles if unseen(i) == want_unseen]
        ids = {a.id for a in arts}
        return ([g for g in gold.spans if g.article in ids], arts,
                list(nlp.pipe(a.text for a in arts)))

    dev = [part(n, False) for n in DEV_FILES]
    # unseen: both unseen batches pooled (the articles are disjoint)
    batches = [part(n, True) for n in UNSEEN_FILES]
    test = ([g for b in batches for g in b[0]], [a for b in batches for a in b[1]],
            [d for b in batches for d in b[2]])

    def run(system: Callable[[Sequence[Article], Sequence[Doc]], list[Prediction]]
            ) -> tuple[tuple[float, ...], tuple[float, ...]]:
        return (_prf([(g, system(a, d)) for g, a, d in dev]),
                _prf([(test[0], system(test[1], test[2]))]))

    def own(min_conf: float | None = None) -> Callable[..., list[Prediction]]:
        return lambda a, d: [p for p, _ in _attributions(a, d, min_conf)]

    results: list[tuple[str, tuple[Any, ...], tuple[float, ...]]] = []
    results.append(("default (threshold 0.4)", *run(own())))
    for t in (0.2, 0.5, 0.6):
        results.append((f"threshold={t}", *run(own(t))))
    results.append(("+textacy fallback", *run(_fallback)))
    learned = run(lambda a, d: [p for p, _ in _attributions(a, d, resolver="learned")])
    cv = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))["cv_f1"]
    results.append(("learned ranker (shipped, not default)",
                    (f"CV F1 {cv:.3f}; in-sample {'/'.join(f'{v:.3f}' for v in learned[0])}",),
                    learned[1]))
    thr, cv_f1, scores = _learned(dev, test)
    results.append((f"learned abstention (CV threshold {thr})", (f"CV F1 {cv_f1:.3f}",),
                    scores))
    with _pronouns(_nearest):
        results.append(("pronouns: nearest person", *run(own())))
    with _pronouns(_salient):
        results.append(("pronouns: salience", *run(own())))
    n_dev = sum(len(a) for _, a, _ in dev)
    print(f"dev: {n_dev} articles of {', '.join(DEV_FILES)}; unseen: {len(test[1])} articles")
    print(f"{'approach':<40} {'dev speaker P/R/F1':<36} {'unseen speaker P/R/F1':<20}")
    for name, d, u in results:
        ds = "/".join(f"{v:.3f}" for v in d) if len(d) == 3 else d[0]
        print(f"{name:<40} {ds:<36} {'/'.join(f'{v:.3f}' for v in u):<20}")


if __name__ == "__main__":
    main()
