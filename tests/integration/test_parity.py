"""Upstream's newer request forms on the session's Milvus: filters (``db.*`` at backup,
``db.coll:partition`` at restore), per-collection overrides, ``rebuild_index``, the REST
shapes of both settings, and the upstream flags of the command line."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.config import Config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.client_tools import output_of, run_binary, run_go

GO_MODULE = Path(__file__).resolve().parents[1] / "go_upstream_client"

Stub = Any


@pytest.fixture(scope="module")
def source_db(milvus_server: Any) -> Iterator[tuple[str, MilvusClient]]:
    """A database of two small collections, and a client of it."""
    name = "parity_src"
    admin = MilvusClient(uri=f"http://{milvus_server.address}")
    if name not in admin.list_databases():
        admin.create_database(name)
    client = MilvusClient(uri=f"http://{milvus_server.address}", db_name=name)
    for coll in ("orders", "notes"):
        if not client.has_collection(coll):
            create_sample_collection(client, coll, rows=300)
    yield name, client
    client.close()
    admin.close()


@pytest.fixture(scope="module")
def db_backup(stub: Stub, source_db: tuple[str, MilvusClient]) -> str:
    """A backup made with upstream's filter ``db.*``."""
    db, _ = source_db
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name="parity_db_star", filter=f"{db}.*", strategy="serial_flush"))
    assert created.code == pb.Success, created.msg
    assert {(c.db_name, c.collection_name) for c in created.data.collection_backups} == {
        (db, "orders"), (db, "notes")}
    return created.data.name


def _count(client: MilvusClient, name: str, partitions: list[str] | None = None) -> int:
    client.load_collection(name)
    found = client.query(name, filter="", output_fields=["count(*)"],
                         partition_names=partitions or [])
    return int(found[0]["count(*)"])


def test_restore_filter_takes_one_partition(
        stub: Stub, source_db: tuple[str, MilvusClient], db_backup: str) -> None:
    db, client = source_db
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=db_backup, collection_suffix="_p24",
        filter=f"{db}.orders_p24:p_2024", rebuild_index=True))
    assert restored.code == pb.Success, restored.msg
    assert [t.target_collection_name for t in restored.data.collection_restore_tasks] == [
        "orders_p24"]
    assert not client.has_collection("notes_p24")  # the filter kept only orders
    partitions = set(client.list_partitions("orders_p24"))
    assert partitions == {"_default", "p_2024"}
    expected = _count(client, "orders", ["p_2024"])
    assert expected > 0
    assert _count(client, "orders_p24") == _count(client, "orders_p24", ["p_2024"]) == expected
    assert client.list_indexes("orders_p24")  # rebuild_index recreated the vector index


def test_restore_refuses_a_partition_the_backup_lacks(
        stub: Stub, source_db: tuple[str, MilvusClient], db_backup: str) -> None:
    db, client = source_db
    refused = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=db_backup, collection_suffix="_nope", filter=f"{db}.orders_nope:p_1999"))
    assert refused.code == pb.Parameter_Error
    assert "p_1999" in refused.msg and "p_2024" in refused.msg
    assert not client.has_collection("orders_nope")


def test_overrides_set_shards_and_description(
        rest_server: RunningRestServer, source_db: tuple[str, MilvusClient],
        db_backup: str) -> None:
    db, client = source_db
    body = {"backup_name": db_backup, "collection_suffix": "_ovr", "metaOnly": True,
            "filter": f"{db}.notes_ovr",
            "overrides": {f"{db}.notes": {"shardNum": 3, "description": "moved here"}}}
    answer = _post(rest_server.url + "/restore", body)
    assert "code" not in answer, answer
    assert answer["data"]["to_restore_size"] == 0  # meta only: nothing to import
    described = client.describe_collection("notes_ovr")
    assert described["num_shards"] == 3
    assert described["description"] == "moved here"
    assert client.describe_collection("notes")["num_shards"] != 3


def test_override_of_a_collection_not_restored_is_refused(
        stub: Stub, source_db: tuple[str, MilvusClient], db_backup: str) -> None:
    db, client = source_db
    refused = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=db_backup, collection_suffix="_stray", metaOnly=True,
        filter=f"{db}.notes_stray",
        overrides={f"{db}.orders": pb.RestoreCollectionOverride(shardNum=2)}))
    assert refused.code == pb.Parameter_Error
    assert f"override {db}.orders names no collection" in refused.msg
    assert not client.has_collection("notes_stray")


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return dict(json.loads(response.read()))


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return dict(json.loads(response.read()))


@pytest.fixture(scope="module")
def v059_rest(service_config: Config) -> Iterator[RunningRestServer]:
    """A REST server answering in upstream v0.5.9's shapes (server.rest.shapes: v0.5.9)."""
    config = replace(service_config, server=replace(service_config.server, rest_shapes="v0.5.9"))
    service = BackupService(config)
    running = start_rest_server(service, port=0, host="127.0.0.1")
    try:
        yield running
    finally:
        running.stop(grace=5)
        service.close()


def test_rest_shapes_in_both_settings(
        rest_server: RunningRestServer, v059_rest: RunningRestServer, db_backup: str) -> None:
    newest = _get(f"{rest_server.url}/get_backup?backup_name={db_backup}")
    assert newest["requestId"]  # made up, as upstream's get_backup does: none was given
    colls = newest["data"]["collection_backups"]
    assert {c["collection_name"] for c in colls} == {"orders", "notes"}
    assert all("partition_backups" not in c for c in colls)  # a BackupInfoBrief
    [summary] = [b for b in _get(f"{rest_server.url}/list")["data"] if b["name"] == db_backup]
    assert set(summary) == {"id", "name", "size", "milvus_version"}

    old = _get(f"{v059_rest.url}/get_backup?backup_name={db_backup}")
    assert "requestId" not in old
    assert all(c["partition_backups"] for c in old["data"]["collection_backups"])
    [full] = [b for b in _get(f"{v059_rest.url}/list")["data"] if b["name"] == db_backup]
    assert {c["collection_name"] for c in full["collection_backups"]} == {"orders", "notes"}


def test_cli_upstream_flags(
        cli: Callable[..., tuple[int, str]], source_db: tuple[str, MilvusClient],
        db_backup: str) -> None:
    db, client = source_db
    code, out = cli("--json", "create", "-n", "parity_cli_meta", "--filter", f"{db}.notes",
                    "--strategy", "meta_only")
    assert code == 0, out
    created = json.loads(out)
    assert [c["collection_name"] for c in created["collection_backups"]] == ["notes"]
    assert all(s["num_of_rows"] == 0 for c in created["collection_backups"]
               for p in c.get("partition_backups", []) for s in p.get("segment_backups", []))

    code, out = cli("get", "-n", "parity_cli_meta")  # JSON by default, as upstream's get
    assert code == 0 and json.loads(out)["name"] == "parity_cli_meta"

    code, out = cli("--json", "create", "-n", "parity_cli_bulk", "--filter", f"{db}.notes",
                    "--strategy", "bulk_flush")
    assert code == 3
    assert "only since 2.6.11" in json.loads(out)["error"]["message"]

    code, out = cli("restore", "-n", db_backup, "-s", "_cli", "--meta_only", "--rebuild_index",
                    "--filter", f"{db}.orders_cli",
                    "--override", json.dumps({f"{db}.orders": {"shardNum": 2}}))
    assert code == 0, out
    assert client.describe_collection("orders_cli")["num_shards"] == 2
    assert client.list_indexes("orders_cli")

    code, out = cli("--json", "restore", "-n", db_backup, "-s", "_v2", "--use_v2_restore")
    assert code == 3
    # Upstream's multi-segment import is what every restore into 2.4+ does; 2.3 has none.
    assert "needs Milvus 2.4 or later" in json.loads(out)["error"]["message"]
    assert not client.has_collection("orders_v2")


@pytest.mark.slow
def test_upstream_go_types_decode_both_shapes(
        rest_server: RunningRestServer, v059_rest: RunningRestServer, db_backup: str,
        source_db: tuple[str, MilvusClient], tmp_path: Path) -> None:
    """Go's encoding/json into upstream v0.5.16's backuppb types reads names in both settings."""
    binary = tmp_path / "restdecode"
    built = run_go(["build", "-o", str(binary), "./restdecode"], cwd=GO_MODULE)
    assert built.returncode == 0, f"go build failed:\n{output_of(built)}"
    db, _ = source_db
    for server, made_up_id in ((rest_server, True), (v059_rest, False)):
        run = run_binary(binary, "-url", server.url, "-backup", db_backup)
        assert run.returncode == 0, output_of(run)
        decoded = json.loads(run.stdout)
        assert decoded["name"] == db_backup and decoded["state_code"] == 2
        assert decoded["size"] > 0
        assert sorted(decoded["collections"]) == [f"{db}.notes", f"{db}.orders"]
        assert db_backup in decoded["listed"] and "" not in decoded["listed"]
        assert bool(decoded["request_id"]) is made_up_id


def test_rest_create_with_upstreams_filter_map_and_strategy(
        rest_server: RunningRestServer, source_db: tuple[str, MilvusClient]) -> None:
    db, _ = source_db
    answer = _post(rest_server.url + "/create", {
        "backup_name": "parity_rest_map", "filter": {db: {"colls": ["notes"]}},
        "strategy": "meta_only"})
    assert "code" not in answer, answer
    assert [(c["db_name"], c["collection_name"]) for c in answer["data"]["collection_backups"]] \
        == [(db, "notes")]
    assert answer["data"]["size"] == 0  # meta_only: no binlog copied
