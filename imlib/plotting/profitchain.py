"""Figures of the service-profit chain and integrated market-oriented management.

Each ``plot_*`` draws on one Axes and returns it: seed 004's cascade with its two loops
(:func:`plot_imom_model`), the measured chain with its estimated links
(:func:`plot_chain_links`), a labelled branch scatter of one link (:func:`plot_link_scatter`),
the scorecard (:func:`plot_scorecard`) and a what-if (:func:`plot_propagation`).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from imlib._validation import require_columns
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE
from imlib.profitchain import IMOM_BAND, IMOM_LEVELS, IMOM_LOOPS, link_estimate

__all__ = [
    "plot_chain_links",
    "plot_imom_model",
    "plot_link_scatter",
    "plot_propagation",
    "plot_scorecard",
]

_LABELS = {
    "isq": "Internal service\nquality (1-7)",
    "climate": "Staff climate\n(1-5)",
    "enps": "eNPS",
    "intend_to_leave_pct": "Intend to\nleave (%)",
    "turnover_pct": "Staff turnover\n(% a quarter)",
    "esq_gap": "Customer gap\nP - E (points)",
    "esq": "Customer\nperception (1-7)",
    "customer_retention_pct": "Customer\nretention (%)",
    "profit_per_customer": "Profit per\ncustomer (GBP)",
}
_SIDE_COLOUR = {"management": PALETTE[4], "delivery": PALETTE[2], "market": PALETTE[1]}


def _axes_for(data: pd.DataFrame, columns: list[str], *, func: str, ax: Axes | None) -> Axes:
    """Check that ``data`` has ``columns`` (messages name ``func``); return where to draw."""
    require_columns(data, columns, func=func)
    return plt.gca() if ax is None else ax


@PLOT_DOCS
def plot_imom_model(*, highlight: str | None = None, ax: Axes | None = None, **kwargs) -> Axes:
    """Draw integrated market-oriented management: the cascade, the band and both loops.

    Parameters
    ----------
    highlight : str, optional
        A level name to outline in black (for exercises: "where does this KPI belong?").
    %(ax_short)s
        Where to draw; the current Axes by default. A width of about 9 inches suits a page.
    **kwargs
        Passed to each level's box (a ``FancyBboxPatch``).

    %(returns_ax_examples)s
    >>> ax = plot_imom_model(highlight="Action")
    >>> ax.get_title()
    'Integrated market-oriented management (after Peck et al. 1999, Fig. 5.3)'
    """
    names = [lv.name for lv in IMOM_LEVELS]
    if highlight is not None and highlight not in names:
        raise ValueError(
            f"plot_imom_model(): highlight must be one of {', '.join(map(repr, names))}; "
            f"got {highlight!r}."
        )
    if ax is None:
        ax = plt.gca()
    n = len(IMOM_LEVELS)
    height, gap = 0.95, 0.25
    _draw_imom_levels(ax, highlight=highlight, height=height, gap=gap, **kwargs)
    top = n * (height + gap) - gap
    _draw_imom_band(ax, top)
    level_y = {
        lv.name: (n - 1 - i) * (height + gap) + height / 2 for i, lv in enumerate(IMOM_LEVELS)
    }
    _draw_imom_loops(ax, level_y)
    ax.set_xlim(-0.1, 10.9)
    ax.set_ylim(-0.2, top + 0.2)
    ax.set_axis_off()
    ax.set_title("Integrated market-oriented management (after Peck et al. 1999, Fig. 5.3)")
    levels = ", ".join(lv.name for lv in IMOM_LEVELS)
    finding = (
        f"Seven levels from top to bottom ({levels}), a consultation band alongside, and two "
        "feedback loops: ISQ, the voice of internal customers and processes, and ESQ, the "
        "voice of customers and competitors"
    )
    if highlight:
        finding += f"; the {highlight} level is outlined"
    return describe(ax, finding, what="Diagram")


def _draw_imom_levels(
    ax: Axes, *, highlight: str | None, height: float, gap: float, **kwargs
) -> None:
    """Draw the cascade: one box per level, top to bottom, joined by arrows."""
    n = len(IMOM_LEVELS)
    for i, level in enumerate(IMOM_LEVELS):
        y = (n - 1 - i) * (height + gap)
        box = FancyBboxPatch(
            (1.4, y),
            6.2,
            height,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            facecolor=_SIDE_COLOUR[level.side],
            edgecolor="black" if level.name == highlight else "white",
            linewidth=2.5 if level.name == highlight else 1.0,
            alpha=0.9,
            **kwargs,
        )
        ax.add_patch(box)
        ax.text(4.5, y + 0.7, level.name, ha="center", va="center", fontsize=10, weight="bold")
        ax.text(
            4.5,
            y + 0.3,
            "\n".join(textwrap.wrap(level.content, 66)),
            ha="center",
            va="center",
            fontsize=7,
            linespacing=1.1,
        )
        if i < n - 1:
            ax.annotate(
                "",
                xy=(4.5, y - gap + 0.02),
                xytext=(4.5, y - 0.02),
                arrowprops={"arrowstyle": "-|>", "color": "0.3", "lw": 1},
            )


def _draw_imom_band(ax: Axes, top: float) -> None:
    """Draw the consultation band alongside the cascade."""
    band = FancyBboxPatch(
        (0.0, 0.0),
        1.0,
        top,
        boxstyle="round,pad=0.02,rounding_size=0.12",
        facecolor="0.88",
        edgecolor="white",
    )
    ax.add_patch(band)
    ax.text(
        0.5,
        top / 2,
        "\n".join(
            textwrap.wrap(
                IMOM_BAND.split(":")[0] + ": dialogue, cross-functional, "
                "decentralised problem-solving",
                16,
            )
        ),
        ha="center",
        va="center",
        fontsize=7.5,
        rotation=0,
    )


def _draw_imom_loops(ax: Axes, level_y: dict[str, float]) -> None:
    """Draw the ISQ and ESQ feedback loops, each from its lowest level to its highest."""
    for k, (loop, (voice, _carries, levels)) in enumerate(IMOM_LOOPS.items()):
        x = 8.1 + 0.9 * k
        lo, hi = level_y[levels[0]], level_y[levels[-1]]
        colour = PALETTE[0] if loop == "ISQ" else PALETTE[5]
        arrow = FancyArrowPatch(
            (7.65, lo),
            (7.65, hi),
            connectionstyle=f"bar,fraction={0.12 + 0.18 * k}",
            arrowstyle="-|>",
            mutation_scale=14,
            color=colour,
            lw=2,
        )
        ax.add_patch(arrow)
        ax.text(
            x + 0.35,
            (lo + hi) / 2,
            f"{loop} loop\n" + "\n".join(textwrap.wrap(voice, 16)),
            color=colour,
            fontsize=7.5,
            ha="left",
            va="center",
        )


@PLOT_DOCS
def plot_chain_links(estimates: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Draw the measured chain link by link: each link's r with its 95% interval.

    Links read top to bottom in chain order. A link whose permutation p-value is below
    0.05 is drawn solid and green; one that could be chance is grey and hollow.

    Parameters
    ----------
    estimates : pandas.DataFrame
        The output of :func:`imlib.profitchain.chain_links`.
    %(ax_short)s
    **kwargs
        Passed to ``ax.errorbar``.

    %(returns_ax_examples)s
    >>> from imlib import load_dataset
    >>> from imlib.profitchain import chain_links, chain_table
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> ax = plot_chain_links(chain_links(t, n_resamples=200))
    >>> ax.get_yticklabels()[0].get_text()
    'Internal service quality -> Staff climate'
    """
    needed = ["cause", "effect", "lag", "pearson", "ci_low", "ci_high", "p_value", "unit", "n"]
    ax = _axes_for(estimates, needed, func="plot_chain_links", ax=ax)
    rows = estimates.reset_index(drop=True)
    y = np.arange(len(rows))[::-1]
    for yi, row in zip(y, rows.itertuples(), strict=True):
        clear = row.p_value < 0.05
        colour = PALETTE[2] if clear else "0.55"
        ax.errorbar(
            row.pearson,
            yi,
            xerr=[[row.pearson - row.ci_low], [row.ci_high - row.pearson]],
            fmt="o",
            color=colour,
            markerfacecolor=colour if clear else "white",
            capsize=3,
            lw=2 if clear else 1.2,
            **kwargs,
        )
        ax.text(
            1.08,
            yi,
            f"r = {row.pearson:+.2f}, p = {row.p_value:.3f}".replace("-", "\u2212"),
            va="center",
            fontsize=8,
            color="black" if clear else "0.4",
        )
    labels = []
    for row in rows.itertuples():
        lag = f" (lag {row.lag})" if row.lag else ""
        cause = _LABELS.get(row.cause, row.cause).replace("\n", " ").split(" (")[0]
        effect = _LABELS.get(row.effect, row.effect).replace("\n", " ").split(" (")[0]
        labels.append(f"{cause} -> {effect}{lag}")
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlim(-1.05, 1.6)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    unit = rows["unit"].iloc[0]
    n = int(rows["n"].iloc[0])
    where = "six branches" if unit == "branch" and n == 6 else f"{n} {unit} units"
    ax.set(
        xlabel="Pearson r with 95% bootstrap interval (filled: p < 0.05)",
        title=f"The measured service-profit chain at {where}",
    )
    clear = rows[rows["p_value"] < 0.05]
    unclear = [labels[i] for i in range(len(rows)) if rows["p_value"].iloc[i] >= 0.05]
    finding = f"{len(clear)} of {len(rows)} links are clear at p < 0.05"
    if unclear:
        finding += "; could be chance: " + "; ".join(unclear)
    return describe(ax, finding, what="Interval plot")


@PLOT_DOCS
def plot_link_scatter(
    table: pd.DataFrame,
    *,
    cause: str,
    effect: str,
    lag: int = 0,
    unit: str = "branch",
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Scatter one link with every point labelled by its branch, and its estimate.

    Parameters
    ----------
    table : pandas.DataFrame
        A chain table (:func:`imlib.profitchain.chain_table`).
    cause, effect, lag, unit
        As in :func:`imlib.profitchain.link_estimate` (``unit`` "branch" or "branch-period").
    %(ax_short)s
    **kwargs
        Passed to ``ax.scatter``.

    %(returns_ax_examples)s
    >>> from imlib import load_dataset
    >>> from imlib.profitchain import chain_table
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> ax = plot_link_scatter(t, cause="isq", effect="climate")
    >>> len(ax.texts)
    6
    """
    est = link_estimate(table, cause=cause, effect=effect, lag=lag, unit=unit, n_resamples=500)
    if unit not in ("branch", "branch-period"):
        raise ValueError(
            f"plot_link_scatter(): unit must be 'branch' or 'branch-period'; got {unit!r}."
        )
    if ax is None:
        ax = plt.gca()
    ordered = table.sort_values(["branch", "period"])
    x = ordered.groupby("branch")[cause].shift(lag) if lag else ordered[cause]
    pairs = pd.DataFrame({"branch": ordered["branch"], "x": x, "y": ordered[effect]}).dropna()
    branches = sorted(pairs["branch"].unique())
    colours = {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(branches)}
    if unit == "branch":
        means = pairs.groupby("branch")[["x", "y"]].mean()
        ax.scatter(means["x"], means["y"], c=[colours[b] for b in means.index], s=60, **kwargs)
        for b, row in means.iterrows():
            ax.annotate(
                b, (row["x"], row["y"]), xytext=(5, 4), textcoords="offset points", fontsize=8
            )
        xs = means["x"].to_numpy()
    else:
        for b in branches:
            one = pairs[pairs["branch"] == b]
            ax.scatter(one["x"], one["y"], color=colours[b], s=22, label=b, **kwargs)
        ax.legend(fontsize=7.5, title="branch", title_fontsize=8, frameon=False)
        xs = pairs["x"].to_numpy()
    r = est.iloc[0]
    grid = np.linspace(xs.min(), xs.max(), 2)
    centre_x = xs.mean()
    centre_y = pairs.groupby("branch")["y"].mean().mean() if unit == "branch" else pairs["y"].mean()
    ax.plot(grid, centre_y + r["slope"] * (grid - centre_x), color="0.4", lw=1, ls="--")
    lag_txt = f" (cause {lag} quarter{'s' if lag > 1 else ''} earlier)" if lag else ""
    ax.set(
        xlabel=_LABELS.get(cause, cause).replace("\n", " ") + lag_txt,
        ylabel=_LABELS.get(effect, effect).replace("\n", " "),
        title=f"r = {r['pearson']:+.2f}, rank r = {r['spearman']:+.2f}\n"
        f"95% CI [{r['ci_low']:+.2f}, {r['ci_high']:+.2f}], n = {int(r['n'])}".replace("-", "−"),
    )
    return describe(ax, str(r["verdict"]), what="Scatter plot")


@PLOT_DOCS
def plot_scorecard(card: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Draw the integrated-management scorecard: KPIs per level and each loop's status.

    Parameters
    ----------
    card : pandas.DataFrame
        The output of :func:`imlib.profitchain.imom_scorecard`.
    %(ax_short)s
    **kwargs
        Passed to ``ax.barh``.

    %(returns_ax_examples)s
    >>> from imlib.profitchain import imom_scorecard
    >>> k = pd.DataFrame(
    ...     {"kpi": ["enps"], "level": ["Action"], "loop": ["ISQ"], "fed_back": [False]}
    ... )
    >>> ax = plot_scorecard(imom_scorecard(k))
    >>> len(ax.patches)
    9
    """
    needed = ["part", "kind", "n_kpis", "kpis", "status"]
    ax = _axes_for(card, needed, func="plot_scorecard", ax=ax)
    rows = card.iloc[::-1].reset_index(drop=True)
    good = rows["status"].isin(["measured", "fed back"])
    colours = np.where(good, PALETTE[2], np.where(rows["n_kpis"] > 0, PALETTE[1], PALETTE[5]))
    labels = [
        f"{p} loop" if k == "loop" else p for p, k in zip(rows["part"], rows["kind"], strict=True)
    ]
    ax.barh(labels, rows["n_kpis"].clip(lower=0.08), color=colours, **kwargs)
    for i, row in rows.iterrows():
        text = f"{row['status']}" + (f": {row['kpis']}" if row["kpis"] else "")
        ax.text(
            max(row["n_kpis"], 0.08) + 0.1, i, textwrap.shorten(text, 60), va="center", fontsize=8
        )
    ax.set_xlim(0, max(4.0, rows["n_kpis"].max() + 3.5))
    ax.set(
        xlabel="KPIs placed (count)", title="Integrated-management scorecard: gaps in measurement"
    )
    empty = card.loc[card["status"] == "no measure", "part"].tolist()
    unfed = card.loc[card["status"] == "measured, no feedback", "part"].tolist()
    finding = "no measure at: " + (", ".join(empty) if empty else "none")
    finding += "; measured but not fed back: " + (", ".join(unfed) if unfed else "none")
    return describe(ax, finding, what="Bar chart")


@PLOT_DOCS
def plot_propagation(result: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Draw a what-if's percentage change at each measure of the chain (a simulation).

    Parameters
    ----------
    result : pandas.DataFrame
        The output of :func:`imlib.profitchain.propagate`.
    %(ax_short)s
    **kwargs
        Passed to ``ax.bar``.

    %(returns_ax_examples)s
    >>> from imlib.profitchain import propagate
    >>> res = propagate(
    ...     {"isq": 4.0, "climate": 3.0}, isq_change_pct=10, elasticities={("isq", "climate"): 0.5}
    ... )
    >>> [round(float(p.get_height()), 1) for p in plot_propagation(res).patches]
    [10.0, 5.0]
    """
    ax = _axes_for(result, ["measure", "change_pct", "kind"], func="plot_propagation", ax=ax)
    labels = [_LABELS.get(m, m) for m in result["measure"]]
    values = result["change_pct"].to_numpy(float)
    colours = [PALETTE[0] if v >= 0 else PALETTE[5] for v in values]
    ax.bar(labels, values, color=colours, **kwargs)
    ax.axhline(0, color="0.3", lw=0.8)
    for i, v in enumerate(values):
        ax.text(
            i,
            v,
            f"{v:+.1f}%".replace("-", "−"),
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=8,
        )
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set(
        ylabel="Change (%)",
        title="What-if along the chain (a simulation with chosen elasticities, not an estimate)",
    )
    finding = (
        f"a {values[0]:+.1f}% change in {result['measure'].iloc[0]} becomes {values[-1]:+.1f}% "
        f"in {result['measure'].iloc[-1]} under the chosen elasticities"
    )
    return describe(ax, finding, what="Bar chart")
