"""fleet-render: Karmada's placement and override decisions, rendered into per-cluster folders."""

# The Kubernetes version whose schemas `validate` checks rendered objects against by
# default (render.kubeschema); here so that the command line names it without loading
# the validation machinery on every command.
DEFAULT_KUBERNETES_VERSION = "1.30.0"

# The repo's input folders, in the order a render reads them; here so that knowing a
# repo unchanged (render.freshness) does not load the YAML stack.
INPUT_FOLDERS = ("fleets", "policies", "apps")
