"""A debit/credit pair of amount columns (Debit / Credit, 借方 / 贷方): data.columns.credit nets credit notes,
data.columns.payment sets a receivable ledger's payments aside, and kit init tells the two apart (QA c69)."""

from __future__ import annotations

import datetime as dt
import html
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import write_workbook

from kit import clean
from kit.context import RunPaths
from kit.errors import ParamsError
from kit.io import SOURCE_ROW
from kit.params import Columns, load_params
from kit.scaffold import debit_credit_pair, draft, guess_columns


def _case(tmp_path: Path, data_yaml: str, columns: str, extra: str = "", currency: str = "USD") -> tuple:
    params_path = tmp_path / "case.yaml"
    params_path.write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: en\ncurrency: {currency}\n"
        f"data:\n{data_yaml}  columns: {columns}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"{extra}",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir(exist_ok=True)
    return load_params(params_path), RunPaths(run_dir)


def _ledger(result) -> pd.DataFrame:
    return result.ledger.set_index(["kind", "reason"])


def _reconciles(ledger: pd.DataFrame) -> None:
    read, kept = ledger.loc[("read", ""), "amount"], ledger.loc[("kept", ""), "amount"]
    aside = ledger.loc[ledger.index.get_level_values("kind").isin(["set_aside", "dropped"]), "amount"].sum()
    assert round(read - kept - aside, 2) == 0
    rows = ledger.loc[ledger.index.get_level_values("kind").isin(["set_aside", "dropped", "kept"]), "rows"].sum()
    assert rows == ledger.loc[("read", ""), "rows"]


# --- the QA case: a sales journal, a sale in Debit and a credit note in Credit -----------------------------------

def _sales_journal(n: int = 6000) -> tuple[pd.DataFrame, pd.Series]:
    """QA c69a's journal as its generator writes it (seed 69), and the truth computed apart from it: per customer,
    its sales less its credit notes dated in 2025."""
    random.seed(69)
    rows, truth = [], []
    for i in range(n):
        c = random.randint(1, 120)
        d = dt.date(2024, 12, 1) + dt.timedelta(days=random.randrange(396))
        a = round(random.uniform(50, 8000), 2)
        cr = random.random() < 0.07
        rows.append([d.isoformat(), ("CN" if cr else "INV") + f"{i:06d}", f"CU{c:04d}", f"Customer {c} Ltd", "Goods",
                     "" if cr else f"{a:.2f}", f"{a:.2f}" if cr else ""])
        truth.append((f"CU{c:04d}", d, -a if cr else a))
    journal = pd.DataFrame(rows, columns=["Date", "Invoice No", "Customer Code", "Customer Name", "Description",
                                          "Debit", "Credit"])
    t = pd.DataFrame(truth, columns=["customer_id", "day", "revenue"])
    t = t[(t["day"] >= dt.date(2025, 1, 1)) & (t["day"] <= dt.date(2025, 12, 31))]
    return journal, t.groupby("customer_id")["revenue"].sum().round(2)


_JOURNAL_COLUMNS = ("{customer_id: Customer Code, order_date: Date, order_id: Invoice No, customer_name: Customer Name, "
                    "amount: Debit, credit: Credit}")


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_the_qa_sales_journal_is_graded_on_its_sales_less_its_credit_notes(tmp_path, form):
    """QA c69a: amount: Debit set the 409 credit notes aside (6.8% of lines: the run stopped), and raising the
    limit graded on the sales alone ($1.64M of credit notes added). credit: Credit nets them: $19,172,903.12 in
    2025, every customer's figure as the generator's truth. From a CSV of text cells and from a typed Parquet
    file (NaN for a blank cell, read by SQL alone)."""
    journal, truth = _sales_journal()
    assert round(truth.sum(), 2) == 19_172_903.12  # the QA report's figure
    if form == "csv":
        path = tmp_path / "sales_journal_2025.csv"
        journal.to_csv(path, index=False)
    else:
        path = tmp_path / "sales_journal_2025.parquet"
        typed = journal.assign(**{c: pd.to_numeric(journal[c]) for c in ("Debit", "Credit")},
                               Date=pd.to_datetime(journal["Date"]))
        typed.to_parquet(path, index=False)
    params, paths = _case(tmp_path, f"  path: {path}\n", _JOURNAL_COLUMNS)
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    in_2025 = tx[tx["order_date"].dt.year == 2025]
    got = in_2025.groupby("customer_id")["amount"].sum().round(2)
    pd.testing.assert_series_equal(got.sort_index(), truth.sort_index(), check_names=False)
    assert round(got.sum(), 2) == 19_172_903.12
    ledger = _ledger(result)
    assert ledger.loc[("kept", ""), "rows"] == 6000  # no line set aside
    credits = pd.to_numeric(journal["Credit"], errors="coerce")
    assert ledger.loc[("info", "credit_netted"), "rows"] == int(credits.notna().sum())
    assert ledger.loc[("info", "credit_netted"), "amount"] == pytest.approx(-credits.sum())
    _reconciles(ledger)


# --- cleaning: both sides parsed as amounts are -----------------------------------------------------------------

def test_debit_minus_credit_reads_both_cells_as_money_and_a_line_without_either_is_set_aside(tmp_path):
    """Each side read as an amount is (thousands, currency marks, parentheses); a blank side counts 0; both blank,
    or a cell that is no amount, is a line without an amount, set aside with its reason as before."""
    csv = tmp_path / "journal.csv"
    csv.write_text("Date,Customer,Debit,Credit\n"
                   "2025-01-05,A,\"1,200.50\",\n"        # a sale: 1200.50
                   "2025-01-06,A,,$200.25\n"             # a credit note alone: -200.25
                   "2025-02-01,B,500.00,100.00\n"        # both written: 400
                   "2025-02-02,B,(50.00),\n"             # a sale reversed in brackets: -50
                   "2025-02-03,B,,(30.00)\n"             # a credit reversed in brackets: +30, signs as written
                   "2025-03-01,C,,\n"                    # neither: no amount
                   "2025-03-02,C,10.00,ten\n",           # a credit that is no amount: the line's amount unknown
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Customer, order_date: Date, amount: Debit, credit: Credit}",
                          "cleaning: {max_set_aside_share: 1.0}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [1200.5, -200.25, 400.0, -50.0, 30.0]
    assert "credit" not in tx.columns
    ledger = _ledger(result)
    assert ledger.loc[("set_aside", "bad_amount"), "rows"] == 2
    # what the credits took off: 200.25 + 100, less the 30 of a credit reversed
    assert ledger.loc[("info", "credit_netted"), ["rows", "amount"]].tolist() == [3, -270.25]
    _reconciles(ledger)
    fixes = result.fixes[result.fixes["fix"] == "return netted"]
    assert fixes["before"].iloc[0] == " − $200.25"  # both cells shown as written
    from kit.context import Run
    from kit.report import method_html

    assert "each line's amount is its debit (column Debit) less its credit (column Credit)" in html.unescape(
        method_html(Run(params=params, paths=paths), result.ledger))


@pytest.mark.parametrize("returns, kept, reason", [("net", [100.0, -40.0], None),
                                                   ("set_aside", [100.0], ("set_aside", "return_set_aside")),
                                                   ("drop", [100.0], ("dropped", "return_dropped"))])
def test_a_credit_line_is_a_return_as_cleaning_returns_says(tmp_path, returns, kept, reason):
    csv = tmp_path / "journal.csv"
    csv.write_text("Date,Customer,Debit,Credit\n2025-01-05,A,100,\n2025-01-06,A,,40\n", encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Customer, order_date: Date, amount: Debit, credit: Credit}",
                          f"cleaning: {{returns: {returns}, max_set_aside_share: 1.0}}\n")
    ledger = _ledger(clean.clean_case(params, paths))
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == kept
    if reason:
        assert ledger.loc[reason, ["rows", "amount"]].tolist() == [1, -40.0]
    _reconciles(ledger)


def test_a_chinese_workbook_of_debit_and_credit_in_ten_thousands_yuan(tmp_path):
    """借方金额（万元）/ 贷方金额（万元） in a workbook read by pandas: both sides scaled by data.amount_scale, text
    cells with ¥ and 万 read as the amount column's are, a 红字 (negative) debit a return."""
    book = write_workbook(tmp_path / "2025年销售明细账.xlsx", {"明细账": [
        ["日期", "客户编码", "客户名称", "摘要", "借方金额（万元）", "贷方金额（万元）"],
        [dt.datetime(2025, 1, 5), "K001", "甲医院", "销售商品", 1.2, None],     # 12,000
        [dt.datetime(2025, 2, 10), "K001", "甲医院", "销售退货", None, 0.2],    # -2,000
        [dt.datetime(2025, 3, 1), "K002", "乙医院", "销售商品", "¥0.55", None],  # 5,500
        [dt.datetime(2025, 3, 15), "K002", "乙医院", "销售折让", None, "500元"],  # -500: its own unit, not scaled
        [dt.datetime(2025, 4, 1), "K003", "丙医院", "红字冲销", -0.03, None],    # -300
        [dt.datetime(2025, 4, 2), "K003", "丙医院", "销售商品", 0.1, "0.02"],    # 1,000 - 200
    ]})
    params, paths = _case(tmp_path, f"  path: {book}\n  amount_scale: 10000\n",
                          "{customer_id: 客户编码, order_date: 日期, customer_name: 客户名称, amount: 借方金额（万元）, "
                          "credit: 贷方金额（万元）}", currency="RMB")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx["amount"].tolist() == [12000.0, -2000.0, 5500.0, -500.0, -300.0, 800.0]
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"K001": 10000.0, "K002": 5000.0, "K003": 500.0}
    _reconciles(_ledger(result))


def test_the_in_memory_path_reads_a_debit_and_credit_pair_as_a_file_does():
    """clean_orders (a frame held in memory, as a workbook's sheet is) gives the lines a file gives."""
    raw = pd.DataFrame({"cust": ["A", "A", "B", "B"], "day": ["2025-01-05"] * 4,
                        "Dr": ["100.00", None, "1,000", ""], "Cr": [None, "25.50", "(10)", ""],
                        SOURCE_ROW: range(2, 6)})
    result = clean.clean_orders(raw, Columns(customer_id="cust", order_date="day", amount="Dr", credit="Cr"),
                                source="x.xlsx", max_set_aside_share=1.0)
    assert result.transactions["amount"].tolist() == [100.0, -25.5, 1010.0]
    assert result.quarantine["reason"].tolist() == ["bad_amount"]


# --- a receivable ledger: the credit side is payments -------------------------------------------------------------

def test_a_receivable_ledgers_payments_are_set_aside_as_payments_not_counted_against_the_limit(tmp_path):
    """应收账款明细账: a sale is a debit, a receipt a credit. payment: 贷方 grades on the debit side; the payment
    lines (half the file) are set aside as payments and do not stop the run; a payment beside a debit leaves it."""
    csv = tmp_path / "应收账款明细账.csv"
    csv.write_text("日期,客户编码,摘要,借方,贷方,余额\n"
                   "2025-01-05,K001,销售商品,\"12,000.00\",,12000\n"
                   "2025-02-10,K001,收到货款,,\"10,000.00\",2000\n"
                   "2025-03-01,K002,销售商品,5500.50,,5500.5\n"
                   "2025-03-15,K002,银行收款,,5500.50,0\n"
                   "2025-04-01,K002,销售退货红字,-500.00,,-500\n"
                   "2025-04-02,K002,销售并收款,100.00,100.00,-500\n",
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: 客户编码, order_date: 日期, amount: 借方, payment: 贷方}")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"K001": 12000.0, "K002": 5100.5}
    ledger = _ledger(result)
    assert ledger.loc[("set_aside", "payment"), ["rows", "amount"]].tolist() == [2, 0.0]
    _reconciles(ledger)
    from kit.context import Run
    from kit.report import method_html

    assert "the payments received of column 贷方 are not counted as purchases" in method_html(
        Run(params=params, paths=paths), result.ledger)


# --- a refund on a line without an amount ---------------------------------------------------------------------------

@pytest.mark.parametrize("returns, amounts, aside", [("net", [90.0, -30.0, 50.0], None),
                                                     ("set_aside", [90.0, 50.0], ("set_aside", "return_set_aside")),
                                                     ("drop", [90.0, 50.0], ("dropped", "return_dropped"))])
def test_a_refund_on_a_line_without_an_amount_is_a_return_not_lost_with_the_line(tmp_path, returns, amounts, aside):
    """A refund written on a line whose amount is blank was set aside with the line as "amount missing", its
    refund lost without a word: it is a return of that much, netted, set aside or dropped as cleaning.returns says.
    A refund of 0 beside a blank amount is no refund: that line still has no amount."""
    csv = tmp_path / "orders.csv"
    csv.write_text("Email,Created at,Total,Refunded Amount\n"
                   "a@x.com,2025-01-05,100.00,10.00\n"
                   "a@x.com,2025-01-20,,30.00\n"   # a refund alone
                   "b@x.com,2025-02-01,50.00,\n"
                   "b@x.com,2025-02-02,,0\n"       # nothing at all
                   "c@x.com,2025-02-03,,\n",
                   encoding="utf-8")
    params, paths = _case(tmp_path, f"  path: {csv}\n",
                          "{customer_id: Email, order_date: Created at, amount: Total, refund: Refunded Amount}",
                          f"cleaning: {{returns: {returns}, max_set_aside_share: 1.0}}\n")
    ledger = _ledger(clean.clean_case(params, paths))
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == amounts
    assert ledger.loc[("set_aside", "bad_amount"), "rows"] == 2
    if aside:
        assert ledger.loc[aside, ["rows", "amount"]].tolist() == [1, -30.0]
    _reconciles(ledger)


# --- params -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("columns, match", [
    ("{customer_id: c, order_date: d, quantity: q, unit_price: p, credit: Cr}",
     r"`data.columns.credit` needs amount, the debit column it is subtracted from"),
    ("{customer_id: c, order_date: d, quantity: q, unit_price: p, payment: Cr}",
     r"`data.columns.payment` needs amount, the column of the sales beside the payments"),
    ("{customer_id: c, order_date: d, amount: Debit, cancels: Cr}",
     r"`data.columns.cancels` needs order_id, the column of the order IDs it names"),
    ("{customer_id: c, order_date: d, amount: Debit, credit: Debit}",
     r"`data.columns.credit` names the column 'Debit', which amount names too"),
])
def test_a_credit_or_payment_column_needs_an_amount_column_of_its_own(tmp_path, columns, match):
    (tmp_path / "o.csv").write_text("c,d,q,p,Debit,Cr\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=match):
        _case(tmp_path, f"  path: {tmp_path / 'o.csv'}\n", columns)


# --- kit init -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("debit, credit", [("Debit", "Credit"), ("Dr", "Cr"), ("Debit Amount", "Credit Amount"),
                                           ("借方", "贷方"), ("借方金额", "贷方金额"), ("借方发生额", "贷方发生额"),
                                           ("借方金额（元）", "贷方金额（元）"), ("本期借方", "本期贷方")])
def test_kit_init_recognises_a_debit_and_credit_pair(debit, credit):
    headers = ["Date", "Customer", debit, credit]
    assert debit_credit_pair(headers) == (debit, credit)
    found = guess_columns(headers)
    assert (found["amount"], found["credit"]) == (debit, credit)


def test_an_amount_column_beside_debit_and_credit_stays_the_amount():
    assert guess_columns(["Date", "Customer", "Amount", "Debit", "Credit"]) == {
        "customer_id": "Customer", "order_date": "Date", "amount": "Amount"}


def _drafted(source: Path, tmp_path: Path) -> tuple:
    params_path = tmp_path / "params" / f"{source.stem}.yaml"
    params_path.parent.mkdir(exist_ok=True)
    found = draft(source, params_path)
    params_path.write_text(found.text.replace('currency: "?"', "currency: USD", 1), encoding="utf-8")
    return found, load_params(params_path)


def test_kit_init_drafts_the_qa_journal_as_debit_minus_credit_and_says_why(tmp_path):
    journal, _ = _sales_journal(600)
    path = tmp_path / "sales_journal_2025.csv"
    journal.to_csv(path, index=False)
    found, params = _drafted(path, tmp_path)
    assert (params.columns.amount, params.columns.credit, params.columns.payment) == ("Debit", "Credit", None)
    line = next(x for x in found.text.splitlines() if x.strip().startswith("credit:"))
    n = int((journal["Credit"] != "").sum())
    assert f"debit minus credit: {n} of the sample's {n} credit lines read as credit notes or returns (CN" in line


def test_kit_init_drafts_a_receivable_ledgers_credit_side_as_payments(tmp_path):
    """应收账款明细账: the credit lines read 收到货款, 银行收款: payments, no return. payment: 贷方 is drafted, the
    comment says so, and 期初余额 (a balance carried forward, no sale) is drafted into cleaning.exclude."""
    book = write_workbook(tmp_path / "2025年应收账款明细账.xlsx", {"Sheet1": [
        ["日期", "客户编码", "客户名称", "摘要", "借方", "贷方", "余额"],
        [dt.datetime(2025, 1, 1), "K001", "甲医院", "期初余额", 50000, None, 50000],
        [dt.datetime(2025, 1, 5), "K001", "甲医院", "销售商品", 12000, None, 62000],
        [dt.datetime(2025, 2, 10), "K001", "甲医院", "收到货款", None, 30000, 32000],
        [dt.datetime(2025, 3, 1), "K002", "乙医院", "销售商品", 5500.5, None, 5500.5],
        [dt.datetime(2025, 3, 15), "K002", "乙医院", "银行收款", None, 5500.5, 0],
        [dt.datetime(2025, 12, 1), "K002", "乙医院", "销售退货", -500, None, -500],
    ]})
    found, params = _drafted(book, tmp_path)
    assert (params.columns.amount, params.columns.payment, params.columns.credit) == ("借方", "贷方", None)
    assert params.cleaning.exclude == {"摘要": ["期初余额"]}
    line = next(x for x in found.text.splitlines() if x.strip().startswith("payment:"))
    assert "收款，不是销售：样本 2 行贷方中有 2 行是收款（收到货款 / 银行收款）" in line
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"K001": 12000.0, "K002": 5000.5}


@pytest.mark.parametrize("name, words, key, said", [
    # a credit note named in the remark: netted
    ("2025年销售明细账", ["销售商品", "销售退货"], "credit", "借方减贷方：样本 1 行贷方中有 1 行是退货或红字"),
    # nothing tells: netted, and the comment says what to check
    ("journal", ["Goods", "Goods"], "credit", "nothing in the file names them; if they are payments received"),
    # a statement with no return: payments
    ("customer_statement", ["Goods", "Goods"], "payment", "'customer_statement' marks an accounts-receivable ledger"),
    # payments and a credit note together: the credit note netted, the payment left out by its description (QA cn)
    ("journal", ["Payment received", "Credit note"], "credit",
     "1 read as returns or credit notes (Credit note), netted, and 1 as payments received (Payment received), no "
     "return: cleaning.exclude leaves those out by Description (Payment received)"),
])
def test_kit_init_reads_the_credit_side_by_what_its_lines_say(tmp_path, name, words, key, said):
    rows = [["Date", "Customer", "Description", "Debit", "Credit"],
            ["2025-03-01", "A", "Goods", "100.00", ""],
            ["2025-03-02", "A", words[0], "", "40.00"],
            ["2025-03-03", "B", words[1], "", "10.00"],
            ["2025-03-04", "B", "Goods", "70.00", ""]]
    if "销售" in words[0]:
        rows = [["日期", "客户", "摘要", "借方", "贷方"], *[[r[0], r[1], r[2], r[3], r[4]] for r in rows[1:]]]
        rows[2][4] = ""  # 销售商品 on a sale: one credit line left, the return
        rows[2][3] = "20.00"
    path = tmp_path / f"{name}.csv"
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(path, index=False)
    found, params = _drafted(path, tmp_path)
    assert getattr(params.columns, key) == rows[0][4]
    line = next(x for x in found.text.splitlines() if x.strip().startswith(f"{key}:"))
    assert said in line


def test_a_revenue_accounts_ledger_asks_which_side_holds_the_sales(tmp_path):
    path = tmp_path / "主营业务收入明细账.csv"
    pd.DataFrame({"日期": ["2025-03-01", "2025-03-31"], "客户": ["A", "A"], "摘要": ["销售商品", "结转本年利润"],
                  "借方": ["", "100.00"], "贷方": ["100.00", ""]}).to_csv(path, index=False)
    found, _ = _drafted(path, tmp_path)
    assert any("像是收入类科目的明细账，销售记在贷方" in getattr(n, "zh", "") for n in found.notes)
    assert np.any(["amount: '贷方'" in x for x in found.text.splitlines() if x.strip().startswith("credit:")])


def test_kit_init_says_when_the_credits_are_written_negative(tmp_path):
    """A credit subtracted as written: a column writing its credits as negative numbers would add them to the
    sales; the comment asks to check the sign."""
    path = tmp_path / "journal.csv"
    pd.DataFrame({"Date": ["2025-03-01", "2025-03-02", "2025-03-03"], "Customer": ["A", "A", "B"],
                  "Debit": ["100.00", "", ""], "Credit": ["", "-40.00", "-10.00"]}).to_csv(path, index=False)
    found, params = _drafted(path, tmp_path)
    assert params.columns.credit == "Credit"
    line = next(x for x in found.text.splitlines() if x.strip().startswith("credit:"))
    assert "all 2 of its figures are negative: credits written as negative numbers, so the run reads each as its " \
        "size (debit − |credit|)" in line
    path.write_text("Date,Customer,Debit,Credit\n2025-03-01,A,100.00,\n2025-03-02,A,,-40.00\n2025-03-03,B,,-10.00\n"
                    "2025-03-04,B,,5.00\n", encoding="utf-8")
    found, params = _drafted(path, tmp_path)
    line = next(x for x in found.text.splitlines() if x.strip().startswith("credit:"))
    assert "but 2 of its 3 figures are negative, and a credit is subtracted as written" in line


@pytest.mark.parametrize("memory", [False, True])
def test_a_credit_column_written_all_negative_is_read_as_the_credits_sizes(tmp_path, memory):
    """Credits written −500 for a credit of 500 (no credit above 0 in the whole column) were subtracted as written,
    so each added to the sales; where the column holds positive credits, a negative one is a credit reversed."""
    cells = {"cust": ["A", "A", "B", "B", "C"], "day": ["2025-01-05", "2025-01-06", "2025-02-01", "2025-02-02",
                                                        "2025-03-01"],
             "Dr": ["1,000.00", "", "300", "200", "50"], "Cr": ["", "-500.00", "-100", "", "0"]}
    columns = Columns(customer_id="cust", order_date="day", amount="Dr", credit="Cr")
    if memory:
        raw = pd.DataFrame({**cells, SOURCE_ROW: range(2, 7)})
        result = clean.clean_orders(raw, columns, source="x.xlsx", max_set_aside_share=1.0)
        tx = result.transactions
    else:
        pd.DataFrame(cells).to_csv(tmp_path / "j.csv", index=False)
        params, paths = _case(tmp_path, f"  path: {tmp_path / 'j.csv'}\n",
                              "{customer_id: cust, order_date: day, amount: Dr, credit: Cr}")
        result = clean.clean_case(params, paths)
        tx = pd.read_parquet(paths.transactions)
        said = clean.credit_sign_note(paths, currency="USD", lang="en")
        assert said.startswith("The credit column (or a sheet or a block of it under a header row of its own) holds "
                               "its credits as negative numbers (none above 0): 2 credits "
                               "($600 in all) were read as their size")
        assert "2 行贷方按绝对值（共 $600）从借方中扣除" in clean.credit_sign_note(paths, currency="USD", lang="zh")
    # by hand: A 1000 − 500, B 300 − 100 and 200, C 50 − 0
    assert tx["amount"].tolist() == [1000.0, -500.0, 200.0, 200.0, 50.0]
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"A": 500.0, "B": 400.0, "C": 50.0}
    ledger = _ledger(result)
    assert ledger.loc[("info", "credit_sign"), ["rows", "amount"]].tolist() == [2, -600.0]
    _reconciles(ledger)


def test_a_negative_credit_beside_positive_ones_is_a_credit_reversed_as_written(tmp_path):
    pd.DataFrame({"cust": ["A", "A", "A"], "day": ["2025-01-05", "2025-01-06", "2025-01-07"],
                  "Dr": ["1000", "", ""], "Cr": ["", "300", "-100"]}).to_csv(tmp_path / "j.csv", index=False)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'j.csv'}\n",
                          "{customer_id: cust, order_date: day, amount: Dr, credit: Cr}")
    result = clean.clean_case(params, paths)
    # by hand: 1000 − 300 − (−100): the reversal of a credit adds back
    assert pd.read_parquet(paths.transactions)["amount"].tolist() == [1000.0, -300.0, 100.0]
    assert ("info", "credit_sign") not in _ledger(result).index
    assert clean.credit_sign_note(paths, lang="en") is None


def test_kit_init_nets_credit_notes_when_a_type_column_leaves_the_payments_out(tmp_path):
    """An export of invoices, credit notes and payments with a Type column: the payments are drafted into
    cleaning.exclude (as for any export of every kind of document), the credit notes left are netted, and the
    comment says both. B bought 70 and was credited 20; the payments count for nothing."""
    path = tmp_path / "ar_export.csv"
    path.write_text("Date,Customer,Type,Number,Debit,Credit\n2025-03-01,A,Invoice,INV-1,100.00,\n"
                    "2025-03-02,A,Payment,PAY-1,,100.00\n2025-03-03,B,Invoice,INV-2,70.00,\n"
                    "2025-03-04,B,Credit Note,CN-1,,20.00\n2025-03-05,B,Payment,PAY-2,,50.00\n", encoding="utf-8")
    found, params = _drafted(path, tmp_path)
    assert (params.columns.credit, params.cleaning.exclude) == ("Credit", {"Type": ["Payment"]})
    line = next(x for x in found.text.splitlines() if x.strip().startswith("credit:"))
    assert "(2 payment lines, Payment in Type, are left out by cleaning.exclude)" in line
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"A": 100.0, "B": 50.0}


def _red_credit_book(path: Path) -> Path:
    """A journal with a sale in Debit and a credit note in Credit; one credit and one debit in red font."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Journal"
    sheet.append(["Date", "Customer", "Debit", "Credit"])
    for line in [("2025-01-05", "A", 1000, None), ("2025-01-06", "A", None, 300), ("2025-01-07", "A", None, 200),
                 ("2025-02-01", "B", 500, None), ("2025-02-02", "B", 50, None)]:
        sheet.append(list(line))
    sheet["D4"].font = Font(color="FFFF0000")  # A's credit of 200 in red: the credit reversed
    sheet["C6"].font = Font(color="FFFF0000")  # B's debit of 50 in red: a return
    book.save(path)
    return path


def test_a_credit_in_red_font_is_a_credit_reversed(tmp_path):
    """Red font was read in the debit column only: a red credit (a credit reversed) was subtracted as a credit."""
    from kit.errors import DataError

    book = _red_credit_book(tmp_path / "journal.xlsx")
    columns = "{customer_id: Customer, order_date: Date, amount: Debit, credit: Credit}"
    params, paths = _case(tmp_path, f"  path: {book}\n", columns)
    with pytest.raises(DataError, match="2 positive amounts of 'Debit / Credit' in red font"):
        clean.clean_case(params, paths)  # the red credit is named beside the red debit
    params, paths = _case(tmp_path, f"  path: {book}\n", columns, "cleaning: {red_amounts: returns}\n")
    told = []
    result = clean.clean_case(params, paths, note=told.append)
    tx = pd.read_parquet(paths.transactions)
    # by hand: A 1000 − 300 − (−200) = 900; B 500 − 50 = 450
    assert tx["amount"].tolist() == [1000.0, -300.0, 200.0, 500.0, -50.0]
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"A": 900.0, "B": 450.0}
    assert any("journal.xlsx: 1 credit in red font (200.00 in all) counted as a credit reversed" in x for x in told)
    assert any("journal.xlsx: 1 amount in red font (红字, 50.00 in all) counted as a return" in x for x in told)
    _reconciles(_ledger(result))


@pytest.mark.parametrize("others", [[], [-500, -100]])
def test_a_red_credit_stays_a_credit_reversed_whatever_the_column_s_other_credits(tmp_path, others):
    """A red credit is made negative (a credit reversed): the file's only credit in red then made the column look
    written negative, and it was read back as its size, so subtracted where it is to be added back; beside credits
    written negative (−500, −100: read as their sizes) it stays a credit reversed."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Customer", "Debit", "Credit"])
    lines = [("2025-01-05", "A", 1000, None), ("2025-01-07", "A", None, 200), ("2025-02-01", "B", 500, None),
             *[("2025-02-02", "B", None, x) for x in others]]
    for line in lines:
        sheet.append(list(line))
    sheet["D3"].font = Font(color="FFFF0000")  # A's credit of 200 in red: reversed
    book.save(tmp_path / "j.xlsx")
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'j.xlsx'}\n",
                          "{customer_id: Customer, order_date: Date, amount: Debit, credit: Credit}",
                          "cleaning: {red_amounts: returns}\n")
    result = clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    # by hand: A 1000 − (−200) = 1200; B 500 (− 500 − 100 where written negative)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"A": 1200.0, "B": 500.0 - sum(-x for x in others)}
    ledger = _ledger(result)
    if others:
        assert ledger.loc[("info", "credit_sign"), ["rows", "amount"]].tolist() == [2, -600.0]
    else:
        assert ("info", "credit_sign") not in ledger.index
    _reconciles(ledger)


@pytest.mark.parametrize("layout", ["two_sheets", "two_blocks"])
def test_each_sheet_or_block_writes_its_credits_its_own_way(tmp_path, layout):
    """January writes its credits negative (−200, −50, −10: none above 0), February positive (100) with one credit
    reversed (−30). One sign for the sheet read January's credits as reversed, added back; each sheet (a workbook of
    two) and each block under a header row of its own (a sheet of two months, one below the other) has its own."""
    header = ["客户编码", "日期", "借方", "贷方"]
    day = dt.datetime.fromisoformat
    january = [["A", day("2025-01-05"), 1000, None], ["A", day("2025-01-10"), None, -200],
               ["B", day("2025-01-12"), 500, None], ["B", day("2025-01-15"), None, -50],
               ["A", day("2025-01-20"), None, -10]]
    february = [["A", day("2025-02-05"), 800, None], ["B", day("2025-02-10"), None, 100],
                ["B", day("2025-02-12"), 300, None], ["A", day("2025-02-15"), None, -30]]
    if layout == "two_sheets":
        sheets = {"一月": [header, *january], "二月": [header, *february]}
    else:
        sheets = {"明细": [header, *january, [None] * 4, header, *february]}
    write_workbook(tmp_path / "j.xlsx", sheets)
    params, paths = _case(tmp_path, f"  path: {tmp_path / 'j.xlsx'}\n" + ("  sheet: all\n" if len(sheets) > 1 else ""),
                          "{customer_id: 客户编码, order_date: 日期, amount: 借方, credit: 贷方}")
    clean.clean_case(params, paths)
    tx = pd.read_parquet(paths.transactions)
    # by hand: January 1000 − 200 − 10 (A), 500 − 50 (B); February 800 + 30 (A, a credit reversed), 300 − 100 (B)
    assert tx["amount"].tolist() == [1000.0, -200.0, 500.0, -50.0, -10.0, 800.0, -100.0, 300.0, 30.0]
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"A": 1620.0, "B": 650.0}
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig")
    sign = ledger.loc[ledger["reason"] == "credit_sign"]
    assert sign["rows"].sum() == 3 and sign["amount"].sum() == -260.0
    # the note says a sheet or block wrote them so, not the whole column (February's credits are positive)
    said = clean.credit_sign_note(paths, currency="RMB", lang="en")
    assert said is not None and said.startswith("The credit column (or a sheet or a block of it under a header row "
                                                "of its own) holds its credits as negative numbers (none above 0): "
                                                "3 credits")
