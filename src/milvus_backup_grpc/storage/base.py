"""The object-storage interface every backend implements.

A backend is bound to one bucket (or, for the local backend, one base directory). Keys are
"/"-separated; a "directory" is a key prefix ending in "/". Backends translate their own
errors into ``StorageError`` and a missing object into ``ObjectNotFound``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import StorageError


class ObjectNotFound(StorageError):
    """The object does not exist."""


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

    ``sha256`` is computed by this service over the bytes it moved; ``etag`` is the tag a
    store gave the object when it copied it server-side (the bytes never passed through here,
    and the store's tag is what later listings can be compared with).
    """

    algorithm: str
    value: str


class ObjectStorage(abc.ABC):
    """A bucket-like store of objects addressed by key."""

    #: What the backend is, for messages ("local:/data", "s3://bucket").
    description: str
    #: Memory one streamed write into this store may hold (its part buffers); 0 for stores
    #: that write as they read. The transfer layer bounds concurrent streams by it.
    stream_buffer_bytes: int = 0

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

    def same_store(self, other: ObjectStorage) -> bool:
        """Whether ``other`` addresses the same objects (so Milvus reading one reads both)."""
        return False

    def copy_from(self, source: ObjectStorage, src_key: str, dst_key: str) -> Checksum | None:
        """Copy server-side from ``source`` if this backend can; None means stream instead.

        Returns:
            The checksum of the object that landed, as the copy learnt it.
        """
        return None


def unquote_etag(etag: str) -> str:
    """An ETag without the quotes S3 and Azure wrap it in."""
    return etag.strip().strip('"')


def join_key(*parts: str | int) -> str:
    """Join key parts with "/", ignoring empty parts and doubled slashes."""
    cleaned = [str(p).strip("/") for p in parts if str(p).strip("/")]
    lead = "/" if parts and str(parts[0]).startswith("/") else ""
    return lead + "/".join(cleaned)
