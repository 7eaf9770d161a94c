"""Benchmark of ``python -m imlib grade``: a class of N submissions of one lab.

    python benchmarks/grading.py                 # 60 submissions of lab 03, 2 jobs
    python benchmarks/grading.py --n 10 --lab 08 # smaller
    python benchmarks/grading.py --write         # also rewrite benchmarks/grading.md

Each submission is a real solution (the instructor notebook bound to that student's
variant), so every notebook runs to its end. It measures:

- the grading wall time with ``--jobs`` workers, and the peak memory of the grader and
  everything it started (the sum of the resident set sizes, sampled every 0.2 s);
- the lab's standalone run time: the same notebook executed once in a fresh kernel with
  nbclient (what ``jupyter nbconvert --execute`` does), the median of ``--repeats`` runs;
- the ratio: grading wall time / (N x standalone time). Target: at most 0.7 with 2 jobs on
  2 cores (the grader adds little beyond running the notebooks). The grader's kernels use
  matplotlib's Agg backend (figures are not rendered to PNG: nobody sees them), so the
  standalone time is also given with ``MPLBACKEND=Agg``, and the ratio against it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KEY = "benchmark course key"


def _tree_rss() -> int:
    import psutil

    me = psutil.Process()
    total = 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def standalone(lab: Path, repeats: int, *, agg: bool = False) -> float:
    import nbformat
    from nbclient import NotebookClient

    times = []
    saved = os.environ.get("MPLBACKEND")
    if agg:
        os.environ["MPLBACKEND"] = "Agg"
    for _ in range(repeats):
        notebook = nbformat.read(lab, as_version=4)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            NotebookClient(
                notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp}}
            ).execute()
            times.append(time.perf_counter() - start)
    if agg:
        os.environ.pop("MPLBACKEND")
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--lab", default="03")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="rewrite benchmarks/grading.md")
    args = parser.parse_args()

    from imlib.classroom.assign import bind_notebook
    from imlib.classroom.grade import grade
    from imlib.classroom.labs import exercise_labels, resolve_labs
    from imlib.classroom.roster import variant_seed
    from imlib.classroom.sandbox import enforcement

    (lab,) = resolve_labs([args.lab], func="benchmark")
    source = json.loads(lab.read_text(encoding="utf-8"))
    alone = standalone(lab, args.repeats)
    alone_agg = standalone(lab, args.repeats, agg=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ids = [f"s{i:03d}" for i in range(args.n)]
        roster = tmp / "roster.csv"
        roster.write_text(
            "student_id,name,email\n" + "".join(f"{i},{i},{i}@x.org\n" for i in ids), "utf-8"
        )
        for sid in ids:
            folder = tmp / "subs" / sid
            folder.mkdir(parents=True)
            bound = bind_notebook(source, seed=variant_seed(KEY, sid), student_id=sid, lab=lab.stem)
            (folder / f"{lab.stem}.ipynb").write_text(json.dumps(bound), "utf-8")
        peak, stop = [0], threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss())
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        summary = grade(
            tmp / "subs", roster, tmp / "gradebook.csv", labs=[args.lab], course_key=KEY,
            timeout=600, jobs=args.jobs,
        )  # fmt: skip
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
        full = sum(r["score"] == r["max_score"] for r in summary["rows"])
    ratio = wall / (args.n * alone)
    labels = len(exercise_labels(lab))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Grading benchmark",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with "
        "`python benchmarks/grading.py"
        + (f" --n {args.n}" if args.n != 60 else "")
        + (f" --lab {args.lab}" if args.lab != "03" else "")
        + "`, on "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; "
        f"load average {load:.1f} when it finished.",
        "",
        "| measurement | value |",
        "|---|---|",
        f"| submissions | {args.n} of lab {lab.stem} ({labels} graded exercises each) |",
        f"| jobs | {args.jobs} |",
        f"| full marks | {full} of {args.n} (every submission is a real solution) |",
        f"| standalone run of the lab (nbclient, median of {args.repeats}) | {alone:.2f} s |",
        f"| the same without drawing figures (MPLBACKEND=Agg, as the grader runs it) "
        f"| {alone_agg:.2f} s |",
        f"| {args.n} x standalone | {args.n * alone:.1f} s |",
        f"| grading wall time | {wall:.1f} s ({wall / args.n:.2f} s per submission) |",
        f"| ratio (target <= 0.7 with 2 jobs) | {ratio:.2f} "
        f"{'(met)' if ratio <= 0.7 else '(MISS)'} |",
        f"| ratio against the run without figures | {wall / (args.n * alone_agg):.2f} |",
        f"| peak memory, grader and all its processes (RSS) | {peak[0] / 2**20:.0f} MiB |",
        "",
        enforcement(600, 2 * 2**30).replace("of 600 s per notebook", "per notebook (--timeout)"),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        (ROOT / "benchmarks" / "grading.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
