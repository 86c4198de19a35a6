"""Readers: a client's export file in, a raw table of text out.

Every reader returns the rows exactly as the file holds them (CSV cells as
text, so that ``00012`` stays ``00012``) plus the row number a user sees in
Excel or an editor, so that a set-aside row can be found again.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import difflib
import functools
import io
import itertools
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .errors import DataError, phrase
from .progress import no_progress_bar

#: Column added by every reader: the row number as the user sees it in the source.
SOURCE_ROW = "_source_row"

#: The mapped columns (``data.columns`` keys) of a line's money and count: a row with figures in them alone is a
#: subtotal (an unlabelled =SUM(): :func:`fill_down`), and a figure in one above a sheet's first customer heading
#: makes an order line of its row (:func:`fill_from_headings`, and cleaning's ``before_heading``).
MONEY_KEYS = ("amount", "credit", "quantity", "unit_price")

#: Key of ``DataFrame.attrs`` where :func:`read_table` lists the cells of a workbook it filled from merged
#: ranges: tuples of (source row, header, row of the range's top cell, how: ``filled`` or ``once``); and its
#: hidden rows, as (source row, "", source row, ``hidden``): counted as the others, said in the ledger.
MERGED = "merged_cells"
#: The ``attrs`` key of a table's heading rows (``data.customer_headings``), their :data:`SOURCE_ROW` numbers.
HEADING_ROWS = "heading_rows"
#: Key of ``DataFrame.attrs`` where :func:`read_table` gives the active filter (筛选) of a workbook sheet that hides
#: rows: a tuple of (header, the values it shows, or None for another condition), one per filtered column.
FILTERED = "autofilter"
#: Key of ``DataFrame.attrs`` where :func:`read_table` names a workbook sheet's columns of formulas never calculated
#: (a workbook a program wrote, never saved in Excel): (the sheet's name as quoted, the headers, header -> its first
#: formula's text, header -> the column's letters).
UNCALCULATED = "uncalculated_formulas"
#: Key of ``DataFrame.attrs`` where :func:`read_table` lists the cells below the header of an .xlsx/.xlsm/.xls sheet
#: written in red font (:class:`FontCells`): in a hand-kept ledger, red ink (红字) is a return written as a positive number.
RED = "red_font_cells"
#: Key of ``DataFrame.attrs`` where :func:`read_table` lists the cells below the header of an .xlsx/.xlsm/.xls sheet
#: written in a struck-through font (删除线, :class:`FontCells`): in a hand-kept ledger, a line struck through is voided (作废),
#: kept visible.
STRUCK = "struck_font_cells"

_ENCODINGS = ("utf-8-sig", "gb18030")
#: Encodings Windows writes as a superset of the standard one a client names: a Japanese export said to be Shift-JIS
#: holds Microsoft's additions (①, ～; QA: Python's shift_jis refused the file, cp932 read it), GBK files
#: GB18030's, Big5 and EUC-KR files Microsoft's code pages.
_WIDER = {"shift_jis": "cp932", "gbk": "gb18030", "gb2312": "gb18030", "big5": "cp950", "euc_kr": "cp949"}


def wider_encoding(encoding: str) -> str:
    """``encoding`` (``data.encoding``), or the superset Windows writes for it (:data:`_WIDER`)."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding  # said as unknown where it is used
    return _WIDER.get(name.replace("-", "_"), encoding)


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
    once: Sequence[str] = (),
    roles: LineRoles | None = None,
    synonyms: Sequence[Sequence[str]] = (),
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
    once
        Headers of additive columns (amount, quantity). Below the header, a
        workbook's merged cells are filled with the value of the range's top
        cell (a customer code merged down the rows of its orders), except in
        these columns: a merged amount is counted once, so the range's other
        rows read 0. :data:`MERGED` in the frame's ``attrs`` lists the cells.
    roles
        The mapped columns, which tell a subtotal line (left unfilled) from an
        order line whose note reads like one (:class:`LineRoles`).
    synonyms
        Groups of headers that name the same column (a ``data.columns`` key's
        list, ``[日期, 销售日期]``): blocks of a workbook sheet side by side
        whose headers differ by them only are one table (:func:`_same_table`).

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
        if not suffix and path.is_file():  # Ta Feng's D11, an export saved without its .csv (QA pub): say what to do
            with path.open("rb") as handle:
                if b"\0" not in handle.read(4096):
                    raise DataError(key="e_file_no_type", file=path.name)
        raise DataError(key="e_file_type", file=path.name, suffix=repr(suffix or "(none)"),
                        types=", ".join(sorted(_READERS)))
    if not path.is_file():
        raise DataError(key="e_no_file", file=str(path))
    if path.stat().st_size == 0:
        raise DataError(key="e_empty_file", file=path.name)
    try:
        options = {"once": once, "roles": roles or LineRoles(), "synonyms": synonyms} if reader is _read_excel else {}
        frame = reader(path, sheet=sheet, encoding=encoding, header_row=header_row, expected=expected, **options)
    except PermissionError:
        raise DataError(key="e_no_permission", file=path.name) from None
    if frame.shape[1] <= 1:
        raise DataError(key="e_no_columns", file=path.name)
    return frame


#: Traditional characters of export headers -> simplified (only those whose forms differ).
SIMPLIFIED = str.maketrans(
    "戶號稱額訂單編碼銷數價總貨區縣務員醫門會經稅發實際間時購買產類種級優幣據庫應開業聯絡電話帳賬結項據規劃負責們戶標準積點顧",
    "户号称额订单编码销数价总货区县务员医门会经税发实际间时购买产类种级优币据库应开业联络电话账账结项据规划负责们户标准积点顾")


def find_header(rows: list[list[object]], expected: Sequence[str]) -> int:
    """0-based index of the row holding the most ``expected`` headers; on ties the one with the most filled
    cells (the real headers under a row of merged group labels such as 订单 | 客户 | 金额), then the first.

    Without expected headers: the first row with at least two non-empty cells.
    """
    wanted = {normalise_header(h).translate(SIMPLIFIED) for h in expected}  # 客戶編號 is 客户编号
    best, best_score = None, (0, 0)
    for index, row in enumerate(rows):
        cells = {normalise_header(c).translate(SIMPLIFIED) for c in row
                 if c is not None and str(c).strip() and str(c) != "nan"}
        hits = len(cells & wanted) if wanted else (2 if len(cells) >= 2 else 0)
        if hits and (hits, len(cells)) > best_score:
            best, best_score = index, (hits, len(cells))
            if not wanted or hits == len(wanted):
                break
    return 0 if best is None else best


def _csv_rows(lines, delimiter: str) -> list[list[str]]:
    """Rows of CSV text by Python's csv module, a long quoted cell (over its 128 kB default) being a cell too."""
    return list(_iter_csv_rows(lines, delimiter))


#: The "delimiter" of a text file whose columns are lined up with spaces (``00001 19970101  1  11.77``).
SPACES = "spaces"

#: The header line of a text file without one: its first line is data, its columns are ``column_1``, ``column_2`` ...
NO_HEADER = -1

#: The "delimiter" of a fixed-width text report (a mainframe or ERP print to file): columns at fixed places, names
#: and amounts holding single spaces and commas (``000112    BLUE SKY TRADING    01/01/2024      2,104.71``). Its
#: columns are cut where :func:`fixed_cuts` finds them; a Chinese character takes two places, as printed.
FIXED = "fixed"

#: Put after each East Asian wide character of a fixed-width line, so that a character is a place as printed.
_WIDE_FILL = "\u2063"

#: The East Asian wide and full-width characters (CJK, kana, hangul, full-width forms): two places each as printed.
_WIDE = re.compile("([\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6])")

#: A line of a text report drawing a rule (----- or =====, several dashes between columns): no row of the table.
_RULE_LINE = re.compile(r"\s*[-=_*~+|]{3,}[-=_*~+|\s]*")


def _printed(text: str) -> str:
    """``text`` with each wide character followed by :data:`_WIDE_FILL`: a character a place as printed."""
    return _WIDE.sub("\\1" + _WIDE_FILL, text)


def _fixed_header(lines: Sequence[str]) -> int | None:
    """0-based index of the header line of a fixed-width report among ``lines``: the first of three names or more
    apart by two blanks or more, that is no data, followed by lines of data; None when there is none."""
    for index, line in enumerate(lines[:30]):
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 3 and not _is_data_row(cells) and not _RULE_LINE.fullmatch(line) \
                and any(re.search(r"[0-9]", rest) for rest in lines[index + 1:index + 4]):
            return index
    return None


def fixed_cuts(lines: Sequence[str], header: int) -> list[int] | None:
    """Where the columns of a fixed-width report begin (places as printed, :func:`_printed`), from its header line
    (``lines[header]``) and the lines below it: between each two header names, the middle of the widest run of places
    blank in the most lines below that hold as many cells (rules, page titles and repeated headers left out), the header itself blank
    there. None unless the header has three names or more and each cut is blank in 95% of those lines or more."""
    head = _printed(lines[header].rstrip("\r\n"))
    names = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", head)]
    if len(names) < 3:
        return None
    body = [_printed(line.rstrip("\r\n")) for line in lines[header + 1:header + 2001]]
    # the lines of the table: as many cells as the header, or one fewer (an empty name); not a page's title, date
    # or total line, which may cross the columns
    body = [line for line in body if len(re.split(r"\s{2,}", line.strip())) >= max(2, len(names) - 1)
            and not _RULE_LINE.fullmatch(line) and line.strip() != head.strip()]
    if len(body) < 2:
        return None
    # an order whose name runs into the date (INTERNATIONAL BUSINESS MACHINES06/06/2025) has one cell fewer: the
    # places are taken from the lines with a cell for each name when most are so, such lines stopped on when read
    # (:func:`_orders_across`), not taken for a column's text where none is (QA: two in the first 30 lines made the
    # report a comma-separated file, stopped on its amounts' thousands commas)
    full = [line for line in body if len(re.split(r"\s{2,}", line.strip())) >= len(names)]
    if len(full) >= max(2, len(body) // 2):
        body = full
    width = max(max(len(line) for line in body), len(head))
    grid = np.array([list(line.ljust(width)) for line in body])
    share = (grid != " ").mean(axis=0)
    header_filled = np.array([c != " " for c in head.ljust(width)])
    cuts = [0]
    for (start, _), (_, next_end) in itertools.pairwise(names):
        places = np.arange(start + 1, next_end)
        places = places[~header_filled[places]]
        if not len(places):
            return None
        least = share[places].min()
        if least > 0.05:
            return None
        # the middle of the widest run of such places: room on both sides for a longer name on the left, a larger
        # right-aligned amount on the right, further down than the lines looked at
        blank = places[share[places] == least]
        runs = np.split(blank, np.flatnonzero(np.diff(blank) > 1) + 1)
        widest = max(runs, key=len)
        cuts.append(int(widest[len(widest) // 2]))
    return cuts


def _fixed_cells(lines: pd.Series, cuts: Sequence[int]) -> list[pd.Series]:
    """The cells of fixed-width ``lines`` cut at ``cuts`` (:func:`fixed_cuts`), blanks trimmed. A rule line (-----)
    or a line written across a cut (a page's title, 打印日期：2025-01-05, *** END OF REPORT ***) keeps its text in its
    first cell only, so that cleaning sets it aside as a title or note line, not as an order it cannot read."""
    printed = lines.str.rstrip("\r\n").str.replace(_WIDE, "\\1" + _WIDE_FILL, regex=True)
    bounds = [*cuts[1:], None]
    cells = [printed.str.slice(a, b).str.replace(_WIDE_FILL, "", regex=False).str.strip()
             for a, b in zip(cuts, bounds)]
    rule = printed.str.fullmatch(_RULE_LINE.pattern).fillna(False).to_numpy(dtype=bool, copy=True)
    for cut in cuts[1:]:
        rule |= (printed.str.slice(cut - 1, cut + 1).str.len().eq(2)
                 & ~printed.str.slice(cut - 1, cut + 1).str.contains(" ", regex=False)).to_numpy(dtype=bool)
    if rule.any():
        cells[0] = cells[0].mask(rule, lines.str.strip())
        cells[1:] = [c.mask(rule, "") for c in cells[1:]]
    return cells


#: A date (2025-01-05, 01/02/2025) and an amount with decimals (5,000.00) in a line of a fixed-width report.
_LINE_DATE = re.compile(r"(?<![0-9])[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{2,4}")
_LINE_AMOUNT = re.compile(r"[0-9][0-9,]*[.][0-9]{1,2}(?![0-9])")
_LINE_TOTAL = re.compile(r"合计|合計|小计|小計|总计|總計|total|subtotal|sum", re.IGNORECASE)


def _orders_across(lines: pd.Series, cuts: Sequence[int]) -> np.ndarray:
    """Which fixed-width ``lines`` are an order written across a cut further in (a name longer than its column
    running into the date, an amount wider than its column): the first column filled and kept apart from the
    second, a date and an amount in the line, no total. :func:`_fixed_cells` would take such a line for a page's
    title and set its order aside as a title line; cut at the places it would be read wrong."""
    printed = lines.str.rstrip("\r\n").str.replace(_WIDE, "\\1" + _WIDE_FILL, regex=True)
    crossed = [(printed.str.slice(cut - 1, cut + 1).str.len().eq(2)
                & ~printed.str.slice(cut - 1, cut + 1).str.contains(" ", regex=False)).to_numpy(dtype=bool)
               for cut in cuts[1:]]
    if len(crossed) < 2 or not np.logical_or.reduce(crossed[1:]).any():
        return np.zeros(len(lines), dtype=bool)
    first = printed.str.slice(0, cuts[1]).str.strip()
    text = lines.str.strip()
    return (np.logical_or.reduce(crossed[1:]) & ~crossed[0] & first.ne("").to_numpy(dtype=bool)
            & text.str.contains(_LINE_DATE).to_numpy(dtype=bool)
            & text.str.contains(_LINE_AMOUNT).to_numpy(dtype=bool)
            & ~text.str.contains(_LINE_TOTAL).to_numpy(dtype=bool))


def _fixed_layout(path: Path, enc: str, header: int) -> list[int]:
    """:func:`fixed_cuts` of a text file whose header is line ``header`` (0-based)."""
    with path.open(encoding=enc, newline="") as handle:
        lines = list(itertools.islice(handle, header + 2001))
    cuts = fixed_cuts(lines, header)
    if cuts is None:
        raise DataError(key="e_fixed_width", file=path.name)
    return cuts


def fixed_width_names(path: Path, enc: str, header: int) -> list[str]:
    """The column names of a fixed-width report (:data:`FIXED`) whose header is line ``header``."""
    with path.open(encoding=enc, newline="") as handle:
        line = next(itertools.islice(handle, header, None), "")
    cells = _fixed_cells(pd.Series([line], dtype=object), _fixed_layout(path, enc, header))
    return header_names([c.iloc[0] for c in cells])


def _fixed_batches(path: Path, enc: str, names: list[str], schema, *, header: int, rows: int = 1_000_000):
    """The lines of a fixed-width report below its header as Arrow batches of ``schema``, cut into cells."""
    import pyarrow as pa

    cuts = _fixed_layout(path, enc, header)
    first = header + 2
    try:
        with path.open(encoding=enc, newline="") as handle:
            for _ in itertools.islice(handle, header + 1):
                pass
            while chunk := list(itertools.islice(handle, rows)):
                across = _orders_across(pd.Series(chunk, dtype=object), cuts)
                if across.any():  # an order that cannot be cut: never set aside as a page's title line
                    at = int(np.flatnonzero(across)[0])
                    raise DataError(key="e_fixed_overflow", file=path.name, line=first + at,
                                    text=" ".join(chunk[at].split())[:80])
                cells = _fixed_cells(pd.Series(chunk, dtype=object), cuts)
                frame = pd.DataFrame({SOURCE_ROW: np.arange(first, first + len(chunk), dtype=np.int64),
                                      **{name: cell.to_numpy(dtype=object) for name, cell in zip(names, cells)}})
                first += len(chunk)
                yield from pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_batches()
    except UnicodeDecodeError:
        raise encoding_after_error(path, enc) from None


def _iter_csv_rows(lines, delimiter: str):
    """:func:`_csv_rows`, read lazily: only as far as it is consumed (close it when done)."""
    if delimiter == SPACES:  # columns lined up with spaces: no quoting, a run of blanks between cells
        for line in lines:
            yield line.split()
        return
    if delimiter == FIXED:  # a fixed-width report: names and cells two blanks apart or more (for its header)
        for line in lines:
            yield re.split(r"\s{2,}", line.strip()) if line.strip() else []
        return
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1 << 30))
    try:
        yield from csv.reader(lines, delimiter=delimiter)
    finally:
        csv.field_size_limit(limit)


def _csv_layout(path: Path, *, encoding, header_row, expected) -> tuple[str, str, int]:
    """(encoding, delimiter, 0-based header line) of a CSV, from its first 256 kB."""
    encodings = (wider_encoding(encoding),) if encoding else _ENCODINGS
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a workbook under a text name
        raise DataError(key="e_workbook_as_text", file=path.name, kind=".xlsx" if start.startswith(b"PK") else ".xls")
    if not encoding and start[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text", other UTF-16 exports
        encodings = ("utf-16",)
    last_error: Exception | None = None
    for enc in encodings:
        try:
            with path.open(encoding=enc, newline="") as handle:
                sample = handle.read(256_000)
                rest = handle.read(1_000_000)  # a wrong encoding often shows only further down
        except UnicodeDecodeError as exc:
            last_error = exc
            continue
        except LookupError:
            raise DataError(key="e_unknown_encoding", file=path.name, encoding=repr(enc)) from None
        if enc == "gb18030" and not encoding:  # text GBK happens to decode: São as S鉶, Big5's 客戶 as め
            if _utf8_before_error(path):  # UTF-8 Chinese read as GBK is garbled (客户 as 瀹㈡埛): said, not read
                raise encoding_after_error(path, "utf-8-sig") from last_error
            if two := _utf8_after_gbk(path):  # GBK then UTF-8 that happens to decode as GBK: garbled, not read
                raise two from None
            enc = _misread_as_gbk(sample + rest) or enc  # accents may start only past the sample
        del rest
        if enc != "gb18030" and enc not in encodings:
            with path.open(encoding=enc, newline="", errors="replace") as handle:
                sample = handle.read(256_000)
        if "\r" in sample and "\n" not in sample:  # lines ending with a carriage return alone (classic Mac)
            raise DataError(key="e_cr_only", file=path.name)
        delimiter = _sniff_delimiter(sample, path)
        # a bare carriage return in a cell no quotes enclose (pandas writes a cell starting with one so) is no line
        # break to the readers of the file; Python's csv module would stop on it
        lines = _csv_rows(io.StringIO(re.sub(r"\r(?!\n)", " ", sample)), delimiter)[:30]
        header = header_row - 1 if header_row else find_header(lines, expected)
        if delimiter == FIXED and not header_row and (header >= len(lines) or len(lines[header]) < 3):
            header = _fixed_header(sample.splitlines()[:40]) or 0  # a report's title lines above its header
        if not header_row and header < len(lines) and _is_data_row(lines[header], expected, lines[header + 1:]):
            header = NO_HEADER  # numbers and dates where the headers would be: a file without a header row
        return enc, delimiter, header
    # neither read it: two exports pasted together?
    if any(enc in ("utf-8-sig", "utf-8", "gb18030") for enc in encodings) and (two := two_encodings(path)):
        raise two from None
    raise EncodingError(path, tried=said_either(encodings),
                        hint=_encoding_hint(path) if not encoding else _detected_hint(path)) from last_error


def two_encodings(path: Path) -> EncodingAfterError | None:
    """The stop for a text file that is UTF-8 then GBK (or another encoding), or GBK then UTF-8, pasted together
    (UTF-8 with a line in no encoding: that line); None when it is not such a file. Looked for only once UTF-8 and GBK have both failed to read the file: a pass of
    the decoders over its bytes, and a look at the lines just before the point GBK fails."""
    if _utf8_before_error(path):  # UTF-8 text with Chinese or accents, then not: the line and what reads after it
        # (a byte or a line in no encoding among UTF-8 Chinese, é in Latin-1: the line named, the file said to mix
        # encodings, as past the first megabyte; was "set data.encoding", which cannot help)
        return encoding_after_error(path, "utf-8-sig")
    with path.open("rb") as handle:
        raw = handle.read(1_256_000)
    try:
        raw.decode("gb18030")
        return None
    except UnicodeDecodeError as exc:
        stop = exc.start
    if stop >= len(raw) - 4:  # a character cut at the end of what was read
        return None
    lines = raw[:stop].split(b"\n")[:-1]  # the whole lines before the one GBK stops on
    for last in range(len(lines) - 1, -1, -1):  # the last line before the stop that is no UTF-8: GBK's last
        if not _decodes(lines[last], "utf-8"):
            break
    else:
        return None
    begin = sum(len(line) + 1 for line in lines[:last + 1])
    try:
        raw[begin:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - begin - 4:  # not UTF-8 either from there
            return None
    first = _misread_as_gbk(raw[:begin].decode("gb18030")) or "gb18030"
    return TwoEncodingsError(path, line=last + 2, first=first, second="utf-8-sig", switch=raw[begin:begin + 65536])


def _utf8_after_gbk(path: Path) -> TwoEncodingsError | None:
    """The stop for a text file of GBK lines then UTF-8 lines (two exports pasted together) that GBK reads through,
    UTF-8 Chinese decoding as GBK whenever its bytes pair up (协和医院 as 鍗忓拰鍖婚櫌): the names of the second
    export garbled, one customer taken for two. None when the file is not so: the lines from the first whose rest
    of the file is UTF-8 must hold Chinese or accents (:data:`UTF8_BEFORE_ERROR` characters), the lines above them
    being no UTF-8. Looked for by halving over the line starts of the file's first 1.25 MB (a rest that is UTF-8
    from a line is UTF-8 from any line below), a few decodes and no loop over the lines."""
    with path.open("rb") as handle:
        raw = handle.read(1_256_000)
    if len(raw) == 1_256_000:  # whole lines: a character may be cut at the end of what was read
        raw = raw[:raw.rfind(b"\n") + 1]
    starts = np.concatenate(([0], np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0x0A) + 1))
    starts = starts[starts < len(raw)]
    low, high = 0, len(starts)  # the first line start whose rest is UTF-8: in (low, high]
    if not len(starts) or _decodes(raw, "utf-8"):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if _decodes(raw[starts[middle]:], "utf-8"):
            high = middle
        else:
            low = middle
    if high == len(starts):
        return None
    begin = int(starts[high])
    if sum(char > "\x7f" for char in raw[begin:].decode("utf-8")) < UTF8_BEFORE_ERROR:
        return None  # GBK throughout, its last lines ASCII (or a character or two that happen to be UTF-8)
    first = _misread_as_gbk(raw[:begin].decode("gb18030", errors="replace")) or "gb18030"
    return TwoEncodingsError(path, line=high + 1, first=first, second="utf-8-sig", switch=raw[begin:begin + 65536])


#: Characters beyond ASCII that must read as UTF-8 before a file's first byte that does not, for the file to be
#: taken as UTF-8 with other text after (two exports pasted together), not as GBK: GBK text decodes as UTF-8 for
#: a character or two at most (联通), Chinese headers alone are a dozen.
UTF8_BEFORE_ERROR = 8
_HANZI = re.compile(r"[\u4e00-\u9fff]")


def _utf8_before_error(path: Path) -> bool:
    """Whether a file that is not UTF-8 throughout starts as UTF-8 text with Chinese or accents in it."""
    with path.open("rb") as handle:
        raw = handle.read(1_256_000)
    try:
        head = raw.decode("utf-8")  # UTF-8 throughout its first 1.25 MB: the byte that is not lies further on (the
        # file was said to be GBK, a UTF-8 export of 1.6 MB with one é in Latin-1 read garbled, 客户 as 瀹㈡埛)
    except UnicodeDecodeError as exc:
        head = raw[:exc.start].decode("utf-8")
    if sum(char > "\x7f" for char in head) >= UTF8_BEFORE_ERROR:
        return True
    # a short Chinese header in UTF-8 above rows that are not (客户,日期,金额: 6 characters, QA): a whole line of
    # UTF-8 with 3 hanzi or more, which GBK bytes seldom make, read so only when the file is no UTF-8 further on
    whole = head.lstrip("\ufeff").rpartition("\n")[0] if len(head.encode("utf-8")) < len(raw) else ""
    hanzi = _HANZI.findall(whole)
    if len(hanzi) >= 3:
        return True
    # two (客户,date,amount: garbled as 瀹㈡埛, QA): common hanzi as UTF-8 (GB2312's first level) that read as GBK
    # give a character GBK text seldom holds (outside GB2312's common rows); GBK text that happens to decode as
    # UTF-8 gives rare hanzi
    as_gbk = re.findall(r"[^\x00-\x7f]", whole.encode("utf-8").decode("gb18030", errors="replace"))
    return len(hanzi) == 2 and all(0xB0 <= (_lead(c, "gb2312") or 0) <= 0xD7 for c in hanzi) and any(
        _lead(c, "gb2312") not in _GB_COMMON for c in as_gbk)


def _misread_as_gbk(text: str) -> str | None:
    """The encoding text decoded as GBK is really in, when GBK only happens to decode its bytes; else None.

    - ``cp1252``: Western text. Most of its non-ASCII characters are rare ones (outside GB2312) right after a
      Latin letter, as ``São`` and ``Müller`` decode (``S鉶``, ``M黮ler``), where Chinese has common characters
      in runs.
    - ``big5hkscs``: Traditional Chinese (Hong Kong, Taiwan). Under half of its characters are common ones
      (GB2312's punctuation and hanzi) and a fifth or more are not GB2312's at all, Big5's 客戶編號 decoding as
      ``め絪腹``, and read as Big5 most are common.
    """
    wide = re.findall(r"[^\x00-\x7f]", text)
    if not wide:
        return None
    raw = text.encode("gb18030")
    rare = [char for char in re.findall(r"(?<=[A-Za-z])[^\x00-\x7f]", text) if _lead(char, "gb2312") is None]
    if len(rare) >= 0.5 * len(wide) and _decodes(raw, "cp1252"):  # cp1252 leaves 0x81, 0x8d ... undefined
        return "cp1252"
    if _reads_as(raw, "cp932"):  # Japanese: its kana are rare GBK characters (得意先コード as 摼堄愭僐乕僪)
        return "cp932"
    # Big5 read as GBK: many characters rare (outside GB2312: a Big5 trail byte below 0x80), few common; GBK text
    # in kana or Cyrillic (ООО Ромашка) has few common characters too, but no rare ones
    distinct = set(wide)
    outside = sum(_lead(c, "gb2312") is None for c in distinct) / len(distinct)
    common = _common_share(wide, "gb2312", _GB_COMMON) if len(wide) >= 4 and outside >= 0.2 else 1.0
    if common <= 0.6 and _decodes(raw, "big5hkscs"):
        traditional = re.findall(r"[^\x00-\x7f]", raw.decode("big5hkscs"))
        # most of them common Big5 characters: Hong Kong's own (滙, 邨) and the rarer ones are not (QA: 72% in a
        # Kowloon customer list); a header alone in Chinese reads half common as GBK, all common as Big5 (QA:
        # Ta-Feng's 交易日期;客戶編號 ... as ユら戳;め絪腹)
        big5 = _common_share(traditional, "big5hkscs", _BIG5_COMMON)
        if (common < 0.5 and big5 >= 0.6) or big5 >= 0.9:
            return "big5hkscs"
    if _reads_as(raw, "cp949"):  # Korean: its Hangul are common GBK characters, in no sense (매출일자 as 概免老磊)
        return "cp949"
    return None


#: Kana as Japanese writes them (hiragana, katakana, ー), full-width: in most lines of Japanese text; none in GBK
#: text read as cp932 (its bytes read as half-width katakana and kanji), nor in Korean text read so.
_KANA = re.compile(r"[\u3041-\u30ff]")
#: The Hangul syllables of Korean text: read as cp949, GBK text gives Hangul too (KS X 1001 puts its syllables
#: where GB2312 has its commonest hanzi: 客户名称 reads 와빵츰냔), so what tells them apart is which syllables: the
#: frequent ones below make most of Korean text (QA: 매출일자, 거래처코드, (주)한빛상사), few of GBK text read so.
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANJA = re.compile(r"[\u4e00-\u9fff\uf900-\ufaff]")
_KOREAN_FREQUENT = frozenset(
    "이다의는에하고을가를지으기서사도한로리대자어인나일정수시아있적구전부제해주국들라보상여성과그게만장면우소신동관위경었화"
    "세것실오무문원비방요내계개공미생모연분되학당식물유업용조중선현했마명간던발음행결영회날통안데말거차진체작금민심출러감단입"
    "표법품처호액매래코드번목량합급객점판청납율률종류재할배송반취완료카좌울산광역기강충북남군읍김박최윤임권황홍손양백허노곽"
    "엄채천함변염추석설길왕옥육맹탁은편예봉복태형피두음빈온범팽승갈견창순혜희숙준훈철규한빛테크전자건물산의료병약마트스토어"
    "센터서비스시스템네트워크디지털그룹홀딩스컴퍼니주식회사유한합자상사무역개발건설엔지니어링컨설팅솔루션제약바이오케미칼플라"
    "틱레포츠텔레콤푸드호텔리조트학원교육재단협회조합가격단가수량공급부가세합계금액일자전표품목명규격비고담당직원영업사원지점"
    "본사거래처고객번호코드매출매입입고출고반품할인결제카드현금어음외상미수잔액월년분기"
)


def _reads_as(raw: bytes, encoding: str) -> bool:
    """Whether ``raw`` (a file's first bytes) reads as Japanese (``cp932``) or Korean (``cp949``) text in
    ``encoding``: decoded without an error, but a character cut at the end, and with kana among its characters
    (Japanese), or mostly Hangul, few hanja, mostly of the frequent syllables (Korean). One count of the sample's
    distinct characters, no pass per row."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not only a character cut at the end of the sample
            return False
        text = raw[:exc.start].decode(encoding, errors="replace")
    counts = Counter(text)  # a few thousand distinct characters among a sample's million
    wide = sum(n for char, n in counts.items() if char > "\x7f")
    if not wide:
        return False
    if encoding == "cp932":
        kana = sum(n for char, n in counts.items() if _KANA.match(char))
        return kana >= 3 and kana >= 0.05 * wide
    hangul = {char: n for char, n in counts.items() if _HANGUL.match(char)}
    syllables = sum(hangul.values())
    hanja = sum(n for char, n in counts.items() if _HANJA.match(char))  # GB2312's later rows read so
    frequent = [char for char in hangul if char in _KOREAN_FREQUENT]
    # by count, and among the distinct syllables: a GBK column of units (件, 盒) is one or two syllables many times;
    # and in the first line with Hangul, the header: Chinese headers read as Hangul are rare syllables (客户名称 as
    # 와빵츰냔), Korean ones common words
    head = next((line for line in text[:100_000].splitlines()[:30] if _HANGUL.search(line)), "")
    said = _HANGUL.findall(head)
    return (len(hangul) >= 4 and syllables >= 0.6 * wide and hanja <= 0.1 * syllables
            and sum(hangul[char] for char in frequent) >= 0.5 * syllables and len(frequent) >= 0.25 * len(hangul)
            and sum(char in _KOREAN_FREQUENT for char in said) >= 0.5 * len(said))


#: Lead bytes of the common characters of GB2312 (full-width punctuation and letters, the hanzi) and of Big5
#: (punctuation and the frequent hanzi).
_GB_COMMON = frozenset([0xA1, 0xA3, *range(0xB0, 0xF8)])
_BIG5_COMMON = frozenset(range(0xA1, 0xC7))


def _lead(char: str, encoding: str) -> int | None:
    """The first byte ``encoding`` writes ``char`` with (its row in GB2312 or Big5), or None when it has none."""
    try:
        return char.encode(encoding)[0]
    except UnicodeEncodeError:
        return None


def _common_share(chars: list[str], encoding: str, leads: frozenset) -> float:
    """The share of ``chars`` that ``encoding`` writes with a lead byte in ``leads``."""
    counts = Counter(chars)  # a few thousand distinct characters among a sample's hundred thousand
    return sum(n for char, n in counts.items() if _lead(char, encoding) in leads) / len(chars)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


#: Encodings a CSV from elsewhere is often in, each with where it comes from, tried to name the likely one.
_OTHER_ENCODINGS = (("cp1252", "Western Europe, as Excel on Windows saves"), ("big5", "Traditional Chinese"),
                    ("cp932", "Japanese"), ("cp949", "Korean"))


class EncodingError(DataError):
    """A text file (``path``) in none of the encodings tried (``tried``: their names)."""

    def __init__(self, path: Path, *, tried, hint=""):
        super().__init__(key="e_encoding", file=path.name, tried=tried, hint=hint)
        self.path = path


class EncodingAfterError(EncodingError):
    """A text file read as ``encoding`` that stops being such text at ``line`` (1-based, as an editor counts),
    with the encoding the text there reads in (``likely``: name and where it comes from), if any; ``mixed``: the
    lines before it hold accents or Chinese in ``encoding``, so no one encoding reads the whole file."""

    def __init__(self, path: Path, *, encoding: str, line: int, likely: tuple[str, str] | None, mixed: bool = False):
        said = {"utf-8-sig": "UTF-8", "gb18030": "GB18030 (GBK)"}.get(encoding, encoding)
        hint = (phrase("e_encoding_mixed", encoding=said) if mixed else
                phrase("e_encoding_reads_as", encoding=likely[0], where=likely[1]) if likely else "")
        DataError.__init__(self, key="e_encoding_line", file=path.name, line=f"{line:,}", hint=hint, encoding=said)
        self.path, self.likely, self.encoding, self.line = path, likely, said, line


#: How an encoding is named to a consultant in the stop for a file of two encodings.
_SAID_ENCODING = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GBK"}


class TwoEncodingsError(EncodingAfterError):
    """A text file that is two exports pasted together, each in its own encoding: ``first`` up to ``line``
    (1-based), ``second`` from it on. No one ``data.encoding`` reads it, so the stop says where to split it."""

    def __init__(self, path: Path, *, line: int, first: str, second: str, switch: bytes = b""):
        with path.open("rb") as handle:
            before = handle.read(1 << 16).split(b"\n")[:line - 1]
        top = before[0].rstrip(b"\r")
        # the second export's own header, or none: then the first's is to be copied above its lines
        headed = top.decode(first, errors="replace").lstrip("\ufeff") == (
            switch.split(b"\n", 1)[0].rstrip(b"\r").decode(second, errors="replace").lstrip("\ufeff"))
        hint = "" if headed else phrase("e_encoding_two_header")
        first, second = (_SAID_ENCODING.get(enc, enc) for enc in (first, second))
        if line == 2 and not headed:  # the header alone in the first encoding (QA: "it reads as gb18030" was said)
            DataError.__init__(self, key="e_encoding_header_apart", file=path.name, line=f"{line:,}", first=first,
                               second=second)
            self.path, self.likely, self.encoding, self.line, self.second = path, None, first, line, second
            return
        if 2 < line <= TITLED_HEADER and _titles_and_header(before):  # so below title lines (单位：元): was
            # "two exports pasted together, split it at line 4 and copy line 1, the header, to the second"
            DataError.__init__(self, key="e_encoding_header_apart_titled", file=path.name, line=f"{line:,}",
                               last=f"{line - 1:,}", first=first, second=second)
            self.path, self.likely, self.encoding, self.line, self.second = path, None, first, line, second
            return
        DataError.__init__(self, key="e_encoding_two", file=path.name, line=f"{line:,}", last=f"{line - 1:,}",
                           first=first, second=second, pattern=f"{path.stem}_*{path.suffix}", hint=hint)
        self.path, self.likely, self.encoding, self.line, self.second = path, None, first, line, second


#: The last line a header below title lines may be on, in the stop for a header apart in another encoding (as
#: :func:`find_header` looks at the first 30 lines).
TITLED_HEADER = 31


def _titles_and_header(lines: list[bytes]) -> bool:
    """Whether ``lines`` (a text file's first, whole) are a header and title or note lines above it, no data row: the
    last holds two fields or more between separators (comma, tab, semicolon or bar), and every line above it half as
    many filled at most, one at least (a title saved from Excel as ``2025年销售明细,,``)."""
    if len(lines) < 2:
        return False
    last = lines[-1]
    sep = bytes([max(b",\t;|", key=last.count)])

    def filled(line: bytes) -> int:
        return sum(1 for field in line.split(sep) if field.strip(b" \r\t\"'"))

    return filled(last) >= 2 and all(filled(line) <= max(1, filled(last) // 2) for line in lines[:-1])


def encoding_after_error(path: Path, encoding: str) -> EncodingAfterError:
    """The error for a text file that stops being ``encoding`` text part way (its first lines were, so it was
    read so): the first line that is not, and the encoding that line and those after it read in."""
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines, wide = 0, 0, False
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # utf-8-sig counts from after its byte-order mark: a GBK row under a UTF-8 header with one was said
                # to be line 1, "the text is UTF-8 until line 1"
                bad = max(exc.start, 0) + (3 if not offset and encoding.replace("_", "-").lower() == "utf-8-sig"
                                           and chunk.startswith(codecs.BOM_UTF8) else 0)
                line = lines + chunk.count(b"\n", 0, bad) + 1
                begin = offset + chunk.rfind(b"\n", 0, bad) + 1  # the start of the line that is not
                with path.open("rb") as again:
                    again.seek(begin)
                    window = again.read(1 << 17)
                end = window.rfind(b"\n") if len(window) == 1 << 17 else len(window)  # whole lines, or to the end
                likely = _encoding_of(window[:end] if end > bad + offset - begin else window)
                if wide or max(chunk[:bad], default=0) > 0x7F:  # accents or Chinese before it, in `encoding`
                    # two exports pasted together, the second in another encoding; not when the lines further on
                    # are `encoding` again, with accents or Chinese (a line or a few in another encoding, é in
                    # Latin-1 among UTF-8: was "from that line on GBK", split there the rest read garbled)
                    if likely and not _reads_again(window[:end], encoding):
                        return TwoEncodingsError(path, line=line, first=encoding, second=likely[0], switch=window)
                    return EncodingAfterError(path, encoding=encoding, line=line, likely=None, mixed=True)
                return EncodingAfterError(path, encoding=encoding, line=line, likely=likely)
            wide = wide or max(chunk) > 0x7F
            offset += len(chunk)
            lines += chunk.count(b"\n")
    return EncodingAfterError(path, encoding=encoding, line=lines + 1, likely=None)


def _reads_again(window: bytes, encoding: str) -> bool:
    """Whether the second half of ``window`` (whole lines from a line that is not ``encoding``) is ``encoding`` text
    again, holding accents or Chinese (:data:`UTF8_BEFORE_ERROR` characters): one file in ``encoding`` with a line or
    a few in another, not two exports."""
    tail = window[window.find(b"\n", len(window) // 2) + 1:] if b"\n" in window[len(window) // 2:] else b""
    try:
        text = tail.decode(encoding)
    except UnicodeDecodeError:
        return False
    return sum(char > "\x7f" for char in text.lstrip("\ufeff")) >= UTF8_BEFORE_ERROR


def _encoding_of(raw: bytes) -> tuple[str, str] | None:
    """(encoding, where it comes from) that ``raw`` reads in: GBK (or what GBK would misread), else the first of
    :data:`_OTHER_ENCODINGS`."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        misread = _misread_as_gbk(text)
        if misread is None:
            return "gb18030", "GBK, as Chinese systems save"
        return misread, dict(_OTHER_ENCODINGS).get(misread, "Traditional Chinese")
    return _other_encoding(raw)


def likely_encoding(path: Path) -> tuple[str, str] | None:
    """(encoding, where it comes from): the first of :data:`_OTHER_ENCODINGS` that decodes the file's start."""
    with path.open("rb") as handle:
        return _other_encoding(handle.read(1_000_000))


def _other_encoding(raw: bytes) -> tuple[str, str] | None:
    """The first of :data:`_OTHER_ENCODINGS` that decodes ``raw`` (but a character cut at its end), with where it
    comes from; None when none does. Japanese and Korean text first when it reads as such (:func:`_reads_as`):
    cp1252 and Big5 decode many of their bytes too."""
    for enc in ("cp932", "cp949"):
        if _reads_as(raw, enc):
            return enc, dict(_OTHER_ENCODINGS)[enc]
    for enc, where in _OTHER_ENCODINGS:
        try:
            raw.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start < len(raw) - 4:  # not only a character cut at the end of the bytes
                continue
        return enc, where
    return None


def sniffed_encoding(path: Path) -> str | None:
    """The encoding a text file without ``data.encoding`` is read in (``utf-8-sig``, ``gb18030``, ``cp1252`` for
    Western text that GBK would misread); None for a file of another type or one that reads in none."""
    if path.suffix.lower() not in _READERS or path.suffix.lower() in EXCEL_SUFFIXES + (".parquet",):
        return None
    try:
        return _csv_layout(path, encoding=None, header_row=None, expected=())[0]
    except (DataError, OSError):
        return None


def _detected_hint(path: Path) -> str:
    """For a file not in the ``data.encoding`` given: the phrase naming the encoding the kit reads it in without the
    setting (``gb18030`` for a GBK export given as utf-8: QA, the stop said only "set data.encoding"), or ``""``."""
    found = sniffed_encoding(path)
    return phrase("e_encoding_detected", encoding=found) if found else ""


def _encoding_hint(path: Path):
    """The phrase ``; it reads as cp1252 (...)`` for the first of :data:`_OTHER_ENCODINGS` that decodes the file's start."""
    likely = likely_encoding(path)
    return phrase("e_encoding_reads_as", encoding=likely[0], where=likely[1]) if likely else ""


#: After this many rows shorter than the header, the rest of a CSV is read by pandas, which pads them natively
#: (Arrow hands each one to Python: fine for a few, slow when an exporter drops every row's empty last cells).
SHORT_ROWS_FOR_PANDAS = 20_000


#: The bytes of a CSV Arrow parses at a time. Its reader reads up to 32 blocks ahead of the one being parsed
#: (Arrow's background reader), so this bounds the memory staging a CSV takes: 4 MB blocks staged a 10M-line CSV
#: in 0.3 GB, 16 MB blocks in 0.54 GB (the whole file read ahead), for no more CPU time; a batch of about 100,000
#: lines is also the row group DuckDB reads best (its own are 122,880 rows).
CSV_BLOCK_BYTES = 1 << 22


#: The largest block :func:`csv_batches` reads a CSV in, for a row longer than :data:`CSV_BLOCK_BYTES` (a remark cell of
#: pasted text, a JSON column): blocks four times as large are tried up to it.
MAX_CSV_BLOCK_BYTES = 1 << 28


class _RowTooLong(Exception):
    """A row of a CSV longer than the block it is read in; ``after`` is the row before it (1-based)."""

    def __init__(self, after: int):
        super().__init__(after)
        self.after = after


def csv_batches(path: Path, *, encoding=None, header_row=None, expected=(), block_bytes: int = CSV_BLOCK_BYTES):
    """A CSV's rows as Arrow record batches of text cells with :data:`SOURCE_ROW`, read in bounded memory.

    A row longer than the block (4 MB) is read all the same: the file is read again in blocks four times as large,
    up to :data:`MAX_CSV_BLOCK_BYTES`, from its first row, the rows already given left out. Beyond that, it stops
    naming the row. The rows are those of :func:`_csv_batches`.
    """
    import pyarrow.compute as pc

    done = 0  # the SOURCE_ROW of the last row given
    while True:
        try:
            for batch in _csv_batches(path, encoding=encoding, header_row=header_row, expected=expected,
                                      block_bytes=block_bytes):
                if done and batch.num_rows:
                    batch = batch.filter(pc.greater(batch.column(0), done))
                    if not batch.num_rows:
                        continue
                if batch.num_rows:
                    done = max(done, pc.max(batch.column(0)).as_py())
                yield batch
            return
        except _RowTooLong as exc:
            if block_bytes >= MAX_CSV_BLOCK_BYTES:
                raise DataError(key="e_row_too_long", file=path.name, row=f"{exc.after + 1:,}",
                                size=f"{block_bytes >> 20:,}") from None
            block_bytes = min(block_bytes * 4, MAX_CSV_BLOCK_BYTES)


def _csv_batches(path: Path, *, encoding=None, header_row=None, expected=(), block_bytes: int = CSV_BLOCK_BYTES):
    """:func:`csv_batches` in blocks of ``block_bytes``; a row longer than that raises :class:`_RowTooLong`.

    Read by Arrow's streaming CSV reader; the result is what pandas'
    ``read_csv(dtype=str, keep_default_na=False, skip_blank_lines=False)`` gives:
    empty cells are ``''``, a blank line is a row of ``''``, a short row is
    padded with ``''``, quoted cells may hold line breaks (in the header and
    title lines too), header names are pandas' (``Unnamed: 2``, ``x.1``) with
    spaces trimmed, and ``SOURCE_ROW`` is the row number as Excel shows it.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    enc, delimiter, header = _csv_layout(path, encoding=encoding, header_row=header_row, expected=expected)
    names = column_names(path, enc, delimiter, header)
    schema = pa.schema([(SOURCE_ROW, pa.int64())] + [(name, pa.string()) for name in names])
    if delimiter == SPACES:  # columns lined up with spaces: Arrow splits on one character only, pandas on blanks
        yield from _pandas_batches(path, enc, delimiter, names, schema, skip=header + 1)
        return
    if delimiter == FIXED:  # columns at fixed places: cut there
        yield from _fixed_batches(path, enc, names, schema, header=header)
        return

    short: dict[int, str] = {}  # record number -> text of a row with fewer cells than the header
    too_long: list[tuple[int, int]] = []
    seen_short = 0

    def invalid(row) -> str:
        nonlocal seen_short
        if row.actual_columns < row.expected_columns:
            seen_short += 1
            if seen_short > SHORT_ROWS_FOR_PANDAS:
                return "error"  # stop Arrow here: pandas reads the rest
            short[row.number] = row.text
        else:
            too_long.append((row.number, row.actual_columns, row.text))
        return "skip"

    def stop_if_too_long() -> None:
        if too_long:
            number, cells, text = min(too_long)
            raise too_many_cells(path, number, cells, len(names), text, delimiter)

    arrow_encoding = "utf8" if enc.replace("_", "-").lower() in ("utf-8", "utf-8-sig", "utf8") else enc
    next_row = header + 2  # the first data row, 1-based, as pandas and Excel count
    yielded = False
    tail = None  # the last rows given: a quote left open runs to the end of the file in the last one
    reader = None
    source = _BareReturnsAsSpaces(path) if _has_bare_returns(path, enc) else path
    try:
        try:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(encoding=arrow_encoding, column_names=names,
                                               skip_rows_after_names=header + 1,  # records, so quotes count
                                               use_threads=False, block_size=block_bytes),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                                 newlines_in_values=True, invalid_row_handler=invalid),
                convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
        except pa.ArrowInvalid:
            if seen_short > SHORT_ROWS_FOR_PANDAS:
                reader = iter(())
            elif not _has_rows_after(path, enc, delimiter, header + 1):  # a header alone, no line break
                reader = iter(())
            else:
                raise
        for batch in _until_many_short(reader, lambda: seen_short > SHORT_ROWS_FOR_PANDAS):
            stop_if_too_long()
            if not batch.num_rows:
                continue
            # full rows take the next record numbers that no short row holds (Arrow may report short rows of
            # blocks further on before it hands over this one: those numbers lie beyond this batch)
            known = sorted(n for n in short if n >= next_row)
            numbers = np.arange(next_row, next_row + batch.num_rows + len(known), dtype=np.int64)
            full = (numbers[~np.isin(numbers, known)] if known else numbers)[: batch.num_rows]
            table = pa.Table.from_batches([batch]).add_column(0, SOURCE_ROW, pa.array(full)).cast(schema)
            last = int(full[-1])
            mine = [n for n in known if n < last]
            if mine:  # short rows among these, padded, put back in their place
                table = pa.concat_tables([table, _text_rows(mine, short, schema, delimiter)])
                table = table.take(pa.compute.sort_indices(table, [(SOURCE_ROW, "ascending")]))
                for n in mine:
                    del short[n]
            next_row = last + 1
            yielded = True
            tail = table
            _stop_if_swallowed(path, enc, table, delimiter)
            yield from table.to_batches()
        if seen_short <= SHORT_ROWS_FOR_PANDAS:
            stop_if_too_long()
            rest = sorted(n for n in short if n >= next_row)
            if rest:  # short rows after the last full row
                yielded = True
                tail = _text_rows(rest, short, schema, delimiter)
                _stop_if_swallowed(path, enc, tail, delimiter)
                yield from tail.to_batches()
            if tail is not None and (row := _quote_open_to_end(path, enc, tail)) is not None:
                raise DataError(key="e_quote_open", file=path.name, row=f"{row:,}")
            if not yielded:  # a header and no rows
                yield pa.RecordBatch.from_arrays([pa.array([], f.type) for f in schema], schema=schema)
            return
        # many short rows: pandas reads the rest
        yield from _pandas_batches(path, enc, delimiter, names, schema, skip=next_row - 1)
    except (UnicodeDecodeError, pa.ArrowInvalid) as exc:
        if isinstance(exc, pa.ArrowInvalid) and "straddl" in str(exc):
            raise _RowTooLong(next_row - 1) from None
        if isinstance(exc, pa.ArrowInvalid) and "UTF8" not in str(exc) and "decode" not in str(exc).lower():
            raise DataError(f"{path.name}: not a readable table ({str(exc).splitlines()[0]})") from None
        raise encoding_after_error(path, enc) from None
    finally:
        # a reader left half-read keeps a read-ahead thread that, decoding through Python (GBK), would
        # deadlock the interpreter's exit: stop it when the batches are abandoned or an error stops them
        if reader is not None and hasattr(reader, "close"):
            reader.close()
        if source is not path:
            source.close()


def _quote_open_to_end(path: Path, enc: str, table) -> int | None:
    """The row (:data:`SOURCE_ROW`) of the last row of ``table``, the last a CSV gives, when one of its cells runs to
    the end of the file over line breaks: a quote opened there and never closed, which Arrow reads as one cell holding
    every line after it (review: a quote left open swallowed the rest of the file, its rows neither read nor set
    aside). A cell quoted and closed on the last line does not end with that line, which holds its closing quote."""
    if not table.num_rows:
        return None
    last = table.slice(table.num_rows - 1)
    cells = [last.column(i)[0].as_py() for i in range(1, last.num_columns)]
    cells = [c for c in cells if isinstance(c, str) and ("\n" in c or "\r" in c)]
    if not cells:
        return None
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - (1 << 16)) & ~1)  # (even: UTF-16)
        text = handle.read().decode(enc, errors="ignore")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    end = lines[-1].strip().replace('""', '"')
    if any(c.rstrip().endswith(end) for c in cells):
        return int(last.column(0)[0].as_py())
    return None


#: A line break in a column's bytes (searched in Arrow's buffer, in place).
_LINE_BREAK = re.compile(b"\n")


def _reaching_kinds(table, rows: np.ndarray, column: int, delimiter: str, *, counted: bool = False):
    """Of ``rows`` of ``table`` (a :data:`SOURCE_ROW` column first), those whose cell in ``column`` may hold a row of
    the file (:func:`_stop_if_swallowed`): a line, between two line breaks, whose cells reach each date and number
    of the row outside that cell, a date where the row has a date, a number where it has one. Vectorised (rows
    grouped by where their dates and numbers are), so that an export whose remarks run over lines of commas is not
    looked at cell by cell (review: 3M lines, one in three such a remark, 0.96 -> 18.8 CPU s). Lines of swallowed
    rows hold no quote (a quote would have closed the cell), so cells are what lies between delimiters. ``counted``:
    (those rows, how many lines between each cell's first and last are so), the lines counted vectorised too
    (``data.quoted_line_breaks: keep`` says them: 300k lines, one in three such a remark, 36.6 CPU s cell by cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(rows) or delimiter == SPACES or len(delimiter) != 1:
        return (rows, np.zeros(len(rows), dtype=np.int64)) if counted else rows
    picked = table.take(pa.array(rows))
    width = table.num_columns - 1
    kinds = np.zeros((len(rows), width), dtype=np.int8)  # 1 a date, 2 another number, as _cell_kind
    for i in range(1, table.num_columns):
        if i == column:
            continue
        text = pc.utf8_trim_whitespace(pc.cast(picked.column(i), pa.string()))
        date = np.asarray(pc.match_substring_regex(text, "^(?:" + _WHOLE_DATE.pattern + ")$").fill_null(False))
        number = np.asarray(pc.match_substring_regex(text, "^(?:" + _DATA_CELL.pattern + ")$").fill_null(False))
        kinds[:, i - 1] = np.where(date, 1, np.where(number, 2, 0))
    sep = re.escape(delimiter)
    free = "[^\\n" + sep + "]*"  # a cell of a line: no delimiter, no line break
    space = "[ \\t\\r\\f\\v]*"
    date = (f"(?:[0-9]{{4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}{free}|[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{2,4}}{free}"
            f"|(?:19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))")
    digits = "[0-9.:/\\-" + ("," if delimiter != "," else "") + "]*"
    number = f"(?:[+-]?[0-9]{digits}(?:[ T][0-9][0-9.:]*)?)"
    cells = picked.column(column)
    keep = np.zeros(len(rows), dtype=bool)
    many = np.zeros(len(rows), dtype=np.int64)
    # each row's shape as one number (three kinds a cell: base 3, 39 cells an int64), its columns beyond in more:
    # np.unique over rows of cells sorts them as records (3M lines, a remark over lines in one row of three: the
    # sort 1.9 s of the read's 3.6 CPU s; the read 2.47 -> 1.55 CPU s, median of 5)
    keys = np.stack([kinds[:, at:at + 39].astype(np.int64) @ (3 ** np.arange(min(39, width - at), dtype=np.int64))
                     for at in range(0, width, 39)], axis=1)
    if keys.shape[1] == 1:
        _, first, group = np.unique(keys[:, 0], return_index=True, return_inverse=True)
    else:
        _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    shapes = kinds[first]
    for g, shape in enumerate(shapes):
        placed = np.flatnonzero(shape)
        if not len(placed):
            continue
        parts = [f"{space}{date if shape[j] == 1 else number}{space}" if shape[j] else free
                 for j in range(int(placed[-1]) + 1)]
        line = "\\n" + sep.join(parts) + "(?:" + sep + "[^\\n]*)?\\n"
        these = np.flatnonzero(np.asarray(group).reshape(-1) == g)
        if not counted:
            keep[these] = np.asarray(pc.match_substring_regex(cells.take(pa.array(these)), line).fill_null(False))
            continue
        # each cell's lines, its first and last left out (the row's own start, the closing line): those so counted
        split = pc.split_pattern_regex(pc.cast(cells.take(pa.array(these)), pa.string()).fill_null(""),
                                       r"\r\n|\n|\r")
        split = split.combine_chunks() if hasattr(split, "combine_chunks") else split
        parent = np.asarray(pc.list_parent_indices(split))
        sizes = np.asarray(pc.list_value_length(split))
        at = np.arange(len(parent)) - np.concatenate([[0], np.cumsum(sizes)[:-1]])[parent]
        inner = (at > 0) & (at < sizes[parent] - 1)
        shaped = "^" + sep.join(parts) + "(?:" + sep + "[^\\n]*)?$"
        hit = np.asarray(pc.match_substring_regex(pc.list_flatten(split), shaped).fill_null(False)) & inner
        many[these] = np.bincount(parent[hit], minlength=len(these))
        keep[these] = many[these] > 0
    return (rows[keep], many[keep]) if counted else rows[keep]


#: ``data.quoted_line_breaks`` is ``keep`` while the case's order files are read (:func:`quoted_line_breaks`): a
#: cell quoted over lines in the file's own shape is read as quoted (:func:`_stop_if_swallowed` stops on none), each
#: such cell listed here as (file's path, row, start, lines in the file's shape), so that the run says them (review: a quote
#: truly opened by mistake lost 30 orders without a word)
_QUOTED_KEPT: contextvars.ContextVar[list | None] = contextvars.ContextVar("kit_quoted_line_breaks_kept",
                                                                           default=None)


@contextlib.contextmanager
def quoted_line_breaks(data):
    """While the files of ``data`` (the params' ``data``) are read: whether a cell quoted over lines that hold rows
    in the file's shape stops the reading (``data.quoted_line_breaks``: ``stop``, the default) or is read as quoted
    (``keep``: a remark that lists ``1001, 2025-01-05, 59.90`` under columns of an ID, a date and an amount). Yields
    the cells so read (with ``keep``; :func:`kept_quoted_lines` words them)."""
    kept: list = []
    token = _QUOTED_KEPT.set(kept if getattr(data, "quoted_line_breaks", "stop") == "keep" else None)
    try:
        yield kept
    finally:
        _QUOTED_KEPT.reset(token)


def kept_quoted_lines(kept: list, lang: str, names: dict | None = None) -> list[str]:
    """A line per file on the cells ``data.quoted_line_breaks: keep`` read as quoted over lines in the file's own
    shape (:func:`quoted_line_breaks`): how many, holding how many such lines, the first five's rows and starts (a
    remark quoted on purpose beside a quote opened by mistake: both found). Each file as ``names`` (path -> the name
    it goes by, :func:`source_names`) names it, else by its file name (two files of one name are two lines)."""
    from .text import t

    out = []
    for path in dict.fromkeys(k[0] for k in kept):
        cells = sorted((k for k in kept if k[0] == path), key=lambda k: k[1])
        file = (names or {}).get(path) or Path(path).name
        where = [f"第 {row:,} 行 {start}" if lang == "zh" else f"row {row:,}, {start}" for _, row, start, _ in cells[:5]]
        where += ["……" if lang == "zh" else "…"] if len(cells) > 5 else []
        out.append(t("n_quoted_lines_kept", lang, file=file, cells=f"{len(cells):,}", where="；".join(where) if
                     lang == "zh" else "; ".join(where), rows=f"{sum(k[3] for k in cells):,}"))
    return out


def _stop_if_swallowed(path: Path, enc: str, table, delimiter: str) -> None:
    """Stop naming the row when a cell of ``table`` (rows of a CSV, cells as text) holds whole rows of the file: a
    quote opened at a cell's start (a remark ``"加急``) and closed by a quote lines further down (``5" display``), so
    the rows between read as that one cell and vanish, silently when the closing row still has the header's number
    of cells (review). A row of the file is a line between two line breaks of the cell that splits into three cells
    or more, no more than the header's, reaching each of the row's own dates and numbers and each a date or a number
    there (a remark over lines with commas is none, nor an item list "Widget A, 2, 59.90" short of the row's date).
    Cells are looked at vectorised; those with such a line, rare, one by one. A quote never closed, running to the end
    of the file, is said as such (``e_quote_open``). Nothing stops with ``data.quoted_line_breaks: keep``
    (:func:`quoted_line_breaks`): the cell is read as quoted (a quote never closed is still said, at the end)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    width = table.num_columns - 1
    if width < 3 or not table.num_rows:  # a row of the file inside a cell has three cells or more
        return
    kept = _QUOTED_KEPT.get()
    between = r"[ \t]+" if delimiter == SPACES else re.escape(delimiter)
    line = r"\n(?:[^\n]*?" + between + "){" + str(min(width - 1, 2)) + r"}[^\n]*\n"  # a line of three cells or more
    for column in range(1, table.num_columns):
        cells = table.column(column)
        if not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):  # (a sample's empty column)
            continue
        chunks = cells.chunks if hasattr(cells, "chunks") else [cells]
        if not any(_LINE_BREAK.search(chunk.buffers()[2] or b"") for chunk in chunks):  # the text's bytes, not copied
            continue
        hits = np.flatnonzero(np.asarray(pc.match_substring_regex(cells, line).fill_null(False)))
        if kept is not None:  # read as quoted, as data.quoted_line_breaks: keep says: listed to be said, vectorised
            found, many = _reaching_kinds(table, hits, column, delimiter, counted=True)
            if delimiter == SPACES or len(delimiter) != 1:  # not counted there: counted as a stop counts them (review)
                many = np.array([len(_rows_in_cell(table, i, column, delimiter)[1]) for i in found.tolist()],
                                dtype=np.int64)
            if len(found) and found[-1] == table.num_rows - 1 and _quote_open_to_end(
                    path, enc, table.slice(int(found[-1]), 1)) is not None:  # never closed: said so
                raise DataError(key="e_quote_open", file=path.name,
                                row=f"{int(table.column(0)[int(found[-1])].as_py()):,}")
            found, many = found[many > 0], many[many > 0]  # (a remark over lines of cells none of the row's kinds)
            for index, n in zip(found[:5].tolist(), many[:5].tolist(), strict=True):  # the first five's starts
                start = re.split(r"\r\n|\n|\r", str(cells[index].as_py()))[0].strip()
                kept.append((path, int(table.column(0)[index].as_py()),
                             '"' + (start if len(start) <= 20 else start[:20] + "…"), n))
            kept.extend((path, int(r), "", n) for r, n in zip(  # the others counted only
                table.column(0).take(pa.array(found[5:])).to_pylist(), many[5:].tolist(), strict=True))
            continue
        for index in _reaching_kinds(table, hits, column, delimiter):
            lines, whole = _rows_in_cell(table, index, column, delimiter)
            if whole:
                if _quote_open_to_end(path, enc, table.slice(index, 1)) is not None:  # never closed: said so
                    raise DataError(key="e_quote_open", file=path.name, row=f"{int(table.column(0)[index].as_py()):,}")
                start = lines[0].strip()
                raise DataError(key="e_quote_swallows", file=path.name, row=f"{int(table.column(0)[index].as_py()):,}",
                                start='"' + (start if len(start) <= 20 else start[:20] + "…"), lines=f"{len(lines) - 1:,}",
                                rows=f"{len(whole):,}")


def _rows_in_cell(table, index: int, column: int, delimiter: str) -> tuple[list[str], list[list[str]]]:
    """The lines of the cell in ``column`` of row ``index`` of ``table`` (:func:`_stop_if_swallowed`), and those
    between its first and last that are rows of the file: three cells or more, no more than the header's, each of
    the row's own dates and numbers (outside that cell) a date or a number there."""
    width = table.num_columns - 1
    row = [str(table.column(i)[index].as_py()) for i in range(1, table.num_columns)]
    kinds = {i: kind for i, kind in enumerate(map(_cell_kind, row)) if kind and i != column - 1}
    lines = re.split(r"\r\n|\n|\r", row[column - 1])
    parts = [(_csv_rows([piece], delimiter)[:1] or [[]])[0] for piece in lines[1:-1]]
    return lines, [piece for piece in parts if 2 < len(piece) <= width  # a row, a short one (padded) too
                   and kinds and all(i < len(piece) and _cell_kind(piece[i]) == kind for i, kind in kinds.items())]


def _has_bare_returns(path: Path, enc: str) -> bool:
    """Whether the start of a CSV whose lines end in line feeds holds a carriage return alone inside a row (a
    cell typed on a classic Mac, or pasted from one), which Arrow and pandas would take for a line break."""
    if enc.replace("_", "-").lower().startswith("utf-16"):
        return False
    with path.open("rb") as handle:
        start = handle.read(256_000)
    # lines ended by line feeds: more of them than carriage returns alone (a classic Mac file, its lines ended by
    # a carriage return, one cell holding a line feed, is none: read as one row of the whole file, review)
    bare = len(re.findall(rb"\r(?!\n)", start[:-1]))
    return bare > 0 and start.count(b"\n") > bare


class _BareReturnsAsSpaces(io.RawIOBase):
    """A CSV file's bytes with each carriage return not followed by a line feed read as a space: the row it sits
    in stays one row (review: C0,2025-01-05,\\rx,100 became two rows, both set aside, the sale lost), as the
    layout of the file was read (:func:`_csv_layout`). Line ends (\\r\\n) are left alone."""

    block = 1 << 16  # bytes read at a time, at least

    def __init__(self, path: Path):
        self._file = path.open("rb")
        self._held = b""  # a carriage return ending the last block read: the byte after it decides
        self._ready = b""  # bytes read and mended, not yet handed out

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._ready:
            block = self._file.read(max(len(buffer), self.block))
            data, self._held = self._held + block, b""
            if not block:  # the end: a return held is the file's last byte
                self._ready = data.replace(b"\r", b" ")
                break
            if data.endswith(b"\r"):
                data, self._held = data[:-1], b"\r"
            self._ready = re.sub(rb"\r(?!\n)", b" ", data) if b"\r" in data else data
        size = min(len(buffer), len(self._ready))
        buffer[:size] = self._ready[:size]
        self._ready = self._ready[size:]
        return size

    def close(self) -> None:
        self._file.close()
        super().close()


def too_many_cells(path: Path, row: int, cells: int, header_cells: int, text: str, delimiter: str) -> DataError:
    """The error for a CSV row with more cells than the header, with the likely cause when the row shows it."""
    hint = {"en": "", "zh": ""}
    found = re.search(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)", text or "") if delimiter == "," else None
    if found:
        hint = {"en": f"; it may hold a number written with a thousands comma ({found.group()}), which splits the cell "
                      "in a comma-separated file: quote such numbers in the export, or export without thousands "
                      "separators",
                "zh": f"；其中可能有带千位逗号的数字（{found.group()}），在逗号分隔的文件中会把一个单元格拆成两个：请在导出时给"
                      "这类数字加引号，或导出时不用千位分隔符"}
    return DataError(key="e_too_many_cells", file=path.name, row=row, cells=cells, header_cells=header_cells,
                     hint=hint)


def parser_error(path: Path, exc: Exception, enc: str, delimiter: str, start: int, *,
                 header: bool = False) -> DataError:
    """pandas' tokenizing error on a CSV read from record ``start`` (0-based) in the words of :func:`too_many_cells`.

    ``header``: record ``start`` is the header pandas read: its cells are counted, not pandas' expected count (a first
    row one cell longer than the header makes pandas take that many: review, "row 22088 has 7 cells, but the header
    has 6" of a header of 5 whose first row held 48,882.02)."""
    opened = re.search(r"EOF inside string starting at row (\d+)", str(exc))
    if opened:  # a quote opened and never closed: pandas counts the records it read from 0
        return DataError(key="e_quote_open", file=path.name, row=f"{start + int(opened[1]) + 1:,}")
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if not found:
        return DataError(f"{path.name}: not a readable table ({str(exc).splitlines()[0]})")
    expected, line, saw = map(int, found.groups())
    text = ""
    try:
        # pandas counts records (a quoted line break does not start one): the record's first line is read
        with _open_at_record(path, enc, delimiter, start + line - 1) as handle:
            text = handle.readline()
    except (OSError, UnicodeDecodeError):  # pragma: no cover - the file was readable a moment ago
        pass
    if header and len(delimiter) == 1:
        try:
            with _open_at_record(path, enc, delimiter, start) as handle:
                expected = len(next(csv.reader(handle, delimiter=delimiter)))
        except (OSError, UnicodeDecodeError, StopIteration, csv.Error):  # pragma: no cover - read a moment ago
            pass
    return too_many_cells(path, start + line, saw, expected, text, delimiter)


def _until_many_short(reader, many):
    """The batches of ``reader`` until it stops because ``many()`` short rows made the handler say error."""
    import pyarrow as pa

    batches = iter(reader)
    while True:
        try:
            yield next(batches)
        except StopIteration:
            return
        except pa.ArrowInvalid:
            if many():
                return
            raise


def _lines(handle):
    """The lines of a text file by ``readline``, so the file stays where the last line read ended."""
    while line := handle.readline():
        yield line


def _open_at_record(path: Path, enc: str, delimiter: str, records: int):
    """The CSV ``path`` opened as text, positioned at the start of its record number ``records`` (0-based).

    Records are counted by Python's csv module, so quoted line breaks (in a
    title line, say) never split a record, whatever the cell starts with. A carriage return alone inside a row
    is read as a space, as Arrow reads the file (:class:`_BareReturnsAsSpaces`; perfcsv: pandas, reading a file of
    many short rows, split a row at one, its sale set aside under a customer "x").
    """
    if _has_bare_returns(path, enc):
        handle = io.TextIOWrapper(io.BufferedReader(_BareReturnsAsSpaces(path)), encoding=enc, newline="")
    else:
        handle = path.open(encoding=enc, newline="")
    try:
        if records:
            rows = _iter_csv_rows(_lines(handle), delimiter)
            for _ in range(records):
                if next(rows, None) is None:
                    break
            rows.close()
    except BaseException:
        handle.close()
        raise
    return handle


def _has_rows_after(path: Path, enc: str, delimiter: str, records: int) -> bool:
    """Whether the CSV has a record after its first ``records``."""
    with _open_at_record(path, enc, delimiter, records) as handle:
        return bool(handle.read(1))


def header_names(cells: Sequence[object]) -> list[str]:
    """Column names from header cells as pandas makes them, trimmed: ``Unnamed: 2`` for an empty one,
    ``x.1``, ``x.2`` for repeats."""
    names = [str(c).strip() if c is not None else "" for c in cells]
    names = [name or f"Unnamed: {i}" for i, name in enumerate(names)]
    counts: dict[str, int] = {}
    out = []
    for name in names:
        count = counts.get(name, 0)
        while count > 0:  # pandas' rule: the first free name.count suffix
            counts[name] = count + 1
            name = f"{name}.{count}"
            count = counts.get(name, 0)
        out.append(name)
        counts[name] = count + 1
    return out


def _pandas_batches(path: Path, enc: str, delimiter: str, names: list[str], schema, *, skip: int,
                    rows: int = 1_000_000):
    """The records of a CSV after the first ``skip`` as Arrow batches of ``schema``, read by pandas in chunks.

    The file is positioned at record ``skip`` by Python's csv module first (pandas' own ``skiprows`` can lose
    its place in a skipped record that starts with an empty cell and a quoted line break).
    """
    import pyarrow as pa

    first = skip + 1
    try:
        with _open_at_record(path, enc, delimiter, skip) as handle:
            reader = pd.read_csv(handle, sep=pandas_sep(delimiter), dtype=str, keep_default_na=False, header=None,
                                 names=names, skip_blank_lines=False, chunksize=rows)
            with reader:
                for frame in reader:
                    frame = frame.fillna("")
                    frame.insert(0, SOURCE_ROW, np.arange(first, first + len(frame), dtype=np.int64))
                    first += len(frame)
                    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
                    _stop_if_swallowed(path, enc, table, delimiter)
                    yield from table.to_batches()
    except pd.errors.ParserError as exc:
        raise parser_error(path, exc, enc, delimiter, skip) from None
    except UnicodeDecodeError:
        raise encoding_after_error(path, enc) from None


def _text_rows(numbers: list[int], texts: dict[int, str], schema, delimiter: str):
    """Short rows (their text by record number) split into cells, padded with ``''``, as an Arrow table."""
    import pyarrow as pa

    width = len(schema) - 1
    rows = [(_csv_rows([texts[n]], delimiter)[:1] or [[]])[0] for n in numbers]
    rows = [(row + [""] * width)[:width] for row in rows]
    columns = [pa.array(numbers, pa.int64())] + [pa.array([r[i] for r in rows], pa.string()) for i in range(width)]
    return pa.table(columns, schema=schema)


def csv_chunks(path: Path, *, encoding=None, header_row=None, expected=(), rows: int = 1_000_000):
    """A CSV's rows as raw tables of at most ``rows`` rows each (cells as text, :data:`SOURCE_ROW` added).

    The chunks put together equal :func:`read_table`; a file of any size is read
    in bounded memory (see :func:`csv_batches`).
    """
    import pyarrow as pa

    pending, count, yielded = [], 0, False
    for batch in csv_batches(path, encoding=encoding, header_row=header_row, expected=expected):
        schema = batch.schema
        while batch.num_rows:
            take = batch.slice(0, rows - count)
            pending.append(take)
            count += take.num_rows
            batch = batch.slice(take.num_rows)
            if count == rows:
                yield _text_frame(pa.Table.from_batches(pending))
                pending, count, yielded = [], 0, True
    if pending or not yielded:
        yield _text_frame(pa.Table.from_batches(pending, schema=schema))


def _text_frame(table) -> pd.DataFrame:
    """An Arrow table of text cells as the raw pandas table the kit's readers return."""
    frame = table.to_pandas(types_mapper=lambda t: pd.StringDtype() if str(t) == "string" else None)
    for column in frame.columns[1:]:
        frame[column] = frame[column].astype(object)
    frame[SOURCE_ROW] = frame[SOURCE_ROW].astype(np.int64)
    return frame


def _read_csv(path: Path, *, sheet, encoding, header_row, expected) -> pd.DataFrame:
    chunks = list(csv_chunks(path, encoding=encoding, header_row=header_row, expected=expected))
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


#: A cell of a data row, not a header: a number, a date or a time (00001, 19970101, 11.77, 2025-03-05 10:00, -3).
_DATA_CELL = re.compile(r"[+-]?[0-9][0-9.,:/\-]*(?:[ T][0-9][0-9.:]*)?")


#: A cell no header holds: a whole date (2025-01-05, 5/1/2025, 19970101), a decimal number (11.77) or a Unix
#: timestamp of 2001 to 2033, in seconds or milliseconds (1511572885, as a clickstream log without a header row
#: writes its time: QA, its first event read as the header).
_DATA_ONLY_CELL = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}.*|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}.*"
                             r"|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])|[+-]?[0-9]+\.[0-9]+"
                             r"|1[0-9]{9}|1[0-9]{12}")


#: A whole date, as a data row writes it and no header does (2025-01-05, 5/1/2025, 19970101, 2025-01-05 10:00:00).
_WHOLE_DATE = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}.*|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}.*"
                         r"|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])")


def _cell_kind(cell: object) -> str | None:
    """``date`` for a whole date, ``number`` for another number (1200, 11.77, -3), else None."""
    text = str(cell).strip()
    if _WHOLE_DATE.fullmatch(text):
        return "date"
    return "number" if _DATA_CELL.fullmatch(text) else None


def _is_data_row(cells: Sequence[str], expected: Sequence[str] = (), below: Sequence[Sequence[object]] = ()) -> bool:
    """Whether a row that would be the header is data, so the file has no header row: two cells at least, none of
    them an ``expected`` header, and either most of them numbers or dates, all of them or one a whole date or a
    decimal number (``A1,2025-01-05,10.5``; not ``Name,2024,2025``, nor ``日期,2025-04-01`` when 日期 is expected),
    or, mostly text (a code, a name, a salesperson), a whole date and another number whose columns in the rows
    ``below`` hold the same kinds, most of them (``K001,协和医院,张伟,2025-03-05,1200.50`` over rows alike: a
    header's cells are no dates, and a wide table's dated headers have numbers under them)."""
    filled = [str(c).strip() for c in cells if str(c).strip()]
    numbers = [c for c in filled if _DATA_CELL.fullmatch(c)]
    if len(filled) < 2:
        return False
    wanted = {normalise_header(h) for h in expected}
    if any(normalise_header(c) in wanted for c in filled):
        return False
    if 2 * len(numbers) >= len(filled) and (len(numbers) == len(filled)
                                            or any(_DATA_ONLY_CELL.fullmatch(c) for c in numbers)):
        return True
    kinds = [_cell_kind(c) for c in cells]
    if "date" not in kinds or "number" not in kinds or not below:
        return False

    def alike(column: int) -> bool:
        under = [row[column] for row in below if column < len(row) and str(row[column]).strip()]
        return len(under) >= 2 and sum(_cell_kind(c) == kinds[column] for c in under) >= 0.8 * len(under)

    return (any(alike(i) for i, kind in enumerate(kinds) if kind == "date")
            and any(alike(i) for i, kind in enumerate(kinds) if kind == "number"))


def pandas_sep(delimiter: str) -> str:
    """The ``sep`` pandas reads a file of ``delimiter`` with (a run of blanks for :data:`SPACES`)."""
    return r"\s+" if delimiter == SPACES else delimiter


def column_names(path: Path, enc: str, delimiter: str, header: int) -> list[str]:
    """The header names of a text file (:func:`header_names`); ``column_1``, ``column_2`` ... without a header
    row (:data:`NO_HEADER`), as many as its widest row among the first 1,000."""
    if delimiter == FIXED and header != NO_HEADER:
        return fixed_width_names(path, enc, header)
    with _open_at_record(path, enc, delimiter, max(header, 0)) as handle:
        if header != NO_HEADER and delimiter == SPACES:  # "Customer ID  Order Date  Amount": names hold spaces
            line = handle.readline()
            cells = re.split(r"\s{2,}|\t", line.strip())
            widths = sorted(len(row) for row in itertools.islice(_iter_csv_rows(_lines(handle), delimiter), 1000)
                            if row)
            if not widths or len(cells) != widths[len(widths) // 2]:  # names of one word each
                cells = line.split()
            return header_names(cells)
        rows = _iter_csv_rows(_lines(handle), delimiter)
        if header != NO_HEADER:
            cells = next(rows, None)
            rows.close()
            if cells is None:
                raise DataError(key="e_no_header", file=path.name)
            return header_names(cells)
        width = max((len(row) for row in itertools.islice(rows, 1000)), default=0)
        rows.close()
    return [f"column_{i}" for i in range(1, width + 1)]


def _sniff_delimiter(sample: str, path: Path) -> str:
    """The delimiter that appears on most lines as often (median count), then most in all; :data:`SPACES`
    for columns lined up with spaces."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    counts = {d: sorted(line.count(d) for line in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: (counts[d][len(lines) // 2], sum(counts[d])))
    # a fixed-width report: its header line holds no delimiter, and the lines below hold it unevenly (1,234.50)
    # or not at all with names of several words (BLUE SKY TRADING) that a run of blanks would cut apart
    top = _fixed_header(lines)
    if top is not None and "\t" not in sample and lines[top].count(best) == 0 and (
            len(set(counts[best])) > 1 or sum(counts[best]) == 0) and fixed_cuts(lines, top) is not None:
        spaced = [len(line.split()) for line in lines[top + 1:] if not _RULE_LINE.fullmatch(line)]
        cut = len(fixed_cuts(lines, top))
        if sum(counts[best]) or len(set(spaced)) > 1 or (spaced and spaced[0] != cut):
            return FIXED
    if sum(counts[best]) == 0 and sorted(len(line.split()) for line in lines)[len(lines) // 2] >= 3:
        return SPACES  # 00001 19970101  1  11.77: read by pandas, a run of blanks between cells
    return best if sum(counts[best]) > 0 else ","


class EmptySheet(DataError):
    """A workbook sheet without a table: no cell at all, or fewer rows than ``data.header_row``."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


#: ``data.sheet: all``: every sheet of a workbook that holds the key columns (a hand-kept book with a sheet per month).
ALL_SHEETS = "all"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xml")  # .xml: an Excel 2003 XML spreadsheet
#: A workbook this large (about 250,000 rows) reads for several seconds: a progress line says so before.
LARGE_WORKBOOK_BYTES = 10 * 2**20


def source_names(paths: Sequence[Path]) -> dict[Path, str]:
    """The name each order file goes by in the ledger: its file name, with as many parent folders as it takes
    to tell apart files of the same name (``2024/orders.csv``, ``2025/orders.csv``)."""
    out = {}
    for path in paths:
        depth = 1
        while depth < len(path.parts) and any(
                other != path and other.parts[-depth:] == path.parts[-depth:] for other in paths):
            depth += 1
        out[path] = "/".join(path.parts[-depth:])
    return out


def read_order_sheets(path: Path, data, columns, *, note=None, name: str | None = None,
                      supplied: set[str] = frozenset(), lang: str = "en", subtotals: str = "set_aside",
                      red_amounts: str | None = None, struck_rows: str | None = None,
                      skipped: list | None = None, packed: bool = False) -> list[tuple[pd.DataFrame, str]]:
    """The order tables of one file, each with the name it goes by in the ledger.

    For a workbook, ``data.sheet`` names one sheet (a name or a 0-based index),
    a list of them, or ``all``: every sheet whose header row holds the customer
    ID, the order date and the amount (or quantity and unit price); sheets
    without them (notes, pivot summaries) and empty sheets are skipped with a
    note. Several sheets are labelled ``book.xlsx [sheet]``. Any other file is
    one table under its own name. ``supplied`` are the headers (as :func:`normalise_header` gives them) of the
    files of ``data.join``: a key column among them need not be on the sheet. ``lang`` is the notes' language.
    ``subtotals`` (``cleaning.subtotals``) tells the fill steps which lines are subtotals (:class:`LineRoles`).
    ``red_amounts`` (``cleaning.red_amounts``) says what a positive amount in red font is (:func:`_red_as`);
    ``struck_rows`` (``cleaning.struck_rows``) what a line whose amount is struck through is (:func:`_struck_as`).
    A sheet skipped as a copy of others is added to ``skipped`` (a list, when given) as a :class:`SkippedSheet`.
    With ``packed``, the tables of a workbook's several sheets come as :class:`_Packed` (each to be unpacked when
    used, one at a time): the sheets are taken through the steps below one at a time, never all unpacked at once.
    """
    note = note or (lambda line: None)
    name = name or path.name
    expected = columns.expected()
    headers = columns.headers()
    once = [h for key in ("amount", "credit", "quantity") for h in headers.get(key, [])]
    options = dict(encoding=data.encoding, header_row=data.header_row, expected=expected, once=once,
                   roles=LineRoles.of(headers, monthly=getattr(data, "wide", None) is not None,
                                      keep=subtotals == "keep"),
                   synonyms=tuple(tuple(names) for names in headers.values() if len(names) > 1))
    headings = bool(getattr(data, "customer_headings", False)) and path.suffix.lower() != ".parquet"
    if headings:  # the customer is no column of the sheet: each sheet holds it as its heading rows give it
        supplied = {*supplied, *(normalise_header(h) for h in headers.get("customer_id", []))}
    tables = _order_sheets(path, data, columns, options, note=note, name=name, supplied=supplied, lang=lang)
    roles = options["roles"]
    steps = []  # each (step, the key of the stop naming every table's _Unsettled, or None: the first error stops)
    if getattr(data, "sheet_as", None):  # the person a sheet is kept for, in its name only (张三 | 李四)
        steps.append((lambda frame, label, say: _with_sheet_name(frame, label, path=path, name=name,
                                                                 sheet=data.sheet), None))

    def uncalculated(frame, label, say):
        _stop_on_uncalculated(frame, label, headers, path=path, note=say, lang=lang, roles=roles)
        return frame

    steps.append((uncalculated, None))
    # each sheet or block first, and a stop names what they all hold (QA: a second block's red cells went uncounted)
    steps.append((lambda frame, label, say: _struck_as(  # before the red: a line voided is no return
        frame, label, _money_headers(frame, headers, data), struck_rows, path=path, note=say, lang=lang),
        "e_struck_rows"))
    steps.append((lambda frame, label, say: _red_as(
        frame, label, _money_headers(frame, headers, data), red_amounts, path=path, note=say, lang=lang,
        roles=roles, credits=headers.get("credit", ())), "e_red_amounts"))
    if headings:
        steps.append((lambda frame, label, say: _with_heading_customers(frame, label, headers, note=say, lang=lang,
                                                                        roles=roles)[0], None))
    down, money = _down_columns(data, headers)
    if path.suffix.lower() in EXCEL_SUFFIXES:  # 同上 written for the cell above (a hand-kept sheet's ditto)
        ditto = [h for key, names in headers.items() if key not in NO_DITTO_KEYS for h in names]
        steps.append((lambda frame, label, say: _ditto_filled(frame, label, ditto, money=money, roles=roles, note=say,
                                                              lang=lang, no_name=headers.get("customer_id", [])),
                      None))
    if down and path.suffix.lower() != ".parquet":  # (a CSV staged is filled as it is read: _DownFiller)
        steps.append((lambda frame, label, say: fill_down(frame, down, money=money, roles=roles), None))
    copies = data.sheet == ALL_SHEETS and len(tables) > 1  # filled first: a month's rows below its first are orders
    keys: list = []
    totals: list = []
    if copies:  # what copy_sheets compares of each sheet, taken while it is unpacked
        def compared(frame, label, say):
            keys.append(_copy_hashes(frame, label, columns, data))
            try:  # (wanted only of the sheets left after the copies: an error is raised when it is used)
                totals.append(_customer_cents(frame, columns, data))
            except Exception as exc:  # noqa: BLE001
                totals.append(exc)
            return frame

        steps.append((compared, None))
    tables = _each_table(tables, steps, note=note, path=path, pack=packed and len(tables) > 1)
    if copies:
        tables = _without_copies(tables, columns, data, note, lang, skipped, keys=keys, totals=totals)
    if not packed:
        tables = [(frame.unpacked() if isinstance(frame, _Packed) else frame, label) for frame, label in tables]
    return tables


def _each_table(tables: list, steps: list, *, note, path: Path, pack: bool) -> list:
    """``tables`` (frame or :class:`_Packed`, label) taken each through ``steps`` in turn (each ``(step, stop)``:
    ``step(frame, label, note)`` gives the frame), one table unpacked at a time and packed again after when ``pack``.
    What is said and what stops is as if each step were taken on every table before the next step: the notes of
    each step, every table's, then the next step's; the first step to fail stops, at the first table it fails on,
    or, for a step with a ``stop`` key, naming every table's :class:`_Unsettled` (:func:`_stop_unsettled`)."""
    said = [[[] for _ in tables] for _ in steps]
    at: int | None = None  # the first step failed so far, and its error (None: amounts unsettled only)
    hard: BaseException | None = None
    unsettled: list[_Unsettled] = []
    out = []
    for index, (frame, label) in enumerate(tables):
        tables[index] = None  # (the caller's list: each table let go as it is done)
        frame = frame.unpacked() if isinstance(frame, _Packed) else frame
        for k, (step, stop) in enumerate(steps):
            if at is not None and (k > at or (k == at and (stop is None or hard is not None))):
                break
            try:
                frame = step(frame, label, said[k][index].append)
            except Exception as exc:  # noqa: BLE001 - held, then raised in the order the steps would stop
                if at is None or k < at:
                    at, hard, unsettled = k, None, []
                if stop is not None and isinstance(exc, _Unsettled):
                    unsettled.append(exc)
                else:
                    hard = exc
                break
        if at is None:
            out.append((_Packed(frame) if pack else frame, label))
        del frame
        if pack:
            give_back_memory()
    for k in range(len(steps) if at is None else at + 1):
        for lines in said[k]:
            for line in lines:
                note(line)
    if at is None:
        return out
    if hard is not None:
        raise hard
    _stop_unsettled(unsettled, stop=steps[at][1], path=path)
    return out  # (never: _stop_unsettled raises)


def _with_sheet_name(frame: pd.DataFrame, label: str, *, path: Path, name: str, sheet) -> pd.DataFrame:
    """``frame`` with the column ``data.sheet_as`` maps its attribute to (:data:`~kit.params.SHEET_HEADER`): the
    name of the sheet it was read from (``book.xlsx [张三]``, a block ``book.xlsx [张三!G:K 2025年]``: 张三); a file
    that is no workbook has none (empty cells)."""
    from .params import SHEET_HEADER

    if label.startswith(f"{name} [") and label.endswith("]"):
        one: str | None = label[len(name) + 2:-1].split("!")[0]
    elif path.suffix.lower() not in EXCEL_SUFFIXES:
        one = None
    elif isinstance(sheet, str):
        one = sheet
    else:  # one sheet by its index
        sheets = list(workbook_contents(path))
        one = sheets[sheet] if isinstance(sheet, int) and 0 <= sheet < len(sheets) else None
    return frame.assign(**{SHEET_HEADER: pd.Series(one, index=frame.index, dtype="string")})


def _down_columns(data, headers: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The headers ``data.fill_down`` fills, and those of the money columns (a row of them alone is a subtotal)."""
    down = [h for key in getattr(data, "fill_down", []) for h in headers.get(key, [])]
    money = [h for key in MONEY_KEYS for h in headers.get(key, [])]
    return down, money


def _down_filler(params, cells: Path) -> _DownFiller:
    """The :class:`_DownFiller` of a CSV of the case, its cells written to ``cells``: the columns and line roles
    :func:`read_order_sheets` fills a table read whole with."""
    headers = params.columns.headers()
    down, money = _down_columns(params.data, headers)
    return _DownFiller(down, cells, money=money,
                       roles=LineRoles.of(headers, monthly=params.data.wide is not None,
                                          keep=params.cleaning.subtotals == "keep"))


def _heading_filler(params, path: Path, cells: Path, *, label: str) -> _HeadingFiller:
    """The :class:`_HeadingFiller` of a CSV of the case (``data.customer_headings``), its cells written to ``cells``:
    the column and line roles :func:`read_order_sheets` fills a table read whole with."""
    headers = params.columns.headers()
    column = _heading_column(path, headers["customer_id"][0], encoding=params.data.encoding,
                             header_row=params.data.header_row, expected=params.columns.expected(), source=label)
    return _HeadingFiller(headers["customer_id"][0], cells, column=column,
                          money=[h for key in MONEY_KEYS for h in headers.get(key, [])],
                          roles=LineRoles.of(headers, monthly=params.data.wide is not None,
                                             keep=params.cleaning.subtotals == "keep"))


def _said_headings(fill: _HeadingFiller, label: str, params, note) -> None:
    """What :func:`_with_heading_customers` says of a table read whole, of a CSV staged by ``fill``."""
    from .text import t

    lang = params.language
    if not fill.headings and fill.above:
        raise DataError(key="e_no_customer_headings", file=label, column=params.columns.headers()["customer_id"][0])
    if fill.headings:
        note(t("p_customer_headings", lang, file=label, rows=f"{fill.lines:,}", headings=f"{fill.headings:,}"))
        if fill.above:
            note(t("p_above_first_heading", lang, file=label, rows=f"{fill.above:,}"))


def _with_heading_customers(frame: pd.DataFrame, label: str, headers: dict[str, list[str]], *, note, lang: str,
                            roles: LineRoles) -> tuple[pd.DataFrame, str]:
    """A table of :func:`read_order_sheets` given the customer of its heading rows (``data.customer_headings``:
    :func:`fill_from_headings`), said in a note; a table with no heading row stops."""
    from .text import t

    money = [h for key in MONEY_KEYS for h in headers.get(key, [])]
    out, count, above = fill_from_headings(frame, headers["customer_id"][0], source=label, money=money, roles=roles)
    if not count and above:  # (a sheet of no order line, a month to come holding its header and 合计 0, is none:
        # it stopped the run of the months before)
        raise DataError(key="e_no_customer_headings", file=label, column=headers["customer_id"][0])
    if not count:
        return out, label
    lines = sum(1 for one in out.attrs[MERGED] if one[3] == "heading") - sum(
        1 for one in frame.attrs.get(MERGED, ()) if one[3] == "heading")
    note(t("p_customer_headings", lang, file=label, rows=f"{lines:,}", headings=f"{count:,}"))
    if above:
        note(t("p_above_first_heading", lang, file=label, rows=f"{above:,}"))
    return out, label


def _stop_on_uncalculated(frame: pd.DataFrame, label: str, headers: dict[str, list[str]], *, path: Path, note,
                          lang: str, roles: LineRoles | None = None) -> None:
    """Stop when a mapped column of ``frame`` holds formulas never calculated (:data:`UNCALCULATED`): every value
    would read 0 or empty. An amount column whose formula is the product of the quantity's and the unit price's
    cells, every formula of it (:func:`_row_products`), is only noted: its lines' amounts are that product (a blank
    amount's fallback in :func:`kit.clean_sql.clean_relation`); one whose formulas are partly something else
    (=D3*E3*(1-F3) below =D2*E2) stops naming the first such cell."""
    from .text import t

    sheet, stale, texts, letters, cells = frame.attrs.get(UNCALCULATED, ("", (), {}, {}, {}))
    stale = {normalise_header(c) for c in stale}
    if not stale:
        return
    def held(key: str) -> list[str]:
        return [c for c in frame.columns if c != SOURCE_ROW and normalise_header(c) in
                {normalise_header(h) for h in headers.get(key, [])}]

    priced = [held(key) for key in ("quantity", "unit_price")]
    product = _product_of(letters, priced, stale)
    for key in headers:
        for column in held(key):
            if normalise_header(column) not in stale:
                continue
            kinds = texts.get(column, {})  # what its formulas multiply (_row_products), the first row of each
            if key != "amount" or product is None:
                raise DataError(key="e_uncalculated", file=path.name, sheet=sheet, column=column)
            listed = cells.get(column, {})
            unlisted = [kind for kind in kinds if kind not in listed]  # the most frequent kind's rows are not listed
            other = np.array(sorted(r for kind, found in listed.items() if kind != product for r in found),
                             dtype=np.int64)
            if unlisted != [product]:
                other = np.concatenate([other, np.array([kinds[k] for k in unlisted if k != product], dtype=np.int64)])
            if len(other) and roles is not None:  # a 合计 line's =SUM(): set aside as a total whatever it sums
                # (QA hand: a program's =C2*D2 lines under a =SUM() 合计 line, stopped on the total's formula)
                at = pd.Index(frame[SOURCE_ROW]).get_indexer(other)
                money = {normalise_header(h) for k in ("amount", "credit") for h in headers.get(k, [])}
                other = other[at < 0] if not (at >= 0).any() else np.concatenate(
                    [other[at < 0], other[at >= 0][~_total_lines(frame, at[at >= 0], money, roles)]])
            if len(other):  # one formula of something else is enough: its line's amount is unknown
                row = int(other.min())
                raise DataError(key="e_uncalculated_priced", file=path.name, sheet=sheet, column=column,
                                cell=f"{letters.get(column, '')}{row}", quantity=priced[0][0], price=priced[1][0])
            note(t("p_formulas_priced", lang, file=label, column=column, quantity=priced[0][0], price=priced[1][0]))


def _product_of(letters: dict[str, str], priced: list[list[str]], stale: set[str]) -> str | None:
    """Quantity × unit price as :func:`_row_products` writes it (``D*E``), from the columns ``priced`` (those of the
    quantity, those of the unit price) and their ``letters``; None unless both are on the sheet and their formulas,
    if any, were calculated (``stale`` holds the columns whose were not)."""
    if not all(found and normalise_header(found[0]) not in stale and found[0] in letters for found in priced):
        return None
    return "*".join(sorted(letters[found[0]] for found in priced))


def _money_headers(frame: pd.DataFrame, headers: dict[str, list[str]], data) -> list[str]:
    """The columns of ``frame`` holding its amounts: the amount's, or with ``data.wide`` its month columns (review:
    red month cells of a ledger by month were counted as sales)."""
    if getattr(data, "wide", None) is None:  # a debit/credit pair's credit too: a red credit is a credit reversed
        return [*headers.get("amount", []), *headers.get("credit", [])]
    from .wide import month_headers

    return month_headers([c for c in frame.columns if c != SOURCE_ROW])


def _font_amounts(frame: pd.DataFrame, mark: str, headers: Sequence[str]) -> pd.DataFrame:
    """The cells of ``frame`` in the columns ``headers`` that :data:`RED` or :data:`STRUCK` (``mark``) lists: one row
    each, ``at`` (its row's position in ``frame``), ``column``, ``ref`` (C7), ``value`` (the amount as cleaning reads
    it: 1,000 or ¥1,000 typed as text too, review; NaN for none) and ``filled`` (the cell is not empty)."""
    cells = frame.attrs.get(mark)
    wanted = {normalise_header(h) for h in headers}
    out = []
    for column, name in enumerate(cells.names if cells is not None else ()):
        if name not in frame.columns or normalise_header(name) not in wanted:
            continue
        rows = cells.rows[cells.columns == column]
        at = pd.Index(frame[SOURCE_ROW]).get_indexer(rows)
        rows, at = rows[at >= 0], at[at >= 0]
        written = frame[name].iloc[at]
        value = pd.to_numeric(written, errors="coerce")
        text = (value.isna() & written.notna()).to_numpy(dtype=bool)
        if text.any():
            from .clean import parse_amount

            value[text] = parse_amount(written[text].astype(str)).to_numpy(dtype=float)
        filled = written.notna().to_numpy(dtype=bool) & written.astype("string").str.strip().ne("").fillna(
            False).to_numpy(dtype=bool)
        out.append(pd.DataFrame({"at": at, "column": name,
                                 "ref": _column_letters(column + 1) + pd.Series(rows, dtype=str),
                                 "value": value.to_numpy(dtype=float), "filled": filled}))
    found = (pd.concat(out, ignore_index=True) if out
             else pd.DataFrame(columns=["at", "column", "ref", "value", "filled"]))
    return found.astype({"at": "int64", "value": float, "filled": bool})


def red_amounts(frame: pd.DataFrame, headers: Sequence[str], roles: LineRoles | None = None) -> pd.DataFrame:
    """The positive amounts of ``frame`` written in red font (:data:`RED`) in the columns ``headers``: one row each,
    ``at`` (its row's position in ``frame``), ``column``, ``ref`` (C7) and ``value`` (the number). A red amount
    below zero is written as a return already; a red header, customer or text cell is no amount, nor is a total
    line's (:func:`_total_lines`, told as ``roles`` tells cleaning)."""
    found = _font_amounts(frame, RED, headers).drop(columns="filled")
    found = found.loc[found["value"] > 0]
    found = found.loc[~_total_lines(frame, found["at"].to_numpy(dtype=int), {normalise_header(h) for h in headers},
                                    roles or LineRoles())]
    return found.sort_values("at", kind="stable").reset_index(drop=True)


def _total_lines(frame: pd.DataFrame, at: np.ndarray, money: set[str], roles: LineRoles) -> np.ndarray:
    """Which of the rows ``at`` of ``frame`` are total lines, as cleaning sets them aside: a cell reads a total label
    (合计, 小计, Total …) as ``roles`` tells (:meth:`LineRoles.totals`: ``两单合计`` in 备注 beside a date and a
    product is a note on an order, review), or the row holds nothing but its amounts (a red =SUM() line: no return;
    review)."""
    from .clean_sql import BARE_TOTAL, ID_TOTAL_LABEL, NO_ID_TOTAL, TOTAL_BESIDE_ID
    from .textops import arrow_text, fullmatch

    if not len(at):
        return np.zeros(0, dtype=bool)
    rows = np.unique(at)  # a row of several red cells (months of a ledger by month) is tested once (review: a crash)
    others = [c for c in frame.columns if c != SOURCE_ROW and normalise_header(c) not in money]
    cells = frame.iloc[rows][others].astype("string").apply(lambda column: column.str.strip()).replace("", pd.NA)
    cells.index = pd.RangeIndex(len(rows))
    labelled = roles.totals(cells, NO_ID_TOTAL)
    ids = [c for c in others if normalise_header(c) in roles.ids]
    if ids:  # a line naming its customer is a subtotal only by a label beside the ID, as cleaning reads it (review:
        # a red return of "Colgate Total 120g", or of the customer "Total Wine Co", was taken for a total line's)
        id_cells = cells[ids].bfill(axis=1).iloc[:, 0]
        named = id_cells.notna().to_numpy() & ~fullmatch(arrow_text(id_cells.fillna("")), ID_TOTAL_LABEL)
        beside = roles.totals(cells.drop(columns=ids), f"{TOTAL_BESIDE_ID}|{BARE_TOTAL}")
        labelled = np.where(named, beside, labelled)
    total = labelled | cells.isna().all(axis=1).to_numpy(dtype=bool)
    return total[np.searchsorted(rows, at)]


class _Unsettled(Exception):  # not an error: read_order_sheets turns every one into a DataError
    """Amounts in red or struck-through font the params say nothing of, on ``sheet`` (:func:`_settled`)."""

    def __init__(self, found: pd.DataFrame, sheet: str):
        super().__init__(sheet)
        self.found, self.sheet = found, sheet


def _stop_unsettled(unsettled: list[_Unsettled], *, stop: str, path: Path) -> None:
    """Stop naming the amounts the params say nothing of (:func:`_red_as`, :func:`_struck_as`) that some tables hold
    (``unsettled``), every sheet's and block's, not the first one's (``stop``: the message's key)."""
    sheets = list(dict.fromkeys(exc.sheet for exc in unsettled))
    # a cell of another sheet is named with its sheet (二月!C3); the blocks of one sheet have their own columns
    found = pd.concat([exc.found.assign(ref=exc.found["ref"] if len(sheets) == 1 else f"{exc.sheet}!" + exc.found["ref"],
                                        _letters=exc.found["ref"].str.extract(r"^([A-Z]+)", expand=False))
                       for exc in unsettled], ignore_index=True)
    cells = ", ".join(found["ref"].head(5)) + (" ..." if len(found) > 5 else "")
    # each column named (Debit / Credit: a red debit is a return, a red credit a credit reversed)
    columns = found.assign(_at=found["_letters"].map(lambda c: (len(c), c))).sort_values("_at", kind="stable")
    raise DataError(key=stop, file=path.name, sheet=", ".join(sheets), sheets=len(sheets), n=f"{len(found):,}",
                    total=f"{found['value'].sum():,.2f}", column=" / ".join(dict.fromkeys(columns["column"].astype(str))),
                    cells=cells)


def _settled(found: pd.DataFrame, how: str | None, *, keep: str, said: str, sheet: str, label: str, note,
             lang: str) -> bool:
    """Whether the amounts ``found`` in red or struck-through font (:func:`red_amounts`, :func:`struck_lines`) are
    to be changed as ``how`` (the params setting) says: none found, or ``how`` is ``keep`` (counted as written,
    ``said`` in the terminal), no; unset, :class:`_Unsettled` (the run stops, naming them: :func:`_stop_unsettled`)."""
    from .text import t

    if found.empty:
        return False
    n, total = f"{len(found):,}", f"{found['value'].sum():,.2f}"
    if how is None:
        raise _Unsettled(found, sheet)
    if how == keep:
        note(t(said, lang, file=label, n=n, total=total))
        return False
    return True


def _marked_lines(out: pd.DataFrame, frame: pd.DataFrame, found: pd.DataFrame, how: str) -> pd.DataFrame:
    """``out`` with the lines ``found`` listed in :data:`MERGED` as ``how`` (``red``, ``struck``), beside ``frame``'s
    own entries, for the ledger, the fixes and the cleaning's reasons."""
    rows = out[SOURCE_ROW].iloc[found["at"].to_numpy()].astype(int).tolist()
    out.attrs[MERGED] = MergedCells([*frame.attrs.get(MERGED, ()),
                                     *zip(rows, found["column"].tolist(), rows, [how] * len(rows))])
    return out


def _red_as(frame: pd.DataFrame, label: str, headers: Sequence[str], how: str | None, *, path: Path, note,
            lang: str, roles: LineRoles | None = None, credits: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with its positive amounts in red font (:func:`red_amounts`; in the amount's columns ``headers``) as
    ``cleaning.red_amounts`` (``how``) says: ``returns`` counts each as its negative (a hand-kept ledger's 红字: a
    return, a credit note, a cancellation), listed in :data:`MERGED` with ``how`` ``red`` for the ledger and the
    fixes; ``sales`` as written (red only highlights them). Unset, the run stops, naming them: counted as written,
    they would overstate revenue without a word. A red amount in a credit column of ``credits`` (a debit/credit
    pair's) is negated alike: a credit reversed, so debit − credit adds it back."""
    from .text import t

    red = red_amounts(frame, headers, roles)
    # struck through as well (cleaning.struck_rows: void): voided, not a return; the cell, not its row, as a ledger by
    # month's row holds a line per month (review: a red month beside a struck one counted as a sale)
    voided = {(one[0], one[1]) for one in frame.attrs.get(MERGED, ()) if one[3] == "struck"}
    if voided and not red.empty:
        cells = zip(frame[SOURCE_ROW].iloc[red["at"].to_numpy()].tolist(), red["column"].tolist())
        red = red.loc[[cell not in voided for cell in cells]].reset_index(drop=True)
    if not _settled(red, how, keep="sales", said="p_red_sales",
                    sheet=frame.attrs[RED].sheet if RED in frame.attrs else "", label=label, note=note, lang=lang):
        return frame
    out = frame.copy()
    for column, part in red.groupby("column", sort=False):
        at = part["at"].to_numpy()
        written = out[column].iloc[at]
        turned = written.to_numpy(dtype=object).copy()
        numbers = pd.api.types.infer_dtype(written, skipna=True) in ("integer", "floating", "mixed-integer-float")
        # 1200 typed as text stays text, -1200; 30 a whole number, -30
        text = np.zeros(len(at), dtype=bool) if numbers else written.str.len().notna().to_numpy(dtype=bool)
        turned[~text] = -turned[~text]
        turned[text] = ("-" + written[text].str.strip().str.lstrip("+")).to_numpy(dtype=object)
        out[column] = out[column].astype(object)
        out.iloc[at, out.columns.get_loc(column)] = turned
    credit = red["column"].map(normalise_header).isin({normalise_header(h) for h in credits}).to_numpy(dtype=bool)
    if (~credit).any():
        note(t("p_red_returns", lang, file=label, n=f"{int((~credit).sum()):,}",
               total=f"{red.loc[~credit, 'value'].sum():,.2f}"))
    if credit.any():
        note(t("p_red_credits", lang, file=label, n=f"{int(credit.sum()):,}",
               total=f"{red.loc[credit, 'value'].sum():,.2f}"))
    return _marked_lines(out, frame, red, "red")


def struck_lines(frame: pd.DataFrame, headers: Sequence[str]) -> pd.DataFrame:
    """The lines of ``frame`` whose amount (in the columns ``headers``) is written in a struck-through font
    (:data:`STRUCK`): one row each, ``at`` (its position in ``frame``), ``column``, ``ref`` (C7) and ``value`` (the
    number; NaN for text that is none). An empty amount cell struck through is no line's amount; a struck header,
    customer or note is none either: a line is struck when its amount is (a line of two amounts struck, once)."""
    found = _font_amounts(frame, STRUCK, headers)
    found = found.loc[found["filled"]].drop(columns="filled")
    return found.sort_values("at", kind="stable").drop_duplicates("at").reset_index(drop=True)


def _struck_as(frame: pd.DataFrame, label: str, headers: Sequence[str], how: str | None, *, path: Path, note,
               lang: str) -> pd.DataFrame:
    """``frame`` with its lines whose amount is struck through (:func:`struck_lines`; the amount's columns
    ``headers``) as ``cleaning.struck_rows`` (``how``) says: ``void`` lists them in :data:`MERGED` with ``how``
    ``struck``, and :func:`kit.clean_sql.clean_relation` sets them aside (reason ``struck``: a hand-kept ledger's
    作废 line, kept visible); ``count`` counts them as written. Unset, the run stops, naming them: counted, a voided
    line would overstate revenue without a word."""
    from .text import t

    struck = struck_lines(frame, headers)
    if not _settled(struck, how, keep="count", said="p_struck_count",
                    sheet=frame.attrs[STRUCK].sheet if STRUCK in frame.attrs else "", label=label, note=note,
                    lang=lang):
        return frame
    note(t("p_struck_void", lang, file=label, n=f"{len(struck):,}", total=f"{struck['value'].sum():,.2f}"))
    return _marked_lines(frame.copy(), frame, struck, "struck")


@dataclass(frozen=True)
class LineRoles:
    """What the mapped columns of an order sheet hold, to tell a subtotal line from an order line whose note only
    reads like one: ``两单合计`` (two orders together) in 备注 beside a date and a product is an order.

    Headers are compared normalised (:func:`normalise_header`). With no columns known, every cell's label counts.
    The SQL of :func:`kit.clean_sql._labels_sql` decides the same way.
    """

    mapped: frozenset[str] = frozenset()  # every mapped column
    dates: frozenset[str] = frozenset()  # the order date
    details: frozenset[str] = frozenset()  # what only an order line has (:data:`kit.clean_sql.ORDER_DETAILS`)
    monthly: bool = False  # a ledger of month columns (data.wide): each line's month is its date
    ids: frozenset[str] = frozenset()  # the customer ID's column, whose label (合计) always marks a total
    keep: bool = False  # cleaning.subtotals: keep: only a label alone (小计) marks a subtotal line

    @classmethod
    def of(cls, headers: dict[str, str | Sequence[str]], *, monthly: bool = False, keep: bool = False) -> LineRoles:
        """From canonical name -> header or headers (:meth:`kit.params.Columns.headers`, or a drafted mapping)."""
        from .clean_sql import ORDER_DETAILS

        names = {k: {normalise_header(h) for h in ([v] if isinstance(v, str) else v)} for k, v in headers.items() if v}
        return cls(mapped=frozenset().union(*names.values()), dates=frozenset(names.get("order_date", ())),
                   details=frozenset().union(*(names.get(k, set()) for k in ORDER_DETAILS)), monthly=monthly,
                   ids=frozenset(names.get("customer_id", ())), keep=keep)

    def totals(self, cells: pd.DataFrame, pattern: str) -> np.ndarray:
        """Rows of ``cells`` (text, trimmed; missing as NA) that are subtotal or total lines: a cell reading as
        ``pattern`` (a total label) in a mapped column (a customer, product or date cell reading 小计 is none), or
        in another column (备注) on a row that is no order line, or that is a label alone in a column of the items
        (小计, 合计: :data:`kit.clean_sql.SOLE_LABEL`; Kingdee's 小计 under a document, in 物料名称). An order line has an order
        date and a product or order number, none of them a label; a sheet mapping neither cannot tell a line noted
        两单合计 from a subtotal dated at the month's end, and the note decides. With ``keep``, only a label alone
        or a period's total (:data:`kit.clean_sql.PERIOD_TOTAL`: 本月合计) on a row that is no order line counts,
        or on any row one in a mapped column or alone in a column of the items (小计 in 物料名称), or any label in
        the ID column.
        :func:`kit.clean_sql._labels_sql` decides the same way."""
        from .clean_sql import ITEM_HEADER, PERIOD_TOTAL, SOLE_LABEL
        from .textops import arrow_text, fullmatch

        columns = list(cells.columns)
        if not columns:
            return np.zeros(len(cells), dtype=bool)
        texts = [arrow_text(cells[c].fillna("")) for c in columns]
        present = cells.notna().to_numpy()
        labels = np.column_stack([fullmatch(text, pattern) for text in texts]) & present
        if not self.mapped:
            return labels.any(axis=1)
        names = [normalise_header(c) for c in columns]
        mapped = np.array([n in self.mapped for n in names])
        usable = present & ~labels & (cells.fillna("").astype(str).to_numpy() != "")
        dated = True if self.monthly else usable[:, [n in self.dates for n in names]].any(axis=1)
        ordered = dated & usable[:, [n in self.details for n in names]].any(axis=1)
        sole = np.column_stack([fullmatch(text, SOLE_LABEL) for text in texts]) & present
        alone = ~mapped & np.array([bool(ITEM_HEADER.search(str(c))) for c in columns])  # 物料名称, not 备注
        if self.keep:  # a label alone, or a period's total (本月合计: never an order), as the SQL decides
            ids = np.array([n in self.ids for n in names])
            period = np.column_stack([fullmatch(text, PERIOD_TOTAL) for text in texts]) & present
            return (labels[:, ids].any(axis=1) | (period.any(axis=1) & ~ordered) | sole[:, alone].any(axis=1)
                    | (period & labels)[:, mapped].any(axis=1))  # 小计 in 物料名称, the product, beside a document number
        return labels[:, mapped].any(axis=1) | (labels[:, ~mapped].any(axis=1) & (~ordered | sole[:, alone].any(axis=1)))


def fill_down(frame: pd.DataFrame, names: Sequence[str], *, money: Sequence[str] = (),
              roles: LineRoles = LineRoles()) -> pd.DataFrame:
    """``frame`` with the empty cells of the columns ``names`` (those it has) given the value above them in their
    block (``data.fill_down``): a hand-kept sheet writes a customer on the first row of its orders only.

    A block ends at an empty row, at a subtotal or total line (小计, 合计, Total ..., told by ``roles``, or only
    the ``money`` cells filled: an unlabelled =SUM()), at the header row repeated and at a customer's heading row
    (``data.customer_headings``: the heading rows :data:`MERGED` names); their cells are neither carried nor
    filled. The cells filled join :data:`MERGED` with ``how`` ``down``.
    """
    present = [c for c in dict.fromkeys(names) if c in frame.columns]
    if not present:
        return frame
    out, cells, _ = _fill_down_part(frame, present, money=money, roles=roles, ends=heading_rows(frame))
    out.attrs[MERGED] = MergedCells([*frame.attrs.get(MERGED, ()),
                                     *zip(cells["r"].tolist(), cells["header"].tolist(), cells["top"].tolist(),
                                          cells["how"].tolist())])
    return out


def heading_rows(frame: pd.DataFrame) -> np.ndarray | None:
    """Which rows of ``frame`` are the heading rows of ``data.customer_headings`` (:data:`HEADING_ROWS`, as
    :func:`fill_from_headings` found them), None when it has none: a heading starts another customer, so a
    date or order number is not filled down across it (review: the first line of 乙公司 took 甲公司's date; a heading
    in the filled column was carried down as the date)."""
    tops = set(frame.attrs.get(HEADING_ROWS, ()))
    if not tops or SOURCE_ROW not in frame.columns:
        return None
    return frame[SOURCE_ROW].isin(tops).to_numpy(dtype=bool)


#: The columns of money (and of the quantity a price multiplies) whose 同上 is not taken from the line above: a
#: refund, discount or payment "as above" is a guess at money (a second refund of the same amount?), so the cell
#: stays as written and the line is set aside as unreadable there, as an amount of 同上 is.
NO_DITTO_KEYS = (*MONEY_KEYS, "refund", "discount", "discount_rate", "payment")

#: A cell written for "the same as the cell above" in a hand-kept sheet (同上, 同前, 〃, ditto).
DITTO = r"同上行?|同前|〃|ditto|do\."


def _ditto_filled(frame: pd.DataFrame, label: str, names: Sequence[str], *, money: Sequence[str], roles: LineRoles,
                  note, lang: str, no_name: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with the cells of the columns ``names`` that read as a ditto mark (:data:`DITTO`: 同上 in a date,
    customer, order or product cell: any column not of money, the clerk's "as above") given the value above them in their block, as :func:`fill_down` fills an
    empty cell, and counted as cells filled down (QA hand: 16 dates of 同上 set aside as unreadable, and the run
    stopped over max_set_aside_share). A ditto with nothing above it in its block stays as written, but in a column
    of ``no_name`` (the customer's) it is emptied: 同上 names no customer, and the line is set aside without one
    (review: it was graded as a customer named 同上)."""
    from .text import t

    present = [c for c in dict.fromkeys(names) if c in frame.columns]
    marks = {c: frame[c].astype("string").str.strip().str.fullmatch(DITTO, case=False).fillna(False).astype(bool)
             for c in present}
    marks = {c: m for c, m in marks.items() if m.any()}
    if not marks:
        return frame
    out = frame.copy()
    taken = []
    for column, mark in marks.items():  # a column at a time: a line whose every other cell is 同上 is no sum line
        blanked = frame.copy()
        blanked[column] = blanked[column].astype(object).where(~mark, None)
        filled, cells, _ = _fill_down_part(blanked, [column], money=money, roles=roles, ends=heading_rows(frame))
        got = mark & filled[column].notna()
        out[column] = out[column].astype(object)
        out.loc[got, column] = filled.loc[got, column]
        if column in no_name:
            out.loc[mark & ~got, column] = None
        rows = set(out.loc[got, SOURCE_ROW].astype("int64"))
        taken.append(cells.loc[(cells["header"] == column) & cells["r"].isin(rows)])
        if got.any():
            note(t("p_ditto", lang, file=label, column=column, n=int(got.sum()), mark=str(
                frame.loc[got, column].astype("string").str.strip().iloc[0])))
    found = pd.concat(taken, ignore_index=True)
    out.attrs[MERGED] = MergedCells([*frame.attrs.get(MERGED, ()),
                                     *zip(found["r"].tolist(), found["header"].tolist(), found["top"].tolist(),
                                          found["how"].tolist())])
    return out


def _fill_down_part(frame: pd.DataFrame, present: Sequence[str], *, money: Sequence[str], roles: LineRoles,
                    carry: dict | None = None, ends: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """:func:`fill_down` of the columns ``present`` of ``frame``, a table or the next part of one read in parts
    (:class:`_DownFiller`): ``carry`` is what the part above left open, a column's value and the row it was
    written on (``{column: (value, row)}``), for the rows above this part's first block end; ``ends`` marks more
    rows that end a block (the heading rows of ``data.customer_headings``). Returns the table filled, the cells
    filled (``r``, ``header``, ``top``, ``how``: column by column, each by row) and what this part leaves open to
    the next."""
    from .clean_sql import ID_TOTAL_LABEL

    carry = carry or {}
    cells = [c for c in frame.columns if c != SOURCE_ROW]
    text = frame[cells].astype("string").apply(lambda col: col.str.strip())
    blank = text.isna() | text.eq("")
    label = pd.Series(roles.totals(text, ID_TOTAL_LABEL), index=frame.index)
    money = {normalise_header(h) for h in money}
    rest = [c for c in cells if normalise_header(c) not in money]
    blank = blank.astype(bool)
    sums = blank[rest].all(axis=1).to_numpy() if rest and len(rest) < len(cells) else np.zeros(len(frame), bool)
    header_again = np.column_stack([text[c].eq(str(c).strip()).fillna(False).to_numpy(dtype=bool)
                                    for c in present]).any(axis=1)
    end = label.to_numpy(dtype=bool) | blank.all(axis=1).to_numpy() | sums | header_again
    if ends is not None:
        end = end | ends
    block = pd.Series(end.cumsum(), index=frame.index)
    first = (block == 0).to_numpy()  # the rows of the block the part above left open
    end = pd.Series(end, index=frame.index)
    out = frame.copy()
    filled, left = [], {}
    for column in present:
        source = ~blank[column] & ~end
        carried = out[column].where(source).groupby(block).ffill()
        top = out[SOURCE_ROW].where(source).groupby(block).ffill()
        if column in carry:  # above the part's first source row of the column: the value carried in
            above = first & carried.isna().to_numpy()
            carried = carried.astype(object)
            carried[above] = carry[column][0]
            top[above] = carry[column][1]
        if len(frame) and pd.notna(carried.iloc[-1]):
            left[column] = (carried.iloc[-1], int(top.iloc[-1]))
        elif not len(frame) and column in carry:
            left[column] = carry[column]
        fill = blank[column] & ~end & carried.notna()
        if not fill.any():
            continue
        out[column] = out[column].astype(object)
        out.loc[fill, column] = carried[fill].astype(object)
        filled.append(pd.DataFrame({"r": out.loc[fill, SOURCE_ROW].astype("int64").to_numpy(), "header": column,
                                    "top": top[fill].astype("int64").to_numpy(), "how": "down"}))
    found = (pd.concat(filled, ignore_index=True) if filled
             else pd.DataFrame({"r": pd.Series(dtype="int64"), "header": pd.Series(dtype=object),
                                "top": pd.Series(dtype="int64"), "how": pd.Series(dtype=object)}))
    return out, found, left


def _order_sheets(path: Path, data, columns, options: dict, *, note, name: str, supplied, lang: str):
    """The order tables of :func:`read_order_sheets`, as read."""
    from .text import SHEET_REASONS_ZH, t

    sheet = data.sheet
    several = isinstance(sheet, list) or sheet == ALL_SHEETS
    if path.suffix.lower() not in EXCEL_SUFFIXES or not several:
        return _side_blocks(read_table(path, sheet=sheet, **options), name, note=note, lang=lang,
                            synonyms=options.get("synonyms", ()))
    contents = workbook_contents(path)
    sheets = {one: visible for one, (visible, kind) in contents.items() if kind is None}
    names = list(sheets)
    if sheet == ALL_SHEETS and ALL_SHEETS in names:  # a sheet really named "all"
        return _side_blocks(read_table(path, sheet=ALL_SHEETS, **options), name, note=note, lang=lang,
                            synonyms=options.get("synonyms", ()))
    everything = not isinstance(sheet, list)
    if everything:  # a chart sheet has no cells; hidden sheets are kept out of sight for a reason (backups, workings)
        for one, (_, kind) in contents.items():
            if kind is not None:
                note(t("p_other_sheet", lang, file=f"{name} [{one}]", kind=kind[lang]))
        hidden = [one for one, visible in sheets.items() if not visible]
        for one in hidden:
            note(t("p_hidden_sheet", lang, file=f"{name} [{one}]"))
        wanted = [one for one in names if one not in hidden]
    else:  # as listed, each once
        wanted = list(dict.fromkeys(names[one] if isinstance(one, int) and 0 <= one < len(names) else one
                                    for one in sheet))
    out = []
    closest: tuple[int, list, str] | None = None  # the sheet holding most key columns: named if none holds them all
    for one in wanted:
        label = f"{name} [{one}]"
        try:
            frame = read_table(path, sheet=one, **options)
            give_back_memory()  # what reading the sheet took, before the next is read
        except EmptySheet as exc:
            if everything:
                reason = SHEET_REASONS_ZH.get(exc.reason, exc.reason) if lang == "zh" else exc.reason
                note(t("p_empty_sheet", lang, file=label, reason=reason))
                continue
            raise
        wide = {"month", "amount"} if data.wide is not None and _has_months(frame) else set()
        held = _key_columns_held(frame, columns, supplied | wide) if everything else set()
        if everything and (closest is None or len(held) > closest[0]):
            closest = (len(held), list(frame.columns), label)
        if everything and len(held) < len(_key_names(columns)):
            if "order_date" in held and len(held) > 1 and _renamed(frame, columns, held):
                # a sheet of orders whose other key header is written differently (金额（元） for 金额)
                try:
                    match_headers(list(frame.columns), columns, source=label)
                except DataError as exc:
                    raise DataError(key="e_sheet_renamed", error={lang: exc.told(lang) for lang in ("en", "zh")}
                                    ) from None
            missing = [" or ".join(names) for k, names in _key_names(columns).items() if k not in held]
            note(t("p_no_header", lang, file=label, missing=", ".join(missing)))
            continue
        # each sheet held packed while the next is read: its cells as a pickle (a third of their size in memory, the
        # same values), so that three sheets of a million rows need not all sit unpacked beside the next one's read
        out.extend((_Packed(part), label) for part, label in
                   _side_blocks(frame, label, note=note, lang=lang, synonyms=options.get("synonyms", ())))
        del frame
        give_back_memory()
    if len(out) == 1:  # (several sheets stay packed: read_order_sheets takes them through its steps one at a time)
        out = [(part.unpacked() if isinstance(part, _Packed) else part, label) for part, label in out]
    if everything and len(out) > 1:  # 汇总 beside 华东, 华北, 华南: it sums them (QA: revenue twice)
        summaries = [label for _, label in out if SUMMARY_SHEET.search(label[len(name) + 2:-1])]
        if summaries and len(summaries) < len(out):
            for label in summaries:
                note(t("p_summary_sheet", lang, file=label))
            out = [(frame, label) for frame, label in out if label not in summaries]
    placeholder = any(n.strip() == PLACEHOLDER for names in _key_names(columns).values() for n in names)
    if not out and placeholder and closest is not None:  # a '?' left by kit init: said as such, with headers
        match_headers(closest[1], columns, source=closest[2])
    if not out:
        raise DataError(key="e_no_sheet_header", file=path.name,
                        headers={lang: ", ".join(said_either(names)[lang] for names in _key_names(columns).values())
                                 for lang in ("en", "zh")},
                        sheets=", ".join(map(str, names)))
    return out


class _Packed:
    """A table read, held as a pickle of itself until :meth:`unpacked` (values, types and ``attrs`` as they were)."""

    def __init__(self, frame: pd.DataFrame):
        import pickle

        self._data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
        self._rows = len(frame)

    def __len__(self) -> int:
        return self._rows

    def unpacked(self) -> pd.DataFrame:
        import pickle

        data, self._data = self._data, b""
        return pickle.loads(data)  # our own pickle, made above in this process

    def peek(self) -> pd.DataFrame:
        """The table, left packed too (a look at a sheet :func:`copy_sheets` weighs)."""
        import pickle

        return pickle.loads(self._data)  # our own pickle, made above in this process


def _unpacked(frame) -> pd.DataFrame:
    """A table of :func:`read_order_sheets` as a frame, whether it is held packed (:class:`_Packed`, left so) or not."""
    return frame.peek() if isinstance(frame, _Packed) else frame


def _side_blocks(frame: pd.DataFrame, label: str, *, note, lang: str, synonyms: Sequence[Sequence[str]] = ()
                 ) -> list[tuple[pd.DataFrame, str]]:
    """A sheet's table as read, or, for one cut into blocks side by side (:data:`BLOCKS`), each block as a table of
    its own, labelled by its sheet and columns (``book.xlsx [销售台账!A:E 2024年]``), with a note saying so: naming
    the headers of each block that ``synonyms`` (the lists of ``data.columns``) give as one column's."""
    from .text import t

    blocks = frame.attrs.get(BLOCKS)
    if not blocks:
        return [(frame, label)]
    sheet = blocks.sheet
    book = label.removesuffix(f" [{sheet}]")
    out = [(part, f"{book} [{sheet}!{where}]") for where, part in blocks]
    listed = {normalise_header(name) for names in synonyms for name in names}
    own = [[c for c in part.columns if c != SOURCE_ROW and normalise_header(c) in listed] for _, part in blocks]
    shared = set.intersection(*(set(names) for names in own))
    if all(set(names) <= shared for names in own):
        note(t("p_side_blocks", lang, file=label, n=len(out), blocks=", ".join(where for where, _ in blocks),
               headers=", ".join(c for c in frame.columns if c != SOURCE_ROW)))
        return out
    # under headers of one data.columns list each (日期 | 销售日期: QA c17): which block names what
    named = [f"{where.split(' ')[0]} {' / '.join(c for c in names if c not in shared)}"
             for (where, _), names in zip(blocks, own)]
    note(t("p_side_blocks_named", lang, file=label, n=len(out), blocks=", ".join(where for where, _ in blocks),
           named="; ".join(named)))
    for (where, part), held in zip(blocks, own):  # 销售日期 and a 日期 of shipping in one block: the first listed read
        for names_of in synonyms:
            listed_here = [n for n in names_of if normalise_header(n) in {normalise_header(c) for c in held}]
            if len(listed_here) > 1:
                note(t("p_side_block_both_names", lang, file=f"{book} [{sheet}!{where}]", taken=listed_here[0],
                       other=", ".join(listed_here[1:])))
    return out


#: A sheet named as a summary of the others (汇总, 合计, Summary, Pivot): ``sheet: all`` leaves it out when other
#: sheets hold orders too, though it has the key columns (each customer's month: 客户编码, 月份, 金额).
SUMMARY_SHEET = re.compile(r"汇总|彙總|匯總|合计|合計|总计|總計|总表|總表|统计|統計|透视|透視|summary|totals?|pivot|overview",
                           re.IGNORECASE)

#: Share of a sheet's order rows found in the other sheets above which the sheet is a copy of them.
COPY_SHARE = 0.9


@dataclass
class SkippedSheet:
    """A sheet ``sheet: all`` read and skipped as a copy of others (:func:`copy_sheets`): its ledger label, rows
    as read, amount in cents as the cleaning reads it (unreadable as 0, as the ledger counts them) and the sheets
    it repeats. Its rows are in the ledger as read and dropped (``copy_sheet``), so rows read still add up to what
    ``kit init`` read (QA c97: 2,157 said, 2,000 in the ledger)."""

    label: str
    rows: int
    cents: int
    copy_of: list[str]
    after: str | None = None  # the label of the sheet before it in the workbook (None: it is the first sheet)


def copy_sheets(tables: list[tuple[pd.DataFrame, str]], columns, data, *, keys: list | None = None,
                totals: list | None = None) -> list[tuple[int, list[int]]]:
    """The sheets of ``tables`` (frame, ledger label) whose order rows repeat the other sheets' (a 全年 or 汇总 sheet
    holding every month's rows again; a month pasted twice, ``6月 (2)``), in the order they are taken off: each as
    (its index, the indexes of the sheets it repeats).

    A row is its key cells (customer ID, date, amount or quantity and price, order ID) as they read (:func:`_copy_hashes`:
    ``3月5日`` on the month's sheet is the date cell of the year's, ``12,000.00`` its number); a sheet is a copy
    when at least :data:`COPY_SHARE` of its rows with a customer ID and a date are in the other sheets. The largest copy goes
    first (the year's sheet, not the months it repeats); of two equal sheets, the later.

    A frame may be :class:`_Packed`, and ``keys`` and ``totals`` each sheet's :func:`_copy_hashes` and
    :func:`_customer_cents` (or the error it raised) taken before (by :func:`read_order_sheets`, a sheet at a time).
    """
    # each sheet's keys as a sorted array of distinct hashes (a set of a million Python ints took 70 MB a sheet)
    if keys is None:
        keys = []
        for frame, label in tables:
            keys.append(_copy_hashes(_unpacked(frame), label, columns, data))
            give_back_memory()
    alive = list(range(len(tables)))
    out = []
    while len(alive) > 1:
        copies = []
        for i in alive:
            if not len(keys[i]):
                continue
            others = [j for j in alive if j != i]
            found = {j: np.isin(keys[i], keys[j], assume_unique=True) for j in others}
            if int(np.logical_or.reduce(list(found.values())).sum()) >= COPY_SHARE * len(keys[i]):
                copies.append((len(keys[i]), i, [j for j in others if found[j].any()]))
        if not copies:
            break
        _, i, sources = max(copies)
        alive.remove(i)
        out.append((i, sources))
    # a sheet of each customer's totals, or of each customer's month, under the same headers (a summary sheet not named
    # so, such as Sheet4 beside a sheet per salesperson: QA hand, revenue twice): its customers' sums are, to the cent,
    # theirs in the other sheets, on fewer rows
    if len(alive) < 2:  # one sheet left after the copies: no other to be the summary of (re-read: KeyError)
        return out
    if totals is None:
        totals = {i: _customer_cents(_unpacked(tables[i][0]), columns, data) for i in alive}
    else:
        for i in alive:  # in the order computed above; an error only of a sheet left
            if isinstance(totals[i], Exception):
                raise totals[i]
        totals = {i: totals[i] for i in alive}
    for i in sorted(alive, key=lambda i: len(tables[i][0])):
        others = [j for j in alive if j != i]
        mine = totals[i]
        if not others or len(mine) < 3 or len(tables[i][0]) >= sum(len(tables[j][0]) for j in others):
            continue
        rest = pd.concat([totals[j] for j in others]).groupby(level=0).sum()
        agree = int((mine == rest.reindex(mine.index)).sum())
        if (agree >= COPY_SHARE * len(mine) and agree >= COPY_SHARE * len(rest)
                and _dated_within(*(tables[k] for k in (i, *others)), columns=columns, data=data)):
            alive.remove(i)
            out.append((i, [j for j in others if len(totals[j].index.intersection(mine.index))]))
    return out


def _dated_within(mine: tuple[pd.DataFrame, str], *others: tuple[pd.DataFrame, str], columns, data) -> bool:
    """Whether the sheet ``mine`` (frame, ledger label) may sum the sheets ``others``: its lines dated within the
    months theirs are (a summary's month ends, 2025-06-30 for June's orders), or on one day (the day it was made), or
    not read as dates. A sheet whose dates are mostly outside those months holds other orders, however its
    customers' sums compare (review: annual fees the same each year, on a sheet per year; 2024's was skipped as a
    summary of 2025's)."""
    days = [_sheet_days(_unpacked(frame), label, columns, data) for frame, label in (mine, *others)]
    own, theirs = days[0], pd.concat(days[1:])
    if own.nunique() <= 1 or theirs.empty:
        return True
    first, last = theirs.min().to_period("M").start_time, theirs.max().to_period("M").end_time
    return bool(own.between(first, last).mean() >= 0.5)


def _sheet_days(frame: pd.DataFrame, label: str, columns, data) -> pd.Series:
    """The order dates of a sheet's cells that read as dates, as :func:`_copy_hashes` reads them (for
    :func:`_dated_within`); empty without a date column, and with ``data.date_parts`` (a day alone is no date)."""
    from .clean import parse_dates_with_format
    from .wide import name_month, name_year, year_names

    found = {normalise_header(c): c for c in frame.columns}
    date = next((found[normalise_header(h)] for h in columns.headers().get("order_date", [])
                 if normalise_header(h) in found), None)
    if date is None or getattr(data, "date_parts", None) is not None:
        return pd.Series(dtype="datetime64[ns]")
    names = year_names(label, data)
    read = parse_dates_with_format(frame[date], getattr(data, "date_format", None),
                                   year=name_year(*names) or getattr(data, "year", None), month=name_month(*names),
                                   day_one=getattr(data, "day_one", None))
    return pd.to_datetime(read, errors="coerce").dropna().dt.tz_localize(None) if len(read) else read


def _customer_cents(frame: pd.DataFrame, columns, data) -> pd.Series:
    """Each customer's amount on a sheet in cents (the amount's cells read as numbers, rows naming a customer that is
    no total label), for telling a sheet of the others' totals (:func:`copy_sheets`); empty without an amount."""
    from .clean import clean_customer_id, parse_number
    from .clean_sql import ID_TOTAL_LABEL
    from .textops import arrow_text, fullmatch

    headers = columns.headers()
    found = {normalise_header(c): c for c in frame.columns}
    customer, amount = (next((found[normalise_header(h)] for h in headers.get(key, []) if normalise_header(h) in found),
                             None) for key in ("customer_id", "amount"))
    if customer is None or amount is None:
        return pd.Series(dtype="int64")
    ids = frame[customer].astype("string").str.strip().fillna("")
    rows = ids.ne("") & ~fullmatch(arrow_text(ids), ID_TOTAL_LABEL)
    decimal = "," if getattr(data, "decimal", ".") == "," else "."
    cents = (parse_number(frame.loc[rows, amount].astype("string"), decimal).astype(float) * 100).round()
    cents = cents[cents.notna()]
    return cents.groupby(clean_customer_id(ids[rows][cents.index]).astype("string").to_numpy()).sum()


def sheet_of(label: str) -> str:
    """The sheet's name in a ledger label (``book.xlsx [6月 (2)]`` -> ``6月 (2)``)."""
    return label.rsplit(" [", 1)[-1].rstrip("]")


def sheets_said(names: list[str]) -> str:
    """Sheets named in a note: all of up to three, else the first and the last."""
    return names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}" if len(names) > 3 else ", ".join(names)


def _without_copies(tables: list[tuple[pd.DataFrame, str]], columns, data, note,
                    lang: str = "en", skipped: list | None = None, *, keys: list | None = None,
                    totals: list | None = None) -> list[tuple[pd.DataFrame, str]]:
    """The sheets read by ``sheet: all`` less the copies :func:`copy_sheets` finds, each skipped with a note naming
    the sheets it repeats and, when ``skipped`` is a list, added to it as a :class:`SkippedSheet` (for the ledger)."""
    from .text import t

    gone = copy_sheets(tables, columns, data, keys=keys, totals=totals)
    for i, sources in gone:
        names = [sheet_of(tables[j][1]) for j in sources]
        note(t("p_copy_sheet", lang, file=tables[i][1], n=len(names), shown=sheets_said(names)))
    for i, sources in sorted(gone):  # in the workbook's order, each after the sheet before it
        if skipped is not None:
            skipped.append(SkippedSheet(tables[i][1], len(tables[i][0]),
                                        _sheet_cents(_unpacked(tables[i][0]), columns, data),
                                        [sheet_of(tables[j][1]) for j in sources], tables[i - 1][1] if i else None))
    taken = {i for i, _ in gone}
    return [table for i, table in enumerate(tables) if i not in taken]


def _sheet_cents(frame: pd.DataFrame, columns, data) -> int:
    """The amount of a sheet's rows in cents as the ledger counts what is read: each row's amount (or quantity ×
    unit price) read as the cleaning reads it, times ``data.amount_scale`` once (a text cell naming its own unit,
    1.2万 or 350元, unscaled, as :mod:`kit.clean_sql` reads it), a credit column taken off its debit (read as its
    size when every credit is written below 0), to the cent (half away from zero, as :func:`kit.features.cents`);
    a cell that does not read, 0."""
    from .clean import parse_number

    headers = columns.headers()
    found = {normalise_header(c): c for c in frame.columns}

    def column(key: str) -> str | None:
        return next((found[normalise_header(h)] for h in headers.get(key, []) if normalise_header(h) in found), None)

    def number(name: str, scaled: bool = True, factor: float | None = None) -> pd.Series:
        cells = frame[name].astype("string")
        read = parse_number(cells, decimal).astype(float)
        if not scaled:
            return read
        scale = factor if factor is not None else data.scale_of(name) if hasattr(data, "scale_of") else 1.0
        own_unit = cells.str.contains("[千万萬亿億元]", regex=True).fillna(False).to_numpy(dtype=bool)
        return read * np.where(own_unit, 1.0, scale)

    decimal = "," if getattr(data, "decimal", ".") == "," else "."
    amount, credit = column("amount"), column("credit")
    quantity, price = column("quantity"), column("unit_price")
    priced = None
    if quantity is not None and price is not None:
        factor = None
        if amount is not None and hasattr(data, "scale_of"):
            # the price in the amount's unit, or in currency units already (金额(万元) beside 单价(元)), told by the
            # lines holding all three as the cleaning tells it (:func:`kit.clean_sql._price_factor`)
            from .clean_sql import price_factor

            raw, product = number(amount, scaled=False), number(quantity, scaled=False) * number(price, scaled=False)
            both = (raw > 0) & (product > 0)
            factor = price_factor(float((raw[both] / product[both]).median()) if both.any() else None,
                                  data.scale_of(amount))
        priced = number(quantity, scaled=False) * number(price, factor=factor)
    if amount is not None:
        values = number(amount)
        if credit is not None:  # debit minus credit, a blank side 0 (credits all written below 0: their sizes)
            credits = number(credit)
            if credits.min() < 0 and credits.max() <= 0:
                credits = credits.abs()
            values = values.fillna(0).sub(credits.fillna(0)).where(values.notna() | credits.notna())
        if priced is not None:  # an amount cell left blank beside a quantity and a unit price: their product
            blank = frame[amount].astype("string").str.strip().fillna("").eq("")
            if credit is not None:
                blank &= frame[credit].astype("string").str.strip().fillna("").eq("")
            values = values.where(~blank, priced)
    elif priced is not None:
        values = priced
    else:
        return 0
    from .features import MAX_AMOUNT, cents

    money = values.to_numpy(dtype=float)
    return int(cents(np.where(np.abs(money) < MAX_AMOUNT, money, 0.0)).sum())  # NaN compares False: 0


def _copy_hashes(frame: pd.DataFrame, label: str, columns, data) -> np.ndarray:
    """The order rows of one sheet (a customer ID that is no total label, and a date) as the sorted distinct hashes of
    their key cells as the cleaning reads them: the ID cleaned, the day (a day without its year in the year the
    sheet's or file's name gives), the amounts as numbers; a cell that does not read so, as its text."""
    from .clean import clean_customer_id, parse_dates_with_format, parse_number
    from .clean_sql import ID_TOTAL_LABEL
    from .textops import arrow_text, fullmatch
    from .wide import name_month, name_year, year_names

    wanted = dict(_key_names(columns))
    headers = columns.headers()
    for key in ("order_id", "credit"):  # a credit note differs from its sheet's copy by its credit alone
        if key in headers:
            wanted[key] = headers[key]
    found = {normalise_header(c): c for c in frame.columns}
    parts = getattr(data, "date_parts", None)
    if parts is not None:  # the day with its month and year (data.date_parts): the 5th of each month is no copy
        day = next((found[normalise_header(h)] for h in headers.get("order_date", []) if normalise_header(h) in found),
                   None)
        month, year = (found.get(normalise_header(h)) if h else None for h in (parts.month, parts.year))
        if day is not None and month is not None:
            frame = with_date_parts(frame, day, month, year)
    cells = {key: frame[next(found[normalise_header(h)] for h in names if normalise_header(h) in found)]
             if any(normalise_header(h) in found for h in names) else pd.Series("", index=frame.index)
             for key, names in wanted.items()}
    text = pd.DataFrame({key: cell.astype("string").str.strip() for key, cell in cells.items()}, index=frame.index)
    rows = (text["customer_id"].fillna("") != "") & (text["order_date"].fillna("") != "")
    rows &= ~fullmatch(arrow_text(text["customer_id"].fillna("")), ID_TOTAL_LABEL)
    if not rows.any():
        return np.array([], dtype=np.uint64)
    if not rows.all():  # (all: no copy of a million rows' cells)
        text, cells = text.loc[rows], {key: cell.loc[rows] for key, cell in cells.items()}
    names = year_names(label, data)
    # typed values hashed as they are, with the text of a cell that does not read so beside them (no Python call
    # per cell: a 570k-line workbook's two sheets took 6.5 s as strings, QA)
    read = {"order_date": parse_dates_with_format(cells["order_date"], getattr(data, "date_format", None),
                                                  year=name_year(*names) or getattr(data, "year", None),
                                                  month=name_month(*names),
                                                  day_one=getattr(data, "day_one", None)).dt.normalize()}
    decimal = "," if getattr(data, "decimal", ".") == "," else "."
    for key in ("amount", "credit", "quantity", "unit_price"):
        if key in cells:
            read[key] = parse_number(cells[key], decimal).round(6)
    part = {"customer_id": clean_customer_id(cells["customer_id"]).astype("string").fillna(text["customer_id"])}
    for key in text.columns:
        if key in read:
            part[key] = read[key]
            part[f"{key} as text"] = text[key].where(read[key].isna(), "")
        elif key != "customer_id":
            part[key] = text[key]
    del text, cells, read
    table = pd.DataFrame(part)  # numbers and days hashed as such, NaN and NaT too (review: "" made them text)
    del part
    table = table.apply(lambda c: c.fillna("") if c.dtype == object or pd.api.types.is_string_dtype(c.dtype) else c)
    return np.unique(pd.util.hash_pandas_object(table, index=False).to_numpy())


def not_a_workbook(path: Path, exc: Exception) -> DataError:
    """The error for a file with a workbook's name that calamine cannot read: what it is instead, when it tells (a
    web page or an Excel 2003 XML sheet, as web systems export tables under an .xls name, or text whose columns are
    separated by tabs or commas), so that the consultant knows what to do with it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    start = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n").lower()
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text (Excel's "Unicode text" under an .xls name)
        start = head[2:].decode("utf-16-le" if head[:1] == b"\xff" else "utf-16-be", "ignore").lower().encode()
    suffix = path.suffix.lower()
    page = start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head"))
    # SpreadsheetML (<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">) holds a <Table> of its own:
    # told before a table's tag makes it a web page (QA c91b)
    if not page and start.startswith((b"<?xml", b"<workbook", b"<ss:workbook")) and (
            b"urn:schemas-microsoft-com:office:spreadsheet" in start or b'progid="excel.sheet"' in start):
        return DataError(key="e_workbook_is_xml", file=path.name, suffix=suffix)
    if page or b"<table" in start[:2048]:
        return DataError(key="e_workbook_is_html", file=path.name, suffix=suffix)
    lines = start.split(b"\n")[:5]
    if start and b"\x00" not in start and all(b"\t" in line or b"," in line for line in lines if line.strip()):
        return DataError(key="e_workbook_is_text", file=path.name, suffix=suffix)
    return DataError(key="e_not_excel", file=path.name, kind=type(exc).__name__)


def workbook_sheets(path: Path) -> dict[str, bool]:
    """A workbook's worksheets (its sheets of cells, indexed as ``data.sheet: 0`` counts them), in order, each with
    whether it is visible; a chart, dialog or macro sheet is not one of them (:func:`workbook_contents`)."""
    return {name: visible for name, (visible, kind) in workbook_contents(path).items() if kind is None}


#: The kinds of sheet other than a worksheet (calamine's names), as messages name them: none holds cells to read.
SHEET_KINDS = {"ChartSheet": {"en": "chart sheet", "zh": "图表工作表"},
               "DialogSheet": {"en": "dialog sheet", "zh": "对话框工作表"},
               "MacroSheet": {"en": "macro sheet", "zh": "宏表"},
               "Vba": {"en": "VBA module", "zh": "VBA 模块"}}


def workbook_contents(path: Path) -> dict[str, tuple[bool, dict[str, str] | None]]:
    """Every sheet of a workbook, in order: its name to (whether it is visible, its kind in each language from
    :data:`SHEET_KINDS`, None for a worksheet)."""
    if not path.is_file():
        raise DataError(key="e_no_file", file=str(path))
    if is_spreadsheetml(path):  # Excel 2003 XML: worksheets alone
        return {name: (visible, None) for name, visible in _xml_sheets(path)}
    try:
        from python_calamine import CalamineWorkbook

        sheets = CalamineWorkbook.from_path(str(path)).sheets_metadata
    except Exception as exc:  # a broken workbook: calamine raises its own error types
        raise not_a_workbook(path, exc) from None
    return {m.name: (m.visible == m.visible.__class__.Visible,
                     None if m.typ == m.typ.__class__.WorkSheet
                     else SHEET_KINDS.get(str(m.typ).rsplit(".", 1)[-1], {"en": "sheet without cells",
                                                                          "zh": "不含单元格的工作表"}))
            for m in sheets}


def _has_months(frame: pd.DataFrame) -> bool:
    from .wide import month_headers

    return bool(month_headers([c for c in frame.columns if c != SOURCE_ROW]))


def _key_headers(columns) -> list[str]:
    """The headers a sheet of orders cannot do without (customer ID, date, amount or quantity and price)."""
    return [" or ".join(names) for names in _key_names(columns).values()]


def _key_names(columns) -> dict[str, list[str]]:
    headers = columns.headers()
    keys = ["customer_id", "order_date"] + (["amount"] if "amount" in headers else ["quantity", "unit_price"])
    return {k: headers[k] for k in keys if k in headers}


def _renamed(frame: pd.DataFrame, columns, held: set[str]) -> bool:
    """Whether a key column missing from the frame has a header close to its name (a summary sheet without the
    customer column has none)."""
    found = [normalise_header(c) for c in frame.columns if c != SOURCE_ROW]
    return any(difflib.get_close_matches(normalise_header(name), found, n=1, cutoff=0.5)
               for key, names in _key_names(columns).items() if key not in held for name in names)


def _key_columns_held(frame: pd.DataFrame, columns, supplied: set[str] = frozenset()) -> set[str]:
    """The key columns (:func:`_key_names`) whose header, or one of its alternatives, the frame (or a file of
    ``data.join``: ``supplied``) has."""
    found = {normalise_header(c) for c in frame.columns} | set(supplied)
    return {k for k, names in _key_names(columns).items() if any(normalise_header(h) in found for h in names)}


def _excel_grid(path: Path, sheet) -> tuple[pd.DataFrame, list[tuple[int, int, int, int]], str]:
    """A sheet's cells, merged ranges and name (:func:`_sheet_grid` without the marks)."""
    return _sheet_grid(path, sheet)[:3]


def _sheet_grid(path: Path, sheet) -> tuple[pd.DataFrame, list[tuple[int, int, int, int]], str, SheetMarks | None]:
    """A sheet's cells as stored (a row per sheet row, empty cells NaN) as ``pd.read_excel(header=None,
    dtype=object)`` gives them, its merged ranges (0-based first row, first column, last row, last column) and
    the sheet's name as messages give it.

    calamine (Rust) parses the workbook; cells are converted a column at a time rather than one by one as
    pandas does, several times faster on a sheet of a million rows: whole numbers to int, dates to
    datetime, pandas' missing-value texts ('', 'NA', 'N/A', '#N/A', 'NULL' ...) to NaN. An error cell reads as
    Excel shows it (#N/A, #VALUE!; calamine reads it empty). Last, what the sheet's XML says beyond its cells
    (:class:`SheetMarks`, of an .xlsx/.xlsm sheet's XML or an .xls sheet's records (:func:`_xls_marks`); None for
    another kind of workbook or one without hidden rows, errors, formulas or red or struck-through fonts).
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    if is_spreadsheetml(path):
        return _xml_grid(path, sheet)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = [one.name for one in book.sheets_metadata if one.typ == SheetTypeEnum.WorkSheet]
    except Exception as exc:  # a broken workbook: calamine raises its own error types
        raise not_a_workbook(path, exc) from None
    if isinstance(sheet, int) and not 0 <= sheet < len(names) or isinstance(sheet, str) and sheet not in names:
        kind = workbook_contents(path).get(sheet, (True, None))[1] if isinstance(sheet, str) else None
        if kind is not None:  # 图表 named in data.sheet: it is there, but holds no cells
            raise DataError(key="e_sheet_without_cells", file=path.name, sheet=repr(sheet), kind=kind,
                            sheets=", ".join(names))
        raise DataError(key="e_no_sheet", file=path.name, sheet=repr(sheet), sheets=", ".join(names))
    name = names[sheet] if isinstance(sheet, int) else sheet
    seen: set[str] = set()
    stop_on_a_far_cell(path, name, seen)
    try:
        one = book.get_sheet_by_name(name)
        ranges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (one.merged_cell_ranges or [])]  # None: .ods
        read = _grid_parts(one)
        del one  # calamine's copy of the sheet (300 MB for a million rows) freed before the cells are put together
        give_back_memory()
        cells = _grid_joined(*read)
    except Exception as exc:  # a broken sheet
        raise not_a_workbook(path, exc) from None
    _show_padded_codes(cells, _padded_cells(path, name))
    marks = _sheet_marks(path, name, seen) if seen else _xls_marks(path, name)
    if marks is not None:  # an error cell as Excel shows it (#N/A), which calamine reads empty
        rows, columns, texts = marks.errors
        inside = (rows < cells.shape[0]) & (columns < cells.shape[1])
        cells[rows[inside], columns[inside]] = texts[inside]
    return pd.DataFrame(cells, dtype=object), ranges, repr(name), marks


def give_back_memory() -> None:
    """Hand the memory freed so far back to the system: Arrow's pool keeps freed blocks, and C's allocator (glibc)
    keeps the pages of many small blocks freed, as calamine's copy of a sheet leaves them (a sheet of a million rows
    read left 270 MB so, which the next sheet's copy did not reuse: 3 such sheets peaked at 1.0 GiB)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``; None elsewhere (macOS, Windows, musl)."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


#: Rows of a sheet converted at a time by :func:`_grid_parts`.
GRID_BLOCK_ROWS = 100_000


def _grid_parts(one) -> tuple[list[list], int, int]:
    """The columns of a calamine sheet from its first row and column (``to_python(skip_empty_area=False)``), each
    column as :func:`_excel_cells` leaves it, read in blocks of :data:`GRID_BLOCK_ROWS` rows (each a list of parts),
    the rows read and the sheet's row count; the sheet itself is no longer needed after (:func:`_grid_joined` puts the
    parts together).

    A sheet of a million order lines as Python lists took 600 bytes a line (1.9 GB for three such sheets): a block's
    columns of text alone are kept as Arrow text and made cells again at the end, each text once (a customer's ID
    and name, written on each of its lines, held once), so only one block's cells sit in Python lists at a time."""
    import pyarrow as pa

    if one.start is None:  # an empty sheet
        return [], 0, 0
    # iter_rows gives every row from the first, its cells from the table's first column on; calamine's tracker asks
    # to make the two alike (python-calamine#177), so the cells are put where the sheet has them either way
    width = one.end[1] + 1
    columns: list[list] = [[] for _ in range(width)]
    rows = one.iter_rows()
    while block := list(itertools.islice(rows, GRID_BLOCK_ROWS)):
        left = width - len(block[0]) if len(block[0]) in (width, one.width) else one.start[1]
        cells = np.full((len(block), width), "", dtype=object)
        for i in [i for i, r in enumerate(block) if len(r) != width - left]:  # calamine gives whole rows; in case
            block[i] = (block[i] + [""] * (width - left))[:width - left]
        cells[:, left:] = block  # rows of equal length, so one cell each (np.array would make lists its own cells)
        del block
        for column in range(width):
            values = _excel_cells(cells[:, column])
            empty = pd.isna(values)
            kind = pd.api.types.infer_dtype(values, skipna=True)
            if kind in ("string", "datetime") and (  # text alone, or dates alone, and NaN for an empty cell
                    not empty.any() or pd.api.types.infer_dtype(values[empty], skipna=False) == "floating"):
                try:
                    held = pa.array(values, type=pa.large_string() if kind == "string" else None, from_pandas=True)
                except (pa.ArrowException, TypeError, ValueError, OverflowError):  # kept as read
                    held = None
                if held is not None and (kind == "string" or pa.types.is_timestamp(held.type) and
                                         held.type.unit == "us" and held.type.tz is None):
                    values = held
            columns[column].append(values)
        del cells
    return columns, sum(len(part) for part in columns[0]), one.end[0] + 1


def _grid_joined(columns: list[list], read: int, height: int) -> np.ndarray:
    """The cells of :func:`_grid_parts`' columns in one array (``read`` rows given, of ``height``), each text or date
    once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not columns:  # an empty sheet
        return np.full((0, 0), "", dtype=object)
    width = len(columns)
    out = np.full((max(read, height), width), np.nan, dtype=object)  # rows above not given: empty, as read
    for column, parts in enumerate(columns):
        shared = {}  # each text or date once: Arrow's dictionary holds it once, its lines point at it
        for kind in {part.type for part in parts if isinstance(part, pa.Array)}:
            encoded = pc.dictionary_encode(pa.concat_arrays([part for part in parts if isinstance(part, pa.Array)
                                                             and part.type == kind]))
            each = np.array(encoded.dictionary.to_pylist() + [np.nan], dtype=object)
            shared[kind] = [each[encoded.indices.fill_null(len(each) - 1).to_numpy()], 0]  # empty: NaN, as read
        at = len(out) - read
        for part in parts:
            if isinstance(part, pa.Array):
                cells, taken = shared[part.type]
                out[at:at + len(part), column] = cells[taken:taken + len(part)]
                shared[part.type][1] += len(part)
            else:
                out[at:at + len(part), column] = part
            at += len(part)
        parts.clear()
    return out


def is_spreadsheetml(path: Path) -> bool:
    """Whether a file is an Excel 2003 XML spreadsheet (``<?xml ...?><Workbook xmlns="urn:schemas-microsoft-com:
    office:spreadsheet">``), as web systems export tables under an .xls or .xml name."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<workbook", b"<ss:workbook")) and (
        b"urn:schemas-microsoft-com:office:spreadsheet" in start or b'progid="excel.sheet"' in start)


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_SS_EXCEL = "{urn:schemas-microsoft-com:office:excel}"


def _xml_sheets(path: Path) -> list[tuple[str, bool]]:
    """(name, visible) of each worksheet of an Excel 2003 XML spreadsheet (:func:`_xml_walk`)."""
    return _xml_walk(path)[0]


def _xml_walk(path: Path, sheet: str | int | None = None) -> tuple[list[tuple[str, bool]], str | None, dict, list,
                                                                    SheetMarks | None]:
    """One walk of an Excel 2003 XML spreadsheet, parsed by defusedxml: no DTD, no entity expanded (a billion laughs,
    an external file) but a plain sentence saying the file is no workbook. Returns (name, visible) of the worksheets
    walked (all of them, or those up to ``sheet``: a name, or an index among the worksheets), the name of ``sheet``
    when found, and its cells, ``{(row, column): value}`` (placed by ``ss:Index`` where rows or cells are skipped, a
    merged cell taking the places it spans), merged ranges (``ss:MergeAcross``, ``ss:MergeDown``) and marks
    (:func:`_xml_marks`). The XML is
    read as a stream, each row let go once its cells are taken, not held whole as a tree (a 32 MB export of 100,000
    rows took 600 MB)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    sheets: list[tuple[str, bool]] = []
    cells: dict[tuple[int, int], object] = {}
    ranges: list[tuple[int, int, int, int]] = []
    target, inside, name, row = None, False, "", -1
    styles: dict[str, tuple[bool, bool]] = {}
    marks: dict[str, list] = {"hidden": [], "errors": [], "red": [], "struck": []}
    try:
        for event, element in iterparse(str(path), events=("start", "end"), forbid_dtd=True, forbid_entities=True,
                                        forbid_external=True):
            if event == "start":
                if element.tag == f"{_SS}Worksheet":
                    name = element.get(f"{_SS}Name", f"Sheet{len(sheets) + 1}")
                    inside = sheet is not None and (sheet == len(sheets) if isinstance(sheet, int) else sheet == name)
                    target = name if inside else target
                continue
            if element.tag == f"{_SS}Styles":
                styles = _xml_styles(element)
            elif element.tag == f"{_SS}Row":
                if inside:
                    row = int(element.get(f"{_SS}Index", row + 2)) - 1
                    if element.get(f"{_SS}Hidden", "").strip() in _ON:
                        marks["hidden"].append(row)
                    column = -1
                    for cell in element.iter(f"{_SS}Cell"):
                        column = int(cell.get(f"{_SS}Index", column + 2)) - 1
                        data = cell.find(f"{_SS}Data")
                        value = _xml_cell(data)
                        if value != "":
                            cells[row, column] = value
                        if data is not None and data.get(f"{_SS}Type") == "Error":
                            marks["errors"].append((row, column, str(value).strip() or "#N/A"))
                        red, struck = styles.get(cell.get(f"{_SS}StyleID") or element.get(f"{_SS}StyleID") or "",
                                                 (False, False))
                        if red:
                            marks["red"].append((row, column))
                        if struck:
                            marks["struck"].append((row, column))
                        across, down = int(cell.get(f"{_SS}MergeAcross", 0)), int(cell.get(f"{_SS}MergeDown", 0))
                        if across or down:
                            ranges.append((row, column, row + down, column + across))
                        column += across
                element.clear()
            elif element.tag == f"{_SS}Worksheet":
                shown = element.find(f"{_SS_EXCEL}WorksheetOptions/{_SS_EXCEL}Visible")
                sheets.append((name, shown is None or (shown.text or "").strip() not in ("SheetHidden",
                                                                                           "SheetVeryHidden")))
                element.clear()
                if inside:  # the sheet wanted is read: the rest of the file is not needed
                    break
    except (ParseError, DefusedXmlException, ValueError) as exc:  # ValueError: an ss:Index that is no number
        raise DataError(key="e_not_excel", file=path.name, kind=type(exc).__name__) from None
    return sheets, target, cells, ranges, _xml_marks(marks)


def _xml_styles(element) -> dict[str, tuple[bool, bool]]:
    """(red, struck through) of each style of an Excel 2003 XML spreadsheet's ``<Styles>`` by its ``ss:ID``: its
    ``<Font ss:Color="#FF0000" ss:StrikeThrough="1">``, or its ``ss:Parent``'s, as :func:`_font_styles` tells an
    .xlsx's (red clearly red; in a workbook written in red by default, its Default style, red marks nothing)."""
    written = {}
    for style in element.iter(f"{_SS}Style"):
        font = style.find(f"{_SS}Font")
        written[style.get(f"{_SS}ID", "")] = (style.get(f"{_SS}Parent"), None if font is None else font.get(
            f"{_SS}Color"), None if font is None else font.get(f"{_SS}StrikeThrough"))

    def font(style: str, depth: int = 0) -> tuple[str | None, str | None]:
        parent, color, strike = written.get(style, (None, None, None))
        if parent and depth < 10 and (color is None or strike is None):
            above = font(parent, depth + 1)
            color, strike = color if color is not None else above[0], strike if strike is not None else above[1]
        return color, strike

    out = {}
    for style in written:
        color, strike = font(style)
        out[style] = (_is_red((color or "").lstrip("#")), (strike or "").strip().lower() in _ON)
    if out.get("Default", (False, False))[0]:
        out = {style: (False, struck) for style, (_, struck) in out.items()}
    return out


def _xml_marks(marks: dict[str, list]) -> SheetMarks | None:
    """The :class:`SheetMarks` of an Excel 2003 XML sheet (hidden rows, error cells, red and struck-through fonts,
    as an .xlsx's: voided lines and 红字 returns were counted as sales); None when it has none."""
    if not any(marks.values()):
        return None

    def places(found: list) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([r for r, _ in found], dtype=np.int64), np.array([c for _, c in found], dtype=np.int64))

    empty = (np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    errors = marks["errors"]
    return SheetMarks(hidden=np.array(sorted(set(marks["hidden"])), dtype=np.int64),
                      errors=(*places([(r, c) for r, c, _ in errors]), np.array([t for _, _, t in errors], dtype=object)),
                      formulas=(*empty, np.array([], dtype=bool)), red=places(marks["red"]), struck=places(marks["struck"]))


def _xml_cell(data) -> object:
    """The value of a ``<Data>`` element by its ``ss:Type``: a number, a datetime, a bool or text (its runs joined)."""
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    try:
        if kind == "Number":
            return float(text)
        if kind == "DateTime":
            return dt.datetime.fromisoformat(text.strip().rstrip("Z")[:26])
        if kind == "Boolean":
            return text.strip() == "1"
    except ValueError:
        pass
    return text


def _xml_grid(path: Path, sheet) -> tuple[pd.DataFrame, list[tuple[int, int, int, int]], str, SheetMarks | None]:
    """:func:`_sheet_grid` of an Excel 2003 XML spreadsheet: its cells, merged ranges and marks (:func:`_xml_walk`)."""
    sheets, name, cells, ranges, marks = _xml_walk(path, sheet)
    if name is None:
        raise DataError(key="e_no_sheet", file=path.name, sheet=repr(sheet),
                        sheets=", ".join(name for name, _ in sheets))
    height = max((r for r, _ in cells), default=-1) + 1
    width = max((c for _, c in cells), default=-1) + 1
    # a cell placed far beyond the data (ss:Index="1048576" on a row, "16384" on a cell): the grid of empty cells
    # would take more memory than the machine has, as an .xlsx's (stop_on_a_far_cell)
    if height * width > MAX_EMPTY_GRID and height * width > path.stat().st_size:
        raise DataError(key="e_far_cell", file=path.name, sheet=repr(name), cell=f"{_column_letters(width)}{height}",
                        rows=f"{height:,}", columns=f"{width:,}", cells=f"{height * width:,}")
    grid = np.full((height, width), "", dtype=object)
    for (r, c), value in cells.items():
        grid[r, c] = value
    for column in range(width):
        grid[:, column] = _excel_cells(grid[:, column])
    return pd.DataFrame(grid, dtype=object), ranges, repr(name), marks


#: A sheet's grid (rows x columns up to its farthest cell) this large, and mostly empty, is not read: the reader
#: builds the whole grid, so one stray cell at XFD1048576 in a small table would take more memory than the machine has.
MAX_EMPTY_GRID = 10_000_000


def stop_on_a_far_cell(path: Path, sheet: str | int, seen: set[str] | None = None) -> None:
    """Stop with a plain sentence when a sheet of an .xlsx workbook reaches a cell far beyond its data (a note typed
    at XFD1048576, a formula copied down a million rows of nothing): its grid would be mostly empty cells, more
    than :data:`MAX_EMPTY_GRID`. The extent is the sheet's own record of it (``<dimension>``), or, without one, the
    farthest cell in its XML; the data it can hold is bounded by the XML's size (ten bytes a cell at least).
    ``seen`` is given the :data:`_MARKS` the sheet's XML holds (:func:`_sheet_marks` then reads them)."""
    extent = _xlsx_extent(path, sheet, seen)
    if extent is None:
        return
    rows, columns, size, sheet = extent
    grid = rows * columns
    if grid > MAX_EMPTY_GRID and grid > 10 * (size // 10):
        raise DataError(key="e_far_cell", file=path.name, sheet=repr(sheet), cell=f"{_column_letters(columns)}{rows}",
                        rows=f"{rows:,}", columns=f"{columns:,}", cells=f"{grid:,}")


def _column_letters(number: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


#: The column letters and the row number of a cell's reference in a sheet's XML (<c r="B7" ...>, <c s="1" r="B7">),
#: and a row's number (<row r="7">); a literal start, which Python's re finds fast.
_CELL_COLUMN = re.compile(rb'r="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]{1,7})"')


def _xlsx_extent(path: Path, sheet: str | int, seen: set[str] | None = None) -> tuple[int, int, int, str] | None:
    """(last row, last column, bytes of XML, name) of ``sheet`` (a name, or the index among the worksheets, as
    calamine counts them) in an .xlsx/.xlsm workbook; None for another kind of
    workbook or one whose parts cannot be found (calamine then reads it, or says what is wrong)."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as book:
            found = _sheet_part(book, sheet)
            if found is None:
                return None
            # formulas only where they may lack results: Excel, saving a workbook, stores every one
            marks = {k: v for k, v in _MARKS.items() if k != "formula" or _calculated_on_load(book)}
            for mark, styles in _font_styles(book).items():  # red, struck through
                if styles:
                    marks[mark] = tuple(b' s="%s"' % style for style in styles)
            return _sheet_extent(book, found[1], seen, marks) + (found[0],)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheet_part(book, sheet: str | int) -> tuple[str, str] | None:
    """(name, part in the zip) of ``sheet`` (a name, or the index among the worksheets, as calamine counts them)
    of an open .xlsx/.xlsm zip; None when it is not there."""
    from xml.etree import ElementTree

    related = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).find(f"{_MAIN}sheets")
    target = {one.get("Id"): one.get("Target") for one in
              ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))}
    parts = [(one.get("name"), target.get(one.get(related)) or "") for one in
             (sheets if sheets is not None else [])]
    parts = [(name, part) for name, part in parts if "worksheets/" in part]  # not a chart sheet
    if isinstance(sheet, int):
        if not 0 <= sheet < len(parts):
            return None
        sheet, part = parts[sheet]
    else:
        part = next((part for name, part in parts if name == sheet), None)
    if not part:
        return None
    return sheet, part.lstrip("/") if part.startswith("/") else f"xl/{part}"


#: A number format that shows a whole number with leading zeros, between literal texts: Excel's 00000 (a code typed
#: as a number, 105, is shown 00105), "C"0000 (C0105). Its first section: the one for positive numbers.
_PADDED_FORMAT = re.compile(r'((?:"[^"]*"|\\.)*)(0{2,})((?:"[^"]*"|\\.)*)')


def _padded_styles(book) -> dict[bytes, tuple[str, int, str]]:
    """The cell styles of an open .xlsx zip whose number format shows codes with leading zeros: the style's number
    (as the sheet's XML writes it) to (text before, digits, text after)."""
    from xml.etree import ElementTree

    try:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return {}
    formats = {}
    for one in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        found = _PADDED_FORMAT.fullmatch((one.get("formatCode") or "").split(";")[0])
        if found:
            literal = [re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) or m.group(2) or "", found.group(i))
                       for i in (1, 3)]
            formats[one.get("numFmtId")] = (literal[0], len(found.group(2)), literal[1])
    xfs = styles.find(f"{_MAIN}cellXfs")
    return {str(i).encode(): formats[xf.get("numFmtId")] for i, xf in enumerate(xfs if xfs is not None else [])
            if xf.get("numFmtId") in formats}


def _padded_cells(path: Path, sheet: str) -> dict[tuple[int, str, int, str], np.ndarray]:
    """The cells of ``sheet`` of an .xlsx/.xlsm workbook shown with leading zeros (see :data:`_PADDED_FORMAT`):
    (0-based column, text before, digits, text after) to the 0-based rows of its cells. calamine reads the
    number a cell holds, 105, where the client sees 00105 (and types 00105 as text in next quarter's export).
    Empty for another kind of workbook, a workbook without such a format, or one whose parts cannot be found."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as book:
            styles = _padded_styles(book)
            found = _sheet_part(book, sheet) if styles else None
            if found is None:
                return {}
            refs: dict[bytes, list[bytes]] = {style: [] for style in styles}
            patterns: dict[bytes, list[re.Pattern]] = {}
            with book.open(found[1]) as xml:
                tail = b""
                while chunk := xml.read(1 << 24):
                    chunk = tail + chunk
                    if not patterns:  # the cell's tag as this writer spells it (<c, or <x:c from some)
                        tag = re.escape((re.search(rb"<((?:\w+:)?c) r=", chunk) or re.match(b"(c)", b"c")).group(1))
                        # the cell's reference and its style, in either order, its type between them: each pattern
                        # a literal start, which Python's re finds fast (a sheet of 300,000 codes in 0.2 s)
                        patterns = {style: [re.compile(rb'<%s r="([A-Z]{1,3}[0-9]{1,7})"(?: t="\w+")? s="%s"'
                                                       % (tag, style)),
                                            re.compile(rb'<%s s="%s"(?: t="\w+")? r="([A-Z]{1,3}[0-9]{1,7})"'
                                                       % (tag, style))] for style in styles}
                    cut = chunk.rfind(b"<")  # a tag cut by the chunk's end is read with the next chunk
                    cut = len(chunk) if cut < 0 else cut
                    for style, ways in patterns.items():
                        for way in ways:
                            refs[style] += way.findall(chunk, 0, cut)
                    tail = chunk[cut:]
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}
    cells: dict[tuple[int, str, int, str], np.ndarray] = {}
    for style, found in refs.items():
        if not found:
            continue
        found = np.array(found)
        rows = np.char.lstrip(found, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ").astype(np.int64) - 1
        letters, which = np.unique(np.char.rstrip(found, b"0123456789"), return_inverse=True)
        for i, letter in enumerate(letters):
            key = (_column_number(letter) - 1, *styles[style])
            cells[key] = np.concatenate([cells.get(key, np.array([], dtype=np.int64)), rows[which == i]])
    return cells


def _show_padded_codes(cells: np.ndarray, padded: dict[tuple[int, str, int, str], np.ndarray]) -> None:
    """Write the number cells of ``padded`` (see :func:`_padded_cells`) as the workbook shows them: 105 under the
    format 00000 is the code 00105. A text cell, or a number that is not a whole number from 0, is left as it is."""
    for (column, before, digits, after), rows in padded.items():
        rows = rows[(rows < cells.shape[0])] if column < cells.shape[1] else rows[:0]
        values = pd.Series(cells[rows, column], dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) not in ("integer", "floating", "mixed-integer-float"):
            # text among them (a code typed as text is shown as typed): the numbers alone, found one by one
            values = values[[type(v) in (int, float) for v in values]]
        whole = pd.to_numeric(values, errors="coerce")
        keep = (whole >= 0) & (whole < 1e15) & (whole == np.floor(whole))
        shown = whole[keep].astype("int64").astype(str).str.zfill(digits)
        cells[rows[shown.index.to_numpy()], column] = (before + shown + after).to_numpy(dtype=object)


#: The indexed colours that are red in Excel's default palette, for a workbook that gives none (<indexedColors>).
_RED_INDEXED = frozenset({2, 10})


def _is_red(rgb: str) -> bool:
    """Whether a colour written ARGB (FFFF0000) or RGB is clearly red: red 0xC0 or more, green and blue 0x60 or
    less; the alpha is not looked at (workbooks write 00 and FF alike)."""
    found = re.fullmatch(r"(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})", (rgb or "").strip())
    if not found:
        return False
    red, green, blue = (int(one, 16) for one in found.groups())
    return red >= 0xC0 and green <= 0x60 and blue <= 0x60


#: The values of a font's <strike val="..."/> that strike it through; without ``val`` it is struck too.
_ON = frozenset({"1", "true", "on"})


def _font_styles(book) -> dict[str, tuple[bytes, ...]]:
    """The cell styles of an open .xlsx zip whose font is red (``red``) or struck through (``struck``), as the
    sheet's XML writes their numbers (``s="3"``); one style may be in both. Red is a colour clearly red
    (:func:`_is_red`), or an indexed one red in the workbook's palette (else in Excel's default: 2 and 10); a theme
    colour is taken as not red, and so is a number format's [Red], which colours negative numbers only; in a workbook
    written in red by default (its first style) red marks nothing. Struck through is ``<strike/>`` (or ``val`` 1 or
    true; 0 or false is not). Both empty for a workbook without styles."""
    from xml.etree import ElementTree

    try:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return {"red": (), "struck": ()}
    palette = [one.get("rgb") or "" for one in
               styles.iterfind(f"{_MAIN}colors/{_MAIN}indexedColors/{_MAIN}rgbColor")]

    def red(color) -> bool:
        if color is None:
            return False
        if color.get("rgb"):
            return _is_red(color.get("rgb"))
        index = color.get("indexed") or ""
        if not index.isdigit():
            return False  # a theme colour, or auto
        return _is_red(palette[int(index)]) if int(index) < len(palette) else int(index) in _RED_INDEXED

    def struck(strike) -> bool:
        return strike is not None and (strike.get("val") is None or strike.get("val").strip().lower() in _ON)

    fonts = list(styles.iterfind(f"{_MAIN}fonts/{_MAIN}font"))
    marked = {"red": [red(font.find(f"{_MAIN}color")) for font in fonts],
              "struck": [struck(font.find(f"{_MAIN}strike")) for font in fonts]}
    xfs = styles.find(f"{_MAIN}cellXfs")
    ids = [int(xf.get("fontId")) if (xf.get("fontId") or "").isdigit() else 0
           for xf in (xfs if xfs is not None else [])]
    found = {mark: tuple(str(i).encode() for i, font in enumerate(ids) if font < len(fonts) and hit[font])
             for mark, hit in marked.items()}
    if b"0" in found["red"]:  # a workbook written in red by default (its first style red): red marks nothing (review)
        found["red"] = ()
    return found


#: Excel's error values as a cell shows them: #N/A (a VLOOKUP that found nothing), #VALUE!, #REF!, #DIV/0! ...
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")

#: What a sheet's XML may hold that calamine does not tell, each with the texts that show it is there: hidden rows
#: (``<row r="7" hidden="1">``), error cells (``<c r="B5" t="e">``: calamine reads them empty) and formulas
#: (``<f>D2*E2</f>``, whose stored value calamine reads). A text of a hidden column or of a formula in a
#: conditional format only makes :func:`_sheet_marks` read the sheet for nothing. Cells in red font (``red``) or
#: struck through (``struck``) are looked for by their styles' numbers (``s="3"``, :func:`_font_styles`), which
#: differ from workbook to workbook.
_MARKS = {"hidden": (b'hidden="',), "error": (b't="e"',), "formula": (b"</f>", b"<f ")}


@dataclass(frozen=True)
class SheetMarks:
    """What :func:`_sheet_marks` found in a sheet's XML; rows and columns 0-based, as in the grid."""

    hidden: np.ndarray  # rows hidden (hidden rows, or rows a filter hides)
    errors: tuple[np.ndarray, np.ndarray, np.ndarray]  # rows, columns, texts (#N/A) of error cells
    #: rows and columns of formula cells, and whether each holds no result a calculation gave (no stored value, or
    #: 0), in a workbook that asks to be calculated when opened (as xlsxwriter and openpyxl write them); none in
    #: a workbook Excel saved, which holds every formula's result
    formulas: tuple[np.ndarray, np.ndarray, np.ndarray]
    #: each formula's text as written (D2*E2), empty for a cell sharing another's (<f t="shared" si="0"/>)
    formula_texts: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    #: for each formula, the position of the one whose text it follows: its own, or its shared formula's
    #: (:func:`_shared_masters`); -1 when that one is not found
    formula_masters: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    #: rows and columns of cells in red font (:func:`_font_styles`), empty ones and headers among them
    red: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.array([], dtype=np.int64), np.array([], dtype=np.int64)))
    #: rows and columns of cells in a struck-through font (:func:`_font_styles`), empty ones and headers among them
    struck: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.array([], dtype=np.int64), np.array([], dtype=np.int64)))
    #: the sheet's active filter (``<autoFilter>``, Excel's 筛选): per filtered column, (its 0-based column, the values
    #: it shows, or None for another condition: greater than, top 10, by colour ...) (:func:`_autofilter`)
    filters: tuple[tuple[int, tuple[str, ...] | None], ...] = ()


def _cell_places(refs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """0-based rows and columns of cell references (``B7``)."""
    if not refs:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    found = np.array(refs)
    rows = np.char.lstrip(found, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ").astype(np.int64) - 1
    letters, which = np.unique(np.char.rstrip(found, b"0123456789"), return_inverse=True)
    return rows, np.array([_column_number(one) - 1 for one in letters], dtype=np.int64)[which.reshape(-1)]


def _calculated_on_load(book) -> bool:
    """Whether an open .xlsx zip asks to be calculated when opened (``<calcPr fullCalcOnLoad="1">``), as workbooks
    written by programs do (xlsxwriter, openpyxl); Excel, saving a workbook, stores the results and drops it."""
    try:
        head = book.read("xl/workbook.xml")
    except KeyError:
        return False
    return bool(re.search(rb'<(?:\w+:)?calcPr[^>]*fullCalcOnLoad="(?:1|true)"', head))


def _sheet_marks(path: Path, sheet: str, seen: set[str]) -> SheetMarks | None:
    """The hidden rows, error cells, formulas and cells in red or struck-through font of ``sheet`` of an .xlsx/.xlsm
    workbook, looked for only as ``seen`` (:data:`_MARKS`) says the sheet holds them, and formulas only in a
    workbook that asks to be calculated when opened (:func:`_calculated_on_load`): a hand-kept ledger Excel saved,
    its =SUM() lines and all, is not read twice. None when there is nothing to look for or the sheet's parts cannot
    be found."""
    import zipfile

    empty = np.array([], dtype=np.int64)
    refs: dict[str, list] = {"hidden": [], "error": [], "error_text": [], "formula": [], "formula_type": [],
                             "formula_shared": [], "formula_text": [], "formula_value": [], "red": [], "struck": []}
    filters: tuple = ()
    try:
        with zipfile.ZipFile(path) as book:
            found = _sheet_part(book, sheet)
            if found is None:
                return None
            if "formula" in seen and not _calculated_on_load(book):  # Excel saved it: every result stored
                seen = seen - {"formula"}
            fonts = _font_styles(book) if seen & {"red", "struck"} else {}
            seen = seen - {mark for mark in ("red", "struck") if not fonts.get(mark)}
            if not seen:
                return None
            patterns = None
            with book.open(found[1]) as xml:
                tail, more = b"", True
                while more:
                    read = xml.read(1 << 24)
                    more = bool(read)
                    chunk = tail + read
                    if patterns is None:  # the tags as this writer spells them (<c, or <x:c from some)
                        raw = (re.search(rb"<(\w+:)?c r=", chunk) or re.match(b"()", b"")).group(1) or b""
                        tag = re.escape(raw)
                        formula = rb"(?:<%sf[^>]*/>|<%sf[^>]*>[^<]*</%sf>)" % (tag, tag, tag)
                        # each a literal start, which Python's re finds fast
                        patterns = {
                            "hidden": re.compile(rb'<%srow r="([0-9]{1,7})"[^>]*? hidden="(?:1|true)"' % tag),
                            "error": re.compile(rb'<%sc r="([A-Z]{1,3}[0-9]{1,7})"[^>]*? t="e"[^>]*>%s?'
                                                rb'<%sv>([^<]*)</%sv>' % (tag, formula, tag, tag)),
                            "formula": re.compile(rb'<%sc r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)><%sf([^>]*?)(?:/>|>'
                                                  rb'([^<]*)</%sf>)(?:<%sv>([^<]*)</%sv>)?'
                                                  % (tag, tag, tag, tag, tag))}
                        # a cell's reference and a red (struck) style, in either order, its type between them
                        styled = {mark: [re.compile(rb'<%sc r="([A-Z]{1,3}[0-9]{1,7})"(?: t="\w+")? s="(?:%s)"'
                                                    % (tag, b"|".join(styles))),
                                         re.compile(rb'<%sc s="(?:%s)"(?: t="\w+")? r="([A-Z]{1,3}[0-9]{1,7})"'
                                                    % (tag, b"|".join(styles)))]
                                  for mark, styles in fonts.items() if mark in seen}
                        starts = (b"<%sc " % raw, b"<%srow " % raw)
                    # a cell or row cut by the chunk's end is read with the next chunk
                    cut = max(chunk.rfind(starts[0]), chunk.rfind(starts[1]))
                    cut = len(chunk) if cut <= 0 or not more else cut  # the last cell with the last chunk
                    if "hidden" in seen:
                        refs["hidden"] += patterns["hidden"].findall(chunk, 0, cut)
                    if "error" in seen and (found_here := patterns["error"].findall(chunk, 0, cut)):
                        ref, text = zip(*found_here)
                        refs["error"] += ref
                        refs["error_text"] += text
                    if "formula" in seen and (found_here := patterns["formula"].findall(chunk, 0, cut)):
                        ref, kind, shared, text, value = zip(*found_here)
                        refs["formula"] += ref
                        refs["formula_type"] += kind
                        refs["formula_shared"] += shared
                        refs["formula_text"] += text
                        refs["formula_value"] += value
                    for mark, ways in styled.items():
                        for way in ways:
                            refs[mark] += way.findall(chunk, 0, cut)
                    if not more and "hidden" in seen:  # after the rows: in the last chunk
                        filters = _autofilter(chunk)
                    tail = chunk[cut:]
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    hidden = np.array(refs["hidden"]).astype(np.int64) - 1 if refs["hidden"] else empty
    rows, columns = _cell_places(refs["error"])
    texts = pd.Series(refs["error_text"], dtype=object).str.decode("utf-8", "replace").to_numpy(dtype=object)
    f_rows, f_columns = _cell_places(refs["formula"])
    values = pd.Series(refs["formula_value"], dtype=object).str.decode("utf-8", "replace")
    kinds = pd.Series(refs["formula_type"], dtype=object).str.decode("utf-8", "replace")
    stale = values.eq("").to_numpy(dtype=bool).copy()
    if len(values):  # a number (no type, or t="n") stored as 0
        numeric = ~kinds.str.contains('t="', regex=False) | kinds.str.contains('t="n"', regex=False)
        stale |= (numeric & pd.to_numeric(values, errors="coerce").eq(0)).to_numpy(dtype=bool)
    written = pd.Series(refs["formula_text"], dtype=object).str.decode("utf-8", "replace").to_numpy(dtype=object)
    return SheetMarks(hidden=hidden, errors=(rows, columns, texts), formulas=(f_rows, f_columns, stale),
                      formula_texts=written, formula_masters=_shared_masters(refs["formula_shared"], written),
                      red=_cell_places(refs["red"]), struck=_cell_places(refs["struck"]), filters=filters)


def _autofilter(xml: bytes) -> tuple[tuple[int, tuple[str, ...] | None], ...]:
    """The filtered columns of a sheet's ``<autoFilter ref="A1:G3001">`` (in ``xml``, the end of the sheet's XML):
    (0-based column, the values its ``<filters>`` show, blank as ``""``) for each ``<filterColumn colId>``, or
    (column, None) for a column filtered another way (a custom condition, top 10, a colour, dates by group)."""
    import html

    found = re.search(rb'<(\w+:)?autoFilter\b[^>]*?\bref="\$?([A-Z]{1,3})\$?[0-9]+[^"]*"[^>]*?(?:/>|>(.*?)</(?:\w+:)?autoFilter>)',
                      xml, re.DOTALL)
    if found is None or not found.group(3):
        return ()
    first = _column_number(found.group(2)) - 1
    out = []
    for column in re.finditer(rb'<(?:\w+:)?filterColumn\b[^>]*?\bcolId="([0-9]+)"[^>]*?(?:/>|>(.*?)</(?:\w+:)?filterColumn>)',
                              found.group(3), re.DOTALL):
        body = column.group(2) or b""
        listed = re.search(rb'<(?:\w+:)?filters\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?filters>)', body, re.DOTALL)
        values = None
        if listed is not None and b"dateGroupItem" not in (listed.group(2) or b""):
            values = [html.unescape(v.decode("utf-8", "replace"))
                      for v in re.findall(rb'<(?:\w+:)?filter\b[^>]*?\bval="([^"]*)"', listed.group(2) or b"")]
            if re.search(rb'\bblank="(?:1|true)"', listed.group(1)):
                values.append("")
            values = tuple(values)
        out.append((first + int(column.group(1)), values))
    return tuple(out)


#: The first bytes of an OLE2 compound file: an Excel 97-2003 workbook (.xls, BIFF), whatever its name says.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xls_fonts(book) -> dict[str, np.ndarray]:
    """For each cell format (XF) of an open xlrd workbook (read with ``formatting_info``), whether its font is red
    (``red``) or struck through (``struck``), as :func:`_font_styles` tells them in an .xlsx: red is a colour of the
    workbook's palette (Excel's default one, or its own) clearly red (:func:`_is_red`), never the automatic colour;
    in a workbook written in red by default (the Normal style's font, or the default cell format's: XF 15) red marks
    nothing."""
    palette = book.colour_map

    def red(font) -> bool:
        rgb = palette.get(font.colour_index)
        return rgb is not None and _is_red("".join(f"{one:02X}" for one in rgb))

    fonts = book.font_list
    red_fonts = np.array([red(font) for font in fonts] + [False], dtype=bool)  # last: a font index out of range
    struck_fonts = np.array([bool(font.struck_out) for font in fonts] + [False], dtype=bool)
    ids = np.array([xf.font_index if 0 <= xf.font_index < len(fonts) else len(fonts) for xf in book.xf_list],
                   dtype=np.int64)
    found = {"red": red_fonts[ids], "struck": struck_fonts[ids]}
    defaults = [book.style_name_map.get("Normal", (1, 0))[1], 15]
    if any(found["red"][one] for one in defaults if 0 <= one < len(ids)):  # written in red throughout
        found["red"][:] = False
    return found


def _xls_marks(path: Path, sheet: str) -> SheetMarks | None:
    """The hidden rows, error cells and cells in red or struck-through font of ``sheet`` of an Excel 97-2003 workbook
    (.xls, BIFF), as :func:`_sheet_marks` finds them in an .xlsx (:class:`SheetMarks`; no formulas: Excel stores each
    one's result), read with xlrd: calamine, which reads the cells, tells none of them (an error cell reads empty).
    Rows and columns 0-based from the sheet's A1, as calamine's grid. The cells' formats are looked at only when a
    font of the workbook is red or struck through. None for another kind of file, or one xlrd cannot read (its cells
    are calamine's still)."""
    try:
        with path.open("rb") as handle:
            if handle.read(8) != _OLE2:
                return None
    except OSError:
        return None
    try:
        import xlrd
    except ImportError:  # a dependency of the kit: its environment was made before it was
        raise DataError(key="e_needs_xlrd", file=path.name) from None

    with open(os.devnull, "w") as quiet:  # xlrd writes its warnings to stdout
        try:  # the workbook's fonts, formats and palette (its sheets are read as asked: on_demand)
            book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, use_mmap=False, logfile=quiet)
            number = book.sheet_names().index(sheet)
        except Exception:  # noqa: BLE001 - xlrd's own errors, or a record it trips on: calamine read the cells
            return None
        try:
            fonts = {mark: xfs for mark, xfs in _xls_fonts(book).items() if xfs.any()}
            found = _biff_sheet(book.mem, book._sh_abs_posn[number]) if book.biff_version >= 80 else None
            if found is None:  # Excel 5/95 (BIFF5/7), or records that do not end as a sheet's: xlrd reads the sheet
                try:
                    found = _xlrd_sheet(book.sheet_by_index(number))
                except Exception:  # noqa: BLE001 - as above: the marks are lost, the cells are calamine's
                    return None
        finally:
            book.release_resources()
    from xlrd.biffh import error_text_from_code

    hidden, (rows, columns, xfs), (e_rows, e_columns, codes) = found
    texts = np.array([error_text_from_code.get(int(code), "#N/A") for code in codes], dtype=object)
    places = {}
    for mark, marked in fonts.items():  # the cells' formats only when a font of the workbook is red or struck
        lookup = np.append(marked, False)  # a format out of range: the last, unmarked
        at = lookup[np.where((xfs >= 0) & (xfs < len(marked)), xfs, len(marked))]
        places[mark] = (rows[at], columns[at])
    empty = (np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    return SheetMarks(hidden=hidden, errors=(e_rows, e_columns, texts), formulas=(*empty, np.array([], dtype=bool)),
                      red=places.get("red", empty), struck=places.get("struck", empty))


#: An .xls sheet's records (BIFF8) that :func:`_biff_sheet` reads: a row's (ROW: its hidden flag), a cell's (BLANK,
#: NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA, RSTRING: row, column and format first), cells of a row side by side
#: (MULRK: a format and a number each, 6 bytes; MULBLANK: a format each, 2 bytes); BOF and EOF bound the sheet and
#: any chart embedded in it.
_BIFF_ROW, _BIFF_BOOLERR, _BIFF_FORMULA, _BIFF_EOF = 0x0208, 0x0205, 0x0006, 0x000A
_BIFF_CELLS = (0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00D6)
_BIFF_SPANS = {0x00BD: 6, 0x00BE: 2}
_BIFF_BOFS = frozenset({0x0809, 0x0409, 0x0209, 0x0009})


def _biff_sheet(mem, start: int) -> tuple | None:
    """(hidden rows, (rows, columns, formats) of its cells, (rows, columns, codes) of its error cells) of the
    sheet whose BOF record is at ``start`` of an .xls workbook's stream ``mem`` (BIFF8), rows and columns 0-based.
    The records are walked in Python, a step each (several times faster than xlrd reading the sheet, which decodes
    every cell); their fields are read with numpy, all at once. None when the records do not end as a sheet's do."""
    import struct

    head = struct.Struct("<HH").unpack_from
    places: list[int] = []
    keep = places.append
    pos, end, depth = start, len(mem) - 4, 0
    while pos <= end:
        code, size = head(mem, pos)
        if code in _BIFF_BOFS:
            depth += 1
        elif code == _BIFF_EOF:
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:  # the sheet's own, not those of a chart embedded in it (as xlrd skips them)
            keep(pos)
        pos += 4 + size
    else:
        return None
    data = np.frombuffer(mem, dtype=np.uint8)
    at = np.array(places, dtype=np.int64)

    def u16(offsets: np.ndarray) -> np.ndarray:
        return data[offsets].astype(np.int64) | data[offsets + 1].astype(np.int64) << 8

    codes = u16(at)
    at = at[np.isin(codes, [_BIFF_ROW, *_BIFF_CELLS, *_BIFF_SPANS])]
    codes, sizes = u16(at), u16(at + 2)
    row = at[codes == _BIFF_ROW] + 4
    hidden = np.unique(u16(row)[(data[row + 12] & 0x20) != 0])
    one = at[np.isin(codes, _BIFF_CELLS)] + 4
    rows, columns, xfs = [u16(one)], [u16(one + 2)], [u16(one + 4)]
    for code, step in _BIFF_SPANS.items():  # a cell each ``step`` bytes from the fifth, after the row and column
        span = at[codes == code] + 4
        count = np.maximum((sizes[codes == code] - 6) // step, 0)
        within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        rows.append(np.repeat(u16(span), count))
        columns.append(np.repeat(u16(span + 2), count) + within)
        xfs.append(u16(np.repeat(span + 4, count) + within * step))
    kinds = codes[np.isin(codes, _BIFF_CELLS)]
    boolerr = one[(kinds == _BIFF_BOOLERR) & (data[one + 7] == 1)]  # an error, not a true or false
    formula = one[kinds == _BIFF_FORMULA]
    formula = formula[(u16(formula + 12) == 0xFFFF) & (data[formula + 6] == 2)]  # its result an error
    errors = np.concatenate([boolerr, formula])
    return (hidden, (np.concatenate(rows), np.concatenate(columns), np.concatenate(xfs)),
            (u16(errors), u16(errors + 2), data[np.concatenate([boolerr + 6, formula + 8])].astype(np.int64)))


def _xlrd_sheet(one) -> tuple:
    """:func:`_biff_sheet` of a sheet xlrd read (``formatting_info``), for a workbook older than BIFF8; cells
    without a format (-1: none there) left out."""
    from xlrd.biffh import XL_CELL_ERROR

    hidden = np.array(sorted(row for row, info in one.rowinfo_map.items() if info.hidden), dtype=np.int64)
    xfs = _xls_grid(one._cell_xf_indexes, np.int16)  # xlrd's own arrays, a row each: read at once, not cell by cell
    rows, columns = np.nonzero(xfs >= 0)
    e_rows, e_columns = np.nonzero(_xls_grid(one._cell_types, np.uint8) == XL_CELL_ERROR)
    codes = np.array([one._cell_values[r][c] for r, c in zip(e_rows, e_columns)], dtype=np.int64)
    return (hidden, (rows.astype(np.int64), columns.astype(np.int64), xfs[rows, columns].astype(np.int64)),
            (e_rows.astype(np.int64), e_columns.astype(np.int64), codes))


def _xls_grid(rows: list, dtype) -> np.ndarray:
    """xlrd's rows of one kind of value (``array.array`` each) as one array, short rows padded with -1."""
    width = max((len(row) for row in rows), default=0)
    if all(len(row) == width for row in rows):
        return np.frombuffer(b"".join(row.tobytes() for row in rows), dtype=dtype).reshape(len(rows), width)
    grid = np.full((len(rows), width), -1, dtype=np.int64)
    for r, row in enumerate(rows):
        grid[r, :len(row)] = row
    return grid


def _shared_masters(attributes: list[bytes], texts: np.ndarray) -> np.ndarray:
    """For each formula of a sheet (the attributes of its ``<f>`` tag and its text, in the sheet's order), the position
    of the formula whose text it follows: its own, or for a cell sharing another's (``<f t="shared" si="0"/>``,
    no text) the one that writes the text with the same ``si`` (``<f t="shared" ref="F2:F9" si="0">D2*E2</f>``);
    -1 when no formula of the sheet writes it."""
    masters = np.arange(len(texts), dtype=np.int64)
    if not len(texts):
        return masters
    tags = pd.Series(attributes, dtype=object).str.decode("utf-8", "replace")
    shared = tags.str.contains('t="shared"', regex=False).to_numpy(dtype=bool)
    group = tags.str.extract(r'\bsi="([0-9]+)"', expand=False).to_numpy(dtype=object)
    written = pd.Series(texts, dtype=object).fillna("").ne("").to_numpy(dtype=bool)
    heads = pd.Series(masters[shared & written], index=group[shared & written])
    heads = heads[~heads.index.duplicated()]
    follow = shared & ~written
    masters[follow] = pd.Series(group[follow], dtype=object).map(heads).fillna(-1).to_numpy(dtype=np.int64)
    return masters


def _sheet_extent(book, part: str, seen: set[str] | None = None, marks: dict | None = None) -> tuple[int, int, int]:
    """(last row, last column, bytes) of a sheet's XML: its record of its extent (<dimension>) when no cell lies
    beyond what that record's figures can reach (as many letters and digits), else the farthest cell of the XML;
    calamine builds its grid to the farthest cell whatever the record says (review: a record of A1:C6 over a cell
    at XFD1000 passed). The bytes are counted as read, not as the zip declares them. ``seen`` is given the
    ``marks`` (:data:`_MARKS` or some of them) the XML holds, looked for in the same read (a search for a text
    each: 0.3 s on a sheet of 350 MB)."""
    size, recorded, beyond, last = 0, None, False, b""
    with book.open(part) as xml:
        while chunk := xml.read(1 << 24):
            if seen is not None:
                probe = last + chunk[:32]  # a mark cut by the chunk's end
                seen.update(mark for mark, literals in (_MARKS if marks is None else marks).items()
                            if mark not in seen and any(one in chunk or one in probe for one in literals))
                last = chunk[-32:]
            if not size:
                found = re.search(rb'<(?:\w+:)?dimension ref="[A-Z]*\d*:?([A-Z]+)(\d+)"', chunk[:1 << 14])
                recorded = (found.group(1), found.group(2)) if found else None
                if recorded:  # a reference with more letters or digits than the record's last cell: beyond it
                    letters, digits = len(recorded[0]), len(recorded[1])
                    # each a literal start (r="), which Python's re finds fast: 1 s a 350 MB sheet, not 5
                    past = ([re.compile(rb'r="[A-Z]{%d,3}[0-9]' % (letters + 1))] if letters < 3 else []) + \
                        [re.compile(rb'r="[A-Z]{1,3}[0-9]{%d}' % (digits + 1))]
            size += len(chunk)
            beyond = beyond or recorded is None or any(one.search(chunk) for one in past)
    if not beyond and recorded is not None:
        return int(recorded[1]), _column_number(recorded[0]), size
    rows = columns = 0  # the farthest cell of the XML, read again (a small sheet, or one without a record)
    with book.open(part) as xml:
        tail = b""
        while chunk := xml.read(1 << 24):
            chunk = tail + chunk
            columns = max([columns, *map(_column_number, set(_CELL_COLUMN.findall(chunk)))])
            rows = max([rows, *map(int, set(_CELL_ROW.findall(chunk)))])
            tail = chunk[-64:]
    if recorded:
        rows, columns = max(rows, int(recorded[1])), max(columns, _column_number(recorded[0]))
    return rows, columns, size


def _excel_cells(values: np.ndarray) -> np.ndarray:
    """One column of calamine cells as pandas' Excel reader leaves them (see :func:`_excel_grid`).

    The column's type is read below its first 30 cells (where titles and the header row are), so a column of
    numbers or dates under its header is converted at once, not cell by cell.
    """
    from pandas._libs.parsers import STR_NA_VALUES

    values = values.copy()
    values[pd.Series(values).isin(list(STR_NA_VALUES)).to_numpy()] = np.nan
    head, body = values[:30], values[30:]
    values[:30] = [_excel_cell(v) for v in head]
    kind = pd.api.types.infer_dtype(body, skipna=True)
    if kind in ("floating", "mixed-integer-float"):  # 13085.0 stored as a float is the whole number 13085
        numbers = body.astype(float)
        whole = np.isfinite(numbers) & (np.floor(numbers) == numbers)
        small = whole & (np.abs(numbers) < 2.0**63)
        body[small] = numbers[small].astype(np.int64).astype(object)
        body[whole & ~small] = [int(v) for v in numbers[whole & ~small]]  # 1e20: beyond int64, a Python int
    elif kind == "date":  # dates as datetimes, as openpyxl gives them
        date = dt.date
        body[:] = [dt.datetime(v.year, v.month, v.day) if type(v) is date else v for v in body]
    elif kind not in ("string", "empty", "integer", "boolean", "datetime", "timedelta", "time"):
        body[:] = [_excel_cell(v) for v in body]  # mixed cells, as a hand-kept column holds
    return values


def _excel_cell(value):
    """One calamine cell as pandas' Excel reader leaves it: a whole float as int, a date as datetime."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _read_excel(path: Path, *, sheet, encoding, header_row, expected, once=(), roles=LineRoles(),
                synonyms=()) -> pd.DataFrame:
    grid, ranges, sheet_label, marks = _sheet_grid(path, sheet)
    if grid.empty:
        raise EmptySheet(f"{path.name}: the sheet {sheet_label} is empty", "empty sheet")
    top = grid.head(30)
    head = top.astype(object).where(top.notna(), None).values.tolist()
    header = header_row - 1 if header_row else find_header(head, expected)
    if header >= len(grid):
        raise EmptySheet(f"{path.name}: the sheet {sheet_label} has {len(grid)} rows, so no header in row {header_row} "
                         f"(`data.header_row`)", f"no row {header_row}")
    two = None if header_row else _two_row_header(grid, ranges, header)
    found = None if two is not None else side_by_side(grid, header, expected)
    alike = found is not None and len({tuple(normalise_header(grid.iat[header, c]) for c in range(a, b + 1))
                                       for a, b, _ in found}) == 1
    blocks = found if alike else _same_table(grid, header, found, expected, synonyms) if found else None
    if blocks is not None and len(blocks) > 1:  # one table cut into blocks side by side (2024年 | 2025年): stacked
        parts = []
        for first, last, title in blocks:
            part = _block_frame(grid.iloc[:, first:last + 1].set_axis(range(last + 1 - first), axis=1), ranges,
                                marks, header, first, sheet_label, once, roles)
            parts.append((f"{_column_letters(first + 1)}:{_column_letters(last + 1)}" + (f" {title}" if title else ""),
                          part))
        frame = pd.concat([part for _, part in parts], ignore_index=True)
        frame.attrs = {BLOCKS: SideBlocks(parts, sheet_label[1:-1] if sheet_label[:1] in "'\"" else sheet_label)}
        if unread := [table for table in found if table not in blocks]:  # a returns table beside the years' blocks
            frame.attrs[BESIDE] = _tables_said(grid, header, unread)
        return frame
    if blocks is not None:  # another table beside this one, under headers of its own: only this one is read
        first, last, _ = blocks[0]
        frame = _block_frame(grid.iloc[:, first:last + 1].set_axis(range(last + 1 - first), axis=1), ranges,
                             marks, header, first, sheet_label, once, roles)
        frame.attrs[BESIDE] = _tables_said(grid, header, found[1:])
        return frame
    return _block_frame(grid, ranges, marks, header, 0, sheet_label, once, roles, header_row=header_row,
                        head=head, expected=expected, two=two)


def beside_lists(frame: pd.DataFrame, headers: Sequence[str], columns) -> str | None:
    """The lines of ``data.columns`` that would read the table beside ``frame`` (under ``headers``, :data:`BESIDE`)
    with it, when it is the same table under other names (2024年's 日期, 金额 beside 2025年's 销售日期, 销售金额): each
    column mapped to a header of ``frame`` that the other table names otherwise, listed with the other's name as the
    kit knows it (:func:`kit.scaffold.guess_columns`), ``order_date: ["日期", "销售日期"]; amount: ["金额", "销售金额"]``.
    None when the other table has another number of columns, or some mapped column has no counterpart there (a
    returns table's 退货金额 is no amount): it is told as another table, without lists."""
    import json

    from .scaffold import guess_columns

    own = [c for c in frame.columns if c != SOURCE_ROW]
    other = {normalise_header(h): h for h in headers}
    mapped = {k: names for k, names in columns.headers().items()
              if any(normalise_header(n) in {normalise_header(c) for c in own} for n in names)}
    if len(headers) != len(own) or not mapped:
        return None
    guessed = guess_columns(list(headers))
    lists = []
    for key, names in mapped.items():
        if any(normalise_header(n) in other for n in names):
            continue
        if key not in guessed:
            return None
        lists.append(f"{key}: {json.dumps([*names, guessed[key]], ensure_ascii=False)}")
    return "; ".join(lists) or None


def _tables_said(grid: pd.DataFrame, header: int, tables) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The tables left unread beside the one read, for kit init to name (:data:`BESIDE`): (where, headers) of each."""
    return tuple((f"{_column_letters(a + 1)}:{_column_letters(b + 1)}" + (f" {title}" if title else ""),
                  tuple(str(grid.iat[header, c]).strip() for c in range(a, b + 1) if not pd.isna(grid.iat[header, c])))
                 for a, b, title in tables)


#: Key of ``DataFrame.attrs`` where :func:`read_table` keeps the blocks of a sheet holding one table cut into blocks
#: side by side under the same headers (a ledger by year: 2024年 in A:E, 2025年 in G:K): :class:`SideBlocks`. The
#: frame itself is the blocks stacked; :func:`read_order_sheets` reads each block as a table of its own.
BLOCKS = "side_blocks"
#: Key of ``DataFrame.attrs`` naming the tables beside the one read, under headers of their own (:func:`side_by_side`):
#: (where, headers) of each, ``("G:J 退货", ("退货单号", "日期", ...))``.
BESIDE = "tables_beside"


class SideBlocks(tuple):
    """(where, frame) of each block of a sheet read by :func:`side_by_side`: ``A:E 2024年`` (its columns and the
    title above it) and its rows as :func:`read_table` reads a sheet (its own attrs); ``sheet`` is the sheet's
    name. Shared by pandas' copies of ``attrs`` rather than deep-copied."""

    sheet: str = ""

    def __new__(cls, parts, sheet: str = ""):
        out = super().__new__(cls, parts)
        out.sheet = sheet
        return out

    def __deepcopy__(self, memo):
        return self


def _filled(column: pd.Series) -> np.ndarray:
    """Whether each cell of a sheet's column holds something (not empty, not blanks)."""
    text = column.astype("string").str.strip()
    return (column.notna() & text.ne("").fillna(False)).to_numpy(dtype=bool)


def _any_filled(column: pd.Series) -> bool:
    """Whether a sheet's column holds something below (:func:`_filled`), from its first filled cells when it can."""
    values = column.dropna()
    if values.empty:
        return False
    if values.dtype != object:
        return True
    return bool(_filled(values.iloc[:1000]).any()) or bool(_filled(values).any())


def side_by_side(grid: pd.DataFrame, header: int, expected: Sequence[str] = ()) -> list[tuple[int, int, str]] | None:
    """The tables side by side on a sheet, from its header row ``header`` down, kept apart by a column empty from
    the header row down: (first column, last column, the title above it or ``""``) of each, 0-based.

    A table is a block with two header cells or more, all text and none of them a date or a number, and a filled
    row below them. Blocks under the same headers are one table cut into parts (a ledger by year: ``2024年`` in
    A:E, ``2025年`` in G:K): all of them are returned, to be stacked. Tables under headers of their own that share a
    name (日期 in both) are two tables: the one to read comes first, the one holding the most ``expected`` headers
    (then the most filled cells), its names then its own, not ``日期.1``, and the others after it. None for one
    table, notes or a small pivot beside it.
    """
    if grid.shape[1] < 5 or header >= len(grid):
        return None
    below = grid.iloc[header:]
    seen = below.notna().any(axis=0).to_numpy(dtype=bool)  # no empty column between filled ones: one table, fast
    if np.count_nonzero(np.diff(np.concatenate([[0], seen.astype(int), [0]])) == 1) < 2:
        return None
    # an empty spacer column inside one table (金额 | | 备注) is the common case: settled from the header row and
    # each column's first filled cells, every cell of a large sheet looked at only for two tables or more
    used = np.array([bool(seen[c]) and _any_filled(below.iloc[:, c]) for c in range(grid.shape[1])])
    edges = np.flatnonzero(np.diff(np.concatenate([[0], used.astype(int), [0]])))
    named = _filled(grid.iloc[header])
    spans = [(first, last) for first, last in zip(edges[::2], edges[1::2] - 1) if named[first:last + 1].sum() >= 2]
    if len(spans) < 2:
        return None
    filled = np.zeros(below.shape, dtype=bool)
    for first, last in spans:
        for c in range(first, last + 1):
            filled[:, c] = _filled(below.iloc[:, c])
    tables = []
    for first, last in spans:
        names = [normalise_header(grid.iat[header, c]) if filled[0, c] else "" for c in range(first, last + 1)]
        texts = [grid.iat[header, c] for c in range(first, last + 1) if filled[0, c]]
        rows = filled[1:, first:last + 1].sum(axis=1)
        if len(texts) < 2 or not all(isinstance(c, str) for c in texts) or _is_data_row(texts) \
                or not (rows >= 2).any():
            continue
        tables.append((first, last, tuple(names), int(filled[:, first:last + 1].sum())))
    if len(tables) < 2:
        return None
    if len({names for _, _, names, _ in tables}) == 1:
        return [(first, last, _title_above(grid, header, first, last)) for first, last, _, _ in tables]
    seen = [{n for n in names if n} for _, _, names, _ in tables]
    if not any(seen[i] & seen[j] for i in range(len(seen)) for j in range(i + 1, len(seen))):
        return None  # headers of their own, none twice: read as one row of columns, as before
    wanted = {normalise_header(h).translate(SIMPLIFIED) for h in expected}
    # the most filled cells: of all the blocks under the same headers (a ledger's years), not of one block, so that
    # two years of orders come before a returns table longer than either
    cells = Counter()
    for _, _, names, count in tables:
        cells[names] += count
    best = max(tables, key=lambda t: (len({n.translate(SIMPLIFIED) for n in t[2]} & wanted), cells[t[2]], t[3], -t[0]))
    others = [(first, last, _title_above(grid, header, first, last)) for first, last, _, _ in tables if first != best[0]]
    return [(best[0], best[1], _title_above(grid, header, best[0], best[1])), *others]


def _same_table(grid: pd.DataFrame, header: int, found: list[tuple[int, int, str]], expected: Sequence[str],
                synonyms: Sequence[Sequence[str]] = ()) -> list[tuple[int, int, str]]:
    """Of the tables :func:`side_by_side` found under headers of their own, the one to read (the first) and those
    that are the same table all the same: each holding every ``expected`` header and sharing 80% of its headers
    with the first, or all of the headers of one of them (a 备注 column added in 2025年's block:
    :func:`_alike_headers`). A pivot or a returns table beside it stays apart. Headers of one group of
    ``synonyms`` count as one (2024年's 日期 and 金额, 2025年's 销售日期 and 销售金额, listed in ``data.columns``: QA c17,
    the 2024年 block was left out), and so do the ``expected`` ones: each block then holds one of each group."""
    group: dict[str, str] = {}
    for index, names_of in enumerate(synonyms):
        for name in names_of:
            group.setdefault(normalise_header(name).translate(SIMPLIFIED), f"\x00{index}")

    def canonical(text) -> str:
        name = normalise_header(text).translate(SIMPLIFIED)
        return group.get(name, name)

    def names(first: int, last: int) -> set[str]:
        return {canonical(grid.iat[header, c]) for c in range(first, last + 1)
                if not pd.isna(grid.iat[header, c]) and str(grid.iat[header, c]).strip()}

    wanted = {canonical(h) for h in expected}
    read = names(found[0][0], found[0][1])
    if not wanted or not wanted <= read:  # kit init, looking for any header it knows (or a run's table lacking one):
        # the blocks under the very same headers, as when every table is so (QA: init read 2024年 alone, 2025年
        # beside it said to be another table, and the run read both), or under headers differing by ones no mapping
        # names (a 备注 added in 2025年's block), 80% of them shared: the run reads those together too
        return sorted([found[0], *[(a, b, title) for a, b, title in found[1:] if names(a, b) == read or (
            not (names(a, b) ^ read) & wanted and _alike_headers(read, names(a, b)))]])
    same = [(a, b, title) for a, b, title in found[1:] if wanted <= names(a, b) and _alike_headers(read, names(a, b))]
    return sorted([found[0], *same])  # left to right


def _alike_headers(one: set[str], other: set[str]) -> bool:
    """Whether two blocks side by side are under one table's headers: 80% of them shared, or every header of one
    among the other's, the other adding a few (2025年 adding 备注 and 经办人 to 2024年's five: 5 of 7 shared, and the
    run read 2025年 alone, 2024年's orders left out without a word)."""
    shared = len(one & other)
    return shared >= 0.8 * max(len(one), len(other)) or (shared == min(len(one), len(other)) >= 3)


def _title_above(grid: pd.DataFrame, header: int, first: int, last: int) -> str:
    """The text nearest above a block's header row within its columns (``2024年``), or ``""``."""
    for row in range(header - 1, -1, -1):
        for c in range(first, last + 1):
            value = grid.iat[row, c]
            if not pd.isna(value) and str(value).strip():
                return " ".join(str(value).split())
    return ""


def _marks_within(marks: SheetMarks | None, offset: int, width: int) -> SheetMarks | None:
    """A sheet's marks in the columns ``offset`` to ``offset + width - 1``, numbered from 0 there."""
    if marks is None:
        return None
    from dataclasses import replace

    def pick(columns: np.ndarray) -> np.ndarray:
        return (columns >= offset) & (columns < offset + width)

    rows, columns, stale = marks.formulas
    inside = pick(columns)
    texts, masters = marks.formula_texts, marks.formula_masters
    whole = len(texts) == len(rows) and len(masters) == len(rows)
    if whole:  # a formula's master by its position among those kept (-1 when it is not among them)
        at = np.full(len(rows), -1, dtype=np.int64)
        at[inside] = np.arange(int(inside.sum()))
        masters = np.where(masters >= 0, at[np.clip(masters, 0, max(len(rows) - 1, 0))], -1)[inside]
        texts = texts[inside]
    red, struck = marks.red, marks.struck
    return replace(marks, formulas=(rows[inside], columns[inside] - offset, stale[inside]),
                   formula_texts=texts if whole else marks.formula_texts,
                   formula_masters=masters if whole else marks.formula_masters,
                   red=(red[0][pick(red[1])], red[1][pick(red[1])] - offset),
                   struck=(struck[0][pick(struck[1])], struck[1][pick(struck[1])] - offset))


def _block_frame(grid: pd.DataFrame, ranges, marks: SheetMarks | None, header: int, offset: int, sheet_label: str,
                 once, roles: LineRoles, *, header_row=None, head=None, expected=(), two=None) -> pd.DataFrame:
    """The table of ``grid`` (a sheet's cells, or the block of its columns from ``offset`` on) under the header row
    ``header``, as :func:`read_table` returns it; ranges and marks are the sheet's, in its columns."""
    if head is None:  # a block: its rows end with its last filled one (the table beside it may be longer)
        filled = np.flatnonzero(np.column_stack([_filled(grid.iloc[:, c]) for c in range(grid.shape[1])]).any(axis=1))
        grid = grid.iloc[:max(int(filled[-1]) + 1 if len(filled) else 0, header + 1)]
    if offset:  # a block's merged ranges and marks in its own columns
        width = grid.shape[1]
        ranges = [(r0, c0 - offset, r1, c1 - offset) for r0, c0, r1, c1 in ranges
                  if offset <= c0 < offset + width]
        marks = _marks_within(marks, offset, width)
    if head is not None and not header_row and _is_data_row(["" if v is None else str(v) for v in head[header]], expected,
                                                            [["" if v is None else str(v) for v in row]
                                                             for row in head[header + 1:header + 30]]):
        header -= 1  # dates and amounts where the headers would be: no header row, columns go by position
        names = [f"column_{i}" for i in range(1, grid.shape[1] + 1)]
    elif two is not None:  # a header of two rows (一季度 over 1月 2月 3月, 客户 merged down both): the rows below
        header, names = two
    else:
        names = _dedupe([
            "Unnamed: %d" % i if pd.isna(v) else str(v).strip()
            for i, v in enumerate(grid.iloc[header].tolist())
        ])
    stale = _uncalculated(grid, marks, header)
    frame = grid.iloc[header + 1:].copy()
    frame.columns = names
    filled: list[tuple] = []
    if frame.isna().to_numpy().any():  # merged cells read as empty but for their top cell
        frame, filled = _fill_merged(frame, ranges, header, {normalise_header(h) for h in once}, roles)
    # empty unnamed columns of a formatted sheet carry nothing
    keep = [not (c.startswith("Unnamed: ") and frame[c].isna().all()) for c in frame.columns]
    frame = frame.loc[:, keep]
    frame.insert(0, SOURCE_ROW, frame.index.to_numpy(dtype=np.int64) + 1)
    if marks is not None and len(marks.hidden):  # rows hidden (or filtered out): still data, counted and said
        hidden = frame.loc[frame[SOURCE_ROW].isin(marks.hidden + 1), SOURCE_ROW].tolist()
        filled = [*filled, *zip(hidden, [""] * len(hidden), hidden, ["hidden"] * len(hidden))]
    frame = frame.reset_index(drop=True)
    frame.attrs[MERGED] = MergedCells(filled)
    if marks is not None and len(marks.hidden) and marks.filters:  # hidden by a filter: which column, which values
        frame.attrs[FILTERED] = tuple((names[c], values) for c, values in marks.filters if c < len(names))
    for key, found in ((RED, marks.red), (STRUCK, marks.struck)) if marks is not None else ():
        if len(found[0]):  # cells in red font (红字) or struck through (作废), told apart by read_order_sheets
            rows, columns = found
            below = (rows > header) & (columns < len(names))
            frame.attrs[key] = FontCells(sheet_label, rows[below] + 1, columns[below] + offset,
                                         ("",) * offset + tuple(names))
    if stale:  # the columns, what their formulas multiply, and the letters of every column (to read them by)
        frame.attrs[UNCALCULATED] = (sheet_label, tuple(names[c] for c, _, _ in stale if c < len(names)),
                                     {names[c]: kinds for c, kinds, _ in stale if c < len(names)},
                                     {name: _column_letters(i + 1 + offset) for i, name in enumerate(names)},
                                     {names[c]: cells for c, _, cells in stale if c < len(names)})
    return frame


def _uncalculated(grid: pd.DataFrame, marks: SheetMarks | None, header: int) -> list[tuple[int, dict[str, int]]]:
    """The columns of ``grid`` below row ``header`` whose formulas hold no result a calculation gave (see
    :class:`SheetMarks`: a workbook a program wrote and Excel never saved, its formulas stored as 0 or with no
    value), those cells made empty, as calamine reads a formula without a value; a column with one formula whose
    result is not 0 was calculated, and one of typed values with a formula or two (a =SUM() line) is not named
    (its formulas are made empty all the same). Each column comes with what its formulas are: the columns of its
    row each multiplies (:func:`_row_products`: ``D*E``, or ``""`` for any other formula) and the first row
    (1-based) that writes each. Rows and columns 0-based."""
    if marks is None or not len(marks.formulas[0]):
        return []
    rows, columns, stale = marks.formulas
    products = _row_products(marks)
    below = (rows > header) & (rows < grid.shape[0]) & (columns < grid.shape[1])
    rows, columns, stale, products = rows[below], columns[below], stale[below], products[below]
    whole = pd.Series(stale).groupby(columns).all()
    out = []
    for column in whole.index[whole.to_numpy(dtype=bool)]:
        grid.iloc[rows[columns == column], column] = np.nan
        typed = int(grid.iloc[header + 1:, column].notna().sum())
        if (columns == column).sum() >= typed:  # a column of formulas, not typed values under a =SUM() line
            first = pd.Series(rows[columns == column] + 1).groupby(products[columns == column]).min()
            made = pd.Series(rows[columns == column] + 1).groupby(products[columns == column])
            most = made.size().idxmax()  # the rows of every kind but the column's most frequent (few: a =SUM() line)
            out.append((int(column), {kind: int(row) for kind, row in first.sort_values().items()},
                        {kind: tuple(int(r) for r in found) for kind, found in made if kind != most}))
    return out


def _row_products(marks: SheetMarks) -> np.ndarray:
    """For each formula of ``marks``, the two columns of its own row it multiplies and nothing else (``D*E`` for
    =D2*E2 or =$E2 * $D2 in row 2), ``""`` for any other formula (=D2*E2*(1-F2), =D2*E3, a sum). A cell sharing
    another's formula (:func:`_shared_masters`) is that formula moved to its row: the same product when the formula
    it follows is one of its own row's cells, in the same column, with no row anchored ($2)."""
    rows, columns, _ = marks.formulas
    texts, masters = marks.formula_texts, marks.formula_masters
    if len(texts) != len(rows) or len(masters) != len(rows):
        return np.full(len(rows), "", dtype=object)
    import pyarrow as pa
    import pyarrow.compute as pc

    known = masters >= 0
    at = np.where(known, masters, 0)
    # pyarrow's regex runs in C++: a column of 100,000 formulas in 0.2 s (pandas' str.extract, a call a cell: 1 s)
    found = pc.extract_regex(pa.array(texts[at], type=pa.string()),
                             r"^\s*=?\s*\$?(?P<a>[A-Z]{1,3})(?P<b>\$?)(?P<c>[0-9]+)\s*\*\s*"
                             r"\$?(?P<d>[A-Z]{1,3})(?P<e>\$?)(?P<f>[0-9]+)\s*$")
    parts = [pc.fill_null(pc.struct_field(found, [i]), "x").to_numpy(zero_copy_only=False).astype(object)
             for i in range(6)]  # "x" where the formula is no such product
    row = (rows[at] + 1).astype(str).astype(object)
    moved = at != np.arange(len(rows))
    fine = known & (parts[2] == row) & (parts[5] == row) & (columns[at] == columns) & \
        (~moved | ((parts[1] == "") & (parts[4] == "")))
    first = parts[0] <= parts[3]
    pair = np.where(first, parts[0], parts[3]) + "*" + np.where(first, parts[3], parts[0])
    return np.where(fine, pair, "").astype(object)


def _two_row_header(grid: pd.DataFrame, ranges, header: int) -> tuple[int, list[str]] | None:
    """(last header row, names) when the header found spans two rows of a hand-kept sheet: merged cells join them
    (客户编码 merged down over both rows, or 一季度 merged across 1月 2月 3月 below it) and every label of the second
    row sits under a label merged across it or under an empty cell. A column is named by its lower cell (1月), else
    by the upper (客户编码); lower names that repeat (本期 金额, 上年 金额) keep the upper as a prefix. None for a
    one-row header (the row below is data, or units under the headers)."""
    for top in (header, header - 1):
        if top < 0 or top + 1 >= len(grid):
            continue
        down = [(c0, c1) for r0, c0, r1, c1 in ranges if r0 == top and r1 >= top + 1]
        across = [(c0, c1) for r0, c0, r1, c1 in ranges if r0 == top and r1 == top and c1 > c0]
        if not down and not across:
            continue
        upper, lower = grid.iloc[top].tolist(), grid.iloc[top + 1].tolist()
        if sum(not pd.isna(v) for v in upper) < 2:  # a title merged across the sheet, not a header
            continue
        group = [False] * len(upper)
        for c0, c1 in across:  # a label merged across: each column under it carries it
            upper[c0 + 1:c1 + 1] = [upper[c0]] * (c1 - c0)
            group[c0:c1 + 1] = [True] * (c1 + 1 - c0)
        text = ["" if pd.isna(v) else str(v).strip() for v in upper]
        below = ["" if pd.isna(v) or not str(v).strip() else v for v in lower]
        cells = [v for v in below if v != ""]
        # every lower label under a group label or an empty cell; a cell under a header of its own is data
        placed = all(v == "" or group[i] or not text[i] for i, v in enumerate(below))
        if len(cells) < 2 or not placed or not all(isinstance(v, str) for v in cells) or _is_data_row(cells):
            continue
        below = [str(v).strip() for v in below]
        counts: dict[str, int] = {}
        for name in below:
            counts[name] = counts.get(name, 0) + 1
        names = [(_joined(a, b) if a and (counts[b] > 1 or b.lower() in _PARTS) else b) if b else a
                 for a, b in zip(text, below)]
        return top + 1, _dedupe([n or f"Unnamed: {i}" for i, n in enumerate(names)])
    return None


#: Labels of a second header row that name a part of the label above them (客户 over 编码 | 名称): the column is
#: named by both (客户编码, 客户名称), or a code and a name column would read as no customer's (QA: 云星空).
_PARTS = {"编码", "代码", "编号", "代号", "名称", "简称", "全称", "号码", "id", "code", "name", "no", "no."}


def _joined(upper: str, lower: str) -> str:
    """``客户`` and ``编码`` as ``客户编码``; ``Customer`` and ``Code`` as ``Customer Code``; ``本期`` and ``金额`` as
    ``本期 金额`` (kept apart as before)."""
    cjk = re.search(r"[\u4e00-\u9fff]$", upper) and re.match(r"[\u4e00-\u9fff]", lower)
    return f"{upper}{lower}" if cjk and lower.lower() in _PARTS else f"{upper} {lower}"


@dataclass(frozen=True, eq=False)
class FontCells:
    """The cells of a sheet written in red font (:data:`RED`) or struck through (:data:`STRUCK`), shared rather
    than deep-copied by pandas' copies of ``attrs`` (as :class:`MergedCells`)."""

    sheet: str  # the sheet's name as quoted
    rows: np.ndarray  # each cell's row as the user sees it (:data:`SOURCE_ROW`)
    columns: np.ndarray  # each cell's column, 0-based
    names: tuple[str, ...]  # the sheet's column names as read, by column

    def __deepcopy__(self, memo):
        return self


def filter_said(frame: pd.DataFrame, lang: str = "en") -> str | None:
    """The active filter (:data:`FILTERED`) of a sheet read into ``frame``, in words for a note: the column and the
    values it shows, and, when it shows listed values of one column, how to grade only those rows (cleaning.exclude
    of the column's other values, as the sheet holds them): the hint that the client may have meant to send those
    rows only (QA c85: 2,242 of 3,000 rows hidden by 区域 = 华东, said as hidden rows only). None without one."""
    from .text import t

    filters = frame.attrs.get(FILTERED) or ()
    if not filters:
        return None
    sep = "、" if lang == "zh" else ", "

    def shown(values) -> str:
        said = [v if v else t("filter_blank", lang) for v in values[:6]]
        return sep.join(said) + ("…" if len(values) > 6 else "")

    parts = [t("filter_values" if values is not None else "filter_condition", lang, column=column,
               values=shown(values) if values else "")
             for column, values in filters]
    said = t("filter_said", lang, filters=("；" if lang == "zh" else "; ").join(parts))
    listed = [(column, values) for column, values in filters if values]
    if len(listed) == 1 and len(filters) == 1 and listed[0][0] in frame.columns:
        column, values = listed[0]
        cells = frame[column].astype("string").str.strip().fillna("")
        others = [v for v in pd.unique(cells) if v and v not in {x.strip() for x in values}]
        if others:
            quoted = ", ".join(others[:12]) + (", …" if len(others) > 12 else "")
            said += t("filter_exclude", lang, column=column, values=shown(values), others=quoted)
    return said


class MergedCells(tuple):
    """The cells filled from merged ranges (:data:`MERGED`): a tuple that pandas' copies of ``attrs`` share
    rather than deep-copy, so a sheet with many merged ranges costs nothing per DataFrame operation."""

    def __deepcopy__(self, memo):
        return self


def _fill_merged(frame: pd.DataFrame, ranges, header: int, once: set[str],
                 roles: LineRoles = LineRoles()) -> tuple[pd.DataFrame, list[tuple]]:
    """``frame`` (rows below the sheet's header row ``header``, indexed by 0-based sheet row) with the empty cells
    of each range merged down a column filled from the range's top cell, and 0 in the columns whose normalised
    header is in ``once`` (a merged amount counts once).

    Ranges reaching into the header row or above (titles, two-row headers) and ranges within one row (a banner
    across columns) are left alone; so are rows with nothing else in them (spacers) and subtotal rows (a cell
    reading 小计 or Total, as ``roles`` tells, or only ``once`` cells filled: an unlabelled =SUM() under a
    customer's lines, inside the range of its merged name), which are no orders of the customer merged beside them.
    """
    ranges = [r for r in ranges if r[0] > header and r[2] > r[0]]
    if not ranges:
        return frame, []
    from .clean_sql import TOTAL_LABEL

    values = frame.to_numpy(dtype=object, copy=True)
    first = int(frame.index[0])
    width, height = values.shape[1], len(values)
    spans = [(r0 - first + 1, min(r1 - first, height - 1)) for r0, _, r1, _ in ranges]
    rows_in = np.unique(np.concatenate([np.arange(a, b + 1) for a, b in spans if a <= b] or [np.empty(0, int)]))
    # only the rows a range would fill are looked at: their empty cells, and whether one reads as a subtotal
    empty = np.ones((height, width), dtype=bool)
    total = np.zeros(height, dtype=bool)
    if len(rows_in):
        part = pd.DataFrame(values[rows_in])
        is_text = part.map(lambda v: isinstance(v, str))
        empty[rows_in] = (part.isna() | (is_text & part.where(is_text, "x").map(lambda v: not str(v).strip()))).to_numpy()
        # text cells as text, the others (dates, numbers) as a mark that the cell is filled with no label
        shown = part.where(is_text, part.notna().map(lambda filled: "#" if filled else None))
        shown = shown.astype("string").apply(lambda col: col.str.strip()).set_axis(list(frame.columns), axis=1)
        total[rows_in] = roles.totals(shown, TOTAL_LABEL)
    top_empty = pd.isna(values[[max(0, min(r0 - first, height - 1)) for r0, _, _, _ in ranges],
                               [min(c0, width - 1) for _, c0, _, _ in ranges]])
    filled_cells = (~empty).sum(axis=1)
    additive = np.array([normalise_header(c) in once for c in frame.columns], dtype=bool)
    # only amounts (and quantities) on the row, and a mapped cell left empty that no range covers (the date): a
    # subtotal with no label (QA: counted as an order of the hospital whose name was merged down beside it). A row
    # whose other cells a range covers (name and date merged down beside an order's amounts: review) is an order's.
    covered = np.zeros((height, width), dtype=bool)
    for r0, c0, r1, _ in ranges:
        if c0 < width:
            covered[max(0, r0 - first + 1):max(0, min(r1 - first, height - 1) + 1), c0] = True
    mapped = np.array([not roles.mapped or normalise_header(c) in roles.mapped for c in frame.columns], dtype=bool)
    gap = (empty & ~covered & mapped & ~additive).any(axis=1)
    total |= (filled_cells > 0) & ~(~empty & ~additive).any(axis=1) & gap
    filled = []
    for (r0, c0, r1, _), no_top in zip(ranges, top_empty):
        top, bottom = r0 - first, min(r1 - first, height - 1)
        if c0 >= width or top >= height or no_top:
            continue
        rows = np.arange(top + 1, bottom + 1)
        # an empty cell of a row holding something else, and no subtotal
        rows = rows[empty[rows, c0] & (filled_cells[rows] > 0) & ~total[rows]]
        if not len(rows):
            continue
        how = "once" if additive[c0] else "filled"
        values[rows, c0] = 0 if how == "once" else values[top, c0]
        filled.extend((int(first + r + 1), frame.columns[c0], r0 + 1, how) for r in rows)
    out = pd.DataFrame(values, index=frame.index, columns=frame.columns)
    return out, filled


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
        raise DataError(key="e_not_parquet", file=path.name, kind=type(exc).__name__) from None
    frame.insert(0, SOURCE_ROW, np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame


_READERS: dict[str, Callable[..., pd.DataFrame]] = {
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".txt": _read_csv,
    ".xlsx": _read_excel,
    ".xlsm": _read_excel,
    ".xls": _read_excel,
    ".xml": _read_excel,  # an Excel 2003 XML spreadsheet (is_spreadsheetml)
    ".parquet": _read_parquet,
}


def match_headers(headers: Sequence[str], columns, *, source: str, key: str = "data.columns", frame=None,
                  header_row: int | None = None) -> dict[str, str]:
    """Canonical name -> the file's header for each mapped column.

    Headers match after :func:`normalise_header`, so ``" 客户编码 "``,
    ``"客户编码"`` and full-width forms are the same header.

    Raises
    ------
    DataError
        When a mapped header is not in the file: the message lists the file's
        headers and the closest match (and names ``data.header_row`` when the
        headers were read from the row it gives).
    """
    headers = [h for h in headers if h != SOURCE_ROW]
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(normalise_header(h), h)
    named = columns.headers()
    if not any(normalise_header(h) in by_norm for h in columns.expected()):
        read = said_headers(headers)
        garbled = (any("\u4e00" <= ch <= "\u9fff" for h in columns.expected() for ch in h)
                   and not any("\u4e00" <= ch <= "\u9fff" for ch in read["en"])
                   and any("\u00c0" <= ch <= "\u00ff" for ch in read["en"]))
        named_headers = ", ".join(columns.mapping().values())
        if header_row is not None:
            raise DataError(key="e_header_row_wrong", file=source, row=header_row, section=key, named=named_headers,
                            read=phrase("e_header_row_reads", read=read) if headers else phrase("e_header_row_empty"))
        raise DataError(key="e_no_header_named", file=source, section=key, named=named_headers, read=read,
                        hint=phrase("e_garbled" if garbled else None))
    left = [canonical for canonical, names in named.items() if [n.strip() for n in names] == [PLACEHOLDER]
            and PLACEHOLDER not in by_norm]
    if "customer_id" in left and frame is not None and (named_above := customer_headings(frame)):
        # no column can be right: each customer is named on a row above its orders (QA c14)
        raise DataError(key="e_customer_headings", file=source, section=key, example=named_above[0])
    if left == ["customer_id"] and frame is not None:
        from .scaffold import buyer_stand_ins

        if said := buyer_stand_ins(frame, [h for h in headers if h in frame.columns]):
            # a shop's export without a buyer ID: what could stand in, and at what risk (QA cn: 拼多多, 微信小店)
            raise DataError(key="e_no_buyer_id", file=source, section=key, why=said, headers=said_headers(headers))
    if frame is not None and (lacking := _lacking_columns(frame, headers, named, left)):
        # no column could be the one asked for (QA: Instacart's orders.csv, a clickstream without prices)
        raise DataError(key="e_lacking_columns", file=source, section=key, column=f"`, `{key}.".join(left),
                        n=len(left), what=phrase(lacking))
    if left:  # every one at once (QA: order_date said, then amount on the next try)
        raise DataError(key="e_placeholder", file=source, section=key, column=f"`, `{key}.".join(left),
                        n=len(left), mark=repr(PLACEHOLDER), headers=said_headers(headers))
    out = {}
    for canonical, names in named.items():
        found = next((by_norm[normalise_header(h)] for h in names if normalise_header(h) in by_norm), None)
        if found is None:
            close = difflib.get_close_matches(normalise_header(names[0]), list(by_norm), n=1, cutoff=0.5)
            raise DataError(key="e_column_missing", file=source, section=key, column=canonical,
                            wanted=said_either(list(map(repr, names))),
                            close=phrase("e_closest", name=repr(by_norm[close[0]])) if close else "",
                            where=phrase("e_in_header_row", row=header_row) if header_row is not None else "",
                            headers=said_headers(headers))
        out[canonical] = found
    return out


def listed_headers(headers: Sequence[str], lang: str = "en") -> str:
    """Headers for a message: pandas' ``Unnamed: 3`` placeholders for empty header cells counted, not listed."""
    named = [str(h) for h in headers if not str(h).startswith("Unnamed: ")]
    unnamed = len(headers) - len(named)
    if lang == "zh":
        return (", ".join(named) or "（无）") + (f"（另有 {unnamed} 列没有表头）" if unnamed else "")
    more = f" and {unnamed} {'column' if unnamed == 1 else 'columns'} without a header" if unnamed else ""
    return (", ".join(named) or "none") + more


def said_headers(headers: Sequence[str]) -> dict[str, str]:
    """:func:`listed_headers` in each language, as the value of an error told in either."""
    return {lang: listed_headers(headers, lang) for lang in ("en", "zh")}


def said_either(names: Sequence[str]) -> dict[str, str]:
    """``'金额' or '销售额'`` in each language, as the value of an error told in either."""
    return {"en": " or ".join(names), "zh": " 或 ".join(names)}


#: The header ``kit init`` writes for a column it could not recognise.
PLACEHOLDER = "?"

#: A cell naming the customer of the order rows below it (``客户：北京协和医院``, ``Customer: Acme``), written on a
#: row of its own in a sheet with no customer column.
CUSTOMER_HEADING = re.compile(r"^\s*(?:客户名称|客戶名稱|客户|客戶|customer(?:\s*name)?)\s*[：:]\s*(\S.*?)\s*$",
                              re.IGNORECASE)
#: The label alone of a heading split over two cells (``客户`` | ``华东医药``, ``客户名称：`` | ``华东医药``): the customer is
#: the next cell written on its row.
CUSTOMER_LABEL = re.compile(r"^\s*(?:客户名称|客戶名稱|客户|客戶|customer(?:\s*name)?)\s*[：:]?\s*$", re.IGNORECASE)
#: A label and its value, the other cells a customer's heading row may hold (``电话：010-…``, ``联系人：王经理``).
_HEADING_EXTRA = re.compile(r"^[^\s：:\d]{1,8}\s*[：:]")
#: Such a label after the customer in its heading cell (``客户：北京协和医院  电话：010-…``): not the customer's.
_HEADING_TAIL = re.compile(r"[\s,，;；]+[^\s：:,，;；\d]{1,8}\s*[：:].*$")


def _lacking_columns(frame: pd.DataFrame, headers: list[str], named: dict, left: list[str]) -> str | None:
    """The phrase's key naming what no column of ``frame`` holds, of the order date and the amount still ``"?"``
    (``left``): no column of dates, or of numbers, among the headers not mapped; or an event log's events (view,
    cart beside purchase) with no column headed as money, for the amount. None when some column may be it."""
    from .scaffold import _lacking, browsing_events

    asked = [k for k in ("order_date", "amount") if k in left]
    if not asked or "customer_id" in left:  # order lines without their order's customer and date: a file to join
        return None
    mapped = {normalise_header(n) for names in named.values() for n in names}
    unused = [h for h in headers if normalise_header(h) not in mapped]
    if any(h not in frame.columns for h in unused):  # a joined file's column (its date?): not looked at here (review)
        return None
    lacking = _lacking(frame, unused, asked)
    if lacking == ["order_date", "amount"]:
        return "w_lacking_dates_amounts"
    if lacking:
        if lacking == ["order_date"]:
            from .scaffold import one_row_per_customer

            customer = next((h for h in headers if h in frame.columns and normalise_header(h) in
                             {normalise_header(n) for n in named.get("customer_id", [])}), None)
            return "w_lacking_dates_summary" if one_row_per_customer(frame, customer) else "w_lacking_dates"
        return "w_lacking_amounts"
    if asked == ["amount"] and browsing_events(frame, [h for h in headers if h in frame.columns]):
        return "w_lacking_prices"
    return None


def heading_customers(frame: pd.DataFrame) -> pd.Series:
    """The customer each row of ``frame`` names when it is a heading row of its own (``客户：北京协和医院`` alone on
    its row, or split over two cells, ``客户`` | ``北京协和医院``, or beside cells of a label and its value only,
    ``电话：010-…``), NA on every other row; one pass over the
    cells, no loop per row. The customer ends before a label written after it in its cell (``客户：北京协和医院  电话：
    010-…`` names 北京协和医院), and heading rows are those in the column most of them are in (the leftmost of a tie) or
    left of it: a note alone in a 备注 column reading ``客户：要求开票`` is no customer (it took the block's next orders)."""
    cells = frame.drop(columns=[SOURCE_ROW], errors="ignore")
    if cells.empty:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    # a block of rows at a time (each row is read alone but for the column of most headings): a 3M-line sheet's
    # cells were copied whole, and back-filled across its columns row by row (3.7 GiB and minutes)
    parts = [_heading_names(cells.iloc[start:start + HEADING_BLOCK_ROWS])
             for start in range(0, len(cells), HEADING_BLOCK_ROWS)]
    names = pd.concat([one for one, _ in parts]) if len(parts) > 1 else parts[0][0]
    where = np.concatenate([at for _, at in parts])
    del parts
    if names.notna().any():
        held = pd.Series(where, index=frame.index)[names.notna()].value_counts()
        names = names.where(pd.Series(where <= min(held.index[held == held.max()]), index=frame.index))
    return names.reindex(frame.index)


#: The rows of a sheet :func:`heading_customers` and :func:`fill_from_headings` read at a time.
HEADING_BLOCK_ROWS = 200_000


def _heading_names(cells: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """:func:`heading_customers` of a block of rows ``cells`` (the frame's cells, no :data:`SOURCE_ROW`) but for the
    column of most headings: the customer each row names (NA on every other row), and the column of its first
    written cell (0 on an empty row)."""
    cells = cells.apply(lambda c: c.astype("string").str.strip()).replace("", pd.NA)
    filled = cells.notna().to_numpy()
    at = np.arange(len(cells))
    where = filled.argmax(axis=1)
    values = cells.to_numpy(dtype=object)
    first = pd.Series(values[at, where], index=cells.index, dtype="string")  # the row's first written cell
    names = first.str.extract(CUSTOMER_HEADING, expand=False).astype("string")
    extra = cells.apply(lambda c: c.str.contains(_HEADING_EXTRA, na=False)).to_numpy(dtype=bool) & filled
    # or the label alone in its cell and the customer in the next cell written (客户 | 华东医药): a name, not a
    # number with decimals or a date, nor a label and its value (电话：010-…)
    later = filled.copy()
    later[at, where] = False
    then = later.argmax(axis=1)
    value = pd.Series(values[at, then], index=cells.index, dtype="string")
    split = (first.str.match(CUSTOMER_LABEL).fillna(False).to_numpy(dtype=bool) & later.any(axis=1) & ~extra[at, then]
             & (value.str.contains(r"[^\W\d_]", regex=True) | value.str.fullmatch(r"\d+")).fillna(False)
             .to_numpy(dtype=bool))
    names = names.mask(pd.Series(split, index=cells.index), value)
    names = names.str.replace(_HEADING_TAIL, "", regex=True).str.strip().replace("", pd.NA)
    beside = filled.sum(axis=1) - 1 - split - extra.sum(axis=1) + extra[at, where]
    return names.where(pd.Series(beside == 0, index=cells.index)), where


def customer_headings(frame: pd.DataFrame) -> list[str]:
    """The customers a sheet names on heading rows of their own (``客户：北京协和医院`` alone on its row, every other
    cell empty) above their orders, in order; empty unless two rows at least do (QA c14: no customer column)."""
    names = heading_customers(frame).dropna()
    return list(names) if len(names) >= 2 and names.nunique() >= 2 else []


def fill_from_headings(frame: pd.DataFrame, header: str, *, source: str, money: Sequence[str] = (),
                       roles: LineRoles = LineRoles()) -> tuple[pd.DataFrame, int, int]:
    """``frame`` with a column ``header`` (``data.columns.customer_id``) holding, on each order line, the customer
    the nearest heading row above it names (``客户：北京协和医院``: :func:`heading_customers`), for a sheet that has no
    customer column (``data.customer_headings``). Returns the frame, the number of heading rows and that of order
    lines above the first heading (left without a customer: set aside as ``before_heading``).

    The heading rows keep their one cell (set aside as ``label_row``); empty rows, subtotal and total lines (小计,
    合计, an unlabelled =SUM() with only the ``money`` cells filled, told by ``roles``) and the header row repeated
    are left without a customer, as :func:`fill_down` leaves them. The cells filled join :data:`MERGED` with
    ``how`` ``heading``, ``top`` the heading's row; the rows above the first heading (no empty row nor total line)
    join it with ``how`` ``above``, for cleaning to set aside as ``before_heading`` (an amount read) or
    ``label_row`` (a title or a note). The lines above it counted are those with a figure in a ``money`` cell.
    """
    if any(normalise_header(c) == normalise_header(header) for c in frame.columns if c != SOURCE_ROW):
        raise DataError(key="e_customer_headings_column", file=source, column=header)
    names = heading_customers(frame)
    out, fill, top, above, headings, figures, _ = _headings_part(frame, names, header, money=money, roles=roles)
    filled = [*frame.attrs.get(MERGED, ()),
              *zip(fill.tolist(), [header] * len(fill), top.tolist(), ["heading"] * len(fill)),
              *zip(above.tolist(), [header] * len(above), above.tolist(), ["above"] * len(above))]
    out.attrs[MERGED] = MergedCells(filled)
    # every heading row, one with no order line under it too (review: only those heading a line were known, so a
    # fill-down went across the others when read whole, not staged)
    out.attrs[HEADING_ROWS] = MergedCells(frame.loc[names.notna().to_numpy(), SOURCE_ROW].astype("int64").tolist())
    return out, headings, figures


def _headings_part(frame: pd.DataFrame, names: pd.Series, header: str, *, money: Sequence[str], roles: LineRoles,
                   carry: tuple = (None, None)) -> tuple:
    """:func:`fill_from_headings` of ``frame``, a table or the next block of rows of a CSV staged
    (:class:`_HeadingFiller`), the customer of each heading row ``names`` (:func:`heading_customers`), ``carry`` the
    customer and the row of the heading the block above left open. Returns the frame filled, the rows given a
    customer and their heading's row, the order lines above the first heading (arrays of :data:`SOURCE_ROW`), the
    number of heading rows, that of the lines above the first heading with a figure, and the carry of the next block."""
    cells = [c for c in frame.columns if c != SOURCE_ROW]
    heading = names.notna().to_numpy()
    # the cells as trimmed text a block of rows at a time (each row is told alone): the whole sheet's copy was
    # gigabytes at 3M lines
    step = HEADING_BLOCK_ROWS
    parts = [_heading_rows(frame.iloc[start:start + step], cells, heading[start:start + step], money=money, roles=roles)
             for start in range(0, max(len(frame), 1), step)]
    line, figure, beside, lead, split = (np.concatenate([one[k] for one in parts]) for k in range(5))
    own = pd.concat([one[5] for one in parts]) if len(parts) > 1 else parts[0][5]
    del parts
    carried = names.ffill()
    top = frame[SOURCE_ROW].where(names.notna()).ffill()
    if carry[0] is not None:  # the heading of the block above, until this block's first
        carried, top = carried.fillna(carry[0]), top.fillna(carry[1])
    fill = line & carried.notna().to_numpy()
    out = frame.copy(deep=False)  # (each column changed is replaced, not written into)
    # a heading row keeps its one cell, the label beside it (电话：010-…) cleared, so that it is set aside as a label
    # row (it was missing_customer_id, and the run stopped on the share set aside)
    for at_column in np.flatnonzero(beside.any(axis=0)):
        out[cells[at_column]] = out[cells[at_column]].mask(beside[:, at_column])
    # one split over two cells (客户 | 华东医药) keeps both in its one cell (客户：华东医药), read as a heading still
    # (kit init counted its label alone, 客户, as a line of no customer)
    for at_column in np.flatnonzero(np.bincount(lead[split], minlength=len(cells))):
        rows = split & (lead == at_column)
        label = own[lead[split] == at_column].str.rstrip("：: ")
        joined = label + label.str.contains(r"[^\x00-\x7f]", regex=True).map({True: "：", False: ": "}) + names[rows]
        out[cells[at_column]] = out[cells[at_column]].astype(object).mask(pd.Series(rows, index=frame.index),
                                                                         joined.reindex(frame.index))
    at = 1 if cells and frame.columns[0] == SOURCE_ROW else 0
    out.insert(at, header, carried.where(fill).astype(object).where(fill, None))
    # the rows above the first heading, listed (how ``above``) for cleaning to tell apart: an order line (an amount
    # read) is set aside as before_heading, a title or note (销售台账 | 单位：元, none read) as a label row; they were
    # all missing_customer_id, counted against cleaning.max_set_aside_share
    above = line & carried.isna().to_numpy()
    rows = out[SOURCE_ROW].astype(int).to_numpy()
    if len(frame):
        carry = (None, None) if pd.isna(carried.iloc[-1]) else (carried.iloc[-1], int(top.iloc[-1]))
    return (out, rows[fill], top[fill].astype(int).to_numpy(), rows[above], int(heading.sum()),
            int((above & figure).sum()), carry)


def _heading_rows(frame: pd.DataFrame, cells: list[str], heading: np.ndarray, *, money: Sequence[str],
                  roles: LineRoles) -> tuple:
    """What :func:`fill_from_headings` tells of each row of a block of rows ``frame`` (``heading``: its heading
    rows): whether it is an order line, whether a ``money`` cell holds a figure, its written cells beside a heading's
    own (n x cells), the column of its first written cell, whether it is a heading split over two cells (客户 | 华东医药),
    and the text of those split headings' first cells (a Series of those rows only)."""
    from .clean_sql import ID_TOTAL_LABEL

    text = frame[cells].astype("string").apply(lambda col: col.str.strip())
    blank = (text.isna() | text.eq("")).astype(bool)
    label = np.asarray(roles.totals(text, ID_TOTAL_LABEL), dtype=bool)
    money = {normalise_header(h) for h in money}
    rest = [c for c in cells if normalise_header(c) not in money]
    sums = blank[rest].all(axis=1).to_numpy() if rest and len(rest) < len(cells) else np.zeros(len(frame), bool)
    header_again = np.column_stack([text[c].eq(str(c).strip()).fillna(False).to_numpy(dtype=bool)
                                    for c in cells]).sum(axis=1) >= 2 if cells else np.zeros(len(frame), bool)
    # a row of one cell is no order line either (a note, 客户：要求开票 alone in 备注: given the customer, it was
    # set aside as missing its amount, not as the label row it is)
    line = ~(heading | label | (blank.sum(axis=1).to_numpy() >= len(cells) - 1) | sums | header_again)
    written = ~blank.to_numpy()
    lead = written.argmax(axis=1)
    beside = written & heading[:, None] & (np.arange(len(cells))[None, :] != lead[:, None])
    own = pd.Series(text.to_numpy(dtype=object)[np.arange(len(frame)), lead], index=frame.index, dtype="string")
    split = heading & ~own.str.match(CUSTOMER_HEADING).fillna(False).to_numpy(dtype=bool)
    figure = (text[[c for c in cells if normalise_header(c) in money]].apply(
        lambda col: col.str.contains(r"\d", regex=True)).fillna(False).to_numpy(dtype=bool).any(axis=1)
        if money and any(normalise_header(c) in money for c in cells) else np.ones(len(frame), bool))
    return line, figure, beside, lead, split, own[split]


def check_headers(params, *, workbooks: bool = False) -> None:
    """:func:`_check_headers`, the order files read as ``data.quoted_line_breaks`` says."""
    with quoted_line_breaks(params.data):
        _check_headers(params, workbooks=workbooks)


def _check_headers(params, *, workbooks: bool = False) -> None:
    """The header checks of a run, done before it starts: every order file has the mapped columns.

    Reads only a CSV's first lines and a Parquet file's schema; raises the
    :class:`DataError` the run's first notebook would (a placeholder ``?`` left
    by ``kit init``, a misspelt header, an unknown encoding). Workbooks, read
    whole, are checked when ``workbooks`` is true or a placeholder is left, and
    otherwise when the run reads them.
    """
    if not isinstance(params.cleaning.same_customers, dict):  # its file read: a row that cannot be followed stops
        load_same_customers(params.cleaning.same_customers, keep=params.data.quoted_line_breaks == "keep")
    if params.data.demo is not None:
        return
    names = source_names(params.data.paths)
    placeholder = any(n.strip() == PLACEHOLDER for v in params.columns.headers().values() for n in v)
    joined = join_headers(params)
    if joined is None:  # a file of data.join that the run will name as unreadable
        return
    supplied = {normalise_header(h) for h in joined}
    for path in params.data.paths:
        suffix = path.suffix.lower()
        if path.is_file() and not path.stat().st_size:  # said by kit check, and before a run makes its folder
            raise DataError(key="e_empty_file", file=names[path])
        if suffix in EXCEL_SUFFIXES and (workbooks or placeholder) and path.is_file() and path.stat().st_size:
            for frame, label in read_order_sheets(path, params.data, params.columns, name=names[path],
                                                  supplied=supplied, subtotals=params.cleaning.subtotals,
                                                  red_amounts=params.cleaning.red_amounts,
                                                  struck_rows=params.cleaning.struck_rows):
                own = [*frame.columns, *_wide_headers(list(frame.columns), params, label)]
                _check_join_keys(own, params.data.join, label)
                _stop_for_a_join(path, params, label)
                match_headers([*own, *joined], params.columns, source=label, header_row=params.data.header_row,
                              frame=frame)
                _check_value_columns([*own, *joined], params.cleaning, label)
            continue
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            try:
                headers = pq.read_schema(path).names
            except (OSError, ValueError):  # a broken file (ArrowInvalid is a ValueError): the run says so
                continue
        elif suffix in (".csv", ".tsv", ".txt") and path.is_file() and path.stat().st_size:
            enc, delimiter, header = _csv_layout(path, encoding=params.data.encoding,
                                                 header_row=params.data.header_row, expected=params.columns.expected())
            headers = column_names(path, enc, delimiter, header)
        else:
            continue
        headers = [*headers, *_wide_headers(headers, params, names[path])]
        if params.data.customer_headings:  # the column the reader adds, from the heading rows (read whole in a run)
            headers = [*headers, *params.columns.headers().get("customer_id", [])[:1]]
        _check_join_keys(headers, params.data.join, names[path])
        frame = None
        from .scaffold import buyer_stand_in_comment

        if suffix != ".parquet" and any([n.strip() for n in params.columns.headers().get(k, [])] == [PLACEHOLDER]
                                        for k in ("order_date", "amount")) or (
                [n.strip() for n in params.columns.headers().get("customer_id", [])] == [PLACEHOLDER]
                and buyer_stand_in_comment(headers, False)):
            # a date or amount still "?": whether any column could be it (QA); a customer still "?" in a shop's
            # export without a buyer ID: what could stand in (QA cn)
            from .scaffold import sample

            frame = sample(path, encoding=params.data.encoding)
        _stop_for_a_join(path, params, names[path])
        match_headers([*headers, *joined], params.columns, source=names[path], header_row=params.data.header_row,
                      frame=frame)
        _check_value_columns([*headers, *joined], params.cleaning, names[path])


def _stop_for_a_join(path: Path, params, label: str) -> None:
    """Stop, naming the ``kit init --join`` command with paths to paste, when ``data.columns`` leaves the customer or
    date ``"?"`` and a file beside ``path`` holds them by its order ID (Northwind's Order Details beside Orders.csv,
    .xlsx or .parquet), or the amount and a file beside it holds the lines; the plain placeholder stop only listed
    the file's own headers (open item)."""
    if params.data.join:
        return
    headers = params.columns.headers()
    left = [k for k, names in headers.items() if [n.strip() for n in names] == [PLACEHOLDER]]
    if not left:
        return
    from .scaffold import join_neighbour

    columns = {k: names[0] for k, names in headers.items() if k not in left}
    found = join_neighbour(path, columns, left)
    if found is None:
        return
    other, key, command, lines = found
    raise DataError(key="e_placeholder_join", file=label, section="data.columns", column="`, `data.columns.".join(left),
                    n=len(left), what=phrase("w_join_lines" if lines else "w_join_amounts"), other=other.name,
                    shared=repr(key), command=command)


def _wide_headers(headers: Sequence[str], params, label: str) -> list[str]:
    """With ``data.wide``, the columns its lines get (their month columns checked to name months of a known year)."""
    if params.data.wide is None:
        return []
    from .wide import AMOUNT, MONTH, SHEET_ROW, months, year_names

    months([h for h in headers if h != SOURCE_ROW], year=params.data.wide.year, names=year_names(label, params.data),
           source=label)
    return [SHEET_ROW, MONTH, AMOUNT]


def _check_value_columns(headers: Sequence[str], cleaning, source: str) -> None:
    """The columns ``cleaning.exclude`` and ``cleaning.returns_marked`` name are in the file (or a file joined)."""
    from .clean_sql import _values_expr

    _values_expr([h for h in headers if h != SOURCE_ROW], cleaning.exclude, source)
    _values_expr([h for h in headers if h != SOURCE_ROW], cleaning.returns_marked, source, "cleaning.returns_marked")


def file_headers(path: Path, *, sheet=0, encoding=None, header_row=None, expected=()) -> list[str] | None:
    """A file's headers: a CSV's first lines, a Parquet file's schema or a workbook sheet read whole; None for a
    file that cannot be read (the run says why)."""
    suffix = path.suffix.lower()
    if not path.is_file() or not path.stat().st_size or suffix not in _READERS:
        return None
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            return pq.read_schema(path).names
        except (OSError, ValueError):  # a broken file (ArrowInvalid is a ValueError)
            return None
    if suffix in EXCEL_SUFFIXES:
        frame = read_table(path, sheet=sheet, encoding=encoding, header_row=header_row, expected=expected)
        return [c for c in frame.columns if c != SOURCE_ROW]
    enc, delimiter, header = _csv_layout(path, encoding=encoding, header_row=header_row, expected=expected)
    return column_names(path, enc, delimiter, header)


def join_headers(params) -> list[str] | None:
    """The headers of the files of ``data.join``, in order (checked to hold their key); None when one cannot be
    read."""
    out: list[str] = []
    for index, join in enumerate(params.data.join):
        headers = file_headers(join.path, sheet=join.sheet, encoding=join.encoding, header_row=join.header_row,
                               expected=[join.headers[1], *params.columns.expected()])
        if headers is None:
            return None
        if _find_header(headers, join.headers[1]) is None:
            raise DataError(f"{join.path.name}: the key column {join.headers[1]!r} that `data.join[{index}].key` "
                            f"names is not in the file; its headers are: {listed_headers(headers)}")
        out += headers
    return out


def _check_join_keys(headers: Sequence[str], joins, source: str) -> None:
    """Each join's key in the order file's headers or those of a file joined before it."""
    seen = [h for h in headers if h != SOURCE_ROW]
    for index, join in enumerate(joins):
        if _find_header(seen, join.headers[0]) is None:
            earlier = f" or the files joined before it ({', '.join(j.path.name for j in joins[:index])})" \
                if index else ""
            raise DataError(f"{source}: the key column {join.headers[0]!r} that `data.join[{index}].key` names is "
                            f"not in the order file{earlier}; the headers are: {listed_headers(seen)}")
        seen += file_headers(join.path, sheet=join.sheet, encoding=join.encoding, header_row=join.header_row) or []


def map_columns(frame: pd.DataFrame, columns, *, source: str, key: str = "data.columns") -> pd.DataFrame:
    """Canonical columns picked from the file's headers (see :func:`match_headers`), plus :data:`SOURCE_ROW`."""
    found = match_headers(list(frame.columns), columns, source=source, key=key)
    out = pd.DataFrame({SOURCE_ROW: frame[SOURCE_ROW].to_numpy()}, index=frame.index)
    for canonical, header in found.items():
        out[canonical] = frame[header]
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
        label = (f"演示数据 {demo.name}（随机种子 {demo.seed}）" if params.language == "zh"
                 else f"demo data {demo.name} (seed {demo.seed})")
        return [(frame, label)]
    names = source_names(params.data.paths)
    with quoted_line_breaks(params.data):
        return [table for path in params.data.paths
                for table in read_order_sheets(path, params.data, params.columns, name=names[path],
                                               subtotals=params.cleaning.subtotals,
                                               red_amounts=params.cleaning.red_amounts,
                                               struck_rows=params.cleaning.struck_rows)]


def load_master(params) -> tuple[pd.DataFrame, str] | None:
    """The customer master file with canonical column names, or None."""
    master = params.data.master
    if master is None:
        return None
    expected = master.columns.expected()
    raw = read_table(master.path, sheet=master.sheet, encoding=master.encoding,
                     header_row=master.header_row, expected=expected)
    return map_columns(raw, master.columns, source=master.path.name, key="data.master.columns"), master.path.name


def load_same_customers(spec, *, keep: bool = False, kept: list | None = None) -> dict[str, str]:
    """``cleaning.same_customers`` read from its file (:class:`kit.params.SameCustomersFile`): customer as written ->
    customer graded as, each value read as the orders' customer IDs are (:func:`kit.clean.clean_customer_id`:
    text, trimmed, ``00123`` as written, a workbook's 123.0 as 123); a row graded as itself changes nothing and rows
    blank in both columns are skipped. Stops with one sentence naming the file and the row on a missing column, a
    row with one of the two blank, a customer graded as two others, and a customer both graded as another and named
    as the customer another is graded as (a chain, A → B and B → C, or a loop). Read as ``keep`` says
    (``data.quoted_line_breaks: keep``: a remark quoted over lines is read as quoted), the cells so read added to
    ``kept`` (:func:`kept_quoted_lines` words them; review: the file stopped the run with keep set)."""
    stat = spec.file.stat()
    found, cells = _same_customers_read(spec.file, stat.st_mtime_ns, stat.st_size, spec.sheet, spec.encoding,
                                        spec.header_row, spec.written, spec.graded_as, keep)
    if kept is not None:
        kept.extend(cells)
    return dict(found)


@functools.lru_cache(maxsize=8)  # kit check and the run's header check read it once
def _same_customers_read(path: Path, _mtime: int, _size: int, sheet, encoding, header_row, written: str,
                         graded_as: str, keep: bool) -> tuple[tuple[tuple[str, str], ...], tuple]:
    from .clean import clean_customer_id

    cells: list = []
    token = _QUOTED_KEPT.set(cells if keep else None)  # its own setting, whatever the order files are read under
    try:
        frame = read_table(path, sheet=sheet, encoding=encoding, header_row=header_row, expected=[written, graded_as])
    finally:
        _QUOTED_KEPT.reset(token)
    headers = [h for h in frame.columns if h != SOURCE_ROW]
    columns = {}
    for key, wanted in (("written", written), ("graded_as", graded_as)):
        columns[key] = _find_header(headers, wanted)
        if columns[key] is None:
            raise DataError(key="e_same_no_column", file=path.name, key_name=f"cleaning.same_customers.{key}",
                            column=repr(wanted), headers=said_headers(headers))
    rows = pd.DataFrame({"row": frame[SOURCE_ROW].to_numpy(),
                         "written": clean_customer_id(frame[columns["written"]]).to_numpy(),
                         "graded_as": clean_customer_id(frame[columns["graded_as"]]).to_numpy()})
    rows = rows[rows["written"].notna() | rows["graded_as"].notna()]
    for blank, other in (("graded_as", "written"), ("written", "graded_as")):
        lacking = rows[rows[blank].isna()]
        if len(lacking):
            first = lacking.iloc[0]
            raise DataError(key=f"e_same_blank_{blank}", file=path.name, row=int(first["row"]),
                            column=repr(columns[blank]), value=repr(first[other]), more=_more_rows(len(lacking) - 1))
    rows = rows.drop_duplicates(["written", "graded_as"])
    twice = rows[rows.duplicated("written", keep=False)]
    if len(twice):
        one, two = twice[twice["written"] == twice["written"].iloc[0]].iloc[:2].itertuples(index=False)
        raise DataError(key="e_same_twice", file=path.name, value=repr(one.written), row=int(one.row),
                        one=repr(one.graded_as), other_row=int(two.row), other=repr(two.graded_as),
                        more=_more_rows(twice["written"].nunique() - 1, "customers"))
    rows = rows[rows["written"] != rows["graded_as"]]  # a customer graded as itself changes nothing
    chained = rows.merge(rows, left_on="graded_as", right_on="written", suffixes=("", "_next"))
    if len(chained):
        first = chained.iloc[0]
        mapping, where = dict(zip(rows["written"], rows["graded_as"])), dict(zip(rows["written"], rows["row"]))
        path_of, at = [first["written"]], first["graded_as"]
        while at in mapping and at not in path_of:
            path_of.append(at)
            at = mapping[at]
        if at in path_of:  # A → B → A: no customer among them to grade the others as
            loop = path_of[path_of.index(at):]
            raise DataError(key="e_same_loop", file=path.name, steps={
                "en": ", ".join(f"{a!r} → {mapping[a]!r} (row {where[a]})" for a in loop),
                "zh": "，".join(f"{a!r} → {mapping[a]!r}（第 {where[a]} 行）" for a in loop)})
        raise DataError(key="e_same_chain", file=path.name, value=repr(first["graded_as"]), row=int(first["row_next"]),
                        graded=repr(first["graded_as_next"]), before=repr(first["written"]),
                        before_row=int(first["row"]), final=repr(at), more=_more_rows(len(chained) - 1))
    return tuple(zip(rows["written"].astype(str), rows["graded_as"].astype(str))), tuple(cells)


def _more_rows(n: int, what: str = "rows") -> dict[str, str]:
    """`` (and 3 more rows like it)`` for an error naming the first of several, in either language; empty for none."""
    if n <= 0:
        return {"en": "", "zh": ""}
    unit = {"rows": ("row", "rows", "行"), "customers": ("customer", "customers", "个客户")}[what]
    return {"en": f" (and {n} more {unit[0] if n == 1 else unit[1]} like it)", "zh": f"（另有 {n} {unit[2]}同样如此）"}


# ------------------------------------------------------------- the engine's view


#: The memory DuckDB may hold while cleaning before it spills to the run's staging folder: a 10M-line CSV cleaned
#: and graded with a process peak of 0.69 GiB rather than 1.56 GiB (2 GiB), a 10M-line GBK one 0.80 GiB rather
#: than 2.3 GiB, for 10-20% more CPU time (30% on a messy 12-column one); other memory (Python, Arrow, the
#: distinct texts the parsers read) makes up the rest, so 384 MiB gave 0.91 GiB on the GBK file and 512 MiB over
#: 1 GiB. Never above DuckDB's own default of 80% of the machine's memory. A statement that runs out of it all the
#: same (a window function DuckDB cannot spill) is run again once with DuckDB's default (:class:`KitConnection`).
CLEANING_MEMORY = 256 * 2**20


def connect(temp_dir: str | Path | None = None):
    """A DuckDB connection for the kit; with ``temp_dir``, one that spills there when memory runs short, beyond
    :data:`CLEANING_MEMORY`, and runs a statement out of memory all the same again with more
    (:class:`KitConnection`)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # zoned timestamps read the same on every machine
    # a test over every text column (a total line, a repeated header) nests one OR per column: a wide export (1,100
    # columns, security QA) passed DuckDB's default depth of 1,000 and stopped with its parser's error
    con.execute("SET max_expression_depth TO 20000")
    no_progress_bar(con)
    if temp_dir is not None:
        con.execute("SET temp_directory = $dir", {"dir": str(temp_dir)})
        total = _machine_memory()
        if total is None or CLEANING_MEMORY < 0.8 * total:
            con.execute(f"SET memory_limit = '{CLEANING_MEMORY // 2**20}MiB'")
            return KitConnection(con)
    return con


class KitConnection:
    """A DuckDB connection whose :meth:`execute` runs a statement that ran out of memory under
    :data:`CLEANING_MEMORY` again, once, with DuckDB's default limit (80% of the machine's, or of the container's,
    memory), and keeps that limit for the rest of the run.

    DuckDB spills sorts, joins and aggregates to its ``temp_directory``, but not every window function: a file
    the low limit cannot clean is cleaned all the same rather than stopped. The statement is the same and so are
    its inputs, so its result is the one it would have had with enough memory from the start. ``tell`` (a
    progress note, set by whoever runs the cleaning) receives a line saying so, and :attr:`retried` keeps the
    limits, for the run's end note (:func:`kit.clean.memory_note`). Anything else is the connection's own.
    """

    def __init__(self, con):
        self._con = con
        self.tell, self._lang = None, "en"
        self.retried: list[tuple[str, str]] = []  # (the limit run out of, the limit run with) per statement

    def execute(self, query, parameters=None):
        return self._again(lambda: self._con.execute(query, parameters))

    def arrow_reader(self, query, parameters, rows: int):
        """The result of ``query`` streamed in Arrow batches of ``rows`` (its sorts and joins run before the first,
        so out of memory they are run again as :meth:`execute`'s are)."""
        return self._again(lambda: self._con.sql(query, params=parameters).to_arrow_reader(rows))

    def _again(self, run):
        import duckdb

        try:
            return run()
        except duckdb.OutOfMemoryException:
            if not self.more_memory():  # already at the default: nothing more to give
                raise
            return run()

    def more_memory(self) -> bool:
        """Lift the limit to DuckDB's default for the rest of the run, said and kept as a retry is; False when it
        was lifted already. For a statement that ran out midway through its rows (:func:`more_memory`)."""
        if self.retried:
            return False
        low = self._limit()
        self._con.execute("RESET memory_limit")
        high = self._limit()
        self.retried.append((low, high))
        if self.tell is not None:
            from .text import t

            self.tell(t("p_memory_retry", self._lang, low=low, high=high))
        return True

    def told_in(self, tell, lang: str) -> None:
        """Say a retried statement with ``tell``, in ``lang``."""
        self.tell, self._lang = tell, lang

    def _limit(self) -> str:
        return self._con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]

    def __getattr__(self, name):
        return getattr(self._con, name)


def arrow_reader(con, query: str, parameters, rows: int):
    """``query``'s result in Arrow batches of ``rows``, streamed; on a :class:`KitConnection`, run again with more
    memory if its sorts run out (a relation's query is out of reach of :meth:`KitConnection.execute`)."""
    if isinstance(con, KitConnection):
        return con.arrow_reader(query, parameters, rows)
    return con.sql(query, params=parameters).to_arrow_reader(rows)


def more_memory(con, exc: BaseException) -> bool:
    """Whether ``exc``, met while reading a statement's rows (after its first batch: out of reach of
    :meth:`KitConnection.execute`), is DuckDB out of memory and ``con`` (a :class:`KitConnection`) has lifted its limit,
    so that the caller may run the statement again, from its first row. Out of memory midway, DuckDB's error comes
    through Arrow's stream as an ``OSError`` holding its words."""
    import duckdb

    memory = isinstance(exc, duckdb.OutOfMemoryException) or (isinstance(exc, OSError)
                                                               and "Out of Memory Error" in str(exc))
    return memory and isinstance(con, KitConnection) and con.more_memory()


def _machine_memory(cgroup: Path = Path("/sys/fs/cgroup"), own: Path = Path("/proc/self/cgroup")) -> int | None:
    """The memory the kit may use in bytes, where the system tells it (None on Windows): the machine's, or a
    container's when less (its cgroup's limit, v2 ``memory.max`` or v1 ``memory/memory.limit_in_bytes``), as DuckDB
    sizes its own default limit (80% of it): a 300 MiB container on a 16 GiB machine would otherwise take the 256 MiB
    limit, above DuckDB's default of 240 MiB, and a statement out of memory be "run again with a higher limit", lower."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    limits = [cgroup / "memory.max", cgroup / "memory" / "memory.limit_in_bytes"]
    try:  # the process's own group ("0::/path" for v2, "4:memory:/path" for v1), as DuckDB reads it
        for line in own.read_text(encoding="utf-8").splitlines():
            _, controllers, group = line.split(":", 2)
            if controllers == "":
                limits.append(cgroup / group.lstrip("/") / "memory.max")
            elif "memory" in controllers.split(","):
                limits.append(cgroup / "memory" / group.lstrip("/") / "memory.limit_in_bytes")
    except (OSError, ValueError):
        pass
    for limit in limits:
        try:
            written = limit.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if written.isdigit() and 0 < int(written) < total:  # "max" (v2) or a huge number (v1): no limit
            total = int(written)
    return total


def register_frame(con, frame: pd.DataFrame, name: str, time_zone: str | None = None) -> str:
    """Register a raw table with DuckDB (text cells as VARCHAR) and return its name; a zoned timestamp column as the
    wall time of its zone, or of ``time_zone`` (``data.time_zone``) when in UTC, as :func:`_local_times` reads one."""
    out = frame.copy()
    out.columns = [str(c) for c in out.columns]
    for column in out.columns:
        kind = pd.api.types.infer_dtype(out[column], skipna=True) if out[column].dtype == object else ""
        if kind in ("integer", "floating", "mixed-integer-float"):  # number cells of a workbook stay numbers,
            try:                                                      # out of reach of text rules (decimal commas)
                out[column] = pd.to_numeric(out[column]).astype("Int64" if kind == "integer" else "float64")
                continue
            except (TypeError, ValueError, OverflowError):  # beyond int64: as text, as before
                pass
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].astype("string[pyarrow]")
        elif isinstance(out[column].dtype, pd.DatetimeTZDtype):  # the wall time of its zone, as in a Parquet file
            stamps = out[column]
            if time_zone and str(stamps.dt.tz).lower() in _UTC_ZONES and \
                    not (stamps.dropna() == stamps.dropna().dt.normalize()).all():
                stamps = stamps.dt.tz_convert(time_zone)
            out[column] = stamps.dt.tz_localize(None)
    con.register(name, out)
    return name


#: The zones a Parquet file records for timestamps kept in UTC, as most systems keep them.
_UTC_ZONES = {"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "etc/zulu", "universal", "etc/universal", "+00:00",
              "-00:00", "+0000", "-0000", "+00"}


def _local_times(path: Path, time_zone: str | None = None, con=None) -> str:
    """SQL ``REPLACE`` turning each zoned timestamp column of a Parquet file into the wall time of its zone.

    An order at 22:00 in Los Angeles is on that day there, although it is the
    next day in UTC; the zone is the one the file records for the column, or ``time_zone`` (``data.time_zone``)
    for a column recorded in UTC (review: set, it changed nothing for a Parquet file), unless every timestamp of that
    column is at midnight (days kept as timestamps: as written, as :func:`kit.clean_sql._days_at_midnight` says).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception:  # not readable by Arrow: DuckDB's own error follows
        return ""
    zoned = [(f.name, f.type.tz) for f in schema if pa.types.is_timestamp(f.type) and f.type.tz]
    if not zoned:
        return ""
    from .clean_sql import quote

    if time_zone and con is not None:
        def local(name: str, tz: str) -> str:
            if str(tz).strip().lower() not in _UTC_ZONES:
                return tz
            column = quote(name)
            days = con.execute(f"SELECT bool_and({column} = date_trunc('day', {column})) "  # the session is in UTC
                               f"FROM read_parquet({_literal(path)})").fetchall()[0][0]
            return tz if days in (None, True) else time_zone

        zoned = [(name, local(name, tz)) for name, tz in zoned]
    return "REPLACE (" + ", ".join(f"{_wall_time(quote(name), tz)} AS {quote(name)}" for name, tz in zoned) + ") "


def _wall_time(column: str, tz: str) -> str:
    """SQL: the zoned timestamp ``column`` as the wall time of ``tz`` (a zone name or a fixed ``+08:00``)."""
    import re
    import zoneinfo

    offset = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", tz)
    if offset:
        minutes = (int(offset[2]) * 60 + int(offset[3])) * (1 if offset[1] == "+" else -1)
        return f"(timezone('UTC', {column}) + INTERVAL ({minutes}) MINUTE)"
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = "UTC"  # a zone this machine does not know: the day in UTC, the same everywhere
    return f"timezone({_literal(tz)}, {column})"


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


@dataclass
class OrderSources:
    """The case's order files as DuckDB relations, for cleaning in the engine.

    Parquet files are scanned in place; CSV files are read in chunks into a
    staging Parquet file (cells as text, so ``00012`` stays ``00012``); Excel
    sheets and the demo are registered from memory. Call :meth:`close` (or use
    ``with``) to drop the staging files.
    """

    con: object
    staging: Path | None
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (relation, file name, format)
    merged: dict[str, tuple] = field(default_factory=dict)  # relation -> cells filled from merged ranges (MERGED)
    skipped: list[SkippedSheet] = field(default_factory=list)  # sheets read and skipped as copies of others
    filters: dict[str, str] = field(default_factory=dict)  # label -> its active filter in words (filter_said)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.con.close()
        if self.staging is not None:
            import shutil

            shutil.rmtree(self.staging, ignore_errors=True)

    def files(self) -> pd.DataFrame:
        """One row per file: name, format, rows and columns as read."""
        rows = []
        for relation, name, kind in self.relations:
            n = self.con.execute(f"SELECT count(*) FROM {relation}").fetchall()[0][0]
            columns = sum(row[0] not in (SOURCE_ROW, JOIN_STATUS)
                          for row in self.con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall())
            rows.append((name, kind, int(n), columns))
        return pd.DataFrame(rows, columns=["file", "format", "rows", "columns"])

    def head(self, rows: int = 8, index: int = 0) -> pd.DataFrame:
        """The first ``rows`` rows of a file as read (with the columns of the files of ``data.join``)."""
        relation = self.relations[index][0]
        frame = self.con.execute(f"SELECT * FROM {relation} ORDER BY {SOURCE_ROW} LIMIT {int(rows)}").df()
        return frame.drop(columns=[JOIN_STATUS], errors="ignore")


def _stage_csv(path: Path, target: Path, *, encoding, header_row, expected, note, lang: str = "en",
               fill: _DownFiller | _HeadingFiller | _HeadingDownFiller | None = None) -> int:
    """Read a CSV (:func:`csv_batches`) into the Parquet file ``target``; return the rows read. ``fill``, when
    given, fills each block of rows as it is read: down (``data.fill_down``, :class:`_DownFiller`), from the
    heading above (``data.customer_headings``, :class:`_HeadingFiller`), or both (:class:`_HeadingDownFiller`).

    A second thread writes while the next block is parsed (both release the GIL).
    """
    import queue
    import threading

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .text import t

    batches: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def write() -> None:
        writer = None
        try:
            while (batch := batches.get()) is not None:
                if writer is None:
                    writer = pq.ParquetWriter(target, batch.schema, compression="snappy",
                                              use_dictionary=_repeating_columns(batch))
                writer.write_batch(batch)
        except BaseException as exc:  # handed to the reading thread
            failed.append(exc)
            while batches.get() is not None:  # drain, so the reader never blocks
                pass
        finally:
            if writer is not None:
                writer.close()

    thread = threading.Thread(target=write, name="kit-stage-csv", daemon=True)
    thread.start()
    total, told = 0, 0
    try:
        for batch in csv_batches(path, encoding=encoding, header_row=header_row, expected=expected,
                                 block_bytes=CSV_BLOCK_BYTES):
            if failed:  # the writer stopped: no use reading on
                break
            batches.put(batch if fill is None else fill(batch))
            total += batch.num_rows
            if total - told >= 1_000_000:
                note(t("p_rows_read", lang, file=path.name, rows=f"{total:,}"))
                told = total
    finally:
        batches.put(None)
        thread.join()
        if fill is not None:
            fill.close()
    if total != told and not failed:  # the last count, unless a million-row note just gave it
        note(t("p_rows_read", lang, file=path.name, rows=f"{total:,}"))
    pa.default_memory_pool().release_unused()  # Arrow's pool keeps freed blocks (70 MB of 10M lines) otherwise
    if failed:
        raise DataError(f"{path.name}: could not be staged in {target.parent} "
                        f"({type(failed[0]).__name__}: {failed[0]}); is the disk full?") from failed[0]
    return total


def _repeating_columns(batch) -> list[str]:
    """The text columns of the first block of a CSV staged whose cells repeat (at most 3 distinct values in 4 cells):
    the staging file keeps them dictionary-encoded, so that DuckDB, reading such a column as a dictionary, tests each
    distinct cell of a block once in the cleaning's many per-cell tests. Measured on the benchmark's 10M lines
    (2 cores, CPU seconds): every column so encoded staged in 5.4 rather than 3.1 and cleaned in 17.3 rather than
    20.4; amounts (90% distinct in a block) gain too little for what they cost to encode."""
    import pyarrow.compute as pc

    return [name for name, column in zip(batch.schema.names, batch.columns)
            if name != SOURCE_ROW and 4 * pc.count_distinct(column).as_py() <= 3 * batch.num_rows]


class _StagedFiller:
    """What :class:`_DownFiller` and :class:`_HeadingFiller` share: the cells they give written to the Parquet file
    ``path`` (``_writer``), ``rows`` the rows given one."""

    path: Path
    rows: int
    _writer = None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _write(self, table) -> None:
        """The cells ``table`` (:func:`_cells_schema`) added to the file ``path``."""
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, compression="snappy")
        self._writer.write_table(table)

    def cells(self) -> StagedCells | None:
        """The cells given, as :data:`MERGED` of the staged relation; None when none was."""
        return StagedCells(self.path, self.rows) if self.path.exists() and self.rows else None


class _DownFiller(_StagedFiller):
    """:func:`fill_down` of a CSV as it is staged, a block of rows (an Arrow record batch) at a time, each taking what
    the block above left open (:func:`_fill_down_part`): the filled cells go to the Parquet file ``cells`` (``r``,
    ``header``, ``top``, ``how``: :data:`MERGED` on disk, as a 10M-line export fills tens of millions of them), and
    ``rows`` counts the rows given a cell."""

    def __init__(self, names: Sequence[str], cells: Path, *, money: Sequence[str], roles: LineRoles):
        self.names, self.path, self.money, self.roles = list(dict.fromkeys(names)), cells, money, roles
        self.carry: dict = {}
        self.rows = 0
        self._writer = None

    def __call__(self, batch, ends: np.ndarray | None = None):
        """``batch`` filled; ``ends``: its rows that end a block besides those :func:`fill_down` tells (headings)."""
        import pyarrow as pa

        present = [c for c in self.names if c in batch.schema.names]
        if not present or not batch.num_rows:
            return batch
        frame = _text_frame(pa.Table.from_batches([batch]))
        out, cells, self.carry = _fill_down_part(frame, present, money=self.money, roles=self.roles,
                                                 carry=self.carry, ends=ends)
        if len(cells):
            self.rows += int(cells["r"].nunique())
            self._write(pa.Table.from_pandas(cells, schema=_cells_schema(), preserve_index=False))
        for column in present:  # the filled columns back to text (the rest are as read)
            out[column] = out[column].astype("string")
        return pa.Table.from_pandas(out, schema=batch.schema, preserve_index=False).combine_chunks().to_batches()[0]



class _HeadingFiller(_StagedFiller):
    """:func:`fill_from_headings` of a CSV as it is staged, a block of rows (an Arrow record batch) at a time, each
    taking the heading the block above left open (:func:`_headings_part`): a 3M-line CSV read whole held gigabytes.
    ``column`` is the rightmost column a heading row's first cell may be in (:func:`_heading_column`, as
    :func:`heading_customers` tells of a table read whole). The lines given a customer and those above the first
    heading go to the Parquet file ``cells`` (:data:`MERGED` on disk, ``how`` ``heading`` and ``above``); ``headings``
    counts the heading rows, ``lines`` the lines given a customer and ``above`` those above the first heading with a
    figure (:func:`_with_heading_customers`' note)."""

    def __init__(self, header: str, cells: Path, *, column: int | None, money: Sequence[str], roles: LineRoles):
        self.header, self.path, self.column, self.money, self.roles = header, cells, column, money, roles
        self.carry: tuple = (None, None)
        self.headings = self.lines = self.above = self.rows = 0
        self.heading_rows = np.zeros(0, dtype=bool)
        self._writer = None

    def __call__(self, batch):
        import pyarrow as pa

        at = 1 if batch.schema.names and batch.schema.names[0] == SOURCE_ROW else 0
        schema = batch.schema.insert(at, pa.field(self.header, pa.string()))
        if not batch.num_rows:
            return pa.RecordBatch.from_pylist([], schema=schema)
        frame = _text_frame(pa.Table.from_batches([batch]))
        names, where = _heading_names(frame.drop(columns=[SOURCE_ROW], errors="ignore"))
        names = names.where(pd.Series(where <= (-1 if self.column is None else self.column), index=frame.index))
        self.heading_rows = names.notna().to_numpy(dtype=bool)  # (the last block's, for a fill-down after it)
        out, fill, top, above, headings, figures, self.carry = _headings_part(
            frame, names, self.header, money=self.money, roles=self.roles, carry=self.carry)
        self.headings, self.lines, self.above = self.headings + headings, self.lines + len(fill), self.above + figures
        if len(fill) or len(above):
            self.rows += len(fill) + len(above)
            cells = pd.DataFrame({"r": np.concatenate([fill, above]).astype(np.int64), "header": self.header,
                                  "top": np.concatenate([top, above]).astype(np.int64),
                                  "how": ["heading"] * len(fill) + ["above"] * len(above)})
            self._write(pa.Table.from_pandas(cells, schema=_cells_schema(), preserve_index=False))
        for column in out.columns:  # the cells back to text (a heading's cell changed, the customer's added)
            if column != SOURCE_ROW:
                out[column] = out[column].astype("string")
        return pa.Table.from_pandas(out, schema=schema, preserve_index=False).combine_chunks().to_batches()[0]


class _HeadingDownFiller(_StagedFiller):
    """``data.customer_headings`` with ``data.fill_down`` of a CSV as it is staged, as :func:`read_order_sheets` fills
    a table read whole: each block of rows given the customer of its heading (``heading``, a :class:`_HeadingFiller`),
    then filled down (``down``, a :class:`_DownFiller`); the cells of both in the heading's file (a 2M-line CSV read
    whole held gigabytes). ``rows`` counts the rows each gave a cell."""

    def __init__(self, heading: _HeadingFiller, down: _DownFiller):
        self.heading, self.down, self.path = heading, down, heading.path
        down._write = heading._write  # one file of cells, as one list of them of a table read whole

    @property
    def rows(self) -> int:
        return self.heading.rows + self.down.rows

    def __call__(self, batch):
        headed = self.heading(batch)
        # a heading starts another customer: nothing filled down across it (review: 乙公司's first line took
        # 甲公司's date)
        return self.down(headed, ends=self.heading.heading_rows if batch.num_rows else None)

    def close(self) -> None:
        self.heading.close()


def _heading_column(path: Path, header: str, *, encoding, header_row, expected, source: str) -> int | None:
    """:func:`_heading_columns_read`, the cells ``data.quoted_line_breaks: keep`` reads as quoted over lines
    recorded in a list thrown away: the read of the orders that follows records them (review: each said twice)."""
    kept = _QUOTED_KEPT.get()
    token = _QUOTED_KEPT.set(None if kept is None else [])
    try:
        return _heading_columns_read(path, header, encoding=encoding, header_row=header_row, expected=expected,
                                     source=source)
    finally:
        _QUOTED_KEPT.reset(token)


def _heading_columns_read(path: Path, header: str, *, encoding, header_row, expected, source: str) -> int | None:
    """The rightmost column a heading row's first cell may be in, of a CSV read a block of rows at a time: the
    column most rows naming a customer start in, the leftmost of a tie (:func:`heading_customers`); None when no row
    names one. Stops as :func:`fill_from_headings` does when the CSV has a column ``header`` already."""
    import pyarrow as pa

    counts = np.zeros(0, dtype=np.int64)
    for batch in csv_batches(path, encoding=encoding, header_row=header_row, expected=expected,
                             block_bytes=CSV_BLOCK_BYTES):
        if any(normalise_header(c) == normalise_header(header) for c in batch.schema.names if c != SOURCE_ROW):
            raise DataError(key="e_customer_headings_column", file=source, column=header)
        if not batch.num_rows:
            continue
        cells = _text_frame(pa.Table.from_batches([batch])).drop(columns=[SOURCE_ROW], errors="ignore")
        if cells.empty:
            continue
        names, where = _heading_names(cells)
        found = np.bincount(where[names.notna().to_numpy()], minlength=cells.shape[1])
        counts = found if not len(counts) else counts + found
    return int(np.flatnonzero(counts == counts.max()).min()) if len(counts) and counts.max() else None


def _cells_schema():
    import pyarrow as pa

    return pa.schema([("r", pa.int64()), ("header", pa.string()), ("top", pa.int64()), ("how", pa.string())])


@dataclass(frozen=True)
class StagedCells:
    """:data:`MERGED` of a staged relation kept on disk: ``path``, a Parquet file of the cells (``r``, ``header``,
    ``top``, ``how``), each ``down`` (:class:`_DownFiller`) or ``heading`` / ``above`` (:class:`_HeadingFiller`);
    ``rows``, the rows given a cell.
    :func:`kit.clean_sql.clean_relation` reads it as a view, not as a list in memory."""

    path: Path
    rows: int


def _check_file(path: Path) -> None:
    """The plain errors for a file that cannot be read at all (unknown type, missing, empty)."""
    if path.suffix.lower() not in _READERS:
        read_table(path)  # raises the plain "cannot read files of type" error
    if not path.is_file():
        raise DataError(key="e_no_file", file=str(path))
    if path.stat().st_size == 0:
        raise DataError(key="e_empty_file", file=path.name)


def _view_parquet(con, name: str, path: Path, time_zone: str | None = None) -> None:
    """A view ``name`` of a Parquet file scanned in place, with :data:`SOURCE_ROW`; timestamps recorded in UTC in
    ``time_zone`` (``data.time_zone``), see :func:`_local_times`."""
    try:
        con.execute(
            f"CREATE VIEW {name} AS SELECT file_row_number + 1 AS {SOURCE_ROW}, "
            f"* EXCLUDE (file_row_number) {_local_times(path, time_zone, con)}"
            f"FROM read_parquet({_literal(path)}, file_row_number = true)")
        con.execute(f"SELECT count(*) FROM {name}").fetchall()[0]
    except Exception as exc:  # duckdb raises IOException/InvalidInputException on broken files
        raise DataError(key="e_not_parquet", file=path.name, kind=type(exc).__name__) from None


#: Column of a joined relation saying why an order line found no single row in a file of ``data.join``
#: (``no_match``, ``ambiguous_match``; NULL when every join found its row). Not a cell of the file.
JOIN_STATUS = "_join_status"


def _open_lookup(sources: OrderSources, join, index: int, params, *, staging, note) -> tuple[str, list[str]]:
    """A file of ``data.join`` as a DuckDB relation, and its headers."""
    path, name = join.path, f"join_{index}"
    _check_file(path)
    expected = [join.headers[1], *params.columns.expected()]
    if path.suffix.lower() == ".parquet":
        _view_parquet(sources.con, name, path, params.data.time_zone)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt") and staging is not None:
        target = staging / f"{name}.parquet"
        _stage_csv(path, target, encoding=join.encoding, header_row=join.header_row, expected=expected, note=note,
                   lang=params.language)
        sources.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(target)})")
    else:
        frame = read_table(path, sheet=join.sheet, encoding=join.encoding, header_row=join.header_row,
                           expected=expected)
        register_frame(sources.con, frame, name)
    headers = [row[0] for row in sources.con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall()
               if row[0] != SOURCE_ROW]
    return name, headers


#: A cell written as an Excel formula giving text (``="0012345"``), as Taobao's and many ERPs' CSV exports write
#: long numbers and codes with leading zeros, or after Excel's text mark (``'0012345``); group 1 or 2 is the text.
EXCEL_TEXT = r'^="(.*)"$|^\'(.*)$'


def header_words(header: str) -> str:
    """A header as compared: :func:`normalise_header`, with ``_`` and ``-`` as spaces and the traditional
    characters of headers in their simplified form (客戶編號 as 客户编号: a Hong Kong or Taiwan export)."""
    return re.sub(r"[\s_\-]+", " ", normalise_header(header)).strip().translate(SIMPLIFIED)


def key_text(value) -> str:
    """A key or a listed value as :func:`join_key_sql` compares it, in Python (the values params list for
    ``cleaning.exclude``): trimmed, Excel text as the text inside, 1001.0 as 1001."""
    text = re.sub(EXCEL_TEXT, r"\1\2", str(value).strip()).strip()
    return re.sub(r"^(-?(?:0|[1-9][0-9]*))\.0+$", r"\1", text)  # 01.000 is a code (Kingdee's), not 1


def join_key_sql(cell: str) -> str:
    """SQL: the key cell ``cell`` (an SQL expression) as compared between files: text, trimmed, Excel text
    (``="1001"``, ``'1001``) as the text inside, a whole number written as a decimal (1001.0, as a workbook stores it)
    without its decimals (a code with a leading zero, 01.000, as written); blank is NULL."""
    text = f"trim(regexp_replace(trim(CAST({cell} AS VARCHAR)), '^=\"(.*)\"$|^''(.*)$', '\\1\\2'))"
    # a number has no leading zero: 01.000 is a code in levels (Kingdee's 01.000 beside 01), as customer IDs read it
    return f"nullif(regexp_replace({text}, '^(-?(?:0|[1-9][0-9]*))[.]0+$', '\\1'), '')"


def _find_header(headers: Sequence[str], wanted: str) -> str | None:
    found = {normalise_header(h): h for h in reversed(headers)}
    return found.get(normalise_header(wanted))


#: :data:`JOIN_STATUS` of a line whose key is not in a file that gives it only the customer's attributes (a customer
#: master's name and region): kept and graded, those cells blank (a ledger note, not a reason to set it aside).
UNMATCHED_KEPT = "unmatched_kept"


def needed_headers(params) -> set[str]:
    """The headers (as :func:`normalise_header` writes them) of the columns a line cannot be graded without, or whose
    value decides whether it counts: the order's own columns (customer, date, amount, order ...) and those
    ``cleaning.exclude`` and ``cleaning.returns_marked`` look at, the product (a line without one may be a document's
    total), and a currency column. The customer's attributes (name, region, sales rep, a client's own) are not."""
    from .params import _CustomerColumns

    optional = {k for k in _CustomerColumns.model_fields if k != "customer_id"}
    headers = params.columns.headers()
    needed = [h for key, names in headers.items() if key not in optional and key not in params.columns.attributes
              for h in names]
    needed += [*params.cleaning.exclude, *params.cleaning.returns_marked]
    return {normalise_header(h) for h in needed} | {_CURRENCY_HEADER}


#: Stands in :func:`needed_headers` for any currency column (币种, Currency): a line's currency decides what its
#: amount is, so a file giving it decides whether the line counts (review: lines without one summed as the case's).
_CURRENCY_HEADER = "\0currency"


def _needed(header: str, needed: set[str]) -> bool:
    """Whether the column ``header`` is one :func:`needed_headers` lists (a currency column among them)."""
    from .currency import is_currency_header

    return normalise_header(header) in needed or (_CURRENCY_HEADER in needed and is_currency_header(header))


def _join_lookups(sources: OrderSources, joins, lookups: list[tuple[str, list[str]]], note,
                  lang: str = "en", needed: set[str] | None = None) -> None:
    """Give each order relation the columns of the files of ``data.join``, by key, in their order.

    Each file's rows are taken once per key: rows repeating a key with the same values in the columns taken count
    as one; a key on rows that differ marks its order lines ``ambiguous_match`` in :data:`JOIN_STATUS`, and a line
    whose key is not in the file (or blank) ``no_match``; cleaning sets both aside. A file that gives the lines none
    of the ``needed`` headers (:func:`needed_headers`: a customer master's names and regions only) marks a line it
    has no row for :data:`UNMATCHED_KEPT` instead: the line is graded, those cells blank (a customer the master
    lacks still bought). A column the order lines (or an earlier file) already have is not taken again. The joined
    relation is a table in the order of the lines.
    """
    from .clean_sql import quote
    from .text import t

    con = sources.con
    for relation, label, _ in sources.relations:  # the name the join gives its status must be free
        if JOIN_STATUS in {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}:
            raise DataError(f"{label}: a column is called {JOIN_STATUS!r}, the name `data.join` uses for the lines "
                            f"that find no row; rename it in the file")
    for join, (_, headers) in zip(joins, lookups):
        if JOIN_STATUS in headers:
            raise DataError(f"{join.path.name}: a column is called {JOIN_STATUS!r}, the name `data.join` uses for "
                            f"the lines that find no row; rename it in the file")
    distinct = []
    for index, (join, (relation, headers)) in enumerate(zip(joins, lookups)):
        right = _find_header(headers, join.headers[1])
        if right is None:
            raise DataError(f"{join.path.name}: the key column {join.headers[1]!r} that `data.join[{index}].key` names "
                            f"is not in the file; its headers are: {listed_headers(headers)}")
        distinct.append(right)
    used: list[list[tuple[str, str]]] = [[] for _ in joins]  # per join: (joined relation, its key column)
    attributes_only: set[int] = set()  # the joins giving only the customer's attributes
    for position, (relation, label, kind) in enumerate(sources.relations):
        current = relation
        columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {current}").fetchall()]
        for index, (join, (lookup, headers)) in enumerate(zip(joins, lookups)):
            left = _find_header([c for c in columns if c not in (SOURCE_ROW, JOIN_STATUS)], join.headers[0])
            if left is None:
                _check_join_keys([c for c in columns if c != JOIN_STATUS], joins[index:index + 1], label)
            held = {normalise_header(c) for c in columns}
            taken = [h for h in headers if h != distinct[index] and normalise_header(h) not in held]
            picked = ", ".join(f"first({quote(h)}) AS {quote(h)}" for h in taken)
            cells = ", ".join(quote(h) for h in taken)
            keyed = (f"SELECT _k, count(*) AS _n{', ' + picked if picked else ''} FROM ("
                     f"SELECT DISTINCT {join_key_sql(quote(distinct[index]))} AS _k{', ' + cells if cells else ''} "
                     f"FROM {lookup}) WHERE _k IS NOT NULL GROUP BY _k")
            before = f"m.{JOIN_STATUS}" if JOIN_STATUS in columns else "NULL"
            # attributes only: a line without its row keeps its own cells (unless an earlier file set it aside);
            # a blank key is no customer, which cleaning says itself (missing_customer_id)
            if needed is None or any(_needed(h, needed) for h in taken):
                unmatched = "WHEN l._k IS NULL THEN 'no_match'"
            else:  # a customer the master lists twice, differently (renamed), bought all the same (review)
                unmatched = (f"WHEN (l._k IS NULL AND {join_key_sql('m.' + quote(left))} IS NOT NULL) OR l._n > 1 "
                             f"THEN '{UNMATCHED_KEPT}'")
                attributes_only.add(index)
            status = (f"CASE WHEN {before} IS NOT NULL AND {before} <> '{UNMATCHED_KEPT}' THEN {before} {unmatched} "
                      f"WHEN l._n > 1 THEN 'ambiguous_match' ELSE {before} END AS {JOIN_STATUS}")
            kept = f"m.* EXCLUDE ({JOIN_STATUS})" if JOIN_STATUS in columns else "m.*"
            # a key on rows that differ gives no values: the line is set aside with its own cells
            added = "".join(f", CASE WHEN l._n = 1 THEN l.{quote(h)} END AS {quote(h)}" for h in taken)
            target = f"{relation}_j{index}"
            joined = (f"SELECT {kept}{added}, {status} FROM {current} m "
                      f"LEFT JOIN ({keyed}) l ON {join_key_sql('m.' + quote(left))} = l._k ORDER BY m.{SOURCE_ROW}")
            if sources.staging is not None:  # on disk, streamed: the lines need not fit in memory
                file = sources.staging / f"{target}.parquet"
                con.execute(f"COPY ({joined}) TO {_literal(file)} (FORMAT parquet)")
                con.execute(f"CREATE VIEW {target} AS SELECT * FROM read_parquet({_literal(file)})")
            else:
                con.execute(f"CREATE TEMP TABLE {target} AS {joined}")
            used[index].append((target, left))
            if index in attributes_only:
                _stop_on_no_attributes(con, target, left, join, label)
            current, columns = target, [*[c for c in columns if c != JOIN_STATUS], *taken, JOIN_STATUS]
        missing = con.execute(f"SELECT count(*) FILTER (WHERE {JOIN_STATUS} = 'no_match'), "
                              f"count(*) FILTER (WHERE {JOIN_STATUS} = 'ambiguous_match'), "
                              f"count(*) FILTER (WHERE {JOIN_STATUS} = '{UNMATCHED_KEPT}') FROM {current}"
                              ).fetchall()[0]
        names = ("、" if lang == "zh" else " and ").join(j.path.name for j in joins)
        said = ("；" if lang == "zh" else "; ").join(part for part in (
            t("p_join_missing", lang, rows=f"{missing[0]:,}") if missing[0] else "",
            t("p_join_ambiguous", lang, rows=f"{missing[1]:,}") if missing[1] else "",
            t("p_join_kept", lang, rows=f"{missing[2]:,}") if missing[2] else "") if part)
        note(t("p_joined", lang, file=label, files=names, said=said) if said else
             t("p_joined_all", lang, file=label, files=names))
        if relation in sources.merged:
            sources.merged[current] = sources.merged.pop(relation)
        sources.relations[position] = (current, label, kind)
    for index, (join, (lookup, _)) in enumerate(zip(joins, lookups)):
        seen = " UNION ALL ".join(f"SELECT {join_key_sql('t.' + quote(left))} AS _k FROM {table} t" for table, left in used[index])
        unused = con.execute(f"SELECT count(DISTINCT _k) FROM (SELECT {join_key_sql(quote(distinct[index]))} AS _k "
                             f"FROM {lookup}) WHERE _k NOT IN (SELECT _k FROM ({seen}) WHERE _k IS NOT NULL)"
                             ).fetchall()[0][0]
        if unused:
            note(t("p_join_unused", lang, file=join.path.name, n=f"{unused:,}"))


#: Share of the order lines with a key that find no row in a file of customer attributes beyond which the files
#: surely write the key differently (H001 / 001, a prefix): a run would grade every customer without its attributes.
NO_ATTRIBUTES_SHARE = 0.9


def _stop_on_no_attributes(con, table: str, key: str, join, label: str) -> None:
    """Stop when most lines of ``table`` with a ``key`` find no row in ``join``'s file (of customer attributes, whose
    unmatched lines are graded all the same): the keys are written differently in the two files (review: every line
    kept, every customer without its beds or region, no word)."""
    from .clean_sql import quote

    cell = join_key_sql(quote(key))
    keyed, lost, example = con.execute(
        f"SELECT count(*) FILTER (WHERE {cell} IS NOT NULL), count(*) FILTER (WHERE {cell} IS NOT NULL AND "
        f"{JOIN_STATUS} = '{UNMATCHED_KEPT}'), min({cell}) FILTER (WHERE {JOIN_STATUS} = '{UNMATCHED_KEPT}') "
        f"FROM {table}").fetchall()[0]
    if keyed and lost > NO_ATTRIBUTES_SHARE * keyed:
        raise DataError(key="e_join_no_attributes", file=label, rows=f"{lost:,}", of=f"{keyed:,}",
                        other=join.path.name, key_name=key, example=repr(example))


#: The number of each part of a date written over several columns (``data.date_parts``): the year (2025, 2025年), the
#: month (3, 03, 3月) and the day (5, 5日); a whole number a workbook stores as 3.0 is read as 3.
#: A month or year cell holding a whole date (a date formatted 3月 in Excel: 2025-03-01 00:00:00) gives its month or year.
DATE_PART_PATTERNS = {
    "year": r"^([0-9]{4})\s*年?(?:\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}(?:[ T]00:00:00)?)?$",
    "month": r"^(?:[0-9]{4}\s*[-/.年]\s*)?([0-9]{1,2})\s*月?(?:\s*[-/.]\s*[0-9]{1,2}\s*日?(?:[ T]00:00:00)?)?$",
    "day": r"^([0-9]{1,2})\s*日?$"}


#: Headers of the parts of a date written over several columns (a hand-kept ledger's 年 | 月 | 日), compared after
#: :func:`normalise_header`.
DATE_PART_HEADERS = {"day": re.compile(r"(日|日子|day|dd)", re.IGNORECASE),
                     "month": re.compile(r"(月|月份|month|mm)", re.IGNORECASE),
                     "year": re.compile(r"(年|年份|年度|year|yyyy)", re.IGNORECASE)}


def date_parts_of(headers: Sequence) -> tuple[str, str, str | None] | None:
    """(day, month, year or None) headers of a date written over several columns (年 | 月 | 日, Year | Month |
    Day), each once; None unless the day and the month have a column."""
    found = {}
    for part, pattern in DATE_PART_HEADERS.items():
        named = [h for h in headers if pattern.fullmatch(normalise_header(str(h)))]
        if len(named) == 1:
            found[part] = str(named[0])
    if "day" not in found or "month" not in found:
        return None
    return found["day"], found["month"], found.get("year")


def with_date_parts(frame: pd.DataFrame, day: str, month: str, year: str | None = None) -> pd.DataFrame:
    """``frame`` with the day's column ``day`` written as the whole date (``2025年3月5日``, or ``3月5日`` without a
    year column) from the columns of its parts (``data.date_parts``). A month or year left empty below a block's
    first row is the one above it; a cell of the day's column that is no day of the month (小计, empty) stays as it
    is. The pandas twin of :func:`date_parts_sql`."""

    def number(column: str, part: str, carried: bool = False) -> pd.Series:
        text = frame[column].astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
        if carried:  # an empty cell is the one above; a cell written but no number (三月) is no month, nor below
            text = text.mask(text.fillna("").eq("")).ffill()
        return text.str.extract(DATE_PART_PATTERNS[part], expand=False)

    days = number(day, "day")
    months = number(month, "month", carried=True)
    whole = months + "月" + days + "日"
    if year is not None:
        years = number(year, "year", carried=True).fillna(_years_above_first(number(year, "year"), months))
        whole = (years + "年").fillna("") + whole
    out = frame.copy()
    out[day] = whole.where(days.notna() & months.notna(), frame[day].astype("string")).astype(object)
    return out


def _years_above_first(written: pd.Series, months: pd.Series) -> pd.Series:
    """The year of each row above the first whose year is written (``written``: the year of each row, or NA), as a
    ledger leaves the year of its first rows blank, writing it further down (or once a block, not on its first row):
    that year, one less for each time the month goes back (12 then 1) between the row and it; NA on the rows from it
    on. A ledger written newest first (its month going back twice as often as forward, twice at least: 3, 2, 1, 12)
    counts the other way: one more for each time the month goes forward (1 then 12) on the way (was one less at each
    month: 2022年3月 for 2025年3月). The pandas twin of the ``_lead_year`` column of :func:`_with_date_parts`."""
    at = written.notna().to_numpy()
    out = pd.Series(pd.NA, index=written.index, dtype="string")
    if not at.any():
        return out
    number = pd.to_numeric(months, errors="coerce").astype(float)
    back, forward = (number < number.shift()).astype(int), (number > number.shift()).astype(int)
    newest_first = back.sum() >= 2 and back.sum() > 2 * forward.sum()
    wraps = (forward if newest_first else -back).cumsum()
    first = int(np.argmax(at))
    above = (int(written.iloc[first]) + (int(wraps.iloc[first]) - wraps.iloc[:first])).astype("Int64")
    out.iloc[:first] = above.astype("string").to_numpy()
    return out


#: The column :func:`_with_date_parts` adds for :func:`_years_above_first`'s year, and those it is worked out from.
_LEAD_YEAR = "__kit_lead_year"
_LEAD_WORK = ("__kit_written_year", "__kit_month", "__kit_back", "__kit_wraps", "__kit_first_year", "__kit_first_wraps",
              "__kit_forward", "__kit_steps", "__kit_first_steps", "__kit_newest_first")


def date_parts_sql(day: str, month: str, year: str | None = None, window: str = "w", lead: str | None = None) -> str:
    """SQL for the whole date of a row (``2025年3月5日``) from the columns of its parts (``data.date_parts``), as
    :func:`with_date_parts`; ``window`` names a window of the rows up to this one in file order, ``lead`` a column of
    the year of the rows above the first with a year written (:func:`_years_above_first`)."""
    from .clean_sql import quote

    def number(column: str, part: str, carried: bool = False) -> str:
        text = f"regexp_replace(trim(CAST(s.{quote(column)} AS VARCHAR)), '[.]0+$', '')"
        if carried:  # an empty cell is the one above; a cell written but no number (三月) is no month, nor below
            text = f"last_value(nullif({text}, '') IGNORE NULLS) OVER {window}"
        return f"nullif(regexp_extract({text}, {_literal(DATE_PART_PATTERNS[part])}, 1), '')"

    days = number(day, "day")
    months = number(month, "month", carried=True)
    lead_year = f", s.{quote(lead)} || '年'" if lead else ""
    years = f"coalesce({number(year, 'year', carried=True)} || '年'{lead_year}, '')" if year else "''"
    return (f"coalesce(CASE WHEN {days} IS NOT NULL AND {months} IS NOT NULL THEN concat({years}, {months}, '月', "
            f"{days}, '日') END, CAST(s.{quote(day)} AS VARCHAR))")


#: The end of the name of an order relation whose day's column :func:`_with_date_parts` wrote as the whole date.
DATED = "_dated"


def _with_date_parts(sources: OrderSources, params) -> None:
    """Each order relation with its day's column written as the whole date (``data.date_parts``)."""
    from .clean_sql import quote

    parts = params.data.date_parts
    if parts is None:
        return
    for index, (relation, label, kind) in enumerate(sources.relations):
        headers = [row[0] for row in sources.con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
        day = next((h for name in params.columns.headers()["order_date"] if (h := _find_header(headers, name))), None)
        if day is None:  # the missing date column is told where every missing column is
            continue
        found = {}
        for key in ("month", "year"):
            wanted = getattr(parts, key)
            if wanted is None:
                continue
            found[key] = _find_header(headers, wanted)
            if found[key] is None:
                raise DataError(key="e_date_part_missing", file=label, key_name=f"data.date_parts.{key}",
                                header=wanted, headers=", ".join(h for h in headers if h != SOURCE_ROW))
        name = f"{relation}{DATED}"
        rows = f"WINDOW w AS (ORDER BY {SOURCE_ROW} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        source, lead, work = relation, None, ""
        if found.get("year"):  # the year of the rows above the first with one written (_years_above_first)
            written, month_no, back, wraps, first_year, first_wraps, forward, steps, first_steps, newest = map(
                quote, _LEAD_WORK)
            every = f"(ORDER BY {SOURCE_ROW} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
            parts_of = (f"SELECT *, TRY_CAST(regexp_extract(regexp_replace(trim(CAST(s.{quote(found['year'])} AS "
                        f"VARCHAR)), '[.]0+$', ''), {_literal(DATE_PART_PATTERNS['year'])}, 1) AS INTEGER) AS {written}, "
                        f"TRY_CAST(regexp_extract(last_value(nullif(regexp_replace(trim(CAST(s.{quote(found['month'])} "
                        f"AS VARCHAR)), '[.]0+$', ''), '') IGNORE NULLS) OVER w, "
                        f"{_literal(DATE_PART_PATTERNS['month'])}, 1) AS INTEGER) AS {month_no} FROM {relation} s {rows}")
            backs = (f"SELECT *, CAST({month_no} < lag({month_no}) OVER (ORDER BY {SOURCE_ROW}) AS INTEGER) AS {back}, "
                     f"CAST({month_no} > lag({month_no}) OVER (ORDER BY {SOURCE_ROW}) AS INTEGER) AS {forward} "
                     f"FROM ({parts_of})")  # the month going back: a new year (going forward, in a newest-first one)
            counted = (f"SELECT *, sum({back}) OVER (ORDER BY {SOURCE_ROW} ROWS UNBOUNDED PRECEDING) AS {wraps}, "
                       f"sum({forward}) OVER (ORDER BY {SOURCE_ROW} ROWS UNBOUNDED PRECEDING) AS {steps}, "
                       f"coalesce(sum({back}) OVER {every}, 0) >= 2 AND coalesce(sum({back}) OVER {every}, 0) > "
                       f"2 * coalesce(sum({forward}) OVER {every}, 0) AS {newest} FROM ({backs})")
            firsts = (f"SELECT *, first_value({written} IGNORE NULLS) OVER {every} AS {first_year}, "
                      f"first_value(CASE WHEN {written} IS NOT NULL THEN {wraps} END IGNORE NULLS) OVER {every} "
                      f"AS {first_wraps}, first_value(CASE WHEN {written} IS NOT NULL THEN coalesce({steps}, 0) END "
                      f"IGNORE NULLS) OVER {every} AS {first_steps} FROM ({counted})")
            source = (f"(SELECT *, CASE WHEN {SOURCE_ROW} < min(CASE WHEN {written} IS NOT NULL THEN {SOURCE_ROW} END) "
                      f"OVER {every} THEN CAST(CASE WHEN {newest} THEN {first_year} + ({first_steps} - "
                      f"coalesce({steps}, 0)) ELSE {first_year} - ({first_wraps} - coalesce({wraps}, 0)) END AS "
                      f"VARCHAR) END AS {quote(_LEAD_YEAR)} FROM ({firsts}))")
            lead = _LEAD_YEAR
            work = f" EXCLUDE ({', '.join(map(quote, (*_LEAD_WORK, _LEAD_YEAR)))})"
        dated = (f"SELECT *{work} REPLACE ({date_parts_sql(day, found['month'], found.get('year'), lead=lead)} AS "
                 f"{quote(day)}) FROM {source} s {rows} ORDER BY {SOURCE_ROW}")
        # written once, as a join's lines are: a view sorted the file and ran its windows at each of the cleaning's
        # many reads of it (a 1M-row CSV cleaned in 89 s rather than 18 s)
        if sources.staging is not None:  # on disk, streamed: the lines need not fit in memory
            file = sources.staging / f"{name}.parquet"
            sources.con.execute(f"COPY ({dated}) TO {_literal(file)} (FORMAT parquet)")
            sources.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(file)})")
        else:
            sources.con.execute(f"CREATE TEMP TABLE {name} AS {dated}")
        if relation in sources.merged:
            sources.merged[name] = sources.merged.pop(relation)
        sources.relations[index] = (name, label, kind)


def _stage_frame(sources: OrderSources, frame: pd.DataFrame, name: str) -> str:
    """A table read whole (a workbook's sheet) as the relation ``name``: registered as :func:`register_frame` makes it,
    and, with a staging folder, written there as Parquet by DuckDB and read back from it (the same types and values),
    so that the sheets' cells need not stay in memory through the cleaning (3 sheets of a million rows: 1.3 GiB)."""
    if sources.staging is None:
        return register_frame(sources.con, frame, name)
    held = register_frame(sources.con, frame, f"{name}_read")
    target = sources.staging / f"{name}.parquet"
    sources.con.execute(f"COPY (SELECT * FROM {held}) TO {_literal(target)} (FORMAT parquet)")
    sources.con.unregister(held)
    sources.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(target)})")
    return name


def open_orders(params, *, staging: str | Path | None = None, note=None) -> OrderSources:
    """Each order file of the case as a DuckDB relation (see :class:`OrderSources`).

    ``staging`` is a folder for CSVs staged as Parquet (made, and removed on
    close); ``note`` is called with a line of progress now and then.
    """
    note = note or (lambda line: None)
    staging = Path(staging) if staging is not None else None
    if staging is not None:
        staging.mkdir(parents=True, exist_ok=True)
    sources = OrderSources(con=connect(staging), staging=staging)
    if isinstance(sources.con, KitConnection):
        sources.con.told_in(note, params.language)
    try:
        with quoted_line_breaks(params.data) as kept:
            _open_sources(sources, params, note)
        for line in kept_quoted_lines(kept, params.language, source_names(params.data.paths)):
            note(line)
    except BaseException:  # an unreadable file: its run folder keeps no half-made staging folder
        sources.close()
        raise
    return sources


def _open_sources(sources: OrderSources, params, note) -> None:
    """Fills ``sources`` with a relation per order file (and sheet) of the case, joined and unpivoted."""
    from .text import t

    lang = params.language
    staging = sources.staging
    if params.data.demo is not None:
        frame = load_orders(params)[0]
        sources.relations.append((register_frame(sources.con, frame[0], "src_0"), frame[1], "demo"))
        return
    expected = params.columns.expected()
    labels = source_names(params.data.paths)
    lookups = [_open_lookup(sources, join, index, params, staging=staging, note=note)
               for index, join in enumerate(params.data.join)]
    supplied = {normalise_header(h) for _, headers in lookups for h in headers}
    for index, path in enumerate(params.data.paths):
        name = f"src_{index}"
        suffix = path.suffix.lower()
        _check_file(path)
        if suffix == ".parquet":
            _view_parquet(sources.con, name, path, params.data.time_zone)
            note(t("p_parquet", lang, file=path.name))
            sources.relations.append((name, labels[path], "parquet"))
        elif suffix in (".csv", ".tsv", ".txt") and staging is not None:
            # (a ledger by month is staged too, its months' lines given its rows' cells filled on disk: kit.wide)
            target = staging / f"{name}.parquet"
            if params.data.customer_headings:  # each block of rows given the customer of the heading above it
                fill = _heading_filler(params, path, staging / f"{name}_heading.parquet", label=labels[path])
                if params.data.fill_down:  # and then filled down, as a table read whole is
                    fill = _HeadingDownFiller(fill, _down_filler(params, staging / f"{name}_down.parquet"))
            else:
                fill = _down_filler(params, staging / f"{name}_down.parquet") if params.data.fill_down else None
            _stage_csv(path, target, encoding=params.data.encoding, header_row=params.data.header_row,
                       expected=expected, note=note, lang=lang, fill=fill)
            if isinstance(fill, (_HeadingFiller, _HeadingDownFiller)):
                _said_headings(getattr(fill, "heading", fill), labels[path], params, note)
            sources.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(target)})")
            sources.relations.append((name, labels[path], "csv"))
            if fill is not None and (staged := fill.cells()) is not None:
                sources.merged[name] = staged
                if isinstance(fill, (_DownFiller, _HeadingDownFiller)) and (down := getattr(fill, "down", fill).rows):
                    note(t("p_filled_down", lang, file=labels[path], rows=f"{down:,}"))  # none: unsaid, as read whole
        else:
            size = path.stat().st_size
            if size >= LARGE_WORKBOOK_BYTES:  # a workbook (or a CSV read whole) of a million rows: half a minute
                note(t("p_reading_workbook", lang, file=labels[path], size=f"{size / 2**20:,.0f} MB"))
            tables = read_order_sheets(path, params.data, params.columns, note=note, name=labels[path],
                                       supplied=supplied, lang=lang, subtotals=params.cleaning.subtotals,
                                       red_amounts=params.cleaning.red_amounts,
                                       struck_rows=params.cleaning.struck_rows, skipped=sources.skipped,
                                       packed=staging is not None)
            for part in range(len(tables)):
                frame, label = tables[part]
                tables[part] = None  # each sheet's cells let go once staged: not all held until the last is
                frame = frame.unpacked() if isinstance(frame, _Packed) else frame
                note(t("p_rows_read", lang, file=label, rows=f"{len(frame):,}"))
                for where, headers in frame.attrs.get(BESIDE, ()):  # QA: a year's block under other headers, unsaid
                    lists = beside_lists(frame, headers, params.columns)
                    note(t("p_beside_unread_lists", lang, file=label, where=where, headers=", ".join(headers),
                           lists=lists) if lists else
                         t("p_beside_unread", lang, file=label, where=where, headers=", ".join(headers)))
                relation = _stage_frame(sources, frame, name if part == 0 else f"{name}_{part}")
                sources.relations.append((relation, label, suffix.lstrip(".")))
                if frame.attrs.get(MERGED):
                    sources.merged[relation] = frame.attrs[MERGED]
                    merged = {c[0] for c in frame.attrs[MERGED] if c[3] in ("filled", "once")}
                    down = {c[0] for c in frame.attrs[MERGED] if c[3] == "down"}
                    hidden = {c[0] for c in frame.attrs[MERGED] if c[3] == "hidden"}
                    if hidden:
                        note(t("p_hidden_rows", lang, file=label, rows=f"{len(hidden):,}"))
                        said = filter_said(frame, lang)
                        if said:  # rows hidden by a filter: which, and how to grade only those it shows
                            sources.filters[label] = said
                            note(f"{label}: {said}" if lang == "en" else f"{label}：{said}")
                    if merged:
                        note(t("p_merged", lang, file=label, rows=f"{len(merged):,}"))
                    if down:
                        note(t("p_filled_down", lang, file=label, rows=f"{len(down):,}"))
                del frame
                give_back_memory()
    _with_date_parts(sources, params)
    if params.data.wide is not None:  # a column per month: each month cell with an amount becomes a line
        from .wide import unpivot_relations

        unpivot_relations(sources, params, note, lang)
    if lookups:
        _join_lookups(sources, params.data.join, lookups, note, lang, needed=needed_headers(params))
