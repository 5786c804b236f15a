"""Helpers of the reliability tests: a BackupService of their own behind a real gRPC server.

The session's ``stub`` serves one fixed configuration; the storage-fault and fuzzing tests
need services with other backup storage (an S3 endpoint behind a fault proxy, a fresh
backup root), each behind its own gRPC listener on a free loopback port.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import grpc
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.api.grpc_server import start_server
from milvus_backup_grpc.config import Config, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2_grpc
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection


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


def local_milvus_backing_up_to(
    service_config: Config, backup_side: dict[str, str], backup_root: str
) -> BackupService:
    """A service on the session's Milvus and its local storage, backing up to ``backup_side``."""
    overrides = {
        "milvus.address": service_config.milvus.address,
        "milvus.port": str(service_config.milvus.port),
        "minio.storageType": "local",
        "minio.rootPath": service_config.milvus_storage.root_path,
        **backup_side,
        "minio.backupRootPath": backup_root,
        "backup.importPollSeconds": "0.5",
    }
    return BackupService(load_config(None, env={}, overrides=overrides))


@contextmanager
def loaded_sample(milvus: MilvusClient, name: str, rows: int) -> Iterator[SampleCollection]:
    """A loaded sample collection of ``rows`` rows, dropped afterwards."""
    created = create_sample_collection(milvus, name, rows=rows)
    milvus.load_collection(created.name)
    try:
        yield created
    finally:
        milvus.drop_collection(created.name)


def back_up_sample(service: BackupService, sample: SampleCollection, name: str) -> model.BackupInfo:
    """Check the service, back up ``sample`` as ``name``; assert every row is in its binlogs."""
    report = service.check()
    assert report.ok, report.lines
    info = service.create_backup(
        model.CreateBackupInput(name=name, selection={"default": [sample.name]})
    )
    assert info.state_code == model.BACKUP_SUCCESS
    segments = [s for p in info.collection_backups[0].partition_backups for s in p.segment_backups]
    assert segments and all(s.binlogs for s in segments), "a backup without binlogs"
    assert sum(s.num_of_rows for s in segments) == sample.rows
    return info


def restore_and_compare(
    service: BackupService, client: MilvusClient, sample: SampleCollection, name: str, suffix: str
) -> None:
    """Restore backup ``name`` as ``<sample><suffix>``, compare every row, drop the copy."""
    target = f"{sample.name}{suffix}"
    restored = service.restore_backup(
        model.RestoreInput(backup_name=name, suffix=suffix, restore_index=True)
    )
    assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
    try:
        client.load_collection(target)
        comparison = compare_collections(client, sample.name, target)
        assert comparison.equal, comparison.differences
        assert comparison.rows == sample.rows - len(sample.deleted)
    finally:
        client.drop_collection(target)


_database_aliases = itertools.count()


@contextmanager
def database_client(uri: str, db: str, **credentials: str) -> Iterator[MilvusClient]:
    """A client bound to database ``db``, closed afterwards.

    pymilvus 2.6's ``use_database`` first asks DescribeDatabase, which Milvus 2.3 lacks; a
    client opened on the database asks nothing. Its own alias keeps closing it from closing
    other clients of the same server.
    """
    client = MilvusClient(uri=uri, db_name=db, alias=f"tests-db-{next(_database_aliases)}",
                          **credentials)
    try:
        yield client
    finally:
        client.close()
