from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.errors import GradingError
from kit.grading import describe_thresholds, grade_by_thresholds

T = [100_000, 300_000, 1_000_000]
L = ["小客户", "一般客户", "重要客户", "VIP客户"]


@pytest.mark.parametrize(
    "revenue, tier",
    [
        (-500.0, "小客户"),          # net returns
        (0.0, "小客户"),
        (99_999.99, "小客户"),
        (100_000.0, "一般客户"),     # exactly at a threshold: the higher tier
        (100_000.01, "一般客户"),
        (299_999.99, "一般客户"),
        (300_000.0, "重要客户"),
        (999_999.99, "重要客户"),
        (1_000_000.0, "VIP客户"),
        (1_000_000.01, "VIP客户"),
        (5e9, "VIP客户"),
    ],
)
def test_tier_at_and_around_every_boundary(revenue, tier):
    graded = grade_by_thresholds(pd.DataFrame({"revenue": [revenue]}), "revenue", T, L)
    assert graded["value_tier"].iloc[0] == tier


def test_tiers_are_ordered_categorical_lowest_first_and_input_untouched():
    df = pd.DataFrame({"customer_id": ["a", "b"], "revenue": [2e6, 1.0]})
    graded = grade_by_thresholds(df, "revenue", T, L)
    assert list(graded["value_tier"].cat.categories) == L
    assert graded["value_tier"].cat.ordered
    assert graded["value_tier"].cat.codes.tolist() == [3, 0]
    assert "value_tier" not in df


def test_every_customer_gets_exactly_one_grade():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"revenue": rng.lognormal(11, 1.7, size=5000).round(2)})
    graded = grade_by_thresholds(df, "revenue", T, L)
    assert graded["value_tier"].notna().all()
    expected = np.select(
        [df.revenue >= 1e6, df.revenue >= 3e5, df.revenue >= 1e5], ["VIP客户", "重要客户", "一般客户"], "小客户"
    )
    assert (graded["value_tier"].astype(str).to_numpy() == expected).all()


def test_raising_a_threshold_never_moves_a_customer_up():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"revenue": rng.lognormal(11, 1.7, size=2000).round(2)})
    before = grade_by_thresholds(df, "revenue", T, L)["value_tier"].cat.codes
    after = grade_by_thresholds(df, "revenue", [100_000, 350_000, 1_000_000], L)["value_tier"].cat.codes
    assert (after <= before).all()


@pytest.mark.parametrize(
    "thresholds, labels, match",
    [
        ([1, 2], ["a", "b"], "need 3 labels"),
        ([2, 1], ["a", "b", "c"], "strictly ascending"),
    ],
)
def test_bad_rules_raise(thresholds, labels, match):
    with pytest.raises(GradingError, match=match):
        grade_by_thresholds(pd.DataFrame({"revenue": [1.0]}), "revenue", thresholds, labels)


def test_missing_values_cannot_be_graded():
    with pytest.raises(GradingError, match="missing values"):
        grade_by_thresholds(pd.DataFrame({"revenue": [1.0, np.nan]}), "revenue", T, L)


def test_describe_thresholds_highest_first():
    table = describe_thresholds(T, L)
    assert table["tier"].tolist() == L[::-1]
    assert table["lower"].tolist()[:3] == [1_000_000, 300_000, 100_000]
    assert np.isnan(table["lower"].iloc[-1]) and np.isnan(table["upper"].iloc[0])
