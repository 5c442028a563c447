"""Karmada's propagation-policy validation cases (tests/conformance/propagation_validation_extra.yaml),
each validated as a file of a repo's policies/ folder is: parsed, checked, its findings located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render.errors import Finding, json_path
from render.inputs import OVERRIDE_KINDS, PROPAGATION_KINDS, checked_documents
from render.loading import locate, parse_documents

CASES_FILE = Path(__file__).parents[1] / "conformance" / "propagation_validation_extra.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text())
REL = "policies/p.yaml"

# Names the API server refuses (it checks every custom resource's metadata:
# ValidateObjectMetaAccessor, NameIsDNSSubdomain), which Karmada's own test tables use
# freely ("overridePolicy1"): fleet-render warns at the field and renders.
WARNED = {"pv-d-metadata-name-invalid", "pv-d-metadata-name-too-long", "pv-d-metadata-namespace-invalid"}

# fleet-render refuses on purpose what Karmada accepts (a typo Karmada would take as
# "matches nothing" or "tolerates nothing"): case id -> why Karmada accepts it.
_SPEC_OVERRIDERS = "Karmada checks overriders inside spec.overrideRules only, not the deprecated spec.overriders"
STRICTER: dict[str, str] = {
    "pv-d-priority-integral-float": "kubectl sends YAML 3.0 as JSON 3, an integer",
    "pv-d-staticweight-fieldselector-key": "Karmada checks fieldSelector keys in cluster affinities only, not staticWeightList",
    "pv-d-labelselector-operator": "neither the CRD nor the webhook checks label selector operators",
    "pv-d-selector-labelselector-operator": "neither the CRD nor the webhook checks label selector operators",
    "ov-d-rule-targetcluster-labelselector-operator": "neither the CRD nor the webhook checks label selector operators",
    "pv-d-toleration-operator-unknown": "Karmada refuses only Lt and Gt",
    "pv-d-toleration-effect-unknown": "the CRD has no enum for a toleration's effect",
    "pv-d-selector-empty-kind": "the CRD requires kind and apiVersion but allows them empty",
    "ov-d-deprecated-overriders-label-value": _SPEC_OVERRIDERS,
    "ov-d-deprecated-overriders-predicate-path": _SPEC_OVERRIDERS,
    "ov-d-deprecated-overriders-fieldpath": _SPEC_OVERRIDERS,
}


def _findings(tmp_path: Path, policy: Any) -> tuple[str, list[Finding]]:
    text = yaml.safe_dump(policy, sort_keys=False)
    (tmp_path / "policies").mkdir()
    (tmp_path / REL).write_text(text)
    findings: list[Finding] = []
    checked_documents(parse_documents(text, REL), findings, PROPAGATION_KINDS + OVERRIDE_KINDS, "policies", None)
    return text, [locate(tmp_path, f) for f in findings]


def _deepest_present(data: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # the longest prefix of path that the document holds: where the error's line must point
    for n, part in enumerate(path):
        in_map = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_map or in_list):
            return path[:n]
        data = data[part]
    return path


def _check_line(text: str, policy: Any, error: Finding) -> None:
    assert error.file == REL and error.line is not None and error.column is not None, str(error)
    present = _deepest_present(policy, error.field_path)
    line = text.splitlines()[error.line - 1]
    if not present:
        assert error.line == 1, str(error)
    elif isinstance(present[-1], int):  # a list item: its node starts after the "- "
        assert line[:error.column - 1].rstrip().endswith("-"), (str(error), line)
    else:
        key = str(present[-1])
        assert line[error.column - 1:].startswith((f"{key}:", f"'{key}':")), (str(error), line)


def test_case_ids_are_unique_and_marks_name_cases() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert WARNED | set(STRICTER) <= set(ids)
    assert all(("expect_valid" in c) != ("expect_error" in c) for c in CASES)


def _expected(case: dict[str, Any]) -> list[dict[str, str]]:
    expected = case["expect_error"]
    return expected if isinstance(expected, list) else [expected]


def _assert_found(text: str, case: dict[str, Any], found: list[Finding]) -> None:
    shown = [str(f) for f in found]
    for want in _expected(case):
        hits = [f for f in found if json_path(f.field_path) == f"$.{want['field']}"]
        assert hits, (want, shown)
        assert any(want["text"].lower() in f.message.lower() for f in hits), (want, shown)
        for hit in hits:
            _check_line(text, case["policy"], hit)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES
                                  if c["id"] not in WARNED and c["id"] not in STRICTER])
def test_karmadas_propagation_validation_cases(case: dict[str, Any], tmp_path: Path) -> None:
    text, found = _findings(tmp_path, case["policy"])
    errors = [f for f in found if f.severity == "error"]
    if case.get("expect_valid"):
        assert errors == [], [str(e) for e in errors]
        return
    assert errors, "accepted; Karmada refuses it"
    _assert_found(text, case, errors)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES if c["id"] in WARNED])
def test_names_the_api_server_refuses_are_warnings(case: dict[str, Any], tmp_path: Path) -> None:
    text, found = _findings(tmp_path, case["policy"])
    assert not [f for f in found if f.severity == "error"]
    _assert_found(text, case, found)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES if c["id"] in STRICTER])
def test_fleet_render_refuses_more_than_karmada(case: dict[str, Any], tmp_path: Path) -> None:
    assert case.get("expect_valid"), STRICTER[case["id"]]
    _, found = _findings(tmp_path, case["policy"])
    assert [f for f in found if f.severity == "error"]
