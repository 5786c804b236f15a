"""Helpers of the reliability tests: a BackupService of their own behind a real gRPC server.

The session's ``stub`` serves one fixed configuration; the storage-fault and fuzzing tests
need services with other backup storage (an S3 endpoint behind a fault proxy, a fresh
backup root), each behind its own gRPC listener on a free loopback port.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import grpc

from milvus_backup_grpc.api.grpc_server import start_server
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2_grpc


def local_milvus_settings(milvus_server: Any) -> dict[str, str]:
    """``--set`` overrides for the session's Milvus and its local storage."""
    return {
        "milvus.address": milvus_server.host,
        "milvus.port": str(milvus_server.port),
        "minio.storageType": "local",
        "minio.rootPath": str(milvus_server.local_storage_path),
        "backup.importPollSeconds": "0.5",
    }


@contextmanager
def serving(service: BackupService) -> Iterator[backup_pb2_grpc.MilvusBackupServiceStub]:
    """Serve ``service`` over gRPC on loopback; yield a client stub; stop it afterwards."""
    running = start_server(service, port=0, host="127.0.0.1")
    try:
        with grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            yield backup_pb2_grpc.MilvusBackupServiceStub(channel)
    finally:
        running.stop(grace=5)


def wait_for(predicate: Callable[[], bool], timeout: float = 120, what: str = "condition") -> None:
    """Poll ``predicate`` until it holds; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not reached in {timeout:.0f} s"
        time.sleep(0.2)
