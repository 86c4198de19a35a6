"""Chinese ERP and shop exports met in QA (helper cn): kit init's draft of each, and what cleaning counts."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import clean
from kit.context import RunPaths
from kit.params import load_params
from kit.scaffold import draft, guess_columns


def _erp_orders(path) -> None:
    """An ERP's order export (聚水潭): a row per item, 商品金额 the line's own amount (数量 × 单价), 订单金额 the order's
    total on each of its lines, 退款状态 per line. 12 orders of two lines: line 1 100.00, line 2 30.00 (each 1 × price);
    order 5's second line refunded, order 9 cancelled."""
    rows = []
    for i in range(12):
        for j, price in enumerate((100.0, 30.0)):
            rows.append({"内部订单号": 5000 + i, "订单状态": "已取消" if i == 9 else "已发货",
                         "下单时间": f"2025/3/{i + 1} 14:03:22", "买家账号": f"buyer{i % 3}", "商品名称": f"商品{j}",
                         "数量": 1, "单价": f"{price:.2f}", "商品金额": f"{price:,.2f}", "订单金额": "130.00",
                         "退款状态": "退款成功" if (i == 5 and j == 1) else ""})
    pd.DataFrame(rows).to_csv(path, index=False, encoding="gbk")


def test_a_buyer_s_account_is_the_customer():
    assert guess_columns(["内部订单号", "下单时间", "买家账号", "商品金额"])["customer_id"] == "买家账号"
    assert guess_columns(["单号", "日期", "会员帐号", "金额"])["customer_id"] == "会员帐号"


def test_an_order_total_on_each_line_beside_each_line_s_amount_drafts_the_line_amount(tmp_path):
    """QA cn (聚水潭): 订单金额 was drafted with order_totals: once, and a refunded line of an order of several still
    counted in the order's total: revenue 3.2% high."""
    _erp_orders(tmp_path / "订单明细.csv")
    found = draft(tmp_path / "订单明细.csv", tmp_path / "p.yaml")
    assert found.columns["amount"] == "商品金额"
    assert found.columns["customer_id"] == "买家账号"
    assert "order_totals" not in found.text
    assert '"订单金额"' in found.text.split("文件中的其他表头：")[1].splitlines()[0]
    (tmp_path / "p.yaml").write_text(found.text.replace('as_of: "?"', "as_of: 2025-03-31"), encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    params = load_params(tmp_path / "p.yaml")
    clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    # buyer0: orders 0, 3, 6, 9 (cancelled) -> 3 × 130; buyer1: 1, 4, 7, 10 -> 4 × 130;
    # buyer2: 2, 5 (its 30.00 refunded), 8, 11 -> 3 × 130 + 100
    assert kept.groupby("customer_id")["amount"].sum().round(2).to_dict() == {
        "buyer0": 390.0, "buyer1": 520.0, "buyer2": 490.0}


def test_an_order_total_without_a_line_amount_beside_it_is_still_counted_once(tmp_path):
    _erp_orders(tmp_path / "订单明细.csv")
    frame = pd.read_csv(tmp_path / "订单明细.csv", encoding="gbk").drop(columns=["商品金额"])
    frame.to_csv(tmp_path / "订单明细.csv", index=False, encoding="gbk")
    found = draft(tmp_path / "订单明细.csv", tmp_path / "p.yaml")
    assert found.columns["amount"] == "订单金额"
    assert "  order_totals: once" in found.text


def test_transfers_between_distributors_beside_sales_to_hospitals_are_drafted_out():
    """QA cn (医药流向): 调拨, stock moved to another distributor, beside 纯销 was counted as sales and the six
    distributors graded among the hospitals (revenue 11.6% high)."""
    from kit.scaffold import non_sales_documents

    flow = pd.DataFrame({"业务类型": ["纯销", "调拨", "纯销", "纯销退货", "调拨"]})
    assert non_sales_documents(flow, ["业务类型"]) == {"业务类型": ["调拨"]}
    assert non_sales_documents(pd.DataFrame({"业务类型": ["调拨", "调拨"]}), ["业务类型"]) == {}


def test_the_buying_unit_s_code_and_name_are_the_customer():
    found = guess_columns(["日期", "商业公司编码", "商业公司名称", "购进单位编码", "购进单位名称", "金额"])
    assert (found["customer_id"], found["customer_name"]) == ("购进单位编码", "购进单位名称")
