"""Open the backend a storage configuration names.

Each backend's module is imported only when a configuration names it: boto3 and the Azure SDK
take a noticeable share of a command's start-up time and memory, and a command on local storage
needs neither.
"""

from __future__ import annotations

from ..config import StorageConfig
from ..errors import ConfigError
from .base import ObjectStorage

#: Storage types that speak the S3 protocol with access keys (storage/s3.py).
S3_TYPES = frozenset({"minio", "s3", "aws", "gcp", "ali", "aliyun", "tc", "tencent", "hwc"})
#: Storage types served by Azure Blob Storage (storage/azure.py).
AZURE_TYPES = frozenset({"azure"})


def open_storage(config: StorageConfig) -> ObjectStorage:
    """The backend for one side (Milvus's storage or the backup storage).

    Raises:
        ConfigError: the storage type is not available, or its settings cannot be used.
    """
    kind = config.storage_type
    if kind == "local":
        from .local import LocalStorage

        return LocalStorage(".")
    if kind in S3_TYPES:
        from .s3 import S3Storage

        return S3Storage(config)
    if kind in AZURE_TYPES:
        from .azure import AzureStorage

        return AzureStorage(config)
    hint = " (for GCS, use storageType 'gcp' with HMAC keys)" if kind == "gcpnative" else ""
    raise ConfigError(
        f"storageType {kind!r} is not available yet{hint}; set minio.storageType / "
        f"minio.backupStorageType to one of: local, {', '.join(sorted(S3_TYPES | AZURE_TYPES))}"
    )
