"""The probe that tells whether a backup storage refuses a second exclusive create."""

from __future__ import annotations

from pathlib import Path

from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import MilvusError
from milvus_backup_grpc.milvus.client import MilvusGateway
from milvus_backup_grpc.storage.base import ObjectStorage
from milvus_backup_grpc.storage.local import LocalStorage


class IgnoresConditions(LocalStorage):
    """A store that drops the condition of a create, as some S3-compatible stores do."""

    def create_exclusive(self, key: str, data: bytes) -> str:
        self.write_bytes(key, data)
        return self.read_versioned(key).version


def _no_milvus() -> MilvusGateway:
    raise MilvusError("no Milvus in this test")


def _check_lines(store: LocalStorage) -> list[str]:
    def open_store(config: StorageConfig) -> ObjectStorage:
        return store

    service = BackupService(load_config(None, env={}), _no_milvus, open_store)
    return service.check().lines


def test_a_store_that_refuses_a_second_create_passes_the_probe(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)

    assert store.refuses_second_create("probe/claim")
    assert list(store.list_objects("")) == []  # the probe object is removed
    assert not any(line.startswith("WARNING: Backup storage") for line in _check_lines(store))
    assert list(tmp_path.iterdir()) == []


def test_check_warns_about_a_store_that_ignores_conditional_writes(tmp_path: Path) -> None:
    store = IgnoresConditions(tmp_path)

    assert not store.refuses_second_create("probe/claim")
    lines = _check_lines(store)

    warning = [line for line in lines if line.startswith("WARNING: Backup storage")]
    assert len(warning) == 1
    assert "overwrote an object that a conditional create should have refused" in warning[0]
    assert "If-None-Match" in warning[0]
    assert any(line.endswith(": writable") for line in lines)  # plain writes still work
    assert list(tmp_path.iterdir()) == []
