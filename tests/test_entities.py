"""Entity mentions and story-level resolution on the seeds."""

from __future__ import annotations

from tests.conftest import SEEDS, require


def test_seed_entities_merge_aliases_and_fix_types(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    from newsweave.entities import extract_mentions_batch, resolve_entities, resolve_speaker
    from newsweave.ingest import read_inputs

    arts = read_inputs([str(require(SEEDS))]).articles
    mentions = extract_mentions_batch(arts, nlp_ner)
    for a, ms in zip(arts, mentions, strict=True):
        assert all(a.text[m.start:m.end] == m.text for m in ms)
    entities = resolve_entities({a.id: m for a, m in zip(arts, mentions, strict=True)})
    by_name = {e.name: e for e in entities}
    blinken = by_name["Antony Blinken"]
    assert blinken.type == "PERSON" and "Blinken" in blinken.aliases
    assert any(a.startswith("Blinkens") for a in blinken.aliases)
    assert set(blinken.article_ids) == {a.id for a in arts}
    xi = by_name["Xi Jinping"]
    assert xi.type == "PERSON" and "Xi" in xi.aliases
    assert by_name["Nikki Haley"].type == "PERSON"
    assert resolve_speaker("Blinken", entities) == "Antony Blinken"
    assert resolve_speaker("President Xi", entities) == "Xi Jinping"
    assert resolve_speaker("Somebody Else", entities) == "Somebody Else"


def test_surname_tagged_org_joins_person() -> None:
    from newsweave.entities import resolve_entities
    from newsweave.model import EntityMention

    ms = [EntityMention("a", 0, 21, "Mayor Renata Holloway", "PERSON")]
    ms += [EntityMention("b", i * 10, i * 10 + 8, "Holloway", "ORG") for i in range(4)]
    entities = resolve_entities({"a": ms[:1], "b": ms[1:]})
    assert len(entities) == 1
    assert entities[0].name == "Renata Holloway" and entities[0].type == "PERSON"


def test_a_dateline_place_is_a_place(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    from newsweave.entities import extract_mentions
    from newsweave.model import Article

    text = "PHOENIX (AP) _ A man was arrested on Monday after a police chase, police said."
    found = extract_mentions(Article(id="x", text=text, content_hash="x", origin="t"), nlp_ner)
    assert [(m.text, m.type) for m in found if m.start == 0] == [("PHOENIX", "GPE")]
