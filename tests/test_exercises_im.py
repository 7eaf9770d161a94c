"""Checker tests for the internal marketing labs (6-9): right answers and common mistakes."""

from dataclasses import replace

import pytest

from imlib import load_dataset
from imlib.exercises import check, labels, reset_results
from imlib.exercises.internal_market import (
    LEVER_ACTIVITIES,
    MIX_STATEMENTS,
    colleague_enps_gap,
    front_line_poor_shares,
)
from imlib.exercises.knowledge_renewal import CLASSIFY_EVENTS, SPONSOR_OPTIONS, rework_days
from imlib.exercises.programme_design import (
    draft_plan,
    front_line_enps,
    lending_isq,
    model_plan,
    soft_front_line_enps,
)
from imlib.exercises.staff_diagnostics import WIDE_CUTS
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
    "im-concept-stages",
    "im-isq-by-hand",
    "im-frontline-predict",
    "im-enps-error",
    "im-first-supplier",
    "staff-climate-by-role",
    "staff-alpha",
    "staff-weak-item",
    "staff-enps",
    "staff-turnover-by-hand",
    "staff-turnover",
    "staff-retention",
    "staff-first-segment",
    "staff-cutoffs",
    "knowledge-phase-order",
    "knowledge-classify-events",
    "knowledge-patterns",
    "knowledge-return-event",
    "knowledge-longest-phase",
    "knowledge-relational-share",
    "knowledge-phase-days",
    "knowledge-sponsor",
    "programme-baseline",
    "programme-objective",
    "programme-draft-problems",
    "programme-isq-baseline",
    "programme-enps-definition",
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
MIX_KEY = {"A": "price", "B": "product", "C": "distribution", "D": "communications"}
LEVER_KEY = {
    "A": "training",
    "B": "feedback",
    "C": "leadership",
    "D": "internal_branding",
    "E": "culture",
}
STAGES = ["employee_motivation", "customer_orientation", "strategy_implementation"]


def test_lab6_shows_statements_without_their_key():
    assert all(isinstance(v, str) for v in MIX_STATEMENTS.values())
    assert all(isinstance(v, str) for v in LEVER_ACTIVITIES.values())
    assert set(MIX_STATEMENTS) == set(MIX_KEY) and set(LEVER_ACTIVITIES) == set(LEVER_KEY)


def test_internal_market_classifications(capsys):
    assert verdict("im-mix-elements", MIX_KEY, capsys)[0]
    assert verdict("im-mix-elements", MIX_KEY | {"B": "Product"}, capsys)[0]
    ok, out = verdict("im-mix-elements", MIX_KEY | {"A": "product", "B": "price"}, capsys)
    assert not ok and "*price*" in out
    ok, out = verdict("im-mix-elements", MIX_KEY | {"C": "communications"}, capsys)
    assert not ok and "venue" in out
    assert verdict("im-levers", LEVER_KEY, capsys)[0]
    assert verdict("im-levers", LEVER_KEY | {"D": "internal branding"}, capsys)[0]
    ok, out = verdict("im-levers", LEVER_KEY | {"C": "culture"}, capsys)
    assert not ok and "Look again at C" in out and "leadership by example" in out
    ok, out = verdict("im-levers", LEVER_KEY | {"B": "communications"}, capsys)
    assert not ok and "is not a" in out
    assert verdict("im-concept-stages", STAGES, capsys)[0]
    assert verdict("im-concept-stages", ["Employee motivation", *STAGES[1:]], capsys)[0]
    ok, out = verdict("im-concept-stages", list(reversed(STAGES)), capsys)
    assert not ok and "latest" in out
    ok, out = verdict("im-concept-stages", [STAGES[1], STAGES[0], STAGES[2]], capsys)
    assert not ok and "began with" in out


def test_isq_by_hand_and_its_mistakes(survey, capsys):
    means = survey.groupby("supplier_department")["isq_rating"].mean()
    assert verdict("im-isq-by-hand", means, capsys)[0]
    assert verdict("im-isq-by-hand", means.to_dict(), capsys)[0]
    ok, out = verdict("im-isq-by-hand", survey.groupby("department")["isq_rating"].mean(), capsys)
    assert not ok and "supplier_department" in out
    zeros = survey.assign(isq_rating=survey["isq_rating"].fillna(0))
    ok, out = verdict(
        "im-isq-by-hand", zeros.groupby("supplier_department")["isq_rating"].mean(), capsys
    )
    assert not ok and "not a rating of 0" in out
    median = survey.groupby("supplier_department")["isq_rating"].median()
    assert not verdict("im-isq-by-hand", median, capsys)[0]


def test_frontline_prediction(survey, capsys):
    isq = internal_service_quality(survey, by="role")
    lending = isq[isq["supplier_department"] == "Lending operations"].set_index("role")
    gap = lending.loc["front_line", "mean_rating"] - lending.loc["back_office", "mean_rating"]
    side = "lower" if gap < 0 else "higher"
    other = "higher" if gap < 0 else "lower"
    ok, out = verdict("im-frontline-predict", {"prediction": side, "gap": gap}, capsys)
    assert ok and "as you predicted" in out
    ok, out = verdict("im-frontline-predict", {"prediction": other, "gap": gap}, capsys)
    assert ok and f"not {other}" in out
    ok, out = verdict("im-frontline-predict", {"prediction": side, "gap": -gap}, capsys)
    assert not ok and "wrong sign" in out
    assert not verdict("im-frontline-predict", {"prediction": "maybe", "gap": gap}, capsys)[0]
    assert not verdict("im-frontline-predict", gap, capsys)[0]


def test_planted_enps_error(survey, capsys):
    front = survey[survey["role"] == "front_line"]
    mask = front["supplier_department"] == "Lending operations"
    diff = enps(front[mask])["enps"].iloc[0] - enps(front[~mask])["enps"].iloc[0]
    colleague = colleague_enps_gap(survey)
    assert abs(colleague - diff) > 1  # the planted error changes the answer
    assert verdict("im-enps-error", diff, capsys)[0]
    ok, out = verdict("im-enps-error", colleague, capsys)
    assert not ok and "colleague's number" in out
    ok, out = verdict("im-enps-error", -diff, capsys)
    assert not ok and "wrong sign" in out
    everyone = survey["supplier_department"] == "Lending operations"
    whole = enps(survey[everyone])["enps"].iloc[0] - enps(survey[~everyone])["enps"].iloc[0]
    ok, out = verdict("im-enps-error", whole, capsys)
    assert not ok and "front line only" in out


def test_first_supplier_decision(survey, capsys):
    shares = front_line_poor_shares(survey)
    worst = shares.idxmax()
    right = {"department": worst, "poor_share": shares[worst]}
    assert verdict("im-first-supplier", right, capsys)[0]
    assert verdict("im-first-supplier", right | {"department": worst.upper()}, capsys)[0]
    ok, out = verdict("im-first-supplier", right | {"poor_share": shares[worst] / 100}, capsys)
    assert not ok and "percentage" in out
    ok, out = verdict("im-first-supplier", right | {"poor_share": 50.0 + shares[worst]}, capsys)
    assert not ok and "evidence" in out
    for other in shares.index.drop(worst):
        ok, out = verdict("im-first-supplier", {"department": other, "poor_share": 1.0}, capsys)
        assert not ok and other in out
    assert not verdict("im-first-supplier", {"department": "Marketing", "poor_share": 1}, capsys)[0]


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
    hc = (
        load_dataset("staff_headcount")
        .groupby(["department", "month"], as_index=False)
        .sum(numeric_only=True)
        .groupby("department")
    )
    year_ends = (hc["headcount_start"].first() + hc["headcount_end"].last()) / 2
    ok, out = verdict("staff-turnover", 100 * hc["leavers"].sum() / year_ends, capsys)
    assert not ok and "twelve monthly averages" in out
    row = table.set_index("department").loc["Branch network"]
    assert verdict("staff-retention", row["retention_rate"], capsys)[0]
    ok, out = verdict("staff-retention", 100 - row["turnover_rate"], capsys)
    assert not ok and "not cohort retention" in out


def test_first_segment_and_cutoffs(survey, capsys):
    scores = climate_scores(survey)
    shares = segment_shares(internal_segments(scores), by="department").set_index("department")
    worst = shares["opponent"].idxmax()
    right = {"department": worst, "opponent_share": shares.loc[worst, "opponent"]}
    assert verdict("staff-first-segment", right, capsys)[0]
    assert verdict("staff-first-segment", right | {"department": worst.lower()}, capsys)[0]
    ok, out = verdict(
        "staff-first-segment", right | {"opponent_share": right["opponent_share"] / 100}, capsys
    )
    assert not ok and "percent" in out
    low = enps(survey, by="department").set_index("department")["enps"].idxmin()
    if low != worst:
        ok, out = verdict("staff-first-segment", {"department": low, "opponent_share": 1}, capsys)
        assert not ok and "not opposition" in out
    for other in shares.index.drop(worst):
        assert not verdict(
            "staff-first-segment", {"department": other, "opponent_share": 1}, capsys
        )[0]
    wide = segment_shares(internal_segments(scores, cuts=WIDE_CUTS), by="department")
    wide = wide.set_index("department")["opponent"]
    assert verdict("staff-cutoffs", wide[worst], capsys)[0]
    ok, out = verdict("staff-cutoffs", shares.loc[worst, "opponent"], capsys)
    assert not ok and "default cut-offs" in out
    ok, out = verdict("staff-cutoffs", wide[worst] / 100, capsys)
    assert not ok and "percent" in out


def test_knowledge_checkers(events, capsys):
    assert verdict("knowledge-phase-order", list(PHASES), capsys)[0]
    assert verdict(
        "knowledge-phase-order", ["Energising", "Code breaking", "Authorising", "Diffusing"], capsys
    )[0]
    ok, out = verdict(
        "knowledge-phase-order", ["energising", "code_breaking", "diffusion", "authorising"], capsys
    )
    assert not ok and "before diffusion" in out
    assert not verdict("knowledge-phase-order", ["energising"] * 4, capsys)[0]
    truth = events.set_index("event_id")["phase"]
    right = {e: truth[e] for e in CLASSIFY_EVENTS}
    assert verdict("knowledge-classify-events", right, capsys)[0]
    ok, out = verdict("knowledge-classify-events", right | {"E10": "code breaking"}, capsys)
    assert not ok and "Look again at E10" in out
    assert verdict("knowledge-return-event", "E12", capsys)[0]
    ok, out = verdict("knowledge-return-event", "E11", capsys)
    assert not ok and "refusal itself" in out


def test_patterns_by_hand_and_swapped_axes(events, capsys):
    counts = knowledge_pattern(events)["pattern"].value_counts()
    assert verdict("knowledge-patterns", counts, capsys)[0]
    assert verdict("knowledge-patterns", counts.to_dict(), capsys)[0]
    flip = {"hierarchical": "relational", "relational": "hierarchical"}
    rows = knowledge_pattern(events.assign(exchange=events["exchange"].map(flip)))
    ok, out = verdict("knowledge-patterns", rows["pattern"].value_counts(), capsys)
    assert not ok and "swapped the rows" in out
    flip = {"acquire": "share", "share": "acquire"}
    cols = knowledge_pattern(events.assign(purpose=events["purpose"].map(flip)))
    ok, out = verdict("knowledge-patterns", cols["pattern"].value_counts(), capsys)
    assert not ok and "swapped the columns" in out


def test_phase_durations_one_rule(events, capsys):
    dates = events.set_index("event_id")["date"]
    first_pass = (dates["E10"] - dates["E05"]).days  # next phase's first event
    own_last = (dates["E09"] - dates["E05"]).days  # the old, inconsistent rule
    assert verdict("knowledge-phase-days", first_pass, capsys)[0]
    ok, out = verdict("knowledge-phase-days", own_last, capsys)
    assert not ok and "own last event" in out
    summary = phase_summary(events).set_index("phase")
    assert (summary["total_days"] == summary["days"] + summary["rework_days"]).all()
    assert summary.loc["code_breaking", "days"] == first_pass
    longest = summary["days"].idxmax()
    assert verdict("knowledge-longest-phase", longest, capsys)[0]
    most = summary["events"].idxmax()
    if most != longest:
        ok, out = verdict("knowledge-longest-phase", most, capsys)
        assert not ok and ("most events" in out or "rework" in out)


def test_relational_share_and_sponsor(events, capsys):
    cb = events[(events["phase"] == "code_breaking") & (events["event_id"] != "E20")]
    share = 100 * (cb["exchange"] == "relational").mean()
    assert verdict("knowledge-relational-share", share, capsys)[0]
    ok, out = verdict("knowledge-relational-share", share / 100, capsys)
    assert not ok and "percentage" in out
    overall = 100 * (events.iloc[:-1]["exchange"] == "relational").mean()
    ok, out = verdict("knowledge-relational-share", overall, capsys)
    assert not ok and "all events" in out
    rework = int(phase_summary(events)["rework_days"].sum())
    assert rework == rework_days(events) > 0
    assert verdict(
        "knowledge-sponsor", {"choice": "approver early", "rework_days": rework}, capsys
    )[0]
    for wrong in set(SPONSOR_OPTIONS) - {"approver_early"}:
        ok, out = verdict("knowledge-sponsor", {"choice": wrong, "rework_days": rework}, capsys)
        assert not ok and len(out) > 60
    ok, out = verdict("knowledge-sponsor", {"choice": "skip_authorising", "rework_days": 0}, capsys)
    assert not ok and "breaks the cycle" in out
    coding = phase_summary(events).set_index("phase").loc["code_breaking", "rework_days"]
    answer = {"choice": "approver_early", "rework_days": coding}
    ok, out = verdict("knowledge-sponsor", answer, capsys)
    assert not ok and "authorising as rework" in out


# --- lab 9 ---------------------------------------------------------------------------------
def test_programme_baselines_come_from_the_data(survey, capsys):
    base = front_line_enps()
    assert verdict("programme-baseline", base, capsys)[0]
    ok, out = verdict("programme-baseline", enps(survey)["enps"].iloc[0], capsys)
    assert not ok and "whole bank" in out
    ok, out = verdict("programme-baseline", base / 100, capsys)
    assert not ok and "fraction" in out
    front = survey.query("role == 'front_line'")["enps"].dropna()
    harsh = 100 * ((front >= 9).mean() - (front <= 8).mean())
    ok, out = verdict("programme-baseline", harsh, capsys)
    assert not ok and "Passives" in out
    isq = lending_isq()
    assert verdict("programme-isq-baseline", isq, capsys)[0]
    own = survey.loc[survey["department"] == "Lending operations", "isq_rating"].mean()
    ok, out = verdict("programme-isq-baseline", own, capsys)
    assert not ok and "supplier_department" in out
    plan = model_plan()
    assert validate(plan) == []
    assert plan.objectives[2].baseline == round(base)
    assert plan.objectives[1].baseline == round(isq, 1)
    assert plan.objectives[2].target > plan.objectives[2].baseline


def test_programme_objective_and_definition(capsys):
    base = front_line_enps()
    good = Objective("Front line recommends us", "Front-line eNPS", base, base + 20, "2026-12-31")
    assert verdict("programme-objective", good, capsys)[0]
    ok, out = verdict("programme-objective", replace(good, kpi=""), capsys)
    assert not ok and "has no KPI" in out
    ok, out = verdict("programme-objective", replace(good, target=base - 5), capsys)
    assert not ok and "above the baseline" in out
    ok, out = verdict("programme-objective", replace(good, baseline=base + 10), capsys)
    assert not ok and "today's front-line eNPS" in out
    shift = soft_front_line_enps() - base
    assert shift > 0
    assert verdict("programme-enps-definition", shift, capsys)[0]
    ok, out = verdict("programme-enps-definition", -shift, capsys)
    assert not ok and "wrong sign" in out
    ok, out = verdict("programme-enps-definition", soft_front_line_enps(), capsys)
    assert not ok and "new score" in out


def test_programme_draft_checkers(capsys):
    draft = draft_plan()
    n = len(validate(draft))
    ok, out = verdict("programme-draft-problems", {"prediction": n, "found": n}, capsys)
    assert ok and "exactly as you predicted" in out
    ok, out = verdict("programme-draft-problems", {"prediction": 3, "found": n}, capsys)
    assert ok and "you predicted 3" in out
    assert not verdict("programme-draft-problems", {"prediction": n, "found": n - 1}, capsys)[0]
    assert not verdict("programme-draft-problems", n, capsys)[0]
    assert verdict("programme-budget", sum(a.cost for a in draft.activities), capsys)[0]
    ok, out = verdict("programme-budget", draft.budget, capsys)
    assert not ok and "draft's budget" in out
    mix = example_plan().segments[1]
    assert verdict("programme-lending-mix", mix, capsys)[0]
    ok, out = verdict("programme-lending-mix", replace(mix, price="£5,000 of overtime"), capsys)
    assert not ok and "*staff*" in out
    ok, out = verdict("programme-lending-mix", replace(mix, distribution=" "), capsys)
    assert not ok and "distribution is empty" in out


def test_programme_complete_plan(capsys):
    assert verdict("programme-complete-plan", model_plan(), capsys)[0]
    ok, out = verdict("programme-complete-plan", draft_plan(), capsys)
    assert not ok and "still finds" in out
    stale = model_plan()
    stale.objectives[2] = replace(stale.objectives[2], baseline=stale.objectives[2].baseline + 9)
    ok, out = verdict("programme-complete-plan", stale, capsys)
    assert not ok and "from the data" in out
    plan = model_plan()
    plan.segments = [s for s in plan.segments if s.name != "Lending operations"]
    for act in plan.activities:
        act.segments = [s for s in act.segments if s != "Lending operations"] or ["Line managers"]
    assert validate(plan) == []
    ok, out = verdict("programme-complete-plan", plan, capsys)
    assert not ok and "Lending operations" in out
