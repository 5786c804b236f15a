"""The project's Go client (clients/go, generated from proto/ by scripts/generate_go_client.sh)
drives this server.

Two Go programs run against the in-process server, each on its own sample collection:
``go test ./...`` in clients/go, whose TestBackupRestoreCycle (normally skipped) runs because
MILVUS_BACKUP_GRPC_ADDR and MILVUS_BACKUP_TEST_COLLECTION are set, and the example command
examples/roundtrip. Both create a backup asynchronously, wait for it, list, get, restore it
asynchronously into ``<collection>_gorestored`` with its index, wait, and delete it; this test
then compares the restored collections with their sources through pymilvus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from tests.integration.client_tools import (
    GO_TIMEOUT,
    assert_restored_copy,
    go_executable,
    output_of,
    run_binary,
    run_go,
    sample_collections,
)

GO_MODULE = Path(__file__).resolve().parents[2] / "clients" / "go"
SUFFIX = "_gorestored"
CYCLE_TEST = "TestBackupRestoreCycle"
EXAMPLE_STEPS = (
    "Check",
    "CreateBackup",
    "WaitBackup",
    "ListBackups",
    "GetBackup",
    "RestoreBackup",
    "WaitRestore",
    "DeleteBackup",
    "GetBackupAfterDelete",
)

# A cold Go module cache makes the first `go` command download the dependencies, so the limit
# is above the suite's default per-test timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(GO_TIMEOUT + 300)]


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> Iterator[Callable[[str], str]]:
    """Makes sample collections (300 rows); drops them and their restored copies afterwards."""
    yield from sample_collections(milvus, unique, SUFFIX)


def assert_restored(milvus: MilvusClient, source: str, context: str) -> None:
    assert_restored_copy(milvus, source, SUFFIX, context)


def test_go_test_cycle_against_server(backup_server: Any, milvus: MilvusClient,
                                      sample: Callable[[str], str]) -> None:
    go_executable()  # skip early, before creating a collection, when Go is missing
    source = sample("gocycle")
    run = run_go(["test", "./...", "-count=1", "-v"], GO_MODULE, env={
        "MILVUS_BACKUP_GRPC_ADDR": f"127.0.0.1:{backup_server.port}",
        "MILVUS_BACKUP_TEST_COLLECTION": source,
    })
    output = output_of(run)
    print(output)
    assert run.returncode == 0, output
    assert f"--- PASS: {CYCLE_TEST} " in run.stdout, f"{CYCLE_TEST} did not run\n{output}"
    assert_restored(milvus, source, output)


def test_go_example_roundtrip(backup_server: Any, milvus: MilvusClient,
                              sample: Callable[[str], str], unique: Callable[[str], str],
                              tmp_path: Path) -> None:
    go_executable()
    binary = tmp_path / "roundtrip"
    built = run_go(["build", "-o", str(binary), "./examples/roundtrip"], GO_MODULE)
    assert built.returncode == 0, output_of(built)

    source = sample("goexample")
    run = run_binary(binary, "-addr", f"127.0.0.1:{backup_server.port}",
                     "-collection", source, "-backup", unique("goexample_bak"),
                     "-timeout", "5m", "-poll", "200ms")
    output = output_of(run)
    print(output)
    assert run.returncode == 0, output
    lines = run.stdout.splitlines()
    for step in EXAMPLE_STEPS:
        assert any(line.startswith(f"step {step}: ok") for line in lines), (step, output)
    assert lines[-1] == "all steps passed", output
    assert_restored(milvus, source, output)

