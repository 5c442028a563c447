"""The adaptor from evanphx/json-patch v5 semantics to the ``jsonpatch`` library.

:class:`EvanphxDocument` walks each path as evanphx does (negative and ``strconv.Atoi``
indices, a first token ignored when the path lacks its leading ``/``, an empty first token
reading evanphx's ``self``, null members absent), then hands ``jsonpatch`` one operation
on the container it reached, with the index made canonical. ``jsonpatch`` makes the
change and refuses what is out of range or absent; each refusal, and each case where the
two libraries disagree, is raised as :class:`Refused` in evanphx's words.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonpatch  # type: ignore[import-untyped]
import jsonpointer  # type: ignore[import-untyped]

from render.overrides import gojson
from render.overrides.nodes import (
    NilDereference,
    go_equal,
    open_tree,
    opened,
    root_type_error,
)

_ATOI = re.compile(r"[+-]?[0-9]+")
_POINTER_ESCAPE = re.compile(r"~[01]")
_INT64 = 1 << 63
# jsonpatch's operation classes, the table ``JsonPatch.apply`` dispatches to. They are
# called directly because a one-operation ``JsonPatch`` builds each operation twice (in
# ``__init__`` and again in ``apply``): twice the cost, once per operation, on the hot path.
_OPERATIONS = jsonpatch.JsonPatch.operations
# How jsonpatch refuses an operation on the container it is given: an index out of range
# (or still negative), an absent member, or no container at all (a JSON null root).
_REFUSALS = (
    jsonpatch.JsonPatchConflict,
    jsonpatch.InvalidJsonPatch,
    jsonpointer.JsonPointerException,
)


class Refused(Exception):
    """An operation evanphx refuses; ``missing`` tells its ErrMissing from other causes."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def _decode_token(token: str) -> str:
    # RFC 6901 unescape in one pass, as Go's strings.NewReplacer("~1", "/", "~0", "~").
    if "~" not in token:
        return token
    return _POINTER_ESCAPE.sub(lambda m: "/" if m.group() == "~1" else "~", token)


def _atoi(token: str) -> int:
    if not _ATOI.fullmatch(token):
        raise Refused(f"strconv.Atoi: parsing {gojson.quote(token)}: invalid syntax")
    value = int(token)
    if not -_INT64 <= value < _INT64:
        raise Refused(
            f"strconv.Atoi: parsing {gojson.quote(token)}: value out of range"
        )
    return value


def _bad_index(index: int) -> str:
    return f"Unable to access invalid index: {index}: invalid index referenced"


def _jsonpatch_index(key: str, slots: int) -> str:
    # evanphx counts a negative index back from ``slots`` (len + 1 for add). A result that
    # is still negative, or past the end, is left for jsonpatch to refuse.
    index = _atoi(key)
    return str(index + slots if index < 0 else index)


def _failed(op: str, path: str, cause: Any) -> Refused:
    return Refused(f"error in {op} for path: '{path}': {cause}")


def _absent_key(path: str) -> Refused:
    return Refused(
        f"replace operation does not apply: doc is missing key: {path}: missing value"
    )


def _refusal(container: Any, key: str) -> str:
    # evanphx's words for what jsonpatch refused on container[key] (add or remove).
    if container is None:
        return "invalid value, expected object"
    if isinstance(container, dict):
        return f"unable to remove nonexistent key: {key}: missing value"
    return _bad_index(_atoi(key))


def _run(op: str, document: Any, token: str | None, value: Any = None) -> Any:
    # jsonpatch applies one operation to ``document`` in place: the container evanphx's
    # walk reached, or the whole root when ``token`` is None.
    if token is not None and type(document) is dict:
        # What jsonpatch does to a member of a plain object, without building an
        # operation and a pointer: most overrider writes are these two.
        if op == "add":
            document[token] = value
            return document
        if op == "replace":
            if token not in document:
                raise jsonpatch.JsonPatchConflict(
                    f"can't replace a non-existent object '{token}'"
                )
            document[token] = value
            return document
    path = "" if token is None else "/" + token.replace("~", "~0").replace("/", "~1")
    return _OPERATIONS[op]({"op": op, "path": path, "value": value}).apply(document)


class EvanphxDocument:
    """One evanphx ``Patch.Apply``: its path walk and checks, with jsonpatch's changes.

    ``root`` is changed in place (the caller owns it). ``self`` is the document as it was
    before the patch, parsed apart: writes through it are lost. It is snapshot only when
    ``needs_self`` (some path reads it).
    """

    def __init__(self, root: Any, needs_self: bool) -> None:
        self.root = opened(root)
        self.nil_array = False
        self.needs_self = needs_self
        self.snapshot = copy.deepcopy(self.root) if needs_self else None
        self.shadow: Any = None

    def _self_node(self) -> Any:
        if self.shadow is None and self.snapshot is not None:
            self.shadow = copy.deepcopy(self.snapshot)
        return self.shadow

    def _nil(self, container: Any) -> bool:
        # The nil array a replace of "" with null leaves: Go parses an index into it,
        # then dereferences nil.
        return container is None and self.nil_array

    def child(self, container: Any, key: str) -> Any:
        """evanphx ``container.get``: the member or element, negative indices allowed."""
        if self._nil(container):
            if key:
                _atoi(key)
            raise NilDereference
        if key == "":
            return self._self_node() if container is self.root else None
        if container is None:
            raise Refused("invalid value, expected object")
        if isinstance(container, dict):
            if key not in container:
                raise Refused(
                    f"unable to get nonexistent key: {key}: missing value", True
                )
            return container[key]
        index = _atoi(key)
        if not -len(container) <= index < len(container):
            raise Refused(_bad_index(index))
        return container[index]

    def find(self, path: str) -> tuple[Any, str] | None:
        """evanphx ``findObject``: the container of the last token, or None if absent."""
        parts = path.split("/")
        if len(parts) < 2:
            return (self.root, "") if path == "" else None
        container = self.root
        for part in parts[1:-1]:
            # Plain members and indices first: the walk of every overrider's path.
            kind = type(container)
            if kind is dict and part and "~" not in part:
                node = container.get(part)  # absent and null members both end the walk
            elif kind is list and part.isdigit() and part.isascii():
                index = int(part)  # as strconv.Atoi: leading zeros are fine
                node = container[index] if index < len(container) else None
            else:
                try:
                    node = self.child(container, _decode_token(part))
                except Refused:
                    return None
            if type(node) is dict or type(node) is list:
                container = node
            elif isinstance(node, (dict, list)):
                container = opened(node)  # a raw container: decoded from now on
            else:
                return None
        return container, _decode_token(parts[-1])

    def add_root(self, value: Any) -> None:
        """``add`` of ``""``: the value becomes the document."""
        if error := root_type_error(value):
            raise Refused(error)
        self._set_root(value, added=True)

    def replace_root(self, value: Any) -> None:
        """``replace`` of ``""``: the value (an object, an array or null) becomes the document."""
        if value is not None and not isinstance(value, (dict, list)):
            raise Refused("replace operation value must be object or array: %!w(<nil>)")
        self._set_root(value, added=False)

    def _set_root(self, value: Any, added: bool) -> None:
        # jsonpatch's replace of "" returns the value itself, whatever the root was.
        self.root = opened(_run("replace", self.root, None, value))
        # evanphx decodes an added null as an object without members and a replacing
        # null as a nil array. An added root's ``self`` is the value's own text; a
        # replaced root has none.
        self.nil_array = value is None and not added
        self.snapshot = copy.deepcopy(value) if added and self.needs_self else None
        self.shadow = None

    def add(self, path: str, container: Any, key: str, value: Any) -> None:
        """``add`` of ``key`` in ``container``, which :meth:`find` gave for ``path``."""
        token = key
        if (isinstance(container, list) or self._nil(container)) and key != "-":
            try:
                token = _jsonpatch_index(key, len(container or ()) + 1)
            except Refused as err:
                cause = f"value was not a proper array index: '{key}': {err}"
                raise _failed("add", path, cause) from None
        if self._nil(container):
            raise NilDereference
        try:
            _run("add", container, token, value)
        except _REFUSALS as err:
            raise _failed("add", path, _refusal(container, key)) from err

    def remove(self, path: str, container: Any, key: str) -> None:
        """``remove`` of ``key`` in ``container``, which :meth:`find` gave for ``path``."""
        token = key
        if isinstance(container, list) or self._nil(container):
            try:
                token = _jsonpatch_index(key, len(container or ()))
            except Refused as err:
                raise _failed("remove", path, err) from None
        if self._nil(container):
            raise NilDereference
        try:
            _run("remove", container, token)
        except _REFUSALS as err:
            raise _failed("remove", path, _refusal(container, key)) from err

    def replace(self, path: str, container: Any, key: str, value: Any) -> None:
        """``replace`` of ``key`` in ``container``, which :meth:`find` gave for ``path``."""
        if self._nil(container):
            try:
                self.child(container, key)  # raises: the index is bad or Go panics
            except Refused:
                raise _absent_key(path) from None
        if key == "":
            self._replace_self_key(path, container, value)
            return
        if key == "-" and isinstance(container, dict):
            # jsonpatch refuses "-" in any replace; on an object evanphx replaces the
            # member "-", as jsonpatch's add does once the member is known to exist.
            if key not in container:
                raise _absent_key(path)
            _run("add", container, key, value)
            return
        token = key
        if isinstance(container, list):
            try:
                token = _jsonpatch_index(key, len(container))
            except Refused:
                raise _absent_key(path) from None
        try:
            _run("replace", container, token, value)
        except _REFUSALS as err:
            raise _absent_key(path) from err

    def _replace_self_key(self, path: str, container: Any, value: Any) -> None:
        # evanphx reads key "" as the container's ``self``, which is never absent, then
        # sets member "" (an add, where jsonpatch's replace would refuse) or fails to
        # parse "" as an index; its message says "remove" (sic).
        if isinstance(container, list):
            raise _failed("remove", path, 'strconv.Atoi: parsing "": invalid syntax')
        try:
            _run("add", container, "", value)
        except _REFUSALS as err:
            raise _failed("remove", path, _refusal(container, "")) from err

    def test(self, path: str, found: tuple[Any, str] | None, value: Any) -> None:
        """``test`` of ``path`` (``found`` as :meth:`find` gave it).

        Decided here, not by jsonpatch: its "test" compares with Python's == (True == 1,
        0 == -0.0) and fails on an absent member, which evanphx reads as null.
        """
        if path == "" and self.nil_array:
            # Go reads the nil array's length to compare it with an array (or null).
            if value is None or isinstance(value, list):
                raise NilDereference
            raise Refused(f"testing value {path} failed: test failed")
        if path == "/" and self.root is None and not self.nil_array:
            # "/" names the root node itself, here the document's raw null: compared
            # with an array, Go reads the null as a nil array; with null, the test fails.
            if isinstance(value, list):
                raise NilDereference
            if value is None:
                raise Refused(f"testing value {path} failed: test failed")
        if path == "":
            # The whole document is compared as evanphx's root container; an added null
            # root is an object without members.
            current = {} if self.root is None else self.root
            equal = go_equal(current, value)
        else:
            current = self._tested(path, found)
            if current is None or value is None:
                equal = current is None and value is None
            else:
                equal = go_equal(current, value)
        if not equal:
            raise Refused(f"testing value {path} failed: test failed")
        # evanphx decodes every container it compared: they are re-encoded on output.
        open_tree(current)

    def _tested(self, path: str, found: tuple[Any, str] | None) -> Any:
        if found is None:
            raise Refused(
                f"test operation does not apply: is missing path: {path}: missing value"
            )
        try:
            return self.child(*found)
        except Refused as err:
            if not err.missing:
                raise Refused(f"error in test for path: '{path}': {err}") from None
            return None
