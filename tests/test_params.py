from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from kit.errors import ParamsError
from kit.params import Period, apply_overrides, load_params


def test_valid_params_load(write_params, valid_params_text):
    params = load_params(write_params(valid_params_text))
    assert params.case == "demo"
    assert params.grading.value.thresholds == [100000, 300000, 1000000]
    assert params.grading.value.labels == ["small", "general", "important", "VIP"]
    assert params.period.as_of == dt.date(2025, 12, 31)
    assert params.data.demo.seed == 7


def test_default_case_is_valid():
    from conftest import ROOT

    params = load_params(ROOT / "params" / "pharma.yaml")
    assert params.grading.value.labels == ["小客户", "一般客户", "重要客户", "VIP客户"]
    assert params.grading.value.thresholds == [100_000, 300_000, 1_000_000]
    assert set(params.service_plan) == set(params.grading.value.labels)
    assert params.language == "zh"


def test_the_english_reference_case_is_the_pharma_case_in_english_words():
    """Exercise 8 with --set language=en left the title, tiers and plan in Chinese (trainer QA)."""
    import re

    from conftest import ROOT

    from kit.report import language_hint, shared_label_hint

    zh, en = load_params(ROOT / "params" / "pharma.yaml"), load_params(ROOT / "params" / "pharma_en.yaml")
    assert en.language == "en" and en.data.demo == zh.data.demo and en.period == zh.period
    assert en.grading.value.thresholds == zh.grading.value.thresholds
    assert set(en.service_plan) == set(en.grading.value.labels)
    assert not re.search(r"[\u4e00-\u9fff]", (ROOT / "params" / "pharma_en.yaml").read_text(encoding="utf-8"))
    assert language_hint(en) is None and shared_label_hint(en) is None


@pytest.mark.parametrize(
    "old, new, match",
    [
        ("case: demo", "cas: demo", r"`cas` is not a known key \(did you mean `case`\?\)"),
        ("    labels:", "    labls:", r"`grading.value.labls` is not a known key \(did you mean `labels`\?\)"),
        ("  months: 12", "  months: twelve", r"`period.months` must be a whole number, but got 'twelve'"),
        ("  as_of: 2025-12-31", "  as_of: yesterday", r"`period.as_of` must be a date"),
        ("  as_of: 2025-12-31\n", "", r"`period.as_of` is missing; expected a date"),
        ("[100000, 300000, 1000000]", "[100000, 1000000, 300000]",
         r"`grading.value.thresholds` must be strictly ascending, but 300,000 follows 1,000,000"),
        ("[100000, 300000, 1000000]", "[100000, 100000, 1000000]", r"strictly ascending"),
        ("[small, general, important, VIP]", "[small, general, VIP]",
         r"`grading.value.labels` needs 4 labels for 3 thresholds \(lowest tier first\), but 3 were given"),
        ("method: thresholds", "method: treshold", r"`grading.value.method` must be one of 'thresholds'"),
        ("language: en", "language: fr", r"`language` must be one of 'zh' or 'en', but got 'fr'"),
        ("case: demo", "case: My Case!", r"`case` must be a short slug"),
        ("[small, general, important, VIP]", "[small, small, important, VIP]", r"must be distinct"),
        ("  months: 12", "  months: true", r"`period.months` must be a whole number, but got True"),
        ("[100000, 300000, 1000000]", "['100000', 300000, 1000000]", r"`grading.value.thresholds.0` must be a number"),
        ("[100000, 300000, 1000000]", "[100000, 300000, .inf]", r"`grading.value.thresholds.2` must be a finite number"),
        ("  as_of: 2025-12-31", "  as_of: 2025-02-30",
         (r"holds an impossible date \(line \d+: as_of: 2025-02-30\): 2025-02 has 28 days, so 2025-02-30 is no day; "
          r"write a real day")),
        ("  as_of: 2025-12-31", "  as_of: 2024-13-01",
         r"\(line \d+: as_of: 2024-13-01\): 2024-13-01 has no month between 1 and 12; write"),
        ("case: demo", "case: demo\ncase: other", r"the key 'case' appears twice"),
        ("language: en", "language: en\ncurrency: '?'",
         r"`currency` is still '\?', the mark `kit init` leaves when the export does not say its currency: put USD"),
        ("language: en", "language: en\ncustomer_counter: 只", r"`customer_counter` must be one of '家', '位'"),
        ("language: en", "language: en\ncleaning: {red_amounts: return}",
         r"`cleaning.red_amounts` must be one of 'returns' or 'sales', but got 'return'"),
        ("language: en", "language: en\ncleaning: {struck_rows: voided}",
         r"`cleaning.struck_rows` must be one of 'void' or 'count', but got 'voided'"),
    ],
)
def test_each_params_error_names_file_key_and_expectation(write_params, valid_params_text, old, new, match):
    assert old in valid_params_text
    path = write_params(valid_params_text.replace(old, new, 1))
    with pytest.raises(ParamsError, match=match) as info:
        load_params(path)
    assert str(path) in str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_missing_data_file_is_reported_with_its_resolved_path(write_params, valid_params_text, tmp_path):
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: orders.csv\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    with pytest.raises(ParamsError, match=r"`data.path` points to .*orders.csv', which does not exist \('orders.csv' "
                                          r"is read from the params file's folder\)"):
        load_params(write_params(text))


def test_relative_data_path_resolves_against_params_folder(write_params, valid_params_text, tmp_path):
    (tmp_path / "sub").mkdir()
    data = tmp_path / "orders.csv"
    data.write_text("id,date,amt\n1,2025-01-01,3\n", encoding="utf-8")
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: ../orders.csv\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    params = load_params(write_params(text, name="sub/case.yaml"))
    assert params.data.path == data.resolve()


@pytest.mark.parametrize("pattern", ["data/orders_*", "data/orders_2025-0?.*", "[data/orders_2025-01.csv, data/*.xlsx]"])
def test_a_data_path_pattern_reads_every_matching_file_by_name(write_params, valid_params_text, tmp_path, pattern):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("orders_2025-02.xlsx", "orders_2025-01.csv", "~$orders_2025-03.xlsx", ".orders_2025-04.csv",
                 "orders_2025-05.txt.bak", "notes.csv"):
        (folder / name).write_text("id,date,amt\n", encoding="utf-8")
    (folder / "orders_2025-06.csv").mkdir()  # a folder, not a file
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        f"  path: {pattern}\n  columns: {{customer_id: id, order_date: date, amount: amt}}",
    )
    params = load_params(write_params(text))
    # by name; Excel's lock file (~$), hidden files, other types, folders and non-matching names are left out
    assert params.data.paths == [folder / "orders_2025-01.csv", folder / "orders_2025-02.xlsx"]


def test_a_file_whose_name_looks_like_a_pattern_is_that_file_and_a_file_is_read_once(write_params,
                                                                                       valid_params_text, tmp_path):
    (tmp_path / "orders[2025].csv").write_text("id,date,amt\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,date,amt\n", encoding="utf-8")
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: ['orders[2025].csv', b.csv, '*.csv']\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    # the pattern matches both files again: each is read once, in the order first named
    assert load_params(write_params(text)).data.paths == [tmp_path / "orders[2025].csv", tmp_path / "b.csv"]


def test_a_data_path_pattern_that_matches_nothing_says_where_it_looked(write_params, valid_params_text, tmp_path):
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: data/*.csv\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    with pytest.raises(ParamsError, match=r"`data.path` 'data/\*.csv' matches no csv, tsv, xlsx, xls or parquet file "
                                          r"in '.*data'"):
        load_params(write_params(text))


def test_data_needs_exactly_one_source(write_params, valid_params_text):
    text = valid_params_text.replace("  demo: {name: pharma, seed: 7, customers: 40, months: 24}\n", "  sheet: 0\n")
    with pytest.raises(ParamsError, match=r"`data` needs exactly one of `data.path`"):
        load_params(write_params(text))


def test_data_path_without_columns_names_the_key_once(write_params, valid_params_text, tmp_path):
    (tmp_path / "orders.csv").write_text("id,date,amt\n")
    text = valid_params_text.replace("  demo: {name: pharma, seed: 7, customers: 40, months: 24}", "  path: orders.csv")
    with pytest.raises(ParamsError, match=r"^`data.columns` is needed with `data.path`: map customer_id"):
        load_params(write_params(text))


def test_one_column_cannot_be_both_the_amount_and_the_unit_price(write_params, valid_params_text, tmp_path):
    """amount: Price beside unit_price: Price passed kit check, and the run graded on the price alone (QA)."""
    (tmp_path / "orders.csv").write_text("id,date,Quantity,Price\n")
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: orders.csv\n  columns: {customer_id: id, order_date: date, amount: Price, quantity: Quantity, "
        "unit_price: Price}")
    with pytest.raises(ParamsError, match=r"`data.columns.unit_price` names the column 'Price', which amount names "
                                          r"too; each of them is a column of its own"):
        load_params(write_params(text))
    # the customer's name may be its ID (a ledger of names only); amount, quantity and price may all be mapped
    load_params(write_params(text.replace("amount: Price", "amount: Quantity2").replace(
        "customer_id: id,", "customer_id: id, customer_name: id,")))
    # two columns kit init did not recognise are two marks, not one column named twice (QA)
    load_params(write_params(text.replace("customer_id: id,", "customer_id: '?',").replace(
        "amount: Price,", "amount: '?',")))


@pytest.mark.parametrize("sheet, value", [("all", "all"), ("[1月, 2]", ["1月", 2]), ("'2025'", "2025"), ("3", 3)])
def test_data_sheet_is_a_name_an_index_a_list_or_all(write_params, valid_params_text, tmp_path, sheet, value):
    (tmp_path / "book.xlsx").write_bytes(b"x")
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        f"  path: book.xlsx\n  sheet: {sheet}\n  columns: {{customer_id: id, order_date: date, amount: amt}}")
    assert load_params(write_params(text)).data.sheet == value
    with pytest.raises(ParamsError, match=r"`data.sheet` lists no sheet"):
        load_params(write_params(text.replace(f"sheet: {sheet}", "sheet: []")))


def test_data_file_with_wrong_suffix(write_params, valid_params_text, tmp_path):
    (tmp_path / "orders.doc").write_text("x")
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: orders.doc\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    with pytest.raises(ParamsError, match=r"must be a csv, tsv, xlsx, xls or parquet file"):
        load_params(write_params(text))


def test_service_plan_for_unknown_tier(write_params, valid_params_text):
    text = valid_params_text + "service_plan:\n  VIPP: {summary: x}\n"
    with pytest.raises(ParamsError, match=r"`service_plan.VIPP` is not a tier .* \(did you mean `VIP`\?\)"):
        load_params(write_params(text))


def test_several_problems_are_all_listed(write_params, valid_params_text):
    text = valid_params_text.replace("case: demo", "cas: demo").replace("months: 12", "months: x")
    with pytest.raises(ParamsError) as info:
        load_params(write_params(text))
    lines = str(info.value).splitlines()
    assert len(lines) == 2  # unknown `cas` (not also "case is missing"), bad months
    assert not any("`case` is missing" in line for line in lines)


def test_yaml_syntax_error_names_line(write_params):
    with pytest.raises(ParamsError, match=r"is not valid YAML at line 3"):
        load_params(write_params("case: x\nlanguage: en\n  bad: [1, 2\n"))


def test_yaml_must_be_a_mapping(write_params):
    with pytest.raises(ParamsError, match=r"must hold a mapping of keys"):
        load_params(write_params("- just\n- a list\n"))


def test_params_file_missing(tmp_path):
    with pytest.raises(ParamsError, match=r"params file .*nope.yaml' does not exist"):
        load_params(tmp_path / "nope.yaml")


def test_a_set_value_yaml_cannot_read_is_taken_as_text(write_params, valid_params_text):
    """--set data.date_format=%Y-%m-%d stopped on "not valid YAML; quote it" (found in QA)."""
    path = write_params(valid_params_text)
    assert load_params(path, overrides=["data.date_format=%d/%m/%Y"]).data.date_format == "%d/%m/%Y"
    assert load_params(path, overrides=["data.date_format=%Y年%m月%d日"]).data.date_format == "%Y年%m月%d日"
    for broken in ("[1, 2", "'quoted", "!!python/object/apply:os.system ['echo hi']"):
        with pytest.raises(ParamsError, match="not valid YAML; quote it if it is text"):
            load_params(path, overrides=[f"title={broken}"])


def test_yaml_is_loaded_safely(write_params, valid_params_text):
    text = valid_params_text.replace("title: Demo", "title: !!python/object/apply:os.system ['echo hi']")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(write_params(text))


# ---------------------------------------------------------------- overrides


def test_set_overrides_values_read_as_yaml(write_params, valid_params_text):
    params = load_params(
        write_params(valid_params_text),
        overrides=["period.months=6", "grading.value.thresholds=[1, 2, 3]", "title=New title",
                   "grading.value.labels.3=顶级"],
    )
    assert params.period.months == 6
    assert params.grading.value.thresholds == [1, 2, 3]
    assert params.title == "New title"
    assert params.grading.value.labels[-1] == "顶级"


def test_numbers_written_with_an_exponent_are_numbers(write_params, valid_params_text):
    """--set 'grading.value.thresholds=[1e10,2e10,3e10]' stopped on "a number written without quotes, but wrote '2e10'"
    (YAML 1.1 wants 1.0e10); in the file as with --set, 1e5 is 100,000 (rep)."""
    path = write_params(valid_params_text)
    params = load_params(path, overrides=["grading.value.thresholds=[1e5, 3E5, 1e6]"])
    assert params.grading.value.thresholds == [100_000, 300_000, 1_000_000]
    text = valid_params_text.replace("title: Demo", "title: 1e5x")  # no number: text as written
    assert load_params(write_params(text)).title == "1e5x"


def test_set_null_removes_a_key_so_a_grader_can_switch_method(write_params, valid_params_text):
    overrides = ["grading.value.method=pareto", "grading.value.labels=[C, B, A]"]
    with pytest.raises(ParamsError, match=r"`grading.value.thresholds` is not a known key"):
        load_params(write_params(valid_params_text), overrides=overrides)
    text = valid_params_text.replace("months: 12", "months: 6") + "  rfm: {bins: 4}\n"
    params = load_params(write_params(text), overrides=[*overrides, "grading.value.thresholds=null",
                                                        "period.months=", "grading.rfm=null"])
    assert params.grading.value.method == "pareto" and params.grading.value.cuts == [0.8, 0.95]  # the default
    assert params.period.months == 12 and params.grading.rfm is None  # 6 and the RFM grader removed
    untouched = load_params(write_params(valid_params_text), overrides=["grading.lifecycle.labels=null"])
    assert untouched.grading.lifecycle is None  # removing a key of a section that is off does not switch it on


def test_set_unknown_key_is_caught_with_suggestion(write_params, valid_params_text):
    with pytest.raises(ParamsError, match=r"`period.month` is not a known key \(did you mean `months`\?\)"):
        load_params(write_params(valid_params_text), overrides=["period.month=3"])


@pytest.mark.parametrize("bad", ["period.months", "=3", "a..b=1", "grading.value.labels.9=x"])
def test_set_malformed(bad):
    raw = {"period": {"months": 12}, "grading": {"value": {"labels": ["a", "b"]}}}
    with pytest.raises(ParamsError, match="--set"):
        apply_overrides(raw, [bad])


def test_set_does_not_mutate_input():
    raw = {"period": {"months": 12}}
    out = apply_overrides(raw, ["period.months=3"])
    assert raw == {"period": {"months": 12}} and out == {"period": {"months": 3}}


# ------------------------------------------------------------------ windows


@pytest.mark.parametrize(
    "as_of, months, start, end",
    [
        ("2025-12-31", 12, "2025-01-01", "2025-12-31"),
        ("2025-12-31", 1, "2025-12-01", "2025-12-31"),
        ("2025-06-30", 6, "2025-01-01", "2025-06-30"),
        ("2025-06-15", 12, "2024-06-01", "2025-05-31"),  # June not whole: window ends in May
        ("2024-02-29", 3, "2023-12-01", "2024-02-29"),
        ("2024-02-28", 3, "2023-11-01", "2024-01-31"),
    ],
)
def test_window_is_whole_months_ending_at_as_of(as_of, months, start, end):
    period = Period(as_of=as_of, months=months)
    assert period.window() == (pd.Timestamp(start), pd.Timestamp(end))


def test_previous_window_has_same_length():
    period = Period(as_of="2025-12-31", months=12)
    assert period.previous_window() == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))


# ----------------------------------------------------------- other graders


def _with_grading(valid_params_text: str, extra: str) -> str:
    return valid_params_text.replace("    labels: [small, general, important, VIP]\n",
                                     "    labels: [small, general, important, VIP]\n" + extra)


@pytest.mark.parametrize(
    "extra, match",
    [
        ("  frequency: {method: thresholds, labels: [low, high]}\n",
         r"`grading.frequency.thresholds` is needed with method: thresholds"),
        ("  potential: {method: quantiles, thresholds: [-0.1, 0.15]}\n",
         (r"`grading.potential.thresholds` is not used by method: quantiles \(tiers of equal counts\); set method: "
          r"thresholds to cut at these values, or remove them")),
        ("  frequency: {by: orderz}\n", r"`grading.frequency.by` must be one of 'orders' or 'active_months'"),
        ("  loyalty: {labels: [a, b]}\n",
         r"`grading.loyalty.labels` needs 3 labels for lapsed, general and committed customers"),
        ("  lifecycle: {labels: [a, b, c]}\n",
         r"`grading.lifecycle.labels` needs 4 labels for churned, lapsing, active and new customers"),
        ("  lifecycle: {at_risk_days: 200, churn_days: 100}\n",
         r"`grading.lifecycle.churn_days` must be more than at_risk_days \(200\)"),
        ("  rfm: {labels: {Champion: 冠军}}\n", r"unknown segment 'Champion' \(did you mean `Champions`\?\)"),
        ("  composite: {method: matrix, rows: value, cols: potential, labels: [a, b], map: {VIP: {high: a}}}\n",
         r"`grading.composite.cols` uses the potential grade, but `grading.potential` is not set"),
        ("  composite: {method: score, labels: [a, b], thresholds: [50]}\n",
         r"`grading.composite.weights` is needed with method: score"),
        ("  composite: {method: score, weights: {revenue: 1}, labels: [a, b, c], thresholds: [60, 40]}\n",
         r"`grading.composite.thresholds` must be strictly ascending, but 40 follows 60"),
    ],
)
def test_grader_params_errors(write_params, valid_params_text, extra, match):
    with pytest.raises(ParamsError, match=match):
        load_params(write_params(_with_grading(valid_params_text, extra)))


@pytest.mark.parametrize(
    "value, match",
    [
        ("{method: pareto, cuts: [0.95, 0.8]}", r"`grading.value.cuts` must be ascending shares"),
        ("{method: shares, shares: [0.5, 0.3, 0.1], labels: [C, B, A]}",
         r"`grading.value.shares` must be positive shares adding up to 1"),
        ("{method: pareto, labels: [B, A]}", r"`grading.value.labels` needs 3 labels for 2 cuts"),
    ],
)
def test_value_method_errors(write_params, valid_params_text, value, match):
    text = valid_params_text.split("grading:")[0] + f"grading:\n  value: {value}\n"
    with pytest.raises(ParamsError, match=match):
        load_params(write_params(text))


def test_every_value_method_loads(write_params, valid_params_text):
    base = valid_params_text.split("grading:")[0]
    for value in ["{method: pareto}", "{method: shares}", "{method: quantiles, labels: [low, mid, top]}"]:
        params = load_params(write_params(base + f"grading:\n  value: {value}\n"))
        assert params.grading.value.method in ("pareto", "shares", "quantiles")


def test_set_impossible_date():
    with pytest.raises(ParamsError, match=r"--set period.as_of: '2025-13-01' is not a possible date"):
        apply_overrides({}, ["period.as_of=2025-13-01"])


def test_unknown_key_is_judged_against_the_method_in_use(write_params, valid_params_text):
    with pytest.raises(ParamsError) as info:
        load_params(write_params(valid_params_text), overrides=["grading.value.method=pareto",
                                                                "grading.value.labels=[C, B, A]"])
    assert "`grading.value.thresholds` is not a known key; allowed at `grading.value`: method, column, cuts, labels" \
        in str(info.value)


def test_folder_instead_of_file(write_params, valid_params_text, tmp_path):
    (tmp_path / "dir.csv").mkdir()
    text = valid_params_text.replace(
        "  demo: {name: pharma, seed: 7, customers: 40, months: 24}",
        "  path: dir.csv\n  columns: {customer_id: id, order_date: date, amount: amt}",
    )
    with pytest.raises(ParamsError, match="which is a folder, not a file"):
        load_params(write_params(text))
    # a folder without a suffix (data/): said to be a folder, not to have "suffix (none)" (found in QA)
    (tmp_path / "exports").mkdir()
    with pytest.raises(ParamsError, match=r"which is a folder, not a file \(its exports: a pattern such as "
                                          r"exports/\*\.csv\)"):
        load_params(write_params(text.replace("path: dir.csv", "path: exports/"), name="folder.yaml"))


@pytest.mark.parametrize("fmt, ok", [("'%d/%m/%Y'", True), ("'%d-%b-%y'", True), ("'%B %d, %Y'", True),
                                     ("'%m/%Y'", False), ("'%d-%b'", False)])
def test_date_format_must_name_day_month_and_year(write_params, valid_params_text, fmt, ok):
    text = valid_params_text.replace("data:\n", f"data:\n  date_format: {fmt}\n")
    if ok:
        assert load_params(write_params(text)).data.date_format == fmt.strip("'")
    else:
        with pytest.raises(ParamsError, match=r"`data.date_format` must name day, month and year"):
            load_params(write_params(text))


@pytest.mark.parametrize("fmt, read", [("roc", "roc"), ("ROC", "roc"), ("' unix '", "unix"), ("Unix", "unix")])
def test_date_format_roc_and_unix_name_dates_no_strptime_format_reads(write_params, valid_params_text, fmt, read):
    text = valid_params_text.replace("data:\n", f"data:\n  date_format: {fmt}\n")
    assert load_params(write_params(text)).data.date_format == read


def test_a_date_format_neither_a_format_nor_a_word_names_both(write_params, valid_params_text):
    text = valid_params_text.replace("data:\n", "data:\n  date_format: epoch\n")
    with pytest.raises(ParamsError, match=r"`data.date_format` must name day, month and year such as %d/%m/%Y or "
                                          r"%d-%b-%y, or be roc \(民國 dates such as 114/03/05\), unix "
                                          r"\(timestamps such as 1756539474\) or day_number \(days counted from 1 "
                                          r"with data.day_one\), but got 'epoch'"):
        load_params(write_params(text))


def test_a_composite_matrix_over_default_tiers_names_them_in_its_map_s_language(write_params, valid_params_text):
    """A zh case's matrix over frequency, its labels left out: the map keyed 高频/中频/低频 passed kit check and then
    stopped the run in English; keyed high/medium/low, the report showed English tiers (found in QA)."""
    matrix = ("  frequency: {method: quantiles}\n  composite:\n    method: matrix\n    rows: value\n"
              "    cols: frequency\n    labels: [保持, 发展]\n    map:\n")
    zh = valid_params_text.replace("language: en", "language: zh")
    rows = "".join(f"      {tier}: {{{{{{cols}}}}}}\n" for tier in ["small", "general", "important", "VIP"])

    def load(cols: str, name: str):
        text = _with_grading(zh, matrix + rows.replace("{{{cols}}}", cols).replace("{cols}", cols))
        return load_params(write_params(text, name=name))

    chinese = load("{低频: 保持, 中频: 保持, 高频: 发展}", "zh.yaml")
    assert chinese.grading.frequency.labels == ["低频", "中频", "高频"]
    english = load("{low: 保持, medium: 保持, high: 发展}", "en.yaml")
    assert english.grading.frequency.labels == ["low", "medium", "high"]
    with pytest.raises(ParamsError) as missing:
        load("{低频: 保持, 高频: 发展}", "gap.yaml")
    assert str(missing.value).startswith(  # in the case's language
        "`grading.composite.map` 没有给出 small x 中频、general x 中频、important x 中频、VIP x 中频 的最终级别；"
        "价值分级的级别是 ['small', 'general', 'important', 'VIP']，频次分级的级别是 ['低频', '中频', '高频']")
    assert missing.value.told("en").startswith(
        "`grading.composite.map` gives no final tier for small x 中频, general x 中频, important x 中频, VIP x 中频; "
        "the value tiers are ['small', 'general', 'important', 'VIP'] and the frequency tiers are ['低频', '中频', '高频']")


def test_a_composite_map_written_for_the_earlier_chinese_loyalty_names_still_reads(write_params, valid_params_text):
    """Loyalty's middle tier was 一般客户 (a value tier's usual name) before it became 一般忠诚: a matrix keyed with
    the earlier names takes them, rather than falling back to the English tiers and stopping."""
    matrix = ("  loyalty: {}\n  composite:\n    method: matrix\n    rows: value\n    cols: loyalty\n"
              "    labels: [维持, 重点]\n    map:\n")
    zh = valid_params_text.replace("language: en", "language: zh")
    rows = "".join(f"      {tier}: {{流失客户: 维持, 一般客户: 维持, 忠诚客户: 重点}}\n"
                   for tier in ["small", "general", "important", "VIP"])
    params = load_params(write_params(_with_grading(zh, matrix + rows)))
    assert params.grading.loyalty.labels == ["流失客户", "一般客户", "忠诚客户"]


def test_a_chinese_report_names_default_tiers_in_chinese(write_params, valid_params_text):
    extra = "  rfm: {}\n  lifecycle: {}\n  loyalty: {}\n  frequency: {labels: [少, 多]}\n"
    zh = valid_params_text.replace("language: en", "language: zh").replace("grading:\n", "grading:\n" + extra)
    params = load_params(write_params(zh))
    assert params.grading.lifecycle.labels == ["已流失", "有流失风险", "活跃", "新客户"]
    assert params.grading.loyalty.labels == ["流失客户", "一般忠诚", "忠诚客户"]
    assert params.grading.frequency.labels == ["少", "多"]  # given: kept
    assert params.grading.rfm.labels["Champions"] == "重要价值客户" and len(params.grading.rfm.labels) == 11
    en = load_params(write_params(zh.replace("language: zh", "language: en"), name="en.yaml"))
    assert en.grading.lifecycle.labels == ["Churned", "Lapsing", "Active", "Newcomer"] and en.grading.rfm.labels == {}
    assert en.grading.loyalty.labels == ["Lapsed", "General", "Committed"]


def test_thresholds_written_without_a_method_are_where_the_tiers_are_cut(write_params, valid_params_text):
    """QA: frequency {by: orders, thresholds: [4, 12]} was graded by thirds of customers, its thresholds unused."""
    text = _with_grading(valid_params_text, "  frequency: {by: orders, thresholds: [4, 12]}\n"
                                            "  potential: {labels: [low, high]}\n")
    grading = load_params(write_params(text)).grading
    assert (grading.frequency.method, grading.frequency.thresholds) == ("thresholds", [4, 12])
    assert (grading.potential.method, grading.potential.thresholds) == ("quantiles", None)


def test_potential_missing_must_be_one_of_its_tiers(write_params, valid_params_text):
    text = valid_params_text.replace("grading:\n", "grading:\n  potential: {by: growth, missing: high potental}\n")
    with pytest.raises(ParamsError, match=r"`grading.potential.missing` must be one of the tiers \['Low potential', "
                                          r"'Medium potential', 'High potential'\] \(did you mean `High potential`\?\), "
                                          r"but got 'high potental'"):
        load_params(write_params(text))
    named = text.replace("missing: high potental", "missing: High potential")
    assert load_params(write_params(named, name="named.yaml")).grading.potential.labels == [
        "Low potential", "Medium potential", "High potential"]
    # the tier names before they were capitalised, in either language's case: those names
    zh = text.replace("missing: high potental", "missing: high").replace("language: en", "language: zh")
    assert load_params(write_params(zh, name="zh.yaml")).grading.potential.labels == ["low", "medium", "high"]
    en = text.replace("missing: high potental", "missing: medium")
    assert load_params(write_params(en, name="en.yaml")).grading.potential.labels == ["low", "medium", "high"]


@pytest.mark.parametrize("value", ["5", "[]", "[a, 3]"])
def test_a_column_header_that_is_neither_text_nor_a_list_gets_one_line(write_params, valid_params_text, value):
    path = write_params(valid_params_text)
    with pytest.raises(ParamsError) as info:
        load_params(path, [f"data.columns.amount={value}"])
    lines = [line for line in str(info.value).splitlines() if "data.columns.amount" in line]
    assert len(lines) == 1 and lines[0].startswith(  # not one line per branch (.str, .list[str]) of the type
        "`data.columns.amount` must be a header (text) or a list of headers such as [金额, 金额（元）], but got")


@pytest.mark.parametrize("written", ["2025/6/30", "2025-6-30", "2025年6月30日", "2025.06.30", "20250630"])
def test_as_of_may_be_written_as_the_files_dates_are(write_params, valid_params_text, written):
    params = load_params(write_params(valid_params_text), overrides=[f"period.as_of={written}"])
    assert params.period.as_of == dt.date(2025, 6, 30)


def test_thresholds_split_by_thousands_commas_get_a_hint(write_params, valid_params_text):
    with pytest.raises(ParamsError, match=r"but 0 follows 100; write thresholds without thousands commas"):
        load_params(write_params(valid_params_text), overrides=["grading.value.thresholds=[100,000, 300,000, 1,000,000]"])
    # only the last one written with commas (found in QA): 100000, 300000, 1, 0, 0
    with pytest.raises(ParamsError, match=r"but 1 follows 300,000; write thresholds without thousands commas"):
        load_params(write_params(valid_params_text), overrides=["grading.value.thresholds=[100000, 300000, 1,000,000]"])
    with pytest.raises(ParamsError, match=r"but 50 follows 100 \("):  # no comma to blame
        load_params(write_params(valid_params_text), overrides=["grading.value.thresholds=[100, 50, 300]"])


@pytest.mark.parametrize("grading", ["{method: pareto, labels: [A类客户, A类客户, C类客户]}",
                                     "{method: shares, shares: [0.5, 0.5], labels: [A, A]}",
                                     "{method: quantiles, labels: [A, A]}"])
def test_tier_labels_given_twice_stop_with_a_plain_error(write_params, valid_params_text, grading):
    """A run stopped on "Categorical categories must be unique" (found in QA)."""
    with pytest.raises(ParamsError, match=r"`grading.value.labels` must be distinct, but \[.*\] appear more than once"):
        load_params(write_params(valid_params_text), overrides=[f"grading.value={grading}"])


@pytest.mark.parametrize("override", ["grading.frequency={labels: [a, a, b]}",
                                      "grading.potential={by: growth, labels: [x, y, x]}"])
def test_every_grader_refuses_a_tier_name_given_twice(write_params, valid_params_text, override):
    with pytest.raises(ParamsError, match=r"labels` must be distinct, but \[.*\] appear more than once"):
        load_params(write_params(valid_params_text), overrides=[override])


def test_a_data_path_given_with_set_is_relative_to_the_shell_not_the_params_folder(tmp_path, monkeypatch):
    """`kit check params/acme.yaml --set data.path=data/orders_q2.csv` looked for params/data/orders_q2.csv
    (found in QA)."""
    (tmp_path / "params").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "orders_q2.csv").write_text("c,d,a\n", encoding="utf-8")
    (tmp_path / "params" / "acme.yaml").write_text(
        "case: acme\ntitle: t\nclient: k\nlanguage: en\n"
        "data: {path: ../data/orders_q1.csv, columns: {customer_id: c, order_date: d, amount: a}}\n"
        "period: {as_of: 2025-06-30}\ngrading:\n  value: {method: pareto}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    params = load_params("params/acme.yaml", ["data.path=data/orders_q2.csv"])
    assert params.data.path == (tmp_path / "data" / "orders_q2.csv").resolve()
    params = load_params("params/acme.yaml", ["data.path=[data/orders_q2.csv]"])
    assert params.data.paths == [(tmp_path / "data" / "orders_q2.csv").resolve()]


def test_a_data_path_given_with_set_expands_the_home_folder(tmp_path, monkeypatch):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "o.csv").write_text("c,d,a\n", encoding="utf-8")
    (tmp_path / "acme.yaml").write_text(
        "case: acme\ntitle: t\nclient: k\nlanguage: en\n"
        "data: {path: o.csv, columns: {customer_id: c, order_date: d, amount: a}}\n"
        "period: {as_of: 2025-06-30}\ngrading:\n  value: {method: pareto}\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    params = load_params(tmp_path / "acme.yaml", ["data.path=~/o.csv"])
    assert params.data.path == (tmp_path / "home" / "o.csv").resolve()


@pytest.mark.parametrize("scale, message", [
    ("{金额(元): 1, 金额(千元): 1000}", (r"`data.amount_scale` names '金额\(千元\)', but the amount's headers in "
                                         r"data.columns are 金额\(元\), 金额\(万元\); give each of them its factor")),
    ("{金额(元): 1, 金额(万元): 0}", r"`data.amount_scale` must be a number above 0 \(0.01, 10000\), but got 0"),
    ("-5", r"`data.amount_scale` must be a number above 0"),
    ("{金额(元): 1, 金额(万元): abc}", (r"^`data.amount_scale` must be a number such as 10000 \(万元\) or 0.01 \(分\), "
                                        r"or each amount header's number \(\{金额\(元\): 1, 金额（万元）: 10000\}\), but "
                                        r"got 'abc' \(\S+\)$")),  # one line, not one per branch of the union
    ("万元", r"^`data.amount_scale` must be a number such as 10000 .* but got '万元' \(\S+\)$"),
])
def test_an_amount_scale_per_header_must_name_the_amount_s_headers(write_params, valid_params_text, tmp_path, scale,
                                                                   message):
    (tmp_path / "book.xlsx").write_bytes(b"")
    data = ("data:\n  path: book.xlsx\n  sheet: all\n"
            "  columns: {customer_id: 客户, order_date: 日期, amount: [金额(元), 金额(万元)]}\n")
    text = re.sub(r"data:\n  demo: .*\n", lambda _: data + f"  amount_scale: {scale}\n", valid_params_text)
    with pytest.raises(ParamsError, match=message):
        load_params(write_params(text))
    ok = text.replace(f"amount_scale: {scale}", "amount_scale: {金额(元): 1, ' 金额(万元) ': 10000}")
    loaded = load_params(write_params(ok, name="ok.yaml")).data
    assert loaded.scale_of("金额（万元）") == 10000 and loaded.scale_of("金额(元)") == 1 and loaded.scale_of(None) == 1


@pytest.mark.parametrize("override, example", [
    ("grading.value.labels=small", "[small, general, important, VIP]"),
    ("grading.value.thresholds=5", "[100000, 300000]"),
])
def test_a_list_key_given_one_value_shows_a_list_of_its_own_kind(write_params, valid_params_text, override, example):
    """`--set grading.value.labels=small` was told to be "a list such as [100000, 300000]" (found in QA)."""
    import yaml

    from kit.params import apply_overrides, validate_params

    raw = apply_overrides(yaml.safe_load(valid_params_text), [override])
    key = override.split("=")[0]
    with pytest.raises(ParamsError, match=rf"`{re.escape(key)}` must be a list such as {re.escape(example)}, but got"):
        validate_params(raw, source=write_params(valid_params_text))


@pytest.mark.parametrize("grading, key, word", [
    ("  kmeans: {features: [revnue, orders]}\n", "grading.kmeans.features", "'revnue' (did you mean `revenue`?)"),
    ("  potential: {by: bedz}\n", "grading.potential.by", "'bedz' (did you mean `beds`?)"),
    ("  composite: {method: score, weights: {revenue: 0.5, gross_margin: 0.5}, thresholds: [50], labels: [a, b]}\n",
     "grading.composite.weights", "'gross_margin'"),
])
def test_a_feature_that_is_neither_computed_nor_mapped_stops_kit_check(write_params, valid_params_text, grading, key,
                                                                       word):
    """A misspelt k-means feature or potential attribute passed kit check and stopped the run 15 s later in its
    grading notebook, after a run folder was made (found in QA)."""
    text = valid_params_text.replace("grading:\n", "grading:\n" + grading)
    with pytest.raises(ParamsError, match=rf"^`{re.escape(key)}` names {re.escape(word)}, which is neither a feature "
                                          r"the kit computes nor a mapped column; use one of revenue, orders, .*beds"):
        load_params(write_params(text))
    fixed = text.replace("revnue", "revenue").replace("bedz", "beds").replace("gross_margin", "growth")
    load_params(write_params(fixed, name="fixed.yaml"))


def test_switching_the_value_method_by_set_says_how_to_drop_the_old_method_s_keys(write_params, valid_params_text):
    """`--set grading.value.method=pareto` alone stopped on "thresholds is not a known key" with no way out named
    (found in QA)."""
    import yaml

    from kit.params import apply_overrides, validate_params

    raw = apply_overrides(yaml.safe_load(valid_params_text), ["grading.value.method=pareto"])
    with pytest.raises(ParamsError, match=r"`grading.value.thresholds` is not a known key; allowed at `grading.value`: "
                                          r".*; when switching the method, add --set grading.value.thresholds=null "
                                          r"to drop it"):
        validate_params(raw, source=write_params(valid_params_text))


def test_loyalty_s_lost_bound_must_lie_beyond_its_loyal_bound(write_params, valid_params_text):
    """lost_min_recency_days 30 under loyal_max_recency_days 90 was taken silently (found in QA)."""
    text = valid_params_text.replace("grading:\n", "grading:\n  loyalty: {lost_min_recency_days: 30}\n")
    with pytest.raises(ParamsError, match=r"`grading.loyalty.lost_min_recency_days` must be more than "
                                          r"loyal_max_recency_days \(90\)"):
        load_params(write_params(text))
    load_params(write_params(text.replace("30}", "91}"), name="ok.yaml"))


def test_a_mistake_in_a_set_override_names_set_not_the_file(write_params, valid_params_text):
    """`--set period.monts=6` ended "(params/retail.yaml)", as if the typo were in the file (QA)."""
    path = write_params(valid_params_text)
    with pytest.raises(ParamsError) as info:
        load_params(path, overrides=["period.monts=6"])
    assert str(info.value).startswith("`period.monts` is not a known key")
    assert str(info.value).endswith("(--set)")
    with pytest.raises(ParamsError) as info:
        load_params(write_params(valid_params_text.replace("  months: 12", "  monts: 12")))
    assert str(info.value).endswith(f"({path})")


def test_a_section_check_failing_on_a_set_value_names_set(write_params, valid_params_text):
    with pytest.raises(ParamsError) as info:  # the labels' count is checked by grading.value as a whole
        load_params(write_params(valid_params_text), overrides=["grading.value.labels=[C, B]"])
    assert str(info.value).endswith("(--set)")


def test_a_tab_inside_a_quoted_value_is_no_slip_and_the_one_indenting_is_named(write_params, valid_params_text):
    text = valid_params_text.replace("title: Demo", 'title: "A\tB"').replace("  months: 12", "  months:\t12")
    with pytest.raises(ParamsError, match=r"line 9 holds a tab"):  # not line 2, whose tab is in quotes
        load_params(write_params(text))


def test_english_default_tier_names_are_used_by_no_other_grader_and_old_maps_still_load(write_params):
    """Found in QA (CDNOW): RFM's New (100 customers) beside lifecycle's new (0), RFM's At risk beside lifecycle's
    at risk: one report, two meanings. A composite map written for the earlier loyalty names still loads."""
    from kit.grading import RFM_SEGMENT_NAMES
    from kit.params import EN_LABELS

    names = [name.lower() for name in RFM_SEGMENT_NAMES] + [n.lower() for labels in EN_LABELS.values() for n in labels]
    assert len(names) == len(set(names))
    text = ("case: t\ntitle: T\nclient: C\nlanguage: en\ndata: {demo: {name: pharma}}\n"
            "period: {as_of: 2025-12-31, months: 12}\ngrading:\n"
            "  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n  loyalty: {}\n"
            "  composite: {method: matrix, rows: value, cols: loyalty, labels: [keep, grow],\n"
            "              map: {small: {lost: keep, general: keep, loyal: grow}, big: {lost: keep, general: grow, "
            "loyal: grow}}}\n")
    assert load_params(write_params(text)).grading.loyalty.labels == ["lost", "general", "loyal"]
    new = text.replace("lost:", "lapsed:").replace("loyal:", "committed:")
    assert load_params(write_params(new, name="new.yaml")).grading.loyalty.labels == ["lapsed", "general", "committed"]
    today = new.replace("lapsed:", "Lapsed:").replace("general:", "General:").replace("committed:", "Committed:")
    assert load_params(write_params(today, name="today.yaml")).grading.loyalty.labels == ["Lapsed", "General",
                                                                                           "Committed"]


def test_a_params_file_of_nested_aliases_stops_at_once(tmp_path):
    """Security QA: a 1 kB file of nine levels of YAML aliases ("billion laughs") kept validation busy past a minute;
    a few aliases, as a real file may use for a service plan, are fine."""
    import time

    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\ncase: x\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ParamsError, match=r"bomb.yaml'.*YAML aliases \(\*name\) repeat values into more than 100,000"):
        load_params(tmp_path / "bomb.yaml")
    assert time.perf_counter() - started < 10
    from kit.params import apply_overrides

    with pytest.raises(ParamsError, match=r"--set title: its YAML aliases repeat values"):
        apply_overrides({}, [("title=[&a [1,2,3,4,5,6,7,8,9,10], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
                              "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], "
                              "&e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d], [*e,*e]]")])


def test_a_yaml_merge_key_brings_its_values_and_a_key_given_beside_it_wins(write_params, valid_params_text):
    """Review: ``<<: *defaults`` stopped with "could not determine a constructor for the tag
    'tag:yaml.org,2002:merge'"; a key given twice in one mapping is still refused."""
    text = valid_params_text.replace("  value:\n", "  value: &value\n", 1) + (
        "  frequency:\n    <<: *value\n    thresholds: [2, 5, 10]\n")
    params = load_params(write_params(text))
    assert params.grading.frequency.thresholds == [2, 5, 10]
    assert params.grading.frequency.labels == ["small", "general", "important", "VIP"]  # from the merge
    twice = text.replace("    thresholds: [2, 5, 10]\n", "    thresholds: [2, 5, 10]\n    thresholds: [3]\n")
    with pytest.raises(ParamsError, match="the key 'thresholds' appears twice"):
        load_params(write_params(twice))


def test_a_composite_without_labels_asks_for_them_lowest_first_naming_the_map_s_tiers(write_params, valid_params_text):
    """QA (Olist): kit check said only "missing `grading.composite.labels`", and docs/params.md did not list it."""
    text = valid_params_text + ("  loyalty: {labels: [lost, general, loyal]}\n  composite:\n    method: matrix\n"
                                "    rows: value\n    cols: loyalty\n    map: {small: {lost: keep, general: keep, "
                                "loyal: grow}, general: {lost: keep, general: grow, loyal: grow}, important: {lost: grow, "
                                "general: grow, loyal: key}, VIP: {lost: key, general: key, loyal: key}}\n")
    with pytest.raises(ParamsError, match=r"`grading.composite.labels` is needed: the final tiers, lowest first "
                                          r"\(every tier the map or the score thresholds give\); the map names "
                                          r"\[keep, grow, key\], to put in order"):
        load_params(write_params(text))
    assert load_params(write_params(text + "    labels: [keep, grow, key]\n")).grading.composite.labels == [
        "keep", "grow", "key"]


def test_a_missing_params_file_with_a_chinese_name_is_said_missing_in_chinese(tmp_path):
    """QA: kit check 客户分级.yaml (not there) answered in English."""
    with pytest.raises(ParamsError) as info:
        load_params(tmp_path / "客户分级.yaml")
    assert str(info.value) == f"参数文件 '{tmp_path / '客户分级.yaml'}' 不存在"
    with pytest.raises(ParamsError, match="params file '.*orders.yaml' does not exist"):
        load_params(tmp_path / "orders.yaml")


@pytest.mark.parametrize("setting, read", [("", None), ("cleaning: {red_amounts: returns}\n", "returns"),
                                           ("cleaning: {red_amounts: sales}\n", "sales")])
def test_red_amounts_is_unset_unless_given(write_params, valid_params_text, setting, read):
    """Unset, a run stops at positive amounts in red font; returns and sales are the two answers."""
    assert load_params(write_params(valid_params_text + setting)).cleaning.red_amounts == read


@pytest.mark.parametrize("setting, read", [("", None), ("cleaning: {struck_rows: void}\n", "void"),
                                           ("cleaning: {struck_rows: count}\n", "count")])
def test_struck_rows_is_unset_unless_given(write_params, valid_params_text, setting, read):
    """Unset, a run stops at lines whose amount is struck through; void and count are the two answers."""
    assert load_params(write_params(valid_params_text + setting)).cleaning.struck_rows == read


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Asia/Tokyo", "UTC", "' Europe/Berlin '"])
def test_data_time_zone_takes_an_iana_name(write_params, valid_params_text, zone):
    text = valid_params_text.replace("data:\n", f"data:\n  time_zone: {zone}\n")
    assert load_params(write_params(text)).data.time_zone == zone.strip("' ")


@pytest.mark.parametrize("zone", ["Asia/Shanghia", "CST", "+08:00", "../etc/passwd", "''"])
def test_data_time_zone_that_is_no_zone_names_the_key_and_an_example(write_params, valid_params_text, zone):
    text = valid_params_text.replace("data:\n", f"data:\n  time_zone: {zone}\n")
    with pytest.raises(ParamsError, match=r"`data.time_zone` must be an IANA time zone name such as Asia/Shanghai, "
                                          r"Asia/Tokyo or Europe/Berlin, but got"):
        load_params(write_params(text))


@pytest.mark.parametrize("setting, error", [
    ("  date_format: day_number\n", r"`data.day_one` is missing: `date_format: day_number` counts days from day 1"),
    ("  date_format: day_number\n  day_one: '?'\n", r"`data.day_one` is still '\?', the mark `kit init` leaves"),
    ("  day_one: 2020-01-01\n", r"`data.day_one` is given, but only `date_format: day_number` reads it"),
])
def test_day_numbers_need_day_one_and_day_one_needs_day_numbers(write_params, valid_params_text, setting, error):
    """Dunnhumby's DAY 1..711 (QA F4): read only with the calendar day of day 1, which a draft leaves as '?'."""
    with pytest.raises(ParamsError, match=error):
        load_params(write_params(valid_params_text.replace("data:\n", "data:\n" + setting)))


def test_day_numbers_with_day_one_load(write_params, valid_params_text):
    text = valid_params_text.replace("data:\n", "data:\n  date_format: Day_Number\n  day_one: 2020-01-01\n")
    data = load_params(write_params(text)).data
    assert (data.date_format, data.day_one) == ("day_number", dt.date(2020, 1, 1))


def test_discount_percent_needs_a_discount_rate_column(write_params, valid_params_text):
    """data.discount_percent (Discount 15 for 15% off) reads the discount_rate column: without one it names the fix."""
    with pytest.raises(ParamsError, match=r"`data.discount_percent` is true, but no `data.columns.discount_rate` is "
                                          r"mapped for it to read"):
        load_params(write_params(valid_params_text.replace("data:\n", "data:\n  discount_percent: true\n")))


def test_currency_unanswered_is_listed_beside_the_other_keys_errors(write_params, valid_params_text):
    """QA pub: the currency's '?' is told with the other keys' errors in one go (Dunnhumby's draft: day_one, as_of
    and currency all '?'), not only once they are answered."""
    text = valid_params_text.replace("language: en", "language: en\ncurrency: '?'", 1).replace(
        "  months: 12", "  months: twelve", 1)
    with pytest.raises(ParamsError) as info:
        load_params(write_params(text))
    said = str(info.value)
    assert "`currency` is still '?'" in said and "`period.months` must be a whole number" in said


@pytest.mark.parametrize("lang, said", [
    ("en", "`data.quoted_line_breaks` is still '?', the mark `kit init` leaves when a remark quoted over lines"),
    ("zh", "`data.quoted_line_breaks` 仍是 '?'——带引号的备注跨行"),
])
def test_quoted_line_breaks_left_as_kit_init_drafts_it_says_what_to_put(write_params, valid_params_text, lang, said):
    """Re-read: `quoted_line_breaks: "?"`, as kit init drafts it beside a remark quoted over lines, got the generic
    "must be one of 'stop' or 'keep', but got '?'"; every other key kit init leaves as '?' says what it asks."""
    text = valid_params_text.replace("language: en", f"language: {lang}", 1).replace(
        "data:\n", "data:\n  quoted_line_breaks: '?'\n", 1)
    with pytest.raises(ParamsError) as info:
        load_params(write_params(text))
    assert said in info.value.told(lang)
    assert load_params(write_params(text.replace("'?'", "keep", 1))).data.quoted_line_breaks == "keep"
