"""Order dates typed year.month (2025.3): October typed 2025.10 is kept as the number 2025.1, never read as January
without the column saying so."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import order_case

from kit import clean
from kit.errors import DataError, ParamsError

_COLUMNS = "{customer_id: 客户, order_date: 日期, amount: 金额}"


def _workbook(path, months, *, text=()):
    """A ledger, a row per month as listed (10 typed 2025.10: the number 2025.1), 10 x the month as its amount."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户", "日期", "金额"])
    for month in months:
        sheet.append(["K1", f"2025.{month}" if month in text else float(f"2025.{month}"), 10 * month])
    book.save(path)


def _by_month(paths):
    kept = pd.read_parquet(paths.transactions)
    return kept.groupby(pd.to_datetime(kept["order_date"]).dt.month)["amount"].sum().to_dict()


@pytest.mark.parametrize("months, read", [
    # in month order: 2025.1 before 2025.2 is January, after 2025.9 October
    (range(1, 13), {m: 10.0 * m for m in range(1, 13)}),
    # October to December alone: 2025.1 beside 2025.11 and 2025.12 is October
    ([10, 11, 12, 10], {10: 200.0, 11: 110.0, 12: 120.0}),
    # January to March: no month after 9, 2025.1 January
    ([1, 2, 3], {1: 10.0, 2: 20.0, 3: 30.0}),
])
def test_a_month_typed_year_point_month_is_read_as_the_column_says(tmp_path, months, read):
    _workbook(tmp_path / "l.xlsx", months)
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS)
    clean.clean_case(params, paths)
    assert _by_month(paths) == read


def test_a_csv_saved_from_such_numbers_reads_october_in_month_order(tmp_path):
    rows = "".join(f"K{m % 3},2025.{m},{10 * m}\n" for m in range(1, 13))  # Excel saved 2025.10 as 2025.1
    (tmp_path / "l.csv").write_text("客户,日期,金额\n" + rows.replace("2025.10,", "2025.1,"), encoding="utf-8")
    params, paths = order_case(tmp_path, "l.csv", _COLUMNS)
    clean.clean_case(params, paths)
    assert _by_month(paths) == {m: 10.0 * m for m in range(1, 13)}


def test_2025_point_1_out_of_month_order_stops_the_run_asking_for_date_format(tmp_path):
    _workbook(tmp_path / "l.xlsx", [3, 1, 2, 11])  # 2025.1 after 2025.3: neither January in order nor October
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS)
    with pytest.raises(DataError, match=r"'2025\.1' in row 3 .*'%Y\.%m'.*'%Y\.%-m'"):
        clean.clean_case(params, paths)


@pytest.mark.parametrize("date_format, read", [
    ("'%Y.%m'", {2: 20.0, 3: 30.0, 10: 10.0, 11: 110.0}),
    ("'%Y.%-m'", {1: 10.0, 2: 20.0, 3: 30.0, 11: 110.0}),
])
def test_date_format_settles_2025_point_1(tmp_path, date_format, read):
    _workbook(tmp_path / "l.xlsx", [3, 1, 2, 11])
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS, data=f"  date_format: {date_format}\n")
    clean.clean_case(params, paths)
    assert _by_month(paths) == read


def test_october_written_as_text_beside_the_numbers_makes_2025_point_1_january(tmp_path):
    _workbook(tmp_path / "l.xlsx", [3, 1, 10, 2], text=(10,))
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS)
    clean.clean_case(params, paths)
    assert _by_month(paths) == {1: 10.0, 2: 20.0, 3: 30.0, 10: 100.0}


def test_a_year_month_format_other_than_the_two_is_still_refused(tmp_path):
    with pytest.raises(ParamsError, match="date_format"):
        order_case(tmp_path, "l.xlsx", _COLUMNS, data="  date_format: '%Y/%m'\n")


def test_kit_init_leaves_date_format_to_fill_for_a_2025_point_1_the_column_does_not_settle(tmp_path, capsys):
    """Review: kit init drafted no date_format for a column of year.month whose 2025.1 nothing settles (an export
    sorted by customer), kit check passed, and kit run stopped; now it drafts date_format "?" naming both."""
    from kit.cli import main
    from kit.params import load_params

    csv = tmp_path / "m.csv"
    csv.write_text("Customer,Date,Amount\nK1,2025.1,10\nK1,2025.3,20\nK2,2025.1,30\nK2,2025.2,40\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    assert main(["init", str(csv), "--out", str(out)]) == 0
    assert "not decided: data.date_format" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert ('date_format: "?"    # \'2025.1\' January or October? put "%Y.%m" if months are written in two figures '
            '(2025.01 to 2025.12, \'2025.1\' October) or "%Y.%-m" if as typed (\'2025.1\' January)') in text
    with pytest.raises(ParamsError, match=r"%Y\.%-m"):
        load_params(out)
    out.write_text(text.replace('date_format: "?"', "date_format: '%Y.%-m'"), encoding="utf-8")
    params, paths = order_case(tmp_path, "m.csv", "{customer_id: Customer, order_date: Date, amount: Amount}",
                               data="  date_format: '%Y.%-m'\n")
    clean.clean_case(params, paths)
    assert _by_month(paths) == {1: 40.0, 2: 40.0, 3: 20.0}


def test_kit_init_drafts_no_date_format_for_year_point_months_in_month_order(tmp_path):
    from kit.scaffold import draft

    rows = "".join(f"K{m % 3},2025.{m},{10 * m}\n" for m in range(1, 13)).replace("2025.10,", "2025.1,")
    (tmp_path / "m.csv").write_text("Customer,Date,Amount\n" + rows, encoding="utf-8")
    found = draft(tmp_path / "m.csv", tmp_path / "m.yaml")
    assert found.date_format is None and not found.year_month and "date_format" not in found.text.split("columns:")[0]


def test_a_month_13_typed_by_mistake_does_not_make_2025_point_1_october(tmp_path):
    """Review: 2025.13 (no month: set aside) was counted as a month after September, so the 2025.1 beside it was
    read as October without a word; nothing else settles it, so the run asks for data.date_format."""
    _workbook(tmp_path / "l.xlsx", [1, 13])
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS, cleaning="cleaning:\n  max_set_aside_share: 0.9\n")
    with pytest.raises(DataError, match=r"'2025\.1' in row 2 .*'%Y\.%m'.*'%Y\.%-m'"):
        clean.clean_case(params, paths)
    # with date_format as typed: 2025.1 January, 2025.13 set aside (no month)
    params, paths = order_case(tmp_path, "l.xlsx", _COLUMNS, data="  date_format: '%Y.%-m'\n",
                               cleaning="cleaning:\n  max_set_aside_share: 0.9\n")
    clean.clean_case(params, paths)
    assert _by_month(paths) == {1: 10.0}


def test_a_number_near_a_year_that_is_no_year_month_is_no_date_and_float_noise_is_read_as_shown():
    """Re-read: 2000.123 or 2025.125 (a number between 1900 and 2200 with three decimals, no year.month) made
    parse_date call itself for ever (RecursionError, the run crashed): it is no date; a formula's 2025.1000000000001
    is 2025.1 as Excel shows it."""
    import pandas as pd

    from kit.clean import parse_date

    assert parse_date(pd.Series([2000.123])).isna().all()
    got = parse_date(pd.Series([2025.125, 2025.3, 2025.1000000000001]))
    assert got.isna().tolist() == [True, False, False]
    assert (got[1], got[2]) == (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-01-01"))
