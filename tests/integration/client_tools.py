"""Helpers of the tests that run client programs (Go, TypeScript) against the service.

Find the Go toolchain or skip, run ``go`` with a time limit and a read-only module graph, run
a built program with a time limit, make sample collections that are dropped afterwards, and
check a restored copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.testing.sample import create_sample_collection

# A cold module cache downloads the dependencies first (tens of MB); leave room for that.
GO_TIMEOUT = 900


def go_executable() -> str:
    """The ``go`` command, or skip the test when the toolchain is not on PATH."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("the Go toolchain ('go') is not on PATH")
    return go


def go_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for ``go``: ours, with -mod=readonly added to GOFLAGS, plus ``extra``.

    go.sum pins every module, so no checksum-database lookup is needed; -mod=readonly makes a
    stale go.mod/go.sum fail loudly instead of being rewritten.
    """
    env = dict(os.environ)
    env["GOFLAGS"] = (env.get("GOFLAGS", "") + " -mod=readonly").strip()
    env.update(extra or {})
    return env


def run_go(args: Sequence[str], cwd: Path, *, env: Mapping[str, str] | None = None,
           timeout: float = GO_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run ``go ARGS`` in ``cwd`` (env: go_env(env)); the test fails if it overruns ``timeout``.

    The exit status is left to the caller; output is captured as text.
    """
    go = go_executable()
    try:
        return subprocess.run(
            [go, *args], cwd=cwd, env=go_env(env), capture_output=True, text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"go {' '.join(args)} timed out after {exc.timeout}s:\n"
                    f"{_text(exc.stdout)}\n{_text(exc.stderr)}")


def run_binary(binary: Path, *args: str,
               timeout: float = 420) -> subprocess.CompletedProcess[str]:
    """Run a built Go program; the test fails if it overruns ``timeout``."""
    try:
        return subprocess.run([str(binary), *args], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{binary.name} timed out after {exc.timeout}s:\n"
                    f"{_text(exc.stdout)}\n{_text(exc.stderr)}")


def output_of(run: subprocess.CompletedProcess[str]) -> str:
    """stdout and stderr of a finished process, labelled, for assertion messages."""
    return f"exit status {run.returncode}\nstdout:\n{run.stdout}\nstderr:\n{run.stderr}"


def count_rows(milvus: MilvusClient, name: str) -> int:
    """count(*) of a collection, loading it first (strong consistency)."""
    milvus.load_collection(name)
    result = milvus.query(name, filter="", output_fields=["count(*)"],
                          consistency_level="Strong")
    return int(result[0]["count(*)"])


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def sample_collections(milvus: MilvusClient, unique: Callable[[str], str], suffix: str
                       ) -> Iterator[Callable[[str], str]]:
    """For a fixture: make 300-row sample collections; drop them and ``name + suffix`` after."""
    made: list[str] = []

    def make(prefix: str) -> str:
        name = create_sample_collection(milvus, unique(prefix), rows=300).name
        made.append(name)
        return name

    yield make
    for name in made:
        for coll in (name, name + suffix):
            if milvus.has_collection(coll):
                milvus.drop_collection(coll)


def assert_restored_copy(milvus: MilvusClient, source: str, suffix: str, context: str) -> None:
    """``source + suffix`` exists and holds as many rows as ``source``."""
    restored = source + suffix
    assert milvus.has_collection(restored), f"{restored} was not created\n{context}"
    assert count_rows(milvus, restored) == count_rows(milvus, source), context
