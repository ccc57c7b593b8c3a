"""Status shapes of the custom resources (also the CRDs' status schemas) and condition bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

Phase = Literal["Pending", "AwaitingApproval", "Drifted", "Applying", "Succeeded", "Failed", "Superseded"]


class StatusModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class Condition(StatusModel):
    type: str
    status: Literal["True", "False", "Unknown"]
    reason: str
    message: str = ""
    last_transition_time: str
    observed_generation: int | None = None


class TableDrift(StatusModel):
    object: str = Field(description="database.name of the table or view that differs")
    changes: list[str] = Field(default_factory=list, description="what differs, in `moose dev` lines")


class Drift(StatusModel):
    summary: str = ""
    tables: list[TableDrift] = Field(default_factory=list)


class ObjectStatus(StatusModel):
    """Status of OlapTable, MaterializedView and View."""

    observed_generation: int | None = None
    conditions: list[Condition] = Field(default_factory=list)
    mode: Literal["dev", "prod"] | None = None
    table: str | None = Field(default=None, description="the ClickHouse name of the object")
    database: str | None = None
    pending_operations: list[str] = Field(default_factory=list, description="prod: what a plan would do")
    last_applied_operations: list[str] = Field(default_factory=list, description="dev: what the last change applied")
    drift: Drift | None = None


class PlanStatus(StatusModel):
    observed_generation: int | None = None
    phase: Phase | None = None
    conditions: list[Condition] = Field(default_factory=list)
    applied_operations: int = 0
    total_operations: int = 0
    progress: str | None = Field(default=None, description="'applied/total', for the APPLIED column")
    started_at: str | None = None
    finished_at: str | None = None
    content_hash: str | None = Field(default=None, description="hash of the operations and states approved")
    risk: Literal["safe", "risky", "destructive"] | None = Field(
        default=None, description="the riskiest operation's risk, for the RISK column (the data may make it worse)"
    )
    message: str | None = None
    drift: Drift | None = None
    drifted: str | None = Field(default=None, description="'yes' or 'no', for the DRIFT column")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_condition(
    conditions: list[dict[str, Any]],
    type_: str,
    status: bool | None,
    reason: str,
    message: str = "",
    generation: int | None = None,
) -> list[dict[str, Any]]:
    """A new conditions list with `type_` set; lastTransitionTime changes only when the status changes."""
    value = "Unknown" if status is None else "True" if status else "False"
    out = [dict(c) for c in conditions if c.get("type") != type_]
    previous = next((c for c in conditions if c.get("type") == type_), None)
    since = previous["lastTransitionTime"] if previous and previous.get("status") == value else now()
    cond = Condition(
        type=type_,
        status=value,
        reason=reason,
        message=message[:4000],
        last_transition_time=since,
        observed_generation=generation,
    )
    out.append(cond.model_dump(by_alias=True, exclude_none=True))
    return sorted(out, key=lambda c: str(c["type"]))
