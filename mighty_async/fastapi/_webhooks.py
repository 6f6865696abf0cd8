"""Mighty webhooks as a FastAPI dependency, and as a ready-made route.

The dependency turns a request into a typed event or an `HTTPException` with the status Mighty
should see: 401 for a missing or wrong secret, 413 for an oversized body, 400 for a body that is
not a delivery or is outside the replay window, 409 while another delivery of the same event is
being handled (Mighty retries later), and 200 for an event already handled (acknowledged, so
Mighty stops retrying, but never handed to the endpoint). An event counts as handled only once
its endpoint or handler returned; one that raised is forgotten, so the next delivery runs it
again. The route answers 202 as soon as the delivery is accepted and runs the handler after the
response, or runs it first when asked to.

No ``from __future__ import annotations`` here: FastAPI reads the route's annotations at run
time, and one of them refers to a local variable.
"""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import Annotated, Any, TypeAlias

import anyio
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from mighty_async.errors import EventInProgress, InvalidSecret, WebhookError
from mighty_async.webhooks import KnownEvent, WebhookEvent, WebhookReceiver

__all__ = ["MightyWebhook", "WebhookHandler", "add_webhook_route", "read_body"]

logger = logging.getLogger("mighty_async.webhooks")

WebhookHandler: TypeAlias = Callable[[WebhookEvent], Awaitable[Any]]
"""An async function that processes one event; its return value is ignored."""


async def read_body(request: Request, receiver: WebhookReceiver) -> bytes:
    """Read the request body, refusing it with `PayloadTooLarge` once it passes the limit.

    The ``Content-Length`` is checked before anything is read; a chunked body is counted as it
    arrives, so an oversized body is never held whole.
    """
    declared = request.headers.get("content-length", "")
    if declared.strip().isdigit():
        receiver.check_size(int(declared))
    chunks: list[bytes] = []
    size = 0
    async with aclosing(request.stream()) as stream:
        async for chunk in stream:
            size += len(chunk)
            receiver.check_size(size)
            chunks.append(chunk)
    return b"".join(chunks)


def _http_error(exc: WebhookError) -> HTTPException:
    headers: dict[str, str] | None = None
    if isinstance(exc, InvalidSecret):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, EventInProgress):
        headers = {"Retry-After": str(exc.retry_after)}
    return HTTPException(status_code=exc.status_code, detail=str(exc), headers=headers)


class MightyWebhook:
    """A FastAPI dependency yielding the verified, parsed, first-seen event of a delivery.

    ```python
    webhook = MightyWebhook(WebhookReceiver(secret=...))

    @app.post("/webhooks/mighty", status_code=202)
    async def receive(event: Annotated[WebhookEvent, Depends(webhook)]) -> None: ...
    ```

    Every refusal is an `HTTPException` carrying the `WebhookError`'s status (see the module
    docstring); a duplicate raises one with status 200 so the endpoint never sees it.

    Args:
        receiver: the checks to run; ``WebhookReceiver()`` (secret from
            ``MIGHTY_WEBHOOK_SECRET``) by default.
        event_type: the type this endpoint is configured for in Mighty, used when a body
            does not name its own.
    """

    def __init__(
        self,
        receiver: WebhookReceiver | None = None,
        *,
        event_type: str | type[KnownEvent] | None = None,
    ) -> None:
        self.receiver = receiver if receiver is not None else WebhookReceiver()
        self.event_type = event_type

    def __repr__(self) -> str:
        return f"<MightyWebhook event_type={self.event_type!r} receiver={self.receiver!r}>"

    async def __call__(self, request: Request) -> AsyncIterator[WebhookEvent]:
        """Claim the request's event for the endpoint; mark it handled once the endpoint returns.

        FastAPI calls this. An endpoint that raises (an `HTTPException` included) leaves the
        event unhandled, so Mighty's retry reaches the endpoint again.
        """
        event = await self.claim(request)
        try:
            yield event
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self.receiver.forget(event)
            raise
        await self.receiver.complete(event)

    async def claim(self, request: Request) -> WebhookEvent:
        """Run the receiver's checks on ``request`` and claim its event (left in progress)."""
        receiver = self.receiver
        try:
            receiver.check_authorization(request.headers.get("authorization"))
            body = await read_body(request, receiver)
            event = receiver.parse(body, event_type=self.event_type)
            await receiver.check_duplicate(event)
        except WebhookError as exc:
            logger.info("webhook delivery refused with %s: %s", exc.status_code, exc)
            raise _http_error(exc) from None
        return event


def _accepted(event: WebhookEvent, status_code: int, status: str) -> JSONResponse:
    body = {"status": status, "event_id": str(event.event_id), "event_type": event.event_type}
    return JSONResponse(body, status_code=status_code)


async def _handle(handler: WebhookHandler, event: WebhookEvent, receiver: WebhookReceiver) -> bool:
    """Run ``handler``; mark the event handled if it returned, forget it if not; say which."""
    try:
        await handler(event)
    except Exception:
        logger.exception("webhook handler failed for %s event %s", event.event_type, event.event_id)
        await receiver.forget(event)
        return False
    except BaseException:
        with anyio.CancelScope(shield=True):
            await receiver.forget(event)
        raise
    await receiver.complete(event)
    return True


async def _run_logged(
    handler: WebhookHandler, event: WebhookEvent, receiver: WebhookReceiver
) -> None:
    await _handle(handler, event, receiver)


def add_webhook_route(
    router: FastAPI | APIRouter,
    path: str,
    handler: WebhookHandler,
    *,
    receiver: WebhookReceiver | None = None,
    event_type: str | type[KnownEvent] | None = None,
    background: bool = True,
    name: str | None = None,
    include_in_schema: bool = True,
) -> MightyWebhook:
    """Add ``POST path`` that receives Mighty deliveries and passes each new event to ``handler``.

    ```python
    add_webhook_route(app, "/webhooks/mighty", handle_event)
    ```

    Args:
        router: the app or router to add the route to.
        path: where Mighty is configured to deliver.
        handler: ``async def handler(event: WebhookEvent) -> None``.
        receiver: the checks to run; ``WebhookReceiver()`` by default.
        event_type: the type this endpoint receives, when Mighty is configured with one
            endpoint per type and a body does not name its own.
        background: True (the default) answers 202 at once and runs ``handler`` after the
            response, so Mighty never waits on it; a failure is logged, and Mighty, having
            seen a 2xx, does not retry. False runs ``handler`` first and answers 200, or 500
            when it raises (the event is then forgotten by the de-duplication store, so
            Mighty's retry runs it again); a retry arriving meanwhile gets 409, so nothing is
            acknowledged before the handler succeeded.
        name: the route's name (for ``url_path_for``).
        include_in_schema: whether the route appears in the OpenAPI document.

    Returns:
        The dependency the route uses (its ``receiver`` is the one in effect).
    """
    webhook = MightyWebhook(receiver, event_type=event_type)

    async def receive_webhook(
        event: Annotated[WebhookEvent, Depends(webhook.claim)], tasks: BackgroundTasks
    ) -> JSONResponse:
        if background:
            tasks.add_task(_run_logged, handler, event, webhook.receiver)
            return _accepted(event, 202, "accepted")
        if not await _handle(handler, event, webhook.receiver):
            return JSONResponse({"detail": "the webhook handler failed"}, status_code=500)
        return _accepted(event, 200, "processed")

    router.add_api_route(
        path,
        receive_webhook,
        methods=["POST"],
        status_code=202 if background else 200,
        name=name,
        include_in_schema=include_in_schema,
        response_class=JSONResponse,
    )
    return webhook
