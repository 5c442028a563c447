"""Fleet-level placement defaults: what a Fleet's ``spec.placement`` fills in a policy's.

The rule (README, "Fleet-level defaults"):

* A policy's candidate clusters are those its own ``clusterAffinity`` (or any
  ``clusterAffinities`` term, overflow included) matches, every cluster when it
  has neither; taints do not count. When they all belong to fleets with the same
  placement, that placement is the default; when their fleets' placements differ,
  none applies and a warning names the fleets.
* Each top-level placement key the policy leaves out takes the fleet's value
  (``clusterTolerations``, ``spreadConstraints``, ``replicaScheduling``,
  ``workloadAffinity``). A key the policy sets, even to ``[]``, is the policy's.
* ``clusterAffinity`` / ``clusterAffinities`` exclude each other, so the fleet's
  filter (``clusterAffinity`` less its preferences, or ``clusterAffinities``) is
  taken only when the policy has neither.
* The fleet's ``clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution``
  is not a Karmada field and no policy can carry it: it always applies, as
  scores (:mod:`render.scheduling.preference`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from render.errors import Finding
from render.loading import Document
from render.model import Cluster, Policy
from render.selection import cluster_matches

PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
_AFFINITY_KEYS = ("clusterAffinity", "clusterAffinities")


@dataclass(frozen=True)
class FleetPlacement:
    """A Fleet's ``spec.placement`` (``{}`` when it has none) and where it is written."""

    fleet: str
    placement: Mapping[str, Any]
    file: str = ""
    index: int = 0


@dataclass(frozen=True)
class EffectivePlacement:
    """A policy's placement with the fleet defaults filled in, and the preferences."""

    placement: Mapping[str, Any]
    preferences: tuple[Mapping[str, Any], ...] = ()
    fleet: str = ""  # the fleet whose defaults applied; "" when none did


def read_fleet_placements(documents: Iterable[Document]) -> dict[str, FleetPlacement]:
    """The placement of every Fleet among the schema-valid ``fleets/`` documents.

    Args:
        documents: parsed documents of ``fleets/`` (AttachedClusters are skipped).

    Returns:
        Fleet name to its placement; the first document wins a repeated name.
    """
    placements: dict[str, FleetPlacement] = {}
    for doc in documents:
        data = doc.data
        if not isinstance(data, Mapping) or data.get("kind") != "Fleet":
            continue
        name = str((data.get("metadata") or {}).get("name"))
        placement = (data.get("spec") or {}).get("placement") or {}
        placements.setdefault(
            name, FleetPlacement(name, placement, doc.file, doc.index)
        )
    return placements


def _own_affinities(placement: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    if placement.get("clusterAffinity") is not None:
        return [placement["clusterAffinity"]]
    terms = placement.get("clusterAffinities")
    if not terms:
        return None
    return [a for t in terms for a in (t, *(t.get("overflowAffinities") or ()))]


def candidate_fleets(
    placement: Mapping[str, Any], clusters: Sequence[Cluster]
) -> list[str]:
    """The fleets of the clusters the placement's own affinity can choose, sorted."""
    affinities = _own_affinities(placement)
    found: set[str] = set()
    for c in clusters:
        # one matching cluster settles its fleet: most fleets are one or a few
        if c.fleet not in found and (
            affinities is None or any(cluster_matches(c, a) for a in affinities)
        ):
            found.add(c.fleet)
    return sorted(found)


def merge_placement(
    placement: Mapping[str, Any], default: Mapping[str, Any]
) -> EffectivePlacement:
    """Fill the keys a policy's placement leaves out from a fleet's placement.

    Args:
        placement: the policy's raw ``spec.placement``.
        default: the fleet's ``spec.placement``.

    Returns:
        The merged placement (a new dict; neither input changes) and the
        fleet's preferred affinity terms.
    """
    merged = copy.deepcopy(dict(placement))
    fleet_affinity = dict(default.get("clusterAffinity") or {})
    preferences = tuple(fleet_affinity.pop(PREFERRED, None) or ())
    for key, value in default.items():
        if key not in _AFFINITY_KEYS and key not in merged:
            merged[key] = copy.deepcopy(value)
    if not any(key in merged for key in _AFFINITY_KEYS):
        if fleet_affinity:
            merged["clusterAffinity"] = copy.deepcopy(fleet_affinity)
        elif "clusterAffinities" in default:
            merged["clusterAffinities"] = copy.deepcopy(default["clusterAffinities"])
    return EffectivePlacement(merged, preferences)


def _canonical(placement: Mapping[str, Any]) -> str:
    return json.dumps(placement, sort_keys=True)


@dataclass
class PlacementDefaults:
    """Each policy's effective placement, worked out once; warnings collected."""

    clusters: Sequence[Cluster]
    fleets: Mapping[str, FleetPlacement]
    warnings: list[Finding] = field(default_factory=list)
    _done: dict[tuple[str, str, str], EffectivePlacement] = field(default_factory=dict)

    def of(self, policy: Policy) -> EffectivePlacement:
        """The policy's placement with its fleet's defaults (see module docstring)."""
        key = (policy.kind, policy.namespace, policy.name)
        if key not in self._done:
            self._done[key] = self._resolve(policy)
        return self._done[key]

    def _resolve(self, policy: Policy) -> EffectivePlacement:
        own = policy.spec.get("placement") or {}
        if not any(f.placement for f in self.fleets.values()):
            # no fleet sets defaults: nothing to merge and nothing to disagree on
            return EffectivePlacement(own)
        names = candidate_fleets(own, self.clusters)
        found = [self.fleets.get(n) or FleetPlacement(n, {}) for n in names]
        if len({_canonical(f.placement) for f in found}) > 1:
            self.warnings.append(self._mixed(policy, names))
            return EffectivePlacement(own)
        if not found or not found[0].placement:
            return EffectivePlacement(own)
        merged = merge_placement(own, found[0].placement)
        return EffectivePlacement(merged.placement, merged.preferences, names[0])

    @staticmethod
    def _mixed(policy: Policy, names: Sequence[str]) -> Finding:
        fleets = ", ".join(repr(n) for n in names)
        return Finding(
            f"{policy.ref} can place on clusters of fleets {fleets}, whose default "
            "placements differ; no fleet default applies to it",
            policy.file,
            ("spec", "placement"),
            severity="warning",
            stage="select",
            hint="narrow the policy's clusterAffinity to one fleet, "
            "or give the fleets the same placement",
            document=policy.index,
        )
