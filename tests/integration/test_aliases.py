"""Aliases in physical backups: recorded at backup, recreated at restore (renamed with the
collection suffix), refused when taken, kept across dropExistCollection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection

Stub = Any


def _points_at(milvus: MilvusClient, alias: str) -> str:
    # DescribeCollection resolves an alias to its collection on every Milvus version.
    return str(milvus.describe_collection(alias)["collection_name"])


def _backup_with_aliases(
    stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]
) -> tuple[str, str, list[str]]:
    name = unique("aliased")
    create_sample_collection(milvus, name, rows=100)
    aliases = [f"{name}_live", f"{name}_read"]
    for alias in aliases:
        milvus.create_alias(name, alias)
    backup = unique("aliases")
    created = stub.CreateBackup(pb.CreateBackupRequest(backup_name=backup, collection_names=[name]))
    assert created.code == pb.Success, created.msg
    assert [list(c.aliases) for c in created.data.collection_backups] == [aliases]
    return name, backup, aliases


def test_restore_with_suffix_recreates_suffixed_aliases(
    stub: Stub, milvus: MilvusClient, milvus_server: Any, unique: Callable[[str], str]
) -> None:
    name, backup, aliases = _backup_with_aliases(stub, milvus, unique)

    restored = stub.RestoreBackup(
        pb.RestoreBackupRequest(backup_name=backup, collection_suffix="_copy")
    )

    assert restored.code == pb.Success, restored.msg
    assert {a: _points_at(milvus, a + "_copy") for a in aliases} == {
        a: name + "_copy" for a in aliases
    }
    assert {a: _points_at(milvus, a) for a in aliases} == {a: name for a in aliases}

    # Meta only, renamed into another database: the aliases keep their names there.
    other_db = unique("aliasdb")
    meta = stub.RestoreBackup(
        pb.RestoreBackupRequest(
            backup_name=backup, metaOnly=True, collection_renames={name: f"{other_db}.moved"}
        )
    )
    assert meta.code == pb.Success, meta.msg
    in_db = MilvusClient(
        uri=f"http://{milvus_server.host}:{milvus_server.port}", db_name=other_db,
        alias=f"tests-{other_db}",
    )
    try:
        assert sorted(in_db.describe_collection("moved")["aliases"]) == aliases
    finally:
        in_db.close()


def test_alias_in_use_refuses_the_restore_before_anything_is_created(
    stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    name, backup, aliases = _backup_with_aliases(stub, milvus, unique)
    target = unique("clash")

    refused = stub.RestoreBackup(
        pb.RestoreBackupRequest(backup_name=backup, collection_renames={name: target})
    )

    assert refused.code == pb.Parameter_Error
    assert f"default.{aliases[0]} (points at {name}" in refused.msg
    assert not milvus.has_collection(target)


def test_drop_exist_collection_keeps_the_aliases_on_the_replacement(
    stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    name, backup, aliases = _backup_with_aliases(stub, milvus, unique)
    old_id = milvus.describe_collection(name)["collection_id"]

    replaced = stub.RestoreBackup(
        pb.RestoreBackupRequest(backup_name=backup, dropExistCollection=True, metaOnly=True)
    )

    assert replaced.code == pb.Success, replaced.msg
    assert milvus.describe_collection(name)["collection_id"] != old_id
    assert {a: _points_at(milvus, a) for a in aliases} == {a: name for a in aliases}
    assert [c for c in milvus.list_collections() if c.startswith(f"{name}_")] == []
