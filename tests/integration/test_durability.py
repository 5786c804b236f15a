"""A backup's binlogs are made durable by one sync of the store, before its metadata.

The local backend copies binlogs without an fsync each; the backup then syncs the store once
and only afterwards writes its manifest and the metadata that declares it complete
(``full_meta.json`` last).
A backend that records the order of the calls it receives (the real local backend underneath)
shows that order on a real backup of a real Milvus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config, StorageConfig
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.layout import paths
from milvus_backup_grpc.storage.base import Checksum, ObjectStorage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.sample import create_sample_collection


class RecordingLocalStorage(LocalStorage):
    """The local backend, noting each write and sync in one shared, ordered list."""

    def __init__(self, events: list[tuple[str, str]]) -> None:
        super().__init__(".")
        self.events = events

    def write_bytes(self, key: str, data: bytes) -> None:
        super().write_bytes(key, data)
        self.events.append(("write", key))

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        super().write_stream(key, stream, size)
        self.events.append(("copy", key))

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        checksum = super().copy_from(source, src_key, dst_key, size, algorithm)
        self.events.append(("copy", dst_key))
        return checksum

    def sync(self, prefix: str) -> None:
        self.events.append(("sync", prefix))
        super().sync(prefix)


def test_a_backup_syncs_its_binlogs_once_before_it_writes_its_metadata(
    service_config: Config, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    source = create_sample_collection(milvus, unique("durable_src"), rows=600)
    name = unique("durable")
    events: list[tuple[str, str]] = []

    def storage(config: StorageConfig) -> ObjectStorage:
        assert config.storage_type == "local"
        return RecordingLocalStorage(events)

    service = BackupService(service_config, storage_factory=storage)
    try:
        info = service.create_backup(
            model.CreateBackupInput(name=name, selection={"default": [source.name]})
        )
        assert info.state_code == model.BACKUP_SUCCESS and info.size > 0

        layout = service.catalog().layout(name)
        syncs = [i for i, (kind, _) in enumerate(events) if kind == "sync"]
        assert [events[i] for i in syncs] == [("sync", layout.dir)]  # once, for the backup
        copies = [i for i, (kind, _) in enumerate(events) if kind == "copy"]
        assert copies and max(copies) < syncs[0]  # every binlog landed before the sync
        meta_writes = [
            i for i, (kind, key) in enumerate(events)
            if kind == "write" and key.startswith(layout.dir + "meta/")
        ]
        full_meta = events.index(("write", layout.meta(paths.FULL_META)))
        assert min(meta_writes) > syncs[0]  # no manifest or metadata file before the sync
        assert full_meta == max(meta_writes)  # full_meta.json last
        service.delete_backup(name)
    finally:
        service.close(wait=30)
        milvus.drop_collection(source.name)
