"""End to end: the `kit` CLI on a small client-style export, as a user runs it.

Expected tiers are computed here with plain pandas from the CSV itself, not
with the kit's own functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from kit.datasets import pharma_orders  # noqa: F401 - also the expected values

pytestmark = pytest.mark.e2e

HEADERS = {"order_id": "订单号", "order_date": "订单日期", "customer_id": "医院编码",
           "customer_name": "医院名称", "amount": "金额"}
THRESHOLDS = [50_000, 300_000, 1_000_000]
LABELS = ["small", "general", "important", "VIP"]


def _export(folder: Path) -> Path:
    """A GBK-free UTF-8 CSV with Chinese headers, edge customers and a few bad rows."""
    orders = pharma_orders(60, months=24, seed=11)
    frame = orders[list(HEADERS)].rename(columns=HEADERS)
    frame["订单日期"] = frame["订单日期"].dt.strftime("%Y/%m/%d")
    frame["金额"] = frame["金额"].map(lambda v: f"{v:,.2f}")
    extra = pd.DataFrame(
        [
            # exactly at a threshold (300,000.00 over three lines) and a cent below it
            ("X1", "2025/03/01", "EDGE-AT", "Edge <b>at</b> & co", "100,000.00"),
            ("X1", "2025/03/01", "EDGE-AT", "Edge <b>at</b> & co", "150,000.00"),
            ("X2", "2025/04/01", "EDGE-AT", "Edge <b>at</b> & co", "50,000.00"),
            ("X3", "2025/05/01", "EDGE-BELOW", "Edge below", "299,999.99"),
            ("X4", "2025/06/01", "00077", "Leading zeros", "12.50"),
            ("X8", "2025/08/01", "XSS", "<script>alert(1)</script>", "9,000,000.00"),  # top VIP
            ("X5", "2024/06/01", "00077", "Leading zeros", "99,999.00"),   # previous window
            ("X6", "2025/07/01", "", "No ID", "10.00"),                     # set aside
            ("X7", "2025/07/02", "H00001", "x", "abc"),                    # set aside
        ],
        columns=["订单号", "订单日期", "医院编码", "医院名称", "金额"],
    )
    frame = pd.concat([frame, extra], ignore_index=True)
    path = folder / "orders.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def _params(folder: Path, case: str = "e2e", language: str = "en") -> Path:
    text = f"""\
    case: {case}
    title: End-to-end test
    client: Test client
    language: {language}
    data:
      path: orders.csv
      columns: {{customer_id: 医院编码, order_date: 订单日期, amount: 金额, order_id: 订单号, customer_name: 医院名称}}
    period: {{as_of: 2025-12-31, months: 12}}
    grading:
      value:
        method: thresholds
        thresholds: {THRESHOLDS}
        labels: {LABELS}
    service_plan:
      VIP: {{summary: Dedicated manager, visits_per_month: 2, hours_per_visit: 3}}
    """
    path = folder / f"{case}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _expected_tiers(csv: Path) -> pd.Series:
    """Window revenue per customer from the raw CSV, graded by hand."""
    raw = pd.read_csv(csv, dtype=str, keep_default_na=False)
    raw = raw[raw["医院编码"] != ""]
    amount = pd.to_numeric(raw["金额"].str.replace(",", ""), errors="coerce")
    day = pd.to_datetime(raw["订单日期"], format="%Y/%m/%d")
    keep = amount.notna() & (day >= "2025-01-01") & (day <= "2025-12-31")
    revenue = amount[keep].groupby(raw.loc[keep, "医院编码"]).sum().round(2)
    tiers = np.select(
        [revenue >= 1_000_000, revenue >= 300_000, revenue >= 50_000], ["VIP", "important", "general"], "small"
    )
    return pd.Series(tiers, index=revenue.index).sort_index()


def _kit(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    if args and args[0] == "run":
        args = (*args, "--no-pdf")  # the PDF is checked once, in test_browser.py
    return subprocess.run([sys.executable, "-m", "kit", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=600)


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("case")
    _export(folder)
    _params(folder)
    return folder


@pytest.fixture(scope="module")
def finished_run(case_folder):
    # a user's own kernel named like ours must not be picked up: notebooks run on this Python
    decoy = case_folder / "jupyter" / "kernels" / "tiering-kit"
    decoy.mkdir(parents=True)
    (decoy / "kernel.json").write_text(json.dumps(
        {"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "decoy", "language": "python"}))
    env = {**os.environ, "JUPYTER_PATH": str(case_folder / "jupyter")}
    result = _kit("run", "e2e.yaml", "--set", "client=Override Ltd", "--reports-dir", "reports",
                  cwd=case_folder, env=env)
    return result


def test_run_succeeds_and_prints_report_path_last(finished_run):
    assert finished_run.returncode == 0, finished_run.stderr
    last = finished_run.stdout.strip().splitlines()[-1]
    assert last.endswith("report.html") and Path(last).is_file()
    assert re.search(r"\[e2e\] 1/3 01_clean done in", finished_run.stdout)


def _run_dir(result) -> Path:
    return Path(result.stdout.strip().splitlines()[-1]).parent


def test_every_output_exists(finished_run):
    run = _run_dir(finished_run)
    for name in ["grades.csv", "grades.xlsx", "grades.parquet", "manifest.json", "report.html", "index.html",
                 "params.json", "quarantine.csv", "ledger.csv", "transactions.parquet", "tiers.csv"]:
        assert (run / name).is_file(), name
    for stem in ["01_clean", "02_grade", "03_report"]:
        assert (run / "notebooks" / f"{stem}.ipynb").is_file()
        assert (run / "notebooks" / f"{stem}.html").is_file()
    assert run.parent.name == "e2e" and run.parent.parent.name == "reports"


def test_grades_equal_an_independent_computation(finished_run, case_folder):
    grades = pd.read_csv(_run_dir(finished_run) / "grades.csv", dtype={"customer_id": str}, encoding="utf-8-sig")
    expected = _expected_tiers(case_folder / "orders.csv")
    actual = grades.set_index("customer_id")["value_tier"].sort_index()
    pd.testing.assert_series_equal(actual, expected, check_names=False)
    assert actual["EDGE-AT"] == "important" and actual["EDGE-BELOW"] == "general"
    assert "00077" in actual.index  # leading zeros kept
    assert {"customer_id", "customer_name", "revenue", "orders", "value_tier"} <= set(grades.columns)
    assert grades.set_index("customer_id").loc["EDGE-AT", "orders"] == 2


def test_quarantine_and_ledger_account_for_every_row(finished_run, case_folder):
    run = _run_dir(finished_run)
    rows = len(pd.read_csv(case_folder / "orders.csv", dtype=str))
    quarantine = pd.read_csv(run / "quarantine.csv", encoding="utf-8-sig")
    assert sorted(quarantine["reason"]) == ["bad_amount", "missing_customer_id"]
    ledger = pd.read_csv(run / "ledger.csv", encoding="utf-8-sig", keep_default_na=False)
    by = ledger.set_index(["kind", "reason"])["rows"]
    assert by[("read", "")] == rows and by[("kept", "")] == rows - 2
    assert by[("set_aside", "bad_amount")] == 1 and by[("set_aside", "missing_customer_id")] == 1
    assert quarantine["source_row"].tolist() == sorted(quarantine["source_row"].tolist())
    raw = pd.read_csv(case_folder / "orders.csv", dtype=str, keep_default_na=False)
    for row, reason in zip(quarantine["source_row"], quarantine["reason"]):
        line = raw.iloc[row - 2]  # the row as the user sees it (header is row 1)
        assert (line["医院编码"] == "") == (reason == "missing_customer_id")


def test_report_holds_tier_table_and_no_code(finished_run, case_folder):
    html = (_run_dir(finished_run) / "report.html").read_text(encoding="utf-8")
    tiers = html[re.search(r'<h2 id="section-\d+"[^>]*>Tiers</h2>', html).start():]  # numbered for the contents
    tiers = tiers[:tiers.index("</table>")]
    expected = _expected_tiers(case_folder / "orders.csv").value_counts()
    for label in LABELS:
        assert re.search(rf'<td class="label">{label}</td><td class="num">{expected.get(label, 0):,}</td>', tiers), label
    assert "Share of revenue" in html and "End-to-end test" in html and "Override Ltd" in html
    # no code cell inputs and no In/Out prompts as elements (the CSS still names the classes)
    assert not re.search(r'class="[^"]*(jp-InputArea|jp-InputPrompt|jp-OutputPrompt|hl-ipython3)', html)
    assert "open_run(" not in html and "from kit import" not in html and "params_file" not in html
    assert "The findings are computed from the graded table" not in html  # the notebook's notes are for the analyst
    notebook_page = (_run_dir(finished_run) / "notebooks" / "03_report.html").read_text(encoding="utf-8")
    assert "The findings are computed from the graded table" in notebook_page
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)  # opens offline
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_manifest_records_the_run(finished_run, case_folder):
    manifest = json.loads((_run_dir(finished_run) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "succeeded"
    assert manifest["overrides"] == ["client=Override Ltd"]
    assert manifest["params"]["client"] == "Override Ltd"
    data = next(i for i in manifest["inputs"] if i["role"] == "data")
    assert data["sha256"] == hashlib.sha256((case_folder / "orders.csv").read_bytes()).hexdigest()
    assert [n["name"] for n in manifest["notebooks"]] == ["01_clean.ipynb", "02_grade.ipynb", "03_report.ipynb"]
    assert all(n["status"] == "succeeded" and n["duration_s"] > 0 for n in manifest["notebooks"])
    assert manifest["environment"]["versions"]["pandas"] == pd.__version__
    assert manifest["environment"]["versions"]["python"]
    for name in ("grades.csv", "grades.xlsx"):  # the workbook too: its bytes depend on the data and params only
        assert manifest["outputs"][name] == hashlib.sha256((_run_dir(finished_run) / name).read_bytes()).hexdigest()
    assert manifest["finished_at"] and manifest["duration_s"] > 0


def test_progress_lines_reach_the_terminal_and_the_notebook(finished_run):
    assert re.search(r"\[e2e\]   \[\d\d:\d\d:\d\d\] orders.csv: [\d,]+ rows read", finished_run.stdout)
    assert re.search(r"transactions.parquet: [\d,]+ rows kept", finished_run.stdout)
    run = _run_dir(finished_run)
    cleaning = (run / "notebooks" / "01_clean.ipynb").read_text(encoding="utf-8")
    assert "rows kept" in cleaning and "orders.csv: cleaning" in cleaning
    assert not (run / "_staging").exists()


def test_excel_is_filterable(finished_run):
    from openpyxl import load_workbook

    book = load_workbook(_run_dir(finished_run) / "grades.xlsx")
    customers = book["Customers"]
    header = [c.value for c in customers[1]]
    # the header and the customer's ID and name stay in view (report QA: 32 columns scrolled them away)
    assert header[:2] == ["Customer ID", "Customer name"]
    assert customers.freeze_panes == "C2" and customers.auto_filter.ref
    ids = [row[header.index("Customer ID")] for row in customers.iter_rows(min_row=2, values_only=True)]
    assert "00077" in ids


def test_the_workbook_total_counts_the_previous_revenue_of_customers_lost_since(finished_run, case_folder):
    """The Summary sheet's total said +37% where the report said -25%: the lost customers were left out."""
    from openpyxl import load_workbook

    raw = pd.read_csv(case_folder / "orders.csv", dtype=str, keep_default_na=False)
    raw = raw[raw["医院编码"] != ""]
    amount = pd.to_numeric(raw["金额"].str.replace(",", ""), errors="coerce")
    day = pd.to_datetime(raw["订单日期"], format="%Y/%m/%d")
    now = amount[amount.notna() & (day >= "2025-01-01") & (day <= "2025-12-31")]
    before = amount[amount.notna() & (day >= "2024-01-01") & (day <= "2024-12-31")]
    lost = set(raw.loc[before.index, "医院编码"]) - set(raw.loc[now.index, "医院编码"])
    assert lost  # the case has customers who bought in 2024 and not in 2025
    rows = list(load_workbook(_run_dir(finished_run) / "grades.xlsx")["Summary"].iter_rows(values_only=True))
    header, total = rows[0], dict(zip(rows[0], next(r for r in rows if r[0] == "Total")))
    assert "Previous revenue (tiers: customers buying in both windows; total: all) (RMB)" in header
    assert total["Previous revenue (tiers: customers buying in both windows; total: all) (RMB)"] == round(before.sum(), 2)
    assert total["Growth"] == round(now.sum() / before.sum() - 1, 4)
    said = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("The total's growth compares all revenue")]
    assert len(said) == 1  # why the total's previous revenue is more than its column's sum


def test_bad_params_stop_before_any_notebook(case_folder):
    result = _kit("run", "e2e.yaml", "--set", "grading.value.thresholds=[5, 1, 9]", "--reports-dir", "bad-reports",
                  cwd=case_folder)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: `grading.value.thresholds` must be strictly ascending, but 1 follows 5 (--set)"  # given by --set, not the file
    ]
    assert not (case_folder / "bad-reports").exists()


def _notebooks_with(tmp_path: Path, name: str, code: str) -> Path:
    """A copy of the notebooks with ``code`` in a cell of ``name`` right after the one that opens the run."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(str(notebooks / name), as_version=4)
    opening = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and "open_run(" in cell.source)
    nb.cells.insert(opening + 1, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, str(notebooks / name))
    return notebooks


def test_failing_notebook_gives_message_partial_outputs_and_failed_manifest(case_folder, tmp_path):
    notebooks = _notebooks_with(tmp_path, "02_grade.ipynb", "x = 1\nraise ValueError('injected failure')")

    result = _kit("run", "e2e.yaml", "--notebooks", str(notebooks), "--reports-dir", str(tmp_path / "reports"),
                  cwd=case_folder)
    assert result.returncode == 1
    # the injected cell is the 4th cell of the notebook the user edits
    assert re.search(r"02_grade.ipynb failed in cell 5 \(In \[\d+\]\): ValueError: injected failure",
                     result.stderr), result.stderr
    assert "raise ValueError('injected failure')" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 6
    run = next((tmp_path / "reports" / "e2e").iterdir())
    assert (run / "notebooks" / "02_grade.ipynb").is_file() and (run / "notebooks" / "02_grade.html").is_file()
    assert not (run / "notebooks" / "03_report.ipynb").exists()
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and "injected failure" in manifest["error"]
    assert [n["status"] for n in manifest["notebooks"]] == ["succeeded", "failed"]


def test_parallel_cases_get_their_own_folders_and_identical_grades(case_folder, tmp_path):
    _params(case_folder, case="zh-case", language="zh")
    reports = tmp_path / "reports"
    result = _kit("run", "e2e.yaml", "e2e.yaml", "zh-case.yaml", "--jobs", "3", "--reports-dir", str(reports),
                  cwd=case_folder)
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.strip().splitlines()[-3:]]
    assert all(p.is_file() and p.name == "report.html" for p in paths)
    e2e_runs = sorted((reports / "e2e").iterdir())
    assert len(e2e_runs) == 2
    first, second = ((run / "grades.csv").read_bytes() for run in e2e_runs)
    assert first == second
    zh_report = (reports / "zh-case").glob("*/report.html").__next__().read_text(encoding="utf-8")
    assert "客户分级结果" in zh_report
    # the page says it is Chinese (a browser offered to translate it "from English"), and its charts are named
    assert '<html lang="zh">' in zh_report and "No description has been provided" not in zh_report
    assert re.search(r'<img alt="图表：[^"]+"[^>]*src="data:image/png', zh_report)


def test_default_case_grades_every_customer_once_per_grader(tmp_path):
    """The shipped pharma case, shrunk: every configured grader, migration, sensitivity and rules."""
    result = _kit("run", str(ROOT / "params" / "pharma.yaml"), "--set", "data.demo.customers=150",
                  "--set", "data.demo.mess=false", "--reports-dir", str(tmp_path / "reports"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1]).parent
    grades = pd.read_csv(run / "grades.csv", dtype={"customer_id": str}, encoding="utf-8-sig")
    for column in ["value_tier", "frequency_tier", "loyalty_tier", "potential_tier", "rfm_segment", "lifecycle",
                   "final_tier", "r_score", "recency_days", "stability", "growth"]:
        assert column in grades, column
    for column in ["value_tier", "frequency_tier", "loyalty_tier", "potential_tier", "rfm_segment", "lifecycle",
                   "final_tier"]:
        assert grades[column].notna().all(), column
    assert grades["customer_id"].is_unique

    # value tiers recomputed with plain pandas from the demo generator's own rows (not the kit's cleaning)
    tx = pharma_orders(150, months=30, seed=2024)
    window = tx[(tx["order_date"] >= "2025-01-01") & (tx["order_date"] <= "2025-12-31")]
    revenue = window.groupby("customer_id")["amount"].sum().round(2)
    expected = pd.cut(revenue, [-np.inf, 100_000, 300_000, 1_000_000, np.inf], right=False,
                      labels=["小客户", "一般客户", "重要客户", "VIP客户"]).astype(str)
    actual = grades.set_index("customer_id")["value_tier"]
    assert actual.sort_index().to_dict() == expected.sort_index().to_dict()

    rules = pd.read_csv(run / "rules.csv", encoding="utf-8-sig")
    assert set(rules["grader"]) == {"value", "frequency", "loyalty", "potential", "rfm", "lifecycle", "composite",
                                    "kmeans"}
    per_grader = rules[rules["grader"] != "composite"].groupby("grader")["customers"].sum()
    assert (per_grader == len(grades)).all()

    moves = pd.read_csv(run / "migration.csv", encoding="utf-8-sig")
    previous = tx[(tx["order_date"] >= "2024-01-01") & (tx["order_date"] <= "2024-12-31")]["customer_id"]
    assert moves["customers"].sum() == len(set(previous) | set(grades["customer_id"]))
    sensitivity = pd.read_csv(run / "sensitivity.csv", encoding="utf-8-sig")
    assert len(sensitivity[sensitivity["grader"] == "value"]) == 6  # 3 thresholds x down/up


def test_summary_sentences_match_an_independent_computation(finished_run, case_folder):
    """The figures in the key findings, recomputed from the raw CSV with plain pandas."""
    html = (_run_dir(finished_run) / "report.html").read_text(encoding="utf-8")
    revenue = _window_revenue(case_folder / "orders.csv").sort_values(ascending=False)
    n_top = int(np.ceil(0.2 * len(revenue)))
    share = revenue.iloc[:n_top].sum() / revenue.sum()
    assert (f"The top {n_top} customers by revenue ({n_top / len(revenue):.0%} of customers) bring {share:.0%} "
            f"of revenue.") in html
    vip = revenue[revenue >= 1_000_000]
    vip_share, vip_cshare = vip.sum() / revenue.sum(), len(vip) / len(revenue)
    assert f"{len(vip)} VIP customers bring {vip_share:.0%} of revenue while being {vip_cshare:.0%} of customers." in html
    assert f"{len(revenue):,} customers bought in the window" in html


def _window_revenue(csv: Path) -> pd.Series:
    raw = pd.read_csv(csv, dtype=str, keep_default_na=False)
    raw = raw[raw["医院编码"] != ""]
    amount = pd.to_numeric(raw["金额"].str.replace(",", ""), errors="coerce")
    day = pd.to_datetime(raw["订单日期"], format="%Y/%m/%d")
    keep = amount.notna() & (day >= "2025-01-01") & (day <= "2025-12-31")
    return amount[keep].groupby(raw.loc[keep, "医院编码"]).sum()


def test_dead_kernel_is_located(case_folder, tmp_path):
    notebooks = _notebooks_with(tmp_path, "01_clean.ipynb", "import os\nos._exit(1)")
    result = _kit("run", "e2e.yaml", "--notebooks", str(notebooks), "--reports-dir", str(tmp_path / "r"),
                  cwd=case_folder)
    assert result.returncode == 1
    assert re.search(r"01_clean.ipynb failed in cell 5\b.*DeadKernelError", result.stderr), result.stderr
    manifest = json.loads(next((tmp_path / "r" / "e2e").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"


def test_several_files_and_a_master_are_all_hashed(case_folder, tmp_path):
    import openpyxl

    shutil.copy(case_folder / "orders.csv", case_folder / "orders2.csv")
    book = openpyxl.Workbook()
    book.active.append(["医院编码", "医院名称"])
    book.active.append(["XSS", "Renamed in master"])
    book.save(case_folder / "master.xlsx")
    text = (case_folder / "e2e.yaml").read_text(encoding="utf-8")
    text = text.replace("  path: orders.csv", "  path: [orders.csv, orders2.csv]\n"
                        "  master: {path: master.xlsx, columns: {customer_id: 医院编码, customer_name: 医院名称}}")
    (case_folder / "multi.yaml").write_text(text.replace("case: e2e", "case: multi"), encoding="utf-8")
    result = _kit("run", "multi.yaml", "--reports-dir", str(tmp_path / "r"), cwd=case_folder)
    assert result.returncode == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1]).parent
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    roles = sorted(i["role"] for i in manifest["inputs"])
    assert roles == ["data", "data", "master", "params"]
    grades = pd.read_csv(run / "grades.csv", dtype={"customer_id": str}, encoding="utf-8-sig").set_index("customer_id")
    assert grades.loc["XSS", "customer_name"] == "Renamed in master"
    ledger = pd.read_csv(run / "ledger.csv", encoding="utf-8-sig", keep_default_na=False)
    assert sorted(set(ledger["source_file"])) == ["orders.csv", "orders2.csv"]


def test_a_large_workbook_is_written_in_the_background_and_the_run_waits_for_it(case_folder, tmp_path):
    """Above report.BACKGROUND_EXCEL_ROWS customers grades.xlsx is written by a process of its own while the
    report notebook runs; the run ends only when it is there (the threshold is lowered here for a small case)."""
    from openpyxl import load_workbook

    notebooks = _notebooks_with(tmp_path, "02_grade.ipynb", "report.BACKGROUND_EXCEL_ROWS = 0")
    result = _kit("run", "e2e.yaml", "--notebooks", str(notebooks), "--reports-dir", str(tmp_path / "reports"),
                  "--no-pdf", cwd=case_folder)
    assert result.returncode == 0, result.stderr
    run = next((tmp_path / "reports" / "e2e").iterdir())
    grading = (run / "notebooks" / "02_grade.ipynb").read_text(encoding="utf-8")
    assert "grades.xlsx: being written in the background" in grading
    assert json.loads((run / "manifest.json").read_text(encoding="utf-8"))["status"] == "succeeded"
    book = load_workbook(run / "grades.xlsx", read_only=True)
    ids = [row[0] for row in book["Customers"].iter_rows(min_row=2, values_only=True)]
    grades = pd.read_csv(run / "grades.csv", dtype={"customer_id": str}, encoding="utf-8-sig")
    assert sorted(ids) == sorted(grades["customer_id"])
    assert not list(run.glob(".grades.xlsx.job")) and not list(run.glob("grades.xlsx.*"))


def test_a_rerun_without_an_exclusion_on_a_renamed_copy_blames_the_rules_not_the_export(tmp_path):
    """QA: the previous run excluded 审核状态 未审核 (--set), the new one read a byte copy of the export under a new
    name and a new quarter's file: restated.csv called the unapproved orders added to the export, and the copy
    was said added and the original no longer read."""
    rows = [(f"S{k:03d}", f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", f"C{k % 7}", f"{100 + k}.00",
             "未审核" if k in (5, 17, 29) else "已审核") for k in range(40)]
    header = "单据编号,单据日期,客户编码,价税合计,审核状态\n"
    (tmp_path / "a.csv").write_text(header + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    shutil.copy(tmp_path / "a.csv", tmp_path / "kd_2025.csv")
    (tmp_path / "kd_2026q1.csv").write_text(header + "N001,2026-02-01,C1,50.00,已审核\n", encoding="utf-8")
    text = textwrap.dedent("""\
        case: restated
        title: Restated
        client: Test client
        language: en
        data:
          path: {path}
          columns: {{customer_id: 客户编码, order_date: 单据日期, amount: 价税合计, order_id: 单据编号}}
        period: {{as_of: {as_of}, months: 12}}
        grading:
          value: {{method: thresholds, thresholds: [500, 1000], labels: [small, general, VIP]}}
        """)
    (tmp_path / "first.yaml").write_text(text.format(path="a.csv", as_of="2025-12-31"), encoding="utf-8")
    (tmp_path / "second.yaml").write_text(text.format(path="kd_*.csv", as_of="2026-03-31"), encoding="utf-8")
    first = _kit("run", "first.yaml", "--set", "cleaning.exclude={审核状态: [未审核]}", "--reports-dir", "r",
                 cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = _kit("run", "second.yaml", "--reports-dir", "r", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    # by hand: the days both runs cover are those of the approved 2025 orders (the first run's) and of every
    # order (the second's): the unapproved orders among them are the ones the changed rule kept now
    days = pd.to_datetime(pd.Series([r[1] for r in rows]))
    approved = days[[r[4] == "已审核" for r in rows]]
    within = [r[0] for r, d in zip(rows, days) if r[4] == "未审核" and approved.min() <= d <= approved.max()]
    assert len(within) == 3
    assert "  data: a.csv renamed kd_2025.csv (same content); kd_2026q1.csv added" in second.stdout
    assert "  data: the cleaning rules changed (cleaning.exclude.审核状态), so the orders kept differ, not the export: " \
           f"{len(within)} added, left out by the previous run's rules" in second.stdout
    assert "differ from the previous run's" not in second.stdout  # no restatement of the export's own
    run = Path(second.stdout.strip().splitlines()[-1]).parent
    restated = pd.read_csv(run / "restated.csv", encoding="utf-8-sig", dtype=str)
    assert sorted(restated["order_id"]) == sorted(within)
    assert set(restated["what"]) == {"added"} and set(restated["why"]) == {"rules"}


def test_the_report_s_charts_have_twice_the_pixels_they_are_shown_at(finished_run):
    """Report QA: charts were PNGs shown 1:1, soft on a high-resolution screen and in report.pdf."""
    import base64
    import re
    import struct

    html = (_run_dir(finished_run) / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*?src="data:image/png;base64,([^"]+)"[^>]*?>', html)
    widths = re.findall(r'<img [^>]*?width="(\d+)"', html)
    assert images and len(widths) == len(images)
    for data, shown in zip(images, widths):
        png = base64.b64decode(data)
        pixels = struct.unpack(">I", png[16:20])[0]  # the IHDR chunk's width
        assert abs(pixels - 2 * int(shown)) <= 1  # shown at half, rounded
