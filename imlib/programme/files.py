"""Plans as plain data and as files: the schema-driven reader, save_plan and load_plan.

:func:`save_plan` writes JSON with a format name, a schema version and a checksum of the
plan, through imlib's one file writer (:func:`imlib._files.write_file`: a temporary file
in the same folder, fsync, rename, fsync of the folder, the user's normal permissions).
It never silently replaces a different plan: without ``overwrite=True`` it refuses; with
it, the previous file is first kept as ``<name>.bak``. :func:`load_plan` only reads; a
damaged, truncated, hand-edited or newer file is a :class:`PlanFileError` that says what
is wrong, and the file is left as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from imlib._files import write_file
from imlib._validation import Boolean, FilePath, validate_params
from imlib.programme.model import (
    FILE_FORMAT,
    PARTS,
    SCHEMA,
    SCHEMA_VERSION,
    Plan,
    PlanFileError,
    PlanShape,
    field_problem,
)

__all__ = [
    "default_plan_dir",
    "load_plan",
    "plan_from_dict",
    "plan_to_dict",
    "save_plan",
]

#: The folder name for plans inside the user's home folder.
PLAN_FOLDER = "im-kit-plans"


# --- dictionaries --------------------------------------------------------------------------
@validate_params({"plan": PlanShape()})
def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (dicts, lists, strings, numbers, None).

    Examples
    --------
    >>> plan_to_dict(Plan(title="Promise"))["title"]
    'Promise'
    """
    return asdict(plan)


def _field_error(where: str, expected: str, value: Any) -> PlanFileError:
    return PlanFileError(
        f"field {where!r} must be {expected}; got {type(value).__name__} {value!r:.60}."
    )


def _convert(value: Any, kind: str, where: str) -> Any:
    problem = field_problem(value, kind, finite=True)
    if problem:
        raise _field_error(where, problem[1], value)
    if isinstance(value, float) and kind.startswith("a whole number"):
        return int(value)
    if isinstance(value, int) and kind in ("a number", "a number or empty (null)"):
        try:
            return float(value)
        except OverflowError:
            raise _field_error(where, "a number of a sensible size", value) from None
    return list(value) if isinstance(value, list) else value


def _from_fields(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise _field_error(where or "plan", "an object ({...})", data)
    kinds = SCHEMA[cls]
    unknown = [k for k in data if k not in kinds]
    if unknown:
        raise PlanFileError(
            f"field {(where + '.' if where else '') + str(unknown[0])!r} is not part of a "
            f"{cls.__name__.lower()} (expected: {', '.join(kinds)})."
        )
    values = {}
    for name, kind in kinds.items():
        if name not in data:
            continue  # the dataclass default
        path = f"{where}.{name}" if where else name
        if kind != "parts":
            values[name] = _convert(data[name], kind, path)
            continue
        items = data[name]
        if not isinstance(items, list):
            raise _field_error(path, "a list", items)
        values[name] = [
            _from_fields(PARTS[name], item, f"{path}[{k}]") for k, item in enumerate(items)
        ]
    return cls(**values)


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """Build a :class:`Plan` from plain data, checking every field against the schema.

    Missing fields take their empty defaults; unknown fields and wrong types are errors
    naming the field, such as ``activities[2].cost``.

    Raises
    ------
    PlanFileError
        If a field has the wrong type or is not part of a plan.

    Examples
    --------
    >>> plan_from_dict({"title": "Promise", "budget": 1000}).budget
    1000.0
    >>> plan_from_dict({"activities": [{"name": "Roadshow", "cost": "a lot"}]})
    Traceback (most recent call last):
    ...
    imlib.programme.PlanFileError: field 'activities[0].cost' must be a number; got str 'a lot'.
    """
    return _from_fields(Plan, data, "")


# --- files ---------------------------------------------------------------------------------
def default_plan_dir() -> Path:
    """The folder the labs save plans in: ``$IMLIB_PLAN_DIR``, else ``~/im-kit-plans``.

    The folder is the user's own (in their home folder), so that on a shared machine
    each user has theirs: a shared folder under the system's temporary directory would
    belong to whoever created it first. It survives restarts.

    Examples
    --------
    >>> default_plan_dir().name in {"im-kit-plans", Path(os.environ.get("IMLIB_PLAN_DIR", "")).name}
    True
    """
    override = os.environ.get("IMLIB_PLAN_DIR")
    if override:
        return Path(override).expanduser()
    return Path.home() / PLAN_FOLDER


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _checksum(data: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_canonical(data)).hexdigest()


def _plan_bytes(plan: Plan) -> bytes:
    data = asdict(plan)
    try:
        plan_from_dict(data)  # the same checks as loading: never write what cannot be read
    except PlanFileError as exc:
        raise ValueError(f"save_plan(): the plan cannot be saved: {exc}") from None
    from imlib import __version__

    document = {
        "format": FILE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved_with": f"imlib {__version__}",
        "checksum": _checksum(data),
        "plan": data,
    }
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError(f"save_plan(): the plan cannot be saved as text: {exc}") from None


@validate_params({"plan": PlanShape(), "path": FilePath(".json"), "overwrite": Boolean()})
def save_plan(plan: Plan, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Save a plan to a JSON file, atomically, without losing an earlier plan.

    Parameters
    ----------
    plan : Plan
        The plan (complete or not: drafts are saved as they are).
    path : str or path-like
        The file to write; it must end in ``.json``. Missing folders are created.
    overwrite : bool
        If the file exists and holds something different: False (default) refuses;
        True first keeps the old file as ``<name>.bak`` (replacing an older backup), then
        replaces it. Saving the same plan again is always allowed and changes nothing.

    Returns
    -------
    pathlib.Path
        The file written, with the user's normal permissions.

    Raises
    ------
    FileExistsError
        If the file holds something else and ``overwrite`` is False.
    ValueError
        If the path does not end in ``.json`` or the plan has a field that cannot be
        saved (for example a cost that is not a finite number).

    Examples
    --------
    >>> import tempfile
    >>> from imlib.programme import example_plan
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = save_plan(example_plan(), folder / "promise.json")
    >>> load_plan(path) == example_plan()
    True
    >>> save_plan(Plan(title="Other"), path)
    Traceback (most recent call last):
    ...
    FileExistsError: save_plan(): .../promise.json already holds a different plan; ...
    >>> _ = save_plan(Plan(title="Other"), path, overwrite=True)
    >>> load_plan(path.with_name("promise.json.bak")) == example_plan()
    True
    """
    func = "save_plan"
    path = Path(path)
    data = _plan_bytes(plan)
    if path.is_dir():
        raise ValueError(f"{func}(): {path} is a folder; give a file name ending in .json.")
    if path.exists():
        current = path.read_bytes()
        if current == data:
            return path
        if not overwrite:
            raise FileExistsError(
                f"{func}(): {path} already holds a different plan; nothing was written. "
                "Pass overwrite=True to replace it (the old file is kept as "
                f"{path.name}.bak), or choose another name."
            )
        write_file(path.with_name(path.name + ".bak"), current, overwrite=True, func=func)
    return write_file(path, data, overwrite=True, func=func)


def _refuse(path: Path, why: str) -> PlanFileError:
    return PlanFileError(f"load_plan(): {path} {why} The file was left as it is.")


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise FileNotFoundError(f"load_plan(): there is no plan file {path}.")
    raw = path.read_bytes()
    if not raw.strip():
        raise _refuse(path, "is empty: the save may have been interrupted.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(
            path, f"is not UTF-8 text (byte {exc.start}): it is damaged or not a plan file."
        ) from None


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        where = f"line {exc.lineno}, column {exc.colno}"
        backup = f"Restore it from a copy or from {path.name}.bak if there is one."
        truncated = (
            exc.pos >= len(body)
            or exc.msg.startswith("Unterminated string")
            or not body.endswith("}")
        )
        if truncated:
            raise _refuse(
                path,
                f"ends early: the JSON stops at {where}, so the file was truncated (an "
                f"interrupted copy or save). {backup}",
            ) from None
        raise _refuse(
            path, f"is damaged: the JSON breaks at {where} ({exc.msg}). {backup}"
        ) from None


def _plan_data(path: Path, document: Any, *, verify: bool) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise _refuse(path, f'is not an imlib plan file (no "format": {FILE_FORMAT!r}).')
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(path, f"has an invalid schema_version {version!r}.")
    if version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"was saved by a newer version of imlib (plan schema {version}; this version "
            f"reads schema {SCHEMA_VERSION} and older). Update imlib to open it.",
        )
    data = document.get("plan")
    if not isinstance(data, dict):
        raise _refuse(path, 'has no plan in it (the "plan" field is missing or not an object).')
    if verify:
        try:
            actual = _checksum(data)
        except ValueError:
            actual = None
        if document.get("checksum") != actual:
            raise _refuse(
                path,
                "does not match the checksum saved with it: it was changed after saving "
                "(damaged, or edited by hand). If you edited it on purpose, load it with "
                "load_plan(path, verify=False).",
            )
    return data


@validate_params({"path": FilePath(), "verify": Boolean()})
def load_plan(path: str | os.PathLike, *, verify: bool = True) -> Plan:
    """Load a plan saved by :func:`save_plan`; refuse anything damaged, truncated or newer.

    Parameters
    ----------
    path : str or path-like
        The plan file.
    verify : bool
        Check the plan against the checksum saved with it (default). Pass False only to
        open a file you edited by hand on purpose; every other check still applies.

    Returns
    -------
    Plan

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    PlanFileError
        If the file is empty, not UTF-8 text, not complete JSON (truncated), not a plan
        file, saved by a newer imlib, changed since it was saved, or has a field of the
        wrong type. The file is never changed.

    Examples
    --------
    >>> import tempfile
    >>> from imlib.programme import example_plan
    >>> path = save_plan(example_plan(), Path(tempfile.mkdtemp()) / "promise.json")
    >>> _ = path.write_bytes(path.read_bytes()[:200])  # simulate a truncated copy
    >>> load_plan(path)
    Traceback (most recent call last):
    ...
    imlib.programme.PlanFileError: load_plan(): .../promise.json ends early: ... truncated ...
    """
    path = Path(path)
    document = _parse_json(path, _read_text(path))
    data = _plan_data(path, document, verify=verify)
    try:
        return plan_from_dict(data)
    except PlanFileError as exc:
        raise _refuse(path, f"is not a valid plan: {exc}") from None
