"""Open the backend a storage configuration names."""

from __future__ import annotations

from ..config import StorageConfig
from ..errors import ConfigError
from .base import ObjectStorage
from .local import LocalStorage


def open_storage(config: StorageConfig) -> ObjectStorage:
    """The backend for one side (Milvus's storage or the backup storage).

    Raises:
        ConfigError: the storage type is not available.
    """
    if config.storage_type == "local":
        return LocalStorage(".")
    raise ConfigError(
        f"storageType {config.storage_type!r} is not available in this version; "
        "set minio.storageType / minio.backupStorageType to 'local'"
    )
