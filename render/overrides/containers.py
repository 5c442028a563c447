"""Builders for the overriders that edit containers: imageOverrider, commandOverrider and
argsOverrider (Karmada ``imageoverride.go`` and ``commandargsoverride.go``).

Karmada only looks at ``spec.containers`` of a Pod and ``spec.template.spec.containers``
of ReplicaSet, Deployment, DaemonSet, StatefulSet and Job (never init or ephemeral
containers); an image predicate path can reach any string field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from render.overrides import gojson, images
from render.overrides.patching import Operation

_POD_TEMPLATE_KINDS = ("ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job")
_INT = re.compile(r"[+-]?[0-9]+")


class BuildError(ValueError):
    """Karmada refuses to build patches for this overrider; ``str()`` is its text."""


def containers_path(kind: str) -> str | None:
    """Where Karmada looks for containers of a kind: only Pod and the pod-template kinds."""
    if kind == "Pod":
        return "spec/containers"
    return "spec/template/spec/containers" if kind in _POD_TEMPLATE_KINDS else None


def _nested(obj: Any, keys: Sequence[str]) -> Any:
    """``unstructured.NestedFieldNoCopy``: None when absent, TypeError on a non-map step."""
    for key in keys:
        if not isinstance(obj, dict):
            raise TypeError(f"{'.'.join(keys)} accessor error: {obj!r} is not a map")
        obj = obj.get(key)
        if obj is None:
            return None
    return obj


def _nested_slice(obj: Any, keys: Sequence[str]) -> list[Any] | None:
    """``unstructured.NestedSlice``: None when absent (or below a null), TypeError with
    Go's text when the value is present but no list, a present null included."""
    parent = _nested(obj, keys[:-1])
    if parent is not None and not isinstance(parent, dict):
        raise TypeError(f"{'.'.join(keys)} accessor error: {parent!r} is not a map")
    if parent is None or keys[-1] not in parent:
        return None
    value = parent[keys[-1]]
    if not isinstance(value, list):
        path = "." + ".".join(keys)
        raise TypeError(f"{path} accessor error: {_go_sprint(value, verb='v')} is of the type "
                        f"{_go_type(value)}, expected []interface{{}}")
    return value


# -- imageOverrider --------------------------------------------------------------------
def _obtain_image(obj: Any, path: str) -> str:
    segments = path.strip("/").split("/")
    current, index = obj, 0
    while index < len(segments) - 1:
        node = current.get(segments[index])
        if isinstance(node, dict):
            current = node
        elif isinstance(node, list):
            position = segments[index + 1]
            if not _INT.fullmatch(position) or not -(2**31) <= int(position) < 2**31:
                raise BuildError(f"path({position}) of rawObj's is not number")
            # Karmada panics on these; report them as errors instead.
            if not 0 <= int(position) < len(node):
                raise BuildError(
                    f"index out of range [{position}] with length {len(node)}"
                )
            if not isinstance(node[int(position)], dict):
                raise BuildError(f"path({position}) of rawObj's is not an object")
            current = node[int(position)]
            index += 1
        else:
            raise BuildError(
                f"path({segments[index]}) of rawObj's type is not "
                "map[string]interface{} and []interface{}"
            )
        index += 1
    image = current.get(segments[-1])
    if not isinstance(image, str):
        raise BuildError(f"failed to convert path({segments[-1]}) to string")
    return image


def _container_images(obj: Any, location: str) -> list[tuple[str, str]]:
    # Karmada reads images from the typed object: containers must be objects with a string
    # image; an absent image reads as "" (which then fails to parse).
    kind = obj.get("kind")
    try:
        containers = _nested(obj, location.split("/")) or []
    except TypeError as err:
        raise BuildError(
            f"failed to convert {kind} from unstructured object: {err}"
        ) from None
    if not isinstance(containers, list) or not all(
        c is None or isinstance(c, dict) for c in containers
    ):
        raise BuildError(
            f"failed to convert {kind} from unstructured object: bad containers"
        )
    # the typed conversion makes a null container, or a null image, the empty value
    images_ = [
        (f"/{location}/{i}/image", "" if c is None or c.get("image") is None else c["image"])
        for i, c in enumerate(containers)
    ]
    if any(not isinstance(image, str) for _, image in images_):
        raise BuildError(
            f"failed to convert {kind} from unstructured object: bad image"
        )
    return images_


def image_patches(
    obj: Any, overrider: Mapping[str, Any]
) -> tuple[list[Operation], list[str]]:
    """Karmada ``buildPatches``: one ``replace`` per rewritten image, plus skip notes.

    Raises:
        ValueError: with Karmada's error text (``images.ImageError`` for bad images).
    """
    predicate = overrider.get("predicate")
    if predicate is not None:
        path = str(predicate.get("path") or "")
        try:
            targets = [(path, _obtain_image(obj, path))]
        except (ValueError, BuildError) as err:
            raise BuildError(
                f"failed to obtain imageValue with predicate path({path}), error: {err}"
            ) from None
    else:
        location = containers_path(str(obj.get("kind", "")))
        if location is None:
            return [], [
                f"kind {obj.get('kind')} has no default image paths; nothing changed"
            ]
        targets = _container_images(obj, location)
    ops, notes = [], []
    for path, image in targets:
        if not path.startswith("/"):
            raise BuildError("imagePath should be start with / character")
        new_image, took_effect = images.override_image(
            image,
            str(overrider.get("component") or ""),
            str(overrider.get("operator") or ""),
            str(overrider.get("value") or ""),
        )
        if not took_effect:
            notes.append(f"{path}: operator or value has no effect on {image!r}")
        ops.append(Operation("replace", path, new_image))
    if not targets:
        notes.append("no containers; nothing changed")
    return ops, notes


# -- commandOverrider / argsOverrider --------------------------------------------------
def _go_sprint(value: Any, verb: str = "s", inner: bool = False) -> str:
    # fmt.Sprintf("%s") (or "%v") of a decoded JSON value: %s marks what is no string
    # (%!s(int64=1)); a map prints its keys sorted, a nil inside a map or list as <nil>.
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go_sprint(v, verb, True)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go_sprint(v, verb, True) for v in value) + "]"
    if value is None:
        text = "<nil>"
        return text if inner or verb == "v" else f"%!s({text})"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int) and -(2**63) <= value < 2**63:
        text = str(value)
    else:  # a float, or an integer past int64, which JSON decoding holds as a float64
        text = gojson.format_float(float(value), "g")
    return text if verb == "v" else f"%!s({_go_type(value)}={text})"


def _go_type(value: Any) -> str:
    # fmt's %T of a decoded JSON value
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        return "int64"
    if isinstance(value, (int, float)):
        return "float64"
    names: dict[type, str] = {str: "string", dict: "map[string]interface {}", list: "[]interface {}"}
    return names.get(type(value), "interface {}")


def command_args_patches(
    obj: Any, target: str, overrider: Mapping[str, Any]
) -> tuple[list[Operation], list[str]]:
    """Karmada ``buildCommandArgsPatches`` for ``target`` ``command`` or ``args``.

    Raises:
        ValueError: with Karmada's error text.
    """
    location = containers_path(str(obj.get("kind", "")))
    if location is None:
        return [], [
            f"kind {obj.get('kind')} has no containers Karmada edits; nothing changed"
        ]
    try:
        containers = _nested_slice(obj, location.split("/"))
    except TypeError as err:
        raise BuildError(
            f"failed to retrieves path({location}) from rawObj, error: {err}"
        ) from None
    name, operator = (
        overrider.get("containerName"),
        str(overrider.get("operator") or ""),
    )
    values = [str(v) for v in overrider.get("value") or []]
    ops = []
    for index, container in enumerate(containers or []):
        if not isinstance(container, dict):
            raise BuildError(f"container {index} of {location} is not an object")
        if container.get("name") != name:
            continue
        current = container.get(target)
        if current is not None and not isinstance(current, list):
            raise BuildError(f"{target} of container {index} is not a list")
        strings = [_go_sprint(v) for v in current or []]
        if operator == "add":
            result = strings + values
        elif operator == "remove":
            result = [s for s in strings if s not in set(values)]
        else:
            result = strings
        path = f"/{location}/{index}/{target}"
        ops.append(Operation("add" if current is None else "replace", path, result))
    notes = (
        [] if ops else [f"containerName {name!r} matches no container; nothing changed"]
    )
    if ops and operator not in ("add", "remove"):
        notes.append(
            f"operator {operator!r} is neither add nor remove; {target} unchanged"
        )
    return ops, notes
