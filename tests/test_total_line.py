"""A file's own grand-total line against the lines kept (QA c123: returns written positive were counted as sales,
+4.0%, while the file's 合计 line, set aside, held the right figure, and nothing said so)."""

from pathlib import Path

from kit import clean
from kit.context import RunPaths
from kit.params import load_params


def _run(tmp_path: Path, body: str, extra: str = "") -> RunPaths:
    (tmp_path / "orders.csv").write_text("单据类型,状态,客户,日期,金额\n" + body, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: zh\n"
        f"data:\n  path: {tmp_path / 'orders.csv'}\n  columns: {{customer_id: 客户, order_date: 日期, amount: 金额}}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"cleaning: {{max_set_aside_share: 0.5{extra}}}\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(load_params(tmp_path / "case.yaml"), paths)
    return paths


LINES = "销货单,,A,2025-03-01,100\n销货单,,B,2025-03-02,50\n销货退货单,,A,2025-03-05,30\n"


def test_a_total_line_the_kept_lines_do_not_add_up_to_is_said(tmp_path):
    paths = _run(tmp_path, LINES + ",,合计,,120\n")  # 100 + 50 - 30: the return written positive, counted as a sale
    said = clean.total_line_note(paths, currency="RMB", lang="zh")
    assert said is not None
    assert "合计行写 ¥120，保留的订单行合计 ¥180（+50.0%）" in said
    assert "orders.csv" in said


def test_a_total_line_that_agrees_is_not_said(tmp_path):
    assert clean.total_line_note(_run(tmp_path, LINES + ",,合计,,180\n"), lang="zh") is None


def test_a_total_line_counting_the_lines_left_out_too_is_not_said(tmp_path):
    """An export's 合计 sums its cancelled lines as well: excluded by the params, not a sign of a wrong figure."""
    body = "销货单,,A,2025-03-01,100\n销货单,已取消,B,2025-03-02,50\n,,合计,,150\n"
    paths = _run(tmp_path, body, ", exclude: {状态: [已取消]}")
    assert clean.total_line_note(paths, lang="zh") is None
    (tmp_path / "other").mkdir()
    body = "销货单,,A,2025-03-01,100\n销货单,已取消,B,2025-03-02,50\n,,合计,,40\n"  # neither 100 nor 150
    assert clean.total_line_note(_run(tmp_path / "other", body, ", exclude: {状态: [已取消]}"), lang="zh") is not None


def test_a_total_line_summing_the_returns_as_written_is_not_said(tmp_path):
    """金蝶's 序时簿 writes a 红字 return with a positive amount and sums it so in its 合计 line (QA c83: exact, yet
    the total line 15.6% above the lines kept); the run negates it by returns_marked."""
    body = LINES + ",,合计,,180\n"  # 100 + 50 + 30, the return as written
    paths = _run(tmp_path, body, ", returns_marked: {单据类型: [销货退货单]}")
    assert clean.total_line_note(paths, lang="zh") is None
    (tmp_path / "other").mkdir()
    paths = _run(tmp_path / "other", LINES + ",,合计,,300\n", ", returns_marked: {单据类型: [销货退货单]}")
    assert clean.total_line_note(paths, lang="zh") is not None  # neither 120 nor 180



def test_a_total_line_in_wan_yuan_under_lines_in_yuan_is_not_said(tmp_path):
    """合计 written as 1.8 (万元) under lines of ¥10,000 + ¥5,000 + ¥3,000: the same figure, in another unit (said
    before as +999,900%, asking about returns)."""
    body = "销货单,,A,2025-03-01,10000\n销货单,,B,2025-03-02,5000\n销货单,,A,2025-03-05,3000\n,,合计,,1.8\n"
    assert clean.total_line_note(_run(tmp_path, body), lang="zh") is None
    (tmp_path / "other").mkdir()
    body = body.replace(",,合计,,1.8", ",,合计,,2.5")  # ¥25,000: neither unit agrees
    assert clean.total_line_note(_run(tmp_path / "other", body), lang="zh") is not None


def _excel_text_csv(tmp_path: Path, total: str, *, order_ids: bool = True) -> Path:
    """A CSV written the Excel way, every cell as ="…", its last line ="合计" and the column's total (in the order
    number's column, or without one in the customer's)."""
    lines = [("D01", "C001", "2025-03-05", "1234.50"), ("D02", "C002", "2025-04-01", "100.25"),
             ("D03", "C001", "2025-05-01", "200.00"), ("D04", "C003", "2025-06-01", "65.25"),
             ("合计", "", "", total)]
    if not order_ids:
        lines = [line[1:] for line in lines[:-1]] + [("合计", None, total)]  # its date a cell left empty
    body = "".join(",".join("" if cell is None else f'="{cell}"' for cell in line) + "\n" for line in lines)
    header = "单据编号,客户编码,订单日期,金额" if order_ids else "客户编码,订单日期,金额"
    (tmp_path / "orders.csv").write_text(header + "\n" + body, encoding="utf-8")
    return tmp_path / "orders.csv"


def _run_excel_text(tmp_path: Path, total: str) -> RunPaths:
    source = _excel_text_csv(tmp_path, total)
    (tmp_path / "case.yaml").write_text(
        "case: t\ntitle: T\nclient: C\nlanguage: zh\n"
        f"data:\n  path: {source}\n"
        "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额, order_id: 单据编号}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    paths = RunPaths(tmp_path / "run")
    clean.clean_case(load_params(tmp_path / "case.yaml"), paths)
    return paths


def test_an_excel_text_total_line_is_the_files_total_line(tmp_path):
    """="合计" (a CSV writing every cell as Excel's text) is the file's total line, as 合计 is: set aside as such,
    not as a line without a customer ID, and no note (it stopped the run, or said "50.0% of amounts unusable")."""
    import pandas as pd

    paths = _run_excel_text(tmp_path, "1600.00")  # 1234.50 + 100.25 + 200.00 + 65.25
    ledger = pd.read_csv(paths.ledger, encoding="utf-8-sig", dtype=str)
    aside = ledger.loc[ledger["kind"] == "set_aside"]
    assert aside["reason"].tolist() == ["total_row"]
    assert aside["rows"].tolist() == ["1"] and aside["amount"].tolist() == ["1600.00"]
    assert ledger.loc[ledger["kind"] == "kept", "amount"].tolist() == ["1600.00"]
    assert clean.unusable_lines(paths) is None
    assert clean.total_line_note(paths, lang="zh") is None
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["customer_id"]) == ["C001", "C001", "C002", "C003"]
    assert sorted(kept["amount"].round(2)) == [65.25, 100.25, 200.00, 1234.50]


def test_an_excel_text_total_line_that_does_not_agree_is_said(tmp_path):
    said = clean.total_line_note(_run_excel_text(tmp_path, "1700.00"), lang="zh")
    assert said is not None and "合计行写 ¥1,700，保留的订单行合计 ¥1,600" in said


def test_kit_init_does_not_take_an_excel_text_total_line_for_a_date_written_once(tmp_path):
    """The total line's empty date (="") is no day written once above its lines: no data.fill_down drafted."""
    from kit.scaffold import draft

    found = draft(_excel_text_csv(tmp_path, "1600.00", order_ids=False), tmp_path / "case.yaml")
    assert "fill_down" not in found.text
