"""Backups written by upstream milvus-backup's own binaries restore exactly.

The fixtures (tests/fixtures/upstream_backups.py says where they come from) are backups that
upstream v0.4.30 and v0.5.16 took of one collection on Milvus 2.3.5 with S3 storage, and
the rows that collection held. Each test copies what it needs into a backup root of its own
(restores write task records there), serves it with a BackupService of its own, restores into
the session's Milvus and compares it with the source collection through the restore oracle
(``schema.json`` and ``rows.jsonl``): schema, settings, partitions, the index rebuilt, and every
row and field per partition, the deleted ids absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_snapshots, read_snapshot
from tests.fixtures.upstream_backups import (
    BACKUPS,
    COLLECTION,
    expected_snapshot,
    fixtures_dir,
    source_schema,
)
from tests.integration.service_tools import local_milvus_settings, serving

Stub = Any


@pytest.fixture(scope="module")
def fixtures() -> Path:
    return fixtures_dir()


def _copy_backups(fixtures: Path, root: Path, names: tuple[str, ...] = BACKUPS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copytree(fixtures / "backups" / name, root / name)
    return root


@pytest.fixture(scope="module")
def root(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup root holding intact copies of both upstream backups."""
    return _copy_backups(fixtures, tmp_path_factory.mktemp("upstream_root"))


def _settings(milvus_server: Any, root: Path) -> dict[str, str]:
    return {**local_milvus_settings(milvus_server), "minio.backupRootPath": str(root)}


@pytest.fixture(scope="module")
def upstream_stub(milvus_server: Any, root: Path) -> Iterator[Stub]:
    """The gRPC service over ``root``."""
    service = BackupService(load_config(None, env={}, overrides=_settings(milvus_server, root)))
    with serving(service) as stub:
        yield stub
    service.close()


@pytest.fixture
def stub_for(milvus_server: Any) -> Iterator[Callable[[Path], Stub]]:
    """A gRPC service over another backup root, for tests that damage their copy."""
    with ExitStack() as stack:

        def make(other_root: Path) -> Stub:
            service = BackupService(
                load_config(None, env={}, overrides=_settings(milvus_server, other_root))
            )
            stack.callback(service.close)
            return stack.enter_context(serving(service))

        yield make


@pytest.fixture
def restored(milvus: MilvusClient) -> Iterator[list[str]]:
    """Names of collections a test restores; dropped afterwards to keep Milvus small."""
    names: list[str] = []
    yield names
    for name in names:
        if milvus.has_collection(name):
            milvus.drop_collection(name)


@pytest.mark.parametrize("backup", BACKUPS)
def test_upstream_backup_restores_every_row_and_field_per_partition(
    upstream_stub: Stub, milvus: MilvusClient, fixtures: Path, backup: str,
    unique: Callable[[str], str], restored: list[str],
) -> None:
    target = unique(f"from_{backup}")
    restored.append(target)
    answer = upstream_stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, restoreIndex=True, collection_renames={COLLECTION: target}))
    assert answer.code == pb.Success, answer.msg
    assert answer.data.state_code == pb.RestoreTaskStateCode.SUCCESS, answer.data.errorMessage

    milvus.load_collection(target)
    restored_snapshot = read_snapshot(milvus, target)
    comparison = compare_snapshots(expected_snapshot(fixtures), restored_snapshot)
    assert comparison.equal, "\n".join(comparison.differences)
    # The expected side is the fixture's: make sure it holds what its README says.
    schema = source_schema(fixtures)
    per_partition = {p["name"]: p["rows"] for p in schema["partitions"]}
    assert per_partition == {"_default": 972, "p1": 973, "p2": 973}
    rows = restored_snapshot.rows
    assert {p: sum(1 for part, _ in rows if part == p) for p in per_partition} == per_partition
    deleted = set(schema["deleted_pks"])
    assert len(deleted) == 82
    assert not deleted & {pk for _, pk in rows}


@pytest.mark.parametrize("backup", BACKUPS)
def test_upstream_backups_are_listed_and_read_as_successful(
    upstream_stub: Stub, backup: str) -> None:
    # v0.5.16 writes state_code 0 (BACKUP_INITIAL) and no progress or times into a backup it
    # finished; a complete backup on disk is a successful one.
    listed = {b.name: b for b in upstream_stub.ListBackups(pb.ListBackupsRequest()).data}
    got = upstream_stub.GetBackup(pb.GetBackupRequest(backup_name=backup))
    assert got.code == pb.Success, got.msg
    for info in (listed[backup], got.data):
        assert info.state_code == pb.BACKUP_SUCCESS
        assert info.size == 451963
        assert [c.collection_name for c in info.collection_backups] == [COLLECTION]


def _rewrite_json(path: Path, change: Callable[[Any], None]) -> None:
    tree = json.loads(path.read_text(encoding="utf-8"))
    change(tree)
    path.write_text(json.dumps(tree), encoding="utf-8")


def _as_local_storage_bug(backup_dir: Path) -> None:
    """Rewrite a v0.4.30 backup as v0.4.x writes it with local storage, run outside ``/``.

    It finds no insert logs under the segment directories, so it takes every segment for an
    L0 (delete-only) segment, copies nothing, and still reports success.
    """
    def segments(tree: Any) -> Iterator[dict[str, Any]]:
        for coll in tree.get("collection_backups", tree.get("infos", [])):
            for part in coll.get("partition_backups", []):
                yield from part.get("segment_backups", [])

    def emptied(seg: dict[str, Any]) -> None:
        seg.pop("binlogs", None)
        seg["deltalogs"] = [{}]
        seg["size"] = 0
        seg["is_l0"] = True

    def change_levels(tree: Any) -> None:
        for seg in segments(tree):
            emptied(seg)
        for coll in tree.get("collection_backups", tree.get("infos", [])):
            coll["size"] = 0
            for part in coll.get("partition_backups", []):
                part["size"] = 0
        if "collection_backups" in tree:
            tree["size"] = 0

    meta = backup_dir / "meta"
    for name in ("full_meta.json", "collection_meta.json"):
        _rewrite_json(meta / name, change_levels)
    _rewrite_json(meta / "segment_meta.json", lambda t: [emptied(s) for s in t["infos"]])
    _rewrite_json(meta / "partition_meta.json",
                  lambda t: [p.update(size=0) for p in t["infos"]])
    shutil.rmtree(backup_dir / "binlogs")


def test_empty_v04_local_storage_backup_is_refused_saying_it_holds_no_data(
    fixtures: Path, tmp_path: Path, stub_for: Callable[[Path], Stub],
    milvus: MilvusClient,
) -> None:
    broken = _copy_backups(fixtures, tmp_path / "root", ("up_v0430",))
    _as_local_storage_bug(broken / "up_v0430")
    stub = stub_for(broken)
    collections = sorted(milvus.list_collections())

    refused = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name="up_v0430", collection_suffix="_empty"))

    assert refused.code == pb.Fail
    assert "holds no data" in refused.msg
    assert "every one of its 18 segments is marked L0" in refused.msg
    assert "no insert binlog" in refused.msg
    assert "v0.4.x" in refused.msg and "local storage" in refused.msg
    assert "re-take the backup" in refused.msg
    assert "Milvus 2.4+ source" not in refused.msg
    assert sorted(milvus.list_collections()) == collections


def _binlog(backup_dir: Path, kind: str) -> Path:
    return sorted((backup_dir / "binlogs" / kind).rglob("*"), key=str)[-1]


@pytest.mark.parametrize("backup", BACKUPS)
def test_upstream_backup_with_a_lost_and_a_truncated_binlog_is_refused(
    fixtures: Path, tmp_path: Path, stub_for: Callable[[Path], Stub], milvus: MilvusClient,
    backup: str,
) -> None:
    damaged = _copy_backups(fixtures, tmp_path / "root", (backup,))
    backup_dir = damaged / backup
    lost = _binlog(backup_dir, "insert_log")
    short = _binlog(backup_dir, "delta_log")
    lost.unlink()
    short.write_bytes(short.read_bytes()[:-10])
    lost_key = lost.relative_to(backup_dir).as_posix()
    short_key = short.relative_to(backup_dir).as_posix()
    stub = stub_for(damaged)
    collections = sorted(milvus.list_collections())

    refused = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_suffix="_damaged"))

    assert refused.code == pb.Fail
    assert "checked against its segment metadata" in refused.msg
    assert f"1 missing ({lost_key})" in refused.msg
    assert f"1 of the wrong size ({short_key})" in refused.msg
    assert "nothing was restored" in refused.msg
    assert sorted(milvus.list_collections()) == collections


def _verify(tmp_path: Path, milvus_server: Any, root: Path, backup: str,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    config = tmp_path / "backup.yaml"
    config.write_text(
        f"milvus:\n  address: {milvus_server.host}\n  port: {milvus_server.port}\n"
        f"minio:\n  storageType: local\n  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {root}\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["--config", str(config), "verify", "-n", backup])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("backup", BACKUPS)
def test_verify_checks_an_upstream_backup_against_its_segment_metadata(
    fixtures: Path, tmp_path: Path, milvus_server: Any, capsys: pytest.CaptureFixture[str],
    backup: str,
) -> None:
    root = _copy_backups(fixtures, tmp_path / "root", (backup,))

    code, out = _verify(tmp_path, milvus_server, root, backup, capsys)
    assert code == 0, out
    assert ("162 objects (451963 bytes) listed, checked against its segment metadata: "
            "all present and intact") in out

    lost = _binlog(root / backup, "insert_log")
    lost.unlink()
    code, out = _verify(tmp_path, milvus_server, root, backup, capsys)
    assert code == 1, out
    assert f"1 missing ({lost.relative_to(root / backup).as_posix()})" in out
