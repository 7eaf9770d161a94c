"""Every lab grades: its real solution, on a student's own variant, earns full marks.

One grading run of all the labs for one student (a few minutes on two cores): the
instructor notebook of each lab, bound to the student's variant, handed in and graded.
It catches an answer type that cannot cross the sandbox boundary and a checker that does
not follow the variant.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import KEY, hand_in, solved, write_roster  # noqa: E402

from imlib.classroom.grade import grade  # noqa: E402
from imlib.classroom.labs import exercise_labels, lab_notebooks  # noqa: E402


@pytest.mark.notebook
def test_every_labs_solution_earns_full_marks_on_a_personal_variant(tmp_path):
    roster = write_roster(tmp_path / "roster.csv", ["v1"])
    labs = lab_notebooks()
    for lab in labs:
        hand_in(tmp_path / "subs", "v1", lab, solved(lab, "v1"))
    summary = grade(
        tmp_path / "subs", roster, tmp_path / "g.csv", course_key=KEY, timeout=300, jobs=2
    )
    (row,) = summary["rows"]
    assert row["max_score"] == sum(len(exercise_labels(lab)) for lab in labs)
    missed = [label for label, mark in row.items() if mark == 0]
    assert not missed, (missed, row["notes"])
    assert row["notes"] == ""
