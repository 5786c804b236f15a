"""Milvus's management HTTP endpoint: pausing garbage collection during a backup.

Compaction and garbage collection can delete a segment's binlogs between the moment a backup
lists them and the moment it copies them. Milvus 2.4+ lets a client pause GC for a while;
Milvus 2.6.8+ pauses it per collection and answers with a ticket that resumes just that
collection, so a backup holds back GC only for what it copies (as upstream does since #870).
On servers without the endpoint (2.2/2.3 answer 404) the backup goes on with a warning, as
the pause is a safety margin, not a requirement.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from types import TracebackType

from .versions import ServerFeatures, gc_pause_query, gc_resume_query

log = logging.getLogger(__name__)

_PATH = "/management/datacoord/garbage_collection/"


def _get(url: str) -> str | None:
    """The body of a successful GET; None (logged) when it failed."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - configured URL
            if not 200 <= int(response.status) < 300:
                log.warning("Milvus management call %s answered HTTP %s", url, response.status)
                return None
            return bytes(response.read()).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("Milvus management call %s failed: %s", url, exc)
        return None


def _ticket(body: str) -> str:
    try:
        answer = json.loads(body)
    except ValueError:
        return ""
    return str(answer.get("ticket", "")) if isinstance(answer, dict) else ""


class GCPause:
    """Milvus GC held back while a backup copies: per collection where Milvus offers it.

    Entered, it pauses the whole cluster on servers before 2.6.8; on 2.6.8+ it pauses nothing
    until ``pause_collection`` names a collection. Leaving it (success, failure or cancel)
    resumes every ticket it holds, or the cluster.
    """

    def __init__(self, address: str, seconds: int, features: ServerFeatures) -> None:
        self.base = (address if "://" in address else f"http://{address}").rstrip("/")
        self.seconds = seconds
        self.per_collection = features.collection_gc_pause
        self.features = features
        self.cluster_paused = False
        #: collection ID -> ticket of its pause
        self.tickets: dict[int, str] = {}
        self._lock = threading.Lock()

    def _url(self, action: str, query: dict[str, str]) -> str:
        text = urllib.parse.urlencode(query)
        return f"{self.base}{_PATH}{action}" + (f"?{text}" if text else "")

    def __enter__(self) -> GCPause:
        if not self.per_collection:
            url = self._url("pause", gc_pause_query(self.features, self.seconds))
            self.cluster_paused = _get(url) is not None
            if self.cluster_paused:
                log.info("Milvus GC paused for up to %d s via %s", self.seconds, self.base)
            else:
                log.warning(
                    "could not pause Milvus garbage collection via %s; the backup goes on, "
                    "but compaction may remove binlogs before they are copied",
                    self.base,
                )
        return self

    def pause_collection(self, collection_id: int) -> None:
        """Hold back GC of one collection (Milvus 2.6.8+; before, the cluster is paused)."""
        if not self.per_collection:
            return
        body = _get(self._url("pause", gc_pause_query(self.features, self.seconds, collection_id)))
        ticket = _ticket(body) if body is not None else ""
        if not ticket:
            log.warning(
                "could not pause Milvus GC of collection %d via %s; the backup goes on",
                collection_id,
                self.base,
            )
            return
        with self._lock:
            self.tickets[collection_id] = ticket
        log.info("Milvus GC of collection %d paused for up to %d s", collection_id, self.seconds)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            tickets, self.tickets = self.tickets, {}
        for collection_id, ticket in sorted(tickets.items()):
            if _get(self._url("resume", gc_resume_query(ticket))) is not None:
                log.info("Milvus GC of collection %d resumed", collection_id)
        if self.cluster_paused and _get(self._url("resume", gc_resume_query())) is not None:
            self.cluster_paused = False
            log.info("Milvus garbage collection resumed")
