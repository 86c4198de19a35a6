"""Report: tier tables, sentences, and the HTML and Excel deliverables.

Everything a client reads is built here from the graded table and the params,
in the run's language. Customer-supplied text is escaped with :func:`html.escape`
wherever it enters HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .clean import UNUSABLE, data_ends_early, data_starts_note, gap_note, overlap_found, overlap_same, supported_end
from .context import Run, RunPaths
from .grading import MONEY_COLUMNS, describe_thresholds, half_up, id_order, money_decimals, sort_order, top_count
from .params import Params
from .text import t, template, zh_words
from .textops import excel_unsafe_frame, to_excel_csv


_SYMBOLS = {"RMB": "¥", "CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$", "BRL": "R$",
            "AUD": "A$", "CAD": "C$", "SGD": "S$", "INR": "₹", "NZD": "NZ$", "TWD": "NT$", "KRW": "₩"}
#: Currencies in words, Chinese and English: said once on the cover where the symbol alone could be misread (a
#: Chinese reader takes ¥287,265,420 for RMB: QA c66).
_CURRENCY_NAMES = {
    "RMB": ("人民币", "Chinese yuan"), "CNY": ("人民币", "Chinese yuan"), "JPY": ("日元", "Japanese yen"),
    "USD": ("美元", "US dollars"), "EUR": ("欧元", "euros"), "GBP": ("英镑", "pounds sterling"),
    "HKD": ("港元", "Hong Kong dollars"), "TWD": ("新台币", "New Taiwan dollars"), "KRW": ("韩元", "South Korean won"),
    "MOP": ("澳门元", "Macau patacas"), "SGD": ("新加坡元", "Singapore dollars"), "AUD": ("澳元", "Australian dollars"),
    "CAD": ("加元", "Canadian dollars"), "NZD": ("新西兰元", "New Zealand dollars"), "CHF": ("瑞士法郎", "Swiss francs"),
    "INR": ("印度卢比", "Indian rupees"), "BRL": ("巴西雷亚尔", "Brazilian reais"),
}

#: Columns of grades.csv in order (those present); the contract with users.
GRADE_COLUMNS = (
    "customer_id", "customer_name", "province", "city", "region", "level", "beds", "sales_rep",
    "revenue", "orders", "lines", "active_months", "first_purchase", "last_purchase", "aov",
    "recency_days", "tenure_days", "repurchase_rate", "stability", "previous_revenue", "growth", "bought_before",
    "value_tier", "frequency_tier", "loyalty_tier", "potential_tier", "r_score", "f_score", "m_score",
    "rfm_score", "rfm_segment", "lifecycle", "score", "final_tier", "cluster",
)

_HEADERS_ZH = {
    "customer_id": "客户编码", "customer_name": "客户名称", "province": "省份", "city": "城市",
    "region": "区域", "level": "等级", "beds": "床位数", "sales_rep": "负责人",
    "revenue": "期间采购额", "orders": "订单数", "lines": "订单行数", "active_months": "采购月数",
    "first_purchase": "首次采购", "last_purchase": "最近采购", "value_tier": "价值分级",
    "aov": "平均订单金额", "recency_days": "距期末天数", "tenure_days": "合作天数", "repurchase_rate": "复购率",
    "stability": "变异系数", "previous_revenue": "上期采购额", "growth": "增长率", "bought_before": "上期有采购",
    "frequency_tier": "频次分级",
    "loyalty_tier": "忠诚度分级", "potential_tier": "潜力分级", "r_score": "R得分", "f_score": "F得分",
    "m_score": "M得分", "rfm_score": "RFM得分", "rfm_segment": "RFM分群", "lifecycle": "生命周期",
    "score": "综合得分", "final_tier": "综合分级", "cluster": "聚类",
}

_HEADERS_EN = {
    "customer_id": "Customer ID", "customer_name": "Customer name", "province": "Province", "city": "City",
    "region": "Region", "level": "Level", "beds": "Beds", "sales_rep": "Sales rep",
    "revenue": "Revenue", "orders": "Orders", "lines": "Order lines", "active_months": "Months with purchases",
    "first_purchase": "First purchase", "last_purchase": "Last purchase", "value_tier": "Value tier",
    "aov": "Average order value", "recency_days": "Days since last purchase", "tenure_days": "Days as customer",
    "repurchase_rate": "Repurchase rate", "stability": "Stability (CV)", "previous_revenue": "Previous revenue",
    "growth": "Growth", "bought_before": "Bought before", "frequency_tier": "Frequency tier", "loyalty_tier": "Loyalty tier",
    "potential_tier": "Potential tier", "r_score": "R score", "f_score": "F score", "m_score": "M score",
    "rfm_score": "RFM score", "rfm_segment": "RFM segment", "lifecycle": "Lifecycle", "score": "Score",
    "final_tier": "Final tier", "cluster": "Cluster",
}

#: Headers of the Excel customer sheet, per language (columns not listed keep their names).
_HEADERS = {"zh": _HEADERS_ZH, "en": _HEADERS_EN}


def grade_name(column: str, lang: str) -> str:
    """A grade column of grades.csv as the Excel customer sheet heads it, in a sentence: ``value_tier`` is 价值分级,
    value tier (report QA: the English comparison said value_tier, rfm_segment); changes.csv keeps the column."""
    if lang == "zh":
        return zh_words(_HEADERS_ZH.get(column, column))
    words = _HEADERS_EN.get(column, column)
    return words if words[:2].isupper() else words[:1].lower() + words[1:]

#: Headers of the Excel data-quality sheet, per language. The sheet shows the ledger as the report's appendix
#: does, each step in words (:func:`_ledger_label`), so it has no kind and reason codes (ledger.csv has them).
_ID_CHECK_HEADERS = {
    "zh": {"group": "组", "customer_id": "客户编码（写法）", "lines": "订单行数", "amount": "金额",
           "graded_as": "分级所用编码"},
    "en": {"group": "Group", "customer_id": "Customer ID as written", "lines": "Order lines", "amount": "Amount",
           "graded_as": "Graded as"},
}

_LEDGER_HEADERS = {
    "zh": {"source_file": "数据文件", "step": "步骤", "rows": "行数", "amount": "金额"},
    "en": {"source_file": "Source file", "step": "Step", "rows": "Rows", "amount": "Amount"},
}


# ----------------------------------------------------------------------- numbers


def money(value: float, currency: str = "RMB", *, decimals: int = 0) -> str:
    """``¥1,234,567`` (or ``1,234,567 XYZ`` for a currency without a symbol)."""
    symbol = _SYMBOLS.get(currency.upper())
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.{decimals}f}"
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


def exact_money(value: float, currency: str = "RMB") -> str:
    """A threshold or other amount as given, to the cent when it has cents: ``¥254,970.41``, ``¥1,000,000``."""
    return money(value, currency, decimals=money_decimals(value))


def money_words(value: float, currency: str, lang: str) -> str:
    """Money for a sentence: 万元, or 亿元 from a hundred million, in Chinese for large RMB amounts."""
    if lang == "zh" and currency.upper() in ("RMB", "CNY") and abs(value) >= 100_000:
        wan = round(value / 10_000, 1)
        if abs(wan) >= 10_000:  # 亿 once the 万 figure, as shown, reaches ten thousand
            return f"{value / 100_000_000:,.2f} 亿元"
        return f"{wan:,.1f} 万元"
    return money(value, currency)


def signed_pct(value: float, decimals: int = 1) -> str:
    """``+12.3%`` / ``-4.0%``; a dash when there is no base to compare with."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return f"{value:+.{decimals}%}"


def lost_revenue(moves: pd.DataFrame | None) -> float:
    """Previous-window revenue of the customers of that window who are not graded in this one (no line in it; 0
    without migration), to add to the graded customers' previous revenue in the base of the total's growth: one
    graded with returns only in it has that revenue counted in its tier's previous revenue (QA: a customer's 40,000
    counted twice in the total's base). Not the figure to quote for the customers who did not buy again
    (:func:`lost_customers`)."""
    if moves is None or moves.empty or "move" not in moves:
        return 0.0
    if "previous_revenue" not in moves:  # a migration.csv of an earlier version: the lost column's revenue
        lost = moves.loc[moves["move"] == "lost"]
        graded = lost["graded_previous"].sum() if "graded_previous" in lost else 0.0
        return float(lost["revenue"].sum() - graded)
    # the column of those not buying now, those who bought in neither window included (returns only before)
    lost = moves.loc[moves["move"].isin(["lost", "none"])]
    graded = lost["graded_previous"].sum() if "graded_previous" in lost else 0.0
    return float(lost["previous_revenue"].sum() - graded)


def lost_customers(moves: pd.DataFrame | None) -> tuple[int, float]:
    """How many customers bought in the previous window and did not buy in this one (no order in it: those with
    returns alone included, not those who bought and returned more), and what they bought then; the one figure
    the findings and the note under the tier table quote. ``(0, 0.0)`` without migration."""
    if moves is None or moves.empty or "move" not in moves:
        return 0, 0.0
    lost = moves.loc[moves["move"] == "lost"]
    return int(lost["customers"].sum()), float(lost["revenue"].sum())


def total_growth(summary: pd.DataFrame, moves: pd.DataFrame | None = None) -> float:
    """Growth of all revenue against the previous window's: the graded customers' net revenue (those who returned
    more than they bought included) against their previous revenue plus, with ``moves``
    (:func:`kit.migration.migration_table`), that of the customers lost since, so that the total is the
    business's change and not only the change of those who stayed."""
    before = summary["previous_revenue"].sum() + lost_revenue(moves)
    return float(net_revenue(summary) / before - 1) if before > 0 else float("nan")


def net_revenue(summary: pd.DataFrame) -> float:
    """Net revenue of every graded customer: the tiers' revenue plus the (negative) net revenue of the customers
    who returned more than they bought (:func:`tier_summary`'s ``returns``)."""
    returns = float(summary["returns"].sum()) if "returns" in summary else 0.0
    return float(summary["revenue"].sum()) + returns


def returner_count(summary: pd.DataFrame | None) -> int:
    """Customers who returned more than they bought, over every tier of :func:`tier_summary` (0 without any)."""
    return int(summary["returners"].sum()) if summary is not None and "returners" in summary else 0


def graded_counts(summary: pd.DataFrame) -> dict[str, int]:
    """Customers graded in each tier: those in the shares and those who returned more than they bought."""
    returners = summary.get("returners", 0)
    return dict(zip(summary["tier"], (summary["customers"] + returners).astype(int)))


def returners_tiers(summary: pd.DataFrame, lang: str) -> str:
    """The tiers the customers who returned more than they bought are graded in, for a sentence: ``C``, ``B、C``."""
    tiers = summary.loc[summary["returners"] > 0, "tier"].astype(str) if "returners" in summary else []
    return ("、" if lang == "zh" else ", ").join(tiers)


def tier_table(summary: pd.DataFrame, *, lang: str, moves: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tier table as the report and the workbook show it: :func:`tier_summary`'s tiers, with the revenue of
    new customers and the like-for-like growth and its base (``previous_revenue``: what the customers who bought
    in both windows bought before); then, when some customers returned more than they bought, a line of them (no
    shares: they are left out of them); then the total of every graded customer, whose revenue is the net
    revenue and whose growth is :func:`total_growth` (with ``moves``, the customers lost since counted in the
    previous revenue)."""
    columns = [c for c in ("tier", "customers", "customer_share", "revenue", "revenue_share", "avg_revenue",
                           "new_revenue", "previous_revenue", "growth") if c in summary]
    rows = summary[columns]
    if "returning_previous" in summary:  # a tier's growth and its base: those who bought in both windows
        rows = rows.assign(previous_revenue=summary["returning_previous"])
    lines = []
    returners = returner_count(summary)
    if returners:
        returns = float(summary["returns"].sum())
        line = {"tier": t("row_returners", lang, tiers=returners_tiers(summary, lang)), "customers": returners,
                "customer_share": np.nan, "revenue": round(returns, 2), "revenue_share": np.nan,
                "avg_revenue": round(returns / returners, 2), "new_revenue": np.nan, "growth": np.nan}
        if "returning_previous" in summary:  # what they bought before, so that the lines add up to the total
            before = summary["previous_revenue"] - summary["returning_previous"]
            line["previous_revenue"] = round(float(before.sum()), 2)
        lines.append(line)
    customers, revenue = int(summary["customers"].sum()) + returners, round(net_revenue(summary), 2)
    total = {"tier": t("col_total", lang), "customers": customers,
             "customer_share": 1.0 if summary["customers"].sum() else 0.0, "revenue": revenue,
             "revenue_share": 1.0 if summary["revenue"].sum() else 0.0,
             "avg_revenue": round(revenue / customers, 2) if customers else np.nan}
    if "new_revenue" in summary:
        total["new_revenue"] = round(float(summary["new_revenue"].sum()), 2)
    if "previous_revenue" in summary:
        total.update(previous_revenue=round(float(summary["previous_revenue"].sum()) + lost_revenue(moves), 2),
                     growth=round(total_growth(summary, moves), 4))
    lines.append(total)
    return pd.concat([rows, pd.DataFrame([{k: v for k, v in line.items() if k in columns} for line in lines])],
                     ignore_index=True)


def growth_note(summary: pd.DataFrame, *, lang: str, currency: str, moves: pd.DataFrame | None = None) -> str:
    """What the growth column compares, under the tier table and the workbook's summary: each tier's growth
    like-for-like (its customers who bought in both windows), left out on a small base, and the total's all
    revenue, the customers lost since included (with ``moves``); ``""`` without growth."""
    if "growth" not in summary:
        return ""
    said = []
    count, lost = lost_customers(moves)
    if count:  # the figure of the findings (QA: 41.5 万元 there, 20.1 万元 here)
        said.append(t("s_total_growth", lang, lost=money_words(lost, currency, lang)))
    if "returning" in summary:  # a tiers.csv of an earlier version compared each tier's revenue as a whole
        said.append(t("s_growth_like_for_like", lang, n=LIKE_FOR_LIKE_MIN_CUSTOMERS))
    return ("" if lang == "zh" else " ").join(said)


def pct(value: float, decimals: int = 0) -> str:
    """``value`` as a percentage with ``decimals`` places; a share that is not exactly none or all never shows
    as 0% or 100% (0.1% rather than 0%, 99.9% rather than 100%, <0.1% below that)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    value = float(value)
    for places in range(decimals, max(decimals, 1) + 1):
        text = f"{value:.{places}%}"
        edge = float(text.rstrip("%")) in (0.0, 100.0)
        if not edge or value in (0.0, 1.0) or not 0.0 < value < 1.0:
            return text
    return "<0.1%" if value < 0.5 else ">99.9%"


# ------------------------------------------------------------------------ tables


def tier_summary(grades: pd.DataFrame, *, tier: str = "value_tier", revenue: str = "revenue") -> pd.DataFrame:
    """Customers and revenue per tier, highest tier first, every tier listed.

    A customer who returned more than they bought in the window (net revenue below zero) is graded but left out
    of the tier's customers, revenue and shares, and counted apart in ``returners`` and ``returns``: the shares are
    of the customers whose net revenue is not negative, the base the Pareto grading, :func:`top_share` and
    :func:`kit.plots.pareto_curve` use too, so that they add up to 100% and a tier never brings more than all of
    revenue (or less than none of it).

    Returns
    -------
    DataFrame
        ``tier``, ``customers``, ``customer_share``, ``revenue``,
        ``revenue_share``, ``avg_revenue`` of the tier's customers whose net revenue is not negative (shares of all
        such customers and of their revenue); ``returners`` and ``returns``: how many of the tier's customers
        returned more than they bought, and their net revenue (negative); empty tiers show zeros. With
        ``previous_revenue`` in ``grades``, also ``previous_revenue`` (what all the customers graded in the tier,
        those who returned more included, bought in the previous window: the base of :func:`total_growth`);
        ``returning``, ``returning_revenue`` and ``returning_previous``: the tier's customers who bought in both
        windows (like-for-like: previous revenue above zero) and their revenue in this window and the previous
        one; ``new_revenue``, that of the tier's customers who did not buy in the previous window (``bought_before``
        false: no purchase line there, as the migration table's row of them; without the column, the customers
        not buying in both windows); and
        ``growth``, like-for-like: ``returning_revenue / returning_previous - 1``, left out (NaN) when fewer than
        :data:`LIKE_FOR_LIKE_MIN_CUSTOMERS` customers and under half of the tier's bought in both windows, or they
        bring less than
        :data:`LIKE_FOR_LIKE_MIN_SHARE` of the tier's revenue. A tier's revenue against what only some of its
        customers bought before (a tier of new customers read +1,834%) is no growth.
    """
    categories = list(grades[tier].cat.categories)
    labels = categories[::-1]
    codes = grades[tier].cat.codes.to_numpy()
    cents = np.rint(grades[revenue].to_numpy(dtype=float) * 100).astype(np.int64)
    returned = cents < 0
    frame = pd.DataFrame({"tier": codes, "cents": np.where(returned, 0, cents), "in_shares": ~returned,
                          "returns": np.where(returned, cents, 0), "returner": returned})
    grouped = frame.groupby("tier").agg(customers=("in_shares", "sum"), cents=("cents", "sum"),
                                        returners=("returner", "sum"), returns=("returns", "sum"))
    grouped = grouped.reindex(range(len(categories)), fill_value=0).iloc[::-1]
    total_customers = int(grouped["customers"].sum())
    total_cents = int(grouped["cents"].sum())
    out = pd.DataFrame(
        {
            "tier": labels,
            "customers": grouped["customers"].astype(int).to_numpy(),
            "revenue": grouped["cents"].to_numpy() / 100,
            "returners": grouped["returners"].astype(int).to_numpy(),
            "returns": grouped["returns"].to_numpy() / 100,
        }
    )
    out["customer_share"] = out["customers"] / total_customers if total_customers else 0.0
    out["revenue_share"] = out["revenue"] / (total_cents / 100) if total_cents else 0.0
    out["avg_revenue"] = (out["revenue"] / out["customers"].where(out["customers"] > 0)).round(2)
    columns = ["tier", "customers", "customer_share", "revenue", "revenue_share", "avg_revenue", "returners",
               "returns"]
    if "previous_revenue" in grades and grades["previous_revenue"].notna().any():  # else no data before the window
        prev = np.rint(grades["previous_revenue"].to_numpy(dtype=float) * 100).astype(np.int64)
        both = ~returned & (prev > 0)  # bought in both windows: the like-for-like customers
        frame = pd.DataFrame({"tier": codes, "prev": prev, "both": both, "now": np.where(both, cents, 0),
                              "base": np.where(both, prev, 0)})
        by_tier = frame.groupby("tier").agg(prev=("prev", "sum"), both=("both", "sum"), now=("now", "sum"),
                                            base=("base", "sum"))
        by_tier = by_tier.reindex(range(len(categories)), fill_value=0).iloc[::-1]
        out["previous_revenue"] = by_tier["prev"].to_numpy() / 100
        out["returning"] = by_tier["both"].astype(int).to_numpy()
        out["returning_revenue"] = by_tier["now"].to_numpy() / 100
        out["returning_previous"] = by_tier["base"].to_numpy() / 100
        if "bought_before" in grades:  # not buying before: no purchase line there, as the migration table's row
            fresh = ~returned & ~grades["bought_before"].fillna(False).to_numpy(dtype=bool)
            new = pd.Series(np.where(fresh, cents, 0)).groupby(codes).sum()
            out["new_revenue"] = new.reindex(range(len(categories)), fill_value=0).iloc[::-1].to_numpy() / 100
        else:  # a grades table of an earlier version: those without previous revenue
            out["new_revenue"] = (grouped["cents"] - by_tier["now"]).to_numpy() / 100
        base, now = by_tier["base"].to_numpy(), by_tier["now"].to_numpy()
        returning, customers = out["returning"].to_numpy(), out["customers"].to_numpy()
        # a small tier (3 VIP hospitals) is all there is, not a sample: quoted when half of it bought in both
        quoted = (((returning >= LIKE_FOR_LIKE_MIN_CUSTOMERS) | (2 * returning >= customers)) & (base > 0)
                  & (now >= LIKE_FOR_LIKE_MIN_SHARE * grouped["cents"].to_numpy()))
        with np.errstate(divide="ignore", invalid="ignore"):
            out["growth"] = np.where(quoted, now / np.where(base > 0, base, 1) - 1, np.nan).round(4)
        columns += ["previous_revenue", "returning", "returning_revenue", "returning_previous", "new_revenue",
                    "growth"]
    return out[columns]


#: A tier's growth is quoted when at least this many of its customers (or half of a smaller tier's) bought in both
#: windows ...
LIKE_FOR_LIKE_MIN_CUSTOMERS = 5
#: ... and they bring at least this share of the tier's revenue: else it is the growth of a few customers, or of a
#: tier made mostly of new ones, and is left out.
LIKE_FOR_LIKE_MIN_SHARE = 0.5


def top_share(grades: pd.DataFrame, *, share: float = 0.2, revenue: str = "revenue") -> tuple[int, float]:
    """How many customers are the top ``share`` by revenue, and their share of revenue: of the customers whose
    net revenue is not negative, as :func:`tier_summary`'s shares."""
    values = np.sort(grades[revenue].to_numpy(dtype=float))[::-1]
    values = values[values >= 0]
    n = top_count(len(values), share)
    total = values.sum()
    return n, (values[:n].sum() / total if total > 0 else float("nan"))


def grades_table(grades: pd.DataFrame) -> pd.DataFrame:
    """The graded table in the documented column order, sorted by customer ID."""
    columns = [c for c in GRADE_COLUMNS if c in grades]
    extra = [c for c in grades if c not in columns]
    return grades[columns + extra].sort_values("customer_id", kind="stable").reset_index(drop=True)


def write_grades(
    grades: pd.DataFrame,
    paths: RunPaths,
    *,
    params: Params,
    ledger: pd.DataFrame | None = None,
    rules: pd.DataFrame | None = None,
    migration: pd.DataFrame | None = None,
    sensitivity: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Write ``grades.parquet``, ``grades.csv``, ``tiers.csv`` and ``grades.xlsx``,
    and the ``rules.csv``, ``migration.csv`` and ``sensitivity.csv`` given.

    The CSV is UTF-8 with a byte-order mark, so that Excel shows Chinese text;
    customer IDs stay text; revenue has two decimals; dates are ISO.
    Returns the tier summary.
    """
    table = grades_table(grades)
    withheld = False
    if "growth" in table and paths.transactions.is_file():  # as the report: no growth against a partial window
        from .clean import window_counts

        start, end = params.period.window()
        withheld = growth_withheld(params.period, window_counts(paths.transactions, start=start, end=end))
    if withheld:
        table["growth"] = np.nan
    table.to_parquet(paths.grades, index=False)
    write_csv(table, paths.grades_csv, money=("revenue", "aov", "previous_revenue"))
    summary = tier_summary(table)
    if withheld and "growth" in summary:
        summary["growth"] = np.nan
    # money with two decimals (855578.81, not 855578.8100: QA), shares and growth to four places
    shares = [c for c in ("customer_share", "revenue_share", "growth") if c in summary]
    write_csv(summary.assign(**{c: summary[c].round(4) for c in shares}), paths.tiers_csv,
              money=("revenue", "avg_revenue", "returns", "previous_revenue", "returning_revenue",
                     "returning_previous", "new_revenue"))
    if rules is not None and params.language != "en" and len(rules):  # the rule in the report's words beside it
        rules = rules.reset_index(drop=True)
        words = rules_in_words(params, rules, table)["rule"].to_numpy()  # a row per rule, grader by grader
        order = np.concatenate([part.index.to_numpy() for _, part in rules.groupby("grader", sort=False)])
        rules = rules.assign(rule_text=pd.Series(words, index=order).reindex(rules.index))
    write_tables(paths, rules=rules, migration=migration, sensitivity=sensitivity)
    shown = min(len(table), params.output.excel_max_rows)
    id_check = read_id_check(paths)
    if os.environ.get(BACKGROUND_ENV) == "1" and shown > BACKGROUND_EXCEL_ROWS:
        write_excel_in_background(paths.grades_xlsx, grades=paths.grades, params=params, ledger=ledger,
                                  migration=migration, id_check=id_check, rules=rules, summary=summary)
    else:
        write_excel(table, summary, paths.grades_xlsx, params=params, ledger=ledger, migration=migration,
                    id_check=id_check, rules=rules)
    return summary


def read_id_check(paths: RunPaths) -> pd.DataFrame | None:
    """``id_check.csv`` of the run (customer IDs written two ways), IDs as text; None when there is none."""
    if not paths.id_check.is_file():
        return None
    return excel_unsafe_frame(pd.read_csv(paths.id_check, encoding="utf-8-sig",
                                          dtype={"customer_id": str, "graded_as": str}, keep_default_na=False))


def write_tables(paths: RunPaths, *, rules: pd.DataFrame | None = None, migration: pd.DataFrame | None = None,
                 sensitivity: pd.DataFrame | None = None) -> None:
    """Write the ``rules.csv``, ``migration.csv`` and ``sensitivity.csv`` given (UTF-8 with a byte-order mark).
    No threshold to move (Pareto or quantile grading only): no ``sensitivity.csv``, rather than its header alone."""
    for frame, path in ((rules, paths.rules_csv), (migration, paths.migration_csv),
                        (sensitivity, paths.sensitivity_csv)):
        if frame is not None and not (path == paths.sensitivity_csv and frame.empty):
            to_excel_csv(frame, path)  # tier names written like formulas (=1+1) as text


# --------------------------------------------------------- Excel in the background

#: Above this many rows on the customer sheet, ``grades.xlsx`` (a few seconds per 10,000 rows) is written by
#: a process of its own while the run goes on with the report; :func:`wait_for_excel` waits for it.
BACKGROUND_EXCEL_ROWS = 10_000

#: Set (to "1") by ``kit run`` in its kernels: the run waits for a background workbook and reports its
#: failure. A notebook run by hand writes the workbook in place, so nothing is left unwatched.
BACKGROUND_ENV = "KIT_BACKGROUND_EXCEL"


def _excel_job(path: Path) -> Path:
    return path.with_name(f".{path.name}.job")


def _excel_error(path: Path) -> Path:
    return path.with_name(f"{path.name}.error")


def write_excel_in_background(path: Path, *, grades: Path, params: Params,
                              ledger: pd.DataFrame | None = None, migration: pd.DataFrame | None = None,
                              id_check: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
                              summary: pd.DataFrame | None = None) -> None:
    """Start writing the workbook ``path`` (see :func:`write_excel`) from ``grades`` (grades.parquet)
    in a separate process, and return at once.

    The job is a folder beside the workbook holding the params, the ledger and the migration;
    the writer removes it when done, leaving ``path`` or, if it failed,
    ``<path>.error`` with the reason. An earlier workbook of the same name is
    removed first, so it is never mistaken for this one.
    """
    import shutil
    import subprocess
    import sys

    from .params import dump_params

    job = _excel_job(path)
    shutil.rmtree(job, ignore_errors=True)
    for old in (path, _excel_error(path)):
        old.unlink(missing_ok=True)
    job.mkdir()
    (job / "params.json").write_text(json.dumps(dump_params(params), ensure_ascii=False), encoding="utf-8")
    (job / "grades").write_text(str(grades), encoding="utf-8")
    for frame, name in ((ledger, "ledger.parquet"), (migration, "migration.parquet"), (id_check, "id_check.parquet"),
                        (rules, "rules.parquet"), (summary, "summary.parquet")):
        if frame is not None:
            frame.to_parquet(job / name, index=False)
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kit.report import run_excel_job; run_excel_job(sys.argv[1])",
         str(job)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        (job / "pid").write_text(str(process.pid), encoding="utf-8")
    except FileNotFoundError:  # the writer was quicker: done already
        pass
    print(f"{path.name}: being written in the background (a run waits for it before it ends)", flush=True)


def run_excel_job(job: str | Path) -> None:
    """The background writer: the workbook of the job folder ``job`` (see :func:`write_excel_in_background`)."""
    import shutil

    from .params import load_params
    from .text import use_counter

    job = Path(job)
    path = job.parent / job.name[1:-len(".job")]
    part = path.with_name(path.name + ".part")
    try:
        params = load_params(job / "params.json")
        use_counter(params.customer_counter)  # the rules sheet's sentences count as the notebook's do (位, 消费额)
        table = pd.read_parquet((job / "grades").read_text(encoding="utf-8"))
        ledger, migration, id_check, rules, summary = (
            pd.read_parquet(job / name) if (job / name).is_file() else None
            for name in ("ledger.parquet", "migration.parquet", "id_check.parquet", "rules.parquet", "summary.parquet"))
        write_excel(table, tier_summary(table) if summary is None else summary, part, params=params, ledger=ledger,
                    migration=migration, id_check=id_check, rules=rules)
        part.replace(path)
    except BaseException as exc:  # noqa: BLE001 - every failure is reported through the error file
        part.unlink(missing_ok=True)
        _excel_error(path).write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
    finally:
        shutil.rmtree(job, ignore_errors=True)


def stop_excel(path: Path) -> None:
    """Stop a background writer of ``path`` (a run that was interrupted) and remove its job."""
    import shutil
    import signal

    job = _excel_job(path)
    try:
        pid = int((job / "pid").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        pid = None
    if pid is not None and _alive(pid):
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:  # pragma: no cover - it ended meanwhile
            pass
    shutil.rmtree(job, ignore_errors=True)


def excel_pending(path: Path) -> bool:
    """Whether a background writer is still at work on the workbook ``path``."""
    return _excel_job(path).is_dir()


def wait_for_excel(path: Path, *, timeout: float = 1800) -> None:
    """Return once a workbook started by :func:`write_excel_in_background` is written (at once if none is).

    Raises
    ------
    RunError
        The writer failed or stopped, with its reason.
    """
    import shutil
    import time

    from .errors import RunError

    job = _excel_job(path)
    deadline = time.monotonic() + timeout
    while job.is_dir():
        try:
            pid = int((job / "pid").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):  # not written yet, or the job has just ended
            pid = None
        if pid is not None and not _alive(pid) and job.is_dir():
            if path.is_file() and not _excel_error(path).is_file():  # done; our pid file came after its clean-up
                shutil.rmtree(job, ignore_errors=True)
                break
            raise RunError(f"{path.name}: the Excel writer (process {pid}) stopped before finishing")
        if time.monotonic() > deadline:
            raise RunError(f"{path.name}: the Excel writer did not finish within {timeout:.0f} s")
        time.sleep(0.05)
    error = _excel_error(path)
    if error.is_file():
        raise RunError(f"{path.name} could not be written: {error.read_text(encoding='utf-8')}")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, finished but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process with a recycled pid
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # no /proc (macOS): kill(0) is all there is
        return True


def write_csv(table: pd.DataFrame, path: Path, *, money: Iterable[str] = ()) -> None:
    """``table`` as CSV for Excel and for machines: UTF-8 with a byte-order mark, dates as ISO days,
    ``money`` columns with exactly two decimals, numbers in their shortest form (``1``, ``0.1234``),
    missing values and infinities empty, text and headers in double quotes; a text cell or a header Excel would
    take for a formula (``=1+1``, ``@SUM(...)``) has Excel's text mark ``'`` before it (:func:`kit.textops.excel_safe`).

    Written by Arrow's CSV writer, so half a million customers take a fraction of a second.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from .textops import excel_safe_frame, excel_safe_headers

    table = excel_safe_frame(table)  # a customer named =HYPERLINK(...) is text in Excel, not a formula
    columns = {}
    # a client's own column (an attribute, a master file's header) may be named like a formula too
    for name, header in zip(table.columns, excel_safe_headers(table.columns)):
        series = table[name]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            values = pa.array(series).cast(pa.date32())
        elif name in money:
            values = _two_decimals(series.to_numpy(dtype=float, na_value=np.nan))
        elif isinstance(series.dtype, pd.CategoricalDtype):
            values = pa.array(series).cast(pa.string())
        elif series.dtype == object:
            values = pa.array(series.astype(object).where(series.notna(), None).map(
                lambda v: v if v is None else str(v)), pa.string())
        elif pd.api.types.is_float_dtype(series.dtype):
            numbers = series.to_numpy(dtype=float, na_value=np.nan)
            values = pa.array(numbers, mask=~np.isfinite(numbers))
        else:
            values = pa.array(series)
        columns[header] = values
    with open(path, "wb") as handle:
        handle.write("\ufeff".encode("utf-8"))
        pacsv.write_csv(pa.table(columns), handle, pacsv.WriteOptions(quoting_style="needed"))


def _two_decimals(values: np.ndarray):
    """Money as DECIMAL(20, 2) built from exact cents, which Arrow writes as ``-0.05``, ``1234.50``; NaN empty."""
    import pyarrow as pa

    from .features import cents as to_cents

    missing = ~np.isfinite(values)
    cents = to_cents(np.where(missing, 0.0, values))
    # a decimal128 is a little-endian 128-bit integer of cents: the low word, then the sign-extended high word
    words = np.ascontiguousarray(np.stack([cents, cents >> 63], axis=1))
    validity = pa.array(~missing).buffers()[1] if missing.any() else None
    return pa.Array.from_buffers(pa.decimal128(20, 2), len(cents), [validity, pa.py_buffer(words.tobytes())],
                                 null_count=int(missing.sum()))


def write_excel(
    table: pd.DataFrame,
    summary: pd.DataFrame,
    path: Path,
    *,
    params: Params,
    ledger: pd.DataFrame | None = None,
    migration: pd.DataFrame | None = None,
    id_check: pd.DataFrame | None = None,
    rules: pd.DataFrame | None = None,
) -> None:
    """A workbook a client can filter: summary, customers, service plan, the graders' rules (``rules``, as
    ``rules.csv`` holds them, told in the report's words), data quality, and the customer IDs written two ways
    (``id_check``, :func:`kit.clean.id_variants`) when there are some.

    The summary's total line compares all revenue with the previous window's, the customers lost since
    (``migration``, :func:`kit.migration.migration_table`) included.

    Written by xlsxwriter in constant-memory mode, row by row. The customer sheet
    lists the customers by revenue, largest first, at most ``params.output.excel_max_rows`` of them (the largest of
    each tier, the highest tiers whole when they fit: :func:`_largest_by_tier`), with a note when some are left out (all are in grades.csv).
    """
    import xlsxwriter

    lang = params.language
    zh = lang == "zh"
    sheet_names = (
        ("分级汇总", "客户明细", "服务方案", "数据质量") if zh
        else ("Summary", "Customers", "Service plan", "Data quality")
    )
    limit = params.output.excel_max_rows
    # largest first, as a client reads a customer list (and the tiers of revenue come in their order); grades.csv
    # keeps the customers in ID order
    shown = table.iloc[sort_order(-table["revenue"].to_numpy(dtype=float), id_order(table))]
    if len(table) > limit:
        shown = table.iloc[_largest_by_tier(table, limit)]
        # the sheet's name says it holds the largest customers only (said before on a last sheet alone: QA)
        sheet_names = (sheet_names[0], f"客户明细（各级前列共 {limit:,} {params.customer_counter}）" if zh
                       else f"Customers (top {limit:,} by tier)", *sheet_names[2:])
    plan = service_plan_table(params, summary)
    growth_note_text = growth_note(summary, lang=lang, currency=params.currency, moves=migration)
    summary = tier_table(summary, lang=lang, moves=migration)  # the report's tier table, its total line last
    summary_out = summary.rename(columns={
        "tier": t("col_tier", lang), "customers": t("col_customers", lang),
        "customer_share": t("col_customer_share", lang), "revenue": t("col_revenue", lang),
        "revenue_share": t("col_revenue_share", lang), "avg_revenue": t("col_avg_revenue", lang),
        "previous_revenue": t("col_previous_revenue", lang), "growth": t("col_growth", lang),
        "new_revenue": t("col_new_revenue", lang),
    })
    # (sheet, table, headers, total line): headers in the run's language, money ones with the currency;
    # number formats follow the table's own columns
    def headers(keys, texts):
        return [_money_header(text, params.currency, lang) if key in _MONEY_KEYS else text
                for key, text in zip(keys, texts)]

    names = {**{k: zh_words(v, params.customer_counter) if zh else v for k, v in _HEADERS[lang].items()},
             **_client_headers(params)}
    if named_by_id(table, params):  # a ledger of names only: shown once, as the client writes them (（北京）)
        names["customer_id"] = names["customer_name"]
        if "customer_name" in shown and shown["customer_name"].notna().all():
            shown = shown.drop(columns="customer_id").rename(columns={"customer_name": "customer_id"})
            shown = shown[["customer_id", *[c for c in shown.columns if c != "customer_id"]]]
    sheets = [(sheet_names[0], summary_out, headers(summary.columns, summary_out.columns), True),
              (sheet_names[1], shown, headers(shown.columns, [names.get(str(c), str(c)) for c in shown.columns]),
               False)]
    if not plan.empty:
        sheets.append((sheet_names[2], plan, None, False))
    if rules is not None and len(rules):
        words = rules_in_words(params, rules, table)
        sheets.append(("分级规则" if zh else "Rules", words, [t("col_grader", lang), t("col_tier", lang),
                                                          t("col_rule_any", lang), t("col_customers", lang)], False))
    if ledger is not None:
        # in words, as in the report's appendix (ledger.csv keeps the kind and reason codes)
        ledger = ledger_steps(ledger, lang)
        sheets.append((sheet_names[3], ledger, headers(ledger.columns, [_LEDGER_HEADERS[lang].get(str(c), str(c))
                                                                        for c in ledger.columns]), False))
    if id_check is not None and len(id_check):  # for the client to write each customer one way at the source
        sheets.append(("编码核对" if zh else "ID check", id_check,
                       headers(id_check.columns, [_ID_CHECK_HEADERS[lang].get(str(c), str(c))
                                                  for c in id_check.columns]), False))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    # dated by the window's end, not the clock: the same data and params give the same bytes
    book.set_properties({"title": params.title, "company": params.client, "created": dt.datetime.combine(
        params.period.as_of, dt.time())})
    try:
        formats = {fmt: book.add_format({"num_format": fmt})
                   for fmt in ("0.0%", "yyyy-mm-dd", "#,##0", "#,##0.00", "0.00")}
        formats["wrap"] = book.add_format({"text_wrap": True, "valign": "top"})
        bold = book.add_format({"bold": True})
        for name, frame, headers, total_line in sheets:
            sheet = book.add_worksheet(name)
            widths = _write_sheet(sheet, frame, formats, bold, headers=headers, total_line=total_line,
                                  yes_no=("是", "否") if zh else None)
            if total_line and growth_note_text:  # what the growth column compares, as under the report's table
                _write_note(sheet, len(frame) + 2, growth_note_text, widths, formats["wrap"])
        if len(shown) < len(table):
            note = book.add_worksheet("说明" if zh else "Note")
            word = params.customer_counter
            text = (zh_words(f"客户明细列出 {len(shown):,} {word}客户（共 {len(table):,} {word}）：每个价值分级先列出采购额最高的"
                             f"客户，至多为半数行数的均分（每级至少一{word}），余下行数从最高一级起依次列满，重要的级别尽可能全部"
                             f"列出；按采购额从高到低排列；全部客户见 grades.csv。", word)
                    if zh else f"The Customers sheet lists {len(shown):,} of the {len(table):,} customers: each value "
                    f"tier's largest by revenue, up to an equal share of half the rows (one at least), then the rows "
                    f"left fill the tiers from the highest down, so the top tiers are whole when they fit; largest "
                    f"first; grades.csv holds them all.")
            note.set_column(0, 0, 100, formats["wrap"])  # a paragraph to read, not one line running on
            note.set_paper(9)  # printed as the other sheets: A4 across, which the 100-character column fits
            note.set_landscape()
            note.write_string(0, 0, text)
            if "value_tier" in table and (missing := _tiers_left_out(table, shown)):  # fewer rows than tiers
                said = t("excel_capped_tiers", lang, rows=f"{limit:,}", rows_n=limit,
                         tiers=f"{len(missing) + shown['value_tier'].nunique():,}",
                         missing=("、" if zh else ", ").join(missing))
                note.write_string(1, 0, zh_words(said, word) if zh else said)
    finally:
        book.close()


def _tiers_left_out(table: pd.DataFrame, shown: pd.DataFrame) -> list[str]:
    """The value tiers of ``table`` none of whose customers ``shown`` lists (the sheet's rows fewer than the tiers),
    in their order when the labels give one."""
    column = table["value_tier"]
    tiers = ([str(c) for c in column.cat.categories if (column == c).any()]
             if isinstance(column.dtype, pd.CategoricalDtype) else list(dict.fromkeys(column.dropna().astype(str))))
    listed = set(shown["value_tier"].dropna().astype(str)) if "value_tier" in shown else set()
    return [tier for tier in tiers if tier not in listed]


def _largest_by_tier(table: pd.DataFrame, limit: int) -> np.ndarray:
    """Positions of ``limit`` customers of ``table``, largest revenue first, chosen tier by tier: each value tier
    first gets its largest customers up to an equal share of half the rows (all of a smaller tier), so that a client
    filtering the workbook by tier finds each (report QA: the top 50,000 of 400,000 customers were all of tier A);
    the rows left go to the tiers from the highest down, so the tiers that matter most are listed whole when they fit
    (report QA: at 60,000 customers 2,977 of the 3,363 VIP客户 were listed, beside thousands of small ones).

    The highest tier is the last of an ordered categorical's categories (labels run lowest first), else the one
    whose largest customer buys most."""
    order = sort_order(-table["revenue"].to_numpy(dtype=float), id_order(table))
    if "value_tier" not in table:
        return order[:limit]
    column = table["value_tier"]
    tiers = column.astype(str).to_numpy()[order]
    counts = pd.Series(tiers).value_counts(sort=False)  # tiers as they first come: largest customer first
    if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.ordered:
        rank = {str(c): i for i, c in enumerate(reversed(column.cat.categories))}
        counts = counts.iloc[np.argsort([rank.get(str(t), len(rank)) for t in counts.index], kind="stable")]
    floor = np.minimum(counts.to_numpy(), max(limit // (2 * len(counts)), 1))
    if len(counts) > limit:  # fewer rows than tiers: the highest tiers' largest customer each, the others none
        floor[limit:] = 0
    room = max(limit - int(floor.sum()), 0)
    extra = np.minimum(counts.to_numpy() - floor, np.maximum(room - np.concatenate(
        [[0], np.cumsum(counts.to_numpy() - floor)[:-1]]), 0))
    quota = pd.Series(floor + extra, index=counts.index)
    keep = pd.Series(tiers).groupby(tiers, sort=False).cumcount().to_numpy() < quota.reindex(tiers).to_numpy()
    return order[keep][:limit]


def _client_headers(params: Params) -> dict[str, str]:
    """A Chinese case's own headers of the customer's attributes (业务员 for ``sales_rep``, not the kit's 负责人),
    for the workbook a client filters; {} otherwise."""
    from .features import ATTRIBUTES

    if params.language != "zh" or params.columns is None:
        return {}
    headers = params.columns.headers()
    return {key: headers[key][0] for key in ATTRIBUTES
            if key in headers and _CJK.search(headers[key][0])}


#: Columns of money, whose Excel header names the currency: 采购额（元）, Revenue (USD).
_MONEY_KEYS = {"revenue", "previous_revenue", "aov", "avg_revenue", "amount", "new_revenue"}


def currency_word(currency: str, lang: str) -> str:
    """The currency as a sentence or header names it: 元 for RMB in Chinese, else its code."""
    return "元" if lang == "zh" and currency.upper() in ("RMB", "CNY") else currency


def _money_header(text: str, currency: str, lang: str) -> str:
    if lang == "zh":
        return f"{text}（{currency_word(currency, lang)}）"
    return f"{text} ({currency})"


def _write_sheet(sheet, frame: pd.DataFrame, formats: dict, bold, *, headers: list[str] | None = None,
                 total_line: bool = False, yes_no: tuple[str, str] | None = None) -> None:
    """One table on a sheet: header frozen and filtered, widths from the first 200 rows, number formats.

    ``headers`` (default: the column names) is the header row; number formats follow the column names. With
    ``total_line`` the last row is a total: in bold, outside the filter (sorting leaves it at the bottom).
    IDs and codes are text on purpose (00012, RFM 545): Excel is told not to flag them as numbers stored as text.
    Text longer than a column's 60 characters wraps (a grader's rule, a service plan's actions); the customer's ID
    and name stay in view when the sheet scrolls sideways; ``yes_no`` writes true and false in words (是, 否).
    """
    names = [str(c) for c in frame.columns]
    columns = names if headers is None else list(headers)
    head = frame.head(200)
    wrapped = set()
    widths = []
    for idx, header in enumerate(columns):
        sample = head.iloc[:, idx]
        fmt = _excel_format(names[idx])
        # as the cell shows it: a date as its ten characters (2025-01-03, not 2025-01-03 00:00:00), money with its
        # thousands separators and cents
        width = max([_display_width(header)] + [_display_width(_shown_as(v, fmt)) for v in sample.tolist()])
        if width + 2 > 60 and fmt is None and "wrap" in formats:
            wrapped.add(idx)
        widths.append(min(max(width + 2, 8), 60))
        sheet.set_column(idx, idx, widths[-1],
                         formats["wrap"] if idx in wrapped else formats.get(fmt) if fmt else None)
    # printed as a client prints a table: A4 across, the header on every page, a narrow table one page wide
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.repeat_rows(0)
    if len(columns) <= 10:
        sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(1, sum(1 for n in names[:2] if n in ("customer_id", "customer_name")))
    sheet.write_row(0, 0, columns, bold)
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})
    filtered = len(frame) - (1 if total_line else 0)
    if filtered:
        sheet.autofilter(0, 0, filtered, len(columns) - 1)
    if total_line and len(frame):
        sheet.set_row(len(frame), None, bold)
    fmts = [formats.get(_excel_format(h)) for h in names]
    # one Python list per column, prepared vectorised: numbers as floats (None when missing or not finite),
    # dates as Excel serial days with a date format, everything else as text
    plans = []
    for idx, column in enumerate(frame.columns):
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            days = ((series - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)).to_numpy(dtype=float)
            # Excel counts a 29 February 1900 that never was: serials before March 1900 are one less;
            # before 1900 it has no dates at all (left empty)
            days = np.where(days < 61, days - 1, days)
            days = np.where(days < 1, np.nan, days)
            plans.append((sheet.write_number, _excel_values(days), fmts[idx] or formats["yyyy-mm-dd"]))
        elif isinstance(series.dtype, pd.CategoricalDtype) and pd.api.types.is_numeric_dtype(
                series.cat.categories.dtype):
            plans.append((sheet.write_number, _excel_values(series.astype(float).to_numpy()), fmts[idx]))
        elif pd.api.types.is_bool_dtype(series.dtype) and yes_no:
            plans.append((sheet.write_string, [None if pd.isna(v) else yes_no[0] if v else yes_no[1]
                                               for v in series.tolist()], None))
        elif pd.api.types.is_bool_dtype(series.dtype):
            plans.append((sheet.write_boolean, [None if pd.isna(v) else bool(v) for v in series.tolist()], None))
        elif pd.api.types.is_numeric_dtype(series.dtype) and not isinstance(series.dtype, pd.CategoricalDtype):
            plans.append((sheet.write_number, _excel_values(series.to_numpy(dtype=float, na_value=np.nan)), fmts[idx]))
        elif series.dtype == object:  # as read from a client's file: each cell as what it is
            cells = series.where(series.notna(), None).tolist()
            own = formats["wrap"] if idx in wrapped else fmts[idx]
            plans.append((lambda r, c, v, f, _fmt=own: _write_any(sheet, r, c, v, _fmt, formats["yyyy-mm-dd"]),
                          cells, None))
        else:
            text = series.astype(object).where(series.notna(), None).tolist()
            plans.append((sheet.write_string, [None if v is None else str(v) for v in text],
                          formats["wrap"] if idx in wrapped else None))
    for row in range(len(frame)):  # a loop over customers, written in order (constant memory)
        for col, (write, values, fmt) in enumerate(plans):
            value = values[row]
            if value is not None:
                write(row + 1, col, value, fmt)
    return widths


def _shown_as(value, fmt: str | None):
    """A cell's value as Excel shows it under the number format ``fmt`` (for the column's width)."""
    if isinstance(value, dt.date):  # a date cell shows the date alone (pd.Timestamp and NaT are dates too)
        return "0000-00-00"
    if fmt is None or isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        return value
    if fmt == "0.0%":
        return f"{value * 100:,.1f}%"
    decimals = len(fmt.split(".", 1)[1]) if "." in fmt else 0
    return f"{value:{',' if fmt.startswith('#,##') else ''}.{decimals}f}"


def _write_note(sheet, row: int, text: str, widths: list[float], fmt) -> None:
    """A sentence under a table, wrapped across the table's columns (it ran on past the table in one cell), its row
    as tall as its lines."""
    if len(widths) > 1:
        sheet.merge_range(row, 0, row, len(widths) - 1, text, fmt)
    else:
        sheet.write_string(row, 0, text, fmt)
    lines = -(-_display_width(text) // max(int(sum(widths) * 0.8), 1))  # characters a line holds, with room
    sheet.set_row(row, 15 * max(lines, 1))


def _write_any(sheet, row: int, col: int, value, fmt, date_fmt) -> None:
    """One cell of a column of mixed Python values: numbers as numbers, the rest as text."""
    if isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        if np.isfinite(value):
            sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, (dt.datetime, dt.date)):
        sheet.write_datetime(row, col, value, fmt or date_fmt)
    else:
        sheet.write_string(row, col, str(value))


def _excel_values(values: np.ndarray) -> list:
    """Floats as a Python list, with None for NaN and infinities (left empty in Excel)."""
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()


_PERCENT_HEADERS = {"growth", "repurchase_rate", "增长率", "复购率", "较上期增长", "Growth"}
_DATE_HEADERS = {"first_purchase", "last_purchase", "首次采购", "最近采购", "首次消费", "最近消费"}
_COUNT_HEADERS = {"orders", "lines", "customers", "rows", "订单数", "订单行数", "客户数", "行数", "Customers"}


def _excel_format(header: str) -> str | None:
    """Excel number format for a column, by its (canonical or translated) header."""
    money_words = ("revenue", "amount", "采购额", "消费额", "金额", "aov", "平均订单金额")
    if "share" in header.lower() or "占比" in header or header in _PERCENT_HEADERS:
        return "0.0%"
    if header in _DATE_HEADERS:
        return "yyyy-mm-dd"
    if header in _COUNT_HEADERS:
        return "#,##0"
    if header == "stability":  # a coefficient of variation: two decimals, not ten
        return "0.00"
    if any(w in header.lower() for w in money_words):  # "Revenue" on an English sheet too
        return "#,##0.00"
    return None


def _display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def service_plan_table(params: Params, summary: pd.DataFrame) -> pd.DataFrame:
    """Service plan per tier from params, with the monthly workload it implies."""
    lang = params.language
    counts = graded_counts(summary)  # those who returned more than they bought are served as their tier
    rows = []
    for label in params.grading.value.labels[::-1]:
        plan = params.service_plan.get(label)
        if plan is None:
            continue
        n = int(counts.get(label, 0))
        hours = plan.visits_per_month * plan.hours_per_visit * n
        if plan.hours_per_visit:
            workload = t("workload", lang, visits=_num(plan.visits_per_month), per=_num(plan.hours_per_visit),
                         customers=f"{n:,}", hours=_hours(hours))
        else:  # contacts without a time per contact (a call, a mailing)
            workload = t("workload_contacts", lang, visits=_num(plan.visits_per_month), customers=f"{n:,}",
                         contacts=_hours(plan.visits_per_month * n))
        rows.append(
            {
                t("col_tier", lang): label,
                t("col_customers", lang): n,
                t("col_plan", lang): plan.summary,
                t("col_actions", lang): "；".join(plan.actions) if lang == "zh" else "; ".join(plan.actions),
                t("col_workload", lang): workload if plan.visits_per_month else "",
            }
        )
    return pd.DataFrame(rows)


def tier_rules(params: Params) -> list[str]:
    """Plain-words rule of each tier, highest first."""
    lang, cur = params.language, params.currency
    value = params.grading.value
    rules = []
    if value.method == "pareto":  # highest tier first: it brings the first cut of revenue
        # the customer crossing a cut stays in the tier above, as the method sentence says (QA: the table did not)
        bounds = [0.0, *value.cuts, 1.0]
        return [t("rule_pareto" if i < len(value.cuts) else "rule_pareto_last", lang, after=f"{bounds[i]:.0%}",
                  upto=f"{bounds[i + 1]:.0%}") for i in range(len(value.labels))]
    if value.method == "shares":
        return [t("rule_shares", lang, share=f"{share:.0%}") for share in value.shares[::-1]]
    if value.method != "thresholds":
        return [t(f"m_rule_{value.method}", lang) for _ in value.labels]
    for row in describe_thresholds(value.thresholds, value.labels).itertuples():
        if np.isnan(row.upper):
            rules.append(t("m_rule_top", lang, low=exact_money(row.lower, cur)))
        elif np.isnan(row.lower):
            rules.append(t("m_rule_bottom", lang, high=exact_money(row.upper, cur)))
        else:
            rules.append(t("m_rule_mid", lang, low=exact_money(row.lower, cur), high=exact_money(row.upper, cur)))
    return rules


# -------------------------------------------------------------------------- HTML

STYLE = """
<style>
.kit-report { font-family: "Kit Noto Sans CJK SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
  color: #1d2733; line-height: 1.6; max-width: 980px; }
.kit-report h1 { font-size: 1.9em; margin: 0.2em 0; color: #1f3b73; }
.kit-report h2 { font-size: 1.35em; border-bottom: 2px solid #1f3b73; padding-bottom: 4px; margin-top: 1.6em; color: #1f3b73; }
.kit-report .cover { border-left: 6px solid #1f3b73; padding: 12px 20px; background: #f4f7fb; }
.kit-report .cover p { margin: 2px 0; color: #45515e; }
.kit-report .cover p.whatif { margin-top: 8px; color: #8a5a12; font-weight: 600; }
.kit-report table { border-collapse: collapse; margin: 10px 0; font-size: 0.93em; }
.kit-report th { background: #1f3b73; color: #fff; padding: 6px 10px; text-align: left !important; font-weight: 600; }
.kit-report td { padding: 5px 10px; border-bottom: 1px solid #dde3ea; text-align: left !important; vertical-align: top; }
.kit-report td.num, .kit-report th.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kit-report td.label, .kit-report th.label { white-space: nowrap; }
/* a short heading over numbers stays on one line where longer ones wrap (a narrow screen, print): 客户数 wrapped
   anywhere was one character a line beside a wide text column (客/户/数: QA at 390 px) */
.kit-report th.num.keep { white-space: nowrap; }
.kit-report .table-wrap { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch;
  /* a shadow at an edge with more of the table past it (a tablet or phone: QA) */
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)),
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.22), rgba(0,0,0,0)),
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) 100% 0;
  background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%;
  background-attachment: local, local, scroll, scroll; }
.kit-report img { max-width: 100%; height: auto; }
/* charts are outputs of their own, beside the report's blocks: as wide as its text at most (a panel of four
   graders was 1,180 px beside 980 px of text: report QA), narrower on a narrower screen */
.jp-OutputArea-output img { max-width: min(100%, 980px); height: auto; }
.kit-report tr.total td { font-weight: 700; border-top: 2px solid #1f3b73; }
.kit-report ul.findings li { margin: 4px 0; }
.kit-report .muted { color: #6c757d; font-size: 0.9em; }
.kit-report .caveat { border-left: 4px solid #c8892b; background: #fdf6ea; padding: 6px 12px; }
.kit-report code { font-size: 0.85em; word-break: break-all; }
.kit-report h2.first { margin-top: 1.2em; }
/* a section's number as the list of contents gives it (report QA: 1. 核心发现 there, 核心发现 alone here) */
.kit-report h2[data-n]::before { content: attr(data-n) ". "; }
.kit-report nav.contents { margin: 14px 0 0; padding: 6px 20px 8px; border: 1px solid #dde3ea; }
.kit-report nav.contents h3 { margin: 4px 0; font-size: 1.05em; color: #1f3b73; }
.kit-report nav.contents ol { margin: 0; padding-left: 1.6em; columns: 2; column-gap: 32px; }
.kit-report nav.contents a { color: #1f3b73; text-decoration: none; }
@media (max-width: 600px) { .kit-report nav.contents ol { columns: 1; } }
@media (max-width: 820px) {
  .kit-report table { font-size: 0.8em; }
  .kit-report th, .kit-report td { padding: 4px 6px; }
  .kit-report th.num { white-space: normal; }
}
/* a phone (390 px: 344 px between the margins): smaller type and padding, and a long word of a cell (a file name)
   wraps, so that most tables fit (report QA: the ledger 404 px, the tier table 479 px wide in a 344 px box); one
   that still does not scrolls sideways in its box, its rows see-through so that the box's shadow at an edge with
   more of the table past it shows (the notebook's striped rows hid it). A text cell keeps five characters' width:
   wrapping anywhere, the tier table's "Returned more than bought (graded C; not in the shares)" was squeezed to
   four letters a line beside the numbers (Retu/rned/mor/e: QA) */
@media (max-width: 480px) {
  .kit-report table { font-size: 0.72em; }
  .kit-report th, .kit-report td { padding: 3px 4px; }
  .kit-report td:not(.num):not(.label), .kit-report td.prose { overflow-wrap: anywhere; min-width: 5em; }
  /* a sentence as short as a tier name wraps: 专属客户经理，一对一服务 on one line pushed the service plan's workload past
     the screen's right edge (QA) */
  .kit-report td.prose { white-space: normal; }
  .kit-report .table-wrap tr, .kit-report .table-wrap td { background: transparent !important; }
  /* a chart whose text matters (a heatmap's cells: kit.plots.show_readable) keeps the width at which that text is
     readable and scrolls sideways in its box, with the tables' shadow at an edge with more past it, seen through the
     chart's white (multiply); shrunk to 344 px, the RFM grid's labels were 4 px high (QA). Bar charts shrink */
  .kit-chart-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch;
    background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)),
      linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0,
      radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.22), rgba(0,0,0,0)),
      radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) 100% 0;
    background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%;
    background-attachment: local, local, scroll, scroll; }
  .kit-chart-scroll img { min-width: var(--kit-readable-width, 0); mix-blend-mode: multiply; }
}
/* the report's column in the middle of a wide screen, as a document is shown, not against its left edge with a
   third of a 1400 px window blank on the right (report QA); its text and charts are as wide as before (980 px) */
@media screen { main { max-width: 1010px; margin: 0 auto; } }
@page { size: A4; margin: 14mm 12mm; }
.kit-file-print { display: none; }
@media print {
  a.kit-file { display: none; }
  .kit-file-print { display: inline; }
  .kit-report h2, .kit-report h3 { break-after: avoid; }
  .kit-report .table-wrap, .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; }
  .kit-report .table-wrap { background: none; }
  .kit-report table { font-size: 0.8em; }
  .kit-report th, .kit-report td { padding: 4px 6px; }
  .kit-report th.num { white-space: normal; }
  .kit-report table.short, .kit-report tr, .kit-report li { break-inside: avoid; }
  .kit-report thead { display: table-header-group; }
  img { max-width: 100% !important; break-inside: avoid; }
  .kit-chart-scroll img { min-width: 0 !important; }
  /* a block of text and tables flows on from the page before, as a document does: JupyterLab's print style keeps
     each output whole on one page (avoid-page), which moved 方法与参数 with the tier table to page 2 and left half of
     page 1 blank, and so on after most charts (report QA: 10 pages, 4 of them a third empty). Charts, short tables,
     rows, list items and the cover still do not break */
  .jp-OutputArea-child { break-inside: auto; }
  .kit-report .cover, .kit-report nav.contents { break-inside: avoid; }
  .kit-report p { orphans: 2; widows: 2; }
}
</style>
"""


#: Control characters no HTML text may hold (NUL and the rest of C0 but tab, line feed and carriage return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value) -> str:
    """Escape any value for HTML text; control characters a cell may carry (NUL) are left out (security QA)."""
    return html.escape(_CONTROL.sub("", "" if value is None else str(value)), quote=True)


#: Cell text up to this long is a label (一般客户, VIP客户, Champions) and is kept on one line.
_LABEL_CHARS = 12


def _cell_class(value, numeric: bool) -> str:
    if numeric:
        return "num"
    return "label" if len(str("" if value is None else value)) <= _LABEL_CHARS else ""


#: A table of up to this many rows is printed whole on one page; a longer one breaks between rows
#: (kept whole, the rules table left most of a page blank before it: QA).
_SHORT_TABLE_ROWS = 15


#: A heading over numbers up to this wide (in Latin letters; a Chinese character counts two) is kept on one line:
#: 采购额占比, Customers, Avg. revenue. A longer one (上期未采购客户的采购额) wraps, narrowing its column.
_KEEP_HEADING = 10


_CJK_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def _heading_class(heading, numeric: bool) -> str:
    """A column heading's class: ``num keep`` for a short one over numbers (one line), else as a cell's."""
    if numeric and sum(2 if _CJK_WIDE.match(ch) else 1 for ch in str(heading)) <= _KEEP_HEADING:
        return "num keep"
    return _cell_class(heading, numeric)


def html_table(rows: Iterable[Iterable], headers: list[str], *, numeric: set[int] = frozenset(),
               total: list | None = None, prose: set[int] = frozenset()) -> str:
    """A simple escaped HTML table; columns in ``numeric`` are right-aligned, short labels never break
    (重要客/户), and a table wider than the page scrolls on its own (a phone shows every column). Cells of the columns
    in ``prose`` (sentences: a service plan's 专属客户经理，一对一服务) wrap on a phone however short they are."""
    def cell(value, i: int) -> str:
        return f'<td class="{_cell_class(value, i in numeric)}{" prose" if i in prose else ""}">{esc(value)}</td>'

    head = "".join(f'<th class="{_heading_class(h, i in numeric)}">{esc(h)}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = "".join(cell(v, i) for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    if total is not None:
        cells = "".join(f'<td class="{_cell_class(v, i in numeric)}">{esc(v)}</td>' for i, v in enumerate(total))
        body.append(f'<tr class="total">{cells}</tr>')
    short = ' class="short"' if len(body) <= _SHORT_TABLE_ROWS else ""  # printed on one page, not split
    return f'<div class="table-wrap"><table{short}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def cover_html(run: Run, *, run_date: dt.date | None = None) -> str:
    p, lang = run.params, run.params.language
    start, end = p.period.window()
    run_date = run_date or dt.date.today()
    return (
        STYLE
        + '<div class="kit-report"><div class="cover">'
        + f"<h1>{esc(p.title)}</h1>"
        + f"<p>{esc(t('cover_prepared_for', lang, client=p.client))}</p>"
        + f"<p>{esc(t('cover_window', lang, start=start.date(), end=end.date(), months=p.period.months))}</p>"
        + f"<p>{esc(t('cover_run', lang, date=run_date.isoformat()))}</p>"
        + (f"<p>{esc(said)}</p>" if (said := currency_said(p.currency, lang)) else "")
        + what_if_html(run)
        + "</div></div>"
    )


def currency_said(currency: str, lang: str) -> str:
    """``金额单位：日元（JPY）`` when the report's money symbol alone could be misread: in Chinese, any currency but
    RMB (¥ is RMB to a Chinese reader, $ may be any dollar); in English, a symbol several currencies write (¥ for RMB
    and for JPY). Empty otherwise, and for a currency written by its code (``1,234 CHF``)."""
    code = currency.strip().upper()
    symbol = _SYMBOLS.get(code)
    if symbol is None:
        return ""
    home = code in ("RMB", "CNY") if lang == "zh" else sum(s == symbol for s in _SYMBOLS.values()) == 1
    if home:
        return ""
    zh, en = _CURRENCY_NAMES.get(code, (code, code))
    return t("cover_currency", lang, name=zh if lang == "zh" else en, code=code)


def run_manifest(run: Run) -> dict | None:
    """The run's manifest.json (written before its notebooks run), or None when there is none (a notebook run by
    hand)."""
    if not run.paths.manifest.is_file():
        return None
    return json.loads(run.paths.manifest.read_text(encoding="utf-8"))


def what_if_html(run: Run) -> str:
    """A line on the cover when the run changed keys of the params file for itself (``--set``, recorded in the
    manifest): a what-if read as the standard grading otherwise (report QA: VIP ≥ ¥800,000 said in the appendix
    alone). Empty without overrides."""
    overrides = (run_manifest(run) or {}).get("overrides") or []
    if not overrides:
        return ""
    lang = run.params.language
    said = ("；" if lang == "zh" else "; ").join(setting_said(str(one), run.params) for one in overrides)
    return f'<p class="whatif">{esc(t("cover_what_if", lang, n=len(overrides), changes=said))}</p>'


#: Keys whose values are amounts of money, shares, days: how a --set of them is written on the cover.
_SETTING_MONEY = {"grading.value.thresholds"}
_SETTING_SHARES = {"grading.value.cuts", "grading.value.shares", "grading.sensitivity_step",
                   "cleaning.max_set_aside_share", "grading.loyalty.loyal_min_repurchase"}
_SETTING_DAYS = {"grading.loyalty.loyal_max_recency_days", "grading.loyalty.lost_min_recency_days",
                 "grading.lifecycle.new_days", "grading.lifecycle.at_risk_days", "grading.lifecycle.churn_days"}


def setting_said(override: str, params: Params) -> str:
    """A ``--set KEY=VALUE`` of the run as the cover's what-if line says it to a consultant: the key in words and
    the value the run used, formatted as the report writes it (``价值分级阈值：¥100,000、¥300,000、¥800,000``,
    ``length of the grading window: 6 months``, ``returns: set aside, not graded``), not as typed
    (``grading.value.thresholds=[100000,300000,800000]``: report QA). A key without words of its own is named as
    written; a key set to null is said removed, or its default named."""
    from .text import keys

    known = set(keys())
    lang = params.language
    key = override.split("=", 1)[0].strip()
    node: object = params
    parts = key.split(".")
    for depth, part in enumerate(parts):
        if isinstance(node, (list, tuple)) and part.isdigit():  # one value of a list (thresholds.1=500): the list
            key = ".".join(parts[:depth])
            break
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            break
    typed_null = override.split("=", 1)[-1].strip().lower() in ("null", "~", "")
    sep = "、" if lang == "zh" else ", "

    def one(value: object) -> str:
        leaf = key.rsplit(".", 1)[-1]
        for name in (f"setting={key}={value}", f"setting={leaf}={value}"):
            if isinstance(value, str) and name in known:
                return t(name, lang)
        if isinstance(value, bool):
            return t("setting_yes" if value else "setting_no", lang)
        if isinstance(value, (int, float)):
            if key in _SETTING_MONEY:
                return exact_money(float(value), params.currency)
            if key in _SETTING_SHARES:
                return exact_percent(float(value))
            if key == "period.months":
                return t("setting_months", lang, n=f"{int(value):,}")
            if key in _SETTING_DAYS:
                return t("setting_days", lang, n=f"{int(value):,}")
            return f"{value:,}" if isinstance(value, int) else _num(value)
        if isinstance(value, Path):
            return value.name
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    if node is None:
        value = t("setting_removed", lang)
    elif isinstance(node, (list, tuple)):
        value = sep.join(one(v) for v in node)
    elif isinstance(node, dict) or hasattr(node, "model_dump"):
        value = override.split("=", 1)[-1].strip()  # a whole section: as written
    else:
        value = one(node)
    if typed_null and node is not None:
        value = t("setting_default", lang, value=value)
    words = t(f"setting:{key}", lang) if f"setting:{key}" in known else key
    return t("setting_said", lang, setting=words, value=value)


def tier_said(label, lang: str) -> str:
    """A tier's label as a Chinese sentence names it: a label of Latin letters alone is no noun there
    (``2,596 家A贡献了``, ``C共 1,792 家``: QA), so ``A`` reads ``A 类客户`` and ``Gold`` ``Gold 客户``."""
    text = str(label)
    if lang != "zh" or re.search(r"[\u3400-\u9fff]", text):
        return text
    return f"{text} 类客户" if re.fullmatch(r"[A-Za-z][0-9+\-]?", text) else f"{text} 客户"


def findings(run: Run, grades: pd.DataFrame, summary: pd.DataFrame) -> list[str]:
    """Key findings as sentences with the real figures."""
    p, lang, cur = run.params, run.params.language, run.params.currency
    start, end = p.period.window()
    # a customer who only returned goods bought nothing in the window: "bought" would count them (QA)
    key = "s_customers_returns" if returner_count(summary) else "s_customers"
    sentences = [t(key, lang, customers=f"{len(grades):,}", start=start.date(), end=end.date(),
                   revenue=money_words(net_revenue(summary), cur, lang))]
    in_shares = int(summary["customers"].sum())  # the customers whose net revenue is not negative
    if in_shares:
        n, share = top_share(grades)
        if n:  # of one or two customers, the top 20% is none
            sentences.append(t("s_pareto", lang, n=f"{n:,}", cshare=pct(n / in_shares), share=pct(share)))
        reached = summary[summary["customers"] > 0]
        if summary.iloc[0].customers == 0:  # an absolute threshold nobody reaches
            sentences.append(t("s_top_empty", lang, tier=tier_said(summary.iloc[0].tier, lang),
                               next=tier_said(reached.iloc[0].tier, lang)))
        top = reached.iloc[0]
        sentences.append(t("s_top_tier", lang, n=f"{int(top.customers):,}", tier=tier_said(top.tier, lang),
                           share=pct(top.revenue_share), cshare=pct(top.customer_share)))
        bottom = summary.iloc[-1]
        if bottom.customers != 0 and bottom.tier != top.tier:
            sentences.append(t("s_bottom_tier", lang, n=f"{int(bottom.customers):,}", tier=tier_said(bottom.tier, lang),
                               share=pct(bottom.revenue_share), cshare=pct(bottom.customer_share)))
        # every empty tier below the highest reached, not the lowest alone: of 2 customers, both A, "No customer falls
        # in C." left B to read as not empty (report QA); a tier of customers who returned more is said below
        below = summary.iloc[int(np.argmax(summary["customers"].to_numpy() > 0)) + 1:]
        held = (below["returners"].fillna(0) > 0 if "returners" in below
                else pd.Series(False, index=below.index))  # (~False would be -1)
        empty = [tier_said(tier, lang) for tier in below.loc[(below["customers"] == 0) & ~held, "tier"]]
        if empty:
            joined = "、".join(empty) if lang == "zh" else (
                empty[0] if len(empty) == 1 else f"{', '.join(empty[:-1])} or {empty[-1]}")
            sentences.append(t("s_tier_empty", lang, tier=joined))
    returners = returner_count(summary)
    if returners:
        sentences.append(t("s_returners", lang, n=f"{returners:,}", amount=money(float(summary["returns"].sum()), cur),
                           tiers=returners_tiers(summary, lang)))
    if lang == "zh":  # a Latin tier name after a Chinese word stands apart: 2,596 家 A 类客户, 达到 VIP客户 (QA)
        sentences = [re.sub(r"([\u4e00-\u9fff])([A-Za-z])", r"\1 \2", s) for s in sentences]
    return sentences


#: Customers named by the key finding on the top tier's customers gone quiet (:func:`quiet_key_accounts`).
QUIET_NAMED = 3


def quiet_key_accounts(run: Run, grades: pd.DataFrame, summary: pd.DataFrame) -> list[str]:
    """A key finding on the customers of the top tier reached who bought in the window but not in its last days:
    their last purchase lifecycle's ``at_risk_days`` (90 by default) or more before the window's end. How many,
    their revenue and its share of the tier's, and the largest :data:`QUIET_NAMED` by name (report QA: the largest
    account, 3.9% of revenue, bought nothing after August; the report listed it first among the top customers,
    without a word)."""
    from .params import LifecycleGrading

    if summary.empty or not {"value_tier", "recency_days", "revenue"} <= set(grades.columns):
        return []
    p, lang, cur = run.params, run.params.language, run.params.currency
    days = (p.grading.lifecycle or LifecycleGrading()).at_risk_days
    reached = summary[summary["customers"] > 0]
    if reached.empty:
        return []
    top = str(reached.iloc[0].tier)
    tier = grades[(grades["value_tier"].astype(str) == top).to_numpy()]
    quiet = tier[(pd.to_numeric(tier["recency_days"], errors="coerce") >= days).to_numpy()
                 & (tier["revenue"].to_numpy(dtype=float) > 0)]
    if quiet.empty:
        return []
    quiet = quiet.iloc[sort_order(-quiet["revenue"].to_numpy(dtype=float), id_order(quiet))]
    by_name = "customer_name" in quiet and not named_by_id(grades, p)

    def who(row) -> str:  # the ID and the name, as the top customers' table shows them
        name = getattr(row, "customer_name", None) if by_name else None
        return f"{row.customer_id} {name}" if isinstance(name, str) and name.strip() else str(row.customer_id)

    def said(row) -> str:
        return t("s_quiet_one", lang, who=who(row), revenue=money_words(float(row.revenue), cur, lang),
                 days=f"{int(row.recency_days):,}")

    revenue = float(quiet["revenue"].sum())
    share = revenue / float(tier["revenue"].clip(lower=0).sum() or 1)
    if len(quiet) == 1:  # the one: named with its figures once
        row = next(quiet.itertuples())
        return [t("s_quiet_single", lang, who=who(row), tier=tier_said(top, lang), revenue=money_words(revenue, cur, lang),
                  share=pct(share), last=f"{int(row.recency_days):,}")]
    examples = ("；" if lang == "zh" else "; ").join(said(row) for row in quiet.head(QUIET_NAMED).itertuples())
    key = "s_quiet" if len(quiet) > QUIET_NAMED else "s_quiet_all"
    said_tier = tier_said(top, lang)
    if lang == "zh" and re.match(r"[A-Za-z]", said_tier):  # a Latin name after 家 stands apart: 1 家 VIP客户 (QA)
        said_tier = " " + said_tier
    return [t(key, lang, n=f"{len(quiet):,}", tier=said_tier, days=f"{days:,}",
              revenue=money_words(revenue, cur, lang), share=pct(share), examples=examples)]


#: The alt text nbconvert gives an image without one (in English, whatever the page's language)
NO_ALT = 'alt="No description has been provided for this image"'


def describe_charts(page: str, lang: str) -> str:
    """``page`` with each chart's alt text naming the section or sub-heading it is under (``图表：价值分级``),
    in ``lang``, in place of nbconvert's English placeholder: a screen reader, or a page whose images are
    blocked, says what each chart is."""
    heading = {"text": ""}

    def one(match: re.Match) -> str:
        if match.group("title") is not None:
            heading["text"] = html.unescape(re.sub(r"<[^>]+>", "", match.group("title"))).strip()
            return match.group(0)
        name = ("图表：" if lang == "zh" else "Chart: ") + heading["text"] if heading["text"] else (
            "图表" if lang == "zh" else "Chart")
        return f'alt="{esc(name)}"'

    return re.sub(r"<h[23][^>]*>(?P<title>.*?)</h[23]>|" + re.escape(NO_ALT), one, page, flags=re.DOTALL)


def add_contents(page: str, lang: str) -> str:
    """``page`` (the rendered report) with an id on each section heading and a linked list of them after the
    cover, so a long report can be read in any order."""
    titles = []

    def number(match: re.Match) -> str:
        titles.append(match.group(2))
        return f'<h2 id="section-{len(titles)}"{match.group(1) or ""}>{match.group(2)}</h2>'

    page = re.sub(r'<h2( class="first")?>(.*?)</h2>', number, page)
    cover = re.search(r'<div class="cover">.*?</div></div>', page, flags=re.DOTALL)
    if len(titles) < 3 or cover is None:
        return page
    # each heading numbered as the list numbers it, by the style sheet: the heading's text (a chart's alt) stays its own
    page = re.sub(r'<h2 id="section-(\d+)"', r'<h2 id="section-\1" data-n="\1"', page)
    cover = re.search(r'<div class="cover">.*?</div></div>', page, flags=re.DOTALL)
    items = "".join(f'<li><a href="#section-{i}">{title}</a></li>' for i, title in enumerate(titles, start=1))
    nav = f'<div class="kit-report"><nav class="contents"><h3>{esc(t("contents", lang))}</h3><ol>{items}</ol></nav></div>'
    return page[:cover.end()] + nav + page[cover.end():]


def section_html(title: str, body: str, *, first: bool = False) -> str:
    """A report section; ``first`` keeps it on the cover's page when printed."""
    css = ' class="first"' if first else ""
    return f'<div class="kit-report"><h2{css}>{esc(title)}</h2>{body}</div>'


#: A params key as the kit's notes name it (data.amount_scale, `period.months`, cleaning.overlap: latest).
_PARAM_KEY = r"`?(?:data|cleaning|period|grading)\.[a-z_]+(?:\.[a-z_]+)*(?::\s*[a-z_]+)?`?"


def for_client(text: str) -> str:
    """``text`` as the client's report says it: a parenthesis naming only a params key (``(data.amount_scale)``,
    ``（period.months）``) left out, one that says more keeps the rest (``（cleaning.order_totals: once，每单只计一次）``
    reads ``（每单只计一次）``). The run's notes and ledger.csv keep the keys, for the consultant (QA: keys and
    instructions to the consultant in the client's report); one that ends with the key keeps the words before it
    (``（可按客户名称计入分级，cleaning.blank_ids: name）`` reads ``（可按客户名称计入分级）``)."""
    text = re.sub(rf"\s*[（(]\s*{_PARAM_KEY}\s*[)）]", "", text)
    text = re.sub(rf"([（(])\s*{_PARAM_KEY}\s*[，,；;]\s*", r"\1", text)
    return re.sub(rf"\s*[，,；;]\s*{_PARAM_KEY}\s*([)）])", r"\1", text)


def window_cautions(run: Run, window: pd.DataFrame | None) -> list[str]:
    """Cautions when the data does not cover the window (:func:`kit.clean.window_counts`): it starts after the
    window's first month (those months count as without orders), months inside it hold no order line
    (:func:`kit.clean.gap_note`: a file missing), or it ends a month or more before the window does (revenue
    understated, customers look longer gone). In the Method section and among the key findings."""
    if window is None:
        return []
    p, lang = run.params, run.params.language
    end = p.period.window()[1]
    out = []
    starts = data_starts_note(p.period, window, lang=lang, client=True)
    if starts:
        out.append(("注意：" + starts + "。") if lang == "zh" else f"Note: {starts}.")
    gaps = gap_note(window, lang=lang, client=True)
    if gaps:
        out.append(("注意：" + gaps + "。") if lang == "zh" else f"Note: {gaps}.")
    if data_ends_early(window, end):
        last = pd.Timestamp(window.set_index("part").loc["in window", "last"])
        out.append(t("m_data_ends", lang, last=last.date(), end=end.date(), days=(end - last).days,
                     month_end=supported_end(last)))
    return out


#: Order lines that could not be used bringing at least this share of the amount read get a key finding of their own.
UNGRADED_SHARE = 0.05


def ungraded_caution(run: Run) -> list[str]:
    """A key finding when order lines that could not be used (guest sales without a customer ID, bad amounts or
    dates) hold :data:`UNGRADED_SHARE` or more of the amount read: the figures leave that much out (QA: Online
    Retail's guest sales, 26.8% of the amount, said in the method section only)."""
    from .clean import reasons_said, unusable_lines

    found = unusable_lines(run.paths)
    if found is None or found[2] is None or found[2] < UNGRADED_SHARE:
        return []
    _, amount, ratio, by_reason = found
    p, lang = run.params, run.params.language
    return [t("s_ungraded", lang, share=pct(ratio, 1), money=exact_money(amount, p.currency),
              reasons=reasons_said(by_reason, lang))]


def previous_caveat(run: Run, window: pd.DataFrame | None) -> str | None:
    """A caution when the data starts after the previous window's first month, so that window is covered only in
    part: previous revenue is understated and growth and moves overstated. None when it is covered (or there is
    no previous data at all, which the migration section says itself). ``window`` is
    :func:`kit.clean.window_counts`."""
    covered = previous_months_covered(run, window)
    if covered is None:
        return None
    start, end = run.params.period.previous_window()
    first = pd.Timestamp(window.set_index("part").loc["before window", "first"])
    return t("s_partial_previous", run.params.language, first=first.date(), start=start.date(), end=end.date(),
             covered=covered, months=run.params.period.months)


def previous_months_covered(run: Run, window: pd.DataFrame | None) -> int | None:
    """About how many months of the previous window the data covers when it starts after that window's first
    month (None when it covers it all, or has nothing before the window)."""
    return _months_covered(run.params.period, window)


def _months_covered(period, window: pd.DataFrame | None) -> int | None:
    if window is None:
        return None
    before = window.set_index("part").loc["before window"]
    if not before["rows"]:
        return None
    start, end = period.previous_window()
    first = pd.Timestamp(before["first"])
    if first <= start + pd.offsets.MonthEnd(0):
        return None
    months = period.months
    return max(1, min(months - 1, round(((end - first).days + 1) / (365.25 / 12))))


def growth_withheld(period, window: pd.DataFrame | None) -> bool:
    """Whether the data covers under half of the previous window: its revenue is too partial for a growth figure
    (CDNOW's 6 of 12 months read +81.7%, QA), in the report, the workbook and the tables alike."""
    covered = _months_covered(period, window)
    return covered is not None and 2 * covered < period.months


def findings_html(run: Run, grades: pd.DataFrame, summary: pd.DataFrame, moves: pd.DataFrame | None = None,
                  window: pd.DataFrame | None = None) -> str:
    """The key findings; with ``window`` (:func:`kit.clean.window_counts`), a caution when the previous window
    is covered only in part."""
    sentences = (findings(run, grades, summary) + quiet_key_accounts(run, grades, summary)
                 + migration_findings(run, moves, key=True) + window_cautions(run, window) + ungraded_caution(run))
    caveat = previous_caveat(run, window)
    if caveat and ("growth" in summary or has_moves(moves)):
        sentences.append(caveat)
    items = "".join(f"<li>{esc(for_client(s))}</li>" for s in sentences)
    return section_html(t("h_summary", run.params.language), f'<ul class="findings">{items}</ul>', first=True)


def _values_said(values_by_header: dict[str, list[str]], lang: str) -> str:
    """``状态为“已取消”、“已作废”`` / ``status reads canceled or void``: the values a cleaning rule lists per
    column."""
    from .clean_sql import is_prefix_value

    def said(header: str, values: list[str]) -> str:  # CN-* is every value starting CN-
        whole = [v for v in values if not is_prefix_value(v)]
        starts = [v.rstrip()[:-1] for v in values if is_prefix_value(v)]
        if lang == "zh":
            parts = ([f"为{'、'.join(f'“{v}”' for v in whole)}"] if whole else []) + \
                ([f"以{'、'.join(f'“{v}”' for v in starts)}开头"] if starts else [])
            return header + "或".join(parts)
        parts = ([f"reads {' or '.join(whole)}"] if whole else []) + \
            ([f"starts with {' or '.join(starts)}"] if starts else [])
        return f"{header} {' or '.join(parts)}"

    return ("；" if lang == "zh" else "; ").join(said(h, v) for h, v in values_by_header.items())



def table_or_note(frame: pd.DataFrame, note: str):
    """``frame`` for a notebook to show, or ``note`` in its place when the frame is empty (not an "Empty
    DataFrame" line with its column names)."""
    from IPython.display import Markdown

    return Markdown(note) if frame is None or frame.empty else frame


def _unusable_text(ledger: pd.DataFrame, currency: str, lang: str) -> str:
    """The orders among the rows not kept that could not be used (no customer ID, a date or amount that does not
    read, no match in a joined file ...), told apart from the rest by kind (duplicates, total lines ...); ``""``
    when every row not kept is of the rest."""
    unusable = ledger.loc[ledger["reason"].isin(UNUSABLE), ["rows", "amount"]].sum()
    rows = int(unusable["rows"])
    if not rows:
        return ""
    from .clean import reasons_said

    by_reason = ledger.loc[ledger["reason"].isin(UNUSABLE)].groupby("reason", sort=False)["rows"].sum()
    key = "m_unusable" if round(float(unusable["amount"]), 2) else "m_unusable_unknown"  # 待定: unknown, not ¥0
    said = t(key, lang, rows=f"{rows:,}", n=rows, amount=money(float(unusable["amount"]), currency),
             reasons=reasons_said(by_reason[by_reason > 0].sort_values(ascending=False, kind="stable"), lang, top=5))
    rest = ledger[ledger["kind"].isin(["dropped", "set_aside"]) & ~ledger["reason"].isin(UNUSABLE)]
    rest = rest.groupby("reason", sort=False)["rows"].sum()
    rest = rest[rest > 0].sort_values(ascending=False, kind="stable")
    kinds = [t("m_other_kind", lang, rows=f"{int(n):,}", what=t(f"short_{reason}", lang, n=int(n))) for reason, n in rest.items()
             if f"short_{reason}" in _text_keys()]
    if kinds:
        said += ("" if lang == "zh" else " ") + t("m_unusable_other", lang, kinds=("、" if lang == "zh" else ", ").join(kinds))
    return ("" if lang == "zh" else " ") + said


def _repeated_totals_text(ledger: pd.DataFrame, currency: str, lang: str) -> str:
    """The lines dropped as repeating their order's total (``cleaning.order_totals: once``), said in the method:
    a third of an export's amount left out should not be found in the appendix only (QA)."""
    repeated = ledger.loc[ledger["reason"] == "repeated_total", ["rows", "amount"]].sum()
    rows = int(repeated["rows"])
    if not rows:
        return ""
    return t("m_repeated_totals", lang, n=f"{rows:,}", count=rows, amount=money(float(repeated["amount"]), currency))


def _copy_sheet_text(ledger: pd.DataFrame, lang: str) -> str:
    """The sheets skipped as copies of others (``copy_sheet``), named in the method: the rows read include theirs
    (QA c97: a sheet 6月 (2) skipped, said in a progress line only)."""
    rows = ledger.loc[ledger["reason"] == "copy_sheet"]
    if rows.empty:
        return ""
    sheets = [re.sub(r"^.* \[(.*)\]$", r"\1", str(label)) for label in rows["source_file"]]
    return t("m_copy_sheet", lang, n=len(sheets), sheets=("、" if lang == "zh" else ", ").join(sheets),
             rows=f"{int(rows['rows'].sum()):,}")


def _text_keys() -> set[str]:
    from .text import keys

    return set(keys())


def _months_caution(p: Params) -> str:
    """For absolute thresholds over a window other than a year: they are compared with that window's revenue
    (a pharma VIP line of 1,000,000 a year is 500,000 over six months)."""
    if p.grading.value.method != "thresholds" or p.period.months == 12:
        return ""
    scaled = ("、" if p.language == "zh" else ", ").join(
        exact_money(round(x * p.period.months / 12, 2), p.currency) for x in p.grading.value.thresholds)
    return ("" if p.language == "zh" else " ") + t("m_thresholds_months", p.language, months=p.period.months,
                                                  scaled=scaled)


def method_html(run: Run, ledger: pd.DataFrame, window: pd.DataFrame | None = None, *,
                summary: pd.DataFrame | None = None) -> str:
    """The method section: the window, the grading method, the data and its cleaning; ``window``
    (:func:`kit.clean.window_counts`) adds the orders dated after the window, which are not graded; ``summary``
    (:func:`tier_summary`), how the customers who returned more than they bought are counted, when there are
    some."""
    p, lang = run.params, run.params.language
    start, end = p.period.window()
    read = int(ledger.loc[ledger["kind"] == "read", "rows"].sum())
    kept = int(ledger.loc[ledger["kind"] == "kept", "rows"].sum())
    # an order's later lines, priced on its first (Shopify): "dropped", though no money goes with them (QA: a client
    # read 57% of the export as thrown away)
    order_lines = int(ledger.loc[ledger["reason"] == "order_line", "rows"].sum())
    source = sources_text(list(dict.fromkeys(ledger["source_file"].astype(str))), lang)  # in the order read
    amounts = (t("m_amounts_net_refund" if p.cleaning.returns == "net" else "m_amounts_gross_refund", lang,
                 column=" / ".join(p.columns.headers()["refund"])) if p.columns.refund else
               t("m_amounts_net" if p.cleaning.returns == "net" else "m_amounts_gross", lang))
    if p.columns.discount:
        amounts += t("m_amounts_discount", lang, column=" / ".join(p.columns.headers()["discount"]))
    if p.columns.discount_rate:
        amounts += t("m_amounts_discount_percent" if p.data.discount_percent else "m_amounts_discount_rate", lang,
                     column=" / ".join(p.columns.headers()["discount_rate"]))
    if p.columns.credit:
        amounts += t("m_amounts_credit", lang, debit=" / ".join(p.columns.headers()["amount"]),
                     credit=" / ".join(p.columns.headers()["credit"]))
    if p.columns.payment:
        amounts += t("m_amounts_payment", lang, column=" / ".join(p.columns.headers()["payment"]))
    paragraphs = [
        # as_of mid-month: its month is not whole, and the window ends before it (QA: "up to 2011-12-09" read as
        # the window's end)
        t("m_window" if pd.Timestamp(p.period.as_of) == end.normalize() else "m_window_before", lang,
          as_of=p.period.as_of, months=p.period.months, start=start.date(), end=end.date(), amounts=amounts),
        t(f"m_{p.grading.value.method}", lang) + _months_caution(p),
        t("m_data", lang, source=source, read=f"{read:,}", kept=f"{kept:,}", aside=f"{read - kept:,}")
        + (t("m_order_lines", lang, n=f"{order_lines:,}", count=order_lines) if order_lines else "")
        + _repeated_totals_text(ledger, p.currency, lang)
        + _copy_sheet_text(ledger, lang)
        + _unusable_text(ledger, p.currency, lang),
        t("m_rules", lang, duplicates=t(f"m_dup_{p.cleaning.duplicates}", lang),
          returns=t(f"m_ret_{p.cleaning.returns}", lang)),
    ]
    inside = window.set_index("part").loc["in window"] if window is not None else None
    before = window.set_index("part").loc["before window"] if window is not None else None
    if inside is not None and before is not None and before["rows"]:
        # the appendix's rows kept hold the months before the window too: said, so its total is not misread
        paragraphs[2] += ("" if lang == "zh" else " ") + t(
            "m_in_window", lang, rows=f"{int(inside['rows']):,}", n=int(inside["rows"]),
            amount=money(float(inside["amount"]), p.currency), before=f"{int(before['rows']):,}",
            b=int(before["rows"]))
    after = window.set_index("part").loc["after window"] if window is not None else None
    if inside is not None and inside["rows"] and pd.notna(inside["last"]):
        last = pd.Timestamp(inside["last"])
        # (dates that are months, 2025-12 read as 2025-12-01, stand for the whole month)
        if last.to_period("M") == end.to_period("M") and last.day < 25 and last < end and not inside["monthly"]:
            # the data stops early in the window's last month: that month is not whole in the data
            paragraphs.insert(1, t("m_partial_end", lang, last=last.date(), month=f"{last:%Y-%m}"))
    for caution in reversed(window_cautions(run, window)):
        paragraphs.insert(1, caution)
    if after is not None and after["rows"]:
        paragraphs.insert(1, t("m_after", lang, rows=f"{int(after['rows']):,}", n=int(after["rows"]),
                               amount=money(float(after["amount"]), p.currency),
                               first=pd.Timestamp(after["first"]).date(), last=pd.Timestamp(after["last"]).date()))
    if p.data.date_format == "day_number":  # Dunnhumby's DAY 1..711: the report's dates are the analyst's choice
        paragraphs.insert(1, t("m_day_number", lang, column=" / ".join(p.columns.headers()["order_date"]),
                               day_one=p.data.day_one))
    if p.data.wide is not None:
        paragraphs.append(t("m_wide", lang))
    for join in p.data.join:
        paragraphs.append(t("m_join", lang, file=join.path.name, column=join.headers[1]))
    kept = ledger.loc[(ledger["kind"] == "info") & (ledger["reason"] == "unmatched_kept"), ["rows", "amount"]].sum()
    if p.data.join and int(kept["rows"]):  # a customer master's missing customers: graded all the same
        paragraphs.append(t("m_join_kept", lang, rows=f"{int(kept['rows']):,}",
                            amount=money(float(kept["amount"]), p.currency)))
    if p.cleaning.exclude:
        left_out = ledger.loc[ledger["reason"] == "excluded", ["rows", "amount"]].sum()
        # an event log's views and baskets (kit init's browsing_events): no order lines, their prices no sales (QA)
        from .scaffold import only_browsing_events

        key = "m_exclude_events" if only_browsing_events(p.cleaning.exclude) else "m_exclude"
        paragraphs.append(t(key, lang, what=_values_said(p.cleaning.exclude, lang),
                            rows=f"{int(left_out['rows']):,}", n=int(left_out["rows"]),
                            amount=money(float(left_out["amount"]), p.currency)))
    unpaid = ledger.loc[ledger["reason"] == "unpaid", ["rows", "amount"]].sum()
    if unpaid["rows"]:  # a payment-date column's empty cells: orders not paid
        paragraphs.append(t("m_unpaid", lang, rows=f"{int(unpaid['rows']):,}", n=int(unpaid["rows"]),
                            amount=money(float(unpaid["amount"]), p.currency),
                            column=" / ".join(p.columns.headers()["order_date"])))
    struck = ledger.loc[ledger["reason"] == "struck", ["rows", "amount"]].sum()
    if struck["rows"]:  # a hand-kept ledger's lines struck through: voided (cleaning.struck_rows: void)
        paragraphs.append(t("m_struck", lang, rows=f"{int(struck['rows']):,}", n=int(struck["rows"]),
                            amount=money(float(struck["amount"]), p.currency)))
    if p.cleaning.overlap == "latest":
        superseded = ledger.loc[ledger["reason"] == "superseded", ["rows", "amount"]].sum()
        paragraphs.append(t("m_overlap_latest", lang, rows=f"{int(superseded['rows']):,}", n=int(superseded["rows"]),
                            amount=money(float(superseded["amount"]), p.currency)))
        withdrawn = ledger.loc[ledger["reason"] == "withdrawn", ["rows", "amount"]].sum()
        if withdrawn["rows"]:
            paragraphs.append(t("m_overlap_withdrawn", lang, rows=f"{int(withdrawn['rows']):,}",
                                n=int(withdrawn["rows"]), amount=money(float(withdrawn["amount"]), p.currency)))
    elif (overlap := overlap_found(run.paths)) is not None:  # counted from several files: twice, if one corrects
        orders, first, files, amount = overlap
        said = t("m_overlap_keep", lang, orders=f"{orders:,}", orders_n=orders,
                 example=f"{first['order_id']}: {files}", amount=money(amount, p.currency))
        if (same := overlap_same(run.paths)) is not None:  # counted twice for certain: said here, not only in the terminal
            said += ("" if lang == "zh" else " ") + t("m_overlap_same", lang, same=f"{same[0]:,}", same_n=same[0],
                                                      extra=money(same[1], p.currency))
        paragraphs.append(said)
    if p.cleaning.returns_marked:
        paragraphs.append(t("m_returns_marked", lang, what=_values_said(p.cleaning.returns_marked, lang)))
    scale = p.data.amount_scale
    if isinstance(scale, dict) and any(v != 1 for v in scale.values()):
        scales = [t("m_scale_header", lang, header=header, scale=f"{v:,g}") for header, v in scale.items() if v != 1]
        paragraphs.append(t("m_scale_headers", lang, scales=("；" if lang == "zh" else "; ").join(scales),
                            currency=currency_word(p.currency, lang)))
    elif not isinstance(scale, dict) and scale != 1:
        paragraphs.append(t("m_scale", lang, scale=f"{scale:,g}", currency=currency_word(p.currency, lang)))
    returners = returner_count(summary)
    if returners:
        paragraphs.append(t("m_returners", lang, n=f"{returners:,}", amount=money(float(summary["returns"].sum()),
                                                                                   p.currency),
                            tiers=returners_tiers(summary, lang)))
    rules = html_table(
        zip(p.grading.value.labels[::-1], tier_rules(p)),
        [t("col_tier", lang), t("col_rule", lang)],
    )
    return section_html(t("h_method", lang), "".join(f"<p>{esc(for_client(x))}</p>" for x in paragraphs) + rules)


def has_moves(moves: pd.DataFrame | None) -> bool:
    from .migration import has_previous

    return moves is not None and not moves.empty and has_previous(moves)


def _growth_hidden(run: Run, summary: pd.DataFrame, window: pd.DataFrame | None) -> bool:
    """Under half the previous window in the data: its revenue is too partial for a growth figure (CDNOW's 6 of 12
    months read +81.7%, QA); the caution says why the column is not there."""
    return growth_withheld(run.params.period, window) and "growth" in summary


def tiers_in_words(run: Run, summary: pd.DataFrame, window: pd.DataFrame | None = None,
                   moves: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tier table (:func:`tier_table`) as the report shows it: headers in the report's language, counts,
    money and shares written out, the total as the last row (the grading notebook shows it so too)."""
    lang, cur = run.params.language, run.params.currency
    if _growth_hidden(run, summary, window):
        summary = summary.drop(columns="growth")
    has_growth = "growth" in summary
    table = tier_table(summary, lang=lang, moves=moves)
    has_new = "new_revenue" in table

    def shown(r) -> tuple:
        return ((r.tier, f"{int(r.customers):,}", pct(r.customer_share, 1), money(r.revenue, cur),
                 pct(r.revenue_share, 1), money(r.avg_revenue, cur) if r.customers else "–")
                + (("–" if pd.isna(r.new_revenue) else money(r.new_revenue, cur),) if has_new else ())
                + ((signed_pct(r.growth),) if has_growth else ()))

    keys = ["col_tier", "col_customers", "col_customer_share", "col_revenue", "col_revenue_share", "col_avg_revenue"]
    keys += ["col_new_revenue"] if has_new else []
    keys += ["col_growth"] if has_growth else []
    return pd.DataFrame([shown(r) for r in table.itertuples()], columns=[t(k, lang) for k in keys])


def tier_table_html(run: Run, summary: pd.DataFrame, window: pd.DataFrame | None = None,
                    moves: pd.DataFrame | None = None) -> str:
    """The tier table (:func:`tiers_in_words`); with ``window`` (:func:`kit.clean.window_counts`), the growth column
    comes with a caution when the previous window is covered only in part; with ``moves``, the total's growth
    counts the revenue of the customers lost since the previous window (said under the table)."""
    lang, cur = run.params.language, run.params.currency
    hidden = _growth_hidden(run, summary, window)
    shown = tiers_in_words(run, summary, window, moves)
    lines = [tuple(row) for row in shown.itertuples(index=False)]
    html_out = html_table(lines[:-1], list(shown.columns), numeric=set(range(1, shown.shape[1])), total=list(lines[-1]))
    note = growth_note(summary.drop(columns="growth") if hidden else summary, lang=lang, currency=cur, moves=moves)
    if note:
        html_out += f'<p class="muted">{esc(note)}</p>'
    caveat = previous_caveat(run, window) if "growth" in summary else None
    if caveat:
        potential = run.params.grading.potential
        by_growth = potential is not None and potential.by == "growth"  # graded on the growth left out (review)
        said = (caveat + (t("s_growth_hidden", lang) if hidden else "")
                + (t("s_potential_partial", lang) if hidden and by_growth else ""))
        html_out += f'<p class="caveat">{esc(said)}</p>'
    return section_html(t("h_tiers", lang), html_out)


def service_plan_html(run: Run, summary: pd.DataFrame) -> str:
    lang = run.params.language
    plan = service_plan_table(run.params, summary)
    if plan.empty:  # nothing to show the client; the run log tells the consultant (see plan_hint)
        return ""
    counts = graded_counts(summary)
    plans = [(p, int(counts.get(label, 0))) for label, p in run.params.service_plan.items()
             if label in run.params.grading.value.labels]
    # the whole team's month, as the tiers' lines add up: the sum of the hours they show (10.5 and 10.5 show 11 and
    # 11, and the total 22, not 21)
    hours = sum(_shown_hours(p.visits_per_month * p.hours_per_visit * n) for p, n in plans)
    total = None
    if hours:
        total = [t("col_total", lang), f"{sum(n for _, n in plans):,}", "", "",
                 t("workload_total", lang, hours=_hours(hours))]
    # the plan, its actions and its workload are sentences: kept on one line on a phone as labels (up to 12 characters),
    # 专属客户经理，一对一服务 pushed the workload past the right edge (QA at 390 px: the table 384 px wide in 344)
    # the count as every other table shows one (QA at 60,000 customers: 34161 beside the total's 56,519); the
    # workbook keeps it a number
    rows = [(tier, f"{n:,}", *rest) for tier, n, *rest in plan.itertuples(index=False)]
    return section_html(t("h_plan", lang), html_table(rows, list(plan.columns), numeric={1},
                                                      total=total, prose={2, 3, 4}))


def _grader_labels(params: Params) -> dict[str, list[str]]:
    """Each configured grader's tier names (RFM's segments as the report names them)."""
    from .grading import RFM_SEGMENT_NAMES

    g = params.grading
    graders = {"value": list(g.value.labels)}
    for name in ("frequency", "loyalty", "potential", "lifecycle", "composite"):
        if getattr(g, name) is not None:
            graders[name] = list(getattr(g, name).labels)
    if g.rfm is not None:
        graders["rfm"] = [g.rfm.labels.get(segment, segment) for segment in RFM_SEGMENT_NAMES]
    return graders


def shared_label_hint(params: Params) -> str | None:
    """For the consultant: a label that names tiers of two graders (一般客户 of value and of loyalty), which the
    customer sheet and the service plan cannot tell apart (None when every label is one grader's)."""
    lang = params.language
    owners: dict[str, list[str]] = {}
    for name, labels in _grader_labels(params).items():
        for label in dict.fromkeys(labels):
            owners.setdefault(label, []).append(t(f"name_{name}", lang))
    shared = {label: names for label, names in owners.items() if len(names) > 1}
    if not shared:
        return None
    sep, both = ("；", "与") if lang == "zh" else ("; ", " and ")
    listed = sep.join(t("label_shared_one", lang, label=label, graders=both.join(names))
                      for label, names in shared.items())
    return t("label_shared", lang, listed=listed)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def language_hint(params: Params) -> str | None:
    """For the consultant: an English report whose title or tier names the params file writes in Chinese
    (``--set language=en`` on a Chinese case), which the report then shows as they are, or a Chinese report whose
    title is English (None otherwise)."""
    if params.language == "zh":  # an English title on a Chinese cover (the tier names may be A/B/C or VIP)
        english = not _CJK.search(params.title) and re.search(r"[A-Za-z]{3,}", params.title)
        return t("language_mixed_title", "zh", title=params.title) if english else None
    if params.language != "en":
        return None
    chinese = [label for labels in _grader_labels(params).values() for label in labels if _CJK.search(label)]
    parts = (["title"] if _CJK.search(params.title) else []) + (["tier names"] if chinese else [])
    if not parts:
        return None
    shown = ", ".join(dict.fromkeys(chinese[:3]))
    return t("language_mixed", "en", what=" and ".join(parts), shown=f" ({shown} ...)" if chinese else "")


def walk_in_note(paths: RunPaths, params: Params) -> str | None:
    """For the consultant: graded customers whose ID or name names walk-in sales (:data:`kit.clean.WALK_IN`: 散客,
    零售客户), many buyers graded as one, with their revenue and tier (QA: left in, they were the two largest A
    customers with no word in the run)."""
    from .clean import WALK_IN

    if not paths.grades.is_file():
        return None
    import pyarrow.parquet as pq

    held = set(pq.read_schema(paths.grades).names)
    grades = pd.read_parquet(paths.grades, columns=[c for c in ("customer_id", "customer_name", "revenue",
                                                                 "value_tier") if c in held])
    named = pd.Series(False, index=grades.index)
    for column in ("customer_id", "customer_name"):
        if column in grades:
            named |= grades[column].astype("string").str.strip().str.fullmatch(WALK_IN.pattern, case=False).fillna(
                False).astype(bool)
    found = grades.loc[named.to_numpy()]
    if found.empty:
        return None
    lang = params.language

    def who(row) -> str:
        """The ID, and the name beside it when it differs (matched on the name, C0123 零售客户: QA)."""
        ident = str(row.customer_id).strip()
        name = getattr(row, "customer_name", None)
        name = "" if name is None or pd.isna(name) else str(name).strip()
        return f"{ident} {name}" if name and name != ident else ident

    listed = ("、" if lang == "zh" else ", ").join(
        f"{who(row)} ({money(float(row.revenue), params.currency)}, {row.value_tier})"
        for row in found.head(5).itertuples(index=False))
    return t("walk_in_graded", lang, listed=listed, n=len(found))


def client_hint(params: Params) -> str | None:
    """For the consultant: the cover names the client as ``kit init`` drafted it, the export's file name
    (``orders``), not yet the client's name (None otherwise)."""
    from .scaffold import export_stem

    if params.data.demo is not None or not params.data.paths:
        return None
    # the file's name, not the case's: a consultant naming the case after the client (case: olist, client: Olist)
    # has put the client's name (QA)
    stems = {export_stem(list(params.data.paths)), *(p.stem for p in params.data.paths)}
    if params.client.strip().casefold() not in {s.casefold() for s in stems}:
        return None
    return t("client_is_file", params.language, client=params.client)


def reach_hint(params: Params) -> str | None:
    """Why tiers stay empty in a window too short for their rules (:func:`out_of_reach`), or None: in the
    report's grading rules and in the run's notes."""
    lang = params.language
    joint = "、" if lang == "zh" else "; "
    found = out_of_reach(params)
    named = [[t("tier_of", lang, grader=t(f"name_{grader}", lang), tier=tier) for grader, tier in found
              if (grader == "frequency") == months] for months in (False, True)]
    start, end = params.period.window()
    said = [t(key, lang, tiers=joint.join(tiers), months=params.period.months, days=(end - start).days + 1)
            for key, tiers in zip(("tiers_out_of_reach", "tiers_out_of_reach_months"), named) if tiers]
    return ("" if lang == "zh" else " ").join(said) or None


def unit_hint(params: Params) -> str | None:
    """When the amount's header names a unit (金额（百万元）, Sales (USD m)) that ``data.amount_scale`` does not
    answer, the amounts being read as currency units: the factor to set; None otherwise (the scale is set, even to
    1, or no header names a unit)."""
    from .scaffold import _factor, unit_scale

    if params.columns is None or "amount_scale" in params.data.model_fields_set:
        return None
    headers = params.columns.headers()
    money = headers.get("amount") or headers.get("unit_price") or []
    units = {header: unit_scale(header) for header in money}
    if len(money) > 1 and any(units.values()):  # 金额（元） on some sheets, 金额（万元） on others: a factor each
        factors = ", ".join(f"{h}: {_factor(u[0]) if u else 1}" for h, u in units.items())
        if params.language == "zh":
            return (f"金额的表头注明了不同的单位（{'、'.join(money)}），但参数未设 data.amount_scale：金额都按"
                    f"{currency_word(params.currency, 'zh')}读入。请为每个表头写明换算倍数：data.amount_scale: {{{factors}}}")
        return (f"the amount's headers name different units ({', '.join(money)}), but data.amount_scale is not set: "
                f"every amount is read as {params.currency}. Give each header its factor: "
                f"data.amount_scale: {{{factors}}}")
    for header, found in units.items():
        if found is None:
            continue
        factor = _factor(found[0])
        if params.language == "zh":
            return (f"金额的表头 {header!r} 注明单位“{found[1]}”，但参数未设 data.amount_scale：金额按{currency_word(params.currency, 'zh')}"
                    f"读入。如该列确以“{found[1]}”计，请设 data.amount_scale: {factor}；如不是，设为 1 即不再提示")
        return (f"the amount's header {header!r} names a unit ({found[1]}), but data.amount_scale is not set: amounts "
                f"are read as {params.currency}. If the column is in {found[1]}, set data.amount_scale: {factor}; if "
                f"not, set it to 1 and this note goes")
    return _title_unit_hint(params)


def _title_unit_hint(params: Params) -> str | None:
    """:func:`unit_hint` for a unit the title above the table names (单位：万元 in a workbook's title rows, or a
    CSV's title line: QA c94, amounts 10,000 times too small without a word), ``data.amount_scale`` being unset."""
    from .scaffold import _factor, _title_said, _title_unit

    sheet = params.data.sheet
    if isinstance(sheet, list) or sheet == "all":  # several sheets: kit init says each one's unit
        return None
    for path in params.data.paths:
        try:
            found = _title_unit(_title_said(Path(path), sheet, encoding=params.data.encoding))
        except Exception:  # noqa: BLE001 - a file that does not read is said by the run itself, not by a note
            found = None
        if found is None:
            continue
        factor = _factor(found[0])
        if params.language == "zh":
            return (f"{Path(path).name} 表头上方的标题注明“{found[1]}”，但参数未设 data.amount_scale：金额按"
                    f"{currency_word(params.currency, 'zh')}读入。如金额确以此单位计，请设 data.amount_scale: {factor}；"
                    f"如不是，设为 1 即不再提示")
        return (f"the title above the header of {Path(path).name} says {found[1]}, but data.amount_scale is not set: "
                f"amounts are read as {params.currency}. If they are in that unit, set data.amount_scale: {factor}; if "
                f"not, set it to 1 and this note goes")
    return None


def plan_hint(params: Params) -> str | None:
    """For the consultant: which tiers have no service plan and where to write one (None when all have)."""
    missing = [label for label in params.grading.value.labels[::-1] if label not in params.service_plan]
    if not missing:
        return None
    tiers = ("、" if params.language == "zh" else ", ").join(missing)
    return t("plan_missing", params.language, tiers=tiers)


def excel_cap_note(paths: RunPaths, params: Params) -> str | None:
    """For the consultant: the workbook's customer sheet leaves customers out (more than ``output.excel_max_rows``),
    so a client filtering it for a tier finds fewer than the report counts (QA at 60,000 customers: 2,977 of the
    3,363 VIP客户). None when it lists them all, or when there is no graded table."""
    if not paths.grades.is_file():
        return None
    import pyarrow.parquet as pq

    total = pq.ParquetFile(paths.grades).metadata.num_rows
    limit = params.output.excel_max_rows
    if total <= limit:
        return None
    lang, counter = params.language, params.customer_counter
    # more than a worksheet's rows: no limit lists them all (review: `excel_max_rows: 1048575` was said to)
    parts = [("excel_capped", {"shown": f"{limit:,}", "total": f"{total:,}"})] + (
        [("excel_capped_all", {"rows": total})] if total <= 1_048_575 else [])
    if limit < 1_000:  # fewer rows than value tiers: some tier has none on the sheet, said with which (not "each")
        graded = pd.read_parquet(paths.grades)
        if "value_tier" in graded and graded["value_tier"].nunique() > limit:
            missing = _tiers_left_out(graded, graded.iloc[_largest_by_tier(graded, limit)])
            parts.append(("excel_capped_tiers_terminal", {
                "rows": f"{limit:,}", "rows_n": limit, "tiers": f"{graded['value_tier'].nunique():,}",
                "missing": ("、" if lang == "zh" else ", ").join(missing), "missing_n": len(missing)}))
    if lang != "zh":
        return "".join(t(key, lang, **values) for key, values in parts)
    # counted as the case counts (位, 消费额), not as kit run's own process does (家, 采购额: review)
    from .text import _NOT_COUNTER

    return "".join(zh_words(_NOT_COUNTER.sub(counter, template(key, lang)), counter).format(**values)
                   for key, values in parts)


#: A header naming the customer's name (客户名称, 单位名称, Customer Name), not a code
_NAME_HEADER = re.compile(r"名称|名字|姓名|(?i:name)")


def named_by_id(grades: pd.DataFrame, params: Params) -> bool:
    """Whether customers go by their names (a ledger of names only): the name column repeats the ID (as an ID is
    written: 华东医院（北京） is the ID 华东医院(北京)), or the ID's header names a name (``customer_id: 客户名称``).
    They are then shown once, under the customer's name, as the client writes it where the name column has it.
    ``customer_name`` mapped to the ID's own column says so whatever the data: a customer written two ways and
    merged (``cleaning.id_variants``) is graded under one way and named by the other, the latest (QA: every other
    customer's name then shown twice, as its ID and as its name)."""
    from .clean import clean_customer_id

    mapped = params.columns.headers() if params.columns is not None else {}
    if mapped.get("customer_name") and set(mapped["customer_name"]) == set(mapped.get("customer_id", [])):
        return True
    if "customer_name" in grades:
        names = grades["customer_name"]
        if names.astype("string").str.strip().fillna("").ne("").any():
            def folded(ids: pd.Series) -> pd.Series:  # as cleaning.id_variants groups IDs (kit.clean.ID_VARIANT_KEY):
                # case, spaces, brackets, a company's 有限公司 and leading zeros (review: 华东医药 merged with
                # 华东医药有限公司 and named by it had every name shown twice)
                from .clean import PLACE_KEPT
                from .scaffold import _ID_VARIANT_DROP, _LEGAL_FORM, _PLACE_SUFFIX

                text = ids.astype("string").fillna("").str.replace(_ID_VARIANT_DROP, "", regex=True).str.replace(
                    _PLACE_SUFFIX, PLACE_KEPT, regex=True)  # 上海市 / 上海
                return text.str.replace(_LEGAL_FORM, "", regex=True).str.upper().str.lstrip("0")

            return bool(folded(clean_customer_id(names)).eq(folded(grades["customer_id"])).all())
    from .scaffold import CODE_HEADER

    headers = mapped.get("customer_id", [])
    return bool(headers) and all(_NAME_HEADER.search(h) and not CODE_HEADER.search(h) for h in headers)


def top_customers_html(run: Run, grades: pd.DataFrame, *, n: int = 5) -> str:
    """The ``n`` largest customers of each tier; a name column only when the data has customer names."""
    lang, cur = run.params.language, run.params.currency
    names = grades["customer_name"] if "customer_name" in grades else pd.Series(dtype=object)
    # the name is the ID (a ledger of names only): one column, headed as the customer's name
    by_name = named_by_id(grades, run.params)
    has_names = bool(names.astype("string").str.strip().fillna("").ne("").any()) and not by_name
    ranked = grades.iloc[sort_order(-grades["revenue"].to_numpy(dtype=float), id_order(grades))]
    top = ranked.groupby("value_tier", observed=True, sort=False).head(n)
    order = {label: i for i, label in enumerate(run.params.grading.value.labels[::-1])}
    top = top.assign(_o=top["value_tier"].astype(str).map(order)).sort_values("_o", kind="stable")
    # （北京） as written, where every customer has a name
    shown_id = "customer_name" if by_name and "customer_name" in grades and names.notna().all() else "customer_id"
    rows = [(r.value_tier, getattr(r, shown_id))
            + (("" if pd.isna(r.customer_name) else r.customer_name,) if has_names else ())
            + (money(r.revenue, cur), f"{r.orders:,}") for r in top.itertuples()]
    keys = ("col_tier", "col_customer" if by_name else "col_id") + (("col_customer",) if has_names else ()) \
        + ("col_revenue", "col_orders")
    numeric = {len(keys) - 2, len(keys) - 1}  # revenue and orders
    intro = f"<p>{esc(t('top_intro', lang, n=n))}</p>" if len(run.params.grading.value.labels) > 1 else ""
    return section_html(t("h_top", lang), intro + html_table(rows, [t(k, lang) for k in keys], numeric=numeric)
                        + workbook_note_html(run, len(grades)))


#: The workbook beside the report in the run folder (:attr:`kit.context.RunPaths.grades_xlsx`'s name).
WORKBOOK = "grades.xlsx"


def workbook_note_html(run: Run, customers: int) -> str:
    """A sentence naming the workbook that lists every customer (report QA: nothing led from report.html to
    grades.xlsx). The file is named in words, for a report sent alone; :func:`link_files` makes the name a link in
    report.html, which the run folder holds beside the workbook. With more customers than the workbook lists
    (``output.excel_max_rows``), it says how many it lists and that grades.csv has them all."""
    lang, limit = run.params.language, run.params.output.excel_max_rows
    if customers > limit:
        said = t("top_workbook_capped", lang, shown=f"{limit:,}", n=f"{customers:,}", file=WORKBOOK)
    else:
        said = t("top_workbook", lang, n=f"{customers:,}", file=WORKBOOK)
    before, after = said.split(WORKBOOK, 1)
    return f'<p>{esc(before)}<span class="kit-file">{WORKBOOK}</span>{esc(after)}</p>'


def link_files(page: str) -> str:
    """report.html's file names (:func:`workbook_note_html`) as links to the files beside it; printed (and in
    report.pdf) the name alone, since a link there would point into the consultant's own folder
    (file:///.../grades.xlsx)."""
    return re.sub(r'<span class="kit-file">([^<>"]+)</span>',
                  r'<a class="kit-file" href="\1">\1</a><span class="kit-file-print">\1</span>', page)


#: More sources than this (sheets or files) are named as a range, and their ledger shown as one block.
MAX_SOURCES_LISTED = 4

_SHEET_LABEL = re.compile(r"^(?P<file>.*\.(?:xlsx|xlsm|xls)) \[(?P<sheet>.*)\]$", re.IGNORECASE)


def sources_text(labels: list[str], lang: str) -> str:
    """The order files read, for a sentence: ``a.csv, b.csv``; a workbook's many sheets or many files as a range."""
    files: dict[str, list[str]] = {}
    for label in labels:
        match = _SHEET_LABEL.match(label)
        file, sheet = (match["file"], match["sheet"]) if match else (label, None)
        files.setdefault(file, [])
        if sheet is not None:
            files[file].append(sheet)
    parts = []
    for file, sheets in files.items():
        if len(sheets) > MAX_SOURCES_LISTED:
            parts.append(t("src_sheets", lang, file=file, n=len(sheets), first=sheets[0], last=sheets[-1]))
        else:
            parts.extend([f"{file} [{sheet}]" for sheet in sheets] or [file])
    if len(parts) > MAX_SOURCES_LISTED:
        return t("src_files", lang, n=len(labels), first=parts[0], last=parts[-1])  # n as in the appendix
    return ("、" if lang == "zh" else ", ").join(parts)


def all_sources_label(sources: list[str], lang: str) -> str:
    """The sources of a ledger shown as one block: ``台账.xlsx 全部 25 个工作表`` when they are one workbook's sheets,
    ``全部 25 个文件`` when they are files, else ``全部 25 个来源``."""
    files = {(m["file"] if (m := _SHEET_LABEL.match(label)) else None) for label in sources}
    if len(files) == 1 and None not in files:
        return t("src_all_sheets", lang, n=len(sources), file=files.pop())
    return t("src_all_files" if files == {None} else "src_all", lang, n=len(sources))


def combined_ledger(ledger: pd.DataFrame, label: str) -> pd.DataFrame:
    """The ledger of all sources as one block under ``label`` (rows and amounts summed per step and reason)."""
    from .clean import NOTES, REASONS

    rank = {("read", ""): 0, **{(kind, key): 1 + i for i, (key, (kind, _)) in enumerate(REASONS.items())}}
    rank[("kept", "")] = len(rank) + 1
    rank.update({("info", key): len(rank) + 1 + i for i, key in enumerate(NOTES)})
    frame = ledger.assign(reason=ledger["reason"].fillna(""))
    out = frame.groupby(["kind", "reason"], sort=False, as_index=False)[["rows", "amount"]].sum()
    out["_rank"] = [rank.get((k, r), len(rank) + 10) for k, r in zip(out["kind"], out["reason"])]
    out = out.sort_values("_rank", kind="stable").drop(columns="_rank")
    out.insert(0, "source_file", label)
    return out.reset_index(drop=True)


def appendix_html(run: Run, ledger: pd.DataFrame) -> str:
    lang, cur = run.params.language, run.params.currency
    sources = list(dict.fromkeys(ledger["source_file"].astype(str)))
    detail = ""
    if len(sources) > MAX_SOURCES_LISTED:
        ledger = combined_ledger(ledger, all_sources_label(sources, lang))
        detail = f'<p class="muted">{esc(t("src_detail", lang))}</p>'
    shown = ledger_in_words(ledger, run.params)
    table = html_table(shown.itertuples(index=False), list(shown.columns), numeric={2, 3}) + detail
    totals = float(ledger.loc[ledger["reason"].isin(["total_row", "subtotal_row", "document_total"]), "amount"].sum())
    if totals:  # a hand-kept sheet's 小计 and 合计 lines double the amount read: said, so it is not misread
        table += f'<p class="muted">{esc(t("ledger_totals", lang, amount=money(totals, cur, decimals=2)))}</p>'
    from .clean import excluded_currencies_each, excluded_currencies_found

    other = excluded_currencies_found(run.paths)
    if other is not None:  # 币别: [美元, 港币] left out: the ledger's amounts read and excluded add currencies (QA c92)
        said = t("ledger_currencies", lang, n=f"{int(other['rows'].sum()):,}", each=excluded_currencies_each(other, lang))
        table += f'<p class="muted">{esc(said)}</p>'
    if run.paths.id_check.is_file():  # one customer written two ways is graded as two: the client should know
        variants = read_id_check(run.paths).astype(str)  # the IDs as written, Excel's text mark off (review)
        groups = variants.groupby("group", sort=False)["customer_id"].agg(" / ".join)
        merged = "graded_as" in variants and bool((variants["graded_as"] != variants["customer_id"]).any())
        key = "id_variants_merged" if merged else "id_variants"
        examples = ("；" if lang == "zh" else "; ").join(groups.head(3))
        table += f"<p>{esc(for_client(t(key, lang, n=f'{len(groups):,}', examples=examples)))}</p>"
    inputs = ""
    manifest = run_manifest(run)
    if manifest is not None:
        items = "".join(
            f"<li>{esc(Path(i['path']).name)}: <code>{esc(i['sha256'])}</code></li>"
            for i in manifest.get("inputs", [])
        )
        inputs = f"<p>{esc(t('repro_inputs', lang))}</p><ul>{items}</ul>"
    note = f'<p class="muted">{esc(t("repro_note", lang))}</p>'
    return section_html(t("h_appendix", lang), table + inputs + reproducibility_html(run) + note)


def ledger_steps(ledger: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cleaning ledger with each step in words (``source_file``, ``step``, ``rows``, ``amount``), as the report's
    appendix and the workbook show it; ``ledger.csv`` keeps the kind and reason codes."""
    steps = [_ledger_label(k, r, lang) for k, r in zip(ledger["kind"], ledger["reason"].fillna(""))]
    return pd.DataFrame({"source_file": ledger["source_file"], "step": steps, "rows": ledger["rows"],
                         "amount": ledger["amount"]})


def ledger_in_words(ledger: pd.DataFrame, params: Params) -> pd.DataFrame:
    """:func:`ledger_steps` as the cleaning notebook shows it: headers in the report's language, rows and amounts
    written out (``63,531``, ``¥522,377,959.50``)."""
    lang = params.language
    shown = ledger_steps(ledger, lang)
    shown["rows"] = [f"{int(n):,}" for n in shown["rows"]]
    shown["amount"] = [money(float(a), params.currency, decimals=2) for a in shown["amount"]]
    return shown.rename(columns={"source_file": t("col_source", lang), "step": t("col_step", lang),
                                 "rows": t("col_rows", lang), "amount": t("col_amount", lang)})


def _ledger_label(kind: str, reason: str, lang: str) -> str:
    if kind in ("read", "kept"):
        return t(f"step_{kind}", lang)
    return for_client(t(f"reason_{reason}", lang))  # the report's appendix and the workbook: no params key


def _shown_hours(value: float) -> float:
    """Hours (or contacts) of a month's workload as :func:`_hours` shows them: whole from 10 on, one decimal below,
    rounded half up as a person does (163.5 is 164, 486.5 is 487; QA c70's total read 486 beside rows adding to
    487)."""
    return float(half_up(value)) if value >= 10 else float(half_up(value * 10)) / 10


def _hours(value: float) -> str:
    """Hours (or contacts) of a month's workload: whole from 10 on, one decimal below (42.25 is about 42)."""
    shown = _shown_hours(value)
    return f"{shown:,.0f}" if value >= 10 else f"{shown:.1f}".removesuffix(".0")


def exact_percent(value: float, *, sign: bool = False) -> str:
    """A share as a percent with the decimals it has, so that a rule's bound is the one applied: ``0.6`` is 60%,
    ``0.545`` 54.5% (not 55%, which a customer at 54.55% would seem to miss while graded loyal), ``-0.1225``
    -12.25%; float noise past the sixth decimal of the percent is not shown."""
    text = f"{round(float(value) * 100, 6):{'+' if sign else ''}.6f}".rstrip("0").rstrip(".")
    return ("+0" if sign and text in ("+0", "-0") else "0" if text == "-0" else text) + "%"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def read_grades(paths: RunPaths, params: Params) -> pd.DataFrame:
    """The graded table written by the grading notebook, tiers ordered as in params."""
    if not paths.grades.is_file():  # 03 opened before 02 (QA: pyarrow's FileNotFoundError and its traceback)
        from .errors import RunError

        raise RunError(key="e_step_not_run", file=paths.grades.name, folder=str(paths.grades.parent), step="02_grade")
    grades = pd.read_parquet(paths.grades)
    labels = params.grading.value.labels
    grades["value_tier"] = pd.Categorical(grades["value_tier"].astype(str), categories=labels, ordered=True)
    return grades


def read_ledger(paths: RunPaths) -> pd.DataFrame:
    """The cleaning ledger written by the cleaning notebook."""
    return excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False,
                                          dtype={"reason": str, "reason_text": str, "source_file": str}))


# ------------------------------------------------------------- more sections

_FEATURE_WORDS = {
    "revenue": ("采购额", "revenue"), "orders": ("订单数", "orders"), "active_months": ("采购月数", "active months"),
    "growth": ("增长率", "growth"), "beds": ("床位数", "beds"), "recency_days": ("距期末天数", "days since last purchase"),
    "repurchase_rate": ("复购率", "repurchase rate"), "score": ("综合得分", "score"),
    "lines": ("订单行数", "order lines"), "aov": ("平均订单金额", "average order value"),
    "tenure_days": ("合作天数", "days as customer"), "stability": ("变异系数", "stability (CV)"),
    "previous_revenue": ("上期采购额", "previous revenue"),
}


def _feature(name: str, lang: str) -> str:
    zh, en = _FEATURE_WORDS.get(name, (name, name))
    return zh_words(zh) if lang == "zh" else en


def _bound(value: float, feature: str, cur: str, *, observed: bool = False) -> str:
    """A bound of ``feature`` for a rule: an amount of money as given, to the cent when it has cents; a growth
    threshold as written, a growth ``observed`` (a rank-based tier's range) to two decimals of the percent."""
    if feature in MONEY_COLUMNS:
        return exact_money(value, cur)
    if feature == "growth" and observed:
        # a customer's growth has ten decimals: written as a threshold is, +12.345679% (review of the grade audit)
        return exact_percent(round(float(value), 4), sign=True)
    if feature == "growth":  # +15%, and a moved threshold as it is: +13.5%, not +14%; -12.25% not -12.3% (audit)
        return exact_percent(value, sign=True)
    return _num(value)


def _cut_rule(row, feature: str, lang: str, cur: str, *, rank_based: bool, position: int, bins: int,
              together: bool = False) -> str:
    name = _feature(feature, lang)
    if rank_based:
        # the amounts observed as they are: rounded to the yuan, 999,999.99 ending one tier read as the 1,000,000 that
        # starts the next (grade audit)
        low, high = (_bound(v, feature, cur, observed=True) if pd.notna(v) else "–" for v in (row.lower, row.upper))
        observed = low if low == high or low == "–" else f"{low} – {high}"  # a group of one value: "2", not "2 – 2"
        return t("rule_rank_together" if together else "rule_rank", lang, feature=name, i=position, k=bins,
                 observed=observed)
    if pd.isna(row.lower):
        return f"{name} < {_bound(row.upper, feature, cur)}"
    if pd.isna(row.upper):
        return f"{name} ≥ {_bound(row.lower, feature, cur)}"
    return f"{_bound(row.lower, feature, cur)} ≤ {name} < {_bound(row.upper, feature, cur)}"


def grader_rules(run: Run, rules: pd.DataFrame, grades: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`rules_in_words` for the run's params."""
    return rules_in_words(run.params, rules, grades)


def notebook_table(table: pd.DataFrame, *, text: int = 1):
    """``table`` as a notebook shows it to a reader: its first ``text`` columns (names, rules) left-aligned and
    the figures right-aligned (pandas right-aligns every cell, so a rule read from its end), no index column."""
    words = list(table.columns[:text])
    labels = [c for c in table.columns if table[c].astype(str).str.len().max() <= _LABEL_CHARS]  # 重要价值客户 on one line
    # the client's text (file and sheet names, tier names) escaped, as a DataFrame's own display does (review)
    return (table.style.format(escape="html").format_index(escape="html", axis=1).hide(axis="index")
            .set_properties(subset=words, **{"text-align": "left"})
            .set_properties(subset=labels, **{"white-space": "nowrap"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))


def rules_table(params: Params, rules: pd.DataFrame, grades: pd.DataFrame | None = None):
    """:func:`rules_in_words` for the grading notebook: headers in the report's language (as the workbook's sheet),
    see :func:`notebook_table`."""
    lang = params.language
    words = rules_in_words(params, rules, grades)
    words.columns = [t("col_grader", lang), t("col_tier", lang), t("col_rule_any", lang), t("col_customers", lang)]
    return notebook_table(words, text=3)


def rules_in_words(params: Params, rules: pd.DataFrame, grades: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every configured grader's tiers (``rules.csv``) with the rule in the report's language and customer
    counts; with ``grades``, each k-means cluster is described by its members' average features."""
    g, lang, cur = params.grading, params.language, params.currency
    out = []
    means = None
    if g.kmeans is not None and grades is not None and "cluster" in grades:
        from .grading import cluster_profile

        means = cluster_profile(grades, g.kmeans.features).set_index("cluster")
        means.index = means.index.astype(str)
    for grader, part in rules.groupby("grader", sort=False):
        part = part.reset_index(drop=True)
        for i, row in part.iterrows():
            if grader == "value":
                if g.value.method == "thresholds":
                    text = _cut_rule(row, "revenue", lang, cur, rank_based=False, position=0, bins=0)
                elif g.value.method in ("pareto", "shares"):  # the method table's rule; rows lowest tier first
                    text = tier_rules(params)[len(part) - 1 - i]
                else:
                    text = _cut_rule(row, "revenue", lang, cur, rank_based=True, position=i + 1, bins=len(part))
            elif grader in ("frequency", "potential"):
                spec = getattr(g, grader)
                # the row for customers without a value: after the tiers' rows, or alone when none has one
                if i >= len(spec.labels) or str(row["rule"]).startswith(f"no {spec.by} "):
                    text = t("rule_missing", lang, feature=_feature(spec.by, lang))
                else:
                    text = _cut_rule(row, spec.by, lang, cur, rank_based=spec.method == "quantiles",
                                     position=i + 1, bins=len(spec.labels), together=spec.ties == "together")
            elif grader == "loyalty":
                spec = g.loyalty
                text = [t("rule_lost", lang, days=spec.lost_min_recency_days), t("rule_general", lang, lost=spec.labels[0], loyal=spec.labels[2]),
                        t("rule_loyal", lang, rate=exact_percent(spec.loyal_min_repurchase),
                          cv=f"{spec.loyal_max_stability:g}", days=spec.loyal_max_recency_days)][i]
            elif grader == "lifecycle":
                spec = g.lifecycle
                text = [t("rule_churned", lang, days=spec.churn_days),
                        t("rule_at_risk", lang, low=spec.at_risk_days, high=spec.churn_days),
                        t("rule_active", lang, days=spec.at_risk_days), t("rule_new", lang, days=spec.new_days)][i]
                if i < 3:  # a new customer is new whatever their recency (QA: new_days 365 and churned at 180)
                    text += t("rule_not_new", lang, new=spec.labels[3])
            elif grader == "rfm":
                text = str(row.rule).split(" (FM = ")[0].replace(" or ", " / ")
                if i == 0:  # how the scores are given, once, on the first segment
                    text += ("；" if lang == "zh" else "; ") + t("rule_rfm_scores", lang)
            elif grader == "composite" and g.composite.method == "matrix":
                text = str(row.rule).replace(g.composite.rows, t(f"grader_{_GRADE[g.composite.rows]}", lang), 1) \
                    .replace(f" x {g.composite.cols}", f" × {t(f'grader_{_GRADE[g.composite.cols]}', lang)}")
            elif grader == "composite":
                text = _cut_rule(row, "score", lang, cur, rank_based=False, position=0, bins=0)
                if i == 0:  # how the score is made, once, on the first tier
                    text += ("；" if lang == "zh" else "; ") + score_weights(g.composite.weights, lang)
            else:
                text = t("rule_kmeans", lang, features=("、" if lang == "zh" else ", ").join(
                    _feature(f, lang) for f in g.kmeans.features),
                         k=g.kmeans.k)
                if means is not None and str(row.tier) in means.index:
                    average = ("、" if lang == "zh" else ", ").join(
                        f"{_feature(f, lang)} {_average(means.loc[str(row.tier), f], f, cur)}"
                        for f in g.kmeans.features)
                    # the method once, on the first cluster: each row then reads as that cluster's profile
                    text = t("rule_kmeans_mean", lang, average=average) + (
                        ("；" if lang == "zh" else "; ") + text if i == 0 else "")
            out.append({"grader": t(f"name_{grader}", lang), "tier": row.tier, "rule": text,
                        "customers": int(row.customers)})
    return pd.DataFrame(out, columns=["grader", "tier", "rule", "customers"])


def score_weights(weights: dict[str, float], lang: str) -> str:
    """How the composite score weighs its features: ``the score is 100 × ... (revenue 50%, days since the last
    purchase 20% (lower is better) ...)``; a negative weight ranks the feature lower-is-better."""
    total = sum(abs(w) for w in weights.values())
    parts = [f"{_feature(column, lang)} {abs(w) / total:.0%}" + (t("rule_score_lower", lang) if w < 0 else "")
             for column, w in weights.items() if w]
    return t("rule_score_weights", lang, weights=("、" if lang == "zh" else ", ").join(parts))


_GRADE = {"value": "value_tier", "frequency": "frequency_tier", "loyalty": "loyalty_tier",
          "potential": "potential_tier"}


def _average(value: float, feature: str, cur: str) -> str:
    """A cluster's mean of ``feature``: money to the unit, growth and rates as percentages, counts to 0.1."""
    if pd.isna(value):
        return "–"
    if feature in MONEY_COLUMNS:
        return money(value, cur)
    if feature == "growth":
        return signed_pct(value)
    if feature in ("repurchase_rate", "share"):
        return pct(value)
    # to 0.1 alike for every cluster and size (8.0 beside 35.8, not 8: report QA; 120.4 beside 99.9, not 120:
    # review), and never -0.0
    return f"{round(value, 1) + 0.0:,.1f}"


def out_of_reach(params: Params) -> list[tuple[str, str]]:
    """(grader, tier) of the tiers no customer of the window can reach, their rule asking for more days without a
    purchase (lifecycle's churned in a 2-month window), or more active months (frequency's), than it holds."""
    g = params.grading
    start, end = params.period.window()
    longest = (end - start).days  # days since the last purchase of one who bought on the window's first day
    out = []
    if g.loyalty is not None and g.loyalty.lost_min_recency_days > longest:
        out.append(("loyalty", g.loyalty.labels[0]))
    if g.lifecycle is not None:
        out += [("lifecycle", label) for label, days in zip(g.lifecycle.labels[:2],
                                                              (g.lifecycle.churn_days, g.lifecycle.at_risk_days))
                if days > longest]
    if g.frequency is not None and g.frequency.by == "active_months" and g.frequency.method == "thresholds":
        out += [("frequency", label) for label, low in zip(g.frequency.labels[1:], g.frequency.thresholds)
                if low > params.period.months]
    return out


def graders_html(run: Run, rules: pd.DataFrame, grades: pd.DataFrame | None = None) -> str:
    lang = run.params.language
    table = grader_rules(run, rules, grades)
    rows = [(grader, tier, rule, f"{customers:,}") for grader, tier, rule, customers in table.itertuples(index=False)]
    # a tier's customers over all its rows (a matrix gives a row per pair of grades that leads to it)
    totals = table.groupby(["grader", "tier"], sort=False)["customers"].sum()
    empty = [t("tier_of", lang, grader=grader, tier=tier) for (grader, tier), customers in totals.items()
             if not customers]
    joint = "、" if lang == "zh" else "; "
    said = (f"<p>{esc(t('tiers_empty', lang, tiers=joint.join(empty)))}</p>"
            if empty else "")  # a loyal tier no one-time buyer can reach: said, not left to a 0 in the table
    reach = reach_hint(run.params)
    if reach:  # a short window: why those tiers stay empty, and what fills them
        said += f"<p>{esc(for_client(reach))}</p>"
    body = f"<p>{esc(t('graders_intro', lang))}</p>" + html_table(
        rows, [t("col_grader", lang), t("col_tier", lang), t("col_rule_any", lang),
                                        t("col_customers", lang)], numeric={3}) + said + measures_html(run)
    return section_html(t("h_graders", lang), body)


def measures_html(run: Run) -> str:
    """What the measures the rules name mean, those of the graders set only (report QA: 复购率 read as the share of
    customers buying twice, as it often means; the unit of 变异系数 unsaid; returns left out of 订单数 unsaid)."""
    g, lang = run.params.grading, run.params.language
    keys = []
    if g.frequency is not None or g.rfm is not None:
        # without an order number an order is a customer's day, a month's in a flow dated by month (QA cn2)
        by_day = run.params.columns is not None and not run.params.columns.headers().get("order_id")
        keys.append("def_orders_by_day" if by_day else "def_orders")  # (a demo's orders have their numbers)
    if g.rfm is not None or g.loyalty is not None or g.lifecycle is not None:
        keys.append("def_recency")
    if g.loyalty is not None:
        keys += ["def_repurchase", "def_stability"]
    if g.potential is not None and g.potential.by == "growth":
        keys.append("def_growth")
    if not keys:
        return ""
    items = "".join(f"<li>{esc(t(key, lang, months=run.params.period.months))}</li>" for key in keys)
    return f'<p class="muted">{esc(t("def_intro", lang))}</p><ul class="muted">{items}</ul>'


def migration_findings(run: Run, moves: pd.DataFrame, *, key: bool = False) -> list[str]:
    """Sentences on who moved: the largest downgrade and upgrade, new and lost customers and, among the lost, those of
    the upper tiers. ``key``: for the key findings, where the customers who bought in neither window (a return
    alone) are not said (report QA: a key finding on one customer's ¥-1,980, pointing at a cell of a table)."""
    from .migration import has_previous

    lang = run.params.language
    if moves is None or moves.empty:
        return []
    if not has_previous(moves):
        start, end = run.params.period.previous_window()
        return [t("s_no_previous", lang, start=start.date(), end=end.date())]
    out = []
    for move, said in (("down", "s_down"), ("up", "s_up")):
        part = moves[(moves["move"] == move) & (moves["customers"] > 0)]
        if len(part):
            top = part.sort_values(["customers", "revenue"], ascending=False, kind="stable").iloc[0]
            out.append(t(said, lang, n=f"{int(top.customers):,}", src=top.from_tier, dst=top.to_tier,
                         total=f"{int(part['customers'].sum()):,}"))
    new = int(moves.loc[moves["move"] == "new", "customers"].sum())
    count, lost = lost_customers(moves)
    if new or count:  # none of either (a window the data barely covers): nothing to say (report QA: a bullet of 0s)
        out.append(t("s_new_lost", lang, new=f"{new:,}", lost=f"{count:,}",
                     revenue=money_words(lost, run.params.currency, lang)))
    out += _lost_upper_tiers(run, moves, lost)
    neither = int(moves.loc[moves["move"] == "none", "customers"].sum())
    if neither and not key:  # graded (returns alone), yet bought in neither window: where the table shows them
        out.append(t("s_neither", lang, n=f"{neither:,}", row=t("migr_new", lang), col=t("migr_lost", lang)))
    return out


def _lost_upper_tiers(run: Run, moves: pd.DataFrame, lost: float) -> list[str]:
    """A sentence on the lost customers of the tiers above the middle (VIP客户 and 重要客户 of four; A of A, B, C), by
    tier, with what they bought in the previous window and its share of all the lost customers bought then
    (report QA: four of them brought ¥3.75M of the ¥4.53M lost, unsaid)."""
    lang, cur = run.params.language, run.params.currency
    labels = [str(label) for label in run.params.grading.value.labels]
    upper = labels[(len(labels) + 1) // 2:][::-1]  # highest first
    gone = moves[(moves["move"] == "lost") & (moves["customers"] > 0)]
    gone = gone[gone["from_tier"].astype(str).isin(upper)]
    if gone.empty or lost <= 0:
        return []
    by_tier = gone.groupby(gone["from_tier"].astype(str))["customers"].sum().reindex(upper).dropna()
    tiers = ("、" if lang == "zh" else ", ").join(t("s_tier_count", lang, tier=tier_said(tier, lang), n=f"{int(n):,}")
                                                  for tier, n in by_tier.items() if n)
    revenue = float(gone["revenue"].sum())
    return [t("s_lost_upper", lang, n=f"{int(by_tier.sum()):,}", tiers=tiers, revenue=money_words(revenue, cur, lang),
              share=pct(revenue / lost))]


def _moves_in_words(run: Run, summary: pd.DataFrame) -> tuple[list[tuple], list[str]]:
    """Rows and headers of the migration summary (:func:`kit.migration.migration_summary`) as the report shows it."""
    lang, cur = run.params.language, run.params.currency
    if "previous_revenue" in summary:  # each window's revenue in its own column
        rows = [(t(f"move_{r.move}", lang), f"{int(r.customers):,}", money(r.previous_revenue, cur),
                 money(r.current_revenue, cur)) for r in summary.itertuples()]
        return rows, [t("col_move", lang), t("col_customers", lang), t("col_revenue_previous", lang),
                      t("col_revenue_current", lang)]
    # a migration.csv of an earlier version
    rows = [(t(f"move_{r.move}", lang), f"{int(r.customers):,}", money(r.revenue, cur)) for r in summary.itertuples()]
    return rows, [t("col_move", lang), t("col_customers", lang), t("col_revenue", lang)]


def migration_table(run: Run, moves: pd.DataFrame):
    """The migration summary for the grading notebook, as the report words it (QA: up / same / down and 33791331.6
    in a Chinese notebook); see :func:`notebook_table`."""
    from .migration import migration_summary

    rows, headers = _moves_in_words(run, migration_summary(moves))
    return notebook_table(pd.DataFrame(rows, columns=headers))


def migration_html(run: Run, moves: pd.DataFrame, window: pd.DataFrame | None = None) -> str:
    """Who moved between the previous window and this one; with ``window`` (:func:`kit.clean.window_counts`),
    a caution when the previous window is covered only in part."""
    from .migration import has_previous, migration_summary

    lang = run.params.language
    start, end = run.params.period.previous_window()
    if not has_previous(moves):
        return section_html(t("h_migration", lang),
                            f"<p>{esc(t('s_no_previous', lang, start=start.date(), end=end.date()))}</p>")
    rows, headers = _moves_in_words(run, migration_summary(moves))
    caveat = previous_caveat(run, window)
    body = (f"<p>{esc(t('migration_intro', lang, start=start.date(), end=end.date()))}</p>"
            + (f'<p class="caveat">{esc(caveat)}</p>' if caveat else "")
            + "".join(f"<p>{esc(x)}</p>" for x in migration_findings(run, moves))
            + html_table(rows, headers, numeric=set(range(1, len(headers)))))
    return section_html(t("h_migration", lang), body)


def sensitivity_html(run: Run, sensitivity: pd.DataFrame) -> str:
    lang, cur = run.params.language, run.params.currency
    if sensitivity is None or sensitivity.empty:  # no threshold to move: no section (nor a line in the contents)
        return ""
    rows = []
    for r in sensitivity.itertuples():
        feature = "revenue" if r.grader == "value" else (
            getattr(run.params.grading, r.grader).by if r.grader in ("frequency", "potential") else "score")
        changed = "–" if pd.isna(r.customers_changed) else f"{int(r.customers_changed):,}"
        share = "–" if pd.isna(r.customers_changed_share) else pct(r.customers_changed_share, 1)
        revenue = "–" if pd.isna(r.revenue_changed) else money(r.revenue_changed, cur)
        rows.append((t(f"name_{r.grader}", lang), _bound(r.threshold, feature, cur),
                     _bound(r.moved_to, feature, cur), changed, share, revenue))
    step = run.params.grading.sensitivity_step
    # Pareto, shares or quantiles: the value grade moves with no threshold (QA: only 潜力's rows, and not a word why)
    no_value = run.params.grading.value.method != "thresholds"
    body = f"<p>{esc(t('sensitivity_intro', lang, step=f'{step:.0%}'))}" + (
        f" {esc(t('sensitivity_no_value', lang))}" if no_value and lang == "en" else
        esc(t("sensitivity_no_value", lang)) if no_value else "") + "</p>" + html_table(
        rows, [t(k, lang) for k in ("col_grader", "col_threshold", "col_moved_to", "col_customers_changed",
                                    "col_customer_share", "col_revenue_changed")], numeric={1, 2, 3, 4, 5})
    return section_html(t("h_sensitivity", lang), body)


def charts_heading_html(run: Run, key: str) -> str:
    return section_html(t(key, run.params.language), "")


def reproducibility_html(run: Run) -> str:
    """Run facts from the manifest: params file, overrides, run id, versions, git commit."""
    lang = run.params.language
    manifest = run_manifest(run)
    if manifest is None:
        return ""
    versions = manifest.get("environment", {}).get("versions", {})
    git = manifest.get("git") or {}
    items = [
        (t("repro_run", lang), manifest.get("run_id", "")),
        (t("repro_params", lang), Path(manifest.get("params_file", "")).name),
        (t("repro_overrides", lang), "; ".join(manifest.get("overrides", [])) or t("none", lang)),
        (t("repro_versions", lang), ", ".join(f"{k} {v}" for k, v in versions.items()
                                              if k in ("kit", "python", "pandas", "papermill", "matplotlib"))),
        (t("repro_git", lang), (git.get("commit", "")[:12] + (("（有未提交的修改）" if lang == "zh" else " (modified)")
                                                             if git.get("dirty") else ""))
         if git else t("none", lang)),
    ]
    return "<div class=\"kit-report\">" + html_table(items, [t("col_item", lang), t("col_value", lang)]) + "</div>"


@dataclass(frozen=True)
class ReportData:
    """Everything the report notebook shows, read from the run folder."""

    grades: pd.DataFrame
    summary: pd.DataFrame
    ledger: pd.DataFrame
    rules: pd.DataFrame
    moves: pd.DataFrame | None
    sensitivity: pd.DataFrame | None
    window: pd.DataFrame | None = None  # kept rows before, in and after the window (kit.clean.window_counts)


def load(run: Run) -> ReportData:
    """Read the graded tables the grading notebook wrote."""
    grades = read_grades(run.paths, run.params)

    def optional(path: Path) -> pd.DataFrame | None:  # as written: without the mark Excel's formulas were given
        return excel_unsafe_frame(pd.read_csv(path, encoding="utf-8-sig", keep_default_na=True)) \
            if path.is_file() else None

    rules = optional(run.paths.rules_csv)
    window = None
    if run.paths.transactions.is_file():
        from .clean import window_counts

        start, end = run.params.period.window()
        window = window_counts(run.paths.transactions, start=start, end=end)
    return ReportData(
        grades=grades, summary=tier_summary(grades), ledger=read_ledger(run.paths),
        rules=rules if rules is not None else pd.DataFrame(columns=["grader", "tier", "rule", "lower", "upper",
                                                                    "customers"]),
        moves=optional(run.paths.migration_csv), sensitivity=optional(run.paths.sensitivity_csv), window=window,
    )
