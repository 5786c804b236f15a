"""Listing and cancelling the tasks of a backup root (the control service's engine side).

A task is seen from two places: this process's registry (the tasks it runs, with their live
phase and bytes) and the records in backup storage (``ROOT/NAME/backup_task.json`` and
``ROOT/.restore_tasks/ID.json``), written by any process. A task in both is shown from the
registry (``tasks.task_view``); any other from its record, whose lease tells a task running
elsewhere from one whose process stopped (``tasks.recorded_task_view``).

A task of this process is cancelled directly: its job checks the cancel between steps. A task
of another live process is asked through its record, and its owner stops it the same way
within seconds; a task whose owner stopped is refused with a message saying so.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import NotFoundError
from ..layout import meta
from .lease import this_process
from .tasks import (
    BackupTask,
    NotCancellable,
    RecordedTask,
    RestoreTask,
    TaskKind,
    TaskOwner,
    TaskState,
    TaskView,
    check_task_target,
    now_ms,
    recorded_task_view,
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
        view = task_view(task.summary(), backup_name=task.name, live=task, now=now)
    else:
        view = task_view(task.response(), backup_name=task.backup_name, live=task, now=now)
    me = this_process()
    return replace(view, owner=TaskOwner(me.host, me.pid, me.process))


def _recorded(service: BackupService, backup_name: str, task_id: str) -> RecordedTask | None:
    """The record of a backup by name, or of a task by ID, under the configured root."""
    for task in service.recorded_tasks():
        if (backup_name and task.kind == "backup" and task.backup_name == backup_name) or (
            task_id and task.id == task_id
        ):
            return task
    return None


def live_view(task: BackupTask | RestoreTask) -> TaskView:
    """The view of a task this process runs (or ran)."""
    return _live_view(task, now_ms())


def find_recorded(service: BackupService, backup_name: str, task_id: str) -> RecordedTask | None:
    """The record of a backup by name, or of a task by ID, under the configured root."""
    return _recorded(service, backup_name, task_id)


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
    catalog = service.catalog()
    for recorded in service.recorded_tasks():
        if recorded.id in views:
            continue
        view = recorded_task_view(recorded, now)
        # As ListBackups shows it: a record of success is not a backup without its meta.
        if (
            view.state is TaskState.SUCCESS
            and view.kind is TaskKind.BACKUP
            and not meta.is_complete(catalog.storage, catalog.layout(recorded.backup_name))
        ):
            view = replace(view, state=TaskState.FAILED, error=_MISSING_META)
        views[recorded.id] = view
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
    check_task_target(backup_name, task_id)
    task = _live_task(service, backup_name, task_id)
    if task is None or (isinstance(task, BackupTask) and backup_name and not task.running):
        # A name this process wrote once may be another process's task now.
        return _cancel_elsewhere(service, backup_name, task_id, wait, ended_here=task)
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


def _cancel_elsewhere(
    service: BackupService,
    backup_name: str,
    task_id: str,
    wait: float,
    ended_here: BackupTask | RestoreTask | None = None,
) -> TaskView:
    """Cancel a task through its record: its owner, another process, sees the request."""
    recorded = _recorded(service, backup_name, task_id)
    if recorded is None:
        if ended_here is not None:
            raise _refuse_ended(_live_view(ended_here, now_ms()))
        what = f"backup task named {backup_name!r}" if backup_name else f"task with id {task_id!r}"
        raise NotFoundError(
            f"no {what} under {service.config.backup_storage.root_path!r}; 'tasks' lists them"
        )
    view = recorded_task_view(recorded)
    if view.state.finished:
        raise _refuse_ended(view)
    if view.state is TaskState.INTERRUPTED:
        raise NotCancellable(
            f"{view.kind.value} task {view.task_id} is not running: the process that ran it "
            "stopped before it finished (its lease expired); resume it, delete the backup, "
            "or restore again, instead",
            view,
        )
    service.cancel_task(task_id=recorded.id if not backup_name else "", backup_name=backup_name)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS * 5)
        again = _recorded(service, backup_name, task_id)
        if again is None:  # a cancelled backup removes its record with its objects
            return replace(view, state=TaskState.CANCELLED, cancel_requested=False, eta_seconds=0)
        view = recorded_task_view(again)
        if view.state is not TaskState.RUNNING:
            break
    return view
