"""Errors told in the case's language: a Chinese case's consultant reads Chinese sentences."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from kit import errors, text
from kit.clean import clean_orders
from kit.errors import DataError, KitError, ParamsError, phrase
from kit.io import SOURCE_ROW
from kit.params import Columns, read_yaml
from kit.runner import describe_failure, load_cases


@pytest.fixture(autouse=True)
def english_after():
    yield
    errors.use_language("en")  # a test that switches the process's language does not leak it


def _fields(template: str) -> set[str]:
    plain = re.sub(r"\{(\w+)\|[^{}|]*\|[^{}|]*\}", r"{\1}", template)
    return {name for _, name, _, _ in string.Formatter().parse(plain) if name}


def test_each_error_text_has_the_same_placeholders_in_both_languages():
    keys = [k for k in text.keys() if k.startswith("e_")]  # noqa: SIM118 - text.keys() is a function
    assert len(keys) > 30
    for key in keys:
        assert _fields(text.template(key, "zh")) == _fields(text.template(key, "en")), key
        if text.template(key, "zh").strip("{}") not in _fields(text.template(key, "zh")):  # not a bare placeholder
            assert re.search(r"[\u4e00-\u9fff]", text.template(key, "zh")), f"{key} has no Chinese"


def test_a_keyed_error_is_english_by_default_and_told_in_chinese_when_asked():
    error = DataError(key="e_no_file", file="订单.csv")
    assert str(error) == "订单.csv: the file does not exist"
    assert error.told("zh") == "订单.csv：文件不存在"
    assert error.args == ("订单.csv: the file does not exist",)  # what pickling and logs carry
    errors.use_language("zh")  # as a notebook of a Chinese case does
    assert str(error) == "订单.csv：文件不存在"
    error.language = "en"  # set by the code that knows the case: wins over the process's language
    assert str(error) == "订单.csv: the file does not exist"


def test_phrases_and_per_language_values_are_told_in_the_error_s_language():
    error = DataError(key="e_column_missing", file="o.csv", section="data.columns", column="amount",
                      wanted={"en": "'金额' or '销售额'", "zh": "'金额' 或 '销售额'"},
                      close=phrase("e_closest", name="'金额（元）'"), where="", headers="客户, 金额（元）")
    assert str(error) == ("o.csv: column '金额' or '销售额' for `data.columns.amount` is not in the file; closest is "
                          "'金额（元）'; the file's headers are: 客户, 金额（元）")
    assert error.told("zh") == ("o.csv：文件中没有 `data.columns.amount` 指定的列 '金额' 或 '销售额'（最接近的是 '金额（元）'）；"
                                "文件的表头是：客户, 金额（元）")
    assert phrase(None) == ""
    assert KitError("plain English").told("zh") == "plain English"  # an error without a key stays as written


def test_a_misspelt_header_is_told_in_the_language_of_its_case(tmp_path, write_params):
    (tmp_path / "o.csv").write_text("客户编码,订单日期,金额\nH1,2025-03-05,1\n", encoding="gb18030")
    base = ("case: c\ntitle: t\nclient: c\nperiod: {as_of: 2025-12-31, months: 12}\n"
            "grading: {value: {method: pareto}}\ndata:\n  path: o.csv\n"
            "  columns: {customer_id: 客户代码, order_date: 订单日期, amount: 金额}\n")
    zh = write_params(base + "language: zh\n", "zh.yaml")
    en = write_params(base + "language: en\n", "en.yaml")
    with pytest.raises(ParamsError) as info:
        load_cases([zh, en], [])
    told_zh, told_en = str(info.value).splitlines()
    assert told_zh == (f"o.csv：文件中没有 `data.columns.customer_id` 指定的列 '客户代码'（最接近的是 '客户编码'）；"
                       f"文件的表头是：客户编码, 订单日期, 金额 ({zh})")
    assert told_en.startswith("o.csv: column '客户代码' for `data.columns.customer_id` is not in the file; closest is")


def test_a_params_file_that_cannot_be_read_is_told_in_the_language_it_writes(tmp_path):
    zh = tmp_path / "zh.yaml"
    zh.write_text("case: c\nlanguage: zh  # 中文报告\nperiod: {as_of: 2025-02-30}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        read_yaml(zh)
    assert str(info.value) == (f"参数文件 {str(zh)!r} 中有不存在的日期（第 3 行：period: {{as_of: 2025-02-30}}）："
                               f"2025-02 只有 28 天，没有 2025-02-30；请写成真实的日期（YYYY-MM-DD）")  # no English in it
    broken = tmp_path / "broken.yaml"
    broken.write_text("language: 'zh'\ncase: [c\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"^参数文件 .* 不是有效的 YAML（第 3 行第 1 列）"):
        read_yaml(broken)
    unsaid = tmp_path / "unsaid.yaml"
    unsaid.write_text("case: [c\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"不是有效的 YAML（第 2 行第 1 列）"):  # zh, the report's default
        read_yaml(unsaid)
    english = tmp_path / "english.yaml"
    english.write_text("language: en\ncase: [c\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"is not valid YAML at line 3, column 1"):
        read_yaml(english)
    with pytest.raises(ParamsError, match=r"^params file .* does not exist$"):
        read_yaml(tmp_path / "missing.yaml")


def test_too_many_unusable_rows_are_told_in_chinese_with_the_reasons_in_chinese():
    ok = [(f"K{i}", "2025-02-01", "5") for i in range(6)]
    raw = pd.DataFrame([("A", "2025-01-01", "1"), (None, "2025-01-02", "2"), (None, "2025-01-03", "3"),
                        ("B", "bad", "4"), *ok], columns=["c", "d", "a"])
    raw[SOURCE_ROW] = range(2, 2 + len(raw))
    with pytest.raises(DataError) as info:
        clean_orders(raw, Columns(customer_id="c", order_date="d", amount="a"), source="f.csv")
    error = info.value
    assert str(error).startswith("f.csv: 3 of 10 rows (30.0%) cannot be used, more than `cleaning.max_set_aside_share`"
                                 " 0.05 (5%) allows (no customer ID: 2 rows, e.g. row 3 (empty); ")
    assert "1 row, e.g. row 5 'bad')" in str(error)
    zh = error.told("zh")
    assert zh.startswith("f.csv：10 行中有 3 行（30.0%）无法使用，超过了 `cleaning.max_set_aside_share` 允许的 0.05 (5%)（")
    assert "2 行，例如第 3 行（为空）" in zh and "第 5 行 'bad'" in zh
    assert "--set cleaning.max_set_aside_share=0.31" in zh


def test_most_rows_unusable_point_at_the_column_mapping_not_at_the_limit():
    """The amount mapped to a name column: every row was unusable and the advice was to raise the limit to 1."""
    raw = pd.DataFrame({"c": ["A", "B", "C"], "d": ["2025-01-01"] * 3, "a": ["甲", "乙", "丙"]})
    raw[SOURCE_ROW] = range(2, 5)
    with pytest.raises(DataError) as info:
        clean_orders(raw, Columns(customer_id="c", order_date="d", amount="a"), source="f.csv")
    assert "max_set_aside_share" not in str(info.value)
    assert str(info.value).endswith("`data.columns` most likely maps a column to the wrong header (the amount to a name "
                                    "column, say): check the mapping first, then the file")
    assert "多半是 `data.columns` 把某一列对错了表头" in info.value.told("zh")


def test_most_dates_not_reading_as_the_date_format_point_at_the_format():
    """`date_format: "%d/%m/%Y"` on a month/day file: the error blamed the column mapping, showing 01/13/2023 as its
    example (found in QA)."""
    raw = pd.DataFrame({"c": ["A", "B", "C", "D"], "d": ["01/13/2023", "02/14/2023", "03/05/2023", "12/25/2023"],
                        "a": ["1", "2", "3", "4"]})
    raw[SOURCE_ROW] = range(2, 6)
    with pytest.raises(DataError) as info:
        clean_orders(raw, Columns(customer_id="c", order_date="d", amount="a"), source="f.csv",
                     date_format="%d/%m/%Y")
    assert str(info.value) == (
        "f.csv: 3 of 4 rows (75.0%) cannot be used (order date missing, not a date, a placeholder (1900-01-01) or not "
        "between 1900 and 2199: 3 rows, e.g. row 2 '01/13/2023'); most are dates that do not read as "
        "`data.date_format` (%d/%m/%Y): check the format (day and month swapped?)")
    assert "日与月是否写反" in info.value.told("zh")


def test_a_notebook_that_stops_on_a_kit_error_is_described_in_the_case_s_language():
    class Stopped(Exception):
        ename, evalue, cell_index, exec_count, source = "DataError", "订单.csv：文件不存在", 3, 7, "run = ..."

    assert describe_failure("01_clean.ipynb", Stopped(), lang="zh") == \
        "01_clean.ipynb 在第 3 个单元格（执行序号 In [7]）处停止：订单.csv：文件不存在"
    assert describe_failure("01_clean.ipynb", Stopped()) == "01_clean.ipynb stopped in cell 3 (In [7]): 订单.csv：文件不存在"


def test_values_inside_a_chinese_message_are_chinese_too(tmp_path):
    """`文件的表头是：客户, 日期 and 2 columns without a header`, `文本不是 utf-8-sig or gb18030 编码` (found in review)."""
    from kit.io import match_headers, read_table

    cols = Columns(customer_id="客户编码", order_date="日期", amount="金额")
    with pytest.raises(DataError) as info:
        match_headers(["客户", "日期", "Unnamed: 2", "Unnamed: 3"], cols, source="o.csv")
    assert info.value.told("zh").endswith("文件的表头是：客户, 日期（另有 2 列没有表头）")
    assert str(info.value).endswith("the file's headers are: 客户, 日期 and 2 columns without a header")
    latin = tmp_path / "latin.csv"
    # (headers in ASCII: UTF-8 Chinese above the bytes no encoding reads names their line instead)
    latin.write_bytes(b"customer,date,amount\n" + b"\x81\x30\xff\xfe,2025-01-01,1\n" * 3)
    with pytest.raises(DataError) as info:
        read_table(latin)
    assert "文本不是 utf-8-sig 或 gb18030 编码" in info.value.told("zh")


def test_a_keyed_error_survives_pickling_as_kit_run_jobs_does():
    import pickle

    from kit.io import EncodingError

    error = EncodingError(Path("o.csv"), tried={"en": "utf-8 or gb18030", "zh": "utf-8 或 gb18030"},
                          hint=phrase("e_encoding_reads_as", encoding="cp1252", where="Western Europe"))
    error.language = "zh"
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is EncodingError and back.path == Path("o.csv") and str(back) == str(error)
    assert str(back).startswith("o.csv：文本不是 utf-8 或 gb18030 编码") and back.told("en").endswith(
        "; it reads as cp1252 (Western Europe)")


def test_a_full_width_colon_or_a_tab_in_a_params_file_is_named_on_its_line(tmp_path):
    """`currency： RMB` (a Chinese input method's colon) gave PyYAML's words and a later line (found in QA)."""
    path = tmp_path / "case.yaml"
    path.write_text("case: c\nlanguage: zh\ntitle: \"客户：分级\"\ncurrency： RMB\nperiod: {as_of: 2025-12-31}\n",
                    encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        read_yaml(path)
    assert str(info.value) == f"参数文件 {str(path)!r} 第 4 行用了全角冒号“：”；YAML 只认半角冒号，请改成“:”（冒号后留一个空格）"
    path.write_text("case: c\nlanguage: en\nperiod:\n\tas_of: 2025-12-31\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"line 4 holds a tab; YAML reads only spaces"):
        read_yaml(path)
    # after a colon (months:<tab>6), as an editor aligning values types it: PyYAML's own words before (QA)
    path.write_text("case: c\nlanguage: en\nperiod:\n  as_of: 2025-12-31\n  months:\t6\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"line 5 holds a tab; YAML reads only spaces"):
        read_yaml(path)


def test_a_params_file_naming_no_language_is_told_in_chinese_from_the_first_error(tmp_path):
    """Without `language:` the report is Chinese, and so were validation errors, but errors found while reading the
    file (a tab, broken YAML) were English (found in review)."""
    path = tmp_path / "case.yaml"
    path.write_text("case: c\nperiod:\n\tas_of: 2025-12-31\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        read_yaml(path)
    assert str(info.value) == f"参数文件 {str(path)!r} 第 3 行有 Tab；YAML 只认空格，请把 Tab 换成空格"
    # a language the kit does not have: English, as validation tells it
    path.write_text("case: c\nlanguage: fr\nthresholds: [1, 2\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"^params file .* is not valid YAML at line 4, column 1"):
        read_yaml(path)


def test_a_params_file_saved_as_gbk_is_read(tmp_path):
    """Notepad on a Chinese Windows saves GBK: the kit said "is not UTF-8 text" and stopped (found in QA)."""
    path = tmp_path / "case.yaml"
    path.write_text("case: c\nlanguage: zh\ntitle: 医院客户分级\n", encoding="gbk")
    assert read_yaml(path)["title"] == "医院客户分级"
    path.write_bytes(b"case: c\ntitle: \x81\x30\xff\xfe\n")
    with pytest.raises(ParamsError, match=r"is neither UTF-8 nor GBK text; save it as UTF-8"):
        read_yaml(path)


def _kept_as(form: str, tmp_path):
    """The kept rows as given to check_window: the table itself, or a Parquet file as 01_clean writes them (whose
    counts window_counts keeps for the run)."""
    if form == "frame":
        return lambda frame: frame
    written = iter(range(100))

    def parquet(frame):
        path = tmp_path / f"transactions_{next(written)}.parquet"
        frame.to_parquet(path)
        return path

    return parquet


@pytest.mark.parametrize("form", ["frame", "parquet"])
def test_nothing_kept_is_no_matter_of_the_window(form, tmp_path):
    """A header-only file said "no order falls in the window ... set period.as_of" (found in QA)."""
    from kit.clean import check_window as check

    as_kept = _kept_as(form, tmp_path)

    def check_window(frame, **kw):
        return check(as_kept(frame), **kw)

    empty = pd.DataFrame({"order_date": pd.to_datetime([]), "amount": pd.Series([], dtype=float)})
    with pytest.raises(DataError) as info:
        check_window(empty, start="2025-01-01", end="2025-12-31")
    assert "period.as_of" not in str(info.value) and str(info.value).startswith("no order line is left to grade")
    assert info.value.told("zh").startswith("没有可分级的订单行")
    dated = pd.DataFrame({"order_date": pd.to_datetime(["2023-05-01"]), "amount": [1.0]})
    with pytest.raises(DataError, match=r"but the data runs from 2023-05-01 to 2023-05-01; set period.as_of"):
        check_window(dated, start="2025-01-01", end="2025-12-31")


def test_a_workbook_under_a_csv_name_is_said_to_be_one(tmp_path):
    import openpyxl

    from kit.io import read_table

    book = openpyxl.Workbook()
    book.active.append(["客户编码", "日期", "金额"])
    book.save(tmp_path / "orders.xlsx")
    (tmp_path / "orders.xlsx").rename(tmp_path / "orders.csv")
    with pytest.raises(DataError) as info:
        read_table(tmp_path / "orders.csv")
    assert str(info.value) == ("orders.csv: this is an Excel workbook (.xlsx) under another name; rename it to .xlsx, "
                               "or save it as CSV from Excel")
    assert info.value.told("zh").startswith("orders.csv：这是一个 Excel 工作簿（.xlsx）")


def test_the_params_checks_a_file_most_often_fails_are_told_in_its_language(tmp_path):
    from kit.params import load_params

    text = ("case: c\nclient: 某公司\nlanguage: {lang}\ndata:\n  path: orders.csv\n  colums: {{customer_id: a}}\n"
            "period: {{as_of: 2025-12-31, months: 十二}}\n"
            "grading:\n  value: {{method: thresholds, thresholds: [100000, 50000], labels: [小, 中, 大, 特大]}}\n")
    path = tmp_path / "case.yaml"
    path.write_text(text.format(lang="zh"), encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value).splitlines() == [
        f"缺少 `title`：应为报告标题 ({path})",
        f"`data.path` 指向的文件 {str(tmp_path / 'orders.csv')!r} 不存在（'orders.csv' 是相对参数文件所在文件夹的路径） ({path})",
        ("`data.colums` 不是可用的键（是不是 `columns`？）；`data` 下可用的键：path, demo, sheet, sheet_as, encoding, header_row, "
         f"quoted_line_breaks, date_format, day_one, time_zone, year, amount_scale, decimal, discount_percent, columns, fill_down, customer_headings, wide, date_parts, join, "
         f"master ({path})"),
        f"`period.months` 必须是整数，但写的是 '十二' ({path})",
        f"`grading.value.thresholds` 必须从小到大排列，但 50,000 排在 100,000 之后 ({path})"]
    path.write_text(text.format(lang="en"), encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value).splitlines()[0] == f"`title` is missing; expected the report title ({path})"
    path.write_text(text.format(lang="zh").replace("[小, 中, 大, 特大]", "[小, 中]").replace("50000", "500000"),
                    encoding="utf-8")
    with pytest.raises(ParamsError, match=r"`grading.value.labels` 2 个门槛需要 3 个级别名称（从低到高），但写了 2 个"):
        load_params(path)


def test_a_utf8_file_with_a_stray_byte_is_no_gbk_and_a_colon_in_text_is_no_slip(tmp_path):
    """Found in review: a cp1252 é in a UTF-8 file read as GB18030 garbage; a 说明：... line inside a block of
    text was blamed while the real problem was an unclosed brace further down."""
    path = tmp_path / "case.yaml"
    path.write_bytes("case: pharma\ntitle: 客户分级报告\nclient: Cafés 医药公司\n".encode().replace("é".encode(), b"\xe9"))
    with pytest.raises(ParamsError, match=r"is neither UTF-8 nor GBK text"):
        read_yaml(path)
    path.write_text("title: >\n  说明：年度报告\ncase: x\nperiod: {as_of: 2025-12-31\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"不是有效的 YAML（第 5 行"):
        read_yaml(path)


def test_the_rarer_params_errors_are_told_in_chinese_too(tmp_path):
    """Cuts out of order, empty labels, data.columns left out ... stayed English in a Chinese case (found in review)."""
    from kit.params import load_params

    (tmp_path / "o.csv").write_text("c,d,a\n", encoding="utf-8")
    path = tmp_path / "case.yaml"
    path.write_text("case: c\ntitle: t\nclient: k\nlanguage: zh\ndata: {path: o.csv}\nperiod: {as_of: 2025-06-30}\n"
                    "grading:\n  value: {method: pareto, cuts: [0.95, 0.8], labels: [C, B, A]}\n"
                    "  lifecycle: {at_risk_days: 200, churn_days: 100}\n"
                    "service_plan:\n  A类: {summary: x}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    lines = [line.removesuffix(f" ({path})") for line in str(info.value).splitlines()]
    assert lines == [
        "`data.columns` 缺失：使用 `data.path` 时需要它，把 customer_id、order_date 和 amount 对应到文件中的表头",
        "`grading.value.cuts` 必须是 0 到 1 之间、从小到大的累计占比，如 [0.8, 0.95]，但写的是 [0.95, 0.8]",
        "`grading.lifecycle.churn_days` 必须大于 at_risk_days（200）",
    ]  # (the service plan is checked once the grading validates)
    path.write_text("case: c\ntitle: t\nclient: k\ndata: {demo: {name: pharma}}\nperiod: {as_of: 2025-06-30}\n"
                    "grading:\n  value: {method: thresholds, thresholds: [1, 2], labels: [小, 中, 大]}\n"
                    "service_plan:\n  大客: {summary: x}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value) == (f"`service_plan.大客` 不是 `grading.value.labels` ['小', '中', '大'] 中的级别（是不是 `大`？） "
                               f"({path})")
    assert "is not a tier of `grading.value.labels` ['小', '中', '大'] (did you mean `大`?)" in info.value.told("en")


def test_a_missing_key_s_chinese_line_spaces_a_key_from_the_chinese_before_it(tmp_path):
    """"缺少 `data`：应为data.path 或 data.demo" ran the key into the Chinese (found in QA)."""
    from kit.params import load_params

    path = tmp_path / "c.yaml"
    path.write_text("case: x\ntitle: T\nclient: C\nperiod: {as_of: 2025-12-31}\ngrading:\n  value: {method: pareto}\n",
                    encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value).startswith("缺少 `data`：应为 data.path 或 data.demo")


@pytest.mark.parametrize("form", ["frame", "parquet"])
def test_a_window_of_returns_only_stops_and_names_the_file(form, tmp_path):
    """QA: a file of returns alone (every amount negative) ran to the end: net revenue -¥21,000, every customer in
    the lowest tier."""
    from kit.clean import check_window as check

    as_kept = _kept_as(form, tmp_path)

    def check_window(frame, **kw):
        return check(as_kept(frame), **kw)

    days = pd.to_datetime(["2024-01-10", "2024-02-10", "2024-03-10"])
    returns = pd.DataFrame({"order_date": days, "amount": [-100.0, -200.0, 0.0]})
    ledger = pd.DataFrame({"source_file": ["b_returns_only_2024.csv"] * 2 + ["empty.csv"] * 2,
                           "kind": ["read", "kept", "read", "kept"], "rows": [3, 3, 0, 0]})
    with pytest.raises(DataError) as info:
        check_window(returns, start="2024-01-01", end="2024-12-31", ledger=ledger)
    assert str(info.value) == ("b_returns_only_2024.csv: every order line in the window is a return (negative "
                               "amount): is this the returns file? List it with the sales file in data.path")
    assert info.value.told("zh") == ("b_returns_only_2024.csv：分级期间内的每一条订单行都是退货（金额为负）：这是退货文件吗？"
                                     "请把它和销售文件一起列在 data.path 中")
    with pytest.raises(DataError, match=r"^the data: every order line in the window is a return"):
        check_window(returns, start="2024-01-01", end="2024-12-31")
    # one sale in the window, or the returns outside it: graded as before
    check_window(returns.assign(amount=[-100.0, 50.0, 0.0]), start="2024-01-01", end="2024-12-31", ledger=ledger)
    sales_2024 = pd.DataFrame({"order_date": pd.to_datetime(["2023-12-20", "2024-01-10"]), "amount": [-5.0, 5.0]})
    check_window(sales_2024, start="2024-01-01", end="2024-12-31", ledger=ledger)
    check_window(pd.DataFrame({"order_date": days, "amount": 0.0}), start="2024-01-01", end="2024-12-31")
