"""Size and install time of the Binder environment (requirements.txt) against the labs' minimum.

Three fresh virtual environments are made in a temporary folder with this interpreter's Python:

1. ``minimum``: only jupyterlab, ipywidgets, pandas, matplotlib and ipykernel, at the versions
   pinned in requirements.txt (pip resolves their dependencies itself): the labs' own minimum;
2. ``binder``: ``pip install -r requirements.txt`` (what Binder installs; includes imlib);
3. ``dev``: ``pip install -r requirements-dev.txt`` (what ``make`` installs: site build + tests).

Each install is timed (wall clock, pip's wheel cache warm, as on a developer machine; Binder's
own build also downloads) and each environment's size is the sum of its files' sizes.
Target: ``binder`` within 10% of ``minimum``. Writes benchmarks/results-binder.md.

    .venv/bin/python benchmarks/binder_env.py
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = ("jupyterlab", "ipywidgets", "pandas", "matplotlib", "ipykernel")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if m:
            pins[m[1].lower()] = m[2]
    return pins


def _size_mb(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = Path(dirpath, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total / 1e6


def _install(where: Path, args: list[str]) -> tuple[float, float, int]:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    start = time.perf_counter()
    subprocess.run(pip + args, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    freeze = subprocess.run(
        [str(where / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return seconds, _size_mb(where), len(freeze)


def main() -> None:
    pins = _pins()
    minimum = [f"{name}=={pins[name]}" for name in TOP_LEVEL]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kit-binder-") as tmp:
        for label, args in [
            ("labs' minimum (" + ", ".join(TOP_LEVEL) + ")", minimum),
            ("Binder: `pip install -r requirements.txt` (with imlib)", ["-r", "requirements.txt"]),
            ("`make` setup: requirements-dev.txt (site + tests)", ["-r", "requirements-dev.txt"]),
        ]:
            print(f"installing {label} ...", file=sys.stderr)
            rows.append((label, *_install(Path(tmp, str(len(rows))), args)))
    base = rows[0][2]
    lines = [
        "# Binder environment: size and install time",
        "",
        "Written by `benchmarks/binder_env.py` (see its docstring). Target: the Binder environment",
        "within 10% of the labs' own minimum. Install times are with pip's cache warm; a Binder",
        "build also downloads the wheels.",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {datetime.now(UTC).isoformat(timespec='seconds')}, "
        f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| environment | packages | size (MB) | vs minimum | install (s) | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for i, (label, seconds, size, count) in enumerate(rows):
        ratio = size / base
        verdict = "—" if i != 1 else ("pass" if ratio <= 1.10 else "**MISS**")
        lines.append(
            f"| {label} | {count} | {size:.0f} | {ratio:.2f}× | {seconds:.1f} | {verdict} |"
        )
    out = ROOT / "benchmarks" / "results-binder.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
