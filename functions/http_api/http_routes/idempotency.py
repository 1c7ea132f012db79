"""Idempotent retries (powertools idempotency): with an `Idempotency-Key` header, the create and join routes
and chat answer a retry with the first result, so a client that lost a response can retry safely.

The key is the caller's, per route; the record keeps the first final answer for an hour in the one table
(`pk = IDEMPOTENCY`, `sk` = the key's hash, TTL `expires_at`). A 5xx, a 429 or a 409 for a concurrent
change is not kept: the retry runs again. A retry with the same key but another path or body is refused
(400), and one that arrives while the first is still running is 409. A key is 1..128 characters of printable
ASCII without space (0x21-0x7E); any other value of the header (empty, blank, controls, non-ASCII) is 400 and
runs nothing. Which routes take a key: route_table.py.

Powertools is imported on the first such request, so a cold start without one never pays for it; the store and
the config built then serve every later request of the container.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from http_routes.errors import error_response
from http_routes.route_table import IDEMPOTENCY_KEY, ROUTES

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
    from mypy_boto3_dynamodb import DynamoDBClient

KEY_MAX_CHARS = 128
_KEY = re.compile(rf"[\x21-\x7e]{{1,{KEY_MAX_CHARS}}}")
Event = dict[str, Any]
Resolve = Callable[[Event], Event]


class Idempotency:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self.client = client
        self.table_name = table_name
        self._built: tuple[Callable[..., Event], IdempotencyConfig] | None = None  # on the first keyed request

    def resolve(self, event: Event, context: Any, resolve: Resolve) -> Event:
        family = ROUTES[event["routeKey"]].family
        if not _KEY.fullmatch(str(event["headers"][IDEMPOTENCY_KEY])):
            msg = f"Idempotency-Key: 1..{KEY_MAX_CHARS} printable ASCII characters, no space"
            return _answer(HTTPStatus.BAD_REQUEST, family.invalid, msg)

        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyValidationError,
        )

        idempotent, config = self._built or self._idempotent()
        config.register_lambda_context(context)
        try:
            return idempotent(event=event, resolve=resolve, concurrent=family.concurrent)
        except _NotKept as answer:
            return answer.response
        except IdempotencyValidationError:
            msg = "this Idempotency-Key was used with another request"
            return _answer(HTTPStatus.BAD_REQUEST, family.invalid, msg)
        except IdempotencyAlreadyInProgressError:
            msg = "the first request with this Idempotency-Key is still running"
            return _answer(HTTPStatus.CONFLICT, family.concurrent, msg)

    def _idempotent(self) -> tuple[Callable[..., Event], IdempotencyConfig]:
        """`handle` made idempotent, over a store and a config kept for the container's life."""
        from aws_lambda_powertools.utilities.idempotency import (
            DynamoDBPersistenceLayer,
            IdempotencyConfig,
            idempotent_function,
        )

        config = IdempotencyConfig(
            event_key_jmespath='[requestContext.authorizer.jwt.claims.sub, routeKey, headers."idempotency-key"]',
            payload_validation_jmespath="[rawPath, body]",
            expires_after_seconds=3600,
        )
        store = DynamoDBPersistenceLayer(
            table_name=self.table_name,
            key_attr="pk",
            sort_key_attr="sk",
            static_pk_value="IDEMPOTENCY",
            expiry_attr="expires_at",
            boto3_client=self.client,
        )

        # Powertools keys each record by this function's qualified name too (Idempotency._idempotent.<locals>
        # .handle): renamed, a deploy would forget the records of the hour before it. Only `event` is hashed.
        def handle(event: Event, resolve: Resolve, concurrent: str) -> Event:
            response = resolve(event)
            if _may_pass_later(response, concurrent):
                raise _NotKept(response)  # powertools deletes the record of a request that raised
            return response

        idempotent = idempotent_function(handle, data_keyword_argument="event", persistence_store=store, config=config)
        self._built = (idempotent, config)
        return self._built


class _NotKept(Exception):
    def __init__(self, response: Event) -> None:
        self.response = response


def _may_pass_later(response: Event, concurrent: str) -> bool:
    """A 5xx, a 429 or a 409 for a concurrent change: the same request may pass when retried."""
    status = int(response["statusCode"])
    if status == HTTPStatus.CONFLICT:
        return bool(json.loads(response.get("body") or "{}").get("err_code") == concurrent)
    return status == HTTPStatus.TOO_MANY_REQUESTS or status >= HTTPStatus.INTERNAL_SERVER_ERROR


def _answer(status: HTTPStatus, err_code: str, msg: str) -> Event:
    response = error_response(status, err_code, msg)
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(response.body),
        "isBase64Encoded": False,
    }
