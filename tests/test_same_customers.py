"""cleaning.same_customers: customers written in ways cleaning.id_variants cannot tell are one (复旦大学附属中山医院 and
中山医院, as two distributors' flows name one hospital), graded as the params name them."""

from pathlib import Path

import pandas as pd
import pytest

from kit import clean
from kit.context import RunPaths
from kit.errors import ParamsError
from kit.params import load_params

FLOW = """终端名称,流向日期,金额
复旦大学附属中山医院,2025-03-01,100.00
中山医院,2025-03-15,250.50
上海市中山医院,2025-04-02,40.00
华山医院,2025-04-03,80.00
复旦大学附属华山医院,2025-05-01,19.50
瑞金医院,2025-05-02,7.00
"""


def _case(tmp_path: Path, same: str, language: str = "en") -> tuple:
    (tmp_path / "流向.csv").write_text(FLOW, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: {language}\n"
        f"data:\n  path: {tmp_path / '流向.csv'}\n  columns: {{customer_id: 终端名称, order_date: 流向日期, amount: 金额}}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"cleaning:\n  same_customers: {same}\n", encoding="utf-8")
    (tmp_path / "run").mkdir(exist_ok=True)
    return load_params(tmp_path / "case.yaml"), RunPaths(tmp_path / "run")


def test_customers_the_params_name_as_one_are_graded_as_one(tmp_path):
    params, paths = _case(tmp_path, "{复旦大学附属中山医院: 中山医院, 上海市中山医院: 中山医院, 复旦大学附属华山医院: 华山医院, 协和医院: 北京协和医院}")
    notes = []
    result = clean.clean_case(params, paths, note=notes.append)
    tx = pd.read_parquet(paths.transactions)
    # by hand: 中山医院 100 + 250.50 + 40 on three lines, 华山医院 80 + 19.50, 瑞金医院 alone; nothing lost
    revenue = tx.groupby("customer_id")["amount"].sum().round(2).to_dict()
    assert revenue == {"中山医院": 390.5, "华山医院": 99.5, "瑞金医院": 7.0}
    assert result.kept == 6
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "same_customer"), ["rows", "amount"]].tolist() == [3, 159.5]
    fixes = result.fixes[result.fixes["fix"] == "customer graded as cleaning.same_customers names it"]
    assert fixes[["before", "after"]].values.tolist() == [["复旦大学附属中山医院", "中山医院"], ["上海市中山医院", "中山医院"],
                                                         ["复旦大学附属华山医院", "华山医院"]]
    # a name no order line writes (mistyped, or without orders this time) is said, not stopped on
    assert any("1 customer cleaning.same_customers names as written is on no order line (协和医院)" in n
               for n in notes), notes


def test_without_same_customers_each_way_of_writing_is_a_customer(tmp_path):
    params, paths = _case(tmp_path, "{}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["customer_id"].nunique() == 6


@pytest.mark.parametrize("same, said", [
    ("{中山医院: 复旦大学附属中山医院, 复旦大学附属中山医院: 中山医院集团}", "'复旦大学附属中山医院' is both graded as another customer"),
    ("{中山医院: ''}", "must name a customer as written and the customer it is graded as"),
    ("{中山医院: [a, b]}", "must name a customer as written and the customer it is graded as"),
    ("{'中山医院 ': 华山医院, 中山医院: 瑞金医院}", "'中山医院' is named twice (once trimmed)"),
])
def test_a_mapping_that_cannot_be_followed_stops_with_one_sentence(tmp_path, same, said):
    with pytest.raises(ParamsError, match="cleaning.same_customers") as caught:
        _case(tmp_path, same)
    assert said in str(caught.value)


def test_a_customer_graded_as_itself_changes_nothing(tmp_path):
    params, _ = _case(tmp_path, "{中山医院: 中山医院, 华山医院: 复旦大学附属华山医院}")
    assert params.cleaning.same_customers == {"华山医院": "复旦大学附属华山医院"}


def test_the_ledger_line_reads_in_chinese(tmp_path):
    params, paths = _case(tmp_path, "{复旦大学附属中山医院: 中山医院}", language="zh")
    result = clean.clean_case(params, paths)
    row = result.ledger[result.ledger["reason"] == "same_customer"]
    assert row["reason_text"].tolist() == ["按 cleaning.same_customers 改计入其指定的另一客户"]


def _two_exports(tmp_path: Path, cleaning: str) -> tuple:
    """An export of Q4 writing a customer's old code, and a later cumulative one writing its new code on the same
    orders (order A0 and A1 again, A2 new)."""
    (tmp_path / "orders_Q4_2024.csv").write_text("单号,客户,日期,金额\nA1,OLD,2024-12-01,100\nA0,OLD,2024-11-01,30\n",
                                                 encoding="utf-8")
    (tmp_path / "orders_Q1_2025.csv").write_text(
        "单号,客户,日期,金额\nA1,NEW,2024-12-01,100\nA0,NEW,2024-11-01,30\nA2,NEW,2025-01-10,50\n", encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: [{tmp_path / 'orders_Q4_2024.csv'}, {tmp_path / 'orders_Q1_2025.csv'}]\n"
        "  columns: {order_id: 单号, customer_id: 客户, order_date: 日期, amount: 金额}\n"
        "period: {as_of: 2025-12-31, months: 24}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"cleaning:\n{cleaning}", encoding="utf-8")
    (tmp_path / "run").mkdir(exist_ok=True)
    return load_params(tmp_path / "case.yaml"), RunPaths(tmp_path / "run")


def _merged(tmp_path: Path, rows: str, same: str) -> tuple:
    """clean_case on ``rows`` (客户,日期,金额) with ``cleaning.id_variants: merge`` and ``same_customers: same``: the
    cleaning's result and each customer's kept amount."""
    (tmp_path / "o.csv").write_text("客户,日期,金额\n" + rows, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: en\ndata:\n  path: {tmp_path / 'o.csv'}\n"
        "  columns: {customer_id: 客户, order_date: 日期, amount: 金额}\nperiod: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"cleaning:\n  id_variants: merge\n  same_customers: {same}\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    result = clean.clean_case(load_params(tmp_path / "case.yaml"), paths)
    return result, pd.read_parquet(paths.transactions).groupby("customer_id")["amount"].sum().to_dict()


def test_an_order_a_later_export_writes_under_the_new_code_is_superseded(tmp_path):
    # review: overlap: latest compared the orders before the map, so A0 and A1 counted twice (310, not 180)
    params, paths = _two_exports(tmp_path, "  overlap: latest\n  same_customers: {OLD: NEW}\n")
    notes = []
    result = clean.clean_case(params, paths, note=notes.append)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"NEW": 180.0}  # by hand: 100 + 30 + 50
    ledger = result.ledger.set_index(["source_file", "kind", "reason"])
    assert ledger.loc[("orders_Q4_2024.csv", "set_aside", "superseded"), ["rows", "amount"]].tolist() == [2, 130.0]
    # OLD is written, on lines the later export supersedes: no note that the data does not write it
    assert not [n for n in notes if "same_customers" in n], notes


def test_with_id_variants_merge_every_way_of_writing_the_named_customer_follows(tmp_path):
    # review: grades.csv (merge) writes 00123 for 00123 and 123; the params naming 00123 left 123 a customer alone
    result, revenue = _merged(tmp_path, "00123,2025-01-01,10\n00123,2025-01-02,10\n00123,2025-01-03,10\n"
                                        "123,2025-01-04,5\n456,2025-01-05,1\n", "{'00123': '456'}")
    assert revenue == {"456": 36.0}  # by hand: 10 * 3 + 5 + 1
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "same_customer"), ["rows", "amount"]].tolist() == [4, 35.0]


def test_codes_written_without_quotes_are_taken_as_written(tmp_path):
    # review: YAML reads 00123 as the octal 83, 0456 as 302 and 01.10 as 1.1: the map graded 00123's lines as no one
    params, _ = _case(tmp_path, "{00123: 0456, 01.10: 1.2, 123: 456, 1_000: 2000}")
    assert params.cleaning.same_customers == {"00123": "0456", "01.10": "1.2", "123": "456", "1_000": "2000"}


def test_with_id_variants_merge_a_way_graded_as_itself_is_not_counted_as_graded_as_another(tmp_path):
    result, revenue = _merged(tmp_path, "00123,2025-01-01,10\n00123,2025-01-02,10\n123,2025-01-04,5\n",
                              "{'00123': '123'}")
    assert revenue == {"123": 25.0}
    ledger = result.ledger.set_index(["kind", "reason"])
    assert ledger.loc[("info", "same_customer"), ["rows", "amount"]].tolist() == [2, 20.0]  # the two 00123 lines


def test_with_id_variants_merge_a_customer_named_by_another_way_of_writing_follows_it(tmp_path):
    # re-read: {00123: X, Y: 123} with 123 a way of writing 00123: Y's lines went to 123 (one join step), not to X
    _, revenue = _merged(tmp_path, "00123,2025-01-01,10\n123,2025-01-02,5\nY,2025-01-03,2\n", "{'00123': X, Y: '123'}")
    assert revenue == {"X": 17.0}


def test_a_customer_named_twice_once_as_itself_stops(tmp_path):
    # re-read: {A: A, 'A ': B} kept 'A: B' without a word (the self-map was dropped before the check)
    with pytest.raises(ParamsError, match="is named twice"):
        _case(tmp_path, "{中山医院: 中山医院, '中山医院 ': 华山医院}")
