"""Cleaning whole files in the engine: typed sources stay in SQL, files equal the in-memory path."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kit import clean
from kit.context import RunPaths
from kit.errors import DataError
from kit.io import SOURCE_ROW, csv_chunks, read_table
from kit.params import load_params

DATA = Path(__file__).parent / "data"


def _case(tmp_path: Path, data_yaml: str, columns: str, extra: str = "") -> tuple:
    params_path = tmp_path / "case.yaml"
    params_path.write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n{data_yaml}  columns: {columns}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"{extra}",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    return load_params(params_path), RunPaths(run_dir)


def _typed_parquet(path: Path) -> None:
    pd.DataFrame({
        "cust": pd.array(["A", "A", "B", None, "C", "C", "D"], dtype="string"),
        "oid": pd.array(["o1", "o1", "o2", "o3", "o4", "o5", "o6"], dtype="string"),
        "day": pd.to_datetime(["2025-01-05 10:00", "2025-01-05 10:00", "2025-02-01 00:00", "2025-03-01 00:00",
                               None, "2025-04-01 00:00", "2025-05-01 00:00"]),
        "amt": [10.005, 10.005, -3.0, 7.0, 5.0, np.nan, 0.0],
    }).to_parquet(path, index=False)


def test_typed_parquet_is_cleaned_by_sql_alone(tmp_path, monkeypatch):
    """A Parquet file with typed columns never reaches the Python parsers; values and ledger by hand."""
    _typed_parquet(tmp_path / "orders.parquet")

    def refuse(*args, **kwargs):
        raise AssertionError("a typed source went through a Python parser")

    for name in ("parse_amount", "parse_dates_with_format", "parse_date", "clean_customer_id"):
        monkeypatch.setattr(clean, name, refuse)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'orders.parquet'}\n",
                          "{customer_id: cust, order_id: oid, order_date: day, amount: amt}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)

    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["A", "B", "D"]
    assert tx["amount"].tolist() == [10.01, -3.0, 0.0]  # 10.005 rounds half away from zero, as written
    assert pd.to_datetime(tx["order_date"]).dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-02-01",
                                                                                 "2025-05-01"]
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("read", ""), "rows"] == 7
    assert ledger.loc[("dropped", "duplicate"), "rows"] == 1
    assert ledger.loc[("set_aside", "missing_customer_id"), "rows"] == 1
    assert ledger.loc[("set_aside", "bad_date"), "rows"] == 1
    assert ledger.loc[("set_aside", "bad_amount"), "rows"] == 1
    assert ledger.loc[("kept", ""), "rows"] == 3
    assert ledger.loc[("read", ""), "amount"] == pytest.approx(10.01 * 2 - 3 + 7 + 5)
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
    assert quarantine["source_row"].astype(int).tolist() == [4, 5, 6]  # 1-based rows of the Parquet file
    assert quarantine["reason"].tolist() == ["missing_customer_id", "bad_date", "bad_amount"]
    assert result.kept == 3 and not paths.staging.exists()


def test_a_chinese_run_writes_its_reasons_in_chinese(tmp_path):
    (tmp_path / "o.csv").write_text("id,date,amt\nA,2025-01-01,1\n,2025-01-02,2\nB,2025-01-03,\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n", "{customer_id: id, order_date: date, amount: amt}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params.model_copy(update={"language": "zh"}), paths)
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
    assert quarantine["reason_text"].tolist() == ["缺少客户编码或名称", "金额缺失、无法识别或超过十万亿"]
    assert quarantine["reason"].tolist() == ["missing_customer_id", "bad_amount"]  # codes stay as they are
    ledger = pd.read_csv(paths.ledger, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert ledger.set_index("reason").loc["missing_customer_id", "reason_text"] == "缺少客户编码或名称"
    assert result.ledger.set_index("reason").loc["bad_amount", "reason_text"] == "金额缺失、无法识别或超过十万亿"


def test_a_chinese_run_gives_its_progress_lines_in_chinese(tmp_path):
    from kit import engine

    (tmp_path / "o.csv").write_text("id,date,amt\nA,2025-01-01,1\nB,2024-03-02,2\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n", "{customer_id: id, order_date: date, amount: amt}")
    for language, expected in (
        ("zh", ["o.csv：已读取 2 行", "o.csv：清洗中", "transactions.parquet：保留 2 行",
                "transactions.parquet：正在计算每家客户的指标", "transactions.parquet：分级期间有 1 家客户采购，上一期间 1 家"]),
        ("en", ["o.csv: 2 rows read", "o.csv: cleaning", "transactions.parquet: 2 rows kept",
                "transactions.parquet: computing features per customer",
                "transactions.parquet: 1 customer bought in the window, 1 in the one before"]),
    ):
        lines: list[str] = []
        clean.clean_case(params.model_copy(update={"language": language}), paths, note=lines.append)
        engine.customer_tables(paths.transactions, start="2025-01-01", end="2025-12-31", note=lines.append,
                               lang=language)
        assert lines == expected


def test_a_large_file_s_cleaning_names_its_steps(tmp_path, monkeypatch):
    """A 10M-line export sat 27 s on "cleaning" with no other line (found in QA); a small file stays quiet."""
    from kit import clean_sql

    (tmp_path / "o.csv").write_text("id,date,amt\nA,2025-01-01,1\nB,2024-03-02,2\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n", "{customer_id: id, order_date: date, amount: amt}")
    monkeypatch.setattr(clean_sql, "LARGE", 2)
    monkeypatch.setattr(clean, "LARGE", 2)
    lines: list[str] = []
    clean.clean_case(params, paths, note=lines.append)
    assert lines == ["o.csv: 2 rows read", "o.csv: cleaning",
                     "o.csv: amounts, dates and IDs read; looking for repeated rows and order-level fields",
                     "writing transactions.parquet", "transactions.parquet: 2 rows kept"]


def test_a_large_workbook_says_it_is_being_read_before_it_is(tmp_path, monkeypatch):
    """A 1M-row workbook read for 17 s with no line at all (found in QA); a small one stays quiet."""
    from kit import io

    book = tmp_path / "o.xlsx"
    pd.DataFrame({"id": ["A", "B"], "date": ["2025-01-01", "2024-03-02"], "amt": [1, 2]}).to_excel(book, index=False)
    params, paths = _case(tmp_path, f"  path: {book}\n", "{customer_id: id, order_date: date, amount: amt}")
    lines: list[str] = []
    clean.clean_case(params, paths, note=lines.append)
    assert not any("reading" in line for line in lines)
    monkeypatch.setattr(io, "LARGE_WORKBOOK_BYTES", book.stat().st_size)
    lines.clear()
    clean.clean_case(params, paths, note=lines.append)
    size = f"{book.stat().st_size / 2**20:,.0f} MB"
    assert lines[:2] == [f"o.xlsx: reading ({size})", "o.xlsx: 2 rows read"]


@pytest.mark.parametrize("row, message", [
    (2, (r"row 2, the header row `data.header_row` gives, does not hold the headers named in `data.columns` "
         r"\(医院编码, 订单日期, 金额\); it reads: .*set `data.header_row` to the row that holds them, or leave it out")),
    (40, r"orders_title_block.xlsx: the sheet '订单明细' has 9 rows, so no header in row 40 \(`data.header_row`\)"),
])
def test_a_wrong_header_row_is_named_in_the_error(tmp_path, row, message):
    params, paths = _case(tmp_path, f"  path: {DATA / 'orders_title_block.xlsx'}\n  header_row: {row}\n",
                          "{customer_id: 医院编码, order_date: 订单日期, amount: 金额}")
    with pytest.raises(DataError, match=message):
        clean.clean_case(params, paths)


def test_a_csv_header_row_is_named_when_a_column_is_missing(tmp_path):
    from kit.io import check_headers

    (tmp_path / "o.csv").write_text("title\n\ncust,date,amt\nA,2025-01-01,3\n", encoding="utf-8")
    params, _ = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n  header_row: 3\n",
                      "{customer_id: cust, order_date: date, amount: amount}")
    with pytest.raises(DataError, match=r"o.csv: column 'amount' for `data.columns.amount` is not in the file; "
                                        r"closest is 'amt'; the file's headers \(in row 3, as `data.header_row` "
                                        r"gives\) are: cust, date, amt$"):
        check_headers(params)


def _frames_equal_as_text(a: pd.DataFrame, b: pd.DataFrame) -> None:
    a = a.reset_index(drop=True).astype("string").fillna("")
    b = b.reset_index(drop=True).astype("string").fillna("")
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


@pytest.mark.parametrize("name, columns", [
    ("orders_gbk.csv", "{customer_id: 医院编码, order_date: 订单日期, amount: 金额, order_id: 订单号, customer_name: 医院名称}"),
    ("orders.tsv", "{customer_id: customer, order_date: date, amount: value}"),
    ("orders_title_block.xlsx", "{customer_id: 医院编码, order_date: 订单日期, amount: 金额}"),
])
def test_a_file_cleaned_in_the_engine_equals_the_in_memory_cleaning(tmp_path, name, columns):
    params, paths = _case(tmp_path, f"  path: {DATA / name}\n", columns, "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    raw = read_table(DATA / name, expected=list(params.columns.mapping().values()))
    expected = clean.clean_orders(raw, params.columns, source=name, max_set_aside_share=1.0)

    pd.testing.assert_frame_equal(result.ledger, expected.ledger)
    pd.testing.assert_frame_equal(result.fixes, expected.fixes)
    tx = pd.read_parquet(paths.transactions)
    tx["order_date"] = pd.to_datetime(tx["order_date"]).dt.strftime("%Y-%m-%d")
    want = expected.transactions.assign(order_date=expected.transactions["order_date"].dt.strftime("%Y-%m-%d"))
    _frames_equal_as_text(tx, want)
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    _frames_equal_as_text(quarantine, expected.quarantine)
    assert result.kept == len(expected.transactions)


def test_several_files_go_to_one_table_in_file_order(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("id,date,amt\nA,2025-01-01,1\nB,2025-01-02,2\n", encoding="utf-8")
    b.write_text("id,date,amt,extra\nC,2025-01-03,3,x\n,2025-01-03,4,y\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{a}, {b}]\n", "{customer_id: id, order_date: date, amount: amt}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == ["A", "B", "C"]
    assert result.files[["file", "rows", "columns"]].values.tolist() == [["a.csv", 2, 3], ["b.csv", 2, 4]]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert quarantine[["source_file", "source_row", "extra"]].values.tolist() == [["b.csv", "3", "y"]]
    outputs = clean.outputs(paths).set_index("file")["rows"]
    assert outputs["transactions.parquet"] == 3 and outputs["quarantine.csv"] == 1


def test_days_written_without_their_year_take_the_year_of_their_sheet_or_file(tmp_path):
    """A hand-kept ledger writes 3月5日 under a sheet named 2024年11月: those orders were set aside as bad dates."""
    import datetime as dt

    from conftest import write_workbook

    path = write_workbook(tmp_path / "销售台账2025.xlsx", {
        "2024年12月": [["客户", "日期", "金额"], ["甲", "12月5日", 100], ["乙", dt.datetime(2024, 12, 9), 50],
                      ["丙", " 12 月 30 号", 7]],
        "1月": [["客户", "日期", "金额"], ["甲", "1月3日", 20], ["乙", "13月3日", 5]]})  # no year in its name: the file's
    params, paths = _case(tmp_path, f"  path: {path}\n  sheet: all\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "order_date"]].astype(str).values.tolist() == [
        ["甲", "2024-12-05"], ["乙", "2024-12-09"], ["丙", "2024-12-30"], ["甲", "2025-01-03"]]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert quarantine[["日期", "reason"]].values.tolist() == [["13月3日", "bad_date"]]  # no such month


def test_days_in_figures_without_their_year_take_the_sheets_year_and_month_order(tmp_path):
    """A hand-kept ledger types 3/5 or 3.5 as text under a sheet named 2024年3月: every such order was set aside as a
    bad date, and kit init found no order date at all. Whether 5/3 is 5 March is told by the figures above 12, else
    by the sheet's month, else it is month/day as 3月5日 is."""
    from conftest import write_workbook

    path = write_workbook(tmp_path / "台账.xlsx", {
        "2024年3月": [["客户", "日期", "金额"], ["甲", "3/5", 100], ["乙", "3.12", 50], ["丙", "3-7 10:30", 7]],
        "2024年4月": [["客户", "日期", "金额"], ["甲", "5/4", 20], ["乙", "9/4", 5]],  # day/month: the 4 is April
        "2024年5月": [["客户", "日期", "金额"], ["甲", "20/5", 1], ["乙", "5/5", 2]],  # 20 is no month
        "2024全年": [["客户", "日期", "金额"], ["丁", "6/7", 3], ["丁", "13/13", 4]]})  # no month: 6 July
    params, paths = _case(tmp_path, f"  path: {path}\n  sheet: all\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "order_date"]].astype(str).values.tolist() == [
        ["甲", "2024-03-05"], ["乙", "2024-03-12"], ["丙", "2024-03-07"], ["甲", "2024-04-05"], ["乙", "2024-04-09"],
        ["甲", "2024-05-20"], ["乙", "2024-05-05"], ["丁", "2024-06-07"]]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert quarantine[["日期", "reason"]].values.tolist() == [["13/13", "bad_date"]]


def test_data_date_format_orders_day_and_month_of_days_without_their_year():
    values = pd.Series(["5/3", "7/3", "2024-01-02"], dtype=object)
    assert clean.parse_dates_with_format(values, "%d/%m/%Y", year=2024).astype(str).tolist() == [
        "2024-03-05", "2024-03-07", "2024-01-02"]
    assert clean.parse_dates_with_format(values, None, year=2024).astype(str).tolist() == [
        "2024-05-03", "2024-07-03", "2024-01-02"]
    assert clean.parse_dates_with_format(values, None).isna().tolist() == [True, True, False]


def test_a_day_without_its_year_stays_unread_where_no_name_gives_one():
    values = pd.Series(["3月5日", "2025-03-06", None], dtype=object)
    assert clean.with_year(values, None) is values
    assert clean.parse_dates_with_format(values, None).isna().tolist() == [True, False, True]
    years = pd.Series(["3月5日", "2024/3/5"], dtype=object)  # with a date_format too
    assert clean.parse_dates_with_format(years, "%Y/%m/%d", year=2023).tolist() == [
        pd.Timestamp("2023-03-05"), pd.Timestamp("2024-03-05")]


def test_csv_chunks_put_together_equal_the_whole_file(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("报表\n\nid,date,amt\nA,2025-01-01,1\n\nB,2025-01-02,\"1,234\"\nC,x,3\nD,2025-01-04,4\n",
                    encoding="gb18030")
    whole = read_table(path, expected=["id", "date", "amt"])
    chunks = list(csv_chunks(path, expected=["id", "date", "amt"], rows=2))
    assert len(chunks) == 3
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole)
    assert whole[SOURCE_ROW].tolist() == [4, 5, 6, 7, 8]


def test_a_header_only_csv_is_read_as_no_rows(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("id,date,amt\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == [SOURCE_ROW, "id", "date", "amt"] and frame.empty


def test_engine_cleaning_matches_the_parsers_on_plain_and_messy_cells(tmp_path):
    """Cells typed by SQL (plain text) and by the Python parsers (messy text) agree value by value."""
    rng = np.random.default_rng(5)
    cents = rng.integers(-100_000, 10_000_000, 400)
    plain = [f"{c / 100:.2f}" for c in cents[:200]] + [f"{c / 100:.3f}5" for c in cents[200:250]]
    messy = [f"¥{c / 100:,.2f}" for c in cents[250:]]
    amounts = pd.Series(plain + messy, dtype=object)
    ids = pd.Series([f"H{i:04d}" for i in range(200)] + [f"Ｈ{i:04d} " for i in range(200)], dtype=object)
    days = pd.Series(["2025-03-05"] * 150 + ["2025/3/5"] * 150 + ["20250305"] * 100, dtype=object)
    raw = pd.DataFrame({SOURCE_ROW: np.arange(2, 402), "id": ids, "date": days, "amt": amounts})
    from kit.params import Columns

    result = clean.clean_orders(raw, Columns(customer_id="id", order_date="date", amount="amt"), source="x.csv",
                                max_set_aside_share=1.0)
    tx = result.transactions
    assert tx["amount"].tolist() == clean.parse_amount(amounts).tolist()
    assert tx["customer_id"].tolist() == clean.clean_customer_id(ids).tolist()
    assert (tx["order_date"] == pd.Timestamp("2025-03-05")).all()


@pytest.mark.parametrize("messy", [False, True])
def test_large_files_keep_their_row_order(tmp_path, messy):
    """Hundreds of thousands of rows over several files, in parallel: kept rows come out in file order.

    Plain typed files take the path without a sort; a messy amount (``¥``) takes the path with joins.
    The expected rows come from pandas: every row with an ID, neither identical to an earlier one.
    """
    rng = np.random.default_rng(11)
    frames = []
    for part in range(2):
        n = 250_000
        frame = pd.DataFrame({
            "cust": pd.array(np.char.mod("C%05d", rng.integers(0, 30_000, n)), dtype="string"),
            "oid": pd.array(np.char.mod(f"O{part}-%07d", rng.integers(0, n, n)), dtype="string"),
            "day": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "amt": rng.integers(1, 100_000, n) / 100,
        })
        frame.loc[frame.index % 997 == 5, "cust"] = None                   # set aside: no customer ID
        # ... in an order of its own (a row of another customer's order would take its customer)
        frame.loc[frame.index % 997 == 5, "oid"] = [f"X{part}-{i}" for i in range((frame.index % 997 == 5).sum())]
        frame = pd.concat([frame, frame.iloc[::5001]], ignore_index=True)  # exact duplicates at the end
        if messy:
            frame["amt"] = frame["amt"].map(lambda v: f"¥{v:,.2f}").astype("string")
        frame.to_parquet(tmp_path / f"p{part}.parquet", index=False, row_group_size=20_000)
        frames.append(frame)
    files = ", ".join(str(tmp_path / f"p{part}.parquet") for part in range(2))
    params, paths = _case(tmp_path, f"  path: [{files}]\n", "{customer_id: cust, order_id: oid, order_date: day, amount: amt}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    expected = pd.concat([f[f["cust"].notna() & ~f.duplicated(keep="first")] for f in frames], ignore_index=True)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == expected["cust"].tolist()
    assert tx["order_id"].tolist() == expected["oid"].tolist()


@pytest.mark.parametrize("typed", [True, False])
def test_infinite_and_absurd_amounts_are_set_aside(tmp_path, typed):
    """`inf`, 1e14 and -1e13 on one line are errors in the file: set aside, typed (Parquet) or as text (CSV)."""
    amounts = [float("inf"), 1e14, -1e13, 9_999_999_999_999.99, 123.455]
    if typed:
        path = tmp_path / "o.parquet"
        pd.DataFrame({"id": list("ABCDE"), "date": pd.to_datetime(["2025-01-01"] * 5), "amt": amounts}
                     ).to_parquet(path, index=False)
    else:
        path = tmp_path / "o.csv"
        path.write_text("id,date,amt\nA,2025-01-01,inf\nB,2025-01-01,1e14\nC,2025-01-01,-1e13\n"
                        "D,2025-01-01,\"9,999,999,999,999.99\"\nE,2025-01-01,123.455\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {path}\n", "{customer_id: id, order_date: date, amount: amt}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["D", "E"]
    assert tx["amount"].tolist() == [9_999_999_999_999.99, 123.46]
    aside = result.ledger.set_index("reason").loc["bad_amount", "rows"]
    assert aside == 3


def test_a_staging_file_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from kit.errors import DataError
    from kit.io import _stage_csv

    path = tmp_path / "o.csv"
    path.write_text("id,date,amt\n" + "A,2025-01-01,1\n" * 1000, encoding="utf-8")

    class Full(pq.ParquetWriter):
        def write_batch(self, *args, **kwargs):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "ParquetWriter", Full)
    with pytest.raises(DataError, match=r"o.csv: could not be staged in .* \(OSError: .*No space left on device\); "
                                        r"is the disk full\?"):
        _stage_csv(path, tmp_path / "staged.parquet", encoding=None, header_row=None, expected=(), note=print)


def test_float32_amounts_are_taken_at_double_precision_by_sql_and_python_alike(tmp_path):
    rng = np.random.default_rng(8)
    amounts = (rng.integers(1, 10_000_000, 2_000) / 100).astype(np.float32)
    path = tmp_path / "o.parquet"
    pd.DataFrame({"id": [f"C{i}" for i in range(len(amounts))], "date": pd.Timestamp("2025-01-01"),
                  "amt": amounts}).to_parquet(path, index=False)
    params, paths = _case(tmp_path, f"  path: {path}\n", "{customer_id: id, order_date: date, amount: amt}")
    clean.clean_case(params, paths)
    engine_amounts = pd.read_parquet(paths.transactions)["amount"].tolist()
    assert engine_amounts == clean.parse_amount(pd.Series(amounts)).tolist()


@pytest.mark.parametrize("typed", [True, False])
def test_fractional_quantities_and_unit_prices_keep_their_digits(tmp_path, typed):
    """0.333 kg at 300 is 99.90 and 1,000 pieces at 0.125 are 125.00: the amount is rounded once, at the end."""
    if typed:
        path = tmp_path / "o.parquet"
        pd.DataFrame({"id": ["A", "B", "C"], "date": pd.to_datetime(["2025-01-01"] * 3),
                      "qty": [0.333, 1000.0, 3.0], "price": [300.0, 0.125, 0.335]}).to_parquet(path, index=False)
    else:
        path = tmp_path / "o.csv"
        path.write_text('id,date,qty,price\nA,2025-01-01,0.333,300\nB,2025-01-01,"1,000",¥0.125\n'
                        "C,2025-01-01,3,0.335\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {path}\n",
                          "{customer_id: id, order_date: date, quantity: qty, unit_price: price}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [99.9, 125.0, 1.01]


def _monthly_book(path: Path) -> None:
    """A hand-kept workbook: a notes sheet, one sheet per month (a title line above the header), an empty sheet
    and a pivot summary without dates."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由销售部维护"])
    for month, rows in (("1月", [("H1", "2025-01-05", 100), ("H2", "2025-01-09", 200)]),
                        ("2月", [("H1", "2025-02-03", 50), (None, "2025-02-04", 70), ("H3", "2025-02-07", 30)])):
        sheet = book.create_sheet(month)
        sheet.append([f"2025年{month}销售明细"])
        sheet.append(["客户编码", "日期", "金额"])
        for row in rows:
            sheet.append(list(row))
    book.create_sheet("空表")
    summary = book.create_sheet("汇总")
    summary.append(["客户编码", "金额"])
    summary.append(["H1", 150])
    book.save(path)


def test_every_sheet_of_a_monthly_workbook_is_read_with_its_own_ledger(tmp_path):
    _monthly_book(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编码, order_date: 日期, amount: 金额}", "cleaning: {max_set_aside_share: 1.0}\n")
    notes = []
    clean.clean_case(params, paths, note=notes.append)

    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["H1", "H2", "H1", "H3"]  # sheet by sheet, in order
    assert tx["amount"].tolist() == [100, 200, 50, 30]
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig")
    read = ledger[ledger["kind"] == "read"].set_index("source_file")["rows"]
    assert read.to_dict() == {"book.xlsx [1月]": 2, "book.xlsx [2月]": 3}
    quarantine = pd.read_csv(paths.quarantine, encoding="utf-8-sig")
    assert quarantine[["source_file", "source_row"]].values.tolist() == [["book.xlsx [2月]", 4]]  # as Excel shows
    assert any("book.xlsx [说明]" in n and "skipped" in n for n in notes)
    assert any("book.xlsx [汇总]" in n and "skipped" in n for n in notes)
    assert any("book.xlsx [空表]: empty sheet, skipped" in n for n in notes)


def test_a_sheet_that_copies_the_others_is_skipped_not_counted_twice(tmp_path):
    """全年 holds every month's rows again (sorted its own way, a total line added): read once, from the months.
    A sheet copied whole (3月 pasted as 4月) is read once too."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    months = {"1月": [("H1", "2025-01-05", 100), ("H2", "2025-01-09", 200), ("H1", "2025-01-20", 70)],
              "2月": [("H1", "2025-02-03", 50), ("H3", "2025-02-07", 30)],
              "3月": [("H2", "2025-03-03", 10), ("H4", "2025-03-09", 20)]}
    months["4月"] = months["3月"]
    everything = sorted(r for m in ("1月", "2月", "3月") for r in months[m])
    for name, rows in {**months, "全年": everything + [("合计", None, 480)]}.items():
        sheet = book.create_sheet(name)
        sheet.append(["客户编码", "日期", "金额"])
        for row in rows:
            sheet.append(list(row))
    book.save(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编码, order_date: 日期, amount: 金额}")
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].sum() == 480 and len(tx) == 7
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    assert any("book.xlsx [全年]: its orders repeat those of sheets 1月 … 4月, skipped" in n for n in notes), notes
    assert any("book.xlsx [4月]" in n and "3月" in n and "skipped" in n for n in notes)
    # QA c97: the skipped sheets are in the ledger, in the workbook's order, read and dropped as copies, so rows
    # read are every row of the workbook (by hand: 3 + 2 + 2 + 2 + 8, 全年's 7 orders and its 合计 line)
    read = ledger[ledger["kind"] == "read"]
    assert read["source_file"].tolist() == [f"book.xlsx [{m}]" for m in ("1月", "2月", "3月", "4月", "全年")]
    assert read["rows"].tolist() == [3, 2, 2, 2, 8]
    assert read["amount"].tolist() == [370, 80, 30, 30, 480 + 480]
    copies = ledger[ledger["reason"] == "copy_sheet"]
    assert copies[["source_file", "kind", "rows", "amount"]].values.tolist() == [
        ["book.xlsx [4月]", "dropped", 2, 30], ["book.xlsx [全年]", "dropped", 8, 960]]
    kept = ledger[ledger["kind"] == "kept"].set_index("source_file")["rows"]
    assert kept.sum() == 7 and kept["book.xlsx [4月]"] == 0 and kept["book.xlsx [全年]"] == 0
    assert read["rows"].sum() == 17 == kept.sum() + ledger.loc[ledger["kind"].isin(["dropped", "set_aside"]),
                                                               "rows"].sum()
    assert clean.skipped_sheet_note(paths, currency="RMB") == (
        "Sheets 4月, 全年 repeat the orders of other sheets (a copied sheet, or their summary?) and were skipped, so that they count "
        "once: 10 rows, ¥990, in the ledger; if they are no copy but other orders, list the sheets to read in "
        "data.sheet and run again")
    assert clean.skipped_sheet_note(paths, currency="RMB", lang="zh").startswith(
        "工作表 4月、全年 的订单与其他工作表重复（复制的工作表，或其他工作表的汇总？），已跳过、只计一次：10 行，¥990")


@pytest.mark.parametrize(("money", "columns", "scale", "pasted"), [
    # quantity × unit price in 分: the product scaled once, as the cleaning reads it (was 0.01 × 0.01: ¥0.04)
    (["数量", "单价"], "quantity: 数量, unit_price: 单价", "0.01", [(1, 20000), (4, 5000)]),
    # text amounts, one naming its own unit (1.2万 is 12,000 whatever amount_scale says)
    (["金额"], "amount: 金额", "10", [("1.2万",), ("3,000",)]),
    # 金额(万元) beside 单价(元), one amount blank: priced in the price's unit, yuan, as the kept sheet prices it (was
    # 10 × 50 × 10,000: ¥5,000,000 in the copy's ledger line)
    (["数量", "单价", "金额"], "quantity: 数量, unit_price: 单价, amount: 金额", "10000", [(4, 25, 0.01), (10, 50, None)]),
])
def test_a_copied_sheets_amount_in_the_ledger_is_read_as_the_cleaning_reads_it(tmp_path, money, columns, scale,
                                                                               pasted):
    """The copied sheet's ledger amount equals the amount its original is read with (by hand: 1 × 20000 + 4 ×
    5000 分 = ¥400; 12,000 + 3,000 × 10 = ¥42,000), so its read and dropped lines say the amount counted once."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("1月", [("K1", "2025-01-05", *pasted[0])]), ("2月", [("K1", "2025-02-05", *pasted[0]),
                                                                           ("K3", "2025-02-06", *pasted[1])])):
        for title in (name, f"{name} (2)") if name == "2月" else (name,):
            sheet = book.create_sheet(title)
            sheet.append(["客户", "日期", *money])
            for row in rows:
                sheet.append(list(row))
    book.save(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n  amount_scale: {scale}\n",
                          f"{{customer_id: 客户, order_date: 日期, {columns}}}")
    clean.clean_case(params, paths)
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    read = ledger[ledger["kind"] == "read"].set_index("source_file")["amount"]
    # by hand: 0.01 万元 (4 × 25 元) + 10 × 50 元 = 100 + 500 = ¥600
    expected = {"0.01": 400, "10": 42_000, "10000": 600}[scale]
    assert read["book.xlsx [2月]"] == expected
    copy = ledger[ledger["reason"] == "copy_sheet"]
    assert copy[["source_file", "rows", "amount"]].values.tolist() == [["book.xlsx [2月 (2)]", 2, expected]]


def test_a_year_sheet_of_typed_cells_copies_month_sheets_written_as_text(tmp_path):
    """Month sheets written by hand (3月5日, "12,000.00", ` 甲公司 ` on a day's first row only, filled down) and a 全年
    sheet of date and number cells holding the same orders: 全年 is a copy, read once (found in QA: every
    customer's revenue doubled, no note)."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = [(m, 5 + i, c, a) for m in (1, 2, 3)
            for i, (c, a) in enumerate([("甲公司", 12000.0), ("甲公司", 3500.5), ("乙公司", 8000.0)])]
    for m in (1, 2, 3):
        sheet = book.create_sheet(f"{m}月")
        sheet.append(["日期", "客户", "金额"])
        for month, day, customer, amount in rows:
            if month == m:
                first = (month, day - 1, customer) not in {(r[0], r[1], r[2]) for r in rows}
                sheet.append([f"{month}月{day}日", f" {customer} " if first else None, f"{amount:,.2f}"])
    year = book.create_sheet("全年")
    year.append(["日期", "客户", "金额"])
    for month, day, customer, amount in rows:
        year.append([dt.datetime(2024, month, day), customer, amount])
    book.save(tmp_path / "2024年流水.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / '2024年流水.xlsx'}\n  sheet: all\n"
                                    "  fill_down: [customer_id]\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"甲公司": 3 * 15500.5, "乙公司": 3 * 8000.0}
    assert tx["order_date"].min() == pd.Timestamp("2024-01-05") and len(tx) == 9
    assert any("[全年]: its orders repeat those of sheets 1月, 2月, 3月, skipped" in n for n in notes), notes


def test_rows_repeated_in_an_overlapping_file_count_once(tmp_path):
    """Q1.csv and Mar-Apr.csv both hold March: its lines count once. Lines with another product stay, and so
    do identical lines without an order number (nothing proves a double export)."""
    (tmp_path / "q1.csv").write_text("cust,oid,day,product,amt\nA,o1,2025-01-05,p1,10\nB,o2,2025-03-01,p1,20\n"
                                     "B,o2,2025-03-01,p2,20\nC,,2025-03-09,p1,5\n", encoding="utf-8")
    (tmp_path / "mar-apr.csv").write_text("cust,oid,day,product,amt\nB,o2,2025-03-01,p1,20\nB,o2,2025-03-01,p3,20\n"
                                          "C,,2025-03-09,p1,5\nD,o3,2025-04-02,p1,7\n", encoding="utf-8")
    (tmp_path / "other.csv").write_text("cust,oid,day,amt\nB,o2,2025-03-01,20\n", encoding="utf-8")  # other headers
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'mar-apr.csv'}, "
                                    f"{tmp_path / 'other.csv'}]\n",
                          "{customer_id: cust, order_id: oid, order_date: day, amount: amt}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [10, 20, 20, 5, 20, 5, 7, 20]
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig").set_index(["source_file", "kind", "reason"])["rows"]
    assert ledger[("mar-apr.csv", "dropped", "duplicate")] == 1
    assert ledger[("mar-apr.csv", "info", "duplicate_of_earlier")] == 1  # said apart from a file's own repeats (QA)
    assert ("q1.csv", "info", "duplicate_of_earlier") not in ledger.index
    assert ledger[("mar-apr.csv", "info", "possible_duplicate")] == 1  # C's line, kept
    assert ("other.csv", "dropped", "duplicate") not in ledger.index


def test_a_line_repeated_in_a_later_export_with_the_customer_renamed_counts_once(tmp_path):
    """Found in QA: next quarter's export wrote C5's new name (and region) on its old orders, so with the last
    quarter's export beside it each such order was counted twice. A line whose order cells differ still counts
    from both files (overlap.csv lists it)."""
    head = "cust,name,region,oid,day,amt\n"
    (tmp_path / "q3.csv").write_text(head + "C5,Old Co,North,o1,2025-03-01,10\nC6,Six,East,o2,2025-03-02,30\n"
                                     "C7,Seven,East,o3,2025-03-03,8\n", encoding="utf-8")
    (tmp_path / "q4.csv").write_text(head + "C5,New Co Ltd,South,o1,2025-03-01,10\nC6,Six,East,o2,2025-03-02,31\n"
                                     "C5,New Co Ltd,South,o4,2025-06-01,4\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q3.csv'}, {tmp_path / 'q4.csv'}]\n",
                          "{customer_id: cust, customer_name: name, region: region, order_id: oid, "
                          "order_date: day, amount: amt}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"C5": 10 + 4, "C6": 30 + 31, "C7": 8}
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig").set_index(["source_file", "kind", "reason"])["rows"]
    assert ledger[("q4.csv", "dropped", "duplicate")] == 1
    overlap = pd.read_csv(paths.overlap, encoding="utf-8-sig")
    assert overlap["order_id"].unique().tolist() == ["o2"]


def test_a_guest_line_repeated_in_an_overlapping_file_is_a_duplicate_as_within_one_file(tmp_path):
    """Online Retail II's two sheets both hold early December 2010: a guest line (no customer ID) in both counted
    as two lines without a customer from the workbook, one line and a duplicate from the same rows as one CSV,
    so the workbook overstated the ungraded sales (found in QA)."""
    head = "cust,oid,day,amt\n"
    (tmp_path / "a.csv").write_text(head + "A,o1,2025-03-01,10\n,o2,2025-03-02,30\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(head + ",o2,2025-03-02,30\nB,o3,2025-03-03,7\n", encoding="utf-8")
    (tmp_path / "one.csv").write_text(head + "A,o1,2025-03-01,10\n,o2,2025-03-02,30\n,o2,2025-03-02,30\n"
                                      "B,o3,2025-03-03,7\n", encoding="utf-8")
    ledgers = []
    for files in ([tmp_path / "a.csv", tmp_path / "b.csv"], [tmp_path / "one.csv"]):
        folder = tmp_path / files[0].stem
        folder.mkdir()
        params, paths = _case(folder, f"  path: [{', '.join(map(str, files))}]\n",
                              "{customer_id: cust, order_id: oid, order_date: day, amount: amt}",
                              "cleaning: {max_set_aside_share: 1.0}\n")
        clean.clean_case(params, paths)
        ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig")
        ledger = ledger[ledger["reason"] != "duplicate_of_earlier"]  # a note: the overlap's share of the duplicates
        ledgers.append(ledger.groupby(["kind", "reason"], dropna=False)["rows"].sum().to_dict())
    assert ledgers[0] == ledgers[1] == {("read", np.nan): 4, ("kept", np.nan): 2,
                                        ("set_aside", "missing_customer_id"): 1, ("dropped", "duplicate"): 1}


def test_a_list_of_sheets_by_name_and_index(tmp_path):
    _monthly_book(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: [2月, 1]\n",
                          "{customer_id: 客户编码, order_date: 日期, amount: 金额}", "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["H1", "H3", "H1", "H2"]  # 2月 first, as listed
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig")
    assert list(dict.fromkeys(ledger["source_file"])) == ["book.xlsx [2月]", "book.xlsx [1月]"]


def test_a_listed_sheet_without_the_columns_or_no_sheet_with_them_is_named(tmp_path):
    _monthly_book(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: [1月, 汇总]\n",
                          "{customer_id: 客户编码, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=r"book.xlsx \[汇总\]: column '日期' for `data.columns.order_date` is not in"):
        clean.clean_case(params, paths)
    (tmp_path / "again").mkdir()
    params, paths = _case(tmp_path / "again", f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编码, order_date: 下单日期, amount: 金额}")
    with pytest.raises(DataError, match=r"book.xlsx: no sheet has a header row with 客户编码, 下单日期, 金额; "
                                        r"its sheets are: 说明, 1月, 2月, 空表, 汇总"):
        clean.clean_case(params, paths)


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "-08:00"])
def test_time_zone_aware_timestamps_keep_the_day_as_written(tmp_path, zone):
    """A Parquet column of zoned timestamps and a CSV with offsets: each order is on the day its row says."""
    days = pd.to_datetime(["2025-03-05 22:00", "2025-03-06 01:00"]).tz_localize(zone)
    pd.DataFrame({"cust": ["A", "B"], "day": days, "amt": [1.0, 2.0]}).to_parquet(tmp_path / "z.parquet")
    (tmp_path / "z.csv").write_text("cust,day,amt\nC,2025-03-05T22:00:00-08:00,3\nD,2025-03-06T01:00:00Z,4\n",
                                    encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'z.parquet'}, {tmp_path / 'z.csv'}]\n",
                          "{customer_id: cust, order_date: day, amount: amt}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-05", "2025-03-06", "2025-03-05", "2025-03-06"]


def test_all_sheets_skips_hidden_and_short_sheets_and_a_listed_sheet_is_read_once(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["一行说明"])
    for name, hidden in (("1月", False), ("备份", True)):
        sheet = book.create_sheet(name)
        sheet.append(["标题"])
        sheet.append(["客户编码", "日期", "金额"])
        sheet.append(["H1", "2025-01-05", 100])
        if hidden:
            sheet.sheet_state = "hidden"
    book.save(tmp_path / "book.xlsx")
    cols = "{customer_id: 客户编码, order_date: 日期, amount: 金额}"
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n  header_row: 2\n", cols)
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100]  # the hidden backup is not read
    assert "book.xlsx [备份]: hidden sheet, skipped" in notes
    assert "book.xlsx [说明]: no row 2, skipped" in notes
    (tmp_path / "again").mkdir()
    params, paths = _case(tmp_path / "again", f"  path: {tmp_path / 'book.xlsx'}\n  sheet: [1, 1月]\n", cols)
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100]


def _book_with_a_chart_sheet(path: Path) -> None:
    """Sheets 1月 and 2月 of orders (100 and 40) with the chart sheet 趋势图 between them."""
    import openpyxl
    from openpyxl.chart import LineChart, Reference

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编码", "日期", "金额"])
    book.active.append(["H1", "2025-01-05", 100])
    chart = LineChart()
    chart.add_data(Reference(book.active, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("趋势图").add_chart(chart)
    sheet = book.create_sheet("2月")
    sheet.append(["客户编码", "日期", "金额"])
    sheet.append(["H2", "2025-02-05", 40])
    book.save(path)


def test_all_sheets_skips_a_chart_sheet_and_says_so(tmp_path):
    """QA c51b: the chart sheet 趋势图 stopped `sheet: all` with "no sheet '趋势图'" (it holds no cells)."""
    _book_with_a_chart_sheet(tmp_path / "book.xlsx")
    cols = "{customer_id: 客户编码, order_date: 日期, amount: 金额}"
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n", cols)
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100, 40]
    assert "book.xlsx [趋势图]: chart sheet, no cells to read, skipped" in notes
    (tmp_path / "named").mkdir()
    params, paths = _case(tmp_path / "named", f"  path: {tmp_path / 'book.xlsx'}\n  sheet: [1月, 趋势图]\n", cols)
    with pytest.raises(DataError, match=r"book.xlsx: sheet '趋势图' is a chart sheet, with no cells to read; name a "
                                        r"sheet of orders in `data.sheet` instead: 1月, 2月"):
        clean.clean_case(params, paths)


def test_files_of_the_same_name_in_different_folders_are_told_apart(tmp_path):
    from kit.io import source_names

    for year, customer in (("2024", "A"), ("2025", "B")):
        (tmp_path / year).mkdir()
        (tmp_path / year / "orders.csv").write_text(f"c,d,a\n{customer},{year}-06-01,1\n,{year}-06-02,2\n",
                                                     encoding="utf-8")
    paths = [tmp_path / "2024" / "orders.csv", tmp_path / "2025" / "orders.csv"]
    assert list(source_names(paths).values()) == ["2024/orders.csv", "2025/orders.csv"]
    assert list(source_names([tmp_path / "2024" / "orders.csv", tmp_path / "x.csv"]).values()) == ["orders.csv", "x.csv"]
    params, run = _case(tmp_path, f"  path: [{paths[0]}, {paths[1]}]\n", "{customer_id: c, order_date: d, amount: a}",
                        "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, run)
    quarantine = pd.read_csv(run.quarantine, encoding="utf-8-sig")
    assert quarantine["source_file"].tolist() == ["2024/orders.csv", "2025/orders.csv"]


def _book_with_a_renamed_header(path: Path) -> None:
    """Monthly sheets, 2月's amount header written 金额（元）, and a summary by month that has no order dates."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编号", "日期", "金额"])
    book.active.append(["H1", "2025-01-05", 100])
    feb = book.create_sheet("2月")
    feb.append(["客户编号", "日期", "金额（元）"])
    feb.append(["H2", "2025-02-05", 40])
    summary = book.create_sheet("汇总")
    summary.append(["客户编号", "月份", "金额"])
    summary.append(["H1", "1月", 100])
    book.save(path)


def test_all_sheets_stops_at_a_month_sheet_whose_amount_header_differs(tmp_path):
    """The sheet was skipped with a note before, and the month's orders were missing from the grading."""
    _book_with_a_renamed_header(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编号, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError) as error:
        clean.clean_case(params, paths)
    message = str(error.value)
    assert message.startswith("book.xlsx [2月]: column '金额' for `data.columns.amount` is not in the file; "
                              "closest is '金额（元）'")
    assert "amount: [金额, 金额（元）]" in message and "data.sheet" in message


def test_a_column_may_go_by_several_headers(tmp_path):
    _book_with_a_renamed_header(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编号, order_date: 日期, amount: [金额, 金额（元）]}")
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["H1", "H2"] and tx["amount"].tolist() == [100, 40]
    assert "book.xlsx [汇总]: no 日期 header, skipped" in notes
    (tmp_path / "again").mkdir()
    params, paths = _case(tmp_path / "again", f"  path: {tmp_path / 'book.xlsx'}\n  sheet: [1月]\n",
                          "{customer_id: 客户编号, order_date: 日期, amount: [总额, 合计金额]}")
    with pytest.raises(DataError, match=r"column '总额' or '合计金额' for `data.columns.amount` is not in the file"):
        clean.clean_case(params, paths)


def test_all_sheets_skips_a_summary_with_dates_and_amounts_but_no_customer_column(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编码", "订单日期", "金额"])
    book.active.append(["H1", "2025-01-05", 100])
    summary = book.create_sheet("汇总")
    summary.append(["订单日期", "金额"])
    summary.append(["2025-01-31", 100])
    book.save(tmp_path / "b.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'b.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户编码, order_date: 订单日期, amount: 金额}")
    notes = []
    clean.clean_case(params, paths, note=notes.append)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100]
    assert "b.xlsx [汇总]: no 客户编码 header, skipped" in notes


def _merged_book(path: Path) -> None:
    """A hand-kept workbook: a title merged across, each dealer's code and name merged down its rows, one order's
    amount merged over its two lines, and a subtotal row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "明细"
    sheet.append(["2025年经销商进货明细"])
    sheet.append(["经销商代码", "经销商名称", "订单号", "日期", "金额"])
    for row in [("D001", "华东医药", "S1", "2025-01-05", 1000), (None, None, "S2", "2025-02-05", 2000),
                (None, None, "S3", "2025-03-05", 3000), ("D002", "华北医药", "S4", "2025-01-07", 500),
                (None, None, "S4", "2025-01-07", None), ("D003", "西南医药", "S5", "2025-04-01", 80),
                ("小计", None, None, None, 6580)]:
        sheet.append(list(row))
    for cells in ("A1:E1", "A3:A5", "B3:B5", "A6:A7", "B6:B7", "E6:E7"):
        sheet.merge_cells(cells)
    book.save(path)


def test_merged_customer_cells_are_filled_and_a_merged_amount_counts_once(tmp_path):
    _merged_book(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n",
                          "{customer_id: 经销商代码, customer_name: 经销商名称, order_id: 订单号, order_date: 日期, "
                          "amount: 金额}")
    notes = []
    clean.clean_case(params, paths, note=notes.append)

    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["D001", "D001", "D001", "D002", "D002", "D003"]
    assert tx["customer_name"].tolist() == ["华东医药"] * 3 + ["华北医药"] * 2 + ["西南医药"]
    assert tx["amount"].tolist() == [1000, 2000, 3000, 500, 0, 80]  # the merged 500 once, not twice
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"D001": 6000, "D002": 500, "D003": 80}
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig").set_index(["kind", "reason"], drop=False)
    assert ledger.loc[("read", np.nan), "rows"].item() == 7
    assert ledger.loc[("set_aside", "total_row"), "rows"].item() == 1
    # rows 4, 5 and 7 had their code filled; 7 also its amount (as 0)
    assert ledger.loc[("info", "merged_cells"), ["rows", "amount"]].tolist() == [3, 5000.0]
    assert ("info", "zero_amount") not in ledger.index  # the 0 of a merged amount is no free good
    fixes = pd.read_csv(paths.fixes, encoding="utf-8-sig")
    ids = fixes[(fixes["column"] == "customer_id")]
    assert ids[["source_row", "before", "after"]].values.tolist() == [
        [4, "(merged with row 3)", "D001"], [5, "(merged with row 3)", "D001"], [7, "(merged with row 6)", "D002"]]
    amounts = fixes[fixes["column"] == "amount"]
    assert amounts[["source_row", "after"]].astype(str).values.tolist() == [["7", "0"]]
    assert amounts["fix"].str.contains("counted once").all()
    assert any("book.xlsx: 3 rows with merged cells filled" in n for n in notes)


def test_merged_cells_in_the_title_and_header_stay_as_they_are(tmp_path):
    """A two-row header whose first cells are merged down, and a title across: nothing above the data is filled."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["进货明细"])
    sheet.append(["客户编码", "日期", "金额"])
    sheet.append([None, None, None])
    sheet.append(["H1", "2025-01-05", 10])
    sheet.append(["H2", "2025-01-06", 20])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "b.xlsx")
    raw = read_table(tmp_path / "b.xlsx", expected=["客户编码", "日期", "金额"])
    assert raw.columns.tolist() == [SOURCE_ROW, "客户编码", "日期", "金额"]
    assert raw["客户编码"].tolist()[1:] == ["H1", "H2"] and pd.isna(raw["客户编码"].iloc[0])
    assert raw.attrs["merged_cells"] == ()


def test_merged_codes_skip_subtotal_and_spacer_rows_and_banners_across_columns(tmp_path):
    """A dealer's code merged down through its 小计 line (which repeats the last date) and a blank spacer row, and
    a closing 合计 merged across: only the order rows get the code, and nothing is copied across columns."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["经销商代码", "品种", "日期", "金额"])
    sheet.append(["D000", "阿莫西林", "2025-02-01", 10])
    sheet.append(["D001", "阿莫西林", "2025-02-03", 100])
    sheet.append([None, "头孢", "2025-02-05", 200])
    sheet.append([None, "小计", "2025-02-05", 300])  # row 5: the subtotal, dated
    sheet.append([None, None, None, None])  # row 6: a spacer
    sheet.append(["D002", "阿莫西林", "2025-02-07", 50])
    sheet.append(["合计", None, None, 360])  # row 8: merged across A:C
    for cells in ("A8:C8", "A3:A6"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "b.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'b.xlsx'}\n",
                          "{customer_id: 经销商代码, order_date: 日期, amount: 金额, product: 品种}",
                          "cleaning: {max_set_aside_share: 0.05}\n")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"D000": 10, "D001": 300, "D002": 50}  # not 600
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig").set_index(["kind", "reason"])["rows"]
    assert ledger[("set_aside", "total_row")] == 2  # the 小计 and 合计 lines
    assert ledger[("dropped", "blank_row")] == 1
    assert ledger[("info", "merged_cells")] == 1  # row 4 only
    raw = read_table(tmp_path / "b.xlsx", expected=["经销商代码", "日期", "金额"])
    assert raw.attrs["merged_cells"] == ((4, "经销商代码", 3, "filled"),)


def test_a_ledger_of_names_only_uses_the_name_as_id_and_sets_its_subtotals_aside(tmp_path):
    """客户名称 mapped as the ID and as the name: every line graded by name; a '… 合计' line is a subtotal."""
    csv = tmp_path / "ledger.csv"
    csv.write_text("日期,客户名称,金额\n2025-01-05,郑州市第一人民医院,100\n2025-02-05,郑州市第一人民医院,50\n"
                   "2025-02-05,郑州市第一人民医院 合计,150\n2025-03-01,洛阳市中心医院,70\n,总计,220\n", encoding="gbk")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: 客户名称, customer_name: 客户名称, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == ["郑州市第一人民医院", "郑州市第一人民医院", "洛阳市中心医院"]
    assert tx["customer_name"].tolist() == tx["customer_id"].tolist()
    assert tx["amount"].tolist() == [100.0, 50.0, 70.0]
    ledger = result.ledger.set_index(["kind", "reason"])["rows"]
    assert ledger[("read", "")] == 5 and ledger[("kept", "")] == 3
    assert ledger.xs("set_aside", level="kind").sum() == 2  # the subtotal and the total, counted, not dropped


@pytest.mark.parametrize("mode", ["keep", "merge"])
def test_ids_written_two_ways_are_kept_apart_or_merged_with_the_ledger_and_fixes_saying_so(tmp_path, mode):
    csv = tmp_path / "orders.csv"
    csv.write_text("cust,day,amt\n00123,2025-01-05,10\n123,2025-01-06,5\n00123,2025-02-01,7\nB7,2025-02-02,4\n"
                   "h-001,2025-03-01,2\nH001,2025-03-02,3\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: cust, order_date: day, amount: amt}",
                          f"cleaning: {{id_variants: {mode}}}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    if mode == "keep":
        assert tx["customer_id"].tolist() == ["00123", "123", "00123", "B7", "h-001", "H001"]
    else:  # 00123 has the most lines; h-001 / H001 tie on lines, the longer spelling is kept; file order stays
        assert tx["customer_id"].tolist() == ["00123", "00123", "00123", "B7", "h-001", "h-001"]
    assert tx["amount"].tolist() == [10.0, 5.0, 7.0, 4.0, 2.0, 3.0]
    check = pd.read_csv(paths.id_check, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    expected = ["00123", "123", "H001", "h-001"] if mode == "keep" else ["00123", "00123", "h-001", "h-001"]
    assert check["customer_id"].tolist() == ["00123", "123", "H001", "h-001"]
    assert check["graded_as"].tolist() == expected
    assert result.id_variants["graded_as"].tolist() == expected
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("read", ""), "rows"] == ledger.loc[("kept", ""), "rows"] == 6  # nothing lost either way
    if mode == "merge":
        assert ledger.loc[("info", "id_merged"), "rows"] == 2 and ledger.loc[("info", "id_merged"), "amount"] == 8.0
        fixes = result.fixes[result.fixes["column"] == "customer_id"]
        assert fixes[["source_row", "before", "after"]].values.tolist() == [[3, "123", "00123"], [7, "H001", "h-001"]]
    else:
        assert ("info", "id_merged") not in ledger.index


@pytest.mark.parametrize("mode", ["keep", "merge"])
def test_email_ids_are_one_customer_however_cased_and_never_merged_across_dots(tmp_path, mode):
    """Shopify's e-mail IDs: Carlos.Brown@ and carlos.brown@ were two customers, and `merge` joined ann.lee@ with
    annlee@, another person (found in QA)."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Email,day,amt\nCarlos.Brown@Globex.COM,2025-01-05,10\ncarlos.brown@globex.com,2025-01-06,5\n"
                   "ann.lee@acme.com,2025-02-01,7\nannlee@acme.com,2025-02-02,4\n007,2025-03-01,1\n7,2025-03-02,2\n",
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: Email, order_date: day, amount: amt}",
                          f"cleaning: {{id_variants: {mode}}}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist()[:4] == ["carlos.brown@globex.com", "carlos.brown@globex.com",
                                              "ann.lee@acme.com", "annlee@acme.com"]
    check = pd.read_csv(paths.id_check, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert check["customer_id"].tolist() == ["007", "7"]  # the e-mail addresses form no group
    fixes = result.fixes[result.fixes["column"] == "customer_id"]
    assert [2, "Carlos.Brown@Globex.COM", "carlos.brown@globex.com"] in fixes[["source_row", "before", "after"]] \
        .values.tolist()


@pytest.mark.parametrize("returns", ["net", "drop"])
def test_a_refund_column_is_subtracted_from_its_rows_amount_whatever_the_returns_setting(tmp_path, returns):
    """Shopify's partially refunded orders were graded at their whole Total while the report said "returns
    netted" (found in QA): data.columns.refund subtracts the Refunded Amount."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Email,Created at,Total,Refunded Amount\n"
                   "a@x.com,2025-01-05,327.00,200.00\n"   # a partial refund: 127
                   "a@x.com,2025-01-06,109.00,0.00\n"
                   "b@x.com,2025-02-01,50.00,\n"          # no refund written
                   "b@x.com,2025-02-02,40.00,40.00\n"     # refunded whole: 0, kept as a zero-amount line
                   "c@x.com,2025-03-01,\"1,000.00\",\"$12.50\"\n"
                   "c@x.com,2025-03-02,20.00,n/a\n",     # a refund that is no amount: the row's amount is unknown
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, refund: Refunded Amount}",
                          f"cleaning: {{returns: {returns}, max_set_aside_share: 1.0}}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    if returns == "net":
        assert tx["amount"].tolist() == [127.0, 109.0, 50.0, 0.0, 987.5]
    else:  # a partial refund nets its line still; the line refunded whole is a return, dropped (review: counted whole)
        assert tx["amount"].tolist() == [127.0, 109.0, 50.0, 987.5]
    assert "refund" not in tx.columns
    ledger = result.ledger.set_index(["kind", "reason"])
    read, kept = ledger.loc[("read", ""), "amount"], ledger.loc[("kept", ""), "amount"]
    aside = ledger.loc[ledger.index.get_level_values("kind").isin(["set_aside", "dropped"]), "amount"].sum()
    assert round(read - kept - aside, 2) == 0  # the ledger reconciles on the net amounts
    assert ledger.loc[("set_aside", "bad_amount"), "rows"] == 1
    if returns == "net":
        assert ledger.loc[("info", "refund_netted"), ["rows", "amount"]].tolist() == [3, -252.5]
    else:  # by hand: 200 + 12.50 off the lines kept; b's 40.00 less 40.00 dropped as a return
        assert ledger.loc[("info", "refund_netted"), ["rows", "amount"]].tolist() == [2, -212.5]
        assert ledger.loc[("dropped", "return_dropped"), ["rows", "amount"]].tolist() == [1, 0.0]


def test_a_refund_beside_a_line_written_negative_or_zero_is_not_taken_off_again(tmp_path):
    """A return line written negative beside its refund (-80 | 80) is that return, and a line of 0.00 beside a refund
    of 80 is the sale net of it: netting the refund again made them -160 and -80 (review)."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Email,Created at,Total,Refunded Amount\n"
                   "a@x.com,2025-01-05,200.00,\n"
                   "a@x.com,2025-01-09,-80.00,80.00\n"   # the return of a line of the order above: -80, not -160
                   "b@x.com,2025-02-01,0.00,80.00\n"     # written net of its refund: 0, not -80
                   "b@x.com,2025-02-02,100.00,30.00\n",  # a partial refund of a sale: 70
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, refund: Refunded Amount}",
                          "cleaning: {returns: net}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [200.0, -80.0, 0.0, 70.0]
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "refund_netted"), ["rows", "amount"]].tolist() == [1, -30.0]
    assert ledger.loc[("kept", ""), "amount"] == 190.0


def test_overlap_latest_counts_an_order_as_the_last_file_writes_it(tmp_path):
    """Three cumulative exports. O1 (two lines) has one line corrected in q2, so q2's whole O1 counts: its
    unchanged line too, though it repeats q1's. O2 is the same in every file: once, from q1. O3 is corrected
    again in q3. O4 (no order in the later files) and O5 (only in q3) count as written."""
    header = "order_id,customer_id,order_date,amount\n"
    files = {
        "q1.csv": "O1,C1,2025-01-10,100\nO1,C1,2025-01-10,200\nO2,C2,2025-02-10,500\nO3,C3,2025-03-01,70\n"
                  "O4,C4,2025-03-05,40\n",
        "q2.csv": "O1,C1,2025-01-10,100\nO1,C1,2025-01-10,250\nO2,C2,2025-02-10,500\nO3,C3,2025-03-01,80\n",
        "q3.csv": "O1,C1,2025-01-10,100\nO1,C1,2025-01-10,250\nO2,C2,2025-02-10,500\nO3,C3,2025-03-01,90\n"
                  "O5,C5,2025-04-01,60\n",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(header + body, encoding="utf-8")
    listed = ", ".join(str(tmp_path / name) for name in files)
    params, paths = _case(tmp_path, f"  path: [{listed}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}",
                          "cleaning: {overlap: latest}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("order_id")["amount"].sum().to_dict() == {"O1": 350.0, "O2": 500.0, "O3": 90.0, "O4": 40.0,
                                                              "O5": 60.0}
    assert len(tx) == 6 and not paths.overlap.exists()
    ledger = result.ledger.set_index(["source_file", "kind", "reason"])
    # q1: O1's two lines and O3 superseded; q2: O3 superseded (its O1 counts as q3 repeats it exactly)
    assert ledger.loc[("q1.csv", "set_aside", "superseded"), ["rows", "amount"]].tolist() == [3, 370.0]
    assert ledger.loc[("q2.csv", "set_aside", "superseded"), ["rows", "amount"]].tolist() == [1, 80.0]
    assert ("q3.csv", "set_aside", "superseded") not in ledger.index
    for name in files:  # every file reconciles: read = dropped + set aside + kept
        block = result.ledger[result.ledger["source_file"] == name]
        flows = block[block["kind"].isin(["dropped", "set_aside", "kept"])]
        assert block.loc[block["kind"] == "read", "rows"].sum() == flows["rows"].sum()
        assert round(block.loc[block["kind"] == "read", "amount"].sum() - flows["amount"].sum(), 2) == 0
    kept = result.ledger[result.ledger["kind"] == "kept"].set_index("source_file")["rows"].to_dict()
    assert kept == {"q1.csv": 2, "q2.csv": 2, "q3.csv": 2}  # O2 and O4; O1 (both lines); O3 and O5
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sorted(quarantine.loc[quarantine["reason"] == "superseded", "order_id"]) == ["O1", "O1", "O3", "O3"]


def _latest_of(tmp_path: Path, files: dict[str, str], extra: str = "") -> tuple:
    """clean_case on ``files`` (order_id, customer_id, order_date, amount; the later export last) with
    ``cleaning.overlap: latest``: the kept lines and the ledger indexed by (file, kind, reason)."""
    header = "order_id,customer_id,order_date,amount,status\n"
    for name, body in files.items():
        (tmp_path / name).write_text(header + body, encoding="utf-8")
    listed = ", ".join(str(tmp_path / name) for name in files)
    params, paths = _case(tmp_path, f"  path: [{listed}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}",
                          "cleaning: {overlap: latest, max_set_aside_share: 1.0" + extra + "}\n")
    result = clean.clean_case(params, paths)
    for name in files:  # every file reconciles: read = dropped + set aside + kept
        block = result.ledger[result.ledger["source_file"] == name]
        flows = block[block["kind"].isin(["dropped", "set_aside", "kept"])]
        assert block.loc[block["kind"] == "read", "rows"].sum() == flows["rows"].sum()
        assert round(block.loc[block["kind"] == "read", "amount"].sum() - flows["amount"].sum(), 2) == 0
    return pd.read_parquet(paths.transactions), result.ledger.set_index(["source_file", "kind", "reason"])


_OLD = "".join(f"X{i},C{i},2025-10-{i + 1:02d},{100 + i},ok\n" for i in range(20))  # Oct 1..20, 20 orders


def test_overlap_latest_counts_an_order_a_correction_moved_to_another_customer_or_day_once(tmp_path):
    """QA (金蝶 re-export): XSCK-00000 booked to customer 0099 instead of 0015, and another order's date corrected
    from 10-12 to 10-14, were counted twice: the earlier versions are orders the re-export no longer has."""
    new = _OLD.replace("X5,C5,", "X5,C99,").replace("X1,C1,2025-10-02", "X1,C1,2025-10-04") + \
        "X20,C3,2025-11-01,55,ok\n"
    tx, ledger = _latest_of(tmp_path, {"old.csv": _OLD, "new.csv": new})
    by_order = tx.groupby("order_id").agg(customer=("customer_id", "first"), day=("order_date", "first"),
                                          lines=("amount", "size"))
    assert by_order["lines"].eq(1).all() and len(by_order) == 21
    assert by_order.loc["X5", "customer"] == "C99" and str(by_order.loc["X1", "day"].date()) == "2025-10-04"
    # X5 and X1 as old.csv wrote them: orders new.csv, repeating 17 of old.csv's 19 orders of October's inner days
    # (2 .. 31 October: its first and last day aside), no longer has
    assert ledger.loc[("old.csv", "set_aside", "withdrawn"), "rows"] == 2


def test_overlap_latest_keeps_an_earlier_order_a_later_line_names_on_another_day(tmp_path):
    """Review: a return in February under January's order ID replaced January's sale, and a month's file starting
    at 14:00 had the same morning's orders withdrawn; the order (ID, customer, day) and the later file's first and
    last day aside keep them."""
    jan = "O1,A,2025-01-05,500,ok\nO2,B,2025-01-06,300,ok\n"
    feb = "O1,A,2025-02-03,-200,ok\nO3,B,2025-02-10,100,ok\nO4,C,2025-02-27,50,ok\n"
    tx, ledger = _latest_of(tmp_path, {"jan.csv": jan, "feb.csv": feb})
    assert tx["amount"].sum() == 500 + 300 - 200 + 100 + 50
    assert not {"superseded", "withdrawn"} & set(ledger.index.get_level_values("reason"))
    # the later file starts part way through 1 October: the earlier file's morning orders of that day stay
    (tmp_path / "b").mkdir()
    late_start = _OLD.replace("X0,C0,2025-10-01,100,ok\n", "X0b,C7,2025-10-01,9,ok\n") + \
        "X20,C3,2025-11-01,55,ok\n"
    tx, ledger = _latest_of(tmp_path / "b", {"old.csv": _OLD, "new.csv": late_start})
    assert "X0" in set(tx["order_id"]) and len(tx) == 22


def test_overlap_latest_sets_aside_an_order_a_re_export_of_its_days_no_longer_has(tmp_path):
    """QA: the re-export of Oct-Mar left out XSCK-00001 (deleted), which was still counted from the old file. By
    hand: new.csv covers Oct 1 .. Nov 1 and repeats 18 of old.csv's 19 orders of 2 .. 31 October (95% >= 80%): X3
    is withdrawn (103), the others count once."""
    new = _OLD.replace("X3,C3,2025-10-04,103,ok\n", "") + "X20,C3,2025-11-01,55,ok\n"
    tx, ledger = _latest_of(tmp_path, {"old.csv": _OLD, "new.csv": new})
    assert sorted(tx["order_id"]) == sorted([f"X{i}" for i in range(21) if i != 3])
    assert ledger.loc[("old.csv", "set_aside", "withdrawn"), ["rows", "amount"]].tolist() == [1, 103.0]
    # listed the other way round (a pattern sorting the re-export first), and with a line of the old file dated
    # 2205 (set aside, no date): the same (review)
    for folder, files in (("rev", {"new.csv": new, "old.csv": _OLD}),
                          ("typo", {"old.csv": _OLD + "X99,C1,2205-03-01,7,ok\n", "new.csv": new})):
        (tmp_path / folder).mkdir()
        tx, _ = _latest_of(tmp_path / folder, files)
        assert sorted(tx["order_id"]) == sorted([f"X{i}" for i in range(21) if i != 3]), folder
    # a file repeating fewer of those days' orders is no re-export of them (a late entry dated among them): kept
    few = "".join(f"X{i},C{i},2025-10-{i + 1:02d},{100 + i},ok\n" for i in (0, 9))  # 1 of 19 orders of its days
    (tmp_path / "b").mkdir()
    tx, ledger = _latest_of(tmp_path / "b", {"old.csv": _OLD, "new.csv": few + "X20,C3,2025-11-01,55,ok\n"})
    assert len(tx) == 21 and "withdrawn" not in ledger.index.get_level_values("reason")


def test_overlap_latest_withdraws_on_an_edge_day_the_later_file_covers_whole(tmp_path):
    """QA (U8 re-export 2025-12至2026-01): XS252744 and XS252745, deleted, were dated on its first day, 1 December,
    which was left aside whole. An edge day counts when the later file repeats 80% of that day's orders: 4 of 5
    here; 3 of 6 is an export starting part way through the day (review), whose missing orders stay."""
    first_day = "".join(f"D{i},C{i},2025-10-01,{10 + i},ok\n" for i in range(5))  # with X0: 6 orders on 1 October
    new = first_day.replace("D2,C2,2025-10-01,12,ok\n", "") + _OLD + "X20,C3,2025-11-01,55,ok\n"  # 5 of 6
    tx, ledger = _latest_of(tmp_path, {"old.csv": first_day + _OLD, "new.csv": new})
    assert ledger.loc[("old.csv", "set_aside", "withdrawn"), "rows"] == 1  # D2
    assert "D2" not in set(tx["order_id"]) and "X0" in set(tx["order_id"])
    (tmp_path / "b").mkdir()
    partial = "".join(f"D{i},C{i},2025-10-01,{10 + i},ok\n" for i in (3, 4)) + _OLD + \
        "X20,C3,2025-11-01,55,ok\n"  # 3 of 6
    tx, ledger = _latest_of(tmp_path / "b", {"old.csv": first_day + _OLD, "new.csv": partial})
    assert {"D0", "D1", "D2"} <= set(tx["order_id"]) and "withdrawn" not in ledger.index.get_level_values("reason")


def test_overlap_latest_an_order_the_later_export_voids_is_not_counted_from_the_earlier(tmp_path):
    """The later export marks X2 作废 (excluded by cleaning.exclude): the order is as that file writes it, left out."""
    new = _OLD.replace("X2,C2,2025-10-03,102,ok", "X2,C2,2025-10-03,102,作废")
    tx, ledger = _latest_of(tmp_path, {"old.csv": _OLD, "new.csv": new}, ", exclude: {status: [作废]}")
    assert "X2" not in set(tx["order_id"]) and len(tx) == 19
    assert ledger.loc[("old.csv", "set_aside", "superseded"), "rows"] == 1


def test_overlap_latest_with_orders_numbered_anew_per_file_matches_order_customer_and_day(tmp_path):
    """Sheets numbering their orders 1, 2, 3 anew: order 1 of C2 in the later file does not replace order 1 of C1
    (an order is its ID, customer and day), and nothing is withdrawn."""
    old = "1,C1,2025-10-01,100,ok\n2,C2,2025-10-01,50,ok\n3,C3,2025-10-02,70,ok\n"
    new = "1,C2,2025-10-05,80,ok\n2,C1,2025-10-06,60,ok\n3,C3,2025-10-02,75,ok\n"
    tx, ledger = _latest_of(tmp_path, {"old.csv": old, "new.csv": new})
    assert tx["amount"].sum() == 100 + 50 + 75 + 80 + 60  # only 3 of C3 on 10-02 is the same order corrected
    assert ledger.loc[("old.csv", "set_aside", "superseded"), ["rows", "amount"]].tolist() == [1, 70.0]


def test_overlap_latest_takes_the_file_reaching_the_later_month_as_the_later_one(tmp_path):
    """Monthly names sort 10月 before 2月, and orders_Q1_2025 before orders_Q4_2024: the file whose orders reach a
    later month is the later export, whatever the order data.path lists them in."""
    header = "order_id,customer_id,order_date,amount\n"
    (tmp_path / "10月.csv").write_text(header + "O1,C1,2025-09-10,120\nO2,C2,2025-10-03,50\n", encoding="utf-8")
    (tmp_path / "9月.csv").write_text(header + "O1,C1,2025-09-10,100\nO3,C3,2025-09-20,70\n", encoding="utf-8")
    listed = f"[{tmp_path / '10月.csv'}, {tmp_path / '9月.csv'}]"  # as a pattern sorts them: by name
    params, paths = _case(tmp_path, f"  path: {listed}\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}",
                          "cleaning: {overlap: latest}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("order_id")["amount"].sum().to_dict() == {"O1": 120.0, "O2": 50.0, "O3": 70.0}
    ledger = result.ledger.set_index(["source_file", "kind", "reason"])
    assert ledger.loc[("9月.csv", "set_aside", "superseded"), ["rows", "amount"]].tolist() == [1, 100.0]


def test_an_order_corrected_in_a_later_export_is_listed_as_counted_in_both(tmp_path):
    """q1.csv and q2.csv, q2 repeating q1 with O1 corrected: C1 was graded on 2,200 with no word (found in QA).
    Identical rows count once; orders whose lines differ between files go to overlap.csv and the terminal."""
    from kit.clean import overlap_note

    (tmp_path / "q1.csv").write_text("order_id,customer_id,order_date,amount\nO1,C1,2025-01-10,1000\n"
                                     "O2,C2,2025-02-10,500\n", encoding="utf-8")
    (tmp_path / "q2.csv").write_text("order_id,customer_id,order_date,amount\nO1,C1,2025-01-10,1200\n"
                                     "O2,C2,2025-02-10,500\nO3,C1,2025-04-10,300\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'q2.csv'}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [1000.0, 500.0, 1200.0, 300.0]  # O2 once; O1 as each file has it
    found = pd.read_csv(paths.overlap, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert found.values.tolist() == [["O1", "C1", "q1.csv", "1", "1000.00"], ["O1", "C1", "q2.csv", "1", "1200.00"]]
    assert overlap_note(paths) == (
        "1 order appears in more than one file with different lines (e.g. O1: q1.csv / q2.csv) and each file's "
        "lines are counted; if a later export repeats and corrects an earlier one, set cleaning.overlap: latest to "
        "count such orders as the latest file writes them; see overlap.csv")
    assert overlap_note(paths, "zh").startswith("1 张订单在多个文件中出现且内容不同（如 O1：q1.csv / q2.csv）")
    # one file: nothing to compare
    params, paths = _case(tmp_path / "one" if (tmp_path / "one").mkdir() is None else tmp_path,
                          f"  path: {tmp_path / 'q2.csv'}\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    clean.clean_case(params, paths)
    assert not paths.overlap.exists() and overlap_note(paths) is None


def test_an_order_whose_lines_are_dated_apart_in_two_files_is_no_overlap(tmp_path):
    """A return sheet naming its order, or an order's lines in two monthly files, were reported as an order
    written twice (found in review): only the same order on the same day in two files is."""
    (tmp_path / "m1.csv").write_text("order_id,customer_id,order_date,amount\nO1,C1,2025-01-31,100\n", encoding="utf-8")
    (tmp_path / "m2.csv").write_text("order_id,customer_id,order_date,amount\nO1,C1,2025-02-01,20\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'm1.csv'}, {tmp_path / 'm2.csv'}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    clean.clean_case(params, paths)
    assert not paths.overlap.exists()


def test_the_terminal_names_the_order_lines_set_aside_under_the_limit(tmp_path):
    """75 rows (3.6% of revenue) with dates like 3/5 were set aside under the 5% limit and the terminal said
    nothing (found in QA)."""
    from kit.clean import aside_note

    csv = tmp_path / "o.csv"
    csv.write_text("c,d,a,s\nA,2025-01-05,100,ok\n,2025-01-06,30,ok\nB,3/5,20,ok\nC,2025-01-07,50,已取消\n"
                   "合计,,200,\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: c, order_date: d, amount: a}",
                          "cleaning: {max_set_aside_share: 1.0, exclude: {s: [已取消]}}\n")
    clean.clean_case(params, paths)
    # 50 of the 200 read on order lines (400 with the 合计 line's 200, which counts them again: found in QA, 0.5%
    # was shown for 1.5%); the cancelled order and the total are no loss
    assert aside_note(paths) == ("2 order lines (¥50, 25.0% of the amount read on order lines) could not be used and "
                                 "were set aside, not graded (no customer ID: 1; no readable date: 1); "
                                 "quarantine.csv lists them")
    assert aside_note(paths, lang="zh").startswith("2 条订单行（¥50，占读取的订单行金额的 25.0%）无法使用")
    # returns set aside by choice are no loss, and their negative amounts do not net the loss away (found in QA:
    # "1,179 order lines (-¥792,888.30 ...) could not be used" for ¥1.9M of unusable purchases)
    csv.write_text("c,d,a,s\nA,2025-01-05,100,ok\n,2025-01-06,30,ok\nB,3/5,20,ok\nA,2025-02-05,-80,ok\n",
                   encoding="utf-8")
    params, paths = _case(tmp_path / "r" if (tmp_path / "r").mkdir() is None else tmp_path, f"  path: {csv}\n",
                          "{customer_id: c, order_date: d, amount: a}",
                          "cleaning: {max_set_aside_share: 1.0, returns: set_aside}\n")
    clean.clean_case(params, paths)
    assert aside_note(paths).startswith(  # of 70 net
        "2 order lines (¥50, 71.4% of the amount read on order lines) could not be used")
    # a loss too small for a tenth of a percent is not 0.0% (QA: ¥16.5M of ¥115,000M read)
    csv.write_text("c,d,a\nA,2025-01-05,1000000\n,2025-01-06,30\n", encoding="utf-8")
    params, paths = _case(tmp_path / "s" if (tmp_path / "s").mkdir() is None else tmp_path, f"  path: {csv}\n",
                          "{customer_id: c, order_date: d, amount: a}", "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    assert aside_note(paths).startswith("1 order line (¥30, <0.1% of the amount read on order lines)")
    # lines whose amount did not read: their money is not known, not ¥0 and 0.0% (QA)
    csv.write_text("c,d,a\nA,2025-01-05,100\nB,2025-01-06,\n", encoding="utf-8")
    params, paths = _case(tmp_path / "u" if (tmp_path / "u").mkdir() is None else tmp_path, f"  path: {csv}\n",
                          "{customer_id: c, order_date: d, amount: a}", "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    assert aside_note(paths).startswith("1 order line (its amount unknown) could not be used")
    assert aside_note(paths, lang="zh").startswith("1 条订单行（金额未知）无法使用")


def test_a_long_step_says_it_is_still_running_and_a_short_one_says_nothing_more():
    """A 10M-row export's typing pass ran 20-50 s after "cleaning" with nothing on the terminal (QA)."""
    import time

    from kit.progress import heartbeat

    told = []
    with heartbeat(told.append, lang="en", every=0.2) as note:
        note("o.csv: cleaning")
        time.sleep(0.7)
        note("writing transactions.parquet")
    assert told[0] == "o.csv: cleaning" and told[-1] == "writing transactions.parquet"
    still = told[1:-1]
    assert still and all(re.fullmatch(r"o\.csv: cleaning \(still running, \d s\)", line) for line in still), told
    told.clear()
    with heartbeat(told.append, lang="zh", every=5) as note:
        note("o.csv：清洗中")
    assert told == ["o.csv：清洗中"]


def test_the_cleaning_engine_spills_to_the_run_folder_beyond_its_memory(tmp_path):
    from kit.io import CLEANING_MEMORY, _machine_memory, connect

    con = connect(tmp_path)
    limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    total = _machine_memory()
    if total is None or CLEANING_MEMORY < 0.8 * total:
        assert limit == "256.0 MiB", limit  # issue #6: a 10M-line CSV cleaned in under 1 GiB
    assert con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] == str(tmp_path)


def test_days_without_a_year_take_data_year_when_no_name_gives_one(tmp_path):
    """10月3日 on sheet 10月 of 销售台账.xlsx: set aside, the stop blaming the column mapping (QA); data.year gives the
    year, and without it the stop says to set it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for m in (10, 11):
        sheet = book.create_sheet(f"{m}月")
        sheet.append(["客户", "日期", "金额"])
        sheet.append(["甲", f"{m}月3日", 100])
        sheet.append(["乙", f"{m}/9", 50])
    book.save(tmp_path / "销售台账.xlsx")
    columns = "{customer_id: 客户, order_date: 日期, amount: 金额}"
    params, paths = _case(tmp_path, f"  path: {tmp_path / '销售台账.xlsx'}\n  sheet: all\n", columns)
    with pytest.raises(DataError, match=r"most are dates written without their year, and neither the sheet's nor "
                                        r"the file's name gives it: put the year under data"):
        clean.clean_case(params, paths)
    (tmp_path / "b").mkdir()
    params, paths = _case(tmp_path / "b", f"  path: {tmp_path / '销售台账.xlsx'}\n  sheet: all\n  year: 2025\n", columns)
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-10-03", "2025-10-09", "2025-11-03",
                                                                 "2025-11-09"]


@pytest.mark.parametrize("path_name, year_line, newest_first", [
    ("销售台账.xlsx", "  year: 2025\n", False), ("2025-2026年度台账.xlsx", "", False),
    ("2025-2026年度台账.xlsx", "", True), ("销售台账.xlsx", "  year: 2026\n", True)])
def test_month_sheets_kept_across_a_year_end_take_the_next_year_after_december(tmp_path, path_name, year_line,
                                                                                newest_first):
    """Sheets 10月 .. 12月 then 1月, 2月 of a ledger without years: all were read as data.year, January a year too
    early (review); the months after December are of the next year, the first sheet's year is data.year or the
    first of the two the file's name gives."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for m in (2, 1, 12, 11, 10) if newest_first else (10, 11, 12, 1, 2):
        sheet = book.create_sheet(f"{m}月")
        sheet.append(["客户", "日期", "金额"])
        sheet.append(["甲", f"{m}月3日", 100])
    book.save(tmp_path / path_name)
    params, paths = _case(tmp_path, f"  path: {tmp_path / path_name}\n  sheet: all\n{year_line}",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert sorted(tx["order_date"].dt.strftime("%Y-%m-%d")) == ["2025-10-03", "2025-11-03", "2025-12-03",
                                                                "2026-01-03", "2026-02-03"]


def test_a_day_across_the_year_end_from_its_sheet_s_month_is_of_the_next_or_last_year(tmp_path):
    """QA: 1月3日 on sheet 12月 of 销售台账2025.xlsx (shipped over the new year) was read as 2025-01-03, and 12月29日 on
    sheet 1月 (entered late) as 2025-12-29: a year out each, first and last purchase wrong."""
    from conftest import write_workbook

    head = ["客户", "日期", "金额"]
    write_workbook(tmp_path / "销售台账2025.xlsx", {
        "1月": [head, ["甲", "1月8日", 10], ["乙", "12月29日", 20]],
        "6月": [head, ["甲", "6月1日", 30], ["乙", "12/2", 40]],  # half a year away: the sheet's year
        "12月": [head, ["甲", "12月3日", 50], ["乙", "1月3日", 60], ["丙", "2/1", 70]]})
    params, paths = _case(tmp_path, f"  path: {tmp_path / '销售台账2025.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    days = dict(zip(tx["amount"].astype(int), tx["order_date"].dt.strftime("%Y-%m-%d")))
    assert days == {10: "2025-01-08", 20: "2024-12-29", 30: "2025-06-01", 40: "2025-12-02", 50: "2025-12-03",
                    60: "2026-01-03", 70: "2026-02-01"}


def test_month_sheets_in_order_newest_first_or_not_take_their_years():
    from kit.wide import first_sheet_year, rolled_years, span_first_year, year_ends

    assert rolled_years(["12月", "11月", "10月"], 2025) == {}  # newest first within a year: one year, as before
    # newest first across a year end (a new sheet put in front each month): the year goes back after January
    assert rolled_years(["2月", "1月", "12月", "11月"], 2026) == {"2月": 2026, "1月": 2026, "12月": 2025, "11月": 2025}
    assert first_sheet_year(["2月", "1月", "12月"], "2025-2026年度台账") == 2026
    assert first_sheet_year(["12月", "1月", "2月"], "2025-2026年度台账") == 2025
    assert year_ends(["Oct", "Nov", "Dec", "Jan", "Dec", "Jan"]) == 0  # back to December: not in order
    assert year_ends(["10月", "12月", "1月", "3月", "9月", "1月"]) == 2
    assert rolled_years(["Nov", "说明", "Jan"], 2024) == {"Nov": 2024, "Jan": 2025}
    assert [span_first_year(n) for n in ("FY2025/26", "2025～2026年度", "2025-12-26", "2024-2026")] == [
        2025, 2025, None, None]


@pytest.mark.parametrize("blank, key, said", [
    ("date", "order_date", ("most have an empty date cell: when the sheet writes the date on the first row of a "
                            "block only, set `fill_down: [order_date]`")),
    ("customer", "customer_id", ("most have an empty customer cell: when the sheet writes the customer on the "
                                 "first row of a block only, set `fill_down: [customer_id]`")),
])
def test_most_rows_set_aside_for_an_empty_cell_point_at_fill_down(tmp_path, blank, key, said):
    """A ledger writing the day on its first line only: 84.6% set aside, the stop blaming the column mapping (QA)."""
    rows = ["客户,日期,金额"]
    for day in range(1, 6):
        rows += [f"甲,2025-03-0{day},100", ",," + "200" if blank == "customer" else "乙,,200",
                 ",,300" if blank == "customer" else "丙,,300"]
    if blank == "customer":
        rows = ["客户,日期,金额"] + [r if i % 3 == 0 else f",2025-03-0{i // 3 + 1},{100 + i}"
                                    for i, r in enumerate(rows[1:])]
    (tmp_path / "l.csv").write_text("\n".join(rows), encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'l.csv'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=re.escape(said)):
        clean.clean_case(params, paths)


@pytest.mark.parametrize("first, blanks, numbers, fill_down", [
    # QA c53: days_since_prior_order mapped as the date, 10% empty, the first of them on the first row set aside:
    # the stop said "most have an empty date cell" and pointed at fill_down
    ("", 0, 8, False),
    # the other way round: the first row set aside writes a number, but 7 of the 9 rows set aside are empty
    ("8.0", 7, 1, True),
    ("", 4, 4, True),  # 5 empty of 9: more than half
    ("", 3, 5, False),  # 4 empty of 9: not most
])
def test_the_fill_down_hint_counts_the_empty_date_cells_of_the_rows_set_aside(tmp_path, first, blanks, numbers,
                                                                              fill_down):
    """9 rows of 10 set aside for their date (``first``, then ``blanks`` empty cells and ``numbers`` that are no
    dates): the stop says most are empty, and points at fill_down, only when more than half of the 9 are empty."""
    rows = ["客户,日期,金额", "甲,2025-03-01,100", f"乙,{first},200"]
    rows += ["丙,,300"] * blanks + ["丁,8.0,400"] * numbers
    (tmp_path / "l.csv").write_text("\n".join(rows), encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'l.csv'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=r"l.csv: 9 of 10 rows \(90.0%\) cannot be used") as stop:
        clean.clean_case(params, paths)
    assert ("most have an empty date cell" in str(stop.value)) is fill_down
    assert ("set `fill_down: [order_date]`" in str(stop.value)) is fill_down
    assert ("`data.columns` most likely maps a column to the wrong header" in str(stop.value)) is not fill_down


def test_a_discount_column_is_taken_off_quantity_times_price_and_a_returns_value_too(tmp_path):
    """QA: a shop export of Qty, Unit Price and Discount was graded at the price before the discount (+46,515 over
    13,215 lines); data.columns.discount subtracts it (as an amount, whatever its sign is written with)."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Order ID,Buyer,Paid At,Qty,Unit Price,Discount\n"
                   "1,a@x.com,2025-01-05,3,10.00,5.00\n"      # 30 - 5 = 25
                   "2,a@x.com,2025-01-06,1,99.90,\n"          # no discount written: 99.90
                   "3,b@x.com,2025-02-01,2,50.00,-12.50\n"    # written negative: still taken off, 87.50
                   "4,b@x.com,2025-02-02,-1,50.00,6.25\n"     # a return of a discounted item: -43.75
                   "5,c@x.com,2025-03-01,1,\"1,000.00\",\"$100.00\"\n"  # 900
                   "6,c@x.com,2025-03-02,1,20.00,ten\n",     # a discount that is no amount: the row's amount unknown
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Buyer, order_date: Paid At, quantity: Qty, unit_price: Unit Price, "
                          "order_id: Order ID, discount: Discount}", "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [25.0, 99.9, 87.5, -43.75, 900.0]
    assert "discount" not in tx.columns
    ledger = result.ledger.set_index(["kind", "reason"])
    # what the discounts took off the amounts: 5 + 12.50 + 100, less the 6.25 a return gives back
    assert ledger.loc[("info", "discount_netted"), ["rows", "amount"]].tolist() == [4, -111.25]
    assert ledger.loc[("set_aside", "bad_amount"), "rows"] == 1
    read, kept = ledger.loc[("read", ""), "amount"], ledger.loc[("kept", ""), "amount"]
    aside = ledger.loc[ledger.index.get_level_values("kind").isin(["set_aside", "dropped"]), "amount"].sum()
    assert round(read - kept - aside, 2) == 0


def test_an_order_without_a_payment_date_is_set_aside_as_unpaid_not_as_a_bad_date(tmp_path):
    """QA: a shop export's orders with an empty Paid at (not paid) were set aside as "no readable date", counted
    against cleaning.max_set_aside_share. A payment-date column's blank cell is an order not paid: reason unpaid,
    expected like a cancellation; the order's other lines (Shopify writes the date on the first only) still take it."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Name,Email,Paid at,Lineitem price,Total\n"
                   "#1001,a@x.com,2025-03-01 10:00:00,100.00,150.00\n"   # paid: 150, its second line priced on it
                   "#1001,,,50.00,\n"
                   "#1002,b@x.com,,30.00,60.00\n"                        # never paid: 60 set aside as unpaid
                   "#1002,,,30.00,\n"
                   "#1003,c@x.com,2025-04-02 11:00:00,80.00,80.00\n"
                   "#1004,b@x.com,,40.00,40.00\n"                        # unpaid too
                   "#1005,d@x.com,not a day,25.00,25.00\n",              # a date cell that is no date: bad_date
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Email, order_date: Paid at, amount: Total, order_id: Name}",
                          "cleaning: {max_set_aside_share: 0.25}\n")  # 1 bad of 4 paid orders; 2 unpaid do not count
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx[["order_id", "amount"]].values.tolist() == [["#1001", 150.0], ["#1003", 80.0]]
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("set_aside", "unpaid"), ["rows", "amount"]].tolist() == [2, 100.0]  # #1002 and #1004
    assert ledger.loc[("set_aside", "bad_date"), ["rows", "amount"]].tolist() == [1, 25.0]
    assert ledger.loc[("dropped", "order_line"), "rows"] == 2  # the second lines of #1001 and #1002
    read, kept = ledger.loc[("read", ""), "amount"], ledger.loc[("kept", ""), "amount"]
    aside = ledger.loc[ledger.index.get_level_values("kind").isin(["set_aside", "dropped"]), "amount"].sum()
    assert round(read - kept - aside, 2) == 0
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
    assert quarantine.loc[quarantine["reason"] == "unpaid", "Name"].tolist() == ["#1002", "#1004"]
    assert quarantine["reason_text"].str.contains("not paid").sum() == 2


def test_a_blank_cell_of_an_ordinary_date_column_is_still_a_bad_date(tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text("单号,客户,日期,金额\nA1,甲,2025-03-01,100\nA2,乙,,60\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 日期, amount: 金额, "
                          "order_id: 单号}", "cleaning: {max_set_aside_share: 1.0}\n")
    ledger = clean.clean_case(params, paths).ledger.set_index(["kind", "reason"])
    assert ledger.loc[("set_aside", "bad_date"), "rows"] == 1 and ("set_aside", "unpaid") not in ledger.index


@pytest.mark.parametrize("header, paid", [("Paid at", True), ("paid_at", True), ("Payment Date", True),
                                          ("付款时间", True), ("支付日期", True), ("订单付款时间", True),
                                          ("Created at", False), ("日期", False), ("回款日期", False),
                                          ("Unpaid Reason", False)])
def test_which_date_headers_are_payment_dates(header, paid):
    from kit.clean_sql import PAID_DATE

    assert bool(PAID_DATE.search(header)) is paid


def test_days_sql_reads_by_itself_are_the_days_the_parser_reads():
    """Year-first days (2025/7/13, 2025.07.13 10:23) are read by SQL, without the parser's join that cost a 10M-row
    file its row order; each must be the day :func:`kit.clean.parse_date` reads, or unread where it reads none."""
    import duckdb

    from kit.clean import FIRST_DAY, LAST_DAY, parse_date
    from kit.clean_sql import SQL_DAY, _sql_day

    rng = np.random.default_rng(7)
    values = []
    for _ in range(3000):
        y, m, d = int(rng.integers(1890, 2210)), int(rng.integers(0, 14)), int(rng.integers(0, 33))
        sep = str(rng.choice(["-", "/", "."]))
        pad = "{:02d}" if rng.random() < 0.5 else "{}"
        text = f"{y}{sep}{pad.format(m)}{sep}{pad.format(d)}"
        time = str(rng.choice(["", " 10:23", " 9:05:01", "T23:59:59.5", " 00:00:00.123456789", "T22:00:00Z",
                               " 22:30:00 +0800", "T23:00:00-05:00"]))
        values.append(text + time)
    values += ["2025-02-29", "2024-02-29", "2025/7/13", "2025.07.13", "1900-01-01", "2199-12-31"]
    frame = pd.DataFrame({"v": values})
    assert frame["v"].str.fullmatch(SQL_DAY).all()
    sql = duckdb.sql(f"SELECT v, {_sql_day('v')} AS day FROM frame").df()
    read = pd.to_datetime(sql["day"]).where(
        (pd.to_datetime(sql["day"]) >= pd.Timestamp(FIRST_DAY)) & (pd.to_datetime(sql["day"]) <= pd.Timestamp(LAST_DAY)))
    parsed = parse_date(frame["v"])
    assert read.isna().tolist() == parsed.isna().tolist()
    assert (read.dropna() == parsed.dropna()).all()
    assert parsed.notna().sum() > 1000 and parsed.isna().sum() > 500  # both kinds were tried


def test_a_file_whose_dates_read_2025_slash_07_slash_13_keeps_its_row_order_without_the_parser(tmp_path, monkeypatch):
    import kit.clean

    parse = kit.clean.parse_dates_with_format
    seen = []
    monkeypatch.setattr(kit.clean, "parse_dates_with_format", lambda v, *a, **k: seen.append(list(v)) or parse(v, *a, **k))
    csv = tmp_path / "orders.csv"
    csv.write_text("单号,客户,日期,金额\n" + "".join(
        f"A{i},C{i % 7},2025/{1 + i % 12}/{1 + i % 28} 10:{i % 60:02d},{100 + i}\n" for i in range(40))
        + "B1,C1,2025年3月5日,50\n", encoding="utf-8")  # one the parser reads
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 日期, amount: 金额, "
                          "order_id: 单号}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["order_id"].tolist() == [f"A{i}" for i in range(40)] + ["B1"]
    assert tx["order_date"].tolist() == [pd.Timestamp(2025, 1 + i % 12, 1 + i % 28) for i in range(40)] + [
        pd.Timestamp(2025, 3, 5)]
    assert seen == [["2025年3月5日"]]  # the parser is given the one day SQL does not read, not the others


def test_the_kept_lines_are_written_compressed_with_zstd(tmp_path):
    """Each run keeps its own transactions.parquet: ZSTD takes 10M lines to 115 MB rather than snappy's 215 MB."""
    import pyarrow.parquet as pq

    csv = tmp_path / "orders.csv"
    csv.write_text("单号,客户,日期,金额\nA1,甲,2025-03-01,100\nA2,乙,2025-03-02,60\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 日期, amount: 金额, "
                          "order_id: 单号}")
    clean.clean_case(params, paths)
    meta = pq.ParquetFile(paths.transactions).metadata
    assert {meta.row_group(0).column(i).compression for i in range(meta.num_columns)} == {"ZSTD"}


def test_a_label_in_an_order_number_or_date_column_is_found_among_plain_cells(tmp_path):
    """Columns whose every cell is a plain order number, amount or day skip the subtotal patterns; one 小计 or
    合计 cell among them makes the column messy, and its line is still a subtotal."""
    csv = tmp_path / "orders.csv"
    csv.write_text("单号,客户,日期,金额\n"
                   "A1,甲,2025/3/1,100\nA2,甲,2025/3/2,60\nB02 小计,甲,2025/3/31,160\n"   # a label in the order column
                   "A3,乙,2025-03-05 10:00,40\nA4,乙,合计,40\n",                        # and in the date column
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 日期, amount: 金额, "
                          "order_id: 单号}", "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["order_id"].tolist() == ["A1", "A2", "A3"]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
    assert quarantine.set_index("单号")["reason"].to_dict() == {"B02 小计": "subtotal_row", "A4": "subtotal_row"}
    assert result.ledger.set_index("reason").loc["subtotal_row", "amount"] == 200.0


def test_a_line_without_the_payment_date_its_order_has_on_another_line_takes_it(tmp_path):
    """A line export naming the customer on every line but the payment date on the first only: the other lines
    are paid with their order, not unpaid."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Order,Buyer,Paid at,Qty,Price\n"
                   "1,a@x.com,2025-03-01 10:00:00,1,10.00\n"
                   "1,a@x.com,,2,5.00\n"            # paid with order 1
                   "2,b@x.com,,1,7.00\n",           # never paid
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: Buyer, order_date: Paid at, quantity: Qty, "
                          "unit_price: Price, order_id: Order}", "cleaning: {max_set_aside_share: 1.0}\n")
    ledger = clean.clean_case(params, paths).ledger.set_index(["kind", "reason"])
    tx = pd.read_parquet(paths.transactions)
    assert tx[["order_id", "amount"]].values.tolist() == [["1", 10.0], ["1", 10.0]]
    assert (tx["order_date"] == pd.Timestamp("2025-03-01")).all()
    assert ledger.loc[("set_aside", "unpaid"), ["rows", "amount"]].tolist() == [1, 7.0]
    assert ledger.loc[("info", "filled_from_order"), "rows"] == 1


def test_an_empty_payment_date_without_order_ids_is_a_date_not_written_not_an_unpaid_order(tmp_path):
    """Review: a ledger writing its 付款日期 once above a block of lines lost the other lines as unpaid, with no
    stop. Without an order ID to tell orders apart, an empty cell is a date not written (counted, fill_down hint)."""
    csv = tmp_path / "ledger.csv"
    csv.write_text("付款日期,客户,金额\n2025-03-01,甲,100\n,乙,200\n,丙,300\n2025-03-02,甲,50\n,丁,60\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 付款日期, amount: 金额}")
    with pytest.raises(DataError, match=r"fill_down: \[order_date\]"):
        clean.clean_case(params, paths)


def test_most_lines_without_a_payment_date_stop_the_run_rather_than_go_as_unpaid(tmp_path):
    """Unpaid lines do not count against cleaning.max_set_aside_share; most of a file's lines unpaid is a date
    written once per block, and the run says so rather than grade the few dated lines."""
    csv = tmp_path / "ledger.csv"
    csv.write_text("单号,付款日期,客户,金额\nA1,2025-03-01,甲,100\nA2,,乙,200\nA3,,丙,300\nA4,2025-03-02,甲,50\n"
                   "A5,,丁,60\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n", "{customer_id: 客户, order_date: 付款日期, amount: 金额, "
                          "order_id: 单号}")
    with pytest.raises(DataError) as stop:
        clean.clean_case(params, paths)
    assert str(stop.value).startswith("ledger.csv: 3 of 5 order lines (60%) have an empty '付款日期', so they would be "
                                      "set aside as orders not paid")
    assert "`fill_down: [order_date]`" in str(stop.value)


def test_a_file_of_thousands_of_columns_stops_with_a_sentence(tmp_path, monkeypatch):
    """Review: 5,000 columns took four minutes to clean, 25,000 stopped with DuckDB's own parser error."""
    from kit import clean_sql

    monkeypatch.setattr(clean_sql, "MAX_COLUMNS", 5)
    extra = ",".join(f"c{i}" for i in range(3))
    (tmp_path / "o.csv").write_text(f"客户,日期,金额,{extra}\nK1,2025-01-05,10,x,y,z\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=r"o.csv: 6 columns, more than the 5 an order export is read with; save the "
                                        r"export with the columns the grading needs"):
        clean.clean_case(params, paths)


def test_a_sheet_without_order_numbers_exported_again_counts_once_a_repeat_purchase_twice(tmp_path):
    """QA (流向数据): next quarter's workbook repeated the four 2025 sheets of the one before, no order numbers: they
    were kept as possible repeat purchases, revenue +75%. Lines of a file most of which an earlier file holds are
    that data exported again; a few alike lines elsewhere are repeat purchases, as before."""
    rows = [f"K{i % 7},2025-0{1 + i % 9}-1{i % 10},{100 + i}" for i in range(40)]
    (tmp_path / "a_2025.csv").write_text("客户,日期,金额\n" + "\n".join(rows) + "\n", encoding="utf-8")
    new = [f"K{i % 7},2026-0{1 + i % 3}-0{1 + i % 9},{7 + i}" for i in range(5)]
    (tmp_path / "b_2026.csv").write_text("客户,日期,金额\n" + "\n".join(rows + new) + "\n", encoding="utf-8")
    columns = "{customer_id: 客户, order_date: 日期, amount: 金额}"
    params, paths = _case(tmp_path, f"  path: {tmp_path / '*.csv'}\n", columns,
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: the 40 lines once, and the 5 new ones
    assert len(kept) == 45 and kept["amount"].sum() == sum(100 + i for i in range(40)) + sum(7 + i for i in range(5))
    # two lines alike in two files of otherwise different lines: a repeat purchase, kept
    (tmp_path / "b_2026.csv").write_text("客户,日期,金额\n" + "\n".join(rows[:2] + new) + "\n", encoding="utf-8")
    clean.clean_case(params, paths)
    assert len(pd.read_parquet(paths.transactions)) == 47


def test_a_blank_amount_beside_a_quantity_and_a_unit_price_is_their_product(tmp_path):
    """QA (流向数据): 145 of 1,000 lines left 金额 blank but had 数量 and 单价; the run stopped, and the advice it gave
    (raise the limit) lost 15% of revenue. A free good's 金额 of 0 stays 0."""
    (tmp_path / "flow.csv").write_text(
        "终端编码,日期,数量,单价,金额,备注\n"
        "T1,2025-01-05,10,2.5,25,\n"
        "T1,2025-02-05,4,12.25,,\n"        # blank: 4 × 12.25 = 49
        "T2,2025-03-05,3,8,0,赠品\n"       # a free good: 0, not 24
        "T2,2025-04-05,,,,\n", encoding="utf-8")  # nothing to price it by: set aside as before
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'flow.csv'}\n",
                          "{customer_id: 终端编码, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].tolist() == [25.0, 49.0, 0.0]
    assert result.ledger.set_index("reason").loc["bad_amount", "rows"] == 1
    priced = result.fixes[result.fixes["fix"] == "amount from quantity × unit price"]
    assert priced[["source_row", "before", "after"]].values.tolist() == [[3, "4 × 12.25", "49.00"]]


def test_later_lines_of_an_order_whose_total_is_on_its_first_are_not_priced(tmp_path):
    """Shopify writes an order's Total on its first line only; its other lines have Lineitem quantity and price.
    Pricing those blank amounts counted each order's items twice (this session's first take: revenue +36%)."""
    (tmp_path / "orders.csv").write_text(
        "Name,Email,Created at,Total,Lineitem quantity,Lineitem price\n"
        "#1001,a@x.com,2025-06-27,694,2,259\n"
        "#1001,,,,2,88\n"
        "#1002,b@x.com,2025-07-01,,3,10\n", encoding="utf-8")  # no line of #1002 has a total: priced, 30
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'orders.csv'}\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, order_id: Name, "
                          "quantity: Lineitem quantity, unit_price: Lineitem price}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"a@x.com": 694.0, "b@x.com": 30.0}


def _ledger_of_two_sheets(tmp_path: Path, good_lines: int) -> Path:
    """A hand-kept workbook: sheet 1月 of 20 lines, 3 of them 待定 (15%), and 2月 of ``good_lines`` good ones."""
    from conftest import write_workbook

    header = ["客户", "日期", "金额"]
    jan = [[f"K{i % 4}", f"2025-01-{i + 1:02d}", "待定" if i < 3 else 100 + i] for i in range(20)]
    feb = [[f"K{i % 4}", f"2025-02-{i % 28 + 1:02d}", 50 + i] for i in range(good_lines)]
    return write_workbook(tmp_path / "台账.xlsx", {"1月": [header, *jan], "2月": [header, *feb]})


def test_the_set_aside_limit_counts_a_workbook_s_sheets_together(tmp_path):
    """QA: 3 待定 lines of 139 (2.2%) stopped a workbook because its sheet 2025Q1 alone was at 7.3%."""
    from conftest import order_case

    _ledger_of_two_sheets(tmp_path, 100)  # 3 of 120 lines: 2.5%
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                               data="  sheet: all\n")
    result = clean.clean_case(params, paths)
    assert result.ledger.set_index(["source_file", "reason"]).loc[("台账.xlsx [1月]", "bad_amount"), "rows"] == 3
    (tmp_path / "b").mkdir()
    _ledger_of_two_sheets(tmp_path / "b", 20)  # 3 of 40 lines: 7.5%
    params, paths = order_case(tmp_path / "b", "台账.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                               data="  sheet: all\n")
    with pytest.raises(DataError, match=r"^台账.xlsx: 3 of 40 rows \(7.5%\) cannot be used, more than "
                                        r"`cleaning.max_set_aside_share` 0.05 \(5%\) allows \(\[1月\] amount missing"):
        clean.clean_case(params, paths)


def test_overlap_latest_does_not_keep_an_order_s_line_without_an_amount_when_it_takes_the_later_order(tmp_path):
    """QA (Shopify next period): the corrected order #1027's item row without a Total, identical in both exports,
    was kept with an empty amount when the later file's order was taken whole: 2 rows too many in the window."""
    header = "Name,Email,Created at,Total,Lineitem name\n"
    (tmp_path / "a.csv").write_text(header + "#1026,a@x,2025-10-02,50,Hat\n#1026,a@x,2025-10-02,,Scarf\n"
                                    "#1027,b@x,2025-10-03,80,Cap\n#1027,b@x,2025-10-03,,Sock\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + "#1026,a@x,2025-10-02,50,Hat\n#1026,a@x,2025-10-02,,Scarf\n"
                                    "#1027,b@x,2025-10-03,90,Cap\n#1027,b@x,2025-10-03,,Sock\n"
                                    "#1028,c@x,2025-11-03,20,Hat\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'a.csv'}, {tmp_path / 'b.csv'}]\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, order_id: Name}",
                          "cleaning: {overlap: latest}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx[["order_id", "amount"]].values.tolist() == [["#1026", 50.0], ["#1027", 90.0], ["#1028", 20.0]]
    ledger = result.ledger.set_index(["source_file", "kind", "reason"])
    assert ledger.loc[("b.csv", "dropped", "order_line"), "rows"] == 1  # #1027's Sock, taken with its order


def test_a_few_messy_cells_written_into_the_sql_clean_as_a_joined_mapping_does(tmp_path, monkeypatch):
    """The messy cells of a column (¥1,234.50, 3月5日, a 合计 in the ID column, a name with spaces) are written into
    the SQL when few, rather than joined: the same kept rows, values, reasons and file order as the join gives."""
    from kit import clean_sql

    rows = ["客户编码,客户名称,订单日期,订单号,金额"]
    for i in range(60):
        amount = f"¥{1000 + i:,}.50" if i % 7 == 0 else "待定" if i == 11 else f"{10 + i}.25"
        day = "3月5日" if i % 9 == 0 else "2025-13-45" if i == 13 else f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}"
        customer = "合计" if i == 59 else f" K{i % 8} " if i % 5 == 0 else f"K{i % 8}"
        rows.append(f"{customer},客户 {i % 8} ,{day},D{i:03d},\"{amount}\"")
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    columns = "{customer_id: 客户编码, customer_name: 客户名称, order_date: 订单日期, amount: 金额, order_id: 订单号}"
    results = []
    # written into the SQL; joined; joined when the messy cells are many (a column of names with （）, whose each
    # cell would test the values one by one)
    for inline, cells in ((clean_sql.INLINE_VALUES, clean_sql.INLINE_CELLS), (0, clean_sql.INLINE_CELLS), (1_000, 5)):
        monkeypatch.setattr(clean_sql, "INLINE_VALUES", inline)
        monkeypatch.setattr(clean_sql, "INLINE_CELLS", cells)
        folder = tmp_path / f"i{inline}_{cells}"
        folder.mkdir()
        params, paths = _case(folder, "  path: ../o.csv\n  year: 2025\n", columns,
                              "cleaning: {max_set_aside_share: 0.5}\n")
        clean.clean_case(params, paths)
        results.append((pd.read_parquet(paths.transactions),
                        pd.read_csv(paths.quarantine, encoding="utf-8-sig", dtype=str)))
    (inline_kept, inline_aside), *joined = results
    for joined_kept, joined_aside in joined:
        pd.testing.assert_frame_equal(inline_kept, joined_kept)
        pd.testing.assert_frame_equal(inline_aside, joined_aside)
    assert inline_kept["order_id"].tolist() == sorted(inline_kept["order_id"])  # in file order
    assert len(inline_kept) == 60 - 3  # 待定, 2025-13-45 and the 合计 line set aside
    assert inline_kept.loc[inline_kept["order_id"] == "D007", "amount"].item() == 1007.5


def _error_workbook(path: Path) -> None:
    """Orders with Excel's error cells: a VLOOKUP that found no customer (#N/A), amounts that could not be
    calculated (#VALUE!, #REF!). openpyxl writes a cell whose text is an error value as an error cell (t="e")."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "明细"
    for row in (["单号", "客户", "日期", "金额"], ["D1", "K1", "2025-01-05", 10.5], ["D2", "#N/A", "2025-01-06", 20],
                ["D3", "K2", "2025-01-07", "#VALUE!"], ["D4", "K2", "2025-01-08", "#REF!"], ["D5", "K1", "2025-01-09", 4]):
        sheet.append(row)
    book.save(path)
    cells = [c for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.data_type == "e"]
    assert len(cells) == 3  # error cells indeed, not text


def test_excel_error_cells_are_shown_as_excel_shows_them_and_set_aside_for_their_reason(tmp_path):
    _error_workbook(tmp_path / "errors.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'errors.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, order_id: 单号}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    clean.clean_case(params, paths)
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    got = quarantine.set_index("source_row")
    assert got.loc["3", "客户"] == "#N/A" and got.loc["3", "reason"] == "missing_customer_id"
    assert got.loc["4", "金额"] == "#VALUE!" and got.loc["4", "reason"] == "bad_amount"
    assert got.loc["5", "金额"] == "#REF!" and got.loc["5", "reason"] == "bad_amount"
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["customer_id"]) == ["K1", "K1"] and kept["amount"].sum() == 14.5


def test_a_stop_for_too_many_unusable_rows_quotes_an_error_cell_as_excel_shows_it(tmp_path):
    _error_workbook(tmp_path / "errors.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'errors.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=r"row 3 '#N/A'.*row 4 '#VALUE!'|row 4 '#VALUE!'.*row 3 '#N/A'"):
        clean.clean_case(params, paths)


def _formula_workbook(path: Path, *, cached: float | None, formula: str | list[str] = "=D{r}*E{r}") -> None:
    """Orders whose 金额 is the formula =D*E (or ``formula``, one for every row or a list of one per row), stored with
    the value ``cached`` (xlsxwriter stores 0, as programs do until Excel calculates the workbook) or with none
    (openpyxl), in a workbook that asks to be calculated on open."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("订单")
    sheet.write_row(0, 0, ["单号", "客户", "日期", "数量", "单价", "金额"])
    formulas = [formula] * 3 if isinstance(formula, str) else formula
    for i, (customer, quantity, price) in enumerate([("K1", 2, 10.5), ("K1", 1, 4.25), ("K2", 3, 7.0)], 1):
        sheet.write_row(i, 0, [f"D{i}", customer, f"2025-01-0{i}", quantity, price])
        sheet.write_formula(i, 5, formulas[i - 1].format(r=i + 1), None, cached)
    book.close()
    if cached is None:  # no value at all, as openpyxl writes a formula
        import zipfile

        with zipfile.ZipFile(path) as old:
            parts = {name: old.read(name) for name in old.namelist()}
        parts["xl/worksheets/sheet1.xml"] = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", parts["xl/worksheets/sheet1.xml"])
        with zipfile.ZipFile(path, "w") as new:
            for name, data in parts.items():
                new.writestr(name, data)


@pytest.mark.parametrize("cached", [0, None])
def test_amounts_of_formulas_never_calculated_are_quantity_times_unit_price(tmp_path, cached):
    _formula_workbook(tmp_path / "f.xlsx", cached=cached)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价, "
                          "order_id: 单号}")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 25.25, "K2": 21.0}  # 2 × 10.5 + 4.25
    assert any("'金额'" in line and "数量 × 单价" in line for line in told)


def test_formulas_never_calculated_of_more_than_quantity_times_price_stop_the_run(tmp_path):
    """Review: =D2*E2*(1-0.1), a discount taken off, was read as D2*E2 (revenue 11% high); only a formula that is
    the product of the quantity's and the price's cells of its row is given again by them."""
    _formula_workbook(tmp_path / "f.xlsx", cached=0, formula="=D{r}*E{r}*(1-0.1)")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}")
    with pytest.raises(DataError, match=r"'金额'.*open it in Excel, save it"):
        clean.clean_case(params, paths)
    _formula_workbook(tmp_path / "f.xlsx", cached=0, formula="=$E{r} * $D{r}")  # the other order, anchored
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(46.25)


@pytest.mark.parametrize("formulas, cell", [
    (["=D{r}*E{r}", "=D{r}*E{r}*(1-0.1)", "=D{r}*E{r}"], "F3"),  # a discount on the second line only
    (["=D{r}*E{r}", "=D{r}*E{r}", "=D{r}*E{r}+5"], "F4"),
    (["=D{r}*E{r}", "=D{r}*E{r}", "=D2*E2"], "F4"),  # the first row's cells, not its own
])
def test_formulas_never_calculated_are_quantity_times_price_only_when_every_one_is(tmp_path, formulas, cell):
    """Review: only the column's first formula was read, so =D3*E3*(1-F3) below =D2*E2 gave every line quantity ×
    price (12,000 for 11,400); one formula of something else stops the run, naming its cell."""
    _formula_workbook(tmp_path / "f.xlsx", cached=0, formula=formulas)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}")
    with pytest.raises(DataError, match=rf"'金额'.*not every one is 数量 × 单价 of its row \({cell} is not\).*"
                                        r"open it in Excel, save it"):
        clean.clean_case(params, paths)


@pytest.mark.parametrize("label", ["合计", "总计", None])
def test_formulas_never_calculated_under_a_sum_total_line_are_quantity_times_price(tmp_path, label):
    """QA hand: a program's sheet of =C2*D2 amounts closed by a 合计 line =SUM(E2:E4), no value stored (openpyxl):
    the run stopped on the total's formula, which is no order line's amount; a total line is set aside anyway."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户", "日期", "数量", "单价", "金额"])
    for r, (customer, day, quantity, price) in enumerate(
            [("K1", "2025-01-01", 2, 10.5), ("K1", "2025-01-02", 1, 4.25), ("K2", "2025-01-03", 3, 7.0)], 2):
        sheet.append([customer, day, quantity, price, f"=C{r}*D{r}"])
    sheet.append([label, None, "=SUM(C2:C4)", None, "=SUM(E2:E4)"])
    book.save(tmp_path / "s.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 25.25, "K2": 21.0}  # 2 × 10.5 + 4.25


def test_a_ditto_mark_in_a_date_or_customer_cell_is_the_value_above(tmp_path):
    """QA hand: a hand-kept sheet writing 同上 for the date (or the customer) of the line above: its lines were set aside
    as unreadable dates and the run stopped; a ditto with nothing above it in its block stays unreadable."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    import datetime as dt

    for row in (["客户", "日期", "金额"], ["K1", dt.datetime(2025, 1, 3), 10], ["K2", "同上", 20], ["同上", " 同上 ", 5],
                ["K3", dt.datetime(2025, 2, 1), 7.5], ["小计", None, 42.5], ["K4", "同上", 3]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 0.5}\n")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    got = kept.assign(day=kept["order_date"].dt.strftime("%m-%d")).groupby(["customer_id", "day"])["amount"].sum()
    assert got.to_dict() == {("K1", "01-03"): 10.0, ("K2", "01-03"): 25.0, ("K3", "02-01"): 7.5}
    assert pd.read_csv(paths.quarantine)["reason"].tolist() == ["total_row", "bad_date"]  # K4 below the 小计
    assert any("同上" in line for line in told), told


@pytest.mark.parametrize("column", ["退款金额", "优惠金额"])
def test_a_ditto_mark_in_a_refund_or_discount_cell_is_not_taken_from_above(tmp_path, column):
    """A money cell of 同上 is no "as above": a refund or discount written so was filled from the line above
    (the second line took 10 off again), while an amount of 同上 was set aside. Money takes no ditto: the line is set
    aside as unreadable there, its date's 同上 taken as ever. By hand: K1's first line 100 − 10 = 90 is kept; the second
    (200, 同上) is set aside; K2's 300 is kept."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    for row in (["客户", "日期", "金额", column], ["K1", dt.datetime(2025, 1, 3), 100, 10], ["K1", "同上", 200, "同上"],
                ["K2", dt.datetime(2025, 2, 1), 300, None]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    key = {"退款金额": "refund", "优惠金额": "discount"}[column]
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n",
                          f"{{customer_id: 客户, order_date: 日期, amount: 金额, {key}: {column}}}",
                          "cleaning: {max_set_aside_share: 0.5}\n")
    told: list[str] = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 90.0, "K2": 300.0}
    aside = pd.read_csv(paths.quarantine, dtype=str)
    assert aside["source_row"].tolist() == ["3"] and aside[column].tolist() == ["同上"]
    assert not any(f"'{column}'" in line for line in told), told


def test_a_customer_ditto_with_nothing_above_is_no_customer(tmp_path):
    """Review of QA hand's 同上: a customer cell 同上 on a block's first line (the sheet's first, or below a 小计) has no
    value to take; it was graded as a customer named 同上. It is set aside as a line without a customer, and the
    note counts the cells filled (in English too: it said "cells of '客户'" without how many)."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    for row in (["客户", "日期", "金额"], ["同上", dt.datetime(2025, 1, 2), 4], ["K1", dt.datetime(2025, 1, 3), 10],
                ["同上", dt.datetime(2025, 1, 4), 20], ["〃", dt.datetime(2025, 1, 5), 5], ["小计", None, 39],
                ["同上", dt.datetime(2025, 2, 1), 3], ["K2", dt.datetime(2025, 2, 2), 7]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {max_set_aside_share: 0.5}\n")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 35.0, "K2": 7.0}
    aside = pd.read_csv(paths.quarantine)
    assert sorted(aside["reason"]) == ["missing_customer_id", "missing_customer_id", "total_row"]
    assert any("2 cells of '客户'" in line for line in told), told


def _shared(path: Path, masters: dict[int, str], children: dict[int, int]) -> None:
    """``path`` (:func:`_formula_workbook`) with the formulas of 金额 written as Excel shares them: row ``r`` of
    ``masters`` writes its text once for the rows below it that share it (<f t="shared" ref=.. si=..>text</f>),
    each row of ``children`` follows the master of that row (<f t="shared" si=../>, no text)."""
    import zipfile

    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for row, text in masters.items():
        last = max([r for r, m in children.items() if m == row], default=row)
        xml = re.sub(rf'(<c r="F{row}"[^>]*>)<f>[^<]*</f>',
                     rf'\1<f t="shared" ref="F{row}:F{last}" si="{row}">{text}</f>', xml)
    for row, master in children.items():
        xml = re.sub(rf'(<c r="F{row}"[^>]*>)<f>[^<]*</f>', rf'\1<f t="shared" si="{master}"/>', xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)


def test_formulas_shared_down_the_column_are_read_as_their_first_cell_moved_to_each_row(tmp_path):
    """A cell sharing a formula (<f t="shared" si="0"/>) has no text of its own: it is the formula of the first
    cell of its range moved to its row. D2*E2 shared down is every row's product; a discount shared from row 3,
    or a product whose row is anchored (D$2*E$2: the first row's cells everywhere), is not."""
    _formula_workbook(tmp_path / "f.xlsx", cached=0)
    _shared(tmp_path / "f.xlsx", {2: "D2*E2"}, {3: 2, 4: 2})
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [21.0, 4.25, 21.0]  # 2 × 10.5, 1 × 4.25, 3 × 7
    for masters, children, cell in [({3: "D3*E3*(1-0.1)"}, {4: 3}, "F3"), ({2: "D$2*E$2"}, {3: 2, 4: 2}, "F3")]:
        _formula_workbook(tmp_path / "f.xlsx", cached=0)
        _shared(tmp_path / "f.xlsx", masters, children)
        with pytest.raises(DataError, match=rf"'金额'.*\({cell} is not\)"):
            clean.clean_case(params, paths)


@pytest.mark.parametrize("cached", [0, None])
def test_formulas_never_calculated_without_quantity_and_price_stop_the_run_saying_to_save_in_excel(tmp_path, cached):
    _formula_workbook(tmp_path / "f.xlsx", cached=cached)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError, match=r"f\.xlsx.*'金额'.*'订单'.*open it in Excel, save it"):
        clean.clean_case(params, paths)


def test_a_formula_calculated_to_0_in_a_workbook_excel_saved_is_0(tmp_path):
    """Excel stores each formula's result and no request to calculate on open: a 0 there is a 0 (a free sample)."""
    import zipfile

    _formula_workbook(tmp_path / "f.xlsx", cached=0)
    with zipfile.ZipFile(tmp_path / "f.xlsx") as old:
        parts = {name: old.read(name) for name in old.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(tmp_path / "f.xlsx", "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量, unit_price: 单价}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [0.0, 0.0, 0.0]


def _hidden_rows_workbook(path: Path) -> None:
    """A hand-kept sheet with two of its order rows hidden (rows 3 and 5: 20 and 7.5)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "3月"
    for row in (["客户", "日期", "金额"], ["K1", "2025-03-01", 10], ["K1", "2025-03-02", 20], ["K2", "2025-03-03", 5],
                ["K2", "2025-03-04", 7.5], ["K3", "2025-03-05", 1]):
        sheet.append(row)
    for row in (3, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(path)


def test_hidden_rows_are_counted_and_said_in_the_ledger_fixes_and_a_note(tmp_path):
    from kit.clean import hidden_rows_note

    _hidden_rows_workbook(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].sum() == 43.5  # still data: 10 + 20 + 5 + 7.5 + 1
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    hidden = ledger[(ledger["kind"] == "info") & (ledger["reason"] == "hidden_rows")]
    assert hidden[["rows", "amount"]].values.tolist() == [[2, 27.5]]
    assert ledger.loc[ledger["reason"] == "merged_cells"].empty  # hidden rows are no merged cells
    fixes = pd.read_csv(paths.fixes, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    listed = fixes[fixes["fix"].str.contains("hidden")]
    assert listed["source_row"].tolist() == ["3", "5"] and listed["after"].tolist() == ["20.00", "7.50"]
    assert any("台账.xlsx" in line and "2 hidden rows" in line for line in told)
    said = hidden_rows_note(paths, currency="RMB", lang="en")
    assert "2 hidden rows" in said and "台账.xlsx" in said and "27.50" in said and "delete" in said
    assert "2 行" in hidden_rows_note(paths, currency="RMB", lang="zh")


def test_rows_hidden_by_a_filter_name_the_filter_in_the_ledger_and_the_note(tmp_path):
    """QA c85: the end note on hidden rows names the filter hiding them (区域 showing 华东) and how to grade the rows
    it shows; following it leaves exactly those rows (by hand: K1 10 + K3 5 = 15)."""
    import openpyxl

    from kit.clean import hidden_rows_note

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "区域", "金额"], ["K1", "2025-03-01", "华东", 10], ["K2", "2025-03-02", "华北", 20],
                ["K3", "2025-03-03", "华东", 5], ["K4", "2025-03-04", "华南", 7.5]):
        sheet.append(row)
    sheet.auto_filter.ref = "A1:D5"
    sheet.auto_filter.add_filter_column(2, ["华东"])
    for row in (3, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    told = []
    clean.clean_case(params, paths, note=told.append)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 42.5  # counted all the same
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    hidden = ledger[ledger["reason"] == "hidden_rows"]
    assert hidden[["rows", "amount"]].values.tolist() == [[2, 27.5]]
    assert hidden["reason_text"].iloc[0].endswith(" | they are hidden by the sheet's filter (区域 showing 华东 only): "
                                                  "the client may have meant to send the 华东 orders only; to grade "
                                                  "only the rows the filter shows, add 区域: [华北, 华南] to "
                                                  "cleaning.exclude")
    said = hidden_rows_note(paths, currency="RMB", lang="en")
    assert said.endswith(". 台账.xlsx: they are hidden by the sheet's filter (区域 showing 华东 only): the client may "
                         "have meant to send the 华东 orders only; to grade only the rows the filter shows, add "
                         "区域: [华北, 华南] to cleaning.exclude"), said
    assert any("区域 showing 华东" in line for line in told)
    (tmp_path / "east").mkdir()
    params, paths = _case(tmp_path / "east", f"  path: {tmp_path / '台账.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {exclude: {区域: [华北, 华南]}}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["customer_id"].tolist() == ["K1", "K3"] and kept["amount"].sum() == 15
    assert hidden_rows_note(paths, currency="RMB", lang="en") is None  # no hidden row kept


#: A hand-kept ledger's lines, (customer, date, amount, font): its 红字 written as positive amounts in red font
#: (``indexed``: red of Excel's palette), one red amount below zero (a return written as one already)
_RED_LINES = [("K1", "2025-01-05", 100, None), ("K1", "2025-01-09", 30, "FFFF0000"), ("K2", "2025-02-01", 80, None),
              ("K2", "2025-02-03", -5, "FFFF0000"), ("K2", "2025-02-04", 7.5, "indexed"), ("K3", "2025-03-01", 50, None),
              ("K3", "2025-03-02", 20, "FFFF0000"), ("K3", "2025-03-09", 10, "FFFF0000"),
              ("K4", "2025-04-01", 60, None), ("K4", "2025-04-02", 15, "FFFF0000"), ("K4", "2025-04-03", 5, "FFFF0000")]


def _red_ledger(path: Path) -> Path:
    """:data:`_RED_LINES` on sheet 台账, the amounts' header and the first customer's name in red too."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.styles.colors import Color

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["客户", "日期", "金额"])
    for row, (customer, day, amount, colour) in enumerate(_RED_LINES, start=2):
        sheet.append([customer, day, amount])
        if colour:
            sheet[f"C{row}"].font = Font(color=Color(indexed=10) if colour == "indexed" else colour)
    sheet["C1"].font = sheet["A2"].font = Font(color="FFFF0000")
    book.save(path)
    return path


def _red_case(tmp_path: Path, setting: str = "") -> tuple:
    _red_ledger(tmp_path / "台账.xlsx")
    return _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                 f"cleaning: {{red_amounts: {setting}}}\n" if setting else "")


def test_positive_amounts_in_red_font_stop_the_run_naming_them_and_the_two_settings(tmp_path):
    """A hand-kept ledger writes its returns (红字) as positive amounts in red font: counted as sales, revenue was
    overstated without a word. The red header, the red name and the red amount below zero are none of them."""
    from kit.io import check_headers

    params, paths = _red_case(tmp_path)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert stopped.value.told("en") == (
        "台账.xlsx: sheet '台账' writes 6 positive amounts of '金额' in red font (87.50 in all; C3, C6, C8, C9, C11 "
        "...); in a hand-kept ledger red ink (红字) is a return, a credit note or a cancellation, and counted as "
        "written they would overstate revenue: set `red_amounts: returns` under cleaning in params to count them as "
        "negative, or `red_amounts: sales` if the red only highlights them")
    said = stopped.value.told("zh")
    assert said.startswith("台账.xlsx：工作表 '台账' 的“金额”列有 6 个正数金额用红色字体书写（合计 87.50；C3, C6, C8, C9, C11 ...）")
    assert "`red_amounts: returns`" in said and "`red_amounts: sales`" in said
    assert not paths.transactions.exists()  # stopped before anything was counted
    with pytest.raises(DataError, match="6 positive amounts of '金额' in red font"):
        check_headers(params, workbooks=True)  # kit check says it too


def test_red_amounts_as_returns_count_negative_and_are_said_in_the_ledger_and_fixes(tmp_path):
    params, paths = _red_case(tmp_path, "returns")
    told = []
    clean.clean_case(params, paths, note=told.append)
    expected: dict[str, float] = {}  # by hand: a red amount above zero is a return, the others as written
    for customer, _, amount, colour in _RED_LINES:
        expected[customer] = expected.get(customer, 0) + (-amount if colour and amount > 0 else amount)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == expected
    assert kept["amount"].sum() == sum(a for *_, a, c in _RED_LINES if not c) - 87.5 - 5  # black, red, red below 0
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    red = ledger[(ledger["kind"] == "info") & (ledger["reason"] == "red_returns")]
    assert red[["rows", "amount"]].values.tolist() == [[6, -87.5]]
    assert ledger.loc[ledger["kind"] == "read", "amount"].sum() == ledger.loc[ledger["kind"] == "kept", "amount"].sum()
    fixes = pd.read_csv(paths.fixes, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    listed = fixes[fixes["fix"].str.contains("red font")]
    assert listed[["source_row", "before", "after"]].values.tolist()[:2] == [["3", "(red font) 30.0", "-30.0"],
                                                                            ["6", "(red font) 7.5", "-7.5"]]
    assert any("台账.xlsx: 6 amounts in red font (红字, 87.50 in all) counted as returns" in line for line in told)


def test_a_red_amount_typed_as_text_counts_negative_too(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", "1200"], ["K1", "2025-01-09", "300"]):
        sheet.append(row)
    sheet["C3"].font = Font(color="FFFF0000")
    book.save(tmp_path / "t.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 't.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          "cleaning: {red_amounts: returns}\n")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [1200.0, -300.0]


def _cleaned(book, folder: Path, cleaning: str = "") -> tuple:
    """``book`` (an openpyxl workbook of 客户, 日期, 金额) saved in ``folder`` and cleaned: (the result, run paths)."""
    folder.mkdir()
    book.save(folder / "t.xlsx")
    params, paths = _case(folder, f"  path: {folder / 't.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                          cleaning)
    return clean.clean_case(params, paths), paths


def test_red_amounts_with_commas_or_marks_a_red_total_line_and_a_red_default_font(tmp_path):
    """Review: a red 1,000 or ¥1,000 typed as text read as no number (counted as a sale); a red 合计 line, no return,
    stopped the run; a workbook whose default font is red had only its formatted cells taken for red."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", "5,000"], ["K1", "2025-01-09", "1,000"],
                ["K2", "2025-02-01", 800], ["K2", "2025-02-03", "¥300"], ["K2", "2025-02-04", "+20"],
                ["合计", None, 7120]):
        sheet.append(row)
    for cell in ("C3", "C5", "C6", "C7"):
        sheet[cell].font = Font(color="FFFF0000")
    result, paths = _cleaned(book, tmp_path / "returns", "cleaning: {red_amounts: returns}\n")
    kept = pd.read_parquet(paths.transactions)
    # by hand: 5,000 - 1,000; 800 - 300 - 20; the 合计 line a total, set aside as such
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 4000.0, "K2": 480.0}
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["red_returns", ["rows", "amount"]].tolist() == [3, -1320.0]
    assert ledger.loc["total_row", "rows"] == 1
    # no red but the total's: nothing to ask
    sheet["C3"].font = sheet["C5"].font = sheet["C6"].font = Font(color="FF000000")
    _, paths = _cleaned(book, tmp_path / "total")
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 7120.0
    # a workbook written in red throughout: red marks nothing
    book = openpyxl.Workbook()
    book._fonts[0] = Font(color="FFFF0000")  # the default font, that of every cell without a style of its own
    sheet = book.active
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", 100], ["K2", "2025-01-09", 30]):
        sheet.append(row)
    sheet["C3"].number_format = "#,##0.00"
    _, paths = _cleaned(book, tmp_path / "default")
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100.0, 30.0]


def test_red_amounts_as_sales_count_as_written(tmp_path):
    params, paths = _red_case(tmp_path, "sales")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].sum() == sum(amount for *_, amount, _ in _RED_LINES)
    assert kept.loc[kept["amount"] < 0, "amount"].tolist() == [-5]  # the red amount below zero, unchanged
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    assert ledger.loc[ledger["reason"] == "red_returns"].empty
    assert any("6 amounts in red font (87.50 in all) counted as written" in line for line in told)


def test_a_workbook_without_hidden_rows_has_no_hidden_rows_note(tmp_path):
    from kit.clean import hidden_rows_note

    _formula_workbook(tmp_path / "f.xlsx", cached=5)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'f.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    clean.clean_case(params, paths)
    assert hidden_rows_note(paths, currency="RMB", lang="en") is None


def test_typed_amounts_under_a_sum_line_never_calculated_do_not_stop_the_run(tmp_path):
    """A program that writes the amounts as numbers and a =SUM() total line below them (openpyxl: no value)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-01", 10], ["K2", "2025-01-02", 5.5], ["K1", "2025-01-03", 2],
                ["合计", None, "=SUM(C2:C4)"]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 12.0, "K2": 5.5}


#: A hand-kept ledger's lines, (customer, date, amount, mark): a voided line (作废) is kept visible, struck through
#: (``struck``: its amount; ``row``: the whole line; ``red``: its amount red and struck; ``red only``: a 红字 return
#: not struck); one struck amount below zero (a voided return), and a customer whose only line is voided
_STRUCK_LINES = [("K1", "2025-01-05", 100, None), ("K1", "2025-01-09", 30, "struck"), ("K2", "2025-02-01", 80, None),
                 ("K2", "2025-02-03", 45, "row"), ("K3", "2025-03-01", 50, None), ("K3", "2025-03-02", 20, "red"),
                 ("K3", "2025-03-09", 10, "red only"), ("K4", "2025-04-01", 60, None),
                 ("K4", "2025-04-02", -15, "struck"), ("K5", "2025-04-05", 25, "struck")]
_STRUCK = ("struck", "row", "red")


def _struck_case(tmp_path: Path, setting: str = "", red: str = "returns") -> tuple:
    """:data:`_STRUCK_LINES` on sheet 台账, the amounts' header and the first customer's name struck through too."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["客户", "日期", "金额"])
    for row, (customer, day, amount, mark) in enumerate(_STRUCK_LINES, start=2):
        sheet.append([customer, day, amount])
        for cell in ("A", "B", "C") if mark == "row" else ("C",) if mark else ():
            sheet[f"{cell}{row}"].font = Font(strike=mark != "red only",
                                              color="FFFF0000" if mark in ("red", "red only") else None)
    sheet["C1"].font = sheet["A2"].font = Font(strike=True)
    book.save(tmp_path / "台账.xlsx")
    rules = ", ".join(([f"struck_rows: {setting}"] if setting else []) + [f"red_amounts: {red}"])
    return _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                 f"cleaning: {{{rules}}}\n")


def test_lines_struck_through_stop_the_run_naming_them_and_the_two_settings(tmp_path):
    """A hand-kept ledger keeps a voided line (作废) visible, struck through: counted as a sale, revenue was
    overstated without a word. The struck header and the struck name of a line whose amount is not struck are none."""
    from kit.io import check_headers

    params, paths = _struck_case(tmp_path)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert stopped.value.told("en") == (
        "台账.xlsx: sheet '台账' strikes through the '金额' amount of 5 lines (105.00 in all; C3, C5, C7, C10, C11); "
        "in a hand-kept ledger a line struck through is voided (作废), and counted they would overstate revenue: set "
        "`struck_rows: void` under cleaning in params to set them aside as voided, or `struck_rows: count` if the "
        "strike means something else")
    said = stopped.value.told("zh")
    assert said.startswith("台账.xlsx：工作表 '台账' 的“金额”列有 5 行金额带删除线（合计 105.00；C3, C5, C7, C10, C11）")
    assert "`struck_rows: void`" in said and "`struck_rows: count`" in said
    assert not paths.transactions.exists()  # stopped before anything was counted
    with pytest.raises(DataError, match="strikes through the '金额' amount of 5 lines"):
        check_headers(params, workbooks=True)  # kit check says it too


def test_lines_struck_through_as_void_are_set_aside_and_not_counted_against_the_limit(tmp_path):
    """Half the lines voided, over the 5% that cleaning.max_set_aside_share allows by default: a choice of the
    params, not lines the kit could not read. A line both red and struck is voided, not a return (struck wins)."""
    params, paths = _struck_case(tmp_path, "void")
    told = []
    clean.clean_case(params, paths, note=told.append)
    expected: dict[str, float] = {}  # by hand: a struck line is left out, a red one not struck is a return
    for customer, _, amount, mark in _STRUCK_LINES:
        if mark not in _STRUCK:
            expected[customer] = expected.get(customer, 0) + (-amount if mark == "red only" else amount)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == expected == {"K1": 100, "K2": 80, "K3": 40,
                                                                                "K4": 60}
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert quarantine[["source_row", "reason", "客户", "金额"]].values.tolist() == [
        ["3", "struck", "K1", "30"], ["5", "struck", "K2", "45"], ["7", "struck", "K3", "20"],
        ["10", "struck", "K4", "-15"], ["11", "struck", "K5", "25"]]
    assert quarantine["reason_text"].str.contains("struck through").all()
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    aside = ledger[ledger["kind"] == "set_aside"]
    assert aside[["reason", "rows", "amount"]].values.tolist() == [["struck", 5, 105.0]]
    assert ledger.loc[ledger["reason"] == "red_returns", ["rows", "amount"]].values.tolist() == [[1, -10.0]]
    read = ledger[ledger["kind"] == "read"][["rows", "amount"]].sum()
    flows = ledger[ledger["kind"].isin(["kept", "set_aside", "dropped"])][["rows", "amount"]].sum()
    assert read.tolist() == flows.tolist() == [10, 385.0]  # 405 as written, the red 10 counted as -10
    assert any("台账.xlsx: 5 lines with their amount struck through (作废, 105.00 in all) set aside as voided" in line
               for line in told)
    assert any("1 amount in red font (红字, 10.00 in all) counted as a return" in line for line in told)


def test_lines_struck_through_as_count_count_as_written(tmp_path):
    params, paths = _struck_case(tmp_path, "count", red="sales")
    told = []
    clean.clean_case(params, paths, note=told.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].sum() == sum(amount for *_, amount, _ in _STRUCK_LINES) == 405
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", keep_default_na=False)
    assert ledger.loc[ledger["reason"] == "struck"].empty
    assert any("5 lines with their amount struck through (105.00 in all) counted as written "
               "(cleaning.struck_rows: count)" in line for line in told)


def test_a_struck_line_that_could_not_be_used_is_voided_but_a_struck_total_stays_a_total(tmp_path):
    """Under void, a struck line without a readable date is voided (not counted towards the limit as a bad date);
    a struck 合计 line is a total line still."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", 100], ["K1", "改天", 30], ["K2", "2025-02-01", 80],
                ["合计", None, 210]):
        sheet.append(row)
    sheet["C3"].font = sheet["C5"].font = Font(strike=True)
    book.save(tmp_path / "t.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 't.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}", "cleaning: {struck_rows: void}\n")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100, 80]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert quarantine[["source_row", "reason"]].values.tolist() == [["3", "struck"], ["5", "total_row"]]


def _xls_ledger_case(tmp_path: Path, cleaning: str) -> tuple:
    """tests/data/ledger_marks.xls (an Excel 97-2003 ledger; its lines are make_fixtures.MARKED_LINES) as a case."""
    import shutil

    shutil.copy(DATA / "ledger_marks.xls", tmp_path / "台账.xls")
    return _case(tmp_path, f"  path: {tmp_path / '台账.xls'}\n", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                 f"cleaning: {{{cleaning}}}\n" if cleaning else "")


@pytest.mark.parametrize("cleaning, said", [
    ("struck_rows: void", "台账.xls: sheet '台账' writes 2 positive amounts of '金额' in red font (37.50 in all; D5, D8)"),
    ("red_amounts: returns", ("台账.xls: sheet '台账' strikes through the '金额' amount of 3 lines (42.00 in all; "
                              "D10, D11, D14)")),
    ("", "台账.xls: sheet '台账' strikes through the '金额' amount of 3 lines")])
def test_an_xls_ledger_s_red_amounts_and_struck_lines_stop_the_run_as_an_xlsx_s(tmp_path, cleaning, said):
    """Found in review: an .xls ledger's 红字 and 作废 lines were counted as sales without a word (calamine tells no
    fonts); they stop the run as an .xlsx's do. The red 10 in D11 is struck through too: voided, no return."""
    params, paths = _xls_ledger_case(tmp_path, cleaning)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert stopped.value.told("en").startswith(said)
    assert not paths.transactions.exists()


def test_an_xls_ledger_s_red_returns_struck_lines_and_hidden_rows_are_counted_as_an_xlsx_s(tmp_path):
    import importlib.util

    from kit.clean import hidden_rows_note

    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    make_fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_fixtures)
    params, paths = _xls_ledger_case(tmp_path, "red_amounts: returns, struck_rows: void")
    told = []
    result = clean.clean_case(params, paths, note=told.append)
    expected: dict[str, float] = {}  # by hand: struck lines left out, a red amount above zero a return
    for customer, _, amount, mark in make_fixtures.MARKED_LINES:
        if mark not in ("struck", "red struck", "row struck"):
            expected[customer] = expected.get(customer, 0) + (-amount if mark == "red" and amount > 0 else amount)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == expected == {"K1": 70, "K2": 67.5, "K3": 50,
                                                                                "K4": 75}
    quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert quarantine[["source_row", "reason"]].values.tolist() == [["10", "struck"], ["11", "struck"],
                                                                    ["14", "struck"]]
    assert quarantine["金额"].astype(float).tolist() == [20, 10, 12]  # an .xls stores every number as a float
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "red_returns"), ["rows", "amount"]].tolist() == [2, -37.5]
    assert ledger.loc[("set_aside", "struck"), ["rows", "amount"]].tolist() == [3, 42.0]
    assert ledger.loc[("info", "hidden_rows"), ["rows", "amount"]].tolist() == [1, 60.0]
    assert any("台账.xls: 2 amounts in red font (红字, 37.50 in all) counted as returns" in line for line in told)
    assert "1 hidden row" in hidden_rows_note(paths, currency="RMB", lang="en")


def test_the_messy_ids_of_a_column_of_few_values_are_found_grouped_as_cell_by_cell():
    """Customers' IDs are grouped before the plain-ID test (each value tested once): the messy values found, and
    the cells holding them, are those found testing cell by cell."""
    import itertools

    import duckdb

    from kit.clean_sql import _Mapper, _plain_id

    ids = ["K1", "K1", " K2", "00123.0", "00123.0", "合计", "K1", None, "1.2E+11", "K 3", " K2"]
    con = duckdb.connect()
    con.register("s", pd.DataFrame({"c": ids}))
    counter = itertools.count()
    wanted = [("c", _plain_id('"c"'))]
    grouped, cells = _Mapper(con, "s", lambda: next(counter)), _Mapper(con, "s", lambda: next(counter))
    grouped.prefetch(wanted, few={"c"})
    cells.prefetch(wanted)
    # by hand: every cell but the plain K1s and the empty one is messy (a space, a decimal, 合计, scientific)
    assert sorted(grouped.fetched[wanted[0]]) == sorted(cells.fetched[wanted[0]]) == sorted(
        [" K2", "00123.0", "合计", "1.2E+11", "K 3"])
    assert grouped.rows[wanted[0]] == cells.rows[wanted[0]] == 7


def test_a_red_order_line_noted_like_a_total_is_a_return_while_a_red_total_line_is_not(tmp_path):
    """Review: 两单合计 (two orders together) in 备注 beside a date and a product is a note on an order, which cleaning
    keeps as one; its red was taken for a total line's and ignored, so the return counted as a sale. A red 合计 line
    (no product) is still no return."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "客户名称", "产品", "金额", "备注"])
    rows = [("2025-01-10", "甲", "P", 100, "", False), ("2025-02-10", "甲", "P", 240, "两单合计", True),
            ("2025-03-10", "乙", "P", 300, "", False), ("2025-03-11", "乙", "P", 50, "", True),
            ("2025-03-31", None, None, 690, "合计", True)]
    for day, customer, product, amount, remark, red in rows:
        sheet.append([day, customer, product, amount, remark])
        if red:
            sheet.cell(sheet.max_row, 4).font = Font(color="FFFF0000")
    book.save(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n",
                          "{customer_id: 客户名称, order_date: 日期, amount: 金额, product: 产品}",
                          "cleaning: {red_amounts: returns}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: 甲 100 - 240 (red, noted 两单合计), 乙 300 - 50; the red 合计 line set aside, not a return
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲": -140.0, "乙": 250.0}


def test_unix_timestamps_are_read_by_sql_as_the_utc_day(tmp_path, monkeypatch):
    """Stripe's ``created`` (QA c64): whole seconds read in SQL, not parsed (a file holds millions of distinct
    ones), milliseconds too; outside 2000..2100 (a count, an ID) no date, set aside. Days by hand: 1735689599 is
    the last second of 2024 (20089 × 86400 = 1735689600), 1756539474 2025-08-30 07:37:54 UTC."""
    rows = ["created,customer,amount", "1756539474,A,100", "1735689599,B,50", "1735689600000,A,7", "12345,C,9"]
    (tmp_path / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    pd.DataFrame({"created": [1756539474, 1735689599, 1735689600000, 12345], "customer": list("ABAC"),
                  "amount": [100.0, 50.0, 7.0, 9.0]}).to_parquet(tmp_path / "c.parquet", index=False)
    parsed = []
    real = clean.parse_dates_with_format

    def record(values, *args, **kwargs):
        parsed.extend(values.astype(str).tolist())
        return real(values, *args, **kwargs)

    monkeypatch.setattr(clean, "parse_dates_with_format", record)
    for name, row in (("c.csv", "5"), ("c.parquet", "4")):  # text cells under a header row; integers
        (tmp_path / name.replace(".", "_")).mkdir()
        params, paths = _case(tmp_path / name.replace(".", "_"), f"  path: {tmp_path / name}\n  date_format: unix\n",
                              "{customer_id: customer, order_date: created, amount: amount}",
                              "cleaning: {max_set_aside_share: 0.5}\n")
        result = clean.clean_case(params, paths)
        tx = pd.read_parquet(paths.transactions)
        assert tx["order_date"].tolist() == [pd.Timestamp("2025-08-30"), pd.Timestamp("2024-12-31"),
                                             pd.Timestamp("2025-01-01")]
        assert result.kept == 3
        quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
        assert quarantine[["source_row", "reason", "created"]].values.tolist() == [[row, "bad_date", "12345"]]
    assert parsed == ["12345"]  # the CSV's one cell that is no timestamp; none of the Parquet file's integers


def test_unix_timestamps_as_text_read_the_same_in_sql_and_in_python(tmp_path):
    """A column of timestamps beside other text (quoted, spaced): the plain ones typed in SQL, the rest parsed, the
    same days either way."""
    rows = ["created,customer,amount", "1756539474,A,100", '" 1756598400 ",B,50', "2025-03-05,A,7",
            "1756539474000,C,9"]
    (tmp_path / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'c.csv'}\n  date_format: unix\n",
                          "{customer_id: customer, order_date: created, amount: amount}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["order_date"].tolist() == [
        pd.Timestamp("2025-08-30"), pd.Timestamp("2025-08-31"), pd.Timestamp("2025-03-05"), pd.Timestamp("2025-08-30")]


def test_a_big5_file_of_roc_dates_stops_naming_date_format_roc_then_reads_with_it(tmp_path):
    """QA c67: a Taiwanese ERP's 銷貨日期 114/03/18 stopped the run blaming data.columns; the stop says what the
    dates are and which setting reads them, and with it 民國114年 is 2025 (114 + 1911)."""
    rows = ["銷貨日期,客戶代號,金額", "114/03/18,C1,\"44,800\"", "113/12/31,C2,-560", "1140101,C1,100"]
    (tmp_path / "s.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp950"))
    columns = "{customer_id: 客戶代號, order_date: 銷貨日期, amount: 金額}"
    (tmp_path / "a").mkdir()
    params, paths = _case(tmp_path / "a", f"  path: {tmp_path / 's.csv'}\n  encoding: big5hkscs\n", columns)
    with pytest.raises(DataError, match=r"s.csv: 3 of 3 rows .* most are dates of Taiwan's ROC \(民國\) calendar "
                                        r"\(such as '114/03/18', which is 2025-03-18") as stop:
        clean.clean_case(params, paths)
    assert "`data.columns`" not in str(stop.value)
    (tmp_path / "b").mkdir()
    params, paths = _case(tmp_path / "b", f"  path: {tmp_path / 's.csv'}\n  encoding: big5hkscs\n  date_format: roc\n",
                          columns)
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["order_date"].tolist() == [pd.Timestamp("2025-03-18"), pd.Timestamp("2024-12-31"),
                                         pd.Timestamp("2025-01-01")]
    assert tx["amount"].tolist() == [44800.0, -560.0, 100.0]


@pytest.mark.parametrize("header", ["n", "N"])
def test_a_customer_column_headed_n_is_read(tmp_path, header):
    """Review: the count of each messy ID was named n, and a customer column headed n crashed the run."""
    (tmp_path / "t.csv").write_text(f'order_id,{header},date,amount\n1,"=""00123""",2025-03-01,100\n'
                                    "2,C-9 ,2025-03-02,200\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 't.csv'}\n",
                          f"{{customer_id: {header}, order_date: date, amount: amount, order_id: order_id}}")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["00123", 100.0], ["C-9", 200.0]]


@pytest.mark.parametrize("name, product", [("Total Wine Co", "牙膏"), ("甲医院", "Colgate Total 120g")])
def test_a_red_return_whose_product_or_customer_holds_the_word_total_is_a_return(tmp_path, name, product):
    """Review: the red test took any cell reading like a total for a total line's, where cleaning reads a line that
    names its customer as a subtotal only by a label beside the ID; the return counted as a sale."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户", "日期", "产品", "金额"])
    for row in ([name, "2025-01-05", product, 1000], [name, "2025-02-05", product, 5000],
                [name, "2025-03-05", product, 800], ["乙医院", "2025-03-06", "牙刷", 2000]):
        sheet.append(row)
    sheet["D4"].font = Font(color="FFFF0000")
    book.save(tmp_path / "台账.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / '台账.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, product: 产品}",
                          "cleaning: {red_amounts: returns}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {name: 1000 + 5000 - 800, "乙医院": 2000}


def test_data_time_zone_reads_timestamps_as_the_client_s_local_day_in_sql_and_in_python(tmp_path):
    """data.time_zone: a Unix timestamp, or a date-time written with Z or an offset, was read as its UTC day (or the
    day as written), so an evening order in Shanghai fell on the next or the previous day, across a window's end too.
    Days by hand: 1767196800 is 2025-12-31 16:00:00 UTC (20453 × 86400), 2026-01-01 00:00 in Shanghai; 1741204800 is
    2025-03-05 20:00 UTC, 2025-03-06 04:00 in Shanghai; 1741132800 is 2025-03-05 00:00 UTC, 08:00 in Shanghai."""
    from kit.params import Columns

    stamps = pd.DataFrame({"created": [1741204800, 1741132800, 1767196800, 1767196799 - 8 * 3600],
                           "customer": list("AABB"), "amount": [10.0, 20.0, 30.0, 40.0]})
    stamps.to_parquet(tmp_path / "u.parquet", index=False)
    stamps.to_csv(tmp_path / "u.csv", index=False)
    written = pd.DataFrame({"created": ["2025-03-05T20:00:00Z", "2025-03-05 23:30:00-05:00", "2025-03-05 10:00",
                                        "2025/3/5 22:00+00:00", "2025-12-31T16:00:00Z"],
                            "customer": list("AABBC"), "amount": ["1", "2", "3", "4", "5"]})
    written.to_csv(tmp_path / "w.csv", index=False)
    utc = {"u": ["2025-03-05", "2025-03-05", "2025-12-31", "2025-12-31"],
           "w": ["2025-03-05", "2025-03-05", "2025-03-05", "2025-03-05", "2025-12-31"]}
    shanghai = {"u": ["2025-03-06", "2025-03-05", "2025-12-31"],  # 2026-01-01 is after the window: not kept
                "w": ["2025-03-06", "2025-03-06", "2025-03-05", "2025-03-06"]}
    for zone, expected in ((None, utc), ("Asia/Shanghai", shanghai)):
        for name, form in (("u.parquet", "  date_format: unix\n"), ("u.csv", "  date_format: unix\n"), ("w.csv", "")):
            folder = tmp_path / f"{name}-{zone}".replace("/", "_")
            folder.mkdir()
            params, paths = _case(folder, f"  path: {tmp_path / name}\n{form}"
                                  + (f"  time_zone: {zone}\n" if zone else ""),
                                  "{customer_id: customer, order_date: created, amount: amount}")
            clean.clean_case(params, paths)
            tx = pd.read_parquet(paths.transactions)
            start, end = params.period.window()
            days = [d.strftime("%Y-%m-%d") for d in tx["order_date"] if pd.Timestamp(start) <= d <= pd.Timestamp(end)]
            assert days == expected[name[0]], (name, zone)
            frame = (stamps if name[0] == "u" else written).astype(str).assign(**{SOURCE_ROW: range(2, 2 + len(
                stamps if name[0] == "u" else written))})
            in_memory = clean.clean_orders(frame, Columns(customer_id="customer", order_date="created",
                                                          amount="amount"), source="x.xlsx",
                                           date_format="unix" if form else None, time_zone=zone)
            assert in_memory.transactions["order_date"].tolist() == tx["order_date"].tolist(), (name, zone)


@pytest.mark.parametrize(("cells", "expected"), [
    (["2025-03-01T00:00:00.000Z", "2025-03-05T00:00:00.000Z", "2025-04-01T00:00:00Z"],
     ["2025-03-01", "2025-03-05", "2025-04-01"]),  # days as JavaScript writes them: never moved
    (["2025-03-01 00:00:00+08:00", "2025-03-05 00:00+08:00", "2025-04-01 00:00:00+08:00"],
     ["2025-03-01", "2025-03-05", "2025-04-01"]),
    (["2025-03-01T00:00:00.000Z", "2025-03-05T03:00:00.000Z", "2025-04-01T00:00:00Z"],
     ["2025-02-28", "2025-03-04", "2025-03-31"]),  # one true time of day: instants, each the day before in New York
])
def test_data_time_zone_leaves_days_written_as_midnight_date_times_as_written(tmp_path, cells, expected):
    """data.time_zone: America/New_York moved every 2025-03-05T00:00:00.000Z (a date as JavaScript writes it) to
    2025-03-04, the 1st of each month into the month before. By hand: 03:00 UTC is 22:00 (EST, UTC−5) the day before."""
    from kit.params import Columns

    written = pd.DataFrame({"created": cells, "customer": list("ABC"), "amount": ["1", "2", "3"]})
    written.to_csv(tmp_path / "w.csv", index=False)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'w.csv'}\n  time_zone: America/New_York\n",
                          "{customer_id: customer, order_date: created, amount: amount}")
    clean.clean_case(params, paths)
    assert [d.strftime("%Y-%m-%d") for d in pd.read_parquet(paths.transactions)["order_date"]] == expected
    in_memory = clean.clean_orders(written.assign(**{SOURCE_ROW: range(2, 5)}),
                                   Columns(customer_id="customer", order_date="created", amount="amount"),
                                   source="x.xlsx", time_zone="America/New_York")
    assert [d.strftime("%Y-%m-%d") for d in in_memory.transactions["order_date"]] == expected


def test_data_time_zone_reads_parquet_timestamps_kept_in_utc_as_the_client_s_local_day(tmp_path):
    """A Parquet column of timestamps recorded in UTC was read as its UTC day whatever data.time_zone said (the view
    made it UTC wall time first). By hand, in Shanghai (UTC+8): 2025-03-05 20:00 UTC is 03-06 04:00, 2025-06-30 16:00
    UTC is 07-01 00:00, 2025-03-05 03:00 UTC is 11:00 the same day; a column recorded in Los Angeles stays its own."""
    from kit.params import Columns

    stamps = pd.to_datetime(["2025-03-05 20:00", "2025-06-30 16:00", "2025-03-05 03:00"])
    for zone, recorded, expected in (
            ("Asia/Shanghai", "UTC", ["2025-03-06", "2025-07-01", "2025-03-05"]),
            (None, "UTC", ["2025-03-05", "2025-06-30", "2025-03-05"]),
            ("Asia/Shanghai", "America/Los_Angeles", ["2025-03-05", "2025-06-30", "2025-03-05"])):
        frame = pd.DataFrame({"created": stamps.tz_localize(recorded), "customer": list("ABC"), "amount": [1.0, 2, 3]})
        folder = tmp_path / f"{zone}-{recorded}".replace("/", "_")
        folder.mkdir()
        frame.to_parquet(folder / "t.parquet", index=False)
        params, paths = _case(folder, f"  path: {folder / 't.parquet'}\n" + (f"  time_zone: {zone}\n" if zone else ""),
                              "{customer_id: customer, order_date: created, amount: amount}")
        clean.clean_case(params, paths)
        assert [d.strftime("%Y-%m-%d") for d in pd.read_parquet(paths.transactions)["order_date"]] == expected
        in_memory = clean.clean_orders(frame.assign(**{SOURCE_ROW: range(2, 5)}),
                                       Columns(customer_id="customer", order_date="created", amount="amount"),
                                       source="x.xlsx", time_zone=zone)
        assert [d.strftime("%Y-%m-%d") for d in in_memory.transactions["order_date"]] == expected, (zone, recorded)


@pytest.mark.parametrize("layout", ["side_by_side", "two_sheets"])
def test_the_red_amounts_stop_counts_every_block_and_sheet(tmp_path, layout):
    """Red amounts in both side-by-side blocks (or on two sheets): the stop named the first block's only (QA)."""
    import openpyxl
    from openpyxl.styles import Font

    red = Font(color="FFFF0000")
    header = ["客户", "日期", "金额"]
    left = [["K1", "2025-01-05", 100], ["K1", "2025-01-09", 30], ["K2", "2025-01-10", 80]]  # 30 red
    right = [["K3", "2025-02-05", 50], ["K3", "2025-02-09", 20], ["K4", "2025-02-10", 12.5]]  # 20 and 12.5 red
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "一月"
    if layout == "side_by_side":  # A:C and E:G
        for row in [header, *left]:
            sheet.append(row)
        for r, row in enumerate([header, *right], start=1):
            for c, value in enumerate(row, start=5):
                sheet.cell(r, c, value)
        sheet["C3"].font = sheet["G3"].font = sheet["G4"].font = red
        said = ("sheet '一月' writes 3 positive amounts of '金额' in red font (62.50 in all; C3, G3, G4)")
    else:
        other = book.create_sheet("二月")
        for row in [header, *left]:
            sheet.append(row)
        for row in [header, *right]:
            other.append(row)
        sheet["C3"].font = other["C3"].font = other["C4"].font = red
        said = ("sheets '一月', '二月' write 3 positive amounts of '金额' in red font (62.50 in all; '一月'!C3, "
                "'二月'!C3, '二月'!C4)")
    book.save(tmp_path / "t.xlsx")
    sheets = "  sheet: all\n" if layout == "two_sheets" else ""
    params, paths = _case(tmp_path, f"  path: {tmp_path / 't.xlsx'}\n{sheets}",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}", "")
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert said in stopped.value.told("en")
    assert "3 个正数金额用红色字体书写（合计 62.50" in stopped.value.told("zh")
    (tmp_path / "again").mkdir()
    params, paths = _case(tmp_path / "again", f"  path: {tmp_path / 't.xlsx'}\n{sheets}",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}", "cleaning: {red_amounts: returns}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)  # by hand: 100 - 30 + 80 + 50 - 20 - 12.5
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 70.0, "K2": 80.0, "K3": 30.0, "K4": -12.5}


@pytest.mark.parametrize("zone", [None, "Asia/Shanghai"])
def test_a_time_written_as_a_range_after_the_day_is_no_time_zone_offset(tmp_path, zone):
    """2025-03-05 10:30-11:00 (a visit slot) was read as 10:30 at offset -11:00: 21:30 UTC, 2025-03-06 in Shanghai.
    The day is read as written, in SQL (10:30-11:00) and by the parser (10:30 - 11:00, 10:30~11:00, 至); an ISO
    date-time with its offset (T22:30:00-05:00: 03:30 UTC on the 6th, 11:30 in Shanghai) is still one."""
    (tmp_path / "o.csv").write_text(
        "cust,day,amt\nA,2025-03-05 10:30-11:00,1\nB,2025-03-05 23:30-00:30,2\nC,2025/3/5 10:30 - 11:00,3\n"
        "D,2025-03-05 10:30~11:00,4\nE,2025年3月5日 10:30至11:00,5\nF,2025-03-05T22:30:00-05:00,6\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n" + (f"  time_zone: {zone}\n" if zone else ""),
                          "{customer_id: cust, order_date: day, amount: amt}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist() == list("ABCDEF")
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-05"] * 5 + [
        "2025-03-06" if zone else "2025-03-05"]


def test_day_numbers_are_read_in_sql_from_day_one(tmp_path, monkeypatch):
    """Dunnhumby's transaction_data.csv (QA F4): DAY 1..711 and no calendar date. With ``day_one: 2020-01-01``,
    day n is 2020-01-01 + (n - 1) days, by hand: day 1 2020-01-01, day 60 2020-02-29 (31 + 29 days: a leap
    year), day 366 2020-12-31, day 711 2021-12-11 (366 + 345: 2021-01-01 + 344 days). Read in SQL, a cell at a
    time never parsed in Python; a day number that is 0, not whole or not a number is set aside as bad_date."""
    import datetime as dt

    rows = ["household_key,BASKET_ID,DAY,SALES_VALUE", "1,b1,1,2.50", "1,b1,1,1.00", "2,b2,60,3.99", "2,b3,366,1.39",
            "3,b4,711,5.49", "3,b5,0,9.00", "4,b6,1.5,9.00", "4,b7,x,9.00"]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = pd.DataFrame({"household_key": [1, 1, 2, 2, 3], "BASKET_ID": ["b1", "b1", "b2", "b3", "b4"],
                          "DAY": [1, 1, 60, 366, 711], "SALES_VALUE": [2.5, 1.0, 3.99, 1.39, 5.49]})
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    parsed = []
    real = clean.parse_dates_with_format

    def record(values, *args, **kwargs):
        parsed.extend(values.astype(str).tolist())
        return real(values, *args, **kwargs)

    monkeypatch.setattr(clean, "parse_dates_with_format", record)
    days = [pd.Timestamp(d) for d in ("2020-01-01", "2020-01-01", "2020-02-29", "2020-12-31", "2021-12-11")]
    for name, aside in (("t.csv", [["7", "bad_date", "0"], ["8", "bad_date", "1.5"], ["9", "bad_date", "x"]]),
                        ("t.parquet", [])):
        (tmp_path / name.replace(".", "_")).mkdir()
        params, paths = _case(tmp_path / name.replace(".", "_"),
                              f"  path: {tmp_path / name}\n  date_format: day_number\n  day_one: 2020-01-01\n",
                              "{customer_id: household_key, order_id: BASKET_ID, order_date: DAY, amount: SALES_VALUE}",
                              "cleaning: {max_set_aside_share: 0.5}\n")
        assert params.data.day_one == dt.date(2020, 1, 1)
        result = clean.clean_case(params, paths)
        tx = pd.read_parquet(paths.transactions)
        assert tx["order_date"].tolist() == days
        assert tx["amount"].tolist() == [2.5, 1.0, 3.99, 1.39, 5.49] and result.kept == 5
        if aside:
            quarantine = pd.read_csv(paths.quarantine, dtype=str, encoding="utf-8-sig")
            assert quarantine[["source_row", "reason", "DAY"]].values.tolist() == aside
    assert parsed == []


def test_parse_day_numbers_counts_from_day_one():
    """The pandas reading (the duplicate check's): the same days as SQL's, by hand as above."""
    from kit.clean import parse_dates_with_format

    got = parse_dates_with_format(pd.Series(["1", "60", 366, "711", "0", "2.5", None], dtype=object), "day_number",
                                  day_one=pd.Timestamp("2020-01-01").date())
    assert got.iloc[:4].tolist() == [pd.Timestamp(d) for d in ("2020-01-01", "2020-02-29", "2020-12-31",
                                                               "2021-12-11")]
    assert got.iloc[4:].isna().all()


@pytest.mark.parametrize("zone", [None, "Asia/Shanghai"])
def test_a_time_with_a_negative_offset_written_without_seconds_is_no_range(tmp_path, zone):
    """2025-03-05 22:30-05:00 (an API's date-time, space and no seconds) is 03:30 UTC on the 6th, 11:30 in Shanghai:
    its -05:00 is an offset (an end before the start, a zone's), not a range's end (review: it stayed on the 5th).
    10:30-11:00 (a later end) and 23:30-00:30 (no zone is -00:30) stay ranges, the day as written."""
    (tmp_path / "o.csv").write_text(
        "cust,day,amt\nA,2025-03-05 22:30-05:00,1\nB,2025-03-05 10:30-11:00,2\nC,2025-03-05 23:30-00:30,3\n"
        "D,2025-03-05 20:00-09:30,4\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n" + (f"  time_zone: {zone}\n" if zone else ""),
                          "{customer_id: cust, order_date: day, amount: amt}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions).sort_values("customer_id")
    # by hand, in Shanghai (UTC+8): 22:30-05:00 is 11:30 on the 6th; 20:00-09:30 is 05:30 UTC, 13:30 on the 6th
    nxt = "2025-03-06" if zone else "2025-03-05"
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == [nxt, "2025-03-05", "2025-03-05", nxt]
    from kit.clean import parse_date

    days = parse_date(pd.Series(["2025-03-05 22:30-05:00", "2025-03-05 10:30-11:00"]), zone)
    assert days.dt.strftime("%Y-%m-%d").tolist() == [nxt, "2025-03-05"]


@pytest.mark.parametrize("returns", ["net", "drop", "set_aside"])
def test_a_returned_line_refunded_whole_follows_the_returns_setting(tmp_path, returns):
    """Open item: with returns drop or set_aside, Shopify's Returned lines beside their Refunded Amount counted in
    full (a Returned line of an export without refunds is left out). A line refunded whole is a return, as the setting
    says; one refunded in part counts what was kept under each setting. Values by hand."""
    csv = tmp_path / "orders_export.csv"
    csv.write_text("Name,Email,Created at,Lineitem quantity,Lineitem price,Total,Lineitem fulfillment status,"
                   "Refunded Amount\n"
                   "#1001,a@x.com,2025-01-05,2,30.00,60.00,fulfilled,0.00\n"
                   "#1001,a@x.com,2025-01-05,1,45.50,45.50,Returned,45.50\n"   # refunded whole: a return
                   "#1002,b@x.com,2025-02-01,3,20.00,60.00,Returned,30.00\n"   # half refunded: 30.00 kept
                   "#1003,b@x.com,2025-03-01,1,99.99,99.99,fulfilled,0.00\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, refund: Refunded Amount, "
                          "order_id: Name}", f"cleaning: {{returns: {returns}, max_set_aside_share: 1.0}}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    # by hand: a 60.00 (+ 0.00 with net); b 30.00 + 99.99
    assert (tx.groupby("customer_id")["amount"].sum() * 100).round().astype(int).to_dict() == {
        "a@x.com": 6000, "b@x.com": 12999}
    assert len(tx) == (4 if returns == "net" else 3)
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "refund_netted"), ["rows", "amount"]].tolist() == (
        [2, -75.5] if returns == "net" else [1, -30.0])
    if returns == "set_aside":
        aside = pd.read_csv(paths.quarantine, dtype=str)
        assert aside[["source_row", "reason"]].values.tolist() == [["3", "return_set_aside"]]
    if returns == "drop":
        assert ledger.loc[("dropped", "return_dropped"), "rows"] == 1


def test_an_invoice_s_two_alike_lines_in_an_overlapping_export_count_once(tmp_path):
    """An invoice keying product A twice (kept: two lines) written again by the next quarter's overlapping export: both
    its A lines there repeat the earlier file's, not only the first (found in review: C1 counted 10.00 twice). By hand:
    C1 10 + 10 + 7.50 + 9 = 36.50, C2 6.00."""
    head = "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID\n"
    invoice = "I1,A,2,2025-03-01,5.00,C1\nI1,A,2,2025-03-01,5.00,C1\nI1,B,1,2025-03-01,7.50,C1\n"
    (tmp_path / "q1.csv").write_text(head + invoice + "I2,D,3,2025-03-02,2.00,C2\n", encoding="utf-8")
    (tmp_path / "q2.csv").write_text(head + invoice + "I3,E,1,2025-04-03,9.00,C1\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'q2.csv'}]\n",
                          "{customer_id: Customer ID, order_date: InvoiceDate, order_id: Invoice, quantity: Quantity, "
                          "unit_price: Price}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert (tx.groupby("customer_id")["amount"].sum() * 100).round().astype(int).to_dict() == {"C1": 3650, "C2": 600}
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig").set_index(["source_file", "kind", "reason"])["rows"]
    assert ledger[("q2.csv", "dropped", "duplicate")] == 3 and ledger[("q1.csv", "info", "possible_duplicate")] == 1


@pytest.mark.parametrize("variants", ["keep", "merge"])
def test_overlap_latest_counts_once_an_order_the_re_export_writes_under_its_id_without_leading_zeros(tmp_path,
                                                                                                   variants):
    """QA (next quarter): the cumulative re-export, opened and saved in Excel, wrote 000118 as 118; with
    `cleaning.overlap: latest` no earlier order was superseded or withdrawn, its customer written otherwise, so every
    order of the months both exports hold counted twice (with `id_variants: merge`, twice for one customer: its
    revenue doubled, and a note asked for the `overlap: latest` that was set). By hand: old.csv's 20 October orders
    of customers 00001 .. 00020; new.csv repeats them without the zeros, X4 corrected (104 -> 150), X3 deleted, and
    adds X20 in November: 19 orders of October as new.csv writes them and X20, each once."""
    old = "".join(f"X{i},{i + 1:05d},2025-10-{i + 1:02d},{100 + i},ok\n" for i in range(20))
    new = "".join(f"X{i},{i + 1},2025-10-{i + 1:02d},{150 if i == 4 else 100 + i},ok\n" for i in range(20) if i != 3) \
        + "X20,3,2025-11-01,55,ok\n"
    extra = ", id_variants: merge" if variants == "merge" else ""
    tx, ledger = _latest_of(tmp_path, {"old.csv": old, "new.csv": new}, extra)
    assert sorted(tx["order_id"]) == sorted(f"X{i}" for i in range(21) if i != 3)
    assert round(tx["amount"].sum(), 2) == sum(100 + i for i in range(20) if i not in (3, 4)) + 150 + 55
    assert tx.loc[tx["order_id"] == "X4", "amount"].tolist() == [150.0]
    # old.csv: the 19 orders new.csv writes again superseded (X4 as corrected too), X3 withdrawn; the customers as
    # new.csv writes them
    assert sorted(set(tx["customer_id"])) == sorted({str(i + 1) for i in range(20) if i != 3} | {"3"})
    assert ledger.loc[("old.csv", "set_aside", "superseded"), "rows"] == 19
    assert ledger.loc[("old.csv", "set_aside", "withdrawn"), ["rows", "amount"]].tolist() == [1, 103.0]
    assert ("old.csv", "kept", "") not in ledger.index or ledger.loc[("old.csv", "kept", ""), "rows"] == 0


@pytest.mark.parametrize("language, sentence", [
    ("en", "DAY holds day numbers, not dates: the data gives no calendar date, so day 1 is taken to be 2020-01-01, a "
           "day chosen for this report, and day n is n - 1 days after it; every date in this report is counted so."),
    ("zh", "DAY 是从 1 起数的天数，不是日期：数据中没有日历日期，本报告将第 1 天取为 2020-01-01（选定的日子），"
           "第 n 天即其后 n - 1 天；报告中的日期都由此推算。"),
])
def test_the_report_says_its_dates_are_counted_from_a_chosen_day_one(tmp_path, language, sentence):
    """QA pub: Dunnhumby's DAY 1..711 read from day_one 2020-01-01 gave a report dated 2020-12-01 to 2021-11-30
    that said nowhere the dates were chosen, not the data's."""
    from kit.context import Run
    from kit.report import method_html

    rows = ["household_key,BASKET_ID,DAY,SALES_VALUE", "1,b1,1,2.50", "2,b2,711,5.49"]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 't.csv'}\n  date_format: day_number\n  day_one: 2020-01-01\n",
                          "{customer_id: household_key, order_id: BASKET_ID, order_date: DAY, amount: SALES_VALUE}")
    params = params.model_copy(update={"language": language})
    result = clean.clean_case(params, paths)
    assert sentence in method_html(Run(params=params, paths=paths), result.ledger)


def test_an_order_a_later_export_writes_without_its_number_s_leading_zeros_is_listed_as_counted_in_both(tmp_path):
    """Review: q2.csv, q1.csv re-exported and saved by Excel, writes SAP's order 0090000001 as 90000001: both were
    counted and overlap.csv listed neither, so nothing pointed to cleaning.overlap: latest (its revenue counted twice
    without a word). By hand: orders 1 and 2 are in both files, each once in overlap.csv's count."""
    from kit.clean import overlap_note

    (tmp_path / "q1.csv").write_text("order_id,customer_id,order_date,amount\n0090000001,C1,2025-01-10,1000\n"
                                     "0090000002,C2,2025-02-10,500\n", encoding="utf-8")
    (tmp_path / "q2.csv").write_text("order_id,customer_id,order_date,amount\n90000001,C1,2025-01-10,1200\n"
                                     "90000002,C2,2025-02-10,500\n90000003,C1,2025-04-10,300\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'q2.csv'}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    clean.clean_case(params, paths)
    found = pd.read_csv(paths.overlap, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert found[["customer_id", "source_file", "amount"]].values.tolist() == [
        ["C1", "q1.csv", "1000.00"], ["C1", "q2.csv", "1200.00"], ["C2", "q1.csv", "500.00"], ["C2", "q2.csv", "500.00"]]
    assert overlap_note(paths).startswith("2 orders appear in more than one file with different lines (e.g. "
                                          "0090000001: q1.csv / q2.csv)")


@pytest.mark.parametrize("language, said, key", [
    ("en", "Of these, 2 orders have the same number of lines and the same amount in each file (exported again, only "
           "written another way, such as IDs whose leading zeros a re-export saved by Excel dropped): they are "
           "counted twice for certain, ¥1,250 too much; taking each as the latest file writes it{key} counts each "
           "once.", " (cleaning.overlap: latest)"),
    ("zh", "其中 2 张订单在各文件中的行数与金额都相同（同一订单再次导出，只是写法不同，如 Excel 另存时去掉了编码的前导零）："
           "肯定被重复计算，多计 ¥1,250；以最新的文件为准{key}即每张只计一次。", "（cleaning.overlap: latest）"),
])
def test_orders_a_re_export_writes_again_without_leading_zeros_are_said_counted_twice_in_the_report(
        tmp_path, language, said, key):
    """QA: overlap: keep and id_variants: keep, q2.csv a re-export saved by Excel (customer 000118 as 118, order
    0090000001 as 90000001): overlap.csv and the terminal listed the orders, the report only said they were counted
    twice "if a later export corrects an earlier one". By hand: orders 1 (1000) and 3 (250) are the same in both
    files, counted twice for certain, 1,250 too much; order 2 is corrected (500 -> 600), counted twice only if so."""
    from kit.clean import overlap_note
    from kit.report import Run, method_html

    (tmp_path / "q1.csv").write_text("order_id,customer_id,order_date,amount\n0090000001,000118,2025-01-10,1000\n"
                                     "0090000002,000205,2025-02-10,500\n0090000003,000118,2025-03-10,250\n",
                                     encoding="utf-8")
    (tmp_path / "q2.csv").write_text("order_id,customer_id,order_date,amount\n90000001,118,2025-01-10,1000\n"
                                     "90000002,205,2025-02-10,600\n90000003,118,2025-03-10,250\n"
                                     "90000004,118,2025-04-10,300\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'q2.csv'}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    params = params.model_copy(update={"language": language})
    result = clean.clean_case(params, paths)
    # the client's report names no params key (report QA); the terminal, for the consultant, does
    assert said.format(key="") in html.unescape(method_html(Run(params=params, paths=paths), result.ledger))
    assert overlap_note(paths, language).endswith(said.format(key=key))


def test_overlap_latest_counts_once_an_order_whose_number_the_re_export_writes_without_leading_zeros(tmp_path):
    """Review: the same Excel re-save that writes the customer 000118 as 118 writes an SAP order number 0090000004
    as 90000004; each order of the months both exports hold counted twice, with `overlap: latest` set. By hand:
    old.csv's 20 October orders 0090000000 .. 0090000019 of customers 00001 .. 00020; new.csv repeats them without
    the zeros, the 5th corrected (104 -> 150), the 4th deleted, and adds 90000020 in November: 19 orders of October
    as new.csv writes them and 90000020, each once."""
    old = "".join(f"{90000000 + i:010d},{i + 1:05d},2025-10-{i + 1:02d},{100 + i},ok\n" for i in range(20))
    new = "".join(f"{90000000 + i},{i + 1},2025-10-{i + 1:02d},{150 if i == 4 else 100 + i},ok\n"
                  for i in range(20) if i != 3) + "90000020,3,2025-11-01,55,ok\n"
    tx, ledger = _latest_of(tmp_path, {"old.csv": old, "new.csv": new})
    assert sorted(tx["order_id"]) == sorted(str(90000000 + i) for i in range(21) if i != 3)
    assert round(tx["amount"].sum(), 2) == sum(100 + i for i in range(20) if i not in (3, 4)) + 150 + 55
    assert ledger.loc[("old.csv", "set_aside", "superseded"), "rows"] == 19
    assert ledger.loc[("old.csv", "set_aside", "withdrawn"), ["rows", "amount"]].tolist() == [1, 103.0]


def test_a_workbook_of_one_sheet_and_its_pasted_copy_reads_the_sheet_once(tmp_path):
    """Re-read: with two sheets, one a copy of the other, no sheet was left to sum the others, and looking for a
    summary sheet raised KeyError. By hand: K1 100 + K3 50, once."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in ("2月", "2月 (2)"):
        sheet = book.create_sheet(title)
        sheet.append(["客户", "日期", "金额"])
        for row in (("K1", "2025-02-05", 100), ("K3", "2025-02-06", 50), ("K1", "2025-02-07", 0.5)):
            sheet.append(list(row))
    book.save(tmp_path / "book.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'book.xlsx'}\n  sheet: all\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 100.5, "K3": 50.0}


def test_overlap_keep_lists_an_order_a_resaved_export_writes_without_its_leading_zeros(tmp_path):
    """Re-read: under the default cleaning.overlap: keep, a re-export saved by Excel (order 0090000001 of customer
    000118 written 90000001 of 118, its amount corrected) was in no overlap.csv, so nothing said it counted twice.
    By hand: the one order, in both files, each file's lines and amount; the other order is in one file only."""
    header = "order_id,customer_id,order_date,amount\n"
    (tmp_path / "q1.csv").write_text(header + "0090000001,000118,2025-03-01,100\n0090000002,000119,2025-03-02,7\n",
                                     encoding="utf-8")
    (tmp_path / "q2.csv").write_text(header + "90000001,118,2025-03-01,120\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: [{tmp_path / 'q1.csv'}, {tmp_path / 'q2.csv'}]\n",
                          "{customer_id: customer_id, order_date: order_date, amount: amount, order_id: order_id}")
    clean.clean_case(params, paths)
    listed = pd.read_csv(paths.overlap, encoding="utf-8-sig", dtype=str)
    assert listed[["order_id", "customer_id", "source_file", "lines", "amount"]].values.tolist() == [
        ["0090000001", "000118", "q1.csv", "1", "100.00"], ["0090000001", "000118", "q2.csv", "1", "120.00"]]
    assert clean.overlap_found(paths)[0] == 1  # one order, counted from two files


def test_a_refund_ditto_that_stops_the_run_is_named_in_the_stop(tmp_path):
    """Review of fb: lines whose refund is 同上 are set aside as without an amount; when they stop the run, the
    example named the amount cell ('120', readable) instead of the refund's. By hand: 2 of 3 lines set aside (67%),
    the first at row 3, its 退款金额 同上."""
    import datetime as dt

    import openpyxl

    from kit.errors import KitError

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "日期", "金额", "退款金额"], ["K1", dt.datetime(2025, 1, 3), 100, 10],
                ["K1", dt.datetime(2025, 1, 4), 120, "同上"], ["K2", dt.datetime(2025, 2, 1), 300, "〃"]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 's.xlsx'}\n",
                          "{customer_id: 客户, order_date: 日期, amount: 金额, refund: 退款金额}")
    with pytest.raises(KitError) as stop:
        clean.clean_case(params, paths, note=lambda line: None)
    assert "2 rows, e.g. row 3 退款金额 '同上'" in str(stop.value), str(stop.value)


def test_the_kept_lines_are_written_in_the_file_s_order_and_the_same_twice(tmp_path):
    """perfcsv: a GBK export of five columns (read as text, so a header row pasted in another order is sought among
    the five header names) had transactions.parquet's lines in another order on each run: DuckDB turns an IN list
    of five or more texts into a join, which does not keep the file's order on two threads. Same input, same
    bytes; the lines in the file's order."""
    import hashlib

    from conftest import order_case

    from kit.clean import clean_case

    lines = 120_000
    day = 1 + np.arange(lines) % 28
    cents = 100 + (np.arange(lines) * 7919) % 1_000_000  # distinct enough to tell the lines apart
    rows = pd.DataFrame({"客户编号": [f"K{i:06d}" for i in np.arange(lines) * 37 % 5000],
                         "客户名称": "客户", "单据日期": [f"2025-{1 + i % 12:02d}-{d:02d}" for i, d in
                                                   zip(range(lines), day)],
                         "单据编号": [f"D{i // 2:07d}" for i in range(lines)], "金额": cents / 100})
    rows.to_csv(tmp_path / "o.csv", index=False, encoding="gb18030")
    params, _paths = order_case(tmp_path, "o.csv", "{customer_id: 客户编号, order_date: 单据日期, amount: 金额, "
                               "order_id: 单据编号, customer_name: 客户名称}")
    digests = []
    for run in ("run", "again"):
        (tmp_path / run).mkdir(exist_ok=True)
        clean_case(params, RunPaths(tmp_path / run))
        digests.append(hashlib.sha256((tmp_path / run / "transactions.parquet").read_bytes()).hexdigest())
    kept = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    assert kept["order_id"].tolist() == rows["单据编号"].tolist()
    assert kept["amount"].round(2).tolist() == rows["金额"].round(2).tolist()
    assert digests[0] == digests[1]
