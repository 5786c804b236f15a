"""One behaviour for every storage backend: what the engine relies on, asserted per backend.

Each test runs once per entry of ``conftest.BACKENDS`` with fresh, empty stores.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import blake3
import pytest

from milvus_backup_grpc.errors import StorageError
from milvus_backup_grpc.storage.base import (
    Checksum,
    ObjectNotFound,
    ObjectStorage,
    PreconditionFailed,
)
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.transfer import CopyItem, copy_object, copy_objects
from tests.storage import race_worker
from tests.storage.conftest import SMALL_PART, Backend, MiB, sized

#: Racers per race, and races per test: exactly one winner every time.
RACERS = 6
RACES = 20

UNUSUAL_KEYS = [
    "odd/with space/file name.bin",
    "odd/ünïcødé/ключ/数据",
    "odd/plus+sign=equals",
    "odd/percent%25and%2Fslash%",
    "odd/amp&semi;colon:comma,tilde~(paren)'quote'",
    "odd/hash#question?mark",
]


def keys(store: ObjectStorage, prefix: str) -> list[str]:
    return [obj.key for obj in store.list_objects(prefix)]


def fill(store: ObjectStorage, objects: dict[str, bytes]) -> None:
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda item: store.write_bytes(*item), objects.items()))


def test_write_read_stat_and_overwrite(backend: Backend) -> None:
    store = backend.store
    store.write_bytes("backup/x/meta/full_meta.json", b'{"name":"x"}')

    assert store.read_bytes("backup/x/meta/full_meta.json") == b'{"name":"x"}'
    assert sized(store.stat("backup/x/meta/full_meta.json")) == (
        "backup/x/meta/full_meta.json",
        12,
    )
    assert store.exists("backup/x/meta/full_meta.json")
    assert store.has_prefix("backup/x/")

    store.write_bytes("backup/x/meta/full_meta.json", b"{}")
    assert store.read_bytes("backup/x/meta/full_meta.json") == b"{}"

    store.write_bytes("backup/x/empty", b"")
    assert sized(store.stat("backup/x/empty")) == ("backup/x/empty", 0)
    assert store.read_bytes("backup/x/empty") == b""


def test_missing_objects(backend: Backend) -> None:
    store = backend.store
    store.write_bytes("present/a", b"a")

    with pytest.raises(ObjectNotFound, match="missing/object"):
        store.read_bytes("missing/object")
    with pytest.raises(ObjectNotFound, match="missing/object"):
        store.open_read("missing/object")
    assert store.stat("missing/object") is None
    assert not store.exists("missing/object")
    assert not store.has_prefix("missing/")
    assert keys(store, "missing/") == []
    assert store.list_dirs("missing/") == []
    store.delete("missing/object")  # not an error
    assert store.delete_prefix("missing/") == 0
    assert keys(store, "") == ["present/a"]


def test_list_objects_by_prefix_in_key_order(backend: Backend) -> None:
    store = backend.store
    fill(
        store,
        {
            "a/b/2": b"22",
            "a/b/1": b"1",
            "a/c/x": b"xxx",
            "a/b/10": b"",
            "ab/z": b"z",
            "b": b"bb",
        },
    )

    assert [sized(o) for o in store.list_objects("a/")] == [
        ("a/b/1", 1),
        ("a/b/10", 0),
        ("a/b/2", 2),
        ("a/c/x", 3),
    ]
    assert keys(store, "a") == ["a/b/1", "a/b/10", "a/b/2", "a/c/x", "ab/z"]  # a plain prefix
    assert keys(store, "a/b/1") == ["a/b/1", "a/b/10"]
    assert keys(store, "") == ["a/b/1", "a/b/10", "a/b/2", "a/c/x", "ab/z", "b"]


def test_list_dirs_gives_immediate_subdirectories(backend: Backend) -> None:
    store = backend.store
    fill(store, {"a/b/1": b"1", "a/b/deep/2": b"2", "a/c/x": b"x", "a/file": b"f", "ab/z": b"z"})

    assert store.list_dirs("a/") == ["a/b/", "a/c/"]
    assert store.list_dirs("a") == ["a/b/", "a/c/"]
    assert store.list_dirs("a/b/") == ["a/b/deep/"]
    assert store.list_dirs("") == ["a/", "ab/"]


def test_more_than_a_thousand_keys_list_and_delete(backend: Backend) -> None:
    store = backend.store
    many = {f"many/{i:05d}": str(i).encode() for i in range(1001)}
    fill(store, {**many, "many-sibling/keep": b"k", "keep/me": b"k"})

    listed = list(store.list_objects("many/"))
    assert [o.key for o in listed] == sorted(many)
    assert sum(o.size for o in listed) == sum(len(v) for v in many.values())

    assert store.delete_prefix("many/") == 1001
    assert keys(store, "many/") == []
    assert keys(store, "") == ["keep/me", "many-sibling/keep"]


def test_keys_with_unusual_characters(backend: Backend) -> None:
    store = backend.store
    for i, key in enumerate(UNUSUAL_KEYS):
        store.write_bytes(key, f"value {i}".encode())

    assert keys(store, "odd/") == sorted(UNUSUAL_KEYS)
    for i, key in enumerate(UNUSUAL_KEYS):
        assert store.read_bytes(key) == f"value {i}".encode(), key
        assert sized(store.stat(key)) == (key, len(f"value {i}")), key
        with store.open_read(key) as stream:
            assert stream.read() == f"value {i}".encode()
    assert store.list_dirs("odd/") == sorted(
        {"odd/" + k[4:].split("/")[0] + "/" for k in UNUSUAL_KEYS if "/" in k[4:]}
    )

    # Copied server-side and streamed, the names survive both ways.
    for key in UNUSUAL_KEYS:
        assert backend.peer.copy_from(store, key, "copied/" + key)
        copy_object(store, backend.foreign, CopyItem(key, key, store.stat(key).size))  # type: ignore[union-attr]
        copy_object(
            backend.foreign, store, CopyItem(key, "back/" + key, len(store.read_bytes(key)))
        )
    assert keys(backend.peer, "copied/") == sorted("copied/" + k for k in UNUSUAL_KEYS)
    assert keys(store, "back/") == sorted("back/" + k for k in UNUSUAL_KEYS)
    assert [backend.peer.read_bytes("copied/" + k) for k in UNUSUAL_KEYS] == [
        store.read_bytes(k) for k in UNUSUAL_KEYS
    ]

    for key in UNUSUAL_KEYS[:2]:
        store.delete(key)
    assert store.delete_prefix("odd/") == len(UNUSUAL_KEYS) - 2
    assert keys(store, "odd/") == []


def test_streamed_write_of_several_mib_checks_the_size(backend: Backend) -> None:
    store = backend.store
    data = os.urandom(2 * SMALL_PART + MiB + 123)  # three parts where parts are used

    store.write_stream("big/blob", io.BytesIO(data), len(data))

    assert sized(store.stat("big/blob")) == ("big/blob", len(data))
    with store.open_read("big/blob") as stream:
        chunks = iter(lambda: stream.read(MiB), b"")
        assert b"".join(chunks) == data

    with pytest.raises(StorageError, match="short|expected"):
        store.write_stream("big/short", io.BytesIO(data[:-10]), len(data))
    with pytest.raises(StorageError, match="more than|expected|short write"):
        store.write_stream("big/long", io.BytesIO(data + b"extra"), len(data))
    small = b"small"
    with pytest.raises(StorageError):
        store.write_stream("small/short", io.BytesIO(small), len(small) + 1)
    assert keys(store, "big/") == ["big/blob"]  # no wrong-sized object was left behind
    assert keys(store, "small/") == []


def test_server_side_copy_between_stores_of_the_backend(backend: Backend) -> None:
    store, peer = backend.store, backend.peer
    big = os.urandom(2 * SMALL_PART + 17)  # above the S3 suite's multipart-copy threshold
    store.write_bytes("src/small", b"small object")
    store.write_bytes("src/big", big)

    assert peer.copy_from(store, "src/small", "dst/small") is not None
    assert peer.copy_from(store, "src/big", "dst/big") is not None
    assert store.copy_from(store, "src/small", "src/copy-in-place") is not None

    assert peer.read_bytes("dst/small") == b"small object"
    assert peer.read_bytes("dst/big") == big
    assert store.read_bytes("src/copy-in-place") == b"small object"
    with pytest.raises(ObjectNotFound, match="src/missing"):
        peer.copy_from(store, "src/missing", "dst/missing")
    assert peer.stat("dst/missing") is None


def test_streamed_copy_with_a_foreign_store(backend: Backend) -> None:
    store, foreign = backend.store, backend.foreign
    data = os.urandom(SMALL_PART + 99)
    foreign.write_bytes("in/obj", data)

    assert store.copy_from(foreign, "in/obj", "x") is None  # nothing copied server-side
    assert store.stat("x") is None
    copy_objects(foreign, store, [CopyItem("in/obj", "landed/obj", len(data))], parallelism=2)
    assert store.read_bytes("landed/obj") == data
    copy_objects(store, foreign, [CopyItem("landed/obj", "out/obj", len(data))], parallelism=2)
    assert foreign.read_bytes("out/obj") == data


def test_every_copy_reports_a_checksum_a_later_listing_can_confirm(backend: Backend) -> None:
    store, peer, foreign = backend.store, backend.peer, backend.foreign
    data = os.urandom(2 * SMALL_PART + 5)  # a multipart copy or upload where parts are used
    store.write_bytes("src/obj", data)
    foreign.write_bytes("src/obj", data)
    digest = blake3.blake3(data).hexdigest()  # the default checksum

    streamed = copy_objects(foreign, store, [CopyItem("src/obj", "in/obj", len(data))], 1)
    server_side = copy_object(store, peer, CopyItem("src/obj", "copied/obj", len(data)))

    assert streamed == {"in/obj": Checksum("blake3", digest)}  # hashed as the bytes passed
    if server_side.algorithm == "blake3":
        assert server_side.value == digest
    else:  # the store's tag of the new object, which its listing and stat repeat
        assert server_side.algorithm == "etag" and server_side.value
        listed = {o.key: o.etag for o in peer.list_objects("copied/")}
        assert listed == {"copied/obj": server_side.value}
        assert peer.stat("copied/obj").etag == server_side.value  # type: ignore[union-attr]


@pytest.mark.parametrize("route", ["server-side", "streamed"])
def test_copy_objects_fails_loudly_when_a_copy_does_not_land_whole(
    backend: Backend, route: str
) -> None:
    source = backend.store if route == "server-side" else backend.foreign
    dest = backend.peer if route == "server-side" else backend.store
    source.write_bytes("seg/1", b"0123456789")
    source.write_bytes("seg/2", b"abc")
    items = [CopyItem("seg/1", "copy/1", 10), CopyItem("seg/2", "copy/2", 4)]  # 2 is 3 bytes

    with pytest.raises(StorageError, match=r"seg/2|copy/2") as caught:
        copy_objects(source, dest, items, parallelism=1)

    assert "expected" in str(caught.value) or "short" in str(caught.value)
    assert sized(dest.stat("copy/1")) == ("copy/1", 10)


def test_copy_of_a_missing_source_is_object_not_found(backend: Backend) -> None:
    for source, dest in ((backend.store, backend.peer), (backend.foreign, backend.store)):
        with pytest.raises(ObjectNotFound):
            copy_object(source, dest, CopyItem("nothing/here", "copy/here", 5))
        assert dest.stat("copy/here") is None


def test_delete_and_delete_prefix_remove_only_what_they_name(backend: Backend) -> None:
    store = backend.store
    fill(store, {"p/1": b"1", "p/sub/2": b"2", "p/sub/3": b"3", "pp/4": b"4", "q": b"q"})

    store.delete("p/1")
    assert not store.exists("p/1")
    assert store.delete_prefix("p/sub/") == 2
    assert keys(store, "") == ["pp/4", "q"]
    assert store.list_dirs("") == ["pp/"]


def test_same_store_and_milvus_path(backend: Backend) -> None:
    store = backend.store
    again = backend.reopen(store)

    assert store.same_store(again) and again.same_store(store)
    assert not store.same_store(backend.foreign)
    store.write_bytes("k/1", b"1")
    assert again.read_bytes("k/1") == b"1"
    assert store.milvus_path("k/1").endswith("k/1")


def test_create_exclusive_creates_once_and_then_refuses(backend: Backend) -> None:
    store = backend.store
    version = store.create_exclusive("claims/name", b"owner A")

    assert store.read_versioned("claims/name") == (b"owner A", version)
    assert store.read_bytes("claims/name") == b"owner A"
    assert sized(store.stat("claims/name")) == ("claims/name", 7)
    for data in (b"owner B", b"owner A"):  # identical bytes are refused as well
        with pytest.raises(PreconditionFailed, match="claims/name") as refused:
            store.create_exclusive("claims/name", data)
        assert refused.value.key == "claims/name"
        assert refused.value.current_version in (None, version)
        assert isinstance(refused.value, StorageError)
    assert store.read_versioned("claims/name") == (b"owner A", version)
    assert keys(store, "claims/") == ["claims/name"]  # nothing else (temp or lock) is listed
    assert store.list_dirs("") == ["claims/"]
    assert store.refuses_second_create("probe/claim")  # what `check` asks of the store
    assert keys(store, "") == ["claims/name"]


def test_replace_if_lands_only_on_the_version_read(backend: Backend) -> None:
    store = backend.store
    first = store.create_exclusive("lease/x", b"heartbeat 1")

    second = store.replace_if("lease/x", b"heartbeat 2", first)

    assert second != first
    assert store.read_versioned("lease/x") == (b"heartbeat 2", second)
    with pytest.raises(PreconditionFailed, match="lease/x") as refused:
        store.replace_if("lease/x", b"stale writer", first)
    assert refused.value.key == "lease/x"
    assert refused.value.current_version in (None, second)
    assert store.read_versioned("lease/x") == (b"heartbeat 2", second)  # left unchanged

    # An unconditional write changes the version too, so a writer that read before it loses.
    store.write_bytes("lease/x", b"overwritten")
    with pytest.raises(PreconditionFailed):
        store.replace_if("lease/x", b"heartbeat 3", second)
    assert store.read_bytes("lease/x") == b"overwritten"


def test_replace_if_refuses_a_deleted_object(backend: Backend) -> None:
    store = backend.store
    version = store.create_exclusive("lease/gone", b"held")
    store.delete("lease/gone")

    with pytest.raises(PreconditionFailed, match="lease/gone") as refused:
        store.replace_if("lease/gone", b"renewed", version)

    assert refused.value.current_version is None
    assert store.stat("lease/gone") is None
    assert keys(store, "") == []
    with pytest.raises(ObjectNotFound):
        store.read_versioned("lease/gone")
    again = store.create_exclusive("lease/gone", b"new")  # once gone, it can be claimed again
    assert store.read_versioned("lease/gone") == (b"new", again)


def test_two_writers_of_identical_bytes_conflict(backend: Backend) -> None:
    store = backend.store
    version = store.create_exclusive("lease/same", b"free")

    store.replace_if("lease/same", b"taken", version)
    with pytest.raises(PreconditionFailed):
        store.replace_if("lease/same", b"taken", version)

    if backend.name != "s3":  # an S3 ETag is the MD5 of the bytes (see storage/base.py)
        current = store.read_versioned("lease/same").version
        rewritten = store.replace_if("lease/same", b"taken", current)
        assert rewritten != current
        with pytest.raises(PreconditionFailed):
            store.replace_if("lease/same", b"taken", current)


def test_racing_threads_create_exclusive_has_one_winner(backend: Backend) -> None:
    names = [f"race/{i:02d}" for i in range(RACES)]
    start = threading.Barrier(RACERS)
    stores = [backend.reopen(backend.store) for _ in range(RACERS)]  # one client per racer
    with ThreadPoolExecutor(RACERS) as pool:
        futures = [
            pool.submit(race_worker.claim_each, store, names, f"racer {n}", start)  # type: ignore[arg-type]
            for n, store in enumerate(stores)
        ]
        won = {f"racer {n}": future.result(timeout=120) for n, future in enumerate(futures)}

    assert sorted(key for keys_won in won.values() for key in keys_won) == names
    for racer, keys_won in won.items():
        for key in keys_won:  # the object holds the winner's bytes
            assert backend.store.read_bytes(key) == racer.encode()


def test_racing_threads_lose_no_increment(backend: Backend) -> None:
    store = backend.store
    store.create_exclusive("counter", b"0")
    per_racer = 5
    stores = [backend.reopen(store) for _ in range(RACERS)]
    with ThreadPoolExecutor(RACERS) as pool:
        list(pool.map(lambda s: race_worker.increment(s, "counter", per_racer), stores))

    assert store.read_bytes("counter") == str(RACERS * per_racer).encode()


def _run_processes(target: object, args: list[tuple[object, ...]]) -> dict[str, object]:
    """Run ``target`` in one spawned process per args tuple; each reports (name, result)."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(args))
    results = context.Queue()
    processes = [
        context.Process(target=target, args=(*a, start, results))  # type: ignore[arg-type]
        for a in args
    ]
    for process in processes:
        process.start()
    try:
        answers = dict(results.get(timeout=120) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout=30)
    assert [process.exitcode for process in processes] == [0] * len(processes)
    return answers


def test_racing_processes_create_exclusive_has_one_winner(tmp_path: Path) -> None:
    names = [f"race/{i:02d}" for i in range(RACES)]
    won = _run_processes(
        race_worker.claim_each_in_process,
        [(str(tmp_path), names, f"racer {n}") for n in range(RACERS)],
    )

    assert sorted(key for keys_won in won.values() for key in keys_won) == names  # type: ignore[attr-defined]
    store = LocalStorage(tmp_path)
    for racer, keys_won in won.items():
        for key in keys_won:  # type: ignore[attr-defined]
            assert store.read_bytes(key) == racer.encode()
    assert keys(store, "") == names  # no temp or lock file left behind


def test_racing_processes_lose_no_increment(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)
    store.create_exclusive("counter", b"0")
    per_racer = 10

    _run_processes(
        race_worker.increment_in_process,
        [(str(tmp_path), "counter", per_racer, f"racer {n}") for n in range(RACERS)],
    )

    assert store.read_bytes("counter") == str(RACERS * per_racer).encode()
    assert sorted(os.listdir(tmp_path)) == ["counter"]
