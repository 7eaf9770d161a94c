"""Every Northbank dataset joins on ``branch``.

A Northbank dataset is one whose catalog title names Northbank and whose data are
Northbank's alone. ``rm_jury`` and ``mix_audit`` also name Northbank, but they cover three
firms (Northbank and two others) and their rows have no branch meaning, so they are left out.

For each Northbank dataset: it has a ``branch`` column, its non-missing values are branches
of ``branch_people`` (missing means not based in a branch: back office, head office or
bank-wide), and merging with ``branch_people``'s branch list loses no row with a branch.
Checked on the shipped data and on five other seeds written into a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from imlib.datasets import data_root, write_datasets

#: Title names Northbank, but three firms and no branch meaning.
THREE_FIRMS = {"rm_jury", "mix_audit"}
SEEDS = (1, 7, 42, 2024, 31337)


def _northbank(root: Path) -> list[str]:
    catalog = pd.read_csv(root / "catalog.csv")
    named = catalog.loc[catalog["title"].str.contains("Northbank"), "name"]
    return sorted(set(named) - THREE_FIRMS)


def _check_keys(root: Path) -> list[str]:
    names = _northbank(root)
    people = pd.read_csv(root / "branch_people.csv", dtype={"branch": "string"})
    branches = pd.DataFrame({"branch": people["branch"].dropna().unique()})
    for name in names:
        frame = pd.read_csv(root / f"{name}.csv", dtype={"branch": "string"}, low_memory=False)
        assert "branch" in frame.columns, f"{name} has no branch column"
        known = frame["branch"].dropna()
        assert known.isin(branches["branch"]).all(), (
            f"{name}: branches not in branch_people: {sorted(set(known) - set(branches['branch']))}"
        )
        merged = frame.dropna(subset=["branch"]).merge(branches, on="branch", how="inner")
        assert len(merged) == len(known), f"{name}: the merge on branch loses rows"
    return names


@pytest.fixture(scope="module")
def seed_roots(tmp_path_factory) -> dict[int, Path]:
    roots = {}
    for seed in SEEDS:
        out = tmp_path_factory.mktemp(f"seed{seed}")
        write_datasets(out, seed=seed)
        roots[seed] = out
    return roots


def test_the_northbank_datasets_are_the_expected_ten():
    names = _northbank(data_root())
    assert "knowledge_case_events" in names and "staff_headcount" in names
    assert "branch_people" in names and not THREE_FIRMS & set(names)
    assert len(names) == 10


def test_shipped_northbank_datasets_join_on_branch():
    assert len(_check_keys(data_root())) == 10


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_joins_on_branch(seed_roots, seed):
    assert _check_keys(seed_roots[seed]) == _northbank(data_root())


def test_back_office_rows_have_no_branch():
    root = data_root()
    headcount = pd.read_csv(root / "staff_headcount.csv")
    at_branch = headcount["department"] == "Branch network"
    assert headcount.loc[at_branch, "branch"].notna().all()
    assert headcount.loc[~at_branch, "branch"].isna().all()
