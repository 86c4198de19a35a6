"""cleaning.blank_ids: lines whose customer ID cell is empty but whose customer's name is written (临时客户, entered by
name only in an ERP export): set aside by default, or graded under the name (the ID the name has elsewhere)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import order_case

from kit import clean
from kit.errors import DataError, ParamsError
from kit.scaffold import draft

_HEADER = ["日期", "单号", "客户编码", "客户名称", "物料名称", "金额"]
_ROWS = [
    ["2025-01-05", "S1", "C001", "甲医院", "药A", "100.00"],
    ["2025-02-05", "S2", "", "甲医院", "药B", "50.00"],        # the name has one ID elsewhere: C001
    ["2025-03-05", "S3", "", "临时客户9", "药A", "30.00"],      # a name without an ID anywhere: graded by it
    ["2025-03-06", "S4", "C002", "乙医院", "药A", "10.00"],
    ["2025-03-07", "S5", "C003", "乙医院", "药A", "20.00"],
    ["2025-03-08", "S6", "", "乙医院", "药A", "7.00"],         # the name has two IDs: which is unknown, set aside
    ["2025-03-09", "S7", "", "临时客户9", "小计", "30.00"],      # a subtotal, whatever the mode
    ["2025-03-10", "S8", "", "", "药A", "5.00"],               # neither: set aside
    ["2025-03-11", "S9", "", " 丙诊所 ", "药A", "4.00"],         # a name with spaces around: trimmed
]
_COLUMNS = ("{customer_id: 客户编码, order_date: 日期, amount: 金额, order_id: 单号, customer_name: 客户名称, "
            "product: 物料名称}")


def _write(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([_HEADER, *rows])


def _clean(tmp_path: Path, mode: str | None, rows=_ROWS, language: str = "en", limit: float = 1.0):
    _write(tmp_path / "o.csv", rows)
    said = f"blank_ids: {mode}, " if mode else ""
    params, paths = order_case(tmp_path, "o.csv", _COLUMNS, language=language,
                               cleaning=f"cleaning: {{{said}max_set_aside_share: {limit}}}\n")
    return params, paths, clean.clean_case(params, paths)


def test_a_line_without_an_id_is_graded_under_the_id_its_name_has_else_under_the_name(tmp_path):
    _, paths, result = _clean(tmp_path, "name")
    kept = pd.read_parquet(paths.transactions)
    by_customer = kept.groupby("customer_id")["amount"].sum().to_dict()
    assert by_customer == {"C001": 150.0, "C002": 10.0, "C003": 20.0, "临时客户9": 30.0, "丙诊所": 4.0}
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["missing_customer_id", ["rows", "amount"]].tolist() == [2, 12.0]  # S6 (two IDs) and S8
    assert ledger.loc["total_row", ["rows", "amount"]].tolist() == [1, 30.0]  # S7's 小计
    assert ledger.loc["id_from_name", ["rows", "amount"]].tolist() == [3, 84.0]  # S2, S3, S9
    assert "missing_id_named" not in ledger.index or ledger.loc["missing_id_named", "rows"] == 1  # S6 only
    read = ledger.loc[ledger["kind"] == "read", "amount"].sum()
    assert read == ledger.loc[ledger["kind"].isin(["kept", "set_aside", "dropped"]), "amount"].sum() == 256.0
    shown = result.fixes[result.fixes["fix"] == "customer ID empty: graded under the name"]
    assert shown[["source_row", "before", "after"]].values.tolist() == [[3, "甲医院", "C001"],
                                                                        [4, "临时客户9", "临时客户9"],
                                                                        [10, " 丙诊所 ", "丙诊所"]]


def test_by_default_such_lines_are_set_aside_and_the_terminal_says_how_to_take_them(tmp_path):
    params, paths, result = _clean(tmp_path, None, language="zh")
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["customer_id"].unique()) == ["C001", "C002", "C003"]
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["missing_customer_id", ["rows", "amount"]].tolist() == [5, 96.0]
    assert ledger.loc["missing_id_named", ["rows", "amount"]].tolist() == [4, 91.0]  # S2, S3, S6, S9
    note = clean.aside_note(paths, lang="zh", blank_ids=params.cleaning.blank_ids)
    assert note.endswith("；其中 4 行（¥91）没有客户编码但写有客户名称：如是只记名称的客户（临时客户），"
                         "在参数文件的 cleaning 下设 `blank_ids: name` 即按名称计入")


def test_over_the_limit_the_stop_points_to_blank_ids_not_to_fill_down(tmp_path):
    """Most lines without a code but with a name: the stop had suggested data.fill_down, which would give each the
    code of the customer above it."""
    rows = [r for r in _ROWS if r[2] == ""] + [_ROWS[0]]
    with pytest.raises(DataError) as info:
        _clean(tmp_path, None, rows=rows, limit=0.05)
    told = str(info.value)
    assert "4 of the lines without a customer ID have the customer's name" in told
    assert "blank_ids: name" in told and "fill_down" not in told


def test_blank_ids_name_needs_the_name_s_column(tmp_path):
    _write(tmp_path / "o.csv", _ROWS)
    with pytest.raises(ParamsError, match=r"`cleaning.blank_ids` is 'name'.*`data.columns.customer_name` is not mapped"):
        order_case(tmp_path, "o.csv", "{customer_id: 客户编码, order_date: 日期, amount: 金额}",
                   cleaning="cleaning: {blank_ids: name}\n")


def test_a_name_s_id_comes_from_an_earlier_file_too(tmp_path):
    _write(tmp_path / "a_01.csv", [["2025-01-05", "S1", "C001", "甲医院", "药A", "100.00"]])
    _write(tmp_path / "a_02.csv", [["2025-02-05", "S2", "", "甲医院", "药B", "50.00"]])
    params, paths = order_case(tmp_path, "a_*.csv", _COLUMNS, cleaning="cleaning: {blank_ids: name}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["customer_id"].tolist() == ["C001", "C001"]
    # and from a later one (review: March without the code, April with it, graded as two customers)
    _write(tmp_path / "a_01.csv", [["2025-01-05", "S1", "", "甲医院", "药A", "100.00"]])
    _write(tmp_path / "a_02.csv", [["2025-02-05", "S2", "C001", "甲医院", "药B", "50.00"]])
    (tmp_path / "run").mkdir(exist_ok=True)
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == ["C001", "C001"]


@pytest.mark.parametrize("later_first", [False, True])
def test_the_ids_a_name_has_in_other_files_are_read_as_cleaning_reads_them(tmp_path, later_first):
    """Review: codes written ="00123", '00123 or 1,023 in another file were taken as written: the name's line got an
    ID no other line has (a customer graded twice), or the name seemed to have two IDs and its lines stayed aside;
    a name written with a tab after it was another name. Either file first, the same customers."""
    first, second = ("b_01.csv", "b_02.csv") if not later_first else ("b_02.csv", "b_01.csv")
    _write(tmp_path / first, [["2025-01-05", "M1", "", "华东医院", "药A", "300.00"],
                              ["2025-01-06", "M2", "", "协和医院", "药A", "200.00"],
                              ["2025-01-07", "M3", "", "同仁医院\t", "药A", "50.00"]])
    _write(tmp_path / second, [["2025-02-05", "S1", '="00123"', "华东医院", "药B", "1000.00"],
                               ["2025-02-06", "S2", "", "华东医院", "药B", "800.00"],
                               ["2025-02-07", "S3", "'00124", "协和医院", "药B", "500.00"],
                               ["2025-02-08", "S4", "1,025", "同仁医院", "药B", "40.00"]])
    params, paths = order_case(tmp_path, "b_*.csv", _COLUMNS, cleaning="cleaning: {blank_ids: name}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: each name has one code, read as cleaning reads it
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"00123": 2100.0, "00124": 700.0, "1025": 90.0}
    assert "missing_customer_id" not in set(result.ledger["reason"])


def test_kit_init_drafts_blank_ids_for_lines_naming_their_customer_without_a_code(tmp_path):
    """QA: an ERP export with 15% of its lines 临时客户 entered by name: set aside, with a reason saying the name was
    missing. Without an order number, kit init had drafted data.fill_down: each would have taken the code of the
    line above."""
    rows = [[f"2025-{m:02d}-{d:02d}", f"C{d:03d}", f"客户{d}", "药A", f"{10 * d}.00"]
            for m in range(1, 13) for d in range(1, 9)]
    rows += [[f"2025-{m:02d}-20", "", f"临时客户{m}", "药B", "9.00"] for m in range(1, 13)]
    with (tmp_path / "erp.csv").open("w", newline="", encoding="utf-8") as f:  # no order number column
        csv.writer(f).writerows([["日期", "客户编码", "客户名称", "物料名称", "金额"], *rows])
    found = draft(tmp_path / "erp.csv", tmp_path / "p.yaml")
    assert "  blank_ids: name" in found.text and "fill_down" not in found.text
    assert any(n.startswith("12 of the 108 sample order rows have no customer ID but the customer's name")
               for n in found.notes)


def test_kit_init_takes_no_walk_in_name_or_excel_error_for_a_customer_s_name(tmp_path):
    """Review: lines with no card number and the name 散客 were drafted as one customer by name, the largest of all;
    #REF! in the name column became a customer."""
    rows = [[f"2025-{m:02d}-{d:02d}", f"C{d:03d}", f"客户{d}", "药A", "10.00"] for m in range(1, 13) for d in range(1, 9)]
    rows += [[f"2025-{m:02d}-20", "", name, "药B", "9.00"] for m in range(1, 13) for name in ("散客", "#REF!")]
    with (tmp_path / "pos.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["日期", "会员卡号", "客户名称", "物料名称", "金额"], *rows])
    found = draft(tmp_path / "pos.csv", tmp_path / "p.yaml")
    assert "blank_ids" not in found.text
    _, paths, _ = _clean(tmp_path, "name", rows=[["2025-03-08", "S6", "", "#REF!", "药A", "7.00"], _ROWS[0]])
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == ["C001"]
