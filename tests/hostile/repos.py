"""A small valid fleet repo that the hostile tests corrupt, and a canary outside it."""

from __future__ import annotations

from pathlib import Path

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: member1
    labels: {region: r1}
  - name: member2
    labels: {region: r2}
"""

POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: web
  - apiVersion: v1
    kind: Secret
    name: creds
  placement:
    clusterAffinity:
      clusterNames: [member1, member2]
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
        - targetCluster: {clusterNames: [member1]}
          weight: 2
        - targetCluster: {clusterNames: [member2]}
          weight: 1
"""

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
"""

SECRET_VALUE = "hunter2-is-the-password"
SECRET = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: {SECRET_VALUE}
  config: "user: admin: {SECRET_VALUE}"
"""

BASE = {
    "fleets/prod.yaml": FLEET,
    "policies/web.yaml": POLICY,
    "apps/web.yaml": APP,
    "apps/secret.yaml": SECRET,
}

# A file outside the repo: no hostile input may get its content into any output.
CANARY = "CANARY-7f3a-outside-the-repo"
OUTSIDE = {
    "outside/secret.yaml": f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {CANARY.lower()}}}\n"
    f"data: {{key: {CANARY}}}\n",
    "outside/folder/app.yaml": f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{k: {CANARY}}}\n",
}


def override(
    rule: str, name: str = "web", kind: str = "Deployment", api: str = "apps/v1"
) -> str:
    """An OverridePolicy for one object with one rule (indented YAML under overrideRules)."""
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata:
  name: tweak
spec:
  resourceSelectors:
  - {{apiVersion: {api}, kind: {kind}, name: {name}}}
  overrideRules:
{rule}"""


# fleet-render's cache beside out/ (render.freshness): kept or dropped, it is no output.
def _is_state(name: str) -> bool:
    return name.startswith(".") and name.endswith((".state.json", ".state.json.tmp"))


def without_state(files: dict[str, tuple[bytes, int]]) -> dict[str, tuple[bytes, int]]:
    """A snapshot without the freshness cache."""
    return {k: v for k, v in files.items() if not _is_state(k.rpartition("/")[2])}


def listing(folder: Path) -> list[str]:
    """The names in a folder, the freshness cache left out."""
    return sorted(p.name for p in folder.iterdir() if not _is_state(p.name))
