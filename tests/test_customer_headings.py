"""data.customer_headings: a hand-kept sheet with no customer column names each customer on a heading row of its own
(客户：北京协和医院) above its block of orders (QA c14)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import order_case, write_workbook

from kit import clean
from kit.errors import DataError, ParamsError

_COLUMNS = "{customer_id: 客户, order_date: 日期, amount: 金额}"
_HEAD = ["日期", "摘要", "金额"]
_SHEETS = {
    "上半年": [
        ["2025年客户销售台账", None, None],
        _HEAD,
        [dt.datetime(2025, 1, 2), "销售", 9],  # above the first heading: no customer
        ["客户：甲医院", None, None],
        [dt.datetime(2025, 1, 10), "销售", 100],
        [dt.datetime(2025, 2, 10), "销售", 250],
        ["小计", None, 350],
        [None, None, None],
        ["客户名称：乙药房", None, None],
        [dt.datetime(2025, 3, 5), "销售", 80],
        [None, None, None],  # an empty row inside the block: the line below is still 乙药房's
        [dt.datetime(2025, 4, 5), "销售", 40],
        ["小计", None, 120],
        ["合计", None, 470],
    ],
    "下半年": [
        _HEAD,
        [dt.datetime(2025, 7, 1), "销售", 7],  # above this sheet's first heading: not 乙药房's of the sheet before
        ["Customer: 丙诊所", None, None],
        [dt.datetime(2025, 8, 1), "销售", 60],
        ["小计", None, 60],
    ],
}


def _run(tmp_path, data="  sheet: all\n  customer_headings: true\n"):
    write_workbook(tmp_path / "台账.xlsx", _SHEETS)
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data=data,
                               cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    return clean.clean_case(params, paths), paths


def test_each_order_line_takes_the_customer_of_the_heading_row_above_it_in_its_sheet(tmp_path):
    result, paths = _run(tmp_path)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 350.0, "乙药房": 120.0, "丙诊所": 60.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    # by hand: 3 heading rows, 4 subtotal and total lines, the 2 lines above each sheet's first heading (9 + 7)
    assert ledger.loc["label_row", "rows"] == 3
    assert ledger.loc["total_row", ["rows", "amount"]].tolist() == [4, 350 + 120 + 470 + 60]
    assert ledger.loc["before_heading", ["rows", "amount"]].tolist() == [2, 16.0]
    assert ledger.loc["customer_heading", ["rows", "amount"]].tolist() == [5, 530.0]
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    counted = result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum()
    assert read == counted == 12 + 4  # every row below the header rows, the empty ones too
    fixes = result.fixes[result.fixes["fix"].str.startswith("customer taken")]
    assert fixes[["source_row", "before", "after"]].values.tolist()[:2] == [
        [5, "(none; heading row 4 above)", "甲医院"], [6, "(none; heading row 4 above)", "甲医院"]]


def test_the_run_says_how_many_lines_took_a_heading_s_customer_and_how_many_had_none(tmp_path):
    said = []
    write_workbook(tmp_path / "台账.xlsx", _SHEETS)
    params, _ = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  sheet: all\n  customer_headings: true\n")
    from kit.io import read_order_sheets

    read_order_sheets(params.data.paths[0], params.data, params.columns, note=said.append)
    assert "台账.xlsx [上半年]: 4 order lines take their customer from the heading row above " \
           "(data.customer_headings); the 2 heading rows are set aside as such" in said
    assert "台账.xlsx [下半年]: 1 order line is above the first customer heading row, with no customer: set aside " \
           "as before the first customer heading; if it is a customer's, write a heading row (Customer: <name>, " \
           "客户：<name>) above it" in said


@pytest.mark.parametrize("block", [None, 40])
def test_a_hand_kept_csv_with_heading_rows_is_staged_a_block_of_rows_at_a_time(tmp_path, block, monkeypatch):
    if block:  # a few lines a block: a heading's lines, an empty row and a heading itself at a block's end
        from kit import io

        monkeypatch.setattr(io, "CSV_BLOCK_BYTES", block)
    lines = ["日期,摘要,金额", "2025-01-02,销售,9", "客户：甲医院,,", "2025-01-10,销售,100", ",,", "2025-02-10,销售,250",
             "小计,,350", "客户,乙药房,", "2025-03-05,销售,80", "小计,,80", "客户：丙诊所,电话：010-1,",
             "2025-04-05,销售,40", "2025-04-06,销售,41", "合计,,511"]
    (tmp_path / "台账.csv").write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    params, paths = order_case(tmp_path, "台账.csv", _COLUMNS, data="  customer_headings: true\n",
                               cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    from kit.io import check_headers

    check_headers(params)  # kit check: the 客户 column is the reader's, not the CSV header's
    said = []
    result = clean.clean_case(params, paths, note=said.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 350.0, "乙药房": 80.0, "丙诊所": 81.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    # by hand: 3 heading rows; 小计 twice and 合计; the line of 9 above the first heading
    assert ledger.loc["label_row", "rows"] == 3
    assert ledger.loc["total_row", ["rows", "amount"]].tolist() == [3, 350 + 80 + 511]
    assert ledger.loc["before_heading", ["rows", "amount"]].tolist() == [1, 9.0]
    assert ledger.loc["customer_heading", ["rows", "amount"]].tolist() == [5, 511.0]
    assert "台账.csv: 5 order lines take their customer from the heading row above (data.customer_headings); " \
           "the 3 heading rows are set aside as such" in said


def test_a_sheet_without_heading_rows_or_with_a_customer_column_already_stops(tmp_path):
    write_workbook(tmp_path / "台账.xlsx", {"明细": [_HEAD, [dt.datetime(2025, 1, 10), "销售", 100]]})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    with pytest.raises(DataError, match=r"台账.xlsx: data.customer_headings is set but no row of the sheet names a "
                                        r"customer on its own"):
        clean.clean_case(params, paths)
    write_workbook(tmp_path / "台账.xlsx", {"明细": [["客户", *_HEAD], ["甲医院", dt.datetime(2025, 1, 10), "销售", 100],
                                                   ["客户：乙药房", None, None, None], [None, None, None, None],
                                                   ["客户：丙诊所", None, None, None]]})
    with pytest.raises(DataError, match=r"takes the customer from heading rows, but the sheet has a column 客户 "
                                        r"already"):
        clean.clean_case(params, paths)


def test_customer_headings_is_for_hand_kept_sheets_not_parquet(tmp_path):
    pd.DataFrame({"客户": ["a"], "日期": ["2025-01-01"], "金额": [1.0]}).to_parquet(tmp_path / "o.parquet")
    with pytest.raises(ParamsError, match="customer_headings"):
        order_case(tmp_path, "o.parquet", _COLUMNS, data="  customer_headings: true\n")


def test_kit_init_drafts_it_for_an_english_sheet_with_a_customer_column_named_so(tmp_path):
    from kit.scaffold import draft

    rows = [["Date", "Memo", "Amount"]]
    for name, amounts in (("Acme Ltd", [100, 20]), ("Blue Sky", [5])):
        rows += [[f"Customer: {name}", None, None],
                 *[[dt.datetime(2025, 5, 1 + i), "sale", a] for i, a in enumerate(amounts)],
                 ["Total", None, sum(amounts)]]
    write_workbook(tmp_path / "ledger.xlsx", {"Sales": rows})
    found = draft(tmp_path / "ledger.xlsx", tmp_path / "p.yaml", language="en")
    assert found.columns["customer_id"] == "Customer" and found.customer_headings == "Acme Ltd"
    assert "  customer_headings: true    # no customer column, each customer named on a row above its orders " \
           "(such as Acme Ltd)" in found.text


def test_a_heading_s_phone_beside_or_after_the_customer_and_a_note_reading_like_a_heading_are_no_customer(tmp_path):
    """A heading row with its phone in a cell beside it (not taken for a heading: the customer was '?') or after the
    name in its cell (the customer was 甲医院  电话:010-1), and a note alone in the 备注 column reading 客户：要求开票
    (its block's next order went to a customer 要求开票)."""
    head = ["日期", "摘要", "金额", "备注"]
    rows = [head, ["客户：甲医院", None, "电话：010-1", None], [dt.datetime(2025, 1, 10), "销售", 100, None],
            [None, None, None, "客户：要求开票"], [dt.datetime(2025, 2, 10), "销售", 250, None], ["小计", None, 350, None],
            ["客户：乙药房  电话：010-2", None, None, None], [dt.datetime(2025, 3, 5), "销售", 80, "客户：乙药房"],
            ["小计", None, 80, None]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 350.0, "乙药房": 80.0}
    ledger = result.ledger.groupby("reason")["rows"].sum()
    assert ledger["label_row"] == 3 and "missing_customer_id" not in ledger  # 2 headings, the note


def test_kit_init_drafts_the_customer_of_headings_naming_a_phone_too(tmp_path):
    from kit.scaffold import draft

    rows = [["日期", "摘要", "金额"]]
    for name, amounts in (("甲医院", [100, 20]), ("乙药房", [5])):
        rows += [[f"客户：{name}", None, "联系人：王经理"],
                 *[[dt.datetime(2025, 5, 1 + i), "销售", a] for i, a in enumerate(amounts)], ["小计", None, sum(amounts)]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml", language="zh")
    assert found.columns["customer_id"] == "客户" and found.customer_headings == "甲医院"


def test_kit_init_drafts_every_sheet_of_heading_rows_and_the_run_reads_each_customer_s_orders_of_both(tmp_path):
    """A workbook of a sheet per half-year, each naming its customers on heading rows: kit init drafted the first
    sheet alone (no sheet has a customer column, so none held the key columns), 下半年's orders left out without a
    word; with sheet: all and the sheets stacked, it stopped on their repeated row numbers."""
    from test_scaffold import _drafted

    from kit.context import RunPaths

    write_workbook(tmp_path / "台账.xlsx", {
        "上半年": [_HEAD, ["客户：甲医院", None, None], [dt.datetime(2025, 1, 10), "销售", 100],
                  [dt.datetime(2025, 2, 10), "销售", 250], ["小计", None, 350], ["客户：乙药房", None, None],
                  [dt.datetime(2025, 3, 5), "销售", 80], ["小计", None, 80]],
        "下半年": [_HEAD, ["客户：丙诊所", None, None], [dt.datetime(2025, 7, 1), "销售", 60], ["小计", None, 60],
                  ["客户：甲医院", None, None], [dt.datetime(2025, 8, 1), "销售", 5], ["小计", None, 5]]})
    found, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert params.data.sheet == "all" and params.data.customer_headings and found.customer_headings == "甲医院"
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 甲医院 100 + 250 + 5, 乙药房 80, 丙诊所 60
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 355.0, "乙药房": 80.0, "丙诊所": 60.0}


def test_a_sheet_of_no_order_line_stops_nothing(tmp_path):
    """12月, a month to come, holds its header and a 合计 of 0 and no heading row: with sheet: all it stopped the run
    ("no row of the sheet names a customer"), 11月's orders graded by nobody."""
    write_workbook(tmp_path / "台账.xlsx", {
        "11月": [_HEAD, ["客户：甲医院", None, None], [dt.datetime(2025, 11, 10), "销售", 100], ["小计", None, 100],
                ["客户：乙药房", None, None], [dt.datetime(2025, 11, 12), "销售", 40], ["小计", None, 40]],
        "12月": [_HEAD, ["合计", None, 0]]})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  sheet: all\n  customer_headings: true\n",
                               cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 100.0, "乙药房": 40.0}


_SPLIT = [_HEAD, ["客户", "甲医院", None], [dt.datetime(2025, 1, 10), "销售", 100], [dt.datetime(2025, 2, 10), "销售", 250],
          ["小计", None, 350], ["客户名称：", "乙药房", "电话：010-2"], [dt.datetime(2025, 3, 5), "销售", 80],
          ["小计", None, 80], ["客户", "甲医院", None], [dt.datetime(2025, 5, 5), "销售", 30], ["小计", None, 30],
          ["合计", None, 460]]


def test_a_heading_split_over_two_cells_names_the_customer_of_the_lines_below_it(tmp_path):
    """客户 | 甲医院 and 客户名称： | 乙药房, the label in one cell and the customer in the next: no heading was found,
    kit init left the customer "?" and the run stopped."""
    write_workbook(tmp_path / "台账.xlsx", {"明细": _SPLIT})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 甲医院 100 + 250 + 30, 乙药房 80
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 380.0, "乙药房": 80.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["label_row", "rows"] == 3 and "missing_customer_id" not in ledger.index
    assert ledger.loc["total_row", ["rows", "amount"]].tolist() == [4, 350 + 80 + 30 + 460]
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    counted = result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum()
    assert read == counted == 11


@pytest.mark.parametrize("row", [["客户", dt.datetime(2025, 1, 10), None], ["客户", 12.5, None],
                                 ["客户", "电话：010-1", None], ["客户", "甲医院", "销售"]])
def test_a_label_beside_a_date_a_sum_a_phone_or_two_cells_is_no_split_heading(row):
    from kit.io import heading_customers

    frame = pd.DataFrame([row, ["客户", "乙药房", None]], columns=_HEAD)
    assert heading_customers(frame).tolist()[0] is pd.NA and heading_customers(frame).tolist()[1] == "乙药房"


def test_kit_init_drafts_customer_headings_for_headings_split_over_two_cells(tmp_path):
    from kit.scaffold import draft

    write_workbook(tmp_path / "台账.xlsx", {"明细": _SPLIT})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml", language="zh")
    assert found.columns["customer_id"] == "客户" and found.customer_headings == "甲医院"
    # the heading rows are no lines of no customer: nothing above the default 5% to draft
    assert "max_set_aside_share" not in found.text


def _above(lines_above: int) -> list[list]:
    """A title of two cells and a sign-off above the first heading, ``lines_above`` order lines of 55 there too,
    then 甲医院's 20 lines of 10 and 乙药房's one of 30."""
    return [_HEAD, ["销售台账", None, "单位：元"], ["制表：张三", "审核：李四", None],
            *[[dt.datetime(2025, 3, 1), "销售", 55]] * lines_above, ["客户：甲医院", None, None],
            *[[dt.datetime(2025, 1 + i % 12, 10), "销售", 10] for i in range(20)], ["小计", None, 200],
            ["客户：乙药房", None, None], [dt.datetime(2025, 6, 1), "销售", 30]]


def test_a_title_above_the_first_heading_is_a_label_row_and_an_order_line_there_is_set_aside_as_such(tmp_path):
    """The title 销售台账 | 单位：元 and the order line above the first heading were both missing_customer_id: 2 of 22
    lines, 9%, stopped the run at the default 5% limit; the title is no order line (label_row, not counted), the
    line is set aside as before_heading: 1 of 22, 4.5%."""
    write_workbook(tmp_path / "台账.xlsx", {"明细": _above(1)})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    result = clean.clean_case(params, paths)
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["before_heading", ["rows", "amount"]].tolist() == [1, 55.0]
    # the title, the sign-off, the 2 headings
    assert ledger.loc["label_row", "rows"] == 4 and "missing_customer_id" not in ledger.index
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 230.0
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    counted = result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum()
    assert read == counted == 2 + 1 + 1 + 20 + 1 + 2
    said = []
    from kit.io import read_order_sheets

    read_order_sheets(params.data.paths[0], params.data, params.columns, note=said.append)
    assert "台账.xlsx: 1 order line is above the first customer heading row, with no customer: set aside as before " \
           "the first customer heading; if it is a customer's, write a heading row (Customer: <name>, 客户：<name>) " \
           "above it" in said


def test_order_lines_above_the_first_heading_over_the_limit_stop_naming_why(tmp_path):
    write_workbook(tmp_path / "台账.xlsx", {"明细": _above(3)})  # by hand: 3 of 24 lines, 12.5%
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    with pytest.raises(DataError, match=r"3 of 24 .*order line above the sheet's first customer heading row"):
        clean.clean_case(params, paths)


def test_kit_init_counts_no_title_above_the_first_heading_as_a_line_of_no_customer(tmp_path):
    from kit.scaffold import draft

    write_workbook(tmp_path / "台账.xlsx", {"明细": _above(0)})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml", language="zh")
    assert found.customer_headings == "甲医院" and "max_set_aside_share" not in found.text


def test_a_sheet_whose_order_lines_mostly_sit_above_its_first_heading_stops_saying_to_write_a_heading(tmp_path):
    """3 of 4 order lines above the one heading (客户：甲医院 written below them, say): the stop said the columns were
    mapped wrong (the amount to a name column), which they are not; it says to write a heading row above them."""
    rows = [_HEAD, [dt.datetime(2025, 1, 10), "销售", 10], [dt.datetime(2025, 2, 10), "销售", 20],
            [dt.datetime(2025, 3, 10), "销售", 30], ["客户：甲医院", None, None], [dt.datetime(2025, 4, 10), "销售", 40]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    with pytest.raises(DataError) as stop:
        clean.clean_case(params, paths)
    assert "3 of 4 rows (75.0%)" in str(stop.value) and "maps a column to the wrong header" not in str(stop.value)
    assert "write a heading row (Customer: <name>, 客户：<name>) above" in str(stop.value)


def test_an_order_line_above_the_first_heading_whose_amount_does_not_read_is_no_title(tmp_path):
    """2025-03-01 | 销售 | 约55 above the first heading: an order line (the run's note counts it so), set aside as
    before_heading and counted; it was taken for a title (label_row, not counted), as 销售台账 | 单位：元 is."""
    rows = [_HEAD, ["销售台账", None, "单位：元"], [dt.datetime(2025, 3, 1), "销售", "约55"], ["客户：甲医院", None, None],
            *[[dt.datetime(2025, 1 + i % 12, 10), "销售", 10] for i in range(20)]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  customer_headings: true\n")
    said = []
    result = clean.clean_case(params, paths, note=said.append)
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["before_heading", "rows"] == 1 and ledger.loc["label_row", "rows"] == 2  # the title, the heading
    assert any("1 order line is above the first customer heading row" in n for n in said)
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    assert read == result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum() == 23


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5])
def test_a_sheet_read_in_blocks_of_rows_carries_the_heading_across_each_block_s_end(rows, monkeypatch):
    from kit import io
    from kit.io import MERGED, SOURCE_ROW, LineRoles, fill_from_headings

    monkeypatch.setattr(io, "HEADING_BLOCK_ROWS", rows)
    cells = [["2025-01-02", "销售", "9"],  # above the first heading
             ["客户：甲医院", None, None],  # the last row of a block of 2
             ["2025-01-10", "销售", "100"],
             [None, None, None],  # an empty row inside the block, at a block's end or start
             ["2025-02-10", "销售", "250"],
             ["小计", None, "350"],
             ["客户", "乙药房", None],  # split over two cells
             ["2025-03-05", "销售", "80"],
             [None, None, None],
             ["客户：丙诊所", "电话：010-1", None],  # a phone beside it: cleared
             ["2025-04-05", "销售", "40"],
             ["合计", None, "470"]]
    frame = pd.DataFrame(cells, columns=_HEAD, dtype=object)
    frame.insert(0, SOURCE_ROW, range(3, 3 + len(cells)))
    roles = LineRoles.of({"customer_id": ["客户"], "order_date": ["日期"], "amount": ["金额"]})
    out, headings, above = fill_from_headings(frame, "客户", source="x.csv", money=["金额"], roles=roles)
    assert out["客户"].tolist() == [None, None, "甲医院", None, "甲医院", None, None, "乙药房", None, None, "丙诊所", None]
    assert (headings, above) == (3, 1)
    assert out["日期"].tolist()[6] == "客户：乙药房" and pd.isna(out["摘要"].tolist()[9])
    # each line filled names its heading's row (3 + its place); the line above the first heading is listed as such
    assert sorted(one for one in out.attrs[MERGED]) == sorted([(5, "客户", 4, "heading"), (7, "客户", 4, "heading"),
                                                              (10, "客户", 9, "heading"), (13, "客户", 12, "heading"),
                                                              (3, "客户", 3, "above")])


@pytest.mark.parametrize("rows", [1, 2, 3])
def test_a_workbook_read_in_blocks_of_rows_grades_as_one_read_whole(tmp_path, rows, monkeypatch):
    from kit import io

    monkeypatch.setattr(io, "HEADING_BLOCK_ROWS", rows)
    result, paths = _run(tmp_path)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲医院": 350.0, "乙药房": 120.0, "丙诊所": 60.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["label_row", "rows"] == 3
    assert ledger.loc["before_heading", ["rows", "amount"]].tolist() == [2, 16.0]
    assert ledger.loc["customer_heading", ["rows", "amount"]].tolist() == [5, 530.0]


def test_a_csv_staged_without_heading_rows_or_with_a_customer_column_already_stops(tmp_path):
    (tmp_path / "台账.csv").write_text("日期,摘要,金额\n2025-01-10,销售,100\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "台账.csv", _COLUMNS, data="  customer_headings: true\n")
    with pytest.raises(DataError, match=r"台账.csv: data.customer_headings is set but no row of the sheet names a "
                                        r"customer on its own"):
        clean.clean_case(params, paths)
    (tmp_path / "台账.csv").write_text("客户,日期,摘要,金额\n甲医院,2025-01-10,销售,100\n客户：乙药房,,,\n,,,\n"
                                      "客户：丙诊所,,,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"takes the customer from heading rows, but the sheet has a column 客户 "
                                        r"already"):
        clean.clean_case(params, paths)


def test_a_cell_kept_over_lines_in_a_csv_with_headings_is_said_once(tmp_path):
    # the heading column is found by a first read of the CSV: its cells are not said a second time (review)
    lines = ["日期,摘要,金额", "客户：甲医院,,", "2025-01-10,销售,100", '2025-02-10,"补录:\n2025-01-05, 销售, 59.90\n请核对",250',
             "客户：乙药房,,", "2025-03-05,销售,80"]
    (tmp_path / "台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "台账.csv", _COLUMNS,
                               data="  customer_headings: true\n  quoted_line_breaks: keep\n",
                               cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    said = []
    result = clean.clean_case(params, paths, note=said.append)
    assert result.kept == 3  # by hand: 100 and 250 for 甲医院, 80 for 乙药房
    assert [line for line in said if "quoted over lines" in line] == [
        "台账.csv: 1 cell quoted over lines holds 1 line in the file's own shape (row 4, \"补录:), read inside the cell "
        "as data.quoted_line_breaks: keep says, not as rows: if a quote was opened by mistake, close it in a text "
        "editor"]


def test_a_staged_csv_with_headings_and_fill_down_says_no_fill_when_none_was_filled(tmp_path):
    # review: "0 rows with empty cells filled from the row above" when every order line had its date
    lines = ["日期,摘要,金额", "客户：甲医院,,", "2025-01-10,销售,100", "2025-02-10,销售,250", "客户：乙药房,,",
             "2025-03-05,销售,80"]
    (tmp_path / "台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "台账.csv", _COLUMNS,
                               data="  customer_headings: true\n  fill_down: [order_date]\n", cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    said = []
    assert clean.clean_case(params, paths, note=said.append).kept == 3
    assert [line for line in said if "data.fill_down" in line or "data.customer_headings" in line] == [
        "台账.csv: 3 order lines take their customer from the heading row above (data.customer_headings); the 2 "
        "heading rows are set aside as such"]
