"""The schema model: what users declare (OlapTable, MaterializedView, View specs) and what a database holds
(Snapshot). One model serves both; the CR form uses camelCase aliases, the plan form (MooseStack's) uses the
snake_case field names. Pure: no I/O here.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from enum import StrEnum
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from olapctl.schema.sqltext import SqlTextError, check_expression, check_select
from olapctl.schema.types import ChTypeError, parse_type

MAX_IDENTIFIER = 255
MAX_COLUMNS = 4096
MAX_EXPRESSION = 64 * 1024  # characters of one expression


class LifeCycle(StrEnum):
    FULLY_MANAGED = "FullyManaged"
    DELETION_PROTECTED = "DeletionProtected"
    EXTERNALLY_MANAGED = "ExternallyManaged"


class Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True, use_enum_values=False
    )


def _identifier(value: str, what: str) -> str:
    if not value:
        raise ValueError(f"{what} must not be empty")
    if len(value) > MAX_IDENTIFIER:
        raise ValueError(f"{what} is longer than {MAX_IDENTIFIER} characters")
    if any(ord(ch) < 32 for ch in value):
        raise ValueError(f"{what} {value!r} contains a control character")
    return value


def _refuse_duplicates(kind: str, names: list[str]) -> None:
    dupes = sorted(n for n, c in Counter(names).items() if c > 1)
    if dupes:
        raise ValueError(f"duplicate {kind} names: {', '.join(dupes)}")


def _expr(value: str | None, what: str, **kw: Any) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_EXPRESSION:
        raise ValueError(f"{what} is longer than {MAX_EXPRESSION} characters")
    try:
        return check_expression(value, what=what, **kw)
    except SqlTextError as exc:
        raise ValueError(str(exc)) from None


DEFAULT_KINDS = ("default", "materialized", "alias", "ephemeral")


class Column(Model):
    name: str
    data_type: str = Field(alias="type")
    default: str | None = None
    materialized: str | None = None
    alias: str | None = None
    ephemeral: str | None = None  # EPHEMERAL [expr]: not stored, read by other columns' defaults; '' for none
    codec: str | None = None
    comment: str | None = None
    ttl: str | None = None
    renamed_from: str | None = None

    @field_validator("name", "renamed_from")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        return None if v is None else _identifier(v, "column name")

    @field_validator("data_type")
    @classmethod
    def _type(cls, v: str) -> str:
        try:
            parse_type(v)
        except ChTypeError as exc:
            raise ValueError(str(exc)) from None
        return v

    @field_validator("default", "materialized", "alias", "ttl")
    @classmethod
    def _expressions(cls, v: str | None) -> str | None:
        return _expr(v, "expression")

    @field_validator("ephemeral")
    @classmethod
    def _ephemeral(cls, v: str | None) -> str | None:
        return v if v is None or not v.strip() else _expr(v, "expression")

    @field_validator("codec")
    @classmethod
    def _codec(cls, v: str | None) -> str | None:
        return _expr(v, "codec", allow_list=True, allow_words=frozenset({"DEFAULT"}))  # CODEC(Default) is a codec

    @model_validator(mode="after")
    def _one_default_kind(self) -> Self:
        kinds = [k for k in DEFAULT_KINDS if getattr(self, k) is not None]
        if len(kinds) > 1:
            raise ValueError(
                f"column {self.name!r}: only one of default, materialized, alias, ephemeral may be set, got {kinds}"
            )
        return self

    def default_kind(self) -> tuple[str, str] | None:
        for kind in DEFAULT_KINDS:
            value = getattr(self, kind)
            if value is not None:
                return kind.upper(), value
        return None

    def stored(self) -> bool:
        """Whether the column holds data (ALIAS and EPHEMERAL columns do not; MATERIALIZED ones do)."""
        return self.alias is None and self.ephemeral is None


class Engine(Model):
    """A table engine. Named parameters for the MergeTree family; `parameters` for anything else."""

    type: str = "MergeTree"
    ver: str | None = None
    is_deleted: str | None = None
    sign: str | None = None
    version: str | None = None
    columns: list[str] | None = None
    parameters: list[str] | None = None

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        if not v.isidentifier():
            raise ValueError(f"engine type {v!r} is not an engine name")
        return v

    @field_validator("parameters")
    @classmethod
    def _params(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [str(_expr(p, "engine parameter")) for p in v]

    @model_validator(mode="after")
    def _known_parameters(self) -> Self:
        allowed = ENGINE_PARAMETERS.get(self.type.removeprefix("Replicated"))
        named = [f for f in ("ver", "is_deleted", "sign", "version", "columns") if getattr(self, f) is not None]
        if allowed is not None:
            extra = [f for f in named if f not in allowed]
            if extra:
                raise ValueError(f"engine {self.type} does not take {', '.join(to_camel(f) for f in extra)}")
            missing = [f for f in allowed if f in ("sign",) and getattr(self, f) is None]
            if missing:
                raise ValueError(f"engine {self.type} requires {', '.join(missing)}")
            if self.is_deleted is not None and self.ver is None:
                raise ValueError("engine ReplacingMergeTree: isDeleted requires ver")
        elif named:
            raise ValueError(f"engine {self.type} takes no named parameters; use parameters: [...]")
        return self

    def is_merge_tree(self) -> bool:
        return self.type.endswith("MergeTree")


# Named parameters of MergeTree-family engines, in ClickHouse's positional order.
ENGINE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "MergeTree": (),
    "ReplacingMergeTree": ("ver", "is_deleted"),
    "SummingMergeTree": ("columns",),
    "CoalescingMergeTree": ("columns",),
    "AggregatingMergeTree": (),
    "CollapsingMergeTree": ("sign",),
    "VersionedCollapsingMergeTree": ("sign", "version"),
}


class Index(Model):
    name: str
    expression: str
    type: str
    granularity: int = Field(default=1, ge=1)

    _n = field_validator("name")(classmethod(lambda cls, v: _identifier(v, "index name")))

    @field_validator("expression", "type")
    @classmethod
    def _expr(cls, v: str) -> str:
        return str(_expr(v, "index"))


class Constraint(Model):
    """CONSTRAINT name CHECK expr (checked on INSERT) or ASSUME expr (a hint to the optimizer)."""

    name: str
    kind: Literal["check", "assume"] = "check"
    expression: str

    _n = field_validator("name")(classmethod(lambda cls, v: _identifier(v, "constraint name")))

    @field_validator("expression")
    @classmethod
    def _expr(cls, v: str) -> str:
        return str(_expr(v, "constraint"))


class Projection(Model):
    name: str
    query: str

    _n = field_validator("name")(classmethod(lambda cls, v: _identifier(v, "projection name")))

    @field_validator("query")
    @classmethod
    def _query(cls, v: str) -> str:
        try:
            return check_select(v, what="projection query")
        except SqlTextError as exc:
            raise ValueError(str(exc)) from None


class OlapTable(Model):
    """spec of an OlapTable."""

    name: str
    database: str | None = None
    columns: list[Column] = Field(min_length=1, max_length=MAX_COLUMNS)
    engine: Engine = Engine()
    order_by: list[str] | None = None
    order_by_expression: str | None = None
    partition_by: str | None = None
    primary_key: str | None = None
    sample_by: str | None = None
    ttl: str | None = None
    # numbers are welcome in manifests (index_granularity: 8192); the validator below stores every value as text
    settings: dict[str, str] = Field(
        default_factory=dict, json_schema_extra={"additionalProperties": {"x-kubernetes-int-or-string": True}}
    )
    indexes: list[Index] = Field(default_factory=list)
    projections: list[Projection] = Field(default_factory=list)
    life_cycle: LifeCycle = LifeCycle.FULLY_MANAGED
    cluster: str | None = None
    comment: str | None = None  # the table's COMMENT
    constraints: list[Constraint] = Field(default_factory=list)

    @field_validator("name", "database", "cluster")
    @classmethod
    def _names(cls, v: str | None) -> str | None:
        return None if v is None else _identifier(v, "name")

    @field_validator("order_by")
    @classmethod
    def _order_by(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [str(_expr(e, "orderBy")) for e in v]

    @field_validator("order_by_expression", "partition_by", "primary_key", "sample_by")
    @classmethod
    def _keys(cls, v: str | None) -> str | None:
        return _expr(v, "key expression", allow_list=True)

    @field_validator("ttl")
    @classmethod
    def _ttl(cls, v: str | None) -> str | None:
        return _expr(v, "ttl", allow_list=True, allow_words=frozenset({"WHERE", "GROUP", "SET"}))

    @field_validator("settings", mode="before")
    @classmethod
    def _settings(cls, v: Any) -> Any:
        if isinstance(v, dict):
            out = {}
            for key, value in v.items():
                if not isinstance(key, str) or not key.isidentifier():
                    raise ValueError(f"setting name {key!r} is not a ClickHouse setting name")
                if isinstance(value, bool):
                    value = int(value)
                if not isinstance(value, (str, int, float)):
                    raise ValueError(f"setting {key}: value must be a string or a number")
                out[key] = str(value)
            return out
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [c.name for c in self.columns]
        _refuse_duplicates("column", names)
        renamed = [c.renamed_from for c in self.columns if c.renamed_from]
        clash = sorted(set(renamed) & set(names))
        if clash:
            raise ValueError(f"renamedFrom names a column that is still declared: {', '.join(clash)}")
        if self.order_by is not None and self.order_by_expression is not None:
            raise ValueError("set orderBy or orderByExpression, not both")
        named = (("index", self.indexes), ("projection", self.projections), ("constraint", self.constraints))
        for kind, items in named:
            _refuse_duplicates(kind, [i.name for i in items])
        if not self.engine.is_merge_tree():
            keyed = [
                f
                for f in ("order_by", "order_by_expression", "partition_by", "primary_key", "sample_by", "ttl")
                if getattr(self, f) is not None
            ]
            if keyed or self.indexes or self.projections:
                raise ValueError(
                    f"engine {self.engine.type} does not support {', '.join(keyed) or 'indexes/projections'}"
                )
        else:
            if self.primary_key is not None and self.order_by is None and self.order_by_expression is None:
                raise ValueError("primaryKey needs orderBy: ClickHouse's primary key is a prefix of the sorting key")
            # ORDER BY on a missing column is the most common mistake: name it here, before ClickHouse does.
            for expr in self.order_by or []:
                if expr.isidentifier() and expr not in names:
                    raise ValueError(f"orderBy: column {expr!r} is not declared")
        return self

    def sorting_key(self) -> str | None:
        if self.order_by is not None:
            return ", ".join(self.order_by)
        return self.order_by_expression


class TargetRef(Model):
    table: str
    database: str | None = None


# SQL SECURITY of a view: whose rights its SELECT runs with (the DEFINER is the user that creates it)
SqlSecurity = Literal["INVOKER", "DEFINER", "NONE"]


class MaterializedView(Model):
    """Writes what its SELECT gives for each insert into its source: TO a table (`to`), or into a table of its own
    whose engine clause is `storage` (`SummingMergeTree ORDER BY d`; dropping such a view drops its rows)."""

    name: str
    database: str | None = None
    select: str
    to: TargetRef | None = None
    storage: str | None = None
    refresh: str | None = None  # refreshable: `EVERY 1 HOUR [OFFSET …] [RANDOMIZE FOR …] [DEPENDS ON …] [APPEND]`
    columns: list[Column] | None = None  # the view's column list, when it is not what the SELECT gives
    sql_security: SqlSecurity | None = None
    backfill: bool = False
    life_cycle: LifeCycle = LifeCycle.FULLY_MANAGED

    @field_validator("select")
    @classmethod
    def _select(cls, v: str) -> str:
        try:
            return check_select(v, what="select")
        except SqlTextError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("storage")
    @classmethod
    def _storage(cls, v: str | None) -> str | None:
        if v is None:
            return None
        words = frozenset({"ORDER", "PARTITION", "PRIMARY", "SAMPLE", "TTL", "SETTINGS", "SET", "GROUP", "WHERE"})
        return _expr(v, "storage", allow_list=True, allow_words=words)

    @field_validator("refresh")
    @classmethod
    def _refresh(cls, v: str | None) -> str | None:
        return _expr(v, "refresh", allow_list=True, allow_words=frozenset({"ON", "SETTINGS", "AFTER", "OFFSET"}))

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if self.sql_security == "INVOKER":
            raise ValueError("sqlSecurity: a materialized view runs as its DEFINER (or NONE), never INVOKER")
        if (self.to is None) == (self.storage is None):
            raise ValueError("set `to` (the table it writes to) or `storage` (the engine of its own table), not both")
        if self.columns is not None:
            _refuse_duplicates("column", [c.name for c in self.columns])
        return self

    def writes_to(self) -> tuple[str, str]:
        """(database, table) its rows go to: its `to` table, or itself."""
        if self.to is not None:
            return str(self.to.database or self.database), self.to.table
        return str(self.database), self.name


class View(Model):
    name: str
    database: str | None = None
    select: str
    sql_security: SqlSecurity | None = None
    life_cycle: LifeCycle = LifeCycle.FULLY_MANAGED

    _s = field_validator("select")(classmethod(lambda cls, v: MaterializedView._select(v)))


_M = TypeVar("_M", bound=BaseModel)
_FIELDS: dict[type[BaseModel], set[str]] = {}
_V = TypeVar("_V", MaterializedView, View)


def _built(model: type[_M], values: dict[str, Any]) -> _M:
    """An instance holding `values` (every field, already valid), made the way model_construct makes one but
    without its per-field loop: 20,000 columns take milliseconds instead of a quarter second.

    Every instance built here has every field set, so all of a model's share one set of set fields (a set of ten
    names is 728 bytes: 14 MiB for the 20,000 columns of the 1,000 tables an operator keeps as it last read them).
    Nothing changes it: the models are frozen, and model_copy copies the set before adding to it."""
    fields = _FIELDS.get(model)
    if fields is None:
        fields = _FIELDS[model] = set(model.model_fields)
    if len(values) != len(fields) or not fields.issuperset(values):
        return model.model_construct(**values)
    obj = model.__new__(model)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def blank(model: type[BaseModel]) -> dict[str, Any]:
    """Field name -> default of a model (required fields absent): the base of a document built by hand."""
    return {
        name: (info.default_factory() if info.default_factory is not None else info.default)  # type: ignore[call-arg]
        for name, info in model.model_fields.items()
        if not info.is_required()
    }


def table_document(table: dict[str, Any]) -> dict[str, Any]:
    """A table's JSON form without the fields added after plans were first written, when they are empty: plans,
    states and their hashes written before stay valid."""
    if not table.get("constraints"):
        table.pop("constraints", None)
    return table


def key(database: str | None, name: str) -> str:
    return f"{database}.{name}"


def databases_of(keys: set[str] | frozenset[str]) -> list[str]:
    """The databases of 'database.name' keys, sorted."""
    return sorted({k.split(".", 1)[0] for k in keys})


class Snapshot(Model):
    """Tables, materialized views and views of one or more databases, keyed 'database.name'.

    Used for live state (introspected) and for desired state (declared); every object has its database set.
    """

    tables: dict[str, OlapTable] = Field(default_factory=dict)
    materialized_views: dict[str, MaterializedView] = Field(default_factory=dict)
    views: dict[str, View] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _keys_match(self) -> Self:
        for group in (self.tables, self.materialized_views, self.views):
            for k, obj in group.items():
                if obj.database is None or k != key(obj.database, obj.name):
                    raise ValueError(f"snapshot key {k!r} does not match its object {obj.database}.{obj.name}")
        names = Counter([*self.tables, *self.materialized_views, *self.views])
        dup = sorted(n for n, c in names.items() if c > 1)
        if dup:
            raise ValueError(f"{', '.join(dup)} declared as more than one kind of object")
        return self

    @classmethod
    def trusted(cls, doc: dict[str, Any]) -> Snapshot:
        """Build from a complete snake_case document without validation: for data validated before and only
        rewritten by ClickHouse (canonical forms). tests/test_canonical.py checks it equals model_validate."""

        def table(t: dict[str, Any]) -> OlapTable:
            t = dict(t)
            t["columns"] = [_built(Column, c) for c in t["columns"]]
            t["engine"] = _built(Engine, t["engine"])
            t["indexes"] = [_built(Index, i) for i in t["indexes"]]
            t["projections"] = [_built(Projection, p) for p in t["projections"]]
            t["constraints"] = [_built(Constraint, c) for c in t["constraints"]]
            t["life_cycle"] = LifeCycle(t["life_cycle"])
            return _built(OlapTable, t)

        def view(v: dict[str, Any], model: type[_V]) -> _V:
            v = {**v, "life_cycle": LifeCycle(v["life_cycle"])}
            if v.get("to") is not None:
                v["to"] = _built(TargetRef, v["to"])
            if v.get("columns") is not None:
                v["columns"] = [_built(Column, c) for c in v["columns"]]
            return _built(model, v)

        return cls.model_construct(
            tables={k: table(t) for k, t in doc["tables"].items()},
            materialized_views={k: view(v, MaterializedView) for k, v in doc["materialized_views"].items()},
            views={k: view(v, View) for k, v in doc["views"].items()},
        )

    def restricted(self, keys: set[str]) -> Snapshot:
        """The objects named by `keys` ('database.name') only."""
        return Snapshot.model_construct(
            tables={k: v for k, v in self.tables.items() if k in keys},
            materialized_views={k: v for k, v in self.materialized_views.items() if k in keys},
            views={k: v for k, v in self.views.items() if k in keys},
        )

    def object_keys(self) -> set[str]:
        """Every object's 'database.name'."""
        return {*self.tables, *self.materialized_views, *self.views}

    def databases(self) -> list[str]:
        objs: list[OlapTable | MaterializedView | View] = [
            *self.tables.values(),
            *self.materialized_views.values(),
            *self.views.values(),
        ]
        return sorted({str(o.database) for o in objs})

    def document(self) -> dict[str, Any]:
        """The JSON form (snake_case, as in remote_state.json), sorted so equal snapshots serialize equally."""
        doc = self.model_dump(mode="json", exclude_none=True)
        for table in doc["tables"].values():
            table_document(table)
        return json.loads(json.dumps(doc, sort_keys=True))  # type: ignore[no-any-return]

    def hash(self) -> str:
        raw = json.dumps(self.document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()
