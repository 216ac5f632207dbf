"""Round-trip the frozen dataclasses of :mod:`newsweave.model` through JSON.

Used to cache stage results in the store. Dates become ISO strings, tuples
become lists; decoding follows the dataclass type hints, so a record read back
equals the record written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_jsonable(obj: Any) -> Any:
    """Plain JSON data for a dataclass record (recursively), date, tuple, list or dict."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if value is None:
        return None
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is list:
        return [_decode(get_args(tp)[0], v) for v in value]
    if origin is dict:
        return {k: _decode(get_args(tp)[1], v) for k, v in value.items()}
    if origin is typing.Literal:
        return value
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_jsonable(tp, value)
    return value


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` record from :func:`to_jsonable` output."""
    hints = _hints(cls)  # type: ignore[arg-type]
    kwargs = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**kwargs)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON bytes of ``obj``."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":")).encode()


def loads(cls: type[T], data: bytes) -> T:
    """Inverse of :func:`dumps` for a record of type ``cls``."""
    return from_jsonable(cls, json.loads(data))
