"""Go's ``sort.Slice`` (pattern-defeating quicksort), to order equal keys exactly as Go does.

Karmada sorts the applied-overrides record with the unstable ``sort.Slice``; items with the
same policy name (several matching rules of one policy) keep their input order only up
to 12 items (insertion sort). Beyond that the result is whatever pdqsort yields, so it is
reproduced step by step here. The shift triple of the pattern breaker is Go 1.22+'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1
_UNKNOWN, _INCREASING, _DECREASING = 0, 1, 2
XORSHIFT = (13, 7, 17)


class _Sorter:
    def __init__(self, items: list[Any], less: Callable[[Any, Any], bool]) -> None:
        self.items, self.key_less = items, less

    def less(self, i: int, j: int) -> bool:
        return self.key_less(self.items[i], self.items[j])

    def swap(self, i: int, j: int) -> None:
        self.items[i], self.items[j] = self.items[j], self.items[i]

    def insertion(self, a: int, b: int) -> None:
        for i in range(a + 1, b):
            j = i
            while j > a and self.less(j, j - 1):
                self.swap(j, j - 1)
                j -= 1

    def sift_down(self, root: int, hi: int, first: int) -> None:
        while (child := 2 * root + 1) < hi:
            if child + 1 < hi and self.less(first + child, first + child + 1):
                child += 1
            if not self.less(first + root, first + child):
                return
            self.swap(first + root, first + child)
            root = child

    def heap(self, a: int, b: int) -> None:
        for i in range((b - a - 1) // 2, -1, -1):
            self.sift_down(i, b - a, a)
        for i in range(b - a - 1, -1, -1):
            self.swap(a, a + i)
            self.sift_down(0, i, a)

    def median(self, a: int, b: int, c: int, swaps: list[int]) -> int:
        for x, y in ((0, 1), (1, 2), (0, 1)):
            trio = [a, b, c]
            if self.less(trio[y], trio[x]):
                swaps[0] += 1
                trio[x], trio[y] = trio[y], trio[x]
            a, b, c = trio
        return b

    def choose_pivot(self, a: int, b: int) -> tuple[int, int]:
        length, swaps = b - a, [0]
        i, j, k = a + length // 4, a + length // 4 * 2, a + length // 4 * 3
        if length >= 8:
            if length >= 50:
                i, j, k = (self.median(m - 1, m, m + 1, swaps) for m in (i, j, k))
            j = self.median(i, j, k, swaps)
        hint = {0: _INCREASING, 12: _DECREASING}.get(swaps[0], _UNKNOWN)
        return j, hint

    def partial_insertion(self, a: int, b: int) -> bool:
        i = a + 1
        for _ in range(5):
            while i < b and not self.less(i, i - 1):
                i += 1
            if i == b:
                return True
            if b - a < 50:
                return False
            self.swap(i, i - 1)
            if i - a >= 2:
                j = i - 1
                while j >= 1 and self.less(j, j - 1):
                    self.swap(j, j - 1)
                    j -= 1
            if b - i >= 2:
                j = i + 1
                while j < b and self.less(j, j - 1):
                    self.swap(j, j - 1)
                    j += 1
        return False

    def break_patterns(self, a: int, b: int) -> None:
        length = b - a
        if length < 8:
            return
        state, modulus = length, 1 << length.bit_length()
        left, right, last = XORSHIFT
        for idx in range(a + length // 4 * 2 - 1, a + length // 4 * 2 + 2):
            state ^= (state << left) & _MASK
            state ^= state >> right
            state ^= (state << last) & _MASK
            other = state & (modulus - 1)
            self.swap(idx, a + (other - length if other >= length else other))

    def partition(self, a: int, b: int, pivot: int) -> tuple[int, bool]:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while i <= j and self.less(i, a):
            i += 1
        while i <= j and not self.less(j, a):
            j -= 1
        if i > j:
            self.swap(j, a)
            return j, True
        self.swap(i, j)
        i, j = i + 1, j - 1
        while True:
            while i <= j and self.less(i, a):
                i += 1
            while i <= j and not self.less(j, a):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i, j = i + 1, j - 1
        self.swap(j, a)
        return j, False

    def partition_equal(self, a: int, b: int, pivot: int) -> int:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while True:
            while i <= j and not self.less(a, i):
                i += 1
            while i <= j and self.less(a, j):
                j -= 1
            if i > j:
                return i
            self.swap(i, j)
            i, j = i + 1, j - 1

    def pdqsort(self, a: int, b: int, limit: int) -> None:
        balanced = partitioned = True
        while True:
            length = b - a
            if length <= 12:
                self.insertion(a, b)
                return
            if limit == 0:
                self.heap(a, b)
                return
            if not balanced:
                self.break_patterns(a, b)
                limit -= 1
            pivot, hint = self.choose_pivot(a, b)
            if hint == _DECREASING:
                self.items[a:b] = self.items[a:b][::-1]
                pivot, hint = (b - 1) - (pivot - a), _INCREASING
            if (
                balanced
                and partitioned
                and hint == _INCREASING
                and self.partial_insertion(a, b)
            ):
                return
            if a > 0 and not self.less(a - 1, pivot):
                a = self.partition_equal(a, b, pivot)
                continue
            mid, partitioned = self.partition(a, b, pivot)
            if mid - a < b - mid:
                balanced = mid - a >= length // 8
                self.pdqsort(a, mid, limit)
                a = mid + 1
            else:
                balanced = b - mid >= length // 8
                self.pdqsort(mid + 1, b, limit)
                b = mid


def sort_slice(items: list[T], less: Callable[[T, T], bool]) -> list[T]:
    """Sort ``items`` in place exactly as Go's ``sort.Slice(items, less)`` would.

    Returns:
        ``items``, for convenience.
    """
    _Sorter(items, less).pdqsort(0, len(items), len(items).bit_length())
    return items
