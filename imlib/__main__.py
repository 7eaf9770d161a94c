"""Course tools for instructors: ``python -m imlib <command>``.

Commands
--------
datasets  write a dataset variant (``--seed N --out DIR``) with its own catalog
student   write student editions of the labs (``--out DIR``), solutions removed
plan      check a saved programme plan (``plan FILE``): loads it and lists its problems
list      list the datasets and the exercise labels
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
