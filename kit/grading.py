"""Graders: a per-customer table in, the same table with a tier column out.

Every grader gives each customer exactly one grade, is deterministic at its
boundaries, and can describe the cut points it used (:func:`describe_thresholds`)
so that the notebook and the report show the rule, not just the result.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import GradingError


def grade_by_thresholds(
    df: pd.DataFrame,
    column: str,
    thresholds: Sequence[float],
    labels: Sequence[str],
    *,
    out: str = "value_tier",
) -> pd.DataFrame:
    """Grade ``column`` against absolute thresholds.

    Lower bounds are inclusive: a value exactly at a threshold belongs to the
    higher tier. Values below the first threshold (including zero and negative
    net revenue) get the lowest label.

    Parameters
    ----------
    df
        One row per customer.
    column
        The numeric column graded, e.g. ``revenue``.
    thresholds
        Strictly ascending cut points.
    labels
        ``len(thresholds) + 1`` tier names, lowest tier first.
    out
        Name of the new column: an ordered categorical, lowest tier first.

    Examples
    --------
    >>> df = pd.DataFrame({"revenue": [99_999.99, 100_000, 1_000_000]})
    >>> grade_by_thresholds(df, "revenue", [100_000, 1_000_000], ["C", "B", "A"])["value_tier"].tolist()
    ['C', 'B', 'A']
    """
    thresholds = np.asarray(thresholds, dtype=float)
    if len(labels) != len(thresholds) + 1:
        raise GradingError(
            f"{len(thresholds)} thresholds need {len(thresholds) + 1} labels, got {len(labels)}"
        )
    if np.any(np.diff(thresholds) <= 0):
        raise GradingError(f"thresholds must be strictly ascending, got {thresholds.tolist()}")
    if column not in df:
        raise GradingError(f"cannot grade by {column!r}: the table has {list(df.columns)}")
    values = df[column].to_numpy(dtype=float)
    if np.isnan(values).any():
        raise GradingError(f"{column!r} has missing values; every customer needs one to be graded")
    position = np.searchsorted(thresholds, values, side="right")
    result = df.copy()
    result[out] = pd.Categorical.from_codes(position, categories=list(labels), ordered=True)
    return result


def describe_thresholds(
    thresholds: Sequence[float], labels: Sequence[str]
) -> pd.DataFrame:
    """The rule behind :func:`grade_by_thresholds`: one row per tier, highest first.

    Returns
    -------
    DataFrame
        ``tier``, ``lower`` (inclusive, NaN for the lowest tier) and ``upper``
        (exclusive, NaN for the highest).
    """
    lower = [np.nan, *thresholds]
    upper = [*thresholds, np.nan]
    table = pd.DataFrame({"tier": list(labels), "lower": lower, "upper": upper})
    return table.iloc[::-1].reset_index(drop=True)
