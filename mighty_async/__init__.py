"""mighty-async: the async Python SDK for the Mighty Networks Admin API.

```python
from mighty_async import AsyncMightyClient

async with AsyncMightyClient(token, network_id=123) as client:
    async for member in client.members.list():
        print(member.email)
```
"""

from ._auth import BearerAuth, TokenProvider
from ._bulk import BulkCall, BulkError, ProgressCallback
from ._client import DEFAULT_BASE_URL, AsyncMightyClient, default_user_agent
from ._pagination import AsyncPaginator, Page
from ._version import __version__
from .errors import (
    APIError,
    BadRequest,
    ClientClosedError,
    ConfigurationError,
    Conflict,
    DuplicateItemsWarning,
    Forbidden,
    MightyConnectionError,
    MightyError,
    MightyTimeout,
    NotFound,
    RateLimited,
    RequestBlocked,
    ResponseValidationError,
    ServerError,
    TokenExpired,
    Unauthorized,
    UnprocessableEntity,
)
from .models import Category, Me, Member, Network, User
from .resources import NOT_GIVEN, NotGiven

__all__ = [
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIError",
    "AsyncMightyClient",
    "AsyncPaginator",
    "BadRequest",
    "BearerAuth",
    "BulkCall",
    "BulkError",
    "Category",
    "ClientClosedError",
    "ConfigurationError",
    "Conflict",
    "DuplicateItemsWarning",
    "Forbidden",
    "Me",
    "Member",
    "MightyConnectionError",
    "MightyError",
    "MightyTimeout",
    "Network",
    "NotFound",
    "NotGiven",
    "Page",
    "ProgressCallback",
    "RateLimited",
    "RequestBlocked",
    "ResponseValidationError",
    "ServerError",
    "TokenExpired",
    "TokenProvider",
    "Unauthorized",
    "UnprocessableEntity",
    "User",
    "__version__",
    "default_user_agent",
]
