"""Fact comparison within one story: consensus, single-source and conflicting claims.

:func:`compare_facts` aligns the claims (:mod:`newsweave.claims`) of a story's
articles and sorts every claim into exactly one of three classes (no claim is in
two of them):

* **consensus** - a :class:`FactGroup` of aligned claims from at least two
  *independent sources*;
* **single_source** - a claim that no independent source confirms;
* **conflicts** - a :class:`Conflict`: aligned claims that disagree on a
  quantity ("12 people" / "15 people"), a date (weekday, month or year), the
  speaker of the same words, or explicitly quoted words.

Independent sources. A source is an outlet (``Article.source``); articles with
no outlet (plain text files, the seeds) each count as their own source, and
articles of the same outlet count once. Exact or near-duplicate copies
(``duplicate_of``: copy id -> canonical id, from the duplicate stage) are not
compared at all: a copy is the same report, not a confirmation.

Alignment. Two claims of different articles are similar when their score::

    score = (1 - w) * max(cosine, 0) + w * tfidf_cosine           (w = lexical_weight)

reaches ``threshold``; ``cosine`` is between the claims' embeddings (the
caller's all-MiniLM-L6-v2 vectors) and ``tfidf_cosine`` between their content
tokens (:func:`newsweave.align.content_tokens`) weighted by inverse document
frequency over the story's claims, so that a rare shared word
("stabilize", "military") counts more than a common one ("China"). The score is
multiplied by ``name_penalty`` when both claims carry multi-word proper names
and neither shares a word of the other's names ("Yang Tao said ..." and
"Blinken also met Wang Yi ..." are about different people). Pairs are merged
greedily, best first, into groups holding at most one claim per article.

A pair is not merged when one claim carries a quantity whose unit the other
lacks ("spoke for 35 minutes with Xi" / "met Xi"): the extra figure is not
confirmed by the other source, so that claim stays single-source. A group whose
members disagree (see above) becomes a conflict instead of a consensus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import content_tokens
from newsweave.claims import Specifics, fold_quotes, specifics
from newsweave.model import Article, Claim, Conflict, FactGroup

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_LEXICAL_WEIGHT",
    "DEFAULT_THRESHOLD",
    "FactComparison",
    "claim_similarity",
    "compare_facts",
    "source_keys",
]

DEFAULT_THRESHOLD = 0.38
DEFAULT_LEXICAL_WEIGHT = 0.5
DEFAULT_NAME_PENALTY = 0.75


@dataclass(frozen=True, slots=True)
class FactComparison:
    """The three disjoint classes of a story's claims (see the module docstring)."""

    consensus: tuple[FactGroup, ...] = ()
    single_source: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


def source_keys(
    articles: Sequence[Article], duplicate_of: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map each article id to its independent-source key.

    The outlet (lowercased) when known, else the article's own id; a duplicate
    takes its canonical article's key.
    """
    keys = {a.id: (a.source.strip().lower() if a.source else f"id:{a.id}") for a in articles}
    for copy, canonical in (duplicate_of or {}).items():
        if copy in keys:
            keys[copy] = keys.get(canonical, keys[copy])
    return keys


def claim_similarity(
    texts: Sequence[str],
    vectors: NDArray[np.floating],
    *,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
    name_penalty: float = DEFAULT_NAME_PENALTY,
) -> NDArray[np.float32]:
    """Square matrix of alignment scores between ``texts`` (module docstring), in ``[0, 1]``.

    ``vectors[i]`` embeds ``texts[i]``; rows are L2-normalised here.
    """
    n = len(texts)
    vecs = np.asarray(vectors, dtype=np.float32)
    if vecs.shape[0] != n:
        raise ValueError(f"Need one vector per claim: {n} claims, {vecs.shape[0]} vectors.")
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    unit = np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
    cosine = np.clip(unit @ unit.T, 0.0, 1.0)
    sim = (1.0 - lexical_weight) * cosine + lexical_weight * _tfidf_cosine(texts)
    names = [_name_words(t) for t in texts]
    words = [set(_WORD.findall(t)) for t in texts]
    for i in range(n):
        if not names[i]:
            continue
        for j in range(i + 1, n):
            if names[j] and not (names[i] & words[j]) and not (names[j] & words[i]):
                sim[i, j] *= name_penalty
                sim[j, i] *= name_penalty
    out: NDArray[np.float32] = np.clip(sim, 0.0, 1.0).astype(np.float32)
    return out


def compare_facts(
    articles: Sequence[Article],
    claims: Mapping[str, Sequence[Claim]],
    vectors: Mapping[str, NDArray[np.floating]],
    *,
    duplicate_of: Mapping[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
    name_penalty: float = DEFAULT_NAME_PENALTY,
) -> FactComparison:
    """Sort a story's claims into consensus, single-source and conflicts.

    ``claims[article_id]`` are that article's claims and ``vectors[article_id]``
    their embeddings, one row per claim. Articles listed as keys of
    ``duplicate_of`` are left out (module docstring). Deterministic: the output
    depends only on the inputs, ordered by article order and text position.
    """
    dup = duplicate_of or {}
    keys = source_keys(articles, dup)
    order = {a.id: i for i, a in enumerate(_chronological(articles))}
    pool: list[Claim] = []
    rows: list[NDArray[np.floating]] = []
    for article in articles:
        if article.id in dup:
            continue
        own = list(claims.get(article.id, ()))
        if not own:
            continue
        vecs = np.asarray(vectors[article.id])
        if vecs.shape[0] != len(own):
            raise ValueError(
                f"Article {article.id!r}: {len(own)} claims but {vecs.shape[0]} vectors; "
                "pass one embedding row per claim, in the same order."
            )
        pool.extend(own)
        rows.append(vecs)
    if not pool:
        return FactComparison()
    sim = claim_similarity(
        [c.text for c in pool],
        np.vstack(rows),
        lexical_weight=lexical_weight,
        name_penalty=name_penalty,
    )
    spec = [specifics(c.text) for c in pool]
    groups = _group(pool, sim, spec, threshold)

    consensus: list[FactGroup] = []
    conflicts: list[Conflict] = []
    single: list[Claim] = []
    for members in groups:
        claims_ = [pool[i] for i in members]
        if len({keys[c.article_id] for c in claims_}) < 2:
            single.append(claims_[0])
            continue
        topic = _disagreement(members, pool, spec, keys)
        if topic is not None:
            conflicts.append(Conflict(topic, tuple(claims_)))
        else:
            best = max(members, key=lambda i: sum(sim[i, j] for j in members))
            consensus.append(FactGroup(pool[best].text, tuple(claims_)))

    def position(c: Claim) -> tuple[int, int]:
        return order[c.article_id], c.start

    consensus.sort(key=lambda g: (-len(g.sources), min(position(c) for c in g.claims)))
    conflicts.sort(key=lambda g: min(position(c) for c in g.claims))
    single.sort(key=position)
    return FactComparison(tuple(consensus), tuple(single), tuple(conflicts))


# ------------------------------------------------------------------ internals

_WORD = re.compile(r"[^\W\d_]+")
_NAME_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s+(?:said|says|told|added|stressed|tweeted)\b"
    r"|\b(?:said|says|added|tweeted)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\b"
)
_GENERIC = frozenset("The But And In On At After Still When While During He She It".split())


def _chronological(articles: Sequence[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.id))


def _tfidf_cosine(texts: Sequence[str]) -> NDArray[np.float32]:
    """Cosine of IDF-weighted content-token sets; IDF over ``texts`` themselves."""
    sets = [content_tokens(t.replace("-", " ")) for t in texts]
    df = Counter(tok for s in sets for tok in s)
    n = len(sets)
    vocab = {tok: k for k, tok in enumerate(df)}
    mat = np.zeros((n, len(vocab)), dtype=np.float32)
    for i, s in enumerate(sets):
        for tok in s:
            mat[i, vocab[tok]] = math.log((1 + n) / (1 + df[tok])) + 1.0
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    mat = np.divide(mat, norms, out=np.zeros_like(mat), where=norms > 0)
    out: NDArray[np.float32] = mat @ mat.T
    return out


def _name_words(text: str) -> set[str]:
    """Words of multi-word proper names ("Yang Tao", "Western Hemisphere")."""
    words: set[str] = set()
    for match in _NAME_PHRASE.finditer(text):
        parts = match.group().split()
        if parts[0] in _GENERIC:
            parts = parts[1:]
        if len(parts) >= 2:
            words.update(parts)
    return words


def _group(
    pool: Sequence[Claim], sim: NDArray[np.float32], spec: Sequence[Specifics], threshold: float
) -> list[list[int]]:
    """Greedy best-first merging into groups with at most one claim per article."""
    n = len(pool)
    parent = list(range(n))
    articles: list[set[str]] = [{c.article_id} for c in pool]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    candidates = np.argwhere(np.triu(sim, k=1) >= threshold)
    edges = sorted(
        ((float(sim[i, j]), int(i), int(j)) for i, j in candidates),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    for _, i, j in edges:
        if pool[i].article_id == pool[j].article_id:
            continue
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        if _quantity_conflict(spec[i], spec[j]) is None and _extra_quantity(spec[i], spec[j]):
            continue  # one side adds a figure the other does not confirm
        parent[rj] = ri
        articles[ri] |= articles[rj]
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    return sorted(members.values(), key=lambda m: m[0])


def _units(s: Specifics) -> dict[str, set[float]]:
    units: dict[str, set[float]] = {}
    for q in s.quantities:
        units.setdefault(q.unit, set()).add(q.value)
    return units


def _significant_units(s: Specifics) -> set[str]:
    """Units of quantities that make a claim more specific.

    Small counts written as words ("the two sides", "one of") are part of the
    phrasing, not a figure worth confirming.
    """
    return {
        q.unit
        for q in s.quantities
        if q.value > 2 or any(ch.isdigit() for ch in q.surface)
    }


def _extra_quantity(a: Specifics, b: Specifics) -> bool:
    return _significant_units(a) != _significant_units(b)


def _quantity_conflict(a: Specifics, b: Specifics) -> str | None:
    ua, ub = _units(a), _units(b)
    for unit in sorted(set(ua) & set(ub)):
        if not ua[unit] & ub[unit]:
            sa = next(q.surface for q in a.quantities if q.unit == unit)
            sb = next(q.surface for q in b.quantities if q.unit == unit)
            return f"{sa} vs {sb}"
    return None


_DATE_KINDS = {
    "weekday": frozenset("monday tuesday wednesday thursday friday saturday sunday".split()),
    "month": frozenset(
        "january february march april may june july august september october november "
        "december".split()
    ),
}


def _date_conflict(a: Specifics, b: Specifics) -> str | None:
    for kind in ("weekday", "month"):
        da, db = a.dates & _DATE_KINDS[kind], b.dates & _DATE_KINDS[kind]
        if da and db and not da & db:
            return f"{kind}: {', '.join(sorted(da)).title()} vs {', '.join(sorted(db)).title()}"
    ya = {d for d in a.dates if d.isdigit()}
    yb = {d for d in b.dates if d.isdigit()}
    if ya and yb and not ya & yb:
        return f"year: {', '.join(sorted(ya))} vs {', '.join(sorted(yb))}"
    return None


def _speaker(text: str) -> str | None:
    found = {m.group(1) or m.group(2) for m in _SPEAKER.finditer(text)}
    found = {f for f in found if f.split()[0] not in _GENERIC}
    return found.pop() if len(found) == 1 else None


def _speaker_conflict(a: Claim, b: Claim) -> str | None:
    sa, sb = _speaker(a.text), _speaker(b.text)
    if sa and sb and not set(sa.split()) & set(sb.split()):
        return f"speaker: {sa} vs {sb}"
    return None


def _quote_conflict(a: Specifics, b: Specifics) -> str | None:
    """Both claims quote words explicitly, the quotes match, but their content words differ."""
    for qa in a.quoted:
        ta = content_tokens(fold_quotes(qa))
        for qb in b.quoted:
            tb = content_tokens(fold_quotes(qb))
            if not ta or not tb:
                continue
            overlap = len(ta & tb) / len(ta | tb)
            if 0.4 <= overlap < 1.0:
                return f"quoted words: “{qa.strip()}” vs “{qb.strip()}”"
    return None


def _disagreement(
    members: Sequence[int],
    pool: Sequence[Claim],
    spec: Sequence[Specifics],
    keys: Mapping[str, str],
) -> str | None:
    """The first disagreement between members of different sources, as a topic."""
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            if keys[pool[i].article_id] == keys[pool[j].article_id]:
                continue
            topic = (
                _quantity_conflict(spec[i], spec[j])
                or _date_conflict(spec[i], spec[j])
                or _speaker_conflict(pool[i], pool[j])
                or _quote_conflict(spec[i], spec[j])
            )
            if topic is not None:
                return topic
    return None
