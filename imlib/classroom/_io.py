"""The classroom tools' file writer: a thin name for the kit's one writer, :mod:`imlib._files`.

Every file the classroom tools write (notebooks, the course key, gradebooks, feedback,
the student site's configuration) goes through :func:`imlib._files.write_file`: a
temporary file in the same folder, fsync, rename, fsync of the folder. A reader never
sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from imlib._files import write_file

__all__ = ["write_text"]


def write_text(
    path: str | os.PathLike, text: str, *, mode: int | None = None, func: str = "write_text"
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; ``mode`` defaults to the umask's.

    An existing file is replaced: the callers decide beforehand what may be overwritten
    (``assign`` and ``write_answer_editions`` refuse without ``force``; a course key file
    is only ever created). ``func`` names the public function in messages.
    """
    return write_file(path, text, overwrite=True, mode=mode, func=func)
