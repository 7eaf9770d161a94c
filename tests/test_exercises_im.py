"""Checker tests for the internal marketing labs (6-9): right answers and common mistakes."""

from dataclasses import replace

import pytest

from imlib import load_dataset
from imlib.exercises import check, labels, reset_results
from imlib.exercises.internal_market import CONCEPT_STAGES, LEVER_ACTIVITIES, MIX_STATEMENTS
from imlib.exercises.knowledge_renewal import CLASSIFY_EVENTS
from imlib.exercises.programme_design import draft_plan, front_line_enps
from imlib.knowledge import PHASES, knowledge_pattern, phase_summary
from imlib.programme import Objective, example_plan, validate
from imlib.staff import (
    CLIMATE_DIMENSIONS,
    climate_scores,
    cronbach_alpha,
    enps,
    internal_segments,
    internal_service_quality,
    segment_shares,
    staff_turnover,
)

LABELS = {
    "im-mix-elements",
    "im-levers",
    "im-weakest-supplier",
    "im-frontline-gap",
    "im-isq-enps",
    "im-concept-stages",
    "staff-climate-by-role",
    "staff-alpha",
    "staff-weak-item",
    "staff-enps",
    "staff-turnover-by-hand",
    "staff-turnover",
    "staff-retention",
    "staff-opponents",
    "knowledge-phase-order",
    "knowledge-classify-events",
    "knowledge-patterns",
    "knowledge-return-event",
    "knowledge-longest-phase",
    "knowledge-relational-share",
    "programme-baseline",
    "programme-objective",
    "programme-draft-problems",
    "programme-empty-phase",
    "programme-budget",
    "programme-lending-mix",
    "programme-complete-plan",
}


@pytest.fixture(autouse=True)
def _fresh():
    reset_results()


@pytest.fixture(scope="module")
def survey():
    return load_dataset("staff_survey")


@pytest.fixture(scope="module")
def events():
    return load_dataset("knowledge_case_events")


def verdict(label, answer, capsys):
    feedback = check(label, answer)
    return bool(feedback), feedback.text


def test_every_label_has_a_checker_and_never_raises(capsys):
    assert LABELS <= set(labels())
    for label in LABELS:
        for junk in (..., object(), "?", 3, None):
            ok, out = verdict(label, junk, capsys)
            assert not ok and "Could not check" not in out, (label, junk, out)


# --- lab 6 ---------------------------------------------------------------------------------
def test_internal_market_classifications(capsys):
    mix = {k: v for k, (_, v) in MIX_STATEMENTS.items()}
    assert verdict("im-mix-elements", mix, capsys)[0]
    ok, out = verdict("im-mix-elements", mix | {"A": "product", "B": "price"}, capsys)
    assert not ok and "*price*" in out
    levers = {k: v for k, (_, v) in LEVER_ACTIVITIES.items()}
    assert verdict("im-levers", levers, capsys)[0]
    ok, out = verdict("im-levers", levers | {"C": "culture"}, capsys)
    assert not ok and "Look again at C" in out
    assert verdict("im-concept-stages", list(CONCEPT_STAGES), capsys)[0]
    assert not verdict("im-concept-stages", list(reversed(CONCEPT_STAGES)), capsys)[0]


def test_internal_market_data_answers(survey, capsys):
    isq = internal_service_quality(survey, by="role")
    lending = isq[isq["supplier_department"] == "Lending operations"].set_index("role")
    gap = lending.loc["front_line", "mean_rating"] - lending.loc["back_office", "mean_rating"]
    assert verdict("im-frontline-gap", gap, capsys)[0]
    ok, out = verdict("im-frontline-gap", -gap, capsys)
    assert not ok and "wrong sign" in out
    assert verdict("im-weakest-supplier", "Lending operations", capsys)[0]
    assert not verdict("im-weakest-supplier", "IT and change", capsys)[0]
    front = survey[survey["role"] == "front_line"]
    mask = front["supplier_department"] == "Lending operations"
    diff = enps(front[mask])["enps"].iloc[0] - enps(front[~mask])["enps"].iloc[0]
    assert verdict("im-isq-enps", diff, capsys)[0]
    assert not verdict("im-isq-enps", -diff, capsys)[0]


# --- lab 7 ---------------------------------------------------------------------------------
def test_climate_by_role_wide_or_long_and_the_reverse_mistake(survey, capsys):
    scores = climate_scores(survey)
    wide = scores.groupby("role")[list(CLIMATE_DIMENSIONS)].mean()
    assert verdict("staff-climate-by-role", wide, capsys)[0]
    long = wide.stack().rename("score").reset_index().rename(columns={"level_1": "dimension"})
    assert verdict("staff-climate-by-role", long, capsys)[0]
    raw = climate_scores(survey, reverse=False).groupby("role")[list(CLIMATE_DIMENSIONS)].mean()
    ok, out = verdict("staff-climate-by-role", raw, capsys)
    assert not ok and "negatively" in out


def test_alpha_and_weak_item(survey, capsys):
    assert verdict("staff-alpha", cronbach_alpha(survey), capsys)[0]
    ok, out = verdict("staff-alpha", cronbach_alpha(survey, reverse=False), capsys)
    assert not ok and "not reversed" in out
    assert verdict("staff-weak-item", "q14", capsys)[0]
    ok, out = verdict("staff-weak-item", "q12", capsys)
    assert not ok and "item-rest" in out


def test_enps_checker_catches_the_usual_mistakes(survey, capsys):
    table = enps(survey, by="department")
    assert verdict("staff-enps", table, capsys)[0]
    ok, out = verdict("staff-enps", table.assign(enps=table["enps"] / 100), capsys)
    assert not ok and "points" in out
    wrong = table.assign(enps=table["promoters"] - table["passives"] - table["detractors"])
    ok, out = verdict("staff-enps", wrong, capsys)
    assert not ok and "Passives" in out


def test_turnover_and_retention(capsys):
    assert verdict("staff-turnover-by-hand", 5.85, capsys)[0]
    ok, out = verdict("staff-turnover-by-hand", 6.0, capsys)
    assert not ok and "average" in out
    table = staff_turnover(load_dataset("staff_headcount"))
    assert verdict("staff-turnover", table, capsys)[0]
    hc = load_dataset("staff_headcount").groupby("department")
    year_ends = (hc["headcount_start"].first() + hc["headcount_end"].last()) / 2
    ok, out = verdict("staff-turnover", 100 * hc["leavers"].sum() / year_ends, capsys)
    assert not ok and "twelve monthly averages" in out
    row = table.set_index("department").loc["Branch network"]
    assert verdict("staff-retention", row["retention_rate"], capsys)[0]
    ok, out = verdict("staff-retention", 100 - row["turnover_rate"], capsys)
    assert not ok and "not cohort retention" in out


def test_opponents(survey, capsys):
    shares = segment_shares(internal_segments(climate_scores(survey)), by="department")
    assert verdict("staff-opponents", shares[["department", "opponent"]], capsys)[0]
    fractions = shares.assign(opponent=shares["opponent"] / 100)[["department", "opponent"]]
    ok, out = verdict("staff-opponents", fractions, capsys)
    assert not ok and "percent" in out


# --- lab 8 ---------------------------------------------------------------------------------
def test_knowledge_checkers(events, capsys):
    assert verdict("knowledge-phase-order", list(PHASES), capsys)[0]
    assert verdict(
        "knowledge-phase-order", ["Energising", "Code breaking", "Authorising", "Diffusion"], capsys
    )[0]
    ok, out = verdict(
        "knowledge-phase-order", ["energising", "code_breaking", "diffusion", "authorising"], capsys
    )
    assert not ok and "before diffusion" in out
    truth = events.set_index("event_id")["phase"]
    right = {e: truth[e] for e in CLASSIFY_EVENTS}
    assert verdict("knowledge-classify-events", right, capsys)[0]
    ok, out = verdict("knowledge-classify-events", right | {"E10": "code breaking"}, capsys)
    assert not ok and "Look again at E10" in out
    counts = knowledge_pattern(events)["pattern"].value_counts()
    assert verdict("knowledge-patterns", counts, capsys)[0]
    assert verdict("knowledge-return-event", "E12", capsys)[0]
    ok, out = verdict("knowledge-return-event", "E11", capsys)
    assert not ok and "refusal itself" in out
    longest = phase_summary(events).set_index("phase")["days"].idxmax()
    assert verdict("knowledge-longest-phase", longest, capsys)[0]
    cb = events[(events["phase"] == "code_breaking") & (events["event_id"] != "E20")]
    share = 100 * (cb["exchange"] == "relational").mean()
    assert verdict("knowledge-relational-share", share, capsys)[0]
    ok, out = verdict("knowledge-relational-share", share / 100, capsys)
    assert not ok and "percentage" in out


# --- lab 9 ---------------------------------------------------------------------------------
def test_programme_checkers(capsys):
    base = front_line_enps()
    assert verdict("programme-baseline", base, capsys)[0]
    good = Objective("Front line recommends us", "Front-line eNPS", base, 0.0, "2026-12-31")
    assert verdict("programme-objective", good, capsys)[0]
    ok, out = verdict("programme-objective", replace(good, kpi=""), capsys)
    assert not ok and "has no KPI" in out
    ok, out = verdict("programme-objective", replace(good, target=base - 5), capsys)
    assert not ok and "above the baseline" in out
    ok, out = verdict("programme-objective", replace(good, baseline=10.0), capsys)
    assert not ok and "today's front-line eNPS" in out
    draft = draft_plan()
    assert verdict("programme-draft-problems", len(validate(draft)), capsys)[0]
    assert verdict("programme-empty-phase", "authorising", capsys)[0]
    assert not verdict("programme-empty-phase", "diffusion", capsys)[0]
    assert verdict("programme-budget", sum(a.cost for a in draft.activities), capsys)[0]
    ok, out = verdict("programme-budget", draft.budget, capsys)
    assert not ok and "draft's budget" in out
    mix = example_plan().segments[1]
    assert verdict("programme-lending-mix", mix, capsys)[0]
    ok, out = verdict("programme-lending-mix", replace(mix, price="£5,000 of overtime"), capsys)
    assert not ok and "*staff*" in out
    assert verdict("programme-complete-plan", example_plan(), capsys)[0]
    ok, out = verdict("programme-complete-plan", draft, capsys)
    assert not ok and "still finds" in out
    plan = example_plan()
    plan.segments = [s for s in plan.segments if s.name != "Lending operations"]
    for act in plan.activities:
        act.segments = [s for s in act.segments if s != "Lending operations"] or ["Line managers"]
    assert validate(plan) == []
    ok, out = verdict("programme-complete-plan", plan, capsys)
    assert not ok and "Lending operations" in out
