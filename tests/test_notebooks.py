"""The notebooks stay thin, parameterised and committed without outputs."""

from __future__ import annotations

import ast

import nbformat
import pytest
from conftest import ROOT

from kit.runner import KERNEL_NAME, NOTEBOOKS


@pytest.fixture(params=NOTEBOOKS)
def notebook(request):
    return nbformat.read(str(ROOT / "notebooks" / request.param), as_version=4)


def test_committed_without_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_exactly_one_parameters_cell_with_typed_documented_values(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse(tagged[0].source)
    names = {node.target.id for node in tree.body if isinstance(node, ast.AnnAssign)}
    assert names == {"params_file", "run_dir"}
    for line in tagged[0].source.splitlines():
        assert "#" in line and line.count("=") == 1  # papermill --help-notebook reads the comment


def test_uses_the_kit_kernel(notebook):
    assert notebook.metadata.kernelspec.name == KERNEL_NAME


def test_no_logic_in_notebooks(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            for node in ast.walk(tree):
                assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)), cell.source


def test_valid_nbformat(notebook):
    nbformat.validate(notebook)
