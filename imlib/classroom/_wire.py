"""Answers as plain JSON data: how an answer leaves a grading kernel (never pickle).

Supported: None, bool, int, float (NaN and infinities included), str, Ellipsis, lists,
tuples, sets, dicts, NumPy scalars and arrays, pandas Series, DataFrames, Index,
Timestamps, Timedeltas, dates, and imlib's own dataclasses (a programme ``Plan`` and its
parts), field by field. Anything else is encoded as ``{"kind": "unsupported"}`` and judged
as a wrong answer. Decoding builds only these types; a dataclass only when it is defined
in imlib.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib
import math

__all__ = ["MAX_ANSWER_CHARS", "WireError", "decode", "encode"]

#: The largest encoded answer accepted (characters of JSON).
MAX_ANSWER_CHARS = 2_000_000
_MAX_DEPTH = 20


class WireError(ValueError):
    """An encoded answer is malformed, too deep or too large."""


def _scalar(value):
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    if isinstance(value, pd.Timedelta):
        return {"timedelta": int(value.value)}
    if isinstance(value, tuple):
        return {"tuple": [_scalar(v) for v in value]}
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {"date": value.isoformat()}
    raise TypeError(type(value).__name__)


def _unscalar(value):
    import pandas as pd

    if isinstance(value, dict):
        if "float" in value:
            return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value["float"]]
        if "timestamp" in value:
            return pd.Timestamp(value["timestamp"])
        if "timedelta" in value:
            return pd.Timedelta(int(value["timedelta"]))
        if "tuple" in value:
            return tuple(_unscalar(v) for v in value["tuple"])
        if "date" in value:
            return _dt.date.fromisoformat(str(value["date"]))
        raise WireError(f"unknown scalar {sorted(value)}")
    return value


def _index(index) -> dict:
    levels = [index.get_level_values(i) for i in range(index.nlevels)]
    return {
        "names": [None if n is None else str(n) for n in index.names],
        "arrays": [[_scalar(v) for v in level.tolist()] for level in levels],
        "dtypes": [str(level.dtype) for level in levels],
    }


def _unindex(data: dict):
    import pandas as pd

    levels = [
        _astype(pd.Index([_unscalar(v) for v in values], dtype=object), dtype)
        for values, dtype in zip(data["arrays"], data["dtypes"], strict=True)
    ]
    if len(levels) > 1:
        return pd.MultiIndex.from_arrays(levels, names=data["names"])
    return levels[0].rename(data["names"][0])


def _astype(obj, dtype: str):
    import pandas as pd

    try:
        if dtype.startswith("datetime64"):
            return pd.to_datetime(obj)
        if dtype == "object":
            return obj
        return obj.astype(dtype)
    except (TypeError, ValueError):
        return obj


def _encode_frame(value) -> dict:
    if value.columns.nlevels > 1:
        return {"kind": "unsupported", "type": "DataFrame with MultiIndex columns"}
    return {
        "kind": "frame",
        "columns": [_scalar(c) for c in value.columns],
        "dtypes": [str(t) for t in value.dtypes],
        "index": _index(value.index),
        "data": [[_scalar(v) for v in value[c].tolist()] for c in value.columns]
        if value.columns.is_unique
        else [[_scalar(v) for v in value.iloc[:, i].tolist()] for i in range(value.shape[1])],
    }


def _encode_series(value) -> dict:
    return {
        "kind": "series",
        "name": _scalar(value.name) if not isinstance(value.name, list) else None,
        "dtype": str(value.dtype),
        "index": _index(value.index),
        "data": [_scalar(v) for v in value.tolist()],
    }


def _encode_dataclass(value, depth: int) -> dict:
    cls = type(value)
    if not cls.__module__.startswith("imlib."):
        return {"kind": "unsupported", "type": cls.__name__}
    return {
        "kind": "dataclass",
        "module": cls.__module__,
        "name": cls.__qualname__,
        "fields": [
            [f.name, encode(getattr(value, f.name), depth + 1)]
            for f in dataclasses.fields(value)
            if f.init
        ],
    }


def _encode_collection(value, depth: int) -> dict:
    kind = {list: "list", tuple: "tuple"}.get(type(value), "set")
    items = sorted(value, key=repr) if kind == "set" else value
    return {"kind": kind, "items": [encode(v, depth + 1) for v in items]}


def encode(value, _depth: int = 0) -> dict:
    """Return ``value`` as JSON-ready data."""
    import numpy as np
    import pandas as pd

    if _depth > _MAX_DEPTH:
        return {"kind": "unsupported", "type": "too deeply nested"}
    if value is ...:
        return {"kind": "ellipsis"}
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value)
    if isinstance(value, pd.Series):
        return _encode_series(value)
    if isinstance(value, pd.Index):
        return {"kind": "index", "index": _index(value)}
    if isinstance(value, np.ndarray):
        return {
            "kind": "array",
            "dtype": str(value.dtype),
            "data": encode(value.tolist(), _depth + 1),
        }
    if isinstance(value, list | tuple | set | frozenset):
        return _encode_collection(value, _depth)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encode_dataclass(value, _depth)
    if isinstance(value, dict):
        return {
            "kind": "dict",
            "items": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in value.items()],
        }
    try:
        return {"kind": "scalar", "value": _scalar(value)}
    except TypeError:
        return {"kind": "unsupported", "type": type(value).__name__}


def decode(data, _depth: int = 0):
    """Rebuild an answer from :func:`encode`'s data (plain types only)."""
    import numpy as np
    import pandas as pd

    if _depth > _MAX_DEPTH + 2:
        raise WireError("answer nested too deeply")
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        raise WireError("an answer must be an object with a 'kind'")
    kind = data["kind"]
    if kind == "ellipsis":
        return ...
    if kind == "scalar":
        return _unscalar(data["value"])
    if kind == "frame":
        columns = [_unscalar(c) for c in data["columns"]]
        index = _unindex(data["index"])
        frame = pd.DataFrame(
            {i: [_unscalar(v) for v in col] for i, col in enumerate(data["data"])}, index=index
        )
        for i, dtype in enumerate(data["dtypes"]):
            frame[i] = _astype(frame[i], dtype)
        frame.columns = columns
        return frame
    if kind == "series":
        series = pd.Series(
            [_unscalar(v) for v in data["data"]],
            index=_unindex(data["index"]),
            name=_unscalar(data["name"]),
            dtype=object,
        )
        return _astype(series, data["dtype"])
    if kind == "index":
        return _unindex(data["index"])
    if kind == "array":
        return np.array(decode(data["data"], _depth + 1), dtype=data["dtype"])
    if kind in {"list", "tuple", "set"}:
        items = [decode(v, _depth + 1) for v in data["items"]]
        return {"list": list, "tuple": tuple, "set": set}[kind](items)
    if kind == "dict":
        return {decode(k, _depth + 1): decode(v, _depth + 1) for k, v in data["items"]}
    if kind == "dataclass":
        module, name = str(data.get("module", "")), str(data.get("name", ""))
        if not (module == "imlib" or module.startswith("imlib.")) or not name.isidentifier():
            raise WireError(f"not an imlib type: {module}.{name}")
        cls = getattr(importlib.import_module(module), name, None)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise WireError(f"not an imlib dataclass: {module}.{name}")
        fields = {str(k): decode(v, _depth + 1) for k, v in data["fields"]}
        return cls(**fields)
    if kind == "unsupported":
        return _Unsupported(str(data.get("type", "?")))
    raise WireError(f"unknown answer kind {kind!r}")


class _Unsupported:
    """Stands for an answer whose type cannot cross the boundary; no checker accepts it."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<an answer of type {self.type_name} that the grader cannot read>"
