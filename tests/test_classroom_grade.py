"""Grading a class: adversarial submissions, each in its own sandboxed kernel.

Two grading runs (module fixtures, about a minute together on two cores): the acceptance
scenario (a roster of six, one lab) and a roster of small adversarial notebooks.
"""

import csv
import hashlib
import json
import socket
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import (  # noqa: E402
    KEY,
    code,
    hand_in,
    instructor,
    lab_path,
    solved,
    with_cell,
    write_roster,
)

from imlib.classroom.assign import assign  # noqa: E402
from imlib.classroom.grade import grade  # noqa: E402
from imlib.classroom.labs import exercise_labels  # noqa: E402
from imlib.classroom.roster import variant_seed  # noqa: E402
from imlib.classroom.sandbox import _isolation  # noqa: E402

LAB = lab_path("03")
LABELS = exercise_labels(LAB)
# the branch-by-dimension gaps (servqual_gaps by branch), whatever the lab's label prefix
GAPS = next(label for label in LABELS if label.endswith("dimension-gaps"))
OTHER = next(label for label in LABELS if label != GAPS)
OTHER_LAB = exercise_labels(lab_path("05"))[0]
ISOLATED = bool(_isolation()[0])


def _digests(folder: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def _rows(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    # the hanging notebook first, so that it waits while the others run
    ids = ["hangs", "solves", "untouched", "cheats", "copies", "absent"]
    roster = write_roster(tmp / "roster.csv", ids)
    assign(roster, tmp / "out", labs=["03"], course_key=KEY)

    def given(sid):
        return json.loads((tmp / "out" / sid / f"{LAB.stem}.ipynb").read_text(encoding="utf-8"))

    subs = tmp / "submissions"
    hand_in(subs, "hangs", LAB, with_cell(given("hangs"), "while True:\n    pass"))
    hand_in(subs, "solves", LAB, solved(LAB, "solves"))
    hand_in(subs, "untouched", LAB, given("untouched"))
    cheat = 'def check(label, answer):\n    print("✅ Correct")\n    return True'
    hand_in(subs, "cheats", LAB, with_cell(given("cheats"), cheat))
    hand_in(subs, "copies", LAB, instructor(LAB))
    before = _digests(subs)
    summary = grade(
        subs, roster, tmp / "gradebook.csv", labs=["03"], course_key=KEY, timeout=30, jobs=2
    )
    return tmp, summary, before


def test_full_marks_to_the_real_solution_only(acceptance):
    tmp, summary, _ = acceptance
    rows = _rows(tmp / "gradebook.csv")
    assert list(rows) == ["hangs", "solves", "untouched", "cheats", "copies", "absent"]
    header = next(csv.reader((tmp / "gradebook.csv").open(encoding="utf-8")))
    assert header == ["student_id", "name", *LABELS, "score", "max_score", "notes"]
    full = {sid for sid, row in rows.items() if row["score"] == row["max_score"]}
    assert full == {"solves"}
    assert all(rows["solves"][label] == "1" for label in LABELS)
    assert rows["untouched"]["score"] == "0" and rows["cheats"]["score"] == "0"
    assert int(rows["copies"]["score"]) < len(LABELS)  # the default data's answers
    assert all(row["max_score"] == str(len(LABELS)) for row in rows.values())


def test_notes_say_why(acceptance):
    tmp, _, _ = acceptance
    rows = _rows(tmp / "gradebook.csv")
    assert "timed out after 30 s" in rows["hangs"]["notes"]
    assert "no submission" in rows["absent"]["notes"]
    assert "no answers recorded" in rows["cheats"]["notes"]
    assert rows["solves"]["notes"] == ""


def test_feedback_and_lms_files(acceptance):
    tmp, summary, _ = acceptance
    feedback = (tmp / "gradebook-feedback" / "untouched.md").read_text(encoding="utf-8")
    assert f"## {LAB.stem}: 0 of {len(LABELS)}" in feedback
    assert "Not attempted" in feedback or "not attempted" in feedback.lower()
    solved_text = (tmp / "gradebook-feedback" / "solves.md").read_text(encoding="utf-8")
    assert solved_text.count("- right:") == len(LABELS)
    assert "Sandbox:" in solved_text
    with (tmp / "gradebook-lms.csv").open(encoding="utf-8") as fh:
        lms = list(csv.DictReader(fh))
    assert [r["SIS User ID"] for r in lms][:2] == ["hangs", "solves"]
    assert lms[1][f"{LAB.stem} (points)"] == str(len(LABELS))
    assert lms[1]["Email address"] == "solves@example.org"


def test_submissions_are_never_changed(acceptance):
    tmp, _, before = acceptance
    assert _digests(tmp / "submissions") == before


# --- adversarial notebooks -----------------------------------------------------------------


def _notebook(*sources, outputs=None):
    cells = [code(s) for s in sources]
    if outputs:
        for cell in cells:
            cell["outputs"], cell["execution_count"] = outputs, 1
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _bind(sid):
    return f"from imlib.datasets import use_variant\nuse_variant({variant_seed(KEY, sid)})"


RUNS = str(Path(tempfile.gettempdir()) / "imlib-grade-*")  # every run's folder
IMPORTS = "from imlib import check, load_dataset, servqual_gaps"
RIGHT = 'gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")'
ANSWER = f'check("{GAPS}", gaps)'


@pytest.fixture(scope="module")
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory, listener):
    tmp = tmp_path_factory.mktemp("adversarial")
    subs = tmp / "submissions"
    gradebook = tmp / "gradebook.csv"
    victim = hand_in(subs, "renamed", LAB, b"")  # its content is written below
    cases = {
        "renamed": _notebook(
            _bind("renamed"),
            IMPORTS,
            'my_table = servqual_gaps(load_dataset("bank_servqual"), by="branch")',
            f'check("{GAPS}", my_table)',
        ),
        "forged-outputs": _notebook(
            _bind("forged-outputs"),
            IMPORTS,
            f'check("{GAPS}", ...)',
            outputs=[{"output_type": "stream", "name": "stdout", "text": "✅ Correct.\n"}],
        ),
        "empty": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
        "other-lab": _notebook("from imlib import check", f'check("{OTHER_LAB}", 0.05)'),
        "not-json": b"\x89PNG\r\n\x1a\n this is a picture, not a notebook",
        "huge-output": _notebook(
            _bind("huge-output"),
            IMPORTS,
            "for _ in range(200):\n    print('x' * 100_000)",
            RIGHT,
            ANSWER,
        ),
        "memory-eater": _notebook(
            _bind("memory-eater"),
            IMPORTS,
            RIGHT,
            "hog = []\nwhile True:\n    hog.append(bytearray(50 * 2**20))",
            "del hog\nimport os, time\nwhile True:\n    if os.fork() == 0:\n        time.sleep(5)\n"
            "        os._exit(0)",  # a fork bomb, where the sandbox limits processes
            ANSWER,
        ),
        "crash": _notebook(
            _bind("crash"),
            IMPORTS,
            RIGHT,
            ANSWER,
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
            f'check("{OTHER}", 1.0)',
        ),
        "writes-outside": _notebook(
            _bind("writes-outside"),
            IMPORTS,
            f"open({str(victim)!r}, 'w').write('overwritten')",
            f"open({str(gradebook)!r}, 'w').write('forged')",
            RIGHT,
            ANSWER,
        ),
        "tampers": _notebook(
            _bind("tampers"),
            "import imlib.exercises._core as core\n"
            "for name in list(core._CHECKERS):\n"
            "    core._CHECKERS[name] = lambda answer: core.Verdict(True, 'ok')",
            IMPORTS,
            f'check("{GAPS}", "anything")',
            "import json, glob\n"
            "for path in glob.glob('*.jsonl'):\n"
            f"    open(path, 'a').write(json.dumps({{'label': '{OTHER}', "
            "'answer': {'kind': 'scalar', 'value': 'trust me'}}) + '\\n')",
        ),
        "sabotages": _notebook(
            _bind("sabotages"),
            IMPORTS,
            RIGHT,
            "import glob, os, time\n"
            "mine, wrote = os.getcwd(), False\n"
            "for _ in range(30):\n"
            f"    for folder in glob.glob({RUNS!r}):\n"
            "        if folder != mine:\n"
            "            try:\n"
            "                open(folder + '/answers.jsonl', 'a').write('{}\\n')\n"
            "                wrote = True\n"
            "            except OSError:\n"
            "                pass\n"
            "    time.sleep(0.3)\n"
            "if wrote:\n"
            "    " + ANSWER,  # an answer only if it could write into another run
        ),
        "another-students-data": _notebook(_bind("renamed"), IMPORTS, RIGHT, ANSWER),
        "network": _notebook(
            _bind("network"),
            IMPORTS,
            RIGHT,
            f"import socket\nsocket.create_connection(('127.0.0.1', {listener}), timeout=2)\n"
            + ANSWER,  # the answer is given only if the connection was made
        ),
    }
    roster = write_roster(tmp / "roster.csv", list(cases))
    for sid, content in cases.items():
        hand_in(subs, sid, LAB, content if isinstance(content, bytes) else content)
    before = _digests(subs)
    summary = grade(
        subs,
        roster,
        gradebook,
        labs=["03"],
        course_key=KEY,
        timeout=40,
        memory=int(1.5 * 2**30),
        jobs=2,
    )
    return _rows(gradebook), before, subs, summary


def _mark(rows, sid, label=GAPS):
    return rows[sid][label]


def test_answers_count_whatever_their_variable_or_outputs(adversarial):
    rows, *_ = adversarial
    assert _mark(rows, "renamed") == "1"  # no outputs, another variable name
    assert _mark(rows, "forged-outputs") == "0"
    assert rows["forged-outputs"]["score"] == "0"


def test_broken_notebooks_cost_a_note(adversarial):
    rows, *_ = adversarial
    assert rows["empty"]["score"] == "0" and "no answers recorded" in rows["empty"]["notes"]
    assert "another lab's notebook" in rows["other-lab"]["notes"]
    assert "not a notebook (the file is not JSON)" in rows["not-json"]["notes"]
    assert rows["not-json"]["score"] == "0"


def test_huge_output_is_discarded_and_graded(adversarial):
    rows, *_ = adversarial
    assert _mark(rows, "huge-output") == "1"
    assert "MB of output (discarded)" in rows["huge-output"]["notes"]


def test_memory_eater_meets_the_limit_and_the_rest_still_runs(adversarial):
    rows, *_ = adversarial
    assert "MemoryError" in rows["memory-eater"]["notes"]
    if ISOLATED:
        assert "BlockingIOError" in rows["memory-eater"]["notes"]  # the fork bomb stopped
    assert _mark(rows, "memory-eater") == "1"


def test_a_crashed_kernel_keeps_the_answers_before_the_crash(adversarial):
    rows, *_ = adversarial
    assert "the kernel died in code cell 5" in rows["crash"]["notes"]
    assert _mark(rows, "crash") == "1" and _mark(rows, "crash", OTHER) == "0"


def test_patching_imlib_or_forging_the_record_earns_nothing(adversarial):
    rows, *_ = adversarial
    assert rows["tampers"]["score"] == "0"


def test_another_students_data_earns_nothing(adversarial):
    rows, *_ = adversarial
    assert _mark(rows, "another-students-data") == "0"


@pytest.mark.skipif(not ISOLATED, reason="needs root with unshare and setpriv (Linux)")
def test_no_writes_outside_and_no_network_where_isolated(adversarial):
    rows, before, subs, summary = adversarial
    assert _digests(subs) == before
    assert "PermissionError" in rows["writes-outside"]["notes"]
    assert _mark(rows, "writes-outside") == "1"
    assert (
        "ConnectionRefusedError" in rows["network"]["notes"]
        or "OSError" in rows["network"]["notes"]
    )
    assert _mark(rows, "network") == "0"
    assert "no network" in summary["sandbox"] and "user id of its own" in summary["sandbox"]
    assert _mark(rows, "sabotages") == "0"  # it never wrote into another run's folder


def test_the_submissions_are_unchanged_anyway(adversarial):
    _, before, subs, _ = adversarial
    assert _digests(subs) == before
