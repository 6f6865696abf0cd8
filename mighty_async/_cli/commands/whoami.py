"""``mighty-async whoami``: who the token belongs to, and on which network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from ..._json import to_json
from ...errors import MightyError
from ..connection import client_for, target_of
from ..errors import EXIT_OK, explain

if TYPE_CHECKING:
    import argparse

    from ...models import Me

__all__ = ["cmd_whoami"]


def cmd_whoami(args: argparse.Namespace) -> int:
    """Print who the token belongs to, and on which network."""
    target = target_of(args)

    async def run() -> Me:
        async with client_for(target) as client:
            return await client.check_token(wait=args.wait)

    try:
        me = anyio.run(run)
    except MightyError as exc:
        raise explain(exc, target) from exc
    if args.json:
        print(to_json(me, indent=2))
        return EXIT_OK
    role = "network admin" if me.user.admin else "member"
    print(f"{me.user.name} <{me.user.email}> (user {me.user.id}, {role})")
    if me.network is not None:
        print(f"network: {me.network.title} ({me.network.subdomain}, id {me.network.id})")
    elif me.network_id is not None:
        print(f"network: id {me.network_id}")
    return EXIT_OK
