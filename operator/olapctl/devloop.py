"""`olapctl dev`: watch the declaration files through the operating system's file events (watchfiles) and, on each
save, re-read only the files that changed and plan and apply only the objects whose declaration changed (added,
edited or removed), as `moose dev` does: destructive changes too."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles
from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.normalize import SpecError
from olapctl.engine.executor import ApplyFailed, ApplyRefused, VerificationFailed, apply_plan
from olapctl.engine.planning import make_plan
from olapctl.manifests import (
    MANIFEST_SUFFIXES,
    Declared,
    ManifestError,
    file_declarations,
    manifest_files,
    snapshot_of,
)
from olapctl.plan.describe import describe
from olapctl.schema.model import key

STEP_MS = 10  # after a file event, how long to wait for more (an editor's save is several events within a few ms)


class Workspace:
    """The declarations of some files and directories, kept per file and re-read one file at a time."""

    def __init__(self, roots: list[Path], database: str) -> None:
        self.roots, self.database = roots, database
        self.files: dict[Path, list[Declared]] = {}

    def reload(self, paths: Iterable[Path] | None = None) -> tuple[set[str], list[str]]:
        """Re-read `paths` (None: every file of the roots). Returns the 'database.name' of every object whose
        declaration was added, changed or removed, and the errors of files that do not read (such a file keeps its
        last declarations)."""
        if paths is None:
            try:
                paths = {*manifest_files(self.roots), *self.files}
            except ManifestError as exc:
                return set(), [str(exc)]
        changed: set[str] = set()
        errors = []
        for path in sorted(set(paths)):
            if not self.watched(path):
                continue
            try:
                new = file_declarations(path, self.database) if path.is_file() else []
            except (ManifestError, OSError) as exc:
                errors.append(str(exc))
                continue
            before = {key(s.database, s.name): s for _, s in self.files.get(path, [])}
            after = {key(s.database, s.name): s for _, s in new}
            changed |= {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
            if new:
                self.files[path] = new
            else:
                self.files.pop(path, None)
        return changed, errors

    def watched(self, path: Path) -> bool:
        """A file given by name, or a manifest file under a directory given."""
        if path in self.roots:
            return True
        return path.suffix in MANIFEST_SUFFIXES and any(r in path.parents for r in self.roots if not r.is_file())

    def directories(self) -> list[Path]:
        """What to watch: the directories given, and the directory of each file given (an editor may replace a
        file by another, which a watch on the file itself would not follow)."""
        return sorted({r if r.is_dir() else r.parent for r in self.roots})

    def declared(self) -> list[Declared]:
        return [spec for path in sorted(self.files) for spec in self.files[path]]


def sync(target: Target, workspace: Workspace, keys: set[str] | None, out: Callable[[str], None]) -> bool:
    """Plan and apply the objects `keys` (None: all the databases declared) to match the workspace; says what it did.
    Returns whether it succeeded."""
    try:
        declarations = snapshot_of(workspace.declared())
        if keys is not None:
            declarations = declarations.restricted(keys)
        plan = make_plan(target, declarations, "dev", keys)
        if plan.operations:
            out("Processing changes from file watcher\n" + describe(plan.operations))
            apply_plan(target, plan, allow_destructive=True, only=keys, planned_now=True)
            out("applied")
        else:
            out("in sync")
        return True
    except (ManifestError, SpecError, ApplyRefused, ApplyFailed, VerificationFailed, ClickHouseError) as exc:
        out(f"error: {exc}")
        return False


def run(target: Target, roots: list[Path], out: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Sync everything once, then each change as it is saved, until `stop` is set. Objects whose last sync failed
    are tried again with the next change."""
    workspace = Workspace([r.absolute() for r in roots], target.database)
    _, errors = workspace.reload()
    for error in errors:
        out(f"error: {error}")
    failed = set() if sync(target, workspace, None, out) else {key(s.database, s.name) for _, s in workspace.declared()}
    watching = workspace.directories()
    for events in watchfiles.watch(*watching, step=STEP_MS, stop_event=stop, watch_filter=None):
        changed, errors = workspace.reload(Path(p) for _, p in events)
        for error in errors:
            out(f"error: {error}")
        keys = changed | failed
        if keys:
            failed = set() if sync(target, workspace, keys, out) else keys
