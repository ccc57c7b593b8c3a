"""MigrationPlan manifests (olapctl.dev/v1alpha1) and MooseStack's directory form
(plan.yaml, remote_state.json, local_infra_map.json). Serialization is deterministic: same plan, same bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from olapctl.manifests import API_VERSION, format_validation_error
from olapctl.plan.operations import Op, OperationError, parse_operations
from olapctl.schema.model import Snapshot

KIND = "MigrationPlan"
MOOSE_PLAN = "plan.yaml"
MOOSE_REMOTE = "remote_state.json"
MOOSE_LOCAL = "local_infra_map.json"


class PlanError(ValueError):
    """A plan that cannot be read; the message names the file and the field."""


class State(BaseModel):
    """A snapshot with its hash, as stored in a plan."""

    model_config = ConfigDict(extra="forbid")
    hash: str
    snapshot: Snapshot

    @classmethod
    def of(cls, snapshot: Snapshot) -> State:
        return cls(hash=snapshot.hash(), snapshot=snapshot)

    def document(self) -> dict[str, Any]:
        return {"hash": self.hash, **self.snapshot.document()}

    @classmethod
    def from_document(cls, doc: Any, where: str) -> State:
        if not isinstance(doc, dict):
            raise PlanError(f"{where}: must be a mapping with hash, tables, materialized_views, views")
        body = {k: v for k, v in doc.items() if k != "hash"}
        try:
            snapshot = Snapshot.model_validate(body)
        except ValidationError as exc:
            raise PlanError(format_validation_error(exc, where)) from None
        actual = snapshot.hash()
        stated = doc.get("hash")
        if stated is not None and stated != actual:
            raise PlanError(
                f"{where}.hash: {stated} does not match the state it describes ({actual}); the state was edited"
            )
        return cls(hash=actual, snapshot=snapshot)


class TargetSpec(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")
    secret_ref: str | None = None
    url: str | None = None


class Plan(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    name: str
    operations: list[Op]
    expected: State
    desired: State
    created_at: str
    approved: bool = False
    allow_destructive: bool = False
    target: TargetSpec | None = None
    namespace: str | None = None
    extra_metadata: dict[str, Any] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)  # what planning kept rather than did; shown, not stored
    problems: list[str] = Field(default_factory=list)  # objects that do not work (Changes.problems); shown

    def content_hash(self) -> str:
        """Binds approval and the ledger to what the plan does: operations and both states."""
        raw = json.dumps(
            {
                "operations": [op.document() for op in self.operations],
                "expected": self.expected.hash,
                "desired": self.desired.hash,
            },
            sort_keys=True,
            separators=(",", ":"),
        )
        return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()

    def spec_document(self) -> dict[str, Any]:
        spec: dict[str, Any] = {}
        if self.target is not None:
            spec["target"] = self.target.model_dump(by_alias=True, exclude_none=True)
        spec.update(
            {
                "approved": self.approved,
                "allowDestructive": self.allow_destructive,
                "createdAt": self.created_at,
                "operations": [op.document() for op in self.operations],
                "expectedState": self.expected.document(),
                "desiredState": self.desired.document(),
            }
        )
        return spec

    def manifest(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"name": self.name}
        if self.namespace:
            meta["namespace"] = self.namespace
        return {"apiVersion": API_VERSION, "kind": KIND, "metadata": meta, "spec": self.spec_document()}


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def dump_json(doc: Any) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def plan_from_spec(name: str, spec: Any, where: str, namespace: str | None = None) -> Plan:
    if not isinstance(spec, dict):
        raise PlanError(f"{where}: spec must be a mapping")
    unknown = set(spec) - {
        "target",
        "approved",
        "allowDestructive",
        "createdAt",
        "operations",
        "expectedState",
        "desiredState",
    }
    if unknown:
        raise PlanError(f"{where}: unknown field(s) spec.{', spec.'.join(sorted(unknown))}")
    ops_doc = spec.get("operations")
    if not isinstance(ops_doc, list):
        raise PlanError(f"{where}: spec.operations must be a list")
    try:
        ops = parse_operations(ops_doc)
    except OperationError as exc:
        raise PlanError(f"{where}: spec.{exc}") from None
    for field in ("expectedState", "desiredState"):
        if field not in spec:
            raise PlanError(f"{where}: spec.{field} is required")
    for field in ("approved", "allowDestructive"):
        if not isinstance(spec.get(field, False), bool):
            raise PlanError(f"{where}: spec.{field} must be true or false")
    try:
        target = TargetSpec.model_validate(spec["target"]) if spec.get("target") is not None else None
    except ValidationError as exc:
        raise PlanError(format_validation_error(exc, f"{where}: spec.target")) from None
    return Plan(
        name=name,
        operations=ops,
        expected=State.from_document(spec["expectedState"], f"{where}: spec.expectedState"),
        desired=State.from_document(spec["desiredState"], f"{where}: spec.desiredState"),
        created_at=str(spec.get("createdAt", "")),
        approved=bool(spec.get("approved", False)),
        allow_destructive=bool(spec.get("allowDestructive", False)),
        target=target,
        namespace=namespace,
    )


def load_plan(path: Path) -> Plan:
    """A MigrationPlan manifest file, or a MooseStack directory (plan.yaml + the two state files)."""
    if path.is_dir():
        return load_moose_dir(path)
    try:
        doc = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path}: cannot read plan: {exc}") from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise PlanError(f"{path}: not a {KIND} manifest (kind: {doc.get('kind') if isinstance(doc, dict) else None!r})")
    meta = doc.get("metadata") or {}
    name = meta.get("name")
    if not name:
        raise PlanError(f"{path}: metadata.name is required")
    return plan_from_spec(str(name), doc.get("spec"), f"{path}: {KIND}/{name}", meta.get("namespace"))


def write_moose_dir(plan: Plan, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MOOSE_PLAN).write_text(
        dump_yaml(
            {
                "name": plan.name,
                "created_at": plan.created_at,
                "allow_destructive": plan.allow_destructive,
                "operations": [op.document() for op in plan.operations],
            }
        )
    )
    (directory / MOOSE_REMOTE).write_text(dump_json(plan.expected.document()))
    (directory / MOOSE_LOCAL).write_text(dump_json(plan.desired.document()))


def load_moose_dir(directory: Path) -> Plan:
    try:
        doc = yaml.safe_load((directory / MOOSE_PLAN).read_text())
        remote = json.loads((directory / MOOSE_REMOTE).read_text())
        local = json.loads((directory / MOOSE_LOCAL).read_text())
    except (OSError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise PlanError(f"{directory}: cannot read the MooseStack plan directory: {exc}") from None
    if not isinstance(doc, dict):
        raise PlanError(f"{directory / MOOSE_PLAN}: must be a mapping with operations")
    spec = {
        "createdAt": doc.get("created_at", ""),
        "allowDestructive": bool(doc.get("allow_destructive", False)),
        "operations": doc.get("operations"),
        "expectedState": remote,
        "desiredState": local,
    }
    return plan_from_spec(str(doc.get("name") or directory.name), spec, str(directory))
