"""Cleaning: raw rows in, typed transactions out, every row accounted for.

Rows that cannot be used are set aside with a reason (the quarantine), never
dropped silently; the ledger shows, per input file, that rows read = rows kept
+ rows set aside, by reason, and the run stops when it does not reconcile.
All parsing is vectorised over the column; no Python loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import DataError
from .io import SOURCE_ROW
from .textops import arrow_text, fullmatch, is_blank, replace, to_series
from .params import Columns

#: Why a row is not kept: key -> (what happens to it, text for people).
#: "set_aside" rows go to quarantine.csv; "dropped" rows are only counted.
REASONS: dict[str, tuple[str, str]] = {
    "blank_row": ("dropped", "empty row"),
    "duplicate": ("dropped", "exact duplicate of an earlier row"),
    "missing_customer_id": ("set_aside", "no customer ID"),
    "bad_amount": ("set_aside", "amount missing or not a number"),
    "bad_date": ("set_aside", "order date missing or not a date"),
    "return_set_aside": ("set_aside", "return (negative amount) set aside by cleaning.returns"),
    "return_dropped": ("dropped", "return (negative amount) dropped by cleaning.returns"),
}

#: Rows kept but worth knowing about (ledger kind "info", not part of the reconciliation).
NOTES: dict[str, str] = {
    "zero_amount": "zero amount (free goods, samples) kept",
    "return_netted": "return (negative amount) netted against the customer",
    "possible_duplicate": "identical to an earlier row, kept as a possible repeat purchase",
}

#: Canonical columns every cleaned table has.
REQUIRED = ("customer_id", "order_date", "amount")

_PLAIN_NUMBER = r"-?\d+(\.\d+)?"
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
_DAY_MONTH = r"\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4}|\d{2})(\s+\d{1,2}:\d{2}(:\d{2})?)?"


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
    """

    transactions: pd.DataFrame
    quarantine: pd.DataFrame
    ledger: pd.DataFrame
    fixes: pd.DataFrame


def clean_customer_id(values: pd.Series) -> pd.Series:
    """Customer IDs as text: full-width folded, spaces trimmed, leading zeros kept.

    Missing or blank IDs become ``<NA>``. Numbers read from Excel or Parquet
    lose a trailing ``.0`` (``12.0`` -> ``"12"``).
    """
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.notna() & (values % 1 == 0)
        values = values.astype(object).where(~whole, values.where(whole).astype("Int64").astype(object))
    text = arrow_text(values)
    blank = is_blank(text) | fullmatch(text, "nan|None|<NA>")
    return to_series(text, values.index).mask(blank)


def parse_amount(values: pd.Series) -> pd.Series:
    """Amounts as float, rounded to cents; ``NaN`` where missing or unparseable.

    Understands ``¥1,234.50``, ``RMB 1,234``, ``1,234元``, ``1.2万``,
    ``(1,234.00)`` and ``1,234-`` (negatives) and full-width digits.
    """
    from .features import round_money

    if pd.api.types.is_numeric_dtype(values.dtype):
        return round_money(pd.to_numeric(values, errors="coerce").astype(float))
    text = arrow_text(values)
    negative = fullmatch(text, r"\(.*\)|.*[^\s-]\s*-")
    text = replace(replace(text, r"^\((.*)\)$", r"\1"), r"-$", "")
    text = replace(text, r"(?i)rmb|cny|[¥$,\s元]", "")
    wan = fullmatch(text, r".*万")
    text = replace(text, "万", "")
    digits = to_series(text, values.index)
    number = pd.to_numeric(digits.mask(is_blank(text) | fullmatch(text, "-")), errors="coerce").astype(float)
    number = number.where(~wan, number * 10_000)
    number = number.where(~negative, -number)
    return round_money(number)


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
    arrow = arrow_text(values)
    text = to_series(arrow, values.index)
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    for fmt in _DATE_FORMATS:
        todo = parsed.isna() & text.notna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    serial = parsed.isna() & fullmatch(arrow, r"\d{5}(\.\d+)?")
    if serial.any():
        parsed[serial] = _from_excel_serial(pd.to_numeric(text[serial], errors="coerce"))
    out = parsed
    return out.astype("datetime64[ns]").dt.normalize()


def _from_excel_serial(number: pd.Series) -> pd.Series:
    plausible = number.between(20_000, 80_000)  # 1954 .. 2119
    days = number.where(plausible)
    return (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).dt.normalize()


def ambiguous_dates(values: pd.Series) -> pd.Series:
    """Mask of text dates such as ``03/05/2024`` that read as day/month or month/day."""
    if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return pd.Series(False, index=values.index)
    return pd.Series(fullmatch(arrow_text(values), _DAY_MONTH), index=values.index)


def parse_dates_with_format(values: pd.Series, date_format: str | None) -> pd.Series:
    """:func:`parse_date`, trying ``date_format`` (from params) first."""
    if date_format is None:
        return parse_date(values)
    text = to_series(arrow_text(values), values.index)
    if "%H" not in date_format:
        # a date-only format also reads "12/1/2010 8:26": the time of day is not needed
        text = to_series(replace(arrow_text(values), r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", ""), values.index)
    first = pd.to_datetime(text, format=date_format, errors="coerce")
    rest = parse_date(values.where(first.isna()))
    return first.fillna(rest).astype("datetime64[ns]").dt.normalize()


def clean_orders(
    raw: pd.DataFrame,
    columns,
    *,
    source: str,
    duplicates: str = "auto",
    returns: str = "net",
    date_format: str | None = None,
    max_set_aside_share: float = 0.05,
) -> CleanResult:
    """Type the canonical columns of one file and account for every row.

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
    max_set_aside_share
        Stop with an error when more than this share of non-empty rows is set aside.

    Raises
    ------
    DataError
        A mapped column is missing, dates are ambiguous, too many rows cannot be
        used, or (a bug) the ledger does not reconcile.
    """
    from .io import map_columns

    mapped = map_columns(raw, columns, source=source)
    cells = raw.drop(columns=SOURCE_ROW)
    blank = _blank_rows(cells)
    identical = cells.duplicated(keep="first") & ~blank
    has_order_id = "order_id" in mapped
    drop_duplicates = duplicates == "drop" or (duplicates == "auto" and has_order_id)

    if "amount" not in mapped:
        # no amount column: quantity x unit price, to the cent (either unparseable -> bad amount)
        from .features import round_money

        mapped = mapped.assign(amount=round_money(parse_amount(mapped["quantity"]) * parse_amount(mapped["unit_price"])))
    typed = mapped.copy()
    typed["customer_id"] = clean_customer_id(mapped["customer_id"])
    typed["amount"] = parse_amount(mapped["amount"])
    if date_format is None:
        unclear = ambiguous_dates(mapped["order_date"]) & ~blank
        if unclear.any():
            _stop_on_ambiguous_dates(mapped, unclear, source)
    typed["order_date"] = parse_dates_with_format(mapped["order_date"], date_format)
    if has_order_id:
        typed["order_id"] = clean_customer_id(mapped["order_id"])
    if "customer_name" in typed:
        typed["customer_name"] = to_series(arrow_text(mapped["customer_name"]), mapped.index)

    negative = typed["amount"] < 0
    checks = [
        ("blank_row", blank),
        ("duplicate", identical if drop_duplicates else pd.Series(False, index=typed.index)),
        ("missing_customer_id", typed["customer_id"].isna()),
        ("bad_amount", typed["amount"].isna()),
        ("bad_date", typed["order_date"].isna()),
        ("return_set_aside", negative if returns == "set_aside" else pd.Series(False, index=typed.index)),
        ("return_dropped", negative if returns == "drop" else pd.Series(False, index=typed.index)),
    ]
    reason = pd.Series(pd.NA, index=typed.index, dtype="string")
    for key, failed in checks:
        reason = reason.mask(reason.isna() & failed.fillna(False).astype(bool), key)
    kept = reason.isna()
    kind = _kinds(reason)

    aside = (kind == "set_aside").to_numpy()
    quarantine = pd.concat(
        [
            pd.DataFrame(
                {
                    "source_file": source,
                    "source_row": raw.loc[aside, SOURCE_ROW].to_numpy(),
                    "reason": reason[aside].to_numpy(),
                    "reason_text": reason[aside].map({k: v[1] for k, v in REASONS.items()}).to_numpy(),
                }
            ),
            cells.loc[aside].astype("string").reset_index(drop=True),
        ],
        axis=1,
    )
    transactions = typed.loc[kept].drop(columns=SOURCE_ROW).reset_index(drop=True)
    transactions["customer_id"] = transactions["customer_id"].astype("string")

    notes = {
        "zero_amount": kept & (typed["amount"] == 0),
        "return_netted": kept & negative,
        "possible_duplicate": kept & identical,
    }
    ledger = build_ledger(source, typed["amount"], reason, notes)
    check_ledger(ledger, source)
    fixes = fix_examples(mapped, typed, kept, source=source, dropped_duplicates=identical & (reason == "duplicate"))

    non_blank = int((~blank).sum())
    share = aside.sum() / non_blank if non_blank else 0.0
    if share > max_set_aside_share:
        _stop_on_too_many(raw, mapped, reason, aside, share, max_set_aside_share, source)
    return CleanResult(transactions=transactions, quarantine=quarantine, ledger=ledger, fixes=fixes)


def _kinds(reason: pd.Series) -> pd.Series:
    mapping = {key: kind for key, (kind, _) in REASONS.items()}
    return reason.map(mapping).fillna("kept").astype(str)


def _blank_rows(cells: pd.DataFrame) -> pd.Series:
    if cells.shape[1] == 0:
        return pd.Series(False, index=cells.index)
    blank = np.ones(len(cells), dtype=bool)
    for column in cells.columns:  # a loop over columns, not rows
        blank &= is_blank(arrow_text(cells[column]))
    return pd.Series(blank, index=cells.index)


def _stop_on_ambiguous_dates(mapped: pd.DataFrame, unclear: pd.Series, source: str) -> None:
    first = unclear.idxmax()
    value = str(mapped.loc[first, "order_date"]).strip()
    row = int(mapped.loc[first, SOURCE_ROW])
    parts = pd.Series(mapped.loc[unclear, "order_date"]).astype("string").str.extract(r"^\s*(\d+)\D(\d+)")
    first_part = pd.to_numeric(parts[0], errors="coerce")
    second_part = pd.to_numeric(parts[1], errors="coerce")
    if (first_part > 12).any():
        hint = " (some dates start with a number above 12, which suggests %d/%m/%Y)"
    elif (second_part > 12).any():
        hint = " (some dates have a second number above 12, which suggests %m/%d/%Y)"
    else:
        hint = ""
    raise DataError(
        f"{source}: the order date {value!r} in row {row} could be day/month or month/day; "
        f"set data.date_format to '%d/%m/%Y' or '%m/%d/%Y'{hint}"
    )


def _stop_on_too_many(raw, mapped, reason, aside, share, limit, source) -> None:
    counts = reason[aside].value_counts()
    examples = []
    for key, n in counts.head(3).items():
        hit = (reason == key).fillna(False).to_numpy(dtype=bool)
        row = int(raw.loc[hit, SOURCE_ROW].iloc[0])
        column = {"bad_amount": "amount", "bad_date": "order_date", "missing_customer_id": "customer_id"}.get(key)
        value = f" {str(mapped.loc[hit, column].iloc[0])!r}" if column else ""
        examples.append(f"{REASONS[key][1]}: {n} rows, e.g. row {row}{value}")
    raise DataError(
        f"{source}: {int(aside.sum())} of {int((reason != 'blank_row').fillna(True).sum())} rows ({share:.1%}) "
        f"cannot be used, more than `cleaning.max_set_aside_share` {limit:.0%} allows "
        f"({'; '.join(examples)}); fix the file, or raise the limit in params if this is expected"
    )


def build_ledger(
    source: str, amount: pd.Series, reason: pd.Series, notes: dict[str, pd.Series]
) -> pd.DataFrame:
    """Rows and amounts read, dropped or set aside per reason, kept, and notes.

    Amounts are summed in cents; unparseable amounts count as zero.
    """
    from .features import to_cents

    cents = to_cents(amount.fillna(0.0))
    rows = [("read", "", len(reason), int(cents.sum()))]
    for key, (kind, _) in REASONS.items():
        hit = (reason == key).fillna(False).to_numpy()
        if hit.any():
            rows.append((kind, key, int(hit.sum()), int(cents[hit].sum())))
    kept = reason.isna().to_numpy()
    rows.append(("kept", "", int(kept.sum()), int(cents[kept].sum())))
    for key, mask in notes.items():
        hit = mask.fillna(False).to_numpy()
        if hit.any():
            rows.append(("info", key, int(hit.sum()), int(cents[hit].sum())))
    ledger = pd.DataFrame(rows, columns=["kind", "reason", "rows", "cents"])
    ledger.insert(0, "source_file", source)
    texts = {**{k: v[1] for k, v in REASONS.items()}, **NOTES}
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


def fix_examples(
    mapped: pd.DataFrame,
    typed: pd.DataFrame,
    kept: pd.Series,
    *,
    source: str,
    dropped_duplicates: pd.Series | None = None,
    per_fix: int = 3,
) -> pd.DataFrame:
    """Up to ``per_fix`` before/after examples of each repair made to kept rows."""
    frames = []

    def take(fix: str, column: str, mask: pd.Series, after: pd.Series, shown: pd.DataFrame = mapped) -> None:
        hit = mask.fillna(False).to_numpy(dtype=bool)
        if not hit.any():
            return
        index = np.flatnonzero(hit)[:per_fix]
        frames.append(
            pd.DataFrame(
                {
                    "fix": fix,
                    "source_file": source,
                    "source_row": mapped[SOURCE_ROW].to_numpy()[index],
                    "column": column,
                    "before": shown[column].astype("string").to_numpy()[index],
                    "after": after.astype("string").to_numpy()[index],
                    "rows": int(hit.sum()),
                }
            )
        )

    if not pd.api.types.is_numeric_dtype(mapped["amount"].dtype):
        plain = fullmatch(pa.array(mapped["amount"].astype("string[pyarrow]")), _PLAIN_NUMBER)
        take("amount read as money", "amount", kept & ~plain, _cents_text(typed["amount"]))
    if not pd.api.types.is_datetime64_any_dtype(mapped["order_date"].dtype):
        iso = fullmatch(pa.array(mapped["order_date"].astype("string[pyarrow]")), _ISO_DAY)
        take("date read", "order_date", kept & ~iso, typed["order_date"].dt.strftime("%Y-%m-%d"))
    raw_id = pa.array(mapped["customer_id"].astype("string[pyarrow]"))
    changed = kept & pd.Series(
        np.asarray(pc.fill_null(pc.not_equal(raw_id, pa.array(typed["customer_id"].astype("string[pyarrow]"))),
                                False).to_numpy(zero_copy_only=False), dtype=bool), index=mapped.index)
    visible = mapped.assign(customer_id=to_series(replace(raw_id, " ", "␣"), mapped.index))
    take("customer ID normalised", "customer_id", changed, typed["customer_id"], shown=visible)
    take("return netted", "amount", kept & (typed["amount"] < 0), _cents_text(typed["amount"]))
    if dropped_duplicates is not None:
        take("duplicate dropped", "customer_id", dropped_duplicates, pd.Series("(dropped)", index=mapped.index))
    if not frames:
        return pd.DataFrame(columns=["fix", "source_file", "source_row", "column", "before", "after", "rows"])
    return pd.concat(frames, ignore_index=True)


def _cents_text(amount: pd.Series) -> pd.Series:
    values = amount.to_numpy(dtype=float)
    return pd.Series(np.char.mod("%.2f", np.nan_to_num(values)), index=amount.index, dtype="string")


def clean_files(tables: list[tuple[pd.DataFrame, str]], columns, *, rules, date_format=None) -> CleanResult:
    """:func:`clean_orders` for each input file, results stacked (one ledger block per file)."""
    results = [
        clean_orders(raw, columns, source=source, duplicates=rules.duplicates, returns=rules.returns,
                     date_format=date_format, max_set_aside_share=rules.max_set_aside_share)
        for raw, source in tables
    ]
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
    check = pd.DataFrame(
        {
            "check": ["in orders, not in master", "in master, no orders", "duplicate IDs in master"],
            "customers": [len(only_orders), len(only_master), len(duplicated)],
            "examples": [", ".join(x[:5]) for x in (only_orders, only_master, duplicated)],
        }
    )
    check.insert(0, "source_file", source)
    return master[~dup].reset_index(drop=True), check


def master_for(params, transactions: pd.DataFrame) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The case's customer master, normalised, and its ID check against the orders.

    Without ``data.master``: ``(None, empty check table)``.
    """
    from .io import load_master

    loaded = load_master(params)
    if loaded is None:
        return None, pd.DataFrame(columns=["source_file", "check", "customers", "examples"])
    master, source = loaded
    return check_master(master, transactions, source=source)


def save(result: CleanResult, paths, *, master: pd.DataFrame | None = None,
         master_check: pd.DataFrame | None = None) -> None:
    """Write the cleaned transactions (Parquet), quarantine, ledger and fixes (CSV) to the run folder."""
    result.transactions.to_parquet(paths.transactions, index=False)
    result.quarantine.to_csv(paths.quarantine, index=False, encoding="utf-8-sig")
    result.ledger.to_csv(paths.ledger, index=False, encoding="utf-8-sig", float_format="%.2f")
    result.fixes.to_csv(paths.fixes, index=False, encoding="utf-8-sig")
    if master is not None:
        master.to_parquet(paths.master, index=False)
        master_check.to_csv(paths.master_check, index=False, encoding="utf-8-sig")


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


def read_master(paths) -> pd.DataFrame | None:
    """The customer master saved by the cleaning notebook, or None when the case has none."""
    return pd.read_parquet(paths.master) if paths.master.is_file() else None


def check_window(transactions: pd.DataFrame, *, start, end, date: str = "order_date") -> None:
    """Stop when no kept row falls in the grading window, saying where the data lies."""
    day = transactions[date]
    if ((day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))).any():
        return
    if len(day):
        span = f"the data runs from {day.min():%Y-%m-%d} to {day.max():%Y-%m-%d}"
    else:
        span = "no row was kept"
    raise DataError(
        f"no order falls in the grading window {pd.Timestamp(start):%Y-%m-%d} to {pd.Timestamp(end):%Y-%m-%d}, "
        f"but {span}; set period.as_of (and period.months) to cover the data"
    )
