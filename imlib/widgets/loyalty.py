"""The retention economics explorer: retention and discount rate against CLV and profit."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from imlib._validation import require_number
from imlib.loyalty import DISCOUNT_RANGE, clv, cohort_profit
from imlib.plotting._common import stepped_limits
from imlib.plotting.loyalty import plot_clv_curve, plot_cohort_profit
from imlib.widgets._live import figure_function, slider

__all__ = ["CUT_RANGE", "RETENTION_SLIDER_RANGE", "draw_retention_economics", "retention_explorer"]

#: Retention rates offered by the explorer (the validators allow [0, 1); CLV explodes
#: near 1, so the slider stops at 0.95).
RETENTION_SLIDER_RANGE = (0.50, 0.95)
#: Defection cuts offered by the explorer, in percentage points as proportions.
CUT_RANGE = (0.0, 0.15)


def _two_panels(fig: plt.Figure) -> tuple[plt.Axes, plt.Axes]:
    fig.subplots_adjust(left=0.07, right=0.98, top=0.88, bottom=0.13, wspace=0.28)
    return tuple(fig.subplots(1, 2))


@figure_function(_two_panels, figsize=(11, 4.2))
def draw_retention_economics(
    left: plt.Axes,
    right: plt.Axes,
    /,
    *,
    margin: float = 120.0,
    retention: float = 0.80,
    discount_rate: float = 0.10,
    cut: float = 0.05,
    acquisition_cost: float = 150.0,
    margin_growth: float = 0.04,
) -> None:
    """Draw CLV against retention and the cohort profit before and after a defection cut.

    Examples
    --------
    >>> fig = draw_retention_economics(retention=0.8, cut=0.05)
    >>> fig.axes[1].get_title()
    'Cutting defection from 20% to 15%: profit +...%'
    """
    func = "draw_retention_economics"
    r = require_number(retention, func=func, name="retention", low=0, high=0.95)
    c = require_number(cut, func=func, name="cut", low=0, high=1 - r)
    plot_clv_curve(
        margin=margin,
        retention=r,
        discount_rates=sorted({0.0, 0.05, 0.10, round(discount_rate, 3)}),
        ax=left,
    )
    kwargs = {
        "margin": margin,
        "margin_growth": margin_growth,
        "acquisition_cost": acquisition_cost,
        "discount_rate": discount_rate,
    }
    base = cohort_profit(defection_rate=1 - r, **kwargs)
    better = cohort_profit(defection_rate=1 - r - c, **kwargs)
    change = 100 * (better["cumulative"].iloc[-1] / base["cumulative"].iloc[-1] - 1)
    plot_cohort_profit(
        base,
        compare=better,
        labels=(f"defection {100 * (1 - r):.0f}%", f"defection {100 * (1 - r - c):.0f}%"),
        ax=right,
        title=f"Cutting defection from {100 * (1 - r):.0f}% to {100 * (1 - r - c):.0f}%: "
        f"profit {change:+.0f}%",
    )
    # Stepped limits: the axis (and the explorer's drawn frame) stays put over a run of moves.
    values = [base["cumulative"] / 1000, better["cumulative"] / 1000]
    right.set_ylim(*stepped_limits(min(v.min() for v in values), max(v.max() for v in values)))
    value = clv(margin, retention=r, discount_rate=discount_rate)
    left.set_title(
        f"CLV at {100 * r:.0f}% retention, {100 * discount_rate:.0f}% discount: £{value:,.0f}"
    )


def retention_explorer(
    *, margin: float = 120.0, acquisition_cost: float = 150.0, margin_growth: float = 0.04
) -> widgets.Widget:
    """Explore how retention and the discount rate drive CLV and cohort profit.

    Parameters
    ----------
    margin : float
        First-year margin per customer (£).
    acquisition_cost : float
        Cost of acquiring one customer (£).
    margin_growth : float
        Yearly growth of the margin with tenure.

    Returns
    -------
    ipywidgets.Widget
        Sliders for the retention rate, the discount rate and the defection cut (in
        percentage points), and the two-panel figure.

    Examples
    --------
    >>> box = retention_explorer()
    >>> [w.description for w in box.children[0].children]
    ['Retention rate', 'Discount rate', 'Defection cut']
    """
    retention, discount, cut = (
        slider(
            label, value, bounds, step=0.01, label_width="8rem", width="26rem", readout_format=".2f"
        )
        for label, value, bounds in (
            ("Retention rate", 0.80, RETENTION_SLIDER_RANGE),
            ("Discount rate", 0.10, (DISCOUNT_RANGE[0], 0.30)),
            ("Defection cut", 0.05, CUT_RANGE),
        )
    )

    chain = {"margin": margin, "acquisition_cost": acquisition_cost, "margin_growth": margin_growth}

    def draw(left: plt.Axes, right: plt.Axes, retention: float, discount_rate: float, cut: float):
        cut = min(cut, 1 - retention)
        draw_retention_economics.__wrapped__(
            left, right, retention=retention, discount_rate=discount_rate, cut=cut, **chain
        )

    live = draw_retention_economics.live_figure()
    out = live.follow({"retention": retention, "discount_rate": discount, "cut": cut}, draw)
    return widgets.VBox([widgets.VBox([retention, discount, cut]), out])
