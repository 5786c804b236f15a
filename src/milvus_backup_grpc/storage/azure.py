"""Azure Blob Storage backend (azure-storage-blob), for storageType ``azure``.

A backend is bound to one container (``minio.bucketName``) of one storage account, whose name
and access key are ``minio.accessKeyID`` and ``minio.secretAccessKey`` (shared-key
authorization), as upstream reads them. Keys are container-relative, and so are the paths
Milvus imports from when it runs on Azure, so ``milvus_path`` is the key itself.

The endpoint comes from ``minio.address`` (see ``account_url``): empty for the public cloud,
an endpoint suffix such as ``core.windows.net`` as upstream configures it, or the host of an
emulator (Azurite) that serves accounts under the path. Two backends of the same account on the
same endpoint copy server-side (Copy Blob with a read-only SAS of the source, polled until it
completes); otherwise the caller streams the bytes through this process.

Conditional writes are Put Blob with ``If-None-Match: *`` (create) or ``If-Match: <ETag>``
(replace); Azure and Azurite give every write a new ETag, even of identical bytes.

azure.core errors are translated here, once: a missing blob becomes ``ObjectNotFound``; a
refused condition (409 BlobAlreadyExists, 412 ConditionNotMet) becomes ``PreconditionFailed``;
a missing container, a refused key or an unreachable endpoint become a ``StorageError`` that
names the configuration keys to look at.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import enum
import io
import ipaddress
import logging
import math
import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, BinaryIO, NoReturn

import requests
from azure.core import MatchConditions
from azure.core.credentials import AzureNamedKeyCredential
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline.transport import RequestsTransport
from azure.storage.blob import (
    BlobBlock,
    BlobPrefix,
    BlobSasPermissions,
    BlobServiceClient,
    ContainerClient,
    ExponentialRetry,
    StorageStreamDownloader,
    generate_blob_sas,
)

from ..config import StorageConfig
from ..errors import ConfigError, StorageError
from .base import (
    Checksum,
    ConditionalPutStorage,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
    VersionedBytes,
    expect_end,
    read_part,
    unquote_etag,
)

log = logging.getLogger(__name__)
# azure-core logs every request and response at INFO; keep that out of the service's log.
_HTTP_LOG = logging.getLogger(f"{__name__}.http")
_HTTP_LOG.setLevel(logging.WARNING)

_MiB = 1024 * 1024
_MAX_BLOCKS = 50_000  # a block blob holds at most 50,000 committed blocks
_DELETE_BATCH = 256  # a Blob Batch request carries at most 256 sub-requests
_PUBLIC_SUFFIX = "core.windows.net"
# A conditional Put Blob refused: the blob exists (If-None-Match: *) or has another ETag.
_REFUSED_CONDITION = frozenset({"BlobAlreadyExists", "ConditionNotMet"})
# Container names: 3-63 of a-z, 0-9 and "-", starting and ending with a letter or digit, no "--".
_CONTAINER_NAME = re.compile(r"^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")

_KEYS_HINT = (
    "minio.address / minio.port / minio.useSSL for Milvus's storage, "
    "minio.backupAddress / minio.backupPort / minio.backupUseSSL for the backup storage"
)
_CREDENTIALS_HINT = (
    "minio.accessKeyID (the storage account name) / minio.secretAccessKey (an access key of "
    "that account) for Milvus's storage, minio.backupAccessKeyID / "
    "minio.backupSecretAccessKey for the backup storage"
)


def _is_path_style_host(host: str) -> bool:
    """Whether ``host`` serves accounts under the path (an emulator), not in the host name."""
    if host == "localhost" or "." not in host:
        return True  # localhost, or a single-label name such as a compose service "azurite"
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def account_url(config: StorageConfig) -> str:
    """The storage account's blob endpoint, without a trailing slash.

    - empty ``address``: the public cloud, ``https://<account>.blob.core.windows.net``;
    - an IP address, ``localhost`` or a single-label host (an emulator such as Azurite):
      ``http(s)://<address>:<port>/<account>``, with the scheme from ``useSSL``;
    - a host that starts with ``<account>.``: that host, over HTTPS;
    - any other name is an endpoint suffix, as upstream configures it (``core.windows.net``,
      ``core.chinacloudapi.cn``): ``https://<account>.blob.<address>``.

    A port other than 443 is kept for the HTTPS forms, as upstream keeps it.

    Raises:
        ConfigError: the account name is empty.
    """
    account = config.access_key_id.strip()
    if not account:
        raise ConfigError(
            "minio.accessKeyID (or minio.backupAccessKeyID) is empty; for storageType 'azure' "
            "set it to the storage account name"
        )
    address = config.address.strip().rstrip("/")
    if "://" in address:
        address = address.split("://", 1)[1]
    if not address:
        return f"https://{account}.blob.{_PUBLIC_SUFFIX}"
    if _is_path_style_host(address):
        scheme = "https" if config.use_ssl else "http"
        port = f":{config.port}" if config.port else ""
        return f"{scheme}://{address}{port}/{account}"
    if address.startswith(f"{account}."):
        host = address
    elif address.startswith("blob."):
        host = f"{account}.{address}"
    else:
        host = f"{account}.blob.{address}"
    port = f":{config.port}" if config.port and config.port != 443 else ""
    return f"https://{host}{port}"


def _error_code(exc: HttpResponseError) -> str:
    code = getattr(exc, "error_code", None)  # set by azure-storage-blob, not azure-core
    if isinstance(code, enum.Enum):
        return str(code.value)
    return str(code or "")


def _first_line(exc: AzureError) -> str:
    # The SDK's message carries the whole XML answer after the first line.
    text = (exc.message or str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class AzureStorage(ConditionalPutStorage):
    """Objects in one container of an Azure storage account.

    Args:
        config: one side of the configuration (Milvus's storage or the backup storage).
        upload_part_size: bytes per staged block of a streamed upload; smaller streams go in one
            Put Blob.
        download_chunk_size: bytes per ranged GET of a streamed read (what a reader holds).
        copy_timeout: seconds a server-side copy may stay pending before it is aborted.
        max_attempts: tries per request (throttling, 5xx and connection errors are retried).

    Raises:
        ConfigError: no account name, a key that is not base64, useIAM, or an invalid
            container name.
    """

    def __init__(
        self,
        config: StorageConfig,
        *,
        upload_part_size: int = 8 * _MiB,
        download_chunk_size: int = 4 * _MiB,
        copy_timeout: float = 3600.0,
        max_attempts: int = 10,
    ) -> None:
        if config.use_iam:
            raise ConfigError(
                "minio.useIAM (or minio.backupUseIAM) is not supported for storageType 'azure' "
                f"yet; turn it off and set {_CREDENTIALS_HINT}"
            )
        container = config.bucket_name
        if not _CONTAINER_NAME.match(container):
            raise ConfigError(
                f"minio.bucketName (or minio.backupBucketName) {container!r} is not a valid Azure "
                "container name: use 3-63 lowercase letters, digits and single hyphens, starting "
                "and ending with a letter or digit"
            )
        key = config.secret_access_key.strip()
        try:
            if not key or not base64.b64decode(key, validate=True):
                raise ValueError("empty key")
        except (binascii.Error, ValueError):
            raise ConfigError(
                "minio.secretAccessKey (or minio.backupSecretAccessKey) is not a storage account "
                "key: for storageType 'azure' set it to one of the account's access keys (base64, "
                "as the portal shows it)"
            ) from None
        self.account = config.access_key_id.strip()
        self.container_name = container
        self.account_url = account_url(config)
        self.description = f"azure://{container}@{self.account_url}"
        self.upload_part_size = max(upload_part_size, 1)
        # List Blobs returns 5,000 blobs with sizes and ETags per request.
        self.verifies_by_listing = True
        self.copy_timeout = copy_timeout
        self._key = key
        # Server-side copy reads the source through a SAS signed with the source's key: allowed
        # only between containers of one account on one endpoint.
        self._identity = (self.account_url, self.account)
        self._container_seen = False
        self.service = self._make_client(download_chunk_size, max_attempts)
        self.container: ContainerClient = self.service.get_container_client(container)

    def _make_client(self, chunk: int, max_attempts: int) -> BlobServiceClient:
        # requests' default pool keeps 10 connections; copies run 16 at a time by default.
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=64)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        # Copy Blob answers once the copy is started (same-account copies usually finish
        # first), and a ranged GET of a chunk is small: 300 s is ample for either.
        transport = RequestsTransport(
            session=session, session_owner=True, connection_timeout=10, read_timeout=300
        )
        retry = ExponentialRetry(
            initial_backoff=1,
            increment_base=2,
            retry_total=max(max_attempts - 1, 0),
            retry_connect=min(max(max_attempts - 1, 0), 3),
        )
        return BlobServiceClient(
            self.account_url,
            credential=AzureNamedKeyCredential(self.account, self._key),
            transport=transport,
            retry_policy=retry,
            max_single_get_size=chunk,
            max_chunk_get_size=chunk,
            logger=_HTTP_LOG,
        )

    # -- errors -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str, key: str = "") -> Iterator[None]:
        """Translate azure.core errors raised inside the block."""
        try:
            yield
        except AzureError as exc:
            self._raise(exc, action, key)

    def _raise(self, exc: AzureError, action: str, key: str) -> NoReturn:
        if isinstance(exc, ServiceRequestError | ServiceResponseError):
            raise StorageError(
                f"cannot reach {self.account_url} to {action} {key!r} in container "
                f"{self.container_name!r}: {_first_line(exc)}; check {_KEYS_HINT}, and the "
                "account name in minio.accessKeyID / minio.backupAccessKeyID"
            ) from exc
        if not isinstance(exc, HttpResponseError):
            raise StorageError(
                f"cannot {action} {key!r} in {self.description}: {_first_line(exc)}"
            ) from exc
        code = _error_code(exc)
        if code == "ContainerNotFound":
            raise self._no_container() from exc
        if code == "BlobNotFound" or (exc.status_code == 404 and not code):
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        if code in _REFUSED_CONDITION or exc.status_code == 412:
            raise PreconditionFailed(
                f"cannot {action} {key!r} in {self.description}: the blob exists or changed "
                f"meanwhile ({code or exc.status_code})",
                key=key,
            ) from exc
        if isinstance(exc, ClientAuthenticationError) or exc.status_code == 403:
            raise StorageError(
                f"{self.account_url} refused to {action} {key!r} in container "
                f"{self.container_name!r} ({code or exc.status_code}: {_first_line(exc)}); "
                f"check {_CREDENTIALS_HINT}, and the account's network rules"
            ) from exc
        if exc.status_code == 404:
            # Azurite answers ResourceNotFound for an account it does not hold.
            raise StorageError(
                f"{self.account_url} does not know account {self.account!r} ({code}); check "
                f"{_CREDENTIALS_HINT}, and {_KEYS_HINT}"
            ) from exc
        raise StorageError(
            f"cannot {action} {key!r} in {self.description}: {code or exc.status_code}: "
            f"{_first_line(exc)}"
        ) from exc

    def _no_container(self) -> StorageError:
        return StorageError(
            f"container {self.container_name!r} does not exist in storage account "
            f"{self.account!r} at {self.account_url}; create it, or set minio.bucketName "
            "(Milvus's storage) / minio.backupBucketName (the backup storage) to an existing "
            "container"
        )

    def _check_container(self) -> None:
        """A 404 without an error code may mean a missing container: tell them apart once."""
        if self._container_seen:
            return
        with self._errors("find the container"):
            if not self.container.exists():
                raise self._no_container()
        self._container_seen = True

    # -- reading ----------------------------------------------------------------------------

    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        # The service lists blob names in lexicographic (code point) order: that of sorted(str).
        with self._errors("list", prefix):
            for blob in self.container.list_blobs(name_starts_with=prefix or None):
                yield ObjectInfo(blob.name, blob.size, unquote_etag(blob.etag or ""))

    def list_dirs(self, prefix: str) -> list[str]:
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        with self._errors("list", base):
            items = self.container.walk_blobs(name_starts_with=base or None, delimiter="/")
            dirs = [item.name for item in items if isinstance(item, BlobPrefix)]
        return sorted(dirs)

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            with self._errors("stat", key):
                props = self.container.get_blob_client(key).get_blob_properties()
        except ObjectNotFound:
            self._check_container()
            return None
        self._container_seen = True
        return ObjectInfo(key, props.size, unquote_etag(props.etag or ""))

    def read_bytes(self, key: str) -> bytes:
        with self._errors("read", key):
            return self.container.download_blob(key, max_concurrency=1).readall()

    def read_versioned(self, key: str) -> VersionedBytes:
        with self._errors("read", key):
            # Chunks after the first are fetched pinned to the first one's ETag.
            downloader = self.container.download_blob(key, max_concurrency=1)
            data = downloader.readall()
        etag = unquote_etag(downloader.properties.etag or "")
        if not etag:
            raise StorageError(f"{self.description} answered for {key!r} without an ETag")
        return VersionedBytes(data, etag)

    def open_read(self, key: str) -> BinaryIO:
        # The first chunk is fetched now (so a missing blob fails here), the rest as read.
        with self._errors("read", key):
            downloader = self.container.download_blob(key, max_concurrency=1)
        return io.BufferedReader(_DownloadReader(self, key, downloader), buffer_size=_MiB)

    # -- writing ----------------------------------------------------------------------------

    def write_bytes(self, key: str, data: bytes) -> None:
        # Put Blob (or, for big data, Put Block List) replaces the blob atomically.
        with self._errors("write", key):
            self.container.upload_blob(key, data, overwrite=True, max_concurrency=1)

    def _put_if(self, key: str, data: bytes, expected_version: str | None) -> str:
        """Put Blob on a condition: the name is free (None), or holds ``expected_version``.

        Returns:
            The new blob's ETag.
        """
        blob = self.container.get_blob_client(key)
        retries: list[int] = []

        def count_retry(**_: Any) -> None:
            retries.append(1)

        try:
            if expected_version is None:
                with self._errors("create exclusively", key):
                    answer = blob.upload_blob(
                        data, overwrite=False, max_concurrency=1, retry_hook=count_retry
                    )
            else:
                with self._errors("replace conditionally", key):
                    answer = blob.upload_blob(
                        data,
                        overwrite=True,
                        etag=f'"{unquote_etag(expected_version)}"',
                        match_condition=MatchConditions.IfNotModified,
                        max_concurrency=1,
                        retry_hook=count_retry,
                    )
        except PreconditionFailed as refused:
            refused.retried = bool(retries)
            raise
        etag = unquote_etag(str(answer.get("etag") or ""))
        if not etag:
            raise StorageError(f"{self.description} answered for {key!r} without an ETag")
        return etag

    def stream_buffer(self, size: int) -> int:
        # One PUT holds the blob; a staged upload a block read and the request carrying it.
        return size if size <= self.upload_part_size else 2 * self._block_size(size)

    def _block_size(self, size: int) -> int:
        return max(self.upload_part_size, math.ceil(size / _MAX_BLOCKS))

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        part = self._block_size(size)
        if size <= part:
            # The SDK iterates a bytearray as ints: it takes bytes only.
            data = bytes(read_part(stream, size, size, key))
            expect_end(stream, size, key)
            self.write_bytes(key, data)
            return
        # One block in memory at a time; the copy workers already run objects in parallel.
        # Blocks stay uncommitted (invisible, reaped by the service) unless the stream held
        # exactly ``size`` bytes: a wrong-sized blob never appears.
        blob = self.container.get_blob_client(key)
        upload = uuid.uuid4().hex  # block IDs of concurrent uploads of one key never mix
        blocks: list[BlobBlock] = []
        for number, offset in enumerate(range(0, size, part)):
            data = bytes(read_part(stream, min(part, size - offset), size, key))
            block_id = f"{upload}-{number:05d}"
            with self._errors("write", key):
                blob.stage_block(block_id, data, length=len(data))
            blocks.append(BlobBlock(block_id=block_id))
        expect_end(stream, size, key)
        with self._errors("write", key):
            blob.commit_block_list(blocks)

    def delete(self, key: str) -> None:
        try:
            with self._errors("delete", key):
                self.container.delete_blob(key, delete_snapshots="include")
        except ObjectNotFound:
            pass  # deleting a missing blob is not an error

    def delete_prefix(self, prefix: str) -> int:
        """Remove every blob under ``prefix`` in batches; returns how many were removed.

        Raises:
            StorageError: some blobs could not be removed (the message names them).
        """
        deleted = 0
        failures: list[str] = []
        batch: list[str] = []
        for obj in self.list_objects(prefix):
            batch.append(obj.key)
            if len(batch) == _DELETE_BATCH:
                deleted += self._delete_batch(batch, failures)
                batch.clear()
        if batch:
            deleted += self._delete_batch(batch, failures)
        if failures:
            shown = "; ".join(failures[:5])
            raise StorageError(
                f"could not delete {len(failures)} blobs under {prefix!r} in "
                f"{self.description} ({deleted} deleted): {shown}"
            )
        return deleted

    def _delete_batch(self, keys: list[str], failures: list[str]) -> int:
        with self._errors("delete", keys[0]):
            answers = list(
                self.container.delete_blobs(
                    *keys, delete_snapshots="include", raise_on_any_failure=False
                )
            )
        removed = 0
        for key, answer in zip(keys, answers, strict=True):
            if answer.status_code in (200, 202, 404):  # 404: already gone, as wanted
                removed += 1
            else:
                code = answer.headers.get("x-ms-error-code", "")
                failures.append(f"{key!r}: {answer.status_code} {code}".rstrip())
        return removed

    # -- between stores ---------------------------------------------------------------------

    def milvus_path(self, key: str) -> str:
        # Milvus on Azure imports container-relative keys from its own container.
        return key

    def same_store(self, other: ObjectStorage) -> bool:
        return self._same_identity(other) and other.container_name == self.container_name

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        """Copy server-side when ``source`` is a container of this account on this endpoint.

        Returns:
            The new blob's ETag, or None when the copy must be streamed instead.

        Raises:
            ObjectNotFound: the source blob does not exist.
            StorageError: the service refused the copy, or it ended failed or aborted, or it
                stayed pending longer than ``copy_timeout``.
        """
        if not self._same_identity(source):
            return None
        src = source.container.get_blob_client(src_key)
        with source._errors("copy", src_key):
            src.get_blob_properties()  # a missing source is ObjectNotFound, named as such
        expiry = datetime.now(timezone.utc) + timedelta(seconds=self.copy_timeout + 300)
        sas = generate_blob_sas(
            source.account,
            source.container_name,
            src_key,
            account_key=source._key,
            permission=BlobSasPermissions(read=True),
            expiry=expiry,
        )
        dst = self.container.get_blob_client(dst_key)
        what = f"server-side copy of {src_key!r} from {source.description} to {dst_key!r}"
        with self._errors("copy to", dst_key):
            answer = dst.start_copy_from_url(f"{src.url}?{sas}")
        status, copy_id, detail = str(answer.get("copy_status")), answer.get("copy_id"), ""
        deadline = time.monotonic() + self.copy_timeout
        delay = 0.05
        while status == "pending":
            if time.monotonic() > deadline:
                with contextlib.suppress(AzureError):
                    dst.abort_copy(str(copy_id))
                self._discard(dst_key)
                raise StorageError(
                    f"{what} in {self.description} was still pending after "
                    f"{self.copy_timeout:.0f} s; it was aborted"
                )
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
            with self._errors("copy to", dst_key):
                copy = dst.get_blob_properties().copy
            if copy.id != copy_id:
                raise StorageError(
                    f"{what} in {self.description}: another copy to {dst_key!r} replaced this "
                    "one, so it is treated as failed"
                )
            status, detail = str(copy.status), copy.status_description or ""
        if status != "success":
            self._discard(dst_key)
            raise StorageError(
                f"{what} in {self.description} ended with copy status {status!r}"
                + (f" ({detail})" if detail else "")
            )
        with self._errors("copy to", dst_key):
            etag = dst.get_blob_properties().etag
        return Checksum("etag", unquote_etag(etag or ""))

    def _discard(self, key: str) -> None:
        """Remove what a failed copy left, so no wrong object stays behind."""
        try:
            self.delete(key)
        except StorageError:
            log.warning(
                "could not remove %r after a failed copy in %s",
                key,
                self.description,
                exc_info=True,
            )


class _DownloadReader(io.RawIOBase):
    """A blob download as a raw stream whose failures are ``StorageError``."""

    def __init__(
        self, store: AzureStorage, key: str, downloader: StorageStreamDownloader[bytes]
    ) -> None:
        self._store = store
        self._key = key
        self._downloader = downloader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        with self._store._errors("read", self._key):
            data = self._downloader.read(len(view))
        view[: len(data)] = data
        return len(data)
