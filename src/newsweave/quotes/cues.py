"""Attribution cues: the reporting verbs, nouns and frames that introduce a quotation.

Following the attribution literature (PARC 3.0, Pareti 2016; Krestel et al. 2008),
a cue is the word of the narrator's text that attributes content to a source. The
lists are lemmas (spaCy's lemmatiser), matched on the dependency parse:

* :data:`CUE_VERBS`: verbs of saying, writing, asking, manner of speaking and
  stance (Levin 1993 classes 37.x "verbs of communication", plus news usage:
  *tweet*, *post*, *blog*). Their nominal subject is the source.
* :data:`CUE_PHRASALS`: verb + particle frames (*blurt out*, *point out*, *go on*).
* :data:`CUE_NOUNS`: nouns heading a frame whose possessor or ``by``/``from``
  phrase is the source (*in a statement*, *his comments*, *the tweet read*).
* "according to X", "X: “…”" (a colon after the source), "quoted X as saying" are
  handled as frames in :mod:`newsweave.quotes.source`.
"""

from __future__ import annotations

__all__ = [
    "CUE_NOUNS", "CUE_PHRASALS", "CUE_VERBS", "PARTIAL_VERBS", "SOURCE_OBJECT_VERBS",
    "STANCE_VERBS",
]

CUE_VERBS = frozenset(
    """say tell add note state declare announce explain insist argue assert claim
    maintain contend allege acknowledge admit concede confess confirm deny reveal
    disclose report recount recall reply respond answer retort counter rejoin ask
    inquire enquire question wonder query demand request plead beg urge implore warn
    caution advise recommend suggest propose predict forecast estimate speculate
    guess reckon surmise theorize theorise hypothesize posit conclude reason observe
    remark comment mention stress emphasize emphasise underline underscore
    highlight reiterate repeat restate reaffirm affirm aver avow swear vow pledge
    promise guarantee assure reassure threaten boast brag gloat crow complain
    grumble gripe grouse moan groan whine lament bemoan bewail regret apologize
    apologise criticize criticise condemn denounce decry deplore slam blast lash
    chide scold rebuke reprimand berate castigate attack accuse charge blame fault
    praise laud hail applaud commend congratulate thank welcome celebrate cheer joke
    jest quip tease taunt mock scoff sneer jeer laugh chuckle giggle sigh sob cry
    weep wail scream shout yell holler bellow roar bark snap snarl growl hiss fume
    rage rant rave storm thunder fulminate seethe huff sniff snort grunt mutter
    murmur mumble whisper gasp stammer stutter blurt exclaim interject interrupt
    chime sing chant recite read intone drawl purr coo gush enthuse rhapsodize
    marvel muse ponder reflect ruminate philosophize opine pontificate preach
    lecture harangue sermonize moralize editorialize write tweet retweet post blog
    text email message broadcast quote cite paraphrase summarize summarise describe
    characterize characterise portray label term dub brand nickname christen tout
    proclaim trumpet testify depose attest vouch plead petition appeal protest
    object dissent disagree agree concur inform notify alert brief signal imply hint
    insinuate intimate specify stipulate outline detail elaborate clarify expand
    amplify continue conclude interject offer volunteer venture hazard challenge
    dispute contest contradict rebut refute reject dismiss disavow disown repudiate
    retract recant correct caveat hedge equivocate concede divulge leak gossip
    rumor rumour chat babble ramble talk speak discuss debate vent
    utter voice verbalize articulate express share relate
    narrate retell recount explain defend justify insist order command instruct
    direct purport""".split()
)
# Stance verbs: cues of attribution in PARC 3.0, but weaker evidence that marked
# words are someone's utterance ("police believe the “surge” ..." is a scare quote).
STANCE_VERBS = frozenset(
    """think believe feel hope fear worry doubt suspect expect know understand
    realize realise consider find see""".split()
)
# Verbs that mean speech only with a particle ("blurted out", "pointed out").
CUE_PHRASALS = frozenset(
    """blurt:out point:out go:on spell:out lay:out sound:off speak:out cry:out call:out
    shout:out lash:out hit:back fire:back shoot:back chime:in weigh:in pipe:up
    speak:up own:up open:up read:out write:in post:on sum:up""".split()
)
# Objects of these verbs name the source, not the listener: "quoted X as saying".
SOURCE_OBJECT_VERBS = frozenset({"quote", "cite"})
# Verbs that attribute only the quoted words they govern: "called the attack “cowardly”".
PARTIAL_VERBS = frozenset(
    "call describe characterize characterise label term dub brand hail".split()
)
# Noun frames: "in a statement", "in an interview with", "his comments", "the tweet".
CUE_NOUNS = frozenset(
    """statement statements interview interviews comment comments remark remarks
    tweet tweets post posts message messages email emails letter letters release
    announcement speech address testimony remarks words note notes memo blog column
    op-ed editorial essay article report briefing conference transcript response
    reply answer question questions explanation claim claims accusation allegation
    allegations warning warnings plea appeal assertion declaration message text
    texts video broadcast podcast affidavit filing complaint lawsuit suit
    indictment ruling verdict opinion judgment judgement decision order""".split()
)
