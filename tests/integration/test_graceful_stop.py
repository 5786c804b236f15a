"""SIGTERM with a task running: it finishes within ``server.shutdownGraceSeconds``, or, when the
grace period ends first, is stopped resumable and resumed later (by a restarted server, with
``backup.resumeOnStart``, or by the CLI).

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
    assert any("1 running task(s) finished" in m and "0 stopped resumable" in m
               for m in _log(server))


def _cli(config: Path, *argv: str) -> tuple[int, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "--json",
         *argv], capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else done.stderr


def test_sigterm_leaves_a_backup_running_past_the_grace_period_resumable_and_a_restart_resumes_it(
        tmp_path: Path, milvus_server: Any, source: SampleCollection) -> None:
    grace = 1.0
    config, server = _server(tmp_path, milvus_server, grace=grace)
    name = "graceful_resume"
    record = tmp_path / "backups" / name / "backup_task.json"
    try:
        _start_slow_backup(server, name, source, record)
        sent = time.monotonic()
        assert server.terminate(timeout=60) == 0, server.log_file.read_text()
        took = time.monotonic() - sent
    finally:
        server.kill()
    assert took < grace + 8, f"stopping took {took:.1f}s"
    # Stopped resumable: its objects kept, its record unfinished with a lease run out.
    stored = json.loads(record.read_text())
    assert stored["state_code"] == pb.BACKUP_EXECUTING, stored
    assert "server shutting down" in stored["detail"]["phase"], stored
    assert "resumable" in stored["detail"]["phase"]
    assert stored["lease"]["heartbeat_ms"] == 0
    code, tasks = _cli(config, "tasks")
    assert code == 0 and [t["state"] for t in tasks if t["backup_name"] == name] == [
        "interrupted"]
    assert any("0 running task(s) finished" in m and "1 stopped resumable" in m
               for m in _log(server))

    # Restarted (backup.resumeOnStart, on by default), the server resumes and completes it.
    again = ServerProcess(config, tmp_path / "restarted.log").start()
    try:
        channel, stub = again.stub()
        with channel:
            wait_for(lambda: stub.GetBackup(pb.GetBackupRequest(backup_name=name)).data
                     .state_code == pb.BACKUP_SUCCESS, timeout=120, what="the backup resumed")
    finally:
        again.kill()
    code, report = _cli(config, "verify", "-n", name, "--deep")
    assert code == 0 and report["ok"], report


def test_sigterm_leaves_a_running_restore_resumable_and_a_resume_completes_it(
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
    staged = ["--set", "minio.crossStorage=true"]
    server = ServerProcess(config, tmp_path / "server.log", env=SLOW, global_args=staged).start()
    target = f"{source.name}_graceful"
    try:
        channel, stub = server.stub()
        with channel:
            started = stub.RestoreBackup(pb.RestoreBackupRequest(
                backup_name=name, collection_suffix="_graceful", restoreIndex=True,
                **{"async": True}))
        assert started.code == pb.Success, started.msg
        record = tmp_path / "backups" / ".restore_tasks" / f"{started.data.id}.json"
        wait_for(lambda: record.exists() and milvus.has_collection(target))
        assert server.terminate(timeout=60) == 0, server.log_file.read_text()
    finally:
        server.kill()
    try:
        stored = json.loads(record.read_text())
        assert stored["state_code"] == pb.EXECUTING, stored
        assert "server shutting down" in stored["detail"]["phase"], stored
        assert milvus.has_collection(target)  # kept for the resume

        code, result = _cli(config, *staged, "resume", "--id", started.data.id)
        assert code == 0 and result["state"] == "success", result
        milvus.load_collection(target)
        rows = milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"]
        assert rows == source.rows - len(source.deleted)
    finally:
        milvus.drop_collection(target)
