"""Backup and restore tasks: small state machines (initial → executing → success | fail).

A task also carries what a progress display needs beyond the wire's percentage (its phase,
bytes done and total), and a cancel event its job checks between steps: a cancelled task
ends as failed, saying so (the wire has no cancelled state).

The registry holds the tasks of this process. Their state is also written to backup storage
as it changes — a backup's into its own directory (``backup_task.json``), a restore's under
``ROOT/.restore_tasks/`` — so another process, or this one after a restart, can tell a task
still running from one that was interrupted.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..errors import (
    ConflictError,
    LayoutError,
    NotFoundError,
    RequestError,
    StorageError,
    TaskCancelled,
)
from ..layout import codec
from ..storage.base import ObjectNotFound, ObjectStorage, join_key
from .lease import LeasedRecord, LeaseState, Owner, join_record, raw_lease, split_record

log = logging.getLogger(__name__)

_TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
RESTORE_INTERRUPTED = "interrupted: the process running this restore stopped before it finished"


def now_ms() -> int:
    """Unix time in milliseconds (upstream's BackupInfo times)."""
    return int(time.time() * 1000)


def new_id() -> str:
    """A fresh task ID."""
    return str(uuid.uuid4())


@dataclass
class _Cancellable:
    """What backup and restore tasks share: progress detail and a cooperative cancel."""

    #: What the job is doing now, in words ("copying binlogs"); not on the wire.
    phase: str = field(default="", kw_only=True)
    bytes_done: int = field(default=0, kw_only=True)
    bytes_total: int = field(default=0, kw_only=True)
    cancel_event: threading.Event = field(
        default_factory=threading.Event, kw_only=True, repr=False, compare=False
    )

    @property
    def cancelled(self) -> bool:
        """Whether the task was asked to stop."""
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        """Stop here if the task was asked to.

        Raises:
            TaskCancelled: ``cancel_event`` is set.
        """
        if self.cancel_event.is_set():
            raise TaskCancelled("cancelled on request")


@dataclass
class BackupTask(_Cancellable):
    """A backup being written by this process."""

    id: str
    name: str
    state: int = model.BACKUP_INITIAL
    progress: int = 0
    error: str = ""
    start_time: int = field(default_factory=now_ms)
    end_time: int = 0
    info: model.BackupInfo | None = None  # the finished backup, once written

    @property
    def running(self) -> bool:
        """Whether the task has not reached a final state."""
        return self.state in (model.BACKUP_INITIAL, model.BACKUP_EXECUTING)

    def summary(self) -> model.BackupInfo:
        """The task as a BackupInfo without detail (for records and progress)."""
        return model.BackupInfo(
            id=self.id,
            name=self.name,
            state_code=self.state,  # type: ignore[arg-type]
            progress=self.progress,
            errorMessage=self.error,
            start_time=self.start_time,
            end_time=self.end_time,
        )


@dataclass
class RestoreCollectionTask:
    """One collection of a restore."""

    id: str
    source_db: str
    source_name: str
    target_db: str
    target_name: str
    size: int
    state: int = model.RESTORE_INITIAL
    progress: int = 0
    error: str = ""
    start_time: int = 0
    end_time: int = 0

    def response(self) -> model.RestoreCollectionTaskResponse:
        """The wire view of this collection's restore."""
        return model.RestoreCollectionTaskResponse(
            id=self.id,
            state_code=self.state,  # type: ignore[arg-type]
            errorMessage=self.error,
            start_time=self.start_time,
            end_time=self.end_time,
            progress=self.progress,
            target_db_name=self.target_db,
            target_collection_name=self.target_name,
        )


@dataclass
class RestoreTask(_Cancellable):
    """A restore run by this process."""

    id: str
    backup_name: str
    collections: list[RestoreCollectionTask]
    state: int = model.RESTORE_INITIAL
    error: str = ""
    start_time: int = field(default_factory=lambda: int(time.time()))
    end_time: int = 0

    @property
    def progress(self) -> int:
        """Size-weighted progress of the collections, 100 only once done."""
        if self.state == model.RESTORE_SUCCESS:
            return 100
        total = sum(max(c.size, 1) for c in self.collections)
        if not total:
            return 1
        done = sum(max(c.size, 1) * c.progress for c in self.collections) // total
        return max(1, min(99, done))

    def response(self) -> model.RestoreBackupTaskResponse:
        """The wire view of this restore."""
        return model.RestoreBackupTaskResponse(
            id=self.id,
            state_code=self.state,  # type: ignore[arg-type]
            errorMessage=self.error,
            start_time=self.start_time,
            end_time=self.end_time,
            progress=self.progress,
            collection_restore_tasks=[c.response() for c in self.collections],
        )


class TaskRegistry:
    """The tasks of this process, looked up by ID or backup name. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._backups: dict[str, BackupTask] = {}
        self._backup_names: dict[str, str] = {}
        self._restores: dict[str, RestoreTask] = {}

    def start_backup(self, name: str) -> BackupTask:
        """Claim ``name`` for a new backup task.

        Raises:
            ConflictError: a backup of that name is being written now.
        """
        with self._lock:
            current = self._backups.get(self._backup_names.get(name, ""))
            if current is not None and current.running:
                raise ConflictError(f"backup {name!r} is already being created (task {current.id})")
            task = BackupTask(id=new_id(), name=name)
            self._backups[task.id] = task
            self._backup_names[name] = task.id
            return task

    def backup_by_id(self, task_id: str) -> BackupTask:
        """The backup task with this ID.

        Raises:
            NotFoundError: this process has no such task.
        """
        with self._lock:
            task = self._backups.get(task_id)
        if task is None:
            raise NotFoundError(f"no backup task with id {task_id!r}")
        return task

    def backup_by_name(self, name: str) -> BackupTask | None:
        """The latest backup task of this name, if this process ran one."""
        with self._lock:
            return self._backups.get(self._backup_names.get(name, ""))

    def running_backup_ids(self) -> set[str]:
        """IDs of backup tasks still running in this process."""
        with self._lock:
            return {t.id for t in self._backups.values() if t.running}

    def forget_backup(self, name: str) -> None:
        """Drop the record of a finished backup (after it was deleted)."""
        with self._lock:
            task_id = self._backup_names.pop(name, None)
            if task_id is not None:
                self._backups.pop(task_id, None)

    def add_restore(self, task: RestoreTask) -> None:
        """Register a new restore task.

        Raises:
            ConflictError: a restore with that ID exists.
        """
        with self._lock:
            if task.id in self._restores:
                raise ConflictError(f"a restore task with id {task.id!r} already exists")
            self._restores[task.id] = task

    def restore(self, task_id: str) -> RestoreTask:
        """The restore task with this ID.

        Raises:
            NotFoundError: this process has no such task.
        """
        with self._lock:
            task = self._restores.get(task_id)
        if task is None:
            raise NotFoundError(f"no restore task with id {task_id!r}")
        return task

    def restoring_backups(self) -> set[str]:
        """Names of backups that a running restore reads."""
        with self._lock:
            return {
                t.backup_name
                for t in self._restores.values()
                if t.state in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING)
            }


def check_task_id(task_id: str) -> None:
    """Refuse task IDs that could not be a file name.

    Raises:
        RequestError: the ID has other characters than letters, digits, "_" and "-".
    """
    if not _TASK_ID.fullmatch(task_id):
        raise RequestError(
            f"task id {task_id!r} may contain only letters, digits, '_' and '-' (at most 128)"
        )


_RESTORE_RUNNING = (model.RESTORE_INITIAL, model.RESTORE_EXECUTING)


@dataclass(frozen=True)
class RecordedTask:
    """A backup or restore task as its record in storage shows it, to any process."""

    kind: str  # "backup" or "restore"
    id: str
    backup_name: str
    #: "running" (its owner renews the lease), "interrupted" (the lease expired before the
    #: task finished), "success" or "failed".
    status: str
    state_code: int
    progress: int
    error: str
    owner: Owner | None  # None in records written before leases existed
    heartbeat_ms: int
    lease_seconds: float
    cancel_requested: str  # the reason, once another process asked the task to stop
    phase: str
    bytes_done: int
    bytes_total: int

    @staticmethod
    def of(
        kind: str, backup_name: str, tree: dict[str, Any], lease: LeaseState | None
    ) -> RecordedTask:
        """The task of one record (its object without the lease, and the lease)."""
        state = int(tree.get("state_code", 0) or 0)
        detail = tree.get("detail") if isinstance(tree.get("detail"), dict) else {}
        assert isinstance(detail, dict)
        if state == model.BACKUP_SUCCESS:  # the restore codes are the same numbers
            status = "success"
        elif state == model.BACKUP_FAIL:
            status = "failed"
        elif lease is not None and lease.alive():
            status = "running"
        else:
            status = "interrupted"
        return RecordedTask(
            kind=kind,
            id=str(tree.get("id", "")),
            backup_name=backup_name,
            status=status,
            state_code=state,
            progress=int(tree.get("progress", 0) or 0),
            error=str(tree.get("errorMessage", "") or ""),
            owner=lease.owner if lease is not None else None,
            heartbeat_ms=lease.heartbeat_ms if lease is not None else 0,
            lease_seconds=lease.seconds if lease is not None else 0.0,
            cancel_requested=lease.cancel_reason if lease is not None else "",
            phase=str(detail.get("phase", "")),
            bytes_done=int(detail.get("bytes_done", 0) or 0),
            bytes_total=int(detail.get("bytes_total", 0) or 0),
        )


@dataclass(frozen=True)
class RecordedRestore:
    """A restore as its record in storage shows it, to any process."""

    record: model.RestoreBackupTaskResponse
    backup_name: str
    lease: LeaseState | None

    @property
    def live(self) -> bool:
        """Unfinished, and its owner renews its lease."""
        return (
            self.record.state_code in _RESTORE_RUNNING
            and self.lease is not None
            and self.lease.alive()
        )

    @property
    def targets(self) -> set[tuple[str, str]]:
        """The (database, collection) pairs it writes into."""
        return {
            (c.target_db_name or model.DEFAULT_DB, c.target_collection_name)
            for c in self.record.collection_restore_tasks
        }


def restore_record_body(task: RestoreTask) -> dict[str, object]:
    """A restore's record without its lease: the wire response, the backup it reads, detail."""
    body: dict[str, object] = dict(codec.to_go_dict(task.response()))
    body["backup_name"] = task.backup_name
    body["detail"] = {
        "phase": task.phase,
        "bytes_done": task.bytes_done,
        "bytes_total": task.bytes_total,
    }
    return body


class RestoreRecords:
    """Restore task records kept in backup storage, so they outlive the process."""

    def __init__(self, storage: ObjectStorage, root: str, lease_seconds: float = 30.0) -> None:
        self.storage = storage
        self.prefix = join_key(root, ".restore_tasks") + "/"
        self.lease_seconds = lease_seconds

    def key(self, task_id: str) -> str:
        """Where the record of a restore task is kept."""
        return self.prefix + task_id + ".json"

    def claim(self, task: RestoreTask) -> LeasedRecord:
        """Write the first record of a new restore and keep its lease until ``release``.

        A record of a finished or interrupted restore with the same ID is taken over.

        Raises:
            ConflictError: a live restore of another process has this ID.
            StorageError: the record could not be written.
        """

        def judge(tree: dict[str, object], lease: LeaseState | None) -> str:
            if (
                tree.get("state_code", 0) in _RESTORE_RUNNING
                and lease is not None
                and (lease.alive())
            ):
                return (
                    f"restore task {task.id!r} is already running in {lease.owner.label}; "
                    "choose another task id"
                )
            return ""

        lease = LeasedRecord(
            self.storage,
            self.key(task.id),
            self.lease_seconds,
            body=lambda: restore_record_body(task),
            on_cancel=lambda reason: task.cancel_event.set(),
            what=f"restore {task.id}",
        )
        lease.claim(judge)
        return lease

    def read(self, task_id: str) -> RecordedRestore:
        """A restore's record as stored.

        Raises:
            ObjectNotFound: no record. LayoutError: an unreadable record.
        """
        tree, lease = split_record(self.storage.read_bytes(self.key(task_id)))
        record = model.RestoreBackupTaskResponse()
        codec.from_go_dict(tree, record)
        return RecordedRestore(record, str(tree.get("backup_name", "")), lease)

    def all(self) -> list[RecordedRestore]:
        """Every readable restore record under the root."""
        found = []
        for obj in self.storage.list_objects(self.prefix):
            task_id = obj.key[len(self.prefix) :].removesuffix(".json")
            try:
                found.append(self.read(task_id))
            except (ObjectNotFound, LayoutError) as exc:
                log.debug("skipping restore record %s: %s", obj.key, exc)
        return found

    def live(self) -> list[RecordedRestore]:
        """The restores that run now, in any process."""
        return [r for r in self.all() if r.live]

    def load(self, task_id: str) -> model.RestoreBackupTaskResponse:
        """A recorded restore; one left running by a stopped process reads as failed.

        Raises:
            NotFoundError: no record of that task.
        """
        check_task_id(task_id)
        try:
            recorded = self.read(task_id)
        except ObjectNotFound:
            raise NotFoundError(f"no restore task with id {task_id!r}") from None
        record = recorded.record
        if recorded.live and (recorded.lease is None or not recorded.lease.mine):
            return record  # running in another process
        if record.state_code in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING):
            partial = []
            for coll in record.collection_restore_tasks:
                if coll.state_code in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING):
                    coll.state_code = model.RESTORE_FAIL
                    coll.errorMessage = RESTORE_INTERRUPTED
                    partial.append(f"{coll.target_db_name}.{coll.target_collection_name}")
            record.state_code = model.RESTORE_FAIL
            record.errorMessage = RESTORE_INTERRUPTED + (
                f"; {', '.join(partial)} may be partially restored: drop them, or restore "
                "again with dropExistCollection"
                if partial
                else ""
            )
        return record

    def settle_collection(self, task_id: str, collection_id: str, error: str = "") -> None:
        """Record the end of one collection's restore, finished by another process.

        The task becomes a success once every collection is; a missing or unwritable record
        is logged, not raised (the collections, not the record, are what was restored).
        """
        key = self.prefix + task_id + ".json"
        try:
            data = self.storage.read_bytes(key)
            tree, _ = split_record(data)
            record = model.RestoreBackupTaskResponse()
            codec.from_go_dict(tree, record)
            for coll in record.collection_restore_tasks:
                if coll.id == collection_id:
                    coll.state_code = model.RESTORE_FAIL if error else model.RESTORE_SUCCESS
                    coll.errorMessage = error
                    coll.progress = 100
                    coll.end_time = int(time.time())
            if all(c.state_code == model.RESTORE_SUCCESS for c in record.collection_restore_tasks):
                record.state_code = model.RESTORE_SUCCESS
                record.progress = 100
                record.end_time = int(time.time())
            # Keep what the response does not hold (the backup's name, the lease).
            self.storage.write_bytes(
                key, join_record({**tree, **codec.to_go_dict(record)}, raw_lease(data))
            )
        except (StorageError, LayoutError) as exc:
            log.warning("could not update the record of restore %s: %s", task_id, exc)
