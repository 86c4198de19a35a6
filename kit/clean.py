"""Cleaning: raw rows in, typed transactions out, every row accounted for.

Rows that cannot be used are set aside with a reason (the quarantine), never
dropped silently; the ledger shows, per input file, that rows read = rows kept
+ rows set aside, by reason, and the run stops when it does not reconcile.
All parsing is vectorised over the column; no Python loop per row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, phrase
from .io import EXCEL_TEXT, SOURCE_ROW, UNMATCHED_KEPT
from .progress import LARGE
from .text import zh_words
from .textops import (
    arrow_text,
    excel_safe_frame,
    excel_safe_headers,
    excel_unsafe_frame,
    fullmatch,
    is_blank,
    replace,
    to_excel_csv,
    to_series,
)

#: Why a row is not kept: key -> (what happens to it, text for people).
#: "set_aside" rows go to quarantine.csv; "dropped" rows are only counted.
REASONS: dict[str, tuple[str, str]] = {
    "blank_row": ("dropped", "empty row"),
    "header_row": ("dropped", "the header row again (an export printed page by page repeats it)"),
    "duplicate": ("dropped", "exact duplicate of an earlier row (of this file or an earlier one)"),
    "copy_sheet": ("dropped", ("row of a sheet skipped as a copy of other sheets of the workbook (sheet: all; a month "
                               "pasted twice, 6月 (2); or a sheet of their sums, a summary): its orders are theirs, counted once")),
    "order_line": ("dropped", "line of an order whose amount is given on another of its rows (the amount cell is empty)"),
    "repeated_total": ("dropped", ("further line of an order repeating the order's total amount, counted once "
                                   "(cleaning.order_totals: once)")),
    "total_row": ("set_aside", ("subtotal or total line (a cell reads 小计, 合计, Total ... in the customer's cell or "
                                "on a line without one, or the line holds only an amount)")),
    "subtotal_row": ("set_aside", ("subtotal line naming a customer (a cell ends in 小计, 合计 ... or reads "
                                   "Subtotal, or it holds the customer and the sum of its lines above only)")),
    "document_total": ("set_aside", ("document total: a line with no item of its own whose amount is, to the cent, the "
                                     "sum of its order's other lines (U8's 主子表)")),
    "label_row": ("set_aside", ("heading, note or sign-off line (one cell filled, or sign-offs only such as "
                                "制表人：张三; no amount: 二月, 华东区 ...)")),
    "excluded": ("set_aside", "left out by a value cleaning.exclude lists (a cancelled order, a postage line ...)"),
    "struck": ("set_aside", ("amount struck through in the workbook (删除线): a voided line (作废) of a hand-kept "
                             "ledger (cleaning.struck_rows: void)")),
    "superseded": ("set_aside", ("line of an order a later file writes again (cleaning.overlap: latest): the "
                                 "later file's lines count")),
    "withdrawn": ("set_aside", ("line of an order a later file no longer has, though it covers the order's day "
                                "and repeats most orders of that month (cleaning.overlap: latest): deleted, voided "
                                "or booked to another customer or day since")),
    "no_match": ("set_aside", "its join key is blank or not in a file of data.join"),
    "ambiguous_match": ("set_aside", "its key is on several rows of a file of data.join that differ"),
    "before_heading": ("set_aside", ("order line above the sheet's first customer heading row (data.customer_headings): "
                                     "no heading says whose it is")),
    "missing_customer_id": ("set_aside", "no customer ID"),
    "bad_amount": ("set_aside", "amount missing, not a number or beyond ten trillion"),
    "bad_discount_rate": ("set_aside", ("discount rate (data.columns.discount_rate) that is no rate from 0 to 1 "
                                        "(from 0 to 100 with data.discount_percent): the line's amount unknown")),
    "unpaid": ("set_aside", ("no payment date in the date column, which is one (Paid at, 付款时间): an order not "
                             "paid, so no sale")),
    "payment": ("set_aside", ("payment received (data.columns.payment) on a line without an amount: no sale "
                              "(the credit side of a receivable ledger)")),
    "bad_date": ("set_aside", "order date missing, not a date, a placeholder (1900-01-01) or not between 1900 and 2199"),
    "cancelled": ("set_aside", ("order wholly cancelled by a return naming it (data.columns.cancels: SAP's S1), set "
                                "aside with that return: the two net to zero, no sale and no order")),
    "return_set_aside": ("set_aside", "return (negative amount, or a line refunded whole) set aside by cleaning.returns"),
    "return_dropped": ("dropped", "return (negative amount, or a line refunded whole) dropped by cleaning.returns"),
}

#: Rows kept but worth knowing about (ledger kind "info", not part of the reconciliation).
NOTES: dict[str, str] = {
    "zero_amount": "zero amount (such as free goods, samples, vouchers), kept",
    "return_netted": "return (negative amount) netted against the customer",
    "refund_netted": "refund on the row (data.columns.refund) subtracted from its amount",
    "discount_netted": "discount on the row (data.columns.discount) subtracted from its amount",
    "credit_netted": "credit on the row (data.columns.credit) subtracted from its debit (the amount column)",
    "credit_sign": ("credit written as a negative number, as every credit of the file (or of its block, under a "
                    "header row of its own) is (no credit above 0): read as its size, so subtracted from the debit"),
    "filled_from_order": "customer or date cell empty, taken from another row of the same order",
    "missing_id_named": ("of the lines set aside for no customer ID, those with the customer's name written "
                         "(cleaning.blank_ids: name grades them under it)"),
    "id_from_name": ("customer ID cell empty, graded under the customer's name (cleaning.blank_ids: name): the ID "
                     "the name has on other lines, else the name"),
    "filled_down": "empty cell filled from the row above (data.fill_down)",
    "customer_heading": "customer taken from the heading row above (data.customer_headings)",
    "possible_duplicate": "identical to an earlier row (of this file or an earlier one), kept as a possible repeat purchase "
                          "(no order ID) or a second such line of its order (its order not written again)",
    "duplicate_of_earlier": ("of the exact duplicates dropped, those repeating a row of an earlier file or sheet "
                             "(overlapping exports), counted once"),
    "merged_cells": "merged cells (a code merged down its rows) filled from the range's top cell",
    "hidden_rows": "rows hidden in the workbook (hidden, or filtered out), counted as the others",
    "red_returns": "positive amounts in red font (红字) counted as returns, negative (cleaning.red_amounts: returns)",
    "id_merged": "customer ID written another way (00123 / 123), graded under its group's ID by cleaning.id_variants",
    "same_customer": "customer graded as another, as cleaning.same_customers names it",
    "unmatched_kept": ("key not in a file of data.join that gives only the customer's attributes (a customer "
                       "master's name, region ...): graded, those cells empty"),
}

def reason_text(reason: str, lang: str = "en") -> str:
    """A ledger or quarantine reason in words: English from :data:`REASONS` and :data:`NOTES`, else the report's text."""
    if lang == "en":
        return REASONS[reason][1] if reason in REASONS else NOTES[reason]
    from .text import t

    return re.sub(r"^(单列|剔除|其中)：", "", t(f"reason_{reason}", lang))


def fixes_in(fixes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """fixes.csv in the run's language: for Chinese, ``fix_text`` beside the ``fix`` code and the placeholders of
    the before and after cells (``(empty; row 3 above)``) in Chinese; the cells as the file has them stay."""
    from .text import FIX_CELLS_ZH, FIXES_ZH

    if lang != "zh" or fixes.empty:
        return fixes
    out = fixes.copy()
    out.insert(out.columns.get_loc("fix") + 1, "fix_text", out["fix"].map(lambda f: FIXES_ZH.get(f, f)))
    for column in ("before", "after"):
        if column in out:
            text = out[column].astype("string")
            for pattern, zh in FIX_CELLS_ZH:
                text = text.str.replace(pattern, zh, regex=True)
            out[column] = text.astype(object).where(out[column].notna(), None)
    return out


#: A customer cell naming walk-in sales rather than a customer (散客, 零售客户, 现金客户, Walk-in, Cash sale): many
#: buyers' sales under one name, which a grading would put among the top customers (QA: 管家婆's 零售客户 an A; Tally's
#: Cash ledger an A).
WALK_IN = re.compile(r"(散客|零散客户|零售客户|零售散客|门市客户|门市|现金客户|个人客户|临时客户|"
                     r"walk[\s-]?in( customer)?|cash( (sale|customer)s?)?|guest|retail customer)", re.IGNORECASE)


#: Canonical columns every cleaned table has.
REQUIRED = ("customer_id", "order_date", "amount")



@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean_orders` returns.

    Attributes
    ----------
    transactions
        One row per usable order line: ``customer_id`` (text), ``order_date``
        (day), ``amount`` (float, to the cent) and every other mapped column.
    quarantine
        One row per set-aside row: ``source_file``, ``source_row``, ``reason``,
        ``reason_text`` and the row's original cells, one column per file column.
    ledger
        ``source_file``, ``kind`` (read, dropped, set_aside, kept, info),
        ``reason``, ``reason_text``, ``rows``, ``amount``. For each file, rows
        and amounts read = dropped + set aside + kept.
    fixes
        Before/after examples of each repair: ``fix``, ``source_file``,
        ``source_row``, ``column``, ``before``, ``after``.
    currencies
        (header, currency) -> (kept lines, cells naming it) of a currency column (币种), per
        :func:`kit.clean_sql.stop_on_several_currencies`.
    """

    transactions: pd.DataFrame
    quarantine: pd.DataFrame
    ledger: pd.DataFrame
    fixes: pd.DataFrame
    currencies: dict = field(default_factory=dict)


def clean_customer_id(values: pd.Series) -> pd.Series:
    """Customer IDs as text: full-width folded, spaces trimmed, leading zeros kept.

    Missing or blank IDs become ``<NA>``. A cell written as Excel text, ``="00123"`` or ``'00123``, is ``00123``.
    Whole numbers stored as decimals lose their trailing zeros, whether read as numbers from Excel or Parquet
    (``12.0``) or as text from a CSV written by a program that had made them
    decimals (``"13085.0"`` -> ``"13085"``); ``"0012.50"``, ``"A1.0"`` and ``"01.000"`` (a code in levels: a
    number has no leading zero) stay as they are.
    """
    import pyarrow.compute as pc

    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.notna() & (values % 1 == 0) & (values.abs() < 9e18)  # beyond int64: written as it is
        values = values.astype(object).where(~whole, values.where(whole).astype("Int64").astype(object))
    # ="3000123" (an export's way to keep Excel from turning a long number into 3.0E+18) is the text inside
    text = pc.utf8_trim_whitespace(replace(arrow_text(values), EXCEL_TEXT, r"\1\2"))
    text = replace(text, WHOLE_DECIMAL_ID, r"\1")
    # an e-mail address names one customer however its letters are cased (Ann.Lee@Acme.com, ann.lee@acme.com)
    text = pc.if_else(pc.match_substring_regex(text, EMAIL_ID), pc.utf8_lower(text), text)
    grouped = pc.match_substring_regex(text, THOUSANDS_ID)  # 1,023: a code Excel showed with thousands commas
    text = pc.if_else(pc.fill_null(grouped, False), pc.replace_substring(text, ",", ""), text)
    blank = is_blank(text) | fullmatch(text, f"{NO_ID}|{EXCEL_ERROR}")  # #N/A: a VLOOKUP found no one
    return to_series(text, values.index).mask(blank)


#: A cell standing for no ID: what a program writes for a missing value (NULL, \N, #N/A, nan), a dash, a slash or a
#: word saying none (无, 空, 未知), or 0 (member card 0, no member: QA had four such "customers" among six in the top
#: tier). Compared whole, after trimming.
NO_ID_CELLS = ("nan", "None", "<NA>", "NULL", "null", "Null", "\\N", "#N/A", "N/A", "n/a", "NA", "#NULL!", "0", "/",
               "无", "空", "未知", "不详", "(空白)", "(blank)")
NO_ID = "|".join(re.escape(cell) for cell in NO_ID_CELLS) + "|-+|—+|－+"
#: A code of figures grouped by thousands commas (1,023; 12,345,678): the digits are the code.
THOUSANDS_ID = r"^[0-9]{1,3}(?:,[0-9]{3})+$"
#: An Excel error value as a cell shows it (:data:`kit.io.EXCEL_ERRORS`), as RE2: no ID, amount or date.
EXCEL_ERROR = (r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|"
               r"BUSY!|UNKNOWN!)")
#: An ID that is a whole number written as a decimal (``13085.0``); group 1 is the number. A number has no leading
#: zero: ``01.000`` is a code in levels (Kingdee's 01.000 beside 01.001), not 1 (QA: graded as ``01``).
WHOLE_DECIMAL_ID = r"^(0|[1-9][0-9]*)\.0+$"
#: An ID that is an e-mail address (compared in lower case).
EMAIL_ID = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def parse_amount(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Amounts as float, rounded to cents; ``NaN`` where missing or unparseable.

    Understands ``¥1,234.50``, ``RMB 1,234``, ``1,234元``, ``1.2万``,
    ``(1,234.00)`` and ``1,234-`` (negatives) and full-width digits. With
    ``decimal=","`` the comma is the decimal mark and dots, spaces and
    apostrophes group thousands (``1.234,56``, ``€ 1 234,56``).
    """
    from .features import round_money

    return round_money(parse_number(values, decimal))


#: With a decimal point, commas must group thousands: the last group has three digits (``1,234.5``; ``1,23,456``).
GROUPED = r"[+-]?\d{1,3}(?:,\d{2,3})*,\d{3}(?:\.\d*)?"
#: With a decimal comma, dots must group thousands (``1.234,5``, ``1234,5``, ``1.234``).
COMMA_GROUPED = r"[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?"
#: A number that can only be read with a decimal comma: ``2,55``, ``12,5``, ``1.234,56``, ``1.234.567``.
COMMA_DECIMAL = r"[+-]?(?:\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d*|\d{1,3}(?:\.\d{3}){2,})"
#: A number written with a decimal point or thousands commas: ``1,234.50``, ``12.5``, ``0.125``, and ``1,234``,
#: which a decimal comma would read as 1.234 (not money: in an amount column it groups thousands).
POINT_DECIMAL = r"[+-]?(?:\d{1,3}(?:,\d{2,3})*,\d{3}\.\d+|\d*\.(?:\d{1,2}|\d{4,})|[1-9]\d{0,2}(?:,\d{3})+)"


#: Currency marks an amount cell may carry around its number (``¥1,234``, ``R$ 180,92``, ``1 234,56 EUR``).
CURRENCY_MARKS = (r"(?i)rmb|cny|eur|usd|gbp|brl|hkd|jpy|krw|aud|cad|chf|sgd|inr|nzd|twd|mop|mxn|ars|clp|cop|uyu|"
                  r"(?:r|hk|us|au|a|ca|c|s|nz|nt|mx|ar|col)\$|人民币|元整|[¥￥$€£₹₩￦\s元円원']")
#: A remark in brackets after an amount (``3450（含税）``, ``1200(不含运费)``): words only, so ``(1,234.00)`` stays.
ANNOTATION = r"\s*[（(][\p{Han}]+[)）]\s*$"


def number_text(values: pd.Series):
    """Number cells as bare digits and marks (currency, spaces and 千/万/亿 removed) with their negative mask and
    the factor of their unit word (1.2万: 10,000; 1.5亿: 100,000,000; 1 without one)."""
    # ="1,234.50": Excel's text mark, as exports that wrap every cell write it (QA: every amount unread)
    text = replace(replace(arrow_text(values), EXCEL_TEXT, r"\1\2"), "[\u2212\ufe63]", "-")  # −500.00: a word processor's minus
    text = replace(text, ANNOTATION, "")  # 3450（含税）: a remark on the amount, not part of it
    text = replace(text, CURRENCY_MARKS, "")  # first: R$ (684,75) and $(1,234.50) are in brackets too
    credit = fullmatch(text, r"(?i).*\d(?:cr)\.?")  # £683.38 CR: a credit, as accounting packages print one
    text = replace(text, r"(?i)(\d)(?:cr|dr)\.?$", r"\1")
    negative = fullmatch(text, r"\(.*\)|.*[^\s-]\s*-") | credit
    text = replace(replace(text, r"^\((.*)\)$", r"\1"), r"-$", "")
    factor = np.ones(len(text))
    for pattern, times in ((r".*千", 1e3), (r".*[万萬]", 1e4), (r".*[亿億]", 1e8)):
        factor[fullmatch(text, pattern)] = times
    return replace(text, "[千万萬亿億]$", ""), negative, factor


def parse_number(values: pd.Series, decimal: str = ".") -> pd.Series:
    """:func:`parse_amount` without the rounding to cents: quantities (``0.333`` kg) and unit prices
    (``0.125`` a piece) keep every digit until they are multiplied into an amount.

    With the decimal point (``decimal="."``) a comma must group thousands:
    ``2,55`` is not a number then (it is ``2.55`` with ``decimal=","``).
    """
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.to_numeric(values, errors="coerce").astype(float)
    text, negative, factor = number_text(values)
    if decimal == ",":
        unusable = fullmatch(text, r".*[.,].*") & ~fullmatch(text, COMMA_GROUPED)
        text = replace(replace(text, r"\.", ""), ",", ".")
    else:
        unusable = fullmatch(text, ".*,.*") & ~fullmatch(text, GROUPED)
        text = replace(text, ",", "")
    digits = to_series(text, values.index)
    number = pd.to_numeric(digits.mask(is_blank(text) | fullmatch(text, "-") | unusable), errors="coerce")
    number = number.astype(float)
    number = number * factor
    return number.where(~negative, -number)


def decimal_marks(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The cells among ``values`` that only read with a decimal comma, and those written with a decimal point or
    thousands commas (:data:`POINT_DECIMAL`)."""
    text, _, _ = number_text(values)
    return (values[fullmatch(text, COMMA_DECIMAL)], values[fullmatch(text, POINT_DECIMAL)])


#: Unambiguous day formats tried after ISO (on the text without its time of day); month names are English.
#: A month alone (``202511``, ``2025年11月``, ``2025/11``, ``2025-11``) is its first day: exports by month.
_DATE_FORMATS = (
    "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d",
    "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y",
    "%d/%b/%Y", "%d.%b.%Y",
    "%b-%d-%y", "%b-%d-%Y",  # Mar-15-25: eBay's Sale Date
    "%Y%m", "%Y年%m月", "%Y/%m", "%Y.%m", "%b %Y", "%B %Y",
    "%Y%m%d%H%M%S", "%Y%m%d%H%M",
)
#: Formats of digits alone, and the only cells they read (pandas would take 202511 for %Y%m%d: 2025-01-01).
_DIGITS_ONLY = {"%Y%m%d": r"\d{8}", "%Y%m": r"\d{6}", "%Y%m%d%H%M%S": r"\d{14}", "%Y%m%d%H%M": r"\d{12}"}
#: A time of day at the end of a date (``10:00``, ``10:00:00.5``, ``10:00 AM``), with any time-zone offset.
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?:\s*(?:Z|(?:UTC|GMT)?\s*[+-]\d{2}(?::?\d{2})?|UTC|GMT))?"
_TRAILING_TIME = rf"(?:[T\s]|,\s*)+{_TIME}{_ZONE}$"
_DAY_MONTH = rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](\d{{4}}|\d{{2}})(\s+{_TIME}{_ZONE})?"


#: A time written as a range after its day, ``2025-03-05 10:30-11:00`` (a delivery or visit slot): its end is no
#: time-zone offset (-11:00 moved the day in data.time_zone, QA), and the day is read. A space before the first time,
#: written without seconds, tells it from an ISO offset (``2025-03-05T10:30-05:00``, ``10:30:00-05:00``).
TIME_RANGE = r".*\d\s+\d{1,2}:\d{2}\s*[-~～–—至到]\s*\d{1,2}:\d{2}"
#: The end of a range of :data:`TIME_RANGE`, taken off (group 1 is the start)
_RANGE_END = r"(\s\d{1,2}:\d{2})\s*[-~～–—至到]\s*\d{1,2}:\d{2}$"
#: The one way a range is written as an ISO offset is: a hyphen and a two-digit end, no space (``10:30-11:00``,
#: ``22:30-05:00``). An end no later than the start that is an offset west of UTC (-01:00 to -12:00, on the hour,
#: half or quarter) is one (an API's ``2025-03-05 22:30-05:00``, review: read as a range, the order stayed on the
#: day before its day in data.time_zone); a later end, or one no zone has (23:30-00:30), a range.
_DASH_RANGE = r"^.*\d\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})-(?P<h2>0[1-9]|1[0-2]):(?P<m2>00|30|45)$"


def time_range_sql(x: str) -> str:
    """SQL: whether the text ``x`` is a day with a time written as a range (:data:`TIME_RANGE`), not a time with a
    negative offset (:data:`_DASH_RANGE`)."""
    dash = re.sub(r"\?P<\w+>", "", _DASH_RANGE)

    def minutes(hour: int) -> str:
        return (f"(TRY_CAST(regexp_extract({x}, '{dash}', {hour}) AS INTEGER) * 60 "
                f"+ TRY_CAST(regexp_extract({x}, '{dash}', {hour + 1}) AS INTEGER))")

    return (f"(regexp_full_match({x}, '{TIME_RANGE}') AND NOT coalesce(regexp_full_match({x}, '{dash}') "
            f"AND {minutes(3)} <= {minutes(1)}, false))")


#: Month names in Spanish, Portuguese, French, German, Italian and Dutch (whole and abbreviated, with and without
#: accents), each month's as the English abbreviation strptime's %b reads; the English names too, as German writes
#: April, August, September and November after its day's dot (5. August 2024) and French oct., nov. with a dot.
_FOREIGN_MONTHS = (
    ("Jan", "enero|ene|janeiro|janvier|janv|januar|jänner|jän|gennaio|gen|januari|january|jan"),
    ("Feb", "febrero|fevereiro|fev|février|fevrier|févr|fevr|februar|febbraio|februari|february|feb"),
    ("Mar", "marzo|março|marco|mars|märz|maerz|mrz|maart|mrt|march|mar"),
    ("Apr", "abril|abr|avril|avr|aprile|april|apr"),
    ("May", "mayo|maio|mai|maggio|mag|mei|may"),
    ("Jun", "junio|junho|juin|juni|giugno|giu|june|jun"),
    ("Jul", "julio|julho|juillet|juil|juli|luglio|lug|july|jul"),
    ("Aug", "agosto|ago|août|aout|augustus|august|aug"),
    ("Sep", "septiembre|setiembre|setembro|septembre|settembre|sett|set|september|sept|sep"),
    ("Oct", "octubre|outubro|out|octobre|oktober|okt|ottobre|ott|october|oct"),
    ("Nov", "noviembre|novembro|novembre|november|nov"),
    ("Dec", "diciembre|dic|dezembro|dez|décembre|decembre|déc|dec|dezember|dicembre|december"),
)


def _foreign_months(text):
    """Arrow text with a day written with a month's name in Spanish, Portuguese, French, German, Italian or Dutch
    (Mercado Libre's ``15 de marzo de 2025 14:32 hs.``, ``5. März 2025``, ``15-ene-25``) as strptime reads it in
    English (``15 Mar 2025 14:32``, ``15-Jan-25``); other text as it is."""
    import pyarrow.compute as pc

    day_or_month = r"(?i)^\s*(\d{1,2}\.?[\s/-]*(de\s+)?\pL{3}|\pL{3,}\.?\s+(del?\s+)?\d{4}\s*$)"  # 5 juin, Juni 2024
    if not pc.any(pc.match_substring_regex(text, day_or_month)).as_py():
        return text
    # Argentina's 14:32 hs., France's 14h32, a time followed by its word for hours: the time
    text = replace(text, r"(?i)(\s\d{1,2})h(\d{2})$", r"\1:\2")
    text = replace(text, r"(?i)(\d{1,2}:\d{2}(?::\d{2})?)\s*(hs?|hrs?|horas|uhr)\.?$", r"\1")
    for english, names in _FOREIGN_MONTHS:
        text = replace(text, rf"(?i)^\s*(\d{{1,2}})\.?\s*(?:de\s+)?(?:{names})\.?\s*(?:de\s+|del\s+)?(\d{{4}})\b",
                       rf"\1 {english} \2")
        text = replace(text, rf"(?i)^\s*(\d{{1,2}})[-/](?:{names})\.?[-/](\d{{4}}|\d{{2}})\b", rf"\1-{english}-\2")
        # a two-figure year after a space (5 juin 24, 5. Juni 24) and a month alone with its year (Juni 2024, as an
        # export by month writes it: its first day); QA: neither read
        text = replace(text, rf"(?i)^\s*(\d{{1,2}})\.?\s*(?:de\s+)?(?:{names})\.?\s+(\d{{2}})(\s|$)",
                       rf"\1-{english}-\2\3")
        text = replace(text, rf"(?i)^\s*(?:{names})\.?\s+(?:de\s+|del\s+)?(\d{{4}})\s*$", rf"{english} \1")
    return text


def date_text(values: pd.Series):
    """Date cells as Arrow text (:func:`~kit.textops.arrow_text`) without the words that do not change the day:
    a weekday (``2025-03-05 星期三``, ``周三``) and 上午/下午 before a time (``2025/3/5 下午 2:33:00``, as Windows
    in Chinese writes it); ``2025 年 3 月 5 号`` as ``2025年3月5日``; a time written as a range (:data:`TIME_RANGE`)
    as its start."""
    import pyarrow.compute as pc

    # ="2025-03-05": Excel's text mark, as exports that wrap every cell write it (QA: every date unread)
    text = replace(replace(arrow_text(values), EXCEL_TEXT, r"\1\2"), r"\s*[(（]?(?:星期|礼拜|周)[一二三四五六日天][)）]?", "")
    text = replace(replace(text, r"\s*([年月])\s*", r"\1"), r"(月\d{1,2})\s*[日号號]", r"\1日")
    text = pc.utf8_trim_whitespace(replace(text, r"\s*(?:上午|下午|中午|晚上|凌晨|早上)\s*", " "))
    text = _foreign_months(text)  # 15 de marzo de 2025: 15 Mar 2025
    # 22:30-05:00: an end no later than the start is an offset, kept (:data:`_DASH_RANGE`)
    parts = pc.extract_regex(text, _DASH_RANGE)

    def minutes(hour: str, minute: str):
        return pc.add(pc.multiply(pc.cast(pc.struct_field(parts, hour), "int32"), 60),
                      pc.cast(pc.struct_field(parts, minute), "int32"))

    offset = pc.fill_null(pc.less_equal(minutes("h2", "m2"), minutes("h1", "m1")), False)
    return pc.if_else(offset, text, replace(text, _RANGE_END, r"\1"))


def parse_date(values: pd.Series, time_zone: str | None = None) -> pd.Series:
    """Order dates as day-precision ``datetime64``; ``NaT`` where not a date.

    Accepts date cells, ISO text (with or without a time), ``2024/3/5``,
    ``2024年3月5日``, ``20240305`` and Excel serial numbers. With ``time_zone`` (``data.time_zone``), a date-time
    written with an offset or Z (``2025-03-05T20:00:00Z``) is the day it is in that zone (2025-03-06 in
    Asia/Shanghai); without, the day as written.
    """
    if time_zone is not None:
        days = parse_date(values)
        zoned = zoned_days(values, time_zone)
        return zoned.fillna(days)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _plausible(values.dt.tz_localize(None) if values.dt.tz else values)
    if pd.api.types.is_numeric_dtype(values.dtype):
        number = pd.to_numeric(values, errors="coerce")
        # a workbook's 年月 or 日期 typed as a number, 202503 or 20250305, is read as the text is (review cn2: a
        # flow's every line set aside, no Excel serial day being six or eight figures)
        digits = number.notna() & (number == number.round()) & number.between(100_000, 99_999_999)
        # a month typed year.month, 2025.3, is read as the text is (2025.1: year_month_octobers decides its month)
        months = number.notna() & (number != number.round()) & number.between(1900, 2200)
        # as shown: a formula's 2025.1000000000001 is 2025.1; 2025.125 stays what it is, no month (set aside)
        shown = number.round(2).where((number - number.round(2)).abs() < 1e-9, number)
        if months.any():
            months[months] = shown[months].astype(str).str.fullmatch(YEAR_MONTH)
        if months.any():  # (narrowed first: none left, and the rest read again would recurse for ever: re-read)
            parsed = parse_date(number.where(~months))
            return parsed.fillna(parse_date(shown[months].astype(str)).reindex(values.index))
        if digits.any():
            return _from_excel_serial(number.where(~digits)).fillna(
                parse_date(number[digits].astype("int64").astype(str)).reindex(values.index))
        return _from_excel_serial(number)
    # date cells and numbers from Excel become ISO text or serial digits here; 3rd March 2025 as 3 March 2025 (QA)
    arrow = replace(date_text(values), _ORDINAL, r"\1")
    text = to_series(arrow, values.index)
    # the day as written where it was written: a time-zone offset is dropped, not converted (22:00-08:00 stays that day)
    local = to_series(replace(arrow, rf"({_TIME}){_ZONE}$", r"\1"), values.index)
    parsed = pd.to_datetime(local, format="ISO8601", errors="coerce")
    bare = to_series(replace(arrow, _TRAILING_TIME, ""), values.index)
    todo = parsed.isna() & text.notna()
    if todo.any():  # an ISO day with a time ISO does not know (10:00 PM, 10:00 GMT+0800)
        parsed[todo] = pd.to_datetime(bare[todo], format="ISO8601", errors="coerce")
    for fmt in _DATE_FORMATS:
        todo = parsed.isna() & text.notna()
        if fmt in _DIGITS_ONLY:  # 202511 is no day of 2025-01-01: each digit format takes its length only
            todo &= fullmatch(arrow, _DIGITS_ONLY[fmt])
        if not todo.any():
            continue
        parsed[todo] = pd.to_datetime(bare[todo], format=fmt, errors="coerce")
    serial = parsed.isna() & fullmatch(arrow, r"\d{5}(\.\d+)?")
    if serial.any():
        parsed[serial] = _from_excel_serial(pd.to_numeric(text[serial], errors="coerce"))
    return _plausible(parsed)


#: A date-time's offset or zone at its end (Z, +08:00, -0500, +08, UTC), as SQL and :func:`zoned_days` find it.
ZONED = r".*\d:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)"


#: A date-time of :data:`ZONED` at midnight in its own offset (2025-03-05T00:00:00.000Z, 2025-03-05 00:00+08:00): a
#: column holding only such is of days written as date-times (a JavaScript toISOString of a date), not of instants.
MIDNIGHT_ZONED = r".*\d[T\s]+00:00(?::00(?:\.0{1,9})?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)"


def zoned_days(values: pd.Series, time_zone: str) -> pd.Series:
    """The days in ``time_zone`` of the date-times among ``values`` written with an offset or Z (:data:`ZONED`:
    ``2025-03-05T20:00:00Z`` is 2025-03-06 in Asia/Shanghai; a datetime cell aware of its zone too); ``NaT`` for
    the others."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if values.dt.tz is None:
            return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        return _plausible(values.dt.tz_convert(time_zone).dt.tz_localize(None))
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    arrow = date_text(values)
    text = to_series(arrow, values.index).where(fullmatch(arrow, ZONED))
    stamps = pd.to_datetime(text.str.replace(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", regex=True),
                            format="ISO8601", utc=True, errors="coerce")
    return _plausible(stamps.dt.tz_convert(time_zone).dt.tz_localize(None))


#: Order dates outside these days are placeholders (9999-12-31, 0001-01-01, an ERP's empty 1900-01-01) or errors,
#: not orders: set aside.
FIRST_DAY, LAST_DAY = "1900-01-02", "2199-12-31"


def _plausible(days: pd.Series) -> pd.Series:
    """Days as ``datetime64[ns]`` at midnight, ``NaT`` outside :data:`FIRST_DAY` .. :data:`LAST_DAY`
    (``9999-12-31`` or year ``-106`` would not fit a nanosecond timestamp)."""
    days = days.dt.normalize()
    inside = (days >= pd.Timestamp(FIRST_DAY)) & (days <= pd.Timestamp(LAST_DAY))
    return days.where(inside).astype("datetime64[ns]")


def _from_excel_serial(number: pd.Series) -> pd.Series:
    plausible = number.between(20_000, 80_000)  # 1954 .. 2119
    days = number.where(plausible)
    return (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).dt.normalize()


#: ``data.date_format`` words for dates no strptime format reads: Taiwan's ROC (民國) calendar, Unix timestamps, day
#: numbers counted from ``data.day_one`` (Dunnhumby's DAY 1..711, which gives no calendar date).
ROC, UNIX, DAY_NUMBER = "roc", "unix", "day_number"
DATE_WORDS = (ROC, UNIX, DAY_NUMBER)
#: The largest day number read (about 27 years of days): a larger whole number is no day of such a count.
DAY_NUMBER_MAX = 10_000
#: A ROC year is the Gregorian one less 1911: 民國114年 is 2025.
ROC_OFFSET = 1911
#: ROC dates as written: 114/03/05, 114.03.05, 114-3-5, 民國114年3月5日, 114年3月5日 (the year in 1 to 3 figures)
_ROC = r"(?:(?:民國|民国)\s*)?(?P<y>\d{1,3})(?:[/.\-]|年)(?P<m>\d{1,2})(?:[/.\-]|月)(?P<d>\d{1,2})日?"
#: ... or in seven figures, 1140305, as Taiwanese ERP systems store them (0991231 for 民國99年)
_ROC_DIGITS = r"(?P<y>[01]\d{2})(?P<m>\d{2})(?P<d>\d{2})"
#: Only ROC dates are written so (:func:`roc_dates`): a three-figure year 001..199 (no Gregorian year is written
#: in three figures) or the word 民國, then a month and a day
_ROC_SURE = r"(?:民國|民国)\s*\d{1,3}年.*|[01]\d{2}(?:[/.\-年]).*|[01]\d{6}"
#: Unix timestamps read as order dates: seconds (or milliseconds) since 1970-01-01 UTC, between 2000 and 2100.
UNIX_SECONDS = (946_684_800, 4_102_444_800)
UNIX_TEXT = r"\d{9,10}(?:\.\d+)?|\d{12,13}"


def _date_cells(values: pd.Series):
    """Date cells as Arrow text (:func:`date_text`), whole numbers (a column of 1140305 typed as such) as their
    figures, the time of day after a date left out."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        number = pd.to_numeric(values, errors="coerce")
        whole = number.where(number.notna() & (number == number.round()))
        figures = whole.astype("Int64").astype("string")
        # 0991231 (民國99年) typed as a number lost its first zero: seven figures again
        values = figures.str.zfill(7).where(whole.between(1e5, 1e7), figures)
    return replace(date_text(values), _TRAILING_TIME, "")


def parse_roc(values: pd.Series) -> pd.Series:
    """Order dates written in Taiwan's ROC (民國) calendar as days (``datetime64[ns]``): the year plus
    :data:`ROC_OFFSET`, so ``114/03/05``, ``114.03.05``, ``1140305``, ``民國114年3月5日`` and ``114年3月5日`` are all
    2025-03-05; ``NaT`` for a cell written otherwise or a day that does not exist (``114/02/30``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _date_cells(values)
    found = {}
    for pattern in (_ROC, _ROC_DIGITS):
        pieces = pc.extract_regex(text, f"^{pattern}$")
        for part in ("y", "m", "d"):
            number = pc.cast(pc.struct_field(pieces, part), pa.int64())
            found[part] = number if part not in found else pc.coalesce(found[part], number)
    year, month, day = (pd.Series(np.asarray(found[p].to_numpy(zero_copy_only=False), dtype=float),
                                  index=values.index) for p in ("y", "m", "d"))
    days = pd.to_datetime(pd.DataFrame({"year": year + ROC_OFFSET, "month": month, "day": day}), errors="coerce")
    return _plausible(days.where(year.notna()))


def roc_dates(values: pd.Series) -> pd.Series:
    """Mask of cells that can only be ROC dates (:func:`parse_roc` reads them and they are written with a year of
    three figures, 001..199, or 民國): 114/03/05, not 24/03/05, which may be a Gregorian day."""
    return pd.Series(fullmatch(_date_cells(values), _ROC_SURE), index=values.index) & parse_roc(values).notna()


def unix_seconds(values: pd.Series) -> pd.Series:
    """Unix timestamps among ``values`` as seconds since 1970-01-01 UTC (float); ``NaN`` for a cell that is none:
    9 or 10 figures in :data:`UNIX_SECONDS` are seconds, 12 or 13 figures in that range times 1000 milliseconds."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        number = pd.to_numeric(values, errors="coerce").astype(float)
    else:
        text = arrow_text(values)
        number = pd.to_numeric(to_series(text, values.index).where(fullmatch(text, UNIX_TEXT)),
                               errors="coerce").astype(float)
    low, high = UNIX_SECONDS
    seconds = number.where(number.between(low, high))
    return seconds.fillna((number / 1000).where(number.between(low * 1000, high * 1000)))


def parse_unix(values: pd.Series, time_zone: str | None = None) -> pd.Series:
    """Unix timestamps (:func:`unix_seconds`) as the days they fall on in UTC (``datetime64[ns]``): 1756539474 is
    2025-08-30 07:37:54 UTC, the day 2025-08-30. UTC, as the kit keeps no time zone: a written date-time is read as
    the day written, and a timestamp names no zone but UTC; with ``time_zone`` (``data.time_zone``), the day in
    that zone (1756539474 in Asia/Shanghai: 2025-08-30 15:37:54, the same day; 1756584000 is 2025-08-30 20:00 UTC,
    2025-08-31 in Shanghai)."""
    stamps = pd.to_datetime(unix_seconds(values), unit="s", errors="coerce")
    if time_zone is not None:
        stamps = stamps.dt.tz_localize("UTC").dt.tz_convert(time_zone).dt.tz_localize(None)
    return _plausible(stamps)


def parse_day_numbers(values: pd.Series, day_one) -> pd.Series:
    """Day numbers (``data.date_format: day_number``) as days (``datetime64[ns]``): day 1 is ``day_one``
    (``data.day_one``), day ``n`` is ``day_one`` + (n - 1) days, as Dunnhumby's The Complete Journey counts its DAY
    1..711; ``NaT`` for a cell that is no whole number from 1 to :data:`DAY_NUMBER_MAX`, or without ``day_one``."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        number = pd.to_numeric(values, errors="coerce").astype(float)
    else:
        number = pd.to_numeric(values.astype("string").str.strip(), errors="coerce").astype(float)
    if day_one is None:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    whole = number.where((number == number.round()) & number.between(1, DAY_NUMBER_MAX))
    return (pd.Timestamp(day_one) + pd.to_timedelta(whole - 1, unit="D")).astype("datetime64[ns]")


#: Date cells :func:`date_form` looks at.
FORM_CELLS = 5000


def date_form(values: pd.Series) -> str | None:
    """:data:`ROC` or :data:`UNIX` when most non-empty ``values`` are dates only that word of ``data.date_format``
    reads (and few read without it); else None. A look at the first :data:`FORM_CELLS` of them, not a reading."""
    cells = values[values.notna()]
    if not (pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype)):
        cells = cells.astype("string").str.strip()
        cells = cells[cells != ""]
    cells = cells.head(FORM_CELLS)
    if cells.empty or parse_date(cells).notna().mean() >= 0.5:
        return None
    if roc_dates(cells).mean() >= 0.8:
        return ROC
    if unix_seconds(cells).notna().mean() >= 0.8:
        return UNIX
    return None


def ambiguous_dates(values: pd.Series) -> pd.Series:
    """Mask of text dates such as ``03/05/2024`` that read as day/month or month/day."""
    if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return pd.Series(False, index=values.index)
    return pd.Series(fullmatch(date_text(values), _DAY_MONTH), index=values.index)


#: A day written without its year (3月5日, 3月5号, 3月5日 10:30) in a hand-kept ledger
_NO_YEAR = r"(\d{1,2})月(\d{1,2})日?(\s+\d{1,2}:\d{2}(?::\d{2})?)?"
#: ... or in figures (3/5, 3-5, 3.5, 3/5 10:30): month and day, in an order :func:`_day_first` decides
_NO_YEAR_FIGURES = r"(\d{1,2})[/.\-](\d{1,2})(\s+\d{1,2}:\d{2}(?::\d{2})?)?"
#: ... or in English words (3rd March, 3 Mar, March 3rd), as a hand-kept sheet writes them
_NO_YEAR_WORDS = r"(?i)(\d{1,2}(st|nd|rd|th)?\s+[a-z]{3,9}\.?|[a-z]{3,9}\.?\s+\d{1,2}(st|nd|rd|th)?)"
#: An ordinal day (1st, 2nd, 3rd, 21st): read as its figures (1st January 2025 is 1 January 2025)
_ORDINAL = r"(?i)\b(\d{1,2})(st|nd|rd|th)\b"


#: Months between a day written without its year and the month of its sheet (2025年12月, 12月) from which the day
#: is of the year after or before the sheet's: 1月3日 on sheet 12月, 12月29日 on sheet 1月.
YEAR_END_MONTHS = 10


#: A day of the month alone (15, 15.0, 15日, 15号), as a hand-kept sheet per month writes its 日期 column.
_DAY_ALONE = r"\s*(\d{1,2})(?:\.0+)?\s*(?:日|号|號)?\s*"


def _with_sheet_month(values: pd.Series, year: int, month: int) -> pd.Series:
    """``values`` with each day of the month written alone (``15``, ``15日``) as that day of ``month`` in ``year``
    (``2025年3月15日``): the month and year a sheet's and the file's names give (sheet ``3月`` of ``2025年销售台账``;
    QA: every line set aside as having no date); a number that is no day of the month (0, 32) and the others as they
    are."""
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)
    if not (numeric or pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return values
    text = values.astype("string").str.strip()
    days = pd.to_numeric(text.str.extract(f"^{_DAY_ALONE}$", expand=False), errors="coerce")
    alone = days.between(1, 31).fillna(False).to_numpy(dtype=bool)
    if not alone.any():
        return values
    out = values.astype(object).copy()
    out[alone] = (f"{int(year)}年{int(month)}月" + days[alone].astype(int).astype(str) + "日").to_numpy()
    return out


def with_year(values: pd.Series, year: int | None, *, month: int | None = None,
              date_format: str | None = None) -> pd.Series:
    """``values`` with each day written without its year (``3月5日``, ``3/5``, ``3.5``) given ``year`` (the one a
    ledger's sheet or file name gives: ``2024年11月``, ``2025销售台账``); the others as they are. Without ``year``,
    unchanged. Whether ``3/5`` is 5 March or 3 May is decided for all of ``values`` at once by :func:`_day_first`
    (``month``: the month the sheet's name gives; ``date_format``: ``data.date_format``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if year is not None and month is not None:  # 15 or 15日 under sheet 3月 of 2025年销售台账: 2025年3月15日
        values = _with_sheet_month(values, year, month)
    if year is None or not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return values
    raw = pa.array(values.astype("string[pyarrow]"))
    # one cheap pass to know: most files write no date so, and a date with its year has a run of 3 or more digits
    maybe = pc.or_(pc.match_substring(raw, "月"), pc.invert(pc.match_substring_regex(raw, r"\d{3}")))
    where = np.flatnonzero(np.asarray(pc.fill_null(maybe, False)))
    if not len(where):
        return values
    part = values.iloc[where]
    text = date_text(part)
    words, figures = fullmatch(text, _NO_YEAR), fullmatch(text, _NO_YEAR_FIGURES)
    english = fullmatch(text, _NO_YEAR_WORDS)  # 3rd March on a sheet of a year's ledger (QA)
    if not (words.any() or figures.any() or english.any()):
        return values
    order = None
    if figures.any():
        pieces = pc.extract_regex(pc.filter(text, pa.array(figures)), r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})")
        first, second = (np.asarray(pc.cast(pc.struct_field(pieces, i), pa.int64())) for i in (0, 1))
        order = "\\2月\\1日" if _day_first(first, second, month=month, date_format=date_format) else "\\1月\\2日"

    def filled_with(year: int):
        filled = replace(text, f"^{_NO_YEAR}$", f"{year}年\\1月\\2日\\3")
        return filled if order is None else replace(filled, f"^{_NO_YEAR_FIGURES}$", f"{year}年{order}\\3")

    filled = filled_with(int(year))
    if month is not None:  # 1月3日 on sheet 12月 (shipped over the new year), 12月29日 on sheet 1月 (entered late)
        # struct_field, not .field: a cell that is no such day (3rd March) is null, not "" (review of QA)
        days = np.asarray(pc.cast(pc.struct_field(pc.extract_regex(filled, r"^\d{4}年(?P<m>\d{1,2})月"), 0),
                                  pa.int64(), safe=False).fill_null(month))
        later, earlier = month - days >= YEAR_END_MONTHS, days - month >= YEAR_END_MONTHS
        if later.any():
            filled = pc.if_else(pa.array(later), filled_with(int(year) + 1), filled)
        if earlier.any():
            filled = pc.if_else(pa.array(earlier), filled_with(int(year) - 1), filled)
    if english.any():
        suffixed = pc.binary_join_element_wise(text, pa.scalar(f" {int(year)}", text.type), pa.scalar("", text.type))
        filled = pc.if_else(pa.array(english), suffixed, filled)
    bare = words | figures | english
    out = values.astype(object)
    out.iloc[where[bare]] = to_series(filled, part.index)[bare].astype(object).to_numpy()
    return out


def _day_first(first: np.ndarray, second: np.ndarray, *, month: int | None, date_format: str | None) -> bool:
    """Whether days written ``first/second`` without a year are day/month: as ``date_format`` orders ``%d`` and
    ``%m``; else when only the first figures go above 12 (``25/3``); else, when the sheet is a month's (``2024年3月``),
    when more second figures than first ones are that month; else month/day, as 3月5日 is written."""
    if date_format and "%d" in date_format and "%m" in date_format:
        return date_format.index("%d") < date_format.index("%m")
    over_first, over_second = bool((first > 12).any()), bool((second > 12).any())
    if over_first != over_second:
        return over_first
    if month is not None:
        return int((second == month).sum()) > int((first == month).sum())
    return False


def parse_dates_with_format(values: pd.Series, date_format: str | None, *, year: int | None = None,
                            month: int | None = None, time_zone: str | None = None, day_one=None) -> pd.Series:
    """:func:`parse_date`, trying ``date_format`` (from params) first; a day written without its year
    (``3月5日``, ``3/5``) is of ``year`` (see :func:`with_year`, and for ``month``); ``time_zone``
    (``data.time_zone``) the zone whose days timestamps and date-times with an offset are read as; ``day_one``
    (``data.day_one``) the day 1 of ``date_format: day_number`` (:func:`parse_day_numbers`)."""
    if date_format == DAY_NUMBER:  # 1..711: a count of days, nothing else in the column is a date
        return parse_day_numbers(values, day_one)
    if date_format in (YEAR_MONTH_TWO, YEAR_MONTH_AS_TYPED):  # 2025.3: read as without a format, 2025.1 decided
        date_format = None  # by the column (year_month_octobers)
    values = with_year(values, year, month=month, date_format=date_format)
    if date_format is None:
        return parse_date(values, time_zone)
    if date_format in DATE_WORDS:  # 114/03/05 (民國) or 1756539474; a cell written otherwise as parse_date reads it
        first = parse_roc(values) if date_format == ROC else parse_unix(values, time_zone)
        return first.fillna(parse_date(values.where(first.isna()), time_zone))
    text = to_series(date_text(values), values.index)
    if "%H" not in date_format and "%I" not in date_format:
        # a date-only format also reads "12/1/2010 8:26" or "2/11/2013 10:00 AM": the time of day is not needed
        text = to_series(replace(date_text(values), _TRAILING_TIME, ""), values.index)
    first = _plausible(pd.to_datetime(text, format=date_format, errors="coerce"))
    rest = parse_date(values.where(first.isna()), time_zone)
    return first.fillna(rest)


def clean_orders(
    raw: pd.DataFrame,
    columns,
    *,
    source: str,
    duplicates: str = "auto",
    returns: str = "net",
    date_format: str | None = None,
    time_zone: str | None = None,
    day_one=None,
    decimal: str = "auto",
    amount_scale: float = 1.0,
    max_set_aside_share: float = 0.05,
    subtotals: str = "set_aside",
    currency: str | None = None,
    order_totals: str = "check",
    discount_percent: bool = False,
) -> CleanResult:
    """Type the canonical columns of one file held in memory and account for every row.

    The rules run in the engine (:func:`kit.clean_sql.clean_relation`), the
    same code that cleans files too large for memory.

    Parameters
    ----------
    raw
        A file as :func:`kit.io.read_table` returns it: all its columns plus
        :data:`kit.io.SOURCE_ROW`.
    columns
        The ``data.columns`` mapping (canonical name -> header).
    source
        The file's name, recorded in the ledger, the quarantine and errors.
    duplicates
        ``auto`` drops rows identical in every column when an order ID is mapped
        and keeps them (counted as possible duplicates) otherwise; ``drop``; ``keep``.
    returns
        Negative amounts: ``net`` (kept), ``drop`` or ``set_aside``.
    date_format
        strptime format for day/month dates; without it such dates stop the run.
    time_zone
        ``data.time_zone``: the IANA zone whose days Unix timestamps and date-times with an offset are read as.
    day_one
        ``data.day_one``: the calendar day of day 1 when ``date_format`` is ``day_number``.
    decimal
        Decimal mark of numbers written as text: ``.``, ``,`` (``1.234,56``) or
        ``auto``: a comma when some cells only read that way (``2,55``), a point
        otherwise; cells that read only one way each in the same column stop the run.
    amount_scale
        Amounts (or unit prices) times this are currency units: 0.01 for 分, 10000 for 万元.
    max_set_aside_share
        Stop with an error when more than this share of non-empty rows is set aside.
    subtotals
        Lines carrying a customer ID and a subtotal label in another cell: ``set_aside`` or ``keep``.
    order_totals
        ``cleaning.order_totals``: ``check`` stops when the amount looks like the order's total written on each of
        its lines, ``once`` counts it once per order, ``lines`` takes each line's amount as its own.
    currency
        The case's currency (``CNY``); a currency column (币种) naming another one stops the run. Without it,
        only a column naming several currencies does.
    discount_percent
        ``data.discount_percent``: the ``discount_rate`` column holds whole percentages (15 for 15% off).

    Raises
    ------
    DataError
        A mapped column is missing, dates are ambiguous, too many rows cannot be
        used, a currency column names several currencies, or (a bug) the ledger does not reconcile.
    """
    from .clean_sql import (
        clean_relation,
        kept_sql,
        quarantine_sql,
        stop_on_several_currencies,
    )
    from .io import MERGED, connect, register_frame

    con = connect()
    try:
        relation = register_frame(con, raw, "raw", time_zone)
        cleaned = clean_relation(con, relation, columns, source=source, duplicates=duplicates, returns=returns,
                                 date_format=date_format, time_zone=time_zone, day_one=day_one, decimal=decimal,
                                 amount_scale=amount_scale, max_set_aside_share=max_set_aside_share,
                                 subtotals=subtotals,
                                 order_totals=order_totals, discount_percent=discount_percent,
                                 merged=raw.attrs.get(MERGED, ()))
        stop_on_several_currencies([cleaned], currency)
        transactions = con.execute(kept_sql(cleaned) + " ORDER BY _source_row").df()
        quarantine = con.execute(quarantine_sql(cleaned), {"source": source}).df()
    finally:
        con.close()
    return CleanResult(transactions=_typed_frame(transactions.drop(columns=["_file", "_source_row"])),
                       quarantine=quarantine, ledger=cleaned.ledger, fixes=cleaned.fixes,
                       currencies=cleaned.currencies)


def _typed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cleaned rows from DuckDB with the kit's dtypes: IDs and names as text, days as datetime64[ns]."""
    frame = frame.copy()
    for column in ("customer_id", "order_id", "customer_name"):
        if column in frame:
            frame[column] = frame[column].astype("string")
    if "order_date" in frame:
        frame["order_date"] = pd.to_datetime(frame["order_date"]).astype("datetime64[ns]")
    return frame


#: A date of three short figures (24.3.25, 24.3.5, 05/03/24): year first, or day or month first and a two-digit year.
THREE_FIGURES = r"^\s*(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{1,2})(?:\s.*)?$"


def year_first(values: pd.Series, known_years: set[int] = frozenset()) -> str | None:
    """``%y.%m.%d`` (with the separator the dates use) when the three-figure dates among ``values`` are written
    year first (``24.3.25`` for 2024-03-25, as Chinese ledgers do) rather than day or month first (``24.3.25`` for
    24 March 2025, as German ones do); else None. Year first when it is the only reading (``99.3.5``), when it
    puts every date in a year the data knows (``known_years``: the sheet's or file's name, the other dates) and
    the other reading does not, or, without such years, when the first figure takes fewer values than the last
    (a ledger's year against its days)."""
    parts = values.dropna().astype("string").str.extract(THREE_FIGURES).dropna()
    if parts.empty:
        return None
    first, second, last = (pd.to_numeric(parts[i]).to_numpy() for i in (0, 2, 3))
    if (second > 12).any() or (second < 1).any() or (last > 31).any() or (last < 1).any():
        return None  # the last figure is no day or the middle one no month: not year first
    form = f"%y{parts[1].iloc[0]}%m{parts[1].iloc[0]}%d"
    if (first > 31).any():
        return form
    def years(figures):
        return set((np.where(figures < 69, 2000, 1900) + figures).tolist())
    if known_years:
        return form if years(first) <= set(known_years) and not years(last) <= set(known_years) else None
    distinct_first, distinct_last = len(set(first.tolist())), len(set(last.tolist()))
    return form if distinct_last >= 4 and distinct_first < distinct_last and distinct_first <= 3 else None


#: A month written year.month, as typed in a date column (2025.3) or kept as a number (2025.1: October typed 2025.10,
#: its 0 lost); group 1 the year, group 2 the month's figures.
YEAR_MONTH = r"((?:19|20|21)\d{2})\.(\d{1,2})"
#: ``data.date_format`` for such months: ``%Y.%m`` the month in two figures (2025.01 .. 2025.12), so 2025.1 is
#: October; ``%Y.%-m`` the month as typed (2025.1 .. 2025.12), so 2025.1 is January.
YEAR_MONTH_TWO, YEAR_MONTH_AS_TYPED = "%Y.%m", "%Y.%-m"


def year_month_octobers(con, relation: str, column: str, source: str, date_format: str | None) -> dict[int, int]:
    """The year.month cells (:data:`YEAR_MONTH`) of the order-date ``column`` that read 2025.1 and are October
    (2025.10 typed as a number, which keeps 2025.1): ``{year: first source row}`` from which on that year's
    2025.1 cells are October (a ledger in month order holds January's before). Decided from the column: a cell
    2025.10 (as text) writes October so, 2025.1 is January; a month in two figures (2025.03), 2025.1 is October;
    else the rows' order (2025.1 before 2025.2 is January, after 2025.9 October) or, with no month from 2 to 9 in
    the year, 2025.11 or 2025.12 beside it (October). ``data.date_format`` ``%Y.%m`` or ``%Y.%-m`` says it. A 2025.1
    nothing decides stops the run (:class:`DataError`, ``e_year_month_tenths``): never silently January."""
    from .clean_sql import quote

    if date_format == YEAR_MONTH_AS_TYPED or (date_format is not None and date_format != YEAR_MONTH_TWO):
        return {}
    col, row = quote(column), quote(SOURCE_ROW)
    text = f"trim(CAST({col} AS VARCHAR))"
    # a year.month holds a dot: cells without one (2024-10-10) are passed over before they are trimmed and matched
    # (10M lines of ISO dates: 0.3 CPU s rather than 2.2)
    cells = con.execute(
        f"SELECT {row} AS r, regexp_extract({text}, '^{YEAR_MONTH}$', 1) AS y, "
        f"regexp_extract({text}, '^{YEAR_MONTH}$', 2) AS m FROM {relation} "
        f"WHERE contains(CAST({col} AS VARCHAR), '.') AND regexp_full_match({text}, '{YEAR_MONTH}') "
        f"ORDER BY {row}").df()
    cells = cells[cells["m"].astype(int).between(1, 12)]  # 2025.13 is no month (set aside), never a November's
    if cells.empty or not (cells["m"] == "1").any():
        return {}
    years = cells["y"].astype(int)
    if date_format == YEAR_MONTH_TWO or (cells["m"].str.fullmatch("0[1-9]").any() and not (cells["m"] == "10").any()):
        return {int(y): 0 for y in years[cells["m"] == "1"].unique()}
    if (cells["m"] == "10").any():  # October written 2025.10: 2025.1 is January
        return {}
    out = {}
    for year in years[cells["m"] == "1"].unique():  # a few years at most: each decided on its own cells
        these = cells[years == year]
        tenths = (these["m"] == "1").to_numpy()
        months = these["m"].astype(int).to_numpy()
        others = months[~tenths]
        rows = these["r"].to_numpy()
        if not (others < 10).any():  # 2025.1 beside 2025.11 or 2025.12 alone: October, the months running on
            if (others >= 11).any():
                out[int(year)] = 0
                continue
            if ((years == year - 1) & (cells["m"] == "12")).any():  # 2025.1 alone after 2024.12: January
                continue
            _said_tenths(source, int(rows[tenths][0]), f"{year}.1")
        # in row order: the other months rising, 2025.1 before the first of 2 to 9 January, after the last October
        ordered = bool((np.diff(others) >= 0).all())
        low = rows[~tenths][others < 10]
        first_low, last_low = low.min(), low.max()
        high = rows[~tenths][others >= 11]
        january = rows[tenths] < first_low
        october = (rows[tenths] > last_low) & (rows[tenths] < (high.min() if high.size else np.inf))
        if not ordered or not (january | october).all():
            unsure = rows[tenths][~(january | october)]
            _said_tenths(source, int(unsure[0] if unsure.size else rows[tenths][0]), f"{year}.1")
        if october.any():
            out[int(year)] = int(rows[tenths][october].min())
    return out


def _said_tenths(source: str, row: int, value: str) -> None:
    raise DataError(key="e_year_month_tenths", file=source, row=row, value=repr(value),
                    two=YEAR_MONTH_TWO, typed=YEAR_MONTH_AS_TYPED)


def stop_on_ambiguous_dates(con, relation: str, column: str, source: str, *, values: pd.Series | None = None,
                            dates_year: int | None = None) -> None:
    """Stop at the first text date written year first (``24.3.25``, :func:`year_first`; ``dates_year``: the year
    the sheet's or file's name gives), else at the first that reads as day/month or month/day (``03/05/2024``).

    ``values`` are the distinct dates to check (read from the file when None).
    """
    from .clean_sql import quote

    col = quote(column)
    if values is None:
        values = con.execute(f"SELECT DISTINCT {col} AS raw FROM {relation} WHERE {col} IS NOT NULL").df()["raw"]
    values = values.reset_index(drop=True)

    def first_row(examples: pd.Series) -> tuple[int, str]:
        con.register("_ambiguous", pd.DataFrame({"raw": examples.astype(object)}))
        row, value = con.execute(
            f"SELECT {quote(SOURCE_ROW)}, {col} FROM {relation} WHERE {col} IN (SELECT raw FROM _ambiguous) "
            f"ORDER BY {quote(SOURCE_ROW)} LIMIT 1").fetchall()[0]
        con.unregister("_ambiguous")
        return int(row), repr(str(value).strip())

    unclear = ambiguous_dates(values).to_numpy()
    figures = fullmatch(date_text(values), THREE_FIGURES)
    if figures.any():
        others = values[~(unclear | figures)]
        known = set(parse_date(others).dt.year.dropna().astype(int)) | ({dates_year} if dates_year else set())
        form = year_first(values[figures], known)
        if form:
            row, value = first_row(values[figures])
            raise DataError(key="e_year_first_date", file=source, value=value, row=row, format=form,
                            day_first=f"%d{form[2]}%m{form[2]}%y")
    if not unclear.any():
        return
    texts = values[unclear]
    parts = texts.astype("string").str.extract(r"^\s*(\d+)(\D)(\d+)")
    first_part = pd.to_numeric(parts[0], errors="coerce")
    second_part = pd.to_numeric(parts[2], errors="coerce")
    # the example reads both ways (03/05/2024), not only one (18/09/2024), when the file has such a date
    both = ((first_part <= 12) & (second_part <= 12)).fillna(False).to_numpy()
    row, value = first_row(texts[both] if both.any() else texts)
    form = re.match(r"^'?\s*\d+(\D)\d+\D(\d+)", value)
    sep, year = (form.group(1), "%Y" if len(form.group(2)) == 4 else "%y") if form else ("/", "%Y")
    day_first, month_first = f"%d{sep}%m{sep}{year}", f"%m{sep}%d{sep}{year}"
    if (first_part > 12).any():
        hint = phrase("e_day_first_hint", format=day_first)
    elif (second_part > 12).any():
        hint = phrase("e_month_first_hint", format=month_first)
    else:
        hint = ""
    raise DataError(key="e_ambiguous_date", file=source, value=value, row=row,
                    day_first=day_first, month_first=month_first, hint=hint)


def excluded_currencies(con, cleaned, exclude: dict) -> pd.DataFrame:
    """The order lines ``cleaning.exclude`` left out by a column naming each line's currency (币别: [美元, 港币]), per
    file, column and currency: ``rows``, ``amount`` (in that currency: the ledger's amount of lines excluded adds
    dollars to yuan), ``customers`` (those with such a line) and ``customers_left_out`` (those with no line kept in
    any file: the exclusion takes them out of the grading; QA c92: 25 of 95). Empty when no key is such a column."""
    from .clean_sql import _value_columns, _values_expr, quote
    from .currency import is_currency_header
    from .io import key_text

    keys = {h: v for h, v in (exclude or {}).items() if is_currency_header(str(h))}
    # a line the other keys leave out too (状态: [已取消]) is no currency's: mapping a converted amount keeps it out
    others = {h: v for h, v in (exclude or {}).items() if h not in keys}
    columns = ["source_file", "column", "currency", "rows", "amount", "customers", "customers_left_out"]
    if not keys:
        return pd.DataFrame(columns=columns)
    parts, kept = [], set()
    for one in cleaned:
        kept |= {r[0] for r in con.execute(
            f"SELECT DISTINCT customer_id FROM {one.table} WHERE reason IS NULL AND customer_id IS NOT NULL").fetchall()}
        for (header, values), column in zip(keys.items(), _value_columns(one.raw_columns, keys)):
            if column is None:
                continue
            listed = [key_text(v).lower() for v in values]
            other = _values_expr(one.raw_columns, others, one.source) if others else "false"
            found = con.execute(f"""
                SELECT trim(CAST(s.{quote(column)} AS VARCHAR)) AS currency, t.customer_id, count(*) AS rows,
                       sum(coalesce(t._cents, 0)) AS cents
                FROM {one.table} t JOIN {one.relation} s ON t._source_row = s.{quote(SOURCE_ROW)}
                WHERE t.reason = 'excluded' AND NOT ({other}) GROUP BY 1, 2""").df()
            found = found.loc[found["currency"].fillna("").map(lambda v: key_text(v).lower()).isin(listed)]
            if len(found):
                parts.append(found.assign(source_file=one.source, column=str(header)))
    if not parts:
        return pd.DataFrame(columns=columns)
    found = pd.concat(parts, ignore_index=True)
    found["left_out"] = ~found["customer_id"].isin(kept) & found["customer_id"].notna()
    out = found.groupby(["source_file", "column", "currency"], sort=False).agg(
        rows=("rows", "sum"), cents=("cents", "sum"), customers=("customer_id", "nunique"))
    # each customer left out counted once, under the group holding most of its lines: the column sums to them all
    left = (found.loc[found["left_out"]].sort_values("rows", ascending=False, kind="stable")
            .drop_duplicates("customer_id").groupby(["source_file", "column", "currency"], sort=False).size())
    out["customers_left_out"] = left.reindex(out.index).fillna(0).astype("int64")
    out["amount"] = out.pop("cents") / 100
    out = out.reset_index().sort_values(["rows", "currency"], ascending=[False, True], kind="stable")  # most first
    return out[columns].reset_index(drop=True)


def credit_sign_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when a credit column held its credits as negative numbers (every one ≤ 0): each was
    read as its size and subtracted from the debit, where as written it would have been added; None otherwise."""
    from .text import t

    found = _ledger_total(paths, "info", "credit_sign")
    if found is None:
        return None
    return t("credit_sign_note", lang, n=f"{found[0]:,}", amount=_money(-found[1], currency))


def excluded_currencies_found(paths) -> pd.DataFrame | None:
    """``excluded_currencies.csv`` of the run (:func:`excluded_currencies`), or None when it holds nothing."""
    if not paths.excluded_currencies.is_file():
        return None
    found = pd.read_csv(paths.excluded_currencies, encoding="utf-8-sig", keep_default_na=False,
                        dtype={"currency": str, "column": str})
    return None if found.empty else found


def excluded_currencies_each(found: pd.DataFrame, lang: str) -> str:
    """Each currency left out, its lines and its amount in that currency: ``美元 439 行（5,645,836.84 美元）``."""
    from .text import t

    by = found.groupby(["column", "currency"], sort=False).agg(rows=("rows", "sum"), amount=("amount", "sum"))
    by = by.sort_values("rows", ascending=False, kind="stable")
    return ("、" if lang == "zh" else ", ").join(
        t("excluded_currency_each", lang, currency=c, n=f"{int(r):,}", amount=f"{a:,.2f}")
        for (_, c), (r, a) in by.iterrows())


def excluded_currencies_note(paths, lang: str = "en") -> str | None:
    """A line for the terminal when ``cleaning.exclude`` left out lines by a column naming their currency (币别: 美元,
    港币): how many lines and what share of the order lines read, each currency's amount in that currency (never
    summed across currencies), and how many customers have no line left, so not graded (QA c92: 25 of 95 customers,
    64% of revenue left without a word); None when there were none."""
    from .text import t

    found = excluded_currencies_found(paths)
    if found is None or not paths.ledger.is_file():
        return None
    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    from .clean_sql import NOT_LINES

    read = int(ledger.loc[ledger["kind"] == "read", "rows"].sum())
    read -= int(ledger.loc[ledger["reason"].isin(NOT_LINES), "rows"].sum())  # order lines, not totals or headings
    n = int(found["rows"].sum())
    each = excluded_currencies_each(found, lang)
    from .report import pct

    left = int(found["customers_left_out"].sum())  # each customer once (excluded_currencies)
    return t("excluded_currency_note", lang, n=f"{n:,}", share=pct(n / read, 1) if read else "-",
             column=", ".join(dict.fromkeys(found["column"])), each=each, left=f"{left:,}")


def build_ledger_sql(con, table: str, source: str, *, merged: str | None = None) -> pd.DataFrame:
    """Rows and amounts read, dropped or set aside per reason, kept, and notes, from a cleaned table.

    Amounts are summed in cents; unparseable amounts count as zero. ``merged`` is a relation whose column
    ``r`` lists the rows with cells filled from merged ranges (a note of its own).
    """
    from .clean_sql import written_name

    in_merged = f"_source_row IN (SELECT r FROM {merged} WHERE how IN ('filled', 'once'))" if merged else "false"
    in_hidden = f"_source_row IN (SELECT r FROM {merged} WHERE how = 'hidden')" if merged else "false"
    in_red = f"_source_row IN (SELECT r FROM {merged} WHERE how = 'red')" if merged else "false"
    columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    has_name = "customer_name" in columns
    # set aside for want of an ID, though the customer's name is written (临时客户): cleaning.blank_ids can take them
    # tested on those lines only (a CASE, not an AND): the name's test on every line of 10M took 16 s
    named_aside = (f"CASE WHEN reason = 'missing_customer_id' THEN {written_name('customer_name')} ELSE false END"
                   if has_name else "false")
    in_down = f"_source_row IN (SELECT r FROM {merged} WHERE how = 'down')" if merged else "false"
    in_heading = f"_source_row IN (SELECT r FROM {merged} WHERE how = 'heading')" if merged else "false"
    unmatched = f"_join = '{UNMATCHED_KEPT}'" if "_join" in columns else "false"
    # a 0 written for the other rows of a merged amount is no free good
    zero = f"_cents = 0 AND _source_row NOT IN (SELECT r FROM {merged} WHERE how = 'once')" if merged else "_cents = 0"
    counts = con.execute(f"""
        SELECT reason, count(*) AS rows, sum(coalesce(_cents, 0)) AS cents,
               count(*) FILTER (WHERE {zero}) AS zero_rows, sum(_cents) FILTER (WHERE {zero}) AS zero_cents,
               count(*) FILTER (WHERE _cents < 0) AS neg_rows, sum(_cents) FILTER (WHERE _cents < 0) AS neg_cents,
               count(*) FILTER (WHERE _identical) AS dup_rows, sum(_cents) FILTER (WHERE _identical) AS dup_cents,
               count(*) FILTER (WHERE _earlier) AS earlier_rows, sum(_cents) FILTER (WHERE _earlier) AS earlier_cents,
               count(*) FILTER (WHERE {in_merged}) AS merged_rows, sum(_cents) FILTER (WHERE {in_merged}) AS merged_cents,
               count(*) FILTER (WHERE _refund > 0) AS refund_rows, -sum(_refund) FILTER (WHERE _refund > 0) AS refund_cents,
               count(*) FILTER (WHERE _credit <> 0) AS credit_rows, -sum(_credit) FILTER (WHERE _credit <> 0) AS credit_cents,
               count(*) FILTER (WHERE _credit_sign) AS sign_rows, -sum(_credit) FILTER (WHERE _credit_sign) AS sign_cents,
               count(*) FILTER (WHERE _discount <> 0) AS discount_rows,
               -sum(_discount) FILTER (WHERE _discount <> 0) AS discount_cents,
               count(*) FILTER (WHERE _from_order) AS order_rows, sum(_cents) FILTER (WHERE _from_order) AS order_cents,
               count(*) FILTER (WHERE _named) AS named_rows, sum(_cents) FILTER (WHERE _named) AS named_cents,
               count(*) FILTER (WHERE {named_aside}) AS unnamed_rows,
               sum(coalesce(_cents, 0)) FILTER (WHERE {named_aside}) AS unnamed_cents,
               count(*) FILTER (WHERE {in_down}) AS down_rows, sum(_cents) FILTER (WHERE {in_down}) AS down_cents,
               count(*) FILTER (WHERE {in_heading}) AS heading_rows,
               sum(_cents) FILTER (WHERE {in_heading}) AS heading_cents,
               count(*) FILTER (WHERE {in_hidden}) AS hidden_rows, sum(_cents) FILTER (WHERE {in_hidden}) AS hidden_cents,
               count(*) FILTER (WHERE {in_red}) AS red_rows, sum(_cents) FILTER (WHERE {in_red}) AS red_cents,
               count(*) FILTER (WHERE {unmatched}) AS unmatched_rows,
               sum(_cents) FILTER (WHERE {unmatched}) AS unmatched_cents
        FROM {table} GROUP BY reason
    """).df()
    by_reason = counts.set_index(counts["reason"].fillna("")).drop(columns="reason")
    by_reason = by_reason.fillna(0).astype("int64")
    rows = [("read", "", int(by_reason["rows"].sum()), int(by_reason["cents"].sum()))]
    for key, (kind, _) in REASONS.items():
        if key in by_reason.index:
            rows.append((kind, key, int(by_reason.loc[key, "rows"]), int(by_reason.loc[key, "cents"])))
    kept = by_reason.loc[""] if "" in by_reason.index else pd.Series(0, index=by_reason.columns)
    rows.append(("kept", "", int(kept["rows"]), int(kept["cents"])))
    for key, prefix in (("zero_amount", "zero"), ("return_netted", "neg"), ("refund_netted", "refund"),
                        ("discount_netted", "discount"), ("credit_netted", "credit"), ("credit_sign", "sign"),
                        ("possible_duplicate", "dup"), ("merged_cells", "merged"), ("filled_down", "down"),
                        ("customer_heading", "heading"), ("filled_from_order", "order"), ("id_from_name", "named"), ("hidden_rows", "hidden"),
                        ("red_returns", "red"), ("unmatched_kept", "unmatched")):
        if kept[f"{prefix}_rows"]:
            rows.append(("info", key, int(kept[f"{prefix}_rows"]), int(kept[f"{prefix}_cents"])))
    if "missing_customer_id" in by_reason.index and by_reason.loc["missing_customer_id", "unnamed_rows"]:
        aside = by_reason.loc["missing_customer_id"]
        rows.append(("info", "missing_id_named", int(aside["unnamed_rows"]), int(aside["unnamed_cents"])))
    if "duplicate" in by_reason.index and by_reason.loc["duplicate", "earlier_rows"]:  # overlapping exports
        dropped = by_reason.loc["duplicate"]
        rows.append(("info", "duplicate_of_earlier", int(dropped["earlier_rows"]), int(dropped["earlier_cents"])))
    ledger = pd.DataFrame(rows, columns=["kind", "reason", "rows", "cents"])
    ledger.insert(0, "source_file", source)
    texts = {k: reason_text(k) for k in [*REASONS, *NOTES]}
    ledger.insert(3, "reason_text", ledger["reason"].map(texts).fillna(""))
    ledger["amount"] = ledger.pop("cents") / 100
    return ledger


def check_ledger(ledger: pd.DataFrame, source: str) -> None:
    """Stop when rows or amounts read != dropped + set aside + kept."""
    flows = ledger[ledger["kind"].isin(["dropped", "set_aside", "kept"])]
    read = ledger[ledger["kind"] == "read"]
    rows_in, rows_out = int(read["rows"].sum()), int(flows["rows"].sum())
    cents_in = int(round(read["amount"].sum() * 100))
    cents_out = int(round(flows["amount"].sum() * 100))
    if rows_in != rows_out or cents_in != cents_out:
        raise DataError(
            f"{source}: the cleaning ledger does not reconcile: {rows_in} rows read but {rows_out} "
            f"accounted for; this is a bug in the kit, please report it"
        )


def clean_files(tables: list[tuple[pd.DataFrame, str]], columns, *, rules, date_format=None,
                decimal: str = "auto", amount_scale: float = 1.0, currency: str | None = None) -> CleanResult:
    """:func:`clean_orders` for each input file, results stacked (one ledger block per file); a currency column
    naming one currency in one file and another in the next stops it, as a run does (review)."""
    from types import SimpleNamespace

    from .clean_sql import stop_on_several_currencies

    results = [
        clean_orders(raw, columns, source=source, duplicates=rules.duplicates, returns=rules.returns,
                     date_format=date_format, decimal=decimal, amount_scale=amount_scale,
                     max_set_aside_share=rules.max_set_aside_share, subtotals=rules.subtotals, currency=currency,
                     order_totals=rules.order_totals)
        for raw, source in tables
    ]
    stop_on_several_currencies([SimpleNamespace(source=source, currencies=r.currencies)
                                for r, (_, source) in zip(results, tables)], currency)
    return CleanResult(
        transactions=pd.concat([r.transactions for r in results], ignore_index=True),
        quarantine=pd.concat([r.quarantine for r in results], ignore_index=True),
        ledger=pd.concat([r.ledger for r in results], ignore_index=True),
        fixes=pd.concat([r.fixes for r in results], ignore_index=True),
    )


def check_master(master: pd.DataFrame, transactions: pd.DataFrame, *, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Normalise a customer master and compare its IDs with the orders'.

    Returns
    -------
    (master, check)
        The master with one row per customer ID (later duplicates dropped) and a
        table ``check``, ``customers``, ``examples``: IDs in orders but not in the
        master, in the master but not in orders, and duplicate IDs in the master.
    """
    master = master.drop(columns=SOURCE_ROW, errors="ignore").copy()
    master["customer_id"] = clean_customer_id(master["customer_id"])
    master = master[master["customer_id"].notna()]
    dup = master["customer_id"].duplicated(keep="first")
    master_ids = set(master["customer_id"])
    order_ids = set(transactions["customer_id"].dropna().unique())
    only_orders = sorted(order_ids - master_ids)
    only_master = sorted(master_ids - order_ids)
    duplicated = sorted(set(master.loc[dup, "customer_id"]))
    # 10203 in the orders, 010203 in the master: a workbook showed the code with a number format '000000'
    padded = {m.lstrip("0"): m for m in only_master if m.isdigit() and m.startswith("0")}
    zeros = [f"{o} = {padded[o]}" for o in only_orders if o.isdigit() and o in padded]
    check = pd.DataFrame(
        {
            "check": ["in orders, not in master", "in master, no orders", "duplicate IDs in master",
                      "in orders without the master's leading zeros"],
            "customers": [len(only_orders), len(only_master), len(duplicated), len(zeros)],
            "examples": [", ".join(x[:5]) for x in (only_orders, only_master, duplicated, zeros)],
        }
    )
    check.insert(0, "source_file", source)
    return master[~dup].reset_index(drop=True), check


def master_for(params, transactions, *, note=None) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The case's customer master, normalised, and its ID check against the orders.

    ``transactions`` is the cleaned table or its Parquet file (only the distinct
    customer IDs are read). Without ``data.master``: ``(None, empty check table)``. The master is read as
    ``data.quoted_line_breaks`` says, the cells read as quoted over lines said to ``note`` (review: with ``keep`` the
    master stopped the run as its stop said to set it).
    """
    from .io import kept_quoted_lines, load_master, quoted_line_breaks

    with quoted_line_breaks(params.data) as kept:
        loaded = load_master(params)
    for line in kept_quoted_lines(kept, params.language):
        (note or (lambda line: None))(line)
    if loaded is None:
        return None, pd.DataFrame(columns=["source_file", "check", "customers", "examples"])
    master, source = loaded
    with _transactions(transactions) as (con, tx):
        ids = con.execute(f"SELECT DISTINCT customer_id FROM {tx} WHERE customer_id IS NOT NULL").df()
    return check_master(master, ids, source=source)


@dataclass(frozen=True)
class CaseCleaning:
    """What :func:`clean_case` shows the notebook; the rows themselves are in the run folder.

    Attributes
    ----------
    files
        One row per input file: ``file``, ``format``, ``rows``, ``columns``.
    ledger, fixes
        As in :class:`CleanResult`, for all files.
    quarantine
        The first set-aside rows (all of them are in ``quarantine.csv``).
    kept
        Rows written to ``transactions.parquet``.
    id_variants
        Customer IDs that look like one customer written two ways (:func:`id_variants`), as written to
        ``id_check.csv``; ``graded_as`` is each one's ID in the graded tables.
    """

    files: pd.DataFrame
    ledger: pd.DataFrame
    fixes: pd.DataFrame
    quarantine: pd.DataFrame
    kept: int
    id_variants: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ID_CHECK_COLUMNS))


def clean_case(params, paths, sources=None, *, note=None, quarantine_sample: int = 200) -> CaseCleaning:
    """Clean every order file of the case in the engine and write the results to the run folder.

    ``sources`` are the files opened by :func:`kit.io.open_orders` (opened here
    when None, and closed here in any case). Writes ``transactions.parquet`` (kept rows in file order), ``quarantine.csv``
    (every set-aside row with its original cells), ``ledger.csv`` and
    ``fixes.csv``. Only these summaries come back to Python, so the order lines
    never sit in pandas at once. ``note`` receives progress lines.
    """
    from .clean_sql import (
        cancel_across_files,
        kept_sql,
        stop_on_marked_currencies_across,
        stop_on_repeated_totals_across,
        stop_on_several_currencies,
        supersede_earlier_orders,
    )
    from .io import KitConnection, open_orders
    from .progress import heartbeat
    from .text import t

    note = note or (lambda line: None)
    rules = params.cleaning
    same = same_customers_of(params, note=note)  # a mapping file that cannot be followed stops before orders are read
    if sources is None:
        sources = open_orders(params, staging=paths.staging, note=note)
    with sources, heartbeat(note, lang=params.language) as note:  # a long step says it is still running
        if isinstance(sources.con, KitConnection):  # a statement run again with more memory is said
            sources.con.told_in(note, params.language)
        files = sources.files()
        labels = [name for _, name, _ in sources.relations]
        for sheet in rules.return_sheets:  # a misspelt sheet would leave its returns counted as sales
            if not any(_of_sheet(label, sheet) for label in labels):
                raise DataError(key="e_return_sheet_missing", sheet=repr(sheet), read=", ".join(labels))
        cleaned, over = [], []
        named_ids = _named_ids(sources, params) if rules.blank_ids == "name" and len(sources.relations) > 1 else None
        rolled = _rolled_sheet_years(labels, params.data)  # 10月 ... 12月, 1月 ... 3月: the last three a year on
        books = {label: _workbook_of(label) for label in labels}
        sheets = pd.Series([b for b in books.values() if b]).value_counts()
        for relation, name, _ in sources.relations:
            note(t("p_cleaning", params.language, file=name))
            try:
                cleaned.append(_clean_one(sources, relation, name, params, cleaned, note, rolled.get(name),
                                          defer_limit=sheets.get(books[name], 0) > 1, named_ids=named_ids))
            except DataError as exc:  # every file over the set-aside limit is named, not the first one only
                if exc.key not in _OVER_THE_LIMIT:
                    raise
                over.append(exc)
        over += _workbooks_over_the_limit(cleaned, books, rules.max_set_aside_share)
        if over:
            raise _over_the_limit(over)
        stop_on_repeated_totals_across(cleaned)
        stop_on_several_currencies(cleaned, params.currency)
        stop_on_marked_currencies_across(cleaned, params.currency)
        if same:  # registered once: the overlap's orders and the kept lines are compared by it
            sources.con.register("_same_map", pd.DataFrame(list(same.items()),
                                                           columns=["written", "graded_as"], dtype="string"))
        if rules.overlap == "latest" and len(cleaned) > 1:
            cleaned = supersede_earlier_orders(sources.con, cleaned, once=rules.order_totals == "once",
                                               same="_same_map" if same else None)
        cleaned = cancel_across_files(sources.con, cleaned)  # an invoice in one file, its cancellation in the next
        kept = " UNION ALL BY NAME ".join(f"({kept_sql(c, i)})" for i, c in enumerate(cleaned))
        target = str(paths.transactions).replace("'", "''")
        # file order: kept by DuckDB through UNION ALL and WHERE when every table is in order, else sorted
        order = "" if all(c.ordered for c in cleaned) else " ORDER BY _file, _source_row"
        renamed = pd.DataFrame(columns=["source_file", "rows", "amount"])
        if same:  # customers the params name as one, before the IDs written two ways are sought
            if rules.id_variants == "merge":  # the customer named as grades.csv writes it: all its ways (00123, 123)
                _same_map_by_group(sources.con, kept, same)
            # on any line read, kept or not (review: an old code whose orders a later export supersedes is written)
            read = " UNION ".join(f"SELECT customer_id FROM {c.table}" for c in cleaned)
            unmatched = [r[0] for r in sources.con.execute(
                f"SELECT written FROM _same_map WHERE written NOT IN (SELECT customer_id FROM ({read}) "
                f"WHERE customer_id IS NOT NULL) ORDER BY written").fetchall()]
            if unmatched:  # a name mistyped, or a customer without orders in these files: said, not stopped on
                note(t("p_same_unmatched", params.language, n=len(unmatched),
                       names=("、" if params.language == "zh" else ", ").join(unmatched[:5])
                       + (" …" if len(unmatched) > 5 else "")))
            kept = (f"SELECT k.* REPLACE (coalesce(s.graded_as, k.customer_id) AS customer_id), s.written AS _named "
                    f"FROM ({kept}) k LEFT JOIN _same_map s ON k.customer_id = s.written")
            order = " ORDER BY _file, _source_row"  # a join does not keep the rows in order
            renamed = _renamed_notes(sources.con, kept, cleaned)
        variants = _id_frame(sources.con.execute(id_variants_sql(kept)).df())
        merged_ids = pd.DataFrame(columns=["source_file", "rows", "amount"])
        if rules.id_variants == "merge" and len(variants):  # each group graded under one of its IDs
            sources.con.register("_id_map", variants.loc[variants["customer_id"] != variants["graded_as"],
                                                         ["customer_id", "graded_as"]])
            kept = (f"SELECT k.* REPLACE (coalesce(m.graded_as, k.customer_id) AS customer_id), "
                    f"m.customer_id AS _written FROM ({kept}) k LEFT JOIN _id_map m ON k.customer_id = m.customer_id")
            order = " ORDER BY _file, _source_row"  # a join does not keep the rows in order
            merged_ids = _merged_id_notes(sources.con, kept, cleaned)
        else:
            variants["graded_as"] = variants["customer_id"]
        if sum(int(c.ledger.loc[c.ledger["kind"] == "read", "rows"].sum()) for c in cleaned) >= LARGE:
            note(t("p_writing", params.language))
        # ZSTD: every run keeps its own copy, and 10M lines take 115 MB rather than 215 MB (snappy) for 0.3 s more;
        # at level 1 (the benchmark's 10M lines, 4 runs each: 4.4 CPU s rather than 5.1 at the default level 3, and
        # 96 MB rather than 90 MB; read back no slower)
        sources.con.execute(
            f"COPY (SELECT * EXCLUDE (_file, _source_row{', _written' if len(merged_ids) else ''}"
            f"{', _named' if same else ''}) "
            f"FROM ({kept}){order}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)")
        kept_rows = sources.con.execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchall()[0][0]
        paths.overlap.unlink(missing_ok=True)
        if len(cleaned) > 1 and all("order_id" in c.canonical for c in cleaned):
            overlap = orders_in_several_files(sources.con, kept, [c.source for c in cleaned])
            if len(overlap):
                to_excel_csv(overlap, paths.overlap, float_format="%.2f")
        note(t("p_kept", params.language, rows=f"{kept_rows:,}"))
        paths.excluded_currencies.unlink(missing_ok=True)
        by_currency = excluded_currencies(sources.con, cleaned, rules.exclude)
        if len(by_currency):
            to_excel_csv(by_currency, paths.excluded_currencies, float_format="%.2f")
        sample = _write_quarantine(sources.con, cleaned, paths.quarantine, quarantine_sample, params.language)
        retried = getattr(sources.con, "retried", [])
    paths.memory.unlink(missing_ok=True)
    if retried:  # for the run's end note: the cleaning used more memory than CLEANING_MEMORY
        pd.DataFrame(retried, columns=["memory_limit", "retried_with"]).to_csv(paths.memory, index=False)
    ledger = pd.concat([part for c in cleaned for part in (c.ledger, _merged_id_ledger(merged_ids, c.source),
                                                           _merged_id_ledger(renamed, c.source, "same_customer"))
                        if part is c.ledger or len(part)], ignore_index=True)
    for sheet in sources.skipped:  # in the workbook's order: after the sheet before it, or before the others
        labels = ledger["source_file"].astype(str)
        book = labels.str.startswith(sheet.label.rsplit(" [", 1)[0] + " [")
        at = (int(ledger.index[labels == sheet.after][-1]) + 1 if (labels == sheet.after).any()
              else int(ledger.index[book][0]) if book.any() else len(ledger))
        ledger = pd.concat([ledger.iloc[:at], skipped_sheet_ledger([sheet]), ledger.iloc[at:]], ignore_index=True)
    if params.language != "en":  # the reasons in the report's language, as the quarantine has them
        ledger["reason_text"] = ledger["reason"].map(lambda r: reason_text(r, params.language) if r else "")
    for label, said in sources.filters.items():  # rows hidden by a filter: which, in ledger.csv and the end note
        at = (ledger["reason"] == "hidden_rows") & (ledger["source_file"] == label)
        ledger.loc[at, "reason_text"] = ledger.loc[at, "reason_text"] + FILTER_SEP + said
    fixes = fixes_in(pd.concat([part for c in cleaned for part in (
        c.fixes, _merged_id_fixes(merged_ids, c.source),
        _merged_id_fixes(renamed, c.source, "customer graded as cleaning.same_customers names it"))
        if part is c.fixes or len(part)], ignore_index=True), params.language)
    to_excel_csv(ledger, paths.ledger, float_format="%.2f")
    to_excel_csv(fixes, paths.fixes)
    paths.id_check.unlink(missing_ok=True)
    if len(variants):
        to_excel_csv(variants, paths.id_check, float_format="%.2f")
    return CaseCleaning(files=files, ledger=ledger, fixes=fixes, quarantine=sample, kept=int(kept_rows),
                        id_variants=variants)


def _rolled_sheet_years(labels: list[str], data) -> dict[str, int]:
    """Label -> year for the sheets of a workbook named by their month alone that cross a year end in the
    workbook's order (see :func:`kit.wide.rolled_years`); the first sheet's year is the one the file's name gives
    (2025台账, 2025-2026年度台账), else ``data.year``."""
    from .wide import file_and_sheet, first_sheet_year, rolled_years

    by_file: dict[str, list[tuple[str, str]]] = {}
    for label in labels:
        of_sheet = file_and_sheet(label)
        if of_sheet:
            by_file.setdefault(of_sheet[0], []).append((label, of_sheet[1]))
    years = {}
    for file, sheets in by_file.items():
        stem = Path(file).stem
        names = [sheet for _, sheet in sheets]
        rolled = rolled_years(names, first_sheet_year(names, stem) or data.year)
        years.update({label: rolled[sheet] for label, sheet in sheets if sheet in rolled})
    return years


def _workbook_of(label: str) -> str | None:
    """The workbook of a sheet's ledger label (``book.xlsx [2025Q1]`` -> ``book.xlsx``); None for a file's."""
    found = re.fullmatch(r"(.+) \[[^\]]*\]", label)
    return found.group(1) if found else None


def _workbooks_over_the_limit(cleaned: list, books: dict, limit: float) -> list[DataError]:
    """The errors of the workbooks whose sheets, together, set aside more than ``limit`` of their rows: a sheet
    of 41 lines with 3 unreadable amounts (7.3%) no longer stops a workbook of 139 (2.2%: QA). Each is the error
    of its sheet with the most rows set aside, told with the workbook's counts and that sheet named."""
    from .clean_sql import suggested_limit

    out = []
    for book in dict.fromkeys(b for b in books.values() if b):
        parts = [c for c in cleaned if books.get(c.source) == book]
        late = [c for c in parts if c.over_limit is not None]
        aside, base = sum(c.aside_rows for c in parts), sum(c.base_rows for c in parts)
        share = aside / base if base else 0.0
        if not late or share <= limit:
            continue
        worst = max(late, key=lambda c: c.aside_rows)
        values = worst.over_limit.values
        sheet = worst.source[len(book) + 2:-1]
        examples = {lang: f"[{sheet}] {text}" for lang, text in values["examples"].items()} \
            if isinstance(values.get("examples"), dict) else values.get("examples")
        out.append(DataError(key=worst.over_limit.key, **{
            **values, "file": book, "aside": f"{aside:,}", "non_blank": f"{base:,}", "share": f"{share:.1%}",
            "ratio": share, "examples": examples, "suggest": f"{suggested_limit(share):g}"}))
    return out


def _named_ids(sources, params) -> str | None:
    """A table of (customer_name, customer_id) over every file of the case that writes both, read as cleaning reads
    them (``cleaning.blank_ids: name``): the ID a name has is looked for in the files cleaned after a file too. None
    when no file has both."""
    from .clean_sql import named_ids, named_ids_sql, written_name
    from .io import match_headers

    parts = []
    for relation, name, _ in sources.relations:
        raw = [d[0] for d in sources.con.execute(f"SELECT * FROM {relation} LIMIT 0").description]
        try:
            headers = match_headers(raw, params.columns, source=name, header_row=params.data.header_row)
        except DataError:  # said when the file is cleaned
            continue
        if isinstance(headers.get("customer_id"), str) and isinstance(headers.get("customer_name"), str):
            parts.append(named_ids_sql(relation, headers["customer_id"], headers["customer_name"]))
    if not parts:
        return None
    pairs = named_ids(sources.con.execute(" UNION ".join(parts)).df())
    table = "_named_ids"
    sources.con.register("_named_ids_read", pairs)
    sources.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT customer_name, customer_id "
                        f"FROM _named_ids_read WHERE {written_name('customer_name')}")
    sources.con.unregister("_named_ids_read")
    return table


def _clean_one(sources, relation: str, name: str, params, earlier: list, note, rolled_year: int | None = None,
               defer_limit: bool = False, named_ids: str | None = None):
    """One file or sheet of the case cleaned (:func:`kit.clean_sql.clean_relation`) by the case's rules; a sheet
    of a ledger kept across a year end takes ``rolled_year`` for its days written without one."""
    from .clean_sql import clean_relation
    from .text import t
    from .wide import name_month, name_year, year_names

    rules = params.cleaning
    return clean_relation(
        sources.con, relation, params.columns, source=name, duplicates=rules.duplicates,
        returns=rules.returns, date_format=params.data.date_format, decimal=params.data.decimal,
        time_zone=params.data.time_zone, day_one=params.data.day_one, amount_scale=params.data.scale_of,
        discount_percent=params.data.discount_percent,
        max_set_aside_share=rules.max_set_aside_share, subtotals=rules.subtotals, exclude=rules.exclude,
        order_totals=rules.order_totals,
        returns_marked=rules.returns_marked, joined=bool(params.data.join),
        all_returns=any(_of_sheet(name, sheet) for sheet in rules.return_sheets),
        header_row=params.data.header_row,
        merged=sources.merged.get(relation, ()), earlier=earlier,
        dates_year=rolled_year or name_year(*year_names(name, params.data)) or params.data.year,
        dates_month=name_month(*year_names(name, params.data)), fill_down=params.data.fill_down,
        stage=lambda key: note(t(key, params.language, file=name)), defer_limit=defer_limit,
        blank_ids=rules.blank_ids, named_ids=named_ids, case_currency=params.currency)


#: Keys of the errors of a file with more unusable rows than ``cleaning.max_set_aside_share`` allows.
_OVER_THE_LIMIT = ("e_too_many_aside", "e_most_aside", "e_most_aside_date_format", "e_most_aside_no_year",
                   "e_most_aside_blank")


def _over_the_limit(over: list[DataError]) -> DataError:
    """The error of the first file over the set-aside limit, naming the others over it too, and suggesting a
    limit that lets them all through: raising it for one sheet of a workbook stopped at the next before."""
    if len(over) == 1:
        return over[0]
    from .clean_sql import suggested_limit

    first = over[0]
    suggest = suggested_limit(max(exc.values["ratio"] for exc in over))  # one limit that lets every file through
    values = {**first.values, **({"suggest": f"{suggest:g}"} if "suggest" in first.values else {})}
    others = [f"{exc.values['file']} ({exc.values['share']})" for exc in over[1:]]
    return DataError(key="e_aside_in_several", error={lang: DataError(key=first.key, **values).told(lang)
                                                      for lang in ("en", "zh")},
                     n=f"{len(others):,}", others={"en": ", ".join(others), "zh": "、".join(others)})


def _of_sheet(label: str, sheet: str) -> bool:
    """Whether the ledger label of a table (``book.xlsx [退货]``, as :func:`kit.io.read_order_sheets` names the
    sheets it reads) is that of ``sheet``."""
    return label.endswith(f" [{sheet}]")


def orders_in_several_files(con, kept: str, sources: list[str]) -> pd.DataFrame:
    """Orders (order ID and customer) with lines kept from more than one file or sheet: lines that differ
    (identical rows are dropped as duplicates), such as an order corrected in a later cumulative export, which
    are counted in each. One row per order and file, in the order of the orders' first file."""
    from .clean_sql import order_number

    # an order number compared without its leading zeros, and its customer as cleaning.id_variants groups IDs, as
    # cleaning.overlap: latest compares them: a re-export saved by Excel writes SAP's 0090000001 as 90000001 and the
    # customer 000118 as 118 (review, re-read: counted twice, and not listed), each shown as the first in sort order
    # (the one with the most leading zeros)
    found = con.execute(f"""
        WITH w AS (SELECT order_id AS written, {order_number()} AS order_id, customer_id,
                          {id_variant_key("customer_id")} AS _customer, _file, amount, order_date
                   FROM ({kept}) WHERE order_id IS NOT NULL),
             k AS (SELECT order_id, _customer, _file, count(*) AS lines, round(sum(amount), 2) AS amount,
                          list(DISTINCT CAST(order_date AS DATE)) AS days, min(written) AS written,
                          min(customer_id) AS customer_id
                   FROM w GROUP BY order_id, _customer, _file),
             -- on the same day in two files: the order written again (a return, or an order's lines in two
             -- months, are dated apart)
             several AS (SELECT order_id, _customer FROM (SELECT order_id, _customer, _file, unnest(days) AS day
                                                          FROM k)
                         GROUP BY order_id, _customer, day HAVING count(DISTINCT _file) > 1)
        SELECT min(written) OVER (PARTITION BY order_id, _customer) AS order_id,
               min(customer_id) OVER (PARTITION BY order_id, _customer) AS customer_id,
               k.* EXCLUDE (days, written, order_id, customer_id, _customer)
        FROM k JOIN (SELECT DISTINCT * FROM several) USING (order_id, _customer)
        ORDER BY min(_file) OVER (PARTITION BY k.order_id, _customer), k.order_id, _customer, _file""").df()
    found.insert(2, "source_file", [sources[i] for i in found["_file"]])
    return found.drop(columns="_file").astype({"lines": "int64", "amount": "float64"})


def overlap_found(paths) -> tuple[int, pd.Series, str, float] | None:
    """What ``overlap.csv`` lists: how many orders were counted from several files, the first one (its order ID),
    the files it is in (``a.csv / b.csv``) and the amount of them all; None when there is no such file."""
    if not paths.overlap.is_file():
        return None
    found = excel_unsafe_frame(pd.read_csv(paths.overlap, encoding="utf-8-sig",
                                           dtype={"order_id": str, "customer_id": str}))
    first = found.iloc[0]
    files = " / ".join(found.loc[(found["order_id"] == first["order_id"]) &
                                 (found["customer_id"] == first["customer_id"]), "source_file"])
    return (found.groupby(["order_id", "customer_id"], sort=False).ngroups, first, files,
            float(found["amount"].sum()))


def overlap_same(paths) -> tuple[int, float] | None:
    """Of the orders ``overlap.csv`` lists, those with the same number of lines and the same amount in each file
    (the order exported again, its cells written another way: IDs whose leading zeros a re-export saved by Excel
    dropped), so counted twice for certain under ``cleaning.overlap: keep``: how many, and the amount counted more
    than once (each order's amount in its files but the first); None when there is none."""
    if not paths.overlap.is_file():
        return None
    found = pd.read_csv(paths.overlap, encoding="utf-8-sig", dtype={"order_id": str, "customer_id": str})
    by = found.groupby(["order_id", "customer_id"], sort=False)
    alike = (by["lines"].transform("nunique") == 1) & (by["amount"].transform("nunique") == 1) & \
        (by["source_file"].transform("size") > 1)
    if not alike.any():
        return None
    same = found.loc[alike]
    orders = same.groupby(["order_id", "customer_id"], sort=False)
    return orders.ngroups, round(float(same["amount"].sum() - orders["amount"].first().sum()), 2)


def overlap_note(paths, lang: str = "en", currency: str = "RMB") -> str | None:
    """A line for the terminal when ``overlap.csv`` lists orders counted from several files; None otherwise."""
    if (found := overlap_found(paths)) is None:
        return None
    n, first, files, _ = found
    same = overlap_same(paths)
    if same is not None:  # the same order written again: counted twice for certain, not only if corrected (QA)
        from .report import money
        from .text import t

        same_said = " " + t("m_overlap_same", lang, same=f"{same[0]:,}", same_n=same[0],
                            extra=money(same[1], currency))
    else:
        same_said = ""
    if lang == "zh":
        return (f"{n:,} 张订单在多个文件中出现且内容不同（如 {first['order_id']}：{files}），每个文件的行都已计入；"
                f"如后一个导出包含并更正了前一个，请设置 cleaning.overlap: latest（以最新的文件为准）；见 overlap.csv"
                + (f"。{same_said.strip()}" if same_said else ""))
    return (f"{n:,} order{' appears' if n == 1 else 's appear'} in more than one file with different lines (e.g. "
            f"{first['order_id']}: {files}) and each file's lines are counted; if a later export repeats and corrects "
            f"an earlier one, set cleaning.overlap: latest to count such orders as the latest file writes them; "
            f"see overlap.csv" + (f".{same_said}" if same_said else ""))


def memory_note(paths, lang: str = "en") -> str | None:
    """The end note of a run whose cleaning ran a statement again with more memory (``memory.csv``), or None."""
    from .text import t

    if not paths.memory.is_file():
        return None
    retried = pd.read_csv(paths.memory, dtype=str)
    return t("n_memory_retry", lang, low=retried["memory_limit"].iloc[0], high=retried["retried_with"].iloc[0])


def _merged_id_notes(con, kept: str, cleaned, written: str = "_written") -> pd.DataFrame:
    """Per file: the rows whose customer ID was rewritten to its group's (``rows``, ``amount``) and up to three
    examples (``examples``: (source row, written, graded as)); ``written``: the column holding the ID as written."""
    found = con.execute(f"""
        SELECT _file, count(*) AS rows, round(sum(amount), 2) AS amount,
               list([CAST(_source_row AS VARCHAR), {written}, customer_id] ORDER BY _source_row)[1:3] AS examples
        FROM ({kept}) WHERE {written} IS NOT NULL GROUP BY _file ORDER BY _file""").df()
    found.insert(0, "source_file", [cleaned[i].source for i in found["_file"]])
    return found.drop(columns="_file")


def skipped_sheet_ledger(skipped) -> pd.DataFrame:
    """The ledger's block of each sheet skipped as a copy of others (:class:`kit.io.SkippedSheet`): its rows read,
    and dropped (``copy_sheet``), with their amount; none kept. Rows read then add up to every row of the workbook
    (QA c97: kit init read 2,157 rows, the ledger said 2,000, the 157 of ``6月 (2)`` in a progress line only)."""
    rows = []
    for sheet in skipped:
        rows += [(sheet.label, "read", "", "", sheet.rows, sheet.cents / 100),
                 (sheet.label, "dropped", "copy_sheet", reason_text("copy_sheet"), sheet.rows, sheet.cents / 100),
                 (sheet.label, "kept", "", "", 0, 0.0)]
    frame = pd.DataFrame(rows, columns=["source_file", "kind", "reason", "reason_text", "rows", "amount"])
    return frame.astype({"rows": "int64", "amount": float})


def skipped_sheet_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when ``sheet: all`` skipped sheets as copies of others (``copy_sheet``): which, with
    their rows and amount, so that a sheet that is no copy is not lost unseen; None when none was."""
    if not paths.ledger.is_file():
        return None
    from .text import t

    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    rows = ledger.loc[ledger["reason"] == "copy_sheet"]
    if rows.empty:
        return None
    sheets = [re.sub(r"^.* \[(.*)\]$", r"\1", str(label)) for label in rows["source_file"]]
    return t("copy_sheet_note", lang, n=len(sheets), sheets=("、" if lang == "zh" else ", ").join(sheets),
             rows=f"{int(rows['rows'].sum()):,}", amount=_money(float(rows["amount"].sum()), currency))


def same_customers_of(params, *, note=None) -> dict[str, str]:
    """``cleaning.same_customers`` as customer as written -> customer graded as: the params' own mapping, or the one
    its file holds (:func:`kit.io.load_same_customers`), read as ``data.quoted_line_breaks`` says, the cells read as
    quoted over lines said to ``note`` (as :func:`master_for` says the master's)."""
    same = params.cleaning.same_customers
    if isinstance(same, dict):
        return same
    from .io import kept_quoted_lines, load_same_customers

    kept: list = []
    found = load_same_customers(same, keep=params.data.quoted_line_breaks == "keep", kept=kept)
    for line in kept_quoted_lines(kept, params.language):
        (note or (lambda line: None))(line)
    return found


def _same_map_by_group(con, kept: str, same: dict[str, str]) -> None:
    """With ``cleaning.id_variants: merge``, register ``_same_map`` again with the other ways of writing each
    customer ``cleaning.same_customers`` names (its group in ``id_check.csv``: ``123`` beside ``00123``), graded as
    the same one, unless the params name that way themselves (review: the params naming ``00123`` as grades.csv
    writes the merged customer left its lines written ``123`` a customer of their own)."""
    variants = _id_frame(con.execute(id_variants_sql(kept)).df())
    named = variants[variants["customer_id"].isin(list(same))]
    group_of = dict(zip(named["group"], named["customer_id"]))
    others = variants[variants["group"].isin(list(group_of)) & ~variants["customer_id"].isin(list(same))]
    extra = {cid: same[group_of[g]] for g, cid in zip(others["group"], others["customer_id"])
             if cid != same[group_of[g]]}  # 00123: 123 takes nothing along: 123 is graded as itself
    every = {**same, **extra}
    for written, graded in every.items():  # Y: 123 beside 00123: X, 123 now graded as X too: Y's lines go to X
        seen = {written}
        while graded in every and graded not in seen:  # (re-read: one join step left Y's lines under 123)
            seen.add(graded)
            graded = every[graded]
        every[written] = graded
    con.register("_same_map", pd.DataFrame(list(every.items()), columns=["written", "graded_as"], dtype="string"))


def _renamed_notes(con, kept: str, cleaned) -> pd.DataFrame:
    """Per file: the rows whose customer ``cleaning.same_customers`` grades as another (``rows``, ``amount``) and up
    to three examples, as :func:`_merged_id_notes` (``_named``: the customer as written)."""
    return _merged_id_notes(con, kept, cleaned, written="_named")


def _merged_id_ledger(merged: pd.DataFrame, source: str, reason: str = "id_merged") -> pd.DataFrame:
    """The ledger's note row of a file whose rows were graded under another spelling of their customer ID
    (``reason`` ``same_customer``: under the customer ``cleaning.same_customers`` names)."""
    part = merged[merged["source_file"] == source]
    if part.empty:
        return part
    return pd.DataFrame({"source_file": source, "kind": "info", "reason": reason,
                         "reason_text": reason_text(reason), "rows": part["rows"].astype("int64"),
                         "amount": part["amount"].astype(float)})


def _merged_id_fixes(merged: pd.DataFrame, source: str,
                     fix: str = "customer ID written another way, graded under its group's ID") -> pd.DataFrame:
    """fixes.csv examples of customer IDs graded under their group's spelling (before: as written)."""
    part = merged[merged["source_file"] == source]
    if part.empty:
        return pd.DataFrame()
    row = part.iloc[0]
    return pd.DataFrame([{"fix": fix,
                          "source_file": source, "source_row": int(r), "column": "customer_id", "before": before,
                          "after": after, "rows": int(row["rows"])} for r, before, after in row["examples"]])


def _write_quarantine(con, cleaned, target, sample_rows: int, lang: str = "en") -> pd.DataFrame:
    """Every set-aside row to ``target`` (UTF-8 with BOM, for Excel, a cell Excel would run as a formula made
    text: :func:`kit.textops.excel_safe`), batch by batch; the first rows back as they are."""
    import duckdb

    from .clean_sql import quarantine_sql
    from .io import arrow_reader, more_memory

    columns: list[str] = []
    for c in cleaned:  # one header for all files: the union of their columns, in order
        columns += [name for name in con.sql(quarantine_sql(c, lang), params={"source": c.source}).columns
                    if name not in columns]
    sample = []
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        pd.DataFrame(columns=excel_safe_headers(columns)).to_csv(handle, index=False)
        for c in cleaned:
            start, sampled = handle.tell(), len(sample)
            while True:
                # a sort out of memory is run again with more (kit.io.KitConnection), as the cleaning's statements
                # are; out of memory midway through the batches, the file's rows are written again from this
                # file's first, those written taken back (none twice)
                try:
                    reader = arrow_reader(con, quarantine_sql(c, lang), {"source": c.source}, 100_000)
                    for batch in reader:
                        frame = batch.to_pandas().reindex(columns=columns)
                        excel_safe_frame(frame).to_csv(handle, index=False, header=False)
                        if sum(map(len, sample)) < sample_rows:
                            sample.append(frame.head(sample_rows))
                    break
                except (duckdb.OutOfMemoryException, OSError) as exc:
                    if not more_memory(con, exc):
                        raise
                    handle.seek(start)
                    handle.truncate()
                    del sample[sampled:]
    if not sample:
        return pd.DataFrame(columns=columns)
    return pd.concat(sample, ignore_index=True).head(sample_rows)


def save_master(paths, master: pd.DataFrame | None, master_check: pd.DataFrame) -> None:
    """Write the normalised customer master (Parquet) and its ID check (CSV), when the case has one."""
    if master is not None:
        master.to_parquet(paths.master, index=False)
        to_excel_csv(master_check, paths.master_check)


#: What two spellings of one customer ID may differ in: case, spaces, dashes, dots, slashes, underscores and leading
#: zeros (a workbook's number format shows 010203 where the cell holds 10203).
#: (an e-mail address is its own key: ann.lee@ and annlee@ are two people)
#: (a company's name written with and without its legal form, 有限公司 / 有限责任公司 / (有限公司), is one name)
#: (a name written with and without the 市, 省 or 自治区 of the province or city it starts with, 上海市第一人民医院 /
#: 上海第一人民医院, as two distributors' flows write one hospital: QA cn2; or the 县 of its county, 昌乐县人民医院 /
#: 昌乐人民医院: :data:`PLACE_SUFFIX`)
#: (a code of figures in levels, Kingdee's 01.1.001 and 01.10.01, keeps its marks: only each level's leading zeros go)
HIERARCHICAL_ID = r"[0-9]+(\.[0-9]+)+"  # dots only: 138-0013-8000 and 13800138000 stay one customer's (review)


#: Provinces, autonomous regions and cities whose 省, 市 or 自治区 a customer's name may be written with or without
#: (上海市第一人民医院 / 上海第一人民医院): the province-level ones, every prefecture-level city and the county-level cities
#: whose hospitals and pharmacies exports most often name. Not 吉林, a province and a city of it, whose 吉林省人民医院
#: and 吉林市人民医院 are two hospitals (review). A list, not "the first two to four characters": 城市, 菜市, 超市 and
#: 都市 are words (新城市广场 and 新城广场 are two shopping centres, 东门菜市场 and 东门菜场 two markets).
PLACES = (
    # province-level
    "北京 天津 上海 重庆 河北 山西 辽宁 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 "
    "青海 台湾 内蒙古 广西 西藏 宁夏 新疆 "
    # prefecture-level cities, province by province
    "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 "
    "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 "
    "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 "
    "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 "
    "长春 四平 辽源 通化 白山 松原 白城 "
    "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 "
    "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 "
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 "
    "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 "
    "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 "
    "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 "
    "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 "
    "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 "
    "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 "
    "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 "
    "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 "
    "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 "
    "海口 三亚 三沙 儋州 "
    "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
    "贵阳 六盘水 遵义 安顺 毕节 铜仁 "
    "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 "
    "拉萨 日喀则 昌都 林芝 山南 那曲 "
    "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 "
    "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 "
    "西宁 海东 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 "
    # county-level cities
    "昆山 江阴 张家港 常熟 太仓 宜兴 溧阳 丹阳 扬中 句容 如皋 启东 海安 东台 仪征 高邮 靖江 泰兴 兴化 新沂 邳州 "
    "义乌 慈溪 余姚 瑞安 乐清 诸暨 海宁 平湖 桐乡 温岭 临海 玉环 东阳 永康 兰溪 江山 龙泉 建德 嵊州 "
    "晋江 石狮 南安 福清 永安 邵武 武夷山 建瓯 福安 福鼎 "
    "寿光 胶州 平度 莱西 龙口 莱阳 莱州 招远 荣成 乳山 滕州 邹城 曲阜 新泰 肥城 诸城 青州 高密 昌邑 安丘 乐陵 禹城 "
    "临清 邹平 "
    "台山 开平 鹤山 恩平 英德 普宁 四会 兴宁 陆丰 阳春 廉江 雷州 吴川 高州 化州 信宜 罗定 "
    "辛集 晋州 遵化 迁安 武安 涿州 定州 泊头 任丘 黄骅 河间 霸州 三河 "
    "巩义 荥阳 新密 新郑 登封 汝州 林州 卫辉 辉县 沁阳 孟州 禹州 长葛 灵宝 邓州 永城 项城 济源 "
    "大冶 丹江口 宜都 当阳 枝江 老河口 枣阳 钟祥 应城 安陆 汉川 洪湖 松滋 麻城 武穴 赤壁 恩施 利川 仙桃 潜江 天门 "
    "浏阳 宁乡 醴陵 湘乡 耒阳 常宁 汨罗 沅江 资兴 冷水江 涟源 吉首 "
    "都江堰 彭州 邛崃 崇州 简阳 广汉 什邡 绵竹 江油 峨眉山 阆中 西昌 "
    "瓦房店 海城 凤城 大石桥 公主岭 延吉 珲春 五常 肇东 绥芬河 "
    "库尔勒 阿克苏 喀什 伊宁 石河子 格尔木 德令哈 个旧 开远 蒙自 景洪 大理 瑞丽 香格里拉 凯里 都匀 兴义 仁怀 "
    "满洲里 二连浩特 霍林郭勒 锡林浩特 乌兰浩特 "
    "介休 孝义 汾阳 高平 侯马 霍州 河津 原平 古交 "
    "韩城 华阴 兴平 彬州 神木 敦煌 玉门 临夏 "
    "瑞金 井冈山 贵溪 乐平 丰城 樟树 高安 德兴 "
    "桂平 北流 岑溪 凭祥 东兴 宜州 "
    "文昌 琼海 万宁 五指山"
).split()
_HAN = f"[{chr(0x3400)}-{chr(0x4DBF)}{chr(0x4E00)}-{chr(0x9FFF)}]"
#: The 省, 市 or 自治区 (广西壮族自治区) after a place of :data:`PLACES` a name starts with, or the 县 after its first two
#: characters (a county: 昌乐县人民医院 / 昌乐人民医院); not a 市 that begins 市场 (上海市场监督管理局 is 上海市市场监督
#: 管理局 without its 市, not 上海场...), nor the 县 of a county named as its city, kept (长沙县人民医院 and 长沙市人民医院
#: are two hospitals, as are 南昌县's and 南昌市's: review); the city's 市 before a 市 of the name goes with it
#: (青岛市市立医院, as the hospital writes itself, and 青岛市立医院; 济南市市中区 and 济南市中区: review). The same pattern in Python's re and in RE2 (DuckDB), whose
#: alternatives are tried in order: replaced by :data:`PLACE_KEPT`, the place without its suffix.
PLACE_SUFFIX = (f"^(?:({'|'.join(sorted(PLACES, key=len, reverse=True))})(?:省|市市?([^场]|$)|(?:壮族|回族|维吾尔)?自治区|(县))"
                f"|({_HAN}{{2}})县)")
PLACE_KEPT = r"\1\2\3\4"


def id_variant_key(column: str) -> str:
    """SQL: the key by which the customer IDs of ``column`` (SQL) that look like one customer written two ways are
    one (:data:`ID_VARIANT_KEY`, of any column)."""
    return (f"CASE WHEN contains({column}, '@') THEN {column} "
            f"WHEN regexp_full_match({column}, '{HIERARCHICAL_ID}') "
            rf"THEN regexp_replace({column}, '(^|[.])0+([0-9])', '\1\2', 'g') "
            rf"ELSE ltrim(upper(regexp_replace(regexp_replace(regexp_replace({column}, '[\s\x{{3000}}\-_./()（）]+', "
            rf"'', 'g'), '{PLACE_SUFFIX}', '{PLACE_KEPT}'), '(股份)?有限(责任)?公司$', '')), '0') END")


ID_VARIANT_KEY = id_variant_key("customer_id")

#: Figures a code in levels has at least for its figures without the dots to be taken for it (01.02.003 and 0102003;
#: not 7.8 and 078, which may be a number)
DOTTED_FIGURES = 5
#: A code in levels whose figures without the dots may be written for it: three levels or more, or a level with a
#: leading zero (01.02.003, 01.001), not a number (10023.1, 2024.10: review)
DOTTED_CODE = r"[0-9]+(\.[0-9]+){2,}|0[0-9]*[1-9][0-9]*\.[0-9]+|[0-9]+\.0[0-9]*[1-9][0-9]*"

#: ``id_check.csv`` columns: ``graded_as`` is the ID itself, or with ``cleaning.id_variants: merge`` the ID of the
#: group it was graded under.
ID_CHECK_COLUMNS = ["group", "customer_id", "lines", "amount", "graded_as"]


def id_variants_sql(rows: str) -> str:
    """SQL for the customer IDs of ``rows`` (SQL of cleaned rows) that look like one customer written two or
    more ways (a code in levels, 01.02.003, and its figures without the dots, 0102003, when no other code in levels
    has them: 01.1.001 and 01.10.01 both give 011001), as :data:`ID_CHECK_COLUMNS`; ``graded_as`` here is the ID the group would be merged under: the
    longest (000001 with its leading zeros, as the client's system writes it, not the 1 Excel left; the name with
    its 有限公司), then the one with the most order lines, then the first. Not the most lines first: that one changes
    from run to run as lines come in, and with it the ID a customer is graded under (QA: false changes and
    restatements next quarter)."""
    return f"""
        WITH ids AS (SELECT customer_id, count(*) AS lines, round(sum(amount), 2) AS amount FROM ({rows})
                     WHERE customer_id IS NOT NULL GROUP BY customer_id),
             written AS (SELECT *, {ID_VARIANT_KEY} AS key0,
                                CASE WHEN regexp_full_match(customer_id, '{DOTTED_CODE}')
                                          AND length(replace(customer_id, '.', '')) >= {DOTTED_FIGURES}
                                     THEN ltrim(replace(customer_id, '.', ''), '0') END AS undotted FROM ids),
             -- 0102003 beside 01.02.003: the same figures without the dots, when one code in levels has them
             dotted AS (SELECT undotted, min(key0) AS dotted_key FROM written WHERE undotted IS NOT NULL
                        GROUP BY undotted HAVING count(DISTINCT key0) = 1),
             keyed AS (SELECT w.* EXCLUDE (key0, undotted), coalesce(d.dotted_key, w.key0) AS key
                       FROM written w LEFT JOIN dotted d ON w.undotted IS NULL AND w.key0 = d.undotted),
             grouped AS (SELECT *, count(*) OVER (PARTITION BY key) AS n, min(customer_id) OVER (PARTITION BY key) AS first,
                                first_value(customer_id) OVER (PARTITION BY key ORDER BY length(customer_id) DESC,
                                    lines DESC, customer_id) AS graded_as
                         FROM keyed)
        SELECT dense_rank() OVER (ORDER BY first) AS "group", customer_id, lines, amount, graded_as
        FROM grouped WHERE n > 1 ORDER BY first, customer_id"""


def id_variants(transactions) -> pd.DataFrame:
    """Customer IDs that look like one customer written two or more ways (``00123`` and ``123``,
    ``h-001`` and ``H001``), with their order lines and amount.

    ``transactions`` is the cleaned table or its Parquet file. Returns :data:`ID_CHECK_COLUMNS` (``group`` from 1,
    the groups in order of their first ID; ``graded_as`` the ID ``cleaning.id_variants: merge`` would grade the
    group under); no rows when every ID is written one way.
    """
    with _transactions(transactions) as (con, tx):
        found = con.execute(id_variants_sql(f"SELECT customer_id, amount FROM {tx}")).df()
    return _id_frame(found)


def _id_frame(found: pd.DataFrame) -> pd.DataFrame:
    return found.astype({"group": "int64", "lines": "int64", "amount": "float64"})[ID_CHECK_COLUMNS]


def id_variant_note(paths, lang: str = "en", counter: str = "家") -> str | None:
    """A line for the terminal when ``id_check.csv`` lists customers written two ways; None otherwise. A Chinese
    line counts the customers with ``counter`` (``customer_counter``)."""
    if not paths.id_check.is_file():
        return None
    variants = excel_unsafe_frame(pd.read_csv(paths.id_check, encoding="utf-8-sig", dtype=str, keep_default_na=False))
    groups = variants.groupby("group", sort=False)["customer_id"].agg(" / ".join)
    n = len(groups)
    examples = ("；" if lang == "zh" else "; ").join(groups.head(3))
    merged = bool((variants["graded_as"] != variants["customer_id"]).any())  # cleaning.id_variants: merge
    if lang == "zh":
        if merged:
            return (f"{n:,} {counter}客户的编码有两种以上写法（如 {examples}），已按 cleaning.id_variants: merge 以最长的"
                    f"写法（保留前导零）合并分级；见 id_check.csv")
        return (f"{n:,} {counter}客户的编码疑似有两种以上写法（如 {examples}：前导零、大小写、空格、符号或“有限公司”等写法"
                f"不同），本次按不同客户分级；见 id_check.csv，请在文件中统一写法，或设置 cleaning.id_variants: merge")
    if merged:
        return (f"{n:,} customer{'' if n == 1 else 's'} written two or more ways in the orders (e.g. {examples}) "
                f"{'was' if n == 1 else 'were'} each graded under one ID, its longest form (leading zeros kept) "
                f"(cleaning.id_variants: merge); see id_check.csv")
    return (f"{n:,} customer{' looks' if n == 1 else 's look'} written two or more ways in the orders "
            f"(e.g. {examples}: leading zeros, case, spaces or dashes) and {'is' if n == 1 else 'are'} graded as "
            f"separate customers; see id_check.csv, and write each customer one way in the file, or set "
            f"cleaning.id_variants: merge")


def outputs(paths) -> pd.DataFrame:
    """The files the cleaning wrote to the run folder, with their rows and sizes."""
    rows = []
    for file in (paths.transactions, paths.quarantine, paths.ledger, paths.fixes, paths.master, paths.master_check,
                 paths.id_check):
        if file.is_file():
            if file.suffix == ".parquet":
                import pyarrow.parquet as pq

                n = pq.ParquetFile(file).metadata.num_rows
            else:
                with file.open("rb") as handle:
                    n = max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)
            rows.append((file.name, n, file.stat().st_size))
    return pd.DataFrame(rows, columns=["file", "rows", "bytes"])


class _transactions:
    """``with _transactions(table_or_parquet) as (con, name)``: cleaned rows as a DuckDB relation."""

    def __init__(self, transactions):
        self.transactions = transactions

    def __enter__(self):
        from .io import connect

        self.con = connect()
        if isinstance(self.transactions, pd.DataFrame):
            self.con.register("tx", self.transactions)
            return self.con, "tx"
        path = str(self.transactions).replace("'", "''")
        return self.con, f"read_parquet('{path}')"

    def __exit__(self, *exc):
        self.con.close()


def window_counts(transactions, *, start, end, date: str = "order_date") -> pd.DataFrame:
    """Kept rows before, inside and after the grading window (rows outside are not graded), with the first and
    last day of each part (NaT when it has no rows) and whether its dates are months (``monthly``: two or more
    days, each the first of its month, as exports by month and ``data.wide`` give them).

    ``transactions`` is the cleaned table or its Parquet file.
    """
    from .clean_sql import quote
    from .io import _literal

    with _transactions(transactions) as (con, tx):
        day = f"CAST({quote(date)} AS DATE)"
        # by month too, in the same scan: the window's months without lines (gap_months)
        query = f"""
            SELECT CASE WHEN {day} < $start THEN 0 WHEN {day} > $end THEN 2 ELSE 1 END AS part,
                   date_trunc('month', {day}) AS month,
                   count(*) AS rows, sum(CAST(round(amount * 100) AS BIGINT)) AS cents,
                   min({day}) AS first, max({day}) AS last, bool_and(day({day}) = 1) AS first_days,
                   -- what check_window asks, in the same scan: the window's rows, sales and returns
                   count(*) FILTER (WHERE {day} BETWEEN $start AND $end) AS inside,
                   count(*) FILTER (WHERE {day} BETWEEN $start AND $end AND amount > 0) AS sales,
                   count(*) FILTER (WHERE {day} BETWEEN $start AND $end AND amount < 0) AS returns
            FROM {tx} GROUP BY ALL
        """
        window = {"start": pd.Timestamp(start).date(), "end": pd.Timestamp(end).date()}
        kept = None if isinstance(transactions, pd.DataFrame) else _window_cache(Path(transactions), window, date)
        if kept is None:
            by_month = con.execute(query, window).df()
        else:  # a run scans its 10M lines once for this, not in 01, 02, 03 and the end notes each (0.5 CPU s a time)
            if not kept.is_file():
                _write_window_cache(con, query, window, kept)
            by_month = (con.execute(f"SELECT * FROM read_parquet({_literal(str(kept))})").df() if kept.is_file()
                        else con.execute(query, window).df())
    counts = by_month.groupby("part").agg(rows=("rows", "sum"), cents=("cents", "sum"), first=("first", "min"),
                                          last=("last", "max"), first_days=("first_days", "all"))
    counts["monthly"] = counts["first_days"] & (counts["first"] < counts["last"])
    counts = counts.reindex([0, 1, 2])
    inside = by_month[by_month["part"] == 1]
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    in_months = pd.Series(inside["rows"].to_numpy(), index=pd.PeriodIndex(pd.to_datetime(inside["month"]),
                                                                            freq="M"), dtype="int64")
    frame = pd.DataFrame(
        {
            "part": ["before window", "in window", "after window"],
            "rows": counts["rows"].fillna(0).astype("int64").to_numpy(),
            "amount": (counts["cents"].fillna(0).astype("int64") / 100).to_numpy(),
            "first": pd.to_datetime(counts["first"]).to_numpy(),
            "last": pd.to_datetime(counts["last"]).to_numpy(),
            "monthly": counts["monthly"].astype("boolean").fillna(False).astype(bool).to_numpy(),
        }
    )
    frame.attrs["months"] = in_months.reindex(months, fill_value=0)  # order lines per month of the window
    frame.attrs["signs"] = {k: int(by_month[k].sum()) for k in ("inside", "sales", "returns")}  # for check_window
    return frame


def _window_cache(transactions: Path, window: dict, date: str) -> Path | None:
    """Where :func:`window_counts` keeps its months of the cleaned Parquet file ``transactions`` for ``window``
    (beside it, named for the file's size and time and the window, so a file written again is scanned again); None
    when there is no such file."""
    import hashlib

    try:
        stat = transactions.stat()
    except OSError:
        return None
    key = f"2|{transactions.name}|{stat.st_size}|{stat.st_mtime_ns}|{window['start']}|{window['end']}|{date}"
    return transactions.with_name(f".{transactions.stem}.window-{hashlib.sha1(key.encode()).hexdigest()[:16]}.parquet")


def _write_window_cache(con, query: str, window: dict, kept: Path) -> None:
    """The months of :func:`window_counts` written to ``kept`` (read back as they are read later, so every call
    gives the same frame); nothing when the folder cannot be written (a run archived read-only)."""
    import os

    import duckdb

    from .io import _literal

    part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
    try:
        for old in kept.parent.glob(f"{kept.name.split('.window-')[0]}.window-*.parquet"):
            old.unlink(missing_ok=True)  # the months of an earlier file of the same name
        con.execute(f"COPY ({query}) TO {_literal(str(part))} (FORMAT parquet)", window)
        os.replace(part, kept)
    except (OSError, duckdb.IOException, duckdb.PermissionException):
        part.unlink(missing_ok=True)


def data_ends_early(window: pd.DataFrame, end) -> bool:
    """Whether the orders (:func:`kit.clean.window_counts`) stop before the window's last month, with none after
    the window: ``period.as_of`` runs past the data (an export of last quarter graded at this quarter's end)."""
    parts = window.set_index("part")
    inside, after = parts.loc["in window"], parts.loc["after window"]
    if not inside["rows"] or pd.isna(inside["last"]) or after["rows"] or inside["monthly"]:
        return False
    last = pd.Timestamp(inside["last"])
    return last.to_period("M") < pd.Timestamp(end).to_period("M")


def data_starts_late(window: pd.DataFrame, start) -> bool:
    """Whether the orders (:func:`kit.clean.window_counts`) start after the window's first month, with none before
    the window: the window reaches back past the data (a new client's first half year graded over twelve months)."""
    parts = window.set_index("part")
    inside, before = parts.loc["in window"], parts.loc["before window"]
    if not inside["rows"] or pd.isna(inside["first"]) or before["rows"]:
        return False
    return pd.Timestamp(inside["first"]).to_period("M") > pd.Timestamp(start).to_period("M")


def data_starts_note(period, window: pd.DataFrame, *, lang: str = "en", client: bool = False) -> str | None:
    """A line for the terminal when the orders start after the window's first month (:func:`data_starts_late`),
    with the ``period.months`` the data covers; with ``client``, as the report says it (what it does to the
    figures, no params key)."""
    from .text import t

    start, end = period.window()
    if not data_starts_late(window, start):
        return None
    first = pd.Timestamp(window.set_index("part").loc["in window", "first"])
    months = (pd.Timestamp(end).to_period("M") - first.to_period("M")).n + 1
    return t("data_starts_client" if client else "data_starts", lang, first=f"{first:%Y-%m-%d}",
             start=f"{pd.Timestamp(start):%Y-%m-%d}", months=months, window=period.months)


#: A month of the window with fewer lines than this share of its typical month (the median of the months with
#: lines) is cut short, as if a file of it were missing in part
GAP_THIN = 0.1
#: ... noted only when the months on either side hold at least this share of the typical month: a quiet season
#: slows down before and after its empty months, a missing file does not
GAP_NEIGHBOUR = 0.5
#: ... and spans at most this many months (a longer run is an off-season more likely than lost files)
GAP_LONGEST = 2


def gap_months(window: pd.DataFrame) -> tuple[pd.Series, float] | None:
    """The window's months (:class:`pandas.Period`, with their order lines) inside the data's span that hold no order
    line, or under :data:`GAP_THIN` of the typical month, while the months on either side are ordinary
    (:data:`GAP_NEIGHBOUR`): a month file of the export not sent, or cut short; with the typical month's lines.
    None when there is none, or too few lines to tell. ``window`` is :func:`window_counts` (its ``months``)."""
    counts = window.attrs.get("months")
    if counts is None or not len(counts):
        return None
    busy = counts[counts > 0]
    if len(busy) < 3:
        return None
    typical = float(busy.median())
    steps = pd.Series([p.ordinal for p in busy.index]).diff().dropna()
    if typical < 10 or (steps.nunique() == 1 and steps.iloc[0] > 1):  # few lines, or a line a quarter
        return None
    inner = counts.loc[busy.index[0]:busy.index[-1]]
    low = inner < GAP_THIN * typical
    run = (low != low.shift()).cumsum()  # consecutive low months share a number
    runs = pd.DataFrame({"low": low.to_numpy(), "run": run.to_numpy()}, index=inner.index)
    lows = runs[runs["low"]].groupby("run")
    size, first, last = lows.size(), lows.apply(lambda r: r.index[0]), lows.apply(lambda r: r.index[-1])
    if not len(size):
        return None
    before = counts.reindex([m - 1 for m in first]).to_numpy()
    after = counts.reindex([m + 1 for m in last]).to_numpy()
    told = size.index[(size.to_numpy() <= GAP_LONGEST) & (before >= GAP_NEIGHBOUR * typical)
                      & (after >= GAP_NEIGHBOUR * typical)]
    found = inner[low & run.isin(told).to_numpy()]
    return (found, typical) if len(found) else None


def gap_note(window: pd.DataFrame, *, lang: str = "en", client: bool = False) -> str | None:
    """A line for the terminal when months inside the window hold no order line, or almost none, while the months
    around them are ordinary (:func:`gap_months`): a file of the export missing, or cut short; with ``client``, as
    the report says it (no params key)."""
    from .text import t

    found = gap_months(window)
    if found is None:
        return None
    months, typical = found
    parts = []
    for key, these in (("gap_empty", months[months == 0]), ("gap_thin", months[months > 0])):
        if not len(these):
            continue
        names = [str(m) for m in these.index]
        lines = [f"{n:,}" for n in these]
        sep = "、" if lang == "zh" else " and "
        parts.append(t(key, lang, n=len(these), months=sep.join(names), lines=sep.join(lines),
                       typical=f"{typical:,.0f}", last=lines[-1])
                     + ("" if client else t(key + "_fix", lang)))
    return ("；" if lang == "zh" else "; ").join(parts)


#: A month with fewer lines than this share of the months before it holds is nearly empty: the export ends
#: early in it (Olist's last month: 16 orders against 6,500), rather than a slow month (a holiday: 40%)
THIN_MONTH = 0.2


def thin_month(counts: pd.Series, month: pd.Period) -> float | None:
    """The typical count of the months before ``month`` (the median of up to six, three at least) when
    ``counts`` (order lines, or order days, per :class:`pandas.Period` month) holds less than :data:`THIN_MONTH`
    of it in ``month``; None when ``month`` is not nearly empty or too few months come before it to tell."""
    before = counts.reindex(pd.period_range(month - 6, month - 1, freq="M")).dropna()
    before = before[before > 0]
    if len(before) < 3:
        return None
    typical = float(before.median())
    return typical if typical >= 10 and float(counts.get(month, 0)) < THIN_MONTH * typical else None


def thin_end_note(transactions, period, *, lang: str = "en") -> str | None:
    """A line for the terminal when the window's last month holds almost no order lines against the months
    before it (:func:`thin_month`): the export ends early in it, and every customer looks a month longer gone."""
    from .clean_sql import quote

    end = period.window()[1]
    month = pd.Timestamp(end).to_period("M")
    with _transactions(transactions) as (con, tx):
        day = f"CAST({quote('order_date')} AS DATE)"
        found = con.execute(f"SELECT date_trunc('month', {day}) AS month, count(*) AS rows FROM {tx} "
                            f"WHERE {day} BETWEEN $first AND $end GROUP BY ALL",
                            {"first": (month - 6).start_time.date(), "end": pd.Timestamp(end).date()}).df()
    counts = pd.Series(found["rows"].to_numpy(), index=pd.PeriodIndex(pd.to_datetime(found["month"]), freq="M"))
    typical = thin_month(counts, month)
    if typical is None:
        return None
    n, earlier = int(counts.get(month, 0)), (month - 1).end_time.date()
    if lang == "zh":
        return zh_words(f"分级期间的最后一个月 {month} 只有 {n:,} 条订单行，之前每月约 {typical:,.0f} 条：导出多半在该月初"
                        f"就截止了，客户因此显得更久未采购；如是这样，请把 period.as_of 设为 {earlier}")
    return (f"{month}, the window's last month, holds {n:,} order line{'' if n == 1 else 's'} against about "
            f"{typical:,.0f} a month before it: the export likely ends early in that month, and customers look a "
            f"month longer gone than they are; if so, set period.as_of to {earlier}")


def supported_end(last) -> dt.date:
    """The last day of the last whole month the data reaches, its latest order being on ``last``."""
    last = pd.Timestamp(last)
    whole = last == last + pd.offsets.MonthEnd(0)  # the data reaches the month's last day
    return (last if whole else last - pd.offsets.MonthEnd(1)).date()


def data_ends_note(transactions, period, *, lang: str = "en", window: pd.DataFrame | None = None) -> str | None:
    """A line for the terminal when the orders stop before the window's last month (:func:`data_ends_early`);
    ``window`` as for :func:`after_window_note`."""
    start, end = period.window()
    window = window if window is not None else window_counts(transactions, start=start, end=end)
    if not data_ends_early(window, end):
        return None
    last = pd.Timestamp(window.set_index("part").loc["in window", "last"])
    month_end = supported_end(last)
    days = (pd.Timestamp(end) - last).days
    if lang == "zh":
        return zh_words(f"数据截至 {last:%Y-%m-%d}，比分级期间的结束日（{end:%Y-%m-%d}）早 {days} 天：采购额偏低，客户显得"
                        f"更久未采购；如数据本就只到这一天，请把 period.as_of 设为 {month_end}")
    return (f"the data ends on {last:%Y-%m-%d}, {days} days before the window ends ({end:%Y-%m-%d}): revenue is "
            f"understated and customers look longer gone than they are; if the data is complete to that day, set "
            f"period.as_of to {month_end}")


def _money(amount: float, currency: str) -> str:
    """An amount in a terminal note as the report writes it (``¥1,210.50``, ``1,210.50 XYZ``)."""
    from .report import exact_money

    return exact_money(float(amount), currency)


def after_window_note(transactions, period, *, currency: str = "RMB", today=None, lang: str = "en",
                      window: pd.DataFrame | None = None) -> str | None:
    """A line for the terminal when kept orders are dated after the grading window (often a month not yet whole
    that ``period.as_of`` leaves out), saying how to grade them, or to check them when some are dated after
    ``today`` (default: the day of the run); None when there are none. ``window``: the :func:`window_counts` of
    ``transactions``, when the caller has them."""
    start, end = period.window()
    counts = (window if window is not None else window_counts(transactions, start=start, end=end)).set_index("part")
    after = counts.loc["after window"]
    if not after["rows"]:
        return None
    total = float(counts["amount"].sum())
    share = f", {after['amount'] / total:.1%} of the amount kept" if total > 0 and after["amount"] > 0 else ""
    first, last = pd.Timestamp(after["first"]), pd.Timestamp(after["last"])
    month_end = (last + pd.offsets.MonthEnd(0)).date()
    # the month before the last one, whole in the data, when it is after the window (QA: data to 2026-02-10 and a
    # window to 2025-12-31: 2026-02-28 was offered, 10 days of February, and never January's end)
    whole_end = (last.replace(day=1) - pd.Timedelta(days=1)).date()
    whole_end = whole_end if pd.Timestamp(whole_end) > pd.Timestamp(end) else None
    today = pd.Timestamp(dt.date.today() if today is None else today)
    if lang == "zh":
        share_zh = f"，占保留金额的 {after['amount'] / total:.1%}" if total > 0 and after["amount"] > 0 else ""
        line = (f"{int(after['rows']):,} 条订单行（{_money(after['amount'], currency)}{share_zh}）的日期在分级期间之后"
                f"（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}），未计入本次分级；")
        if last > today:
            return line + f"其中有日期晚于今天（{today:%Y-%m-%d}）的行，多半是录入错误：请在文件中核对"
        partial = (f"；但数据截至 {last:%Y-%m-%d}，该月只有 {last.day} 天的数据（按完整月份分级" + (
            f"，则将 period.as_of 设为 {whole_end}，即数据中最后一个完整月份的月末）" if whole_end else "则保持当前期间）")
            if last.day < month_end.day else "")
        if pd.Timestamp(month_end) < today:  # that month is over: nothing to wait for
            return line + f"将 period.as_of 设为 {month_end} 即可计入" + partial
        return line + f"待该月结束后，将 period.as_of 设为 {month_end} 即可计入"
    line = (f"{int(after['rows']):,} order {'line' if after['rows'] == 1 else 'lines'} "
            f"({_money(after['amount'], currency)}{share}) {'is' if after['rows'] == 1 else 'are'} dated after the "
            f"window, {first:%Y-%m-%d} to {last:%Y-%m-%d}, and not graded; ")
    if last > today:  # 2099-05-01: a typing error, not a month to wait for
        return line + (f"{'it is' if after['rows'] == 1 else 'some are'} dated after today ({today:%Y-%m-%d}), "
                       f"most likely a typing error: check {'it' if after['rows'] == 1 else 'them'} in the file")
    if pd.Timestamp(month_end) < today:  # that month is over: nothing to wait for
        # an export cut on the 9th: that month would be graded on 9 days (said, so the choice is the user's)
        partial = (f", though the data ends on {last:%Y-%m-%d}: that month holds {last.day} of its {month_end.day} "
                   f"days (" + (f"to grade whole months, set it to {whole_end}, the end of the data's last whole month)"
                                if whole_end else "keep the window to grade whole months)")
                   if last.day < month_end.day else "")
        return line + f"to grade them, set period.as_of to {month_end}" + partial
    return line + f"to grade them, set period.as_of to {month_end} once that month is whole"


def master_note(paths, lang: str = "en") -> str | None:
    """A line for the terminal when customers of the orders are not in the customer master (they get none of
    its attributes), naming leading zeros the orders lost; None when all are there or there is no master."""
    if not paths.master_check.is_file():
        return None
    check = excel_unsafe_frame(pd.read_csv(paths.master_check, encoding="utf-8-sig",
                                           keep_default_na=False)).set_index("check")
    missing = int(check.loc["in orders, not in master", "customers"]) if "in orders, not in master" in check.index else 0
    if not missing:
        return None
    zeros = check.loc["in orders without the master's leading zeros"] \
        if "in orders without the master's leading zeros" in check.index else None
    if lang == "zh":
        line = (f"订单中有 {missing:,} 个客户编码不在客户主数据中（如 {check.loc['in orders, not in master', 'examples']}），"
                f"这些客户没有主数据中的属性；见 master_check.csv")
        if zeros is not None and int(zeros["customers"]):
            line += (f"。其中 {int(zeros['customers']):,} 个在主数据中带前导零（{zeros['examples']}）：订单工作簿以数字格式"
                     f"显示编码；请将该列设为文本格式，或导出为 CSV 后重新运行")
        return line
    line = (f"{missing:,} customer {'ID' if missing == 1 else 'IDs'} of the orders {'is' if missing == 1 else 'are'} "
            f"not in the customer master (e.g. {check.loc['in orders, not in master', 'examples']}) and get none of "
            f"its attributes; see master_check.csv")
    if zeros is not None and int(zeros["customers"]):
        line += (f". {int(zeros['customers']):,} of them are in it with leading zeros ({zeros['examples']}): the "
                 f"orders' workbook shows its codes with a number format; format that column as text, or export "
                 f"it as CSV, and run again")
    return line


def reasons_said(rows_by_reason: pd.Series, lang: str = "en", *, top: int = 3) -> str:
    """``无客户编码或名称 5,254 行；日期无法读取 12 行`` / ``no customer ID: 5,254; no readable date: 12``: the ``top``
    reasons of ``rows_by_reason`` (ledger reason -> rows, largest first) in short words."""
    short = {"missing_customer_id": ("无客户编码或名称", "no customer ID"),
             "before_heading": ("在第一个客户标题行之上", "before the first customer heading"),
             "bad_amount": ("金额无法读取", "no readable amount"),
             "bad_discount_rate": ("折扣率无法读取", "no readable discount rate"),
             "bad_date": ("日期无法读取", "no readable date")}

    def said(reason: str) -> str:
        return short[reason][lang != "zh"] if reason in short else reason_text(reason, lang)

    return ("；" if lang == "zh" else "; ").join(
        f"{said(r)} {int(n):,} 行" if lang == "zh" else f"{said(r)}: {int(n):,}" for r, n in rows_by_reason.head(top).items())


#: Reasons of order lines that could not be used (set aside as bad data, not by a rule the params chose).
UNUSABLE = ("missing_customer_id", "before_heading", "bad_amount", "bad_discount_rate", "bad_date", "no_match",
            "ambiguous_match")


def unusable_lines(paths) -> tuple[int, float, float | None, pd.Series] | None:
    """(lines, amount, share of the amount read on order lines, lines per reason) of the order lines that could not
    be used (:data:`UNUSABLE`: no customer, a bad amount or date ...); the share leaves out 小计 and 合计 lines, which
    would count the sales twice (None when nothing was read). None when there were none."""
    from .clean_sql import NOT_LINES

    if not paths.ledger.is_file():
        return None
    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    aside = ledger.loc[(ledger["kind"] == "set_aside") & ledger["reason"].isin(UNUSABLE)]
    if aside.empty or not int(aside["rows"].sum()):
        return None
    by_reason = aside.groupby("reason", sort=False)[["rows", "amount"]].sum().sort_values("rows", ascending=False)
    n, amount = int(by_reason["rows"].sum()), float(by_reason["amount"].sum())
    read = float(ledger.loc[ledger["kind"] == "read", "amount"].sum()
                 - ledger.loc[(ledger["kind"] == "set_aside") & ledger["reason"].isin(NOT_LINES), "amount"].sum())
    return n, amount, (abs(amount) / read if read > 0 else None), by_reason["rows"]


def aside_note(paths, *, currency: str = "RMB", lang: str = "en", blank_ids: str = "set_aside") -> str | None:
    """A line for the terminal when order lines that could not be used were set aside (:func:`unusable_lines`),
    with their amount and share of the amount read on order lines, so a loss under the limit is not unseen; None
    when there were none. Total lines, notes and lines set aside by a rule the params chose (``cleaning.exclude``,
    returns by ``cleaning.returns: set_aside``) are not counted."""
    found = unusable_lines(paths)
    if found is None:
        return None
    n, amount, ratio, by_reason = found
    from .report import pct

    share = pct(ratio, 1) if ratio is not None else "-"  # never 0.0% beside ¥16.5M set aside: <0.1%
    reasons = reasons_said(by_reason, lang)
    if not round(amount, 2):  # lines whose amount did not read: their money is not known, not ¥0 (0.0%)
        said = "金额未知" if lang == "zh" else f"{'its' if n == 1 else 'their'} amount unknown"
    else:
        said = (f"{_money(amount, currency)}，占读取的订单行金额的 {share}" if lang == "zh" else
                f"{_money(amount, currency)}, {share} of the amount read on order lines")
    named = _ledger_total(paths, "info", "missing_id_named") if blank_ids == "set_aside" else None
    hint = ""
    if named:
        from .text import t

        hint = t("named_aside_hint", lang, n=f"{named[0]:,}", amount=_money(named[1], currency))
    if lang == "zh":
        return f"{n:,} 条订单行（{said}）无法使用，已单列、未计入分级（{reasons}）；明细见 quarantine.csv{hint}"
    return (f"{n:,} order {'line' if n == 1 else 'lines'} ({said}) could not be used and "
            f"{'was' if n == 1 else 'were'} set aside, not graded ({reasons}); "
            f"quarantine.csv lists {'it' if n == 1 else 'them'}{hint}")


def _ledger_total(paths, kind: str, reason: str) -> tuple[int, float] | None:
    """Rows and amount of the run's ledger lines of ``kind`` and ``reason`` over all files; None when there are none."""
    if not paths.ledger.is_file():
        return None
    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    rows = ledger.loc[(ledger["kind"] == kind) & (ledger["reason"] == reason)]
    if rows.empty or not int(rows["rows"].sum()):
        return None
    return int(rows["rows"].sum()), float(rows["amount"].sum())


def duplicate_note(paths, *, currency: str = "RMB", lang: str = "en", overlap: str = "keep",
                   duplicates: str = "drop") -> str | None:
    """A line for the terminal when rows alike in every cell were dropped as a double export (``cleaning.duplicates:
    auto`` with an order ID): an export without a line number writes two equal items of one order alike, and they
    were real (QA: 667 lines, 49,006.60 gone unseen but for the method section); None when none were, or when they
    hold no money (an order's later lines, priced on its first: keeping them would change nothing, QA). With
    ``cleaning.overlap: latest`` an order of overlapping exports counts as the latest file writes it, so `keep` counts
    the overlap once: the note then does not warn that it would count it twice (QA: Online Retail II's two sheets,
    drafted with ``latest``, graded to the penny with ``keep``). With ``duplicates`` ``auto`` an order's second alike
    line is kept already and the rows dropped are orders written again (or made of alike lines only): ``keep`` is
    offered for the latter only, saying it counts the former twice (review: it was offered for an order's two equal
    items, which would count a file pasted twice twice)."""
    found = _ledger_total(paths, "dropped", "duplicate")
    if found is None or not round(found[1], 2):
        return None
    n, amount = found
    repeats, repeated = _ledger_total(paths, "info", "duplicate_of_earlier") or (0, 0.0)
    n, amount = n - repeats, amount - repeated  # rows an overlapping export repeats count once, rightly (QA)
    own = n > 0 and round(amount, 2)
    if lang == "zh":
        repeated_text = f"{repeats:,} 行重复了前面文件或工作表中的行（导出重叠，{_money(repeated, currency)}），只计一次"
        if not own:
            return repeated_text if repeats else None
        if duplicates == "auto":
            return (f"{n:,} 行与同一文件（工作表）中前面的行各单元格完全相同（{_money(amount, currency)}），视为整单重复写出"
                    f"（文件拼接两次、同一段数据导出两次）已剔除；只由相同的行组成的订单（同一商品录入两次、别无他行）也视为重复写出："
                    f"如导出中确有这样的订单，可在参数中设置 `cleaning.duplicates: keep`，但重复写出的订单也会计两次"
                    + ("（导出重叠的行也是）" if repeats and overlap != "latest" else "")
                    + (f"。另有 {repeated_text}。" if repeats else "。"))
        return (f"{n:,} 行与同一文件（工作表）中前面的行各单元格完全相同（{_money(amount, currency)}），视为重复导出已剔除；如导出没有行号，"
                f"同一订单中两件相同的商品也会写成相同的两行：若是这样，请在参数中设置 `cleaning.duplicates: keep`"
                + ((f"（但 keep 也会把导出重叠的行计两次）。另有 {repeated_text}。" if overlap != "latest" else f"。另有 {repeated_text}。")
                   if repeats else ""))

    def overlap_said(more: str = "") -> str:
        return (f"{repeats:,} {more}{'row repeats' if repeats == 1 else 'rows repeat'} a row of an earlier file or "
                f"sheet (overlapping exports, {_money(repeated, currency)}) and {'is' if repeats == 1 else 'are'} "
                f"counted once.")

    if not own:
        return overlap_said() if repeats else None
    if duplicates == "auto":
        return (f"{n:,} {'row' if n == 1 else 'rows'} alike in every cell to an earlier one of the same file or sheet "
                f"({_money(amount, currency)}) {'was' if n == 1 else 'were'} dropped as orders written again (a file "
                f"pasted twice, a block exported twice); an order of only alike lines (one product keyed twice, "
                f"nothing else) is taken for one as well: if the export holds such orders, set "
                f"`cleaning.duplicates: keep` in params, which counts every order written again twice too"
                + (" (and the overlapping exports' rows)" if repeats and overlap != "latest" else "")
                + (f". {overlap_said('more ')}" if repeats else "."))
    return (f"{n:,} {'row' if n == 1 else 'rows'} alike in every cell to an earlier one of the same file or sheet "
            f"({_money(amount, currency)}) {'was' if n == 1 else 'were'} dropped as exported twice; an export without a "
            f"line number writes two equal items of one order alike: if so, set `cleaning.duplicates: keep` in "
            f"params" + ((f" (though keep counts the overlapping exports' rows twice too). {overlap_said('more ')}"
                          if overlap != "latest" else f". {overlap_said('more ')}") if repeats else "."))


#: Kept rows alike in every cell to an earlier one (no order ID) bringing this share of the amount kept or more get a
#: line in the terminal (:func:`possible_duplicate_note`).
POSSIBLE_DUPLICATE_SHARE = 0.02


def possible_duplicate_note(paths, *, currency: str = "RMB", lang: str = "en", orders: bool = False) -> str | None:
    """A line for the terminal when rows alike in every cell to an earlier one, without an order ID, were kept as
    repeat purchases (``cleaning.duplicates: auto``) and bring :data:`POSSIBLE_DUPLICATE_SHARE` of the amount kept
    or more: two exports pasted into one file (January to June, then April to December) count their shared months
    twice (QA: 23% too much, said in the method section only). With ``orders`` (an order ID mapped), such exports
    are dropped already: the lines kept are an order's second alike lines, and the note says so (review: it asked
    for ``drop``, which drops the invoices' real second lines). None otherwise."""
    found = _ledger_total(paths, "info", "possible_duplicate")
    kept = _ledger_total(paths, "kept", "")
    if found is None or kept is None or kept[1] <= 0 or found[1] < POSSIBLE_DUPLICATE_SHARE * kept[1]:
        return None
    n, amount = found
    share = f"{found[1] / kept[1]:.0%}"
    if orders and lang == "zh":
        return (f"{n:,} 行与本订单中前面的某一行各单元格完全相同（该订单的其他行只写一次），或没有订单号"
                f"（{_money(amount, currency)}，占保留金额的 {share}）：按订单中的第二行（同一单据两次录入同一商品）或重复购买"
                f"保留；整单重复写出的（文件拼接两次、重叠导出）已剔除；如这些行是误录两次，请在参数中设置 "
                f"`cleaning.duplicates: drop`")
    if orders:
        return (f"{n:,} {'row is' if n == 1 else 'rows are'} alike in every cell to an earlier line of "
                f"{'its' if n == 1 else 'their'} own order, whose other lines are written once, or "
                f"{'has' if n == 1 else 'have'} no order ID ({_money(amount, currency)}, {share} of the amount kept): "
                f"kept as an order's second such line (the same product keyed twice on one invoice) or as repeat "
                f"purchases; orders written again whole (a file pasted twice, overlapping exports) were dropped; if "
                f"these lines were keyed twice by mistake, set `cleaning.duplicates: drop` in params")
    if lang == "zh":
        return (f"{n:,} 行与前面的某一行各单元格完全相同且没有订单号（{_money(amount, currency)}，占保留金额的 {share}），"
                f"按重复购买保留；如文件是两次导出拼接而成（如 1–6 月与 4–12 月），重叠的月份被计了两次：请在参数中设置 "
                f"`cleaning.duplicates: drop`")
    return (f"{n:,} {'row is' if n == 1 else 'rows are'} alike in every cell to an earlier one and {'has' if n == 1 else 'have'} "
            f"no order ID ({_money(amount, currency)}, {share} of the amount kept): kept as repeat purchases; if the "
            f"file is two exports pasted together (January to June, then April to December), the months they share "
            f"count twice: set `cleaning.duplicates: drop` in params")


def unpaid_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when order lines had no payment date in a payment-date column (Paid at, 付款时间):
    orders not paid, set aside as no sale (reason ``unpaid``, not counted against the set-aside limit, so not in
    :func:`aside_note` either); None when there were none."""
    found = _ledger_total(paths, "set_aside", "unpaid")
    if found is None:
        return None
    n, amount = found
    if lang == "zh":
        return (f"{n:,} 条订单行没有付款时间（{_money(amount, currency)}）：订单未付款，不是销售，已单列、未计入分级；"
                f"明细见 quarantine.csv；如要按下单计算，请把 order_date 改为下单时间列")
    return (f"{n:,} order {'line' if n == 1 else 'lines'} ({_money(amount, currency)}) had no payment date: orders "
            f"not paid, so no sale, set aside and not graded; quarantine.csv lists {'it' if n == 1 else 'them'}; to "
            f"count orders when placed, map order_date to the order's creation date instead")


#: How a subtotal line was told when no cell of it reads as a label (:func:`subtotal_note`).
_NO_LABEL_SAID = ("a cell ends in 小计, 合计 ... or reads Subtotal, or the line holds only the customer and the sum "
                  "of its lines above")
_NO_LABEL_SAID_ZH = "某一单元格以 小计、合计 等结尾，或该行只写客户和其上方各行之和"


def document_total_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when lines were taken for document totals (``document_total``: no item, the amount the
    sum of the order's other lines), so a freight line that happens to equal its goods is not lost unseen; None
    when there were none."""
    found = _ledger_total(paths, "set_aside", "document_total")
    if not found:
        return None
    n, amount = found
    from .text import t

    return t("document_total_note", lang, n=f"{n:,}", amount=_money(amount, currency))


#: How far a file's own grand-total line may be from the lines the run kept (or from all its order lines) before
#: :func:`total_line_note` says so: half a percent, and at least one currency unit (rounding, 万元 figures).
TOTAL_LINE_TOLERANCE = 0.005


#: Units a total line may be written in while its lines are in yuan: yuan, 万元, 千元, 分.
TOTAL_LINE_UNITS = (1, 10_000, 1_000, 0.01)


def total_line_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when a file's own grand-total line (合计, Total: one line set aside as ``total_row``)
    says another amount than the lines kept, and than all its order lines (the total of an export counting its
    cancelled lines too), or those shown (a SUBTOTAL leaving hidden rows out), with its returns counted either way
    (金蝶 sums its 红字 returns as written, positive: QA c83): returns written as positive amounts,
    voided documents still counted (QA c123: 速达's 销货退货单 counted as sales, +4.0%, while the file's 合计 line,
    set aside, held the right figure). None when every such total agrees, or no file has one."""
    if not paths.ledger.is_file():
        return None
    from .clean_sql import NOT_LINES
    from .text import t

    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    ledger["amount"] = pd.to_numeric(ledger["amount"], errors="coerce").fillna(0.0)
    ledger["rows"] = pd.to_numeric(ledger["rows"], errors="coerce").fillna(0).astype("int64")
    said = []
    for source, part in ledger.groupby("source_file", sort=False):
        totals = part.loc[part["reason"] == "total_row"]
        if len(totals) != 1 or int(totals["rows"].iloc[0]) != 1:  # page totals, or none: nothing to compare
            continue
        total = float(totals["amount"].iloc[0])
        kept = float(part.loc[part["kind"] == "kept", "amount"].sum())
        listed = float(part.loc[part["kind"] == "read", "amount"].sum()
                       - part.loc[part["reason"].isin(NOT_LINES), "amount"].sum())
        hidden = float(part.loc[part["reason"] == "hidden_rows", "amount"].sum())
        # returns the run took as negative may be summed by the file as written, positive (金蝶's 红字 lines)
        returned = 2 * abs(float(part.loc[part["reason"] == "return_netted", "amount"].sum()))
        # a total written in 万元 or 千元 (1.5 for ¥15,000 of lines), or in 分, agrees as well
        if not total or any(low - near <= total * unit <= low + returned + near
                            for unit in TOTAL_LINE_UNITS
                            for near in (max(1.0, TOTAL_LINE_TOLERANCE * abs(total * unit)),)
                            for low in (kept, listed, kept - hidden, listed - hidden)):
            continue
        said.append(t("total_line_where", lang, file=source, total=_money(total, currency), kept=_money(kept, currency),
                      share=f"{(kept - total) / abs(total):+.1%}"))
    if not said:
        return None
    return t("total_line_note", lang, where=("；" if lang == "zh" else "; ").join(said[:3]) + (" …" if len(said) > 3 else ""))


#: Between a ``hidden_rows`` line's reason and the sheet's filter that hides them (:func:`kit.io.filter_said`), in
#: ledger.csv's reason_text; :func:`hidden_rows_note` says the filter after it.
FILTER_SEP = " | "


def hidden_rows_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when kept lines were hidden rows of a workbook (``hidden_rows``): counted, as rows
    are data whether shown or not, but a bookkeeper may have hidden orders rather than delete them (QA: 53 rows,
    ¥337,469.08 counted unseen, while a hidden sheet is skipped and said); None when there were none."""
    if not paths.ledger.is_file():
        return None
    from .text import t

    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    rows = ledger.loc[(ledger["kind"] == "info") & (ledger["reason"] == "hidden_rows")]
    rows = rows[rows["rows"] > 0]
    if rows.empty:
        return None
    where = [t("hidden_rows_where", lang, file=f, n=f"{int(n):,}", amount=_money(a, currency))
             for f, n, a in rows[["source_file", "rows", "amount"]].itertuples(index=False)]
    filters = [(f"{f}：" if lang == "zh" else f"{f}: ") + text.split(FILTER_SEP, 1)[1]
               for f, text in rows[["source_file", "reason_text"]].astype(str).itertuples(index=False)
               if FILTER_SEP in text]
    n = int(rows["rows"].sum())
    more = len(where) - 4
    shown = where[:4] + ([f"…（+{more}）" if lang == "zh" else f"… (+{more})"] if more > 0 else [])
    said = t("hidden_rows_note", lang, n=f"{n:,}", amount=_money(float(rows["amount"].sum()), currency),
             where=("；" if lang == "zh" else "; ").join(shown))
    return "".join([said, *(("。" if lang == "zh" else ". ") + one for one in filters[:4])])


def subtotal_note(paths, *, currency: str = "RMB", lang: str = "en") -> str | None:
    """A line for the terminal when lines naming a customer were taken for subtotals (so a real order
    whose note reads 合计 is not lost unseen); None when there were none."""
    if not paths.ledger.is_file():
        return None
    ledger = excel_unsafe_frame(pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False))
    rows = ledger.loc[ledger["reason"] == "subtotal_row"]
    if rows.empty or not int(rows["rows"].sum()):
        return None
    n, amount = int(rows["rows"].sum()), float(rows["amount"].sum())
    lines = _subtotal_lines(paths.quarantine) if paths.quarantine.is_file() else None
    period = _period_total_lines(lines) if lines is not None and len(lines) == n else None  # all listed: told
    if period is not None and period.all():
        return None  # 本月合计, 本期合计 on every one: totals, no order among them to ask about (QA cn: a statement)
    periods = int(period.sum()) if period is not None else 0
    totals = "、".join(_period_labels(lines.loc[period])) if periods else ""  # 本月合计、本期合计
    about = lines.loc[~period] if periods else lines  # the lines the hint is about: not a period's total (QA cn)
    cells, bare = _label_cells(about) if about is not None else ("", False)
    if cells and bare:  # beside lines reading 小计, lines of the customer and the sum of its lines above only
        cells = {"zh": f"{cells}；或该行只写客户和其上方各行之和",
                 "en": f"{cells}; or the line holds only the customer and the sum of its lines above"}[lang]
    k = n - periods
    if periods and not cells and bare:  # beside the total labels, lines of the customer and the sum above only (not
        # Excel's Acme Corp Total, a label: the general words say those; review rcn)
        cells = {"zh": "该行只写客户和其上方各行之和",
                 "en": "the line holds only the customer and the sum of its lines above"}[lang]
    if lang == "zh":
        stay = "只写“小计”“合计”的行和期间合计行（本月合计等）仍作小计"
        if periods:
            return (f"{n:,} 条写有客户的行（{_money(amount, currency)}）被视为小计并单列，未计为{zh_words('采购')}，其中 "
                    f"{periods:,} 条只写合计标签（{totals}），不是订单；另 {k:,} 条（{cells or _NO_LABEL_SAID_ZH}）明细见 "
                    f"quarantine.csv，如果其中有订单（备注写着“两单合计”之类），请在参数中设置 `cleaning.subtotals: keep`：{stay}")
        return (f"{n:,} 条写有客户的行（{_money(amount, currency)}）被视为小计（{cells or _NO_LABEL_SAID_ZH}）"
                f"并单列，未计为{zh_words('采购')}；明细见 quarantine.csv。如果其中有订单（备注写着“两单合计”之类），请在参数中设置 "
                f"`cleaning.subtotals: keep`：{stay}")
    stay = "lines reading only 小计 or 合计, or a period's total (本月合计), stay subtotals"
    if periods:
        return (f"{n:,} lines naming a customer ({_money(amount, currency)}) were taken for subtotals and set aside, "
                f"not counted as purchases: {periods:,} of them {'reads' if periods == 1 else 'read'} only a total label "
                f"({totals.replace('、', ', ')}), no order; "
                f"{'the other' if k == 1 else f'the other {k:,}'} ({cells or _NO_LABEL_SAID}) "
                f"{'is' if k == 1 else 'are'} in quarantine.csv. If {'it is an order' if k == 1 else 'some are orders'} "
                f"(a remark such as 两单合计), set `cleaning.subtotals: keep` in params: {stay}")
    return (f"{n:,} {'line' if n == 1 else 'lines'} naming a customer ({_money(amount, currency)}) "
            f"{'was' if n == 1 else 'were'} taken for subtotals ({cells or _NO_LABEL_SAID}) "
            f"and set aside, not counted as purchases; quarantine.csv lists {'it' if n == 1 else 'them'}. If "
            f"{'it is an order' if n == 1 else 'some are orders'} (a remark such as 两单合计), set "
            f"`cleaning.subtotals: keep` in params: {stay}")


def cent_note(paths, lang: str = "en") -> str | None:
    """A line for the terminal when kept lines had amounts with a fraction of a cent (Superstore's 957.5775, a
    four-decimal unit price times a quantity), each rounded to the cent: a consultant checking the totals against a
    spreadsheet's SUM sees why a customer differs by a cent. None when no line had one."""
    if not paths.fixes.is_file():
        return None
    fixes = pd.read_csv(paths.fixes, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    rounded = fixes.loc[fixes["fix"] == "amount rounded to the cent"]
    if rounded.empty:
        return None
    from .text import t

    n = int(pd.to_numeric(rounded.drop_duplicates("source_file")["rows"]).sum())  # each file's count, on each example
    first = rounded.iloc[0]
    before = str(first["before"]).strip().removesuffix("−").strip()  # a debit alone: 100.005, not 100.005 −
    said = t("cent_note", lang, n=f"{n:,}", example=f"{before} → {first['after']}")
    # most lines, and amounts under 1: not money to the cent but scaled prices (H&M's 0.024659), which the rounding
    # erases; amount_scale keeps their digits (kit init drafts it when its sample shows them)
    kept = _kept_rows(paths)
    digits = re.fullmatch(r"-?\d*\.(\d+)", before)
    if kept and n >= 0.5 * kept and digits and abs(float(before)) < 1:
        said += t("cent_note_scaled", lang, factor=str(scale_keeping(len(digits.group(1).rstrip("0")))))
    return said


def scale_keeping(decimals: int) -> int:
    """The ``data.amount_scale``, a power of ten from 10 to 1,000,000, that keeps an amount written to ``decimals``
    decimals whole at the cent (0.024659, six: 10000), for scaled prices such as H&M's."""
    return 10 ** min(6, max(1, int(decimals) - 2))


def _kept_rows(paths) -> int:
    """The order lines kept, as ledger.csv counts them (0 when there is none)."""
    if not paths.ledger.is_file():
        return 0
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    return int(pd.to_numeric(ledger.loc[ledger["kind"] == "kept", "rows"]).sum())


def red_quantity_note(paths, params) -> str | None:
    """A line for the terminal when kept order lines have a negative quantity and a positive amount: returns written
    in red (U8's 红字 lines, -5 units for ¥450.00) counted as sales, unless ``cleaning.returns_marked`` takes the
    quantity's sign (``数量: ["<0"]``), as ``kit init`` drafts when its sample shows them. None otherwise."""
    from .clean_sql import quote

    if not paths.transactions.is_file() or params.columns is None:
        return None
    with _transactions(paths.transactions) as (con, tx):
        if not {"quantity", "amount"} <= set(con.execute(f"DESCRIBE SELECT * FROM {tx}").df()["column_name"]):
            return None
        n, cents = con.execute(f"SELECT count(*), sum(CAST(round(amount * 100) AS BIGINT)) FROM {tx} "
                               f"WHERE TRY_CAST({quote('quantity')} AS DOUBLE) < 0 AND amount > 0").fetchone()
    if not n:
        return None
    headers = params.columns.headers()
    units = headers.get("quantity", ["quantity"])[0]
    money = headers.get("amount", ["amount"])[0]
    amount = _money(cents / 100, params.currency)
    if params.language == "zh":
        return (f"{n:,} 条订单行的 {units} 为负而 {money} 为正（合计 {amount}），按{zh_words('采购')}计入；如果是红字退货，"
                f"请在参数中设置 `cleaning.returns_marked: {{{units}: [\"<0\"]}}`，按退货（负数）计")
    return (f"{n:,} order {'line has' if n == 1 else 'lines have'} a negative {units} and a positive {money} "
            f"({amount} in all), counted as purchases; if {'it is a return' if n == 1 else 'they are returns'} "
            f"written in red (红字), set `cleaning.returns_marked: {{{units}: [\"<0\"]}}` in params so that "
            f"{'it counts' if n == 1 else 'they count'} as negative")


#: A total line's label that names no one: a period's or a page's total (合计, 本月合计, 本日小计, 3月合计, 2025年累计,
#: 本页小计, 汇总), dated like an order on each day or month it closes.
PERIOD_TOTAL = (r"\s*(?:本|当|上|全)?(?:[0-9０-９]+\s*[年月日号]?|[一二三四五六七八九十]+月)*\s*(?:日|月|年|周|期|季度?|页|单|天)?"
                r"\s*(?:(?:小|合|总|總|累)\s*[计計]|[汇彙]\s*[总總])\s*[:：]?\s*")


#: The rows of quarantine.csv an end note reads at a time.
QUARANTINE_BLOCK_ROWS = 500_000


def _first_written(cells: pd.DataFrame) -> pd.Series:
    """The first cell of each row of ``cells`` (text) that is not empty, trimmed; None on a row of none (no
    back-fill across the columns: row by row, minutes at 2M rows)."""
    values = cells.to_numpy(dtype=object)
    written = values != ""
    first = values[np.arange(len(values)), written.argmax(axis=1)] if values.shape[1] else np.full(len(values), None)
    return pd.Series(np.where(written.any(axis=1), first, None), index=cells.index, dtype=object).str.strip()


def dated_totals_note(paths, params) -> str | None:
    """A line for the terminal when lines set aside as totals because their customer cell ends in 合计 or 小计 are
    dated like orders, on three days or more under one name: a customer named 杭州合计 (QA: its 20 orders were
    set aside with no word). None otherwise."""
    if not paths.quarantine.is_file():
        return None
    headers = params.columns.headers()
    ids, days = headers["customer_id"], headers["order_date"]
    # a block of rows at a time, each kept as its lines per name and day (a ledger by month of 2M lines set aside
    # 2.4M month cells of its 小计 rows: read whole and back-filled row by row, 4 GiB and minutes)
    pairs = []
    with pd.read_csv(paths.quarantine, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                     usecols=lambda c: c in {"reason", *ids, *days}, chunksize=QUARANTINE_BLOCK_ROWS) as reader:
        for frame in reader:
            present_ids, present_days = [h for h in ids if h in frame], [h for h in days if h in frame]
            if not present_ids or not present_days:
                return None
            frame = frame.loc[frame["reason"] == "total_row"]
            dated = pd.DataFrame({"name": _first_written(frame[present_ids]),
                                  "day": _first_written(frame[present_days])}).dropna()
            dated = dated.loc[~dated["name"].str.fullmatch(PERIOD_TOTAL)]  # 本月合计 on each month's last day: a total
            pairs.append(dated.groupby(["name", "day"]).size())
    if not pairs:
        return None
    counts = pd.concat(pairs).groupby(level=[0, 1]).sum() if len(pairs) > 1 else pairs[0]
    spread = counts.groupby(level=0).size()
    names = spread.index[spread.to_numpy() >= 3].tolist()
    if not names:
        return None
    lines = int(counts[counts.index.get_level_values(0).isin(names)].sum())
    shown = ("、" if params.language == "zh" else ", ").join(names[:3]) + (" …" if len(names) > 3 else "")
    if params.language == "zh":
        return (f"{lines:,} 行的客户写作 {shown}，被当作合计行单列，但这些行像订单一样在多个日期出现：如这是客户的名称而非合计，"
                f"请在导出文件中改写（以“合计”“小计”结尾的客户单元格会被当作合计行）")
    return (f"{lines:,} lines whose customer reads {shown} were set aside as total lines, yet they are dated like "
            f"orders, on several days: if that is a customer's name rather than a total, write it otherwise in the "
            f"export (a customer cell ending in 合计 or 小计 is taken for a total)")


def _subtotal_lines(quarantine: Path) -> pd.DataFrame:
    """The subtotal lines (``subtotal_row``) of ``quarantine``, every cell as text."""
    frame = pd.read_csv(quarantine, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return frame.loc[frame["reason"] == "subtotal_row"]


def _period_total_lines(frame: pd.DataFrame) -> np.ndarray:
    """Which subtotal lines (``frame``: :func:`_subtotal_lines`) have a cell that is a period's total label as a
    whole (:data:`kit.clean_sql.PERIOD_TOTAL`: 本月合计, 本期合计, 本年累计, 合计): lines no remark on an order marks,
    which ``cleaning.subtotals: keep`` is not for."""
    from .clean_sql import PERIOD_TOTAL

    labelled = np.zeros(len(frame), dtype=bool)
    for column in frame.columns[4:]:  # after source_file, source_row, reason, reason_text: the file's cells
        labelled |= np.asarray(fullmatch(arrow_text(frame[column].str.strip()), PERIOD_TOTAL), dtype=bool)
    return labelled


def _period_labels(frame: pd.DataFrame, shown: int = 3) -> list[str]:
    """The period's total labels (本月合计, 本期合计) the subtotal lines ``frame`` read, the commonest first; ``…``
    last when there are more than ``shown``."""
    from .clean_sql import PERIOD_TOTAL

    cells = frame[frame.columns[4:]].stack().astype(str).str.strip()
    seen = cells[fullmatch(arrow_text(cells), PERIOD_TOTAL)].value_counts()
    return [*seen.index[:shown], *(["…"] if len(seen) > shown else [])]


def _label_cells(frame: pd.DataFrame, shown: int = 3) -> tuple[str, bool]:
    """The columns and texts that marked the subtotal lines ``frame`` (:func:`_subtotal_lines`): ``备注: 本单合计,
    合计``; and whether some of them hold no such text (the customer and the sum of its lines above only)."""
    from .clean_sql import BARE_TOTAL, EXCEL_SUBTOTAL, TOTAL_BESIDE_ID

    parts = []
    labelled = pd.Series(False, index=frame.index)
    for column in frame.columns[4:]:  # after source_file, source_row, reason, reason_text: the file's cells
        text = frame[column].str.strip()
        marked = fullmatch(arrow_text(text), f"{TOTAL_BESIDE_ID}|{BARE_TOTAL}")
        labels = text[marked]
        labelled |= marked | fullmatch(arrow_text(text), EXCEL_SUBTOTAL)  # Acme Corp Total: a label too
        if len(labels):
            seen = labels.value_counts()
            parts.append(f"{column}: " + ", ".join(seen.index[:shown]) + (" …" if len(seen) > shown else ""))
    return "; ".join(parts), bool(len(frame)) and not labelled.all()


def read_master(paths) -> pd.DataFrame | None:
    """The customer master saved by the cleaning notebook, or None when the case has none."""
    return pd.read_parquet(paths.master) if paths.master.is_file() else None


def check_window(transactions, *, start, end, date: str = "order_date", ledger: pd.DataFrame | None = None) -> None:
    """Stop when no kept row falls in the grading window, saying where the data lies; or when the window's kept
    rows are returns alone (none with a positive amount, some negative): a returns file read without its sales
    file, which would grade every customer at a negative revenue. ``ledger`` (:attr:`CleanResult.ledger`) names
    the files of the kept rows in that message.

    ``transactions`` is the cleaned table or its Parquet file.
    """
    from .clean_sql import quote

    with _transactions(transactions) as (con, tx):
        day = f"CAST({quote(date)} AS DATE)"
        has_amount = "amount" in con.execute(f"SELECT * FROM {tx} LIMIT 0").df().columns
    if has_amount and not isinstance(transactions, pd.DataFrame):
        # the counts 01_clean shows next, kept for 02, 03 and the end notes: one scan of the kept rows for all (10M
        # lines, 3 runs: this check and the four counts of a run 0.8 CPU s, against 2.3 for a scan each)
        window = window_counts(transactions, start=start, end=end, date=date)
        inside, sales, returns = (window.attrs["signs"][k] for k in ("inside", "sales", "returns"))
        first, last = window["first"].min(), window["last"].max()
        _stop_outside_window(inside, sales, returns, None if pd.isna(first) else first, last, start=start, end=end,
                             ledger=ledger)
        return
    with _transactions(transactions) as (con, tx):
        signs = ("count(*) FILTER (WHERE {w} AND amount > 0), count(*) FILTER (WHERE {w} AND amount < 0)"
                 if has_amount else "0, 0").format(w=f"{day} BETWEEN $start AND $end")
        inside, first, last, sales, returns = con.execute(
            f"SELECT count(*) FILTER (WHERE {day} BETWEEN $start AND $end), min({day}), max({day}), {signs} "
            f"FROM {tx}", {"start": pd.Timestamp(start).date(), "end": pd.Timestamp(end).date()}).fetchall()[0]
    _stop_outside_window(inside, sales, returns, first, last, start=start, end=end, ledger=ledger)


def _stop_outside_window(inside: int, sales: int, returns: int, first, last, *, start, end,
                         ledger: pd.DataFrame | None) -> None:
    """:func:`check_window`'s stops, from the window's rows, sales and returns and the first and last day kept
    (None when no row was kept)."""
    if inside:
        if returns and not sales:
            raise DataError(key="e_returns_only", files=kept_files(ledger) or phrase("e_the_data"))
        return
    if first is None:  # nothing to grade at all: no window would help
        raise DataError(key="e_nothing_kept")
    raise DataError(key="e_no_order_in_window", start=f"{pd.Timestamp(start):%Y-%m-%d}",
                    end=f"{pd.Timestamp(end):%Y-%m-%d}",
                    span=phrase("e_data_span", first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}"))


def kept_files(ledger: pd.DataFrame | None) -> str:
    """The files with kept rows in a cleaning ``ledger``, comma-separated ("" without a ledger)."""
    if ledger is None or not len(ledger):
        return ""
    kept = ledger[(ledger["kind"] == "kept") & (pd.to_numeric(ledger["rows"], errors="coerce") > 0)]
    return ", ".join(dict.fromkeys(kept["source_file"].astype(str)))
