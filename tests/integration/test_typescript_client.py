"""The project's TypeScript client (clients/typescript, types generated from proto/ by
scripts/generate_ts_client.sh) drives this server.

Once per session the package is installed (``npm ci``, exact versions of package-lock.json)
and built (``npm run build``, tsc into dist/). Then two Node.js programs run against the
in-process server, each on its own sample collection: ``npm test``, whose live test "backup/
restore cycle against a live server" (normally skipped) runs because MILVUS_BACKUP_GRPC_ADDR and
MILVUS_BACKUP_TEST_COLLECTION are set, and the example examples/roundtrip.ts. Both create a
backup asynchronously, wait for it, list, get, restore it asynchronously into
``<collection>_tsrestored`` with its index, wait, and delete it; this test then compares the
restored collections with their sources through pymilvus.

Skipped when node (>= 20) or npm is not on PATH. ``npm ci`` needs the npm registry (or a warm
npm cache); nothing else leaves the machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from tests.integration.client_tools import assert_restored_copy, output_of, sample_collections

PACKAGE = Path(__file__).resolve().parents[2] / "clients" / "typescript"
SUFFIX = "_tsrestored"
CYCLE_TEST = "backup/restore cycle against a live server"
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
MIN_NODE_MAJOR = 20
# A cold npm cache makes `npm ci` download the dependencies (a few MB); leave room for that.
NPM_CI_TIMEOUT = 900
BUILD_TIMEOUT = 300
RUN_TIMEOUT = 600

pytestmark = [pytest.mark.slow, pytest.mark.timeout(NPM_CI_TIMEOUT + BUILD_TIMEOUT + RUN_TIMEOUT)]


@dataclass
class BuiltPackage:
    """clients/typescript after `npm ci` and `npm run build`, with the tools that did it."""

    node: str
    npm: str
    timings: dict[str, float] = field(default_factory=dict)


def node_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Our environment without colours (the output is parsed) or npm's update check."""
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "FORCE_COLOR": "0", "npm_config_update_notifier": "false"})
    env.update(extra or {})
    return env


def run(args: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
        cwd: Path = PACKAGE) -> subprocess.CompletedProcess[str]:
    """Run a command (in clients/typescript by default); the test fails if it overruns."""
    try:
        return subprocess.run(list(args), cwd=cwd, env=node_env(env), capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{' '.join(args)} timed out after {exc.timeout}s:\n"
                    f"{_text(exc.stdout)}\n{_text(exc.stderr)}")


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


@pytest.fixture(scope="session")
def ts_package() -> BuiltPackage:
    """Installs and builds clients/typescript once per session, or skips without Node.js/npm."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js ('node') and npm are needed for the TypeScript client")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60)
    match = re.match(r"v(\d+)\.", version.stdout.strip())
    if match is None or int(match.group(1)) < MIN_NODE_MAJOR:
        pytest.skip(f"Node.js >= {MIN_NODE_MAJOR} is needed, found {version.stdout.strip()!r}")

    built = BuiltPackage(node=node, npm=npm)
    for name, args, timeout in (
        ("npm ci", [npm, "ci", "--no-audit", "--no-fund"], NPM_CI_TIMEOUT),
        ("npm run build", [npm, "run", "build"], BUILD_TIMEOUT),
    ):
        started = time.monotonic()
        done = run(args, timeout=timeout)
        built.timings[name] = time.monotonic() - started
        assert done.returncode == 0, f"{name} failed\n{output_of(done)}"
    print(f"TypeScript client: {', '.join(f'{k} {v:.1f}s' for k, v in built.timings.items())}")
    return built


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> Iterator[Callable[[str], str]]:
    """Makes sample collections (300 rows); drops them and their restored copies afterwards."""
    yield from sample_collections(milvus, unique, SUFFIX)


def assert_restored(milvus: MilvusClient, source: str, context: str) -> None:
    assert_restored_copy(milvus, source, SUFFIX, context)


def test_npm_test_cycle_against_server(ts_package: BuiltPackage, backup_server: Any,
                                       milvus: MilvusClient,
                                       sample: Callable[[str], str]) -> None:
    source = sample("tscycle")
    started = time.monotonic()
    done = run([ts_package.npm, "test"], timeout=RUN_TIMEOUT, env={
        "MILVUS_BACKUP_GRPC_ADDR": f"127.0.0.1:{backup_server.port}",
        "MILVUS_BACKUP_TEST_COLLECTION": source,
    })
    ts_package.timings["npm test"] = time.monotonic() - started
    output = output_of(done)
    print(output)
    print(f"TypeScript client: {', '.join(f'{k} {v:.1f}s' for k, v in ts_package.timings.items())}")
    assert done.returncode == 0, output
    lines = [line.strip() for line in done.stdout.splitlines()]
    # node --test's spec reporter: "✔ name (12ms)" when passed, "﹣ name (0ms) # reason" when
    # skipped, then a summary of "ℹ <counter> <n>" lines.
    assert any(line.startswith(f"✔ {CYCLE_TEST} (") and "#" not in line for line in lines), (
        f"{CYCLE_TEST!r} did not run and pass\n{output}")
    assert "ℹ skipped 0" in lines, f"some test was skipped\n{output}"
    assert "ℹ fail 0" in lines, output
    passed = [int(line.split()[-1]) for line in lines if line.startswith("ℹ pass ")]
    assert passed and passed[0] > 1, f"the unit tests did not run\n{output}"
    assert_restored(milvus, source, output)


def test_typescript_example_roundtrip(ts_package: BuiltPackage, backup_server: Any,
                                      milvus: MilvusClient, sample: Callable[[str], str],
                                      unique: Callable[[str], str]) -> None:
    source = sample("tsexample")
    done = run([ts_package.node, "dist/examples/roundtrip.js",
                "--addr", f"127.0.0.1:{backup_server.port}",
                "--collection", source, "--backup", unique("tsexample_bak"),
                "--suffix", SUFFIX, "--timeout", "300", "--poll", "200"],
               timeout=RUN_TIMEOUT)
    output = output_of(done)
    print(output)
    assert done.returncode == 0, output
    lines = done.stdout.splitlines()
    for step in EXAMPLE_STEPS:
        assert any(line.startswith(f"step {step}: ok") for line in lines), (step, output)
    assert lines[-1] == "all steps passed", output
    assert_restored(milvus, source, output)
