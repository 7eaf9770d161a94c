"""Checkers for Lab 5, process control (``notebooks/05-process-control.ipynb``).

Expected answers are computed from ``service_process_log`` and ``service_deliveries`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key. The
lab's exercises: p-bar and a limit by hand; the payment outage; the first *sustained* picking
signal (a lone signal may be a false alarm, as a colleague's dating shows on some terms);
limits from all days instead of a baseline; sigma from the moving range; the individuals
chart's signals before the April change; and Taguchi's loss per delivery computed by hand.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict, judge_number
from imlib.spc import (
    D2_MOVING_RANGE,
    average_taguchi_loss,
    individuals_chart,
    p_chart,
)

__all__ = [
    "DELIVERY_COST",
    "DELIVERY_TARGET",
    "DELIVERY_TOLERANCE",
    "PHASE1_DAYS",
    "SHIFT_STAGE",
    "SPECIAL_STAGE",
    "SUSTAINED_DAYS",
    "sustained_signal",
]

LAB = Lab("spc")

#: Days of the baseline (Phase I) in the lab: the first eight weeks.
PHASE1_DAYS = 56
#: The stage whose p-chart hides a sustained shift.
SHIFT_STAGE = "picking"
#: The stage whose p-chart hides a one-day special cause.
SPECIAL_STAGE = "payment"
#: Taguchi loss of a delivery's arrival: target (minutes after slot start), tolerance
#: (minutes either side at which the loss reaches the cost) and the cost there (GBP).
DELIVERY_TARGET, DELIVERY_TOLERANCE, DELIVERY_COST = 30.0, 30.0, 12.0
#: A signal counts as sustained when it and the next days signal, this many in a row.
SUSTAINED_DAYS = 3
#: The day the warehouse's new scanner software went live (a fact of the case).
SCANNER_CHANGE = pd.Timestamp("2025-04-14")


def _stage(stage: str) -> pd.DataFrame:
    log = load_dataset("service_process_log")
    return log[log["stage"] == stage].reset_index(drop=True)


def _as_date(answer: object) -> pd.Timestamp:
    if isinstance(answer, pd.Series | pd.Index | np.ndarray | list) and len(answer) == 1:
        answer = list(answer)[0]
    if isinstance(answer, str | dt.date | np.datetime64 | pd.Timestamp):
        try:
            stamp = pd.Timestamp(answer)
        except (ValueError, TypeError):
            stamp = pd.NaT
        if pd.isna(stamp):
            raise AnswerForm(f"{answer!r} is not a date; write it as 'YYYY-MM-DD'.")
        return stamp.normalize()
    raise AnswerForm(f"Give one date, e.g. '2025-02-14'; you gave a {type(answer).__name__}.")


def sustained_signal(chart: pd.DataFrame, *, days: int = SUSTAINED_DAYS) -> pd.Timestamp | None:
    """The first Phase II day that signals on it and on each of the next ``days - 1`` days."""
    phase2 = chart[chart["phase"] == "II"].reset_index(drop=True)
    flags = phase2["signal"].astype(bool)
    run = flags.rolling(days).sum().shift(-(days - 1)) == days
    hits = phase2.loc[run, "date"]
    return pd.Timestamp(hits.iloc[0]) if len(hits) else None


def _phase1(stage: str = SHIFT_STAGE) -> pd.DataFrame:
    return _stage(stage).iloc[:PHASE1_DAYS]


@LAB.exercise("pbar", reads=read_number)
def _pbar(value: float) -> Verdict:
    base = _phase1()
    expected = float(base["errors"].sum() / base["orders"].sum())
    tol = 1e-6
    if abs(value - expected) <= tol:
        return Verdict(
            True, f"p-bar = {expected:.5f}: {100 * expected:.2f}% of orders in the baseline."
        )
    if abs(value - 100 * expected) <= 100 * tol:
        return Verdict(False, "That is a percentage; give p-bar as a fraction.")
    if abs(value - float((base["errors"] / base["orders"]).mean())) <= tol:
        return Verdict(
            False,
            "You averaged the daily proportions. With varying daily volumes p-bar is pooled: "
            "total errors / total orders over the baseline days.",
        )
    whole = _stage(SHIFT_STAGE)
    if abs(value - float(whole["errors"].sum() / whole["orders"].sum())) <= tol:
        return Verdict(
            False,
            f"That uses all days. Phase I is the first {PHASE1_DAYS} days only: the baseline "
            "must not include the period you want to judge.",
        )
    return Verdict(
        False, f"Sum the errors and the orders over the first {PHASE1_DAYS} days and divide."
    )


@LAB.exercise("ucl-first-day", reads=read_number)
def _ucl(value: float) -> Verdict:
    base = _phase1()
    p = float(base["errors"].sum() / base["orders"].sum())
    n = float(base["orders"].iloc[0])
    sigma = np.sqrt(p * (1 - p) / n)
    expected = p + 3 * sigma
    tol = 2e-5
    return judge_number(
        value,
        expected,
        tol=tol,
        right=f"UCL = {p:.5f} + 3 x sqrt({p:.5f} x {1 - p:.5f} / {n:.0f}) = {expected:.5f}. "
        "A busier day gets narrower limits.",
        mistakes=[
            Mistake(
                100 * expected, "That is a percentage; give the limit as a fraction.", tol=100 * tol
            ),
            Mistake(
                p + 3 * np.sqrt(p * (1 - p)),
                "Divide by the day's orders inside the square root: sqrt(p(1 - p)/n).",
            ),
            Mistake(p + 2 * sigma, "Control limits sit 3 sigma from the centre line, not 2."),
            Mistake(
                n * p + 3 * np.sqrt(n * p * (1 - p)),
                "That is the np-chart limit (a count); the p-chart limit is a proportion.",
                tol=0.01,
            ),
            Mistake(p - 3 * sigma, "That is the lower limit; the question asks for the upper one."),
        ],
        otherwise="UCL = p-bar + 3 sqrt(p-bar (1 - p-bar) / n) with the first day's orders as n.",
    )


@LAB.exercise("special-cause", reads=_as_date)
def _special(date: pd.Timestamp) -> Verdict:
    chart = p_chart(_stage(SPECIAL_STAGE), phase1=PHASE1_DAYS)
    out = chart[chart["rule_1"]]
    worst = out.loc[out["z"].idxmax()]
    if date == worst["date"]:
        return Verdict(
            True,
            f"{worst['date']:%A %d %B}: {int(worst['errors'])} payment errors, z = "
            f"{worst['z']:.1f}. A point this far out is no accident: ask what happened that "
            "day (it was the card provider's outage).",
        )
    if date in set(out["date"]):
        row = out[out["date"] == date].iloc[0]
        return Verdict(
            False,
            f"That day is beyond the limit too, but only just (z = {row['z']:.1f}). With about "
            "three payment errors expected a day the binomial is skewed, so a point slightly "
            "above 3 sigma turns up by chance every few months. Look for the day far beyond.",
        )
    return Verdict(False, "Look for the payment chart's rule-1 point furthest above the limit.")


@LAB.exercise("first-signal", reads=_as_date)
def _first_signal(date: pd.Timestamp) -> Verdict:
    chart = p_chart(_stage(SHIFT_STAGE), phase1=PHASE1_DAYS)
    phase2 = chart[chart["phase"] == "II"]
    sustained = sustained_signal(chart)
    if sustained is None:
        raise RuntimeError("the picking chart has no sustained signal on these data")
    first = pd.Timestamp(phase2.loc[phase2["signal"], "date"].iloc[0])
    if date == sustained:
        lag = (sustained - SCANNER_CHANGE).days
        when = f"{lag} day(s) after" if lag >= 0 else f"{-lag} day(s) before"
        return Verdict(
            True,
            f"{sustained:%A %d %B %Y}: it signals and so do the next {SUSTAINED_DAYS - 1} "
            f"days, {when} the scanner software went live on {SCANNER_CHANGE:%d %B}. A "
            "lasting change shows as signal after signal, not as one bad day.",
        )
    r4 = phase2.loc[phase2["rule_4"], "date"]
    mistakes = [
        Mistake(
            first,
            "That is the first signal of all, the colleague's date. It is not "
            f"followed by {SUSTAINED_DAYS - 1} more signalling days: one signal can be a "
            "false alarm.",
        ),
        Mistake(
            pd.Timestamp(r4.iloc[0]) if len(r4) else None,
            "That is the first rule-4 signal; other rules signalled earlier in the same run.",
        ),
    ]
    for mistake in mistakes:
        if mistake.value is not None and mistake.value != sustained and date == mistake.value:
            return Verdict(False, mistake.hint)
    if date < chart.loc[PHASE1_DAYS, "date"]:
        return Verdict(
            False, f"That date is in Phase I; look only at the days after the first {PHASE1_DAYS}."
        )
    return Verdict(
        False,
        f"Find the first Phase II day whose 'signal' is True on it and on the next "
        f"{SUSTAINED_DAYS - 1} days.",
    )


@LAB.exercise("phase-one", reads=read_number)
def _phase_one(value: float) -> Verdict:
    rows = _stage(SHIFT_STAGE)
    pooled_all = int(p_chart(rows)["rule_1"].sum())
    baseline = int(p_chart(rows, phase1=PHASE1_DAYS)["rule_1"].sum())
    if value == pooled_all:
        return Verdict(
            True,
            f"{pooled_all} days instead of {baseline}: estimated from all days, p-bar is pulled "
            "up by the shifted months, the limits widen, and the shift partly hides itself.",
        )
    if value == baseline:
        return Verdict(
            False,
            f"That is the count with the {PHASE1_DAYS}-day baseline; re-estimate p-bar from "
            "all days.",
        )
    return Verdict(False, "Make the chart without phase1 (p-bar from every day) and count rule_1.")


def _cycle() -> pd.DataFrame:
    return _stage(SHIFT_STAGE).dropna(subset=["cycle_minutes"]).reset_index(drop=True)


@LAB.exercise("mr-sigma", reads=read_number)
def _mr_sigma(value: float) -> Verdict:
    rows = _cycle()
    chart = individuals_chart(rows, value_col="cycle_minutes", phase1=PHASE1_DAYS)
    expected = float(chart["sigma"].iloc[0])
    tol = 1e-3
    if abs(value - expected) <= tol:
        return Verdict(True, f"sigma = mean moving range / 1.128 = {expected:.3f} minutes.")
    base = rows["cycle_minutes"].iloc[:PHASE1_DAYS]
    if abs(value - expected * D2_MOVING_RANGE) <= tol:
        return Verdict(False, "That is the mean moving range itself; divide it by d2 = 1.128.")
    if min(abs(value - base.std(ddof=1)), abs(value - base.std(ddof=0))) <= tol:
        return Verdict(
            False,
            "That is the standard deviation of the values. The individuals chart estimates "
            "sigma from the moving ranges, which a shift or drift hardly inflates.",
        )
    everything = individuals_chart(rows, value_col="cycle_minutes")["sigma"].iloc[0]
    if abs(value - float(everything)) <= tol:
        return Verdict(
            False, f"That uses all days; the baseline is the first {PHASE1_DAYS} measured days."
        )
    return Verdict(False, "Average |x_i - x_(i-1)| over the baseline days and divide by 1.128.")


def _minutes_chart() -> pd.DataFrame:
    return individuals_chart(_cycle(), value_col="cycle_minutes", phase1=PHASE1_DAYS)


@LAB.exercise("early-signals", reads=read_number)
def _early_signals(value: float) -> Verdict:
    chart = _minutes_chart()
    before = chart[chart["date"] < SCANNER_CHANGE]
    expected = int(before["signal"].sum())
    rules = [r for r in ("rule_1", "rule_2", "rule_3", "rule_4") if before[r].any()]
    beyond = int(before["rule_1"].sum())
    rules_text = ", ".join(r.replace("_", " ") for r in rules) or "no rule"
    return judge_number(
        value,
        expected,
        tol=0.01,
        right=f"{expected} day(s) before {SCANNER_CHANGE:%d %B} signal, under {rules_text}; "
        f"{beyond} point(s) lie beyond the 3-sigma limits. Run-rule signals without a point "
        "beyond the limits are weaker evidence, and with four rules over many days a few "
        "false alarms are expected: note them and ask, but do not date the change by them.",
        mistakes=[
            Mistake(
                int(before.loc[before["phase"] == "II", "signal"].sum()),
                "That counts only "
                "Phase II days; the question asks about every day before the change.",
            ),
            Mistake(
                beyond,
                "That counts only points beyond the limits (rule 1); count days "
                "flagged by any rule.",
            ),
            Mistake(
                int(chart["signal"].sum()),
                "That counts every signalling day; stop at the day before the scanner change.",
            ),
        ],
        otherwise=f"Count the days before {SCANNER_CHANGE:%Y-%m-%d} whose 'signal' is True.",
    )


@LAB.exercise("taguchi", reads=read_series, keys=["route_planning"], value="average_loss")
def _taguchi(series: pd.Series) -> Verdict:
    deliveries = load_dataset("service_deliveries")
    table = average_taguchi_loss(
        deliveries,
        value_col="arrival_minutes",
        target=DELIVERY_TARGET,
        tolerance=DELIVERY_TOLERANCE,
        cost_at_limit=DELIVERY_COST,
        by="route_planning",
    ).set_index("route_planning")
    expected = table["average_loss"]
    cut = [
        part
        for part, col in (("the lateness (bias)", "bias_loss"), ("the spread", "spread_loss"))
        if table.loc["optimised", col] < table.loc["manual", col]
    ]
    change = f"the optimiser cut {' and '.join(cut)}" if cut else "the optimiser cut neither"
    wrong_k = DELIVERY_COST / DELIVERY_TOLERANCE  # A / Delta, not A / Delta^2
    outside = deliveries.dropna(subset=["arrival_minutes"]).assign(
        out=lambda d: (d["arrival_minutes"] - DELIVERY_TARGET).abs() > DELIVERY_TOLERANCE
    )
    return judge_series(
        series,
        expected,
        tol=0.01,
        right=f"The same as average_taguchi_loss: GBP {expected['manual']:.2f} (manual) "
        f"against {expected['optimised']:.2f} (optimised) per delivery; {change}.",
        mistakes=[
            Mistake(
                table["spread_loss"],
                "You left out the bias: the loss is k (sigma^2 + (mean - T)^2).",
            ),
            Mistake(
                wrong_k * (table["sd"] ** 2 + table["bias"] ** 2),
                "k is A / Delta squared: 12 / 30^2, not 12 / 30.",
            ),
            Mistake(
                outside.groupby("route_planning")["out"].mean() * DELIVERY_COST,
                "That is the goalpost loss (cost only outside the slot). Taguchi's loss grows "
                "with every minute away from the target.",
            ),
        ],
        otherwise="Per delivery: k (arrival - T)^2 with k = A / Delta^2; then the mean per "
        "route_planning.",
    )
