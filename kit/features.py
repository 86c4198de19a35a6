"""Per-customer features for a grading window.

:func:`customer_features` turns cleaned transactions into one row per customer
who bought in the window. Money is summed in integer cents, so the total does
not depend on the order rows are added in, and a customer's tier near a
threshold is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .textops import is_in

#: Attributes carried from transactions to the customer table when mapped.
ATTRIBUTES = ("customer_name", "province", "city", "region", "level", "beds", "sales_rep")
#: Columns of cleaned transactions that describe the order line, not the customer; any other column is an
#: attribute (the fixed ones above, or a client's own under ``data.columns.attributes``).
LINE_COLUMNS = ("customer_id", "order_date", "amount", "order_id", "product", "quantity", "unit_price", "refund",
                "discount", "discount_rate", "credit", "payment", "cancels")


#: Attribute cells that stand for no value, as databases and Excel write it (not 无 or NA: a level, a region's code).
NO_VALUE_CELLS = ("NULL", "null", "Null", "None", "nan", "NaN", "<NA>", "\\N", "#N/A", "N/A", "n/a", "#NULL!", "#VALUE!",
                  "#REF!", "#DIV/0!", "#NAME?", "(空白)", "(blank)")


def attribute_columns(columns, line: Sequence[str] = ()) -> list[str]:
    """The attribute columns among the columns of cleaned transactions: :data:`ATTRIBUTES` first, then a
    client's own (``data.columns.attributes``: 部门, 渠道 ...) in file order; ``line`` names further columns of
    the order line (a table with its own column names)."""
    columns = [str(c) for c in columns]
    skip = {*LINE_COLUMNS, *line}
    return [c for c in ATTRIBUTES if c in columns and c not in skip] + \
        [c for c in columns if c not in ATTRIBUTES and c not in skip and not c.startswith("_")]


def in_window(transactions: pd.DataFrame, *, start, end, date: str = "order_date") -> pd.Series:
    """Boolean mask of rows dated within ``[start, end]`` (both days inclusive)."""
    day = transactions[date]
    return (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))


def rows_where(frame: pd.DataFrame, keep) -> pd.DataFrame:
    """The rows of ``frame`` where the boolean mask ``keep`` (an array, or a Series on ``frame``'s index) is true:
    ``frame`` itself, not a copy, when that is every row (a window that holds all the data). For a caller that only
    reads the rows, or builds a new table from them."""
    return frame if keep.all() else frame.loc[keep]


#: An amount this large (ten trillion) on one order line is an error in the file, not money: it is set aside.
MAX_AMOUNT = 1e13


def cents(values: np.ndarray) -> np.ndarray:
    """Finite money (a float array) as int64 cents, rounded half away from zero as written in decimal.

    ``12.345`` is stored as 12.34499999... in binary; scaling and first rounding
    to 6 decimals recovers the written ``1234.5`` cents before rounding the half.
    From 1e12 cents on a float holds no fraction of a cent, and that rounding
    would only lose digits, so it is skipped there.
    """
    scaled = values * 100
    scaled = np.where(np.abs(scaled) < 1e12, np.round(scaled, 6), scaled)
    return np.trunc(scaled + np.copysign(0.5, scaled)).astype(np.int64)


def to_cents(amount: pd.Series) -> pd.Series:
    """Money as int64 cents (see :func:`cents`)."""
    return pd.Series(cents(amount.to_numpy(dtype=float)), index=amount.index)


def round_money(amount: pd.Series) -> pd.Series:
    """Amounts rounded to the cent (half away from zero); NaN stays NaN, and so do infinities and
    amounts of :data:`MAX_AMOUNT` or more, which no order line holds."""
    values = amount.to_numpy(dtype=float)
    usable = np.abs(values) < MAX_AMOUNT  # False for NaN and infinities too
    return pd.Series(np.where(usable, _round_money(np.where(usable, values, 0.0)), np.nan), index=amount.index)


def _order_keys(rows: pd.DataFrame, *, order: str | None, date: str) -> pd.Series:
    """The order each line belongs to: its order ID; a line without one (no ID column,
    or a blank cell) counts as the customer's order of that day."""
    days = rows[date].dt.normalize()
    if not order or order not in rows:
        return days
    ids = rows[order].astype("string")
    blank = (ids.isna() | (ids == "")).to_numpy()
    if not blank.any():
        return ids
    keys = ids.astype(object)
    keys[blank] = "\x00" + days[blank].dt.strftime("%Y-%m-%d")  # cannot equal an order ID from a file
    return keys


def customer_features(
    transactions: pd.DataFrame,
    *,
    start,
    end,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = "order_id",
    master: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per customer with at least one order line in the window.

    Parameters
    ----------
    transactions
        Cleaned order lines.
    start, end
        First and last day of the window, both inclusive.
    customer, date, amount, order
        Column names; ``order`` may be None or absent, and orders are then
        counted as distinct order days.
    master
        Optional customer master keyed by ``customer_id``; its attributes take
        precedence over those carried on the order lines.

    Returns
    -------
    DataFrame
        Sorted by ``customer_id``, with the customer attributes present (last
        known value, the master's first) and:

        - ``revenue``: net purchases in the window (returns netted), to the cent;
        - ``orders``: distinct order IDs (distinct order days for lines without an ID) with
          a purchase, i.e. a line of positive amount: a return, a cancellation
          invoice or free goods alone are no order;
        - ``lines``, ``active_months`` (months with a purchase);
        - ``first_purchase``, ``last_purchase``: in the window, of a line of positive amount (a return or
          cancellation is no purchase). A customer with only such lines in the window has no first purchase in
          it (NaT) and, as last purchase, the last one before the window, so that a return alone does not make
          the customer recent; a customer who never bought (returns alone, ever): the first and last of
          those lines;
        - ``aov``: revenue / orders (NaN without an order);
        - ``recency_days``: days from the last purchase to the window's end;
        - ``tenure_days``: days from the first purchase ever (the first line, without any) to the window's end;
        - ``repurchase_rate``: (active months - 1) / (window months - 1), so 1.0
          means the customer bought again in every month after the first;
        - ``stability``: coefficient of variation (population std / mean) of
          monthly revenue over all window months, zero months included; lower is
          steadier;
        - ``previous_revenue``: revenue in the window of the same length before;
        - ``growth``: revenue / previous_revenue - 1 (NaN without previous revenue);
        - ``bought_before``: a purchase (a line of positive amount) in the window of the same length before, even
          when returns net it to zero or less, as :func:`kit.migration.bought` judges it (NA when the data does
          not reach that window).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": ["1", "2", "3"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-02"]),
    ...     "amount": [100.0, 50.5, 20.0]})
    >>> customer_features(tx, start="2025-01-01", end="2025-12-31")[["customer_id", "revenue", "orders"]]
      customer_id  revenue  orders
    0           A    150.5       2
    1           B     20.0       1
    """
    rows = rows_where(transactions, in_window(transactions, start=start, end=end, date=date))
    cents = to_cents(rows[amount])
    order_key = _order_keys(rows, order=order, date=date)
    frame = pd.DataFrame(
        {
            "customer_id": rows[customer].astype(str).to_numpy(),
            "cents": cents.to_numpy(),
            "order_key": order_key.to_numpy(),
            "month": rows[date].dt.to_period("M").dt.start_time.to_numpy(),
            "day": rows[date].to_numpy(),
        }
    )
    grouped = frame.groupby("customer_id", sort=True)
    bought = frame.loc[frame["cents"] > 0].groupby("customer_id", sort=True)  # purchases: no return or free good
    base = pd.DataFrame(
        {
            "revenue_cents": grouped["cents"].sum(),
            "orders": bought["order_key"].nunique(),
            "lines": grouped.size(),
            "active_months": bought["month"].nunique(),
            "first_purchase": bought["day"].min().reindex(grouped.size().index),
            "last_purchase": bought["day"].max().reindex(grouped.size().index),
        }
    )
    base["orders"] = base["orders"].fillna(0).astype(np.int64)  # a customer with only returns has no order
    base["active_months"] = base["active_months"].fillna(0).astype(np.int64)
    monthly = frame.groupby(["customer_id", "month"], sort=True)["cents"].sum()
    # exact sum of squared monthly cents (Python integers: no overflow, no rounding)
    base["month_square_cents"] = (monthly.astype(object) ** 2).groupby(level=0).sum().reindex(base.index)
    prev_start, prev_end = _previous_window(start, end)
    before = rows_where(transactions, in_window(transactions, start=prev_start, end=prev_end, date=date))
    before_cents = to_cents(before[amount])
    before_ids = before[customer].astype(str).to_numpy()
    base["prev_cents"] = before_cents.groupby(before_ids).sum().reindex(base.index)
    base["prev_purchases"] = (before_cents > 0).groupby(before_ids).sum().reindex(base.index)
    upto = rows_where(transactions, transactions[date] <= pd.Timestamp(end))
    ids = upto[customer].astype(str).to_numpy()
    first_line = upto.groupby(ids)[date].min()
    purchase = (to_cents(upto[amount]) > 0).to_numpy()
    first_buy = upto.loc[purchase].groupby(ids[purchase])[date].min()
    base["first_ever"] = first_buy.reindex(base.index).fillna(first_line.reindex(base.index))
    # only returns in the window: the last purchase before it, else the last of those lines
    earlier = purchase & (upto[date] < pd.Timestamp(start)).to_numpy()
    last_before = upto.loc[earlier].groupby(ids[earlier])[date].max()
    never = base["last_purchase"].isna() & ~is_in(base.index, last_before.index)  # returns alone, ever
    base["last_purchase"] = (base["last_purchase"].fillna(last_before.reindex(base.index))
                             .fillna(grouped["day"].max()))
    # no purchase in the window: no first purchase in it (a purchase before it is the last purchase, not the first
    # one in the window); a customer who never bought: the first of their lines
    base["first_purchase"] = base["first_purchase"].where(~never, grouped["day"].min())
    features = derive_features(base, start=start, end=end, previous_known=len(before) > 0)
    attrs = customer_attributes(transactions, customer=customer, date=date, amount=amount, order=order)
    return attach_attributes(features, attrs, master)


def derive_features(base: pd.DataFrame, *, start, end, previous_known: bool = True) -> pd.DataFrame:
    """The per-customer features from exact aggregates, the same for every engine.

    ``base`` is indexed by customer ID with ``revenue_cents``, ``orders``,
    ``lines``, ``active_months``, ``first_purchase``, ``last_purchase``,
    ``month_square_cents`` (the exact sum over months of the squared monthly
    cents: Python integers or decimal text, or floats already correctly rounded
    from them), ``prev_cents``, ``prev_purchases`` (lines of positive amount in the window before; without it,
    a previous revenue above zero counts as a purchase) and ``first_ever``. All money arrives as exact
    integers, so two engines give identical results whatever order they add
    rows in. Without ``previous_known`` (no order line at all in the window before: the data starts later),
    ``previous_revenue`` is unknown (NaN), not 0.
    """
    if not base.index.is_monotonic_increasing:
        base = base.sort_index()
    cents = base["revenue_cents"].to_numpy(dtype=np.int64)
    orders = base["orders"].to_numpy(dtype=np.int64)
    active = base["active_months"].to_numpy(dtype=np.int64)
    first = base["first_purchase"].to_numpy(dtype="datetime64[ns]")
    last = base["last_purchase"].to_numpy(dtype="datetime64[ns]")
    end_day = np.datetime64(pd.Timestamp(end).normalize().to_datetime64(), "ns")
    one_day = np.timedelta64(1, "D")
    revenue = cents / 100
    window_months = _months_between(start, end)
    if window_months > 1:
        repurchase = np.round(np.clip((active - 1) / (window_months - 1), 0, 1), 4)
    else:
        repurchase = np.zeros(len(base))
    mean = revenue / window_months
    # exact integers (Python ints, or their decimal text) to the nearest float: correctly rounded either way
    square = base["month_square_cents"].to_numpy(dtype=float) if base["month_square_cents"].dtype.kind == "f" \
        else base["month_square_cents"].astype(float).to_numpy()
    variance = np.clip(square / 10_000 / window_months - mean**2, 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        stability = np.where(mean > 0, np.sqrt(variance) / np.where(mean > 0, mean, 1), np.nan)
    previous = base["prev_cents"].fillna(0).to_numpy(dtype=np.int64)
    purchases = base["prev_purchases"].fillna(0).to_numpy(dtype=np.int64) if "prev_purchases" in base else previous
    # bought in the window before: a line of positive amount there, as migration judges it; unknown without data
    bought_before = pd.array(purchases > 0, dtype="boolean")
    if not previous_known:
        bought_before[:] = pd.NA
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(previous > 0, cents / np.where(previous > 0, previous, 1) - 1, np.nan)
    features = pd.DataFrame(
        {
            "customer_id": pd.array(base.index.astype(str), dtype="string"),
            "revenue": revenue,
            "orders": orders,
            "lines": base["lines"].to_numpy(dtype=np.int64),
            "active_months": active,
            "first_purchase": first,
            "last_purchase": last,
            "aov": _round_money(_divide(revenue, orders)),
            "recency_days": ((end_day - last) // one_day).astype(np.int64),
            "tenure_days": ((end_day - base["first_ever"].to_numpy(dtype="datetime64[ns]")) // one_day).astype(np.int64),
            "repurchase_rate": repurchase,
            "stability": np.round(stability, RATIO_DECIMALS),
            "previous_revenue": previous / 100 if previous_known else np.full(len(base), np.nan),
            "growth": np.round(growth, RATIO_DECIMALS),
            "bought_before": bought_before,
        }
    )
    return features


#: Places growth and stability are rounded to: enough to clear a float's last-digit noise (0.9 - 1 is
#: -0.09999999999999998; rounded, it is -10% as a threshold of -0.1 says), few enough that a customer 0.0046% below
#: a potential threshold is graded below it (QA: four places made -10.0046% read -10% and "mid").
RATIO_DECIMALS = 10


#: The numeric features :func:`derive_features` gives every customer (what k-means, a composite score or
#: potential can be computed from, besides a client's numeric attributes such as beds).
NUMERIC_FEATURES = ("revenue", "orders", "lines", "active_months", "aov", "recency_days", "tenure_days",
                    "repurchase_rate", "stability", "previous_revenue", "growth")


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b, NaN where b is 0 (a customer with returns only, or lines without an order ID, has no order)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1), np.nan)


def _round_money(values: np.ndarray) -> np.ndarray:
    """Floats rounded to the cent as :func:`cents` does; NaN stays NaN."""
    finite = np.isfinite(values)
    return np.where(finite, cents(np.where(finite, values, 0.0)) / 100, values)


def attach_attributes(features: pd.DataFrame, attrs: pd.DataFrame, master: pd.DataFrame | None) -> pd.DataFrame:
    """Join customer attributes (the master's first) onto the features, attributes up front."""
    if master is not None and len(master):
        from_master = master.drop_duplicates("customer_id").set_index("customer_id")
        attrs = attrs.set_index("customer_id")
        attrs = from_master.combine_first(attrs) if len(attrs) else from_master
        attrs = attrs.rename_axis("customer_id").reset_index()
        attrs["customer_id"] = attrs["customer_id"].astype("string")
    if "beds" in attrs:  # a count: a number in the Excel file the client filters, when every value is one
        number = pd.to_numeric(attrs["beds"], errors="coerce")
        if number.notna().sum() == attrs["beds"].notna().sum():
            attrs = attrs.assign(beds=number)
    attrs = attrs.drop(columns=[c for c in attrs.columns if c != "customer_id" and c in features])  # features win
    if len(attrs.columns) > 1:
        features = features.merge(attrs, on="customer_id", how="left")
        front = ["customer_id", *attribute_columns(attrs.columns)]
        features = features[front + [c for c in features if c not in front]]
    return features


def _months_between(start, end) -> int:
    """Calendar months from ``start`` to ``end`` inclusive."""
    return int((pd.Period(pd.Timestamp(end), "M") - pd.Period(pd.Timestamp(start), "M")).n + 1)


def _previous_window(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window of the same number of calendar months just before ``[start, end]``."""
    months = _months_between(start, end)
    first = pd.Period(pd.Timestamp(start), "M") - months
    return first.start_time.normalize(), pd.Timestamp(start) - pd.Timedelta(days=1)


def customer_attributes(
    transactions: pd.DataFrame, *, customer: str = "customer_id", date: str = "order_date", amount: str = "amount",
    order: str | None = "order_id",
) -> pd.DataFrame:
    """Each customer's attributes, each as written on the latest order date that has it (of that date's rows, the
    largest value): a hand-kept sheet writes the customer's name on the first of its orders only, and a blank
    cell on a later order does not blank it.

    The tie-break does not depend on row order, so every engine gives the same answer.
    """
    present = attribute_columns(transactions.columns, line=[c for c in (customer, date, amount, order) if c])
    if not present:
        return pd.DataFrame(columns=["customer_id"])
    ids = pd.Series(transactions[customer].astype(str).to_numpy())
    days = pd.Series(transactions[date].to_numpy())
    out = pd.DataFrame(index=pd.Index(sorted(ids.unique()), name="customer_id"))
    for column in present:
        values = pd.Series(transactions[column].to_numpy())
        known = values.notna().to_numpy().copy()
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            written = values.astype("string").str.strip()  # a placeholder for none (NULL, #N/A) is no value
            known &= (~written.isin(["", *NO_VALUE_CELLS])).fillna(False).to_numpy(dtype=bool)
        latest = days[known].groupby(ids[known].to_numpy()).transform("max")
        on_latest = np.flatnonzero(known)[(days[known] == latest).to_numpy()]
        out[column] = values.iloc[on_latest].groupby(ids.iloc[on_latest].to_numpy()).max().reindex(out.index)
    attrs = out.reset_index()
    attrs["customer_id"] = attrs["customer_id"].astype("string")
    return attrs
