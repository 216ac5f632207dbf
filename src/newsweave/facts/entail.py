"""Consensus needs mutual entailment: each claim states what the other states.

No cross-encoder NLI model installs offline from PyPI with its weights, so the
check is built from signals that each test one direction of entailment and are
then required in *both* directions (docs/facts.md, "Consensus"):

* **content coverage**: the IDF-weighted share of one claim's content words
  (:func:`newsweave.align.content_tokens`) found in the other. ``coverage(a, b)``
  is high when ``b`` says everything ``a`` says; the pair scores
  ``min(coverage(a, b), coverage(b, a))`` so a claim that adds a main
  proposition ("and expressed concern over China's provocative actions") fails;
* **figures**: every value of one claim (:func:`~newsweave.facts.numbers.find_numbers`,
  years included) has an agreeing value in the other, and the reverse;
* **names**: the words of proper names (outside attribution: "X said",
  "according to X") weigh double in the coverage, so a participant that only
  one claim names costs more than a missing adjective;
* **polarity**: both are affirmative or both negated.

The score is ``w * cosine + (1 - w) * min(coverage)`` (cosine of the MiniLM
claim vectors, ``w = 0.5``), and 0 when figures or polarity disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.align import content_tokens
from newsweave.claims import fold_quotes
from newsweave.facts.numbers import Number, find_numbers, repair

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ClaimTraits", "content_of", "coverage", "events_agree", "main_events",
           "mutual_entailment", "polarity", "traits"]

_REPORTING = frozenset(
    "say tell report add state note confirm quote claim told write explain insist".split())
_COPULAR = frozenset("be have do get become remain".split())
_RAISING = frozenset(
    "expect set schedule plan due go likely continue begin start seem appear try".split())

_NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without|cannot|\w+n't|\w+n’t"
    r"|rul(?:e|es|ed|ing)\s+out|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)*")
_GENERIC = frozenset(
    "The A An In On At But And Or So Yet He She It They We I You His Her Its Their Our This "
    "That These Those There Still After Before When While As If However Meanwhile Some Many "
    "Most No Not Now Then During Mr Mrs Ms Dr Several Both Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday Police Officials Authorities".split()
)
_EMPHATIC = re.compile(
    r"\b(?:nothing|no)\s+(?:less|more|short)\s+than\b|\bnot\s+only\b|\bno\s+doubt\b|"
    r"\bnever\s+before\b|\bnot\s+least\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")
_ATTRIBUTION = re.compile(
    r"\baccording\s+to\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s*){1,5}"
    r"|(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|told|reported|reports)\b"
    r"|\b(?:said|says|told|reported)\s+(?:[A-Z][\w.'’-]*\s*){1,4}"
)


@dataclass(frozen=True, slots=True)
class ClaimTraits:
    """What the entailment check reads from one claim."""

    tokens: frozenset[str]
    names: frozenset[str]
    name_words: frozenset[str]
    numbers: tuple[Number, ...]
    negated: bool


def polarity(text: str) -> int:
    """0 for an affirmative statement, 1 for a negated one (parity of negation cues; emphatic
    idioms such as "nothing less than", "no less than", "not only" do not negate)."""
    plain = _EMPHATIC.sub(" ", fold_quotes(text))
    return len(_NEGATION.findall(plain)) % 2


def content_of(text: str) -> frozenset[str]:
    """The content words of ``text`` as :func:`traits` reads them (``traits(text).tokens``),
    without the rest (what the story's document frequencies need of every claim)."""
    return content_tokens(repair(text)[0].replace("-", " "))


def traits(text: str) -> ClaimTraits:
    """The content words, names (outside attribution), values and polarity of ``text``."""
    fixed, _ = repair(text)
    plain = _ATTRIBUTION.sub(" ", fixed)
    names = set()
    for m in _NAME.finditer(plain):
        words = [_POSSESSIVE.sub("", w) for w in m.group().split()]
        words = [w for w in words if w not in _GENERIC]
        if words:
            names.add(" ".join(w.lower() for w in words))
    numbers = tuple(n for n in find_numbers(fixed) if n.figure or n.value > 2)
    tokens = content_tokens(fixed.replace("-", " "))
    name_words = frozenset(t for n in names for t in content_tokens(n)) & tokens
    return ClaimTraits(tokens, frozenset(names), name_words, numbers, bool(polarity(fixed)))


def coverage(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of ``a``'s words that ``b`` also has (1.0 when ``a`` is empty)."""
    total = sum(idf.get(w, 1.0) for w in a)
    if total <= 0:
        return 1.0
    return sum(idf.get(w, 1.0) for w in a & b) / total


def _numbers_covered(a: Sequence[Number], b: Sequence[Number]) -> bool:
    return all(any(x.kind == y.kind and x.currency == y.currency and x.agrees(y) for y in b)
               for x in a)


def mutual_entailment(a: ClaimTraits, b: ClaimTraits, cosine: float, idf: dict[str, float],
                      *, cosine_weight: float = 0.5) -> float:
    """How well ``a`` and ``b`` entail each other, in ``[0, 1]`` (module doc); 0 on a mismatch."""
    if a.negated != b.negated:
        return 0.0
    if not (_numbers_covered(a.numbers, b.numbers) and _numbers_covered(b.numbers, a.numbers)):
        return 0.0
    # Only the two claims' words are looked up (a copy of the story's whole idf per pair
    # was the costly part); missing words weigh 1.0 in both.
    weights = {w: idf.get(w, 1.0) for w in a.tokens | b.tokens}
    for word in a.name_words | b.name_words:  # a participant missing weighs double
        weights[word] = 2.0 * idf.get(word, 1.0)
    both = min(coverage(a.tokens, b.tokens, weights), coverage(b.tokens, a.tokens, weights))
    return cosine_weight * max(0.0, cosine) + (1.0 - cosine_weight) * both


def idf_of(token_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each word over ``token_sets`` (smoothed, >= 1)."""
    df: dict[str, int] = {}
    for tokens in token_sets:
        for w in tokens:
            df[w] = df.get(w, 0) + 1
    n = len(token_sets)
    return {w: math.log((1.0 + n) / (1.0 + d)) + 1.0 for w, d in df.items()}


def main_events(doc: Doc) -> frozenset[str]:
    """Lemmas of a parsed claim's main predicates: its root verb and the verbs conjoined
    with it; a reporting verb ("said") gives way to what it reports, a raising verb ("is
    expected to be arraigned") to its complement. Empty for a verbless or copular claim."""
    heads = [t for t in doc if t.dep_ == "ROOT"]
    heads += [t for root in heads for t in root.children if t.dep_ == "conj"]
    out: set[str] = set()
    for head in heads:
        lemma = head.lemma_.lower()
        inner = [c for c in head.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {
            "VERB", "AUX"}]
        if lemma in _REPORTING | _RAISING and inner:
            out |= {c.lemma_.lower() for c in inner if c.pos_ == "VERB"}
        elif head.pos_ == "VERB":
            out.add(lemma)
    return frozenset(x for x in out if x.isalpha() and x not in _COPULAR)


def events_agree(a: Doc, b: Doc) -> bool:
    """Whether each claim's main predicates (:func:`main_events`) occur in the other, as
    a verb or a noun of the same lemma ("was arrested" / "the arrest"): a claim with
    another main event ("charged him and he will appear" / "he will appear") states more
    than its partner."""
    lemmas_a = {t.lemma_.lower() for t in a}
    lemmas_b = {t.lemma_.lower() for t in b}
    return main_events(a) <= lemmas_b and main_events(b) <= lemmas_a
