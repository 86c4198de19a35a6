"""Period-to-period re-evaluation and threshold sensitivity.

:func:`migration_matrix` compares the tiers of the same customers in two
windows (customers not buying before, and not buying now, as their own row and column);
:func:`threshold_sensitivity` shows how many customers, and how much revenue,
change tier when each threshold moves by a step.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

from .grading import MONEY_COLUMNS, grade_by_thresholds
from .textops import is_in


def bought(df: pd.DataFrame, *, revenue: str = "revenue", orders: str = "orders") -> np.ndarray:
    """Mask of the customers of a graded table who bought in its window: those with an order there (a line of
    positive amount: ``orders``, or ``purchase_lines`` as :attr:`kit.engine.CustomerTables.previous` counts them),
    even when returns net them to zero or less, as the tier table grades them; without either column (a table of
    an earlier version, or a hand-written one), those whose revenue is above zero."""
    for column in (orders, "purchase_lines"):
        if column in df:
            return pd.to_numeric(df[column], errors="coerce").fillna(0).to_numpy() > 0
    return df[revenue].to_numpy(dtype=float) > 0


#: The ``move`` of the customers graded in one window or both (lines there, returns or free goods alone) who bought
#: in neither: the cell where the row of those not buying before meets the column of those not buying now.
NEITHER = "none"


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

    Every customer graded in either window is in exactly one cell. A customer bought in a window when they have an
    order there (:func:`bought`: a line of positive amount), as the tier table grades them: one who bought but
    returned more is in their tier (the lowest, where the tier table counts them), not among those who did not
    buy; one whose lines in a window are only returns or free goods did not buy there (the row ``new_label`` for
    the previous window, the column ``lost_label`` for this one), and one who bought in neither window is where
    that row meets that column (``move`` ``"none"``).

    Parameters
    ----------
    previous, current
        Graded customer tables of two windows (``customer_id``, ``tier``, ``revenue``, and ``orders`` or
        ``purchase_lines``, see :func:`bought`; without either, a revenue above zero counts as a purchase).
    labels
        Tier labels, lowest first; rows and columns are listed highest first,
        with ``new_label`` (did not buy before) as the last row and ``lost_label``
        (did not buy now) as the last column.

    Returns
    -------
    DataFrame
        ``from_tier``, ``to_tier``, ``customers``, ``revenue`` (current window;
        for customers not buying now, their previous revenue), ``current_revenue`` and
        ``previous_revenue`` (each window's net revenue, 0 where the customers had no line: over the table, each
        window's net revenue of all its graded customers),
        ``move`` (up, down, same, new, lost, none) and ``graded_previous``: of the previous revenue of a pair of the
        ``lost_label`` column, that of the customers graded in this window all the same (lines, but returns or free
        goods only); every pair of tiers is listed, empty ones with zeros; the pair of ``new_label`` and
        ``lost_label`` only when some customer is there.
    """
    graded = current["customer_id"]
    prev = previous[["customer_id", tier, revenue]].rename(columns={tier: "from_tier", revenue: "prev_revenue"})
    cur = current[["customer_id", tier, revenue]].rename(columns={tier: "to_tier", revenue: "cur_revenue"})
    prev["from_tier"] = prev["from_tier"].astype(object).where(bought(previous, revenue=revenue), new_label)
    cur["to_tier"] = cur["to_tier"].astype(object).where(bought(current, revenue=revenue), lost_label)
    both = prev.merge(cur, on="customer_id", how="outer")
    both["from_tier"] = both["from_tier"].astype(object).where(both["from_tier"].notna(), new_label).astype(str)
    both["to_tier"] = both["to_tier"].astype(object).where(both["to_tier"].notna(), lost_label).astype(str)
    both["current"], both["previous"] = both["cur_revenue"].fillna(0.0), both["prev_revenue"].fillna(0.0)
    neither = (both["from_tier"] == new_label) & (both["to_tier"] == lost_label)
    both["money"] = np.where((both["to_tier"] == lost_label) & ~neither, both["previous"], both["current"])
    # not buying now, yet graded now (lines in the window, returns only): the tier table counts their previous
    # revenue already
    both["graded"] = np.where((both["to_tier"] == lost_label) & is_in(both["customer_id"], graded), both["previous"], 0.0)
    grouped = both.groupby(["from_tier", "to_tier"]).agg(customers=("customer_id", "size"), revenue=("money", "sum"),
                                                         current_revenue=("current", "sum"),
                                                         previous_revenue=("previous", "sum"),
                                                         graded_previous=("graded", "sum"))

    order = list(labels)[::-1]
    full = pd.MultiIndex.from_product([order + [new_label], order + [lost_label]], names=["from_tier", "to_tier"])
    table = grouped.reindex(full, fill_value=0).reset_index()
    if not neither.any():  # no customer bought in neither window: no such cell
        table = table[~((table["from_tier"] == new_label) & (table["to_tier"] == lost_label))]
    rank = {label: i for i, label in enumerate(labels)}
    src = table["from_tier"].map(rank)
    dst = table["to_tier"].map(rank)
    table["move"] = np.select(
        [(table["from_tier"] == new_label) & (table["to_tier"] == lost_label), table["from_tier"] == new_label,
         table["to_tier"] == lost_label, dst > src, dst < src],
        [NEITHER, "new", "lost", "up", "down"], default="same",
    )
    table["customers"] = table["customers"].astype(int)
    for column in ("revenue", "current_revenue", "previous_revenue", "graded_previous"):
        table[column] = table[column].astype(float).round(2)
    return table[["from_tier", "to_tier", "customers", "revenue", "move", "current_revenue",
                  "previous_revenue", "graded_previous"]].reset_index(drop=True)


def migration_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Customers and revenue per kind of move (up, same, down, new, lost; and none, the customers who bought in
    neither window, when there are some)."""
    order = ["up", "same", "down", "new", "lost"]
    if (table.loc[table["move"] == NEITHER, "customers"] > 0).any():
        order.append(NEITHER)
    money = [c for c in ("revenue", "current_revenue", "previous_revenue") if c in table]
    out = table.groupby("move")[["customers", *money]].sum().reindex(order, fill_value=0)
    return out.reset_index()


def has_previous(table: pd.DataFrame | None) -> bool:
    """Whether any customer of the long migration table bought in the previous window (else there is nothing to compare)."""
    return table is not None and bool(table.loc[~table["move"].isin(["new", NEITHER]), "customers"].sum() > 0)


def migration_pivot(table: pd.DataFrame, value: str = "customers") -> pd.DataFrame:
    """The long migration table as a from x to matrix (rows and columns in table order). The cell of the customers
    who bought in neither window (the row of those not buying before, the column of those not buying now) is empty
    (NaN), not 0, when no one is there."""
    rows = list(dict.fromkeys(table["from_tier"]))
    cols = list(dict.fromkeys(table["to_tier"]))
    pivot = table.pivot(index="from_tier", columns="to_tier", values=value).reindex(index=rows, columns=cols)
    if "move" in table and (table.loc[table["move"] == NEITHER, "customers"] > 0).any():
        return pivot.fillna(0)
    return pivot.fillna(0).where(pivot.notna() | ~_in_neither(rows, cols, table))


def _in_neither(rows: list, cols: list, table: pd.DataFrame) -> pd.DataFrame:
    """Mask of the from x to cell of customers in neither window (the new row's lost column)."""
    new = set(table.loc[table["move"].isin(["new", NEITHER]), "from_tier"]) if "move" in table else set()
    lost = set(table.loc[table["move"].isin(["lost", NEITHER]), "to_tier"]) if "move" in table else set()
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

