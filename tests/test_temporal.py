"""Time-expression recognition and normalisation (newsweave.temporal) and its evaluation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsweave.evaluation.temporal import (
    GoldTimex,
    Span,
    evaluate_normalisation,
    load_gold_timexes,
    locate_gold,
    score_system,
)
from newsweave.model import Article, Sentence
from newsweave.temporal import find_time_expressions, time_expressions_in_text

TUE = dt.date(2023, 6, 20)  # the second seed's publication date, a Tuesday
MON = dt.date(2023, 6, 19)
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared (seeds, evaluation data) sits next to the repo")
    return path

SEED_WIRE = "000_0cd94b892af4b87f"
SEED_REWRITE = "003_f1b843b36f5b19d6"

# (sentence, anchor, expected span text, value, precision)
TABLE = [
    ("Blinken met Xi on Monday in Beijing.", TUE, "Monday", "2023-06-19", "day"),
    ("The talks ended on Sunday.", TUE, "Sunday", "2023-06-18", "day"),
    ("He arrived Tuesday with his aides.", TUE, "Tuesday", "2023-06-20", "day"),
    ("She left last Tuesday.", TUE, "last Tuesday", "2023-06-13", "day"),
    ("He will return to Washington on Friday.", TUE, "Friday", "2023-06-23", "day"),
    ("The vote is scheduled for Thursday.", TUE, "Thursday", "2023-06-22", "day"),
    ("They meet again next Monday.", TUE, "next Monday", "2023-06-26", "day"),
    ("Officials said Wednesday they will act.", TUE, "Wednesday", "2023-06-14", "day"),
    ("The press briefing was held Monday.", MON, "Monday", "2023-06-19", "day"),
    ("It happened yesterday.", TUE, "yesterday", "2023-06-19", "day"),
    ("The plane lands tomorrow.", TUE, "tomorrow", "2023-06-21", "day"),
    ("The balloon was downed in February.", TUE, "February", "2023-02", "month"),
    ("Xi and Biden met last November.", TUE, "last November", "2022-11", "month"),
    ("They will meet again in November.", TUE, "November", "2023-11", "month"),
    ("The plan was announced in June.", TUE, "June", "2023-06", "month"),
    ("A summit is planned for next March.", TUE, "next March", "2024-03", "month"),
    ("Talks stalled in early March.", TUE, "early March", "2023-03", "month"),
    ("Fighting resumed in late November.", TUE, "late November", "2022-11", "month"),
    ("In December the rules changed.", dt.date(2023, 1, 10), "December", "2022-12", "month"),
    ("On June 19, 2023, Blinken met Xi.", TUE, "June 19, 2023", "2023-06-19", "day"),
    ("The law took effect on 19 June 2023.", TUE, "19 June 2023", "2023-06-19", "day"),
    ("It was signed on Jan. 5, 2021.", TUE, "Jan. 5, 2021", "2021-01-05", "day"),
    ("The attacks of Sept. 11, 2001 changed that.", TUE, "Sept. 11, 2001", "2001-09-11", "day"),
    ("Prices peaked in June 2022.", TUE, "June 2022", "2022-06", "month"),
    ("It was the first trip since 2018.", TUE, "2018", "2018", "year"),
    ("The ceasefire broke two days ago.", TUE, "two days ago", "2023-06-18", "day"),
    ("The protests began three months ago.", TUE, "three months ago", "2023-03", "month"),
    ("A year ago nobody expected it.", TUE, "A year ago", "2022", "year"),
    ("Inflation eased earlier this month.", TUE, "earlier this month", "2023-06", "month"),
    ("Sales rose earlier this year.", TUE, "earlier this year", "2023", "year"),
    ("Exports fell last year.", TUE, "last year", "2022", "year"),
    ("Elections are due next year.", TUE, "next year", "2024", "year"),
    ("Rates went up last month.", TUE, "last month", "2023-05", "month"),
    ("The file is dated 2023-06-19.", TUE, "2023-06-19", "2023-06-19", "day"),
    ("The memo of 6/19/2023 leaked.", TUE, "6/19/2023", "2023-06-19", "day"),
    ("The meeting on Monday, June 19 ended early.", TUE, "Monday, June 19", "2023-06-19", "day"),
    ("Growth slowed in mid-2021.", TUE, "mid-2021", "2021", "year"),
    ("The holiday fell on December 25 as always.", TUE, "December 25", "2022-12-25", "day"),
    ("He leads the polls for the 2024 presidential campaign.", TUE, "2024", "2024", "year"),
    # A week is placed on a timeline at the month of its Thursday (ISO 8601 week rule).
    ("Shares slid last week.", TUE, "last week", "2023-06", "month"),
    ("Shares slid last week.", dt.date(2023, 1, 3), "last week", "2022-12", "month"),
    ("The board met on 06/07/2023.", TUE, "06/07/2023", "2023-06-07", "day"),
    ("Crowds gathered tonight.", TUE, "tonight", "2023-06-20", "day"),
    ("The election was held in May.", TUE, "May", "2023-05", "month"),
    ("Troops withdrew on May 5, 2022.", TUE, "May 5, 2022", "2022-05-05", "day"),
    # The nearest tense cue decides, not any cue in the sentence.
    ("Ferraz will wear the shirt, last worn by Varela before his retirement in May.",
     dt.date(2025, 9, 4), "May", "2025-05", "month"),
    ("The museum, which was last targeted by thieves, will remain closed on Friday.",
     dt.date(2025, 10, 9), "Friday", "2025-10-10", "day"),
    ("Labels would be emailed to all registered owners by Friday.",
     dt.date(2025, 9, 22), "Friday", "2025-09-26", "day"),
    ("Crowe told staff at a meeting on Wednesday that weaving would restart.",
     dt.date(2025, 10, 16), "Wednesday", "2025-10-15", "day"),
    ("“He sounds ready to go again in November,” said Bettina Kraus.",
     dt.date(2025, 9, 26), "November", "2025-11", "month"),
    ("The bank would watch wages, after large pay deals in April, officials said.",
     dt.date(2025, 9, 25), "April", "2025-04", "month"),
    ("Moradi said Ferraz could make his debut on Sept. 13, after the break.",
     dt.date(2025, 9, 2), "Sept. 13", "2025-09-13", "day"),
    ("The casket was made around 1340 in Lindmark.", TUE, "1340", "1340", "year"),
]


@pytest.mark.parametrize(("text", "anchor", "span", "value", "precision"), TABLE)
def test_expression_table(
    text: str, anchor: dt.date, span: str, value: str, precision: str
) -> None:
    found = time_expressions_in_text(text, anchor)
    assert [(e.text, e.value, e.precision) for e in found] == [(span, value, precision)]
    e = found[0]
    assert text[e.start : e.end] == e.text


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 30


@pytest.mark.parametrize(
    "text",
    [
        "We met the minister. We are not done.",
        "The Sun reported it. Wed couples celebrated.",
        "You may go, and they may not.",
        "Protesters march through the city. The March for Life drew crowds.",
        "More than 2,000 people waited outside.",
        "Some 2000 troops and 1500 police were deployed.",
        "A second A380 and a quarter of its dealers; a 40-year-old man in his 20s.",
        "Flight 2023 was delayed; it cost $1999 and runs 24/7.",
        "May I ask a question?",
        "In an interview with April Ryan, he smiled.",
        "He told USA Today the talks went well.",
        "All staff would be paid in full; 1200 cases were filed.",
        "Rates were lifted to 4.25 percent; the score was 3:1, up 0.25 points.",
        "China Eastern and the Daily Mail reported it.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert time_expressions_in_text(text, TUE) == ()


def test_decades_have_a_timex_value_but_no_timeline_date() -> None:
    found = time_expressions_in_text("Growth was faster in the 1990s and the '80s.", TUE)
    assert [(e.text, e.timex_value, e.value, e.precision) for e in found] == [
        ("the 1990s", "199", None, None), ("the '80s", "198", None, None)]


def test_undated_article_leaves_relative_expressions_unresolved() -> None:
    text = "On Monday officials recalled that in February 2021 and on June 19, 2023 " \
           "they met, and again last November and since 2018."
    found = {e.text: e for e in time_expressions_in_text(text, None, article_id="x")}
    assert found["Monday"].value is None and found["Monday"].relative
    assert found["Monday"].timex_value == "XXXX-WXX-1"
    assert found["last November"].value is None and found["last November"].relative
    assert found["last November"].timex_value == "XXXX-11"
    assert found["February 2021"].value == "2021-02" and not found["February 2021"].relative
    assert found["June 19, 2023"].value == "2023-06-19"
    assert found["2018"].value == "2018"
    assert all(e.article_id == "x" for e in found.values())


@pytest.mark.parametrize("text", ["February 30, 2023", "2023-02-30", "April 31", "31/04/2023"])
def test_impossible_dates_are_rejected_not_shifted(text: str) -> None:
    found = time_expressions_in_text(f"The deal was dated {text} by mistake.", TUE)
    # Recognised as one expression (so no fragment such as "2023" is read as a date),
    # valued XXXX-XX-XX and never placed on a timeline.
    assert [(e.text, e.timex_value, e.value, e.precision) for e in found] == [
        (text, "XXXX-XX-XX", None, None)]


def test_ambiguous_numeric_date_in_an_undated_text_is_not_guessed() -> None:
    (e,) = time_expressions_in_text("The memo dated 06/07/2023 leaked.", None)
    assert (e.text, e.timex_value, e.value) == ("06/07/2023", "2023-XX-XX", None)


def _seed_articles() -> dict[str, Article]:
    from newsweave.ingest import read_inputs

    result = read_inputs([str(require(SEEDS))])
    return {a.id: a for a in result.articles}


@pytest.mark.shared
def test_seed_key_expressions() -> None:
    arts = _seed_articles()
    wire, rewrite = arts[SEED_WIRE], arts[SEED_REWRITE]
    w = find_time_expressions(wire)
    r = find_time_expressions(rewrite)
    assert [(e.text, e.value, e.precision) for e in w] == [("Monday", "2023-06-19", "day")]
    got = {e.text: (e.value, e.precision) for e in r}
    assert got["Monday"] == ("2023-06-19", "day")
    assert got["February"] == ("2023-02", "month")
    assert got["last November"] == ("2022-11", "month")
    assert got["2018"] == ("2018", "year")
    monday = next(e for e in r if e.text == "Monday")
    assert rewrite.text[monday.start - 3 : monday.end] == "on Monday"
    # Durations are recognised (TimeML) but never become timeline dates.
    durations = {e.text: e.timex_value for e in r if e.type == "DURATION"}
    assert durations == {"35 minutes": "PT35M", "decades": "PXDE"}
    assert all(e.value is None for e in r if e.type == "DURATION")


@pytest.mark.shared
def test_seed_gold_scores_newsweave_at_least_as_well_as_dateparser() -> None:
    arts = _seed_articles()
    gold = load_gold_timexes(ROOT / "tests" / "gold" / "seeds_timex.json")
    scores = evaluate_normalisation(gold, list(arts.values()))
    ours, base = scores["newsweave"], scores["dateparser"]
    assert ours.n_gold == len(gold) == 6
    assert ours.value_accuracy == 1.0
    assert ours.relaxed.f1 == 1.0
    assert ours.value_f1.f1 >= base.value_f1.f1


def test_locate_gold_uses_occurrence_order() -> None:
    a = Article(id="a", text="Monday came, then Monday again.", content_hash="h", origin="t")
    spans = locate_gold(
        [GoldTimex("a", "Monday", None, None), GoldTimex("a", "Monday", None, None)], {"a": a}
    )
    assert [(s.start, s.end) for s in spans] == [(0, 6), (18, 24)]


def test_score_system_counts_strict_relaxed_and_values() -> None:
    gold = [Span("a", 0, 13, "last November", "2022-11", "month"),
            Span("a", 20, 26, "Monday", "2023-06-19", "day")]
    pred = [Span("a", 5, 13, "November", "2023-11", "month"),  # overlaps, wrong value
            Span("a", 20, 26, "Monday", "2023-06-19", "day"),  # exact, right
            Span("a", 40, 44, "2018", "2018", "year")]  # false positive
    s = score_system("x", gold, pred, 0.0)
    assert (s.strict.precision, s.strict.recall) == (pytest.approx(1 / 3), 0.5)
    assert (s.relaxed.precision, s.relaxed.recall) == (pytest.approx(2 / 3), 1.0)
    assert s.value_accuracy == 0.5
    assert s.value_f1.recall == 0.5
    assert len(s.errors) == 1


def test_seed_gold_file_is_well_formed() -> None:
    data = json.loads(Path(ROOT / "tests" / "gold" / "seeds_timex.json").read_text())
    for item in data["time_expressions"]:
        assert set(item) >= {"article", "text", "value", "precision"}
        assert item["article"] in data["articles"]


def test_anaphoric_shift_keeps_the_reference_precision() -> None:
    text = "Consumer prices rose 5.1% in August from a year earlier. Harlan retired in 1973. " \
           "Five years later he was charged."
    found = [(e.text, e.value, e.precision, e.relative)
             for e in time_expressions_in_text(text, dt.date(2025, 9, 25))]
    assert found == [("August", "2025-08", "month", True),
                     ("a year earlier", "2024-08", "month", True),
                     ("1973", "1973", "year", False),
                     ("Five years later", "1978", "year", True)]


def test_anaphora_without_a_previous_date_stays_unresolved() -> None:
    (e,) = time_expressions_in_text("Two days later the talks collapsed.", TUE)
    assert (e.text, e.timex_value, e.value, e.relative) == ("Two days later", "XXXX-XX-XX",
                                                           None, True)


def test_a_backward_shift_without_a_previous_date_counts_from_the_article_date() -> None:
    (e,) = time_expressions_in_text("Sales rose 5% from a year earlier.", TUE)
    assert (e.text, e.timex_value) == ("a year earlier", "2022")


def test_sentences_bound_the_tense_clause() -> None:
    # "U.S." ends no sentence; with the real sentence spans the clause is the whole
    # sentence, and the spans/values are the same as without them.
    text = "The U.S. envoy will land on Friday. He met Xi on Monday."
    art = Article(id="s", text=text, content_hash="h", origin="t", date=TUE)
    spans = [Sentence("s", 0, 0, 35, text[:35]), Sentence("s", 1, 36, len(text), text[36:])]
    with_sents = find_time_expressions(art, spans)
    assert [(e.text, e.value) for e in with_sents] == [("Friday", "2023-06-23"),
                                                       ("Monday", "2023-06-19")]
    assert with_sents == find_time_expressions(art)
