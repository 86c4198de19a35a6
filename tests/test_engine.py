"""The DuckDB engine gives exactly the pandas path's per-customer table."""

from __future__ import annotations

import statistics
from pathlib import Path

import pandas as pd
import pytest

from kit import engine, features
from kit.datasets import pharma_orders


def _both(tx: pd.DataFrame, tmp_path, **window):
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    return (features.customer_features(tx, **window).reset_index(drop=True),
            engine.customer_features(path, **window).reset_index(drop=True))


def _tx(rows, with_order=True):
    df = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date", "amount"])
    df["order_date"] = pd.to_datetime(df["order_date"])
    df["customer_id"] = df["customer_id"].astype("string")
    return df if with_order else df.drop(columns="order_id")


WINDOW = {"start": "2025-01-01", "end": "2025-12-31"}


def test_engine_equals_pandas_on_the_demo(tmp_path):
    tx = pharma_orders(120, months=30, seed=5)
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_a_client_s_own_attributes_reach_the_customer_table_by_both_engines(tmp_path):
    """`data.columns.attributes: {部门: 部门}` was cleaned into the transactions but never reached grades.csv."""
    tx = _tx([("A", "o1", "2025-01-05", 10.0), ("A", "o2", "2025-06-01", 5.0), ("B", "o3", "2025-03-01", 7.0)])
    tx["部门"] = ["华东部", "华南部", "华北部"]  # A moved to 华南部 with its latest order
    tx["sales rep's team"] = ["t1", "t2", "t3"]  # a name that needs quoting in SQL
    tx["customer_name"] = ["甲", "甲", "乙"]
    tx["product"] = ["p1", "p2", "p3"]  # an order line's, not the customer's
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert theirs.columns[:4].tolist() == ["customer_id", "customer_name", "部门", "sales rep's team"]
    assert theirs["部门"].tolist() == ["华南部", "华北部"] and "product" not in theirs
    # an attribute under a feature's name: the feature wins (params refuse such a name before a run)
    clash = _both(tx.assign(orders=["x", "y", "z"]), tmp_path, **WINDOW)[1]
    assert clash["orders"].tolist() == [2, 1]
    # a table with its own column names: those are the order line's, no attributes (found in review)
    own = tx.rename(columns={"customer_id": "cust", "order_date": "d", "amount": "amt", "order_id": "oid"})
    named = features.customer_features(own[["cust", "d", "amt", "oid"]], customer="cust", date="d", amount="amt",
                                       order="oid", **WINDOW)
    assert named.columns[:2].tolist() == ["customer_id", "revenue"]


def test_a_name_on_a_customer_s_first_order_only_is_theirs_by_both_engines(tmp_path):
    """Blank (None, "", spaces) on the later orders: the latest date that has a value gives it (found in QA)."""
    tx = _tx([("A", "o1", "2025-01-05", 10.0), ("A", "o2", "2025-06-01", 5.0), ("A", "o3", "2025-06-01", 1.0),
              ("B", "o4", "2025-03-01", 7.0), ("C", "o5", "2025-04-01", 2.0)])
    tx["customer_name"] = ["甲医院", None, " ", "乙医院", ""]
    tx["beds"] = [300.0, None, 350.0, None, None]
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert theirs["customer_name"].tolist()[:2] == ["甲医院", "乙医院"] and pd.isna(theirs["customer_name"][2])
    assert theirs["beds"].tolist()[0] == 350


def test_two_values_on_the_latest_day_give_the_largest_by_both_engines(tmp_path):
    """The tie-break on a customer's latest day does not depend on row order, and a larger value written on an
    earlier day does not win (the engine takes the greatest (day, value) pair)."""
    tx = _tx([("A", "o1", "2025-01-05", 10.0), ("A", "o2", "2025-06-01", 5.0), ("A", "o3", "2025-06-01", 1.0),
              ("B", "o4", "2025-03-01", 7.0), ("B", "o5", "2025-03-01", 2.0)])
    tx["customer_name"] = ["龙医院", "乙医院", "甲医院", "b", "a"]  # 龙 > 甲 > 乙 as code points
    tx["beds"] = [900.0, 300.0, 350.0, None, 20.0]
    for order in (tx, tx.iloc[::-1].reset_index(drop=True)):
        ours, theirs = _both(order, tmp_path, **WINDOW)
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
        assert theirs["customer_name"].tolist() == ["甲医院", "b"] and theirs["beds"].tolist() == [350, 20]


def test_an_attribute_may_not_take_the_name_of_a_column_the_kit_writes(write_params, valid_params_text):
    from kit.errors import ParamsError
    from kit.params import load_params

    path = write_params(valid_params_text)
    with pytest.raises(ParamsError, match=r"`data.columns.attributes.orders` is the name of a column the kit writes"):
        load_params(path, overrides=["data.columns.attributes={orders: 订单数}"])


@pytest.mark.parametrize(
    "rows",
    [
        [("A", "o1", "2020-01-01", 5.0)],                                        # empty window
        [("A", "o1", "2025-06-01", 12.05)],                                       # one customer
        [("A", "o1", "2025-02-01", 100.0), ("A", "r1", "2025-03-01", -100.0)],    # returns net to zero
        [("A", "o1", "2025-02-01", 9.0), ("B", "r1", "2025-03-01", -4.0), ("B", "r2", "2025-04-01", -1.0),
         ("C", "o2", "2025-05-01", 0.0)],                                          # returns only; free goods
        [("A", "o1", "2024-03-03", 50.0), ("A", "r1", "2025-03-03", -20.0)],      # a return after a purchase before
        [("A", "o1", "2025-02-01", 0.1)] * 10 + [("B", "o2", "2025-12-31", 0.2)],  # cents add up exactly
        [("A", "o1", "2024-05-01", 3.0), ("A", "o2", "2025-05-01", 4.0), ("B", "o3", "2025-01-01", 1.0)],
    ],
)
def test_engine_equals_pandas_on_edge_cases(tmp_path, rows):
    ours, theirs = _both(_tx(rows), tmp_path, **WINDOW)
    assert len(ours) == len(theirs)
    if len(ours):
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_engine_without_order_id_counts_order_days(tmp_path):
    rows = [("A", None, "2025-01-01", 1.0), ("A", None, "2025-01-01", 2.0), ("A", None, "2025-01-02", 3.0)]
    ours, theirs = _both(_tx(rows, with_order=False), tmp_path, **WINDOW)
    assert theirs["orders"].tolist() == [2]
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_a_return_alone_does_not_make_a_customer_recent(tmp_path):
    # B bought in 2024-03 and only returned goods in 2025-11: its last purchase is 2024-03-10
    # (2025-12-31 - 2024-03-10 = 661 days); C never bought: the return's own date stands
    rows = [("A", "o1", "2025-06-01", 10.0), ("B", "o2", "2024-03-10", 50.0), ("B", "r1", "2025-11-20", -5.0),
            ("C", "r2", "2025-07-01", -3.0)]
    ours, theirs = _both(_tx(rows), tmp_path, **WINDOW)
    assert ours["last_purchase"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-01", "2024-03-10", "2025-07-01"]
    assert ours["recency_days"].tolist() == [213, 661, 183]
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_lines_without_an_order_id_count_by_day(tmp_path):
    # an export where some lines carry no order number: those count as one order per day,
    # next to the numbered orders (A: o1, o2 and two blank-ID days = 4; B: blank IDs only = 2 days)
    rows = [("A", "o1", "2025-01-01", 1.0), ("A", "o1", "2025-01-01", 2.0), ("A", "o2", "2025-01-03", 3.0),
            ("A", None, "2025-01-03", 4.0), ("A", None, "2025-02-01", 5.0), ("A", "", "2025-02-01", 6.0),
            ("A", None, "2025-03-01", -1.0),
            ("B", None, "2025-04-01", 1.0), ("B", None, "2025-04-01", 1.0), ("B", None, "2025-05-01", 1.0)]
    tx = _tx(rows)
    tx["order_id"] = tx["order_id"].astype("string")
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    assert ours["orders"].tolist() == [4, 2]
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_engine_is_deterministic(tmp_path):
    tx = pharma_orders(80, months=24, seed=9)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    first = engine.customer_features(path, **WINDOW, threads=2)
    second = engine.customer_features(path, **WINDOW, threads=1)
    assert first.to_csv(index=False) == second.to_csv(index=False)


def test_a_million_rows_give_byte_identical_features_on_every_run(tmp_path):
    """Parallel engines add floats in a different order each run; money in cents makes that irrelevant."""
    import numpy as np

    rng = np.random.default_rng(1)
    n = 1_000_000
    tx = pd.DataFrame({
        "customer_id": pd.Series(np.char.mod("C%06d", rng.integers(0, 50_000, n))),
        "order_id": pd.Series(np.char.mod("O%08d", np.arange(n))),
        "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D"),
        "amount": rng.integers(-1_000, 1_000_000, n) / 100,
    })
    path = tmp_path / "big.parquet"
    tx.to_parquet(path, index=False)
    runs = [engine.customer_features(path, **WINDOW, threads=t).to_csv(index=False) for t in (2, 1, 2)]
    assert runs[0] == runs[1] == runs[2]


def _previous_by_pandas(tx: pd.DataFrame) -> pd.DataFrame:
    """The previous window's customers (every one with a line there), their net revenue by the pandas path on
    that window, and their lines of positive amount, counted by hand."""
    out = features.customer_features(tx, start="2024-01-01", end="2024-12-31")
    window = tx[(tx["order_date"] >= "2024-01-01") & (tx["order_date"] <= "2024-12-31")]
    lines = (window["amount"] > 0).groupby(window["customer_id"]).sum()
    out["purchase_lines"] = out["customer_id"].map(lines).fillna(0).astype(int)
    return out[["customer_id", "revenue", "purchase_lines"]].reset_index(drop=True)


@pytest.mark.parametrize(
    "rows",
    [
        [("A", "o1", "2024-03-01", 5.0), ("B", "o2", "2025-03-01", 7.0)],         # A only before, B only now
        [("A", "o1", "2024-03-01", 5.0), ("A", "r1", "2024-04-01", -5.0)],        # nets to zero, bought all the same
        [("A", "o1", "2024-03-01", 0.0), ("A", "o2", "2025-03-01", 5.0)],         # a free good alone: no order
        [("A", "o1", "2023-12-31", 5.0), ("A", "o2", "2025-01-01", 1.0)],         # before the previous window
        [("A", "o1", "2024-12-31", 0.1)] * 3 + [("B", "o2", "2024-01-01", 2.5)],  # both window edges, exact cents
    ],
)
def test_one_scan_gives_the_previous_window_too(tmp_path, rows):
    tx = _tx(rows)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    tables = engine.customer_tables(path, **WINDOW)
    expected = _previous_by_pandas(tx)
    assert tables.previous["customer_id"].tolist() == expected["customer_id"].tolist()
    assert tables.previous["revenue"].tolist() == expected["revenue"].tolist()
    assert tables.previous["purchase_lines"].tolist() == expected["purchase_lines"].tolist()
    current, _ = _both(tx, tmp_path, **WINDOW)
    assert tables.current["customer_id"].tolist() == current["customer_id"].tolist()


def test_previous_window_by_hand(tmp_path):
    tx = _tx([("A", "o1", "2024-03-01", 5.0), ("A", "o2", "2024-12-31", 1.25), ("B", "o3", "2023-12-31", 9.0),
              ("C", "o4", "2025-06-01", 3.0), ("D", "o5", "2024-01-01", -2.0)])
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    previous = engine.customer_tables(path, **WINDOW).previous
    # B bought before the previous window, C only in the current one; D only returned in the previous one: listed
    # (a customer of that window, for the migration table), with no order (did not buy there)
    assert previous["customer_id"].tolist() == ["A", "D"]
    assert previous["revenue"].tolist() == [6.25, -2.0]
    assert previous["purchase_lines"].tolist() == [2, 0]


def test_the_terminal_counts_buyers_apart_from_customers_with_only_returns(tmp_path):
    """The terminal said 116 家客户采购 where 4 of them had only returns in the window (review)."""
    tx = _tx([("A", "o1", "2025-03-01", 5.0), ("B", "o2", "2025-04-01", -3.0), ("B", "o0", "2024-04-01", 3.0),
              ("C", "o3", "2024-06-01", 2.0), ("D", "o4", "2024-07-01", -1.0), ("E", "o5", "2025-05-01", 0.0)])
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    said: list[str] = []
    tables = engine.customer_tables(path, **WINDOW, note=said.append, lang="zh")
    assert tables.current["customer_id"].tolist() == ["A", "B", "E"]
    # A bought in the window; B only returned, E only a free line; before: B and C bought, D only returned
    assert said[-1] == "tx.parquet：分级期间有 1 家客户采购，上一期间 2 家；另有 2 家分级期间只有退货、作废或赠品行，也列入分级"
    engine.customer_tables(path, **WINDOW, note=said.append, lang="en")
    assert said[-1] == ("tx.parquet: 1 customer bought in the window, 2 in the one before; 2 more had only returns, "
                        "cancellations or free goods in the window, and are graded too")


def test_without_any_line_before_the_window_previous_revenue_is_unknown_not_zero(tmp_path):
    """A ledger of 2025 only showed 上期采购额 0.00 for every customer, and a tier table of new customers' revenue
    equal to all revenue (QA)."""
    from kit.report import tier_summary

    only_now = _tx([("A", "o1", "2025-03-01", 5.0), ("B", "o2", "2025-06-01", 7.0)])
    ours, theirs = _both(only_now, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert ours["previous_revenue"].isna().all() and ours["growth"].isna().all()
    graded = ours.assign(value_tier=pd.Categorical(["a", "b"], categories=["a", "b"], ordered=True))
    assert not {"previous_revenue", "new_revenue"} & set(tier_summary(graded).columns)
    # one line in the window before, of a customer not buying now: the others' previous revenue is known, 0
    with_before = pd.concat([only_now, _tx([("C", "o3", "2024-05-01", 2.0)])], ignore_index=True)
    ours, theirs = _both(with_before, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert ours["previous_revenue"].tolist() == [0.0, 0.0]


def test_engine_equals_pandas_on_the_demo_previous_window(tmp_path):
    tx = pharma_orders(120, months=30, seed=5)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path, index=False)
    previous = engine.customer_tables(path, **WINDOW).previous
    pd.testing.assert_frame_equal(previous, _previous_by_pandas(tx), check_dtype=False)


def test_huge_monthly_sums_keep_stability_exact(tmp_path):
    """Squares of monthly cents above 2**53 travel as text; the result equals the pandas path's exact integers."""
    rows = [("A", f"o{m}", f"2025-{m:02d}-15", 123_456_789.37 + m) for m in range(1, 13, 2)]
    rows += [("B", "p1", "2025-03-01", 10.0), ("B", "p2", "2025-04-01", 30.0)]
    ours, theirs = _both(_tx(rows), tmp_path, **WINDOW)
    assert (12345678937 + 1) ** 2 > 2**53  # the text path is taken for A
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    monthly = [123_456_789.37 + m if m % 2 else 0.0 for m in range(1, 13)]
    expected = statistics.pstdev(monthly) / statistics.fmean(monthly)
    assert ours.loc[ours["customer_id"] == "A", "stability"].item() == pytest.approx(round(expected, 4), abs=1e-4)


def _graded_and_moves(tx: pd.DataFrame, folder: Path):
    """This window's customers graded by a threshold of 25 (low, high), and the migration from the window before."""
    from kit.grading import grade_value
    from kit.migration import grade_previous, migration_matrix
    from kit.params import ThresholdGrading

    path = folder / "tx.parquet"
    tx.to_parquet(path, index=False)
    tables = engine.customer_tables(path, **WINDOW)
    value = ThresholdGrading(method="thresholds", thresholds=[25.0], labels=["low", "high"])
    graded = grade_value(tables.current, value)[0]
    return graded, migration_matrix(grade_previous(tables.previous, value), graded, labels=value.labels)


def test_a_customer_whose_only_earlier_line_is_a_free_good_is_new_in_the_migration_and_the_tier_table(tmp_path):
    """CDNOW customer 10824: $0.00 in the previous window, $12.99 in this one. The tier table counted the revenue
    as new customers', the findings and migration as a customer's who bought before (QA)."""
    from kit.report import tier_summary

    tx = _tx([("A", "o1", "2024-02-08", 0.0), ("A", "o2", "2025-11-21", 12.99),
              ("B", "o3", "2024-05-01", 20.0), ("B", "o4", "2025-05-01", 30.0)])
    graded, moves = _graded_and_moves(tx, tmp_path)
    new = moves.loc[moves["from_tier"] == "new"].set_index("to_tier")["customers"]
    assert new.to_dict() == {"high": 0, "low": 1}  # A is new; B moved up from low
    summary = tier_summary(graded).set_index("tier")
    assert summary.loc["low", "new_revenue"] == 12.99 and summary.loc["high", "new_revenue"] == 0


def test_a_customer_who_bought_and_returned_it_all_before_is_no_new_customer_in_the_tier_table(tmp_path):
    """QA (U8 出库单): new customers' revenue read 71,058 more in the tier table than in the migration table. By hand,
    threshold 25: H bought 50 and returned 50 in the window before (net 0: low), buys 30 now (high): moved up, not
    new; G bought nothing before and 7 now: new (low); B bought 20 before (low) and 30 now (high): up."""
    from kit.report import tier_summary

    tx = _tx([("H", "o1", "2024-03-01", 50.0), ("H", "r1", "2024-04-01", -50.0), ("H", "o2", "2025-03-01", 30.0),
              ("G", "o3", "2025-02-01", 7.0), ("B", "o4", "2024-05-01", 20.0), ("B", "o5", "2025-05-01", 30.0)])
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert ours.set_index("customer_id")["bought_before"].to_dict() == {"B": True, "G": False, "H": True}
    graded, moves = _graded_and_moves(tx, tmp_path)
    new = moves.loc[moves["move"] == "new"].set_index("to_tier")["revenue"]
    assert new.to_dict() == {"high": 0.0, "low": 7.0}
    assert moves.loc[(moves["from_tier"] == "low") & (moves["to_tier"] == "high"), "customers"].item() == 2  # B, H
    summary = tier_summary(graded).set_index("tier")
    assert summary["new_revenue"].to_dict() == {"high": 0.0, "low": 7.0}
    # the like-for-like base is still those with previous revenue above zero: B alone in high
    assert summary.loc["high", "returning"] == 1 and summary.loc["high", "returning_revenue"] == 30.0


def test_every_customer_of_either_window_has_one_cell_of_the_migration(tmp_path):
    """QA (U8 出库单): customers who bought in the window and returned more were "did not buy" in the migration,
    though graded in the tier table, and customers with returns alone were in no cell. By hand, threshold 25:
    A bought 100 before (high); now bought 10 and returned 30 (-20: low): moved down, not lost.
    E returned 4 before and has no line now: bought in neither window. F bought 40 before (high), no line now: lost.
    G bought 7 now only: new."""
    from kit.migration import migration_summary

    tx = _tx([("A", "o1", "2024-03-01", 100.0), ("A", "o2", "2025-03-01", 10.0), ("A", "r1", "2025-04-01", -30.0),
              ("E", "r2", "2024-05-01", -4.0), ("F", "o3", "2024-06-01", 40.0), ("G", "o4", "2025-02-01", 7.0)])
    _, moves = _graded_and_moves(tx, tmp_path)
    cells = moves.loc[moves["customers"] > 0].set_index(["from_tier", "to_tier"])["customers"].to_dict()
    assert cells == {("high", "low"): 1, ("high", "lost"): 1, ("new", "low"): 1, ("new", "lost"): 1}
    summary = migration_summary(moves).set_index("move")
    assert summary.loc["lost", "revenue"] == 40.0 and summary.loc["down", "current_revenue"] == -20.0
    assert moves["customers"].sum() == 4  # A, E, F, G


def test_a_name_written_as_null_is_no_name_by_both_engines(tmp_path):
    """QA c104: a name cell reading NULL (a database's export) became the customer's name in the report ("0169
    NULL"): the latest real name is theirs, and a customer with none has none."""
    tx = _tx([("A", "o1", "2025-01-05", 10.0), ("A", "o2", "2025-06-01", 5.0), ("B", "o3", "2025-03-01", 7.0)])
    tx["customer_name"] = ["甲医院", "NULL", "#N/A"]
    ours, theirs = _both(tx, tmp_path, **WINDOW)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert theirs["customer_name"].tolist()[0] == "甲医院" and pd.isna(theirs["customer_name"][1])
