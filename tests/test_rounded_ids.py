"""Customer IDs of 16 digits or more that Excel rounded to 15 significant digits (QA c133)."""

from pathlib import Path

from kit import clean
from kit.context import RunPaths
from kit.params import load_params


def _id_book(path: Path, ids: list[int]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["用户ID", "日期", "金额"])
    for i, one in enumerate(ids):
        sheet.append([one, f"2025-03-{i + 1:02d}", 10])
    book.save(path)


def _id_case(tmp_path: Path, book: Path):
    (tmp_path / "case.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: {book}\n  columns: {{customer_id: 用户ID, order_date: 日期, amount: 金额}}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    return load_params(tmp_path / "case.yaml"), RunPaths(tmp_path / "run")


def test_customer_ids_excel_rounded_to_15_digits_stop_the_run(tmp_path):
    """QA c133: a 抖店 export saved in Excel kept 15 of its IDs' 16 digits: 60 buyers were graded as 42, silently."""
    import pytest

    from kit.errors import DataError

    _id_book(tmp_path / "saved.xlsx", [1000000000000100 + 100 * i for i in range(6)])
    params, paths = _id_case(tmp_path, tmp_path / "saved.xlsx")
    with pytest.raises(DataError, match=r"the customer ID column 用户ID holds 6 numbers of 16 digits or more \(such "
                                        r"as 1000000000000100\), each with 15 significant digits"):
        clean.clean_case(params, paths)


def test_customer_ids_of_16_digits_kept_whole_read_on(tmp_path):
    ids = [1000000000000137 + 7 * i for i in range(6)]  # a program's workbook: every digit kept
    _id_book(tmp_path / "program.xlsx", ids)
    params, paths = _id_case(tmp_path, tmp_path / "program.xlsx")
    clean.clean_case(params, paths)
    import pandas as pd

    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == [str(i) for i in ids]


def test_customer_ids_of_18_digits_a_program_wrote_as_numbers_stop_the_run(tmp_path):
    """openpyxl and xlsxwriter write a number with 16 significant digits ('%.16g'): six buyers of 18-digit IDs,
    7 apart, read back as one ID, 123456789012345700 (read on before: one customer for six)."""
    import pytest

    from kit.errors import DataError

    _id_book(tmp_path / "program.xlsx", [123456789012345678 + 7 * i for i in range(6)])
    params, paths = _id_case(tmp_path, tmp_path / "program.xlsx")
    with pytest.raises(DataError, match=r"holds 6 numbers of 17 digits or more \(such as 123456789012345700\), "
                                        r"each with 16 significant digits"):
        clean.clean_case(params, paths)


def test_customer_ids_of_18_digits_in_a_csv_kept_whole_read_on(tmp_path):
    import pandas as pd

    ids = [123456789012345678 + 7 * i for i in range(6)]
    (tmp_path / "orders.csv").write_text("用户ID,日期,金额\n" + "".join(
        f"{one},2025-03-{i + 1:02d},10\n" for i, one in enumerate(ids)), encoding="utf-8")
    params, paths = _id_case(tmp_path, tmp_path / "orders.csv")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == [str(i) for i in ids]



def test_customer_ids_of_18_digits_in_a_parquet_file_kept_whole_read_on(tmp_path):
    """int64 IDs of a parquet file keep every digit: 912345678901234567 is no rounded ID though its double (a step
    of 128 there) prints back the same at 16 digits."""
    import pandas as pd

    ids = [912345678901234567 + 7919 * i for i in range(12)]
    pd.DataFrame({"用户ID": pd.Series(ids, dtype="int64"), "日期": [f"2025-03-{i + 1:02d}" for i in range(12)],
                  "金额": 10.0}).to_parquet(tmp_path / "orders.parquet")
    params, paths = _id_case(tmp_path, tmp_path / "orders.parquet")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == [str(i) for i in ids]
