"""Tests for imlib.programme: validation in plain words, rendering, and plan files that never
lose work (atomic saves, refused damaged/truncated/newer files left byte-for-byte as they were).
"""

import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from imlib.programme import (
    LEVERS,
    PHASES,
    SCHEMA_VERSION,
    Activity,
    Objective,
    Plan,
    PlanFileError,
    Risk,
    Segment,
    default_plan_dir,
    example_plan,
    load_plan,
    plan_from_dict,
    plan_to_dict,
    render_markdown,
    save_plan,
    validate,
)

# --- strategies ----------------------------------------------------------------------------
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)
number = st.floats(allow_nan=False, allow_infinity=False)
maybe_number = st.none() | number
objectives = st.builds(
    Objective, name=text, kpi=text, baseline=maybe_number, target=maybe_number, due=text
)
segments = st.builds(
    Segment,
    name=text,
    who=text,
    size=st.none() | st.integers(-(2**70), 2**70),
    product=text,
    price=text,
    communications=text,
    distribution=text,
)
activities = st.builds(
    Activity,
    name=text,
    segments=st.lists(text, max_size=3),
    phase=st.sampled_from(PHASES) | text,
    lever=st.sampled_from(LEVERS) | text,
    cost=number,
    owner=text,
)
risks = st.builds(Risk, risk=text, mitigation=text)
plans = st.builds(
    Plan,
    title=text,
    organisation=text,
    author=text,
    budget=maybe_number,
    objectives=st.lists(objectives, max_size=3),
    segments=st.lists(segments, max_size=3),
    activities=st.lists(activities, max_size=4),
    risks=st.lists(risks, max_size=2),
    notes=text,
)
# Keep hypothesis's caches out of the repository tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "imlib-hypothesis")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # no .hypothesis folder in the repository
    suppress_health_check=[HealthCheck.too_slow],
)


def saved(plan):
    """Save ``plan`` into a fresh folder; return (folder, path, bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="improg-test-"))
    path = save_plan(plan, folder / "plan.json")
    return folder, path, path.read_bytes()


def refused_untouched(path, match=None):
    before = path.read_bytes()
    with pytest.raises(PlanFileError, match=match) as info:
        load_plan(path)
    assert path.read_bytes() == before
    assert "The file was left as it is." in str(info.value)
    return str(info.value)


# --- round trips ---------------------------------------------------------------------------
@SETTINGS
@given(plans)
def test_any_plan_round_trips_exactly(plan):
    folder, path, raw = saved(plan)
    assert load_plan(path) == plan
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan
    save_plan(plan, path)  # saving the same plan again is allowed and changes nothing
    assert path.read_bytes() == raw
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json"]  # no temp files left


@SETTINGS
@given(plans, st.data())
def test_corrupted_files_are_refused_or_load_unchanged(plan, data):
    _, path, raw = saved(plan)
    where = data.draw(st.integers(0, len(raw) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != raw[where]))
    path.write_bytes(raw[:where] + bytes([new]) + raw[where + 1 :])
    before = path.read_bytes()
    try:
        loaded = load_plan(path)
    except PlanFileError as exc:
        assert "The file was left as it is." in str(exc)
    else:  # e.g. one kind of whitespace replaced by another: the same plan, never a different one
        assert loaded == plan
    assert path.read_bytes() == before


@SETTINGS
@given(plans, st.data())
def test_truncated_files_are_refused_and_untouched(plan, data):
    _, path, raw = saved(plan)
    cut = data.draw(st.integers(0, len(raw.rstrip()) - 1))
    path.write_bytes(raw[:cut])
    refused_untouched(path)


@SETTINGS
@given(plans, st.integers(1, 10**6))
def test_newer_schema_versions_are_refused_and_untouched(plan, ahead):
    _, path, raw = saved(plan)
    document = json.loads(raw)
    document["schema_version"] = SCHEMA_VERSION + ahead
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    message = refused_untouched(path, match="saved by a newer version of imlib")
    assert f"plan schema {SCHEMA_VERSION + ahead}" in message


# --- specific refusals ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is empty"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"format": "something else"}', "not an imlib plan file"),
        (b"[1, 2]", "not an imlib plan file"),
    ],
)
def test_other_bad_files_are_refused(tmp_path, content, match):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    refused_untouched(path, match=match)


def test_hand_edits_fail_the_checksum_unless_verify_is_off(tmp_path):
    path = save_plan(example_plan(), tmp_path / "p.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["plan"]["budget"] = 1.0
    path.write_text(json.dumps(document), encoding="utf-8")
    refused_untouched(path, match="does not match the checksum")
    assert load_plan(path, verify=False).budget == 1.0
    document["plan"]["activities"][0]["cost"] = "free"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"'activities\[0\]\.cost' must be a number"):
        load_plan(path, verify=False)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="there is no plan file"):
        load_plan(tmp_path / "nothing.json")


# --- saving never loses work ---------------------------------------------------------------
def test_a_different_plan_is_not_overwritten_without_consent(tmp_path):
    path = save_plan(example_plan(), tmp_path / "p.json")
    old = path.read_bytes()
    with pytest.raises(FileExistsError, match="already holds a different plan; nothing was"):
        save_plan(Plan(title="new"), path)
    assert path.read_bytes() == old
    save_plan(Plan(title="new"), path, overwrite=True)
    assert (tmp_path / "p.json.bak").read_bytes() == old
    assert load_plan(path).title == "new"


def test_a_failed_save_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch):
    path = save_plan(example_plan(), tmp_path / "p.json")
    old = path.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_plan(Plan(title="new"), path, overwrite=True)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("plan", "match"),
    [
        (Plan(budget=float("nan")), "'budget' must be a finite number"),
        (Plan(activities=[Activity(cost="12")]), r"'activities\[0\]\.cost' must be a number"),
        (Plan(segments=[Segment(size=2.5)]), "must be a whole number"),
    ],
)
def test_unsaveable_plans_write_nothing(tmp_path, plan, match):
    with pytest.raises((TypeError, ValueError), match=match):
        save_plan(plan, tmp_path / "p.json")
    assert list(tmp_path.iterdir()) == []


def test_only_json_files(tmp_path):
    with pytest.raises(ValueError, match=r"must end in \.json"):
        save_plan(example_plan(), tmp_path / "lab.ipynb")


def test_default_plan_dir_is_outside_the_repository(monkeypatch):
    monkeypatch.delenv("IMLIB_PLAN_DIR", raising=False)
    repo = Path(__file__).resolve().parent.parent
    assert repo not in default_plan_dir().resolve().parents
    monkeypatch.setenv("IMLIB_PLAN_DIR", "/somewhere/else")
    assert default_plan_dir() == Path("/somewhere/else")


# --- validation ----------------------------------------------------------------------------
def test_the_model_plan_is_complete_and_adds_up():
    plan = example_plan()
    assert validate(plan) == []
    assert sum(a.cost for a in plan.activities) == plan.budget


def test_an_empty_plan_lists_what_is_missing():
    problems = validate(Plan())
    assert problems == [
        "The plan has no title.",
        "Add at least one objective: what should the programme change, and how will you know?",
        "Add at least one internal segment: whose support does the plan need?",
        "Add activities: what will the programme actually do?",
        "Set a budget (the activities cost 0 in total).",
        "Name at least one risk and how you will reduce it.",
    ]


def test_each_kind_of_problem_is_named_in_plain_words():
    plan = example_plan()
    plan.objectives[0] = replace(plan.objectives[0], kpi=" ", due="31/12/2026")
    plan.objectives[1] = replace(plan.objectives[1], target=plan.objectives[1].baseline)
    plan.segments[2] = replace(plan.segments[2], price="")
    plan.activities = [a for a in plan.activities if a.phase != "authorising"]
    plan.activities[0] = replace(plan.activities[0], segments=["Front lines"], lever="memo")
    plan.risks.append(Risk("Budget cut"))
    plan.segments.append(Segment("IT", "support", 50, "a", "b", "c", "d"))
    problems = validate(plan)
    text = "\n".join(problems)
    assert "Objective 'Faster loan decisions' has no KPI: say what you will measure." in problems
    assert "has the date '31/12/2026', which is not a date; write it as YYYY-MM-DD" in text
    assert "has a target equal to its baseline: it asks for no change." in text
    assert "Segment 'Line managers': say what the change costs its members (price" in text
    assert "Segment 'IT' has no activity aimed at it." in problems
    assert "is aimed at 'Front lines', which is not one of the segments" in text
    assert "has the lever 'memo'; choose one of training, culture" in text
    assert "No activity in the authorising phase: the cycle needs all four phases." in problems
    assert "The activities cost 60,500 in total but the budget is 62,000: 1,500 is not" in text
    assert "Risk 'Budget cut' has no mitigation: how will you reduce it?" in problems


def test_over_budget_and_duplicate_segments():
    plan = example_plan()
    plan.activities[0].cost += 1000
    plan.segments.append(replace(plan.segments[0]))
    problems = validate(plan)
    assert "The activities cost 63,000 in total but the budget is 62,000: 1,000 over." in problems
    assert (
        "Two segments are called 'Front-line advisers': give each segment its own name." in problems
    )


def test_rendered_document_has_every_part_and_open_problems():
    plan = example_plan()
    text = render_markdown(plan)
    for heading in (
        "## Objectives",
        "## Internal segments and their marketing mix",
        "### Energising",
        "### Code breaking",
        "### Authorising",
        "### Diffusion",
        "## Budget",
        "## Risks and mitigations",
    ):
        assert heading in text
    assert "No open problems" in text
    plan.activities[0].phase = "launch"
    text = render_markdown(plan)
    assert "### Not yet placed in a phase" in text and "has the phase 'launch'" in text
    assert "## Open problems" not in render_markdown(plan, problems=False)


# --- the planner widget --------------------------------------------------------------------
FRESH_KERNEL = """
import json, sys
from dataclasses import asdict
from imlib.programme import PlanFileError, load_plan
try:
    print(json.dumps({"plan": asdict(load_plan(sys.argv[1]))}))
except PlanFileError as exc:
    print(json.dumps({"error": str(exc)}))
"""


def fresh_kernel_load(path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FRESH_KERNEL, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def fill_in(planner):
    """Type a small plan into the planner's forms, as a student would."""
    planner.title.value = "Promise programme"
    planner.budget.value = "12,500"
    planner.objectives.add()
    row = planner.objectives.values()[0]
    row["name"].value, row["kpi"].value = "Faster decisions", "Decisions within 48 h (%)"
    row["baseline"].value, row["target"].value, row["due"].value = "40", "85.5", "2026-12-31"
    planner.segments.add()
    seg = planner.segments.values()[0]
    seg["name"].value, seg["size"].value = "Lending operations", "90"
    for element in ("product", "price", "communications", "distribution"):
        seg[element].value = f"{element} for lending ✓"
    for phase, cost in zip(PHASES, ["2000", "4000", "500", "6000"], strict=True):
        planner.activities.add()
        act = planner.activities.values()[-1]
        act["name"].value, act["segments"].value = f"{phase} step", ["Lending operations"]
        act["phase"].value, act["lever"].value, act["cost"].value = phase, "feedback", cost
    planner.risks.add()
    risk = planner.risks.values()[0]
    risk["risk"].value, risk["mitigation"].value = "Blame", "Measure the process"


def test_planner_plan_saved_and_loaded_in_a_fresh_kernel_is_identical(tmp_path):
    from imlib.widgets import programme_planner

    path = tmp_path / "plans" / "promise.json"
    planner = programme_planner(path=path)
    fill_in(planner)
    assert planner.problems == []
    assert "complete" in planner.messages.value
    planner.save_button.click()
    assert "Saved to" in planner.status.value
    made = planner.plan()
    assert fresh_kernel_load(path) == {"plan": plan_to_dict(made)}
    assert load_plan(path) == made
    # a truncated copy of that file is refused with a clear message
    copy = tmp_path / "copy.json"
    copy.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    before = copy.read_bytes()
    answer = fresh_kernel_load(copy)
    assert "ends early" in answer["error"] and "truncated" in answer["error"]
    assert copy.read_bytes() == before
    # and the planner survives a restart through the file: a new planner loads it
    assert programme_planner(path=path).plan() == made


def test_planner_refuses_a_damaged_file_and_keeps_the_forms(tmp_path):
    from imlib.widgets import programme_planner

    path = save_plan(example_plan(), tmp_path / "p.json")
    path.write_bytes(path.read_bytes()[:100])
    before = path.read_bytes()
    planner = programme_planner(Plan(title="my unsaved work"), path=path)
    planner.load_button.click()
    assert "ends early" in planner.status.value
    assert planner.plan().title == "my unsaved work"
    assert path.read_bytes() == before
    fresh = programme_planner(path=path)  # autoload of a bad file: says so, starts empty
    assert "ends early" in fresh.status.value and fresh.plan() == Plan()


def test_planner_live_messages_and_unreadable_numbers():
    from imlib.widgets import programme_planner

    planner = programme_planner(example_plan(), path=Path(tempfile.mkdtemp()) / "p.json")
    assert planner.problems == []
    planner.budget.value = "lots"
    assert "Budget: 'lots' is not a number" in planner.messages.value
    assert planner.plan().budget is None
    planner.budget.value = "62000"
    act = planner.activities.values()[4]  # the only authorising activity
    act["phase"].value = "diffusion"
    assert "No activity in the authorising phase" in planner.messages.value
    assert "Authorising" in planner.preview.value
    planner.activities.remove(planner.activities._rows[0])
    assert len(planner.plan().activities) == len(example_plan().activities) - 1


def test_planner_keeps_a_backup_when_it_saves_over_a_file(tmp_path):
    from imlib.widgets import programme_planner

    path = save_plan(example_plan(), tmp_path / "p.json")
    old = path.read_bytes()
    planner = programme_planner(Plan(title="new"), path=path)
    planner.save_button.click()
    assert "previous version kept as p.json.bak" in planner.status.value
    assert (tmp_path / "p.json.bak").read_bytes() == old


# --- the package: schema, bad plans, the user's own plan folder ------------------------------
def test_schema_names_exactly_the_fields_of_each_part():
    from dataclasses import fields

    from imlib.programme import SCHEMA

    assert set(SCHEMA) == {Plan, Objective, Segment, Activity, Risk}
    for cls, kinds in SCHEMA.items():
        assert [f.name for f in fields(cls)] == list(kinds), cls


@pytest.mark.parametrize(
    ("plan", "error", "match"),
    [
        (Plan(title=None), TypeError, r"field 'title' must be text; got NoneType None"),
        (
            Plan(objectives=[Objective(due=None)]),
            TypeError,
            r"field 'objectives\[0\]\.due' must be text; got NoneType None",
        ),
        (
            Plan(segments=["Front line"]),
            TypeError,
            r"field 'segments\[0\]' must be a Segment; got str 'Front line'",
        ),
        ("my plan", TypeError, r"argument 'plan' must be a Plan, got str"),
    ],
)
@pytest.mark.parametrize("function", [validate, render_markdown])
def test_badly_shaped_plans_are_clear_errors(function, plan, error, match):
    with pytest.raises(error, match=rf"^{function.__name__}\(\): .*{match}"):
        function(plan)


@pytest.mark.parametrize("where", ["budget", "cost"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_money_is_a_problem_not_silence(where, bad):
    plan = example_plan()
    if where == "budget":
        plan.budget = bad
        expected = f"The budget is not a number ({bad!r}): give an amount."
    else:
        plan.activities[2].cost = bad
        expected = "The activities' costs cannot be added up until every cost is a number."
        assert (
            f"Activity 'Joint process-mapping workshops' has a cost that is not a number "
            f"({bad!r})." in validate(plan)
        )
    assert expected in validate(plan)
    assert "## Open problems" in render_markdown(plan)


def test_plans_go_to_the_users_own_folder_not_a_shared_temp_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("IMLIB_PLAN_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home-of-user-b"))
    folder = default_plan_dir()
    assert folder == tmp_path / "home-of-user-b" / "im-kit-plans"
    assert folder.parent == Path.home() != Path(tempfile.gettempdir())
    path = save_plan(example_plan(), folder / "plan.json")  # no PermissionError: user's own
    assert load_plan(path) == example_plan()
    monkeypatch.setenv("IMLIB_PLAN_DIR", str(tmp_path / "course"))
    assert default_plan_dir() == tmp_path / "course"


def test_old_import_paths_keep_working():
    import imlib
    import imlib.programme as programme
    from imlib.programme import FILE_FORMAT, LEVER_LABELS, MIX_ELEMENTS  # noqa: F401

    assert imlib.validate is programme.validate and imlib.Plan is programme.Plan
    assert programme.PlanFileError.__module__ == "imlib.programme"
