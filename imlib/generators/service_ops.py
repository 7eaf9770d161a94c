"""Greenbasket: an online grocer's home-delivery operation (synthetic).

The causal story, fixed for every seed (the seed changes only the noise):

* Every order passes the same ten stages, from order entry to invoicing. Each stage slips
  on a small share of orders (0.2% to 1.2%), a little more on busy days, and the daily
  error counts scatter a little more than pure chance would (extra-binomial noise).
* On Wednesday 12 March 2025 the card-payment provider had an outage: payment errors
  jump for that one day (a **special cause**).
* From Monday 14 April 2025 the warehouse uses new hand-held scanner software. Picking
  errors rise from about 1.2% to about 1.9% of orders and picking takes about 1.5 minutes
  longer per order, and both stay there (a **sustained shift**).
* Customers complain about some of the slips they meet. Picking and delivery slips
  surface at the doorstep, so they dominate the complaints; some complaints concern
  policies (charges, substitution rules) rather than any slip, and 5% cannot be traced
  to a stage.
* Deliveries arrive within one-hour slots; the ideal is the middle of the slot. Route
  planning moved from a manual plan to an optimising planner on 5 May 2025: arrivals
  become less late on average and much less spread out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from imlib.generators import Column, Generator
from imlib.generators._common import text_column

__all__ = [
    "BLUEPRINT_STEPS",
    "OUTAGE_DATE",
    "ROUTING_CHANGE_DATE",
    "SERVICE_BLUEPRINT",
    "SERVICE_COMPLAINTS",
    "SERVICE_DELIVERIES",
    "SERVICE_PROCESS_LOG",
    "SHIFT_DATE",
    "STAGES",
]

#: The ten stages every order passes, in order: (stage, description, base error rate).
STAGES: tuple[tuple[str, str, float], ...] = (
    ("order_entry", "order taken on the website or app", 0.004),
    ("payment", "card payment authorised", 0.003),
    ("stock_allocation", "stock reserved for the order", 0.008),
    ("picking", "items picked in the warehouse", 0.012),
    ("quality_check", "fresh and chilled items checked", 0.005),
    ("packing", "order packed into bags and crates", 0.006),
    ("dispatch", "van loaded, route planned", 0.004),
    ("slot_notice", "arrival-time text sent to the customer", 0.002),
    ("delivery", "order handed over at the door, on time and intact", 0.010),
    ("invoicing", "invoice and refunds for substitutions", 0.006),
)
_STAGE_NAMES = tuple(s for s, _, _ in STAGES)
_CYCLE_MINUTES = {
    "order_entry": 6.0,
    "payment": 0.6,
    "stock_allocation": 2.0,
    "picking": 14.0,
    "quality_check": 3.0,
    "packing": 5.0,
    "dispatch": 8.0,
    "slot_notice": 0.5,
    "delivery": 9.0,
    "invoicing": 1.5,
}
START, END = "2025-01-06", "2025-06-29"
#: The payment provider's outage (a one-day special cause).
OUTAGE_DATE = "2025-03-12"
#: The scanner software change in the warehouse (a sustained shift in picking).
SHIFT_DATE = "2025-04-14"
#: Route planning switches from manual to optimised.
ROUTING_CHANGE_DATE = "2025-05-05"
_SHIFT_PICKING_RATE = 0.019
_SHIFT_PICKING_MINUTES = 1.5
_WEEKDAY_LOAD = np.array([1.15, 1.0, 0.95, 1.0, 1.1, 0.95, 0.85])  # Monday first


def _days() -> pd.DatetimeIndex:
    return pd.date_range(START, END, freq="D")


def _daily_orders(rng: np.random.Generator, days: pd.DatetimeIndex) -> np.ndarray:
    trend = 1.0 + 0.10 * np.arange(len(days)) / len(days)  # the business grows ~10%
    mean = 1100 * _WEEKDAY_LOAD[days.dayofweek] * trend
    return rng.poisson(mean * rng.lognormal(0, 0.05, len(days)))


def _generate_log(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 41])
    days = _days()
    orders = _daily_orders(rng, days)
    busy = orders / orders.mean()
    rows = []
    for k, (stage, _, base) in enumerate(STAGES, start=1):
        rate = base * (0.9 + 0.1 * busy) * rng.lognormal(0, 0.06, len(days))
        minutes = _CYCLE_MINUTES[stage] * (0.9 + 0.1 * busy) + rng.normal(
            0, 0.05 * _CYCLE_MINUTES[stage], len(days)
        )
        if stage == "picking":
            after = days >= pd.Timestamp(SHIFT_DATE)
            rate = np.where(after, rate * _SHIFT_PICKING_RATE / base, rate)
            minutes = np.where(after, minutes + _SHIFT_PICKING_MINUTES, minutes)
        if stage == "payment":
            rate = np.where(days == pd.Timestamp(OUTAGE_DATE), 0.031, rate)
        errors = rng.binomial(orders, np.clip(rate, 0, 0.5))
        minutes = np.round(np.maximum(minutes, 0.1), 2)
        minutes = np.where(rng.random(len(days)) < 0.012, np.nan, minutes)  # scanner gaps
        rows.append(
            pd.DataFrame(
                {
                    "date": days.strftime("%Y-%m-%d"),
                    "weekday": days.day_name().str[:3],
                    "stage_order": k,
                    "stage": stage,
                    "orders": orders,
                    "errors": errors,
                    "cycle_minutes": minutes,
                }
            )
        )
    log = pd.concat(rows).sort_values(["date", "stage_order"], kind="stable")
    return log.reset_index(drop=True)


# (cause, category, stage, share of the stage's slips that turn into this complaint)
_CAUSES = (
    ("checkout page failed", "place", "order_entry", 0.20),
    ("promotion not applied", "policies", "order_entry", 0.10),
    ("charged twice", "procedures", "payment", 0.25),
    ("payment declined wrongly", "procedures", "payment", 0.15),
    ("item out of stock after ordering", "procedures", "stock_allocation", 0.16),
    ("missing item", "procedures", "picking", 0.40),
    ("wrong item picked", "people", "picking", 0.08),
    ("unwanted substitution", "policies", "picking", 0.08),
    ("short use-by date", "policies", "quality_check", 0.18),
    ("bruised fresh produce", "place", "quality_check", 0.12),
    ("crushed goods", "procedures", "packing", 0.20),
    ("frozen items thawed", "place", "dispatch", 0.25),
    ("no arrival text", "procedures", "slot_notice", 0.15),
    ("late delivery", "procedures", "delivery", 0.34),
    ("rude driver", "people", "delivery", 0.05),
    ("left at the wrong door", "people", "delivery", 0.06),
    ("wrong amount invoiced", "procedures", "invoicing", 0.20),
    ("refund too slow", "policies", "invoicing", 0.10),
)
# Complaints about policy with no slip behind them: (cause, category, per 1,000 orders).
_POLICY_ONLY = (
    ("delivery charge too high", "policies", 0.25),
    ("too few delivery slots", "policies", 0.15),
    ("too many plastic bags", "policies", 0.10),
)
_CHANNELS = ("phone", "email", "app", "chat")


def _generate_complaints(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 42])
    log = _generate_log(seed)
    rows = []
    for cause, category, stage, share in _CAUSES:
        part = log[log["stage"] == stage]
        counts = rng.binomial(part["errors"].to_numpy(), share)
        for date, count in zip(part["date"], counts, strict=True):
            rows.extend([(date, stage, cause, category)] * int(count))
    daily = log.drop_duplicates("date")
    for cause, category, per_thousand in _POLICY_ONLY:
        counts = rng.poisson(daily["orders"].to_numpy() * per_thousand / 1000)
        for date, count in zip(daily["date"], counts, strict=True):
            rows.extend([(date, "", cause, category)] * int(count))
    frame = pd.DataFrame(rows, columns=["date", "stage", "cause", "category"])
    frame = frame.iloc[rng.permutation(len(frame))].sort_values("date", kind="stable")
    frame = frame.reset_index(drop=True)
    untraced = rng.random(len(frame)) < 0.05
    frame.loc[untraced, "stage"] = ""
    frame["stage"] = frame["stage"].replace("", np.nan)
    frame["channel"] = rng.choice(np.array(_CHANNELS), size=len(frame), p=[0.4, 0.3, 0.2, 0.1])
    frame.insert(0, "complaint_id", [f"C{k:05d}" for k in range(1, len(frame) + 1)])
    return frame[["complaint_id", "date", "channel", "stage", "cause", "category"]]


#: The Greenbasket blueprint: (step, label, lane, position, follows, evidence, reveals).
BLUEPRINT_STEPS: tuple[tuple[str, str, str, int, str, str, str], ...] = (
    ("c_order", "Orders online", "customer", 0, "", "Website and app", "order_entry"),
    ("s_stock", "Stock system", "support", 0, "", "", ""),
    ("s_pay", "Card payment", "support", 1, "c_order", "", ""),
    ("o_confirm", "Confirmation e-mail", "onstage", 1, "c_order", "", ""),
    (
        "c_confirm",
        "Reads confirmation",
        "customer",
        2,
        "o_confirm; s_pay",
        "Confirmation e-mail",
        "payment",
    ),
    ("b_allocate", "Stock reserved", "backstage", 2, "s_pay; s_stock", "", ""),
    ("b_pick", "Order picked", "backstage", 3, "b_allocate", "", ""),
    ("b_pack", "Fresh items checked, packed", "backstage", 4, "b_pick", "", ""),
    ("s_route", "Route planner", "support", 4, "", "", ""),
    ("b_load", "Van loaded", "backstage", 5, "b_pack; s_route", "", ""),
    ("o_text", "Arrival text sent", "onstage", 5, "s_route", "", ""),
    (
        "c_text",
        "Reads arrival text",
        "customer",
        6,
        "o_text",
        "Text with 1-hour window",
        "slot_notice",
    ),
    ("o_handover", "Driver hands over bags", "onstage", 6, "b_load", "", ""),
    (
        "c_door",
        "Checks bags at the door",
        "customer",
        7,
        "o_handover; c_text",
        "Van, driver, bags, receipt",
        "stock_allocation; picking; quality_check; packing; dispatch; delivery",
    ),
    ("b_refund", "Refunds for substitutions", "backstage", 7, "o_handover", "", ""),
    ("s_bill", "Billing system", "support", 7, "", "", ""),
    ("o_invoice", "Invoice e-mail", "onstage", 8, "b_refund; s_bill", "", ""),
    ("c_invoice", "Reads invoice", "customer", 9, "o_invoice", "Invoice e-mail", "invoicing"),
)


def _generate_blueprint(seed: int) -> pd.DataFrame:  # noqa: ARG001 - the design has no noise
    return pd.DataFrame(
        BLUEPRINT_STEPS,
        columns=["step", "label", "lane", "position", "follows", "evidence", "reveals"],
    )


def _generate_deliveries(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 43])
    days = _days()
    per_day = 30  # the driver app's random sample of deliveries
    date = np.repeat(days, per_day)
    optimised = date >= pd.Timestamp(ROUTING_CHANGE_DATE)
    slot = rng.choice(np.arange(8, 21), size=len(date))  # slots start on the hour
    evening = slot >= 17  # traffic makes evening slots later and more variable
    mean = np.where(optimised, 31.0, 38.0) + np.where(evening, 3.0, 0.0)
    sd = np.where(optimised, 8.0, 13.0) + np.where(evening, 2.0, 0.0)
    arrival = mean + sd * rng.standard_t(8, size=len(date)) * np.sqrt(6 / 8)
    arrival = np.round(arrival, 1)
    arrival = np.where(rng.random(len(date)) < 0.01, np.nan, arrival)  # not recorded
    frame = pd.DataFrame(
        {
            "delivery_id": [f"D{k:05d}" for k in range(1, len(date) + 1)],
            "date": pd.DatetimeIndex(date).strftime("%Y-%m-%d"),
            "route_planning": np.where(optimised, "optimised", "manual"),
            "slot_start": [f"{h:02d}:00" for h in slot],
            "arrival_minutes": arrival,
        }
    )
    return frame


_DATE_RANGE = f"{START}..{END}"
_STAGE_LIST = ", ".join(_STAGE_NAMES)

SERVICE_PROCESS_LOG = Generator(
    name="service_process_log",
    title="Greenbasket order process log: daily orders and errors by stage (synthetic)",
    story=(
        "An online grocer's ten-stage home-delivery process, January to June 2025: orders "
        "handled, errors made and mean minutes per order at each stage, every day. Hidden in "
        "it: a one-day payment outage (a special cause) and new warehouse scanner software "
        "that raises picking errors and picking time for good from mid-April (a shift)."
    ),
    module="imlib.generators.service_ops",
    columns=(
        Column("date", "datetime", "YYYY-MM-DD", _DATE_RANGE, "the day"),
        text_column("weekday", "Mon..Sun", "day of the week"),
        Column("stage_order", "int", "", "1-10", "position of the stage in the process"),
        text_column("stage", _STAGE_LIST, "process stage"),
        Column("orders", "int", "orders", ">= 1", "orders handled at the stage that day"),
        Column(
            "errors",
            "int",
            "orders",
            "0..orders",
            "orders on which the stage made an error (missing item, late van, wrong charge ...)",
        ),
        Column(
            "cycle_minutes",
            "float",
            "minutes per order",
            "> 0 or missing (scanner gap)",
            "mean time an order spent in the stage that day",
        ),
    ),
    generate=_generate_log,
)

SERVICE_COMPLAINTS = Generator(
    name="service_complaints",
    title="Greenbasket customer complaints with cause and cause category (synthetic)",
    story=(
        "Every complaint received January to June 2025, coded by the customer service team "
        "with its cause, the cause's category (policies, procedures, people, place) and the "
        "process stage it came from. Complaints follow the process log's errors: slips that "
        "surface at the doorstep dominate; some complaints concern policies with no slip "
        "behind them, and 5% could not be traced to a stage."
    ),
    module="imlib.generators.service_ops",
    columns=(
        text_column("complaint_id", "C00001..", "complaint identifier"),
        Column("date", "datetime", "YYYY-MM-DD", _DATE_RANGE, "day the complaint arrived"),
        text_column("channel", ", ".join(_CHANNELS), "how the customer complained"),
        text_column(
            "stage",
            f"{_STAGE_LIST} or missing",
            "process stage the complaint was traced to (missing: not traced, or policy only)",
        ),
        text_column("cause", "free text, 21 codes", "the coded cause of the complaint"),
        text_column(
            "category",
            "policies, procedures, people, place",
            "cause category for the fishbone (services 4 Ps; place = physical environment)",
        ),
    ),
    generate=_generate_complaints,
)

SERVICE_BLUEPRINT = Generator(
    name="service_blueprint",
    title="Greenbasket home-delivery service blueprint (synthetic)",
    story=(
        "The steps of a Greenbasket order as a service blueprint: each step's lane (customer "
        "actions, onstage contact, backstage, support processes), its column in time order, "
        "the steps it follows, the physical evidence the customer sees, and the process "
        "stages whose slips the customer meets at that step."
    ),
    module="imlib.generators.service_ops",
    columns=(
        text_column("step", "unique id", "step identifier (c_ customer, o_ onstage ...)"),
        text_column("label", "short text", "what happens at the step"),
        text_column("lane", "customer, onstage, backstage, support", "blueprint lane"),
        Column("position", "int", "", "0-9", "column of the blueprint, in time order"),
        text_column(
            "follows",
            "step ids separated by ';' or missing",
            "the steps this step comes after (the arrows into it)",
        ),
        text_column(
            "evidence",
            "short text or missing",
            "physical evidence the customer sees at a customer step",
        ),
        text_column(
            "reveals",
            "stage names separated by ';' or missing",
            "process stages whose errors the customer meets at this step",
        ),
    ),
    generate=_generate_blueprint,
)

SERVICE_DELIVERIES = Generator(
    name="service_deliveries",
    title="Greenbasket delivery arrival times within the one-hour slot (synthetic)",
    story=(
        "A daily random sample of 30 deliveries, January to June 2025: minutes after the start "
        "of the customer's one-hour slot at which the driver arrived (the ideal is 30, the "
        "middle; below 0 is early, above 60 late). Route planning switched from manual to an "
        "optimising planner on 5 May 2025. Evening slots run later and vary more; 1% of "
        "arrivals were not recorded."
    ),
    module="imlib.generators.service_ops",
    columns=(
        text_column("delivery_id", "D00001..", "delivery identifier"),
        Column("date", "datetime", "YYYY-MM-DD", _DATE_RANGE, "delivery day"),
        text_column("route_planning", "manual, optimised", "route planning in use"),
        Column("slot_start", "string", "HH:MM", "08:00..20:00", "start of the one-hour slot"),
        Column(
            "arrival_minutes",
            "float",
            "minutes after slot start",
            "any, or missing (not recorded)",
            "arrival time relative to the start of the slot (target 30)",
        ),
    ),
    generate=_generate_deliveries,
)
