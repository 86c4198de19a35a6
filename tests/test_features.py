from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.features import customer_features, to_cents


def _tx(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date", "amount"])
    df["order_date"] = pd.to_datetime(df["order_date"])
    return df


def test_revenue_orders_and_dates_by_hand():
    tx = _tx([
        ("A", "o1", "2024-12-31", 999.0),   # before the window
        ("A", "o2", "2025-01-01", 100.0),   # first day, inclusive
        ("A", "o2", "2025-01-01", 50.0),    # second line of the same order
        ("A", "o3", "2025-03-15", -30.0),   # a return nets against revenue
        ("B", "o4", "2025-12-31", 10.0),    # last day, inclusive
        ("C", "o5", "2026-01-01", 77.0),    # after the window: C is not graded
    ])
    out = customer_features(tx, start="2025-01-01", end="2025-12-31")
    assert out["customer_id"].tolist() == ["A", "B"]
    assert out["revenue"].tolist() == [120.0, 10.0]
    assert out["orders"].tolist() == [1, 1]  # the return o3 is no order
    assert out["lines"].tolist() == [3, 1]
    assert out["active_months"].tolist() == [1, 1]  # March holds only A's return: no month with a purchase
    assert out["first_purchase"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")]
    # the return on 2025-03-15 is no purchase: A last bought on 2025-01-01
    assert out["last_purchase"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")]


def test_returns_and_cancellations_alone_are_no_orders():
    """UCI-style cancellation invoices (C...) counted as orders before: F scores rose and the AOV fell."""
    tx = _tx([("A", "536365", "2025-01-05", 20.0), ("A", "536366", "2025-01-05", 5.0),
              ("A", "C536379", "2025-01-06", -5.0),                                   # cancels 536366
              ("A", "536400", "2025-02-01", 8.0), ("A", "536400", "2025-02-01", -3.0),  # an order with a return line
              ("B", "C536500", "2025-03-01", -12.0), ("B", "C536501", "2025-04-01", -8.0),  # returns only
              ("C", "536600", "2025-05-01", 0.0)])                                     # free goods only
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    assert out["orders"].to_dict() == {"A": 3, "B": 0, "C": 0}
    assert out["revenue"].to_dict() == {"A": 25.0, "B": -20.0, "C": 0.0}
    assert out.loc["A", "aov"] == pytest.approx(25.0 / 3, abs=0.005)
    assert np.isnan(out.loc["B", "aov"]) and np.isnan(out.loc["C", "aov"])
    assert out["lines"].to_dict() == {"A": 5, "B": 2, "C": 1}


def test_a_return_or_cancellation_is_not_the_last_or_first_purchase():
    """A UCI-style log: C... invoices cancel earlier ones; recency and tenure come from purchases."""
    tx = _tx([("A", "C1", "2024-05-01", -4.0), ("A", "1", "2024-07-01", 10.0),   # a return before the first buy
              ("A", "2", "2025-03-01", 20.0), ("A", "C2", "2025-06-01", -20.0),  # cancelled in June
              ("B", "C3", "2025-04-01", -8.0)])                                  # only a return in the window
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    assert out.loc["A", "last_purchase"] == pd.Timestamp("2025-03-01")
    assert out.loc["A", "recency_days"] == (pd.Timestamp("2025-12-31") - pd.Timestamp("2025-03-01")).days == 305
    assert out.loc["A", "tenure_days"] == (pd.Timestamp("2025-12-31") - pd.Timestamp("2024-07-01")).days == 548
    assert out["active_months"].to_dict() == {"A": 1, "B": 0}
    assert out.loc["B", "last_purchase"] == pd.Timestamp("2025-04-01")  # no purchase at all: the return's date


def test_without_order_id_orders_are_distinct_days():
    tx = _tx([("A", None, "2025-01-01", 1.0), ("A", None, "2025-01-01", 2.0), ("A", None, "2025-01-02", 3.0)])
    out = customer_features(tx.drop(columns="order_id"), start="2025-01-01", end="2025-12-31", order=None)
    assert out["orders"].tolist() == [2]


def test_money_is_summed_exactly_in_cents():
    # 0.1 added ten times is not 1.0 in floating point; in cents it is
    tx = _tx([("A", f"o{i}", "2025-05-01", 0.1) for i in range(10)] + [("B", "x", "2025-05-01", 0.3)])
    out = customer_features(tx, start="2025-01-01", end="2025-12-31")
    assert out["revenue"].tolist() == [1.0, 0.3]
    shuffled = customer_features(tx.sample(frac=1, random_state=3), start="2025-01-01", end="2025-12-31")
    pd.testing.assert_frame_equal(out, shuffled)


@pytest.mark.parametrize("value, cents", [(0.015, 2), (-0.015, -2), (12.05, 1205), (1234.5, 123450), (0.0, 0)])
def test_to_cents(value, cents):
    assert to_cents(pd.Series([value])).iloc[0] == cents


def test_attributes_take_the_latest_known_value():
    tx = _tx([("A", "o1", "2025-01-01", 1.0), ("A", "o2", "2025-06-01", 1.0)])
    tx["customer_name"] = ["Old name", "New name"]
    out = customer_features(tx, start="2025-01-01", end="2025-12-31")
    assert out.columns[:2].tolist() == ["customer_id", "customer_name"]
    assert out["customer_name"].tolist() == ["New name"]


def test_an_attribute_written_on_a_customer_s_first_order_only_is_theirs():
    """A hand-kept sheet writes the name on the first of a customer's orders; the latest date that has a name gives
    it (found in QA: names blank in the deliverable). Each attribute goes by its own latest date."""
    tx = _tx([("A", "o1", "2025-01-01", 1.0), ("A", "o2", "2025-06-01", 1.0), ("A", "o3", "2025-06-01", 1.0),
              ("B", "o4", "2025-02-01", 1.0)])
    tx["customer_name"] = ["甲医院", None, "  ", None]
    tx["region"] = ["华东", "华北", "华南", None]
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    assert out.loc["A", "customer_name"] == "甲医院" and pd.isna(out.loc["B", "customer_name"])
    assert out.loc["A", "region"] == "华南"  # 2025-06-01 has two: the largest, as before


def test_a_customer_with_only_a_return_in_the_window_has_no_first_purchase_in_it():
    """first_purchase was the return's date and last_purchase the purchase before the window: first after last."""
    tx = _tx([("A", "o1", "2024-03-03", 50.0), ("A", "r1", "2025-03-03", -20.0),  # bought before, returned in it
              ("B", "r2", "2025-02-01", -5.0), ("B", "r3", "2025-04-01", -5.0),   # never bought: returns alone
              ("C", "o2", "2025-01-10", 5.0), ("C", "r4", "2025-01-05", -1.0)])   # bought in the window
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    assert pd.isna(out.loc["A", "first_purchase"]) and out.loc["A", "last_purchase"] == pd.Timestamp("2024-03-03")
    assert out.loc["A", "recency_days"] == (pd.Timestamp("2025-12-31") - pd.Timestamp("2024-03-03")).days
    assert out.loc["B", ["first_purchase", "last_purchase"]].tolist() == [pd.Timestamp("2025-02-01"),
                                                                          pd.Timestamp("2025-04-01")]
    assert out.loc["C", ["first_purchase", "last_purchase"]].tolist() == [pd.Timestamp("2025-01-10")] * 2


def test_empty_window_gives_empty_table():
    tx = _tx([("A", "o1", "2020-01-01", 1.0)])
    out = customer_features(tx, start="2025-01-01", end="2025-12-31")
    assert len(out) == 0 and "revenue" in out


def test_master_attributes_take_precedence_and_fill_gaps():
    tx = _tx([("A", "o1", "2025-01-01", 1.0), ("B", "o2", "2025-01-02", 2.0)])
    tx["customer_name"] = ["From orders A", "From orders B"]
    master = pd.DataFrame({"customer_id": ["A", "Z"], "customer_name": ["Master A", "Master Z"], "beds": [300, 10]})
    out = customer_features(tx, start="2025-01-01", end="2025-12-31", master=master)
    assert out["customer_id"].tolist() == ["A", "B"]  # master-only customers are not graded
    assert out["customer_name"].tolist() == ["Master A", "From orders B"]
    assert out["beds"].tolist()[0] == 300 and pd.isna(out["beds"].tolist()[1])


def test_recency_tenure_repurchase_stability_growth_by_hand():
    tx = _tx([
        ("A", "o0", "2024-06-10", 40.0),    # previous window; first purchase ever
        ("A", "o1", "2025-01-10", 100.0),
        ("A", "o2", "2025-03-20", 200.0),
        ("A", "o3", "2025-03-25", 100.0),
        ("B", "o4", "2025-12-01", 60.0),
    ])
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    a, b = out.loc["A"], out.loc["B"]
    assert a["recency_days"] == 281 and b["recency_days"] == 30      # 2025-03-25 / 2025-12-01 to 2025-12-31
    assert a["tenure_days"] == 569 and b["tenure_days"] == 30        # from 2024-06-10, from 2025-12-01
    assert a["repurchase_rate"] == round(1 / 11, 4)                   # (2 active months - 1) / (12 - 1)
    assert b["repurchase_rate"] == 0.0
    # monthly revenue of A over 12 months: 100, 0, 300, 0 x 9 -> mean 33.33, population std
    monthly = np.array([100, 0, 300] + [0] * 9, dtype=float)
    assert a["stability"] == pytest.approx(monthly.std() / monthly.mean(), abs=1e-10)
    assert a["previous_revenue"] == 40.0 and a["growth"] == 9.0
    assert pd.isna(b["growth"]) and b["previous_revenue"] == 0
    assert a["aov"] == round(400 / 3, 2)


def test_growth_just_below_a_potential_threshold_is_graded_below_it():
    """QA: 149,106.98 against 165,682.83 is -10.0046%, below -10%; growth rounded to four places read -10% and the
    customer was graded mid potential. A growth of exactly -10% (90 against 100: 0.9 - 1 in floats is
    -0.09999999999999998) stays -10%."""
    from kit.grading import grade_by_thresholds

    tx = pd.DataFrame({"customer_id": ["A", "A", "B", "B"], "order_id": ["1", "2", "3", "4"],
                       "order_date": pd.to_datetime(["2024-05-01", "2025-05-01", "2024-05-01", "2025-05-01"]),
                       "amount": [165_682.83, 149_106.98, 100.0, 90.0]})
    out = customer_features(tx, start="2025-01-01", end="2025-12-31").set_index("customer_id")
    assert out.loc["A", "growth"] < -0.1 and out.loc["A", "growth"] == pytest.approx(149_106.98 / 165_682.83 - 1)
    assert out.loc["B", "growth"] == -0.1
    graded = grade_by_thresholds(out.reset_index(), "growth", [-0.1, 0.1], ["low", "mid", "high"], out="potential")
    assert graded.set_index("customer_id")["potential"].astype(str).to_dict() == {"A": "low", "B": "mid"}


def test_frequency_and_recency_agree_with_lifetimes():
    """Where the definitions coincide (no order ID, all purchases in the window), the kit's
    orders - 1 is lifetimes' frequency, tenure is its T and recency_days is T - recency."""
    from lifetimes.utils import summary_data_from_transaction_data

    rng = np.random.default_rng(7)
    n = 400
    tx = pd.DataFrame({
        "customer_id": np.char.mod("C%03d", rng.integers(0, 60, n)),
        "order_date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "amount": rng.uniform(1, 100, n).round(2),
    })
    ours = customer_features(tx, start="2025-01-01", end="2025-12-31", order=None).set_index("customer_id")
    theirs = summary_data_from_transaction_data(tx, "customer_id", "order_date",
                                                observation_period_end="2025-12-31", freq="D")
    theirs = theirs.reindex(ours.index)
    assert (ours["orders"] - 1 == theirs["frequency"]).all()
    assert (ours["tenure_days"] == theirs["T"]).all()
    assert (ours["recency_days"] == theirs["T"] - theirs["recency"]).all()


def test_beds_become_numbers_when_every_value_is_one():
    from kit.features import attach_attributes

    features = pd.DataFrame({"customer_id": pd.array(["A", "B", "C"], dtype="string"), "revenue": [1.0, 2.0, 3.0]})
    attrs = pd.DataFrame({"customer_id": pd.array(["A", "B"], dtype="string"), "beds": ["100", "2500"]})
    out = attach_attributes(features, attrs, None)
    assert out["beds"].tolist()[:2] == [100, 2500] and pd.isna(out["beds"].iloc[2])
    text = attach_attributes(features, attrs.assign(beds=["100", "约300"]), None)
    assert text["beds"].tolist()[:2] == ["100", "约300"]  # not all numbers: kept as written


def test_rows_where_is_the_frame_itself_when_every_row_is_kept():
    from kit.features import rows_where

    frame = pd.DataFrame({"customer_id": ["A", "B", "C"], "amount": [1.0, 2.0, 3.0]}, index=[10, 11, 12])
    assert rows_where(frame, np.array([True, True, True])) is frame  # no copy of a window holding all the data
    kept = rows_where(frame, pd.Series([True, False, True], index=frame.index))
    assert kept.index.tolist() == [10, 12] and kept["customer_id"].tolist() == ["A", "C"]
    assert rows_where(frame, np.array([False, False, False])).empty
