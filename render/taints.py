"""Taints as ``kubectl taint`` and ``karmadactl taint`` spell them: parsing, checks.

Follows kubectl's ``cmd/taint/utils.go`` (lifted into Karmada as
``lifted.ParseTaints``) and apimachinery's name and label-value rules, with their
error messages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from render.errors import RenderError
from render.model import Taint

if TYPE_CHECKING:
    from collections.abc import Sequence

UNSCHEDULABLE_TAINT = Taint("cluster.karmada.io/unschedulable", "NoSchedule")
# Karmada's failover taints, set by its cluster controller; set by hand, they
# rehearse a failover.
NOT_READY_TAINT = Taint("cluster.karmada.io/not-ready", "NoExecute")
UNREACHABLE_TAINT = Taint("cluster.karmada.io/unreachable", "NoExecute")
# kubectl's syntax takes three effects, but Karmada's Cluster validation
# (pkg/util/lifted/validateclustertaints.go) stores only two.
TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
CLUSTER_TAINT_EFFECTS = ("NoSchedule", "NoExecute")

_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
)
_CHARS = (
    "consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
_SUBDOMAIN_RULE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
    "characters, '-' or '.', and must start and end with an alphanumeric character"
)
_TWO_SLASHES = (
    f"a qualified name must {_CHARS} with an optional DNS subdomain prefix "
    "and '/' (e.g. 'example.com/MyName')"
)


def _qualified_name_errors(key: str) -> list[str]:
    # apimachinery validation.IsQualifiedName
    parts = key.split("/")
    if len(parts) > 2:
        return [_TWO_SLASHES]
    errors = []
    prefix, name = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    if prefix == "":
        errors.append("prefix part must be non-empty")
    elif prefix is not None and len(prefix) > 253:
        errors.append("prefix part must be no more than 253 characters")
    elif prefix is not None and not _SUBDOMAIN.fullmatch(prefix):
        errors.append(f"prefix part {_SUBDOMAIN_RULE}")
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    if not _NAME.fullmatch(name):
        errors.append(f"name part must {_CHARS}")
    return errors


def _label_value_errors(value: str) -> list[str]:
    # apimachinery validation.IsValidLabelValue
    errors = ["must be no more than 63 characters"] if len(value) > 63 else []
    if value and not _NAME.fullmatch(value):
        errors.append(f"a valid label must be an empty string or {_CHARS}")
    return errors


def format_taint(taint: Taint) -> str:
    """Write a taint as kubectl does: ``key=value:Effect``, ``key:Effect``, ``key``."""
    text = taint.key + (f"={taint.value}" if taint.value else "")
    if taint.effect:
        return f"{text}:{taint.effect}"
    return f"{text}:" if taint.value else text


def _parse_taint(spec: str, whole: str) -> Taint:
    parts = spec.split(":")
    if len(parts) > 2:
        raise _invalid(f"invalid taint spec: {whole}")
    key, value, effect = parts[0], "", ""
    if len(parts) == 2:
        effect = parts[1]
        if effect not in TAINT_EFFECTS:
            raise _invalid(f"invalid taint effect: {effect}, unsupported taint effect")
        key, *rest = parts[0].split("=")
        if len(rest) > 1:
            raise _invalid(f"invalid taint spec: {whole}")
        value = rest[0] if rest else ""
        if errors := _label_value_errors(value):
            raise _invalid(f"invalid taint spec: {whole}, {'; '.join(errors)}")
    if errors := _qualified_name_errors(key):
        raise _invalid(f"invalid taint spec: {whole}, {'; '.join(errors)}")
    return Taint(key, effect, value)


def parse_taint_specs(specs: Sequence[str]) -> tuple[list[Taint], list[Taint]]:
    """Split ``KEY[=VALUE]:EFFECT`` and ``KEY[:EFFECT]-`` into taints to add and remove.

    Args:
        specs: the command-line taint arguments, in order.

    Returns:
        The taints to add and the taints to remove (an empty effect: every effect).

    Raises:
        RenderError: a malformed spec, an added taint without effect, the same key
            and effect added twice, or one taint both added and removed.
    """
    if not specs:
        raise _invalid("at least one taint update is required")
    adds: list[Taint] = []
    removes: list[Taint] = []
    for spec in specs:
        if spec.endswith("-"):
            taint = _parse_taint(spec[:-1], spec)
            removes.append(Taint(taint.key, taint.effect))
            continue
        taint = _parse_taint(spec, spec)
        if not taint.effect:
            raise _invalid(f"invalid taint spec: {spec}")
        if any((a.key, a.effect) == (taint.key, taint.effect) for a in adds):
            raise _invalid(
                "duplicated taints with the same key and effect: " + format_taint(taint)
            )
        adds.append(taint)
    conflicts = [
        format_taint(r)
        for r in removes
        for a in adds
        if a.key == r.key and r.effect in ("", a.effect)
    ]
    if conflicts:
        raise _invalid(
            "can not both modify and remove the following taint(s) in the same "
            f"command: {', '.join(conflicts)}"
        )
    return adds, removes


def _invalid(message: str) -> RenderError:
    return RenderError.single(message)
