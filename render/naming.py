"""Names before paths: Kubernetes name rules, checked before a name becomes a file name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from render.errors import Finding
from render.loading import Document

_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_API_VERSION = re.compile(r"([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?")
# RBAC objects may use any path-segment name (e.g. "system:controller:foo").
PATH_SEGMENT_KINDS = frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"})


def _name_problem(kind: str, name: Any) -> str | None:
    if not isinstance(name, str) or not name:
        return "metadata.name must be a non-empty string"
    if len(name) > 253:
        return "name must be at most 253 characters"
    if kind in PATH_SEGMENT_KINDS:
        if name in (".", "..") or any(c in name for c in "/%\0"):
            return "name may not be '.' or '..' nor contain '/', '%' or NUL"
        return None
    if not _DNS_SUBDOMAIN.fullmatch(name):
        return "name must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"
    return None


def manifest_problems(doc: Document) -> Iterator[Finding]:
    """Why an object from apps/ cannot be rendered: missing or unsafe identity fields."""
    data = doc.data
    where = {"file": doc.file, "document": doc.index}
    api, kind = data.get("apiVersion"), data.get("kind")
    if not isinstance(api, str) or not _API_VERSION.fullmatch(api):
        yield Finding("apiVersion must be a string like 'apps/v1'", field_path=("apiVersion",), **where)
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        yield Finding("kind must be a string like 'Deployment'", field_path=("kind",), **where)
        return
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        yield Finding("metadata must be a mapping with a name", field_path=("metadata",), **where)
        return
    problem = _name_problem(kind, meta.get("name"))
    if problem:
        yield Finding(problem, field_path=("metadata", "name"), **where)
    namespace = meta.get("namespace")
    if namespace is not None and (not isinstance(namespace, str) or len(namespace) > 63
                                  or not _DNS_LABEL.fullmatch(namespace)):
        yield Finding("namespace must be a DNS-1123 label", field_path=("metadata", "namespace"), **where)
    for part in ("labels", "annotations"):
        values = meta.get(part)
        if values is not None and (not isinstance(values, dict)
                                   or not all(isinstance(v, str) for v in values.values())):
            yield Finding(f"metadata.{part} must map strings to strings", field_path=("metadata", part), **where)
