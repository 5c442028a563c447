"""Rendered objects against Kubernetes' schemas: kubeconform when installed, else kubernetes-validate."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from render import DEFAULT_KUBERNETES_VERSION
from render.errors import RenderError, json_path
from render.output import MARKER

if TYPE_CHECKING:
    from collections.abc import Mapping

_NOT_MANIFESTS = ("kustomization.yaml", "bindings.yaml", MARKER)
_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")
# kubeconform's statuses (pkg/output/json.go); "statusEmpty" cannot occur: every
# rendered file holds one object.
_KUBECONFORM_STATUS = {
    "statusValid": "valid",
    "statusInvalid": "invalid",
    "statusSkipped": "skipped",
    "statusError": "error",
}


@dataclass(frozen=True)
class SchemaCheck:
    """The verdict on one rendered file.

    ``status`` is ``valid``, ``invalid``, ``error`` (the validator could not check it)
    or ``skipped`` (no schema for its kind: not checked, so not known to be valid).
    """

    path: str
    status: str
    message: str = ""


def kubernetes_version(text: str) -> str:
    """Normalise ``1.30``, ``v1.30.2`` or ``1.30.0`` to ``MAJOR.MINOR.PATCH``.

    Raises:
        RenderError: not a Kubernetes version.
    """
    match = _VERSION.fullmatch(text.strip())
    if not match:
        raise RenderError.single(
            f"--kubernetes-version {text!r} is not a version like 1.30.0",
            stage="validate",
        )
    return f"{match[1]}.{match[2]}.{match[3] or 0}"


def _manifests(files: Mapping[str, str]) -> dict[str, str]:
    return {p: t for p, t in sorted(files.items()) if not p.endswith(_NOT_MANIFESTS)}


def _error_text(error: Any, obj: Any) -> str:
    where = json_path(tuple(error.path))
    if isinstance(obj, dict) and obj.get("kind") == "Secret":
        # jsonschema messages quote the offending value; a Secret's must not be shown.
        return f"{where}: fails the schema's {error.validator!r} rule (value hidden)"
    return f"{where}: {error.message}"


def _check_versions(version: str) -> None:
    import kubernetes_validate  # type: ignore[import-untyped]
    from kubernetes_validate.utils import all_versions  # type: ignore[import-untyped]

    known = sorted({_minor(v) for v in all_versions()})
    if not known[0] <= _minor(version) <= known[-1]:
        low, high = (".".join(map(str, v)) for v in (known[0], known[-1]))
        raise RenderError.single(
            f"kubernetes-validate {kubernetes_validate.__version__} has schemas for "
            f"Kubernetes {low} to {high}, not {version}",
            stage="validate",
            hint="install kubeconform, or pick a version in that range",
        )


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _with_kubernetes_validate(
    files: Mapping[str, str], version: str
) -> list[SchemaCheck]:
    import kubernetes_validate

    _check_versions(version)
    checks = []
    for path, text in files.items():
        obj = yaml.safe_load(text)
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            checks.append(SchemaCheck(path, "skipped", "no schema for this kind"))
        except kubernetes_validate.ValidationError as e:
            checks.append(SchemaCheck(path, "invalid", _error_text(e, obj)))
        else:
            checks.append(SchemaCheck(path, "valid"))
    return checks


def _kubeconform_message(item: Mapping[str, Any]) -> str:
    errors = item.get("validationErrors") or ()
    if errors:
        return "; ".join(f"{e.get('path') or '/'}: {e.get('msg', '')}" for e in errors)
    return str(item.get("msg") or "")


def _with_kubeconform(
    tool: str, files: Mapping[str, str], version: str
) -> list[SchemaCheck]:
    with tempfile.TemporaryDirectory(prefix="fleet-render-validate-") as tmp:
        for path, text in files.items():
            target = Path(tmp, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        command = [tool, "-strict", "-ignore-missing-schemas", "-verbose", "-output",
                   "json", "-kubernetes-version", version, tmp]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        try:
            resources = json.loads(done.stdout)["resources"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise RenderError.single(
                f"kubeconform failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[:500]}",
                stage="validate",
            ) from e
        results = {}
        for item in resources:
            rel = Path(item["filename"]).relative_to(tmp).as_posix()
            status = _KUBECONFORM_STATUS.get(item.get("status"), "error")
            message = _kubeconform_message(item)
            if status == "skipped" and not message:
                message = "no schema for this kind"
            results[rel] = SchemaCheck(rel, status, message)
    # -verbose lists every resource: a file missing from the answer was not checked.
    missing = SchemaCheck("", "error", "kubeconform did not report on this file")
    return [
        results.get(p) or SchemaCheck(p, missing.status, missing.message) for p in files
    ]


@dataclass(frozen=True)
class ManifestReport:
    """What ``validate`` found in the rendered output, and with which validator."""

    tool: str
    version: str
    checks: list[SchemaCheck]

    @property
    def failed(self) -> bool:
        """Some object is invalid or could not be checked."""
        return any(c.status in ("invalid", "error") for c in self.checks)


def validate_manifests(
    files: Mapping[str, str], version: str = DEFAULT_KUBERNETES_VERSION
) -> ManifestReport:
    """Check every rendered manifest against the Kubernetes schemas of ``version``.

    kubeconform is used when it is on PATH (it also knows CRDs from its schema
    locations), else the kubernetes-validate package. Kinds with no schema are
    ``skipped``.

    Returns:
        The validator, the normalised version and one verdict per manifest file.

    Raises:
        RenderError: a malformed or unsupported version, or kubeconform failing.
    """
    version = kubernetes_version(version)
    manifests = _manifests(files)
    tool = shutil.which("kubeconform")
    if tool:
        checks = _with_kubeconform(tool, manifests, version)
        return ManifestReport("kubeconform", version, checks)
    checks = _with_kubernetes_validate(manifests, version)
    return ManifestReport("kubernetes-validate", version, checks)
