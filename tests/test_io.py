from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from kit.errors import DataError
from kit.io import SOURCE_ROW, EncodingAfterError, csv_chunks, map_columns, read_table
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


def test_a_cp1252_export_gbk_would_misread_is_read_as_cp1252(tmp_path):
    """Found in QA: São Paulo in a Brazilian Excel export decodes as GBK too (S鉶 Paulo), so it was read so."""
    path = tmp_path / "vendas.csv"
    names = ["Cliente 097 Ltda - São Paulo", "Padaria Conceição", "Müller & Söhne", "Cafézinho Ipanema"]
    path.write_bytes(("Pedido;Cliente;Valor\n" + "".join(f"P{i};{n};1,50\n" for i, n in enumerate(names)))
                     .encode("cp1252"))
    "".join(names).encode("cp1252").decode("gb18030")  # the premise: GBK decodes these bytes without an error
    assert read_table(path)["Cliente"].tolist() == names


def test_a_big5_export_gbk_would_misread_is_read_as_big5(tmp_path):
    """Found in QA: a Hong Kong export in Big5 read as GBK without an error, its headers as め絪腹 (客戶編號)."""
    path = tmp_path / "hk.csv"
    names = ["香港東方貿易有限公司", "華興實業", "永豐銀行", "恆生藥業"]
    rows = [f"C{i:03d},{name},2024-03-15,{1000 + i}" for i, name in enumerate(names)]
    path.write_bytes(("客戶編號,客戶名稱,訂單日期,金額\n" + "\n".join(rows) + "\n").encode("big5"))
    "".join(names).encode("big5").decode("gb18030")  # the premise: GBK decodes these bytes without an error
    table = read_table(path)
    assert list(table.columns)[1:] == ["客戶編號", "客戶名稱", "訂單日期", "金額"]
    assert table["客戶名稱"].tolist() == names


@pytest.mark.parametrize("names", [["ООО Ромашка", "ЗАО Берёзка", "ИП Иванов"], ["カタカナ商事", "さくら薬局", "みどり"],
                                   ["①号店", "②号店", "③号店"]])
def test_gbk_with_few_common_characters_stays_gbk(tmp_path, names):
    """Found in review: GBK text of Cyrillic or kana names (GB2312 characters, but outside its common rows) was
    taken for Big5."""
    path = tmp_path / "orders.csv"
    rows = [f"K{i:03d},{names[i % len(names)]},2025-03-05,{i}" for i in range(200)]
    path.write_bytes(("客户编号,客户名称,订单日期,金额\n" + "\n".join(rows) + "\n").encode("gbk"))
    table = read_table(path)
    assert list(table.columns)[1:] == ["客户编号", "客户名称", "订单日期", "金额"]
    assert table["客户名称"].head(len(names)).tolist() == names


def test_a_big5_export_with_hong_kong_characters_is_read_as_big5(tmp_path):
    """Found in QA: 滙豐銀行, 邨 and 嘅 (Hong Kong's own characters, or Big5's rarer ones) kept a Kowloon customer
    list from being taken for Big5."""
    path = tmp_path / "hk.csv"
    names = ["滙豐銀行", "華富邨記", "燊記茶餐廳", "鑫興貿易", "嘅啲小食"]
    rows = [f"C{i:03d},{names[i % len(names)]},2024-03-15,{1000 + i}" for i in range(50)]
    path.write_bytes(("客戶編號,客戶名稱,訂單日期,金額\n" + "\n".join(rows) + "\n").encode("big5hkscs"))
    assert read_table(path)["客戶名稱"].head(5).tolist() == names


def test_western_text_only_past_the_first_rows_is_still_read_as_cp1252(tmp_path):
    """Found in QA: a German export whose first 256 kB were plain ASCII and whose umlauts came after was read as
    GBK (Bäckerei Müller as B鋍kerei M黮ler); one whose umlauts came after 1.25 MB stopped with 'not utf-8-sig
    after row 1 ... gb18030'."""
    from kit.errors import DataError
    from kit.io import EncodingAfterError

    for rows, name in ((9_000, "mid.csv"), (45_000, "late.csv")):  # 320 kB and 1.6 MB of ASCII first
        path = tmp_path / name
        plain = "".join(f"K{i:05d};Kunde {i} GmbH;2025-03-05;{i}\n" for i in range(rows))
        path.write_bytes(("Kundennummer;Kundenname;Datum;Betrag\n" + plain + "K99999;Bäckerei Müller;2025-03-06;7\n")
                         .encode("cp1252"))
        if name == "mid.csv":  # within the first 1.25 MB: found when the encoding is chosen
            assert read_table(path)["Kundenname"].iloc[-1] == "Bäckerei Müller"
            continue
        with pytest.raises(DataError) as error:  # past it: the line and the encoding it reads in are named
            read_table(path)
        assert isinstance(error.value, EncodingAfterError) and error.value.likely[0] == "cp1252"
        assert str(error.value) == (f"late.csv: the text is UTF-8 until line {rows + 2:,}, which is not; set "
                                    "data.encoding to the file's encoding; it reads as cp1252 (Western Europe, as "
                                    "Excel on Windows saves)")
        assert read_table(path, encoding="cp1252")["Kundenname"].iloc[-1] == "Bäckerei Müller"


def test_a_file_stopping_being_utf8_on_its_last_line_or_mixing_encodings_is_told_so(tmp_path):
    """Found in review: a last line without a line break was left out of the look at the text, so GBK was named
    for a cp1252 São; and a file of UTF-8 Chinese, then GBK, was named GBK, which cannot read its first part."""
    from kit.io import EncodingAfterError

    plain = "".join(f"K{i:05d};Kunde {i};2025-03-05;{i}\n" for i in range(70_000))
    last = tmp_path / "last.csv"
    last.write_bytes(("Kundennummer;Kundenname;Datum;Betrag\n" + plain).encode() + "K1;São Paulo Ltda;2025-03-06;7"
                     .encode("cp1252"))
    with pytest.raises(EncodingAfterError) as error:
        read_table(last)
    assert error.value.likely[0] == "cp1252" and error.value.line == 70_002
    mixed = tmp_path / "mixed.csv"
    chinese = "".join(f"K{i:05d};协和医院{i};2025-03-05;{i}\n" for i in range(70_000))
    mixed.write_bytes(("编码;名称;日期;金额\n" + chinese).encode() + "K1;华山医院;2025-03-06;7\n".encode("gbk"))
    with pytest.raises(EncodingAfterError) as error:
        read_table(mixed)
    assert error.value.likely is None  # no one encoding drafted by kit init
    assert str(error.value) == (f"mixed.csv: lines 1 to {70_001:,} are UTF-8 and lines from {70_002:,} on are GBK, "
                                "two exports in two encodings pasted together that no one encoding reads; split it at "
                                f"line {70_002:,} into two files (each is read in its own encoding; copy line 1, the "
                                "header, to the top of the second) and give both as a pattern such as mixed_*.csv, or "
                                "save the whole file again in one encoding")


def test_utf8_then_gbk_within_the_first_lines_is_told_not_read_as_garbled_gbk(tmp_path):
    """QA: 200 lines of UTF-8 then 100 of GBK were read as GBK whole: every header garbled (客户编码 as 瀹㈡埛缂栫爜)."""
    from kit.io import EncodingAfterError

    utf8 = "客户编码,客户名称,订单日期,金额\n" + "".join(f"K{i},北京医院{i},2025-03-05,{i}\n" for i in range(200))
    gbk = "".join(f"K{i},上海药房{i},2025-04-05,{i}\n" for i in range(200, 300))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(utf8.encode() + gbk.encode("gbk"))
    with pytest.raises(EncodingAfterError) as error:
        read_table(mixed)
    assert error.value.line == 202 and "two exports in two encodings pasted together" in str(error.value)
    plain = tmp_path / "gbk.csv"  # GBK throughout, and GBK after a few lines of ASCII, stay GBK
    plain.write_bytes(("id,name,date,amount\n" * 3 + utf8 + gbk).encode("gbk"))
    assert read_table(plain, header_row=4)["客户名称"].iloc[-1] == "上海药房299"


@pytest.mark.parametrize("first, second", [("utf-8", "gbk"), ("gbk", "utf-8")])
@pytest.mark.parametrize("headed", [False, True])
def test_two_exports_in_two_encodings_pasted_together_stop_naming_the_line_and_both(tmp_path, first, second, headed):
    """QA: 500 lines of UTF-8 with Chinese names then 500 of GBK neither read (UTF-8 stops at line 501, GBK on the
    UTF-8 names), and the stop said to give --encoding, which cannot help."""
    from kit.io import TwoEncodingsError

    header = "客户编码,客户名称,销售员,订单日期,金额\n"
    names = ["北京协和医院", "上海华山医院", "广州中山药房", "杭州同仁堂"]
    top = header + "".join(f"K{i % 40:03d},{names[i % 4]}{i % 40},张伟,2025-03-{1 + i % 28:02d},{100 + i}\n"
                           for i in range(499))
    below = (header if headed else "") + "".join(
        f"K{i % 40:03d},{names[i % 4]}{i % 40},李娜,2025-04-{1 + i % 28:02d},{200 + i}\n" for i in range(500))
    path = tmp_path / "orders.csv"
    path.write_bytes(top.encode(first) + below.encode(second))  # line 501 is the first of the second export
    with pytest.raises(TwoEncodingsError) as error:
        read_table(path)
    said = {"utf-8": "UTF-8", "gbk": "GBK"}
    copy = "" if headed else "; copy line 1, the header, to the top of the second"
    assert str(error.value) == (f"orders.csv: lines 1 to 500 are {said[first]} and lines from 501 on are "
                                f"{said[second]}, two exports in two encodings pasted together that no one encoding "
                                f"reads; split it at line 501 into two files (each is read in its own encoding{copy}) "
                                "and give both as a pattern such as orders_*.csv, or save the whole file again in one "
                                "encoding")
    assert "第 1 至 500 行是" in error.value.told("zh") and "从第 501 行起" in error.value.told("zh")
    lines = path.read_bytes().split(b"\n")  # split as told: each part reads in its own encoding
    (tmp_path / "orders_1.csv").write_bytes(b"\n".join(lines[:500]) + b"\n")
    (tmp_path / "orders_2.csv").write_bytes(b"" if headed else header.encode(second))
    with (tmp_path / "orders_2.csv").open("ab") as handle:
        handle.write(b"\n".join(lines[500:]))
    assert read_table(tmp_path / "orders_1.csv")["销售员"].eq("张伟").sum() == 499
    assert read_table(tmp_path / "orders_2.csv")["客户名称"].iloc[-1] == f"{names[499 % 4]}{499 % 40}"


@pytest.mark.parametrize("headed", [False, True])
def test_gbk_then_utf8_that_gbk_happens_to_read_stops_not_garbled(tmp_path, headed):
    """GBK lines then UTF-8 lines whose Chinese bytes pair up as GBK (协和医院, 4 characters, 12 bytes): GBK read the
    whole file, the second export's names garbled (鍗忓拰鍖婚櫌), a customer named so taken for another."""
    from kit.io import TwoEncodingsError

    header = "客户名称,订单日期,金额\n"
    names = ["协和医院", "华山医院", "瑞金医院", "中山医院"]
    top = header + "".join(f"{names[i % 4]},2025-03-{1 + i % 28:02d},{100 + i}\n" for i in range(99))
    below = (header if headed else "") + "".join(f"{names[i % 4]},2025-04-{1 + i % 28:02d},{200 + i}\n"
                                                 for i in range(100))
    assert below.encode("utf-8").decode("gb18030")  # premise: GBK reads the UTF-8 lines, garbled
    path = tmp_path / "orders.csv"
    path.write_bytes(top.encode("gbk") + below.encode("utf-8"))  # line 101 is the first of the second export
    with pytest.raises(TwoEncodingsError) as error:
        read_table(path)
    assert (error.value.line, error.value.encoding, error.value.second) == (101, "GBK", "UTF-8")
    assert str(error.value).startswith("orders.csv: lines 1 to 100 are GBK and lines from 101 on are UTF-8")
    plain = tmp_path / "gbk.csv"  # GBK throughout stays GBK
    plain.write_bytes((top + below.replace(header, "")).encode("gbk"))
    assert read_table(plain)["客户名称"].tolist() == [names[i % 4] for i in range(99)] + [names[i % 4] for i in range(100)]


def test_a_utf8_file_with_one_latin1_byte_among_its_chinese_names_stops_naming_that_line(tmp_path):
    """A UTF-8 export of Chinese names with one é written in Latin-1 on line 40 (neither UTF-8 nor GBK reads it): the
    stop said "set data.encoding", which cannot help; it names the line and says the file mixes encodings."""
    rows = "".join(f"K{i:03d},{'协和医院' if i % 2 else '华山医院一'},2025-03-05,{i}.50\n" for i in range(2, 200))
    raw = ("客户编码,客户名称,订单日期,金额\n" + rows).encode("utf-8")
    cut = raw.index(b"K040,")  # line 40: header, then K002 on line 2
    path = tmp_path / "orders.csv"
    path.write_bytes(raw[:cut] + b"K040,Caf\xe9 Lyon," + raw[raw.index(b",2025", cut):])
    with pytest.raises(EncodingAfterError) as error:
        read_table(path)
    assert error.value.line == 40 and "so the file mixes two encodings" in str(error.value)


@pytest.mark.parametrize("before", [2_000, 40_000])  # the line within the first megabyte, and past 1.25 MB
def test_a_utf8_file_with_one_latin1_line_among_names_gbk_would_read_is_one_file_mixing_encodings(tmp_path, before):
    """UTF-8 names of 4 characters (12 bytes: GBK reads them, garbled) and one line of Latin-1 (Cafés: é and s a GBK
    character): within the first megabyte the stop said lines from it on were GBK, to be split there (the rest,
    UTF-8, then read garbled); past 1.25 MB the whole file was read as GBK, 客户编号 as 瀹㈡埛缂栧彿."""
    from kit.io import TwoEncodingsError

    names = ["协和医院", "华山医院", "瑞金医院", "中山医院"]

    def rows(start: int, count: int) -> bytes:
        return "".join(f"K{i % 50:03d},{names[i % 4]},2025-03-{i % 28 + 1:02d},{100 + i}.50\n"
                       for i in range(start, start + count)).encode()

    path = tmp_path / "orders.csv"
    path.write_bytes("客户编号,客户名称,订单日期,金额\n".encode() + rows(0, before) + b"K999,Caf\xe9s Lyon,2025-03-01,1.50\n"
                     + rows(before, 3_000))
    with pytest.raises(EncodingAfterError) as error:
        read_table(path)
    assert not isinstance(error.value, TwoEncodingsError)
    assert error.value.line == before + 2 and "the text is UTF-8 until line" in str(error.value)
    assert "so the file mixes two encodings" in str(error.value)


def test_gbk_with_a_rare_character_after_a_latin_letter_stays_gbk(tmp_path):
    path = tmp_path / "orders.csv"  # 喆 and 堃 are outside GB2312; a VIP tier, an A-grade hospital
    rows = ["H1,A喆医药有限公司,VIP客户,500", "H2,杭州市第一人民医院,A级,300", "H3,王堃诊所,B级,100"]
    path.write_bytes(("医院编码,医院名称,等级,金额\n" + "\n".join(rows) + "\n").encode("gb18030"))
    assert read_table(path)["医院名称"].tolist() == ["A喆医药有限公司", "杭州市第一人民医院", "王堃诊所"]


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


def test_columns_without_a_header_are_counted_not_listed_as_placeholders(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("医院编号,,订单日期,金额,\nx,1,2025-01-01,1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"the file's headers are: 医院编号, 订单日期, 金额 and 2 columns without a header$"):
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


def test_a_text_export_without_an_extension_is_told_to_be_renamed(tmp_path):
    """QA pub: Ta Feng's monthly files (D11, D12 ...) have no extension; the run said only "cannot read files of type
    '(none)'". A file of binary bytes without one keeps the plain message."""
    path = tmp_path / "D11"
    path.write_text("TRANSACTION_DT;CUSTOMER_ID;SALES_PRICE\n11/1/2000;01104905;118\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"D11: the file name has no extension, so its type is unknown; if it is a "
                                        r"text export .* rename it D11.csv and run again"):
        read_table(path)
    (tmp_path / "blob").write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(DataError, match="cannot read files of type '\\(none\\)'"):
        read_table(tmp_path / "blob")


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


DATA = Path(__file__).parent / "data"


def test_excel_header_found_below_a_merged_title_block():
    raw = read_table(DATA / "orders_title_block.xlsx", expected=["医院编码", "订单日期", "金额"])
    assert list(raw.columns) == [SOURCE_ROW, "医院编码", "医院名称", "订单日期", "金额", "备注"]
    assert raw[SOURCE_ROW].tolist() == [5, 6, 7, 8, 9]  # the rows as Excel numbers them
    assert raw["医院编码"].tolist()[:2] == ["00012", "00012"]


def test_excel_title_block_cleans_serials_date_cells_and_blank_rows():
    from kit.clean import clean_orders

    cols = Columns(customer_id="医院编码", order_date="订单日期", amount="金额")
    raw = read_table(DATA / "orders_title_block.xlsx", expected=list(cols.mapping().values()))
    result = clean_orders(raw, cols, source="orders_title_block.xlsx", max_set_aside_share=1.0)
    tx = result.transactions
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-05", "2025-04-01", "2025-05-01"]
    assert tx["amount"].tolist() == [1234.5, 2000.0, -300.0]
    assert result.quarantine["source_row"].tolist() == [9]
    ledger = result.ledger.set_index(["kind", "reason"])["rows"]
    assert ledger[("dropped", "blank_row")] == 1 and ledger[("read", "")] == 5


def test_excel_sheet_by_name_and_unknown_sheet():
    raw = read_table(DATA / "orders_title_block.xlsx", sheet="订单明细", expected=["医院编码"])
    assert len(raw) == 5
    with pytest.raises(DataError, match=r"there is no sheet '汇总' in the workbook; its sheets are: 订单明细, 说明"):
        read_table(DATA / "orders_title_block.xlsx", sheet="汇总")


def test_explicit_header_row():
    raw = read_table(DATA / "orders_title_block.xlsx", header_row=4)
    assert "医院编码" in raw.columns


def test_tsv():
    raw = read_table(DATA / "orders.tsv", expected=["customer"])
    assert raw["value"].tolist() == ["10.5", "1,000", "-2.5"]


def test_csv_with_title_lines_above_the_header(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("订单导出\n导出时间：2026-01-05\n\n医院编码,订单日期,金额\nH1,2025-01-01,3\n", encoding="utf-8")
    raw = read_table(path, expected=["医院编码", "订单日期", "金额"])
    assert raw["医院编码"].tolist() == ["H1"] and raw[SOURCE_ROW].tolist() == [5]


def test_no_header_matches(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"orders.csv: no header row holds the headers named in `data.columns` "
                                        r"\(医院编码, 订单日期, 金额, 医院名称\); the headers read are: a, b, c"):
        map_columns(read_table(path, expected=["医院编码"]), HEADERS, source="orders.csv")


def test_a_headerless_file_whose_first_row_is_mostly_text_is_read_as_data(tmp_path):
    """QA: a headerless export whose first row is a salesperson, a code, a name, a date and an amount (two cells of
    five numbers) had that row taken for the header: a customer and an order lost, the columns named by them."""
    import datetime as dt

    from conftest import write_workbook

    rows = [["张伟", "K001", "协和医院", "2025-03-05", "1200.50"], ["李娜", "K002", "华山医院", "2025-03-06", "88.00"],
            ["张伟", "K001", "协和医院", "2025-03-09", "15.25"], ["王芳", "K003", "中山药房", "2025-03-10", "300.75"]]
    path = tmp_path / "orders.csv"
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    raw = read_table(path)
    assert [c for c in raw.columns if c != SOURCE_ROW] == [f"column_{i}" for i in range(1, 6)]
    assert raw["column_2"].tolist() == ["K001", "K002", "K001", "K003"] and raw[SOURCE_ROW].tolist() == [1, 2, 3, 4]
    book = write_workbook(tmp_path / "orders.xlsx", {"订单": [
        [a, b, c, dt.datetime.fromisoformat(d), float(e)] for a, b, c, d, e in rows]})
    assert read_table(book)["column_3"].tolist() == ["协和医院", "华山医院", "协和医院", "中山药房"]
    # a header stays one: no dates in it; nor is a wide table's row of dates over amounts data
    path.write_text("销售员,客户编码,客户名称,订单日期,金额\n" + "".join(",".join(row) + "\n" for row in rows),
                    encoding="utf-8")
    assert [c for c in read_table(path).columns if c != SOURCE_ROW] == ["销售员", "客户编码", "客户名称", "订单日期", "金额"]
    path.write_text("客户,名称,区域,2025-03-01,2025-03-02\nK1,甲,华东,12.50,3\nK2,乙,华北,1.00,2\n", encoding="utf-8")
    assert [c for c in read_table(path).columns if c != SOURCE_ROW] == ["客户", "名称", "区域", "2025-03-01", "2025-03-02"]


def test_wrong_encoding_named(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"id,amt\nH1,3\xff\n")  # no text in either encoding tried
    with pytest.raises(DataError, match=r"orders.csv: the text is not utf-8-sig or gb18030; set data.encoding"):
        read_table(path)


def test_a_file_not_in_the_encoding_given_is_told_the_one_it_reads_in(tmp_path):
    """QA: a GBK export given as data.encoding: utf-8 stopped with "set data.encoding to the file's encoding" alone;
    the stop now names the encoding the kit reads it in without the setting."""
    path = tmp_path / "orders.csv"
    path.write_bytes("客户编码,金额\nK1,3\n".encode("gbk"))
    with pytest.raises(DataError, match=r"orders.csv: the text is not utf-8; set data.encoding to the file's "
                                        r"encoding; it reads as gb18030: delete data.encoding and the kit reads it so$"):
        read_table(path, encoding="utf-8")
    path.write_text("客户编码\tamt\nK1\t3\n", encoding="utf-16")  # Excel's Unicode text given as GBK
    with pytest.raises(DataError, match=r"it reads as utf-16: delete data.encoding"):
        read_table(path, encoding="gbk")


def test_blank_lines_keep_row_numbers(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("id,date,amt\nA,2025-01-01,1\n\nB,2025-01-02,2\n", encoding="utf-8")
    raw = read_table(path)
    assert raw[SOURCE_ROW].tolist() == [2, 3, 4] and raw["id"].tolist()[2] == "B"


_TRICKY = [
    "id,date,amt\nA,2025-01-01,1\n\nB,2025-01-02,\"1,234\"\n   \nC,x,3\n\"D\nE\",2025-01-04,4\n,,\nG,2025-01-06\n",
    "报表\n导出：2026\n\n医院编码;订单日期;金额\nH1;2025/3/5;¥1,2\n\nH2;2025年3月6日;3\nH3\n",
    "id,,id, amt \n1,2,3,4\n5,6,7,8\n\n\n",
    "id,date\n" + "".join(f"C{i},2025-01-{i % 28 + 1:02d}\n" + ("\n" if i % 7 == 0 else "") + (f"S{i}\n" if i % 11 == 0 else "")
                          for i in range(400)),
]


@pytest.mark.parametrize("text", _TRICKY)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_reads_as_pandas_does_in_any_block_size(tmp_path, text, encoding):
    """Arrow's streaming reader, over many small blocks, gives pandas' table: blank and short rows, quoted
    line breaks, title lines, pandas' header names and the row numbers an editor shows."""
    from kit.io import _csv_layout, csv_batches

    path = tmp_path / "o.csv"
    path.write_bytes(text.encode(encoding))
    enc, delimiter, header = _csv_layout(path, encoding=None, header_row=None, expected=["医院编码", "订单日期", "金额"])
    want = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, skip_blank_lines=False, encoding=enc,
                       skiprows=header)
    want.columns = [c.strip() for c in want.columns]
    want.insert(0, SOURCE_ROW, range(header + 2, header + 2 + len(want)))
    for block in (64, 1 << 20):
        import pyarrow as pa

        got = pa.Table.from_batches(list(csv_batches(path, expected=["医院编码", "订单日期", "金额"],
                                                     block_bytes=block))).to_pandas()
        assert got.columns.tolist() == want.columns.tolist()
        assert got[SOURCE_ROW].tolist() == want[SOURCE_ROW].tolist()
        for column in want.columns[1:]:
            assert got[column].astype(str).tolist() == want[column].astype(str).tolist(), column


def test_a_row_with_more_cells_than_the_header_is_named(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("id,date,amt\nA,2025-01-01,1\nB,2025-01-02,2,9\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"orders.csv: not a readable table \(row 3 has 4 cells, but the header has 3\)"):
        read_table(path)


def test_legacy_xls_workbook_with_a_title_block():
    """The old binary Excel format (.xls), still kept by hand in many offices, reads like .xlsx."""
    raw = read_table(DATA / "orders_legacy.xls", expected=["医院编码", "订单日期", "金额"])
    assert raw["医院编码"].tolist() == ["00012", "H0046"]
    assert raw[SOURCE_ROW].tolist() == [4, 5]
    assert raw["订单日期"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-06-01")]
    assert raw["金额"].tolist() == [1234.5, "¥2,000.00"]


_MORE_TRICKY = [
    "id,amt,date",                                                    # a header alone, no line break
    '"i\nd",amt,date\n1,2,3\n4,5,6\n',                                # a line break in a header cell
    '"Report\nTitle",,\n\nid,金额,date\nA,"1\n2",3\n\nB,4,5\n',          # ... and in a title line and a cell
    "id,amt,date\n" + "".join(f"C{i},{i}\n" + ('"q\nq",1,2\n' if i % 9 == 0 else "") + ("\n" if i % 13 == 0 else "")
                              for i in range(300)),                     # mostly short rows (exporter trims them)
    "id,amt,note\nA,1\n" + 'B,2,"' + "x" * 200_000 + '"\nC,3\nD\n',       # a 200 kB cell among short rows
    ',"Monthly sales\nNovember 2026",\nid,amt,date\nA,1,2025-01-01\n',      # title: empty cell, then a line break
    "id,amt,date\n" + "".join(f',"note\n{i}",{i}\n' if i % 3 == 0 else f"S{i},{i}\n"
                              for i in range(200)),                     # short rows led by a quoted line break
]


@pytest.mark.parametrize("text", _MORE_TRICKY)
@pytest.mark.parametrize("switch", [20_000, 5])
def test_csv_edge_files_read_as_pandas_does(tmp_path, monkeypatch, text, switch):
    """Including past the point where many short rows hand the rest of the file to pandas. The reference is
    Python's csv module on the whole file: records as Excel shows them, short ones padded with ''."""
    import csv

    import pyarrow as pa

    from kit import io
    from kit.io import _csv_layout, csv_batches

    monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", switch)
    path = tmp_path / "o.csv"
    path.write_text(text, encoding="utf-8")
    enc, delimiter, header = _csv_layout(path, encoding=None, header_row=None, expected=["id", "amt", "date"])
    csv.field_size_limit(1 << 30)
    with path.open(encoding=enc, newline="") as handle:
        records = list(csv.reader(handle, delimiter=delimiter))
    names = [c.strip() for c in records[header]]
    body = [(r + [""] * len(names))[: len(names)] for r in records[header + 1:]]
    want = pd.DataFrame(body, columns=names, dtype=object)
    want.insert(0, SOURCE_ROW, range(header + 2, header + 2 + len(want)))
    smallest = max(64, 2 * max(len(line) for line in text.split("\n")))  # Arrow wants a row within a block
    for block in (smallest, 1 << 20):
        got = pa.Table.from_batches(list(csv_batches(path, expected=["id", "amt", "date"], block_bytes=block)))
        got = got.to_pandas()
        assert got.columns.tolist() == want.columns.tolist()
        assert got[SOURCE_ROW].tolist() == want[SOURCE_ROW].tolist()
        for column in want.columns[1:]:
            assert got[column].fillna("").astype(str).tolist() == want[column].fillna("").astype(str).tolist(), column


def test_a_utf16_text_export_is_read_by_its_byte_order_mark(tmp_path):
    """Excel's "Unicode text" export: tab-separated UTF-16; the error asked for data.encoding before."""
    path = tmp_path / "orders.txt"
    path.write_text("客户编码\t订单日期\t金额\nH001\t2025-03-05\t12.5\n", encoding="utf-16")
    frame = read_table(path, expected=["客户编码", "订单日期", "金额"])
    assert frame["客户编码"].tolist() == ["H001"] and frame["金额"].tolist() == ["12.5"]


def test_columns_lined_up_with_spaces_without_a_header_are_read_by_position(tmp_path):
    """CDNOW_master.txt, the classic RFM log: no header, columns lined up with runs of spaces."""
    path = tmp_path / "CDNOW_master.txt"
    path.write_text("00001 19970101  1  11.77\n00002 19970112  1  12.00\n\n  00003 19970102 2\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == [SOURCE_ROW, "column_1", "column_2", "column_3", "column_4"]
    # row numbers as an editor shows them; a blank line is an empty row; a short row is padded; leading blanks go
    assert frame[SOURCE_ROW].tolist() == [1, 2, 3, 4]
    assert frame.drop(columns=SOURCE_ROW).values.tolist() == [
        ["00001", "19970101", "1", "11.77"], ["00002", "19970112", "1", "12.00"], ["", "", "", ""],
        ["00003", "19970102", "2", ""]]


def test_columns_lined_up_with_spaces_under_a_header_keep_its_names(tmp_path):
    path = tmp_path / "orders.txt"
    path.write_text("cust  day         amount\nH001  2025-03-05  12.50\nH002  2025-03-06  7\n", encoding="utf-8")
    frame = read_table(path, expected=["cust", "day", "amount"])
    assert list(frame.columns) == [SOURCE_ROW, "cust", "day", "amount"]
    assert frame[SOURCE_ROW].tolist() == [2, 3] and frame["amount"].tolist() == ["12.50", "7"]


def test_a_csv_without_a_header_row_names_its_columns_by_position(tmp_path):
    from kit.io import check_headers
    from kit.params import validate_params

    path = tmp_path / "dump.csv"
    path.write_text("A1,2025-01-05,10.5\nA2,2025-02-05,3\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == [SOURCE_ROW, "column_1", "column_2", "column_3"]
    assert frame[SOURCE_ROW].tolist() == [1, 2] and frame["column_1"].tolist() == ["A1", "A2"]
    raw = {"case": "d", "title": "T", "client": "C", "data": {"path": str(path), "columns": {
        "customer_id": "column_1", "order_date": "column_2", "amount": "column_3"}},
        "period": {"as_of": "2025-12-31"}, "grading": {"value": {"method": "pareto"}}}
    check_headers(validate_params(raw, source=tmp_path / "d.yaml"))  # the positional names are the headers
    raw["data"]["columns"]["amount"] = "Amount"
    with pytest.raises(DataError, match=r"Amount.*column_1, column_2, column_3"):
        check_headers(validate_params(raw, source=tmp_path / "d.yaml"))


def test_chinese_headers_read_in_the_wrong_encoding_are_called_garbled(tmp_path):
    from kit.io import match_headers

    garbled = "客户编码,订单日期,金额".encode("gbk").decode("latin-1").split(",")
    with pytest.raises(DataError, match=r"they look garbled: the file's encoding is not the one read"):
        match_headers(garbled, Columns(customer_id="客户编码", order_date="订单日期", amount="金额"), source="o.csv")


@pytest.mark.parametrize("short_rows", [0, 40_000])  # Arrow reads it, or pandas after many short rows
def test_an_unquoted_thousands_comma_is_named_as_the_cause_by_the_run_and_by_kit_init(tmp_path, short_rows):
    from kit.scaffold import draft

    path = tmp_path / "orders.csv"
    short = "Z,2025-01-01\n" * short_rows
    path.write_text("客户编码,订单日期,金额,备注\nA,2025-01-05,100.5,x\n" + short + "B,2025-01-06,1,234.50,y\n",
                    encoding="gb18030")
    row = 3 + short_rows
    message = (rf"orders.csv: not a readable table \(row {row} has 5 cells, but the header has 4\); it may hold a "
               r"number written with a thousands comma \(1,234.50\)")
    with pytest.raises(DataError, match=message):
        read_table(path)
    with pytest.raises(DataError, match=message):
        draft(path, tmp_path / "o.yaml")


def test_the_thousands_comma_hint_reads_the_right_row_after_a_cell_with_a_line_break(tmp_path):
    from kit.scaffold import draft

    path = tmp_path / "orders.csv"
    path.write_text('id,date,amt,note\nA,2025-01-01,1,"two\nlines"\nB,2025-01-02,2,x\nC,2025-01-03,1,234.50,y\n',
                    encoding="utf-8")
    message = r"row 4 has 5 cells, but the header has 4\); it may hold a number written with a thousands comma \(1,234.50\)"
    with pytest.raises(DataError, match=message):
        read_table(path)
    with pytest.raises(DataError, match=message):
        draft(path, tmp_path / "o.yaml")


def test_a_row_with_more_cells_but_no_thousands_comma_gets_no_hint(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("id,date,amt\nA,2025-01-01,1\nB,2025-01-02,2,9\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert "thousands" not in str(info.value)


def test_workbook_cells_are_those_pandas_reader_gives(tmp_path):
    """The kit reads sheets with calamine a column at a time; each cell must be what pd.read_excel gives."""
    import datetime as dt
    import math
    import random

    import openpyxl

    from kit.io import _excel_grid

    rng = random.Random(5)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["销售明细"])
    sheet.append([])
    sheet.append(["id", "date", "amount", "note", "flag", "time", "whole", "stamp"])
    for i in range(200):  # below the first 30 rows each column is converted at once
        sheet.append([rng.choice(["H001", 1001, 1001.0, None, "NA", "", " ", -0.0, 12.5, True]),
                      rng.choice([dt.date(2025, 1, 1) + dt.timedelta(days=i), None, "N/A"]) if i % 7 else "2025-03-03",
                      rng.choice([12.5, 13.0, None, float(i), 1e20, -3.0, "null"]),
                      rng.choice(["x", "None", "", "nan", None]), rng.choice([True, False, None]),
                      rng.choice([dt.time(8, 30), None]), rng.choice([1.0, 2.0, None]),
                      rng.choice([dt.datetime(2025, 1, 2, 3, 4), None])])
    sheet.append([" H002", dt.date(2025, 9, 1), 7.25])
    book.save(tmp_path / "mix.xlsx")
    expected = pd.read_excel(tmp_path / "mix.xlsx", header=None, dtype=object, engine="calamine")
    got, _, label = _excel_grid(tmp_path / "mix.xlsx", 0)
    assert label == "'Sheet'" and got.shape == expected.shape

    def same(a, b) -> bool:
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return type(a) is type(b) and a == b

    for column in expected:
        pairs = zip(expected[column].tolist(), got[column].tolist())
        assert all(same(a, b) for a, b in pairs), column


def test_the_header_under_a_row_of_merged_group_labels_is_the_real_one():
    from kit.io import find_header

    rows = [["订单", None, "客户", None, "金额", None], ["单号", "日期", "编码", "名称", "含税", "不含税"],
            ["O1", "2025-03-01", "K1", "客户1", 113.0, 100.0]]
    # each of the first two rows holds two known names; the second fills every column
    assert find_header(rows, ["单号", "日期", "客户", "金额"]) == 1
    assert find_header([["销售明细"], ["客户", "金额", None]], ["客户", "金额"]) == 1


@pytest.mark.parametrize("language, label", [("en", "demo data pharma (seed 7)"), ("zh", "演示数据 pharma（随机种子 7）")])
def test_the_demo_dataset_is_named_in_words_of_the_report_language(tmp_path, language, label):
    from kit.io import load_orders
    from kit.params import validate_params

    raw = {"case": "d", "title": "T", "client": "C", "language": language,
           "data": {"demo": {"name": "pharma", "seed": 7, "customers": 20, "months": 13}},
           "period": {"as_of": "2025-12-31", "months": 12},
           "grading": {"value": {"method": "pareto"}}}
    [(frame, name)] = load_orders(validate_params(raw, source=tmp_path / "d.yaml"))
    assert name == label and len(frame) > 0


def test_a_workbook_without_a_header_row_names_its_columns_by_position(tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["H001", dt.datetime(2025, 3, 5), 12.5])
    book.active.append(["H002", dt.datetime(2025, 3, 6), 7])
    book.save(tmp_path / "dump.xlsx")
    frame = read_table(tmp_path / "dump.xlsx")
    assert list(frame.columns) == [SOURCE_ROW, "column_1", "column_2", "column_3"]
    assert frame[SOURCE_ROW].tolist() == [1, 2] and frame["column_1"].tolist() == ["H001", "H002"]
    assert frame["column_3"].tolist() == [12.5, 7]


def test_a_row_with_a_known_header_is_a_header_though_it_holds_a_date(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("日期,2025-04-01\n2025-04-02,x\n", encoding="utf-8")
    assert list(read_table(path, expected=["日期"]).columns) == [SOURCE_ROW, "日期", "2025-04-01"]
    assert list(read_table(path).columns) == [SOURCE_ROW, "column_1", "column_2"]  # nothing expected: data


def test_header_names_with_spaces_in_a_file_lined_up_with_spaces(tmp_path):
    path = tmp_path / "orders.txt"
    path.write_text("Customer ID  Order Date  Amount\nH001         2025-03-05  12.50\nH002         2025-03-06  7\n",
                    encoding="utf-8")
    frame = read_table(path, expected=["Customer ID", "Order Date", "Amount"])
    assert list(frame.columns) == [SOURCE_ROW, "Customer ID", "Order Date", "Amount"]
    assert frame["Order Date"].tolist() == ["2025-03-05", "2025-03-06"]


def _two_row_book(path, rows, merges):
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    book.save(path)


def test_a_header_of_two_rows_joined_by_merged_cells_names_each_column_once(tmp_path):
    _two_row_book(tmp_path / "book.xlsx", [
        ["客户编码", "客户名称", "一季度", None, None, "二季度", None, None, "合计"],
        [None, None, "1月", "2月", "3月", "4月", "5月", "6月", None],
        ["K1", "甲", 100, 200, None, 50, None, None, 350]],
        ["A1:A2", "B1:B2", "C1:E1", "F1:H1", "I1:I2"])
    frame = read_table(tmp_path / "book.xlsx")
    assert list(frame.columns) == [SOURCE_ROW, "客户编码", "客户名称", "1月", "2月", "3月", "4月", "5月", "6月", "合计"]
    assert frame[SOURCE_ROW].tolist() == [3] and frame["2月"].tolist() == [200]


def test_lower_names_that_repeat_under_two_groups_keep_the_group(tmp_path):
    _two_row_book(tmp_path / "book.xlsx", [
        ["客户", "本期", None, "上年同期", None],
        [None, "数量", "金额", "数量", "金额"],
        ["K1", 3, 30.0, 2, 20.0]],
        ["A1:A2", "B1:C1", "D1:E1"])
    assert list(read_table(tmp_path / "book.xlsx").columns) == [
        SOURCE_ROW, "客户", "本期 数量", "本期 金额", "上年同期 数量", "上年同期 金额"]


def test_a_code_and_a_name_under_one_merged_label_are_named_by_both(tmp_path):
    """QA (云星空): 客户 merged over 编码 | 名称 read as columns 编码 and 名称, and kit init took 名称 for the customer
    ID, saying no column names the customer; English parts are joined with a space."""
    _two_row_book(tmp_path / "book.xlsx", [
        ["单据编号", "客户", None, "物料", None, "价税合计"],
        [None, "编码", "名称", "Code", "名称", None],
        ["XS1", "C001", "甲公司", "M1", "药品", 100.0]],
        ["A1:A2", "B1:C1", "D1:E1", "F1:F2"])
    assert list(read_table(tmp_path / "book.xlsx").columns) == [
        SOURCE_ROW, "单据编号", "客户编码", "客户名称", "物料 Code", "物料名称", "价税合计"]


def test_a_title_merged_across_or_a_unit_row_does_not_rename_the_header(tmp_path):
    _two_row_book(tmp_path / "title.xlsx", [
        ["2025年销售明细", None, None], ["客户", "日期", "金额"], ["K1", "2025-03-01", 10.0]], ["A1:C1"])
    assert list(read_table(tmp_path / "title.xlsx", expected=["客户", "金额"]).columns) == [
        SOURCE_ROW, "客户", "日期", "金额"]
    _two_row_book(tmp_path / "units.xlsx", [
        ["客户", "日期", "金额"], [None, None, "（元）"], ["K1", "2025-03-01", 10.0]], ["A1:A2", "B1:B2"])
    frame = read_table(tmp_path / "units.xlsx", expected=["客户", "金额"])
    assert list(frame.columns) == [SOURCE_ROW, "客户", "日期", "金额"]  # 金额 keeps its name
    _two_row_book(tmp_path / "units2.xlsx", [
        ["客户", "日期", "金额", "数量"], [None, None, "（元）", "（件）"], ["K1", "2025-03-01", 10.0, 1]], ["A1:A2", "B1:B2"])
    frame = read_table(tmp_path / "units2.xlsx", expected=["客户", "金额"])
    # units under headers of their own are no second header row: the row stays, for cleaning to set aside
    assert list(frame.columns) == [SOURCE_ROW, "客户", "日期", "金额", "数量"]
    assert frame[SOURCE_ROW].tolist() == [2, 3]
    # a title merged across beside a unit note: the header below keeps its names
    _two_row_book(tmp_path / "note.xlsx", [
        ["2025年销售明细", None, None, "单位：元"], ["客户编码", "日期", "备注", "金额"], ["K1", "2025-01-05", "x", 1.0]],
        ["A1:C1"])
    assert list(read_table(tmp_path / "note.xlsx", expected=["客户编码", "金额"]).columns) == [
        SOURCE_ROW, "客户编码", "日期", "备注", "金额"]


def test_a_header_cell_merged_across_does_not_swallow_the_first_row_of_text_data(tmp_path):
    _two_row_book(tmp_path / "book.xlsx", [
        ["客户编码", "日期", "金额", "备注", None], ["K1", "2025-01-05", "100", "加急", "顺丰"],
        ["K2", "2025-02-05", "200", None, None]], ["D1:E1"])
    frame = read_table(tmp_path / "book.xlsx", expected=["客户编码", "日期", "金额"])
    assert frame["客户编码"].tolist() == ["K1", "K2"] and frame[SOURCE_ROW].tolist() == [2, 3]


@pytest.mark.parametrize("content, said", [
    (b"<html><head><meta charset=gb2312></head><body><table><tr><td>x</td></tr></table></body></html>",
     "is no Excel workbook but a web page (HTML) under an .xls name"),
    (b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>x</td></tr></table></body></html>',
     "is no Excel workbook but a web page (HTML) under an .xls name"),
    ("客户\t日期\t金额\nA\t2025-01-01\t5\n".encode("gbk"),
     "is no Excel workbook but a text file (columns separated by tabs or commas) under an .xls name; rename it to .csv"),
    (b"\x00\x01garbage", "not a readable Excel workbook"),
])
def test_a_file_named_as_a_workbook_that_is_none_says_what_it_is(tmp_path, content, said):
    """Found in QA: a web ERP's HTML table saved as 管家婆_网页导出.xls stopped with 'not a readable Excel workbook
    (CalamineError)'; web pages, Excel 2003 XML and tab-separated text are common under an .xls name."""
    from kit.io import workbook_sheets

    path = tmp_path / "导出.xls"
    path.write_bytes(content)
    with pytest.raises(DataError, match=re.escape(said)):
        workbook_sheets(path)


def test_a_sheet_with_one_unreadable_amount_still_shares_its_other_rows_keys():
    """Review: with one amount unreadable, the sheet's numbers were hashed as text and matched no other sheet: 1月,
    its three rows all in 全年 beside a fourth whose amount is n/a, was no copy of it."""
    from kit.io import copy_sheets

    rows = {"客户": ["A", "B", "C"], "日期": ["2025-01-05", "2025-01-06", "2025-01-07"], "金额": [100.0, 20.5, 7.0]}
    whole = pd.DataFrame(rows)
    more = pd.DataFrame({k: v + [x] for (k, v), x in zip(rows.items(), ["D", "2025-01-08", "n/a"])})
    cols = Columns(customer_id="客户", order_date="日期", amount="金额")
    # by hand: 1月's 3 rows are all in 全年 (a copy of it); 全年's 4th is not in 1月 (3 of 4, under COPY_SHARE)
    assert copy_sheets([(whole, "a [1月]"), (more, "a [全年]")], cols, None) == [(0, [1])]


def _far_cell_book(path: Path, far: str, *, dimension: bool | str) -> Path:
    """A small table and one note typed in a far cell, with the sheet's extent recorded or not, or recorded as
    ``dimension`` says (a record that leaves the far cell out)."""
    import re as _re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(["客户", "日期", "金额"])
    for i in range(5):
        sheet.append([f"C{i}", "2025-01-05", 10 + i])
    sheet[far] = "备注"
    book.save(path)
    if dimension is not True:  # some writers leave the <dimension> record out, or record less than the sheet holds
        written = path.with_suffix(".tmp")
        record = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as out:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = _re.sub(rb"<dimension [^>]*/>", record, data)
                out.writestr(item.filename, data)
        written.replace(path)
    return path


@pytest.mark.parametrize("dimension", [True, False, "A1:C6"])  # review: a record leaving the far cell out passed
def test_a_sheet_reaching_a_far_cell_stops_with_a_sentence_instead_of_exhausting_memory(tmp_path, dimension):
    """Security QA: one cell at XFD1048576 of an 8 KB workbook made calamine allocate 512 GB and abort the process
    (no Python error); at XFD2000, 1.7 GB and 27 s. Such a sheet now stops with the far cell named."""
    path = _far_cell_book(tmp_path / "o.xlsx", "XFD2000", dimension=dimension)
    with pytest.raises(DataError, match=r"o.xlsx: sheet '订单' reaches cell XFD2000 \(2,000 rows × 16,384 columns, "
                                        r"32,768,000 cells\), far beyond its data.*press Ctrl\+End"):
        read_table(path, expected=["客户"])


def test_a_stray_cell_not_far_from_the_table_is_read_as_before(tmp_path):
    path = _far_cell_book(tmp_path / "o.xlsx", "Z300", dimension=True)
    raw = read_table(path, expected=["客户"])
    assert raw["客户"].dropna().tolist() == [f"C{i}" for i in range(5)]


def test_kit_init_stops_on_a_far_cell_before_reading_the_sheet_s_title_block(tmp_path):
    from kit.scaffold import draft

    path = _far_cell_book(tmp_path / "o.xlsx", "XFD1048576", dimension=True)
    with pytest.raises(DataError, match=r"reaches cell XFD1048576 \(1,048,576 rows × 16,384 columns"):
        draft(path, tmp_path / "p.yaml")


def test_a_csv_of_lines_ending_in_a_carriage_return_alone_stops_with_a_sentence(tmp_path):
    """Security QA: lines ending in CR alone (classic Mac) gave a csv module traceback, in kit init and kit check."""
    path = tmp_path / "o.csv"
    path.write_bytes(b"customer_id,order_date,amount\rC0,2025-01-05,100\rC1,2025-01-06,50\r")
    with pytest.raises(DataError, match=r"o.csv: its lines end with a carriage return alone"):
        read_table(path, expected=["customer_id"])


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_bare_carriage_return_in_a_cell_does_not_stop_reading_the_layout(tmp_path):
    """pandas writes a cell starting with a carriage return without quotes; Python's csv module stopped on it."""
    path = tmp_path / "o.csv"
    path.write_bytes(b"customer_id,order_date,note,amount\nC0,2025-01-05,\rx,100\nC1,2025-01-06,y,50\n")
    raw = read_table(path, expected=["customer_id", "amount"])
    # one row each, the carriage return read as a space (review: C0's row was split in two, its 100 set aside)
    assert raw[["customer_id", "note", "amount"]].values.tolist() == [["C0", " x", "100"], ["C1", "y", "50"]]
    assert raw["_source_row"].tolist() == [2, 3]
    crlf = tmp_path / "crlf.csv"  # line ends of \r\n stay line ends, the bare one a space, a block boundary or not
    crlf.write_bytes(b"customer_id,order_date,note,amount\r\n" + b"".join(
        b"C%d,2025-01-05,%s,%d\r\n" % (i, b"a\rb" if i % 7 == 0 else b"n", i) for i in range(30_000)))
    rows = pd.concat(csv_chunks(crlf, expected=["customer_id", "amount"], rows=7_000))
    assert len(rows) == 30_000 and rows["amount"].astype(int).sum() == sum(range(30_000))
    assert set(rows["note"]) == {"a b", "n"}

    from kit.io import _BareReturnsAsSpaces

    raw_bytes = b"a\r\nb\rc\r\r\nd\r"  # read a few bytes at a time, a return at the end of every other read
    for size in (1, 2, 3, 5):
        stream, out = _BareReturnsAsSpaces(_write(tmp_path / "b.csv", raw_bytes)), b""
        stream.block = size
        while chunk := stream.read(size):
            out += chunk
        stream.close()
        assert out == b"a\r\nb c \r\nd ", size


def test_a_bare_carriage_return_in_a_cell_of_a_file_of_many_short_rows_keeps_its_row_whole(tmp_path):
    """perfcsv: a tab-delimited file with over SHORT_ROWS_FOR_PANDAS short rows is read by pandas, which took the
    bare carriage return in row 7's order ID for a line break: its 185.50 set aside as bad_amount at row 8 under a
    customer "x". Read as Arrow reads a file of few short rows: one row, the return a space."""
    from kit.io import SHORT_ROWS_FOR_PANDAS

    short = SHORT_ROWS_FOR_PANDAS + 1_000
    full = [b"C%04d\tO%06d\t2025-01-%02d\t%d.50" % (i, i // 2, 1 + i % 28, 10 + i) for i in range(9_000)]
    full[5] = b"C0005\tO000002\rx\t2025-06-06\t185.50"  # row 7, as the spreadsheet counts it
    lines = full + [b"C%04d\tO%06d" % (i, i) for i in range(short)]  # no date, no amount
    path = _write(tmp_path / "o.txt", b"customer_id\torder_id\torder_date\tamount\n" + b"\n".join(lines) + b"\n")
    raw = read_table(path, expected=["customer_id", "amount"])
    assert len(raw) == len(lines)
    assert raw["_source_row"].tolist() == list(range(2, 2 + len(lines)))
    row = raw.loc[raw["_source_row"] == 7, ["customer_id", "order_id", "order_date", "amount"]].values.tolist()
    assert row == [["C0005", "O000002 x", "2025-06-06", "185.50"]]
    assert raw["amount"].iloc[: len(full)].tolist() == [line.rsplit(b"\t", 1)[1].decode() for line in full]


def test_fill_down_with_nothing_to_fill_and_no_other_fix_cleans(tmp_path):
    """A run stopped with KeyError: 'rows' when data.fill_down filled a cell of a row set aside only, and nothing
    else was repaired."""
    from conftest import order_case

    from kit import clean

    (tmp_path / "o.csv").write_text("customer_id,order_date,amount\nC0,2025-01-05,100\nC1,2025-01-06,50\n"
                                    "C1,,x\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "o.csv", "{customer_id: customer_id, order_date: order_date, amount: amount}",
                               data="  fill_down: [order_date]\n", cleaning="cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    assert result.fixes.empty and list(result.fixes.columns[:2]) == ["fix", "source_file"]


def test_an_export_of_more_than_a_thousand_text_columns_cleans(tmp_path):
    """Security QA: 1,100 text columns nested past DuckDB's default expression depth (1,000) and the run stopped with
    its parser's error."""
    from conftest import order_case

    from kit import clean

    extra = [f"c{i}" for i in range(1100)]
    rows = ["customer_id,order_date,amount," + ",".join(extra)]
    rows += [f"C{j},2025-0{j + 1}-05,{10 * (j + 1)}," + ",".join("x" for _ in extra) for j in range(3)]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "o.csv", "{customer_id: customer_id, order_date: order_date, amount: amount}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 60.0


def test_a_big5_file_whose_only_chinese_is_its_header_is_read_as_big5(tmp_path):
    """QA (Ta-Feng's raw files): 交易日期;客戶編號 ... read as GBK gave ユら戳;め絪腹, and every column unrecognised."""
    header = "交易日期;客戶編號;年齡;區域;商品分類;商品編號;數量;資產;銷售價格"
    rows = [header] + [f"2001-01-0{1 + i % 9} 00:00:00;{1494241 + i};55-59;221;119935;22190696{i:05d};4;868;968"
                       for i in range(50)]
    (tmp_path / "D01.csv").write_bytes(("\n".join(rows) + "\n").encode("big5"))
    raw = read_table(tmp_path / "D01.csv", expected=["客戶編號"])
    assert "客戶編號" in raw.columns and "銷售價格" in raw.columns


def _rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a workbook's zip through ``change`` (bytes to bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = [(info, book.read(info)) for info in book.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts:
            book.writestr(info, change(data) if info.filename == part else data)


@pytest.mark.parametrize("style_first", [False, True])
def test_codes_typed_as_numbers_are_read_as_the_workbook_shows_them(tmp_path, style_first):
    """A code typed as the number 105 under the format 00000 is shown 00105 in Excel, and written 00105 as text in
    next quarter's CSV export: it is read as 00105 (calamine alone gives 105). Text cells, numbers under other
    formats, fractions and negatives are read as they are."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编码", "分店", "订单日期", "金额"])
    codes = [105, 7, 12345, 123456, "00105", 12.5, -5, None]
    for i, code in enumerate(codes):
        sheet.append([code, 3 + i, f"2025-03-0{i + 1}", 100.0 + i])
        sheet.cell(sheet.max_row, 1).number_format = "00000"
        sheet.cell(sheet.max_row, 2).number_format = '"S"000'
        sheet.cell(sheet.max_row, 4).number_format = "#,##0.00"
    sheet.append([105, 3, "2025-03-09", 5.0])  # General: the number as it is
    book.save(tmp_path / "codes.xlsx")
    if style_first:  # some writers put the style before the reference
        _rewrite_part(tmp_path / "codes.xlsx", "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" r="\1"', xml))
        assert b'<c s="' in _read_part(tmp_path / "codes.xlsx", "xl/worksheets/sheet1.xml")

    read = read_table(tmp_path / "codes.xlsx")
    assert read["客户编码"].tolist()[:7] == ["00105", "00007", "12345", "123456", "00105", 12.5, -5]
    assert pd.isna(read["客户编码"].tolist()[7]) and read["客户编码"].tolist()[8] == 105
    assert read["分店"].tolist() == [f"S{3 + i:03d}" for i in range(len(codes))] + [3]
    assert read["金额"].tolist() == [100.0 + i for i in range(len(codes))] + [5.0]


def _read_part(path: Path, part: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return book.read(part)


def test_excel_error_cells_read_as_excel_shows_them_not_empty(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "金额"], ["#N/A", 1.5], ["K1", "#DIV/0!"], ["K2", None]):
        sheet.append(row)  # openpyxl writes #N/A and #DIV/0! as error cells (t="e")
    book.save(tmp_path / "e.xlsx")
    got = read_table(tmp_path / "e.xlsx")
    assert got["客户"].tolist() == ["#N/A", "K1", "K2"]
    assert got["金额"].iloc[:2].tolist() == [1.5, "#DIV/0!"] and pd.isna(got["金额"].iloc[2])


def test_hidden_rows_of_a_workbook_are_read_and_listed(tmp_path):
    import openpyxl

    from kit.io import MERGED

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "金额"], ["K1", 1], ["K2", 2], ["K3", 3]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True  # a hidden column is no hidden row
    book.save(tmp_path / "h.xlsx")
    got = read_table(tmp_path / "h.xlsx")
    assert got["客户"].tolist() == ["K1", "K2", "K3"]
    assert [cell for cell in got.attrs[MERGED] if cell[3] == "hidden"] == [(3, "", 3, "hidden")]


def test_an_active_filter_is_read_with_the_column_and_the_values_it_shows(tmp_path):
    """QA c85: an export with Excel's filter on (区域 = 华东) hides the other regions' rows; they are data and
    counted, but the filter says which rows the client looked at: its column, its values, and the others to leave
    out for grading those alone (by hand: 华北 and 华南 are on the hidden rows)."""
    import openpyxl

    from kit.io import FILTERED, filter_said

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["客户", "区域", "金额"], ["K1", "华东", 1], ["K2", "华北", 2], ["K3", "华东", 3], ["K4", "华南", 4],
                ["K5", None, 5]):
        sheet.append(row)
    sheet.auto_filter.ref = "A1:C6"
    sheet.auto_filter.add_filter_column(1, ["华东"])
    for row in (3, 5, 6):
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "f.xlsx")
    got = read_table(tmp_path / "f.xlsx")
    assert got.attrs[FILTERED] == (("区域", ("华东",)),)
    assert filter_said(got, "en") == ("they are hidden by the sheet's filter (区域 showing 华东 only): the client may "
                                      "have meant to send the 华东 orders only; to grade only the rows the filter "
                                      "shows, add 区域: [华北, 华南] to cleaning.exclude")
    assert filter_said(got, "zh") == ("这些行被工作表的筛选隐藏（“区域”只显示 华东）：客户可能只想发送 华东 的订单；"
                                      "如只分级筛选显示的行，请在 cleaning.exclude 中加上 区域: [华北, 华南]")
    sheet.row_dimensions[3].hidden = sheet.row_dimensions[5].hidden = sheet.row_dimensions[6].hidden = False
    book.save(tmp_path / "shown.xlsx")  # a filter that hides nothing says nothing
    assert FILTERED not in read_table(tmp_path / "shown.xlsx").attrs


@pytest.mark.parametrize(("xml", "expected"), [
    ((b'</sheetData><autoFilter ref="B2:H40"><filterColumn colId="3"><filters blank="1"><filter val="A&amp;B"/>'
      b'<filter val="C"/></filters></filterColumn></autoFilter><pageMargins/>'), ((4, ("A&B", "C", "")),)),
    ((b'<x:autoFilter ref="A1:C9"><x:filterColumn colId="2"><x:customFilters><x:customFilter operator="greaterThan" '
      b'val="1000"/></x:customFilters></x:filterColumn></x:autoFilter>'), ((2, None),)),
    ((b'<autoFilter ref="A1:C9"><filterColumn colId="0"><filters><dateGroupItem year="2025" month="3" '
      b'dateTimeGrouping="month"/></filters></filterColumn></autoFilter>'), ((0, None),)),
    (b'<autoFilter ref="A1:C9"/>', ()),
    (b'<pageMargins/>', ()),
])
def test_autofilter_xml_forms(xml, expected):
    """Values listed (entities read, blank="1" as ""), a custom condition or a date group (None), a filter with no
    column filtered, none; colId counts from the filter's first column (B + 3 = E, 0-based 4)."""
    from kit.io import _autofilter

    assert _autofilter(xml) == expected


def _red_workbook(path: Path) -> Path:
    """A hand-kept sheet whose 红字 are written in red font: the header of the amounts and a customer's name in red
    too (no amounts), a red amount below zero (a return written as one already), an indexed red, Excel's dark red
    (C00000), and amounts that are not red: a dark brown (800000), a theme colour, black under a [Red] number format
    (which colours negatives only)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.styles.colors import Color

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", 100], ["K1", "2025-01-09", 30],
                ["K2", "2025-02-01", -5], ["K2", "2025-02-03", 7.5], ["K3", "2025-03-01", 12],
                ["K3", "2025-03-02", 40], ["K3", "2025-03-03", 60], ["K4", "2025-03-04", 9],
                ["K4", "2025-03-05", 1]):
        sheet.append(row)
    red = Font(color="FFFF0000")
    sheet["C1"].font = red  # the header
    sheet["A2"].font = red  # a customer's name
    sheet["C3"].font = red  # 30: a return
    sheet["C4"].font = red  # -5: a return written as one
    sheet["C5"].font = Font(color=Color(indexed=10))  # 7.5: red in Excel's palette
    sheet["C6"].font = Font(color="C00000")  # 12: Excel's dark red, no alpha written
    sheet["C7"].font = Font(color="FF800000")  # 40: too dark to be red ink
    sheet["C8"].font = Font(color=Color(theme=5))  # 60: a theme colour
    sheet["C9"].number_format = "0.00;[Red]-0.00"  # 9: red only when negative
    book.save(path)
    return path


def test_amounts_in_red_font_are_told_apart_from_red_headers_names_and_negatives(tmp_path):
    from kit.io import RED, red_amounts

    got = read_table(_red_workbook(tmp_path / "台账.xlsx"), expected=["客户", "日期", "金额"])
    assert got["金额"].tolist() == [100, 30, -5, 7.5, 12, 40, 60, 9, 1]  # read as written
    assert got.attrs[RED].sheet == "'台账'"
    red = got.attrs[RED]  # below the header: a name (A2) and amounts
    assert sorted(zip(red.rows.tolist(), red.columns.tolist())) == [(2, 0), (3, 2), (4, 2), (5, 2), (6, 2)]
    found = red_amounts(got, ["金额"])
    assert found["ref"].tolist() == ["C3", "C5", "C6"] and found["value"].tolist() == [30, 7.5, 12]
    assert red_amounts(got, ["客户"]).empty  # a name in red is no amount


def test_amounts_struck_through_are_found_in_the_same_read_as_the_red_ones(tmp_path):
    """A hand-kept ledger strikes a voided line through (作废, 删除线): a struck amount makes its line struck, a whole
    row struck is one line, a struck header or customer name alone none; a font both red and struck is in both
    marks; a font whose strike is off (val 0) is not struck."""
    import openpyxl
    from openpyxl.styles import Font

    from kit.io import RED, STRUCK, struck_lines

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in (["客户", "日期", "金额"], ["K1", "2025-01-05", 100], ["K1", "2025-01-09", 30],
                ["K2", "2025-02-01", 80], ["K2", "2025-02-03", 7.5], ["K3", "2025-03-01", 12],
                ["K3", "2025-03-02", 40]):
        sheet.append(row)
    sheet["C1"].font = Font(strike=True)  # the header
    sheet["A2"].font = Font(strike=True)  # a customer's name: its line is not struck
    sheet["C3"].font = Font(strike=True)  # 30: voided
    for cell in ("A4", "B4", "C4"):
        sheet[cell].font = Font(strike=True)  # 80: the whole line voided
    sheet["C5"].font = Font(strike=True, color="FFFF0000")  # 7.5: red and struck
    sheet["C6"].font = Font(strike=False, bold=True)  # 12: <strike val="0"/>
    book.save(tmp_path / "台账.xlsx")
    got = read_table(tmp_path / "台账.xlsx", expected=["客户", "日期", "金额"])
    assert got["金额"].tolist() == [100, 30, 80, 7.5, 12, 40]  # read as written
    struck = got.attrs[STRUCK]
    assert struck.sheet == "'台账'"
    assert sorted(zip(struck.rows.tolist(), struck.columns.tolist())) == [(2, 0), (3, 2), (4, 0), (4, 1), (4, 2),
                                                                          (5, 2)]
    assert list(zip(got.attrs[RED].rows.tolist(), got.attrs[RED].columns.tolist())) == [(5, 2)]
    found = struck_lines(got, ["金额"])
    assert found["ref"].tolist() == ["C3", "C4", "C5"] and found["value"].tolist() == [30, 80, 7.5]
    assert found["at"].tolist() == [1, 2, 3]
    assert struck_lines(got, ["客户"])["ref"].tolist() == ["A2", "A4"]  # by the columns asked: amounts alone count


def test_an_xls_ledger_s_red_and_struck_fonts_hidden_rows_and_errors_are_read_as_an_xlsx_s():
    """An old binary workbook (.xls, Excel 97-2003, as WPS saves too): calamine reads its cells and tells nothing of
    its fonts (red returns and struck-through voided lines were counted as sales) nor of its hidden rows or error
    cells (read empty). Its table starts at B3 (the title in B1): rows and columns line up with the grid's. The lines
    are make_fixtures.MARKED_LINES (tests/data/make_fixtures.py writes the file, with xlwt)."""
    from kit.io import MERGED, RED, STRUCK, red_amounts, struck_lines

    got = read_table(DATA / "ledger_marks.xls", expected=["客户", "日期", "金额"])
    assert got[SOURCE_ROW].tolist() == list(range(4, 15))
    assert got["金额"].tolist() == [100, 30, 80, -5, 7.5, 50, 20, 10, 60, 15, 12]  # read as written
    # by hand: red are the amounts D5 (30), D7 (-5), D8 (7.5), D11 (10, struck too) and the name B4; dark red D13 not
    red = got.attrs[RED]
    assert red.sheet == "'台账'"
    assert sorted(zip(red.rows.tolist(), red.columns.tolist())) == [(4, 1), (5, 3), (7, 3), (8, 3), (11, 3)]
    found = red_amounts(got, ["金额"])
    assert found["ref"].tolist() == ["D5", "D8", "D11"] and found["value"].tolist() == [30, 7.5, 10]
    struck = got.attrs[STRUCK]  # D10, D11 and the whole row 14 (B, C, D)
    assert sorted(zip(struck.rows.tolist(), struck.columns.tolist())) == [(10, 3), (11, 3), (14, 1), (14, 2), (14, 3)]
    found = struck_lines(got, ["金额"])
    assert found["ref"].tolist() == ["D10", "D11", "D14"] and found["value"].tolist() == [20, 10, 12]
    assert [cell for cell in got.attrs[MERGED] if cell[3] == "hidden"] == [(12, "", 12, "hidden")]
    assert got.loc[got[SOURCE_ROW] == 9, "备注"].tolist() == ["#N/A"]  # an error cell as Excel shows it
    assert got["备注"].isna().sum() == 10


def test_an_xls_workbook_written_in_red_throughout_marks_nothing_red():
    """Every font of ledger_red_default.xls is red, the Normal style's and the default cell format's among them."""
    from kit.io import RED

    got = read_table(DATA / "ledger_red_default.xls", expected=["客户", "日期", "金额"])
    assert got["金额"].tolist() == [100, 30] and RED not in got.attrs


def _biff(code: int, payload: bytes) -> bytes:
    import struct

    return struct.pack("<HH", code, len(payload)) + payload


def test_an_xls_sheet_s_records_are_read_as_they_are_laid_out():
    """The records of a BIFF8 sheet as Excel writes them and xlwt does not: numbers side by side (MULRK), empty
    formatted cells (MULBLANK), a formula whose result is an error, a true beside an error (BOOLERR), a hidden row
    beside a shown one, and a chart embedded in the sheet (its records are the chart's: none of the sheet's cells)."""
    import struct

    from kit.io import _biff_sheet

    def row(number: int, hidden: bool) -> bytes:  # rw, first and last column, height, 2 reserved, flags
        return _biff(0x0208, struct.pack("<HHHHHHI", number, 0, 4, 255, 0, 0, 0x100 | (0x20 if hidden else 0)))

    sheet = b"".join([
        _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)),  # the sheet's BOF
        row(0, False), row(1, True), row(2, False), row(7, True),
        _biff(0x0203, struct.pack("<HHHd", 0, 0, 21, 100.0)),  # NUMBER A1, format 21
        _biff(0x00BD, struct.pack("<HH", 1, 1) + struct.pack("<HI", 22, 0x3FF00000) + struct.pack("<HI", 23, 0)
              + struct.pack("<HI", 24, 0) + struct.pack("<H", 3)),  # MULRK B2:D2, formats 22, 23, 24
        _biff(0x00BE, struct.pack("<HH", 2, 0) + struct.pack("<2H", 25, 26) + struct.pack("<H", 1)),  # MULBLANK A3:B3
        _biff(0x0006, struct.pack("<HHH", 2, 2, 27) + bytes([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF])
              + struct.pack("<HIH", 0, 0, 0)),  # FORMULA C3 = #DIV/0!
        _biff(0x0006, struct.pack("<HHHd", 2, 3, 28, 5.0) + struct.pack("<HIH", 0, 0, 0)),  # FORMULA D3 = 5
        _biff(0x0205, struct.pack("<HHHBB", 7, 0, 29, 1, 0)),  # BOOLERR A8 = TRUE
        _biff(0x0205, struct.pack("<HHHBB", 7, 1, 30, 0x2A, 1)),  # BOOLERR B8 = #N/A
        _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0020, 0, 0, 0, 0)),  # a chart's BOF ...
        _biff(0x0203, struct.pack("<HHHd", 9, 9, 31, 1.0)),  # ... a record of its own ...
        _biff(0x000A, b""),  # ... and its EOF
        _biff(0x00FD, struct.pack("<HHHI", 8, 4, 32, 0)),  # LABELSST E9, after the chart
        _biff(0x000A, b"")])  # the sheet's EOF
    before = b"\x00" * 12  # the workbook's records before the sheet
    hidden, (rows, columns, formats), (e_rows, e_columns, codes) = _biff_sheet(before + sheet + b"tail", len(before))
    assert hidden.tolist() == [1, 7]
    assert sorted(zip(rows.tolist(), columns.tolist(), formats.tolist())) == [
        (0, 0, 21), (1, 1, 22), (1, 2, 23), (1, 3, 24), (2, 0, 25), (2, 1, 26), (2, 2, 27), (2, 3, 28), (7, 0, 29),
        (7, 1, 30), (8, 4, 32)]
    assert sorted(zip(e_rows.tolist(), e_columns.tolist(), codes.tolist())) == [(2, 2, 0x07), (7, 1, 0x2A)]
    assert _biff_sheet(before + sheet[:-4], len(before)) is None  # no EOF: xlrd reads it instead


def test_an_xls_sheet_s_records_walked_are_read_as_xlrd_reads_them():
    """The walk of the records (:func:`kit.io._biff_sheet`) against xlrd's read of the whole sheet, for each .xls
    fixture (merged title cells written as MULBLANK, error cells, hidden rows, fonts)."""
    import xlrd

    from kit.io import _biff_sheet, _xlrd_sheet

    def plain(found) -> tuple:
        hidden, cells, errors = found
        return hidden.tolist(), *(sorted(zip(*(part.tolist() for part in three))) for three in (cells, errors))

    for path in sorted(DATA.glob("*.xls")):
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, use_mmap=False)
        walked = plain(_biff_sheet(book.mem, book._sh_abs_posn[0]))
        assert walked == plain(_xlrd_sheet(book.sheet_by_index(0))), path.name
        assert walked[1], path.name


def test_an_xls_workbook_without_xlrd_stops_with_the_install_to_run(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "xlrd", None)  # import xlrd: ImportError
    with pytest.raises(DataError, match=r"^ledger_marks.xls: reading the font colours, strikes and hidden rows of an "
                                        r"\.xls workbook needs the xlrd package; run pip install xlrd"):
        read_table(DATA / "ledger_marks.xls")
    assert read_table(DATA / "orders_title_block.xlsx")[SOURCE_ROW].tolist()  # an .xlsx does not need it


@pytest.mark.parametrize("strike, struck", [("<strike/>", True), ('<strike val="1"/>', True),
                                            ('<strike val="true"/>', True), ('<strike val="0"/>', False),
                                            ('<strike val="false"/>', False), ("", False)])
def test_a_font_is_struck_through_by_its_strike_unless_set_off(tmp_path, strike, struck):
    """styles.xml's fonts as Excel and other writers spell them; the second font both red and (perhaps) struck."""
    import zipfile

    from kit.io import _font_styles

    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    styles = (f'<styleSheet {main}><fonts count="2"><font><sz val="11"/></font><font>{strike}<color rgb="FFFF0000"/>'
              '</font></fonts><cellXfs count="3"><xf fontId="0"/><xf fontId="1"/><xf fontId="1"/></cellXfs>'
              '</styleSheet>')
    with zipfile.ZipFile(tmp_path / "s.xlsx", "w") as book:
        book.writestr("xl/styles.xml", styles)
    with zipfile.ZipFile(tmp_path / "s.xlsx") as book:
        found = _font_styles(book)
    assert found["red"] == (b"1", b"2")
    assert found["struck"] == ((b"1", b"2") if struck else ())


@pytest.mark.parametrize("rgb, red", [("FFFF0000", True), ("00FF0000", True), ("FF0000", True), ("FFC00000", True),
                                      ("FFBF0000", False), ("FFFF6060", True), ("FFFF6100", False),
                                      ("FFFF0061", False), ("FF000000", False), ("", False), ("red", False)])
def test_a_colour_is_red_from_c0_red_and_at_most_60_green_and_blue(rgb, red):
    from kit.io import _is_red

    assert _is_red(rgb) is red


def test_a_workbook_without_styles_reads_with_no_red_cells(tmp_path):
    """A workbook a program wrote without xl/styles.xml (its cells may still name a style)."""
    import zipfile

    from kit.io import RED, STRUCK

    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kinds}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kinds}.worksheet+xml"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="{rels}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                        f'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<workbook {main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                            f'relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{rels}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet {main}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>金额</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>K1</t>'
            '</is></c><c r="B2" s="1"><v>30</v></c></row></sheetData></worksheet>')}
    with zipfile.ZipFile(tmp_path / "bare.xlsx", "w") as book:
        for name, text in parts.items():
            book.writestr(name, text)
    got = read_table(tmp_path / "bare.xlsx")
    assert got["金额"].tolist() == [30] and RED not in got.attrs and STRUCK not in got.attrs


def test_a_chart_sheet_is_no_worksheet_and_sheet_indexes_count_worksheets(tmp_path):
    """A chart sheet (趋势图, second) is left out of the workbook's sheets, as the reader counts them: sheet 1 is 2月."""
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    from kit.io import workbook_contents, workbook_sheets

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编码", "日期", "金额"])
    book.active.append(["H1", "2025-01-05", 100])
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("趋势图").add_chart(chart)
    book.create_sheet("2月").append(["客户编码", "日期", "金额"])
    book["2月"].append(["H2", "2025-02-05", 40])
    book.save(tmp_path / "book.xlsx")
    assert workbook_sheets(tmp_path / "book.xlsx") == {"1月": True, "2月": True}
    assert workbook_contents(tmp_path / "book.xlsx")["趋势图"] == (True, {"en": "chart sheet", "zh": "图表工作表"})
    assert read_table(tmp_path / "book.xlsx", sheet=1)["客户编码"].tolist() == ["H2"]
    with pytest.raises(DataError, match=r"book.xlsx: sheet '趋势图' is a chart sheet, with no cells to read"):
        read_table(tmp_path / "book.xlsx", sheet="趋势图")


JAPANESE_NAMES = ["㈱山田商事", "ｶﾌﾞｼｷｶﾞｲｼｬ ｽｽﾞｷ", "有限会社佐藤工業", "株式会社髙橋製作所", "ボールペン黒"]
KOREAN_NAMES = ["(주)한빛상사", "대한물산 주식회사", "서울유통", "미래전자(주)", "A4 복사용지"]


def test_a_japanese_cp932_export_gbk_would_misread_is_read_as_cp932(tmp_path):
    """QA c66: a Shift-JIS export as Windows writes it read as GBK without an error, its headers as 攧忋擔 ..."""
    path = tmp_path / "売上明細.csv"
    rows = [f"2025/03/{1 + i % 28:02d},U{i:06d},{100000 + i % 50},{JAPANESE_NAMES[i % 5]},{120 * (i + 1)}"
            for i in range(200)]
    raw = ("売上日,伝票番号,得意先コード,得意先名,金額\r\n" + "\r\n".join(rows) + "\r\n").encode("cp932")
    raw.decode("gb18030")  # the premise: GBK decodes these bytes without an error
    path.write_bytes(raw)
    table = read_table(path)
    assert list(table.columns)[1:] == ["売上日", "伝票番号", "得意先コード", "得意先名", "金額"]
    assert table["得意先名"].head(5).tolist() == JAPANESE_NAMES


def test_a_korean_cp949_export_gbk_would_misread_is_read_as_cp949(tmp_path):
    """QA c73: an EUC-KR export read as GBK without an error, its headers as 概免老磊 ... (Hangul syllables are
    where GB2312 has its common hanzi)."""
    path = tmp_path / "매출현황.csv"
    rows = [f"2025-03-{1 + i % 28:02d},{i:05d},{1000 + i % 40:05d},{KOREAN_NAMES[i % 5]},{1500 * (i + 1)}"
            for i in range(200)]
    raw = ("매출일자,전표번호,거래처코드,거래처명,공급가액\n" + "\n".join(rows) + "\n").encode("cp949")
    raw.decode("gb18030")  # the premise
    path.write_bytes(raw)
    table = read_table(path)
    assert list(table.columns)[1:] == ["매출일자", "전표번호", "거래처코드", "거래처명", "공급가액"]
    assert table["거래처명"].head(5).tolist() == KOREAN_NAMES


def test_a_japanese_file_gbk_cannot_read_is_named_cp932(tmp_path):
    """Half-width katakana before a comma is no GBK: the encoding said is Windows' Japanese, not cp1252 (tried
    first before) nor Python's shift_jis, which refuses ㈱."""
    from kit.io import EncodingError, likely_encoding

    path = tmp_path / "得意先.csv"
    raw = "得意先コード,得意先名,金額\nT01,ｶﾌﾞｼｷ,1200\nT02,㈱ヤマダ,300\n".encode("cp932")  # 5 single bytes
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb18030")
    path.write_bytes(raw)
    assert likely_encoding(path) == ("cp932", "Japanese")
    with pytest.raises(EncodingError, match="cp932"):
        read_table(path)


CHINESE_NAMES = ["张三", "李四", "北京华联商贸有限公司", "上海市第一人民医院", "王五", "深圳市腾达科技有限公司"]


@pytest.mark.parametrize("header, cells", [
    ("客户编码,客户名称,订单日期,金额", [f"K{i:03d},{CHINESE_NAMES[i % 6]},2025-03-05,{i}" for i in range(300)]),
    # the hardest: Chinese only in the header, every character of which reads as a Hangul syllable in cp949
    ("客户编码,客户名称,订单日期,金额", [f"K{i:03d},ACME {i},2025-03-05,{i}" for i in range(300)]),
    ("订单号,客户编码,订单日期,数量,单价", [f"SO{i:05d},C{i % 30:03d},2024-04-19,{i % 20}{'件盒盒'[i % 3]},1.5"
                                     for i in range(300)]),  # QA c32: units 件 and 盒 read as two syllables
    ("单号,单价,customer,date", [f"{i},{i},C{i},2025-01-05" for i in range(300)]),  # 单价 reads as 데송 in cp949
])
def test_gbk_chinese_is_never_read_as_japanese_or_korean(tmp_path, header, cells):
    path = tmp_path / "orders.csv"
    raw = (header + "\n" + "\n".join(cells) + "\n").encode("gbk")
    if "ACME" in cells[0]:
        assert all("\uac00" <= c <= "\ud7a3" for c in header.encode("gbk").decode("cp949") if c != ",")  # premise
    path.write_bytes(raw)
    table = read_table(path)
    assert ",".join(list(table.columns)[1:]) == header
    if "客户名称" in header:
        assert table["客户名称"].iloc[0] == cells[0].split(",")[1]


_SPREADSHEETML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:html="http://www.w3.org/TR/REC-html40">
<Worksheet ss:Name="销售明细"><Table>
<Row><Cell ss:MergeAcross="3"><Data ss:Type="String">2025年销售明细</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">客户编码</Data></Cell><Cell><Data ss:Type="String">客户名称</Data></Cell>
 <Cell><Data ss:Type="String">订单日期</Data></Cell><Cell><Data ss:Type="String">金额</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">K001</Data></Cell><Cell><Data ss:Type="String">协和<html:B>医院</html:B></Data></Cell>
 <Cell><Data ss:Type="DateTime">2025-03-05T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">1200.5</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">K002</Data></Cell>
 <Cell ss:Index="3"><Data ss:Type="DateTime">2025-04-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">88</Data></Cell></Row>
<Row ss:Index="6"><Cell><Data ss:Type="String">K001</Data></Cell><Cell><Data ss:Type="String">协和医院</Data></Cell>
 <Cell><Data ss:Type="DateTime">2025-11-20T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">15.25</Data></Cell></Row>
</Table></Worksheet>
<Worksheet ss:Name="说明"><Table><Row><Cell><Data ss:Type="String">内部</Data></Cell></Row></Table>
 <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
</Worksheet>
</Workbook>
"""


@pytest.mark.parametrize("name", ["网页导出.xls", "网页导出.xml"])
def test_an_excel_2003_xml_spreadsheet_is_read_as_a_workbook(tmp_path, name):
    """Web systems export tables as Excel 2003 XML under an .xls (or .xml) name: told to be saved again as .xlsx,
    now read as a workbook is, its cells by their types, skipped cells and rows (ss:Index) in their places."""
    import datetime as dt

    from kit.io import workbook_contents

    path = tmp_path / name
    path.write_text(_SPREADSHEETML, encoding="utf-8")
    assert workbook_contents(path) == {"销售明细": (True, None), "说明": (False, None)}
    frame = read_table(path, expected=["客户编码", "订单日期", "金额"])
    assert frame[SOURCE_ROW].tolist() == [3, 4, 5, 6]  # row 5 skipped by ss:Index: empty, as an .xlsx's is
    frame = frame.loc[frame["客户编码"].notna()]
    assert frame["客户编码"].tolist() == ["K001", "K002", "K001"]
    assert frame["客户名称"].fillna("").tolist() == ["协和医院", "", "协和医院"]
    assert frame["订单日期"].tolist() == [dt.datetime(2025, 3, 5), dt.datetime(2025, 4, 1), dt.datetime(2025, 11, 20)]
    assert frame["金额"].tolist() == [1200.5, 88, 15.25]


def test_kit_init_drafts_an_excel_2003_xml_spreadsheet_and_a_run_cleans_it(tmp_path):
    from conftest import order_case
    from test_scaffold import _drafted

    from kit import clean

    (tmp_path / "网页导出.xls").write_text(_SPREADSHEETML, encoding="utf-8")
    _, drafted = _drafted(tmp_path / "网页导出.xls", tmp_path / "p.yaml")
    assert (drafted.data.columns.customer_id, drafted.data.columns.order_date, drafted.data.columns.amount) == (
        "客户编码", "订单日期", "金额")
    params, paths = order_case(tmp_path, "网页导出.xls", "{customer_id: 客户编码, order_date: 订单日期, amount: 金额}")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K001": 1215.75, "K002": 88}  # by hand


def test_an_excel_2003_xml_spreadsheet_with_entities_is_not_expanded(tmp_path):
    """An entity defined in the file (a billion laughs) is never expanded: the file stops as no readable workbook."""
    path = tmp_path / "bomb.xls"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:'
                    'office:spreadsheet"><Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&b;</Data>'
                    '</Cell></Row></Table></Worksheet></Workbook>', encoding="utf-8")
    with pytest.raises(DataError, match="bomb.xls: not a readable Excel workbook"):
        read_table(path)


def test_an_excel_2003_xml_spreadsheet_with_a_cell_far_beyond_its_data_stops(tmp_path):
    """A cell placed at XFD1048576 by ss:Index (a 2 kB file): its grid would be 17 billion empty cells in memory;
    it stops as an .xlsx with such a cell does, naming the cell."""
    path = tmp_path / "far.xls"
    far = _SPREADSHEETML.replace('<Row ss:Index="6">', '<Row ss:Index="1048576">').replace(
        '<Cell><Data ss:Type="Number">15.25</Data>', '<Cell ss:Index="16384"><Data ss:Type="Number">15.25</Data>')
    path.write_text(far, encoding="utf-8")
    with pytest.raises(DataError, match=r"far.xls: sheet '销售明细' reaches cell XFD1048576 \(1,048,576 rows"):
        read_table(path)


def test_kit_init_reads_the_unit_in_the_title_of_an_excel_2003_xml_spreadsheet(tmp_path):
    """The title above the table says 单位：万元: kit init drafts amount_scale 10000 for it as for an .xlsx (the
    title was read by calamine alone, which does not read Excel 2003 XML: amounts taken as yuan)."""
    from test_scaffold import _drafted

    (tmp_path / "网页导出.xls").write_text(_SPREADSHEETML.replace("2025年销售明细", "2025年销售明细（单位：万元）"),
                                          encoding="utf-8")
    _, drafted = _drafted(tmp_path / "网页导出.xls", tmp_path / "p.yaml")
    assert drafted.data.amount_scale == 10000


def test_an_excel_2003_xml_spreadsheet_is_read_as_a_stream_not_held_whole(tmp_path):
    """A web export of 5,000 rows: the XML was parsed into a tree held whole (14 times the file's size, 600 MB for a
    32 MB export of 100,000 rows); its rows are let go once read, the memory at its peak a few times the file's."""
    import tracemalloc

    from kit.io import _xml_grid

    path = tmp_path / "big.xls"
    cell = '<Cell><Data ss:Type="{}">{}</Data></Cell>'
    rows = "".join("<Row>" + "".join(cell.format(*c) for c in [("String", f"K{i % 50:03d}"), ("String", f"客户{i % 50}"),
                   ("DateTime", f"2025-03-{i % 28 + 1:02d}T00:00:00.000"), ("String", f"P{i % 9}"),
                   ("Number", i % 7 + 1), ("Number", f"{i}.5")]) + "</Row>\n" for i in range(5000))
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss='
                    '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>' + rows +
                    '</Table></Worksheet></Workbook>', encoding="utf-8")
    tracemalloc.start()
    try:
        grid = _xml_grid(path, 0)[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert grid.shape == (5000, 6) and grid.iat[4999, 5] == 4999.5 and grid.iat[0, 0] == "K000"
    assert peak < 6 * path.stat().st_size


def _struck_xml(path):
    """test_clean_engine's hand-kept ledger (voided lines struck through, a 红字 return in red, a struck header) as
    an Excel 2003 XML spreadsheet, its fonts by styles (s1 struck, s2 red and struck, s3 red; s4 struck by its
    parent s1), a row hidden too."""
    from test_clean_engine import _STRUCK_LINES

    style = {"struck": "s1", "row": "s4", "red": "s2", "red only": "s3"}
    cell = '<Cell{}><Data ss:Type="{}">{}</Data></Cell>'
    rows = ["<Row>" + cell.format("", "String", "客户") + cell.format("", "String", "日期")
            + cell.format(' ss:StyleID="s1"', "String", "金额") + "</Row>"]
    for customer, day, amount, mark in _STRUCK_LINES:
        at = f' ss:StyleID="{style[mark]}"' if mark else ""
        whole = at if mark == "row" else ""
        rows.append("<Row>" + cell.format(whole, "String", customer) + cell.format(whole, "DateTime", f"{day}T00:00:00")
                    + cell.format(at, "Number", amount) + "</Row>")
    rows.append('<Row ss:Hidden="1">' + cell.format("", "String", "K9") + cell.format("", "DateTime", "2025-05-01T00:00:00")
                + cell.format("", "Number", 7) + "</Row>")
    path.write_text(
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Styles><Style ss:ID="Default" ss:Name="Normal">'
        '<Font ss:FontName="宋体" ss:Size="11"/></Style><Style ss:ID="s1"><Font ss:StrikeThrough="1"/></Style>'
        '<Style ss:ID="s2"><Font ss:Color="#FF0000" ss:StrikeThrough="1"/></Style><Style ss:ID="s3"><Font '
        'ss:Color="#FF0000"/></Style><Style ss:ID="s4" ss:Parent="s1"><Alignment ss:Horizontal="Left"/></Style>'
        '</Styles><Worksheet ss:Name="台账"><Table>' + "".join(rows) + "</Table></Worksheet></Workbook>",
        encoding="utf-8")


def test_an_excel_2003_xml_ledger_s_struck_red_and_hidden_lines_are_told_as_an_xlsx_s(tmp_path):
    """Voided lines struck through and a 红字 return in red, saved as Excel 2003 XML: counted as sales without a word
    (the fonts were not read); the run stops naming them as for an .xlsx, and with struck_rows: void and
    red_amounts: returns grades each customer as by hand. The hidden row is counted and said."""
    from conftest import order_case
    from test_clean_engine import _STRUCK_LINES

    from kit import clean

    _struck_xml(tmp_path / "台账.xls")
    params, paths = order_case(tmp_path, "台账.xls", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert "sheet '台账' strikes through the '金额' amount of 5 lines (105.00 in all; C3, C5, C7, C10, C11)" in str(
        stopped.value)
    params, paths = order_case(tmp_path, "台账.xls", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                               cleaning="cleaning: {struck_rows: void, red_amounts: returns}\n")
    told: list[str] = []
    result = clean.clean_case(params, paths, note=told.append)
    expected: dict[str, float] = {"K9": 7.0}  # by hand: struck lines left out, the red one a return
    for customer, _, amount, mark in _STRUCK_LINES:
        if mark not in ("struck", "row", "red"):
            expected[customer] = expected.get(customer, 0) + (-amount if mark == "red only" else amount)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == expected
    ledger = result.ledger.groupby("kind")["rows"].sum()
    assert ledger["read"] == 11 and any("hidden" in line for line in told)


def test_a_file_without_a_header_whose_first_row_holds_a_unix_time_is_read_from_its_first_row(tmp_path):
    """QA (Taobao's UserBehavior.csv: 2215,2101962,772150,pv,1511644416 first): whole numbers alone may be a
    header's years, but a Unix timestamp of seconds or milliseconds is data; years stay a header."""
    source = tmp_path / "events.csv"
    source.write_text("2215,2101962,772150,pv,1511644416\n1234,441557,3545541,buy,1511839481\n", encoding="utf-8")
    table = read_table(source).drop(columns=SOURCE_ROW)
    assert list(table.columns) == ["column_1", "column_2", "column_3", "column_4", "column_5"]
    assert table.iloc[0].tolist() == ["2215", "2101962", "772150", "pv", "1511644416"] and len(table) == 2
    wide = tmp_path / "wide.csv"
    wide.write_text("Name,2024,2025\nK1,100,200\n", encoding="utf-8")
    assert list(read_table(wide).drop(columns=SOURCE_ROW).columns) == ["Name", "2024", "2025"]


@pytest.mark.parametrize("encoding", ["utf-8", None])
@pytest.mark.parametrize("rows", [2, 300])
def test_a_utf8_header_above_gbk_rows_says_two_encodings_in_one_file(tmp_path, encoding, rows):
    """QA: a short UTF-8 header (客户,日期,金额: 6 characters, under the 8 taken as UTF-8 text) above GBK rows,
    given data.encoding: utf-8, was told "it reads as gb18030" (which garbles the header); without it, read as
    GBK with the header garbled (瀹㈡埛)."""
    from kit.io import TwoEncodingsError

    path = tmp_path / "orders.csv"
    path.write_bytes("客户,日期,金额\n".encode() + "".join(
        f"华东医药,2025-03-{1 + i % 28:02d},{100 + i}.00\n" for i in range(rows)).encode("gbk"))
    with pytest.raises(TwoEncodingsError) as error:
        read_table(path, encoding=encoding)
    assert str(error.value) == ("orders.csv: line 1, the header, is UTF-8 but the rows from line 2 on are GBK: two "
                                "encodings in one file, which no one encoding reads; save the whole file again in "
                                "one encoding (writing the header again in GBK, say)")
    assert "第 1 行表头是 UTF-8 编码，而从第 2 行起的数据行是 GBK 编码" in error.value.told("zh")
    fixed = tmp_path / "fixed.csv"  # done as said: the header written again in GBK, the file reads
    fixed.write_bytes("客户,日期,金额\n".encode("gbk") + path.read_bytes().split(b"\n", 1)[1])
    assert read_table(fixed)["金额"].astype(float).sum() == sum(100 + i for i in range(rows))


@pytest.mark.parametrize("titles", ["2025年销售明细\n单位：元\n", "2025年销售明细,,\n,,\n"])
def test_a_utf8_header_below_title_lines_above_gbk_rows_says_so_not_two_exports(tmp_path, titles):
    """Title lines above the UTF-8 header (header_row 3), GBK rows below: the stop said "two exports pasted together,
    split it at line 4 and copy line 1, the header, to the top of the second" (line 1 is a title)."""
    from kit.io import TwoEncodingsError

    path = tmp_path / "orders.csv"
    path.write_bytes((titles + "客户,日期,金额\n").encode() + "华东医药,2025-03-01,100.00\n协和医院,2025-03-02,50.00\n"
                     .encode("gbk"))
    for header_row in (None, 3):
        with pytest.raises(TwoEncodingsError) as error:
            read_table(path, header_row=header_row)
        assert str(error.value) == (
            "orders.csv: lines 1 to 3, the header and the title lines above it, are UTF-8 but the rows from line 4 on "
            "are GBK: two encodings in one file, which no one encoding reads; save the whole file again in one "
            "encoding (writing the header and the titles again in GBK, say)")
        assert "第 1 至 3 行（表头及其上方的标题行）是 UTF-8 编码，而从第 4 行起的数据行是 GBK 编码" in error.value.told("zh")


@pytest.mark.parametrize("header", ["客户,date,amount", "id,日期,amount"])
def test_a_utf8_header_of_two_hanzi_above_gbk_rows_says_two_encodings_in_one_file(tmp_path, header):
    """A header of two Chinese characters in UTF-8 (under the three taken as UTF-8) above GBK rows read as GBK,
    the header garbled (瀹㈡埛), and the run asked for a customer column the file seemed to lack."""
    from kit.io import TwoEncodingsError

    path = tmp_path / "orders.csv"
    path.write_bytes((header + "\n").encode() + "华东医药,2025-03-01,100.00\n协和医院,2025-03-02,50.00\n".encode("gbk"))
    with pytest.raises(TwoEncodingsError, match=r"^orders.csv: line 1, the header, is UTF-8 but the rows from line 2 "
                                                r"on are GBK"):
        read_table(path)


@pytest.mark.parametrize("header", ["客户,date,amount", "金额,date,customer"])
def test_a_gbk_file_with_a_header_of_two_hanzi_stays_gbk(tmp_path, header):
    path = tmp_path / "orders.csv"
    path.write_bytes((header + "\n华东医药,2025-03-05,100.00\n协和医院,2025-04-01,250.50\n").encode("gbk"))
    frame = read_table(path)
    assert frame.columns[1] == header.split(",")[0] and frame.iloc[:, 3].astype(float).sum() == 350.5


def test_a_gbk_file_with_a_chinese_header_stays_gbk(tmp_path):
    """The header rule above does not take a GBK file for UTF-8: GBK throughout reads as GBK."""
    path = tmp_path / "orders.csv"
    path.write_bytes(("客户,日期,金额\n" + "华东医药,2025-03-05,100.00\n协和医院,2025-04-01,250.50\n").encode("gbk"))
    assert read_table(path)["客户"].tolist() == ["华东医药", "协和医院"]


def test_a_utf8_header_with_a_byte_order_mark_above_gbk_rows_names_line_2(tmp_path):
    """utf-8-sig counts a decoding error from after its byte-order mark: a UTF-8 header with one above GBK rows was
    said to be "UTF-8 until line 1, which is not" (the row of line 2 starting right after the header's line end)."""
    from kit.io import TwoEncodingsError

    path = tmp_path / "orders.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "客户,日期,金额\n".encode()
                     + "华东医药,2025-03-01,100.00\n协和医院,2025-03-02,50.00\n".encode("gbk"))
    with pytest.raises(TwoEncodingsError) as error:
        read_table(path)
    assert error.value.line == 2
    assert str(error.value).startswith("orders.csv: line 1, the header, is UTF-8 but the rows from line 2 on are GBK")


def test_a_big_sheet_is_read_in_blocks_each_text_once(tmp_path, monkeypatch):
    """Found at scale: a workbook of 3 sheets of a million order lines took 1.9 GB in kit run and kit init, each
    cell a Python object of its own (a customer's ID and name once per line). Read in blocks of rows, the cells are
    those pandas reads, the table starting anywhere on the sheet, and a text or date written on many lines is held once."""
    import datetime as dt
    import math

    import openpyxl

    from kit import io as kit_io

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"] = "客户编号"
    sheet["D3"], sheet["E3"], sheet["F3"] = "客户名称", "单据日期", "金额"
    for i in range(40):
        row = 4 + i
        sheet.cell(row, 3, f"K{i % 4:03d}")
        sheet.cell(row, 4, f"客户{i % 4}商贸有限公司" if i != 17 else "N/A")
        sheet.cell(row, 5, dt.date(2025, 1, 1 + i % 9) if i != 30 else "待定")
        sheet.cell(row, 6, [12.5, 3.0, 1e20][i % 3])
    book.save(tmp_path / "big.xlsx")
    expected = pd.read_excel(tmp_path / "big.xlsx", header=None, dtype=object, engine="calamine")
    monkeypatch.setattr(kit_io, "GRID_BLOCK_ROWS", 7)  # blocks of 7 rows, the last one short
    got, _, _ = kit_io._excel_grid(tmp_path / "big.xlsx", 0)
    assert got.shape == expected.shape == (43, 6)

    def same(a, b) -> bool:
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return type(a) is type(b) and a == b

    for column in expected:
        pairs = zip(expected[column].tolist(), got[column].tolist())
        assert all(same(a, b) for a, b in pairs), column
    ids = got[2].iloc[3:]
    assert ids.nunique() == 4 and len({id(v) for v in ids}) == 4  # 40 lines, 4 customers: 4 texts held
    names = got[3].iloc[3:]
    assert len({id(v) for v in names if v == "客户1商贸有限公司"}) == 1
    dates = got[4].iloc[7:28]  # blocks of dates alone (the first holds the header, the fifth 待定): each date once
    assert len({id(v) for v in dates if v == dt.datetime(2025, 1, 2)}) == 1


def test_a_sheet_is_read_alike_however_calamine_iterates_its_rows(tmp_path, monkeypatch):
    """Review: python-calamine's iter_rows gives the rows above a table (empty) but not the columns left of it, and
    its tracker asks to make the two alike (dimastbk/python-calamine#177), within the versions the kit allows: the
    cells stay where the sheet has them whether the rows above, or the columns to the left, come or not."""
    import datetime as dt
    import math

    import openpyxl

    from kit import io as kit_io

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "客户编号", "单据日期", "金额"
    for i in range(12):
        sheet.cell(4 + i, 3, f"K{i % 3:03d}")
        sheet.cell(4 + i, 4, dt.date(2025, 1, 1 + i))
        sheet.cell(4 + i, 5, 10.5 * i)
    book.save(tmp_path / "offset.xlsx")
    expected = pd.read_excel(tmp_path / "offset.xlsx", header=None, dtype=object, engine="calamine")
    assert expected.shape == (15, 5)

    class Rows:  # the sheet as calamine reads it, its rows given from the table's first row, or from column A
        def __init__(self, one, rows_above: bool, columns_left: bool):
            self.one, self.rows_above, self.columns_left = one, rows_above, columns_left
            self.start, self.end, self.width, self.height = one.start, one.end, one.width, one.height

        def iter_rows(self):
            for at, row in enumerate(self.one.iter_rows()):
                if at >= self.start[0] or self.rows_above:
                    yield [""] * self.start[1] + row if self.columns_left else row

    def same(a, b) -> bool:
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return type(a) is type(b) and a == b

    monkeypatch.setattr(kit_io, "GRID_BLOCK_ROWS", 5)
    parts = kit_io._grid_parts
    for rows_above, columns_left in ((True, False), (False, False), (True, True), (False, True)):
        # the sheet as the reader gets it from calamine, iterated one way or the other
        monkeypatch.setattr(kit_io, "_grid_parts", lambda one, a=rows_above, b=columns_left: parts(Rows(one, a, b)))
        got = kit_io._excel_grid(tmp_path / "offset.xlsx", 0)[0].to_numpy()
        assert got.shape == expected.shape, (rows_above, columns_left)
        assert all(same(a, b) for a, b in zip(expected.to_numpy().ravel().tolist(), got.ravel().tolist())), (
            rows_above, columns_left)


def test_a_csv_row_longer_than_the_block_is_read_by_reading_again_in_larger_blocks(tmp_path, monkeypatch):
    """A row over the 4 MB block (a remark cell of pasted text) stopped the run with 'a row after row N is larger
    than 4 MB (a quote left open?)', in English alone: the file is read again in larger blocks, each row given once,
    as pandas reads it; past the largest block, one sentence (zh and en) names the row. Blocks of 2 KB here."""
    import pyarrow as pa

    from kit import io

    lines = ["客户,日期,金额,备注"] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i}.5,ok" for i in range(400)]
    lines.insert(300, "C1,2025-02-01,7," + "长" * 3000)  # 9 KB on one line, in row 301
    broken = "x\n" * 4000
    lines.insert(351, f'C2,2025-02-02,8,"{broken}"')  # 8 KB of lines in one quoted cell, row 352
    path = tmp_path / "备注.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = pa.Table.from_batches(list(io.csv_batches(path, expected=["客户", "日期", "金额"], block_bytes=1 << 11)))
    assert got.column(SOURCE_ROW).to_pylist() == list(range(2, 404))  # 402 rows, each once, in order
    whole = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert got.drop([SOURCE_ROW]).to_pandas().values.tolist() == whole.values.tolist()
    assert got.column("备注")[299].as_py() == "长" * 3000 and got.column("备注")[350].as_py() == broken
    monkeypatch.setattr(io, "MAX_CSV_BLOCK_BYTES", 1 << 12)  # no block large enough: said, naming where
    with pytest.raises(DataError) as stop:
        list(io.csv_batches(path, expected=["客户", "日期", "金额"], block_bytes=1 << 11))
    row = int(re.search(r"row (\d+) or a row after it is longer than", str(stop.value))[1])
    assert row <= 301
    assert f"第 {row} 行或其后的一行超过" in stop.value.told("zh")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("at", ["last", "middle"])
def test_a_quote_left_open_to_the_end_of_a_csv_stops_naming_its_row(tmp_path, encoding, at):
    """Review: a quote opened in a remark (or an amount) and never closed made every line after it one cell, and the
    file read as the rows before it and that one row (20,000 rows read as 101, nothing set aside, nothing said); past
    4 MB it stopped, until rows longer than the block were read again in larger blocks. Blocks of 2 KB here."""
    from kit import io

    lines = ["客户,日期,金额,备注"] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i},普通" for i in range(2000)]
    lines[101] = '客户X,2025-02-01,7,"漏了引号' if at == "last" else '客户X,2025-02-01,"7,漏了引号'  # row 102
    path = tmp_path / "备注.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    with pytest.raises(DataError) as stop:
        list(io.csv_batches(path, expected=["客户", "日期", "金额"], block_bytes=1 << 11))
    assert stop.value.told("en") == (
        "备注.csv: a quote opened in row 102 is never closed, so everything from that row to the end of the file reads as "
        "one cell and the rows after it cannot be read: close or remove that quote in a text editor")
    assert stop.value.told("zh").startswith("备注.csv：第 102 行有一个引号没有闭合")


@pytest.mark.parametrize("last", ['C1,2025-03-01,5,"两行\r\n备注"', 'C1,2025-03-01,5,"两行\r\n备注",', 'C1,2025-03-01,5,普通'])
def test_a_quoted_cell_over_lines_closed_in_the_last_row_is_read(tmp_path, last):
    from kit import io

    lines = ["客户,日期,金额,备注,"] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i},普通," for i in range(50)]
    lines[10] = 'C2,2025-02-01,7,"一个\r\n换行",'
    lines.append(last)
    path = tmp_path / "备注.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    got = pd.concat(b.to_pandas() for b in io.csv_batches(path, expected=["客户", "日期", "金额"]))
    assert got[SOURCE_ROW].tolist() == list(range(2, 53))
    assert got["备注"].iloc[9] == "一个\r\n换行" and got["备注"].iloc[-1] == ("普通" if "普通" in last else "两行\r\n备注")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("branch", ["arrow", "pandas"])
@pytest.mark.parametrize("opened", ['7,"加急 送货', '"7,普通'])
def test_a_quote_opened_mid_file_and_closed_rows_later_stops_naming_its_row(tmp_path, monkeypatch, encoding, branch,
                                                                           opened):
    """Review: a remark opening a quote (``"加急``) closed by a quote 500 lines further down (``5" display``) read the 499
    rows between as one cell of row 102, the file as 2,500 rows of 3,000, nothing set aside, nothing said (row numbers
    after it 500 short); a quote opened in the amount, the same. The pandas branch (rows shorter than the header, past SHORT_ROWS_FOR_PANDAS) read it so too."""
    from kit import io

    extra = ",备用" if branch == "pandas" else ""  # a header cell more than the rows: every row short
    if branch == "pandas":
        monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", 5)
    lines = ["客户,日期,金额,备注" + extra] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i}.5,普通" for i in range(3000)]
    lines[101] = f"客户X,2025-02-01,{opened}"  # row 102 opens a quote (in the amount: the row short by a cell)
    lines[601] = 'C8,2025-03-01,88,显示屏 5" 宽'  # row 602 closes it
    path = tmp_path / "备注.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    with pytest.raises(DataError) as stop:
        list(io.csv_batches(path, expected=["客户", "日期", "金额"], block_bytes=1 << 12))
    shown = opened.split(",", 1)[1] if opened.startswith("7") else opened
    assert stop.value.told("en") == (
        f"备注.csv: the cell {shown} in row 102 opens a quote that closes only 500 lines further down, so the 499 rows "
        "between would read as that one cell and be lost: close or remove that quote in a text editor, or, if the cell "
        "is meant to hold those lines (a remark quoted over lines), set data.quoted_line_breaks: keep in the params")
    assert stop.value.told("zh").startswith(f"备注.csv：第 102 行的单元格 {shown} 以引号开头，引号到 500 行之后才闭合，中间的 499 行")


def test_a_quote_never_closed_in_the_pandas_branch_stops_naming_its_row(tmp_path, monkeypatch):
    """The pandas branch (after SHORT_ROWS_FOR_PANDAS short rows) said "not a readable table (Error tokenizing data. C
    error: EOF inside string starting at row 100)", in English alone, for a quote never closed: now the Arrow branch's
    sentence, naming the row as Excel counts it."""
    from kit import io

    monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", 5)
    lines = ["客户,日期,金额,备注,备用"] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i},普通" for i in range(2000)]
    lines[1500] = '客户X,2025-02-01,7,"漏了引号'  # row 1,501
    path = tmp_path / "备注.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    with pytest.raises(DataError) as stop:
        list(io.csv_batches(path, expected=["客户", "日期", "金额"]))
    assert stop.value.told("en") == (
        "备注.csv: a quote opened in row 1,501 is never closed, so everything from that row to the end of the file reads "
        "as one cell and the rows after it cannot be read: close or remove that quote in a text editor")


@pytest.mark.parametrize("branch", ["arrow", "pandas"])
def test_remarks_over_several_lines_with_commas_are_read_as_cells(tmp_path, monkeypatch, branch):
    """A remark over lines holding commas (a list of instructions, an address) is no swallowed row: read as it is."""
    from kit import io

    extra = ",备用" if branch == "pandas" else ""
    if branch == "pandas":
        monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", 5)
    remark = "1. 送货, 加急, 周五\r\n2. 发票, 抬头, 公司\r\n3. 地址: 北京市, 海淀区, 中关村\r\n完"
    lines = ["客户,日期,金额,备注" + extra] + [f"C{i % 7},2025-01-{i % 28 + 1:02d},{i}.5,普通" for i in range(300)]
    for at in (10, 150, 299):
        lines[at] = f'C1,2025-02-01,7,"{remark}"'
    path = tmp_path / "备注.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    got = pd.concat(b.to_pandas() for b in io.csv_batches(path, expected=["客户", "日期", "金额"]))
    assert got[SOURCE_ROW].tolist() == list(range(2, 302))
    assert got["备注"].iloc[[9, 149, 298]].tolist() == [remark] * 3


@pytest.mark.parametrize("branch", ["arrow", "pandas"])
def test_a_remark_listing_items_over_lines_is_read_as_a_cell(tmp_path, monkeypatch, branch):
    """Review: an order export (客户, 订单号, 金额, 日期, 备注) whose remark lists its items a line each ("Widget A, 2,
    59.90", quoted as Excel and Python's csv write it) stopped kit init and the run as a quote closing rows later: a
    line of three cells, numbers where the row has its order ID and amount, read as a row, the date column past its
    end never compared. A swallowed row has the row's dated and numbered cells all."""
    from kit import io

    extra = ",备用" if branch == "pandas" else ""
    if branch == "pandas":
        monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", 5)
    remark = "Items:\nWidget A, 2, 59.90\nWidget B, 1, 10.00\nThanks"
    lines = ["客户,订单号,金额,日期,备注" + extra] + [f"C{i % 7},{20250000 + i},{i}.00,2025-01-{i % 28 + 1:02d},"
                                                   for i in range(300)]
    for at in (3, 150, 299):
        lines[at] = f'C1,{20250000 + at},7.00,2025-02-01,"{remark}"'
    path = tmp_path / "orders.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    got = pd.concat(b.to_pandas() for b in io.csv_batches(path, expected=["客户", "日期", "金额"]))
    assert got[SOURCE_ROW].tolist() == list(range(2, 302))  # 300 rows, by construction
    assert got["备注"].iloc[[2, 149, 298]].tolist() == [remark] * 3


def _remark_in_the_file_s_shape(tmp_path):
    """An export (ID, date, amount, remark) of 300 rows whose remark in rows 4, 151 and 300 (data rows 2, 149 and 298
    counted from 0) quotes a line in the file's own shape ("1001, 2025-01-05, 59.90"), correctly, as Excel writes
    it; and that remark."""
    remark = "补录:\n1001, 2025-01-05, 59.90\n请核对"
    lines = ["客户ID,日期,金额,备注"] + [f"{1000 + i % 7},2025-01-{i % 28 + 1:02d},{i}.50,普通" for i in range(300)]
    for at in (3, 150, 299):
        lines[at] = f'{1000 + at},2025-02-01,7.00,"{remark}"'
    path = tmp_path / "orders.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path, remark


@pytest.mark.parametrize("branch", ["arrow", "pandas"])
def test_a_remark_quoting_a_line_in_the_file_s_shape_is_read_with_quoted_line_breaks_keep(tmp_path, monkeypatch,
                                                                                          branch):
    """Re-read: a correctly quoted remark holding a line in the file's own shape stopped the run as a swallowed
    quote, with no way on. The stop stays the default (such a remark cannot be told from a quote opened by mistake),
    naming data.quoted_line_breaks; with keep, the file is read as quoted: 300 rows, the remark in its cell."""
    from kit import io

    path, remark = _remark_in_the_file_s_shape(tmp_path)
    if branch == "pandas":  # a header cell more than the rows: every row short, past SHORT_ROWS_FOR_PANDAS
        path.write_bytes(path.read_bytes().replace("备注\n".encode(), "备注,备用\n".encode(), 1))
        monkeypatch.setattr(io, "SHORT_ROWS_FOR_PANDAS", 5)
    with pytest.raises(DataError, match="data.quoted_line_breaks: keep"):
        list(io.csv_batches(path, expected=["客户ID", "日期", "金额"]))
    with io.quoted_line_breaks(SimpleNamespace(quoted_line_breaks="keep")):
        got = pd.concat(b.to_pandas() for b in io.csv_batches(path, expected=["客户ID", "日期", "金额"]))
    assert got[SOURCE_ROW].tolist() == list(range(2, 302))  # 300 rows, by construction
    assert got["备注"].iloc[[2, 149, 298]].tolist() == [remark] * 3
    with pytest.raises(DataError):  # the default again once the case's files are read
        list(io.csv_batches(path, expected=["客户ID", "日期", "金额"]))


def test_quoted_line_breaks_keep_in_the_params_reads_the_run_s_orders_as_quoted(tmp_path):
    """The params key reaches the run's reading of the orders (kit check's header check, the cleaning): 300 lines
    kept, the three remarks' 7.00 among them; unset, the run stops naming the key."""
    from kit import clean
    from kit.context import RunPaths
    from kit.io import check_headers
    from kit.params import load_params

    path, _ = _remark_in_the_file_s_shape(tmp_path)
    head = ("case: t\ntitle: T\nclient: C\nlanguage: en\n"
            f"data:\n  path: {path}\n  columns: {{customer_id: 客户ID, order_date: 日期, amount: 金额}}\n")
    tail = ("period: {as_of: 2025-12-31, months: 12}\n"
            "grading:\n  value: {method: thresholds, thresholds: [300], labels: [small, big]}\n")
    for name, extra in (("stop", ""), ("keep", "  quoted_line_breaks: keep\n")):
        (tmp_path / f"{name}.yaml").write_text(head + extra + tail, encoding="utf-8")
        (tmp_path / name).mkdir()
    params = load_params(tmp_path / "keep.yaml")
    assert params.data.quoted_line_breaks == "keep"
    check_headers(params)
    result = clean.clean_case(params, RunPaths(tmp_path / "keep"))
    assert result.kept == 300
    assert round(pd.read_parquet(RunPaths(tmp_path / "keep").transactions)["amount"].sum(), 2) == round(
        sum(i + 0.5 for i in range(300) if i not in (2, 149, 298)) + 3 * 7.00, 2)
    with pytest.raises(DataError, match="quoted_line_breaks"):
        clean.clean_case(load_params(tmp_path / "stop.yaml"), RunPaths(tmp_path / "stop"))


def test_a_classic_mac_csv_with_a_line_feed_in_one_cell_is_read_row_by_row(tmp_path):
    """Review: lines ended by a carriage return alone (a classic Mac file) and one quoted cell holding a line feed
    were taken for a file of line feeds with returns inside cells: every return made a space, the whole file one
    row (kit init ran for minutes; a run stopped on 'row 1 has 9,004 cells'). 3,000 rows written, 3,000 read, the
    cell's line feed kept."""
    rows = ["customer_id,order_date,amount,note"]
    rows += [f"C{i % 300:04d},2025-01-{i % 28 + 1:02d},{i + 1}.50," + ('"line1\nline2"' if i == 5 else "x")
             for i in range(3000)]
    path = tmp_path / "mac.csv"
    path.write_bytes(("\r".join(rows) + "\r").encode())
    import pyarrow as pa

    from kit.io import csv_batches

    got = pa.Table.from_batches(list(csv_batches(path, expected=["customer_id", "order_date", "amount"]))).to_pandas()
    assert len(got) == 3000
    assert got["amount"].tolist() == [f"{i + 1}.50" for i in range(3000)]
    assert got["note"].iloc[5] == "line1\nline2"


@pytest.mark.parametrize("extra", [0, 42])
def test_a_swallowed_quote_is_told_in_a_file_of_any_width(tmp_path, extra):
    """Rows grouped by the shape of their dates and numbers (one number per row of shapes, base 3, 39 columns a
    number, more for a wider file: np.unique over rows of cells took 1.9 of 3.5 CPU s at 3M lines): a quote opened
    in the remark of row 21, closed 40 lines down, stops naming the row in a file of 4 columns and of 46; the same
    files with the remark closed are read whole (300 rows, by construction)."""
    from kit import io

    pad = "".join(f",x{i}" for i in range(extra))
    lines = ["客户,日期,金额" + "".join(f",列{i}" for i in range(extra)) + ",备注"]
    lines += [f"C{i % 9},2025-03-{i % 28 + 1:02d},{i}.50{pad},普通" for i in range(300)]
    good = tmp_path / "good.csv"
    good.write_text("\n".join([*lines[:20], f'C7,2025-02-01,77.00{pad},"加急\n送货"', *lines[21:]]) + "\n",
                    encoding="utf-8")
    lines[20] = f'C7,2025-02-01,77.00{pad},"加急'
    lines[60] = f'C8,2025-02-02,88.00{pad},显示屏 5" 宽'
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as stop:
        list(io.csv_batches(bad, expected=["客户", "日期", "金额"]))
    assert stop.value.told("en").startswith('bad.csv: the cell "加急 in row 21 opens a quote that closes only 40 lines '
                                            "further down, so the 39 rows between")
    assert sum(b.num_rows for b in io.csv_batches(good, expected=["客户", "日期", "金额"])) == 300


def _month_rows(month: int, n: int) -> list[list]:
    return [[f"K{i % 4}", f"2025-{month:02d}-{i + 1:02d}", 10 * (i + 1)] for i in range(n)]


def test_a_workbook_s_sheets_go_through_the_reading_one_at_a_time_with_the_same_copies_found(tmp_path):
    """``packed``: the sheets of ``sheet: all`` are each unpacked alone for the reading's steps and the copy check
    (three sheets of a million rows were all unpacked at once: 1.03 GiB), and come packed, to be unpacked one at a
    time. What is read is as before. By hand: 6月 (2) is 6月 with one amount changed (19 of its 20 rows in 6月);
    6月备份 is 6月 in another row order with a blank row (its 20 dated rows all in the others); 5月 is its own. The
    largest copy goes first, of equal ones the later: 6月备份 (of 6月 and 6月 (2)), then 6月 (2) (of 6月)."""
    from conftest import order_case, write_workbook

    from kit.io import _Packed, read_order_sheets

    header = ["客户", "日期", "金额"]
    june = _month_rows(6, 20)
    changed = [list(row) for row in june]
    changed[7][2] = 999
    shuffled = june[10:] + [[None, None, None]] + june[:10]
    write_workbook(tmp_path / "台账.xlsx", {"5月": [header, *_month_rows(5, 10)], "6月": [header, *june],
                                            "6月 (2)": [header, *changed], "6月备份": [header, *shuffled]})
    params, _ = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                           data="  sheet: all\n")
    got = {}
    for packed in (False, True):
        said, skipped = [], []
        tables = read_order_sheets(params.data.paths[0], params.data, params.columns, note=said.append,
                                   skipped=skipped, packed=packed)
        assert all(isinstance(frame, _Packed) == packed for frame, _ in tables)
        frames = [(frame.unpacked() if packed else frame, label) for frame, label in tables]
        got[packed] = frames, said, skipped
    (frames, said, skipped), (packed_frames, packed_said, packed_skipped) = got[False], got[True]
    assert [label for _, label in frames] == [label for _, label in packed_frames] == ["台账.xlsx [5月]", "台账.xlsx [6月]"]
    for (one, _), (other, _) in zip(frames, packed_frames):
        pd.testing.assert_frame_equal(one, other)
    assert [len(frame) for frame, _ in packed_frames] == [10, 20]
    assert said == packed_said and skipped == packed_skipped
    assert [(one.label, one.rows, one.cents, one.copy_of) for one in packed_skipped] == [
        ("台账.xlsx [6月 (2)]", 20, 100 * (sum(10 * (i + 1) for i in range(20)) - 80 + 999), ["6月"]),
        ("台账.xlsx [6月备份]", 21, 100 * sum(10 * (i + 1) for i in range(20)), ["6月", "6月 (2)"])]


def _marked_book(path: Path, red: list[str], struck: list[str]) -> Path:
    """Sheets 一月 and 二月 of four lines each (amounts 10, 20, 30, 40 in C2:C5), the cells ``red`` in red font and
    ``struck`` struck through, each as sheet!cell."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheets = {"一月": book.active, "二月": book.create_sheet("二月")}
    sheets["一月"].title = "一月"
    for month, sheet in enumerate(sheets.values(), start=1):
        for row in [["客户", "日期", "金额"], *_month_rows(month, 4)]:
            sheet.append(row)
    for cells, font in ((red, Font(color="FFFF0000")), (struck, Font(strike=True))):
        for one in cells:
            name, cell = one.split("!")
            sheets[name][cell].font = font
    book.save(path)
    return path


def test_the_struck_stop_comes_before_the_red_one_whichever_sheet_is_read_first(tmp_path):
    """The sheets go through the reading one at a time, and what stops is as when each step went through every sheet
    before the next: 一月's red amount (red_amounts unset) is found before 二月's struck one (struck_rows unset), but
    struck lines are told first, and alone (a voided line is no return); struck lines on both sheets are named
    together. With both set, the notes come step by step: each sheet's struck lines, then each sheet's red ones."""
    from conftest import order_case

    from kit.io import read_order_sheets

    book = _marked_book(tmp_path / "t.xlsx", red=[], struck=[])
    params, _ = order_case(tmp_path, "t.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                           data="  sheet: all\n")
    for packed in (False, True):
        _marked_book(book, red=["一月!C3"], struck=["二月!C2"])
        with pytest.raises(DataError) as stopped:
            read_order_sheets(book, params.data, params.columns, packed=packed)
        told = stopped.value.told("en")
        assert "sheet '二月' strikes through the '金额' amount of 1 line (10.00 in all" in told, told
        _marked_book(book, red=["一月!C3"], struck=["一月!C5", "二月!C2"])
        with pytest.raises(DataError) as stopped:
            read_order_sheets(book, params.data, params.columns, red_amounts="returns", packed=packed)
        told = stopped.value.told("en")
        assert "sheets '一月', '二月' strike through the '金额' amount of 2 lines (50.00 in all" in told, told
        _marked_book(book, red=["一月!C3", "二月!C4"], struck=["一月!C5", "二月!C2"])
        said = []
        read_order_sheets(book, params.data, params.columns, note=said.append, red_amounts="returns",
                          struck_rows="void", packed=packed)
        steps = [("struck" if "struck" in line else "red", line.split("[")[1].split("]")[0])
                 for line in said if "struck" in line or "red font" in line]
        assert steps == [("struck", "一月"), ("struck", "二月"), ("red", "一月"), ("red", "二月")], said


def test_quoted_line_breaks_keep_says_the_cells_read_over_lines_in_the_file_s_shape(tmp_path):
    """Review: with data.quoted_line_breaks: keep a quote truly opened by mistake (a remark "加急 in row 502 closed by
    5" 宽 in row 532) swallowed 30 orders without a word: 1,970 of 2,000 lines kept, the ledger reading 1,970. keep
    still reads the cell as quoted, and the run says how many cells hold how many lines in the file's own shape and
    where (a remark quoted on purpose in row 102 beside it), so that a quote opened by mistake is found."""
    from kit import clean
    from kit.context import RunPaths
    from kit.params import load_params

    lines = ["订单号,客户编码,下单日期,金额,备注"]
    lines += [f"SO{100000 + i},C{i % 60:03d},2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i + 10}.50,正常"
              for i in range(2000)]
    lines[101] = lines[101].rsplit(",", 1)[0] + ',"补录:\nSO9, C001, 2025-01-05, 59.90\n请核对"'  # row 102, on purpose
    lines[501] = lines[501].rsplit(",", 1)[0] + ',"加急'  # data row 500 (row 502, the records counted)
    lines[531] = lines[531].rsplit(",", 1)[0] + ',显示屏 5" 宽'  # 30 lines down
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "keep.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: {path}\n  quoted_line_breaks: keep\n"
        "  columns: {customer_id: 客户编码, order_date: 下单日期, amount: 金额, order_id: 订单号}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [300], labels: [small, big]}\n", encoding="utf-8")
    (tmp_path / "keep").mkdir()
    said: list[str] = []
    result = clean.clean_case(load_params(tmp_path / "keep.yaml"), RunPaths(tmp_path / "keep"), note=said.append)
    assert result.kept == 2000 - 30  # the rows of data rows 501..530 read into the remark, as asked
    told = [line for line in said if "quoted_line_breaks" in line]
    assert told == ['orders.csv: 2 cells quoted over lines hold 30 lines in the file\'s own shape (row 102, "补录:; row '
                    '502, "加急), '
                    'read inside the cell as data.quoted_line_breaks: keep says, not as rows: if a quote '
                    'was opened by mistake, close it in a text editor']


def test_quoted_line_breaks_keep_reaches_the_customer_master(tmp_path):
    """Review: a customer master (data.master) whose remark quotes a line in the file's own shape stopped the run
    naming data.quoted_line_breaks: keep, and with keep set it stopped again (the master was read outside the key's
    reach). With keep the master is read as quoted, its 3 customers' names on the grades, and the cell is said."""
    from kit import clean
    from kit.context import RunPaths
    from kit.params import load_params

    (tmp_path / "orders.csv").write_text("客户编码,下单日期,金额\n" + "".join(
        f"C00{i % 3 + 1},2025-0{i % 9 + 1}-1{i % 9},{100 + i}.00\n" for i in range(30)), encoding="utf-8")
    (tmp_path / "master.csv").write_text(
        "客户编码,客户名称,建档日期,信用额度,备注\nC001,甲医院,2024-01-05,5000,普通\n"
        'C002,乙医院,2024-02-06,6000,"原编码:\nC9, 丁医院, 2023-01-05, 100\n已合并"\nC003,丙医院,2024-03-07,7000,普通\n',
        encoding="utf-8")
    (tmp_path / "keep.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: {tmp_path / 'orders.csv'}\n  quoted_line_breaks: keep\n"
        "  columns: {customer_id: 客户编码, order_date: 下单日期, amount: 金额}\n"
        f"  master: {{path: {tmp_path / 'master.csv'}, columns: {{customer_id: 客户编码, customer_name: 客户名称}}}}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [300], labels: [small, big]}\n", encoding="utf-8")
    (tmp_path / "keep").mkdir()
    said: list[str] = []
    params = load_params(tmp_path / "keep.yaml")
    result = clean.clean_case(params, RunPaths(tmp_path / "keep"), note=said.append)
    assert result.kept == 30
    master, _ = clean.master_for(params, RunPaths(tmp_path / "keep").transactions, note=said.append)
    assert master["customer_id"].tolist() == ["C001", "C002", "C003"]
    assert [line for line in said if "quoted_line_breaks" in line] == [
        'master.csv: 1 cell quoted over lines holds 1 line in the file\'s own shape (row 3, "原编码:), read '
        "inside the cell as data.quoted_line_breaks: keep says, not as rows: if a quote was opened by mistake, close "
        "it in a text editor"]


def test_quoted_line_breaks_keep_counts_the_lines_of_a_file_lined_up_with_spaces(tmp_path):
    """Review: with keep, a text file lined up with spaces said each remark over lines as a cell holding 0 lines in
    the file's own shape; it says only the cell that holds one, and the one line it holds, as a stop would."""
    import types

    from kit.io import kept_quoted_lines, quoted_line_breaks

    rows = ["id  day  amt  note"] + [f"C{i:03d}  2025-01-{i + 1:02d}  {i + 10}.50  ok" for i in range(20)]
    rows[5] = 'C004  2025-01-05  14.50  "see:\nfoo  bar  baz\nend"'  # a remark, no row of the file in it
    rows[9] = 'C008  2025-01-09  18.50  "again:\nC9  2025-01-05  59.90  x\nend"'  # a row of the file in it
    (tmp_path / "o.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with quoted_line_breaks(types.SimpleNamespace(quoted_line_breaks="keep")) as kept:
        assert len(read_table(tmp_path / "o.txt")) == 20
    assert kept_quoted_lines(kept, "en") == [
        "o.txt: 1 cell quoted over lines holds 1 line in the file's own shape (row 10, \"again:), read inside the cell "
        "as data.quoted_line_breaks: keep says, not as rows: if a quote was opened by mistake, close it in a text "
        "editor"]


def test_quoted_line_breaks_keep_says_two_files_of_one_name_apart(tmp_path):
    """Review: two order files of one name in different folders had their kept cells said as one file's."""
    from kit import clean
    from kit.context import RunPaths
    from kit.params import load_params

    files = []
    for year in ("2024", "2025"):
        (tmp_path / year).mkdir()
        lines = ["客户编码,下单日期,金额,备注"] + [f"C{i:03d},{year}-03-{i + 1:02d},{i + 10}.50,正常" for i in range(10)]
        lines[3] = f'C002,{year}-03-03,12.50,"补录{year}:\nC9, {year}-01-05, 59.90\n请核对"'  # row 4
        files.append(tmp_path / year / "orders.csv")
        files[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "keep.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: [{files[0]}, {files[1]}]\n  quoted_line_breaks: keep\n"
        "  columns: {customer_id: 客户编码, order_date: 下单日期, amount: 金额}\n"
        "period: {as_of: 2025-12-31, months: 24}\n"
        "grading:\n  value: {method: thresholds, thresholds: [300], labels: [small, big]}\n", encoding="utf-8")
    (tmp_path / "keep").mkdir()
    said: list[str] = []
    clean.clean_case(load_params(tmp_path / "keep.yaml"), RunPaths(tmp_path / "keep"), note=said.append)
    assert [line.split(" (")[0] + " (" + line.split(" (")[1].split(")")[0] + ")" for line in said
            if "quoted_line_breaks" in line] == [
        f"{year}/orders.csv: 1 cell quoted over lines holds 1 line in the file's own shape (row 4, \"补录{year}:)"
        for year in ("2024", "2025")]
