"""Plan operations, named and shaped like MooseStack's plan.yaml (snake_case fields), plus `database` on each
since one plan may span databases, and one olapctl addition: ExchangeTables (used to re-key a table without
losing data). An operation is serialized as a one-key mapping: {AddTableColumn: {...}}.

Risk is a pure function of the operation, never a field of the plan: editing a plan cannot make a drop "safe".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from olapctl.schema.model import (
    Column,
    Constraint,
    Index,
    MaterializedView,
    OlapTable,
    Projection,
    View,
    table_document,
)
from olapctl.schema.types import type_change_risk

Risk = Literal["safe", "risky", "destructive"]
RISK_ORDER: dict[Risk, int] = {"safe": 0, "risky": 1, "destructive": 2}


class Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    RISK: ClassVar[Risk]  # every operation class declares its risk (or overrides risk())

    def risk(self) -> Risk:
        return self.RISK

    @property
    def kind(self) -> str:
        return type(self).__name__

    def subject(self) -> str:
        """'database.table' or 'database.view' the operation acts on ('' for RawSql)."""
        return ""

    def subjects(self) -> set[str]:
        """Every 'database.name' whose schema the operation may change."""
        subject = self.subject()
        return {subject} if subject else set()

    def title(self) -> str:
        """How progress lines and errors name the operation: 'AddTableColumn analytics.events'."""
        return f"{self.kind} {self.subject()}".strip()

    def document(self) -> dict[str, Any]:
        body = self.model_dump(mode="json", exclude_none=True, by_alias=False)
        if isinstance(body.get("table"), dict):
            table_document(body["table"])
        return {self.kind: body}

    def digest(self) -> str:
        raw = json.dumps(self.document(), sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


class TableOp(Op):
    """An operation on one table, named by database and table."""

    database: str
    table: str

    def subject(self) -> str:
        return f"{self.database}.{self.table}"


class DropObjectOp(Op):
    """The drop of a view, named by database and name."""

    database: str
    name: str

    def subject(self) -> str:
        return f"{self.database}.{self.name}"


class CreateTable(Op):
    RISK: ClassVar[Risk] = "safe"
    table: OlapTable

    def subject(self) -> str:
        return f"{self.table.database}.{self.table.name}"


class DropTable(TableOp):
    RISK: ClassVar[Risk] = "destructive"


class AddTableColumn(TableOp):
    RISK: ClassVar[Risk] = "safe"
    column: Column
    after_column: str | None = None


class DropTableColumn(TableOp):
    RISK: ClassVar[Risk] = "destructive"
    column_name: str


class ModifyTableColumn(TableOp):
    before_column: Column
    after_column: Column

    def risk(self) -> Risk:
        """A TTL that starts expiring rows is risky; a type change as risky as the types make it."""
        b, a = self.before_column, self.after_column
        if b.ttl != a.ttl and a.ttl is not None:
            return "risky"
        return type_change_risk(b.data_type, a.data_type) if b.data_type != a.data_type else "safe"


class RenameTableColumn(TableOp):
    RISK: ClassVar[Risk] = "safe"
    before_column_name: str
    after_column_name: str


class AddTableConstraint(TableOp):
    """olapctl's addition (MooseStack keeps no constraints)."""

    RISK: ClassVar[Risk] = "safe"
    constraint: Constraint


class DropTableConstraint(TableOp):
    RISK: ClassVar[Risk] = "safe"
    constraint_name: str


class ModifyTableComment(TableOp):
    """COMMENT of a table (olapctl's addition; MooseStack keeps no table comment)."""

    RISK: ClassVar[Risk] = "safe"
    before: str | None = None
    after: str | None = None


class ModifyTableSettings(TableOp):
    RISK: ClassVar[Risk] = "safe"
    before_settings: dict[str, str] = Field(default_factory=dict)
    after_settings: dict[str, str] = Field(default_factory=dict)


class ModifyTableTtl(TableOp):
    before: str | None = None
    after: str | None = None

    def risk(self) -> Risk:
        return "safe" if self.after is None else "risky"  # a TTL expires rows


class AddTableIndex(TableOp):
    RISK: ClassVar[Risk] = "safe"
    index: Index


class DropTableIndex(TableOp):
    RISK: ClassVar[Risk] = "safe"
    index_name: str


class AddTableProjection(TableOp):
    RISK: ClassVar[Risk] = "safe"
    projection: Projection


class DropTableProjection(TableOp):
    RISK: ClassVar[Risk] = "safe"
    projection_name: str


class ModifySampleBy(TableOp):
    RISK: ClassVar[Risk] = "safe"
    expression: str


class RemoveSampleBy(TableOp):
    RISK: ClassVar[Risk] = "safe"


class CreateMaterializedView(Op):
    RISK: ClassVar[Risk] = "safe"
    view: MaterializedView

    def subject(self) -> str:
        return f"{self.view.database}.{self.view.name}"


class DropMaterializedView(DropObjectOp):
    holds_data: bool | None = None  # a view with a table of its own (`storage`): its rows are dropped with it

    def risk(self) -> Risk:
        return "destructive" if self.holds_data else "risky"  # writes stop until it is created again


class CreateView(Op):
    RISK: ClassVar[Risk] = "safe"
    view: View

    def subject(self) -> str:
        return f"{self.view.database}.{self.view.name}"


class DropView(DropObjectOp):
    RISK: ClassVar[Risk] = "safe"


class RawSql(Op):
    """Statements run as written, in `database` (where unqualified names resolve). Not simulated: RawSql must
    not change the schema; the end-of-plan verification catches one that does."""

    RISK: ClassVar[Risk] = "risky"
    sql: list[str] = Field(min_length=1)
    description: str = ""
    database: str | None = None

    def title(self) -> str:
        return f"RawSql ({self.description or self.sql[0][:60]})"


class ExchangeTables(TableOp):
    """Atomically swap two tables' definitions and data (EXCHANGE TABLES); olapctl's addition."""

    RISK: ClassVar[Risk] = "safe"
    other: str

    def subjects(self) -> set[str]:
        return {f"{self.database}.{self.table}", f"{self.database}.{self.other}"}


OPERATION_TYPES: tuple[type[Op], ...] = (
    CreateTable,
    DropTable,
    AddTableColumn,
    DropTableColumn,
    ModifyTableColumn,
    RenameTableColumn,
    ModifyTableSettings,
    ModifyTableComment,
    AddTableConstraint,
    DropTableConstraint,
    ModifyTableTtl,
    AddTableIndex,
    DropTableIndex,
    AddTableProjection,
    DropTableProjection,
    ModifySampleBy,
    RemoveSampleBy,
    CreateMaterializedView,
    DropMaterializedView,
    CreateView,
    DropView,
    RawSql,
    ExchangeTables,
)
_BY_NAME: dict[str, type[Op]] = {t.__name__: t for t in OPERATION_TYPES}
# MooseStack's older spellings, accepted on input.
_ALIASES = {"ChangeTableColumn": "ModifyTableColumn", "RawSQL": "RawSql"}


class OperationError(ValueError):
    pass


def parse_operation(doc: Any, index: int) -> Op:
    where = f"operations[{index}]"
    if not isinstance(doc, dict) or len(doc) != 1:
        raise OperationError(f"{where}: an operation is a mapping with one key, the operation name")
    ((raw_name, body),) = doc.items()
    name = _ALIASES.get(str(raw_name), str(raw_name))
    cls = _BY_NAME.get(name)
    if cls is None:
        raise OperationError(f"{where}: unknown operation {name!r}; known: {', '.join(sorted(_BY_NAME))}")
    try:
        return cls.model_validate(body or {})
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise OperationError(f"{where} ({name}): {details}") from None


def parse_operations(docs: list[Any]) -> list[Op]:
    return [parse_operation(d, i) for i, d in enumerate(docs)]


def risk(op: Op) -> Risk:
    """safe: cannot lose data or fail on existing data; risky: may fail, lose precision, expire rows, or miss
    rows written meanwhile; destructive: drops stored data. Declared by each operation class."""
    return op.risk()


def plan_risk(ops: list[Op]) -> Risk:
    worst: Risk = "safe"
    for op in ops:
        r = risk(op)
        if RISK_ORDER[r] > RISK_ORDER[worst]:
            worst = r
    return worst
