#!/usr/bin/env bash
# The main job: a local Kubernetes control plane (kube-apiserver + etcd built from source, cached), olapctl's CRDs,
# the operator on the embedded ClickHouse, examples/tables applied into a dev and a prod namespace, and a reviewed
# MigrationPlan approved in prod. Everything started here is stopped at the end, by pid.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e '.[test,embedded]' 2>&1 | grep -v "Running pip as the 'root' user" || true
work=$(mktemp -d "${TMPDIR:-/tmp}/olapctl-cluster-demo.XXXXXX")
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== starting kube-apiserver + etcd on loopback (first run builds them: ~4 min)"
PYTHONPATH=. python3 -m e2e.controlplane up --workdir "$work/cp" > "$work/controlplane.out" 2>&1 &
pids+=($!)
until grep -q '^export KUBECONFIG' "$work/controlplane.out" 2>/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/controlplane.out"; exit 1; }
  sleep 1
done
eval "$(grep '^export' "$work/controlplane.out")"
db="$work/clickhouse"

step() { echo; echo "\$ $*"; "$@"; }
step kubectl apply --server-side -f crds/
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
for ns in demo-dev demo-prod; do
  kubectl create namespace "$ns" >/dev/null
  kubectl create secret generic olapctl-clickhouse -n "$ns" --from-literal=url="chdb://$db" \
    --from-literal=database="${ns#demo-}" >/dev/null
done
step kubectl label namespace demo-dev olapctl.dev/mode=dev
step kubectl apply -n demo-prod -f examples/tables/
# the embedded engine admits one process at a time: the reviewer plans before the operator starts
step olapctl plan --from-cluster -n demo-prod --url "chdb://$db?database=prod" -o "$work/first-release.yaml" --name first-release

echo; echo "== olapctl operator --default-target chdb://$db (log: $work/operator.log)"
olapctl operator --default-target "chdb://$db" --resync 10 --lease-namespace default > "$work/operator.log" 2>&1 &
pids+=($!)
step kubectl apply -n demo-dev -f examples/tables/
step kubectl apply -n demo-prod -f "$work/first-release.yaml"
wait_for() { for _ in $(seq 1 60); do eval "$1" >/dev/null 2>&1 && return 0; sleep 1; done; echo "timed out: $1"; exit 1; }
wait_for "[ \"\$(kubectl get olmv events-per-day -n demo-dev -o jsonpath='{.status.conditions[?(@.type==\"Synced\")].status}')\" = True ]"
wait_for "[ \"\$(kubectl get mplan first-release -n demo-prod -o jsonpath='{.status.phase}')\" = AwaitingApproval ]"
step kubectl get olapctl -n demo-dev
step kubectl get events -n demo-dev --field-selector reason=Applied
step kubectl get olapctl -n demo-prod
step olapctl approve first-release -n demo-prod
wait_for "[ \"\$(kubectl get mplan first-release -n demo-prod -o jsonpath='{.status.phase}')\" = Succeeded ]"
wait_for "[ \"\$(kubectl get olt events -n demo-prod -o jsonpath='{.status.conditions[?(@.type==\"Synced\")].status}')\" = True ]"
step kubectl get migrationplans,olaptables -n demo-prod
echo; echo "demo done; files in $work"
