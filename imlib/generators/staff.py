"""Northbank's people: a staff climate survey, monthly headcount and a volunteer-group case.

The causal story, fixed for every seed (the seed changes only the noise):

* Northbank (the bank of Lab 3) is about to launch a *service promise*: loan decisions
  within 48 hours. Before it does, HR and marketing survey the internal market.
* **Lending operations**, the back-office department that processes loans, moved to a new
  system (the same migration that hurt Riverside's reliability in Lab 3). Its internal
  service is slow and error-prone: staff who depend on it rate it poorly, and the front
  line, which meets the customers, feels it most. Their internal-service and
  communication scores, their eNPS and their wish to stay all suffer.
* The front line (branch network, contact centre, business banking advisers) mostly
  welcomes the promise; Lending operations, where the extra work lands, is the most
  sceptical; long-serving staff are a little more sceptical ("another initiative").
* The branch network and the contact centre lose staff fastest; Lending operations loses
  more than the other back-office departments.
* The recognition scale holds together less well than the others: its pay item (q14)
  measures something different from recognition.
* About 2.5% of item answers are missing, 4% skip the eNPS question and 3% skip the
  internal supplier rating.

``knowledge_case_events`` is the log of one cycle of volunteer "promise teams" working
on the 48-hour promise, written for the Ballantyne lab.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from imlib.generators import Column, Generator
from imlib.generators._common import count_column, headcount_flow, text_column
from imlib.generators.northbank import (
    _FRONT_LINE,
    BRANCHES,
    STAFF_SURVEY_PERIOD,
    branch_climate_shift,
    lending_isq_shift,
)
from imlib.staff import CLIMATE_ITEMS, CLIMATE_SCALE

__all__ = [
    "DEPARTMENTS",
    "KNOWLEDGE_CASE_EVENTS",
    "MONTHS",
    "STAFF_HEADCOUNT",
    "STAFF_SURVEY",
]

#: Department -> (survey size, share of front-line staff).
DEPARTMENTS: dict[str, tuple[int, float]] = {
    "Branch network": (220, 0.9),
    "Contact centre": (120, 1.0),
    "Business banking": (70, 0.6),
    "Lending operations": (90, 0.0),
    "Account services": (70, 0.0),
    "IT and change": (50, 0.0),
}
SUPPLIERS = ("Lending operations", "Account services", "IT and change")
#: Department -> probabilities of depending most on each supplier (SUPPLIERS order).
_SUPPLIER_MIX = {
    "Branch network": (0.55, 0.3, 0.15),
    "Contact centre": (0.3, 0.5, 0.2),
    "Business banking": (0.7, 0.15, 0.15),
    "Lending operations": (0.0, 0.35, 0.65),
    "Account services": (0.3, 0.0, 0.7),
    "IT and change": (0.2, 0.8, 0.0),
}
_SUPPLIER_QUALITY = {"Lending operations": 3.3, "Account services": 5.2, "IT and change": 4.9}
MONTHS = tuple(f"2025-{m:02d}" for m in range(1, 13))
#: Monthly probability that an employee leaves, by department.
_BRANCH_CLIMATE_WEIGHT = 0.8  # engagement points per point of the branch's latent climate
_HAZARD = {
    "Branch network": 0.021,
    "Contact centre": 0.026,
    "Business banking": 0.008,
    "Lending operations": 0.016,
    "Account services": 0.007,
    "IT and change": 0.009,
}
_START = {
    "Branch network": 236,
    "Contact centre": 131,
    "Business banking": 74,
    "Lending operations": 96,
    "Account services": 73,
    "IT and change": 52,
}


def _generate_survey(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 11])
    dept = np.repeat(np.array(list(DEPARTMENTS)), [s for s, _ in DEPARTMENTS.values()])
    n = len(dept)
    front_share = np.array([DEPARTMENTS[d][1] for d in dept])
    front = rng.random(n) < front_share
    role = np.where(front, "front_line", "back_office")
    tenure = np.clip(np.round(rng.lognormal(1.35, 0.85, n), 1), 0.1, 41.0)
    supplier = np.array([SUPPLIERS[rng.choice(3, p=_SUPPLIER_MIX[d])] for d in dept], dtype=object)
    engagement = rng.normal(0.0, 0.55, n)
    # the connected case: Branch network staff work at one of the six branches (own stream)
    at_branch = dept == "Branch network"
    where = np.random.default_rng([seed, 11, 1]).choice(len(BRANCHES), size=n)
    branch = np.where(at_branch, np.array(BRANCHES, dtype=object)[where], None)
    climate_shift = branch_climate_shift(seed, STAFF_SURVEY_PERIOD)
    engagement = engagement + np.array(
        [_BRANCH_CLIMATE_WEIGHT * climate_shift[b] if b else 0.0 for b in branch]
    )
    felt = _felt_supplier_quality(seed, branch, supplier, front)
    isq = felt + 0.5 * engagement + rng.normal(0, 0.8, n)
    isq_gap = isq - 4.6  # how far the service received falls below the bank's norm
    means = _dimension_means(dept, front, tenure, engagement, isq_gap)
    items = _climate_answers(rng, means, engagement)
    promoter_pull = 7.3 + 2.0 * engagement + 0.7 * isq_gap * front + rng.normal(0, 1.4, n)
    enps = np.clip(np.round(promoter_pull), 0, 10).astype(float)
    enps[rng.random(n) < 0.04] = np.nan
    logit = -1.6 - 2.0 * engagement - 0.35 * isq_gap * front - 0.02 * tenure
    leave = rng.random(n) < 1 / (1 + np.exp(-logit))
    isq_rating = np.clip(np.round(isq), 1, 7)
    isq_rating[rng.random(n) < 0.03] = np.nan
    people = {
        "employee_id": "",
        "department": dept,
        "branch": branch,
        "period": STAFF_SURVEY_PERIOD,
        "role": role,
        "tenure_years": tenure,
        "supplier_department": supplier,
        "isq_rating": isq_rating,
    }
    outcomes = pd.DataFrame({"enps": enps, "intend_to_leave": leave})
    frame = pd.concat([pd.DataFrame(people), items, outcomes], axis=1)
    frame = frame.iloc[rng.permutation(n)].reset_index(drop=True)
    frame["employee_id"] = [f"E{k:04d}" for k in range(1, n + 1)]
    for col in ["isq_rating", "enps"] + [i.column for i in CLIMATE_ITEMS]:
        frame[col] = frame[col].astype("Int64")
    return frame


def _felt_supplier_quality(
    seed: int, branch: np.ndarray, supplier: np.ndarray, front: np.ndarray
) -> np.ndarray:
    """The internal service each employee receives from their supplier (before noise)."""
    lending_shift = lending_isq_shift(seed, STAFF_SURVEY_PERIOD)
    felt = np.array([_SUPPLIER_QUALITY[s] for s in supplier])
    felt = felt + np.array(
        [
            lending_shift[b] if b and s == "Lending operations" else 0.0
            for b, s in zip(branch, supplier, strict=True)
        ]
    )
    # the front line feels a weak internal supplier more: customers see the result
    return felt - np.where(front & (supplier == "Lending operations"), 0.5, 0.0)


def _dimension_means(
    dept: np.ndarray,
    front: np.ndarray,
    tenure: np.ndarray,
    engagement: np.ndarray,
    isq_gap: np.ndarray,
) -> dict[str, np.ndarray]:
    """Each employee's expected score on every climate dimension."""
    lending = dept == "Lending operations"
    return {
        "internal_service": 3.55 + 0.45 * isq_gap + 0.25 * engagement,
        "communication": 3.3 + 0.5 * engagement + 0.15 * isq_gap - 0.15 * front,
        "development": 3.45 + 0.55 * engagement - 0.1 * (dept == "Contact centre"),
        "recognition": 3.15 + 0.55 * engagement - 0.2 * lending,
        "change_attitude": 3.35
        + 0.55 * engagement
        + 0.35 * front
        - 0.75 * lending
        - 0.02 * np.minimum(tenure, 25),
    }


def _climate_answers(
    rng: np.random.Generator, means: dict[str, np.ndarray], engagement: np.ndarray
) -> pd.DataFrame:
    """The 18 climate items (reverse-worded ones reversed), with 2.5% missing."""
    n = len(engagement)
    # each employee's own level on each dimension, beyond their general engagement
    own = {d: rng.normal(0.0, 0.5, n) for d in means}
    low, high = CLIMATE_SCALE
    answers = {}
    for item in CLIMATE_ITEMS:
        noise = 0.55
        centre = means[item.dimension] + own[item.dimension]
        if item.column == "q14":  # pay fairness: mostly its own thing, weakly tied
            centre = 2.9 + 0.1 * engagement + rng.normal(0, 0.7, n)
            noise = 0.75
        agree = centre + rng.normal(0, noise, n)
        value = np.clip(np.round(agree), low, high)
        if item.reverse:
            value = low + high - value
        answers[item.column] = value
    return pd.DataFrame(answers).mask(rng.random((n, len(CLIMATE_ITEMS))) < 0.025)


def _branch_start() -> dict[str, int]:
    """Branch network's 1 January headcount split over the branches (their front-line sizes)."""
    total = _START["Branch network"]
    sizes = np.array([_FRONT_LINE[b] for b in BRANCHES], dtype=float)
    exact = total * sizes / sizes.sum()
    start = np.floor(exact).astype(int)
    start[np.argsort(start - exact)[: total - start.sum()]] += 1  # largest remainders
    return dict(zip(BRANCHES, start.tolist(), strict=True))


def _split_branches(rng: np.random.Generator, total: dict, state: dict) -> list[dict]:
    """Split one month of Branch network's totals into one row per branch (sums unchanged)."""
    heads = np.array([state["headcount"][b] for b in BRANCHES])
    cohorts = np.array([state["cohort"][b] for b in BRANCHES])
    cohort_out = rng.multivariate_hypergeometric(cohorts, total["cohort_leavers"])
    other_out = rng.multivariate_hypergeometric(
        heads - cohorts, total["leavers"] - total["cohort_leavers"]
    )
    hires = rng.multinomial(total["hires"], heads / heads.sum())
    rows = []
    for k, b in enumerate(BRANCHES):
        leavers = int(cohort_out[k] + other_out[k])
        end = int(heads[k] + hires[k] - leavers)
        rows.append(
            total
            | {
                "branch": b,
                "headcount_start": int(heads[k]),
                "hires": int(hires[k]),
                "leavers": leavers,
                "cohort_leavers": int(cohort_out[k]),
                "headcount_end": end,
            }
        )
        state["headcount"][b] = end
        state["cohort"][b] -= int(cohort_out[k])
    return rows


def _generate_headcount(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 12])
    split_rng = np.random.default_rng([seed, 12, 1])  # own stream: department totals unchanged
    start = _branch_start()
    state = {"headcount": dict(start), "cohort": dict(start)}
    rows = []
    for dept, hazard in _HAZARD.items():
        headcount = _START[dept]
        cohort = headcount  # staff employed on 1 January still on the payroll
        last_leavers = round(hazard * headcount)
        for month in MONTHS:
            season = 1.35 if month in ("2025-01", "2025-09") else 1.0  # after bonus / summer
            leavers = int(rng.poisson(hazard * season * headcount))
            leavers = min(leavers, headcount)
            cohort_leavers = int(rng.hypergeometric(cohort, headcount - cohort, leavers))
            hires = int(rng.poisson(0.85 * last_leavers + 0.3))
            end = headcount + hires - leavers
            row = {
                "department": dept,
                "branch": None,
                "month": month,
                "headcount_start": headcount,
                "hires": hires,
                "leavers": leavers,
                "cohort_leavers": cohort_leavers,
                "headcount_end": end,
            }
            rows += _split_branches(split_rng, row, state) if dept == "Branch network" else [row]
            cohort -= cohort_leavers
            headcount, last_leavers = end, leavers
    return pd.DataFrame(rows)


_LIKERT = "points (1-5 agreement)"


#: The survey's key and background columns, before the climate items.
_SURVEY_KEYS = (
    text_column("employee_id", "E0001..", "employee identifier (anonymised)"),
    text_column("department", ", ".join(DEPARTMENTS), "department"),
    text_column(
        "branch",
        ", ".join(BRANCHES) + " or missing (not based in a branch)",
        "the branch a Branch network employee works at (key); missing for other departments",
    ),
    Column("period", "string", "YYYY-Qn", STAFF_SURVEY_PERIOD, "survey quarter (key)"),
    text_column(
        "role",
        "front_line, back_office",
        "front line (meets customers) or back office (supports those who do)",
    ),
    Column("tenure_years", "float", "years", "0.1-41", "years with Northbank"),
    text_column(
        "supplier_department",
        ", ".join(SUPPLIERS),
        "the internal supplier department the employee depends on most",
    ),
    Column(
        "isq_rating",
        "int",
        "points (1-7 rating)",
        "1-7 or missing",
        "rating of the service received from supplier_department (1 very poor, 7 excellent)",
    ),
)
#: The outcome columns after the climate items.
_SURVEY_OUTCOMES = (
    Column(
        "enps",
        "int",
        "points (0-10)",
        "0-10 or missing",
        "How likely are you to recommend Northbank as a place to work?",
    ),
    Column(
        "intend_to_leave",
        "bool",
        "",
        "True/False",
        "says they intend to leave Northbank within 12 months",
    ),
)


def _survey_columns() -> tuple[Column, ...]:
    cols = list(_SURVEY_KEYS)
    for item in CLIMATE_ITEMS:
        rev = " (negatively worded: reverse before scoring)" if item.reverse else ""
        cols.append(
            Column(
                item.column,
                "int",
                _LIKERT,
                "1-5 or missing",
                f"{item.dimension.replace('_', ' ')}: '{item.wording}'{rev}",
            )
        )
    cols += _SURVEY_OUTCOMES
    return tuple(cols)


STAFF_SURVEY = Generator(
    name="staff_survey",
    title="Northbank staff climate survey before the service promise (synthetic)",
    story=(
        "620 Northbank employees in six departments answer an 18-item climate survey (internal "
        "service, communication, development, recognition, attitude to the planned 48-hour "
        "service promise), rate the internal department they depend on most, answer the eNPS "
        "question and say whether they intend to leave. Lending operations, after a system "
        "migration, gives poor internal service, and the front line feels it most. Keys: "
        "employee_id (one row each); department (the supplier_department of branch_isq); "
        "branch for Branch network staff (Riverside's staff, whose loans were migrated first, "
        "rate Lending operations lowest); period 2025-Q2. Synthetic: drawn from the seeded "
        "Northbank world (imlib.generators.northbank)."
    ),
    module="imlib.generators.staff",
    columns=_survey_columns(),
    generate=_generate_survey,
)

STAFF_HEADCOUNT = Generator(
    name="staff_headcount",
    title="Northbank monthly headcount, hires and leavers by department, 2025 (synthetic)",
    story=(
        "For each department and month of 2025 (the branch network: each branch and month): "
        "headcount on the first and last day, hires, leavers, and how many leavers had "
        "already been employed on 1 January (for cohort retention). Sum a department's rows "
        "per month for its totals. The branch network and contact centre lose staff fastest; "
        "Lending operations loses more than the other back-office departments. Keys: "
        "department, branch (Branch network rows; missing for other departments), month."
    ),
    module="imlib.generators.staff",
    columns=(
        text_column("department", ", ".join(DEPARTMENTS), "department"),
        text_column(
            "branch",
            ", ".join(BRANCHES) + " or missing (not based in a branch)",
            "the branch of a Branch network row (key: joins branch_people); missing for other "
            "departments",
        ),
        Column("month", "string", "YYYY-MM", f"{MONTHS[0]}..{MONTHS[-1]}", "calendar month"),
        *headcount_flow("month", start="headcount on the first day"),
        count_column(
            "cohort_leavers",
            "employees",
            "leavers who had been employed on 1 January 2025",
            allowed="0..leavers",
        ),
        count_column(
            "headcount_end", "employees", "headcount on the last day (= start + hires - leavers)"
        ),
    ),
    generate=_generate_headcount,
)


# One cycle of the volunteer promise teams: (phase, exchange, purpose, day offset, text).
_EVENTS = [
    (
        "energising",
        "hierarchical",
        "share",
        0,
        "The head of retail invites volunteers from branches, the contact centre and lending "
        "operations to join 'promise teams' on the 48-hour loan decision.",
    ),
    (
        "energising",
        "hierarchical",
        "acquire",
        9,
        "Head office sends the volunteers last year's complaint statistics and mystery-shopper "
        "results on loan decisions.",
    ),
    (
        "energising",
        "relational",
        "acquire",
        16,
        "At the first meeting, volunteers from five departments agree a shared goal: a "
        "decision the customer can plan around.",
    ),
    (
        "energising",
        "relational",
        "share",
        23,
        "The team agrees its ground rules: no blame, meetings in work time, anyone may raise "
        "a problem.",
    ),
    (
        "code_breaking",
        "relational",
        "acquire",
        37,
        "Branch advisers and lending processors map a loan application step by step together "
        "and find eleven hand-offs.",
    ),
    (
        "code_breaking",
        "relational",
        "share",
        44,
        "A lending processor explains the informal workaround used when documents are "
        "missing; the branch staff had never heard of it.",
    ),
    (
        "code_breaking",
        "hierarchical",
        "acquire",
        52,
        "At the team's request, the operations research unit times every step of 60 recent "
        "applications.",
    ),
    (
        "code_breaking",
        "relational",
        "acquire",
        60,
        "The team designs a document checklist for the first appointment and a shared "
        "tracking screen.",
    ),
    (
        "code_breaking",
        "relational",
        "share",
        66,
        "Contact-centre volunteers run a listen-in session for lending staff on what "
        "customers ask about delays.",
    ),
    (
        "authorising",
        "hierarchical",
        "share",
        80,
        "The team presents its costed options to the retail credit committee.",
    ),
    (
        "authorising",
        "hierarchical",
        "acquire",
        88,
        "The committee refuses the tracking screen (cost, IT capacity) and asks for a "
        "cheaper way to keep customers informed.",
    ),
    (
        "code_breaking",
        "relational",
        "acquire",
        99,
        "Volunteers from IT join the team and redesign the idea as a status text message "
        "sent by the existing lending system.",
    ),
    (
        "authorising",
        "hierarchical",
        "share",
        114,
        "The committee approves the checklist and the status messages, with a budget and a "
        "pilot in two branches.",
    ),
    (
        "authorising",
        "hierarchical",
        "share",
        121,
        "Compliance signs off the wording of the checklist and the messages.",
    ),
    (
        "diffusion",
        "hierarchical",
        "share",
        135,
        "The checklist and the status messages become written procedure in the lending manual.",
    ),
    (
        "diffusion",
        "relational",
        "share",
        149,
        "Pilot-branch volunteers run skills workshops on the checklist for advisers from "
        "other branches.",
    ),
    (
        "diffusion",
        "hierarchical",
        "acquire",
        163,
        "Head office starts measuring decision times every month in every branch.",
    ),
    (
        "diffusion",
        "relational",
        "share",
        170,
        "Pilot volunteers join other branches' team huddles to answer questions about the "
        "new routine.",
    ),
    (
        "diffusion",
        "relational",
        "acquire",
        184,
        "Lending processors and advisers meet to review the first month's cases and agree "
        "two fixes between themselves.",
    ),
    (
        "energising",
        "relational",
        "acquire",
        198,
        "New volunteers sign up for a second promise team on small-business accounts.",
    ),
]


#: Where each event of ``_EVENTS`` took place: a branch, or None for head-office and
#: bank-wide events. The team maps the loan process at Riverside, whose loans were migrated
#: first; the pilot runs at Riverside and Northgate; pilot volunteers visit Harbour's huddles.
_EVENT_BRANCH = (
    None,  # E01
    None,  # E02
    None,  # E03
    None,  # E04
    "Riverside",  # E05
    "Riverside",  # E06
    None,  # E07
    None,  # E08
    None,  # E09
    None,  # E10
    None,  # E11
    None,  # E12
    None,  # E13
    None,  # E14
    None,  # E15
    "Riverside",  # E16
    None,  # E17
    "Harbour",  # E18
    "Northgate",  # E19
    None,  # E20
)


def _generate_events(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 13])
    start = np.datetime64("2025-02-03")
    offsets = np.array([e[3] for e in _EVENTS]) + rng.integers(0, 5, len(_EVENTS))
    offsets = np.maximum.accumulate(offsets)  # jitter never reorders the log
    relational = np.array([e[1] == "relational" for e in _EVENTS])
    participants = np.where(
        relational, rng.integers(6, 16, len(_EVENTS)), rng.integers(2, 8, len(_EVENTS))
    )
    departments = np.minimum(
        participants,
        np.where(relational, rng.integers(3, 6, len(_EVENTS)), rng.integers(1, 3, len(_EVENTS))),
    )
    return pd.DataFrame(
        {
            "event_id": [f"E{k:02d}" for k in range(1, len(_EVENTS) + 1)],
            "date": (start + offsets.astype("timedelta64[D]")).astype("datetime64[s]"),
            "branch": np.array(_EVENT_BRANCH, dtype=object),
            "description": [e[4] for e in _EVENTS],
            "participants": participants,
            "departments": departments,
            "exchange": [e[1] for e in _EVENTS],
            "purpose": [e[2] for e in _EVENTS],
            "phase": [e[0] for e in _EVENTS],
        }
    )


KNOWLEDGE_CASE_EVENTS = Generator(
    name="knowledge_case_events",
    title="Northbank promise teams: the log of one knowledge-renewal cycle (synthetic)",
    story=(
        "The facilitator's log of Northbank's volunteer 'promise teams', which worked on the "
        "48-hour loan decision: 20 events from the invitation to volunteers to the start of a "
        "second team. For each event: how knowledge moved (through the hierarchy or through "
        "voluntary relationships), whether it was acquired or shared, and the phase the "
        "facilitator recorded. The credit committee refuses the first proposal, and the team "
        "goes back to code breaking. Key: branch, where the event took place (Riverside, "
        "whose loans were migrated first, and the pilot branches; missing for head-office and "
        "bank-wide events)."
    ),
    module="imlib.generators.staff",
    columns=(
        text_column("event_id", "E01..E20", "event identifier, in time order"),
        Column("date", "datetime", "YYYY-MM-DD", "2025-02..2025-09", "date of the event"),
        text_column(
            "branch",
            ", ".join(BRANCHES) + " or missing (head office or bank-wide)",
            "the branch where the event took place (key: joins branch_people); missing for "
            "head-office and bank-wide events",
        ),
        text_column("description", "text", "what happened, from the facilitator's log"),
        Column("participants", "int", "people", "2-15", "people taking part"),
        Column("departments", "int", "departments", "1-5", "departments they came from"),
        text_column(
            "exchange",
            ", ".join(("hierarchical", "relational")),
            "how knowledge moved: through the line hierarchy or voluntary relationships",
        ),
        text_column(
            "purpose",
            "acquire, share",
            "whether knowledge was acquired or created, or shared with others",
        ),
        text_column(
            "phase",
            "energising, code_breaking, authorising, diffusion",
            "the phase of the internal marketing cycle recorded by the facilitator",
        ),
    ),
    generate=_generate_events,
)
