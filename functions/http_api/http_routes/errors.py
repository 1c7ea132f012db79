"""The one place that maps errors to HTTP: {err_code, msg} with the contract's status."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from partylobby.domain import errors

STATUS: dict[type[errors.DomainError], HTTPStatus] = {
    errors.InvalidParams: HTTPStatus.BAD_REQUEST,
    errors.ProfaneName: HTTPStatus.BAD_REQUEST,
    errors.Unauthorized: HTTPStatus.UNAUTHORIZED,
    errors.PartyNotFound: HTTPStatus.NOT_FOUND,
    errors.PartyDuplicated: HTTPStatus.CONFLICT,
    errors.PartyFull: HTTPStatus.CONFLICT,
    errors.ConcurrentModification: HTTPStatus.CONFLICT,
}
"""Every other domain error is a refusal: 403."""

logger = Logger(child=True)


def error_response(status: HTTPStatus, err_code: str, msg: str) -> Response[dict[str, str]]:
    return Response(
        status_code=status.value,
        content_type=content_types.APPLICATION_JSON,
        body={"err_code": err_code, "msg": msg},
    )


def register(app: APIGatewayHttpResolver) -> None:
    @app.exception_handler(errors.DomainError)
    def domain_error(error: errors.DomainError) -> Response[dict[str, str]]:
        return error_response(STATUS.get(type(error), HTTPStatus.FORBIDDEN), error.err_code, error.msg)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[dict[str, str]]:
        # Name the fields and the failed rules, never echo the input back.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in error.errors()
        )
        return error_response(HTTPStatus.BAD_REQUEST, errors.InvalidParams.err_code, problems)

    @app.exception_handler(NotFoundError)
    def no_route(_: NotFoundError) -> Response[dict[str, str]]:
        return error_response(HTTPStatus.NOT_FOUND, "kBackendNotFound", "no such route")

    @app.exception_handler(Exception)
    def unexpected(_: Exception) -> Response[dict[str, str]]:
        logger.exception("unhandled error")
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "kBackendInternalError", "internal error")
