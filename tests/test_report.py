from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.report import esc, html_table, money, money_words, pct, signed_pct, tier_summary, top_share


def _graded(revenues, tiers, previous=None):
    df = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(revenues))], "revenue": revenues})
    df["value_tier"] = pd.Categorical(tiers, categories=["small", "big"], ordered=True)
    if previous is not None:
        df["previous_revenue"] = previous
    return df


def test_tier_summary_by_hand():
    df = _graded([10.0, 30.0, 60.0, 0.5], ["small", "big", "big", "small"], previous=[5.0, 20.0, 40.0, 0.0])
    summary = tier_summary(df).set_index("tier")
    assert list(summary.index) == ["big", "small"]  # highest first
    assert summary.loc["big", "customers"] == 2 and summary.loc["big", "revenue"] == 90.0
    assert summary.loc["big", "revenue_share"] == pytest.approx(90 / 100.5)
    assert summary.loc["small", "avg_revenue"] == 5.25
    assert summary.loc["big", "growth"] == pytest.approx(90 / 60 - 1)
    assert summary["customer_share"].sum() == pytest.approx(1.0)


def test_empty_tier_is_listed_with_zeros():
    summary = tier_summary(_graded([1.0], ["small"])).set_index("tier")
    assert summary.loc["big", "customers"] == 0 and np.isnan(summary.loc["big", "avg_revenue"])


def test_top_share():
    df = _graded([50.0, 30.0, 10.0, 6.0, 4.0], ["big"] * 5)
    assert top_share(df) == (1, 0.5)


@pytest.mark.parametrize(
    "value, text", [(1234567.8, "¥1,234,568"), (-5.0, "-¥5"), (0, "¥0")],
)
def test_money(value, text):
    assert money(value, "RMB") == text


def test_money_words_and_percentages():
    assert money_words(22_168_400, "RMB", "zh") == "2,216.8 万元"
    assert money_words(22_168_400, "RMB", "en") == "¥22,168,400"
    assert money(12.5, "XYZ", decimals=2) == "12.50 XYZ"
    assert pct(0.123) == "12%" and signed_pct(0.05) == "+5.0%" and signed_pct(float("nan")) == "–"


def test_html_escapes_customer_text():
    html = html_table([("<script>alert(1)</script>", "a & b")], ["名称", "x"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "a &amp; b" in html
    assert esc('"quoted"') == "&quot;quoted&quot;"
