r"""A small FastAPI service on mighty-async: look members up, and log who joins which space.

Run it against the real API::

    MIGHTY_API_TOKEN=... MIGHTY_NETWORK_ID=... MIGHTY_WEBHOOK_SECRET=... \
        python examples/fastapi_app.py

or, with no token set, against the in-process sandbox (``pip install 'mighty-async[sandbox]'``),
whose webhook secret is ``sandbox-webhook-secret`` unless ``MIGHTY_WEBHOOK_SECRET`` says
otherwise. Then::

    curl 'localhost:8000/members/by-email?email=...'
    curl -X POST localhost:8000/webhooks/mighty -H 'Authorization: Bearer sandbox-webhook-secret' \
        -d '{"event_id": "...", "event_timestamp": "...", "event_type": "MemberJoined", ...}'

``uvicorn examples.fastapi_app:app`` serves it too, but leaves the example's own log lines
unconfigured (uvicorn sets up its own loggers only).
"""

import logging
import os
from typing import Any

import attrs
from fastapi import FastAPI, HTTPException

from mighty_async import AsyncMightyClient, NotFound
from mighty_async.fastapi import ClientFactory, MightyClient, add_webhook_route, mighty_lifespan
from mighty_async.webhooks import MemberJoined, WebhookEvent, WebhookReceiver

logger = logging.getLogger("fastapi_app")

SANDBOX_WEBHOOK_SECRET = "sandbox-webhook-secret"  # noqa: S105 - a fixed secret for local runs


def uses_sandbox() -> bool:
    """Whether no real token is configured, so the service talks to the sandbox."""
    return not os.environ.get("MIGHTY_API_TOKEN", "").strip()


def make_client() -> AsyncMightyClient:
    """The real API when ``MIGHTY_API_TOKEN`` is set, else a sandbox with seeded members."""
    if not uses_sandbox():
        return AsyncMightyClient()
    from mighty_async.testing import Sandbox  # noqa: PLC0415 - only needed without a token

    return Sandbox(seed=0).client()


def make_receiver() -> WebhookReceiver:
    """Check deliveries against ``MIGHTY_WEBHOOK_SECRET`` (a fixed one in sandbox mode)."""
    secret = os.environ.get("MIGHTY_WEBHOOK_SECRET")
    if not secret and uses_sandbox():
        secret = SANDBOX_WEBHOOK_SECRET
    return WebhookReceiver(secret)


async def log_member_joins(event: WebhookEvent) -> None:
    """Log every member who joins a space; other events are acknowledged and ignored."""
    if isinstance(event, MemberJoined):
        member = event.payload.member
        logger.info(
            "member %s (%s) joined space %s",
            member.id if member else "?",
            member.full_name if member else "?",
            event.payload.space_id,
        )


def create_app(
    client_factory: ClientFactory = make_client, receiver: WebhookReceiver | None = None
) -> FastAPI:
    """Build the service; tests pass their own client factory and receiver."""
    app = FastAPI(title="mighty-async example", lifespan=mighty_lifespan(client_factory))

    @app.get("/members/by-email")
    async def member_by_email(email: str, client: MightyClient) -> dict[str, Any]:
        """The member with this email, or 404."""
        try:
            member = await client.members.get_by_email(email)
        except NotFound:
            raise HTTPException(status_code=404, detail="no member with this email") from None
        return attrs.asdict(member)

    add_webhook_route(
        app, "/webhooks/mighty", log_member_joins, receiver=receiver or make_receiver()
    )
    return app


app = create_app()


def main() -> None:
    """Serve the app on localhost:8000, with the example's log lines on the console."""
    import uvicorn  # noqa: PLC0415 - only needed to run the example directly

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(app, host="127.0.0.1", port=8000)


if __name__ == "__main__":
    main()
