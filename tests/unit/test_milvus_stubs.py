"""Our generated Milvus stubs (milvuspb): a pool of their own, beside pymilvus, the same wire."""

from __future__ import annotations

import json
import subprocess
import sys

import grpc
import pytest

from milvus_backup_grpc.milvus.stub import SERVICE, MilvusServiceStub
from milvus_backup_grpc.milvuspb import POOL, milvus_pb2, schema_pb2


def test_the_engine_talks_to_milvus_without_importing_pymilvus() -> None:
    script = (
        "import json, sys\n"
        "import milvus_backup_grpc.engine.backup, milvus_backup_grpc.engine.restore\n"
        "import milvus_backup_grpc.milvus.client, milvus_backup_grpc.milvus.rbac\n"
        "print(json.dumps([m for m in ('pymilvus', 'pandas', 'pyarrow') if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert json.loads(done.stdout) == []


def test_the_stubs_live_beside_pymilvus_and_share_its_wire() -> None:
    from pymilvus.grpc_gen import milvus_pb2 as theirs

    ours = milvus_pb2.DescribeCollectionRequest(db_name="d", collection_name="c", collectionID=7)
    assert milvus_pb2.DESCRIPTOR.pool is POOL and theirs.DESCRIPTOR.pool is not POOL
    decoded = theirs.DescribeCollectionRequest.FromString(ours.SerializeToString())
    assert (decoded.db_name, decoded.collection_name, decoded.collectionID) == ("d", "c", 7)


def test_the_stubs_know_milvus_3_schema_and_snapshot_rpcs() -> None:
    assert schema_pb2.DataType.Value("Int8Vector") > 0
    assert schema_pb2.DataType.Value("ArrayOfStruct") > 0
    for method in ("CreateSnapshot", "ExportSnapshot", "RestoreExternalSnapshot", "FlushAll",
                   "CreatePrivilegeGroup", "Import", "DescribeCollection"):
        assert method in SERVICE.methods_by_name


def test_a_method_is_called_on_its_upstream_path_with_the_right_messages() -> None:
    calls: list[tuple[str, object, object]] = []

    class Channel:
        def unary_unary(self, path: str, request_serializer: object,
                        response_deserializer: object) -> str:
            calls.append((path, request_serializer, response_deserializer))
            return path

    stub = MilvusServiceStub(Channel())  # type: ignore[arg-type]
    assert stub.method("GetVersion") == "/milvus.proto.milvus.MilvusService/GetVersion"
    assert stub.method("GetVersion") == "/milvus.proto.milvus.MilvusService/GetVersion"
    assert len(calls) == 1  # made once, then reused
    deserialize = calls[0][2]
    reply = milvus_pb2.GetVersionResponse(version="v3.0.0").SerializeToString()
    assert deserialize(reply).version == "v3.0.0"  # type: ignore[operator]
    with pytest.raises(KeyError, match="NoSuchMethod"):
        stub.method("NoSuchMethod")
    with pytest.raises(KeyError, match="DumpMessages"):
        stub.method("DumpMessages")  # streaming: not ours to call
    assert grpc  # the module the stub builds on
