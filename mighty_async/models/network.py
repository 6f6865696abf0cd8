"""The network, its users, and the caller's identity (``/`` and ``/me``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Me", "Network", "User"]


@attrs.frozen(kw_only=True)
class Network:
    """A Mighty network: the unit that owns members, spaces, plans and everything else."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    subdomain: str | None = None
    title: str | None = None
    subtitle: str | None = None
    purpose: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class User:
    """A person as events, polls and ``/me`` describe them (not the member profile)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    email: str | None = None
    short_bio: str | None = None
    admin: bool | None = None


@attrs.frozen(kw_only=True)
class Me:
    """The caller: the user behind the token, and the network it belongs to.

    The spec answers ``{"user": {...}, "network": {...}}``; the authentication guide shows a
    flat ``{"id", "name", "email", "network_id", "role", "created_at"}``. Both structure into
    this class: the flat shape fills ``user`` from its own fields and keeps ``network_id`` and
    ``role``, with ``network`` left None.
    """

    user: User
    network: Network | None = None
    network_id: int | None = None
    role: str | None = None
