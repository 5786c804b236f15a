"""What the command line prints, and the one place that decides its exit status.

Every verb hands its result, and main hands every error, to an ``Output``. Behind it a
console writer prints text, or (``--json``) a JSON writer prints one JSON document on stdout:
the result, or ``{"error": {"code": ..., "message": ...}}`` (plus ``"result"`` when an
operation ran and failed, e.g. a restore whose collections failed). The ``code`` is the name of
upstream's ``ResponseCode`` the same failure gets over gRPC and REST (``api/codes.py``).

Exit statuses (``ExitCode``)::

    0    success
    1    the operation ran and failed (Fail),
         or the configuration cannot be used (ConfigError, Fail like any engine error)
    2    usage: the command line itself is wrong (argparse, a malformed --set, clashing ports)
    3    the request was refused before anything changed (Parameter_Error)
    4    the backup, task or collection named does not exist (Request_Object_Not_Found)
    130  interrupted (Ctrl-C); the message says what state the operation was left in

Progress goes to stderr, never stdout: a live display (phase, bytes done/total, rate, ETA) when
stderr is a terminal, else one whole line every ``interval`` seconds, so cron, CI and
Kubernetes logs see it. Log records share that stream: the live display prints them above
itself, and progress lines are single writes of whole lines.
"""

from __future__ import annotations

import json
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    # Start-up time: rich is loaded for a live display only, and the response codes (the
    # backup model's protobuf messages) for an error only; most commands need neither.
    from rich.console import Console
    from rich.progress import TaskID

DEFAULT_PROGRESS_INTERVAL = 5.0
PROGRESS_INTERVAL_ENV = "MILVUS_BACKUP_PROGRESS_INTERVAL"


class ExitCode(IntEnum):
    """The documented exit statuses of the command line."""

    OK = 0
    FAILED = 1
    USAGE = 2
    REFUSED = 3
    NOT_FOUND = 4
    INTERRUPTED = 130  # 128 + SIGINT, as shells report a process ended by Ctrl-C


class UsageError(Exception):
    """The command line is malformed (unknown flag, missing argument, bad value).

    Attributes:
        usage: the usage text of the (sub)command, shown with the error on a console.
    """

    def __init__(self, message: str, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


class Interrupted(Exception):
    """Ctrl-C stopped the operation; the message says what state it left.

    Attributes:
        result: the verb's JSON result at the time it stopped (e.g. the restore task), if any.
        text: the same for people.
    """

    def __init__(self, message: str, result: Any = None, text: str = "") -> None:
        super().__init__(message)
        self.result = result
        self.text = text


@dataclass(frozen=True)
class ErrorReport:
    """An error as printed: upstream's code name, the message, and the exit status."""

    code: str
    message: str
    exit_code: ExitCode


def report_for(error: BaseException) -> ErrorReport:
    """How an error is reported; the exit status follows its upstream ResponseCode."""
    from .api.codes import code_for
    from .pb import backup_pb2 as pb

    if isinstance(error, UsageError):
        return ErrorReport(pb.ResponseCode.Name(pb.Parameter_Error), str(error), ExitCode.USAGE)
    if isinstance(error, Interrupted):
        return ErrorReport(pb.ResponseCode.Name(pb.Fail), str(error), ExitCode.INTERRUPTED)
    code = code_for(error)
    exit_code = {
        pb.Parameter_Error: ExitCode.REFUSED,
        pb.Request_Object_Not_Found: ExitCode.NOT_FOUND,
    }.get(code, ExitCode.FAILED)
    return ErrorReport(pb.ResponseCode.Name(code), str(error), exit_code)


def _current(stream: TextIO | None, default: Callable[[], TextIO]) -> TextIO:
    # sys.stdout / sys.stderr are looked up when written, not when the writer is made: tests
    # (and rich's live display) swap them.
    return stream if stream is not None else default()


class Writer(ABC):
    """Prints results and errors in one format."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self._stdout = stdout
        self._stderr = stderr

    @property
    def stdout(self) -> TextIO:
        """Where results go."""
        return _current(self._stdout, lambda: sys.stdout)

    @property
    def stderr(self) -> TextIO:
        """Where messages for the person at the terminal go."""
        return _current(self._stderr, lambda: sys.stderr)

    @abstractmethod
    def result(self, text: str, data: Any) -> None:
        """Print a verb's result: ``text`` for people, ``data`` (JSON-able) for programs."""

    @abstractmethod
    def error(self, report: ErrorReport, text: str = "", data: Any = None) -> None:
        """Print an error; ``text``/``data`` are the failed operation's result, if any."""

    def note(self, text: str) -> None:
        """A message for the person at the terminal (stderr, in every format)."""
        self.stderr.write(text + "\n")
        self.stderr.flush()


class ConsoleWriter(Writer):
    """Text for people: results on stdout, errors on stderr."""

    def result(self, text: str, data: Any) -> None:
        """Print the text of a result."""
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def error(self, report: ErrorReport, text: str = "", data: Any = None) -> None:
        """Print what the operation left (stdout), then ``error: message`` (stderr)."""
        if text:
            self.result(text, data)
        self.note(f"error: {report.message}")


class JsonWriter(Writer):
    """One JSON document on stdout for every result and every error."""

    def _dump(self, document: Any) -> None:
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        self.stdout.flush()

    def result(self, text: str, data: Any) -> None:
        """Print ``data`` as JSON."""
        self._dump(data)

    def error(self, report: ErrorReport, text: str = "", data: Any = None) -> None:
        """Print ``{"error": {"code", "message"}}``, with ``"result"`` when there is one."""
        document: dict[str, Any] = {"error": {"code": report.code, "message": report.message}}
        if data is not None:
            document["result"] = data
        self._dump(document)


@dataclass(frozen=True)
class ProgressState:
    """One reading of a task: what it does, bytes done of total, overall percent."""

    phase: str
    bytes_done: int = 0
    bytes_total: int = 0
    percent: int = 0


class ProgressDisplay(ABC):
    """Shows a running task's progress on stderr; a context manager."""

    @abstractmethod
    def update(self, state: ProgressState) -> None:
        """Show the latest reading (the display decides whether to draw it now)."""

    @abstractmethod
    def close(self) -> None:
        """Stop drawing (the last reading stays visible)."""

    def __enter__(self) -> ProgressDisplay:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def human_bytes(size: float) -> str:
    """Bytes in binary units, e.g. 1536 -> '1.5 KiB'."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def human_duration(seconds: float) -> str:
    """A duration such as '45s', '3m05s' or '2h07m'."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


class LineProgress(ProgressDisplay):
    """A whole progress line every ``interval`` seconds, for logs that are not a terminal.

    The first reading is printed at once, then at most one line per interval, and the last
    reading when the display closes, so a short task still shows its start and end.
    """

    def __init__(
        self,
        label: str,
        interval: float,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.interval = interval
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._printed_at: float | None = None
        self._last: ProgressState | None = None
        self._last_printed: ProgressState | None = None

    def line(self, state: ProgressState, now: float) -> str:
        """The text of one progress line."""
        parts = [f"{self.label}: {state.phase or 'running'}"]
        if state.bytes_total:
            parts.append(f"{human_bytes(state.bytes_done)} of {human_bytes(state.bytes_total)}")
            elapsed = now - self._started
            if state.bytes_done and elapsed > 0:
                rate = state.bytes_done / elapsed
                parts.append(f"{human_bytes(rate)}/s")
                remaining = max(0, state.bytes_total - state.bytes_done)
                parts.append(f"ETA {human_duration(remaining / rate)}")
            else:
                parts.append("ETA unknown")
        return ", ".join(parts) + f" ({state.percent}%)"

    def _print(self, state: ProgressState, now: float) -> None:
        stream = _current(self._stream, lambda: sys.stderr)
        stream.write(self.line(state, now) + "\n")  # one write of a whole line
        stream.flush()
        self._printed_at = now
        self._last_printed = state

    def update(self, state: ProgressState) -> None:
        """Print the reading if none was printed yet or the interval has passed."""
        self._last = state
        now = self._clock()
        if self._printed_at is None or now - self._printed_at >= self.interval:
            self._print(state, now)

    def close(self) -> None:
        """Print the last reading, unless it is the one printed last."""
        if self._last is not None and self._last != self._last_printed:
            self._print(self._last, self._clock())


class LiveProgress(ProgressDisplay):
    """A live bar on a terminal (rich): phase, bytes done/total, rate and time left.

    While it runs, rich routes whatever else is written to stderr (log records) above the
    bar, so a log line never lands inside it.
    """

    def __init__(
        self,
        label: str,
        console: Console | None = None,
        clock: Callable[[], float] = time.monotonic,
        auto_refresh: bool = True,
    ) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            TextColumn("{task.fields[phase]}"),
            BarColumn(bar_width=24),
            TextColumn("{task.fields[percent]:>3}%"),
            DownloadColumn(binary_units=True),
            TransferSpeedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            redirect_stderr=True,
            redirect_stdout=False,
            get_time=clock,
            auto_refresh=auto_refresh,
        )
        self._task: TaskID = self._progress.add_task(label, total=None, phase="", percent=0)
        self._progress.start()

    def update(self, state: ProgressState) -> None:
        """Redraw with the reading; bytes are unknown (a pulsing bar) until the total is."""
        self._progress.update(
            self._task,
            total=state.bytes_total or None,
            completed=state.bytes_done,
            phase=state.phase,
            percent=state.percent,
        )

    def close(self) -> None:
        """Stop the live display, leaving its last frame on the terminal."""
        self._progress.stop()


class Output:
    """The CLI's one output layer: results, errors, progress, and the exit status."""

    def __init__(
        self,
        json_mode: bool = False,
        *,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        live: bool | None = None,
        interval: float = DEFAULT_PROGRESS_INTERVAL,
    ) -> None:
        """Args:
        json_mode: print JSON documents instead of text.
        live: draw a live display; default: whether stderr is a terminal.
        interval: seconds between progress lines when not live.
        """
        writer_type = JsonWriter if json_mode else ConsoleWriter
        self.writer: Writer = writer_type(stdout, stderr)
        self.json_mode = json_mode
        self._stderr = stderr
        self.live = live
        self.interval = interval
        self.exit_status = ExitCode.OK

    def result(self, text: str, data: Any) -> None:
        """A verb succeeded with this result."""
        self.writer.result(text, data)

    def failed(self, message: str, text: str = "", data: Any = None) -> None:
        """The operation ran and failed; ``text``/``data`` say how far it got."""
        from .pb import backup_pb2 as pb

        self._error(
            ErrorReport(pb.ResponseCode.Name(pb.Fail), message, ExitCode.FAILED), text, data
        )

    def error(self, error: BaseException, text: str = "", data: Any = None) -> None:
        """Report an error; its kind decides the exit status (``report_for``)."""
        if isinstance(error, Interrupted):
            data = error.result if data is None else data
            text = text or error.text
        self._error(report_for(error), text, data)

    def _error(self, report: ErrorReport, text: str, data: Any) -> None:
        self.writer.error(report, text, data)
        # The first error decides: a later one is a consequence of it.
        if self.exit_status == ExitCode.OK:
            self.exit_status = report.exit_code

    def note(self, text: str) -> None:
        """A message for the person at the terminal, on stderr."""
        self.writer.note(text)

    def progress(self, label: str) -> ProgressDisplay:
        """A progress display for one task, on stderr."""
        stderr = _current(self._stderr, lambda: sys.stderr)
        live = self.live if self.live is not None else stderr.isatty()
        if live:
            from rich.console import Console

            return LiveProgress(label, Console(file=stderr) if self._stderr else None)
        return LineProgress(label, self.interval, self._stderr)


def progress_interval(flag: float | None, environ: Mapping[str, str]) -> float:
    """Seconds between progress lines: the flag, else the environment variable, else 5.

    Raises:
        UsageError: the environment variable is not a positive number.
    """
    if flag is not None:
        return flag
    text = environ.get(PROGRESS_INTERVAL_ENV, "").strip()
    if not text:
        return DEFAULT_PROGRESS_INTERVAL
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise UsageError(f"{PROGRESS_INTERVAL_ENV}={text!r} must be a positive number of seconds")
    return value
