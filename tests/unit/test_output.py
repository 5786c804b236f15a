"""The CLI's output layer: JSON and text writers, exit statuses, progress displays."""

from __future__ import annotations

import io
import json
import logging

import pytest
from rich.console import Console

from milvus_backup_grpc.errors import (
    BackupError,
    ConfigError,
    ConflictError,
    LayoutError,
    NotFoundError,
    RequestError,
    StorageError,
    TaskCancelled,
)
from milvus_backup_grpc.logs import _StderrHandler
from milvus_backup_grpc.output import (
    DEFAULT_PROGRESS_INTERVAL,
    PROGRESS_INTERVAL_ENV,
    ExitCode,
    Interrupted,
    LineProgress,
    LiveProgress,
    Output,
    ProgressState,
    UsageError,
    human_bytes,
    human_duration,
    progress_interval,
    report_for,
)

MiB = 1024 * 1024


def _output(json_mode: bool) -> tuple[Output, io.StringIO, io.StringIO]:
    stdout, stderr = io.StringIO(), io.StringIO()
    return Output(json_mode, stdout=stdout, stderr=stderr, live=False), stdout, stderr


@pytest.mark.parametrize(
    ("error", "code", "exit_code"),
    [
        (RequestError("bad name"), "Parameter_Error", ExitCode.REFUSED),
        (ConflictError("name taken"), "Parameter_Error", ExitCode.REFUSED),
        (NotFoundError("no such backup"), "Request_Object_Not_Found", ExitCode.NOT_FOUND),
        (StorageError("disk full"), "Fail", ExitCode.FAILED),
        (LayoutError("bad meta"), "Fail", ExitCode.FAILED),
        (TaskCancelled("cancelled"), "Fail", ExitCode.FAILED),
        (BackupError("failed"), "Fail", ExitCode.FAILED),
        (ValueError("a bug"), "Fail", ExitCode.FAILED),
        (UsageError("unrecognized arguments: --x"), "Parameter_Error", ExitCode.USAGE),
        (ConfigError("--set milvus.prot: unknown key"), "Fail", ExitCode.FAILED),
        (Interrupted("interrupted"), "Fail", ExitCode.INTERRUPTED),
    ],
)
def test_each_error_prints_json_with_its_code_and_sets_the_exit_status(
    error: BaseException, code: str, exit_code: ExitCode
) -> None:
    out, stdout, stderr = _output(json_mode=True)
    out.error(error)
    assert json.loads(stdout.getvalue()) == {"error": {"code": code, "message": str(error)}}
    assert out.exit_status == exit_code
    assert stderr.getvalue() == ""


def test_exit_codes_are_the_documented_numbers() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 130]
    assert report_for(NotFoundError("x")).exit_code == 4


def test_console_writer_puts_results_on_stdout_and_errors_on_stderr() -> None:
    out, stdout, stderr = _output(json_mode=False)
    out.result("backup nightly deleted", {"name": "nightly"})
    assert stdout.getvalue() == "backup nightly deleted\n"
    out.error(NotFoundError("backup 'x' not found"))
    assert stderr.getvalue() == "error: backup 'x' not found\n"
    assert out.exit_status == ExitCode.NOT_FOUND


def test_json_result_is_one_document() -> None:
    out, stdout, _ = _output(json_mode=True)
    out.result("text for people", [{"name": "a"}, {"name": "b"}])
    assert json.loads(stdout.getvalue()) == [{"name": "a"}, {"name": "b"}]
    assert out.exit_status == ExitCode.OK


def test_a_failed_operation_carries_its_result_beside_the_error() -> None:
    out, stdout, _ = _output(json_mode=True)
    out.failed("restore r1 failed: import failed", "restore r1: FAIL", {"id": "r1"})
    document = json.loads(stdout.getvalue())
    assert document == {
        "error": {"code": "Fail", "message": "restore r1 failed: import failed"},
        "result": {"id": "r1"},
    }
    assert out.exit_status == ExitCode.FAILED


def test_an_interruption_carries_what_was_left() -> None:
    out, stdout, stderr = _output(json_mode=False)
    out.error(Interrupted("interrupted: restore r1 cancelled", {"id": "r1"}, "restore r1: FAIL"))
    assert stdout.getvalue() == "restore r1: FAIL\n"
    assert stderr.getvalue() == "error: interrupted: restore r1 cancelled\n"
    assert out.exit_status == ExitCode.INTERRUPTED


def test_the_first_error_decides_the_exit_status() -> None:
    out, _, _ = _output(json_mode=False)
    out.error(NotFoundError("missing"))
    out.error(BackupError("and then this"))
    assert out.exit_status == ExitCode.NOT_FOUND


def test_human_units() -> None:
    assert human_bytes(512) == "512 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(3 * MiB) == "3.0 MiB"
    assert human_duration(45) == "45s"
    assert human_duration(185) == "3m05s"
    assert human_duration(7620) == "2h07m"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_line_progress_prints_whole_lines_once_per_interval() -> None:
    stream = io.StringIO()
    clock = _Clock()
    bar = LineProgress("backup nightly", interval=5, stream=stream, clock=clock)
    bar.update(ProgressState("reading default.products", 0, 0, 1))
    clock.now += 2
    bar.update(ProgressState("copying binlogs", 10 * MiB, 40 * MiB, 27))  # within the interval
    clock.now += 3
    bar.update(ProgressState("copying binlogs", 20 * MiB, 40 * MiB, 50))
    clock.now += 1
    bar.update(ProgressState("writing metadata", 40 * MiB, 40 * MiB, 95))
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "backup nightly: reading default.products (1%)",
        # 20 MiB in the 5 s since the display started: 4 MiB/s, 20 MiB to go
        "backup nightly: copying binlogs, 20.0 MiB of 40.0 MiB, 4.0 MiB/s, ETA 5s (50%)",
        "backup nightly: writing metadata, 40.0 MiB of 40.0 MiB, 6.7 MiB/s, ETA 0s (95%)",
    ]
    assert stream.getvalue().endswith("\n")


def test_line_progress_does_not_repeat_its_last_line_on_close() -> None:
    stream = io.StringIO()
    bar = LineProgress("restore r1", interval=5, stream=stream, clock=_Clock())
    with bar:
        bar.update(ProgressState("preparing", 0, 0, 1))
    assert stream.getvalue() == "restore r1: preparing (1%)\n"


def test_line_progress_without_bytes_yet_says_eta_unknown() -> None:
    bar = LineProgress("restore r1", interval=5, stream=io.StringIO(), clock=_Clock())
    line = bar.line(ProgressState("restoring collections", 0, 8 * MiB, 5), now=100.0)
    assert line == "restore r1: restoring collections, 0 B of 8.0 MiB, ETA unknown (5%)"


def test_live_progress_draws_phase_bytes_rate_and_eta_on_a_terminal() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    clock = _Clock()
    with LiveProgress("backup nightly", console, clock) as bar:
        bar.update(ProgressState("copying binlogs", 0, 40 * MiB, 5))
        for done in (5 * MiB, 10 * MiB):
            clock.now += 2.5
            bar.update(ProgressState("copying binlogs", done, 40 * MiB, 30))
    last_frame = screen.getvalue().rsplit("\r", 1)[-1]
    assert "backup nightly" in last_frame
    assert "copying binlogs" in last_frame
    assert "10.0/40.0 MiB" in last_frame
    assert "30%" in last_frame
    # 5 MiB in 2.5 s, 30 MiB to go
    assert "2.1 MB/s" in last_frame
    assert "ETA 0:00:15" in last_frame


def test_output_picks_the_live_display_only_for_a_terminal() -> None:
    out, _, _ = _output(json_mode=True)
    with out.progress("backup x") as bar:
        assert isinstance(bar, LineProgress)


def test_progress_interval_from_flag_environment_or_default() -> None:
    assert progress_interval(0.5, {PROGRESS_INTERVAL_ENV: "9"}) == 0.5
    assert progress_interval(None, {PROGRESS_INTERVAL_ENV: "9"}) == 9.0
    assert progress_interval(None, {}) == DEFAULT_PROGRESS_INTERVAL
    with pytest.raises(UsageError, match=PROGRESS_INTERVAL_ENV):
        progress_interval(None, {PROGRESS_INTERVAL_ENV: "soon"})
    with pytest.raises(UsageError):
        progress_interval(None, {PROGRESS_INTERVAL_ENV: "0"})


def test_a_log_record_during_the_live_display_prints_as_a_whole_line_above_it() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    logger = logging.getLogger("tests.output.live")
    handler = _StderrHandler()  # the CLI's log handler: writes to whatever sys.stderr is now
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    # Only this handler: a handler an earlier test left on the root logger would print it twice.
    logger.propagate = False
    try:
        # No refresh thread: a redraw racing the record under load is rich's timing, not ours.
        with LiveProgress("backup nightly", console, _Clock(), auto_refresh=False) as bar:
            bar.update(ProgressState("copying binlogs", 1 * MiB, 4 * MiB, 30))
            logger.warning("segment 7 is growing, not flushed: skipped")
            bar.update(ProgressState("copying binlogs", 2 * MiB, 4 * MiB, 55))
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    lines = screen.getvalue().replace("\r", "\n").splitlines()
    logged = [line for line in lines if "segment 7" in line]
    assert len(logged) == 1
    # the record stands alone on its line (cursor codes aside), with no part of the bar in it
    assert logged[0].endswith("WARNING segment 7 is growing, not flushed: skipped")
    assert "backup nightly" not in logged[0] and "MiB" not in logged[0]
