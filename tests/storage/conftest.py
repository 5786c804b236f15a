"""The storage backends the conformance suite runs against, one ``Backend`` each.

A new backend (Azure, say) joins the suite by adding one entry to ``BACKENDS``: a function
that, given the pytest request, returns a ``Backend``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from milvus_backup_grpc.config import StorageConfig
from milvus_backup_grpc.storage.azure import AzureStorage
from milvus_backup_grpc.storage.base import ObjectInfo, ObjectStorage, VersionedBytes
from milvus_backup_grpc.storage.gcs import GCSStorage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.s3 import S3Storage
from tests.fixtures.azurite import ExternalAzurite
from tests.fixtures.gcs_server import ExternalGcs
from tests.fixtures.s3_server import ExternalS3

MiB = 1024 * 1024
#: Small enough that a test of a few MiB goes through the multipart code paths.
SMALL_PART = 5 * MiB


def storage_config(**changes: Any) -> StorageConfig:
    """A ``StorageConfig`` of plain values (of MinIO), ``changes`` applied."""
    values: dict[str, Any] = {
        "storage_type": "minio",
        "address": "localhost",
        "port": 9000,
        "region": "",
        "access_key_id": "",
        "secret_access_key": "",
        "token": "",
        "use_ssl": False,
        "use_iam": False,
        "bucket_name": "b",
        "root_path": "files",
        **changes,
    }
    return StorageConfig(**values)


def sized(info: ObjectInfo | None) -> tuple[str, int] | None:
    """An object's key and size, leaving out the ETag a backend may or may not keep."""
    return None if info is None else (info.key, info.size)


@dataclass
class Backend:
    """How the suite gets stores of one backend.

    Attributes:
        name: the test id.
        store: a fresh, empty store.
        peer: another fresh store that ``store`` copies to and from server-side.
        reopen: a new instance addressing the same objects as the given store.
        foreign: a store no backend can copy with server-side: copies to and from it stream.
    """

    name: str
    store: ObjectStorage
    peer: ObjectStorage
    reopen: Callable[[ObjectStorage], ObjectStorage]
    foreign: ObjectStorage


class StreamOnly(ObjectStorage):
    """A local directory behind the bare interface, so no backend recognises it as its own.

    Copies to and from it take the streaming path in ``transfer.copy_object``.
    """

    def __init__(self, base: Path) -> None:
        self._inner = LocalStorage(base)
        self.description = f"stream-only:{base}"

    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        return self._inner.list_objects(prefix)

    def list_dirs(self, prefix: str) -> list[str]:
        return self._inner.list_dirs(prefix)

    def stat(self, key: str) -> ObjectInfo | None:
        return self._inner.stat(key)

    def read_bytes(self, key: str) -> bytes:
        return self._inner.read_bytes(key)

    def write_bytes(self, key: str, data: bytes) -> None:
        self._inner.write_bytes(key, data)

    def read_versioned(self, key: str) -> VersionedBytes:
        return self._inner.read_versioned(key)

    def create_exclusive(self, key: str, data: bytes) -> str:
        return self._inner.create_exclusive(key, data)

    def replace_if(self, key: str, data: bytes, expected_version: str) -> str:
        return self._inner.replace_if(key, data, expected_version)

    def open_read(self, key: str) -> BinaryIO:
        return self._inner.open_read(key)

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        self._inner.write_stream(key, stream, size)

    def delete(self, key: str) -> None:
        self._inner.delete(key)

    def milvus_path(self, key: str) -> str:
        return self._inner.milvus_path(key)


def _local(request: pytest.FixtureRequest) -> Backend:
    tmp: Path = request.getfixturevalue("tmp_path")
    return Backend(
        name="local",
        store=LocalStorage(tmp / "store"),
        peer=LocalStorage(tmp / "peer"),
        reopen=lambda s: LocalStorage(s.base),  # type: ignore[attr-defined]
        foreign=StreamOnly(tmp / "foreign"),
    )


def _s3(request: pytest.FixtureRequest) -> Backend:
    server: ExternalS3 = request.getfixturevalue("s3_server")
    tmp: Path = request.getfixturevalue("tmp_path")

    def open_bucket(bucket: str) -> S3Storage:
        config = server.storage_config(bucket, multipart_copy_threshold_mib=SMALL_PART // MiB)
        return S3Storage(config, copy_part_size=SMALL_PART, upload_part_size=SMALL_PART)

    return Backend(
        name="s3",
        store=open_bucket(server.new_bucket("conf")),
        peer=open_bucket(server.new_bucket("peer")),
        reopen=lambda s: open_bucket(s.bucket),  # type: ignore[attr-defined]
        foreign=StreamOnly(tmp / "foreign"),
    )


def _azure(request: pytest.FixtureRequest) -> Backend:
    server: ExternalAzurite = request.getfixturevalue("azurite")
    tmp: Path = request.getfixturevalue("tmp_path")

    def open_container(container: str) -> AzureStorage:
        return AzureStorage(server.storage_config(container), upload_part_size=SMALL_PART)

    return Backend(
        name="azure",
        store=open_container(server.new_container("conf")),
        peer=open_container(server.new_container("peer")),
        reopen=lambda s: open_container(s.container_name),  # type: ignore[attr-defined]
        foreign=StreamOnly(tmp / "foreign"),
    )


def _gcs(request: pytest.FixtureRequest) -> Backend:
    server: ExternalGcs = request.getfixturevalue("gcs_server")
    tmp: Path = request.getfixturevalue("tmp_path")

    def open_bucket(bucket: str) -> GCSStorage:
        return GCSStorage(server.storage_config(bucket), upload_part_size=SMALL_PART)

    return Backend(
        name="gcs",
        store=open_bucket(server.new_bucket("conf")),
        peer=open_bucket(server.new_bucket("peer")),
        reopen=lambda s: open_bucket(s.bucket_name),  # type: ignore[attr-defined]
        foreign=StreamOnly(tmp / "foreign"),
    )


BACKENDS: dict[str, Callable[[pytest.FixtureRequest], Backend]] = {
    "local": _local,
    "s3": _s3,
    "azure": _azure,
    "gcs": _gcs,
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
    """Every backend in turn, each test with fresh, empty stores."""
    return BACKENDS[request.param](request)
