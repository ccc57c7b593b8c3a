"""Group commit: callers that arrive while a batch of their group runs wait, and go together in the next batch.
One caller runs each batch (the first one to arrive, then the first of those who waited), so no thread is added;
every caller gets its own result. A thousand objects created at once are then reconciled in a few dozen plans,
not a thousand: the engine's fixed cost of a plan (introspection, verification) is paid per batch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


@dataclass
class _Slot(Generic[Job, Result]):
    job: Job
    wake: threading.Event = field(default_factory=threading.Event)
    batch: list[_Slot[Job, Result]] | None = None  # set when this caller is to run the next batch
    result: Result | None = None
    error: BaseException | None = None


class Batches(Generic[Job, Result]):
    def __init__(self, limit: int = 64) -> None:
        self.limit = limit  # jobs in one batch at most
        self._lock = threading.Lock()
        self._waiting: dict[str, list[_Slot[Job, Result]]] = {}  # a group is here while one of its batches runs

    def run(self, group: str, job: Job, work: Callable[[list[Job]], Sequence[Result]]) -> Result:
        """`work(jobs)` -> one result per job, in order; an exception it raises is every caller's of that batch."""
        me: _Slot[Job, Result] = _Slot(job)
        with self._lock:
            waiting = self._waiting.get(group)
            if waiting is None:
                self._waiting[group] = []
                me.batch = [me]
            else:
                waiting.append(me)
        if me.batch is None:
            me.wake.wait()
        if me.batch is not None:
            self._run_batch(group, me.batch, work)
        if me.error is not None:
            raise me.error
        return me.result  # type: ignore[return-value]  # set by the batch that ran this job

    def _run_batch(
        self, group: str, batch: list[_Slot[Job, Result]], work: Callable[[list[Job]], Sequence[Result]]
    ) -> None:
        try:
            results = work([slot.job for slot in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"a batch of {len(batch)} jobs gave {len(results)} results")
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except BaseException as exc:  # every caller of the batch sees it
            for slot in batch:
                slot.error = exc
        with self._lock:
            waiting = self._waiting[group]
            if waiting:
                head, rest = waiting[: self.limit], waiting[self.limit :]
                self._waiting[group] = rest
                head[0].batch = head
                head[0].wake.set()
            else:
                del self._waiting[group]
        for slot in batch[1:]:
            slot.wake.set()
