"""Splitting a render by cluster: stable shards, parallel workers, and merging shard outputs."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from render.errors import Finding, RenderError
from render.output import MARKER, MARKER_TEXT, render_files

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
_WORK: dict[str, Any] = {}


def _render_part(part: tuple[int, int]) -> tuple[dict[str, str] | None, list[Finding]]:
    from render.pipeline import plan

    inputs, fresh = _WORK["inputs"], _WORK["fresh"]
    names = clusters_of([c.name for c in inputs.clusters], part)
    try:
        result = plan(inputs, fresh=fresh, clusters=names)
    except RenderError as e:
        return None, e.findings
    return render_files(result), result.warnings


def render_parallel(
    inputs: Any, fresh: bool, jobs: int, plan_part: Any
) -> tuple[dict[str, str], list[Finding], Any]:
    """Render with ``jobs`` processes, each making the objects of a share of the clusters.

    Every worker schedules every object (scheduling is cheap and the bindings must be
    complete); objects, overrides and YAML are split. Part 1 runs in this process and
    its plan is returned for reporting. Output equals a one-process render's.

    Returns:
        The merged files, every warning, and part 1's plan.

    Raises:
        RenderError: every error of every part.
    """
    _WORK.update(inputs=inputs, fresh=fresh)
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=get_context("fork")) as pool:
            others = [pool.submit(_render_part, (i, jobs)) for i in range(2, jobs + 1)]
            try:
                first = plan_part(
                    clusters_of([c.name for c in inputs.clusters], (1, jobs))
                )
                errors: list[Finding] = []
            except RenderError as e:
                first, errors = None, list(e.findings)
            parts = [f.result() for f in others]
    finally:
        _WORK.clear()
    files = render_files(first) if first is not None else {}
    warnings = list(first.warnings) if first is not None else []
    for part_files, findings in parts:
        if part_files is None:
            errors += findings
        else:
            files.update(part_files)
            warnings += findings
    if errors:
        raise RenderError(sorted(set(errors), key=str))
    files[MARKER] = MARKER_TEXT
    return dict(sorted(files.items())), warnings, first


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
