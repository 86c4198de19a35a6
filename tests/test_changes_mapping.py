"""Comparing two runs whose ``cleaning.same_customers`` changed (in the params, or in the mapping file it names), and
two runs in two currencies: which moves the mapping or the currency explains. Expected labels written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kit.changes import WHY, WHY_ZH, compare_runs, grade_changes, restated_lines, restated_orders
from kit.context import RunPaths

FILED = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {
    "file": "/d/对照.xlsx", "written": "原客户名称", "graded_as": "标准客户名称"}}}


def _run(reports: Path, run_id: str, *, params: dict, rows: list[tuple], grades: dict, mapping: dict | None = None,
         mapping_sha: str | None = None, order_ids: bool = True) -> Path:
    """A finished run folder: its manifest (the mapping file's sha256 among its inputs when ``mapping_sha``), its
    kept orders (order_id, customer_id, order_date, amount), its graded table and, when ``mapping`` is given, the
    mapping file's pairs as the run kept them (``same_customers.parquet``; None: a run of an earlier kit)."""
    folder = reports / run_id
    folder.mkdir(parents=True)
    inputs = [{"role": "data", "path": "/d/orders.csv", "sha256": run_id}]
    if mapping_sha is not None:
        inputs.append({"role": "same_customers", "path": "/d/对照.xlsx", "sha256": mapping_sha})
    manifest = {"status": "succeeded", "params": params, "inputs": inputs, "outputs": {"grades.csv": run_id},
                "kit_version": "0.1.0"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_date", "amount"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    (frame if order_ids else frame.drop(columns="order_id")).to_parquet(folder / "transactions.parquet")
    pd.DataFrame(grades).to_parquet(folder / "grades.parquet")
    if mapping is not None:
        pd.DataFrame({"written": list(mapping), "graded_as": list(mapping.values())}, dtype="string").to_parquet(
            folder / "same_customers.parquet")
    return folder


# Q3: the mapping file holds X -> Y; Q4 it gains 长海医院 -> 长征医院, and the export itself re-books o2 from A to B.
Q3_ROWS = [("o1", "长海医院", "2025-07-01", 10.0), ("o2", "A", "2025-08-01", 5.0), ("o3", "长征医院", "2025-08-02", 90.0),
           ("o4", "C", "2025-09-30", 1.0)]
Q4_ROWS = [("o1", "长征医院", "2025-07-01", 10.0), ("o2", "B", "2025-08-01", 5.0), ("o3", "长征医院", "2025-08-02", 90.0),
           ("o4", "C", "2025-09-30", 1.0)]
# thresholds [100]: 长征医院 90 small in Q3, 100 VIP in Q4 (o1 graded under it); A 5 then gone, B new with 5
Q3_GRADES = {"customer_id": ["长海医院", "长征医院", "A", "C"], "value_tier": ["small", "small", "small", "small"],
             "revenue": [10.0, 90.0, 5.0, 1.0]}
Q4_GRADES = {"customer_id": ["长征医院", "B", "C"], "value_tier": ["VIP", "small", "small"],
             "revenue": [100.0, 5.0, 1.0]}


def test_an_order_the_export_rebooks_beside_a_changed_mapping_file_stays_restated(tmp_path):
    """Map item 1: with the mapping file's pairs kept by each run, only orders moved between customers whose pair
    changed (长海医院 -> 长征医院) are 'same customers'; o2, re-booked by the export from A to B, is restated, as it
    is when the mapping changes in the params. The customer graded as another now (长征医院, graded in both runs)
    moved because of the mapping, not its figures."""
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=Q3_ROWS, grades=Q3_GRADES,
                 mapping={"X": "Y"}, mapping_sha="m1")
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=Q4_ROWS, grades=Q4_GRADES,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m2")
    changes = compare_runs(first, second)
    assert changes.rules == ["cleaning.same_customers.file"]
    found = restated_orders(first, second, rules=changes.rules)
    assert found[["order_id", "customer_before", "customer_after", "what", "why"]].values.tolist() == [
        ["o1", "长海医院", "长征医院", "changed", "same customers"], ["o2", "A", "B", "changed", "rules or export"]]
    # changes.csv (value thresholds [100], absolute): 长海医院 graded as 长征医院 now, 长征医院 holding its orders,
    # both the mapping's; A gone and B new by the export's re-booking
    from kit.changes import regraded

    regraded(changes, found)
    why = changes.grades.set_index("customer_id")["why"].to_dict()
    assert why == {"长征医院": "same customers", "长海医院": "same customers", "A": "not graded now",
                   "B": "not graded before"}


def test_runs_of_an_earlier_kit_without_the_mapping_s_pairs_still_compare(tmp_path):
    """Map item 1: a run made before the runs kept their mapping file's pairs compares as before: every order of the
    same amount and day under another customer is 'same customers' (which customers the file named then is not
    known), and no error."""
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=Q3_ROWS, grades=Q3_GRADES, mapping=None,
                 mapping_sha="m1")
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=Q4_ROWS, grades=Q4_GRADES,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m2")
    changes = compare_runs(first, second)
    found = restated_orders(first, second, rules=changes.rules)
    assert found[["order_id", "why"]].values.tolist() == [["o1", "same customers"], ["o2", "same customers"]]
    # 长征医院 (graded in both runs) is told by its figures, as before: the file's pairs are not known
    assert changes.grades.set_index("customer_id")["why"].to_dict()["长征医院"] == "figures"


def test_a_mapping_file_whose_pairs_are_the_same_moves_no_order(tmp_path):
    """The file changed (another sha256: a column added, rows reordered) but its pairs did not: no customer's
    mapping changed, so an order moved between customers is the export's (rules or export: a rule file changed)."""
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=Q3_ROWS, grades=Q3_GRADES,
                 mapping={"长海医院": "长征医院"}, mapping_sha="m1")
    rows = [("o1", "长海医院", "2025-07-01", 10.0), *Q4_ROWS[1:]]
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=rows, grades=Q4_GRADES,
                  mapping={"长海医院": "长征医院"}, mapping_sha="m2")
    changes = compare_runs(first, second)
    assert changes.rules == ["cleaning.same_customers.file"]
    found = restated_orders(first, second, rules=changes.rules)
    assert found[["order_id", "why"]].values.tolist() == [["o2", "rules or export"]]


def test_keep_same_customers_writes_the_pairs_the_run_read(tmp_path):
    """The run folder keeps the mapping file's pairs as read (IDs as written: 00123 keeps its zeros); a mapping
    written in the params keeps none (the manifest's params hold it)."""
    from kit.params import load_params
    from kit.runner import keep_same_customers

    (tmp_path / "对照.csv").write_text("原编码,新编码\n00123,456\n长海医院,长征医院\n", encoding="utf-8")
    (tmp_path / "o.csv").write_text("客户,日期,金额\n00123,2025-07-01,1\n", encoding="utf-8")
    head = ("case: t\ntitle: T\nclient: C\nlanguage: en\n"
            "data:\n  path: o.csv\n  columns: {customer_id: 客户, order_date: 日期, amount: 金额}\n"
            "period: {as_of: 2025-12-31, months: 12}\n"
            "grading:\n  value: {method: thresholds, thresholds: [300], labels: [small, big]}\n")
    (tmp_path / "filed.yaml").write_text(
        head + "cleaning:\n  same_customers: {file: 对照.csv, written: 原编码, graded_as: 新编码}\n", encoding="utf-8")
    (tmp_path / "inline.yaml").write_text(head + "cleaning:\n  same_customers: {A: B}\n", encoding="utf-8")
    for name in ("filed", "inline"):
        (tmp_path / name).mkdir()
        keep_same_customers(load_params(tmp_path / f"{name}.yaml"), RunPaths(tmp_path / name))
    kept = pd.read_parquet(RunPaths(tmp_path / "filed").same_customers)
    assert kept.values.tolist() == [["00123", "456"], ["长海医院", "长征医院"]]
    assert not RunPaths(tmp_path / "inline").same_customers.exists()


def test_one_reason_for_customers_the_mapping_moved_in_either_form():
    """Map item 2: 'customer merged' (inline) and 'same customers' (file) were two reasons for one thing: one now,
    in both languages."""
    assert "customer merged" not in WHY and "customer merged" not in WHY_ZH
    assert set(WHY) == set(WHY_ZH)
    value = {"method": "thresholds", "thresholds": [100], "labels": ["small", "VIP"]}
    before = pd.DataFrame({"customer_id": ["P", "Q"], "value_tier": ["small", "small"], "revenue": [60.0, 50.0]})
    after = pd.DataFrame({"customer_id": ["Q"], "value_tier": ["VIP"], "revenue": [110.0]})
    inline = grade_changes(before, after, params=({"grading": {"value": value}},
                                                  {"grading": {"value": value}, "cleaning": {"same_customers": {"P": "Q"}}}))
    filed = grade_changes(before, after, params=({"grading": {"value": value}}, {"grading": {"value": value}}),
                          mappings=({}, {"P": "Q"}))
    for found in (inline, filed):
        assert found.set_index("customer_id")["why"].to_dict() == {"P": "same customers", "Q": "same customers"}


# without order IDs, each customer's day of purchases is a row: 长海医院 -> 长征医院 added to the params' mapping
NO_ID_Q3 = [(None, "长海医院", "2025-07-01", 10.0), (None, "长征医院", "2025-07-01", 4.0), (None, "长海医院", "2025-08-01", 5.0),
            (None, "A", "2025-08-02", 7.0), (None, "C", "2025-09-30", 1.0)]
NO_ID_Q4 = [(None, "长征医院", "2025-07-01", 10.0), (None, "长征医院", "2025-07-01", 4.0), (None, "长征医院", "2025-08-01", 5.0),
            (None, "B", "2025-08-02", 7.0), (None, "C", "2025-09-30", 1.0)]


@pytest.mark.parametrize("form", ["params", "file"])
def test_without_order_ids_days_a_changed_mapping_moves_are_same_customers(tmp_path, form):
    """Map item 3: without order IDs a customer's day of purchases is a row; 长海医院's days moved to 长征医院 by the
    changed mapping showed as gone and added. By hand: 07-01, 长海医院 10 gone and 长征医院 4 -> 14, adding up to 14
    in both runs: both rows the mapping's; 08-01, 长海医院 5 gone and 长征医院 5 added: one row from one to the other;
    08-02, A's 7 gone and B's added: no customer of the mapping's change, the data's (or a rule's)."""
    if form == "params":
        before = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {"X": "Y"}}}
        after = {"period": {"as_of": "2025-12-31"}, "cleaning": {"same_customers": {"X": "Y", "长海医院": "长征医院"}}}
        maps, shas = (None, None), (None, None)
    else:
        before = after = FILED
        maps, shas = ({"X": "Y"}, {"X": "Y", "长海医院": "长征医院"}), ("m1", "m2")
    grades = {"customer_id": ["C"], "value_tier": ["small"]}
    first = _run(tmp_path, "20250101-000000-000001", params=before, rows=NO_ID_Q3, grades=grades, mapping=maps[0],
                 mapping_sha=shas[0], order_ids=False)
    second = _run(tmp_path, "20250102-000000-000001", params=after, rows=NO_ID_Q4, grades=grades, mapping=maps[1],
                  mapping_sha=shas[1], order_ids=False)
    rules = compare_runs(first, second).rules
    found = restated_orders(first, second, rules=rules)
    assert [[str(v) for v in row] for row in found[["order_date", "customer_before", "customer_after", "amount_before",
                                                    "amount_after", "what", "why"]].values.tolist()] == [
        ["2025-07-01", "长征医院", "长征医院", "4.0", "14.0", "changed", "same customers"],
        ["2025-07-01", "长海医院", "nan", "10.0", "nan", "gone", "same customers"],
        ["2025-08-01", "长海医院", "长征医院", "5.0", "5.0", "changed", "same customers"],
        ["2025-08-02", "nan", "B", "nan", "7.0", "added", "rules or export"],
        ["2025-08-02", "A", "nan", "7.0", "nan", "gone", "rules or export"]]
    # counted by hand: 长海医院's day of 07-01 and that of 08-01 moved; 长征医院's own 4 of 07-01 did not (review: 3)
    lines = restated_lines(found, "en", rules=rules)
    assert ("  data: 2 orders of the same amount and day graded under another customer as the changed "
            "cleaning.same_customers says (e.g. 长海医院 → 长征医院): not restated; see restated.csv") in lines


def test_without_order_ids_a_run_of_an_earlier_kit_keeps_its_days_gone_and_added(tmp_path):
    """Map item 3, the fallback: a run that kept no pairs of its mapping file: which customers moved is not known,
    so the days stay gone and added, the changed rule's."""
    grades = {"customer_id": ["C"], "value_tier": ["small"]}
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=NO_ID_Q3, grades=grades, mapping=None,
                 mapping_sha="m1", order_ids=False)
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=NO_ID_Q4, grades=grades,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m2", order_ids=False)
    found = restated_orders(first, second, rules=compare_runs(first, second).rules)
    assert set(found["why"]) == {"rules or export"} and len(found) == 6


VALUE = {"thresholds": {"method": "thresholds", "thresholds": [100], "labels": ["small", "VIP"]},
         "pareto": {"method": "pareto", "cuts": [0.5], "labels": ["small", "VIP"]},
         "quantiles": {"method": "quantiles", "labels": ["small", "VIP"]}}


@pytest.mark.parametrize(("column", "grading", "why"), [
    ("value_tier", {"value": VALUE["thresholds"]}, "currency changed"),  # an amount against a threshold
    ("value_tier", {"value": VALUE["pareto"]}, "figures or ranks"),  # shares of the total: no unit
    ("value_tier", {"value": VALUE["quantiles"]}, "figures or ranks"),
    ("value_tier", {"value": {"method": "shares", "shares": [0.5, 0.5], "labels": ["small", "VIP"]}}, "figures or ranks"),
    ("potential_tier", {"potential": {"by": "growth", "method": "quantiles", "labels": ["low", "high"]}},
     "figures or ranks"),
    ("potential_tier", {"potential": {"by": "growth", "method": "thresholds", "thresholds": [0.1],
                                      "labels": ["low", "high"]}}, "figures"),  # a ratio of one run's amounts
    ("potential_tier", {"potential": {"by": "aov", "method": "thresholds", "thresholds": [50],
                                      "labels": ["low", "high"]}}, "currency changed"),
    ("frequency_tier", {"frequency": {"by": "orders", "method": "quantiles", "labels": ["low", "high"]}},
     "figures or ranks"),  # thirds of order counts
    ("rfm_segment", {"rfm": {}}, "figures or ranks"),
    ("final_tier", {"value": VALUE["thresholds"], "frequency": {"by": "orders", "method": "quantiles",
                                                                 "labels": ["low", "high"]},
                    "composite": {"method": "matrix", "rows": "value", "cols": "frequency"}}, "currency changed"),
    ("final_tier", {"value": VALUE["pareto"], "frequency": {"by": "orders", "method": "quantiles",
                                                             "labels": ["low", "high"]},
                    "composite": {"method": "matrix", "rows": "value", "cols": "frequency"}}, "figures or ranks"),
    ("final_tier", {"composite": {"method": "score", "weights": {"revenue": 1.0}, "thresholds": [50]}},
     "figures or ranks"),  # percentile ranks of revenue
])
def test_only_grades_on_amount_thresholds_say_currency_changed(column, grading, why):
    """Map item 4: params currency RMB then USD. By hand: a move against an absolute amount (value thresholds, aov
    thresholds, a matrix of such a grade) cannot be told; a rank (Pareto, shares, quantiles, RFM scores, a score of
    percentile ranks) or growth (a ratio) is the same in any currency: told as any other move."""
    figures = {"revenue": [700.0, 900.0], "orders": [1, 3], "growth": [0.1, 0.5], "aov": [700.0, 300.0],
               "recency_days": [10, 20]}
    before = pd.DataFrame({"customer_id": ["A", "B"], column: ["x", "y"], **figures})
    after = pd.DataFrame({"customer_id": ["A", "B"], column: ["y", "y"],
                          **{k: [v[0] * 2, v[1]] for k, v in figures.items()}})
    moved = grade_changes(before, after, params=({"currency": "RMB", "grading": grading},
                                                 {"currency": "USD", "grading": grading}))
    assert moved[["customer_id", "why"]].values.tolist() == [["A", why]]


@pytest.mark.parametrize("order_ids", [False, True])
def test_a_mapping_naming_another_spelling_of_a_merged_customer_moves_its_group(tmp_path, order_ids):
    """Review: with cleaning.id_variants: merge, a customer's lines written 123 and 00123 are graded under 00123
    (the longest); the mapping file gaining 123 -> C002 grades both spellings as C002 (docs/params.md: the other
    ways of writing a customer it names follow it). The pairs kept name 123 only, so 00123's days showed as gone and
    C002's as added, rules or export, and 00123 'not graded now'. By hand: 07-01, 00123's 10 gone and C002's 10
    added: one row from 00123 to C002, the mapping's; 08-01, C002's own 50 unchanged; 00123 graded as another now."""
    merge = {**FILED, "cleaning": {**FILED["cleaning"], "id_variants": "merge"}}
    q3 = [("a1", "00123", "2025-07-01", 10.0), ("a2", "C002", "2025-08-01", 50.0)]
    q4 = [("a1", "C002", "2025-07-01", 10.0), ("a2", "C002", "2025-08-01", 50.0)]
    first = _run(tmp_path, "20250101-000000-000001", params=merge, rows=q3, mapping={"ZZZ": "C001"}, mapping_sha="m1",
                 grades={"customer_id": ["00123", "C002"], "value_tier": ["small", "small"], "revenue": [10.0, 50.0]},
                 order_ids=order_ids)
    second = _run(tmp_path, "20250102-000000-000001", params=merge, rows=q4, mapping={"ZZZ": "C001", "123": "C002"},
                  mapping_sha="m2", grades={"customer_id": ["C002"], "value_tier": ["small"], "revenue": [60.0]},
                  order_ids=order_ids)
    changes = compare_runs(first, second)
    found = restated_orders(first, second, rules=changes.rules)
    assert [[str(v) for v in row] for row in found[["order_date", "customer_before", "customer_after", "amount_before",
                                                    "amount_after", "what", "why"]].values.tolist()] == [
        ["2025-07-01", "00123", "C002", "10.0", "10.0", "changed", "same customers"]]
    from kit.changes import regraded

    regraded(changes, found)
    assert changes.grades.set_index("customer_id")["why"].to_dict() == {"00123": "same customers"}


def test_id_variants_turned_to_merge_with_the_same_mapping_is_no_mapping_change(tmp_path):
    """Re-read: the mapping file the same in both runs (123 -> C002), only cleaning.id_variants keep -> merge: the
    00123 order now graded as C002 moved by that rule, not by the mapping; 'same customers' was said (its text:
    cleaning.same_customers changed for this customer), false."""
    keep = {**FILED, "cleaning": {**FILED["cleaning"], "id_variants": "keep"}}
    merge = {**FILED, "cleaning": {**FILED["cleaning"], "id_variants": "merge"}}
    q3 = [("a1", "00123", "2025-07-01", 10.0), ("a2", "C002", "2025-08-01", 50.0)]
    q4 = [("a1", "C002", "2025-07-01", 10.0), ("a2", "C002", "2025-08-01", 50.0)]
    first = _run(tmp_path, "20250101-000000-000001", params=keep, rows=q3, mapping={"123": "C002"}, mapping_sha="m1",
                 grades={"customer_id": ["00123", "C002"], "value_tier": ["small", "small"], "revenue": [10.0, 50.0]})
    second = _run(tmp_path, "20250102-000000-000001", params=merge, rows=q4, mapping={"123": "C002"},
                  mapping_sha="m1", grades={"customer_id": ["C002"], "value_tier": ["VIP"], "revenue": [60.0]})
    changes = compare_runs(first, second)
    assert changes.rules == ["cleaning.id_variants"]
    found = restated_orders(first, second, rules=changes.rules)
    assert found[["order_id", "customer_before", "customer_after", "why"]].values.tolist() == [
        ["a1", "00123", "C002", "rules or export"]]
    from kit.changes import regraded

    regraded(changes, found)
    assert "same customers" not in set(changes.grades["why"])


def test_an_order_the_export_rebooks_to_the_customer_a_changed_pair_names_stays_restated(tmp_path):
    """Review: the mapping file gains 长海医院 -> 长征医院, and the same re-export books o9 from C to 长征医院 itself.
    o1 moved as the pair says (长海医院 graded as 长征医院 now); o9's customer before, C, is graded as itself in both
    runs: the export re-booked it, restated, though the customer after is one the changed pair names."""
    q3 = [("o1", "长海医院", "2025-07-01", 10.0), ("o9", "C", "2025-08-01", 5.0)]
    q4 = [("o1", "长征医院", "2025-07-01", 10.0), ("o9", "长征医院", "2025-08-01", 5.0)]
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=q3, grades=Q3_GRADES, mapping={"X": "Y"},
                 mapping_sha="m1")
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=q4, grades=Q4_GRADES,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m2")
    found = restated_orders(first, second, rules=compare_runs(first, second).rules)
    assert found[["order_id", "customer_before", "customer_after", "why"]].values.tolist() == [
        ["o1", "长海医院", "长征医院", "same customers"], ["o9", "C", "长征医院", "rules or export"]]


def test_the_mapping_s_pairs_are_read_once_per_comparison(tmp_path, monkeypatch):
    """Re-read: with cleaning.id_variants: merge and a changed mapping file, both runs' customer IDs were scanned
    twice (compare_runs, then restated_orders): once now, the same answer (the merged-spelling case above, by hand:
    00123's order moved to C002 as the mapping says)."""
    from kit import changes as module

    merge = {**FILED, "cleaning": {**FILED["cleaning"], "id_variants": "merge"}}
    first = _run(tmp_path, "20250101-000000-000001", params=merge, rows=[("a1", "00123", "2025-07-01", 10.0)],
                 mapping={"ZZZ": "C001"}, mapping_sha="m1",
                 grades={"customer_id": ["00123"], "value_tier": ["small"], "revenue": [10.0]})
    second = _run(tmp_path, "20250102-000000-000001", params=merge, rows=[("a1", "C002", "2025-07-01", 10.0)],
                  mapping={"ZZZ": "C001", "123": "C002"}, mapping_sha="m2",
                  grades={"customer_id": ["C002"], "value_tier": ["small"], "revenue": [10.0]})
    scans = []
    spellings = module._merged_spellings
    monkeypatch.setattr(module, "_merged_spellings", lambda *a: scans.append(a[:2]) or spellings(*a))
    changes = compare_runs(first, second)
    found = module.restated_since(changes, first, second)
    assert len(scans) == 1
    assert found[["order_id", "customer_before", "customer_after", "why"]].values.tolist() == [
        ["a1", "00123", "C002", "same customers"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_comparison_with_a_run_that_kept_no_pairs_says_so(tmp_path, lang):
    """Re-read: against a run of an earlier kit that named a mapping file (no same_customers.parquet), the comparison
    falls back on every order of the same amount and day under another customer (o1 and o2 below, as the test above
    of an earlier kit's run); the terminal now says so on a line of its own, naming the run, and only then."""
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=Q3_ROWS, grades=Q3_GRADES, mapping=None,
                 mapping_sha="m1")
    second = _run(tmp_path, "20250102-000000-000001", params=FILED, rows=Q4_ROWS, grades=Q4_GRADES,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m2")
    said = {"en": "  note: run 20250101-000000-000001 kept no pairs of its mapping file (a run of an earlier kit: no "
                  "same_customers.parquet), so which customers the mapping changed for is not known",
            "zh": "  注意：运行 20250101-000000-000001 未保留其客户对照表的对照关系"}[lang]
    lines = compare_runs(first, second).lines(details=None, lang=lang)
    assert [line for line in lines if line.startswith(said)] == [lines[-1]]
    # both runs keeping their pairs: no such line
    (first / "same_customers.parquet").write_bytes((second / "same_customers.parquet").read_bytes())
    assert not any("same_customers.parquet" in line for line in compare_runs(first, second).lines(lang=lang))


def test_the_kept_no_pairs_line_shows_only_when_the_comparison_falls_back(tmp_path):
    """Re-read: the line said the comparison fell back on every order of the same amount and day whenever a
    cleaning.same_customers key changed; restated_orders falls back only when the mapping file's pairs changed. The
    same file (same sha256) read by other columns (written 原客户名称 -> 客户简称): no fallback, no line."""
    other = {"period": FILED["period"], "cleaning": {"same_customers": {**FILED["cleaning"]["same_customers"],
                                                                        "written": "客户简称"}}}
    first = _run(tmp_path, "20250101-000000-000001", params=FILED, rows=Q3_ROWS, grades=Q3_GRADES, mapping=None,
                 mapping_sha="m1")
    second = _run(tmp_path, "20250102-000000-000001", params=other, rows=Q4_ROWS, grades=Q4_GRADES,
                  mapping={"X": "Y", "长海医院": "长征医院"}, mapping_sha="m1")
    changes = compare_runs(first, second)
    assert changes.pairs_unknown == "20250101-000000-000001"
    assert "cleaning.same_customers.written" in changes.rules and "cleaning.same_customers.file" not in changes.rules
    assert not any("same_customers.parquet" in line for line in changes.lines(lang="en"))


def test_without_order_ids_the_terminal_says_what_an_order_is(tmp_path):
    """Re-read: without order IDs restated.csv's rows are customers' days, which the terminal called orders without a
    word; it now says what an order is, as the report's definitions do. With order IDs, no such line."""
    params = {"period": {"as_of": "2025-12-31"}}
    grades = {"customer_id": ["C"], "value_tier": ["small"]}
    lines = {}
    for ids in (False, True):
        at = tmp_path / str(ids)
        first = _run(at, "20250101-000000-000001", params=params, rows=[("o1", "C", "2025-07-01", 10.0)],
                     grades=grades, order_ids=ids)
        second = _run(at, "20250102-000000-000001", params=params, rows=[("o1", "C", "2025-07-01", 12.0)],
                      grades=grades, order_ids=ids)
        lines[ids] = restated_lines(restated_orders(first, second), "en")
    assert lines[True] == ["  data: orders of the days both runs cover differ from the previous run's (1 changed; "
                           "2025-07-01 to 2025-07-01); see restated.csv"]
    assert lines[False] == [*lines[True], "  orders here as in the report: the files have no order number, so a "
                                          "customer's purchases of one day count as one order"]
    assert restated_lines(restated_orders(first, second), "zh", see=None) == [
        "  数据：两次运行共同覆盖的日期内有订单与上次不同（变化 1 张，2025-07-01 至 2025-07-01）"]
