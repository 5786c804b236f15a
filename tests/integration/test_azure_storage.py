"""Backups of the session's Milvus (local storage) into Azure Blob Storage (Azurite).

The session's Milvus keeps its binlogs on the local disk, so every binlog streams through this
process into a container of Azurite; the restore stages the binlogs back into Milvus's storage
(the stores differ), imports them, and removes the staging directory. The restored collection
is compared with the original row by row, and deleting the backup leaves no blob behind.
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
from milvus_backup_grpc.storage.azure import AzureStorage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.sample import SampleCollection
from tests.fixtures.azurite import ExternalAzurite
from tests.integration.service_tools import (
    back_up_sample,
    loaded_sample,
    local_milvus_backing_up_to,
    restore_and_compare,
)

ROOT = "backup"  # minio.backupRootPath in the container


@pytest.fixture
def container(azurite: ExternalAzurite) -> str:
    return azurite.new_container("milvus-backups")


@pytest.fixture
def service(
    service_config: Config, azurite: ExternalAzurite, container: str
) -> Iterator[BackupService]:
    """The session's Milvus and its local storage; backups go to ``container`` on Azurite."""
    running = local_milvus_backing_up_to(
        service_config, azurite.settings(container, side="backup"), ROOT
    )
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> Iterator[SampleCollection]:
    with loaded_sample(milvus, unique("azure_sample"), rows=900) as created:
        yield created


def test_backup_to_azure_lists_restores_every_row_and_deletes_every_blob(
    service: BackupService,
    milvus: MilvusClient,
    sample: SampleCollection,
    azurite: ExternalAzurite,
    container: str,
    unique: Callable[[str], str],
) -> None:
    assert isinstance(service.milvus_storage, LocalStorage)
    assert isinstance(service.backup_storage, AzureStorage)
    assert not service.backup_storage.same_store(service.milvus_storage)
    name = unique("azure")

    info = back_up_sample(service, sample, name)
    stored = azurite.blob_names(container, f"{ROOT}/{name}/")
    assert f"{ROOT}/{name}/meta/full_meta.json" in stored
    insert_logs = [k for k in stored if "/binlogs/insert_log/" in k]
    assert insert_logs and any("/binlogs/delta_log/" in k for k in stored)  # sample's deletes
    blobs = azurite.client().get_container_client(container)
    # Streamed through this process (Put Blob), not copied by the service (Copy Blob).
    assert blobs.get_blob_client(insert_logs[0]).get_blob_properties().copy.status is None

    assert name in [b.name for b in service.list_backups()]
    fetched = service.get_backup(name)
    assert fetched.state_code == model.BACKUP_SUCCESS
    assert [c.collection_name for c in fetched.collection_backups] == [sample.name]
    assert fetched.size == info.size > 0

    restore_and_compare(service, milvus, sample, name, "_from_azure")
    milvus_root = Path(service.config.milvus_storage.root_path)
    assert not list(milvus_root.glob("restore-temp-*")), "the restore left its staged binlogs"

    service.delete_backup(name)

    assert azurite.blob_names(container, f"{ROOT}/{name}/") == []
    assert name not in [b.name for b in service.list_backups()]
    with pytest.raises(NotFoundError):
        service.get_backup(name)
