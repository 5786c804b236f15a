"""A 640 MiB object copied both ways and server-side, in a process whose memory is bounded."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import blake3
import pytest

from tests.fixtures.s3_server import ExternalS3
from tests.storage.conftest import MiB

pytestmark = pytest.mark.slow

SIZE = 640 * MiB + 12_345  # not a whole number of parts
#: Peak RSS allowed to the copying process: an interpreter with boto3 loaded, a few parts in
#: flight, and far below the object's size, so holding the object would fail the test.
RSS_LIMIT_MIB = 160
REPO = Path(__file__).resolve().parents[2]


def _write_large_file(path: Path, size: int) -> str:
    """Fill ``path`` with ``size`` varied bytes quickly; returns their BLAKE3 (the default)."""
    digest = blake3.blake3()
    block = os.urandom(MiB)
    with path.open("wb") as f:
        written = 0
        n = 0
        while written < size:
            chunk = (n.to_bytes(8, "big") + block[8:])[: size - written]
            f.write(chunk)
            digest.update(chunk)
            written += len(chunk)
            n += 1
    return digest.hexdigest()


def test_large_object_streams_both_ways_and_copies_server_side_in_bounded_memory(
    tmp_path: Path, s3_server: ExternalS3
) -> None:
    source = tmp_path / "in" / "large.bin"
    source.parent.mkdir()
    b3 = _write_large_file(source, SIZE)
    config = dataclasses.asdict(s3_server.storage_config("unused"))
    del config["bucket_name"]
    spec = {
        "file": str(source),
        "out_dir": str(tmp_path / "out"),
        "config": config,  # default thresholds: 16 MiB upload parts, 500 MiB before part copy
        "bucket_a": s3_server.new_bucket("large-a"),
        "bucket_b": s3_server.new_bucket("large-b"),
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))

    run = subprocess.run(
        [sys.executable, "-m", "tests.fixtures.large_copy", str(tmp_path / "spec.json")],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    landed = tmp_path / "out" / "large.bin"
    assert landed.stat().st_size == SIZE
    assert report["upload"] == ["blake3", b3]  # hashed as it streamed up
    assert report["download"] == ["blake3", b3]  # and as it streamed back down
    assert blake3.blake3().update_mmap(landed).hexdigest() == b3
    # Multipart on both S3 legs: an S3 ETag of a multipart object ends in "-<parts>".
    assert report["etag_a"].rsplit("-", 1)[-1] == str(-(-SIZE // (16 * MiB)))
    assert report["server_side"] == ["etag", report["etag_b"]]
    assert "-" in report["etag_b"]  # UploadPartCopy, above the 500 MiB threshold
    peak_mib = report["peak_rss_kib"] / 1024
    assert peak_mib < RSS_LIMIT_MIB, f"peak RSS {peak_mib:.0f} MiB for a {SIZE // MiB} MiB object"
