"""Backups of a Milvus that keeps its binlogs in S3 (moto), to every kind of backup storage.

One Milvus 2.3.5 runs for the module with ``COMMON_STORAGETYPE=minio`` against the session's S3
endpoint, writing ``files/insert_log/...`` into its own bucket. One sample collection is backed
up to (a) the same bucket, (b) another bucket on the same endpoint, (c) a second S3 endpoint and
(d) a local directory; each backup is restored into the same Milvus under a new name and
compared with the original row by row, and the restore's staging prefix must be gone after.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import LayoutError, NotFoundError, StorageError
from milvus_backup_grpc.layout.manifest import read_manifest
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.s3 import S3Storage
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.fixtures.milvus_server import EmbeddedMilvus
from tests.fixtures.s3_server import ExternalS3, MotoServer
from tests.integration.service_tools import back_up_sample, restore_and_compare

ROOT = "files"  # Milvus's rootPath in its bucket


@pytest.fixture(scope="module")
def milvus_bucket(s3_server: ExternalS3) -> str:
    return s3_server.new_bucket("milvus")


@pytest.fixture(scope="module")
def milvus_on_s3(
    s3_server: ExternalS3, milvus_bucket: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EmbeddedMilvus]:
    pytest.importorskip("milvus", reason="embedded Milvus needs the PyPI 'milvus' package")
    server = EmbeddedMilvus(
        tmp_path_factory.mktemp("milvus-s3"),
        env=s3_server.milvus_storage_env(milvus_bucket, ROOT),
    )
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def client(milvus_on_s3: EmbeddedMilvus) -> Iterator[MilvusClient]:
    milvus = MilvusClient(uri=milvus_on_s3.uri)
    try:
        yield milvus
    finally:
        milvus.close()


@pytest.fixture(scope="module")
def sample(client: MilvusClient) -> SampleCollection:
    created = create_sample_collection(client, "s3_sample", rows=900)
    client.load_collection(created.name)
    return created


@pytest.fixture(scope="module")
def second_s3() -> Iterator[MotoServer]:
    """Another S3 endpoint: nothing is copied server-side between it and the first."""
    with MotoServer() as server:
        yield server


@pytest.fixture
def service_for(
    milvus_on_s3: EmbeddedMilvus, s3_server: ExternalS3, milvus_bucket: str
) -> Iterator[Callable[..., BackupService]]:
    """Build a BackupService on Milvus-on-S3 with extra ``--set`` overrides for the backup side."""
    made: list[BackupService] = []

    def make(**backup_side: str) -> BackupService:
        overrides = {
            "milvus.address": milvus_on_s3.host,
            "milvus.port": str(milvus_on_s3.port),
            **s3_server.settings(milvus_bucket),
            "minio.rootPath": ROOT,
            "backup.importPollSeconds": "0.5",
            **backup_side,
        }
        service = BackupService(load_config(None, env={}, overrides=overrides))
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


def s3_keys(server: ExternalS3, bucket: str, prefix: str) -> list[str]:
    pages = server.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [obj["Key"] for page in pages for obj in page.get("Contents", [])]


def back_up_and_restore(
    service: BackupService, client: MilvusClient, sample: SampleCollection, name: str
) -> model.BackupInfo:
    """Back up the sample, restore it as ``<sample>_<name>``, and compare every row."""
    info = back_up_sample(service, sample, name)
    verified = service.verify_backup(name, deep=True)
    assert verified.ok and verified.source == "manifest", verified.summary()
    assert verified.checked == binlog_count(info)
    restore_and_compare(service, client, sample, name, f"_{name}")
    return info


def count_calls(store: Any) -> Counter[str]:
    """S3 operations the store's client sends from now on, by name."""
    calls: Counter[str] = Counter()
    store.client.meta.events.register(
        "before-call.s3.*", lambda model, **_: calls.update([model.name])
    )
    return calls


def binlog_count(info: model.BackupInfo) -> int:
    return sum(
        len(b.binlogs)
        for p in info.collection_backups[0].partition_backups
        for s in p.segment_backups
        for b in [*s.binlogs, *s.deltalogs]
    )


def manifest_algorithms(service: BackupService, name: str) -> set[str]:
    """How the backup's manifest fingerprints its objects ("blake3", "sha256", "etag")."""
    entries = read_manifest(service.backup_storage, service.catalog().layout(name))
    assert entries
    return {e.checksum.algorithm for e in entries}


def backup_objects(service: BackupService, name: str) -> list[str]:
    layout = service.catalog().layout(name)
    return [o.key for o in service.backup_storage.list_objects(layout.dir)]


def test_backup_into_the_milvus_bucket_copies_and_imports_in_place(
    service_for: Callable[..., BackupService],
    client: MilvusClient,
    sample: SampleCollection,
    s3_server: ExternalS3,
    milvus_bucket: str,
) -> None:
    service = service_for(**{"minio.backupRootPath": "backup"})
    assert isinstance(service.backup_storage, S3Storage)
    assert service.backup_storage.same_store(service.milvus_storage)  # restore imports directly
    to_backup, to_milvus = count_calls(service.backup_storage), count_calls(service.milvus_storage)

    info = back_up_and_restore(service, client, sample, "same_bucket")

    assert to_backup["CopyObject"] == binlog_count(info)  # each binlog copied server-side once
    assert to_milvus["CopyObject"] == to_milvus["PutObject"] == 0  # nothing staged
    assert manifest_algorithms(service, "same_bucket") == {"etag"}  # the store's own tags

    stored = s3_keys(s3_server, milvus_bucket, "backup/same_bucket/")
    assert "backup/same_bucket/meta/full_meta.json" in stored
    assert any("/binlogs/insert_log/" in k for k in stored)
    assert any("/binlogs/delta_log/" in k for k in stored)  # the sample's deletes
    assert s3_keys(s3_server, milvus_bucket, f"{ROOT}/restore-temp-") == []

    # A binlog rewritten in place with other bytes of the same size gets a new ETag, so even
    # the listing-only check sees it, and a restore refuses the backup.
    victim = next(k for k in stored if "/binlogs/insert_log/" in k)
    body = s3_server.client().get_object(Bucket=milvus_bucket, Key=victim)["Body"].read()
    s3_server.client().put_object(Bucket=milvus_bucket, Key=victim, Body=body[::-1])
    damaged = service.verify_backup("same_bucket")
    assert damaged.wrong_checksum == [victim.removeprefix("backup/same_bucket/")]
    with pytest.raises(LayoutError, match="DAMAGED"):
        service.restore_backup(model.RestoreInput(backup_name="same_bucket", suffix="_damaged"))
    assert not client.has_collection(f"{sample.name}_damaged")


def test_backup_into_another_bucket_stages_the_restore_in_the_milvus_bucket(
    service_for: Callable[..., BackupService],
    client: MilvusClient,
    sample: SampleCollection,
    s3_server: ExternalS3,
    milvus_bucket: str,
) -> None:
    backup_bucket = s3_server.new_bucket("backups")
    service = service_for(
        **{"minio.backupBucketName": backup_bucket, "minio.backupRootPath": "backup"}
    )
    assert isinstance(service.backup_storage, S3Storage)
    # Same endpoint and keys: copies are server-side, but Milvus imports only from its bucket.
    assert not service.backup_storage.same_store(service.milvus_storage)
    to_backup, to_milvus = count_calls(service.backup_storage), count_calls(service.milvus_storage)

    info = back_up_and_restore(service, client, sample, "other_bucket")

    # Backup and staging both copy server-side: no binlog passes through this process.
    assert to_backup["CopyObject"] == to_milvus["CopyObject"] == binlog_count(info)
    assert to_milvus["GetObject"] == to_milvus["PutObject"] == 0

    assert "backup/other_bucket/meta/full_meta.json" in s3_keys(
        s3_server, backup_bucket, "backup/other_bucket/"
    )
    assert s3_keys(s3_server, milvus_bucket, "backup/other_bucket/") == []
    assert s3_keys(s3_server, milvus_bucket, f"{ROOT}/restore-temp-") == []


def test_backup_to_a_second_endpoint_streams_both_ways(
    service_for: Callable[..., BackupService],
    client: MilvusClient,
    sample: SampleCollection,
    s3_server: ExternalS3,
    second_s3: MotoServer,
    milvus_bucket: str,
) -> None:
    remote_bucket = second_s3.new_bucket("remote")
    service = service_for(
        **second_s3.settings(remote_bucket, side="backup"), **{"minio.backupRootPath": "vault"}
    )
    assert isinstance(service.backup_storage, S3Storage)
    assert service.backup_storage.endpoint == second_s3.endpoint
    assert not service.backup_storage.same_store(service.milvus_storage)
    to_backup, to_milvus = count_calls(service.backup_storage), count_calls(service.milvus_storage)

    info = back_up_and_restore(service, client, sample, "second_endpoint")

    # Every binlog streams through this process: out of Milvus's bucket, and back to stage it.
    assert to_backup["CopyObject"] == to_milvus["CopyObject"] == 0
    assert to_milvus["GetObject"] == to_milvus["PutObject"] == binlog_count(info)
    assert manifest_algorithms(service, "second_endpoint") == {"blake3"}  # hashed in flight

    stored = s3_keys(second_s3, remote_bucket, "vault/second_endpoint/")
    assert "vault/second_endpoint/meta/full_meta.json" in stored
    assert any("/binlogs/insert_log/" in k for k in stored)
    assert s3_keys(s3_server, milvus_bucket, f"{ROOT}/restore-temp-") == []


def test_backup_to_a_local_directory(
    service_for: Callable[..., BackupService],
    client: MilvusClient,
    sample: SampleCollection,
    s3_server: ExternalS3,
    milvus_bucket: str,
    tmp_path: Path,
) -> None:
    service = service_for(
        **{"minio.backupStorageType": "local", "minio.backupRootPath": str(tmp_path / "vault")}
    )
    assert isinstance(service.backup_storage, LocalStorage)

    back_up_and_restore(service, client, sample, "local_dir")

    assert (tmp_path / "vault" / "local_dir" / "meta" / "full_meta.json").is_file()
    assert list((tmp_path / "vault" / "local_dir" / "binlogs" / "insert_log").rglob("*"))
    assert s3_keys(s3_server, milvus_bucket, f"{ROOT}/restore-temp-") == []


def test_a_wrong_root_path_fails_the_backup_and_names_the_setting(
    service_for: Callable[..., BackupService], sample: SampleCollection, unique: Any
) -> None:
    service = service_for(**{"minio.rootPath": "file", "minio.backupRootPath": "backup"})
    name = unique("wrong_root")

    report = service.check()
    assert any("holds no insert_log" in line and "minio.rootPath" in line for line in report.lines)
    with pytest.raises(StorageError, match="minio.rootPath") as caught:
        service.create_backup(
            model.CreateBackupInput(name=name, selection={"default": [sample.name]})
        )
    assert "no insert binlogs under 'file/insert_log/" in str(caught.value)

    # Refused by the preflight, before anything was written.
    assert backup_objects(service, name) == []
    with pytest.raises(NotFoundError):
        service.get_backup(name)
