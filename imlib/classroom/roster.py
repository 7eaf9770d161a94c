"""Rosters, course keys and personal seeds.

A student's variant seed is derived, never stored as a secret::

    seed = int.from_bytes(
        HMAC - SHA256(key=course_key, msg="imlib-variant/v1/" + student_id)[:4], "big"
    )

(the shipped seed, :data:`imlib.datasets.DEFAULT_SEED`, is skipped by adding one). The
notebook handed to a student holds only the seed; the course key stays with the
instructor. The same key and id always give the same seed, so a lost notebook can be
re-issued, and the grader re-derives the seed from the roster's id, not from the notebook.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KEY_FILE",
    "RosterError",
    "Student",
    "load_course_key",
    "read_roster",
    "variant_seed",
]

#: Name of the file ``assign`` keeps the course key in, beside its output (mode 0600).
KEY_FILE = "course-key.txt"
REQUIRED_COLUMNS = ("student_id", "name", "email")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")


class RosterError(ValueError):
    """A roster file cannot be used: a missing column, an empty or repeated id, ..."""


@dataclass(frozen=True)
class Student:
    """One roster row."""

    student_id: str
    name: str
    email: str


def variant_seed(course_key: str, student_id: str) -> int:
    """Return a student's personal dataset seed (0 to 2**32 - 1) for a course key.

    Examples
    --------
    >>> variant_seed("a course key", "s001") == variant_seed("a course key", "s001")
    True
    >>> variant_seed("a course key", "s001") != variant_seed("another key", "s001")
    True
    >>> variant_seed("", "s001")
    Traceback (most recent call last):
    ...
    ValueError: variant_seed(): course_key must be a non-empty string, got ''.
    """
    from imlib.datasets import DEFAULT_SEED

    for name, value in (("course_key", course_key), ("student_id", student_id)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"variant_seed(): {name} must be a non-empty string, got {value!r}.")
    digest = hmac.new(
        course_key.encode("utf-8"), f"imlib-variant/v1/{student_id}".encode(), hashlib.sha256
    ).digest()
    seed = int.from_bytes(digest[:4], "big")
    return seed + 1 if seed == DEFAULT_SEED else seed


def read_roster(path: str | Path, *, func: str = "read_roster") -> list[Student]:
    """Read and validate a roster CSV (at least ``student_id,name,email``).

    Raises
    ------
    RosterError
        For a missing file or column, an empty, repeated or unsafe student id (ids become
        folder names: letters, digits and ``. _ @ + -``, at most 64 characters).
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{func}(): roster {path} does not exist.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{func}(): roster {path} is not UTF-8 text ({exc}).") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RosterError(
            f"{func}(): roster {path.name} lacks the column {missing[0]!r}; it needs at least "
            f"{', '.join(REQUIRED_COLUMNS)} (it has: {', '.join(columns) or 'no header'})."
        )
    students, seen = [], {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        sid = row.get("student_id", "")
        if not sid:
            raise RosterError(f"{func}(): roster {path.name} line {line}: student_id is empty.")
        if not _SAFE_ID.match(sid) or sid in {".", ".."}:
            raise RosterError(
                f"{func}(): roster {path.name} line {line}: student_id {sid!r} cannot be a folder "
                "name; use letters, digits and . _ @ + - (at most 64 characters)."
            )
        if sid in seen:
            raise RosterError(
                f"{func}(): roster {path.name} line {line}: student_id {sid!r} is repeated "
                f"(first on line {seen[sid]}); every student needs their own id."
            )
        seen[sid] = line
        students.append(Student(sid, row.get("name", ""), row.get("email", "")))
    if not students:
        raise RosterError(f"{func}(): roster {path.name} has no students.")
    return students


def load_course_key(
    key: str | None, key_file: str | Path | None, *, create: bool, func: str
) -> tuple[str, Path | None]:
    """Return ``(course_key, file it came from or was written to)``.

    A key given on the command line wins. Otherwise the key is read from ``key_file``;
    with ``create``, a missing file gets a new random key (readable by its owner only).
    """
    if key is not None:
        if not key.strip():
            raise ValueError(f"{func}(): --course-key must not be empty.")
        return key, None
    if key_file is None:
        raise ValueError(
            f"{func}(): give --course-key KEY or --course-key-file FILE (assign keeps the key it "
            f"made in {KEY_FILE} beside its output)."
        )
    key_file = Path(key_file)
    if key_file.is_file():
        text = key_file.read_text(encoding="utf-8").strip()
        if not text:
            raise ValueError(f"{func}(): the course key file {key_file} is empty.")
        return text, key_file
    if not create:
        raise ValueError(f"{func}(): the course key file {key_file} does not exist.")
    from imlib.classroom._io import write_text

    new_key = secrets.token_hex(32)
    write_text(key_file, new_key + "\n", mode=0o600, func=func)
    return new_key, key_file
