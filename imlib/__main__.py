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
from pathlib import Path

__all__ = ["main"]


def _repo_notebooks() -> list[Path]:
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def main(argv: list[str] | None = None) -> int:
    """Run a course tool; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m imlib", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    ds = sub.add_parser("datasets", help="generate a dataset variant with its own catalog")
    ds.add_argument("--seed", type=int, required=True, help="generator seed (shipped: 1991)")
    ds.add_argument("--out", type=Path, required=True, help="folder to write into")
    ds.add_argument("--force", action="store_true", help="replace existing dataset files")

    st = sub.add_parser("student", help="write student editions without solutions")
    st.add_argument("--out", type=Path, required=True, help="folder to write into")
    st.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to convert (default: every lab in notebooks/)",
    )
    st.add_argument("--force", action="store_true", help="replace existing files in --out")

    pl = sub.add_parser("plan", help="check a saved programme plan file")
    pl.add_argument("file", type=Path, help="a plan saved by the planner (JSON)")
    pl.add_argument("--markdown", action="store_true", help="also print the plan document")

    sub.add_parser("list", help="list datasets and exercise labels")

    def key_options(command):
        command.add_argument(
            "--labs", nargs="+", metavar="LAB", help="labs (03 or 03-quality-gaps); default all"
        )
        command.add_argument(
            "--course-key", help="the course key (default: read from --course-key-file)"
        )
        command.add_argument("--course-key-file", type=Path, help="file holding the course key")

    asg = sub.add_parser("assign", help="personal student editions for every roster student")
    asg.add_argument("--roster", type=Path, required=True, help="CSV with student_id,name,email")
    asg.add_argument("--out", type=Path, required=True, help="folder: OUT/<student_id>/<lab>.ipynb")
    key_options(asg)
    asg.add_argument("--force", action="store_true", help="replace notebooks with other content")

    gr = sub.add_parser("grade", help="grade SUBMISSIONS/<student_id>/*.ipynb into a gradebook")
    gr.add_argument("submissions", type=Path, help="folder of <student_id>/ folders")
    gr.add_argument("--roster", type=Path, required=True, help="CSV with student_id,name,email")
    gr.add_argument("--out", type=Path, required=True, help="the gradebook CSV to write")
    key_options(gr)
    gr.add_argument("--timeout", type=float, default=300.0, help="seconds per notebook (300)")
    gr.add_argument("--memory", type=float, default=2.0, help="GiB of address space per run (2)")
    gr.add_argument("--jobs", type=int, default=None, help="notebooks run at once (the cores)")

    an = sub.add_parser("answers", help="answers editions (solutions kept) for after the deadline")
    an.add_argument("--out", type=Path, required=True, help="folder to write into")
    an.add_argument("--labs", nargs="+", metavar="LAB", required=True, help="labs to release")
    an.add_argument("--force", action="store_true", help="replace existing files in --out")

    args = parser.parse_args(argv)
    try:
        if args.command == "datasets":
            from imlib.datasets import write_datasets

            catalog = write_datasets(args.out, seed=args.seed, force=args.force)
            for row in catalog.itertuples():
                print(f"wrote {args.out / (row.name + '.csv')} ({row.rows} rows, seed {row.seed})")
            print(f"Use it with: IMLIB_DATA_DIR={args.out.resolve()}")
        elif args.command == "student":
            from imlib.student import write_student_editions

            notebooks = args.notebooks or _repo_notebooks()
            if not notebooks:
                print("no notebooks found", file=sys.stderr)
                return 2
            for target, removed in write_student_editions(notebooks, args.out, force=args.force):
                print(f"wrote {target} ({removed} solution(s) removed)")
        elif args.command == "plan":
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
        elif args.command == "assign":
            from imlib.classroom.assign import assign

            key_file = args.course_key_file
            done = assign(
                args.roster,
                args.out,
                labs=args.labs,
                course_key=args.course_key,
                course_key_file=key_file,
                force=args.force,
            )
            print(f"wrote {len(done['written'])} notebook(s), {len(done['unchanged'])} unchanged")
            if done["key_file"] is not None:
                print(f"course key: {done['key_file']} (keep it private; grade needs it)")
        elif args.command == "grade":
            from imlib.classroom.grade import grade

            key_file = args.course_key_file
            if args.course_key is None and key_file is None:
                raise ValueError(
                    "grade: give --course-key KEY or --course-key-file FILE (assign wrote the "
                    "key it made to course-key.txt in its --out folder)."
                )
            summary = grade(
                args.submissions,
                args.roster,
                args.out,
                labs=args.labs,
                course_key=args.course_key,
                course_key_file=key_file,
                timeout=args.timeout,
                memory=int(args.memory * 2**30),
                jobs=args.jobs,
                progress=lambda s, lab, g: print(
                    f"{s.student_id} {lab}: {sum(g.marks.values())}/{len(g.marks)}", flush=True
                ),
            )
            print(f"wrote {summary['gradebook']}, {summary['lms']} and {summary['feedback']}/")
            if summary["not_on_roster"]:
                print("not graded, not on the roster: " + ", ".join(summary["not_on_roster"]))
            print(summary["sandbox"])
        elif args.command == "answers":
            from imlib.classroom.labs import resolve_labs
            from imlib.student import write_answer_editions

            for target in write_answer_editions(
                resolve_labs(args.labs, func="answers"), args.out, force=args.force
            ):
                print(f"wrote {target}")
        else:
            from imlib.datasets import list_datasets
            from imlib.exercises import labels

            for row in list_datasets().itertuples():
                print(f"{row.name}: {row.title} ({row.rows} rows)")
            print("exercises: " + ", ".join(labels()))
    except (ValueError, TypeError, FileExistsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
