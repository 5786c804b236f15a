"""Storage faults: backups and restores through a fault-injecting proxy in front of S3.

The service's backup storage is the session's S3 endpoint seen through ``FaultProxy``;
Milvus keeps its local storage, so every binlog streams through the proxy: out of Milvus
into the backup on the way in, and back into Milvus's storage (staged) on the way out.

- At low rates every kind of fault (500, 503, SlowDown, resets before an answer and in the
  middle of a body, delays) is ridden out, and the restored rows equal the original.
- A store that keeps failing makes the backup fail with a message naming the object, the
  store and the attempts; the backup never reads as complete, and its name stays usable.
- A restore whose binlogs cannot be read fails, and leaves neither a half-restored
  collection nor staged files behind; a collection it was to replace is left untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.base import ObjectStorage
from milvus_backup_grpc.storage.factory import open_storage
from milvus_backup_grpc.storage.s3 import S3Storage
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.fixtures import fault_proxy as faults
from tests.fixtures.fault_proxy import FaultProxy, FaultRates, Selector
from tests.fixtures.s3_server import ExternalS3
from tests.integration.client_tools import count_rows
from tests.integration.service_tools import local_milvus_settings, serving, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = "backup"  # minio.backupRootPath in the bucket
SEED = 6  # the proxy's draws; any seed works, a fixed one makes a failure reproducible
# About one request in four is faulted (truncate hits GETs only): low enough that ten
# retries always get through, high enough that each kind happens within one round trip.
LOW_RATES = FaultRates(
    error_500=0.03, error_503=0.03, slow_down=0.04, reset=0.04, truncate=0.10, delay=0.05
)
# With a store that never recovers, waiting out ten retries proves nothing more than two.
FEW_ATTEMPTS = 2

Stub = Any


def _puts(fragment: str) -> Selector:
    return lambda method, path: method == "PUT" and fragment in path


def _gets(fragment: str) -> Selector:
    return lambda method, path: method == "GET" and fragment in path


@pytest.fixture(scope="module")
def sample(milvus: MilvusClient) -> SampleCollection:
    created = create_sample_collection(milvus, "storage_faults_source", rows=600)
    milvus.load_collection(created.name)
    return created


@pytest.fixture
def proxy(s3_server: ExternalS3) -> Iterator[FaultProxy]:
    with FaultProxy(s3_server.endpoint, seed=SEED) as running:
        yield running


@pytest.fixture
def service_through(
    proxy: FaultProxy, s3_server: ExternalS3, s3_bucket: str, milvus_server: Any
) -> Iterator[Callable[..., BackupService]]:
    """Build a BackupService whose backup storage is ``s3_bucket`` behind the proxy."""
    made: list[BackupService] = []

    def make(max_attempts: int | None = None) -> BackupService:
        overrides = {
            **local_milvus_settings(milvus_server),
            **s3_server.settings(s3_bucket, side="backup"),
            "minio.backupAddress": "127.0.0.1",
            "minio.backupPort": str(proxy.port),
            "minio.backupRootPath": ROOT,
        }

        def storage(config: StorageConfig) -> ObjectStorage:
            if max_attempts is not None and config.storage_type != "local":
                return S3Storage(config, max_attempts=max_attempts)
            return open_storage(config)

        service = BackupService(
            load_config(None, env={}, overrides=overrides), storage_factory=storage
        )
        made.append(service)
        return service

    yield make
    for service in made:
        service.close(wait=30)


@pytest.fixture
def dropped(milvus: MilvusClient) -> Iterator[list[str]]:
    """Collections a test restores into, dropped after it whatever happened."""
    names: list[str] = []
    yield names
    for name in names:
        if milvus.has_collection(name):
            milvus.drop_collection(name)


def _keys(s3_server: ExternalS3, bucket: str, prefix: str) -> list[str]:
    pages = s3_server.client().get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix)
    return [obj["Key"] for page in pages for obj in page.get("Contents", [])]


def _staged(milvus_server: Any) -> list[Path]:
    return list(Path(milvus_server.local_storage_path).glob("restore-temp-*"))


def _listed(stub: Stub, name: str) -> list[int]:
    response = stub.ListBackups(pb.ListBackupsRequest())
    assert response.code == pb.Success, response.msg
    return [b.state_code for b in response.data if b.name == name]


def test_transient_faults_at_low_rates_are_ridden_out(
    service_through: Callable[..., BackupService], proxy: FaultProxy, milvus: MilvusClient,
    sample: SampleCollection, dropped: list[str], milvus_server: Any, unique: Any,
) -> None:
    name = unique("through_faults")
    target = f"{sample.name}_{name}"
    dropped.append(target)
    proxy.set_faults(LOW_RATES)
    with serving(service_through()) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert created.code == pb.Success, created.msg
        assert created.data.state_code == pb.BACKUP_SUCCESS
        restored = stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=name, collection_suffix=f"_{name}", restoreIndex=True), timeout=240)
        assert restored.code == pb.Success, restored.msg
        assert restored.data.state_code == pb.SUCCESS

    injected = proxy.counts()
    kinds = (faults.ERROR_500, faults.ERROR_503, faults.SLOW_DOWN, faults.RESET,
             faults.TRUNCATE, faults.DELAY)
    assert all(injected[kind] > 0 for kind in kinds), injected  # every kind really happened
    milvus.load_collection(target)
    comparison = compare_collections(milvus, sample.name, target)
    assert comparison.equal, comparison.differences
    assert comparison.rows == sample.rows - len(sample.deleted)
    assert _staged(milvus_server) == []


@pytest.mark.parametrize(
    ("kind", "only", "what"),
    [
        (faults.ERROR_503, _puts("/binlogs/"), "/binlogs/"),
        (faults.ERROR_500, _puts("/meta/full_meta.json"), "full_meta.json"),
        (faults.SLOW_DOWN, _puts("/binlogs/delta_log/"), "/binlogs/delta_log/"),
    ],
    ids=["binlog-writes-503", "full-meta-write-500", "deltalog-writes-slowdown"],
)
def test_a_store_that_keeps_failing_fails_the_backup_cleanly(
    service_through: Callable[..., BackupService], proxy: FaultProxy, s3_server: ExternalS3,
    s3_bucket: str, sample: SampleCollection, unique: Any, kind: str, only: Selector,
    what: str,
) -> None:
    name = unique("failing_store")
    proxy.set_faults(FaultRates.always(kind), only=only)
    with serving(service_through(max_attempts=FEW_ATTEMPTS)) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert proxy.counts()[kind] > 0
        assert created.code == pb.Fail
        # What failed, where, and that it was retried before giving up.
        assert f"cannot write '{ROOT}/{name}/" in created.msg and what in created.msg
        assert f"s3://{s3_bucket}@" in created.msg
        assert f"gave up after {FEW_ATTEMPTS + 1} attempts" in created.msg
        assert f"{ROOT}/{name}/meta/full_meta.json" not in _keys(s3_server, s3_bucket, ROOT)

        for _ in ("while the store still fails", "once it works again"):
            got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
            assert got.code == pb.Success, got.msg
            assert got.data.state_code == pb.BACKUP_FAIL
            assert got.data.errorMessage == created.msg
            assert _listed(stub, name) == [pb.BACKUP_FAIL]
            proxy.set_faults(None)

        assert stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=name)).code == pb.Success
        assert _keys(s3_server, s3_bucket, f"{ROOT}/{name}/") == []


def test_a_failed_first_write_leaves_the_name_free(
    service_through: Callable[..., BackupService], proxy: FaultProxy, s3_server: ExternalS3,
    s3_bucket: str, sample: SampleCollection, unique: Any,
) -> None:
    name = unique("unrecorded")
    proxy.set_faults(FaultRates.always(faults.RESET), only=_puts("/backup_task.json"))
    with serving(service_through(max_attempts=FEW_ATTEMPTS)) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert created.code == pb.Fail
        assert f"{ROOT}/{name}/backup_task.json" in created.msg
        assert _keys(s3_server, s3_bucket, f"{ROOT}/{name}/") == []
        # Nothing was stored, so there is no backup, and nothing claims to be writing one.
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        assert got.code == pb.Request_Object_Not_Found, got.msg
        assert _listed(stub, name) == []

        proxy.set_faults(None)
        again = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert again.code == pb.Success, again.msg


def test_a_failure_that_cannot_be_recorded_is_still_reported(
    service_through: Callable[..., BackupService], proxy: FaultProxy, sample: SampleCollection,
    unique: Any,
) -> None:
    name = unique("unrecorded_failure")
    copying = False

    def binlogs_then_records(method: str, path: str) -> bool:
        # Binlog writes fail; once they do, so does writing the task record of the failure.
        nonlocal copying
        copying = copying or "/binlogs/" in path
        return method == "PUT" and copying

    proxy.set_faults(FaultRates.always(faults.ERROR_503), only=binlogs_then_records)
    with serving(service_through(max_attempts=FEW_ATTEMPTS)) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert created.code == pb.Fail and "/binlogs/" in created.msg
        proxy.set_faults(None)
        # The stored record still says "executing"; this process knows better than
        # "interrupted", and says why the backup failed.
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        assert got.code == pb.Success, got.msg
        assert got.data.state_code == pb.BACKUP_FAIL
        assert got.data.errorMessage == created.msg
        listed = [b for b in stub.ListBackups(pb.ListBackupsRequest()).data if b.name == name]
        assert [(b.state_code, b.errorMessage) for b in listed] == [(pb.BACKUP_FAIL, created.msg)]


def test_a_complete_backup_whose_last_record_update_fails_is_still_complete(
    service_through: Callable[..., BackupService], proxy: FaultProxy, sample: SampleCollection,
    unique: Any,
) -> None:
    name = unique("complete_unrecorded")
    complete = False

    def records_after_full_meta(method: str, path: str) -> bool:
        nonlocal complete
        complete = complete or (method == "PUT" and path.endswith("/meta/full_meta.json"))
        return complete and method == "PUT" and "/backup_task.json" in path

    proxy.set_faults(FaultRates.always(faults.ERROR_503), only=records_after_full_meta)
    with serving(service_through(max_attempts=FEW_ATTEMPTS)) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert proxy.counts()[faults.ERROR_503] > 0
        # full_meta.json landed after every binlog: the backup is whole, and says so.
        assert created.code == pb.Success, created.msg
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
        assert got.data.state_code == pb.BACKUP_SUCCESS
        assert _listed(stub, name) == [pb.BACKUP_SUCCESS]


def test_a_restore_whose_binlogs_cannot_be_read_leaves_nothing_half_done(
    service_through: Callable[..., BackupService], proxy: FaultProxy, milvus: MilvusClient,
    sample: SampleCollection, dropped: list[str], milvus_server: Any, unique: Any,
) -> None:
    name = unique("unreadable")
    fresh, existing = f"{sample.name}_{name}", unique("faults_existing")
    dropped.extend([fresh, existing])
    kept = create_sample_collection(milvus, existing, rows=60)
    with serving(service_through(max_attempts=FEW_ATTEMPTS)) as stub:
        created = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=name, collection_names=[sample.name]), timeout=240)
        assert created.code == pb.Success, created.msg
        proxy.set_faults(FaultRates.always(faults.ERROR_500), only=_gets("/binlogs/"))

        # Into a new collection: it fails, and the collection it had created is gone.
        restored = stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=name, collection_suffix=f"_{name}"), timeout=240)
        assert restored.code == pb.Fail
        assert "cannot read" in restored.msg and "/binlogs/" in restored.msg
        assert "InternalError" in restored.msg
        assert restored.data.state_code == pb.FAIL
        assert [c.state_code for c in restored.data.collection_restore_tasks] == [pb.FAIL]
        assert not milvus.has_collection(fresh)

        # Over an existing collection, asynchronously: the old one stays as it was.
        started = stub.RestoreBackup(pb.RestoreBackupRequest(
            backup_name=name, collection_renames={sample.name: existing},
            dropExistCollection=True, **{"async": True}), timeout=60)
        assert started.code == pb.Success, started.msg

        def finished() -> bool:
            state = stub.GetRestore(pb.GetRestoreStateRequest(id=started.data.id)).data
            return state.state_code in (pb.SUCCESS, pb.FAIL)

        wait_for(finished, what="the restore's end")
        state = stub.GetRestore(pb.GetRestoreStateRequest(id=started.data.id))
        assert state.code == pb.Success
        assert state.data.state_code == pb.FAIL and "/binlogs/" in state.data.errorMessage
        assert proxy.counts()[faults.ERROR_500] > 0

    assert count_rows(milvus, existing) == kept.rows - len(kept.deleted)
    assert not [c for c in milvus.list_collections() if "_restoring_" in c]
    assert _staged(milvus_server) == []
