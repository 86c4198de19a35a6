"""kit.textops.is_in: membership answered as pandas' isin answers it, for text and other columns."""

import numpy as np
import pandas as pd
import pytest

from kit.textops import is_in

TEXT = ["C001", "C002", None, "c001", "00123", "客户甲"]


def expected(values, among):
    """Plain Python membership, missing matching missing when ``among`` has a missing value."""
    wanted = {v for v in among if isinstance(v, str)}
    missing = any(v is None or (isinstance(v, float) and np.isnan(v)) for v in among)
    return np.array([(v in wanted) if isinstance(v, str) else missing for v in values])


@pytest.mark.parametrize("among", [
    {"C001", "客户甲"},
    ["c001", None],
    ["C002", 123],  # a number among the text matches no text cell, as in pandas
    [],
    ["00123", "0123"],
])
def test_is_in_text_column_matches_python_membership(among):
    values = pd.Series(TEXT, dtype="str")
    got = is_in(values, among)
    assert got.dtype == bool
    assert got.tolist() == expected(TEXT, among).tolist()
    assert got.tolist() == values.isin(among).tolist()


def test_is_in_takes_series_and_index_on_either_side():
    ids = pd.Index(["A", "B", "C"], dtype="str")
    among = pd.Series(["C", "A", "A"], dtype="string")
    assert is_in(ids, among).tolist() == [True, False, True]
    assert is_in(pd.Series(["B", "D"], dtype="str"), ids).tolist() == [True, False]


def test_is_in_other_columns_as_pandas():
    numbers = pd.Series([1, 2, 3, 2])
    assert is_in(numbers, {2, 5}).tolist() == [False, True, False, True]
    objects = pd.Series(["x", 1, None], dtype=object)
    assert is_in(objects, ["x", 1]).tolist() == [True, True, False]


def test_is_in_many_ids():
    ids = pd.Series([f"C{i:06d}" for i in range(20_000)], dtype="str")
    among = {f"C{i:06d}" for i in range(0, 40_000, 3)}
    assert int(is_in(ids, among).sum()) == len(range(0, 20_000, 3))
