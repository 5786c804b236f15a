"""SIGTERM with a backup running: it finishes within ``server.shutdownGraceSeconds``, or is
cancelled cleanly when the grace period ends first.

The server is a real process; its backup is slowed with the copy test hook
(``MILVUS_BACKUP_COPY_DELAY``, one object copy at a time) so it lasts several seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.server_process import ServerProcess, write_config
from tests.integration.service_tools import wait_for

pytestmark = pytest.mark.slow

SLOW = {"MILVUS_BACKUP_COPY_DELAY": "0.3"}


def _cli_list(config: Path) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "--json",
         "list"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return {b["name"]: b for b in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def source(milvus: MilvusClient) -> Iterator[SampleCollection]:
    """A collection with enough binlog objects for a slowed backup to last several seconds."""
    made = create_sample_collection(milvus, f"graceful_{os.getpid()}", rows=600)
    yield made
    milvus.drop_collection(made.name)


def _server(tmp_path: Path, milvus_server: Any, grace: float) -> tuple[Path, ServerProcess]:
    config = write_config(
        tmp_path / "backup.yaml", milvus_server, tmp_path / "backups",
        extra="backup:\n  parallelism:\n    copydata: 1\n"
              f"server:\n  shutdownGraceSeconds: {grace}\n")
    return config, ServerProcess(config, tmp_path / "server.log", env=SLOW).start()


def _start_slow_backup(server: ServerProcess, name: str, source: SampleCollection,
                       record: Path) -> None:
    channel, stub = server.stub()
    with channel:
        started = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[source.name], **{"async": True}))
    assert started.code == pb.Success, started.msg
    wait_for(record.exists)
    wait_for(lambda: json.loads(record.read_text()).get("state_code") == pb.BACKUP_EXECUTING
             and json.loads(record.read_text())["detail"]["bytes_total"] > 0)


def _log(server: ServerProcess) -> list[str]:
    return [json.loads(line)["msg"] for line in server.log_file.read_text().splitlines()
            if line.startswith("{")]


def test_sigterm_lets_a_running_backup_finish_within_the_grace_period(
        tmp_path: Path, milvus_server: Any, source: SampleCollection) -> None:
    config, server = _server(tmp_path, milvus_server, grace=50)
    name = "graceful_finish"
    record = tmp_path / "backups" / name / "backup_task.json"
    try:
        _start_slow_backup(server, name, source, record)
        assert server.proc is not None
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(1)
        # Still finishing the backup, but it takes no new call.
        assert server.proc.poll() is None
        with server.channel() as channel, pytest.raises(grpc.RpcError) as refused:
            health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=2)
        assert refused.value.code() in (grpc.StatusCode.UNAVAILABLE,
                                        grpc.StatusCode.DEADLINE_EXCEEDED)
        assert json.loads(record.read_text())["state_code"] == pb.BACKUP_EXECUTING
        assert server.proc.wait(timeout=60) == 0, server.log_file.read_text()
    finally:
        server.kill()
    # The process exited only once the backup was written: another process lists it good.
    listed = _cli_list(config)
    assert listed[name]["state_code"] == pb.BACKUP_SUCCESS, listed[name]
    assert any("1 running task(s) finished" in m and "0 cancelled" in m
               for m in _log(server))


def test_sigterm_cancels_a_backup_still_running_when_the_grace_period_ends(
        tmp_path: Path, milvus_server: Any, source: SampleCollection) -> None:
    grace = 1.0
    config, server = _server(tmp_path, milvus_server, grace=grace)
    name = "graceful_cancel"
    record = tmp_path / "backups" / name / "backup_task.json"
    try:
        _start_slow_backup(server, name, source, record)
        sent = time.monotonic()
        assert server.terminate(timeout=60) == 0, server.log_file.read_text()
        took = time.monotonic() - sent
    finally:
        server.kill()
    assert took < grace + 8, f"stopping took {took:.1f}s"
    # Cancelled: nothing half-written is left, and nothing lists it.
    assert name not in _cli_list(config)
    assert not (tmp_path / "backups" / name).exists()
    messages = _log(server)
    assert any("server shutting down" in m for m in messages), messages
    assert any("0 running task(s) finished" in m and "1 cancelled" in m for m in messages)


def test_sigterm_cancels_a_running_restore_and_records_why(
        tmp_path: Path, milvus_server: Any, milvus: MilvusClient,
        source: SampleCollection) -> None:
    config = write_config(
        tmp_path / "backup.yaml", milvus_server, tmp_path / "backups",
        extra="backup:\n  parallelism:\n    copydata: 1\nserver:\n  shutdownGraceSeconds: 0\n")
    name = "graceful_restore"
    made = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "create",
         "-n", name, "-c", source.name], capture_output=True, text=True, timeout=120,
        check=False)
    assert made.returncode == 0, made.stderr
    # Staged restores copy each binlog first: slowed, the restore lasts several seconds.
    server = ServerProcess(config, tmp_path / "server.log", env=SLOW,
                           global_args=["--set", "minio.crossStorage=true"]).start()
    target = f"{source.name}_graceful"
    try:
        channel, stub = server.stub()
        with channel:
            started = stub.RestoreBackup(pb.RestoreBackupRequest(
                backup_name=name, collection_suffix="_graceful", **{"async": True}))
        assert started.code == pb.Success, started.msg
        record = tmp_path / "backups" / ".restore_tasks" / f"{started.data.id}.json"
        wait_for(lambda: record.exists()
                 and json.loads(record.read_text()).get("state_code") == pb.EXECUTING)
        assert server.terminate(timeout=60) == 0, server.log_file.read_text()
    finally:
        server.kill()
    stored = json.loads(record.read_text())
    assert stored["state_code"] == pb.FAIL, stored
    assert "server shutting down" in stored["errorMessage"], stored
    assert not milvus.has_collection(target)
