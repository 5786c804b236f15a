"""Open the backend a storage configuration names."""

from __future__ import annotations

from ..config import StorageConfig
from ..errors import ConfigError
from .azure import AZURE_TYPES, AzureStorage
from .base import ObjectStorage
from .local import LocalStorage
from .s3 import S3_TYPES, S3Storage


def open_storage(config: StorageConfig) -> ObjectStorage:
    """The backend for one side (Milvus's storage or the backup storage).

    Raises:
        ConfigError: the storage type is not available, or its settings cannot be used.
    """
    kind = config.storage_type
    if kind == "local":
        return LocalStorage(".")
    if kind in S3_TYPES:
        return S3Storage(config)
    if kind in AZURE_TYPES:
        return AzureStorage(config)
    hint = " (for GCS, use storageType 'gcp' with HMAC keys)" if kind == "gcpnative" else ""
    raise ConfigError(
        f"storageType {kind!r} is not available yet{hint}; set minio.storageType / "
        f"minio.backupStorageType to one of: local, {', '.join(sorted(S3_TYPES | AZURE_TYPES))}"
    )
