"""The README's quick start has exactly two command lines, and CI runs the second verbatim."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def _quick_start_lines() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text()
    block = re.search(r"## Quick start\n\n```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "README has no Quick start sh block"
    return [line for line in block[1].splitlines() if line.strip()]


def test_quick_start_is_two_lines_render_then_test() -> None:
    render, test = _quick_start_lines()
    assert "fleet-render render" in render
    assert "pytest" in test


def test_ci_runs_the_test_line_verbatim() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text().splitlines()
    assert _quick_start_lines()[1] in ci
