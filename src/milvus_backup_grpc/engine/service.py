"""The one API every transport calls: create, get, list, delete, restore, check.

It validates requests, claims names, runs jobs in the caller's thread or in the background,
and answers with backup-model messages. It knows nothing of gRPC, HTTP or terminals.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from .. import model
from ..config import Config
from ..errors import (
    BackupError,
    ConflictError,
    LayoutError,
    NotFoundError,
    RequestError,
    TaskError,
)
from ..layout import codec, meta, paths
from ..storage.base import ObjectNotFound, ObjectStorage, VersionedBytes
from ..storage.factory import open_storage
from .catalog import Catalog, DeletedBackup
from .lease import LeasedRecord, LeaseState, request_cancel, split_record, this_process

if TYPE_CHECKING:
    # The Milvus gateway, and the backup and restore jobs that use it, load Milvus's generated
    # stubs (milvuspb, most of the Milvus protocol) and, for the logical format and Milvus
    # Lite, pymilvus, whose package import brings pandas and pyarrow (most of a second and
    # over 100 MiB). Verbs that only read the backup store (list, get, delete, verify) never
    # need them, so they are imported where a Milvus call is made.
    from ..milvus.client import MilvusGateway

    # Start-up time again: the scheduler and the metrics bring prometheus_client (a few tenths
    # of a second), so a CLI verb that lists, gets or deletes backups loads neither; nor
    # policies, incremental backups, swaps or deep verification. Each is imported by the
    # methods that use it.
    from .policy import Policy, PolicyRun
    from .retention import Decision
    from .scheduler import PolicyRunner, PolicyScheduler, PolicyStatus
    from .swap import SwapLedger, SwapRecord, SwapResult

    # The task records and the control service's views: loaded with the first task this
    # process starts or looks up, not by ``list`` (start-up time; see the ``tasks`` property).
    from .tasks import (
        BackupTask,
        RecordedTask,
        RestoreRecords,
        RestoreTask,
        TaskKind,
        TaskRegistry,
        TaskView,
    )
    from .verify import VerifyReport

log = logging.getLogger(__name__)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _errors_counted(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """``metrics.errors_counted`` around each call, the metrics module loaded at the first."""

    @functools.wraps(method)
    def counted(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        from .. import metrics

        with metrics.errors_counted():
            return method(*args, **kwargs)

    return counted


def generated_backup_name() -> str:
    """A unique default name, as upstream makes them: backup_<UTC time>_<nanoseconds>."""
    return (
        "backup_"
        + time.strftime("%Y_%m_%d_%H_%M_%S", time.gmtime())
        + f"_{time.time_ns() % 1_000_000_000}"
    )


_BACKUP_RUNNING = (model.BACKUP_INITIAL, model.BACKUP_EXECUTING)


def _name_taken(name: str, tree: dict[str, object], held: LeaseState | None) -> str:
    """Why a backup name whose record exists cannot be claimed (it never can)."""
    record = model.BackupInfo()
    codec.from_go_dict(tree, record)
    if record.state_code in _BACKUP_RUNNING and held is not None and held.alive():
        return (
            f"backup {name!r} already exists: it is being created by {held.owner.label} "
            f"(task {record.id}); choose another name"
        )
    if record.state_code in _BACKUP_RUNNING:
        by = f" ({held.owner.label})" if held is not None else ""
        return (
            f"backup {name!r} already exists, left unfinished by a process that stopped{by}; "
            "delete it first, then create it again"
        )
    return (
        f"backup {name!r} already exists (the name is taken by a finished backup); choose "
        "another name or delete it first"
    )


def _taken_while_deleting(name: str, tree: dict[str, object], held: LeaseState | None) -> str:
    """Why a delete may not take over a backup's record ("" when it may).

    A backup being created by a live process may not be; a finished one, an interrupted one,
    or one another delete marked, may (two deletes remove the same objects).
    """
    state = tree.get("state_code", 0)
    creating = state in _BACKUP_RUNNING and not tree.get("deleting")
    if creating and held is not None and held.alive() and not held.mine:
        return (
            f"backup {name!r} is being created by {held.owner.label}; wait for it to finish, "
            "or cancel it, before deleting it"
        )
    return ""


def _being_deleted(storage: ObjectStorage, layout: paths.BackupLayout) -> bool:
    """Whether a live process has marked the backup for deletion."""
    try:
        tree, held = split_record(storage.read_bytes(layout.task_record))
    except (ObjectNotFound, LayoutError):
        return False
    return bool(tree.get("deleting")) and held is not None and held.alive()


def _refuse_drop_of_live_targets(records: RestoreRecords, task: RestoreTask) -> None:
    """Refuse a dropExistCollection restore into a collection another live restore writes.

    Raises:
        ConflictError: naming the other restore and its owner.
    """
    mine = {(c.target_db or model.DEFAULT_DB, c.target_name) for c in task.collections}
    for other in records.live():
        if other.record.id == task.id or other.lease is None:
            continue
        shared = sorted(mine & other.targets)
        if shared:
            names = ", ".join(f"{db}.{coll}" for db, coll in shared)
            raise ConflictError(
                f"restore task {other.record.id} of {other.lease.owner.label} is writing "
                f"into {names}; dropExistCollection will not drop a collection another "
                "restore writes. Wait for it to finish, or cancel it"
            )


def _check_name(name: str, what: str = "backup name") -> None:
    problem = paths.name_problem(name)
    if problem:
        raise RequestError(f"invalid {what}: {problem}")


_MAX_ROOT_LENGTH = 1024  # S3 keys are at most 1024 bytes; a root must leave room for names


def _check_root(root: str, local: bool) -> None:
    """Refuse a request's backup root that could lead outside where it points.

    Raises:
        RequestError: control characters, a ".." segment, too long, or (local storage)
            relative, which would resolve against the server's working directory.
    """
    problem = ""
    if any(ord(c) < 32 or ord(c) == 127 for c in root):
        problem = "it holds control characters"
    elif len(root) > _MAX_ROOT_LENGTH:
        problem = f"it is {len(root)} characters long; at most {_MAX_ROOT_LENGTH} are allowed"
    elif ".." in root.replace("\\", "/").split("/"):
        problem = "it has a '..' segment; give the root without '..'"
    elif local and not root.startswith("/"):
        problem = (
            "it is relative, and would resolve against the server's working directory; "
            "give an absolute directory"
        )
    if problem:
        shown = repr(root[:80]) + ("..." if len(root) > 80 else "")
        raise RequestError(f"invalid backup root path {shown}: {problem}")


def _age(ms: int, now: int) -> str:
    """How long ago a Unix time in milliseconds was, in words ("never" for 0)."""
    return f"{(now - ms) / 1000:.0f}s ago" if ms else "never"


def _connect(config: Config) -> MilvusGateway:
    from ..milvus.client import MilvusGateway  # see the TYPE_CHECKING import above

    return MilvusGateway(config.milvus)


class BackupService:
    """Backups and restores of one Milvus into one backup store."""

    def __init__(
        self,
        config: Config,
        milvus_factory: Callable[[], MilvusGateway] | None = None,
        storage_factory: Callable[..., ObjectStorage] = open_storage,
    ) -> None:
        self.config = config
        self._tasks: TaskRegistry | None = None
        self._tasks_made = threading.Lock()
        self._milvus_factory = milvus_factory or (lambda: _connect(config))
        self._milvus: MilvusGateway | None = None
        self._storage_factory = storage_factory
        self.milvus_storage = storage_factory(config.milvus_storage)
        self.backup_storage = storage_factory(config.backup_storage)
        self._claim = threading.Lock()
        self._workers: list[tuple[threading.Thread, BackupTask | RestoreTask]] = []
        self._swaps: SwapLedger | None = None
        self._policies: PolicyRunner | None = None
        self._scheduler: PolicyScheduler | None = None

    @property
    def milvus(self) -> MilvusGateway:
        """The shared Milvus connection (gRPC channels are thread-safe).

        The first use connects, and finishes the collection swaps a stopped process left.
        """
        if self._milvus is None:
            self._milvus = self._milvus_factory()
            self.recover_swaps()
        return self._milvus

    @property
    def tasks(self) -> TaskRegistry:
        """The backup and restore tasks of this process (one registry, made at first use)."""
        if self._tasks is None:
            with self._tasks_made:
                if self._tasks is None:
                    from .tasks import TaskRegistry  # see the TYPE_CHECKING import above

                    self._tasks = TaskRegistry()
        return self._tasks

    def _running_backup_ids(self) -> set[str]:
        """IDs of the backups running in this process; none before it made its registry."""
        return self._tasks.running_backup_ids() if self._tasks is not None else set()

    @property
    def swaps(self) -> SwapLedger:
        """The ledger of ``dropExistCollection`` swaps in the backup root."""
        if self._swaps is None:
            from .swap import SwapLedger  # see the TYPE_CHECKING import above

            self._swaps = SwapLedger(self.backup_storage, self.config.backup_storage.root_path)
        return self._swaps

    @property
    def policies(self) -> PolicyRunner:
        """The backup root's policies: their runs, retention and status."""
        if self._policies is None:
            from .scheduler import PolicyRunner  # see the TYPE_CHECKING import above

            self._policies = PolicyRunner(self)
        return self._policies

    def recover_swaps(self) -> list[tuple[SwapRecord, SwapResult | BackupError]]:
        """Finish the swaps of ``dropExistCollection`` restores that a stopped process left.

        Runs when this process first connects to Milvus, at server start, and before each
        restore is planned. Never raises: a swap it cannot finish stays recorded (and logged)
        for the next attempt. See ``swap.py`` for the rule.
        """
        from .swap import SwapResult

        records = self.restore_records()

        def settle(record: SwapRecord, result: SwapResult) -> None:
            if not record.restore_task:
                return
            error = ""
            if result is not SwapResult.REPLACED:
                error = (
                    f"the restored {record.staging} was lost before it replaced {record.label} "
                    f"({result.value})"
                )
            records.settle_collection(record.restore_task, record.collection_task, error)

        def running_elsewhere(record: SwapRecord) -> bool:
            if not record.restore_task:
                return False
            try:
                restore = records.read(record.restore_task)
            except (ObjectNotFound, LayoutError):
                return False
            return restore.live and restore.lease is not None and not restore.lease.mine

        return self.swaps.recover(self.milvus, settle, running_elsewhere)

    def close(self, wait: float = 0) -> None:
        """Stop the policy scheduler, wait up to ``wait`` seconds for background tasks, then
        close connections."""
        self.stop_scheduler()
        self._join_workers(wait)
        if self._policies is not None:
            self._policies.join(wait)
        if self._milvus is not None:
            self._milvus.close()

    def _join_workers(self, wait: float) -> None:
        """Wait up to ``wait`` seconds for the background tasks' threads."""
        deadline = time.monotonic() + wait
        for worker, _task in self._workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))

    def _running_here(self) -> list[BackupTask | RestoreTask]:
        """The tasks this process runs now, in the background or for a synchronous call."""
        from .tasks import BackupTask

        threads = {id(task): worker for worker, task in self._workers}
        tasks: list[BackupTask | RestoreTask] = [*self.tasks.backups(), *self.tasks.restores()]

        def running(task: BackupTask | RestoreTask) -> bool:
            # A background task runs until its thread ends (its last record write included).
            if id(task) in threads:
                return threads[id(task)].is_alive()
            if isinstance(task, BackupTask):
                return task.running
            return task.state in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING)

        return [task for task in tasks if running(task)]

    def _wait_tasks(self, wait: float) -> list[BackupTask | RestoreTask]:
        """Wait up to ``wait`` seconds for this process's tasks to end; return those left."""
        deadline = time.monotonic() + wait
        while True:
            left = self._running_here()
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.1)

    def stop_tasks(
        self, grace: float, reason: str = "server shutting down", settle: float = 15.0
    ) -> tuple[int, int]:
        """Let this process's running tasks finish within ``grace`` seconds, stop the rest
        resumable.

        A stopped task keeps what it wrote and leaves its record unfinished with a lease that
        has run out (``resume.suspend_backup`` / ``suspend_restore``), for any process, or this
        server restarted (``backup.resumeOnStart``), to resume. A backup stopped before it had
        listed its binlogs has nothing to resume from and is cancelled (its objects removed).
        This waits up to ``settle`` more seconds for the tasks to stop.

        Returns:
            How many tasks finished within the grace period, and how many were stopped.
        """
        self.stop_scheduler()  # no new policy run starts while stopping
        running = self._running_here()
        left = self._wait_tasks(grace)
        for task in left:
            log.warning("task %s: %s, stopping it resumable", task.id, reason)
            task.cancel_reason = reason
            task.suspending = True
            task.cancel_event.set()
        if left:
            still = self._wait_tasks(settle)
            if still:
                log.warning(
                    "%d task(s) still stopping after %.0fs: %s",
                    len(still),
                    settle,
                    ", ".join(t.id for t in still),
                )
        return len(running) - len(left), len(left)

    def catalog(self, location: model.BackupLocation | None = None) -> Catalog:
        """The backups under the configured place, or under a request's bucket and root."""
        root = self.config.backup_storage.root_path
        storage = self.backup_storage
        if location is not None and location.root_path:
            root = location.root_path
            _check_root(root, local=self.config.backup_storage.storage_type == "local")
        if (
            location is not None
            and location.bucket_name
            and (location.bucket_name != self.config.backup_storage.bucket_name)
        ):
            storage = self._storage_factory(
                replace(self.config.backup_storage, bucket_name=location.bucket_name)
            )
        return Catalog(storage, root)

    def start_background(
        self, name: str, work: Callable[[], object], task: BackupTask | RestoreTask
    ) -> None:
        """Run ``work`` for ``task`` in a thread that a stopping server waits for."""
        self._background(name, work, task)

    def _background(
        self, name: str, work: Callable[[], object], task: BackupTask | RestoreTask
    ) -> None:
        def run() -> None:
            try:
                work()
            except BackupError as exc:
                log.info("%s ended with an error: %s", name, exc)
            except Exception:
                log.exception("%s crashed", name)

        worker = threading.Thread(target=run, name=name, daemon=True)
        self._workers = [w for w in self._workers if w[0].is_alive()] + [(worker, task)]
        worker.start()

    # -- backups --------------------------------------------------------------------------

    @_errors_counted
    def create_backup(self, request: model.CreateBackupInput) -> model.BackupInfo:
        """Take a backup; with ``run_async`` return at once with the task's state.

        Raises:
            RequestError: a bad name; ConflictError: the name is taken;
                UnsupportedSchemaError: a collection has what the meta cannot carry.
            NotFoundError: a selected database or collection does not exist.
            BackupError: the backup failed (synchronous requests).
        """
        from .. import metrics
        from ..milvus.versions import ServerFeatures
        from .backup import (  # needs Milvus's stubs
            BackupJob,
            backup_record_body,
            preflight,
            resolve_collections,
            schema_preflight,
        )
        from .incremental import choose_base
        from .strategy import Strategy, strategy_problem

        received = time.monotonic()
        name = request.name or generated_backup_name()
        _check_name(name)
        if request.base_backup_name:
            if not request.incremental:
                raise RequestError(
                    "base_backup_name is only for incremental backups; set incremental too"
                )
            _check_name(request.base_backup_name, "base backup name")
        strategy = Strategy(request.strategy)
        if strategy is Strategy.BULK_FLUSH:
            problem = strategy_problem(strategy, ServerFeatures.of(self.milvus.version()))
            if problem:
                raise RequestError(problem)
        catalog = self.catalog(model.BackupLocation(root_path=request.backup_root_path))
        collections = resolve_collections(self.milvus, request.selection)
        # Whatever the format: the meta is what a restore rebuilds each collection from.
        # Each collection's checks wait on Milvus: as many at once as the backup describes.
        checkers = self.config.backup.backup_collection_parallelism
        collection_ids = schema_preflight(self.milvus, collections, checkers)
        backup_format = self._backup_format(request, collections)
        if request.base_backup_name:
            # A bad base is refused before anything is written (the job checks it again,
            # under the reference lock, when it pins the base's objects).
            choose_base(catalog, name, collections, request.base_backup_name)
        job_class = BackupJob
        if backup_format == "logical":
            from .logical_backup import LogicalBackupJob, logical_preflight

            if request.incremental or request.base_backup_name:
                raise RequestError(
                    "a logical backup cannot be incremental: it holds rows, not binlogs to "
                    "reference; ask for one or the other"
                )
            if not request.meta_only:  # the rows' checks; the meta was checked above
                logical_preflight(self.milvus, collections)
            job_class = LogicalBackupJob
        elif backup_format == "snapshot":
            from .snapshot_format import SnapshotBackupJob

            if request.incremental or request.base_backup_name or request.meta_only:
                raise RequestError(
                    "a snapshot-format backup holds the bundles Milvus exports, so it is never "
                    "incremental or meta only; ask for format physical for those"
                )
            job_class = SnapshotBackupJob
        elif not request.meta_only:
            preflight(
                self.milvus,
                self.milvus_storage,
                self.config.milvus_storage.root_path,
                collections,
                collection_ids,
                checkers,
            )
        with self._claim:
            # A directory without our record (upstream's backups have none) cannot be claimed
            # by compare-and-swap; one with a record is refused by the claim below, naming
            # its owner.
            if catalog.exists(name) and not catalog.storage.exists(
                catalog.layout(name).task_record
            ):
                raise ConflictError(
                    f"backup {name!r} already exists under "
                    f"{catalog.layout(name).dir!r}; choose another name or "
                    "delete it first"
                )
            task = self.tasks.start_backup(name)
            task.phase_began_before("checking", received)
            task.format = job_class.backup_format
            lease = LeasedRecord(
                catalog.storage,
                catalog.layout(name).task_record,
                self.config.backup.lease_seconds,
                body=lambda: backup_record_body(task),
                on_cancel=lambda reason: task.cancel_event.set(),
                what=f"backup {name}",
            )
            job = job_class(
                self.config,
                self.milvus,
                self.milvus_storage,
                self.backup_storage,
                catalog.layout(name),
                request,
                collections,
                task,
                lease,
            )
            try:
                # Claims the name in storage, against every process sharing the root.
                lease.claim(lambda tree, held: _name_taken(name, tree, held))
            except BackupError:
                # Nothing was stored: leave no task behind that claims the name forever.
                self.tasks.forget_backup(name)
                raise

        def measured() -> model.BackupInfo:
            return metrics.measure_task("backup", job.run)

        if request.run_async:
            self._background(f"backup-{name}", measured, task)
            return task.summary()
        return measured()

    def _backup_format(
        self, request: model.CreateBackupInput, collections: list[tuple[str, str]]
    ) -> str:
        """``physical``, ``logical`` or ``snapshot``: what the request asks, or what the
        source allows.

        Milvus Lite keeps no binlogs in object storage: a backup of it is always logical.
        Milvus 3.0+ exports snapshots: an unspecified format there is ``snapshot`` (as
        upstream chooses), unless the backup is meta only.

        Raises:
            RequestError: an unknown format, a physical backup of Milvus Lite, or a snapshot
                backup of a Milvus without the snapshot RPCs.
        """
        from ..milvus.lite import is_lite_version
        from ..milvus.versions import ServerFeatures

        asked = request.format.strip().lower()
        # Upstream's names: "binlog" is the physical format, "auto" the empty one.
        asked = {"binlog": "physical", "auto": ""}.get(asked, asked)
        if asked not in ("", "physical", "logical", "snapshot"):
            raise RequestError(
                f"format {request.format!r} is not known: give physical (or binlog: binlogs, "
                "upstream's format), logical (rows in Parquet), snapshot (Milvus 3.0+ "
                "exports) or auto"
            )
        version = self.milvus.version()
        lite = self.config.milvus.is_lite or is_lite_version(version)
        if lite and asked == "physical":
            raise RequestError(
                f"Milvus Lite ({self.config.milvus.target}) keeps no binlogs in object storage, "
                "so it has no physical backup: ask for format logical, or leave format empty"
            )
        if lite and not asked:
            log.info(
                "Milvus Lite %s: taking a logical backup (rows in Parquet), the only kind a "
                "Milvus Lite database has",
                self.config.milvus.target,
            )
            return "logical"
        features = ServerFeatures.of(version)
        plain = not (request.meta_only or request.incremental)  # what a snapshot can be
        if asked == "snapshot" or (not asked and features.snapshots and plain):
            from ..milvus.snapshots import snapshot_place
            from .snapshot_format import snapshot_support_problem

            problem = snapshot_support_problem(
                self.milvus, features, collections[0] if collections else None
            )
            try:
                # A backup store Milvus cannot be pointed at is refused before anything is
                # written.
                snapshot_place(
                    self.config.milvus_storage,
                    self.config.backup_storage,
                    self.config.backup_storage.root_path,
                )
            except RequestError as exc:
                problem = problem or str(exc)
            if problem and asked:
                raise RequestError(problem)
            if problem:
                log.warning("not choosing the snapshot format: %s", problem)
            else:
                if not asked:
                    log.info(
                        "Milvus %s has snapshots: taking a snapshot-format backup (ask for "
                        "format physical for binlogs)",
                        version,
                    )
                return "snapshot"
        return asked or "physical"

    def get_backup(
        self,
        name: str = "",
        task_id: str = "",
        location: model.BackupLocation | None = None,
        without_detail: bool = False,
    ) -> model.BackupInfo:
        """A backup by name (from storage) or by task ID (from this process).

        Raises:
            RequestError: neither given, or a bad name. NotFoundError: no such backup.
        """
        if task_id and not name:
            name = self.tasks.backup_by_id(task_id).name
        if not name:
            raise RequestError("give backup_name or backup_id")
        _check_name(name)
        task = self.tasks.backup_by_name(name)
        if task is not None and task.running and (location is None or not location.root_path):
            return task.summary()
        try:
            info = self.catalog(location).read(name, self._running_backup_ids())
        except NotFoundError:
            if task is not None and task.state == model.BACKUP_FAIL:
                return task.summary()  # cancelled here, objects and record removed: say why
            raise
        if location is None or not location.root_path:
            info = self._seen_failure(info)
        if without_detail:
            for coll in info.collection_backups:
                del coll.partition_backups[:]
        return info

    def list_backups(self, collection_name: str = "") -> list[model.BackupInfo]:
        """Every backup under the configured root (optionally those holding a collection)."""
        found = self.catalog().list_backups(self._running_backup_ids(), collection_name)
        return [self._seen_failure(info) for info in found]

    def _seen_failure(self, info: model.BackupInfo) -> model.BackupInfo:
        """The failure this process saw, where the stored record could not be updated.

        A backup whose storage failed may also have failed to record that; its record still
        says "executing", and would read as interrupted by a stopped process. This process
        knows the real reason.
        """
        task = self.tasks.backup_by_name(info.name)
        if (
            task is not None
            and task.id == info.id
            and task.state == model.BACKUP_FAIL
            and info.state_code != model.BACKUP_SUCCESS
        ):
            return task.summary()
        return info

    def delete_backup(self, name: str) -> int:
        """Remove a backup and every object of it no other backup references.

        Returns:
            The bytes freed in backup storage (see ``incremental.remove_backup``).

        Raises:
            RequestError: a bad name. NotFoundError: no such backup.
            ConflictError: the backup is being written or restored now, by any process.
        """
        _check_name(name)
        with self._claim:
            task = self.tasks.backup_by_name(name)
            if task is not None and task.running:
                raise ConflictError(
                    f"backup {name!r} is being created (task {task.id}); wait "
                    "for it to finish before deleting it"
                )
            if name in self.tasks.restoring_backups():
                raise ConflictError(
                    f"backup {name!r} is being restored; wait for the restore "
                    "to finish before deleting it"
                )
            catalog = self.catalog()
            layout = catalog.layout(name)
            if not catalog.storage.exists(layout.task_record) and catalog.storage.exists(
                layout.retained_marker
            ):
                raise DeletedBackup(
                    f"backup {name!r} is already deleted; what remains under {layout.dir!r} "
                    "is referenced by other backups and goes when they do"
                )
            freed = self._delete_unless_held(catalog, name)
            self.tasks.forget_backup(name)
            return freed

    def _delete_unless_held(self, catalog: Catalog, name: str) -> int:
        """Delete a backup unless a process writes or restores it.

        The backup's record is first marked "being deleted" under this process's lease
        (compare-and-swap: an exclusive create for upstream's backups, which have none). Then
        the restore records are checked. A restore writes its record before it checks for the
        mark, so whatever the interleaving, one of the two sees the other and stands aside. A
        refused delete puts the record back as it was.

        Raises:
            ConflictError: a live lease holds the backup. NotFoundError: no such backup.
        """
        layout = catalog.layout(name)
        storage = catalog.storage
        try:
            original: VersionedBytes | None = storage.read_versioned(layout.task_record)
        except ObjectNotFound:
            original = None
            if not catalog.exists(name):
                raise NotFoundError(
                    f"backup {name!r} not found under {layout.dir!r} in {storage.description}"
                ) from None
        marked = dict(split_record(original.data)[0]) if original is not None else {}
        marked.update(name=name, deleting=True)
        if marked.get("state_code", 0) in _BACKUP_RUNNING:  # an interrupted backup's remains
            marked.update(state_code=model.BACKUP_FAIL, errorMessage="being deleted")
        lease = LeasedRecord(
            storage,
            layout.task_record,
            self.config.backup.lease_seconds,
            body=lambda: marked,
            on_cancel=lambda reason: None,
            what=f"deletion of backup {name}",
        )
        lease.claim(lambda tree, found: _taken_while_deleting(name, tree, found))
        for restore in self.restore_records().live():
            if restore.backup_name == name and restore.lease is not None:
                lease.release()
                with contextlib.suppress(BackupError):  # the mark expires with its lease
                    if original is None:
                        storage.delete(layout.task_record)
                    elif lease.version is not None:
                        storage.replace_if(layout.task_record, original.data, lease.version)
                raise ConflictError(
                    f"backup {name!r} is being restored by {restore.lease.owner.label} "
                    f"(task {restore.record.id}); wait for the restore to finish before "
                    "deleting it"
                )
        from .incremental import remove_backup

        return remove_backup(
            catalog,
            layout,
            lease,
            self.config.backup.lease_seconds,
            record_bytes=len(original.data) if original is not None else 0,
        )

    def materialize_backup(self, name: str, new_name: str = "") -> model.BackupInfo:
        """Write a full copy of an incremental backup, which upstream can read.

        Args:
            new_name: the copy's name; ``NAME_full`` when empty.

        Raises:
            RequestError: a bad name, or a backup that is not incremental.
            NotFoundError: no such complete backup. ConflictError: ``new_name`` is taken.
        """
        _check_name(name)
        new_name = new_name or f"{name}_full"
        _check_name(new_name, "name of the full copy")
        from .incremental import materialize

        return materialize(
            self.catalog(),
            name,
            new_name,
            self.config.backup.lease_seconds,
            self.config.backup.copy_parallelism,
            self.config.backup.stream_memory,
            self.config.backup.checksum,
        )

    # -- restores -------------------------------------------------------------------------

    @_errors_counted
    def restore_backup(self, request: model.RestoreInput) -> model.RestoreBackupTaskResponse:
        """Restore a backup; with ``run_async`` return at once with the task's state.

        A synchronous restore that fails returns its task with state FAIL and the reason.

        Raises:
            RequestError / ConflictError / NotFoundError: the request was refused before
                anything in Milvus changed.
        """
        from ..milvus.versions import ServerFeatures
        from .restore import RestoreJob, new_restore_task, plan_restore  # needs Milvus's stubs
        from .resume import restore_runner
        from .verify import verify_backup

        if not request.backup_name:
            raise RequestError("backup_name is required")
        _check_name(request.backup_name)
        location = request.location
        catalog = self.catalog(location)
        layout = catalog.layout(request.backup_name)
        backup = meta.read_backup_meta(catalog.storage, layout)
        if request.task_id:
            from .tasks import check_task_id

            check_task_id(request.task_id)
        features = ServerFeatures.of(self.milvus.version())
        if request.use_v2_restore and not features.multi_segment_import:
            raise RequestError(
                f"useV2Restore (multi-segment import jobs) needs Milvus 2.4 or later; the "
                f"target is {features.version}, which imports one segment per job. Leave "
                "useV2Restore out: the restored data is the same"
            )
        self.recover_swaps()  # a half-done swap of a target would mislead the plan
        plans = plan_restore(backup, request, self.milvus, features)
        if request.rbac and backup.rbac_meta.privilege_groups:
            from ..milvus.rbac import check_privilege_groups_target

            check_privilege_groups_target(self.milvus, backup.rbac_meta, str(features.version))
        job_class = RestoreJob
        if backup.format == "snapshot":
            from .snapshot_format import (
                SnapshotRestoreJob,
                refuse_unsupported_restore,
                snapshot_support_problem,
            )

            refuse_unsupported_restore(request, plans)
            problem = snapshot_support_problem(
                self.milvus, features, (plans[0].target_db, plans[0].target_name)
            )
            if problem:
                raise RequestError(f"backup {backup.name!r} is in the snapshot format: {problem}")
            job_class = SnapshotRestoreJob
        elif backup.format == "logical":
            from .logical_restore import LogicalRestoreJob, check_logical_target

            check_logical_target(backup, plans, request, self.milvus.version())
            job_class = LogicalRestoreJob
        else:
            from ..milvus.lite import is_lite_version

            if is_lite_version(self.milvus.version()) and not request.meta_only:
                raise RequestError(
                    f"backup {backup.name!r} is physical (binlogs), which Milvus Lite cannot "
                    "import; take a logical backup of the source (format logical), or restore "
                    "with metaOnly"
                )
        if not request.meta_only:
            # A backup with lost or truncated binlogs would restore with rows missing. Our
            # backups are checked against their manifest, upstream's against their segment
            # metadata.
            report = verify_backup(
                catalog.storage,
                layout,
                backup,
                collection_ids={p.source.collection_id for p in plans},
                parallelism=self.config.backup.copy_parallelism,
            )
            if not report.ok:
                raise LayoutError(
                    f"{report.summary()}; nothing was restored. Put the objects back or "
                    "restore from another backup"
                )
        task = new_restore_task(request, plans)
        records = self.restore_records()
        with self._claim:
            # The record names the backup and the targets: from here on a DeleteBackup, or a
            # restore dropping one of the targets, refuses in any process. DeleteBackup takes
            # this lock too, and checks the records after this one is written.
            lease = records.claim(task)
            try:
                if request.drop_exist_collection:
                    _refuse_drop_of_live_targets(records, task)
                if _being_deleted(catalog.storage, layout) or not meta.is_complete(
                    catalog.storage, layout
                ):
                    raise NotFoundError(
                        f"backup {request.backup_name!r} was deleted while this restore was "
                        "being planned; nothing was restored"
                    )
                self.tasks.add_restore(task)
            except BackupError:
                lease.release()  # refused: leave no record behind
                with contextlib.suppress(BackupError):
                    records.storage.delete(records.key(task.id))
                raise

        run = restore_runner(
            self,
            job_class,
            catalog.storage,
            layout,
            request,
            plans,
            task,
            backup.rbac_meta,
            lease,
            features,
        )
        if request.run_async:
            self._background(f"restore-{task.id}", run, task)
        else:
            with contextlib.suppress(TaskError):  # the task response carries the failure
                run()
        return task.response()

    def verify_backup(
        self, name: str, deep: bool = False, location: model.BackupLocation | None = None
    ) -> VerifyReport:
        """Check a backup's binlogs against its manifest (or, lacking one, its metadata).

        Raises:
            RequestError: a bad name. NotFoundError: no such complete backup.
        """
        from .verify import verify_backup

        _check_name(name)
        catalog = self.catalog(location)
        layout = catalog.layout(name)
        info = meta.read_backup_meta(catalog.storage, layout)
        return verify_backup(
            catalog.storage,
            layout,
            info,
            deep=deep,
            parallelism=self.config.backup.copy_parallelism,
        )

    def get_restore(self, task_id: str) -> model.RestoreBackupTaskResponse:
        """The state of a restore task, of this process or recorded by an earlier one.

        Raises:
            RequestError: no ID given. NotFoundError: no such task.
        """
        if not task_id:
            raise RequestError("id is required")
        try:
            return self.tasks.restore(task_id).response()
        except NotFoundError:
            return self.restore_records().load(task_id)

    def restore_bytes(self, task_id: str) -> tuple[int, int]:
        """Bytes a restore task has imported and has to import; (0, 0) when not known."""
        try:
            task = self.tasks.restore(task_id)
            return task.bytes_done, task.bytes_total
        except NotFoundError:
            pass
        records = self.restore_records()
        try:
            tree, _ = split_record(records.storage.read_bytes(records.key(task_id)))
        except (ObjectNotFound, LayoutError, RequestError):
            return 0, 0
        detail = tree.get("detail")
        if not isinstance(detail, dict):
            return 0, 0
        return int(detail.get("bytes_done", 0) or 0), int(detail.get("bytes_total", 0) or 0)

    # -- cancel ---------------------------------------------------------------------------

    def cancel_task(self, task_id: str = "", backup_name: str = "") -> bool:
        """Ask a backup or restore task to stop, in this process or another; return at once.

        A task of this process is told directly. A task of another live process is asked
        through its record in storage: its owner sees the request at its next lease renewal
        (within 2 s) and stops it the same way. The job stops at its next check (between
        object copies, while waiting on a Milvus import): a cancelled backup removes what it
        wrote, a cancelled restore drops the collections it had not finished. Poll the task to
        see it end.

        Args:
            task_id: a backup or restore task ID.
            backup_name: or the name of the backup being created.

        Returns:
            True if the task was running and is now asked to stop; False if it had already
            finished (or, run elsewhere, its owner stopped without finishing it).

        Raises:
            RequestError: neither given, or a bad one.
            NotFoundError: no task with that ID or backup name, here or in storage.
        """
        if not task_id and not backup_name:
            raise RequestError("give a task id or a backup name to cancel")
        if backup_name:
            _check_name(backup_name)
        if task_id:
            from .tasks import check_task_id

            check_task_id(task_id)
        local = self._local_task(task_id, backup_name)
        # A name this process wrote once may be another process's now: a finished task found
        # by name falls through to the record.
        if local is not None and (local[1] or task_id):
            task, running = local
            if running:
                log.info("task %s: cancel requested", task.id)
                task.cancel_event.set()
            return running
        key = self._record_key(task_id, backup_name)
        reason = f"cancelled on request from {this_process().label}"
        try:
            held = request_cancel(self.backup_storage, key, reason)
        except ObjectNotFound:
            raise NotFoundError(f"no task {task_id or backup_name!r} to cancel") from None
        if held is None:
            return False
        log.info("task %s: cancel requested from %s", task_id or backup_name, held.owner.label)
        return True

    def _local_task(
        self, task_id: str, backup_name: str
    ) -> tuple[BackupTask | RestoreTask, bool] | None:
        """This process's task of that ID or backup name, and whether it is running."""
        if backup_name:
            named = self.tasks.backup_by_name(backup_name)
            return (named, named.running) if named is not None else None
        try:
            backup = self.tasks.backup_by_id(task_id)
            return backup, backup.running
        except NotFoundError:
            pass
        try:
            restore = self.tasks.restore(task_id)
        except NotFoundError:
            return None
        return restore, restore.state in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING)

    def _record_key(self, task_id: str, backup_name: str) -> str:
        """Where the record of a task is, found by its backup name or its ID.

        Raises:
            NotFoundError: no record of it.
        """
        catalog = self.catalog()
        if backup_name:
            return catalog.layout(backup_name).task_record
        records = self.restore_records()
        if self.backup_storage.exists(records.key(task_id)):
            return records.key(task_id)
        for name in catalog.names():
            with contextlib.suppress(ObjectNotFound, LayoutError):
                if catalog.task_record(name)[0].id == task_id:
                    return catalog.layout(name).task_record
        raise NotFoundError(f"no backup or restore task with id {task_id!r}")

    def recorded_tasks(self) -> list[RecordedTask]:
        """Every backup and restore task recorded under the root, as any process sees it.

        Each names its owner, its last heartbeat and whether its lease is alive ("running") or
        expired before it finished ("interrupted"). Upstream's backups have no record and are
        not tasks.
        """
        from .tasks import RecordedTask

        catalog = self.catalog()
        found: list[RecordedTask] = []
        for name in catalog.names():
            try:
                tree, held = split_record(
                    catalog.storage.read_bytes(catalog.layout(name).task_record)
                )
            except (ObjectNotFound, LayoutError):
                continue
            found.append(RecordedTask.of("backup", name, tree, held))
        records = self.restore_records()
        for obj in records.storage.list_objects(records.prefix):
            try:
                tree, held = split_record(records.storage.read_bytes(obj.key))
            except (ObjectNotFound, LayoutError):
                continue
            found.append(RecordedTask.of("restore", str(tree.get("backup_name", "")), tree, held))
        return found

    def list_tasks(
        self, kind: TaskKind | None = None, include_finished: bool = False
    ) -> list[TaskView]:
        """Every task of the configured backup root, this process's and recorded ones.

        See ``control.list_tasks``.
        """
        from . import control  # with the task records (see the TYPE_CHECKING imports)

        return control.list_tasks(self, kind, include_finished)

    def cancel(self, backup_name: str = "", task_id: str = "") -> TaskView:
        """Cancel a running task by backup name or task ID; the task's view after it.

        See ``control.cancel``: it waits up to ``control.CANCEL_WAIT_SECONDS`` for the task to
        end, and refuses (``NotCancellable``) a task that ended or that this process does not
        run.
        """
        from . import control

        return control.cancel(self, backup_name, task_id)

    # -- resume ---------------------------------------------------------------------------

    def resume(self, backup_name: str = "", task_id: str = "", wait: bool = False) -> TaskView:
        """Resume an interrupted backup or restore (see ``resume.resume_task``).

        Raises:
            RequestError: both or neither given, or a malformed one.
            NotFoundError: no such task. NotResumable: it ended, runs, or cannot be resumed.
        """
        from .resume import resume_task  # needs Milvus's stubs

        return resume_task(self, backup_name, task_id, wait)

    def resume_interrupted(self) -> list[tuple[RecordedTask, str]]:
        """Resume every interrupted task of the root in the background (``backup.resumeOnStart``).

        Never raises; returns each task found with "resumed" or why it was not.
        """
        from .resume import resume_interrupted  # needs Milvus's stubs

        return resume_interrupted(self)

    def restore_records(self) -> RestoreRecords:
        """Where restore task records are kept (under the configured backup root)."""
        from .tasks import RestoreRecords

        return RestoreRecords(
            self.backup_storage,
            self.config.backup_storage.root_path,
            self.config.backup.lease_seconds,
        )

    # -- policies -------------------------------------------------------------------------

    def start_scheduler(
        self,
        tick_seconds: float = 5.0,
        on_stale: Callable[[list[str]], None] | None = None,
    ) -> PolicyScheduler:
        """Start running the backup root's policies in this process (servers do).

        ``on_stale`` is told, after every tick, which policies are stale.
        """
        from .scheduler import PolicyScheduler

        if self._scheduler is None:
            self._scheduler = PolicyScheduler(
                self.policies,
                tick_seconds=tick_seconds,
                retention_seconds=self.config.server.retention_interval_seconds,
                on_stale=on_stale,
            )
            self._scheduler.start()
        return self._scheduler

    def stop_scheduler(self) -> None:
        """Stop starting policy runs (the runs going on are tasks like any other)."""
        if self._scheduler is not None:
            self._scheduler.stop()

    def _checked_policy(self, policy: Policy) -> Policy:
        """The policy validated, its collections checked against Milvus.

        Raises:
            RequestError: a bad field, or a collection or database Milvus does not have.
        """
        from .backup import resolve_collections  # needs Milvus's stubs
        from .policy import validate_policy

        checked = validate_policy(policy)
        resolve_collections(self.milvus, checked.selection())
        return checked

    def create_policy(self, policy: Policy) -> PolicyStatus:
        """Store a new policy; its schedule counts from now.

        Raises:
            RequestError: a bad field or unknown collections. ConflictError: the name is taken.
        """
        from .policy import created_now

        checked = created_now(self._checked_policy(policy))
        self.policies.store.create(checked)
        return self.policies.status(checked)

    def update_policy(self, policy: Policy) -> PolicyStatus:
        """Replace a policy's settings (its creation time, the schedule's anchor, stays).

        Raises:
            RequestError: a bad field or unknown collections. NotFoundError: no such policy.
        """
        from .policy import now_ms

        _check_name(policy.name, "policy name")
        current = self.policies.store.get(policy.name)
        checked = replace(
            self._checked_policy(policy), created_ms=current.created_ms, updated_ms=now_ms()
        )
        self.policies.store.update(checked)
        return self.policies.status(checked)

    def delete_policy(self, name: str) -> None:
        """Remove a policy and its run history; its backups stay.

        Raises:
            RequestError: a bad name. NotFoundError: no such policy.
        """
        from . import policy_metrics

        _check_name(name, "policy name")
        self.policies.store.delete(name)
        policy_metrics.forget(name)

    def get_policy(self, name: str) -> PolicyStatus:
        """A policy with its next run, last run and last success.

        Raises:
            RequestError: a bad name. NotFoundError: no such policy.
        """
        _check_name(name, "policy name")
        return self.policies.status(self.policies.store.get(name))

    def list_policies(self) -> list[PolicyStatus]:
        """Every policy of the backup root, with its status."""
        return self.policies.statuses()

    def run_policy_now(self, name: str, wait: bool = False) -> PolicyRun:
        """Run a policy at once, outside its schedule (retention follows as for any run).

        Args:
            wait: return when the run has ended; otherwise at once, with the run "running".

        Raises:
            RequestError: a bad name. NotFoundError: no such policy.
            ConflictError: a run of the policy is going on (in any replica).
        """
        from .policy import TRIGGER_MANUAL, now_ms

        _check_name(name, "policy name")
        policy = self.policies.store.get(name)
        newest = self.policies.runs(name, limit=1)
        if self.policies.busy(name) or (newest and newest[0].outcome == "running"):
            raise ConflictError(f"policy {name!r} is running now; wait for the run to end")
        run = self.policies.start(policy, now_ms(), TRIGGER_MANUAL, wait=wait)
        if run is None:
            raise ConflictError(f"policy {name!r} was just started; wait for the run to end")
        return run

    def policy_runs(self, name: str = "", limit: int = 0) -> list[PolicyRun]:
        """The policy's recorded runs (every policy's when ``name`` is empty), newest first,
        at most ``limit`` when > 0.

        Raises:
            RequestError: a bad name or a negative limit. NotFoundError: no such policy.
        """
        if limit < 0:
            raise RequestError(f"limit is {limit}; give 0 (all) or more")
        if not name:
            found = [r for n in self.policies.store.names() for r in self.policies.runs(n, limit)]
            found.sort(key=lambda r: r.start_ms, reverse=True)
            return found[:limit] if limit else found
        _check_name(name, "policy name")
        self.policies.store.get(name)
        return self.policies.runs(name, limit)

    def prune_policy(self, name: str, dry_run: bool = False) -> list[Decision]:
        """Apply a policy's retention now; with ``dry_run`` only say what would go and why.

        Raises:
            RequestError: a bad name. NotFoundError: no such policy.
        """
        _check_name(name, "policy name")
        return self.policies.prune(self.policies.store.get(name), dry_run)

    # -- check ----------------------------------------------------------------------------

    def check(self) -> model.CheckReport:
        """Reach Milvus, its storage and the backup storage; say what is wrong."""
        from .policy import now_ms

        lines: list[str] = []
        ok = True
        try:
            lines.append(
                f"Milvus {self.config.milvus.target}: reachable, version {self.milvus.version()}"
            )
        except BackupError as exc:
            ok = False
            lines.append(f"Milvus {self.config.milvus.target}: FAILED: {exc}")
        root = self.config.milvus_storage.root_path
        try:
            insert_root = paths.MilvusLayout(root).insert_root
            if self.milvus_storage.has_prefix(insert_root):
                lines.append(
                    f"Milvus storage {self.milvus_storage.description} root "
                    f"{root!r}: holds insert_log"
                )
            else:
                lines.append(
                    f"WARNING: Milvus storage {self.milvus_storage.description} root {root!r} "
                    "holds no insert_log. If Milvus has data, minio.rootPath (or "
                    "minio.bucketName / minio.storageType) is wrong, and backups would hold "
                    "metadata only"
                )
        except BackupError as exc:
            ok = False
            lines.append(f"Milvus storage: FAILED: {exc}")
        probe = (
            paths.BackupLayout(self.config.backup_storage.root_path, "_check_probe").dir
            + f"probe_{time.time_ns()}"
        )
        try:
            self.backup_storage.write_bytes(probe, b"milvus-backup-grpc check")
            self.backup_storage.delete(probe)
            lines.append(
                f"Backup storage {self.backup_storage.description} root "
                f"{self.config.backup_storage.root_path!r}: writable"
            )
        except BackupError as exc:
            ok = False
            lines.append(f"Backup storage: FAILED: {exc}")
        else:
            lines.extend(self._check_conditional_writes(probe + "_claim"))
        try:
            now = now_ms()
            statuses = self.policies.statuses() if self.policies.store.names() else []
            for status in statuses:
                if status.stale:
                    ok = False
                    lines.append(f"Policy {status.policy.name}: FAILED: {status.stale_text(now)}")
                else:
                    success = _age(status.last_success_ms, now)
                    lines.append(
                        f"Policy {status.policy.name}: last success {success}, "
                        f"last run {status.last_outcome or '-'}"
                    )
        except BackupError as exc:
            ok = False
            lines.append(f"Policies: FAILED: {exc}")
        return model.CheckReport(ok=ok, lines=lines)

    def _check_conditional_writes(self, probe: str) -> list[str]:
        """A warning when the backup storage does not refuse a second exclusive create."""
        store = self.backup_storage.description
        try:
            if self.backup_storage.refuses_second_create(probe):
                return []
            problem = "overwrote an object that a conditional create should have refused"
        except BackupError as exc:
            problem = f"failed a conditional write: {exc}"
        return [
            f"WARNING: Backup storage {store} {problem}. Processes sharing this root cannot "
            "exclude each other; use a store that honours conditional writes (for S3: "
            "If-None-Match and If-Match on PutObject)"
        ]
