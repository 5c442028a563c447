"""Reading a fleet repo into records: clusters, policies, manifests and the previous bindings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from render import validation
from render.confinement import read_text, resolve
from render.errors import Finding, RenderError
from render.fleetplacement import FleetPlacement, read_fleet_placements
from render.fleets import build_clusters
from render.loading import Document, load_file, locate, parse_documents, read_folder
from render.model import Cluster, Manifest, Policy
from render.naming import iter_path_collisions
from render.readcache import ReadRecord
from render.workloads import CLUSTER_SCOPED_KINDS, ReplicaField, replica_problem

POLICY_API = "policy.karmada.io/v1alpha1"
PROPAGATION_KINDS = ("PropagationPolicy", "ClusterPropagationPolicy")
OVERRIDE_KINDS = ("OverridePolicy", "ClusterOverridePolicy")
CONFIG_FILE = "fleet-render.yaml"
TEMPLATE_SUFFIX = ".yaml.j2"  # render.templating's files

ObjectKey = tuple[str, str, str, str]  # apiVersion, kind, namespace, name


@dataclass(frozen=True)
class PreviousBinding:
    """What the last render decided for one object (Karmada's binding spec.clusters)."""

    clusters: tuple[tuple[str, int], ...]
    observed_affinity_name: str = ""


@dataclass(frozen=True)
class Inputs:
    """Everything a render needs, read and checked."""

    clusters: tuple[Cluster, ...]
    propagation_policies: tuple[Policy, ...]
    override_policies: tuple[Policy, ...]
    manifests: tuple[Manifest, ...]
    replica_fields: Mapping[tuple[str, str], ReplicaField] = field(default_factory=dict)
    previous: Mapping[ObjectKey, PreviousBinding] = field(default_factory=dict)
    fleet_placements: Mapping[str, FleetPlacement] = field(default_factory=dict)
    warnings: tuple[Finding, ...] = ()  # what reading found that does not stop a render
    # (group, kind) of the custom resources apps/' CRDs declare cluster-scoped
    cluster_kinds: frozenset[tuple[str, str]] = frozenset()


def _kind(doc: Document) -> tuple[Any, Any]:
    data = doc.data
    return (data.get("apiVersion"), data.get("kind")) if isinstance(data, Mapping) else (None, None)


def _not_an_object(doc: Document) -> Finding | None:
    if not isinstance(doc.data, Mapping):
        return Finding("document must be a mapping (a Kubernetes object)", doc.file, document=doc.index)
    return None


def policy_of(doc: Document) -> Policy:
    """The policy a checked document of policies/ holds."""
    meta = doc.data.get("metadata") or {}
    kind = doc.data["kind"]
    namespace = "" if kind.startswith("Cluster") else str(meta.get("namespace") or "default")
    return Policy(kind=kind, name=str(meta.get("name")), namespace=namespace, spec=doc.data.get("spec") or {},
                  file=doc.file, index=doc.index)


def checked_documents(documents: Iterable[Document], findings: list[Finding], expected: tuple[str, ...], folder: str,
             record: ReadRecord | None) -> list[Document]:
    """The documents of one input folder that are objects of its kinds and pass their schema;
    what is wrong with the others goes to ``findings``."""
    valid = []
    for doc in documents:
        problem = _not_an_object(doc)
        if problem:
            findings.append(problem)
            continue
        _, kind = _kind(doc)
        if kind not in expected:
            findings.append(Finding(f"{folder}/ holds only {', '.join(expected)}; got kind {kind!r}", doc.file,
                                    ("kind",), document=doc.index))
            continue
        check = partial(validation.iter_schema_findings, doc.data, doc.file)
        found = check() if record is None else record.schema_findings(doc, check)
        problems = [replace_document(f, doc.index) for f in found]
        findings.extend(problems)
        if not any(p.severity == "error" for p in problems):
            valid.append(doc)
    return valid


def replace_document(finding: Finding, index: int) -> Finding:
    """Point a finding at document ``index`` of its file."""
    from dataclasses import replace

    return replace(finding, document=index)


def manifest_of(doc: Document, cluster_kinds: frozenset[tuple[str, str]] = frozenset()) -> Manifest:
    """The object a document of apps/ holds, its namespace filled in as Kubernetes does.
    ``cluster_kinds``: the custom resources that live outside namespaces (:func:`cluster_scoped_kinds`)."""
    body = dict(doc.data)
    kind = body["kind"]
    namespaced = kind not in CLUSTER_SCOPED_KINDS and (
        not cluster_kinds or (str(body.get("apiVersion")).rpartition("/")[0], kind) not in cluster_kinds)
    meta = dict(body.get("metadata") or {})
    if namespaced and not meta.get("namespace"):
        meta["namespace"] = "default"
    elif not namespaced:
        meta.pop("namespace", None)
    body["metadata"] = meta
    return Manifest(body=body, file=doc.file, index=doc.index, namespaced=namespaced)


def cluster_scoped_kinds(documents: Iterable[Document]) -> frozenset[tuple[str, str]]:
    """``(group, kind)`` of every custom resource a CustomResourceDefinition among the
    documents declares with ``scope: Cluster``: Karmada learns an object's scope from the
    API server, fleet-render from the CRDs beside it (built-in kinds: CLUSTER_SCOPED_KINDS)."""
    found = set()
    for doc in documents:
        data = doc.data
        if (isinstance(data, Mapping) and data.get("kind") == "CustomResourceDefinition"
                and str(data.get("apiVersion")).startswith("apiextensions.k8s.io/")):
            spec = data.get("spec")
            if isinstance(spec, Mapping) and spec.get("scope") == "Cluster":
                names = spec.get("names")
                kind = names.get("kind") if isinstance(names, Mapping) else None
                if isinstance(spec.get("group"), str) and isinstance(kind, str):
                    found.add((spec["group"], kind))
    return frozenset(found)


def _object_problems(doc: Document, replica_fields: Mapping[tuple[str, str], ReplicaField]) -> list[Finding]:
    from render.naming import manifest_problems

    problems = list(manifest_problems(doc))
    if problems:
        return problems
    problem = replica_problem(manifest_of(doc), replica_fields)
    return [problem] if problem else []


def _is_object(doc: Document) -> bool:
    # the documents _manifests runs the object checks on
    return _not_an_object(doc) is None


def _checks_context(replica_fields: Mapping[tuple[str, str], ReplicaField]) -> bytes:
    # what the object checks read besides the document
    return repr(sorted(replica_fields.items())).encode()


def _manifests(documents: Iterable[Document], findings: list[Finding],
               replica_fields: Mapping[tuple[str, str], ReplicaField], record: ReadRecord | None,
               cluster_kinds: frozenset[tuple[str, str]]) -> list[Manifest]:
    # The checks read only the document and the replica fields: a file read before
    # with the same replica fields is not checked again.
    context = _checks_context(replica_fields)
    manifests = []
    for doc in documents:
        problem = _not_an_object(doc)
        if problem:
            findings.append(problem)
            continue
        check = partial(_object_problems, doc, replica_fields)
        problems = check() if record is None else record.object_findings(doc, context, check)
        if problems:
            findings.extend(problems)
            continue
        manifests.append(manifest_of(doc, cluster_kinds))
    return manifests


def _config(repo: Path, findings: list[Finding]) -> tuple[dict[tuple[str, str], ReplicaField],
                                                          frozenset[tuple[str, str]]]:
    # fleet-render.yaml: the replica fields of more kinds, and the custom resources that
    # are cluster-scoped though no CRD in apps/ says so (one installed by another tool)
    try:
        docs = load_file(repo, CONFIG_FILE) or []
    except RenderError as e:
        findings.extend(e.findings)
        return {}, frozenset()
    fields: dict[tuple[str, str], ReplicaField] = {}
    cluster_kinds: set[tuple[str, str]] = set()
    for doc in docs[:1]:
        for i, entry in enumerate((doc.data or {}).get("clusterScopedKinds") or []):
            if not isinstance(entry, Mapping) or not all(isinstance(entry.get(k), str) and entry[k]
                                                         for k in ("apiVersion", "kind")):
                findings.append(Finding("clusterScopedKinds entries need apiVersion and kind", CONFIG_FILE,
                                        ("clusterScopedKinds", i)))
                continue
            cluster_kinds.add((entry["apiVersion"].rpartition("/")[0], entry["kind"]))
        for i, entry in enumerate((doc.data or {}).get("replicaFields") or []):
            try:
                api, kind, dotted = str(entry["apiVersion"]), str(entry["kind"]), str(entry["path"])
            except (KeyError, TypeError):
                findings.append(Finding("replicaFields entries need apiVersion, kind and path", CONFIG_FILE,
                                        ("replicaFields", i)))
                continue
            template = entry.get("podTemplate")
            fields[(api.rpartition("/")[0], kind)] = ReplicaField(
                tuple(dotted.split(".")), tuple(str(template).split(".")) if template else None)
    return fields, frozenset(cluster_kinds)


# bindings.yaml grows with the fleet (9 MiB at 1,000 clusters x 10,000 workloads),
# unlike a hand-written input file.
MAX_BINDINGS_BYTES = 512 * 1024 * 1024


BINDINGS_FILE = "out/bindings.yaml"  # as findings and records name it


def read_previous(
    out: Path, warnings: list[Finding] | None = None, record: ReadRecord | None = None
) -> dict[ObjectKey, PreviousBinding]:
    """The bindings of the last render (``out/bindings.yaml``); empty when absent or unreadable.

    Why an existing file could not be read is added to ``warnings``: scheduling then
    starts without history, as a ``--fresh`` render would. ``record`` (the output
    folder's) knows the file the last render wrote, so it is not parsed again.
    """
    try:  # a symlink leaving out/ is refused unread, like any unreadable file
        file = resolve(out, "bindings.yaml", shown=BINDINGS_FILE)
        text = read_text(file, MAX_BINDINGS_BYTES) if file is not None else ""
        if record is None:
            docs = parse_documents(text, BINDINGS_FILE)
        else:
            docs = record.documents(BINDINGS_FILE, text, parse_documents)
    except RenderError as e:
        if warnings is not None:
            warnings += [
                replace(f, severity="warning", hint="the render schedules without the previous result")
                for f in e.findings
            ]
        return {}
    previous = {}
    for item in (docs[0].data.get("items") or []) if docs and isinstance(docs[0].data, Mapping) else []:
        try:
            res = item["spec"]["resource"]
            key = (res["apiVersion"], res["kind"], res.get("namespace") or "", res["name"])
            clusters = tuple((str(c["name"]), int(c.get("replicas") or 0)) for c in item["spec"].get("clusters") or [])
        except (KeyError, TypeError, ValueError):
            continue
        observed = str((item.get("status") or {}).get("schedulerObservedAffinityName") or "")
        previous[key] = PreviousBinding(clusters, observed)
    return previous


def _read_templates(repo: Path) -> tuple[dict[str, str], list[Finding]]:
    # Confined like the YAML files; symlinked folders are not walked (rglob skips them).
    texts: dict[str, str] = {}
    findings: list[Finding] = []
    base = repo / "apps"
    for path in sorted(base.rglob("*" + TEMPLATE_SUFFIX)) if base.is_dir() else ():
        rel = path.relative_to(repo).as_posix()
        try:
            file = resolve(repo, rel)
            if file is not None:
                texts[rel] = read_text(file)
        except RenderError as e:
            findings.extend(e.findings)
    return texts, findings


def read_inputs(
    repo: Path,
    out: Path | None = None,
    record: ReadRecord | None = None,
    out_record: ReadRecord | None = None,
    jobs: int = 1,
) -> Inputs:
    """Read and check every input of the repo.

    ``record`` holds the last read's parsed files: unchanged ones are not parsed again;
    ``out_record`` the output folder's (see :func:`read_previous`); with ``jobs`` > 1
    a second process parses half of apps/ (:func:`render.loading.read_folder`).

    Raises:
        RenderError: with every error found (warnings are not raised here).
    """
    findings: list[Finding] = []
    fleet_docs, problems = read_folder(repo, "fleets", record=record)
    findings += problems
    policy_docs, problems = read_folder(repo, "policies", recursive=True, record=record)
    findings += problems
    # the replica fields before apps/: its objects' checks read them (the findings in their place below)
    config_findings: list[Finding] = []
    replica_fields, configured_kinds = _config(repo, config_findings)
    check = (_checks_context(replica_fields), _is_object, partial(_object_problems, replica_fields=replica_fields))
    app_docs, problems = read_folder(repo, "apps", recursive=True, record=record, jobs=jobs, check=check)
    findings += problems
    templates, problems = _read_templates(repo)
    findings += [p for p in problems if p not in findings]  # links the walk reported
    if templates:  # jinja2 is loaded only for a repo with templates
        from render import templating

        app_docs += templating.neutral_documents(templates, findings)

    fleet_docs = checked_documents(fleet_docs, findings, ("Fleet", "AttachedCluster"), "fleets", record)
    clusters, problems = build_clusters(fleet_docs)
    findings += problems
    policy_docs = checked_documents(policy_docs, findings, PROPAGATION_KINDS + OVERRIDE_KINDS, "policies", record)
    policies = [policy_of(d) for d in policy_docs]
    findings += config_findings
    cluster_kinds = cluster_scoped_kinds(app_docs) | configured_kinds
    manifests = [
        replace(m, template=templates[m.file]) if m.file in templates else m
        for m in _manifests(app_docs, findings, replica_fields, record, cluster_kinds)
    ]
    findings += _duplicates(policies, manifests)
    findings += iter_path_collisions(manifests)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise RenderError([locate(repo, f) for f in errors])
    if record is not None:
        record.save()  # before any later step could touch the documents
    # what the checks only warn about (Karmada accepts it) goes out with the render's warnings
    notes: list[Finding] = [f for f in findings if f.severity != "error"]
    return Inputs(
        clusters=tuple(clusters),
        propagation_policies=tuple(p for p in policies if p.kind in PROPAGATION_KINDS),
        override_policies=tuple(p for p in policies if p.kind in OVERRIDE_KINDS),
        manifests=tuple(sorted(manifests, key=lambda m: (m.key, m.file, m.index))),
        replica_fields=replica_fields,
        previous=read_previous(out, notes, out_record) if out is not None else {},
        fleet_placements=read_fleet_placements(fleet_docs),
        warnings=tuple(notes),
        cluster_kinds=cluster_kinds,
    )


def _duplicates(policies: list[Policy], manifests: list[Manifest]) -> list[Finding]:
    findings = []
    seen: dict[Any, tuple[str, int]] = {}
    items: list[tuple[Any, str, int, Policy | Manifest]] = [
        ((p.kind, p.namespace, p.name), p.file, p.index, p) for p in policies
    ]
    items += [(m.key, m.file, m.index, m) for m in manifests]
    for key, file, index, what in sorted(items, key=lambda i: (i[1], i[2])):
        if key in seen:
            first = seen[key]
            findings.append(Finding(f"{_label(what)} is defined twice (first in {first[0]})", file,
                                    ("metadata", "name"), document=index))
        else:
            seen[key] = (file, index)
    return findings


def _label(what: Policy | Manifest) -> str:
    # worked out for a duplicate only: 22,000 objects at 1,000 clusters have none
    return f"{what.kind} {what.namespace + '/' if what.namespace else ''}{what.name}"
