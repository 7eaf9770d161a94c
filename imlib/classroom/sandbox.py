"""Run one submission in its own process and kernel, with limits; return what it recorded.

``run_submission`` copies the notebook into a fresh folder and starts
``python -m imlib.classroom.sandbox`` there (the *runner*), which starts a Jupyter kernel
(jupyter_client, ZeroMQ over Unix sockets) and sends it the code cells one by one. Before
the first cell the kernel installs the recording ``check`` (:mod:`imlib.classroom._record`),
so answers leave the kernel only as JSON lines. The runner discards every output (counting
its size) and reports, as one JSON line on its standard output, how far it got.

What is enforced (see :func:`enforcement`):

- always: a fresh copy in a temporary folder as the working directory (the submission file
  itself is never opened for writing); a wall-clock limit for the whole notebook (the
  runner's own deadline, then a hard kill of its process group); an address-space limit
  (``RLIMIT_AS``) and a file-size limit (``RLIMIT_FSIZE``) inherited by the kernel; no core
  dumps; outputs discarded beyond a size cap;
- where the grader runs as root and ``unshare``/``setpriv`` work (Linux): the runner in a new
  network namespace (no interface but a loopback that is down: no network; the kernel talks
  to the runner over Unix sockets) and a new PID namespace (the kernel and everything it
  starts die with the runner), and the kernel as an unprivileged user id of its own (one
  per run, with no name and no groups), who can write only in the copy's folder and
  world-writable places such as ``/tmp``: not in the submissions, the gradebook, the kit or
  another run's folder.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RunResult", "enforcement", "run_submission"]

NOBODY = 65534
#: Each run's kernel gets its own user id from this range (ids without a name or a home).
UID_BASE, UID_SPAN = 3_000_000, 1_000_000
_UIDS = itertools.count()
#: Outputs beyond this many characters are dropped (the notebook keeps running).
MAX_OUTPUT_CHARS = 5_000_000
#: Processes and threads a sandboxed kernel may have at once (RLIMIT_NPROC: no fork bomb).
MAX_PROCESSES = 256
#: The answers file is read up to this many bytes.
MAX_ANSWERS_BYTES = 50_000_000
_RECORD = "answers.jsonl"


@dataclass
class RunResult:
    """What a submission's run gave: recorded answers (JSON data) and what went wrong."""

    answers: list[tuple[str, object]] = field(default_factory=list)
    status: str = "ok"  # ok, timeout, crashed, not-a-notebook, error
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


_ISOLATION: tuple[list[str], list[str]] | None = None


def _isolation() -> tuple[list[str], list[str]]:
    """Command prefixes (runner, kernel) that isolate a run, or empty where not allowed.

    The runner gets new network and PID namespaces (``unshare``); the kernel it starts
    runs as an unprivileged user (``setpriv``). Both are probed once, as ``nobody``.
    """
    global _ISOLATION
    if _ISOLATION is None:
        runner: list[str] = []
        kernel: list[str] = []
        if os.name == "posix" and os.geteuid() == 0:
            unshare, setpriv = shutil.which("unshare"), shutil.which("setpriv")
            if unshare and setpriv:
                runner = [unshare, "--net", "--pid", "--fork", "--kill-child", "--"]
                kernel = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
                probe = "import pandas, imlib.classroom._record"
                try:
                    done = subprocess.run(
                        [*runner, *kernel, sys.executable, "-c", probe],
                        capture_output=True,
                        timeout=60,
                        check=False,
                        cwd="/",
                    )
                    if done.returncode != 0:
                        runner, kernel = [], []
                except (OSError, subprocess.TimeoutExpired):
                    runner, kernel = [], []
        _ISOLATION = (runner, kernel)
    return list(_ISOLATION[0]), list(_ISOLATION[1])


def enforcement(timeout: float, memory: int) -> str:
    """Describe, in one sentence, what the sandbox enforces on this machine."""
    parts = [
        f"a wall-clock limit of {timeout:g} s per notebook",
        f"an address-space limit of {memory / 2**30:.1f} GiB (RLIMIT_AS) and files of at most "
        "64 MiB (RLIMIT_FSIZE) for the runner and its kernel",
        "a fresh copy in its own temporary folder",
    ]
    if _isolation()[0]:
        parts.append(
            "no network (a new network namespace), a new PID namespace, and an unprivileged "
            "user id of its own for each kernel (no write access to the submissions, the "
            f"gradebook or another run), with at most {MAX_PROCESSES} processes and threads"
        )
    else:
        parts.append(
            "NOT enforced here: no network isolation and the same user as the grader "
            "(run the grader as root on Linux, with unshare and setpriv, to get them)"
        )
    return "Sandbox: " + "; ".join(parts) + "."


def run_submission(
    notebook: dict, *, timeout: float = 300.0, memory: int = 2 * 2**30, workroot: str | None = None
) -> RunResult:
    """Run a notebook (already parsed JSON, a copy) in a sandboxed runner; never raises on it."""
    started = time.monotonic()
    isolate, kernel_prefix = _isolation()
    with tempfile.TemporaryDirectory(prefix="imlib-grade-", dir=workroot) as tmp:
        work = Path(tmp)
        kernel_prefix = _prepare_work(work, notebook, isolate=isolate, kernel_prefix=kernel_prefix)
        cmd = [
            *isolate,
            sys.executable,
            "-m",
            "imlib.classroom.sandbox",
            str(work),
            str(float(timeout)),
            str(int(memory)),
            json.dumps(kernel_prefix),
        ]
        result = RunResult()
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=work,
                env=_kernel_env(work),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            return RunResult(status="error", notes=[f"could not start the runner ({exc})"])
        out = _wait_for_runner(proc, timeout, result)
        _take_report(_last_json_line(out), result)
        result.answers = _read_answers(work / _RECORD)
    result.seconds = time.monotonic() - started
    return result


def _prepare_work(
    work: Path, notebook: dict, *, isolate: list[str], kernel_prefix: list[str]
) -> list[str]:
    """Write the copy and an empty answers file into ``work``; return the kernel's prefix.

    With isolation, the folder and its files go to the run's own user id, which the
    returned prefix (``setpriv --reuid/--regid``) names.
    """
    from imlib._files import write_file

    write_file(work / "submission.ipynb", json.dumps(notebook), func="run_submission")
    write_file(work / _RECORD, "", func="run_submission")
    uid = UID_BASE + (os.getpid() * 1000 + next(_UIDS)) % UID_SPAN
    if isolate:
        kernel_prefix = [f"--reuid={uid}" if a.startswith("--reuid=") else a for a in kernel_prefix]
        kernel_prefix = [f"--regid={uid}" if a.startswith("--regid=") else a for a in kernel_prefix]
        os.chown(work, uid, uid)
        os.chmod(work, 0o700)
        for item in work.iterdir():
            os.chown(item, uid, uid)
    return kernel_prefix


def _wait_for_runner(proc: subprocess.Popen, timeout: float, result: RunResult) -> bytes:
    """The runner's standard output; past the grader's deadline, kill it and note the timeout."""
    try:
        out, _ = proc.communicate(timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        _kill(proc)
        out = b""
        result.status = "timeout"
        result.notes.append(f"timed out after {timeout:g} s (stopped by the grader)")
    finally:
        _kill(proc)
    return out


def _take_report(report: dict | None, result: RunResult) -> None:
    """Copy the runner's status and notes into ``result``; no report means it crashed."""
    if report is not None:
        result.status = str(report.get("status", "error"))
        result.notes += [str(n) for n in report.get("notes", [])][:10]
    elif result.status == "ok":
        result.status = "crashed"
        result.notes.append("the runner stopped without a report (killed or out of memory)")


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()


def _kernel_env(work: Path) -> dict:
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "VIRTUAL_ENV", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(
        HOME=str(work),
        TMPDIR=str(work),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(work / ".mpl"),
        IPYTHONDIR=str(work / ".ipython"),
        JUPYTER_RUNTIME_DIR=str(work / ".runtime"),
        JUPYTER_CONFIG_DIR=str(work / ".jupyter"),
        JUPYTER_DATA_DIR=str(work / ".jupyter-data"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _last_json_line(out: bytes) -> dict | None:
    for line in reversed(out.decode("utf-8", "replace").splitlines()[-20:]):
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return None


def _read_answers(path: Path) -> list[tuple[str, object]]:
    answers = []
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_ANSWERS_BYTES)
    except OSError:
        return answers
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            answers.append((item["label"], item.get("answer")))
    return answers


# --- the runner: python -m imlib.classroom.sandbox WORK TIMEOUT MEMORY KERNEL_PREFIX ---


def _limit(memory: int, *, processes: bool) -> None:
    import resource

    limits = [
        (resource.RLIMIT_AS, memory),
        (resource.RLIMIT_FSIZE, 64 * 2**20),
        (resource.RLIMIT_CORE, 0),
    ]
    if processes:  # counted per user: only meaningful for a kernel with a user id of its own
        limits.append((resource.RLIMIT_NPROC, MAX_PROCESSES))
    for limit, value in limits:
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


def _prefix_uid(kernel_prefix: list[str]) -> int | None:
    for arg in kernel_prefix:
        if arg.startswith("--reuid="):
            return int(arg.split("=", 1)[1])
    return None


def _code_cells(work: Path) -> list[dict]:
    notebook = json.loads((work / "submission.ipynb").read_text(encoding="utf-8"))
    return [
        c for c in notebook.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code"
    ]


def _start_kernel(work: Path, kernel_prefix: list[str]):
    """Start the kernel (as the run's own user where the prefix says so); return it and its null."""
    from jupyter_client import KernelManager

    km = KernelManager(
        kernel_name="python3",
        transport="ipc",
        ip=str(work / "kernel"),
        connection_file=str(work / "kernel.json"),
    )
    # This Python, whatever the spec says; as the run's own user where the grader can drop to it.
    km.kernel_spec.argv = [*kernel_prefix, sys.executable, *km.kernel_spec.argv[1:]]
    km.write_connection_file()
    uid = _prefix_uid(kernel_prefix)
    if uid is not None:
        os.chown(work / "kernel.json", uid, uid)
    null = open(os.devnull, "wb")  # noqa: SIM115 - the kernel's stdout/stderr, discarded
    km.start_kernel(cwd=str(work), stdout=null, stderr=null)
    return km, null


def _sources(work: Path, cells: list[dict]) -> list[tuple[int | str, str]]:
    """The prelude that installs the recording ``check``, then each code cell's source."""
    prelude = f"from imlib.classroom._record import install\ninstall({str(work / _RECORD)!r})\n"
    return [("prelude", prelude)] + [
        (
            i,
            "".join(c.get("source", ""))
            if isinstance(c.get("source"), list)
            else str(c.get("source", "")),
        )
        for i, c in enumerate(cells, start=1)
    ]


def _execute(
    km, kc, source: str, *, number: int | str, deadline: float, timeout: float, notes: list[str]
) -> tuple[str, str | None, int]:
    """Run one cell until the kernel is idle: ``(status, error name or None, output size)``."""
    import queue

    msg_id = kc.execute(source, store_history=False, allow_stdin=False, stop_on_error=False)
    status, error, output = "ok", None, 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            notes.append(f"timed out after {timeout:g} s in code cell {number}")
            return "timeout", error, output
        try:
            msg = kc.get_iopub_msg(timeout=min(0.5, left))
        except queue.Empty:
            if not km.is_alive():
                notes.append(f"the kernel died in code cell {number} (crash or memory limit)")
                return "crashed", error, output
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            return status, error, output
        elif kind == "error":
            error = str(content.get("ename", "Error"))[:80]
        elif kind in {"stream", "display_data", "execute_result"}:
            output += len(json.dumps(content))


def _stop_kernel(km, kc, null) -> None:
    try:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - the kernel may already be gone
        pass
    null.close()


def _runner(work: Path, timeout: float, memory: int, kernel_prefix: list[str]) -> dict:
    deadline = time.monotonic() + timeout
    notes: list[str] = []
    cells = _code_cells(work)
    _limit(memory, processes=bool(kernel_prefix))
    km, null = _start_kernel(work, kernel_prefix)
    kc = km.client()
    kc.start_channels()
    status, output = "ok", 0
    try:
        kc.wait_for_ready(timeout=max(5.0, min(60.0, deadline - time.monotonic())))
        for number, source in _sources(work, cells):
            if not source.strip():
                continue
            status, error, printed = _execute(
                km, kc, source, number=number, deadline=deadline, timeout=timeout, notes=notes
            )
            output += printed
            if status != "ok":
                break
            if error and number == "prelude":
                return {"status": "error", "notes": [f"the grader's setup failed ({error})"]}
            if error and len(notes) < 5:
                notes.append(f"code cell {number} failed ({error})")
        if output > MAX_OUTPUT_CHARS:
            notes.append(f"printed about {output // 1_000_000} MB of output (discarded)")
    finally:
        _stop_kernel(km, kc, null)
    return {"status": status, "notes": notes}


def _main(argv: list[str]) -> int:
    work, timeout, memory = Path(argv[0]), float(argv[1]), int(argv[2])
    kernel_prefix = [str(a) for a in json.loads(argv[3])] if len(argv) > 3 else []
    try:
        report = _runner(work, timeout, memory, kernel_prefix)
    except Exception as exc:  # noqa: BLE001 - reported to the grader as a note
        report = {"status": "error", "notes": [f"the run failed ({type(exc).__name__})"]}
    sys.stdout.write("\n" + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
