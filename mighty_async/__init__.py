"""mighty-async: the async Python SDK for the Mighty Networks Admin API.

```python
from mighty_async import AsyncMightyClient

async with AsyncMightyClient(token, network_id=123) as client:
    async for member in client.members.list():
        print(member.email)
```
"""

import typing as _typing

from ._audit import AuditRecord, token_fingerprint
from ._auth import BearerAuth, TokenProvider
from ._bulk import BulkCall, BulkError, ProgressCallback
from ._client import DEFAULT_BASE_URL, AsyncMightyClient, default_user_agent
from ._json import to_dict, to_json
from ._limiter import Limiter, RateLimit, SharedLimiter, TokenBucket
from ._pagination import AsyncPaginator, Page
from ._raw import Raw, raw
from ._transport import Attempt, ClientStats, RateLimitTransport, RetryingWrites, RetryPolicy
from ._version import __version__
from .errors import (
    APIError,
    AssetTooLarge,
    BadRequest,
    ClientClosedError,
    ConfigurationError,
    Conflict,
    DuplicateEvent,
    DuplicateItemsWarning,
    EventInProgress,
    Forbidden,
    InvalidPathParameter,
    InvalidPayload,
    InvalidSecret,
    LimiterUnavailable,
    MightyConnectionError,
    MightyError,
    MightyTimeout,
    NotFound,
    PaginationError,
    PayloadTooLarge,
    QuotaExceeded,
    RateLimited,
    ReplayedEvent,
    RequestBlocked,
    ResponseValidationError,
    ServerError,
    TokenExpired,
    Unauthorized,
    UndeterminedEventType,
    UnprocessableEntity,
    WebhookError,
)
from .models import (
    AbuseReport,
    Asset,
    AssetStyle,
    Badge,
    BillingInterval,
    BillingPlanType,
    CancelWhen,
    Category,
    Collection,
    CollectionOrderItem,
    Comment,
    CompletionCriteria,
    Coursework,
    CourseworkStatus,
    CourseworkType,
    CustomField,
    CustomFieldAnswer,
    CustomFieldOption,
    CustomFieldPrivacy,
    CustomFieldResponseBy,
    CustomFieldStatus,
    CustomFieldType,
    EmbeddedLink,
    Event,
    EventInstance,
    EventPayload,
    EventType,
    Frequency,
    Invite,
    Me,
    Member,
    MemberType,
    Network,
    PaymentPlatform,
    Plan,
    PlanStatus,
    Poll,
    PollChoice,
    PollKind,
    PollType,
    Post,
    PostType,
    PricingType,
    Purchase,
    PurchaseDetail,
    PurchasePlan,
    Reaction,
    ReactionTarget,
    ReportType,
    Role,
    Rsvp,
    RsvpStatus,
    Segment,
    Space,
    Subscription,
    SubscriptionDetail,
    SubscriptionPlan,
    Tag,
    UnlockingCriteria,
    User,
    Weekday,
)
from .resources import NOT_GIVEN, NotGiven

if _typing.TYPE_CHECKING:
    from ._redis import MonthlyUsage, RedisLimiter

# Optional parts load on first use (PEP 562): `RedisLimiter` pulls in asyncio, uuid and
# importlib.resources, which a trio user, a CLI call or a short job would pay for at every
# start and never use.
_LAZY: dict[str, str] = {"MonthlyUsage": "._redis", "RedisLimiter": "._redis"}


def __getattr__(name: str) -> _typing.Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415 - only the first use of a lazy name pays for it

    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIError",
    "AbuseReport",
    "Asset",
    "AssetStyle",
    "AssetTooLarge",
    "AsyncMightyClient",
    "AsyncPaginator",
    "Attempt",
    "AuditRecord",
    "BadRequest",
    "Badge",
    "BearerAuth",
    "BillingInterval",
    "BillingPlanType",
    "BulkCall",
    "BulkError",
    "CancelWhen",
    "Category",
    "ClientClosedError",
    "ClientStats",
    "Collection",
    "CollectionOrderItem",
    "Comment",
    "CompletionCriteria",
    "ConfigurationError",
    "Conflict",
    "Coursework",
    "CourseworkStatus",
    "CourseworkType",
    "CustomField",
    "CustomFieldAnswer",
    "CustomFieldOption",
    "CustomFieldPrivacy",
    "CustomFieldResponseBy",
    "CustomFieldStatus",
    "CustomFieldType",
    "DuplicateEvent",
    "DuplicateItemsWarning",
    "EmbeddedLink",
    "Event",
    "EventInProgress",
    "EventInstance",
    "EventPayload",
    "EventType",
    "Forbidden",
    "Frequency",
    "InvalidPathParameter",
    "InvalidPayload",
    "InvalidSecret",
    "Invite",
    "Limiter",
    "LimiterUnavailable",
    "Me",
    "Member",
    "MemberType",
    "MightyConnectionError",
    "MightyError",
    "MightyTimeout",
    "MonthlyUsage",
    "Network",
    "NotFound",
    "NotGiven",
    "Page",
    "PaginationError",
    "PayloadTooLarge",
    "PaymentPlatform",
    "Plan",
    "PlanStatus",
    "Poll",
    "PollChoice",
    "PollKind",
    "PollType",
    "Post",
    "PostType",
    "PricingType",
    "ProgressCallback",
    "Purchase",
    "PurchaseDetail",
    "PurchasePlan",
    "QuotaExceeded",
    "RateLimit",
    "RateLimitTransport",
    "RateLimited",
    "Raw",
    "Reaction",
    "ReactionTarget",
    "RedisLimiter",
    "ReplayedEvent",
    "ReportType",
    "RequestBlocked",
    "ResponseValidationError",
    "RetryPolicy",
    "RetryingWrites",
    "Role",
    "Rsvp",
    "RsvpStatus",
    "Segment",
    "ServerError",
    "SharedLimiter",
    "Space",
    "Subscription",
    "SubscriptionDetail",
    "SubscriptionPlan",
    "Tag",
    "TokenBucket",
    "TokenExpired",
    "TokenProvider",
    "Unauthorized",
    "UndeterminedEventType",
    "UnlockingCriteria",
    "UnprocessableEntity",
    "User",
    "WebhookError",
    "Weekday",
    "__version__",
    "default_user_agent",
    "raw",
    "to_dict",
    "to_json",
    "token_fingerprint",
]
