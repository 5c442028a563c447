"""Canary weights: traffic split between two destinations of an Istio VirtualService.

The VirtualServices are edited in place in apps/, keeping every other byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from render.errors import FieldPath, Finding, RenderError, did_you_mean, json_path
from render.loading import iter_input_files
from render.roundtrip import EditResult, YamlFile, located, save_edits

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ISTIO_GROUP = "networking.istio.io/"
# An object without metadata.namespace lands in "default", where kubectl puts it.
DEFAULT_NAMESPACE = "default"


class _Route(NamedTuple):
    """One ``spec.http[].route`` with exactly two destinations."""

    file: YamlFile
    document: int
    path: FieldPath
    destinations: CommentedSeq

    def error(self, message: str, *field: str | int) -> RenderError:
        path = (*self.path, *field)
        return RenderError(
            [Finding(message, self.file.rel, path, document=self.document)]
        )


def _namespace(doc: CommentedMap) -> str:
    return str((doc.get("metadata") or {}).get("namespace") or DEFAULT_NAMESPACE)


def _all_virtual_services(repo: Path) -> Iterator[tuple[YamlFile, int, CommentedMap]]:
    for path in iter_input_files(repo, "apps", recursive=True):
        if b"VirtualService" not in path.read_bytes():
            continue  # a cheap skip: apps/ may hold thousands of manifests
        file = YamlFile.read(repo, path)
        for index, doc in file.objects():
            api = str(doc.get("apiVersion", ""))
            if doc.get("kind") == "VirtualService" and api.startswith(ISTIO_GROUP):
                yield file, index, doc


def _virtual_services(
    repo: Path, name: str, namespace: str | None
) -> list[tuple[YamlFile, int, CommentedMap]]:
    every = list(_all_virtual_services(repo))
    named = [v for v in every if (v[2].get("metadata") or {}).get("name") == name]
    spaces = sorted({_namespace(doc) for _, _, doc in named})
    if not spaces or (namespace and namespace not in spaces):
        names = {str((doc.get("metadata") or {}).get("name")) for _, _, doc in every}
        hint = f"it is in namespace {', '.join(spaces)}" if spaces else None
        where = f" in namespace {namespace!r}" if namespace else ""
        raise RenderError.single(
            f"VirtualService {name!r} not found{where} in apps/",
            file="apps",
            hint=hint or did_you_mean(name, names),
        )
    if namespace is None and len(spaces) > 1:
        raise RenderError.single(
            f"VirtualService {name!r} exists in namespaces {', '.join(spaces)}",
            file="apps",
            hint="choose one with -n",
        )
    return [v for v in named if namespace in (None, _namespace(v[2]))]


def _two_way_routes(
    services: list[tuple[YamlFile, int, CommentedMap]],
) -> Iterator[_Route]:
    for file, index, doc in services:
        for n, http in enumerate((doc.get("spec") or {}).get("http") or []):
            route = http.get("route") if isinstance(http, dict) else None
            if not isinstance(route, CommentedSeq) or len(route) != 2:
                continue
            if all(isinstance(d, CommentedMap) for d in route):
                yield _Route(file, index, ("spec", "http", n, "route"), route)


def _subset(destination: CommentedMap) -> Any:
    return (destination.get("destination") or {}).get("subset")


def _label(destination: CommentedMap) -> str:
    target = destination.get("destination") or {}
    return str(target.get("subset") or target.get("host"))


def _weights(route: _Route) -> list[int]:
    weights = [d.get("weight", 0) for d in route.destinations]
    for k, weight in enumerate(weights):
        if isinstance(weight, bool) or not isinstance(weight, int):
            raise route.error(f"weight must be an integer, got {weight!r}", k, "weight")
    return weights


def _canary(route: _Route, subset: str | None, weights: list[int]) -> int:
    if subset is None:
        return (
            0 if weights[0] < weights[1] else 1
        )  # the lighter one; on a tie the second
    hits = [k for k, d in enumerate(route.destinations) if _subset(d) == subset]
    if len(hits) > 1:
        raise route.error(f"both destinations have subset {subset!r}")
    return hits[0]


def _shift(route: _Route, subset: str | None, weight: int) -> str | None:
    weights = _weights(route)
    if subset is None and weight == 100 and sorted(weights) == [0, 100]:
        # Already promoted: the lighter side is the old stable now; never flip it back.
        return None
    canary = _canary(route, subset, weights)
    new = [weight if k == canary else 100 - weight for k in range(2)]
    if new == weights:
        return None
    for destination, value in zip(route.destinations, new, strict=True):
        destination["weight"] = value  # ruamel keeps the key's comment (# canary)
    labels = [_label(d) for d in route.destinations]
    parts = (f"{t} {a}->{b}" for t, a, b in zip(labels, weights, new, strict=True))
    return f"{route.file.rel}: {json_path(route.path)}: {', '.join(parts)}"


def shift_canary(
    repo: Path,
    name: str,
    weight: int,
    *,
    subset: str | None = None,
    namespace: str | None = None,
    verb: str | None = None,
) -> EditResult:
    """Give the canary ``weight`` percent in each two-destination route of NAME.

    The canary is the destination whose ``destination.subset`` is ``subset``, else
    the lighter one (on a tie, the second); the other gets ``100 - weight``. Promote
    is weight 100 and abort weight 0. Without ``subset``, a route at 100/0 is not
    promoted again, since its lighter side is by then the old stable one.

    Args:
        repo: the fleet repo; VirtualServices (``networking.istio.io/*``) are read
            from every document of ``apps/**/*.yaml``.
        name: the VirtualService's ``metadata.name``.
        weight: the canary's share, 0..100.
        subset: names the canary destination.
        namespace: the VirtualService's namespace, needed when the name is in several.
        verb: what the summary says was done (default ``"set to <weight>%"``).

    Returns:
        The summary, the files written and one line per changed route.

    Raises:
        RenderError: a weight out of range; an unknown or ambiguous VirtualService;
            no route with two destinations (or none with ``subset``); a weight in the
            file that is not an integer.
    """
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int)
        or not 0 <= weight <= 100
    ):
        message = f"canary weight must be an integer from 0 to 100, got {weight!r}"
        raise RenderError.single(message)
    changed: dict[str, YamlFile] = {}
    changes: list[str] = []
    try:
        routes = list(_two_way_routes(_virtual_services(repo, name, namespace)))
        if subset is not None:
            routes = [r for r in routes if subset in map(_subset, r.destinations)]
        if not routes:
            which = f"a destination with subset {subset!r}"
            which = "exactly two destinations" if subset is None else which
            message = f"VirtualService {name!r} has no HTTP route with {which}"
            raise RenderError.single(message, file="apps")
        for route in routes:
            if change := _shift(route, subset, weight):
                changed[route.file.rel] = route.file
                changes.append(change)
    except RenderError as e:
        raise located(repo, e) from e
    done = verb or f"set to {weight}%"
    if not changes:
        return EditResult(f"VirtualService {name}: canary already {done}")
    return save_edits(
        list(changed.values()), f"VirtualService {name}: canary {done}", changes
    )
