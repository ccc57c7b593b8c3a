"""Status of the custom resources: phases and reasons (one place), the typed status models (also the CRDs' status
schemas), and the transitions a reconcile makes, as methods. A transition changes the status and returns the Event
it calls for; the caller returns both as a Decision, which one writer (reconcile.publish) writes. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel


class Phase(StrEnum):
    """Where a MigrationPlan stands. Drifted is not final: the plan applies once the live database matches its
    expectedState again, unless a newer approved plan on the same target supersedes it."""

    PENDING = "Pending"
    AWAITING_APPROVAL = "AwaitingApproval"
    DRIFTED = "Drifted"
    APPLYING = "Applying"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    SUPERSEDED = "Superseded"


TERMINAL = frozenset({Phase.SUCCEEDED, Phase.FAILED, Phase.SUPERSEDED})


class Reason(StrEnum):
    """Condition and Event reasons, for every resource."""

    # OlapTable, MaterializedView, View
    APPLIED = "Applied"
    IN_SYNC = "InSync"
    AWAITING_PLAN = "AwaitingPlan"
    PENDING_PLAN = "PendingPlan"
    EXTERNALLY_MANAGED = "ExternallyManaged"
    INVALID_SPEC = "InvalidSpec"
    CONFLICT = "Conflict"
    UNHEALTHY = "Unhealthy"
    WAITING_FOR_DEPENDENCY = "WaitingForDependency"
    APPLY_FAILED = "ApplyFailed"
    KEPT = "Kept"
    DROPPED = "Dropped"
    # both
    NOT_ALLOWED = "NotAllowed"
    TARGET_UNAVAILABLE = "TargetUnavailable"
    # MigrationPlan
    INVALID_PLAN = "InvalidPlan"
    AWAITING_APPROVAL = "AwaitingApproval"
    APPROVED = "Approved"
    QUEUED = "Queued"
    INVALID_DECLARATIONS = "InvalidDeclarations"
    LIVE_STATE_CHANGED = "LiveStateChanged"
    DRIFTED = "Drifted"
    SUPERSEDED = "Superseded"
    STALE_PLAN = "StalePlan"
    DESTRUCTIVE_REFUSED = "DestructiveRefused"
    REFUSED = "Refused"
    OPERATION_FAILED = "OperationFailed"
    VERIFICATION_FAILED = "VerificationFailed"
    SUCCEEDED = "Succeeded"


@dataclass(frozen=True)
class Event:
    """A core/v1 Event a transition calls for."""

    type: Literal["Normal", "Warning"]
    reason: Reason
    message: str


S = TypeVar("S", bound="Conditioned")


@dataclass
class Decision(Generic[S]):
    """What one reconcile decided: the status to write, the Events to post, and whether to try again later."""

    status: S
    events: list[Event] = field(default_factory=list)
    retry: float | None = None  # seconds, when the reconcile must run again (a transient fault, a queue)
    retry_message: str = ""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    changes: list[str] = Field(default_factory=list, description="what differs: expected (the plan's) vs live")


class Drift(StatusModel):
    summary: str = ""
    tables: list[TableDrift] = Field(default_factory=list)


class Conditioned(StatusModel):
    """A status with conditions at a generation. `document()` holds the fields read plus those set since, so that
    a merge patch of it changes only what the reconcile decided."""

    observed_generation: int | None = None
    conditions: list[Condition] = Field(default_factory=list)

    @classmethod
    def of(cls, body: dict[str, Any]) -> Any:
        """The status the API server holds for `body` (a status that does not validate is started afresh)."""
        try:
            return cls.model_validate(body.get("status") or {})
        except ValidationError:
            return cls()

    def condition(self, type_: str, status: bool | None, reason: Reason, message: str = "") -> None:
        """Set a condition at the observed generation; lastTransitionTime changes only when its status does."""
        value: Literal["True", "False", "Unknown"] = "Unknown" if status is None else "True" if status else "False"
        previous = self.get(type_)
        since = previous.last_transition_time if previous and previous.status == value else now()
        new = Condition(type=type_, status=value, reason=reason, message=message[:4000], last_transition_time=since)
        if self.observed_generation is not None:
            new.observed_generation = self.observed_generation
        self.conditions = sorted([c for c in self.conditions if c.type != type_] + [new], key=lambda c: c.type)

    def get(self, type_: str) -> Condition | None:
        """The condition of that type, if set."""
        return next((c for c in self.conditions if c.type == type_), None)

    def document(self) -> dict[str, Any]:
        """The fields read or set, whole (a merge patch of a partial drift would keep stale parts of it); None
        deletes the field."""
        full = self.model_dump(mode="json", by_alias=True)
        full["conditions"] = [c.model_dump(mode="json", by_alias=True, exclude_none=True) for c in self.conditions]
        fields = type(self).model_fields
        kept = {fields[n].alias or n for n in self.model_fields_set if n in fields} | set(self.model_extra or {})
        return {k: v for k, v in full.items() if k in kept}


class ObjectStatus(Conditioned):
    """Status of OlapTable, MaterializedView and View: Ready (usable as declared) and Synced (ClickHouse matches)."""

    mode: Literal["dev", "prod"] | None = None
    table: str | None = Field(default=None, description="the ClickHouse name of the object")
    database: str | None = None
    pending_operations: list[str] = Field(default_factory=list, description="prod: what a plan would do")
    last_applied_operations: list[str] = Field(default_factory=list, description="dev: what the last change applied")
    drift: Drift | None = None

    def set_ready(self, reason: Reason, synced: bool | None, synced_reason: Reason, message: str = "") -> None:
        self.condition("Ready", True, reason, message)
        self.condition("Synced", synced, synced_reason, message)

    def set_not_ready(self, reason: Reason, message: str, synced: bool | None = None) -> Event:
        """Not usable as declared, for `reason`; Synced says the same reason (False when ClickHouse differs, Unknown
        when it is not known). Returns the Warning it calls for."""
        self.condition("Ready", False, reason, message)
        self.condition("Synced", synced, reason, message)
        return Event("Warning", reason, message)


class PlanStatus(Conditioned):
    phase: Phase | None = None
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

    def final_at(self, generation: int | None) -> bool:
        """Finished, for this generation of the spec: nothing more to do."""
        return self.phase in TERMINAL and self.observed_generation == generation

    def observe(self, total: int, content_hash: str, risk: Any) -> None:
        self.total_operations, self.content_hash, self.risk = total, content_hash, risk
        if "applied_operations" not in self.model_fields_set:
            self.applied_operations = 0
        self.progress = f"{self.applied_operations}/{total}"
        if self.drifted is None:
            self.drifted = "no"

    def _finish(self, phase: Phase, message: str) -> None:
        self.phase, self.message, self.finished_at = phase, message, now()

    def invalid(self, message: str) -> Event:
        self.condition("Ready", False, Reason.INVALID_PLAN, message)
        self.phase, self.message = Phase.FAILED, message
        return Event("Warning", Reason.INVALID_PLAN, message)

    def awaiting_approval(self) -> None:
        to_approve = "set spec.approved: true (or run olapctl approve) to apply"
        self.condition("Approved", False, Reason.AWAITING_APPROVAL, to_approve)
        self.condition("Ready", False, Reason.AWAITING_APPROVAL)
        self.phase = Phase.AWAITING_APPROVAL

    def approved(self) -> None:
        self.condition("Approved", True, Reason.APPROVED)

    def queued(self, why: str, message: str) -> None:
        """Waits for another plan on the same target; the phase stays what it was."""
        self.condition("Ready", False, Reason.QUEUED, why)
        self.phase, self.message = self.phase or Phase.PENDING, message

    def declarations_invalid(self, message: str) -> None:
        self.condition("Ready", False, Reason.INVALID_DECLARATIONS, message)
        self.phase, self.message = self.phase or Phase.PENDING, message

    def unavailable(self, error: str) -> None:
        self.condition("Ready", False, Reason.TARGET_UNAVAILABLE, error)
        self.phase, self.message = self.phase or Phase.PENDING, f"ClickHouse unavailable, retrying: {error}"

    def applying(self) -> None:
        if self.started_at is None:
            self.started_at = now()
        self.phase, self.message = Phase.APPLYING, ""

    def progressed(self, applied: int) -> None:
        self.applied_operations, self.progress = applied, f"{applied}/{self.total_operations}"

    def superseded(self, newer: str) -> Event:
        said = f"superseded by MigrationPlan {newer} on the same target: nothing applied"
        self.condition("Drifted", False, Reason.SUPERSEDED, said)
        self.condition("Ready", False, Reason.SUPERSEDED, said)
        self._finish(Phase.SUPERSEDED, said)
        return Event("Normal", Reason.SUPERSEDED, said)

    def drifted_from(self, drift: Drift, error: str) -> Event:
        said = "; ".join(f"{t.object}: {', '.join(t.changes)}" for t in drift.tables)
        what = f"{drift.summary} (expected vs live): {said}; nothing applied"
        self.condition("Drifted", True, Reason.LIVE_STATE_CHANGED, what)
        self.condition("Ready", False, Reason.DRIFTED)
        self.phase, self.drifted, self.drift = Phase.DRIFTED, "yes", drift
        self.message = (
            "drift: nothing applied; it applies once the live database matches its expectedState again, unless a "
            "newer plan on the same target supersedes it"
        )
        return Event("Warning", Reason.DRIFTED, error)

    def refused(self, reason: Reason, message: str) -> Event:
        self.condition("Ready", False, reason, message)
        self._finish(Phase.FAILED, message)
        return Event("Warning", reason, message)

    def operation_failed(self, index: int, message: str) -> Event:
        self.condition("Ready", False, Reason.OPERATION_FAILED, message)
        self.condition("Succeeded", False, Reason.OPERATION_FAILED, message)
        self.progressed(index)
        self._finish(Phase.FAILED, message)
        return Event("Warning", Reason.OPERATION_FAILED, message)

    def succeeded(self, resumed_at: int) -> Event:
        total = self.total_operations
        resumed = f" (resumed at operation {resumed_at + 1})" if resumed_at else ""
        self.condition("Drifted", False, Reason.IN_SYNC)
        self.condition("Succeeded", True, Reason.APPLIED)
        self.condition("Ready", True, Reason.SUCCEEDED)
        self.progressed(total)
        self.drifted, self.drift = "no", None
        self._finish(Phase.SUCCEEDED, f"applied and verified{resumed}")
        return Event("Normal", Reason.SUCCEEDED, f"{total} operation(s) applied and verified{resumed}")
