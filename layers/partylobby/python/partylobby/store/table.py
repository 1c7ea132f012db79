"""A thin typed wrapper over the low-level DynamoDB client: (de)serialisation and transactions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Item = dict[str, Any]

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_wire(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def from_wire(item: Mapping[str, Any]) -> Item:
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


class ConditionFailed(Exception):
    """A single write's condition did not hold, so nothing was written."""


@contextmanager
def unless_condition_fails() -> Iterator[None]:
    """For writes that are meant to happen only while their condition holds, and otherwise not at all."""
    with suppress(ConditionFailed):
        yield


class WriteConflict(Exception):
    """A condition on what this command read no longer holds: reload and replay (the domain decides again)."""


class VersionConflict(WriteConflict):
    """The aggregate moved on since it was loaded."""


class SlotTaken(WriteConflict):
    """A player's membership slot (their one party, or their lobby count) moved on since it was read."""


@dataclass(frozen=True)
class TransactionCancelled(WriteConflict):
    """Which of the transaction's items failed their condition, by position in the request. Like every
    WriteConflict it makes the command replay; a store may name it more precisely from the positions."""

    failed: frozenset[int]  # empty when another transaction held an item (TransactionConflict)


@dataclass(frozen=True)
class Write:
    """One item of a TransactWriteItems call."""

    request: dict[str, Any]


class Table:
    def __init__(self, client: DynamoDBClient, name: str) -> None:
        self.client = client
        self.name = name

    # -- transaction items (see transact) ------------------------------------

    def put_write(self, item: Mapping[str, Any], condition: str | None = None, **expr: Any) -> Write:
        return Write({"Put": self._request(condition, expr, Item=to_wire(item))})

    def update_write(self, key: Mapping[str, Any], update: str, condition: str | None = None, **expr: Any) -> Write:
        return Write({"Update": self._request(condition, expr, Key=to_wire(key), UpdateExpression=update)})

    def delete_write(self, key: Mapping[str, Any], condition: str | None = None, **expr: Any) -> Write:
        return Write({"Delete": self._request(condition, expr, Key=to_wire(key))})

    def check_write(self, key: Mapping[str, Any], condition: str, **expr: Any) -> Write:
        return Write({"ConditionCheck": self._request(condition, expr, Key=to_wire(key))})

    def _request(self, condition: str | None, expr: Mapping[str, Any], **body: Any) -> dict[str, Any]:
        request: dict[str, Any] = {"TableName": self.name, **body}
        if condition:
            request["ConditionExpression"] = condition
        names = expr.get("names")
        values = expr.get("values")
        if names:
            request["ExpressionAttributeNames"] = dict(names)
        if values:
            request["ExpressionAttributeValues"] = to_wire(values)
        return request

    def transact(self, writes: Sequence[Write]) -> None:
        try:
            # Requests are built as plain dicts; the client's TypedDicts add nothing here.
            self.client.transact_write_items(TransactItems=cast(Any, [w.request for w in writes]))
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = cast(dict[str, Any], error.response).get("CancellationReasons", [])
            failed = frozenset(i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed")
            raise TransactionCancelled(failed) from error

    # -- single requests -----------------------------------------------------

    def get(self, key: Mapping[str, Any]) -> Item | None:
        response = self.client.get_item(TableName=self.name, Key=to_wire(key), ConsistentRead=True)
        item = response.get("Item")
        return from_wire(item) if item else None

    def put(self, item: Mapping[str, Any], condition: str | None = None, **expr: Any) -> None:
        with _condition_failures():
            self.client.put_item(**self._request(condition, expr, Item=to_wire(item)))

    def update(self, key: Mapping[str, Any], update: str, condition: str | None = None, **expr: Any) -> Item:
        """Apply `update`; answers the item as it is after (ConditionFailed if `condition` did not hold)."""
        request = self._request(condition, expr, Key=to_wire(key), UpdateExpression=update, ReturnValues="ALL_NEW")
        with _condition_failures():
            response = self.client.update_item(**request)
        return from_wire(response.get("Attributes", {}))

    def delete(self, key: Mapping[str, Any], condition: str | None = None, **expr: Any) -> None:
        with _condition_failures():
            self.client.delete_item(**self._request(condition, expr, Key=to_wire(key)))

    def batch_delete(self, keys: Sequence[Mapping[str, Any]]) -> None:
        """Delete these items, 25 to a request (unconditionally: for what may go once a change committed)."""
        for start in range(0, len(keys), 25):
            pending: dict[str, Any] = {
                self.name: [{"DeleteRequest": {"Key": to_wire(k)}} for k in keys[start : start + 25]]
            }
            while pending:
                response = self.client.batch_write_item(RequestItems=pending)
                pending = dict(response.get("UnprocessedItems") or {})

    def query(self, condition: str, values: Mapping[str, Any], **kwargs: Any) -> Iterator[Item]:
        request: dict[str, Any] = {
            "TableName": self.name,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_wire(values),
            **kwargs,
        }
        while True:
            response = self.client.query(**request)
            yield from (from_wire(i) for i in response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                return
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def batch_get(
        self, keys: Sequence[Mapping[str, Any]], projection: str | None = None, *, consistent: bool = False
    ) -> list[Item]:
        found: list[Item] = []
        for start in range(0, len(keys), 100):
            request: dict[str, Any] = {"Keys": [to_wire(k) for k in keys[start : start + 100]]}
            if projection:
                request["ProjectionExpression"] = projection
            if consistent:
                request["ConsistentRead"] = True
            pending: dict[str, Any] = {self.name: request}
            while pending:
                response = self.client.batch_get_item(RequestItems=pending)
                found.extend(from_wire(i) for i in response.get("Responses", {}).get(self.name, []))
                pending = dict(response.get("UnprocessedKeys") or {})
        return found


@contextmanager
def _condition_failures() -> Iterator[None]:
    try:
        yield
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise ConditionFailed() from error
        raise
