"""`GET /portal`: the party-history web page. It asks for no token itself: the page calls the admin
routes with the admin token its user pastes (kept in the tab's sessionStorage only)."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

router = APIGatewayHttpRouter()
PAGE = (Path(__file__).parent / "assets" / "portal.html").read_text(encoding="utf-8")
HEADERS = {
    "Cache-Control": "no-store",
    # Only this page's own inline script and style, and calls back to this API.
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}


@router.get(
    "/portal",
    summary="Portal",
    security=[],
    openapi_extensions={"security": []},  # what the document says of `security=[]`, which powertools leaves out
    responses={200: {"description": "The portal's web page", "content": {"text/html": {"schema": {"type": "string"}}}}},
)
def portal() -> Response[str]:
    return Response(HTTPStatus.OK.value, content_type="text/html; charset=utf-8", body=PAGE, headers=HEADERS)
