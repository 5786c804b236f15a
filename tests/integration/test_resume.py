"""Resume of interrupted tasks across real processes: kill -9 mid-backup and mid-restore, then
resume from another process; a source binlog compacted away meanwhile; a restore cancelled
from another process.

A server process runs the task, slowed with the copy test hook (``MILVUS_BACKUP_COPY_DELAY``,
one object at a time) or with one import at a time, and is killed with SIGKILL. Its lease is
3 s long (and a killed owner on this machine reads as gone at once). The CLI resumes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.engine.tasks import NotResumable, TaskState
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.server_process import ServerProcess, write_config
from tests.integration.service_tools import wait_for

pytestmark = pytest.mark.slow

SETTINGS = (
    "backup:\n  lease:\n    seconds: 3\n  resumeOnStart: false\n"
    "  importPollSeconds: 0.2\n  parallelism:\n    copydata: 1\n    importJob: 1\n"
)
SLOW = {"MILVUS_BACKUP_COPY_DELAY": "0.4"}


def _cli(config: Path, *argv: str) -> tuple[int, Any, str]:
    """Exit code, the --json result, and stderr of one CLI run in its own process."""
    done = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "--json",
         *argv], capture_output=True, text=True, timeout=300, check=False)
    try:
        result = json.loads(done.stdout) if done.stdout.strip() else None
    except ValueError:
        result = done.stdout
    return done.returncode, result, done.stderr


@pytest.fixture
def config(tmp_path: Path, milvus_server: Any) -> Path:
    return write_config(tmp_path / "backup.yaml", milvus_server, tmp_path / "backups",
                        extra=SETTINGS)


@pytest.fixture(scope="module")
def source(milvus: MilvusClient) -> Iterator[SampleCollection]:
    """Three partitions, deletes: several binlogs to copy and several imports to run."""
    made = create_sample_collection(milvus, f"resume_src_{os.getpid()}", rows=600)
    yield made
    milvus.drop_collection(made.name)


def _binlogs(backup_dir: Path) -> dict[Path, int]:
    """Each binlog file in a backup directory with its modification time (ns)."""
    return {p: p.stat().st_mtime_ns for p in (backup_dir / "binlogs").rglob("*") if p.is_file()}


def _kill_mid_copy(config: Path, tmp_path: Path, name: str, collection: str,
                   copied: int = 4) -> dict[Path, int]:
    """Start a slow backup in a server process, SIGKILL it after ``copied`` objects landed;
    return the binlogs that had landed."""
    backup_dir = tmp_path / "backups" / name
    with ServerProcess(config, tmp_path / f"{name}.log", env=SLOW) as server:
        channel, stub = server.stub()
        with channel:
            started = stub.CreateBackup(pb.CreateBackupRequest(
                backup_name=name, collection_names=[collection], **{"async": True}))
            assert started.code == pb.Success, started.msg
            wait_for(lambda: backup_dir.is_dir() and len(_binlogs(backup_dir)) >= copied,
                     timeout=60, what=f"{copied} objects copied")
            server.kill()
    landed = _binlogs(backup_dir)
    assert (backup_dir / "resume_plan.json").exists()
    assert not (backup_dir / "meta" / "full_meta.json").exists()
    return landed


def test_a_backup_killed_mid_copy_is_resumed_by_the_cli_and_restores_equal(
        config: Path, tmp_path: Path, milvus: MilvusClient, source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    name = unique("resumed_backup")
    landed = _kill_mid_copy(config, tmp_path, name, source.name)
    # This test process is a third one, with no memory of the task: it reads the record.
    here = BackupService(load_config(config, env={}))
    [task] = [t for t in here.list_tasks() if t.backup_name == name]
    assert task.state is TaskState.INTERRUPTED

    code, result, err = _cli(config, "resume", "-n", name)
    assert code == 0, (result, err)
    assert result["state"] == "success" and result["task_id"] == task.task_id, result
    backup_dir = tmp_path / "backups" / name
    after = _binlogs(backup_dir)
    # What had landed was kept, not copied again; the rest was copied.
    assert all(after[path] == mtime for path, mtime in landed.items())
    assert len(after) > len(landed)
    assert not (backup_dir / "resume_plan.json").exists()

    report = here.verify_backup(name, deep=True)
    assert report.ok, report.summary()
    with pytest.raises(NotResumable, match="is complete; there is nothing to resume"):
        here.resume(backup_name=name)

    target = f"{source.name}_resumed"
    restored = here.restore_backup(model.RestoreInput(
        backup_name=name, renames={source.name: target}, restore_index=True))
    here.close()
    try:
        assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
        milvus.load_collection(target)
        milvus.load_collection(source.name)
        comparison = compare_collections(milvus, source.name, target, check_indexes=False)
        assert comparison.differences == [], comparison.differences
        assert comparison.rows == source.rows - len(source.deleted)
    finally:
        milvus.drop_collection(target)


def test_a_resume_whose_source_binlog_was_compacted_away_fails_cleanly(
        config: Path, tmp_path: Path, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    # A collection of its own: one of its binlogs is deleted from Milvus's storage.
    doomed = create_sample_collection(milvus, unique("resume_doomed"), rows=300)
    try:
        name = unique("compacted")
        _kill_mid_copy(config, tmp_path, name, doomed.name, copied=2)
        backup_dir = tmp_path / "backups" / name
        plan = json.loads((backup_dir / "resume_plan.json").read_text())
        missing = [src for items in plan["copies"] for src, dst, _ in items
                   if not Path(dst).exists()]
        gone = missing[-1]
        Path(gone).unlink()  # as a compaction would have removed it

        code, result, err = _cli(config, "resume", "-n", name)
        assert code == 1, (result, err)
        message = result["error"]["message"]
        assert gone in message and "compacted" in message, message
        # Nothing reads as good: the backup is failed, saying why, and has no meta.
        here = BackupService(load_config(config, env={}))
        [info] = [b for b in here.list_backups() if b.name == name]
        assert info.state_code == pb.BACKUP_FAIL and gone in info.errorMessage
        assert not (backup_dir / "meta" / "full_meta.json").exists()
        with pytest.raises(NotResumable, match="already ended"):
            here.resume(backup_name=name)
    finally:
        milvus.drop_collection(doomed.name)


def _ids(milvus: MilvusClient, collection: str) -> list[int]:
    rows = milvus.query(collection, filter="id >= 0", output_fields=["id"], limit=16384)
    return [r["id"] for r in rows]


def test_a_restore_killed_after_some_imports_is_resumed_without_importing_twice(
        config: Path, tmp_path: Path, milvus: MilvusClient, source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    name = unique("to_resume_restore")
    code, made, err = _cli(config, "create", "-n", name, "-c", source.name)
    assert code == 0, (made, err)
    target = unique("resume_target")
    try:
        with ServerProcess(config, tmp_path / "restore.log") as server:
            channel, stub = server.stub()
            with channel:
                started = stub.RestoreBackup(pb.RestoreBackupRequest(
                    backup_name=name, collection_renames={source.name: target},
                    restoreIndex=True, **{"async": True}))
                assert started.code == pb.Success, started.msg
                task_id = started.data.id
                record = tmp_path / "backups" / ".restore_tasks" / f"{task_id}.json"

                def imports() -> dict[str, list[int]]:
                    tree = json.loads(record.read_text())
                    [coll] = tree["ledger"]["collections"].values()
                    return dict(coll["imports"])

                # One import at a time: a second with its ID recorded means the first is done.
                wait_for(lambda: record.exists()
                         and sum(1 for ids in imports().values() if ids) >= 2,
                         timeout=120, what="two imports recorded")
                server.kill()
        before = imports()
        assert milvus.has_collection(target)  # killed midway: left for the resume

        code, result, err = _cli(config, "resume", "--id", task_id)
        assert code == 0, (result, err)
        assert result["state"] == "success", result
        after = imports()
        # The recorded imports were waited on, not submitted again.
        assert all(after[key] == ids for key, ids in before.items() if ids)
        milvus.load_collection(target)
        ids = _ids(milvus, target)
        assert len(ids) == len(set(ids)), "a primary key was imported twice"
        assert len(ids) == source.rows - len(source.deleted)
        assert not set(source.deleted) & set(ids)
        milvus.load_collection(source.name)
        comparison = compare_collections(milvus, source.name, target, check_indexes=False)
        assert comparison.differences == [], comparison.differences
    finally:
        milvus.drop_collection(target)


def test_a_restore_run_by_a_server_is_cancelled_from_another_process(
        config: Path, tmp_path: Path, milvus: MilvusClient, source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    name = unique("cancel_restore_elsewhere")
    code, made, err = _cli(config, "create", "-n", name, "-c", source.name)
    assert code == 0, (made, err)
    target = unique("cancelled_target")
    # Staged restores copy each binlog first: slowed, the restore lasts several seconds.
    with ServerProcess(config, tmp_path / "cancel.log", env=SLOW,
                       global_args=["--set", "minio.crossStorage=true"]) as server:
        channel, stub = server.stub()
        with channel:
            started = stub.RestoreBackup(pb.RestoreBackupRequest(
                backup_name=name, collection_renames={source.name: target},
                **{"async": True}))
            assert started.code == pb.Success, started.msg
            task_id = started.data.id
            wait_for(lambda: milvus.has_collection(target), timeout=60,
                     what="the target created")
            # This test process is another one: it knows the task from its record only.
            elsewhere = BackupService(load_config(config, env={}))
            asked = time.monotonic()
            view = elsewhere.cancel(task_id=task_id)
            took = time.monotonic() - asked
            assert view.state is TaskState.CANCELLED, view
            assert took < 5 + 1, f"cancel took {took:.1f}s"
            got = stub.GetRestore(pb.GetRestoreStateRequest(id=task_id))
            assert got.data.state_code == pb.FAIL and "cancelled" in got.data.errorMessage
    assert not milvus.has_collection(target)  # created by the restore: dropped
    assert milvus.has_collection(source.name)  # there before: kept


def test_a_backup_to_s3_killed_mid_copy_is_resumed_by_the_cli(
        config: Path, tmp_path: Path, s3_server: Any, source: SampleCollection,
        unique: Callable[[str], str]) -> None:
    # Backup storage on moto: the takeover is an If-Match write on the record's ETag.
    bucket = s3_server.new_bucket("resume")
    overrides = [f"--set={k}={v}" for k, v in s3_server.settings(bucket, side="backup").items()]
    overrides.append("--set=minio.backupRootPath=shared")
    name = unique("resumed_s3")

    def copied() -> list[str]:
        listed = s3_server.client().list_objects_v2(Bucket=bucket, Prefix=f"shared/{name}/binlogs/")
        return [k["Key"] for k in listed.get("Contents", [])]

    with ServerProcess(config, tmp_path / "s3.log", env=SLOW, global_args=overrides) as server:
        channel, stub = server.stub()
        with channel:
            started = stub.CreateBackup(pb.CreateBackupRequest(
                backup_name=name, collection_names=[source.name], **{"async": True}))
            assert started.code == pb.Success, started.msg
            wait_for(lambda: len(copied()) >= 3, timeout=60, what="3 objects copied")
            server.kill()
    landed = len(copied())

    code, result, err = _cli(config, *overrides, "resume", "-n", name)
    assert code == 0, (result, err)
    assert result["state"] == "success", result
    assert len(copied()) > landed
    code, report, err = _cli(config, *overrides, "verify", "-n", name, "--deep")
    assert code == 0 and report["ok"], (report, err)
