"""The real grpcurl against the service: reflection, describe, and calls with JSON input.

grpcurl is built at a pinned version by scripts/install_grpcurl.sh (Go toolchain, module
proxy) into tools/bin; without Go these tests skip. grpcurl speaks protobuf JSON: input
accepts proto names and lowerCamel names; output has enums by name, 64-bit integers as
strings, no zero values (so ``code`` is absent on Success), and, against this server, proto
field names as keys (grpcurl uses ``json_name`` only when the reflected descriptor sets it,
and those of a Python server do not).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import RunningServer
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "milvus.proto.backup.MilvusBackupService"
CONTROL = "milvusbackupgrpc.control.v1.MilvusBackupControlService"
INSTALL_TIMEOUT = 900  # a cold module cache downloads grpcurl's dependencies first


@pytest.fixture(scope="module")
def grpcurl() -> Path:
    """The pinned grpcurl binary, built on first use."""
    if shutil.which("go") is None:
        pytest.skip("grpcurl is built with the Go toolchain, and 'go' is not on PATH")
    try:
        run = subprocess.run(
            ["bash", str(ROOT / "scripts" / "install_grpcurl.sh")],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"scripts/install_grpcurl.sh took more than {INSTALL_TIMEOUT}s")
    assert run.returncode == 0, f"install_grpcurl.sh failed:\n{run.stdout}\n{run.stderr}"
    return Path(run.stdout.strip().splitlines()[-1])


@pytest.fixture
def grpc_call(grpcurl: Path, backup_server: RunningServer) -> Iterator[Callable[..., str]]:
    address = f"127.0.0.1:{backup_server.port}"

    def call(*args: str, data: Any = None) -> str:
        """grpcurl -plaintext [-d JSON] ADDRESS ARGS...; its stdout (exit status 0 asserted)."""
        command = [str(grpcurl), "-plaintext"]
        if data is not None:
            command += ["-d", data if isinstance(data, str) else json.dumps(data)]
        command += [address, *args]
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{' '.join(command)}\n{run.stdout}\n{run.stderr}"
        return run.stdout

    yield call


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> SampleCollection:
    return create_sample_collection(milvus, unique("grpcurl"), rows=300)


def test_list_shows_the_backup_and_health_services(grpc_call: Callable[..., str]) -> None:
    services = grpc_call("list").split()
    assert SERVICE in services
    assert "grpc.health.v1.Health" in services
    assert set(grpc_call("list", SERVICE).split()) == {
        f"{SERVICE}.{rpc}"
        for rpc in (
            "CreateBackup",
            "GetBackup",
            "ListBackups",
            "DeleteBackup",
            "RestoreBackup",
            "GetRestore",
            "Check",
        )
    }
    health = json.loads(grpc_call("grpc.health.v1.Health/Check", data={"service": SERVICE}))
    assert health == {"status": "SERVING"}


def test_list_shows_the_control_service_and_calls_it(grpc_call: Callable[..., str]) -> None:
    assert CONTROL in grpc_call("list").split()
    assert set(grpc_call("list", CONTROL).split()) == {
        f"{CONTROL}.ListTasks",
        f"{CONTROL}.CancelTask",
        f"{CONTROL}.ResumeTask",
    }
    described = grpc_call("describe", "milvusbackupgrpc.control.v1.CancelTaskRequest")
    assert "string backup_name = 2;" in described
    listed = json.loads(grpc_call(f"{CONTROL}/ListTasks", data={"kind": "TASK_KIND_BACKUP"}))
    assert "code" not in listed  # Success, a zero value, is not printed
    health = json.loads(grpc_call("grpc.health.v1.Health/Check", data={"service": CONTROL}))
    assert health == {"status": "SERVING"}
    refused = json.loads(grpc_call(f"{CONTROL}/CancelTask", data={"task_id": "no_such_task"}))
    assert refused["code"] == "Request_Object_Not_Found" and "no_such_task" in refused["msg"]


def test_describe_shows_the_request_fields(grpc_call: Callable[..., str]) -> None:
    text = grpc_call("describe", "milvus.proto.backup.CreateBackupRequest")
    assert "milvus.proto.backup.CreateBackupRequest is a message:" in text
    for declaration in (
        "string requestId = 1;",
        "string backup_name = 2;",
        "repeated string collection_names = 3;",
        "bool async = 4;",
        ".google.protobuf.Value db_collections = 5;",
        "bool meta_only = 7;",
    ):
        assert declaration in text, text
    service = grpc_call("describe", SERVICE)
    assert f"{SERVICE} is a service:" in service
    assert (
        "rpc CreateBackup ( .milvus.proto.backup.CreateBackupRequest ) returns "
        "( .milvus.proto.backup.BackupInfoResponse );"
    ) in service
    # Method and enum-value names resolve too (Python's reflection alone cannot: grpc#34743).
    method = grpc_call("describe", f"{SERVICE}.RestoreBackup")
    assert f"{SERVICE}.RestoreBackup is a method:" in method
    value = grpc_call("describe", "milvus.proto.backup.ResponseCode.Parameter_Error")
    assert "Parameter_Error = 400" in value


def test_check_and_list_backups(grpc_call: Callable[..., str], milvus: MilvusClient) -> None:
    check = json.loads(grpc_call(f"{SERVICE}/Check"))
    assert "code" not in check  # Success is protojson's default value: left out
    assert f"version {milvus.get_server_version()}" in check["msg"]

    listed = json.loads(grpc_call(f"{SERVICE}/ListBackups", data={"requestId": "curl-1"}))
    assert listed["requestId"] == "curl-1" and listed["msg"] == "success"
    assert "code" not in listed


def test_create_backup_with_json_input(
    grpc_call: Callable[..., str], sample: SampleCollection, unique: Callable[[str], str]
) -> None:
    name = unique("grpcurl")
    created = json.loads(
        grpc_call(
            f"{SERVICE}/CreateBackup", data={"backup_name": name, "collection_names": [sample.name]}
        )
    )
    assert "code" not in created and created["msg"] == "success", created
    data = created["data"]
    assert data["name"] == name
    # Keys are the proto names: grpcurl writes a field's json_name only when the served
    # descriptor carries one, and the descriptors protoc embeds for Python do not.
    assert data["state_code"] == "BACKUP_SUCCESS"  # enums by name
    assert data["progress"] == 100
    assert int(data["size"]) > 0 and isinstance(data["size"], str)  # int64 as a string
    [coll] = data["collection_backups"]
    assert (coll["db_name"], coll["collection_name"], coll["has_index"]) == (
        "default",
        sample.name,
        True,
    )
    fields = {f["name"]: f for f in coll["schema"]["fields"]}
    assert fields["id"]["is_primary_key"] is True and fields["id"]["fieldID"] == "100"
    assert fields["vec"]["data_type"] == "FloatVector"

    # Input: db_collections (a google.protobuf.Value) as an object; lowerCamel names work too.
    by_db = unique("grpcurl_db")
    created = json.loads(
        grpc_call(
            f"{SERVICE}/CreateBackup",
            data={
                "backupName": by_db,
                "dbCollections": {"default": [sample.name]},
                "metaOnly": True,
            },
        )
    )
    assert created["data"]["state_code"] == "BACKUP_SUCCESS", created
    assert [c["collection_name"] for c in created["data"]["collection_backups"]] == [sample.name]

    got = json.loads(grpc_call(f"{SERVICE}/GetBackup", data={"backup_name": name}))
    assert got["data"]["name"] == name
    listed = json.loads(grpc_call(f"{SERVICE}/ListBackups"))
    assert {name, by_db} <= {b["name"] for b in listed["data"]}

    missing = json.loads(grpc_call(f"{SERVICE}/GetBackup", data={"backup_name": unique("missing")}))
    assert missing["code"] == "Request_Object_Not_Found" and missing["msg"]
    for backup in (name, by_db):
        deleted = json.loads(grpc_call(f"{SERVICE}/DeleteBackup", data={"backup_name": backup}))
        # Field 1000 (freed_bytes), an int64: a string in protobuf JSON.
        assert deleted.pop("msg") == "success" and set(deleted) == {"freed_bytes"}, deleted
        assert int(deleted["freed_bytes"]) > 0


def test_grpcurl_restores_a_backup(grpc_call: Callable[..., str], milvus: MilvusClient,
                                   sample: SampleCollection,
                                   unique: Callable[[str], str]) -> None:
    name = unique("grpcurl_rs")
    created = json.loads(grpc_call(f"{SERVICE}/CreateBackup",
                                   data={"backup_name": name, "collection_names": [sample.name]}))
    assert created["data"]["state_code"] == "BACKUP_SUCCESS", created
    restored = json.loads(grpc_call(f"{SERVICE}/RestoreBackup", data={
        "backup_name": name, "collection_suffix": "_grpcurl", "restoreIndex": True}))
    assert "code" not in restored, restored
    assert restored["data"]["state_code"] == "SUCCESS"
    target = sample.name + "_grpcurl"
    milvus.load_collection(target)
    count = milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"]
    assert count == sample.rows - len(sample.deleted)
