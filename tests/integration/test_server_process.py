"""The real server process: config file, reflection, health, SIGTERM, logs without secrets."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc

SECRETS = ("pa55-word-for-test", "secret-key-for-test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(path: Path, milvus_server: Any, backup_root: Path) -> Path:
    path.write_text(
        "milvus:\n"
        f"  address: {milvus_server.host}\n"
        f"  port: {milvus_server.port}\n"
        "  user: root\n"
        f"  password: {SECRETS[0]}\n"
        "minio:\n"
        "  storageType: local\n"
        f"  rootPath: {milvus_server.local_storage_path}\n"
        f"  secretAccessKey: {SECRETS[1]}\n"
        f"  backupRootPath: {backup_root}\n",
        encoding="utf-8")
    return path


@pytest.fixture
def server_process(tmp_path: Path, milvus_server: Any, backup_root: Path
                   ) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    config = write_config(tmp_path / "backup.yaml", milvus_server, backup_root)
    port = free_port()
    stderr = tmp_path / "server.log"
    with stderr.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "server",
             "--port", str(port), "--host", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=err, text=True, env={**os.environ})
    try:
        deadline = time.monotonic() + 30
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            while True:
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                    if status == health_pb2.HealthCheckResponse.SERVING:
                        break
                except grpc.RpcError:
                    pass
                assert proc.poll() is None, stderr.read_text()
                assert time.monotonic() < deadline, "server did not become healthy"
                time.sleep(0.2)
        yield proc, port, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_server_serves_reflection_health_and_stops_on_sigterm(
        server_process: tuple[subprocess.Popen[str], int, Path]) -> None:
    proc, port, log_file = server_process
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
        assert {"milvus.proto.backup.MilvusBackupService", "grpc.health.v1.Health"} <= services
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(
            service="milvus.proto.backup.MilvusBackupService"))
        assert health.status == health_pb2.HealthCheckResponse.SERVING

        stub = backup_pb2_grpc.MilvusBackupServiceStub(channel)
        check = stub.Check(pb.CheckRequest())
        assert check.code == pb.Success, check.msg
        assert "version v2.3" in check.msg
        listed = stub.ListBackups(pb.ListBackupsRequest(requestId="req-1"))
        assert listed.code == pb.Success and listed.requestId == "req-1"
        refused = stub.GetBackup(pb.GetBackupRequest(backup_name="../../etc"))
        assert refused.code == pb.Parameter_Error

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    lines = [json.loads(line) for line in log_file.read_text().splitlines() if line.strip()]
    assert any("serving milvus.proto.backup.MilvusBackupService" in e["msg"] for e in lines)
    assert any("shutting down" in e["msg"] for e in lines)
    text = log_file.read_text()
    for secret in SECRETS:
        assert secret not in text
