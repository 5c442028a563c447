"""CI workflows and pre-commit hooks: valid files that call commands the CLI really has."""

from __future__ import annotations

import json
import re
import shlex
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO_ROOT

if TYPE_CHECKING:
    from pathlib import Path

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"
WORKFLOW_SCHEMA = REPO_ROOT / "tests" / "data" / "schemas" / "github-workflows.json"
# The fleet-render subcommands each workflow must run.
EXPECTED_COMMANDS = {
    "pr.yml": {"validate", "check", "diff"},
    "main.yml": {"validate", "check"},
    "shard.yml": {"render", "merge", "check"},
}
# The keys pre-commit accepts in a hook of .pre-commit-hooks.yaml (pre_commit/clientlib.py MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or", "exclude_types",
    "additional_dependencies", "args", "always_run", "fail_fast", "pass_filenames", "description",
    "language_version", "log_file", "require_serial", "stages", "verbose", "minimum_pre_commit_version",
}


def load_yaml(path: Path) -> Any:
    # YAML 1.2, as GitHub reads workflows: PyYAML (1.1) would turn the key "on" into True.
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def registered_commands() -> dict[str, set[str]]:
    """Each fleet-render subcommand with the options it accepts."""
    from render.cli import cli

    return {name: {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
            for name, command in cli.commands.items()}


def invocations(text: str) -> list[tuple[str, list[str]]]:
    """Every ``fleet-render SUBCOMMAND ...`` in a shell script: subcommand and its flags."""
    found = []
    for match in re.finditer(r"fleet-render\s+([^\n|>&;]*)", text):
        words = shlex.split(match.group(1))
        if words and not words[0].startswith("-"):
            found.append((words[0], [w.split("=")[0] for w in words[1:] if w.startswith("-")]))
    return found


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


@pytest.fixture(scope="module")
def workflows() -> dict[str, Any]:
    return {path.name: load_yaml(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def test_the_three_workflows_exist(workflows: dict[str, Any]) -> None:
    assert sorted(workflows) == sorted(EXPECTED_COMMANDS)


@pytest.mark.parametrize("name", sorted(EXPECTED_COMMANDS))
def test_workflow_matches_the_github_workflow_schema(workflows: dict[str, Any], name: str) -> None:
    validator = jsonschema.Draft7Validator(json.loads(WORKFLOW_SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(workflows[name])]
    assert errors == []


def test_the_schema_rejects_a_broken_workflow(workflows: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(json.loads(WORKFLOW_SCHEMA.read_text(encoding="utf-8")))
    broken = dict(workflows["main.yml"], jobs={"render": {"steps": [{"run": "true"}]}})  # no runs-on
    assert list(validator.iter_errors(broken))


@pytest.mark.parametrize("name", sorted(EXPECTED_COMMANDS))
def test_workflow_calls_registered_commands_and_options(workflows: dict[str, Any], name: str) -> None:
    commands = registered_commands()
    called = invocations(run_text(workflows[name]))
    assert {command for command, _ in called} == EXPECTED_COMMANDS[name]
    missing = sorted({c for c, _ in called} - commands.keys())
    assert not missing, f"{name} calls fleet-render commands the CLI does not have yet: {missing}"
    unknown = sorted({f"{c} {flag}" for c, flags in called for flag in flags if flag not in commands[c]})
    assert not unknown, f"{name} passes options the CLI does not accept: {unknown}"


@pytest.mark.parametrize("name", ["pr.yml", "main.yml"])
def test_checks_run_on_the_full_history_with_python_311(workflows: dict[str, Any], name: str) -> None:
    workflow = workflows[name]
    [checkout] = uses(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    [python] = uses(workflow, "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"
    script = run_text(workflow)
    assert "pip install ." in script
    assert "fleet-render validate --strict" in script
    assert "fleet-render check" in script
    assert "releases/download/" in script and "sha256sum --check" in script  # kubeconform from its release
    assert re.search(r"kubeconform [^\n]*(\n\s*-[^\n]*)*\n?\s*out/", script), "kubeconform must check out/"


def test_pr_workflow_posts_the_diff_as_a_sticky_comment(workflows: dict[str, Any]) -> None:
    workflow = workflows["pr.yml"]
    assert set(workflow["on"]) == {"pull_request"}
    assert "fleet-render diff --output markdown origin/${{ github.base_ref }} > diff.md" in run_text(workflow)
    [comment] = uses(workflow, "marocchino/sticky-pull-request-comment")
    assert comment["with"]["path"] == "diff.md"
    assert workflow["permissions"]["pull-requests"] == "write"


def test_main_workflow_runs_on_pushes_to_main_without_a_comment(workflows: dict[str, Any]) -> None:
    workflow = workflows["main.yml"]
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert not uses(workflow, "marocchino/sticky-pull-request-comment")


def test_shard_workflow_renders_a_matrix_then_merges(workflows: dict[str, Any]) -> None:
    workflow = workflows["shard.yml"]
    assert set(workflow["on"]) == {"workflow_dispatch"}
    render, merge = workflow["jobs"]["render"], workflow["jobs"]["merge"]
    assert "shard" in render["strategy"]["matrix"]
    assert "fleet-render render --shard ${{ matrix.shard }}/" in run_text({"jobs": {"render": render}})
    [upload] = uses({"jobs": {"render": render}}, "actions/upload-artifact")
    assert upload["with"]["path"] == "shard-out"
    assert upload["with"]["include-hidden-files"] is True  # out/'s marker file is a dot file
    assert merge["needs"] == "render"
    assert uses({"jobs": {"merge": merge}}, "actions/download-artifact")
    merge_script = run_text({"jobs": {"merge": merge}})
    assert merge_script.index("fleet-render merge") < merge_script.index("fleet-render check")


# --- pre-commit hooks -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks() -> list[dict[str, Any]]:
    return load_yaml(HOOKS)


def test_hooks_are_the_two_fleet_render_checks(hooks: list[dict[str, Any]]) -> None:
    assert {hook["id"]: hook["entry"] for hook in hooks} == {
        "fleet-render-check": "fleet-render check",
        "fleet-render-validate": "fleet-render validate",
    }
    for hook in hooks:
        assert set(hook) <= HOOK_KEYS
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False


def test_hook_entries_are_registered_commands(hooks: list[dict[str, Any]]) -> None:
    named = {shlex.split(hook["entry"])[1] for hook in hooks}
    missing = sorted(named - registered_commands().keys())
    assert not missing, f".pre-commit-hooks.yaml names fleet-render commands the CLI does not have yet: {missing}"


@pytest.mark.parametrize(("path", "runs"), [
    ("fleets/global.yaml", True),
    ("policies/team/web.yaml", True),
    ("apps/web/deployment.yaml", True),
    ("out/alpha/kustomization.yaml", False),
    ("README.md", False),
    ("docs/apps/x.yaml", False),
])
def test_hooks_run_when_inputs_change(hooks: list[dict[str, Any]], path: str, runs: bool) -> None:
    for hook in hooks:
        assert bool(re.search(hook["files"], path)) is runs
