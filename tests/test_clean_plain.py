"""Files whose amounts are all plain or grouped numbers (12.5, 1,234.50) and whose days repeat: the cleaning's
shortcuts for them (a NULL test for the amount's blank and sign-off tests, a comma test for the money repair, the
days' messy text looked for by value) give what the patterns gave. Expected values worked out by hand."""
from __future__ import annotations

import pandas as pd

from kit.clean import clean_orders
from kit.io import SOURCE_ROW
from kit.params import Columns

PLAIN = Columns(customer_id="customer_id", order_date="order_date", amount="amount")


def _raw(ids, days, amounts) -> pd.DataFrame:
    raw = pd.DataFrame({"customer_id": ids, "order_date": days, "amount": amounts})
    raw[SOURCE_ROW] = range(2, 2 + len(raw))
    return raw


def test_plain_and_grouped_amounts_a_heading_and_a_footer_line():
    days = [f"2025-01-{d:02d}" for d in range(1, 11)] * 3
    ids = [f"C{i % 4}" for i in range(30)] + ["二月", "制表人：张三"]
    amounts = ["1,234.50", "12.5", "7", "2,000"] + ["10"] * 26 + [None, None]
    result = clean_orders(_raw(ids, days + [None, "审核人：李四"], amounts), PLAIN, source="p.csv")
    # row 32: 二月 alone (the amount empty); row 33: two sign-offs, the amount empty
    assert result.quarantine.set_index("source_row")["reason"].to_dict() == {32: "label_row", 33: "label_row"}
    # the two grouped amounts (rows 2 and 5) were repaired; 12.5 and 7 need none
    money = result.fixes[result.fixes["fix"] == "amount read as money"]
    assert sorted(money["source_row"]) == [2, 5] and set(money["rows"]) == {2}
    kept = result.transactions
    assert len(kept) == 30
    assert kept["amount"].head(4).tolist() == [1234.5, 12.5, 7.0, 2000.0]
    assert round(kept["amount"].sum(), 2) == 1234.5 + 12.5 + 7 + 2000 + 26 * 10


def test_a_messy_day_among_repeating_days_is_read():
    # 11 distinct days in 200 lines: few enough (kit.clean_sql.REPEATING_SHARE) to be looked at by value
    days = [f"2025-01-{d:02d}" for d in range(1, 11)] * 20
    days[7] = "2025年1月8日"  # the day of its neighbours' pattern, written the Chinese way
    result = clean_orders(_raw([f"C{i % 4}" for i in range(200)], days, ["10"] * 200), PLAIN, source="d.csv")
    assert result.quarantine.empty
    kept = result.transactions
    assert kept["order_date"].iloc[7] == pd.Timestamp("2025-01-08")
    assert kept["order_date"].dt.day.tolist() == list(range(1, 11)) * 20
