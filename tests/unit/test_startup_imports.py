"""Commands that never talk to Milvus must not load what only Milvus calls need.

pymilvus's package import brings pandas and pyarrow (most of a second and over 100 MiB before
any work), and boto3 / the Azure SDK are needed only when the configuration names S3 or Azure.
Each case runs the real command in a fresh interpreter and reports which of those modules it
loaded: a test of what is imported, not of how long it takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

_HEAVY = ("pymilvus", "pandas", "pyarrow", "boto3", "botocore", "azure.storage.blob")

_SCRIPT = """
import json, sys
from milvus_backup_grpc import cli
code = 0
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = [m for m in {heavy!r} if m in sys.modules]
print(json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
"""


def _run(root: Path, *verb: str) -> tuple[int, list[str], str]:
    """Exit code, the heavy modules loaded, and stdout of one local-storage command."""
    settings = ["--set", "minio.storageType=local", "--set", f"minio.backupRootPath={root}"]
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", _SCRIPT.format(heavy=_HEAVY), "--json", *settings, *verb],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["heavy"], done.stdout


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
