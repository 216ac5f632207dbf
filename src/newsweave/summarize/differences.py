"""The "where sources differ" section of a story summary."""

from __future__ import annotations

import re

from newsweave.claims import specifics
from newsweave.facts import FactComparison
from newsweave.model import Claim, Evidence, SummarySentence
from newsweave.summarize.extract import MIN_WORDS
from newsweave.summarize.select import count_words

__all__ = ["differences_section"]

_QUOTE_CHARS = " “”\"‘’'"
_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b")


def _specificity(claim: Claim) -> float:
    """How much checkable detail a claim carries: figures, quotes, names, dates, length."""
    spec = specifics(claim.text)
    return (
        2.0 * len(spec.quantities)
        + 1.0 * bool(spec.quoted)
        + 0.5 * len(_NAME.findall(claim.text))
        + 0.5 * len(spec.dates)
        + min(count_words(claim.text), 30) / 30.0
    )


def differences_section(
    facts: FactComparison, *, max_single_source: int = 5
) -> tuple[SummarySentence, ...]:
    """"Where sources differ": every conflict, then the most specific single-source claims.

    A conflict becomes ``Sources differ on the <topic> (<detail>): “claim” / “claim”``,
    citing the article of each claim, with each claim's span as evidence. A
    single-source claim keeps its own words and cites its one article. Those
    are taken round-robin across articles, each article's most specific first
    (figures, quotes, names, dates), at most ``max_single_source`` in all;
    claims under :data:`MIN_WORDS` words are skipped. Deterministic.
    """
    out: list[SummarySentence] = []
    for conflict in facts.conflicts:
        quoted = (c.text.strip(_QUOTE_CHARS) for c in conflict.claims)
        what = f"{conflict.topic} ({conflict.detail})" if conflict.detail else conflict.topic
        text = f"Sources differ on the {what}: " + " / ".join(f"“{q}”" for q in quoted)
        out.append(
            SummarySentence(
                text=text,
                sources=tuple(dict.fromkeys(c.article_id for c in conflict.claims)),
                evidence=tuple(Evidence(c.article_id, c.start, c.end) for c in conflict.claims),
            )
        )
    per_article: dict[str, list[Claim]] = {}
    for claim in facts.single_source:
        if count_words(claim.text) >= MIN_WORDS:
            per_article.setdefault(claim.article_id, []).append(claim)
    queues = [
        sorted(claims, key=lambda c: (-_specificity(c), c.start))
        for claims in per_article.values()
    ]
    picked: list[Claim] = []
    while len(picked) < max_single_source and any(queues):
        for queue in queues:
            if queue and len(picked) < max_single_source:
                picked.append(queue.pop(0))
    out.extend(
        SummarySentence(
            text=claim.text,
            sources=(claim.article_id,),
            evidence=(Evidence(claim.article_id, claim.start, claim.end),),
        )
        for claim in picked
    )
    return tuple(out)
