"""The columnar engine: per-customer aggregates computed by DuckDB straight from Parquet.

The transactions never sit in pandas at once: DuckDB scans the Parquet file
and returns one row per customer (with exact integer sums, including the squares of monthly cents for stability).
The SQL below is plain, engine-neutral aggregation (GROUP BY, COUNT DISTINCT,
MIN/MAX, SUM of integer cents), so it can run where the data lives — Spark
SQL or a database — with only the file scan changed. The results feed
:func:`kit.features.derive_features`, the same code the pandas path uses, so
both paths give identical tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .features import ATTRIBUTES, _previous_window, attach_attributes, derive_features

_BASE_SQL = """
WITH tx AS (
    SELECT CAST(customer_id AS VARCHAR) AS customer_id,
           CAST(order_date AS DATE) AS day,
           CAST(ROUND(amount * 100) AS BIGINT) AS cents,
           {order_key} AS order_key
    FROM {source}
    WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
),
win AS (SELECT * FROM tx WHERE day BETWEEN $start AND $end),
base AS (
    SELECT customer_id,
           SUM(cents) AS revenue_cents,
           COUNT(DISTINCT order_key) AS orders,
           COUNT(*) AS lines,
           COUNT(DISTINCT date_trunc('month', day)) AS active_months,
           MIN(day) AS first_purchase,
           MAX(day) AS last_purchase
    FROM win GROUP BY customer_id
),
monthly AS (SELECT customer_id, SUM(cents) AS month_cents FROM win GROUP BY customer_id, date_trunc('month', day)),
squares AS (SELECT customer_id, CAST(SUM(CAST(month_cents AS HUGEINT) * month_cents) AS VARCHAR) AS month_square_cents
            FROM monthly GROUP BY customer_id),
prev AS (SELECT customer_id, SUM(cents) AS prev_cents FROM tx
         WHERE day BETWEEN $prev_start AND $prev_end GROUP BY customer_id),
ever AS (SELECT customer_id, MIN(day) AS first_ever FROM tx WHERE day <= $end GROUP BY customer_id)
SELECT base.*, squares.month_square_cents, prev.prev_cents, ever.first_ever
FROM base LEFT JOIN squares USING (customer_id) LEFT JOIN prev USING (customer_id) LEFT JOIN ever USING (customer_id)
ORDER BY customer_id
"""

_ATTRIBUTES_SQL = """
WITH latest AS (
    SELECT CAST(customer_id AS VARCHAR) AS customer_id, {columns},
           CAST(order_date AS DATE) AS day,
           MAX(CAST(order_date AS DATE)) OVER (PARTITION BY customer_id) AS last_day
    FROM {source} WHERE customer_id IS NOT NULL
)
SELECT customer_id, {maxes} FROM latest WHERE day = last_day GROUP BY customer_id ORDER BY customer_id
"""


def _source(path: Path) -> str:
    text = str(path).replace("'", "''")
    return f"read_parquet('{text}')"


def customer_features(
    parquet: str | Path, *, start, end, master: pd.DataFrame | None = None, threads: int | None = None, note=None
) -> pd.DataFrame:
    """:func:`kit.features.customer_features` computed by DuckDB from a cleaned-transactions Parquet file.

    ``note`` (e.g. :func:`kit.progress.note`) receives a line before and after the scan.
    """
    import duckdb

    path = Path(parquet)
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_source(path)}").fetchall()]
    order_key = "CAST(order_id AS VARCHAR)" if "order_id" in columns else "CAST(order_date AS DATE)"
    prev_start, prev_end = _previous_window(start, end)
    params = {"start": pd.Timestamp(start).date(), "end": pd.Timestamp(end).date(),
              "prev_start": prev_start.date(), "prev_end": prev_end.date()}
    if note:
        note(f"{path.name}: computing features per customer")
    base = con.execute(_BASE_SQL.format(source=_source(path), order_key=order_key), params).df()
    present = [c for c in ATTRIBUTES if c in columns]
    if present:
        sql = _ATTRIBUTES_SQL.format(source=_source(path), columns=", ".join(present),
                                     maxes=", ".join(f"MAX({c}) AS {c}" for c in present))
        attrs = con.execute(sql).df()
        attrs["customer_id"] = attrs["customer_id"].astype("string")
    else:
        attrs = pd.DataFrame(columns=["customer_id"])
    con.close()
    for column in ("first_purchase", "last_purchase", "first_ever"):
        base[column] = pd.to_datetime(base[column]).astype("datetime64[ns]")
    base = base.set_index("customer_id")
    # HUGEINT arrives as decimal text, so no digit is lost on the way to derive_features
    base["month_square_cents"] = base["month_square_cents"].astype(object)
    features = derive_features(base, start=start, end=end)
    if note:
        note(f"{path.name}: {len(features):,} customers bought in the window")
    return attach_attributes(features, attrs, master)
