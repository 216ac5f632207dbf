"""Quote extraction, attribution and story-level variants on the seeds and real-style text."""

from __future__ import annotations

import pytest

from newsweave.model import Article, Quote
from tests.conftest import SEEDS, require


def _article(text: str, aid: str = "t") -> Article:
    return Article(id=aid, text=text, content_hash=aid, origin=aid)


def _quotes(text: str, nlp_ner) -> tuple[Quote, ...]:  # type: ignore[no-untyped-def]
    from newsweave.quotes import extract_quotes

    return extract_quotes(text, nlp_ner)


@pytest.fixture(scope="module")
def seeds(nlp_ner):  # type: ignore[no-untyped-def]
    from newsweave.entities import mentions_from_doc
    from newsweave.ingest import read_inputs
    from newsweave.nlp import load_spacy
    from newsweave.quotes import article_quotes
    from newsweave.sentences import split_many

    arts = read_inputs([str(require(SEEDS))]).articles
    sents = split_many(arts, load_spacy(ner=False))
    docs = list(nlp_ner.pipe(a.text for a in arts))
    ments = [mentions_from_doc(a, d) for a, d in zip(arts, docs, strict=True)]
    quotes = {a.id: article_quotes(a, d, m, s)
              for a, d, m, s in zip(arts, docs, ments, sents, strict=True)}
    return arts, ments, quotes


def _find(quotes, fragment: str) -> Quote:  # type: ignore[no-untyped-def]
    hits = [q for qs in quotes.values() for q in qs if fragment in q.text]
    assert hits, f"no quote contains {fragment!r}"
    return hits[0]


def test_seed_quotes_and_speakers(seeds) -> None:  # type: ignore[no-untyped-def]
    arts, _, quotes = seeds
    for a in arts:
        for q in quotes[a.id]:
            assert a.text[q.start:q.end] == q.text
    # Missing opening mark (06-20 seed).
    q = _find(quotes, "I came to Beijing")
    assert q.direct and q.speaker == "Antony Blinken" and q.text.endswith("we did all of that")
    # Unquoted reported speech, trailing tags, inverted verb with appositive.
    assert _find(quotes, "those kinds of communications").speaker == "Antony Blinken"
    assert _find(quotes, "I hope that through this visit").speaker == "Xi Jinping"
    assert _find(quotes, "doesn’t just embarrass").speaker == "Nikki Haley"
    # Titles and roles; partial quote after "called".
    assert _find(quotes, "a good step forward.").speaker == "Karine Jean-Pierre"
    # Pronoun: "he said" -> the person last in focus; next quote continues it.
    assert _find(quotes, "these kinds of communications").speaker == "Antony Blinken"
    assert _find(quotes, "keep working on").speaker == "Antony Blinken"
    # Unmarked first-person continuation of an unmarked statement.
    assert _find(quotes, "continue to work on").speaker == "Antony Blinken"
    # Generic subject: no speaker is invented.
    assert _find(quotes, "stabilize").speaker is None
    # ... neither for the reported statement nor for the partial quote inside it
    # ("The two sides said they agreed to “stabilize” …": they is the generic subject).
    assert [q.speaker for qs in quotes.values() for q in qs if q.text == "stabilize"] == [None]


def test_inverted_role_and_according_to(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“Automation is not about cutting jobs,” said Tobias Reinholt, the group’s chief "
        "executive.\nNo new talks had been scheduled as of Tuesday evening, according to "
        "the State Labour Mediation Office.\nAccording to the Halvard App Drivers "
        "Association, about 2,000 drivers have joined the group since Tuesday."
    )
    qs = _quotes(text, nlp_ner)
    by_text = {q.text.split()[0]: q for q in qs}
    assert by_text["Automation"].speaker == "Tobias Reinholt" and by_text["Automation"].direct
    assert by_text["No"].speaker == "State Labour Mediation Office"
    assert not by_text["No"].direct
    assert by_text["about"].speaker == "Halvard App Drivers Association"


def test_unbalanced_marks_and_unknown_speaker(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = (
        "He left. “This quote never closes and runs on\nA new paragraph” with a stray "
        "close. Officials said the road would reopen on Friday. \"Straight quote\" "
        "and ” alone."
    )
    qs = _quotes(text, nlp_ner)  # must not raise
    assert any(q.text.startswith("This quote never closes") for q in qs)
    road = [q for q in qs if "road would reopen" in q.text]
    assert road and road[0].speaker is None


def test_story_quotes_variants_and_misquote(seeds) -> None:  # type: ignore[no-untyped-def]
    from newsweave.entities import resolve_entities
    from newsweave.quotes import differences, story_quotes

    arts, ments, quotes = seeds
    entities = resolve_entities({a.id: m for a, m in zip(arts, ments, strict=True)})
    statements = story_quotes(quotes, entities, arts)
    kinds = next(s for s in statements if "these kinds" in s.quote.text)
    assert kinds.speaker == "Antony Blinken"
    assert [v.article_id for v in kinds.variants] == [arts[1].id]
    assert '"these" -> "those"' in kinds.variants[0].differences
    assert not kinds.variants[0].misquote
    keep = next(s for s in statements if "keep working on" in s.quote.text)
    assert keep.variants and "continue to work on" in keep.variants[0].text
    # Demo misquote: a material change of meaning is flagged.
    diffs, material = differences("We are not raising property taxes",
                                  "We are not ruling out raising property taxes")
    assert material and diffs[0].startswith("misquote:") and '+ "ruling out"' in diffs
    assert not differences("these kinds", "those kinds")[1]


def test_long_article_many_quotes(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    para = ("“We will keep working on this,” Mara Quinlan said. The port said it had "
            "offered a raise. “Our door is open,” she said.\n")
    qs = _quotes(para * 60, nlp_ner)
    direct = [q for q in qs if q.direct]
    assert len(direct) == 120 and all(q.speaker == "Mara Quinlan" for q in direct)
