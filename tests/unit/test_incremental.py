"""Incremental planning, reference lookup, hard links and mark-and-sweep deletion, on a
local store."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.catalog import Catalog
from milvus_backup_grpc.engine.incremental import (
    ReferenceLock,
    choose_base,
    plan_copies,
    prepare_incremental,
    referenced_keys,
    remove_backup,
)
from milvus_backup_grpc.errors import ConflictError, NotFoundError, RequestError
from milvus_backup_grpc.layout import manifest, meta
from milvus_backup_grpc.layout.references import Locator, backup_relative, unit_of
from milvus_backup_grpc.storage.base import Checksum
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.transfer import CopyItem

INSERT = "binlogs/insert_log/1/2/10/10/100/"  # object keys of segment 10's insert logs
DELTA = "binlogs/delta_log/1/2/10/10/"


@pytest.fixture
def catalog(storage: LocalStorage) -> Catalog:
    return Catalog(storage, "backup")


def _write_backup(
    catalog: Catalog,
    name: str,
    objects: dict[str, bytes],
    references: list[manifest.ManifestEntry] = (),  # type: ignore[assignment]
    end_time: int = 1,
) -> None:
    """A complete backup holding ``objects`` (relative keys) and referencing ``references``."""
    layout = catalog.layout(name)
    items = []
    for key, data in objects.items():
        catalog.storage.write_bytes(layout.dir + key, data)
        items.append(CopyItem("src/" + key, layout.dir + key, len(data)))
    checksums = {i.dst_key: Checksum("sha256", "x") for i in items}
    manifest.write_manifest(catalog.storage, layout, items, checksums, references)
    info = model.BackupInfo(name=name, end_time=end_time)
    info.collection_backups.add(db_name="default", collection_name="c")
    meta.write_backup_meta(catalog.storage, layout, info)


def _wanted(name: str, objects: dict[str, int]) -> list[CopyItem]:
    return [CopyItem("milvus/" + k, f"backup/{name}/{k}", size) for k, size in objects.items()]


def test_units_and_relative_keys() -> None:
    assert unit_of(INSERT + "7") == "binlogs/insert_log/1/2/10/"
    assert unit_of(DELTA + "8") == "binlogs/delta_log/1/2/10/"
    assert unit_of("binlogs/delta_log/1/-1/11/9") == "binlogs/delta_log/1/-1/11/"
    assert unit_of("meta/manifest.json") is None
    assert backup_relative("/tmp/root", "/tmp/root/b1/binlogs/x") == "binlogs/x"
    assert backup_relative("", "b1/binlogs/x") == "binlogs/x"


def test_equal_units_are_referenced_and_changed_ones_copied(catalog: Catalog) -> None:
    _write_backup(catalog, "b1", {INSERT + "1": b"abc", DELTA + "5": b"de"})
    base = manifest.read_manifest(catalog.storage, catalog.layout("b1")) or []
    layout = catalog.layout("b2")
    # Same insert unit; the delete unit gained a log; a new segment 11.
    new = _wanted(
        "b2",
        {
            INSERT + "1": 3,
            DELTA + "5": 2,
            DELTA + "6": 4,
            "binlogs/insert_log/1/2/11/11/100/1": 9,
        },
    )
    plan = plan_copies(layout, new, "b1", base)
    assert [e.key for e in plan.references] == [INSERT + "1"]
    assert plan.depends_on == ["b1"]
    assert sorted(c.dst_key.removeprefix(layout.dir) for c in plan.copies) == [
        DELTA + "5",  # a unit is copied whole: Milvus imports it from one directory
        DELTA + "6",
        "binlogs/insert_log/1/2/11/11/100/1",
    ]
    # A size or ETag that differs is no match.
    assert not plan_copies(layout, _wanted("b2", {INSERT + "1": 4}), "b1", base).references
    etagged = [manifest.ManifestEntry(INSERT + "1", 3, Checksum("etag", "aaa"))]
    moved = [CopyItem("m/1", f"backup/b2/{INSERT}1", 3, etag="bbb")]
    assert not plan_copies(layout, moved, "b1", etagged).references


def test_a_reference_names_the_backup_holding_the_bytes(catalog: Catalog) -> None:
    _write_backup(catalog, "b1", {INSERT + "1": b"abc"})
    referenced = manifest.ManifestEntry(INSERT + "1", 3, Checksum("sha256", "x"), "b1")
    _write_backup(catalog, "b2", {}, [referenced], end_time=2)
    base = manifest.read_manifest(catalog.storage, catalog.layout("b2")) or []
    plan = plan_copies(catalog.layout("b3"), _wanted("b3", {INSERT + "1": 3}), "b2", base)
    assert plan.depends_on == ["b1"]  # never a chain through b2
    locate = Locator(catalog.layout("b2"), base)
    assert locate(catalog.layout("b2").dir + "binlogs/insert_log/1/2/10/") == (
        "backup/b1/binlogs/insert_log/1/2/10/"
    )
    assert locate(catalog.layout("b2").dir + "binlogs/delta_log/1/2/10/") == (
        "backup/b2/binlogs/delta_log/1/2/10/"
    )


def test_base_choice(catalog: Catalog) -> None:
    wanted = {("default", "c")}
    assert choose_base(catalog, "new", wanted) == ""
    _write_backup(catalog, "old", {INSERT + "1": b"a"}, end_time=1)
    _write_backup(catalog, "newer", {INSERT + "1": b"a"}, end_time=5)
    assert choose_base(catalog, "new", wanted) == "newer"
    assert choose_base(catalog, "new", {("default", "other")}) == ""
    assert choose_base(catalog, "new", wanted, "old") == "old"
    with pytest.raises(NotFoundError):
        choose_base(catalog, "new", wanted, "missing")
    with pytest.raises(RequestError, match="its own base"):
        choose_base(catalog, "new", wanted, "new")
    catalog.storage.delete(manifest.manifest_key(catalog.layout("old")))
    with pytest.raises(RequestError, match="no manifest"):
        choose_base(catalog, "new", wanted, "old")


def test_delete_keeps_referenced_objects_until_the_last_reference_goes(
    catalog: Catalog,
) -> None:
    storage = catalog.storage
    _write_backup(catalog, "b1", {INSERT + "1": b"abc", DELTA + "5": b"de"})
    referenced = manifest.ManifestEntry(INSERT + "1", 3, Checksum("sha256", "x"), "b1")
    _write_backup(catalog, "b2", {}, [referenced], end_time=2)
    assert referenced_keys(catalog, exclude={"b1"}) == {f"backup/b1/{INSERT}1"}

    before = sum(o.size for o in storage.list_objects("backup/"))
    freed = remove_backup(catalog, catalog.layout("b1"), None, 5.0)
    after = sum(o.size for o in storage.list_objects("backup/"))
    assert freed == before - after > 0
    assert storage.exists(f"backup/b1/{INSERT}1")  # b2 references it
    assert not storage.exists(f"backup/b1/{DELTA}5")
    assert not meta.is_complete(storage, catalog.layout("b1"))
    with pytest.raises(NotFoundError, match="was deleted"):
        catalog.read("b1", set())
    assert [b.name for b in catalog.list_backups(set())] == ["b2"]

    before = after
    freed = remove_backup(catalog, catalog.layout("b2"), None, 5.0)
    assert freed == before - sum(o.size for o in storage.list_objects("backup/"))
    assert list(storage.list_objects("backup/")) == []  # b1's remains swept with b2


def test_the_reference_lock_excludes_a_second_holder(storage: LocalStorage) -> None:
    second = ReferenceLock(storage, "backup", 5.0, "second", wait=0.5)
    with (
        ReferenceLock(storage, "backup", 5.0, "first"),
        pytest.raises(ConflictError, match="stayed busy"),
        second,
    ):
        pass
    with ReferenceLock(storage, "backup", 5.0, "third"):  # released: free again
        pass
    assert not storage.exists("backup/.references_lock.json")


_UNITS = {INSERT + "1": b"abc", INSERT + "2": b"xy", DELTA + "5": b"de"}


def _incremental(catalog: Catalog, name: str, hard_links: bool = True) -> Any:
    wanted = _wanted(name, {k: len(v) for k, v in _UNITS.items()})
    return prepare_incremental(
        catalog, catalog.layout(name), {("default", "c")}, wanted, "", 5.0, hard_links
    )


def _inode(storage: LocalStorage, key: str) -> tuple[int, int]:
    found = os.stat(storage.milvus_path(key))
    return found.st_dev, found.st_ino


def _disk_bytes(directory: Path) -> int:
    stats = [p.stat() for p in directory.rglob("*") if p.is_file()]
    return sum({(s.st_dev, s.st_ino): s.st_size for s in stats}.values())


def _refuse_links(
    monkeypatch: pytest.MonkeyPatch, code: int, to: Callable[[str], bool]
) -> None:
    """Make ``os.link`` fail with ``code`` for destinations ``to`` accepts (claims still link)."""
    real = os.link

    def link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if to(str(dst)):
            raise OSError(code, os.strerror(code))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)


def test_unchanged_units_are_hard_linked_and_depend_on_nothing(catalog: Catalog) -> None:
    storage = catalog.storage
    assert isinstance(storage, LocalStorage)
    _write_backup(catalog, "b1", _UNITS)
    plan = _incremental(catalog, "b2")
    assert plan.references == [] and plan.depends_on == [] and plan.copies == []
    assert sorted(e.key for e in plan.linked) == sorted(_UNITS)
    assert {(e.owner, e.linked_from) for e in plan.linked} == {("", "b1")}
    for key in _UNITS:
        assert _inode(storage, f"backup/b2/{key}") == _inode(storage, f"backup/b1/{key}")
    assert "7 bytes) hard-linked from b1; 0 objects (0 bytes) copied" in plan.summary()
    # Off, the same backup references its base.
    assert _incremental(catalog, "b3", hard_links=False).depends_on == ["b1"]


def test_a_refused_link_falls_back_to_a_reference_never_a_copy(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_backup(catalog, "b1", _UNITS)
    _refuse_links(monkeypatch, errno.EXDEV, lambda dst: "/b2/binlogs/" in dst)
    plan = _incremental(catalog, "b2")
    assert plan.linked == [] and plan.copies == []
    assert sorted(e.key for e in plan.references) == sorted(_UNITS)
    assert plan.depends_on == ["b1"] and plan.link_refusal == "another filesystem"
    assert "hard links refused (another filesystem): referenced instead" in plan.summary()
    assert not catalog.storage.has_prefix("backup/b2/binlogs/")
    pinned = manifest.read_manifest(catalog.storage, catalog.layout("b2")) or []
    assert {e.owner for e in pinned} == {"b1"}


def test_a_unit_is_linked_whole_or_referenced_whole(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_backup(catalog, "b1", _UNITS)
    # The insert unit's second link fails after its first was made: that one is undone.
    _refuse_links(monkeypatch, errno.EMLINK, lambda dst: dst.endswith(f"b2/{INSERT}2"))
    plan = _incremental(catalog, "b2")
    assert sorted(e.key for e in plan.references) == [INSERT + "1", INSERT + "2"]
    assert [e.key for e in plan.linked] == [DELTA + "5"]
    assert plan.link_refusal == "too many links to the source"
    assert not catalog.storage.exists(f"backup/b2/{INSERT}1")
    assert catalog.storage.exists(f"backup/b2/{DELTA}5")


def test_deleting_a_base_frees_nothing_a_linked_backup_holds(
    catalog: Catalog, tmp_path: Path
) -> None:
    storage = catalog.storage
    _write_backup(catalog, "b1", _UNITS)
    plan = _incremental(catalog, "b2")
    layout = catalog.layout("b2")
    manifest.write_manifest(storage, layout, [], {}, plan.linked)
    meta.write_backup_meta(storage, layout, model.BackupInfo(name="b2", end_time=2))
    binlogs = sum(len(v) for v in _UNITS.values())

    before = _disk_bytes(tmp_path)
    freed = remove_backup(catalog, catalog.layout("b1"), None, 5.0)
    assert freed == before - _disk_bytes(tmp_path)
    assert freed > 0 and not storage.has_prefix("backup/b1/")  # its metadata only
    assert all(storage.read_bytes(f"backup/b2/{k}") == v for k, v in _UNITS.items())
    # The last link frees the bytes.
    before = _disk_bytes(tmp_path)
    freed = remove_backup(catalog, layout, None, 5.0)
    assert freed == before - _disk_bytes(tmp_path) and freed > binlogs
