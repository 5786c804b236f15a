"""Fixtures for tests against the real Milvus: the backup service over gRPC, and clients."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import RunningServer, start_server
from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import Config, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2_grpc

_counter = itertools.count()


@pytest.fixture(scope="session")
def backup_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local directory that holds the session's backups."""
    return tmp_path_factory.mktemp("backups")


@pytest.fixture(scope="session")
def service_config(milvus_server: Any, backup_root: Path) -> Config:
    """Configuration pointing the service at the session's Milvus and backup root."""
    return load_config(None, env={}, overrides={
        "milvus.address": milvus_server.host,
        "milvus.port": str(milvus_server.port),
        "minio.storageType": "local",
        "minio.rootPath": str(milvus_server.local_storage_path),
        "minio.backupRootPath": str(backup_root),
        "backup.importPollSeconds": "0.5",
    })


@pytest.fixture(scope="session")
def backup_server(service_config: Config) -> Iterator[RunningServer]:
    """The gRPC service, in this process, on a free loopback port."""
    running = start_server(BackupService(service_config), port=0, host="127.0.0.1")
    try:
        yield running
    finally:
        running.stop(grace=5)


@pytest.fixture(scope="session")
def rest_server(backup_server: RunningServer) -> Iterator[RunningRestServer]:
    """Upstream's REST API over the same BackupService as ``backup_server``, on loopback."""
    running = start_rest_server(backup_server.service, port=0, host="127.0.0.1")
    try:
        yield running
    finally:
        running.stop(grace=5)


@pytest.fixture(scope="session")
def stub(backup_server: RunningServer) -> Iterator[backup_pb2_grpc.MilvusBackupServiceStub]:
    """A client of the service, as any gRPC program would hold one."""
    with grpc.insecure_channel(f"127.0.0.1:{backup_server.port}") as channel:
        yield backup_pb2_grpc.MilvusBackupServiceStub(channel)


@pytest.fixture(scope="session")
def milvus(milvus_server: Any) -> Iterator[MilvusClient]:
    """A pymilvus client of the session's Milvus."""
    # Its own connection alias: pymilvus shares one per URI, so a test closing another client
    # of the same server would otherwise close this one too.
    client = MilvusClient(uri=f"http://{milvus_server.host}:{milvus_server.port}",
                          alias="tests-session-milvus")
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Names unique within the session, so tests never share collections or backups."""
    def make(prefix: str) -> str:
        return f"{prefix}_{next(_counter)}"

    return make


@pytest.fixture
def cli(tmp_path: Path, milvus_server: Any, backup_root: Path,
        capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """The command line, run in-process on the session's Milvus and backup root."""
    config = tmp_path / "backup.yaml"
    config.write_text(
        f"milvus:\n  address: {milvus_server.host}\n  port: {milvus_server.port}\n"
        f"minio:\n  storageType: local\n  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {backup_root}\n", encoding="utf-8")

    def run(*argv: str) -> tuple[int, str]:
        code = main(["--config", str(config), *argv])
        return code, capsys.readouterr().out

    return run
