"""Incremental planning, reference lookup and mark-and-sweep deletion, on a local store."""

from __future__ import annotations

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.catalog import Catalog
from milvus_backup_grpc.engine.incremental import (
    ReferenceLock,
    choose_base,
    plan_copies,
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
