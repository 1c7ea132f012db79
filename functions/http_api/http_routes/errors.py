"""The one place that maps errors to HTTP: {err_code, msg} with the status of the error's category.

Validation failures and unknown routes take the err_code of the route's family (route_table.py): PGOS names
on party and social routes, EOS names on lobby routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from http_routes.route_table import Family, family_of
from partylobby.domain.errors import Category, ConcurrentModification, DomainError
from partylobby.metrics import refused
from partylobby.quotas import QuotaExceeded

logger = Logger(child=True)
DEFAULT_ROUTE = "$default"  # the template's catch-all route: what no other route matched


def status_of(category: Category) -> HTTPStatus:
    match category:
        case Category.INVALID:
            return HTTPStatus.BAD_REQUEST
        case Category.UNAUTHORIZED:
            return HTTPStatus.UNAUTHORIZED
        case Category.NOT_FOUND:
            return HTTPStatus.NOT_FOUND
        case Category.FORBIDDEN:
            return HTTPStatus.FORBIDDEN
        case Category.CONFLICT | Category.LIMIT:
            return HTTPStatus.CONFLICT
        case Category.TOO_MANY_REQUESTS:
            return HTTPStatus.TOO_MANY_REQUESTS


def error_response(
    status: HTTPStatus, err_code: str, msg: str, headers: dict[str, str] | None = None
) -> Response[dict[str, str]]:
    refused(err_code)
    return Response(
        status_code=status.value,
        content_type=content_types.APPLICATION_JSON,
        body={"err_code": err_code, "msg": msg},
        headers=headers,
    )


def problem(error: Mapping[str, Any]) -> str:
    """The field and the failed rule, never the input itself."""
    if error["type"] == "json_invalid":
        return f"body: {error['msg']} ({error.get('ctx', {}).get('error', 'invalid JSON')})"
    return f"{'.'.join(str(p) for p in error['loc'][1:]) or 'body'}: {error['msg']}"


def register(app: APIGatewayHttpResolver) -> None:
    def family() -> Family:
        return family_of(app.current_event.get("routeKey"), app.current_event.path)

    @app.exception_handler(DomainError)
    def domain_error(error: DomainError) -> Response[dict[str, str]]:
        err_code, headers = error.err_code, None
        if isinstance(error, ConcurrentModification):  # raised by attempts(), shared by every family
            err_code = family().concurrent
        if isinstance(error, QuotaExceeded):
            err_code, headers = family().too_many, {"Retry-After": str(error.retry_after)}
        return error_response(status_of(error.category), err_code, error.msg, headers)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[dict[str, str]]:
        problems = "; ".join(problem(e) for e in error.errors())
        return error_response(HTTPStatus.BAD_REQUEST, family().invalid, problems)

    @app.exception_handler(NotFoundError)
    def no_route(_: NotFoundError) -> Response[dict[str, str]]:
        if app.current_event.get("routeKey", DEFAULT_ROUTE) != DEFAULT_ROUTE:
            # API Gateway matched one of the template's routes, so the resolver missed it only for a path
            # parameter holding characters no id may hold (`?`, `#`, controls...): a bad parameter, not a route.
            return error_response(
                HTTPStatus.BAD_REQUEST, family().invalid, "path: a parameter holds invalid characters"
            )
        return error_response(HTTPStatus.NOT_FOUND, family().not_found, "no such route")

    @app.exception_handler(Exception)
    def unexpected(_: Exception) -> Response[dict[str, str]]:
        logger.exception("unhandled error")
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, family().internal, "internal error")
