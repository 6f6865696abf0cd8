"""The network, its users, and the caller's identity (``/`` and ``/me``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Me", "Network", "User"]


@attrs.frozen(kw_only=True)
class Network:
    """A Mighty network: the unit that owns members, spaces, plans and everything else."""

    id: int
    """The network's id."""
    created_at: datetime | None = None
    """When the network was created."""
    updated_at: datetime | None = None
    """When the network's settings last changed."""
    subdomain: str | None = None
    """The network's subdomain (``paint-pals`` in ``paint-pals.mn.co``); ``network_id=`` accepts it
    in place of the id."""
    title: str | None = None
    """The network's name."""
    subtitle: str | None = None
    """The network's tagline."""
    purpose: str | None = None
    """What the network says it is for."""
    description: str | None = None
    """The network's description."""


@attrs.frozen(kw_only=True)
class User:
    """A person as events, polls and ``/me`` describe them (not the member profile)."""

    id: int
    """The user's id."""
    created_at: datetime | None = None
    """When the user's account was created."""
    updated_at: datetime | None = None
    """When the user's account last changed."""
    name: str | None = None
    """The user's full name."""
    email: str | None = None
    """The user's email address."""
    short_bio: str | None = None
    """The user's short biography."""
    admin: bool | None = None
    """Whether the user administers the network."""


@attrs.frozen(kw_only=True)
class Me:
    """The caller: the user behind the token, and the network it belongs to.

    The spec answers ``{"user": {...}, "network": {...}}``; the authentication guide shows a
    flat ``{"id", "name", "email", "network_id", "role", "created_at"}``. Both structure into
    this class: the flat shape fills ``user`` from its own fields and keeps ``network_id`` and
    ``role``, with ``network`` left None.
    """

    user: User
    """The user the token belongs to."""
    network: Network | None = None
    """The network the token is for; None when the answer came in the flat shape."""
    network_id: int | None = None
    """The network's id: from the flat shape, or taken from ``network``."""
    role: str | None = None
    """The user's role in the network; only the flat shape sends it."""
