"""Turning the measurements into RESULTS.md's sections, with targets, verdicts and findings."""

from __future__ import annotations

import os
import statistics

from milvus_backup_grpc.storage import digest

from .incremental import incremental_section
from .report import (
    SCALE_SERIES_END,
    GiB,
    MiB,
    Report,
    Section,
    Table,
    line,
    linear_fit,
    mib,
    rate,
    ratio,
    seconds,
    unmeasured_end,
    verdict,
)
from .results import (
    RESTORE_RATIO_MAX,
    RSS_FLAT,
    RSS_MAX,
    STARTUP_RSS_MAX,
    STARTUP_SECONDS_MAX,
    BackupPair,
    Results,
    Settings,
)
from .service import Measured
from .startup import BARE, GRPC, LIST, Startup


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def build_sections(report: Report, settings: Settings, results: Results) -> None:
    """Add the four sections and the summary of targets to ``report``."""
    summary = Table("Targets", ["Benchmark", "Measured", "Target", "Verdict"])
    report.summary = summary
    report.sections.append(_backup_section(settings, results, summary))
    report.sections.append(_restore_section(settings, results, summary))
    report.sections.append(_memory_section(settings, results, summary))
    report.sections.append(_scale_section(settings, results, summary))
    if results.notes:
        report.sections[-1].findings.extend(results.notes)
    startup: Startup | None = getattr(results, "startup", None)  # absent in older pickles
    if startup is not None:
        report.sections.append(_startup_section(startup, summary))
    incremental = getattr(results, "incremental", None)  # absent in older pickles
    if incremental is not None:
        report.sections.append(incremental_section(incremental, summary))


def _profiles(section: Section, results: Results, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in results.profiles:
            section.profiles.append(
                (f"py-spy profile of one more {key} (the service process, every thread; the "
                 "source line of each leaf frame after `|`):",
                 results.profiles[key].text)
            )


# Leaf frames of idle pool threads and of the gRPC server loop: waiting, not working.
_IDLE_FRAMES = ("threading.py", "concurrent/futures", "grpc/_server.py", "grpc/_channel.py")


def _hot_lines(results: Results, key: str, count: int = 3) -> str:
    """The busiest source lines of a profile, as a clause for a finding."""
    profile = results.profiles.get(key)
    if profile is None:
        return ""
    busy = [h for h in profile.hotspots if not any(m in h.frame for m in _IDLE_FRAMES)]
    if not busy:
        return ""
    shown = "; ".join(
        f"{h.share:.0%} `{h.code or h.frame}` ({h.frame})" for h in busy[:count]
    )
    return f" The busiest lines of the profile below: {shown}."


def _backup_section(settings: Settings, results: Results, summary: Table) -> Section:
    section = Section(
        "backup",
        "1. Backup throughput",
        "Bytes of binlogs per second of a synchronous `CreateBackup` (flush, describe, list, "
        "copy, verify, write the metadata), against a raw copy of the same objects in the same "
        "run: `cp -r` of the collection's binlog directories followed by one `sync` (as "
        "durable as the backup) for local storage; a plain boto3 "
        f"copy with the service's concurrency ({settings.copy_concurrency} threads) for S3, "
        "CopyObject to another bucket of the same endpoint (server-side) and GetObject + "
        "PutObject to a second moto server (streaming). The local source files are read "
        "before every run, so each starts from the same page cache, and "
        "the service makes one unmeasured backup (a long-running service's first request "
        "also pays its one-time imports and connections), before a pair; then service and "
        "baseline runs alternate, with a `sync` before each; each "
        f"figure is the median of {settings.repeats} runs. Ratio = service MiB/s / baseline "
        "MiB/s. Under each pair, what the host did during each run: the memory the kernel "
        "reclaimed (by kswapd, and of it by the running task itself, which waits for it) and "
        "the CPU time the hypervisor gave to others (steal); a run that paid for either is "
        "slow for reasons outside the code measured (the machine facts name the host's "
        "memory reclaimer).",
    )
    table = Table(
        "Backup against a raw copy",
        ["Setup", "Binlogs (MiB)", "Objects", "Service (s)", "Service (MiB/s)", "Baseline",
         "Baseline (s)", "Baseline (MiB/s)", "Ratio", "Target"],
    )
    for pair in results.backups:
        ok = pair.ratio >= pair.target
        table.add(pair.setup, mib(pair.nbytes), pair.objects, seconds(pair.service_seconds),
                  rate(pair.nbytes, pair.service_seconds), pair.baseline,
                  seconds(pair.raw_seconds), rate(pair.nbytes, pair.raw_seconds),
                  ratio(pair.ratio), f">= {pair.target} {verdict(ok)}")
        extra = ""
        if pair.setup == "local":
            extra = f"; the `sync` after each took {_runs([t.sync_seconds for t in pair.raw])} s"
        table.notes.append(
            f"- {pair.setup}, {mib(pair.nbytes)} MiB: service runs "
            f"{_runs([m.seconds for m in pair.service])} s; "
            f"{pair.baseline} runs {_runs([t.seconds for t in pair.raw])} s{extra}"
        )
        if getattr(pair, "service_host", None):  # absent in older pickles
            table.notes.append(
                f"  - the host during each run (memory reclaimed/of it directly, CPU stolen): "
                f"service {'; '.join(map(str, pair.service_host))}; "
                f"{pair.baseline} {'; '.join(map(str, pair.raw_host))}"
            )
        summary.add(f"Backup throughput, {pair.setup}, {mib(pair.nbytes)} MiB",
                    f"ratio {ratio(pair.ratio)}", f">= {pair.target}", verdict(ok))
    section.tables.append(table)
    phases = _phase_table(results)
    if phases is not None:
        section.tables.append(phases)
    if results.requests:
        kinds = sorted({k for sides in results.requests.values() for c in sides.values()
                        for k in c})
        requests = Table("S3 requests moto served during one more backup and one baseline copy",
                         ["Setup", "Side", *kinds, "Total"])
        for setup, sides in results.requests.items():
            for side, counts in sides.items():
                requests.add(setup, side, *(counts.get(k, 0) for k in kinds),
                             sum(counts.values()))
        section.tables.append(requests)
    section.findings.extend(_backup_findings(results))
    _profiles(section, results, ("local backup", "S3 server-side backup", "S3 streaming backup"))
    return section


def _first_missed(results: Results) -> BackupPair | None:
    """The local backup pair the benchmark profiles: the first that missed its target."""
    return next((p for p in results.backups if p.setup == "local" and p.ratio < p.target), None)


def _median_timed(pair: BackupPair) -> Measured | None:
    """The median service run among those whose phases the log gave."""
    timed = sorted((m for m in pair.service if m.phases), key=lambda m: m.seconds)
    return timed[len(timed) // 2] if timed else None


def _phase_table(results: Results) -> Table | None:
    """Each local size's median backup, phase by phase, beside its baseline."""
    runs = [(p, m) for p in results.backups if p.setup == "local"
            if (m := _median_timed(p)) is not None]
    if not runs:
        return None
    kinds = list(dict.fromkeys(kind for _, m in runs for kind, _ in m.phases))
    table = Table(
        "Where a local backup's time goes (the median run, from the service's log)",
        ["Binlogs (MiB)", "Service (s)", "Service CPU (s)", *(f"{kind} (s)" for kind in kinds),
         "cp -r + sync (s)"],
    )
    for pair, measured in runs:
        spent = dict(measured.phases)
        table.add(mib(pair.nbytes), seconds(measured.seconds), seconds(measured.cpu_seconds),
                  *(f"{spent[kind]:.3f}" if kind in spent else "" for kind in kinds),
                  seconds(pair.raw_seconds))
    table.notes.append(
        "- checking: the request's checks before its task exists (collections, schemas, "
        "where Milvus's binlogs are); preparing: claiming the name; starting: the first task "
        "record; reading and flushing: describing and flushing each collection and listing "
        f"its binlogs; copying: the kernel copies, the {_checksum(results)} "
        "reads and the writeback they start; syncing: one `syncfs`; writing: the manifest "
        "and metadata; done: the final task record. The rest of the service's time is the "
        "request's round trip. Service CPU: user and system time of all its threads over "
        "the request (`/proc/PID/stat`)."
    )
    return table


def _checksum(results: Results) -> str:
    """The hash the run's backups recorded, as messages name it."""
    return digest.SHOWN.get(results.checksum, results.checksum)


def _phase_profile(pair: BackupPair, checksum: str) -> str:
    """Where the median service run's time went, from the service's log, against the copy."""
    median = _median_timed(pair)
    if median is None:
        return ""
    copy = sum(spent for kind, spent in median.phases if kind == "copying")
    cores = os.cpu_count() or 1
    busy = ""
    if median.cpu_seconds:
        used = median.cpu_seconds / median.seconds
        busy = (
            f" The service used {median.cpu_seconds:.2f} s of CPU in those "
            f"{median.seconds:.2f} s, {used:.1f} of the machine's {cores} cores"
            + (f": the copy is bound by CPU (the kernel's copies, the {checksum} of every "
               "byte, and the writeback's I/O submission), where `cp -r` spends it on the "
               "copy alone." if used >= 0.75 * cores else
               ", so the rest of its time it waited, on the disk's writeback.")
        )
    return (
        f" In the median run ({seconds(median.seconds)} s; its phases are in the table "
        f"above), the copy phase took {copy:.2f} s against {pair.raw_seconds:.2f} s for "
        f"`cp -r` and `sync`, and the phases around it {median.seconds - copy:.2f} s."
        + busy
    )


def _fixed_cost(results: Results, pair: BackupPair) -> str:
    """What the fit of the local backups over size says a request costs, against ``pair``."""
    local = [p for p in results.backups if p.setup == "local"]
    if len(local) < 2:
        return ""
    slope, intercept = linear_fit([p.nbytes / GiB for p in local],
                                  [p.service_seconds for p in local])
    if intercept <= 0:
        return ""
    return (
        f" The fit of the service's time over the sizes (4.) is {slope:.2f} s per GiB plus "
        f"{intercept:.2f} s a request; the baseline took {pair.raw_seconds:.2f} s here, so "
        f"the fixed part alone is {100 * intercept / pair.raw_seconds:.0f}% of it, and weighs "
        "less as the size grows."
    )


def _host_share(pair: BackupPair) -> str:
    """What the host took from each side of a pair, when it took enough to matter."""
    service, raw = getattr(pair, "service_host", []), getattr(pair, "raw_host", [])
    if not service or not raw:
        return ""
    stolen = [statistics.median(a.steal_seconds for a in side) for side in (service, raw)]
    reclaimed = [sum(a.reclaimed_mib for a in side) for side in (service, raw)]
    if max(stolen) < 0.05 and max(reclaimed) < 1:
        return ""
    return (
        f" The host took its share too: the hypervisor stole a median {stolen[0]:.2f} s of "
        f"CPU during the service's runs ({stolen[0] / pair.service_seconds:.0%} of their median "
        f"time) and {stolen[1]:.2f} s during the baseline's, and the kernel reclaimed "
        f"{reclaimed[0]:.0f} and {reclaimed[1]:.0f} MiB in all (the runs' figures are under the "
        "table above)."
    )


def _backup_findings(results: Results) -> list[str]:
    """Why a backup pair missed its target, from what was measured."""
    findings = []
    local = [p for p in results.backups if p.setup == "local"]
    quickest = min((p.raw_seconds / p.nbytes for p in local if p.nbytes), default=0.0)
    for pair in results.backups:
        if pair.ratio >= pair.target:
            if pair in local and quickest and pair.raw_seconds / pair.nbytes > 2 * quickest:
                # A met verdict that rests on a baseline slower than its own smaller sizes.
                copies = [t.seconds for t in pair.raw]
                findings.append(
                    f"local at {mib(pair.nbytes)} MiB (ratio {ratio(pair.ratio)}): the "
                    f"baseline was slow in this run: `cp -r` alone took "
                    f"{min(copies):.2f}-{max(copies):.2f} s, "
                    f"{pair.raw_seconds / pair.nbytes / quickest:.1f} times as long per byte "
                    "(with its `sync`) as at the quickest size, while the service's time "
                    "grew in step with the size; the ratio overstates the margin, and the "
                    "other sizes' ratios are the better guide."
                )
            continue
        where = f"{pair.setup} at {mib(pair.nbytes)} MiB (ratio {ratio(pair.ratio)})"
        if pair.setup == "local":
            findings.append(
                f"{where}: the service copies the binlogs in the kernel and then syncs the "
                "backup's filesystem once (`syncfs`) before it writes the manifest and metadata, "
                "as `cp -r` and `sync` do, but it also reads every byte again to hash it "
                f"({_checksum(results)}) for the manifest, and a request has a fixed cost: the "
                "flush, "
                "describe and listing calls to Milvus, and the task record, resume plan, "
                "manifest and metadata, each fsynced."
                + _phase_profile(pair, _checksum(results))
                + _fixed_cost(results, pair)
                + _host_share(pair)
                + (_hot_lines(results, "local backup") if pair is _first_missed(results)
                   else "")
            )
        else:
            counts = results.requests.get(pair.setup, {})
            service = sum(counts.get("service", {}).values())
            baseline = sum(counts.get("baseline", {}).values())
            if pair.setup == "S3 server-side":
                why = ("it sends one CopyObject per binlog and lists the backup's prefix once "
                       "per 1,000 copies to check each landed with its size and ETag, plus the "
                       "backup's own records (manifest, metadata, task record)")
            else:
                why = ("it lists the backup's prefix once per 1,000 copies to check each landed "
                       "with its size, and sends objects above two 16 MiB parts as multipart "
                       "uploads (create, parts, complete)")
            findings.append(
                f"{where}: the service sent {service} requests to moto where the plain copy "
                f"sent {baseline} (table above): {why}. moto answers every request in one "
                "Python process on these two cores, so each request costs; the profile shows "
                "the copy threads waiting for moto's answers (`SocketIO.readinto`), not "
                "computing."
                + _host_share(pair)
                + _hot_lines(results, f"{pair.setup} backup")
            )
    return findings


def _restore_section(settings: Settings, results: Results, summary: Table) -> Section:
    section = Section(
        "restore",
        "2. Restore",
        "End-to-end synchronous `RestoreBackup` (create the collection, import every segment "
        "in backup mode, wait) against the benchmark doing the same by hand in the same run: "
        "create a collection of the backed-up schema, call Milvus's Import (backup mode, the "
        "project's gateway) on each segment group's directories, all at once, and poll every 0.1 s "
        "until each completes. Every restored collection is checked for the source's row "
        f"count. Service and direct runs alternate; each figure is the median of "
        f"{settings.restore_repeats} runs. Ratio = service time / direct time.",
    )
    table = Table(
        "RestoreBackup against a direct Import",
        ["Setup", "Binlogs (MiB)", "Rows", "Service import jobs", "Direct imports",
         "RestoreBackup (s)", "Direct import (s)", "Ratio", f"Target <= {RESTORE_RATIO_MAX}"],
    )
    for pair in results.restores:
        ok = pair.ratio <= RESTORE_RATIO_MAX
        jobs = max(m.import_jobs for m in pair.service)
        table.add(pair.setup, mib(pair.nbytes), pair.rows, jobs or "-", pair.imports,
                  seconds(pair.service_seconds), seconds(pair.direct_seconds),
                  ratio(pair.ratio), verdict(ok))
        table.notes.append(
            f"- {pair.setup}, {mib(pair.nbytes)} MiB: service runs "
            f"{_runs([m.seconds for m in pair.service])} s; direct runs "
            f"{_runs([t.seconds for t in pair.direct])} s"
        )
        summary.add(f"Restore, {pair.setup}, {mib(pair.nbytes)} MiB",
                    f"ratio {ratio(pair.ratio)}", f"<= {RESTORE_RATIO_MAX}", verdict(ok))
        if not ok:
            gap = pair.service_seconds - pair.direct_seconds
            where = (f"{pair.setup} at {mib(pair.nbytes)} MiB (ratio {ratio(pair.ratio)}, "
                     f"{gap:.2f} s more)")
            if gap <= 1.5:
                section.findings.append(
                    f"{where}: the service polls each import every `backup.importPollSeconds` "
                    "(1 s by default) where the direct run polls every 0.1 s, so a restore "
                    "ends up to a second after Milvus finished it; on imports of a few "
                    "seconds that second is the whole difference."
                )
            else:
                spread = [t.seconds for t in pair.direct] + [m.seconds for m in pair.service]
                profiled = " and the profile shows the service's threads idle in `_wait_import`" \
                    if "local restore" in results.profiles and pair.setup == "local" else ""
                section.findings.append(
                    f"{where}: more than polling explains. Both sides send the same imports "
                    f"at once and then only wait{profiled}: the extra time passes inside "
                    "Milvus. Milvus 2.3 marks an import task completed, and starts the next "
                    "one, only on a fixed 2-second tick, so each task's end is rounded up to "
                    "a tick and a run that finishes just after one waits for the next: with "
                    f"{pair.imports} import tasks run one after another, runs of the same "
                    f"restore took {min(spread):.1f}-{max(spread):.1f} s here."
                )
    packed = [p for p in results.restores if 0 < max(m.import_jobs for m in p.service) < p.imports]
    if packed:
        section.findings.append(
            "The service ran fewer import jobs than the direct run, which imports each segment "
            "group on its own: Milvus before 2.4 reads every segment below the directory it "
            "is given, so the service imports a partition's directory whole when it holds "
            "just the backup's segments, and Milvus 2.3 then pays its 2-second tick per job "
            "once rather than once per segment."
        )
    section.tables.append(table)
    _profiles(section, results, ("local restore", "S3 restore"))
    return section


def _memory_section(settings: Settings, results: Results, summary: Table) -> Section:
    section = Section(
        "memory",
        "3. Memory",
        "Peak RSS (VmHWM) of the service process during each operation, the high-water mark "
        "reset (`/proc/PID/clear_refs`) just before it; for repeated runs, the highest.",
    )
    table = Table(
        "Peak RSS of the service",
        ["Operation", "Setup", "Binlogs (MiB)", "Peak RSS (MiB)",
         f"Target <= {mib(RSS_MAX)} MiB"],
    )
    worst = 0
    series: dict[str, list[tuple[int, int]]] = {}
    for pair in results.backups:
        peak = max(m.peak_rss for m in pair.service)
        worst = max(worst, peak)
        series.setdefault(f"backup, {pair.setup}", []).append((pair.nbytes, peak))
        table.add("backup", pair.setup, mib(pair.nbytes), mib(peak), verdict(peak <= RSS_MAX))
    for rpair in results.restores:
        worst = max(worst, rpair.peak_rss)
        series.setdefault(f"restore, {rpair.setup}", []).append((rpair.nbytes, rpair.peak_rss))
        table.add("restore", rpair.setup, mib(rpair.nbytes), mib(rpair.peak_rss),
                  verdict(rpair.peak_rss <= RSS_MAX))
    for point in results.counts:
        for op, measured in (("backup", point.backup), ("restore", point.restore)):
            worst = max(worst, measured.peak_rss)
            table.add(f"{op}, {point.count} collections", "local", mib(point.nbytes),
                      mib(measured.peak_rss), verdict(measured.peak_rss <= RSS_MAX))
    table.notes.append(
        "Idle RSS after start: "
        + ", ".join(f"{setup} {mib(rss)} MiB" for setup, rss in results.idle_rss.items())
    )
    section.tables.append(table)
    growth = Table(
        "Growth with data size",
        ["Operation", "Sizes (MiB)", "Peak RSS (MiB)", "Slope (MiB per GiB)",
         "Largest vs smallest", f"Flat (<= {RSS_FLAT:.0%})"],
    )
    flat_all = True
    for name, points in series.items():
        if len(points) < 2:
            continue
        points.sort()
        slope, _ = linear_fit([n / GiB for n, _ in points], [p / MiB for _, p in points])
        change = points[-1][1] / points[0][1] - 1
        flat = change <= RSS_FLAT
        flat_all = flat_all and flat
        growth.add(name, ", ".join(mib(n) for n, _ in points),
                   ", ".join(mib(p) for _, p in points), f"{slope:+.1f}", f"{change:+.1%}",
                   verdict(flat))
    section.tables.append(growth)
    if results.import_rss:
        imports = Table(
            "Where the idle RSS goes: one fresh interpreter importing the service's modules "
            "in turn",
            ["Imported", "RSS (MiB)", "Added (MiB)"],
        )
        before = results.import_rss[0][1]
        added: dict[str, int] = {}
        for module, rss in results.import_rss:
            added[module] = rss - before
            imports.add(f"`{module}`", mib(rss), mib(rss - before))
            before = rss
        section.tables.append(imports)
        section.findings.append(
            f"pymilvus adds {mib(added.get('+ pymilvus', 0))} MiB to the process: its package "
            "imports pandas, pyarrow and numpy. The service speaks to Milvus through stubs "
            "generated into its own package (`milvus_backup_grpc.milvuspb`) and loads pymilvus "
            "only where it reads rows (the logical format) or opens a Milvus Lite database, so "
            "physical backups and restores do not pay it."
        )
    if len(results.counts) >= 2:
        first, last = results.counts[0], results.counts[-1]
        grew = last.backup.peak_rss - first.backup.peak_rss
        section.findings.append(
            f"The collection-count series: from {first.count} to {last.count} collections the "
            f"backup's peak RSS went from {mib(first.backup.peak_rss)} to "
            f"{mib(last.backup.peak_rss)} MiB, "
            f"{grew / max(1, last.count - first.count) / 1024:.0f} KiB per collection "
            "(every point's peak is in the table of peak RSS)."
        )
    if results.streaming_parallelism:
        streaming = [p for p in results.backups if p.setup == "S3 streaming"][-1]
        by_parallelism = Table(
            "Streaming backup against copy parallelism (`backup.parallelism.copydata`)",
            ["Parallelism", "Peak RSS (MiB)", "Backup (s)", "Backup (MiB/s)"],
        )
        for parallelism, peak, secs in results.streaming_parallelism:
            by_parallelism.add(parallelism, mib(peak), seconds(secs),
                               rate(streaming.nbytes, secs))
        by_parallelism.add(f"{settings.copy_concurrency} (default)",
                           mib(max(m.peak_rss for m in streaming.service)),
                           seconds(streaming.service_seconds),
                           rate(streaming.nbytes, streaming.service_seconds))
        section.tables.append(by_parallelism)
        points = sorted([*((p, peak) for p, peak, _ in results.streaming_parallelism),
                         (settings.copy_concurrency,
                          max(m.peak_rss for m in streaming.service))])
        # From the default thread count up: fewer threads may well hold less.
        upward = [peak for p, peak in points if p >= settings.copy_concurrency]
        flat_threads = max(upward) <= min(upward) * (1 + RSS_FLAT)
        span = f"{points[0][0]} to {points[-1][0]} copy threads"
        summary.add("Peak RSS against copy threads (S3 streaming)",
                    f"{', '.join(mib(v) for _, v in points)} MiB ({span})",
                    f"flat from {settings.copy_concurrency} up (<= {RSS_FLAT:.0%} growth)",
                    verdict(flat_threads))
        section.findings.append(
            f"Streaming backups with {span}: the peak goes from "
            f"{mib(points[0][1])} to {mib(points[-1][1])} MiB. Streams reserve what they "
            "hold from `backup.parallelism.streamMemoryMiB` before they start, whatever "
            "`backup.parallelism.copydata` is, and the service keeps two malloc arenas "
            "(`heap.py`), so buffers freed by one copy thread serve the next instead of "
            "staying with the thread that allocated them."
        )
    for pair in results.backups:
        peak = max(m.peak_rss for m in pair.service)
        idle = results.idle_rss.get(pair.setup, 0)
        if peak > RSS_MAX and pair.setup != "S3 streaming":
            section.findings.append(
                f"backup, {pair.setup}, {mib(pair.nbytes)} MiB: peak {mib(peak)} MiB, of which "
                f"{mib(idle)} MiB is the idle process and {mib(peak - idle)} MiB the copies "
                f"({settings.copy_concurrency} at once)."
            )
    summary.add("Peak RSS, every operation", f"max {mib(worst)} MiB", f"<= {mib(RSS_MAX)} MiB",
                verdict(worst <= RSS_MAX))
    summary.add("Peak RSS against data size", "see 3.", f"flat (<= {RSS_FLAT:.0%} growth)",
                verdict(flat_all))
    return section


def _scale_section(settings: Settings, results: Results, summary: Table) -> Section:
    section = Section(
        "scale",
        "4. Scale",
        "Service time against data size (the local backups and restores above, medians) and "
        f"against collection count ({', '.join(map(str, settings.counts))} collections of "
        f"{settings.small_rows} rows, one backup and one restore of all of them). Slopes are "
        "least-squares fits; the intercept is the fixed cost of a request.",
    )
    sizes = Table(
        "Time against data size (local storage)",
        ["Binlogs (MiB)", "Backup (s)", "Backup (MiB/s)", "Restore (s)", "Restore (MiB/s)"],
    )
    local_backups = [p for p in results.backups if p.setup == "local"]
    local_restores = [p for p in results.restores if p.setup == "local"]
    for pair, rpair in zip(local_backups, local_restores, strict=True):
        sizes.add(mib(pair.nbytes), seconds(pair.service_seconds),
                  rate(pair.nbytes, pair.service_seconds), seconds(rpair.service_seconds),
                  rate(rpair.nbytes, rpair.service_seconds))
    gib = [p.nbytes / GiB for p in local_backups]
    b_slope, b_icpt = linear_fit(gib, [p.service_seconds for p in local_backups])
    r_slope, r_icpt = linear_fit(gib, [p.service_seconds for p in local_restores])
    sizes.notes.append(
        f"Slope: backup {line(b_slope, b_icpt, 'GiB', 2)}; restore "
        f"{line(r_slope, r_icpt, 'GiB', 2)}."
    )
    section.tables.append(sizes)
    counts = Table(
        "Time against collection count (local storage)",
        ["Collections", "Binlogs (MiB)", "Backup (s)", "Backup per collection (s)",
         "Restore (s)", "Restore per collection (s)"],
    )
    for point in results.counts:
        counts.add(point.count, mib(point.nbytes), seconds(point.backup.seconds),
                   seconds(point.backup.seconds / point.count), seconds(point.restore.seconds),
                   seconds(point.restore.seconds / point.count))
    xs = [float(p.count) for p in results.counts]
    cb_slope, cb_icpt = linear_fit(xs, [p.backup.seconds for p in results.counts])
    cr_slope, cr_icpt = linear_fit(xs, [p.restore.seconds for p in results.counts])
    counts.notes.append(
        f"Slope: backup {line(cb_slope, cb_icpt, 'collection', 3)}; restore "
        f"{line(cr_slope, cr_icpt, 'collection', 3)}."
    )
    section.tables.append(counts)
    if len(results.counts) >= 2:
        first = results.counts[0]
        span = f"{first.count} to {results.counts[-1].count} collections"
        section.findings.append(
            f"Fixed cost per collection ({span} of {settings.small_rows} rows): backup "
            f"{cb_slope:.3f} s, restore {cr_slope:.3f} s, the slopes of the fits above. A "
            "request's own fixed cost is at most what the smallest point "
            f"({first.count} collection{'' if first.count == 1 else 's'}) took: "
            f"{first.backup.seconds:.2f} s to back up, {first.restore.seconds:.2f} s to "
            "restore (the fits' intercepts, set by the largest points, say little of it)."
        )
        summary.add(f"Scale: fixed cost per collection ({span})",
                    f"backup {cb_slope:.3f} s, restore {cr_slope:.3f} s", "stated", "stated")
    section.findings.append(
        "A restore's per-collection cost is Milvus's: each collection is at least one import "
        "task, and Milvus 2.3 gives a DataNode one import task at a time (a standalone server "
        "has one DataNode). Its root coordinator marks a persisted task completed, and frees "
        "the DataNode for the next one, on a fixed 2-second tick (`flipPersistedTaskInterval` "
        "in its import manager), so each task takes about 2 s however small, and "
        "`backup.parallelism.restoreCollection` cannot overlap them there. The service asks "
        "after 0.1 s, then twice as long each time up to `backup.importPollSeconds` (1 s)."
    )
    largest = max((p.count for p in results.counts), default=0)
    if 0 < largest < SCALE_SERIES_END and len(results.counts) >= 2:
        section.findings.append(unmeasured_end(
            f"{largest} collections", f"{SCALE_SERIES_END:,} collections",
            cb_icpt + cb_slope * SCALE_SERIES_END, cr_icpt + cr_slope * SCALE_SERIES_END,
        ))
    return section


def _startup_section(startup: Startup, summary: Table) -> Section:
    listing = startup.runs[LIST]
    runs = len(listing.seconds)
    section = Section(
        "startup",
        "5. CLI start-up",
        "The whole command `milvus-backup-grpc --json --config FILE list` on an empty local backup "
        "root (its bytecode compiled, as an install leaves it), "
        "from process start to exit, against a bare interpreter (`python -c pass`) and one "
        'that imports grpc (`python -c "import grpc"`) in the same run; the three commands '
        f"alternate, {runs} runs each after one unmeasured run. Peak RSS is the process's "
        "`ru_maxrss`. Commands that only read the backup store import neither pymilvus (whose "
        "package loads pandas and pyarrow) nor a cloud storage SDK the configuration does not "
        "name; tests/unit/test_startup_imports.py keeps it so.",
    )
    table = Table(
        "Start-up of one command",
        ["Command", "Median (s)", "Runs (s)", "Peak RSS (MiB)", "Against `import grpc`"],
    )
    grpc_seconds = startup.runs[GRPC].median_seconds
    for name in (LIST, GRPC, BARE):
        measured = startup.runs[name]
        table.add(f"`{name}`", f"{measured.median_seconds:.3f}", _runs(measured.seconds),
                  mib(measured.median_rss), ratio(measured.median_seconds / grpc_seconds))
    section.tables.append(table)
    fast = listing.median_seconds <= STARTUP_SECONDS_MAX
    lean = listing.median_rss <= STARTUP_RSS_MAX
    summary.add("CLI start-up, `list` on an empty root",
                f"{listing.median_seconds:.3f} s ({ratio(startup.ratio)} x `import grpc`)",
                f"<= {STARTUP_SECONDS_MAX} s", verdict(fast))
    summary.add("CLI start-up, peak RSS", f"{mib(listing.median_rss)} MiB",
                f"<= {mib(STARTUP_RSS_MAX)} MiB", verdict(lean))
    if not fast:
        section.findings.append(
            f"`list` took {listing.median_seconds:.3f} s, {ratio(startup.ratio)} times "
            "`import grpc` in the same run: the command itself imports the project's modules "
            "(configuration with yaml, the backup model with protobuf, the output layer with "
            "rich). Where the ratio is near its usual value and only the absolute time "
            "misses, the machine was loaded (see the load average above)."
        )
    return section
