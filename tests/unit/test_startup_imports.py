"""Commands that never talk to Milvus must not load what only Milvus calls need.

pymilvus's package import brings pandas and pyarrow (most of a second and over 100 MiB before
any work), and boto3 / the Azure SDK are needed only when the configuration names S3 or Azure.
``list`` (the start-up benchmark's command) is held tighter: none of what other verbs need
(the Prometheus client, rich's live display, policies, importlib.metadata), and building the
parser (``--help``) loads no engine and no protobuf at all.
Each case runs the real command in a fresh interpreter and reports which of those modules it
loaded: a test of what is imported, not of how long it takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

_HEAVY = ("pymilvus", "pandas", "pyarrow", "boto3", "botocore", "azure.storage.blob")
# What only some verbs need: a regression that loads one of these for ``list`` fails here.
_NOT_FOR_LIST = (
    "grpc",
    "prometheus_client",
    "rich",
    "yaml",  # no --config file given: nothing to parse
    "importlib.metadata",
    "concurrent.futures",
    "hashlib",  # OpenSSL's libcrypto: for copies, checksums and writes, not for reading
    "uuid",
    "socket",
    "milvus_backup_grpc.metrics",
    "milvus_backup_grpc.engine.tasks",  # until a task is started or looked up
    "milvus_backup_grpc.engine.control",
    "milvus_backup_grpc.engine.policy",
    "milvus_backup_grpc.engine.scheduler",
    "milvus_backup_grpc.engine.incremental",
    "milvus_backup_grpc.engine.verify",
    "milvus_backup_grpc.engine.swap",
    "milvus_backup_grpc.engine.backup",
    "milvus_backup_grpc.engine.restore",
    "milvus_backup_grpc.milvus.client",
    "milvus_backup_grpc.storage.transfer",
    "milvus_backup_grpc.api.grpc_server",
    "milvus_backup_grpc.api.rest",
)
# Building the parser and printing the help needs none of the engine.
_NOT_FOR_HELP = (
    *_NOT_FOR_LIST,
    "google.protobuf",
    "milvus_backup_grpc.pb.backup_pb2",
    "milvus_backup_grpc.model",
    "milvus_backup_grpc.config",
    "milvus_backup_grpc.engine.service",
)

_SCRIPT = """
import json, sys
from milvus_backup_grpc import cli
code = 0
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = [m for m in {heavy!r} if m in sys.modules]
light = [m for m in {light!r} if m in sys.modules]
print(json.dumps({{"code": code, "heavy": heavy, "light": light}}), file=sys.stderr)
"""


def _loaded(root: Path, *verb: str, watch: tuple[str, ...] = ()) -> dict[str, Any]:
    """Exit code, the heavy and ``watch`` modules loaded, and stdout of one local command."""
    settings = ["--set", "minio.storageType=local", "--set", f"minio.backupRootPath={root}"]
    script = _SCRIPT.format(heavy=_HEAVY, light=watch)
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", script, "--json", *settings, *verb],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return report | {"out": done.stdout}


def _run(root: Path, *verb: str) -> tuple[int, list[str], str]:
    """Exit code, the heavy modules loaded, and stdout of one local-storage command."""
    report = _loaded(root, *verb)
    return report["code"], report["heavy"], report["out"]


def test_list_on_an_empty_root_loads_no_milvus_or_cloud_sdk(tmp_path: Path) -> None:
    code, heavy, out = _run(tmp_path, "list")
    assert code == 0
    assert json.loads(out) == []
    assert heavy == []


@pytest.mark.parametrize(
    "verb",
    [
        ("get", "-n", "missing"),
        ("delete", "-n", "missing"),
        ("verify", "-n", "missing", "--deep"),
        ("config",),
        ("--help",),
    ],
    ids=["get", "delete", "verify", "config", "help"],
)
def test_store_only_verbs_load_no_milvus_or_cloud_sdk(
    tmp_path: Path, verb: tuple[str, ...]
) -> None:
    code, heavy, out = _run(tmp_path, *verb)
    if verb[0] in ("get", "delete", "verify"):
        assert code != 0 and "missing" in out  # the backup does not exist: a real answer
    else:
        assert code == 0 and out
    assert heavy == []


def test_list_loads_only_what_listing_needs(tmp_path: Path) -> None:
    report = _loaded(tmp_path, "list", watch=_NOT_FOR_LIST)
    assert report["code"] == 0 and json.loads(report["out"]) == []
    assert report["light"] == []


def test_help_loads_no_engine_and_no_protobuf(tmp_path: Path) -> None:
    report = _loaded(tmp_path, "--help", watch=_NOT_FOR_HELP)
    assert report["code"] == 0 and "restore" in report["out"]
    assert report["light"] == []


def test_the_parsers_strategy_choices_are_the_engines() -> None:
    from milvus_backup_grpc import cli
    from milvus_backup_grpc.engine.strategy import Strategy

    assert set(cli.STRATEGIES) == {s.value for s in Strategy if s.value}
