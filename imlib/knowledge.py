"""Relationship-mediated internal marketing: Ballantyne's four phases and knowledge exchange.

Ballantyne (2003) defines internal marketing as a relationship development strategy for
knowledge renewal, in which planned phases of learning activity in volunteer groups
generate new, internally valid knowledge. The four phases (energising, code breaking,
authorising, diffusion) form a cycle. Ballantyne (2000) contrasts internal *transaction*
marketing, which works through knowledge capture and codification, with internal
*relationship* marketing, which works through knowledge generation and circulation.

Arranging the four patterns in a 2 x 2 (hierarchical or relational exchange; acquiring
or sharing knowledge) is the kit's reading, used to classify case events; it is not
quoted from the 2003 paper. What each phase *needs* and *produces* is also the kit's
summary for planning. A case's events are rows with a ``phase`` column; the functions
check that they move through the cycle and summarise them.
"""

from __future__ import annotations

import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "EXCHANGES",
    "PATTERNS",
    "PHASES",
    "PHASE_LABELS",
    "PURPOSES",
    "four_phases",
    "knowledge_pattern",
    "knowledge_patterns",
    "next_phase",
    "phase_summary",
    "phase_trace",
]

#: The four phases of the internal marketing cycle, in order (Ballantyne 2003).
PHASES: tuple[str, ...] = ("energising", "code_breaking", "authorising", "diffusion")
#: Display names of the phases.
PHASE_LABELS: dict[str, str] = {
    "energising": "Energising",
    "code_breaking": "Code breaking",
    "authorising": "Authorising",
    "diffusion": "Diffusion",
}
#: The four knowledge-exchange patterns (Ballantyne 2000).
PATTERNS: tuple[str, ...] = ("capture", "codification", "generation", "circulation")
#: How knowledge is exchanged: through the hierarchy, or through voluntary relationships.
EXCHANGES: tuple[str, ...] = ("hierarchical", "relational")
#: What an exchange does with knowledge: acquire (or create) it, or share it.
PURPOSES: tuple[str, ...] = ("acquire", "share")

_PHASES = [
    (
        "energising",
        "to work together, voluntarily and across functions, on customer goals broader "
        "than any one job description",
        "volunteers from several functions; a customer problem worth solving; a sponsor "
        "who gives time and protection",
        "a working group with a shared goal; trust between its members",
    ),
    (
        "code_breaking",
        "to apply their personal know-how together to solve customer problems, find "
        "opportunities and change internal procedures",
        "trust; facts about customers and processes; freedom to question how work is done",
        "costed proposals; know-how that was tacit made explicit and usable",
    ),
    (
        "authorising",
        "to choose among options on their costs and benefits and win approval through "
        "the line authority",
        "costed proposals; access to the managers who can approve them",
        "approved changes with budget and owners, or a refusal that sends the group "
        "back to code breaking",
    ),
    (
        "diffusion",
        "to circulate and share the new knowledge across managerial domains in new ways",
        "approved changes; channels across departments; people who can teach them",
        "new routines in use elsewhere; renewed knowledge; volunteers for the next cycle",
    ),
]

_PATTERNS = [
    (
        "capture",
        "internal transaction marketing",
        "hierarchical",
        "acquire",
        "measurement, control, market and staff research",
    ),
    (
        "codification",
        "internal transaction marketing",
        "hierarchical",
        "share",
        "product information, policy, procedures, strategy statements",
    ),
    (
        "generation",
        "internal relationship marketing",
        "relational",
        "acquire",
        "cross-functional teams, creative problem-solving",
    ),
    (
        "circulation",
        "internal relationship marketing",
        "relational",
        "share",
        "team learning, feedback between colleagues, skills workshops",
    ),
]


@validate_params({})
def four_phases() -> pd.DataFrame:
    """The four phases of relationship-mediated internal marketing as data.

    Returns
    -------
    pandas.DataFrame
        One row per phase: ``phase``, ``order`` (1-4), ``label``, ``learning`` (what the
        participants learn, after Ballantyne 2003), ``needs`` and ``produces`` (the kit's
        planning summary).

    Notes
    -----
    The phases form a cycle: diffusion leads into a new round of energising. When a
    proposal is refused in authorising, the group goes back to code breaking.

    Examples
    --------
    >>> four_phases()[["order", "label"]]
       order          label
    0      1     Energising
    1      2  Code breaking
    2      3    Authorising
    3      4      Diffusion
    """
    table = pd.DataFrame(_PHASES, columns=["phase", "learning", "needs", "produces"])
    table.insert(1, "order", range(1, len(PHASES) + 1))
    table.insert(2, "label", table["phase"].map(PHASE_LABELS))
    return table


@validate_params({})
def knowledge_patterns() -> pd.DataFrame:
    """The four knowledge-exchange patterns as data.

    Returns
    -------
    pandas.DataFrame
        One row per pattern: ``pattern``, ``side`` (internal transaction or relationship
        marketing, Ballantyne 2000), ``exchange`` and ``purpose`` (the kit's 2 x 2
        reading) and ``examples``.

    Examples
    --------
    >>> knowledge_patterns().pivot(index="exchange", columns="purpose", values="pattern")
    purpose            acquire         share
    exchange
    hierarchical       capture  codification
    relational      generation   circulation
    """
    return pd.DataFrame(_PATTERNS, columns=["pattern", "side", "exchange", "purpose", "examples"])


@validate_params({"phase": v.Options(PHASES)})
def next_phase(phase: str) -> str:
    """The phase that follows ``phase`` in the cycle (diffusion leads to energising).

    Examples
    --------
    >>> next_phase("authorising"), next_phase("diffusion")
    ('diffusion', 'energising')
    """
    v.require_choice(phase, PHASES, func="next_phase", name="phase")
    return PHASES[(PHASES.index(phase) + 1) % len(PHASES)]


@validate_params(
    {"data": v.Frame({"exchange_col": v.Options(EXCHANGES), "purpose_col": v.Options(PURPOSES)})}
)
def knowledge_pattern(
    data: pd.DataFrame,
    *,
    exchange_col: str = "exchange",
    purpose_col: str = "purpose",
) -> pd.DataFrame:
    """Classify events into knowledge-exchange patterns from how and why knowledge moves.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per event with an exchange (``"hierarchical"`` or ``"relational"``) and a
        purpose (``"acquire"`` or ``"share"``).
    exchange_col, purpose_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``pattern`` (capture, codification, generation or circulation).

    Raises
    ------
    ValueError
        If a value is not one of the allowed exchanges or purposes.

    Examples
    --------
    >>> events = pd.DataFrame(
    ...     {"exchange": ["relational", "hierarchical"], "purpose": ["share", "acquire"]}
    ... )
    >>> knowledge_pattern(events)["pattern"].tolist()
    ['circulation', 'capture']
    """
    func = "knowledge_pattern"
    v.require_columns(data, [exchange_col, purpose_col], func=func)
    for col, allowed in ((exchange_col, EXCHANGES), (purpose_col, PURPOSES)):
        values = data[col]
        bad = values[~values.isin(allowed)]
        if len(bad):
            raise ValueError(
                f"{func}(): column {col!r} must hold {' or '.join(allowed)}; {len(bad)} "
                f"row(s) do not (first: index {v._py(bad.index[0])!r}, "
                f"value {v._py(bad.iloc[0])!r})."
            )
    table = knowledge_patterns().set_index(["exchange", "purpose"])["pattern"]
    keys = pd.MultiIndex.from_arrays([data[exchange_col], data[purpose_col]])
    return data.assign(pattern=table.reindex(keys).to_numpy())


@validate_params(
    {
        "events": v.Frame(
            {"phase_col": v.Options(PHASES), "order_col": None, "id_col": v.Text()}, key="id_col"
        )
    }
)
def phase_trace(
    events: pd.DataFrame,
    *,
    phase_col: str = "phase",
    order_col: str = "date",
    id_col: str = "event_id",
) -> pd.DataFrame:
    """Follow a case's events through the cycle and label every step.

    The four phases run in order (energising, code breaking, authorising, diffusion); a
    proposal refused in authorising sends the group back to code breaking, and diffusion
    may lead into a new cycle (Ballantyne 2003). Anything else is refused by name.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per event with its phase, something to order by and an identifier.
    phase_col, order_col, id_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        The events in time order with ``step`` (``"start"``, ``"same phase"``,
        ``"advance"``, ``"back to code breaking"`` after a refusal in authorising, or
        ``"new cycle"`` when diffusion leads to energising) and ``cycle`` (1, 2, ...).

    Raises
    ------
    ValueError
        If the events skip a phase or go back other than from authorising to code
        breaking; the message names the two events.

    Examples
    --------
    >>> log = pd.DataFrame(
    ...     {
    ...         "event_id": ["a", "b", "c", "d", "e"],
    ...         "date": pd.to_datetime(
    ...             ["2025-01-05", "2025-02-01", "2025-03-01", "2025-03-20", "2025-04-02"]
    ...         ),
    ...         "phase": [
    ...             "energising",
    ...             "code_breaking",
    ...             "authorising",
    ...             "code_breaking",
    ...             "authorising",
    ...         ],
    ...     }
    ... )
    >>> phase_trace(log)["step"].tolist()
    ['start', 'advance', 'advance', 'back to code breaking', 'advance']
    >>> phase_trace(
    ...     log.assign(phase=["energising", "authorising", "authorising", "diffusion", "diffusion"])
    ... )
    Traceback (most recent call last):
    ...
    ValueError: phase_trace(): the events skip code breaking between a (energising) and b ...
    """
    return _phase_trace(
        events, phase_col=phase_col, order_col=order_col, id_col=id_col, func="phase_trace"
    )


def _phase_trace(
    events: pd.DataFrame, *, phase_col: str, order_col: str, id_col: str, func: str
) -> pd.DataFrame:
    """The trace behind :func:`phase_trace`, with messages naming the public ``func``."""
    v.require_columns(events, [phase_col, order_col, id_col], func=func)
    bad = events[~events[phase_col].isin(PHASES)]
    if len(bad):
        raise ValueError(
            f"{func}(): column {phase_col!r} must hold {', '.join(PHASES)}; {len(bad)} row(s) "
            f"do not (first: {id_col} {v._py(bad[id_col].iloc[0])!r}, "
            f"value {v._py(bad[phase_col].iloc[0])!r})."
        )
    ordered = events.sort_values(order_col, kind="stable").reset_index(drop=True)
    steps, cycles = [], []
    cycle, previous, previous_id = 1, None, None
    for event_id, phase in zip(ordered[id_col], ordered[phase_col], strict=True):
        if previous is None:
            step = "start"
        elif phase == previous:
            step = "same phase"
        elif phase == next_phase(previous):
            step = "new cycle" if phase == PHASES[0] else "advance"
            cycle += phase == PHASES[0]
        elif (previous, phase) == ("authorising", "code_breaking"):
            step = "back to code breaking"
        else:
            i, j = PHASES.index(previous), PHASES.index(phase)
            skipped = (
                ", ".join(PHASE_LABELS[p].lower() for p in PHASES[i + 1 : j]) if j > i else None
            )
            what = f"skip {skipped}" if skipped else "go back"
            raise ValueError(
                f"{func}(): the events {what} between {v._py(previous_id)} "
                f"({previous}) and {v._py(event_id)} ({phase}); a case moves to the next phase, "
                "or back from authorising to code breaking when a proposal is refused."
            )
        steps.append(step)
        cycles.append(cycle)
        previous, previous_id = phase, event_id
    return ordered.assign(step=steps, cycle=cycles)


def _phase_visits(trace: pd.DataFrame, *, phase_col: str, date_col: str) -> pd.DataFrame:
    """One row per visit (a run of consecutive events in one phase) of the traced log."""
    run = (trace[phase_col] != trace[phase_col].shift()).cumsum()
    visits = trace.groupby(run, sort=True).agg(
        phase=(phase_col, "first"),
        cycle=("cycle", "first"),
        events=(phase_col, "size"),
        start=(date_col, "min"),
        last=(date_col, "max"),
    )
    visits = visits.reset_index(drop=True)
    # one rule for every visit: it lasts until the next visit begins; the log's final visit,
    # which nothing follows, ends at its own last event and is marked open
    following = visits["start"].shift(-1)
    visits["open"] = following.isna()
    visits["end"] = following.fillna(visits["last"])
    visits["days"] = (visits["end"] - visits["start"]).dt.days
    visits["visit"] = visits.groupby(["cycle", "phase"]).cumcount() + 1
    visits["rework"] = visits["visit"] > 1
    return visits.drop(columns="last")


@validate_params(
    {
        "events": v.Frame(
            {"phase_col": v.Options(PHASES), "date_col": None, "id_col": v.Text()}, key="id_col"
        ),
        "visits": v.Boolean(),
    }
)
def phase_summary(
    events: pd.DataFrame,
    *,
    phase_col: str = "phase",
    date_col: str = "date",
    id_col: str = "event_id",
    visits: bool = False,
) -> pd.DataFrame:
    """How long each phase of the first cycle took, with rework shown separately.

    One rule times every phase: a visit to a phase (a run of consecutive events in it) lasts
    from its first event until the next visit begins, whatever phase that is; the log's final
    visit, which nothing follows, ends at its own last event and is marked ``open``. A visit
    to a phase the cycle has already been through (after a refusal sends the group back to
    code breaking) is *rework*, counted apart from the first pass.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per event with ``phase``, a datetime ``date`` and an identifier; if it
        has a ``pattern`` column (see :func:`knowledge_pattern`), the patterns are counted.
    phase_col, date_col, id_col : str
        Column names.
    visits : bool
        Return one row per visit of the whole log instead (``phase``, ``cycle``, ``events``,
        ``start``, ``end``, ``days``, ``visit``, ``rework``, ``open``).

    Returns
    -------
    pandas.DataFrame
        One row per phase of the first cycle, in cycle order: ``events``, ``start`` and
        ``end`` (from the first visit's start to the last visit's end), ``days`` (the first
        pass), ``rework_days`` (repeat visits), ``total_days`` and, with patterns, one count
        column per pattern.

    Examples
    --------
    >>> log = load_dataset("knowledge_case_events")
    >>> phase_summary(log)[["phase", "events"]]
               phase  events
    0     energising       4
    1  code_breaking       6
    2    authorising       4
    3      diffusion       5
    >>> first = phase_summary(log).set_index("phase")
    >>> bool((first["total_days"] == first["days"] + first["rework_days"]).all())
    True
    """
    func = "phase_summary"
    v.require_frame(events, func=func, name="events")
    trace = _phase_trace(events, phase_col=phase_col, order_col=date_col, id_col=id_col, func=func)
    if not pd.api.types.is_datetime64_any_dtype(trace[date_col]):
        raise TypeError(
            f"{func}(): column {date_col!r} must hold dates (datetime64), got dtype "
            f"{trace[date_col].dtype}."
        )
    table = _phase_visits(trace, phase_col=phase_col, date_col=date_col)
    if visits:
        return table
    table = table[table["cycle"] == 1]
    first = trace[trace["cycle"] == 1]
    rows = []
    for phase in PHASES:
        part = table[table["phase"] == phase]
        if part.empty:
            continue
        row = {
            "phase": phase,
            "events": int(part["events"].sum()),
            "start": part["start"].min(),
            "end": part["end"].max(),
            "days": int(part.loc[~part["rework"], "days"].sum()),
            "rework_days": int(part.loc[part["rework"], "days"].sum()),
        }
        row["total_days"] = row["days"] + row["rework_days"]
        if "pattern" in first.columns:
            done = first[first[phase_col] == phase]
            row |= {p: int((done["pattern"] == p).sum()) for p in PATTERNS}
        rows.append(row)
    return pd.DataFrame(rows)
