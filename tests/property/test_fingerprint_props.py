"""out/'s fingerprint (render.freshness) is a sum: the same in any order, and patchable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from render.freshness import patched_fingerprint, written_fingerprint
from render.outtree import Written

FILES = st.dictionaries(
    st.sampled_from([f"c{i}/ns/deployment_app-{j}.yaml" for i in range(3) for j in range(4)] + ["bindings.yaml"]),
    st.tuples(st.tuples(st.just(1), st.integers(1, 9), st.integers(0, 99), st.integers(0, 10**18)),
              st.binary(min_size=16, max_size=16)),
)


@given(old=FILES, new=FILES)
def test_patching_the_fingerprint_equals_making_it_again(old: dict, new: dict) -> None:
    # only the paths whose identity differs are named, as render.delta names its changes
    paths = [rel for rel in old.keys() | new.keys() if old.get(rel) != new.get(rel)]
    assert patched_fingerprint(written_fingerprint(old), old, new, paths) == written_fingerprint(new)
    # as render.delta has them: the written records, of which only the touched folders are read
    assert patched_fingerprint(written_fingerprint(old), Written.of(old), Written.of(new), paths) \
        == written_fingerprint(new)


@given(files=FILES, data=st.data())
def test_the_fingerprint_does_not_depend_on_order(files: dict, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(list(files.items())))
    assert written_fingerprint(dict(shuffled)) == written_fingerprint(files)


def test_a_changed_mtime_changes_it() -> None:
    one = {"c/x.yaml": ((1, 2, 3, 4), b"d" * 16)}
    assert written_fingerprint(one) != written_fingerprint({"c/x.yaml": ((1, 2, 3, 5), b"d" * 16)})
