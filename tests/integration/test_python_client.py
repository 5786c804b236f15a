"""The Python client (milvus_backup_grpc.client) against the live gRPC service."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import grpc
import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import RunningServer
from milvus_backup_grpc.client import (
    BackupClient,
    BackupClientError,
    InvalidRequest,
    NotFound,
    TransportError,
)
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection


@pytest.fixture
def client(backup_server: RunningServer) -> Iterator[BackupClient]:
    with BackupClient(f"127.0.0.1:{backup_server.port}", timeout=120, poll_interval=0.2) as c:
        yield c


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> SampleCollection:
    return create_sample_collection(milvus, unique("pyclient"), rows=900)


def test_full_cycle_create_list_get_restore_delete(
    client: BackupClient,
    milvus: MilvusClient,
    sample: SampleCollection,
    unique: Callable[[str], str],
) -> None:
    name = unique("py_cycle")
    backup_progress: list[int] = []
    created = client.create_backup(
        name, collections=[sample.name], on_progress=backup_progress.append, wait_timeout=300
    )
    assert created.name == name
    assert created.state_code == pb.BACKUP_SUCCESS and created.progress == 100
    assert [c.collection_name for c in created.collection_backups] == [sample.name]
    assert backup_progress[-1] == 100
    assert backup_progress == sorted(set(backup_progress))

    assert name in [b.name for b in client.list_backups()]
    assert [b.name for b in client.list_backups(collection=sample.name)] == [name]

    info = client.get_backup(name)
    [coll] = info.collection_backups
    assert {p.partition_name for p in coll.partition_backups} == {"_default", "p_2024", "p_2025"}
    assert coll.has_index and info.size > 0

    percents: list[int] = []
    task = client.restore(
        name, suffix="_py", restore_index=True, on_progress=percents.append, wait_timeout=300
    )
    assert task.state_code == pb.SUCCESS and task.progress == 100
    target = sample.name + "_py"
    assert [t.target_collection_name for t in task.collection_restore_tasks] == [target]
    assert percents, "on_progress was never called"
    assert percents[-1] == 100
    assert all(a < b for a, b in zip(percents, percents[1:], strict=False)), percents
    assert client.get_restore(task.id).state_code == pb.SUCCESS

    milvus.load_collection(sample.name)
    milvus.load_collection(target)
    compared = compare_collections(milvus, sample.name, target)
    assert compared.equal, compared.differences
    assert compared.rows == sample.rows - len(sample.deleted)
    assert milvus.describe_index(target, "vec")["index_type"] == "IVF_FLAT"
    milvus.drop_collection(target)

    client.delete_backup(name)
    with pytest.raises(NotFound) as gone:
        client.get_backup(name)
    assert gone.value.code == pb.Request_Object_Not_Found
    assert name in gone.value.msg
    with pytest.raises(NotFound):
        client.delete_backup(name)


def test_restore_without_waiting_then_wait_restore(
    client: BackupClient,
    milvus: MilvusClient,
    sample: SampleCollection,
    unique: Callable[[str], str],
) -> None:
    name = unique("py_nowait")
    started = client.create_backup(name, db_collections={"default": [sample.name]}, wait=False)
    assert started.name == name
    assert started.state_code in (pb.BACKUP_INITIAL, pb.BACKUP_EXECUTING, pb.BACKUP_SUCCESS)
    assert client.wait_backup(name, timeout=300).state_code == pb.BACKUP_SUCCESS

    target = unique("py_renamed")
    task = client.restore(name, renames={sample.name: target}, meta_only=True, wait=False)
    assert task.id
    done = client.wait_restore(task.id, timeout=300)
    assert done.state_code == pb.SUCCESS
    assert milvus.has_collection(target)
    milvus.drop_collection(target)

    with pytest.raises(InvalidRequest) as refused:  # the original still exists
        client.restore(name)
    assert refused.value.code == pb.Parameter_Error and "already exists" in refused.value.msg
    client.delete_backup(name)


def test_refusals_raise_typed_errors(client: BackupClient, unique: Callable[[str], str]) -> None:
    with pytest.raises(InvalidRequest) as bad:
        client.create_backup("bad-name!")
    assert bad.value.code == pb.Parameter_Error
    assert "bad-name!" in bad.value.msg and isinstance(bad.value, BackupClientError)
    with pytest.raises(InvalidRequest):
        client.get_backup("../etc")
    with pytest.raises(NotFound):
        client.get_restore(unique("no_such_task"))
    with pytest.raises(NotFound):
        client.restore(unique("no_such_backup"))


def test_check_names_the_milvus_version(client: BackupClient, milvus: MilvusClient) -> None:
    text = client.check()
    assert f"version {milvus.get_server_version()}" in text


def test_an_unreachable_server_is_a_transport_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with (
            BackupClient(f"127.0.0.1:{port}", timeout=2) as client,
            pytest.raises(TransportError) as failed,
        ):
            client.list_backups()
    assert failed.value.status in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
    assert f"127.0.0.1:{port}" in failed.value.msg
