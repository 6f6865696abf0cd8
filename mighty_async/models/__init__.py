"""Response models: frozen attrs classes, one module per API area.

Conventions shared by every model: keyword-only, immutable, field names as on the wire
(snake_case), ids as `int` (the API sends ``1234`` or ``"1234"``), timestamps as aware
`datetime`, lists as tuples, and every field but ``id`` optional with a default of None,
because the API leaves fields out or sends null even where the spec calls them required.

Fields holding one of an open set of server values (roles, statuses, kinds) are typed with the
aliases below (`Role`, `PlanStatus`, ...): known values complete in editors, unknown ones are
still accepted.

`Member` and `Category` keep their attributes in a ``__dict__`` (``slots=False``), the other
models in slots. The converter builds such a model by handing it its filled ``__dict__``,
without calling ``__init__``; a frozen slotted class would have to set each attribute through
``object.__setattr__``. msgspec (the ``[speedups]`` path) raises and formats an AttributeError
for every field a body leaves out of a slotted class, which member records often do. Measured
on a page of 100 members: the converter takes 1.6x pydantic's time (2.0x while it called
``__init__``, and 14 % more instructions than that with slots); msgspec takes 7 % fewer
instructions than with slots; each record costs some 60 bytes more. On the posts page, whose
records leave few fields out, a ``__dict__`` made msgspec 18 % slower, so `Post` and the rest
stay slotted.
"""

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from ._types import (
        AssetStyle,
        BillingInterval,
        BillingPlanType,
        CancelWhen,
        CompletionCriteria,
        CourseworkStatus,
        CourseworkType,
        CustomFieldPrivacy,
        CustomFieldResponseBy,
        CustomFieldStatus,
        CustomFieldType,
        EventType,
        Frequency,
        MemberType,
        PaymentPlatform,
        PlanStatus,
        PollKind,
        PollType,
        PostType,
        PricingType,
        ReactionTarget,
        ReportType,
        Role,
        RsvpStatus,
        UnlockingCriteria,
        Weekday,
    )
    from .abuse_reports import AbuseReport
    from .assets import Asset
    from .badges import Badge
    from .collections import Collection, CollectionOrderItem
    from .comments import Comment, EmbeddedLink
    from .courseworks import Coursework
    from .custom_fields import CustomField, CustomFieldAnswer, CustomFieldOption, Segment
    from .events import Event, EventInstance, EventPayload
    from .invites import Invite
    from .members import Category, Member
    from .network import Me, Network, User
    from .plans import Plan
    from .polls import Poll, PollChoice
    from .posts import Post
    from .purchases import Purchase, PurchaseDetail, PurchasePlan
    from .reactions import Reaction
    from .rsvps import Rsvp
    from .spaces import Space
    from .subscriptions import Subscription, SubscriptionDetail, SubscriptionPlan
    from .tags import Tag

__all__ = [
    "AbuseReport",
    "Asset",
    "AssetStyle",
    "Badge",
    "BillingInterval",
    "BillingPlanType",
    "CancelWhen",
    "Category",
    "Collection",
    "CollectionOrderItem",
    "Comment",
    "CompletionCriteria",
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
    "EmbeddedLink",
    "Event",
    "EventInstance",
    "EventPayload",
    "EventType",
    "Frequency",
    "Invite",
    "Me",
    "Member",
    "MemberType",
    "Network",
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
    "Purchase",
    "PurchaseDetail",
    "PurchasePlan",
    "Reaction",
    "ReactionTarget",
    "ReportType",
    "Role",
    "Rsvp",
    "RsvpStatus",
    "Segment",
    "Space",
    "Subscription",
    "SubscriptionDetail",
    "SubscriptionPlan",
    "Tag",
    "UnlockingCriteria",
    "User",
    "Weekday",
]

# Each model module loads when one of its names is first looked up: the ~60 attrs classes
# cost more to create than all of httpx's own import, and a call needs only its own models.
_HOMES = {
    "._types": (
        "AssetStyle",
        "BillingInterval",
        "BillingPlanType",
        "CancelWhen",
        "CompletionCriteria",
        "CourseworkStatus",
        "CourseworkType",
        "CustomFieldPrivacy",
        "CustomFieldResponseBy",
        "CustomFieldStatus",
        "CustomFieldType",
        "EventType",
        "Frequency",
        "MemberType",
        "PaymentPlatform",
        "PlanStatus",
        "PollKind",
        "PollType",
        "PostType",
        "PricingType",
        "ReactionTarget",
        "ReportType",
        "Role",
        "RsvpStatus",
        "UnlockingCriteria",
        "Weekday",
    ),
    ".abuse_reports": ("AbuseReport",),
    ".assets": ("Asset",),
    ".badges": ("Badge",),
    ".collections": ("Collection", "CollectionOrderItem"),
    ".comments": ("Comment", "EmbeddedLink"),
    ".courseworks": ("Coursework",),
    ".custom_fields": ("CustomField", "CustomFieldAnswer", "CustomFieldOption", "Segment"),
    ".events": ("Event", "EventInstance", "EventPayload"),
    ".invites": ("Invite",),
    ".members": ("Category", "Member"),
    ".network": ("Me", "Network", "User"),
    ".plans": ("Plan",),
    ".polls": ("Poll", "PollChoice"),
    ".posts": ("Post",),
    ".purchases": ("Purchase", "PurchaseDetail", "PurchasePlan"),
    ".reactions": ("Reaction",),
    ".rsvps": ("Rsvp",),
    ".spaces": ("Space",),
    ".subscriptions": ("Subscription", "SubscriptionDetail", "SubscriptionPlan"),
    ".tags": ("Tag",),
}

__getattr__, __dir__ = _lazy_names(__name__, globals(), _HOMES)
