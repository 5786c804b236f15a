"""S3 backend (boto3) for MinIO, AWS S3, GCS's XML API and other S3-compatible stores.

A backend is bound to one bucket. Keys are bucket-relative, and so are the paths Milvus
imports from when it runs on S3 storage, so ``milvus_path`` is the key itself. Two backends on
the same endpoint with the same credentials can copy server-side (CopyObject, or
UploadPartCopy part by part above ``minio.multipartCopyThresholdMiB``); otherwise the caller
streams the bytes through this process.

Conditional writes are PutObject with ``If-None-Match: *`` (create) or ``If-Match: <ETag>``
(replace), which AWS S3 (since 2024), MinIO and moto honour. A store that ignores these headers
writes unconditionally, and claims built on them no longer exclude each other.

botocore errors are translated here, once: a missing key becomes ``ObjectNotFound``; a refused
condition (412, or 409 ConditionalRequestConflict while another conditional write of the key is
in flight) becomes ``PreconditionFailed``; a missing bucket, refused credentials or an
unreachable endpoint become a ``StorageError`` that names the configuration keys to look at.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import logging
import math
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, cast

import boto3
import botocore.exceptions as boto_errors
import botocore.session
from botocore import UNSIGNED
from botocore.config import Config as BotoConfig

from ..config import StorageConfig
from ..errors import ConfigError, StorageError
from . import buffers
from .base import (
    Checksum,
    ConditionalPutStorage,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
    VersionedBytes,
    expect_end,
    unquote_etag,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef, CopySourceTypeDef

log = logging.getLogger(__name__)

_MiB = 1024 * 1024
_MAX_SINGLE_COPY = 5 * 1024 * _MiB  # S3 refuses CopyObject above 5 GiB
_MAX_PARTS = 10_000
_MIN_PART = 5 * _MiB  # every part but the last must be at least this big
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys
_RESUMES = 5  # ranged re-reads of one object whose body broke off
_BODY_READ = 256 * 1024  # bytes asked of a response body at once

_AWS_TYPES = frozenset({"s3", "aws"})
# These clouds reject path-style requests: the bucket must be in the host name.
_VIRTUAL_HOST_TYPES = frozenset({"ali", "aliyun", "tc", "tencent", "hwc"})
_ALIYUN_TYPES = frozenset({"ali", "aliyun"})
# The region in the host name of each cloud's S3-compatible endpoint, for SigV4 when
# minio.region is empty: s3.oss-cn-hangzhou.aliyuncs.com, cos.ap-guangzhou.myqcloud.com,
# obs.cn-north-4.myhuaweicloud.com.
_REGION_IN_HOST = {
    "ali": re.compile(r"(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$"),
    "aliyun": re.compile(r"(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$"),
    "tc": re.compile(r"(?:^|\.)cos\.([a-z0-9-]+)\.myqcloud\.com$"),
    "tencent": re.compile(r"(?:^|\.)cos\.([a-z0-9-]+)\.myqcloud\.com$"),
    "hwc": re.compile(r"(?:^|\.)obs\.([a-z0-9-]+)\.myhuaweicloud\.com$"),
}
_GCS_ENDPOINT = "https://storage.googleapis.com"

_NOT_FOUND = frozenset({"NoSuchKey", "404", "NotFound"})
_REFUSED_CONDITION = frozenset({"PreconditionFailed", "412", "ConditionalRequestConflict"})
_DENIED = frozenset(
    {
        "AccessDenied",
        "403",
        "Forbidden",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidToken",
        "ExpiredToken",
        "TokenRefreshRequired",
    }
)
_UNREACHABLE = (
    boto_errors.EndpointConnectionError,
    boto_errors.ConnectTimeoutError,
    boto_errors.ReadTimeoutError,
    boto_errors.ConnectionClosedError,
    boto_errors.ProxyConnectionError,
    boto_errors.SSLError,
)
# A response body that broke off half-way: the bytes so far are good, the rest can be re-read.
_BROKEN_BODY = (
    boto_errors.ResponseStreamingError,
    boto_errors.IncompleteReadError,
    boto_errors.ReadTimeoutError,
)
_KEYS_HINT = (
    "minio.address / minio.port / minio.useSSL for Milvus's storage, "
    "minio.backupAddress / minio.backupPort / minio.backupUseSSL for the backup storage"
)
_CREDENTIALS_HINT = (
    "minio.accessKeyID / minio.secretAccessKey / minio.token / minio.useIAM for Milvus's "
    "storage, their minio.backup* twins for the backup storage"
)


def endpoint_url(config: StorageConfig) -> str | None:
    """The endpoint to talk to; None lets boto3 pick AWS's endpoint for the region.

    Raises:
        ConfigError: no address for a store that has no default endpoint.
    """
    address = config.address.strip()
    kind = config.storage_type
    if not address or (kind in _AWS_TYPES and address == "s3.amazonaws.com"):
        if kind in _AWS_TYPES:
            return None
        if kind == "gcp":
            return _GCS_ENDPOINT
        raise ConfigError(
            f"minio.address (or minio.backupAddress) is empty for storageType {kind!r}; "
            "set it to the host of the S3 endpoint"
        )
    scheme = "https" if config.use_ssl else "http"
    port = f":{config.port}" if config.port else ""
    return f"{scheme}://{address}{port}"


def copy_ranges(size: int, part_size: int) -> list[tuple[int, int]]:
    """Inclusive byte ranges for UploadPartCopy: at most 10,000 parts of 5 MiB to 5 GiB."""
    part = min(max(part_size, _MIN_PART, math.ceil(size / _MAX_PARTS)), _MAX_SINGLE_COPY)
    return [(start, min(start + part, size) - 1) for start in range(0, size, part)]


def client_region(config: StorageConfig) -> str | None:
    """The region requests are signed for: ``minio.region``, else the one in the host name of
    an Aliyun, Tencent or Huawei endpoint, else None (boto3's default)."""
    if config.region:
        return config.region
    pattern = _REGION_IN_HOST.get(config.storage_type)
    found = pattern.search(config.address.strip().lower()) if pattern else None
    return found.group(1) if found else None


def signature_version(config: StorageConfig) -> str | None:
    """How requests are signed; None is boto3's default (SigV4).

    Aliyun OSS documents boto3 with SigV2 ("s3"): its S3 API refuses the chunked uploads that
    boto3's SigV4 may send. Tencent COS and Huawei OBS take SigV4.
    """
    return "s3" if config.storage_type in _ALIYUN_TYPES else None


def _addressing_style(config: StorageConfig, endpoint: str | None) -> str:
    if config.storage_type in _VIRTUAL_HOST_TYPES:
        return "virtual"
    if endpoint is None or ".amazonaws.com" in endpoint:
        return "virtual"
    # MinIO, moto, Ceph and most self-hosted stores serve buckets under the path only.
    return "path"


def _add_content_md5(params: dict[str, Any], **_: Any) -> None:
    # botocore >= 1.36 sends only a CRC32 for DeleteObjects; MinIO, Ceph and most other
    # S3-compatible stores still demand Content-MD5 and refuse the request without it.
    body = params.get("body") or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, bytes):
        digest = hashlib.md5(body, usedforsecurity=False).digest()
        params["headers"]["Content-MD5"] = base64.b64encode(digest).decode("ascii")


_LOADER_LOCK = threading.Lock()
_shared_loader: Any = None


def _new_session() -> boto3.session.Session:
    """A boto3 session of its own (credentials, region) whose data loader is shared.

    Each loader parses botocore's S3 service model anew: about 13 MiB per client (measured),
    where sharing it costs the second client 0.5 MiB. Credentials stay per session, so
    clients configured apart, or made after the environment changed, resolve their own.
    """
    global _shared_loader
    core = botocore.session.get_session()
    with _LOADER_LOCK:
        if _shared_loader is None:
            _shared_loader = core.get_component("data_loader")
        else:
            core.register_component("data_loader", _shared_loader)
    return boto3.session.Session(botocore_session=core)


class S3Storage(ConditionalPutStorage):
    """Objects in one bucket of an S3-compatible store.

    Args:
        config: one side of the configuration (Milvus's storage or the backup storage).
        copy_part_size: bytes per UploadPartCopy part for large server-side copies.
        upload_part_size: bytes per part of a streamed upload; streams of up to two parts go
            in one PUT.
        max_attempts: tries per request (throttling, 5xx and connection errors are retried).

    Raises:
        ConfigError: the configuration cannot name an endpoint.
    """

    def __init__(
        self,
        config: StorageConfig,
        *,
        copy_part_size: int = 128 * _MiB,
        upload_part_size: int = 16 * _MiB,
        max_attempts: int = 10,
    ) -> None:
        if not config.bucket_name:
            raise ConfigError("minio.bucketName (or minio.backupBucketName) is empty")
        self.bucket = config.bucket_name
        self.endpoint = endpoint_url(config)
        shown = self.endpoint or f"aws:{config.region or 'default-region'}"
        self.description = f"s3://{self.bucket}@{shown}"
        self.copy_threshold = min(config.multipart_copy_threshold_mib * _MiB, _MAX_SINGLE_COPY)
        self.copy_part_size = max(copy_part_size, _MIN_PART)
        self.upload_part_size = max(upload_part_size, _MIN_PART)
        # A multipart upload holds about two parts (one read, one being sent), so an object
        # of up to that size goes in one PUT for the same memory: a third of the requests,
        # and no store-side assembly of parts (benchmarks/RESULTS.md, 1.).
        self.single_put_limit = 2 * self.upload_part_size
        # ListObjectsV2 returns 1,000 keys with sizes and ETags per request.
        self.verifies_by_listing = True
        # Server-side copy reads the source with this client's credentials: allowed only when
        # both sides hold the same ones on the same endpoint.
        self._identity = (
            self.endpoint,
            config.use_iam,
            "" if config.use_iam else config.access_key_id,
            "" if config.use_iam else config.secret_access_key,
            "" if config.use_iam else config.token,
        )
        self._batch_delete = config.storage_type != "gcp"  # GCS's XML API has no DeleteObjects
        self._bucket_seen = False
        self.client = self._make_client(config, max_attempts)

    def _make_client(self, config: StorageConfig, max_attempts: int) -> S3Client:
        aws = self.endpoint is None or ".amazonaws.com" in self.endpoint
        options: dict[str, Any] = {
            "retries": {"max_attempts": max_attempts, "mode": "standard"},
            "connect_timeout": 10,
            # CopyObject and UploadPartCopy answer only when the copy is done (AWS keeps the
            # connection alive meanwhile; other stores may stay silent for a while).
            "read_timeout": 300,
            "tcp_keepalive": True,
            "max_pool_connections": 64,  # copies run 16 at a time by default
            "s3": {"addressing_style": _addressing_style(config, self.endpoint)},
        }
        if signature_version(config):
            options["signature_version"] = signature_version(config)
        if not aws:
            # Trailing CRC32 checksums (botocore >= 1.36) break many S3-compatible stores.
            options["request_checksum_calculation"] = "when_required"
            options["response_checksum_validation"] = "when_required"
        # With useIAM, boto3's default chain finds the credentials: environment, profile,
        # web identity (EKS IRSA), container and instance metadata.
        credentials: dict[str, Any] = {}
        if not config.use_iam and config.access_key_id:
            credentials = {
                "aws_access_key_id": config.access_key_id,
                "aws_secret_access_key": config.secret_access_key,
                "aws_session_token": config.token or None,
            }
        elif not config.use_iam:
            options["signature_version"] = UNSIGNED  # anonymous, as upstream with no keys
        client: S3Client = _new_session().client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=client_region(config),
            config=BotoConfig(**options),
            **credentials,
        )
        client.meta.events.register("before-call.s3.DeleteObjects", _add_content_md5)
        return client

    # -- errors -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str, key: str = "") -> Iterator[None]:
        """Translate botocore errors raised inside the block."""
        try:
            yield
        except boto_errors.ClientError as exc:
            self._raise_client_error(exc, action, key)
        except _UNREACHABLE as exc:
            raise StorageError(
                f"cannot reach {self.endpoint or 'AWS S3'} to {action} {key!r} in bucket "
                f"{self.bucket!r}: {exc}; check {_KEYS_HINT}"
            ) from exc
        except boto_errors.NoCredentialsError as exc:
            raise StorageError(
                f"no credentials to {action} {key!r} in {self.description}: useIAM is on but "
                f"boto3 found none; set {_CREDENTIALS_HINT}"
            ) from exc
        except boto_errors.BotoCoreError as exc:
            raise StorageError(f"cannot {action} {key!r} in {self.description}: {exc}") from exc

    def _raise_client_error(
        self, exc: boto_errors.ClientError, action: str, key: str, bucket: str | None = None
    ) -> NoReturn:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        message = error.get("Message", "") or str(exc)
        bucket = bucket or self.bucket
        if code == "NoSuchBucket":
            raise self._no_bucket(bucket) from exc
        if code in _NOT_FOUND:
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        if code in _REFUSED_CONDITION:
            raise PreconditionFailed(
                f"cannot {action} {key!r} in {self.description}: the object exists or changed "
                f"meanwhile ({code}: {message})",
                key=key,
            ) from exc
        if code in _DENIED:
            raise StorageError(
                f"{self.endpoint or 'AWS S3'} refused to {action} {key!r} in bucket {bucket!r} "
                f"({code}: {message}); check {_CREDENTIALS_HINT}, and the bucket's policy"
            ) from exc
        attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
        # Say that retrying was tried, so nobody takes a store that kept failing for a blip.
        detail = f" (gave up after {attempts + 1} attempts)" if attempts else ""
        if code == "400":
            # A bare status: the answer (to a HEAD) had no error document to name the cause.
            detail += (
                "; the store gave no reason, and a 400 without one usually means a session "
                f"token that is invalid or expired, or a wrong region: check {_CREDENTIALS_HINT}"
                ", and minio.region / minio.backupRegion"
            )
        raise StorageError(
            f"cannot {action} {key!r} in {self.description}: {code}: {message}{detail}"
        ) from exc

    def _no_bucket(self, bucket: str) -> StorageError:
        return StorageError(
            f"bucket {bucket!r} does not exist at {self.endpoint or 'AWS S3'}; create it, or "
            "set minio.bucketName (Milvus's storage) / minio.backupBucketName (the backup "
            "storage) to an existing bucket"
        )

    def _check_bucket(self) -> None:
        """HEAD answers a bare 404 for a missing bucket too: tell the two apart once."""
        if self._bucket_seen:
            return
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except boto_errors.ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("404", "NoSuchBucket", "NotFound"):
                raise self._no_bucket(self.bucket) from exc
            self._raise_client_error(exc, "find the bucket", "")
        self._bucket_seen = True

    # -- reading ----------------------------------------------------------------------------

    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        # S3 lists in UTF-8 byte order, which is code point order: the order of sorted(str).
        # botocore asks for url-encoded keys and decodes them, so any character survives.
        with self._errors("list", prefix):
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for obj in page.get("Contents", []):
                    yield ObjectInfo(obj["Key"], obj["Size"], unquote_etag(obj.get("ETag", "")))

    def list_dirs(self, prefix: str) -> list[str]:
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        dirs: list[str] = []
        with self._errors("list", base):
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=base, Delimiter="/"):
                dirs.extend(p["Prefix"] for p in page.get("CommonPrefixes", []))
        return sorted(dirs)

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            with self._errors("stat", key):
                head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ObjectNotFound:
            self._check_bucket()
            return None
        self._bucket_seen = True
        return ObjectInfo(key, head["ContentLength"], unquote_etag(head.get("ETag", "")))

    def read_bytes(self, key: str) -> bytes:
        with self.open_read(key) as stream:
            return stream.read()

    def read_versioned(self, key: str) -> VersionedBytes:
        with self._errors("read", key):
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
            data = answer["Body"].read()
        return VersionedBytes(data, self._etag_of(answer.get("ETag"), key))

    def open_read(self, key: str) -> BinaryIO:
        with self._errors("read", key):
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
        return io.BufferedReader(_BodyReader(self, key, answer), buffer_size=_MiB)

    def _read_rest(self, key: str, offset: int, etag: str) -> Any:
        """The body of ``key`` from byte ``offset`` on, refused if the object changed."""
        with self._errors("read", key):
            return self.client.get_object(
                Bucket=self.bucket, Key=key, Range=f"bytes={offset}-", IfMatch=etag
            )["Body"]

    # -- writing ----------------------------------------------------------------------------

    def write_bytes(self, key: str, data: bytes) -> None:
        self._put(key, data)

    def _put(self, key: str, data: bytes | buffers.ChunkedBody) -> None:
        # A PUT is atomic: readers see the old object or the new one, never a part.
        with self._errors("write", key):
            self.client.put_object(Bucket=self.bucket, Key=key, Body=cast(BinaryIO, data))

    def _put_if(self, key: str, data: bytes, expected_version: str | None) -> str:
        """PutObject on a condition: the key is free (None), or holds ``expected_version``.

        Returns:
            The new object's ETag.
        """
        try:
            if expected_version is None:
                with self._errors("create exclusively", key):
                    answer = self.client.put_object(
                        Bucket=self.bucket, Key=key, Body=data, IfNoneMatch="*"
                    )
            else:
                etag = f'"{unquote_etag(expected_version)}"'
                with self._errors("replace conditionally", key):
                    answer = self.client.put_object(
                        Bucket=self.bucket, Key=key, Body=data, IfMatch=etag
                    )
        except PreconditionFailed as refused:
            cause = refused.__cause__
            if isinstance(cause, boto_errors.ClientError):
                attempts = cause.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
                refused.retried = attempts > 0
            raise
        return self._etag_of(answer.get("ETag"), key)

    def _etag_of(self, etag: str | None, key: str) -> str:
        if not etag:
            raise StorageError(
                f"{self.description} answered for {key!r} without an ETag; conditional writes "
                "need a store that gives one"
            )
        return unquote_etag(etag)

    def stream_buffer(self, size: int) -> int:
        held = self._upload_part(size) if size > self.single_put_limit else size
        return -(-held // buffers.CHUNK) * buffers.CHUNK  # whole chunks

    def _upload_part(self, size: int) -> int:
        """Bytes per part of a streamed multipart upload of ``size`` bytes."""
        return max(self.upload_part_size, math.ceil(size / (_MAX_PARTS - 1)))

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        if size <= self.single_put_limit:
            body = buffers.fill(stream, size, key)
            try:
                expect_end(stream, size, key)
                self._put(key, body)
            finally:
                body.release()
            return
        # Part by part, each read into the streams' chunk pool: what the transfer's budget
        # reserves (one part) is all the upload holds, and its chunks serve the next stream.
        # A stream that is not exactly ``size`` bytes fails before the upload completes, so a
        # wrong-sized object never appears.
        with self._errors("write", key):
            upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=key)[
                "UploadId"
            ]
        try:
            part = self._upload_part(size)
            parts: list[CompletedPartTypeDef] = []
            for number, start in enumerate(range(0, size, part), 1):
                body = buffers.fill(stream, min(part, size - start), key)
                try:
                    with self._errors("write", key):
                        answer = self.client.upload_part(
                            Bucket=self.bucket,
                            Key=key,
                            UploadId=upload_id,
                            PartNumber=number,
                            Body=cast(BinaryIO, body),
                        )
                finally:
                    body.release()
                etag = answer.get("ETag")
                if not etag:
                    raise StorageError(
                        f"{self.description} answered part {number} of {key!r} without an "
                        "ETag, so the upload is treated as failed"
                    )
                parts.append({"ETag": etag, "PartNumber": number})
            expect_end(stream, size, key)
            with self._errors("write", key):
                self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            self._abort(key, upload_id)
            raise

    def delete(self, key: str) -> None:
        with self._errors("delete", key):
            self.client.delete_object(Bucket=self.bucket, Key=key)

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under ``prefix`` in batches; returns how many were removed.

        Raises:
            StorageError: some objects could not be removed (the message names them).
        """
        deleted = 0
        failures: list[str] = []
        batch: list[str] = []

        def flush() -> None:
            nonlocal deleted
            if self._batch_delete:
                deleted += len(batch) - self._delete_batch(batch, failures)
            else:
                for key in batch:
                    self.delete(key)
                deleted += len(batch)
            batch.clear()

        for obj in self.list_objects(prefix):
            batch.append(obj.key)
            if len(batch) == _DELETE_BATCH:
                flush()
        if batch:
            flush()
        if failures:
            shown = "; ".join(failures[:5])
            raise StorageError(
                f"could not delete {len(failures)} objects under {prefix!r} in "
                f"{self.description} ({deleted} deleted): {shown}"
            )
        return deleted

    def _delete_batch(self, keys: list[str], failures: list[str]) -> int:
        with self._errors("delete", keys[0]):
            answer = self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True},
            )
        errors = answer.get("Errors", [])
        failures.extend(
            f"{e.get('Key', '')!r}: {e.get('Code', '')} {e.get('Message', '')}".rstrip()
            for e in errors
        )
        return len(errors)

    # -- between stores ---------------------------------------------------------------------

    def milvus_path(self, key: str) -> str:
        # Milvus on S3 storage imports bucket-relative keys from its own bucket.
        return key

    def same_store(self, other: ObjectStorage) -> bool:
        return self._same_identity(other) and other.bucket == self.bucket

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        """Copy server-side when ``source`` is on this endpoint with these credentials.

        Returns:
            The new object's ETag, or None when the copy must be streamed instead.

        Raises:
            ObjectNotFound: the source object does not exist.
            StorageError: the store refused the copy, or answered without an ETag.
        """
        if not self._same_identity(source):
            return None
        if size is None:
            # The size decides between CopyObject and a multipart copy; a caller that knows
            # it (every backup and restore does) saves this request.
            with self._errors("copy", src_key):
                try:
                    size = self.client.head_object(Bucket=source.bucket, Key=src_key)[
                        "ContentLength"
                    ]
                except boto_errors.ClientError as exc:
                    code = str(exc.response.get("Error", {}).get("Code", ""))
                    if code in _NOT_FOUND:
                        source._check_bucket()
                        raise ObjectNotFound(
                            f"{src_key!r} does not exist in {source.description}"
                        ) from exc
                    raise
        copy_source: CopySourceTypeDef = {"Bucket": source.bucket, "Key": src_key}
        what = f"server-side copy of {src_key!r} from {source.description} to {dst_key!r}"
        if size <= self.copy_threshold:
            try:
                with self._errors("copy to", dst_key):
                    answer = self.client.copy_object(
                        Bucket=self.bucket, Key=dst_key, CopySource=copy_source
                    )
            except ObjectNotFound as exc:  # NoSuchKey names the source of a copy
                source._check_bucket()
                raise ObjectNotFound(f"{src_key!r} does not exist in {source.description}") from exc
            etag = answer.get("CopyObjectResult", {}).get("ETag")
            if not etag:
                raise StorageError(
                    f"{what} in {self.description} answered without an ETag: the store did not "
                    "confirm the copy, so it is treated as failed"
                )
            return Checksum("etag", unquote_etag(etag))
        return Checksum("etag", self._multipart_copy(copy_source, dst_key, size, what))

    def _multipart_copy(
        self, copy_source: CopySourceTypeDef, dst_key: str, size: int, what: str
    ) -> str:
        with self._errors("copy to", dst_key):
            upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=dst_key)[
                "UploadId"
            ]
        try:
            parts: list[CompletedPartTypeDef] = []
            for number, (start, end) in enumerate(copy_ranges(size, self.copy_part_size), 1):
                with self._errors("copy to", dst_key):
                    answer = self.client.upload_part_copy(
                        Bucket=self.bucket,
                        Key=dst_key,
                        UploadId=upload_id,
                        PartNumber=number,
                        CopySource=copy_source,
                        CopySourceRange=f"bytes={start}-{end}",
                    )
                etag = answer.get("CopyPartResult", {}).get("ETag")
                if not etag:
                    raise StorageError(
                        f"{what} in {self.description}: part {number} answered without an "
                        "ETag, so the copy is treated as failed"
                    )
                parts.append({"ETag": etag, "PartNumber": number})
            with self._errors("copy to", dst_key):
                done = self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=dst_key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
            if not done.get("ETag"):
                raise StorageError(
                    f"{what} in {self.description}: completing the upload answered without an "
                    "ETag, so the copy is treated as failed"
                )
        except BaseException:
            self._abort(dst_key, upload_id)
            raise
        return unquote_etag(done["ETag"])

    def _abort(self, key: str, upload_id: str) -> None:
        try:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        except (boto_errors.ClientError, boto_errors.BotoCoreError):
            # The original failure matters more; a lifecycle rule reaps the parts left behind.
            log.warning(
                "could not abort multipart upload %s of %r in %s",
                upload_id,
                key,
                self.description,
                exc_info=True,
            )


class _BodyReader(io.RawIOBase):
    """A GetObject body as a raw stream whose failures are ``StorageError``.

    botocore retries a request, but not a body that breaks off half-way (a reset connection,
    a store that closes early): that would fail the whole copy. The reader instead asks for
    the rest with a ranged GET pinned to the object's ETag, so the bytes come from the same
    version, up to ``_RESUMES`` times per object.
    """

    def __init__(self, store: S3Storage, key: str, answer: Any) -> None:
        self._store = store
        self._key = key
        self._body = answer["Body"]
        self._etag = str(answer.get("ETag", ""))
        self._offset = 0
        self._resumes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            try:
                with self._store._errors("read", self._key):
                    # Bounded: the body hands back a new bytes object of what it read, which
                    # is then copied into ``view``; a whole part at once would double it.
                    data = self._body.read(min(len(view), _BODY_READ))
                break
            except StorageError as exc:
                if not (
                    isinstance(exc.__cause__, _BROKEN_BODY)
                    and self._etag
                    and self._resumes < _RESUMES
                ):
                    raise
                self._resumes += 1
                log.info(
                    "reading %r from %s broke off after %d bytes (%s); resuming",
                    self._key,
                    self._store.description,
                    self._offset,
                    exc.__cause__,
                )
                with contextlib.suppress(Exception):
                    self._body.close()
                self._body = self._store._read_rest(self._key, self._offset, self._etag)
        view[: len(data)] = data
        self._offset += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()
