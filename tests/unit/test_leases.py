"""Leases in task records: what any process reads from a record alone, claims, cancel requests.

Another process is played by writing the record it would write (its owner, its heartbeat);
the processes themselves are exercised in tests/integration/test_replicas.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.catalog import INTERRUPTED, Catalog
from milvus_backup_grpc.engine.lease import (
    KEEPER,
    LeasedRecord,
    LeaseState,
    now_ms,
    request_cancel,
    split_record,
    this_process,
)
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.engine.tasks import RestoreCollectionTask, RestoreRecords, RestoreTask
from milvus_backup_grpc.errors import ConfigError, ConflictError
from milvus_backup_grpc.layout import codec
from milvus_backup_grpc.storage.base import PreconditionFailed
from milvus_backup_grpc.storage.local import LocalStorage

OTHER = {"host": "node-b", "pid": 4242, "process": "b" * 32}


def _record(state: int, heartbeat_ms: int, seconds: float = 30.0, **extra: object) -> bytes:
    tree = codec.to_go_dict(model.BackupInfo(id="task-b", name="nightly", state_code=state))
    tree.update(extra)
    tree["lease"] = {"owner": OTHER, "heartbeat_ms": heartbeat_ms, "seconds": seconds,
                     "write": "w1"}
    return json.dumps(tree).encode()


def _put_backup_record(service: BackupService, data: bytes, name: str = "nightly") -> str:
    key = service.catalog().layout(name).task_record
    service.backup_storage.write_bytes(key, data)
    return key


def test_a_backup_another_process_writes_lists_as_executing(service: BackupService) -> None:
    _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms()))

    [listed] = service.list_backups()
    assert listed.state_code == model.BACKUP_EXECUTING and listed.errorMessage == ""
    assert service.get_backup("nightly").state_code == model.BACKUP_EXECUTING


def test_a_backup_whose_lease_expired_reads_as_interrupted(service: BackupService) -> None:
    _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms() - 31_000))

    got = service.get_backup("nightly")
    assert got.state_code == model.BACKUP_FAIL and got.errorMessage == INTERRUPTED


def test_creating_a_name_another_process_holds_names_the_owner(service: BackupService) -> None:
    _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms()))
    lease = LeasedRecord(service.backup_storage, service.catalog().layout("nightly").task_record,
                         30, body=dict, on_cancel=lambda reason: None, what="backup nightly")
    from milvus_backup_grpc.engine.service import _name_taken

    with pytest.raises(ConflictError, match="being created by node-b pid 4242"):
        lease.claim(lambda tree, held: _name_taken("nightly", tree, held))


def test_deleting_a_backup_another_process_writes_is_refused(service: BackupService) -> None:
    key = _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms()))

    with pytest.raises(ConflictError, match="being created by node-b pid 4242"):
        service.delete_backup("nightly")
    assert service.backup_storage.exists(key)


def test_deleting_an_interrupted_backup_takes_it_over_and_removes_it(
    service: BackupService,
) -> None:
    key = _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms() - 60_000))
    part = service.catalog().layout("nightly").dir + "binlogs/insert_log/1/2/3/0/1"
    service.backup_storage.write_bytes(part, b"partial")

    service.delete_backup("nightly")
    assert not service.backup_storage.exists(key) and not service.backup_storage.exists(part)
    assert service.list_backups() == []


def test_deleting_a_backup_a_live_restore_reads_is_refused(service: BackupService) -> None:
    _put_backup_record(service, _record(model.BACKUP_SUCCESS, now_ms() - 60_000))
    records = service.restore_records()
    restore = codec.to_go_dict(model.RestoreBackupTaskResponse(id="r9", state_code=1))
    restore["backup_name"] = "nightly"
    restore["lease"] = {"owner": OTHER, "heartbeat_ms": now_ms(), "seconds": 30.0}
    service.backup_storage.write_bytes(records.key("r9"), json.dumps(restore).encode())

    before = service.backup_storage.read_bytes(service.catalog().layout("nightly").task_record)

    with pytest.raises(ConflictError, match="being restored by node-b pid 4242"):
        service.delete_backup("nightly")
    # The mark the delete made first is taken back: the record is as it was.
    after = service.backup_storage.read_bytes(service.catalog().layout("nightly").task_record)
    assert after == before


def test_a_restore_stands_aside_from_a_backup_another_process_is_deleting(
    service: BackupService,
) -> None:
    from milvus_backup_grpc.engine.service import _being_deleted

    layout = service.catalog().layout("nightly")
    _put_backup_record(service, _record(model.BACKUP_SUCCESS, now_ms(), deleting=True))
    assert _being_deleted(service.backup_storage, layout)
    _put_backup_record(service, _record(model.BACKUP_SUCCESS, now_ms() - 60_000, deleting=True))
    assert not _being_deleted(service.backup_storage, layout)  # that delete died: no mark


def test_a_restore_of_another_process_reads_as_running_until_its_lease_expires(
    service: BackupService,
) -> None:
    records = service.restore_records()
    for task_id, age in (("alive", 0), ("dead", 60_000)):
        restore = codec.to_go_dict(model.RestoreBackupTaskResponse(id=task_id, state_code=1))
        restore["lease"] = {"owner": OTHER, "heartbeat_ms": now_ms() - age, "seconds": 30.0}
        service.backup_storage.write_bytes(records.key(task_id), json.dumps(restore).encode())

    assert service.get_restore("alive").state_code == model.RESTORE_EXECUTING
    dead = service.get_restore("dead")
    assert dead.state_code == model.RESTORE_FAIL and dead.errorMessage.startswith("interrupted")
    statuses = {t.id: (t.status, t.owner.label if t.owner else "")
                for t in service.recorded_tasks()}
    assert statuses == {"alive": ("running", "node-b pid 4242"),
                        "dead": ("interrupted", "node-b pid 4242")}


def _restore_task(task_id: str, target: str) -> RestoreTask:
    return RestoreTask(task_id, "nightly", [RestoreCollectionTask(
        "c1", "default", "a", "default", target, size=1)])


def test_a_restore_record_names_its_backup_owner_and_targets(tmp_path: Path) -> None:
    records = RestoreRecords(LocalStorage(tmp_path), "backups", lease_seconds=5)
    task = _restore_task("r1", "a_copy")
    lease = records.claim(task)
    try:
        [live] = records.live()
        assert live.backup_name == "nightly" and live.targets == {("default", "a_copy")}
        assert live.lease is not None and live.lease.mine and live.lease.seconds == 5
    finally:
        lease.release()


def test_a_second_live_restore_with_the_same_id_is_refused(tmp_path: Path) -> None:
    records = RestoreRecords(LocalStorage(tmp_path), "backups")
    lease = records.claim(_restore_task("r1", "a_copy"))
    try:
        with pytest.raises(ConflictError, match="already running in"):
            records.claim(_restore_task("r1", "a_copy"))
    finally:
        lease.release()


def test_a_cancel_request_reaches_the_owner_at_its_next_write(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    stopped: list[str] = []
    lease = LeasedRecord(storage, "root/nightly/backup_task.json", 30,
                         body=lambda: {"id": "t1", "state_code": 1},
                         on_cancel=stopped.append, what="backup nightly")
    lease.claim(lambda tree, held: "taken")
    try:
        held = request_cancel(storage, lease.key, "cancelled on request from node-b pid 4242")
        assert held is not None and held.mine
        assert lease.write() is True  # still this process's, now asked to stop
        assert stopped == ["cancelled on request from node-b pid 4242"]
        _, stored = split_record(storage.read_bytes(lease.key))
        assert stored is not None and stored.cancel_reason.endswith("node-b pid 4242")
        assert lease.write() is True and len(stopped) == 1  # the request is kept, told once
    finally:
        lease.release()


def test_a_record_taken_over_by_another_owner_stops_the_task(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    stopped: list[str] = []
    lease = LeasedRecord(storage, "root/nightly/backup_task.json", 30,
                         body=lambda: {"id": "t1", "state_code": 1},
                         on_cancel=stopped.append, what="backup nightly")
    lease.claim(lambda tree, held: "taken")
    storage.write_bytes(lease.key, _record(model.BACKUP_FAIL, now_ms()))

    assert lease.write() is False and lease.lost
    assert stopped and "taken over by node-b pid 4242" in stopped[0]
    _, stored = split_record(storage.read_bytes(lease.key))
    assert stored is not None and stored.owner.host == "node-b"  # left as the new owner wrote


def test_cancel_of_a_finished_or_expired_record_is_refused(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    storage.write_bytes("a.json", _record(model.BACKUP_SUCCESS, now_ms()))
    storage.write_bytes("b.json", _record(model.BACKUP_EXECUTING, now_ms() - 60_000))

    assert request_cancel(storage, "a.json", "stop") is None
    assert request_cancel(storage, "b.json", "stop") is None


class _LostAnswerStorage(LocalStorage):
    """Applies the first exclusive create, then answers as a store whose answer was lost."""

    def create_exclusive(self, key: str, data: bytes) -> str:
        super().create_exclusive(key, data)
        raise PreconditionFailed("exists", key=key, retried=True)


def test_a_claim_whose_answer_was_lost_reads_back_its_own_write(tmp_path: Path) -> None:
    storage = _LostAnswerStorage(tmp_path)
    lease = LeasedRecord(storage, "k.json", 30, body=lambda: {"state_code": 1},
                         on_cancel=lambda reason: None, what="backup k")
    lease.claim(lambda tree, held: "the name is taken")  # its own write: not a refusal
    try:
        assert lease.version is not None and lease.write() is True
    finally:
        lease.release()


def test_the_keeper_renews_the_heartbeat(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    renewed = threading.Event()
    calls = []

    def body() -> dict[str, object]:
        calls.append(1)
        if len(calls) > 1:
            renewed.set()
        return {"state_code": 1}

    lease = LeasedRecord(storage, "k.json", 1.5, body=body, on_cancel=lambda r: None,
                         what="backup k")
    lease.claim(lambda tree, held: "taken")
    try:
        assert KEEPER.period() <= 0.5
        assert renewed.wait(5)
    finally:
        lease.release()
    _, stored = split_record(storage.read_bytes("k.json"))
    assert isinstance(stored, LeaseState) and stored.owner == this_process()


def test_release_waits_out_a_renewal_in_flight_and_stops_later_ones(tmp_path: Path) -> None:
    """A delete removes the record right after releasing its lease: no renewal may land
    after that and write the record (and its directory) again."""
    storage = LocalStorage(tmp_path)
    in_body, go_on = threading.Event(), threading.Event()
    renewing = threading.local()

    def body() -> dict[str, object]:
        if getattr(renewing, "now", False):
            in_body.set()
            go_on.wait(5)
        return {"state_code": 1}

    lease = LeasedRecord(storage, "root/gone/backup_task.json", 30, body=body,
                         on_cancel=lambda r: None, what="deletion of backup gone")
    lease.claim(lambda tree, held: "taken")

    def renew() -> None:
        renewing.now = True
        lease.renew()

    renewal = threading.Thread(target=renew)
    renewal.start()
    assert in_body.wait(5)
    released = threading.Thread(target=lease.release)
    released.start()
    released.join(0.2)
    assert released.is_alive()  # waits for the renewal in flight
    go_on.set()
    released.join(5)
    renewal.join(5)
    assert not released.is_alive()
    storage.delete(lease.key)

    lease.renew()  # the keeper's next turn, had it listed the record before the release
    assert not (tmp_path / "root").exists()


def test_the_lease_length_is_a_setting(tmp_path: Path) -> None:
    config = load_config(None, env={"BACKUP_LEASE_SECONDS": "3"})
    assert config.backup.lease_seconds == 3.0
    assert load_config(None, env={}).backup.lease_seconds == 30.0
    with pytest.raises(ConfigError, match="backup.lease.seconds must be at least 1"):
        load_config(None, env={}, overrides={"backup.lease.seconds": "0.5"})


def test_a_record_written_before_leases_existed_still_reads(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    catalog = Catalog(storage, "root")
    storage.write_bytes(catalog.layout("old").task_record,
                        codec.dumps(model.BackupInfo(id="x", name="old", state_code=1)))
    got = catalog.read("old", live_task_ids=set())
    assert got.state_code == model.BACKUP_FAIL and got.errorMessage == INTERRUPTED


def test_an_owner_known_to_have_exited_is_not_alive(tmp_path: Path) -> None:
    exited = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                            capture_output=True, text=True, check=True)
    me = this_process()
    dead = LeaseState(owner=replace(me, pid=int(exited.stdout), process="c" * 32),
                      heartbeat_ms=now_ms(), seconds=30)
    elsewhere = LeaseState(owner=replace(dead.owner, pid_space="another machine"),
                           heartbeat_ms=now_ms(), seconds=30)

    assert not dead.alive()  # same machine, pid gone: no need to wait for the lease
    assert elsewhere.alive()  # only the heartbeat can tell
    assert LeaseState(owner=me, heartbeat_ms=now_ms(), seconds=30).alive()


def test_a_drop_of_a_collection_another_live_restore_writes_is_refused(
    service: BackupService,
) -> None:
    from milvus_backup_grpc.engine.service import _refuse_drop_of_live_targets

    records = service.restore_records()
    other = codec.to_go_dict(model.RestoreBackupTaskResponse(
        id="r-b", state_code=1, collection_restore_tasks=[model.RestoreCollectionTaskResponse(
            target_db_name="default", target_collection_name="orders")]))
    other["backup_name"] = "nightly"
    other["lease"] = {"owner": OTHER, "heartbeat_ms": now_ms(), "seconds": 30.0}
    service.backup_storage.write_bytes(records.key("r-b"), json.dumps(other).encode())

    with pytest.raises(ConflictError, match="restore task r-b of node-b pid 4242 is writing "
                                            "into default.orders"):
        _refuse_drop_of_live_targets(records, _restore_task("r-a", "orders"))
    _refuse_drop_of_live_targets(records, _restore_task("r-a", "other"))  # not shared: allowed


def test_recovery_leaves_the_swap_of_a_restore_running_elsewhere(tmp_path: Path) -> None:
    from typing import Any, cast

    from milvus_backup_grpc.engine.swap import SwapLedger, SwapRecord

    ledger = SwapLedger(LocalStorage(tmp_path), "backups")
    left = SwapRecord(id="s1", db="default", target="orders", staging="orders_restoring_s1",
                      aside="orders_replaced_s1", restore_task="r-b", collection_task="c1")
    ledger.storage.write_bytes(ledger.key(left.id), json.dumps(left.__dict__).encode())

    # Milvus is never reached: the swap is left to the process that runs it.
    assert ledger.recover(cast(Any, None), running_elsewhere=lambda r: r.restore_task == "r-b") \
        == []
    assert ledger.pending() == [left]


def test_cancel_of_another_processs_task_is_written_into_its_record(
    service: BackupService,
) -> None:
    key = _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms()))
    _put_backup_record(service, _record(model.BACKUP_EXECUTING, now_ms() - 60_000, id="t-dead"),
                       name="dead")

    assert service.cancel_task(backup_name="nightly") is True
    assert service.cancel_task("task-b") is True  # by its ID, found through the records
    _, held = split_record(service.backup_storage.read_bytes(key))
    assert held is not None and held.cancel_reason == (
        f"cancelled on request from {this_process().label}")
    [task] = [t for t in service.recorded_tasks() if t.backup_name == "nightly"]
    assert task.status == "running" and task.cancel_requested == held.cancel_reason
    assert service.cancel_task(backup_name="dead") is False  # interrupted: nothing runs
