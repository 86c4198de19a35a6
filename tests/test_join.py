"""Order lines joined to the files that hold their customer and date (data.join): header/detail exports, Olist-style
logs split over several files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kit import clean
from kit.context import RunPaths
from kit.errors import DataError, ParamsError
from kit.io import check_headers
from kit.params import load_params
from kit.scaffold import draft


def _case(tmp_path: Path, data_yaml: str, extra: str = "", language: str = "en"):
    params_path = tmp_path / "case.yaml"
    params_path.write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: {language}\n"
        f"data:\n{data_yaml}"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"{extra}",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir(exist_ok=True)
    return load_params(params_path), RunPaths(run_dir)


def _header_and_lines(tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A GBK order-header file and a file of its lines, as an ERP exports them (订单表 + 订单明细)."""
    headers = pd.DataFrame({
        "订单号": ["SO1", "SO2", "SO3", "SO3", "SO4", "SO4", "SO5"],
        "客户编码": ["K1", "K2", "K1", "K1", "K3", "K9", "K2"],  # SO3 twice alike; SO4 twice, two customers
        "订单日期": ["2025-01-05", "2025-02-10", "2025-03-15", "2025-03-15", "2025-04-01", "2025-04-01", "2025-05-01"],
    })
    lines = pd.DataFrame({
        "订单号": ["SO1", "SO1", "SO2", "SO3", "SO4", "SO7", "", "SO5"],  # SO7: no header; one line without one
        "商品": ["甲", "乙", "甲", "丙", "甲", "乙", "丙", "甲"],
        "金额": ["100.50", "20", "300", "45.25", "80", "12", "7", "60"],
    })
    headers.to_csv(tmp_path / "订单表.csv", index=False, encoding="gbk")
    lines.to_csv(tmp_path / "订单明细.csv", index=False, encoding="gbk")
    return headers, lines


_COLUMNS = "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 订单号}\n"


def test_each_order_line_takes_its_orders_customer_and_date(tmp_path):
    _header_and_lines(tmp_path)
    params, paths = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n" + _COLUMNS,
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # written out by hand from the two files above: SO1 x2, SO2, SO3 (listed twice alike), SO5
    assert kept[["order_id", "customer_id", "amount"]].values.tolist() == [
        ["SO1", "K1", 100.5], ["SO1", "K1", 20.0], ["SO2", "K2", 300.0], ["SO3", "K1", 45.25], ["SO5", "K2", 60.0]]
    assert kept["order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-05", "2025-01-05", "2025-02-10", "2025-03-15", "2025-05-01"]
    rows = result.ledger.groupby("reason", dropna=False)["rows"].sum()
    assert rows.get("no_match") == 2 and rows.get("ambiguous_match") == 1
    read = result.ledger.loc[result.ledger["kind"] == "read", ["rows", "amount"]].sum()
    rest = result.ledger.loc[result.ledger["kind"].isin(["kept", "set_aside", "dropped"]), ["rows", "amount"]].sum()
    assert read["rows"] == 8 == rest["rows"] and read["amount"] == pytest.approx(624.75) == rest["amount"]
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert quarantine[["source_row", "reason", "订单号", "客户编码"]].values.tolist() == [
        ["6", "ambiguous_match", "SO4", ""], ["7", "no_match", "SO7", ""], ["8", "no_match", "", ""]]
    assert result.files["file"].tolist() == ["订单明细.csv"]
    assert result.files["columns"].tolist() == [5]  # the line's three and the two it took


def _olist(tmp_path: Path) -> None:
    """Payments, orders and customers in three files, the customer's lasting ID only in the last (Olist)."""
    pd.DataFrame({"order_id": ["o1", "o1", "o2", "o3", "o4"], "payment_sequential": [1, 2, 1, 1, 1],
                  "payment_value": [10.0, 5.5, 20.0, 7.25, 3.0]}).to_csv(tmp_path / "payments.csv", index=False)
    pd.DataFrame({"order_id": ["o1", "o2", "o3", "o4"], "customer_id": ["c1", "c2", "c3", "c4"],
                  "order_status": ["delivered"] * 4,
                  "order_purchase_timestamp": ["2025-01-02 10:00:00", "2025-03-04 23:59:00", "2025-06-30 00:00:01",
                                               "2025-07-01 08:00:00"]}).to_csv(tmp_path / "orders.csv", index=False)
    pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4", "c5"],
                  "customer_unique_id": ["u1", "u2", "u1", "u3", "u4"],
                  "customer_state": ["SP", "RJ", "SP", "MG", "SP"]}).to_parquet(tmp_path / "customers.parquet")


def test_a_chain_of_joins_brings_the_customer_from_the_third_file(tmp_path):
    _olist(tmp_path)
    params, paths = _case(tmp_path, "  path: payments.csv\n  join:\n    - {path: orders.csv, key: order_id}\n"
                          "    - {path: customers.parquet, key: customer_id}\n"
                          "  columns: {customer_id: customer_unique_id, order_date: order_purchase_timestamp, "
                          "amount: payment_value, order_id: order_id, province: customer_state}\n")
    lines = []
    clean.clean_case(params, paths, note=lines.append)
    kept = pd.read_parquet(paths.transactions)
    by_customer = kept.groupby("customer_id")["amount"].sum().to_dict()
    assert by_customer == {"u1": 10.0 + 5.5 + 7.25, "u2": 20.0, "u3": 3.0}
    assert kept["province"].tolist() == ["SP", "SP", "RJ", "SP", "MG"]
    assert any("customers.parquet: 1 key has no order line" in line for line in lines)
    assert any("joined with orders.csv and customers.parquet, every line matched" in line for line in lines)


def test_keys_match_across_a_workbook_that_stores_them_as_numbers(tmp_path):
    pd.DataFrame({"单号": [1001, 1002], "客户": ["甲医院", "乙医院"],
                  "日期": pd.to_datetime(["2025-02-01", "2025-03-01"])}).to_excel(tmp_path / "单据.xlsx", index=False)
    (tmp_path / "明细.csv").write_text("单号,金额\n1001.0,10\n 1002 ,20\n1003,30\n", encoding="utf-8")
    params, paths = _case(tmp_path, "  path: 明细.csv\n  join:\n    - path: 单据.xlsx\n      key: 单号\n"
                          "  columns: {customer_id: 客户, order_date: 日期, amount: 金额, order_id: 单号}\n",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["甲医院", 10.0], ["乙医院", 20.0]]
    assert result.ledger.loc[result.ledger["reason"] == "no_match", "rows"].tolist() == [1]


def test_a_key_written_as_excel_text_in_one_file_matches_the_plain_key_in_the_other(tmp_path):
    """An order export writes the order number as ="1001" (kept whole by Excel), its lines file as 1001."""
    (tmp_path / "订单表.csv").write_text('订单号,客户,日期\n"=""1001""",甲医院,2025-02-01\n"=""1002""",乙医院,2025-03-01\n',
                                        encoding="gbk")
    (tmp_path / "明细.csv").write_text("订单号,金额\n1001,10\n1002,20\n1003,30\n", encoding="gbk")
    params, paths = _case(tmp_path, "  path: 明细.csv\n  join:\n    - path: 订单表.csv\n      key: 订单号\n"
                          "  columns: {customer_id: 客户, order_date: 日期, amount: 金额, order_id: 订单号}\n",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount", "order_id"]].values.tolist() == [["甲医院", 10.0, "1001"],
                                                                          ["乙医院", 20.0, "1002"]]
    assert result.ledger.loc[result.ledger["reason"] == "no_match", "rows"].tolist() == [1]


def test_the_key_may_have_a_different_header_in_each_file(tmp_path):
    (tmp_path / "lines.csv").write_text("doc,amount\nA-1,10\nA-2,20\n", encoding="utf-8")
    (tmp_path / "head.csv").write_text("Document No,Customer,Date,amount\nA-1,X,2025-05-01,999\nA-2,Y,2025-05-02,999\n",
                                       encoding="utf-8")
    params, paths = _case(tmp_path, "  path: lines.csv\n  join:\n    - {path: head.csv, key: [doc, Document No]}\n"
                          "  columns: {customer_id: Customer, order_date: Date, amount: amount}\n")
    clean.clean_case(params, paths)
    # the order file's own amount column is kept; the header file's column of the same name is not taken
    assert pd.read_parquet(paths.transactions)[["customer_id", "amount"]].values.tolist() == [["X", 10.0], ["Y", 20.0]]


def test_a_key_missing_from_either_file_is_named_before_the_run(tmp_path):
    _header_and_lines(tmp_path)
    params, _ = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: [订单号, 单据号]}\n" + _COLUMNS)
    with pytest.raises(DataError, match=r"订单表.csv: the key column '单据号' that `data.join\[0\].key` names is not "
                                        r"in the file; its headers are: 订单号, 客户编码, 订单日期"):
        check_headers(params)
    params, _ = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: [单号, 订单号]}\n" + _COLUMNS)
    with pytest.raises(DataError, match=r"订单明细.csv: the key column '单号' that `data.join\[0\].key` names is not "
                                        r"in the order file; the headers are: 订单号, 商品, 金额"):
        check_headers(params)


def test_a_mapped_column_in_no_file_is_named_with_every_files_headers(tmp_path):
    _header_and_lines(tmp_path)
    params, _ = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n"
                      "  columns: {customer_id: 客户代码, order_date: 订单日期, amount: 金额}\n")
    with pytest.raises(DataError, match="column '客户代码' for `data.columns.customer_id` is not in the file; "
                                        "closest is '客户编码'"):
        check_headers(params)
    check_headers(_case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n" + _COLUMNS)[0])


def test_on_instead_of_key_and_join_without_a_path_are_params_errors(tmp_path):
    _header_and_lines(tmp_path)
    with pytest.raises(ParamsError, match="`on:`, which YAML reads as true; write `key:` instead"):
        _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, on: 订单号}\n" + _COLUMNS)
    with pytest.raises(ParamsError, match="data.join.*needs `data.path`"):
        _case(tmp_path, "  demo: pharma\n  join:\n    - {path: 订单表.csv, key: 订单号}\n")


def test_a_chinese_case_gives_the_join_reasons_in_chinese(tmp_path):
    """The reason names no key the case does not join by (QA c70: 关联键（订单号、客户编码） for a join by 客户编码)."""
    _header_and_lines(tmp_path)
    params, paths = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n" + _COLUMNS,
                          "cleaning: {max_set_aside_share: 1.0}\n", language="zh")
    clean.clean_case(params, paths)
    quarantine = pd.read_csv(paths.quarantine, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(quarantine["reason_text"]) == {"关联键为空或在关联文件（data.join）中找不到",
                                              "关联键在关联文件（data.join）中对应多行且内容不同"}


def test_unmatched_lines_count_towards_the_set_aside_limit(tmp_path):
    _header_and_lines(tmp_path)
    params, paths = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n" + _COLUMNS)
    with pytest.raises(DataError, match=r"3 of 8 rows \(37.5%\) cannot be used.*not in a file of data.join: 2 rows, "
                                        r"e.g. row 7.*; lines without a match usually mean `data.join` names the "
                                        r"wrong key column"):
        clean.clean_case(params, paths)


def test_kit_init_drafts_the_join_and_the_draft_runs_through_cleaning(tmp_path):
    _olist(tmp_path)
    out = tmp_path / "params" / "payments.yaml"
    found = draft(tmp_path / "payments.csv", out, joins=[tmp_path / "orders.csv", tmp_path / "customers.parquet"])
    assert found.joins == [(tmp_path / "orders.csv", "order_id"), (tmp_path / "customers.parquet", "customer_id")]
    assert found.columns["order_date"] == "order_purchase_timestamp" and found.columns["amount"] == "payment_value"
    assert found.as_of.isoformat() == "2025-07-01"  # the latest order date, read from the joined orders file
    assert '    - path: "../orders.csv"\n      key: "order_id"' in found.text
    out.parent.mkdir()
    out.write_text(found.text.replace(f'customer_id: "{found.columns["customer_id"]}"',
                                      'customer_id: "customer_unique_id"'), encoding="utf-8")
    params = load_params(out)
    run = tmp_path / "run2"
    run.mkdir()
    clean.clean_case(params, RunPaths(run))
    assert sorted(pd.read_parquet(RunPaths(run).transactions)["customer_id"].unique()) == ["u1", "u2", "u3"]


def test_kit_init_takes_the_file_of_several_rows_per_order_as_the_order_lines(tmp_path, capsys):
    """Found in QA: orders.csv given first with payments.csv to join set the orders of two payments aside."""
    from kit.cli import main

    _olist(tmp_path)
    out = tmp_path / "olist.yaml"
    assert main(["init", str(tmp_path / "orders.csv"), "--join", str(tmp_path / "payments.csv"), "--join",
                 str(tmp_path / "customers.parquet"), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "payments.csv holds several rows for one order_id" in said and "read all 5 rows of payments.csv" in said
    params = load_params(out)
    assert params.data.path.name == "payments.csv" and params.data.columns.amount == "payment_value"
    assert [(j.path.name, j.key) for j in params.data.join] == [("orders.csv", "order_id"),
                                                                 ("customers.parquet", "customer_id")]
    assert params.currency == "BRL"  # customer_state: SP, RJ, MG
    run = tmp_path / "run"
    run.mkdir()
    clean.clean_case(params, RunPaths(run))
    kept = pd.read_parquet(RunPaths(run).transactions)
    assert kept["amount"].sum() == pytest.approx(10.0 + 5.5 + 20.0 + 7.25 + 3.0)  # every payment, none set aside


def test_kit_init_keeps_a_file_of_several_rows_per_order_first(tmp_path):
    """Found in review: items (several rows per order) with payments (several per order) were swapped too; the
    file given first is taken for the order file only when it holds one row per order."""
    _olist(tmp_path)
    pd.DataFrame({"order_id": ["o1", "o1", "o2"], "product": ["p1", "p2", "p1"]}).to_csv(tmp_path / "items.csv",
                                                                                        index=False)
    found = draft(tmp_path / "items.csv", tmp_path / "p.yaml", joins=[tmp_path / "payments.csv"])
    assert found.lines_file is None and found.joins == [(tmp_path / "payments.csv", "order_id")]


def test_kit_init_joins_the_files_in_an_order_each_shares_a_header_with_those_before(tmp_path):
    """QA (Olist): items --join customers --join orders stopped with "no header is shared": customers join by
    customer_id, which only the orders file brings."""
    _olist(tmp_path)
    found = draft(tmp_path / "payments.csv", tmp_path / "p.yaml",
                  joins=[tmp_path / "customers.parquet", tmp_path / "orders.csv"])
    assert found.joins == [(tmp_path / "orders.csv", "order_id"), (tmp_path / "customers.parquet", "customer_id")]


def test_kit_init_says_when_a_joined_file_shares_no_header(tmp_path):
    _olist(tmp_path)
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="other.csv: no header is shared with payments.csv, so kit init cannot tell "
                                        "which column joins them; its headers are: a, b"):
        draft(tmp_path / "payments.csv", tmp_path / "p.yaml", joins=[tmp_path / "other.csv"])


def test_the_notebook_sees_the_joined_columns_but_not_the_join_status(tmp_path):
    from kit.io import open_orders

    _header_and_lines(tmp_path)
    params, paths = _case(tmp_path, "  path: 订单明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n" + _COLUMNS)
    with open_orders(params, staging=paths.staging) as sources:
        head = sources.head(3)
    assert list(head.columns) == ["_source_row", "订单号", "商品", "金额", "客户编码", "订单日期"]
    assert head["客户编码"].tolist() == ["K1", "K1", "K2"]


def test_a_column_named_like_the_join_status_is_an_ordinary_cell_without_a_join_and_named_with_one(tmp_path):
    (tmp_path / "o.csv").write_text("客户,日期,金额,_join_status\nK1,2025-01-05,100,no_match\nK2,2025-01-06,50,\n",
                                    encoding="utf-8")
    params, paths = _case(tmp_path, "  path: o.csv\n  columns: {customer_id: 客户, order_date: 日期, amount: 金额}\n")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].tolist() == ["K1", "K2"]
    (tmp_path / "c.csv").write_text("客户,区域\nK1,华东\n", encoding="utf-8")
    params, paths = _case(tmp_path, "  path: o.csv\n  join:\n    - {path: c.csv, key: 客户}\n"
                                    "  columns: {customer_id: 客户, order_date: 日期, amount: 金额}\n")
    with pytest.raises(DataError, match="o.csv: a column is called '_join_status', the name `data.join` uses"):
        clean.clean_case(params, paths)


def test_kit_init_says_when_few_sample_lines_find_their_row(tmp_path):
    (tmp_path / "lines.csv").write_text("订单号,金额\nSO-1,10\nSO-2,20\nSO-3,30\n", encoding="utf-8")
    (tmp_path / "orders.csv").write_text("订单号,客户编码,订单日期\n1,K1,2025-01-01\n2,K2,2025-01-02\n3,K1,2025-01-03\n",
                                         encoding="utf-8")
    found = draft(tmp_path / "lines.csv", tmp_path / "p.yaml", joins=[tmp_path / "orders.csv"])
    assert any(n.startswith("orders.csv joined by '订单号': 0 of the 3 sample rows found their row; the rest have no "
                            "row there: check that '订单号' is the key both files share") for n in found.notes)
    assert "（关联不上的订单行，或散客销售？）" in found.text  # Chinese headers: a Chinese draft


def test_a_file_that_cannot_be_read_leaves_no_staging_folder_in_the_run(tmp_path):
    from kit.io import open_orders

    (tmp_path / "a.csv").write_text("客户编码,订单日期,金额,订单号\nK1,2025-01-05,100,SO1\n", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 not a workbook")  # staged after a.csv, then unreadable
    params, paths = _case(tmp_path, "  path: [a.csv, b.xlsx]\n" + _COLUMNS)
    with pytest.raises(DataError, match="b.xlsx"):
        open_orders(params, staging=paths.staging)
    assert not paths.staging.exists()


def _orders_and_master(tmp_path: Path) -> None:
    """An order export with the customer's code, and a customer master giving names and provinces (客户档案) that
    lacks K3 (a customer opened after the master was last exported)."""
    (tmp_path / "订单.csv").write_text(
        "订单号,客户编码,订单日期,金额,状态\nSO1,K1,2025-01-05,100.50,完成\nSO2,K2,2025-02-10,300,完成\n"
        "SO3,K3,2025-03-15,45.25,完成\nSO4,K3,2025-04-01,80,完成\nSO5,,2025-05-01,60,完成\n", encoding="gbk")
    pd.DataFrame({"客户编码": ["K1", "K2", "K9"], "客户名称": ["甲医院", "乙医院", "丙医院"],
                  "省份": ["浙江", "江苏", "上海"]}).to_excel(tmp_path / "客户档案.xlsx", index=False)


def test_a_customer_missing_from_a_master_of_names_is_graded_with_blank_attributes(tmp_path):
    """QA c70: the master only names the customer and its province; the lines of a customer it lacks have ID, date
    and amount, so they count (they were set aside as no_match, ¥3.2M of 160 customers' ¥270.7M)."""
    _orders_and_master(tmp_path)
    params, paths = _case(tmp_path, "  path: 订单.csv\n  join:\n    - {path: 客户档案.xlsx, key: 客户编码}\n"
                          "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 订单号, "
                          "customer_name: 客户名称, province: 省份}\n",
                          "cleaning: {max_set_aside_share: 1.0}\n", language="zh")
    lines = []
    result = clean.clean_case(params, paths, note=lines.append)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["K1", 100.5], ["K2", 300.0], ["K3", 45.25],
                                                               ["K3", 80.0]]
    assert kept["customer_name"].tolist()[:2] == ["甲医院", "乙医院"] and kept["customer_name"].iloc[2:].isna().all()
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["unmatched_kept", ["kind", "rows", "amount"]].tolist() == ["info", 2, 125.25]
    assert ledger.loc["missing_customer_id", "rows"] == 1 and "no_match" not in ledger.index  # no code: no customer
    assert any("2 行找不到唯一的对应记录，照常分级" in line for line in lines)


def test_a_master_whose_column_decides_which_lines_count_still_sets_unmatched_lines_aside(tmp_path):
    """A file of data.join whose column cleaning.exclude looks at (a customer's status) decides whether a line
    counts: a line without its row there cannot be told, and is set aside as before."""
    _orders_and_master(tmp_path)
    frame = pd.read_excel(tmp_path / "客户档案.xlsx", engine="openpyxl")
    frame["客户状态"] = ["正常", "测试", "正常"]
    frame.to_excel(tmp_path / "客户档案.xlsx", index=False)
    params, paths = _case(tmp_path, "  path: 订单.csv\n  join:\n    - {path: 客户档案.xlsx, key: 客户编码}\n"
                          "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 订单号, "
                          "customer_name: 客户名称}\n",
                          "cleaning: {max_set_aside_share: 1.0, exclude: {客户状态: [测试]}}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["K1", 100.5]]
    rows = result.ledger.groupby("reason")["rows"].sum()
    assert rows["no_match"] == 3 and rows["excluded"] == 1 and "unmatched_kept" not in rows.index


def test_an_order_header_file_then_a_master_keep_each_ones_verdict(tmp_path):
    """Lines take customer and date from an order-header file (needed: a line without its order is set aside), then
    names from a master (only names: a customer it lacks is graded)."""
    (tmp_path / "明细.csv").write_text("订单号,金额\nSO1,10\nSO2,20\nSO3,30\n", encoding="utf-8")
    (tmp_path / "订单表.csv").write_text("订单号,客户编码,订单日期\nSO1,K1,2025-01-05\nSO2,K7,2025-02-05\n",
                                        encoding="utf-8")
    pd.DataFrame({"客户编码": ["K1"], "客户名称": ["甲医院"]}).to_excel(tmp_path / "客户.xlsx", index=False)
    params, paths = _case(tmp_path, "  path: 明细.csv\n  join:\n    - {path: 订单表.csv, key: 订单号}\n"
                          "    - {path: 客户.xlsx, key: 客户编码}\n"
                          "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 订单号, "
                          "customer_name: 客户名称}\n",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "amount"]].values.tolist() == [["K1", 10.0], ["K7", 20.0]]
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["no_match", "rows"] == 1 and ledger.loc["unmatched_kept", "rows"] == 1


def _master_case(tmp_path: Path, master: pd.DataFrame, columns: str = "customer_name: 客户名称"):
    _orders_and_master(tmp_path)
    master.to_excel(tmp_path / "客户档案.xlsx", index=False)
    return _case(tmp_path, "  path: 订单.csv\n  join:\n    - {path: 客户档案.xlsx, key: 客户编码}\n"
                 "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 订单号, "
                 f"{columns}}}\n", "cleaning: {max_set_aside_share: 1.0}\n")


def test_a_master_whose_keys_are_written_otherwise_stops_the_run(tmp_path):
    """Review: a master keyed H-K1 while the orders say K1 matched no line, and every customer was graded without
    its attributes, with no word."""
    params, paths = _master_case(tmp_path, pd.DataFrame({"客户编码": ["H-K1", "H-K2", "H-K3"],
                                                         "客户名称": ["甲医院", "乙医院", "丙医院"]}))
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert stopped.value.told("en").startswith("订单.csv: 4 of the 4 order lines with a key find no row in 客户档案.xlsx "
                                               "by 客户编码 (such as 'K1')")


def test_a_customer_a_master_lists_twice_differently_is_graded(tmp_path):
    """Review: a renamed customer listed twice in the master (市一医院, 市第一人民医院) was set aside as ambiguous, though
    the master gives only names: its lines count, the name left empty."""
    params, paths = _master_case(tmp_path, pd.DataFrame({"客户编码": ["K1", "K2", "K2", "K3"],
                                                         "客户名称": ["甲医院", "乙医院", "乙医院（新）", "丙医院"]}))
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {"K1": 100.5, "K2": 300.0, "K3": 125.25}
    names = kept.groupby("customer_id")["customer_name"].first()
    assert names[["K1", "K3"]].tolist() == ["甲医院", "丙医院"] and pd.isna(names["K2"])
    assert result.ledger.set_index("reason").loc["unmatched_kept", "rows"] == 1


@pytest.mark.parametrize("column, header", [("currency", "币种"), ("product", "产品")])
def test_a_master_giving_a_lines_currency_or_product_sets_unmatched_lines_aside(tmp_path, column, header):
    """Review: a currency or a product decides what a line is (its amount's currency; a line with no product may be a
    document's total), so a file giving one sets aside the lines it has no row for, as before."""
    master = pd.DataFrame({"客户编码": ["K1", "K2"], "客户名称": ["甲医院", "乙医院"], header: ["RMB", "RMB"]})
    columns = "customer_name: 客户名称" + (", product: 产品" if column == "product" else "")
    params, paths = _master_case(tmp_path, master, columns)
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["customer_id"].unique()) == ["K1", "K2"]
    assert result.ledger.groupby("reason")["rows"].sum()["no_match"] == 3  # K3's two lines, and the one with no code


def test_a_kingdee_code_in_levels_ending_in_zeros_joins_its_own_row_of_the_master(tmp_path):
    """QA: the customer IDs keep 01.000 apart from the group code 01, but the join read both as 01, so the master's
    01 and 01.000 were one key listed twice differently and neither customer had its name. Names by hand from the
    master below; 13085.0 still matches 13085."""
    (tmp_path / "o.csv").write_text("客户代码,单据日期,金额\n01.000,2025-01-05,100\n01,2025-01-07,7\n"
                                    "01.001,2025-01-06,40\n13085.0,2025-02-01,5\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("客户代码,客户名称\n01,集团总部\n01.000,甲公司\n01.001,乙公司\n13085,丙公司\n",
                                    encoding="utf-8")
    params, paths = _case(tmp_path, "  path: o.csv\n  join:\n    - {path: m.csv, key: 客户代码}\n"
                          "  columns: {customer_id: 客户代码, order_date: 单据日期, amount: 金额, customer_name: 客户名称}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept[["customer_id", "customer_name"]].values.tolist() == [["01.000", "甲公司"], ["01", "集团总部"],
                                                                      ["01.001", "乙公司"], ["13085", "丙公司"]]
    found = draft(tmp_path / "o.csv", tmp_path / "o.yaml", joins=[tmp_path / "m.csv"])
    assert not any("several rows that differ" in str(note) for note in found.notes)
