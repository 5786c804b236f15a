"""GET /metrics on the REST listener, after real backups and restores on the session's Milvus.

Counters are process-wide (prometheus_client's default registry), so each test compares a
scrape before with one after its own work. Test files run one at a time in a pytest process,
so nothing else moves them meanwhile.

- A backup and a restore through the API: started and succeeded counted, bytes copied, one
  duration sample each, nothing left running.
- A backup whose store is full (ENOSPC on every binlog write): failed counted, and a storage
  error of kind ENOSPC.
- A request Milvus cannot answer (nobody listens): a Milvus error of kind ``unavailable``, and
  no task started.
- With a token configured, /metrics wants it, as every API route does.
"""

from __future__ import annotations

import errno
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pymilvus import MilvusClient

from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.api.security import ServerSecurity, TokenAuth
from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import StorageError
from milvus_backup_grpc.storage.base import Checksum, ObjectStorage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.service_tools import local_milvus_settings

pytestmark = pytest.mark.timeout(300)

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(rest: RunningRestServer, token: str = "") -> Samples:
    """Every sample of /metrics, keyed by name and labels."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(f"http://{rest.host}:{rest.port}/metrics", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = reply.read().decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def post(rest: RunningRestServer, path: str, body: Any) -> Any:
    request = urllib.request.Request(rest.url + path, data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.loads(reply.read())


@pytest.fixture(scope="module")
def collection(milvus: MilvusClient) -> Iterator[str]:
    sample = create_sample_collection(milvus, "metrics_src", rows=300)
    yield sample.name
    milvus.drop_collection(sample.name)


def test_a_backup_and_a_restore_are_counted_timed_and_their_bytes_added(
    rest_server: RunningRestServer, collection: str, milvus: MilvusClient,
    unique: Callable[[str], str],
) -> None:
    before = scrape(rest_server)
    name = unique("metrics_ok")
    made = post(rest_server, "/create", {"backup_name": name, "collection_names": [collection]})
    assert made.get("code", 0) == 0 and made["data"]["state_code"] == 2, made
    restored = post(rest_server, "/restore", {"backup_name": name,
                                              "collection_suffix": "_metrics"})
    assert restored.get("code", 0) == 0, restored
    assert milvus.has_collection(collection + "_metrics")
    milvus.drop_collection(collection + "_metrics")
    after = scrape(rest_server)

    for kind in ("backup", "restore"):
        assert grew(before, after, "milvus_backup_tasks_started_total", kind=kind) == 1
        assert grew(before, after, "milvus_backup_tasks_finished_total",
                    kind=kind, outcome="succeeded") == 1
        assert grew(before, after, "milvus_backup_tasks_finished_total",
                    kind=kind, outcome="failed") == 0
        assert grew(before, after, "milvus_backup_task_duration_seconds_count",
                    kind=kind, outcome="succeeded") == 1
        assert grew(before, after, "milvus_backup_task_duration_seconds_sum",
                    kind=kind, outcome="succeeded") > 0
        assert value(after, "milvus_backup_tasks_running", kind=kind) == 0
    # Every byte of the backup's binlogs was copied (and those a restore stages, when the
    # backup is where Milvus cannot read it).
    size = int(made["data"]["size"])
    assert size > 0
    assert grew(before, after, "milvus_backup_copied_bytes_total") >= size


class FullDisk(LocalStorage):
    """Local storage whose disk is full: every binlog write fails as the OS says (ENOSPC)."""

    def _refuse(self, key: str) -> None:
        if "/binlogs/" in key:
            raise StorageError(f"cannot write {key!r} in {self.description}") from OSError(
                errno.ENOSPC, "No space left on device")

    def write_stream(self, key: str, stream: BinaryIO, size: int) -> None:
        self._refuse(key)
        super().write_stream(key, stream, size)

    def copy_from(
        self,
        source: ObjectStorage,
        src_key: str,
        dst_key: str,
        size: int | None = None,
        algorithm: str | None = None,
    ) -> Checksum | None:
        self._refuse(dst_key)
        return super().copy_from(source, src_key, dst_key, size, algorithm)


@pytest.fixture(scope="module")
def full_disk_rest(
    milvus_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningRestServer]:
    root = tmp_path_factory.mktemp("metrics_full_disk")
    config = load_config(None, env={}, overrides={
        **local_milvus_settings(milvus_server), "minio.backupRootPath": str(root)})

    def storage(settings: StorageConfig) -> ObjectStorage:
        return FullDisk(".")

    service = BackupService(config, storage_factory=storage)
    rest = start_rest_server(service, port=0, host="127.0.0.1")
    try:
        yield rest
    finally:
        rest.stop(grace=5)
        service.close(wait=10)


def test_a_backup_into_a_full_disk_counts_a_failure_and_a_storage_error(
    full_disk_rest: RunningRestServer, collection: str, unique: Callable[[str], str]
) -> None:
    before = scrape(full_disk_rest)
    made = post(full_disk_rest, "/create", {"backup_name": unique("metrics_full"),
                                            "collection_names": [collection]})
    assert made["code"] == 3 and "cannot write" in made["msg"], made  # Fail
    after = scrape(full_disk_rest)
    assert grew(before, after, "milvus_backup_tasks_started_total", kind="backup") == 1
    assert grew(before, after, "milvus_backup_tasks_finished_total",
                kind="backup", outcome="failed") == 1
    assert grew(before, after, "milvus_backup_task_duration_seconds_count",
                kind="backup", outcome="failed") == 1
    assert grew(before, after, "milvus_backup_errors_total",
                component="storage", kind="ENOSPC") == 1
    assert value(after, "milvus_backup_tasks_running", kind="backup") == 0


def test_a_request_milvus_cannot_answer_counts_a_milvus_error_and_no_task(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = load_config(None, env={}, overrides={
        "milvus.address": "127.0.0.1", "milvus.port": str(port),
        "milvus.rpcTimeoutSeconds": "10", "minio.storageType": "local",
        "minio.rootPath": str(tmp_path / "milvus"), "minio.backupRootPath": str(tmp_path / "b")})
    service = BackupService(config)
    rest = start_rest_server(service, port=0, host="127.0.0.1")
    try:
        before = scrape(rest)
        made = post(rest, "/create", {"backup_name": "unreachable", "async": True})
        assert made["code"] == 3 and "unreachable" in made["msg"], made
        after = scrape(rest)
    finally:
        rest.stop(grace=5)
        service.close()
    assert grew(before, after, "milvus_backup_errors_total",
                component="milvus", kind="unavailable") == 1
    assert grew(before, after, "milvus_backup_tasks_started_total", kind="backup") == 0


def test_metrics_want_the_token_when_one_is_configured(backup_server: Any) -> None:
    guarded = start_rest_server(backup_server.service, port=0, host="127.0.0.1",
                                security=ServerSecurity(auth=TokenAuth("scrape-token")))
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            scrape(guarded)
        assert refused.value.code == 401
        samples = scrape(guarded, token="scrape-token")
        assert ("milvus_backup_tasks_running", frozenset({("kind", "backup")})) in samples
    finally:
        guarded.stop(grace=5)
