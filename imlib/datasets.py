"""The kit's case datasets: load, describe, list, verify and regenerate them.

Every dataset is synthetic. It is produced by a documented, seeded generator in
:mod:`imlib.generators` and ships as three kinds of file in ``datasets/``:
``<name>.csv`` (the data), ``<name>.dict.csv`` (its data dictionary) and one
``catalog.csv`` row (title, story, rows, licence and the file's sha256).

Where the files are found is decided once, by :func:`data_root`:

1. the folder named by the environment variable ``IMLIB_DATA_DIR`` (a variant for a
   new term, written by ``python -m imlib datasets --seed N --out DIR``);
2. the repository's ``datasets/`` folder, in a checkout or an editable install;
3. the copy the wheel carries inside the package (``imlib/_data``), for Colab and
   JupyterLite.

A notebook bound to a personal variant (``python -m imlib assign`` writes one per student)
calls :func:`use_variant` in its first cell: from then on :func:`load_dataset`, and so every
checker, generates that variant in memory from the seeded generators. No data file is
handed out and nothing is read from disk, so the notebook works wherever it is opened.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
from importlib import resources
from pathlib import Path

import pandas as pd

from imlib._files import umask_mode as _umask_mode  # noqa: F401 (kept for older imports)
from imlib._files import write_file
from imlib._validation import Interval, require_number, validate_params

__all__ = [
    "DEFAULT_SEED",
    "DatasetError",
    "data_root",
    "describe_dataset",
    "current_variant",
    "list_datasets",
    "load_dataset",
    "use_variant",
    "write_datasets",
]

#: The seed of the shipped CSV files. ``python -m imlib datasets --seed N`` makes a variant.
DEFAULT_SEED = 1991

_DTYPES = {
    "int": "Int64",
    "float": "float64",
    "string": "string",
    "category": "category",
    "bool": "boolean",
}


class DatasetError(ValueError):
    """A dataset file is missing, changed or damaged."""


def data_root() -> Path:
    """Return the folder the datasets are read from.

    Returns
    -------
    pathlib.Path
        The folder holding ``catalog.csv``.

    Raises
    ------
    DatasetError
        If ``IMLIB_DATA_DIR`` names a folder without a ``catalog.csv``.

    Examples
    --------
    >>> (data_root() / "catalog.csv").is_file()
    True
    """
    override = os.environ.get("IMLIB_DATA_DIR")
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / "catalog.csv").is_file():
            raise DatasetError(
                f"data_root(): IMLIB_DATA_DIR={override!r} has no catalog.csv; point it at a "
                "folder written by 'python -m imlib datasets --out DIR', or unset it."
            )
        return root
    checkout = Path(__file__).resolve().parent.parent / "datasets"
    if (checkout / "catalog.csv").is_file():
        return checkout
    packaged = Path(str(resources.files("imlib") / "_data"))
    if (packaged / "catalog.csv").is_file():
        return packaged
    raise DatasetError(
        "data_root(): no datasets found: neither the repository's datasets/ folder nor the "
        "copy inside the installed package exists. Reinstall imlib ('pip install -e .')."
    )


def list_datasets() -> pd.DataFrame:
    """Return the catalog: one row per dataset with its title, story, rows and checksum.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, title, story, source, licence, rows, columns, seed, sha256``.

    Examples
    --------
    >>> "bank_servqual" in list_datasets()["name"].tolist()
    True
    """
    return _read_catalog(data_root())


def describe_dataset(name: str) -> pd.DataFrame:
    """Return the data dictionary of a dataset.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``column, dtype, unit, allowed_range, description``.

    Raises
    ------
    ValueError
        For an unknown name, suggesting the closest match.

    Examples
    --------
    >>> describe_dataset("bank_servqual").set_index("column").loc["p05", "unit"]
    'points (1-7 agreement)'
    >>> describe_dataset("bank_servqal")
    Traceback (most recent call last):
    ...
    ValueError: describe_dataset(): unknown dataset 'bank_servqal'. Did you mean ...
    """
    root = data_root()
    _catalog_row(root, name, func="describe_dataset")
    path = root / f"{name}.dict.csv"
    if not path.is_file():
        raise DatasetError(f"describe_dataset(): the data dictionary {path.name} is missing.")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


_CACHE: dict[tuple[str, int, int], pd.DataFrame] = {}

#: The variant this process is bound to (None: the files of :func:`data_root`).
_VARIANT: dict[str, int | None] = {"seed": None}
#: Generated variants, one entry per (dataset, seed); kept for the life of the process.
_VARIANT_CACHE: dict[tuple[str, int], pd.DataFrame] = {}
#: A variant's seed: a whole number from 0 to 2**32 - 1.
_SEED = Interval(0, 2**32 - 1, integer=True)


@validate_params({"seed": _SEED}, none_ok=["seed"])
def use_variant(seed: int | None) -> int | None:
    """Bind this process to a dataset variant, generated in memory; ``None`` unbinds it.

    After ``use_variant(seed)``, :func:`load_dataset` no longer reads the CSV files: it
    generates each dataset with ``seed`` from :data:`imlib.generators.GENERATORS` (the
    same generators and the same typing as ``python -m imlib datasets --seed N`` and a
    load of its files), once per process. Checkers compute their expected answers with
    :func:`load_dataset`, so they follow the variant too.

    Parameters
    ----------
    seed : int or None
        A generator seed from 0 to 2**32 - 1 (a student's personal seed is derived from
        the course key and the student id by :func:`imlib.classroom.variant_seed`), or
        ``None`` to go back to the files.

    Returns
    -------
    int or None
        The variant that was bound before.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer (booleans, strings and floats are refused).
    ValueError
        If ``seed`` is outside 0 to 2**32 - 1.

    Examples
    --------
    >>> previous = use_variant(7)
    >>> current_variant()
    7
    >>> use_variant(None)
    7
    >>> use_variant("7")
    Traceback (most recent call last):
    ...
    TypeError: use_variant(): argument 'seed' must be a whole number in [0, 4294967295],
    got str '7'.
    """
    if seed is not None and not isinstance(seed, int):  # a whole float or a NumPy integer
        raise TypeError(
            "use_variant(): seed must be an integer from 0 to 4294967295 or None, "
            f"got {type(seed).__name__} {seed!r}."
        )
    previous = _VARIANT["seed"]
    _VARIANT["seed"] = seed
    return previous


@validate_params({})
def current_variant() -> int | None:
    """Return the seed this process is bound to by :func:`use_variant`, or None."""
    return _VARIANT["seed"]


def _generated(name: str, seed: int) -> pd.DataFrame:
    from imlib.generators import GENERATORS

    if name not in GENERATORS:
        names = sorted(GENERATORS)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5) or [
            n for n in names if name.lower() in n
        ]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"load_dataset(): unknown dataset {name!r}.{hint} Available: {', '.join(names)}."
        )
    key = (name, seed)
    if key not in _VARIANT_CACHE:
        generator = GENERATORS[name]
        # Through CSV text and the dictionary, exactly as a written variant is loaded.
        raw = _csv_bytes(generator.generate(seed))
        _VARIANT_CACHE[key] = _parse(raw, generator.dictionary())
    return _VARIANT_CACHE[key]


def load_dataset(name: str) -> pd.DataFrame:
    """Load a case dataset after checking the file against the catalog's sha256.

    In a process bound to a variant by :func:`use_variant`, the dataset is generated in
    memory for that variant instead (no file is read).

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, e.g. ``"bank_servqual"``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy, typed by the data dictionary (answers on rating scales are floats,
        so that missing answers are ``NaN``).

    Raises
    ------
    ValueError
        For an unknown name (with the closest match suggested).
    DatasetError
        If the file is missing, truncated or changed since the catalog was written.

    Examples
    --------
    >>> bank = load_dataset("bank_servqual")
    >>> sorted(bank["branch"].unique())[:3]
    ['Eastfield', 'Harbour', 'Millbrook']
    >>> load_dataset("bank")
    Traceback (most recent call last):
    ...
    ValueError: load_dataset(): unknown dataset 'bank'. Did you mean ...
    """
    if _VARIANT["seed"] is not None:
        if not isinstance(name, str):
            raise TypeError(
                f"load_dataset(): name must be a string, got {type(name).__name__} {name!r}."
            )
        return _generated(name, _VARIANT["seed"]).copy()
    root = data_root()
    row = _catalog_row(root, name, func="load_dataset")
    path = root / f"{name}.csv"
    if not path.is_file():
        raise DatasetError(f"load_dataset(): the file {path} listed in the catalog is missing.")
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row["sha256"]:
            raise DatasetError(
                f"load_dataset(): {path.name} does not match the catalog (sha256 {digest[:12]}... "
                f"instead of {row['sha256'][:12]}...): the file was changed or truncated. Restore "
                "it with 'git checkout -- datasets/' or regenerate the folder with "
                "'python -m imlib datasets --seed N --out DIR'."
            )
        spec = describe_dataset(name)
        _CACHE[key] = _parse(raw, spec)
    return _CACHE[key].copy()


def _parse(raw: bytes, spec: pd.DataFrame) -> pd.DataFrame:
    dates = spec.loc[spec["dtype"] == "datetime", "column"].tolist()
    dtypes = {
        row.column: _DTYPES[row.dtype] for row in spec.itertuples() if row.dtype != "datetime"
    }
    frame = pd.read_csv(io.BytesIO(raw), dtype=dtypes, parse_dates=dates)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    return frame


def _read_catalog(root: Path) -> pd.DataFrame:
    path = root / "catalog.csv"
    if not path.is_file():
        raise DatasetError(f"list_datasets(): {path} is missing.")
    return pd.read_csv(path, dtype={"name": str, "sha256": str})


def _catalog_row(root: Path, name: str, *, func: str) -> pd.Series:
    if not isinstance(name, str):
        raise TypeError(f"{func}(): name must be a string, got {type(name).__name__} {name!r}.")
    catalog = _read_catalog(root)
    names = catalog["name"].tolist()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5) or [
            n for n in names if name.lower() in n
        ]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"{func}(): unknown dataset {name!r}.{hint} Available: {', '.join(names)}."
        )
    return catalog.set_index("name").loc[name]


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write one dataset file with the kit's one writer (complete or absent, fsynced)."""
    write_file(path, data, overwrite=True, func="write_datasets")


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_datasets(
    out: str | os.PathLike, *, seed: int = DEFAULT_SEED, force: bool = False
) -> pd.DataFrame:
    """Generate every dataset with ``seed`` and write it, its dictionary and a catalog.

    Parameters
    ----------
    out : path
        The folder to write into (created if missing).
    seed : int
        The generators' seed; :data:`DEFAULT_SEED` reproduces the shipped files.
    force : bool
        Replace files that already exist in ``out``. Without it, an existing dataset
        file is an error and nothing is written.

    Returns
    -------
    pandas.DataFrame
        The catalog that was written.

    Raises
    ------
    FileExistsError
        If ``out`` already holds dataset files and ``force`` is false.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     catalog = write_datasets(tmp, seed=7)
    ...     sorted(catalog["name"])[:1]
    ['bank_branch_audit']
    """
    from imlib.generators import GENERATORS

    func = "write_datasets"
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"{func}(): seed must be an integer, got {seed!r}.")
    require_number(seed, func=func, name="seed", low=0, high=2**32 - 1)
    out = Path(out)
    targets = [out / "catalog.csv"] + [
        out / f"{name}{suffix}" for name in GENERATORS for suffix in (".csv", ".dict.csv")
    ]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(
            f"{func}(): {existing[0]} already exists ({len(existing)} dataset file(s) in {out}); "
            "choose an empty folder or pass force=True (--force) to replace them."
        )
    rows = []
    for name, generator in GENERATORS.items():
        frame = generator.generate(seed)
        dictionary = generator.dictionary()
        undocumented = [c for c in frame.columns if c not in set(dictionary["column"])]
        if undocumented:
            raise RuntimeError(f"{func}(): {name} column {undocumented[0]!r} is not documented.")
        data = _csv_bytes(frame)
        _atomic_write_bytes(out / f"{name}.csv", data)
        _atomic_write_bytes(out / f"{name}.dict.csv", _csv_bytes(dictionary))
        rows.append(
            {
                "name": name,
                "title": generator.title,
                "story": generator.story,
                "source": f"synthetic: {generator.module}",
                "licence": "CC0-1.0",
                "rows": len(frame),
                "columns": frame.shape[1],
                "seed": seed,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    catalog = pd.DataFrame(rows).sort_values("name", ignore_index=True)
    _atomic_write_bytes(out / "catalog.csv", _csv_bytes(catalog))
    _CACHE.clear()
    return catalog
