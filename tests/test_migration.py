from __future__ import annotations

import pandas as pd
import pytest

from kit.migration import migration_matrix, migration_pivot, migration_summary, threshold_sensitivity

LABELS = ["small", "big"]


def _grades(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "value_tier", "revenue"])
    df["value_tier"] = pd.Categorical(df["value_tier"], categories=LABELS, ordered=True)
    return df


def test_migration_by_hand():
    previous = _grades([("A", "big", 100.0), ("B", "small", 5.0), ("C", "big", 80.0), ("D", "small", 1.0)])
    current = _grades([("A", "big", 120.0), ("B", "big", 90.0), ("C", "small", 10.0), ("E", "small", 3.0)])
    table = migration_matrix(previous, current, labels=LABELS)
    pivot = migration_pivot(table)
    assert list(pivot.index) == ["big", "small", "new"] and list(pivot.columns) == ["big", "small", "lost"]
    assert pivot.loc["big", "big"] == 1 and pivot.loc["small", "big"] == 1 and pivot.loc["big", "small"] == 1
    assert pivot.loc["small", "lost"] == 1 and pivot.loc["new", "small"] == 1
    summary = migration_summary(table).set_index("move")
    assert summary["customers"].to_dict() == {"up": 1, "same": 1, "down": 1, "new": 1, "lost": 1}
    # revenue: the current window's; for lost customers their previous revenue
    assert summary.loc["lost", "revenue"] == 1.0 and summary.loc["up", "revenue"] == 90.0
    assert table["customers"].sum() == 5  # every customer of either window exactly once


def test_sensitivity_by_hand():
    df = pd.DataFrame({"customer_id": list("ABCD"), "revenue": [95.0, 105.0, 150.0, 50.0]})
    table = threshold_sensitivity(df, "revenue", [100.0], LABELS, step=0.1)
    down, up = table.iloc[0], table.iloc[1]
    assert down["moved_to"] == pytest.approx(90.0) and down["customers_changed"] == 1  # A moves up
    assert down["revenue_changed"] == 95.0
    assert up["moved_to"] == pytest.approx(110.0) and up["customers_changed"] == 1     # B moves down
    assert up["share_changed"] == 0.25


def test_sensitivity_reports_a_move_that_would_overlap():
    df = pd.DataFrame({"customer_id": list("AB"), "revenue": [1.0, 2.0]})
    table = threshold_sensitivity(df, "revenue", [100.0, 105.0], ["a", "b", "c"], step=0.1)
    assert table.loc[1, "note"] == "would overlap the next threshold"
