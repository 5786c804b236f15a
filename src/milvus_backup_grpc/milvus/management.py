"""Milvus's management HTTP endpoint: pausing garbage collection during a backup.

Compaction and garbage collection can delete a segment's binlogs between the moment a backup
lists them and the moment it copies them. Milvus 2.4+ lets a client pause GC for a while; on
servers without the endpoint (2.2/2.3 answer 404) the backup goes on with a warning, as the
pause is a safety margin, not a requirement.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

_PATH = "/management/datacoord/garbage_collection/"


def _get(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - configured URL
            return 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("Milvus management call %s failed: %s", url, exc)
        return False


@contextmanager
def gc_paused(address: str, seconds: int) -> Iterator[bool]:
    """Pause Milvus GC for the block (at most ``seconds``); yields whether it was paused."""
    base = address if "://" in address else f"http://{address}"
    query = urllib.parse.urlencode({"pause_seconds": seconds})
    paused = _get(f"{base.rstrip('/')}{_PATH}pause?{query}")
    if paused:
        log.info("Milvus garbage collection paused for up to %d s via %s", seconds, base)
    else:
        log.warning(
            "could not pause Milvus garbage collection via %s; the backup goes on, "
            "but compaction may remove binlogs before they are copied",
            base,
        )
    try:
        yield paused
    finally:
        if paused and _get(f"{base.rstrip('/')}{_PATH}resume"):
            log.info("Milvus garbage collection resumed")
