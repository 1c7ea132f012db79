"""Cold start: importing each Lambda entry point, against a bare process doing the unavoidable part.

The bare process imports boto3, powertools (Logger and the HTTP resolver) and pydantic (a BaseModel,
as every entry here has one) and builds the same two boto3 clients. Each entry is imported in a fresh
interpreter with its CodeUri and the layer on the path, as the Lambda runtime would, bytecode cached.
Both end with `os._exit` once imported: Lambda's cold start (its INIT phase) ends there, and the
interpreter's teardown (60-90 ms here) is never part of it. Runs alternate entry and bare; the figure
is the median of the per-pair ratios. The entries turn the garbage collector off while they load
(about 40 ms of the HTTP entry); the last column holds them against a bare process that does the same.

Run: `make bench` (or `.venv/bin/python -m bench.cold_start [runs]`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from local_gateway.template import resources

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "partylobby" / "python"
BARE = """
import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from pydantic import BaseModel
boto3.client("dynamodb")
boto3.client("apigatewaymanagementapi", endpoint_url="https://example.com/live")
"""
BARE_GC_OFF = "import gc\ngc.disable()\n" + BARE
ENVIRONMENT = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "TABLE_NAME": "bench",
    "WS_MANAGEMENT_ENDPOINT": "https://example.com/live",
    "JWT_ISSUER": "https://issuer.example.com",
    "JWT_AUDIENCE": "bench",
    "JWT_SECRET": "bench",
    "POWERTOOLS_SERVICE_NAME": "bench",
}


def seconds(code: str, cwd: Path, path: str) -> float:
    env = {**os.environ, **ENVIRONMENT, "PYTHONPATH": path}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # Lambda layers ship compiled; here the cache stands in
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"{code}\nimport os\nos._exit(0)"], cwd=cwd, env=env, check=True)
    return time.perf_counter() - started


def entries() -> dict[str, tuple[Path, str]]:
    """Each template function's code directory and handler module."""
    functions = resources("AWS::Serverless::Function")
    return {
        name: (ROOT / props["Properties"]["CodeUri"], props["Properties"]["Handler"].rsplit(".", 1)[0])
        for name, props in sorted(functions.items())
    }


def measure(code_dir: Path, module: str, runs: int) -> tuple[float, float, float, float]:
    path = f"{code_dir}{os.pathsep}{LAYER}"
    entry, bare, ratios, ratios_gc_off = [], [], [], []
    for run in range(runs + 1):  # the first round warms the bytecode cache and the disk
        a, b = seconds(f"import {module}", code_dir, path), seconds(BARE, ROOT, path)
        c = seconds(BARE_GC_OFF, ROOT, path)
        if run:
            entry.append(a)
            bare.append(b)
            ratios.append(a / b)
            ratios_gc_off.append(a / c)
    median = statistics.median
    return median(entry), median(bare), median(ratios), median(ratios_gc_off)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print(f"cold start: import of each entry vs the bare process, median of {runs} alternating runs")
    for function, (code_dir, module) in entries().items():
        entry, bare, ratio, ratio_gc_off = measure(code_dir, module, runs)
        print(
            f"  {function:<28} {entry * 1000:6.0f} ms   bare {bare * 1000:4.0f} ms   ratio {ratio:.2f}x"
            f"   (vs bare with gc off {ratio_gc_off:.2f}x)"
        )


if __name__ == "__main__":
    main()
