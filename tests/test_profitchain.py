"""imlib.profitchain: models as data, the chain table, link estimates, what-if, scorecard."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.profitchain import (
    IMOM_LEVELS,
    IMOM_LOOPS,
    KPI_PLACES,
    SPC_LINKS,
    SPC_NODES,
    chain_links,
    chain_table,
    imom_levels,
    imom_scorecard,
    link_estimate,
    linkage_correlation,
    propagate,
    spc_links,
)

LINKED = ("branch_isq", "branch_people", "branch_tracker", "branch_money")


@pytest.fixture(scope="module")
def frames():
    return {name: load_dataset(name) for name in LINKED}


@pytest.fixture(scope="module")
def table(frames):
    return chain_table(*(frames[n] for n in LINKED))


def _tiny_table(x, y, branches=None):
    branches = branches or [f"B{i}" for i in range(len(x))]
    return pd.DataFrame({"branch": branches, "period": "2025-Q1", "x": x, "y": y})


# --- models as data ----------------------------------------------------------------------


def test_chain_links_are_ordered_and_sourced():
    assert [SPC_LINKS[0].cause, SPC_LINKS[-1].effect] == [SPC_NODES[0], SPC_NODES[-1]]
    for link in SPC_LINKS:
        assert SPC_NODES.index(link.cause) < SPC_NODES.index(link.effect)
        assert "Heskett" in link.source
    assert set(spc_links().columns) == {"cause", "effect", "claim", "source"}


def test_imom_levels_loops_and_kpi_places_agree():
    levels = imom_levels()
    assert levels["name"].tolist()[0] == "Shared vision"
    assert levels["name"].tolist()[-1] == "External environment"
    assert len(levels) == 7 and levels["source"].str.contains("Fig. 5.3").all()
    names = {lv.name for lv in IMOM_LEVELS}
    assert set(IMOM_LOOPS) == {"ISQ", "ESQ"}
    for _, _, linked in IMOM_LOOPS.values():
        assert set(linked) <= names
    for level, loop in KPI_PLACES.values():
        assert level in names and loop in {"ISQ", "ESQ", "none"}


# --- the chain table -----------------------------------------------------------------------


def test_chain_table_computes_each_measure(frames, table):
    assert len(table) == 48 and not table.duplicated(["branch", "period"]).any()
    row = table[(table["branch"] == "Riverside") & (table["period"] == "2025-Q3")].iloc[0]
    people = frames["branch_people"].query("branch == 'Riverside' and period == '2025-Q3'").iloc[0]
    avg = (people["headcount_start"] + people["headcount_end"]) / 2
    assert row["turnover_pct"] == pytest.approx(100 * people["leavers"] / avg)
    money = frames["branch_money"].query("branch == 'Riverside' and period == '2025-Q3'").iloc[0]
    assert row["customer_retention_pct"] == pytest.approx(
        100 - 100 * money["customers_lost"] / money["customers_start"]
    )
    assert row["profit_per_customer"] == pytest.approx(
        1000 * money["profit"] / money["customers_start"]
    )
    tr = frames["branch_tracker"].query("branch == 'Riverside' and period == '2025-Q3'")
    rel = tr[tr["dimension"] == "reliability"].iloc[0]
    assert row["gap_reliability"] == pytest.approx(rel["perception_mean"] - rel["expectation_mean"])
    assert row["esq_gap"] == pytest.approx((tr["perception_mean"] - tr["expectation_mean"]).mean())
    isq = frames["branch_isq"].query("branch == 'Riverside' and period == '2025-Q3'").dropna()
    weighted = (isq["responses"] * isq["isq_mean"]).sum() / isq["responses"].sum()
    assert row["isq"] == pytest.approx(weighted)
    # a plain mean over departments would be the plausible wrong answer
    assert row["isq"] != pytest.approx(isq["isq_mean"].mean(), abs=1e-9) or len(isq) < 2


def test_chain_table_ignores_unanswered_pulses(frames):
    isq = frames["branch_isq"].copy()
    answered = isq.dropna(subset=["isq_mean"]).index
    first = answered[0]
    isq.loc[first, ["responses", "isq_mean"]] = [0, np.nan]  # one department not rated
    table = chain_table(isq, *(frames[n] for n in LINKED[1:]))
    key = isq.loc[first, ["branch", "period"]].tolist()
    row = table[(table["branch"] == key[0]) & (table["period"] == key[1])].iloc[0]
    rest = isq[(isq["branch"] == key[0]) & (isq["period"] == key[1])].dropna()
    assert row["isq"] == pytest.approx(
        (rest["responses"] * rest["isq_mean"]).sum() / rest["responses"].sum()
    )
    # a branch-quarter with no pulse at all has no ISQ (missing, never 0)
    silent = frames["branch_isq"].groupby(["branch", "period"])["isq_mean"].count() == 0
    for branch, period in silent[silent].index:
        cell = table.loc[(table["branch"] == branch) & (table["period"] == period), "isq"]
        assert cell.isna().all()


@pytest.mark.parametrize(
    "name, column, value, error, match",
    [
        ("branch_isq", "isq_mean", 9.0, ValueError, "'isq_mean' must lie in"),
        ("branch_isq", "isq_mean", np.inf, ValueError, "'isq_mean' must lie in"),
        ("branch_people", "climate_mean", "high", TypeError, "'climate_mean' must be numeric"),
        ("branch_people", "leavers", -2, ValueError, "'leavers' must be present and lie in"),
        ("branch_tracker", "perception_mean", 0.0, ValueError, "'perception_mean'"),
        ("branch_money", "profit", np.inf, ValueError, "'profit' must be present and a finite"),
        ("branch_money", "customers_start", np.nan, ValueError, "'customers_start'"),
    ],
)
def test_chain_table_bad_values(frames, name, column, value, error, match):
    bad = dict(frames)
    changed = frames[name].copy()
    changed[column] = changed[column].astype(object) if isinstance(value, str) else changed[column]
    changed.loc[changed.index[0], column] = value
    bad[name] = changed
    with pytest.raises(error, match=match) as info:
        chain_table(*(bad[n] for n in LINKED))
    assert str(info.value).startswith("chain_table()")


def test_chain_table_duplicated_key_and_missing_column(frames):
    dup = pd.concat([frames["branch_money"], frames["branch_money"].head(1)], ignore_index=True)
    with pytest.raises(ValueError, match=r"money must have one row per \['branch', 'period'\]"):
        chain_table(frames["branch_isq"], frames["branch_people"], frames["branch_tracker"], dup)
    with pytest.raises(ValueError, match="no column 'isq_mean'"):
        chain_table(
            frames["branch_isq"].drop(columns="isq_mean"),
            *(frames[n] for n in LINKED[1:]),
        )
    with pytest.raises(TypeError, match="people must be a pandas DataFrame"):
        chain_table(frames["branch_isq"], [1, 2], frames["branch_tracker"], frames["branch_money"])


# --- link estimates ------------------------------------------------------------------------


def test_link_estimate_matches_closed_forms():
    x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    y = [2.0, 4.5, 5.5, 8.5, 9.0, 13.0]
    est = link_estimate(_tiny_table(x, y), cause="x", effect="y", unit="branch").iloc[0]
    r = np.corrcoef(x, y)[0, 1]
    assert est["pearson"] == pytest.approx(r)
    assert est["spearman"] == pytest.approx(1.0)
    assert est["slope"] == pytest.approx(np.polyfit(x, y, 1)[0])
    assert est["std_slope"] == pytest.approx(r)
    # exact permutation test over 720 orders: only the identity order is as extreme (and its
    # mirror image for |r|), so p = 1/720 or 2/720 depending on ties
    assert est["p_value"] <= 2 / 720 + 1e-12
    assert est["verdict"].startswith("supported")


def test_six_noisy_branches_give_a_plain_too_few_verdict():
    x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    y = [3.0, 1.0, 4.0, 1.5, 5.0, 2.0]
    est = link_estimate(_tiny_table(x, y), cause="x", effect="y").iloc[0]
    assert est["p_value"] > 0.05
    assert est["verdict"].startswith("too few to conclude")
    assert "n = 6" in est["verdict"]


def test_lag_pairs_the_cause_with_the_previous_quarter():
    t = pd.DataFrame(
        {
            "branch": ["A"] * 4 + ["B"] * 4 + ["C"] * 4,
            "period": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"] * 3,
            "x": [1.0, 2, 3, 4, 2, 1, 2, 1, 5, 3, 4, 2],
        }
    )
    t["y"] = t.groupby("branch")["x"].shift(1)  # y is last quarter's x exactly
    est = link_estimate(t, cause="x", effect="y", lag=1, unit="branch-period").iloc[0]
    assert est["n"] == 9 and est["pearson"] == pytest.approx(1.0)
    same = link_estimate(t, cause="x", effect="y", lag=0, unit="branch-period").iloc[0]
    assert same["pearson"] < 0.99


def test_within_branch_removes_branch_levels():
    # branch levels differ hugely, changes inside each branch are opposite in sign
    t = pd.DataFrame(
        {
            "branch": ["A", "A", "B", "B", "C", "C"],
            "period": ["2025-Q1", "2025-Q2"] * 3,
            "x": [1.0, 2.0, 11.0, 12.0, 21.0, 22.0],
            "y": [2.0, 1.0, 12.0, 11.0, 22.0, 21.0],
        }
    )
    pooled = link_estimate(t, cause="x", effect="y", unit="branch-period").iloc[0]
    within = link_estimate(t, cause="x", effect="y", unit="within-branch").iloc[0]
    assert pooled["pearson"] > 0.9 and within["pearson"] == pytest.approx(-1.0)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"cause": "nope", "effect": "climate"}, ValueError, "no column 'nope'"),
        ({"cause": "isq", "effect": "climate", "lag": 4}, ValueError, "'lag' must be a whole"),
        ({"cause": "isq", "effect": "climate", "lag": 1.5}, TypeError, "'lag' must be a whole"),
        ({"cause": "isq", "effect": "climate", "lag": True}, TypeError, "'lag' must be a whole"),
        (
            {"cause": "isq", "effect": "climate", "unit": "bank"},
            ValueError,
            "'unit' must be one of",
        ),
        ({"cause": "isq", "effect": "climate", "n_resamples": 5}, ValueError, "n_resamples"),
    ],
)
def test_link_estimate_bad_arguments(table, kwargs, error, match):
    with pytest.raises(error, match=match) as info:
        link_estimate(table, **kwargs)
    assert str(info.value).startswith("link_estimate()")


def test_link_estimate_bad_tables(table):
    with pytest.raises(ValueError, match="at least 3 branch units"):
        link_estimate(_tiny_table([1.0, 2.0], [1.0, 3.0]), cause="x", effect="y")
    dup = pd.concat([table, table.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match=r"table must have one row per \['branch', 'period'\]"):
        link_estimate(dup, cause="isq", effect="climate")
    inf = table.copy()
    inf.loc[0, "isq"] = np.inf
    with pytest.raises(ValueError, match="'isq' must be a finite number"):
        link_estimate(inf, cause="isq", effect="climate")
    text = table.assign(isq=table["isq"].astype(str))
    with pytest.raises(TypeError, match="'isq' must be numeric"):
        link_estimate(text, cause="isq", effect="climate")


def test_chain_links_on_the_shipped_data(table):
    out = chain_links(table, unit="branch", n_resamples=300)
    assert out["sign_as_predicted"].all()
    assert (out["n"] == 6).all()
    # the shipped data tell the honest lesson: at six branches not every link is clear
    assert (out["p_value"] >= 0.05).any()


# --- linkage -------------------------------------------------------------------------------


def test_linkage_correlation_and_its_bad_input():
    df = pd.DataFrame({"branch": list("ABCD"), "e": [1.0, 2, 3, 4], "c": [2.0, 2.5, 3.9, 4.1]})
    assert linkage_correlation(df, employee_col="e", customer_col="c") == pytest.approx(
        np.corrcoef(df["e"], df["c"])[0, 1]
    )
    with pytest.raises(ValueError, match="one row per 'branch'"):
        linkage_correlation(
            pd.concat([df, df.head(1)], ignore_index=True), employee_col="e", customer_col="c"
        )
    with pytest.raises(ValueError, match="'c' must be present"):
        linkage_correlation(df.assign(c=[1.0, np.nan, 2, 3]), employee_col="e", customer_col="c")
    with pytest.raises(ValueError, match="at least 3 units"):
        linkage_correlation(df.head(2), employee_col="e", customer_col="c")


# --- what-if -------------------------------------------------------------------------------


def test_propagate_multiplies_elasticities_along_the_path():
    base = {"isq": 4.0, "climate": 3.0, "esq": 5.0, "customer_retention_pct": 95.0}
    e = {
        ("isq", "climate"): 0.5,
        ("climate", "esq"): 0.4,
        ("esq", "customer_retention_pct"): -0.5,
    }
    out = propagate(base, isq_change_pct=10, elasticities=e)
    assert out["change_pct"].tolist() == pytest.approx([10.0, 5.0, 2.0, -1.0])
    assert out["projected"].tolist() == pytest.approx([4.4, 3.15, 5.1, 94.05])
    assert (out["kind"] == "simulation").all()


@pytest.mark.parametrize(
    "base, change, e, error, match",
    [
        ({"isq": 4.0, "climate": 3.0}, 10, {("isq", "esq"): 1.0}, ValueError, "not consecutive"),
        ({"isq": 4.0, "climate": 3.0}, 10, {}, ValueError, "no value for"),
        ({"isq": 4.0, "climate": 3.0}, 80, {("isq", "climate"): 1.0}, ValueError, "isq_change_pct"),
        ({"isq": 4.0, "climate": 3.0}, 10, {("isq", "climate"): 9.0}, ValueError, "must lie in"),
        ({"isq": 4.0, "climate": np.inf}, 10, {("isq", "climate"): 1.0}, ValueError, "baseline"),
        ({"isq": 4.0, "climate": 3.0}, "10", {("isq", "climate"): 1.0}, TypeError, "number"),
        ({"isq": 4.0}, 10, {}, TypeError, "at least two measures"),
    ],
)
def test_propagate_bad_input(base, change, e, error, match):
    with pytest.raises(error, match=match) as info:
        propagate(base, isq_change_pct=change, elasticities=e)
    assert str(info.value).startswith("propagate()")


# --- scorecard -----------------------------------------------------------------------------


def _kpis(**changes):
    frame = pd.DataFrame(
        {
            "kpi": ["isq_mean", "enps", "service_gap"],
            "level": ["Action", "Action", "Interface"],
            "loop": ["ISQ", "ISQ", "ESQ"],
            "fed_back": [True, False, False],
        }
    )
    return frame.assign(**changes)


def test_scorecard_finds_levels_without_a_measure_and_loops_without_feedback():
    card = imom_scorecard(_kpis())
    levels = card[card["kind"] == "level"].set_index("part")
    assert levels.loc["Action", "n_kpis"] == 2
    assert set(levels.index[levels["status"] == "no measure"]) == {
        "Shared vision",
        "Strategy development",
        "Strategic goal deployment",
        "Planning",
        "External environment",
    }
    loops = card[card["kind"] == "loop"].set_index("part")["status"]
    assert loops.to_dict() == {"ISQ": "fed back", "ESQ": "measured, no feedback"}
    none = imom_scorecard(_kpis(loop="none"))
    assert (none.loc[none["kind"] == "loop", "status"] == "no measure").all()


@pytest.mark.parametrize(
    "changes, error, match",
    [
        ({"level": ["Action", "Board", "Interface"]}, ValueError, "'level' must be one of"),
        ({"loop": ["ISQ", "ISQ", "customers"]}, ValueError, "'loop' must be one of"),
        ({"fed_back": ["yes", "no", "no"]}, (TypeError, ValueError), "must be boolean"),
        ({"kpi": ["enps", "enps", "service_gap"]}, ValueError, "one row per 'kpi'"),
    ],
)
def test_scorecard_bad_input(changes, error, match):
    with pytest.raises(error, match=match) as info:
        imom_scorecard(_kpis(**changes))
    assert str(info.value).startswith("imom_scorecard()")


# --- figures and the explorer --------------------------------------------------------------


def test_plots_draw_on_the_axes_they_are_given(table):
    from imlib.plotting.profitchain import (
        plot_chain_links,
        plot_imom_model,
        plot_link_scatter,
        plot_propagation,
        plot_scorecard,
    )

    fig, axes = plt.subplots(2, 3)
    untouched = axes[1, 2]
    est = chain_links(table, n_resamples=200)
    assert plot_chain_links(est, ax=axes[0, 0]) is axes[0, 0]
    assert len(axes[0, 0].get_yticklabels()) == len(est)
    assert plot_imom_model(highlight="Interface", ax=axes[0, 1]) is axes[0, 1]
    assert "Peck" in axes[0, 1].get_title()
    ax = plot_link_scatter(table, cause="isq", effect="climate", ax=axes[0, 2])
    assert sorted(t.get_text() for t in ax.texts) == sorted(table["branch"].unique())
    assert ax.get_title().startswith("r = ")
    assert plot_scorecard(imom_scorecard(_kpis()), ax=axes[1, 0]) is axes[1, 0]
    res = propagate(
        {"isq": 4.0, "climate": 3.0}, isq_change_pct=10, elasticities={("isq", "climate"): 2.0}
    )
    bars = plot_propagation(res, ax=axes[1, 1]).patches
    assert [round(float(b.get_height()), 6) for b in bars] == [10.0, 20.0]
    assert "simulation" in axes[1, 1].get_title()
    assert not untouched.has_data() and not untouched.patches
    with pytest.raises(ValueError, match="highlight must be one of"):
        plot_imom_model(highlight="Board", ax=untouched)


def test_plots_describe_their_figures(table):
    from imlib.plotting import alt_text
    from imlib.plotting.profitchain import (
        plot_chain_links,
        plot_imom_model,
        plot_link_scatter,
        plot_propagation,
        plot_scorecard,
    )

    est = chain_links(table, n_resamples=200)
    res = propagate(
        {"isq": 4.0, "climate": 3.0}, isq_change_pct=10, elasticities={("isq", "climate"): 2.0}
    )
    card = imom_scorecard(_kpis())
    drawn = [
        ("Interval plot", plot_chain_links, (est,), {}),
        ("Diagram", plot_imom_model, (), {"highlight": "Interface"}),
        ("Scatter plot", plot_link_scatter, (table,), {"cause": "isq", "effect": "climate"}),
        ("Bar chart", plot_scorecard, (card,), {}),
        ("Bar chart", plot_propagation, (res,), {}),
    ]
    for what, plot, args, kwargs in drawn:
        fig, ax = plt.subplots()
        plot(*args, ax=ax, **kwargs)
        text = alt_text(fig)
        title = ax.get_title().replace("\n", " ").strip()
        assert title and text.startswith(f"{what}: {title}. "), plot.__name__
        assert len(text) > len(f"{what}: {title}. "), plot.__name__
    clear = int((est["p_value"] < 0.05).sum())
    fig, ax = plt.subplots()
    plot_chain_links(est, ax=ax)
    assert f"{clear} of {len(est)} links are clear at p < 0.05" in alt_text(fig)
    fig, ax = plt.subplots()
    plot_propagation(res, ax=ax)
    assert "+10.0% change in isq becomes +20.0% in climate" in alt_text(fig)


def test_explorer_builds_and_draws(table):
    from imlib.widgets.profitchain import (
        DEFAULT_ELASTICITIES,
        chain_baseline,
        draw_chain_what_if,
        profitchain_explorer,
    )

    base = chain_baseline(table, branch="Riverside")
    fig = draw_chain_what_if(base, isq_change_pct=10, elasticities=DEFAULT_ELASTICITIES)
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights[0] == pytest.approx(10.0) and len(heights) == 5
    with pytest.raises(ValueError, match="no rows with branch == 'Nowhere'"):
        chain_baseline(table, branch="Nowhere")
    box = profitchain_explorer(table)
    assert len(box.children) == 3


# --- Lab 10's checkers: right answers and plausible wrong ones ------------------------------


def test_lab10_checkers_right_and_wrong(table, frames):
    from imlib.exercises import check
    from imlib.exercises.profitchain import NORTHBANK_KPIS, WHAT_IF_BASE, WHAT_IF_ELASTICITIES

    sign = link_estimate(table, cause="climate", effect="turnover_pct", unit="branch-period")
    right = "positive" if sign["pearson"].iloc[0] > 0 else "negative"
    wrong = "negative" if right == "positive" else "positive"
    assert check("profitchain-predict-turnover", right)
    assert check("profitchain-predict-turnover", wrong).status == "wrong"
    assert check("profitchain-predict-turnover", "up").status == "wrong"  # not a sign
    assert check("profitchain-predict-turnover", ...).status == "not attempted"

    assert check("profitchain-isq-received", table[["branch", "period", "isq"]])
    plain = frames["branch_isq"].groupby(["branch", "period"])["isq_mean"].mean().rename("isq")
    feedback = check("profitchain-isq-received", plain.reset_index())
    assert not feedback and "plain mean" in feedback.message

    est = link_estimate(
        table, cause="customer_retention_pct", effect="profit_per_customer", unit="branch"
    ).iloc[0]
    verdict = "too few to conclude" if est["p_value"] >= 0.05 else "supported"
    assert check("profitchain-six-branches", verdict.title())  # the naming rule
    other = "supported" if verdict != "supported" else "too few to conclude"
    assert not check("profitchain-six-branches", other)

    assert check("profitchain-lead-lag", "Climate leads")
    assert not check("profitchain-lead-lag", "gap leads")
    assert check("profitchain-ecological", "b")
    assert "ecological fallacy" in check("profitchain-ecological", "a").message
    assert check("profitchain-kpi-level", "interface")
    assert "Close" in check("profitchain-kpi-level", "Action").message
    assert check("profitchain-complaint-loop", "esq")
    assert not check("profitchain-complaint-loop", "ISQ")

    card = imom_scorecard(NORTHBANK_KPIS)
    empty = list(card.loc[(card["kind"] == "level") & (card["status"] == "no measure"), "part"])
    assert check("profitchain-unmeasured-levels", empty)
    assert not check("profitchain-unmeasured-levels", empty[:-1])
    assert not check("profitchain-unmeasured-levels", [*empty, "Action"])
    assert check("profitchain-loop-without-feedback", "ISQ")
    assert not check("profitchain-loop-without-feedback", "ESQ")

    halved = dict(WHAT_IF_ELASTICITIES)
    halved[("climate", "esq")] /= 2
    value = propagate(WHAT_IF_BASE, isq_change_pct=10, elasticities=halved)["change_pct"].iloc[-1]
    assert check("profitchain-what-if", float(value))
    full = propagate(WHAT_IF_BASE, isq_change_pct=10, elasticities=WHAT_IF_ELASTICITIES)
    feedback = check("profitchain-what-if", float(full["change_pct"].iloc[-1]))
    assert not feedback and "original elasticities" in feedback.message
    assert "multiply" in check("profitchain-what-if", 10 * sum(halved.values())).message
    assert "fraction" in check("profitchain-what-if", float(value) / 100).message


def test_lab10_checkers_follow_a_dataset_variant(tmp_path, monkeypatch):
    from imlib.datasets import write_datasets
    from imlib.exercises import check

    write_datasets(tmp_path, seed=23)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    variant = chain_table(*(load_dataset(n) for n in LINKED))
    assert check("profitchain-isq-received", variant[["branch", "period", "isq"]])


# --- Lab 11's checkers ----------------------------------------------------------------------


def test_capstone_checkers_right_and_wrong():
    from imlib import (
        example_plan,
        internal_service_quality,
        markets_audit,
        servqual_gaps,
        turnover_rate,
    )
    from imlib.exercises import check
    from imlib.exercises.capstone import annual_retention, matching_table
    from imlib.loyalty import clv
    from imlib.programme import Objective

    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    rel = gaps[gaps["dimension"] == "reliability"].set_index("branch")["gap"]
    assert check("capstone-worst-reliability", rel.idxmin())
    assert not check("capstone-worst-reliability", rel.idxmax())

    ret = annual_retention(load_dataset("branch_money"))
    value = clv(184.0, retention=float(ret["Northgate"])) - clv(
        184.0, retention=float(ret["Riverside"])
    )
    assert check("capstone-clv-gap", value)
    assert "other way round" in check("capstone-clv-gap", -value).message

    jury = load_dataset("rm_jury")
    audit = markets_audit(jury[(jury["firm"] == "Northbank") & (jury["audit"] == "six_markets")])
    top = str(audit.sort_values("rank").iloc[0]["market"])
    assert check("capstone-markets-priority", top.replace("_", " "))
    assert not check("capstone-markets-priority", "customer_new")

    isq = internal_service_quality(load_dataset("staff_survey"))
    worst = isq.sort_values("mean_rating")["supplier_department"]
    assert check("capstone-weakest-supplier", worst.iloc[0])
    assert not check("capstone-weakest-supplier", worst.iloc[-1])

    people = load_dataset("branch_people")
    one = people[(people["branch"] == "Riverside") & people["period"].str.startswith("2025")]
    one = one.sort_values("period")
    rate = turnover_rate(
        one["leavers"].sum(), one["headcount_start"].iloc[0], one["headcount_end"].iloc[-1]
    )
    assert check("capstone-riverside-turnover", rate)
    quarterly = [
        turnover_rate(r.leavers, r.headcount_start, r.headcount_end) for r in one.itertuples()
    ]
    if abs(np.mean(quarterly) - rate) > 0.05:
        assert (
            "mean of the quarterly"
            in check("capstone-riverside-turnover", np.mean(quarterly)).message
        )

    table = matching_table().set_index("dimension")
    assert check("capstone-act-first", table["mismatch"].idxmax())
    assert not check("capstone-act-first", table["mismatch"].idxmin())

    assert check("capstone-missing-loop", "esq")
    assert not check("capstone-missing-loop", "ISQ")

    base = rel["Riverside"]
    plan = example_plan()
    plan.objectives.append(
        Objective(
            "Reliable loans",
            "Riverside reliability gap (points)",
            round(base, 2),
            0.0,
            "2026-12-31",
        )
    )
    assert check("capstone-customer-objective", plan)
    wrong = example_plan()
    wrong.objectives.append(
        Objective(
            "Reliable loans",
            "Riverside reliability gap (points)",
            round(base, 2),
            base - 1,
            "2026-12-31",
        )
    )
    assert "target must be above" in check("capstone-customer-objective", wrong).message
    assert not check("capstone-customer-objective", example_plan())
    assert check("capstone-customer-objective", "a plan").status == "wrong"


def test_every_lab_module_label_has_its_prefix():
    import imlib.exercises.capstone  # noqa: F401
    import imlib.exercises.profitchain  # noqa: F401
    from imlib.exercises import _core

    labs = _core.labs()
    for prefix in ("profitchain", "capstone"):
        assert len(labs[prefix].labels) >= 8
        assert all(label.startswith(f"{prefix}-") for label in labs[prefix].labels)
