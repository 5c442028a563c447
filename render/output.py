"""Writing out/: one folder per cluster with its kustomization.yaml, plus bindings.yaml.

The tree is built in a sibling temporary folder and swapped in with renames, so
``out/`` is either the old or the new complete output, never a mix.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from render.errors import RenderError

if TYPE_CHECKING:
    from render.pipeline import Binding, RenderPlan

MARKER = ".fleet-render-output"
CLUSTER_SCOPE_FOLDER = "_cluster"  # "_" cannot start a namespace name, so no collision

try:
    _BaseDumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseDumper = yaml.SafeDumper


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """One dumper for every output file, so bytes never depend on the call site."""


# Go's YAML (sigs.k8s.io/yaml) reads "1e3" as a float where PyYAML sees a string:
# teach the dumper's resolver so such strings are quoted on output.
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0[ob][0-9a-fA-F_]+$"),
    list("-+.0123456789"),
)
# ...and go-yaml v2 also reads a lone y / n as a boolean.
_Dumper.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^[yYnN]$"), list("yYnN"))


def dump(obj: Any) -> str:
    """Serialise one object: sorted keys, block style, no line folding."""
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=True, default_flow_style=False, allow_unicode=True, width=1 << 16)


def object_path(obj: Mapping[str, Any]) -> str:
    """``<namespace or _cluster>/<kind>[.<group>]_<name>.yaml``: collision-free per cluster."""
    meta = obj["metadata"]
    group = str(obj["apiVersion"]).rpartition("/")[0]
    kind = str(obj["kind"]).lower() + (f".{group}" if group else "")
    folder = meta.get("namespace") or CLUSTER_SCOPE_FOLDER
    return f"{folder}/{kind}_{meta['name']}.yaml"


def kustomization(paths: Iterable[str]) -> str:
    """The kustomization.yaml listing every file of a cluster folder."""
    return dump({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                 "resources": sorted(paths)})


def binding_object(binding: Binding) -> dict[str, Any]:
    """The binding as Karmada's work.karmada.io/v1alpha2 (Cluster)ResourceBinding."""
    m = binding.manifest
    resource = {"apiVersion": m.api_version, "kind": m.kind, "name": m.name}
    meta: dict[str, Any] = {"name": f"{m.name}-{m.kind.lower()}"}
    if m.namespaced:
        resource["namespace"] = meta["namespace"] = m.namespace
    spec: dict[str, Any] = {
        "resource": resource,
        "clusters": [{"name": n, "replicas": r} for n, r in binding.result.clusters],
    }
    if binding.replicas:
        spec["replicas"] = binding.replicas
    body: dict[str, Any] = {
        "apiVersion": "work.karmada.io/v1alpha2",
        "kind": "ResourceBinding" if m.namespaced else "ClusterResourceBinding",
        "metadata": meta,
        "spec": spec,
    }
    if binding.result.observed_affinity_name:
        body["status"] = {"schedulerObservedAffinityName": binding.result.observed_affinity_name}
    return body


def render_files(plan: RenderPlan) -> dict[str, str]:
    """Every file of the output tree, relative path to text."""
    files: dict[str, str] = {MARKER: "# written by fleet-render; this folder is replaced on every render\n"}
    for cluster in plan.clusters:
        paths = []
        for obj in plan.objects.get(cluster.name, ()):
            path = object_path(obj)
            files[f"{cluster.name}/{path}"] = dump(obj)
            paths.append(path)
        files[f"{cluster.name}/kustomization.yaml"] = kustomization(paths)
    bindings = sorted((binding_object(b) for b in plan.bindings),
                      key=lambda b: (b["metadata"].get("namespace", ""), b["metadata"]["name"], b["spec"]["resource"]["apiVersion"]))
    files["bindings.yaml"] = dump({"apiVersion": "v1", "kind": "List", "items": bindings})
    return files


def check_out_dir(out: Path) -> None:
    """Refuse to replace a non-empty folder fleet-render did not create."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise RenderError.single(f"refusing to replace {out}: it is not empty and was not written by fleet-render",
                                 stage="write", hint=f"fleet-render writes {MARKER} in folders it owns")


def recover(out: Path) -> None:
    """Finish or undo a swap that a killed render left half done."""
    parent = out.parent
    backups = sorted(parent.glob(f".{out.name}.old-*"))
    if backups and not out.exists():
        os.replace(backups[-1], out)
        backups = backups[:-1]
    for leftover in [*backups, *parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def read_tree(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` (relative path to bytes); empty when it does not exist."""
    if not out.is_dir():
        return {}
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def compare_tree(files: Mapping[str, str], out: Path) -> list[tuple[str, str]]:
    """How ``out`` differs from the files a render would write.

    Returns:
        Sorted ``(status, path)`` pairs, status one of ``added``, ``removed``, ``changed``.
    """
    have = read_tree(out)
    want = {path: text.encode("utf-8") for path, text in files.items()}
    changes = [("added", p) for p in want.keys() - have.keys()]
    changes += [("removed", p) for p in have.keys() - want.keys()]
    changes += [("changed", p) for p in want.keys() & have.keys() if want[p] != have[p]]
    return sorted(changes, key=lambda c: (c[1], c[0]))


def write_tree(files: Mapping[str, str], out: Path) -> None:
    """Write the files as the new ``out`` folder, replacing the old one atomically.

    Raises:
        RenderError: the folder cannot be written (permissions, full disk).
    """
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
        check_out_dir(out)
        if out.is_dir() and not compare_tree(files, out):
            return  # up to date: leave every byte and mtime alone
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; out/ is meant to be read
        for rel, text in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        backup = staging.with_name(staging.name.replace(".new-", ".old-"))
        if out.exists():
            os.replace(out, backup)
        os.replace(staging, out)
        shutil.rmtree(backup, ignore_errors=True)
    except OSError as e:
        for leftover in out.parent.glob(f".{out.name}.new-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        raise RenderError.single(f"cannot write {out}: {e.strerror or e}", stage="write") from e
