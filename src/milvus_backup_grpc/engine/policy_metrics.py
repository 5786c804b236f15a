"""Per-policy Prometheus metrics, on prometheus_client's default registry.

Whatever serves the default registry (the REST listener's ``/metrics``) shows them. The gauges
are set from the run history in storage on every scheduler tick, so every replica reports the
same last run and last success, whichever replica ran it; the run counter counts the runs this
process made.
"""

from __future__ import annotations

from contextlib import suppress

from prometheus_client import Counter, Gauge

LAST_SUCCESS = Gauge(
    "milvus_backup_policy_last_success_timestamp_seconds",
    "Unix time the policy's last successful run ended (0: never).",
    ["policy"],
)
LAST_RUN = Gauge(
    "milvus_backup_policy_last_run_timestamp_seconds",
    "Unix time the policy's last run started (0: never).",
    ["policy"],
)
STALE = Gauge(
    "milvus_backup_policy_stale",
    "1 when the policy's last success is older than twice its interval.",
    ["policy"],
)
RUNS = Counter(
    "milvus_backup_policy_runs",
    "Runs of the policy made by this process, by outcome (success, failed).",
    ["policy", "outcome"],
)


def observe(policy: str, last_run_ms: int, last_success_ms: int, stale: bool) -> None:
    """Set a policy's gauges from its status."""
    LAST_RUN.labels(policy=policy).set(last_run_ms / 1000)
    LAST_SUCCESS.labels(policy=policy).set(last_success_ms / 1000)
    STALE.labels(policy=policy).set(1 if stale else 0)


def count_run(policy: str, outcome: str) -> None:
    """Count one finished run of this process."""
    RUNS.labels(policy=policy, outcome=outcome).inc()


def forget(policy: str) -> None:
    """Drop a deleted policy's series."""
    for gauge in (LAST_RUN, LAST_SUCCESS, STALE):
        with suppress(KeyError):
            gauge.remove(policy)
    for outcome in ("success", "failed"):
        with suppress(KeyError):
            RUNS.remove(policy, outcome)
