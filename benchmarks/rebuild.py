"""Never stale, still fast: book rebuild times after a prose edit and after a data change.

The working tree (tracked and new files, plus datasets/) is copied into a temporary folder and
``jupyter-book build <copy> -W -n --keep-going`` (what ``make book`` runs) is timed:

1. cold (no ``_build``);
2. after a one-sentence prose edit of ``book/intro.md``: only that page is re-read;
3. after an edit of imlib's source (a comment appended to ``imlib/quality.py``): every page with
   code is re-executed (book/_ext/kit_site.py, "Never stale");
4. with ``IMLIB_DATA_DIR`` set to a fresh data variant (``python -m imlib datasets --seed 2027``):
   every page with code is re-executed with the variant's numbers.

For 3 and 4 the build log must report the re-execution (``kit_site: ... re-executing N``);
for 1 and 2 it must not. The kernels import imlib from the copy (the copy's
folder is put first on PYTHONPATH). Writes benchmarks/results-rebuild.md.

    .venv/bin/python benchmarks/rebuild.py
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def copy_tree(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in files + [str(p.relative_to(ROOT)) for p in (ROOT / "datasets").rglob("*")]:
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    wheel = ROOT / "_build" / "wheel"
    if wheel.is_dir():
        shutil.copytree(wheel, dest / "_build" / "wheel")


def build(copy: Path, env: dict) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(copy), "-W", "-n", "--keep-going"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, done.returncode, done.stdout + done.stderr


def write_table(rows: list) -> str:
    lines = [
        "# Book rebuilds: after a prose edit and after a data change",
        "",
        "Written by `benchmarks/rebuild.py` (see its docstring). A prose edit must rebuild in",
        "seconds without executing anything; an imlib edit or a new data variant must re-execute",
        "every page with code (the build log's `kit_site: ... re-executing N page(s)` line).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {datetime.now(UTC).isoformat(timespec='seconds')}, load "
        f"average {' / '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine "
        "inflates every timing).",
        "",
        "| build | time (s) | exit | pages executed | verdict |",
        "|---|---|---|---|---|",
    ]
    for label, seconds, rc, executed, verdict in rows:
        lines.append(f"| {label} | {seconds:.1f} | {rc} | {executed} | {verdict} |")
    text = "\n".join(lines) + "\n"
    (ROOT / "benchmarks" / "results-rebuild.md").write_text(text, encoding="utf-8")
    return text


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="kit-rebuild-") as tmp:
        copy = Path(tmp, "kit")
        copy.mkdir()
        copy_tree(copy)
        env = dict(os.environ, PYTHONPATH=str(copy))
        env.pop("IMLIB_DATA_DIR", None)

        def step(label: str, expect_reexecution: bool) -> str:
            print(f"building: {label} ...", file=sys.stderr)
            seconds, rc, log = build(copy, env)
            found = re.search(r"kit_site: .*re-executing (\d+) page", log)
            executed = len(re.findall(r"Executing notebook using", log))
            ok = rc == 0 and (bool(found) == expect_reexecution)
            rows.append((label, seconds, rc, executed, "pass" if ok else "**FAIL**"))
            write_table(rows)  # after every step, so that a long run keeps what it measured
            return log

        step("cold build (no _build)", False)
        intro = copy / "book" / "intro.md"
        intro.write_text(intro.read_text("utf-8") + "\nOne more sentence of prose.\n", "utf-8")
        step("after a prose edit (book/intro.md)", False)
        quality = copy / "imlib" / "quality.py"
        quality.write_text(quality.read_text("utf-8") + "\n# an edit of imlib\n", "utf-8")
        step("after an imlib edit (imlib/quality.py)", True)
        variant = Path(tmp, "variant")
        subprocess.run(
            [sys.executable, "-m", "imlib", "datasets", "--seed", "2027", "--out", str(variant)],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        env["IMLIB_DATA_DIR"] = str(variant)
        step("with IMLIB_DATA_DIR = a new variant (seed 2027)", True)
    print(write_table(rows))


if __name__ == "__main__":
    main()
