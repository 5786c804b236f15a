"""Local filesystem backend: keys are paths under a base directory.

Used for Milvus standalone with local storage (its binlogs are plain files) and for backups
kept on a local disk or mount. Absolute keys stay absolute, because Milvus addresses local
binlogs by absolute path.

Every write lands whole: bytes go to a hidden temp file beside the object, which is then
renamed over it (or, for an exclusive create, hard-linked to its name, which fails if the name
exists). Small records (``write_bytes``, ``create_exclusive``, ``replace_if``: task records,
claims, metadata, manifests) are fsynced before they are renamed into place, so a crash never
leaves one half-written. Bulk copies (``write_stream``, ``copy_from``: binlogs) are not synced
one by one: a backup calls ``sync`` once when every binlog has landed, which flushes the whole
filesystem (Linux ``syncfs``, else ``sync``), before it writes its metadata. A crash before
that leaves a backup without ``full_meta.json``, which never reads as complete.

Writes and deletes of one key take a lock on a hidden sidecar file beside it
(``flock``, which excludes other processes and other threads alike), so a conditional write's
compare and its rename are one step for every other writer of the key. The sidecar is removed
before its lock is released and exists only while some writer holds it; a writer that waited on
a removed sidecar notices and locks the new one.

``hard_link`` gives an object a second name sharing its bytes (``link(2)``), for incremental
backups; ``delete_counted`` then frees the bytes only with the last name.

On NFS the Linux client turns ``flock`` into a lock held by the server, which excludes writers
on other machines only when the mount has working locks (NFSv4, or NFSv3 with lockd; not
``nolock`` or ``local_lock=``). ``link`` is atomic on the server; a retransmitted ``link`` that
reports the name taken by its own first attempt is recognised by the inode it points to.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from ..errors import StorageError
from . import digest
from .base import (
    Checksum,
    LinkRefused,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
    VersionedBytes,
)

_CHUNK = 4 * 1024 * 1024
_COPY_BUFFER = 1024 * 1024  # per copy of a local file; 16 copies run at once by default
_KERNEL_COPY_STEP = 1 << 30  # bytes asked of one copy_file_range call
_TEMP_PREFIX = ".tmp-"
_LOCK_PREFIX = ".lock-"
#: Files of this backend's own that live beside objects and are never listed as objects.
_HIDDEN_PREFIXES = (_TEMP_PREFIX, _LOCK_PREFIX)
_MAX_NAME = 255  # bytes in one file name on common filesystems
#: Why ``link(2)`` refuses to link two paths, where a reference to the source does instead.
_LINK_REFUSALS = {
    errno.EXDEV: "another filesystem",
    errno.EPERM: "not permitted on this filesystem",
    errno.EMLINK: "too many links to the source",
    errno.ENOTSUP: "not supported by this filesystem",
    errno.EOPNOTSUPP: "not supported by this filesystem",
}


def _version(stat: os.stat_result, data: bytes) -> str:
    """A file's version: inode, modification time, size and a hash of its bytes.

    Every write makes a new file (a temp file renamed or linked into place) while the old one
    still exists, so the new inode differs from the one it replaces and a writer of identical
    bytes still changes the version. An inode freed by one write can be reused by a later one;
    for an old version to come back, that later write would also need the same size, the same
    modification time (one clock tick) and the same bytes, and a compare-and-swap that then
    succeeds leaves exactly what its caller read.
    """
    import hashlib  # OpenSSL's libcrypto: loaded on the first write, not by `list` (start-up)

    content = hashlib.sha256(data).hexdigest()[:32]
    return f"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}-{content}"


def _lock_name(name: str) -> str:
    lock = _LOCK_PREFIX + name
    if len(lock.encode("utf-8", "surrogateescape")) <= _MAX_NAME:
        return lock
    import hashlib  # see _version

    return _LOCK_PREFIX + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()


class LocalStorage(ObjectStorage):
    """Objects as files below ``base_dir`` (relative keys) or at absolute paths."""

    hard_links = True

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
                    if key.startswith(wanted) and not name.startswith(_HIDDEN_PREFIXES):
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

    def read_versioned(self, key: str) -> VersionedBytes:
        try:
            # Stat and read one open file: files are replaced, never rewritten in place, so
            # the bytes are those of the inode the version names.
            with self._path(key).open("rb") as f:
                stat = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key!r} in {self.description}: {exc}") from exc
        return VersionedBytes(data, _version(stat, data))

    def create_exclusive(self, key: str, data: bytes) -> str:
        path = self._path(key)
        try:
            with self._key_lock(path):
                tmp, stat = self._write_temp(path, lambda f: f.write(data))
                try:
                    try:
                        os.link(tmp, path)
                    except FileExistsError:
                        if not _same_file(path, stat):  # else a retransmitted link (NFS)
                            raise PreconditionFailed(
                                f"{key!r} exists already in {self.description}",
                                key=key,
                                current_version=self._current_version(path),
                            ) from None
                finally:
                    Path(tmp).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {key!r} in {self.description}: {exc}") from exc
        return _version(stat, data)

    def replace_if(self, key: str, data: bytes, expected_version: str) -> str:
        path = self._path(key)
        try:
            with self._key_lock(path):
                current = self._current_version(path)
                if current != expected_version:
                    state = "does not exist" if current is None else "changed"
                    raise PreconditionFailed(
                        f"{key!r} {state} in {self.description} since version "
                        f"{expected_version!r} was read",
                        key=key,
                        current_version=current,
                    )
                tmp, stat = self._write_temp(path, lambda f: f.write(data))
                try:
                    os.replace(tmp, path)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise StorageError(f"cannot replace {key!r} in {self.description}: {exc}") from exc
        return _version(stat, data)

    def _current_version(self, path: Path) -> str | None:
        try:
            with path.open("rb") as f:
                stat = os.fstat(f.fileno())
                return _version(stat, f.read())
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def _key_lock(self, path: Path) -> Iterator[None]:
        """Hold the lock of one key: its sidecar file, locked with ``flock``.

        Raises:
            OSError: the sidecar cannot be created or locked.
        """
        lock = path.with_name(_lock_name(path.name))
        while True:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:
                continue  # the directory was pruned between mkdir and open: make it again
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                # The holder before us may have removed the sidecar: then this lock guards
                # nothing, and the current sidecar (if any) is to be locked instead.
                if _same_file(lock, os.fstat(fd)):
                    try:
                        yield
                    finally:
                        lock.unlink(missing_ok=True)  # before the lock is released
                        if not os.path.lexists(path):
                            # The sidecar may have kept a delete from pruning the directory,
                            # or a refused write made it: leave no empty directory behind.
                            self._prune_empty_dirs(path.parent)
                    return
            finally:
                os.close(fd)

    def open_read(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"{key!r} does not exist in {self.description}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key!r} in {self.description}: {exc}") from exc

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        path = self._path(key)
        # A bulk copy: made durable by ``sync`` of the whole backup, not one fsync each.
        self._atomic_write(path, lambda f: shutil.copyfileobj(stream, f, _CHUNK), durable=False)
        written = path.stat().st_size
        if written != size:
            path.unlink(missing_ok=True)
            raise StorageError(f"short write of {key!r}: {written} of {size} bytes")

    def _atomic_write(
        self, path: Path, fill: Callable[[BinaryIO], object], durable: bool = True
    ) -> None:
        # Write to a sibling temp file and rename, so a crash never leaves a partial object;
        # the rename takes the key's lock, so it never falls between a conditional write's
        # compare and its rename.
        try:
            tmp, _ = self._write_temp(path, fill, durable)
            try:
                with self._key_lock(path):
                    os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write {str(path)!r}: {exc}") from exc

    def _write_temp(
        self, path: Path, fill: Callable[[BinaryIO], object], durable: bool = True
    ) -> tuple[str, os.stat_result]:
        """A hidden temp file beside ``path``, filled (and fsynced if ``durable``); its name
        and final stat."""
        while True:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
                break
            except FileNotFoundError:
                continue  # a delete pruned the directory after mkdir: make it again
        try:
            with os.fdopen(fd, "wb") as f:
                fill(f)
                f.flush()
                if durable:
                    os.fsync(f.fileno())
                else:
                    _start_writeback(f.fileno())
                return tmp, os.fstat(f.fileno())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self._remove(key)

    def delete_counted(self, obj: ObjectInfo) -> int:
        # A file with another link (a hard-linked incremental backup) keeps its bytes.
        return obj.size if self._remove(obj.key) == 1 else 0

    def _remove(self, key: str) -> int:
        """Unlink one key; how many links its file had (0: there was none)."""
        path = self._path(key)
        if not path.parent.is_dir():
            return 0  # nothing to delete, and no directory to make for a lock
        try:
            with self._key_lock(path):
                try:
                    links = os.lstat(path).st_nlink
                except FileNotFoundError:
                    return 0
                path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete {key!r} in {self.description}: {exc}") from exc
        return links

    def hard_link(self, src_key: str, dst_key: str) -> None:
        src, dst = self._path(src_key), self._path(dst_key)
        # A link never replaces a file: it is exclusive on its own and takes no key lock
        # (an incremental backup makes one per unchanged binlog, so each syscall counts).
        try:
            for attempt in range(3):
                try:
                    os.link(src, dst)
                    return
                except FileExistsError:
                    if os.path.samefile(src, dst):  # a retransmitted link (NFS)
                        return
                    raise
                except FileNotFoundError:
                    if not src.is_file():
                        raise ObjectNotFound(
                            f"{src_key!r} does not exist in {self.description}"
                        ) from None
                    if attempt == 2:
                        raise
                    # The directory is made on demand; a delete's prune may race it: again.
                    dst.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = _LINK_REFUSALS.get(exc.errno or 0)
            if reason is not None:
                raise LinkRefused(
                    f"cannot hard-link {src_key!r} to {dst_key!r} in {self.description}: "
                    f"{reason} ({exc.strerror})",
                    reason=reason,
                ) from exc
            raise StorageError(f"cannot link {dst_key!r} in {self.description}: {exc}") from exc

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

    def copy_threads(self, source: ObjectStorage, parallelism: int) -> int:
        # A copy between local files has no round trip to hide: it is the kernel's copy and
        # the hash of the bytes, CPU work. Threads beyond two per usable core only contend
        # for the cores and the GIL: on two cores, 16 threads took 0.34-0.40 s for 256 MiB
        # where 4 took 0.28, and no longer with a cold page cache (benchmarks/RESULTS.md).
        if not isinstance(source, LocalStorage):
            return parallelism
        return max(1, min(parallelism, 2 * _usable_cores()))

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        if not isinstance(source, LocalStorage):
            return None
        src = source._path(src_key)
        if not src.is_file():
            raise ObjectNotFound(f"{src_key!r} does not exist in {source.description}")
        algorithm = algorithm or digest.DEFAULT
        running = digest.new(algorithm)
        copied: int | None = None

        def fill(target: BinaryIO) -> None:
            nonlocal copied
            copied = _kernel_copy(source_file.fileno(), target.fileno())
            if copied is None:  # the kernel cannot: through a buffer, hashed as it passes
                _hash_file(source_file, running, target)

        try:
            source_file = cast(io.RawIOBase, src.open("rb", buffering=0))
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"{src_key!r} does not exist in {source.description}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {src_key!r} in {source.description}: {exc}") from exc
        with source_file:
            # A bulk copy: made durable by ``sync`` of the whole backup, not one fsync each.
            self._atomic_write(self._path(dst_key), fill, durable=False)
            if copied is not None:
                # Hashed while the disk writes the copy (its writeback has started).
                hashed = _hash_file(source_file, running)
                if hashed != copied:
                    raise StorageError(
                        f"{src_key!r} in {source.description} changed while it was copied "
                        f"({copied} bytes copied, {hashed} read)"
                    )
        return Checksum(algorithm, running.hexdigest())

    def sync(self, prefix: str) -> None:
        # One syncfs of the filesystem holding the prefix: every binlog copied since, and
        # the renames that put them in place, reach the disk together. The directory of the
        # prefix exists once anything was written under it; else its nearest existing parent.
        directory = self._path(prefix)
        while not directory.is_dir() and directory != directory.parent:
            directory = directory.parent
        try:
            fd = os.open(directory, os.O_RDONLY)
            try:
                _syncfs(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StorageError(
                f"cannot sync {prefix!r} in {self.description} to disk: {exc}"
            ) from exc

    def milvus_path(self, key: str) -> str:
        return self._path(key).as_posix()


def _usable_cores() -> int:
    """Cores this process may run on (its affinity where the system has one)."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; not macOS
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@functools.cache
def _libc_syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)`` from the C library, or None where there is none (macOS...)."""
    import ctypes  # here, not at the top: only a backup's final sync needs it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[[int], int] = libc.syncfs
    except (OSError, AttributeError):
        return None
    return function


@functools.cache
def _libc_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    """Linux's ``sync_file_range(2)`` from the C library, or None where there is none."""
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    return function


_SYNC_FILE_RANGE_WRITE = 2


def _start_writeback(fd: int) -> None:
    """Ask the kernel to start writing a bulk copy's dirty pages to disk, without waiting.

    Nothing counts as durable until the backup's one ``syncfs``; this only moves the disk
    writes earlier, so that they overlap with the copies still running instead of all
    waiting for that final sync (benchmarks/RESULTS.md, 1.). Where the call is missing or
    fails, the final sync writes everything, as it always does.
    """
    start = _libc_sync_file_range()
    if start is not None:
        start(fd, 0, 0, _SYNC_FILE_RANGE_WRITE)


def _syncfs(fd: int) -> None:
    """Write the dirty data and metadata of the filesystem holding ``fd`` to disk.

    ``syncfs`` waits for that one filesystem; where it is unavailable, ``os.sync`` flushes
    them all (on Linux it too waits for the writes to finish).

    Raises:
        OSError: syncfs reported a write error.
    """
    syncfs = _libc_syncfs()
    if syncfs is None:
        os.sync()
        return
    if syncfs(fd) != 0:
        import ctypes

        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))


def _same_file(path: Path | str, stat: os.stat_result) -> bool:
    """Whether ``path`` names the file ``stat`` describes (False if it names nothing)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (stat.st_dev, stat.st_ino)


#: What ``copy_file_range`` answers where the kernel cannot copy between these two files
#: (another filesystem on kernels before 5.3, filesystems without it, no such call).
_NO_KERNEL_COPY = frozenset(
    {errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
)


def _kernel_copy(src_fd: int, dst_fd: int) -> int | None:
    """Copy all of ``src_fd`` to the empty ``dst_fd`` in the kernel; bytes copied, or None
    (``dst_fd`` left empty) where the kernel cannot copy between them.

    ``copy_file_range`` copies page cache to page cache (or shares blocks, where the
    filesystem reflinks). Copying through a user-space buffer instead, hashing as the bytes
    pass, measured up to twice as slow, and erratic, on 2 cores (256 MiB of binlogs copied
    and synced: 0.25 to 0.45 s, against a steady 0.17 s for this copy and a second read to
    hash): each write into fresh page-cache pages cost more than the kernel's own copy.
    Neither file's offset moves.
    """
    copy = getattr(os, "copy_file_range", None)
    if copy is None:
        return None
    offset = 0
    try:
        while copied := copy(src_fd, dst_fd, _KERNEL_COPY_STEP, offset, offset):
            offset += copied
    except OSError as exc:
        if exc.errno not in _NO_KERNEL_COPY:
            raise
        os.ftruncate(dst_fd, 0)  # whatever was copied before it refused
        return None
    return offset


def _hash_file(
    source: io.RawIOBase, running: digest.Digest, target: BinaryIO | None = None
) -> int:
    """Hash ``source`` from where it stands to its end, writing the bytes to ``target`` too
    where one is given; the bytes read.

    After a kernel copy the hash is of the source as Milvus wrote it (binlogs are never
    changed in place), so ``verify --deep`` checks the backup's copy against Milvus's bytes.
    """
    # One buffer per copy, reused: a new bytes object per read costs an allocation and its
    # page faults each time (benchmarks/RESULTS.md, 3.).
    buffer = bytearray(_COPY_BUFFER)
    view = memoryview(buffer)
    total = 0
    while size := source.readinto(buffer):
        running.update(view[:size])
        if target is not None:
            target.write(view[:size])
        total += size
    return total
