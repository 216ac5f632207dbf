"""Parses made at analysis time and stored: the weave reads them as if it had parsed them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from newsweave.annotate import annotate
from newsweave.embed import embed_sentences
from newsweave.facts import compare_facts
from newsweave.facts.measures import has_number, measures_of
from newsweave.facts.parses import ClaimParses
from newsweave.facts.participants import lead_names, lead_text
from newsweave.facts.stored_parses import from_bytes, parse_texts, texts_to_parse, to_bytes
from newsweave.ingest import expand_paths, iter_inputs
from newsweave.model import Article, Rejection, StoryInput
from newsweave.nlp import Models
from newsweave.sentences import split_many

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def _demo(nlp: Any) -> tuple[list[Article], list[Any]]:
    """The demo corpus's articles (the project's own text) and their sentences."""
    articles = [a for a in iter_inputs(expand_paths([str(DEMO)])) if not isinstance(a, Rejection)]
    assert len(articles) >= 30
    return articles, split_many(articles, nlp)


def _reading(doc: Any) -> list[tuple[Any, ...]]:
    """Every token attribute the comparison reads, and a few it could."""
    return [(t.text, t.whitespace_, t.idx, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
             t.ent_iob_, t.ent_type_, str(t.morph), t.norm_, t.lower_, t.is_alpha, t.is_title,
             t.is_sent_start, [c.i for c in t.children]) for t in doc]


def test_a_stored_parse_reads_as_the_parse_itself(nlp: Any, parser: Any) -> None:
    articles, split = _demo(nlp)
    texts = [texts_to_parse(a, s) for a, s in zip(articles, split, strict=True)]
    assert sum(map(len, texts)) > 100  # numeric claims and leads: the test means something
    blobs = parse_texts(parser, texts)
    checked = 0
    for own, blob in zip(texts, blobs, strict=True):
        stored = from_bytes(parser, blob)
        assert [d.text for d in stored] == own
        for text, doc in zip(own, stored, strict=True):
            alone = parser(text)
            assert _reading(doc) == _reading(alone), text
            assert [(e.text, e.label_, e.start) for e in doc.ents] == [
                (e.text, e.label_, e.start) for e in alone.ents]
            assert [s.text for s in doc.sents] == [s.text for s in alone.sents]
            checked += 1
    assert checked == sum(map(len, texts))
    assert to_bytes(from_bytes(parser, blobs[0])) == blobs[0]  # deterministic bytes


def test_values_and_leads_read_the_same_from_stored_parses(nlp: Any, parser: Any) -> None:
    from newsweave.claims import split_claims

    articles, split = _demo(nlp)
    blobs = parse_texts(parser, [texts_to_parse(a, s) for a, s in zip(articles, split,
                                                                      strict=True)])
    stored = ClaimParses(parser)
    stored.add_stored(blobs)
    known = len(stored)
    pool = [c for a, s in zip(articles, split, strict=True) for c in split_claims(a, s)]
    numeric = [i for i, c in enumerate(pool) if has_number(c.text)]
    assert len(numeric) > 50
    assert measures_of(pool, numeric, stored) == measures_of(pool, numeric, ClaimParses(parser))
    for article, own in zip(articles, split, strict=True):
        assert lead_names(article, own, stored, min_mentions=1) == lead_names(
            article, own, ClaimParses(parser), min_mentions=1)
        assert lead_text(article, own) in {d.text for d in stored.docs([lead_text(article, own)])}
    assert len(stored) == known  # nothing was parsed again: every text was stored


class _Counting:
    """A spaCy pipeline that counts the texts it is asked to parse (the real one parses)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp, self.parsed = nlp, 0
        self.pipe_names, self.vocab = nlp.pipe_names, nlp.vocab

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        self.parsed += len(texts)
        return self.nlp.pipe(texts, **kwargs)


def test_the_weave_parses_only_what_annotate_did_not_store(models: Models, parser: Any) -> None:
    articles = [a for a in iter_inputs(expand_paths([str(DEMO)])) if not isinstance(a, Rejection)]
    analyses = {a.article_id: a for a in annotate(articles, models)}
    assert all(a.parses for a in analyses.values() if a.failure is None)
    sentences = {a.id: analyses[a.id].sentences for a in articles}
    embeddings = embed_sentences(sentences, models.embedder)
    story = StoryInput(tuple(articles), sentences, embeddings, analyses)
    bare = StoryInput(tuple(articles), sentences, embeddings)  # no stored parses: as before
    with_stored, without = _Counting(parser), _Counting(parser)
    found = compare_facts(story, nlp=cast(Any, with_stored))
    assert found == compare_facts(bare, nlp=cast(Any, without))
    assert found.conflicts or found.updates  # values were read
    assert without.parsed > 100
    assert with_stored.parsed < without.parsed / 2  # the numeric claims and leads were stored
