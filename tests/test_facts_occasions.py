"""The two-occasions guard (facts.occasions) on short reports we wrote ourselves."""

from __future__ import annotations

import datetime as dt

from newsweave.facts.occasions import Occasions, claim_dates, identifiers
from newsweave.model import Article, Claim, Sentence


def _article(aid: str, text: str, date: dt.date | None) -> tuple[Article, tuple[Sentence, ...]]:
    art = Article(aid, text, aid, aid, date=date)
    out, start = [], 0
    for k, part in enumerate(text.split("\n")):
        out.append(Sentence(aid, k, start, start + len(part), part))
        start += len(part) + 1
    return art, tuple(out)


def _occasions(*reports: tuple[str, str, dt.date | None]) -> tuple[Occasions, list[Claim]]:
    made = [_article(aid, text, date) for aid, text, date in reports]
    claims = [Claim(a.id, s.start, s.end, s.text) for a, ss in made for s in ss[1:2]]
    return Occasions([a for a, _ in made], {a.id: ss for a, ss in made}, claims), claims


def test_reports_anchored_weeks_apart_are_two_occasions() -> None:
    occ, _ = _occasions(
        ("a", "Index slides\nThe Westmark index lost 2 percent on Monday.", dt.date(2011, 3, 8)),
        ("b", "Index slides again\nThe Westmark index lost 5 percent.", dt.date(2011, 3, 30)),
    )
    assert occ.apart(0, 1) == "report days"


def test_a_follow_up_report_of_one_event_is_one_occasion() -> None:
    # A day later, the lead names the day of the event: the anchors are one day apart.
    occ, _ = _occasions(
        ("a", "Quake in the hills\nA quake killed 12 people in Dornvale today.",
         dt.date(2012, 6, 3)),
        ("b", "Toll rises\nSunday's quake in Dornvale killed 15 people, officials said.",
         dt.date(2012, 6, 4)),
    )
    assert occ.apart(0, 1) is None
    assert occ.apart(0, 1, running=True) is None


def test_claims_naming_different_years_or_days() -> None:
    occ, _ = _occasions(
        ("a", "Patch\nThe vendor shipped an emergency patch in 2009.", None),
        ("b", "Patch\nThe vendor shipped an emergency patch in 2014.", None),
        ("c", "Fall\nShares fell 3 percent on March 4, 2010.", None),
        ("d", "Fall\nShares fell 3 percent on March 9, 2010.", None),
    )
    assert occ.apart(0, 1) == "claim years"
    assert occ.apart(2, 3) == "claim days"
    assert occ.apart(2, 3, running=True) is None  # a toll's days are reporting times
    assert claim_dates("Shares fell on March 4, 2010.", None) == (
        frozenset({2010}), frozenset({"2010-03-04"}))


def test_different_numbered_things_of_one_series() -> None:
    assert identifiers("Crews checked Flight 212 and an Airbus A340.") == {
        "flight": frozenset({"212"}), "code:a": frozenset({"340"})}
    assert identifiers("The Hawks (9-4) won 21-17 in May 2010") == {}
    occ, _ = _occasions(
        ("a", "Fix\nThe patch closes a hole in Browsa 7 for home users.", None),
        ("b", "Fix\nThe patch closes a hole in Browsa 10 for home users.", None),
        ("c", "Fix\nThe patch closes a hole in Browsa 7 and Browsa 8.", None),
    )
    assert occ.apart(0, 1) == "identifiers"
    assert occ.apart(0, 2) is None


def test_undated_game_reports_with_different_final_scores_are_two_games() -> None:
    # Two undated reports of one club: the leads state two results, so a player's points
    # in one are not a conflict with his points in the other (check 5).
    occ, _ = _occasions(
        ("a", "Harbor City rolls on\nHarbor City beat Pinecrest 81-64 on the road. "
         "Odell Marsh had 19 points.", None),
        ("b", "Harbor City wins at home\nHarbor City beat Lakemont 77-70 at home. "
         "Odell Marsh scored 24 points.", None),
        ("c", "Harbor City recap\nHarbor City won 81-64 over Pinecrest. Marsh added 21.",
         None),
    )
    assert occ.apart(0, 1) == "lead scores"
    assert occ.apart(0, 2) is None  # one result in both leads: one game
    # The compared value is the score itself: two results of one game are the conflict.
    assert occ.apart(0, 1, score=True) is None


def test_reports_whose_leads_state_no_score_are_not_told_apart_by_it() -> None:
    occ, _ = _occasions(
        ("a", "Harbor City rolls on\nHarbor City beat Pinecrest 81-64.", None),
        ("b", "Injury news\nOdell Marsh will miss two weeks with a sprained ankle.", None),
    )
    assert occ.apart(0, 1) is None
