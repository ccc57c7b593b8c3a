"""MigrationPlan manifests (olapctl.dev/v1alpha1), and plans read from and written as MooseStack's migrations/
directory (moose_dir.py). Serialization is deterministic: same plan, same bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from olapctl.manifests import API_VERSION, format_validation_error
from olapctl.plan.moose_dir import (
    LOCAL_FILE,
    PLAN_FILE,
    REMOTE_FILE,
    MooseFormatError,
    Written,
    read_directory,
    write_directory,
)
from olapctl.plan.operations import Op, OperationError, parse_operations
from olapctl.schema.model import Snapshot

KIND = "MigrationPlan"


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
    moose: bool = False  # read from MooseStack's files: its states hold what MooseStack can hold of a table

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
    """A MigrationPlan manifest file."""
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


def write_moose_dir(plan: Plan, directory: Path, database: str) -> Written:
    """MooseStack's form of the plan: DIR/plan.yaml, remote_state.json, local_infra_map.json (moose_dir.py)."""
    written = write_directory(plan.operations, plan.expected.snapshot, plan.desired.snapshot, plan.created_at, database)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in written.files.items():
        (directory / name).write_text(text)
    return written


def read_moose_dir(directory: Path, database: str) -> Plan:
    """A MooseStack migrations/ directory as a plan whose objects are as MooseStack wrote them (not canonical:
    engine.planning.canonical_plan makes them comparable with live state). Objects without a database are in
    `database`, where MooseStack would run the plan."""
    texts = {}
    for name in (PLAN_FILE, REMOTE_FILE, LOCAL_FILE):
        try:
            texts[name] = (directory / name).read_text()
        except OSError as exc:
            raise PlanError(
                f"{directory}: cannot read {name} (a MooseStack migrations/ directory has all three "
                f"of {PLAN_FILE}, {REMOTE_FILE}, {LOCAL_FILE}): {exc.strerror}"
            ) from None
    try:
        found = read_directory(texts[PLAN_FILE], texts[REMOTE_FILE], texts[LOCAL_FILE], database, str(directory))
    except MooseFormatError as exc:
        raise PlanError(str(exc)) from None
    plan = Plan(
        name="pending",
        operations=found.operations,
        expected=State.of(found.expected),
        desired=State.of(found.desired),
        created_at=found.created_at,
        notes=found.notes,
        moose=True,
    )
    plan.name = "moose-" + plan.content_hash().removeprefix("sha256:")[:12]
    return plan
