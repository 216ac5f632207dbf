"""Shared fixtures: the offline spaCy pipeline (loaded once) and paths to shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ECBPLUS = SHARED / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
DEMO = ROOT / "demo"


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, split the cores between the workers instead of oversubscribing.

    Each worker process would otherwise start as many BLAS/torch threads as there are
    cores, and on the 2-core CI machine two workers x two spinning threads run slower
    than one process. Set before numpy or torch is imported by any test module.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers > 1:
        threads = str(max(1, (os.cpu_count() or 1) // workers))
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, threads)


def require(path: Path) -> Path:
    """Skip the calling test when ``path`` (from ../shared) is absent, saying why."""
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared (seeds and evaluation data) is only "
                    "next to the repository on CI and developer machines")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from newsweave.nlp import load_spacy

    return load_spacy(ner=False)


@pytest.fixture(scope="session")
def nlp_ner():  # type: ignore[no-untyped-def]
    """spaCy with NER and the dependency parser, as the pipeline loads it."""
    from newsweave.nlp import load_spacy

    return load_spacy(ner=True, parser=True)


@pytest.fixture(scope="session")
def parser():  # type: ignore[no-untyped-def]
    """spaCy with the dependency parser and NER (the fact comparison reads values with it)."""
    from newsweave.nlp import load_spacy

    return load_spacy(ner=True, parser=True)


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from newsweave.embed import load_embedder

    return load_embedder()


@pytest.fixture
def seeds_dir() -> Path:
    return require(SEEDS)


@pytest.fixture(scope="session")
def models(nlp, nlp_ner, embedder, parser):  # type: ignore[no-untyped-def]
    """Every model the pipeline uses, loaded once per test session."""
    from newsweave.nlp import Models

    return Models(splitter=nlp, ner=nlp_ner, embedder=embedder, parser=parser)


@pytest.fixture(scope="session")
def ecb_db(tmp_path_factory: pytest.TempPathFactory, models):  # type: ignore[no-untyped-def]
    """A private copy of the 772 ECB+ articles (topics 1-35) woven by the real pipeline,
    up to date with the code under test (built once and cached: tests/ecb_store.py)."""
    from .ecb_store import ecb_store

    data = require(ECBPLUS)
    return ecb_store(data, tmp_path_factory.mktemp("ecb") / "ecb772.db", models)


# Fixtures that load the sentence-embedding model: a test using one is slow by the marker's
# definition (pyproject.toml), so `pytest -m "not slow"` stays a quick lane without it.
EMBEDDING_FIXTURES = frozenset({"models", "embedder"})


# Modules that take minutes on their own (the ECB+ browser test builds a 772-article store
# when its cache is cold, as on CI): run first, so that under pytest-xdist (scripts/test.sh)
# one worker starts on them while the other works through everything else.
LONG_POLES = ("web/test_browser_ecb.py", "test_crash_safety.py", "test_scale.py")
# Modules that read that store without building it: last, so that their worker does
# everything else while the other builds the store (else it waits on the build's lock).
RUN_LAST = ("test_summarize.py",)


def _long_pole_rank(item: pytest.Item) -> int:
    path = item.path.as_posix()
    if path.endswith(RUN_LAST):
        return len(LONG_POLES) + 1
    return next((i for i, name in enumerate(LONG_POLES) if path.endswith(name)),
                len(LONG_POLES))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if EMBEDDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_long_pole_rank)  # stable: the order within each rank is kept
