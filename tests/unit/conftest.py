"""Fixtures shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.storage.local import LocalStorage
from tests.unit.samples import build_backup_info


@pytest.fixture
def backup_info() -> model.BackupInfo:
    """A fresh sample backup tree (see ``samples.build_backup_info``)."""
    return build_backup_info()


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    """An empty local object store in a temporary directory."""
    return LocalStorage(tmp_path)


@pytest.fixture
def layout(backup_info: model.BackupInfo) -> BackupLayout:
    """Where the sample backup lives: root "backup", its own name."""
    return BackupLayout("backup", backup_info.name)


@pytest.fixture
def service(tmp_path: Path) -> BackupService:
    """A service on local storage in a temporary directory; Milvus is reached only on a call
    that needs it, which unit tests do not make."""
    config = load_config(None, env={}, overrides={
        "minio.storageType": "local",
        "minio.rootPath": str(tmp_path / "milvus"),
        "minio.backupRootPath": str(tmp_path / "backups"),
    })
    return BackupService(config)
