"""Request bodies are bounded before anything reads them.

`BodyLimitMiddleware` runs outside every route, sign-in check and form parser. A request
whose `Content-Length` is over the limit is answered 413 without one byte of its body being
read; a body sent without a length (chunked) is counted as it arrives and stopped with 413
as soon as it passes the limit. File upload routes get a larger limit than forms and JSON.
(Issue 13: an anonymous 100 MB JSON body was read in full before the 401.)
"""

from __future__ import annotations

import json
from collections.abc import Collection

from fastapi.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openbook.kernel.input_limit import describe_bytes
from openbook.web.errors import error_body


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit; the app's HTTP error
    handler turns it into a 413 page or JSON error (the middleware does if it escapes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))
        self.limit = limit


def too_large_message(limit: int) -> str:
    return f"the request is larger than the {describe_bytes(limit)} this address accepts"


class BodyLimitMiddleware:
    """413 for a body over `max_bytes` (`max_upload_bytes` on the `upload_paths`)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        max_upload_bytes: int,
        upload_paths: Collection[str] = (),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes
        self.upload_paths = frozenset(upload_paths)

    def limit_for(self, scope: Scope) -> int:
        if scope.get("path") in self.upload_paths:
            return self.max_upload_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(scope, send, limit)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _send_413(scope, send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(scope: Scope, send: Send, limit: int) -> None:
    message = too_large_message(limit)
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps(error_body("request_too_large", message)).encode()
        content_type = b"application/json"
    else:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>The request is too large - openbook</title></head><body>"
            f"<h1>The request is too large</h1><p>{message[0].upper()}{message[1:]}.</p>"
            '<p><a href="/">Back to openbook</a></p></body></html>'
        ).encode()
        content_type = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
