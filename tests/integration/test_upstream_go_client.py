"""A Go program built on upstream milvus-backup's generated protobuf code drives this server.

The program lives in tests/go_upstream_client (its own Go module, pinned to an upstream
release through go.mod/go.sum). It runs Check, CreateBackup, ListBackups, GetBackup,
RestoreBackup + GetRestore, DeleteBackup and GetBackup again against the in-process server,
printing one ``step <Name>: ok (...)`` line per step; this test then checks the restored
collection with pymilvus.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.sample import create_sample_collection

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
    go = shutil.which("go")
    if go is None:
        pytest.skip("the Go toolchain ('go') is not on PATH: cannot build the upstream client")
    binary = tmp_path_factory.mktemp("go_upstream_client") / "upstreamclient"
    env = dict(os.environ)
    # go.sum pins every module, so no checksum-database lookup is needed; -mod=readonly makes
    # a stale go.mod/go.sum fail loudly instead of being rewritten.
    env["GOFLAGS"] = (env.get("GOFLAGS", "") + " -mod=readonly").strip()
    try:
        built = subprocess.run(
            [go, "build", "-o", str(binary), "."],
            cwd=GO_MODULE, env=env, capture_output=True, text=True, timeout=900,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"go build timed out after {exc.timeout}s")
    assert built.returncode == 0, f"go build failed:\n{built.stdout}\n{built.stderr}"
    return binary


def count_rows(milvus: MilvusClient, name: str) -> int:
    milvus.load_collection(name)
    result = milvus.query(name, filter="", output_fields=["count(*)"],
                          consistency_level="Strong")
    return int(result[0]["count(*)"])


def test_upstream_go_client_drives_backup_and_restore(
        upstream_client: Path, backup_server: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("goclient"), rows=300).name
    backup = unique("gobackup")
    restored = source + SUFFIX
    try:
        run = subprocess.run(
            [str(upstream_client), "-addr", f"127.0.0.1:{backup_server.port}",
             "-collection", source, "-backup", backup, "-suffix", SUFFIX, "-timeout", "5m"],
            capture_output=True, text=True, timeout=420,
        )
        output = f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}"
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
