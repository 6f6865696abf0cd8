"""Resources: one module per API area, each a thin map from methods to paths and models.

The client builds each resource on first use (``client.members``), and each resource module
loads then, with the models it returns; the names below load the same way (PEP 562).
"""

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from ._base import NOT_GIVEN, NotGiven, Resource
    from .abuse_reports import AbuseReports
    from .assets import MAX_ASSET_BYTES, Assets, FileInput
    from .badges import Badges, MemberBadges
    from .collections import Collections
    from .comments import Comments, PostComments
    from .courseworks import Courseworks
    from .custom_fields import CustomFieldAnswers, CustomFieldOptions, CustomFields
    from .events import Events
    from .invites import Invites, PlanInvites
    from .members import Members
    from .plans import MemberPlans, PlanMembers, Plans
    from .polls import Polls
    from .posts import Posts
    from .purchases import Purchases
    from .reactions import CommentReactions, PostReactions
    from .rsvps import Rsvps
    from .spaces import MemberSpaces, SpaceMembers, Spaces
    from .subscriptions import Subscriptions
    from .tags import MemberTags, Tags

__all__ = [
    "MAX_ASSET_BYTES",
    "NOT_GIVEN",
    "AbuseReports",
    "Assets",
    "Badges",
    "Collections",
    "CommentReactions",
    "Comments",
    "Courseworks",
    "CustomFieldAnswers",
    "CustomFieldOptions",
    "CustomFields",
    "Events",
    "FileInput",
    "Invites",
    "MemberBadges",
    "MemberPlans",
    "MemberSpaces",
    "MemberTags",
    "Members",
    "NotGiven",
    "PlanInvites",
    "PlanMembers",
    "Plans",
    "Polls",
    "PostComments",
    "PostReactions",
    "Posts",
    "Purchases",
    "Resource",
    "Rsvps",
    "SpaceMembers",
    "Spaces",
    "Subscriptions",
    "Tags",
]

_HOMES = {
    "._base": ("NOT_GIVEN", "NotGiven", "Resource"),
    ".abuse_reports": ("AbuseReports",),
    ".assets": ("MAX_ASSET_BYTES", "Assets", "FileInput"),
    ".badges": ("Badges", "MemberBadges"),
    ".collections": ("Collections",),
    ".comments": ("Comments", "PostComments"),
    ".courseworks": ("Courseworks",),
    ".custom_fields": ("CustomFieldAnswers", "CustomFieldOptions", "CustomFields"),
    ".events": ("Events",),
    ".invites": ("Invites", "PlanInvites"),
    ".members": ("Members",),
    ".plans": ("MemberPlans", "PlanMembers", "Plans"),
    ".polls": ("Polls",),
    ".posts": ("Posts",),
    ".purchases": ("Purchases",),
    ".reactions": ("CommentReactions", "PostReactions"),
    ".rsvps": ("Rsvps",),
    ".spaces": ("MemberSpaces", "SpaceMembers", "Spaces"),
    ".subscriptions": ("Subscriptions",),
    ".tags": ("MemberTags", "Tags"),
}

__getattr__, __dir__ = _lazy_names(__name__, globals(), _HOMES)
