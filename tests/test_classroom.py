"""Personal variants, rosters, assign and the JSON wire format (no kernels: fast)."""

import json
import stat
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import KEY, lab_path, solved, write_roster  # noqa: E402

from imlib.classroom import RosterError, read_roster, variant_seed
from imlib.classroom._wire import decode, encode
from imlib.classroom.assign import assign
from imlib.classroom.grade import judge
from imlib.classroom.labs import LabError, exercise_labels, resolve_labs
from imlib.datasets import DEFAULT_SEED, load_dataset, use_variant
from imlib.generators import GENERATORS

LAB = lab_path("03")


@pytest.fixture(autouse=True)
def _unbound():
    use_variant(None)
    yield
    use_variant(None)


# --- personal variants ------------------------------------------------------------------


def test_variant_of_the_shipped_seed_equals_the_files():
    for name in GENERATORS:
        files = load_dataset(name)
        use_variant(DEFAULT_SEED)
        pd.testing.assert_frame_equal(load_dataset(name), files)
        use_variant(None)


def test_a_variant_needs_no_files_and_differs(tmp_path, monkeypatch):
    shipped = load_dataset("bank_servqual")
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))  # an empty folder: no files at all
    use_variant(variant_seed(KEY, "s1"))
    mine = load_dataset("bank_servqual")
    assert list(mine.columns) == list(shipped.columns)
    assert list(mine.dtypes) == list(shipped.dtypes)
    assert not mine.equals(shipped)
    mine.loc[0, "p05"] = 99  # a fresh copy each time: the cache is not changed
    assert load_dataset("bank_servqual").loc[0, "p05"] != 99
    use_variant(variant_seed(KEY, "s2"))
    assert not load_dataset("bank_servqual").equals(mine)
    with pytest.raises(ValueError, match="unknown dataset 'bank'"):
        load_dataset("bank")


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [
        ("7", TypeError, "got str '7'"),
        (True, TypeError, "got bool True"),
        (2.0, TypeError, "got float"),
        (-1, ValueError, "got -1"),
        (2**32, ValueError, "4294967295"),
    ],
)
def test_bad_seeds_are_refused(seed, error, match):
    with pytest.raises(error, match=match):
        use_variant(seed)


def test_seeds_are_hmac_of_key_and_id():
    import hashlib
    import hmac

    digest = hmac.new(KEY.encode(), b"imlib-variant/v1/s1", hashlib.sha256).digest()
    assert variant_seed(KEY, "s1") == int.from_bytes(digest[:4], "big")
    seeds = {variant_seed(KEY, f"s{i}") for i in range(200)}
    assert len(seeds) == 200 and DEFAULT_SEED not in seeds
    assert variant_seed(KEY + "x", "s1") != variant_seed(KEY, "s1")


# --- rosters and labs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("student_id,name\ns1,A\n", "lacks the column 'email'"),
        ("student_id,name,email\ns1,A,a@x\ns1,B,b@x\n", "'s1' is repeated \\(first on line 2\\)"),
        ("student_id,name,email\ns1,A,a@x\n,B,b@x\n", "line 3: student_id is empty"),
        ("student_id,name,email\n../x,A,a@x\n", "cannot be a folder name"),
        ("student_id,name,email\n", "has no students"),
    ],
)
def test_bad_rosters_are_refused(tmp_path, text, match):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=match):
        read_roster(path)


def test_labs_resolve_by_number_or_name():
    assert resolve_labs(["3", "03", LAB.stem], func="assign") == [LAB]
    assert len(resolve_labs(None, func="assign")) == len(list(LAB.parent.glob("[0-9]*.ipynb")))
    with pytest.raises(LabError, match="unknown lab '42'"):
        resolve_labs(["03", "42"], func="assign")
    labels = exercise_labels(LAB)
    assert labels and all(f":label: {label}" in LAB.read_text() for label in labels)


# --- assign -------------------------------------------------------------------------------


def test_assign_binds_each_student_and_reissues_identically(tmp_path):
    roster = write_roster(tmp_path / "roster.csv", ["s1", "s2"])
    out = tmp_path / "out"
    done = assign(roster, out, labs=["03"])
    key_file = out / "course-key.txt"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(done["written"]) == 2
    texts = {}
    for sid in ("s1", "s2"):
        path = out / sid / f"{LAB.stem}.ipynb"
        text = path.read_text(encoding="utf-8")
        texts[sid] = text
        notebook = json.loads(text)
        sources = ["".join(c["source"]) for c in notebook["cells"]]
        assert f"use_variant({variant_seed(key, sid)})" in sources[2]  # after install, imports
        assert "import imlib" in sources[1] and "from imlib import" in sources[3]
        assert key not in text
        assert "solution-start" not in text and "A model answer" not in text
    # a lost file: delete it and run the same command again
    (out / "s2" / f"{LAB.stem}.ipynb").unlink()
    again = assign(roster, out, labs=["03"])
    assert again["written"] == [out / "s2" / f"{LAB.stem}.ipynb"]
    assert (out / "s2" / f"{LAB.stem}.ipynb").read_text(encoding="utf-8") == texts["s2"]
    # the same key given explicitly elsewhere gives the same notebooks
    assign(roster, tmp_path / "other", labs=["03"], course_key=key)
    assert (tmp_path / "other" / "s1" / f"{LAB.stem}.ipynb").read_text() == texts["s1"]
    assert not (tmp_path / "other" / "course-key.txt").exists()


def test_assign_checks_everything_before_writing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,name,email\ns1,A,a@x\ns1,B,b@x\n", encoding="utf-8")
    with pytest.raises(RosterError):
        assign(bad, tmp_path / "out", labs=["03"])
    roster = write_roster(tmp_path / "roster.csv", ["s1"])
    with pytest.raises(LabError):
        assign(roster, tmp_path / "out", labs=["03", "99"])
    assert not (tmp_path / "out").exists()
    target = tmp_path / "out" / "s1" / f"{LAB.stem}.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text("my work", encoding="utf-8")
    with pytest.raises(FileExistsError, match="may hold a student's work"):
        assign(roster, tmp_path / "out", labs=["03"])
    assert target.read_text() == "my work"
    assert not (tmp_path / "out" / "course-key.txt").exists()


# --- the wire format ----------------------------------------------------------------------


def _frame():
    frame = pd.DataFrame(
        {
            "branch": ["Harbour", "Millbrook", None],
            "gap": [-0.5, np.nan, 1 / 3],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "dim": pd.Categorical(["a", "b", "a"]),
            "ok": [True, False, True],
            "when": pd.to_datetime(["2024-01-01", None, "2024-03-01"]),
        }
    )
    return frame


@pytest.mark.parametrize(
    "value",
    [
        ...,
        None,
        3,
        0.1 + 0.2,
        float("inf"),
        "supplier-alliance",
        [1, "a", 2.5],
        ("x", 1),
        {"a", "b"},
        {"k": [1, 2]},
        np.float64(87.25),
        np.array([1.5, 2.5]),
    ],
    ids=repr,
)
def test_plain_answers_round_trip(value):
    data = json.loads(json.dumps(encode(value), allow_nan=False))
    back = decode(data)
    if isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
    else:
        assert back == value or (back is value)


def test_frames_and_series_round_trip_exactly():
    frame = _frame()
    back = decode(json.loads(json.dumps(encode(frame), allow_nan=False)))
    pd.testing.assert_frame_equal(back, frame)
    indexed = frame.set_index(["branch", "dim"])
    back = decode(json.loads(json.dumps(encode(indexed), allow_nan=False)))
    pd.testing.assert_frame_equal(back, indexed)
    series = pd.Series([0.1, 0.7], index=pd.Index(["x", "y"], name="branch"), name="gap")
    pd.testing.assert_series_equal(decode(json.loads(json.dumps(encode(series)))), series)


def test_unknown_objects_do_not_cross():
    class Sneaky:
        def __eq__(self, other):
            return True

    data = encode(Sneaky())
    assert data == {"kind": "unsupported", "type": "Sneaky"}
    assert repr(decode(data)).startswith("<an answer of type Sneaky")
    with pytest.raises(ValueError):
        decode({"kind": "pickle", "data": "gASV"})


# --- judging in the grader's process ------------------------------------------------------


def _branch_gaps(seed):
    from imlib import servqual_gaps

    use_variant(seed)
    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    use_variant(None)
    return gaps


def test_judge_uses_the_given_variant_only():
    label = next(x for x in exercise_labels(LAB) if x.endswith("dimension-gaps"))
    other_label = next(x for x in exercise_labels(LAB) if x != label)
    mine, other = variant_seed(KEY, "s1"), variant_seed(KEY, "s2")
    answer = json.loads(json.dumps(encode(_branch_gaps(mine)), allow_nan=False))
    assert judge([label], [(label, answer)], mine).marks == {label: 1}
    assert judge([label], [(label, answer)], other).marks == {label: 0}
    default = encode(_branch_gaps(DEFAULT_SEED))
    assert judge([label], [(label, default)], mine).marks == {label: 0}
    assert judge([label], [(label, default)], DEFAULT_SEED).marks == {label: 1}
    # the last recorded answer counts; unknown labels and bad data earn nothing
    tries = [(label, answer), (label, encode(...)), ("other-lab-label", answer)]
    assert judge([label], tries, mine).marks == {label: 0}
    assert judge([label], [(label, {"kind": "pickle"})], mine).marks == {label: 0}
    result = judge([label, other_label], [(label, answer)], mine)
    assert result.marks == {label: 1, other_label: 0}
    assert "no answer recorded" in result.feedback[other_label]


def test_a_solution_notebook_is_bound_to_its_student():
    notebook = solved(LAB, "s1")
    text = json.dumps(notebook)
    assert f"use_variant({variant_seed(KEY, 's1')})" in text
    assert "solution-start" in text  # the helper keeps the instructor's solutions


def test_imlib_dataclasses_cross_and_nothing_else_is_built():
    import dataclasses

    from imlib.programme import example_plan

    plan = example_plan()
    assert decode(json.loads(json.dumps(encode(plan), allow_nan=False))) == plan

    @dataclasses.dataclass
    class Foreign:
        x: int = 1

    assert encode(Foreign()) == {"kind": "unsupported", "type": "Foreign"}
    with pytest.raises(ValueError, match="not an imlib type"):
        decode({"kind": "dataclass", "module": "os", "name": "system", "fields": []})
    with pytest.raises(ValueError, match="not an imlib dataclass"):
        decode(
            {"kind": "dataclass", "module": "imlib.datasets", "name": "load_dataset", "fields": []}
        )
