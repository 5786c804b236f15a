"""A real backup's checksum manifest, ``verify``, and restores that refuse a damaged backup."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import blake3
import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection

pytestmark = pytest.mark.slow


def _binlogs(backup_dir: Path) -> dict[str, Path]:
    return {p.relative_to(backup_dir).as_posix(): p
            for p in sorted((backup_dir / "binlogs").rglob("*")) if p.is_file()}


def test_backup_manifest_verify_and_a_damaged_backup_refused(
        stub: Any, milvus: MilvusClient, backup_root: Path, unique: Callable[[str], str],
        cli: Callable[..., tuple[int, str]]) -> None:
    source = create_sample_collection(milvus, unique("mani_src"), rows=500)
    name = unique("mani")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source.name]))
    assert created.code == pb.Success, created.msg
    backup_dir = backup_root / name

    # Every binlog in the backup is in the manifest, with the BLAKE3 of its bytes (the default).
    doc = json.loads((backup_dir / "meta" / "manifest.json").read_text())
    files = _binlogs(backup_dir)
    assert files, "the backup holds binlogs"
    assert doc["format"] == 3
    assert {o["key"]: (o["size"], o["blake3"]) for o in doc["objects"]} == {
        key: (path.stat().st_size, blake3.blake3(path.read_bytes()).hexdigest())
        for key, path in files.items()
    }

    # backup.checksum: sha256 records SHA-256 in a format 1 manifest (older versions read it).
    sha_name = unique("mani_sha")
    code, out = cli("--set", "backup.checksum=sha256", "create", "-n", sha_name, "-c", source.name)
    assert code == 0, out
    sha_doc = json.loads((backup_root / sha_name / "meta" / "manifest.json").read_text())
    assert sha_doc["format"] == 1
    assert {o["key"]: o["sha256"] for o in sha_doc["objects"]} == {
        key: hashlib.sha256(path.read_bytes()).hexdigest()
        for key, path in _binlogs(backup_root / sha_name).items()
    }
    code, out = cli("verify", "-n", sha_name, "--deep")
    assert code == 0 and "all present and intact" in out, out

    code, out = cli("verify", "-n", name, "--deep")
    assert code == 0, out
    assert f"{len(files)} objects" in out and "all present and intact" in out

    # A binlog changed in place (same size) is caught by a deep verify only.
    victim_key, victim = next(iter(files.items()))
    original = victim.read_bytes()
    victim.write_bytes(bytes([original[0] ^ 0xFF]) + original[1:])
    assert cli("verify", "-n", name)[0] == 0
    code, out = cli("--json", "verify", "-n", name, "--deep")
    assert code == 1
    assert json.loads(out)["result"]["wrong_checksum"] == [victim_key]

    # A truncated binlog: the restore refuses before it creates anything.
    victim.write_bytes(original[:-7])
    target = source.name + "_dmg"
    answer = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=name, collection_suffix="_dmg"))
    assert answer.code == pb.Fail
    assert "DAMAGED" in answer.msg and victim_key in answer.msg
    assert "nothing was restored" in answer.msg
    assert not milvus.has_collection(target)

    # Put back, the same backup restores.
    victim.write_bytes(original)
    answer = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=name, collection_suffix="_dmg", restoreIndex=True))
    assert answer.code == pb.Success, answer.msg
    assert answer.data.state_code == pb.SUCCESS, answer.data.errorMessage
    milvus.load_collection(target)
    count = milvus.query(target, filter="", output_fields=["count(*)"])
    assert count[0]["count(*)"] == source.rows - len(source.deleted)
