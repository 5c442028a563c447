"""Rendered objects against Kubernetes' schemas: kubeconform when installed, else kubernetes-validate."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from render.errors import json_path
from render.output import MARKER

DEFAULT_KUBERNETES_VERSION = "1.30.0"
_NOT_MANIFESTS = ("kustomization.yaml", "bindings.yaml", MARKER)


@dataclass(frozen=True)
class SchemaCheck:
    """The verdict on one rendered file: ``valid``, ``invalid`` or ``skipped`` (no schema for its kind)."""

    path: str
    status: str
    message: str = ""


def _manifests(files: Mapping[str, str]) -> dict[str, str]:
    return {p: t for p, t in sorted(files.items()) if not p.endswith(_NOT_MANIFESTS)}


def _with_kubernetes_validate(files: Mapping[str, str], version: str) -> list[SchemaCheck]:
    import kubernetes_validate

    checks = []
    for path, text in files.items():
        try:
            kubernetes_validate.validate(yaml.safe_load(text), version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            checks.append(SchemaCheck(path, "skipped", "no schema for this kind"))
        except kubernetes_validate.ValidationError as e:
            checks.append(SchemaCheck(path, "invalid", f"{json_path(tuple(e.path))}: {e.message}"))
        else:
            checks.append(SchemaCheck(path, "valid"))
    return checks


def _with_kubeconform(tool: str, files: Mapping[str, str], version: str) -> list[SchemaCheck]:
    with tempfile.TemporaryDirectory(prefix="fleet-render-validate-") as tmp:
        for path, text in files.items():
            target = Path(tmp, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        done = subprocess.run([tool, "-strict", "-verbose", "-output", "json", "-kubernetes-version", version, tmp],
                              capture_output=True, text=True, check=False)
        results = {}
        for item in json.loads(done.stdout or "{}").get("resources", []):
            rel = Path(item["filename"]).relative_to(tmp).as_posix()
            status = {"statusValid": "valid", "statusSkipped": "skipped"}.get(item["status"], "invalid")
            results[rel] = SchemaCheck(rel, status, item.get("msg", ""))
    return [results.get(p, SchemaCheck(p, "valid")) for p in files]


def validate_manifests(files: Mapping[str, str], version: str = DEFAULT_KUBERNETES_VERSION) -> tuple[str, list[SchemaCheck]]:
    """Check every rendered manifest; returns the validator used and one verdict per file."""
    manifests = _manifests(files)
    tool = shutil.which("kubeconform")
    if tool:
        return "kubeconform", _with_kubeconform(tool, manifests, version)
    return "kubernetes-validate", _with_kubernetes_validate(manifests, version)
