"""The checksum manifest and backup verification, on local storage."""

from __future__ import annotations

import hashlib
import json

import blake3
import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.verify import verify_backup
from milvus_backup_grpc.errors import LayoutError
from milvus_backup_grpc.layout import manifest
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.storage.base import Checksum
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.transfer import CopyItem, copy_objects
from tests.unit.samples import COLL_ID, backup_copies


@pytest.fixture(params=["blake3", "sha256"])
def algorithm(request: pytest.FixtureRequest) -> str:
    """The checksum the sample backup records (``backup.checksum``)."""
    return str(request.param)


@pytest.fixture
def backed_up(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo, algorithm: str
) -> list[CopyItem]:
    """The sample backup's binlogs copied from "files/" into the backup, with a manifest."""
    items = backup_copies(backup_info, layout)
    for n, item in enumerate(items):
        storage.write_bytes(item.src_key, bytes([n % 251]) * item.size)
    checksums = copy_objects(storage, storage, items, parallelism=3, algorithm=algorithm)
    manifest.write_manifest(storage, layout, items, checksums)
    return items


def test_the_manifest_lists_every_copied_object_with_its_checksum(
    storage: LocalStorage, layout: BackupLayout, backed_up: list[CopyItem], algorithm: str
) -> None:
    doc = json.loads(storage.read_bytes("backup/bk_sample/meta/manifest.json"))
    reference = {"blake3": blake3.blake3, "sha256": hashlib.sha256}[algorithm]

    # SHA-256 keeps the format that versions before BLAKE3 read; BLAKE3 makes it format 3.
    assert doc["format"] == {"blake3": 3, "sha256": 1}[algorithm]
    assert len(doc["objects"]) == len(backed_up)
    by_key = {o["key"]: o for o in doc["objects"]}
    for item in backed_up:
        entry = by_key[item.dst_key.removeprefix(layout.dir)]
        assert entry["key"].startswith("binlogs/")  # relative: the backup can move
        assert entry["size"] == item.size
        assert entry[algorithm] == reference(storage.read_bytes(item.dst_key)).hexdigest()


def test_decode_round_trips_and_rejects_what_it_does_not_know() -> None:
    entries = [
        manifest.ManifestEntry("binlogs/a", 3, Checksum("sha256", "ab")),
        manifest.ManifestEntry("binlogs/b", 0, Checksum("etag", "e1-2")),
    ]
    assert manifest.decode(manifest.encode(entries)) == entries
    assert json.loads(manifest.encode(entries))["format"] == 1
    # References (incremental backups) make a format 2 manifest, which format 1 readers refuse.
    referencing = [*entries, manifest.ManifestEntry("binlogs/c", 5, Checksum("sha256", "cd"), "b1")]
    assert json.loads(manifest.encode(referencing))["format"] == 2
    assert manifest.decode(manifest.encode(referencing)) == referencing
    # Any BLAKE3 entry makes it format 3, references or not: formats 1 and 2 knew no BLAKE3.
    hashed = [*entries, manifest.ManifestEntry("binlogs/d", 7, Checksum("blake3", "ef"))]
    assert json.loads(manifest.encode(hashed))["format"] == 3
    assert manifest.decode(manifest.encode(hashed)) == hashed
    assert json.loads(manifest.encode([*referencing, *hashed[2:]]))["format"] == 3
    with pytest.raises(LayoutError, match="format 4 is not one this version reads.*newer"):
        manifest.decode(b'{"format": 4, "objects": []}')
    with pytest.raises(LayoutError, match="referenced in"):
        manifest.decode(
            b'{"format": 2, "objects": [{"key": "x", "size": 1, "sha256": "a", "in": "../b"}]}'
        )
    with pytest.raises(LayoutError, match="malformed"):
        manifest.decode(b'{"format": 1, "objects": [{"key": "x", "size": 1}]}')
    with pytest.raises(LayoutError, match="malformed"):
        manifest.decode(b"not json")


def test_an_intact_backup_verifies_quick_and_deep(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo,
    backed_up: list[CopyItem],
) -> None:
    for deep in (False, True):
        report = verify_backup(storage, layout, backup_info, deep=deep)
        assert report.ok, report.summary()
        assert report.source == "manifest"
        assert report.checked == len(backed_up)
        assert report.size == sum(i.size for i in backed_up)
        assert "all present and intact" in report.summary()


def test_missing_truncated_and_altered_objects_are_named(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo,
    backed_up: list[CopyItem],
) -> None:
    gone, short, flipped = (i.dst_key for i in backed_up[:3])
    storage.delete(gone)
    storage.write_bytes(short, storage.read_bytes(short)[:-1])
    data = bytearray(storage.read_bytes(flipped))
    data[0] ^= 0xFF
    storage.write_bytes(flipped, bytes(data))  # same size: only a hash notices

    quick = verify_backup(storage, layout, backup_info)
    deep = verify_backup(storage, layout, backup_info, deep=True)

    rel = layout.dir
    assert quick.missing == [gone.removeprefix(rel)]
    assert quick.wrong_size == [short.removeprefix(rel)]
    assert quick.wrong_checksum == []  # a listing cannot see a same-size change
    assert deep.wrong_checksum == [flipped.removeprefix(rel)]
    assert not deep.ok
    assert "DAMAGED" in deep.summary() and "1 missing" in deep.summary()


def test_verify_can_be_limited_to_collections(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo,
    backed_up: list[CopyItem],
) -> None:
    storage.delete(backed_up[0].dst_key)

    assert verify_backup(storage, layout, backup_info, collection_ids={12345}).ok
    assert not verify_backup(storage, layout, backup_info, collection_ids={COLL_ID}).ok


def test_without_a_manifest_the_segment_metadata_gives_the_sizes(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo,
    backed_up: list[CopyItem],
) -> None:
    storage.delete(manifest.manifest_key(layout))
    for seg_binlogs in backup_info.collection_backups[0].partition_backups[0].segment_backups:
        for fb in seg_binlogs.binlogs:
            for log in fb.binlogs:
                log.log_id = 0  # as upstream before v0.5.4: the id is the key's last part

    report = verify_backup(storage, layout, backup_info)
    assert report.source == "segment metadata"
    assert report.ok, report.summary()
    assert report.checked == len(backed_up)

    storage.delete(backed_up[-1].dst_key)
    assert verify_backup(storage, layout, backup_info).missing == [
        backed_up[-1].dst_key.removeprefix(layout.dir)
    ]


def test_a_4096_size_recorded_by_upstream_v04_only_proves_the_binlog_is_there(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo,
    backed_up: list[CopyItem],
) -> None:
    # v0.4.x with local storage may record 4096 (a filesystem block) instead of the size;
    # its binlogs have no log_id. A 4096 next to a log_id is a real size and must match.
    storage.delete(manifest.manifest_key(layout))
    segment = backup_info.collection_backups[0].partition_backups[0].segment_backups[0]
    first, second = segment.binlogs[0].binlogs[0], segment.binlogs[1].binlogs[0]
    first_key = layout.insert_log(segment.collection_id, segment.partition_id, segment.group_id,
                                  segment.segment_id, segment.binlogs[0].fieldID, first.log_id)
    second_key = layout.insert_log(segment.collection_id, segment.partition_id, segment.group_id,
                                   segment.segment_id, segment.binlogs[1].fieldID, second.log_id)
    assert storage.stat(first_key).size != 4096 and storage.stat(second_key).size != 4096
    first.log_size = second.log_size = 4096
    first.log_id = 0  # the key still ends in the id, as upstream's do

    report = verify_backup(storage, layout, backup_info)
    assert report.missing == []
    assert report.wrong_size == [second_key.removeprefix(layout.dir)]

    storage.write_bytes(first_key, b"")  # an empty binlog is damaged whatever was recorded
    assert verify_backup(storage, layout, backup_info).wrong_size == [
        first_key.removeprefix(layout.dir), second_key.removeprefix(layout.dir)
    ]
