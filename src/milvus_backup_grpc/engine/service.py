"""The one API every transport calls: create, get, list, delete, restore, check.

It validates requests, claims names, runs jobs in the caller's thread or in the background,
and answers with backup-model messages. It knows nothing of gRPC, HTTP or terminals.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

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
from ..layout import meta, paths
from ..milvus.versions import ServerFeatures
from ..storage.base import ObjectStorage
from ..storage.factory import open_storage
from . import control
from .catalog import Catalog
from .swap import SwapLedger, SwapRecord, SwapResult
from .tasks import (
    BackupTask,
    RestoreRecords,
    RestoreTask,
    TaskKind,
    TaskRegistry,
    TaskView,
    check_task_id,
)
from .verify import VerifyReport, verify_backup

if TYPE_CHECKING:
    # The Milvus gateway, and the backup and restore jobs that use it, load Milvus's generated
    # stubs through pymilvus, whose package import brings pandas and pyarrow (most of a
    # second and over 100 MiB). Verbs that only read the backup store (list, get, delete,
    # verify) never need them, so they are imported where a Milvus call is made.
    from ..milvus.client import MilvusGateway

log = logging.getLogger(__name__)


def generated_backup_name() -> str:
    """A unique default name, as upstream makes them: backup_<UTC time>_<nanoseconds>."""
    return (
        "backup_"
        + time.strftime("%Y_%m_%d_%H_%M_%S", time.gmtime())
        + f"_{time.time_ns() % 1_000_000_000}"
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
        self.tasks = TaskRegistry()
        self._milvus_factory = milvus_factory or (lambda: _connect(config))
        self._milvus: MilvusGateway | None = None
        self._storage_factory = storage_factory
        self.milvus_storage = storage_factory(config.milvus_storage)
        self.backup_storage = storage_factory(config.backup_storage)
        self._claim = threading.Lock()
        self._workers: list[threading.Thread] = []
        self.swaps = SwapLedger(self.backup_storage, config.backup_storage.root_path)

    @property
    def milvus(self) -> MilvusGateway:
        """The shared Milvus connection (gRPC channels are thread-safe).

        The first use connects, and finishes the collection swaps a stopped process left.
        """
        if self._milvus is None:
            self._milvus = self._milvus_factory()
            self.recover_swaps()
        return self._milvus

    def recover_swaps(self) -> list[tuple[SwapRecord, SwapResult | BackupError]]:
        """Finish the swaps of ``dropExistCollection`` restores that a stopped process left.

        Runs when this process first connects to Milvus, at server start, and before each
        restore is planned. Never raises: a swap it cannot finish stays recorded (and logged)
        for the next attempt. See ``swap.py`` for the rule.
        """
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

        return self.swaps.recover(self.milvus, settle)

    def close(self, wait: float = 0) -> None:
        """Wait up to ``wait`` seconds for background tasks, then close connections."""
        deadline = time.monotonic() + wait
        for worker in self._workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._milvus is not None:
            self._milvus.close()

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

    def _background(self, name: str, work: Callable[[], object]) -> None:
        def run() -> None:
            try:
                work()
            except BackupError as exc:
                log.info("%s ended with an error: %s", name, exc)
            except Exception:
                log.exception("%s crashed", name)

        worker = threading.Thread(target=run, name=name, daemon=True)
        self._workers = [w for w in self._workers if w.is_alive()] + [worker]
        worker.start()

    # -- backups --------------------------------------------------------------------------

    def create_backup(self, request: model.CreateBackupInput) -> model.BackupInfo:
        """Take a backup; with ``run_async`` return at once with the task's state.

        Raises:
            RequestError: a bad name; ConflictError: the name is taken.
            NotFoundError: a selected database or collection does not exist.
            BackupError: the backup failed (synchronous requests).
        """
        from .backup import BackupJob, preflight, resolve_collections  # needs Milvus's stubs

        name = request.name or generated_backup_name()
        _check_name(name)
        catalog = self.catalog(model.BackupLocation(root_path=request.backup_root_path))
        collections = resolve_collections(self.milvus, request.selection)
        if not request.meta_only:
            preflight(
                self.milvus,
                self.milvus_storage,
                self.config.milvus_storage.root_path,
                self.backup_storage,
                catalog.root,
                collections,
            )
        with self._claim:
            if catalog.exists(name):
                raise ConflictError(
                    f"backup {name!r} already exists under "
                    f"{catalog.layout(name).dir!r}; choose another name or "
                    "delete it first"
                )
            task = self.tasks.start_backup(name)
            job = BackupJob(
                self.config,
                self.milvus,
                self.milvus_storage,
                self.backup_storage,
                catalog.layout(name),
                request,
                collections,
                task,
            )
            try:
                job.record()  # claims the directory before the lock is released
            except BackupError:
                # Nothing was stored: leave no task behind that claims the name forever.
                self.tasks.forget_backup(name)
                raise
        if request.run_async:
            self._background(f"backup-{name}", job.run)
            return task.summary()
        return job.run()

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
        info = self.catalog(location).read(name, self.tasks.running_backup_ids())
        if location is None or not location.root_path:
            info = self._seen_failure(info)
        if without_detail:
            for coll in info.collection_backups:
                del coll.partition_backups[:]
        return info

    def list_backups(self, collection_name: str = "") -> list[model.BackupInfo]:
        """Every backup under the configured root (optionally those holding a collection)."""
        found = self.catalog().list_backups(self.tasks.running_backup_ids(), collection_name)
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

    def delete_backup(self, name: str) -> None:
        """Remove a backup and every object of it.

        Raises:
            RequestError: a bad name. NotFoundError: no such backup.
            ConflictError: the backup is being written or restored now.
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
            self.catalog().delete(name)
            self.tasks.forget_backup(name)

    # -- restores -------------------------------------------------------------------------

    def restore_backup(self, request: model.RestoreInput) -> model.RestoreBackupTaskResponse:
        """Restore a backup; with ``run_async`` return at once with the task's state.

        A synchronous restore that fails returns its task with state FAIL and the reason.

        Raises:
            RequestError / ConflictError / NotFoundError: the request was refused before
                anything in Milvus changed.
        """
        from .restore import RestoreJob, new_restore_task, plan_restore  # needs Milvus's stubs

        if not request.backup_name:
            raise RequestError("backup_name is required")
        _check_name(request.backup_name)
        location = request.location
        catalog = self.catalog(location)
        layout = catalog.layout(request.backup_name)
        backup = meta.read_backup_meta(catalog.storage, layout)
        if request.task_id:
            check_task_id(request.task_id)
        features = ServerFeatures.of(self.milvus.version())
        self.recover_swaps()  # a half-done swap of a target would mislead the plan
        plans = plan_restore(backup, request, self.milvus, features)
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
        with self._claim:
            # DeleteBackup takes this lock too: either it ran first and the backup is gone,
            # or it will see this restore and refuse.
            if not meta.is_complete(catalog.storage, layout):
                raise NotFoundError(
                    f"backup {request.backup_name!r} was deleted while this restore was "
                    "being planned; nothing was restored"
                )
            self.tasks.add_restore(task)
        records = self.restore_records()
        job = RestoreJob(
            self.config,
            self.milvus,
            catalog.storage,
            self.milvus_storage,
            layout,
            request,
            plans,
            task,
            rbac=backup.rbac_meta,
            on_change=lambda: records.save(task),
            features=features,
            swaps=self.swaps,
        )
        if request.run_async:
            self._background(f"restore-{task.id}", job.run)
        else:
            with contextlib.suppress(TaskError):  # the task response carries the failure
                job.run()
        return task.response()

    def verify_backup(
        self, name: str, deep: bool = False, location: model.BackupLocation | None = None
    ) -> VerifyReport:
        """Check a backup's binlogs against its manifest (or, lacking one, its metadata).

        Raises:
            RequestError: a bad name. NotFoundError: no such complete backup.
        """
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

    # -- cancel ---------------------------------------------------------------------------

    def cancel_task(self, task_id: str) -> bool:
        """Ask a backup or restore task of this process to stop, and return at once.

        The job stops at its next check (between object copies, while waiting on a Milvus
        import): a cancelled backup removes what it wrote, a cancelled restore drops the
        collections it had not finished. Poll the task to see it end.

        Returns:
            True if the task was running and is now asked to stop; False if it had already
            finished.

        Raises:
            NotFoundError: this process has no task with that ID.
        """
        task: BackupTask | RestoreTask
        try:
            task = self.tasks.backup_by_id(task_id)
            running = task.running
        except NotFoundError:
            task = self.tasks.restore(task_id)
            running = task.state in (model.RESTORE_INITIAL, model.RESTORE_EXECUTING)
        if running:
            log.info("task %s: cancel requested", task_id)
            task.cancel_event.set()
        return running

    def list_tasks(
        self, kind: TaskKind | None = None, include_finished: bool = False
    ) -> list[TaskView]:
        """Every task of the configured backup root, this process's and recorded ones.

        See ``control.list_tasks``.
        """
        return control.list_tasks(self, kind, include_finished)

    def cancel(self, backup_name: str = "", task_id: str = "") -> TaskView:
        """Cancel a running task by backup name or task ID; the task's view after it.

        See ``control.cancel``: it waits up to ``control.CANCEL_WAIT_SECONDS`` for the task to
        end, and refuses (``NotCancellable``) a task that ended or that this process does not
        run.
        """
        return control.cancel(self, backup_name, task_id)

    def restore_records(self) -> RestoreRecords:
        """Where restore task records are kept (under the configured backup root)."""
        return RestoreRecords(self.backup_storage, self.config.backup_storage.root_path)

    # -- check ----------------------------------------------------------------------------

    def check(self) -> model.CheckReport:
        """Reach Milvus, its storage and the backup storage; say what is wrong."""
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
