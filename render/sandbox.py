"""The Jinja2 sandbox templates run in: no files, no internals, bounded size and time."""

from __future__ import annotations

import functools
import operator
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import (
    BaseLoader,
    ChainableUndefined,
    StrictUndefined,
    TemplateNotFound,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

MIB = 1024 * 1024
# A template computes a manifest; nothing legitimate needs integers this long.
MAX_INT_BITS = 4096
# Filters whose integer arguments size the string they build.
WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "format"})
_BUDGET_FILTER = "fleet_render_loop_budget"
# What a template can build up big; a range is lazy and capped by Jinja itself.
_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")
_DIGITS = re.compile(r"\d+")


class LimitError(SecurityError):
    """A template went past a size or time limit."""


@dataclass(frozen=True)
class Limits:
    """How much one render of one template may produce and take."""

    output_chars: int = MIB
    seconds: float = 2.0


_UNBOUNDED = (float("inf"), Limits())
_DEADLINE: ContextVar[tuple[float, Limits]] = ContextVar("deadline", default=_UNBOUNDED)


def _limits() -> Limits:
    return _DEADLINE.get()[1]


def _tick() -> None:
    deadline, limits = _DEADLINE.get()
    if time.monotonic() > deadline:
        raise LimitError(f"template took longer than {limits.seconds:g}s to render")


def _check_size(value: Any) -> Any:
    limit = _limits().output_chars
    if isinstance(value, _SIZED) and len(value) > limit:
        raise LimitError(f"a value of {len(value)} items is over the {limit} limit")
    return value


def _check_width(value: Any) -> None:
    limit = _limits().output_chars
    if isinstance(value, int) and not isinstance(value, bool) and value > limit:
        raise LimitError(f"a width or count of {value} is over the {limit} limit")


def _check_format(fmt: str, args: Iterable[Any]) -> None:
    # Widths and precisions allocate before any result exists to measure.
    widths: list[Any] = []
    for match in _PERCENT_SPEC.finditer(fmt):
        widths += [int(g) for g in match.groups() if g and g != "*"]
    for _, _, spec, _ in string.Formatter().parse(fmt):
        widths += [int(d) for d in _DIGITS.findall(spec or "")]
    for width in (*widths, *args):
        _check_width(width)


def _repeat(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            _check_width(len(seq) * count)
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    ints = isinstance(left, int) and isinstance(right, int) and right > 0
    if ints and abs(left) > 1 and abs(left).bit_length() * right > MAX_INT_BITS:
        raise LimitError(f"{left} ** {right} is over {MAX_INT_BITS} bits")
    return operator.pow(left, right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))
    return operator.mod(left, right)


def _budget_loop(items: Any) -> Iterator[Any]:
    for item in items:
        _tick()
        yield item


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        if name in WIDTH_FILTERS:
            for value in (*args[1:], *kwargs.values()):
                _check_width(value)
        return _check_size(func(*args, **kwargs))

    return guarded


class _NoFiles(BaseLoader):
    """Refuses include, import and extends: a template sees only its own text."""

    def get_source(self, environment: Any, template: str) -> Any:
        raise TemplateNotFound(
            template, f"{template!r}: templates cannot include, import or extend files"
        )


class NeutralMapping(dict[str, Any]):
    """Cluster data of the neutral render: every key is there, and empty."""


class NeutralList(list[Any]):
    """A list of the neutral render: every index is there, and empty."""


class _Undefined(StrictUndefined):
    # Strict everywhere, except for lookups into the neutral render's empty
    # cluster data, which stand in for any cluster's and so must not fail.
    def __new__(
        cls, hint: Any = None, obj: Any = missing, name: Any = None, exc: Any = None
    ) -> Any:
        neutral = isinstance(obj, NeutralMapping | NeutralList | ChainableUndefined)
        if neutral and exc is None:  # a sandbox refusal stays a refusal
            return ChainableUndefined(hint, obj, name)
        return super().__new__(cls)


class FleetSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with StrictUndefined, no loader and bounded work."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self) -> None:
        super().__init__(
            undefined=_Undefined,
            keep_trailing_newline=True,
            autoescape=False,
            loader=_NoFiles(),
        )
        del self.globals["lipsum"]  # unbounded text generator, useless in manifests
        self.binop_table.update({"*": _repeat, "**": _power, "%": _modulo})
        self.filters = {n: _guarded_filter(n, f) for n, f in self.filters.items()}
        self.filters[_BUDGET_FILTER] = _budget_loop

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Run an operator, within the time and size limits."""
        _tick()
        return _check_size(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call a function or method, within the time and size limits."""
        _tick()
        if isinstance(getattr(obj, "__self__", None), str):
            for value in (*args, *kwargs.values()):
                _check_width(value)
        return _check_size(super().call(context, obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Sandbox ``str.format`` and refuse widths over the limit."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(fmt, ())
            return wrapped(*args, **kwargs)

        return checked

    def parse_guarded(self, source: str, name: str) -> nodes.Template:
        """Parse a template and make every ``for`` loop count against the time limit."""
        tree = self.parse(source, name, name)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(
                loop.iter, _BUDGET_FILTER, [], [], None, None, lineno=loop.lineno
            )
        return tree

    def generate_limited(
        self, compiled: Any, context: dict[str, Any], limits: Limits
    ) -> str:
        """Render a compiled template, stopping at the output or time limit.

        Raises:
            LimitError: the output grew past ``limits.output_chars`` or the render
                took longer than ``limits.seconds``.
        """
        token = _DEADLINE.set((time.monotonic() + limits.seconds, limits))
        try:
            parts, size = [], 0
            for chunk in compiled.generate(context):
                size += len(chunk)
                if size > limits.output_chars:
                    raise LimitError(
                        f"template output is over the {limits.output_chars} characters"
                        " limit"
                    )
                parts.append(chunk)
            return "".join(parts)
        finally:
            _DEADLINE.reset(token)
