"""Every file of a valid repo cut short at every line: an error or a render, never a crash.

A file cut mid-way (an editor crash, a bad merge) turns mappings into strings and
lists into scalars at every depth; each prefix must give findings or a render.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from render import runner
from render.errors import RenderError
from tests.conftest import write_repo
from tests.hostile.repos import BASE, override

FILES = {
    **BASE,
    "policies/tweak.yaml": override(
        "  - targetCluster: {clusterNames: [member1]}\n"
        "    overriders:\n"
        "      plaintext:\n"
        "      - {path: /metadata/labels, operator: add, value: {tier: gold}}\n"
        "      imageOverrider:\n"
        "      - {component: Tag, operator: replace, value: '1.26'}\n"
    ),
}
CUTS = [
    (path, n)
    for path, text in sorted(FILES.items())
    for n in range(len(text.splitlines()) + 1)
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repo(tmp_path_factory.mktemp("cut") / "repo", FILES)


@pytest.mark.parametrize(("path", "lines"), CUTS, ids=[f"{p}:{n}" for p, n in CUTS])
def test_a_file_cut_short_renders_or_fails_with_findings(
    repo: Path, path: str, lines: int
) -> None:
    whole = FILES[path]
    cut = "".join(whole.splitlines(keepends=True)[:lines])
    for tail in ("", whole[len(cut) : len(cut) + 3]):  # at the line end, and mid-line
        (repo / path).write_text(cut + tail, encoding="utf-8")
        try:
            runner.build(repo, repo / "out")
        except RenderError as e:
            assert e.findings
        finally:
            (repo / path).write_text(whole, encoding="utf-8")


# The example repo, every STEP-th line of every input file (1 for a complete run).
STEP = int(os.environ.get("FLEET_RENDER_CUT_EVERY", "13"))
EXAMPLE = Path(__file__).resolve().parents[2]
EXAMPLE_FILES = sorted(
    p.relative_to(EXAMPLE).as_posix()
    for folder in ("fleets", "policies", "apps")
    for p in (EXAMPLE / folder).rglob("*")
    if p.is_file() and p.name.endswith((".yaml", ".yml", ".yaml.j2"))
)
EXAMPLE_CUTS = [
    (path, n)
    for i, (path, n) in enumerate(
        (path, n)
        for path in EXAMPLE_FILES
        for n in range(len((EXAMPLE / path).read_text(encoding="utf-8").splitlines()))
    )
    if i % STEP == 0
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("example") / "repo"
    for path in EXAMPLE_FILES:
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE / path, copy / path)
    return copy


@pytest.mark.parametrize(
    ("path", "lines"), EXAMPLE_CUTS, ids=[f"{p}:{n}" for p, n in EXAMPLE_CUTS]
)
def test_an_example_file_cut_short_renders_or_fails_with_findings(
    example: Path, path: str, lines: int
) -> None:
    whole = (EXAMPLE / path).read_text(encoding="utf-8")
    (example / path).write_text(
        "".join(whole.splitlines(keepends=True)[:lines]), encoding="utf-8"
    )
    try:
        runner.build(example, example / "out")
    except RenderError as e:
        assert e.findings
    finally:
        (example / path).write_text(whole, encoding="utf-8")
