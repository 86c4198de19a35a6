"""Cleaning: raw rows in, typed transactions out, every row accounted for.

Rows that cannot be used are set aside with a reason (the quarantine), never
dropped silently; the ledger shows, per input file, that rows read = rows kept
+ rows set aside, by reason, and the run stops when it does not reconcile.
All parsing is vectorised over the column; no Python loop per row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import DataError
from .io import SOURCE_ROW
from .params import Columns

#: Reasons a row is set aside, in the order they are checked; the key is stored,
#: the text is for people.
REASONS: dict[str, str] = {
    "missing_customer_id": "no customer ID",
    "bad_amount": "amount missing or not a number",
    "bad_date": "order date missing or not a date",
}

#: Columns of the cleaned transaction table, in order (optional ones when mapped).
REQUIRED = ("customer_id", "order_date", "amount")


@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean_orders` returns.

    Attributes
    ----------
    transactions
        One row per usable order line: ``customer_id`` (text), ``order_date``
        (day), ``amount`` (float, rounded to cents) and every other mapped column.
    quarantine
        One row per set-aside row: ``source_file``, ``source_row``, ``reason``,
        ``reason_text`` and ``raw`` (the row's original values as JSON).
    ledger
        ``source_file``, ``step``, ``rows``, ``amount``: read, each reason, kept.
    """

    transactions: pd.DataFrame
    quarantine: pd.DataFrame
    ledger: pd.DataFrame


def clean_customer_id(values: pd.Series) -> pd.Series:
    """Customer IDs as text: full-width folded, spaces trimmed, leading zeros kept.

    Missing or blank IDs become ``<NA>``. Numbers read from Excel or Parquet
    lose a trailing ``.0`` (``12.0`` -> ``"12"``).
    """
    text = values.astype("string")
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.notna() & (values % 1 == 0)
        text = text.where(~whole, values[whole].astype("Int64").astype("string"))
    text = text.str.normalize("NFKC").str.strip()
    return text.mask(text.isin(["", "nan", "None", "<NA>"]))


def parse_amount(values: pd.Series) -> pd.Series:
    """Amounts as float, rounded to cents; ``NaN`` where missing or unparseable.

    Understands ``¥1,234.50``, ``RMB 1,234``, ``1,234元``, ``1.2万``,
    ``(1,234.00)`` and ``1,234-`` (negatives) and full-width digits.
    """
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.to_numeric(values, errors="coerce").astype(float).round(2)
    text = values.astype("string").str.normalize("NFKC").str.strip()
    negative = text.str.fullmatch(r"\(.*\)|.*[^\s-]\s*-").fillna(False)
    text = text.str.replace(r"^\((.*)\)$", r"\1", regex=True).str.replace(r"-$", "", regex=True)
    text = text.str.replace(r"(?i)rmb|cny|[¥$,\s元]", "", regex=True)
    wan = text.str.endswith("万").fillna(False)
    text = text.str.replace("万", "", regex=False)
    number = pd.to_numeric(text.mask(text.isin(["", "-"])), errors="coerce").astype(float)
    number = number.where(~wan, number * 10_000)
    number = number.where(~negative, -number)
    return number.round(2)


_DATE_FORMATS = (
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d",
)


def parse_date(values: pd.Series) -> pd.Series:
    """Order dates as day-precision ``datetime64``; ``NaT`` where not a date.

    Accepts date cells, ISO text (with or without a time), ``2024/3/5``,
    ``2024年3月5日``, ``20240305`` and Excel serial numbers.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.tz_localize(None).dt.normalize() if values.dt.tz else values.dt.normalize()
    if pd.api.types.is_numeric_dtype(values.dtype):
        return _from_excel_serial(pd.to_numeric(values, errors="coerce"))
    # date cells and numbers from Excel become ISO text or serial digits here
    text = values.astype("string").str.normalize("NFKC").str.strip()
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    for fmt in _DATE_FORMATS:
        todo = parsed.isna() & text.notna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    serial = parsed.isna() & text.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False)
    if serial.any():
        parsed[serial] = _from_excel_serial(pd.to_numeric(text[serial], errors="coerce"))
    out = parsed
    return out.astype("datetime64[ns]").dt.normalize()


def _from_excel_serial(number: pd.Series) -> pd.Series:
    plausible = number.between(20_000, 80_000)  # 1954 .. 2119
    days = number.where(plausible)
    return (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).dt.normalize()


def clean_orders(
    raw: pd.DataFrame,
    *,
    source: str,
    max_set_aside_share: float = 0.05,
) -> CleanResult:
    """Type the canonical columns of ``raw`` and set aside unusable rows.

    Parameters
    ----------
    raw
        Output of :func:`kit.io.map_columns`: canonical columns plus
        :data:`kit.io.SOURCE_ROW`.
    source
        The input file's name, recorded in the ledger and the quarantine.
    max_set_aside_share
        Stop with an error when more than this share of rows is set aside.
    """
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise DataError(f"{source}: the table lacks the columns {missing}")
    typed = raw.copy()
    typed["customer_id"] = clean_customer_id(raw["customer_id"])
    typed["amount"] = parse_amount(raw["amount"])
    typed["order_date"] = parse_date(raw["order_date"])
    if "order_id" in typed:
        typed["order_id"] = clean_customer_id(raw["order_id"])
    if "customer_name" in typed:
        typed["customer_name"] = typed["customer_name"].astype("string").str.strip()

    reason = pd.Series(pd.NA, index=typed.index, dtype="string")
    checks = {
        "missing_customer_id": typed["customer_id"].isna(),
        "bad_amount": typed["amount"].isna(),
        "bad_date": typed["order_date"].isna(),
    }
    for key, failed in checks.items():
        reason = reason.mask(reason.isna() & failed, key)
    aside = reason.notna()

    quarantine = pd.DataFrame(
        {
            "source_file": source,
            "source_row": raw.loc[aside, SOURCE_ROW].to_numpy(),
            "reason": reason[aside].to_numpy(),
            "reason_text": reason[aside].map(REASONS).to_numpy(),
            "raw": _raw_json(raw.loc[aside].drop(columns=SOURCE_ROW)),
        }
    )
    kept = typed.loc[~aside].drop(columns=SOURCE_ROW).reset_index(drop=True)

    ledger = build_ledger(source, typed, reason)
    check_ledger(ledger, source)
    share = aside.mean() if len(typed) else 0.0
    if share > max_set_aside_share:
        top = reason[aside].value_counts()
        examples = "; ".join(
            f"{REASONS[k]}: {n} rows, e.g. row {int(raw.loc[reason == k, SOURCE_ROW].iloc[0])}"
            for k, n in top.items()
        )
        raise DataError(
            f"{source}: {aside.sum()} of {len(typed)} rows ({share:.1%}) cannot be used, more than "
            f"`cleaning.max_set_aside_share` {max_set_aside_share:.0%} allows ({examples}); "
            f"fix the file or raise the limit"
        )
    return CleanResult(transactions=kept, quarantine=quarantine, ledger=ledger)


def build_ledger(source: str, typed: pd.DataFrame, reason: pd.Series) -> pd.DataFrame:
    """Rows and amounts: read, set aside per reason, kept."""
    amount = typed["amount"].fillna(0.0)
    rows = [("read", len(typed), amount.sum())]
    for key in REASONS:
        hit = reason == key
        rows.append((f"set aside: {key}", int(hit.sum()), amount[hit.fillna(False)].sum()))
    kept = reason.isna()
    rows.append(("kept", int(kept.sum()), amount[kept].sum()))
    ledger = pd.DataFrame(rows, columns=["step", "rows", "amount"])
    ledger.insert(0, "source_file", source)
    ledger["amount"] = ledger["amount"].round(2)
    return ledger


def check_ledger(ledger: pd.DataFrame, source: str) -> None:
    """Stop when rows read != rows kept + rows set aside."""
    read = int(ledger.loc[ledger["step"] == "read", "rows"].sum())
    accounted = int(ledger.loc[ledger["step"] != "read", "rows"].sum())
    if read != accounted:
        raise DataError(
            f"{source}: the cleaning ledger does not reconcile: {read} rows read but "
            f"{accounted} kept or set aside; this is a bug in the kit, please report it"
        )


def _raw_json(frame: pd.DataFrame) -> list[str]:
    records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return [json.dumps(r, ensure_ascii=False, default=str) for r in records]


def save(result: CleanResult, paths) -> None:
    """Write the cleaned transactions (Parquet), quarantine and ledger (CSV) to the run folder."""
    result.transactions.to_parquet(paths.transactions, index=False)
    result.quarantine.to_csv(paths.quarantine, index=False, encoding="utf-8-sig")
    result.ledger.to_csv(paths.ledger, index=False, encoding="utf-8-sig", float_format="%.2f")


def window_counts(transactions: pd.DataFrame, *, start, end, date: str = "order_date") -> pd.DataFrame:
    """Kept rows before, inside and after the grading window (rows outside are not graded)."""
    day = transactions[date]
    before = day < pd.Timestamp(start)
    after = day > pd.Timestamp(end)
    inside = ~(before | after)
    amount = transactions["amount"]
    return pd.DataFrame(
        {
            "part": ["before window", "in window", "after window"],
            "rows": [int(before.sum()), int(inside.sum()), int(after.sum())],
            "amount": [amount[before].sum().round(2), amount[inside].sum().round(2), amount[after].sum().round(2)],
        }
    )
