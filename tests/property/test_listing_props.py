"""bindings.yaml is emitted item by item, and reads exactly as the whole listing dumped at once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from render.model import Manifest
from render.output import dump, listing_of, render_files
from render.pipeline import Binding, RenderPlan
from render.scheduling import ScheduleResult
from tests.unit.test_output import AMBIGUOUS

# Plain names, and strings either emitter must quote or write as a block.
NAMES = st.one_of(
    st.text("abyz019-.", min_size=1, max_size=8),
    st.sampled_from([*AMBIGUOUS, "two\nlines", "trailing ", "a: b", "- x", "#c", "é"]),
)


@st.composite
def bindings(draw: st.DrawFn) -> Binding:
    namespaced = draw(st.booleans())
    meta = {"name": draw(NAMES), **({"namespace": draw(NAMES)} if namespaced else {})}
    body = {"apiVersion": draw(st.sampled_from(["v1", "apps/v1"])), "kind": draw(NAMES), "metadata": meta}
    clusters = tuple(draw(st.lists(st.tuples(NAMES, st.integers(0, 5)), max_size=3)))
    result = ScheduleResult(clusters, draw(st.sampled_from(["", "primary", "y"])))
    return Binding(Manifest(body, "apps/x.yaml", 0, namespaced), None, draw(st.integers(0, 9)), result, False)


@settings(max_examples=150, deadline=None)
@given(st.lists(bindings(), max_size=6))
def test_bindings_yaml_is_the_listing_dumped_whole(listed: list[Binding]) -> None:
    plan = RenderPlan(clusters=(), bindings=listed)
    first = render_files(plan)["bindings.yaml"]
    assert first == dump(listing_of(plan))
    # again, every item's text taken from the first time (as from a reused unit)
    assert render_files(plan)["bindings.yaml"] == first
