"""Concurrency: many operations at once through the session's gRPC server.

- Twenty operations on distinct names (creates, restores, deletes), released together by a
  barrier, all succeed, and each did what it says: complete backups, restored rows equal to
  the source, deleted backups gone.
- Two CreateBackup with the same name at the same moment: exactly one wins, the other gets
  Parameter_Error, and the surviving backup is complete.
- DeleteBackup of a backup being restored is refused with Parameter_Error; the restore
  completes, and the backup can be deleted afterwards. A delete that lands while a restore
  is still being planned wins cleanly: the restore is refused and restores nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import NotFoundError
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.service_tools import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

Stub = Any
CALL_TIMEOUT = 300  # a deadline on every call: a hang fails the test instead of stalling it


@pytest.fixture(scope="module")
def sources(milvus: MilvusClient) -> list[SampleCollection]:
    made = [create_sample_collection(milvus, f"concurrency_source_{i}", rows=300, seed=i)
            for i in range(2)]
    for source in made:
        milvus.load_collection(source.name)
    return made


@pytest.fixture
def targets(milvus: MilvusClient) -> Iterator[list[str]]:
    """Collections a test restores into, dropped after it."""
    names: list[str] = []
    yield names
    for name in names:
        if milvus.has_collection(name):
            milvus.drop_collection(name)


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, all released at once; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, call) for call in calls]]


def _create(stub: Stub, name: str, source: str, **fields: Any) -> Callable[[], Any]:
    return lambda: stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source], **fields), timeout=CALL_TIMEOUT)


def _assert_complete(stub: Stub, backup_root: Path, name: str, source: SampleCollection) -> None:
    """The backup reads as done, holds every row, and every binlog it lists is stored."""
    got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
    assert got.code == pb.Success, got.msg
    assert got.data.state_code == pb.BACKUP_SUCCESS and got.data.progress == 100
    [coll] = got.data.collection_backups
    segments = [s for p in coll.partition_backups for s in p.segment_backups]
    assert sum(s.num_of_rows for s in segments) == source.rows
    listed = sum(len(b.binlogs) for s in segments for b in [*s.binlogs, *s.deltalogs])
    stored = [p for p in (backup_root / name / "binlogs").rglob("*") if p.is_file()]
    assert listed and len(stored) == listed
    assert (backup_root / name / "meta" / "full_meta.json").is_file()


def test_twenty_concurrent_operations_on_distinct_names_all_succeed(
    stub: Stub, milvus: MilvusClient, sources: list[SampleCollection], backup_root: Path,
    targets: list[str], unique: Callable[[str], str],
) -> None:
    to_restore = unique("conc_restore_from")
    assert _create(stub, to_restore, sources[0].name)().code == pb.Success
    to_delete = [unique("conc_delete") for _ in range(5)]
    for name in to_delete:
        assert _create(stub, name, sources[1].name, meta_only=True)().code == pb.Success
    # Restores import and build indexes, the heaviest work on two cores: three of them.
    created = [(unique("conc_create"), sources[i % 2]) for i in range(12)]
    suffixes = [f"_{unique('conc')}" for _ in range(3)]
    targets.extend(sources[0].name + suffix for suffix in suffixes)

    calls = [_create(stub, name, source.name) for name, source in created]
    calls += [
        lambda suffix=suffix: stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=to_restore, collection_suffix=suffix, restoreIndex=True),
            timeout=CALL_TIMEOUT)
        for suffix in suffixes
    ]
    calls += [
        lambda name=name: stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name),
                                            timeout=CALL_TIMEOUT)
        for name in to_delete
    ]
    answers = _together(calls)

    assert [(a.code, a.msg) for a in answers] == [(pb.Success, "success")] * len(calls)
    for name, source in created:
        _assert_complete(stub, backup_root, name, source)
    listed = {b.name: b.state_code for b in stub.ListBackups(pb.ListBackupsRequest()).data}
    assert all(listed[name] == pb.BACKUP_SUCCESS for name, _ in created)
    for target in targets:
        milvus.load_collection(target)
        comparison = compare_collections(milvus, sources[0].name, target)
        assert comparison.equal, (target, comparison.differences)
    for name in to_delete:
        assert name not in listed and not (backup_root / name).exists()
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        assert got.code == pb.Request_Object_Not_Found


@pytest.mark.parametrize(
    "modes", [(False, False), (True, True), (False, True)], ids=["sync", "async", "mixed"])
def test_two_creates_with_the_same_name_exactly_one_wins(
    stub: Stub, sources: list[SampleCollection], backup_root: Path,
    unique: Callable[[str], str], modes: tuple[bool, bool],
) -> None:
    name = unique("same_name")
    answers = _together([_create(stub, name, sources[0].name, **{"async": m}) for m in modes])

    codes = sorted(a.code for a in answers)
    assert codes == [pb.Success, pb.Parameter_Error], [(a.code, a.msg) for a in answers]
    loser = next(a for a in answers if a.code != pb.Success)
    assert f"backup {name!r}" in loser.msg and "already" in loser.msg

    def done() -> bool:
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        return bool(got.data.state_code in (pb.BACKUP_SUCCESS, pb.BACKUP_FAIL))

    wait_for(done, what=f"backup {name}")
    _assert_complete(stub, backup_root, name, sources[0])


def test_delete_of_a_backup_being_restored_is_refused(
    stub: Stub, milvus: MilvusClient, sources: list[SampleCollection], backup_root: Path,
    targets: list[str], unique: Callable[[str], str],
) -> None:
    name = unique("being_restored")
    assert _create(stub, name, sources[0].name)().code == pb.Success
    target = sources[0].name + f"_{name}"
    targets.append(target)

    started = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=name, collection_suffix=f"_{name}", restoreIndex=True, **{"async": True}))
    assert started.code == pb.Success, started.msg
    refused = stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name))
    assert refused.code == pb.Parameter_Error
    assert refused.msg == (f"backup {name!r} is being restored; wait for the restore to "
                           "finish before deleting it")

    def finished() -> bool:
        state = stub.GetRestore(pb.GetRestoreStateRequest(id=started.data.id)).data
        return bool(state.state_code in (pb.SUCCESS, pb.FAIL))

    wait_for(finished, what="the restore's end")
    state = stub.GetRestore(pb.GetRestoreStateRequest(id=started.data.id))
    assert state.data.state_code == pb.SUCCESS, state.data.errorMessage
    milvus.load_collection(target)
    comparison = compare_collections(milvus, sources[0].name, target)
    assert comparison.equal, comparison.differences

    assert stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name)).code == pb.Success
    assert not (backup_root / name).exists()


def test_a_delete_during_restore_planning_wins_and_the_restore_is_refused(
    service_config: Config, milvus: MilvusClient, sources: list[SampleCollection],
    targets: list[str], unique: Callable[[str], str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = unique("deleted_while_planned")
    target = sources[0].name + f"_{name}"
    targets.append(target)
    service = BackupService(service_config)
    try:
        service.create_backup(model.CreateBackupInput(
            name=name, selection={"default": [sources[0].name]}, meta_only=True))
        gateway = service.milvus
        has_collection = gateway.has_collection

        def delete_first(db: str, collection: str) -> bool:
            # Planning asks Milvus whether the target exists: a DeleteBackup lands right then.
            monkeypatch.setattr(gateway, "has_collection", has_collection)
            service.delete_backup(name)
            return has_collection(db, collection)

        monkeypatch.setattr(gateway, "has_collection", delete_first)
        with pytest.raises(NotFoundError, match="was deleted while this restore was being"):
            service.restore_backup(model.RestoreInput(backup_name=name, suffix=f"_{name}"))
        assert not milvus.has_collection(target)
    finally:
        service.close()
