"""A hand-kept sheet's sum under each customer's block written without 小计: the customer and the amount only
(华东医药 | | 12,345.00, the date cell empty). It stopped the run as lines of no readable date; with data.fill_down
of the date (which kit init drafted for them) it was counted as one more order, revenue twice over."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import order_case, write_workbook

from kit import clean

_COLUMNS = "{customer_id: 客户, order_date: 日期, amount: 金额}"
_HEAD = ["客户", "日期", "商品", "金额"]
#: by hand: 华东医药 100 + 250 + 12 = 362, 国药控股 80 + 40 = 120, 协和医院 500; the file's 合计 982
_TRUTH = {"华东医药": 362.0, "国药控股": 120.0, "协和医院": 500.0}


def _rows(sums=None) -> list[list]:
    rows = [_HEAD]
    for name, amounts in (("华东医药", [100, 250, 12]), ("国药控股", [80, 40]), ("协和医院", [500])):
        rows += [[name, dt.datetime(2025, 1 + i, 10), "阿莫西林", a] for i, a in enumerate(amounts)]
        rows.append([name, None, None, (sums or {}).get(name, sum(amounts))])
    return [*rows, ["合计", None, None, 982]]


def _ledger(result) -> pd.Series:
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    counted = result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum()
    assert read == counted == 10
    return result.ledger.groupby("reason")[["rows", "amount"]].sum()


@pytest.mark.parametrize("data", ["", "  fill_down: [order_date]\n"])
def test_a_line_of_the_customer_and_the_sum_of_its_lines_above_is_a_subtotal(tmp_path, data):
    write_workbook(tmp_path / "台账.xlsx", {"明细": _rows()})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data=data)  # the default 5% limit
    ledger = _ledger(clean.clean_case(params, paths))
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == _TRUTH
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [3, 982.0]
    assert ledger.loc["total_row", ["rows", "amount"]].tolist() == [1, 982.0]
    assert "bad_date" not in ledger.index
    assert "3 lines naming a customer (¥982) were taken for subtotals (a cell ends in 小计, 合计 ... or reads " \
           "Subtotal, or the line holds only the customer and the sum of its lines above)" in clean.subtotal_note(paths)


def test_such_a_line_whose_amount_is_not_the_sum_stays_a_line_of_no_date(tmp_path):
    """国药控股's line reads 130, not 80 + 40: no subtotal, an order line missing its date (set aside, counted)."""
    write_workbook(tmp_path / "台账.xlsx", {"明细": _rows({"国药控股": 130})})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    ledger = _ledger(clean.clean_case(params, paths))
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 862.0]
    assert ledger.loc["bad_date", ["rows", "amount"]].tolist() == [1, 130.0]


def test_a_csv_with_thousands_commas_and_another_customer_between(tmp_path):
    """A staged CSV; 国药控股's block interrupted by a line of 华东医药's, whose own sum line is none of 国药控股's."""
    lines = ["客户,日期,商品,金额", "国药控股,2025-01-10,阿莫西林,\"12,000.00\"", "华东医药,2025-01-11,阿莫西林,5.00",
             "国药控股,2025-02-10,阿莫西林,345.00", "国药控股,,,\"12,345.00\"", "华东医药,,,5.00"]
    (tmp_path / "台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "台账.csv", _COLUMNS)
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"国药控股": 12345.0, "华东医药": 5.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 12350.0]


def test_kit_init_drafts_no_fill_down_of_the_date_for_them(tmp_path):
    from kit.scaffold import draft

    write_workbook(tmp_path / "台账.xlsx", {"明细": _rows()})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml", language="zh")
    assert found.fill_down == [] and "max_set_aside_share" not in found.text


def test_a_sheet_of_customer_date_and_amount_only_its_days_filled_down(tmp_path):
    """客户 | 日期 | 金额 only, each day's date on its first line (data.fill_down): 华东医药's second line of 1-10 (200,
    its date filled, no other cell) is a line like its sum line below; it is no sum (200 is not 100), and the sum line
    300 = 100 + 200 is one all the same (it was kept: 华东医药 counted 600)."""
    rows = [["客户", "日期", "金额"], ["华东医药", dt.datetime(2025, 1, 10), 100], ["华东医药", None, 200],
            ["华东医药", None, 300], ["国药控股", dt.datetime(2025, 2, 10), 80], ["国药控股", None, 40],
            ["国药控股", dt.datetime(2025, 3, 10), 5], ["国药控股", None, 125]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  fill_down: [order_date]\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 华东医药 100 + 200 (sum 300), 国药控股 80 + 40 + 5 (sum 125)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"华东医药": 300.0, "国药控股": 125.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 425.0]
    read = result.ledger[result.ledger["kind"] == "read"]["rows"].sum()
    assert read == result.ledger[result.ledger["kind"].isin(["dropped", "set_aside", "kept"])]["rows"].sum() == 7


def test_a_line_whose_date_cell_holds_words_is_no_subtotal(tmp_path):
    """华东医药 | 待定 | | 362: a date cell written (to be fixed), no sum line of the customer and an amount only,
    though 362 = 100 + 250 + 12: an order line of no readable date, counted so (it was taken for a subtotal)."""
    rows = _rows()
    rows[4][1] = "待定"
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    ledger = _ledger(clean.clean_case(params, paths))
    assert ledger.loc["bad_date", ["rows", "amount"]].tolist() == [1, 362.0]
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 620.0]


def test_a_line_equal_to_the_lines_since_an_older_sum_line_is_no_subtotal(tmp_path):
    """客户 | 日期 | 金额 only, days filled down: 华东医药 50, 100, then 150 (= 50 + 100: its sum line), 50 and 200.
    200 is not the 50 since that sum line; it is the 150 + 50 since the 100 (an order line like a sum line, no sum):
    an order line, kept (a sum line's block starts after the sum line before it)."""
    rows = [["客户", "日期", "金额"], ["华东医药", dt.datetime(2025, 1, 10), 50], ["华东医药", None, 100],
            ["华东医药", None, 150], ["华东医药", dt.datetime(2025, 2, 10), 50], ["华东医药", None, 200]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  fill_down: [order_date]\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"华东医药": 50.0 + 100 + 50 + 200}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [1, 150.0]


def test_the_note_says_how_the_sum_lines_were_told_beside_lines_reading_xiaoji(tmp_path):
    """华东医药's sum line reads 小计 in 商品, 国药控股's and 协和医院's are the customer and the sum only: the note named
    the 小计 alone, as if every line set aside read it."""
    rows = _rows()
    rows[4][2] = "小计"
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS)
    ledger = _ledger(clean.clean_case(params, paths))
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [3, 982.0]
    # 华东医药's 小计 line stays a subtotal under keep too: the hint is about the other two (QA cn)
    assert "3 lines naming a customer (¥982) were taken for subtotals and set aside, not counted as purchases: 1 of " \
           "them reads only a total label (小计), no order; the other 2 (the line holds only the customer and the sum " \
           "of its lines above) are in quarantine.csv. If some are orders" in clean.subtotal_note(paths)
    assert "其中 1 条只写合计标签（小计），不是订单；另 2 条（该行只写客户和其上方各行之和）" in clean.subtotal_note(paths, lang="zh")


@pytest.mark.parametrize("returns", ["set_aside", "drop"])
def test_the_sum_of_lines_with_a_return_set_aside_is_a_subtotal(tmp_path, returns):
    """华东医药 100, a return of -30, then its sum 70: with cleaning.returns set_aside (or drop) the return is no usable
    line, but the sheet's sum nets it; the sum line was no subtotal (set aside as a line of no date, counted)."""
    rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 10), "阿莫西林", 100], ["华东医药", dt.datetime(2025, 2, 10), "退货", -30],
            ["华东医药", None, None, 70], ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 80], ["国药控股", None, None, 80]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS,
                               cleaning=f"cleaning: {{returns: {returns}, max_set_aside_share: 0.5}}\n")
    result = clean.clean_case(params, paths)
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 150.0] and "bad_date" not in ledger.index
    assert pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict() == {
        "华东医药": 100.0, "国药控股": 80.0}


def test_kit_init_tells_the_sum_lines_as_the_run_does():
    """kit init's sample: the sum line under lines of a day written once (200 and 100 below a dated 100: its date cell
    empty) and under a line of the customer and an amount that is no sum (客户 | 日期 | 金额 only) is a sum line, as
    the run sets it aside; it was taken for an order line of an empty date (since the line before of the kind, or
    summing dated lines only)."""
    import numpy as np

    from kit.scaffold import _customer_subtotals

    frame = pd.DataFrame({"客户": ["华东医药", "华东医药", "华东医药", "华东医药", "国药控股", "国药控股", "国药控股"],
                          "日期": ["2025-01-10", None, None, None, "2025-02-10", None, None],
                          "商品": ["阿莫西林", "阿莫西林", "阿莫西林", None, None, None, None],
                          "金额": ["100", "200", "100", "400", "80", "40", "120"]})
    columns = {"customer_id": "客户", "order_date": "日期", "amount": "金额", "product": "商品"}
    # by hand: 华东医药 100 + 200 + 100 = 400 (row 3); 国药控股 80, 40 (no sum: 40 is not 80), 120 = 80 + 40 (row 6)
    found = _customer_subtotals(frame, columns, np.ones(len(frame), dtype=bool))
    assert np.flatnonzero(found).tolist() == [3, 6]


def test_the_same_amount_bought_twice_on_a_day_is_no_subtotal(tmp_path):
    """客户 | 日期 | 金额 only, each day's date on its first line (data.fill_down): 华东医药 buys 30 twice on 1-10, the
    second line's date blank. 30 is the sum of the one line above it, but no sum in the sheet covers two lines or
    more: a real sale, kept (it was set aside as a subtotal)."""
    rows = [["客户", "日期", "金额"], ["华东医药", dt.datetime(2025, 1, 10), 30], ["华东医药", None, 30],
            ["国药控股", dt.datetime(2025, 1, 11), 50], ["国药控股", None, 20]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  fill_down: [order_date]\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 华东医药 30 + 30, 国药控股 50 + 20
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"华东医药": 60.0, "国药控股": 70.0}
    assert len(kept) == 4
    assert "subtotal_row" not in set(result.ledger["reason"])


def test_kit_init_takes_the_same_amount_bought_twice_for_no_subtotal():
    """kit init's sample, as the run: 30 under 30 (its date cell empty) is no sum when no sum covers two lines; with
    the block of 80 + 40 closed by 120 in the same sheet, it is one."""
    import numpy as np

    from kit.scaffold import _customer_subtotals

    columns = {"customer_id": "客户", "order_date": "日期", "amount": "金额"}
    frame = pd.DataFrame({"客户": ["华东医药", "华东医药", "国药控股"], "日期": ["2025-01-10", None, "2025-01-11"],
                          "金额": ["30", "30", "50"]})
    assert not _customer_subtotals(frame, columns, np.ones(len(frame), dtype=bool)).any()
    frame = pd.DataFrame({"客户": ["华东医药", "华东医药", "国药控股", "国药控股", "国药控股"],
                          "日期": ["2025-01-10", None, "2025-01-11", "2025-01-12", None],
                          "金额": ["30", "30", "80", "40", "120"]})
    # by hand: 120 = 80 + 40 covers two lines (row 4), so the one-line sum 30 (row 1) is a sum too
    found = _customer_subtotals(frame, columns, np.ones(len(frame), dtype=bool))
    assert np.flatnonzero(found).tolist() == [1, 4]


@pytest.mark.parametrize("down", ["[customer_id, order_id]", "[customer_id, order_id, order_date]"])
def test_a_sum_line_below_documents_whose_number_is_filled_down(tmp_path, down):
    """An ERP-like ledger: customer and 单号 on a document's first line only (data.fill_down), the date on every
    line, and the customer's sum line under its block. The 单号 filled down into the sum line is none of its own: it
    stays a subtotal (integration review: counted as a line of D02, each customer's revenue twice over)."""
    lines = ["客户,日期,单号,商品,金额",
             "华东医药,2025-01-10,D01,阿莫西林,100.00", ",2025-01-10,,头孢,50.00",
             "华东医药,2025-02-10,D02,阿莫西林,250.00", "华东医药,,,,400.00",
             "国药控股,2025-01-12,D03,阿莫西林,80.00", ",2025-01-12,,头孢,40.00", "国药控股,,,,120.00",
             "合计,,,,520.00"]
    (tmp_path / "台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "台账.csv", "{customer_id: 客户, order_date: 日期, order_id: 单号, "
                               "product: 商品, amount: 金额}", data=f"  fill_down: {down}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 华东医药 100 + 50 + 250 = 400 in 2 orders, 国药控股 80 + 40 = 120 in 1
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"华东医药": 400.0, "国药控股": 120.0}
    assert kept.groupby("customer_id")["order_id"].nunique().to_dict() == {"华东医药": 2, "国药控股": 1}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 520.0]


_ONE_LINE = "{customer_id: 客户, order_date: 日期, order_id: 单号, amount: 金额}"


def _one_line_blocks() -> list[list]:
    """Every customer's block one dated line with its 单号, then its sum line (the customer and the amount only)."""
    rows = [["客户", "日期", "单号", "金额"]]
    for n, (name, amount) in enumerate((("华东医药", 100), ("国药控股", 80), ("协和医院", 12.5))):
        rows += [[name, dt.datetime(2025, n + 1, 10), f"D0{n + 1}", amount], [name, None, None, amount]]
    return rows


@pytest.mark.parametrize("data", ["", "  fill_down: [order_date]\n"])
def test_a_sheet_whose_every_block_is_one_line_and_its_sum(tmp_path, data):
    """No block sums two lines or more, so no sum of one line was taken (it may be the same amount bought twice): each
    customer was counted twice (fill_down of the date) or its sums set aside as lines of no date. Every line has its
    date and 单号, every undated line sums the one above it, three blocks: the sheet's sums."""
    write_workbook(tmp_path / "台账.xlsx", {"明细": _one_line_blocks()})
    params, paths = order_case(tmp_path, "台账.xlsx", _ONE_LINE, data=data)
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 华东医药 100, 国药控股 80, 协和医院 12.5, one line each; the three sums 192.5
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"华东医药": 100.0, "国药控股": 80.0, "协和医院": 12.5}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [3, 192.5]
    assert "bad_date" not in ledger.index


def test_the_same_amount_bought_twice_by_three_customers_in_a_sheet_with_other_lines_is_no_sum(tmp_path):
    """客户 | 日期 | 金额, each day's date on its first line: three customers buy the same amount twice on a day, a
    fourth buys 10 and 20. Not every block is a line and its sum (丁's two lines have none): all are sales."""
    rows = [["客户", "日期", "金额"]]
    for n, (name, amount) in enumerate((("甲", 30), ("乙", 50), ("丙", 70))):
        rows += [[name, dt.datetime(2025, n + 1, 10), amount], [name, None, amount]]
    rows += [["丁", dt.datetime(2025, 5, 10), 10], ["丁", dt.datetime(2025, 5, 11), 20]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data="  fill_down: [order_date]\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 甲 30 + 30, 乙 50 + 50, 丙 70 + 70, 丁 10 + 20
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲": 60.0, "乙": 100.0, "丙": 140.0, "丁": 30.0}
    assert "subtotal_row" not in set(result.ledger["reason"])


@pytest.mark.parametrize("layout", ["since", "named", "again"])
def test_a_sum_line_below_the_customer_s_xiaoji_line(tmp_path, layout):
    """since: 华东医药's January closed by 小计 (352.5), February's 50 + 30 by its sum only (80), which was the lines
    since the sum before (none: all four, 432.5) and stayed a line of no date. named: the 小计 line reads 华东医药 小计 in
    the customer's cell (a total line). again: each block one line, its 小计, then the sum written again (the customer
    and the amount only): a sum of one line in a table of no other."""
    if layout == "named":
        rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 10), "阿莫西林", 100], ["华东医药", dt.datetime(2025, 1, 11), "阿莫西林", 252.5],
                ["华东医药 小计", None, None, 352.5], ["华东医药", dt.datetime(2025, 2, 10), "阿莫西林", 50],
                ["华东医药", dt.datetime(2025, 2, 11), "阿莫西林", 30], ["华东医药", None, None, 80],
                ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 80], ["国药控股", dt.datetime(2025, 3, 11), "阿莫西林", 40],
                ["国药控股", None, None, 120]]
        # by hand: as since, the 小计 line a total line (352.5), the sums 80 + 120 = 200
        truth, aside = {"华东医药": 432.5, "国药控股": 120.0}, [2, 200.0]
    elif layout == "since":
        rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 10), "阿莫西林", 100], ["华东医药", dt.datetime(2025, 1, 11), "阿莫西林", 252.5],
                ["华东医药", None, "小计", 352.5], ["华东医药", dt.datetime(2025, 2, 10), "阿莫西林", 50],
                ["华东医药", dt.datetime(2025, 2, 11), "阿莫西林", 30], ["华东医药", None, None, 80],
                ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 80], ["国药控股", dt.datetime(2025, 3, 11), "阿莫西林", 40],
                ["国药控股", None, None, 120]]
        # by hand: 华东医药 100 + 252.5 + 50 + 30 = 432.5, 国药控股 120; set aside 352.5 + 80 + 120 = 552.5
        truth, aside = {"华东医药": 432.5, "国药控股": 120.0}, [3, 552.5]
    else:
        rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 10), "阿莫西林", 100], ["华东医药", None, "小计", 100],
                ["华东医药", None, None, 100], ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 80],
                ["国药控股", None, "小计", 80], ["国药控股", None, None, 80]]
        truth, aside = {"华东医药": 100.0, "国药控股": 80.0}, [4, 360.0]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    result = clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict() == truth
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == aside and "bad_date" not in ledger.index


@pytest.mark.parametrize("data", ["", "  fill_down: [order_date]\n"])
def test_a_line_of_no_date_that_the_block_s_sum_below_counts_is_no_sum(tmp_path, data):
    """华东医药 100, 250, then 350 written without its date (the sum of the two above), 60, and the block's sum 760:
    350 was taken for the sum (set aside) and 760 for a line (counted, or set aside as a line of no date). 760 sums
    the block only with 350 a line: 350 is a line (its date filled down, or set aside as a line of no date)."""
    rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 10), "阿莫西林", 100], ["华东医药", dt.datetime(2025, 1, 11), "阿莫西林", 250],
            ["华东医药", None, None, 350], ["华东医药", dt.datetime(2025, 2, 10), "阿莫西林", 60], ["华东医药", None, None, 760],
            ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 80], ["国药控股", dt.datetime(2025, 3, 11), "阿莫西林", 40],
            ["国药控股", None, None, 120]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, data=data,
                               cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict()
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    # by hand: sums 760 + 120 = 880; 华东医药 100 + 250 + 60, and 350 when its date is filled down
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [2, 880.0]
    if data:
        assert kept == {"华东医药": 760.0, "国药控股": 120.0}
    else:
        assert kept == {"华东医药": 410.0, "国药控股": 120.0}
        assert ledger.loc["bad_date", ["rows", "amount"]].tolist() == [1, 350.0]


@pytest.mark.parametrize("layout", ["documents", "one_line", "xiaoji", "named"])
def test_kit_init_drafts_no_fill_down_of_the_date_for_sum_lines(tmp_path, layout):
    """documents: customer and 单号 on a document's first line only, the date on every line, each customer's sum
    below (integration review: fill_down: [customer_id, order_id, order_date], the sums told with the customer as
    written, not filled down). one_line: every block a line and its sum. xiaoji: a block closed by 小计, the next by
    the sum only; named: that 小计 line reading 华东医药 小计 in the customer's cell. The run sets those sums aside: no
    date to fill down for them."""
    from kit.scaffold import draft

    if layout == "documents":
        lines = ["客户,日期,单号,商品,金额", "华东医药,2025-01-10,D01,阿莫西林,100.00", ",2025-01-10,,头孢,50.00",
                 "华东医药,2025-02-10,D02,阿莫西林,250.00", ",2025-02-10,,头孢,12.50", "华东医药,,,,412.50",
                 "国药控股,2025-01-12,D03,阿莫西林,80.00", ",2025-01-12,,头孢,40.00", "国药控股,,,,120.00",
                 "协和医院,2025-03-12,D04,阿莫西林,70.00", ",2025-03-12,,头孢,30.00", "协和医院,,,,100.00"]
        fill = ["customer_id", "order_id"]
    elif layout == "one_line":
        lines = ["客户,日期,单号,金额", *(f"{n},2025-0{i + 1}-10,D0{i},{a}\n{n},,,{a}" for i, (n, a) in
                                    enumerate((("华东医药", 100), ("国药控股", 80), ("协和医院", 12.5))))]
        fill = []
    else:
        lines = ["客户,日期,商品,金额"]
        for i, name in enumerate(("华东医药", "国药控股", "协和医院")):
            closed = f"{name},,小计,120" if layout == "xiaoji" else f"{name} 小计,,,120"
            lines += [f"{name},2025-0{i + 1}-10,阿莫西林,100", f"{name},2025-0{i + 1}-11,阿莫西林,20", closed,
                      f"{name},2025-0{i + 4}-10,阿莫西林,50", f"{name},2025-0{i + 4}-11,阿莫西林,30", f"{name},,,80"]
        fill = []
    (tmp_path / "台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = draft(tmp_path / "台账.csv", tmp_path / "p.yaml", language="zh")
    assert found.fill_down == fill


def test_kit_init_takes_back_a_line_of_no_date_the_block_s_sum_below_counts():
    """kit init's sample, as the run: 350 (no date) sums the 100 and 250 above it, but 760 below sums the block only
    with 350 a line: 760 is the sum, 350 a line of an empty date."""
    import numpy as np

    from kit.scaffold import _customer_subtotals

    frame = pd.DataFrame({"客户": ["华东医药"] * 5 + ["国药控股"] * 3,
                          "日期": ["2025-01-10", "2025-01-11", None, "2025-02-10", None, "2025-03-10", "2025-03-11", None],
                          "金额": ["100", "250", "350", "60", "760", "80", "40", "120"]})
    columns = {"customer_id": "客户", "order_date": "日期", "amount": "金额"}
    # by hand: 100 + 250 + 350 + 60 = 760 (row 4), 80 + 40 = 120 (row 7)
    found = _customer_subtotals(frame, columns, np.ones(len(frame), dtype=bool))
    assert np.flatnonzero(found).tolist() == [4, 7]


def test_a_later_line_is_no_reason_to_take_back_a_sum_when_another_sum_closes_the_block_between(tmp_path):
    """华东医药 100, 200, its sum 300; 50, 70, its sum 120; then 840 of no date: 840 is 300 + 300 + 50 + 70 + 120, the
    lines since the first sum with that sum counted as a line, but the sum 120 between them closed that block: 300 stays
    a sum and 840 a line of no date."""
    rows = [_HEAD, ["华东医药", dt.datetime(2025, 1, 5), "阿莫西林", 100], ["华东医药", dt.datetime(2025, 1, 9), "阿莫西林", 200],
            ["华东医药", None, None, 300], ["华东医药", dt.datetime(2025, 2, 5), "阿莫西林", 50],
            ["华东医药", dt.datetime(2025, 2, 9), "阿莫西林", 70], ["华东医药", None, None, 120], ["华东医药", None, None, 840],
            ["国药控股", dt.datetime(2025, 3, 10), "阿莫西林", 10], ["国药控股", dt.datetime(2025, 3, 11), "阿莫西林", 20],
            ["国药控股", None, None, 30]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    params, paths = order_case(tmp_path, "台账.xlsx", _COLUMNS, cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    result = clean.clean_case(params, paths)
    # by hand: 华东医药 100 + 200 + 50 + 70 = 420, 国药控股 30; sums 300 + 120 + 30 = 450; 840 of no date
    assert pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict() == {
        "华东医药": 420.0, "国药控股": 30.0}
    ledger = result.ledger.groupby("reason")[["rows", "amount"]].sum()
    assert ledger.loc["subtotal_row", ["rows", "amount"]].tolist() == [3, 450.0]
    assert ledger.loc["bad_date", ["rows", "amount"]].tolist() == [1, 840.0]


def test_kit_init_keeps_a_sum_when_another_sum_closes_the_block_before_the_later_line():
    """kit init's sample, as the run: 840 (no date) is 300 + 300 + 50 + 70 + 120, the lines since the sum 300 with it
    counted as a line, but the sum 120 closed that block between them: 300 and 120 are sums, 840 a line."""
    import numpy as np

    from kit.scaffold import _customer_subtotals

    frame = pd.DataFrame({"客户": ["华东医药"] * 7 + ["国药控股"] * 3,
                          "日期": ["2025-01-05", "2025-01-09", None, "2025-02-05", "2025-02-09", None, None,
                                 "2025-03-10", "2025-03-11", None],
                          "金额": ["100", "200", "300", "50", "70", "120", "840", "10", "20", "30"]})
    columns = {"customer_id": "客户", "order_date": "日期", "amount": "金额"}
    # by hand: 100 + 200 = 300 (row 2), 50 + 70 = 120 (row 5), 10 + 20 = 30 (row 9)
    found = _customer_subtotals(frame, columns, np.ones(len(frame), dtype=bool))
    assert np.flatnonzero(found).tolist() == [2, 5, 9]


def _same_day_twice() -> list[list]:
    """客户 | 日期 | 金额, each day's date on its first line; each customer's January closed by its 小计 line (甲 小计).
    甲 buys 80 twice on 3 February, the second line under the first with no date of its own."""
    day = dt.datetime
    return [["客户", "日期", "金额"], ["甲", day(2025, 1, 5), 100], ["甲", None, 250], ["甲 小计", None, 350],
            ["甲", day(2025, 2, 3), 80], ["甲", None, 80], ["乙", day(2025, 1, 5), 40], ["乙", None, 60],
            ["乙 小计", None, 100], ["乙", day(2025, 2, 7), 30], ["乙", day(2025, 2, 9), 45]]


def test_the_same_amount_bought_twice_on_a_day_after_the_customer_s_xiaoji_line_is_no_sum(tmp_path):
    """No sum without 小计 in the sheet sums two lines or more: 甲's second 80 under the first, after its 小计 line, is
    the same amount bought twice on that day (its date filled down), not a sum of one line (review: 80 lost)."""
    write_workbook(tmp_path / "台账.xlsx", {"明细": _same_day_twice()})
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                               data="  fill_down: [order_date]\n", cleaning="cleaning: {max_set_aside_share: 0.5}\n")
    result = clean.clean_case(params, paths)
    # by hand: 甲 100 + 250 + 80 + 80 = 510, 乙 40 + 60 + 30 + 45 = 175
    assert pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict() == {
        "甲": 510.0, "乙": 175.0}
    assert "subtotal_row" not in set(result.ledger["reason"])


def test_kit_init_takes_the_same_amount_bought_twice_on_a_day_after_a_xiaoji_line_for_no_sum():
    """kit init's sample, as the run: 甲's second 80 after its 小计 line is a line of the day above, no sum."""
    from kit.scaffold import _customer_subtotals

    rows = _same_day_twice()
    frame = pd.DataFrame(rows[1:], columns=rows[0]).astype("string")
    columns = {"customer_id": "客户", "order_date": "日期", "amount": "金额"}
    order_rows = ~frame["客户"].str.endswith("小计").to_numpy(dtype=bool)
    assert not _customer_subtotals(frame, columns, order_rows).any()
