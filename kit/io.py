"""Readers: a client's export file in, a raw table of text out.

Every reader returns the rows exactly as the file holds them (CSV cells as
text, so that ``00012`` stays ``00012``) plus the row number a user sees in
Excel or an editor, so that a set-aside row can be found again.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import DataError
from .params import Columns

#: Column added by every reader: the row number as the user sees it in the source.
SOURCE_ROW = "_source_row"

_ENCODINGS = ("utf-8-sig", "gb18030")


def normalise_header(text: object) -> str:
    """Header as compared: full-width folded (NFKC), spaces trimmed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def read_table(path: str | Path, *, sheet: str | int = 0, encoding: str | None = None) -> pd.DataFrame:
    """Read a CSV/TSV, Excel or Parquet file into a raw table.

    Parameters
    ----------
    path
        The file; its suffix picks the reader.
    sheet
        Excel sheet by name or 0-based index.
    encoding
        Text encoding of a CSV; when None, UTF-8 (with or without BOM) and then
        GB18030 (a superset of GBK) are tried.

    Returns
    -------
    DataFrame
        The file's columns (CSV and Excel cells as text) and :data:`SOURCE_ROW`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise DataError(
            f"{path.name}: cannot read files of type {suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_READERS))}"
        )
    if not path.is_file():
        raise DataError(f"{path}: the file does not exist")
    if path.stat().st_size == 0:
        raise DataError(f"{path.name}: the file is empty")
    frame = reader(path, sheet=sheet, encoding=encoding)
    if frame.shape[1] == 0:
        raise DataError(f"{path.name}: the file has no columns")
    return frame


def _read_csv(path: Path, *, sheet: str | int, encoding: str | None) -> pd.DataFrame:
    encodings = (encoding,) if encoding else _ENCODINGS
    last_error: Exception | None = None
    for enc in encodings:
        try:
            with path.open(encoding=enc, newline="") as handle:
                sample = handle.read(64_000)
            delimiter = _sniff_delimiter(sample, path)
            frame = pd.read_csv(
                path, sep=delimiter, dtype=str, keep_default_na=False, encoding=enc,
                skipinitialspace=False,
            )
            break
        except UnicodeDecodeError as exc:
            last_error = exc
        except LookupError:
            raise DataError(f"{path.name}: unknown encoding {enc!r} in data.encoding") from None
        except pd.errors.EmptyDataError:
            raise DataError(f"{path.name}: the file has no rows or header") from None
        except pd.errors.ParserError as exc:
            raise DataError(f"{path.name}: not a readable table ({str(exc).splitlines()[0]})") from None
    else:
        tried = " or ".join(encodings)
        raise DataError(
            f"{path.name}: the text is not {tried}; set data.encoding to the file's encoding"
        ) from last_error
    frame.insert(0, SOURCE_ROW, range(2, len(frame) + 2))
    return frame


def _sniff_delimiter(sample: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample.split("\n", 20)[0] if sample else ",", ",\t;|").delimiter
    except csv.Error:
        return ","


def _read_excel(path: Path, *, sheet: str | int, encoding: str | None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, sheet_name=sheet, dtype=object, engine="openpyxl")
    except ValueError as exc:
        if "not found" in str(exc) or "out of range" in str(exc) or "index" in str(exc):
            raise DataError(f"{path.name}: there is no sheet {sheet!r} in the workbook") from None
        raise DataError(f"{path.name}: not a readable Excel workbook ({exc})") from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError flavours on broken files
        raise DataError(f"{path.name}: not a readable Excel workbook ({type(exc).__name__})") from None
    frame.insert(0, SOURCE_ROW, range(2, len(frame) + 2))
    return frame


def _read_parquet(path: Path, *, sheet: str | int, encoding: str | None) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise DataError(f"{path.name}: not a readable Parquet file ({type(exc).__name__})") from None
    frame.insert(0, SOURCE_ROW, range(1, len(frame) + 1))
    return frame


_READERS: dict[str, Callable[..., pd.DataFrame]] = {
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".txt": _read_csv,
    ".xlsx": _read_excel,
    ".xlsm": _read_excel,
    ".parquet": _read_parquet,
}


def map_columns(frame: pd.DataFrame, columns: Columns, *, source: str) -> pd.DataFrame:
    """Rename the file's headers to canonical names; keep only mapped columns.

    Headers match after :func:`normalise_header`, so ``" 客户编码 "``,
    ``"客户编码"`` and full-width forms are the same header.

    Raises
    ------
    DataError
        When a mapped header is not in the file: the message lists the file's
        headers and the closest match.
    """
    headers = [h for h in frame.columns if h != SOURCE_ROW]
    by_norm = {normalise_header(h): h for h in headers}
    rename: dict[str, str] = {}
    for canonical, header in columns.mapping().items():
        found = by_norm.get(normalise_header(header))
        if found is None:
            close = difflib.get_close_matches(
                normalise_header(header), list(by_norm), n=1, cutoff=0.5
            )
            hint = f"; closest is {by_norm[close[0]]!r}" if close else ""
            raise DataError(
                f"{source}: column {header!r} for `data.columns.{canonical}` is not in the file"
                f"{hint}; the file's headers are: {', '.join(map(str, headers))}"
            )
        rename[found] = canonical
    out = frame[[SOURCE_ROW, *rename]].rename(columns=rename)
    return out


def load_orders(params) -> tuple[pd.DataFrame, str]:
    """The case's order lines with canonical column names, and the source's name.

    Reads ``data.path`` (or builds ``data.demo``) and maps ``data.columns``.
    """
    if params.data.demo is not None:
        from .datasets import pharma_orders

        demo = params.data.demo
        frame = pharma_orders(demo.customers, months=demo.months, end=demo.end, seed=demo.seed)
        frame.insert(0, SOURCE_ROW, range(1, len(frame) + 1))
        source = f"demo:{demo.name} (seed {demo.seed})"
    else:
        path = params.data.path
        frame = read_table(path, sheet=params.data.sheet, encoding=params.data.encoding)
        source = path.name
    return map_columns(frame, params.columns, source=source), source
