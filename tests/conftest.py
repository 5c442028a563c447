from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = Path(__file__).resolve().parent / "conformance"


def pytest_configure(config: pytest.Config) -> None:
    # Renders record their work for the next render (render.reuse) in the user's cache
    # folder; the suite keeps its records apart and removes them afterwards.
    if not os.environ.get("FLEET_RENDER_CACHE"):
        os.environ["FLEET_RENDER_CACHE"] = tempfile.mkdtemp(prefix="fleet-render-test-cache-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop("FLEET_RENDER_CACHE"), ignore_errors=True))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite expected golden output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_repo(root: Path, files: dict[str, str]) -> Path:
    """Lay out a fleet repo from {relative path: YAML text} (text is dedented)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def fleet_text(*clusters: str, name: str = "prod", regions: dict[str, str] | None = None) -> str:
    """fleets/<name>.yaml for a Fleet of clusters with names (and ``regions``) only."""
    members = "".join(f"  - {{name: {c}{f', region: {regions[c]}' if regions and c in regions else ''}}}\n"
                      for c in clusters)
    return f"apiVersion: fleet.kurator.dev/v1alpha1\nkind: Fleet\nmetadata: {{name: {name}}}\nspec:\n  clusters:\n{members}"


def edit_file(path: str, old: str, new: str) -> Callable[[Path], None]:
    """An edit of one file of a repo: the first match of the regex ``old`` becomes ``new``."""

    def apply(repo: Path) -> None:
        file = repo / path
        text = file.read_text(encoding="utf-8")
        assert re.search(old, text), f"{old!r} not in {path}"
        file.write_text(re.sub(old, new, text, count=1), encoding="utf-8")

    return apply


@pytest.fixture
def make_repo(tmp_path: Path):
    def make(files: dict[str, str], name: str = "repo") -> Path:
        return write_repo(tmp_path / name, files)

    return make


@pytest.fixture
def run_cli():
    from render.cli import cli

    def run(*args: str | Path):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below a folder with its bytes and mtime, to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    } if folder.exists() else {}


@pytest.fixture
def kubectl() -> str:
    path = shutil.which("kubectl")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("kubectl is required in CI")
        pytest.skip("kubectl is not on PATH: cannot check that kustomize builds the output")
    return path


class KillClock:
    """How long to let a write run before killing it, so that kills land on both sides
    of the moment it replaces out/ however fast the machine runs meanwhile.

    A delay is drawn from the test's range of fractions of a write's duration, times
    a scale the outcomes steer: a kill that lands before the swap stretches the next
    delays a little, one after it shrinks them. On a machine that slows down under the
    test (another tenant), the kills still straddle the swap instead of all landing
    before it.
    """

    def __init__(self, seed: int, duration: float) -> None:
        self._rng, self._duration, self._scale = random.Random(seed), duration, 1.0

    def delay(self, low: float, high: float) -> float:
        """Seconds to wait: between ``low`` and ``high`` write durations, scaled."""
        return self._rng.uniform(low, high) * self._duration * self._scale

    def random(self) -> float:
        return self._rng.random()

    def landed(self, after_swap: bool) -> None:
        self._scale *= 0.85 if after_swap else 1.15
