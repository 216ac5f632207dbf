"""Quote and speaker scores on offset-based real-text gold (ECB+, docs/gold-quotes.md).

Gold: an :class:`~newsweave.evaluation.quote_gold.OffsetGold` file (every
quotation-marked span of the listed articles with its class; ``quote`` spans with
speaker, speaker mention and cue) and the corpus it indexes (JSON Lines, read with
newsweave's own ingest, so offsets refer to :attr:`Article.text`). Only direct
quotes are scored (the gold has no reported speech): a system's predictions are
its quotation-mark quotes.

* **quote detection**: predictions and gold ``quote`` spans are matched one-to-one
  by overlap (best IoU first); a prediction on a title, a name, a scare quote or
  markup is a false positive.
* **speaker**: a matched pair is right when the speakers are the same: the same
  name (:func:`~newsweave.evaluation.quotes.same_speaker`, which accepts a short
  form: ``Gaskin`` = ``Dave Gaskin``), or, for a source the article only
  describes, the same description (determiners aside) or a predicted mention on the
  gold mention. Precision is over predictions naming a speaker (naming one for an
  unattributable quote is an error), recall over gold quotes that have one.
* per gold mention type (name, pronoun, description, none: a follow-on), the share
  of matched quotes whose speaker is right.

Articles of topics divisible by 3 are the **unseen** part and are scored apart
from the **dev** part. Both systems run on the same parsed documents (spaCy with
parser and NER); ``ms/article`` includes the parse.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.entities import SpeakerResolver, mentions_from_doc, name_key, resolve_entities
from newsweave.errors import EvaluationDataError
from newsweave.evaluation.metrics import PRF, match_spans
from newsweave.evaluation.quote_gold import GoldSpan, load_offset_gold, unseen
from newsweave.evaluation.quotes import same_speaker
from newsweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Prediction", "RealEvaluation", "RealScores", "evaluate_real_quotes", "score_real"]

_DETERMINERS = frozenset("a an the his her its their our my".split())
_PRONOUNS = frozenset("he she they it we i you".split())


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted direct quote (offsets into the article text)."""

    article: str
    start: int
    end: int
    speaker: str | None
    speaker_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class RealScores:
    """One system on one part of the gold."""

    system: str
    part: str
    n_articles: int
    n_gold: int
    n_predicted: int
    quotes: PRF
    speaker: PRF
    by_mention: dict[str, tuple[int, int]]
    ms_per_article: float
    errors: tuple[str, ...] = ()
    #: raw counts behind ``speaker``: right speakers, predictions naming one, gold
    #: quotes having one (summed over articles for a bootstrap, evaluation/quote_ci.py)
    speaker_counts: tuple[int, int, int] = (0, 0, 0)


@dataclass(frozen=True, slots=True)
class RealEvaluation:
    """Every score of one run; :meth:`table` renders them."""

    gold: str
    scores: tuple[RealScores, ...]

    def table(self) -> str:
        head = (f"{'part':<7} {'system':<10} {'arts':>4} {'gold':>5} {'pred':>5}  "
                f"{'quote P/R/F1':<17}  {'speaker P/R/F1':<17}  {'name':>5} {'pron':>5} "
                f"{'desc':>5} {'none':>5} {'ms/art':>7}")
        rows = [f"gold: {self.gold}", head, "-" * len(head)]
        for s in self.scores:
            acc = [_share(s.by_mention.get(k, (0, 0))) for k in
                   ("name", "pronoun", "description", "none")]
            rows.append(
                f"{s.part:<7} {s.system:<10} {s.n_articles:>4} {s.n_gold:>5} "
                f"{s.n_predicted:>5}  {_fmt(s.quotes):<17}  {_fmt(s.speaker):<17}  "
                + " ".join(f"{a:>5}" for a in acc) + f" {s.ms_per_article:>7.1f}")
        rows.append("name/pron/desc/none: share of matched gold quotes whose speaker is right, "
                    "by the gold mention in the tag (none: follow-on, no tag)")
        return "\n".join(rows)


def _share(c: tuple[int, int]) -> str:
    return f"{c[0] / c[1]:.3f}" if c[1] else "-"


def _fmt(p: PRF) -> str:
    return f"{p.precision:.3f}/{p.recall:.3f}/{p.f1:.3f}"


def _content(name: str) -> set[str]:
    return {w for w in name_key(name).replace("'", "").split() if w not in _DETERMINERS}


def speaker_right(p: Prediction, g: GoldSpan) -> bool:
    """Whether ``p`` names the speaker of gold quote ``g`` (see the module docstring)."""
    if p.speaker is None or g.speaker is None:
        return False
    if same_speaker(p.speaker, g.speaker):
        return True
    if g.speaker_kind != "description":
        return False
    a, b = _content(p.speaker), _content(g.speaker)
    if a and b and (a <= b or b <= a):
        return True
    gs, ps = g.speaker_span, p.speaker_span
    return bool(gs and ps and ps[0] < gs[1] and gs[0] < ps[1]
                and p.speaker.casefold() not in _PRONOUNS)


def _mention_type(g: GoldSpan, text: str) -> str:
    if g.speaker_span is None:
        return "none"
    word = text[g.speaker_span[0]:g.speaker_span[1]].casefold()
    if word in _PRONOUNS:
        return "pronoun"
    return "description" if g.speaker_kind == "description" else "name"


def score_real(
    system: str, part: str, gold: Sequence[GoldSpan], pred: Sequence[Prediction],
    texts: dict[str, str], n_articles: int, ms: float,
) -> RealScores:
    """Score ``pred`` against the ``quote`` spans of ``gold`` (see the module docstring)."""
    quotes = [g for g in gold if g.cls == "quote"]
    match = match_spans(quotes, pred)
    used = set(match.values())
    tp = 0
    by_mention: dict[str, list[int]] = {}
    errors: list[str] = []
    for gi, g in enumerate(quotes):
        got = pred[match[gi]] if gi in match else None
        ok = got is not None and speaker_right(got, g)
        tp += ok
        if got is not None and g.speaker is not None:
            c = by_mention.setdefault(_mention_type(g, texts[g.article]), [0, 0])
            c[0] += ok
            c[1] += 1
        if not ok and (g.speaker is not None or (got is not None and got.speaker)):
            said = "(missed)" if got is None else repr(got.speaker)
            errors.append(f"{g.article} n={g.n}: gold={g.speaker!r} got={said}")
    for pi, p in enumerate(pred):
        if pi not in used:
            errors.append(f"{p.article} [{p.start}:{p.end}]: predicted quote not in gold")
    named = sum(p.speaker is not None for p in pred)
    wanted = sum(g.speaker is not None for g in quotes)
    return RealScores(
        system, part, n_articles, len(quotes), len(pred),
        PRF.of(len(match), len(pred), len(quotes)), PRF.of(tp, named, wanted),
        {k: (v[0], v[1]) for k, v in by_mention.items()}, ms, tuple(errors),
        (tp, named, wanted))


RealSystem = Callable[[Sequence[Article], Sequence["Doc"]], list[Prediction]]


def newsweave_real(resolver: str = "rules") -> RealSystem:
    """newsweave's :func:`~newsweave.quotes.article_quotes` (direct quotes only), with
    the rule-based or the learned speaker resolver."""
    from newsweave.quotes import article_quotes

    def run(articles: Sequence[Article], docs: Sequence[Doc]) -> list[Prediction]:
        out = []
        for a, doc in zip(articles, docs, strict=True):
            for q in article_quotes(a, doc, mentions_from_doc(a, doc), resolver=resolver):
                if q.direct:
                    out.append(Prediction(a.id, q.start, q.end, q.speaker, q.speaker_span))
        return out

    return run


def textacy_real() -> RealSystem:
    """textacy ``direct_quotations``; its speaker tokens mapped to the article's
    entity names (a bare pronoun stays a pronoun: textacy does not resolve it)."""
    from textacy.extract.triples import direct_quotations

    def run(articles: Sequence[Article], docs: Sequence[Doc]) -> list[Prediction]:
        out = []
        for a, doc in zip(articles, docs, strict=True):
            resolver = SpeakerResolver(resolve_entities({a.id: mentions_from_doc(a, doc)}))
            ents = {t.i: e for e in doc.ents for t in e}
            try:
                triples = list(direct_quotations(doc))
            except (ValueError, IndexError):  # textacy bails out on unbalanced marks
                triples = []
            for tr in triples:
                lo, hi = tr.content.start_char, tr.content.end_char
                while lo < hi and a.text[lo] in "\"“”'‘’ ,`":
                    lo += 1
                while hi > lo and a.text[hi - 1] in "\"“”'‘’ ,`":
                    hi -= 1
                speaker = span = None
                if tr.speaker:
                    tok = tr.speaker[0]
                    words = ents[tok.i].text if tok.i in ents else " ".join(
                        t.text for t in tr.speaker)
                    speaker = resolver.canonical(words)
                    span = (tr.speaker[0].idx, tr.speaker[-1].idx + len(tr.speaker[-1].text))
                out.append(Prediction(a.id, lo, hi, speaker, span))
        return out

    return run


def evaluate_real_quotes(
    gold_path: Path, corpus: Path, *, nlp: Language | None = None, baseline: bool = True,
    parts: Sequence[str] = ("dev", "unseen"),
) -> RealEvaluation:
    """Score newsweave (and textacy) on each part of an offset-based gold file."""
    from newsweave.ingest import read_inputs

    gold = load_offset_gold(gold_path)
    if not corpus.exists():
        raise EvaluationDataError(f"corpus {corpus} of gold {gold_path} not found: pass "
                                  "--corpus with the JSON Lines file the gold indexes")
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=True, parser=True)
    wanted = set(gold.articles)
    articles = [a for a in read_inputs([str(corpus)]).articles if a.id in wanted]
    missing = wanted - {a.id for a in articles}
    if missing:
        raise EvaluationDataError(f"gold {gold_path} names {len(missing)} article(s) not in "
                                  f"{corpus}, e.g. {sorted(missing)[:3]}")
    systems: list[tuple[str, RealSystem]] = [("newsweave", newsweave_real())]
    if baseline:
        systems.append(("textacy", textacy_real()))
    texts = {a.id: a.text for a in articles}
    scores: list[RealScores] = []
    for part in parts:
        part_articles = [a for a in articles if unseen(a.id) == (part == "unseen")]
        if not part_articles:
            continue
        t0 = time.perf_counter()
        docs = list(nlp.pipe(a.text for a in part_articles))
        parse_ms = (time.perf_counter() - t0) * 1000 / len(part_articles)
        ids = {a.id for a in part_articles}
        part_gold = [g for g in gold.spans if g.article in ids]
        for name, system in systems:
            t0 = time.perf_counter()
            pred = system(part_articles, docs)
            ms = parse_ms + (time.perf_counter() - t0) * 1000 / len(part_articles)
            scores.append(score_real(name, part, part_gold, pred, texts, len(part_articles),
                                     ms))
    return RealEvaluation(gold_path.name, tuple(scores))
