"""Period-to-period re-evaluation and threshold sensitivity.

:func:`migration_matrix` compares the tiers of the same customers in two
windows (new and lost customers as their own row and column);
:func:`threshold_sensitivity` shows how many customers, and how much revenue,
change tier when each threshold moves by a step.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

from .grading import MONEY_COLUMNS, grade_by_thresholds


def migration_matrix(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    tier: str = "value_tier",
    labels: Sequence[str],
    new_label: str = "new",
    lost_label: str = "lost",
    revenue: str = "revenue",
) -> pd.DataFrame:
    """Customers and revenue by (previous tier, current tier), long form.

    A customer bought in a window when their revenue there is above zero: one whose lines in a window are only
    returns or free goods did not buy there (new in neither window, lost when they bought before), as in the tier
    table's like-for-like growth and the lifecycle.

    Parameters
    ----------
    previous, current
        Graded customer tables of two windows (``customer_id``, ``tier``, ``revenue``).
    labels
        Tier labels, lowest first; rows and columns are listed highest first,
        with ``new_label`` (not graded before) as the last row and ``lost_label``
        (not graded now) as the last column.

    Returns
    -------
    DataFrame
        ``from_tier``, ``to_tier``, ``customers``, ``revenue`` (current window;
        for lost customers, their previous revenue), ``current_revenue`` and
        ``previous_revenue`` (each window's, 0 where the customers bought nothing),
        ``move`` (up, down, same, new, lost) and ``graded_previous``: of a lost pair's previous revenue, that of
        the customers graded in this window all the same (lines, but returns only); every pair of tiers is listed,
        empty ones with zeros.
    """
    graded = current["customer_id"]
    previous = previous.loc[previous[revenue].to_numpy() > 0]
    current = current.loc[current[revenue].to_numpy() > 0]
    prev = previous[["customer_id", tier, revenue]].rename(columns={tier: "from_tier", revenue: "prev_revenue"})
    cur = current[["customer_id", tier, revenue]].rename(columns={tier: "to_tier", revenue: "cur_revenue"})
    both = prev.merge(cur, on="customer_id", how="outer")
    both["from_tier"] = both["from_tier"].astype(object).where(both["from_tier"].notna(), new_label).astype(str)
    both["to_tier"] = both["to_tier"].astype(object).where(both["to_tier"].notna(), lost_label).astype(str)
    both["money"] = np.where(both["to_tier"] == lost_label, both["prev_revenue"], both["cur_revenue"])
    both["current"], both["previous"] = both["cur_revenue"].fillna(0.0), both["prev_revenue"].fillna(0.0)
    # lost, yet graded now (lines in the window, returns only): the tier table counts their previous revenue already
    both["graded"] = np.where((both["to_tier"] == lost_label) & both["customer_id"].isin(graded), both["previous"], 0.0)
    grouped = both.groupby(["from_tier", "to_tier"]).agg(customers=("customer_id", "size"), revenue=("money", "sum"),
                                                         current_revenue=("current", "sum"),
                                                         previous_revenue=("previous", "sum"),
                                                         graded_previous=("graded", "sum"))

    order = list(labels)[::-1]
    full = pd.MultiIndex.from_product([order + [new_label], order + [lost_label]], names=["from_tier", "to_tier"])
    table = grouped.reindex(full, fill_value=0).reset_index()
    table = table[~((table["from_tier"] == new_label) & (table["to_tier"] == lost_label))]
    rank = {label: i for i, label in enumerate(labels)}
    src = table["from_tier"].map(rank)
    dst = table["to_tier"].map(rank)
    table["move"] = np.select(
        [table["from_tier"] == new_label, table["to_tier"] == lost_label, dst > src, dst < src],
        ["new", "lost", "up", "down"], default="same",
    )
    table["customers"] = table["customers"].astype(int)
    for column in ("revenue", "current_revenue", "previous_revenue", "graded_previous"):
        table[column] = table[column].astype(float).round(2)
    return table[["from_tier", "to_tier", "customers", "revenue", "move", "current_revenue",
                  "previous_revenue", "graded_previous"]].reset_index(drop=True)


def migration_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Customers and revenue per kind of move (up, same, down, new, lost)."""
    order = ["up", "same", "down", "new", "lost"]
    money = [c for c in ("revenue", "current_revenue", "previous_revenue") if c in table]
    out = table.groupby("move")[["customers", *money]].sum().reindex(order, fill_value=0)
    return out.reset_index()


def has_previous(table: pd.DataFrame | None) -> bool:
    """Whether any customer of the long migration table bought in the previous window (else there is nothing to compare)."""
    return table is not None and bool(table.loc[table["move"] != "new", "customers"].sum() > 0)


def migration_pivot(table: pd.DataFrame, value: str = "customers") -> pd.DataFrame:
    """The long migration table as a from x to matrix (rows and columns in table order). The one cell no customer
    can be in (not buying before, and not now either: in neither window) is empty (NaN), not 0."""
    rows = list(dict.fromkeys(table["from_tier"]))
    cols = list(dict.fromkeys(table["to_tier"]))
    pivot = table.pivot(index="from_tier", columns="to_tier", values=value).reindex(index=rows, columns=cols)
    return pivot.fillna(0).where(pivot.notna() | ~_in_neither(rows, cols, table))


def _in_neither(rows: list, cols: list, table: pd.DataFrame) -> pd.DataFrame:
    """Mask of the from x to cell of customers in neither window (the new row's lost column)."""
    new = set(table.loc[table["move"] == "new", "from_tier"]) if "move" in table else set()
    lost = set(table.loc[table["move"] == "lost", "to_tier"]) if "move" in table else set()
    return pd.DataFrame([[r in new and c in lost for c in cols] for r in rows], index=rows, columns=cols)


def threshold_sensitivity(
    df: pd.DataFrame,
    column: str,
    thresholds: Sequence[float],
    labels: Sequence[str],
    *,
    step: float = 0.1,
    grader: str = "value",
    revenue: str = "revenue",
    customers: int | None = None,
) -> pd.DataFrame:
    """Customers and revenue that change tier when each threshold moves by +-``step``; shares are of ``customers``
    (all graded customers, when ``df`` holds only those with the grader's figure), else of ``df``'s rows.

    Returns
    -------
    DataFrame
        One row per threshold and direction: ``grader``, ``threshold``,
        ``moved_to``, ``customers_changed`` (all move down when a threshold
        rises, up when it falls), ``revenue_changed`` and ``customers_changed_share`` of
        customers. A move that would break the ascending order is reported with
        ``note`` instead of numbers. A moved threshold of money (revenue) is
        rounded to the cent, and customers are graded by that amount. A whole
        threshold on whole values (orders, months, beds) moves by whole units, at
        least one: 2 orders moved to 1.8 or 2.2 would grade as 2 and 3.
    """
    base = grade_by_thresholds(df, column, thresholds, labels, out="_tier")["_tier"].cat.codes.to_numpy()
    values = pd.to_numeric(df[column], errors="coerce").dropna().to_numpy(dtype=float) if column in df else []
    counts = column not in MONEY_COLUMNS and bool(len(values)) and bool(np.all(values == np.round(values)))
    rows = []
    for i, value in enumerate(thresholds):
        for sign in (-1, 1):
            moved = list(thresholds)
            moved[i] = value + sign * step * abs(value)  # down first, also for a negative threshold (-10% -> -11%)
            if counts and float(value).is_integer():
                moved[i] = value + sign * max(1, math.floor(step * abs(value) + 0.5))  # 2.5 -> 3, as said
            if column in MONEY_COLUMNS:  # an amount of money: to the cent
                moved[i] = round(moved[i], 2)
            row = {"grader": grader, "threshold": value, "moved_to": round(moved[i], 6),
                   "customers_changed": None, "revenue_changed": None, "customers_changed_share": None, "note": ""}
            if any(b <= a for a, b in zip(moved, moved[1:])):
                row["note"] = "would overlap the next threshold"
            else:
                codes = grade_by_thresholds(df, column, moved, labels, out="_tier")["_tier"].cat.codes.to_numpy()
                changed = codes != base
                row["customers_changed"] = int(changed.sum())
                row["revenue_changed"] = round(float(df.loc[changed, revenue].sum()), 2) if revenue in df else None
                of = customers if customers is not None else len(df)
                row["customers_changed_share"] = round(int(changed.sum()) / of, 4) if of else 0.0
            rows.append(row)
    return pd.DataFrame(rows)


def sensitivity_for(graded: pd.DataFrame, grading, *, revenue: str = "revenue") -> pd.DataFrame:
    """:func:`threshold_sensitivity` for every threshold-based grader in params."""
    step = grading.sensitivity_step
    tables = []
    value = grading.value
    if value.method == "thresholds":
        tables.append(threshold_sensitivity(graded, value.column, value.thresholds, value.labels, step=step,
                                            grader="value", revenue=revenue))
    for name in ("frequency", "potential"):
        spec = getattr(grading, name)
        if spec is not None and spec.method == "thresholds":
            part = graded[pd.to_numeric(graded[spec.by], errors="coerce").notna()]
            part = part.assign(**{spec.by: pd.to_numeric(part[spec.by])})
            # shares of every graded customer, as docs/outputs.md says (QA: 7 of 402 with a growth, not of 457)
            tables.append(threshold_sensitivity(part, spec.by, spec.thresholds, spec.labels, step=step,
                                                grader=name, revenue=revenue, customers=len(graded)))
    composite = grading.composite
    if composite is not None and composite.method == "score" and "score" in graded:
        tables.append(threshold_sensitivity(graded, "score", composite.thresholds, composite.labels, step=step,
                                            grader="composite", revenue=revenue))
    columns = ["grader", "threshold", "moved_to", "customers_changed", "revenue_changed", "customers_changed_share", "note"]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)


def grade_previous(previous: pd.DataFrame, value) -> pd.DataFrame:
    """The customers of the previous window (``customer_id``, ``revenue``) graded by the value grader ``value``.

    ``previous`` is :attr:`kit.engine.CustomerTables.previous`, or any customer
    table of that window; the result adds ``value_tier``.
    """
    from .grading import grade_value

    if previous.empty:
        return previous.assign(value_tier=pd.Categorical([], categories=value.labels, ordered=True))
    return grade_value(previous, value)[0]

