"""The expanded marketing mix and an importance-performance audit of its elements.

Christopher, Payne & Ballantyne (1991) expanded the four Ps (product, price, promotion,
place) with people, processes and customer service; people and processes are the
"service-quality drivers". Booms & Bitner (1981) expanded them for services with
participants (people), physical evidence and process. This module holds both lists as
data and audits a case: customers rate how important each element is and how well the
firm performs on it, and each element falls into a quadrant (Martilla & James 1977).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params
from imlib.markets import _ratings_frame

__all__ = [
    "FRAMEWORKS",
    "MIX_ELEMENTS",
    "QUADRANTS",
    "RATING_SCALE",
    "expanded_mix",
    "importance_performance",
    "mix_elements",
]

# The four Ps, and the two service-quality drivers that both seven-element lists add.
_FOUR_PS: tuple[str, ...] = ("product", "price", "promotion", "place")
_DRIVERS: tuple[str, ...] = ("people", "processes")
#: Every element of the frameworks compared, in display order.
MIX_ELEMENTS: tuple[str, ...] = (*_FOUR_PS, *_DRIVERS, "customer_service", "physical_evidence")
#: The frameworks and their elements.
FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "four_ps": _FOUR_PS,
    "relationship_7ps": (*_FOUR_PS, *_DRIVERS, "customer_service"),
    "booms_bitner_7ps": (*_FOUR_PS, *_DRIVERS, "physical_evidence"),
}
#: Importance-performance quadrants, keyed by (important, performing well).
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}
#: The rating scale of the mix audit (1 = not at all important / very poor, 7 = very).
RATING_SCALE = v.Interval(1.0, 7.0)

_ELEMENTS = {
    "product": ("Product", "what is offered: the core product or service and its features"),
    "price": ("Price", "what the customer gives up: price, terms and other outlays"),
    "promotion": ("Promotion", "how the offer is communicated: advertising, selling, PR"),
    "place": ("Place", "how and where the offer reaches the customer: channels, access"),
    "people": (
        "People",
        "the staff who produce and deliver the offer (Booms & Bitner: participants, "
        "including other customers)",
    ),
    "processes": (
        "Processes",
        "the work activities and procedures by which the offer is produced and delivered",
    ),
    "customer_service": (
        "Customer service",
        "the performance of service before, during and after the sale, which keeps "
        "customers coming back",
    ),
    "physical_evidence": (
        "Physical evidence",
        "the environment of the service and the tangible cues customers judge it by",
    ),
}


@validate_params({})
def expanded_mix() -> pd.DataFrame:
    """The elements of the four Ps and the two expanded mixes, side by side.

    Returns
    -------
    pandas.DataFrame
        One row per element of :data:`MIX_ELEMENTS`: ``element``, ``label``,
        ``meaning``, one boolean column per framework of :data:`FRAMEWORKS`
        (``four_ps``, ``relationship_7ps`` for Christopher, Payne & Ballantyne 1991 and
        ``booms_bitner_7ps`` for Booms & Bitner 1981) and ``quality_driver`` (people
        and processes, the elements the relationship mix treats as service-quality
        drivers).

    Examples
    --------
    >>> mix = expanded_mix().set_index("element")
    >>> mix.index[mix["relationship_7ps"] & ~mix["booms_bitner_7ps"]].tolist()
    ['customer_service']
    >>> mix.index[mix["quality_driver"]].tolist()
    ['people', 'processes']
    """
    rows = []
    for element in MIX_ELEMENTS:
        label, meaning = _ELEMENTS[element]
        row = {"element": element, "label": label, "meaning": meaning}
        for name, elements in FRAMEWORKS.items():
            row[name] = element in elements
        row["quality_driver"] = element in ("people", "processes")
        rows.append(row)
    return pd.DataFrame(rows)


@validate_params({"framework": v.Options(tuple(FRAMEWORKS))})
def mix_elements(framework: str = "relationship_7ps") -> list[str]:
    """Return the elements of one marketing mix framework, in order.

    Parameters
    ----------
    framework : {"four_ps", "relationship_7ps", "booms_bitner_7ps"}

    Returns
    -------
    list of str

    Examples
    --------
    >>> mix_elements("booms_bitner_7ps")[4:]
    ['people', 'processes', 'physical_evidence']
    >>> mix_elements("8ps")
    Traceback (most recent call last):
    ...
    ValueError: mix_elements(): argument 'framework' must be one of 'four_ps', ...; got '8ps'.
    """
    v.require_choice(framework, tuple(FRAMEWORKS), func="mix_elements", name="framework")
    return list(FRAMEWORKS[framework])


@validate_params(
    {
        "data": v.Frame(
            {
                "element_col": v.Text(),
                "importance_col": RATING_SCALE,
                "performance_col": RATING_SCALE,
            },
            missing=["importance_col", "performance_col"],
        ),
        "cutoff": v.Options(("mean", "midpoint")),
        "framework": v.Options((*FRAMEWORKS, None)),
    }
)
def importance_performance(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    element_col: str = "element",
    importance_col: str = "importance",
    performance_col: str = "performance",
    cutoff: str = "mean",
    framework: str | None = "relationship_7ps",
) -> pd.DataFrame:
    """Importance-performance audit: mean ratings per element and the quadrant of each.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent and element, with ``importance`` and ``performance`` on
        the 1-7 scale of :data:`RATING_SCALE` (missing answers allowed).
    by : str or list of str, optional
        Column(s) separating audits, e.g. ``"firm"``.
    element_col, importance_col, performance_col : str
        Column names.
    cutoff : {"mean", "midpoint"}
        Where the quadrant lines cross: at the mean of the element means within each
        group (the usual, data-centred choice) or at the scale midpoint (4).
    framework : str or None
        Check that every element belongs to this framework of :data:`FRAMEWORKS`; None
        accepts any element of :data:`MIX_ELEMENTS`.

    Returns
    -------
    pandas.DataFrame
        One row per group and element: ``importance``, ``performance`` (means),
        ``respondents``, ``importance_cut``, ``performance_cut`` and ``quadrant``
        (see :data:`QUADRANTS`; a mean exactly on a line counts as high).

    Raises
    ------
    ValueError
        If a column is missing, a rating is off the scale, an element is unknown or not
        in ``framework``, or ``cutoff`` is unknown.

    References
    ----------
    Martilla, J.A. & James, J.C. (1977). Importance-performance analysis. Journal of
    Marketing, 41(1), 77-79.

    Examples
    --------
    >>> ratings = pd.DataFrame(
    ...     {
    ...         "element": ["product", "price", "people", "processes"],
    ...         "importance": [6.0, 3.0, 6.5, 3.5],
    ...         "performance": [6.0, 6.0, 3.0, 3.0],
    ...     }
    ... )
    >>> importance_performance(ratings)[["element", "quadrant"]]
         element               quadrant
    0    product  keep up the good work
    1      price      possible overkill
    2     people       concentrate here
    3  processes           low priority
    >>> importance_performance(ratings.assign(element="service"))
    Traceback (most recent call last):
    ...
    ValueError: importance_performance(): column 'element' holds 'service', which is not ...
    """
    func = "importance_performance"
    v.require_frame(data, func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys + [element_col, importance_col, performance_col], func=func)
    v.require_choice(cutoff, ("mean", "midpoint"), func=func, name="cutoff")
    allowed = MIX_ELEMENTS
    if framework is not None:
        v.require_choice(framework, tuple(FRAMEWORKS), func=func, name="framework")
        allowed = FRAMEWORKS[framework]
    low, high = RATING_SCALE
    for col in (importance_col, performance_col):
        v.require_between(data, col, low, high, func=func, allow_missing=True)
    elements = data[element_col].astype(str).str.strip().str.lower()
    unknown = elements[~elements.isin(allowed)]
    if len(unknown):
        raise ValueError(
            f"{func}(): column {element_col!r} holds {unknown.iloc[0]!r}, which is not an "
            f"element of {framework or 'the mixes'} ({', '.join(allowed)})."
        )
    order = [e for e in MIX_ELEMENTS if e in allowed]
    frame = _ratings_frame(
        data,
        keys,
        item=("element", elements, order),
        ratings={"importance": importance_col, "performance": performance_col},
    )
    out = (
        frame.groupby(keys + ["element"], observed=True, sort=True)
        .agg(
            importance=("importance", "mean"),
            performance=("performance", "mean"),
            respondents=("importance", "count"),
        )
        .reset_index()
    )
    if cutoff == "midpoint":
        out["importance_cut"] = out["performance_cut"] = (low + high) / 2
    elif keys:
        grouped = out.groupby(keys, observed=True, sort=False)
        out["importance_cut"] = grouped["importance"].transform("mean")
        out["performance_cut"] = grouped["performance"].transform("mean")
    else:
        out["importance_cut"] = out["importance"].mean()
        out["performance_cut"] = out["performance"].mean()
    high_i = out["importance"] >= out["importance_cut"]
    high_p = out["performance"] >= out["performance_cut"]
    out["quadrant"] = [QUADRANTS[(bool(i), bool(p))] for i, p in zip(high_i, high_p, strict=True)]
    out.loc[out["importance"].isna() | out["performance"].isna(), "quadrant"] = np.nan
    out["respondents"] = out["respondents"].astype(int)
    return out
