"""Peak RSS of streamed copies (local files into S3), against the copy thread count.

Not part of `make bench`: a quick check that streaming memory follows the stream cap
(``backup.parallelism.streamMemoryMiB``), not ``backup.parallelism.copydata``. It streams
``--objects`` files of ``--size-mib`` MiB from a temporary directory into a moto server with
each thread count, one child process per run so that every peak is its own, and prints one
line per run:

    .venv/bin/python -m benchmarks.stream_rss --threads 4 16 64
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MiB = 1024 * 1024


def _child(endpoint: str, bucket: str, source: str, threads: int, objects: int, size: int) -> None:
    from milvus_backup_grpc.storage.local import LocalStorage
    from milvus_backup_grpc.storage.s3 import S3Storage
    from milvus_backup_grpc.storage.transfer import CopyItem, copy_objects
    from tests.fixtures.s3_server import ExternalS3

    server = ExternalS3(endpoint)
    dst = S3Storage(server.storage_config(bucket))
    src = LocalStorage(source)
    items = [CopyItem(f"obj/{i}", f"copy/{threads}/{i}", size) for i in range(objects)]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    copy_objects(src, dst, items, parallelism=threads)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"threads={threads:3d}  peak RSS {peak / 1024:6.1f} MiB  (before the copy "
        f"{baseline / 1024:6.1f} MiB)  {objects * size / MiB / elapsed:7.1f} MiB/s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, nargs="+", default=[4, 16, 64])
    parser.add_argument("--objects", type=int, default=48)
    parser.add_argument("--size-mib", type=int, default=20)
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        endpoint, bucket, source, threads, objects, size = args.child
        _child(endpoint, bucket, source, int(threads), int(objects), int(size))
        return 0

    from tests.fixtures.s3_server import MotoServer

    size = args.size_mib * MiB
    with tempfile.TemporaryDirectory() as source, MotoServer() as moto:
        for i in range(args.objects):
            path = Path(source, "obj", str(i))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(size))
        for threads in args.threads:
            bucket = moto.new_bucket("rss")
            child = [str(a) for a in (moto.endpoint, bucket, source, threads, args.objects, size)]
            subprocess.run(
                [sys.executable, "-m", "benchmarks.stream_rss", "--child", *child], check=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
