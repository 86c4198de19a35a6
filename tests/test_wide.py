"""Hand-kept ledgers with a column per month (客户 | 1月 | ... | 12月), read as order lines (data.wide)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kit import clean
from kit.context import RunPaths
from kit.errors import DataError, ParamsError
from kit.io import check_headers
from kit.params import dump_params, load_params, validate_params
from kit.scaffold import draft
from kit.wide import month_of


@pytest.mark.parametrize("header, expected", [
    ("1月", (None, 1)), ("01月", (None, 1)), ("12月份", (None, 12)), (" 3 月 ", (None, 3)), ("十二月", (None, 12)),
    ("十月", (None, 10)), ("一月", (None, 1)), ("2025年3月", (2025, 3)), ("2025 年 11 月", (2025, 11)),
    ("2025-03", (2025, 3)), ("2025/3", (2025, 3)), ("2025.03", (2025, 3)), ("202503", (2025, 3)),
    ("Jan", (None, 1)), ("January", (None, 1)), ("sept", (None, 9)), ("Sep.", (None, 9)), ("Jan-25", (2025, 1)),
    ("Dec 2024", (2024, 12)), ("Mar'24", (2024, 3)), ("１２月", (None, 12)), ("Jan-99", (1999, 1)),
    # a month typed as a date (shown as 1月 by the cell's format)
    ("2025-01-01 00:00:00", (2025, 1)), ("2025-12-01", (2025, 12)),
])
def test_month_headers_are_read_with_their_year_when_they_name_one(header, expected):
    assert month_of(header) == expected


@pytest.mark.parametrize("header", ["合计", "全年", "2025", "13月", "0月", "Mayor", "202513", "月", "1", "12345",
                                    "客户名称", "Total", "Q1", "2025-13", "Marketing", "2025-01-15 00:00:00"])
def test_other_headers_are_no_month(header):
    assert month_of(header) is None


def _ledger(path: Path, sheet: str = "2025年", *, totals: bool = True, months: list[str] | None = None) -> None:
    """A hand-kept workbook: a title line, a month per column, a 合计 column and (with ``totals``) a 合计 row."""
    months = months or [f"{m}月" for m in range(1, 13)]
    book = openpyxl.Workbook() if not path.exists() else openpyxl.load_workbook(path)
    if "Sheet" in book.sheetnames and len(book.sheetnames) == 1 and not path.exists():
        book.remove(book["Sheet"])
    sheet_ = book.create_sheet(sheet)
    sheet_.append(["客户销售台账"])
    sheet_.append(["客户编码", "客户名称", *months, "合计"])
    rows = [("K001", "甲医院", [120000, None, 80000, 0, None, 50000, None, None, 30000, None, None, 200000]),
            ("K002", "乙医院", [None, 5000, None, None, "1.2万", None, None, None, None, None, 3000, None]),
            ("K003", "丙诊所", [None] * 12),
            ("K004", "丁药房", [800] * 11 + [-200])]
    for code, name, cells in rows:
        sheet_.append([code, name, *cells[:len(months)], None])
    if totals:
        sheet_.append(["合计", None, *[sum(v for v in col if isinstance(v, (int, float)))
                                       for col in zip(*(cells[:len(months)] for _, _, cells in rows))], None])
    book.save(path)


def _case(tmp_path: Path, data_yaml: str, extra: str = ""):
    (tmp_path / "case.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: zh\n"
        f"data:\n{data_yaml}"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n" + extra,
        encoding="utf-8")
    (tmp_path / "run").mkdir(exist_ok=True)
    return load_params(tmp_path / "case.yaml"), RunPaths(tmp_path / "run")


def test_each_month_cell_with_an_amount_becomes_a_line_of_that_month(tmp_path):
    _ledger(tmp_path / "2025年销售台账.xlsx")
    params, paths = _case(tmp_path, "  path: 2025年销售台账.xlsx\n  wide: {}\n"
                                    "  columns: {customer_id: 客户编码, customer_name: 客户名称}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: K001 five months (the 0 in April is no purchase), K002 three, K004 twelve, K003 none
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {
        "K001": 480000.0, "K002": 20000.0, "K004": 8600.0}
    assert kept.loc[kept["customer_id"] == "K001", "order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-01", "2025-03-01", "2025-06-01", "2025-09-01", "2025-12-01"]
    assert kept.loc[kept["customer_id"] == "K002", "amount"].tolist() == [5000.0, 12000.0, 3000.0]
    # the 合计 row's month cells are lines of a total: set aside as such, and the ledger reconciles
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("read", ""), "rows"] == 20 + 12
    assert ledger.loc[("set_aside", "total_row"), "rows"] == 12
    assert ledger.loc[("kept", ""), "rows"] == 20
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(quarantine["sheet_row"]) == {"7"}  # the 合计 row, as Excel shows it
    assert quarantine["month"].tolist()[:2] == ["2025-01", "2025-02"]


def test_the_year_comes_from_the_params_then_the_sheet_then_the_file(tmp_path):
    _ledger(tmp_path / "台账.xlsx", sheet="Sheet1", totals=False)
    params, paths = _case(tmp_path, "  path: 台账.xlsx\n  wide: {year: 2024}\n  columns: {customer_id: 客户编码}\n"
                                    "  sheet: Sheet1\n", "cleaning: {max_set_aside_share: 1}\n")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["order_date"].dt.year.unique().tolist() == [2024]
    params, paths = _case(tmp_path, "  path: 台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n"
                                    "  sheet: Sheet1\n")
    with pytest.raises(DataError, match=r"台账.xlsx: the month columns \(1月 …\) do not say which year they are, nor "
                                        r"does the sheet's or file's name; set `data.wide.year`"):
        check_headers(params, workbooks=True)


def test_headers_that_name_their_year_need_none_and_a_sheet_per_year_is_read_by_sheet_all(tmp_path):
    book = tmp_path / "book.xlsx"
    _ledger(book, sheet="2024", totals=False, months=["2024年11月", "2024年12月"])
    _ledger(book, sheet="2025", totals=False)
    params, paths = _case(tmp_path, "  path: book.xlsx\n  sheet: all\n  wide: {}\n  columns: {customer_id: 客户编码}\n",
                          "cleaning: {max_set_aside_share: 1}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["order_date"].dt.strftime("%Y-%m").drop_duplicates().tolist()[:3] == ["2024-11", "2024-12", "2025-01"]
    assert result.ledger.loc[result.ledger["kind"] == "read", ["source_file", "rows"]].values.tolist() == [
        ["book.xlsx [2024]", 4], ["book.xlsx [2025]", 20]]  # 2024: K001 1, K002 1, K004 2


def test_a_wide_gbk_csv_with_text_amounts(tmp_path):
    (tmp_path / "2025台账.csv").write_text(
        "客户,1月,2月,3月,合计\n甲,1.2万,-,0,\n乙,,\"3,000\",500元,\n", encoding="gbk")
    params, paths = _case(tmp_path, "  path: 2025台账.csv\n  wide: true\n  columns: {customer_id: 客户}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["甲", 12000.0], ["乙", 3000.0], ["乙", 500.0]]
    assert kept["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "2025-02-01", "2025-03-01"]


def test_wide_params_name_the_customer_only_and_survive_the_runs_dump(tmp_path):
    _ledger(tmp_path / "2025年销售台账.xlsx")
    with pytest.raises(ParamsError) as info:
        _case(tmp_path, "  path: 2025年销售台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码, amount: 合计}\n")
    assert "names amount, but with `data.wide` the month columns give the month and the amount; leave it out" in \
        info.value.told("en")
    assert "`data.columns` 写了 amount，但用 `data.wide` 时月份和金额来自各月份列；请删去" in str(info.value)  # zh by default
    with pytest.raises(ParamsError) as info:
        _case(tmp_path, "  path: 2025年销售台账.xlsx\n  wide: {year: '?'}\n  columns: {customer_id: 客户编码}\n")
    assert "`data.wide.year` is still '?'" in info.value.told("en") and "`data.wide.year` 仍是 '?'" in str(info.value)
    params, _ = _case(tmp_path, "  path: 2025年销售台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n")
    again = validate_params(dump_params(params), source=tmp_path / "params.json")  # what the notebooks read
    assert again.columns == params.columns and again.data.wide == params.data.wide


def test_kit_init_drafts_a_wide_ledger_and_the_draft_runs(tmp_path):
    _ledger(tmp_path / "2025年销售台账.xlsx")
    found = draft(tmp_path / "2025年销售台账.xlsx", tmp_path / "drafted.yaml")
    assert found.wide_year == 2025
    assert "  wide:" in found.text and "    year: 2025" in found.text
    assert "order_date" not in found.text.split("columns:")[1].split("period:")[0]
    assert "as_of: 2025-12-31" in found.text
    (tmp_path / "drafted.yaml").write_text(found.text, encoding="utf-8")
    params = load_params(tmp_path / "drafted.yaml")
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    assert pd.read_parquet(RunPaths(tmp_path / "run").transactions)["customer_id"].nunique() == 3


def test_kit_init_takes_the_months_year_from_the_title_above_the_table_or_asks_in_valid_yaml(tmp_path):
    """QA: a ledger whose year is in its title only (2024年度客户销售统计) was drafted with `year: ?` unquoted, which is
    no YAML: kit init and kit check stopped with 'mapping keys are not allowed here'."""
    import yaml

    _ledger(tmp_path / "客户销售统计.xlsx", sheet="Sheet1")
    book = openpyxl.load_workbook(tmp_path / "客户销售统计.xlsx")
    book["Sheet1"]["A1"] = "2024年度客户销售统计"
    book.save(tmp_path / "客户销售统计.xlsx")
    found = draft(tmp_path / "客户销售统计.xlsx", tmp_path / "p.yaml")
    assert found.wide_year == 2024 and "as_of: 2024-12-31" in found.text
    _ledger(tmp_path / "客户销售统计2.xlsx", sheet="Sheet1")  # 客户销售台账: no year anywhere
    found = draft(tmp_path / "客户销售统计2.xlsx", tmp_path / "p.yaml")
    assert found.wide_year == "?" and '    year: "?"' in found.text
    assert yaml.safe_load(found.text)["data"]["wide"]["year"] == "?"
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    with pytest.raises(ParamsError, match=r"`data.wide.year` 仍是 '\?'"):
        load_params(tmp_path / "p.yaml")


def test_month_columns_across_a_year_end_take_the_next_year_after_december(tmp_path):
    """Columns 10月 ... 12月, 1月 ... 3月 under a title naming 2025-2026年度: all were read as one year, January to
    March before October (review of the month sheets' fix)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["2025-2026年度客户销售统计"])
    sheet.append(["客户名称", *[f"{m}月" for m in (10, 11, 12, 1, 2, 3)]])
    for i in range(3):
        sheet.append([f"客户{i}", *[100 * (i + 1) + m for m in range(6)]])
    book.save(tmp_path / "台账.xlsx")
    found = draft(tmp_path / "台账.xlsx", tmp_path / "drafted.yaml")
    assert found.wide_year == 2025 and "as_of: 2026-03-31" in found.text
    assert any("those after December are read as of the next year" in str(n) for n in found.notes)
    (tmp_path / "drafted.yaml").write_text(found.text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    clean.clean_case(load_params(tmp_path / "drafted.yaml"), RunPaths(tmp_path / "run"))
    kept = pd.read_parquet(RunPaths(tmp_path / "run").transactions)
    by_month = kept.groupby(kept["order_date"].dt.strftime("%Y-%m"))["amount"].sum().to_dict()
    # by hand: column m (0-based) holds 100 + m, 200 + m, 300 + m
    assert by_month == {"2025-10": 600, "2025-11": 603, "2025-12": 606, "2026-01": 609, "2026-02": 612,
                        "2026-03": 615}


def test_a_table_with_a_date_column_is_not_taken_for_a_wide_one(tmp_path):
    (tmp_path / "o.csv").write_text("客户,订单日期,金额,1月,2月,3月\nA,2025-01-05,10,1,2,3\n", encoding="utf-8")
    assert draft(tmp_path / "o.csv", tmp_path / "p.yaml").wide_year is None


def test_the_report_says_the_months_were_read_from_columns(tmp_path):
    from kit.context import Run
    from kit.report import method_html

    _ledger(tmp_path / "2025年销售台账.xlsx")
    params, paths = _case(tmp_path, "  path: 2025年销售台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n")
    result = clean.clean_case(params, paths)
    assert ("数据为每月一列的台账：每个有金额的月份单元格计为该月的一笔采购，日期记为当月 1 日；空白和零值的月份视为未采购。"
            in method_html(Run(params=params, paths=paths), result.ledger))


@pytest.mark.parametrize("sheet_yaml", ["", "  sheet: '2025'\n", "  sheet: 0\n"])
def test_the_one_sheet_read_gives_the_year_by_its_name(tmp_path, sheet_yaml):
    _ledger(tmp_path / "台账.xlsx", sheet="2025", totals=False)
    params, paths = _case(tmp_path, f"  path: 台账.xlsx\n{sheet_yaml}  wide: {{}}\n  columns: {{customer_id: 客户编码}}\n",
                          "cleaning: {max_set_aside_share: 1}\n")
    check_headers(params, workbooks=True)
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["order_date"].dt.year.unique().tolist() == [2025]


def test_months_typed_as_dates_need_no_year_and_kit_init_drafts_none(tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    book.active.append(["客户", dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1), dt.datetime(2025, 3, 1)])
    book.active.append(["K1", 10, 20, 30])
    for cell in book.active[1][1:]:
        cell.number_format = 'm"月"'
    book.save(tmp_path / "w.xlsx")
    found = draft(tmp_path / "w.xlsx", tmp_path / "drafted.yaml")
    assert "  wide: {}" in found.text and "\n    year:" not in found.text
    (tmp_path / "drafted.yaml").write_text(found.text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(load_params(tmp_path / "drafted.yaml"), paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "2025-02-01", "2025-03-01"]


@pytest.mark.parametrize("name, year, month", [
    ("24年2月", 2024, 2),          # a hand-kept sheet's short year
    ("2024.02", 2024, 2),
    ("Mar-25", 2025, 3),
    ("销售25年", 2025, None),
    ("3月", None, 3),
    ("24.3", None, None),         # no 年: not taken for a year
    ("98年销售台账", 1998, None),  # as strptime's %y
])
def test_a_sheet_s_name_gives_the_year_and_month_of_dates_written_without_them(name, year, month):
    from kit.wide import name_month, name_year

    assert name_year(name) == year
    assert name_month(name) == month


def test_a_ledger_of_month_columns_takes_a_remark_reading_heji_as_the_fill_and_cleaning_do_alike(tmp_path):
    """A row of a product noted 两单合计 ended the block in the fill (no date column in the sheet) while cleaning took
    it for an order (its month is its date), so it lost its customer (review). Both take it for an order now; a
    小计 row of the customer's block stays a subtotal."""
    from conftest import write_workbook

    rows = [["客户编码", "品名", "1月", "2月", "备注"], ["K1", "X", 10, 20, None], [None, "Y", 30, None, "两单合计"],
            [None, "Z", 5, None, None], [None, None, 45, 20, "小计"]]
    write_workbook(tmp_path / "2025年台账.xlsx", {"Sheet1": rows})
    params, paths = _case(tmp_path, "  path: 2025年台账.xlsx\n  wide: {}\n  fill_down: [customer_id]\n"
                                    "  columns: {customer_id: 客户编码, product: 品名}\n",
                          "cleaning: {max_set_aside_share: 1}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["customer_id"].tolist() == ["K1"] * 4 and kept["amount"].tolist() == [10.0, 20.0, 30.0, 5.0]
    assert result.quarantine["reason"].tolist() == ["total_row", "total_row"]  # the 小计 row's two months


def test_a_hidden_row_of_a_wide_ledger_is_counted_and_its_month_cells_said_in_the_ledger(tmp_path):
    """A customer's row hidden in a ledger of month columns: still data (every month cell of it), and said."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    for row in (["客户编码", "1月", "2月", "3月"], ["K1", 100, None, 50], ["K2", 30, 20, 10], ["K3", None, 7, None]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True  # K2's row: three month cells, 60 in all
    book.save(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, "  path: 台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 150.0, "K2": 60.0, "K3": 7.0}
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "hidden_rows"), ["rows", "amount"]].tolist() == [3, 60.0]
    assert ledger.loc[("read", ""), "rows"] == ledger.loc[("kept", ""), "rows"] == 6


def test_red_month_cells_of_a_ledger_by_month_stop_the_run_or_count_as_returns(tmp_path):
    """Review: a ledger of month columns writing its 红字 in red month cells counted them as sales, whatever
    cleaning.red_amounts said."""
    import openpyxl
    from openpyxl.styles import Font

    from kit.errors import DataError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    for row in (["客户编码", "1月", "2月", "3月"], ["K1", 1000, 300, 500], ["K2", 2000, 500, None]):
        sheet.append(row)
    sheet["C2"].font = sheet["C3"].font = Font(color="FFFF0000")  # February's 300 and 500: returns
    book.save(tmp_path / "台账.xlsx")
    data = "  path: 台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n"
    params, paths = _case(tmp_path, data)
    with pytest.raises(DataError, match="writes 2 positive amounts of '2月' in red font"):
        clean.clean_case(params, paths)
    params, paths = _case(tmp_path, data, "cleaning: {red_amounts: returns}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 1200.0, "K2": 1500.0}
    assert kept.loc[kept["amount"] < 0, "order_date"].dt.month.tolist() == [2, 2]
    assert result.ledger.set_index("reason").loc["red_returns", ["rows", "amount"]].tolist() == [2, -800.0]


def test_a_row_of_several_red_month_cells_is_read_and_a_red_total_row_is_no_return(tmp_path):
    """Review: two red month cells on one row crashed the reader (a row tested twice), whatever the params said."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    for row in (["客户编码", "1月", "2月", "3月"], ["K1", 1000, 300, 500], ["K2", 2000, 500, 700],
                ["合计", 3000, 800, 1200]):
        sheet.append(row)
    for cell in ("C2", "D2", "B4", "C4", "D4"):  # K1's February and March; the 合计 row all red
        sheet[cell].font = Font(color="FFFF0000")
    book.save(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, "  path: 台账.xlsx\n  wide: {}\n  columns: {customer_id: 客户编码}\n",
                          "cleaning: {red_amounts: returns}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 200.0, "K2": 3200.0}


def _year_sheets(path: Path) -> None:
    """A ledger kept a sheet per year (2024年, 2025年), the same customers and months in each, other amounts."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, scale in ((2024, 1), (2025, 10)):
        sheet = book.create_sheet(f"{year}年")
        sheet.append(["客户编码", "客户名称", *[f"{m}月" for m in range(1, 13)], "合计"])
        sheet.append(["K001", "甲医院", *[100 * scale] * 12, 1200 * scale])
        sheet.append(["K002", "乙医院", *[None] * 11, 50 * scale, 50 * scale])
    book.save(path)


def test_a_sheet_per_year_drafted_without_a_year_reads_each_sheet_in_its_own_year_with_sheet_all(tmp_path):
    """QA: kit init drafted `year: 2025` beside its note that `data.sheet: all` reads each sheet in its name's year;
    with all, the 2024年 sheet was read as 2025 too: every customer's 2025 revenue and months counted twice."""
    _year_sheets(tmp_path / "客户销售统计.xlsx")
    found = draft(tmp_path / "客户销售统计.xlsx", tmp_path / "p.yaml")
    assert "  wide: {}" in found.text and "\n    year:" not in found.text
    (tmp_path / "p.yaml").write_text(found.text.replace('sheet: "2025年"', "sheet: all"), encoding="utf-8")
    params = load_params(tmp_path / "p.yaml")
    assert params.data.sheet == "all" and params.data.wide.year is None
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    kept = pd.read_parquet(RunPaths(tmp_path / "run").transactions)
    got = kept.groupby([kept["order_date"].dt.year, "customer_id"])["amount"].agg(["sum", "count"])
    # by hand: K001 100 a month in 2024 and 1,000 in 2025; K002 50 and 500 in December alone
    assert got.to_dict("index") == {(2024, "K001"): {"sum": 1200, "count": 12}, (2024, "K002"): {"sum": 50, "count": 1},
                                    (2025, "K001"): {"sum": 12000, "count": 12},
                                    (2025, "K002"): {"sum": 500, "count": 1}}


def test_a_wide_year_over_sheets_naming_other_years_stops_the_run(tmp_path):
    _year_sheets(tmp_path / "客户销售统计.xlsx")
    params, paths = _case(tmp_path, "  path: 客户销售统计.xlsx\n  sheet: all\n  wide: {year: 2025}\n"
                                    "  columns: {customer_id: 客户编码}\n")
    with pytest.raises(DataError) as info:
        clean.clean_case(params, paths)
    told = info.value.told("en")
    assert "[2024年] and" in told and "(2024, 2025)" in told and "remove `data.wide.year`" in told


def test_kit_init_leaves_out_the_rows_of_a_wide_ledger_giving_payments_beside_the_sales(tmp_path):
    """QA: each customer on two rows, 项目 销售额 and 回款额 (the name merged down both): the payments were read as
    purchases too, revenue 71% too high without a word."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年"
    sheet.append(["客户名称", "项目", *[f"{m}月" for m in range(1, 13)], "合计"])
    for i, (name, sale) in enumerate((("甲医院", 1000), ("乙药房", 300))):
        sheet.append([name, "销售额", *[sale] * 12, sale * 12])
        sheet.append([None, "回款额", *[sale // 2] * 12, sale * 6])
        sheet.merge_cells(start_row=2 + 2 * i, start_column=1, end_row=3 + 2 * i, end_column=1)
    book.save(tmp_path / "台账.xlsx")
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert found.exclude == {"项目": ["回款额"]}
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    clean.clean_case(load_params(tmp_path / "p.yaml"), RunPaths(tmp_path / "run"))
    kept = pd.read_parquet(RunPaths(tmp_path / "run").transactions)
    # by hand: the sales rows alone, 1,000 and 300 a month
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 12000, "乙药房": 3600}
    assert len(kept) == 24


@pytest.mark.parametrize("header, values", [("备注", ["已收款", "新客户", "部分回款"]),
                                            ("客户类型", ["目标客户", "老客户", "新客户"]),
                                            ("品类", ["成本价商品", "正价商品", "正价商品"])])
def test_kit_init_keeps_the_sales_of_a_wide_ledger_whose_column_names_no_figure(tmp_path, header, values):
    """Review: a remark (已收款), a customer's type (目标客户) or a category (成本价商品) on a customer's one row of a
    month-column ledger was drafted into cleaning.exclude as a figure other than sales, its purchases left out."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年"
    sheet.append(["客户名称", header, *[f"{m}月" for m in range(1, 13)]])
    for name, value, sale in zip(("甲医院", "乙药房", "丙诊所"), values, (100, 50, 10)):
        sheet.append([name, value, *[sale] * 12])
    book.save(tmp_path / "台账.xlsx")
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert found.exclude == {}
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    clean.clean_case(load_params(tmp_path / "p.yaml"), RunPaths(tmp_path / "run"))
    kept = pd.read_parquet(RunPaths(tmp_path / "run").transactions)
    # by hand: each customer's one row, twelve months of 100, 50 and 10
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 1200, "乙药房": 600, "丙诊所": 120}


def test_a_wide_year_over_sheets_whose_month_headers_name_their_year_does_not_stop_the_run(tmp_path):
    """Review: sheets 2024年 and 2025年 headed 2024-01 … and 2025-01 …, data.wide.year left at 2025: the year reads
    no header, yet the run stopped, saying both sheets' months were read as 2025."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, sale in ((2024, 100), (2025, 1000)):
        sheet = book.create_sheet(f"{year}年")
        sheet.append(["客户编码", *[f"{year}-{m:02d}" for m in range(1, 13)]])
        sheet.append(["K001", *[sale] * 12])
    book.save(tmp_path / "客户销售统计.xlsx")
    params, paths = _case(tmp_path, "  path: 客户销售统计.xlsx\n  sheet: all\n  wide: {year: 2025}\n"
                                    "  columns: {customer_id: 客户编码}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    got = kept.groupby(kept["order_date"].dt.year)["amount"].agg(["sum", "count"])
    # by hand: 100 a month in 2024, 1,000 a month in 2025
    assert got.to_dict("index") == {2024: {"sum": 1200, "count": 12}, 2025: {"sum": 12000, "count": 12}}


@pytest.mark.parametrize("block", [None, 30])
def test_a_csv_ledger_of_month_columns_filled_down_is_staged_a_block_of_rows_at_a_time(tmp_path, block, monkeypatch):
    """A CSV by month with the customer on its block's first row (data.fill_down): staged and filled as it is read
    (``block``: a few rows a block, the customer carried across each block's end), each month's line given it."""
    if block:
        from kit import io

        monkeypatch.setattr(io, "CSV_BLOCK_BYTES", block)
    rows = ["客户编码,品名,1月,2月,备注", "K1,X,10,20,", ",Y,30,,", ",Z,5,,", ",,45,20,小计", "K2,X,7,,", ",Y,,8,"]
    (tmp_path / "2025年台账.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params, paths = _case(tmp_path, "  path: 2025年台账.csv\n  wide: {}\n  fill_down: [customer_id]\n"
                                    "  columns: {customer_id: 客户编码, product: 品名}\n",
                          "cleaning: {max_set_aside_share: 1}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 65.0, "K2": 15.0}
    assert result.quarantine["reason"].tolist() == ["total_row", "total_row"]  # the 小计 row's two months
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "filled_down"), ["rows", "amount"]].tolist() == [3, 43.0]  # Y 30, Z 5, K2's Y 8
