"""Learned speaker resolver: rank a quotation's candidate speakers with a small model.

Contract: :func:`quote_candidates` lists, for each kept quotation, the entities that
could have said it: the rules' own choice (:mod:`newsweave.quotes.speaker_rules`), the
entity named at the tag, the people and organisations mentioned (outside quotations)
in the tag's sentence, the three narrator sentences before it and the quotation's
paragraph, and the speakers of the three quotations before it. Each :class:`Candidate`
carries :data:`FEATURES`: whether the rules chose it and how sure they were, its
grammatical role (subject of a sentence, listener of a speech act: ``told NBC``),
distance in narrator sentences and characters, gender agreement with a ``he``/``she``
tag, entity type, whether it spoke the previous quotation, salience (mentions so far).

:class:`SpeakerModel` is a logistic model of "this candidate is the speaker" (plain
coefficients in JSON, ``newsweave/data/quote_speaker_model.json``, built by
``benchmarks/train_quote_speakers.py`` on the dev topics of our ECB+ gold only, its
settings chosen by cross-validation grouped by topic). :meth:`SpeakerModel.rerank`
keeps, per quotation, the most probable candidate, or none when its probability is
below the model's threshold. Pure: the model is read-only.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.errors import ModelUnavailableError
from newsweave.quotes.resolve import ArticleEntities, Entity
from newsweave.quotes.speaker_rules import Speaker

if TYPE_CHECKING:
    from newsweave.quotes.marks import MarkedQuote
    from newsweave.quotes.source import Tag

__all__ = ["FEATURES", "Candidate", "SpeakerModel", "default_speaker_model", "quote_candidates"]

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "quote_speaker_model.json"
FEATURES = (
    "rule", "rule_conf", "rule_follow", "at_tag", "at_tag_name", "rule_pronoun",
    "rule_description", "rule_no_tag", "gender_agrees", "gender_clashes", "gender_unknown",
    "person", "organisation", "description", "subject", "listener", "sent_distance",
    "same_sentence", "char_distance", "after_quote", "same_paragraph", "prev_speaker",
    "times_spoken", "salience", "subject_salience", "recency_rank",
)
_WINDOW = 3  # narrator sentences before the tag's
_RECENT = 3  # earlier quotations whose speakers are candidates
_KINDS = {"PERSON": "person", "DESC": "description"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible speaker of one quotation, with its features (:data:`FEATURES`)."""

    speaker: Speaker
    features: tuple[float, ...]


@dataclass
class _Evidence:
    entity: Entity | None
    rule: Speaker | None = None
    at_tag: bool = False
    nearest: int | None = None  # character distance of the nearest mention
    sent_distance: int = _WINDOW + 1
    same_sentence: bool = False
    after: bool = False
    same_paragraph: bool = False
    subject: bool = False
    listener: bool = False
    spoken: int = 0
    prev: bool = False


def quote_candidates(
    text: str, kept: Sequence[tuple[MarkedQuote, Tag | None]], rules: Sequence[Speaker],
    entities: ArticleEntities,
) -> list[list[Candidate]]:
    """The candidate speakers of each quotation of ``kept`` (see the module contract)."""
    out: list[list[Candidate]] = []
    for i, (q, tag) in enumerate(kept):
        out.append(_candidates(text, q, tag, rules, i, entities))
    return out


def _candidates(
    text: str, q: MarkedQuote, tag: Tag | None, rules: Sequence[Speaker], i: int,
    entities: ArticleEntities,
) -> list[Candidate]:
    anchor = tag.cue[0] if tag is not None else q.start
    here = entities.narr_index(anchor)
    end = max(q.end, tag.cue[1] if tag else 0, tag.source[1] if tag and tag.source else 0)
    last_sent = entities.sentence_end(max(anchor, q.start))
    para = text.rfind("\n", 0, q.start) + 1
    found: dict[int, _Evidence] = {}

    def evidence(ent: Entity) -> _Evidence:
        return found.setdefault(id(ent), _Evidence(ent))

    lo = bisect.bisect_left(entities.positions, 0)
    hi = bisect.bisect_left(entities.positions, max(end, last_sent))
    for k in range(hi - 1, lo - 1, -1):
        p, ent, subject = entities.mentions[k]
        back = here - entities.narr_index(p)
        if back > _WINDOW and p < para:
            break
        if ent.type not in ("PERSON", "ORG", "DESC"):
            continue
        ev = evidence(ent)
        dist = abs(anchor - p)
        ev.nearest = dist if ev.nearest is None else min(ev.nearest, dist)
        ev.sent_distance = min(ev.sent_distance, max(0, back))
        ev.same_sentence |= back <= 0
        ev.after |= p >= q.end
        ev.same_paragraph |= p >= para
        ev.subject |= subject
        ev.listener |= p in entities.listeners
    if tag is not None and tag.source is not None and tag.kind == "name":
        named = entities.entity_at(*tag.source)
        if named is not None:
            evidence(named).at_tag = True
    for k in range(max(0, i - _RECENT), i):
        spoke = rules[k].entity
        if spoke is not None and rules[k].confidence > 0:
            said = evidence(spoke)
            said.spoken += 1
            said.prev |= k == i - 1
    rule = rules[i]
    if rule.name is not None:
        if rule.entity is not None:
            evidence(rule.entity).rule = rule
        else:
            found[-1] = _Evidence(None, rule=rule)
    return _featurise(text, tag, rule, entities, anchor, list(found.values()))


def _featurise(
    text: str, tag: Tag | None, rule: Speaker, entities: ArticleEntities, anchor: int,
    evs: list[_Evidence],
) -> list[Candidate]:
    word = text[tag.source[0]:tag.source[1]].casefold() if tag and tag.source else ""
    gender = "m" if word in ("he", "him", "his") else "f" if word in ("she", "her") else None
    kind = tag.kind if tag is not None else None
    order = sorted(range(len(evs)), key=lambda j: _far(evs[j]))
    rank = {j: r for r, j in enumerate(order)}
    out = []
    for j, ev in enumerate(evs):
        ent = ev.entity
        g = ent.gender if ent is not None else None
        is_rule = ev.rule is not None
        before = [p for p in ent.positions if p < anchor] if ent is not None else []
        subjects = sum(1 for p, e, s in entities.mentions if e is ent and s and p < anchor)
        typ = _KINDS.get(ent.type, "organisation") if ent is not None else rule.kind
        x = (
            float(is_rule), rule.confidence if is_rule else 0.0,
            float(is_rule and rule.span is None), float(ev.at_tag),
            float(ev.at_tag and kind == "name"), float(is_rule and kind == "pronoun"),
            float(is_rule and kind == "description"), float(is_rule and tag is None),
            float(gender is not None and g == gender),
            float(gender is not None and g is not None and g != gender),
            float(gender is not None and g is None),
            float(typ == "person"), float(typ == "organisation"), float(typ == "description"),
            float(ev.subject), float(ev.listener), float(min(ev.sent_distance, _WINDOW + 1)),
            float(ev.same_sentence),
            math.log1p(ev.nearest) if ev.nearest is not None else 8.0,
            float(ev.after), float(ev.same_paragraph), float(ev.prev), float(ev.spoken),
            math.log1p(len(before)), math.log1p(subjects), float(min(rank[j], 5)),
        )
        sp = ev.rule if ev.rule is not None else Speaker(
            ent.name if ent is not None else None, tag.source if tag else None,
            ent.id if ent is not None else None, typ, 0.0, ent)
        out.append(Candidate(sp, x))
    return out


def _far(ev: _Evidence) -> int:
    return ev.nearest if ev.nearest is not None else 10**9


@dataclass(frozen=True)
class SpeakerModel:
    """Logistic model over :data:`FEATURES` (standardised), with an abstention threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.intercept + sum(c * (v - m) / s for c, v, m, s in
                                 zip(self.coef, x, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, cands: Sequence[Candidate]) -> Speaker:
        """The most probable candidate, its probability as confidence; none below the
        threshold."""
        best = max(((self.probability(c.features), c) for c in cands),
                   key=lambda t: t[0], default=None)
        if best is None or best[0] < self.threshold:
            return Speaker(None, None, None, None, best[0] if best else 0.0)
        sp = best[1].speaker
        return Speaker(sp.name, sp.span, sp.entity_id, sp.kind, best[0], sp.entity)

    def rerank(
        self, text: str, kept: Sequence[tuple[MarkedQuote, Tag | None]],
        rules: Sequence[Speaker], entities: ArticleEntities,
    ) -> list[Speaker]:
        """Each quotation's speaker as the model ranks its candidates."""
        return [self.choose(c) for c in quote_candidates(text, kept, rules, entities)]

    def to_json(self) -> str:
        return json.dumps({"format": "newsweave-quote-speaker-model/1", "features": FEATURES,
                           "mean": self.mean, "scale": self.scale, "coef": self.coef,
                           "intercept": self.intercept, "threshold": self.threshold},
                          indent=1)


def load_speaker_model(path: Path | str = DEFAULT_MODEL) -> SpeakerModel:
    """Read a model written by :meth:`SpeakerModel.to_json`; its features must be
    :data:`FEATURES` (else retrain with ``benchmarks/train_quote_speakers.py``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"quote speaker model {path}: {exc}; rebuild it with "
            "benchmarks/train_quote_speakers.py") from exc
    if tuple(data.get("features", ())) != FEATURES:
        raise ModelUnavailableError(
            f"quote speaker model {path} was trained on other features; rebuild it with "
            "benchmarks/train_quote_speakers.py")
    return SpeakerModel(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                        float(data["intercept"]), float(data["threshold"]))


@functools.cache
def default_speaker_model() -> SpeakerModel:
    """The shipped model, read once per process (read-only, like a loaded model)."""
    return load_speaker_model()
