"""Each distinct claim text parsed once per story, in batches.

Values (:func:`~newsweave.facts.measures.measures_of`) and consensus
(:func:`~newsweave.facts.entail.events_agree`) both read a dependency parse of
claims. Before, consensus parsed each claim it needed with one ``nlp(text)``
call and values parsed the numeric claims again in their own batch; a single
``nlp(text)`` call costs ~2.6x the CPU of the same text inside ``nlp.pipe``
(measured on 1,500 ECB+ claims: 29.0 vs 11.1 CPU-s), and syndicated stories
repeat claim texts verbatim. The parse of a text does not depend on the batch
it is in (the same 1,500 claims give token-for-token identical text, lemma,
POS, tag, dependency, head and entity in both ways), so sharing docs keeps the
output unchanged.

A caller that reads no entities (consensus: lemmas, parts of speech and dependencies)
asks with ``entities=False``: those texts are parsed without the entity recogniser,
about half the CPU. In the shipped pipeline the recogniser has its own embedding
layer and runs last, so tokens, tags, lemmas and the dependency parse are the same
with or without it (tested); only ``doc.ents`` is empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ClaimParses"]


class ClaimParses:
    """A cache text -> spaCy ``Doc`` over one pipeline, filled in batches.

    Hold one per story (docs are large: never keep it beyond the story's weave).
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._docs: dict[str, Doc] = {}
        self._bare: set[str] = set()  # texts parsed without the entity recogniser

    def prefetch(self, texts: Iterable[str], *, entities: bool = True) -> None:
        """Parse, in one ``nlp.pipe`` batch, those of ``texts`` not parsed yet
        (``entities=False``: without the entity recogniser, unless parsed with it already)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._docs
                                     or (entities and t in self._bare)))
        if not missing:
            return
        skip = [] if entities or "ner" not in self.nlp.pipe_names else ["ner"]
        for text, doc in zip(missing, self.nlp.pipe(missing, disable=skip), strict=True):
            self._docs[text] = doc
            if skip:
                self._bare.add(text)
            else:
                self._bare.discard(text)

    def add(self, docs: Iterable[Doc]) -> None:
        """Take ``docs`` made by the same pipeline with every pipe (entities included) as
        the parses of their texts (:mod:`newsweave.facts.stored_parses`: parsed at
        analysis time, each text alone, so the same parse as here)."""
        for doc in docs:
            text = doc.text  # built from the tokens at each call: once
            if text not in self._docs or text in self._bare:
                self._docs[text] = doc
                self._bare.discard(text)

    def add_stored(self, blobs: Iterable[bytes]) -> None:
        """:meth:`add` the docs of each of ``blobs`` (an article's
        :attr:`~newsweave.model.ArticleAnalysis.parses`)."""
        from newsweave.facts.stored_parses import from_bytes

        for blob in blobs:
            self.add(from_bytes(self.nlp, blob))

    def docs(self, texts: Iterable[str]) -> list[Doc]:
        """The parse of each of ``texts`` (missing ones parsed in one batch first)."""
        texts = list(texts)
        self.prefetch(texts)
        return [self._docs[t] for t in texts]

    def __call__(self, text: str, *, entities: bool = True) -> Doc:
        """The parse of ``text`` (parsed now if it was not prefetched; ``entities=False``:
        ``doc.ents`` may be empty)."""
        self.prefetch((text,), entities=entities)
        return self._docs[text]

    def __len__(self) -> int:
        return len(self._docs)
