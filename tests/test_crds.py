"""The generated CRDs: committed files up to date, schemas structural, names and printer columns as designed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from olapctl.k8s.crds import DESTRUCTIVE_MESSAGE, IMMUTABLE_MESSAGE, CrdError, crds, model_schema, render, write

CRDS_DIR = Path(__file__).resolve().parents[1] / "crds"
KINDS = {
    "OlapTable": ("olaptables", "olt"),
    "MaterializedView": ("materializedviews", "olmv"),
    "View": ("views", "olv"),
    "MigrationPlan": ("migrationplans", "mplan"),
}
OBJECT_COLUMNS = [
    ("Table", ".status.table"),
    ("Database", ".status.database"),
    ("Mode", ".status.mode"),
    ("Synced", '.status.conditions[?(@.type=="Synced")].status'),
    ("Age", ".metadata.creationTimestamp"),
]
PLAN_COLUMNS = [
    ("Phase", ".status.phase"),
    ("Risk", ".status.risk"),
    ("Approved", ".spec.approved"),
    ("Applied", ".status.progress"),
    ("Drift", ".status.drifted"),
    ("Age", ".metadata.creationTimestamp"),
]
FORBIDDEN = ("$ref", "$defs", "anyOf", "oneOf", "allOf", "not", "title", "const")


def by_kind() -> dict[str, dict[str, Any]]:
    return {crd["spec"]["names"]["kind"]: crd for crd in crds()}


def version(crd: dict[str, Any]) -> dict[str, Any]:
    (v,) = crd["spec"]["versions"]
    return v  # type: ignore[no-any-return]


def schema(crd: dict[str, Any]) -> dict[str, Any]:
    return version(crd)["schema"]["openAPIV3Schema"]  # type: ignore[no-any-return]


def nodes(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    yield path, node
    for name, child in node.get("properties", {}).items():
        yield from nodes(child, f"{path}.{name}")
    if "items" in node:
        yield from nodes(node["items"], f"{path}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from nodes(node["additionalProperties"], f"{path}.*")


def test_crds_dir_is_up_to_date() -> None:
    expected = render()
    present = {p.name: p.read_text() for p in sorted(CRDS_DIR.glob("olapctl.dev_*.yaml"))}
    stale = sorted(name for name in expected.keys() | present.keys() if expected.get(name) != present.get(name))
    assert not stale, f"crds/ is stale: run olapctl crds (differs: {', '.join(stale)})"


def test_render_is_deterministic_and_plain_yaml() -> None:
    first, second = render(), render()
    assert first == second
    assert sorted(first) == [
        "olapctl.dev_materializedviews.yaml",
        "olapctl.dev_migrationplans.yaml",
        "olapctl.dev_olaptables.yaml",
        "olapctl.dev_views.yaml",
    ]
    for name, text in first.items():
        assert "&id" not in text and "*id" not in text, f"{name}: YAML anchors"
        (doc,) = list(yaml.safe_load_all(text))
        assert doc["kind"] == "CustomResourceDefinition"
        assert doc["apiVersion"] == "apiextensions.k8s.io/v1"


def test_write_replaces_stale_files_only(tmp_path: Path) -> None:
    (tmp_path / "olapctl.dev_oldthings.yaml").write_text("stale\n")
    (tmp_path / "olapctl.dev_views.yaml").write_text("outdated\n")
    (tmp_path / "other.yaml").write_text("kept\n")
    paths = write(tmp_path)
    assert [p.name for p in paths] == sorted(render())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*render(), "other.yaml"])
    assert all(p.read_text() == render()[p.name] for p in paths)
    assert write(tmp_path) == paths
    assert write(tmp_path / "new") == [tmp_path / "new" / p.name for p in paths]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_names_scope_and_subresources(kind: str) -> None:
    crd = by_kind()[kind]
    plural, short = KINDS[kind]
    spec = crd["spec"]
    assert crd["metadata"]["name"] == f"{plural}.olapctl.dev"
    assert spec["group"] == "olapctl.dev"
    assert spec["scope"] == "Namespaced"
    assert spec["names"]["plural"] == plural
    assert spec["names"]["shortNames"] == [short]
    assert spec["names"]["categories"] == ["olapctl"]
    v = version(crd)
    assert (v["name"], v["served"], v["storage"]) == ("v1alpha1", True, True)
    assert v["subresources"] == {"status": {}}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schemas_are_structural(kind: str) -> None:
    root = schema(by_kind()[kind])
    assert set(root["properties"]) == {"apiVersion", "kind", "metadata", "spec", "status"}
    for path, node in nodes(root):
        where = f"{kind}{path or '.'}"
        assert not [k for k in FORBIDDEN if k in node], f"{where}: {node}"
        if node.get("x-kubernetes-int-or-string"):
            assert set(node) == {"x-kubernetes-int-or-string"}, where  # the one typeless node structural allows
            continue
        assert "type" in node, f"{where}: no type"
        assert node["type"] in ("object", "array", "string", "integer", "number", "boolean"), where
        if "properties" in node or "additionalProperties" in node:
            assert node["type"] == "object", where
        assert not ("properties" in node and "additionalProperties" in node), where
        assert not isinstance(node.get("additionalProperties"), bool), where
        assert ("items" in node) == (node["type"] == "array"), where
        for req in node.get("required", []):
            assert req in node.get("properties", {}), f"{where}: required {req} is not a property"
        if "enum" in node:
            assert None not in node["enum"] and "nullable" not in node, f"{where}: the API server refuses null enums"
        if "default" in node:
            assert node["default"] is not None, where
            if node["type"] == "object":
                assert isinstance(node["default"], dict) and None not in node["default"].values(), where


@pytest.mark.parametrize(("kind", "columns"), [(k, OBJECT_COLUMNS) for k in ("OlapTable", "MaterializedView", "View")]
                         + [("MigrationPlan", PLAN_COLUMNS)])  # fmt: skip
def test_printer_columns(kind: str, columns: list[tuple[str, str]]) -> None:
    got = version(by_kind()[kind])["additionalPrinterColumns"]
    assert [(c["name"], c["jsonPath"]) for c in got] == columns
    types = {c["name"]: c["type"] for c in got}
    assert types["Age"] == "date"
    if kind == "MigrationPlan":
        assert types["Approved"] == "boolean"


def test_object_specs_follow_the_model() -> None:
    kinds = by_kind()
    table = schema(kinds["OlapTable"])["properties"]["spec"]
    assert table["required"] == ["columns"]  # name and database default from metadata.name / the namespace
    props = table["properties"]
    assert {"orderBy", "orderByExpression", "partitionBy", "lifeCycle", "renamedFrom"} <= set(props) | set(
        props["columns"]["items"]["properties"]
    )
    assert props["columns"]["minItems"] == 1
    assert props["columns"]["items"]["required"] == ["name", "type"]
    assert props["lifeCycle"]["enum"] == ["FullyManaged", "DeletionProtected", "ExternallyManaged"]
    assert props["lifeCycle"]["default"] == "FullyManaged"
    assert props["engine"]["default"] == {"type": "MergeTree"}
    assert props["settings"]["additionalProperties"] == {"x-kubernetes-int-or-string": True}
    assert props["indexes"]["items"]["properties"]["granularity"]["minimum"] == 1
    assert props["database"] == {"type": "string", "nullable": True}
    assert "x-kubernetes-preserve-unknown-fields" not in table  # unknown spec fields are rejected, not kept

    mv = schema(kinds["MaterializedView"])["properties"]["spec"]
    assert mv["required"] == ["select"]
    assert mv["x-kubernetes-validations"][0]["rule"] == "has(self.to) != has(self.storage)"
    assert mv["properties"]["to"]["required"] == ["table"]
    assert schema(kinds["View"])["properties"]["spec"]["required"] == ["select"]


def test_status_schemas() -> None:
    kinds = by_kind()
    status = schema(kinds["OlapTable"])["properties"]["status"]
    assert status["properties"]["mode"] == {"type": "string", "enum": ["dev", "prod"]}
    conditions = status["properties"]["conditions"]
    assert conditions["x-kubernetes-list-type"] == "map"
    assert conditions["x-kubernetes-list-map-keys"] == ["type"]
    plan_status = schema(kinds["MigrationPlan"])["properties"]["status"]["properties"]
    assert {"phase", "progress", "drifted", "appliedOperations", "totalOperations", "drift"} <= set(plan_status)


def test_migration_plan_spec_and_rules() -> None:
    spec = schema(by_kind()["MigrationPlan"])["properties"]["spec"]
    assert spec["required"] == ["desiredState", "expectedState", "operations"]
    props = spec["properties"]
    assert props["approved"] == {"description": props["approved"]["description"], "type": "boolean", "default": False}
    assert props["allowDestructive"]["default"] is False
    assert set(props["target"]["properties"]) == {"secretRef", "url"}
    items = props["operations"]["items"]
    assert items["type"] == "object" and items["x-kubernetes-preserve-unknown-fields"] is True
    assert (items["minProperties"], items["maxProperties"]) == (1, 1)
    for state in ("expectedState", "desiredState"):
        assert props[state]["x-kubernetes-preserve-unknown-fields"] is True
    messages = [r["message"] for r in spec["x-kubernetes-validations"]]
    assert messages == [IMMUTABLE_MESSAGE, DESTRUCTIVE_MESSAGE]
    assert all("oldSelf" in r["rule"] for r in spec["x-kubernetes-validations"])


def test_unions_without_a_structural_form_are_refused() -> None:
    class Odd(BaseModel):
        value: int | str

    with pytest.raises(CrdError, match=r"spec\.value: a union of 2 types"):
        model_schema(Odd)
