"""The object-storage interface every backend implements.

A backend is bound to one bucket (or, for the local backend, one base directory). Keys are
"/"-separated; a "directory" is a key prefix ending in "/". Backends translate their own
errors into ``StorageError``, a missing object into ``ObjectNotFound`` and a refused
conditional write into ``PreconditionFailed``.

Conditional writes (``create_exclusive``, ``replace_if``, ``read_versioned``) are the
compare-and-swap that claims between processes need: whatever the interleaving, one
``create_exclusive`` of a key wins and every other one is refused, and a ``replace_if`` lands
only on the version its caller read, so no update is lost. A version is an opaque token:

- S3: the object's ETag. For an object written in one PUT (every conditional write is one) it
  is the MD5 of its bytes, so a replace that writes back exactly the bytes it read leaves the
  version as it was; a record that must change on every write carries its own generation or
  nonce. Any other write (other bytes, a delete) changes it.
- Azure: the blob's ETag, which changes on every write, even of identical bytes.
- local: the file's inode, modification time, size and a hash of its bytes (see
  ``LocalStorage``). Every write creates a new file, so two consecutive versions always differ.

Plain ``write_bytes`` and ``delete`` stay unconditional (last writer wins), but they are
ordered with the conditional writes of the same key (by the store, or by the local backend's
per-key lock) and change the version, so a ``replace_if`` after them is refused.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple, Self, TypeGuard

from ..errors import StorageError


class ObjectNotFound(StorageError):
    """The object does not exist."""


class PreconditionFailed(StorageError):
    """A conditional write was refused: the object exists, or changed, or is gone.

    When a store applies a write but its answer is lost, the client sends the request again
    and the store refuses the repeat, because the first attempt changed the object. The error
    then says ``retried``: the write may have landed after all. Only the caller can tell (a
    claim record that names its owner, read back, shows whose write it was); the backend does
    not guess, because two writers can send identical bytes.

    Attributes:
        key: the object the write was for.
        current_version: the object's version when the store refused the write, where the store
            said or a read right after found it; None when unknown or when the object is gone.
        retried: the client had sent the request more than once (an answer was lost or
            failed), so an earlier attempt of this very write may be what the store found.
    """

    def __init__(
        self,
        message: str,
        *,
        key: str,
        current_version: str | None = None,
        retried: bool = False,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.current_version = current_version
        self.retried = retried


class LinkRefused(StorageError):
    """The store cannot hard-link these two keys: no hard links at all, another device, a
    filesystem without them, or too many links to the source. Nothing was written.

    Attributes:
        reason: why, in a few words ("another filesystem", "not supported here").
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class VersionedBytes(NamedTuple):
    """A small object's bytes and the version they were read at (see the module docstring)."""

    data: bytes
    version: str


@dataclass(frozen=True)
class ObjectInfo:
    """A stored object: its key, size in bytes and, where the store keeps one, its ETag."""

    key: str
    size: int
    #: The store's tag of the object's content, unquoted ("" where the store keeps none).
    etag: str = ""


@dataclass(frozen=True)
class Checksum:
    """A fingerprint of an object's bytes.

    ``blake3`` and ``sha256`` are computed by this service over the bytes it moved
    (storage/digest.py); ``etag`` is the tag a store gave the object when it copied it
    server-side (the bytes never passed through here, and the store's tag is what later
    listings can be compared with).
    """

    algorithm: str
    value: str


class ObjectStorage(abc.ABC):
    """A bucket-like store of objects addressed by key."""

    #: What the backend is, for messages ("local:/data", "s3://bucket").
    description: str
    #: Whether copies into this store are better verified by one listing of their prefix than
    #: by a stat of each (stores whose listing returns many objects per request).
    verifies_by_listing: bool = False
    #: Whether ``hard_link`` can give an object a second name sharing its bytes (local files).
    hard_links: bool = False
    #: Endpoint and credentials of a cloud backend: two stores of one backend with equal
    #: identities may copy server-side between them. None: this store never does.
    _identity: tuple[object, ...] | None = None

    def stream_buffer(self, size: int) -> int:
        """Bytes a streamed write of a ``size``-byte object holds in memory at once (its
        request body or part buffers); 0 for stores that write as they read. The transfer
        layer runs only as many streams at once as its memory budget holds."""
        return 0

    @abc.abstractmethod
    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        """Every object whose key starts with ``prefix``, recursively, in key order."""

    @abc.abstractmethod
    def list_dirs(self, prefix: str) -> list[str]:
        """The immediate sub-"directories" under ``prefix`` (which should end in "/")."""

    @abc.abstractmethod
    def stat(self, key: str) -> ObjectInfo | None:
        """The object's info, or None when it does not exist."""

    @abc.abstractmethod
    def read_bytes(self, key: str) -> bytes:
        """The whole object (for small objects such as metadata)."""

    @abc.abstractmethod
    def write_bytes(self, key: str, data: bytes) -> None:
        """Create or replace the object atomically: readers see the old or the new bytes."""

    @abc.abstractmethod
    def read_versioned(self, key: str) -> VersionedBytes:
        """The whole object and its version, read together (the bytes are of that version).

        Raises:
            ObjectNotFound: the object does not exist.
        """

    @abc.abstractmethod
    def create_exclusive(self, key: str, data: bytes) -> str:
        """Create the object only if no object has the key; readers never see a part of it.

        Of any number of concurrent calls for one key, in any processes, exactly one succeeds.

        Returns:
            The version of the new object.

        Raises:
            PreconditionFailed: the object exists (``current_version`` is its version if known).
        """

    @abc.abstractmethod
    def replace_if(self, key: str, data: bytes, expected_version: str) -> str:
        """Replace the object only if it is still at ``expected_version``, atomically.

        Of concurrent calls that expect one version, at most one succeeds.

        Returns:
            The version of the new object.

        Raises:
            PreconditionFailed: the object is at another version, or does not exist.
        """

    @abc.abstractmethod
    def open_read(self, key: str) -> BinaryIO:
        """A stream of the object's bytes, for copies that must not hold it in memory."""

    @abc.abstractmethod
    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        """Create or replace the object from a stream of ``size`` bytes."""

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        """Remove one object; removing a missing object is not an error."""

    @abc.abstractmethod
    def milvus_path(self, key: str) -> str:
        """How Milvus, reading the same store, names this key (a path or a bucket key)."""

    def delete_counted(self, obj: ObjectInfo) -> int:
        """Remove a listed object; the bytes its removal frees in the store.

        In a bucket that is the object's size. A store with hard links frees nothing while
        another name still links the same bytes.
        """
        self.delete(obj.key)
        return obj.size

    def hard_link(self, src_key: str, dst_key: str) -> None:
        """Give the object at ``src_key`` a second name, ``dst_key``, sharing its bytes.

        Raises:
            LinkRefused: the store cannot link them (buckets never can); nothing was written.
            ObjectNotFound: ``src_key`` does not exist.
        """
        raise LinkRefused(
            f"{self.description} has no hard links ({src_key!r})", reason="no hard links"
        )

    def exists(self, key: str) -> bool:
        """Whether the object exists."""
        return self.stat(key) is not None

    def has_prefix(self, prefix: str) -> bool:
        """Whether any object lives under ``prefix``."""
        return next(iter(self.list_objects(prefix)), None) is not None

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under ``prefix``; returns how many were removed."""
        keys = [obj.key for obj in self.list_objects(prefix)]
        for key in keys:
            self.delete(key)
        return len(keys)

    def sync(self, prefix: str) -> None:
        """Make every object written under ``prefix`` so far durable, before a caller writes
        what declares them complete.

        Bulk writes (``write_stream``, ``copy_from``) may return before their bytes are on
        stable storage; small records (``write_bytes``, ``create_exclusive``, ``replace_if``)
        never do. S3 and Azure acknowledge a PUT only once it is durable, so for them this
        does nothing.

        Raises:
            StorageError: the store could not make the objects durable.
        """
        del prefix

    def same_store(self, other: ObjectStorage) -> bool:
        """Whether ``other`` addresses the same objects (so Milvus reading one reads both)."""
        return False

    def copy_threads(self, source: ObjectStorage, parallelism: int) -> int:
        """How many copies from ``source`` into this store are worth running at once.

        ``parallelism`` (``backup.parallelism.copydata``): a copy through a network store
        mostly waits on round trips, which more copies at once hide.
        """
        del source
        return parallelism

    def _same_identity(self, other: ObjectStorage) -> TypeGuard[Self]:
        """Whether ``other`` is this backend at the same endpoint with the same credentials,
        the condition of a server-side copy (and, with the same bucket, of the same store)."""
        return (
            isinstance(other, type(self))
            and self._identity is not None
            and other._identity == self._identity
        )

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        """Copy server-side from ``source`` if this backend can; None means stream instead.

        Args:
            size: the source's size where the caller knows it (saves asking the store); the
                copy is verified afterwards either way.
            algorithm: the hash to compute where the bytes pass through this process
                (storage/digest.py; None: its default); a store's own copy reports its tag.

        Returns:
            The checksum of the object that landed, as the copy learnt it.
        """
        del size, algorithm
        return None

    def refuses_second_create(self, probe_key: str) -> bool:
        """Whether the store refuses a second ``create_exclusive`` of one key, as claims need.

        A store that ignores the condition (an S3-compatible store that drops ``If-None-Match``)
        overwrites instead, and then two processes could both claim one name. The probe object
        is removed afterwards.

        Raises:
            StorageError: the store failed or refused the first write.
        """
        self.create_exclusive(probe_key, b"milvus-backup-grpc claim probe 1")
        try:
            self.create_exclusive(probe_key, b"milvus-backup-grpc claim probe 2")
        except PreconditionFailed:
            return True
        finally:
            self.delete(probe_key)
        return False


class ConditionalPutStorage(ObjectStorage):
    """A store whose one conditional PUT serves exclusive creates and replaces (S3, Azure)."""

    def create_exclusive(self, key: str, data: bytes) -> str:
        return self._put_if(key, data, None)

    def replace_if(self, key: str, data: bytes, expected_version: str) -> str:
        try:
            return self._put_if(key, data, expected_version)
        except ObjectNotFound as exc:  # a conditional PUT on a missing key answers "not found"
            raise PreconditionFailed(
                f"{key!r} does not exist in {self.description}: it was deleted since version "
                f"{expected_version!r} was read",
                key=key,
            ) from exc

    @abc.abstractmethod
    def _put_if(self, key: str, data: bytes, expected_version: str | None) -> str:
        """Put ``data`` on a condition: the key is free (None), or holds ``expected_version``.

        Returns:
            The new object's version.

        Raises:
            PreconditionFailed: the condition does not hold.
            ObjectNotFound: the store reports the expected object missing.
        """


def unquote_etag(etag: str) -> str:
    """An ETag without the quotes S3 and Azure wrap it in."""
    return etag.strip().strip('"')


def join_key(*parts: str | int) -> str:
    """Join key parts with "/", ignoring empty parts and doubled slashes."""
    cleaned = [str(p).strip("/") for p in parts if str(p).strip("/")]
    lead = "/" if parts and str(parts[0]).startswith("/") else ""
    return lead + "/".join(cleaned)


def read_part(stream: BinaryIO, amount: int, size: int, key: str) -> bytearray:
    """Exactly ``amount`` bytes of ``stream`` (the next part of a ``size``-byte object).

    Read straight into one buffer, so a part costs its own size and no joined copy.

    Raises:
        StorageError: the stream ended first.
    """
    part = bytearray(amount)
    read_into(stream, memoryview(part), size, key)
    return part


def read_into(stream: BinaryIO, view: memoryview, size: int, key: str) -> None:
    """Fill ``view`` from ``stream`` (part of a ``size``-byte object), however short its reads.

    Raises:
        StorageError: the stream ended first.
    """
    readinto = getattr(stream, "readinto", None)
    got, amount = 0, len(view)
    while got < amount:
        if readinto is not None:
            count = readinto(view[got:])
        else:
            chunk = stream.read(amount - got)
            count = len(chunk)
            view[got : got + count] = chunk
        if not count:
            raise StorageError(
                f"short read for {key!r}: the source ended before the expected {size} bytes"
            )
        got += count


def expect_end(stream: BinaryIO, size: int, key: str) -> None:
    """Refuse a stream that holds more than the ``size`` bytes already read from it."""
    if stream.read(1):
        raise StorageError(f"the source of {key!r} holds more than the expected {size} bytes")
