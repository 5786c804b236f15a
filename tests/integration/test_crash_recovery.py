"""kill -9 mid-task: nothing half-done ever reads as a success after the restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.server_process import ServerProcess, write_config
from tests.integration.service_tools import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def config(tmp_path: Path, milvus_server: Any) -> Path:
    # A short lease: a killed process's tasks read as interrupted 3 s after its last renewal.
    # Not resumed at start: these tests show what an interrupted task reads as (test_resume.py
    # and test_graceful_stop.py resume them).
    return write_config(tmp_path / "backup.yaml", milvus_server, tmp_path / "backups",
                        extra="backup:\n  lease:\n    seconds: 3\n  resumeOnStart: false\n")


def test_backup_killed_midway_reads_as_interrupted_and_can_be_redone(
        config: Path, tmp_path: Path, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("crashb"), rows=600)
    milvus.insert(source.name, [{"id": 900_000, "vec": [0.2] * 8, "title": "t", "score": 0.0,
                                 "rank": 0, "flag": False, "meta": {}}])  # the flush has work
    name = unique("crashed")
    record = tmp_path / "backups" / name / "backup_task.json"
    with ServerProcess(config, tmp_path / "first.log") as server:
        channel, stub = server.stub()
        started = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[source.name], **{"async": True}))
        assert started.code == pb.Success, started.msg
        wait_for(record.exists)
        server.kill()  # while it flushes or copies
        channel.close()
    assert not (tmp_path / "backups" / name / "meta" / "full_meta.json").exists()

    with ServerProcess(config, tmp_path / "second.log") as server:
        channel, stub = server.stub()
        wait_for(lambda: stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data.state_code
                  == pb.BACKUP_FAIL, timeout=10)  # once the dead writer's lease has expired
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        assert got.code == pb.Success
        assert got.data.state_code == pb.BACKUP_FAIL
        assert got.data.errorMessage.startswith("interrupted")
        listed = {b.name: b for b in stub.ListBackups(pb.ListBackupsRequest()).data}
        assert listed[name].state_code == pb.BACKUP_FAIL
        again = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                         collection_names=[source.name]))
        assert again.code == pb.Parameter_Error and "already exists" in again.msg
        assert "left unfinished by a process that stopped" in again.msg
        assert stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name)).code == pb.Success
        redone = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                          collection_names=[source.name]))
        assert redone.code == pb.Success, redone.msg
        assert redone.data.state_code == pb.BACKUP_SUCCESS
        channel.close()


def test_restore_killed_midway_reads_as_interrupted_and_a_retry_completes(
        config: Path, tmp_path: Path, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("crashr"), rows=1500)
    backup = unique("torestore")
    target = unique("crash_target")
    renames = {source.name: target}
    with ServerProcess(config, tmp_path / "first.log") as server:
        channel, stub = server.stub()
        assert stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=backup, collection_names=[source.name])).code == pb.Success
        started = stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=backup, collection_renames=renames, **{"async": True}))
        assert started.code == pb.Success, started.msg
        task_id = started.data.id
        wait_for(lambda: milvus.has_collection(target))
        server.kill()  # while it imports
        channel.close()

    with ServerProcess(config, tmp_path / "second.log") as server:
        channel, stub = server.stub()
        wait_for(lambda: stub.GetRestore(pb.GetRestoreStateRequest(id=task_id)).data.state_code
                  == pb.FAIL, timeout=10)  # once the dead restorer's lease has expired
        state = stub.GetRestore(pb.GetRestoreStateRequest(id=task_id))
        assert state.code == pb.Success, state.msg
        assert state.data.state_code == pb.FAIL
        assert state.data.errorMessage.startswith("interrupted")
        assert target in state.data.errorMessage  # names what may be partial
        coll = state.data.collection_restore_tasks[0]
        assert coll.state_code == pb.FAIL and coll.target_collection_name == target

        retry = stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=backup, collection_renames=renames, dropExistCollection=True,
            restoreIndex=True))
        assert retry.code == pb.Success, retry.msg
        channel.close()
    milvus.load_collection(target)
    rows = milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"]
    assert rows == source.rows - len(source.deleted)
