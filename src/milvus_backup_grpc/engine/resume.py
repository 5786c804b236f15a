"""Resuming interrupted tasks: a backup from its plan, a restore from its import ledger.

A task is interrupted when its record is unfinished and its lease has run out: its process
was killed, or a stopping server left it resumable (``suspend_backup`` / ``suspend_restore``,
which write the record with a lease that has already run out). Any process may resume it. The
resumer takes the record over by compare-and-swap on the version it judged, so of two
resumers exactly one wins; the other is refused, naming the winner.

- A backup resumes from its plan (``layout/plan.py``): the collections as described and every
  object to copy. Objects already in backup storage with the planned size are kept (hashed
  for the manifest); the rest are copied, but only once every one of their sources is found
  in Milvus's storage: a source binlog Milvus has since compacted away fails the backup,
  naming it, rather than completing it with objects from two states of the data. The
  manifest and the meta files are written last, as for any backup.
- A restore resumes from its record: the request, and per collection whether this restore
  created the target and the Milvus import task IDs of each import job, each written before
  it is waited on. Collections already restored are skipped; a recorded import is asked about
  (GetImportState) and waited on, never submitted again; an import whose submission was
  interrupted before its ID was stored is unknown, so the collection this restore created is
  dropped and restored again from nothing (and a collection it did not create is failed
  rather than imported into twice).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import metrics, model
from ..errors import (
    BackupError,
    ConflictError,
    LayoutError,
    NotFoundError,
    RequestError,
    StorageError,
    TaskCancelled,
)
from ..layout import codec, meta, paths
from ..layout import plan as backup_plan
from ..milvus.versions import ServerFeatures
from ..storage import digest
from ..storage.base import Checksum, ObjectNotFound, ObjectStorage
from ..storage.transfer import CopyItem
from .lease import Judge, LeasedRecord, LeaseState, split_record
from .selection import Renamer
from .tasks import (
    BackupTask,
    NotResumable,
    RecordedTask,
    RestoreCollectionTask,
    RestoreTask,
    TaskView,
    check_task_id,
    check_task_target,
    now_ms,
    restore_input_from_json,
    restore_record_body,
)

if TYPE_CHECKING:
    # The jobs load Milvus's stubs (milvuspb) and, for logical backups, pymilvus: imported
    # where a job is made, so that a refused resume stays light (see service.py).
    from .backup import BackupJob
    from .restore import CollectionPlan, RestoreJob
    from .service import BackupService

log = logging.getLogger(__name__)

_SHOWN = 5  # source objects named in a message
_RUNNING = (model.BACKUP_INITIAL, model.BACKUP_EXECUTING)  # the restore codes are the same


def _suspended_phase(task: BackupTask | RestoreTask) -> str:
    return f"interrupted ({task.cancel_reason or 'stopped'}): resumable"


# -- stopping resumable -----------------------------------------------------------------------


def suspend_backup(job: BackupJob) -> None:
    """Leave a stopped backup resumable: its objects and plan kept, its record unfinished
    with a lease that has run out, so that any process may resume it at once."""
    task = job.task
    task.error = ""
    task.phase = _suspended_phase(task)
    log.warning("backup %s %s", job.layout.name, task.phase)
    if job.lease is not None:
        try:
            job.lease.relinquish()
        except StorageError:
            log.warning("backup %s: its lease runs out on its own", job.layout.name, exc_info=True)


def suspend_restore(task: RestoreTask) -> None:
    """Leave a stopped restore resumable: unfinished, its collections as far as they got."""
    task.error = ""
    task.phase = _suspended_phase(task)
    log.warning("restore %s %s", task.id, task.phase)


def _end_lease(lease: LeasedRecord, task: RestoreTask) -> None:
    """Release a restore's lease, or give it up at once when the restore was suspended."""
    if task.suspending:
        with contextlib.suppress(StorageError):
            lease.relinquish()
    lease.release()


def restore_runner(
    service: BackupService,
    job_class: type[RestoreJob],
    backup_storage: ObjectStorage,
    layout: paths.BackupLayout,
    request: model.RestoreInput,
    plans: list[CollectionPlan],
    task: RestoreTask,
    rbac: model.RBACMeta,
    lease: LeasedRecord,
    features: ServerFeatures,
    resumed: bool = False,
) -> Callable[[], None]:
    """The run of a restore job whose record is ``lease``: new (``restore_backup``) or
    resumed. The job writes its state through the lease, and the run ends the lease as the
    restore's outcome says."""

    def save() -> None:
        try:
            lease.write()
        except BackupError as exc:
            log.warning("could not record the state of restore %s: %s", task.id, exc)

    def checkpoint() -> None:
        # Raises when the write fails: the import ledger must be stored before Milvus is
        # asked for what it records.
        if not lease.write():
            raise TaskCancelled(f"restore {task.id}: its record is no longer this process's")

    job = job_class(
        service.config,
        service.milvus,
        backup_storage,
        service.milvus_storage,
        layout,
        request,
        plans,
        task,
        rbac=rbac,
        on_change=save,
        features=features,
        swaps=service.swaps,
        checkpoint=checkpoint,
        resumed=resumed,
    )

    def run() -> None:
        try:
            metrics.measure_task("restore", job.run)
        finally:
            _end_lease(lease, task)

    return run


def _take_over(lease: LeasedRecord, judge: Judge) -> None:
    """Take an interrupted task's record over, by compare-and-swap on the version judged.

    Raises:
        NotResumable: ``judge`` refused the record as found (another resumer won meanwhile).
    """
    try:
        lease.claim(judge)
    except ConflictError as exc:
        raise NotResumable(str(exc)) from exc


# -- the backup side --------------------------------------------------------------------------


def sort_out_landed(
    job: BackupJob, items: list[CopyItem]
) -> tuple[list[CopyItem], dict[str, Checksum]]:
    """Split a resumed backup's copies into those still to make and those already landed.

    An object in backup storage with its planned size landed whole (every backend writes an
    object at once); it is read back for the manifest's checksum. Every other object is
    copied again, and each of their sources must still be in Milvus's storage.

    Returns:
        The copies to make, and each landed object's checksum by destination key.

    Raises:
        StorageError: sources are gone (Milvus compacted them away), naming them.
    """
    found = {o.key: o.size for o in job.backup_storage.list_objects(job.layout.dir + "binlogs/")}
    to_copy = [i for i in items if found.get(i.dst_key) != i.size]
    landed = [i for i in items if found.get(i.dst_key) == i.size]
    workers = max(1, job.config.backup.copy_parallelism)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="resume") as pool:
        gone = [
            item.src_key
            for item, info in zip(
                to_copy,
                pool.map(lambda i: job.milvus_storage.stat(i.src_key), to_copy),
                strict=True,
            )
            if info is None
        ]
        if gone:
            shown = ", ".join(gone[:_SHOWN]) + (" …" if len(gone) > _SHOWN else "")
            raise StorageError(
                f"cannot resume backup {job.layout.name!r}: {len(gone)} source binlog(s) it had "
                f"not copied yet are gone from {job.milvus_storage.description} ({shown}); Milvus "
                "compacted them away after the backup began, and completing it with newer "
                "binlogs would mix two states of the data. Delete it and create it again"
            )
        checksums = dict(
            zip(
                [i.dst_key for i in landed],
                pool.map(
                    lambda i: digest.of_object(
                        job.backup_storage, i.dst_key, job.config.backup.checksum
                    ),
                    landed,
                ),
                strict=True,
            )
        )
    for item in landed:
        job._on_copied(item.size)
    log.info(
        "backup %s resumed: %d objects had landed, %d to copy",
        job.layout.name,
        len(landed),
        len(to_copy),
    )
    return to_copy, checksums


def _backup_refusal(name: str, tree: dict[str, Any], held: LeaseState | None) -> str:
    """Why a backup's record may not be taken over to resume it ("" when it may)."""
    state = tree.get("state_code", 0)
    if tree.get("deleting"):
        return f"backup {name!r} is being deleted; there is nothing to resume"
    if state == model.BACKUP_SUCCESS:
        return f"backup {name!r} is complete; there is nothing to resume"
    if state not in _RUNNING:
        error = str(tree.get("errorMessage", "") or "")
        return f"backup {name!r} already ended, it cannot be resumed: {error or 'failed'}"
    if held is not None and held.alive():
        return (
            f"backup {name!r} is running in {held.owner.label} (its lease is alive); "
            "there is nothing to resume"
        )
    return ""


def resume_backup(service: BackupService, name: str, run_async: bool) -> BackupTask:
    """Take over an interrupted backup and finish it from its plan.

    Raises:
        NotFoundError: no such backup. NotResumable: it ended, or runs.
    """
    catalog = service.catalog()
    layout = catalog.layout(name)
    storage = catalog.storage
    try:
        tree, held = split_record(storage.read_bytes(layout.task_record))
    except ObjectNotFound:
        if catalog.exists(name):
            raise NotResumable(
                f"backup {name!r} has no task record (written by another tool): nothing to resume"
            ) from None
        raise NotFoundError(f"no backup {name!r} under {layout.dir!r}") from None
    refusal = _backup_refusal(name, tree, held)
    if not refusal and meta.is_complete(storage, layout):
        refusal = f"backup {name!r} is complete; there is nothing to resume"
    if refusal:
        raise NotResumable(refusal)
    record = model.BackupInfo()
    codec.from_go_dict(tree, record)
    plan = backup_plan.read_plan(storage, layout)
    task = BackupTask(id=record.id, name=name, start_time=record.start_time or now_ms())
    task.state = model.BACKUP_EXECUTING

    def body() -> dict[str, object]:
        if plan is None:
            return dict(codec.to_go_dict(task.summary()))
        from .backup import backup_record_body

        return backup_record_body(task)

    lease = LeasedRecord(
        storage,
        layout.task_record,
        service.config.backup.lease_seconds,
        body=body,
        on_cancel=lambda reason: task.cancel_event.set(),
        what=f"backup {name}",
    )
    _take_over(lease, lambda found, lease_now: _backup_refusal(name, found, lease_now))
    service.tasks.adopt_backup(task)
    if plan is None:
        # Stopped before it had listed its binlogs: it copied nothing, and its request is
        # not kept, so there is nothing to go on.
        task.state = model.BACKUP_FAIL
        task.end_time = now_ms()
        task.phase = "failed"
        task.error = (
            "interrupted before it had listed its binlogs, so there is nothing to resume "
            "from; delete it and create it again"
        )
        try:
            lease.write()
        finally:
            lease.release()
        return task
    from .backup import BackupJob  # needs Milvus's stubs

    log.info("backup %s: resuming (task %s)", name, task.id)
    job = BackupJob(
        service.config,
        service.milvus,
        service.milvus_storage,
        storage,
        layout,
        plan.request,
        plan.collections,
        task,
        lease,
    )
    job.resume_from = plan

    def run() -> model.BackupInfo:
        return metrics.measure_task("backup", job.run)

    if run_async:
        service.start_background(f"resume-backup-{name}", run, task)
    else:
        with contextlib.suppress(BackupError):  # the task carries the failure
            run()
    return task


# -- the restore side -------------------------------------------------------------------------


def reuse_created_target(
    job: RestoreJob, plan: CollectionPlan, ctask: RestoreCollectionTask, db: str, name: str
) -> bool:
    """Whether a resumed collection continues in the target its first run created.

    Not when the target is gone (it is created again), nor when an import's submission was
    interrupted before its ID was stored: then Milvus may hold rows the ledger does not
    know, so this restore's own target is dropped and restored again from nothing.
    """
    if not job.milvus.has_collection(db, name):
        return False
    unknown = [key for key, ids in ctask.imports.items() if not ids]
    if unknown:
        log.warning(
            "restore %s: %s.%s: %d import(s) were being submitted when it was interrupted; "
            "dropping the collection it created and restoring it again",
            job.task.id,
            db,
            name,
            len(unknown),
        )
        job.milvus.drop_collection(db, name)
        return False
    job._ensure_partitions(plan, db, name)
    return True


def _restore_refusal(task_id: str, tree: dict[str, Any], held: LeaseState | None) -> str:
    """Why a restore's record may not be taken over to resume it ("" when it may)."""
    state = tree.get("state_code", 0)
    if state == model.RESTORE_SUCCESS:
        return f"restore task {task_id!r} is complete; there is nothing to resume"
    if state not in _RUNNING:
        error = str(tree.get("errorMessage", "") or "")
        return f"restore task {task_id!r} already ended, it cannot be resumed: {error or 'failed'}"
    if held is not None and held.alive():
        return (
            f"restore task {task_id!r} is running in {held.owner.label} (its lease is "
            "alive); there is nothing to resume"
        )
    return ""


def _collection_plan(
    request: model.RestoreInput,
    source: model.CollectionBackupInfo,
    target_db: str,
    target_name: str,
    exists: bool,
) -> CollectionPlan:
    """The plan the interrupted run made, with the partitions and override it asked for."""
    from .restore import CollectionPlan  # needs Milvus's stubs

    partitions = request.partitions.get((target_db, target_name))
    override = request.overrides.get(
        (source.db_name or model.DEFAULT_DB, source.collection_name), model.CollectionOverride()
    )
    return CollectionPlan(
        source,
        target_db,
        target_name,
        exists,
        partitions=None if partitions is None else tuple(partitions),
        override=override,
        aliases=tuple(
            Renamer(request.renames, request.suffix).alias_target(
                source.db_name or model.DEFAULT_DB, source.collection_name, alias
            )[1]
            for alias in source.aliases
        ),
    )


def _collection_tasks(
    record: model.RestoreBackupTaskResponse,
    ledger: dict[str, Any],
    backup: model.BackupInfo,
    request: model.RestoreInput,
) -> tuple[list[RestoreCollectionTask], list[CollectionPlan]]:
    """The collections of a recorded restore, as far as they got, and their plans."""
    sources = {
        (c.db_name or model.DEFAULT_DB, c.collection_name): c for c in backup.collection_backups
    }
    entries = ledger.get("collections")
    if not isinstance(entries, dict):
        raise LayoutError("the restore record's ledger names no collections")
    tasks, plans = [], []
    for coll in record.collection_restore_tasks:
        entry = entries.get(coll.id)
        if not isinstance(entry, dict):
            raise LayoutError(f"the restore record's ledger lacks collection task {coll.id}")
        pair = (str(entry.get("source_db", "")), str(entry.get("source_name", "")))
        source = sources.get(pair)
        if source is None:
            raise LayoutError(f"backup {backup.name!r} no longer holds {pair[0]}.{pair[1]}")
        target_db = coll.target_db_name or model.DEFAULT_DB
        existed = bool(entry.get("existed"))
        plan = _collection_plan(request, source, target_db, coll.target_collection_name, existed)
        ctask = RestoreCollectionTask(
            id=coll.id,
            source_db=pair[0],
            source_name=pair[1],
            target_db=target_db,
            target_name=coll.target_collection_name,
            size=plan.size,
            existed=existed,
        )
        if coll.state_code == model.RESTORE_SUCCESS:
            ctask.state, ctask.progress = model.RESTORE_SUCCESS, 100
            ctask.start_time, ctask.end_time = coll.start_time, coll.end_time
        elif coll.state_code == model.RESTORE_EXECUTING:
            ctask.created = bool(entry.get("created"))
            imports = entry.get("imports") or {}
            ctask.imports = {str(k): [int(i) for i in v] for k, v in dict(imports).items()}
        # A collection that had failed was cleaned up as failures are: it starts afresh.
        tasks.append(ctask)
        plans.append(plan)
    return tasks, plans


def _resumable_restore(
    storage: ObjectStorage, key: str, task_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A restore's record and its ledger, if it may be resumed.

    Raises:
        NotFoundError: no record. NotResumable: it ended, runs, or has no ledger.
    """
    try:
        tree, held = split_record(storage.read_bytes(key))
    except ObjectNotFound:
        raise NotFoundError(f"no restore task with id {task_id!r}") from None
    refusal = _restore_refusal(task_id, tree, held)
    if refusal:
        raise NotResumable(refusal)
    ledger = tree.get("ledger")
    if not isinstance(ledger, dict) or not isinstance(ledger.get("request"), dict):
        raise NotResumable(
            f"restore task {task_id!r} was recorded without an import ledger (by an older "
            "version), so it cannot be resumed: restore again with dropExistCollection"
        )
    return tree, ledger


def resume_restore(service: BackupService, task_id: str, run_async: bool) -> RestoreTask:
    """Take over an interrupted restore and finish it from its import ledger.

    Raises:
        NotFoundError: no such restore. NotResumable: it ended, runs, or has no ledger.
    """
    check_task_id(task_id)
    records = service.restore_records()
    key = records.key(task_id)
    tree, ledger = _resumable_restore(records.storage, key, task_id)
    # A swap the interrupted run left half done is finished (or rolled back), and its
    # collection recorded as such, before the record is read again for good.
    service.recover_swaps()
    tree, ledger = _resumable_restore(records.storage, key, task_id)
    from .restore import RestoreJob  # needs Milvus's stubs

    request = replace(restore_input_from_json(ledger["request"]), run_async=run_async)
    record = model.RestoreBackupTaskResponse()
    codec.from_go_dict(tree, record)
    catalog = service.catalog(request.location)
    layout = catalog.layout(request.backup_name)
    backup = meta.read_backup_meta(catalog.storage, layout)
    if backup.format == "snapshot":
        # Milvus ran each collection's restore job itself; there is no import ledger to
        # continue from.
        raise RequestError(
            f"restore {task_id} is of a snapshot-format backup, which does not resume; drop "
            "what it restored and restore again"
        )
    collections, plans = _collection_tasks(record, ledger, backup, request)
    task = RestoreTask(
        id=task_id,
        backup_name=request.backup_name,
        collections=collections,
        start_time=record.start_time or int(now_ms() / 1000),
        request=request,
    )
    lease = LeasedRecord(
        records.storage,
        key,
        records.lease_seconds,
        body=lambda: restore_record_body(task),
        on_cancel=lambda reason: task.cancel_event.set(),
        what=f"restore {task_id}",
    )
    _take_over(lease, lambda found, lease_now: _restore_refusal(task_id, found, lease_now))
    service.tasks.adopt_restore(task)
    log.info("restore %s: resuming", task_id)

    run = restore_runner(
        service,
        RestoreJob,
        catalog.storage,
        layout,
        request,
        plans,
        task,
        backup.rbac_meta,
        lease,
        ServerFeatures.of(service.milvus.version()),
        resumed=True,
    )
    if run_async:
        service.start_background(f"resume-restore-{task_id}", run, task)
    else:
        with contextlib.suppress(BackupError):  # the task carries the failure
            run()
    return task


# -- the control side -------------------------------------------------------------------------


def resume_task(
    service: BackupService, backup_name: str = "", task_id: str = "", wait: bool = False
) -> TaskView:
    """Resume an interrupted backup (by name or task ID) or restore (by task ID).

    Args:
        wait: run the task to its end before answering (the CLI); else answer once it runs.

    Raises:
        RequestError: both or neither of ``backup_name`` and ``task_id``, or a malformed one.
        NotFoundError: no such task under the configured root.
        NotResumable: the task ended, runs in a live process, or cannot be resumed.
    """
    from .control import find_recorded, live_view  # control imports no job module

    check_task_target(backup_name, task_id)
    kind, name = "backup", backup_name
    if task_id:
        recorded = find_recorded(service, "", task_id)
        if recorded is None:
            raise NotFoundError(
                f"no task with id {task_id!r} under {service.config.backup_storage.root_path!r}; "
                "'tasks' lists them"
            )
        kind, name = recorded.kind, recorded.backup_name
    try:
        if kind == "backup":
            task: BackupTask | RestoreTask = resume_backup(service, name, run_async=not wait)
        else:
            task = resume_restore(service, task_id, run_async=not wait)
    except NotResumable as exc:
        found = find_recorded(service, backup_name, task_id)
        if found is not None:
            from .tasks import recorded_task_view

            exc.view = recorded_task_view(found)
        raise
    return live_view(task)


def resume_interrupted(service: BackupService) -> list[tuple[RecordedTask, str]]:
    """Resume, in the background, every interrupted task recorded under the configured root.

    Never raises: a task that cannot be resumed (another process took it first, it has no
    plan or ledger) is logged and left as it is.

    Returns:
        Each interrupted task found, with "resumed" or why it was not.
    """
    outcomes: list[tuple[RecordedTask, str]] = []
    try:
        found = [t for t in service.recorded_tasks() if t.status == "interrupted"]
    except BackupError as exc:
        log.warning("resume on start: cannot list the tasks of the root: %s", exc)
        return outcomes
    for recorded in found:
        try:
            if recorded.kind == "backup":
                resume_backup(service, recorded.backup_name, run_async=True)
            else:
                resume_restore(service, recorded.id, run_async=True)
            outcome = "resumed"
        except BackupError as exc:
            outcome = str(exc)
        log.info("resume on start: %s task %s: %s", recorded.kind, recorded.id, outcome)
        outcomes.append((recorded, outcome))
    return outcomes
