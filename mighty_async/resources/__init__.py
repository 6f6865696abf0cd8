"""Resources: one module per API area, each a thin map from methods to paths and models."""

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
