"""The learned speaker resolver (quotes/ranker.py): candidates, the shipped model, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import ModelUnavailableError
from newsweave.model import Article
from newsweave.quotes.ranker import FEATURES, default_speaker_model, load_speaker_model

TEXT = ("Barack Obama spoke in Philadelphia on Tuesday and went on to praise Hillary "
        "Clinton at length.\n\"She is ready for the job,\" he said.\n"
        "Hillary Clinton answered questions about Donald Trump after the debate.\n"
        "\"I debated him three times,\" she said.\n"
        "\"We are not done yet,\" Clinton told NBC's Lester Holt on Wednesday.")


def _article_quotes(nlp_ner, resolver: str):  # type: ignore[no-untyped-def]
    from newsweave.entities import mentions_from_doc
    from newsweave.quotes import article_quotes

    article = Article(id="t", text=TEXT, content_hash="t", origin="test")
    doc = nlp_ner(TEXT)
    return [q for q in article_quotes(article, doc, mentions_from_doc(article, doc),
                                      resolver=resolver) if q.direct]


def test_candidates_hold_the_speaker_and_the_rules_choice(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    from newsweave.entities import mentions_from_doc
    from newsweave.quotes.extract import speaker_candidates

    article = Article(id="t", text=TEXT, content_hash="t", origin="test")
    doc = nlp_ner(TEXT)
    found = speaker_candidates(article, doc, mentions_from_doc(article, doc))
    assert len(found) == 3
    for _, _, cands in found:
        assert all(len(c.features) == len(FEATURES) for c in cands)
        assert sum(c.features[FEATURES.index("rule")] for c in cands) == 1.0
    clash = {c.speaker.name: c.features[FEATURES.index("gender_clashes")] for c in found[0][2]}
    assert clash == {"Barack Obama": 0.0, "Hillary Clinton": 1.0}  # "he said"
    # "told NBC's Lester Holt": the listener is marked as one, the speaker is not
    listeners = {c.speaker.name for c in found[2][2]
                 if c.features[FEATURES.index("listener")] == 1.0}
    assert listeners == {"Lester Holt"}


def test_learned_resolver_names_the_same_speakers_here(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    rules = _article_quotes(nlp_ner, "rules")
    learned = _article_quotes(nlp_ner, "learned")
    assert [q.speaker for q in learned] == [q.speaker for q in rules] == [
        "Barack Obama", "Hillary Clinton", "Hillary Clinton"]
    assert all(0.0 <= q.confidence <= 1.0 for q in learned)


def test_unknown_resolver_is_refused(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="resolver"):
        _article_quotes(nlp_ner, "oracle")


def test_shipped_model_is_plain_json_with_its_provenance() -> None:
    from newsweave.quotes.ranker import DEFAULT_MODEL

    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert data["built_by"] == "benchmarks/train_quote_speakers.py"
    model = default_speaker_model()
    assert len(model.coef) == len(FEATURES) and 0.0 < model.threshold < 1.0


def test_a_model_of_other_features_says_how_to_rebuild_it(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["rule"], "mean": [0], "scale": [1], "coef": [1],
                                "intercept": 0, "threshold": 0.5}), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="train_quote_speakers"):
        load_speaker_model(path)
    with pytest.raises(ModelUnavailableError, match="train_quote_speakers"):
        load_speaker_model(tmp_path / "missing.json")
