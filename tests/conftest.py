from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def write_params(tmp_path):
    """Write a params YAML (dedented) into tmp_path and return its path."""

    def write(text: str, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


VALID = """\
case: demo
title: Demo
client: Client
language: en
data:
  demo: {name: pharma, seed: 7, customers: 40, months: 24}
period:
  as_of: 2025-12-31
  months: 12
grading:
  value:
    method: thresholds
    thresholds: [100000, 300000, 1000000]
    labels: [small, general, important, VIP]
"""


@pytest.fixture
def valid_params_text() -> str:
    return VALID


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .xlsx at ``path`` with a sheet per name, its rows as given (dates as datetime cells, the rest as is)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def order_case(tmp_path: Path, name: str, columns: str, *, data: str = "", cleaning: str = "",
               language: str = "en") -> tuple:
    """(params, run paths) of a case reading ``name`` in ``tmp_path`` with the mapping ``columns`` (YAML flow),
    further ``data:`` lines and a ``cleaning:`` block as given; window 2025, thresholds [100]."""
    from kit.context import RunPaths
    from kit.params import load_params

    (tmp_path / "case.yaml").write_text(
        f"case: t\ntitle: T\nclient: C\nlanguage: {language}\n"
        f"data:\n  path: {name}\n  columns: {columns}\n{data}"
        "period: {as_of: 2025-12-31, months: 12}\n"
        "grading:\n  value: {method: thresholds, thresholds: [100], labels: [small, big]}\n"
        f"{cleaning}", encoding="utf-8")
    (tmp_path / "run").mkdir(exist_ok=True)
    return load_params(tmp_path / "case.yaml"), RunPaths(tmp_path / "run")

