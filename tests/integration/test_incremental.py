"""Incremental backups on the session's Milvus, into local storage and into S3 (moto).

The story of issue 11: a full b1; rows inserted and deleted, flushed; incremental b2 (copies
only what changed); incremental b3 of the unchanged collection (copies nothing); b1 and b2
deleted (their objects b3 references stay, the rest goes); b3 verifies deep and restores
equal to the source at b3's time with its indexes; its materialized copy holds every object
itself and restores the same rows. Then a delete that races an incremental create.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import NotFoundError, RequestError
from milvus_backup_grpc.layout.manifest import read_manifest
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.transfer import COPY_DELAY_ENV
from milvus_backup_grpc.testing.compare import compare_snapshots, read_snapshot
from milvus_backup_grpc.testing.sample import DIM, create_sample_collection
from tests.fixtures.s3_server import ExternalS3
from tests.integration.test_rest import call


def _service(milvus_server: Any, **backup_side: str) -> BackupService:
    return BackupService(
        load_config(
            None,
            env={},
            overrides={
                "milvus.address": milvus_server.host,
                "milvus.port": str(milvus_server.port),
                "minio.storageType": "local",
                "minio.rootPath": str(milvus_server.local_storage_path),
                "backup.importPollSeconds": "0.5",
                **backup_side,
            },
        )
    )


@pytest.fixture(params=["local", "s3"])
def store(
    request: pytest.FixtureRequest, milvus_server: Any, tmp_path: Path
) -> Iterator[BackupService]:
    """A backup service with a root of its own, in a local directory or in a moto bucket."""
    if request.param == "local":
        # References, as on S3: hard links on local storage are tested in
        # test_incremental_links.py.
        service = _service(
            milvus_server,
            **{"minio.backupRootPath": str(tmp_path / "vault"), "backup.localHardLinks": "false"},
        )
    else:
        s3: ExternalS3 = request.getfixturevalue("s3_server")
        bucket = s3.new_bucket("incr")
        service = _service(
            milvus_server, **s3.settings(bucket, side="backup"), **{"minio.backupRootPath": "vault"}
        )
    try:
        yield service
    finally:
        service.close()


def _create(service: BackupService, name: str, coll: str, incremental: bool = True) -> Any:
    info = service.create_backup(
        model.CreateBackupInput(name=name, selection={"default": [coll]}, incremental=incremental)
    )
    assert info.state_code == model.BACKUP_SUCCESS, info.errorMessage
    return info


def _own_binlog_bytes(service: BackupService, name: str) -> int:
    """Bytes of binlogs stored in the backup's own directory (what its create copied)."""
    layout = service.catalog().layout(name)
    return sum(o.size for o in service.backup_storage.list_objects(layout.dir + "binlogs/"))


def _stored_bytes(service: BackupService) -> int:
    root = service.catalog().root
    prefix = root.rstrip("/") + "/"
    return sum(o.size for o in service.backup_storage.list_objects(prefix))


def _add_rows(milvus: MilvusClient, coll: str, start: int, count: int) -> None:
    rng = random.Random(start)
    milvus.insert(
        coll,
        [
            {
                "id": i,
                "vec": [rng.uniform(-1, 1) for _ in range(DIM)],
                "title": f"new-{i}",
                "score": rng.random(),
                "rank": i,
                "flag": False,
                "meta": {"added": True},
            }
            for i in range(start, start + count)
        ],
    )


def _restored_equals(
    service: BackupService, milvus: MilvusClient, name: str, expected: Any, target: str
) -> None:
    restored = service.restore_backup(
        model.RestoreInput(
            backup_name=name,
            renames={f"default.{expected.name}": f"default.{target}"},
            restore_index=True,
        )
    )
    assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
    try:
        milvus.load_collection(target)
        comparison = compare_snapshots(expected, read_snapshot(milvus, target))
        assert comparison.equal, comparison.differences
    finally:
        milvus.drop_collection(target)


def test_incremental_chain_restores_after_its_bases_are_deleted(
    store: BackupService, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    coll = unique("incr_src")
    create_sample_collection(milvus, coll, rows=300)
    milvus.load_collection(coll)
    try:
        b1, b2, b3 = unique("b1"), unique("b2"), unique("b3")
        full = _create(store, b1, coll, incremental=False)
        assert not full.incremental and not full.depends_on
        first_bytes = _own_binlog_bytes(store, b1)
        assert first_bytes > 0

        _add_rows(milvus, coll, 300, 30)
        gone = [3, 150, 301]
        milvus.delete(coll, ids=gone)
        milvus.flush(coll)

        second = _create(store, b2, coll)
        assert second.incremental and second.depends_on == [b1]
        copied = _own_binlog_bytes(store, b2)
        assert 0 < copied < first_bytes  # the new rows' and deletes' binlogs only

        third = _create(store, b3, coll)  # nothing changed since b2
        assert _own_binlog_bytes(store, b3) == 0
        assert third.incremental and set(third.depends_on) <= {b1, b2}
        expected = read_snapshot(milvus, coll)
        assert not {3, 150, 301} & {pk for _, pk in expected.rows}

        listed = {b.name: b for b in store.list_backups()}
        assert listed[b3].incremental and listed[b3].depends_on == third.depends_on
        assert not listed[b1].incremental

        before = _stored_bytes(store)
        freed = store.delete_backup(b1) + store.delete_backup(b2)
        assert freed == before - _stored_bytes(store)  # what the deletes say they freed
        assert freed < before
        with pytest.raises(NotFoundError):
            store.get_backup(b1)
        assert {b.name for b in store.list_backups()} == {b3}

        report = store.verify_backup(b3, deep=True)
        assert report.ok and report.referenced > 0, report.summary()
        _restored_equals(store, milvus, b3, expected, unique("incr_b3"))

        copy = store.materialize_backup(b3)
        assert copy.name == f"{b3}_full" and not copy.incremental and not copy.depends_on
        entries = read_manifest(store.backup_storage, store.catalog().layout(copy.name))
        assert entries and not any(e.owner for e in entries)
        assert store.verify_backup(copy.name, deep=True).ok
        if store.config.backup_storage.storage_type == "local":
            # Restoring the copy takes the path of any full backup: once is enough.
            _restored_equals(store, milvus, copy.name, expected, unique("incr_full"))

        # Deleting the last backup that referenced b1's and b2's remains sweeps them too.
        before = _stored_bytes(store)
        assert store.delete_backup(b3) == before - _stored_bytes(store)
        root = store.catalog()
        assert root.names() == [copy.name]
        assert store.verify_backup(copy.name).ok
    finally:
        milvus.drop_collection(coll)


def test_incremental_refuses_bad_requests(
    store: BackupService, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    with pytest.raises(RequestError, match="incremental"):
        store.create_backup(model.CreateBackupInput(name=unique("x"), base_backup_name="b"))
    coll = unique("incr_bad")
    create_sample_collection(milvus, coll, rows=30)
    try:
        with pytest.raises(NotFoundError, match="base backup"):
            store.create_backup(
                model.CreateBackupInput(
                    name=unique("x"),
                    selection={"default": [coll]},
                    incremental=True,
                    base_backup_name="no_such_backup",
                )
            )
        full = _create(store, unique("full"), coll, incremental=False)
        with pytest.raises(RequestError, match="references no other backup"):
            store.materialize_backup(full.name)
        assert store.catalog().names() == [full.name]  # nothing else was written
    finally:
        milvus.drop_collection(coll)


def test_delete_racing_an_incremental_create_keeps_what_the_create_references(
    milvus_server: Any, milvus: MilvusClient, tmp_path: Path, unique: Callable[[str], str]
) -> None:
    service = _service(
        milvus_server,
        **{"minio.backupRootPath": str(tmp_path / "vault"), "backup.localHardLinks": "false"},
    )
    coll = unique("incr_race")
    create_sample_collection(milvus, coll, rows=120)
    try:
        base = _create(service, unique("base"), coll, incremental=False)
        base_binlogs = _own_binlog_bytes(service, base.name)
        _add_rows(milvus, coll, 1000, 20)
        milvus.flush(coll)

        # The create pins its references, then copies slowly; the delete of its base comes
        # while it copies, and must leave every object the create references.
        os.environ[COPY_DELAY_ENV] = "0.3"
        try:
            name = unique("incr")
            started = service.create_backup(
                model.CreateBackupInput(
                    name=name, selection={"default": [coll]}, incremental=True, run_async=True
                )
            )
            task = service.tasks.backup_by_id(started.id)
            deadline = time.monotonic() + 60
            while task.phase != "copying binlogs" and time.monotonic() < deadline:
                time.sleep(0.05)
            assert task.phase == "copying binlogs"
            freed = service.delete_backup(base.name)
            while task.running and time.monotonic() < deadline + 60:
                time.sleep(0.1)
        finally:
            del os.environ[COPY_DELAY_ENV]
        assert task.state == model.BACKUP_SUCCESS, task.error
        info = service.get_backup(name)
        assert info.depends_on == [base.name]
        # The metadata went; the binlogs the create references (all of them: nothing of the
        # base changed) stayed.
        assert freed > 0 and _own_binlog_bytes(service, base.name) == base_binlogs
        # Every object it references is there, with the bytes recorded.
        assert service.verify_backup(name, deep=True).ok

        # Deletes and creates started together, many times: whatever the interleaving, the
        # create never references a removed object.
        for round_ in range(2):
            victim = _create(service, unique(f"victim{round_}"), coll, incremental=False)
            made: list[str] = []
            errors: list[BaseException] = []

            def create(made: list[str] = made, errors: list[BaseException] = errors) -> None:
                try:
                    made.append(_create(service, unique("racer"), coll).name)
                except BaseException as exc:  # reported below
                    errors.append(exc)

            racer = threading.Thread(target=create)
            racer.start()
            service.delete_backup(victim.name)
            racer.join(120)
            assert not errors, errors
            assert service.verify_backup(made[0]).ok
    finally:
        milvus.drop_collection(coll)


def test_incremental_through_grpc_rest_and_cli(
    stub: Any,
    rest_server: Any,
    cli: Callable[..., tuple[int, str]],
    milvus: MilvusClient,
    unique: Callable[[str], str],
) -> None:
    import json

    coll = unique("incr_doors")
    create_sample_collection(milvus, coll, rows=60)
    try:
        full, incr = unique("door_full"), unique("door_incr")
        code, _ = cli("create", "-n", full, "-c", coll)
        assert code == 0
        # The shared server keeps backups on local storage: the unchanged objects are
        # hard-linked, so the incremental backup depends on nothing.
        response = stub.CreateBackup(
            pb.CreateBackupRequest(
                backup_name=incr, collection_names=[coll], incremental=True, base_backup_name=full
            )
        )
        assert response.code == pb.Success, response.msg
        assert response.data.incremental and list(response.data.depends_on) == []
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=incr))
        assert got.data.incremental and list(got.data.depends_on) == []

        # REST takes the same fields, and DELETE answers the bytes freed.
        rest_name = unique("door_rest")
        answer = call(
            rest_server.url,
            "POST",
            "/create",
            body={
                "backup_name": rest_name,
                "collection_names": [coll],
                "incremental": True,
                "base_backup_name": full,
            },
        ).json
        assert answer.get("code", 0) == 0 and answer["msg"] == "success", answer
        assert answer["data"]["incremental"] is True and not answer["data"].get("depends_on")
        answer = call(rest_server.url, "DELETE", "/delete", query={"backup_name": rest_name}).json
        assert answer.get("code", 0) == 0 and answer["freed_bytes"] > 0, answer

        # With hard links off, the CLI's incremental backup references its base.
        refs = unique("door_refs")
        code, out = cli(
            "--set", "backup.localHardLinks=false", "create", "-n", refs, "-c", coll,
            "--base", full,
        )
        assert code == 0, out
        code, out = cli("list")
        assert code == 0 and f"{refs}\tBACKUP_SUCCESS" in out and f"incremental on {full}" in out
        assert f"{incr}\tBACKUP_SUCCESS" in out and "incremental, self-contained" in out
        code, out = cli("get", "-n", refs, "--text")
        assert code == 0 and f"incremental: references objects of {full}" in out
        code, out = cli("get", "-n", incr, "--text")
        assert code == 0 and "incremental: self-contained" in out
        code, out = cli("materialize", "-n", refs, "--new-name", f"{refs}_copy")
        assert code == 0 and f"materialized as {refs}_copy" in out
        code, out = cli("--json", "delete", "-n", full)
        assert code == 0
        assert json.loads(out)["freed_bytes"] > 0
        for name in (incr, refs):
            deleted = stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name))
            assert deleted.code == pb.Success and deleted.freed_bytes > 0
        code, out = cli("verify", "--deep", "-n", f"{refs}_copy")
        assert code == 0, out
        stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=f"{refs}_copy"))
    finally:
        milvus.drop_collection(coll)
