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


def _roster(path, ids):
    path.write_text(
        "student_id,name,email\n" + "".join(f"{i},N {i},{i}@x.org\n" for i in ids), encoding="utf-8"
    )
    return path


def test_assign_then_grade_from_the_command_line(tmp_path):
    roster = _roster(tmp_path / "roster.csv", ["a1", "b2"])
    made = run("assign", "--roster", str(roster), "--out", "class", "--labs", "08", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "wrote 2 notebook(s)" in made.stdout and "course-key.txt" in made.stdout
    key_file = tmp_path / "class" / "course-key.txt"
    lab = next((ROOT / "notebooks").glob("08-*.ipynb")).stem
    again = run("assign", "--roster", str(roster), "--out", "class", "--labs", "8", cwd=tmp_path)
    assert "0 notebook(s), 2 unchanged" in again.stdout
    subs = tmp_path / "subs" / "a1"
    subs.mkdir(parents=True)
    (subs / f"{lab}.ipynb").write_bytes((tmp_path / "class" / "a1" / f"{lab}.ipynb").read_bytes())
    graded = run(
        "grade", "subs", "--roster", str(roster), "--out", "book.csv", "--labs", "08",
        "--course-key-file", str(key_file), "--timeout", "120", "--jobs", "1",
        cwd=tmp_path,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stderr
    assert "Sandbox:" in graded.stdout
    lines = (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("student_id,name,knowledge-") and lines[0].endswith(
        "score,max_score,notes"
    )
    assert lines[1].startswith("a1,") and lines[2].endswith("no submission")
    assert (tmp_path / "book-feedback" / "a1.md").is_file()
    assert (tmp_path / "book-lms.csv").is_file()


def test_assign_and_grade_refuse_bad_input_before_writing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,name,email\nx,A,a\nx,B,b\n", encoding="utf-8")
    refused = run("assign", "--roster", str(bad), "--out", "out", cwd=tmp_path)
    assert refused.returncode == 1 and "'x' is repeated" in refused.stderr
    roster = _roster(tmp_path / "roster.csv", ["a1"])
    unknown = run("assign", "--roster", str(roster), "--out", "out", "--labs", "77", cwd=tmp_path)
    assert unknown.returncode == 1 and "unknown lab '77'" in unknown.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "subs").mkdir()
    keyless = run("grade", "subs", "--roster", str(roster), "--out", "g.csv", cwd=tmp_path)
    assert keyless.returncode == 1 and "--course-key" in keyless.stderr
    assert not (tmp_path / "g.csv").exists()


def test_answers_editions_keep_what_students_never_get(tmp_path):
    done = run("answers", "--out", "ans", "--labs", "03", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (path,) = (tmp_path / "ans").iterdir()
    text = path.read_text(encoding="utf-8")
    assert path.name.endswith("-answers.ipynb")
    assert "solution-start" in text and "A model answer" in text
