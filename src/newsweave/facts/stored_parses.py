"""The parses the fact comparison will ask of one article, made at analysis time and stored.

A story's weave parses, with the full pipeline (``load_spacy(ner=True, parser=True)``),
each claim that holds a number (values, :func:`~newsweave.facts.measures.measures_of`)
and each article's lead (occasions,
:func:`~newsweave.facts.participants.lead_names`). Both texts are functions of the
article alone (its text and its sentences), so :func:`newsweave.annotate.annotate` parses
them once, in the thread that already runs the article's own parse while the encoder
embeds (issue 19: the weave spent about half its CPU on these parses, and re-parsed them
each time a story was re-woven). The weave seeds its
:class:`~newsweave.facts.parses.ClaimParses` with them and parses only what is missing.

Same output by construction: each text is parsed **alone**, as the weave would (not
taken from the article's parse, where its neighbours change tags and arcs), by the
same pipeline, and the cache is keyed by the exact text, so a text chosen here that the
weave does not ask for is never read, and one it asks for that is absent here is
parsed at weave time as before. The docs cross the store as a spaCy ``DocBin`` of the
attributes the comparison reads (round trip tested token by token). The stage version
names the spaCy model and its version, so a store analysed under another model is not
read (:func:`parses_version`).
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from newsweave.claims import split_claims
from newsweave.facts.measures import has_number
from newsweave.facts.numbers import find_numbers, repair
from newsweave.facts.participants import lead_text
from newsweave.model import Article, Sentence
from newsweave.nlp import SPACY_MODEL

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ATTRS", "PARSES_STAGE", "from_bytes", "parse_texts", "parses_version",
           "texts_to_parse", "to_bytes"]

PARSES_STAGE = "claim_parses"
# What the comparison reads of a token (measures, measure roles, events, lead names):
# text and spacing (ORTH, SPACY: offsets), tags, parts of speech, lemmas, arcs,
# entities, and morphology and norms so the doc is the parser's in every attribute.
ATTRS = ("ORTH", "NORM", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB",
         "ENT_TYPE", "ENT_KB_ID", "ENT_ID")


@functools.cache
def parses_version() -> str:
    """The stage version: the spaCy model package and its installed version (a store
    analysed under another model is not read) and this module's format."""
    try:
        installed = importlib.metadata.version(SPACY_MODEL)
    except importlib.metadata.PackageNotFoundError:
        installed = "unknown"
    return f"{SPACY_MODEL}-{installed}/1"


def texts_to_parse(article: Article, sentences: Sequence[Sentence]) -> list[str]:
    """The texts a story's weave parses with entities for ``article``: its claims that hold
    a number, repaired as values read them, and its lead (distinct, in order)."""
    out: dict[str, None] = {}
    for claim in split_claims(article, sentences):
        if has_number(claim.text):
            text = repair(claim.text)[0]
            if find_numbers(text):
                out[text] = None
    lead = lead_text(article, sentences)
    if lead.strip():
        out[lead] = None
    return list(out)


def to_bytes(docs: Iterable[Doc]) -> bytes:
    """``docs`` as one ``DocBin`` (deterministic bytes: its strings are sorted)."""
    from spacy.tokens import DocBin

    packed = DocBin(attrs=list(ATTRS), store_user_data=False)
    for doc in docs:
        packed.add(doc)
    return bytes(packed.to_bytes())


def from_bytes(nlp: Language, blob: bytes) -> list[Doc]:
    """The docs of :func:`to_bytes`, over ``nlp``'s vocabulary."""
    from spacy.tokens import DocBin

    return list(DocBin().from_bytes(blob).get_docs(nlp.vocab))


def parse_texts(nlp: Language, texts: Sequence[Sequence[str]]) -> list[bytes]:
    """For each list of ``texts`` (one article's :func:`texts_to_parse`), the ``DocBin`` of
    their parses, each text parsed alone by ``nlp``, all in one batch (a text's parse does
    not depend on its batch: :mod:`newsweave.facts.parses`)."""
    flat = list(dict.fromkeys(t for own in texts for t in own))
    docs = dict(zip(flat, nlp.pipe(flat), strict=True))
    return [to_bytes(docs[t] for t in own) for own in texts]
