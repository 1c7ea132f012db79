"""What each HTTP entry imports at INIT (its cold start): only its own family's code, never what only a
rare path needs. Checked on the import graph, not timed (bench/cold_start.py prints the figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from local_gateway.template import ROOT

NEVER_AT_INIT = {
    "jwt": "tokens are verified by API Gateway; the HTTP functions only read claims",
    "http_routes.openapi": "only the local stack's GET /openapi.json builds the document",
    "aws_lambda_powertools.utilities.idempotency": "imported on the first keyed request",
}
NOT_IN = {
    "party_api": {
        "partylobby.services.lobbies",
        "partylobby.domain.lobby.model",
        "http_routes.models.lobbies",
        "http_routes.models.lobby_answers",
    },
    "lobby_api": {"partylobby.services.parties", "partylobby.domain.party.events", "http_routes.models.parties"},
    "admin_api": {"partylobby.services.lobbies", "partylobby.services.parties", "partylobby.domain.lobby.model"},
}


def modules_after_importing(entry: str) -> set[str]:
    code_dir = ROOT / "functions" / "http_api"
    env = {
        **os.environ,
        "PYTHONPATH": f"{code_dir}{os.pathsep}{ROOT / 'layers' / 'partylobby' / 'python'}",
        "TABLE_NAME": "imports",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    code = f"import json, sys\nimport {entry}\nprint(json.dumps(sorted(sys.modules)))"
    finished = subprocess.run(
        [sys.executable, "-c", code], cwd=code_dir, env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(finished.stdout.splitlines()[-1]))


@pytest.mark.parametrize("entry", sorted(NOT_IN))
def test_an_http_entry_imports_only_its_family_at_init(entry: str) -> None:
    loaded = modules_after_importing(entry)
    assert loaded & set(NEVER_AT_INIT) == set(), NEVER_AT_INIT
    assert loaded & NOT_IN[entry] == set()
