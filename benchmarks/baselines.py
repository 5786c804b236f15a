"""What the service is measured against: raw copies of the same objects, and Milvus importing
the same binlogs with no service in between."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.milvus.client import MilvusGateway
from milvus_backup_grpc.milvus.schema import schema_to_milvus
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.base import ObjectStorage


@dataclass(frozen=True)
class Timed:
    """Seconds one baseline took (and, for ``cp -r``, the ``sync`` after it)."""

    seconds: float
    sync_seconds: float = 0.0


def binlog_objects(info: pb.BackupInfo) -> list[tuple[str, int]]:
    """Every binlog a backup copied, as (Milvus-side key, size): the objects of the raw copy."""
    objects: list[tuple[str, int]] = []
    for coll in info.collection_backups:
        for part in coll.partition_backups:
            for seg in part.segment_backups:
                for group in (*seg.binlogs, *seg.deltalogs):
                    objects.extend((b.log_path, b.log_size) for b in group.binlogs)
    return objects


def sync() -> float:
    """Write every dirty page to disk; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run(["sync"], check=True)  # noqa: S607
    return time.perf_counter() - started


def _cpu_and_disk_ticks() -> tuple[int, int, int]:
    """(total CPU ticks, idle CPU ticks, milliseconds the disks spent on I/O) so far."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    disk_ms = 0
    with open("/proc/diskstats", encoding="ascii") as disks:
        for line in disks:
            fields = line.split()
            # Whole disks only (vda, not vda1: /sys/block lists disks), no loop or RAM devices.
            name = fields[2] if len(fields) > 12 else ""
            if (name and not name.startswith(("loop", "ram", "zram"))
                    and Path("/sys/block", name).exists()):
                disk_ms += int(fields[12])
    return sum(ticks), ticks[3] + ticks[4], disk_ms  # idle + iowait


def _busy_fractions(window: float) -> tuple[float, float]:
    """The fractions of ``window`` seconds the CPUs and the disks spent busy."""
    total0, idle0, disk0 = _cpu_and_disk_ticks()
    time.sleep(window)
    total1, idle1, disk1 = _cpu_and_disk_ticks()
    cpu = 1.0 - (idle1 - idle0) / max(1, total1 - total0)
    return cpu, (disk1 - disk0) / (window * 1000)


def settle(limit: float = 15.0, busy: float = 0.1) -> float:
    """Wait until the machine is idle (CPUs and disks under ``busy`` for 0.5 s), at most
    ``limit`` seconds; returns the seconds waited.

    A backup's flush leaves Milvus working for a moment after the service answered (its
    etcd and message log write and sync on the same disk): a ``cp -r`` right after a service
    run took 1.9 s where it takes 0.45 s on an idle machine. So each timed run starts only
    once that work is done, whichever side runs.
    """
    started = time.perf_counter()
    if not Path("/proc/stat").exists() or not Path("/proc/diskstats").exists():
        return 0.0
    while time.perf_counter() - started < limit and max(_busy_fractions(0.5)) > busy:
        pass
    return time.perf_counter() - started


def cp_r(sources: Sequence[Path], target: Path) -> Timed:
    """``cp -r SOURCES TARGET``, timed, then ``sync`` timed on its own."""
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(["cp", "-r", *map(str, sources), str(target)], check=True)  # noqa: S607
    elapsed = time.perf_counter() - started
    return Timed(elapsed, sync())


def s3_client(endpoint: str, access_key: str, secret_key: str, pool: int) -> Any:
    """A plain boto3 client for a moto (or MinIO) endpoint."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        region_name="us-east-1",
        config=BotoConfig(
            s3={"addressing_style": "path"},
            max_pool_connections=pool,
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


def boto3_copy(
    src: Any,
    src_bucket: str,
    dst: Any,
    dst_bucket: str,
    objects: Sequence[tuple[str, int]],
    dst_prefix: str,
    concurrency: int,
    server_side: bool,
) -> Timed:
    """Copy ``objects`` with ``concurrency`` threads: CopyObject, or GetObject then PutObject."""

    def one(item: tuple[str, int]) -> None:
        key, _ = item
        dst_key = f"{dst_prefix}/{key}"
        if server_side:
            dst.copy_object(
                Bucket=dst_bucket, Key=dst_key, CopySource={"Bucket": src_bucket, "Key": key}
            )
        else:
            body = src.get_object(Bucket=src_bucket, Key=key)["Body"].read()
            dst.put_object(Bucket=dst_bucket, Key=dst_key, Body=body)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, objects))
    return Timed(time.perf_counter() - started)


def direct_import(
    gateway: MilvusGateway,
    store: ObjectStorage,
    backup_root: str,
    info: pb.BackupInfo,
    target: str,
    poll: float = 0.1,
) -> Timed:
    """Create ``target`` with the backed-up schema and import every segment of the backup.

    What a user would do by hand with the backup's directories: one backup-mode Import per
    segment group, all sent at once, polled every ``poll`` seconds until each completes.
    """
    (coll,) = info.collection_backups
    layout = BackupLayout(backup_root, info.name)
    db = coll.db_name or "default"

    def directory(path: str) -> str:
        name = store.milvus_path(path)
        return name if name.endswith("/") else name + "/"

    started = time.perf_counter()
    gateway.create_collection(
        db,
        target,
        schema_to_milvus(coll.schema, target),
        shards_num=coll.shards_num,
        consistency_level=coll.consistency_level,
        properties=[],
        num_partitions=0,
    )
    tasks: list[int] = []
    for part in coll.partition_backups:
        for group in sorted({s.group_id for s in part.segment_backups}):
            insert_dir = layout.insert_group_dir(coll.collection_id, part.partition_id, group)
            delta_dir = layout.delta_group_dir(coll.collection_id, part.partition_id, group)
            files = [
                directory(insert_dir),
                directory(delta_dir) if store.has_prefix(delta_dir) else "",
            ]
            tasks.extend(
                gateway.import_files(db, target, part.partition_name, files, [("backup", "true")])
            )
    pending = set(tasks)
    while pending:
        for task in list(pending):
            progress = gateway.import_progress(task)
            if progress.failed:
                raise RuntimeError(f"direct import {task} failed: {progress.failed_reason}")
            if progress.completed:
                pending.discard(task)
        if pending:
            time.sleep(poll)
    return Timed(time.perf_counter() - started)
