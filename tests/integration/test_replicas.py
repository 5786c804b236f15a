"""Several server processes and the CLI on one backup root: leases, name claims, cancel.

Each server is a real process. A backup is made slow enough to watch with the copy test hook
(``MILVUS_BACKUP_COPY_DELAY``, one object copy at a time); leases are 3 s long so that a killed
owner's backup turns "interrupted" quickly.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import NotFoundError
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.server_process import ServerProcess, write_config
from tests.integration.service_tools import wait_for

pytestmark = pytest.mark.slow

LEASE = 3.0
SETTINGS = f"backup:\n  lease:\n    seconds: {LEASE}\n  parallelism:\n    copydata: 1\n"
SLOW = {"MILVUS_BACKUP_COPY_DELAY": "0.5"}


def _cli_list(config: Path) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "--json",
         "list"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return {b["name"]: b for b in json.loads(done.stdout)}


@pytest.fixture
def config(tmp_path: Path, milvus_server: Any) -> Path:
    return write_config(tmp_path / "backup.yaml", milvus_server, tmp_path / "backups",
                        extra=SETTINGS)


@pytest.fixture(scope="module")
def source(milvus: MilvusClient) -> Iterator[SampleCollection]:
    """A collection with enough binlog objects for a slow backup to last several seconds."""
    made = create_sample_collection(milvus, f"replicas_{os.getpid()}", rows=600)
    yield made
    milvus.drop_collection(made.name)


@pytest.fixture
def servers(config: Path, tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """Server A copies slowly; server B at full speed. Both on one root."""
    a = ServerProcess(config, tmp_path / "a.log", env=SLOW).start()
    try:
        b = ServerProcess(config, tmp_path / "b.log").start()
    except BaseException:
        a.kill()
        raise
    yield a, b
    a.kill()
    b.kill()


def _start_slow_backup(stub: Any, name: str, source: SampleCollection, record: Path) -> None:
    started = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source.name], **{"async": True}))
    assert started.code == pb.Success, started.msg
    wait_for(record.exists)
    # The record, which other processes read, says it copies.
    wait_for(lambda: json.loads(record.read_text()).get("state_code") == pb.BACKUP_EXECUTING
              and json.loads(record.read_text())["detail"]["bytes_total"] > 0)


def test_each_process_sees_the_others_running_backup_and_cannot_delete_it(
        servers: tuple[ServerProcess, ServerProcess], config: Path, tmp_path: Path,
        source: SampleCollection, unique: Callable[[str], str]) -> None:
    a, b = servers
    assert a.proc is not None
    name = unique("replica_live")
    a_channel, a_stub = a.stub()
    b_channel, b_stub = b.stub()
    _start_slow_backup(a_stub, name, source, tmp_path / "backups" / name / "backup_task.json")

    seen = b_stub.GetBackup(pb.GetBackupRequest(backup_name=name))
    assert seen.code == pb.Success, seen.msg
    assert seen.data.state_code == pb.BACKUP_EXECUTING, seen.data.errorMessage
    listed = {x.name: x for x in b_stub.ListBackups(pb.ListBackupsRequest()).data}
    assert listed[name].state_code == pb.BACKUP_EXECUTING
    assert _cli_list(config)[name]["state_code"] == pb.BACKUP_EXECUTING
    # Still running after more than one lease: A renews it.
    time.sleep(LEASE + 1)
    assert b_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data.state_code == (
        pb.BACKUP_EXECUTING)

    refused = b_stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name))
    assert refused.code == pb.Parameter_Error
    assert f"is being created by {socket.gethostname()} pid {a.proc.pid}" in refused.msg
    assert (tmp_path / "backups" / name / "backup_task.json").exists()

    again = b_stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                       collection_names=[source.name]))
    assert again.code == pb.Parameter_Error
    assert f"being created by {socket.gethostname()} pid {a.proc.pid}" in again.msg

    wait_for(lambda: a_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data.state_code
              == pb.BACKUP_SUCCESS, timeout=180)
    assert _cli_list(config)[name]["state_code"] == pb.BACKUP_SUCCESS
    a_channel.close()
    b_channel.close()


def test_a_frozen_owners_backup_reads_as_interrupted_once_its_lease_expires(
        servers: tuple[ServerProcess, ServerProcess], tmp_path: Path,
        source: SampleCollection, unique: Callable[[str], str]) -> None:
    a, b = servers
    assert a.proc is not None
    name = unique("replica_frozen")
    a_channel, a_stub = a.stub()
    b_channel, b_stub = b.stub()
    _start_slow_backup(a_stub, name, source, tmp_path / "backups" / name / "backup_task.json")
    # Stopped, the process still exists but renews nothing: only the lease can tell.
    a.proc.send_signal(signal.SIGSTOP)
    frozen = time.monotonic()

    first = b_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data
    assert first.state_code == pb.BACKUP_EXECUTING  # the lease has not run out yet
    wait_for(lambda: b_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data.state_code
              == pb.BACKUP_FAIL, timeout=LEASE + 10)
    assert time.monotonic() - frozen >= LEASE - 2.5  # not before the lease could run out
    assert b_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data.errorMessage.startswith(
        "interrupted")
    a.kill()  # kill -9
    a_channel.close()
    # The name stays taken until the remains are deleted; B may delete them now.
    again = b_stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                       collection_names=[source.name]))
    assert again.code == pb.Parameter_Error and "left unfinished" in again.msg
    assert b_stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name)).code == pb.Success
    assert not (tmp_path / "backups" / name).exists()
    b_channel.close()


def test_a_killed_owners_backup_reads_as_interrupted_at_once_on_the_same_machine(
        servers: tuple[ServerProcess, ServerProcess], config: Path, tmp_path: Path,
        source: SampleCollection, unique: Callable[[str], str]) -> None:
    a, b = servers
    name = unique("replica_killed")
    a_channel, a_stub = a.stub()
    _start_slow_backup(a_stub, name, source, tmp_path / "backups" / name / "backup_task.json")
    a.kill()  # kill -9: the pid is gone, which a process of the same machine can see
    a_channel.close()
    listed = _cli_list(config)[name]
    assert listed["state_code"] == pb.BACKUP_FAIL
    assert listed["errorMessage"].startswith("interrupted")


def test_a_cancel_from_another_process_stops_the_backup_within_5_seconds(
        servers: tuple[ServerProcess, ServerProcess], config: Path, tmp_path: Path,
        source: SampleCollection, unique: Callable[[str], str]) -> None:
    a, b = servers
    name = unique("replica_cancel")
    a_channel, a_stub = a.stub()
    b_channel, b_stub = b.stub()
    _start_slow_backup(a_stub, name, source, tmp_path / "backups" / name / "backup_task.json")

    # This test process is a third one: it has no memory of the task, only the record.
    elsewhere = BackupService(load_config(config, env={}))
    asked = time.monotonic()
    assert elsewhere.cancel_task(backup_name=name) is True
    [task] = [t for t in elsewhere.recorded_tasks() if t.backup_name == name]
    assert task.status == "running" and task.cancel_requested.startswith("cancelled on request")

    def stopped() -> bool:
        state = a_stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        return state.code == pb.Success and state.data.state_code == pb.BACKUP_FAIL

    wait_for(stopped, timeout=10)
    assert time.monotonic() - asked < 5
    got = a_stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data
    assert "cancelled on request from" in got.errorMessage
    wait_for(lambda: not (tmp_path / "backups" / name).exists(), timeout=10)
    assert name not in {x.name for x in b_stub.ListBackups(pb.ListBackupsRequest()).data}
    assert name not in _cli_list(config)
    with pytest.raises(NotFoundError):  # gone, record and all: nothing left to stop
        elsewhere.cancel_task(backup_name=name)
    a_channel.close()
    b_channel.close()


def _race(stubs: list[Any], names: list[str], collection: str,
          pids: list[int]) -> None:
    """Each name created by every stub at once: exactly one wins, the others name why."""
    def create(stub: Any, name: str) -> Any:
        return stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[collection], meta_only=True))

    with ThreadPoolExecutor(len(stubs)) as pool:
        for name in names:
            answers = list(pool.map(lambda stub, n=name: create(stub, n), stubs))
            winners = [r for r in answers if r.code == pb.Success]
            losers = [r for r in answers if r.code != pb.Success]
            assert len(winners) == 1, [r.msg for r in answers]
            for loser in losers:
                assert loser.code == pb.Parameter_Error, loser.msg
                assert f"backup {name!r} already exists" in loser.msg
                named_owner = any(f"pid {pid}" in loser.msg for pid in pids)
                assert named_owner or "taken by a finished backup" in loser.msg, loser.msg


def test_a_same_name_race_between_processes_has_one_winner_local(
        servers: tuple[ServerProcess, ServerProcess], source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    a, b = servers
    channels = [a.stub(), b.stub()]
    pids = [s.proc.pid for s in servers if s.proc is not None]
    _race([stub for _, stub in channels], [unique("race") for _ in range(20)], source.name,
          pids)
    for channel, _ in channels:
        channel.close()


def test_a_same_name_race_between_processes_has_one_winner_s3(
        config: Path, tmp_path: Path, s3_server: Any, source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    bucket = s3_server.new_bucket("replicas")
    overrides = [f"--set={k}={v}" for k, v in s3_server.settings(bucket, side="backup").items()]
    overrides.append("--set=minio.backupRootPath=shared")
    started = []
    try:
        for label in ("a", "b"):
            started.append(ServerProcess(config, tmp_path / f"s3_{label}.log",
                                         global_args=overrides).start())
        channels = [s.stub() for s in started]
        pids = [s.proc.pid for s in started if s.proc is not None]
        _race([stub for _, stub in channels], [unique("race_s3") for _ in range(20)],
              source.name, pids)
        for channel, _ in channels:
            channel.close()
    finally:
        for server in started:
            server.kill()
    keys = s3_server.client().list_objects_v2(Bucket=bucket, Prefix="shared/").get("Contents", [])
    records = [k["Key"] for k in keys if k["Key"].endswith("/backup_task.json")]
    assert len(records) == 20
