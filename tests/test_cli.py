"""The course tools: python -m imlib datasets | student | list."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "imlib", *args], cwd=cwd, capture_output=True, text=True
    )


def test_datasets_variant_then_refusal(tmp_path):
    out = tmp_path / "term2"
    first = run("datasets", "--seed", "12", "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "IMLIB_DATA_DIR=" in first.stdout
    catalog = (out / "catalog.csv").read_bytes()
    again = run("datasets", "--seed", "13", "--out", str(out), cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (out / "catalog.csv").read_bytes() == catalog


def test_student_from_any_directory(tmp_path):
    result = run("student", "--out", str(tmp_path / "s"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "solution(s) removed" in result.stdout
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb")
    )


def test_list_and_usage_errors(tmp_path):
    listing = run("list", cwd=tmp_path)
    assert "bank_servqual" in listing.stdout and "diagnose-gap" in listing.stdout
    assert run("datasets", "--out", "x", cwd=tmp_path).returncode == 2  # --seed missing


def test_plan_check(tmp_path):
    from imlib.programme import Plan, example_plan, save_plan

    good = save_plan(example_plan(), tmp_path / "good.json")
    ok = run("plan", str(good), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "no problems found" in ok.stdout
    draft = save_plan(Plan(), tmp_path / "draft.json")
    bad = run("plan", str(draft), cwd=tmp_path)
    assert bad.returncode == 1 and "problem(s)" in bad.stdout
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(good.read_bytes()[:-40])
    before = truncated.read_bytes()
    refused = run("plan", str(truncated), cwd=tmp_path)
    assert refused.returncode == 1 and "error:" in refused.stderr
    assert truncated.read_bytes() == before
