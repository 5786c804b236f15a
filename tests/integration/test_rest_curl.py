"""curl, as upstream's users script it, takes a backup and restores it over REST."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.rest import RunningRestServer
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import create_sample_collection


def curl(server: RunningRestServer, *args: str) -> Any:
    out = subprocess.run(["curl", "-sS", "--fail-with-body", *args[:-1], server.url + args[-1]],
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)


def test_curl_creates_and_restores_a_backup(rest_server: RunningRestServer,
                                            milvus: MilvusClient,
                                            unique: Callable[[str], str]) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    source = create_sample_collection(milvus, unique("curl_src"), rows=400)
    name = unique("curl")
    created = curl(rest_server, "-X", "POST", "-H", "Content-Type: application/json", "-d",
                   json.dumps({"backup_name": name,
                               "db_collections": json.dumps({"default": [source.name]})}),
                   "/create")
    assert "code" not in created and created["data"]["name"] == name
    assert created["data"]["state_code"] == 2
    listed = curl(rest_server, "/list")
    assert name in [b["name"] for b in listed["data"]]
    restored = curl(rest_server, "-X", "POST", "-d",
                    json.dumps({"backup_name": name, "collection_suffix": "_curl",
                                "restoreIndex": True}), "/restore")
    assert "code" not in restored, restored
    assert restored["data"]["state_code"] == 2
    target = source.name + "_curl"
    milvus.load_collection(source.name)
    milvus.load_collection(target)
    result = compare_collections(milvus, source.name, target)
    assert result.equal, result.differences
    deleted = curl(rest_server, "-X", "DELETE", f"/delete?backup_name={name}")
    assert "code" not in deleted
    missing = curl(rest_server, f"/get_backup?backup_name={name}")
    assert missing["code"] == 404
