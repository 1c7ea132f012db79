"""`make run`: the local stack. See `python -m local_gateway --help`."""

from local_gateway.server import run

raise SystemExit(run())
