"""Answer readers that several labs' checker modules share (private)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from imlib.exercises._answers import AnswerForm

__all__: list[str] = []


def read_ordering(
    answer: object,
    *,
    names: Sequence[str],
    read: Callable[[object], str],
    not_a_list: str,
    use_each: str,
) -> list[str]:
    """Read a list that names each of ``names`` once, in the student's order.

    ``read`` turns one item into its canonical name; ``not_a_list`` is the message for an
    answer that is not a list, and ``use_each`` the start of the message for a list that does
    not name every one of ``names`` once (the names follow, comma-separated).
    """
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise AnswerForm(not_a_list)
    given = [read(a) for a in answer]
    if sorted(given) != sorted(names):
        raise AnswerForm(use_each + ", ".join(names) + ".")
    return given
