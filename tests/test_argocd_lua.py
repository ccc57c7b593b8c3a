"""The Argo CD health checks (argocd/) on a real Lua 5.1 without a cluster: the objects the operator produced in
e2e/test_argocd_health.py (saved in argocd/resource_customizations/olapctl.dev/KIND/testdata/) must get the same
health, and the argocd-cm form must be the built-in layout's scripts. tests/test_argocd_upstream.py runs the same
cases on gopher-lua, Argo CD's own interpreter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from argocd import generate
from argocd.cases import CASES, CUSTOMIZATIONS, Case, load, problems
from argocd.health import HealthScriptError, evaluate, health, script_for

from olapctl.clickhouse.connect import connect
from olapctl.engine.planning import make_plan
from olapctl.manifests import load_declarations

KINDS = ("OlapTable", "MaterializedView", "View", "MigrationPlan")
GITOPS = Path(__file__).resolve().parent.parent / "examples" / "gitops" / "schemas"
WAVES = {"OlapTable": "0", "MaterializedView": "1", "View": "1", "MigrationPlan": "2"}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_captured_object_gets_the_expected_health(case: Case) -> None:
    try:
        obj = load(case)
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    result = health(obj)
    assert problems(case, obj, result.status, result.message) == []


def test_testdata_holds_exactly_the_cases() -> None:
    found = sorted(p.stem for p in CUSTOMIZATIONS.glob("*/testdata/*.yaml"))
    assert found == sorted(CASES), "run OLAPCTL_WRITE_TESTDATA=1 python -m pytest e2e/test_argocd_health.py"


def test_every_health_status_a_script_decides_is_exercised() -> None:
    seen = {(generate.SOURCE[case.kind], case.status) for case in CASES.values()}
    assert {("OlapTable", s) for s in ("Healthy", "Progressing", "Degraded")} <= seen  # also MaterializedView, View
    assert {("MigrationPlan", s) for s in ("Healthy", "Progressing", "Degraded", "Suspended")} <= seen
    assert {case.kind for case in CASES.values()} == set(KINDS)


def test_generated_files_are_up_to_date() -> None:
    assert generate.stale() == [], "run python argocd/generate.py"


def test_configmap_carries_the_built_in_layout_scripts() -> None:
    cm: dict[str, Any] = yaml.safe_load(generate.CONFIGMAP.read_text())
    assert (cm["apiVersion"], cm["kind"], cm["metadata"]["name"]) == ("v1", "ConfigMap", "argocd-cm")
    assert cm["data"] == {
        f"resource.customizations.health.olapctl.dev_{kind}": script_for(f"olapctl.dev/{kind}") for kind in KINDS
    }


def test_object_kinds_share_one_script() -> None:
    assert script_for("olapctl.dev/MaterializedView") == script_for("olapctl.dev/OlapTable")
    assert script_for("olapctl.dev/View") == script_for("olapctl.dev/OlapTable")


def test_runner_has_only_what_argo_cd_gives_argocd_cm_scripts() -> None:
    """The scripts cannot lean on a library Argo CD does not open: strings, math and io are absent here too."""
    for script in ('return {status = string.upper("x")}', 'return {status = ("x"):upper()}', "return math.max(1)"):
        with pytest.raises(HealthScriptError):
            evaluate(script, {})
    assert evaluate('return {status = "Nope"}', {}).status == "Unknown"
    obj = {"metadata": {"generation": 3}, "items": [{"a": None}, {"a": True}]}
    result = evaluate('return {status = "Healthy", message = obj.metadata.generation .. "/" .. #obj.items}', obj)
    assert result.message == "3/2"  # numbers print as Argo CD's gopher-lua prints them, arrays are 1-based tables


def test_gitops_example_puts_each_kind_in_its_sync_wave() -> None:
    docs = [doc for path in sorted(GITOPS.rglob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]
    assert {doc["kind"] for doc in docs} == set(WAVES)
    for doc in docs:
        wave = (doc["metadata"].get("annotations") or {}).get("argocd.argoproj.io/sync-wave")
        assert wave == WAVES[doc["kind"]], f"{doc['kind']}/{doc['metadata']['name']} is in wave {wave}"


def test_gitops_example_plan_is_what_olapctl_plans_for_its_declarations(chdb_path: Path) -> None:
    """plans/0001-create-events.yaml is `olapctl plan` of tables/ and views/ against an empty `analytics` database."""
    target = connect(f"chdb://{chdb_path}?database=analytics")
    before = {name for (name,) in target.query("SELECT name FROM system.databases")}
    try:
        plan = make_plan(target, load_declarations([GITOPS / "tables", GITOPS / "views"], "analytics"), "x")
        committed = yaml.safe_load((GITOPS / "plans" / "0001-create-events.yaml").read_text())
        fresh = yaml.safe_load(yaml.safe_dump(plan.manifest()))
        for spec in (committed["spec"], fresh["spec"]):
            spec.pop("createdAt")
        assert committed["spec"] == fresh["spec"], "regenerate it (see examples/gitops/README.md)"
    finally:
        for (name,) in target.query("SELECT name FROM system.databases"):
            if name not in before:
                target.command(f"DROP DATABASE IF EXISTS `{name}` SYNC")
