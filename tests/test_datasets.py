"""Dataset files: checksums, documentation, reproducibility, variants, packaging."""

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from imlib import describe_dataset, list_datasets, load_dataset
from imlib.datasets import DEFAULT_SEED, DatasetError, write_datasets

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datasets"


def test_files_match_catalog_checksums_and_rows():
    catalog = pd.read_csv(DATA / "catalog.csv")
    from imlib.generators import GENERATORS

    assert set(catalog["name"]) == set(GENERATORS)
    assert {"bank_servqual", "bank_branch_audit"} <= set(catalog["name"])
    for row in catalog.itertuples():
        raw = (DATA / f"{row.name}.csv").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == row.sha256
        assert b"\r\n" not in raw
        assert len(load_dataset(row.name)) == row.rows


def test_every_column_is_documented_and_typed():
    for name in list_datasets()["name"]:
        data = load_dataset(name)
        spec = describe_dataset(name)
        assert list(spec["column"]) == list(data.columns)
        assert spec["description"].str.len().min() > 5
        assert set(spec["dtype"]) <= {"int", "float", "string", "category", "bool", "datetime"}


def test_shipped_files_are_the_default_seed_output(tmp_path):
    write_datasets(tmp_path, seed=DEFAULT_SEED)
    for path in DATA.glob("*.csv"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_variant_differs_and_has_its_own_catalog(tmp_path, monkeypatch):
    catalog = write_datasets(tmp_path, seed=2027)
    assert (catalog["seed"] == 2027).all()
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    variant = load_dataset("bank_servqual")
    monkeypatch.delenv("IMLIB_DATA_DIR")
    shipped = load_dataset("bank_servqual")
    assert variant.shape == shipped.shape
    assert not variant.equals(shipped)


def test_survey_story_is_realistic():
    bank = load_dataset("bank_servqual")
    items = bank.filter(regex=r"^[ep]\d\d$")
    share_missing = items.isna().mean().mean()
    assert 0.01 < share_missing < 0.08
    assert items.min().min() >= 1 and items.max().max() <= 7
    points = bank.filter(like="points_").dropna()
    assert (points.sum(axis=1) == 100).all()
    assert bank["points_reliability"].isna().mean() > 0.03


def test_changed_or_truncated_file_is_a_clear_error(tmp_path, monkeypatch):
    write_datasets(tmp_path, seed=5)
    path = tmp_path / "bank_servqual.csv"
    path.write_bytes(path.read_bytes()[:-500])
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="bank_servqual.csv does not match the catalog"):
        load_dataset("bank_servqual")


def test_unknown_name_suggests_the_closest(monkeypatch):
    with pytest.raises(ValueError, match="Did you mean 'bank_servqual'"):
        load_dataset("bank_servqal")
    with pytest.raises(TypeError, match="name must be a string"):
        load_dataset(3)


def test_bad_override_folder_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="has no catalog.csv"):
        load_dataset("bank_servqual")


def test_write_refuses_to_overwrite_without_force(tmp_path):
    write_datasets(tmp_path, seed=1)
    before = (tmp_path / "catalog.csv").read_bytes()
    with pytest.raises(FileExistsError, match="already exists"):
        write_datasets(tmp_path, seed=2)
    assert (tmp_path / "catalog.csv").read_bytes() == before
    with pytest.raises(TypeError, match="seed must be an integer"):
        write_datasets(tmp_path / "x", seed=1.5)


def test_written_files_are_world_readable(tmp_path):
    write_datasets(tmp_path, seed=3)
    for path in tmp_path.iterdir():
        assert path.stat().st_mode & 0o044 == 0o044, path.name


def test_returned_frames_are_copies():
    a = load_dataset("bank_servqual")
    a.loc[0, "branch"] = "Changed"
    assert load_dataset("bank_servqual").loc[0, "branch"] != "Changed"


def test_wheel_carries_the_datasets_and_loads_them_anywhere(tmp_path):
    """A wheel (Colab, JupyterLite) must load the same data as the checkout."""
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("imlib-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "imlib/_data/catalog.csv" in names
        assert "imlib/_data/bank_servqual.csv" in names
        zf.extractall(tmp_path / "site")
    code = (
        "import imlib, sys; df = imlib.load_dataset('bank_servqual'); "
        "print(imlib.datasets.data_root().name, len(df))"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); " + code,
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == ["_data", str(len(load_dataset("bank_servqual")))]


NORTHBANK = (
    "bank_servqual",
    "bank_branch_audit",
    "staff_survey",
    "customer_cohort",
    "branch_isq",
    "branch_people",
    "branch_tracker",
    "branch_money",
)


def test_northbank_datasets_document_their_keys_and_story():
    catalog = list_datasets().set_index("name")
    for name in NORTHBANK:
        story = catalog.loc[name, "story"]
        assert "Keys:" in story and "branch" in story, name
        assert "ynthetic" in story or "ynthetic" in catalog.loc[name, "title"], name
        spec = describe_dataset(name).set_index("column")
        assert "branch" in spec.index, name
    for name in ("branch_isq", "branch_people", "branch_tracker", "branch_money"):
        spec = describe_dataset(name).set_index("column")
        assert "(key)" in spec.loc["branch", "description"]
        assert "(key)" in spec.loc["period", "description"]
