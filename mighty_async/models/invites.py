"""Invitations to the network or to a plan (``/invites``, ``/plans/{id}/invites``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Invite"]


@attrs.frozen(kw_only=True)
class Invite:
    """An invitation. ``sender_id`` is who sent it; ``user_id`` is its deprecated old name."""

    id: int
    recipient_email: str | None = None
    recipient_first_name: str | None = None
    recipient_last_name: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    sender_id: int | None = None
    user_id: int | None = None
