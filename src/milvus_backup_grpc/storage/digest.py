"""Content digests: the hashes this service computes over the bytes it copies.

Two algorithms, both 256-bit cryptographic hashes, so ``verify --deep`` detects a changed byte
with either exactly as surely:

- ``blake3``, the default for new backups. Hashing is most of a local backup's CPU, and one
  core of the benchmark machine hashes 5.5 GiB/s with it against 1.6 with SHA-256 (with the
  CPU's SHA extensions; benchmarks/RESULTS.md): local backups went from 0.85-0.94 of ``cp -r``
  and ``sync`` to 1.00-1.10. Manifests holding it are format 3, which versions before it
  refuse by number (layout/manifest.py).
- ``sha256``, which every version of this service reads (``backup.checksum: sha256``).

A backup records which algorithm fingerprinted each object, and every check recomputes that
one, so backups made with either (and incremental chains mixing them) verify and restore.
"""

from __future__ import annotations

from typing import Protocol

from .base import Checksum, ObjectStorage

SHA256 = "sha256"
BLAKE3 = "blake3"
#: The algorithms this service computes, and so can check again by reading the bytes.
COMPUTED = frozenset({SHA256, BLAKE3})
DEFAULT = BLAKE3
#: How messages name each algorithm (a store's tag is its ETag).
SHOWN = {SHA256: "SHA-256", BLAKE3: "BLAKE3", "etag": "ETag"}

_READ_CHUNK = 4 * 1024 * 1024


class Digest(Protocol):
    """A running hash (hashlib's and blake3's share this shape)."""

    def update(self, data: bytes | bytearray | memoryview, /) -> object: ...

    def hexdigest(self) -> str: ...


def new(algorithm: str) -> Digest:
    """A fresh running hash.

    Raises:
        ValueError: ``algorithm`` is not one of ``COMPUTED``.
    """
    if algorithm == BLAKE3:
        # Imported here: commands that never hash (``list``, start-up) do not load it.
        from blake3 import blake3

        return blake3()
    if algorithm == SHA256:
        import hashlib

        return hashlib.sha256()
    raise ValueError(f"no such checksum algorithm {algorithm!r}; use one of {sorted(COMPUTED)}")


def recomputable(checksum: Checksum | None) -> str:
    """The algorithm of ``checksum`` where this service can compute it again, else "".

    A copy checked against a recorded checksum hashes with its algorithm, whatever new
    backups use (``CopyItem.algorithm``).
    """
    return checksum.algorithm if checksum is not None and checksum.algorithm in COMPUTED else ""


def of_bytes(algorithm: str, data: bytes | bytearray | memoryview) -> Checksum:
    """The checksum of ``data``."""
    running = new(algorithm)
    running.update(data)
    return Checksum(algorithm, running.hexdigest())


def of_object(storage: ObjectStorage, key: str, algorithm: str) -> Checksum:
    """The checksum of a stored object, read through once."""
    running = new(algorithm)
    with storage.open_read(key) as stream:
        while chunk := stream.read(_READ_CHUNK):
            running.update(chunk)
    return Checksum(algorithm, running.hexdigest())
