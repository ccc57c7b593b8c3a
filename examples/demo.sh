#!/usr/bin/env bash
# The main job on the embedded ClickHouse engine: install olapctl, show the pending changes for examples/tables,
# write a reviewed-style MigrationPlan, apply it (drift check, ledger, verification), and show it is in sync.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e '.[embedded]' 2>&1 | grep -v "Running pip as the 'root' user" || true
work=$(mktemp -d "${TMPDIR:-/tmp}/olapctl-demo.XXXXXX")
export OLAPCTL_URL="chdb://$work/clickhouse?database=analytics"
echo "== olapctl diff (pending changes)"
olapctl diff -f examples/tables || [ $? -eq 2 ]
echo "== olapctl plan -o $work/plan.yaml --save $work/migrations"
olapctl plan -f examples/tables -o "$work/plan.yaml" --save "$work/migrations"
echo "== olapctl apply"
olapctl apply "$work/plan.yaml" -f examples/tables
echo "== olapctl diff (after apply)"
olapctl diff -f examples/tables
echo "plan and MooseStack-form files are in $work"
