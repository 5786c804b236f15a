"""The four benchmarks of issue 6, measured against the service running as a real process.

1. Backup throughput against a raw copy of the same objects (``cp -r``; plain boto3 with the
   same concurrency, server-side and streaming).
2. Restore time against Milvus importing the same binlogs itself.
3. Peak RSS of the service during backups and restores of three sizes.
4. Time against data size and against collection count, with the slopes.

``run_suite`` takes a Milvus on local storage (the embedded one ``python -m benchmarks``
starts, or a test's fixture) and starts the S3 side itself: two moto servers and a Milvus
whose storage is on the first.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pymilvus import MilvusClient

from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.milvus.client import MilvusGateway
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage import digest
from milvus_backup_grpc.storage.factory import open_storage
from milvus_backup_grpc.testing.embedded import EmbeddedMilvus
from tests.fixtures.s3_server import MotoServer

from . import baselines, dataset, host
from .incremental import run_incremental
from .logical import logical_section, run_logical
from .machine import code_revision, hash_rates, machine_facts
from .procs import RequestLog, StackSampler, import_rss
from .report import MiB, Report, mib
from .results import (
    RESTORE_RATIO_MAX,
    RSS_MAX,
    STREAM_THREAD_COUNTS,
    BackupPair,
    CountPoint,
    RestorePair,
    Results,
    Settings,
)
from .segments import run_segments, segments_section
from .service import BenchService, Measured
from .startup import measure_startup
from .tables import build_sections

log = logging.getLogger(__name__)

S3_ROOT = "files"  # Milvus's rootPath in its bucket
# Milvus's own background merges would compete for the two cores and change the segments
# between a backup and its baseline; the benchmarks' Milvus runs without them.
MILVUS_ENV = {"DATACOORD_ENABLECOMPACTION": "false"}


class LocalMilvus(Protocol):
    """A Milvus on local storage: where it listens and where its binlogs are."""

    @property
    def host(self) -> str: ...

    @property
    def port(self) -> int: ...

    @property
    def local_storage_path(self) -> Path: ...

    @property
    def version(self) -> str: ...


def _say(message: str) -> None:
    log.info(message)


def _clients(host: str, port: int) -> tuple[MilvusClient, MilvusGateway]:
    config = load_config(
        None, env={}, overrides={"milvus.address": host, "milvus.port": str(port)}
    )
    # A connection alias of its own: pymilvus shares one per URI, and closing a shared one
    # would cut off every other client of the same server in this process (the test suite's).
    client = MilvusClient(uri=f"http://{host}:{port}", alias=f"benchmarks-{uuid.uuid4().hex}")
    return client, MilvusGateway(config.milvus)


def _backup_pair_runs(
    pair: BackupPair,
    repeats: int,
    service_run: Callable[[int], tuple[Measured, pb.BackupInfo]],
    raw_run: Callable[[int], baselines.Timed],
    before: Callable[[], None] = lambda: None,
) -> pb.BackupInfo:
    """Alternate service and baseline runs (so neither always goes first); last BackupInfo.

    One service run comes first, unmeasured: the service is a long-running process, and its
    first request pays what it does once (imports, connections), which a pair would
    otherwise count against the copy. ``before`` runs before every run, unmeasured.
    """
    baselines.sync()
    baselines.settle()
    service_run(repeats)  # an attempt number of its own, after the measured ones
    info: pb.BackupInfo | None = None
    for attempt in range(repeats):
        order = ("service", "raw") if attempt % 2 == 0 else ("raw", "service")
        for which in order:
            before()
            baselines.sync()  # no dirty pages of the previous run are written during this one
            baselines.settle()
            counters = host.counters()
            if which == "service":
                measured, info = service_run(attempt)
                pair.service.append(measured)
                pair.service_host.append(activity := host.since(counters))
                _say(f"  {pair.setup}: service {measured.seconds:.2f} s (host: {activity})")
            else:
                timed = raw_run(attempt)
                pair.raw.append(timed)
                pair.raw_host.append(activity := host.since(counters))
                _say(f"  {pair.setup}: {pair.baseline} {timed.seconds:.2f} s (host: {activity})")
    assert info is not None
    return info


def _verify_rows(client: MilvusClient, name: str, expected: int) -> None:
    got = dataset.row_count(client, name)
    if got != expected:
        raise RuntimeError(f"{name}: {got} rows after restore, {expected} expected")


def _profiled(
    results: Results, key: str, pid: int, out: Path, work: Callable[[], object]
) -> None:
    """Run ``work`` once more with py-spy sampling the service; keep the profile's top."""
    sampler = StackSampler(pid, out)
    sampler.start()
    try:
        work()
    finally:
        results.profiles[key] = sampler.stop()


def _warm(paths: Sequence[Path]) -> None:
    """Read every file once, so neither side of a pair pays for a cold page cache."""
    for directory in paths:
        for path in directory.rglob("*"):
            if path.is_file():
                with path.open("rb") as f:
                    while f.read(8 * MiB):
                        pass


def _import_count(info: pb.BackupInfo) -> int:
    return sum(
        len({s.group_id for s in p.segment_backups})
        for c in info.collection_backups
        for p in c.partition_backups
    )


def _restore_pair(
    settings: Settings,
    setup: str,
    service: BenchService,
    client: MilvusClient,
    gateway: MilvusGateway,
    store: Any,
    backup_root: str,
    name: str,
    info: pb.BackupInfo,
    coll: dataset.Loaded,
) -> RestorePair:
    """Restores by the service and direct imports of backup ``name``, alternating."""
    nbytes = sum(size for _, size in baselines.binlog_objects(info))
    pair = RestorePair(setup, nbytes, coll.rows, _import_count(info))
    for attempt in range(settings.restore_repeats):
        order = ("service", "direct") if attempt % 2 == 0 else ("direct", "service")
        for which in order:
            target = f"{coll.name}_{which}_{attempt}"
            baselines.sync()
            if which == "service":
                measured, _ = service.restore(name, {coll.name: target})
                pair.service.append(measured)
                seconds = measured.seconds
            else:
                timed = baselines.direct_import(gateway, store, backup_root, info, target)
                pair.direct.append(timed)
                seconds = timed.seconds
            _verify_rows(client, target, coll.rows)
            client.drop_collection(target)
            _say(f"  {setup} restore: {which} {seconds:.2f} s")
    return pair


# -- local storage -----------------------------------------------------------------------------


def run_local(settings: Settings, milvus: LocalMilvus, results: Results) -> None:
    """Backups to a local directory, restores from it, and the collection-count series."""
    work = settings.work_dir / "local"
    shutil.rmtree(work, ignore_errors=True)
    backup_root = work / "backups"
    milvus_root = Path(milvus.local_storage_path)
    client, gateway = _clients(milvus.host, milvus.port)
    results.versions["local storage"] = milvus.version
    loaded: list[dataset.Loaded] = []
    smalls: list[dataset.Loaded] = []
    try:
        loaded = [
            dataset.load_vectors(client, f"bench_{size}mib", size * MiB)
            for size in settings.sizes_mib
        ]
        # One flush for all: Milvus persists them together instead of one after another.
        dataset.flush_all(gateway, [c.name for c in loaded])
        service_settings = {
            "milvus.address": milvus.host,
            "milvus.port": str(milvus.port),
            "minio.storageType": "local",
            "minio.rootPath": str(milvus_root),
            "minio.backupRootPath": str(backup_root),
        }
        config = load_config(None, env={}, overrides=service_settings)
        store = open_storage(config.backup_storage)
        with BenchService(work, "local", service_settings, settings.service_settings) as service:
            results.idle_rss["local"] = service.idle_rss
            for coll in loaded:
                _local_size(settings, service, client, gateway, store, milvus_root, work,
                            str(backup_root), coll, results)
            segment_counts = getattr(settings, "segment_counts", ())
            if segment_counts:
                _say(f"local: restores of {', '.join(map(str, segment_counts))} segments")
                results.segments = run_segments(
                    service, client, gateway, segment_counts, settings.segment_rows
                )
            if settings.profile:
                _local_profiles(service, client, work, loaded, results)
            # The count series, after the size pairs: its collections are made only as each
            # point needs them, and dropped after, because Milvus 2.3's DataNode runs a flow
            # graph for each of 1,000 collections and every other operation measured slower
            # beside them.
            for count in settings.counts:
                made = len(smalls)
                smalls += dataset.load_small(
                    client,
                    [f"bench_small_{i:04d}" for i in range(made, count)],
                    settings.small_rows,
                    first_seed=made,
                )
                dataset.flush_all(gateway, [c.name for c in smalls[made:]])
                _local_count(service, client, smalls[:count], results)
            for coll in smalls:
                client.drop_collection(coll.name)
            smalls = []
            # Last: the logical format's jobs load pymilvus (pandas and pyarrow, 3.) into the
            # service for good, which no physical operation's memory may be measured with.
            logical_sizes = settings.logical_sizes_mib or settings.sizes_mib
            run_logical(service, client, loaded, results, only=[
                coll.name for coll, size in zip(loaded, settings.sizes_mib, strict=True)
                if size in logical_sizes
            ])
    finally:
        # A Milvus shared with other work (a test session) gets its collections back as it was.
        for coll in (*loaded, *smalls):
            client.drop_collection(coll.name)
        gateway.close()
        client.close()


def _local_size(
    settings: Settings,
    service: BenchService,
    client: MilvusClient,
    gateway: MilvusGateway,
    store: Any,
    milvus_root: Path,
    work: Path,
    backup_root: str,
    coll: dataset.Loaded,
    results: Results,
) -> None:
    _say(f"local: {coll.name} ({coll.rows} rows)")
    names: list[str] = []

    def service_run(attempt: int) -> tuple[Measured, pb.BackupInfo]:
        if names:
            service.delete(names.pop())
        name = f"{coll.name}_b{attempt}"
        names.append(name)
        return service.backup(name, [coll.name])

    def raw_run(attempt: int) -> baselines.Timed:
        target = work / "cp" / str(attempt)
        shutil.rmtree(target, ignore_errors=True)
        timed = baselines.cp_r(sources, target)
        shutil.rmtree(target, ignore_errors=True)
        return timed

    # The collection's own directories: exactly the objects the backup copies.
    coll_id = gateway.describe_collection("default", coll.name).collectionID
    dirs = (milvus_root / "insert_log" / str(coll_id), milvus_root / "delta_log" / str(coll_id))
    sources = [d for d in dirs if d.is_dir()]
    raw_bytes = sum(p.stat().st_size for d in sources for p in d.rglob("*") if p.is_file())
    pair = BackupPair("local", "cp -r", 0, 0)
    # Before every run, not once: in one run every `cp -r` that followed a service run took
    # 0.79 s where the others took 0.10 s, as slow as reading its sources from disk; whatever
    # the cause, each side must start from the same page cache.
    info = _backup_pair_runs(pair, settings.repeats, service_run, raw_run,
                             before=functools.partial(_warm, sources))
    objects = baselines.binlog_objects(info)
    pair.nbytes = sum(size for _, size in objects)
    pair.objects = len(objects)
    if raw_bytes != pair.nbytes:
        results.notes.append(
            f"{coll.name}: `cp -r` copied {raw_bytes} bytes, the backup {pair.nbytes}"
        )
    results.backups.append(pair)
    results.restores.append(
        _restore_pair(settings, "local", service, client, gateway, store, backup_root,
                      names[-1], info, coll)
    )
    service.delete(names.pop())


def _local_count(
    service: BenchService,
    client: MilvusClient,
    smalls: Sequence[dataset.Loaded],
    results: Results,
) -> None:
    count = len(smalls)
    name = f"bench_count_{count}"
    _say(f"local: {count} small collections")
    baselines.sync()
    backup, info = service.backup(name, [c.name for c in smalls])
    renames = {c.name: f"{c.name}_r" for c in smalls}
    restore, _ = service.restore(name, renames)
    for coll in smalls:
        _verify_rows(client, renames[coll.name], coll.rows)
        client.drop_collection(renames[coll.name])
    service.delete(name)
    nbytes = sum(size for _, size in baselines.binlog_objects(info))
    results.counts.append(CountPoint(count, nbytes, backup, restore))
    _say(f"  backup {backup.seconds:.2f} s, restore {restore.seconds:.2f} s")


def _local_profiles(
    service: BenchService,
    client: MilvusClient,
    work: Path,
    loaded: Sequence[dataset.Loaded],
    results: Results,
) -> None:
    """Profiles of the first local backup and the first local restore that missed a target,
    each of its own collection."""
    backups = [p for p in results.backups if p.setup == "local"]
    restores = [p for p in results.restores if p.setup == "local"]
    backup = next(
        (i for i, p in enumerate(backups)
         if p.ratio < p.target or max(m.peak_rss for m in p.service) > RSS_MAX), None)
    restore = next(
        (i for i, p in enumerate(restores)
         if p.ratio > RESTORE_RATIO_MAX or p.peak_rss > RSS_MAX), None)
    if backup is None and restore is None:
        return
    _say("local: profiling the first backup and restore that missed a target")
    for index in sorted({i for i in (backup, restore) if i is not None}):
        coll = loaded[index]
        name = f"{coll.name}_profiled"
        baselines.sync()
        take = functools.partial(service.backup, name, [coll.name])
        if index == backup:
            _profiled(results, "local backup", service.pid, work / "backup.pyspy", take)
        else:
            take()
        if index == restore:
            restored = f"{coll.name}_profiled_r"
            _profiled(results, "local restore", service.pid, work / "restore.pyspy",
                      functools.partial(service.restore, name, {coll.name: restored}))
            client.drop_collection(restored)
        service.delete(name)


# -- S3 -----------------------------------------------------------------------------------------


@contextmanager
def _milvus_on_s3(settings: Settings, moto: MotoServer, bucket: str) -> Iterator[EmbeddedMilvus]:
    server = EmbeddedMilvus(
        settings.work_dir / "milvus-s3",
        env={
            **MILVUS_ENV,
            **moto.milvus_storage_env(bucket, S3_ROOT),
        },
    )
    try:
        yield server.start()
    finally:
        server.stop()


def _empty_prefix(client: Any, bucket: str, prefix: str) -> None:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    for page in pages:
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})


def _moto_log(moto: MotoServer) -> RequestLog:
    # MotoServer keeps the server's output (werkzeug's one line per request) in its log dir.
    log_dir = moto._log_dir  # noqa: SLF001 - the fixture exposes only the tail of it
    assert log_dir is not None
    return RequestLog(log_dir / "moto.log")


@dataclass(frozen=True)
class _S3Case:
    setup: str
    baseline: str
    backup_side: dict[str, str]
    dst: Any  # boto3 client of the destination
    dst_bucket: str
    server_side: bool
    logs: tuple[RequestLog, ...]


def run_s3(settings: Settings, results: Results) -> None:
    """Milvus on moto S3: server-side and streaming backups, and a restore."""
    work = settings.work_dir / "s3"
    shutil.rmtree(settings.work_dir / "milvus-s3", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    with MotoServer() as moto_a, MotoServer() as moto_b:
        milvus_bucket = moto_a.new_bucket("milvus")
        backup_bucket = moto_a.new_bucket("backup")
        stream_bucket = moto_b.new_bucket("stream")
        with _milvus_on_s3(settings, moto_a, milvus_bucket) as milvus:
            results.versions["S3 storage (moto)"] = milvus.version
            client, gateway = _clients(milvus.host, milvus.port)
            try:
                coll = dataset.load_vectors(
                    client, f"bench_s3_{settings.s3_size_mib}mib", settings.s3_size_mib * MiB
                )
                dataset.flush_all(gateway, [coll.name])
                common = {
                    "milvus.address": milvus.host,
                    "milvus.port": str(milvus.port),
                    **moto_a.settings(milvus_bucket),
                    "minio.rootPath": S3_ROOT,
                    "minio.backupRootPath": "backup",
                }
                pool = settings.copy_concurrency
                src = baselines.s3_client(moto_a.endpoint, moto_a.access_key, moto_a.secret_key,
                                          pool)
                dst_b = baselines.s3_client(moto_b.endpoint, moto_b.access_key,
                                            moto_b.secret_key, pool)
                log_a, log_b = _moto_log(moto_a), _moto_log(moto_b)
                cases = [
                    _S3Case("S3 server-side", "boto3 CopyObject",
                            moto_a.settings(backup_bucket, "backup"), src, backup_bucket, True,
                            (log_a,)),
                    _S3Case("S3 streaming", "boto3 GetObject+PutObject",
                            moto_b.settings(stream_bucket, "backup"), dst_b, stream_bucket,
                            False, (log_a, log_b)),
                ]
                for case in cases:
                    _s3_backup(settings, work, common, case, coll, src, milvus_bucket, results)
                _s3_restore(settings, work, common, client, gateway, coll, results)
            finally:
                gateway.close()
                client.close()


def _count_requests(logs: Sequence[RequestLog], work: Callable[[], object]) -> dict[str, int]:
    for request_log in logs:
        request_log.mark()
    work()
    total: dict[str, int] = {}
    for request_log in logs:
        for kind, count in request_log.counts().items():
            total[kind] = total.get(kind, 0) + count
    return total


def _s3_backup(
    settings: Settings,
    work: Path,
    common: dict[str, str],
    case: _S3Case,
    coll: dataset.Loaded,
    src: Any,
    src_bucket: str,
    results: Results,
) -> None:
    _say(f"{case.setup}: {coll.name} ({coll.rows} rows)")
    label = case.setup.lower().replace(" ", "-")
    objects: list[tuple[str, int]] = []
    names: list[str] = []
    with BenchService(work, label, {**common, **case.backup_side},
                      settings.service_settings) as service:
        results.idle_rss[case.setup] = service.idle_rss

        def service_run(attempt: int) -> tuple[Measured, pb.BackupInfo]:
            if names:
                service.delete(names.pop())
            name = f"{coll.name}_b{attempt}"
            names.append(name)
            measured, info = service.backup(name, [coll.name])
            if not objects:
                objects.extend(baselines.binlog_objects(info))
            return measured, info

        def raw_run(attempt: int) -> baselines.Timed:
            # The first round runs the service first: its BackupInfo names the objects.
            assert objects, "the baseline needs the objects of a backup"
            prefix = f"raw{attempt}"
            timed = baselines.boto3_copy(src, src_bucket, case.dst, case.dst_bucket, objects,
                                         prefix, settings.copy_concurrency, case.server_side)
            _empty_prefix(case.dst, case.dst_bucket, prefix + "/")
            return timed

        pair = BackupPair(case.setup, case.baseline, 0, 0)
        _backup_pair_runs(pair, settings.repeats, service_run, raw_run)
        pair.nbytes = sum(size for _, size in objects)
        pair.objects = len(objects)
        results.backups.append(pair)
        while names:
            service.delete(names.pop())
        # One more run of each, counting the requests moto served, to show the difference.
        counted = f"{coll.name}_counted"
        results.requests[case.setup] = {
            "service": _count_requests(case.logs, lambda: service.backup(counted,
                                                                         [coll.name])),
            "baseline": _count_requests(case.logs, lambda: raw_run(settings.repeats)),
        }
        service.delete(counted)
        missed = pair.ratio < pair.target or max(m.peak_rss for m in pair.service) > RSS_MAX
        if settings.profile and missed:
            _say(f"{case.setup}: profiling a backup (a target was missed)")
            name = f"{coll.name}_profiled"
            _profiled(results, f"{case.setup} backup", service.pid, work / f"{label}.pyspy",
                      lambda: service.backup(name, [coll.name]))
            service.delete(name)
    if not case.server_side:
        _streaming_parallelism(settings, work, {**common, **case.backup_side}, coll, results)


def _streaming_parallelism(
    settings: Settings, work: Path, service_settings: dict[str, str], coll: dataset.Loaded,
    results: Results,
) -> None:
    """Peak RSS of a streaming backup at other copy parallelisms: it must not grow with them."""
    for parallelism in STREAM_THREAD_COUNTS:
        if parallelism == settings.copy_concurrency:
            continue
        label = f"s3-streaming-p{parallelism}"
        overrides = {**service_settings, "backup.parallelism.copydata": str(parallelism)}
        with BenchService(work, label, overrides, settings.service_settings) as service:
            name = f"{coll.name}_p{parallelism}"
            measured, _ = service.backup(name, [coll.name])
            service.delete(name)
        results.streaming_parallelism.append((parallelism, measured.peak_rss, measured.seconds))
        _say(f"  streaming, parallelism {parallelism}: {mib(measured.peak_rss)} MiB, "
             f"{measured.seconds:.2f} s")


def _s3_restore(
    settings: Settings,
    work: Path,
    common: dict[str, str],
    client: MilvusClient,
    gateway: MilvusGateway,
    coll: dataset.Loaded,
    results: Results,
) -> None:
    """Restore from a backup in Milvus's own bucket, which Milvus imports in place."""
    _say(f"S3 restore: {coll.name}")
    config = load_config(None, env={}, overrides=common)
    store = open_storage(config.backup_storage)
    with BenchService(work, "s3-same-bucket", common, settings.service_settings) as service:
        name = f"{coll.name}_same"
        _, info = service.backup(name, [coll.name])
        pair = _restore_pair(settings, "S3 (same bucket)", service, client, gateway, store,
                             "backup", name, info, coll)
        results.restores.append(pair)
        if settings.profile and (pair.ratio > RESTORE_RATIO_MAX or pair.peak_rss > RSS_MAX):
            again = f"{coll.name}_profiled_r"
            _profiled(results, "S3 restore", service.pid, work / "restore.pyspy",
                      lambda: service.restore(name, {coll.name: again}))
            client.drop_collection(again)
        service.delete(name)


# -- the report ---------------------------------------------------------------------------------

# What the service process imports, heaviest last: the idle RSS table of the memory section.
_SERVICE_IMPORTS = [
    "grpc",
    "boto3",
    "azure.storage.blob",
    "pymilvus",
    "milvus_backup_grpc.cli, milvus_backup_grpc.api.grpc_server, milvus_backup_grpc.api.rest",
]


def run_suite(
    settings: Settings, local: LocalMilvus, *, command: str, with_s3: bool = True
) -> Report:
    """Measure everything and return the report (not yet written).

    The measurements are also pickled to ``work_dir/results.pickle``, so the report can be
    rebuilt (``python -m benchmarks --rebuild FILE``) without measuring again.
    """
    started = time.time()
    results = Results()
    results.memory_reclaimers = host.memory_reclaimers()
    results.code_measured = code_revision(Path(__file__).resolve().parents[1])
    results.checksum = dict(settings.service_settings).get("backup.checksum", digest.DEFAULT)
    results.hash_rates = hash_rates()
    load_start = os.getloadavg()[0]
    _say(f"start-up: {settings.startup_runs} runs each of list, import grpc, a bare interpreter")
    results.startup = measure_startup(settings.work_dir, settings.startup_runs)
    run_local(settings, local, results)
    _say(f"incremental backups: a collection of {max(settings.sizes_mib)} MiB")
    results.incremental = run_incremental(
        settings.work_dir, local, max(settings.sizes_mib), settings.restore_repeats,
        settings.service_settings,
    )
    if with_s3:
        run_s3(settings, results)
    results.import_rss = import_rss(_SERVICE_IMPORTS)
    results.started = started
    results.duration = time.time() - started
    results.with_s3 = with_s3
    results.load = (load_start, os.getloadavg()[0])
    with (settings.work_dir / "results.pickle").open("wb") as out:
        pickle.dump((settings, results, command), out)
    return build_report(settings, results, command)


def build_report(settings: Settings, results: Results, command: str) -> Report:
    """The report of measured ``results``."""
    machine = machine_facts(results.versions)
    if getattr(results, "memory_reclaimers", ""):  # absent in older pickles
        machine["Host memory reclaim"] = results.memory_reclaimers
    if getattr(results, "code_measured", ""):
        machine["Code measured"] = results.code_measured
    if getattr(results, "hash_rates", ""):
        machine["Hashing on one core"] = results.hash_rates
    report = Report(
        machine=machine,
        command=command,
        date=time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(results.started)),
        settings={
            "Sizes (local)": ", ".join(f"{s} MiB" for s in settings.sizes_mib),
            "Size (S3)": f"{settings.s3_size_mib} MiB" if results.with_s3 else "not run",
            "Collection counts": ", ".join(map(str, settings.counts))
            + f" (of {settings.small_rows} rows each)",
            "Segment counts": ", ".join(map(str, getattr(settings, "segment_counts", ())))
            + f" (of {getattr(settings, 'segment_rows', 0)} rows each, one collection each)",
            "Runs per pair": f"{settings.repeats} per backup pair, "
            f"{settings.restore_repeats} per restore pair, "
            f"{getattr(settings, 'startup_runs', 0)} per start-up command",
            "Duration": f"{results.duration / 60:.1f} min",
            "Load average (1 min) at start / end": f"{results.load[0]:.2f} / {results.load[1]:.2f}"
            " (anything else running on the machine shares its cores with the benchmark)",
        },
    )
    build_sections(report, settings, results)
    if getattr(results, "segments", None):  # absent in older pickles
        report.sections.append(
            segments_section(results.segments, results.versions.get("local storage", "?"))
        )
    logical = logical_section(results, report.summary)
    if logical is not None:
        report.sections.append(logical)
    return report


def rebuild_report(path: Path) -> Report:
    """The report of the measurements ``run_suite`` pickled (only files this tool wrote)."""
    with path.open("rb") as saved:
        settings, results, command = pickle.load(saved)  # noqa: S301 - our own file
    return build_report(settings, results, command)
