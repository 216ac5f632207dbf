"""Pronoun sources: ``he``/``she`` with gender agreement and centering, ``it``/``they``.

:meth:`PronounResolver.resolve_pronoun` follows centering/attribution practice: the
candidates are people named (outside quotations) in the pronoun's sentence and the
three before it, and the speakers of recent quotations; a candidate of the other
gender is excluded; the speaker of the previous quotation, then a grammatical
subject, then the most recent mention is preferred. The confidence is the score
margin over the runner-up; no candidate gives no speaker.
:meth:`PronounResolver.resolve_group` resolves ``it``/``they`` to an organisation or
a described group.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from newsweave.quotes.entity import Entity, EntityIndex
from newsweave.quotes.names import DOCUMENT_NOUNS, ORG_NOUNS, PERSON_ROLES, WORD, Gender
from newsweave.quotes.tag import is_cue

__all__ = ["PronounResolver"]

# Documents that "say" things: the frame nouns of statements plus legal and research
# papers ("the indictment says", "the study found").
_DOCUMENTS = DOCUMENT_NOUNS | frozenset(
    "indictment complaint affidavit lawsuit ruling document study survey bill".split())


class PronounResolver(EntityIndex):
    """Pronoun resolution over an :class:`EntityIndex`."""

    def resolve_description(
        self, start: int, end: int, recent: Sequence[tuple[int, Entity]]
    ) -> tuple[Entity | None, float]:
        """Defined by :class:`newsweave.quotes.descriptions.DescriptionResolver`."""
        raise NotImplementedError

    def _chain(
        self, pos: int, pronoun: str, recent: Sequence[tuple[int, Entity]], depth: int
    ) -> tuple[Entity | None, float] | None:
        """Centering's "continue": when the previous sentence names nobody and its subject
        is the same pronoun, this pronoun means what that one meant."""
        here = self._sent(pos)
        if here == 0 or depth >= 3 or pronoun not in ("he", "she"):
            return None
        prev = self.sents[here - 1] if here - 1 < len(self.sents) else None
        if prev is None:
            return None
        i = bisect.bisect_left(self.positions, pos) - 1
        if i >= 0 and self._sent(self.positions[i]) >= here - 1:
            return None  # someone is named in the previous sentence or this one
        for t in prev:
            if t.dep_ == "nsubj" and t.lower_ == pronoun:
                ent, conf = self.resolve_pronoun(t.idx, pronoun, recent, depth + 1)
                return (ent, conf * 0.95) if ent is not None else None
        return None

    def resolve_pronoun(
        self, pos: int, pronoun: str, recent: Sequence[tuple[int, Entity]], depth: int = 0
    ) -> tuple[Entity | None, float]:
        """The person ``he``/``she`` at ``pos`` refers to (see the module docstring).

        ``recent`` are ``(position, entity)`` of earlier quotations' speakers (named or
        described).
        """
        gender: Gender = "m" if pronoun in ("he", "him") else "f" if pronoun in (
            "she", "her") else None
        here = self._narr(pos)
        chained = self._chain(pos, pronoun, recent, depth)
        if chained is not None:
            return chained
        scores: dict[int, tuple[float, Entity]] = {}

        def offer(ent: Entity, score: float) -> None:
            if ent.type not in ("PERSON", "DESC") or (ent.plural and gender is not None):
                return
            g = ent.gender
            if gender is not None and g is not None and g != gender:
                return
            if g is None:
                score -= 0.2 if ent.type == "PERSON" else 0.6
            old = scores.get(id(ent))
            scores[id(ent)] = (score + (old[0] if old else 0.0) * 0.25, ent) if old is None \
                or score > old[0] else (old[0] + score * 0.25, ent)

        i = bisect.bisect_left(self.positions, pos) - 1
        while i >= 0:
            p, ent, subject = self.mentions[i]
            back = here - self._narr(p)
            if back > 3:
                break
            offer(ent, (1.5 if subject else 0.5) - 0.6 * back)
            i -= 1
        for rank, (p, ent) in enumerate(reversed([r for r in recent if r[0] < pos])):
            back = here - self._narr(p)
            if back > 4:
                break
            offer(ent, (1.2 if rank == 0 else 0.6) - 0.3 * back)
        if not scores:
            found = self._subject_description(pos, recent)
            if found[0] is None:
                found = self._reporting_description(pos, gender)
            return found if found[0] is not None else self._protagonist(pos, gender)
        ranked = sorted(scores.values(), key=lambda t: -t[0])
        best = ranked[0]
        margin = best[0] - ranked[1][0] if len(ranked) > 1 else 2.0
        return best[1], min(1.0, 0.55 + 0.25 * margin)

    def _protagonist(self, pos: int, gender: Gender) -> tuple[Entity | None, float]:
        """Nobody of that gender named lately: the article's most mentioned person of
        that gender so far (the story's subject stays salient over long quotations)."""
        if gender is None:
            return None, 0.0
        counts: dict[int, tuple[int, Entity]] = {}
        for p, ent, _ in self.mentions:
            if p >= pos:
                break
            if ent.type == "PERSON" and ent.gender == gender:
                counts[id(ent)] = (counts.get(id(ent), (0, ent))[0] + 1, ent)
        if not counts:
            return None, 0.0
        ranked = sorted(counts.values(), key=lambda t: -t[0])
        if len(ranked) > 1 and ranked[1][0] * 2 > ranked[0][0]:
            return None, 0.0  # no clear protagonist
        return ranked[0][1], 0.5

    def _subject_description(
        self, pos: int, recent: Sequence[tuple[int, Entity]]
    ) -> tuple[Entity | None, float]:
        """"The Danish finance minister has criticised what she called …": with nobody named
        before, the pronoun stands for its sentence's described subject."""
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None, 0.0
        sent = span[0].sent
        for t in sent:
            if t.idx >= pos:
                break
            if t.dep_ == "nsubj" and t.pos_ == "NOUN":
                lo = t.left_edge.idx
                ent, conf = self.resolve_description(lo, t.idx + len(t.text), ())
                if ent is not None:
                    return ent, conf * 0.9
        return None, 0.0

    def _reporting_description(self, pos: int, gender: Gender) -> tuple[Entity | None, float]:
        """Nobody named nearby: ``he``/``she`` continues the described source of the
        last two narrator sentences, the subject of a reporting verb ("the spokeswoman
        said the roads were reopened. She added: “…”"), when its head noun agrees (a
        gendered person noun, or a person role such as ``official``); never a plural,
        an organisation or a thing (attribution practice: the pronoun source is the
        source of the surrounding reported speech; centering's "continue")."""
        here = self._sent(pos)
        for k in range(here - 1, max(-1, here - 3), -1):
            for t in reversed(self.sents[k]):
                if t.idx >= pos or t.dep_ != "nsubj" or t.pos_ != "NOUN" \
                        or self.inside[t.i] or not is_cue(t.head):
                    continue
                ent = self.describe(t.left_edge.idx, t.idx + len(t.text))
                agrees = ent.gender == gender if ent.gender is not None else (
                    ent.head in PERSON_ROLES)
                if agrees and not ent.plural and gender is not None:
                    return ent, 0.6
        return None, 0.0

    def resolve_group(
        self, pos: int, recent: Sequence[tuple[int, Entity]], pronoun: str = "they"
    ) -> tuple[Entity | None, float]:
        """``it``/``they``: the organisation or group that spoke last, else the
        organisation last named as a subject (within two sentences). ``it`` never
        stands for a described person ("a police spokeswoman")."""
        here = self._narr(pos)
        for p, ent in reversed([r for r in recent if r[0] < pos]):
            if here - self._narr(p) > 3:
                break
            if ent.type == "DESC" and pronoun == "it":
                head = WORD.findall(ent.name.casefold())[-1:] or [""]
                if head[0] not in ORG_NOUNS | DOCUMENT_NOUNS:
                    continue
            if ent.type != "PERSON":
                return ent, 0.7
        i = bisect.bisect_left(self.positions, pos) - 1
        while i >= 0:
            p, ent, subject = self.mentions[i]
            if here - self._narr(p) > 2:
                break
            if ent.type == "ORG" and subject:
                return ent, 0.6
            i -= 1
        return self._plural_subject(pos) if pronoun == "they" else self._document(pos)

    def _document(self, pos: int) -> tuple[Entity | None, float]:
        """``it`` with no organisation near: a document written of in this sentence or the
        one before is the source ("… is not given in the complaint, but it says
        …"; PARC counts documents as sources), described as the article writes it."""
        here = self._sent(pos)
        for k in range(here, max(-1, here - 2), -1):
            if k >= len(self.sents):
                continue
            for t in reversed(self.sents[k]):
                if t.idx < pos and t.pos_ == "NOUN" and t.lemma_.lower() in _DOCUMENTS \
                        and not self.inside[t.i]:
                    return self.describe(t.left_edge.idx, t.idx + len(t.text)), 0.55
        return None, 0.0

    def _plural_subject(self, pos: int) -> tuple[Entity | None, float]:
        """``they`` after a narrator sentence whose subject is a plural noun phrase: "The
        strikers, however, kept marching …⏎“…,” they chanted": that group, described."""
        here = self._sent(pos)
        for k in range(here - 1, max(-1, here - 3), -1):  # an earlier sentence
            sent = self.sents[k]
            for t in sent:
                if t.idx >= pos:
                    break
                if t.dep_ == "nsubj" and t.tag_ == "NNS" and not self.inside[t.i] and \
                        t.head.dep_ == "ROOT":
                    return self.describe(t.left_edge.idx, t.idx + len(t.text)), 0.55
        return None, 0.0
