"""The participants check (facts.participants) and the game rule of facts.occasions, on
short reports we wrote ourselves."""

from __future__ import annotations

from typing import Any

from newsweave.facts.occasions import Occasions
from newsweave.facts.parses import ClaimParses
from newsweave.facts.participants import Participants, lead_names, mentioned
from newsweave.model import Article, Claim, Sentence


def _article(aid: str, text: str) -> tuple[Article, tuple[Sentence, ...]]:
    out, start = [], 0
    for k, part in enumerate(text.split("\n")):
        out.append(Sentence(aid, k, start, start + len(part), part))
        start += len(part) + 1
    return Article(aid, text, aid, aid), tuple(out)


# Two title defences of one champion, told by reports that name no date: each report
# leads on the challenger of its own fight and never names the other one.
FIGHT_A = ("Marek Dolan keeps his belt\n"
           "Marek Dolan stopped Ivo Brennan in the fifth round in Lisbon.\n"
           "Brennan, 38, had not lost in four years.\nBrennan said he wanted a rematch.")
FIGHT_B = ("Dolan defends again\n"
           "Marek Dolan beat Sam Okafor on points to keep his title.\n"
           "Okafor, 34, was knocked down twice.\nOkafor thanked the crowd.")
# A second report of fight A: it leads on a cornerman the first one does not name, but
# names the challenger too.
FIGHT_A2 = ("Dolan too strong\n"
            "Coach Pia Lund watched Marek Dolan stop Ivo Brennan in the fifth.\n"
            "Lund said Brennan never found his range.\nBrennan is 38.")


def _participants(parser: Any, *texts: tuple[str, str]) -> Participants:
    made = [_article(aid, text) for aid, text in texts]
    return Participants([a for a, _ in made], {a.id: ss for a, ss in made},
                        ClaimParses(parser))


def test_reports_leading_on_different_opponents_are_two_occasions(parser: Any) -> None:
    p = _participants(parser, ("a", FIGHT_A), ("b", FIGHT_B), ("a2", FIGHT_A2))
    assert p.apart("a", "b")
    assert p.apart("a2", "b")


def test_one_report_naming_an_extra_person_is_not_another_occasion(parser: Any) -> None:
    p = _participants(parser, ("a", FIGHT_A), ("a2", FIGHT_A2))
    assert not p.apart("a", "a2")  # only one side names someone the other never does
    assert not p.apart("a", "a")


def test_lead_names_and_their_forms(parser: Any) -> None:
    art, sents = _article("a", FIGHT_A)
    names = lead_names(art, sents, ClaimParses(parser), min_mentions=1)
    persons = {f for label, forms in names if label == "PERSON" for f in forms}
    assert {"Ivo Brennan", "Brennan"} <= persons
    assert mentioned(frozenset({"Brennan"}), "Brennan, 38, lost.")
    assert not mentioned(frozenset({"Brennan"}), "the Brennanite school")


def test_a_team_record_is_compared_only_within_one_game(parser: Any) -> None:
    # Two games of one team: each report names its own game's scorer once, in the lead
    # (once only: the general check, which wants two mentions, says nothing here). The
    # leads state no final score, so occasions' check 5 says nothing either.
    game_a = ("Dallas edges Atlanta\n"
              "Dallas beat Atlanta behind quarterback Tom Reyes.\n"
              "Dallas (9-5) is in the playoffs.")
    game_b = ("Dallas rolls on\n"
              "Dallas routed Denver as Luis Ortega ran for two scores.\n"
              "Dallas (11-4) has won eight straight.")
    made = [_article("a", game_a), _article("b", game_b)]
    claims = [Claim(a.id, s.start, s.end, s.text) for a, ss in made for s in ss[2:3]]
    occ = Occasions([a for a, _ in made], {a.id: ss for a, ss in made}, claims,
                    ClaimParses(parser))
    assert occ.apart(0, 1, values=True) is None  # not a game's value: names once don't count
    assert occ.apart(0, 1, values=True, game=True) == "game"
    without = Occasions([a for a, _ in made], {a.id: ss for a, ss in made}, claims)
    assert without.apart(0, 1, values=True, game=True) is None  # no parses: no check 4
