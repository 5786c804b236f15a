"""Local filesystem backend: keys are paths under a base directory.

Used for Milvus standalone with local storage (its binlogs are plain files) and for backups
kept on a local disk or mount. Absolute keys stay absolute, because Milvus addresses local
binlogs by absolute path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import StorageError
from .base import Checksum, ObjectInfo, ObjectNotFound, ObjectStorage

_CHUNK = 4 * 1024 * 1024
_COPY_BUFFER = 1024 * 1024  # per copy of a local file; 16 copies run at once by default


class LocalStorage(ObjectStorage):
    """Objects as files below ``base_dir`` (relative keys) or at absolute paths."""

    def __init__(self, base_dir: str | os.PathLike[str] = ".") -> None:
        self.base = Path(os.path.abspath(base_dir))
        self.description = f"local:{self.base}"

    def _path(self, key: str) -> Path:
        # normpath, not resolve(): keys must map back to the same spelling (symlinked /tmp).
        return Path(os.path.normpath(os.path.join(self.base, key)))

    def _key(self, path: Path, absolute: bool) -> str:
        return path.as_posix() if absolute else Path(os.path.relpath(path, self.base)).as_posix()

    def list_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        absolute = prefix.startswith("/")
        root = self._path(prefix)
        # A prefix may end inside a name ("backup/nam"): walk its parent and filter.
        walk_root = root if prefix.endswith("/") or not prefix else root.parent
        wanted = self._key(root, absolute) if prefix else ""
        if prefix.endswith("/") and wanted:
            wanted += "/"
        found = []
        try:
            for dirpath, dirs, files in os.walk(walk_root):
                dirs.sort()
                for name in sorted(files):
                    path = Path(dirpath) / name
                    key = self._key(path, absolute)
                    if key.startswith(wanted) and not name.startswith(".tmp-"):
                        found.append(ObjectInfo(key, path.stat().st_size))
        except OSError as exc:
            raise StorageError(f"cannot list {prefix!r} in {self.description}: {exc}") from exc
        yield from sorted(found, key=lambda o: o.key)

    def list_dirs(self, prefix: str) -> list[str]:
        root = self._path(prefix)
        if not root.is_dir():
            return []
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        return sorted(base + entry.name + "/" for entry in root.iterdir() if entry.is_dir())

    def stat(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        return ObjectInfo(key, path.stat().st_size) if path.is_file() else None

    def read_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key!r} in {self.description}: {exc}") from exc

    def write_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        self._atomic_write(path, lambda f: f.write(data))

    def open_read(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key!r} in {self.description}: {exc}") from exc

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        path = self._path(key)
        self._atomic_write(path, lambda f: shutil.copyfileobj(stream, f, _CHUNK))
        written = path.stat().st_size
        if written != size:
            path.unlink(missing_ok=True)
            raise StorageError(f"short write of {key!r}: {written} of {size} bytes")

    def _atomic_write(self, path: Path, fill: object) -> None:
        # Write to a sibling temp file and rename, so a crash never leaves a partial object.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    fill(f)  # type: ignore[operator]
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write {str(path)!r}: {exc}") from exc

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete {key!r} in {self.description}: {exc}") from exc
        self._prune_empty_dirs(path.parent)

    def _prune_empty_dirs(self, directory: Path) -> None:
        # Directories are an artefact of the file layout; remove them as objects go.
        while directory != self.base and directory != directory.parent:
            try:
                directory.rmdir()
            except OSError:
                return
            directory = directory.parent

    def same_store(self, other: ObjectStorage) -> bool:
        # Keys resolve to filesystem paths, and Milvus imports local binlogs by absolute path.
        return isinstance(other, LocalStorage)

    def copy_from(self, source: ObjectStorage, src_key: str, dst_key: str) -> Checksum | None:
        if not isinstance(source, LocalStorage):
            return None
        src = source._path(src_key)
        if not src.is_file():
            raise ObjectNotFound(f"{src_key!r} does not exist in {source.description}")
        digest = hashlib.sha256()
        self._atomic_write(self._path(dst_key), lambda f: _copy_file(src, f, digest))
        return Checksum("sha256", digest.hexdigest())

    def milvus_path(self, key: str) -> str:
        return self._path(key).as_posix()


def _copy_file(src: Path, dst: BinaryIO, digest: hashlib._Hash) -> None:
    # Hashing as the bytes pass costs one pass over memory instead of a second read.
    # One buffer, reused: a new bytes object per read costs an allocation and its page faults
    # each time, and with a copy thread per object held RSS up (benchmarks/RESULTS.md, 3.).
    buffer = bytearray(_COPY_BUFFER)
    view = memoryview(buffer)
    with src.open("rb", buffering=0) as f:
        while size := f.readinto(buffer):
            digest.update(view[:size])
            dst.write(view[:size])
