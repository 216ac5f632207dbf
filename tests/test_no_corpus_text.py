"""The repository copies no evaluation text: no tracked file under src/, tests/, demo/,
docs/, gold/ or README.md holds the start of an ECB+ sentence.

Evaluation data is read in place (../shared) and never copied in: test fixtures are text
we write ourselves, gold names passages by article id and offsets. The check takes the
first :data:`PREFIX` characters of every corpus sentence at least that long (the title
and each line of the text: the corpus keeps one sentence a line; :data:`GOLD_PREFIX`
for gold/, see below) and looks for them at
every word or punctuation start of every tracked file, after undoing the escapes of
JSON and Python strings (``\\"``, ``\\'``, ``\\u201c``) so that a sentence copied into a
JSON record or a string literal is found too. Sentences that open with a quote mark are
also looked for without it. A sentence split over two string literals or two lines is
not found: the check is a guard against pasting, not a proof.

A sentence start shared by articles of two different topics is stock wording of the
genre ("Anyone with information is asked to call"), not a copy, and is not looked for.
Measured on the corpus (session 8): 1 such start at 40 characters, 3 at 35, 6 at 30;
our own files (code, tests, docs, demo) hold no corpus sentence start even at 30.
gold/ keeps 60: its quote records name the speaker as the article writes it
("Researchers at the ... firm ...", offsets beside it) and its reference summaries
reuse the articles' lead phrases, which at 40 characters are 27 hits (7 at 50).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ECBPLUS, ROOT, require

PREFIX = 40
GOLD_PREFIX = 60
GOLD = "gold/"
SCANNED = ("src", "tests", "demo", "docs", "README.md", "gold")
_OPENERS = "\"'“”‘’`( "
_START = re.compile(r"\b\w|[^\w\s]")  # a word's first character, or a punctuation mark
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _topic(article: str) -> str:
    """``ecbplus-22_12ecbplus`` -> ``22``."""
    return article.rsplit("-", 1)[-1].split("_", 1)[0]


def corpus_prefixes(corpus: Path, length: int = PREFIX) -> dict[str, str]:
    """The first ``length`` characters of every sentence of the JSONL ``corpus`` that is
    at least that long (also without its opening quote marks), mapped to the id of one
    article holding it; starts found in two topics (stock wording) are left out."""
    prefixes: dict[str, str] = {}
    stock: set[str] = set()
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        article = str(record["id"])
        for sentence in [record.get("title") or "", *(record.get("text") or "").split("\n")]:
            for form in (sentence.strip(), sentence.strip().lstrip(_OPENERS)):
                if len(form) >= length:
                    seen = prefixes.setdefault(form[:length], article)
                    if _topic(seen) != _topic(article):
                        stock.add(form[:length])
    return {p: a for p, a in prefixes.items() if p not in stock}


def unescaped(text: str) -> str:
    """``text`` with the string escapes of JSON and Python undone where a copied sentence
    would carry them (quotes, ``\\uXXXX``); other characters are left as they are."""
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace('\\"', '"').replace("\\'", "'")


def copied(text: str, prefixes: dict[str, str],
           length: int = PREFIX) -> list[tuple[int, str, str]]:
    """Every ``(line, sentence start, article id)`` of ``text`` that is a corpus prefix
    of ``length`` characters.

    Only windows that start a word or at a punctuation mark are looked up, one set
    lookup each, so a file is scanned in one pass; a copy is named once (its quoted and
    unquoted starts overlap)."""
    text = unescaped(text)
    found: list[tuple[int, str, str]] = []
    end, last = len(text) - length, -length
    for m in _START.finditer(text):
        start = m.start()
        if start > end:
            break
        window = text[start : start + length]
        if start >= last + length and window in prefixes:
            found.append((text.count("\n", 0, start) + 1, window, prefixes[window]))
            last = start
    return found


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", *SCANNED], cwd=ROOT,
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"the tracked files are unknown ({err}): this check runs in a git "
                    "checkout of the repository")
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def test_no_tracked_file_holds_an_evaluation_sentence() -> None:
    corpus = require(ECBPLUS)
    by_length = {n: corpus_prefixes(corpus, n) for n in (PREFIX, GOLD_PREFIX)}
    assert min(len(p) for p in by_length.values()) > 5000  # the corpus was read
    files = _tracked_files()
    assert ROOT / "README.md" in files and len(files) > 100  # the listing worked
    problems: list[str] = []
    for path in files:
        if not path.is_file():
            continue  # deleted in the working tree, not yet in the index
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary
        name = path.relative_to(ROOT).as_posix()
        length = GOLD_PREFIX if name.startswith(GOLD) else PREFIX
        text = data.decode("utf-8", errors="replace")
        for line, start, article in copied(text, by_length[length], length):
            problems.append(f"{name}:{line}: {start!r}... (ECB+ {article})")
    assert not problems, (
        "evaluation text copied into the repository; write fixtures in our own words and "
        "name gold passages by article id and offsets:\n" + "\n".join(problems))


def test_the_scan_finds_a_sentence_however_it_is_quoted() -> None:
    """The check can fail: a corpus sentence pasted as Python or JSON text is found, our
    own text is not."""
    prefixes = corpus_prefixes(require(ECBPLUS))
    sentence = next(p for p in prefixes if '"' not in p and "'" not in p)
    quoted = f"“{sentence} and so on.”"
    for text in (f"x = ('{sentence} and so on')\n",
                 json.dumps({"claim": quoted}) + "\n",
                 json.dumps({"claim": quoted}, ensure_ascii=False) + "\n",
                 f"Our notes.\nA line in the docs: {sentence[:PREFIX]}\n"):
        assert [(w, a) for _, w, a in copied(text, prefixes)] == [
            (sentence, prefixes[sentence])], text
    assert copied(f"Our notes.\nA line in the docs: {sentence[: PREFIX - 1]}\n", prefixes) == []
    assert copied("The council approved the new harbour bridge on Thursday evening, "
                  "after a long debate.", prefixes) == []
    # Stock wording two topics share is not a copy; at the gold length the check holds.
    assert "Anyone with information is asked to call" not in prefixes
    gold = corpus_prefixes(require(ECBPLUS), GOLD_PREFIX)
    long_one = next(p for p in gold if '"' not in p and "'" not in p)
    assert [w for _, w, _ in copied(f"x = '{long_one}'\n", gold, GOLD_PREFIX)] == [long_one]
    assert copied(f"x = '{long_one[: GOLD_PREFIX - 1]}'\n", gold, GOLD_PREFIX) == []
