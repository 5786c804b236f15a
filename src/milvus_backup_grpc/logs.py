"""Structured logging: one JSON object per line, with configured secrets masked.

Logs go to stderr (``log.console``) and, when ``log.file.filename`` is set, to that file.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import ConfigError


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "thread": record.threadName,
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _SecretFilter(logging.Filter):
    """Replaces any configured secret that a message would otherwise print."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        masked = text
        for secret in self.secrets:
            masked = masked.replace(secret, "****")
        if masked != text:
            record.msg, record.args = masked, None
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (it may be swapped, e.g. by tests)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def setup_logging(
    level: str = "info",
    secrets: Iterable[str] = (),
    json_lines: bool = True,
    console: bool = True,
    file: str = "",
) -> None:
    """Send logs to stderr as JSON lines (or plain text), masking ``secrets``.

    Args:
        console: log to stderr (``log.console``).
        file: also append JSON lines to this file (``log.file.filename``), creating its
            directory; "" for none.

    Raises:
        ConfigError: the log file cannot be opened.
    """
    handlers: list[logging.Handler] = []
    if console:
        stderr = _StderrHandler()
        stderr.setFormatter(
            _JsonFormatter()
            if json_lines
            else logging.Formatter("%(levelname)s %(name)s: %(message)s")
        )
        handlers.append(stderr)
    if file:
        try:
            Path(file).parent.mkdir(parents=True, exist_ok=True)
            to_file = logging.FileHandler(file, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"log.file.filename {file!r} cannot be opened for writing ({exc.strerror or exc}); "
                "give a writable path, or leave it empty to log to stderr only"
            ) from exc
        to_file.setFormatter(_JsonFormatter())
        handlers.append(to_file)
    secret_filter = _SecretFilter(secrets)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        if isinstance(old, logging.FileHandler):
            old.close()
    for handler in handlers:
        handler.addFilter(secret_filter)
        root.addHandler(handler)
    if not handlers:
        root.addHandler(logging.NullHandler())  # else logging's last resort prints warnings
    root.setLevel(level.upper() if level.upper() in logging._nameToLevel else "INFO")
