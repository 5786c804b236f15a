"""BackupService.cancel_task: the cooperative cancel that Ctrl-C (and later an RPC) uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.backup import BackupJob
from milvus_backup_grpc.engine.catalog import Catalog
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.engine.tasks import BackupTask, RestoreCollectionTask, RestoreTask
from milvus_backup_grpc.errors import NotFoundError, StorageError, TaskCancelled
from milvus_backup_grpc.storage.local import LocalStorage


def test_cancel_sets_a_running_backup_tasks_event(service: BackupService) -> None:
    task = service.tasks.start_backup("nightly")
    assert service.cancel_task(task.id) is True
    assert task.cancelled
    with pytest.raises(TaskCancelled, match="cancelled on request"):
        task.check_cancelled()


def test_cancel_finds_restore_tasks_too(service: BackupService) -> None:
    task = RestoreTask("r1", "nightly", [RestoreCollectionTask("c1", "default", "a", "default",
                                                               "a_r", size=10)])
    service.tasks.add_restore(task)
    assert service.cancel_task("r1") is True
    assert task.cancelled


def test_cancel_of_a_finished_task_changes_nothing(service: BackupService) -> None:
    task = service.tasks.start_backup("done")
    task.state = model.BACKUP_SUCCESS
    assert service.cancel_task(task.id) is False
    assert not task.cancelled


def test_cancel_of_an_unknown_task_is_not_found(service: BackupService) -> None:
    with pytest.raises(NotFoundError, match="no_such_task"):
        service.cancel_task("no_such_task")


def test_a_fresh_task_is_not_cancelled() -> None:
    task = BackupTask(id="t", name="n")
    task.check_cancelled()  # does not raise
    assert (task.phase, task.bytes_done, task.bytes_total) == ("", 0, 0)


class _UndeletableStorage(LocalStorage):
    """Local storage that refuses deletes, as a store with a retention lock would."""

    def delete(self, key: str) -> None:
        raise StorageError(f"delete of {key!r} refused")


def _job(service: BackupService, storage: LocalStorage, task: BackupTask) -> BackupJob:
    catalog = Catalog(storage, "backups")
    return BackupJob(service.config, service.milvus, storage, storage, catalog.layout(task.name),
                     model.CreateBackupInput(name=task.name), [], task)


def test_a_cancelled_backup_removes_what_it_wrote(
    service: BackupService, tmp_path: Path
) -> None:
    storage = LocalStorage(tmp_path / "store")
    task = service.tasks.start_backup("nightly")
    job = _job(service, storage, task)
    job.record()
    storage.write_bytes(job.layout.dir + "binlogs/insert_log/1/2/3/3/100/1", b"partial")
    task.cancel_event.set()
    with pytest.raises(TaskCancelled, match="its partial objects were removed"):
        job.run()
    assert task.state == model.BACKUP_FAIL and task.phase == "cancelled"
    assert not storage.has_prefix(job.layout.dir)
    assert Catalog(storage, "backups").list_backups(set()) == []


def test_a_cancelled_backup_that_cannot_be_removed_says_how_to_delete_it(
    service: BackupService, tmp_path: Path
) -> None:
    storage = _UndeletableStorage(tmp_path / "store")
    task = service.tasks.start_backup("nightly")
    job = _job(service, storage, task)
    job.record()
    task.cancel_event.set()
    how = "delete it with 'milvus-backup-grpc delete -n nightly'"
    with pytest.raises(TaskCancelled, match=how):
        job.run()
    listed = Catalog(storage, "backups").list_backups(set())
    assert [(b.name, b.state_code) for b in listed] == [("nightly", model.BACKUP_FAIL)]
    assert "left incomplete" in listed[0].errorMessage
