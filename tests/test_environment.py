"""environment.yml (conda) and pyproject.toml (pip) name the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT

#: conda-forge spells a few names differently from PyPI
CONDA_NAMES = {"jupyter_client": "jupyter-client", "python-duckdb": "duckdb"}


def _split(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    name, version = match.group(1).lower(), match.group(2).replace(" ", "")
    return CONDA_NAMES.get(name, name).replace("_", "-"), version


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = dict(_split(s) for s in pyproject["project"]["dependencies"])
    wanted.update(_split(s) for s in pyproject["project"]["optional-dependencies"]["dev"])

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    pip_items: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip_items += item.get("pip", [])
        else:
            name, version = _split(item)
            if name not in ("python", "pip"):
                listed[name] = version
    for item in pip_items:
        if not item.startswith("-e"):
            name, version = _split(item)
            listed[name] = version
    assert any(item.replace(" ", "").startswith("-e.") for item in pip_items), "environment.yml must install the kit itself"
    assert listed == wanted


def test_python_floor_agrees():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]
