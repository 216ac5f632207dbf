"""ROUGE-N and ROUGE-SU as ROUGE-1.5.5 computes them (Lin 2004), in pure Python.

The DUC/TAC setting is ``ROUGE-1.5.5.pl -n 2 -2 4 -u -m -l L -f A -p 0.5``:
ROUGE-1, ROUGE-2 and ROUGE-SU4, Porter stemming, each text cut to its first
``L`` words, several references pooled ("model average"). This module follows
the Perl script step by step, so its scores can be compared with published ones:

1. **Length limit** (``-l``): the text's first ``word_limit`` whitespace-separated
   tokens are kept, for the summary *and* for every reference (the script
   treats them alike). Tokens are counted on the raw text, so "U.S.-China" is one.
2. **Tokens**: lowercase; ``-`` becomes `` - ``; every character other than
   ``[a-z0-9-]`` becomes a space; split on whitespace; keep tokens that start
   with a letter or digit (lone hyphens go). Tokens longer than three characters
   are Porter-stemmed (the original 1980 algorithm, as the script's stemmer).
   The script also consults a WordNet exception table before stemming; the
   table distributed with the pip-installable copies of ROUGE-1.5.5 is empty,
   and so is ours (see ``docs/summaries.md``: agreement measured against the
   Perl script).
3. **ROUGE-N**: n-gram counts; hits clipped per reference; with several
   references the hits and counts are summed over them (``-f A``):
   recall = hits / reference n-grams, precision = hits / (summary n-grams x
   number of references), F = harmonic mean (``-p 0.5``).
4. **ROUGE-SU4**: skip bigrams with at most four words between them, plus
   unigrams; as in the script, the unigram of a text's *last* token is not
   counted (its loop stops one token early).

Scores are not rounded (the script rounds each story's to five decimals).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "RougeResult",
    "RougeTriple",
    "rouge",
    "rouge_tokens",
    "truncate_words",
]

_NOT_TOKEN = re.compile(r"[^a-z0-9\-]")
_KEEP = re.compile(r"^[a-z0-9$]")


@dataclass(frozen=True, slots=True)
class RougeTriple:
    """Recall, precision and F-measure (alpha 0.5) of one ROUGE variant."""

    recall: float
    precision: float
    f: float

    @staticmethod
    def of(hits: int, ref_count: int, sys_count: int) -> RougeTriple:
        recall = hits / ref_count if ref_count else 0.0
        precision = hits / sys_count if sys_count else 0.0
        f = 2 * recall * precision / (recall + precision) if recall + precision > 0 else 0.0
        return RougeTriple(recall, precision, f)


@dataclass(frozen=True, slots=True)
class RougeResult:
    """ROUGE-1, ROUGE-2 and ROUGE-SU4 of one summary against its references."""

    rouge1: RougeTriple
    rouge2: RougeTriple
    su4: RougeTriple


def truncate_words(text: str, word_limit: int | None) -> str:
    """The first ``word_limit`` whitespace-separated tokens of ``text`` (``-l``); all when None."""
    words = text.split()
    if word_limit is not None:
        words = words[: max(0, word_limit)]
    return " ".join(words)


# The Porter stemmer of ROUGE-1.5.5 (its Perl "Release 1" with CYL's 2004 change to
# step 4), ported rule by rule: it differs from other Porter implementations
# ("statement" -> "statem", "possibly" -> "possibl"), and scores must match the script's.
_c = "[^aeiou]"
_v = "[aeiouy]"
_C = f"{_c}[^aeiouy]*"
_V = f"{_v}[aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_HAS_V = re.compile(f"^({_C})?{_v}")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
          "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """ROUGE-1.5.5's Porter stemmer (see the comment above), step by step."""
    w = word
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:
        w = "Y" + w[1:]
    w = _step5(_step4(_steps2_3(_step1(w))))
    if initial_y:
        w = "y" + w[1:]
    return w


def _step1(w: str) -> str:
    """Porter's steps 1a (plurals), 1b (-eed, -ed, -ing) and 1c (-y)."""
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    if m := re.search("eed$", w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif m := re.search("(ed|ing)$", w):
        stem = w[: m.start()]
        if _HAS_V.search(stem):
            w = stem
            if re.search("(at|bl|iz)$", w):
                w += "e"
            elif re.search(r"([^aeiouylsz])\1$", w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    if (m := re.search("y$", w)) and _HAS_V.search(w[: m.start()]):
        w = w[: m.start()] + "i"
    return w


def _steps2_3(w: str) -> str:
    """Porter's steps 2 and 3 (double and single suffixes: -ational, -icate ...)."""
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):
        if (m := pattern.search(w)) and _MGR0.search(w[: m.start()]):
            w = w[: m.start()] + table[m.group(1)]
    return w


def _step4(w: str) -> str:
    """Porter's step 4 (a word ending in -ement does not try -ment and -ent first)."""
    if (m := _STEP4_RE.search(w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if (m := re.search("ment$", w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    elif (m := re.search("(s|t)(ion)$", w)) and _MGR1.search(w[: m.start()] + m.group(1)):
        w = w[: m.start()] + m.group(1)
    return w


def _step5(w: str) -> str:
    """Porter's step 5 (final -e, -ll)."""
    if m := re.search("e$", w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if re.search("ll$", w) and _MGR1.search(w):
        w = w[:-1]
    return w


def rouge_tokens(text: str, word_limit: int | None = None, *, stem: bool = True) -> list[str]:
    """The tokens ROUGE-1.5.5 scores for ``text`` (module docstring, steps 1-2)."""
    cut = truncate_words(text, word_limit).lower().replace("-", " - ")
    out = []
    for token in _NOT_TOKEN.sub(" ", cut).split():
        if not _KEEP.match(token):
            continue
        out.append(_stem(token) if stem and len(token) > 3 else token)
    return out


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _skip_bigrams(tokens: Sequence[str], gap: int) -> Counter[tuple[str, ...]]:
    grams: Counter[tuple[str, ...]] = Counter()
    last = len(tokens) - 1
    for i in range(last):  # the script's loop: the final token's unigram is not counted
        grams[(tokens[i],)] += 1
        for j in range(i + 1, min(last, i + gap + 1) + 1):
            grams[(tokens[i], tokens[j])] += 1
    return grams


def _pooled(system: Counter[tuple[str, ...]], refs: Sequence[Counter[tuple[str, ...]]]
            ) -> RougeTriple:
    hits = sum(sum(min(c, ref[g]) for g, c in system.items() if g in ref) for ref in refs)
    ref_count = sum(sum(ref.values()) for ref in refs)
    sys_count = sum(system.values()) * len(refs)
    return RougeTriple.of(hits, ref_count, sys_count)


def rouge(
    summary: str,
    references: Sequence[str],
    *,
    word_limit: int | None = None,
    stem: bool = True,
    skip_gap: int = 4,
) -> RougeResult:
    """ROUGE-1/2/SU4 of ``summary`` against ``references`` (pooled, ``-f A``).

    ``word_limit`` cuts the summary and every reference to that many
    whitespace tokens first (``-l``). Raises ``ValueError`` without references.
    """
    if not references:
        raise ValueError("ROUGE needs at least one reference summary.")
    sys_tokens = rouge_tokens(summary, word_limit, stem=stem)
    ref_tokens = [rouge_tokens(r, word_limit, stem=stem) for r in references]
    return RougeResult(
        rouge1=_pooled(_ngrams(sys_tokens, 1), [_ngrams(t, 1) for t in ref_tokens]),
        rouge2=_pooled(_ngrams(sys_tokens, 2), [_ngrams(t, 2) for t in ref_tokens]),
        su4=_pooled(_skip_bigrams(sys_tokens, skip_gap),
                    [_skip_bigrams(t, skip_gap) for t in ref_tokens]),
    )
