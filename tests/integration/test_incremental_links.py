"""Incremental backups on local storage hard-link what they would reference (issue 11, item 6).

On the session's Milvus, into a local root: a full b1, then an incremental b2 of the unchanged
collection, whose binlogs are b1's files under a second name (same inodes, 0 bytes copied) and
which depends on nothing. Deleting b1 frees none of those bytes; b2 then verifies deep and
restores equal to the source. With ``backup.localHardLinks`` off, the next incremental backup
references b2 as before, and a later linked one (on a base that references) coexists with it
through deletes that keep and sweep the right objects.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import RequestError
from milvus_backup_grpc.layout.manifest import read_manifest
from milvus_backup_grpc.testing.compare import read_snapshot
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.test_incremental import _create, _restored_equals, _service


def _files(directory: Path) -> dict[str, os.stat_result]:
    """Every file under ``directory`` by its relative path, with its stat."""
    return {
        p.relative_to(directory).as_posix(): p.stat() for p in directory.rglob("*") if p.is_file()
    }


def _disk_bytes(root: Path) -> int:
    """Bytes the files under ``root`` take, each inode counted once (hard links share)."""
    seen = {(s.st_dev, s.st_ino): s.st_size for s in _files(root).values()}
    return sum(seen.values())


def _binlog_disk_bytes(root: Path) -> int:
    """Bytes the binlogs of every backup under ``root`` take, each inode counted once."""
    stats = [p.stat() for p in root.glob("*/binlogs/**/*") if p.is_file()]
    return sum({(s.st_dev, s.st_ino): s.st_size for s in stats}.values())


def _copied_and_linked(service: BackupService, name: str) -> tuple[int, int]:
    entries = read_manifest(service.backup_storage, service.catalog().layout(name)) or []
    own = [e for e in entries if not e.owner]
    return (
        sum(e.size for e in own if not e.linked_from),
        sum(e.size for e in own if e.linked_from),
    )


def test_local_incremental_hard_links_unchanged_objects(
    milvus_server: Any, milvus: MilvusClient, tmp_path: Path, unique: Callable[[str], str]
) -> None:
    root = tmp_path / "vault"
    linking = _service(milvus_server, **{"minio.backupRootPath": str(root)})
    referencing = _service(
        milvus_server,
        **{"minio.backupRootPath": str(root), "backup.localHardLinks": "false"},
    )
    coll = unique("links_src")
    create_sample_collection(milvus, coll, rows=200)
    milvus.load_collection(coll)
    try:
        b1, b2, b3, b4 = unique("l1"), unique("l2"), unique("l3"), unique("l4")
        _create(linking, b1, coll, incremental=False)
        second = _create(linking, b2, coll)
        assert second.incremental and list(second.depends_on) == []  # self-contained

        first_files = _files(root / b1 / "binlogs")
        second_files = _files(root / b2 / "binlogs")
        assert first_files and second_files.keys() == first_files.keys()
        for key, stat in second_files.items():
            assert (stat.st_dev, stat.st_ino) == (first_files[key].st_dev, first_files[key].st_ino)
            assert stat.st_nlink == 2
        binlog_bytes = sum(s.st_size for s in first_files.values())
        assert _copied_and_linked(linking, b2) == (0, binlog_bytes)
        phase = linking.tasks.backup_by_id(second.id).phase
        assert f"hard-linked from {b1}" in phase and "0 objects (0 bytes) copied" in phase
        listed = {b.name: b for b in linking.list_backups()}
        assert listed[b2].incremental and not listed[b2].depends_on
        with pytest.raises(RequestError, match="references no other backup"):
            linking.materialize_backup(b2)  # upstream can read it as it is

        # b2 holds every byte itself: deleting b1 frees only b1's metadata, and nothing of
        # b1 stays behind for b2.
        expected = read_snapshot(milvus, coll)
        assert _binlog_disk_bytes(root) == binlog_bytes  # b1 and b2 share every binlog
        metadata = sum(s.st_size for k, s in _files(root / b1).items() if "binlogs/" not in k)
        before = _disk_bytes(root)
        freed = linking.delete_backup(b1)
        assert freed == before - _disk_bytes(root) == metadata
        assert _binlog_disk_bytes(root) == binlog_bytes
        assert not (root / b1).exists()
        assert all(s.st_nlink == 1 for s in _files(root / b2 / "binlogs").values())
        report = linking.verify_backup(b2, deep=True)
        assert report.ok and report.referenced == 0, report.summary()
        _restored_equals(linking, milvus, b2, expected, unique("links_b2"))

        # Hard links off: a reference, as before.
        third = _create(referencing, b3, coll)
        assert third.incremental and list(third.depends_on) == [b2]
        assert not (root / b3 / "binlogs").exists()
        # Linked on a base that references: the links are made to the bytes' holder, b2.
        fourth = _create(linking, b4, coll)
        assert fourth.incremental and list(fourth.depends_on) == []
        entries = read_manifest(linking.backup_storage, linking.catalog().layout(b4)) or []
        assert {e.linked_from for e in entries if e.key.startswith("binlogs/")} == {b2}

        # Deleting b2 keeps what b3 references and frees none of the bytes b4 links.
        before = _disk_bytes(root)
        freed = linking.delete_backup(b2)
        assert freed == before - _disk_bytes(root)
        assert _binlog_disk_bytes(root) == binlog_bytes
        assert (root / b2 / "retained.json").exists()
        assert linking.verify_backup(b3, deep=True).ok
        # Deleting b3 sweeps b2's remains; b4 still holds every byte.
        before = _disk_bytes(root)
        freed = linking.delete_backup(b3)
        assert freed == before - _disk_bytes(root)
        assert _binlog_disk_bytes(root) == binlog_bytes
        assert not (root / b2).exists() and linking.catalog().names() == [b4]
        assert linking.verify_backup(b4, deep=True).ok
        assert linking.delete_backup(b4) >= binlog_bytes  # the last link goes: bytes freed
    finally:
        milvus.drop_collection(coll)
        linking.close()
        referencing.close()
