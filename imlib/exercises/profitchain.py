"""Checkers for Lab 10, the service-profit chain (``notebooks/10-service-profit-chain.ipynb``).

Every expected answer is computed from Northbank's linked datasets (``branch_isq``,
``branch_people``, ``branch_tracker``, ``branch_money``) as :func:`imlib.load_dataset`
returns them, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import compare, read_name, read_name_set, read_number, read_series
from imlib.exercises._core import Lab, Mistake, Verdict, judge_choice, judge_number
from imlib.profitchain import IMOM_LEVELS, chain_table, imom_scorecard, link_estimate, propagate

__all__ = [
    "NORTHBANK_KPIS",
    "READINGS",
    "SIGNS",
    "VERDICTS",
    "WHAT_IF_BASE",
    "WHAT_IF_ELASTICITIES",
]

LAB = Lab("profitchain")
LEVEL_NAMES = [lv.name for lv in IMOM_LEVELS]
SIGNS = ["positive", "negative", "none"]
VERDICTS = ["supported", "too few to conclude", "contradicted"]
LOOPS = ["ISQ", "ESQ"]

#: The KPIs Northbank reports today (the scorecard exercise): kpi, level, loop, fed back.
NORTHBANK_KPIS = pd.DataFrame(
    {
        "kpi": [
            "isq_mean",
            "enps",
            "turnover_pct",
            "service_gap",
            "customer_retention_pct",
            "profit_per_customer",
        ],
        "level": [
            "Action",
            "Action",
            "Action",
            "Interface",
            "External environment",
            "Shared vision",
        ],
        "loop": ["ISQ", "ISQ", "ISQ", "ESQ", "ESQ", "none"],
        "fed_back": [False, False, False, True, True, True],
    }
)

#: The what-if exercise: a baseline and the elasticities the student starts from.
WHAT_IF_BASE = {
    "isq": 4.5,
    "climate": 3.2,
    "esq": 5.6,
    "customer_retention_pct": 96.5,
    "profit_per_customer": 10.0,
}
WHAT_IF_ELASTICITIES = {
    ("isq", "climate"): 0.6,
    ("climate", "esq"): 0.3,
    ("esq", "customer_retention_pct"): 0.1,
    ("customer_retention_pct", "profit_per_customer"): 4.0,
}


def _table() -> pd.DataFrame:
    names = ("branch_isq", "branch_people", "branch_tracker", "branch_money")
    return chain_table(*map(load_dataset, names))


def _sign(r: float) -> str:
    return "positive" if r > 0 else "negative"


@LAB.exercise("predict-turnover", reads=read_name, choices=SIGNS, what="sign")
def _predict_turnover(sign: str) -> Verdict:
    est = link_estimate(_table(), cause="climate", effect="turnover_pct", unit="branch-period")
    r = float(est["pearson"].iloc[0])
    expected = _sign(r)
    return judge_choice(
        sign,
        expected,
        right=f"Yes: across branch-quarters r = {r:+.2f}. Where the climate is better, fewer "
        "front-line staff leave, as the chain predicts (satisfied staff stay).",
        mistakes={
            "positive" if expected == "negative" else "negative": "Think about what a better "
            "climate does to people's wish to leave, then look at the sign of r in your estimate.",
            "none": f"The data show a clear link (r = {r:+.2f} over "
            f"{int(est['n'].iloc[0])} branch-quarters): which way does it run?",
        },
        otherwise="Answer 'positive', 'negative' or 'none'.",
    )


def _weighted_isq() -> pd.Series:
    return _table().set_index(["branch", "period"])["isq"].dropna().astype(float)


def _read_isq(answer: object) -> pd.Series:
    return read_series(answer, keys=["branch", "period"], value="isq")


@LAB.exercise("isq-received", reads=_read_isq)
def _isq_received(series: pd.Series) -> Verdict:
    series = series.dropna()  # a branch-quarter with no pulse may be left out or left empty
    expected = _weighted_isq()
    expected.index = pd.MultiIndex.from_tuples([tuple(map(str, k)) for k in expected.index])
    ok, where = compare(series, expected, tol=0.01)
    if ok:
        return Verdict(
            True,
            "Right: each department's mean counts by the number of staff who answered, and "
            "a department nobody rated that quarter drops out.",
        )
    isq = load_dataset("branch_isq")
    plain = isq.groupby(["branch", "period"])["isq_mean"].mean().dropna()
    plain.index = pd.MultiIndex.from_tuples([tuple(map(str, k)) for k in plain.index])
    if compare(series, plain, tol=0.01)[0]:
        return Verdict(
            False,
            "That is the plain mean of the three departments. Weight each department's mean "
            "by its responses: a rating from 30 staff should count more than one from 5.",
        )
    if len(series) < len(expected):
        return Verdict(
            False,
            f"Your table has {len(series)} branch-quarters with a value; the pulse gives "
            f"{len(expected)}. Drop only the departments nobody rated, not whole quarters.",
        )
    return Verdict(False, where or "Compare your table with the weighted mean described above.")


@LAB.exercise("six-branches", reads=read_name, choices=VERDICTS, what="verdict")
def _six_branches(verdict: str) -> Verdict:
    est = link_estimate(
        _table(), cause="customer_retention_pct", effect="profit_per_customer", unit="branch"
    ).iloc[0]
    r, p = float(est["pearson"]), float(est["p_value"])
    if p < 0.05:
        expected = "supported" if r > 0 else "contradicted"
    else:
        expected = "too few to conclude"
    detail = f"At six branches r = {r:+.2f} with a permutation p-value of {p:.3f}"
    return judge_choice(
        verdict,
        expected,
        right=f"{detail}: {est['verdict'].split(':')[0]}. The claim may well be true, but "
        "six branches cannot show it on their own unless the link is very strong.",
        mistakes={
            "supported": f"{detail}. A positive r is not enough with six points: how often "
            "would chance alone give one this large?",
            "contradicted": f"{detail}. Nothing here points the other way.",
            "too few to conclude": f"{detail}: small enough that chance is an unlikely "
            "explanation, even with six branches.",
        },
        otherwise="Answer one of: " + ", ".join(VERDICTS) + ".",
    )


@LAB.exercise(
    "lead-lag", reads=read_name, choices=["climate leads", "gap leads", "neither"], what="answer"
)
def _lead_lag(choice: str) -> Verdict:
    t = _table()
    lead = link_estimate(t, cause="climate", effect="esq_gap", lag=1, unit="within-branch")
    back = link_estimate(t, cause="esq_gap", effect="climate", lag=1, unit="within-branch")
    r_lead, r_back = float(lead["pearson"].iloc[0]), float(back["pearson"].iloc[0])
    p_lead = float(lead["p_value"].iloc[0])
    if p_lead < 0.05 and r_lead > r_back:
        expected = "climate leads"
    elif float(back["p_value"].iloc[0]) < 0.05 and r_back > r_lead:
        expected = "gap leads"
    else:
        expected = "neither"
    numbers = (
        f"climate -> next quarter's gap r = {r_lead:+.2f}; gap -> next quarter's climate "
        f"r = {r_back:+.2f} (both within branches)"
    )
    return judge_choice(
        choice,
        expected,
        right=f"Yes: {numbers}. A lead in time is consistent with the chain, but it is not "
        "proof: something else could move both (Schneider et al. 1998 found effects both ways).",
        mistakes={
            "climate leads": f"Not on these data: {numbers}.",
            "gap leads": f"Not on these data: {numbers}.",
            "neither": f"Compare the two numbers: {numbers}.",
        },
        otherwise="Answer 'climate leads', 'gap leads' or 'neither'.",
    )


LAB.choice(
    "kpi-level",
    "Interface",
    reads=read_name,
    choices=LEVEL_NAMES,
    what="level",
    right="Yes: discretion to respond to a customer on the spot belongs to the interface "
    "level, where service encounters happen.",
    mistakes={
        "Action": "Close: Action covers service delivery and ISQ improvement by part-time "
        "marketers, but latitude for discretionary decisions with customers is placed at "
        "the interface.",
        "External environment": "The external environment is customers and competitors "
        "themselves; the KPI measures what staff may do in the encounter.",
        "Planning": "Planning sets process objectives and action plans; this KPI measures "
        "the encounter itself.",
    },
    otherwise="Read the content of each level in the figure: where do encounters happen?",
)


LAB.choice(
    "complaint-loop",
    "ESQ",
    reads=read_name,
    choices=LOOPS,
    what="loop",
    right="Yes: a customer's complaint is the voice of the customer, so it feeds the "
    "external service quality loop. An adviser's complaint about Lending operations "
    "would feed the ISQ loop.",
    mistakes={
        "ISQ": "The cause may be inside the bank, but who is speaking? The ISQ loop "
        "carries the voice of internal customers and processes."
    },
    otherwise="Answer 'ISQ' or 'ESQ'.",
)


@LAB.exercise("unmeasured-levels", reads=read_name_set, choices=LEVEL_NAMES, what="level")
def _unmeasured(levels: set[str]) -> Verdict:
    card = imom_scorecard(NORTHBANK_KPIS)
    expected = set(card.loc[(card["kind"] == "level") & (card["status"] == "no measure"), "part"])
    if levels == expected:
        return Verdict(
            True,
            "Right: Northbank measures the bottom and the top of the cascade but not the "
            "middle, so nothing tells it whether strategy is deployed and planned.",
        )
    extra = levels - expected
    if extra:
        return Verdict(False, f"{sorted(extra)[0]} has a KPI in the table: look again.")
    return Verdict(False, f"You found {len(levels)} of {len(expected)}; one more has no KPI.")


@LAB.exercise("loop-without-feedback", reads=read_name, choices=LOOPS, what="loop")
def _loop_without_feedback(loop: str) -> Verdict:
    card = imom_scorecard(NORTHBANK_KPIS)
    loops = card[card["kind"] == "loop"].set_index("part")["status"]
    unfed = [k for k, v in loops.items() if v == "measured, no feedback"]
    expected = unfed[0] if unfed else "none"
    return judge_choice(
        loop,
        expected,
        right=f"Yes: the {expected} loop is measured but its results go back to nobody who can "
        "act, so it is not yet a loop.",
        mistakes={k: f"The {k} loop's results are fed back; look at fed_back." for k in LOOPS},
        otherwise="Answer 'ISQ' or 'ESQ'.",
    )


@LAB.exercise("what-if", reads=read_number)
def _what_if(value: float) -> Verdict:
    halved = dict(WHAT_IF_ELASTICITIES)
    halved[("climate", "esq")] /= 2
    out = propagate(WHAT_IF_BASE, isq_change_pct=10, elasticities=halved)
    expected = float(out["change_pct"].iloc[-1])
    full = float(
        propagate(WHAT_IF_BASE, isq_change_pct=10, elasticities=WHAT_IF_ELASTICITIES)[
            "change_pct"
        ].iloc[-1]
    )
    added = 10 * sum(halved.values())
    return judge_number(
        value,
        expected,
        tol=0.005,
        right=f"Right: 10% x {' x '.join(f'{e:g}' for e in halved.values())} = {expected:.2f}%. "
        "Halving one elasticity halves the end result: every link's assumption carries "
        "straight through to profit, which is why this is a simulation, not a forecast.",
        mistakes=[
            Mistake(
                full,
                "That is the change with the original elasticities; halve the "
                "climate -> esq elasticity first.",
            ),
            Mistake(
                added, "You added the elasticities; along a chain the percentage changes multiply."
            ),
            Mistake(
                expected / 100,
                "That is a fraction; give the change in percent.",
                tol=0.0001,
            ),
        ],
        otherwise="Use propagate with the halved elasticity and read the last change_pct.",
    )


#: The ecological exercise's three readings of a branch-level correlation.
READINGS = {
    "a": "each employee who receives better internal service serves customers better",
    "b": "branches whose staff receive better internal service tend to have customers who "
    "perceive better service",
    "c": "raising a branch's ISQ by one point will raise its customers' perceptions by the slope",
}


LAB.choice(
    "ecological",
    "b",
    reads=read_name,
    choices=list(READINGS),
    what="reading",
    right="Yes: a correlation across branches describes branches. It says nothing "
    "about individuals (that would be the ecological fallacy) and, without an "
    "experiment, nothing about what a change would cause.",
    mistakes={
        "a": "That is a claim about individuals; six branch means cannot show it (the "
        "ecological fallacy). Linkage studies measure at unit level for this reason.",
        "c": "That is a causal claim. An observed slope across six branches is not the "
        "effect of an intervention: other differences between branches move both.",
    },
    otherwise="Answer 'a', 'b' or 'c'.",
)
