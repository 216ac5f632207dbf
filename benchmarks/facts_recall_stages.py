"""Where the comparison loses the recall gold: for each gold conflict/update pair of the
recall stories that the system misses or finds, the furthest stage it reaches.

Runs the stages of :func:`newsweave.facts.compare_facts` on each recall story (same
defaults, same code) and follows each gold pair through them, in order:

1. ``no claim``: a gold side overlaps no claim (a title, a time stamp);
2. ``no number``: a side's claims hold no number (the value is a word: "pneumonia",
   "the fourth quarter", "including two children");
3. ``no value``: numbers, but no value is read on one side (:func:`measures_of`);
4. ``no same attribute``: values on both sides, never of one attribute;
5. the candidate filters of :func:`~newsweave.facts.values.compare_values`, in its
   order: ``same source``, ``ambiguous (skip)``, ``similarity`` (alignment below
   ``min_value_similarity``), ``partners`` (not among ``max_partners`` per article),
   ``several values`` (the attribute is plural in an article and the pair does not
   name whose), ``local place``, ``recurring``;
6. the rules: ``why:<reason>`` (:func:`~newsweave.facts.values.why_different`),
   ``agree``, ``other days`` (report days or ages of two times);
7. ``confidence`` (below ``min_confidence``), ``occasion:<check>``
   (:class:`~newsweave.facts.occasions.Occasions`), else ``found``.

A gold pair is counted at the furthest stage any pair of its sides' values reaches.
``found`` can differ a little from the recall row of ``facts_sample.py``, which also
counts another claim of the same article stating the gold value.

    python benchmarks/facts_recall_stages.py --corpus ECBPLUS.jsonl \\
        --recall gold/ecbplus-facts/recall-A.jsonl [--split dev] [--details]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path
from typing import Any

STAGES = ("no claim", "no number", "no value", "no same attribute", "same source",
          "ambiguous (skip)", "similarity", "partners", "several values", "local place",
          "recurring", "why", "agree", "other days", "confidence", "occasion", "found")


def _rank(stage: str) -> int:
    return STAGES.index(stage.split(":")[0])


class StoryTrace:
    """The comparison's stages on one story, kept to follow gold pairs through them."""

    def __init__(self, group: list[Any], models: Any) -> None:
        import numpy as np

        from newsweave.claims import split_claims
        from newsweave.facts import FactParams
        from newsweave.facts import values as v
        from newsweave.facts.compare import _pair_scores, find_copies, source_keys
        from newsweave.facts.measures import has_number, measures_of
        from newsweave.facts.occasions import Occasions
        from newsweave.facts.parses import ClaimParses
        from newsweave.facts.referents import (
            canonical_referents,
            local_places,
            resolve_pronouns,
            shared_surnames,
        )
        from newsweave.facts.similarity import claim_vectors
        from newsweave.model import by_publication
        from newsweave.sentences import split_many

        self.params = FactParams()
        sents = dict(zip([a.id for a in group], split_many(group, models.splitter),
                         strict=True))
        vecs = models.embedder.encode([s.text for a in group for s in sents[a.id]])
        ordered = sorted(group, key=lambda a: by_publication(a.date, a.id))
        pool: list[Any] = []
        rows: list[Any] = []
        row = 0
        offsets = {}
        for a in group:
            offsets[a.id] = row
            row += len(sents[a.id])
        for a in ordered:
            claims = split_claims(a, sents[a.id])
            if claims:
                pool.extend(claims)
                rows.append(claim_vectors(claims, sents[a.id],
                                          vecs[offsets[a.id]:offsets[a.id] + len(sents[a.id])]))
        self.pool = pool
        self.has_number = [has_number(c.text) for c in pool]
        self.sim = _pair_scores([c.text for c in pool], np.vstack(rows), self.params)
        self.keys = source_keys(group, find_copies(ordered, pool, self.sim,
                                                   self.params.copy_share))
        parses = ClaimParses(models.parser)
        numeric = [k for k, yes in enumerate(self.has_number) if yes]
        measures = measures_of(pool, numeric, parses)
        self.measures = canonical_referents(resolve_pronouns(measures, pool), pool)
        self.published = {a.id: a.date for a in group}
        self.occasions = Occasions(group, sents, pool, parses)
        self.skip = v._ambiguous(self.measures)
        self.several = v.plural(self.measures, pool)
        self.recurring = {att for _, att in self.several}
        self.ambiguous = shared_surnames(pool)
        self.local = local_places(self.measures, pool)
        self.by_claim: dict[int, list[int]] = collections.defaultdict(list)
        self.bucket: dict[str, list[int]] = collections.defaultdict(list)
        for k, m in enumerate(self.measures):
            self.by_claim[m.claim].append(k)
            if k not in self.skip:
                self.bucket[m.attribute].append(k)

    def claims_of(self, span: tuple[str, int, int]) -> list[int]:
        aid, start, end = span
        return [k for k, c in enumerate(self.pool)
                if c.article_id == aid and c.start < end and start < c.end]

    def _among_partners(self, x: int, y: int) -> bool:
        a = self.measures[x]
        other = self.pool[self.measures[y].claim].article_id
        options = sorted(((float(self.sim[a.claim, self.measures[z].claim]), z)
                          for z in self.bucket[a.attribute]
                          if self.pool[self.measures[z].claim].article_id == other),
                         key=lambda t: (-t[0], t[1]))
        return y in [z for _, z in options[:self.params.max_partners]]

    def _filtered(self, x: int, y: int) -> str | None:
        """The candidate filter of ``compare_values`` that drops the pair (stage 5)."""
        from newsweave.facts.referents import identified

        ma, mb = self.measures[x], self.measures[y]
        ca, cb = self.pool[ma.claim], self.pool[mb.claim]
        key = ma.attribute
        if self.keys[ca.article_id] == self.keys[cb.article_id]:
            return "same source"
        if x in self.skip or y in self.skip:
            return "ambiguous (skip)"
        if float(self.sim[ma.claim, mb.claim]) < self.params.min_value_similarity:
            return "similarity"
        if not (self._among_partners(x, y) or self._among_partners(y, x)):
            return "partners"
        if ((ca.article_id, key) in self.several or (cb.article_id, key) in self.several) \
                and not identified(ma, mb, self.ambiguous):
            return "several values"
        if (ma.places | mb.places) & self.local:
            return "local place"
        if key in self.recurring and ma.owned and mb.owned and key.startswith(
                ("distance:", "duration:", "weight:", "area:", "speed:")):
            return "recurring"
        return None

    def stage(self, x: int, y: int) -> str:
        """The furthest stage the value pair ``x``, ``y`` reaches (module doc)."""
        from newsweave.facts import values as v
        from newsweave.facts.conflicts import topic_of
        from newsweave.facts.occasions import GAME_ATTRIBUTES

        ma, mb = self.measures[x], self.measures[y]
        if ma.attribute != mb.attribute:
            return "no same attribute"
        dropped = self._filtered(x, y)
        if dropped is not None:
            return dropped
        why = v.why_different(ma, mb, self.ambiguous)
        if why is not None:
            return "why:" + why
        if not v._disagree(ma, mb):
            return "agree"
        found = v._finding(ma, mb, self.pool, float(self.sim[ma.claim, mb.claim]),
                           self.published, self.ambiguous)
        if found is None:
            return "other days"
        if found.confidence < self.params.min_confidence:
            return "confidence"
        topic = topic_of(found.old.attribute)
        apart = self.occasions.apart(found.old.claim, found.new.claim,
                                     running=found.old.attribute in v.RUNNING_TOTALS,
                                     values=True, game=topic in GAME_ATTRIBUTES,
                                     score=topic == "score")
        return "found" if apart is None else "occasion:" + apart

    def gold_stage(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> str:
        ka, kb = self.claims_of(a), self.claims_of(b)
        if not ka or not kb:
            return "no claim"
        if not any(self.has_number[k] for k in ka) or not any(self.has_number[k] for k in kb):
            return "no number"
        xs = [m for k in ka for m in self.by_claim[k]]
        ys = [m for k in kb for m in self.by_claim[k]]
        if not xs or not ys:
            return "no value"
        return max((self.stage(x, y) for x in xs for y in ys), key=_rank)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--recall", required=True, type=Path)
    parser.add_argument("--split", choices=("dev", "unseen", "all"), default="dev")
    parser.add_argument("--details", action="store_true", help="one line per gold pair")
    args = parser.parse_args(argv)

    from newsweave.evaluation.facts_gold import load_recall, split_of, story_labels
    from newsweave.evaluation.gold_refs import CorpusFields
    from newsweave.ingest import read_inputs
    from newsweave.nlp import Models

    articles = list(read_inputs([str(args.corpus)]).articles)
    by_id = {a.id: a for a in articles}
    problems: list[str] = []
    recall = load_recall(args.recall, by_id, problems, CorpusFields.read(args.corpus))
    story_of = story_labels(args.corpus)
    models = Models()
    tally: collections.Counter[str] = collections.Counter()
    detail: collections.Counter[str] = collections.Counter()
    for story in sorted(s for s in recall if args.split in {"all", split_of(s)}):
        trace = StoryTrace([a for a in articles if story_of.get(a.id) == story], models)
        for g in recall[story]:
            if g.kind == "misquote":
                continue
            stage = trace.gold_stage(g.a, g.b)
            tally[stage.split(":")[0]] += 1
            detail[stage] += ":" in stage
            if args.details:
                print(f"{story} {stage} | {g.values[0]} vs {g.values[1]} | {g.group}")
    total = sum(tally.values())
    print(f"{'stage (furthest reached)':<28} {'gold pairs':>10}  share")
    for stage in STAGES:
        if tally[stage]:
            print(f"{stage:<28} {tally[stage]:>10}  {tally[stage] / total:.2f}")
            for sub, n in sorted(detail.items(), key=lambda t: -t[1]):
                if n and sub.split(":")[0] == stage:
                    print(f"  {sub:<26} {n:>10}")
    print(f"{'total':<28} {total:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
