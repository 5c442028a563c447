"""Names before paths: Kubernetes name rules, checked before a name becomes a file name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.errors import FieldPath, Finding, json_path

if TYPE_CHECKING:
    from render.loading import Document
    from render.model import Manifest

_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
)
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_API_VERSION = re.compile(
    r"([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?"
)
# Kubernetes: a CRD's kind, lower-cased, is a DNS-1035 label; groups and names are
# DNS-1123 subdomains (253); namespaces are labels (63).
KIND_MAX, GROUP_MAX, NAME_MAX, NAMESPACE_MAX = 63, 253, 253, 63
# The output file <kind>.<group>_<name>.yaml is one path component: NAME_MAX of Linux.
FILE_NAME_MAX = 255
# RBAC objects may use any path-segment name (e.g. "system:controller:foo").
PATH_SEGMENT_KINDS = frozenset(
    {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}
)


def is_dns_label(text: str) -> bool:
    """A DNS-1123 label of at most 63 characters: Kubernetes' rule for a namespace."""
    return len(text) <= NAMESPACE_MAX and _DNS_LABEL.fullmatch(text) is not None


def is_dns_subdomain(text: str) -> bool:
    """A DNS-1123 subdomain of at most 253 characters: Kubernetes' rule for most names."""
    return len(text) <= NAME_MAX and _DNS_SUBDOMAIN.fullmatch(text) is not None


def _name_problem(api: str, kind: str, name: Any) -> str | None:
    if not isinstance(name, str) or not name:
        return "metadata.name must be a non-empty string"
    if len(name) > NAME_MAX:
        return f"name must be at most {NAME_MAX} characters"
    if kind in PATH_SEGMENT_KINDS:
        if name in (".", "..") or any(c in name for c in "/%\0"):
            return "name may not be '.' or '..' nor contain '/', '%' or NUL"
    elif kind == "Namespace" and api == "v1":
        if not is_dns_label(name):
            return f"a Namespace name must be a DNS-1123 label (lower-case letters, digits and '-', at most {NAMESPACE_MAX})"
    elif not is_dns_subdomain(name):
        return "name must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"
    file_name = f"{kind.lower()}.{api.rpartition('/')[0]}_{name}.yaml"
    if len(file_name.encode("utf-8")) > FILE_NAME_MAX:
        return f"kind, group and name make an output file name longer than {FILE_NAME_MAX} bytes"
    return None


def _identity_problems(api: Any, kind: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(api, str) or not _API_VERSION.fullmatch(api):
        yield "apiVersion", "apiVersion must be a string like 'apps/v1'"
    elif len(api.rpartition("/")[0]) > GROUP_MAX:
        yield "apiVersion", f"the API group must be at most {GROUP_MAX} characters"
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        yield "kind", "kind must be a string like 'Deployment'"
    elif len(kind) > KIND_MAX:
        yield "kind", f"kind must be at most {KIND_MAX} characters"


def manifest_problems(doc: Document) -> Iterator[Finding]:
    """Why an object from apps/ cannot be rendered: missing or unsafe identity fields."""
    for path, message in _object_problems(doc.data):
        yield Finding(message, doc.file, path, document=doc.index)


def _object_problems(data: Mapping[str, Any]) -> Iterator[tuple[FieldPath, str]]:
    api, kind = data.get("apiVersion"), data.get("kind")
    problems = list(_identity_problems(api, kind))
    for field, message in problems:
        yield (field,), message
    if problems:
        return
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        yield ("metadata",), "metadata must be a mapping with a name"
        return
    problem = _name_problem(str(api), str(kind), meta.get("name"))
    if problem:
        yield ("metadata", "name"), problem
    namespace = meta.get("namespace")
    if namespace is not None and (
        not isinstance(namespace, str) or not is_dns_label(namespace)
    ):
        message = f"namespace must be a DNS-1123 label (lower-case letters, digits and '-', at most {NAMESPACE_MAX})"
        yield ("metadata", "namespace"), message
    for part in ("labels", "annotations"):
        values = meta.get(part)
        if values is not None and (
            not isinstance(values, dict)
            or not all(isinstance(v, str) for v in values.values())
        ):
            yield ("metadata", part), f"metadata.{part} must map strings to strings"


def _identity(obj: Mapping[str, Any]) -> tuple[Any, ...]:
    meta = obj.get("metadata")
    meta = meta if isinstance(meta, Mapping) else {}
    return (
        obj.get("apiVersion"),
        obj.get("kind"),
        meta.get("name"),
        meta.get("namespace"),
    )


def overridden_identity_problem(
    copy: Mapping[str, Any],
    original: Mapping[str, Any],
    applied: Sequence[Any],
    cluster: str,
) -> Finding | None:
    """Why a copy whose overrides changed its identity cannot be written, or None.

    Names become paths: an override may rename an object, but never into a name
    Kubernetes would refuse (or a path that leaves its folder). The finding points at
    the last override rule applied to the copy.
    """
    if not applied or _identity(copy) == _identity(original):
        return None
    path, message = next(_object_problems(copy), (None, ""))
    if path is None:
        return None
    rule = applied[-1]
    where = (
        ("spec", "overriders")
        if rule.rule_index is None
        else ("spec", "overrideRules", rule.rule_index)
    )
    return Finding(
        f"the overrides for cluster {cluster} make {json_path(path)} invalid: {message}",
        rule.policy.file,
        where,
        stage="override",
        document=rule.policy.index,
    )


def iter_path_collisions(manifests: Iterable[Manifest]) -> Iterator[Finding]:
    """Objects of kinds that differ only in case would share one output file."""
    seen: dict[tuple[str, ...], Manifest] = {}
    for m in sorted(manifests, key=lambda m: (m.file, m.index)):
        group = m.api_version.rpartition("/")[0]
        path = (m.namespace, m.kind.lower(), group, m.name)
        first = seen.setdefault(path, m)
        if first is not m and first.kind != m.kind:
            yield Finding(
                f"{m.kind} {m.name!r} and {first.kind} {first.name!r} ({first.file}) would be written "
                "to the same output file (kinds differ only in case)",
                m.file,
                ("kind",),
                document=m.index,
            )
