"""Fixed-width text reports (a mainframe or ERP print to file, QA c38): columns at fixed places, names of several
words, amounts with thousands commas, page titles, rule lines, the header repeated on each page."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from conftest import order_case

from kit.errors import DataError
from kit.io import FIXED, SOURCE_ROW, _csv_layout, read_table


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` places as printed (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * (width - shown) + text if right else text + " " * (width - shown)


ROWS = [("000112", "ACME", "01/02/2025", 2104.71), ("000069", "NORTH STAR FOODS CO", "01/03/2025", 1456.91),
        ("000023", "", "02/10/2025", 340.36), ("000112", "ACME", "03/04/2025", 12345.6),
        ("000010", "JOHNSON & SONS LTD", "11/30/2025", 283.43)]


def _english(path):
    lines = [f"{'CUST NO':<10}{'CUSTOMER NAME':<26}{'INV DATE':<12}{'AMOUNT':>12}"]
    lines += [f"{c:<10}{n:<26}{d}  {a:>12,.2f}" for c, n, d, a in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_fixed_width_report_is_cut_into_its_columns(tmp_path):
    path = _english(tmp_path / "SALESRPT.txt")
    assert _csv_layout(path, encoding=None, header_row=None, expected=())[1] == FIXED
    frame = read_table(path)
    assert list(frame.columns) == [SOURCE_ROW, "CUST NO", "CUSTOMER NAME", "INV DATE", "AMOUNT"]
    assert frame["CUST NO"].tolist() == [r[0] for r in ROWS]
    assert frame["CUSTOMER NAME"].tolist() == [r[1] for r in ROWS]
    assert frame["AMOUNT"].tolist() == ["2,104.71", "1,456.91", "340.36", "12,345.60", "283.43"]
    assert frame[SOURCE_ROW].tolist() == [2, 3, 4, 5, 6]


def test_kit_init_drafts_a_fixed_width_report_and_says_so(tmp_path):
    from test_scaffold import _drafted

    found, params = _drafted(_english(tmp_path / "SALESRPT.txt"), tmp_path / "s.yaml")
    assert (params.columns.customer_id, params.columns.order_date, params.columns.amount) == (
        "CUST NO", "INV DATE", "AMOUNT")
    assert any("fixed-width" in n for n in found.notes)


def _paged(path):
    """A GBK report of two pages: a title and print date on each, the header repeated, rules, a page total, and
    Chinese names (two places each as printed); returns the order rows as written."""
    rows = [("C001", "华东贸易有限公司", "2025-01-05", 16808.56), ("C003", "北方 食品", "2025-02-27", 14838.32),
            ("C004", "", "2025-03-18", 1370.22), ("C002", "ACME", "2025-04-28", 8168.94),
            ("C001", "华东贸易有限公司", "2025-06-11", 1923.62), ("C003", "北方 食品", "2025-08-23", 3703.62)]
    header = _pad("客户编号", 10) + _pad("客户名称", 22) + _pad("日期", 12) + _pad("金额", 14, True)
    lines = []
    for page, part in enumerate((rows[:3], rows[3:]), start=1):
        lines += [f"XX公司销售报表                    第 {page} 页", "打印日期：2026-01-05", "", header, "-" * 58]
        lines += [_pad(c, 10) + _pad(n, 22) + _pad(d, 12) + _pad(f"{a:,.2f}", 14, True) for c, n, d, a in part]
        lines += ["-" * 58, _pad("本页合计", 44) + _pad(f"{sum(r[3] for r in part):,.2f}", 14, True), ""]
    lines.append("*** 报表结束 ***")
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    return rows


def test_a_paged_chinese_report_is_graded_and_its_page_lines_set_aside(tmp_path):
    from kit import clean

    rows = _paged(tmp_path / "report.txt")
    params, paths = order_case(tmp_path, "report.txt", "{customer_id: 客户编号, order_date: 日期, amount: 金额, "
                                                       "customer_name: 客户名称}")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    by_hand = pd.DataFrame(rows, columns=["c", "n", "d", "a"]).groupby("c")["a"].sum().round(2)
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == by_hand.to_dict()
    names = kept.drop_duplicates("customer_id").set_index("customer_id")["customer_name"]
    assert names["C001"] == "华东贸易有限公司" and names["C003"] == "北方 食品"
    ledger = result.ledger.set_index(["kind", "reason"])["rows"]
    # 19 lines below the first header: 6 orders; 4 rules, the second page's title and print date and the end line
    # as title lines; the header once again; 2 page totals; 3 empty lines
    assert ledger[("read", "")] == 19
    assert ledger[("kept", "")] == 6
    assert ledger[("set_aside", "label_row")] == 7
    assert ledger[("dropped", "header_row")] == 1
    assert ledger[("set_aside", "total_row")] == 2
    assert ledger[("dropped", "blank_row")] == 3
    assert ledger.drop([("read", "")]).sum() == 19


def test_a_plain_csv_and_a_space_separated_log_are_no_fixed_width_report(tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text("客户编码,日期,金额\nC1,2025-01-05,\"1,234.50\"\nC2,2025-01-06,12.00\nC3,2025-01-07,5.00\n",
                   encoding="utf-8")
    assert _csv_layout(csv, encoding=None, header_row=None, expected=())[1] == ","
    log = tmp_path / "CDNOW.txt"
    log.write_text("00001 19970101  1  11.77\n00002 19970112  2  12.00\n00003 19970102  2  20.76\n", encoding="utf-8")
    assert _csv_layout(log, encoding=None, header_row=None, expected=())[1] == "spaces"


def test_a_report_whose_columns_cannot_be_placed_stops_saying_what_it_is(tmp_path):
    """Aligned for its first lines (taken for a fixed-width report), then written anyhow."""
    path = _english(tmp_path / "SALESRPT.txt")
    aligned = path.read_text(encoding="utf-8")
    more = "".join(aligned.splitlines(keepends=True)[1:] * 7)  # the first 36 lines aligned
    ragged = "".join(f"{d}  {a:,.2f}  {c}  {n or 'X'}\n" for c, n, d, a in ROWS * 20)
    path.write_text(aligned + more + ragged, encoding="utf-8")
    with pytest.raises(DataError, match="fixed-width text report whose columns cannot be placed"):
        read_table(path)


def test_the_stop_on_a_report_that_cannot_be_placed_is_told_in_chinese_too():
    said = DataError(key="e_fixed_width", file="SALESRPT.txt").told("zh")
    assert said.startswith("SALESRPT.txt：这是按空格对齐的定宽文本报表") and "固定宽度" in said


def test_an_order_written_across_the_columns_further_down_stops_naming_its_line(tmp_path):
    """A name longer than its column running into the date 500 lines down (review: the order was set aside as a
    page's title line, its 5,000.00 lost with no word but 'label_row')."""
    path = tmp_path / "SALESRPT.txt"
    lines = [f"{'CUST NO':<10}{'CUSTOMER NAME':<26}{'INV DATE':<12}{'AMOUNT':>12}"]
    lines += [f"{c:<10}{n:<26}{d}  {a:>12,.2f}" for c, n, d, a in ROWS * 100]
    lines.append(f"{'000077':<10}{'INTERNATIONAL BUSINESS MACHINES':<26}06/06/2025  {5000:>12,.2f}")
    lines.append(f"{'000079':<10}{'SMALL':<26}06/08/2025  {77:>12,.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 502 looks like an order") as stop:
        read_table(path)
    assert "000077" in stop.value.told("zh") and "第 502 行" in stop.value.told("zh")


@pytest.mark.parametrize("crossing", [[3], [3, 10], [2, 3, 4]])
def test_an_order_written_across_the_columns_in_the_first_lines_stops_naming_its_line(tmp_path, crossing):
    """QA: orders running into the date within the lines the layout is taken from (one in a report of 8 lines, two
    or three in its first 30) made the report a comma-separated file, stopped on its amounts' thousands commas,
    or left the line read into the wrong columns."""
    path = tmp_path / "SALESRPT.txt"
    body = [f"{c:<10}{n:<26}{d}  {a:>12,.2f}" for c, n, d, a in ROWS * 40][:8 if crossing == [3] else 200]
    for at in crossing:
        body[at] = f"{'000077':<10}{'INTERNATIONAL BUSINESS MACHINES':<26}06/06/2025  {5000:>12,.2f}"
    path.write_text("\n".join([f"{'CUST NO':<10}{'CUSTOMER NAME':<26}{'INV DATE':<12}{'AMOUNT':>12}", *body]) + "\n",
                    encoding="utf-8")
    assert _csv_layout(path, encoding=None, header_row=None, expected=())[1] == FIXED
    for expected in ((), ("CUST NO", "INV DATE", "AMOUNT")):  # as kit init reads it, and as a run does
        with pytest.raises(DataError, match=f"line {crossing[0] + 2} looks like an order but is written across"):
            read_table(path, expected=expected)


def test_a_paged_report_with_an_order_across_its_columns_on_the_first_page_stops_naming_it(tmp_path):
    """QA: the same on a paged GBK report, three orders a page: a run stopped on a thousands comma (16,808.56)."""
    header = _pad("客户编号", 10) + _pad("客户名称", 22) + _pad("日期", 12) + _pad("金额", 14, True)
    rows = [("C001", "华东贸易有限公司", "2025-01-05", 16808.56), ("C005", "上海浦东新区国际医药贸易有限公司", "2025-03-18",
                                                                1370.22), ("C002", "ACME", "2025-04-28", 8168.94)]
    lines = []
    for page in (1, 2, 3):
        lines += [f"XX公司销售报表                    第 {page} 页", "打印日期：2026-01-05", "", header, "-" * 58]
        lines += [_pad(c, 10) + (n if len(n) > 11 else _pad(n, 22)) + _pad(d, 12) + _pad(f"{a:,.2f}", 14, True)
                  for c, n, d, a in (rows if page == 1 else rows[::2])]
        lines += ["-" * 58, ""]
    path = tmp_path / "report.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))  # line 7: C005's name runs into its date
    with pytest.raises(DataError, match="line 7 looks like an order") as stop:
        read_table(path, expected=["客户编号", "日期", "金额"])
    assert "C005 上海浦东新区国际医药贸易有限公司2025-03-18 1,370.22" in str(stop.value)
