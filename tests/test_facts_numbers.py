"""Numbers as news text writes them (newsweave.facts.numbers), on phrases of real reports."""

from __future__ import annotations

import math

import pytest

from newsweave.facts.numbers import Number, find_numbers, number_value, repair


def _one(text: str) -> tuple[float, float, float, str]:
    found = [n for n in find_numbers(text) if n.kind != "year"]
    assert len(found) == 1, found
    n = found[0]
    return n.value, n.low, n.high, n.kind


@pytest.mark.parametrize(("text", "value"), [
    ("The tremor hit 1,500 kilometers north of Lima.", 1500),
    ("The tremor hit 1, 500 kilometers north of Lima.", 1500),  # detokenised wire text
    ("Seismologists in the U.S. rated it at magnitude 6. 1.", 6.1),
    ("a 6.1-magnitude quake", 6.1),
    ("Vela island, where 80, 000 people live", 80000),
    ("two dozen protesters", 24),
    ("half a dozen shops", 6),
    ("twenty-one people", 21),
    ("a .38 caliber revolver", 0.38),
    ("a . 357 caliber revolver", 0.357),
    ("temperatures of minus 23 degrees", -23),
    ("a 2-1/2 year sentence", 2.5),
    ("was sentenced to 2 1/2 years", 2.5),
    ("spent 4½ months in a county jail", 4.5),
    ("spent 41 / 2 months in a county jail", 4.5),  # detokenised "4 1/2"
    ("Harmon spent four and a half months behind bars", 4.5),
    ("a $200MM deal", 2e8),
])
def test_values(text: str, value: float) -> None:
    assert _one(text)[0] == pytest.approx(value)


def test_money_scale_and_currency() -> None:
    n = find_numbers("The $1.28 billion spending plan")[0]
    assert n.kind == "money" and n.currency == "USD" and n.value == pytest.approx(1.28e9)
    assert n.low < 1.28e9 < n.high  # "1.28 billion" is rounded to the million
    eur = find_numbers("a deal worth a reported 48 million euros")[0]
    assert eur.currency == "EUR" and eur.value == 48e6
    assert find_numbers("valued at $US2 million ($3.04 million)")[0].currency == "USD"
    assert find_numbers("a $ 5. 3 million debt")[0].value == pytest.approx(5.3e6)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("more than 200 positions", 200, math.inf),
    ("at least 15 people", 15, math.inf),
    ("up to 20 people", -math.inf, 20),
    ("as many as 20,000 people", -math.inf, 20000),
    ("nearly 300,000 comments", 255000, 300000),
    ("about 130 people", 117, 143),
    ("between 10 and 12 people", 10, 12),
    ("40 or 50 of them", 40, 50),
    ("dozens of people", 24, 99),
    ("tens of thousands of protesters", 20000, 99990),
])
def test_bounds_and_ranges(text: str, low: float, high: float) -> None:
    _, lo, hi, _ = _one(text)
    assert lo == pytest.approx(low) and hi == pytest.approx(high)


def test_compatible_and_incompatible_values() -> None:
    def n(text: str) -> Number:
        return next(x for x in find_numbers(text) if x.kind != "year")

    assert n("about 40 people").agrees(n("42 people"))
    assert n("more than 10 people").agrees(n("12 people"))
    assert not n("12 people").agrees(n("at least 15 people"))
    assert not n("nearly 300,000 comments").agrees(n("nearly 235,000 comments"))


def test_not_quantities() -> None:
    kinds = {n.surface: n.kind for n in find_numbers(
        "At 9. 25 a. m. on March 3, in 2008, 12 AK-47s, IE10 and the 3rd floor.")}
    assert kinds.get("2008") == "year"
    assert "9" not in kinds and "25" not in kinds  # clock time
    assert "3" not in kinds and "47" not in kinds and "10" not in kinds
    assert kinds.get("12") == "quantity"
    # An ordinal word is not its cardinal; a date written day first is not a count.
    assert find_numbers("Critics mocked the eleventh-hour amendment") == []
    assert find_numbers("The operator said on Monday (14 March 2016) that the fix") == []
    assert [n.value for n in find_numbers("it took 10 months")] == [10.0]


def test_scores() -> None:
    score = find_numbers("Creighton won 65-53 on Friday")[0]
    assert score.kind == "score" and (score.value, score.high) == (65, 53)
    assert not score.agrees(find_numbers("Creighton won 65-55")[0])


def test_number_value_words() -> None:
    assert number_value("two dozen") == 24
    assert number_value("forty-two") == 42
    assert number_value("1, 500") == 1500
    assert number_value("blue") is None


def test_repair_keeps_a_map_to_the_original() -> None:
    text = "The 6. 1-magnitude quake hit the U. S. base at 10: 30 p. m., 1, 500 km away."
    fixed, positions = repair(text)
    assert fixed == "The 6.1-magnitude quake hit the U.S. base at 10:30 p.m., 1,500 km away."
    assert all(fixed[i] == text[p] for i, p in enumerate(positions))
    assert repair("on March 3, 200 people")[0] == "on March 3, 200 people"  # a date, a count
    fixed, positions = repair("a loaded. 38-caliber revolver")
    assert fixed == "a loaded .38-caliber revolver"
    assert sorted(positions) == list(range(len(fixed)))


def test_mangled_figures_clock_times_and_millimetres_are_not_quantities() -> None:
    assert [n.kind for n in find_numbers("on Dec 23 2012, 5: 03p")] == ["year"]
    assert find_numbers("served 4\ufffd months") == []  # a figure lost to a broken character
    assert find_numbers("on 5/5/2010 at noon") == []
    assert [n.value for n in find_numbers("a 9mm pistol")] == [9]


def test_win_loss_records_are_not_scores_or_ranges() -> None:
    def kinds(text: str) -> list[tuple[str, str]]:
        return [(n.kind, n.surface) for n in find_numbers(text)]

    # As sports wire copy words them: a team's record in parentheses, "record improved
    # to" (after a detached "’"), "a 7-4 season".
    assert kinds("the eighth victory for Denver (8-4) kept its hopes alive") == [
        ("record", "8-4")]
    assert kinds("Denver ’ record improved to 7-4 and") == [("record", "7-4")]
    assert kinds("This left the Broncos with a 7-4 season") == [("record", "7-4")]
    a, b = (find_numbers(t)[0] for t in ("the Broncos (8-4)", "the Broncos stand at 7-4"))
    assert not a.agrees(b) and a.agrees(find_numbers("Denver (8-4)")[0])
    # A split of a record is a part of it; shooting figures in parentheses are not a record.
    assert kinds("the Broncos are 6-2 in games settled by a field goal")[0][0] != "record"
    assert [k for k, _ in kinds("The Broncos (8-4, 3-3 on the road) had")] == [
        "record", "quantity"]
    assert kinds("The Hawks shot 41. 3 percent over the game (19-46)")[1][0] != "record"
    assert kinds("Creighton beat Drake 65-53")[0][0] == "score"


def test_counts_of_times() -> None:
    assert [(n.value, n.surface) for n in find_numbers("Page married twice; she")] == [
        (2.0, "twice")]
    assert find_numbers("twice as many people") == []
    assert find_numbers("more than twice the size") == []
