"""The real server process: config file, reflection, health, SIGTERM, logs without secrets."""

from __future__ import annotations

import json
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
from tests.integration.server_process import ServerProcess, write_config

SECRETS = ("pa55-word-for-test", "secret-key-for-test")


@pytest.fixture
def server_process(tmp_path: Path, milvus_server: Any, backup_root: Path
                   ) -> Iterator[ServerProcess]:
    extra = f"  user: root\n  password: {SECRETS[0]}\n"
    config = write_config(tmp_path / "backup.yaml", milvus_server, backup_root, extra)
    with config.open("a") as f:
        f.write(f"  secretAccessKey: {SECRETS[1]}\n")
    with ServerProcess(config, tmp_path / "server.log") as server:
        yield server


def test_server_serves_reflection_health_and_stops_on_sigterm(
        server_process: ServerProcess) -> None:
    log_file = server_process.log_file
    with grpc.insecure_channel(server_process.address) as channel:
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

    assert server_process.terminate() == 0
    lines = [json.loads(line) for line in log_file.read_text().splitlines() if line.strip()]
    assert any("serving milvus.proto.backup.MilvusBackupService" in e["msg"] for e in lines)
    assert any("shutting down" in e["msg"] for e in lines)
    text = log_file.read_text()
    for secret in SECRETS:
        assert secret not in text
