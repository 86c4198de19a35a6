"""The columnar engine: per-customer aggregates computed by DuckDB straight from Parquet.

The transactions never sit in pandas at once: DuckDB scans the Parquet file
once and returns one row per customer, for the grading window and the window of
the same length before it (for migration), with exact integer sums (including
the squares of monthly cents for stability). The SQL below is plain,
engine-neutral aggregation (GROUP BY, COUNT DISTINCT, FILTER, MIN/MAX, SUM of
integer cents and DECIMAL(38, 0)), so it can run where the data lives — Spark
SQL or a database — with only the file scan changed. The results feed
:func:`kit.features.derive_features`, the same code the pandas path uses, so
both paths give identical tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .features import (
    NO_VALUE_CELLS,
    _previous_window,
    attach_attributes,
    attribute_columns,
    derive_features,
    rows_where,
)

#: Rows up to the window's end, read by each aggregate below with only the columns and rows it needs.
#: It is repeated rather than shared as a CTE: an engine that materialises a shared CTE would hold every
#: transaction in memory, and scanning the columnar file again is cheaper (DuckDB 2.0 streams a shared CTE to its
#: readers, but at 10M lines that saves only about 4% of the query's CPU: the hash aggregations take the time).
_TRANSACTIONS_SQL = """(
    SELECT CAST(customer_id AS VARCHAR) AS customer_id,
           CAST(order_date AS DATE) AS day,
           {cents} AS cents,
           {order_key} AS order_key
    FROM {source}
    WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
      AND CAST(order_date AS DATE) <= $end
) AS tx"""

#: Three aggregations: the window by customer and month, its distinct orders, and the lines before it. Measured at
#: 10M lines (CPU seconds, DuckDB 2.0, two threads; issue #6), each alternative was slower:
#: this query 5.8; one scan with the months as FILTERed sums and counts built from the window's months 9.0 (CASE
#: instead of FILTER 8.5; each month adds two aggregates over every line, so a 36-month window costs more still);
#: the window's lines and orders in one aggregation with the months apart (as a distinct count beside other
#: aggregates, DuckDB aggregates twice and joins) 6.1; the distinct orders counted per month and added up (wrong
#: when an order spans months: 13 customers of the benchmark) 6.3. The distinct orders alone take 2.0, as in a
#: hand-written query. Also slower (perfpq, a loaded machine, fresh processes, same tables): the window's months and
#: the lines before it as one aggregation of every line by (customer, window month | previous window | older),
#: rolled up per customer with FILTERs (one scan and the FULL JOIN fewer), 7.65 CPU s against 7.06 (median of 3,
#: two threads; better on one thread, 5.4 against 5.9) and 70-100 MiB more at its peak; the month as an integer
#: (datediff) rather than date_trunc, no faster (one thread 6.0-7.1 against 5.2-6.9); preserve_insertion_order=false,
#: within noise (5.5, 5.8 against 5.8, 6.0 on one thread).
_CUSTOMERS_SQL = """
WITH monthly AS (  -- the window, per customer and calendar month; a purchase is a line of positive amount
    SELECT customer_id, SUM(cents) AS cents, COUNT(*) AS lines, MIN(day) AS first_day, MAX(day) AS last_day,
           MIN(day) FILTER (WHERE cents > 0) AS first_buy, MAX(day) FILTER (WHERE cents > 0) AS last_buy
    FROM {tx} WHERE day >= $start
    GROUP BY customer_id, date_trunc('month', day)
),
current AS (
    SELECT customer_id, SUM(cents) AS revenue_cents, SUM(lines) AS lines,
           COUNT(*) FILTER (WHERE last_buy IS NOT NULL) AS active_months,
           MAX(last_buy) AS last_buy, MAX(last_day) AS last_day,
           MIN(first_buy) AS first_buy, MIN(first_day) AS first_day,
           SUM(CAST(cents AS DECIMAL(38, 0)) * cents) AS squares
    FROM monthly GROUP BY customer_id
),
orders AS (  -- orders with a purchase: a return or cancellation alone is no order
    SELECT customer_id, COUNT(DISTINCT order_key) AS orders FROM {tx} WHERE day >= $start AND cents > 0
    GROUP BY customer_id
),
earlier AS (  -- before the window: the previous window's lines and revenue, and the first purchase
    SELECT customer_id,
           COUNT(*) FILTER (WHERE day >= $prev_start) AS prev_lines,
           SUM(cents) FILTER (WHERE day >= $prev_start) AS prev_cents,
           -- lines, not orders: whether one bought is all that is asked (COUNT DISTINCT: 1.2 s more at 10M)
           COUNT(*) FILTER (WHERE day >= $prev_start AND cents > 0) AS prev_purchases,
           MIN(day) FILTER (WHERE cents > 0) AS first_buy_before,
           MAX(day) FILTER (WHERE cents > 0) AS last_buy_before,
           MIN(day) AS first_before
    FROM {tx} WHERE day < $start GROUP BY customer_id
)
SELECT customer_id,
       CAST(COALESCE(revenue_cents, 0) AS BIGINT) AS revenue_cents,
       CAST(COALESCE(orders, 0) AS BIGINT) AS orders,
       CAST(COALESCE(lines, 0) AS BIGINT) AS lines,
       CAST(COALESCE(active_months, 0) AS BIGINT) AS active_months,
       -- only returns in the window: no first purchase in it, unless the customer never bought (the first line)
       CAST(CASE WHEN first_buy IS NOT NULL THEN first_buy WHEN last_buy_before IS NULL THEN first_day END
            AS TIMESTAMP) AS first_purchase,
       -- only returns in the window: the last purchase before it, else the last line
       CAST(COALESCE(last_buy, last_buy_before, last_day) AS TIMESTAMP) AS last_purchase,
       -- exact below 2**53 as an integer, as decimal text above (rare), so no digit is lost
       CAST(CASE WHEN squares < 9007199254740992 THEN squares END AS BIGINT) AS squares_small,
       CAST(CASE WHEN squares >= 9007199254740992 THEN squares END AS VARCHAR) AS squares_text,
       CAST(COALESCE(prev_lines, 0) AS BIGINT) AS prev_lines,
       CAST(COALESCE(prev_cents, 0) AS BIGINT) AS prev_cents,
       CAST(COALESCE(prev_purchases, 0) AS BIGINT) AS prev_purchases,
       -- the first purchase ever; without one, the first line
       CAST(COALESCE(first_buy_before, first_buy, first_before, first_day) AS TIMESTAMP) AS first_ever
FROM current FULL JOIN earlier USING (customer_id) LEFT JOIN orders USING (customer_id)
WHERE lines IS NOT NULL OR prev_lines > 0
ORDER BY customer_id
"""

#: Each customer's attributes, each as written on the latest order date that has it (the largest value when that
#: date has several: the greatest (day, value) pair): a name written on a customer's first order only is their
#: name. One aggregation of the lines (10M lines: 1.5 s, against 2.5 s through a table of each customer's days).
_ATTRIBUTES_SQL = """
SELECT customer_id, {latest} FROM {tx} GROUP BY customer_id ORDER BY customer_id
"""


@dataclass(frozen=True)
class CustomerTables:
    """What one scan of the transactions gives.

    ``current``: :func:`kit.features.customer_features` for the window;
    ``previous``: ``customer_id``, ``revenue`` (net) and ``purchase_lines`` (lines of positive amount) of every
    customer with a line in the window of the same length before (for migration), graded there as ``current`` is
    here: a customer with purchase lines there bought there, even when returns net it to zero or less; one whose
    lines there are only returns or free goods did not buy there, and is listed all the same, so that every
    customer of that window has a cell in the migration table.
    """

    current: pd.DataFrame
    previous: pd.DataFrame


def _source(path: Path) -> str:
    text = str(path).replace("'", "''")
    return f"read_parquet('{text}')"


def customer_tables(
    parquet: str | Path, *, start, end, master: pd.DataFrame | None = None, threads: int | None = None, note=None,
    lang: str = "en",
) -> CustomerTables:
    """Per-customer features of the window and revenue of the window before, in one scan of ``parquet``.

    ``parquet`` holds cleaned transactions (``customer_id``, ``order_date``,
    ``amount``, optionally ``order_id`` and attributes). Amounts are taken to
    the cent as :func:`kit.features.to_cents` does. ``note`` (e.g.
    :func:`kit.progress.note`) receives a line before and after the scan, in ``lang``.
    """
    import duckdb

    # not kit.clean_sql nor kit.io: compiling them took 0.4-0.5 s of a fresh process without bytecode files
    from .progress import no_progress_bar
    from .sql_common import money_cents, quote
    from .text import t

    path = Path(parquet)
    # a notebook opened before 01 has run for the case (QA: DuckDB's IO Error and its traceback)
    if not path.exists() and not any(c in str(path) for c in "*?["):
        from .errors import RunError

        raise RunError(key="e_step_not_run", file=path.name, folder=str(path.parent), step="01_clean")
    con = duckdb.connect()
    try:
        no_progress_bar(con)
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        described = con.execute(f"DESCRIBE SELECT * FROM {_source(path)}").fetchall()
        columns = [row[0] for row in described]
        # a line without an order ID (no column, or a blank cell) counts as the customer's order of that day
        day_key = "chr(0) || strftime(CAST(order_date AS DATE), '%Y-%m-%d')"
        order_key = (f"COALESCE(NULLIF(CAST(order_id AS VARCHAR), ''), {day_key})" if "order_id" in columns
                     else "CAST(order_date AS DATE)")
        prev_start, _ = _previous_window(start, end)
        params = {"start": pd.Timestamp(start).date(), "end": pd.Timestamp(end).date(),
                  "prev_start": prev_start.date()}
        if note:
            note(t("p_features", lang, file=path.name))
        tx = _TRANSACTIONS_SQL.format(source=_source(path), order_key=order_key,
                                      cents=money_cents("CAST(amount AS DOUBLE)"))
        sql = _CUSTOMERS_SQL.format(tx=tx)
        base = con.sql(sql, params=params).to_arrow_table().to_pandas()
        present = attribute_columns(columns)
        if present:
            # a blank cell is no value, nor one a database or Excel writes for none (NULL, #N/A: QA, a report listing
            # a hospital as "0169 NULL")
            text = {row[0] for row in described if row[1] == "VARCHAR"}
            none = ", ".join("'" + cell.replace("'", "''") + "'" for cell in NO_VALUE_CELLS)
            cells = [f"CASE WHEN TRIM({quote(c)}) NOT IN ('', {none}) THEN {quote(c)} END" if c in text else quote(c)
                     for c in present]
            tx = (f"(SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(order_date AS DATE) AS day, "
                  f"{', '.join(f'{cell} AS {quote(c)}' for cell, c in zip(cells, present))} "
                  f"FROM {_source(path)} WHERE customer_id IS NOT NULL) AS tx")
            sql = _ATTRIBUTES_SQL.format(tx=tx, latest=", ".join(
                f"arg_max({quote(c)}, ROW(day, {quote(c)})) FILTER (WHERE {quote(c)} IS NOT NULL) AS {quote(c)}"
                for c in present))
            attrs = con.sql(sql).to_arrow_table().to_pandas()
            attrs["customer_id"] = attrs["customer_id"].astype("string")
        else:
            attrs = pd.DataFrame(columns=["customer_id"])
    finally:
        con.close()

    before = base["prev_lines"].to_numpy() > 0
    previous_known = bool(before.any())  # the data reaches the window before
    previous = rows_where(base, before)
    previous = pd.DataFrame({"customer_id": pd.array(previous["customer_id"], dtype="string"),
                             "revenue": previous["prev_cents"].to_numpy(dtype="int64") / 100,
                             "purchase_lines": previous["prev_purchases"].to_numpy(dtype="int64")})
    # (in customer_id order, as the SQL sorts it: derive_features need not sort again)
    base = rows_where(base, base["lines"].to_numpy() > 0).set_index("customer_id")
    small = base.pop("squares_small")
    text = base.pop("squares_text")
    # an integer below 2**53 is exact as a float; the decimal text of a larger one is rounded correctly by float()
    base["month_square_cents"] = small.astype("float64").where(small.notna(), text.astype("float64"))
    features = derive_features(base, start=start, end=end, previous_known=previous_known)
    if note:
        # a customer whose window holds only returns is graded (as lost or at risk), but did not buy in it
        bought = int((features["orders"].to_numpy() > 0).sum())
        previous_bought = int((previous["purchase_lines"].to_numpy() > 0).sum())
        others = len(features) - bought
        note(t("p_bought", lang, file=path.name, n=f"{bought:,}", previous=f"{previous_bought:,}")
             + (t("p_bought_no_purchase", lang, n=f"{others:,}") if others else ""))
    return CustomerTables(current=attach_attributes(features, attrs, master), previous=previous)


def customer_features(
    parquet: str | Path, *, start, end, master: pd.DataFrame | None = None, threads: int | None = None, note=None
) -> pd.DataFrame:
    """:func:`kit.features.customer_features` computed by DuckDB from a cleaned-transactions Parquet file."""
    return customer_tables(parquet, start=start, end=end, master=master, threads=threads, note=note).current
