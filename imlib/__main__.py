"""Course tools for instructors: ``python -m imlib <command>``.

Commands
--------
datasets  write a dataset variant (``--seed N --out DIR``) with its own catalog
student   write student editions of the labs (``--out DIR``), solutions removed
plan      check a saved programme plan (``plan FILE``): loads it and lists its problems
list      list the datasets and the exercise labels
assign    each roster student's own student editions, bound to their data variant
grade     run a folder of submissions in sandboxes and write a gradebook
answers   the answers editions of chosen labs (solutions and model answers), for after a deadline
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

__all__ = ["main"]


def _repo_notebooks() -> list[Path]:
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


# --- the options of each command ----------------------------------------------------------------
def _out_option(command: argparse.ArgumentParser, help_text: str = "folder to write into") -> None:
    command.add_argument("--out", type=Path, required=True, help=help_text)


def _roster_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--roster", type=Path, required=True, help="CSV with student_id,name,email"
    )


def _key_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--labs", nargs="+", metavar="LAB", help="labs (03 or 03-quality-gaps); default all"
    )
    command.add_argument(
        "--course-key", help="the course key (default: read from --course-key-file)"
    )
    command.add_argument("--course-key-file", type=Path, help="file holding the course key")


def _datasets_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--seed", type=int, required=True, help="generator seed (shipped: 1991)")
    _out_option(command)
    command.add_argument("--force", action="store_true", help="replace existing dataset files")


def _student_options(command: argparse.ArgumentParser) -> None:
    _out_option(command)
    command.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to convert (default: every lab in notebooks/)",
    )
    command.add_argument("--force", action="store_true", help="replace existing files in --out")


def _plan_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", type=Path, help="a plan saved by the planner (JSON)")
    command.add_argument("--markdown", action="store_true", help="also print the plan document")


def _no_options(command: argparse.ArgumentParser) -> None:
    pass


def _assign_options(command: argparse.ArgumentParser) -> None:
    _roster_option(command)
    _out_option(command, help_text="folder: OUT/<student_id>/<lab>.ipynb")
    _key_options(command)
    command.add_argument(
        "--force", action="store_true", help="replace notebooks with other content"
    )


def _grade_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("submissions", type=Path, help="folder of <student_id>/ folders")
    _roster_option(command)
    _out_option(command, help_text="the gradebook CSV to write")
    _key_options(command)
    command.add_argument("--timeout", type=float, default=300.0, help="seconds per notebook (300)")
    command.add_argument(
        "--memory", type=float, default=2.0, help="GiB of address space per run (2)"
    )
    command.add_argument("--jobs", type=int, default=None, help="notebooks run at once (the cores)")


def _answers_options(command: argparse.ArgumentParser) -> None:
    _out_option(command)
    command.add_argument("--labs", nargs="+", metavar="LAB", required=True, help="labs to release")
    command.add_argument("--force", action="store_true", help="replace existing files in --out")


# --- what each command does; each returns the exit status ---------------------------------------
def _run_datasets(args: argparse.Namespace) -> int:
    from imlib.datasets import write_datasets

    catalog = write_datasets(args.out, seed=args.seed, force=args.force)
    for row in catalog.itertuples():
        print(f"wrote {args.out / (row.name + '.csv')} ({row.rows} rows, seed {row.seed})")
    print(f"Use it with: IMLIB_DATA_DIR={args.out.resolve()}")
    return 0


def _run_student(args: argparse.Namespace) -> int:
    from imlib.student import write_student_editions

    notebooks = args.notebooks or _repo_notebooks()
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 2
    for target, removed in write_student_editions(notebooks, args.out, force=args.force):
        print(f"wrote {target} ({removed} solution(s) removed)")
    return 0


def _run_plan(args: argparse.Namespace) -> int:
    from imlib.programme import load_plan, render_markdown, validate

    plan = load_plan(args.file)
    problems = validate(plan)
    if args.markdown:
        print(render_markdown(plan))
    if problems:
        print(f"{args.file}: {len(problems)} problem(s):")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"{args.file}: a complete plan, no problems found.")
    return 0


def _run_list(args: argparse.Namespace) -> int:
    from imlib.datasets import list_datasets
    from imlib.exercises import labels

    for row in list_datasets().itertuples():
        print(f"{row.name}: {row.title} ({row.rows} rows)")
    print("exercises: " + ", ".join(labels()))
    return 0


def _key_arguments(args: argparse.Namespace) -> dict:
    """The labs and course-key options, as keyword arguments of assign() and grade()."""
    return {
        "labs": args.labs,
        "course_key": args.course_key,
        "course_key_file": args.course_key_file,
    }


def _run_assign(args: argparse.Namespace) -> int:
    from imlib.classroom.assign import assign

    done = assign(args.roster, args.out, **_key_arguments(args), force=args.force)
    print(f"wrote {len(done['written'])} notebook(s), {len(done['unchanged'])} unchanged")
    if done["key_file"] is not None:
        print(f"course key: {done['key_file']} (keep it private; grade needs it)")
    return 0


def _print_progress(student, lab: str, graded) -> None:
    print(
        f"{student.student_id} {lab}: {sum(graded.marks.values())}/{len(graded.marks)}", flush=True
    )


def _run_grade(args: argparse.Namespace) -> int:
    from imlib.classroom.grade import grade

    if args.course_key is None and args.course_key_file is None:
        raise ValueError(
            "grade: give --course-key KEY or --course-key-file FILE (assign wrote the "
            "key it made to course-key.txt in its --out folder)."
        )
    summary = grade(
        args.submissions,
        args.roster,
        args.out,
        **_key_arguments(args),
        timeout=args.timeout,
        memory=int(args.memory * 2**30),
        jobs=args.jobs,
        progress=_print_progress,
    )
    print(f"wrote {summary['gradebook']}, {summary['lms']} and {summary['feedback']}/")
    if summary["not_on_roster"]:
        print("not graded, not on the roster: " + ", ".join(summary["not_on_roster"]))
    print(summary["sandbox"])
    return 0


def _run_answers(args: argparse.Namespace) -> int:
    from imlib.classroom.labs import resolve_labs
    from imlib.student import write_answer_editions

    labs = resolve_labs(args.labs, func="answers")
    for target in write_answer_editions(labs, args.out, force=args.force):
        print(f"wrote {target}")
    return 0


# --- the table of commands ----------------------------------------------------------------------
class _Command(NamedTuple):
    help: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


#: name -> (help, options, run), in the order ``--help`` lists them.
_COMMANDS: dict[str, _Command] = {
    "datasets": _Command(
        "generate a dataset variant with its own catalog", _datasets_options, _run_datasets
    ),
    "student": _Command("write student editions without solutions", _student_options, _run_student),
    "plan": _Command("check a saved programme plan file", _plan_options, _run_plan),
    "list": _Command("list datasets and exercise labels", _no_options, _run_list),
    "assign": _Command(
        "personal student editions for every roster student", _assign_options, _run_assign
    ),
    "grade": _Command(
        "grade SUBMISSIONS/<student_id>/*.ipynb into a gradebook", _grade_options, _run_grade
    ),
    "answers": _Command(
        "answers editions (solutions kept) for after the deadline", _answers_options, _run_answers
    ),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m imlib", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, command in _COMMANDS.items():
        command.options(sub.add_parser(name, help=command.help))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a course tool; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command].run(args)
    except (ValueError, TypeError, FileExistsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
