"""fleet-render's one scoring extension: a fleet's preferred cluster affinity as a score.

Karmada's ClusterAffinity score plugin always scores 0 (spec §5). A Fleet's
``placement.clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution``
(weighted terms, as corev1 ``PreferredSchedulingTerm``) is scored here instead:
the sum of the weights of the terms a cluster matches, capped at Karmada's
``MaxClusterScore`` so it stays inside a score plugin's 0..100 range. It is
added to ClusterLocality's score, so it orders candidates (§7) and moves the
group scores (§8.4), and nothing else; with no preferences every score is
exactly Karmada's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from render.selection import preference_matches

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from render.model import Cluster

MAX_CLUSTER_SCORE = 100  # Karmada's framework.MaxClusterScore


def preference_score(cluster: Cluster, preferences: Sequence[Mapping[str, Any]]) -> int:
    """The preferred-affinity score of a cluster: matched weights summed, at most 100.

    Args:
        cluster: the candidate cluster.
        preferences: ``{weight, preference}`` terms; a weight below 1 counts 0.

    Returns:
        A score from 0 to 100.
    """
    total = sum(
        max(int(term.get("weight") or 0), 0)
        for term in preferences
        if preference_matches(cluster, term.get("preference") or {})
    )
    return min(total, MAX_CLUSTER_SCORE)
