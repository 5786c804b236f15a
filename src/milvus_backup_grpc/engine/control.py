"""Listing and cancelling the tasks of a backup root (the control service's engine side).

A task is seen from two places: this process's registry (the tasks it runs, with their live
phase and bytes) and the records in backup storage (``ROOT/NAME/backup_task.json`` and
``ROOT/.restore_tasks/ID.json``), written by any process. A task in both is shown from the
registry. Each view is built by ``tasks.task_view``.

Only a task of this process can be cancelled: its job checks the cancel between steps. A
record that says "running" names a task of another process, or of one that stopped; it is
refused with a message saying so.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from .. import model
from ..errors import BackupError, LayoutError, NotFoundError, RequestError
from ..layout import codec, meta, paths
from ..storage.base import ObjectNotFound
from .catalog import Catalog
from .tasks import (
    BackupTask,
    NotCancellable,
    RestoreTask,
    TaskKind,
    TaskState,
    TaskView,
    check_task_id,
    now_ms,
    task_view,
)

if TYPE_CHECKING:
    from .service import BackupService

log = logging.getLogger(__name__)

#: How long a cancel waits for its task to end before it answers.
CANCEL_WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.1
_MISSING_META = "the backup's metadata is missing; delete it and back up again"


def _live_view(task: BackupTask | RestoreTask, now: int) -> TaskView:
    if isinstance(task, BackupTask):
        return task_view(task.summary(), backup_name=task.name, live=task, now=now)
    return task_view(task.response(), backup_name=task.backup_name, live=task, now=now)


def _backup_record(catalog: Catalog, name: str) -> model.BackupInfo:
    """The task record of backup ``name``.

    A record that says success without the backup's metadata is shown failed, as ListBackups
    shows it.

    Raises:
        ObjectNotFound: the backup has no task record (upstream's tool writes none).
        BackupError: the record cannot be read or decoded.
    """
    layout = catalog.layout(name)
    record = codec.loads(catalog.storage.read_bytes(layout.task_record), model.BackupInfo)
    if record.state_code == model.BACKUP_SUCCESS and not meta.is_complete(catalog.storage, layout):
        record.state_code = model.BACKUP_FAIL
        record.errorMessage = _MISSING_META
    return record


def _recorded_backups(service: BackupService) -> list[tuple[str, model.BackupInfo]]:
    """(name, record) of every backup task recorded under the configured root."""
    catalog = service.catalog()
    found = []
    for name in catalog.names():
        try:
            found.append((name, _backup_record(catalog, name)))
        except ObjectNotFound:
            continue
        except BackupError as exc:
            log.warning("skipping the task record of backup %r: %s", name, exc)
    return found


def list_tasks(
    service: BackupService, kind: TaskKind | None = None, include_finished: bool = False
) -> list[TaskView]:
    """Every task of the configured backup root, newest first.

    Args:
        kind: only backups or only restores; None for both.
        include_finished: also tasks that ended (success, failed, cancelled); otherwise only
            running and interrupted ones.

    Raises:
        StorageError: the backup root cannot be listed.
    """
    now = now_ms()
    live: list[BackupTask | RestoreTask] = [*service.tasks.backups(), *service.tasks.restores()]
    views = {task.id: _live_view(task, now) for task in live}
    if kind in (None, TaskKind.BACKUP):
        for name, record in _recorded_backups(service):
            if record.id not in views:
                views[record.id] = task_view(record, backup_name=name, now=now)
    if kind in (None, TaskKind.RESTORE):
        for restore in service.restore_records().records():
            if restore.id not in views:
                views[restore.id] = task_view(restore, backup_name="", now=now)
    chosen = [
        v
        for v in views.values()
        if (kind is None or v.kind is kind) and (include_finished or not v.state.finished)
    ]
    return sorted(chosen, key=lambda v: (-v.start_time_ms, v.task_id))


def _live_task(service: BackupService, name: str, task_id: str) -> BackupTask | RestoreTask | None:
    if name:
        return service.tasks.backup_by_name(name)
    try:
        return service.tasks.backup_by_id(task_id)
    except NotFoundError:
        pass
    try:
        return service.tasks.restore(task_id)
    except NotFoundError:
        return None


def _recorded_view(service: BackupService, name: str, task_id: str) -> TaskView:
    """The stored record's view of a task this process does not know.

    Raises:
        NotFoundError: no record of it under the configured root.
        NotCancellable: a backup of that name exists without a task record (nothing runs).
    """
    if name:
        catalog = service.catalog()
        try:
            record = _backup_record(catalog, name)
        except ObjectNotFound:
            if meta.is_complete(catalog.storage, catalog.layout(name)):
                raise NotCancellable(
                    f"backup {name!r} is complete and no task writes it; there is nothing to cancel"
                ) from None
            raise NotFoundError(
                f"no backup task named {name!r} under {catalog.root!r}; 'tasks' lists them"
            ) from None
        return task_view(record, backup_name=name)
    for found, recorded in _recorded_backups(service):
        if recorded.id == task_id:
            return task_view(recorded, backup_name=found)
    try:
        data = service.backup_storage.read_bytes(
            service.restore_records().prefix + task_id + ".json"
        )
    except ObjectNotFound:
        raise NotFoundError(
            f"no task with id {task_id!r} under {service.config.backup_storage.root_path!r}; "
            "'tasks' lists them"
        ) from None
    try:
        restore = codec.loads(data, model.RestoreBackupTaskResponse)
    except LayoutError as exc:
        raise NotFoundError(f"the record of task {task_id!r} cannot be read: {exc}") from exc
    return task_view(restore, backup_name="")


def _refuse_ended(view: TaskView) -> NotCancellable:
    what = f"{view.kind.value} task {view.task_id}" + (
        f" (backup {view.backup_name!r})" if view.backup_name else ""
    )
    return NotCancellable(
        f"{what} already ended ({view.state.value}); there is nothing to cancel", view
    )


def cancel(
    service: BackupService,
    backup_name: str = "",
    task_id: str = "",
    wait: float = CANCEL_WAIT_SECONDS,
) -> TaskView:
    """Ask a running task of this process to stop; wait up to ``wait`` seconds for it to end.

    A backup is named by its name or task ID, a restore by its task ID. The returned view is
    CANCELLED once the job stopped (a backup's objects removed, a restore's unfinished
    collections dropped), or still RUNNING with ``cancel_requested`` if it had not stopped
    within ``wait``.

    Raises:
        RequestError: both or neither of ``backup_name`` and ``task_id``, or a malformed one.
        NotFoundError: no such task, here or recorded under the root.
        NotCancellable: the task already ended, or its record says another process runs it
            (or ran it and stopped).
    """
    if bool(backup_name) == bool(task_id):
        raise RequestError("give exactly one of backup_name and task_id")
    if backup_name:
        problem = paths.name_problem(backup_name)
        if problem:
            raise RequestError(f"invalid backup name: {problem}")
    else:
        check_task_id(task_id)
    task = _live_task(service, backup_name, task_id)
    if task is None:
        view = _recorded_view(service, backup_name, task_id)
        if view.state.finished:
            raise _refuse_ended(view)
        raise NotCancellable(
            f"{view.kind.value} task {view.task_id} is not run by this process: its record "
            "says it is still running, so another process owns it (or ran it and stopped); "
            "cancel it through the process that runs it",
            view,
        )
    view = _live_view(task, now_ms())
    if view.state.finished:
        raise _refuse_ended(view)
    service.cancel_task(task.id)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        view = _live_view(task, now_ms())
        if view.state is not TaskState.RUNNING:
            break
        time.sleep(_POLL_SECONDS)
    return _live_view(task, now_ms())
