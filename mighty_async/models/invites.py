"""Invitations to the network or to a plan (``/invites``, ``/plans/{id}/invites``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Invite"]


@attrs.frozen(kw_only=True)
class Invite:
    """An invitation. ``sender_id`` is who sent it; ``user_id`` is its deprecated old name."""

    id: int
    """The invitation's id."""
    recipient_email: str | None = None
    """Who the invitation was sent to."""
    recipient_first_name: str | None = None
    """The recipient's first name."""
    recipient_last_name: str | None = None
    """The recipient's last name."""
    created_at: datetime | None = None
    """When the invitation was sent."""
    updated_at: datetime | None = None
    """When the invitation last changed."""
    sender_id: int | None = None
    """The user who sent the invitation."""
    user_id: int | None = None
    """Deprecated: the old name of ``sender_id``, kept while the API still sends it."""
