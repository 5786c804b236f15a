"""Google Cloud Storage through its own JSON API (google-cloud-storage): upstream's ``gcpnative``.

A backend is bound to one bucket; keys are bucket-relative, and so are the paths Milvus on GCS
imports from. Versions are GCS object generations: every write of an object, even of identical
bytes, gets a new one, so a compare-and-swap is the write's precondition
``ifGenerationMatch``: ``0`` for "no live object has the key" (create), the generation read for
a replace. Two backends of one endpoint and one identity copy server-side with the Rewrite
call, which GCS may answer in several rounds for a large object; the client library follows
them.

Credentials, in order: ``minio.gcpCredentialJSON`` (a service-account key file, or the key's
JSON itself, as upstream takes it), then ``useIAM`` (Application Default Credentials: the
environment, gcloud, the metadata server), then, for an endpoint other than Google's (an
emulator such as fake-gcs-server), none; Google's endpoint without either uses Application
Default Credentials too.

google-api-core errors are translated here, once: 404 is ``ObjectNotFound`` (or a missing
bucket), 412 ``PreconditionFailed``, 401/403 a ``StorageError`` naming the credential keys.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from google.api_core import exceptions as api_errors
from google.api_core.retry import Retry
from google.auth import exceptions as auth_errors
from google.auth.transport.requests import AuthorizedSession
from google.cloud import storage
from google.cloud.storage.retry import DEFAULT_RETRY
from requests import exceptions as requests_errors
from requests.adapters import HTTPAdapter

from ..config import StorageConfig
from ..errors import ConfigError, StorageError
from .base import (
    Checksum,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
    VersionedBytes,
)

log = logging.getLogger(__name__)

_MiB = 1024 * 1024
_DELETERS = 16  # parallel deletes of delete_prefix
_CONNECTIONS = 64  # copies run 16 at a time by default, each with its reads and writes
GOOGLE_HOST = "storage.googleapis.com"
_GOOGLE_ENDPOINT = f"https://{GOOGLE_HOST}"
_CREDENTIALS_HINT = (
    "minio.gcpCredentialJSON / minio.useIAM for Milvus's storage, minio.backupGcpCredentialJSON "
    "/ minio.backupUseIAM for the backup storage (v2: *.storage.auth.credentialsFile)"
)
_KEYS_HINT = (
    "minio.address / minio.port / minio.useSSL (minio.backup* for the backup storage); leave "
    f"the address empty or {GOOGLE_HOST} for Google's endpoint"
)
#: Failures of the transport below google-api-core (refused connection, reset, timeout).
_UNREACHABLE: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    OSError,
    requests_errors.RequestException,
)


def gcs_endpoint(config: StorageConfig) -> str:
    """The JSON API endpoint: Google's, or ``minio.address`` (an emulator, a private endpoint)."""
    address = config.address.strip()
    if not address or address == GOOGLE_HOST:
        return _GOOGLE_ENDPOINT
    scheme = "https" if config.use_ssl else "http"
    port = f":{config.port}" if config.port else ""
    return f"{scheme}://{address}{port}"


def _credentials(config: StorageConfig, endpoint: str) -> tuple[Any, str | None]:
    """The credentials and project for the client (see the module docstring).

    Raises:
        ConfigError: the key file cannot be read or is not a service-account key.
    """
    from google.auth.credentials import AnonymousCredentials

    key = config.gcp_credential_json.strip()
    if key:
        from google.oauth2 import service_account

        try:
            info = json.loads(key) if key.startswith("{") else json.loads(Path(key).read_text())
            credentials = service_account.Credentials.from_service_account_info(info)
        except (OSError, ValueError, KeyError) as exc:
            shown = "the JSON key given inline" if key.startswith("{") else repr(key)
            raise ConfigError(
                f"cannot use {shown} as a GCS service-account key: {exc}; set "
                f"{_CREDENTIALS_HINT} to a key file Google Cloud created"
            ) from None
        return credentials, info.get("project_id")
    if config.use_iam or endpoint == _GOOGLE_ENDPOINT:
        import google.auth

        try:
            credentials, project = google.auth.default()
        except auth_errors.DefaultCredentialsError as exc:
            raise ConfigError(
                f"no Google credentials found for {endpoint} ({exc}); set {_CREDENTIALS_HINT}"
            ) from exc
        return credentials, project
    return AnonymousCredentials(), None


def _hex_md5(blob: Any) -> str:
    """The object's content tag: its MD5 (hex), or ``crc32c:`` and its CRC32C for composed
    objects, which carry no MD5."""
    if blob.md5_hash:
        return base64.b64decode(blob.md5_hash).hex()
    return f"crc32c:{blob.crc32c}" if blob.crc32c else ""


class GCSStorage(ObjectStorage):
    """Objects in one GCS bucket, through the JSON API.

    Args:
        config: one side of the configuration (Milvus's storage or the backup storage).
        upload_part_size: bytes per chunk of a resumable upload; smaller streams go in one
            request.

    Raises:
        ConfigError: the configuration names no bucket, or its credentials cannot be used.
    """

    def __init__(self, config: StorageConfig, *, upload_part_size: int = 8 * _MiB) -> None:
        if not config.bucket_name:
            raise ConfigError("minio.bucketName (or minio.backupBucketName) is empty")
        self.endpoint = gcs_endpoint(config)
        self.bucket_name = config.bucket_name
        self.description = f"gs://{self.bucket_name}@{self.endpoint}"
        # Resumable uploads send chunks of a multiple of 256 KiB.
        self.upload_part_size = max(256 * 1024, upload_part_size // (256 * 1024) * (256 * 1024))
        # A listing returns 1,000 objects with sizes and hashes per request.
        self.verifies_by_listing = True
        credentials, project = _credentials(config, self.endpoint)
        self._identity = (self.endpoint, config.use_iam, config.gcp_credential_json)
        options = None if self.endpoint == _GOOGLE_ENDPOINT else {"api_endpoint": self.endpoint}
        # requests keeps 10 connections per host by default: fewer than the copy threads.
        session = AuthorizedSession(credentials)
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=_CONNECTIONS)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self.client = storage.Client(
            project=project or "milvus-backup",
            credentials=credentials,
            client_options=options,
            _http=session,
        )
        self.bucket = self.client.bucket(self.bucket_name)
        self._bucket_seen = False

    # -- errors -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str, key: str = "") -> Iterator[None]:
        """Translate google-api-core and transport errors raised inside the block."""
        try:
            yield
        except api_errors.NotFound as exc:
            if "bucket" in str(exc).lower() and not self._bucket_exists():
                raise self._no_bucket() from exc
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        except api_errors.PreconditionFailed as exc:
            raise PreconditionFailed(
                f"cannot {action} {key!r} in {self.description}: the object exists or changed "
                f"meanwhile ({exc.message})",
                key=key,
            ) from exc
        except (api_errors.Unauthorized, api_errors.Forbidden) as exc:
            raise StorageError(
                f"{self.endpoint} refused to {action} {key!r} in bucket {self.bucket_name!r} "
                f"({exc.code}: {exc.message}); check {_CREDENTIALS_HINT}, and the bucket's IAM"
            ) from exc
        except api_errors.GoogleAPIError as exc:
            raise StorageError(f"cannot {action} {key!r} in {self.description}: {exc}") from exc
        except auth_errors.GoogleAuthError as exc:
            raise StorageError(
                f"cannot {action} {key!r} in {self.description}: {exc}; check {_CREDENTIALS_HINT}"
            ) from exc
        except _UNREACHABLE as exc:
            raise StorageError(
                f"cannot reach {self.endpoint} to {action} {key!r} in bucket "
                f"{self.bucket_name!r}: {exc}; check {_KEYS_HINT}"
            ) from exc

    def _no_bucket(self) -> StorageError:
        return StorageError(
            f"bucket {self.bucket_name!r} does not exist at {self.endpoint}; create it, or set "
            "minio.bucketName (Milvus's storage) / minio.backupBucketName (the backup storage) "
            "to an existing bucket"
        )

    def _bucket_exists(self) -> bool:
        try:
            return bool(self.bucket.exists())
        except api_errors.GoogleAPIError:
            return True  # unknown: report the object error as it came

    def _check_bucket(self) -> None:
        """A missing object and a missing bucket both read as "no object": tell them apart."""
        if self._bucket_seen:
            return
        with self._errors("find the bucket"):
            if not self.bucket.exists():
                raise self._no_bucket()
        self._bucket_seen = True

    # -- reading ----------------------------------------------------------------------------

    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        # GCS lists in UTF-8 byte order, which is code point order: the order of sorted(str).
        with self._errors("list", prefix):
            for blob in self.client.list_blobs(self.bucket_name, prefix=prefix or None):
                yield ObjectInfo(blob.name, int(blob.size or 0), _hex_md5(blob))

    def list_dirs(self, prefix: str) -> list[str]:
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        with self._errors("list", base):
            pages = self.client.list_blobs(self.bucket_name, prefix=base or None, delimiter="/")
            for _ in pages:  # the prefixes are known once every page was read
                pass
            return sorted(pages.prefixes)

    def stat(self, key: str) -> ObjectInfo | None:
        with self._errors("stat", key):
            blob = self.bucket.get_blob(key)
        if blob is None:
            self._check_bucket()
            return None
        self._bucket_seen = True
        return ObjectInfo(key, int(blob.size or 0), _hex_md5(blob))

    def read_bytes(self, key: str) -> bytes:
        return self.read_versioned(key).data

    def read_versioned(self, key: str) -> VersionedBytes:
        blob = self.bucket.blob(key)
        with self._errors("read", key):
            data = blob.download_as_bytes()
        if blob.generation is None:
            raise StorageError(
                f"{self.description} answered for {key!r} without a generation; conditional "
                "writes need a store that gives one"
            )
        return VersionedBytes(data, str(blob.generation))

    def open_read(self, key: str) -> BinaryIO:
        blob = self.bucket.blob(key)
        with self._errors("read", key):
            blob.reload()  # the reader pins this generation, so a rewrite cannot mix in
            reader = blob.open("rb", chunk_size=self.upload_part_size)
        return io.BufferedReader(_ReadErrors(self, key, reader), buffer_size=_MiB)

    # -- writing ----------------------------------------------------------------------------

    def write_bytes(self, key: str, data: bytes) -> None:
        # One request: readers see the old object or the new one, never a part. Rewriting the
        # same bytes is harmless, so a failed attempt is retried.
        with self._errors("write", key):
            self.bucket.blob(key).upload_from_string(data, retry=DEFAULT_RETRY)

    def create_exclusive(self, key: str, data: bytes) -> str:
        return self._upload_if(key, data, 0, "create exclusively")

    def replace_if(self, key: str, data: bytes, expected_version: str) -> str:
        try:
            generation = int(expected_version)
        except ValueError:
            raise PreconditionFailed(
                f"{expected_version!r} is not a version of {key!r} in {self.description}",
                key=key,
            ) from None
        return self._upload_if(key, data, generation, "replace conditionally")

    def _upload_if(self, key: str, data: bytes, generation: int, action: str) -> str:
        """Upload on ``ifGenerationMatch`` (0: no live object); the new generation.

        A request whose answer was lost is sent again (the precondition makes that safe); a
        refusal after such a repeat says ``retried``, since the first attempt may have landed.
        """
        attempts = 0

        def note(_: Exception) -> None:
            nonlocal attempts
            attempts += 1

        retry = Retry(predicate=DEFAULT_RETRY._predicate, on_error=note, timeout=120)
        blob = self.bucket.blob(key)
        try:
            with self._errors(action, key):
                blob.upload_from_string(data, if_generation_match=generation, retry=retry)
        except PreconditionFailed as refused:
            refused.retried = attempts > 0
            raise
        if blob.generation is None:
            raise StorageError(f"{self.description} answered for {key!r} without a generation")
        return str(blob.generation)

    def stream_buffer(self, size: int) -> int:
        # One upload holds the object; a resumable one the chunk sent and the one read behind.
        return size if size <= self.upload_part_size else 2 * self.upload_part_size

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        reader = _ExactReader(stream, size, key)
        blob = self.bucket.blob(key, chunk_size=self.upload_part_size)
        with self._errors("write", key):
            if size <= self.upload_part_size:
                data = reader.read(size)  # raises unless the stream holds ``size`` bytes
                blob.upload_from_string(data, retry=DEFAULT_RETRY)
                return
            # A resumable upload: the object appears only when the last chunk is in, and
            # ``reader`` raises before that if the stream is not exactly ``size`` bytes.
            blob.upload_from_file(reader, size=size, rewind=False, retry=DEFAULT_RETRY)

    def delete(self, key: str) -> None:
        try:
            with self._errors("delete", key):
                self.bucket.blob(key).delete(retry=DEFAULT_RETRY)
        except ObjectNotFound:
            pass

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under ``prefix``, ``_DELETERS`` requests at a time.

        GCS's JSON API deletes one object per request (its batch endpoint only bundles the
        requests, and emulators do not all serve it), so the deletes run in parallel.
        """
        keys = [obj.key for obj in self.list_objects(prefix)]
        if not keys:
            return 0
        with ThreadPoolExecutor(min(_DELETERS, len(keys)), thread_name_prefix="gcs-delete") as pool:
            list(pool.map(self.delete, keys))
        return len(keys)

    # -- between stores ---------------------------------------------------------------------

    def milvus_path(self, key: str) -> str:
        return key

    def same_store(self, other: ObjectStorage) -> bool:
        return self._same_identity(other) and other.bucket_name == self.bucket_name

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        """Copy server-side (Rewrite) when ``source`` is on this endpoint with this identity.

        Returns:
            The new object's content tag (see ``_hex_md5``), or None to stream instead.
        """
        if not self._same_identity(source):
            return None
        src = source.bucket.blob(src_key)
        dst = self.bucket.blob(dst_key)
        with self._errors("copy", src_key):
            token, _, _ = dst.rewrite(src, retry=DEFAULT_RETRY)
            while token is not None:
                token, _, _ = dst.rewrite(src, token=token, retry=DEFAULT_RETRY)
        tag = _hex_md5(dst)
        if not tag:
            raise StorageError(
                f"server-side copy of {src_key!r} from {source.description} to {dst_key!r} "
                "answered without a content hash, so it is treated as failed"
            )
        return Checksum("etag", tag)


class _ReadErrors(io.RawIOBase):
    """A blob reader whose failures are ``StorageError``."""

    def __init__(self, store: GCSStorage, key: str, reader: Any) -> None:
        self._store = store
        self._key = key
        self._reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        with self._store._errors("read", self._key):
            data = self._reader.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self._reader.close()
        super().close()


class _ExactReader(io.RawIOBase):
    """A stream that insists on holding exactly ``size`` bytes.

    It raises on the read that reaches ``size`` if the source holds more, so the upload fails
    before its last chunk commits the object.
    """

    def __init__(self, stream: BinaryIO, size: int, key: str) -> None:
        self._stream = stream
        self._left = size
        self._size = size
        self._key = key

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        # A resumable upload asks where the stream starts.
        return self._size - self._left

    def read(self, amount: int | None = -1) -> bytes:
        if amount is None or amount < 0:
            amount = self._left + 1
        chunks: list[bytes] = []
        wanted = amount
        while wanted > 0:
            chunk = self._stream.read(wanted)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
        if len(data) > self._left:
            raise StorageError(
                f"the source of {self._key!r} holds more than the expected {self._size} bytes"
            )
        self._left -= len(data)
        if not self._left and self._stream.read(1):
            raise StorageError(
                f"the source of {self._key!r} holds more than the expected {self._size} bytes"
            )
        if len(data) < amount and self._left:
            raise StorageError(
                f"short read for {self._key!r}: the source ended {self._left} bytes before the "
                f"expected {self._size}"
            )
        return data
