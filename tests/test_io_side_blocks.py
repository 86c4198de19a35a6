"""A hand-kept sheet holding tables side by side (QA c106: 2024年 in A:E, 2025年 in G:K, one empty column between)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import order_case

from kit.io import BESIDE, BLOCKS, SOURCE_ROW, read_table

HEADERS = ["单号", "日期", "客户编码", "客户名称", "金额"]


def _ledger_book(path, left, right, *, right_headers=HEADERS, titles=("2024年", "2025年")):
    """A sheet with a title row, the ``left`` rows under HEADERS in A:E and the ``right`` rows under
    ``right_headers`` from G on (F left empty)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "销售台账"
    sheet["A1"], sheet["G1"] = titles
    for j, h in enumerate(HEADERS):
        sheet.cell(2, 1 + j, h)
    for j, h in enumerate(right_headers):
        sheet.cell(2, 7 + j, h)
    for i, row in enumerate(left):
        for j, v in enumerate(row):
            sheet.cell(3 + i, 1 + j, v)
    for i, row in enumerate(right):
        for j, v in enumerate(row):
            sheet.cell(3 + i, 7 + j, v)
    book.save(path)
    return path


LEFT = [["XS2401", dt.datetime(2024, 3, 5), "C1", "甲", 100.0],
        ["XS2402", dt.datetime(2024, 7, 1), "C2", "乙", 50.0],
        ["XS2403", dt.datetime(2024, 12, 30), "C1", "甲", 30.0]]
RIGHT = [["XS2501", dt.datetime(2025, 2, 1), "C1", "甲", 200.0],
         ["XS2502", dt.datetime(2025, 11, 20), "C3", "丙", 70.0]]


def test_blocks_under_the_same_headers_are_stacked_and_kept_apart(tmp_path):
    path = _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT)
    frame = read_table(path, expected=["客户编码", "日期", "金额"])
    assert list(frame.columns) == [SOURCE_ROW, *HEADERS]  # no 单号.1, 日期.1 ...
    assert frame["单号"].tolist() == ["XS2401", "XS2402", "XS2403", "XS2501", "XS2502"]
    assert frame["金额"].tolist() == [100.0, 50.0, 30.0, 200.0, 70.0]
    assert frame[SOURCE_ROW].tolist() == [3, 4, 5, 3, 4]
    blocks = frame.attrs[BLOCKS]
    assert [where for where, _ in blocks] == ["A:E 2024年", "G:K 2025年"]
    assert [len(part) for _, part in blocks] == [3, 2]


def test_a_run_grades_both_blocks_and_the_ledger_names_each(tmp_path):
    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT)
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额, "
                                                      "order_id: 单号}", language="zh")
    said: list[str] = []
    result = clean.clean_case(params, paths, note=said.append)
    kept = pd.read_parquet(paths.transactions)
    # the window is 2025: the 2025 block's lines by hand, 200 + 70; the 2024 lines are history, kept too
    in_2025 = kept.loc[pd.to_datetime(kept["order_date"]).dt.year == 2025]
    assert sorted(in_2025["amount"].tolist()) == [70.0, 200.0]
    assert sorted(kept["amount"].tolist()) == [30.0, 50.0, 70.0, 100.0, 200.0]
    ledger = result.ledger
    read = ledger.loc[ledger["kind"] == "read"].set_index("source_file")["rows"]
    assert read.to_dict() == {"台账.xlsx [销售台账!A:E 2024年]": 3, "台账.xlsx [销售台账!G:K 2025年]": 2}
    kept_rows = ledger.loc[ledger["kind"] == "kept", "rows"].sum()
    aside = ledger.loc[ledger["kind"].isin(["set_aside", "dropped"]), "rows"].sum()
    assert read.sum() == kept_rows + aside == 5
    assert any("并排放置" in line and "A:E 2024年, G:K 2025年" in line for line in said)


def test_kit_init_drafts_one_table_and_the_latest_date(tmp_path):
    from test_scaffold import _drafted

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT)
    found, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert params.columns.customer_id == "客户编码" and params.columns.amount == "金额"
    assert ".1" not in found.text
    assert params.period.as_of == dt.date(2025, 11, 20)  # the latest date of both blocks (the 2024 one ends 12-30)
    assert any("A:E 2024年" in n.zh and "G:K 2025年" in n.zh for n in found.notes)


def test_notes_and_a_pivot_beside_one_table_are_no_second_table(tmp_path):
    """A single table, an empty column, then a pivot (客户 | 合计) and notes: read as before, one table."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单号", "日期", "客户编码", "金额", None, "客户", "合计"])
    sheet.append(["S1", dt.datetime(2025, 1, 5), "C1", 10.0, None, "C1", 40.0])
    sheet.append(["S2", dt.datetime(2025, 1, 6), "C2", 20.0, None, "C2", 20.0])
    sheet.append(["S3", dt.datetime(2025, 1, 7), "C1", 30.0, None, "说明：金额含税", None])
    sheet.append(["S4", dt.datetime(2025, 1, 8), "C3", 5.0])
    book.save(tmp_path / "one.xlsx")
    frame = read_table(tmp_path / "one.xlsx", expected=["客户编码", "日期", "金额"])
    assert BLOCKS not in frame.attrs
    assert frame["金额"].tolist() == [10.0, 20.0, 30.0, 5.0]
    assert list(frame.columns)[:5] == [SOURCE_ROW, "单号", "日期", "客户编码", "金额"]


def test_tables_under_their_own_headers_read_the_one_data_columns_names(tmp_path):
    """Orders in A:E, a returns table with some of the same headers in G:J: no 日期.1; the block holding the
    mapped headers is read."""
    right = [["T1", dt.datetime(2025, 3, 1), "C1", 9.0], ["T2", dt.datetime(2025, 3, 2), "C2", 8.0]]
    path = _ledger_book(tmp_path / "two.xlsx", LEFT, right, right_headers=["退货单号", "日期", "客户编码", "退货金额"],
                        titles=("销售", "退货"))
    orders = read_table(path, expected=["客户编码", "日期", "金额"])
    assert list(orders.columns) == [SOURCE_ROW, *HEADERS]
    assert orders["金额"].tolist() == [100.0, 50.0, 30.0]
    returns = read_table(path, expected=["客户编码", "日期", "退货金额", "退货单号"])
    assert list(returns.columns) == [SOURCE_ROW, "退货单号", "日期", "客户编码", "退货金额"]
    assert returns["退货金额"].tolist() == [9.0, 8.0]


def test_kit_init_names_the_table_beside_it_does_not_read(tmp_path):
    from kit.scaffold import draft

    right = [["T1", dt.datetime(2025, 3, 1), "C1", 9.0], ["T2", dt.datetime(2025, 3, 2), "C2", 8.0]]
    _ledger_book(tmp_path / "two.xlsx", LEFT, right, right_headers=["退货单号", "日期", "客户编码", "退货金额"],
                 titles=("销售", "退货"))
    found = draft(tmp_path / "two.xlsx", tmp_path / "two.yaml")
    assert ".1" not in found.text
    assert any("G:J 退货" in n.zh and "退货金额" in n.zh for n in found.notes)


def test_a_spacer_column_inside_one_table_is_settled_without_looking_at_every_cell(monkeypatch):
    """客户编码 日期 金额 | (empty) | 备注 on a long sheet: one table, told from the header row and each column's first
    filled cells (review: every cell was looked at, 3 s more for a 300k-row sheet with a spacer column)."""
    from kit import io

    n = 5000
    grid = pd.DataFrame({0: ["客户编码", *[f"C{i % 7}" for i in range(n)]],
                         1: ["日期", *[dt.datetime(2025, 1, 1)] * n],
                         2: ["金额", *[float(i) for i in range(n)]],
                         3: [None] * (n + 1),
                         4: ["备注", *(["n" if i % 50 == 0 else None for i in range(n)])],
                         5: [None] * (n + 1)}, dtype=object)
    looked: list[int] = []
    real = io._filled
    monkeypatch.setattr(io, "_filled", lambda column: (looked.append(len(column)), real(column))[1])
    assert io.side_by_side(grid, 0, ["客户编码", "日期", "金额"]) is None
    assert sum(looked) < 4 * 1000 + 2 * 101 + len(grid.columns)  # not 6 x 5001 cells


def test_a_block_that_added_a_column_is_the_same_table_and_graded_too(tmp_path):
    """2025年's block adds 备注 (G:L), 2024年's does not (A:E): both hold the mapped headers, so both are read
    (review: only the larger block was read, the 2024 orders left out of the run without a word)."""
    from kit import clean

    right = [[*row, "n"] for row in RIGHT]
    _ledger_book(tmp_path / "台账.xlsx", LEFT, right, right_headers=[*HEADERS, "备注"])
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额, "
                                                      "order_id: 单号}")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["amount"].tolist()) == [30.0, 50.0, 70.0, 100.0, 200.0]  # LEFT and RIGHT by hand
    read = result.ledger.loc[result.ledger["kind"] == "read"].set_index("source_file")["rows"]
    assert read.to_dict() == {"台账.xlsx [销售台账!A:E 2024年]": 3, "台账.xlsx [销售台账!G:L 2025年]": 2}
    # a returns table beside (退货金额, no 金额) stays apart, as does one sharing too few headers
    returns = [["T1", dt.datetime(2025, 3, 1), "C1", 9.0], ["T2", dt.datetime(2025, 3, 2), "C2", 8.0]]
    _ledger_book(tmp_path / "two.xlsx", LEFT, returns, right_headers=["退货单号", "日期", "客户编码", "退货金额"])
    assert read_table(tmp_path / "two.xlsx", expected=["客户编码", "日期", "金额"])["金额"].tolist() == [100.0, 50.0, 30.0]


def _three_tables(path, returns_first=False):
    """2024年 and 2025年 under HEADERS, and a returns table under headers of its own, an empty column between each:
    the returns table on the right (M:P), or first (A:D, the years then in F:J and L:P)."""
    import openpyxl

    returns = [["T1", dt.datetime(2025, 3, 1), "C1", 9.0], ["T2", dt.datetime(2025, 3, 2), "C2", 8.0]]
    tables = [("2024年", HEADERS, LEFT), ("2025年", HEADERS, RIGHT), ("退货", ["退货单号", "日期", "客户编码", "退货金额"], returns)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "销售台账"
    column = 1
    for title, headers, rows in ([tables[2], *tables[:2]] if returns_first else tables):
        sheet.cell(1, column, title)
        for j, h in enumerate(headers):
            sheet.cell(2, column + j, h)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                sheet.cell(3 + i, column + j, v)
        column += len(headers) + 1
    book.save(path)
    return path


@pytest.mark.parametrize("returns_first, years, returns", [(False, ["A:E 2024年", "G:K 2025年"], "M:P 退货"),
                                                           (True, ["F:J 2024年", "L:P 2025年"], "A:D 退货")])
def test_a_third_table_beside_stacked_blocks_is_named_by_init_and_the_blocks_read_as_a_run_reads_them(
        tmp_path, returns_first, years, returns):
    """QA: 2024年 | 2025年 | 退货 on one sheet: kit init read 2024年 alone (its window ending 2024-12), called 2025年
    another table not read, and never named 退货; the run read both years and said nothing of 退货."""
    from test_scaffold import _drafted

    path = _three_tables(tmp_path / "台账.xlsx", returns_first)
    frame = read_table(path, expected=["客户编码", "日期", "金额"])
    assert frame["金额"].tolist() == [100.0, 50.0, 30.0, 200.0, 70.0]  # LEFT then RIGHT, by hand
    assert [where for where, _ in frame.attrs[BLOCKS]] == years
    assert frame.attrs[BESIDE] == ((returns, ("退货单号", "日期", "客户编码", "退货金额")),)
    found, params = _drafted(path, tmp_path / "c.yaml")
    assert params.columns.amount == "金额" and params.period.as_of == dt.date(2025, 11, 20)  # RIGHT's last date
    assert sum(returns in n and "退货金额" in n and "not read" in n for n in found.notes) == 1
    assert any(all(w in n for w in years) and "same headers" in n for n in found.notes)
    assert not any(("2024年" in n or "2025年" in n) and "not read" in n for n in found.notes)


def test_kit_init_reads_a_block_that_added_a_column_no_mapping_names_with_the_other(tmp_path):
    """2024年 (A:E) and 2025年 (G:L), the latter adding 备注: the run reads both, kit init read 2024年 alone, its
    window ending 2024-12-31 (the 2025 orders left out of the drafted period) and 2025年 said to be a table not read."""
    from test_scaffold import _drafted

    _ledger_book(tmp_path / "台账.xlsx", LEFT, [[*row, "n"] for row in RIGHT], right_headers=[*HEADERS, "备注"])
    found, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert params.period.as_of.year == 2025  # RIGHT's dates run to 2025-11-20, by hand
    assert not any("not read" in n for n in found.notes)
    # a block lacking a header a mapping names (单号) stays apart for kit init, as the run mapping it reads it
    _ledger_book(tmp_path / "two.xlsx", LEFT, [row[1:] for row in RIGHT], right_headers=HEADERS[1:])
    found, _ = _drafted(tmp_path / "two.xlsx", tmp_path / "d.yaml")
    assert any("not read" in n for n in found.notes)


def test_a_block_that_added_two_columns_is_read_with_the_other_by_the_run_and_init(tmp_path):
    """2025年's block adds 备注 and 经办人 (G:M) to 2024年's five headers (A:E): 5 of 7 shared, under the 80% the run
    asked, so it read 2025年 alone, 2024年's three orders left out without a word (ledger: 2 rows read)."""
    from test_scaffold import _drafted

    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, [[*row, "n", "m"] for row in RIGHT], right_headers=[*HEADERS, "备注", "经办人"])
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额, "
                                                      "order_id: 单号}")
    result = clean.clean_case(params, paths)
    kept = pd.read_parquet(paths.transactions)
    assert sorted(kept["amount"].tolist()) == [30.0, 50.0, 70.0, 100.0, 200.0]  # LEFT and RIGHT by hand
    read = result.ledger.loc[result.ledger["kind"] == "read"].set_index("source_file")["rows"]
    assert read.to_dict() == {"台账.xlsx [销售台账!A:E 2024年]": 3, "台账.xlsx [销售台账!G:M 2025年]": 2}
    found, drafted = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert drafted.period.as_of.year == 2025 and not any("not read" in n for n in found.notes)


_RENAMED = ["单号", "销售日期", "客户编码", "客户名称", "销售金额"]


def test_blocks_naming_the_same_columns_differently_are_both_read_when_data_columns_lists_both(tmp_path):
    """QA c17: 2024年 (日期, 金额) beside 2025年 (销售日期, 销售金额), mapped with header lists: the run read one block
    alone (the one of more filled cells), the other's orders left out, previous_revenue empty."""
    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT, right_headers=_RENAMED)
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: [日期, 销售日期], "
                                                      "amount: [金额, 销售金额]}")
    said = []
    result = clean.clean_case(params, paths, note=said.append)
    kept = pd.read_parquet(paths.transactions)
    year = pd.to_datetime(kept["order_date"]).dt.year
    # by hand: 2024 C1 100 + 30, C2 50; 2025 C1 200, C3 70
    assert kept[year == 2024].groupby("customer_id")["amount"].sum().to_dict() == {"C1": 130.0, "C2": 50.0}
    assert kept[year == 2025].groupby("customer_id")["amount"].sum().to_dict() == {"C1": 200.0, "C3": 70.0}
    read = result.ledger.loc[result.ledger["kind"] == "read"].set_index("source_file")["rows"]
    assert read.to_dict() == {"台账.xlsx [销售台账!A:E 2024年]": 3, "台账.xlsx [销售台账!G:K 2025年]": 2}
    assert not any("not read" in n for n in said)
    assert "台账.xlsx: 2 tables side by side (A:E 2024年, G:K 2025年) under headers written differently " \
           "that data.columns lists as the same columns (A:E 日期 / 金额; G:K 销售日期 / 销售金额) are read as one " \
           "table; the ledger tells each line's block by its columns" in said


def test_a_run_names_the_table_beside_it_does_not_read(tmp_path):
    """Mapped to one block's headers only (日期, 金额), the run reads that block and names the other, saying to list
    both names."""
    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT, right_headers=_RENAMED)
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额}")
    said = []
    clean.clean_case(params, paths, note=said.append)
    assert sum("G:K 2025年" in n and "not read" in n and 'order_date: ["日期", "销售日期"]' in n for n in said) == 1
    assert sorted(pd.read_parquet(paths.transactions)["amount"].tolist()) == [30.0, 50.0, 100.0]


@pytest.mark.parametrize("longer", ["left", "right"])
def test_kit_init_lists_both_names_of_blocks_naming_a_column_differently(tmp_path, longer):
    """QA c17c: with the 2024年 block the longer one, kit init drafted it alone and as_of: 2024-12-31, grading last
    year; now both blocks are read, each column listing both names, and as_of is the latest date of them all."""
    from test_scaffold import _drafted

    left = LEFT * 3 if longer == "left" else LEFT
    _ledger_book(tmp_path / "台账.xlsx", left, RIGHT, right_headers=_RENAMED)
    found, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert params.columns.order_date == ["日期", "销售日期"] and params.columns.amount == ["金额", "销售金额"]
    assert 'order_date: ["日期", "销售日期"]    # named differently in the blocks side by side' in found.text or \
        'order_date: ["日期", "销售日期"]    # 并排的各表格表头写法不同' in found.text
    assert params.period.as_of == dt.date(2025, 11, 20)  # RIGHT's last date, after every 2024 one


def test_a_returns_table_beside_the_orders_is_not_joined_by_init(tmp_path):
    """The kit's known names join only blocks whose headers name the same columns: 退货日期 and 退货金额 (a refund)
    beside 日期 and 金额 stay another table."""
    from test_scaffold import _drafted

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT, right_headers=["单号", "退货日期", "客户编码", "客户名称", "退货金额"],
                 titles=("2024年", "退货"))
    found, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert params.columns.order_date == "日期" and params.columns.amount == "金额"
    assert any("G:K 退货" in n and "not read" in n for n in found.notes)


def test_kit_init_lists_first_the_date_a_block_holds_beside_another_date_of_the_list(tmp_path):
    """2025年's block holds its 销售日期 (the order date) and a 日期 (the shipping date), 2024年's a 日期 (its order
    date): kit init drafted [日期, 销售日期], and the run, taking the first header of the list a block holds, dated
    2025年's orders by their shipping (XS2502 shipped 2026-01-05, out of the window)."""
    from test_scaffold import _drafted

    from kit import clean

    shipped = [[*row, day] for row, day in zip(RIGHT, (dt.datetime(2025, 3, 1), dt.datetime(2026, 1, 5)))]
    _ledger_book(tmp_path / "台账.xlsx", LEFT, shipped, right_headers=[*_RENAMED, "日期"])
    _, params = _drafted(tmp_path / "台账.xlsx", tmp_path / "c.yaml")
    assert params.columns.order_date == ["销售日期", "日期"] and params.columns.amount == ["金额", "销售金额"]
    assert params.period.as_of == dt.date(2025, 11, 20)  # XS2502 sold 2025-11-20
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: [销售日期, 日期], "
                                                      "amount: [金额, 销售金额]}")
    said = []
    clean.clean_case(params, paths, note=said.append)
    assert "台账.xlsx [销售台账!G:L 2025年]: this table has a column 销售日期 and a column 日期, which data.columns " \
           "lists as one column: 销售日期, listed first, is read; if 日期 is that column in this table (销售日期 the " \
           "shipping date, say), list 日期 first" in said
    kept = pd.read_parquet(paths.transactions)
    # by hand: each order on the day it was sold, 2024年's on their 日期
    assert sorted(zip(kept["order_date"].astype(str), kept["amount"])) == [
        ("2024-03-05", 100.0), ("2024-07-01", 50.0), ("2024-12-30", 30.0), ("2025-02-01", 200.0), ("2025-11-20", 70.0)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_note_of_a_block_unread_names_the_lists_to_write_for_it(tmp_path, language):
    """Mapped to 2024年's headers alone (日期, 金额), the run read that block and said to list "order_date: [日期,
    销售日期], say": the lists to write are now the very ones, both names of each column named otherwise, as valid
    YAML; the block is not read without them (its orders are 2025年's: the params say which are graded)."""
    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT, right_headers=_RENAMED)
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额}",
                               language=language)
    said = []
    clean.clean_case(params, paths, note=said.append)
    lists = 'order_date: ["日期", "销售日期"]; amount: ["金额", "销售金额"]'
    told = {"en": "台账.xlsx: another table beside this one (G:K 2025年: 单号, 销售日期, 客户编码, 客户名称, 销售金额) is "
                  "not read; its columns are this one's under other headers: if it holds orders of this case too "
                  f"(another year's), write {lists} in data.columns of the params file, and both tables are read as one",
            "zh": "台账.xlsx：此表格旁边还有一个表格（G:K 2025年：单号, 销售日期, 客户编码, 客户名称, 销售金额）未读取，其各列与此"
                  f"表格相同、表头写法不同；如它也是本案的订单（如另一年的），请在参数文件的 data.columns 中写 {lists}，两个表格即作为"
                  "一张表读取"}[language]
    assert told in said
    assert sorted(pd.read_parquet(paths.transactions)["amount"].tolist()) == [30.0, 50.0, 100.0]
    # the lines written as said read both blocks: 2024 and 2025 by hand, 100 + 50 + 30 + 200 + 70
    import yaml

    for line in lists.split("; "):
        key, names = line.split(": ", 1)
        assert yaml.safe_load(names) == {"order_date": ["日期", "销售日期"], "amount": ["金额", "销售金额"]}[key]
    params, paths = order_case(tmp_path, "台账.xlsx", '{customer_id: 客户编码, ' + lists.replace("; ", ", ") + "}")
    clean.clean_case(params, paths)
    assert pd.read_parquet(paths.transactions)["amount"].sum() == 450.0


def test_a_returns_table_beside_gets_no_lists_to_write(tmp_path):
    from kit import clean

    _ledger_book(tmp_path / "台账.xlsx", LEFT, RIGHT, right_headers=["单号", "退货日期", "客户编码", "客户名称", "退货金额"],
                 titles=("2024年", "退货"))
    params, paths = order_case(tmp_path, "台账.xlsx", "{customer_id: 客户编码, order_date: 日期, amount: 金额}")
    said = []
    clean.clean_case(params, paths, note=said.append)
    assert sum("G:K 退货" in n and "not read" in n and "order_date: [日期, 销售日期], say" in n for n in said) == 1
