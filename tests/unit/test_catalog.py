"""Listing, reading and deleting the backups under a root, finished or not."""

from __future__ import annotations

import logging

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.catalog import Catalog
from milvus_backup_grpc.errors import NotFoundError
from milvus_backup_grpc.layout import codec, meta, paths
from milvus_backup_grpc.storage.local import LocalStorage
from tests.unit.samples import build_backup_info


def _record(task_id: str, name: str, state: int, error: str = "") -> bytes:
    return codec.dumps(
        model.BackupInfo(id=task_id, name=name, state_code=state, errorMessage=error, progress=40)
    )


def _finished(storage: LocalStorage, catalog: Catalog, name: str) -> model.BackupInfo:
    info = build_backup_info()
    info.name = name
    layout = catalog.layout(name)
    meta.write_backup_meta(storage, layout, info)
    storage.write_bytes(layout.task_record, _record(info.id, name, model.BACKUP_SUCCESS))
    return info


@pytest.fixture
def catalog(storage: LocalStorage) -> Catalog:
    return Catalog(storage, "backup")


def test_finished_backup_reads_as_success(storage: LocalStorage, catalog: Catalog) -> None:
    written = _finished(storage, catalog, "bk1")

    info = catalog.read("bk1", live_task_ids=set())

    assert info.state_code == model.BACKUP_SUCCESS
    assert info.progress == 100
    assert info.name == "bk1"
    assert list(info.collection_backups) == list(written.collection_backups)


def test_interrupted_backup_reads_as_failed(storage: LocalStorage, catalog: Catalog) -> None:
    storage.write_bytes(
        catalog.layout("bk2").task_record, _record("t-dead", "bk2", model.BACKUP_EXECUTING)
    )

    info = catalog.read("bk2", live_task_ids={"t-other"})

    assert info.state_code == model.BACKUP_FAIL
    assert info.errorMessage.startswith("interrupted:")
    assert "delete it and create it again" in info.errorMessage


def test_running_backup_reads_as_executing(storage: LocalStorage, catalog: Catalog) -> None:
    storage.write_bytes(
        catalog.layout("bk3").task_record, _record("t-live", "bk3", model.BACKUP_EXECUTING)
    )

    info = catalog.read("bk3", live_task_ids={"t-live"})

    assert info.state_code == model.BACKUP_EXECUTING
    assert info.progress == 40
    assert info.errorMessage == ""


def test_failed_backup_keeps_its_own_error(storage: LocalStorage, catalog: Catalog) -> None:
    storage.write_bytes(
        catalog.layout("bk4").task_record,
        _record("t-x", "bk4", model.BACKUP_FAIL, "Milvus refused the flush"),
    )

    info = catalog.read("bk4", live_task_ids=set())

    assert info.state_code == model.BACKUP_FAIL
    assert info.errorMessage == "Milvus refused the flush"


def test_success_record_without_full_meta_is_not_complete(
    storage: LocalStorage, catalog: Catalog
) -> None:
    _finished(storage, catalog, "bk5")
    storage.delete(catalog.layout("bk5").meta(paths.FULL_META))

    info = catalog.read("bk5", live_task_ids=set())

    assert info.state_code == model.BACKUP_FAIL
    assert info.errorMessage != ""


def test_missing_backup_is_not_found(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError, match="backup 'nope' not found under 'backup/nope/'"):
        catalog.read("nope", live_task_ids=set())


def test_list_shows_finished_and_unfinished_and_skips_junk(
    storage: LocalStorage, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.engine.catalog")
    _finished(storage, catalog, "a_done")
    storage.write_bytes(
        catalog.layout("b_dead").task_record, _record("t1", "b_dead", model.BACKUP_EXECUTING)
    )
    storage.write_bytes("backup/c_junk/readme.txt", b"not a backup")
    storage.write_bytes(catalog.layout("d_broken").meta(paths.FULL_META), b"{broken")

    found = catalog.list_backups(live_task_ids=set())

    assert [(b.name, b.state_code) for b in found] == [
        ("a_done", model.BACKUP_SUCCESS),
        ("b_dead", model.BACKUP_FAIL),
    ]
    assert "c_junk" in caplog.text
    assert "d_broken" in caplog.text


def test_list_survives_a_backup_with_a_wrong_shaped_meta(
    storage: LocalStorage, catalog: Catalog
) -> None:
    _finished(storage, catalog, "a_done")
    storage.write_bytes(
        catalog.layout("z_bad").meta(paths.FULL_META), b'{"collection_backups":[1]}'
    )

    assert [b.name for b in catalog.list_backups(live_task_ids=set())] == ["a_done"]


@pytest.mark.parametrize(
    ("collection", "expected"),
    [("books", ["bk1"]), ("default.books", ["bk1"]), ("db2.books", []), ("films", [])],
)
def test_list_filters_by_collection(
    storage: LocalStorage, catalog: Catalog, collection: str, expected: list[str]
) -> None:
    _finished(storage, catalog, "bk1")

    found = catalog.list_backups(live_task_ids=set(), collection=collection)

    assert [b.name for b in found] == expected


def test_upstream_backup_without_full_meta_or_task_record_is_listed(
    storage: LocalStorage, catalog: Catalog
) -> None:
    info = build_backup_info()
    layout = catalog.layout(info.name)
    meta.write_backup_meta(storage, layout, info)
    storage.delete(layout.meta(paths.FULL_META))

    (found,) = catalog.list_backups(live_task_ids=set())

    assert found.name == info.name
    assert found.state_code == model.BACKUP_SUCCESS
    assert found.size == info.size


def test_delete_removes_every_object(storage: LocalStorage, catalog: Catalog) -> None:
    _finished(storage, catalog, "bk1")
    _finished(storage, catalog, "bk10")

    removed = catalog.delete("bk1")

    assert removed == 6  # five meta files and the task record
    assert not catalog.exists("bk1")
    assert catalog.exists("bk10")
    assert catalog.names() == ["bk10"]


def test_delete_of_a_missing_backup_is_not_found(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError, match="backup 'ghost' not found"):
        catalog.delete("ghost")


def test_names_lists_every_directory(storage: LocalStorage, catalog: Catalog) -> None:
    _finished(storage, catalog, "bk1")
    storage.write_bytes("backup/other/x", b"1")
    storage.write_bytes("elsewhere/bk9/x", b"1")

    assert catalog.names() == ["bk1", "other"]
    assert Catalog(storage, "").names() == ["backup", "elsewhere"]
