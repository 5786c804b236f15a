"""A Go program built on upstream milvus-backup's generated protobuf code drives this server.

The program lives in tests/go_upstream_client (its own Go module, pinned to an upstream
release through go.mod/go.sum). It runs Check, CreateBackup, ListBackups, GetBackup,
RestoreBackup + GetRestore, DeleteBackup and GetBackup again against the in-process server,
printing one ``step <Name>: ok (...)`` line per step; this test then checks the restored
collection with pymilvus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.client_tools import count_rows, output_of, run_binary, run_go

GO_MODULE = Path(__file__).resolve().parents[1] / "go_upstream_client"
SUFFIX = "_gorestored"
STEPS = (
    "Check",
    "CreateBackup",
    "ListBackups",
    "GetBackup",
    "RestoreBackup",
    "GetRestore",
    "DeleteBackup",
    "GetBackupAfterDelete",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def upstream_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Go program, built once per module (a cold module cache downloads ~33 MB, ~30 s)."""
    binary = tmp_path_factory.mktemp("go_upstream_client") / "upstreamclient"
    built = run_go(["build", "-o", str(binary), "."], cwd=GO_MODULE)
    assert built.returncode == 0, f"go build failed:\n{output_of(built)}"
    return binary


def test_upstream_go_client_drives_backup_and_restore(
        upstream_client: Path, backup_server: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("goclient"), rows=300).name
    backup = unique("gobackup")
    restored = source + SUFFIX
    try:
        run = run_binary(upstream_client, "-addr", f"127.0.0.1:{backup_server.port}",
                         "-collection", source, "-backup", backup, "-suffix", SUFFIX,
                         "-timeout", "5m")
        output = output_of(run)
        print(output)
        assert run.returncode == 0, output
        lines = run.stdout.splitlines()
        for step in STEPS:
            assert any(line.startswith(f"step {step}: ok") for line in lines), (step, output)
        assert "all steps passed" in lines, output

        assert milvus.has_collection(restored), output
        assert count_rows(milvus, restored) == count_rows(milvus, source)
    finally:
        for name in (source, restored):
            if milvus.has_collection(name):
                milvus.drop_collection(name)
