"""The exercise mechanism: ``check(label, answer)``, the checker mould and its feedback.

A lab's checker module declares its lab once and its exercises from one mould::

    LAB = Lab("quality")  # every label of the lab starts with "quality-"


    @LAB.exercise("index-by-hand", reads=read_number)
    def _index_by_hand(value: float) -> Verdict:
        p, e = _reliability_means()
        return judge_number(
            value,
            100 * p / e,
            tol=0.25,
            right="Below 100: reliability falls short of what customers expect.",
            mistakes=[Mistake(100 * e / p, "You divided E by P; the index is P / E x 100.")],
            otherwise="Use the two printed means: perceived / expected x 100.",
        )

- The reader (``reads=``) turns the raw answer into the form the checker wants, or raises
  :class:`~imlib.exercises._answers.AnswerForm`; the student then sees "not yet" with the
  reader's message, so the checker body only ever sees a well-formed answer.
- The expected answer is computed from the same data the notebook loaded (through
  :func:`imlib.load_dataset`), so a dataset variant needs no new answer key.
- Common mistakes are declared as data (:class:`Mistake`), each with its hint.
- Any other exception inside a checker is caught: the student sees "could not check" in plain
  words, never the checker's own exception (it goes to the ``imlib.exercises`` logger).

``check`` never raises on a student's answer. It returns a :class:`Feedback`, which is true
exactly when the answer is right and shows itself as styled feedback in a notebook (and as one
line of text in a terminal or a doctest).
"""

from __future__ import annotations

import difflib
import html
import logging
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "Feedback",
    "Lab",
    "Mistake",
    "Verdict",
    "check",
    "checker",
    "judge_choice",
    "judge_number",
    "labels",
    "labs",
    "reset_results",
    "results",
]

CORRECT, WRONG, NOT_ATTEMPTED, UNCHECKABLE = "correct", "wrong", "not attempted", "error"
_LOG = logging.getLogger("imlib.exercises")


@dataclass(frozen=True)
class Verdict:
    """A checker's judgement: whether the answer is right, and what to tell the student."""

    correct: bool
    message: str


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer and the hint it earns.

    ``value`` is the wrong answer (a number, compared within ``tol``, or a name); ``when``
    is a predicate on the answer, for mistakes that are not one value.
    """

    value: object = None
    hint: str = ""
    tol: float | None = None
    when: Callable[[object], bool] | None = None

    def matches(self, answer: object, *, tol: float = 0.0) -> bool:
        """Return True when ``answer`` is this mistake."""
        if self.when is not None:
            return bool(self.when(answer))
        if isinstance(self.value, int | float) and isinstance(answer, int | float):
            return abs(float(answer) - float(self.value)) <= (self.tol if self.tol else tol)
        return answer == self.value


_STYLE = {
    # status: (symbol, heading, text colour, background, border); every pair is WCAG AA.
    CORRECT: ("✅", "Correct", "#0b5d27", "#e7f5eb", "#2e7d32"),
    WRONG: ("❌", "Not yet", "#7a3300", "#fff3e0", "#b35c00"),
    NOT_ATTEMPTED: ("✏️", "Not attempted yet", "#1d3a5c", "#edf2f8", "#4a6a8f"),
    UNCHECKABLE: ("⚠️", "Could not check this answer", "#8a1c1c", "#fdecea", "#b71c1c"),
}


class Feedback:
    """What ``check`` returns: the outcome of one check, shown as feedback.

    ``bool(feedback)`` is True exactly when the answer is right; ``status`` is one of
    ``"correct"``, ``"wrong"``, ``"not attempted"`` and ``"error"``.
    """

    __slots__ = ("label", "message", "status")

    def __init__(self, label: str, status: str, message: str) -> None:
        self.label, self.status, self.message = label, status, message

    def __bool__(self) -> bool:
        return self.status == CORRECT

    @property
    def correct(self) -> bool:
        """Whether the answer is right."""
        return self.status == CORRECT

    @property
    def text(self) -> str:
        """The feedback as one line of plain text."""
        symbol, heading, *_ = _STYLE[self.status]
        return f"{symbol} [{self.label}] {heading}. {self.message}".rstrip()

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        symbol, heading, colour, background, border = _STYLE[self.status]
        return (
            f'<div class="imlib-feedback imlib-feedback-{self.status.replace(" ", "-")}" '
            f'role="status" style="color:{colour};background:{background};'
            f"border-left:4px solid {border};padding:0.5em 0.8em;margin:0.3em 0;"
            f'border-radius:3px;font-family:inherit;line-height:1.45">'
            f'<span aria-hidden="true">{symbol}</span> <strong>{html.escape(heading)}</strong> '
            f"<span >({html.escape(self.label)})</span> "
            f"{html.escape(self.message)}</div>"
        )


_CHECKERS: dict[str, Callable[[object], Verdict]] = {}
_RESULTS: dict[str, list[str]] = {}
_LABS: dict[str, Lab] = {}


def _origin(func: Callable[..., object]) -> tuple[str, str]:
    """Where a checker was written: (file, qualified name)."""
    func = getattr(func, "__wrapped__", func)
    declared = getattr(func, "declared_at", None)  # a checker made by Lab.choice
    return declared or (getattr(func.__code__, "co_filename", ""), func.__qualname__)


def _register(label: str, func: Callable[[object], Verdict]) -> None:
    # A module imported a second time (pytest's importlib mode collecting a checker module's
    # doctests) registers the same checkers again: that replaces them. Two different checkers
    # under one label is a mistake.
    if label in _CHECKERS and _origin(_CHECKERS[label]) != _origin(func):
        raise ValueError(f"checker(): label {label!r} is registered twice.")
    _CHECKERS[label] = func


def checker(label: str) -> Callable[[Callable[[object], Verdict]], Callable[[object], Verdict]]:
    """Register a checker function under a full exercise label (the older form; see Lab)."""

    def register(func: Callable[[object], Verdict]) -> Callable[[object], Verdict]:
        _register(label, func)
        return func

    return register


@dataclass
class Lab:
    """A lab's exercises: every label starts with ``prefix`` followed by a hyphen."""

    prefix: str
    labels: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._file = _declaring_file()
        old = _LABS.get(self.prefix)
        if old is not None and old._file != self._file:
            raise ValueError(f"Lab(): prefix {self.prefix!r} is declared twice.")
        _LABS[self.prefix] = self

    def exercise(
        self, name: str, *, reads: Callable[..., object] | None = None, **read_options: object
    ) -> Callable[[Callable[..., Verdict]], Callable[..., Verdict]]:
        """Register an exercise ``<prefix>-<name>`` whose answer ``reads`` turns into a value."""
        label = name if name.startswith(f"{self.prefix}-") else f"{self.prefix}-{name}"

        def register(func: Callable[..., Verdict]) -> Callable[..., Verdict]:
            def run(answer: object) -> Verdict:
                value = reads(answer, **read_options) if reads is not None else answer
                return func(value)

            run.__wrapped__ = func  # so that a re-imported module's checker is recognised

            _register(label, run)
            self.labels.append(label)
            return func

        return register

    def choice(
        self,
        name: str,
        answer: object,
        *,
        reads: Callable[..., object],
        right: str,
        mistakes: Mapping[object, str] | Iterable[Mistake] = (),
        otherwise: str,
        **read_options: object,
    ) -> None:
        """Register an exercise with one fixed right answer (a concept, not a computed value).

        The answer, the hints for the common wrong ones and the fallback are data; ``reads``
        and ``read_options`` turn the student's answer into a choice, as in :meth:`exercise`.
        """

        def judge(choice: object) -> Verdict:
            return judge_choice(choice, answer, right=right, mistakes=mistakes, otherwise=otherwise)

        caller = sys._getframe(1)
        judge.declared_at = (caller.f_code.co_filename, f"line {caller.f_lineno}")
        self.exercise(name, reads=reads, **read_options)(judge)


def _declaring_file() -> str:
    """The file of the code that declared a Lab (the first frame outside this module)."""
    frame = sys._getframe(1)
    while frame is not None and (
        frame.f_code.co_filename == __file__ or frame.f_code.co_filename.startswith("<")
    ):
        frame = frame.f_back
    return frame.f_code.co_filename if frame is not None else ""


def labels() -> list[str]:
    """Return every registered exercise label, sorted.

    Examples
    --------
    >>> "quality-index-by-hand" in labels()
    True
    """
    return sorted(_CHECKERS)


def labs() -> dict[str, Lab]:
    """Return the labs declared with :class:`Lab`, by prefix."""
    return dict(_LABS)


def results() -> dict[str, list[str]]:
    """Return every status each label reached in this session, in order.

    Statuses are ``"correct"``, ``"wrong"``, ``"not attempted"`` and ``"error"``.
    """
    return {label: list(statuses) for label, statuses in _RESULTS.items()}


def reset_results() -> None:
    """Forget the statuses recorded so far (used by tests)."""
    _RESULTS.clear()


def judge_number(
    value: float,
    expected: float,
    *,
    tol: float,
    right: str,
    mistakes: Iterable[Mistake] = (),
    otherwise: str,
) -> Verdict:
    """Judge a number: right within ``tol``, else the first matching mistake's hint.

    Examples
    --------
    >>> judge_number(0.5, 0.5, tol=0.01, right="Yes.", otherwise="No.").correct
    True
    >>> judge_number(
    ...     50,
    ...     0.5,
    ...     tol=0.01,
    ...     right="Yes.",
    ...     otherwise="No.",
    ...     mistakes=[Mistake(50, "That is a percentage; give a fraction.")],
    ... ).message
    'That is a percentage; give a fraction.'
    """
    if abs(value - expected) <= tol:
        return Verdict(True, right)
    for mistake in mistakes:
        if mistake.matches(value, tol=tol):
            return Verdict(False, mistake.hint)
    return Verdict(False, otherwise)


def judge_choice(
    choice: object,
    expected: object,
    *,
    right: str,
    mistakes: Mapping[object, str] | Iterable[Mistake] = (),
    otherwise: str,
) -> Verdict:
    """Judge a choice (a name, or a set of names): right, a named misconception, or ``otherwise``.

    ``mistakes`` maps a wrong choice to the misconception it shows (or lists :class:`Mistake`).
    The right answer is judged first, so a mistake that is the right answer on some dataset
    (a new term's data) never fires: no need to remove it.

    Examples
    --------
    >>> judge_choice(
    ...     "price",
    ...     "people",
    ...     right="Yes.",
    ...     otherwise="No.",
    ...     mistakes={"price": "Price is not where the gap is."},
    ... ).message
    'Price is not where the gap is.'
    """
    if choice == expected:
        return Verdict(True, right)
    if isinstance(mistakes, Mapping):
        mistakes = [Mistake(value=k, hint=v) for k, v in mistakes.items()]
    for mistake in mistakes:
        if mistake.matches(choice):
            return Verdict(False, mistake.hint)
    return Verdict(False, otherwise)


def _record(label: str, status: str, message: str) -> Feedback:
    _RESULTS.setdefault(label, []).append(status)
    return Feedback(label, status, message)


def check(label: str, answer: object) -> Feedback:
    """Check an exercise answer and return the feedback (true exactly when it is right).

    Parameters
    ----------
    label : str
        The exercise label shown in the notebook, e.g. ``"quality-index-by-hand"``.
    answer : object
        The student's answer. ``...`` (Ellipsis) means "not attempted yet".

    Returns
    -------
    Feedback
        Shown as styled feedback in a notebook; ``bool(feedback)`` is True for a correct
        answer. It never raises on an answer.

    Examples
    --------
    >>> check("quality-index-by-hand", ...)
    ✏️ [quality-index-by-hand] Not attempted yet. Replace ... with your answer and run...
    >>> check("quality-index-by-hand", "seventy")
    ❌ [quality-index-by-hand] Not yet. Give a single number, such as 87.5; you gave a str.
    >>> bool(check("no-such-exercise", 1))
    False
    """
    from imlib.exercises._answers import AnswerForm

    if not isinstance(label, str) or label not in _CHECKERS:
        close = difflib.get_close_matches(str(label), list(_CHECKERS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return _record(
            str(label),
            UNCHECKABLE,
            f"There is no exercise with this label.{hint} Check the "
            "spelling of the label in the exercise's check(...) line.",
        )
    if answer is ...:
        return _record(label, NOT_ATTEMPTED, "Replace ... with your answer and run the cell again.")
    try:
        verdict = _CHECKERS[label](answer)
        if not isinstance(verdict, Verdict):
            raise TypeError(f"checker {label!r} returned {type(verdict).__name__}, not a Verdict")
    except AnswerForm as problem:
        return _record(label, WRONG, str(problem))
    except Exception:  # noqa: BLE001 - a checker must never crash a student's cell
        _LOG.debug("checker %r failed on a %s answer", label, type(answer).__name__, exc_info=True)
        return _record(
            label,
            UNCHECKABLE,
            "This answer could not be checked. Make sure it has the form the exercise asks "
            "for (a number, a name in quotes, a list or a table), then run the cell again.",
        )
    return _record(label, CORRECT if verdict.correct else WRONG, verdict.message)
