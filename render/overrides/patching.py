"""RFC 6902 patches with the exact semantics and error texts of evanphx/json-patch v5.

Karmada applies every overrider through ``jsonpatch.DecodePatch(...).Apply(...)`` with the
default options, which differ from RFC 6902 and from the Python ``jsonpatch`` package:
negative array indices (``-1`` appends on add, names the last element on remove/replace),
a path without a leading ``/`` addressing the root's last token, an empty token reading the
document itself, "test" comparing number *text*, JSON null members being absent for
traversal, and Go-worded errors. So the operations are implemented here, in place on
plain dicts and lists (the caller owns a private copy), or on the raw-text nodes of
:mod:`render.overrides.nodes`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from render.overrides import gojson
from render.overrides.nodes import go_equal, node_text, opened, root_type_error

_ATOI = re.compile(r"[+-]?[0-9]+")
_POINTER_ESCAPE = re.compile(r"~[01]")
_INT64 = 1 << 63


class PatchError(ValueError):
    """A patch that evanphx/json-patch rejects; ``index`` is the failing operation."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Operation:
    """One patch step as Karmada builds it: ``{"op", "path", "value"}``."""

    op: str
    path: str
    value: Any = None


class _Missing(Exception):
    """A failed ``get``; ``missing`` tells evanphx's ErrMissing from other causes."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def decode_token(token: str) -> str:
    """RFC 6901 unescape in one pass (Go ``strings.NewReplacer("~1", "/", "~0", "~")``)."""
    return _POINTER_ESCAPE.sub(lambda m: "/" if m.group() == "~1" else "~", token)


def _atoi(token: str) -> int:
    if not _ATOI.fullmatch(token):
        raise _Missing(f"strconv.Atoi: parsing {gojson.quote(token)}: invalid syntax")
    value = int(token)
    if not -_INT64 <= value < _INT64:
        raise _Missing(
            f"strconv.Atoi: parsing {gojson.quote(token)}: value out of range"
        )
    return value


def _bad_index(index: int) -> _Missing:
    return _Missing(
        f"Unable to access invalid index: {index}: invalid index referenced"
    )


def validate(ops: Sequence[Operation]) -> None:
    """Check every operation as ``DecodePatch`` does before anything is applied.

    Raises:
        PatchError: for an unsupported op or a move/copy (Karmada never sends ``from``).
    """
    for index, operation in enumerate(ops):
        if operation.op in ("add", "replace", "remove", "test"):
            continue
        data = (
            f'{{"op":{gojson.json_string(operation.op)},'
            f'"path":{gojson.json_string(operation.path)},'
            f'"value":{node_text(operation.value)}}}'
        )
        reason = (
            "failed to decode 'from': operation, missing from field: missing value"
            if operation.op in ("move", "copy")
            else "unsupported operation"
        )
        raise PatchError(f"invalid operation {data}: {reason}", index)


class _Document:
    """One ``Patch.Apply`` call: the root plus evanphx's view of the root's ``self``."""

    def __init__(self, root: Any, ops: Sequence[Operation]) -> None:
        self.root = root
        self.nil_array = False
        # An empty token at the root reads evanphx's ``self`` node: the document as it was
        # before this patch, parsed apart, so writes through it are lost. Snapshot only
        # when some path needs it.
        self.needs_self = any(op.path.startswith("//") for op in ops)
        self.snapshot = copy.deepcopy(root) if self.needs_self else None
        self.shadow: Any = None

    def self_node(self) -> Any:
        if self.shadow is None and self.snapshot is not None:
            self.shadow = copy.deepcopy(self.snapshot)
        return self.shadow

    def get(self, container: Any, key: str) -> Any:
        if key == "":
            return self.self_node() if container is self.root else None
        if container is None:
            raise _Missing("invalid value, expected object")
        if isinstance(container, dict):
            if key not in container:
                raise _Missing(
                    f"unable to get nonexistent key: {key}: missing value", True
                )
            return container[key]
        index = _atoi(key)
        if index < 0:
            if index < -len(container):
                raise _bad_index(index)
            index += len(container)
        if index >= len(container):
            raise _bad_index(index)
        return container[index]

    def find(self, path: str) -> tuple[Any, str] | None:
        split = path.split("/")
        if len(split) < 2:
            return (self.root, "") if path == "" else None
        container = self.root
        for part in split[1:-1]:
            try:
                node = self.get(container, decode_token(part))
            except _Missing:
                return None
            if not isinstance(node, (dict, list)):
                return None
            container = opened(node)
        return container, decode_token(split[-1])

    def add(self, path: str, value: Any) -> None:
        if path == "":
            if error := root_type_error(value):
                raise _Missing(error)
            self.root, self.nil_array = opened(value), False
            # The new root's "self" is the value's own text, parsed apart.
            self.snapshot = copy.deepcopy(value) if self.needs_self else None
            self.shadow = None
            return
        found = self.find(path)
        if found is None:
            raise _Missing(
                f'add operation does not apply: doc is missing path: "{path}": missing value'
            )
        container, key = found
        try:
            _add(container, key, value)
        except _Missing as err:
            raise _Missing(f"error in add for path: '{path}': {err}") from None

    def remove(self, path: str) -> None:
        found = self.find(path)
        if found is None:
            raise _Missing(
                f'remove operation does not apply: doc is missing path: "{path}": missing value'
            )
        container, key = found
        try:
            _remove(container, key)
        except _Missing as err:
            raise _Missing(f"error in remove for path: '{path}': {err}") from None

    def replace(self, path: str, value: Any) -> None:
        if path == "":
            if value is not None and not isinstance(value, (dict, list)):
                raise _Missing(
                    "replace operation value must be object or array: %!w(<nil>)"
                )
            # A replaced root has no "self" at all.
            self.root, self.nil_array = opened(value), value is None
            self.snapshot = self.shadow = None
            return
        found = self.find(path)
        if found is None:
            raise _Missing(
                f"replace operation does not apply: doc is missing path: {path}: missing value"
            )
        container, key = found
        try:
            self.get(container, key)
        except _Missing:
            raise _Missing(
                f"replace operation does not apply: doc is missing key: {path}: missing value"
            ) from None
        try:
            _set(container, key, value)
        except _Missing as err:
            raise _Missing(f"error in remove for path: '{path}': {err}") from None

    def test(self, path: str, value: Any) -> None:
        if path == "":
            # The whole document is compared as evanphx's root container; a null root
            # is an object without members.
            root = {} if self.root is None and not self.nil_array else self.root
            if not go_equal(root, value):
                raise _Missing(f"testing value {path} failed: test failed")
            return
        found = self.find(path)
        if found is None:
            raise _Missing(
                f"test operation does not apply: is missing path: {path}: missing value"
            )
        try:
            current = self.get(*found)
        except _Missing as err:
            if not err.missing:
                raise _Missing(f"error in test for path: '{path}': {err}") from None
            current = None
        if current is None or value is None:
            equal = current is None and value is None
        else:
            equal = go_equal(current, value)
        if not equal:
            raise _Missing(f"testing value {path} failed: test failed")


def _add(container: Any, key: str, value: Any) -> None:
    if container is None:
        raise _Missing("invalid value, expected object")
    if isinstance(container, dict):
        container[key] = value
        return
    if key == "-":
        container.append(value)
        return
    try:
        index = _atoi(key)
    except _Missing as err:
        raise _Missing(f"value was not a proper array index: '{key}': {err}") from None
    size = len(container) + 1
    if index >= size or index < -size:
        raise _bad_index(index)
    container.insert(index + size if index < 0 else index, value)


def _remove(container: Any, key: str) -> None:
    if container is None:
        raise _Missing("invalid value, expected object")
    if isinstance(container, dict):
        if key not in container:
            raise _Missing(f"unable to remove nonexistent key: {key}: missing value")
        del container[key]
        return
    index = _atoi(key)
    if index >= len(container) or index < -len(container):
        raise _bad_index(index)
    del container[index]


def _set(container: Any, key: str, value: Any) -> None:
    if container is None:
        raise _Missing("invalid value, expected object")
    if isinstance(container, dict):
        container[key] = value
        return
    container[_atoi(key)] = value


def apply_patch(document: Any, ops: Sequence[Operation]) -> Any:
    """Apply ``ops`` to ``document`` like evanphx ``Patch.Apply`` (default options).

    Args:
        document: the decoded document (dict, list, or None for JSON ``null``); changed
            in place, so pass a copy you own. Values in ``ops`` are inserted as they are.
        ops: the operations, applied in order.

    Returns:
        The patched document (a new object only when an op replaced the root).

    Raises:
        PatchError: with evanphx's text and the index of the failing operation.
    """
    validate(ops)
    if error := root_type_error(document):
        raise PatchError(error)
    state = _Document(opened(document), ops)
    for index, operation in enumerate(ops):
        try:
            if operation.op == "add":
                state.add(operation.path, operation.value)
            elif operation.op == "remove":
                state.remove(operation.path)
            elif operation.op == "replace":
                state.replace(operation.path, operation.value)
            else:
                state.test(operation.path, operation.value)
        except _Missing as err:
            raise PatchError(str(err), index) from None
    if state.root is None and not state.nil_array:
        raise PatchError(
            "json: error calling MarshalJSON for type *jsonpatch.partialDoc: "
            "invalid value, expected object"
        )
    return state.root
