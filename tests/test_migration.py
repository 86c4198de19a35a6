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
    # and each window's revenue on its own: up (B) 5 -> 90, down (C) 80 -> 10, new (E) 0 -> 3, lost (D) 1 -> 0
    assert summary["previous_revenue"].to_dict() == {"up": 5.0, "same": 100.0, "down": 80.0, "new": 0.0, "lost": 1.0}
    assert summary["current_revenue"].to_dict() == {"up": 90.0, "same": 120.0, "down": 10.0, "new": 3.0, "lost": 0.0}


def test_a_customer_whose_lines_in_a_window_are_returns_alone_did_not_buy_there():
    """Found in QA (Online Retail): 947 customers were new in the migration, 944 in the tier table; the 3 others
    only returned goods in the window. Without ``orders`` (a hand-written or earlier table), a buyer in a window is
    one whose revenue there is above zero; C, graded now with a return alone and not there before, bought in
    neither window and has that cell (QA: such customers were in no cell)."""
    previous = _grades([("A", "big", 100.0), ("B", "small", 5.0)])
    current = _grades([("A", "small", -20.0), ("B", "small", 0.0), ("C", "small", -3.0), ("D", "small", 7.0)])
    summary = migration_summary(migration_matrix(previous, current, labels=LABELS)).set_index("move")
    assert summary["customers"].to_dict() == {"up": 0, "same": 0, "down": 0, "new": 1, "lost": 2, "none": 1}
    assert summary.loc["lost", "revenue"] == 105.0 and summary.loc["new", "revenue"] == 7.0


def _ordered(rows):
    """A graded table with ``orders``: orders with a purchase (a line of positive amount) in the window."""
    df = pd.DataFrame(rows, columns=["customer_id", "value_tier", "revenue", "orders"])
    df["value_tier"] = pd.Categorical(df["value_tier"], categories=LABELS, ordered=True)
    return df


def test_a_customer_who_bought_and_returned_more_is_graded_not_lost_and_every_customer_has_a_cell():
    """QA (U8 出库单): 12 customers "did not buy" in the findings, 7 in the note under the tier table; 5 had bought
    in the window and returned more (graded C in the tier table), and 4 customers graded now were in no cell.
    Did not buy = no order in the window; a customer with an order is in their tier however much they returned.

    By hand, previous window then this one (orders in brackets):
    A big 100 (2)    -> small -20 (1: bought 10, returned 30)   down, not lost
    B small 5 (1)    -> small 0.0 (0: a free good alone)        lost, previous revenue 5, graded now
    C small -8 (1: bought 2, returned 10) -> big 50 (1)         up from small (it bought before), not new
    D -> (no line before) small -3 (0: a return alone)          in neither window
    E small -4 (0: a return alone) -> no line now               in neither window
    F big 40 (1)     -> no line now                             lost, previous revenue 40, not graded now
    G -> small 7 (1)                                            new
    """
    previous = _ordered([("A", "big", 100.0, 2), ("B", "small", 5.0, 1), ("C", "small", -8.0, 1),
                         ("E", "small", -4.0, 0), ("F", "big", 40.0, 1)])
    current = _ordered([("A", "small", -20.0, 1), ("B", "small", 0.0, 0), ("C", "big", 50.0, 1),
                        ("D", "small", -3.0, 0), ("G", "small", 7.0, 1)])
    table = migration_matrix(previous, current, labels=LABELS)
    summary = migration_summary(table).set_index("move")
    assert summary["customers"].to_dict() == {"up": 1, "same": 0, "down": 1, "new": 1, "lost": 2, "none": 2}
    # every customer graded in either window (A to G: 7) exactly once
    assert table["customers"].sum() == 7
    pivot = migration_pivot(table)
    assert pivot.loc["big", "small"] == 1 and pivot.loc["small", "big"] == 1  # A down, C up
    assert pivot.loc["small", "lost"] == 1 and pivot.loc["big", "lost"] == 1  # B, F
    assert pivot.loc["new", "small"] == 1 and pivot.loc["new", "lost"] == 2  # G; D and E
    # not buying now: B's 5 and F's 40 before; B is graded now (its tier table counts its 5 already)
    assert summary.loc["lost", "revenue"] == 45.0
    assert table.loc[table["move"] == "lost", "graded_previous"].sum() == 5.0
    # each window's net revenue, all of it: now -20 + 0 + 50 - 3 + 7 = 34; before 100 + 5 - 8 - 4 + 40 = 133
    assert table["current_revenue"].sum() == 34.0 and table["previous_revenue"].sum() == 133.0
    assert summary.loc["down", "current_revenue"] == -20.0 and summary.loc["up", "previous_revenue"] == -8.0
    assert summary.loc["none", "current_revenue"] == -3.0 and summary.loc["none", "previous_revenue"] == -4.0


def test_the_cell_of_customers_who_bought_in_neither_window_shows_them_when_there_are_some():
    previous = _ordered([("A", "big", 100.0, 1)])
    current = _ordered([("A", "big", 120.0, 1), ("D", "small", -3.0, 0)])
    table = migration_matrix(previous, current, labels=LABELS)
    assert migration_pivot(table).loc["new", "lost"] == 1
    assert migration_pivot(table, "revenue").loc["new", "lost"] == -3.0


def test_sensitivity_by_hand():
    df = pd.DataFrame({"customer_id": list("ABCD"), "revenue": [95.0, 105.0, 150.0, 50.0]})
    table = threshold_sensitivity(df, "revenue", [100.0], LABELS, step=0.1)
    down, up = table.iloc[0], table.iloc[1]
    assert down["moved_to"] == pytest.approx(90.0) and down["customers_changed"] == 1  # A moves up
    assert down["revenue_changed"] == 95.0
    assert up["moved_to"] == pytest.approx(110.0) and up["customers_changed"] == 1     # B moves down
    assert up["customers_changed_share"] == 0.25


def test_sensitivity_reports_a_move_that_would_overlap():
    df = pd.DataFrame({"customer_id": list("AB"), "revenue": [1.0, 2.0]})
    table = threshold_sensitivity(df, "revenue", [100.0, 105.0], ["a", "b", "c"], step=0.1)
    assert table.loc[1, "note"] == "would overlap the next threshold"


def test_a_moved_money_threshold_is_a_cent_amount_and_customers_are_graded_by_it():
    # 254,970.41 x 0.9 = 229,473.369 and x 1.1 = 280,467.451: to the cent 229,473.37 and 280,467.45
    df = pd.DataFrame({"customer_id": ["A", "B"], "revenue": [280467.45, 300000.00]})
    table = threshold_sensitivity(df, "revenue", [254970.41], LABELS, step=0.1)
    assert table["moved_to"].tolist() == [229473.37, 280467.45]
    assert table.to_csv(index=False).splitlines()[1:3] == [
        "value,254970.41,229473.37,0,0.0,0.0,", "value,254970.41,280467.45,0,0.0,0.0,"]
    # A's 280,467.45 reaches the threshold shown, so A stays big (it would not reach 280,467.451)
    assert table.loc[1, "customers_changed"] == 0


def test_a_moved_threshold_that_is_not_money_keeps_its_decimals():
    df = pd.DataFrame({"customer_id": ["A", "B"], "growth": [-0.5, 0.5]})
    table = threshold_sensitivity(df, "growth", [0.123], LABELS, step=0.1, revenue="none")
    assert table["moved_to"].tolist() == [0.1107, 0.1353]


def test_a_negative_threshold_moves_down_first_too():
    df = pd.DataFrame({"customer_id": list("abcd"), "growth": [-0.5, -0.105, -0.095, 0.3], "revenue": [1.0] * 4})
    table = threshold_sensitivity(df, "growth", [-0.1, 0.15], ["low", "mid", "high"], step=0.1)
    first = table[table["threshold"] == -0.1]
    assert first["moved_to"].tolist() == [-0.11, -0.09]  # down, then up
    assert first["customers_changed"].tolist() == [1, 1]  # -0.105 rises to mid; -0.095 falls to low


def test_a_whole_threshold_on_counts_moves_by_whole_orders():
    """Frequency thresholds of 2 and 5 orders were moved to 1.8 / 2.2 and 4.5 / 5.5: 1.8 grades as 2, 2.2 as 3
    (found in QA)."""
    from kit.migration import threshold_sensitivity

    df = pd.DataFrame({"customer_id": list("abcdef"), "orders": [1, 2, 3, 5, 6, 30], "revenue": [1.0] * 6})
    table = threshold_sensitivity(df, "orders", [2, 5, 20], ["low", "mid", "high", "top"], grader="frequency")
    assert table["moved_to"].tolist() == [1, 3, 4, 6, 18, 22]
    # 2 -> 1: a (1 order) moves up; 2 -> 3: b (2 orders) moves down; 5 -> 4: none has 4; 5 -> 6: d (5) moves down
    assert table["customers_changed"].tolist() == [1, 1, 0, 1, 0, 0]


def test_the_cell_of_customers_in_neither_window_is_empty_not_zero():
    """The heatmap showed "no purchase before → did not buy: 0", a cell no customer can be in (QA)."""
    previous = _grades([("A", "big", 100.0), ("D", "small", 1.0)])
    current = _grades([("A", "big", 120.0), ("E", "small", 3.0)])
    pivot = migration_pivot(migration_matrix(previous, current, labels=LABELS))
    assert pd.isna(pivot.loc["new", "lost"])
    assert pivot.drop(index="new").notna().all().all() and pivot.loc["new", ["big", "small"]].tolist() == [0, 1]
    assert pivot.loc["big", "small"] == 0  # nobody moved there: a real 0


def test_potential_sensitivity_shares_are_of_every_graded_customer():
    """QA: 7 customers moving was said to be 1.7% (7 of the 402 with a growth figure), not 1.5% of the 457 graded."""
    from kit.migration import sensitivity_for
    from kit.params import Grading

    growth = [-0.095] * 7 + [0.5] * 393 + [None] * 57  # 7 between -10% and -9%; 57 without a previous window
    graded = pd.DataFrame({"customer_id": [f"C{i}" for i in range(457)], "revenue": [100.0] * 457,
                           "growth": growth})
    grading = Grading.model_validate({"value": {"method": "pareto"},
                                      "potential": {"method": "thresholds", "thresholds": [-0.1, 0.1],
                                                    "labels": ["low", "mid", "high"]}})
    table = sensitivity_for(graded, grading)
    row = table.loc[(table["grader"] == "potential") & (table["threshold"] == -0.1)
                    & ((table["moved_to"] + 0.09).abs() < 1e-9)].iloc[0]
    assert row["customers_changed"] == 7 and row["customers_changed_share"] == round(7 / 457, 4)
