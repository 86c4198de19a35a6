"""SQL pieces shared by the cleaning (:mod:`kit.clean_sql`) and the engine (:mod:`kit.engine`).

Kept apart so that the engine does not import the cleaning and the file readers: in a fresh process without
bytecode files (``PYTHONDONTWRITEBYTECODE``, as on the benchmark machine) compiling kit.io and kit.clean_sql took
0.4-0.5 s of the engine's 10M-line run (issue #6).
"""

from __future__ import annotations


def quote(name: str) -> str:
    """A column or table name as a SQL identifier (any text, quotes doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


def money_cents(x: str) -> str:
    """SQL for :func:`kit.features.cents` (half away from zero as written); NULL for what
    :func:`kit.features.round_money` calls unusable (infinite, NaN or :data:`~kit.features.MAX_AMOUNT` and more)."""
    from .features import MAX_AMOUNT

    scaled = _scaled_cents(x)
    return (f"CASE WHEN abs({x}) < {MAX_AMOUNT:.0f} THEN "
            f"CAST(trunc({scaled} + CASE WHEN {scaled} < 0 THEN -0.5 ELSE 0.5 END) AS BIGINT) END")


def _scaled_cents(x: str) -> str:
    """SQL for the amount ``x`` in cents as written: times 100, float noise below a millionth of a cent rounded off
    (12.345 is 12.34499999... in binary), as :func:`kit.features.cents` does."""
    raw = f"(CAST(({x}) AS DOUBLE) * 100)"  # a FLOAT column too is taken at double precision, as in Python
    return f"(CASE WHEN abs{raw} < 1e12 THEN round_even({raw} * 1000000.0, 0) / 1000000.0 ELSE {raw} END)"
