"""Splitting a render: stable shards of clusters, parallel workers over objects, merging shard outputs."""

from __future__ import annotations

import itertools
import pickle
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from render import forking
from render.errors import RenderError
from render.output import MARKER, MARKER_TEXT

_SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")
_SHARD_LINE = re.compile(r"^# shard ([0-9]+)/([0-9]+)$", re.MULTILINE)


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` (1 ≤ I ≤ N) as a pair.

    Raises:
        RenderError: anything else.
    """
    match = _SHARD.fullmatch(text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise RenderError.single(
            f"--shard takes I/N with 1 <= I <= N, got {text!r}", stage="write"
        )
    return int(match[1]), int(match[2])


def shard_of(cluster: str, count: int) -> int:
    """The shard (1-based) a cluster belongs to: by a hash of its name, so adding or
    removing a cluster never moves another one."""
    return zlib.crc32(cluster.encode("utf-8")) % count + 1


def clusters_of(names: Sequence[str], shard: tuple[int, int]) -> frozenset[str]:
    """The clusters of shard ``I/N``."""
    index, count = shard
    return frozenset(n for n in names if shard_of(n, count) == index)


# -- --jobs: worker processes forked after the inputs are read (copy-on-write) ----------
CHUNK = 32  # objects a process takes at a time


_Placed = tuple[Any, list[Any], list[Any], Any]  # unit, warnings, errors, record


def place_parallel(placer: Any, manifests: Sequence[Any], jobs: int) -> list[_Placed]:
    """:meth:`render.placing.Placer.place` for every object, by this process and
    ``jobs - 1`` forked workers (:mod:`render.forking`), each result with its unit's
    record (:func:`render.reuse.unit_record`) where a worker made it, else None.

    Every process takes the next chunk of objects from one shared
    :class:`render.forking.Counter` until none is left, so the processes finish
    together however the objects weigh (a Deployment costs far more than a Service)
    and whatever else the machine runs; this process hands out nothing and receives
    nothing until the end, when each worker sends all its results at once. The results
    come back in object order, so the plan does not depend on ``jobs``.

    Raises:
        RenderError: a worker was killed before it answered (an error in a worker's own
            work is raised as it is: a bug).
    """
    from render.reuse import RecordedRules, unit_record

    edges = list(itertools.pairwise([*range(0, len(manifests), CHUNK), len(manifests)]))
    try:
        counter = forking.Counter()
    except OSError:  # no pipe to share it through: one process
        return [(*placer.place(manifest), None) for manifest in manifests]

    def chunks() -> Iterator[tuple[int, list[Any]]]:
        while (index := counter.take()) < len(edges):
            start, end = edges[index]
            yield index, [placer.place(manifest) for manifest in manifests[start:end]]

    def share() -> dict[int, bytes]:
        # A worker's units go back as records, each chunk encoded as it is placed (not
        # all at the end, while the render waits): plain data, whose objects the YAML
        # beside them already is. A unit's warnings are in its record.
        return {index: forking.encoded([
            (unit_record(u) if u is not None else None,
             _pickled(w) if u is None or tuple(w) != u.warnings else None,
             _pickled(e))
            for u, w, e in placed]) for index, placed in chunks()}

    workers = jobs - 1 if forking.available() else 0
    helpers = [h for h in (forking.start(share) for _ in range(workers)) if h is not None]
    try:
        parts = {index: [(*result, None) for result in placed] for index, placed in chunks()}
        rules = RecordedRules(placer.inputs.override_policies)
        while helpers:
            shared: dict[int, bytes] = forking.join(*helpers.pop(), wait=False)  # type: ignore[assignment]
            with forking.uncollected():
                parts.update(_placed(shared, rules))
    except forking.HelperDied as e:  # not the inputs, nor a bug: the machine took the worker away
        raise RenderError.single(
            f"a worker process died before it finished ({e.strerror}): it was killed, "
            "perhaps by the system for want of memory", stage="schedule",
            hint="render again, or with --jobs 1 (one process, less memory)") from e
    finally:
        for pid, _ in helpers:  # what is left after a failure
            forking.stop(pid)
        counter.close()
    return [result for index in range(len(edges)) for result in parts[index]]


def _placed(shared: dict[int, bytes], rules: Any) -> dict[int, list[_Placed]]:
    # A worker's chunks, from the records it sent back, as place() results with their records.
    from render.reuse import unit_of

    parts: dict[int, list[_Placed]] = {}
    for index, data in shared.items():
        placed: list[_Placed] = []
        parts[index] = placed
        for record, warnings, errors in forking.decoded(data):
            unit = unit_of(record, rules) if record is not None else None
            found = _unpickled(warnings) if warnings is not None or unit is None else list(unit.warnings)
            placed.append((unit, found, _unpickled(errors), record))
    return parts


def _pickled(findings: list[Any]) -> bytes | None:
    return pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL) if findings else None


def _unpickled(data: bytes | None) -> list[Any]:
    return pickle.loads(data) if data is not None else []  # type: ignore[no-any-return]


def merge_shards(
    trees: Sequence[Mapping[str, bytes]], names: Sequence[str]
) -> dict[str, str]:
    """Combine the outputs of ``render --shard I/N`` for every I into one tree.

    Args:
        trees: each shard's output folder (relative path to bytes).
        names: where each tree came from, for messages.

    Raises:
        RenderError: a folder is no shard output, shards are missing or repeated, the
            shards were rendered from different inputs, or two shards hold one cluster.
    """
    seen: dict[int, str] = {}
    count = None
    for tree, name in zip(trees, names, strict=True):
        marker = _SHARD_LINE.search(tree.get(MARKER, b"").decode("utf-8", "replace"))
        if marker is None:
            raise RenderError.single(
                f"{name} is not the output of `fleet-render render --shard`",
                stage="write",
            )
        index, total = int(marker[1]), int(marker[2])
        if count not in (None, total):
            raise RenderError.single(
                f"{name} is shard {index}/{total}, the others are of {count}",
                stage="write",
            )
        if index in seen:
            raise RenderError.single(
                f"{name} and {seen[index]} are both shard {index}/{total}",
                stage="write",
            )
        count, seen[index] = total, name
    missing = sorted(set(range(1, (count or 0) + 1)) - seen.keys())
    if missing:
        raise RenderError.single(
            f"shard(s) {', '.join(f'{i}/{count}' for i in missing)} missing",
            stage="write",
        )
    return _union(trees, names)


def _union(
    trees: Sequence[Mapping[str, bytes]], names: Sequence[str]
) -> dict[str, str]:
    files: dict[str, str] = {MARKER: MARKER_TEXT}
    owner: dict[str, str] = {}
    bindings = {tree.get("bindings.yaml") for tree in trees}
    if len(bindings) != 1:
        raise RenderError.single(
            "the shards hold different bindings.yaml: they were rendered from different "
            "inputs",
            stage="write",
        )
    for tree, name in zip(trees, names, strict=True):
        for path, data in tree.items():
            if path == MARKER:
                continue
            cluster = path.partition("/")[0] if "/" in path else ""
            if cluster and owner.setdefault(cluster, name) != name:
                raise RenderError.single(
                    f"cluster {cluster} is in both {owner[cluster]} and {name}",
                    stage="write",
                )
            files[path] = data.decode("utf-8")
    return dict(sorted(files.items()))
