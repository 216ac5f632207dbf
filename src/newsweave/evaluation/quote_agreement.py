"""Agreement of two independent quote-annotation passes (docs/gold-quotes.md).

On the articles both passes looked at:

* **class agreement**: the marked spans of the two passes are matched one-to-one by
  overlap; the share of matched spans given the same class, and Cohen's kappa over
  the classes (a span only one pass has counts as a disagreement: class ``missing``
  on the other side);
* **quote span F1**: pass A's ``quote`` spans against pass B's, matched by overlap
  (lenient) and by identical offsets (strict);
* **speaker agreement**: on quotes both passes found, the share with the same
  speaker (:func:`~newsweave.evaluation.quotes_real.speaker_right` both ways, or
  both ``null``), and the share with the same speaker kind.

:func:`agreement` can also write the disagreements, one line per disputed span with
both passes' decisions, for adjudication (it never decides them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluation.metrics import PRF, match_spans
from newsweave.evaluation.quote_gold import GoldSpan, OffsetGold, load_offset_gold, raw_texts_of
from newsweave.evaluation.quotes_real import Prediction, speaker_right

__all__ = ["Agreement", "agreement", "compare_passes"]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement figures of two passes and their disagreements."""

    n_articles: int
    n_spans: tuple[int, int]
    class_agreement: float
    kappa: float
    quote_f1: PRF
    quote_f1_exact: PRF
    n_both_quotes: int
    speaker_agreement: float
    kind_agreement: float
    disagreements: tuple[str, ...]

    def table(self) -> str:
        a, b = self.n_spans
        return "\n".join([
            f"articles annotated by both passes: {self.n_articles}; marked spans A={a} B={b}",
            f"class agreement (matched spans):  {self.class_agreement:.3f} "
            f"(Cohen's kappa {self.kappa:.3f})",
            f"quote span P/R/F1 (B against A):   overlap "
            f"{self.quote_f1.precision:.3f}/{self.quote_f1.recall:.3f}/{self.quote_f1.f1:.3f}"
            f"; exact {self.quote_f1_exact.precision:.3f}/{self.quote_f1_exact.recall:.3f}/"
            f"{self.quote_f1_exact.f1:.3f}",
            f"speaker agreement on the {self.n_both_quotes} quotes both found: "
            f"{self.speaker_agreement:.3f} (speaker kind {self.kind_agreement:.3f})",
            f"disagreements: {len(self.disagreements)}",
        ])


def _kappa(pairs: Sequence[tuple[str, str]]) -> float:
    if not pairs:
        return 0.0
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def _same(x: GoldSpan, y: GoldSpan) -> bool:
    if x.speaker is None or y.speaker is None:
        return x.speaker is None and y.speaker is None
    px = Prediction(x.article, x.start, x.end, x.speaker, x.speaker_span)
    py = Prediction(y.article, y.start, y.end, y.speaker, y.speaker_span)
    return speaker_right(px, y) or speaker_right(py, x)


def _show(s: GoldSpan | None, texts: dict[str, str]) -> str:
    if s is None:
        return "-"
    words = texts.get(s.article, "")[s.start:s.end].split()
    head = " ".join(words[:5]) + (" …" if len(words) > 5 else "")
    out = f"n={s.n} [{s.start}:{s.end}] {s.cls} «{head}»"
    if s.cls == "quote":
        out += f" speaker={s.speaker!r} ({s.speaker_kind})"
    return out


def compare_passes(a: OffsetGold, b: OffsetGold, texts: dict[str, str]) -> Agreement:
    """Agreement of ``b`` with ``a`` on the articles both list (see the module docstring)."""
    both = [x for x in a.articles if x in set(b.articles)]
    keep = set(both)
    sa = [s for s in a.spans if s.article in keep]
    sb = [s for s in b.spans if s.article in keep]
    m = match_spans(sa, sb)
    matched_b = set(m.values())
    cls_pairs = [(sa[i].cls, sb[j].cls) for i, j in m.items()]
    cls_all = cls_pairs + [(s.cls, "missing") for i, s in enumerate(sa) if i not in m] + [
        ("missing", s.cls) for j, s in enumerate(sb) if j not in matched_b]
    qa = [s for s in sa if s.cls == "quote"]
    qb = [s for s in sb if s.cls == "quote"]
    mq = match_spans(qa, qb)
    exact = sum(qa[i].start == qb[j].start and qa[i].end == qb[j].end for i, j in mq.items())
    same = [_same(qa[i], qb[j]) for i, j in mq.items()]
    kinds = [qa[i].speaker_kind == qb[j].speaker_kind for i, j in mq.items()]
    lines: list[str] = []
    for i, j in sorted(m.items(), key=lambda t: (both.index(sa[t[0]].article), sa[t[0]].start)):
        x, y = sa[i], sb[j]
        why = []
        if x.cls != y.cls:
            why.append("class")
        elif x.cls == "quote":
            if (x.start, x.end) != (y.start, y.end):
                why.append("span")
            if not _same(x, y):
                why.append("speaker")
        if why:
            lines.append(f"{x.article}\t{'+'.join(why)}\tA: {_show(x, texts)}\tB: "
                         f"{_show(y, texts)}")
    for i, x in enumerate(sa):
        if i not in m:
            lines.append(f"{x.article}\tonly A\tA: {_show(x, texts)}\tB: -")
    for j, y in enumerate(sb):
        if j not in matched_b:
            lines.append(f"{y.article}\tonly B\tA: -\tB: {_show(y, texts)}")
    return Agreement(
        len(both), (len(sa), len(sb)),
        sum(x == y for x, y in cls_pairs) / len(cls_pairs) if cls_pairs else 0.0,
        _kappa(cls_all),
        PRF.of(len(mq), len(qb), len(qa)), PRF.of(exact, len(qb), len(qa)),
        len(mq), sum(same) / len(same) if same else 0.0,
        sum(kinds) / len(kinds) if kinds else 0.0, tuple(lines))


def agreement(
    pass_a: Path, pass_b: Path, *, disagreements: Path | None = None,
    corpus: Path | None = None,
) -> Agreement:
    """Load two offset gold files, compare them, optionally write the disagreements."""
    from newsweave.ingest import normalise_text

    a, b = load_offset_gold(pass_a), load_offset_gold(pass_b)
    texts: dict[str, str] = {}
    if corpus is not None and corpus.is_file():
        texts = {k: normalise_text(v) for k, v in
                 raw_texts_of(corpus, [x for x in a.articles if x in set(b.articles)]).items()}
    result = compare_passes(a, b, texts)
    if disagreements is not None:
        head = (f"# Disagreements of {pass_a.name} (A) and {pass_b.name} (B), for adjudication."
                "\n# article\twhat differs\tpass A\tpass B (offsets into the ingested text)\n")
        disagreements.write_text(head + "\n".join(result.disagreements) + "\n",
                                 encoding="utf-8")
    return result
