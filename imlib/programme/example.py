"""The kit's worked model plan, as data."""

from __future__ import annotations

import copy

from imlib._validation import validate_params
from imlib.programme.model import Activity, Objective, Plan, Risk, Segment

__all__ = ["example_plan"]

front, lending, managers = "Front-line advisers", "Lending operations", "Line managers"
_EXAMPLE = Plan(
    title="The 48-hour promise: internal marketing programme",
    organisation="Northbank (synthetic case)",
    author="Model answer, internal marketing kit",
    budget=62_000.0,
    notes=(
        "Before Northbank promises customers a loan decision within 48 hours, the people "
        "who must keep the promise have to want it and be able to keep it. The staff "
        "survey shows a weak internal supplier (Lending operations), a front line that "
        "feels it, and most of the opposition inside Lending operations itself."
    ),
    objectives=[
        Objective(
            "Faster loan decisions",
            "Share of loan decisions made within 48 hours (%)",
            40.0,
            85.0,
            "2026-12-31",
        ),
        Objective(
            "Better internal service from Lending operations",
            "Mean rating of Lending operations by its internal customers (1-7)",
            2.9,
            4.5,
            "2026-09-30",
        ),
        Objective(
            "Front line recommends Northbank as a place to work",
            "Front-line eNPS (points)",
            -27.0,
            0.0,
            "2026-12-31",
        ),
    ],
    segments=[
        Segment(
            front,
            "Branch, contact-centre and business-banking staff who meet customers; mostly "
            "supporters of the promise, frustrated by slow internal service.",
            350,
            "A promise they can make with confidence, a checklist and status messages "
            "that keep customers informed.",
            "Time to learn the checklist; giving up informal 'chasing' routines.",
            "Branch briefings by their own managers; a feedback channel to the promise teams.",
            "Team huddles, branch workshops run by pilot volunteers.",
        ),
        Segment(
            lending,
            "Back-office loan processors; the most sceptical group, where the extra work lands.",
            90,
            "Fewer incomplete applications and rework; a say in how the promise is met.",
            "Changing familiar procedures; the visibility of monthly decision times; "
            "fear of blame.",
            "Two-way sessions with the head of lending; shared dashboards; "
            "listen-in sessions with the contact centre.",
            "Promise teams in work time; joint process-mapping workshops with advisers.",
        ),
        Segment(
            managers,
            "Branch and department managers who authorise changes and set priorities.",
            60,
            "A programme that improves their unit's results and their people's climate.",
            "Management time for promise teams; letting volunteers question procedures.",
            "Leadership briefings; progress reports against the objectives.",
            "Monthly management meeting; the credit committee.",
        ),
    ],
    activities=[
        Activity(
            "Invite volunteers to promise teams",
            [front, lending],
            "energising",
            "leadership",
            2_000.0,
            "Head of retail",
        ),
        Activity(
            "Share the diagnostics with all staff",
            [front, lending, managers],
            "energising",
            "feedback",
            3_000.0,
            "HR business partner",
        ),
        Activity(
            "Joint process-mapping workshops",
            [front, lending],
            "code_breaking",
            "culture",
            12_000.0,
            "Promise team facilitator",
        ),
        Activity(
            "Listen-in sessions with the contact centre",
            [lending],
            "code_breaking",
            "feedback",
            4_000.0,
            "Contact-centre manager",
        ),
        Activity(
            "Costed proposals to the credit committee",
            [managers],
            "authorising",
            "leadership",
            1_500.0,
            "Head of lending",
        ),
        Activity(
            "Checklist and status-message training",
            [front, lending],
            "diffusion",
            "training",
            25_000.0,
            "Learning and development",
        ),
        Activity(
            "'We keep our promise' internal campaign",
            [front, lending, managers],
            "diffusion",
            "internal_branding",
            8_000.0,
            "Internal communications",
        ),
        Activity(
            "Monthly decision-time feedback to every team",
            [front, lending, managers],
            "diffusion",
            "feedback",
            6_500.0,
            "Operations research unit",
        ),
    ],
    risks=[
        Risk(
            "Lending operations sees the promise as blame for past delays.",
            "Involve processors from the start; measure the process, not individuals.",
        ),
        Risk(
            "Managers do not release staff time for the promise teams.",
            "Credit committee sponsors the teams; time budgeted as an activity cost.",
        ),
        Risk(
            "Customers hear the promise before the process can keep it.",
            "Launch externally only after the pilot meets 48 hours for two months.",
        ),
    ],
)
del front, lending, managers


@validate_params({})
def example_plan() -> Plan:
    """The kit's worked model plan for Northbank's 48-hour service promise.

    The eNPS and internal-service baselines are the shipped case data's values, rounded;
    the lab recomputes them from the data. The decision-time baseline is assumed for the
    case (no dataset records it).

    Examples
    --------
    >>> plan = example_plan()
    >>> [s.name for s in plan.segments]
    ['Front-line advisers', 'Lending operations', 'Line managers']
    >>> sum(a.cost for a in plan.activities) == plan.budget
    True
    """
    return copy.deepcopy(_EXAMPLE)
