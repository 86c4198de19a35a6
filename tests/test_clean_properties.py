"""Property-based tests: messy rows in, no row lost, intended values out.

Rows are generated from intended values (customer ID, amount in cents, date)
and rendered in the forms client exports use; the cleaned values must equal
the intended ones, and every row must be kept or set aside with the reason
that was planted.
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.clean import clean_orders
from kit.io import SOURCE_ROW
from kit.params import Columns

COLS = Columns(customer_id="客户编号", order_date="日期", amount="金额", order_id="单号")
FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


def grouped(cents: int) -> str:
    return f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


@st.composite
def amounts(draw):
    cents = draw(st.integers(min_value=-5_000_000_00, max_value=50_000_000_00))
    forms = ["plain", "yen", "yuan", "rmb", "full"]
    if cents < 0:
        forms += ["paren", "trailing"]
    if cents > 0 and cents % 100 == 0 and (cents // 100) % 100 == 0:
        forms.append("wan")
    form = draw(st.sampled_from(forms))
    sign = "-" if cents < 0 else ""
    text = {
        "plain": f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}",
        "yen": f"{sign}¥{grouped(cents)}",
        "yuan": f"{sign}{grouped(cents)}元",
        "rmb": f"RMB {sign}{grouped(cents)}",
        "full": f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}".translate(FULL),
        "paren": f"({grouped(cents)})",
        "trailing": f"{grouped(cents)}-",
        "wan": f"{cents // 100 / 10_000:g}万",
    }[form]
    pad = draw(st.sampled_from(["", " ", "  "]))
    return cents, pad + text + pad


@st.composite
def dates(draw):
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
    form = draw(st.sampled_from(["iso", "slash", "zh", "compact", "time", "serial"]))
    text = {
        "iso": day.isoformat(),
        "slash": f"{day.year}/{day.month}/{day.day}",
        "zh": f"{day.year}年{day.month}月{day.day}日",
        "compact": day.strftime("%Y%m%d"),
        "time": f"{day.isoformat()} {draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:07",
        "serial": str((day - dt.date(1899, 12, 30)).days),
    }[form]
    return day, text


@st.composite
def customer_ids(draw):
    # "0" alone stands for no ID (kit.clean.NO_ID_CELLS: member card 0)
    core = draw(st.text(alphabet="0123456789ABCDEFGH", min_size=1, max_size=8).filter(lambda c: c != "0"))
    form = draw(st.sampled_from(["plain", "spaces", "full"]))
    text = {"plain": core, "spaces": f"  {core} ", "full": core.translate(FULL)}[form]
    return core, text


@st.composite
def rows(draw):
    problem = draw(st.sampled_from([None] * 6 + ["missing_customer_id", "bad_amount", "bad_date"]))
    cid, cid_text = draw(customer_ids())
    cents, amount_text = draw(amounts())
    day, date_text = draw(dates())
    if problem == "missing_customer_id":
        cid_text = draw(st.sampled_from(["", "  ", "\u3000"]))
    elif problem == "bad_amount":
        amount_text = draw(st.sampled_from(["", "-", "待定", "N/A", "12.3.4", "￥"]))
    elif problem == "bad_date":
        date_text = draw(st.sampled_from(["", "明天", "2025-02-30", "13/13/13x", "0000-00-00"]))
    return {"problem": problem, "cid": cid, "cents": cents, "day": day,
            "客户编号": cid_text, "日期": date_text, "金额": amount_text}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), min_size=1, max_size=60))
def test_no_row_lost_and_values_as_intended(generated):
    frame = pd.DataFrame(generated)
    frame["单号"] = [f"O{i}" for i in range(len(frame))]  # unique: no exact duplicates
    raw = frame[["客户编号", "日期", "金额", "单号"]].copy()
    raw.insert(0, SOURCE_ROW, np.arange(2, len(raw) + 2))
    result = clean_orders(raw, COLS, source="gen.csv", max_set_aside_share=1.0)

    ledger = result.ledger
    flows = ledger[ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum()
    assert ledger.loc[ledger["kind"] == "read", "rows"].item() == len(frame) == flows
    assert len(result.transactions) + len(result.quarantine) == len(frame)

    good = frame[frame["problem"].isna()]
    tx = result.transactions
    assert tx["order_id"].tolist() == good["单号"].tolist()
    assert tx["customer_id"].tolist() == good["cid"].tolist()
    assert (np.rint(tx["amount"].to_numpy() * 100).astype(np.int64) == good["cents"].to_numpy()).all()
    assert tx["order_date"].dt.date.tolist() == good["day"].tolist()

    bad = frame[frame["problem"].notna()]
    assert result.quarantine["reason"].tolist() == bad["problem"].tolist()
    assert result.quarantine["source_row"].tolist() == (bad.index + 2).tolist()


def _python_calls(func) -> int:
    """Python-level function calls made while running ``func`` (C calls not counted)."""
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        func()
    finally:
        sys.setprofile(None)
    return calls


def _messy_frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    cents = rng.integers(-10_000, 10_000_000, n)
    amounts = pd.Series([f"¥{c / 100:,.2f}" for c in cents[:8]] + list(np.char.mod("%.2f", cents[8:] / 100)))
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    frame = pd.DataFrame({
        "客户编号": pd.Series(np.char.mod("H%05d", rng.integers(0, 5000, n))).str.pad(8, side="both"),
        "日期": days.strftime("%Y/%m/%d"),
        "金额": amounts,
        "单号": np.char.mod("O%08d", np.arange(n)),
    })
    frame.loc[::97, "金额"] = "待定"
    frame.insert(0, SOURCE_ROW, np.arange(2, n + 2))
    return frame


def test_cleaning_runs_no_python_loop_per_row():
    """Ten times the rows must not mean ten times the Python function calls."""
    small, large = _messy_frame(20_000), _messy_frame(200_000)
    run = lambda frame: clean_orders(frame, COLS, source="big.csv", max_set_aside_share=1.0)  # noqa: E731
    run(small)  # warm up imports and caches
    calls_small = _python_calls(lambda: run(small))
    calls_large = _python_calls(lambda: run(large))
    assert calls_large < calls_small * 1.5 + 2_000, (calls_small, calls_large)
