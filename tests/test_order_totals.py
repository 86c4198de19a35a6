"""An amount column holding the order's total on each of its lines (抖店's 订单应付金额): counted once per order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import order_case

from kit import clean
from kit.errors import DataError


def _douyin(path, orders: int = 30, seed: int = 7) -> pd.DataFrame:
    """Orders of 1-3 item lines, each line carrying the order's total (and a sub-order number of its own)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(orders):
        total = round(float(rng.integers(1_000, 90_000)) / 100, 2)
        for j in range(int(rng.integers(1, 4))):
            rows.append({"主订单编号": f"69{i:05d}", "子订单编号": f"69{i:05d}{j}", "用户ID": f"U{i % 7}",
                         "订单提交时间": f"2025-0{1 + i % 9}-1{i % 10} 10:00:0{j}", "商品名称": f"商品{j}",
                         "商品数量": int(rng.integers(1, 4)), "订单应付金额": total})
    frame = pd.DataFrame(rows)
    frame.to_csv(path, index=False, encoding="gbk")
    return frame


COLUMNS = ("{customer_id: 用户ID, order_date: 订单提交时间, amount: 订单应付金额, order_id: 主订单编号, quantity: 商品数量, "
           "product: 商品名称}")


def test_an_order_total_written_on_each_item_line_stops_the_run_saying_how_to_count_it(tmp_path):
    """QA (抖店): revenue came out 2.3 times too high, with no word in the terminal, the ledger or the report."""
    frame = _douyin(tmp_path / "抖店.csv")
    several = frame.groupby("主订单编号").size().gt(1).sum()
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    said = stopped.value.told("en")
    assert f"in {several} of the {several} orders of several lines, every line carries the same amount in '订单应付金额'" \
        in said
    assert "set `cleaning.order_totals: once`" in said and "`cleaning.order_totals: lines`" in said
    assert "请在参数中设置 `cleaning.order_totals: once`" in stopped.value.told("zh")


def test_monthly_exports_too_small_each_to_tell_are_told_together(tmp_path):
    """Review: two monthly files of 9 repeated-total orders each passed one by one (under the 10 orders that tell),
    revenue three times too high; the same 18 orders in one file stopped the run."""
    for month in (1, 2):
        rows = ["oid,cust,day,sku,total"] + [f"o{month}{i},c{i},2025-0{month}-1{i},p{j},100"
                                             for i in range(9) for j in range(3)]
        (tmp_path / f"f{month}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    columns = "{customer_id: cust, order_date: day, amount: total, order_id: oid, product: sku}"
    params, paths = order_case(tmp_path, "f*.csv", columns)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert stopped.value.told("en").startswith("f1.csv, f2.csv: in 18 of the 18 orders of several lines")
    # a third file of ordinary orders, many enough to make the repeated ones a minority: no stop
    rows = ["oid,cust,day,sku,total"] + [f"o3{i},c{i},2025-03-1{i % 10},p{j},{10 + j}" for i in range(30)
                                         for j in range(2)]
    (tmp_path / "f3.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "again").mkdir()
    params, paths = order_case(tmp_path / "again", "../f*.csv", columns)
    assert len(params.data.paths) == 3
    clean.clean_case(params, paths)


def test_order_totals_once_counts_each_order_s_amount_once_and_the_ledger_reconciles(tmp_path):
    frame = _douyin(tmp_path / "抖店.csv")
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS, cleaning="cleaning: {order_totals: once}\n")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    expected = frame.drop_duplicates("主订单编号").groupby("用户ID")["订单应付金额"].sum().round(2)
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == expected.to_dict()
    assert len(kept) == frame["主订单编号"].nunique()
    ledger = result.ledger.set_index("reason")
    assert ledger.loc["repeated_total", "rows"] == len(frame) - frame["主订单编号"].nunique()
    assert ledger.loc["repeated_total", "amount"] == pytest.approx(
        frame["订单应付金额"].sum() - frame.drop_duplicates("主订单编号")["订单应付金额"].sum())


def test_order_totals_lines_takes_every_line_s_amount_as_its_own(tmp_path):
    frame = _douyin(tmp_path / "抖店.csv")
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS, cleaning="cleaning: {order_totals: lines}\n")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(frame["订单应付金额"].sum())


def test_items_of_one_product_bought_several_times_at_one_price_are_no_order_total(tmp_path):
    """QA (Olist's order items: a row per unit, order_item_id 1, 2 ...): the lines of one product at one price each
    are lines, not an order total repeated; kit init drafted order_totals: once and revenue fell by 1.1M."""
    rows = ["order_id,order_item_id,product_id,customer,day,price"]
    for i in range(40):
        for j in range(1 + i % 3):  # one product, bought 1-3 times in the order, at one price
            rows.append(f"o{i},{j + 1},p{i % 5},c{i % 9},2025-0{1 + i % 9}-10,{10 + i}.5")
    (tmp_path / "items.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = pd.read_csv(tmp_path / "items.csv")
    params, paths = order_case(tmp_path, "items.csv", "{customer_id: customer, order_date: day, amount: price, "
                                                      "order_id: order_id, product: product_id}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(frame["price"].sum())
    from kit.scaffold import draft

    assert "order_totals" not in draft(tmp_path / "items.csv", tmp_path / "p.yaml").text


def test_a_line_export_whose_lines_are_priced_apart_runs_unchanged(tmp_path):
    """Lines of their own amounts (a few orders of two equal lines among many) are no order totals."""
    frame = _douyin(tmp_path / "抖店.csv")
    rng = np.random.default_rng(1)
    frame["订单应付金额"] = (rng.integers(100, 9_000, len(frame)) / 100).round(2)
    firsts = frame.groupby("主订单编号").head(2).index[:6]  # three orders of two equal lines
    frame.loc[firsts, "订单应付金额"] = 50.0
    frame.to_csv(tmp_path / "抖店.csv", index=False, encoding="gbk")
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS)
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(frame["订单应付金额"].sum())


def test_a_large_file_of_repeated_order_totals_is_found_from_a_sample_and_counted_whole(tmp_path):
    """From a million lines, a sixteenth of the orders tells (the message still counts them all)."""
    rng = np.random.default_rng(3)
    orders = 420_000
    n = rng.integers(1, 5, orders)
    order = np.repeat(np.arange(orders), n)
    total = np.repeat(rng.integers(100, 90_000, orders) / 100, n)
    frame = pd.DataFrame({"order_id": (order + 1).astype(str), "customer": (order % 5000 + 1).astype(str),
                          "day": "2025-03-01", "amount": total, "line": np.arange(len(order))})
    frame.to_parquet(tmp_path / "o.parquet", index=False)
    assert len(frame) >= 1_000_000
    several = int((n > 1).sum())
    params, paths = order_case(tmp_path, "o.parquet",
                               "{customer_id: customer, order_date: day, amount: amount, order_id: order_id}")
    with pytest.raises(DataError, match=f"in {several:,} of the {several:,} orders of several lines"):
        clean.clean_case(params, paths)


def test_kit_init_drafts_order_totals_once_and_the_draft_counts_each_order_once(tmp_path):
    from kit.context import RunPaths
    from kit.params import load_params
    from kit.scaffold import draft

    frame = _douyin(tmp_path / "抖店.csv")
    found = draft(tmp_path / "抖店.csv", tmp_path / "p.yaml")
    assert "  order_totals: once" in found.text
    assert any("是整单金额写在了每一行上" in str(n) or "the order's total written on each" in str(n) for n in found.notes)
    (tmp_path / "p.yaml").write_text(found.text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(load_params(tmp_path / "p.yaml"), paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(
        frame.drop_duplicates("主订单编号")["订单应付金额"].sum())
    priced_apart = frame.assign(订单应付金额=np.arange(len(frame)) + 1.0)  # each line its own amount: nothing drafted
    priced_apart.to_csv(tmp_path / "抖店.csv", index=False, encoding="gbk")
    assert "order_totals" not in draft(tmp_path / "抖店.csv", tmp_path / "p.yaml").text


def test_instalments_of_one_order_number_on_other_days_are_no_repeated_total(tmp_path):
    """Review: 20 contracts billed in 6 equal monthly instalments under one number ran before and then stopped; kit
    init drafted once and dropped 5/6 of revenue. An order is its number, customer and day."""
    rows = ["合同号,客户,日期,金额,期次"]
    rows += [f"H{i},C{i % 4},2025-{1 + m:02d}-15,{100 + i},{m + 1}" for i in range(20) for m in range(6)]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "o.csv", "{customer_id: 客户, order_date: 日期, amount: 金额, order_id: 合同号}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == pytest.approx(6 * sum(100 + i for i in range(20)))
    from kit.scaffold import draft

    assert "order_totals" not in draft(tmp_path / "o.csv", tmp_path / "p.yaml").text


def test_once_keeps_another_customer_s_order_of_the_same_number_and_amount(tmp_path):
    """Review: PARTITION BY order_id, amount dropped customer B's order 1 (100) as a repeat of customer A's."""
    frame = _douyin(tmp_path / "抖店.csv")
    extra = pd.DataFrame([{"主订单编号": frame["主订单编号"].iloc[0], "子订单编号": "x", "用户ID": "OTHER",
                           "订单提交时间": frame["订单提交时间"].iloc[0], "商品名称": "商品9", "商品数量": 1,
                           "订单应付金额": frame["订单应付金额"].iloc[0]}])
    pd.concat([frame, extra]).to_csv(tmp_path / "抖店.csv", index=False, encoding="gbk")
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS, cleaning="cleaning: {order_totals: once}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.loc[kept["customer_id"] == "OTHER", "amount"].tolist() == [frame["订单应付金额"].iloc[0]]


def test_once_still_counts_an_order_once_when_a_later_export_supersedes_it(tmp_path):
    """Review: with overlap: latest, the later file's lines kept again (they repeated the earlier file's) were not
    counted once: an order of 3 lines of 300 read 900."""
    head = "单号,客户,日期,商品,金额,备注"
    (tmp_path / "q1.csv").write_text(f"{head}\nO1,C1,2025-03-01,a,300,\nO1,C1,2025-03-01,b,300,\n"
                                     "O1,C1,2025-03-01,c,300,\n" + "".join(
                                         f"P{i},C2,2025-03-0{1 + i % 9},a,{10 + i},\n" for i in range(12)),
                                     encoding="utf-8")
    (tmp_path / "q2.csv").write_text(f"{head}\nO1,C1,2025-03-01,a,300,\nO1,C1,2025-03-01,b,300,改\n"
                                     "O1,C1,2025-03-01,c,300,\nQ1,C3,2025-04-01,a,50,\n", encoding="utf-8")
    params, paths = order_case(tmp_path, "q*.csv", "{customer_id: 客户, order_date: 日期, amount: 金额, order_id: 单号, "
                                                   "product: 商品}",
                               cleaning="cleaning: {order_totals: once, overlap: latest}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert kept.groupby("customer_id")["amount"].sum()["C1"] == 300.0


def test_the_report_s_method_says_the_lines_repeating_an_order_s_total(tmp_path):
    """QA: the method said only '856 rows dropped or set aside'; the 527 lines (¥299,317) counted once were in the
    appendix only."""
    import html

    from kit.context import Run
    from kit.report import method_html

    frame = _douyin(tmp_path / "抖店.csv")
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS, cleaning="cleaning: {order_totals: once}\n")
    result = clean.clean_case(params, paths)
    repeated = len(frame) - frame["主订单编号"].nunique()
    amount = frame["订单应付金额"].sum() - frame.drop_duplicates("主订单编号")["订单应付金额"].sum()
    said = html.unescape(method_html(Run(params=params, paths=paths), result.ledger))
    assert (f"Of them, {repeated} are further lines of orders repeating the order's total (¥{amount:,.0f} in all): "
            "each order's amount counts once.") in said


def test_order_totals_whose_order_numbers_excel_lost_are_found_by_the_customer_s_day(tmp_path):
    """QA cn2 (抖店 re-saved in Excel): 主订单编号 read 6.92012E+18 on every line, so no order was numbered, the check
    on repeated totals had no order to look at, and 订单应付金额 was summed line by line: revenue twice the truth,
    unsaid. Without its number, an order is its customer's day, as the run counts orders."""
    frame = _douyin(tmp_path / "抖店.csv")
    frame = frame.assign(主订单编号="6.92012E+18", 子订单编号="6.92012E+18")
    frame.to_csv(tmp_path / "抖店.csv", index=False, encoding="gbk")
    several = frame.groupby(["用户ID", frame["订单提交时间"].str[:10]]).size().gt(1).sum()
    params, paths = order_case(tmp_path, "抖店.csv", COLUMNS)
    with pytest.raises(DataError) as stopped:
        clean.clean_case(params, paths)
    assert f"in {several} of the {several} orders of several lines" in stopped.value.told("en")
    (tmp_path / "once").mkdir()
    params, paths = order_case(tmp_path / "once", "../抖店.csv", COLUMNS, cleaning="cleaning: {order_totals: once}\n")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # by the generator: each order i is customer U{i % 7}'s only order of its day, its total once
    truth = _douyin(tmp_path / "again.csv").groupby("主订单编号").first().groupby("用户ID")["订单应付金额"].sum().round(2)
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == truth.to_dict()


def test_order_totals_whose_order_numbers_are_lost_are_found_in_a_file_of_a_million_lines():
    """Review cn2: a file of a million usable lines is checked on a sixteenth of its orders, chosen by the hash of the
    order number; with the numbers lost (Excel's 6.92012E+18, read as none) every line hashed as NULL does, outside
    the sixteenth: no order was looked at and the totals on each line were summed, unsaid."""
    import duckdb

    from kit.clean_sql import stop_on_repeated_totals

    con = duckdb.connect()
    # 400,000 customer-days of three lines (three products), each line carrying the order's total
    con.execute("""CREATE TABLE t AS SELECT i AS _source_row, NULL::VARCHAR AS reason, NULL::VARCHAR AS order_id,
                          'C' || (i // 3)::VARCHAR AS customer_id, TIMESTAMP '2025-03-01' AS order_date,
                          'P' || (i % 3)::VARCHAR AS product, 1000 + (i // 3) % 500 AS _cents, i AS _hash
                   FROM range(1200000) r(i)""")
    with pytest.raises(DataError) as stopped:
        stop_on_repeated_totals(con, "t", "抖店.csv", "订单应付金额", items=["product"])
    assert "400,000 of the 400,000 orders of several lines" in stopped.value.told("en")
