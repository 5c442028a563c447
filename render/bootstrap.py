"""GitOps bootstrap: the Argo CD or Flux objects that sync each out/<cluster>/ folder to its cluster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from render.errors import RenderError
from render.output import dump

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

Tool = Literal["argocd", "flux"]
TOOLS: tuple[Tool, ...] = ("argocd", "flux")

NAME = "fleet-render"
ARGOCD_NAMESPACE = "argocd"
FLUX_NAMESPACE = "flux-system"
# Cluster names are DNS-1123 labels of at most 48 characters (Karmada's limit), so
# "fleet-render-<cluster>" stays within the 63 characters of a label value, which Argo CD
# needs because it tracks an Application's objects by a label holding the app's name.
_CLUSTER_NAME = re.compile(r"[a-z0-9]([-a-z0-9]{0,46}[a-z0-9])?")
_COMMIT = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class GitSource:
    """Where Argo CD or Flux reads the rendered output.

    ``out_path`` is the out/ folder relative to the root of the git repository, which
    differs from ``out`` when the fleet repo is a subfolder of a larger repository.
    """

    url: str
    revision: str = "main"
    out_path: str = "out"

    def cluster_path(self, cluster: str) -> str:
        """The folder of one cluster, relative to the root of the git repository."""
        return f"{self.out_path}/{cluster}"


def bootstrap_objects(tool: Tool, clusters: Iterable[str], source: GitSource) -> list[dict[str, Any]]:
    """The objects that make ``tool`` sync every cluster folder to the cluster of that name.

    Args:
        tool: ``argocd`` (one ApplicationSet) or ``flux`` (a GitRepository and one
            Kustomization per cluster).
        clusters: the cluster folder names found in out/.
        source: the git repository, revision and out/ path to read.

    Returns:
        The objects, clusters in sorted order.

    Raises:
        RenderError: there are no cluster folders, or a folder name is not a cluster name.
    """
    names = check_clusters(clusters, source.out_path)
    if tool == "argocd":
        return [application_set(names, source)]
    return [git_repository(source), *(flux_kustomization(n, source) for n in names)]


def check_clusters(clusters: Iterable[str], out_path: str = "out") -> list[str]:
    """The cluster folder names, sorted, once they are known to be usable.

    Raises:
        RenderError: there are none (nothing rendered yet), or one is not a cluster name.
    """
    names = sorted(set(clusters))
    if not names:
        raise RenderError.single(f"{out_path}/ has no cluster folders: render first",
                                 stage="load", hint="run `fleet-render render`")
    bad = [n for n in names if not _CLUSTER_NAME.fullmatch(n)]
    if bad:
        raise RenderError.single(f"{out_path}/ holds folders that are not cluster names: {', '.join(bad)}",
                                 stage="load", hint="a cluster name is a DNS-1123 label of at most 48 characters")
    return names


def application_set(clusters: Sequence[str], source: GitSource) -> dict[str, Any]:
    """One Argo CD ApplicationSet with a ``list`` generator: an Application per cluster folder.

    A list generator rather than a git directories generator over ``out/*``: the
    ApplicationSet then names every cluster it deploys to, so a review of it shows
    exactly which clusters Argo CD touches, and a cluster folder that disappears by
    mistake (a bad fleet edit) leaves its Application erroring on a missing path
    instead of silently deleting it. Adding or removing a cluster is a deliberate
    re-run of ``fleet-render bootstrap``.
    """
    elements = [{"cluster": c, "path": source.cluster_path(c)} for c in clusters]
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ApplicationSet",
        "metadata": {"name": NAME, "namespace": ARGOCD_NAMESPACE},
        "spec": {
            "goTemplate": True,
            "goTemplateOptions": ["missingkey=error"],
            "generators": [{"list": {"elements": elements}}],
            # Even a deliberate removal should not wipe a whole member cluster: deleting
            # an Application stops the sync and leaves its objects in place.
            "syncPolicy": {"preserveResourcesOnDeletion": True},
            "template": {
                "metadata": {"name": f"{NAME}-{{{{.cluster}}}}"},
                "spec": {
                    "project": "default",
                    "source": {"repoURL": source.url, "targetRevision": source.revision, "path": "{{.path}}"},
                    "destination": {"name": "{{.cluster}}"},
                    "syncPolicy": {
                        "automated": {"prune": True, "selfHeal": True},
                        # fleet-render writes every Namespace the cluster needs.
                        "syncOptions": ["CreateNamespace=false"],
                    },
                },
            },
        },
    }


def git_repository(source: GitSource) -> dict[str, Any]:
    """The Flux GitRepository every cluster Kustomization reads from."""
    return {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": NAME, "namespace": FLUX_NAMESPACE},
        "spec": {"interval": "1m", "url": source.url, "ref": _flux_ref(source.revision)},
    }


def flux_kustomization(cluster: str, source: GitSource) -> dict[str, Any]:
    """The Flux Kustomization applying ``out/<cluster>`` to that member cluster.

    There is deliberately no ``postBuild``: its variable substitution would rewrite any
    ``${...}`` in a rendered manifest, and the output must reach the cluster verbatim.
    """
    return {
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": f"{NAME}-{cluster}", "namespace": FLUX_NAMESPACE},
        "spec": {
            "interval": "10m",
            "path": f"./{source.cluster_path(cluster)}",
            "prune": True,
            "sourceRef": {"kind": "GitRepository", "name": NAME},
            # Cluster API's (and so Kurator's) name for a cluster's kubeconfig Secret.
            "kubeConfig": {"secretRef": {"name": f"{cluster}-kubeconfig"}},
        },
    }


def _flux_ref(revision: str) -> dict[str, str]:
    # Argo CD's targetRevision takes a branch, tag or commit alike; Flux needs to be told.
    if _COMMIT.fullmatch(revision):
        return {"commit": revision}
    if revision.startswith("refs/"):
        return {"name": revision}
    return {"branch": revision}


def dump_objects(objects: Iterable[dict[str, Any]]) -> str:
    """The objects as one multi-document YAML stream, each document opened by ``---``."""
    return "".join(f"---\n{dump(obj)}" for obj in objects)
