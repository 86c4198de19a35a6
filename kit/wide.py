"""Tables with a column per month (客户 | 1月 | 2月 | ... | 12月), as hand-kept sales ledgers are, read as order lines.

``data.wide`` turns each non-empty, non-zero month cell into one line: the row's other cells (customer code and
name, region ...), ``month`` (``2025-03``, read as the first of that month) and ``amount`` (the cell as written,
cleaned as any amount). ``sheet_row`` keeps the row as Excel shows it; ``_source_row`` numbers the lines. A
column that is no month (合计, 全年, 去年) is not read as a purchase.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pandas as pd

from .errors import DataError

#: The columns a wide table is read into (besides the row's other cells).
SHEET_ROW, MONTH, AMOUNT = "sheet_row", "month", "amount"

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december|sept|" + \
    "|".join(_EN_MONTHS)
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_PATTERNS = (
    re.compile(rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月份?"),  # 2025年1月
    re.compile(r"(?P<yy>\d{2})\s*年\s*(?P<m>\d{1,2})\s*月份?"),  # 25年1月 (a hand-kept sheet's short year)
    re.compile(rf"{_YEAR}\s*[-/.]\s*(?P<m>\d{{1,2}})"),  # 2025-01, 2025/1, 2025.01
    re.compile(rf"{_YEAR}(?P<m>0[1-9]|1[0-2])"),  # 202501
    re.compile(r"(?P<m>\d{1,2})\s*月份?"),  # 1月, 01月, 1月份
    re.compile(r"(?P<cn>十[一二]?|[一二三四五六七八九])\s*月份?"),  # 一月, 十二月
    re.compile(rf"(?P<en>{_EN_NAMES})\.?(?:[\s\-'/]*(?P<yy>(?:19|20)?\d{{2}}))?", re.IGNORECASE),  # Jan, Jan-25
)
#: A year in a sheet's or file's name: 2025, 2025年 (not part of a longer number).
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: A short year with 年 in a name (25年销售台账).
_NAME_SHORT_YEAR = re.compile(r"(?<!\d)(\d{2})\s*年")


#: A header cell that is a date on the first of a month (a month typed as a date, shown as 1月 by its format).
_FIRST_OF_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-01(?:[ T]00:00:00)?")


def _full_year(year: str) -> int:
    """A year as written, two digits read as strptime's %y does: 69-99 are 1969-1999, 00-68 are 2000-2068."""
    return int(year) if len(year) != 2 else (1900 if int(year) >= 69 else 2000) + int(year)


def month_of(header: object) -> tuple[int | None, int] | None:
    """(year or None, month) a column header names, or None when it names no month."""
    text = unicodedata.normalize("NFKC", str(header)).strip()
    first = _FIRST_OF_MONTH.fullmatch(text)
    if first:
        return (int(first["y"]), int(first["m"])) if 1 <= int(first["m"]) <= 12 else None
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("cn"):
            month = _CN_MONTHS[parts["cn"]]
        elif parts.get("en"):
            month = _EN_MONTHS.index(parts["en"][:3].lower()) + 1
        else:
            month = int(parts["m"])
        if not 1 <= month <= 12:
            return None
        year = parts.get("y") or parts.get("yy")
        return (_full_year(year) if year else None), month
    return None


def month_headers(headers: Sequence[object]) -> list[str]:
    """The headers that name a month, in order."""
    return [str(h) for h in headers if month_of(h) is not None]


def name_year(*names: str) -> int | None:
    """The year a sheet's or file's name gives (2025年销售台账, 2025, 25年3月, Mar-25), the first name that gives
    one."""
    for name in names:
        found = _NAME_YEAR.findall(name or "")
        if len(set(found)) == 1:
            return int(found[0])
        if not found:
            month = month_of(name or "")
            short = _NAME_SHORT_YEAR.findall(name or "")
            if month is not None and month[0] is not None:
                return month[0]
            if len(set(short)) == 1:
                return _full_year(short[0])
    return None


def name_month(*names: str) -> int | None:
    """The month a sheet's name gives (``2024年3月``, ``3月``, ``Mar-24``), the first name that gives one."""
    for name in names:
        found = month_of(name or "")
        if found is not None:
            return found[1]
    return None


#: Two years in a row in a name (2025-2026年度, 2025/26财年, 2025～2026): a year that crosses a year end.
_NAME_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—~～/至到])\s*((?:19|20)?\d{2})(?![\d\-/.])")


def span_first_year(*names: str) -> int | None:
    """The first year of two in a row that a name gives (``2025-2026年度销售台账``, ``FY2025/26``): a ledger kept
    from one year into the next; the first name that gives one."""
    for name in names:
        for first, second in _NAME_SPAN.findall(name or ""):
            later = int(second) if len(second) == 4 else int(first[:2] + second)
            if later == int(first) + 1:
                return int(first)
    return None


def month_order(sheets: Sequence[str]) -> int:
    """The order of sheets (or columns) named by their month alone (10月, Nov): 1 when each goes forward from the
    one before by a month or more, at most six (10月, 11月, 12月, 1月); -1 when each goes back so, the newest
    first (3月, 2月, 1月, 12月); 0 otherwise (repeated, out of order, fewer than two)."""
    named = bare_months(sheets)
    steps = [(later - earlier) % 12 for earlier, later in pairwise(named)]
    if steps and all(1 <= step <= 6 for step in steps):
        return 1
    if steps and all(6 <= step <= 11 for step in steps):
        return -1
    return 0


def year_ends(sheets: Sequence[str]) -> int:
    """How many times the months of sheets named by their month alone come round again in the workbook's order
    (:func:`month_order`: 12月 then 1月 going forward, 1月 then 12月 newest first); 0 when they are in no order."""
    order, named = month_order(sheets), bare_months(sheets)
    return sum((later < earlier) if order > 0 else (later > earlier) for earlier, later in pairwise(named)) \
        if order else 0


def first_sheet_year(sheets: Sequence[str], *names: str) -> int | None:
    """The year of the first of ``sheets`` (named by month alone) that ``names`` (the file's, a title) give: the year
    one of them names, else of two years in a row (2025-2026年度) the first when the sheets go forward, the second
    when the newest is first."""
    named = name_year(*names)
    if named is not None:
        return named
    first = span_first_year(*names)
    return None if first is None else first + (1 if month_order(sheets) < 0 and year_ends(sheets) else 0)


def rolled_years(sheets: Sequence[str], first_year: int | None) -> dict[str, int]:
    """The year of each sheet named by its month alone (10月, Nov) in a ledger kept across a year end (10月 ...
    12月, 1月 ... 3月, or the newest first: 3月 ... 1月, 12月 ...): ``first_year`` for the first, one more (one less,
    the newest first) after each time the months come round again (see :func:`year_ends`). Empty when they do not
    cross a year end, or ``first_year`` is unknown: each sheet then takes the one year its file's name or
    ``data.year`` gives."""
    if first_year is None or not year_ends(sheets):
        return {}
    order = month_order(sheets)
    years, year, previous = {}, first_year, None
    for sheet in sheets:
        found = month_of(sheet)
        if found is None or found[0] is not None:
            continue
        if previous is not None and (found[1] < previous if order > 0 else found[1] > previous):
            year += order
        years[sheet], previous = year, found[1]
    return years


def months(headers: Sequence[object], *, year: int | None, names: Sequence[str], source: str) -> dict[str, str]:
    """Header -> ``YYYY-MM`` for each month column; a header without a year takes ``year`` (``data.wide.year``),
    else the year in ``names`` (the sheet's, then the file's name, or the first of two years in a row it names:
    2025-2026年度). Columns 10月 ... 12月, 1月 ... 3月 in that order cross a year end: those after December take
    the next year, as month sheets do (:func:`rolled_years`)."""
    found = {str(h): month_of(h) for h in headers}
    found = {h: m for h, m in found.items() if m is not None}
    if not found:
        raise DataError(key="e_no_month_column", file=source, headers=", ".join(map(str, headers)))
    fallback = year if year is not None else name_year(*names) or span_first_year(*names)
    if fallback is None and any(y is None for y, _ in found.values()):
        bare = [h for h, (y, _) in found.items() if y is None]
        raise DataError(key="e_no_month_year", file=source, first=bare[0])
    rolled = rolled_years(list(found), fallback)
    return {h: f"{y if y is not None else rolled.get(h, fallback):04d}-{m:02d}" for h, (y, m) in found.items()}


def file_and_sheet(label: str) -> tuple[str, str] | None:
    """(file, sheet) of a ledger label of a sheet (``book.xlsx [2025]``, as :func:`kit.io.read_order_sheets` names
    the sheets it reads); None for a file's label."""
    match = re.fullmatch(r"(?P<file>.*) \[(?P<sheet>.*)\]", label)
    return (match["file"], match["sheet"]) if match else None


def bare_months(sheets: Sequence[str]) -> list[int]:
    """The months of the sheets (or columns) named by their month alone (10月, Nov), in order."""
    found = [month_of(s) for s in sheets]
    return [m[1] for m in found if m is not None and m[0] is None]


def year_names(label: str, data) -> list[str]:
    """The names that may give a wide table's year, in order: its sheet's (``book.xlsx [2025]``, or the one sheet
    ``data.sheet`` picks), then its file's stem."""
    from .io import EXCEL_SUFFIXES, source_names, workbook_sheets

    of_sheet = file_and_sheet(label)
    if of_sheet:
        return [of_sheet[1], Path(of_sheet[0]).stem]
    path = next((p for p, name in source_names(data.paths).items() if name == label), None)
    sheet = ""
    if path is not None and path.suffix.lower() in EXCEL_SUFFIXES:
        if isinstance(data.sheet, str):
            sheet = data.sheet
        elif isinstance(data.sheet, int):
            names = list(workbook_sheets(path))
            sheet = names[data.sheet] if 0 <= data.sheet < len(names) else ""
    return [sheet, Path(label).stem]


def _empty_cell(column: str, numeric: bool) -> str:
    """SQL: a month cell that is no purchase: empty, a dash, or zero."""
    if numeric:
        return f"({column} IS NULL OR {column} = 0)"
    text = f"trim(CAST({column} AS VARCHAR))"
    return (f"({column} IS NULL OR {text} IN ('', '-', '—', '－', '--') "
            f"OR coalesce(TRY_CAST(replace({text}, ',', '') AS DOUBLE) = 0, false))")


def unpivot_sql(relation: str, columns: dict[str, str], month_of_header: dict[str, str], source_row: str) -> str:
    """SQL: the lines of a wide relation (``columns``: name -> DuckDB type, with ``source_row``), one per month cell
    with an amount, in row then month order."""
    from .clean_sql import quote

    month_cols = [c for c in columns if c in month_of_header]
    numeric = all(t.upper() in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
                  or t.upper().startswith("DECIMAL") for c, t in columns.items() if c in month_of_header)
    kind = "DOUBLE" if numeric else "VARCHAR"
    others = [c for c in columns if c not in month_of_header and c != source_row]
    months_sql = " UNION ALL ".join(
        f"SELECT '{h.replace(chr(39), chr(39) * 2)}' AS _header, '{m}' AS {MONTH}, {i} AS _pos"
        for i, (h, m) in enumerate((h, month_of_header[h]) for h in month_cols))
    cells = ", ".join(f"CAST({quote(c)} AS {kind}) AS {quote(c)}" for c in month_cols)
    kept = ", ".join(f"u.{quote(c)}" for c in others)
    return f"""
        SELECT row_number() OVER (ORDER BY u.{quote(source_row)}, m._pos) AS {quote(source_row)},
               u.{quote(source_row)} AS {SHEET_ROW}{', ' + kept if kept else ''}, m.{MONTH}, u.{AMOUNT}
        FROM (UNPIVOT (SELECT {quote(source_row)}{', ' + ', '.join(quote(c) for c in others) if others else ''},
                              {cells} FROM {relation})
              ON {', '.join(quote(c) for c in month_cols)} INTO NAME _header VALUE {AMOUNT}) u
        JOIN ({months_sql}) m ON m._header = u._header
        WHERE NOT {_empty_cell('u.' + AMOUNT, numeric)}
        ORDER BY u.{quote(source_row)}, m._pos"""


def unpivot_relations(sources, params, note, lang: str = "en") -> None:
    """Read each order relation of ``sources`` (:class:`kit.io.OrderSources`) as a wide table: its month columns
    become lines (:func:`unpivot_sql`), written to the staging folder (or a temporary table)."""
    from .io import SOURCE_ROW, _literal, listed_headers, normalise_header
    from .text import t

    con = sources.con
    if params.data.wide.year is not None:  # QA: sheets 2024年 and 2025年 read with sheet: all under a drafted year
        # the tables whose month headers lack their year (1月): a header naming its own (2025-01) takes no year set
        bare = [label for relation, label, _ in sources.relations
                if any(m is not None and m[0] is None for m in map(month_of, (
                    row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall())))]
        named = {label: name_year(*year_names(label, params.data)) for label in bare}
        named = {label: year for label, year in named.items() if year is not None}
        if len(set(named.values())) > 1:
            (first, first_year), (second, second_year) = next(
                (a, b) for a, b in pairwise(sorted(named.items(), key=lambda item: item[1])) if a[1] != b[1])
            raise DataError(key="e_wide_year_names", first=first, second=second, first_year=first_year,
                            second_year=second_year, year=params.data.wide.year)
    for position, (relation, label, kind) in enumerate(sources.relations):
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
        headers = [c for c in types if c != SOURCE_ROW]
        found = months(headers, year=params.data.wide.year, names=year_names(label, params.data), source=label)
        taken = {normalise_header(c) for c in headers if c not in found}
        clash = [c for c in (SHEET_ROW, MONTH, AMOUNT) if c in taken]
        if clash:
            raise DataError(f"{label}: a column is called {clash[0]!r}, the name `data.wide` gives the lines it reads; "
                            f"rename it in the file (its headers: {listed_headers(headers)})")
        sql = unpivot_sql(relation, types, found, SOURCE_ROW)
        target = f"{relation}_wide"
        if sources.staging is not None:
            file_path = Path(sources.staging) / f"{target}.parquet"
            con.execute(f"COPY ({sql}) TO {_literal(file_path)} (FORMAT parquet)")
            con.execute(f"CREATE VIEW {target} AS SELECT * FROM read_parquet({_literal(file_path)})")
        else:
            con.execute(f"CREATE TEMP TABLE {target} AS {sql}")
        lines, rows = con.execute(f"SELECT count(*), count(DISTINCT {SHEET_ROW}) FROM {target}").fetchall()[0]
        first, last = min(found.values()), max(found.values())
        note(t("p_wide", lang, file=label, lines=f"{lines:,}", rows=f"{rows:,}", first=first, last=last))
        _carry_row_marks(con, sources, relation, target, found)
        sources.relations[position] = (target, label, kind)


def _carry_row_marks(con, sources, relation: str, target: str, month_headers: dict[str, str]) -> None:
    """The marks :func:`kit.io.read_table` gave the sheet's rows (hidden, a merged cell of the row's customer:
    :data:`kit.io.MERGED`) given to each line read from that row, so that the ledger says them as for a long table;
    the mark of a month cell (an amount in red font, or struck through) to that month's line, as ``amount``; a
    merged month cell's is left out (its lines are its months)."""
    from .clean_sql import quote
    from .io import SOURCE_ROW, StagedCells, _literal

    staged = sources.merged.pop(relation, ())
    if isinstance(staged, StagedCells):  # a CSV filled as it was staged: its cells on disk, each "down", "heading" or
        # "above", none of a month (a month's cell is no column filled); each line of a row given its row's, on disk too
        path = staged.path.with_name(f"{target}_marks.parquet")
        months = ", ".join(_literal(h) for h in month_headers)
        not_month = f"WHERE m.header NOT IN ({months}) " if months else ""
        con.execute(f"COPY (SELECT w.{quote(SOURCE_ROW)} AS r, m.header, m.top, m.how FROM {target} w "
                    f"JOIN read_parquet({_literal(str(staged.path))}) m ON w.{SHEET_ROW} = m.r "
                    f"{not_month}ORDER BY 1, 2) TO {_literal(str(path))} (FORMAT parquet)")
        rows = con.execute(f"SELECT count(DISTINCT r) FROM read_parquet({_literal(str(path))})").fetchall()[0][0]
        if rows:
            sources.merged[target] = StagedCells(path, int(rows))
        return
    marks = [(r, AMOUNT if header in month_headers else header, top, how, month_headers.get(header))
             for r, header, top, how in staged
             if header not in month_headers or how in ("red", "struck")]
    if not marks:
        return
    name = f"{target}_marks"
    con.register(name, pd.DataFrame(marks, columns=["r", "header", "top", "how", "month"]))
    lines = con.execute(f"SELECT w.{quote(SOURCE_ROW)}, m.header, m.top, m.how FROM {target} w "
                        f"JOIN {name} m ON w.{SHEET_ROW} = m.r AND (m.month IS NULL OR w.{MONTH} = m.month) "
                        f"ORDER BY 1, 2").fetchall()
    con.unregister(name)
    if lines:
        sources.merged[target] = [tuple(line) for line in lines]


def wide_sample(frame: pd.DataFrame, found: dict[str, str], source_row: str) -> pd.DataFrame:
    """:func:`unpivot_sql` in pandas, for ``kit init``'s sample: a line per month cell with an amount."""
    month_cols = [c for c in frame.columns if str(c) in found]
    others = [c for c in frame.columns if c not in month_cols and c != source_row]
    long = frame.melt(id_vars=[source_row, *others], value_vars=month_cols, var_name="_header", value_name=AMOUNT)
    long[MONTH] = long["_header"].astype(str).map(found)
    long["_pos"] = long["_header"].map({c: i for i, c in enumerate(month_cols)})
    text = long[AMOUNT].astype("string").str.strip().str.replace(",", "", regex=False)
    zero = pd.to_numeric(text.astype(object), errors="coerce") == 0
    empty = long[AMOUNT].isna().to_numpy() | text.isin(["", "-", "—", "－", "--"]).fillna(True).to_numpy(dtype=bool) \
        | zero.to_numpy(dtype=bool)
    long = long.loc[~empty].sort_values([source_row, "_pos"], kind="stable")
    long = long.rename(columns={source_row: SHEET_ROW}).drop(columns=["_header", "_pos"])
    long.insert(0, source_row, range(1, len(long) + 1))
    return long[[source_row, SHEET_ROW, *others, MONTH, AMOUNT]].reset_index(drop=True)
