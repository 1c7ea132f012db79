"""Schemathesis against the local stack's own OpenAPI document (`GET /openapi.json`), with real tokens.

Every operation, with schema-valid (positive) and schema-violating (negative) requests: no 5xx, no status
the document does not list, every answer in its documented shape and every error in `{err_code, msg}`,
schema-valid requests accepted or refused only with a documented domain status (403, 404, 409), and
schema-violating ones refused. Deterministic (derandomized Hypothesis, no example database) and bounded:
MAX_EXAMPLES per operation and mode, no shrinking.

Random ids name nothing, so on their own they only reach the 404s. Half of the positive requests are sent
into a small world made for them instead (the caller's own party and lobby with a mate in each, and an
invite from another lobby): path ids and body ids are swapped for these, so the commands run for real.
Each operation gets new players, which keeps the per-player quotas (30 commands a minute) out of the way.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, CheckContext, GenerationMode, Response
from schemathesis.core.result import Ok
from schemathesis.errors import FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e
AnyCase = Case[Any]
Operation = APIOperation[Any, Any, Any, Any]

MAX_EXAMPLES = 8  # per operation and generation mode: fewer calls than any per-player quota allows
TIME_LIMIT_SECONDS = 120  # the whole run takes about 40 s on a 2-core machine

# Which world id a path parameter or a body field is swapped for (positive requests only).
PATH_IDS = {"party_id": "party_id", "lobby_id": "lobby_id", "invite_id": "invite_id"} | dict.fromkeys(
    ("player_id", "user_id"), "mate"
)
BODY_IDS = {"party_id": "party_id", "new_leader_id": "mate", "target_user_id": "mate"}


@dataclass(frozen=True)
class World:
    """The caller leads a party and owns a lobby, a mate is in both, and another lobby invited the caller."""

    authorization: str
    ids: dict[str, str]


class Worlds:
    def __init__(self, stack: Stack, session: requests.Session) -> None:
        self.stack = stack
        self.session = session

    def player(self, name: str, admin: bool = False) -> tuple[str, dict[str, str]]:
        player_id = f"fuzz-{name}-{uuid.uuid4().hex[:8]}"
        return player_id, {"Authorization": f"Bearer {self.stack.token(player_id, admin=admin)}"}

    def stranger(self) -> World:
        """For negative requests: a player with nothing, since their ids are broken anyway."""
        return World(self.player("any")[1]["Authorization"], {})

    def _call(self, method: str, path: str, auth: dict[str, str], body: Any = None) -> dict[str, Any]:
        response = self.session.request(method, self.stack.url + path, json=body, headers=auth, timeout=10)
        assert response.status_code in (200, 201), response.text
        answer: dict[str, Any] = response.json()
        return answer

    def new(self) -> World:
        caller, auth = self.player("me", admin=True)  # the admin routes too answer positive requests for real
        (mate, mate_auth), (_, host_auth) = self.player("mate"), self.player("host")
        lobby = {"max_members": 8, "permission_level": "PublicAdvertised", "bucket_id": "fuzz"}
        party_id = self._call("POST", "/parties", auth, {"enable_chatting": True})["party_id"]
        self._call("POST", f"/parties/{party_id}/members", mate_auth)
        lobby_id = self._call("POST", "/lobbies", auth, lobby)["lobby_id"]
        self._call("POST", f"/lobbies/{lobby_id}/members", mate_auth)
        other = self._call("POST", "/lobbies", host_auth, lobby)["lobby_id"]
        invite_id = self._call("POST", f"/lobbies/{other}/invites", host_auth, {"target_user_id": caller})["invite_id"]
        ids = {"party_id": party_id, "lobby_id": lobby_id, "invite_id": invite_id, "mate": mate}
        return World(auth["Authorization"], ids)


def error_shape(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    """Every refusal, of the function or of the gateway in front of it, is `{err_code, msg}`."""
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict), f"an error body is an object, not {body!r}"
        assert set(body) == {"err_code", "msg"}, f"an error body is {{err_code, msg}}, not {body!r}"
        assert all(isinstance(v, str) and v for v in body.values()), f"err_code and msg are text: {body!r}"
    return None


# Schema-valid requests that the domain refuses with 400 by its documented rules (docs/design.md), rules that
# JSON Schema cannot state: who the caller is, who is in the party or lobby, keys repeated across a list,
# the order of two parameters, an opaque cursor.
DOMAIN_RULES_OF_400 = (
    "yourself",  # befriending, unfriending, blocking yourself
    "cannot kick themselves",
    "you are already the",  # leader, owner
    "that user is not a member of this lobby",  # kicking a non-member
    "the new owner must be a member of this lobby",
    "that user is already in this lobby",  # inviting a member
    "is already in this party",  # inviting a member
    "an attribute key is set twice",
    "an attribute key is both set and removed",
    "from: after to",  # the admin routes' window
    "cursor: ",  # a page cursor is opaque: only one this API gave is valid
)


def accepted_unless_by_a_domain_rule(ctx: CheckContext, response: Response, case: AnyCase) -> bool | None:
    """Schemathesis' positive_data_acceptance, but for the 400s of DOMAIN_RULES_OF_400."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        msg = str(response.json().get("msg", "")) if response.status_code == 400 else ""
        if any(rule in msg for rule in DOMAIN_RULES_OF_400):
            return None
        raise


def into_world(case: AnyCase, world: World) -> None:
    path_parameters = case.path_parameters or {}
    for name, key in PATH_IDS.items():
        if name in path_parameters:
            path_parameters[name] = world.ids[key]
    if isinstance(case.body, dict):
        for name, key in BODY_IDS.items():
            if isinstance(case.body.get(name), str):
                case.body[name] = world.ids[key]


@dataclass
class Fuzzer:
    stack: Stack
    worlds: Worlds
    session: requests.Session
    answered: Counter[tuple[str, int]]  # (operation, status)
    failures: list[str]

    def run(self, operation: Operation, mode: GenerationMode) -> None:
        world = self.worlds.new() if mode is GenerationMode.POSITIVE else self.worlds.stranger()

        @given(case=operation.as_strategy(generation_mode=mode), world_of_its_own=st.booleans())
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: AnyCase, world_of_its_own: bool) -> None:
            if mode is GenerationMode.POSITIVE and world_of_its_own:
                into_world(case, world)
            if case.headers and "Idempotency-Key" in case.headers:
                case.headers["Idempotency-Key"] = uuid.uuid4().hex  # a reused key is refused (400) for another body
            try:
                response = case.call_and_validate(
                    base_url=self.stack.url,
                    session=self.session,
                    headers={"Authorization": world.authorization},
                    excluded_checks=[positive_data_acceptance],
                    additional_checks=[error_shape, accepted_unless_by_a_domain_rule],
                )
                self.answered[(operation.label, response.status_code)] += 1
            except FailureGroup as failures:
                self.failures.append(f"{operation.label} ({mode.value}):\n{failures}")

        try:
            fuzz()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no schema-valid request"  # nothing to violate


def operations(stack: Stack) -> Iterator[Operation]:
    schema = schemathesis.openapi.from_url(f"{stack.url}/openapi.json", timeout=30)
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        yield result.ok()


@pytest.mark.timeout(TIME_LIMIT_SECONDS)
def test_every_operation_answers_as_its_document_says(stack: Stack) -> None:
    with requests.Session() as session:
        fuzzer = Fuzzer(stack, Worlds(stack, session), session, Counter(), [])
        labels = []
        for operation in operations(stack):
            labels.append(operation.label)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzzer.run(operation, mode)

    assert not fuzzer.failures, "\n\n".join(fuzzer.failures)
    # Not only refusals: most operations ran for real at least once.
    succeeded = {label for label, status in fuzzer.answered if status < 300}
    assert len(succeeded) >= 0.75 * len(labels), f"never a 2xx: {sorted(set(labels) - succeeded)}"
