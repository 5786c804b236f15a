"""Upstream's REST API (/api/v1) over the real service: the shapes upstream's clients read."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.rest import RunningRestServer
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection

HELLO = "Hello, This is backup service"


@dataclass
class Answer:
    status: int
    content_type: str
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)


def call(
    base: str,
    method: str,
    path: str,
    *,
    body: Any = None,
    raw: bytes | None = None,
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """One HTTP request; ``body`` is sent as JSON, ``raw`` as is."""
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return Answer(
                response.status, response.headers["Content-Type"], response.read().decode()
            )
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.headers["Content-Type"], exc.read().decode())


@pytest.fixture
def api(rest_server: RunningRestServer) -> Callable[..., Answer]:
    def send(method: str, path: str, **kwargs: Any) -> Answer:
        return call(rest_server.url, method, path, **kwargs)

    return send


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> SampleCollection:
    return create_sample_collection(milvus, unique("rest"), rows=600)


def ok_envelope(answer: Answer) -> dict[str, Any]:
    """The body of a successful call, in upstream's envelope: no "code", "data" present."""
    assert answer.status == 200, answer.text
    assert answer.content_type.startswith("application/json")
    body = answer.json
    assert "code" not in body, body  # Success (0) is omitted, as Go's omitempty does
    assert "data" in body
    return dict(body)


def wait_for(get: Callable[[], dict[str, Any]], what: str, limit: float = 180) -> dict[str, Any]:
    """Poll until data.state_code is 2 (success) or 3 (fail), as upstream's tests do."""
    deadline = time.monotonic() + limit
    while True:
        body = get()
        state = body["data"]["state_code"]
        assert type(state) is int
        if state in (2, 3):
            return body
        assert state in (0, 1), body
        assert time.monotonic() < deadline, f"{what} still at state {state}: {body}"
        time.sleep(0.5)


def test_hello_on_the_root_for_any_method_and_on_hello(
    api: Callable[..., Answer], rest_server: RunningRestServer
) -> None:
    root = f"http://127.0.0.1:{rest_server.port}"
    for method in ("GET", "POST", "PUT"):
        answer = call(root, method, "/")
        assert (answer.status, answer.text) == (200, HELLO)
        assert answer.content_type.startswith("text/plain")
    assert api("GET", "/hello").text == HELLO
    assert api("GET", "/no_such_route").status == 404
    assert api("POST", "/list").status == 404  # /list is GET only, as in gin


def test_sync_create_with_db_collections_as_object_and_as_string(
    api: Callable[..., Answer], sample: SampleCollection, unique: Callable[[str], str]
) -> None:
    for form in ("object", "string"):
        selection: Any = {"default": [sample.name]}
        if form == "string":
            selection = json.dumps(selection)
        name = unique(f"rest_{form}")
        body = ok_envelope(
            api(
                "POST",
                "/create",
                body={"backup_name": name, "db_collections": selection},
                headers={"request_id": f"req-{form}"},
            )
        )
        assert body["msg"] == "success"
        assert body["requestId"] == f"req-{form}"
        data = body["data"]
        assert data["name"] == name
        assert data["state_code"] == 2 and type(data["state_code"]) is int
        assert data["progress"] == 100
        assert "errorMessage" not in data  # omitempty on success
        assert data["size"] > 0
        assert data["milvus_version"].startswith("v2.3")
        [coll] = data["collection_backups"]
        assert (coll["db_name"], coll["collection_name"]) == ("default", sample.name)
        assert coll["has_index"] is True
        fields = {f["name"]: f for f in coll["schema"]["fields"]}
        assert fields["id"]["is_primary_key"] is True
        assert type(fields["id"]["fieldID"]) is int  # camelCase proto name, int64 as a number
        assert fields["vec"]["data_type"] == 101  # FloatVector, an enum as an integer
        # v0.5.10+ shapes: a BackupInfoBrief, without partitions and segments.
        assert "partition_backups" not in coll


def test_async_create_polled_listed_and_unknown_backup_is_404(
    api: Callable[..., Answer], sample: SampleCollection, unique: Callable[[str], str]
) -> None:
    name = unique("rest_async")
    body = ok_envelope(
        api(
            "POST",
            "/create",
            body={"backup_name": name, "async": True, "collection_names": [sample.name]},
        )
    )
    assert body["msg"] == "create backup is executing asynchronously"
    assert body["data"]["name"] == name
    assert body["data"]["state_code"] in (0, 1, 2)

    done = wait_for(
        lambda: ok_envelope(api("GET", "/get_backup", query={"backup_name": name})), name
    )
    assert done["data"]["state_code"] == 2, done
    assert done["data"]["progress"] == 100
    assert done["data"]["collection_backups"][0]["collection_name"] == sample.name

    listed = ok_envelope(api("GET", "/list"))
    assert name in [b["name"] for b in listed["data"]]
    only = ok_envelope(api("GET", "/list", query={"collection_name": sample.name}))
    assert [b["name"] for b in only["data"]] == [name]
    nothing = ok_envelope(api("GET", "/list", query={"collection_name": unique("nope")}))
    assert nothing["data"] is None  # an empty list is Go's nil slice: null, yet present

    missing = api("GET", "/get_backup", query={"backup_name": unique("missing")})
    assert missing.status == 200
    assert missing.json["code"] == 404
    assert "not" in missing.json["msg"] and missing.json["data"] is None
    bad_name = api("GET", "/get_backup", query={"backup_name": "../etc"}).json
    assert bad_name["code"] == 400


def test_restore_with_suffix_and_restore_index_then_get_restore_and_delete(
    api: Callable[..., Answer],
    milvus: MilvusClient,
    sample: SampleCollection,
    unique: Callable[[str], str],
) -> None:
    name = unique("rest_restore")
    ok_envelope(
        api("POST", "/create", body={"backup_name": name, "collection_names": [sample.name]})
    )

    refused = api("POST", "/restore", body={"backup_name": name}).json  # the target exists
    assert refused["code"] == 400 and "already exists" in refused["msg"]

    started = ok_envelope(
        api(
            "POST",
            "/restore",
            body={
                "backup_name": name,
                "collection_suffix": "_rest",
                "restoreIndex": True,
                "async": True,
            },
            headers={"request_id": "restore-1"},
        )
    )
    assert started["msg"] == "restore backup is executing asynchronously"
    assert started["requestId"] == "restore-1"
    task_id = started["data"]["id"]
    assert task_id

    done = wait_for(lambda: ok_envelope(api("GET", "/get_restore", query={"id": task_id})), task_id)
    data = done["data"]
    assert data["state_code"] == 2, data
    assert data["progress"] == 100
    [coll_task] = data["collection_restore_tasks"]
    target = sample.name + "_rest"
    assert (coll_task["target_db_name"], coll_task["target_collection_name"]) == ("default", target)
    assert coll_task["state_code"] == 2

    milvus.load_collection(sample.name)
    milvus.load_collection(target)
    compared = compare_collections(milvus, sample.name, target)
    assert compared.equal, compared.differences
    assert compared.rows == sample.rows - len(sample.deleted)
    assert milvus.describe_index(target, "vec")["index_type"] == "IVF_FLAT"

    unknown_task = api("GET", "/get_restore", query={"id": unique("no_task")}).json
    assert unknown_task["code"] == 404

    deleted = api("DELETE", "/delete", query={"backup_name": name})
    assert deleted.status == 200 and deleted.json["msg"] == "success"
    assert deleted.json["requestId"]  # v0.5.10+ makes one up when the request has none
    gone = api("GET", "/get_backup", query={"backup_name": name}).json
    assert gone["code"] == 404
    assert api("DELETE", "/delete", query={"backup_name": name}).json["code"] == 404
    milvus.drop_collection(target)


@pytest.mark.parametrize(
    ("path", "raw", "detail"),
    [
        ("/create", b'{"backup_name": "x",', "not valid JSON"),
        ("/create", b"[1, 2]", "expected a JSON object"),
        ("/create", b"", "empty"),
        ("/create", b'{"backup_name": 7}', "backup_name"),
        ("/restore", b'{"backup_name": "x", "restoreIndex": "yes"}', "restoreIndex"),
        ("/restore", b'{"backup_name": "x", "collection_renames": ["a"]}', "collection_renames"),
    ],
)
def test_a_body_that_is_not_json_or_does_not_fit_is_http_400(
    api: Callable[..., Answer], path: str, raw: bytes, detail: str
) -> None:
    answer = api("POST", path, raw=raw)
    assert answer.status == 400
    assert answer.content_type.startswith("application/json")
    error = answer.json["error"]
    assert error.startswith("Invalid request body: ") and detail in error


def test_body_keys_match_case_insensitively_and_unknown_keys_are_ignored(
    api: Callable[..., Answer], unique: Callable[[str], str]
) -> None:
    # Go's encoding/json: "Backup_Name" still fills backup_name; "colour" is ignored. The
    # collection does not exist, so the refusal names it: proof the body was read.
    missing = unique("absent")
    answer = api(
        "POST",
        "/create",
        body={"Backup_Name": unique("ci"), "colour": "blue", "COLLECTION_NAMES": [missing]},
    )
    body = answer.json
    assert answer.status == 200 and body["code"] in (400, 404), body
    assert missing in body["msg"]


def test_check_is_plain_text_naming_the_milvus_version(
    api: Callable[..., Answer], milvus: MilvusClient
) -> None:
    answer = api("GET", "/check")
    assert answer.status == 200
    assert answer.content_type.startswith("text/plain")
    assert f"version {milvus.get_server_version()}" in answer.text
    assert "Backup storage" in answer.text and "writable" in answer.text


# -- the server verb: REST beside gRPC in one process ----------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_verb_serves_rest_beside_grpc_and_stops_both_on_sigterm(
    tmp_path: Path, milvus_server: Any
) -> None:
    # A root of its own: in the shared one, a task another test left resumable, or a policy,
    # would start in this server (resumeOnStart, the scheduler) and hold its stop for the
    # grace period.
    config = tmp_path / "backup.yaml"
    config.write_text(
        "milvus:\n"
        f"  address: {milvus_server.host}\n"
        f"  port: {milvus_server.port}\n"
        "minio:\n"
        "  storageType: local\n"
        f"  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {tmp_path / 'root'}\n",
        encoding="utf-8",
    )
    grpc_port, rest_port = free_port(), free_port()
    log_file = tmp_path / "server.log"
    with log_file.open("w") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "milvus_backup_grpc.cli",
                "--config",
                str(config),
                "server",
                "--grpc-port",
                str(grpc_port),
                "-p",
                str(rest_port),
                "--host",
                "127.0.0.1",
            ],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env={**os.environ, "SERVER_PORT": "1"},  # the flag beats upstream's variable
        )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == (
            f"listening on 127.0.0.1:{grpc_port} (gRPC), 127.0.0.1:{rest_port} (REST /api/v1)"
        ), log_file.read_text()
        base = f"http://127.0.0.1:{rest_port}/api/v1"
        assert call(base, "GET", "/hello").text == HELLO
        listed = call(base, "GET", "/list", headers={"request_id": "r1"}).json
        assert listed["requestId"] == "r1" and "code" not in listed
        with socket.create_connection(("127.0.0.1", grpc_port), timeout=5):
            pass  # gRPC listens too (its calls are covered by test_server_process.py)

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log_file.read_text()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", rest_port), timeout=2).close()
        messages = [json.loads(x)["msg"] for x in log_file.read_text().splitlines() if x]
        assert any("REST API on 127.0.0.1" in m and "stopped" in m for m in messages)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_server_verb_refuses_one_port_for_both_apis(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "milvus_backup_grpc.cli",
            "--set",
            "milvus.port=1",
            "server",
            "--grpc-port",
            "18123",
            "-p",
            "18123",
            "--host",
            "127.0.0.1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert run.returncode == 2
    assert "gRPC and REST ports are both 18123" in run.stderr
