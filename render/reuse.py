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
output folder; without one, a render makes everything. It holds what a reused unit
is read for, in plain tuples: each copy's YAML, its identity (kind, name and
namespace: what its path, its folder's namespaces and kustomization read) and the
override rules applied to it, by reference; not the object itself, which the YAML
already is, and which took most of the time of saving and loading the record.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from render import records
from render.errors import Finding
from render.inputs import Inputs
from render.mesh import ISTIO_GROUP
from render.model import Manifest, Policy
from render.overrides import AppliedRule
from render.readcache import ReadRecord
from render.scheduling import ScheduleResult

if TYPE_CHECKING:
    from render.placing import Binding

_FORMAT = b"fleet-render reuse 4"
PolicyRef = tuple[str, str, str]  # kind, namespace, name
# A copy's apiVersion, kind, name and namespace (None: the object has none).
Identity = tuple[Any, Any, Any, Any]
# An applied override rule by reference: its policy's file and document, the rule.
RuleRef = tuple[str, int, "int | None"]
# A copy as recorded: cluster, replicas, identity, applied rules, YAML, and the
# object only where a pass after placing reads more than its identity.
CopyRecord = tuple[str, int, Identity, tuple[RuleRef, ...], str, "dict[str, Any] | None"]
# A schedule result as recorded: its clusters, observed affinity, strategy and weights.
ResultRecord = tuple[tuple[tuple[str, int], ...], str, str, tuple[tuple[str, int], ...]]
# A unit as recorded: policy, its digest, replicas, result, divided, warnings (pickled,
# None when there are none: most units), copies, and its item of bindings.yaml when it
# had no requiredBy (which other objects decide). Plain values only, so the record is
# marshal data: at 1,000 clusters pickle took 0.9 s to write it and 1.5 s to read it
# back, marshal 0.15 s and a fraction of that.
UnitRecord = tuple[
    PolicyRef, bytes, int, ResultRecord, bool, "bytes | None", tuple[CopyRecord, ...],
    "str | None",
]


def _digest(*parts: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=20).digest()


def _result(recorded: ResultRecord) -> ScheduleResult:
    clusters, affinity, strategy, weights = recorded
    return ScheduleResult(clusters, affinity, strategy, weights=weights)


def ref_of(policy: Policy) -> PolicyRef:
    """How a unit names its policy."""
    return (policy.kind, policy.namespace, policy.name)


class Copy(NamedTuple):
    """One cluster's copy of an object, as the pipeline made it, and its YAML.

    A tuple, not a dataclass: a render taking every unit from the record makes
    65,000 of them at 1,000 clusters, three times faster so.
    """

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
    listed: str | None = None  # its item of bindings.yaml, when the last render wrote it


def record_path(out: Path) -> Path:
    """The reuse record of one output folder."""
    return records.record_path(out, "reuse")


def _added_path(out: Path) -> Path:
    return records.record_path(out, "reuse-added")


def _identity(obj: Mapping[str, Any]) -> Identity:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta["name"], meta.get("namespace"))


def _stands_in(identity: Identity) -> dict[str, Any]:
    # What the plan reads of a reused copy: render.output.object_path and the
    # namespaces a cluster folder needs. Each copy gets its own dict: the plan
    # finds a copy's YAML by the identity of its object.
    api_version, kind, name, namespace = identity
    meta = {"name": name} if namespace is None else {"name": name, "namespace": namespace}
    return {"apiVersion": api_version, "kind": kind, "metadata": meta}


def unit_record(unit: Unit) -> UnitRecord:
    """A unit as recorded (see :data:`UnitRecord`; its policy's digest left for
    :meth:`Reuse.keep` to fill): plain values, each copy's object by its identity
    (whole where a pass after placing reads it), its bindings.yaml item as the unit
    holds it. A ``--jobs`` worker hands its
    units to the render in this form too: marshal data, a fraction of the bytes and the
    time of pickling the units."""
    copies = []
    for c in unit.copies:
        identity = _identity(c.obj)
        refs = tuple((r.policy.file, r.policy.index, r.rule_index) for r in c.applied)
        whole = c.obj if _whole_object_read_later(identity) else None
        copies.append((c.cluster, c.replicas, identity, refs, c.text, whole))
    return (
        unit.policy,
        b"",
        unit.replicas,
        (unit.result.clusters, unit.result.observed_affinity_name, unit.result.strategy, unit.result.weights),
        unit.divided,
        pickle.dumps(unit.warnings, protocol=5) if unit.warnings else None,
        tuple(copies),
        unit.listed,
    )


class RecordedRules:
    """The override rules recorded units name, found among this render's policies."""

    def __init__(self, policies: Iterable[Policy]) -> None:
        self._policies = {(p.file, p.index): p for p in policies}
        self._rules: dict[tuple[RuleRef, ...], tuple[AppliedRule, ...] | None] = {}

    def applied(self, refs: tuple[RuleRef, ...]) -> tuple[AppliedRule, ...] | None:
        """The rules, one tuple per distinct list; None when a policy named is gone."""
        if refs not in self._rules:
            found = [(self._policies.get((file, index)), rule) for file, index, rule in refs]
            self._rules[refs] = (
                None if any(p is None for p, _ in found)
                else tuple(AppliedRule(p, rule) for p, rule in found)  # type: ignore[arg-type]
            )
        return self._rules[refs]


def unit_of(record: UnitRecord, rules: RecordedRules) -> Unit | None:
    """The unit a record holds, each copy's object its stand-in (copies sharing YAML
    share it); None when a rule it names is not among ``rules``."""
    policy, digest, replicas, result, divided, warnings, recorded, listed = record
    found: tuple[Finding, ...] = pickle.loads(warnings) if warnings is not None else ()
    copies = []
    shared: dict[int, dict[str, Any]] = {}
    for cluster, count, identity, refs, text, obj in recorded:
        applied = rules.applied(refs)
        if applied is None:
            return None
        if obj is None:
            obj = shared.get(id(text)) or shared.setdefault(id(text), _stands_in(identity))
        copies.append(Copy(cluster, count, obj, applied, text))
    return Unit(policy, digest, replicas, _result(result), divided, found, tuple(copies), listed)


def _whole_object_read_later(identity: Identity) -> bool:
    # render.traffic rewrites opted-in DestinationRule copies after placing.
    return identity[1] == "DestinationRule" and str(identity[0]).startswith(ISTIO_GROUP + "/")


@dataclass
class Reuse:
    """The last render's units for one render, and the units this render makes."""

    inputs: Inputs
    context: bytes
    read: ReadRecord | None = None  # how the repo's files were read
    old: Mapping[bytes, UnitRecord] = field(default_factory=dict)
    taken: int = 0  # units this render took from the record
    _new: dict[bytes, UnitRecord] = field(default_factory=dict)
    # units made by this render, recorded only when asked for (see keep)
    _made: list[tuple[Manifest, Unit, UnitRecord | None]] = field(default_factory=list)
    _keys: dict[int, bytes] = field(default_factory=dict)
    _policies: dict[PolicyRef, bytes] = field(default_factory=dict)
    _rules: RecordedRules | None = None
    _base: Mapping[bytes, UnitRecord] = field(default_factory=dict)  # the main record

    @classmethod
    def for_render(
        cls, inputs: Inputs, out: Path, fresh: bool, source: str, read: ReadRecord | None = None
    ) -> Reuse:
        """Load the record of ``out`` (an empty one when there is none to trust);
        ``read`` is the record the inputs were read through, if any."""
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
        reuse = cls(inputs, context, read)
        reuse._policies = {
            ref_of(p): _digest(ref_of(p), p.file, p.index, p.spec)
            for p in inputs.propagation_policies
        }
        base = records.load(record_path(out), _FORMAT)
        added = records.load(_added_path(out), _FORMAT)
        reuse._base = base if isinstance(base, dict) else {}
        reuse.old = {**(base if isinstance(base, dict) else {}), **(added if isinstance(added, dict) else {})}
        return reuse

    def _key(self, manifest: Manifest) -> bytes:
        key = self._keys.get(id(manifest))
        if key is None:
            previous = self.inputs.previous.get(
                (manifest.api_version, manifest.kind, manifest.namespace, manifest.name)
            )
            # The object is its file's text read by this source: hashing that hash
            # instead of pickling every body took a third off the keys.
            text = self.read.text_hash(manifest.file) if self.read is not None else None
            body = (manifest.file, manifest.index, manifest.namespaced, text or manifest.body)
            key = self._keys[id(manifest)] = _digest(self.context, body, previous)
        return key

    def take(self, manifest: Manifest) -> Unit | None:
        """The recorded unit of this object when nothing that decided it changed."""
        if manifest.template is not None:
            return None
        key = self._key(manifest)
        record = self.old.get(key)
        if record is None:
            return None
        try:
            unit = self._unit(record)
        except (TypeError, ValueError, EOFError, pickle.UnpicklingError):  # another shape: none to trust
            unit = None
        if unit is not None:
            self._new[key] = record
            self.taken += 1
        return unit

    def _unit(self, record: UnitRecord) -> Unit | None:
        # Override policies are part of every key, so the rules a record names are
        # this render's, unless the record is damaged.
        if self._policies.get(record[0]) != record[1]:
            return None
        if self._rules is None:
            self._rules = RecordedRules(self.inputs.override_policies)
        return unit_of(record, self._rules)

    def keep(self, manifest: Manifest, unit: Unit, record: UnitRecord | None = None) -> None:
        """Record a unit this render made (``record``: as a worker recorded it).

        Noted only: the record is made when :attr:`new` is first read, which a render
        with workers does in the child saving the records, beside the making of the
        files (0.2–0.3 s of the render's own time at 1,000 clusters).
        """
        if manifest.template is None:
            self._made.append((manifest, unit, record))

    @property
    def new(self) -> dict[bytes, UnitRecord]:
        """This render's units by key: those taken from the record, and those it made."""
        for manifest, unit, record in self._made:
            made = unit_record(unit) if record is None else record
            # its bindings.yaml item is recorded only once the render knows that no
            # workload requires the object (remember_listed): the item then names them
            self._new[self._key(manifest)] = (made[0], self._policies[unit.policy], *made[2:7], None)
        self._made.clear()
        return self._new

    def remember_listed(self, bindings: Iterable[Binding], listed: Mapping[int, tuple[Binding, str]]) -> None:
        """Record each unit's item of bindings.yaml, as this render wrote it."""
        new = self.new
        for binding in bindings:
            key = self._keys.get(id(binding.manifest))
            record = new.get(key) if key is not None else None
            hit = listed.get(id(binding))
            if (record is not None and hit is not None and hit[0] is binding and not binding.required_by
                    and record[7] != hit[1]):
                new[key] = (*record[:7], hit[1])  # type: ignore[index]

    def save(self, out: Path) -> None:
        """Write this render's units as the record of ``out`` (best effort).

        A render that changed few units writes only the units the main record lacks
        (48 MB at 1,000 clusters), beside it. A unit is right for its key whatever
        else the record holds, so the two files need not agree: the main record is
        rewritten only once a tenth of it is unused or new.
        """
        # made or re-made by this render (a unit whose policy changed keeps its key)
        added = {key: unit for key, unit in self.new.items() if self._base.get(key) is not unit}
        unused = len(self._base) - (len(self.new) - len(added))
        if len(added) + unused <= len(self._base) // 10:
            records.save(_added_path(out), _FORMAT, added)
            records.touch(record_path(out))  # still in use: not one to prune
            return
        records.save(record_path(out), _FORMAT, self.new)
        records.forget(_added_path(out))
