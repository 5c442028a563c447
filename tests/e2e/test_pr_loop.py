"""The pull-request loop in real git repositories: diff against the merge base, check."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import snapshot, write_repo

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: east
    labels: {region: r1}
  - name: west
    labels: {region: r2}
"""


def policy(east: int, west: int) -> str:
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: web
  - apiVersion: v1
    kind: Secret
    name: db
  placement:
    clusterAffinity:
      clusterNames: [east, west]
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - targetCluster: {{clusterNames: [east]}}
          weight: {east}
        - targetCluster: {{clusterNames: [west]}}
          weight: {west}
"""


APP = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: web:1.0
"""

OLD_PASSWORD = "hunter2-old-value"
NEW_PASSWORD = "correct-horse-battery"


def secret(password: str, token: str = "dG9rZW4tdmFsdWU=") -> str:
    return f"""\
apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  token: {token}
stringData:
  password: {password}
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(repo: Path, files: dict[str, str]) -> None:
    write_repo(repo, files)


@pytest.fixture
def fleet_repo(tmp_path: Path, run_cli) -> Path:
    """A git repo on main: the fleet, web 60:40, a Secret, rendered out/ committed."""
    repo = write_repo(
        tmp_path / "fleet",
        {
            "fleets/prod.yaml": FLEET,
            "policies/web.yaml": policy(60, 40),
            "apps/web.yaml": APP,
            "apps/secret.yaml": secret(OLD_PASSWORD),
        },
    )
    git(repo, "init", "-q", "-b", "main")
    assert run_cli("render", "--repo", repo).exit_code == 0
    commit_all(repo, "fleet")
    return repo


@pytest.fixture
def feature(fleet_repo: Path) -> Path:
    """A feature branch that moves web to 80:20 (not yet re-rendered)."""
    git(fleet_repo, "checkout", "-q", "-b", "feature")
    edit(fleet_repo, {"policies/web.yaml": policy(80, 20)})
    commit_all(fleet_repo, "web 80:20")
    return fleet_repo


def _head(repo: Path, ref: str = "main") -> str:
    return git(repo, "rev-parse", ref)


WEB_PATCH = """\
--- a/{cluster}/default/deployment.apps_web.yaml
+++ b/{cluster}/default/deployment.apps_web.yaml
@@ -8,7 +8,7 @@
   name: web
   namespace: default
 spec:
-  replicas: {old}
+  replicas: {new}
   selector:
     matchLabels:
       app: web
"""


def test_diff_shows_the_replica_table_and_the_manifest_diffs(
    feature: Path, run_cli
) -> None:
    base = _head(feature)
    result = run_cli("diff", "--repo", feature)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"changes against the merge base with main ({base[:12]}): 2 clusters affected: "
        "0 objects added, 0 removed, 2 changed; 2 replica changes\n"
        "\n"
        "WORKLOAD                CLUSTER  REPLICAS\n"
        "Deployment/default/web  east     6 → 8\n"
        "Deployment/default/web  west     4 → 2\n"
        "\n"
        "east:\n"
        "  changed  default/deployment.apps_web.yaml\n"
        "west:\n"
        "  changed  default/deployment.apps_web.yaml\n"
        "\n"
        + WEB_PATCH.format(cluster="east", old=6, new=8)
        + WEB_PATCH.format(cluster="west", old=4, new=2)
    )


def test_the_default_base_is_the_merge_base_not_the_tip_of_main(
    feature: Path, run_cli
) -> None:
    merge_base = _head(feature)
    git(feature, "checkout", "-q", "main")
    edit(feature, {"apps/web.yaml": APP.replace("replicas: 10", "replicas: 20")})
    commit_all(feature, "main moves on: web 20 replicas")
    git(feature, "checkout", "-q", "feature")
    data = json.loads(run_cli("diff", "--repo", feature, "--output", "json").stdout)
    assert data["commit"] == merge_base
    assert data["base"] == "the merge base with main"
    # main's own change (20 replicas) is not part of this branch's effect.
    assert [(r["cluster"], r["old"], r["new"]) for r in data["replicas"]] == [
        ("east", 6, 8),
        ("west", 4, 2),
    ]


def test_an_explicit_base_ref(feature: Path, run_cli) -> None:
    result = run_cli("diff", "HEAD", "--repo", feature, "--output", "json")
    data = json.loads(result.stdout)
    # HEAD holds the 80:20 policy: nothing differs from the work tree.
    assert (data["base"], data["commit"], data["files"], data["replicas"]) == (
        "HEAD",
        _head(feature, "HEAD"),
        [],
        [],
    )
    text = run_cli("diff", "HEAD", "--repo", feature).stdout
    assert text == f"no changes against HEAD ({_head(feature, 'HEAD')[:12]})\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("--exit-code",), 1),
        (("HEAD", "--exit-code"), 0),
        (("HEAD",), 0),
        (("--exit-code", "--output", "json"), 1),
        (("--exit-code", "--output", "markdown"), 1),
    ],
    ids=["changes", "changes-exit-code", "none-exit-code", "none", "json", "markdown"],
)
def test_exit_codes(feature: Path, run_cli, args: tuple[str, ...], code: int) -> None:
    assert run_cli("diff", "--repo", feature, *args).exit_code == code


def test_json_structure(feature: Path, run_cli) -> None:
    base = _head(feature)
    data = json.loads(run_cli("diff", "--repo", feature, "--output", "json").stdout)
    assert data == {
        "base": "the merge base with main",
        "commit": base,
        "clusters": ["east", "west"],
        "files": [
            {
                "cluster": cluster,
                "path": "default/deployment.apps_web.yaml",
                "status": "changed",
                "patch": WEB_PATCH.format(cluster=cluster, old=old, new=new),
            }
            for cluster, old, new in (("east", 6, 8), ("west", 4, 2))
        ],
        "replicas": [
            {
                "workload": "Deployment/default/web",
                "cluster": "east",
                "old": 6,
                "new": 8,
            },
            {
                "workload": "Deployment/default/web",
                "cluster": "west",
                "old": 4,
                "new": 2,
            },
        ],
    }


def test_markdown_comment(feature: Path, run_cli) -> None:
    base = _head(feature)
    result = run_cli("diff", "--repo", feature, "--output", "markdown")
    details = "".join(
        f"<details><summary><code>{cluster}</code>: 1 changed</summary>\n\n"
        f"```diff\n{WEB_PATCH.format(cluster=cluster, old=old, new=new)}```\n</details>\n"
        for cluster, old, new in (("east", 6, 8), ("west", 4, 2))
    )
    assert result.stdout == (
        "### fleet-render diff\n\n"
        f"Against the merge base with main (`{base[:12]}`): 2 clusters affected: "
        "0 objects added, 0 removed, 2 changed; 2 replica changes.\n\n"
        "| workload | cluster | replicas |\n"
        "|---|---|---|\n"
        "| `Deployment/default/web` | `east` | 6 → 8 |\n"
        "| `Deployment/default/web` | `west` | 4 → 2 |\n"
        "\n" + details
    )


CONFIGS_POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: configs
spec:
  resourceSelectors:
  - apiVersion: v1
    kind: ConfigMap
  placement:
    clusterAffinity:
      clusterNames: [east, west]
"""


def test_markdown_of_a_huge_change_fits_in_a_github_comment(
    fleet_repo: Path, run_cli
) -> None:
    # 300 ConfigMaps of ~1 KB each, copied to both clusters: ~600 KB of patches.
    files = {"policies/configs.yaml": CONFIGS_POLICY}
    for i in range(300):
        files[f"apps/config-{i:03}.yaml"] = (
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-{i:03}\n"
            f"data:\n  blob: {'x' * 1000}\n"
        )
    edit(fleet_repo, files)
    result = run_cli("diff", "--repo", fleet_repo, "main", "--output", "markdown")
    assert result.exit_code == 0, result.output
    comment = result.stdout
    assert len(comment) <= 65536
    assert (
        comment.startswith("### fleet-render diff\n\nAgainst main (`")
        and "2 clusters affected: 600 objects added, 0 removed, 0 changed; 0 replica changes."
        in comment
    )
    shown = comment.count("+++ b/")
    assert 0 < shown < 602  # 600 ConfigMaps and 2 kustomization.yaml files
    assert comment.endswith(
        f"\n_Truncated to fit in a GitHub comment: 0 replica rows and {602 - shown} file "
        "diffs left out. Run `fleet-render diff` locally for all of it._\n"
    )
    assert comment.count("<details>") == comment.count("</details>")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_secret_values_never_appear(fleet_repo: Path, run_cli, fmt: str) -> None:
    edit(fleet_repo, {"apps/secret.yaml": secret(NEW_PASSWORD)})
    result = run_cli("diff", "--repo", fleet_repo, "main", "--output", fmt)
    assert result.exit_code == 0, result.output
    for value in (OLD_PASSWORD, NEW_PASSWORD, "dG9rZW4tdmFsdWU="):
        assert value not in result.output
    patch = (
        "--- a/{c}/default/secret_db.yaml\n"
        "+++ b/{c}/default/secret_db.yaml\n"
        "@@ -10,5 +10,5 @@\n"
        "   name: db\n"
        "   namespace: default\n"
        " stringData:\n"
        '-  password: "<redacted>"\n'
        '+  password: "<redacted, changed>"\n'
        " type: Opaque\n"
    )
    shown = result.stdout if fmt != "json" else json.loads(result.stdout)["files"]
    if fmt == "json":
        assert [f["patch"] for f in shown] == [
            patch.format(c="east"),
            patch.format(c="west"),
        ]
    else:
        assert patch.format(c="east") in shown and patch.format(c="west") in shown


def test_an_added_secret_is_redacted_whole(fleet_repo: Path, run_cli) -> None:
    edit(
        fleet_repo,
        {
            "apps/secret.yaml": secret("first-secret-value")
            + "---\n"
            + secret("second-secret-value").replace("name: db", "name: api")
        },
    )
    edit(
        fleet_repo,
        {
            "policies/web.yaml": policy(60, 40).replace(
                "name: db\n",
                "name: db\n  - apiVersion: v1\n    kind: Secret\n    name: api\n",
            )
        },
    )
    result = run_cli("diff", "--repo", fleet_repo, "main", "--output", "json")
    added = [f for f in json.loads(result.stdout)["files"] if f["status"] == "added"]
    assert [f["path"] for f in added] == ["default/secret_api.yaml"] * 2
    assert '+  password: "<redacted, changed>"\n' in added[0]["patch"]
    assert '+  token: "<redacted, changed>"\n' in added[0]["patch"]
    assert "first-secret-value" not in result.stdout
    assert "second-secret-value" not in result.stdout


def test_check_fails_until_render_is_run(feature: Path, run_cli) -> None:
    stale = run_cli("check", "--repo", feature)
    out = feature / "out"
    assert stale.exit_code == 1
    assert stale.stdout == (
        f"changed: {out / 'bindings.yaml'}\n"
        f"changed: {out / 'east/default/deployment.apps_web.yaml'}\n"
        f"changed: {out / 'west/default/deployment.apps_web.yaml'}\n"
    )
    assert (
        stale.stderr == f"{out} is stale: 3 file(s) differ; run `fleet-render render`\n"
    )
    assert run_cli("render", "--repo", feature).exit_code == 0
    fresh = run_cli("check", "--repo", feature)
    assert (fresh.exit_code, fresh.stdout) == (0, f"{out} is up to date\n")


def test_diff_never_touches_the_work_tree(feature: Path, run_cli) -> None:
    edit(feature, {"apps/secret.yaml": secret(NEW_PASSWORD)})  # an uncommitted change
    # git status first: it may refresh the index, which must not count against diff.
    status = git(feature, "status", "--porcelain")
    files = snapshot(feature)  # every file, .git/ included, with its mtime
    for fmt in ("text", "json", "markdown"):
        assert run_cli("diff", "--repo", feature, "--output", fmt).exit_code == 0
    assert run_cli("diff", "HEAD~1", "--repo", feature).exit_code == 0
    assert snapshot(feature) == files
    assert git(feature, "status", "--porcelain") == status == "M apps/secret.yaml"


def test_uncommitted_changes_are_part_of_the_diff(fleet_repo: Path, run_cli) -> None:
    edit(fleet_repo, {"policies/web.yaml": policy(50, 50)})
    data = json.loads(run_cli("diff", "--repo", fleet_repo, "--output", "json").stdout)
    assert [(r["cluster"], r["old"], r["new"]) for r in data["replicas"]] == [
        ("east", 6, 5),
        ("west", 4, 5),
    ]


def test_a_fleet_repo_in_a_subfolder_of_the_git_repository(
    tmp_path: Path, run_cli
) -> None:
    root = tmp_path / "mono"
    repo = write_repo(
        root / "deploy" / "fleet",
        {
            "fleets/prod.yaml": FLEET,
            "policies/web.yaml": policy(60, 40),
            "apps/web.yaml": APP,
        },
    )
    write_repo(root, {"README.md": "monorepo\n"})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "fleet")
    edit(repo, {"policies/web.yaml": policy(10, 90)})
    data = json.loads(run_cli("diff", "--repo", repo, "--output", "json").stdout)
    assert [(r["cluster"], r["old"], r["new"]) for r in data["replicas"]] == [
        ("east", 6, 1),
        ("west", 4, 9),
    ]


def test_a_first_fleet_is_all_added(tmp_path: Path, run_cli) -> None:
    repo = write_repo(tmp_path / "fleet", {"README.md": "empty\n"})
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "empty")
    edit(
        repo,
        {
            "fleets/prod.yaml": FLEET,
            "policies/web.yaml": policy(60, 40),
            "apps/web.yaml": APP,
        },
    )
    result = run_cli("diff", "--repo", repo)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:6] == [
        (
            f"changes against the merge base with main ({_head(repo)[:12]}): 2 clusters affected: "
            "2 objects added, 0 removed, 0 changed; 2 replica changes"
        ),
        "",
        "WORKLOAD                CLUSTER  REPLICAS",
        "Deployment/default/web  east     0 → 6",
        "Deployment/default/web  west     0 → 4",
        "",
    ]


@pytest.mark.parametrize(
    ("setup", "args", "stderr"),
    [
        ("git", ("nope",), "<repo>: error: unknown git revision 'nope'\n"),
        ("plain", (), "<repo>: error: {repo} is not inside a git repository\n"),
        (
            "no-main",
            (),
            (
                "<repo>: error: cannot find the default branch to diff against "
                "(origin/HEAD, main or master); name a BASE_REF\n"
            ),
        ),
    ],
    ids=["unknown-ref", "not-git", "no-default-branch"],
)
def test_git_errors(
    tmp_path: Path, run_cli, setup: str, args: tuple[str, ...], stderr: str
) -> None:
    repo = write_repo(tmp_path / "fleet", {"fleets/prod.yaml": FLEET})
    if setup != "plain":
        git(repo, "init", "-q", "-b", "main" if setup == "git" else "trunk")
        commit_all(repo, "fleet")
    result = run_cli("diff", "--repo", repo, *args)
    assert result.exit_code == 2
    assert (
        result.stderr
        == stderr.format(repo=repo) + "fleet-render: 1 error; out/ left unchanged\n"
    )


def test_an_invalid_base_is_reported_at_its_revision(fleet_repo: Path, run_cli) -> None:
    edit(
        fleet_repo,
        {"policies/web.yaml": policy(60, 40).replace("weight: 40", "weight: -1")},
    )
    bad = commit_all(fleet_repo, "a bad weight")
    edit(fleet_repo, {"policies/web.yaml": policy(60, 40)})
    result = run_cli("diff", "HEAD", "--repo", fleet_repo)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{bad[:12]}:policies/web.yaml:24:11: error: $.spec.placement.replicaScheduling"
        ".weightPreference.staticWeightList[1].weight: must be >= 1\n"
        "fleet-render: 1 error; out/ left unchanged\n"
    )
