"""The exercise mechanism: ``check(label, answer)`` and the checker registry.

A checker is a function ``answer -> Verdict`` registered under an exercise label. It
computes the expected answer from the same dataset the notebook loaded (through
:func:`imlib.load_dataset`), so a dataset variant needs no new answer key. ``check``
never raises on a student's answer: it prints feedback and returns True or False.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Verdict", "check", "checker", "labels", "reset_results", "results"]

CORRECT, WRONG, NOT_ATTEMPTED, UNCHECKABLE = "correct", "wrong", "not attempted", "error"


@dataclass(frozen=True)
class Verdict:
    """A checker's judgement: whether the answer is right, and what to tell the student."""

    correct: bool
    message: str


_CHECKERS: dict[str, Callable[[object], Verdict]] = {}
_RESULTS: dict[str, list[str]] = {}


def checker(label: str) -> Callable[[Callable[[object], Verdict]], Callable[[object], Verdict]]:
    """Register a checker function under an exercise label (a decorator)."""

    def register(func: Callable[[object], Verdict]) -> Callable[[object], Verdict]:
        if label in _CHECKERS:
            raise ValueError(f"checker(): label {label!r} is registered twice.")
        _CHECKERS[label] = func
        return func

    return register


def labels() -> list[str]:
    """Return every registered exercise label, sorted.

    Examples
    --------
    >>> "quality-index-by-branch" in labels()
    True
    """
    return sorted(_CHECKERS)


def results() -> dict[str, list[str]]:
    """Return every status each label reached in this session, in order.

    Statuses are ``"correct"``, ``"wrong"``, ``"not attempted"`` and ``"error"``.
    """
    return {label: list(statuses) for label, statuses in _RESULTS.items()}


def reset_results() -> None:
    """Forget the statuses recorded so far (used by tests)."""
    _RESULTS.clear()


def _say(label: str, status: str, text: str) -> None:
    symbol = {CORRECT: "✅", WRONG: "❌", NOT_ATTEMPTED: "✏️", UNCHECKABLE: "⚠️"}[status]
    heading = {
        CORRECT: "Correct",
        WRONG: "Not yet",
        NOT_ATTEMPTED: "Not attempted yet",
        UNCHECKABLE: "Could not check this answer",
    }[status]
    print(f"{symbol} [{label}] {heading}. {text}".rstrip())


def check(label: str, answer: object) -> bool:
    """Check an exercise answer, print feedback, and return whether it is right.

    Parameters
    ----------
    label : str
        The exercise label shown in the notebook, e.g. ``"quality-index-by-branch"``.
    answer : object
        The student's answer. ``...`` (Ellipsis) means "not attempted yet".

    Returns
    -------
    bool
        True for a correct answer, False otherwise. It never raises on an answer.

    Examples
    --------
    >>> check("quality-index-by-hand", ...)
    ✏️ [quality-index-by-hand] Not attempted yet. Replace ... with your answer and run...
    False
    >>> check("quality-index-by-hand", "seventy")
    ❌ [quality-index-by-hand] Not yet. Give a single number, such as 87.5; you gave a str.
    False
    >>> check("no-such-exercise", 1)
    ⚠️ [no-such-exercise] Could not check this answer. There is no exercise with this label...
    False
    """
    if not isinstance(label, str) or label not in _CHECKERS:
        close = difflib.get_close_matches(str(label), list(_CHECKERS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        _say(
            str(label),
            UNCHECKABLE,
            f"There is no exercise with this label.{hint} Check the "
            "spelling of the label in the exercise's check(...) line.",
        )
        _RESULTS.setdefault(str(label), []).append(UNCHECKABLE)
        return False
    if answer is ...:
        _say(label, NOT_ATTEMPTED, "Replace ... with your answer and run the cell again.")
        _RESULTS.setdefault(label, []).append(NOT_ATTEMPTED)
        return False
    try:
        verdict = _CHECKERS[label](answer)
    except Exception as exc:  # noqa: BLE001 - a checker must never crash a student's cell
        _say(
            label,
            UNCHECKABLE,
            f"The checker met {type(exc).__name__}: {exc}. Check that your "
            "answer has the form the exercise asks for.",
        )
        _RESULTS.setdefault(label, []).append(UNCHECKABLE)
        return False
    status = CORRECT if verdict.correct else WRONG
    _say(label, status, verdict.message)
    _RESULTS.setdefault(label, []).append(status)
    return verdict.correct
