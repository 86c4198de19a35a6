from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import DataError
from kit.io import SOURCE_ROW, map_columns, read_table
from kit.params import Columns

HEADERS = Columns(customer_id="医院编码", order_date="订单日期", amount="金额", customer_name="医院名称")


def test_gbk_csv_with_chinese_headers(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes("医院编码,医院名称,订单日期,金额\n00012,杭州市第一人民医院,2025/3/5,\"1,234.50\"\n".encode("gbk"))
    raw = read_table(path)
    assert raw["医院编码"].tolist() == ["00012"]  # leading zeros kept
    assert raw[SOURCE_ROW].tolist() == [2]
    mapped = map_columns(raw, HEADERS, source=path.name)
    assert list(mapped.columns) == [SOURCE_ROW, "customer_id", "order_date", "amount", "customer_name"]


def test_utf8_bom_and_semicolon_delimiter(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("医院编码;订单日期;金额\nH1;2025-01-01;3\n", encoding="utf-8-sig")
    raw = read_table(path)
    assert list(raw.columns) == [SOURCE_ROW, "医院编码", "订单日期", "金额"]


def test_headers_match_despite_spaces_fullwidth_and_case(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(" Customer ID ,ＤＡＴＥ,Amount\nx,2025-01-01,1\n", encoding="utf-8")
    cols = Columns(customer_id="customer id", order_date="date", amount="AMOUNT")
    mapped = map_columns(read_table(path), cols, source="orders.csv")
    assert mapped["customer_id"].tolist() == ["x"]


def test_missing_column_lists_headers_and_closest(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("医院编号,订单日期,金额\nx,2025-01-01,1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"orders.csv: column '医院编码' for `data.columns.customer_id` is not in the file; closest is '医院编号'; the file's headers are: 医院编号, 订单日期, 金额"):
        map_columns(read_table(path), HEADERS, source="orders.csv")


def test_empty_file(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"")
    with pytest.raises(DataError, match="orders.csv: the file is empty"):
        read_table(path)


def test_unknown_type(tmp_path):
    path = tmp_path / "orders.pdf"
    path.write_text("x")
    with pytest.raises(DataError, match="cannot read files of type '.pdf'"):
        read_table(path)


def test_excel_and_parquet(tmp_path):
    frame = pd.DataFrame({"医院编码": ["00012"], "订单日期": [pd.Timestamp("2025-03-05")], "金额": [10.5]})
    frame.to_excel(tmp_path / "o.xlsx", index=False)
    frame.to_parquet(tmp_path / "o.parquet")
    xl = read_table(tmp_path / "o.xlsx")
    assert xl["医院编码"].tolist() == ["00012"] and xl[SOURCE_ROW].tolist() == [2]
    pq = read_table(tmp_path / "o.parquet")
    assert pq["金额"].tolist() == [10.5]


def test_broken_excel(tmp_path):
    path = tmp_path / "o.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="o.xlsx: not a readable Excel workbook"):
        read_table(path)
