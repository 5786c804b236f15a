"""Backups of the session's Milvus (local storage) into Google Cloud Storage (fake-gcs-server).

The session's Milvus keeps its binlogs on the local disk, so every binlog streams through this
process into a bucket of fake-gcs-server, through GCS's JSON API (``storageType gcpnative``);
the restore stages the binlogs back into Milvus's storage (the stores differ), imports them, and
removes the staging directory. The restored collection is compared with the original row by
row, the deep verify re-reads every binlog, and deleting the backup leaves no object behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import NotFoundError
from milvus_backup_grpc.storage.gcs import GCSStorage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.sample import SampleCollection
from tests.fixtures.gcs_server import ExternalGcs
from tests.integration.service_tools import (
    back_up_sample,
    loaded_sample,
    local_milvus_backing_up_to,
    restore_and_compare,
)

ROOT = "backup"  # minio.backupRootPath in the bucket


@pytest.fixture
def bucket(gcs_server: ExternalGcs) -> str:
    return gcs_server.new_bucket("milvus-backups")


@pytest.fixture
def service(
    service_config: Config, gcs_server: ExternalGcs, bucket: str
) -> Iterator[BackupService]:
    """The session's Milvus and its local storage; backups go to ``bucket`` on fake-gcs-server."""
    running = local_milvus_backing_up_to(
        service_config, gcs_server.settings(bucket, side="backup"), ROOT
    )
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> Iterator[SampleCollection]:
    with loaded_sample(milvus, unique("gcs_sample"), rows=600) as created:
        yield created


def test_backup_to_gcs_lists_verifies_restores_every_row_and_deletes_every_object(
    service: BackupService,
    milvus: MilvusClient,
    sample: SampleCollection,
    bucket: str,
    unique: Callable[[str], str],
) -> None:
    assert isinstance(service.milvus_storage, LocalStorage)
    assert isinstance(service.backup_storage, GCSStorage)
    assert not service.backup_storage.same_store(service.milvus_storage)
    name = unique("gcs")

    back_up_sample(service, sample, name)
    stored = [o.key for o in service.backup_storage.list_objects(f"{ROOT}/{name}/")]
    assert f"{ROOT}/{name}/meta/full_meta.json" in stored
    assert any("/binlogs/insert_log/" in k for k in stored)
    assert any("/binlogs/delta_log/" in k for k in stored)  # the sample's deletes
    verified = service.verify_backup(name, deep=True)  # every binlog re-read and hashed
    assert verified.ok and verified.source == "manifest", verified.summary()

    assert name in [b.name for b in service.list_backups()]
    fetched = service.get_backup(name)
    assert fetched.state_code == model.BACKUP_SUCCESS
    assert [c.collection_name for c in fetched.collection_backups] == [sample.name]

    restore_and_compare(service, milvus, sample, name, "_from_gcs")
    milvus_root = Path(service.config.milvus_storage.root_path)
    assert not list(milvus_root.glob("restore-temp-*")), "the restore left its staged binlogs"

    service.delete_backup(name)

    assert list(service.backup_storage.list_objects(f"{ROOT}/{name}/")) == []
    assert name not in [b.name for b in service.list_backups()]
    with pytest.raises(NotFoundError):
        service.get_backup(name)
