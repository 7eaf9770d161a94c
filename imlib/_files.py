"""The one file writer: every file imlib writes goes through :func:`write_file`.

Datasets, their dictionaries and catalog, saved plans, student editions and what the
classroom tools write all use it, so that a file is either complete or absent after a
crash, never half written:

1. the bytes go to a temporary file in the same folder (so the rename below stays on one
   file system), which is flushed and fsynced;
2. ``os.replace`` puts it in place in one step;
3. the folder is fsynced, so that the rename itself survives a power cut (POSIX; skipped
   where a folder cannot be opened, as on Windows).

The file gets the user's normal permissions (``0o666`` less the umask), as any file the
user creates would, unless a ``mode`` is asked for. An existing file is replaced only with
``overwrite=True``.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> write_file(folder / "note.txt", "hello\\n").read_text()
'hello\\n'
>>> write_file(folder / "note.txt", "again\\n")
Traceback (most recent call last):
...
FileExistsError: write_file(): .../note.txt already exists; pass overwrite=True to replace it.
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['note.txt']
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["umask_mode", "write_file"]


def umask_mode() -> int:
    """The mode a plain new file gets: ``0o666`` less the process umask.

    (``tempfile.mkstemp`` would give ``0o600``.) Reading the umask means setting it and
    setting it back at once; the window is a few instructions long.
    """
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; the rename is as durable as it gets
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(
    path: str | os.PathLike,
    data: bytes | str,
    *,
    overwrite: bool = False,
    mode: int | None = None,
    func: str = "write_file",
) -> Path:
    """Write ``data`` to ``path`` atomically and durably; return the path.

    Parameters
    ----------
    path : str or path-like
        The file. Its folder is created if missing.
    data : bytes or str
        The content; text is written as UTF-8 exactly as given (no newline translation).
    overwrite : bool
        Replace an existing file. Without it an existing file is a FileExistsError and
        nothing is written.
    mode : int, optional
        Permission bits, e.g. ``0o600`` for a private file; by default the user's normal
        permissions (0o666 less the umask).
    func : str
        The public function on whose behalf the file is written, for messages.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is false.
    IsADirectoryError
        If ``path`` is a folder.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise TypeError(f"{func}(): data must be bytes or str, got {type(data).__name__}.")
    if path.is_dir():
        raise IsADirectoryError(f"{func}(): {path} is a folder; give a file name.")
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{func}(): {path} already exists; pass overwrite=True to replace it."
        )
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, umask_mode() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return path
