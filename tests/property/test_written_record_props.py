"""The written record (render.outtree.Written): a mapping of out/'s files, kept per
top-level folder and decoded lazily, equal to the plain dict it stands for."""

from __future__ import annotations

import marshal

from hypothesis import given
from hypothesis import strategies as st

from render.outtree import Written, folder_of

PATHS = st.sampled_from(
    [f"c{i}/ns/deployment_app-{j}.yaml" for i in range(4) for j in range(3)]
    + ["c0/kustomization.yaml", "bindings.yaml", ".fleet-render"]
)
ENTRY = st.tuples(st.tuples(st.just(1), st.integers(1, 9), st.integers(0, 99), st.integers(0, 10**18)),
                  st.binary(min_size=16, max_size=16))
FILES = st.dictionaries(PATHS, ENTRY)
CHANGES = st.dictionaries(PATHS, st.none() | ENTRY)


def _saved(written: Written) -> Written:
    # through the bytes a record holds, as load_written reads them
    found = Written.decoded(marshal.loads(marshal.dumps(written.encoded())))
    assert found is not None
    return found


def _as_dict(written: Written) -> dict:
    return dict(written.items())


@given(files=FILES)
def test_a_record_reads_back_as_the_files(files: dict) -> None:
    written = _saved(Written.of(files))
    assert _as_dict(written) == files and len(written) == len(files)
    assert sorted(written) == sorted(files) and set(written.keys()) == files.keys()
    for rel in ["c9/none.yaml", "nothing", *files]:
        assert (rel in written) == (rel in files)
        assert written.get(rel) == files.get(rel)


@given(files=FILES, changes=CHANGES)
def test_changing_a_record_equals_changing_the_dict(files: dict, changes: dict) -> None:
    expected = {**files, **changes}
    expected = {rel: entry for rel, entry in expected.items() if entry is not None}
    before = _saved(Written.of(files))
    after = before.changed(changes)
    assert _as_dict(after) == expected and len(after) == len(expected)
    assert _as_dict(_saved(after)) == expected
    assert _as_dict(before) == files  # the record changed from is left as it was


@given(files=FILES, changes=CHANGES)
def test_only_the_changed_folders_are_encoded_again(files: dict, changes: dict) -> None:
    record = marshal.loads(marshal.dumps(Written.of(files).encoded()))
    written = Written.decoded(record)
    assert written is not None
    after = written.changed(changes).encoded()[1]
    touched = {folder_of(rel) for rel in changes}
    for top, blob in after.items():
        if top not in touched:
            assert blob is record[1][top]  # the very bytes read, not decoded and encoded again


def test_an_untouched_folder_is_never_decoded() -> None:
    files = {f"c{i}/ns/x.yaml": ((1, i, 2, 3), b"d" * 16) for i in range(3)}
    written = _saved(Written.of(files))
    written.changed({"c0/ns/y.yaml": ((1, 9, 9, 9), b"e" * 16)}).encoded()
    assert "c0/ns/x.yaml" in written
    assert sorted(written._folders) == ["c0"]
