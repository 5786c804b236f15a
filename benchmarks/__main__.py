"""``python -m benchmarks``: run the benchmarks of issue 6 and write benchmarks/RESULTS.md.

The defaults are the issues' sizes: 1,000 collections take most of the time, because each is
an import job of its own and Milvus 2.3 finishes one about every 2 s (about an hour in all on
2 cores); ``--quick`` runs small sizes in a few minutes, and ``--counts`` /
``--segments`` choose the series' points. ``make bench BENCH_ARGS="--quick"`` passes flags
through make.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from milvus_backup_grpc.testing.embedded import EmbeddedMilvus

from .results import Settings
from .suite import MILVUS_ENV, rebuild_report, run_suite

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
LAST_RUN = Path(tempfile.gettempdir()) / "milvus-backup-bench-last.pickle"


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", type=_ints, default=(256, 512, 1024),
                        help="MiB of binlogs of the local collections (default 256,512,1024)")
    parser.add_argument("--s3-size", type=int, default=None,
                        help="MiB of binlogs of the collection on S3 (default: the largest size)")
    parser.add_argument("--counts", type=_ints, default=(1, 10, 100, 1000),
                        help="collection counts of the scale series (default 1,10,100,1000)")
    parser.add_argument("--segments", type=_ints, default=(10, 100, 1000),
                        help="segment counts of the restore-against-segments series "
                        "(default 10,100,1000; 0 skips it)")
    parser.add_argument("--segment-rows", type=int, default=100,
                        help="rows of each segment of that series")
    parser.add_argument("--small-rows", type=int, default=1000,
                        help="rows of each collection of the count series")
    parser.add_argument("--repeats", type=int, default=3, help="runs per backup pair")
    parser.add_argument("--restore-repeats", type=int, default=2, help="runs per restore pair")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: --sizes 16,32,64 --counts 1,5,10 --segments 5,20,50 "
                        "--repeats 2")
    parser.add_argument("--no-s3", action="store_true", help="skip the S3 (moto) benchmarks")
    parser.add_argument("--logical-sizes", type=_ints, default=None,
                        help="sizes (MiB, of --sizes) of the logical section (default: all)")
    parser.add_argument("--no-profile", action="store_true",
                        help="do not profile operations that miss a target")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the report goes")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where Milvus data and backups go (default: a fresh temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir afterwards")
    parser.add_argument("--rebuild", type=Path, default=None, metavar="PICKLE",
                        help="write the report of a kept run's results.pickle, measuring nothing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; 0 when the report was written (targets met or not)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s bench %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    if args.rebuild is not None:
        args.out.write_text(rebuild_report(args.rebuild).markdown(), encoding="utf-8")
        logging.info("wrote %s from %s", args.out, args.rebuild)
        return 0
    if args.quick:
        args.sizes, args.counts, args.repeats = (16, 32, 64), (1, 5, 10), 2
        args.segments = (5, 20, 50)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="milvus-backup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        work_dir=work,
        sizes_mib=tuple(sorted(args.sizes)),
        s3_size_mib=args.s3_size or max(args.sizes),
        counts=tuple(sorted(args.counts)),
        segment_counts=tuple(sorted(c for c in args.segments if c > 0)),
        segment_rows=args.segment_rows,
        small_rows=args.small_rows,
        repeats=args.repeats,
        restore_repeats=args.restore_repeats,
        profile=not args.no_profile,
        logical_sizes_mib=args.logical_sizes,
    )
    shown = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    command = f"make bench ({shown.strip()})" if os.environ.get("MAKELEVEL") else shown.strip()
    started = time.monotonic()
    try:
        shutil.rmtree(work / "milvus-local", ignore_errors=True)
        with EmbeddedMilvus(work / "milvus-local", env=MILVUS_ENV) as milvus:
            logging.info("Milvus %s on local storage at %s", milvus.version, milvus.address)
            report = run_suite(settings, milvus, command=command, with_s3=not args.no_s3)
    finally:
        saved = work / "results.pickle"
        if saved.exists():
            # Kept outside the work dir, so a report can be rebuilt after it is removed.
            shutil.copy(saved, LAST_RUN)
            logging.info("measurements saved to %s (--rebuild %s)", LAST_RUN, LAST_RUN)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(report.markdown(), encoding="utf-8")
    logging.info("wrote %s in %.1f min", args.out, (time.monotonic() - started) / 60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
