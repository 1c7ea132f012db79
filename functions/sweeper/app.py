"""Scheduled every minute: party and lobby members offline past the grace period leave (reason `offline`)."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container (see http_api/party_api.py).
gc.disable()

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.metrics import Metric, count, published

logger = Logger(service="sweeper")
container = build_container(Settings.from_env())
container.preload("sessions")
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()


@published
@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    removed = container.sessions.sweep()
    count(Metric.OFFLINE_REMOVED, len(removed))
    if removed:
        logger.info("offline members removed", extra={"count": len(removed)})
    return {"removed": len(removed)}
