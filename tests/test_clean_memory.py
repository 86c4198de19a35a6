"""The cleaning under a low DuckDB memory limit: a statement that runs out of it is run again, once, with more,
gives what a run with enough memory gives, and is said in the terminal and the run's end note."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kit import clean, io
from kit.context import RunPaths
from kit.params import load_params
from kit.text import t

#: Lines with something for each step: a duplicate line, a customer missing, a day and an amount unreadable, a
#: return, orders of several lines.
ORDERS = (
    "cust,oid,day,amt\n"
    "A,o1,2025-01-05,10.50\n"
    "A,o1,2025-01-05,10.50\n"
    "B,o2,2025-02-01,-3\n"
    ",o3,2025-03-01,7\n"
    "C,o4,not a day,5\n"
    "C,o5,2025-04-01,\n"
    "D,o6,2025-05-01,0\n"
    "D,o6,2025-05-01,4.25\n"
    "E,o7,2025-06-30,120\n"
)


def _case(tmp_path: Path, run: str, lang: str = "en") -> tuple:
    (tmp_path / "o.csv").write_text(ORDERS, encoding="utf-8")
    params_path = tmp_path / "case.yaml"
    params_path.write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: {lang}\n"
        f"data:\n  path: {tmp_path / 'o.csv'}\n  columns: {{customer_id: cust, order_id: oid, order_date: day, "
        "amount: amt}\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        "cleaning: {max_set_aside_share: 1.0}\n",
        encoding="utf-8",
    )
    (tmp_path / run).mkdir()
    return load_params(params_path), RunPaths(tmp_path / run)


class _OutOfMemoryOnce:
    """A DuckDB connection whose first statement matching ``when`` raises DuckDB's out-of-memory error, as a
    window function over a file too large for the limit does."""

    def __init__(self, con, when):
        self._con, self._when, self.raised = con, when, []

    def execute(self, query, parameters=None):
        if not self.raised and self._when(query):
            self.raised.append(query)
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB")
        return self._con.execute(query, parameters)

    def sql(self, query, **kwargs):  # a relation: its query runs when its rows are first asked for
        relation, flaky = self._con.sql(query, **kwargs), self

        class Relation:
            def to_arrow_reader(self, *args):
                if not flaky.raised and flaky._when(query):
                    flaky.raised.append(query)
                    raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB")
                return relation.to_arrow_reader(*args)

            def __getattr__(self, name):
                return getattr(relation, name)

        return Relation()

    def __getattr__(self, name):
        return getattr(self._con, name)


_REAL_MACHINE_MEMORY = io._machine_memory  # before the fixture below replaces it

OUTPUTS = ("transactions.parquet", "ledger.csv", "fixes.csv", "quarantine.csv")


def _cleaned_flaky(tmp_path, monkeypatch, wrap) -> tuple[list, object, list[str]]:
    """The case ``retried`` cleaned with every DuckDB connection wrapped by ``wrap`` (one that runs out of memory):
    the wrappers, the run's paths and the lines it said."""
    real = duckdb.connect
    flaky: list = []

    def connect(*args, **kwargs):
        flaky.append(wrap(real(*args, **kwargs)))
        return flaky[-1]

    params, retried = _case(tmp_path, "retried")
    lines: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr(duckdb, "connect", connect)
        clean.clean_case(params, retried, note=lines.append)
    return flaky, retried, lines


@pytest.fixture(autouse=True)
def _a_machine_with_memory(monkeypatch):
    """The low limit applies whatever the test machine's memory (it is left off a machine with less)."""
    monkeypatch.setattr(io, "_machine_memory", lambda: 16 * 2**30)


@pytest.mark.parametrize("when", [
    pytest.param(lambda q: " OVER " in q.upper(), id="a window"),
    pytest.param(lambda q: q.lstrip().upper().startswith("COPY") and "transactions.parquet" in q,
                 id="writing transactions.parquet"),
    # the set-aside rows, sorted, for quarantine.csv: once read by a relation, out of reach of the retry
    pytest.param(lambda q: "reason_text" in q, id="the set-aside rows"),
    pytest.param(lambda q: "CREATE OR REPLACE TEMP TABLE" in q.upper(), id="a table made"),
    pytest.param(lambda q: q.lstrip().upper().startswith("UPDATE"), id="a table updated"),
])
def test_a_statement_out_of_memory_is_run_again_with_more_and_gives_the_same_files(tmp_path, monkeypatch, when):
    params, normal = _case(tmp_path, "normal")
    clean.clean_case(params, normal)
    assert not normal.memory.exists() and clean.memory_note(normal) is None

    flaky, retried, lines = _cleaned_flaky(tmp_path, monkeypatch, lambda con: _OutOfMemoryOnce(con, when))

    assert sum(len(f.raised) for f in flaky) == 1  # the error was met, once
    for name in OUTPUTS:  # byte for byte what the run with enough memory wrote
        assert (retried.root / name).read_bytes() == (normal.root / name).read_bytes(), name
    low = f"{io.CLEANING_MEMORY / 2**20:.1f} MiB"
    said = [line for line in lines if line.startswith("this step could not finish")]
    assert len(said) == 1 and f"memory limit ({low})" in said[0]
    note = clean.memory_note(retried)
    assert note is not None and f"more than its memory limit ({low})" in note
    assert clean.memory_note(retried, "zh").startswith(f"清洗中有一步超出了内存上限（{low}）")
    # and a later run of the same folder that needs no more memory takes the note away
    clean.clean_case(params, retried)
    assert not retried.memory.exists()


def test_the_retry_lifts_the_limit_to_duckdb_s_default(tmp_path):
    con = io.connect(tmp_path)
    assert isinstance(con, io.KitConnection)
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == \
        f"{io.CLEANING_MEMORY / 2**20:.1f} MiB"
    default = duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    lines: list[str] = []
    con.told_in(lines.append, "zh")
    con._con = _OutOfMemoryOnce(con._con, lambda q: q.startswith("SELECT 42"))
    assert con.execute("SELECT 42").fetchall() == [(42,)]
    assert con.retried == [(f"{io.CLEANING_MEMORY / 2**20:.1f} MiB", default)]
    assert lines == [t("p_memory_retry", "zh", low=f"{io.CLEANING_MEMORY / 2**20:.1f} MiB", high=default)]
    con.close()


def test_a_statement_out_of_memory_again_stops_with_duckdb_s_error(tmp_path):
    """Once at DuckDB's default there is no more to give: the error is DuckDB's, not a loop."""
    con = io.connect(tmp_path)

    class Always:
        def __init__(self, inner):
            self.inner, self.calls = inner, 0

        def execute(self, query, parameters=None):
            if query.startswith("SELECT 42"):
                self.calls += 1
                raise duckdb.OutOfMemoryException("Out of Memory Error")
            return self.inner.execute(query, parameters)

    con._con = always = Always(con._con)
    with pytest.raises(duckdb.OutOfMemoryException):
        con.execute("SELECT 42")
    assert always.calls == 2
    with pytest.raises(duckdb.OutOfMemoryException):  # a later one is not run a third time
        con.execute("SELECT 42")
    assert always.calls == 3
    always.inner.close()


@pytest.mark.parametrize("written, expected", [
    pytest.param(None, 16 * 2**30, id="no cgroup"),
    pytest.param({"memory.max": "max\n"}, 16 * 2**30, id="v2 without a limit"),
    pytest.param({"memory.max": "1073741824\n"}, 2**30, id="v2 1 GiB"),
    pytest.param({"memory/memory.limit_in_bytes": "9223372036854771712\n"}, 16 * 2**30, id="v1 without a limit"),
    pytest.param({"memory/memory.limit_in_bytes": "314572800\n"}, 300 * 2**20, id="v1 300 MiB"),
    pytest.param({"memory.max": "68719476736\n"}, 16 * 2**30, id="v2 above the machine's"),
    pytest.param({"self": "0::/job/7\n", "job/7/memory.max": "536870912\n"}, 512 * 2**20, id="v2 the process's group"),
    pytest.param({"self": "9:pids:/\n4:memory:/job/7\n0::/\n", "memory/job/7/memory.limit_in_bytes": "536870912\n",
                  "memory/memory.limit_in_bytes": "9223372036854771712\n"}, 512 * 2**20, id="v1 the process's group"),
])
def test_a_container_s_memory_is_the_machine_s(tmp_path, monkeypatch, written, expected):
    """DuckDB's default limit is 80% of a container's memory: the low limit is measured against the same, so a
    container of 300 MiB on a machine of 16 GiB is left DuckDB's default rather than given 256 MiB, above it."""
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": 4 * 2**20}  # a machine of 16 GiB
    monkeypatch.setattr(io.os, "sysconf", lambda name: sizes[name])
    for name, text in (written or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="ascii")
    assert _REAL_MACHINE_MEMORY(tmp_path, tmp_path / "self") == expected


@pytest.mark.parametrize("memory, limited", [(2**30, True), (300 * 2**20, False)])
def test_a_small_machine_keeps_duckdb_s_default(tmp_path, monkeypatch, memory, limited):
    """1 GiB: 256 MiB, below DuckDB's 80% (819 MiB), run again with more once; 300 MiB: DuckDB's own 240 MiB."""
    monkeypatch.setattr(io, "_machine_memory", lambda: memory)
    con = io.connect(tmp_path)
    assert isinstance(con, io.KitConnection) is limited
    default = duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == \
        ("256.0 MiB" if limited else default)
    con.close()


def test_a_csv_filled_down_is_staged_not_read_whole_and_its_cells_stay_on_disk(tmp_path, monkeypatch):
    """data.fill_down read a CSV whole in pandas, and listed every cell it filled in memory (3.3 GB for an ERP
    export of 2.8M lines): the file is staged as plain CSVs are, filled as it is read, its filled cells written
    beside it, as a Parquet file the cleaning reads."""
    lines = ["单据编号,日期,客户,物料编码,价税合计"]
    for d in range(40):  # documents of 1 to 5 lines, the document's cells on its first line only
        lines += [f"D{d:03d},2025-{d % 12 + 1:02d}-0{d % 9 + 1},C{d % 7}," if i == 0 else ",,,"
                  for i in range(d % 5 + 1)]
        lines[-(d % 5 + 1):] = [f"{line}P{i},{d + i}" for i, line in enumerate(lines[-(d % 5 + 1):])]
    (tmp_path / "o.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(io, "read_order_sheets", lambda *a, **k: pytest.fail("read whole"))
    monkeypatch.setattr(io, "CSV_BLOCK_BYTES", 256)  # several blocks, documents across them
    params_path = tmp_path / "case.yaml"
    params_path.write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: en\n"
        f"data:\n  path: {tmp_path / 'o.csv'}\n  columns: {{customer_id: 客户, order_id: 单据编号, order_date: 日期, "
        "product: 物料编码, amount: 价税合计}\n  fill_down: [customer_id, order_id, order_date]\n"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n", encoding="utf-8")
    params = load_params(params_path)
    (tmp_path / "run").mkdir()
    sources = io.open_orders(params, staging=tmp_path / "run" / "_staging")
    cells = sources.merged["src_0"]
    assert isinstance(cells, io.StagedCells) and cells.path.exists()
    filled = sum(d % 5 for d in range(40))  # each document's lines below its first
    assert cells.rows == filled
    result = clean.clean_case(params, RunPaths(tmp_path / "run"), sources)
    ledger = result.ledger.set_index(["kind", "reason"])["rows"].to_dict()
    lines_read = sum(d % 5 + 1 for d in range(40))
    assert {key: rows for key, rows in ledger.items() if key[0] != "info"} == {
        ("read", ""): lines_read, ("kept", ""): lines_read}
    assert ledger[("info", "filled_down")] == filled
    kept = pd.read_parquet(tmp_path / "run" / "transactions.parquet")
    assert kept.groupby("order_id")["customer_id"].unique().map(list).to_dict() == {
        f"D{d:03d}": [f"C{d % 7}"] for d in range(40)}
    assert not cells.path.exists()  # removed with the staging folder


def test_a_workbooks_sheets_are_staged_on_disk_and_clean_as_when_held_in_memory(tmp_path):
    """The sheets of a workbook were each held in memory, read whole, all together through the cleaning (3 sheets of a
    million rows: 1.3 GiB): with a staging folder each is written there as Parquet once read and let go. The
    relations have the types and values of the sheets registered from memory, and the cleaning gives the same lines,
    ledger and quarantine: numbers, codes with leading zeros, dates and text in one column, blanks, a row of nothing."""
    import datetime as dt

    from conftest import order_case, write_workbook

    header = ["客户", "单号", "日期", "金额", "备注"]
    write_workbook(tmp_path / "台账.xlsx", {
        "1月": [header,
               ["00123", "D1", dt.datetime(2025, 1, 5), 100, "首单"],
               ["00123", "D1", dt.datetime(2025, 1, 5), 20.5, None],
               [1001, "D2", "2025-01-07", "1,200.50", 7],
               [None, None, None, None, None],
               ["C9", "D3", dt.datetime(2025, 1, 9), None, "no amount"],
               ["C9", "D4", "not a day", 5, None]],
        "2月": [header,
               [1001, "D5", dt.datetime(2025, 2, 1), -30, "退货"],
               ["C9", "D6", dt.datetime(2025, 2, 2), 0.1, 3.5],
               ["00123", "D7", dt.datetime(2025, 2, 28), 12, None]],
        "说明": [["本表由销售部维护"]]})
    columns = "{customer_id: 客户, order_id: 单号, order_date: 日期, amount: 金额}"
    runs = {}
    for how in ("memory", "staged"):
        (tmp_path / how).mkdir()
        params, paths = order_case(tmp_path / how, str(tmp_path / "台账.xlsx"), columns, data="  sheet: all\n",
                                   cleaning="cleaning: {max_set_aside_share: 1.0}\n")
        with io.open_orders(params, staging=paths.staging if how == "staged" else None) as sources:
            names = [relation for relation, _, _ in sources.relations]
            if how == "staged":  # on disk: a view of the Parquet file, no frame registered
                assert sorted(p.name for p in paths.staging.glob("*.parquet")) == ["src_0.parquet", "src_0_1.parquet"]
                assert not sources.con.execute("SELECT * FROM duckdb_tables()").fetchall()
            runs[how] = [(sources.con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall(),
                          sources.con.execute(f"SELECT * FROM {name} ORDER BY {io.SOURCE_ROW}").df()) for name in names]
        result = clean.clean_case(params, paths, io.open_orders(params) if how == "memory" else None)
        runs[how] += [result.ledger, pd.read_parquet(paths.transactions), pd.read_csv(paths.quarantine)]
    memory, staged = runs["memory"], runs["staged"]
    assert len(memory) == len(staged) == 5
    for (types, rows), (staged_types, staged_rows) in zip(memory[:2], staged[:2]):
        assert types == staged_types
        pd.testing.assert_frame_equal(rows, staged_rows)
    for one, other in zip(memory[2:], staged[2:]):
        pd.testing.assert_frame_equal(one, other)
    # by hand: the lines kept and their amounts per customer (a blank amount and a day that does not read set aside)
    kept = staged[3].groupby("customer_id")["amount"].sum().round(2).to_dict()
    assert kept == {"00123": 100 + 20.5 + 12, "1001": 1200.5 - 30, "C9": 0.1}


class _OutOfMemoryMidway:
    """A DuckDB connection whose set-aside rows (for quarantine.csv) come two at a time and, ``times`` times, run out of
    memory after the first two: an error from the stream, once rows are written, out of reach of the retry of
    :meth:`kit.io.KitConnection.execute`."""

    def __init__(self, con, error, times=1):
        self._con, self._error, self.raised, self._times = con, error, 0, times

    def sql(self, query, **kwargs):
        relation, flaky = self._con.sql(query, **kwargs), self

        class Relation:
            def to_arrow_reader(self, *args):
                import pyarrow as pa

                table = relation.to_arrow_reader(*args).read_all()
                if "reason_text" not in query or flaky.raised >= flaky._times:
                    return pa.RecordBatchReader.from_batches(table.schema, table.to_batches())

                def batches():
                    yield from table.slice(0, 2).to_batches()
                    flaky.raised += 1
                    raise flaky._error

                return batches()

            def __getattr__(self, name):
                return getattr(relation, name)

        return Relation()

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.mark.parametrize("error", [
    pytest.param(OSError("Out of Memory Error: failed to allocate data of size 16.0 MiB"), id="through Arrow"),
    pytest.param(duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB"),
                 id="DuckDB's"),
])
def test_the_set_aside_rows_out_of_memory_midway_are_written_again_once_each(tmp_path, monkeypatch, error):
    """Review: out of memory midway through quarantine.csv's batches (rows written already) stopped the run, where
    every other step runs again with more memory. Now it runs again too, the file's rows written so far taken back:
    quarantine.csv is byte for byte the file a run with enough memory writes, no row twice."""
    params, normal = _case(tmp_path, "normal")
    clean.clean_case(params, normal)
    expected = pd.read_csv(normal.quarantine)
    # by hand: the customer missing, the day and the amount unreadable (the repeated line is dropped, not set aside):
    # three rows, so two batches of two, the error after the first
    assert expected["source_row"].tolist() == [5, 6, 7]

    flaky, retried, lines = _cleaned_flaky(tmp_path, monkeypatch, lambda con: _OutOfMemoryMidway(con, error))
    assert sum(f.raised for f in flaky) == 1
    for name in OUTPUTS:
        assert (retried.root / name).read_bytes() == (normal.root / name).read_bytes(), name
    assert len([line for line in lines if line.startswith("this step could not finish")]) == 1
    assert clean.memory_note(retried) is not None


def test_the_set_aside_rows_out_of_memory_midway_again_stop_with_duckdb_s_error(tmp_path, monkeypatch):
    """With the limit lifted already there is no more to give: the error stops the run (no loop)."""
    real = duckdb.connect
    error = OSError("Out of Memory Error: failed to allocate data of size 16.0 MiB")
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: _OutOfMemoryMidway(real(*a, **k), error, times=2))
    params, retried = _case(tmp_path, "retried")
    with pytest.raises(OSError, match="Out of Memory Error"):
        clean.clean_case(params, retried)


@pytest.mark.parametrize("wide", [False, True], ids=["by line", "by month"])
def test_a_csv_of_customer_headings_filled_down_is_staged_as_it_is_read_whole(tmp_path, monkeypatch, wide):
    """data.customer_headings with data.fill_down (and data.wide) read a CSV whole (2M lines: 2.1 GiB): it is staged
    a block of rows at a time, each given its heading's customer, then filled down, blocks ending inside heading
    groups and documents, and cleans as read whole. By hand: group g is customer K{g}'s, its first line (dated
    2025-(g % 12 + 1)-05, or product P{g} by month) with amount g + 1, then g % 3 lines of 1, 2 with the date (or
    the product) left blank, filled from above, then a 小计 line of their sum."""
    from conftest import order_case

    if wide:
        head, first, below, total = "摘要,1月,2月,备注", "P{g},{a},,", ",{a},,补", "小计,{s},,"
        columns, data = "{customer_id: 客户, product: 摘要}", "  wide: {year: 2025}\n  fill_down: [product]\n"
    else:
        head, first, below, total = "日期,摘要,金额", "2025-{m:02d}-05,销售,{a}", ",销售,{a}", "小计,,{s}"
        columns, data = "{customer_id: 客户, order_date: 日期, amount: 金额}", "  fill_down: [order_date]\n"
    lines = [head]
    for g in range(30):
        lines += [f"客户：K{g:02d},,", first.format(g=g, m=g % 12 + 1, a=g + 1),
                  *[below.format(a=i + 1) for i in range(g % 3)], total.format(s=g + 1 + sum(range(g % 3 + 1)))]
    (tmp_path / "o.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = {}
    for how in ("staged", "whole"):
        (tmp_path / how).mkdir()
        params, paths = order_case(tmp_path / how, str(tmp_path / "o.csv"), columns,
                                   data="  customer_headings: true\n" + data,
                                   cleaning="cleaning: {max_set_aside_share: 1.0}\n")
        with monkeypatch.context() as patched:
            if how == "staged":
                patched.setattr(io, "read_order_sheets", lambda *a, **k: pytest.fail("read whole"))
                patched.setattr(io, "CSV_BLOCK_BYTES", 64)  # a block of a few lines: groups cut across blocks
            result = clean.clean_case(params, paths, None if how == "staged" else io.open_orders(params))
        runs[how] = [result.ledger, pd.read_parquet(paths.transactions), pd.read_csv(paths.quarantine)]
    for one, other in zip(runs["staged"], runs["whole"]):
        pd.testing.assert_frame_equal(one, other)
    kept = runs["staged"][1]
    assert kept.groupby("customer_id")["amount"].sum().to_dict() == {
        f"K{g:02d}": g + 1 + sum(range(g % 3 + 1)) for g in range(30)}
    filled = "product" if wide else "order_date"
    assert kept.groupby("customer_id")[filled].unique().map(list).to_dict() == {
        f"K{g:02d}": [f"P{g}" if wide else pd.Timestamp(f"2025-{g % 12 + 1:02d}-05")] for g in range(30)}
    ledger = runs["staged"][0].groupby("reason")["rows"].sum()
    assert ledger["filled_down"] == sum(g % 3 for g in range(30))
    if not wide:  # (by month, a heading row has no month cell: no line)
        assert ledger["label_row"] == 30  # the headings


@pytest.mark.parametrize("head", ["摘要,日期,金额", "日期,摘要,金额"], ids=["heading beside", "heading in the date"])
def test_a_heading_starts_another_customer_whose_blank_date_is_not_filled_from_the_one_above(tmp_path, monkeypatch,
                                                                                          head):
    """Review: with data.customer_headings and fill_down, 乙公司's first line of no date took 甲公司's (2025-03-05),
    and a heading written in the date column was carried down as the date (set aside as bad_date with 日期
    客户：乙公司); staged and read whole alike. By hand: 甲公司 100 + 200 (its second line dated from its first),
    乙公司's 300 set aside for its date (none above it under its heading), 400 kept."""
    from conftest import order_case

    rows = [("客户：甲公司", "", ""), ("销售", "2025-03-05", "100"), ("销售", "", "200"), ("客户：乙公司", "", ""),
            ("销售", "", "300"), ("销售", "2025-04-09", "400")]
    if head.startswith("日期"):
        rows = [(b, a, c) if a.startswith("销售") else (a, b, c) for a, b, c in rows]
    (tmp_path / "o.csv").write_text("\n".join([head, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    runs = {}
    for how in ("staged", "whole"):
        (tmp_path / how).mkdir()
        params, paths = order_case(tmp_path / how, str(tmp_path / "o.csv"),
                                   "{customer_id: 客户, order_date: 日期, amount: 金额}",
                                   data="  customer_headings: true\n  fill_down: [order_date]\n",
                                   cleaning="cleaning: {max_set_aside_share: 1.0}\n")
        with monkeypatch.context() as patched:
            if how == "staged":
                patched.setattr(io, "read_order_sheets", lambda *a, **k: pytest.fail("read whole"))
                patched.setattr(io, "CSV_BLOCK_BYTES", 16)  # a block of a line or two
            clean.clean_case(params, paths, None if how == "staged" else io.open_orders(params))
        kept = pd.read_parquet(paths.transactions)
        runs[how] = sorted(zip(kept["customer_id"], kept["order_date"].dt.strftime("%Y-%m-%d"), kept["amount"]))
        quarantined = pd.read_csv(paths.quarantine, dtype=str)
        assert quarantined.loc[quarantined["金额"] == "300", "reason"].tolist() == ["bad_date"], how
        assert quarantined.loc[quarantined["金额"] == "300", "日期"].isna().all(), how  # (not 客户：乙公司)
    assert runs["staged"] == runs["whole"] == sorted([("甲公司", "2025-03-05", 100.0), ("甲公司", "2025-03-05", 200.0),
                                                      ("乙公司", "2025-04-09", 400.0)])


def test_a_heading_with_no_line_under_it_ends_a_fill_down_block_read_whole_as_staged(tmp_path, monkeypatch):
    """Review: read whole, only the headings with an order line under them ended a fill-down block, so 乙公司's heading
    (no line under it) took 甲公司's date, was counted filled and set aside as missing_customer_id; staged, it is
    a label row with no date. By hand: rows 4 (乙公司) and 5 (丙公司) label rows, 丙公司's 300 of no date bad_date."""
    from conftest import order_case

    (tmp_path / "o.csv").write_text("摘要,日期,金额\n客户：甲公司,,\n销售,2025-03-05,100\n客户：乙公司,,\n"
                                    "客户：丙公司,,\n销售,,300\n", encoding="utf-8")
    runs = {}
    for how in ("staged", "whole"):
        (tmp_path / how).mkdir()
        params, paths = order_case(tmp_path / how, str(tmp_path / "o.csv"),
                                   "{customer_id: 客户, order_date: 日期, amount: 金额}",
                                   data="  customer_headings: true\n  fill_down: [order_date]\n",
                                   cleaning="cleaning: {max_set_aside_share: 1.0}\n")
        with monkeypatch.context() as patched:
            if how == "staged":
                patched.setattr(io, "read_order_sheets", lambda *a, **k: pytest.fail("read whole"))
                patched.setattr(io, "CSV_BLOCK_BYTES", 16)
            result = clean.clean_case(params, paths, None if how == "staged" else io.open_orders(params))
        quarantined = pd.read_csv(paths.quarantine, dtype=str)
        runs[how] = (result.ledger, quarantined)
        assert quarantined[["摘要", "日期", "reason"]].fillna("").values.tolist() == [
            ["客户：甲公司", "", "label_row"], ["客户：乙公司", "", "label_row"], ["客户：丙公司", "", "label_row"],
            ["销售", "", "bad_date"]], how
    pd.testing.assert_frame_equal(runs["staged"][0], runs["whole"][0])
