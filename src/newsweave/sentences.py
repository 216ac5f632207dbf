"""Sentence splitting: spaCy's statistical ``senter`` plus a deterministic repair pass.

Contract (for every function here): sentence spans are half-open character
offsets into the given text, in order, non-overlapping, stripped of surrounding
whitespace, and together they cover every non-whitespace character of the text
except a wire dateline that opens the article ("BERLIN (AP) _ ", "WASHINGTON, June 19
(Reuters) - "): :func:`find_dateline` finds it, and the sentence it opens starts after
it (the place, agency and date are metadata, not part of what the sentence says).
A line break (``\\n``, ``\\r``, a blank line, ...) always ends a sentence: it is
read as a paragraph or headline break, so hard-wrapped text must be unwrapped
before it gets here (a wrapped line would otherwise cut a sentence in two).

How a boundary is decided, inside one line:

1. Candidates come from ``senter`` (``nlp`` from ``load_spacy(ner=False)``) and
   from two regular expressions for splits it is known to miss (see
   ``_ADD_OPEN_QUOTE`` and ``_ADD_FUNCTION_WORD``).
2. Each candidate is normalised (``_normalise``): closing quotes and brackets go
   to the sentence before, opening ones to the sentence after, and a candidate
   not sitting on whitespace is dropped (no split inside ``3.5``, ``U.S.-China``,
   ``example.com``, ``a.b@c.com``).
3. Each candidate is then kept or dropped by the rules in ``_keep`` and
   ``_keep_after_word`` (every rule carries its reason in a comment):
   1. the text before must end with ``. ! ? …`` (plus closing quotes/brackets);
   2. the next word must not start lowercase (speech tags, "a.m. on", typos
      like the seed's ``said. during``), camel-case words excepted;
   3./4. after ``?”``/``!”`` a speech tag ("Blinken asked") continues the
      sentence, after ``.”`` only a bare one ("Blinken said.");
   5. never after a title (Dr., Sen., vs., ...);
   6. never between "No." and a number;
   7. "a.m."/"p.m." end a sentence unless a digit, weekday, month or time zone follows;
   8. other abbreviations (Inc., Sept., Calif., ...), initialisms (U.S., D.C.)
      and initials (D.) end one only before a capitalised function word
      (The, A, He, But, In, ...): "moved to the U.S. The decision ...".
   Finally a piece without any letter or digit joins the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from newsweave.model import Article, Sentence, WireDateline

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["find_dateline", "repair_boundaries", "split_many", "split_sentences", "split_text"]

# Characters that end a sentence. "…" and "..." count (the rules below decide
# whether an ellipsis really ends one).
_TERMINAL = frozenset(".!?…‼⁇⁈⁉")
# Closing quotes/brackets: they belong to the text before them.
_CLOSERS = frozenset("”’\"')]»›")
# Opening quotes/brackets: they belong to the text after them.
_OPENERS = frozenset("“‘\"'([«‹")

# Line breaks that always end a sentence (the ones str.splitlines knows).
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_WORD_CHAR = re.compile(r"\w")
_NON_SPACE = re.compile(r"\S")

# Titles that precede a name: a period after them never ends a sentence.
# fmt: off
_TITLES = frozenset(
    (
        "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.",
        "Maj.", "Capt.", "Cmdr.", "Adm.", "Sgt.", "Cpl.", "Pvt.", "Rev.", "Hon.", "Pres.", "Supt.",
        "Det.", "Insp.", "Fr.", "Mt.", "Ft.", "Messrs.", "vs.", "v.", "Vs.", "approx.",
    )
)
# fmt: on
# Abbreviations that usually sit mid-sentence but can also end one ("moved to
# the U.S." / "Acme Inc."): a period after them ends a sentence only when the
# next word clearly starts a new one (a capitalised function word, see
# _SENTENCE_OPENERS). Dotted initialisms (U.S., D.C., e.g.) and single-letter
# initials are recognised by _INITIALISM instead of being listed.
# fmt: off
_ENDABLE = frozenset(
    (
        "St.", "Jr.", "Sr.", "Inc.", "Corp.", "Co.", "Ltd.", "Bros.", "Dept.", "Univ.", "Assn.",
        "Ave.", "Blvd.", "Rd.", "etc.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
        "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.",
        "Conn.", "Fla.", "Ill.", "Kan.", "Ky.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mont.",
        "Neb.", "Nev.", "Okla.", "Ore.", "Pa.", "Tenn.", "Tex.", "Vt.", "Va.", "Wis.", "Wyo.",
    )
)
# fmt: on
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")
# "a.m."/"p.m." (also an initialism): senter is usually right after them, but
# not before a digit, a weekday, a month or a time zone ("9 a.m. Monday").
_CLOCK = frozenset(("a.m.", "p.m.", "A.M.", "P.M."))
_CLOCK_CONTINUATION = re.compile(
    r"[\d(]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\b|"
    r"(?:[ECMP][SD]?T|GMT|UTC|BST|CET|Eastern|Central|Mountain|Pacific|local)\b"
)
# Capitalised function words that clearly start a new sentence; "J. A." (an
# initial) is excluded by the (?!\.) guard.
_SENTENCE_OPENERS = re.compile(
    r"[“‘\"'(]?(?:The|A|An|He|She|It|They|We|I|You|His|Her|Its|Their|Our|My|This|That|"
    r"These|Those|There|But|And|Or|So|Yet|In|On|At|For|From|After|Before|When|While|"
    r"As|If|However|Meanwhile|Still|Some|Many|Most|No|Not|Now|Then)\b(?![.\-])"
)
_SPEECH_VERBS = (
    r"(?:said|says|asked|asks|added|adds|told|tells|replied|replies|explained|noted|"
    r"wrote|writes|tweeted|posted|declared|insisted|continued|stated|recalled|warned|"
    r"shouted|cried|responded|concluded|argued|acknowledged|admitted|claimed|"
    r"announced|suggested|urged|joked|countered)"
)
# A speech tag after a quote: one to four capitalised words, then a speech verb.
_SPEECH_TAG = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,4}" + _SPEECH_VERBS + r"\b")
# The same tag ending right away ("... that.” Blinken said." / "said, adding").
_SHORT_SPEECH_TAG = re.compile(_SPEECH_TAG.pattern + r"\s*(?:[.,;:!?]|$)")
# Camel-case words ("iPhone", "eBay") may start a sentence despite the lowercase.
_CAMEL = re.compile(r"[a-z]+[A-Z]")
_CLOSE_CLASS = "”’\"')\\]»›"
_OPEN_CLASS = "“‘\"'(\\[«‹"
# Added candidate: sentence-final punctuation, whitespace, then an opening quote
# and a capital ("He left. “We ..."); senter sometimes runs these together.
_ADD_OPEN_QUOTE = re.compile(rf"[.!?…][{_CLOSE_CLASS}]*[^\S\n]+(?=[{_OPEN_CLASS}]+[A-Z])")
# Added candidate: a period followed by a capitalised function word ("moved to
# the U.S. The decision ..."); senter learned that "U.S." rarely ends a sentence.
_ADD_FUNCTION_WORD = re.compile(rf"[.!?…][{_CLOSE_CLASS}]*[^\S\n]+(?={_SENTENCE_OPENERS.pattern})")

# A wire dateline at the start of one of an article's first lines: an all-caps place
# ("NEW YORK", "ST. LOUIS"), an optional region (", Calif.") and date (", Jan. 5"), an
# optional agency in brackets ("(AP)", "(Xinhua)"), then a dash, "--" or the old AP
# "_", and the sentence (a capital, digit or quote). AP, Reuters, AFP, Xinhua, NYT and
# CNN styles; find_dateline adds the conditions that keep headlines ("NATO - The") out.
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]*){0,3}|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r"(?:, (?P<region>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}))?"
    rf"(?:,? (?P<date>{_MONTH_ABBR} \d{{1,2}}(?:, \d{{4}})?))?"
    r"(?: ?\((?P<agency>[A-Za-z][\w .&'’-]{0,30})\))?"
    r" *(?P<sep>--|_|—|–|-) +(?=[A-Z0-9“\"‘'])"
)
_DATELINE_LINES = 3  # a dateline opens one of the first lines (a headline may come first)

_WINDOW = 80  # how far back to look for the last word before a candidate


def split_text(text: str, nlp: Language) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of ``text``'s sentences (see module contract)."""
    starts: list[int] = []
    disable = _unneeded_pipes(nlp)
    for offset, chunk in _chunks(text, nlp.max_length):
        starts.extend(offset + sent.start_char for sent in nlp(chunk, disable=disable).sents)
    return _without_dateline(text, repair_boundaries(text, starts))


def find_dateline(text: str) -> WireDateline | None:
    """The wire dateline opening one of the first lines of an article's ``text``, if any.

    Recognised: ``BERLIN (AP) _ ``, ``WASHINGTON, June 19 (Reuters) - ``,
    ``BEIJING, Jan. 5 (Xinhua) -- ``, ``NEW YORK — ``, ``Washington (CNN) -- `` (a
    place in mixed case needs the agency, an all-caps one without an agency a
    dash other than a hyphen). A line that is only a dateline is left alone.
    The span covers the dateline and the separator with its spaces.
    """
    for n, line in enumerate(_LINE.finditer(text)):
        if n >= _DATELINE_LINES:
            break
        start = _NON_SPACE.search(text, line.start(), line.end())
        if start is None:
            continue
        m = _DATELINE.match(text, start.start(), line.end())
        if m is not None and (m.group("agency") or (m.group("place").isupper()
                                                    and m.group("sep") != "-")):
            return WireDateline(m.start(), m.end(), " ".join(m.group("place").split()),
                            m.group("region"), m.group("agency"), m.group("date"))
    return None


def _without_dateline(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with the sentence a dateline opens starting after it (module contract)."""
    found = find_dateline(text)
    if found is None:
        return spans
    return [(found.end, e) if s == found.start and e > found.end else (s, e) for s, e in spans]


def split_sentences(article: Article, nlp: Language) -> tuple[Sentence, ...]:
    """Split one article into :class:`Sentence` records (``text == article.text[start:end]``)."""
    return _to_sentences(article, split_text(article.text, nlp))


def split_many(
    articles: Sequence[Article], nlp: Language, *, batch_size: int = 64
) -> list[tuple[Sentence, ...]]:
    """Split many articles with ``nlp.pipe``; same result as :func:`split_sentences` on each."""
    starts: list[list[int]] = [[] for _ in articles]
    items = (
        (chunk, (i, offset))
        for i, article in enumerate(articles)
        for offset, chunk in _chunks(article.text, nlp.max_length)
    )
    docs = nlp.pipe(items, as_tuples=True, batch_size=batch_size, disable=_unneeded_pipes(nlp))
    for doc, (i, offset) in docs:
        starts[i].extend(offset + sent.start_char for sent in doc.sents)
    return [
        _to_sentences(article, _without_dateline(article.text, repair_boundaries(article.text, s)))
        for article, s in zip(articles, starts, strict=True)
    ]


def _unneeded_pipes(nlp: Language) -> list[str]:
    """The components sentence splitting can skip: all but ``senter`` when it is there.

    The packaged ``senter`` carries its own tok2vec (it does not listen to the
    shared one), so running it alone gives the same boundaries as the full
    pipeline at a fraction of the cost (about 40x faster on the seeds). With a
    parser-based pipeline (no ``senter``) everything runs, since the parser
    needs the shared tok2vec.
    """
    if "senter" not in nlp.pipe_names:
        return []
    return [name for name in nlp.pipe_names if name != "senter"]


def _to_sentences(article: Article, spans: Iterable[tuple[int, int]]) -> tuple[Sentence, ...]:
    text = article.text
    return tuple(
        Sentence(article_id=article.id, index=i, start=s, end=e, text=text[s:e])
        for i, (s, e) in enumerate(spans)
    )


def _chunks(text: str, limit: int) -> Iterable[tuple[int, str]]:
    """Cut ``text`` into pieces spaCy accepts (``nlp.max_length``), at line breaks if possible.

    Cutting at a line break loses nothing (a line break always ends a sentence);
    cutting at other whitespace only loses the senter's opinion there.
    """
    if not text.strip():
        return
    start, n = 0, len(text)
    while n - start > limit:
        cut = text.rfind("\n", start + 1, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + 1, start + limit)
        if cut < 0:
            cut = start + limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def repair_boundaries(text: str, candidates: Iterable[int]) -> list[tuple[int, int]]:
    """Turn candidate sentence starts (character offsets) into the final sentence spans.

    This is the deterministic repair pass on its own: ``split_text`` feeds it
    senter's sentence starts, but any source of candidates works (a parser, a
    rule splitter, or none at all). Line breaks always split; every other
    candidate goes through ``_normalise`` and ``_keep``.
    """
    cands = set(candidates)
    cands.update(m.end() for m in _ADD_OPEN_QUOTE.finditer(text))
    cands.update(m.end() for m in _ADD_FUNCTION_WORD.finditer(text))
    normalised = sorted({b for c in cands if (b := _normalise(text, c)) is not None})

    spans: list[tuple[int, int]] = []
    k = 0
    for line in _LINE.finditer(text):
        first = _NON_SPACE.search(text, line.start(), line.end())
        if first is None:
            continue
        ls, le = first.start(), _rstrip(text, line.start(), line.end())
        while k < len(normalised) and normalised[k] <= ls:
            k += 1
        starts = [ls]
        while k < len(normalised) and normalised[k] < le:
            b = normalised[k]
            k += 1
            if _keep(text, ls, b, le):
                starts.append(b)
        line_spans: list[tuple[int, int]] = []
        for s, nxt in zip(starts, [*starts[1:], le], strict=True):
            e = _rstrip(text, s, nxt)
            # A piece with no letter or digit (a stray quote, "...") is not a
            # sentence: it joins the sentence before it.
            if line_spans and _WORD_CHAR.search(text, s, e) is None:
                line_spans[-1] = (line_spans[-1][0], e)
            else:
                line_spans.append((s, e))
        spans.extend(line_spans)
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _normalise(text: str, b: int) -> int | None:
    """Move a candidate start onto the first character of the next sentence, or drop it."""
    n = len(text)
    moved = True
    while moved:
        moved = False
        while b < n and text[b].isspace():
            b += 1
        # A closing quote/bracket touching the text before it belongs to that text:
        # `conflict.” Jean-Pierre said` must not start a sentence with `”`.
        while b < n and b > 0 and text[b] in _CLOSERS and not text[b - 1].isspace():
            b += 1
            moved = True
    # An opening quote/bracket after whitespace belongs to the sentence after it.
    while b > 0 and text[b - 1] in _OPENERS and (b == 1 or text[b - 2].isspace()):
        b -= 1
    # A sentence boundary needs whitespace: no split inside "3.5", "U.S.-China",
    # "example.com", "a.b@c.com" or "said.“Next" (too rare to guess at).
    if b >= n or b == 0 or not text[b - 1].isspace():
        return None
    return b


def _keep(text: str, ls: int, b: int, le: int) -> bool:
    """Decide whether the candidate start ``b`` (inside the line ``[ls, le)``) is a real one."""
    left_end = _rstrip(text, ls, b)
    core_end = left_end
    while core_end > ls and text[core_end - 1] in _CLOSERS:
        core_end -= 1
    # Rule 1: a sentence ends with sentence-final punctuation, optionally followed
    # by closing quotes/brackets. Anything else (`“Go,” said Xi.`, a colon, a
    # dash, no punctuation) is a mid-sentence split by senter.
    if core_end == ls or text[core_end - 1] not in _TERMINAL:
        return False
    first = b
    while first < le and text[first] in "([":
        first += 1
    # Rule 2: a sentence does not start with a lowercase word. This merges speech
    # tags (`“Is it vital?” he asked.`), ellipses mid-sentence (`waited... and`),
    # "a.m. on Monday", and typos such as the seed's `Blinken said. during a
    # press conference.`. Camel-case words ("iPhone") are the exception.
    if first < le and text[first].islower() and not _CAMEL.match(text, first, le):
        return False
    if core_end < left_end:
        if text[left_end - 1] in ")]":
            return True  # "(The figures were revised.) Officials said so."
        # Rule 3: after `?”`/`!”` a speech tag ("Blinken asked") continues the
        # sentence: the quote's own punctuation does not end the sentence around it.
        if text[core_end - 1] in "?!" and _SPEECH_TAG.match(text, b, le):
            return False
        # Rule 4: after `.”` only a bare speech tag ("... that.” Blinken said.")
        # continues it; "“...” Blinken said the talks went well." is a new sentence.
        return _SHORT_SPEECH_TAG.match(text, b, le) is None
    word_start = core_end
    while word_start > max(ls, core_end - _WINDOW) and not text[word_start - 1].isspace():
        word_start -= 1
    while word_start < core_end and text[word_start] in _OPENERS:
        word_start += 1
    word = text[word_start:core_end]
    return _keep_after_word(text, word, b, le)


def _keep_after_word(text: str, word: str, b: int, le: int) -> bool:
    """Rules for a candidate right after ``word`` (which ends with the period)."""
    # Rule 5: a title precedes a name ("Dr. Smith", "Gen. Milley", "vs. China").
    if word in _TITLES:
        return False
    # Rule 6: "No." before a number is "number" ("No. 5"), not an answer.
    if word == "No.":
        return not text[b].isdigit()
    # Rule 7: "a.m."/"p.m." before a digit, weekday, month or time zone.
    if word in _CLOCK:
        return _CLOCK_CONTINUATION.match(text, b, le) is None
    # Rule 8: abbreviations, initialisms ("U.S.") and initials ("Franklin D.
    # Roosevelt", "J. R. R. Tolkien") end a sentence only before a capitalised
    # function word ("moved to the U.S. The decision ...").
    if word in _ENDABLE or _INITIALISM.fullmatch(word):
        return _SENTENCE_OPENERS.match(text, b, le) is not None
    return True
