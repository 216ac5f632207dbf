"""Story clustering: online = batch = stored index, time decay, thin and undated articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from newsweave.clustering import (
    ArticleFeatures,
    ClusterParams,
    StoryClusterer,
    StoryIndex,
    article_features,
    cluster,
    publication_order,
)
from newsweave.evaluation.clustering import GoldCorpus, bcubed, load_demo
from newsweave.sentences import split_many
from newsweave.store import Store

DEMO = Path(__file__).resolve().parents[1] / "demo"


@pytest.fixture(scope="module")
def demo() -> GoldCorpus:
    return load_demo(DEMO)


@pytest.fixture(scope="module")
def demo_features(demo: GoldCorpus, nlp, embedder) -> list[ArticleFeatures]:  # type: ignore[no-untyped-def]
    sentences = split_many(demo.articles, nlp)
    by_id = {a.id: s for a, s in zip(demo.articles, sentences, strict=True)}
    return article_features(demo.articles, by_id, embedder, None)


def test_demo_corpus_stories_match_gold(demo: GoldCorpus, demo_features) -> None:  # type: ignore[no-untyped-def]
    pred = cluster(demo_features)
    p, r, _ = bcubed(pred, demo.gold)
    assert (p, r) == (1.0, 1.0), (p, r)
    # A story key is the id of its seed: the earliest article of the story.
    for key in set(pred.values()):
        assert pred[key] == key


def test_batch_equals_one_by_one_in_any_arrival_grouping(demo_features) -> None:  # type: ignore[no-untyped-def]
    batch = cluster(demo_features)
    online = StoryClusterer()
    keys = {f.article_id: online.add(f) for f in publication_order(demo_features)}
    assert keys == batch == online.assignments


def test_stored_index_matches_in_memory_and_updates_one_story(demo_features) -> None:  # type: ignore[no-untyped-def]
    batch = cluster(demo_features)
    ordered = publication_order(demo_features)
    with Store.open() as store:
        index = StoryIndex(store.story_index())
        index.add_many(ordered[:30])
        # A second ingest on a store that already has stories: fresh index object,
        # one article at a time, touching only the story the article joins.
        later = StoryIndex(store.story_index())
        for f in ordered[30:]:
            before = dict(store.conn.execute("SELECT story_key, size FROM story_index"))
            key = later.add(f)
            after = dict(store.conn.execute("SELECT story_key, size FROM story_index"))
            changed = {k for k in after if after[k] != before.get(k)}
            assert changed == {key}
        assert later.assignments() == batch
        assert later.story_count() == len(set(batch.values()))
        undated = [f.article_id for f in demo_features if f.date is None]
        assert later.undated() == undated
        # Re-adding a known article is a no-op.
        assert later.add(ordered[0]) == batch[ordered[0].article_id]


def test_undated_articles_are_flagged_and_still_clustered(demo_features) -> None:  # type: ignore[no-untyped-def]
    clusterer = StoryClusterer()
    for f in publication_order(demo_features):
        clusterer.add(f)
    undated = [f for f in demo_features if f.date is None]
    assert undated and clusterer.undated == [f.article_id for f in undated]
    # The undated demo article belongs to a story seeded by a dated article.
    assert all(clusterer.assignments[f.article_id] != f.article_id for f in undated)


def test_stories_go_cold(demo_features) -> None:  # type: ignore[no-untyped-def]
    first = publication_order(demo_features)[0]
    assert first.date is not None
    params = ClusterParams()
    same_day = dataclasses.replace(first, article_id="copy-soon",
                                   date=first.date + dt.timedelta(days=2))
    much_later = dataclasses.replace(first, article_id="copy-late",
                                     date=first.date + dt.timedelta(days=params.cold_days + 3))
    clusterer = StoryClusterer(params)
    assert clusterer.add(first) == first.article_id
    assert clusterer.add(same_day) == first.article_id
    # Identical text, but more than cold_days after the story's last article: a new story.
    assert clusterer.add(much_later) == "copy-late"


def test_thin_article_joins_instead_of_seeding(demo_features) -> None:  # type: ignore[no-untyped-def]
    ordered = [f for f in publication_order(demo_features) if f.date is not None]
    seed = ordered[0]
    other = next(f for f in ordered if f.words.keys().isdisjoint(list(seed.words)[:3]))
    # A one-sentence article whose words overlap weakly: it joins the best story.
    thin = dataclasses.replace(other, article_id="thin", n_sentences=1, date=seed.date,
                               words=dict(list(seed.words.items())[:2]),
                               specifics={}, embedding=other.embedding)
    strict = StoryClusterer(ClusterParams(min_match=0.0))
    strict.add(seed)
    assert strict.add(thin) == seed.article_id
    # The same article with five sentences scores the same but must reach the threshold.
    full = dataclasses.replace(thin, article_id="full", n_sentences=5)
    alone = StoryClusterer(ClusterParams(min_match=0.0))
    alone.add(seed)
    assert alone.add(full) == "full"


def test_one_article_and_empty_input() -> None:
    assert cluster([]) == {}


def test_empty_article_never_crashes(embedder) -> None:  # type: ignore[no-untyped-def]
    from newsweave.model import Article

    empty = Article(id="e", text="", content_hash="x", origin="mem")
    (f,) = article_features([empty], {}, embedder, None)
    assert f.n_sentences == 0 and not f.words and float(f.embedding @ f.embedding) == 0.0
    assert cluster([f]) == {"e": "e"}


def test_stored_index_recovers_after_a_failed_add(demo_features) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    batch = cluster(demo_features)
    ordered = publication_order(demo_features)
    with Store.open() as store:
        index = StoryIndex(store.story_index())
        index.add_many(ordered[:20])
        # A malformed embedding fails inside the transaction: nothing of it is kept,
        # and the index's in-memory state is re-read from the store.
        bad = dataclasses.replace(ordered[20], embedding=np.zeros(3, dtype=np.float32))
        with pytest.raises(ValueError):
            index.add(bad)
        assert ordered[20].article_id not in index.assignments()
        index.add_many(ordered[20:])
        assert index.assignments() == batch


def test_lead_terms_cover_title_and_first_sentence_only(demo: GoldCorpus, nlp) -> None:  # type: ignore[no-untyped-def]
    from newsweave.features import _stop_words, content_words, lead_terms, lead_text

    article = next(a for a in demo.articles if a.title)
    (sentences,) = split_many([article], nlp)
    lead = lead_text(article.title, article.text, sentences)
    assert lead.startswith(article.title or "") and sentences[0].text in lead
    terms = lead_terms(lead, _stop_words())
    assert terms and abs(sum(v * v for v in terms.values()) - 1.0) < 1e-9
    later = set(content_words(" ".join(s.text for s in sentences[1:]), _stop_words()))
    lead_words = set(content_words(lead, _stop_words()))
    # Words found only after the first sentence are not lead terms.
    assert not (later - lead_words) & set(terms)
