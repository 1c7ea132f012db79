"""Operational metrics as CloudWatch embedded metric format (EMF) lines, written when an invocation ends.

Namespace `PartyLobby` (POWERTOOLS_METRICS_NAMESPACE), dimension `service` (POWERTOOLS_SERVICE_NAME). Counts are
added from the thread that runs the request, never from the push pool. `Refusals` carries the answer's
`err_code` as its own dimension, so it is written at once as its own line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from aws_lambda_powertools import Metrics, single_metric
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "PartyLobby")


class Metric(StrEnum):
    COMMANDS = "CommandsCommitted"
    QUOTA_HITS = "QuotaHits"
    PUSHES_SENT = "PushesSent"
    STALE_SOCKETS = "StaleSocketsRemoved"
    OFFLINE_REMOVED = "OfflineMembersRemoved"
    REFUSALS = "Refusals"


metrics = Metrics(namespace=NAMESPACE)

F = TypeVar("F", bound=Callable[..., Any])


def count(metric: Metric, value: int = 1) -> None:
    if value:
        metrics.add_metric(name=metric, unit=MetricUnit.Count, value=value)


def refused(err_code: str) -> None:
    """One line per refusal: an answer with an err_code (4xx or 5xx)."""
    if is_metrics_disabled():  # single_metric itself prints whatever the setting
        return
    with single_metric(name=Metric.REFUSALS, unit=MetricUnit.Count, value=1, namespace=NAMESPACE) as metric:
        metric.add_dimension(name="err_code", value=err_code)


def published(handler: F) -> F:
    """Writes what the invocation counted when it ends. Unlike `log_metrics`, it empties the set even when
    POWERTOOLS_METRICS_DISABLED is set (the local stack), so a long-lived process never accumulates it."""

    @functools.wraps(handler)
    def invoke(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        finally:
            if metrics.metric_set:
                metrics.flush_metrics()
            metrics.clear_metrics()

    return invoke  # type: ignore[return-value]
