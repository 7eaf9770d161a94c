"""``python -m imlib grade``: run a class's submissions in sandboxes, judge, write a gradebook.

For each roster student and each chosen lab, the submission
``SUBMISSIONS/<student_id>/<lab>.ipynb`` (or the one notebook in the folder whose name
starts with the lab's number) is read, copied and run in its own sandboxed runner and
kernel (:mod:`imlib.classroom.sandbox`); runs proceed in parallel over ``jobs`` worker
threads, each waiting on its own process. The kernel only records what each
``check(label, answer)`` call was given, as JSON. The grader then judges each lab
label's last recorded answer with the real checkers, in its own process, with the
dataset variant derived from the course key and the *roster's* student id: nothing the
notebook says about itself (its metadata, its ``use_variant`` cell, its outputs, its own
``check``) enters the verdict.

Written next to the gradebook ``GRADEBOOK.csv``:

- ``GRADEBOOK.csv``: ``student_id, name, <one column per label: 1 or 0>, score,
  max_score, notes``, one row per roster student, in roster order;
- ``GRADEBOOK-feedback/<student_id>.md``: what was right and the hint for what was not;
- ``GRADEBOOK-lms.csv``: one row per student for a learning platform's grade import
  (``Student, SIS User ID, Email address, <lab> (points)``; Canvas matches on
  ``SIS User ID``, Moodle on the ID number or the email address chosen at import).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from imlib.classroom._io import write_text
from imlib.classroom.labs import exercise_labels, resolve_labs
from imlib.classroom.roster import load_course_key, read_roster, variant_seed
from imlib.classroom.sandbox import RunResult, enforcement, run_submission

__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "LabGrade", "grade", "judge"]

DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY = 2 * 2**30
_MAX_NOTEBOOK_BYTES = 50_000_000


@dataclass
class LabGrade:
    """One student's result on one lab."""

    lab: str
    marks: dict[str, int] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _find_submission(folder: Path, lab: str, single_lab: bool) -> tuple[Path | None, str | None]:
    if not folder.is_dir():
        return None, "no submission"
    exact = folder / f"{lab}.ipynb"
    if exact.is_file():
        return exact, None
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    number = lab.split("-", 1)[0]
    same = [p for p in notebooks if p.name.startswith(number)]
    if len(same) == 1:
        return same[0], f"graded {same[0].name} as {lab}"
    if single_lab and len(notebooks) == 1:
        return notebooks[0], f"graded {notebooks[0].name} as {lab}"
    return None, "no submission" if not notebooks else f"no notebook named {lab}.ipynb"


def _read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """Read a submission (never opened for writing); return (notebook, problem)."""
    try:
        if path.stat().st_size > _MAX_NOTEBOOK_BYTES:
            return None, "not graded: the file is larger than 50 MB"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"not graded: cannot read the file ({exc.strerror})"
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, "not a notebook (the file is not JSON)"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None, "not a notebook (JSON without a list of cells)"
    return notebook, None


def judge(labels: list[str], answers: list[tuple[str, object]], seed: int) -> LabGrade:
    """Judge recorded answers (JSON data) with the real checkers on variant ``seed``.

    The last recorded answer of each label counts. Must run in the grader's process.
    """
    from imlib import datasets
    from imlib.classroom._wire import WireError, decode
    from imlib.exercises import check, reset_results

    grade = LabGrade(lab="")
    last = {}
    for label, data in answers:
        if label in labels:
            last[label] = data
    previous = datasets.use_variant(seed)
    try:
        for label in labels:
            if label not in last:
                grade.marks[label] = 0
                grade.feedback[label] = "no answer recorded (check(...) was not run)"
                continue
            try:
                answer = decode(last[label])
            except (WireError, KeyError, TypeError, ValueError, IndexError):
                grade.marks[label] = 0
                grade.feedback[label] = "the answer could not be read"
                continue
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                verdict = check(label, answer)
            message = str(getattr(verdict, "message", None) or printed.getvalue().strip())
            status = getattr(verdict, "status", None)
            grade.marks[label] = 1 if bool(verdict) else 0
            if status == "not attempted" and "not attempted" not in message.lower():
                message = f"not attempted. {message}"
            grade.feedback[label] = message
    finally:
        datasets.use_variant(previous)
        datasets._VARIANT_CACHE.clear()
        reset_results()
    return grade


def grade(
    submissions: str | Path,
    roster: str | Path,
    out: str | Path,
    *,
    labs: list[str] | None = None,
    course_key: str | None = None,
    course_key_file: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
    jobs: int | None = None,
    progress=None,
) -> dict:
    """Grade every roster student's submissions; write the gradebook; return a summary.

    Returns
    -------
    dict
        ``rows`` (the gradebook rows as dicts), ``gradebook``, ``feedback`` (folder),
        ``lms`` (paths) and ``sandbox`` (what was enforced).

    Raises
    ------
    RosterError, LabError, ValueError
        For a bad roster, an unknown lab, a missing course key, or a bad timeout or jobs
        (before anything runs).
    """
    func = "grade"
    students = read_roster(roster, func=func)
    notebooks = resolve_labs(labs, func=func)
    key, _ = load_course_key(course_key, course_key_file, create=False, func=func)
    for name, value, low in (("timeout", timeout, 1), ("jobs", jobs or 1, 1)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= low:
            raise ValueError(
                f"{func}(): --{name} must be a number of at least {low}, got {value!r}."
            )
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise ValueError(f"{func}(): the submissions folder {submissions} does not exist.")
    lab_labels = {p.stem: exercise_labels(p) for p in notebooks}
    on_roster = {s.student_id for s in students}
    strangers = sorted(
        p.name for p in submissions.iterdir() if p.is_dir() and p.name not in on_roster
    )
    jobs = int(jobs or os.cpu_count() or 1)

    grades: dict[tuple[str, str], LabGrade] = {}
    tasks = []
    for student in students:
        for lab in lab_labels:
            path, note = _find_submission(
                submissions / student.student_id, lab, len(lab_labels) == 1
            )
            lab_grade = LabGrade(lab=lab, notes=[f"{lab}: {note}"] if note else [])
            grades[(student.student_id, lab)] = lab_grade
            notebook = None
            if path is not None:
                notebook, problem = _read_notebook(path)
                if problem:
                    lab_grade.notes.append(f"{lab}: {problem}")
            if notebook is None:
                lab_grade.marks = {label: 0 for label in lab_labels[lab]}
                continue
            tasks.append((student, lab, notebook))

    def run(task):
        student, lab, notebook = task
        return task, run_submission(notebook, timeout=timeout, memory=memory)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for (student, lab, _), result in pool.map(run, tasks):
            judged = judge(lab_labels[lab], result.answers, variant_seed(key, student.student_id))
            lab_grade = grades[(student.student_id, lab)]
            lab_grade.marks, lab_grade.feedback = judged.marks, judged.feedback
            lab_grade.notes += [f"{lab}: {n}" for n in _run_notes(result, lab_labels[lab])]
            if progress:
                progress(student, lab, lab_grade)
    summary = _write(out, students, lab_labels, grades, enforcement(timeout, memory))
    summary["not_on_roster"] = strangers
    return summary


def _run_notes(result: RunResult, labels: list[str]) -> list[str]:
    notes = list(result.notes)
    recorded = {label for label, _ in result.answers}
    if result.status == "ok" and not recorded & set(labels):
        if recorded:
            notes.append("no answers to this lab's exercises (is it another lab's notebook?)")
        else:
            notes.append("no answers recorded (check(...) never ran, or was replaced)")
    return notes


def _write(out: Path, students, lab_labels, grades, sandbox: str) -> dict:
    columns = [label for labels in lab_labels.values() for label in labels]
    rows = []
    feedback_dir = out.with_name(out.stem + "-feedback")
    for student in students:
        row = {"student_id": student.student_id, "name": student.name}
        notes, lines = [], [f"# Feedback for {student.name or student.student_id}", ""]
        for lab, labels in lab_labels.items():
            lab_grade = grades[(student.student_id, lab)]
            got = sum(lab_grade.marks.get(label, 0) for label in labels)
            lines += [f"## {lab}: {got} of {len(labels)}", ""]
            for label in labels:
                mark = lab_grade.marks.get(label, 0)
                row[label] = mark
                text = lab_grade.feedback.get(label, "not graded")
                lines.append(f"- {'right' if mark else 'not yet'}: `{label}`: {text}")
            notes += lab_grade.notes
            lines += (
                [""] + [f"Note: {n}" for n in lab_grade.notes] + ([""] if lab_grade.notes else [])
            )
        row["score"] = sum(row[c] for c in columns)
        row["max_score"] = len(columns)
        row["notes"] = "; ".join(notes)
        rows.append(row)
        lines += [f"Total: {row['score']} of {row['max_score']}.", "", sandbox, ""]
        write_text(feedback_dir / f"{student.student_id}.md", "\n".join(lines), func="grade")
    gradebook_header = ["student_id", "name", *columns, "score", "max_score", "notes"]
    write_text(out, _csv(gradebook_header, rows), func="grade")
    lms = out.with_name(out.stem + "-lms.csv")
    lms_rows = []
    for student, row in zip(students, rows, strict=True):
        item = {
            "Student": student.name,
            "SIS User ID": student.student_id,
            "Email address": student.email,
        }
        for lab, labels in lab_labels.items():
            item[f"{lab} (points)"] = sum(row[label] for label in labels)
        lms_rows.append(item)
    header = ["Student", "SIS User ID", "Email address", *[f"{lab} (points)" for lab in lab_labels]]
    write_text(lms, _csv(header, lms_rows), func="grade")
    return {
        "rows": rows,
        "gradebook": out,
        "feedback": feedback_dir,
        "lms": lms,
        "sandbox": sandbox,
    }


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (names come from rosters)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows([{k: _cell(v) for k, v in row.items()} for row in rows])
    return buffer.getvalue()
