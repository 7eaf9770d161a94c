"""Figures for service delivery: compound failure, stage rates, blueprint, fishbone, Pareto."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch

from imlib._validation import require_columns, require_frame
from imlib.delivery import (
    BLUEPRINT_LANES,
    BLUEPRINT_LINES,
    _split,
    check_blueprint,
    fishbone_causes,
    pareto_table,
)
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE

__all__ = [
    "plot_blueprint",
    "plot_compound_failure",
    "plot_fishbone",
    "plot_pareto",
    "plot_stage_rates",
]

_LANE_TITLES = {
    "evidence": "Physical\nevidence",
    "customer": "Customer\nactions",
    "onstage": "Onstage\ncontact",
    "backstage": "Backstage\ncontact",
    "support": "Support\nprocesses",
}
_LANE_COLOURS = {
    "customer": "#E8F1FA",
    "onstage": "#FDF3E1",
    "backstage": "#E6F5F0",
    "support": "#F3F3F3",
}
_BLUEPRINT_LEFT = -1.55  # where the lane titles start, left of the first column
_STEP_W, _STEP_H = 0.94, 0.76  # a step's box


@PLOT_DOCS
def plot_compound_failure(
    data: pd.DataFrame,
    *,
    highlight: tuple[int, float] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Exact compound failure share against the first-order approximation, by stages.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.delivery.compound_failure_table` (``stages``,
        ``stage_rate``, ``exact``, ``first_order``).
    highlight : (int, float), optional
        A (stages, stage_rate) point to mark and label.
    %(ax)s
    **kwargs
        Passed to the exact curves' :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax_examples)s
    >>> from imlib.delivery import compound_failure_table
    >>> table = compound_failure_table(rates=[0.01, 0.02], stages=list(range(1, 21)))
    >>> ax = plot_compound_failure(table, highlight=(10, 0.01))
    >>> ax.get_ylabel()
    'Orders meeting at least one failure (%)'
    """
    func = "plot_compound_failure"
    require_columns(data, ["stages", "stage_rate", "exact", "first_order"], func=func)
    if ax is None:
        ax = plt.gca()
    for k, (rate, rows) in enumerate(data.sort_values("stages").groupby("stage_rate")):
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(
            rows["stages"],
            100 * rows["exact"],
            color=colour,
            linewidth=2,
            label=f"{100 * rate:.2g}% per stage: exact",
            **kwargs,
        )
        ax.plot(
            rows["stages"],
            100 * rows["first_order"],
            color=colour,
            linestyle="--",
            linewidth=1.2,
            label=f"{100 * rate:.2g}% per stage: n × p",
        )
    if highlight is not None:
        n, p = highlight
        exact = 100 * (1 - (1 - p) ** n)
        ax.plot([n], [exact], marker="o", color="black", zorder=4)
        ax.annotate(
            f"{n} stages at {100 * p:.2g}%:\n{exact:.2f}% exact, {100 * n * p:.3g}% by n × p",
            (n, exact),
            textcoords="offset points",
            xytext=(28, -34),
            ha="left",
            fontsize="small",
            arrowprops={"arrowstyle": "-", "color": "0.4"},
        )
    ax.set(
        xlabel="Number of stages",
        ylabel="Orders meeting at least one failure (%)",
        title="Small slips compound: exact share against n × p",
    )
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small", loc="upper left")
    ax.grid(alpha=0.3)
    last = data.sort_values("stages").groupby("stage_rate").tail(1)
    ends = ", ".join(
        f"at {100 * r:.2g}% per stage {100 * e:.1f}% (n × p says {100 * f:.1f}%)"
        for r, e, f in zip(last["stage_rate"], last["exact"], last["first_order"], strict=True)
    )
    n_max = int(data["stages"].max())
    return describe(
        ax, f"share of orders meeting a failure after {n_max} stages: {ends}", what="Line chart"
    )


@PLOT_DOCS
def plot_stage_rates(
    data: pd.DataFrame,
    *,
    stage_col: str = "stage",
    rate_col: str = "error_rate",
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Horizontal bars of each stage's error rate, in process order (first stage on top).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per stage, e.g. :func:`imlib.delivery.stage_error_rates`.
    stage_col, rate_col : str
        Column names.
    %(ax)s
    %(kwargs_barh)s

    %(returns_ax_examples)s
    >>> rates = pd.DataFrame({"stage": ["entry", "pick"], "error_rate": [0.004, 0.012]})
    >>> ax = plot_stage_rates(rates)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['pick', 'entry']
    """
    func = "plot_stage_rates"
    require_columns(data, [stage_col, rate_col], func=func)
    if ax is None:
        ax = plt.gca()
    frame = data.iloc[::-1]
    y = np.arange(len(frame))
    values = 100 * frame[rate_col].to_numpy(dtype=float)
    top = np.argmax(values)
    colours = [PALETTE[5] if i == top else PALETTE[0] for i in range(len(frame))]
    ax.barh(y, values, color=colours, **kwargs)
    for yi, v in zip(y, values, strict=True):
        ax.annotate(f"{v:.2f}%", (v, yi), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_yticks(y, frame[stage_col].astype(str).str.replace("_", " "))
    ax.set_xlim(0, values.max() * 1.2)
    ax.set(
        xlabel="Orders with an error at the stage (%)",
        ylabel="Process stage",
        title="Error rate of each stage (pooled over the period)",
    )
    ax.grid(axis="x", alpha=0.3)
    names = frame[stage_col].astype(str).str.replace("_", " ").to_numpy()
    return describe(
        ax,
        f"{len(frame)} stages; the highest error rate is at {names[top]}, {values[top]:.2f}% "
        "of orders",
        what="Bar chart",
    )


def _wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) if text else ""


@PLOT_DOCS
def plot_blueprint(
    data: pd.DataFrame,
    *,
    moments: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    wrap: int = 10,
    **kwargs,
) -> Axes:
    """Draw a service blueprint: lanes, the three lines, steps, flows, physical evidence.

    Parameters
    ----------
    data : pandas.DataFrame
        A blueprint (see :func:`imlib.delivery.check_blueprint`).
    moments : pandas.DataFrame, optional
        Output of :func:`imlib.delivery.moments_of_truth`; those steps get a thick
        outline and a risk label.
    ax : matplotlib.axes.Axes, optional
        Where to draw (about 7.5 x 6 inches for ten columns reads well at a page's width).
    title : str, optional
        The figure title.
    wrap : int
        Characters per line in the step boxes.
    **kwargs
        Passed to each step's :class:`~matplotlib.patches.FancyBboxPatch`.

    %(returns_ax_examples)s
    >>> ax = plot_blueprint(load_dataset("service_blueprint"))
    >>> ax.get_title()
    'Service blueprint'
    """
    bp = check_blueprint(data)
    risk = {}
    if moments is not None:
        require_columns(moments, ["step", "risk", "rank"], func="plot_blueprint")
        risk = {r.step: (r.risk, r.rank) for r in moments.itertuples()}
    if ax is None:
        ax = plt.gca()
    lanes = ["evidence", *BLUEPRINT_LANES]
    y_of = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    _draw_blueprint_lanes(ax, y_of)
    centre = {}
    for row in bp.itertuples():
        centre[row.step] = (row.position, y_of[row.lane])
        _draw_blueprint_step(ax, row, centre[row.step], risk.get(row.step), wrap=wrap, **kwargs)
        if row.evidence:
            _draw_blueprint_evidence(ax, row, centre[row.step], y_of["evidence"], wrap=wrap)
    _draw_blueprint_flows(ax, bp, centre)
    _finish_blueprint(ax, columns=int(bp["position"].max()) + 1, rows=len(lanes), title=title)
    if risk:
        _add_moments_legend(ax)
    first = min(risk.items(), key=lambda item: item[1][1])[0] if risk else None
    return describe(
        ax,
        f"{len(bp)} steps in {len(lanes)} lanes separated by the lines of interaction, "
        "visibility and internal interaction"
        + (f"; {len(risk)} moments of truth are marked, the riskiest {first}" if risk else ""),
        what="Diagram",
    )


def _draw_blueprint_lanes(ax: Axes, y_of: dict[str, int]) -> None:
    """The lane bands and titles, and the three lines between the lanes, each labelled."""
    for lane in BLUEPRINT_LANES:
        y = y_of[lane]
        ax.axhspan(y - 0.5, y + 0.5, color=_LANE_COLOURS[lane], zorder=0)
    for lane in y_of:
        ax.text(
            _BLUEPRINT_LEFT + 0.05,
            y_of[lane],
            _LANE_TITLES[lane],
            ha="left",
            va="center",
            fontsize=8.5,
            weight="bold",
        )
    for name, (upper, _) in BLUEPRINT_LINES.items():
        y = y_of[upper] - 0.5
        style = "-" if name == "interaction" else ("--" if name == "visibility" else ":")
        ax.axhline(y, color="0.25", linestyle=style, linewidth=1.2, zorder=1)
        ax.text(
            _BLUEPRINT_LEFT + 0.05,
            y + 0.04,
            f"line of {name}",
            ha="left",
            va="bottom",
            fontsize=7.5,
            style="italic",
            color="0.2",
        )
    ax.axhline(y_of["customer"] + 0.5, color="0.6", linewidth=0.8, zorder=1)


def _draw_blueprint_step(
    ax: Axes,
    row,
    xy: tuple[float, float],
    risk: tuple[float, int] | None,
    *,
    wrap: int,
    **kwargs,
) -> None:
    """One step's box and label; a moment of truth (`risk` given) gets an outline and its rank."""
    (x, y), w, h = xy, _STEP_W, _STEP_H
    box = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle="round,pad=0.02,rounding_size=0.08",
        facecolor="white",
        edgecolor=PALETTE[5] if risk else "0.35",
        linewidth=2.4 if risk else 0.9,
        zorder=3,
        **kwargs,
    )
    ax.add_patch(box)
    ax.text(x, y, _wrap(row.label, wrap), ha="center", va="center", fontsize=7.6, zorder=4)
    if risk:
        r, rank = risk
        ax.text(
            x + w / 2,
            y + h / 2,
            f"#{rank}: {100 * r:.1f}%",
            ha="right",
            va="center",
            fontsize=7.5,
            color="white",
            weight="bold",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": PALETTE[5], "edgecolor": "none"},
        )


def _draw_blueprint_evidence(
    ax: Axes, row, xy: tuple[float, float], evidence_y: float, *, wrap: int
) -> None:
    """A step's physical evidence in the top lane, joined to the step by a thin line."""
    x, y = xy
    ax.text(
        x,
        evidence_y,
        _wrap(row.evidence, wrap),
        ha="center",
        va="center",
        fontsize=7.5,
        style="italic",
        zorder=4,
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "#FFF9D6", "edgecolor": "0.6"},
    )
    ax.plot([x, x], [y + _STEP_H / 2, evidence_y - 0.28], color="0.6", lw=0.6, zorder=2)


def _draw_blueprint_flows(
    ax: Axes, bp: pd.DataFrame, centre: dict[str, tuple[float, float]]
) -> None:
    """An arrow from each step to every step that follows it."""
    w, h = _STEP_W, _STEP_H
    for row in bp.itertuples():
        for parent in _split(row.follows):
            (x0, y0), (x1, y1) = centre[parent], centre[row.step]
            if y0 == y1:  # same lane: right edge to left edge
                start, end = (x0 + w / 2, y0), (x1 - w / 2, y1)
            else:  # between lanes: leave and enter through the facing edges
                down = np.sign(y1 - y0)
                start, end = (x0 + 0.15, y0 + down * h / 2), (x1 - 0.15, y1 - down * h / 2)
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "0.3",
                    "lw": 0.9,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
                zorder=4,
            )


def _finish_blueprint(ax: Axes, *, columns: int, rows: int, title: str | None) -> None:
    """Limits, ticks, spines, the axis label and the title."""
    ax.set_xlim(_BLUEPRINT_LEFT, columns - 0.45)
    ax.set_ylim(-0.55, rows - 0.45)
    ax.set_xticks(range(columns))
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=8, length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Steps in time order (blueprint column)")
    ax.set_title(title or "Service blueprint")


def _add_moments_legend(ax: Axes) -> None:
    """The legend below the blueprint that explains the moments-of-truth outline."""
    ax.legend(
        handles=[
            Patch(
                facecolor="white",
                edgecolor=PALETTE[5],
                linewidth=2.4,
                label="Moment of truth: #rank, share of orders meeting a failure there",
            )
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        fontsize=8,
        frameon=False,
    )


@PLOT_DOCS
def plot_fishbone(
    data: pd.DataFrame,
    *,
    effect: str,
    preset: str = "services_4P",
    top: int = 4,
    show_counts: bool = True,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Draw a fishbone (Ishikawa) diagram: the effect at the head, a bone per category.

    Parameters
    ----------
    data : pandas.DataFrame
        Causes with their category: the input of
        :func:`imlib.delivery.fishbone_causes` (one row per occurrence) or its output
        (with a ``count`` column).
    effect : str
        The problem at the fish's head, e.g. ``"Complaints about home delivery"``.
    preset : str
        The categories (bones), see :data:`imlib.delivery.FISHBONE_PRESETS`.
    top : int
        Causes drawn per bone (the most frequent first).
    show_counts : bool
        Add each cause's count in brackets.
    %(ax)s
    **kwargs
        Passed to the bones' :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax_examples)s
    >>> complaints = load_dataset("service_complaints")
    >>> ax = plot_fishbone(complaints, effect="Complaints")
    >>> ax.get_title()
    'Fishbone diagram: causes of complaints'
    """
    func = "plot_fishbone"
    require_frame(data, func=func)
    count_col = "count" if "count" in data.columns else None
    causes = fishbone_causes(data, count_col=count_col, preset=preset, top=top)
    categories = list(causes["category"].cat.categories)
    if ax is None:
        ax = plt.gca()
    pairs = (len(categories) + 1) // 2
    gap = 3.3  # distance between neighbouring bones along the spine
    spine_end = gap * pairs + 0.4
    ax.plot([0, spine_end], [0, 0], color="0.2", linewidth=2.5, **kwargs)
    ax.annotate(
        _wrap(effect, 14),
        (spine_end, 0),
        xytext=(spine_end + 0.15, 0),
        ha="left",
        va="center",
        fontsize=10,
        weight="bold",
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "#FDE7DA", "edgecolor": PALETTE[5]},
    )
    for k, category in enumerate(categories):
        above = k % 2 == 0
        x_spine = gap * (k // 2) + 2.9
        sign = 1 if above else -1
        x_top, y_top = x_spine - 1.2, sign * 2.2
        ax.plot(
            [x_top, x_spine], [y_top, 0], color=PALETTE[k % len(PALETTE)], linewidth=2, **kwargs
        )
        ax.text(
            x_top,
            y_top + sign * 0.22,
            category.capitalize(),
            ha="center",
            va="bottom" if above else "top",
            fontsize=10,
            weight="bold",
            color=PALETTE[k % len(PALETTE)],
        )
        rows = causes[causes["category"] == category]
        for j, row in enumerate(rows.itertuples()):
            t = (j + 1) / (len(rows) + 1)
            x = x_top + t * (x_spine - x_top)
            y = y_top * (1 - t)
            ax.plot([x - 0.35, x], [y, y], color="0.4", linewidth=0.8)
            label = f"{row.cause} ({row.count})" if show_counts else str(row.cause)
            ax.text(x - 0.38, y, _wrap(label, 18), ha="right", va="center", fontsize=8.5)
    ax.set_xlim(-0.6, spine_end + 2.2)
    ax.set_ylim(-2.9, 2.9)
    ax.axis("off")
    ax.set_title(f"Fishbone diagram: causes of {effect[:1].lower() + effect[1:]}")
    return describe(
        ax,
        f"{len(causes)} causes on {len(categories)} bones: " + ", ".join(map(str, categories)),
        what="Diagram",
    )


@PLOT_DOCS
def plot_pareto(
    data: pd.DataFrame,
    *,
    cause_col: str = "cause",
    threshold: float = 0.8,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Pareto chart: causes as bars, most frequent first, with the cumulative share.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per occurrence (e.g. per complaint); see
        :func:`imlib.delivery.pareto_table`.
    cause_col : str
        The cause column.
    threshold : float
        The cumulative share marking the "vital few" (0.8 by default).
    ax : matplotlib.axes.Axes, optional
        Where to draw (the cumulative line goes on a twin Axes).
    %(kwargs_bar)s

    %(returns_ax)s
        The bars' Axes.

    Examples
    --------
    >>> ax = plot_pareto(load_dataset("service_complaints"))
    >>> ax.get_ylabel()
    'Complaints'
    """
    table = pareto_table(data, cause_col=cause_col, threshold=threshold)
    if ax is None:
        ax = plt.gca()
    x = np.arange(len(table))
    colours = np.where(table["vital_few"], PALETTE[5], PALETTE[4])
    ax.bar(x, table["count"], color=colours, **kwargs)
    ax.set_xticks(x, table["cause"], rotation=60, ha="right", fontsize=8, rotation_mode="anchor")
    ax.set_xlim(-0.6, len(table) - 0.4)
    twin = ax.twinx()
    twin.plot(x, 100 * table["cumulative_share"], color="0.15", marker="o", markersize=3)
    twin.axhline(100 * threshold, color="0.4", linestyle=":", linewidth=1)
    twin.set_ylim(0, 105)
    twin.set_ylabel("Cumulative share (%)")
    vital = int(table["vital_few"].sum())
    ax.set(
        ylabel="Complaints",
        title=f"Pareto chart: {vital} of {len(table)} causes make up "
        f"{100 * threshold:.0f}% of complaints",
    )
    ax.set_xlabel("Cause (most frequent first)")
    ax.legend(
        handles=[
            Patch(color=PALETTE[5], label=f"vital few (to {100 * threshold:.0f}%)"),
            Patch(color=PALETTE[4], label="the rest"),
            Line2D([0], [0], color="0.15", marker="o", markersize=3, label="cumulative share"),
        ],
        fontsize="small",
        loc="center right",
    )
    ax.grid(axis="y", alpha=0.3)
    vital_names = ", ".join(map(str, table["cause"][table["vital_few"]]))
    return describe(ax, f"the vital few: {vital_names}", what="Pareto chart")
