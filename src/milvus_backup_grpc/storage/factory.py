"""Open the backend a storage configuration names.

Each backend's module is imported only when a configuration names it: boto3, the Azure SDK and
google-cloud-storage take a noticeable share of a command's start-up time and memory, and a
command on local storage needs none of them.
"""

from __future__ import annotations

from ..config import StorageConfig
from ..errors import ConfigError
from .base import ObjectStorage

#: Storage types that speak the S3 protocol with access keys (storage/s3.py).
S3_TYPES = frozenset({"minio", "s3", "aws", "gcp", "ali", "aliyun", "tc", "tencent", "hwc"})
#: Storage types served by Azure Blob Storage (storage/azure.py).
AZURE_TYPES = frozenset({"azure"})
#: Storage types served by Google Cloud Storage's own JSON API (storage/gcs.py).
GCS_TYPES = frozenset({"gcpnative"})


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
    if kind in GCS_TYPES:
        from .gcs import GCSStorage

        return GCSStorage(config)
    known = sorted(S3_TYPES | AZURE_TYPES | GCS_TYPES)
    raise ConfigError(
        f"storageType {kind!r} is not available; set minio.storageType / "
        f"minio.backupStorageType to one of: local, {', '.join(known)}"
    )
