"""Readers: a client's export file in, a raw table of text out.

Every reader returns the rows exactly as the file holds them (CSV cells as
text, so that ``00012`` stays ``00012``) plus the row number a user sees in
Excel or an editor, so that a set-aside row can be found again.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .errors import DataError

#: Column added by every reader: the row number as the user sees it in the source.
SOURCE_ROW = "_source_row"

_ENCODINGS = ("utf-8-sig", "gb18030")


def normalise_header(text: object) -> str:
    """Header as compared: full-width folded (NFKC), spaces trimmed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def read_table(
    path: str | Path,
    *,
    sheet: str | int = 0,
    encoding: str | None = None,
    header_row: int | None = None,
    expected: Sequence[str] = (),
) -> pd.DataFrame:
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
    header_row
        1-based row of the header. When None, the header is the row among the
        first 30 that holds the most of the ``expected`` headers, so a title
        block above the table (merged cells, a report name, a date) is skipped.
    expected
        Headers the caller will look for (the values of ``data.columns``).

    Returns
    -------
    DataFrame
        The file's columns (CSV cells as text, Excel cells as stored) and
        :data:`SOURCE_ROW`, the row number as seen in Excel or an editor.
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
    try:
        frame = reader(path, sheet=sheet, encoding=encoding, header_row=header_row, expected=expected)
    except PermissionError:
        raise DataError(f"{path.name}: the file cannot be opened (permission denied)") from None
    if frame.shape[1] <= 1:
        raise DataError(f"{path.name}: the file has no columns")
    return frame


def find_header(rows: list[list[object]], expected: Sequence[str]) -> int:
    """0-based index of the row holding the most ``expected`` headers (first on ties).

    Without expected headers: the first row with at least two non-empty cells.
    """
    wanted = {normalise_header(h) for h in expected}
    best, best_hits = None, 0
    for index, row in enumerate(rows):
        cells = {normalise_header(c) for c in row if c is not None and str(c).strip() and str(c) != "nan"}
        hits = len(cells & wanted) if wanted else (2 if len(cells) >= 2 else 0)
        if hits > best_hits:
            best, best_hits = index, hits
            if not wanted or hits == len(wanted):
                break
    return 0 if best is None else best


def _read_csv(path: Path, *, sheet, encoding, header_row, expected) -> pd.DataFrame:
    encodings = (encoding,) if encoding else _ENCODINGS
    last_error: Exception | None = None
    for enc in encodings:
        try:
            with path.open(encoding=enc, newline="") as handle:
                sample = handle.read(256_000)
            delimiter = _sniff_delimiter(sample, path)
            lines = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:30]
            header = header_row - 1 if header_row else find_header(lines, expected)
            frame = pd.read_csv(
                path, sep=delimiter, dtype=str, keep_default_na=False, encoding=enc,
                skiprows=header, skip_blank_lines=False,
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
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.insert(0, SOURCE_ROW, np.arange(len(frame), dtype=np.int64) + header + 2)
    return frame


def _sniff_delimiter(sample: str, path: Path) -> str:
    """The delimiter that appears on most lines as often (median count), then most in all."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    counts = {d: sorted(line.count(d) for line in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: (counts[d][len(lines) // 2], sum(counts[d])))
    return best if sum(counts[best]) > 0 else ","


def _read_excel(path: Path, *, sheet, encoding, header_row, expected) -> pd.DataFrame:
    try:
        grid = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")
    except ValueError as exc:
        text = str(exc)
        if "not found" in text or "out of range" in text or "index" in text.lower():
            names = _sheet_names(path)
            raise DataError(
                f"{path.name}: there is no sheet {sheet!r} in the workbook; its sheets are: {', '.join(names)}"
            ) from None
        raise DataError(f"{path.name}: not a readable Excel workbook ({text})") from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError flavours on broken files
        raise DataError(f"{path.name}: not a readable Excel workbook ({type(exc).__name__})") from None
    if grid.empty:
        raise DataError(f"{path.name}: the sheet {sheet!r} is empty")
    top = grid.head(30)
    head = top.astype(object).where(top.notna(), None).values.tolist()
    header = header_row - 1 if header_row else find_header(head, expected)
    names = [
        "Unnamed: %d" % i if pd.isna(v) else str(v).strip()
        for i, v in enumerate(grid.iloc[header].tolist())
    ]
    frame = grid.iloc[header + 1:].copy()
    frame.columns = _dedupe(names)
    # empty unnamed columns of a formatted sheet carry nothing
    keep = [not (c.startswith("Unnamed: ") and frame[c].isna().all()) for c in frame.columns]
    frame = frame.loc[:, keep]
    frame.insert(0, SOURCE_ROW, frame.index.to_numpy(dtype=np.int64) + 1)
    return frame.reset_index(drop=True)


def _sheet_names(path: Path) -> list[str]:
    try:
        return pd.ExcelFile(path, engine="openpyxl").sheet_names
    except Exception:  # pragma: no cover - the workbook was readable a moment ago
        return []


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _read_parquet(path: Path, *, sheet, encoding, header_row, expected) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise DataError(f"{path.name}: not a readable Parquet file ({type(exc).__name__})") from None
    frame.insert(0, SOURCE_ROW, np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame


_READERS: dict[str, Callable[..., pd.DataFrame]] = {
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".txt": _read_csv,
    ".xlsx": _read_excel,
    ".xlsm": _read_excel,
    ".parquet": _read_parquet,
}


def map_columns(frame: pd.DataFrame, columns, *, source: str, key: str = "data.columns") -> pd.DataFrame:
    """Canonical columns picked from the file's headers, plus :data:`SOURCE_ROW`.

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
    mapping = columns.mapping()
    if not any(normalise_header(h) in by_norm for h in mapping.values()):
        raise DataError(
            f"{source}: no header row holds the headers named in `{key}` "
            f"({', '.join(mapping.values())}); the headers read are: {', '.join(map(str, headers))}"
        )
    out = pd.DataFrame({SOURCE_ROW: frame[SOURCE_ROW].to_numpy()}, index=frame.index)
    for canonical, header in mapping.items():
        found = by_norm.get(normalise_header(header))
        if found is None:
            close = difflib.get_close_matches(normalise_header(header), list(by_norm), n=1, cutoff=0.5)
            hint = f"; closest is {by_norm[close[0]]!r}" if close else ""
            raise DataError(
                f"{source}: column {header!r} for `{key}.{canonical}` is not in the file"
                f"{hint}; the file's headers are: {', '.join(map(str, headers))}"
            )
        out[canonical] = frame[found]
    return out


def load_orders(params) -> list[tuple[pd.DataFrame, str]]:
    """Each order file of the case as read (all its columns), with the file's name.

    For ``data.demo`` the built-in dataset is generated (with its mess when asked).
    """
    if params.data.demo is not None:
        from .datasets import demo_orders

        demo = params.data.demo
        frame = demo_orders(demo)
        frame.insert(0, SOURCE_ROW, np.arange(1, len(frame) + 1, dtype=np.int64))
        return [(frame, f"demo:{demo.name} (seed {demo.seed})")]
    expected = list(params.columns.mapping().values())
    return [
        (read_table(path, sheet=params.data.sheet, encoding=params.data.encoding,
                    header_row=params.data.header_row, expected=expected), path.name)
        for path in params.data.paths
    ]


def load_master(params) -> tuple[pd.DataFrame, str] | None:
    """The customer master file with canonical column names, or None."""
    master = params.data.master
    if master is None:
        return None
    expected = list(master.columns.mapping().values())
    raw = read_table(master.path, sheet=master.sheet, encoding=master.encoding,
                     header_row=master.header_row, expected=expected)
    return map_columns(raw, master.columns, source=master.path.name, key="data.master.columns"), master.path.name
