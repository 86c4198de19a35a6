"""Cleaning in the engine: the rules of :mod:`kit.clean` run by DuckDB over a whole file.

The file is a DuckDB relation (a Parquet file scanned in place, a CSV staged
to Parquet chunk by chunk, or a table already in memory), so the order lines
never sit in pandas at once. Each column is typed in SQL where the cell is
already typed (numbers and dates from Parquet) or plain text (``1234.50``,
``2024-03-05``, ASCII IDs). Every other *distinct* text (``¥1,234``,
``2024年3月5日``, full-width IDs) goes once through the vectorised Python
parsers of :mod:`kit.clean` and is joined back, so there is one definition of
what each form means. The reasons, the ledger, the repairs and the quarantine
then follow from set operations in SQL; nothing loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from decimal import Decimal

import numpy as np
import pandas as pd

from .errors import DataError, phrase
from .io import JOIN_STATUS, MONEY_KEYS, SOURCE_ROW, StagedCells, match_headers
from .progress import LARGE
from .sql_common import _scaled_cents, money_cents, quote

#: Text typed by SQL without the Python parsers: the parse of these forms is the identity.
# printable ASCII, no space: NFKC and trimming leave it as it is; but an e-mail address (@) is folded to lower case
PLAIN_ID = r"[!-?A-~]+"
WHOLE_DECIMAL = r"[0-9]+\.0+"  # ...unless it is a whole number written as a decimal (13085.0)
#: A code Excel turned into scientific notation (1.10102E+11): its digits are lost.
SCIENTIFIC_ID = r"[0-9](?:\.[0-9]+)?[eE]\+[0-9]+"
# ... or a one-word total label (Total, SUBTOTAL:), or a code in scientific notation (the parser stops on a
# customer's, and reads an order's as none); Excel's text (="00123", '00123) is unwrapped first (_unwrapped)
# ... or a code shown with thousands commas (1,023), or an Excel error (#N/A): the parser's
NOT_PLAIN_ID = (WHOLE_DECIMAL + r"|(?i:(?:sub-?)?totals?:?)|" + SCIENTIFIC_ID + r"|[0-9]{1,3}(?:,[0-9]{3})+"
                + "|#.*")
#: Excel's text marks as an SQL pattern (="0012", '0012; '' is ' in SQL): the parser's, in a column not unwrapped
EXCEL_TEXT_SQL = "=\".*\"|''.*"
PLAIN_AMOUNT = r"-?\d+(\.\d+)?"
#: A number whose one point may be a decimal point or group thousands: ``4.500``, ``-12.000``.
THOUSANDS_DOT = r"[+-]?[1-9]\d{0,2}\.\d{3}"
#: The marks of currencies written with a decimal comma and dots grouping thousands (4.500 €, R$ 1.234,56).
COMMA_CURRENCY = r"€|(?i:\beur\b|\bbrl\b)|R\$"
#: A number whose point can only be a decimal point: ``12.5``, ``0.125``, ``1234.567``.
DECIMAL_POINT = r"[+-]?(\d*\.(\d{1,2}|\d{4,})|(0|\d{4,})\.\d{3})"
PLAIN_INTEGER = r"-?\d+"  # what SQL reads by itself when the decimal mark is a comma
POINT_ONLY = r"-?\d*\.(\d{1,2}|\d{4,})"  # a plain number whose point cannot group thousands (12.5, 0.125)
#: Numbers SQL reads once the thousands marks are removed (``1,234.50``; ``1.234,50`` and ``2,55`` with a decimal
#: comma): the common export formats, so millions of distinct amounts need no Python parser.
GROUPED_POINT = r"-?\d{1,3}(,\d{3})+(\.\d+)?"
GROUPED_COMMA = r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d+"
#: Which of those tell a decimal point: a fraction after the commas, or a first group not 0 (``1,234``).
GROUPED_POINT_ONLY = r"-?(\d{1,3}(,\d{3})+\.\d+|[1-9]\d{0,2}(,\d{3})+)"
#: A name trimming leaves as it is, fast: printable ASCII and CJK ideographs (Chinese names) in words parted by
#: single spaces (others go through the parser).
_NAME_CHAR = r"[!-~\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}]"
PLAIN_NAME = rf"{_NAME_CHAR}+( {_NAME_CHAR}+)*"
ISO_DAY = r"\d{4}-\d{2}-\d{2}"
#: ... or a moment of it (a workbook's date cell read as 2023-01-01 00:00:00): a date read as written, no repair
ISO_MOMENT = ISO_DAY + r"(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
#: Days SQL reads by itself, the day taken: year first with -, / or . (2025-07-13, 2025/7/13, 2025.07.13), and a
#: time of day after it or not (10:23, 10:23:45.123, 10:23:45+08:00: the day as written, as the parser takes it).
#: Read without the parser, they need no join to its values, so the rows stay in file order (10M GBK rows whose
#: dates read 2025/07/13: a 1.6 s sort saved), and a file of timestamps does not send each distinct one to Python;
#: other writings, and times that are no time of day, go through the parser.
SQL_DAY = (r"\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2})"
           r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?")
#: What :func:`kit.textops.is_blank` after NFKC and trimming calls empty (Unicode White_Space).
BLANK = r"[\s\v\x{85}\p{Z}]*"

_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_FLOAT = {"FLOAT", "DOUBLE"}
_DATES = {"DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP WITH TIME ZONE"}


def order_number(column: str = "order_id") -> str:
    """SQL: the order ID ``column`` as orders are compared, without its leading zeros: a re-export opened and saved in
    Excel writes SAP's 0090000001 as 90000001, the same order (review). One rule, for ``cleaning.overlap: latest``,
    the orders kept from several files and the orders restated between two runs."""
    return f"ltrim({column}, '0')"


#: The most values :func:`one_of` writes as equalities rather than an IN list.
ONE_OF_EQUALITIES = 16


def one_of(expr: str, literals: Sequence[str]) -> str:
    """SQL: ``expr IN (literals)`` (SQL literals; none: false), as equalities joined by OR for a few: DuckDB turns
    an IN list of five or more into a join, and a join does not keep the file's order on several threads (perfcsv:
    a GBK export's kept lines in another order on each run, the header names of its five columns an IN list), so
    the kept lines would need a sort before they are written. A long list stays an IN list, a join (one comparison
    per value on every line would cost more than the sort); :func:`joins_in` tells the cleaning it must sort."""
    if not literals:
        return "false"
    if len(literals) > ONE_OF_EQUALITIES:
        return f"{expr} IN ({', '.join(literals)})"
    return "(" + " OR ".join(f"{expr} = {value}" for value in literals) + ")"


def joins_in(con, select: str) -> bool:
    """Whether DuckDB's plan for ``select`` has a join (one written, or an IN list DuckDB made into one): its rows
    are then not in the order of the relation it reads, on several threads."""
    import json

    def names(nodes):
        for node in nodes:
            yield str(node.get("name", ""))
            yield from names(node.get("children", []))

    plan = json.loads(con.execute(f"EXPLAIN (FORMAT json) {select}").fetchall()[0][1])
    return any("JOIN" in name.upper() for name in names(plan))


def _price_factor(con, relation: str, mapper, amount: str, quantity: str, price: str, amount_scale: float) -> float:
    """The factor that turns a unit price into currency units, where an amount cell left blank is priced from its
    quantity and unit price: ``amount_scale`` when the lines holding all three write the amount in the price's unit,
    else that times the power of ten the amounts are of quantity × unit price (金额(万元) beside 单价(元): the lines'
    amounts are a ten-thousandth of their products, so the price is in yuan already; QA: a blank amount priced
    10,000 times over, 337M of revenue for 1.06M). With ``amount_scale`` 1 the price is taken as the amount's unit."""
    if amount_scale == 1:
        return 1.0
    ratio = con.execute(
        f"SELECT median(_a / _v) FROM (SELECT ({amount}) AS _a, ({quantity}) * ({price}) AS _v "
        f"FROM {relation} s {' '.join(mapper.joins)}) WHERE _a > 0 AND _v > 0").fetchone()[0]
    return price_factor(ratio, amount_scale)


def price_factor(ratio: float | None, amount_scale: float) -> float:
    """:func:`_price_factor` from the median ``ratio`` of the lines' amounts to their quantity × unit price (None:
    no line holds all three), for the ledger of a sheet skipped as a copy too (:func:`kit.io._sheet_cents`)."""
    if amount_scale == 1:
        return 1.0
    if ratio is None or not math.isfinite(ratio) or ratio <= 0:
        return float(amount_scale)
    power = round(math.log10(ratio))
    # a discount or tax between the amount and the product (0.85, 1.13) is no unit: only a clear power of ten
    if power == 0 or abs(math.log10(ratio) - power) > 0.2:
        return float(amount_scale)
    return round(float(amount_scale) * 10.0 ** power, 12)


def money_fraction(x: str) -> str:
    """SQL: whether the amount ``x`` holds a fraction of a cent (957.5775), which :func:`money_cents` rounds off;
    false for what it calls unusable."""
    from .features import MAX_AMOUNT

    scaled = _scaled_cents(x)
    return f"coalesce(abs({x}) < {MAX_AMOUNT:.0f} AND {scaled} <> trunc({scaled}), false)"


def _kind(sql_type: str) -> str:
    base = sql_type.split("(")[0].upper()
    if base in _INTEGER:
        return "integer"
    if base in _FLOAT:
        return "float"
    if base == "DECIMAL":
        return "decimal"
    if base in _DATES:
        return "date"
    if base == "VARCHAR":
        return "text"
    return "other"


@dataclass(frozen=True)
class Cleaned:
    """One file cleaned in the engine: temp table ``table`` (one row per input row) and its summaries.

    ``table`` holds ``_source_row``, ``reason`` (NULL when kept), ``_identical``
    (``_earlier``: identical to a row of an earlier file), ``_cents``, the typed
    canonical columns, ``_fix_*`` flags and ``_hash`` (of the raw cells).
    """

    source: str
    relation: str
    table: str
    canonical: list[str]
    raw_columns: list[str]
    headers: dict[str, str]
    ledger: pd.DataFrame
    fixes: pd.DataFrame
    ordered: bool = False  # ``table`` holds the rows in file order (made without a join)
    merged: str | None = None  # the relation listing the rows filled from merged cells (for the ledger)
    line_hash: str = "_hash"  # the column hashing the cells that are not the customer's attributes (name, region)
    #: (header, currency) -> (kept lines, cells naming it) of a column naming each row's currency (币种)
    currencies: dict = field(default_factory=dict)
    #: ``cleaning.order_totals: check``: the file's orders of several differing lines, those carrying one amount on
    #: each, and (order, lines, cents) of the first such (see :func:`stop_on_repeated_totals`)
    repeated_totals: tuple | None = None
    #: (currency, column, a mark naming it) when the money column's cells name one currency by their marks (¥, US$)
    money_currency: tuple[str, str, str] | None = None
    #: rows set aside that count towards ``cleaning.max_set_aside_share``, and rows that are neither empty nor
    #: total lines (its base)
    aside_rows: int = 0
    base_rows: int = 0
    #: with ``defer_limit``: the error of a sheet over the limit, for its workbook as a whole to decide
    over_limit: Exception | None = None


#: Distinct messy values of a column (those its plain-cell test leaves) written into the SQL rather than joined,
#: when they fill at most so many cells
INLINE_VALUES = 1_000
INLINE_CELLS = 100_000


class _Mapper:
    """Distinct messy values of one column through a Python parser, as a temp table to join.

    :meth:`prefetch` reads the distinct messy values of several text columns in
    one scan of the file; :meth:`map` then needs no query of its own for them.
    """

    def __init__(self, con, relation: str, counter: Callable[[], int]):
        self.con, self.relation, self.counter = con, relation, counter
        self.joins: list[str] = []
        self.fetched: dict[tuple[str, str | None], pd.Series] = {}
        self.rows: dict[tuple[str, str | None], int] = {}  # the cells of those values
        self.flag_sql: dict[tuple[str, str], str] = {}
        self.marked: set[str] = set()  # ID columns with cells written as Excel text (marked_columns)

    def _where(self, column: str, skip: str | None) -> str:
        col = quote(column)
        return f"{col} IS NOT NULL" + (f" AND NOT ({skip})" if skip else "")

    def prefetch(self, wanted: list[tuple[str, str]], few: Collection[str] = ()) -> None:
        """Distinct values of each text ``(column, skip)`` pair, all in one query. The cells of a column in ``few``
        (customers' IDs and names, and the columns whose cells repeat, :func:`repeating_columns`, order days among
        them: far fewer values than lines) are grouped before ``skip`` tests them, so each value is tested once (10M
        lines of 400,000 customers: 0.8 s less); other columns (order numbers, about as many as lines) are tested
        cell by cell, which is cheaper than grouping them all first."""
        wanted = list(dict.fromkeys(w for w in wanted if w not in self.fetched))
        if not wanted:
            return

        def part(i: int, column: str, skip: str | None) -> str:
            col = quote(column)
            if skip is not None and column in few:
                # the count named apart from any header (a customer column headed n: review, a crash)
                return (f"SELECT {i} AS k, {col} AS raw, \"_kit cells\" AS n FROM (SELECT {col}, count(*) AS "
                        f"\"_kit cells\" FROM {self.relation} WHERE {col} IS NOT NULL GROUP BY {col}) WHERE NOT ({skip})")
            return f"SELECT {i} AS k, {col} AS raw, count(*) AS n FROM {self.relation} " \
                   f"WHERE {self._where(column, skip)} GROUP BY {col}"

        # each part scans its own column: a shared CTE would be materialised with every column at once
        parts = [part(i, c, skip) for i, (c, skip) in enumerate(wanted)]
        found = self.con.execute(" UNION ALL ".join(parts)).df()  # execute: run again if out of memory
        for i, key in enumerate(wanted):
            self.fetched[key] = found.loc[found["k"] == i, "raw"].reset_index(drop=True)
            self.rows[key] = int(found.loc[found["k"] == i, "n"].sum())

    def distinct(self, column: str, skip: str | None) -> pd.Series:
        """The distinct values of ``column`` not matching ``skip`` (fetched once)."""
        if (column, skip) not in self.fetched:
            found = self.con.execute(f"SELECT {quote(column)} AS raw, count(*) AS n FROM {self.relation} "
                                     f"WHERE {self._where(column, skip)} GROUP BY {quote(column)}").df()
            self.fetched[(column, skip)] = found["raw"].reset_index(drop=True)
            self.rows[(column, skip)] = int(found["n"].sum())
        return self.fetched[(column, skip)]

    def all_plain(self, column: str, skip: str) -> bool:
        """Whether every non-empty cell of ``column`` matches ``skip`` (when its values were fetched)."""
        return (column, skip) in self.fetched and self.fetched[(column, skip)].empty

    def map(self, column: str, parse: Callable[[pd.Series], pd.Series], *, skip: str | None = None,
            flags: dict[str, Callable[[pd.Series], pd.Series]] | None = None) -> str:
        """SQL for the parsed value of ``column``; ``skip`` is SQL for cells handled elsewhere.

        ``flags`` name boolean facts about the same values (e.g. "is a total
        label"); :attr:`flag_sql` then holds SQL for each (false where unmapped).
        """
        col = quote(column)
        values = self.distinct(column, skip)
        for flag in flags or {}:
            self.flag_sql[(column, flag)] = "false"
        if values.empty:  # every cell was typed by SQL: no Python at all
            return "NULL"
        name = f"_map_{self.counter()}"
        mapping = pd.DataFrame({"raw": values, "value": parse(values)})
        for flag, test in (flags or {}).items():
            mapping[flag] = test(values).to_numpy(dtype=bool)
        self.con.register(name, mapping)
        # written out only when few cells go through it: each tests the values one by one (a column of names with
        # （） is all messy, 800 hospitals over 10M lines: a join then)
        if skip is not None and len(values) <= INLINE_VALUES and self.rows.get((column, skip), 0) <= INLINE_CELLS:
            return self._inline(column, name, mapping, flags or {})
        alias = f"m{len(self.joins)}"
        for flag in flags or {}:
            self.flag_sql[(column, flag)] = f"coalesce({alias}.{flag}, false)"
        self.joins.append(f"LEFT JOIN {name} {alias} ON s.{col} = {alias}.raw")
        return f"{alias}.value"

    def _inline(self, column: str, name: str, mapping: pd.DataFrame, flags: dict) -> str:
        """SQL for a few messy values written out (``CASE s.col WHEN raw THEN value ...``) rather than joined: the
        caller tests it only on the cells that ``skip`` does not take, and the rows stay in file order without a
        join, so that the kept lines need no sort before they are written (a 10M-line export with 400 unreadable
        cells: 15 s less)."""
        from .io import _literal

        col = f"s.{quote(column)}"
        kind = describe(self.con, name)["value"]
        for flag in flags:
            marked = mapping.loc[mapping[flag], "raw"].tolist()
            self.flag_sql[(column, flag)] = (f"coalesce({one_of(col, [_literal(v) for v in marked])}, false)"
                                             if marked else "false")
        if kind.strip('"') == "NULL":  # no messy cell reads as a value: NULL, as the join gives (not "NULL": none)
            return "(NULL)"
        texts = self.con.execute(f"SELECT raw, CAST(value AS VARCHAR) FROM {name}").fetchall()
        cases = " ".join(f"WHEN {_literal(raw)} THEN {'NULL' if text is None else _literal(text)}"
                         for raw, text in texts)
        return f"CAST(CASE {col} {cases} END AS {kind})"


#: Cells of each canonical column that SQL types by itself (text matching these needs no parser).
_PLAIN = {"customer_id": None, "order_id": None, "amount": PLAIN_AMOUNT, "credit": PLAIN_AMOUNT, "quantity": PLAIN_AMOUNT,
          "unit_price": PLAIN_AMOUNT, "order_date": SQL_DAY, "customer_name": PLAIN_NAME}  # None: an ID


def _messy_text(headers: dict[str, str], kinds: dict[str, str], date_format: str | None,
                decimal: str = "auto", marked: Collection[str] = ()) -> list[tuple[str, str]]:
    """The ``(column, skip)`` pairs whose messy text goes through a parser, for :meth:`_Mapper.prefetch`; ``marked``:
    the ID columns holding Excel text (:func:`marked_columns`)."""
    wanted = []
    for canonical, pattern in _PLAIN.items():
        column = headers.get(canonical)
        if column is None or kinds[column] != "text":
            continue
        if canonical == "order_date" and date_format is not None:
            continue  # every date goes through the format: read by its own query
        if pattern is None:
            skip = _plain_id(quote(column), column in marked)
        elif canonical == "customer_name":
            skip = _plain_name(column)
        elif pattern == PLAIN_AMOUNT:  # a number: "auto" reads the point first (see _decimal_mark)
            skip = _sql_number(quote(column), "," if decimal == "," else ".")
        else:
            skip = _matches(column, pattern)
        wanted.append((column, skip))
    return wanted


def _matches(column: str, pattern: str) -> str:
    """SQL: the cell of ``column`` is ``pattern`` as a whole (also the key of :class:`_Mapper`'s fetched values)."""
    return f"regexp_full_match({quote(column)}, '{pattern}')"


def _plain_name(column: str) -> str:
    """SQL: the name cell of ``column`` is read as it is: :data:`PLAIN_NAME`, and not Excel's text (="某某公司")."""
    return f"({_matches(column, PLAIN_NAME)} AND NOT starts_with({quote(column)}, '=\"'))"


#: ``'`` in SQL text.
_QUOTE = "''"


def _unwrapped(col: str) -> str:
    """SQL: the ID cell ``col`` without Excel's text marks, ="3000000000000000001" and '000101 as the text inside
    (as :func:`kit.clean.clean_customer_id` reads them), so that a Taobao export's millions of wrapped order
    numbers need no parser."""
    return (f"(CASE WHEN starts_with({col}, '=\"') AND ends_with({col}, '\"') AND length({col}) >= 3 "
            f"THEN substr({col}, 3, length({col}) - 3) WHEN starts_with({col}, '{_QUOTE}') THEN substr({col}, 2) "
            f"ELSE {col} END)")


def _marked(col: str) -> str:
    """SQL: the ID cell ``col`` starts as Excel's text does (= or '): only such cells are unwrapped, so a file of
    plain IDs pays two prefix tests a cell, not the unwrapping."""
    return f"(starts_with({col}, '=') OR starts_with({col}, '{_QUOTE}'))"


def _plain_id(col: str, marked: bool = False) -> str:
    """SQL: the ID cell ``col`` is read as it is (no parser needed); in a column ``marked`` with Excel's text marks,
    once unwrapped (:func:`_unwrapped`). A column without them pays no unwrapping (10M lines: 0.7 s)."""
    def plain(cell: str, other: str = NOT_PLAIN_ID) -> str:
        return f"(regexp_full_match({cell}, '{PLAIN_ID}') AND NOT regexp_full_match({cell}, '{other}'))"

    if marked:
        return f"(CASE WHEN {_marked(col)} THEN {plain(_unwrapped(col))} ELSE {plain(col)} END)"
    return plain(col, NOT_PLAIN_ID + "|" + EXCEL_TEXT_SQL)  # Excel text further down: the parser unwraps it


#: Rows :func:`marked_columns` looks at: an export writes every ID so or none (a cell so further down goes
#: through the parser, which unwraps it too: slower, never wrong).
MARKED_SAMPLE = 100_000


#: A column whose first :data:`REPEAT_SAMPLE` rows hold at most this share of distinct cells (order days: 730 in
#: 20,000 lines) is read by value, not cell by cell, for its messy text (:meth:`_Mapper.prefetch`): 1M lines of days,
#: the day pattern on 730 values, not on 1M cells (0.08 -> 0.01 CPU s). Date-times, order numbers and amounts (about
#: as many as lines: grouping them costs more than the pattern) are tested cell by cell as before.
REPEATING_SHARE = 0.1
#: Rows :func:`repeating_columns` counts distinct cells in (0.01 CPU s; 100,000 rows: 0.035).
REPEAT_SAMPLE = 20_000


def repeating_columns(con, relation: str, columns: list[str]) -> set[str]:
    """The columns among ``columns`` whose first :data:`REPEAT_SAMPLE` rows repeat their cells: at most
    :data:`REPEATING_SHARE` of them distinct."""
    if not columns:
        return set()
    found = con.execute("SELECT count(*), " + ", ".join(f"count(DISTINCT {quote(c)})" for c in columns)
                        + f" FROM (SELECT * FROM {relation} LIMIT {REPEAT_SAMPLE})").fetchall()[0]
    rows, *distinct = found
    return {c for c, n in zip(columns, distinct) if rows and n <= REPEATING_SHARE * rows}


def marked_columns(con, relation: str, columns: list[str]) -> set[str]:
    """The text ID columns among ``columns`` with a cell written as Excel text (="0012", '0012) in the first
    :data:`MARKED_SAMPLE` rows."""
    if not columns:
        return set()
    found = con.execute("SELECT " + ", ".join(f"bool_or({_marked(quote(c))})" for c in columns)
                        + f" FROM (SELECT * FROM {relation} LIMIT {MARKED_SAMPLE})").fetchall()[0]
    return {c for c, hit in zip(columns, found) if hit}


def _is_total_label(values: pd.Series) -> pd.Series:
    """Mask of customer-ID cells that are a subtotal or total label as a whole (:data:`ID_TOTAL_LABEL`)."""
    from .textops import arrow_text, fullmatch

    return pd.Series(fullmatch(arrow_text(values), ID_TOTAL_LABEL), index=values.index)  # ＴＯＴＡＬ folded too


def _is_scientific(ids: pd.Series) -> pd.Series:
    """Mask of IDs, as :func:`kit.clean.clean_customer_id` reads them (trimmed, full-width folded, Excel text
    unwrapped: ="1.10102E+11" too), in scientific notation (:data:`SCIENTIFIC_ID`)."""
    import pyarrow as pa

    from .textops import fullmatch

    return pd.Series(fullmatch(pa.array(ids.astype("string[pyarrow]")), SCIENTIFIC_ID), index=ids.index)


def _stop_on_scientific_ids(mapper: _Mapper, column: str, plain: str, source: str) -> None:
    """Stop when customer codes were saved by Excel in scientific notation (1.10102E+11 for 110102000123): the
    digits are lost, and different customers would be graded as one."""
    from .clean import clean_customer_id

    values = mapper.distinct(column, plain)
    found = values[_is_scientific(clean_customer_id(values))] if len(values) else values
    if found.empty:
        return
    col, row_col = quote(column), quote(SOURCE_ROW)
    row, n, cell = mapper.con.execute(  # the cells as the parser found them (a tab or a full-width 1 included)
        f"SELECT min({row_col}), count(*), arg_min({col}, {row_col}) FROM {mapper.relation} "
        f"WHERE list_contains($cells, CAST({col} AS VARCHAR))", {"cells": [str(v) for v in found]}).fetchall()[0]
    raise DataError(key="e_scientific_ids", file=source, column=repr(column), n=f"{n:,}", row=row,
                    cell=repr(str(cell).strip()))


def _id_expr(mapper: _Mapper, column: str, kind: str, *, labels: bool = False, source: str = "") -> str:
    """SQL for an ID column; with ``labels`` (the customer ID) a total label such as 合计 is no ID (flag ``total``)."""
    from .clean import clean_customer_id

    col = f"s.{quote(column)}"
    if kind == "integer":  # 0 stands for no ID (kit.clean.NO_ID_CELLS)
        return f"CASE WHEN {col} = 0 THEN NULL ELSE CAST({col} AS VARCHAR) END"
    if kind == "float":
        return (f"CASE WHEN isnan({col}) OR {col} = 0 THEN NULL WHEN {col} = trunc({col}) AND abs({col}) < 9e18 "
                f"THEN CAST(CAST({col} AS BIGINT) AS VARCHAR) ELSE CAST({col} AS VARCHAR) END")
    def parse(values: pd.Series) -> pd.Series:
        """An order number in scientific notation (2.025E+11) names no one order: the line is its customer's order
        of its day."""
        ids = clean_customer_id(values)
        return ids.astype(object).mask(_is_scientific(ids))

    flags = None
    if labels:
        parse = lambda v: clean_customer_id(v).astype(object).mask(_is_total_label(v))  # noqa: E731
        flags = {"total": _is_total_label}
    if kind == "text":
        marked = column in mapper.marked
        plain = _plain_id(quote(column), marked)
        if labels:
            _stop_on_scientific_ids(mapper, column, plain, source)
        mapped = mapper.map(column, parse, skip=plain, flags=flags)
        as_is = f"(CASE WHEN {_no_id_cell(col)} THEN NULL ELSE {_unwrapped(col) if marked else col} END)"
        if mapped == "NULL":  # every cell is plain: no pattern to test row by row
            return as_is
        return f"CASE WHEN {_plain_id(col, marked)} THEN {as_is} ELSE {mapped} END"
    return mapper.map(column, parse, flags=flags)


def written_name(col: str) -> str:
    """SQL: the name cell ``col`` names someone: neither empty nor a cell standing for none (无, NULL, -)."""
    from .clean import EXCEL_ERROR, NO_ID_CELLS

    cell = f"trim(CAST({col} AS VARCHAR))"
    return (f"coalesce({cell} <> '' AND NOT {_among(cell, NO_ID_CELLS)} AND trim({cell}, '-—－') <> '' "
            f"AND NOT regexp_full_match({cell}, '{EXCEL_ERROR}'), false)")


def _among(cell: str, values) -> str:
    """SQL: ``cell`` is one of ``values``, by equalities. Not ``IN`` nor ``list_contains``: DuckDB plans a long list
    of constants as a join, and the cleaned table no longer keeps the file's order (a test of 500,000 rows saw it);
    nor a concatenation per row (0.15 s a million lines, against 0.01 s)."""
    from .io import _literal

    return "(" + " OR ".join(f"{cell} = {_literal(value)}" for value in values) + ")"


def _no_id_cell(col: str) -> str:
    """SQL: the plain cell ``col`` stands for no ID (:data:`kit.clean.NO_ID_CELLS`: NULL, \\N, #N/A, 0, a dash ...)."""
    from .clean import NO_ID_CELLS

    plain = [cell for cell in NO_ID_CELLS if re.fullmatch(PLAIN_ID, cell)]
    # the length first: it is stored with the text, and a code is mostly longer than any such cell (10M lines)
    longest = max(len(cell.encode()) for cell in plain)
    return (f"(CASE WHEN strlen({col}) <= {longest} THEN {_among(col, plain)} ELSE false END "
            f"OR (starts_with({col}, '-') AND trim({col}, '-') = ''))")


def _number_expr(mapper: _Mapper, column: str, kind: str, decimal: str = ".", *, units: bool = False) -> str:
    """SQL for a quantity or unit price as DOUBLE, every digit kept (NULL where not a number).

    ``decimal`` is the mark of text numbers (``.`` or ``,``; see :func:`_decimal_mark`); with ``units`` (a quantity)
    a unit written after the number (2件, 10箱, 3 pcs: :data:`QUANTITY_UNIT`) is no part of it.
    """
    from .clean import parse_number
    from .textops import arrow_text, replace, to_series

    col = f"s.{quote(column)}"

    def parse(values: pd.Series) -> pd.Series:
        if units and not pd.api.types.is_numeric_dtype(values.dtype):
            values = to_series(replace(arrow_text(values), QUANTITY_UNIT, ""), values.index)
        return parse_number(values, decimal)

    if kind in ("integer", "decimal"):
        return f"CAST({col} AS DOUBLE)"
    if kind == "float":
        return f"CASE WHEN isnan({col}) THEN NULL ELSE CAST({col} AS DOUBLE) END"
    if kind == "text":
        mapped = mapper.map(column, parse, skip=_sql_number(quote(column), decimal))
        if decimal == ".":  # the comma taken out only where there is one: replace copies every cell (1M plain
            # amounts: 0.036 CPU s against 0.019 with the test)
            as_is = (f"CASE WHEN contains({col}, ',') THEN CAST(replace({col}, ',', '') AS DOUBLE) "
                     f"ELSE CAST({col} AS DOUBLE) END")
        else:
            as_is = f"CAST(replace(replace({col}, '.', ''), ',', '.') AS DOUBLE)"
        if mapped == "NULL":
            return as_is
        return f"CASE WHEN {_sql_number(col, decimal)} THEN {as_is} ELSE {mapped} END"
    return mapper.map(column, parse)


#: A unit written after a quantity (2件, 10 箱, 3 pcs, 1.5kg), RE2: removed before the number is read (QA: every
#: line set aside, and the stop blamed the amount's mapping).
QUANTITY_UNIT = (r"(?i)\s*(?:件|箱|盒|瓶|支|袋|包|个|個|只|台|套|张|張|本|罐|桶|片|粒|条|條|双|雙|对|對|副|把|提|板|卷|"
                 r"吨|噸|公斤|千克|克|斤|升|毫升|米|pcs?|pieces?|units?|ea|each|boxes|box|cases?|kgs?|g|lbs?|l|ml)\.?\s*$")


def _plain_number(decimal: str) -> str:
    """The text numbers that need no repair: ``12.5`` with a decimal point, only whole numbers with a comma."""
    return PLAIN_AMOUNT if decimal == "." else PLAIN_INTEGER


def _sql_number(col: str, decimal: str) -> str:
    """SQL: the text number in ``col`` is read by SQL itself (plain, or :data:`GROUPED_POINT` /
    :data:`GROUPED_COMMA` for the ``decimal`` mark), the same as :func:`kit.clean.parse_number` reads it."""
    plain, grouped = (PLAIN_AMOUNT, GROUPED_POINT) if decimal == "." else (PLAIN_INTEGER, GROUPED_COMMA)
    return f"(regexp_full_match({col}, '{plain}') OR regexp_full_match({col}, '{grouped}'))"


def _decimal_mark(mapper: _Mapper, column: str, kind: str, decimal: str, source: str) -> str:
    """The decimal mark of a number column: as set in the params, or read from its text cells (``auto``).

    ``auto`` takes the comma when some cells read only that way (``2,55``,
    ``1.234,56``) and none is written with a point or thousands commas
    (``1,234.50``, ``12.5``, ``1,234``); cells of both kinds in one column stop
    the run, naming one of each.
    """
    from .clean import decimal_marks

    if decimal != "auto":
        return decimal
    if kind != "text":
        return "."
    from .clean import number_text
    from .textops import arrow_text, fullmatch

    # cells SQL reads with a point (12.5, 1,234.50) are not fetched: they cannot read only with a comma
    values = mapper.distinct(column, _sql_number(quote(column), "."))
    comma, point = decimal_marks(values)
    col, row = quote(column), quote(SOURCE_ROW)

    def first(where: str) -> list[tuple]:
        return mapper.con.execute(f"SELECT {col}, {row} FROM {mapper.relation} WHERE {where} ORDER BY {row} LIMIT 1"
                                  ).fetchall()

    if comma.empty:
        text = number_text(values)[0]
        # € 4.500: 4.5, or 4,500 as euros and reais are written? Asked only with such a sign: a quantity of 1.000 or
        # a price of 12.375 (or ¥12.375) reads with a point, as it always has
        dotted = values[fullmatch(text, THOUSANDS_DOT) & fullmatch(arrow_text(values), f".*(?:{COMMA_CURRENCY}).*")]
        if len(dotted) and point.empty and not fullmatch(text, DECIMAL_POINT).any() and not first(
                f"{_matches(column, DECIMAL_POINT)} OR {_matches(column, GROUPED_POINT_ONLY)}"):
            mapper.con.register("_dotted", pd.DataFrame({"raw": dotted.astype(object)}))
            cell, at = first(f"{col} IN (SELECT raw FROM _dotted)")[0]
            mapper.con.unregister("_dotted")
            raise DataError(key="e_decimal_unknown", file=source, column=repr(column), cell=repr(str(cell).strip()),
                            row=int(at))
        return "."

    if point.empty:  # plain cells such as 12.5, 0.125 or 1,234.50 read only with a point too
        found = first(f"{_matches(column, POINT_ONLY)} OR {_matches(column, GROUPED_POINT_ONLY)}")
    else:
        mapper.con.register("_point", pd.DataFrame({"raw": point.astype(object)}))
        found = first(f"{col} IN (SELECT raw FROM _point)")
        mapper.con.unregister("_point")
    if not found:
        return ","
    mapper.con.register("_comma", pd.DataFrame({"raw": comma.astype(object)}))
    comma_cell, comma_row = first(f"{col} IN (SELECT raw FROM _comma)")[0]
    mapper.con.unregister("_comma")
    point_cell, point_row = found[0]
    raise DataError(key="e_decimal_mixed", file=source, column=repr(column), comma=repr(str(comma_cell).strip()),
                    comma_row=int(comma_row), point=repr(str(point_cell).strip()), point_row=int(point_row))


def _date_expr(mapper: _Mapper, column: str, kind: str, date_format: str | None, year: int | None = None,
               month: int | None = None, *, time_zone: str | None = None, zoned: bool = False,
               day_one: dt.date | None = None) -> str:
    """SQL for the order date; a day written without its year (3月5日, 3/5) is of ``year`` (the sheet's or file's;
    ``month``: the sheet's, see :func:`kit.clean.with_year`). With ``time_zone`` (``data.time_zone``), a Unix
    timestamp, a date-time written with an offset or Z, or a column typed with its zone (``zoned``) is the day it is
    in that zone, as :func:`kit.clean.parse_dates_with_format` reads it. With ``date_format: day_number``, a whole
    number n from 1 is the day ``day_one`` + (n - 1) days (:func:`kit.clean.parse_day_numbers`)."""
    from .clean import (
        DAY_NUMBER,
        UNIX,
        UNIX_TEXT,
        ZONED,
        parse_dates_with_format,
        time_range_sql,
    )

    if date_format == DAY_NUMBER and kind != "date":  # Dunnhumby's DAY 1..711: typed by SQL, a row at a time
        return _day_number_day(f"s.{quote(column)}", kind, day_one)

    col = f"s.{quote(column)}"
    if time_zone and _days_at_midnight(mapper, column, kind, zoned=zoned):
        time_zone = None  # every date-time at midnight in its offset: days written so, read as written
    zone = time_zone.replace("'", "''") if time_zone else None
    if kind == "date":
        return f"CAST(timezone('{zone}', {col}) AS DATE)" if zone and zoned else f"CAST({col} AS DATE)"
    parse = lambda v: parse_dates_with_format(v, date_format, year=year, month=month, time_zone=time_zone)  # noqa: E731
    if date_format == UNIX and kind in ("integer", "float", "decimal"):  # a timestamp a row, millions distinct
        return _unix_day(col, zone)
    if date_format == UNIX and kind == "text":  # the timestamps typed by SQL, the rest parsed
        stamp = _unix_day(f"TRY_CAST({col} AS DOUBLE)", zone)
        plain = _matches(column, UNIX_TEXT)
        mapped = mapper.map(column, parse, skip=plain)
        return stamp if mapped == "NULL" else \
            f"CASE WHEN regexp_full_match({col}, '{UNIX_TEXT}') THEN {stamp} ELSE CAST({mapped} AS DATE) END"
    if kind == "text" and date_format is None:
        plain = _matches(column, SQL_DAY)
        mapped = mapper.map(column, parse, skip=plain)
        day = _sql_day(col)
        if zone:  # 2025-03-05T20:00:00Z: the day in the zone (2025-03-06 in Shanghai); without an offset, as written
            stamp = rf"TRY_CAST(regexp_replace(trim({col}), '^(\d{{4}})[/.](\d{{1,2}})[/.](\d{{1,2}})', '\1-\2-\3') AS TIMESTAMPTZ)"
            # 10:30-11:00 after the day is a time written as a range, no offset: the day as written
            day = (f"CASE WHEN regexp_full_match(trim({col}), '{ZONED}') "
                   f"AND NOT {time_range_sql(f'trim({col})')} "
                   f"THEN coalesce(CAST(timezone('{zone}', {stamp}) AS DATE), {day}) ELSE {day} END")
        if mapped == "NULL":
            return day
        return f"CASE WHEN regexp_full_match({col}, '{SQL_DAY}') THEN {day} ELSE CAST({mapped} AS DATE) END"
    return f"CAST({mapper.map(column, parse)} AS DATE)"


def _days_at_midnight(mapper: _Mapper, column: str, kind: str, *, zoned: bool) -> bool:
    """Whether the order dates' date-times with an offset or Z (:data:`kit.clean.ZONED`, or a column typed with its
    zone, ``zoned``) are there and all at midnight in their own offset (:data:`kit.clean.MIDNIGHT_ZONED`): days
    written as date-times (2025-03-05T00:00:00.000Z, as JavaScript writes a date), which ``data.time_zone`` does not
    move (review: in America/New_York each fell on the day before)."""
    from .clean import MIDNIGHT_ZONED, ZONED, time_range_sql

    col = f"s.{quote(column)}"
    if kind == "date" and zoned:
        stamped, midnight = f"{col} IS NOT NULL", f"{col} = date_trunc('day', {col})"  # the session is in UTC
    elif kind == "text":
        stamped = (f"(regexp_full_match(trim({col}), '{ZONED}') "
                   f"AND NOT {time_range_sql(f'trim({col})')})")
        midnight = f"regexp_full_match(trim({col}), '{MIDNIGHT_ZONED}')"
    else:
        return False
    n, at_midnight = mapper.con.execute(f"SELECT count(*) FILTER (WHERE {stamped}), "
                                        f"count(*) FILTER (WHERE {stamped} AND {midnight}) "
                                        f"FROM {mapper.relation} s").fetchall()[0]
    return bool(n) and n == at_midnight


def _day_number_day(col: str, kind: str, day_one: dt.date | None) -> str:
    """SQL: the day of the day number in ``col`` (of DuckDB kind ``kind``), as :func:`kit.clean.parse_day_numbers`
    reads it: day 1 is ``day_one``, a cell that is no whole number from 1 to :data:`kit.clean.DAY_NUMBER_MAX` NULL."""
    from .clean import DAY_NUMBER_MAX

    if day_one is None:
        return "CAST(NULL AS DATE)"
    number = f"TRY_CAST(trim(CAST({col} AS VARCHAR)) AS DOUBLE)" if kind not in ("integer", "float", "decimal") \
        else f"CAST({col} AS DOUBLE)"
    return (f"CASE WHEN ({number}) = round({number}) AND ({number}) BETWEEN 1 AND {DAY_NUMBER_MAX} "
            f"THEN CAST(DATE '{day_one.isoformat()}' + CAST(({number}) - 1 AS INTEGER) AS DATE) END")


def _unix_day(number: str, zone: str | None = None) -> str:
    """SQL: the UTC day of the Unix timestamp ``number`` (an SQL number), as :func:`kit.clean.parse_unix` reads it:
    seconds in :data:`kit.clean.UNIX_SECONDS`, milliseconds in that range times 1000, else NULL; with ``zone``
    (``data.time_zone``, quoted for SQL), the day in that zone."""
    from .clean import UNIX_SECONDS

    low, high = UNIX_SECONDS
    day = "CAST(make_timestamp(CAST(round(({n}) * {times}) AS BIGINT)) AS DATE)"
    if zone:
        day = f"CAST(timezone('{zone}', timezone('UTC', make_timestamp(CAST(round(({{n}}) * {{times}}) AS BIGINT)))) AS DATE)"
    return (f"CASE WHEN ({number}) BETWEEN {low} AND {high} THEN {day.format(n=number, times=1_000_000)} "
            f"WHEN ({number}) BETWEEN {low * 1000} AND {high * 1000} THEN {day.format(n=number, times=1000)} END")


def _sql_day(col: str) -> str:
    """SQL: the day of a text cell of :data:`SQL_DAY` (NULL for a day that does not exist, 2025-02-30)."""
    return rf"TRY_CAST(replace(regexp_extract({col}, '^\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}'), '.', '-') AS DATE)"


def _name_expr(mapper: _Mapper, column: str, kind: str) -> str:
    """SQL for a customer's name: trimmed, and otherwise as the client writes it (华东医院（北京）, not folded as an
    ID is), for the graded tables and the report."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .textops import to_series

    col = f"s.{quote(column)}"
    # ="客户名称": Excel's text mark, as exports that wrap every cell write it, is no part of the name (QA: the
    # report listed '="某某公司"'); a leading apostrophe is left, as names can start with one ('t Hooft)
    parse = lambda v: to_series(pc.utf8_trim_whitespace(pc.replace_substring_regex(  # noqa: E731
        pa.array(v.astype("string[pyarrow]")), r'^="(.*)"$', r"\1")), v.index).astype(object)
    if kind == "text":
        plain = _plain_name(column)
        mapped = mapper.map(column, parse, skip=plain)
        if mapped == "NULL":
            return col
        return (f"CASE WHEN regexp_full_match({col}, '{PLAIN_NAME}') AND NOT starts_with({col}, '=\"') "
                f"THEN {col} ELSE {mapped} END")
    return mapper.map(column, parse)


def _blank_cell(column: str, kind: str) -> str:
    """SQL: the cell of ``column`` (of DuckDB kind ``kind``) is empty."""
    col = f"s.{quote(column)}"
    if kind == "text":
        return f"({col} IS NULL OR regexp_full_match({col}, '{BLANK}'))"
    if kind == "float":
        return f"({col} IS NULL OR isnan({col}))"
    return f"{col} IS NULL"


def _blank_expr(columns: list[str], kinds: dict[str, str]) -> str:
    parts = [_blank_cell(column, kinds[column]) for column in columns]
    return " AND ".join(parts) if parts else "false"


#: A cell signing a report off (制表人：张三, 审核：李四, 打印时间：2026-01-05, 导出时间：…, 操作员：张三, Prepared by: J. Smith),
#: a role named with its department (财务负责人：王五, 销售主管：), or the place for a seal alone (（盖章）): a footer's, not an
#: order's (QA: 财务负责人：王五 | （盖章） under a hand-kept sheet was set aside as an order line without a customer).
SIGN_OFF = (r"(?i)\s*(?:(?:[一-鿿]{0,4}(?:制表人?|制单人?|填表人?|审核人?|复核人?|审批人?|经办人?|打印人|打印时间|打印日期|"
            r"负责人|主管|经理|会计|出纳)|"
            r"导出时间|导出日期|导出人|操作员|操作人|查询时间|查询人|生成时间|"
            r"业务员签字|签字|签章|盖章|prepared by|approved by|checked by|reviewed by|printed by|printed on|"
            r"exported by|exported on|exported at|export time|export date|generated on|generated at|"
            r"signature)\s*[:：].*|[（(]\s*(?:盖章|签章|签字|签名|公章)处?\s*[）)]\s*)")


def _label_expr(columns: list[str], kinds: dict[str, str], money: list[str], plain: Collection[str] = ()) -> str:
    """SQL: a heading or note line of a hand-kept sheet (``二月`` or ``华东区`` above a month's or a region's rows):
    one cell filled, the money cells empty. Cells are counted only where the money is empty. ``plain``: text
    columns whose every cell SQL reads as a plain ID, amount or day (``label_free`` in :func:`clean_relation`): such
    a cell is never blank, nor a sign-off, and always holds a digit when it is a money cell, so only NULL is tested
    there (three patterns less a line of plain amounts: with the comma tests of _fix_money in :func:`clean_relation`
    and :func:`_number_expr`, the statement typing every line alone 1.38 -> 1.17 CPU s at 1M lines, median of 6; in
    `kit run`'s cleaning, A/B median of 3, 1.45 -> 1.27 at 1M, 15.6 -> 12.4 at 10M). Computing the customer ID, the
    day or the rounded cents once in an inner SELECT gained nothing (1M: 1.12 -> 1.10, 1.11 -> 1.09): DuckDB shares
    what is computed outside a CASE, and reads the dictionary-encoded ID and day columns a value at a time."""
    if len(columns) < 2:
        return "false"

    def blank(c: str) -> str:
        return f"s.{quote(c)} IS NULL" if c in plain else _blank_cell(c, kinds[c])

    filled = " + ".join(f"CASE WHEN {blank(c)} THEN 0 ELSE 1 END" for c in columns)
    no_money = " AND ".join(blank(c) for c in money)
    # a footer of sign-offs (制表人：张三 … 审核人：李四), each filled cell one (QA: counted as an unreadable order line)
    signed = " + ".join(f"CASE WHEN coalesce(regexp_full_match(s.{quote(c)}, '{SIGN_OFF}'), false) THEN 1 ELSE 0 END"
                        for c in columns if kinds[c] == "text") or "0"
    # each sign-off may write its value in the cell after it (导出时间: | 2025-03-01 | 操作员: | 张三), the amount's
    # cell too: no money cell of such a line holds a figure (an order line's does: the sign-offs are not looked for)
    # (a sign-off of its own there holds one: 打印日期：2026-01-05 under the amount, as kit init reads it)
    no_number = " AND ".join(
        f"(NOT coalesce(regexp_matches(CAST(s.{quote(c)} AS VARCHAR), '[0-9]'), false) "
        f"OR coalesce(regexp_full_match(s.{quote(c)}, '{SIGN_OFF}'), false))" if kinds[c] == "text" and c not in plain
        else blank(c) for c in money) or "true"
    footer = f"({signed}) >= 1 AND ({filled}) <= 2 * ({signed})"
    return f"CASE WHEN {no_money} THEN ({filled}) = 1 OR ({footer}) WHEN {no_number} THEN {footer} ELSE false END"


#: Set-aside reasons that do not count towards ``cleaning.max_set_aside_share``.
EXPECTED = ("total_row", "subtotal_row", "document_total", "label_row", "excluded", "struck", "superseded", "withdrawn",
            "unpaid", "payment", "cancelled")

#: A date column that is the day an order was paid (Paid at, 付款时间, 支付日期): a blank cell there is an order not
#: paid, no sale (reason ``unpaid``), rather than a date the file lost (QA: a shop's unpaid orders set aside as
#: "no readable date").
PAID_DATE = re.compile(r"(?i)^\s*(paid|payment)[\s_-]*(at|on|date|time|datetime)\s*$|(付款|支付)[\s_]*(时间|時間|日期)")


def blank_is_unpaid(date_headers, order_ids: bool) -> bool:
    """Whether an empty cell of the order-date column (headed ``date_headers``: one header or several) is an order
    not paid (reason ``unpaid``): the column is a payment date and order IDs (``order_ids``) tell orders apart.
    Without them, an empty payment date may be a day written once above a block of lines (a bad date, counted,
    with the fill_down hint), not an order not paid (review)."""
    names = [date_headers] if isinstance(date_headers, str) else list(date_headers)
    return order_ids and any(PAID_DATE.search(str(h)) for h in names)


#: Negative credits a block of a sheet (under a header row of its own) needs, none of its credits above 0, to be
#: read as written negative when the sheet's other blocks write theirs positive: one or two such are rather credits
#: reversed on a page of a paged export (a header row on each page), added back as written.
BLOCK_CREDITS = 3


def _counted_aside() -> list[str]:
    """The set-aside reasons ``cleaning.max_set_aside_share`` counts."""
    from .clean import REASONS

    return [k for k, (kind, _) in REASONS.items() if kind == "set_aside" and k not in EXPECTED]


def _or_excel_text(pattern: str) -> str:
    """A label ``pattern`` also as Excel's text writes it (``="合计"``, ``'合计``: a CSV export writing every cell
    so, QA: its ="合计" line read as a line without a customer ID, "50.0% of amounts unusable"). A constant made of
    constants: the quote is ``\\x27``, so that the pattern put in an SQL literal holds none."""
    return rf'(?:{pattern})|="(?:{pattern})"|\x27(?:{pattern})'


#: A cell that marks a subtotal or total line of a hand-kept sheet (小计, 合计, Total, ...).
_GAP = r"[\s\x{3000}]*"  # 合　计: spaced out to align, with ordinary or full-width spaces
#: A cell that is a subtotal or total label as a whole: ``1月小计``, ``合　计：``, ``Grand Total``, ``Total Jan``
#: (a few words around the label at most, so 综合计算器 or "Total Wine & More Inc" are not labels).
_CJK_LABEL = rf"(?:小{_GAP}[计計]|合{_GAP}[计計]|[总總]{_GAP}[计計]|[汇彙]{_GAP}[总總]|累{_GAP}[计計])"
_CJK_TOTAL = rf"[^\s\x{{3000}}]{{0,10}}?{_GAP}{_CJK_LABEL}"
TOTAL_LABEL = _or_excel_text(
    rf"(?i){_GAP}(?:{_CJK_TOTAL}"
    rf"|(?:\S+\s+){{0,2}}(?:grand\s+|sub[\s-]?)?totals?(?:\s+\S+){{0,2}}"
    rf"){_GAP}[:：]?{_GAP}"
)
#: A word of a period or a measure beside "Total" in the customer-ID column: 2025, 2025-01, 1月, Jan, Q1, for, sales
_PERIOD_WORD = (
    r"(?:[0-9][0-9/.\-年月日]*|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)[0-9/.\-]*|q[1-4]|h[12]|fy\S*|[ymq]td"
    r"|for|of|the|in|all|year|month|week|day|quarter|period|amount|sales|revenue|customers?|orders?|sum|net|gross)"
)
#: A label in the customer-ID column: a Chinese one ending the cell after any code (HN-ZZ-000124-01 小计); "Total"
#: with period words only (Total Jan, 2025 Total, Total for March), as "Total Wine" or "TOTAL S.A." is a customer;
#: "Total for" and a name (QuickBooks' Total for Acme Corp below a customer's transactions; review), or "Total -" and
#: one (NetSuite's Total - Acme Corp; QA).
ID_TOTAL_LABEL = _or_excel_text(
    rf"(?i){_GAP}(?:.{{0,60}}?{_GAP}{_CJK_LABEL}"
    rf"|(?:{_PERIOD_WORD}\s+){{0,3}}(?:grand\s+|sub[\s-]?)?totals?(?:\s+{_PERIOD_WORD}){{0,3}}"
    rf"|totals?(?:\s+for|\s+[-–—])\s+\S.{{0,100}}"
    rf"){_GAP}[:：]?{_GAP}"
)
#: A cell marking a subtotal line that carries the customer's ID too (B02 | 小计, 国药控股河南股份有限公司 合计, a 备注
#: reading 小计): a Chinese total label ending the cell after anything, or "Subtotal" / "Grand Total" after a few words.
TOTAL_BESIDE_ID = _or_excel_text(
    rf"(?i).{{0,60}}?{_GAP}{_CJK_LABEL}"
    rf"{_GAP}[:：]?{_GAP}|{_GAP}(?:\S+\s+){{0,5}}(?:grand\s+totals?|sub[\s-]?totals?){_GAP}[:：]?{_GAP}"
)
#: A customer cell as Excel's Data > Subtotal writes it below each customer's lines: the customer, then the function's
#: name (Acme Corp Total, Acme Corp Count; Chinese: 汇总, a label already); on a line without a date or an order
#: number it is a subtotal (QA: 30 such lines read as lines missing their date, 16.6% of the file, and the run
#: stopped). Not Max, Min, Sum or Average: a name ends so (Wang Min, Auto Max; review).
EXCEL_SUBTOTAL = r"(?i)\S.{0,100}?\s+(?:total|count)"
#: A cell marking a total line without a customer ID: a label, or a Chinese one after a long name.
NO_ID_TOTAL = f"{TOTAL_LABEL}|{TOTAL_BESIDE_ID}"
#: A cell that is a total label alone (小计, 合 计：, Subtotal, Grand Total): with ``cleaning.subtotals: keep`` the only
#: label that marks a subtotal line (本单合计, 合计开票: a remark on an order).
SOLE_LABEL = _or_excel_text(rf"(?i){_GAP}(?:{_CJK_LABEL}|(?:grand\s+|sub[\s-]?)?totals?){_GAP}[:：]?{_GAP}")
#: A cell that is a period's total label as a whole (本月合计, 本期合计, 本年累计, 2025年3月小计, 合计, Subtotal): no
#: remark on an order ever reads so, so a line it marks is a total whatever :func:`kit.clean.subtotal_note` would ask.
_PERIOD_NUMBER = r"[0-9一二三四五六七八九十〇零]+"
PERIOD_TOTAL = _or_excel_text(
    rf"(?i){_GAP}(?:(?:本|当|上|全){_GAP}(?:日|周|月|季度?|期|年度?)|{_PERIOD_NUMBER}{_GAP}(?:年|月份?|季度?|期|周)"
    rf"(?:{_GAP}{_PERIOD_NUMBER}{_GAP}(?:月份?|季度?))?)?{_GAP}{_CJK_LABEL}{_GAP}[:：]?{_GAP}"
    rf"|{_GAP}(?:grand\s+|sub[\s-]?)?totals?{_GAP}[:：]?{_GAP}"
)
#: The cells only an order line holds (its product, its order number): with an order date, they make a line an
#: order whatever a remark beside says. A quantity is summed on subtotal lines too.
ORDER_DETAILS = ("product", "order_id")
#: A column of the items (物料名称, 存货编码, 商品, Item, SKU) the case does not map: a label alone there (小计) on a
#: line with a date and an order number is the document's subtotal line an ERP writes (Kingdee, U8), where in any
#: other column, a remark (备注, 附注, 订单备注(内部)) above all, it is a note on that order (QA: orders noted 合计).
ITEM_HEADER = re.compile(r"物料|存货|商品|产品|品名|品种|货品|规格|型号|item|product|sku|material|article",
                         re.IGNORECASE)
#: "Total" alone marks a subtotal line in any column but the customer's name, where it may be a name (TOTAL S.A.).
BARE_TOTAL = _or_excel_text(rf"(?i){_GAP}totals?{_GAP}[:：]?{_GAP}")


def _order_line_expr(headers: dict[str, str], kinds: dict[str, str]) -> str:
    """SQL: the row is an order line, whatever a note beside says (``两单合计`` in 备注): an order date (a ledger of
    month columns gives each line its month) and a product or order number, none of them empty or a total label
    (:meth:`kit.io.LineRoles.totals`). A quantity is no sign: a subtotal line sums it."""
    def usable(column: str) -> str:
        label = (f" AND NOT coalesce(regexp_full_match(s.{quote(column)}, '{NO_ID_TOTAL}'), false)"
                 if kinds[column] == "text" else "")
        return f"(NOT {_blank_cell(column, kinds[column])}{label})"

    details = [usable(headers[k]) for k in ORDER_DETAILS if k in headers]
    return f"{usable(headers['order_date'])} AND ({' OR '.join(details)})" if details else "false"


def _labels_sql(tests: list[tuple[str, str, bool]], order_line: str, *, keep: bool = False) -> str:
    """SQL: one of ``tests`` (a cell's label test, its column, whether the column is mapped) holds; a label in a
    column not mapped (备注) counts on a row that is no order line (``order_line``), so that ``两单合计`` beside a date
    and a product is an order, or when it is a label alone (小计, 合计, Subtotal: :data:`SOLE_LABEL`), so that the
    小计 line Kingdee writes under each document (its date, number and customer repeated, 小计 in 物料名称) is a
    subtotal (QA: revenue 1.9 times). With ``keep`` (``cleaning.subtotals: keep``) only a label alone or a period's
    total (:data:`PERIOD_TOTAL`: 本月合计, 本期合计, 2025年3月小计; the column's own test holding too, so that a
    name reading Total is a customer's) on a row that is no order line counts, in any column, and on any row one
    in a column mapped (the name too: 小计 in 客户名称 beside the code) or in a column of the items not mapped
    (Kingdee's 小计 line, 小计 in 物料名称 with its date and number; review rcn: keep counted every document twice):
    a remark that says more (本单合计, 合计开票) is a note on an order, while the sheet's 小计 and 本月合计 lines stay
    subtotals (QA cn: a statement's 本月合计 lines counted as orders under keep)."""
    def sole(columns: list[str], label: str = SOLE_LABEL) -> str:
        return " OR ".join(f"coalesce(regexp_full_match(s.{quote(c)}, '{label}'), false)" for c in columns)

    # CASE, not AND: the order-line and sole-label tests run only on the rare row with a label (SQL evaluates both
    # sides of an AND on every row; 10M rows: about 1 s)
    if keep:  # and on any line, a label alone in a column mapped, or in one of the items not mapped (Kingdee's 小计
        # in 物料名称, the product or not), as without keep; the column's own test too (the name's: Total is a name)
        period = {column: f"({sole([column], PERIOD_TOTAL)} AND {test})" for test, column, _ in tests}
        alone = [column for _, column, is_mapped in tests if not is_mapped and ITEM_HEADER.search(str(column))]
        always = [period[column] for _, column, is_mapped in tests if is_mapped]
        always += [f"({sole(alone)})"] if alone else []
        return (f"(CASE WHEN {' OR '.join(period.values())} THEN {''.join(f'{one} OR ' for one in always)}"
                f"NOT ({order_line}) ELSE false END)" if period else "false")
    mapped = [test for test, _, is_mapped in tests if is_mapped]
    other = [(test, column) for test, column, is_mapped in tests if not is_mapped]
    if other:
        alone = [column for _, column in other if ITEM_HEADER.search(str(column))]  # 物料名称, not 备注
        mapped.append(f"(CASE WHEN {' OR '.join(test for test, _ in other)} THEN "
                      f"{f'({sole(alone)}) OR ' if alone else ''}NOT ({order_line}) ELSE false END)")
    return " OR ".join(mapped) or "false"


def _total_beside_id_expr(columns: list[str], kinds: dict[str, str], headers: dict[str, str], *,
                          keep: bool = False, label_free: Collection[str] = ()) -> str:
    """SQL: a text cell other than the customer ID reads as a subtotal label (:data:`TOTAL_BESIDE_ID`, and
    :data:`BARE_TOTAL` outside the name column); see :func:`_labels_sql` for a column not mapped and ``keep``.
    ``label_free`` columns are not tested: every cell of theirs is a plain ID, amount or day, which no label is."""
    tests = []
    for column in columns:
        if kinds[column] != "text" or column == headers["customer_id"] or column in label_free:
            continue  # with keep, the name column too: 小计 there beside the code is a subtotal (review rcn)
        pattern = TOTAL_BESIDE_ID if column == headers.get("customer_name") else f"{TOTAL_BESIDE_ID}|{BARE_TOTAL}"
        tests.append((f"coalesce(regexp_full_match(s.{quote(column)}, '{pattern}'), false)", column,
                      column in headers.values()))
    return _labels_sql(tests, _order_line_expr(headers, kinds), keep=keep)


def _total_expr(columns: list[str], kinds: dict[str, str], headers: dict[str, str], *, keep: bool = False) -> str:
    """SQL: some text cell of the row is a subtotal or total label (checked only where the customer ID is missing):
    :data:`NO_ID_TOTAL`; see :func:`_labels_sql` for a column not mapped and ``keep``."""
    tests = [(f"coalesce(regexp_full_match(s.{quote(c)}, '{NO_ID_TOTAL}'), false)", c, c in headers.values())
             for c in columns if kinds[c] == "text"]
    return _labels_sql(tests, _order_line_expr(headers, kinds), keep=keep)


def _value_columns(columns: list[str], by_header: dict) -> list[str | None]:
    """The column of ``columns`` each header of ``by_header`` names, compared as headers are (None: not there)."""
    from .io import normalise_header

    by_norm = {normalise_header(c): c for c in reversed(columns)}
    return [by_norm.get(normalise_header(header)) for header in by_header]


def _values_expr(columns: list[str], exclude: dict[str, list[str]], source: str, key: str = "cleaning.exclude") -> str:
    """SQL: whether a row holds one of the values listed per header in ``exclude`` (``cleaning.exclude`` or
    ``cleaning.returns_marked``: ``key``), compared as keys between files are (:func:`kit.io.join_key_sql`: trimmed,
    a status code 3 stored as 3.0 is 3, ="007" is 007) and ignoring case; a whole number without its leading zeros
    (01 listed matches the text 01 and a number cell 1 whose zero a workbook or a re-saved CSV dropped, 010 is 10)."""
    from .io import _literal, join_key_sql, key_text, said_headers

    tests = []
    for (header, values), column in zip(exclude.items(), _value_columns(columns, exclude)):
        if column is None:
            raise DataError(key="e_key_column_missing", file=source, column=repr(header), section=key,
                            headers=said_headers(columns))
        cell = f"lower({join_key_sql('s.' + quote(column))})"
        # ="007" listed as the file writes it is 007, as the cell; CN-* is every value starting CN- (credit notes)
        texts = [key_text(v).lower() for v in values if not is_prefix_value(v)]
        prefixes = [key_text(v.rstrip()[:-1]).lower() for v in values if is_prefix_value(v)]
        # 01 listed and a cell 1 (or 1 listed and a cell 01): one code, its leading zero lost to a number format
        whole = sorted({_no_leading_zeros(v) for v in texts if re.fullmatch("[0-9]+", v)})
        parts = [one_of(cell, [_literal(v) for v in texts])] if texts else []
        if whole:
            parts.append(f"(regexp_full_match({cell}, '[0-9]+') AND regexp_replace({cell}, '^0+([0-9])', '\\1') "
                         f"IN ({', '.join(_literal(v) for v in whole)}))")
        parts += [f"starts_with({cell}, {_literal(v)})" for v in prefixes]
        tests.append(f"coalesce({' OR '.join(parts)}, false)")
    return " OR ".join(tests) or "false"


def _no_leading_zeros(digits: str) -> str:
    """A whole number's digits without leading zeros (``010`` is 10, ``000`` is 0), as a number cell holds it."""
    return digits.lstrip("0") or "0"


#: The value of ``cleaning.returns_marked`` that marks a return by its cell's sign: ``数量: ["<0"]`` for U8's 红字
#: lines, written with a negative quantity and a positive amount.
SIGN_VALUE = "<0"


def is_sign_value(value: str) -> bool:
    """Whether a value of ``cleaning.returns_marked`` is :data:`SIGN_VALUE` (the cell, read as a number, below 0)."""
    return str(value).strip() == SIGN_VALUE


def is_prefix_value(value: str) -> bool:
    """A value of ``cleaning.exclude`` or ``cleaning.returns_marked`` that stands for every cell starting so
    (``CN-*``: credit notes numbered CN-501, CN-502 ...); ``*`` alone is no value."""
    return value.rstrip().endswith("*") and len(value.strip()) > 1


def describe(con, relation: str) -> dict[str, str]:
    """Column name -> DuckDB type of a relation."""
    return {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}


_counter = itertools.count()


#: Columns an order file may have: 2,200 take 40 s to clean, 5,000 four minutes and 25,000 exceed DuckDB's
#: expression depth (review).
MAX_COLUMNS = 2_000


def clean_relation(
    con,
    relation: str,
    columns,
    *,
    source: str,
    duplicates: str = "auto",
    returns: str = "net",
    date_format: str | None = None,
    time_zone: str | None = None,
    day_one: dt.date | None = None,
    decimal: str = "auto",
    amount_scale: float | Callable[[str | None], float] = 1.0,
    max_set_aside_share: float = 0.05,
    header_row: int | None = None,
    merged: Sequence[tuple] | StagedCells = (),
    subtotals: str = "set_aside",
    order_totals: str = "check",
    exclude: dict[str, list[str]] | None = None,
    returns_marked: dict[str, list[str]] | None = None,
    all_returns: bool = False,
    joined: bool = False,
    earlier: Sequence[Cleaned] = (),
    dates_year: int | None = None,
    dates_month: int | None = None,
    fill_down: Sequence[str] = (),
    stage: Callable[[str], None] | None = None,
    defer_limit: bool = False,
    blank_ids: str = "set_aside",
    named_ids: str | None = None,
    case_currency: str | None = None,
    discount_percent: bool = False,
) -> Cleaned:
    """Clean one file held by DuckDB as ``relation`` (with :data:`SOURCE_ROW`); see :func:`kit.clean.clean_orders`.

    ``header_row`` is ``data.header_row``, named by the error when the mapped headers are not in the file.
    ``merged`` lists the cells the reader filled from merged ranges (:data:`kit.io.MERGED`), or is the Parquet file
    of those a CSV was filled down with as it was staged (:class:`kit.io.StagedCells`): the ledger counts
    the kept rows among them and the fixes show examples. ``earlier`` are the files of the case cleaned before
    this one: a row identical to a kept row of one of them (same headers, every cell equal: an overlapping
    export, a month saved twice) is a duplicate as within a file. ``exclude`` (``cleaning.exclude``) maps headers
    to values whose rows are set aside as ``excluded``; ``returns_marked`` (``cleaning.returns_marked``) to values
    whose rows are returns: a positive amount there counts as negative; ``all_returns`` makes every row one (a sheet
    of returns, ``cleaning.return_sheets``). ``joined``: the relation was given the
    columns of the files of ``data.join`` and says in :data:`kit.io.JOIN_STATUS` which lines found no row.
    ``day_one`` (``data.day_one``): the day 1 of day numbers (``date_format: day_number``).
    ``discount_percent`` (``data.discount_percent``): the ``discount_rate`` column holds whole percentages (15 for
    15% off), read from 0 to 100.
    ``dates_year``: the year of order dates written without one (3月5日, 3/5), from the sheet's or file's name;
    ``dates_month``: the month the sheet's name gives (2024年3月), which tells 3/5 from 5/3 when nothing else does.
    ``stage`` is told the :mod:`kit.text` key of each long step as it starts, in a file of
    :data:`kit.progress.LARGE` rows or more.
    """
    from .clean import (
        FIRST_DAY,
        LAST_DAY,
        build_ledger_sql,
        check_ledger,
        stop_on_ambiguous_dates,
        year_month_octobers,
    )

    listed = () if isinstance(merged, StagedCells) else merged  # the cells in memory (those on disk are "down")
    types = describe(con, relation)
    raw_columns = [c for c in types if c != SOURCE_ROW and not (joined and c == JOIN_STATUS)]
    if len(raw_columns) > MAX_COLUMNS:  # each column is tested for blanks and totals: 5,000 of them, minutes
        raise DataError(f"{source}: {len(raw_columns):,} columns, more than the {MAX_COLUMNS:,} an order export is "
                        f"read with; save the export with the columns the grading needs (customer, date, amount, "
                        f"order number, product ...) and those the report should show")
    if not raw_columns:
        raise DataError(key="e_no_columns", file=source)
    headers = match_headers(raw_columns, columns, source=source, header_row=header_row)
    if callable(amount_scale):  # a factor per header (金额(元) on some sheets, 金额（万元） on others)
        amount_scale = amount_scale(headers.get("amount") or headers.get("unit_price"))
    kinds = {c: _kind(t) for c, t in types.items()}

    def shown(column: str, number: str) -> str:
        """The number of ``column`` as the file shows it, for telling a fraction of a cent: a single-precision
        column's 12.3 (12.300000190734863 at double precision: review, every such amount was said to hold a fraction
        of a cent) by its shortest writing; any other as it is."""
        if str(types.get(column, "")).split("(")[0].upper() not in ("FLOAT", "FLOAT4", "REAL"):
            return number
        return f"TRY_CAST(CAST(CAST(({number}) AS FLOAT) AS VARCHAR) AS DOUBLE)"

    _stop_on_rounded_ids(con, relation, headers["customer_id"], kinds, source)
    mapper = _Mapper(con, relation, lambda: next(_counter))

    mapper.marked = marked_columns(con, relation, [headers[k] for k in ("customer_id", "order_id")
                                                   if k in headers and kinds[headers[k]] == "text"])
    wanted = _messy_text(headers, kinds, date_format, decimal, mapper.marked)
    few = {headers[k] for k in ("customer_id", "customer_name") if k in headers}
    few |= repeating_columns(con, relation, [column for column, _ in wanted if column not in few])
    mapper.prefetch(wanted, few=few)
    # text columns whose every cell SQL reads as a plain ID, amount or day (2025/7/13) hold no 小计 or Total: their
    # label tests are skipped on the rows with a customer (10M rows: a pattern less per column and row)
    label_free = {column for column, skip in wanted if column != headers.get("customer_name")
                  and mapper.all_plain(column, skip)}
    if date_format is None and kinds[headers["order_date"]] == "text":
        # ISO days are never ambiguous: the dates to check are the ones the parser reads
        date_column = headers["order_date"]
        stop_on_ambiguous_dates(con, relation, date_column, source, values=mapper.distinct(
            date_column, _matches(date_column, SQL_DAY)), dates_year=dates_year)

    marked_money = _marked_currencies(mapper, headers, kinds, decimal, currency=case_currency)
    money = ("amount",) if "amount" in headers else ("quantity", "unit_price")  # the columns the amount comes from
    if "credit" in headers and "amount" in headers:  # a debit/credit pair: the credit is the line's money too
        money = ("amount", "credit")
    marks = {c: _decimal_mark(mapper, headers[c], kinds[headers[c]], decimal, source) for c in money}
    select = {"customer_id": _id_expr(mapper, headers["customer_id"], kinds[headers["customer_id"]], labels=True,
                                      source=source)}
    def scale(column: str, factor: float | None = None) -> str:
        """Amounts in 分 or 万元 to currency units; a text cell naming its own unit (1.2万, 350元) is not scaled."""
        factor = amount_scale if factor is None else factor
        if factor == 1:
            return ""
        if kinds[column] != "text":
            return f" * {float(factor)!r}"
        return (f" * (CASE WHEN coalesce(regexp_matches(s.{quote(column)}, '[千万萬亿億元]'), false) THEN 1.0 "
                f"ELSE {float(factor)!r} END)")

    # the header row again, further down (paged exports): the ID and date cells read as their headers
    def header_text(key: str) -> str:  # as the file writes it: 客户 for the reader's 客户.1
        return _as_written(str(headers[key]), raw_columns).strip().replace(chr(39), chr(39) * 2)

    repeated_header = " AND ".join(f"coalesce(trim(CAST(s.{quote(headers[k])} AS VARCHAR)) = '{header_text(k)}', false)"
                                   for k in ("customer_id", "order_date"))
    # tried only where the ID cell holds its header's text: a substring test, not a trimmed copy of every cell
    repeated_header = (f"CASE WHEN contains(CAST(s.{quote(headers['customer_id'])} AS VARCHAR), "
                       f"'{header_text('customer_id')}') THEN {repeated_header} ELSE false END")
    priced = None  # an amount cell left blank beside a quantity and a unit price: their product
    bad_rate = "false"  # a discount_rate cell that is no rate: the line set aside for it (bad_discount_rate)
    credit = "0"
    negative_credits = "false"  # lines whose credit, written negative as the file's every credit is, is read as its size
    # the line's money cells all empty: no amount at all (a credit's too, with a debit/credit pair)
    no_money = " AND ".join(_blank_cell(headers[c], kinds[headers[c]]) for c in money)
    if "amount" in headers:
        number = _number_expr(mapper, headers["amount"], kinds[headers["amount"]], marks["amount"])
        select["_cents"] = money_cents(f"({number}){scale(headers['amount'])}")
        fraction = money_fraction(f"({shown(headers['amount'], number)}){scale(headers['amount'])}")
        if "credit" in headers:  # debit minus credit (借方 - 贷方), signs as written: a blank side counts 0, both
            # blank is no amount (set aside); a cell of either that is no amount makes the line's unknown
            column = headers["credit"]
            written = _number_expr(mapper, column, kinds[column], marks["credit"])
            # a credit column holding no figure above 0 and some below: the client wrote every credit as a negative
            # number (−500 for a credit of 500), so each is read as its size; where most are positive, a negative
            # one is a credit reversed and stays as written (debit − credit adds it back)
            # a credit in red font (cleaning.red_amounts: returns) was made negative as a credit reversed: it tells
            # nothing of how the file writes its credits, and stays as it was made (review: a file's only credit in
            # red was read back as its size, subtracted where it was to be added back)
            from .io import normalise_header

            red = sorted({int(one[0]) for one in listed if one[3] == "red"
                          and normalise_header(str(one[1])) == normalise_header(column)})
            reversed_ = f"s.{quote(SOURCE_ROW)} IN ({', '.join(map(str, red))})" if red else "false"
            # per block of a sheet under its own header row (a month's table below another's): each may write its
            # credits its own way (QA: one sign for the sheet read a block's negative credits as reversed)
            row = f"s.{quote(SOURCE_ROW)}"
            # the sheet's credits, and whether a header row comes again: the blocks are looked at only then (a
            # window over every row, sorted, only for a sheet of several tables)
            low, high, again = con.execute(
                f"SELECT min(_w) FILTER (WHERE NOT _rev), max(_w) FILTER (WHERE NOT _rev), bool_or(_h) "
                f"FROM (SELECT {written} AS _w, {reversed_} AS _rev, {repeated_header} AS _h "
                f"FROM {relation} s {' '.join(mapper.joins)})").fetchall()[0]
            blocks = []
            if again and not (low is not None and low < 0 and high <= 0):
                block = (f"sum(CASE WHEN {repeated_header} THEN 1 ELSE 0 END) OVER (ORDER BY {row} "
                         f"ROWS UNBOUNDED PRECEDING)")
                blocks = con.execute(
                    f"SELECT min(_w) FILTER (WHERE NOT _rev), max(_w) FILTER (WHERE NOT _rev), "
                    f"count(*) FILTER (WHERE _w < 0 AND NOT _rev), min(_r), max(_r) "
                    f"FROM (SELECT {block} AS _block, {written} AS _w, {reversed_} AS _rev, {row} AS _r "
                    f"FROM {relation} s {' '.join(mapper.joins)}) GROUP BY _block ORDER BY _block").fetchall()
            if low is not None and low < 0 and high <= 0:
                negative_credits = f"coalesce(({written}) < 0 AND NOT ({reversed_}), false)"
                written = f"CASE WHEN {reversed_} THEN {written} ELSE abs({written}) END"
            elif len(blocks) > 1 and (negative := [
                    (first, last) for b_low, b_high, n, first, last in blocks
                    if b_low is not None and b_low < 0 and b_high <= 0 and n >= BLOCK_CREDITS]):
                # rows numbered by the reader: integers, no text of the file
                inside = " OR ".join(f"{row} BETWEEN {int(first)} AND {int(last)}" for first, last in negative)
                negative_credits = f"coalesce(({inside}) AND ({written}) < 0 AND NOT ({reversed_}), false)"
                written = f"CASE WHEN {reversed_} OR NOT ({inside}) THEN {written} ELSE abs({written}) END"
            cents = money_cents(f"({written}){scale(column)}")
            blank_credit = _blank_cell(column, kinds[column])
            blank_debit = _blank_cell(headers["amount"], kinds[headers["amount"]])
            credit = f"CASE WHEN {blank_credit} THEN 0 ELSE {cents} END"
            # a credit of a fraction of a cent is rounded as a debit is (review: 10.125 went uncounted)
            fraction = f"({fraction}) OR {money_fraction(f'({shown(column, written)}){scale(column)}')}"
            select["_cents"] = (f"CASE WHEN {blank_credit} THEN {select['_cents']} WHEN {blank_debit} THEN -({cents}) "
                                f"ELSE ({select['_cents']}) - ({cents}) END")
        if "quantity" in headers and "unit_price" in headers:  # 流向数据 with 金额 blank on some lines (QA)
            q, p = (_number_expr(mapper, headers[c], kinds[headers[c]],
                                 _decimal_mark(mapper, headers[c], kinds[headers[c]], decimal, source),
                                 units=c == "quantity")
                    for c in ("quantity", "unit_price"))
            priced = f"({no_money})"  # a credit beside a blank debit is the line's amount (negative), not priced
            if "order_id" in headers:  # not a later line of an order whose total is on its first (Shopify): priced,
                # the order would count twice (a review of this very change: revenue +36% on a Shopify export)
                order = f"s.{quote(headers['order_id'])}"
                priced = (f"({priced} AND ({order} IS NULL OR count(CASE WHEN NOT {priced} THEN 1 END) "
                          f"OVER (PARTITION BY {order}) = 0))")
            price_scale = scale(headers["unit_price"], _price_factor(con, relation, mapper, number, q, p, amount_scale))
            product = money_cents(f"({q}) * ({p}){price_scale}")
            select["_cents"] = f"CASE WHEN {priced} THEN {product} ELSE {select['_cents']} END"
            shown_q, shown_p = shown(headers["quantity"], q), shown(headers["unit_price"], p)
            fraction = (f"CASE WHEN {priced} THEN "
                        f"{money_fraction(f'({shown_q}) * ({shown_p})' + price_scale)} "
                        f"ELSE {fraction} END")
    else:
        q = _number_expr(mapper, headers["quantity"], kinds[headers["quantity"]], marks["quantity"], units=True)
        p = _number_expr(mapper, headers["unit_price"], kinds[headers["unit_price"]], marks["unit_price"])
        kept = ""  # what a discount rate leaves of the line (Northwind's Discount 0.15: 0.85 of it)
        if "discount_rate" in headers:
            column = headers["discount_rate"]
            mark = _decimal_mark(mapper, column, kinds[column], decimal, source)
            rate = _number_expr(mapper, column, kinds[column], mark)
            if discount_percent:  # whole percentages (15 for 15% off): a rate from 0 to 100
                rate = f"(({rate}) / 100.0)"
            # a rate that is no number from 0 to 1 makes the amount unknown (set aside as bad_discount_rate, the
            # rate named), not silently whole
            kept = (f" * (CASE WHEN {_blank_cell(column, kinds[column])} THEN 1 "
                    f"WHEN ({rate}) BETWEEN 0 AND 1 THEN 1 - ({rate}) END)")
            bad_rate = (f"(NOT {_blank_cell(column, kinds[column])} AND "
                        f"NOT coalesce(({rate}) BETWEEN 0 AND 1, false))")
        select["_cents"] = money_cents(f"({q}) * ({p}){kept}{scale(headers['unit_price'])}")
        fraction = money_fraction(f"({shown(headers['quantity'], q)}) * ({shown(headers['unit_price'], p)}){kept}"
                                  f"{scale(headers['unit_price'])}")
    discount = "0"
    if "discount" in headers:  # a line's discount as an amount: the line's value comes down by it (a return's too)
        column = headers["discount"]
        mark = _decimal_mark(mapper, column, kinds[column], decimal, source)
        cents = money_cents(f"abs({_number_expr(mapper, column, kinds[column], mark)}){scale(column)}")
        # a discount cell that is no amount makes the row's amount unknown (set aside), not silently whole
        taken = f"CASE WHEN {_blank_cell(column, kinds[column])} THEN 0 ELSE {cents} END"
        gross = select["_cents"]
        discount = f"CASE WHEN ({gross}) < 0 THEN -({taken}) ELSE {taken} END"  # what it takes off the line's amount
        select["_cents"] = f"({gross}) - ({discount})"
    select["order_date"] = _date_expr(mapper, headers["order_date"], kinds[headers["order_date"]], date_format,
                                      dates_year, dates_month, time_zone=time_zone, day_one=day_one,
                                      zoned=types.get(headers["order_date"], "") == "TIMESTAMP WITH TIME ZONE")
    if kinds[headers["order_date"]] not in ("date", "integer"):  # 2025.1 of a column of year.month: October where the
        # column says so
        octobers = year_month_octobers(con, relation, headers["order_date"], source, date_format)
        typed = f"trim(CAST(s.{quote(headers['order_date'])} AS VARCHAR))"
        cases = " ".join(f"WHEN {typed} = '{year}.1' AND s.{quote(SOURCE_ROW)} >= {row} THEN DATE '{year}-10-01'"
                         for year, row in octobers.items())
        if cases:
            select["order_date"] = f"CASE {cases} ELSE {select['order_date']} END"
    marked_text = "false"  # a row marked by a value of returns_marked (not by a sign), for its order's other rows
    # the values of returns_marked that mark a return by the cell's text (销售退货), not by its sign (<0)
    by_text = {h: kept for h, v in (returns_marked or {}).items() if (kept := [x for x in v if not is_sign_value(x)])}
    if returns_marked:  # a return written with a positive amount (单据类型 销售退货): its amount counts as negative
        by_sign = {h: v for h, v in returns_marked.items() if any(is_sign_value(x) for x in v)}
        marked = marked_text = _values_expr(raw_columns, by_text, source, "cleaning.returns_marked")
        for header, column in zip(by_sign, _value_columns(raw_columns, by_sign)):
            if column is None:
                from .io import said_headers

                raise DataError(key="e_key_column_missing", file=source, column=repr(header),
                                section="cleaning.returns_marked", headers=said_headers(raw_columns))
            # 红字 lines: the cell read as a number (-2, 2-, (2), -1,5), below zero; a dash alone is no number
            units = _number_expr(mapper, column, kinds[column],
                                 _decimal_mark(mapper, column, kinds[column], decimal, source), units=True)
            marked = f"({marked}) OR coalesce(({units}) < 0, false)"
        select["_cents"] = f"CASE WHEN {marked} THEN -abs({select['_cents']}) ELSE {select['_cents']} END"
    if all_returns:  # a sheet of returns (退货) written with positive amounts: every amount counts as negative
        select["_cents"] = f"-abs({select['_cents']})"
    refund = "0"
    if "refund" in headers:  # refunded on the row (a partial refund): netted as a return is
        column = headers["refund"]
        mark = _decimal_mark(mapper, column, kinds[column], decimal, source)
        cents = money_cents(f"abs({_number_expr(mapper, column, kinds[column], mark)}){scale(column)}")
        # a refund on a line whose money cells are all empty (a line of a refund alone): a return of that much,
        # counted as cleaning.returns says, not a line without an amount that silently loses the refund
        alone = (f"(CASE WHEN ({no_money}) AND NOT {_blank_cell(column, kinds[column])} "
                 f"THEN coalesce(({cents}) <> 0, false) ELSE false END)")
        if priced is not None:  # quantity × unit price written beside: they price the line, the refund nets it
            alone = f"({alone} AND ({select['_cents']}) IS NULL)"
        # a refund cell that is no amount makes the row's amount unknown (set aside), not silently whole; a line
        # written negative (or zero) is the return, or the sale net of it, that its refund describes: not twice.
        # Whatever cleaning.returns says: a line refunded in part counts what was kept; one refunded whole (0 or
        # less left: Shopify's Returned line) is a return, netted, or dropped or set aside whole (the reason's
        # _refund test), as a Returned line of an export without refunds is left out (review: counted in full)
        refund = (f"CASE WHEN {_blank_cell(column, kinds[column])} THEN 0 "
                  f"WHEN coalesce(({select['_cents']}) <= 0, false) THEN 0 ELSE {cents} END")
        select["_cents"] = f"CASE WHEN {alone} THEN -({cents}) ELSE ({select['_cents']}) - ({refund}) END"
    if "order_id" in headers:
        select["order_id"] = _id_expr(mapper, headers["order_id"], kinds[headers["order_id"]])
    if "cancels" in headers and "order_id" in headers:  # the order a line cancels, read as order IDs are
        select["cancels"] = _id_expr(mapper, headers["cancels"], kinds[headers["cancels"]])
    if "customer_name" in headers:
        select["customer_name"] = _name_expr(mapper, headers["customer_name"], kinds[headers["customer_name"]])
    passthrough = [c for c in headers if c not in select and c not in ("amount", "refund", "discount", "credit",
                                                                        "payment", "discount_rate")]
    paid = "false"
    if "payment" in headers:  # a receivable ledger's credit side: a line of a payment alone is no sale, set aside
        column = headers["payment"]
        figure = _number_expr(mapper, column, kinds[column], _decimal_mark(mapper, column, kinds[column], decimal, source))
        paid = (f"CASE WHEN ({no_money}) AND NOT {_blank_cell(column, kinds[column])} "
                f"THEN coalesce(({figure}) <> 0, false) ELSE false END")
    for canonical in passthrough:
        select[canonical] = f"s.{quote(headers[canonical])}"

    # fix flags: which kept rows were repaired (examples come from these)
    id_col = f"s.{quote(headers['customer_id'])}"
    fixes = {"_fix_id": f"CAST({id_col} AS VARCHAR) IS DISTINCT FROM ({select['customer_id']}) "
                        f"AND ({select['customer_id']}) IS NOT NULL"}
    if priced is not None:
        fixes["_fix_priced"] = priced
    # an amount written with a fraction of a cent (Superstore's 957.5775, 4-decimal unit prices), rounded per line
    fixes["_fix_cent"] = fraction
    money_pattern = _plain_number(marks.get("amount", "."))
    for canonical, flag, pattern, typed_kinds in (("amount", "_fix_money", money_pattern, ("integer", "float", "decimal")),
                                                  ("order_date", "_fix_date", ISO_MOMENT, ("date",))):
        column = headers.get(canonical)
        if column is None or kinds[column] in typed_kinds:
            continue
        if kinds[column] == "text" and mapper.all_plain(column, _matches(column, pattern)):
            fixes[flag] = f"s.{quote(column)} IS NULL"  # no text needed a repair
        elif (kinds[column] == "text" and pattern == PLAIN_AMOUNT
              and mapper.all_plain(column, _sql_number(quote(column), "."))):
            # every amount plain (12.5) or grouped (1,234.50), as prefetched: the grouped ones, those with a comma,
            # were repaired (a pattern a line less; 1M lines, with the column's scan: 0.080 -> 0.044 CPU s)
            fixes[flag] = f"(s.{quote(column)} IS NULL OR contains(s.{quote(column)}, ','))"
        else:
            fixes[flag] = f"NOT coalesce(regexp_full_match(CAST(s.{quote(column)} AS VARCHAR), '{pattern}'), false)"
    if priced is not None and "_fix_money" in fixes:  # a blank amount priced is that repair, not a money one
        fixes["_fix_money"] = f"({fixes['_fix_money']}) AND NOT ({priced})"
    if "credit" in headers and "_fix_money" in fixes:  # a blank debit beside a credit is a credit line, no repair
        fixes["_fix_money"] = (f"({fixes['_fix_money']}) AND NOT "
                               f"{_blank_cell(headers['amount'], kinds[headers['amount']])}")

    # auto: an order number makes identical rows a double export; a blank one proves nothing
    drop_duplicates = ("true" if duplicates == "drop" else
                       "order_id IS NOT NULL" if duplicates == "auto" and "order_id" in headers else "false")
    blank = _blank_expr(raw_columns, kinds)
    label = _label_expr(raw_columns, kinds, [headers[c] for c in money], plain=label_free)
    total = _total_expr(raw_columns, kinds, headers, keep=subtotals == "keep")
    # a line holding only an amount (an unlabelled =SUM() under a hand-kept table) is a total line too
    money_cells = [headers[c] for c in money]
    rest = [c for c in raw_columns if c not in money_cells]
    sum_only = (f"(({_blank_expr(rest, kinds)}) AND NOT ({' AND '.join(_blank_cell(c, kinds[c]) for c in money_cells)}))"
                if rest else "false")
    beside = _total_beside_id_expr(raw_columns, kinds, headers, keep=subtotals == "keep", label_free=label_free)
    id_column, day_column = headers["customer_id"], headers["order_date"]
    if kinds[id_column] == "text" and subtotals != "keep":  # Acme Corp Total on a line without a date or order
        bare = _blank_cell(day_column, kinds[day_column])
        if "order_id" in headers:  # a line of an order whose date is on its first line only takes it (review)
            bare += f" AND {_blank_cell(headers['order_id'], kinds[headers['order_id']])}"
        beside = (f"({beside} OR CASE WHEN {bare} THEN coalesce("
                  f"regexp_full_match(trim(s.{quote(id_column)}), '{EXCEL_SUBTOTAL}'), false) ELSE false END)")
    # the label written in the ID column itself (合计 in the first column): flagged by the ID's mapper
    id_total = mapper.flag_sql.get((headers["customer_id"], "total"), "false")
    excluded = _values_expr(raw_columns, exclude or {}, source)
    from .currency import (
        case_currency_code,
        is_currency_header,
        is_twin_in_one_currency,
    )

    # amounts in the company's own currency (本币无税金额), or in one named beside its twin in each line's (金额(RMB)
    # beside 金额), are one currency whatever each row's 币种 says
    money_header = headers.get("amount") or headers.get("unit_price")
    currency = None if is_twin_in_one_currency(money_header, raw_columns) else next(
        (c for c in raw_columns if kinds[c] == "text" and is_currency_header(c)), None)
    written = {"_currency": f"nullif(trim(s.{quote(currency)}), '')"} if currency else {}
    typed = ",\n".join(f"({expr}) AS {quote(name)}" for name, expr in {**select, **fixes, "_refund": refund,
                                                                        "_discount": discount, "_credit": credit,
                                                                        **written}.items())
    cells = ", ".join(f"s.{quote(c)}" for c in raw_columns)
    # an earlier file's row is the same order line when only the customer's attributes differ: a later export
    # writes a renamed customer's new name, or the new sales rep, on its old orders
    from .features import ATTRIBUTES

    about_customer = {h for k, h in headers.items() if k in ATTRIBUTES or k in getattr(columns, "attributes", {})}
    line_cells = [c for c in raw_columns if c not in about_customer]
    line_hash = "_line_hash" if about_customer and line_cells else "_hash"
    line_hash_sql = (f", hash({', '.join(f's.{quote(c)}' for c in line_cells)}) AS _line_hash"
                     if line_hash == "_line_hash" else "")
    n = next(_counter)
    table = f"_clean_{n}"
    date_column = headers["order_date"]
    unpaid = (_blank_cell(date_column, kinds[date_column])
              if blank_is_unpaid(date_column, "order_id" in headers) else "false")
    # whether a date or ID that does not read is an empty cell, for the hint of a stop on most rows set aside
    # (:func:`_stop_on_too_many`); the cell is looked at only then, its reading shared with the typed column's
    id_column = headers["customer_id"]
    empty_cells = (f"CASE WHEN ({select['order_date']}) IS NULL THEN {_blank_cell(date_column, kinds[date_column])} "
                   f"ELSE false END AS _blank_date, "
                   f"CASE WHEN ({select['customer_id']}) IS NULL THEN {_blank_cell(id_column, kinds[id_column])} "
                   f"ELSE false END AS _blank_id")
    reason = f"""CASE
        WHEN _header THEN 'header_row'
        WHEN _no_id = 'blank' THEN 'blank_row'
        WHEN _no_id = 'total' THEN 'total_row'
        WHEN _subtotal THEN 'subtotal_row'
        WHEN _label THEN 'label_row'
        WHEN _excluded THEN 'excluded'
        WHEN _join IS NOT NULL AND _join <> 'unmatched_kept' THEN _join
        WHEN _cents IS NULL AND _paid THEN 'payment'
        WHEN customer_id IS NULL THEN 'missing_customer_id'
        WHEN _cents IS NULL AND _bad_rate THEN 'bad_discount_rate'
        WHEN _cents IS NULL THEN 'bad_amount'
        WHEN order_date IS NULL AND _unpaid THEN 'unpaid'
        WHEN order_date IS NULL OR order_date NOT BETWEEN DATE '{FIRST_DAY}' AND DATE '{LAST_DAY}' THEN 'bad_date'
        WHEN (_cents < 0 OR _cents = 0 AND _refund > 0) AND {str(returns == 'set_aside').lower()} THEN 'return_set_aside'
        WHEN (_cents < 0 OR _cents = 0 AND _refund > 0) AND {str(returns == 'drop').lower()} THEN 'return_dropped'
    END"""
    moved = reordered_header_sql(headers, kinds, raw_columns)
    by_name = blank_ids == "name" and "customer_name" in headers
    # a line graded under its name is a subtotal as a line with an ID is (小计 in its item cell)
    named_subtotal = f" OR {written_name(select['customer_name'])}" if by_name else ""
    # one pass over the file types every cell; without a join (no messy text, no long IN list DuckDB makes into
    # one) the table keeps the file's order, else the kept lines are sorted before they are written (kit.clean)
    one_pass = f"""
        SELECT *, {reason} AS reason FROM (
            SELECT s.{quote(SOURCE_ROW)} AS _source_row, {typed},
                   false AS _identical, false AS _earlier, false AS _from_order, false AS _named,
                   hash({cells}) AS _hash{line_hash_sql},
                   {repeated_header} AS _header, {moved} AS _moved, {label} AS _label,
                   CASE WHEN ({select['customer_id']}) IS NULL
                        THEN CASE WHEN {blank} THEN 'blank' WHEN {id_total} OR {total} OR {sum_only} THEN 'total'
                                  ELSE 'none' END
                        END AS _no_id,
                   CASE WHEN ({select['customer_id']}) IS NOT NULL{named_subtotal} THEN {beside} ELSE false END
                        AS _subtotal,
                   {f's.{JOIN_STATUS}' if joined else 'NULL'} AS _join, {excluded} AS _excluded, {unpaid} AS _unpaid,
                   {paid} AS _paid, {negative_credits} AS _credit_sign, {marked_text} AS _marked,
                   {bad_rate} AS _bad_rate,
                   {empty_cells}
            FROM {relation} s {' '.join(mapper.joins)})
    """
    ordered = not mapper.joins and not joins_in(con, one_pass)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {one_pass}")
    if moved != "false":
        stop_on_reordered_header(con, table, relation, raw_columns, source)
    if stage and con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] >= LARGE:
        stage("p_typed")
    if "order_id" in headers:  # before the duplicates: a filled row is compared with an earlier file's as filled
        _fill_from_order(con, relation, table, headers, kinds, reason)
    if by_name:  # after the order's other lines have given their ID
        _id_from_name(con, table, earlier, reason, later=named_ids)
    within_order = duplicates == "auto" and "order_id" in headers
    _mark_identical(con, relation, table, raw_columns, drop_duplicates, within_order=within_order)
    _mark_in_earlier_files(con, table, raw_columns, earlier, drop_duplicates, line_hash, within_order=within_order)
    if "order_id" in headers and exclude:
        _mark_excluded_orders(con, relation, table, raw_columns, kinds, exclude)
    if "order_id" in headers and by_text:
        _mark_returned_orders(con, relation, table, raw_columns, kinds, by_text, returns)
    merged_rows = None
    if isinstance(merged, StagedCells):  # a CSV filled as it was staged: its cells on disk, "down" or "heading"
        merged_rows = f"_merged_{next(_counter)}"
        from .io import _literal

        con.execute(f"CREATE VIEW {merged_rows} AS SELECT * FROM read_parquet({_literal(str(merged.path))})")
        if con.execute(f"SELECT count(*) FROM {merged_rows} WHERE how = 'above'").fetchall()[0][0]:
            _mark_above_heading(con, table, merged_rows, relation, headers)  # (a CSV of heading rows: _HeadingFiller)
    elif merged:
        merged_rows = f"_merged_{next(_counter)}"
        con.register(merged_rows, pd.DataFrame(list(merged), columns=["r", "header", "top", "how"]))
        if any(one[3] == "struck" for one in merged):
            _mark_struck(con, table, merged_rows)
        if any(one[3] == "above" for one in merged):
            _mark_above_heading(con, table, merged_rows, relation, headers)
    if subtotals != "keep":
        _mark_customer_subtotals(con, relation, table, raw_columns, kinds, headers, about_customer, merged_rows)
    repeated = None
    if "order_id" in headers and "amount" in headers:
        _mark_order_lines(con, relation, table, no_money)
        if "product" in headers and subtotals != "keep":
            _mark_order_total_lines(con, table, quantity="quantity" in headers)
        if order_totals == "once":
            drop_repeated_totals(con, table)
        elif order_totals == "check":
            repeated = stop_on_repeated_totals(con, table, source, headers["amount"],
                                               items=[quote(k) for k in ("product", "quantity") if k in headers])
    if "cancels" in select:  # (set only beside order_id) every sign known, every total line told: an order and the
        _mark_cancelled_orders(con, [table])  # return document cancelling it whole
    money_currency = None
    if marked_money is not None:  # one currency named by the kept lines' marks: compared with the other files' (and
        # the case's) in kit.clean; the marks of lines left out (cleaning.exclude) say nothing of the revenue (review)
        column, named = marked_money
        one = (named["code"].iloc[0], str(named["mark"].iloc[0]))
        if named["code"].nunique() > 1 or case_currency is None or one[0] != case_currency_code(case_currency):
            # only then can the kept lines' marks stop the run: a join of the file's rows (1M rows: about 1 s)
            one = stop_on_marked_currencies(con, table, relation, source, column, named)
        money_currency = (one[0], column, one[1]) if one else None
    ledger = build_ledger_sql(con, table, source, merged=merged_rows)
    check_ledger(ledger, source)
    aside_keys = _counted_aside()
    cleaned = Cleaned(source=source, relation=relation, table=table, canonical=list(select),
                      raw_columns=raw_columns, headers=headers, ledger=ledger,
                      fixes=_fix_examples(con, relation, table, headers, fixes, source, drop_duplicates,
                                          decimal=marks.get("amount", "."), merged=merged_rows),
                      ordered=ordered, merged=merged_rows, line_hash=line_hash,
                      currencies=_currencies(con, table, currency) if currency else {},
                      money_currency=money_currency,
                      repeated_totals=repeated)
    read = int(ledger.loc[ledger["kind"] == "read", "rows"].sum())
    expected = int(ledger.loc[ledger["reason"].isin(["blank_row", "header_row", *EXPECTED]), "rows"].sum())
    aside = int(ledger.loc[ledger["reason"].isin(aside_keys), "rows"].sum())
    non_blank = read - expected  # empty rows and total lines are part of such files, not a sign of trouble
    share = aside / non_blank if non_blank else 0.0
    cleaned = _replace(cleaned, aside_rows=aside, base_rows=non_blank)
    if share > max_set_aside_share:
        try:
            _stop_on_too_many(con, cleaned, aside, non_blank, share, max_set_aside_share, blank_ids=blank_ids,
                              date_format=date_format,
                              dates_year=dates_year, fill_down=fill_down)
        except DataError as exc:  # a sheet of a workbook: the workbook's rows as a whole decide (kit.clean)
            if not defer_limit:
                raise
            cleaned = _replace(cleaned, over_limit=exc)
    unpaid_rows = int(ledger.loc[ledger["reason"] == "unpaid", "rows"].sum())
    lines = read - int(ledger.loc[ledger["reason"].isin(["blank_row", "header_row", *NOT_LINES]), "rows"].sum())
    if unpaid_rows > 0.5 * lines:  # not counted against the limit, but most lines unpaid is a date written once
        raise DataError(key="e_most_unpaid", file=source, n=f"{unpaid_rows:,}", lines=f"{lines:,}",
                        share=f"{unpaid_rows / lines:.0%}", column=repr(str(date_column)),
                        fill=", ".join([*fill_down, "order_date"]))
    return cleaned


#: Reasons a line struck through (``cleaning.struck_rows: void``) is voided rather than: what makes an order line
#: unusable or a return. A struck total line stays a total line, a duplicate a duplicate, an excluded line excluded.
_VOIDED_OVER = ("missing_customer_id", "bad_amount", "bad_discount_rate", "unpaid", "bad_date", "no_match", "ambiguous_match",
                "return_set_aside", "return_dropped")


def _mark_struck(con, table: str, merged: str) -> None:
    """Set aside as voided (reason ``struck``) the lines whose amount is struck through, which the reader listed in
    ``merged`` with ``how`` ``struck`` (:func:`kit.io._struck_as`): kept, or unusable for another reason (a voided
    line missing its date is voided, and does not count towards ``cleaning.max_set_aside_share``). Before the order
    lines' and totals' marks: a voided line and the line written again in its place are not one order's total
    written twice."""
    over = ", ".join(f"'{reason}'" for reason in _VOIDED_OVER)
    con.execute(f"""
        UPDATE {table} SET reason = 'struck'
        WHERE (reason IS NULL OR reason IN ({over}))
          AND _source_row IN (SELECT r FROM {merged} WHERE how = 'struck')
    """)


def _headers_of(headers: dict, key: str) -> list[str]:
    """The file's headers mapped to ``key`` (none, one, or several as a list)."""
    value = headers.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


#: The mapped columns whose cells a customer's subtotal line holds beside the customer's
#: (:func:`_mark_customer_subtotals`).
_SUBTOTAL_MONEY = ("amount", "quantity", "unit_price", "credit", "refund", "discount", "payment")


def _mark_customer_subtotals(con, relation: str, table: str, raw_columns: list[str], kinds: dict[str, str],
                             headers: dict, about_customer: set, merged: str | None) -> int:
    """Set aside as a subtotal naming a customer (``subtotal_row``) a line that holds the customer and an amount only
    (``华东医药 | | 12,345.00``: no date, nor anything else), whose amount is, to the cent and not 0, the sum of the
    usable lines of that customer above it (since that customer's sum line before; other customers'
    lines between them are none of them): a hand-kept sheet's sum under each customer's block, written without 小计, which stopped
    the run as lines of no readable date (or counted twice, its date filled down by ``data.fill_down``). A sum of one
    line only when the table has sums of more, or every block of the table is a line and its sum; the sums since the
    customer's 小计 line above too (:func:`_after_customer_subtotal_lines`); a candidate that a later one's block
    counts as a line is one (taken back, and the sums found again). Returns the lines set aside."""
    beside = {*about_customer, *(h for key in ("customer_id", "customer_name", "order_date", *_SUBTOTAL_MONEY)
                                 for h in _headers_of(headers, key))}
    from .io import _literal

    rest = [c for c in raw_columns if c not in beside]
    # a cell filled down (data.fill_down: the 单号 of the document above) is none of the line's own
    bare = " AND ".join(f"({_blank_cell(c, kinds[c])} OR s.{quote(SOURCE_ROW)} IN (SELECT r FROM {merged} "
                        f"WHERE how = 'down' AND header = {_literal(c)}))" if merged else _blank_cell(c, kinds[c])
                        for c in rest) or "true"
    filled_down = (f"_source_row IN (SELECT r FROM {merged} WHERE how = 'down' AND list_contains($dates, header))"
                   if merged else "false")
    # the lines that may be such (few): a customer, an amount, no date (the cell empty, not 待定; or one filled
    # down, or taken from the document whose number was filled down into it: integration review, counted twice),
    # nothing else
    may = f"""customer_id IS NOT NULL AND _cents IS NOT NULL AND _cents <> 0
              AND (reason = 'bad_date' AND order_date IS NULL AND _blank_date
                   OR reason IS NULL AND ({filled_down} OR _from_order AND _blank_date))"""
    dates = {"dates": _headers_of(headers, "order_date")} if merged else {}
    if not con.execute(f"SELECT count(*) FROM {table} WHERE {may}", dates).fetchall()[0][0]:
        return 0  # (the file's cells looked at only then: a 10M-line export without such lines is not read again)
    may += f" AND _source_row IN (SELECT s.{quote(SOURCE_ROW)} FROM {relation} s WHERE {bare})"
    k = next(_counter)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _subtotal_lines_{k} AS SELECT _source_row FROM {table} WHERE {may}",
                dates)
    # candidates read as lines after all (a later candidate is the block's sum only so: below)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _demoted_{k} (_source_row BIGINT)")
    for _ in range(3):  # a pass more for each line a later sum took back (few: bounded)
        _find_customer_subtotals(con, table, k)
        # a candidate found but whose block a later candidate of the customer sums, this one taken as a line (100,
        # 250, 350 of no date, 60, then 760: 760 is the block's sum, 350 a line written without its date; review):
        # the later one, with no sum found between them, is its block's sum, the earlier one a line
        # (an equi-join: y = 2x + the lines between them is 2y - y's running total = 2x - x's, both in the stretch
        # after x no sum found closes; a join on the customer alone, each found sum against each later candidate,
        # took minutes on a customer of 250,000 lines)
        taken_back = con.execute(f"""
            INSERT INTO _demoted_{k}
            WITH r AS (
                SELECT _source_row, customer_id, cand, 2 * _cents - through AS key,
                       _source_row IN (SELECT _source_row FROM _subtotals_{k}) AS found
                FROM _running_{k}),
            g AS (SELECT *, sum(CASE WHEN found THEN 1 ELSE 0 END) OVER (
                            PARTITION BY customer_id ORDER BY _source_row ROWS UNBOUNDED PRECEDING) AS stretch
                  FROM r WHERE found OR cand)
            SELECT DISTINCT x._source_row FROM g x JOIN g y
                ON y.customer_id = x.customer_id AND y.stretch = x.stretch AND y.key = x.key
            WHERE x.found AND y.cand AND NOT y.found AND y._source_row > x._source_row""").fetchall()[0][0]
        if not taken_back:
            break
    # the customers' 小计 lines: set aside as such naming the customer, or as total lines whose customer cell reads
    # the customer and 小计 (华东医药 小计)
    id_header = headers.get("customer_id")
    written = (f"trim(regexp_extract(trim(CAST(s.{quote(id_header)} AS VARCHAR)), "
               f"'^(.*?)[\\s\u3000]*(小计|合计|小計|合計)$', 1))" if isinstance(id_header, str) else "NULL")
    totals = isinstance(id_header, str) and con.execute(
        f"SELECT count(*) FROM {table} WHERE reason = 'total_row' AND _cents IS NOT NULL").fetchall()[0][0]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _xiaoji_{k} AS
        SELECT _source_row, customer_id, _cents FROM {table}
        WHERE reason = 'subtotal_row' AND customer_id IS NOT NULL AND _cents IS NOT NULL
        UNION ALL
        SELECT t._source_row, {written if totals else 'NULL'} AS customer_id, t._cents
        FROM {table} t JOIN {relation} s ON s.{quote(SOURCE_ROW)} = t._source_row
        WHERE {'true' if totals else 'false'} AND t.reason = 'total_row' AND t._cents IS NOT NULL AND {written} <> ''
          AND {written} IN (SELECT customer_id FROM {table}
                            WHERE _source_row IN (SELECT _source_row FROM _subtotal_lines_{k}))""")
    _after_customer_subtotal_lines(con, table, k)
    found = con.execute(f"""
        UPDATE {table} SET reason = 'subtotal_row', _from_order = false
        WHERE _source_row IN (SELECT _source_row FROM _subtotals_{k})""").fetchall()[0][0]
    for name in ("_subtotal_lines", "_subtotals", "_demoted", "_running", "_xiaoji"):
        con.execute(f"DROP TABLE IF EXISTS {name}_{k}")
    return found


def _after_customer_subtotal_lines(con, table: str, k: int) -> None:
    """Add to ``_subtotals_{k}`` the candidates left that sum the customer's lines since its 小计 line above (of
    ``_xiaoji_{k}``: set aside already, naming the customer): 100, 250, 小计 350, 50, 30, then 80 (a block closed by
    小计, the next by the customer and its sum only: 80 was an order line of no date, set aside as such); or that
    read the amount of the 小计 line right above them, the sum written again (小计 80, then 80: a sum of one line)."""
    cand = (f"_source_row IN (SELECT _source_row FROM _subtotal_lines_{k}) "
            f"AND _source_row NOT IN (SELECT _source_row FROM _demoted_{k}) "
            f"AND _source_row NOT IN (SELECT _source_row FROM _subtotals_{k})")
    left = f"SELECT customer_id FROM {table} WHERE {cand}"
    if not con.execute(f"SELECT count(*) FROM _xiaoji_{k} WHERE customer_id IN ({left})").fetchall()[0][0]:
        return  # no 小计 line of a customer a candidate is left of
    con.execute(f"""
        INSERT INTO _subtotals_{k}
        WITH u AS (
            SELECT _source_row, customer_id, _cents, {cand} AS cand,
                   _source_row IN (SELECT _source_row FROM _subtotals_{k}) AS closes, false AS xiaoji,
                   reason IS NULL OR reason IN ('return_set_aside', 'return_dropped') AS dated
            FROM {table}
            WHERE customer_id IS NOT NULL AND _cents IS NOT NULL
              AND (reason IS NULL OR reason IN ('return_set_aside', 'return_dropped', 'bad_date')
                   OR _source_row IN (SELECT _source_row FROM _subtotal_lines_{k}))
              AND customer_id IN ({left})
            UNION ALL
            SELECT _source_row, customer_id, _cents, false, true, true, false FROM _xiaoji_{k}
            WHERE customer_id IN ({left})),
        g AS (SELECT *, sum(CASE WHEN closes THEN 1 ELSE 0 END) OVER w - CASE WHEN closes THEN 1 ELSE 0 END AS blk,
                     lag(xiaoji, 1, false) OVER w AS after_xiaoji, lag(_cents) OVER w AS above
              FROM u WINDOW w AS (PARTITION BY customer_id ORDER BY _source_row ROWS UNBOUNDED PRECEDING)),
        h AS (SELECT *, coalesce(sum(CASE WHEN closes THEN 0 ELSE _cents END) OVER v, 0) AS since,
                     coalesce(sum(CASE WHEN dated THEN 1 ELSE 0 END) OVER v, 0) AS lines,
                     coalesce(sum(CASE WHEN closes THEN 0 ELSE 1 END) OVER v, 0) AS covers,
                     max(CASE WHEN xiaoji THEN 1 ELSE 0 END) OVER (PARTITION BY customer_id ORDER BY _source_row
                         ROWS UNBOUNDED PRECEDING) AS xiaoji_above
              FROM g WINDOW v AS (PARTITION BY customer_id, blk ORDER BY _source_row
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
        q AS (SELECT _source_row, covers, after_xiaoji AND above = _cents AS again,
                     blk >= 1 AND xiaoji_above = 1 AND since = _cents AND lines >= 1 AS sums
              FROM h WHERE cand)
        -- a sum of one line (a day's second line of the same amount, its date filled down: review) only where the
        -- sheet writes sums without 小计 of two lines or more, or writes such sums at all (found before)
        SELECT _source_row FROM q
        WHERE again OR sums AND (covers >= 2 OR EXISTS (SELECT 1 FROM q WHERE sums AND covers >= 2)
                                 OR EXISTS (SELECT 1 FROM _subtotals_{k}))""")


def _find_customer_subtotals(con, table: str, k: int) -> None:
    """The candidates of ``_subtotal_lines_{k}`` (less those of ``_demoted_{k}``, lines) that are their customer's
    sums, into ``_subtotals_{k}``; the customers' running totals into ``_running_{k}``
    (:func:`_mark_customer_subtotals`)."""
    cand = (f"_source_row IN (SELECT _source_row FROM _subtotal_lines_{k}) "
            f"AND _source_row NOT IN (SELECT _source_row FROM _demoted_{k})")
    # each candidate against the customer's lines above it (a return set aside or dropped by cleaning.returns one of
    # them: the sheet's sum nets it) since its sum line before: a candidate that is no sum (a
    # line of a day filled down, 客户 | 日期 | 金额 only) is one of those lines, and no sum line starts a block. The
    # running total of the customer's lines and candidates through a sum line is twice its lines' sum, so a candidate
    # is one when the total before it, less its amount, is 0 or the running total through a candidate above it (it
    # took the other candidates as starting the next block, and a sum after a line of no sum was kept: counted twice),
    # and through the nearest such candidate above it (50, 100, 150 its sum, 50, 200: 200 is the lines since 100)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _running_{k} AS
        WITH c AS (
            SELECT _source_row, customer_id, _cents, {cand} AS cand,
                   reason IS NULL OR reason IN ('return_set_aside', 'return_dropped') AS dated
            FROM {table}
            WHERE customer_id IS NOT NULL AND _cents IS NOT NULL
              -- a line of no date (待定, or other cells beside it) is one of them too: the sheet's sum counts it
              AND (reason IS NULL OR reason IN ('return_set_aside', 'return_dropped', 'bad_date')
                   OR _source_row IN (SELECT _source_row FROM _subtotal_lines_{k}))
              AND customer_id IN (SELECT customer_id FROM {table}
                                  WHERE _source_row IN (SELECT _source_row FROM _subtotal_lines_{k})))
        SELECT *, sum(_cents) OVER (PARTITION BY customer_id ORDER BY _source_row ROWS UNBOUNDED PRECEDING) AS through,
               row_number() OVER (PARTITION BY customer_id ORDER BY _source_row) AS n,
               -- the customer's lines of a date of their own: a sum line sums one at least
               sum(CASE WHEN dated AND NOT cand THEN 1 ELSE 0 END) OVER (PARTITION BY customer_id ORDER BY _source_row
                                                                     ROWS UNBOUNDED PRECEDING) AS lines
        FROM c""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _subtotals_{k} AS
        WITH s AS (SELECT * FROM _running_{k}),
        m AS (SELECT x.* FROM s x
              WHERE x.cand AND (x.through = 2 * x._cents OR EXISTS (
                  SELECT 1 FROM s p WHERE p.cand AND p.customer_id = x.customer_id AND p._source_row < x._source_row
                                      AND p.through = x.through - 2 * x._cents))),
        -- those, each against the lines since the nearest of them above it: not since any candidate above
        b AS (SELECT *, lag(through, 1, 0) OVER (PARTITION BY customer_id ORDER BY _source_row) AS since,
                     n - lag(n, 1, 0) OVER (PARTITION BY customer_id ORDER BY _source_row) - 1 AS covers,
                     lag(lines, 1, 0) OVER (PARTITION BY customer_id ORDER BY _source_row) AS lines_since FROM m),
        -- ... and of a line at least with a date of its own since (丙 | | 300 twice: two lines of no date, no sum)
        f AS (SELECT * FROM b WHERE through - 2 * _cents = since AND lines > lines_since),
        -- the table's order lines (a customer, an amount, usable or of no date) that are no candidate
        dated AS (SELECT count(*) AS n FROM {table}
                  WHERE customer_id IS NOT NULL AND _cents IS NOT NULL
                    AND (reason IS NULL OR reason IN ('return_set_aside', 'return_dropped', 'bad_date'))
                    AND NOT ({cand}))
        -- a sum of one line is the same amount bought twice (a day's second line, its date filled down) unless the
        -- table has sums of two lines or more: a sheet closing each customer's block with a sum (review); or every
        -- block of the table is one line and its sum, three at least: every candidate a sum of one line, as many as
        -- the table's order lines that are no candidate (usable, or of no date: `dated`) (a sheet whose every line is
        -- dated, each under its sum: QA)
        SELECT _source_row FROM f WHERE covers >= 2 OR EXISTS (SELECT 1 FROM f WHERE covers >= 2)
            OR (SELECT count(*) FROM f) >= 3
               AND (SELECT count(*) FROM f) = (SELECT count(*) FROM s WHERE cand)
               AND (SELECT count(*) FROM f) = (SELECT n FROM dated)""")


def _mark_above_heading(con, table: str, merged: str, relation: str, headers: dict) -> None:
    """The rows above a sheet's first customer heading (``data.customer_headings``), which the reader listed in
    ``merged`` with ``how`` ``above`` (:func:`kit.io.fill_from_headings`), set aside for want of a customer: an order
    line (an amount read, or a figure in a money cell, 约55, as the reader counts it) as ``before_heading``, a title or
    note (销售台账 | 单位：元, no amount) as ``label_row``, which does not count towards ``cleaning.max_set_aside_share``
    (both were ``missing_customer_id``)."""
    money = [h for key in MONEY_KEYS for h in _headers_of(headers, key)]
    figure = " OR ".join(f"regexp_matches(CAST(s.{quote(h)} AS VARCHAR), '\\d')" for h in money) or "false"
    con.execute(f"""
        UPDATE {table} SET reason = CASE WHEN _cents IS NULL AND _source_row NOT IN (
                SELECT s.{quote(SOURCE_ROW)} FROM {relation} s WHERE {figure}) THEN 'label_row'
            ELSE 'before_heading' END
        WHERE reason = 'missing_customer_id'
          AND _source_row IN (SELECT r FROM {merged} WHERE how = 'above')
    """)


def _as_written(column: str, raw_columns: list[str]) -> str:
    """A header as the file writes it: ``客户`` for the reader's ``客户.1``, the second of two columns headed 客户."""
    found = re.fullmatch(r"(.+)\.\d+", column)
    return found.group(1) if found and found.group(1) in raw_columns else column


def reordered_header_sql(headers: dict, kinds: dict, raw_columns: list[str]) -> str:
    """SQL: the row holds header texts in the customer, date and amount cells, and some mapped column's cell is
    another header's (单号, 日期, 客户名称, 客户编码, 金额 under 日期, 单号, 客户编码 ...; or only 单号 and 存货名称 swapped):
    two exports whose columns differ pasted into one sheet, the second read under the first's header (QA: a stop
    blaming data.columns and the cell '金额'; with only the code and name swapped, every customer would have been
    read by name). A header repeated as it is (a paged export) is a header row, set aside; so is one whose two
    columns of one name (客户, 客户) the reader tells apart as 客户 and 客户.1, and one whose column is renamed in the same
    place (存货名称 for 商品名称: two months' exports pasted together; review). Tried only where the customer cell is a
    header's text."""
    from .io import _literal

    keys = [headers[k] for k in ("customer_id", "order_date", "amount") if isinstance(headers.get(k), str)]
    if len(keys) < 2 or any(kinds.get(c) != "text" for c in keys):  # a typed column holds no header's text
        return "false"
    written = {c: _as_written(str(c), raw_columns).strip() for c in raw_columns if c != SOURCE_ROW}
    names = [_literal(name) for name in dict.fromkeys(written.values())]
    mapped = [c for k, c in headers.items() if isinstance(c, str) and kinds.get(c) == "text" and c in written]
    cells = {c: f"trim(CAST(s.{quote(c)} AS VARCHAR))" for c in dict.fromkeys([*keys, *mapped])}
    first, *rest = (cells[c] for c in keys)
    others = " AND ".join(f"coalesce({one_of(cell, names)}, false)" for cell in rest)
    # a cell of a mapped column reading another column's header; one reading a title the header does not hold is
    # its column renamed by the second export (商品名称 under 存货名称), in the same order: a header row (review)
    titles = list(dict.fromkeys(written.values()))
    moved = " OR ".join(f"coalesce({one_of(cell, [_literal(t) for t in titles if t != written[c]])}, false)"
                        for c, cell in cells.items() if len(titles) > 1) or "false"
    return f"CASE WHEN coalesce({one_of(first, names)}, false) THEN {others} AND ({moved}) ELSE false END"


def stop_on_reordered_header(con, table: str, relation: str, raw_columns: list[str], source: str) -> None:
    """Stop on the first row :func:`reordered_header_sql` found (``_moved``), naming it and its cells."""
    found = con.execute(f"SELECT min(_source_row) FROM {table} WHERE _moved").fetchone()
    if found is None or found[0] is None:
        return
    row = con.execute(f"SELECT {', '.join(f'CAST(s.{quote(c)} AS VARCHAR)' for c in raw_columns if c != SOURCE_ROW)} "
                      f"FROM {relation} s WHERE s.{quote(SOURCE_ROW)} = {int(found[0])} LIMIT 1").fetchone()
    said = ", ".join(str(v).strip() for v in (row or ()) if v is not None and str(v).strip())
    raise DataError(key="e_header_reordered", file=source, row=f"{int(found[0]):,}", cells=said)


def _currencies(con, table: str, header: str) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """(``header``, currency) -> (kept lines, the cells naming it) of the currency column ``header`` (人民币 and CNY
    are both RMB; a cell naming no currency is left out)."""
    from .currency import currency_code

    found = con.execute(f"SELECT _currency, count(*) FROM {table} WHERE reason IS NULL AND _currency IS NOT NULL "
                        f"GROUP BY _currency ORDER BY _currency").fetchall()
    named: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for cell, n in found:
        code = currency_code(cell)
        if code:
            lines, cells = named.get((header, code), (0, []))
            named[(header, code)] = (lines + int(n), [*cells, cell])
    return named


#: Marks several currencies write alike, -> those currencies: a bare $ is a dollar (or peso, or pataca) of the case's
#: currency (HK$ and $ in a Hong Kong export, $ in a Mexican one), ¥ a yen in a Japanese one, 元 a New Taiwan dollar
#: in a Taiwanese one (review); in a case in any other currency (RMB) a bare $ is a US dollar.
_SHARED_MARKS = {"$": ("USD", "HKD", "TWD", "AUD", "CAD", "SGD", "NZD", "BRL", "MXN", "MOP", "ARS", "CLP", "COP", "UYU"),
                 "¥": ("RMB", "JPY"), "￥": ("RMB", "JPY"), "元": ("RMB", "TWD", "HKD"), "圆": ("RMB", "TWD")}


def _marked_currencies(mapper: _Mapper, headers: dict, kinds: dict, decimal: str, *,
                       currency: str | None = None) -> tuple[str, pd.DataFrame] | None:
    """(column, the marks its cells write -> the currency each names) when the text cells of the money column (the
    amount, else the unit price) name currencies by marks beside their numbers (¥12,345, US$1,234, HK$20), a mark
    several currencies write (a bare $) taken for the case's ``currency`` when it is one of them; None when they
    name none. Read from the column's distinct messy cells, fetched already for the parser, in one aggregate over
    them: no scan of the file of its own."""
    from .currency import case_currency_code, mark_currency

    column = headers.get("amount") or headers.get("unit_price")
    if not isinstance(column, str) or kinds.get(column) != "text":
        return None
    cells = mapper.distinct(column, _sql_number(quote(column), "," if decimal == "," else "."))
    if cells.empty:  # every cell a plain number
        return None
    name = f"_money_cells_{next(_counter)}"
    mapper.con.register(name, pd.DataFrame({"raw": cells}))
    marks = mapper.con.execute(f"SELECT DISTINCT {_mark_sql('raw')} AS mark FROM {name}").df()["mark"]
    mapper.con.unregister(name)
    named = pd.DataFrame({"mark": marks, "code": marks.map(mark_currency)}).dropna(subset=["code"])
    if currency:  # a mark several currencies write (a bare $) is the case's currency's when it is one of them
        code = case_currency_code(currency)  # hkd, 港币 and HK$ as HKD
        shared = named["mark"].str.strip().map(lambda m: code in _SHARED_MARKS.get(m, ()))
        named.loc[shared.to_numpy(dtype=bool), "code"] = code
    return (column, named) if len(named) else None


def _mark_sql(cell: str) -> str:
    """SQL: the money cell ``cell`` without its number (:data:`kit.currency.NUMBER_PARTS`): its currency's mark."""
    from .currency import NUMBER_PARTS

    pattern = NUMBER_PARTS.replace("'", "''")
    return f"regexp_replace({cell}, '{pattern}', '', 'g')"


def stop_on_marked_currencies(con, table: str, relation: str, source: str, column: str,
                              named: pd.DataFrame) -> tuple[str, str] | None:
    """Stop when the kept lines of ``table`` write their amounts in several currencies (``named``: marks of
    ``column``'s cells -> currency, :func:`_marked_currencies`), naming each with its lines and its first cell and
    row. Lines set aside as bad amounts count too: 760.22美元 beside 4,612.95元 is an amount in dollars, not a typo;
    lines left out (cleaning.exclude) or that are no order lines (a header row again) do not. Returns (the currency,
    its first mark) when those lines' marks name one, else None."""
    from .text import t

    name = f"_marks_{next(_counter)}"
    con.register(name, named)
    cell = f"s.{quote(column)}"
    found = con.execute(f"""
        SELECT m.code, count(*) AS n, min(t._source_row) AS row, arg_min({cell}, t._source_row) AS cell,
               arg_min(m.mark, t._source_row) AS mark
        FROM {table} t JOIN {relation} s ON s.{quote(SOURCE_ROW)} = t._source_row
        JOIN {name} m ON {_mark_sql(cell)} = m.mark
        WHERE t.reason IS NULL OR t.reason = 'bad_amount' GROUP BY m.code ORDER BY n DESC, m.code
    """).fetchall()
    con.unregister(name)
    if len(found) < 2:  # the others were left out (cleaning.exclude) or set aside
        return (found[0][0], str(found[0][4])) if found else None
    told = {lang: ("、" if lang == "zh" else ", ").join(
        t("e_marked_currency", lang, code=code, n=f"{n:,}", row=f"{int(row):,}", cell=str(cell).strip())
        for code, n, row, cell, _ in found) for lang in ("zh", "en")}
    raise DataError(key="e_marked_currencies", file=source, column=repr(column), told=told)


def stop_on_marked_currencies_across(cleaned: Sequence[Cleaned], currency: str | None) -> None:
    """Stop when the case's files write their amounts with marks of different currencies, one each (a.csv all ¥,
    b.csv all US$: added up as one currency; review), or of one currency other than the case's ``currency``."""
    from .currency import case_currency_code

    named = {one.source: one.money_currency for one in cleaned if one.money_currency is not None}
    codes = list(dict.fromkeys(code for code, _, _ in named.values()))
    if len(codes) > 1:
        told = {lang: ("、" if lang == "zh" else ", ").join(
            f"{source}: {code} ({mark.strip()})" for source, (code, _, mark) in named.items()) for lang in ("zh", "en")}
        raise DataError(key="e_marked_currencies_files", told=told)
    if codes and currency and codes[0] != case_currency_code(currency):
        source, (code, column, mark) = next(iter(named.items()))
        raise DataError(key="e_marked_other_currency", file=source, column=repr(column), code=code,
                        mark=mark.strip(), currency=currency)


def stop_on_several_currencies(cleaned: Sequence[Cleaned], currency: str | None) -> None:
    """Stop when the kept lines of the case's files name several currencies in their currency column (币种), or
    one other than the case's ``currency`` (when given): amounts in yuan and dollars added up would grade nobody
    right."""
    from .currency import case_currency_code

    lines: dict[str, int] = {}
    cells: dict[str, list[str]] = {}
    where: dict[str, tuple[str, str]] = {}
    for one in cleaned:
        for (header, code), (n, written) in one.currencies.items():
            lines[code] = lines.get(code, 0) + n
            cells[code] = list(dict.fromkeys([*cells.get(code, []), *written]))
            where.setdefault(code, (one.source, header))
    if not lines:
        return
    named = sorted(lines, key=lambda code: (-lines[code], code))
    file, header = where[named[0]]
    if len(named) > 1:
        from .currency import local_twin, named_currency

        # the file's own column in the company's currency (价税合计(本位币) beside 价税合计, QA c92): the way out
        for one in cleaned:
            headers = getattr(one, "headers", None) or {}
            key = next((k for k in ("amount", "unit_price") if isinstance(headers.get(k), str)), None)
            twin = local_twin(headers[key], getattr(one, "raw_columns", ())) if key else None
            if twin:
                one_code = named_currency(twin)  # 金额(RMB) beside 金额: the currency its header names
                raise DataError(key="e_several_currencies_local", file=file, column=repr(header), twin=repr(twin),
                                twin_text=twin, field=key,
                                one={"zh": one_code or "本位币", "en": one_code or "the company's own currency"},
                                told=", ".join(f"{code} ({lines[code]:,})" for code in named))
        raise DataError(key="e_several_currencies", file=file, column=repr(header), header=header,
                        told=", ".join(f"{code} ({lines[code]:,})" for code in named),
                        others=", ".join(cell for code in named[1:] for cell in cells[code]))
    if currency and named[0] != case_currency_code(currency):
        raise DataError(key="e_other_currency", file=file, column=repr(header), code=named[0], currency=currency)


#: Reasons of rows that are no order lines at all (empty, a repeated header, a total, a heading), as SQL
NOT_LINES = ("blank_row", "header_row", "total_row", "subtotal_row", "document_total", "label_row")
_NOT_LINES = ", ".join(f"'{reason}'" for reason in NOT_LINES)


def _mark_identical(con, relation: str, table: str, raw_columns: list[str], drop: str, *,
                    within_order: bool = False) -> None:
    """Mark rows identical in every cell to an earlier row (``_identical``; reason ``duplicate`` where
    the SQL condition ``drop`` holds).

    Rows are compared by the hash of their cells, then cell by cell among the
    few whose hash repeats; the update keeps the table's row order. With ``within_order``
    (``cleaning.duplicates: auto`` and an order ID) a repeated line is dropped only when its order is
    written again (:func:`_repeated_orders_sql`); one repeated inside its order, beside lines written once,
    is a second such line and kept (``_identical``: a possible duplicate).
    """
    # repeated hashes found by sorting them in numpy: several times faster than a hash aggregation in
    # DuckDB on two cores (10M rows: 0.3 s against 1.3 s), and 8 bytes a row
    hashes = con.execute(f"SELECT _hash FROM {table}").fetchnumpy()["_hash"]
    hashes = np.sort(np.asarray(hashes, dtype=np.uint64))
    repeated = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
    del hashes
    if not len(repeated):
        return
    cells = ", ".join(quote(c) for c in raw_columns)
    row = quote(SOURCE_ROW)
    n = next(_counter)
    con.register(f"_repeated_{n}", pd.DataFrame({"h": repeated}))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _dup_{n} AS
        WITH candidates AS (
            SELECT s.* FROM {relation} s
            WHERE s.{row} IN (SELECT _source_row FROM {table} WHERE _hash IN (SELECT h FROM _repeated_{n})))
        SELECT {row} AS r FROM (
            SELECT {row}, row_number() OVER (PARTITION BY {cells} ORDER BY {row}) AS nth FROM candidates)
        WHERE nth > 1
    """)
    if within_order:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _again_{n} AS {_repeated_orders_sql(table, f'_dup_{n}')}")
        drop = f"({drop}) AND _source_row IN (SELECT r FROM _again_{n})"
    con.execute(f"""
        UPDATE {table} SET _identical = true,
               reason = CASE WHEN reason IN ({_NOT_LINES}, 'excluded')
                             THEN reason  -- a cancelled order exported twice is still a cancelled order
                             WHEN {drop} THEN 'duplicate' ELSE reason END
        WHERE _source_row IN (SELECT r FROM _dup_{n})
    """)
    con.execute(f"DROP TABLE _dup_{n}")
    if within_order:
        con.execute(f"DROP TABLE _again_{n}")
    con.unregister(f"_repeated_{n}")


#: A file whose order lines (each written once) fall in at most this many runs of one order each, per order, is
#: grouped by order (an invoice's lines together): there a line repeating one of an earlier run of its order is
#: that order exported again. An event log (sessions interleaved by time) is no such file.
GROUPED_RUNS_PER_ORDER = 1.1

#: Rows each identical to an earlier one, this many or more one below the other and of several orders (or none), or
#: of several lines of one in a file grouped by order (a paged export's pages overlapping inside an invoice; not in
#: an event log, whose session may log two units of each of three products P, Q, R, P, Q, R): a block of the export
#: written again (rows appended twice to a log), whatever their orders hold. One line's alone (A, A, A, A of a file
#: pasted twice and sorted, or keyed four times) is told by its counts.
REPEATED_BLOCK = 3


def _repeated_orders_sql(table: str, dup: str) -> str:
    """SQL of the rows ``r`` among ``dup``'s (rows identical to an earlier one) that write their order again: a
    double export, not a second such line of the order (an invoice without line numbers keying the same product
    twice, Online Retail II, Xero; an event log's two purchases of a product in the same second of a session).

    An order whose every line is written k times (k >= 2: the greatest common divisor of the times each of its
    distinct lines is written, excluded lines such as an event log's views counting too) is the order exported
    k times (a file pasted twice, sorted or not, a block exported twice): each line beyond its count / k is
    dropped. In a file grouped by order (:data:`GROUPED_RUNS_PER_ORDER`), a line repeating one of an earlier run of
    its order (the order written again further down, other orders between: a block exported twice cutting an
    order) is dropped too, and so is one of :data:`REPEATED_BLOCK` or more repeated rows of several orders (or of
    several lines of one, in a file grouped by order) one below the other in any file (rows appended again to an event log, pages of an export
    overlapping). A line repeated within its order, beside lines
    written once and rows not repeated, is kept."""
    lines = f"""SELECT _source_row, order_id, _hash FROM {table}
                WHERE order_id IS NOT NULL AND (reason IS NULL OR reason NOT IN ({_NOT_LINES}))"""
    return f"""
        WITH lines AS ({lines}),
        runs AS MATERIALIZED (  -- the lines of the orders with a repeated row, each numbered by its run of the order's lines: a
                   -- new run where lines of other orders come between (a line's rank among all lines against its
                   -- order's line before; ranks, not a lag of order IDs over every line: 10M lines, 5 CPU s less)
            SELECT *, sum(CASE WHEN rk - before = 1 THEN 0 ELSE 1 END) OVER o AS run FROM (
                SELECT *, lag(rk) OVER o AS before FROM (
                    SELECT *, row_number() OVER (ORDER BY _source_row) AS rk FROM lines)
                WHERE order_id IN (SELECT order_id FROM {table} WHERE _source_row IN (SELECT r FROM {dup}))
                WINDOW o AS (PARTITION BY order_id ORDER BY _source_row))
            WINDOW o AS (PARTITION BY order_id ORDER BY _source_row)),
        firsts AS (
            SELECT order_id, CASE WHEN order_id IS DISTINCT FROM lag(order_id) OVER (ORDER BY _source_row)
                                  THEN 1 ELSE 0 END AS brk
            FROM lines WHERE _source_row NOT IN (SELECT r FROM {dup})),
        grouped AS MATERIALIZED (
            SELECT coalesce(sum(brk) <= {GROUPED_RUNS_PER_ORDER} * count(DISTINCT order_id), false) AS g FROM firsts),
        flagged AS (
            SELECT _source_row, order_id, _hash, _source_row IN (SELECT r FROM {dup}) AS d FROM {table}
            WHERE reason IS NULL OR reason NOT IN ({_NOT_LINES})),
        blocks AS MATERIALIZED (  -- repeated rows one below the other, of several orders or lines: the export written again
            SELECT r, n >= {REPEATED_BLOCK} AND (lo IS DISTINCT FROM hi OR ids < n
                                                   OR h_lo <> h_hi AND (SELECT g FROM grouped)) AS block FROM (
                SELECT _source_row AS r, count(*) OVER w AS n, count(order_id) OVER w AS ids,
                       min(order_id) OVER w AS lo, max(order_id) OVER w AS hi,
                       min(_hash) OVER w AS h_lo, max(_hash) OVER w AS h_hi
                -- a run of repeated rows: those with as many other rows before them (a row's rank among all
                -- less its rank among the repeated ones; ranks rather than a running count: 10M rows, faster)
                FROM (SELECT *, rk - row_number() OVER (ORDER BY _source_row) AS grp
                      FROM (SELECT *, row_number() OVER (ORDER BY _source_row) AS rk FROM flagged) WHERE d)
                WINDOW w AS (PARTITION BY grp))),
        touched AS MATERIALIZED (
            SELECT *, _source_row IN (SELECT r FROM {dup}) AND (
                          (SELECT g FROM grouped) AND run > min(run) OVER (PARTITION BY order_id, _hash)
                          OR _source_row IN (SELECT r FROM blocks WHERE block)) AS again
            FROM runs),
        counted AS MATERIALIZED (  -- the times each line is written, but those written again further down
            SELECT *, count(*) OVER (PARTITION BY order_id, _hash) AS c,
                   row_number() OVER (PARTITION BY order_id, _hash ORDER BY _source_row) AS nth
            FROM touched WHERE NOT again),
        times AS (
            SELECT order_id, list_reduce(list(c), lambda a, b: gcd(a, b)) AS k
            FROM (SELECT DISTINCT order_id, _hash, c FROM counted) GROUP BY order_id)
        SELECT r FROM blocks WHERE block
        UNION
        SELECT _source_row FROM touched WHERE again
        UNION
        SELECT _source_row FROM counted JOIN times USING (order_id)
        WHERE k >= 2 AND nth > c // k AND _source_row IN (SELECT r FROM {dup})
    """


#: A file or sheet without order numbers whose lines are this share or more (and this many) of lines an earlier
#: file holds alike is taken for that data exported again: those lines are duplicates, not repeat purchases.
REEXPORT_MIN_SHARE, REEXPORT_MIN_LINES = 0.8, 10


def _mark_in_earlier_files(con, table: str, raw_columns: list[str], earlier: Sequence[Cleaned], drop: str,
                           line_hash: str = "_hash", *, within_order: bool = False) -> None:
    """Mark rows identical to a row of an earlier file with the same headers (``_identical``; reason
    ``duplicate`` where ``drop`` holds) as :func:`_mark_identical` does within a file: the hash of the raw cells
    (``line_hash``: but the customer's attributes, which a later export writes as they are then) and the typed key
    cells all equal. A row set aside there (a guest sale without a customer ID) and written
    again here is a duplicate too, not a second such row (two overlapping sheets counted it twice, one CSV once).
    With ``within_order``, a line kept as an order's second such line (:func:`_mark_identical`) is compared too: the
    invoice's two alike lines written again by an overlapping export are both that export's repeats."""
    same = [e for e in earlier if e.raw_columns == raw_columns]
    if not same:
        return
    orders = f"(reason IS NULL OR reason NOT IN ({_NOT_LINES}, 'excluded', 'struck', 'duplicate'))"
    rows = " UNION ALL ".join(f"SELECT {e.line_hash} AS h, customer_id, order_date, _cents FROM {e.table} WHERE {orders}"
                              for e in same)
    con.execute(f"""
        UPDATE {table} SET _identical = true, _earlier = true,
                           reason = CASE WHEN {drop} THEN 'duplicate' ELSE reason END
        WHERE (NOT _identical OR {'reason IS NULL AND order_id IS NOT NULL' if within_order else 'false'})
          AND {orders} AND EXISTS (
            SELECT 1 FROM ({rows}) e
            WHERE e.h = {table}.{line_hash} AND e.customer_id IS NOT DISTINCT FROM {table}.customer_id
              AND e.order_date IS NOT DISTINCT FROM {table}.order_date AND e._cents IS NOT DISTINCT FROM {table}._cents)
    """)
    if drop == "true":
        return
    # without order numbers a row repeated is a repeat purchase as likely as a double export, but a file or sheet
    # most of whose lines an earlier one holds is that data exported again (QA: a workbook of 2025Q1 .. 2026Q1
    # beside the one of 2025, its four 2025 sheets counted twice): its repeated lines are duplicates
    repeated, lines = con.execute(f"""
        SELECT count(*) FILTER (WHERE _earlier), count(*) FROM {table}
        WHERE reason IS NULL OR reason NOT IN ({_NOT_LINES}, 'excluded')""").fetchall()[0]
    if repeated >= REEXPORT_MIN_LINES and repeated >= REEXPORT_MIN_SHARE * lines:
        con.execute(f"UPDATE {table} SET reason = 'duplicate' WHERE _earlier AND reason IS NULL")


#: Of an earlier file's orders of a month a later file covers (its first and last day aside: an export may start
#: or end part way through a day), the share the later file must repeat for the others to count as deleted or
#: voided since (``cleaning.overlap: latest``): a re-export of that month, not a late entry's or another branch's file
#: dated within it.
REEXPORT_ORDER_SHARE = 0.8

#: Reasons of a file's lines that are its orders still, whatever the cleaning made of them (dropped as repeating
#: another file's, excluded by a rule ...): what the file holds, for ``cleaning.overlap: latest``.
_ORDER_LINE_REASONS = "'duplicate', 'excluded', 'struck', 'superseded', 'withdrawn', 'repeated_total', 'order_line', " \
                      "'return_set_aside', 'return_dropped'"


#: An order of ``cleaning.overlap: latest``: its order ID, customer and day (a return in February under January's
#: order ID, or sheets numbering their orders anew, are other orders: review), the customer's ID as
#: ``cleaning.id_variants`` groups IDs written two ways (``ckey`` of :func:`_customer_keys`, joined to the lines by
#: :func:`_keyed`): a re-export opened and saved in Excel writes 000118 as 118, and its orders are still the earlier
#: export's (QA: every order of the months both held counted twice, with ``id_variants: merge`` for one customer);
#: the order ID without its leading zeros, as the same re-save writes SAP's 0090000004 (review).
_ORDER_KEY = f"{order_number()} AS order_id, ckey AS customer_id, CAST(order_date AS DATE) AS day"


def _customer_keys(con, tables: Sequence[str], same: str | None = None) -> str:
    """A temp table of each customer ID of ``tables`` and its ``ckey`` (:func:`kit.clean.id_variant_key`), made
    once per distinct ID, not per line; returns its name. ``same``: the registered table of
    ``cleaning.same_customers`` (``written``, ``graded_as``), whose IDs are keyed as the customer they are graded as
    (review: an old code in one export and its new one in a later re-export of the order counted it twice)."""
    from .clean import id_variant_key

    name = f"_ckeys_{next(_counter)}"
    ids = " UNION ".join(f"SELECT DISTINCT customer_id FROM {table}" for table in tables)
    graded = "customer_id"
    join = ""
    if same:
        graded, join = "coalesce(s.graded_as, i.customer_id)", f" LEFT JOIN {same} s ON i.customer_id = s.written"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT i.customer_id, {id_variant_key(graded)} AS ckey "
                f"FROM ({ids}) i{join} WHERE i.customer_id IS NOT NULL")
    return name


def _keyed(table: str, keys: str) -> str:
    """SQL (a FROM item): the lines of ``table`` with their customer's ``ckey`` (:func:`_customer_keys`)."""
    return f"{table} LEFT JOIN {keys} USING (customer_id)"


def _orders_as_written(con, orders: str, keys: str) -> None:
    """Replace the temp table ``orders`` of orders by :data:`_ORDER_KEY` with one row per way their customer's
    ID is written among ``keys``, so that :func:`_same_order` finds their lines by the ID as written."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {orders} AS
                    SELECT DISTINCT k.order_id, c.customer_id, k.day FROM {orders} k
                    JOIN {keys} c ON c.ckey = k.customer_id""")


def _same_order(alias: str) -> str:
    """SQL: the line of table ``alias`` is of the order ``k`` (:data:`_ORDER_KEY`)."""
    return (f"{order_number(alias + '.order_id')} = k.order_id AND {alias}.customer_id = k.customer_id "
            f"AND CAST({alias}.order_date AS DATE) = k.day")


def supersede_earlier_orders(con, cleaned: Sequence[Cleaned], *, once: bool = False,
                             same: str | None = None) -> list[Cleaned]:
    """``cleaning.overlap: latest``: an order (order ID, customer and day) with lines kept (or excluded by
    ``cleaning.exclude``, or struck through as voided) in a later file and kept in an earlier one counts as the
    later file writes it. The earlier
    files' lines of such an order are set aside (reason ``superseded``), and the later file's lines that were
    dropped as repeating an earlier file's are kept again, so that the order is the later file's whole. A file is
    later when its orders reach a later month (orders_Q4_2024 is earlier than orders_Q1_2025, 2月 than 10月, whatever
    their names' order; a line whose date did not read counts for none); reaching the same month, the one
    ``data.path`` lists later (a pattern: by name), so that a re-export whose last order was deleted is still the
    later one.

    An order of an earlier file dated within a later file's days that the later file no longer has is deleted,
    voided or booked otherwise since (reason ``withdrawn``; QA: a cumulative re-export without a deleted order still
    counted it, and an order booked to another customer or day counted twice), when the later file repeats at least
    :data:`REEXPORT_ORDER_SHARE` of the earlier files' orders of that month (of that day, on its first and last
    day, which an export may cover in part: :func:`_withdraw_deleted_orders`).

    The files' ledgers are made again; files without an order ID are left as they are. With ``once``
    (``cleaning.order_totals: once``), lines kept again repeating their order's total are dropped as the file's
    others were. ``same``: the registered table of ``cleaning.same_customers``, by which an order's customer is
    compared as the one it is graded as."""
    from dataclasses import replace

    from .clean import build_ledger_sql, check_ledger

    # the month its order lines reach (a re-export all of whose lines repeat an earlier file's, or are excluded, is
    # still the later file; a date that did not read, 2205-03-01 set aside, reaches none: review)
    with_ids = [c.table for c in cleaned if "order_id" in c.canonical]
    if not with_ids:
        return list(cleaned)
    keys = _customer_keys(con, with_ids, same)
    last_month = {i: con.execute(f"SELECT CAST(date_trunc('month', max(order_date)) AS DATE) FROM {c.table} "
                                 f"WHERE reason IS NULL OR reason IN ('duplicate', 'excluded', 'struck')"
                                 ).fetchall()[0][0]
                  for i, c in enumerate(cleaned) if "order_id" in c.canonical}
    in_time = sorted(last_month, key=lambda i: (last_month[i] is not None, last_month[i] or 0, i))
    changed: set[int] = set()
    for place in range(len(in_time) - 1, 0, -1):
        later, before = cleaned[in_time[place]].table, in_time[:place]
        changed |= _withdraw_deleted_orders(con, later, {j: cleaned[j].table for j in before}, keys)
        kept_before = " UNION ALL ".join(f"SELECT {_ORDER_KEY} FROM {_keyed(cleaned[j].table, keys)} "
                                         f"WHERE reason IS NULL" for j in before)
        n = next(_counter)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _superseded_{n} AS
            SELECT DISTINCT {_ORDER_KEY} FROM {_keyed(later, keys)}
            WHERE (reason IS NULL OR reason IN ('excluded', 'struck')) AND order_id IS NOT NULL
            INTERSECT SELECT * FROM ({kept_before})""")
        if not con.execute(f"SELECT count(*) FROM _superseded_{n}").fetchall()[0][0]:
            con.execute(f"DROP TABLE _superseded_{n}")
            continue
        _orders_as_written(con, f"_superseded_{n}", keys)
        for j in before:
            table = cleaned[j].table
            hit = con.execute(f"""
                UPDATE {table} SET reason = 'superseded'
                WHERE reason IS NULL
                  AND EXISTS (SELECT 1 FROM _superseded_{n} k WHERE {_same_order(table)})""").fetchall()
            if hit and hit[0][0]:
                changed.add(j)
        # a line without an amount of an order priced on another line (Shopify) is no line of its own: dropped
        # as the file's others are (QA: two such rows kept with an empty amount)
        con.execute(f"""
            UPDATE {later} SET reason = CASE WHEN _cents IS NULL THEN 'order_line' END, _identical = false,
                               _earlier = false
            WHERE _earlier AND reason = 'duplicate'
              AND EXISTS (SELECT 1 FROM _superseded_{n} k WHERE {_same_order(later)})""")
        if once:  # lines kept again that repeat their order's total count once, as the file's others do (review)
            drop_repeated_totals(con, later)
        changed.add(in_time[place])
        con.execute(f"DROP TABLE _superseded_{n}")
    con.execute(f"DROP TABLE {keys}")
    out = list(cleaned)
    for i in sorted(changed):
        c = cleaned[i]
        ledger = build_ledger_sql(con, c.table, c.source, merged=c.merged)
        check_ledger(ledger, c.source)
        out[i] = replace(c, ledger=ledger)
    return out


def _withdraw_deleted_orders(con, later: str, before: dict[int, str], keys: str) -> set[int]:
    """Set aside (reason ``withdrawn``) the kept lines of the ``before`` tables' orders (order ID, customer, day)
    dated within the ``later`` table's days that it no longer has: on its inner days, in the months of which it
    repeats at least :data:`REEXPORT_ORDER_SHARE` of those tables' orders there; on its first and last day (an
    export may start or end part way through one), when it repeats that share of that day's. Returns the indexes of
    the tables changed. The earlier tables' lines dropped as repeating the later one's count among their orders,
    so that the order ``data.path`` lists the files in changes nothing (review)."""
    lines = f"order_id IS NOT NULL AND (reason IS NULL OR reason IN ({_ORDER_LINE_REASONS}))"
    first, last = con.execute(f"SELECT min(CAST(order_date AS DATE)), max(CAST(order_date AS DATE)) FROM {later} "
                              f"WHERE {lines} AND order_date IS NOT NULL").fetchall()[0]
    if first is None:
        return set()
    earlier = " UNION ".join(f"SELECT DISTINCT {_ORDER_KEY} FROM {_keyed(table, keys)} WHERE order_id IS NOT NULL "
                             f"AND (reason IS NULL OR reason = 'duplicate') "
                             f"AND CAST(order_date AS DATE) BETWEEN $first AND $last" for table in before.values())
    share = REEXPORT_ORDER_SHARE
    n = next(_counter)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _gone_{n} AS
        WITH e AS ({earlier}),
             l AS (SELECT DISTINCT {_ORDER_KEY} FROM {_keyed(later, keys)} WHERE {lines}),
             marked AS (SELECT e.*, l.order_id IS NOT NULL AS repeated, e.day IN ($first, $last) AS edge,
                               date_trunc('month', e.day) AS month FROM e
                        LEFT JOIN l USING (order_id, customer_id, day)),
             months AS (SELECT month FROM marked WHERE NOT edge GROUP BY 1
                        HAVING count(*) FILTER (WHERE repeated) >= {share} * count(*)),
             days AS (SELECT day FROM marked WHERE edge GROUP BY 1
                      HAVING count(*) FILTER (WHERE repeated) >= {share} * count(*))
        SELECT order_id, customer_id, day FROM marked
        WHERE NOT repeated AND CASE WHEN edge THEN day IN (SELECT day FROM days)
                                    ELSE month IN (SELECT month FROM months) END""",
                {"first": first, "last": last})
    changed = set()
    if con.execute(f"SELECT count(*) FROM _gone_{n}").fetchall()[0][0]:
        _orders_as_written(con, f"_gone_{n}", keys)
        for j, table in before.items():
            hit = con.execute(f"""
                UPDATE {table} SET reason = 'withdrawn'
                WHERE reason IS NULL AND EXISTS (SELECT 1 FROM _gone_{n} k WHERE {_same_order(table)})""").fetchall()
            if hit and hit[0][0]:
                changed.add(j)
    con.execute(f"DROP TABLE _gone_{n}")
    return changed


def _fill_from_order(con, relation: str, table: str, headers: dict, kinds: dict, reason: str) -> None:
    """Give a row whose customer or date cell is empty the one its order's other rows have (``_from_order``).

    Order exports such as Shopify's write the customer and the date on an
    order's first row only; its other rows (each a line item with its price)
    belong to the same customer on the same day. An order whose rows name
    several customers (or dates) gives none. ``reason`` is the SQL of a row's
    reason, recomputed for the rows filled.
    """
    candidates = (f"SELECT order_id FROM {table} WHERE reason IN ('missing_customer_id', 'bad_date', 'unpaid') "
                  f"AND order_id IS NOT NULL")
    if not con.execute(f"SELECT count(*) FROM ({candidates})").fetchall()[0][0]:
        return
    k = next(_counter)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _order_{k} AS
        SELECT order_id, CASE WHEN count(DISTINCT customer_id) = 1 THEN min(customer_id) END AS cid,
               CASE WHEN count(DISTINCT order_date) = 1 THEN min(order_date) END AS day
        FROM {table}
        WHERE order_id IN ({candidates})
          AND (reason IS NULL OR reason NOT IN ({_NOT_LINES}))
        GROUP BY order_id
    """)
    id_blank = _blank_cell(headers["customer_id"], kinds[headers["customer_id"]])
    date_blank = _blank_cell(headers["order_date"], kinds[headers["order_date"]])
    row = quote(SOURCE_ROW)
    con.execute(f"""
        UPDATE {table} SET
            customer_id = CASE WHEN f.fill_id THEN f.cid ELSE {table}.customer_id END,
            order_date = CASE WHEN f.fill_day THEN f.day ELSE {table}.order_date END,
            _no_id = CASE WHEN f.fill_id THEN NULL ELSE {table}._no_id END,
            _from_order = true
        FROM (
            SELECT t._source_row, o.cid, o.day,
                   t.customer_id IS NULL AND o.cid IS NOT NULL AND {id_blank} AS fill_id,
                   t.order_date IS NULL AND o.day IS NOT NULL AND {date_blank} AS fill_day
            FROM {table} t JOIN _order_{k} o USING (order_id) JOIN {relation} s ON s.{row} = t._source_row
            WHERE t.reason IN ('missing_customer_id', 'bad_date', 'unpaid')
        ) f
        WHERE {table}._source_row = f._source_row AND (f.fill_id OR f.fill_day)
    """)
    con.execute(f"UPDATE {table} SET reason = ({reason}) WHERE _from_order")
    con.execute(f"DROP TABLE _order_{k}")


def named_ids_sql(relation: str, id_header: str, name_header: str) -> str:
    """SQL: the distinct (name, code) cells of a file's lines that write both, as text and as written: for
    ``cleaning.blank_ids: name``, the IDs the names have in every file of the case, not only those cleaned before
    (review: a name written without its code in March and with it in April was graded as two customers). They are
    read as cleaning reads them by :func:`named_ids`."""
    name, code = f"CAST(s.{quote(name_header)} AS VARCHAR)", f"CAST(s.{quote(id_header)} AS VARCHAR)"
    return (f"SELECT DISTINCT {name} AS customer_name, {code} AS customer_id FROM {relation} s "
            f"WHERE {name} IS NOT NULL AND {code} IS NOT NULL")


def named_ids(pairs: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` (customer_name, customer_id as written: :func:`named_ids_sql`) as cleaning reads them: the ID as
    :func:`kit.clean.clean_customer_id` gives it (="00123" and '00123 are 00123, 1,023 is 1023, 13085.0 is 13085;
    a cell standing for none, a total label or a code in scientific notation is none), the name trimmed as
    :func:`_name_expr` does; the pairs whose name or ID is none are left out (review: raw codes gave a name a second
    ID, ="00123", and the customer was graded twice)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .clean import clean_customer_id
    from .textops import to_series

    ids = clean_customer_id(pairs["customer_id"])
    ids = ids.mask(_is_total_label(pairs["customer_id"]) | _is_scientific(ids).fillna(False))
    names = to_series(pc.utf8_trim_whitespace(pa.array(pairs["customer_name"].astype("string[pyarrow]"))),
                      pairs.index)
    out = pd.DataFrame({"customer_name": names.astype(object), "customer_id": ids.astype(object)})
    return out.dropna().drop_duplicates().reset_index(drop=True)


def _id_from_name(con, table: str, earlier: Sequence[Cleaned], reason: str, *, later: str | None = None) -> None:
    """``cleaning.blank_ids: name``: a line without a customer ID but with the customer's name (临时客户 entered by
    name only) takes the ID that name has on the kept lines of this file or an earlier one when it has one ID, or
    else the name itself (``_named``); a name written with several IDs gives none, and the line stays set aside.
    ``reason`` is the SQL of a row's reason, recomputed for the rows given an ID."""
    named = written_name("customer_name")
    waiting = f"SELECT customer_name FROM {table} WHERE reason = 'missing_customer_id' AND _no_id = 'none' AND {named}"
    if not con.execute(f"SELECT count(*) FROM ({waiting})").fetchall()[0][0]:
        return
    written = [f"SELECT customer_name, customer_id FROM {c.table} WHERE reason IS NULL AND {named}"
               for c in earlier if "customer_name" in c.canonical]
    written.append(f"SELECT customer_name, customer_id FROM {table} WHERE customer_id IS NOT NULL "
                   f"AND {named} AND (reason IS NULL OR reason NOT IN ({_NOT_LINES}))")
    if later:  # every file of the case, those cleaned after this one too (:func:`kit.clean._named_ids`)
        written.append(f"SELECT customer_name, customer_id FROM {later}")
    k = next(_counter)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _names_{k} AS
        SELECT w.customer_name, count(DISTINCT n.customer_id) AS ids, min(n.customer_id) AS cid
        FROM (SELECT DISTINCT customer_name FROM ({waiting})) w
        LEFT JOIN ({' UNION ALL '.join(written)}) n USING (customer_name)
        GROUP BY w.customer_name
    """)
    con.execute(f"""
        UPDATE {table} SET customer_id = CASE WHEN n.ids = 1 THEN n.cid ELSE {table}.customer_name END,
                           _no_id = NULL, _named = true
        FROM _names_{k} n
        WHERE {table}.customer_name = n.customer_name AND n.ids <= 1
          AND {table}.reason = 'missing_customer_id' AND {table}._no_id = 'none'
    """)
    con.execute(f"UPDATE {table} SET reason = ({reason}) WHERE _named")
    con.execute(f"DROP TABLE _names_{k}")


def _mark_excluded_orders(con, relation: str, table: str, raw_columns: list[str], kinds: dict,
                          exclude: dict[str, list[str]]) -> None:
    """Exclude with their order the rows whose status cells are blank (reason ``excluded``).

    Order exports such as Shopify's write an order's status (and its customer)
    on its first row only: the other rows of a voided order would otherwise be
    kept, or set aside as having no customer. A row with a status of its own
    (a line export, each line with its state) keeps it; and only an order whose
    first row is excluded: a line of a line export refunded (聚水潭's 退款状态
    退款成功 on one item, blank on the others) leaves its order's other lines
    sales (QA cn: the whole order left out). Nor when most orders of several rows have no status on their first
    row and their other rows have one about as often: each line's own (退款状态, blank on a line not refunded), a
    refund on the first line of one of them leaves its other lines sales too (review: the order left out whole);
    a flag written on a voided document's first line only (作废标志 Y, blank on the others) still takes its lines.
    """
    status = [c for c in _value_columns(raw_columns, exclude) if c is not None]
    if not status:
        return
    blank = " AND ".join(_blank_cell(c, kinds[c]) for c in status)
    first_rate, other_rate = con.execute(f"""
        WITH o AS (SELECT order_id, min(_source_row) AS first FROM {table} WHERE order_id IS NOT NULL
                   GROUP BY order_id HAVING count(*) > 1)
        SELECT avg(CASE WHEN {blank} THEN 0 ELSE 1 END) FILTER (WHERE t._source_row = o.first),
               avg(CASE WHEN {blank} THEN 0 ELSE 1 END) FILTER (WHERE t._source_row <> o.first)
        FROM {table} t JOIN o USING (order_id) JOIN {relation} s ON s.{quote(SOURCE_ROW)} = t._source_row
    """).fetchone()
    if first_rate is not None and first_rate <= 0.5 and (other_rate or 0) >= first_rate / 2:
        return  # a status of each line's own, as often on an order's first row as on its others
    con.execute(f"""
        UPDATE {table} SET reason = 'excluded'
        WHERE (reason IS NULL OR reason IN ('missing_customer_id', 'bad_amount', 'bad_discount_rate', 'bad_date',
                                             'unpaid'))
          AND order_id IS NOT NULL
          AND order_id IN (SELECT order_id FROM {table} WHERE order_id IS NOT NULL
                           GROUP BY order_id HAVING arg_min(coalesce(reason = 'excluded', false), _source_row))
          AND _source_row IN (SELECT s.{quote(SOURCE_ROW)} FROM {relation} s WHERE {blank})
    """)


def _mark_cancelled_orders(con, tables: Sequence[str]) -> set[int]:
    """Set aside (reason ``cancelled``) an order wholly cancelled and the document cancelling it: the lines kept whose
    order ID is X, holding a purchase, and the lines kept of one document whose ``cancels`` (``data.columns.cancels``:
    SAP's Reference Document on its cancellation S1) names X, when the document's lines naming X take off exactly
    what X's own lines add up to, all one customer's. A partial credit naming X (a credit memo G2 of 20%) takes off
    less: both stay, netted as any return; beside a whole cancellation, the credit stays netted (it takes its share
    off once). ``tables``: one file's, or every file's of the case (:func:`cancel_across_files`: an invoice and its
    cancellation in two files, a file per month); returns the places in ``tables`` of those changed.

    A document's lines naming X count together, whatever their sign, when they take off more than they add (a
    return giving back X's discount line, +50 beside -1,000: review, the +50 left an order of the return); failing
    that, its negative lines naming X alone (an exchange, 换货, naming X on every line: X's goods back, -1,000, beside
    the goods given instead, +900, which stay its purchase). A line of X's own whose ``cancels`` names no order of
    the file (its delivery, CK..., on an invoice's discount line) is one of X's lines; a line naming its own order
    is a return of it only when negative.

    Revenue is the same either way (the two net to zero); the order, its purchase day and its lines no longer
    count (QA: a cancelled SAP invoice counted as an order beside its S1)."""
    k = next(_counter)
    lines, pairs = f"_cancel_lines_{k}", f"_cancelled_{k}"
    # each kept line of an order: whether it names another order of the file (or, negative, its own), and whether it
    # is one of a document's lines naming that order that take off more than they add: a credit of that order, not
    # a line of its own document's
    kept = " UNION ALL ".join(f"SELECT {i} AS t, rowid AS r, order_id, cancels, customer_id, _cents FROM {table} "
                              f"WHERE reason IS NULL AND order_id IS NOT NULL" for i, table in enumerate(tables))
    # the orders a line may name: those kept, and those cancelled already (each file's own, before the files
    # together): a line naming one is no line of its own document's either way
    named = " UNION ALL ".join(f"SELECT order_id FROM {table} WHERE (reason IS NULL OR reason = 'cancelled') "
                               f"AND order_id IS NOT NULL" for table in tables)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {lines} AS
        WITH kept AS ({kept}),
             tagged AS (
            SELECT *, coalesce(cancels IS NOT NULL AND (cancels <> order_id OR _cents < 0)
                               AND cancels IN ({named}), false) AS naming
            FROM kept)
        SELECT *, naming AND sum(_cents) OVER (PARTITION BY naming, cancels, order_id) < 0 AS credit FROM tagged
    """)
    # the pairs: X's own lines against a document's credit of X (every line naming it), else against the document's
    # negative lines naming X alone (how = 'negative'), when X is no document of a pair, nor the document an order
    # whose own lines (those negative lines among them, outside a credit) are cancelled in turn
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {pairs} AS
        WITH own AS (SELECT order_id AS x, min(customer_id) AS customer, count(DISTINCT customer_id) AS customers,
                            sum(_cents) AS cents, bool_or(_cents > 0) AS bought
                     FROM {lines} WHERE NOT credit GROUP BY order_id),
             back AS (SELECT cancels AS x, order_id AS doc, min(customer_id) AS customer,
                             count(DISTINCT customer_id) AS customers, sum(_cents) AS cents, 'all' AS how, true AS credit
                      FROM {lines} WHERE credit GROUP BY cancels, order_id
                      UNION ALL
                      SELECT cancels, order_id, min(customer_id), count(DISTINCT customer_id), sum(_cents),
                             'negative', bool_or(credit)
                      FROM {lines} WHERE naming AND _cents < 0 GROUP BY cancels, order_id),
             matched AS (SELECT own.x, back.doc, back.how, back.credit FROM own JOIN back USING (x)
                         WHERE own.bought AND own.customers = 1 AND back.customers = 1 AND own.customer = back.customer
                           AND own.cents + back.cents = 0),
             whole AS (SELECT x, doc, 'all' AS how FROM matched WHERE how = 'all'
                       QUALIFY row_number() OVER (PARTITION BY x ORDER BY doc) = 1),
             part AS (SELECT x, doc, 'negative' AS how, credit FROM matched
                      WHERE how = 'negative' AND x NOT IN (SELECT x FROM whole) AND doc NOT IN (SELECT x FROM whole)
                      QUALIFY row_number() OVER (PARTITION BY x ORDER BY doc) = 1)
        SELECT x, doc, how FROM whole
        UNION ALL SELECT x, doc, how FROM part WHERE credit OR doc NOT IN (SELECT x FROM part)
    """)
    hit = f"_cancelled_lines_{k}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {hit} AS
        SELECT DISTINCT l.t, l.r FROM {lines} l JOIN {pairs} p
               ON CASE WHEN p.how = 'all' AND l.credit THEN l.cancels = p.x AND l.order_id = p.doc
                       WHEN p.how = 'negative' AND l.naming AND l._cents < 0 THEN l.cancels = p.x AND l.order_id = p.doc
                       ELSE false END
                  OR (NOT l.credit AND l.order_id = p.x)
    """)
    changed = {int(t) for (t,) in con.execute(f"SELECT DISTINCT t FROM {hit}").fetchall()}
    for i in sorted(changed):
        con.execute(f"UPDATE {tables[i]} SET reason = 'cancelled' WHERE rowid IN (SELECT r FROM {hit} WHERE t = {i})")
    for name in (hit, pairs, lines):
        con.execute(f"DROP TABLE {name}")
    return changed


def cancel_across_files(con, cleaned: Sequence[Cleaned]) -> list[Cleaned]:
    """``data.columns.cancels`` over the files of a case together: an order of one file wholly cancelled by a document
    of another (a file per month: an invoice of 28 March, its S1 of 2 April; review, the invoice counted as an order
    across the files, not within one) is set aside with it (:func:`_mark_cancelled_orders`, each file's own pairs
    set aside already); the files changed get their ledgers made again."""
    from dataclasses import replace

    from .clean import build_ledger_sql, check_ledger

    places = [i for i, c in enumerate(cleaned) if "cancels" in c.canonical and "order_id" in c.canonical]
    if len(places) < 2:
        return list(cleaned)
    changed = _mark_cancelled_orders(con, [cleaned[i].table for i in places])
    out = list(cleaned)
    for i in (places[j] for j in sorted(changed)):
        c = cleaned[i]
        ledger = build_ledger_sql(con, c.table, c.source, merged=c.merged)
        check_ledger(ledger, c.source)
        out[i] = replace(c, ledger=ledger)
    return out


def _mark_returned_orders(con, relation: str, table: str, raw_columns: list[str], kinds: dict,
                          marked: dict[str, list[str]], returns: str) -> None:
    """Count as returns the rows whose ``cleaning.returns_marked`` cells are blank in an order one of whose rows
    that marking names a return.

    An ERP's document header (红蓝字 红字, 单据类型 销售退货) written on its first line only, the customer, number
    and date filled down (``data.fill_down``): the document's other lines are the return's too (review: counted
    as sales, a customer's revenue 2.5 times). Only an order whose first row is marked: a return line below an
    order's sales of no type (a refund written into its order) leaves them sales. A row with a type of its own (a
    line export) keeps it.
    """
    columns = [c for c in _value_columns(raw_columns, marked) if c is not None]
    if not columns:
        return
    blank = " AND ".join(_blank_cell(c, kinds[c]) for c in columns)
    con.execute(f"""
        UPDATE {table} SET _cents = -abs(_cents),
            reason = CASE WHEN reason IS NULL AND {str(returns == 'set_aside').lower()} THEN 'return_set_aside'
                          WHEN reason IS NULL AND {str(returns == 'drop').lower()} THEN 'return_dropped'
                          ELSE reason END
        WHERE NOT _marked AND _cents > 0
          AND order_id IS NOT NULL
          AND order_id IN (SELECT order_id FROM {table} WHERE order_id IS NOT NULL
                           GROUP BY order_id HAVING arg_min(_marked, _source_row))
          AND _source_row IN (SELECT s.{quote(SOURCE_ROW)} FROM {relation} s WHERE {blank})
    """)


def _mark_order_lines(con, relation: str, table: str, empty: str) -> None:
    """Drop rows with an empty amount whose order has its amount on another row (reason ``order_line``).

    Order exports such as Shopify's give an order's total once, on one of its
    line rows, and leave it empty on the others: those rows hold no money of
    their own, so they are not set aside as missing an amount. Only an order
    with exactly one usable row counts as such; a line export whose order has
    several priced lines and one empty amount sets that line aside. And only a
    file written that way: when its orders of several rows more often price
    every row than one (a line export), an empty amount is a missing one, set
    aside whatever its order holds (QA: 1,610 such lines of a 10M-line export
    were dropped, and the report said they cost nothing). ``empty`` is SQL for a row whose money cells are all
    empty (the amount's; a debit's and a credit's).
    """
    unusable = "reason IN ('bad_amount', 'bad_discount_rate', 'bad_date', 'unpaid', 'missing_customer_id', 'label_row')"
    if not con.execute(f"SELECT count(*) FROM {table} WHERE {unusable} AND order_id IS NOT NULL").fetchall()[0][0]:
        return
    once, each = con.execute(f"""
        SELECT count(*) FILTER (WHERE priced = 1), count(*) FILTER (WHERE priced = n) FROM (
            SELECT count(*) AS n, count(_cents) AS priced FROM {table}
            WHERE order_id IS NOT NULL AND (reason IS NULL OR {unusable} OR reason = 'duplicate')
            GROUP BY order_id HAVING count(*) > 1)""").fetchall()[0]
    if once <= each:  # a line export: each line has its own amount
        return
    # the order's one row with an amount: kept, or set aside itself (a guest order without a customer), it
    # speaks for the order; its empty rows are not more orders without a customer
    con.execute(f"""
        UPDATE {table} SET reason = 'order_line'
        WHERE {unusable} AND order_id IS NOT NULL
          AND _source_row IN (SELECT s.{quote(SOURCE_ROW)} FROM {relation} s WHERE {empty})
          AND order_id IN (
              SELECT t.order_id FROM {table} t JOIN {relation} s ON s.{quote(SOURCE_ROW)} = t._source_row
              WHERE t.order_id IN (SELECT order_id FROM {table} WHERE {unusable} AND order_id IS NOT NULL)
                AND NOT {empty} AND (t.reason IS NULL OR t.reason IN ('bad_date', 'unpaid', 'missing_customer_id',
                                                                       'duplicate'))
              GROUP BY t.order_id HAVING count(*) = 1)
    """)


def _mark_order_total_lines(con, table: str, *, quantity: bool = False) -> int:
    """Set aside as a document total (``document_total``) a usable line without an item of its own (its product cell empty)
    whose amount is, to the cent and not 0, the sum of its order's other lines (:data:`ORDER_OF_LINE`): the
    document's total a master-detail export (U8's 主子表) writes above or below its lines, unlabelled, which counted
    every such order twice (QA: revenue 1.9 times). The other lines must be two or more, of which one with an item;
    once most of a file's orders that could show such a total do, one item line is enough (its single-item
    documents carry a total too: review).
    Another line without an item (freight) is one of the lines the total sums. With ``quantity`` (mapped), the line's
    quantity must be empty or the sum of the others' (a freight line of quantity 1 equal to its goods is an order
    line: review). Returns the lines set aside."""
    bare = "(product IS NULL OR trim(CAST(product AS VARCHAR)) = '')"
    usable = "reason IS NULL AND order_id IS NOT NULL"
    if not con.execute(f"SELECT count(*) FROM {table} WHERE {usable} AND {bare}").fetchall()[0][0]:
        return 0  # every line names its item (the usual export): nothing to look for
    # the cell's figures (5件, 1,500: units and thousands commas are no part of it; review)
    units = (r"TRY_CAST(regexp_replace(trim(CAST(quantity AS VARCHAR)), '[^0-9.\-]', '', 'g') AS DOUBLE)"
             if quantity else "NULL")
    blank_units = "(quantity IS NULL OR trim(CAST(quantity AS VARCHAR)) = '')" if quantity else "true"
    k = next(_counter)
    # only the orders holding such a line are summed (10M lines, 1% without an item: 1.3-1.8 s rather than 3)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _orders_{k} AS
        SELECT order_id AS o_id, customer_id AS o_customer, CAST(order_date AS DATE) AS o_day,
               sum(_cents) AS cents, count(*) AS n, count(*) FILTER (WHERE NOT {bare}) AS n_items,
               sum({units}) AS units
        FROM {table} SEMI JOIN (SELECT DISTINCT order_id AS k_id, customer_id AS k_customer FROM {table}
                                WHERE {usable} AND {bare}) AS k
             ON order_id = k.k_id AND customer_id = k.k_customer
        WHERE {usable} GROUP BY order_id, customer_id, CAST(order_date AS DATE)""")

    def mark(least_others: int) -> int:
        return con.execute(f"""
            UPDATE {table} SET reason = 'document_total' FROM _orders_{k} AS o
            WHERE {table}.reason IS NULL AND {table}.order_id = o.o_id AND {table}.customer_id = o.o_customer
              AND CAST({table}.order_date AS DATE) = o.o_day AND o.n - 1 >= {least_others} AND o.n_items >= 1
              AND {table}._cents <> 0 AND 2 * {table}._cents = o.cents
              AND ({blank_units.replace('quantity', f'{table}.quantity')}
                   OR 2 * {units.replace('quantity', f'{table}.quantity')} = o.units)
              AND ({table}.product IS NULL OR trim(CAST({table}.product AS VARCHAR)) = '')""").fetchall()[0][0]

    found = mark(2)
    # a master-detail export writes a total on every document: when most orders that could show one (two lines or
    # more beside a line without an item) do, its documents of one item carry a total too; a chance sum or two in a
    # line export whose lines sometimes lack an item is no such file (review: 2 of 50 such orders, and every order of
    # an item and an item-less line of one amount lost that line)
    could = con.execute(f"SELECT count(*) FROM _orders_{k} WHERE n >= 3 AND n_items >= 1").fetchall()[0][0]
    if found and 2 * found >= could:
        found += mark(1)
    con.execute(f"DROP TABLE _orders_{k}")
    return found


#: An order as its lines tell it: its number, its customer and its day (instalments of one contract number on other
#: days, or another customer's order of the same number, are other orders; review).
ORDER_OF_LINE = "order_id, customer_id, CAST(order_date AS DATE)"


def _numbers_lost(con, table: str) -> bool:
    """Whether half or more of the usable lines of ``table`` have no order number although the case maps one (Excel
    saved them in scientific notation, 6.92012E+18, and they are read as none): each such line is then its
    customer's order of its day, as the run counts orders, for the order totals too (QA cn2: 抖店's 订单应付金额 on
    each line of orders whose numbers Excel had lost was summed line by line, revenue twice the truth, unsaid)."""
    none, lines = con.execute(f"SELECT count(*) FILTER (WHERE order_id IS NULL), count(*) FROM {table} "
                              f"WHERE reason IS NULL").fetchall()[0]
    return bool(lines) and 2 * none >= lines


def drop_repeated_totals(con, table: str) -> None:
    """``cleaning.order_totals: once``: of an order's usable lines (:data:`ORDER_OF_LINE`) carrying one amount, the
    first counts and the rest are dropped (reason ``repeated_total``); a line of another amount stays. When the
    order numbers are lost (:func:`_numbers_lost`), an order is the customer's day."""
    numbered = "" if _numbers_lost(con, table) else " AND order_id IS NOT NULL"
    con.execute(f"""
        UPDATE {table} SET reason = 'repeated_total' FROM (
            SELECT _source_row AS r,
                   row_number() OVER (PARTITION BY {ORDER_OF_LINE}, _cents ORDER BY _source_row) AS k
            FROM {table} WHERE reason IS NULL{numbered}) AS x
        WHERE {table}._source_row = x.r AND x.k > 1""")


#: Orders of several lines that must carry one amount on every line, and the share of such orders among those of
#: several (differing) lines, for the amount to be taken for the order's total written on each line.
REPEATED_TOTALS_MIN_ORDERS, REPEATED_TOTALS_MIN_SHARE = 10, 0.8


def stop_on_repeated_totals(con, table: str, source: str, amount: str, *,
                            items: Sequence[str] = ()) -> tuple[int, int, tuple | None]:
    """``cleaning.order_totals: check``: stop when the amount column holds each order's total on every one of its
    lines (抖店's 订单应付金额 beside 商品数量; a payment joined onto the items), which summed per line counts an
    order of three items three times (QA: revenue 2.3 times too high, without a word): when most orders
    (:data:`ORDER_OF_LINE`) of several differing lines carry one amount on each. The message offers ``once``
    (:func:`drop_repeated_totals`) and ``lines``.

    ``items`` are the columns telling the lines apart (product, quantity): with them, only an order whose lines
    differ in one of them tells, for the lines of one product bought twice (Olist's items, a row per unit) rightly
    carry one price each."""
    # order numbers lost (scientific notation): an order is the customer's day, as the run counts it, and the
    # sixteenth of a large file's orders is taken by it (hash(NULL) is one value: no unnumbered line was looked at)
    lost = _numbers_lost(con, table)
    usable = "reason IS NULL" if lost else "reason IS NULL AND order_id IS NOT NULL"
    sampled = f"hash({ORDER_OF_LINE})" if lost else "hash(order_id)"
    differ = " OR ".join(f"min(CAST({c} AS VARCHAR)) <> max(CAST({c} AS VARCHAR))" for c in items) or \
        "min(_hash) <> max(_hash)"
    differ = f"({differ})"

    def counts(sample: str = ""):  # min = max: no COUNT DISTINCT (10M lines: 0.7 s against 4.3 s)
        return con.execute(f"""
            SELECT count(*), count(*) FILTER (WHERE one), arg_min(order_id, first_row) FILTER (WHERE one),
                   arg_min(n, first_row) FILTER (WHERE one), arg_min(cents, first_row) FILTER (WHERE one)
            FROM (SELECT coalesce(CAST(order_id AS VARCHAR), CAST(customer_id AS VARCHAR) || ' '
                                  || CAST(CAST(order_date AS DATE) AS VARCHAR)) AS order_id,
                         count(*) AS n, min(_cents) = max(_cents) AS one, max(_cents) AS cents,
                         min(_source_row) AS first_row
                  FROM {table} WHERE {usable}{sample} GROUP BY {ORDER_OF_LINE}
                  HAVING count(*) > 1 AND {differ} AND max(_cents) <> 0)""").fetchall()[0]

    def repeated(multi: int, same: int) -> bool:
        return same >= REPEATED_TOTALS_MIN_ORDERS and same >= REPEATED_TOTALS_MIN_SHARE * multi

    rows = con.execute(f"SELECT count(*) FROM {table} WHERE {usable}").fetchall()[0][0]
    if rows >= 1_000_000:  # a sixteenth of the orders, each whole, tells; the message counts them all
        multi, same, *_ = counts(f" AND {sampled} % 16 = 0")
        if not repeated(multi * 16, same * 16):
            return multi * 16, same * 16, None  # counted with the other files' (an estimate: no example)
    multi, same, example, lines, cents = counts()
    if not repeated(multi, same):
        return multi, same, (example, lines, cents) if same else None
    raise repeated_totals_error(source, amount, same, multi, (example, lines, cents))


def repeated_totals_error(source: str, amount: str, same: int, multi: int, example: tuple) -> DataError:
    """The stop of :func:`stop_on_repeated_totals`, for one file or several (``source``: their names)."""
    order, lines, cents = example
    return DataError(key="e_repeated_totals", file=source, column=repr(str(amount)), same=f"{same:,}",
                     multi=f"{multi:,}", example=str(order), lines=f"{lines:,}", amount=f"{cents / 100:,.2f}")


def stop_on_repeated_totals_across(cleaned: Sequence[Cleaned]) -> None:
    """:func:`stop_on_repeated_totals` over the files of a case together: monthly exports of nine orders each,
    every one with its total on each line, passed one by one (review: revenue three times too high)."""
    counted = [c for c in cleaned if c.repeated_totals is not None]
    multi = sum(c.repeated_totals[0] for c in counted)
    same = sum(c.repeated_totals[1] for c in counted)
    examples = [c for c in counted if c.repeated_totals[2] is not None]
    if len(counted) < 2 or not examples or same < REPEATED_TOTALS_MIN_ORDERS or \
            same < REPEATED_TOTALS_MIN_SHARE * multi:
        return
    names = [c.source for c in counted if c.repeated_totals[1]]
    source = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    raise repeated_totals_error(source, examples[0].headers["amount"], same, multi, examples[0].repeated_totals[2])


#: fixes.csv's columns.
FIX_COLUMNS = ["fix", "source_file", "source_row", "column", "before", "after", "rows"]


def _fix_examples(con, relation, table, headers, flags, source, drop_duplicates, per_fix: int = 3,
                  decimal: str = ".", merged: str | None = None) -> pd.DataFrame:
    """Up to ``per_fix`` before/after examples of each repair made to kept rows (first rows of the file).

    ``merged`` is a relation of the cells filled from merged ranges (``r``, ``header``, ``top``, ``how``).
    """
    row = quote(SOURCE_ROW)
    frames = [] if merged is None else [_merged_examples(con, relation, table, headers, source, merged, per_fix)]
    plans = []
    if "_fix_money" in flags:
        what = "amount read as money" + (", with a decimal comma" if decimal == "," else "")
        plans.append((what, "amount", "reason IS NULL AND _fix_money", headers["amount"],
                      "minus" if "credit" in headers else "money"))
    if "_fix_priced" in flags:  # the amount cell blank: quantity times unit price, both shown
        plans.append(("amount from quantity × unit price", "amount", "reason IS NULL AND _fix_priced",
                      headers["quantity"], "times"))
    if "_fix_cent" in flags:  # a line priced (its amount cell blank) shows its quantity × unit price
        plans.append(("amount rounded to the cent", "amount", "reason IS NULL AND _fix_cent",
                      headers["amount"] if "amount" in headers else headers["quantity"],
                      ("minus" if "credit" in headers else "priced" if "_fix_priced" in flags else "money")
                      if "amount" in headers else "times"))
    if "_fix_date" in flags:
        plans.append(("date read", "order_date", "reason IS NULL AND _fix_date", headers["order_date"], "date"))
    plans.append(("customer ID normalised", "customer_id", "reason IS NULL AND _fix_id", headers["customer_id"], "id"))
    if "customer_name" in headers:  # cleaning.blank_ids: name; the name written is shown beside the ID given
        plans.append(("customer ID empty: graded under the name", "customer_id", "reason IS NULL AND _named",
                      headers["customer_name"], "named"))
    if "amount" in headers or "quantity" in headers:  # a return: a negative amount, or quantity times price
        money = "amount" if "amount" in headers else "quantity"
        plans.append(("return netted", "amount", "reason IS NULL AND _cents < 0", headers[money],
                      "minus" if "credit" in headers else "money" if money == "amount" else "times"))
    if drop_duplicates:
        plans.append(("duplicate dropped", "customer_id", "reason = 'duplicate'", headers["customer_id"], "dropped"))
    after = {"money": "printf('%.2f', c._cents / 100.0)", "times": "printf('%.2f', c._cents / 100.0)",
             "priced": "printf('%.2f', c._cents / 100.0)",
             "minus": "printf('%.2f', c._cents / 100.0)",
             "date": "strftime(c.order_date, '%Y-%m-%d')",
             "id": "c.customer_id", "named": "c.customer_id", "dropped": "'(dropped)'"}
    for fix, column, where, header, how in plans:
        count = con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchall()[0][0]
        if not count:
            continue
        before = f"CAST(s.{quote(header)} AS VARCHAR)"
        if how == "id":
            before = f"replace({before}, ' ', '␣')"
        elif how == "times":  # the amount of a line priced by quantity: both cells, as written (-2 × 4.25)
            before = f"{before} || ' × ' || CAST(s.{quote(headers['unit_price'])} AS VARCHAR)"
            if "discount_rate" in headers:  # and its rate (3 × 0.35 × (1 − 0.15) → 0.89, not 3 × 0.35: review)
                rate = f"nullif(trim(CAST(s.{quote(headers['discount_rate'])} AS VARCHAR)), '')"
                before = f"{before} || coalesce(' × (1 − ' || {rate} || ')', '')"
        elif how == "priced":  # the amount cell, or quantity × unit price where it is blank
            before = (f"CASE WHEN c._fix_priced THEN CAST(s.{quote(headers['quantity'])} AS VARCHAR) || ' × ' || "
                      f"CAST(s.{quote(headers['unit_price'])} AS VARCHAR) ELSE {before} END")
        elif how == "minus":  # a debit/credit pair: both cells, as written (' − 4,170.94' for a credit alone)
            before = (f"coalesce({before}, '') || ' − ' || "
                      f"coalesce(CAST(s.{quote(headers['credit'])} AS VARCHAR), '')")
        # examples that differ (12/1/2009 8:12 three times shows one repair), from the first rows repaired
        frame = con.execute(f"""
            WITH first AS (SELECT * FROM {table} WHERE {where} ORDER BY _source_row LIMIT 1000),
            shown AS (
                SELECT $fix AS fix, $source AS source_file, c._source_row AS source_row, $column AS "column",
                       {before} AS before, {after[how]} AS after, $rows AS rows
                FROM first c JOIN {relation} s ON s.{row} = c._source_row
                QUALIFY row_number() OVER (PARTITION BY before ORDER BY c._source_row) = 1)
            SELECT * FROM shown ORDER BY source_row LIMIT {per_fix}
        """, {"fix": fix, "source": source, "column": column, "rows": int(count)}).df()
        frames.append(frame)
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=FIX_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["rows"] = out["rows"].astype("int64")
    return out


def _merged_examples(con, relation, table, headers, source, merged: str, per_fix: int) -> pd.DataFrame:
    """Examples of the cells filled from merged ranges in kept rows, per column: the first ``per_fix`` of each."""
    canonical = {h: k for k, names in headers.items() for h in (names if isinstance(names, list) else [names])}
    frames = []
    kept = f"r IN (SELECT _source_row FROM {table} WHERE reason IS NULL)"
    # by the first row of each, then by the column's place in the file (ties: a block filled in several columns)
    place = {column: at for at, column in enumerate(describe(con, relation))}
    plans = sorted(con.execute(f"SELECT header, how, count(*), min(r) FROM {merged} WHERE {kept} GROUP BY ALL"
                               ).fetchall(), key=lambda one: (one[3], place.get(one[0], len(place)), one[1]))
    for header, how, count, _ in plans:
        if how == "hidden":  # a hidden row: its amount, as counted
            frames.append(con.execute(f"""
                WITH first AS (SELECT * FROM {merged} WHERE how = 'hidden' AND {kept} ORDER BY r LIMIT {per_fix})
                SELECT $fix AS fix, $source AS source_file, m.r AS source_row, 'amount' AS "column",
                       '(hidden row)' AS before, printf('%.2f', c._cents / 100) AS after, $rows AS rows
                FROM first m JOIN {table} c ON c._source_row = m.r ORDER BY m.r
            """, {"fix": "row hidden in the workbook, counted", "source": source, "rows": int(count)}).df())
            continue
        fix = {"filled": "merged cell filled from the range's top cell",
               "down": "empty cell filled from the row above (data.fill_down)",
               "heading": "customer taken from the heading row above (data.customer_headings)",
               "red": "amount in red font counted as a return (cleaning.red_amounts)"}.get(
            how, "merged amount counted once (0 in the range's other rows)")
        after = f"CAST(s.{quote(header)} AS VARCHAR)"
        frames.append(con.execute(f"""
            WITH first AS (SELECT * FROM {merged} WHERE header = $header AND how = $how AND {kept}
                           ORDER BY r LIMIT {per_fix})
            SELECT $fix AS fix, $source AS source_file, m.r AS source_row, $column AS "column",
                   CASE WHEN $how = 'down' THEN '(empty; row ' || m.top || ' above)'
                        WHEN $how = 'heading' THEN '(none; heading row ' || m.top || ' above)'
                        WHEN $how = 'red' THEN '(red font) ' || regexp_replace({after}, '^-', '')
                        ELSE '(merged with row ' || m.top || ')' END AS before, {after} AS after, $rows AS rows
            FROM first m JOIN {relation} s ON s.{quote(SOURCE_ROW)} = m.r ORDER BY m.r
        """, {"fix": fix, "source": source, "column": canonical.get(header, header), "header": header, "how": how,
              "rows": int(count)}).df())
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FIX_COLUMNS)


def suggested_limit(share: float) -> float:
    """The ``cleaning.max_set_aside_share`` to suggest for a share of unusable rows: rounded up, plus a point."""
    return min(1.0, math.ceil(share * 100 + 1) / 100)


def _money_beside(con, cleaned: Cleaned, row: int) -> str | None:
    """The cell that left the line ``row`` without an amount though its amount cell reads as one: a refund,
    discount, credit, quantity or unit price written 同上 or with no digit (`` 退款金额 '同上'``), as the stop's
    example names it (review of fb: the example named the amount '120', readable, for a refund of 同上); None."""
    for key in ("refund", "discount", "discount_rate", "credit", "quantity", "unit_price"):
        if (header := cleaned.headers.get(key)) is None:
            continue
        cell = con.execute(f"SELECT CAST({quote(header)} AS VARCHAR) FROM {cleaned.relation} "
                           f"WHERE {quote(SOURCE_ROW)} = $r", {"r": row}).fetchall()[0][0]
        if cell is not None and str(cell).strip() and not re.search(r"\d", str(cell)):
            return f" {header} {str(cell).strip()!r}"
    return None


def _stop_on_too_many(con, cleaned: Cleaned, aside: int, non_blank: int, share: float, limit: float, *,
                      date_format: str | None = None, dates_year: int | None = None,
                      fill_down: Sequence[str] = (), blank_ids: str = "set_aside") -> None:
    from .clean import UNUSABLE, reason_text

    aside_keys = _counted_aside()
    ledger = cleaned.ledger[cleaned.ledger["reason"].isin(aside_keys)].sort_values("rows", ascending=False, kind="stable")
    examples, yearless, blank_top = [], False, None
    for key, n in ledger[["reason", "rows"]].head(3).itertuples(index=False):
        column = {"bad_amount": "amount", "bad_discount_rate": "discount_rate", "bad_date": "order_date",
                  "missing_customer_id": "customer_id"}.get(key)
        # the top reason's empty cells, counted: more than half the rows set aside, and the hint can say "most"
        flag = {"order_date": "_blank_date", "customer_id": "_blank_id"}.get(column) if not examples else None
        first, blanks = con.execute(
            f"SELECT min(_source_row), {f'count(*) FILTER (WHERE {flag})' if flag else '0'} FROM {cleaned.table} "
            f"WHERE reason = $r", {"r": key}).fetchall()[0]
        if blanks > aside / 2:
            blank_top = column  # the top reason's cells are empty: written on a block's first row only?
        value = ""
        if column and column in cleaned.headers:
            cell = con.execute(
                f"SELECT CAST({quote(cleaned.headers[column])} AS VARCHAR) FROM {cleaned.relation} "
                f"WHERE {quote(SOURCE_ROW)} = $r", {"r": first}).fetchall()[0][0]
            empty = cell is None or not str(cell).strip()
            value = phrase("e_aside_empty") if empty else f" {str(cell)!r}"
            if key == "bad_amount" and not empty and re.search(r"\d", str(cell)):
                value = _money_beside(con, cleaned, first) or value
            # 10月3日 on a sheet 10月 of 销售台账.xlsx: no name gives the year
            yearless |= key == "bad_date" and not empty and dates_year is None and bool(re.fullmatch(
                r"\s*\d{1,2}\s*(月\s*\d{1,2}\s*[日号]?|[/.\-]\s*\d{1,2})\s*", str(cell)))
        examples.append(phrase("e_aside_example", reason={lang: reason_text(key, lang) for lang in ("en", "zh")},
                               rows=f"{int(n):,}", row=int(first), value=value))
    suggest = suggested_limit(share)
    unmatched = "no_match" in set(ledger["reason"].head(3))
    # half the rows or more that no reading could use (returns set aside on purpose aside): a column mapped wrong
    unreadable = int(cleaned.ledger.loc[cleaned.ledger["reason"].isin(UNUSABLE), "rows"].sum())
    told = "e_most_aside" if unreadable >= 0.5 * non_blank else "e_too_many_aside"
    fill, form_values = None, {}
    named = int(cleaned.ledger.loc[cleaned.ledger["reason"] == "missing_id_named", "rows"].sum())
    missing = int(cleaned.ledger.loc[cleaned.ledger["reason"] == "missing_customer_id", "rows"].sum())
    by_name = named and blank_ids == "set_aside"  # cleaning.blank_ids: name takes them, with the ID a name has
    if told == "e_most_aside" and blank_top and blank_top not in fill_down and not (
            by_name and blank_top == "customer_id" and named >= missing / 2):
        told, fill = "e_most_aside_blank", ", ".join([*fill_down, blank_top])
    elif told == "e_most_aside" and ledger["reason"].iloc[0] == "bad_date" and yearless:
        told = "e_most_aside_no_year"  # days without their year, and no name giving it: data.year
    elif told == "e_most_aside" and ledger["reason"].iloc[0] == "bad_date" and \
            (parts := _days_of_month(con, cleaned)):
        told, form_values = "e_most_aside_days", parts  # 年 | 月 | 日 in columns of their own: data.date_parts
    elif told == "e_most_aside" and ledger["reason"].iloc[0] == "bad_date" and \
            (form := _date_form_of(con, cleaned, date_format)):
        told, form_values = form  # 114/03/05 (民國) or 1756539474: data.date_format: roc or unix reads them
    elif told == "e_most_aside" and date_format and ledger["reason"].iloc[0] == "bad_date":
        told = "e_most_aside_date_format"  # most rows' dates do not read as the format the params give
    elif told == "e_most_aside" and ledger["reason"].iloc[0] == "before_heading":
        told = "e_most_aside_before_heading"  # the lines sit above the sheet's first 客户：… (no column mapped wrong)
    hints = [phrase("e_join_hint" if unmatched else None), phrase("e_named_hint", n=f"{named:,}") if by_name else ""]
    raise DataError(key=told, file=cleaned.source, aside=f"{aside:,}", non_blank=f"{non_blank:,}",
                    date_format=date_format or "", fill=fill or "",
                    what={"en": "date" if blank_top == "order_date" else "customer",
                          "zh": "日期" if blank_top == "order_date" else "客户"},
                    share=f"{share:.1%}", ratio=share, limit=f"{limit:g} ({limit * 100:g}%)",
                    examples=_joined(examples, "; ", "；"), join_hint=_joined(hints, "", ""),
                    suggest=f"{suggest:g}", **form_values)


#: Customer IDs written as numbers of 16 digits or more, all of them rounded to 15 significant digits, that stop a
#: run: Excel keeps 15, so a workbook it saved holds 1000000000000130 for 1000000000000137 and merges customers.
ROUNDED_IDS_MIN = 5


def _stop_on_rounded_ids(con, relation: str, column: str, kinds: dict, source: str) -> None:
    """Stop when the customer ID column holds numbers of 16 digits or more (抖店's 用户ID, a card number) that are
    every one rounded to 15 significant digits, as Excel stores a number: their last digits were lost when the
    export was saved in Excel, and different customers now share an ID (QA c133: 60 buyers graded as 42). A
    program's workbook keeping every digit (some not rounded) reads on."""
    if kinds.get(column) not in ("integer", "float"):
        return
    cell = f"abs(CAST({quote(column)} AS DOUBLE))"
    at_15 = f"CAST(printf('%.14e', {cell}) AS DOUBLE) = {cell}"
    at_16 = f"({cell} >= 1e16 AND CAST(printf('%.15e', {cell}) AS DOUBLE) = {cell} OR {cell} < 1e16 AND {at_15})"
    # whole numbers a double cannot hold (a parquet file's int64, every digit kept) were never a workbook's
    exact = (f"CAST(CAST({quote(column)} AS DOUBLE) AS HUGEINT) = CAST({quote(column)} AS HUGEINT)"
             if kinds.get(column) == "integer" else "true")
    # 17 digits or more: a workbook written by a program (openpyxl, xlsxwriter: '%.16g') keeps 16 significant
    # digits, and a double can hold no more anyway, so 123456789012345678 and ...685 read back as one ID
    big, rounded, rounded_16, example = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {at_15} AND {exact}), count(*) FILTER (WHERE {at_16} AND {exact}), "
        f"min({quote(column)}) FROM {relation} WHERE {cell} >= 1e15").fetchall()[0]
    if big >= ROUNDED_IDS_MIN and rounded == big:
        raise DataError(key="e_rounded_ids", file=source, column=column, n=f"{big:,}",
                        example=f"{int(example):d}")
    if big >= ROUNDED_IDS_MIN and rounded_16 == big:
        raise DataError(key="e_rounded_ids_16", file=source, column=column, n=f"{big:,}",
                        example=str(int(Decimal(f"{float(example):.15e}"))))  # as written, not the double's 696


#: Unreadable dates looked at to tell whether :func:`kit.clean.date_form` reads them.
FORM_SAMPLE = 1000


def _days_of_month(con, cleaned: Cleaned) -> dict | None:
    """Values for ``e_most_aside_days`` when the order dates a run could not read are mostly days of the month (5,
    5日) and the file has a month column (月, Month) beside them: a date written over several columns, which
    ``data.date_parts`` reads (QA c125: the stop blamed the mapping, and named no way to read it)."""
    from .io import DATE_PART_HEADERS, DATED, normalise_header

    if cleaned.relation.endswith(DATED):  # data.date_parts read them already: the parts themselves do not read
        return None
    headers = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {cleaned.relation}").fetchall()]
    found = {part: next((h for h in headers if pattern.fullmatch(normalise_header(str(h)))), None)
             for part, pattern in DATE_PART_HEADERS.items() if part != "day"}
    if found["month"] is None or found["month"] == cleaned.headers["order_date"]:
        return None
    cells = con.execute(
        f"SELECT CAST(s.{quote(cleaned.headers['order_date'])} AS VARCHAR) FROM {cleaned.table} c "
        f"JOIN {cleaned.relation} s ON s.{quote(SOURCE_ROW)} = c._source_row "
        f"WHERE c.reason = 'bad_date' ORDER BY c._source_row LIMIT {FORM_SAMPLE}").df().iloc[:, 0]
    days = pd.to_numeric(cells.dropna().astype(str).str.strip().str.extract(r"^(\d{1,2})(?:\.0+)?\s*日?$",
                                                                             expand=False), errors="coerce")
    if not len(days) or days.between(1, 31).mean() < 0.9:
        return None
    parts = f"{{month: {found['month']}" + (f", year: {found['year']}" if found["year"] else "") + "}"
    return {"column": cleaned.headers["order_date"], "month": found["month"], "parts": parts}


def _date_form_of(con, cleaned: Cleaned, date_format: str | None) -> tuple[str, dict] | None:
    """(error key, values for it) when the order dates a run could not read are mostly ROC (民國) dates or Unix
    timestamps that ``data.date_format: roc`` or ``unix`` reads (and ``date_format`` is not that word already)."""
    from .clean import ROC, date_form, parse_roc, unix_seconds

    cells = con.execute(
        f"SELECT CAST(s.{quote(cleaned.headers['order_date'])} AS VARCHAR) FROM {cleaned.table} c "
        f"JOIN {cleaned.relation} s ON s.{quote(SOURCE_ROW)} = c._source_row "
        f"WHERE c.reason = 'bad_date' ORDER BY c._source_row LIMIT {FORM_SAMPLE}").df().iloc[:, 0]
    form = date_form(cells)
    if form is None or form == date_format:
        return None
    cells = cells.dropna().astype(str).str.strip()
    if form == ROC:
        days = parse_roc(cells)
        at = days.first_valid_index()
        return "e_most_aside_roc", {"value": repr(cells[at]), "day": f"{days[at]:%Y-%m-%d}"}
    seconds = unix_seconds(cells)
    at = seconds.first_valid_index()
    return "e_most_aside_unix", {"value": repr(cells[at]),
                                 "stamp": f"{pd.to_datetime(seconds[at], unit='s'):%Y-%m-%d %H:%M:%S}"}


def _joined(parts, en: str, zh: str) -> dict:
    """Phrases joined by ``en`` or ``zh``, as a value of an error told in either language."""
    from .errors import Phrase

    return {lang: sep.join(p.told(lang) if isinstance(p, Phrase) else p for p in parts)
            for lang, sep in (("en", en), ("zh", zh))}


def kept_sql(cleaned: Cleaned, file_index: int = 0) -> str:
    """SQL for the kept rows of a cleaned file: the typed canonical columns, in file order."""
    first = ["customer_id", "order_date", "_cents"]
    order = first + [c for c in cleaned.canonical if c not in first]
    cols = ", ".join(
        "CAST(order_date AS TIMESTAMP) AS order_date" if c == "order_date"
        else "_cents / 100.0 AS amount" if c == "_cents" else quote(c)
        for c in order
    )
    return f"SELECT {cols}, {int(file_index)} AS _file, _source_row FROM {cleaned.table} WHERE reason IS NULL"


def quarantine_sql(cleaned: Cleaned, lang: str = "en") -> str:
    """SQL for the set-aside rows: file, row, reason (in words in ``lang``) and every original cell as text.

    The file's name is the parameter ``$source``.
    """
    from .clean import REASONS, reason_text

    aside = [k for k, (kind, _) in REASONS.items() if kind == "set_aside"]
    texts = " ".join(f"WHEN '{k}' THEN '{reason_text(k, lang).replace(chr(39), chr(39) * 2)}'" for k in aside)
    # a workbook's date cell as its day (2025-06-09, not 2025-06-09 00:00:00), as the client sees it in Excel
    cells = ", ".join(f"regexp_replace(CAST(s.{quote(c)} AS VARCHAR), '^(\\d{{4}}-\\d{{2}}-\\d{{2}}) 00:00:00$', '\\1') "
                      f"AS {quote(c)}" for c in cleaned.raw_columns)
    return f"""
        SELECT $source AS source_file, c._source_row AS source_row, c.reason,
               CASE c.reason {texts} END AS reason_text, {cells}
        FROM {cleaned.table} c JOIN {cleaned.relation} s ON s.{quote(SOURCE_ROW)} = c._source_row
        WHERE c.reason IN ({', '.join(f"'{k}'" for k in aside)})
        ORDER BY c._source_row
    """
