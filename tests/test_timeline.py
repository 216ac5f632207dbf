"""Story timelines (newsweave.timeline): anchoring, merging across sources, ordering."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from newsweave.evaluation.temporal import date_selection_f1
from newsweave.model import Article, ArticleAnalysis, Sentence, StoryInput, TimeExpression
from newsweave.temporal import find_time_expressions
from newsweave.timeline import TimelineParams
from newsweave.timeline import build_timeline as _build_timeline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared (seeds, evaluation data) sits next to the repo")
    return path

SEED_WIRE = "000_0cd94b892af4b87f"
SEED_REWRITE = "003_f1b843b36f5b19d6"


def _article(aid: str, text: str, date: dt.date | None) -> Article:
    return Article(id=aid, text=text, content_hash=aid, origin=aid, date=date)


def _sentences(a: Article) -> tuple[Sentence, ...]:
    """Split on '. ' for hand-written test texts (the seeds use the real splitter)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", a.text)]
    out = []
    for i, (s, e) in enumerate(spans):
        while a.text[s] == " ":
            s += 1
        out.append(Sentence(a.id, i, s, e, a.text[s:e]))
    return tuple(out)


def build_timeline(articles, sentences, times, vectors=None, **params):  # type: ignore[no-untyped-def]
    """The stage over one StoryInput made of these per-article mappings."""
    analyses = {aid: ArticleAnalysis(aid, (), (), tuple(ts)) for aid, ts in times.items()}
    return _build_timeline(StoryInput(tuple(articles), sentences, vectors or {}, analyses),
                           params=TimelineParams(**params))


def _inputs(*arts: Article) -> tuple[dict[str, tuple[Sentence, ...]],
                                     dict[str, tuple[TimeExpression, ...]]]:
    sents = {a.id: _sentences(a) for a in arts}
    times = {a.id: find_time_expressions(a) for a in arts}
    return sents, times


def test_same_event_from_two_sources_is_one_entry() -> None:
    a = _article("a", "Rebels seized the northern town of Kidal on Sunday. Aid was cut.",
                 dt.date(2023, 3, 13))
    b = _article("b", "The army said Tuesday it was regrouping. Rebel fighters seized the town "
                      "of Kidal in the north on Sunday, witnesses said.", dt.date(2023, 3, 14))
    timeline = build_timeline([b, a], *_inputs(a, b))
    sunday = [e for e in timeline if e.date == "2023-03-12"]
    assert len(sunday) == 1
    assert sunday[0].sources == ("a", "b")
    assert sunday[0].text.startswith("Rebels seized")  # the earliest source's wording
    for ev in sunday[0].evidence:
        text = {"a": a.text, "b": b.text}[ev.article_id]
        assert "Kidal" in text[ev.start : ev.end]


def test_different_events_on_the_same_day_stay_apart() -> None:
    a = _article("a", "Lead about the summit. The central bank raised rates on Monday.",
                 dt.date(2023, 3, 14))
    b = _article("b", "Another lead here. A storm flooded coastal villages on Monday.",
                 dt.date(2023, 3, 14))
    monday = [e for e in build_timeline([a, b], *_inputs(a, b)) if e.date == "2023-03-13"]
    assert len(monday) == 2


def test_lead_without_date_is_the_publication_event() -> None:
    a = _article("a", "The minister resigned after a week of protests. He said little.",
                 dt.date(2023, 5, 2))
    (entry,) = build_timeline([a], *_inputs(a))
    assert (entry.date, entry.precision, entry.sources) == ("2023-05-02", "day", ("a",))


def test_undated_article_contributes_only_absolute_dates() -> None:
    a = _article("a", "The minister resigned on Monday. The party was founded in March 1998.",
                 None)
    timeline = build_timeline([a], *_inputs(a))
    assert [(e.date, e.precision) for e in timeline] == [("1998-03", "month")]


def test_since_and_year_modifiers_do_not_date_events() -> None:
    a = _article("a", "It was the first visit since 2018. Both sides look to the 2024 "
                      "election season. The treaty was signed in 2019.", dt.date(2023, 6, 20))
    timeline = build_timeline([a], *_inputs(a))
    # The lead has no event date of its own, so it is the publication event.
    assert [(e.date, e.text[:9]) for e in timeline] == [("2019", "The treat"),
                                                        ("2023-06-20", "It was th")]


def test_sentence_with_two_dates_is_split_into_clauses() -> None:
    a = _article("a", "Lead. Xi and Biden met in Bali last November, and the US shot down a "
                      "balloon in February.", dt.date(2023, 6, 20))
    timeline = build_timeline([a], *_inputs(a))
    by_date = {e.date: e.text for e in timeline}
    assert "Bali" in by_date["2022-11"] and "balloon" not in by_date["2022-11"]
    assert "balloon" in by_date["2023-02"] and "Bali" not in by_date["2023-02"]


def test_empty_inputs_give_an_empty_timeline() -> None:
    assert build_timeline([], {}, {}) == ()


def _seed_timeline(nlp, embedder=None):  # type: ignore[no-untyped-def]
    from newsweave.ingest import read_inputs
    from newsweave.sentences import split_sentences

    arts = read_inputs([str(require(SEEDS))]).articles
    sents = {a.id: split_sentences(a, nlp) for a in arts}
    times = {a.id: find_time_expressions(a, sents[a.id]) for a in arts}
    vectors = None
    if embedder is not None:
        vectors = {a.id: embedder.encode([s.text for s in sents[a.id]]) for a in arts}
    return build_timeline(arts, sents, times, vectors)


def _check_seed_timeline(timeline) -> None:  # type: ignore[no-untyped-def]
    dates = [e.date for e in timeline]
    assert dates == sorted(dates)
    by_date = {e.date: e for e in timeline}
    assert "bali" in by_date["2022-11"].text.lower()
    assert by_date["2022-11"].precision == "month"
    assert "balloon" in by_date["2023-02"].text
    meeting = by_date["2023-06-19"]
    assert meeting.precision == "day"
    assert set(meeting.sources) == {SEED_WIRE, SEED_REWRITE}
    assert "Xi Jinping" in meeting.text
    assert "2018" not in by_date
    f = date_selection_f1(timeline, ["2022-11", "2023-02", "2023-06-19"])
    assert f.f1 == 1.0


@pytest.mark.shared
def test_seed_timeline_lexical(nlp) -> None:  # type: ignore[no-untyped-def]
    _check_seed_timeline(_seed_timeline(nlp))


@pytest.mark.shared
@pytest.mark.slow
def test_seed_timeline_embeddings(nlp, embedder) -> None:  # type: ignore[no-untyped-def]
    _check_seed_timeline(_seed_timeline(nlp, embedder))


@pytest.mark.shared
@pytest.mark.slow
def test_story_timeline_embeds_only_event_sentences(nlp, embedder) -> None:  # type: ignore[no-untyped-def]
    from newsweave.ingest import read_inputs
    from newsweave.story import prepare_story, story_timeline

    class Counting:
        def __init__(self) -> None:
            self.texts = 0

        def encode(self, texts):  # type: ignore[no-untyped-def]
            self.texts += len(texts)
            return embedder.encode(texts)

    arts = read_inputs([str(require(SEEDS))]).articles
    every = prepare_story(arts, nlp, embedder)
    bare = prepare_story(arts, nlp, None)
    assert bare.embeddings == {}
    counting = Counting()
    events_only = story_timeline(bare, embedder=counting)  # type: ignore[arg-type]
    n_sentences = sum(len(s) for s in bare.sentences.values())
    assert 0 < counting.texts < n_sentences / 2
    assert events_only == story_timeline(every)
    _check_seed_timeline(events_only)


def test_lead_with_two_dates_gives_one_event_per_clause() -> None:
    a = _article("a", "Dockworkers will return to work on Saturday after their union reached a "
                      "deal late Thursday, ending the strike.", dt.date(2025, 9, 12))
    by_date = {e.date: e.text for e in build_timeline([a], *_inputs(a))}
    assert by_date["2025-09-13"] == "Dockworkers will return to work on Saturday"
    # A clause cut out of the sentence is marked as such.
    assert by_date["2025-09-11"].startswith("…after their union reached a deal late Thursday")


def test_attribution_clause_does_not_split_the_sentence() -> None:
    text = ("Lead. The blaze at the Harwick plant was contained on Monday, Carrow Fire and "
            "Rescue said on Tuesday.")
    a = _article("a", text, dt.date(2025, 9, 10))
    events = [e for e in build_timeline([a], *_inputs(a)) if "blaze" in e.text]
    # One event, dated by what happened (Monday), told in the whole sentence.
    assert [(e.date, e.text) for e in events] == [
        ("2025-09-08", "The blaze at the Harwick plant was contained on Monday, Carrow Fire "
                       "and Rescue said on Tuesday.")
    ]


def test_quotation_split_across_sentences_is_shown_balanced() -> None:
    text = ("Lead. “Yesterday was a hard day. Today the weather is giving us a chance,” Fire "
            "Chief Gideon Marsh said on Sunday.")
    a = _article("a", text, dt.date(2025, 9, 7))
    by_date = {e.date: e for e in build_timeline([a], *_inputs(a))}
    assert by_date["2025-09-06"].text == "“Yesterday was a hard day.”"
    today = by_date["2025-09-07"]
    assert today.text.startswith("“Today the weather") and today.text.count("“") == 1
    # The evidence still points at the source text, without the added mark.
    ev = today.evidence[0]
    assert a.text[ev.start:ev.end].startswith("Today the weather")


def test_display_text_balances_straight_quotes_and_marks_clipped_clauses() -> None:
    from newsweave.timeline import display_text

    assert display_text('Not on my watch," Holloway said.') == '"Not on my watch," Holloway said.'
    assert display_text('"We will rebuild.') == '"We will rebuild."'
    assert display_text("was contained on Monday", clipped=True) == "…was contained on Monday"
    assert display_text("was contained on Monday") == "was contained on Monday"
    assert display_text("Police said so.", clipped=True) == "Police said so."


def test_year_after_for_is_a_target_not_an_event_date() -> None:
    a = _article("a", "The council approved a budget for 2026 on Tuesday.", dt.date(2025, 9, 24))
    assert [(e.date, e.precision) for e in build_timeline([a], *_inputs(a))] == [
        ("2025-09-23", "day")
    ]


def test_embeddings_must_have_one_row_per_sentence() -> None:
    import numpy as np

    a = _article("a", "The minister resigned on Monday. He said little.", dt.date(2023, 5, 2))
    with pytest.raises(ValueError, match="one row per sentence"):
        build_timeline([a], *_inputs(a), {"a": np.zeros((1, 384), dtype=np.float32)})


@pytest.mark.shared
def test_syndicated_copy_is_merged_into_every_entry(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsweave.ingest import read_inputs
    from newsweave.sentences import split_sentences

    demo = ROOT / "demo" / "corpus"
    arts = [a for a in read_inputs([str(demo)]).articles
            if a.id in ("tw-2025-09-02-calder-bay-dock-strike",
                        "cb-2025-09-02-calder-bay-dock-strike")]
    assert len(arts) == 2
    sents = {a.id: split_sentences(a, nlp) for a in arts}
    times = {a.id: find_time_expressions(a, sents[a.id]) for a in arts}
    timeline = build_timeline(arts, sents, times)
    assert timeline
    assert all(len(e.sources) == 2 for e in timeline)
    assert {e.date for e in timeline} >= {"2019", "2024-11", "2025-09-02"}


def test_durations_sets_and_periods_up_to_now_date_no_event() -> None:
    """TIMEX3 types: a duration or a set is never a timeline date, and "the past year"
    (a stretch up to the article date) dates no event; "on Monday" still does."""
    a = _article("p", "Sales rose 8% over the past year. Talks lasted two years. "
                      "The board meets every week. Ford cut jobs on Monday.", dt.date(2023, 6, 20))
    sents, times = _inputs(a)
    assert {t.text: t.type for t in times["p"]} == {
        "the past year": "DATE", "two years": "DURATION", "every week": "SET", "Monday": "DATE"}
    timeline = build_timeline([a], sents, times)
    assert [e.date for e in timeline] == ["2023-06-19", "2023-06-20"]  # Monday; the lead
    assert not any("past year" in e.text or "two years" in e.text or "every week" in e.text
                   for e in timeline if e.date != "2023-06-20")


def test_a_date_range_is_one_entry() -> None:
    a = _article("a", "The company sold cars in Europe between 2005 and January 2009. "
                      "It closed its plant on Monday.", dt.date(2010, 3, 10))
    timeline = build_timeline([a], *_inputs(a))
    ranged = [e for e in timeline if e.end is not None]
    assert [(e.date, e.end, e.precision, e.end_precision) for e in ranged] == [
        ("2005", "2009-01", "year", "month")]
    assert not any(e.date == "2009-01" for e in timeline)  # not a second event
    b = _article("b", "Prices rose from March 3 to March 9. Trading resumed.", dt.date(2010, 3, 10))
    [entry] = [e for e in build_timeline([b], *_inputs(b)) if e.end is not None]
    assert (entry.date, entry.end) == ("2010-03-03", "2010-03-09")


def test_max_dates_keeps_the_days_most_sources_cite() -> None:
    texts = {
        "a": "Rebels seized the town of Kidal on Sunday. The army fled north on Saturday.",
        "b": "Rebels took Kidal on Sunday, residents said. Talks open on Friday.",
        "c": "Rebel fighters captured Kidal on Sunday. The army fled the town on Saturday.",
        "d": "A blog post about football results of March 1. Rebels seized Kidal on Sunday.",
    }
    arts = [_article(k, t, dt.date(2023, 3, 14)) for k, t in texts.items()]
    full = build_timeline(arts, *_inputs(*arts))
    top = build_timeline(arts, *_inputs(*arts), max_dates=2)
    assert [e.date for e in top] == ["2023-03-11", "2023-03-12"]  # Saturday, Sunday
    sunday = top[1]
    # One sentence: the telling most sources share (lexically merged here, no embeddings).
    assert set(sunday.sources) == {"a", "b", "d"}
    assert len([e for e in full if e.date == "2023-03-12"]) >= 1
    # "Friday" after the latest publication is a plan, never a top date.
    assert all(e.date <= "2023-03-14" for e in build_timeline(arts, *_inputs(*arts),
                                                               max_dates=10))
    with pytest.raises(ValueError, match="at least 1"):
        build_timeline(arts, *_inputs(*arts), max_dates=0)


def test_hundreds_of_copies_of_one_day_are_one_entry() -> None:
    # Wire copies retelling one day: every copy joins the one entry (their identical
    # wording is compared once, see timeline.merge.MAX_COMPARED), a different event of
    # that day stays apart.
    text = ("Dock workers at the port of Eastmouth walked off the job on Tuesday after wage "
            "talks collapsed. ")
    arts = [_article(f"a{i:04d}", f"Item {i}. " + text * 3, dt.date(2025, 9, 3))
            for i in range(300)]
    other = _article("z", "Item z. The mayor of Eastmouth resigned over a budget row on "
                     "Tuesday.", dt.date(2025, 9, 3))
    timeline = build_timeline([*arts, other], *_inputs(*arts, other))
    tuesday = [e for e in timeline if e.date == "2025-09-02"]
    assert len(tuesday) == 2
    strike = next(e for e in tuesday if "Dock workers" in e.text)
    assert len(strike.sources) == 300 and len(strike.evidence) == 900
    assert next(e for e in tuesday if "mayor" in e.text).sources == ("z",)
