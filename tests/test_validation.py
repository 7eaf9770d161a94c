"""The constraint objects of imlib._validation, read by validators, messages, sliders and tests."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from imlib._validation import (
    FINITE,
    Boolean,
    Each,
    FilePath,
    Frame,
    Interval,
    Options,
    Scale,
    Text,
    require_between,
    validate_params,
)
from imlib.delivery import RATE_RANGE, STAGES_RANGE
from imlib.loyalty import DISCOUNT_RANGE, RETENTION_RANGE


def test_an_interval_is_also_the_tuple_sliders_read():
    low, high = RETENTION_RANGE
    assert (low, high) == (0.0, 1.0) and RETENTION_RANGE == (0.0, 1.0)
    assert RETENTION_RANGE[1] == 1.0 and len(RETENTION_RANGE) == 2
    assert RETENTION_RANGE.closed == "left" and DISCOUNT_RANGE.closed == "both"
    assert STAGES_RANGE.integer and repr(STAGES_RANGE) == "Interval(1, 30, integer=True)"


@pytest.mark.parametrize(
    ("interval", "inside", "outside", "text"),
    [
        (Interval(0, 1, closed="left"), [0, 0.5, 0.999], [1, -0.1, math.nan, math.inf], "[0, 1)"),
        (Interval(0, 1, closed="right"), [1, 1e-9], [0, 2], "(0, 1]"),
        (Interval(0, 1, closed="neither"), [0.5], [0, 1], "(0, 1)"),
        (Interval(0, np.inf), [0, 1e300], [math.inf, -1], "[0, inf)"),
        (Interval(0, np.inf, allow_inf=True), [math.inf], [-math.inf], "[0, inf]"),
        (FINITE, [-1e300, 0], [math.inf, -math.inf, math.nan], "(-inf, inf)"),
        (Interval(1, 30, integer=True), [1, 30, 5.0], [0, 31, 2.5], "[1, 30]"),
    ],
)
def test_interval_membership_and_bounds(interval, inside, outside, text):
    assert interval.bounds() == text
    assert all(v in interval for v in inside)
    assert not any(v in interval for v in outside)
    assert True not in interval and "0.5" not in interval  # never by truthiness or text


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (math.inf, ValueError, "f(): argument 'rate' must lie in [0, 1); got inf."),
        (math.nan, ValueError, "f(): argument 'rate' must lie in [0, 1); got nan."),
        (1.0, ValueError, "f(): argument 'rate' must lie in [0, 1); got 1.0."),
        ("0.5", TypeError, "f(): argument 'rate' must be a number in [0, 1), got str '0.5'."),
        (True, TypeError, "f(): argument 'rate' must be a number in [0, 1), got bool True."),
    ],
)
def test_interval_messages_name_function_argument_range_and_value(value, error, message):
    with pytest.raises(error) as info:
        Interval(0, 1, closed="left").check(value, func="f", name="rate")
    assert str(info.value) == message


def test_percent_hint_and_whole_numbers():
    with pytest.raises(ValueError, match=r"\(rates are fractions: write 1% as 0.01\); got 5"):
        RATE_RANGE.check(5, func="f", name="p")
    assert Interval(1, 10, integer=True).check(3.0, func="f", name="n") == 3
    with pytest.raises(TypeError, match=r"must be a whole number in \[1, 10\], got float 2.5"):
        Interval(1, 10, integer=True).check(2.5, func="f", name="n")


def test_column_checks_count_rows_and_show_the_first_offender():
    frame = pd.DataFrame({"r": [0.2, np.inf, 3.0]}, index=[10, 11, 12])
    with pytest.raises(ValueError) as info:
        require_between(frame, "r", 0, 1, func="f")
    assert str(info.value) == (
        "f(): column 'r' must be present and lie in [0, 1]; 2 row(s) do not "
        "(first: index 11, value inf)."
    )
    empty = pd.DataFrame({"r": [np.nan, np.nan]})
    with pytest.raises(ValueError, match="all 2 row.s. are missing"):
        require_between(empty, "r", 0, 1, func="f", allow_missing=True)
    words = pd.DataFrame({"r": [0.1, "high"]})
    with pytest.raises(TypeError, match=r"must be numeric.*first: index 1, value 'high'"):
        require_between(words, "r", 0, 1, func="f")


def test_booleans_are_real_booleans():
    check = Boolean().check_column
    check(pd.DataFrame({"d": [True, False]}), "d", func="f")
    check(pd.DataFrame({"d": [1, 0]}), "d", func="f")
    with pytest.raises(TypeError, match=r"2 row\(s\) do not \(first: index 0, value 'False'\)"):
        check(pd.DataFrame({"d": ["False", "True"]}), "d", func="f")
    with pytest.raises(ValueError, match="value 2"):
        check(pd.DataFrame({"d": [1, 2]}), "d", func="f")
    with pytest.raises(TypeError, match="argument 'flag' must be boolean"):
        Boolean().check("False", func="f", name="flag")
    assert Boolean().check(np.bool_(True), func="f", name="flag") is True


def test_options_text_scale_each_and_paths():
    assert Options(("a", "b")).check("a", func="f", name="x") == "a"
    with pytest.raises(ValueError, match="argument 'x' must be one of 'a', 'b'; got 'c'"):
        Options(("a", "b")).check("c", func="f", name="x")
    with pytest.raises(ValueError, match="must be one of"):
        Options((0, 1)).check(True, func="f", name="x")  # True == 1, but is not a choice
    with pytest.raises(ValueError, match="non-empty string"):
        Text().check("  ", func="f", name="name")
    assert Scale().check((1, 7), func="f", name="scale") == (1.0, 7.0)
    for bad in Scale().bad_values():
        with pytest.raises((TypeError, ValueError)):
            Scale().check(bad, func="f", name="scale")
    assert Each(FINITE).check([1, 2], func="f", name="y") == [1, 2]
    with pytest.raises(ValueError, match=r"^f\(\): y\[1\] must be a finite number; got inf"):
        Each(FINITE).check([1, math.inf], func="f", name="y")
    with pytest.raises(ValueError, match=r"must end in \.json"):
        FilePath(".json").check("plan.txt", func="f", name="path")


def test_frame_resolves_columns_through_arguments_and_checks_keys():
    spec = Frame({"rate_col": Interval(0, 1), "stage": Text()}, key="stage", missing=["rate_col"])
    bound = {"rate_col": "error_rate"}
    columns, keys = spec.resolve(bound)
    assert set(columns) == {"error_rate", "stage"} and keys == ["stage"]
    good = pd.DataFrame({"stage": ["a", "b"], "error_rate": [0.1, np.nan]})
    spec.check(good, func="f", name="rates", bound=bound)
    twice = pd.concat([good, good.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"rates must have one row per 'stage'.*value 'a'"):
        spec.check(twice, func="f", name="rates", bound=bound)
    with pytest.raises(ValueError, match="one row per index label.*first: index 0"):
        spec.check(pd.concat([good, good]), func="f", name="rates", bound=bound)


def test_validate_params_declares_checks_and_names_the_decorated_function():
    @validate_params({"rate": DISCOUNT_RANGE, "flag": Boolean()})
    def public(rate: float, *, flag: bool = False) -> float:
        return rate

    assert public(0.5) == 0.5 and set(public.__constraints__) == {"rate", "flag"}
    with pytest.raises(ValueError, match=r"^public\(\): argument 'rate'"):
        public(2)
    with pytest.raises(TypeError, match=r"^public\(\): argument 'flag' must be boolean"):
        public(0.5, flag="False")
    with pytest.raises(TypeError, match="has no parameter 'rat'"):
        validate_params({"rat": FINITE})(lambda rate: rate)
