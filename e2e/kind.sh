#!/usr/bin/env bash
# The same e2e bring-up with kind, for people who have Docker (not used in CI).
#   e2e/kind.sh up     # create cluster "olapctl", write kubeconfig, print export
#   e2e/kind.sh test   # up, then the same e2e scenarios (pytest e2e) against the kind cluster
#   e2e/kind.sh down   # delete it
# Then: KUBECONFIG=... PYTHONPATH=operator:. python -m pytest ... (with your own
# fixture pointing at that kubeconfig); kind also runs Pods, unlike controlplane.py.
set -euo pipefail

NAME="${OLAPCTL_KIND_CLUSTER:-olapctl}"
# Node image: kind's default for the installed kind release, unless set, e.g.
# OLAPCTL_KIND_IMAGE=kindest/node:v1.35.0 to match e2e/controlplane.py's v1.35.x.
IMAGE="${OLAPCTL_KIND_IMAGE:-}"
KUBECONFIG_OUT="${OLAPCTL_KIND_KUBECONFIG:-${XDG_CACHE_HOME:-$HOME/.cache}/olapctl/kind-$NAME.kubeconfig}"

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "kind.sh: $tool not found on PATH" >&2; exit 1; }
done

case "${1:-up}" in
  up)
    if ! kind get clusters 2>/dev/null | grep -x "$NAME" >/dev/null; then
      kind create cluster --name "$NAME" ${IMAGE:+--image "$IMAGE"} --wait 120s
    fi
    mkdir -p "$(dirname "$KUBECONFIG_OUT")"
    kind get kubeconfig --name "$NAME" > "$KUBECONFIG_OUT"
    chmod 600 "$KUBECONFIG_OUT"
    KUBECONFIG="$KUBECONFIG_OUT" kubectl wait --for=condition=Ready nodes --all --timeout=120s
    KUBECONFIG="$KUBECONFIG_OUT" kubectl get --raw /readyz >/dev/null
    echo "export KUBECONFIG=$KUBECONFIG_OUT"
    ;;
  test)
    "$0" up
    cd "$(dirname "$0")/.."
    python3 -m pip install -q -e '.[test,embedded]'
    OLAPCTL_E2E_KUBECONFIG="$KUBECONFIG_OUT" python3 -m pytest e2e -q -p no:cacheprovider
    ;;
  down)
    kind delete cluster --name "$NAME"
    rm -f "$KUBECONFIG_OUT"
    ;;
  *)
    echo "usage: $0 [up|test|down]" >&2; exit 2
    ;;
esac
