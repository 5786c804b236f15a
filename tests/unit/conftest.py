"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

from milvus_backup_grpc import model
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
