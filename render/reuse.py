"""Reusing the last render's work: each object's binding and copies, keyed by what decided them.

A render records, per object of ``apps/``, its binding and its cluster copies (with
their YAML) under a key hashed from everything that decided them: the object, its
previous placement, the policy that placed it, every policy's selectors (which one
wins), the clusters, fleet defaults, override policies, replica fields, the options
and fleet-render's own source. The next render takes an object whose key and policy
are unchanged from the record instead of selecting, scheduling, overriding and
emitting it again, so editing one policy re-renders the objects it places and
nothing else. Templates and HPAs (whose copies read other objects' placements) are
always rendered; so is everything in a shard or ``--jobs`` render.

The record is kept in the user's cache folder (:mod:`render.records`), one per
output folder; without one, a render makes everything.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from render import records
from render.errors import Finding
from render.inputs import Inputs
from render.model import Manifest, Policy
from render.scheduling import ScheduleResult

_FORMAT = b"fleet-render reuse 1"
PolicyRef = tuple[str, str, str]  # kind, namespace, name


def _digest(*parts: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=20).digest()


def ref_of(policy: Policy) -> PolicyRef:
    """How a unit names its policy."""
    return (policy.kind, policy.namespace, policy.name)


@dataclass(frozen=True)
class Copy:
    """One cluster's copy of an object, as the pipeline made it, and its YAML."""

    cluster: str
    replicas: int
    obj: dict[str, Any]
    applied: tuple[Any, ...]
    text: str


@dataclass(frozen=True)
class Unit:
    """What the pipeline decided for one object: its binding, warnings and copies."""

    policy: PolicyRef
    policy_digest: bytes
    replicas: int
    result: ScheduleResult
    divided: bool
    warnings: tuple[Finding, ...]
    copies: tuple[Copy, ...]


def record_path(out: Path) -> Path:
    """The reuse record of one output folder."""
    return records.record_path(out, "reuse")


@dataclass
class Reuse:
    """The last render's units for one render, and the units this render makes."""

    inputs: Inputs
    context: bytes
    old: Mapping[bytes, Unit] = field(default_factory=dict)
    new: dict[bytes, Unit] = field(default_factory=dict)
    taken: int = 0  # units this render took from the record
    _keys: dict[int, bytes] = field(default_factory=dict)
    _policies: dict[PolicyRef, bytes] = field(default_factory=dict)

    @classmethod
    def for_render(cls, inputs: Inputs, out: Path, fresh: bool, source: str) -> Reuse:
        """Load the record of ``out`` (an empty one when there is none to trust)."""
        # Which policy wins reads every propagation policy but its placement.
        selectors = [
            (
                ref_of(p),
                p.file,
                p.index,
                {k: v for k, v in p.spec.items() if k != "placement"},
            )
            for p in inputs.propagation_policies
        ]
        context = _digest(
            _FORMAT,
            source,
            fresh,
            inputs.clusters,
            inputs.override_policies,
            inputs.replica_fields,
            inputs.fleet_placements,
            selectors,
        )
        reuse = cls(inputs, context)
        reuse._policies = {
            ref_of(p): _digest(ref_of(p), p.file, p.index, p.spec)
            for p in inputs.propagation_policies
        }
        old = records.load(record_path(out), _FORMAT)
        reuse.old = old if isinstance(old, dict) else {}
        return reuse

    def _key(self, manifest: Manifest) -> bytes:
        key = self._keys.get(id(manifest))
        if key is None:
            previous = self.inputs.previous.get(
                (manifest.api_version, manifest.kind, manifest.namespace, manifest.name)
            )
            body = (manifest.file, manifest.index, manifest.namespaced, manifest.body)
            key = self._keys[id(manifest)] = _digest(self.context, body, previous)
        return key

    def take(self, manifest: Manifest) -> Unit | None:
        """The recorded unit of this object when nothing that decided it changed."""
        if manifest.template is not None:
            return None
        key = self._key(manifest)
        unit = self.old.get(key)
        if unit is None or self._policies.get(unit.policy) != unit.policy_digest:
            return None
        self.new[key] = unit
        self.taken += 1
        return unit

    def keep(self, manifest: Manifest, unit: Unit) -> None:
        """Record a unit this render made."""
        if manifest.template is not None:
            return
        self.new[self._key(manifest)] = replace(
            unit,
            policy_digest=self._policies[unit.policy],
            result=replace(unit.result, verdicts=()),
        )

    def save(self, out: Path) -> None:
        """Write this render's units as the record of ``out`` (best effort)."""
        records.save(record_path(out), _FORMAT, self.new)
