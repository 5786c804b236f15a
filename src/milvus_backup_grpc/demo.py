"""``make demo``: a full round trip on an embedded Milvus, driven through the gRPC API.

Starts Milvus 2.3.5 (the PyPI ``milvus`` package, local storage) and this service, writes a
sample collection (vectors, scalars, JSON, a dynamic field, three partitions, deletes, an
index), backs it up over gRPC, drops it, restores it over gRPC, and checks every row and a
search result. Exits 0 only when everything came back equal.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

import grpc
from pymilvus import MilvusClient

from .api.grpc_server import start_server
from .config import load_config
from .engine.service import BackupService
from .pb import backup_pb2 as pb
from .pb import backup_pb2_grpc
from .testing.compare import compare_snapshots, read_snapshot
from .testing.embedded import EmbeddedMilvus
from .testing.sample import create_sample_collection, query_vector

COLLECTION = "demo_products"
BACKUP = "demo_backup"


def _say(text: str) -> None:
    print(f"[demo] {text}", flush=True)


def _search(client: MilvusClient) -> list[int]:
    hits = client.search(
        COLLECTION,
        data=[query_vector()],
        limit=10,
        anns_field="vec",
        search_params={"metric_type": "L2", "params": {"nprobe": 32}},
    )
    return [int(h["id"]) for h in hits[0]]


def run(workdir: Path, rows: int) -> int:
    """The demo; returns the process exit code."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    started = time.monotonic()
    _say(f"starting an embedded Milvus under {workdir}/milvus (first start unpacks ~250 MB)")
    with EmbeddedMilvus(workdir / "milvus") as milvus:
        _say(f"Milvus {milvus.version} listening on {milvus.address}")
        config = load_config(
            None,
            overrides={
                "milvus.address": milvus.host,
                "milvus.port": str(milvus.port),
                "minio.storageType": "local",
                "minio.rootPath": str(milvus.local_storage_path),
                "minio.backupRootPath": str(workdir / "backups"),
            },
        )
        server = start_server(BackupService(config), port=0, host="127.0.0.1")
        _say(f"backup service (gRPC MilvusBackupService) listening on 127.0.0.1:{server.port}")
        client = MilvusClient(uri=f"http://{milvus.address}")
        channel = grpc.insecure_channel(f"127.0.0.1:{server.port}")
        try:
            stub = backup_pb2_grpc.MilvusBackupServiceStub(channel)  # type: ignore[no-untyped-call]
            sample = create_sample_collection(client, COLLECTION, rows=rows)
            _say(
                f"created {COLLECTION}: {rows} rows in 3 partitions, deleted "
                f"{len(sample.deleted)}, IVF_FLAT index on 'vec', dynamic field 'color'"
            )
            client.load_collection(COLLECTION)
            before = read_snapshot(client, COLLECTION)
            before_search = _search(client)

            created = stub.CreateBackup(
                pb.CreateBackupRequest(backup_name=BACKUP, collection_names=[COLLECTION])
            )
            if created.code != pb.Success:
                _say(f"FAILED: CreateBackup: {created.msg}")
                return 1
            segments = sum(
                len(p.segment_backups) for p in created.data.collection_backups[0].partition_backups
            )
            _say(
                f"CreateBackup -> {created.data.name}: {segments} segments, "
                f"{created.data.size} bytes of binlogs under {workdir / 'backups' / BACKUP}"
            )

            client.drop_collection(COLLECTION)
            _say(f"dropped {COLLECTION}")

            restored = stub.RestoreBackup(
                pb.RestoreBackupRequest(backup_name=BACKUP, restoreIndex=True)
            )
            if restored.code != pb.Success:
                _say(f"FAILED: RestoreBackup: {restored.msg}")
                return 1
            _say(
                f"RestoreBackup -> task {restored.data.id}: "
                f"{pb.RestoreTaskStateCode.Name(restored.data.state_code)}"
            )

            client.load_collection(COLLECTION)
            after = read_snapshot(client, COLLECTION)
            after_search = _search(client)
            problems = compare_snapshots(before, after).differences[:10]
            if set(sample.deleted) & {pk for _, pk in after.rows}:
                problems.append("deleted rows came back")
            if after_search != before_search:
                problems.append(f"search differs: {before_search} != {after_search}")
            if problems:
                _say("FAILED: " + "; ".join(problems))
                return 1
            _say(
                f"verified: all {len(after.rows)} rows equal field by field (vectors exactly) "
                "in the same partitions, schema and index equal, "
                f"{len(sample.deleted)} deleted rows still absent, partitions "
                f"{sorted(client.list_partitions(COLLECTION))}, top-10 search equal"
            )
        finally:
            channel.close()
            client.close()
            server.stop(grace=5)
    _say(f"done in {time.monotonic() - started:.0f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m milvus_backup_grpc.demo``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--workdir", type=Path, default=Path(".demo"), help="scratch directory (wiped first)"
    )
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args(argv)
    # pymilvus warns that 2.3 lacks a newer iterator feature; it does not matter here.
    logging.getLogger("pymilvus").setLevel(logging.ERROR)
    return run(args.workdir.resolve(), args.rows)


if __name__ == "__main__":
    sys.exit(main())
