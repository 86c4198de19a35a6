"""The trainers' exercises in README: every command is valid params, so an exercise never stops on a typo."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _exercise_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exercises (for trainers)", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"`\.venv/bin/kit run (params/pharma(?:_en)?\.yaml[^`]*)`", section)
    return [shlex.split(command) for command in commands]


def test_the_readme_has_the_exercises():
    assert len(_exercise_commands()) >= 8


@pytest.mark.parametrize("args", _exercise_commands(), ids=lambda args: " ".join(args[1:])[:60])
def test_each_exercise_command_is_valid(args, monkeypatch, capsys):
    from kit.cli import _parser

    monkeypatch.chdir(ROOT)
    parsed = _parser().parse_args(["run", *args])  # every option is one `kit run` takes
    assert parsed.compare_with in (None, "plain")
    assert main(["check", *parsed.params, *(f"--set={o}" for o in parsed.overrides)]) == 0, capsys.readouterr().err


def test_exercises_of_one_change_compare_with_the_reference_grading():
    one_change = [args for args in _exercise_commands() if args.count("--set") >= 1 and "period.as_of" not in
                  " ".join(args) and "max_set_aside_share" not in " ".join(args)]
    assert one_change and all(args[-2:] == ["--compare-with", "plain"] for args in one_change)


def test_the_readme_example_params_are_valid_and_check_the_data_s_headers(tmp_path, capsys):
    """README's small case (step 2 of "Running your own case") is a params file `kit check` passes on data with
    those headers, and stops on when a header it names is missing."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    example = "\n".join(line[3:] for line in block.split("\n"))  # the block is indented under its list item
    (tmp_path / "params").mkdir()
    (tmp_path / "data").mkdir()
    params = tmp_path / "params" / "acme.yaml"
    params.write_text(example, encoding="utf-8")
    orders = tmp_path / "data" / "orders.csv"
    orders.write_text("订单号,订单日期,客户编码,客户名称,金额\nSO1,2025-03-05,C001,甲公司,1200.50\n", encoding="gbk")
    assert main(["check", str(params)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    orders.write_text("订单号,订单日期,客户代码,客户名称,金额\nSO1,2025-03-05,C001,甲公司,1200.50\n", encoding="gbk")
    assert main(["check", str(params)]) != 0
    assert "客户编码" in capsys.readouterr().err
