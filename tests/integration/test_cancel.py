"""BackupService.cancel_task on a restore that is importing into a real Milvus."""

from __future__ import annotations

from collections.abc import Callable

from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.service_tools import wait_for


def test_a_restore_cancelled_while_importing_drops_its_target_and_says_so(
    service_config: Config, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    source = create_sample_collection(milvus, unique("cancel_src"), rows=600)
    name = unique("cancel")
    service = BackupService(service_config)
    try:
        service.create_backup(model.CreateBackupInput(
            name=name, selection={"default": [source.name]}))
        started = service.restore_backup(
            model.RestoreInput(backup_name=name, suffix="_cancelled", run_async=True))
        task = service.tasks.restore(started.id)
        coll = task.collections[0]
        # progress 5: the target exists and its imports are running
        wait_for(lambda: coll.progress >= 5 or task.state != model.RESTORE_EXECUTING,
                 what="the import to start")
        assert task.state == model.RESTORE_EXECUTING and coll.progress < 100
        assert task.bytes_total == coll.size > 0 and task.phase == "restoring collections"
        assert service.cancel_task(task.id) is True
        wait_for(lambda: task.state == model.RESTORE_FAIL, what="the restore to stop")
        target = source.name + "_cancelled"
        assert coll.state == model.RESTORE_FAIL
        assert coll.error == "cancelled while restoring; the partly restored target was removed"
        assert not milvus.has_collection(target)
        assert task.error.startswith(f"cancelled: restored none; not restored default.{target}")
        assert service.get_restore(task.id).errorMessage == task.error
        assert service.cancel_task(task.id) is False  # finished: nothing more to stop
        service.delete_backup(name)
    finally:
        service.close(wait=30)
