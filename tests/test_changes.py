"""Comparing a run with the case's previous run: params keys, input files and customers' grades."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kit.changes import (
    WHY,
    WHY_ZH,
    compare_runs,
    grade_changes,
    input_changes,
    params_changes,
    previous_run,
    write_changes,
)
from kit.context import RunPaths


def test_params_changes_name_dotted_keys_with_both_values():
    before = {"case": "c", "period": {"as_of": "2025-09-30", "months": 12},
              "grading": {"value": {"method": "pareto", "cuts": [0.8, 0.95]}, "rfm": {}}}
    after = {"case": "c", "period": {"as_of": "2025-12-31", "months": 12},
             "grading": {"value": {"method": "pareto", "cuts": [0.7, 0.9]}, "lifecycle": {"new_days": 90}}}
    assert params_changes(before, after) == [
        ("period.as_of", "2025-09-30", "2025-12-31"), ("grading.value.cuts", [0.8, 0.95], [0.7, 0.9]),
        ("grading.lifecycle.new_days", None, 90), ("grading.rfm", {}, None)]
    assert params_changes(after, after) == []


def test_input_changes_say_which_file_changed_was_added_or_is_no_longer_read():
    params = {"role": "params", "path": "/p/c.yaml", "sha256": "1"}
    before = [params, {"role": "data", "path": "/d/q3.csv", "sha256": "a"},
              {"role": "master", "path": "/d/hospitals.xlsx", "sha256": "m"}]
    after = [dict(params, sha256="2"), {"role": "data", "path": "/d/q4.csv", "sha256": "b"},
             {"role": "master", "path": "/d/hospitals.xlsx", "sha256": "m2"}]
    assert input_changes(before, after) == ["q4.csv added", "hospitals.xlsx changed", "q3.csv no longer read"]
    assert input_changes(before, before) == []  # the params file's own checksum is the params, compared by key


def test_a_file_renamed_with_the_same_content_is_one_file_under_a_new_name():
    """QA: kd_2025.csv, a byte copy of 销售出库单序时簿_2025.csv, was said added and the other no longer read."""
    from kit.changes import data_changed, input_phrase

    before = [{"role": "data", "path": "/d1/销售出库单序时簿_2025.csv", "sha256": "s1"},
              {"role": "data", "path": "/d1/q3.csv", "sha256": "s3"},
              {"role": "master", "path": "/d1/hospitals.xlsx", "sha256": "s1"}]
    after = [{"role": "data", "path": "/d1q/kd_2025.csv", "sha256": "s1"},
             {"role": "data", "path": "/d1q/kd_2026Q1.csv", "sha256": "s4"},
             {"role": "data", "path": "/d1q/q3.csv", "sha256": "s3"},
             {"role": "master", "path": "/d1/hospitals.xlsx", "sha256": "s1"}]
    found = input_changes(before, after)
    assert found == ["销售出库单序时簿_2025.csv renamed kd_2025.csv (same content)", "kd_2026Q1.csv added",
                     "q3.csv moved (same content)"]
    assert [input_phrase(p, "zh") for p in found] == [
        "销售出库单序时簿_2025.csv 改名为 kd_2025.csv（内容相同）", "kd_2026Q1.csv 新增", "q3.csv 换了文件夹（内容相同）"]
    assert data_changed(found)
    assert not data_changed(found[::2])  # renamed and moved only: the same data
    # two copies of one content, one of them renamed: a pair per file, the other copy no longer read
    twice = [{"role": "data", "path": "/d/a.csv", "sha256": "x"}, {"role": "data", "path": "/d/b.csv", "sha256": "x"}]
    assert input_changes(twice, [{"role": "data", "path": "/d/c.csv", "sha256": "x"}]) == [
        "a.csv renamed c.csv (same content)", "b.csv no longer read"]
    # another role's file of the same content is no rename
    assert input_changes([{"role": "master", "path": "/d/a.csv", "sha256": "x"}],
                         [{"role": "data", "path": "/d/c.csv", "sha256": "x"}]) == ["c.csv added", "a.csv no longer read"]


def test_grade_changes_list_each_customer_and_grade_that_differs():
    before = pd.DataFrame({"customer_id": ["A", "B", "C"], "revenue": [1.0, 2.0, 3.0],
                           "value_tier": pd.Categorical(["small", "VIP", "small"]),
                           "rfm_segment": ["Lost", "Champions", "Lost"]})
    after = pd.DataFrame({"customer_id": ["B", "C", "D"], "revenue": [9.0, 3.0, 4.0],
                          "value_tier": pd.Categorical(["VIP", "VIP", "small"]),
                          "rfm_segment": ["Champions", "Lost", "New"], "lifecycle": ["active", "active", "new"]})
    changes = grade_changes(before, after)
    assert changes.iloc[:, :4].astype(str).values.tolist() == [
        ["A", "value_tier", "small", ""], ["C", "value_tier", "small", "VIP"], ["D", "value_tier", "", "small"],
        ["A", "rfm_segment", "Lost", ""], ["D", "rfm_segment", "", "New"],
        # lifecycle was not graded before: every customer graded now has changed from nothing
        ["B", "lifecycle", "", "active"], ["C", "lifecycle", "", "active"], ["D", "lifecycle", "", "new"]]
    assert grade_changes(before, before).empty


def test_changes_say_each_run_s_revenue_and_whether_the_rules_or_the_figures_moved_the_customer():
    """Found in QA: a quarter that raised the VIP threshold (500k -> 600k) and brought new revenue moved 49
    customers, 7 of them by the threshold alone, and changes.csv could not tell which."""
    old = {"grading": {"value": {"method": "thresholds", "thresholds": [100, 500], "labels": ["small", "mid", "VIP"]},
                       "lifecycle": {"churn_days": 180}}}
    new = {"grading": {"value": {"method": "thresholds", "thresholds": [100, 600], "labels": ["small", "mid", "VIP"]},
                       "lifecycle": {"churn_days": 180}}}
    before = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "revenue": [550.0, 520.0, 50.0, 700.0],
                           "value_tier": ["VIP", "VIP", "small", "VIP"], "lifecycle": ["active"] * 4})
    after = pd.DataFrame({"customer_id": ["A", "B", "C", "E"], "revenue": [560.0, 90.0, 650.0, 10.0],
                          "value_tier": ["mid", "small", "VIP", "small"],
                          "lifecycle": ["active", "at risk", "active", "new"]})
    changes = [[str(cell) for cell in row] for row in grade_changes(before, after, params=(old, new)).values.tolist()]
    # by hand, under the previous thresholds: A's 560 is VIP (>= 500) as before, so the new threshold alone moved it;
    # B's 90 is small and C's 650 VIP under either: their figures moved them (QA: 54 of 62 said "rules changed")
    assert changes == [
        ["A", "value_tier", "VIP", "mid", "550.0", "560.0", "rules"],
        ["B", "value_tier", "VIP", "small", "520.0", "90.0", "figures"],
        ["C", "value_tier", "small", "VIP", "50.0", "650.0", "figures"],
        ["D", "value_tier", "VIP", "", "700.0", "nan", "not graded now"],
        ["E", "value_tier", "", "small", "nan", "10.0", "not graded before"],
        ["B", "lifecycle", "active", "at risk", "520.0", "90.0", "figures"],  # lifecycle's rules are the same
        ["D", "lifecycle", "active", "", "700.0", "nan", "not graded now"],
        ["E", "lifecycle", "", "new", "nan", "10.0", "not graded before"]]
    assert set(WHY) >= {row[-1] for row in changes}
    # Pareto ranks: a customer whose revenue stayed moves when others' moved (found in review)
    pareto = {"grading": {"value": {"method": "pareto", "cuts": [0.8, 0.95], "labels": ["C", "B", "A"]}}}
    ranked = grade_changes(pd.DataFrame({"customer_id": ["A", "Z"], "revenue": [50.0, 900.0], "value_tier": ["B", "A"]}),
                           pd.DataFrame({"customer_id": ["A", "Z"], "revenue": [50.0, 10.0], "value_tier": ["A", "C"]}),
                           params=(pareto, pareto))
    assert ranked.set_index("customer_id")["why"].to_dict() == {"A": "figures or ranks", "Z": "figures or ranks"}
    from kit.changes import _moved_text

    moved = grade_changes(before, after, params=(old, new))
    assert _moved_text(moved) == ("value tier changed for 5 customers (1 by the changed rules alone), lifecycle "
                                  "changed for 3 customers")
    assert _moved_text(moved, "zh").startswith("价值分级有 5 家客户级别变化（其中 1 家仅因规则变化）")
    # the value grade unmoved while another moved: said, not left to its absence (QA)
    lifecycle_only = moved[moved["grade"] == "lifecycle"]
    assert _moved_text(lifecycle_only) == "value tier changed for no customer, lifecycle changed for 3 customers"
    assert _moved_text(lifecycle_only, "zh") == "价值分级没有客户级别变化，生命周期有 3 家客户级别变化"


def test_moves_under_a_threshold_changed_both_ways_or_a_window_of_another_length_are_rule_changes():
    """The previous thresholds give neither tier: both moved it; a window of 6 months after one of 12 changes every
    grader's rules (QA: all 179 such moves said "figures")."""
    old = {"period": {"months": 12}, "grading": {"value": {"method": "thresholds", "thresholds": [100, 500],
                                                           "labels": ["small", "mid", "VIP"]}}}
    new = {"period": {"months": 12}, "grading": {"value": {"method": "thresholds", "thresholds": [300, 600],
                                                           "labels": ["small", "mid", "VIP"]}}}
    before = pd.DataFrame({"customer_id": ["A"], "revenue": [50.0], "value_tier": ["small"]})
    after = pd.DataFrame({"customer_id": ["A"], "revenue": [200.0], "value_tier": ["small"]})
    # 50 -> 200: small under the new thresholds, mid under the old: unchanged tier, no row
    assert grade_changes(before, after, params=(old, new)).empty
    after = pd.DataFrame({"customer_id": ["A"], "revenue": [550.0], "value_tier": ["mid"]})
    # 550: VIP under the old thresholds, mid under the new, small before: neither alone
    assert grade_changes(before, after, params=(old, new))["why"].tolist() == ["rules changed"]
    shorter = {**old, "period": {"months": 6}}
    after = pd.DataFrame({"customer_id": ["A"], "revenue": [150.0], "value_tier": ["mid"]})
    assert grade_changes(before, after, params=(old, shorter))["why"].tolist() == ["rules changed"]
    assert grade_changes(before, after, params=(old, old))["why"].tolist() == ["figures"]
    # lifecycle's rules are days since a purchase, the same whatever the window's length
    life = {"grading": {**old["grading"], "lifecycle": {"churn_days": 180}}}
    moved = grade_changes(before.assign(lifecycle=["active"]), after.assign(lifecycle=["lapsing"]),
                          params=({**life, "period": {"months": 12}}, {**life, "period": {"months": 6}}))
    assert moved.set_index("grade")["why"]["lifecycle"] == "figures"


def test_a_value_method_switched_on_the_same_figures_moves_customers_by_the_rules_alone():
    """QA (next quarter, Pareto back to thresholds on the same data): all 121 moves said "rules changed (the
    customer's figures may have too)", and none "by the changed rules alone", every revenue the same."""
    pareto = {"grading": {"value": {"method": "pareto", "cuts": [0.5], "labels": ["small", "big"]}}}
    thresholds = {"grading": {"value": {"method": "thresholds", "thresholds": [100], "labels": ["small", "big"]}}}
    # Pareto: A's 300 is the first half of 420 (big), B and C small; thresholds at 100: A and B big
    before = pd.DataFrame({"customer_id": ["A", "B", "C"], "revenue": [300.0, 110.0, 10.0],
                           "value_tier": ["big", "small", "small"]})
    after = before.assign(value_tier=["big", "big", "small"])
    assert grade_changes(before, after, params=(pareto, thresholds))[["customer_id", "why"]].values.tolist() == [
        ["B", "rules"]]
    # another customer's revenue moved (C: 10 -> 500), so B's rank may have: not the rules alone
    later = after.assign(revenue=[300.0, 110.0, 500.0], value_tier=["big", "big", "big"])
    assert grade_changes(before, later, params=(pareto, thresholds)).set_index("customer_id")["why"].to_dict() == {
        "B": "rules changed", "C": "rules changed"}
    # a customer gone: the figures are not the same customers'
    fewer = after.iloc[:2]
    assert grade_changes(before, fewer, params=(pareto, thresholds)).set_index("customer_id")["why"].to_dict() == {
        "B": "rules changed", "C": "not graded now"}


def test_a_matrix_grade_moved_by_a_changed_value_threshold_is_said_to_move_by_the_rules():
    """Found in QA (exercise 2): lowering the VIP threshold moved final_tier 培育发展 -> 重点投入 with the revenue the
    same, and changes.csv said `figures`."""
    matrix = {"method": "matrix", "rows": "value", "cols": "potential", "map": {}}
    old = {"grading": {"value": {"method": "thresholds", "thresholds": [1000], "labels": ["small", "VIP"]},
                       "composite": matrix}}
    new = {"grading": {"value": {"method": "thresholds", "thresholds": [800], "labels": ["small", "VIP"]},
                       "composite": matrix}}
    before = pd.DataFrame({"customer_id": ["A", "B"], "revenue": [900.0, 50.0], "value_tier": ["small", "small"],
                           "final_tier": ["grow", "keep"]})
    after = before.assign(value_tier=["VIP", "small"], final_tier=["invest", "grow"])
    why = grade_changes(before, after, params=(old, new)).set_index(["customer_id", "grade"])["why"]
    assert why[("A", "value_tier")] == "rules" and why[("A", "final_tier")] == "rules changed"
    assert grade_changes(before, after, params=(new, new)).set_index(["customer_id", "grade"])["why"][
        ("B", "final_tier")] == "figures"
    # a score's rows and cols (dumped with every run's params) name no grades it uses (review)
    score = {"method": "score", "rows": "value", "cols": "potential", "weights": {"revenue": 1}, "thresholds": [50]}
    old_score, new_score = ({"grading": {**p["grading"], "composite": score}} for p in (old, new))
    assert grade_changes(before, after, params=(old_score, new_score)).set_index(["customer_id", "grade"])["why"][
        ("A", "final_tier")] == "figures or ranks"


def _run_folder(reports: Path, run_id: str, *, status="succeeded", params=None, tiers=("small", "VIP"),
                grades_sha="g1", data_sha="d1", overrides=(), commit="", dirty=False) -> Path:
    folder = reports / run_id
    folder.mkdir(parents=True)
    manifest = {"status": status, "params": params or {"period": {"as_of": "2025-12-31"}},
                "inputs": [{"role": "data", "path": "/d/orders.csv", "sha256": data_sha}],
                "outputs": {"grades.csv": grades_sha}, "overrides": list(overrides), "kit_version": "0.1.0",
                **({"git": {"commit": commit, "dirty": dirty}} if commit else {})}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pd.DataFrame({"customer_id": ["A", "B"], "value_tier": list(tiers)}).to_parquet(folder / "grades.parquet")
    return folder


def _run_with_params_file(tmp_path: Path, run_id: str, params: dict, params_file: str) -> Path:
    """:func:`_run_folder` whose manifest names ``params_file`` as the params file it ran (a case folder moved)."""
    folder = _run_folder(tmp_path, run_id, params=params)
    saved = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    saved["params_file"] = params_file
    (folder / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    return folder


def test_the_previous_run_is_the_latest_earlier_one_that_succeeded(tmp_path):
    first = _run_folder(tmp_path, "20250101-000000-000001")
    _run_folder(tmp_path, "20250201-000000-000001", status="failed")
    (tmp_path / "20250202-000000-000001").mkdir()  # a run folder without a manifest (stopped at once)
    current = _run_folder(tmp_path, "20250301-000000-000001")
    _run_folder(tmp_path, "20250401-000000-000001")  # a later run (of a parallel job) is no previous run
    assert previous_run(current) == first
    assert previous_run(first) is None


def test_same_params_and_data_say_the_tables_are_identical(tmp_path):
    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001")
    changes = compare_runs(first, second)
    assert changes.same_tables and changes.grades.empty
    assert changes.lines() == [("since run 20250101-000000-000001: same params and data; "
                                "the graded tables are identical")]


def test_tables_that_differ_on_the_same_params_and_data_name_the_kit_of_each_run(tmp_path):
    """"(a different kit version?)" while both manifests record the commit (QA)."""
    first = _run_folder(tmp_path, "20250101-000000-000001", commit="6ba3835aaaa")
    second = _run_folder(tmp_path, "20250102-000000-000001", commit="c30d4ffbbbb", dirty=True, tiers=("VIP", "VIP"),
                         grades_sha="g2")
    assert compare_runs(first, second).lines(details=None) == [(
        "since run 20250101-000000-000001: same params and data, yet value tier changed for 1 customer (the kit "
        "changed: 0.1.0 (6ba3835) -> 0.1.0 (c30d4ff, edited))")]


def test_a_first_run_names_the_folder_it_found_no_earlier_run_in(tmp_path):
    """Found in QA: a run started from another working directory landed in another reports/ folder and was
    compared with nothing, without a word."""
    from kit.runner import _compare_with_previous_run

    current = _run_folder(tmp_path / "demo", "20250102-000000-000001")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append)
    assert lines == [(f"no earlier run of this case in {(tmp_path / 'demo').resolve()} to compare with; later runs "
                      f"there are compared with the one before")]
    assert not (current / "changes.csv").exists()


def _transactions(folder: Path, rows: list[tuple], *, order_ids: bool = True) -> None:
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_date", "amount"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    (frame if order_ids else frame.drop(columns="order_id")).to_parquet(folder / "transactions.parquet")


def test_orders_restated_by_a_new_export_are_listed(tmp_path):
    """Found in QA: next quarter's cumulative export restated five of last quarter's orders and renamed a customer,
    and nothing said so: the data diff named the files only."""
    from kit.changes import restated_orders
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 5.0), ("o2", "A", "2025-07-02", 5.0),
                          ("o3", "B", "2025-08-01", 7.0), ("o4", "B", "2025-09-30", 1.0), ("o0", "B", "2025-06-01", 3.0)])
    _transactions(second, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 12.0),
                           ("o3", "C", "2025-08-01", 7.0), ("o5", "B", "2025-08-15", 2.0),
                           ("o6", "B", "2025-12-01", 9.0)])
    # by hand, over 2025-07-01 .. 2025-09-30 (the days both hold; o0 and o6 lie outside): o2 10 -> 12, o3 B -> C,
    # o4 gone, o5 added
    found = restated_orders(first, second)
    assert [[str(v) for v in row] for row in found.values.tolist()] == [
        ["o2", "2025-07-02", "A", "A", "10.0", "12.0", "changed", "export"],
        ["o3", "2025-08-01", "B", "C", "7.0", "7.0", "changed", "export"],
        ["o5", "2025-08-15", "nan", "B", "nan", "2.0", "added", "export"],
        ["o4", "2025-09-30", "B", "nan", "1.0", "nan", "gone", "export"]]
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(second), json.loads((second / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert lines[-1] == ("  data: orders of the days both runs cover differ from the previous run's (2 changed, "
                         "1 gone, 1 added; 2025-07-02 to 2025-09-30); see restated.csv")
    assert len(pd.read_csv(second / "restated.csv", encoding="utf-8-sig")) == 4
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["changes"]["orders_restated"] == {"changed": 2, "gone": 1, "added": 1}
    # without order IDs, each customer's day is one purchase
    _transactions(first, [("", "A", "2025-07-01", 10.0), ("", "A", "2025-07-02", 5.0)], order_ids=False)
    _transactions(second, [("", "A", "2025-07-01", 10.0), ("", "A", "2025-07-02", 6.0)], order_ids=False)
    assert restated_orders(first, second)[["customer_after", "amount_before", "amount_after", "what"]].values.tolist() \
        == [["A", 5.0, 6.0, "changed"]]
    # the same data: not compared at all
    third = _run_folder(tmp_path, "20250103-000000-000001", data_sha="d2")
    _transactions(third, [("o1", "A", "2025-07-01", 99.0)])
    _compare_with_previous_run(RunPaths(third), json.loads((third / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert lines[-1].startswith("since run 20250102-000000-000001: same params and data")
    assert not (third / "restated.csv").exists()


def _quarantine(folder: Path, rows: list[tuple[str, str]]) -> None:
    """A run's quarantine.csv: (reason, order number) per set-aside row, under the export's own header."""
    frame = pd.DataFrame([("orders.csv", i + 2, reason, "", order, "未审核") for i, (reason, order) in enumerate(rows)],
                         columns=["source_file", "source_row", "reason", "reason_text", "单据编号", "审核状态"])
    frame.to_csv(folder / "quarantine.csv", index=False, encoding="utf-8-sig")


_EXCLUDING = {"period": {"as_of": "2025-12-31"}, "data": {"columns": {"order_id": "单据编号"}},
              "cleaning": {"exclude": {"审核状态": ["未审核"]}}}
_KEEPING = {"period": {"as_of": "2025-12-31"}, "data": {"columns": {"order_id": "单据编号"}},
            "cleaning": {"exclude": {}}}


def test_orders_the_previous_runs_cleaning_rules_left_out_are_not_restated_by_the_export(tmp_path):
    """QA: the previous run excluded 审核状态 未审核, the new one did not; restated.csv called the 82 unapproved
    orders added to the export, which was the same file under a new name."""
    from kit.changes import restated_orders
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001", params=_EXCLUDING)
    second = _run_folder(tmp_path, "20250102-000000-000001", params=_KEEPING, data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o3", "B", "2025-08-01", 7.0),
                          ("o5", "C", "2025-09-30", 1.0)])
    _quarantine(first, [("excluded", "o2"), ("bad_amount", "o4")])
    _transactions(second, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 5.0),
                           ("o3", "B", "2025-08-01", 9.0), ("o4", "C", "2025-09-15", 2.0),
                           ("o5", "C", "2025-09-30", 1.0)])
    _quarantine(second, [])
    # by hand, over 2025-07-01 .. 2025-09-30: o2 was excluded by the previous rules (the rules); o3 7 -> 9 and o4,
    # set aside for its amount before, not for a rule that changed, are the export's
    rules = ["cleaning.exclude.审核状态"]
    found = restated_orders(first, second, rules=rules)
    assert found[["order_id", "what", "why"]].values.tolist() == [
        ["o2", "added", "rules"], ["o3", "changed", "export"], ["o4", "added", "export"]]
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(second), json.loads((second / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert lines[0].endswith("params changed: cleaning.exclude.审核状态 [\"未审核\"] -> (none)")
    assert lines[-2:] == [
        ("  data: orders of the days both runs cover differ from the previous run's (1 changed, 1 added; "
         "2025-08-01 to 2025-09-15); see restated.csv"),
        ("  data: the cleaning rules changed (cleaning.exclude.审核状态), so the orders kept differ, not the export: "
         "1 added, left out by the previous run's rules (2025-07-02 to 2025-07-02); see restated.csv")]
    written = pd.read_csv(second / "restated.csv", encoding="utf-8-sig")
    assert written[["order_id", "why"]].values.tolist() == [["o2", "rules"], ["o3", "export"], ["o4", "export"]]
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["changes"]["orders_restated"] == {"changed": 1, "added": 1}
    assert manifest["changes"]["orders_differ_by_rules"] == {"rules": rules, "added": 1}
    # the same rules: an order set aside before and kept now is the export's (o2 fixed in the export), as before
    assert restated_orders(first, second)["why"].tolist() == ["export"] * 3


def test_only_the_rules_changed_the_orders_kept_the_line_blames_the_rules_not_the_export(tmp_path):
    """The QA case itself: every order that differs was left out by the previous run's exclusion; in Chinese."""
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001", params=_EXCLUDING)
    second = _run_folder(tmp_path, "20250102-000000-000001", params=_KEEPING, data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o5", "C", "2025-09-30", 1.0)])
    _quarantine(first, [("excluded", "o2"), ("excluded", "o3")])
    _transactions(second, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 5.0),
                           ("o3", "B", "2025-08-01", 7.0), ("o5", "C", "2025-09-30", 1.0)])
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(second), json.loads((second / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append, lang="zh")
    assert lines[-1] == ("  数据：清洗规则有变化（cleaning.exclude.审核状态），保留的订单因此不同，并非导出的数据有变化："
                         "上次被规则剔除、本次保留的 2 张（2025-07-02 至 2025-08-01）；见 restated.csv")
    assert not any("两次运行共同覆盖的日期内有订单与上次不同" in line for line in lines)
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert "orders_restated" not in manifest["changes"]
    # a Chinese case's restated.csv says what and why in Chinese beside the codes (QA)
    written = pd.read_csv(second / "restated.csv", encoding="utf-8-sig")
    assert written[["order_id", "what", "what_text", "why"]].values.tolist() == [
        ["o2", "added", "本次新增", "rules"], ["o3", "added", "本次新增", "rules"]]
    assert set(written["why_text"]) == {"清洗规则变化：其中一次运行的规则把该订单的行另置（见 quarantine.csv）"}
    # the rules put back: the two orders left out by this run's rules, in its quarantine
    third = _run_folder(tmp_path, "20250103-000000-000001", params=_EXCLUDING, data_sha="d3")
    _transactions(third, [("o1", "A", "2025-07-01", 10.0), ("o5", "C", "2025-09-30", 1.0)])
    _quarantine(third, [("excluded", "o2"), ("excluded", "o3")])
    _compare_with_previous_run(RunPaths(third), json.loads((third / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert lines[-1] == ("  data: the cleaning rules changed (cleaning.exclude.审核状态), so the orders kept differ, "
                         "not the export: 2 gone, left out by this run's rules (2025-07-02 to 2025-08-01); see "
                         "restated.csv")


def test_rules_that_change_orders_without_setting_them_aside_say_the_rules_or_the_data(tmp_path):
    """cleaning.returns drop instead of net changes an order's amount and sets nothing aside: which of the rules or
    the export changed it is not known; nor without order IDs, whatever the rule."""
    from kit.changes import restated_lines, restated_orders

    first = _run_folder(tmp_path, "20250101-000000-000001", params={"cleaning": {"returns": "net"}})
    second = _run_folder(tmp_path, "20250102-000000-000001", params={"cleaning": {"returns": "drop"}}, data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 7.0)])
    _transactions(second, [("o1", "A", "2025-07-01", 12.0), ("o2", "B", "2025-08-01", 7.0)])
    found = restated_orders(first, second, rules=["cleaning.returns"])
    assert found[["order_id", "what", "why"]].values.tolist() == [["o1", "changed", "rules or export"]]
    assert restated_lines(found, rules=["cleaning.returns"]) == [
        ("  data: the cleaning rules changed (cleaning.returns), so orders of the days both runs cover differ by the "
         "rules or by the data: 1 changed (2025-07-01 to 2025-07-01); see restated.csv")]
    _transactions(first, [("", "A", "2025-07-01", 10.0), ("", "B", "2025-07-02", 5.0)], order_ids=False)
    _transactions(second, [("", "A", "2025-07-01", 10.0), ("", "B", "2025-07-02", 6.0)], order_ids=False)
    assert restated_orders(first, second, rules=["cleaning.exclude.审核状态"])["why"].tolist() == ["rules or export"]


def test_orders_a_later_export_wrote_again_under_overlap_latest_are_the_rules_or_the_export(tmp_path):
    """QA (next quarter with cleaning.overlap: latest): XSCK-00002, whose amount the new export corrected, was said
    changed by the rules alone, "not the export". A line the rule took from the later file is that file's data too.
    An order another rule left out (excluded) is still the rules'."""
    from kit.changes import restated_orders

    first = _run_folder(tmp_path, "20250101-000000-000001", params={"data": {"columns": {"order_id": "单据编号"}}})
    second = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2",
                         params={"data": {"columns": {"order_id": "单据编号"}}, "cleaning": {"overlap": "latest"}})
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 7.0), ("o3", "B", "2025-07-15", 3.0)])
    _transactions(second, [("o1", "A", "2025-07-01", 12.0), ("o2", "B", "2025-08-01", 7.0)])
    _quarantine(second, [("superseded", "o1"), ("withdrawn", "o3")])
    found = restated_orders(first, second, rules=["cleaning.overlap"])
    assert found[["order_id", "what", "why"]].values.tolist() == [["o1", "changed", "rules or export"],
                                                                 ["o3", "gone", "rules or export"]]
    # overlap not among the rules that changed: an order another run's rule excluded is the rules' alone
    _quarantine(second, [("excluded", "o1"), ("withdrawn", "o3")])
    found = restated_orders(first, second, rules=["cleaning.exclude.审核状态"])
    assert found[["order_id", "why"]].values.tolist() == [["o1", "rules"], ["o3", "export"]]


def test_a_file_only_renamed_is_no_new_data_to_look_for_restated_orders_in(tmp_path):
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001", params=_EXCLUDING)
    second = _run_folder(tmp_path, "20250102-000000-000001", params=_KEEPING)
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"] = [{"role": "data", "path": "/d/kd_2025.csv", "sha256": "d1"}]
    (second / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o3", "B", "2025-08-01", 7.0)])
    _transactions(second, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 5.0),
                           ("o3", "B", "2025-08-01", 7.0)])
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(second), manifest, log=lines.append)
    assert lines[1] == "  data: orders.csv renamed kd_2025.csv (same content)"
    assert not (second / "restated.csv").exists()
    assert manifest["changes"]["inputs_changed"] == ["orders.csv renamed kd_2025.csv (same content)"]


def test_a_changed_threshold_and_file_are_named_with_the_customers_that_moved(tmp_path):
    from kit.runner import _compare_with_previous_run

    _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          tiers=("VIP", "VIP"), grades_sha="g2", data_sha="d2")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append)
    previous = tmp_path / "20250101-000000-000001"
    assert lines == ["since run 20250101-000000-000001: params changed: period.as_of 2025-12-31 -> 2026-03-31",
                     "  data: orders.csv changed",
                     "  value tier changed for 1 customer; see changes.csv",
                     # the runs keep no order lines (transactions.parquet) here: none compared, said so
                     f"  data: no order could be compared for restatement: {previous} has no transactions.parquet "
                     f"(the order lines a run keeps; a run of an earlier kit version has none, or it was deleted); "
                     f"run the case again with this version to compare its orders"]
    written = pd.read_csv(current / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert written.iloc[:, :4].values.tolist() == [["A", "value_tier", "small", "VIP"]]
    saved = json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert saved == {"previous_run": "20250101-000000-000001", "chosen": False, "previous_overrides": [],
                     "params_changed": ["period.as_of"],
                     "inputs_changed": ["orders.csv changed"], "graded_tables_identical": False,
                     "customers_changed": {"value_tier": 1},
                     "orders_not_compared": lines[-1].strip()}


@pytest.mark.parametrize("language, said", [("en", "note: not compared with run 20250101-000000-000001 ("),
                                             ("zh", "注意：未能与运行 20250101-000000-000001 比较（")])
@pytest.mark.parametrize("damage", ["grades", "manifest"])
def test_a_damaged_previous_run_is_named_not_fatal(tmp_path, damage, language, said):
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001")
    if damage == "grades":
        (first / "grades.parquet").write_bytes(b"not parquet")
    else:  # valid JSON, but not a manifest of a finished run with its keys
        (current / "manifest.json").write_text(json.dumps({"status": "succeeded", "params": []}), encoding="utf-8")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang=language)
    assert len(lines) == 1 and lines[0].startswith(said)
    assert not (current / "changes.csv").exists()
    # a run chosen with --compare-with (last year's quarter) is no "previous run": said as zh says it (review)
    lines.clear()
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang=language, baseline=first)
    assert len(lines) == 1 and lines[0].startswith(said)


@pytest.mark.parametrize("language, counter, text", [
    ("en", "家", ("Since run 20250101-000000-000001: params changed: period.as_of; data: orders.csv changed; "
                  "customers whose grade changed: value tier 1 (see changes.csv)")),
    ("zh", "家", ("与上次运行 20250101-000000-000001 相比：参数变化：period.as_of；数据：orders.csv 有变化；"
                  "级别变化的客户：价值分级 1 家（见 changes.csv）")),
    ("zh", "位", ("与上次运行 20250101-000000-000001 相比：参数变化：period.as_of；数据：orders.csv 有变化；"
                  "级别变化的客户：价值分级 1 位（见 changes.csv）")),  # consumers, as the case counts them
])
def test_the_run_index_says_what_changed_since_the_previous_run(tmp_path, language, counter, text):
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          tiers=("VIP", "VIP"), grades_sha="g2", data_sha="d2")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None)
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": language,
                              "customer_counter": counter,
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    assert f"<p>{text}</p>" in (current / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language, text", [
    ("en", "Compared with run 20250101-000000-000001 (a what-if run, made with --set grading.value.cuts=[0.7]): "),
    ("zh", "与所选运行 20250101-000000-000001（该次运行带有 --set grading.value.cuts=[0.7]，是假设分析）相比："),
])
def test_the_run_index_names_a_chosen_what_if_run_as_such(tmp_path, language, text):
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    chosen = _run_folder(tmp_path, "20250101-000000-000001", overrides=["grading.value.cuts=[0.7]"])
    _run_folder(tmp_path, "20250102-000000-000001")  # the case's latest run, not the one chosen
    current = _run_folder(tmp_path, "20250103-000000-000001")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None, baseline=chosen)
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": language,
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    page = (current / "index.html").read_text(encoding="utf-8")
    assert f"<p>{text}" in page
    assert ("与上次运行" if language == "zh" else "Since run") not in page


def test_kit_compare_compares_any_two_finished_runs(tmp_path, capsys):
    from kit.cli import main

    first = _run_folder(tmp_path, "20250101-000000-000001")
    _run_folder(tmp_path, "20250102-000000-000001", tiers=("VIP", "VIP"), grades_sha="g9")
    third = _run_folder(tmp_path, "20250103-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                        tiers=("VIP", "small"), grades_sha="g2")
    out = tmp_path / "moves.csv"
    assert main(["compare", str(first), str(third), "-o", str(out)]) == 0  # not the run just before
    assert capsys.readouterr().out.splitlines() == [
        ("20250103-000000-000001: compared with run 20250101-000000-000001: params changed: period.as_of "
         "2025-12-31 -> 2026-03-31"), "  value tier changed for 2 customers; see " + str(out)]
    assert pd.read_csv(out, dtype=str, encoding="utf-8-sig").iloc[:, :4].values.tolist() == [
        ["A", "value_tier", "small", "VIP"], ["B", "value_tier", "VIP", "small"]]
    # an existing file is not overwritten without --force (security QA), as kit init and kit demo ask
    assert main(["compare", str(first), str(third), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (f"error: {out} already exists; name another file with -o, or add --force to "
                                       f"overwrite it\n")
    assert main(["compare", str(first), str(third), "-o", str(out), "--force"]) == 0
    capsys.readouterr()
    failed = _run_folder(tmp_path, "20250104-000000-000001", status="failed")
    members = _run_folder(tmp_path, "20250105-000000-000001", tiers=("VIP", "small"), grades_sha="g3",
                          params={"language": "zh", "customer_counter": "位", "period": {"as_of": "2026-03-31"}})
    assert main(["compare", str(first), str(members)]) == 0  # the later run's counter: its members are 位
    assert capsys.readouterr().out.splitlines()[-1] == "  价值分级有 2 位客户级别变化"  # A and B, as above
    assert main(["compare", str(first), str(failed)]) == 1
    assert "that run did not succeed" in capsys.readouterr().err
    assert main(["compare", str(first), str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"error: {tmp_path}: not a finished run folder (it has no manifest.json and "
                                       f"grades.parquet, which kit run writes in reports/<case>/<run-id>/); give the "
                                       f"folder of a run\n")


@pytest.mark.parametrize("language, told", [
    ("en", ["{out} already exists; name another file with -o, or add --force to overwrite it",
            "{gone}: there is no such folder; give a run folder kit run wrote, such as reports/<case>/<run-id>/",
            "{half}: not a finished run folder (it has no grades.parquet, which kit run writes in "
            "reports/<case>/<run-id>/); give the folder of a run",
            "{broken}: not a finished run folder (it has no manifest.json that reads, which kit run writes in "
            "reports/<case>/<run-id>/); give the folder of a run",
            "{failed}: that run did not succeed (see its manifest.json); compare two finished runs"]),
    ("zh", ["{out} 已存在；请用 -o 指定另一个文件名，或加上 --force 覆盖它",
            "{gone}：没有这个文件夹；请给出 kit run 写出的运行文件夹，如 reports/<案例>/<运行编号>/",
            "{half}：不是一次完成的运行的文件夹（缺少 grades.parquet，kit run 在 reports/<案例>/<运行编号>/ 中写出它们）；"
            "请给出一次运行的文件夹",
            "{broken}：不是一次完成的运行的文件夹（缺少 可读的 manifest.json，kit run 在 reports/<案例>/<运行编号>/ 中写出它们）；"
            "请给出一次运行的文件夹",
            "{failed}：该次运行未成功（见其 manifest.json）；请比较两次完成的运行"]),
])
def test_kit_compare_errors_are_told_in_the_later_run_s_language_or_the_one_asked(tmp_path, capsys, language, told):
    """QA: kit compare's errors were English only, a Chinese case's consultant reading every other line in Chinese."""
    from kit.cli import main

    first = _run_folder(tmp_path, "20250101-000000-000001", params={"language": language,
                                                                    "period": {"as_of": "2025-12-31"}})
    out = tmp_path / "moves.csv"
    out.write_text("mine", encoding="utf-8")
    half = _run_folder(tmp_path, "20250102-000000-000001")
    (half / "grades.parquet").unlink()
    broken = _run_folder(tmp_path, "20250103-000000-000001")
    (broken / "manifest.json").write_text("{", encoding="utf-8")
    failed = _run_folder(tmp_path, "20250104-000000-000001", status="failed")
    gone = tmp_path / "20250105-000000-000001"
    names = {"out": out, "gone": gone, "half": half, "broken": broken, "failed": failed}
    calls = [[str(failed), str(first), "-o", str(out)], [str(first), str(gone)], [str(first), str(half)],
             [str(first), str(broken)], [str(first), str(failed)]]
    for call, text in zip(calls, told, strict=True):
        # the earlier run's language when the later has none that reads; English asked for a Chinese case
        assert main(["compare", *call]) == 1
        assert capsys.readouterr().err == "error: " + text.format(**names) + "\n"
    assert out.read_text(encoding="utf-8") == "mine"
    other = "zh" if language == "en" else "en"
    assert main(["compare", str(first), str(gone), "--language", other]) == 1
    assert capsys.readouterr().err.startswith(f"error: {gone}" + ("：没有这个文件夹" if other == "zh" else ": there is no"))


def test_a_key_a_later_kit_added_at_its_default_is_no_change():
    before = {"cleaning": {"returns": "net"}}
    assert params_changes(before, {"cleaning": {"returns": "net", "id_variants": "keep"}}) == []
    assert params_changes(before, {"cleaning": {"returns": "net", "id_variants": "merge"}}) == [
        ("cleaning.id_variants", None, "merge")]
    # keys whose default is an empty list or mapping (data.join, cleaning.exclude), as the manifest dumps them
    later = {"cleaning": {"returns": "net", "exclude": {}}, "data": {"join": [], "sheet": 0}}
    assert params_changes({"cleaning": {"returns": "net"}, "data": {"sheet": 0}}, later) == []
    assert params_changes(later, {"cleaning": {"returns": "net", "exclude": {"状态": ["作废"]}}, "data": {"join": []}}
                          ) == [("cleaning.exclude.状态", None, ["作废"])]  # data.sheet gone, at its default


def test_the_comparison_is_said_in_chinese_for_a_chinese_run(tmp_path):
    from kit.runner import _compare_with_previous_run

    _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          tiers=("VIP", "VIP"), grades_sha="g2", data_sha="d2")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang="zh")
    # then a line that no order could be compared: the runs here keep no order lines (transactions.parquet)
    assert lines[:3] == ["与上次运行 20250101-000000-000001 相比：参数变化：period.as_of 2025-12-31 -> 2026-03-31",
                         "  数据：orders.csv 有变化", "  价值分级有 1 家客户级别变化；见 changes.csv"]
    assert lines[3].startswith("  数据：无法对照两次运行的订单") and len(lines) == 4
    # a case of consumers (customer_counter: 位) counts them so, in the terminal and in index.html
    lines.clear()
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang="zh", counter="位")
    assert lines[2] == "  价值分级有 1 位客户级别变化；见 changes.csv"
    same = compare_runs(tmp_path / "20250101-000000-000001", tmp_path / "20250101-000000-000001")
    assert same.lines(lang="zh") == ["与上次运行 20250101-000000-000001 相比：参数与数据相同，分级结果完全一致"]
    assert same.lines(lang="zh", previous=False) == ["与运行 20250101-000000-000001 相比：参数与数据相同，分级结果完全一致"]


def test_the_files_read_are_left_to_input_changes_not_named_as_a_params_change():
    # data/*.csv matched a new month's file: input_changes says "orders_04.csv added"; the resolved list is no
    # params change of its own
    before = {"data": {"path": ["/d/orders_03.csv"], "sheet": 0}, "period": {"as_of": "2025-03-31"}}
    after = {"data": {"path": ["/d/orders_03.csv", "/d/orders_04.csv"], "sheet": 0}, "period": {"as_of": "2025-04-30"}}
    assert params_changes(before, after) == [("period.as_of", "2025-03-31", "2025-04-30")]
    assert input_changes([{"role": "data", "path": "/d/orders_03.csv", "sha256": "a"}],
                         [{"role": "data", "path": "/d/orders_03.csv", "sha256": "a"},
                          {"role": "data", "path": "/d/orders_04.csv", "sha256": "b"}]) == ["orders_04.csv added"]


def test_the_same_tiers_named_in_another_language_are_no_move():
    """A run in English after one in Chinese said every customer's RFM segment and lifecycle had changed."""
    from kit.params import Params

    def dumped(language: str, value_labels: list[str]) -> dict:
        raw = {"case": "c", "title": "t", "client": "c", "language": language,
               "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
               "grading": {"value": {"method": "pareto", "labels": value_labels}, "rfm": {}, "lifecycle": {}}}
        return Params.model_validate(raw).model_dump(mode="json")

    zh, en = dumped("zh", ["C类客户", "B类客户", "A类客户"]), dumped("en", ["C", "B", "A"])
    before = pd.DataFrame({"customer_id": ["1", "2", "3"], "value_tier": ["A类客户", "C类客户", "B类客户"],
                           "rfm_segment": ["重要价值客户", "沉默客户", "新近客户"], "lifecycle": ["活跃", "已流失", "新客户"]})
    after = pd.DataFrame({"customer_id": ["1", "2", "3"], "value_tier": ["A", "B", "B"],
                          "rfm_segment": ["Champions", "Hibernating", "New"], "lifecycle": ["Active", "Churned", "Active"]})
    moved = grade_changes(before, after, params=(zh, en))
    assert moved.iloc[:, :4].values.tolist() == [["2", "value_tier", "C类客户", "B"], ["2", "rfm_segment", "沉默客户", "Hibernating"],
                                     ["3", "lifecycle", "新客户", "Active"]]
    assert len(grade_changes(before, after)) == 9  # without the params, names are compared as they are
    # the params say only that the language (and the names given) changed, not each name the kit gives
    assert params_changes(zh, en) == [("language", "zh", "en"),
                                      ("grading.value.labels", ["C类客户", "B类客户", "A类客户"], ["C", "B", "A"])]


def test_a_section_added_with_the_language_changed_is_named_whole_and_shared_names_are_compared_as_written():
    """Found in review: zh (value only) -> en with lifecycle added left out lifecycle.labels; two RFM segments under
    one name were mapped back to one of them."""
    zh = {"language": "zh", "grading": {"value": {"method": "pareto"}}}
    en = {"language": "en", "grading": {"value": {"method": "pareto"},
                                         "lifecycle": {"labels": ["churned", "at risk", "active", "new"]}}}
    assert ("grading.lifecycle.labels", None, ["churned", "at risk", "active", "new"]) in params_changes(zh, en)
    shared = {"grading": {"rfm": {"labels": {"Hibernating": "沉睡", "About to sleep": "沉睡"}}}}
    plain = {"grading": {"rfm": {"labels": {}}}}
    before = pd.DataFrame({"customer_id": ["1"], "rfm_segment": ["沉睡"]})
    after = pd.DataFrame({"customer_id": ["1"], "rfm_segment": ["Hibernating"]})
    assert len(grade_changes(before, after, params=(shared, plain))) == 1  # compared as written


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_run_for_another_client_under_the_same_case_name_is_not_compared(tmp_path, language):
    """Every Shopify export is orders_export_1.csv, so kit init drafts one case name for every client: the second
    client's run listed the first client's customers as changed (found in QA)."""
    from kit.runner import _compare_with_previous_run

    _run_folder(tmp_path, "20250101-000000-000001", params={"client": "Brewline", "period": {"as_of": "2025-12-31"}})
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"client": "Acme", "period": {"as_of": "2025-12-31"}},
                          tiers=("VIP", "VIP"), grades_sha="g2", data_sha="d2")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append, lang=language)
    assert lines == [{
        "en": "note: not compared with the case's previous run 20250101-000000-000001, which graded client 'Brewline' "
              "(this run: 'Acme'); give each client a case name of its own",
        "zh": "注意：本案例上次运行 20250101-000000-000001 的客户是“Brewline”，本次是“Acme”，不作比较；不同客户请用不同的 case 名称",
    }[language]]
    assert not (current / "changes.csv").exists() and "changes" not in json.loads(
        (current / "manifest.json").read_text(encoding="utf-8"))
    # the same client: compared as before
    manifest["params"]["client"] = "Brewline"
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append, lang=language)
    assert (current / "changes.csv").exists()


def test_the_client_s_name_put_in_for_the_drafted_file_name_is_the_same_client(tmp_path):
    """kit init drafts the export's file name as the client and the run asks for the real name: doing so stopped
    the next run's comparison (QA). The earlier run's client was its data file's name: compared."""
    from kit.runner import _compare_with_previous_run

    earlier = _run_folder(tmp_path, "20250101-000000-000001",
                          params={"client": "CDNOW_master", "period": {"as_of": "2025-12-31"}})
    saved = json.loads((earlier / "manifest.json").read_text(encoding="utf-8"))
    saved["inputs"] = [{"role": "data", "path": "/data/CDNOW_master.txt", "sha256": "d1"}]
    (earlier / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    current = _run_folder(tmp_path, "20250102-000000-000001",
                          params={"client": "CDNOW Inc.", "period": {"as_of": "2025-12-31"}}, grades_sha="g2")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append)
    assert (current / "changes.csv").exists() and not any("not compared" in line for line in lines), lines


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_what_if_run_compared_with_is_said_to_be_one(tmp_path, language):
    """An analyst's what-if run (``--set period.months=6``) is the latest run when next quarter's run starts: the
    comparison says it was made with --set, so that its moves are not read as the quarter's."""
    from kit.runner import _compare_with_previous_run

    _run_folder(tmp_path, "20250101-000000-000001", overrides=["period.months=6"])
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          grades_sha="g2")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang=language)
    assert lines[0] == {
        "en": "since run 20250101-000000-000001 (a run made with --set period.months=6): params changed: "
              "period.as_of 2025-12-31 -> 2026-03-31",
        "zh": "与上次运行 20250101-000000-000001 相比（该次运行带有 --set period.months=6）：参数变化："
              "period.as_of 2025-12-31 -> 2026-03-31",
    }[language]


def test_compare_with_chooses_the_run_by_id_or_folder_and_names_the_runs_there(tmp_path):
    from kit.changes import chosen_run
    from kit.errors import ParamsError

    case = tmp_path / "pharma"
    first = _run_folder(case, "20250101-000000-000001")
    failed = _run_folder(case, "20250201-000000-000001", status="failed")
    second = _run_folder(case, "20250301-000000-000001")
    assert chosen_run("20250101-000000-000001", case) == first.resolve()
    assert chosen_run(str(second), case) == second.resolve()
    with pytest.raises(ParamsError) as missing:
        chosen_run("20250105-000000-000001", case)
    assert str(missing.value) == (f"--compare-with: no run 20250105-000000-000001 in {case}; the case's successful "
                                  "runs, latest first: 20250301-000000-000001, 20250101-000000-000001")
    with pytest.raises(ParamsError) as unfinished:
        chosen_run(failed.name, case)
    assert str(unfinished.value).startswith(f"--compare-with: the run {failed} did not succeed")
    assert unfinished.value.told("zh").startswith(f"--compare-with：运行 {failed} 未成功")


def test_compare_with_plain_chooses_the_latest_run_made_without_set(tmp_path):
    """A trainer's exercises each compare with the reference grading, not with the exercise before (QA)."""
    from kit.changes import chosen_run
    from kit.errors import ParamsError

    case = tmp_path / "pharma"
    with pytest.raises(ParamsError) as none_yet:
        chosen_run("plain", case)
    assert str(none_yet.value).startswith(f"--compare-with plain: {case} holds no successful run made without --set")
    reference = _run_folder(case, "20250101-000000-000001")
    _run_folder(case, "20250102-000000-000001", overrides=["period.months=6"])
    _run_folder(case, "20250103-000000-000001", status="failed")
    _run_folder(case, "20250104-000000-000001", overrides=["grading.value.method=pareto"])
    assert chosen_run("plain", case) == reference.resolve()
    newer = _run_folder(case, "20250105-000000-000001")
    assert chosen_run("plain", case) == newer.resolve()


def test_the_chosen_run_is_compared_with_rather_than_the_latest(tmp_path):
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001", params={"client": "Acme", "period": {"as_of": "2025-09-30"}})
    _run_folder(tmp_path, "20250102-000000-000001", overrides=["period.months=6"])  # the what-if, latest
    current = _run_folder(tmp_path, "20250103-000000-000001", params={"client": "Acme", "period": {"as_of": "2025-12-31"}},
                          grades_sha="g2")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, baseline=first)
    assert lines[0] == ("compared with run 20250101-000000-000001: params changed: "
                        "period.as_of 2025-09-30 -> 2025-12-31")
    assert json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]["previous_run"] == first.name


def test_kit_compare_says_when_the_runs_are_of_two_cases(tmp_path, capsys):
    """`kit compare reports/retail/<run> reports/pharma/<run>` said 2,336 customers changed, without a word that
    the runs graded two clients (found in QA)."""
    from kit.cli import main

    retail = _run_folder(tmp_path / "retail", "20250101-000000-000001",
                         params={"case": "retail", "period": {"as_of": "2025-12-31"}})
    pharma = _run_folder(tmp_path / "pharma", "20250102-000000-000001", tiers=("VIP", "VIP"), grades_sha="g2",
                         params={"case": "pharma", "period": {"as_of": "2025-12-31"}})
    assert main(["compare", str(retail), str(pharma)]) == 0
    assert capsys.readouterr().err == ("note: the runs are of two cases (retail, pharma), so the differences below "
                                       "are mostly of other customers and data, not of grades that changed\n")
    same = _run_folder(tmp_path / "retail", "20250103-000000-000001", params={"case": "retail",
                                                                            "period": {"as_of": "2025-12-31"}})
    assert main(["compare", str(retail), str(same)]) == 0
    assert capsys.readouterr().err == ""


def test_a_composite_switched_from_matrix_to_score_compares_its_tiers_by_name():
    """Matrix tiers [维持, 重点投入] and score tiers [C, A] were taken for the same tiers by position, so a customer
    moving from 重点投入 to A was no change and one from 维持 to A was (found in QA)."""
    matrix = {"grading": {"composite": {"method": "matrix", "labels": ["维持", "重点投入"]}}}
    score = {"grading": {"composite": {"method": "score", "labels": ["C", "A"]}}}
    before = pd.DataFrame({"customer_id": ["1", "2"], "final_tier": ["重点投入", "维持"]})
    after = pd.DataFrame({"customer_id": ["1", "2"], "final_tier": ["A", "C"]})
    assert len(grade_changes(before, after, params=(matrix, score))) == 2  # both renamed by another rule: changes
    relabelled = {"grading": {"composite": {"method": "matrix", "labels": ["keep", "invest"]}}}
    after = pd.DataFrame({"customer_id": ["1", "2"], "final_tier": ["invest", "invest"]})
    assert grade_changes(before, after, params=(matrix, relabelled)).iloc[:, :4].values.tolist() == [
        ["2", "final_tier", "维持", "invest"]]  # the same method renamed: by position, as before


def test_a_run_without_a_commit_recorded_does_not_claim_the_kit_changed(tmp_path):
    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", commit="c30d4ffbbbb", tiers=("VIP", "VIP"),
                         grades_sha="g2")
    assert compare_runs(first, second).lines(details=None)[0].endswith("(a different kit version?)")


@pytest.mark.parametrize("language, said", [
    ("en", "besides, 2 customers gone and as many new differ only in leading zeros, case or a letter prefix (e.g. 17 / 0017)"),
    ("zh", "另有 2 家“不再出现”的客户与 2 家“新出现”的客户编码只差前导零、大小写或字母前缀（如 17 / 0017）"),
])
def test_customers_gone_and_new_under_ids_written_another_way_are_said_to_be_so(language, said):
    """CDNOW from a workbook (3) then from the text log (00003): 6,916 grade changes, a false alarm (QA)."""
    from kit.changes import RunChanges, grade_changes, rewritten_ids

    before = pd.DataFrame({"customer_id": ["3", "17", "B9"], "value_tier": ["A", "B", "C"]})
    after = pd.DataFrame({"customer_id": ["00003", "0017", "b9x"], "value_tier": ["A", "B", "C"]})
    grades = grade_changes(before, after)
    assert rewritten_ids(grades) == (2, "17 / 0017")  # B9 and b9x are not one ID
    changes = RunChanges(previous="r1", params=[("period.as_of", "2025-06-30", "2025-12-31")], grades=grades,
                         rewritten=rewritten_ids(grades))
    assert said in changes.lines(lang=language)[-1]
    assert rewritten_ids(grade_changes(before, before.assign(value_tier=["B", "B", "C"]))) == (0, "")


def test_a_customer_of_both_runs_with_an_empty_grade_in_one_is_not_taken_for_an_id_written_another_way():
    """Review: 007 graded in both runs, its lifecycle grade dropped from the later one, was taken for a customer
    gone, and paired with a new customer 7 as "the same customer, its ID written differently"."""
    from kit.changes import rewritten_ids

    grades = pd.DataFrame({"customer_id": ["007", "7"], "grade": ["lifecycle", "value_tier"],
                           "previous": ["active", ""], "current": ["", "A"]})
    assert rewritten_ids(grades) == (1, "007 / 7")  # by the empty grades alone
    assert rewritten_ids(grades, before={"007", "B1"}, after={"007", "7", "B1"}) == (0, "")
    moved = pd.DataFrame({"customer_id": ["7", "00007"], "grade": ["value_tier"] * 2, "previous": ["A", ""],
                          "current": ["", "A"]})
    assert rewritten_ids(moved, before={"7", "B1"}, after={"00007", "B1"}) == (1, "7 / 00007")  # gone and new


def test_a_chinese_case_s_changes_csv_says_the_grade_and_the_reason_in_chinese(tmp_path):
    """QA: a Chinese trainer opening changes.csv read value_tier, final_tier and `figures` only."""
    from kit.changes import RunChanges, write_changes

    old = {"grading": {"value": {"method": "thresholds", "thresholds": [100], "labels": ["小", "大"]}}}
    before = pd.DataFrame({"customer_id": ["A"], "revenue": [50.0], "value_tier": ["小"]})
    after = pd.DataFrame({"customer_id": ["A", "B"], "revenue": [150.0, 5.0], "value_tier": ["大", "小"]})
    grades = grade_changes(before, after, params=(old, old))
    changes = RunChanges(code=("", ""), previous="r1", params=[], previous_overrides=[], inputs=[], same_tables=False,
                         grades=grades, rewritten=(0, ""))
    write_changes(changes, tmp_path / "zh.csv", "zh")
    write_changes(changes, tmp_path / "en.csv")
    zh = pd.read_csv(tmp_path / "zh.csv", encoding="utf-8-sig", dtype=str)
    assert zh[["grade_text", "why_text"]].values.tolist() == [
        ["价值分级", "客户自身指标变化（绝对标准：规则未变，或其变化对该客户没有影响）"],
        ["价值分级", "上次未分级的客户（新客户，或中断采购后又回来的客户）"]]
    assert "why_text" not in pd.read_csv(tmp_path / "en.csv", encoding="utf-8-sig").columns


def test_a_consumer_case_s_changes_csv_says_consumption_not_purchasing(tmp_path):
    from kit.changes import RunChanges, write_changes

    grades = pd.DataFrame({"customer_id": ["A"], "grade": ["value_tier"], "previous": ["大"], "current": [""],
                           "revenue_before": [1.0], "revenue_after": [float("nan")], "why": ["not graded now"]})
    changes = RunChanges(code=("", ""), previous="r1", params=[], previous_overrides=[], inputs=[], same_tables=False,
                         grades=grades, rewritten=(0, ""))
    write_changes(changes, tmp_path / "c.csv", "zh", "位")
    assert pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")["why_text"].tolist() == ["本次未分级（期间内无消费）"]


def test_changes_name_each_customer_beside_the_id(tmp_path):
    """Report QA: changes.csv listed IDs alone (H00043), which a client cannot read; the name is this run's, else
    the earlier run's for a customer gone since."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", tiers=("VIP", "VIP"), grades_sha="g2")
    pd.DataFrame({"customer_id": ["A", "B", "C"], "customer_name": ["甲医院（旧名）", "乙医院", "丙医院"],
                  "value_tier": ["small", "VIP", "small"]}).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲医院", "乙医院"],
                  "value_tier": ["VIP", "VIP"]}).to_parquet(second / "grades.parquet")
    grades = compare_runs(first, second).grades
    assert grades[["customer_id", "customer_name", "previous", "current"]].values.tolist() == [
        ["A", "甲医院", "small", "VIP"], ["C", "丙医院", "small", ""]]


def test_the_kit_s_own_english_tier_names_renamed_by_an_upgrade_are_no_params_change():
    """Review: a run after the kit capitalised its English default tier names (low -> Occasional, lapsing ->
    Lapsing) said the params had changed; a user's own renaming still is a change."""
    before = {"language": "en", "grading": {"frequency": {"labels": ["low", "medium", "high"]},
                                            "lifecycle": {"labels": ["churned", "lapsing", "active", "newcomer"]}}}
    after = {"language": "en", "grading": {"frequency": {"labels": ["Occasional", "Regular", "Frequent"]},
                                           "lifecycle": {"labels": ["Churned", "Lapsing", "Active", "Newcomer"]}}}
    assert params_changes(before, after) == []
    own = {"language": "en", "grading": {"frequency": {"labels": ["rare", "often", "always"]},
                                         "lifecycle": after["grading"]["lifecycle"]}}
    assert params_changes(before, own) == [("grading.frequency.labels", ["low", "medium", "high"],
                                            ["rare", "often", "always"])]


@pytest.mark.parametrize("language, text", [
    ("en", "besides, 2 customers gone and as many new differ only in leading zeros, case or a letter prefix (e.g. 00046 / 46): "
           "most likely the same customers"),
    ("zh", "另有 2 家“不再出现”的客户与 2 家“新出现”的客户编码只差前导零、大小写或字母前缀（如 00046 / 46），多半是同一客户"),
])
def test_ids_written_another_way_next_quarter_are_said_so_in_changes_csv_the_manifest_and_the_index(
        tmp_path, language, text):
    """QA: last quarter's export wrote 00046, this one 46 (leading zeros dropped). The terminal said "most likely
    the same customers", but changes.csv called every one of them "not graded now (no purchase in the window)" and
    "not graded before", and the manifest and index.html said nothing of it."""
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          grades_sha="g2", data_sha="d2")
    pd.DataFrame({"customer_id": ["00046", "00068", "B7"], "value_tier": ["VIP", "small", "small"]}
                 ).to_parquet(first / "grades.parquet")
    # 00046 and 00068 as 46 and 68; B7 gone for good; C9 a new customer
    pd.DataFrame({"customer_id": ["46", "68", "C9"], "value_tier": ["VIP", "small", "VIP"]}
                 ).to_parquet(current / "grades.parquet")
    changes = compare_runs(first, current)
    why = dict(zip(changes.grades["customer_id"], changes.grades["why"]))
    assert why == {"00046": "ID written another way", "00068": "ID written another way",
                   "46": "ID written another way", "68": "ID written another way",
                   "B7": "not graded now", "C9": "not graded before"}
    assert set(why.values()) <= set(WHY)
    write_changes(changes, tmp_path / "changes.csv", "zh")
    said = pd.read_csv(tmp_path / "changes.csv", encoding="utf-8-sig", dtype=str).set_index("customer_id")["why_text"]
    assert said["46"].startswith("两次运行中此客户的编码只差前导零") and said["B7"] == "本次未分级（期间内无采购）"

    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None)
    recorded = json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert recorded["ids_written_differently"] == {"customers": 2, "example": "00046 / 46"}
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": language,
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    assert text in (current / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("before, after, paired", [
    (["00046", "B1"], ["46", "046", "B1"], []),  # 46 and 046, two customers this run grades apart: which is 00046?
    (["046", "46", "B1"], ["0046", "B1"], []),  # the same the other way
    (["00046", "46"], ["46", "046"], []),  # 46 in both runs beside 00046 gone and 046 new: zeros tell customers apart
    (["007bond@x.com", "Ann@x.com"], ["7bond@x.com", "ann@x.com"], []),  # e-mail addresses, as id_variants has them
    (["00046", "046", "A1", "B1"], ["46", "046", "a1", "B1"], [("A1", "a1")]),  # 046 in both runs: 00046 is no 46
    (["00046", "00068", "A1"], ["46", "68", "a1"], [("00046", "46"), ("00068", "68"), ("A1", "a1")]),
])
def test_only_an_id_one_customer_has_in_each_run_is_taken_for_one_written_another_way(tmp_path, before, after,
                                                                                      paired):
    """Review: 00046 gone beside 46 and 046 new (two customers the later run grades apart) was paired with 046, and
    46 said "not graded before"; 007bond@x.com and 7bond@x.com, two people's addresses (cleaning.id_variants keeps
    an e-mail address as written), were "most likely the same customer"."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    pd.DataFrame({"customer_id": before, "value_tier": "VIP"}).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": after, "value_tier": "VIP"}).to_parquet(current / "grades.parquet")
    changes = compare_runs(first, current)
    rewritten = {c for pair in paired for c in pair}
    why = dict(zip(changes.grades["customer_id"], changes.grades["why"]))
    assert why == {**{c: "not graded now" for c in set(before) - set(after)},
                   **{c: "not graded before" for c in set(after) - set(before)},
                   **{c: "ID written another way" for c in rewritten}}
    assert changes.rewritten == ((len(paired), f"{paired[0][0]} / {paired[0][1]}") if paired else (0, ""))
    assert changes.summary().get("ids_written_differently") == (
        {"customers": len(paired), "example": f"{paired[0][0]} / {paired[0][1]}"} if paired else None)


@pytest.mark.parametrize("language, said", [
    ("en", "  data: 2 orders of the same amount and day differ only by the customer ID written another way "
           "(e.g. 00046 / 46): not restated; see restated.csv"),
    ("zh", "  数据：2 张订单金额与日期都相同，只是客户编码的前导零、大小写或字母前缀不同（如 00046 / 46），并非订单修改；见 restated.csv"),
])
def test_orders_whose_customer_id_is_only_written_another_way_are_not_restated(tmp_path, language, said):
    """QA: the next export wrote 00046 as 46; restated.csv listed each of those customers' orders as changed by the
    export (6,256 on the QA data) and the terminal counted them as restated, their amounts and days the same."""
    from kit.changes import restated_orders
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    _transactions(first, [("o1", "00046", "2025-07-01", 10.0), ("o2", "00046", "2025-08-01", 5.0),
                          ("o3", "B", "2025-08-02", 7.0), ("o4", "00068", "2025-08-03", 4.0),
                          ("o5", "C", "2025-09-30", 1.0)])
    # by hand: 00046 -> 46 (o1, o2 the same amounts and days): not restated; o3 7 -> 8: restated; 00068 -> 68 with
    # its amount 4 -> 6: restated (more than the ID changed)
    _transactions(second, [("o1", "46", "2025-07-01", 10.0), ("o2", "46", "2025-08-01", 5.0),
                           ("o3", "B", "2025-08-02", 8.0), ("o4", "68", "2025-08-03", 6.0),
                           ("o5", "C", "2025-09-30", 1.0)])
    found = restated_orders(first, second)
    assert found[["order_id", "what", "why"]].values.tolist() == [
        ["o1", "changed", "ID written another way"], ["o2", "changed", "ID written another way"],
        ["o3", "changed", "export"], ["o4", "changed", "export"]]
    lines: list[str] = []
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(second), manifest, log=lines.append, lang=language)
    assert lines[-1] == said
    assert lines[-2].endswith("(2 changed; 2025-08-02 to 2025-08-03); see restated.csv" if language == "en"
                              else "（变化 2 张，2025-08-02 至 2025-08-03）；见 restated.csv")
    recorded = json.loads((second / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert recorded["orders_restated"] == {"changed": 2}
    assert recorded["orders_id_written_differently"] == 2
    assert "orders_differ_by_rules" not in recorded
    # 0046 also a customer of the new run beside 46: which is 00046? Not paired, as changes.csv has it
    _transactions(second, [("o1", "46", "2025-07-01", 10.0), ("o2", "46", "2025-08-01", 5.0),
                           ("o3", "B", "2025-08-02", 7.0), ("o4", "00068", "2025-08-03", 4.0),
                           ("o5", "C", "2025-09-30", 1.0), ("o6", "0046", "2025-12-01", 3.0)])
    assert restated_orders(first, second)[["order_id", "why"]].values.tolist() == [["o1", "export"], ["o2", "export"]]


@pytest.mark.parametrize("language, given, changed", [
    ("en", ("<p>Set on the command line with --set, for this run only, not in the params file acme.yaml: "
            "grading.value.thresholds=[120000,300000,900000]</p>"),
     "params changed: grading.value.thresholds (--set on the command line)"),
    ("zh", ("<p>以下设置来自命令行的 --set（只用于这次运行），不是来自参数文件 acme.yaml："
            "grading.value.thresholds=[120000,300000,900000]</p>"),
     "参数变化：grading.value.thresholds（命令行 --set）"),
])
def test_the_run_index_says_a_threshold_came_from_set_on_the_command_line(tmp_path, language, given, changed):
    """QA: index.html named grading.value.thresholds among the params changed, and nothing told the analyst it was
    given by --set for that run, not written in the params file."""
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    grading = {"value": {"method": "thresholds", "thresholds": [100000, 300000, 1000000]}}
    _run_folder(tmp_path, "20250101-000000-000001", params={"period": {"as_of": "2025-12-31"}, "grading": grading})
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2",
                          overrides=["grading.value.thresholds=[120000,300000,900000]"],
                          params={"period": {"as_of": "2025-12-31"},
                                  "grading": {"value": {**grading["value"], "thresholds": [120000, 300000, 900000]}}})
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    manifest["params_file"] = "/work/params/acme.yaml"
    (current / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None)
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": language,
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    page = (current / "index.html").read_text(encoding="utf-8")
    assert given in page
    assert changed in page
    # a run without --set says nothing of the command line
    first = tmp_path / "20250101-000000-000001"
    write_index(RunPaths(first), params)
    assert "--set" not in (first / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language, line, index", [
    ("en", "since run 20250101-000000-000001: params changed: data.path orders_q3.csv -> orders_q4.csv; "
           "period.as_of 2025-09-30 -> 2025-12-31",
     "params changed: data.path, period.as_of; data: orders_q4.csv added, orders_q3.csv no longer read"),
    ("zh", "与上次运行 20250101-000000-000001 相比：参数变化：data.path orders_q3.csv -> orders_q4.csv；"
           "period.as_of 2025-09-30 -> 2025-12-31",
     "参数变化：data.path, period.as_of；数据：orders_q4.csv 新增, orders_q3.csv 不再读取"),
])
def test_data_path_pointed_at_another_file_is_named_among_the_params_changed(tmp_path, language, line, index):
    """QA: next quarter's run with data.path moved from orders_q3.csv to orders_q4.csv named the files only; the
    params changed listed period.as_of alone, in the terminal, the manifest and index.html."""
    from kit.changes import cleaning_changes
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    def params(path: str, as_of: str) -> dict:
        return {"data": {"path": path, "columns": {"order_id": "order_id"}}, "period": {"as_of": as_of}}

    first = _run_folder(tmp_path, "20250101-000000-000001", params=params("/d/orders_q3.csv", "2025-09-30"))
    current = _run_folder(tmp_path, "20250102-000000-000001", params=params("/d/orders_q4.csv", "2025-12-31"),
                          grades_sha="g2")
    for folder, name, sha in ((first, "orders_q3.csv", "d1"), (current, "orders_q4.csv", "d2")):
        saved = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        saved["inputs"] = [{"role": "data", "path": f"/d/{name}", "sha256": sha}]
        (folder / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    assert params_changes(params("/d/orders_q3.csv", "2025-09-30"), params("/d/orders_q4.csv", "2025-09-30")) == [
        ("data.path", "orders_q3.csv", "orders_q4.csv")]
    # files of two folders: the paths whole
    assert params_changes(params("/d/q3/orders.csv", "2025-09-30"), params("/d/q4/orders.csv", "2025-09-30")) == [
        ("data.path", "/d/q3/orders.csv", "/d/q4/orders.csv")]
    # another export is no cleaning rule: its restated orders are the export's
    assert cleaning_changes([("data.path", "a.csv", "b.csv"), ("data.sheet", 0, 1)]) == ["data.sheet"]
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append, lang=language)
    assert lines[0] == line
    saved = json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert saved["params_changed"] == ["data.path", "period.as_of"]
    setup = validate_params({"case": "c", "title": "T", "client": "C", "language": language,
                             "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                             "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), setup)
    assert index in (current / "index.html").read_text(encoding="utf-8")


def test_kit_compare_says_how_many_past_orders_the_new_data_restates(tmp_path, capsys):
    """QA: the run's terminal said the new export restated past orders (see restated.csv); `kit compare` of the same
    two runs said nothing of them."""
    from kit.cli import main

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 5.0),
                          ("o3", "B", "2025-08-01", 7.0), ("o4", "B", "2025-09-30", 1.0)])
    _transactions(second, [("o1", "A", "2025-07-01", 10.0), ("o2", "A", "2025-07-02", 12.0),
                           ("o3", "B", "2025-08-01", 7.0), ("o5", "B", "2025-08-15", 2.0),
                           ("o6", "B", "2025-12-01", 9.0)])
    # by hand, over 2025-07-01 .. 2025-09-30: o2 5 -> 12 changed, o4 gone, o5 added (o6 after the days both hold)
    said = ("  data: orders of the days both runs cover differ from the previous run's (1 changed, 1 gone, 1 added; "
            "2025-07-02 to 2025-09-30)")
    out = tmp_path / "moves.csv"
    assert main(["compare", str(first), str(second), "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == f"{said}; see {tmp_path / 'moves_restated.csv'}"
    written = pd.read_csv(tmp_path / "moves_restated.csv", dtype=str, encoding="utf-8-sig")
    assert written[["order_id", "what"]].values.tolist() == [["o2", "changed"], ["o5", "added"], ["o4", "gone"]]
    # not replaced unasked, as moves.csv
    assert main(["compare", str(first), str(second), "-o", str(out), "--force"]) == 0
    capsys.readouterr()
    out.unlink()
    assert main(["compare", str(first), str(second), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (f"error: {tmp_path / 'moves_restated.csv'} already exists; name another file "
                                       f"with -o, or add --force to overwrite it (kit compare writes the restated "
                                       f"orders there, beside {out})\n")
    # without -o: said, and how to have them written
    assert main(["compare", str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        said, "  (with -o FILE, these orders are written to FILE's name with _restated, such as moves_restated.csv)"]
    # the later run compared with the earlier one when it ran: its own restated.csv
    saved = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    saved["changes"] = {"previous_run": first.name}
    (second / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    (second / "restated.csv").write_text("order_id\n", encoding="utf-8")
    assert main(["compare", str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{said}; see {second / 'restated.csv'}"
    # in Chinese for a Chinese case
    saved["params"] = {"language": "zh", "period": {"as_of": "2025-12-31"}}
    (second / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    assert main(["compare", str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"  数据：两次运行共同覆盖的日期内有订单与上次不同（变化 1 张，消失 1 张，新增 1 张，2025-07-02 至 2025-09-30）；"
        f"见 {second / 'restated.csv'}")


def test_kit_compare_leaves_no_restated_file_of_an_earlier_comparison_beside_its_own(tmp_path, capsys):
    """Review: moves_restated.csv of an earlier `kit compare -o moves.csv` stayed beside the new moves.csv when the
    later comparison restated nothing, read as this comparison's."""
    from kit.cli import main

    first = _run_folder(tmp_path, "20250101-000000-000001")
    restating = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2")
    unchanged = _run_folder(tmp_path, "20250103-000000-000001", tiers=("VIP", "VIP"), grades_sha="g2")
    same_orders = _run_folder(tmp_path, "20250104-000000-000001", data_sha="d3")  # new file, the same orders
    rows = [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0)]
    for folder in (first, unchanged, same_orders):
        _transactions(folder, rows)
    _transactions(restating, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 6.0)])
    out, restated = tmp_path / "moves.csv", tmp_path / "moves_restated.csv"
    assert main(["compare", str(first), str(restating), "-o", str(out)]) == 0
    assert pd.read_csv(restated, dtype=str, encoding="utf-8-sig")["order_id"].tolist() == ["o2"]  # 5 -> 6
    capsys.readouterr()
    # the data the same: nothing restated, and the earlier comparison's file goes with --force
    assert main(["compare", str(first), str(unchanged), "-o", str(out), "--force"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"  (removed {restated}, written by an earlier comparison: no order is restated in this one)")
    assert not restated.exists()
    # A graded VIP now, small before (by hand: tiers small, VIP then VIP, VIP)
    assert pd.read_csv(out, dtype=str, encoding="utf-8-sig").iloc[:, :4].values.tolist() == [
        ["A", "value_tier", "small", "VIP"]]
    # another data file whose orders are the same: nothing restated either
    assert main(["compare", str(first), str(restating), "-o", str(out), "--force"]) == 0
    assert restated.exists()
    assert main(["compare", str(first), str(same_orders), "-o", str(out), "--force"]) == 0
    assert not restated.exists()
    # a restated file left alone, moves.csv gone: not replaced (nor removed) unasked
    assert main(["compare", str(first), str(restating), "-o", str(out), "--force"]) == 0
    out.unlink()
    capsys.readouterr()
    assert main(["compare", str(first), str(unchanged), "-o", str(out)]) == 1
    assert f"error: {restated} already exists" in capsys.readouterr().err
    assert restated.exists() and not out.exists()


def test_kit_compare_says_when_no_order_could_be_compared_rather_than_none_restated(tmp_path, capsys):
    """Review: `kit compare --force` with a previous run lacking transactions.parquet (an earlier kit version's)
    removed the earlier comparison's restated file saying "no order is restated in this one", where no order could be
    compared at all; two runs whose kept orders share no day compare none either."""
    from kit.cli import main

    old = _run_folder(tmp_path, "20250101-000000-000001")  # no transactions.parquet
    first = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2")
    restating = _run_folder(tmp_path, "20250103-000000-000001", data_sha="d3")
    later = _run_folder(tmp_path, "20250104-000000-000001", data_sha="d4")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0)])
    _transactions(restating, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 6.0)])
    _transactions(later, [("o3", "A", "2025-10-01", 4.0), ("o4", "B", "2025-12-31", 3.0)])
    out, restated = tmp_path / "moves.csv", tmp_path / "moves_restated.csv"
    assert main(["compare", str(first), str(restating), "-o", str(out)]) == 0
    assert restated.exists()
    capsys.readouterr()
    assert main(["compare", str(old), str(restating), "-o", str(out), "--force"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"  data: no order could be compared for restatement: {old} has no transactions.parquet (the order lines a "
        f"run keeps; a run of an earlier kit version has none, or it was deleted); run the case again with this "
        f"version to compare its orders",
        f"  (removed {restated}, written by an earlier comparison: this one could compare no order, as the line "
        f"above says, which is not to say that none is restated)"]
    assert not restated.exists()
    # the orders of 2025-07-01 .. 2025-08-01, then of 2025-10-01 .. 2025-12-31: no day both hold
    assert main(["compare", str(first), str(later)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "  data: no order could be compared for restatement: the two runs' kept orders share no day (the earlier "
        "2025-07-01 to 2025-08-01, the later 2025-10-01 to 2025-12-31)")
    # orders compared and none restated: no such line
    same = _run_folder(tmp_path, "20250105-000000-000001", data_sha="d5")
    _transactions(same, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0)])
    assert main(["compare", str(first), str(same)]) == 0
    assert "no order could be compared" not in capsys.readouterr().out


@pytest.mark.parametrize("language", ["en", "zh"])
def test_compare_with_a_run_of_another_case_or_client_stops_naming_both(tmp_path, capsys, language):
    """QA: `kit run params/acme.yaml --compare-with reports/numids/<run>` compared two cases without a word: every
    customer of acme was listed as changed, and the params changed named `case`."""
    from kit.cli import main

    params_file = tmp_path / "acme.yaml"
    params_file.write_text(
        f"case: acme\ntitle: T\nclient: 测试公司\nlanguage: {language}\ndata: {{demo: {{name: pharma}}}}\n"
        "period: {as_of: 2025-12-31}\ngrading:\n  value: {method: pareto}\n", encoding="utf-8")
    reports = tmp_path / "reports"
    other = _run_folder(reports / "numids", "20250101-000000-000001",
                        params={"case": "numids", "client": "测试公司", "period": {"as_of": "2025-12-31"}})
    assert main(["run", str(params_file), "--reports-dir", str(reports), "--compare-with", str(other)]) == 2
    err = capsys.readouterr().err
    assert err == {
        "en": f"error: --compare-with: the run {other.resolve()} is of case 'numids' (client '测试公司'), this run of "
              "case 'acme' (client '测试公司'): another case or client grades other customers and data, so nearly "
              f"every customer would read as changed; choose a run in {reports.resolve() / 'acme'}, or leave out --compare-with "
              f"and, if you do mean to compare the two, run kit compare {other.resolve()} <this run's folder> "
              "afterwards\n",
        "zh": f"error: --compare-with：运行 {other.resolve()} 属于案例 numids（客户“测试公司”），本次运行属于案例 acme（客户“测试公司”），"
              f"不同案例或客户的客户与数据不同，比较没有意义；请选择 {reports.resolve() / 'acme'} 中的一次运行，或不写 --compare-with，"
              f"运行后若确要比较，用 kit compare {other.resolve()} <本次运行的文件夹>\n",
    }[language]
    assert not (reports / "acme").exists()  # stopped before a run folder was made
    # the same case name for another client, chosen by its ID
    _run_folder(reports / "acme", "20250102-000000-000001",
                params={"case": "acme", "client": "Brewline", "period": {"as_of": "2025-12-31"}})
    assert main(["run", str(params_file), "--reports-dir", str(reports),
                 "--compare-with", "20250102-000000-000001"]) == 2
    err = capsys.readouterr().err
    assert ("client 'Brewline'" if language == "en" else "客户“Brewline”") in err


def test_a_chosen_run_of_the_same_case_and_client_is_compared_with(tmp_path):
    from kit.params import validate_params
    from kit.runner import _same_case

    params = validate_params({"case": "acme", "title": "T", "client": "测试公司", "data": {"demo": {"name": "pharma"}},
                              "period": {"as_of": "2025-12-31"}, "grading": {"value": {"method": "pareto"}}},
                             source=tmp_path / "acme.yaml")
    same = _run_folder(tmp_path / "acme", "20250101-000000-000001",
                       params={"case": "acme", "client": "测试公司", "period": {"as_of": "2025-09-30"}})
    assert _same_case(params, same, tmp_path / "acme") is None
    # the client's name put in for the file name kit init drafted is the same client
    drafted = _run_folder(tmp_path / "acme", "20250102-000000-000001",
                          params={"case": "acme", "client": "orders", "period": {"as_of": "2025-09-30"}})
    saved = json.loads((drafted / "manifest.json").read_text(encoding="utf-8"))
    saved["inputs"] = [{"role": "data", "path": "/data/orders.csv", "sha256": "d1"}]
    (drafted / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    assert _same_case(params, drafted, tmp_path / "acme") is None


@pytest.mark.parametrize("before, after, paired", [
    # a new system dropped the letter H before every ID: B7 gone and C9 new are customers gone and new
    (["H00046", "H00068", "H00099", "B7"], ["00046", "00068", "00099", "C9"],
     [("H00046", "00046"), ("H00068", "00068"), ("H00099", "00099")]),
    (["46", "68"], ["h46", "h68"], [("46", "h46"), ("68", "h68")]),  # added, in any case
    (["KH-0046", "KH-0068"], ["0046", "68"], [("KH-0046", "0046"), ("KH-0068", "68")]),  # with its dash
    # 00046 and 046 both new: which is H00046? Only H00068 / 68 is one-to-one
    (["H00046", "H00068"], ["00046", "046", "68"], [("H00068", "68")]),
    # the prefix on a few IDs only (1 of 4): an ID of its own, not the same ID written another way
    (["H00046", "00068", "00101", "00102"], ["00046", "00068", "00101", "00102"], []),
    # the later run still writes H before most IDs: H1 and 1 are two customers
    (["H1", "H2", "H3"], ["1", "H2", "H3"], []),
    # H00046 and K00046 two customers of the earlier run: which one is 00046? Only H00068 / 68 is one-to-one (review)
    (["H00046", "K00046", "H00068"], ["00046", "68"], [("H00068", "68")]),
    (["00046", "68"], ["H00046", "K046", "H00068"], [("68", "H00068")]),  # the same, the prefix added
    # hospitals H, pharmacies numbered apart by digits alone (3 of 9): the later run's 00003 is a pharmacy as
    # likely as the hospital H00003 gone (review)
    (["H00001", "H00002", "H00003", "H00004", "H00005", "H00006", "00046", "00068", "00101"],
     ["00046", "00068", "00101", "00003"], []),
    # the earlier run numbers hospitals H0001.. and pharmacies 0001.. apart (H on fewer than half), the later one
    # the hospitals only, renumbered K0001..: its K0001 is the hospital H0001 as likely as the pharmacy 0001 (review)
    (["H0001", "H0002", "H0003", "H0004", "0001", "0002", "0003", "0004", "0005", "0006"],
     ["K0001", "K0002", "K0003", "K0004"], []),
])
def test_a_letter_prefix_dropped_or_added_for_most_ids_is_an_id_written_another_way(tmp_path, before, after,
                                                                                     paired):
    """QA: the next export wrote H00046 as 00046 (the letter prefix dropped for every customer): changes.csv said
    every customer gone and new, where leading zeros (00046 / 46) are already said to be written another way."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    pd.DataFrame({"customer_id": before, "value_tier": "VIP"}).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": after, "value_tier": "VIP"}).to_parquet(current / "grades.parquet")
    changes = compare_runs(first, current)
    rewritten = {c for pair in paired for c in pair}
    why = dict(zip(changes.grades["customer_id"], changes.grades["why"]))
    assert why == {**{c: "not graded now" for c in set(before) - set(after)},
                   **{c: "not graded before" for c in set(after) - set(before)},
                   **{c: "ID written another way" for c in rewritten}}
    assert changes.rewritten == ((len(paired), f"{paired[0][0]} / {paired[0][1]}") if paired else (0, ""))


def test_orders_whose_customer_id_lost_its_letter_prefix_are_not_restated(tmp_path):
    from kit.changes import restated_orders

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    _transactions(first, [("o1", "H00046", "2025-07-01", 10.0), ("o2", "H00068", "2025-08-01", 5.0),
                          ("o3", "H00101", "2025-08-02", 7.0)])
    # by hand: o1, o2 the same amount and day under 00046, 00068: not restated; o3 7 -> 8: restated by the export
    _transactions(second, [("o1", "00046", "2025-07-01", 10.0), ("o2", "00068", "2025-08-01", 5.0),
                           ("o3", "00101", "2025-08-02", 8.0)])
    assert restated_orders(first, second)[["order_id", "why"]].values.tolist() == [
        ["o1", "ID written another way"], ["o2", "ID written another way"], ["o3", "export"]]


def test_the_same_data_file_of_a_case_folder_moved_or_written_as_a_pattern_is_no_params_change(tmp_path):
    """Review: the case's folder copied to another place (params file and data moved together, the params file
    unchanged) was said to have its data.path changed, /old/data/orders.csv -> /new/data/orders.csv."""
    def params(path: object) -> dict:
        return {"data": {"path": path}, "period": {"as_of": "2025-12-31"}}

    def run(run_id: str, path: object, params_file: str, sha: str = "d1") -> Path:
        folder = _run_folder(tmp_path, run_id, params=params(path))
        saved = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        saved["params_file"] = params_file
        saved["inputs"] = [{"role": "data", "path": path if isinstance(path, str) else path[0], "sha256": sha}]
        (folder / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
        return folder

    first = run("20250101-000000-000001", "/old/acme/data/orders.csv", "/old/acme/params/acme.yaml")
    moved = run("20250102-000000-000001", "/new/acme/data/orders.csv", "/new/acme/params/acme.yaml")
    assert compare_runs(first, moved).params == []
    # moved, and pointed at next quarter's file: a change, named by the paths whole (two folders)
    other = run("20250103-000000-000001", "/new/acme/data/orders_q4.csv", "/new/acme/params/acme.yaml", "d2")
    assert compare_runs(first, other).params == [
        ("data.path", "/old/acme/data/orders.csv", "/new/acme/data/orders_q4.csv")]
    # the data left where it was, the params file moved: the same file
    stayed = run("20250104-000000-000001", "/old/acme/data/orders.csv", "/elsewhere/acme.yaml")
    assert compare_runs(first, stayed).params == []
    # data/*.csv matching the one file named before
    pattern = run("20250105-000000-000001", ["/old/acme/data/orders.csv"], "/old/acme/params/acme.yaml")
    assert compare_runs(first, pattern).params == []
    # without the params files recorded, two paths are two files
    assert params_changes(params("/old/acme/data/orders.csv"), params("/new/acme/data/orders.csv")) == [
        ("data.path", "/old/acme/data/orders.csv", "/new/acme/data/orders.csv")]


def test_a_chosen_run_of_the_same_params_file_is_compared_with_its_client_or_case_renamed(tmp_path):
    """Review: the client's name corrected in the params file (测试公司 -> 测试有限公司), or a what-if kept apart with
    --set case=acmewhatif, and --compare-with a run of that file stopped the run as "another case or client"."""
    from kit.errors import ParamsError
    from kit.params import validate_params
    from kit.runner import _same_case

    params_file = tmp_path / "acme.yaml"
    params_file.write_text("case: acme\n", encoding="utf-8")
    params = validate_params({"case": "acmewhatif", "title": "T", "client": "测试有限公司",
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=params_file)
    chosen = _run_folder(tmp_path / "reports" / "acme", "20250101-000000-000001",
                         params={"case": "acme", "client": "测试公司", "period": {"as_of": "2025-12-31"}})
    saved = json.loads((chosen / "manifest.json").read_text(encoding="utf-8"))
    saved["params_file"] = str(params_file.resolve())
    (chosen / "manifest.json").write_text(json.dumps(saved), encoding="utf-8")
    assert _same_case(params, chosen, tmp_path / "reports" / "acmewhatif", params_file) is None
    # a run of another params file, of another case and client: stopped
    with pytest.raises(ParamsError):
        _same_case(params, chosen, tmp_path / "reports" / "acmewhatif", tmp_path / "other.yaml")


@pytest.mark.parametrize("overrides, marked", [
    (["grading.value.thresholds.1=250000"], True),
    (["grading.value={method: thresholds, thresholds: [100000, 250000, 1000000]}"], True),
    (["title=Other"], False),  # another key set: the threshold was the params file's
])
def test_a_threshold_set_by_its_position_in_the_list_is_said_to_come_from_set(tmp_path, overrides, marked):
    """Review: --set grading.value.thresholds.1=250000 (one threshold, by its position) left the changed
    grading.value.thresholds unmarked in index.html, as if the params file had been edited."""
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    grading = {"value": {"method": "thresholds", "thresholds": [100000, 300000, 1000000]}}
    _run_folder(tmp_path, "20250101-000000-000001", params={"period": {"as_of": "2025-12-31"}, "grading": grading})
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", overrides=overrides,
                          params={"period": {"as_of": "2025-12-31"},
                                  "grading": {"value": {**grading["value"], "thresholds": [100000, 250000, 1000000]}}})
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None)
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": "en",
                              "data": {"demo": {"name": "pharma"}}, "period": {"as_of": "2025-12-31"},
                              "grading": {"value": {"method": "pareto"}}}, source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    page = (current / "index.html").read_text(encoding="utf-8")
    assert "params changed: grading.value.thresholds" in page
    assert ("params changed: grading.value.thresholds (--set on the command line)" in page) is marked


def test_customers_whose_id_is_only_written_another_way_are_not_counted_as_grade_changes(tmp_path):
    """QA: 284 hospitals exported as H00046 last quarter and 00046 now made the terminal say 568 customers changed
    grade, each counted once gone and once new. A pair whose grade is the same is no change; a pair whose grade
    differs is one customer moved, counted once."""
    from kit.runner import _compare_with_previous_run

    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          grades_sha="g2", data_sha="d2")
    # H01 and H02 keep their grade under 01 and 02; H03 moves from small to VIP as 03; H04 gone; 05 new
    pd.DataFrame({"customer_id": ["H01", "H02", "H03", "H04"], "value_tier": ["VIP", "small", "small", "VIP"]}
                 ).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": ["01", "02", "03", "05"], "value_tier": ["VIP", "small", "VIP", "small"]}
                 ).to_parquet(current / "grades.parquet")
    changes = compare_runs(first, current)
    assert len(changes.grades) == 8  # changes.csv still lists every row, gone and new
    assert sorted(changes.moves["customer_id"]) == ["03", "05", "H04"]
    assert changes.summary()["customers_changed"] == {"value_tier": 3}
    lines = changes.lines(lang="en")
    assert lines[2] == "  value tier changed for 3 customers; see changes.csv"
    assert lines[-1].startswith("  besides, 3 customers gone and as many new differ only in leading zeros")
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    _compare_with_previous_run(RunPaths(current), manifest, log=lambda line: None)
    recorded = json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert recorded["customers_changed"] == {"value_tier": 3}
    assert recorded["ids_written_differently"]["customers"] == 3


def test_the_master_and_files_joined_of_a_case_folder_moved_are_no_params_change(tmp_path):
    """Review: the case's folder moved with its params file said data.master.path and data.join changed (their
    paths are recorded absolute), and the join's "change" counted as a cleaning rule's, the restated orders blamed
    on the rules."""
    from kit.changes import cleaning_changes

    def run(run_id: str, base: str, *, master: str = "hospitals.csv", join: str = "headers.csv",
            key: str = "单号") -> Path:
        params = {"period": {"as_of": "2025-12-31"},
                  "data": {"path": f"{base}/data/orders.csv",
                           "master": {"path": f"{base}/data/{master}", "sheet": 0, "columns": {"customer_id": "id"}},
                           "join": [{"path": f"{base}/data/{join}", "key": key, "sheet": 0}]}}
        return _run_with_params_file(tmp_path, run_id, params, f"{base}/params/acme.yaml")

    first = run("20250101-000000-000001", "/old/acme")
    assert compare_runs(first, run("20250102-000000-000001", "/new/acme")).params == []
    # moved, and pointed at next quarter's master and header file: each named, the same folder
    other = compare_runs(first, run("20250103-000000-000001", "/old/acme", master="hospitals_q4.csv",
                                    join="headers_q4.csv")).params
    assert other == [("data.master.path", "hospitals.csv", "hospitals_q4.csv"),
                     ("data.join[0].path", "headers.csv", "headers_q4.csv")]
    assert cleaning_changes(other) == []  # other files, not other rules: their orders restated are the data's
    # joined by another key: a rule of reading, named whole
    rekeyed = compare_runs(first, run("20250104-000000-000001", "/new/acme", key="订单号")).params
    assert [key for key, _, _ in rekeyed] == ["data.join"]
    assert cleaning_changes(rekeyed) == ["data.join"]


_HOSPITALS = ["协和医院", "仁济医院", "瑞金医院", "华山医院", "中山医院", "同济医院"]
_PHARMACIES = ["老百姓大药房", "益丰大药房", "一心堂", "大参林", "国大药房", "海王星辰"]


@pytest.mark.parametrize("before, after, paired", [
    # a new system wrote K where H was, for every customer: the names the same, the customers the same (仁济 gone,
    # 长征医院 new); 华山医院's K00004 is 一心堂 now: two customers, not one written another way
    ([("H00001", "协和医院"), ("H00002", "仁济医院"), ("H00003", "瑞金医院"), ("H00004", "华山医院"),
      ("H00005", "中山医院"), ("H00006", "同济医院")],
     [("K00001", "协和医院"), ("K00003", "瑞金医院"), ("K00004", "一心堂"), ("K00005", "中山医院 "),
      ("K00006", "同济医院"), ("K00007", "长征医院")],
     [("H00001", "K00001"), ("H00003", "K00003"), ("H00005", "K00005"), ("H00006", "K00006")]),
    # hospitals and pharmacies numbered apart in both runs: the hospital H0006 gone and the pharmacy P0006 new
    # share their digits only
    ([(f"H000{i}", name) for i, name in enumerate(_HOSPITALS, 1)]
     + [(f"P000{i}", name) for i, name in enumerate(_PHARMACIES[:4], 1)],
     [(f"H000{i}", name) for i, name in enumerate(_HOSPITALS[:5], 1)]
     + [(f"P000{i}", name) for i, name in enumerate(_PHARMACIES[:4], 1)] + [("P0006", _PHARMACIES[5])], []),
    # a run of the hospitals, then one of the pharmacies (another export): the same digits, other names
    ([(f"H000{i}", name) for i, name in enumerate(_HOSPITALS, 1)],
     [(f"P000{i}", name) for i, name in enumerate(_PHARMACIES, 1)], []),
    # the same without names: nothing tells a renumbering from another series, so nothing is paired
    ([(f"H000{i}", None) for i in range(1, 7)], [(f"P000{i}", None) for i in range(1, 7)], []),
    # one ID of six shares its digits and name: a coincidence, not the numbering rewritten (1 pair of 6 IDs)
    ([(f"H000{i}", name) for i, name in enumerate(_HOSPITALS, 1)],
     [("K0001", "协和医院")] + [(f"K001{i}", name) for i, name in enumerate(_PHARMACIES[1:], 1)], []),
    # hospitals H renumbered K (their names the same), pharmacies numbered apart in digits alone in both runs: the
    # hospital H0006 gone and a new pharmacy 0006 the master does not name, the pharmacy 0007 gone and a new hospital
    # K0007 unnamed, are two customers each, not a prefix swapped (only H -> K is): by hand, the five hospitals pair
    ([(f"H000{i}", name) for i, name in enumerate(_HOSPITALS, 1)]
     + [(f"001{i}", name) for i, name in enumerate(_PHARMACIES[:4], 1)] + [("0007", _PHARMACIES[4])],
     [(f"K000{i}", name) for i, name in enumerate(_HOSPITALS[:5], 1)] + [("K0007", None)]
     + [(f"001{i}", name) for i, name in enumerate(_PHARMACIES[:4], 1)] + [("0006", None)],
     [(f"H000{i}", f"K000{i}") for i in range(1, 6)]),
])
def test_a_letter_prefix_swapped_for_another_is_paired_on_the_evidence_of_names_and_shares(tmp_path, before, after,
                                                                                          paired):
    """Review: H00046 then K00046 (a new system's prefix) read as every customer gone and new; but hospitals
    H0001.. and pharmacies P0001.. share their digits and must never be paired."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    for folder, rows in ((first, before), (current, after)):
        frame = pd.DataFrame(rows, columns=["customer_id", "customer_name"]).assign(value_tier="VIP")
        (frame if frame["customer_name"].notna().any() else frame.drop(columns="customer_name")).to_parquet(
            folder / "grades.parquet")
    changes = compare_runs(first, current)
    ids = ({c for c, _ in before}, {c for c, _ in after})
    why = dict(zip(changes.grades["customer_id"], changes.grades["why"]))
    assert why == {**{c: "not graded now" for c in ids[0] - ids[1]},
                   **{c: "not graded before" for c in ids[1] - ids[0]},
                   **{c: "ID written another way" for pair in paired for c in pair}}
    assert changes.rewritten == ((len(paired), f"{paired[0][0]} / {paired[0][1]}") if paired else (0, ""))


@pytest.mark.parametrize("before, after", [
    # a year's run of 10 hospitals, then a quarter's of the 4 still buying, renumbered K: 4 pairs of at most 4
    ([(f"H{i:04d}", name) for i, name in enumerate(_HOSPITALS + ["长征医院", "长海医院", "东方医院", "胸科医院"], 1)],
     [(f"K000{i}", name) for i, name in enumerate(_HOSPITALS[:4], 1)]),
    # the other way round: 4 hospitals, then those 4 renumbered beside 6 new ones numbered on (K0005 .. K0010)
    ([(f"H000{i}", name) for i, name in enumerate(_HOSPITALS[:4], 1)],
     [(f"K{i:04d}", name) for i, name in enumerate(
         _HOSPITALS[:4] + ["长征医院", "长海医院", "东方医院", "胸科医院", "肿瘤医院", "儿童医院"], 1)]),
])
def test_a_prefix_swapped_between_runs_of_different_sizes_pairs_against_the_smaller(tmp_path, before, after):
    """The share of a prefix swapped that must pair by digits ("at least half") is of the IDs that could pair, the
    smaller run's: a year's run of 10, then a quarter's of the 4 still buying, is a renumbering when all 4 pair (by
    hand: H0001 / K0001 .. H0004 / K0004), though 4 pairs are under half of the larger run's 10 IDs."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    for folder, rows in ((first, before), (current, after)):
        pd.DataFrame(rows, columns=["customer_id", "customer_name"]).assign(value_tier="VIP").to_parquet(
            folder / "grades.parquet")
    assert compare_runs(first, current).rewritten == (4, "H0001 / K0001")


@pytest.mark.parametrize("named", [True, False])
def test_orders_whose_customer_id_had_its_prefix_swapped_are_not_restated_when_the_names_agree(tmp_path, named):
    from kit.changes import restated_orders

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    for folder, prefix in ((first, "H"), (second, "K")):
        grades = pd.DataFrame({"customer_id": [f"{prefix}0001", f"{prefix}0002", f"{prefix}0003"],
                               "customer_name": _HOSPITALS[:3], "value_tier": "VIP"})
        (grades if named else grades.drop(columns="customer_name")).to_parquet(folder / "grades.parquet")
    _transactions(first, [("o1", "H0001", "2025-07-01", 10.0), ("o2", "H0002", "2025-08-01", 5.0),
                          ("o3", "H0003", "2025-08-02", 7.0)])
    # by hand: o1, o2 the same amount and day under K0001, K0002; o3 7 -> 8 restated by the export
    _transactions(second, [("o1", "K0001", "2025-07-01", 10.0), ("o2", "K0002", "2025-08-01", 5.0),
                           ("o3", "K0003", "2025-08-02", 8.0)])
    rewritten = "ID written another way" if named else "export"  # without names: no evidence, the customers differ
    assert restated_orders(first, second)[["order_id", "why"]].values.tolist() == [
        ["o1", rewritten], ["o2", rewritten], ["o3", "export"]]
    # the names compare_runs read, passed along: grades.parquet is not read again (gone here, the same answer)
    names = compare_runs(first, second).names
    for folder in (first, second):
        (folder / "grades.parquet").unlink()
    assert restated_orders(first, second, names=names)[["order_id", "why"]].values.tolist() == [
        ["o1", rewritten], ["o2", rewritten], ["o3", "export"]]


def test_a_null_customer_id_in_a_runs_grades_is_no_id_to_pair(tmp_path):
    """A run's grades.parquet with a null customer_id crashed kit compare (TypeError: sorting float NaN beside the IDs
    of the pairing of IDs written another way). The null is no ID: 00046 / 46 still paired, the rest as before."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    pd.DataFrame({"customer_id": ["00046", None, "B7"], "value_tier": ["VIP", "small", "small"]}
                 ).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": ["46", "C9", None], "value_tier": ["VIP", "VIP", "small"]}
                 ).to_parquet(current / "grades.parquet")
    changes = compare_runs(first, current)
    why = dict(zip(changes.grades["customer_id"].dropna(), changes.grades["why"][changes.grades["customer_id"].notna()]))
    # by hand: 00046 then 46 (leading zeros dropped), B7 gone, C9 new
    assert why == {"00046": "ID written another way", "46": "ID written another way",
                   "B7": "not graded now", "C9": "not graded before"}
    assert changes.rewritten == (1, "00046 / 46")


def test_a_file_of_the_same_name_read_from_another_folder_is_said_so():
    """A case re-run with its export of the same name in another folder (new content): the comparison said
    "orders_export_1.csv added; orders_export_1.csv no longer read", one file said both added and gone."""
    from kit.changes import data_changed, input_phrase

    before = [{"role": "data", "path": "/d/q3/orders_export_1.csv", "sha256": "a"},
              {"role": "master", "path": "/d/hospitals.xlsx", "sha256": "m"}]
    after = [{"role": "data", "path": "/d/q4/orders_export_1.csv", "sha256": "b"},
             {"role": "master", "path": "/d/hospitals.xlsx", "sha256": "m"}]
    found = input_changes(before, after)
    assert found == ["orders_export_1.csv read from another folder (content changed)"]
    assert [input_phrase(p, "zh") for p in found] == ["orders_export_1.csv 改从另一个文件夹读取（内容有变化）"]
    assert data_changed(found)  # new content: the orders are compared (restated.csv)
    # a master of that name is no data file: each role's files paired within the role
    other = [*after[:1], {"role": "data", "path": "/d/q4/hospitals.xlsx", "sha256": "h"}]
    assert input_changes(before, other) == ["orders_export_1.csv read from another folder (content changed)",
                                            "hospitals.xlsx added", "hospitals.xlsx no longer read"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_run_says_when_no_order_could_be_compared_with_the_previous_run_as_kit_compare_does(tmp_path, language):
    """Review: kit compare said "no order could be compared" where a run's own comparison with the previous run said
    nothing, its silence read as "no past order restated"."""
    from kit.runner import _compare_with_previous_run

    old = _run_folder(tmp_path, "20250101-000000-000001")  # no transactions.parquet (an earlier kit version's run)
    first = _run_folder(tmp_path, "20250102-000000-000001", data_sha="d2")
    _transactions(first, [("o1", "A", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0)])
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(first), json.loads((first / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append, lang=language)
    assert lines[-1] == {
        "en": f"  data: no order could be compared for restatement: {old} has no transactions.parquet (the order "
              f"lines a run keeps; a run of an earlier kit version has none, or it was deleted); run the case again "
              f"with this version to compare its orders",
        "zh": f"  数据：无法对照两次运行的订单、查找重述的订单：{old} 中没有 transactions.parquet（运行保留的订单行；"
              f"较早版本的 kit 写出的运行没有它，或它已被删除）；请用本版本重新运行该案例后再比较"}[language]
    assert not (first / "restated.csv").exists()
    assert json.loads((first / "manifest.json").read_text(encoding="utf-8"))["changes"]["orders_not_compared"] == (
        f"data: no order could be compared for restatement: {old} has no transactions.parquet (the order lines a run "
        f"keeps; a run of an earlier kit version has none, or it was deleted); run the case again with this version "
        f"to compare its orders")
    # the orders of 2025-07-01 .. 2025-08-01, then of 2025-10-01 .. 2025-12-31: no day both hold
    later = _run_folder(tmp_path, "20250103-000000-000001", data_sha="d3")
    _transactions(later, [("o3", "A", "2025-10-01", 4.0), ("o4", "B", "2025-12-31", 3.0)])
    lines.clear()
    _compare_with_previous_run(RunPaths(later), json.loads((later / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert lines[-1] == ("  data: no order could be compared for restatement: the two runs' kept orders share no day "
                         "(the earlier 2025-07-01 to 2025-08-01, the later 2025-10-01 to 2025-12-31)")
    # orders compared and none restated: no such line
    same = _run_folder(tmp_path, "20250104-000000-000001", data_sha="d4")
    _transactions(same, [("o3", "A", "2025-10-01", 4.0), ("o4", "B", "2025-12-31", 3.0)])
    lines.clear()
    _compare_with_previous_run(RunPaths(same), json.loads((same / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert not any("no order could be compared" in line for line in lines)
    assert "orders_not_compared" not in json.loads((same / "manifest.json").read_text(encoding="utf-8"))["changes"]
    # the same data: no order to compare, nor a line saying none could be
    again = _run_folder(tmp_path, "20250105-000000-000001", data_sha="d4")
    lines.clear()
    _compare_with_previous_run(RunPaths(again), json.loads((again / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append)
    assert not any("no order could be compared" in line for line in lines)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_later_run_passed_over_for_a_folder_edited_by_hand_is_named(tmp_path, language):
    """Review (next quarter): the last run's grades.parquet deleted by hand, the new run was compared with the run
    before it without a word on the one passed over; a failed run is passed over silently, as before."""
    from kit.runner import _compare_with_previous_run

    _run_folder(tmp_path, "20250101-000000-000001")
    damaged = _run_folder(tmp_path, "20250102-000000-000001")
    (damaged / "grades.parquet").unlink()
    unread = _run_folder(tmp_path, "20250103-000000-000001")
    (unread / "manifest.json").write_text("{", encoding="utf-8")
    _run_folder(tmp_path, "20250104-000000-000001", status="failed")
    current = _run_folder(tmp_path, "20250105-000000-000001")
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), {}, log=lines.append, lang=language)
    assert lines[0] == {
        "en": "note: passed over runs 20250103-000000-000001, 20250102-000000-000001: their folders have no "
              "grades.parquet, or no manifest.json that reads (edited or partly deleted by hand?), so this run is "
              "compared with an earlier finished one; to compare with another run, use --compare-with",
        "zh": "注意：跳过了运行 20250103-000000-000001, 20250102-000000-000001：其文件夹缺少 grades.parquet，或没有可读的 "
              "manifest.json（可能被手工修改或删去了部分文件），因此与更早的一次完成的运行比较；要与另一次运行比较，用 --compare-with"}[language]
    assert "20250101-000000-000001" in lines[1]
    # nothing passed over but a failed run: no note
    lines.clear()
    _compare_with_previous_run(RunPaths(damaged.parent / "20250101-000000-000001"), {}, log=lines.append)
    assert not any(line.startswith("note: passed over") for line in lines)
    failed = _run_folder(tmp_path / "b", "20250101-000000-000001", status="failed")
    lines.clear()
    _compare_with_previous_run(RunPaths(_run_folder(tmp_path / "b", "20250102-000000-000001")), {},
                               log=lines.append)
    assert failed.is_dir() and lines[0].startswith("no earlier run of this case")


def test_a_customer_whose_id_an_export_rewrote_is_one_row_of_changes_csv_with_both_grades(tmp_path):
    """QA next quarter: 000100 (Key) last quarter, 100 (General) now, the export saved by Excel: changes.csv had two
    rows, each "not graded" on one side, so the move could not be found by filtering the grades."""
    first = _run_folder(tmp_path, "20250101-000000-000001")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"period": {"as_of": "2026-03-31"}},
                          grades_sha="g2", data_sha="d2")
    pd.DataFrame({"customer_id": ["00046", "00068", "B7"], "value_tier": ["VIP", "small", "small"],
                  "revenue": [900.0, 10.0, 5.0]}).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": ["46", "68", "C9"], "value_tier": ["small", "small", "VIP"],
                  "revenue": [20.0, 12.0, 800.0]}).to_parquet(current / "grades.parquet")
    write_changes(compare_runs(first, current), tmp_path / "changes.csv")
    rows = pd.read_csv(tmp_path / "changes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    got = rows[["customer_id", "previous_id", "previous", "current", "revenue_before", "revenue_after"]]
    # by hand: 46 moved VIP -> small under its earlier ID 00046; 68 stayed small, its ID rewritten; B7 gone, C9 new
    assert sorted(got.values.tolist()) == [
        ["46", "00046", "VIP", "small", "900.0", "20.0"], ["68", "00068", "small", "small", "10.0", "12.0"],
        ["B7", "", "small", "", "5.0", ""], ["C9", "", "", "VIP", "", "800.0"]]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_run_passed_over_with_no_earlier_finished_run_is_not_said_to_leave_one_compared_with(tmp_path, language):
    """Review: the only earlier run's grades.parquet deleted by hand, the note said this run "is compared with an
    earlier finished one", and the next line that there is no earlier run to compare with."""
    from kit.runner import _compare_with_previous_run

    damaged = _run_folder(tmp_path, "20250101-000000-000001")
    (damaged / "grades.parquet").unlink()
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(_run_folder(tmp_path, "20250102-000000-000001")), {}, log=lines.append,
                               lang=language)
    # one line: the run passed over, which cannot be compared with; not then "no earlier run" (re-read)
    assert len(lines) == 1 and "20250101-000000-000001" in lines[0]
    assert not any(words in lines[0] for words in ("compared with an earlier finished one", "与更早的一次完成的运行比较"))
    assert lines[0].endswith({"en": "so it cannot be compared with", "zh": "无法与之比较"}[language])


def test_orders_whose_number_is_only_written_without_its_leading_zeros_are_not_restated(tmp_path):
    """Review: next quarter's re-export, saved by Excel, wrote SAP's order 0090000001 as 90000001 (and the customer
    000118 as 118): restated.csv and the terminal said every order of last quarter gone and added again. By hand:
    order 1 the same (its number and customer rewritten): ID written another way; order 2 the same but its number:
    no restatement; order 3 amount 7 -> 8: changed; order 4 gone; order 5 added."""
    from kit.changes import restated_orders

    first = _run_folder(tmp_path, "20250101-000000-000001")
    second = _run_folder(tmp_path, "20250102-000000-000001", grades_sha="g2", data_sha="d2")
    _transactions(first, [("0090000001", "000118", "2025-07-01", 10.0), ("0090000002", "B", "2025-08-01", 5.0),
                          ("0090000003", "B", "2025-08-02", 7.0), ("0090000004", "C", "2025-08-03", 4.0),
                          ("0090000006", "C", "2025-09-30", 1.0)])
    _transactions(second, [("90000001", "118", "2025-07-01", 10.0), ("90000002", "B", "2025-08-01", 5.0),
                           ("90000003", "B", "2025-08-02", 8.0), ("90000005", "C", "2025-08-04", 2.0),
                           ("90000006", "C", "2025-09-30", 1.0)])
    found = restated_orders(first, second)
    amounts = found[["amount_before", "amount_after"]].astype(float).fillna(-1)
    assert [[*row, *money] for row, money in zip(found[["order_id", "what", "why"]].values.tolist(),
                                                 amounts.values.tolist())] == [
        ["90000001", "changed", "ID written another way", 10.0, 10.0],
        ["90000003", "changed", "export", 7.0, 8.0],
        ["0090000004", "gone", "export", 4.0, -1],
        ["90000005", "added", "export", -1, 2.0]]


def test_the_same_customers_file_of_a_case_folder_moved_is_no_params_change(tmp_path):
    """cleaning.same_customers read from a file: its path recorded absolute, as data.master.path's; the folder moved
    with the params file is no change, another file named is said by its names."""
    def run(run_id: str, base: str, name: str = "对照.xlsx") -> Path:
        params = {"period": {"as_of": "2025-12-31"}, "data": {"path": f"{base}/data/orders.csv"},
                  "cleaning": {"same_customers": {"file": f"{base}/data/{name}", "written": "原名称",
                                                  "graded_as": "标准名称", "sheet": 0}}}
        return _run_with_params_file(tmp_path, run_id, params, f"{base}/params/acme.yaml")

    first = run("20250101-000000-000001", "/old/acme")
    assert compare_runs(first, run("20250102-000000-000001", "/new/acme")).params == []
    assert compare_runs(first, run("20250103-000000-000001", "/old/acme", "对照_q4.xlsx")).params == [
        ("cleaning.same_customers.file", "对照.xlsx", "对照_q4.xlsx")]


def test_a_run_folder_renamed_by_hand_is_found_as_the_previous_run_by_its_manifests_time(tmp_path):
    """A consultant renamed last quarter's run folder 20251207-... to Q4-final: it is still the run the next one is
    compared with (its manifest says when it ran), and the terminal and the report name it with its run ID."""
    from kit.params import validate_params
    from kit.runner import _compare_with_previous_run, write_index

    def stamp(folder: Path, run_id: str, started: str, case: str = "c") -> Path:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest.update(run_id=run_id, started_at=started, case=case)
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return folder

    stamp(_run_folder(tmp_path, "20250907-090000-000001"), "20250907-090000-000001", "2025-09-07T09:00:00.000+00:00")
    final = stamp(_run_folder(tmp_path, "Q4-final"), "20251207-103000-000001", "2025-12-07T10:30:00.000+00:00")
    # another case's run copied in and renamed: not this case's previous run, though later
    stamp(_run_folder(tmp_path, "zz-copy"), "20260101-000000-000001", "2026-01-01T00:00:00.000+00:00", case="other")
    current = stamp(_run_folder(tmp_path, "20260307-080000-000001", tiers=("VIP", "VIP"), grades_sha="g2"),
                    "20260307-080000-000001", "2026-03-07T08:00:00.000+00:00")
    # a run renamed after the current one started is no previous run of it
    stamp(_run_folder(tmp_path, "Q1-draft"), "20260308-000000-000001", "2026-03-08T00:00:00.000+00:00")
    assert previous_run(current) == final
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append)
    assert lines[0] == ("since run Q4-final (run 20251207-103000-000001): same params and data, yet value tier "
                        "changed for 1 customer (a different kit version?); see changes.csv")
    saved = json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert (saved["previous_run"], saved["previous_run_id"]) == ("Q4-final", "20251207-103000-000001")
    params = validate_params({"case": "c", "title": "T", "client": "C", "language": "en",
                              "data": {"demo": {"name": "pharma"}},
                              "period": {"as_of": "2025-12-31"}, "grading": {"value": {"method": "pareto"}}},
                             source=tmp_path / "c.yaml")
    write_index(RunPaths(current), params)
    assert "<p>Since run Q4-final (run 20251207-103000-000001): " in (current / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language, said, why", [
    ("en", ("  the runs cannot be compared on amounts: the previous run's are in RMB, this run's in USD (params "
            "currency), so grades placed on amount thresholds are compared by tier name only, their reason `currency "
            "changed`, and no order is compared for restatement"), "currency changed"),
    ("zh", ("  两次运行的金额币种不同（上次 RMB，本次 USD），金额无法比较：按金额门槛分级的客户级别变化只按级别名称列出，原因记为“币种不同”，"
            "不比较订单是否重述（restated.csv）"), "currency changed"),
])
def test_runs_in_two_currencies_are_not_compared_on_amounts(tmp_path, language, said, why):
    """params currency RMB in Q3, USD in Q4: customer A's value tier moved small -> VIP on figures in two
    currencies; no reason on amounts is given, the sentence says why, and the frequency tier (order counts) is
    compared as ever."""
    from kit.runner import _compare_with_previous_run

    rules = {"grading": {"value": {"method": "thresholds", "thresholds": [100], "labels": ["small", "VIP"]}}}
    first = _run_folder(tmp_path, "20250101-000000-000001", params={"currency": "RMB", **rules})
    pd.DataFrame({"customer_id": ["A", "B"], "value_tier": ["small", "VIP"], "frequency_tier": ["low", "low"],
                  "revenue": [700.0, 900.0]}).to_parquet(first / "grades.parquet")
    current = _run_folder(tmp_path, "20250102-000000-000001", params={"currency": "USD", **rules}, grades_sha="g2",
                          data_sha="d2")
    pd.DataFrame({"customer_id": ["A", "B"], "value_tier": ["VIP", "VIP"], "frequency_tier": ["low", "high"],
                  "revenue": [140.0, 130.0]}).to_parquet(current / "grades.parquet")
    for folder in (first, current):  # the orders: the same order in yuan, then in dollars (no restatement)
        _transactions(folder, [("o1", "A", "2025-06-01", 700.0 if folder == first else 100.0)])
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(current), manifest, log=lines.append, lang=language)
    assert lines[1] == said
    written = pd.read_csv(current / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert written[["customer_id", "grade", "previous", "current", "why"]].values.tolist() == [
        ["A", "value_tier", "small", "VIP", why], ["B", "frequency_tier", "low", "high", "figures"]]
    assert not (current / "restated.csv").exists()
    assert json.loads((current / "manifest.json").read_text(encoding="utf-8"))["changes"]["currencies"] == ["RMB", "USD"]


@pytest.mark.parametrize("merged_in", ["Q4", "Q3"])
def test_a_customer_merged_by_same_customers_in_one_run_only_moved_because_merged(tmp_path, merged_in):
    """cleaning.same_customers grades 复旦大学附属中山医院 as 中山医院 in one quarter only: the two hospitals' move is
    the merge (or its undoing), not 'figures'; a customer the change does not touch moves on its figures."""
    value = {"method": "thresholds", "thresholds": [100], "labels": ["small", "VIP"]}
    apart = {"grading": {"value": value}}
    merged = {"grading": {"value": value}, "cleaning": {"same_customers": {" 复旦大学附属中山医院": "中山医院"}}}
    graded_apart = pd.DataFrame({"customer_id": ["中山医院", "复旦大学附属中山医院", "X"],
                                 "value_tier": ["small", "small", "small"], "revenue": [60.0, 50.0, 40.0]})
    graded_merged = pd.DataFrame({"customer_id": ["中山医院", "X"], "value_tier": ["VIP", "VIP"],
                                  "revenue": [110.0, 120.0]})
    old, new = (apart, merged) if merged_in == "Q4" else (merged, apart)
    before, after = (graded_apart, graded_merged) if merged_in == "Q4" else (graded_merged, graded_apart)
    changes = grade_changes(before, after, params=(old, new))
    # X: small (40) -> VIP (120) when merged in Q4; VIP (120) -> small (40) when merged in Q3
    x = ["small", "VIP"] if merged_in == "Q4" else ["VIP", "small"]
    hospital = ["small", "VIP"] if merged_in == "Q4" else ["VIP", "small"]
    gone = ["small", ""] if merged_in == "Q4" else ["", "small"]
    assert changes[["customer_id", "previous", "current", "why"]].values.tolist() == [
        ["X", *x, "figures"], ["中山医院", *hospital, "same customers"], ["复旦大学附属中山医院", *gone, "same customers"]]


@pytest.mark.parametrize("language, said", [
    ("en", "  data: 2 orders of the same amount and day graded under another customer as the changed "
           "cleaning.same_customers says (e.g. 长海医院 → 长征医院): not restated; see restated.csv"),
    ("zh", "  数据：2 张订单金额与日期都相同，只是按变化后的 cleaning.same_customers 计入了另一客户（如 长海医院 → 长征医院），"
           "并非订单修改；见 restated.csv"),
])
def test_orders_graded_under_another_customer_by_a_changed_mapping_file_are_not_restated_by_the_export(
        tmp_path, language, said):
    """Review: the customer mapping file (cleaning.same_customers: {file: ...}) gained a row 长海医院 → 长征医院; the
    export was the same, yet restated.csv said the customer's orders changed by the export ("数据变化：清洗规则相同")."""
    from kit.changes import restated_orders
    from kit.runner import _compare_with_previous_run

    params = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {
        "file": "/d/对照.xlsx", "written": "原客户名称", "graded_as": "标准客户名称"}}}

    def run(run_id: str, mapping_sha: str, rows: list[tuple]) -> Path:
        folder = _run_folder(tmp_path, run_id, params=params, grades_sha=run_id)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["inputs"].append({"role": "same_customers", "path": "/d/对照.xlsx", "sha256": mapping_sha})
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        _transactions(folder, rows)
        return folder

    first = run("20250101-000000-000001", "m1", [("o1", "长海医院", "2025-07-01", 10.0), ("o2", "长海医院", "2025-08-01", 5.0),
                                                 ("o3", "B", "2025-08-02", 7.0), ("o4", "C", "2025-09-30", 1.0)])
    # by hand: o1 and o2 the same day and amount under 长征医院 (the mapping's new row); o3 7 -> 8 is restated
    rows = [("o1", "长征医院", "2025-07-01", 10.0), ("o2", "长征医院", "2025-08-01", 5.0),
            ("o3", "B", "2025-08-02", 8.0), ("o4", "C", "2025-09-30", 1.0)]
    second = run("20250102-000000-000001", "m2", rows)
    changes = compare_runs(first, second)
    assert changes.params == [] and changes.inputs == ["对照.xlsx changed"]
    assert changes.rules == ["cleaning.same_customers.file"]
    found = restated_orders(first, second, rules=changes.rules)
    assert found[["order_id", "what", "why"]].values.tolist() == [
        ["o1", "changed", "same customers"], ["o2", "changed", "same customers"], ["o3", "changed", "rules or export"]]
    lines: list[str] = []
    _compare_with_previous_run(RunPaths(second), json.loads((second / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append, lang=language)
    assert said in lines, lines
    recorded = json.loads((second / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert recorded["orders_graded_as_another"] == 2
    assert "orders_id_written_differently" not in recorded and "orders_restated" not in recorded
    assert recorded["orders_differ_by_rules"] == {"rules": ["cleaning.same_customers.file"], "changed": 1}
    # the same mapping file, the export restating o3 alone: the export's, as before
    third = run("20250103-000000-000001", "m2", [*rows[:2], ("o3", "B", "2025-08-02", 9.0), rows[3]])
    assert compare_runs(second, third).rules == []
    assert restated_orders(second, third)[["order_id", "why"]].values.tolist() == [["o3", "export"]]
    # changes.csv: 长海医院, graded as 长征医院 now, is not a customer without purchases
    pd.DataFrame({"customer_id": ["长海医院", "B"], "value_tier": ["VIP", "small"]}).to_parquet(first / "grades.parquet")
    pd.DataFrame({"customer_id": ["长征医院", "B"], "value_tier": ["VIP", "small"]}).to_parquet(second / "grades.parquet")
    _compare_with_previous_run(RunPaths(second), json.loads((second / "manifest.json").read_text(encoding="utf-8")),
                               log=lines.append, lang=language)
    moved = pd.read_csv(second / "changes.csv", encoding="utf-8-sig")
    assert dict(zip(moved["customer_id"], moved["why"])) == {"长海医院": "same customers", "长征医院": "same customers"}


def test_a_mapping_file_named_by_same_customers_is_no_customer_merged_by_the_params():
    """cleaning.same_customers naming a file ({file:, written:, graded_as:}): its keys are no customers written
    'file' or 'written' (merge of the inline and file forms' reasons); an inline mapping's change still is."""
    from kit.changes import merged_customers

    before = {"cleaning": {"same_customers": {"file": "/a/对照.xlsx", "written": "原名称", "graded_as": "标准名称"}}}
    after = {"cleaning": {"same_customers": {"file": "/a/对照_q4.xlsx", "written": "原名称", "graded_as": "标准名称"}}}
    assert merged_customers(before, after) == set()
    inline = {"cleaning": {"same_customers": {"复旦大学附属中山医院": "中山医院"}}}
    assert merged_customers(before, inline) == {"复旦大学附属中山医院", "中山医院"}


@pytest.mark.parametrize(("before", "after", "told"), [
    ("rmb", "RMB", ("", "")), ("?", "RMB", ("", "")), (None, "RMB", ("", "")), ("CNY", "RMB", ("", "")),
    (" usd", "USD", ("", "")), ("人民币", "RMB", ("", "")), ("RMB", "usd", ("RMB", "USD")), ("?", "EUR", ("RMB", "EUR")),
    # re-read: the kit's own names of other currencies, as the report's symbol reads them
    ("港币", "HKD", ("", "")), ("US$", "USD", ("", "")), ("美元", "USD", ("", "")), ("€", "EUR", ("", "")),
    ("日元", "JPY", ("", "")), ("港币", "USD", ("HKD", "USD"))])
def test_a_currency_written_another_way_is_no_currency_change(before, after, told):
    """Review of fb: params currency rmb then RMB (or "?" then RMB, CNY then RMB) is one currency; it was said to be
    two, every amount grade's move given reason 'currency changed' and restated.csv skipped. RMB then usd is two."""
    from kit.changes import currencies_of

    old = {} if before is None else {"currency": before}
    assert currencies_of(old, {"currency": after}) == told
    value = {"method": "thresholds", "thresholds": [100], "labels": ["small", "VIP"]}
    moved = grade_changes(pd.DataFrame({"customer_id": ["A"], "value_tier": ["small"], "revenue": [60.0]}),
                          pd.DataFrame({"customer_id": ["A"], "value_tier": ["VIP"], "revenue": [160.0]}),
                          params=({**old, "grading": {"value": value}}, {"currency": after, "grading": {"value": value}}))
    assert moved["why"].tolist() == ["currency changed" if told[0] else "figures"]


def _stamped(folder: Path, run_id: str, started: str, **more) -> Path:
    """``folder``'s manifest with the run ID and start time a real run writes (milliseconds)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest.update({"run_id": run_id, "started_at": started, "case": "t", **more})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_two_runs_started_in_the_same_millisecond_are_ordered_by_their_folders(tmp_path):
    """Review of fb: two runs started in the same millisecond (a -1 folder beside, the manifests' started_at
    equal) were each the other's later run: the second compared with none. The folders, to the microsecond, order
    them, as before; a failed run and a run of another case between are passed over."""
    same = "2025-03-01T00:00:00.000+00:00"
    first = _stamped(_run_folder(tmp_path, "20250301-000000-000100"), "20250301-000000-000100", same)
    _stamped(_run_folder(tmp_path, "20250301-000000-000200", status="failed"), "20250301-000000-000200", same)
    _stamped(_run_folder(tmp_path, "20250301-000000-000300"), "20250301-000000-000300", same, case="other")
    second = _stamped(_run_folder(tmp_path, "20250301-000000-000300-1"), "20250301-000000-000300-1", same)
    assert previous_run(second) == first
    assert previous_run(first) is None
    from kit.changes import skipped_runs

    assert skipped_runs(second, first) == []


def test_compare_with_the_run_id_of_a_folder_renamed_by_hand_finds_it(tmp_path):
    """Review of fb: the report names a renamed folder Q4-final (run 20250301-000000-000001); --compare-with that
    run ID said no such run. It is found by its manifest; the list of runs names the latest first by start time."""
    from kit.changes import chosen_run
    from kit.errors import ParamsError

    renamed = _stamped(_run_folder(tmp_path, "Q4-final"), "20250301-000000-000001", "2025-03-01T00:00:00.000+00:00")
    later = _stamped(_run_folder(tmp_path, "20250401-000000-000001"), "20250401-000000-000001",
                     "2025-04-01T00:00:00.000+00:00")
    assert chosen_run("20250301-000000-000001", tmp_path) == renamed.resolve()
    assert chosen_run("Q4-final", tmp_path) == renamed.resolve()
    with pytest.raises(ParamsError) as stop:
        chosen_run("20240101-000000-000001", tmp_path)
    assert f"latest first: {later.name}, Q4-final" in str(stop.value)


def test_a_move_on_the_same_rules_and_figures_is_the_kit_s():
    """Review (grade audit): a kit upgrade ranked equal revenue the other way (9 and 10 at 5,000 straddling the
    A/B cut of value quantiles swapped tiers) on the same params and data, and changes.csv said "figures or ranks",
    "the customer's figures moved, or other customers' did": no figure moved. By hand: every customer's revenue is
    the same in both runs and the rules are the same, so only the kit moved 9 and 10; next quarter, Z's revenue
    moved, so a rank-based move may be the ranks': "figures or ranks" as before."""
    quantiles = {"grading": {"value": {"method": "quantiles", "labels": ["B", "A"]}}}
    before = pd.DataFrame({"customer_id": ["10", "9", "Z"], "revenue": [5000.0, 5000.0, 100.0],
                           "value_tier": ["A", "B", "B"]})
    after = before.assign(value_tier=["B", "A", "B"])
    why = grade_changes(before, after, params=(quantiles, quantiles)).set_index("customer_id")["why"]
    assert why.to_dict() == {"10": "kit", "9": "kit"}
    assert "kit" in WHY and "kit" in WHY_ZH
    later = after.assign(revenue=[5000.0, 5000.0, 200.0])
    why = grade_changes(before, later, params=(quantiles, quantiles)).set_index("customer_id")["why"]
    assert why.to_dict() == {"10": "figures or ranks", "9": "figures or ranks"}
    # the rules changed (another method) on the same figures: the rules, not the kit
    pareto = {"grading": {"value": {"method": "pareto", "cuts": [0.5], "labels": ["B", "A"]}}}
    assert set(grade_changes(before, after, params=(quantiles, pareto))["why"]) == {"rules"}


@pytest.mark.parametrize(("commits", "why"), [(("abc1234", "def5678"), "kit"), (("abc1234", "abc1234"), "figures")])
def test_a_move_of_the_same_kit_to_the_commit_is_no_kit_move(tmp_path, commits, why):
    """Re-read: 'kit' (the kit moved them) was said when both runs ran the same commit; then a figure the grader
    weighs beside those compared moved them. 9 and 10 swap tiers on the same revenue: the kit's, across commits."""
    quantiles = {"period": {"as_of": "2025-12-31"}, "grading": {"value": {"method": "quantiles", "labels": ["B", "A"]}}}
    folders = []
    for run_id, commit, tiers in zip(("20250101-000000-000001", "20250201-000000-000001"), commits,
                                     (["A", "B", "B"], ["B", "A", "B"]), strict=True):
        folder = _run_folder(tmp_path, run_id, params=quantiles, commit=commit, grades_sha=run_id)
        pd.DataFrame({"customer_id": ["10", "9", "Z"], "revenue": [5000.0, 5000.0, 100.0],
                      "value_tier": tiers}).to_parquet(folder / "grades.parquet")
        folders.append(folder)
    moved = compare_runs(*folders).grades.set_index("customer_id")["why"]
    assert moved.to_dict() == {"10": why, "9": why}


def test_an_order_moved_between_customers_the_changed_params_mapping_does_not_name_is_no_same_customers():
    """Re-read: with cleaning.same_customers changed in the params (长海医院 → 长征医院 added), every order of the same
    day and amount under another customer was said 'same customers', not restated; o2, moved from A to B by the
    export, names no customer of the mapping's change: not so."""
    import tempfile

    from kit.changes import restated_orders

    with tempfile.TemporaryDirectory() as folder:
        reports = Path(folder)
        before = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {"X": "Y"}}}
        after = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {"X": "Y", "长海医院": "长征医院"}}}
        first = _run_folder(reports, "20250101-000000-000001", params=before)
        _transactions(first, [("o1", "长海医院", "2025-07-01", 10.0), ("o2", "A", "2025-08-01", 5.0)])
        second = _run_folder(reports, "20250102-000000-000001", params=after, data_sha="d2")
        _transactions(second, [("o1", "长征医院", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0)])
        rules = compare_runs(first, second).rules
        assert rules == ["cleaning.same_customers.长海医院"]
        found = restated_orders(first, second, rules=rules)
        assert dict(zip(found["order_id"], found["why"])) == {"o1": "same customers", "o2": "rules or export"}
