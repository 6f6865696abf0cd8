"""Response models: frozen attrs classes, one module per API area.

Conventions shared by every model: keyword-only, immutable, field names as on the wire
(snake_case), ids as `int` (the API sends ``1234`` or ``"1234"``), timestamps as aware
`datetime`, and every field but ``id`` optional with a default of None, because the API
leaves fields out or sends null even where the spec calls them required.
"""

from .members import Category, Member
from .network import Me, Network, User

__all__ = ["Category", "Me", "Member", "Network", "User"]
