from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from kit.clean import clean_customer_id, clean_orders, parse_amount, parse_date, window_counts
from kit.errors import DataError
from kit.io import SOURCE_ROW


@pytest.mark.parametrize(
    "text, value",
    [
        ("12345.6", 12345.6), ("¥1,234.50", 1234.5), ("￥1234", 1234.0), ("RMB 1,234", 1234.0),
        ("1,234元", 1234.0), ("1.2万", 12000.0), ("(1,234.00)", -1234.0), ("1,234-", -1234.0),
        ("１２３４５", 12345.0), ("-56.7", -56.7), (" 8 ", 8.0),
    ],
)
def test_parse_amount_forms(text, value):
    assert parse_amount(pd.Series([text])).iloc[0] == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "-", "abc", None, "12.3.4"])
def test_parse_amount_missing_or_bad_is_nan(text):
    assert np.isnan(parse_amount(pd.Series([text], dtype=object)).iloc[0])


@pytest.mark.parametrize(
    "value",
    ["2024-03-05", "2024/3/5", "2024-03-05 14:22:01", "2024年3月5日", "20240305", "45356", 45356,
     dt.datetime(2024, 3, 5, 9, 30), " 2024-03-05 "],
)
def test_parse_date_forms(value):
    assert parse_date(pd.Series([value], dtype=object)).iloc[0] == pd.Timestamp("2024-03-05")


def test_parse_date_bad_is_nat():
    out = parse_date(pd.Series(["not a date", "", None, "2024-13-45"], dtype=object))
    assert out.isna().all()


def test_customer_ids_are_text_and_normalised():
    out = clean_customer_id(pd.Series(["Ｈ００４６", " H0046 ", "00012", "", None], dtype=object))
    assert out.tolist()[:3] == ["H0046", "H0046", "00012"]
    assert out.isna().tolist()[3:] == [True, True]


def _raw(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    df.insert(0, SOURCE_ROW, range(2, len(df) + 2))
    return df


def test_rows_set_aside_with_reason_and_ledger_reconciles():
    raw = _raw([
        ("A1", "2025-01-01", "100"),
        ("", "2025-01-02", "5"),         # no customer
        ("A2", "2025-01-03", "abc"),     # bad amount
        ("A3", "someday", "7"),          # bad date
        ("A4", "2025-01-04", "1,000.50"),
    ])
    result = clean_orders(raw, source="orders.csv", max_set_aside_share=1.0)
    assert result.transactions["customer_id"].tolist() == ["A1", "A4"]
    assert result.quarantine["reason"].tolist() == ["missing_customer_id", "bad_amount", "bad_date"]
    assert result.quarantine["source_row"].tolist() == [3, 4, 5]
    assert json.loads(result.quarantine["raw"].iloc[1]) == {"customer_id": "A2", "order_date": "2025-01-03",
                                                            "amount": "abc"}
    ledger = result.ledger.set_index("step")["rows"]
    assert ledger["read"] == 5 and ledger["kept"] == 2
    assert ledger.drop(["read"]).sum() == 5
    amounts = result.ledger.set_index("step")["amount"]
    assert amounts["kept"] == pytest.approx(1100.5)


def test_too_many_rows_set_aside_stops_with_top_reasons():
    raw = _raw([("A", "2025-01-01", "x")] * 3 + [("B", "2025-01-01", "1")] * 7)
    with pytest.raises(DataError, match=r"orders.csv: 3 of 10 rows \(30.0%\) cannot be used.*amount missing or not a number: 3 rows, e.g. row 2"):
        clean_orders(raw, source="orders.csv", max_set_aside_share=0.05)


def test_window_counts_split_rows():
    tx = pd.DataFrame({"order_date": pd.to_datetime(["2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"]),
                       "amount": [1.0, 2.0, 3.0, 4.0]})
    counts = window_counts(tx, start="2025-01-01", end="2025-12-31").set_index("part")
    assert counts["rows"].tolist() == [1, 2, 1]
    assert counts.loc["in window", "amount"] == 5.0
