"""Cached story reports that are out of date only because newsweave or the store's weave
options changed since they were woven (issue 19).

A story's cached report carries a fingerprint of its inputs: the code version
(:data:`~newsweave.weave.WEAVE_VERSION`), the weave options and its articles'
contents (:func:`~newsweave.weave.fingerprint`). When the report's articles changed
(clustering touched the story, or there is no report yet) an update weaves it at once.
When only the version or the options changed, the report is **outdated**: an update
leaves it (so one new article does not re-weave a whole store after an upgrade) and it
is re-woven when read in full (``newsweave report``, ``analyze``, the web's story page)
or by ``newsweave refresh`` (resumable: each story is stored as it is woven).

An outdated report is recognised by its fingerprint: it equals the fingerprint of the
story's articles today under an earlier prefix (version + options), one of those the
store's completed updates recorded (update state key ``weave_prefixes``) or an earlier
code version under today's options (stores woven before this bookkeeping existed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from newsweave import weave
from newsweave.store import Store
from newsweave.weave import WeaveOptions, fingerprint, weave_prefix

__all__ = ["PREFIXES", "WOVEN", "earlier_prefixes", "is_outdated", "maybe_outdated",
           "note_mark", "outdated_story_ids", "remember_prefix", "stale_story_ids"]

WOVEN = "woven"  # update_state key: the options under which no story's articles changed
PREFIXES = "weave_prefixes"  # update_state key: JSON list of prefixes reports may carry
_KEEP = 8  # prefixes remembered (each option change or upgrade adds one)


def _older_versions(options: WeaveOptions) -> list[str]:
    """The prefixes of every earlier code version under ``options`` (versions are 1, 2,
    ...; a non-numeric version has no known predecessors)."""
    version = weave.WEAVE_VERSION  # read when called (a test may simulate a new version)
    if not version.isdigit():
        return []
    return [weave_prefix(options, str(v)) for v in range(int(version) - 1, 0, -1)]


def _stored(store: Store) -> list[str]:
    raw = store.update_state(PREFIXES)
    try:
        value = json.loads(raw) if raw else []
    except json.JSONDecodeError:  # a hand-edited row: forget it rather than fail
        return []
    return [str(p) for p in value] if isinstance(value, list) else []


def earlier_prefixes(store: Store, options: WeaveOptions) -> list[str]:
    """Every prefix other than today's that a cached report of ``store`` may carry."""
    current = weave_prefix(options)
    return [p for p in dict.fromkeys([*_stored(store), *_older_versions(options)])
            if p != current]


def remember_prefix(store: Store, prefix: str, *, only: bool = False) -> None:
    """Record ``prefix`` (most recent first); ``only=True``: forget every other one
    (nothing is outdated any more)."""
    if store.read_only:
        return
    kept = [prefix] if only else list(dict.fromkeys([prefix, *_stored(store)]))[:_KEEP]
    if kept != _stored(store):
        store.put_update_state(PREFIXES, json.dumps(kept))


def note_mark(store: Store, mark_hash: str, options: WeaveOptions) -> None:
    """An update found the previous update's mark (``mark_hash``: ``fingerprint({}, o)``
    of the options ``o`` and version it completed under) different from today's: record
    that prefix when it can be recovered (an earlier version under today's options, or
    one already recorded), so its reports stay recognisable as outdated."""
    for prefix in [*_stored(store), *_older_versions(options)]:
        if hashlib.sha256(prefix.encode()).hexdigest()[:32] == mark_hash:
            remember_prefix(store, prefix)
            return


def maybe_outdated(store: Store, options: WeaveOptions) -> bool:
    """False when no cached report can be outdated (only today's prefix was ever recorded
    and the last update completed under it): then :func:`stale_story_ids` need not run."""
    stored = _stored(store)
    mark = store.update_state(WOVEN)
    return not (stored == [weave_prefix(options)] and mark is not None
                and mark.split("|", 1)[0] == fingerprint({}, options))


def is_outdated(cached: str, hashes: Mapping[str, str], options: WeaveOptions,
                earlier: Sequence[str]) -> bool:
    """True when ``cached`` (a cached report's fingerprint) is the fingerprint of the same
    articles (``hashes``) under one of the ``earlier`` prefixes."""
    return any(fingerprint(hashes, options, prefix=p) == cached for p in earlier)


def stale_story_ids(store: Store, stage: str, options: WeaveOptions) -> list[str]:
    """Ids of every story whose cached ``stage`` report is not current under ``options``
    (outdated, changed or missing), oldest story first: what ``refresh`` weaves. Reads
    every story's fingerprint and members' content hashes, no report."""
    cached = store.story_fingerprints(stage)
    return [sid for sid, hashes in store.story_contents()
            if cached.get(sid) != fingerprint(hashes, options)]


def outdated_story_ids(store: Store, stage: str, options: WeaveOptions,
                       only: Sequence[str] | None = None) -> list[str]:
    """Ids of the stories (all, or those of ``only``) whose cached ``stage`` report is
    outdated: woven from the same articles by an older version or under other options
    (not those whose articles changed, nor those without a report), oldest story first.
    Reads fingerprints and members' content hashes, no report; when
    :func:`maybe_outdated` is false there are none and nothing is read."""
    if only is None and not maybe_outdated(store, options):
        return []
    cached = store.story_fingerprints(stage, only)
    earlier = earlier_prefixes(store, options)
    out = []
    for sid, hashes in store.story_contents(only):
        have = cached.get(sid)
        if have is not None and have != fingerprint(hashes, options) and is_outdated(
                have, hashes, options, earlier):
            out.append(sid)
    return out
