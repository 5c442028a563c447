"""Bootstrap objects: valid against the upstream CRD schemas, naming paths that exist and build."""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from render import bootstrap, runner
from render.bootstrap import GitSource
from render.errors import RenderError
from tests.conftest import write_repo

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
SCHEMA_FILES = {
    ("argoproj.io/v1alpha1", "ApplicationSet"): "applicationset.json",
    ("source.toolkit.fluxcd.io/v1", "GitRepository"): "gitrepository.json",
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"): "kustomization.json",
}
CLUSTERS = ["alpha", "beta", "gamma"]
URL = "https://git.example.com/platform/fleet.git"

# alpha and beta receive the app; gamma receives nothing (an empty kustomization).
# The ConfigMap holds a "${...}" that must reach the cluster verbatim.
FLEET_REPO = {
    "fleets/demo.yaml": """
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {name: demo, namespace: kurator-system}
        spec:
          clusters:
          - {name: gamma, labels: {region: ap}}
          - {name: alpha, labels: {region: eu}}
          - {name: beta, labels: {region: us}}
        """,
    "policies/web.yaml": """
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: web, namespace: web}
        spec:
          resourceSelectors:
          - {apiVersion: apps/v1, kind: Deployment, name: web}
          - {apiVersion: v1, kind: ConfigMap, name: web-env}
          placement:
            clusterAffinity: {clusterNames: [alpha, beta]}
            replicaScheduling: {replicaSchedulingType: Duplicated}
        """,
    "apps/web.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: "nginx:1.27", envFrom: [{configMapRef: {name: web-env}}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-env, namespace: web}
        data: {GREETING: "hello ${USER_NAME}"}
        """,
}


@pytest.fixture(scope="module")
def git_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose fleet repo is the subfolder ``fleet/``, rendered."""
    import git

    root = tmp_path_factory.mktemp("monorepo")
    with git.Repo.init(root) as handle:
        handle.create_remote("origin", URL)
    repo = write_repo(root / "fleet", FLEET_REPO)
    runner.render(repo, repo / "out")
    return root


@pytest.fixture(scope="module")
def repo(git_root: Path) -> Path:
    return git_root / "fleet"


@cache
def _strict_schema(name: str) -> dict[str, Any]:
    # The API server drops or rejects unknown fields of a structural schema; closing
    # every object that lists its properties makes a misspelt field fail here too
    # (what kubeconform -strict does with the same schemas).
    def close(node: Any) -> Any:
        if isinstance(node, list):
            return [close(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: close(v) for k, v in node.items()}
        if "properties" in node and "additionalProperties" not in node \
                and not node.get("x-kubernetes-preserve-unknown-fields"):
            node["additionalProperties"] = False
        return node

    return close(json.loads((SCHEMAS / name).read_text()))


def schema_errors(obj: dict[str, Any]) -> list[str]:
    schema = _strict_schema(SCHEMA_FILES[(obj["apiVersion"], obj["kind"])])
    validator = jsonschema.Draft4Validator(schema)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(obj)]


def _objects(tool: str, repo: Path, *args: str) -> list[dict[str, Any]]:
    from click.testing import CliRunner

    from render.cli import cli

    result = CliRunner().invoke(cli, ["bootstrap", tool, "--repo", str(repo), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return list(yaml.safe_load_all(result.output))


def _expand(template: Any, params: dict[str, str]) -> Any:
    # Just enough of Argo CD's Go templating for "{{.key}}" placeholders.
    if isinstance(template, dict):
        return {k: _expand(v, params) for k, v in template.items()}
    if isinstance(template, list):
        return [_expand(v, params) for v in template]
    if isinstance(template, str):
        return re.sub(r"\{\{\s*\.(\w+)\s*\}\}", lambda m: params[m.group(1)], template)
    return template


def named_paths(objects: list[dict[str, Any]]) -> dict[str, str]:
    """Destination cluster -> the folder (relative to the git root) synced to it."""
    paths = {}
    for obj in objects:
        if obj["kind"] == "ApplicationSet":
            [generator] = obj["spec"]["generators"]
            for element in generator["list"]["elements"]:
                app = _expand(obj["spec"]["template"], element)
                paths[app["spec"]["destination"]["name"]] = app["spec"]["source"]["path"]
        elif obj["kind"] == "Kustomization":
            cluster = obj["spec"]["kubeConfig"]["secretRef"]["name"].removesuffix("-kubeconfig")
            paths[cluster] = obj["spec"]["path"].removeprefix("./")
    return paths


# --- the objects against their CRD schemas ------------------------------------------


@pytest.mark.parametrize("tool", bootstrap.TOOLS)
def test_objects_validate_against_their_crd_schemas(repo: Path, tool: str) -> None:
    objects = _objects(tool, repo)
    assert objects
    for obj in objects:
        assert schema_errors(obj) == [], obj["kind"]


@pytest.mark.parametrize(("kind", "path", "value"), [
    ("ApplicationSet", ("spec", "template", "spec", "syncPolicy", "automated", "prun"), True),
    ("ApplicationSet", ("spec", "generators", 0, "list", "elements"), "alpha"),
    ("GitRepository", ("spec", "interval"), 60),
    ("Kustomization", ("spec", "postbuild"), {}),
    ("Kustomization", ("spec", "prune"), "yes"),
], ids=["appset-typo", "appset-elements-type", "gitrepo-interval-type", "ks-typo", "ks-prune-type"])
def test_the_schemas_reject_broken_objects(repo: Path, kind: str, path: tuple[Any, ...], value: Any) -> None:
    # Guards against a schema that accepts anything.
    objects = _objects("argocd", repo) + _objects("flux", repo)
    obj = next(o for o in objects if o["kind"] == kind)
    node = obj
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert schema_errors(obj)


def test_schemas_are_the_served_upstream_versions() -> None:
    for (api_version, kind), name in SCHEMA_FILES.items():
        schema = json.loads((SCHEMAS / name).read_text())
        assert f"{api_version} {kind} (served" in schema["$comment"]
        assert schema["properties"]["spec"]["type"] == "object"


# --- every object names a folder that exists and builds --------------------------------


@pytest.mark.parametrize("tool", bootstrap.TOOLS)
def test_each_folder_goes_to_the_cluster_of_its_name(repo: Path, tool: str) -> None:
    paths = named_paths(_objects(tool, repo))
    assert paths == {c: f"fleet/out/{c}" for c in CLUSTERS}


@pytest.mark.parametrize("tool", bootstrap.TOOLS)
def test_every_named_path_exists_in_the_rendered_output(git_root: Path, repo: Path, tool: str) -> None:
    rendered = sorted(p.name for p in (repo / "out").iterdir() if p.is_dir())
    paths = named_paths(_objects(tool, repo))
    assert sorted(paths) == rendered == CLUSTERS
    for path in paths.values():
        assert (git_root / path / "kustomization.yaml").is_file(), path


@pytest.mark.parametrize("tool", bootstrap.TOOLS)
def test_kubectl_kustomize_builds_every_named_path(git_root: Path, repo: Path, tool: str, kubectl: str) -> None:
    for cluster, path in named_paths(_objects(tool, repo)).items():
        built = subprocess.run([kubectl, "kustomize", str(git_root / path)], capture_output=True, text=True,
                               check=False, timeout=60)
        assert built.returncode == 0, f"{cluster}: {built.stderr}"
        if cluster != "gamma":
            assert "hello ${USER_NAME}" in built.stdout  # reaches the cluster verbatim


def test_argocd_application_set(repo: Path) -> None:
    [appset] = _objects("argocd", repo, "--revision", "release-1")
    assert appset["metadata"] == {"name": "fleet-render", "namespace": "argocd"}
    [generator] = appset["spec"]["generators"]
    assert [e["cluster"] for e in generator["list"]["elements"]] == CLUSTERS
    app = _expand(appset["spec"]["template"], {"cluster": "beta", "path": "fleet/out/beta"})
    assert app["metadata"]["name"] == "fleet-render-beta"
    assert app["spec"]["source"] == {"repoURL": URL, "targetRevision": "release-1", "path": "fleet/out/beta"}
    assert app["spec"]["destination"] == {"name": "beta"}
    assert app["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    assert "CreateNamespace=true" not in app["spec"]["syncPolicy"].get("syncOptions", [])


def test_flux_objects(repo: Path) -> None:
    source, *kustomizations = _objects("flux", repo)
    assert source["kind"] == "GitRepository"
    assert source["spec"]["url"] == URL and source["spec"]["ref"] == {"branch": "main"}
    assert [k["metadata"]["name"] for k in kustomizations] == [f"fleet-render-{c}" for c in CLUSTERS]
    for cluster, ks in zip(CLUSTERS, kustomizations, strict=True):
        assert ks["metadata"]["namespace"] == source["metadata"]["namespace"] == "flux-system"
        assert ks["spec"]["path"] == f"./fleet/out/{cluster}"
        assert ks["spec"]["prune"] is True
        assert ks["spec"]["sourceRef"] == {"kind": "GitRepository", "name": source["metadata"]["name"]}
        assert ks["spec"]["kubeConfig"] == {"secretRef": {"name": f"{cluster}-kubeconfig"}}
        assert "postBuild" not in ks["spec"]  # it would substitute "${...}" in the manifests


@pytest.mark.parametrize(("revision", "ref"), [
    ("main", {"branch": "main"}),
    ("release/1.2", {"branch": "release/1.2"}),
    ("refs/tags/v1.2.0", {"name": "refs/tags/v1.2.0"}),
    ("0123456789abcdef0123456789abcdef01234567", {"commit": "0123456789abcdef0123456789abcdef01234567"}),
], ids=["branch", "branch-with-slash", "tag-ref", "commit"])
def test_flux_revision_becomes_a_git_ref(revision: str, ref: dict[str, str]) -> None:
    [source, _] = bootstrap.bootstrap_objects("flux", ["alpha"], GitSource(URL, revision))
    assert source["spec"]["ref"] == ref


# --- the command ------------------------------------------------------------------------


def test_output_file_equals_stdout_and_is_stable(repo: Path, tmp_path: Path, run_cli) -> None:
    target = tmp_path / "flux.yaml"
    written = run_cli("bootstrap", "flux", "--repo", repo, "-o", target)
    assert written.exit_code == 0 and written.output == ""
    printed = run_cli("bootstrap", "flux", "--repo", repo)
    assert target.read_text() == printed.output == run_cli("bootstrap", "flux", "--repo", repo).output
    assert printed.output.startswith("---\napiVersion: source.toolkit.fluxcd.io/v1\n")
    assert printed.output.count("\n---\n") == len(CLUSTERS)


def test_repo_url_option_wins_over_origin(repo: Path) -> None:
    [appset] = _objects("argocd", repo, "--repo-url", "git@example.com:other.git")
    assert appset["spec"]["template"]["spec"]["source"]["repoURL"] == "git@example.com:other.git"


def test_without_git_the_repo_url_is_required(make_repo, run_cli) -> None:
    plain = make_repo(FLEET_REPO, name="plain")
    runner.render(plain, plain / "out")
    result = run_cli("bootstrap", "argocd", "--repo", plain)
    assert result.exit_code == 2
    assert "pass --repo-url" in result.output
    ok = run_cli("bootstrap", "flux", "--repo", plain, "--repo-url", URL)
    assert ok.exit_code == 0
    assert "path: \"./out/alpha\"\n" in ok.output  # a repo outside git is taken as the git root


@pytest.mark.parametrize("tool", bootstrap.TOOLS)
def test_nothing_rendered_is_an_error(make_repo, run_cli, tool: str) -> None:
    empty = make_repo({"out/stray.txt": "not a cluster folder\n"}, name="empty")
    result = run_cli("bootstrap", tool, "--repo", empty, "--repo-url", URL)
    assert result.exit_code == 2
    assert result.output.startswith(f"<repo>: error: {empty.as_posix()}/out/ has no cluster folders: render first")


def test_folders_that_are_not_cluster_names_are_refused() -> None:
    with pytest.raises(RenderError) as caught:
        bootstrap.check_clusters(["alpha", "Not_A_Cluster", "x" * 49])
    assert str(caught.value).startswith("<repo>: error: out/ holds folders that are not cluster names: ")
    assert "Not_A_Cluster" in str(caught.value) and "x" * 49 in str(caught.value)


# --- properties -------------------------------------------------------------------------

cluster_names = st.from_regex(r"[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?", fullmatch=True)


@settings(max_examples=50)
@given(names=st.lists(cluster_names, min_size=1, max_size=6), tool=st.sampled_from(bootstrap.TOOLS))
def test_output_is_sorted_complete_and_round_trips(names: list[str], tool: str) -> None:
    source = GitSource(URL, "main", "out")
    objects = bootstrap.bootstrap_objects(tool, names, source)
    assert sorted(named_paths(objects).items()) == [(n, f"out/{n}") for n in sorted(set(names))]
    assert bootstrap.bootstrap_objects(tool, list(reversed(names)), source) == objects
    assert list(yaml.safe_load_all(bootstrap.dump_objects(objects))) == objects
