"""The exercise test, on the labs as the two builds executed them.

`make book` and `make student-book` run every lab in a fresh kernel (any cell error fails the
build) and keep the executed notebooks in ``<build>/jupyter_execute/``. These tests read the
feedback each ``check(...)`` showed there, so the labs are not executed again for it:

- on the course site (the instructor notebooks), every exercise reaches a passing check and
  no check reports an error;
- on the student site (the student editions; when built, and always in `make test`), every
  exercise shows "not attempted" and nothing else: no solution is left to pass a check, and
  nothing breaks without it.

The feedback is read from the plain-text form of :class:`imlib.exercises.Feedback`
(``"✅ [label] Correct. ..."``), which is what a script or a terminal sees.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

LABEL = re.compile(r"\{exercise-start\}\s*\n\s*:label:\s*(\S+)")
STATUS = {
    "Correct": "correct",
    "Not yet": "wrong",
    "Not attempted yet": "not attempted",
    "Could not check this answer": "error",
}
FEEDBACK = re.compile(r"\[([\w.:-]+)\] (" + "|".join(map(re.escape, STATUS)) + r")\.")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def declared_labels(path: Path) -> list[str]:
    """The exercise labels a lab declares, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        m for c in cells if c["cell_type"] == "markdown" for m in LABEL.findall(_text(c["source"]))
    ]


def shown_feedback(executed: dict) -> dict[str, list[str]]:
    """label -> the statuses its checks showed, in order, in an executed notebook."""
    seen: dict[str, list[str]] = defaultdict(list)
    for cell in executed["cells"]:
        for output in cell.get("outputs", []):
            text = _text(output.get("data", {}).get("text/plain", output.get("text", "")))
            for label, heading in FEEDBACK.findall(text):
                seen[label].append(STATUS[heading])
    return dict(seen)


def executed_notebook(html_dir: Path, lab: Path) -> dict:
    """The notebook the build executed for `lab` (MyST-NB keeps it next to the HTML)."""
    path = html_dir.parent / "jupyter_execute" / "notebooks" / lab.name
    if not path.is_file():
        pytest.fail(f"{path} is missing: build the site first (`make test` does).", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


def test_exercises_as_the_build_ran_them(site_lab) -> None:
    lab = site_lab.page.source
    labels = declared_labels(lab)
    assert len(labels) >= 5 and len(set(labels)) == len(labels)
    seen = shown_feedback(executed_notebook(site_lab.directory, lab))
    if site_lab.site == "student-site":
        assert seen == {label: ["not attempted"] for label in labels}, lab.name
        return
    not_passed = {k: seen.get(k, []) for k in labels if "correct" not in seen.get(k, [])}
    assert not not_passed, f"{lab.name}: exercises without a passing check: {not_passed}"
    errors = [label for label, statuses in seen.items() if "error" in statuses]
    assert not errors, f"{lab.name}: a check could not check its answer: {errors}"


def test_feedback_pattern_reads_every_status() -> None:
    from imlib.exercises._core import Feedback

    for status in ("correct", "wrong", "not attempted", "error"):
        executed = {
            "cells": [
                {
                    "outputs": [
                        {"data": {"text/plain": repr(Feedback("lab3-index", status, "Why."))}}
                    ]
                }
            ]
        }
        assert shown_feedback(executed) == {"lab3-index": [status]}
    assert shown_feedback({"cells": [{"outputs": [{"text": "[x] Correctly done."}]}]}) == {}
