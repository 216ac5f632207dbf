"""Evaluate quote extraction and speaker attribution against gold annotations.

Gold items are ``{"article", "text", "speaker", "direct", "occurrence"}`` (``speaker``
``null`` = no speaker can be named; ``occurrence`` = 0-based index among the exact
occurrences of ``text`` in the article). Sets: the demo corpus (``DATA/gold.json`` with
``DATA/corpus``) and, when present, the seeds (``tests/gold/seeds_quotes.json`` next to
``DATA``'s repository, articles from ``../shared/seeds``). Every article of a set is
taken as fully annotated.

Scores, per system, per set:

* **quote detection**: a prediction matches a gold quote when their spans overlap;
  pairs are matched one-to-one, best overlap (IoU) first;
* **speaker attribution** (the target metric): a true positive is a matched pair whose
  speakers are the same person (same name, or one name's words contained in the
  other's: "Fenwick" = "Lucia Fenwick"). Precision is over every prediction that names
  a speaker (a speaker named for an unattributable quote is a false positive), recall
  over every gold quote that has one.
* the same two scores restricted to **direct** (quotation-mark) gold quotes, which is
  all textacy's ``direct_quotations`` (the baseline, run on the same texts with spaCy's
  parser) attempts.

Speakers of both systems are resolved to the story's entities first (stories from the
gold ``articles`` map; one story per set otherwise), as the report shows them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.entities import (
    SpeakerResolver,
    clean_name,
    extract_mentions_batch,
    name_key,
    resolve_entities,
)
from newsweave.errors import EvaluationDataError
from newsweave.evaluation.metrics import PRF, match_spans
from newsweave.model import Article, EntityMention, Sentence
from newsweave.quotes import article_quotes

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["GoldQuote", "QuoteEvaluation", "Scores", "evaluate_quotes", "same_speaker"]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    direct: bool


@dataclass(frozen=True, slots=True)
class Predicted:
    article: str
    start: int
    end: int
    speaker: str | None
    direct: bool


@dataclass(frozen=True, slots=True)
class Scores:
    """One system on one gold set."""

    system: str
    gold_set: str
    n_gold: int
    n_predicted: int
    detection: PRF
    speaker: PRF
    direct_detection: PRF
    direct_speaker: PRF
    seconds: float
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteEvaluation:
    """All scores of one ``eval quotes`` run; :meth:`table` renders them."""

    scores: tuple[Scores, ...]

    def table(self) -> str:
        head = (f"{'set':<8} {'system':<10} {'gold':>5} {'pred':>5}  "
                f"{'det P/R/F1':<17}  {'speaker P/R/F1':<17}  {'direct spk P/R/F1':<17} {'sec':>6}")
        rows = [head, "-" * len(head)]
        for s in self.scores:
            rows.append(
                f"{s.gold_set:<8} {s.system:<10} {s.n_gold:>5} {s.n_predicted:>5}  "
                f"{_fmt(s.detection):<17}  {_fmt(s.speaker):<17}  {_fmt(s.direct_speaker):<17}"
                f" {s.seconds:>6.2f}"
            )
        return "\n".join(rows)


def _fmt(p: PRF) -> str:
    return f"{p.precision:.3f}/{p.recall:.3f}/{p.f1:.3f}"


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Same name, or the words of one contained in the other's (see module docstring)."""
    if predicted is None or gold is None:
        return False
    a = name_key(clean_name(predicted, "PERSON") or predicted).replace("'", "").split()
    b = name_key(clean_name(gold, "PERSON") or gold).replace("'", "").split()
    if not a or not b:
        return False
    return set(a) <= set(b) or set(b) <= set(a)


def load_gold_quotes(path: Path, articles: Mapping[str, Article]) -> list[GoldQuote]:
    """Read and locate the ``quotes`` of a gold JSON file."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["quotes"]
        out = []
        for i in items:
            article = articles.get(str(i["article"]))
            if article is None:
                raise EvaluationDataError(f"gold names article {i['article']!r}, not read")
            text = str(i["text"])
            hits = [m.start() for m in re.finditer(re.escape(text), article.text)]
            k = int(i.get("occurrence", 0))
            if len(hits) <= k:
                raise EvaluationDataError(f"gold quote {text[:40]!r} not in {article.id!r}")
            sp = i.get("speaker")
            out.append(GoldQuote(article.id, hits[k], hits[k] + len(text), text,
                                 None if sp is None else str(sp), bool(i.get("direct", True))))
        return out
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(f"cannot read gold quotes from {path}: {exc}") from exc


def score(
    system: str, gold_set: str, gold: Sequence[GoldQuote], pred: Sequence[Predicted],
    seconds: float,
) -> Scores:
    """Score ``pred`` against ``gold`` (see the module docstring)."""
    match = match_spans(gold, pred)
    errors = []
    tp = tp_d = 0
    for gi, g in enumerate(gold):
        got = pred[match[gi]] if gi in match else None
        ok = got is not None and same_speaker(got.speaker, g.speaker)
        tp += ok
        tp_d += ok and g.direct
        if not ok and (g.speaker is not None or (got is not None and got.speaker is not None)):
            said = "(missed)" if got is None else repr(got.speaker)
            errors.append(f"{g.article}: {g.text[:60]!r} gold={g.speaker!r} got={said}")
    direct_gold = [gi for gi, g in enumerate(gold) if g.direct]
    direct_pred = [p for p in pred if p.direct]
    return Scores(
        system=system,
        gold_set=gold_set,
        n_gold=len(gold),
        n_predicted=len(pred),
        detection=PRF.of(len(match), len(pred), len(gold)),
        speaker=PRF.of(tp, sum(p.speaker is not None for p in pred),
                       sum(g.speaker is not None for g in gold)),
        direct_detection=PRF.of(sum(gi in match for gi in direct_gold), len(direct_pred),
                                len(direct_gold)),
        direct_speaker=PRF.of(tp_d, sum(p.speaker is not None for p in direct_pred),
                              sum(gold[gi].speaker is not None for gi in direct_gold)),
        seconds=seconds,
        errors=tuple(errors),
    )


System = Callable[[Sequence[Article]], list[Predicted]]


def newsweave_system(nlp: Language, splitter: Language | None = None) -> System:
    """newsweave as the pipeline runs it: ``nlp`` (parser + NER) parses each article,
    ``splitter`` (default: the parse) gives the sentences, :func:`article_quotes`."""
    from newsweave.entities import mentions_from_doc
    from newsweave.sentences import split_many

    def run(articles: Sequence[Article]) -> list[Predicted]:
        sentences: list[tuple[Sentence, ...] | None] = (
            list(split_many(articles, splitter)) if splitter is not None
            else [None] * len(articles))
        out = []
        docs = nlp.pipe(a.text for a in articles)
        for a, s, doc in zip(articles, sentences, docs, strict=True):
            quotes = article_quotes(a, doc, mentions_from_doc(a, doc), s)
            out += [Predicted(a.id, q.start, q.end, q.speaker, q.direct) for q in quotes]
        return out

    return run


def textacy_system(nlp_parser: Language) -> System:
    """textacy ``direct_quotations`` (speaker = the NER entity holding the speaker token)."""
    from textacy.extract.triples import direct_quotations

    def run(articles: Sequence[Article]) -> list[Predicted]:
        out = []
        for a, doc in zip(articles, nlp_parser.pipe(a.text for a in articles), strict=True):
            ents = {t.i: e for e in doc.ents for t in e}
            try:
                triples = list(direct_quotations(doc))
            except ValueError:  # textacy bails out on unbalanced quotation marks
                triples = []
            for triple in triples:
                content = triple.content
                lo, hi = content.start_char, content.end_char
                while lo < hi and a.text[lo] in "\"“”'‘’ ,":
                    lo += 1
                while hi > lo and a.text[hi - 1] in "\"“”'‘’ ,":
                    hi -= 1
                speaker = None
                if triple.speaker:
                    tok = triple.speaker[0]
                    speaker = ents[tok.i].text if tok.i in ents else " ".join(
                        t.text for t in triple.speaker)
                out.append(Predicted(a.id, lo, hi, speaker, True))
        return out

    return run


def _resolve(
    pred: list[Predicted],
    stories: Mapping[str, str],
    mentions: Mapping[str, Sequence[EntityMention]],
) -> list[Predicted]:
    """Speakers mapped to their story's canonical entity names (as the report shows them)."""
    by_story: dict[str, dict[str, Sequence[EntityMention]]] = {}
    for aid, ms in mentions.items():
        by_story.setdefault(stories.get(aid, ""), {})[aid] = ms
    resolvers = {s: SpeakerResolver(resolve_entities(m)) for s, m in by_story.items()}
    return [
        p if p.speaker is None else Predicted(
            p.article, p.start, p.end,
            resolvers[stories.get(p.article, "")].canonical(p.speaker), p.direct)
        for p in pred
    ]


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A named gold file and the articles it annotates."""

    name: str
    gold: Path
    corpus: Path


def default_sets(data: Path) -> list[GoldSet]:
    """The demo set in ``data`` (gold.json + corpus/) and the seeds set when present."""
    if data.is_file():
        sets = [GoldSet(data.stem, data, data.parent / "corpus")]
    else:
        sets = [GoldSet("demo", data / "gold.json", data / "corpus")]
    root = (data if data.is_dir() else data.parent).resolve().parent
    seeds_gold = root / "tests" / "gold" / "seeds_quotes.json"
    seeds = root.parent / "shared" / "seeds"
    if seeds_gold.exists() and seeds.exists():
        sets.append(GoldSet("seeds", seeds_gold, seeds))
    return sets


def evaluate_quotes(
    data: Path, *, sets: Sequence[GoldSet] | None = None, baseline: bool = True
) -> QuoteEvaluation:
    """Score newsweave (and textacy's ``direct_quotations``) on every gold set."""
    from newsweave.ingest import read_inputs
    from newsweave.nlp import load_spacy

    nlp = load_spacy(ner=True, parser=True)
    systems: list[tuple[str, System]] = [
        ("newsweave", newsweave_system(nlp, load_spacy(ner=False)))]
    if baseline:
        systems.append(("textacy", textacy_system(nlp)))
    results: list[Scores] = []
    for gs in sets if sets is not None else default_sets(data):
        if not gs.gold.exists() or not gs.corpus.exists():
            raise EvaluationDataError(f"gold set {gs.name!r}: {gs.gold} or {gs.corpus} missing")
        articles = read_inputs([str(gs.corpus)]).articles
        by_id = {a.id: a for a in articles}
        gold = load_gold_quotes(gs.gold, by_id)
        annotated = [a for a in articles if a.id in {g.article for g in gold}]
        raw: dict[str, Any] = json.loads(gs.gold.read_text(encoding="utf-8"))
        stories = {str(k): str(v.get("story", "")) for k, v in raw.get("articles", {}).items()}
        mentions = dict(zip((a.id for a in annotated),
                            extract_mentions_batch(annotated, nlp), strict=True))
        for name, system in systems:
            t0 = time.perf_counter()
            pred = _resolve(system(annotated), stories, mentions)
            results.append(score(name, gs.name, gold, pred, time.perf_counter() - t0))
    return QuoteEvaluation(tuple(results))
