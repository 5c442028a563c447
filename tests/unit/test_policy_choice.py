"""The resource detector's decision for one object (ranking.decide_policy), case by case:
what placing acts on and ``explain`` words."""
from __future__ import annotations

from typing import Any

import pytest

from render.model import Policy
from render.ranking import PolicyIndex, decide_policy


def _deployment(namespace: str = "team", labels: dict[str, str] | None = None,
                annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "web", "namespace": namespace, "labels": labels or {"app": "web"}}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta}


def _pp(name: str, selector: dict[str, Any], **spec: Any) -> Policy:
    selector = {"apiVersion": "apps/v1", "kind": "Deployment", **selector}
    return Policy("PropagationPolicy", name, "team", {"resourceSelectors": [selector], **spec})


BY_KIND = _pp("by-kind", {})
BY_LABEL = _pp("by-label", {"labelSelector": {"matchLabels": {"app": "web"}}})
BY_NAME = _pp("by-name", {"name": "web"})
OTHER_KIND = _pp("twin", {})
CLAIM = {"propagationpolicy.karmada.io/namespace": "team", "propagationpolicy.karmada.io/name": "by-label"}
CLAIM_ID = {"propagationpolicy.karmada.io/permanent-id": "0a1b"}  # a claim: these annotations and this label
ELSEWHERE = {"resourcetemplate.karmada.io/claimed-by": "some-operator"}
HELD = _pp("held", {"name": "web"}, schedulerName="other-scheduler")

# (object, policies) -> (chosen, policy that propagates it, why not)
CASES = [
    ("best-ranked", _deployment(), [BY_KIND, BY_LABEL, BY_NAME], ("by-name", "by-name", None)),
    ("none-selects", _deployment(), [_pp("other", {"name": "api"})], (None, None, "nothing")),
    ("never-propagated", _deployment(namespace="kube-system"), [BY_KIND], (None, None, "ignored")),
    ("claimed-elsewhere", _deployment(labels={"app": "web", **ELSEWHERE}), [BY_NAME], (None, None, "elsewhere")),
    # the claim wins over a better-ranked policy, while its policy still selects the object
    ("claim-kept", _deployment(labels={"app": "web", **CLAIM_ID}, annotations=CLAIM), [BY_LABEL, BY_NAME],
     ("by-label", "by-label", None)),
    ("claim-lost", _deployment(labels={"app": "api", **CLAIM_ID}, annotations=CLAIM), [BY_LABEL, BY_KIND],
     (None, None, "claim_lost")),
    ("held-back", _deployment(), [BY_KIND, HELD], ("held", None, "held")),
]


@pytest.mark.parametrize(("obj", "policies", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_detector_decides(obj: dict[str, Any], policies: list[Policy],
                              expected: tuple[str | None, str | None, str | None]) -> None:
    choice = decide_policy(obj, PolicyIndex(policies), ())
    chosen, propagating, why = expected
    assert (choice.chosen.name if choice.chosen else None) == chosen
    assert (choice.policy.name if choice.policy else None) == propagating
    reasons = {"ignored": choice.ignored, "elsewhere": choice.elsewhere, "claim_lost": choice.claim_lost,
               "held": choice.held}
    assert [k for k, v in reasons.items() if v] == ([why] if why and why != "nothing" else [])


def test_a_tie_is_won_by_name_and_named() -> None:
    choice = decide_policy(_deployment(), PolicyIndex([OTHER_KIND, BY_KIND]), ())
    assert choice.chosen is BY_KIND and choice.tied is OTHER_KIND
    assert decide_policy(_deployment(), PolicyIndex([BY_KIND, BY_NAME]), ()).tied is None
