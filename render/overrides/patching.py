"""JSON patches with the semantics and error texts of evanphx/json-patch v5, run by ``jsonpatch``.

Karmada applies every overrider through evanphx ``DecodePatch(...).Apply(...)`` with the
default options. Where that differs from RFC 6902 (and from ``jsonpatch``), it differs in
how a path is walked: negative array indices (``-k`` counts back from the end; ``-1``
appends on add), ``strconv.Atoi`` indices (``+1``, ``01``), a path without a leading ``/``
(its first token is ignored), an empty first token reading the document as it was before
the patch (evanphx's ``self``: writes through it are lost), JSON null members being
absent; and "test" compares numbers by their text. The adaptor in
:mod:`render.overrides.evanphx` walks each path as evanphx does; ``jsonpatch`` makes
every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from render.overrides import gojson
from render.overrides.evanphx import EvanphxDocument, Refused
from render.overrides.nodes import NilDereference, node_text, root_type_error

# Go's text where evanphx dereferences nil; Karmada's controller then creates no Work.
_PANIC = "panic: runtime error: invalid memory address or nil pointer dereference"


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


def _reads_self(operation: Operation) -> bool:
    # evanphx's root ``self`` is read through an empty first token ("//a", "x//a"), and
    # its value matters there and for a "test" of "/"; "add"/"replace" of "/" only write.
    if "//" not in operation.path and not operation.path.endswith("/"):
        return False  # the common case, decided without splitting
    _, slash, rest = operation.path.partition("/")
    return bool(slash) and (
        rest.startswith("/") or (rest == "" and operation.op == "test")
    )


def _apply_one(document: EvanphxDocument, operation: Operation) -> None:
    op, path, value = operation.op, operation.path, operation.value
    if path == "" and op == "add":
        document.add_root(value)
        return
    if path == "" and op == "replace":
        document.replace_root(value)
        return
    found = document.find(path)
    if op == "test":
        document.test(path, found, value)
        return
    if found is None:
        quoted = path if op == "replace" else f'"{path}"'
        raise Refused(
            f"{op} operation does not apply: doc is missing path: {quoted}: missing value"
        )
    if op == "add":
        document.add(path, *found, value)
    elif op == "remove":
        document.remove(path, *found)
    else:
        document.replace(path, *found, value)


def apply_patch(document: Any, ops: Sequence[Operation]) -> Any:
    """Apply ``ops`` to ``document`` like evanphx ``Patch.Apply`` (default options).

    Args:
        document: the decoded document (dict, list, or None for JSON ``null``); changed
            in place by ``jsonpatch``, so pass a copy you own. Values in ``ops`` are
            inserted as they are.
        ops: the operations, applied in order.

    Returns:
        The patched document (a new object only when an op replaced the root).

    Raises:
        PatchError: with evanphx's text and the index of the failing operation.
    """
    validate(ops)
    if error := root_type_error(document):
        raise PatchError(error)
    state = EvanphxDocument(document, any(_reads_self(op) for op in ops))
    for index, operation in enumerate(ops):
        try:
            _apply_one(state, operation)
        except Refused as err:
            raise PatchError(str(err), index) from None
        except NilDereference:
            raise PatchError(_PANIC, index) from None
    if state.root is None and not state.nil_array:
        raise PatchError(
            "json: error calling MarshalJSON for type *jsonpatch.partialDoc: "
            "invalid value, expected object"
        )
    return state.root
