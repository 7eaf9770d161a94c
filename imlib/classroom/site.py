"""The student site's configuration: launch buttons that open the student editions.

``make student-book`` builds the student site from a copy of the book whose notebooks are
the student editions, with ``_config.yml`` rewritten by :func:`student_config` from ONE
setting, ``STUDENT_LAUNCH`` (``make student-book STUDENT_LAUNCH=branch:student``):

- ``branch:NAME``: the student editions are published on branch NAME of the kit's
  repository, at the same paths (``notebooks/NN-topic.ipynb``); the Binder, Colab and
  JupyterHub buttons open that branch;
- ``folder:PATH``: they are published in folder PATH of the main branch
  (``PATH/notebooks/NN-topic.ipynb``, which ``python -m imlib student --out
  PATH/notebooks`` writes); the buttons open that folder.

``book/_ext/kit_site.py`` then checks, on every lab page of the student site, that every
launch link points there, and fails the build otherwise.

    python -m imlib.classroom.site SRC_CONFIG DST_CONFIG SETTING
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

__all__ = ["parse_launch", "student_config"]

_BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")


def parse_launch(setting: str) -> tuple[str, str]:
    """Split ``branch:NAME`` or ``folder:PATH`` into (kind, value), checking both."""
    kind, _, value = str(setting).partition(":")
    value = value.strip().strip("/")
    if kind not in {"branch", "folder"} or not _BRANCH.match(value) or ".." in value:
        raise ValueError(
            f"student_config(): STUDENT_LAUNCH must be 'branch:NAME' or 'folder:PATH' (a "
            f"repository branch or folder holding the student editions), got {setting!r}."
        )
    return kind, value


def student_config(source: str | Path, target: str | Path, setting: str) -> dict:
    """Write the student site's ``_config.yml`` (``target``) from the book's (``source``)."""
    import yaml

    kind, value = parse_launch(setting)
    config = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    repository = config.setdefault("repository", {})
    if kind == "branch":
        repository["branch"] = value
    else:
        repository["path_to_book"] = value
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["kit_student_launch"] = f"{kind}:{value}"
    header = (
        "# The STUDENT site's configuration, written by imlib.classroom.site from the book's\n"
        f"# _config.yml (STUDENT_LAUNCH={kind}:{value}). Do not edit: edit the book's.\n"
    )
    text = header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    from imlib.classroom._io import write_text

    write_text(target, text, func="student_config")
    return config


if __name__ == "__main__":
    try:
        student_config(*sys.argv[1:4])
    except (TypeError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
