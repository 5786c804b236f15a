"""The local filesystem backend and the checked copy between stores."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import threading
import time
from pathlib import Path
from typing import BinaryIO

import blake3
import pytest

from milvus_backup_grpc.errors import StorageError, TaskCancelled
from milvus_backup_grpc.storage import local as local_storage
from milvus_backup_grpc.storage.base import (
    Checksum,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
    join_key,
)
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.transfer import (
    CopyItem,
    StreamBudget,
    copy_object,
    copy_objects,
    stream_threads,
)


def _keys(storage: LocalStorage, prefix: str) -> list[str]:
    return [o.key for o in storage.list_objects(prefix)]


@pytest.fixture
def filled(storage: LocalStorage) -> LocalStorage:
    for key, data in {
        "backup/a/meta/backup_meta.json": b"{}",
        "backup/a/binlogs/insert_log/1/2/3/3/100/7": b"x" * 10,
        "backup/ab/meta/backup_meta.json": b"{}",
        "backup/b/meta/full_meta.json": b"{ }",
        "other/file": b"o",
    }.items():
        storage.write_bytes(key, data)
    return storage


def test_write_then_read_and_stat(storage: LocalStorage, tmp_path: Path) -> None:
    storage.write_bytes("backup/x/meta/full_meta.json", b'{"name":"x"}')

    assert storage.read_bytes("backup/x/meta/full_meta.json") == b'{"name":"x"}'
    assert storage.stat("backup/x/meta/full_meta.json") == ObjectInfo(
        "backup/x/meta/full_meta.json", 12
    )
    assert storage.exists("backup/x/meta/full_meta.json")
    assert (tmp_path / "backup/x/meta/full_meta.json").read_bytes() == b'{"name":"x"}'


def test_write_replaces_existing_object(storage: LocalStorage) -> None:
    storage.write_bytes("k/v", b"old contents")
    storage.write_bytes("k/v", b"new")

    assert storage.read_bytes("k/v") == b"new"
    assert _keys(storage, "k/") == ["k/v"]


def test_missing_object(storage: LocalStorage) -> None:
    assert storage.stat("nope") is None
    assert not storage.exists("nope")
    with pytest.raises(ObjectNotFound, match="'nope' does not exist"):
        storage.read_bytes("nope")
    with pytest.raises(ObjectNotFound):
        storage.open_read("nope")


def test_missing_object_is_a_storage_error() -> None:
    assert issubclass(ObjectNotFound, StorageError)


def test_list_is_recursive_and_sorted(filled: LocalStorage) -> None:
    assert _keys(filled, "") == [
        "backup/a/binlogs/insert_log/1/2/3/3/100/7",
        "backup/a/meta/backup_meta.json",
        "backup/ab/meta/backup_meta.json",
        "backup/b/meta/full_meta.json",
        "other/file",
    ]
    assert [o.size for o in filled.list_objects("backup/a/binlogs/")] == [10]


def test_list_with_trailing_slash_stays_inside_the_directory(filled: LocalStorage) -> None:
    assert _keys(filled, "backup/a/") == [
        "backup/a/binlogs/insert_log/1/2/3/3/100/7",
        "backup/a/meta/backup_meta.json",
    ]


def test_list_without_trailing_slash_is_a_plain_prefix(filled: LocalStorage) -> None:
    # Like S3: "backup/a" also matches "backup/ab/...".
    assert _keys(filled, "backup/a") == [
        "backup/a/binlogs/insert_log/1/2/3/3/100/7",
        "backup/a/meta/backup_meta.json",
        "backup/ab/meta/backup_meta.json",
    ]
    assert _keys(filled, "backup/a/meta/back") == ["backup/a/meta/backup_meta.json"]


def test_list_of_a_single_file_key(filled: LocalStorage) -> None:
    assert _keys(filled, "other/file") == ["other/file"]


def test_list_of_a_file_prefix_also_finds_longer_keys(storage: LocalStorage) -> None:
    for key in ("x/a", "x/a.bak", "x/ab/c"):
        storage.write_bytes(key, b"1")

    assert _keys(storage, "x/a") == ["x/a", "x/a.bak", "x/ab/c"]


def test_list_of_missing_prefix_is_empty(filled: LocalStorage) -> None:
    assert _keys(filled, "nothing/here/") == []
    assert _keys(filled, "nothing/her") == []
    assert not filled.has_prefix("backup/c/")
    assert filled.has_prefix("backup/a/")


def test_list_dirs(filled: LocalStorage) -> None:
    assert filled.list_dirs("backup/") == ["backup/a/", "backup/ab/", "backup/b/"]
    assert filled.list_dirs("backup") == ["backup/a/", "backup/ab/", "backup/b/"]
    assert filled.list_dirs("") == ["backup/", "other/"]
    assert filled.list_dirs("backup/a/meta/") == []
    assert filled.list_dirs("missing/") == []


def test_delete_removes_the_object_and_empty_directories(
    filled: LocalStorage, tmp_path: Path
) -> None:
    filled.delete("backup/b/meta/full_meta.json")

    assert not filled.exists("backup/b/meta/full_meta.json")
    assert not (tmp_path / "backup/b").exists()
    assert (tmp_path / "backup").is_dir()
    filled.delete("backup/b/meta/full_meta.json")  # deleting twice is fine


def test_delete_prefix_removes_everything_under_it(filled: LocalStorage, tmp_path: Path) -> None:
    removed = filled.delete_prefix("backup/a/")

    assert removed == 2
    assert _keys(filled, "backup/") == [
        "backup/ab/meta/backup_meta.json",
        "backup/b/meta/full_meta.json",
    ]
    assert not (tmp_path / "backup/a").exists()
    assert filled.list_dirs("backup/") == ["backup/ab/", "backup/b/"]
    assert filled.delete_prefix("backup/a/") == 0


def test_delete_never_removes_the_base_directory(storage: LocalStorage, tmp_path: Path) -> None:
    storage.write_bytes("only", b"1")
    storage.delete("only")

    assert tmp_path.is_dir()


def test_absolute_keys_stay_absolute(storage: LocalStorage, tmp_path: Path) -> None:
    elsewhere = tmp_path / "milvus-data"
    key = f"{elsewhere.as_posix()}/insert_log/1/2/3/100/7"
    storage.write_bytes(key, b"abc")

    assert storage.read_bytes(key) == b"abc"
    assert _keys(storage, f"{elsewhere.as_posix()}/") == [key]
    assert storage.stat(key) == ObjectInfo(key, 3)
    assert storage.list_dirs(f"{elsewhere.as_posix()}/") == [f"{elsewhere.as_posix()}/insert_log/"]


def test_absolute_keys_do_not_depend_on_the_base(tmp_path: Path) -> None:
    key = (tmp_path / "data" / "f").as_posix()
    LocalStorage(tmp_path / "one").write_bytes(key, b"z")

    assert LocalStorage(tmp_path / "two").read_bytes(key) == b"z"


def test_milvus_path_is_absolute(storage: LocalStorage, tmp_path: Path) -> None:
    assert storage.milvus_path("backup/a/binlogs/insert_log/1/2/3/") == (
        f"{os.path.abspath(tmp_path)}/backup/a/binlogs/insert_log/1/2/3"
    )
    assert storage.milvus_path("/abs/key") == "/abs/key"


def test_relative_base_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    storage = LocalStorage(".")

    assert storage.milvus_path("k") == f"{os.path.abspath(tmp_path)}/k"
    assert storage.description == f"local:{os.path.abspath(tmp_path)}"


def test_atomic_write_leaves_no_temp_files(storage: LocalStorage, tmp_path: Path) -> None:
    for i in range(5):
        storage.write_bytes("d/meta.json", f"v{i}".encode())

    assert _keys(storage, "") == ["d/meta.json"]
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["meta.json"]


def test_temp_files_of_an_unfinished_write_are_not_listed(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.write_bytes("d/done", b"1")
    (tmp_path / "d" / ".tmp-abc123").write_bytes(b"partial")

    assert _keys(storage, "d/") == ["d/done"]
    assert _keys(storage, "d/.tmp") == []


def test_a_lock_sidecar_left_by_a_crashed_writer_is_hidden_and_reused(
    storage: LocalStorage, tmp_path: Path
) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / ".lock-name").write_bytes(b"")  # its holder died: no lock on it

    version = storage.create_exclusive("claims/name", b"owner")

    assert storage.read_versioned("claims/name") == (b"owner", version)
    assert _keys(storage, "claims/") == ["claims/name"]
    assert [p.name for p in (tmp_path / "claims").iterdir()] == ["name"]  # sidecar removed


def test_a_conditional_write_that_fails_leaves_no_file(
    storage: LocalStorage, tmp_path: Path
) -> None:
    version = storage.create_exclusive("claims/name", b"owner")
    with pytest.raises(PreconditionFailed) as refused:
        storage.create_exclusive("claims/name", b"other")
    assert refused.value.current_version == version  # the local store says which version won
    with pytest.raises(PreconditionFailed, match="changed"):
        storage.replace_if("claims/name", b"other", "stale")

    assert [p.name for p in (tmp_path / "claims").iterdir()] == ["name"]
    storage.delete("claims/name")
    assert not (tmp_path / "claims").exists()  # the directory goes with its last object


def test_a_conditional_replace_of_a_removed_key_leaves_no_directory(
    storage: LocalStorage, tmp_path: Path
) -> None:
    with pytest.raises(PreconditionFailed, match="does not exist"):
        storage.replace_if("backup/gone/backup_task.json", b"late renewal", "v1")

    assert not (tmp_path / "backup").exists()


def test_a_delete_during_another_holders_key_lock_still_leaves_no_directory(
    storage: LocalStorage, tmp_path: Path
) -> None:
    """The other holder's sidecar keeps the delete from pruning; the holder prunes instead."""
    storage.write_bytes("backup/gone/backup_task.json", b"{}")
    path = tmp_path / "backup/gone/backup_task.json"
    with storage._key_lock(path):
        (tmp_path / "backup/gone/backup_task.json").unlink()
        storage.delete("backup/gone/other")  # a prune here finds the sidecar

        assert (tmp_path / "backup/gone").is_dir()
    assert not (tmp_path / "backup").exists()


def test_a_hard_link_makes_its_directory_and_shares_the_bytes(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.write_bytes("b1/binlogs/1/2/3", b"binlog")

    storage.hard_link("b1/binlogs/1/2/3", "b2/binlogs/1/2/3")
    storage.hard_link("b1/binlogs/1/2/3", "b2/binlogs/1/2/3")  # the same link again: done

    assert os.path.samefile(tmp_path / "b1/binlogs/1/2/3", tmp_path / "b2/binlogs/1/2/3")
    assert [p.name for p in (tmp_path / "b2/binlogs/1/2").iterdir()] == ["3"]  # no sidecar


def test_a_hard_link_never_replaces_another_object_and_names_a_missing_source(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.write_bytes("b1/x", b"one")
    storage.write_bytes("b2/x", b"two")

    with pytest.raises(StorageError, match="cannot link 'b2/x'"):
        storage.hard_link("b1/x", "b2/x")
    with pytest.raises(ObjectNotFound, match="'b1/gone' does not exist"):
        storage.hard_link("b1/gone", "b3/gone")

    assert storage.read_bytes("b2/x") == b"two"
    assert not (tmp_path / "b3").exists()


def test_a_name_near_the_filesystem_limit_can_be_claimed(
    storage: LocalStorage, tmp_path: Path
) -> None:
    key = "claims/" + "n" * 250  # its sidecar cannot be named ".lock-" + the name

    version = storage.replace_if(key, b"2", storage.create_exclusive(key, b"1"))

    assert storage.read_versioned(key) == (b"2", version)
    assert [p.name for p in (tmp_path / "claims").iterdir()] == ["n" * 250]


def test_local_version_changes_on_every_write_even_of_identical_bytes(
    storage: LocalStorage,
) -> None:
    versions = [storage.create_exclusive("k", b"same")]
    for _ in range(20):
        versions.append(storage.replace_if("k", b"same", versions[-1]))
        assert storage.read_versioned("k") == (b"same", versions[-1])

    assert all(a != b for a, b in zip(versions, versions[1:], strict=False))


def test_failed_stream_write_leaves_nothing(storage: LocalStorage, tmp_path: Path) -> None:
    class Broken:
        def read(self, n: int = -1) -> bytes:
            raise OSError("disk went away")

    with pytest.raises(StorageError, match="disk went away"):
        storage.write_stream("d/obj", Broken(), 10)  # type: ignore[arg-type]

    assert _keys(storage, "") == []
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_write_stream_checks_the_size(storage: LocalStorage, tmp_path: Path) -> None:
    source = tmp_path / "src.bin"
    source.write_bytes(b"12345")

    with source.open("rb") as stream, pytest.raises(StorageError, match="short write.*5 of 6"):
        storage.write_stream("d/obj", stream, 6)
    assert not storage.exists("d/obj")

    with source.open("rb") as stream:
        storage.write_stream("d/obj", stream, 5)
    assert storage.read_bytes("d/obj") == b"12345"


def test_join_key() -> None:
    assert join_key("backup/", "/name", "meta", "x.json") == "backup/name/meta/x.json"
    assert join_key("", "name", 12) == "name/12"
    assert join_key("/abs/root", "n") == "/abs/root/n"


# --- copy_objects -----------------------------------------------------------------------


@pytest.fixture
def src(tmp_path: Path) -> LocalStorage:
    store = LocalStorage(tmp_path / "milvus")
    for i in range(12):
        store.write_bytes(f"files/insert_log/1/2/3/100/{i}", bytes(range(i + 1)))
    return store


def _reference(algorithm: str, data: bytes) -> Checksum:
    """The checksum of ``data`` from the hash libraries themselves, not the code under test."""
    if algorithm == "blake3":
        return Checksum("blake3", blake3.blake3(data).hexdigest())
    return Checksum("sha256", hashlib.sha256(data).hexdigest())


def _items(src: ObjectStorage) -> list[CopyItem]:
    return [
        CopyItem(o.key, o.key.replace("files/", "backup/bk/binlogs/"), o.size)
        for o in src.list_objects("files/")
    ]


def test_copy_objects_copies_every_object(src: LocalStorage, tmp_path: Path) -> None:
    dst = LocalStorage(tmp_path / "backups")
    copied: list[int] = []

    checksums = copy_objects(src, dst, _items(src), parallelism=4, on_copied=copied.append)

    assert [o.key for o in dst.list_objects("backup/")] == [i.dst_key for i in _items(src)]
    for item in _items(src):
        assert dst.read_bytes(item.dst_key) == src.read_bytes(item.src_key)
        # the checksum of the source's bytes, BLAKE3 unless asked otherwise
        assert checksums[item.dst_key] == _reference("blake3", src.read_bytes(item.src_key))
    assert sorted(copied) == sorted(i.size for i in _items(src))


def test_copies_between_local_files_run_two_per_usable_core(
    src: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They are CPU work (the kernel's copy and the hash): more threads only contend."""
    monkeypatch.setattr(local_storage, "_usable_cores", lambda: 1)
    dst = LocalStorage(tmp_path / "backups")
    threads: set[str] = set()
    at_once, most = 0, 0
    lock = threading.Lock()
    real_copy = LocalStorage.copy_from

    def watched(self: LocalStorage, *args: object, **kwargs: object) -> Checksum | None:
        nonlocal at_once, most
        with lock:
            threads.add(threading.current_thread().name)
            at_once += 1
            most = max(most, at_once)
        try:
            time.sleep(0.02)  # long enough for a larger pool to start more copies
            return real_copy(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                at_once -= 1

    monkeypatch.setattr(LocalStorage, "copy_from", watched)
    items = _items(src)
    copy_objects(src, dst, items, parallelism=16)

    assert len(items) > 2 and most == 2 and len(threads) == 2
    assert dst.copy_threads(src, 16) == 2 and dst.copy_threads(src, 1) == 1
    assert ObjectStorage.copy_threads(dst, src, 16) == 16  # network stores keep the setting


def test_copy_objects_with_nothing_to_do(src: LocalStorage, tmp_path: Path) -> None:
    dst = LocalStorage(tmp_path / "backups")

    copy_objects(src, dst, [], parallelism=4)

    assert list(dst.list_objects("")) == []


class _Streaming(LocalStorage):
    """A store that cannot copy server-side, so every copy is streamed."""

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        return None


def test_streamed_copy_lands_whole(src: LocalStorage, tmp_path: Path) -> None:
    dst = _Streaming(tmp_path / "backups")

    checksums = copy_objects(src, dst, _items(src), parallelism=2)

    assert [o.size for o in dst.list_objects("backup/")] == [i.size for i in _items(src)]
    assert checksums == {
        i.dst_key: _reference("blake3", src.read_bytes(i.src_key)) for i in _items(src)
    }


@pytest.mark.parametrize("store", [LocalStorage, _Streaming], ids=["kernel", "streamed"])
def test_an_item_naming_an_algorithm_is_hashed_with_it_whatever_the_transfers(
    src: LocalStorage, tmp_path: Path, store: type[LocalStorage]
) -> None:
    # A copy checked against a recorded SHA-256 (an older backup in a chain, a restore of it)
    # hashes SHA-256 even where new backups record BLAKE3; the others take the transfer's.
    dst = store(tmp_path / "backups")
    first, *rest = _items(src)
    named = dataclasses.replace(first, algorithm="sha256")

    checksums = copy_objects(src, dst, [named, *rest], parallelism=2, algorithm="blake3")

    assert checksums[first.dst_key] == _reference("sha256", src.read_bytes(first.src_key))
    for item in rest:
        assert checksums[item.dst_key] == _reference("blake3", src.read_bytes(item.src_key))


class _TruncatingCopy(LocalStorage):
    """A server-side copy that "succeeds" but lands one byte short."""

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        self.write_bytes(dst_key, source.read_bytes(src_key)[:-1])
        return Checksum("etag", "claimed")


class _TruncatingStream(_Streaming):
    """A streamed write that drops the second half without noticing."""

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        self.write_bytes(key, stream.read()[: size // 2])


@pytest.mark.parametrize(("store", "landed"), [(_TruncatingCopy, 9), (_TruncatingStream, 5)])
def test_copy_that_lands_short_raises_storage_error(
    src: LocalStorage, tmp_path: Path, store: type[LocalStorage], landed: int
) -> None:
    dst = store(tmp_path / "backups")
    item = CopyItem("files/insert_log/1/2/3/100/9", "backup/bk/x/9", 10)

    with pytest.raises(StorageError) as err:
        copy_objects(src, dst, [item], parallelism=1)

    message = str(err.value)
    assert "'files/insert_log/1/2/3/100/9'" in message
    assert "'backup/bk/x/9'" in message
    assert "expected 10 bytes" in message
    assert f"left {landed} bytes" in message


def test_copy_with_a_stale_expected_size_fails(src: LocalStorage, tmp_path: Path) -> None:
    dst = LocalStorage(tmp_path / "backups")
    item = CopyItem("files/insert_log/1/2/3/100/3", "backup/bk/3", 99)

    with pytest.raises(StorageError, match="left 4 bytes, expected 99 bytes"):
        copy_object(src, dst, item)


def test_copy_of_a_missing_source_raises(src: LocalStorage, tmp_path: Path) -> None:
    dst = LocalStorage(tmp_path / "backups")
    items = [CopyItem("files/insert_log/1/2/3/100/404", "backup/bk/404", 1)]

    with pytest.raises(ObjectNotFound, match="404"):
        copy_objects(src, dst, items, parallelism=1)
    with pytest.raises(ObjectNotFound, match="404"):
        copy_objects(src, _Streaming(tmp_path / "b2"), items, parallelism=1)


def test_first_failure_stops_the_copy(src: LocalStorage, tmp_path: Path) -> None:
    dst = _TruncatingCopy(tmp_path / "backups")
    copied: list[int] = []

    with pytest.raises(StorageError):
        copy_objects(src, dst, _items(src), parallelism=1, on_copied=copied.append)

    assert copied == []


class _BufferingStream(_Streaming):
    """A streaming store whose writes each hold 8 MiB, counting how many run at once."""

    def stream_buffer(self, size: int) -> int:
        return 8 * 1024 * 1024

    def __init__(self, base: Path) -> None:
        super().__init__(base)
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.02)  # long enough for the other workers to pile up
        super().write_stream(key, stream, size)
        with self._lock:
            self.running -= 1


def test_streamed_copies_run_only_as_many_at_once_as_the_stream_memory_allows(
    src: LocalStorage, tmp_path: Path
) -> None:
    dst = _BufferingStream(tmp_path / "backups")
    items = _items(src)
    assert len(items) >= 3

    copy_objects(src, dst, items, parallelism=8, stream_memory=16 * 1024 * 1024)

    assert dst.most == 2  # 16 MiB of buffers / 8 MiB per stream, though 8 workers ran
    assert [o.size for o in dst.list_objects("backup/")] == [i.size for i in items]
    assert stream_threads(64) == 8 and stream_threads(2) == 2 and stream_threads(0) == 1


def test_a_stream_bigger_than_the_budget_runs_alone_and_nobody_overtakes_it() -> None:
    budget = StreamBudget(10)
    order: list[str] = []
    small_held = threading.Event()
    release_small = threading.Event()

    def small() -> None:
        with budget.reserve(4):
            order.append("small in")
            small_held.set()
            release_small.wait(5)
            order.append("small out")  # still holding: before anyone else can get in

    def big() -> None:
        with budget.reserve(100):  # more than the whole budget: waits for everything else
            order.append("big in")

    def later() -> None:
        with budget.reserve(1):  # would fit beside the small one, but came after the big one
            order.append("later in")

    first = threading.Thread(target=small)
    first.start()
    small_held.wait(5)
    waiting = [threading.Thread(target=big)]
    waiting[0].start()
    time.sleep(0.05)
    waiting.append(threading.Thread(target=later))
    waiting[1].start()
    time.sleep(0.05)
    assert order == ["small in"]
    release_small.set()
    for thread in (first, *waiting):
        thread.join(5)
    assert order == ["small in", "small out", "big in", "later in"]


def test_copy_objects_stops_when_asked_and_says_so(storage: LocalStorage, tmp_path: Path) -> None:
    for i in range(5):
        storage.write_bytes(f"src/{i}", b"y" * 3)
    dst = LocalStorage(tmp_path / "dst")
    stop = threading.Event()
    items = [CopyItem(f"src/{i}", f"dst/{i}", 3) for i in range(5)]

    def after_first(_size: int) -> None:
        stop.set()  # as Ctrl-C would, once the first object has landed

    with pytest.raises(TaskCancelled, match="after 1 of 5 objects"):
        copy_objects(storage, dst, items, parallelism=1, on_copied=after_first, stop=stop)
    assert _keys(dst, "dst/") == ["dst/0"]


def test_copy_objects_with_an_unset_stop_copies_everything(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.write_bytes("src/a", b"abc")
    dst = LocalStorage(tmp_path / "dst")
    copied = copy_objects(storage, dst, [CopyItem("src/a", "dst/a", 3)], 2, stop=threading.Event())
    assert list(copied) == ["dst/a"] and dst.read_bytes("dst/a") == b"abc"


# --- durability: records fsynced one by one, bulk copies by one sync of the backup ----------


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the fsync calls the backend makes (the real fsync still runs)."""
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    return calls


def test_small_records_are_fsynced_before_they_land(
    storage: LocalStorage, fsyncs: list[int]
) -> None:
    storage.write_bytes("backup/a/meta/full_meta.json", b"{}")
    version = storage.create_exclusive("backup/a/task.json", b"1")
    storage.replace_if("backup/a/task.json", b"2", version)

    assert len(fsyncs) == 3
    assert storage.read_bytes("backup/a/task.json") == b"2"


def test_binlog_copies_are_not_fsynced_one_by_one(
    src: LocalStorage, tmp_path: Path, fsyncs: list[int]
) -> None:
    dst = LocalStorage(tmp_path / "backups")
    items = _items(src)
    copy_objects(src, dst, items, parallelism=4)  # copy_from between local stores
    with (tmp_path / "stream").open("wb+") as f:
        f.write(b"streamed")
        f.seek(0)
        dst.write_stream("backup/bk/streamed", f, 8)

    assert fsyncs == []
    assert [dst.read_bytes(i.dst_key) for i in items] == [src.read_bytes(i.src_key) for i in items]
    assert dst.read_bytes("backup/bk/streamed") == b"streamed"


def test_binlog_copies_start_their_writeback_and_records_do_not_need_it(
    src: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = local_storage._start_writeback

    def recording(fd: int) -> None:
        started.append(fd)
        real(fd)  # the real call: it must accept a freshly written temp file

    monkeypatch.setattr(local_storage, "_start_writeback", recording)
    dst = LocalStorage(tmp_path / "backups")
    items = _items(src)
    copy_objects(src, dst, items, parallelism=2)
    assert len(started) == len(items)  # every bulk copy, as soon as it is written

    started.clear()
    dst.write_bytes("backup/bk/meta.json", b"{}")  # a record: fsynced instead
    assert started == []


@pytest.mark.parametrize("algorithm", ["blake3", "sha256"])
def test_a_local_copy_is_made_by_the_kernel_and_hashed_from_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, algorithm: str
) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one hashing buffer
    src = LocalStorage(tmp_path / "milvus")
    src.write_bytes("files/insert_log/1/2/3/100/7", data)
    calls: list[int] = []
    real = os.copy_file_range

    def counting(*args: int) -> int:
        calls.append(args[2])
        return real(*args)

    monkeypatch.setattr(os, "copy_file_range", counting)
    dst = LocalStorage(tmp_path / "backups")

    checksum = dst.copy_from(src, "files/insert_log/1/2/3/100/7", "bk/7", len(data), algorithm)

    assert calls  # the kernel copied the bytes
    assert dst.read_bytes("bk/7") == data
    assert checksum == _reference(algorithm, data)


@pytest.mark.parametrize("refusal", [errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP])
@pytest.mark.parametrize("after", [0, 2])
@pytest.mark.parametrize("algorithm", ["blake3", "sha256"])
def test_where_the_kernel_cannot_copy_the_bytes_go_through_a_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int, after: int, algorithm: str
) -> None:
    data = os.urandom(2 * 1024 * 1024 + 5)
    src = LocalStorage(tmp_path / "milvus")
    src.write_bytes("files/a", data)
    real = os.copy_file_range
    calls: list[int] = []

    def refusing(src_fd: int, dst_fd: int, count: int, off_src: int, off_dst: int) -> int:
        # Some filesystems refuse only after copying part of the file.
        calls.append(count)
        if len(calls) > after:
            raise OSError(refusal, os.strerror(refusal))
        return real(src_fd, dst_fd, min(count, 1024 * 1024), off_src, off_dst)

    monkeypatch.setattr(os, "copy_file_range", refusing)
    dst = LocalStorage(tmp_path / "backups")

    checksum = dst.copy_from(src, "files/a", "bk/a", len(data), algorithm)

    assert dst.read_bytes("bk/a") == data  # no bytes of the partial kernel copy left over
    assert checksum == _reference(algorithm, data)


def test_without_copy_file_range_the_bytes_go_through_a_buffer(
    src: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "copy_file_range")
    dst = LocalStorage(tmp_path / "backups")

    checksums = copy_objects(src, dst, _items(src), parallelism=2)

    for item in _items(src):
        assert dst.read_bytes(item.dst_key) == src.read_bytes(item.src_key)
        assert checksums[item.dst_key] == _reference("blake3", src.read_bytes(item.src_key))


def test_a_kernel_copy_error_is_a_storage_error(
    src: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: int) -> int:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "copy_file_range", failing)
    dst = LocalStorage(tmp_path / "backups")
    item = _items(src)[0]

    with pytest.raises(StorageError, match="Input/output error"):
        dst.copy_from(src, item.src_key, item.dst_key, item.size)
    assert list(dst.list_objects("")) == []


def test_a_source_that_changes_between_the_copy_and_its_hash_fails_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = LocalStorage(tmp_path / "milvus")
    src.write_bytes("files/a", b"x" * 1000)
    real = os.copy_file_range

    def then_appended(src_fd: int, dst_fd: int, count: int, off_src: int, off_dst: int) -> int:
        copied = real(src_fd, dst_fd, count, off_src, off_dst)
        if not copied:  # the kernel copy is over: the file grows before it is hashed
            with src._path("files/a").open("ab") as f:
                f.write(b"more")
        return copied

    monkeypatch.setattr(os, "copy_file_range", then_appended)
    dst = LocalStorage(tmp_path / "backups")

    with pytest.raises(StorageError, match="changed while it was copied"):
        dst.copy_from(src, "files/a", "bk/a", 1000)


def test_sync_flushes_the_filesystem_of_the_prefix(storage: LocalStorage, tmp_path: Path) -> None:
    with _stream(tmp_path, b"abc") as f:
        storage.write_stream("backup/bk/binlogs/1", f, 3)

    storage.sync("backup/bk/")
    storage.sync("backup/not-written-yet/")  # syncs the nearest directory that exists

    assert storage.read_bytes("backup/bk/binlogs/1") == b"abc"


def test_sync_failure_is_a_storage_error(
    storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("milvus_backup_grpc.storage.local._syncfs", failing)
    with pytest.raises(StorageError, match="cannot sync 'backup/bk/'.*Input/output error"):
        storage.sync("backup/bk/")


def _stream(tmp_path: Path, data: bytes) -> BinaryIO:
    path = tmp_path / "source"
    path.write_bytes(data)
    return path.open("rb")
