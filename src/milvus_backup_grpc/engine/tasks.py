"""Backup and restore tasks: small state machines (initial → executing → success | fail).

A task also carries what a progress display needs beyond the wire's percentage (its phase,
bytes done and total), and a cancel event its job checks between steps: a cancelled task
ends as failed, saying so (the wire has no cancelled state).

The registry holds the tasks of this process. Their state is also written to backup storage
as it changes — a backup's into its own directory (``backup_task.json``), a restore's under
``ROOT/.restore_tasks/`` — so another process, or this one after a restart, can tell a task
still running from one that was interrupted.

``TaskView`` is what the control doors show of a task, whether it runs here or is only
recorded in storage; ``task_view`` is the one place that builds it from a record.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
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
from ..layout import codec, paths
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
    import uuid  # here, not with the module: listing backups never makes one (start-up time)

    return str(uuid.uuid4())


@dataclass
class _Cancellable:
    """What backup and restore tasks share: progress detail and a cooperative cancel."""

    #: What the job is doing now, in words ("copying binlogs"); not on the wire.
    phase: str = field(default="", kw_only=True)
    bytes_done: int = field(default=0, kw_only=True)
    bytes_total: int = field(default=0, kw_only=True)
    #: Objects copied and to copy; 0 where the job does not count them.
    objects_done: int = field(default=0, kw_only=True)
    objects_total: int = field(default=0, kw_only=True)
    cancel_event: threading.Event = field(
        default_factory=threading.Event, kw_only=True, repr=False, compare=False
    )
    #: Why this process cancelled the task ("server shutting down"); "" for a user's cancel.
    cancel_reason: str = field(default="", kw_only=True)
    #: Set with the cancel event when the task is to stop resumable (a stopping server)
    #: rather than cancelled: its job keeps what it wrote and leaves its record unfinished.
    suspending: bool = field(default=False, kw_only=True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "phase":
            # Every change of phase is timed, for the log line that says where a task's
            # time went (an operator's first question about a slow backup).
            self.__dict__.setdefault("_phase_marks", []).append((value, time.monotonic()))
        super().__setattr__(name, value)

    def phase_began_before(self, label: str, at: float) -> None:
        """Count the time from ``at`` (``time.monotonic()``) to the task's creation as ``label``:
        the checks a request passes before its task exists."""
        self.__dict__.setdefault("_phase_marks", []).insert(0, (label, at))

    def phase_seconds(self) -> list[tuple[str, float]]:
        """Seconds spent so far in each kind of phase, in the order first entered.

        A phase's kind is its first word: "reading db.a" and "reading db.b" add up as
        "reading". The time before the first phase was set counts as "preparing".
        """
        marks = [*self.__dict__.get("_phase_marks", []), ("", time.monotonic())]
        spent: dict[str, float] = {}
        for (label, start), (_, end) in itertools.pairwise(marks):
            kind = label.split(" ", 1)[0].rstrip(":") or "preparing"
            spent[kind] = spent.get(kind, 0.0) + end - start
        return list(spent.items())

    def phase_summary(self) -> str:
        """``phase_seconds`` in words: "preparing 0.01 s, copying 0.20 s, ..."."""
        return ", ".join(f"{kind} {seconds:.3f} s" for kind, seconds in self.phase_seconds())

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
            raise TaskCancelled(self.cancel_reason or "cancelled on request")


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
    #: BackupInfo.format of what the task writes ("" physical, "logical", "snapshot")
    format: str = ""

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
            format=self.format,
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
    # The ledger a resumed restore continues from (kept in the record, see ``ledger_json``).
    #: The target existed before the restore (it is replaced or imported into, never created).
    existed: bool = False
    #: This restore creates the target (set before the create call, so a crash right after
    #: it still leaves the collection known as this restore's).
    created: bool = False
    #: Milvus import task IDs by import job (its binlog directories under the backup); an
    #: empty list: the import was being submitted, and whether Milvus took it is unknown.
    imports: dict[str, list[int]] = field(default_factory=dict)

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
    #: The request, kept in the record so that another process can resume the restore.
    request: model.RestoreInput | None = None

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

    def adopt_backup(self, task: BackupTask) -> None:
        """Register a backup task taken over to be resumed (replacing an older one of its ID).

        Raises:
            ConflictError: a backup of that name runs in this process now.
        """
        with self._lock:
            current = self._backups.get(self._backup_names.get(task.name, ""))
            if (
                current is not None
                and current.running
                and current is not task
                and not current.suspending
            ):
                raise ConflictError(
                    f"backup {task.name!r} is being created here (task {current.id})"
                )
            self._backups[task.id] = task
            self._backup_names[task.name] = task.id

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

    def adopt_restore(self, task: RestoreTask) -> None:
        """Register a restore task taken over to be resumed (replacing one left suspended).

        Raises:
            ConflictError: a restore with that ID runs in this process now.
        """
        with self._lock:
            current = self._restores.get(task.id)
            running = current is not None and current.state in _RESTORE_RUNNING
            if running and current is not task and current is not None and not current.suspending:
                raise ConflictError(f"restore task {task.id!r} runs in this process now")
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

    def backups(self) -> list[BackupTask]:
        """Every backup task this process knows (running or ended)."""
        with self._lock:
            return list(self._backups.values())

    def restores(self) -> list[RestoreTask]:
        """Every restore task this process knows (running or ended)."""
        with self._lock:
            return list(self._restores.values())

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


def check_task_target(backup_name: str, task_id: str) -> None:
    """Refuse a request that does not name exactly one task, by backup name or by task ID.

    Raises:
        RequestError: both or neither given, or the one given is malformed.
    """
    if bool(backup_name) == bool(task_id):
        raise RequestError("give exactly one of backup_name and task_id")
    if backup_name:
        problem = paths.name_problem(backup_name)
        if problem:
            raise RequestError(f"invalid backup name: {problem}")
    else:
        check_task_id(task_id)


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
    start_time_ms: int = 0
    end_time_ms: int = 0

    @staticmethod
    def of(
        kind: str, backup_name: str, tree: dict[str, Any], lease: LeaseState | None
    ) -> RecordedTask:
        """The task of one record (its object without the lease, and the lease)."""
        state = int(tree.get("state_code", 0) or 0)
        detail = tree.get("detail") if isinstance(tree.get("detail"), dict) else {}
        assert isinstance(detail, dict)
        scale = 1 if kind == "backup" else 1000
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
            # Backup records keep upstream's milliseconds, restore records its seconds.
            start_time_ms=int(tree.get("start_time", 0) or 0) * scale,
            end_time_ms=int(tree.get("end_time", 0) or 0) * scale,
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
    if task.request is not None:
        body["ledger"] = ledger_json(task)
    return body


def ledger_json(task: RestoreTask) -> dict[str, Any]:
    """What a resumed restore needs beyond the wire response: its request, and per
    collection its source, whether the target existed or was created, and its imports."""
    assert task.request is not None
    request = dataclasses.asdict(task.request)
    # JSON keys are strings: the (db, collection) keyed maps are stored as rows.
    request["partitions"] = [
        [db, coll, list(names)] for (db, coll), names in task.request.partitions.items()
    ]
    request["overrides"] = [
        [db, coll, dataclasses.asdict(override)]
        for (db, coll), override in task.request.overrides.items()
    ]
    return {
        "request": request,
        "collections": {
            c.id: {
                "source_db": c.source_db,
                "source_name": c.source_name,
                "existed": c.existed,
                "created": c.created,
                "imports": {key: list(ids) for key, ids in dict(c.imports).items()},
            }
            for c in task.collections
        },
    }


def restore_input_from_json(tree: dict[str, Any]) -> model.RestoreInput:
    """The request a ledger recorded (``ledger_json``).

    Raises:
        LayoutError: not a request this version wrote.
    """
    try:
        fields = dict(tree)
        fields["location"] = model.BackupLocation(**fields.get("location", {}))
        fields["partitions"] = {
            (db, coll): list(names) for db, coll, names in fields.get("partitions", [])
        }
        fields["overrides"] = {
            (db, coll): model.CollectionOverride(**override)
            for db, coll, override in fields.get("overrides", [])
        }
        return model.RestoreInput(**fields)
    except (TypeError, ValueError) as exc:
        raise LayoutError(f"the restore record holds an unreadable request: {exc}") from exc


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
                f"; {', '.join(partial)} may be partially restored: resume the task "
                "(ResumeTask, or 'resume --id' in the CLI), or drop them, or restore again "
                "with dropExistCollection"
                if partial
                else ""
            )
        return record

    def records(self) -> Iterator[model.RestoreBackupTaskResponse]:
        """Every restore record under the root, as written (not judged interrupted).

        A record that cannot be read or decoded is logged and skipped.
        """
        for obj in self.storage.list_objects(self.prefix):
            if not obj.key.endswith(".json"):
                continue
            try:
                yield codec.loads(self.storage.read_bytes(obj.key), model.RestoreBackupTaskResponse)
            except (ObjectNotFound, LayoutError, StorageError) as exc:
                log.warning("skipping the restore record %r: %s", obj.key, exc)

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


# -- the control view of a task ---------------------------------------------------------------


class TaskKind(enum.Enum):
    """What a task does."""

    BACKUP = "backup"
    RESTORE = "restore"


class TaskState(enum.Enum):
    """Where a task stands, as the control doors show it."""

    RUNNING = "running"
    INTERRUPTED = "interrupted"  # recorded as running, but no process runs it any more
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """Whether the task has ended (an interrupted one has not: its work is unfinished)."""
        return self in (TaskState.SUCCESS, TaskState.FAILED, TaskState.CANCELLED)


@dataclass(frozen=True)
class TaskOwner:
    """The process that runs a task; empty where its record does not name one."""

    host: str = ""
    pid: int = 0
    process_id: str = ""


@dataclass(frozen=True)
class TaskView:
    """One task of the backup root, as ``list_tasks`` and ``cancel`` report it."""

    kind: TaskKind
    task_id: str
    backup_name: str
    state: TaskState
    phase: str = ""
    owner: TaskOwner = field(default_factory=TaskOwner)
    start_time_ms: int = 0
    end_time_ms: int = 0  # 0 while running
    bytes_done: int = 0  # bytes and objects are 0 where not known
    bytes_total: int = 0
    objects_done: int = 0
    objects_total: int = 0
    rate_bytes_per_second: float = 0.0  # average since the start; 0 when not known
    eta_seconds: int = -1  # at that rate; 0 once finished, -1 when not known
    error: str = ""
    cancel_requested: bool = False
    progress: int = 0  # the wire's percentage


# Records have no cancelled state (the wire has none): a cancelled task is recorded as failed,
# with an error that starts so (BackupJob._discard, restore's _cancel_summary).
_CANCELLED_PREFIX = "cancelled"

_RUNNING_CODES = {
    TaskKind.BACKUP: (model.BACKUP_INITIAL, model.BACKUP_EXECUTING),
    TaskKind.RESTORE: (model.RESTORE_INITIAL, model.RESTORE_EXECUTING),
}
_SUCCESS_CODE = {TaskKind.BACKUP: model.BACKUP_SUCCESS, TaskKind.RESTORE: model.RESTORE_SUCCESS}


def task_view(
    record: model.BackupInfo | model.RestoreBackupTaskResponse,
    *,
    backup_name: str,
    live: _Cancellable | None = None,
    now: int | None = None,
) -> TaskView:
    """The view of one task, from its record (a stored one, or a live task's summary).

    Args:
        record: a backup task's BackupInfo (times in ms) or a restore's RestoreBackupTask-
            Response (times in seconds).
        backup_name: the backup the task writes or reads (restore records do not hold it).
        live: the task object, when this process runs it: it alone knows the phase, bytes,
            objects and whether a cancel was asked for. A record that says "running" with no
            live task was left by a process that stopped: interrupted.
        now: Unix time in ms for the rate and ETA (default: the clock).
    """
    kind = TaskKind.BACKUP if isinstance(record, model.BackupInfo) else TaskKind.RESTORE
    scale = 1 if kind is TaskKind.BACKUP else 1000
    error = record.errorMessage
    cancelled = live.cancelled if live is not None else error.startswith(_CANCELLED_PREFIX)
    if record.state_code in _RUNNING_CODES[kind]:
        state = TaskState.RUNNING if live is not None else TaskState.INTERRUPTED
    elif record.state_code == _SUCCESS_CODE[kind]:
        state = TaskState.SUCCESS
    else:
        state = TaskState.CANCELLED if cancelled else TaskState.FAILED
    start = record.start_time * scale
    end = record.end_time * scale if state.finished else 0
    done = live.bytes_done if live is not None else 0
    total = live.bytes_total if live is not None else 0
    rate, eta = _rate_and_eta(state, start, end, done, total, now)
    return TaskView(
        kind=kind,
        task_id=record.id,
        backup_name=backup_name,
        state=state,
        phase=live.phase if live is not None else "",
        start_time_ms=start,
        end_time_ms=end,
        bytes_done=done,
        bytes_total=total,
        objects_done=live.objects_done if live is not None else 0,
        objects_total=live.objects_total if live is not None else 0,
        rate_bytes_per_second=rate,
        eta_seconds=eta,
        error=error,
        cancel_requested=cancelled and state is TaskState.RUNNING,
        progress=record.progress,
    )


def _rate_and_eta(
    state: TaskState, start_ms: int, end_ms: int, done: int, total: int, now: int | None
) -> tuple[float, int]:
    """The average rate since the start (bytes/s), and the seconds left at that rate."""
    elapsed = ((end_ms or (now if now is not None else now_ms())) - start_ms) / 1000
    rate = done / elapsed if done and elapsed > 0 else 0.0
    if state.finished:
        return rate, 0
    if rate > 0 and total >= done and state is TaskState.RUNNING:
        return rate, math.ceil((total - done) / rate)
    return rate, -1


_RECORDED_STATES = {
    "running": TaskState.RUNNING,
    "interrupted": TaskState.INTERRUPTED,
    "success": TaskState.SUCCESS,
    "failed": TaskState.FAILED,
}


def recorded_task_view(task: RecordedTask, now: int | None = None) -> TaskView:
    """The view of a task from its record alone: its lease tells running from interrupted."""
    state = _RECORDED_STATES[task.status]
    if state is TaskState.FAILED and task.error.startswith(_CANCELLED_PREFIX):
        state = TaskState.CANCELLED
    end = task.end_time_ms if state.finished else 0
    rate, eta = _rate_and_eta(
        state, task.start_time_ms, end, task.bytes_done, task.bytes_total, now
    )
    owner = task.owner
    return TaskView(
        kind=TaskKind(task.kind),
        task_id=task.id,
        backup_name=task.backup_name,
        state=state,
        phase=task.phase,
        owner=TaskOwner(owner.host, owner.pid, owner.process) if owner else TaskOwner(),
        start_time_ms=task.start_time_ms,
        end_time_ms=end,
        bytes_done=task.bytes_done,
        bytes_total=task.bytes_total,
        rate_bytes_per_second=rate,
        eta_seconds=eta,
        error=task.error,
        cancel_requested=bool(task.cancel_requested) and state is TaskState.RUNNING,
        progress=task.progress,
    )


class NotCancellable(ConflictError):
    """A cancel the engine refuses: the task has ended, or this process does not run it.

    Attributes:
        view: the task as it stands, when there is a record of it.
    """

    def __init__(self, message: str, view: TaskView | None = None) -> None:
        super().__init__(message)
        self.view = view


class NotResumable(ConflictError):
    """A resume the engine refuses: the task ended, runs (its lease is alive), or its record
    does not hold what a resume needs.

    Attributes:
        view: the task as it stands, when there is a record of it.
    """

    def __init__(self, message: str, view: TaskView | None = None) -> None:
        super().__init__(message)
        self.view = view
