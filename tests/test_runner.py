from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from kit.errors import ParamsError
from kit.runner import describe_failure, load_cases, new_run_dir


def test_run_dirs_sort_by_time_and_never_collide(tmp_path):
    now = dt.datetime(2026, 11, 23, 11, 22, 33, 481516, tzinfo=dt.timezone.utc)
    first = new_run_dir(tmp_path, now=now)
    second = new_run_dir(tmp_path, now=now)
    later = new_run_dir(tmp_path, now=now + dt.timedelta(microseconds=1))
    assert first.name == "20261123-112233-481516"
    assert second.name == "20261123-112233-481516-1"
    assert sorted([later.name, second.name, first.name]) == [first.name, second.name, later.name]


def test_run_dirs_unique_under_concurrency(tmp_path):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    made = []
    threads = [threading.Thread(target=lambda: made.append(new_run_dir(tmp_path, now=now))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({p.name for p in made}) == 16


def test_all_params_files_are_checked_before_anything_runs(write_params, valid_params_text):
    good = write_params(valid_params_text, "good.yaml")
    bad1 = write_params(valid_params_text.replace("months: 12", "months: -1"), "bad1.yaml")
    bad2 = write_params(valid_params_text.replace("case: demo", "case: X Y"), "bad2.yaml")
    with pytest.raises(ParamsError) as info:
        load_cases([good, bad1, bad2], [])
    message = str(info.value)
    assert "bad1.yaml" in message and "bad2.yaml" in message and "good.yaml" not in message


def test_kit_check_marks_each_problem_as_an_error(write_params, valid_params_text, capsys):
    """Found in QA: with two bad params files only the first line of the output read "error:"."""
    from kit.cli import main

    bad1 = write_params(valid_params_text.replace("months: 12", "months: -1"), "bad1.yaml")
    bad2 = write_params(valid_params_text.replace("case: demo", "case: X Y"), "bad2.yaml")
    assert main(["check", str(bad1), str(bad2)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert "bad1.yaml" in lines[0] and "bad2.yaml" in lines[1]


class _FakeExecutionError(Exception):
    def __init__(self):
        super().__init__("x")
        self.ename, self.evalue = "ValueError", "boom"
        self.cell_index, self.exec_count = 4, 3
        self.source = "a = 1\nraise ValueError('boom')"


def test_describe_failure_names_notebook_cell_and_error():
    text = describe_failure("02_grade.ipynb", _FakeExecutionError())
    # papermill counts its injected parameters cell: index 4 there is the 4th cell of the source notebook
    assert text.splitlines()[0] == "02_grade.ipynb failed in cell 4 (In [3]): ValueError: boom"
    assert "raise ValueError('boom')" in text


def test_describe_failure_of_a_kit_error_is_its_plain_message():
    exc = _FakeExecutionError()
    exc.ename, exc.evalue = "DataError", "orders.csv: the file is empty"
    assert describe_failure("01_clean.ipynb", exc) == "01_clean.ipynb stopped in cell 4 (In [3]): orders.csv: the file is empty"


def test_kernel_started_ahead_runs_a_notebook_with_the_kit_imported_and_nothing_in_its_namespace(tmp_path):
    import nbformat

    from kit.runner import Kernels, execute_notebook

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "tiering-kit", "display_name": "Python (tiering-kit)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sys, os\n"
                                  "print(sorted(n for n in dir() if not n.startswith('_')))\n"
                                  "print('kit.report' in sys.modules, os.getcwd())"),
    ]
    source, target, cold = tmp_path / "in.ipynb", tmp_path / "out.ipynb", tmp_path / "cold.ipynb"
    nbformat.write(nb, str(source))
    work = tmp_path / "work"
    work.mkdir()
    with Kernels(work) as kernels:
        kernels.start("in.ipynb", kernel_log=tmp_path / "k.log")
        km = kernels.take("in.ipynb")
        pid = km.provisioner.process.pid
        execute_notebook(source, target, {"x": 2}, cwd=work, km=km)
        kernels.stop("in.ipynb")
    execute_notebook(source, cold, {"x": 2}, cwd=work)  # a kernel started by papermill, nothing imported ahead

    def printed(path):
        out = nbformat.read(str(path), as_version=4)
        return "".join(o.get("text", "") for o in out.cells[-1].outputs).splitlines()

    warm_names, warm_flags = printed(target)
    cold_names, cold_flags = printed(cold)
    assert warm_names == cold_names and "'x'" in warm_names and "kit" not in warm_names  # warming bound nothing
    assert warm_flags == f"True {work}" and cold_flags == f"False {work}"
    with pytest.raises(ProcessLookupError):  # the kernel has exited
        os.kill(pid, 0)


def test_a_kernel_stopped_while_it_starts_is_shut_down(tmp_path):
    """Stopping at once (a notebook failed right after the next kernel was started) leaves no process behind."""
    import psutil

    from kit.runner import Kernels

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with Kernels(tmp_path) as kernels:
        kernels.start("a.ipynb")
        kernels.start("b.ipynb")
        folders = [private for _, _, private in kernels.started.values()]
        kernels.stop("a.ipynb")
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and p.is_running()
            and p.status() != psutil.STATUS_ZOMBIE]
    assert left == []
    assert not any(folder.exists() for folder in folders)


def test_a_page_that_failed_to_render_is_not_linked_when_a_later_notebook_fails(tmp_path, write_params,
                                                                                 valid_params_text, monkeypatch):
    """Pages render while the next notebook runs: a failed render must not leave a link to a missing page."""
    from kit import runner
    from kit.context import RunPaths
    from kit.params import load_params

    class FakeKernels:
        def take(self, name):
            return None

        def start(self, *args, **kwargs):
            pass

        def stop(self, name):
            pass

    def execute(source, target, parameters, *, cwd, km):
        if "02_" in target.name:
            raise RuntimeError("the grading notebook broke")
        target.write_text("{}", encoding="utf-8")

    def render(notebook, target, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(runner, "execute_notebook", execute)
    monkeypatch.setattr(runner, "render_html", render)
    paths = RunPaths(tmp_path / "run")
    paths.notebooks.mkdir(parents=True)
    params_file = write_params(valid_params_text)
    case = runner.Case(params_file=params_file, overrides=[], params=load_params(params_file))
    manifest = {"notebooks": []}
    outcome = runner.Outcome(case="demo", run_dir=paths.root)
    runner._execute_case(case, paths, manifest, outcome, notebooks_dir=tmp_path, log=lambda line: None, pdf=False,
                         started=0.0, kernels=FakeKernels())
    assert "the grading notebook broke" in outcome.error
    first, second = manifest["notebooks"][:2]
    assert first["status"] == "succeeded" and "html" not in first  # its page never got written
    assert second["status"] == "failed"


def test_headers_of_csv_and_parquet_files_are_checked_before_a_run_folder_is_made(tmp_path, write_params):
    """`kit check` passed a misspelt header, or kit init's ? placeholder; the run failed in its first notebook."""
    import pandas as pd

    (tmp_path / "o.csv").write_text("2025年销售明细\n客户编码,订单日期,金额\nH1,2025-03-05,1\n", encoding="gb18030")
    pd.DataFrame({"cust": ["H1"], "day": ["2025-03-05"], "amt": [1.0]}).to_parquet(tmp_path / "o.parquet")
    base = "case: c\ntitle: t\nclient: c\nlanguage: en\nperiod: {as_of: 2025-12-31, months: 12}\ngrading: {value: {method: pareto}}\n"
    good = write_params(base + "data:\n  path: o.csv\n  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额}\n",
                        "good.yaml")
    typo = write_params(base + "data:\n  path: o.csv\n  columns: {customer_id: 客户代码, order_date: 订单日期, amount: 金额}\n",
                        "typo.yaml")
    unset = write_params(base + "data:\n  path: o.parquet\n  columns: {customer_id: cust, order_date: '?', amount: amt}\n",
                         "unset.yaml")
    assert [c.params.case for c in load_cases([good], [])] == ["c"]
    with pytest.raises(ParamsError) as info:
        load_cases([good, typo, unset], [])
    lines = str(info.value).splitlines()
    assert lines[0] == (f"o.csv: column '客户代码' for `data.columns.customer_id` is not in the file; closest is "
                        f"'客户编码'; the file's headers are: 客户编码, 订单日期, 金额 ({typo})")
    assert lines[1] == ("o.parquet: `data.columns.order_date` is still '?', the mark `kit init` leaves for a column "
                        f"it did not recognise; put there the header of that column, one of: cust, day, amt ({unset})")
    assert len(lines) == 2


def test_an_empty_file_is_told_by_kit_check_not_first_by_the_run(tmp_path, write_params):
    (tmp_path / "o.csv").write_bytes(b"")  # an export saved while the query still ran
    text = ("case: c\ntitle: t\nclient: c\nlanguage: en\nperiod: {as_of: 2025-12-31, months: 12}\n"
            "grading: {value: {method: pareto}}\ndata:\n  path: o.csv\n"
            "  columns: {customer_id: 客户编码, order_date: 订单日期, amount: 金额}\n")
    path = write_params(text, "p.yaml")
    with pytest.raises(ParamsError) as info:
        load_cases([path], [])
    assert str(info.value) == f"o.csv: the file is empty ({path})"


def test_workbook_headers_are_checked_by_kit_check_and_a_placeholder_before_any_run(tmp_path, write_params):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["手工台账"])
    sheet = book.create_sheet("进货")
    sheet.append(["经销商代码", "日期", "金额"])
    sheet.append(["D1", "2025-03-05", 1])
    book.save(tmp_path / "b.xlsx")
    base = ("case: c\ntitle: t\nclient: c\nperiod: {as_of: 2025-12-31, months: 12}\n"
            "grading: {value: {method: pareto}}\ndata:\n  path: b.xlsx\n  sheet: 进货\n")
    unset = write_params(base + "  columns: {customer_id: '?', order_date: 日期, amount: 金额}\n", "unset.yaml")
    typo = write_params(base + "  columns: {customer_id: 经销商编码, order_date: 日期, amount: 金额}\n", "typo.yaml")
    with pytest.raises(ParamsError) as info:
        load_cases([unset], [])  # as kit run does: a placeholder needs no reading of the data to be wrong
    # told in the case's language (zh when the params do not say)
    assert str(info.value) == (
        "b.xlsx：`data.columns.customer_id` 仍是 '?'，这是 kit init 对未能识别的列留下的标记；"
        f"请填入该列的表头，可选：经销商代码, 日期, 金额 ({unset})")
    assert [c.params.case for c in load_cases([typo], [])] == ["c"]  # a run reads the workbook once, later
    with pytest.raises(ParamsError, match=r"b.xlsx: column '经销商编码' for `data.columns.customer_id` is not in the "
                                          r"file; closest is '经销商代码'"):
        load_cases([typo], ["language=en"], workbooks=True)  # kit check reads it now
    from kit.cli import main

    assert main(["check", str(typo)]) == 2
    every = write_params(base.replace("sheet: 进货", "sheet: all")
                         + "  columns: {customer_id: '?', order_date: 日期, amount: 金额}\n", "every.yaml")
    with pytest.raises(ParamsError) as info:  # no sheet can hold '?': the mark is named, with the closest sheet
        load_cases([every], ["language=en"])
    assert str(info.value).startswith("b.xlsx [进货]: `data.columns.customer_id` is still '?', the mark `kit init` "
                                      "leaves for a column it did not recognise; put there the header of that "
                                      "column, one of: 经销商代码, 日期, 金额")


def test_the_index_links_every_file_of_the_run_that_exists_with_what_it_holds(tmp_path, write_params,
                                                                                 valid_params_text):
    import re

    from kit.context import RunPaths
    from kit.params import load_params
    from kit.runner import write_index

    params = load_params(write_params(valid_params_text))
    paths = RunPaths(tmp_path / "run")
    (paths.root / "notebooks").mkdir(parents=True)
    present = ["report.html", "grades.xlsx", "grades.csv", "tiers.csv", "rules.csv", "migration.csv",
               "sensitivity.csv", "grades.parquet", "ledger.csv", "quarantine.csv", "fixes.csv", "memory.csv",
               "transactions.parquet",
               "notebooks/01_clean.html", "notebooks/02_grade.html", "notebooks/03_report.html",
               "notebooks/01_clean.ipynb", "notebooks/progress.log", "manifest.json", "params.json"]
    for name in present:
        (paths.root / name).write_text("x", encoding="utf-8")
    write_index(paths, params)
    text = paths.index_html.read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', text) == present  # report.pdf and master_check.csv absent: not linked
    assert "<li><a href=\"fixes.csv\">fixes.csv</a> — " in text
    import xlsxwriter

    book = xlsxwriter.Workbook(paths.root / "grades.xlsx")  # a real workbook: described by its own sheets
    for name in ("Summary", "Customers", "Data quality"):
        book.add_worksheet(name)
    book.close()
    write_index(paths, params)
    assert "grades.xlsx</a> — Excel (headers with filters), sheets: Summary, Customers, Data quality</li>" in \
        paths.index_html.read_text(encoding="utf-8")


def test_compare_with_a_run_not_found_stops_before_a_run_folder_is_made(write_params, valid_params_text, tmp_path,
                                                                         capsys):
    from kit.cli import main

    params = write_params(valid_params_text)
    reports = tmp_path / "reports"
    assert main(["run", str(params), "--reports-dir", str(reports), "--compare-with", "20250101-000000-000001"]) == 2
    assert capsys.readouterr().err == (f"error: --compare-with: no run 20250101-000000-000001 in {reports / 'demo'}; "
                                       "the case has no successful run yet\n")
    assert not reports.exists()
    other = write_params(valid_params_text.replace("case: demo", "case: other"), "other.yaml")
    assert main(["run", str(params), str(other), "--reports-dir", str(reports), "--compare-with", "x"]) == 2
    assert "give one params file (this call gave 2)" in capsys.readouterr().err
    chinese = write_params(valid_params_text.replace("case: demo", "case: zh").replace("language: en", "language: zh"),
                           "zh.yaml")
    assert "language: zh" in chinese.read_text(encoding="utf-8")
    assert main(["run", str(chinese), str(other), "--reports-dir", str(reports), "--compare-with", "x"]) == 2
    assert "请只给一个参数文件（本次给了 2 个）" in capsys.readouterr().err


@pytest.mark.parametrize("lang, shown, hidden", [("zh", "订单数据清洗", "Cleaning the orders"),
                                                 ("en", "Cleaning the orders", "订单数据清洗")])
def test_a_notebook_page_shows_its_narrative_in_the_case_s_language(tmp_path, lang, shown, hidden):
    import nbformat

    from kit.runner import render_html

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Cleaning the orders", metadata={"tags": ["en"]}),
        nbformat.v4.new_markdown_cell("# 订单数据清洗", metadata={"tags": ["zh"]}),
        nbformat.v4.new_markdown_cell("Both: `cleaning.exclude`"),
        nbformat.v4.new_code_cell("print('rows')", metadata={"tags": ["en"]}),  # code is never left out
    ])
    source, page = tmp_path / "nb.ipynb", tmp_path / "nb.html"
    nbformat.write(nb, str(source))
    render_html(source, page, lang=lang)
    text = page.read_text(encoding="utf-8")
    assert shown in text and hidden not in text
    assert "cleaning.exclude" in text and "print" in text
    assert f'<html lang="{lang}"' in text


def test_a_run_folder_that_cannot_be_made_is_said_in_a_sentence(tmp_path):
    """Security QA: a file at reports/<case>, or a --reports-dir under /proc, gave a FileExistsError traceback."""
    from kit.errors import RunError
    from kit.runner import new_run_dir

    (tmp_path / "case").write_text("in the way", encoding="utf-8")
    with pytest.raises(RunError, match=r"cannot make the run folder's parent '.*case': File exists; choose another"):
        new_run_dir(tmp_path / "case")


def test_a_kit_error_in_a_notebook_is_its_sentence_without_a_traceback(capsys):
    """QA: a run stopped on purpose (a DataError) left a full Python traceback in its notebooks' HTML; a bug still
    shows one."""
    from IPython.core.interactiveshell import InteractiveShell

    import kit.context

    shell = InteractiveShell.instance()
    try:
        import IPython

        original = IPython.get_ipython
        IPython.get_ipython = lambda: shell
        kit.context.plain_errors()
    finally:
        IPython.get_ipython = original
    capsys.readouterr()
    result = shell.run_cell("from kit.errors import DataError\nraise DataError('o.csv: no column 金额')")
    said = capsys.readouterr()
    assert result.error_in_exec is not None  # the cell failed: papermill and the runner see it
    assert "DataError: o.csv: no column 金额" in said.out + said.err and "Traceback" not in said.out + said.err
    shell.run_cell("raise ValueError('a bug')")
    said = capsys.readouterr()
    assert "Traceback" in said.out + said.err and "ValueError" in said.out + said.err
    shell.set_custom_exc((), None)
    InteractiveShell.clear_instance()


def test_a_client_named_like_the_case_is_no_name_kit_init_drafted():
    """QA (Olist): case olist with client Olist was said to be the file name kit init drafted, every run."""
    from kit.runner import _drafted_client

    def manifest(case: str, client: str) -> dict:
        return {"params": {"case": case, "client": client},
                "inputs": [{"role": "data", "path": "data/olist_order_items_dataset.csv"}]}

    assert not _drafted_client(manifest("olist", "Olist"))
    assert _drafted_client(manifest("olist", "olist_order_items_dataset"))


def test_the_executed_notebook_is_written_when_it_ends_and_when_a_cell_fails_not_after_every_cell(tmp_path,
                                                                                                monkeypatch):
    import nbformat
    import papermill.engines
    from papermill.exceptions import PapermillExecutionError

    import kit.runner
    from kit.runner import execute_notebook

    # no save by time: a loaded machine takes longer than SAVE_EVERY to start the kernel (a spurious third write)
    monkeypatch.setattr(kit.runner, "SAVE_EVERY", 3600.0)
    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb",
                        lambda nb, path: writes.append([c.get("outputs", []) for c in nb.cells]) or real(nb, path))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "tiering-kit", "display_name": "Python (tiering-kit)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                *(nbformat.v4.new_code_cell(f"print({i} * x)") for i in range(8))]
    source, target = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, str(source))
    execute_notebook(source, target, {"x": 3}, cwd=tmp_path)
    assert len(writes) <= 2  # papermill alone writes it twice per cell: 20 times here
    out = nbformat.read(str(target), as_version=4)
    assert [o["text"] for o in out.cells[-1].outputs] == ["21\n"]  # the last cell's output is in the file

    writes.clear()
    nb.cells.insert(4, nbformat.v4.new_code_cell("raise ValueError('no such column: 金额')"))
    nbformat.write(nb, str(source))
    with pytest.raises(PapermillExecutionError):
        execute_notebook(source, target, {"x": 3}, cwd=tmp_path)
    out = nbformat.read(str(target), as_version=4)
    failed = [c for c in out.cells if c.metadata.get("papermill", {}).get("exception")]
    assert len(failed) == 1 and "金额" in "".join(o.get("evalue", "") for o in failed[0].outputs)
    before = next(c for c in out.cells if c.source == "print(2 * x)")
    assert before.outputs[0]["text"] == "6\n"  # the cells before the failure kept their outputs


def test_every_column_kit_init_left_unrecognised_is_named_at_once(tmp_path):
    """QA: the check named order_date, and amount only on the next try."""
    from kit.errors import DataError
    from kit.io import check_headers
    from kit.params import load_params

    (tmp_path / "o.csv").write_text("user_id,order_number,add_to_cart_order,ts\nu1,1,3,2025-01-02\n", encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        "case: t\ntitle: T\nclient: C\ncurrency: USD\ndata:\n  path: o.csv\n  columns: {customer_id: user_id, "
        "order_date: '?', amount: '?'}\nperiod: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: pareto}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_headers(load_params(tmp_path / "case.yaml"))
    assert info.value.told("en").startswith(
        "o.csv: `data.columns.order_date`, `data.columns.amount` are still '?', the mark `kit init` leaves for a column "
        "it did not recognise; put there the header of each, one of: user_id, order_number, add_to_cart_order, ts")
    assert "各列" in info.value.told("zh")
    # without a column of dates (Instacart's orders.csv): both named at once all the same, and why it cannot be graded
    (tmp_path / "o.csv").write_text("user_id,order_number,add_to_cart_order\nu1,1,3\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_headers(load_params(tmp_path / "case.yaml"))
    assert info.value.told("en").startswith(
        "o.csv: `data.columns.order_date`, `data.columns.amount` are still '?', and no column of the file holds dates")
