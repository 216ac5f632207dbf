"""Who said it: one test per error class of issue 12, on news-style text written here."""

from __future__ import annotations

import pytest

from newsweave.model import Quote


def _direct(text: str, nlp_ner) -> list[Quote]:  # type: ignore[no-untyped-def]
    from newsweave.quotes import extract_quotes

    return [q for q in extract_quotes(text, nlp_ner) if q.direct]


def _speaker_of(quotes: list[Quote], fragment: str) -> str | None:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no direct quote contains {fragment!r}: {[q.text for q in quotes]}"
    return hits[0].speaker


def test_pronoun_agrees_in_gender(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("Barack Obama spoke in Philadelphia on Tuesday and went on to praise Hillary "
            "Clinton at length.\n\"She is ready for the job,\" he said.\n"
            "Hillary Clinton answered questions about Donald Trump after the debate.\n"
            "\"I debated him three times,\" she said.")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "ready for the job") == "Barack Obama"
    assert _speaker_of(qs, "I debated him") == "Hillary Clinton"


def test_pronoun_never_goes_to_an_organisation(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("Russian Network RT interviewed the analyst Mark Sleboda on Monday.\n"
            "\"This is a provocation by the alliance,\" he said.")
    assert _speaker_of(_direct(text, nlp_ner), "provocation") == "Mark Sleboda"


def test_titles_and_appositives_are_not_names(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("\"It is a tragedy for the state,\" said Sen. Ben Sasse, a Nebraska "
            "Republican.\n\"We will hold hearings,\" Grassley, Republican of Iowa, said.\n"
            "\"The committee will act,\" Rep. Nancy Pelosi said.")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "tragedy") == "Ben Sasse"
    assert _speaker_of(qs, "hold hearings") == "Grassley"
    assert _speaker_of(qs, "committee will act") == "Nancy Pelosi"


def test_the_listener_is_not_the_speaker(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("Pollster Bill McInturff told NBC that voters \"have made up their minds\" "
            "already.\nDonald Trump told CNN's Dana Bash: \"I will win this state.\"")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "made up their minds") == "Bill McInturff"
    trump = next(q for q in qs if "win this state" in q.text)
    assert trump.speaker == "Donald Trump"
    assert trump.cue_span is not None and text[slice(*trump.cue_span)] == "told"


@pytest.mark.parametrize(("text", "fragment", "speaker"), [
    ("The senator reiterated his view. Senator John Tester reiterated, \"We need the "
     "votes.\"", "need the votes", "John Tester"),
    ("A protester, Maria Lopez, shouted \"Shame on you\" at the officers.",
     "Shame on you", "Maria Lopez"),
    ("The coach, Tom Hardy, blurted out \"That was a disgrace\" after the game.",
     "disgrace", "Tom Hardy"),
    ("Jeremy Lott, author: \"Nobody saw this coming, least of all the party.\"",
     "Nobody saw this coming", "Jeremy Lott"),
    ("The fire \"spread within minutes to the roof,\" according to the fire service "
     "report.", "spread within minutes", "the fire service report"),
    ("\"The city failed its residents,\" the daily wrote in an editorial on Sunday.",
     "failed its residents", "the daily"),
    ("\"Nobody was hurt in the blaze,\" police said on Saturday.",
     "Nobody was hurt", "police"),
    ("Critic Anna Berg wrote on her blog, writing: \"The film is a triumph of style.\"",
     "triumph of style", "Anna Berg"),
    ("The retired dancer Lena Moro purported that the old shows \"were pure joy\" for "
     "the whole troupe.", "pure joy", "Lena Moro"),
])
def test_cue_verbs_and_frames(nlp_ner, text: str, fragment: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    got = _speaker_of(_direct(text, nlp_ner), fragment)
    assert got is not None and got.casefold() == speaker.casefold()


def test_follow_on_paragraph_keeps_the_speaker(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("\"We are shocked by what happened,\" said Laura Hendricks, a spokeswoman for "
            "the hospital.\n\"Our staff did everything they could.\n"
            "\"We will review our procedures.\"\nThe hospital reopened on Monday.")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "Our staff did everything") == "Laura Hendricks"
    assert _speaker_of(qs, "review our procedures") == "Laura Hendricks"
    follow = next(q for q in qs if "Our staff" in q.text)
    assert follow.cue_span is None and 0.4 <= follow.confidence < 1.0


def test_titles_markup_fragments_are_not_quotes(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("\"It will be a close race,\" Chuck Todd said on \"Meet the Press\" on Sunday.\n"
            "The \"American Pie\" star checked into rehab, her rep said.\n"
            "<tweet id=\"1234567\"> was deleted later.\n"
            "The doors were \"locked\" when firefighters arrived.\n"
            "Kevin \"K.J.\" Jones scored twice.\n"
            "\"He told me 'get out of here' and left,\" the witness said.")
    qs = _direct(text, nlp_ner)
    texts = [q.text for q in qs]
    assert not any(t in ("Meet the Press", "American Pie", "locked", "K.J.") for t in texts)
    assert not any("1234567" in t for t in texts)
    assert _speaker_of(qs, "close race") == "Chuck Todd"
    assert _speaker_of(qs, "get out of here") == "the witness"


def test_unattributed_rather_than_a_guess(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("The storm hit the coast on Friday night.\n\"It was the worst night of my "
            "life.\"\nHundreds of homes lost power.")
    qs = _direct(text, nlp_ner)
    assert len(qs) == 1 and qs[0].speaker is None and qs[0].speaker_id is None


def test_one_call_api_fields(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = "\"Prices will fall next year,\" said Ingrid Dahl, the central bank governor."
    (q,) = _direct(text, nlp_ner)
    assert text[q.start:q.end] == q.text == "Prices will fall next year"
    assert q.direct and q.speaker == "Ingrid Dahl" and q.speaker_kind == "person"
    assert q.speaker_id == "person:ingrid dahl"
    assert q.speaker_span is not None and text[slice(*q.speaker_span)] == "Ingrid Dahl"
    assert q.cue_span is not None and text[slice(*q.cue_span)] == "said"
    assert 0.5 < q.confidence <= 1.0


def test_a_doc_without_parse_is_refused(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsweave.errors import ModelUnavailableError
    from newsweave.model import Article
    from newsweave.quotes import article_quotes

    text = "\"Hello there,\" she said."
    a = Article(id="x", text=text, content_hash="x", origin="x")
    with pytest.raises(ModelUnavailableError, match="parser"):
        article_quotes(a, nlp(text), ())


def test_mixed_marks_and_foreign_text(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("“We are ready,\" coach Lars Berg said. \"Everyone is fit,” he added.\n"
            "„Wir schaffen das“, sagte die Kanzlerin.\n"
            "« Nous ne céderons pas », a déclaré le ministre.\n"
            "Ελπίζουμε σε μια λύση, είπε ο υπουργός.")
    qs = _direct(text, nlp_ner)  # no crash on any of it
    assert _speaker_of(qs, "We are ready") == "Lars Berg"
    assert _speaker_of(qs, "Everyone is fit") == "Lars Berg"
    lines = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^\n]+", text)]
    for q in qs:
        assert any(lo <= q.start and q.end <= hi for lo, hi in lines)


@pytest.mark.slow
def test_200_kb_article_end_to_end(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    para = ("“We will not stand by,” union president Mara Quinlan told reporters on "
            "Tuesday. “Our door is open,” she said.\n")
    text = para * 1900
    assert len(text) > 200_000
    qs = _direct(text, nlp_ner)
    assert len(qs) == 3800 and all(q.speaker == "Mara Quinlan" for q in qs)
    assert all("\n" not in q.text for q in qs)


def test_name_variants_resolve_to_the_full_name(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # Short given names, suffixes and acronyms name the entity written in full earlier.
    text = ("Former President William J. Clinton visited the flooded town on Monday.\n"
            "\"We will rebuild every house,\" Bill Clinton said.\n"
            "The Los Angeles Police Department opened an inquiry on Friday.\n"
            "\"The officer has been suspended,\" the LAPD said in a statement.\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "rebuild every house") == "William J. Clinton"
    assert _speaker_of(qs, "officer has been suspended") == "Los Angeles Police Department"


def test_surname_the_recogniser_missed_is_an_antecedent(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # "Hart" (untyped by NER) is the article's one Hart: the nearest "she" means her, not
    # the actress named (and typed) a sentence earlier.
    text = ("Marjorie Ann Hart was born in Toledo in 1931 and modelled for hundreds of "
            "magazine covers.\nIn 2009 Laura Beckett played her on stage.\n"
            "Hart stayed away from photographers after her years in fashion.\n"
            "\"Let them keep the pictures and forget the woman,\" she said in an interview "
            "in 1996.\n")
    assert _speaker_of(_direct(text, nlp_ner), "forget the woman") == "Marjorie Ann Hart"


def test_quoted_nickname_between_given_name_and_surname() -> None:
    # The recogniser took 'The Chin" Gigante' for a title; the convention makes it a name.
    from newsweave.model import EntityMention
    from newsweave.quotes.candidates import nickname_joined
    from newsweave.quotes.names import name_list

    text = 'Vincent "The Chin" Gigante died. His brother Louis Gigante spoke.'
    ner = [EntityMention("a", 9, 26, 'The Chin" Gigante', "WORK_OF_ART"),
           EntityMention("a", 46, 59, "Louis Gigante", "PERSON")]
    got = [(m.text, m.type) for m in nickname_joined(text, ner, name_list())]
    assert got == [("Vincent Gigante", "PERSON"), ("Louis Gigante", "PERSON")]


def test_occupational_titles_are_not_names(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # error class 8: garbage names from the recogniser ("Filmmaker" tagged PERSON).
    text = ("Filmmaker Anthony Minghella spoke on Monday.\n\"It was a hard shoot,\" he said.\n"
            "Having Jackman on the set was a joy, the director said.\n"
            "\"He is a professional,\" said Filmmaker.")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "hard shoot") == "Anthony Minghella"
    professional = next(q for q in qs if "professional" in q.text)
    assert professional.speaker_kind != "person"


def test_a_plural_group_name_is_not_one_person(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # error class 8: entity types wrong ("The Greeks" tagged PERSON).
    text = "The Greeks voted on Sunday. \"We want dignity,\" Greeks chanted outside parliament."
    q = next(q for q in _direct(text, nlp_ner) if "dignity" in q.text)
    assert q.speaker == "Greeks" and q.speaker_kind != "person"


def test_slogans_on_banners_and_signs_are_quotes_of_their_bearers(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # Title case right after a speech or inscription verb is what the source displayed
    # (PARC: the content of an attribution), not a title; after "told" it stays a title
    # (the listener), and a possessive nickname stays a name.
    text = ("Hundreds of students marched downtown on Sunday, unfurling banners reading "
            "\"Hands Off Our Schools\" outside the ministry.\n"
            "The mayor told \"Good Morning Harbour\" that the talks would go on.\n"
            "Witnesses described \"Tiny's\" role in the scheme.")
    qs = _direct(text, nlp_ner)
    texts = [q.text for q in qs]
    assert "Hands Off Our Schools" in texts
    assert _speaker_of(qs, "Hands Off") is not None
    assert "students" in (_speaker_of(qs, "Hands Off") or "").casefold()
    assert "Good Morning Harbour" not in texts
    assert "Tiny's" not in texts


def test_pronoun_continues_the_described_source_of_reported_speech(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # Nobody named nearby: "She added" continues the spokeswoman who was reporting
    # in the sentences before; an organisation or a plural never takes "she".
    text = ("The warehouse fire was put out overnight.\n"
            "A police spokeswoman said three roads had been closed for hours.\n"
            "The spokeswoman said they had all been cleared by noon.\n"
            "She added: \"We thank residents for their patience.\"\n"
            "The council said repairs would start next week.\n"
            "It added: \"Nobody was hurt.\"")
    qs = _direct(text, nlp_ner)
    assert "spokeswoman" in (_speaker_of(qs, "patience") or "")
    assert "spokeswoman" not in (_speaker_of(qs, "Nobody was hurt") or "")


def test_it_says_after_a_document_is_the_document(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    text = ("Prosecutors filed the case in March.\n"
            "No reason for her actions is given in the indictment filed last week, but it "
            "says she set up \"a scheme to hide the payments from the auditors.\"")
    qs = _direct(text, nlp_ner)
    assert "indictment" in (_speaker_of(qs, "scheme to hide") or "")


def test_bare_surname_of_two_relatives_is_the_one_just_named(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # Father and son share the surname: right after the son is introduced, "Varga said"
    # is the son; far from him, the bare surname stays with the father named first.
    text = ("Club director Miklos Varga was named head coach on Monday.\n"
            "Varga has worked for the club for twenty years.\n"
            "His son, Bence Varga, plays in the youth team and said the news surprised him.\n"
            "\"My father deserves this chance,\" Varga said.\n"
            "The club will play at home on Saturday against a team from the capital.\n"
            "The stadium holds twelve thousand people and tickets are still on sale.\n"
            "Varga will hold his first training session on Tuesday morning.\n"
            "\"We start from zero,\" Varga said.\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "deserves this chance") == "Bence Varga"
    assert _speaker_of(qs, "start from zero") == "Miklos Varga"


def test_untyped_surname_of_two_relatives_goes_to_the_one_mentioned_most(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # Two people share the surname; a bare surname far from the father (quoted once)
    # is the story's subject, the one mentioned most, and "he said" right after it
    # means him, not the last quoted speaker.
    text = ("Forward Dario Kessling scored twenty points on Friday night.\n"
            "Kessling broke the club record with a hook shot late in the game.\n"
            "Kessling also took eleven rebounds.\n"
            "\"He never gives up,\" said Rolf Kessling, who flew in to watch his son.\n"
            "The coach Ivo Brandt watched from the bench.\n"
            "\"It was a great night for all of us,\" Brandt said later.\n"
            "Then Kessling, who had missed a dunk earlier, walked slowly to the bench.\n"
            "\"I was nervous the whole week,\" he said.\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "nervous the whole week") == "Dario Kessling"


def test_untagged_quote_after_narration_about_the_speaker_continues_her(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # A narrator sentence about the same person (subject "she") between two of her
    # quotations: the untagged second quotation is still hers.
    text = ("The painter Ilse Marten opened her last show in Vienna in 1998.\n"
            "\"I paint what I cannot say,\" she told a local radio station.\n"
            "In her last years she rarely left her studio by the river.\n"
            "\"Let the pictures speak for me when I am gone.\"\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "pictures speak for me") == "Ilse Marten"


def test_relayed_words_belong_to_the_verb_that_introduces_them(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # The paper relays what the court file says the man told his neighbour: the
    # innermost reporting verb ("told her") is the source's, not the outer "reported".
    text = ("Martin Kell was fined in 2019 for threatening a neighbour.\n"
            "According to the court file, he shouted at her across the fence and told "
            "her, \"You will regret this day,\" the local paper reported.\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "regret this day") == "Martin Kell"


def test_coordinated_partial_quotes_share_their_verb(nlp_ner) -> None:  # type: ignore[no-untyped-def]
    # The second partial quotation hangs on the first ("X and an Y"); both are the
    # speaker's words under the one verb.
    text = ("The mayor Paula Grieve spoke to reporters after the vote.\n"
            "She called the plan \"a waste of public money\" and a \"disgrace,\" "
            "pointing at the empty site.\n")
    qs = _direct(text, nlp_ner)
    assert _speaker_of(qs, "waste of public money") == "Paula Grieve"
    assert _speaker_of(qs, "disgrace") == "Paula Grieve"
