"""Which SDK call performs which Admin API operation.

One row per operation of the official spec (137): the HTTP method and the path after
``/admin/v1/networks/{network_id}`` exactly as the spec writes them, the spec's ``operationId``
(not unique in the spec, so rows are keyed by method and path), the dotted attribute path of
the method on `AsyncMightyClient`, and the docs page of its API area.

The coverage test calls every row against a mock built from the spec, and the "API coverage"
docs page is rendered from this table, so neither can drift from the code. Calling convention
shared by every row: the path's ``{ids}`` are the method's positional arguments, in path
order; everything else is a keyword argument (``fixed`` holds the ones a row always passes).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["AREAS", "OPERATIONS", "Operation"]


@attrs.frozen
class Operation:
    """One API operation and the SDK method that performs it."""

    method: str
    path: str
    operation_id: str
    call: str
    area: str
    fixed: dict[str, Any] = attrs.field(factory=dict, kw_only=True)

    def resolve(self, client: object) -> Any:
        """The bound method on ``client`` (``"spaces.members.get"`` -> ``client.spaces...``)."""
        target = client
        for name in self.call.split("."):
            target = getattr(target, name)
        return target


AREAS: Final = {
    "network": "Network and identity",
    "members": "Members",
    "spaces": "Spaces and space membership",
    "courses": "Courses",
    "collections": "Collections",
    "posts": "Posts, comments and reactions",
    "polls": "Polls and questions",
    "events": "Events and RSVPs",
    "plans": "Plans and plan membership",
    "invites": "Invites",
    "billing": "Subscriptions and purchases",
    "tags": "Tags",
    "badges": "Badges",
    "custom-fields": "Custom fields, options and answers",
    "assets": "Assets",
    "abuse-reports": "Abuse reports",
}
"""The docs page (``docs/api/<key>.md``) and title of each API area, in reading order."""

OPERATIONS: Final[tuple[Operation, ...]] = (
    Operation("GET", "/", "show_network", "network", "network"),
    Operation("GET", "/me", "show_me", "me", "network"),
    Operation("GET", "/members", "list_members", "members.list", "members"),
    Operation("POST", "/members", "create_members", "members.create", "members"),
    Operation("GET", "/members/by_email", "show_member", "members.get_by_email", "members"),
    Operation("GET", "/members/{id}/", "show_member", "members.get", "members"),
    Operation("PATCH", "/members/{id}/", "update_members", "members.update", "members"),
    Operation("PUT", "/members/{id}/", "replace_members", "members.replace", "members"),
    Operation("DELETE", "/members/{id}/", "delete_members", "members.delete", "members"),
    Operation(
        "DELETE",
        "/members/{id}/network_membership",
        "delete_members",
        "members.remove_from_network",
        "members",
    ),
    Operation(
        "POST",
        "/members/{member_id}/password_resets",
        "create_password_resets",
        "members.send_password_reset",
        "members",
    ),
    Operation(
        "GET", "/members/{member_id}/spaces", "list_spaces", "members.spaces.list", "members"
    ),
    Operation("GET", "/members/{member_id}/plans", "list_plans", "members.plans.list", "members"),
    Operation("GET", "/spaces", "list_spaces", "spaces.list", "spaces"),
    Operation("POST", "/spaces", "create_spaces", "spaces.create", "spaces"),
    Operation("GET", "/spaces/{id}", "show_space", "spaces.get", "spaces"),
    Operation("PATCH", "/spaces/{id}", "update_spaces", "spaces.update", "spaces"),
    Operation("PUT", "/spaces/{id}", "replace_spaces", "spaces.replace", "spaces"),
    Operation("DELETE", "/spaces/{id}", "delete_spaces", "spaces.delete", "spaces"),
    Operation("GET", "/spaces/{space_id}/members", "list_members", "spaces.members.list", "spaces"),
    Operation(
        "POST", "/spaces/{space_id}/members", "create_members", "spaces.members.add", "spaces"
    ),
    Operation(
        "GET",
        "/spaces/{space_id}/members/{user_id}/",
        "show_member",
        "spaces.members.get",
        "spaces",
    ),
    Operation(
        "PATCH",
        "/spaces/{space_id}/members/{user_id}/",
        "update_members",
        "spaces.members.update",
        "spaces",
    ),
    Operation(
        "PUT",
        "/spaces/{space_id}/members/{user_id}/",
        "replace_members",
        "spaces.members.replace",
        "spaces",
    ),
    Operation(
        "DELETE",
        "/spaces/{space_id}/members/{user_id}/",
        "delete_members",
        "spaces.members.remove",
        "spaces",
    ),
    Operation(
        "POST",
        "/spaces/{space_id}/members/{user_id}/ban",
        "create_members",
        "spaces.members.ban",
        "spaces",
    ),
    Operation(
        "GET",
        "/spaces/{space_id}/courseworks",
        "list_courseworks",
        "spaces.courseworks.list",
        "courses",
    ),
    Operation(
        "POST",
        "/spaces/{space_id}/courseworks",
        "create_courseworks",
        "spaces.courseworks.create",
        "courses",
    ),
    Operation(
        "GET",
        "/spaces/{space_id}/courseworks/{id}/",
        "show_coursework",
        "spaces.courseworks.get",
        "courses",
    ),
    Operation(
        "PATCH",
        "/spaces/{space_id}/courseworks/{id}/",
        "update_courseworks",
        "spaces.courseworks.update",
        "courses",
    ),
    Operation(
        "PUT",
        "/spaces/{space_id}/courseworks/{id}/",
        "replace_courseworks",
        "spaces.courseworks.replace",
        "courses",
    ),
    Operation(
        "DELETE",
        "/spaces/{space_id}/courseworks/{id}/",
        "delete_courseworks",
        "spaces.courseworks.delete",
        "courses",
    ),
    Operation("GET", "/collections", "list_collections", "collections.list", "collections"),
    Operation("POST", "/collections", "create_collections", "collections.create", "collections"),
    Operation("GET", "/collections/{id}/", "show_collection", "collections.get", "collections"),
    Operation(
        "PATCH", "/collections/{id}/", "update_collections", "collections.update", "collections"
    ),
    Operation(
        "PUT", "/collections/{id}/", "replace_collections", "collections.replace", "collections"
    ),
    Operation(
        "DELETE", "/collections/{id}/", "delete_collections", "collections.delete", "collections"
    ),
    Operation(
        "PUT",
        "/collections/{id}/order",
        "replace_collections",
        "collections.reorder",
        "collections",
    ),
    Operation("GET", "/posts", "list_posts", "posts.list", "posts"),
    Operation("POST", "/posts", "create_posts", "posts.create", "posts"),
    Operation("GET", "/posts/{id}/", "show_post", "posts.get", "posts"),
    Operation("PATCH", "/posts/{id}/", "update_posts", "posts.update", "posts"),
    Operation("PUT", "/posts/{id}/", "replace_posts", "posts.replace", "posts"),
    Operation("DELETE", "/posts/{id}/", "delete_posts", "posts.delete", "posts"),
    Operation("POST", "/posts/{post_id}/mute", "create_mute", "posts.mute", "posts"),
    Operation("DELETE", "/posts/{post_id}/mute", "delete_mute", "posts.unmute", "posts"),
    Operation("GET", "/posts/{post_id}/comments", "list_comments", "posts.comments.list", "posts"),
    Operation(
        "POST", "/posts/{post_id}/comments", "create_comments", "posts.comments.create", "posts"
    ),
    Operation(
        "GET", "/posts/{post_id}/comments/{id}/", "show_comment", "posts.comments.get", "posts"
    ),
    Operation(
        "DELETE",
        "/posts/{post_id}/comments/{id}/",
        "delete_comments",
        "posts.comments.delete",
        "posts",
    ),
    Operation(
        "GET", "/posts/{post_id}/reactions", "list_reactions", "posts.reactions.list", "posts"
    ),
    Operation(
        "POST", "/posts/{post_id}/reactions", "create_reactions", "posts.reactions.create", "posts"
    ),
    Operation(
        "DELETE",
        "/posts/{post_id}/reactions",
        "delete_reactions",
        "posts.reactions.delete",
        "posts",
    ),
    Operation(
        "GET",
        "/comments/{comment_id}/reactions",
        "list_reactions",
        "comments.reactions.list",
        "posts",
    ),
    Operation(
        "POST",
        "/comments/{comment_id}/reactions",
        "create_reactions",
        "comments.reactions.create",
        "posts",
    ),
    Operation(
        "DELETE",
        "/comments/{comment_id}/reactions",
        "delete_reactions",
        "comments.reactions.delete",
        "posts",
    ),
    Operation("GET", "/polls", "list_polls", "polls.list", "polls"),
    Operation("POST", "/polls", "create_polls", "polls.create", "polls"),
    Operation("GET", "/polls/{id}/", "show_poll", "polls.get", "polls"),
    Operation("PATCH", "/polls/{id}/", "update_polls", "polls.update", "polls"),
    Operation("PUT", "/polls/{id}/", "replace_polls", "polls.replace", "polls"),
    Operation("DELETE", "/polls/{id}/", "delete_polls", "polls.delete", "polls"),
    Operation("GET", "/events", "list_events", "events.list", "events"),
    Operation("POST", "/events", "create_events", "events.create", "events"),
    Operation("GET", "/events/{id}/", "show_event", "events.get", "events"),
    Operation("PATCH", "/events/{id}/", "update_events", "events.update", "events"),
    Operation("PUT", "/events/{id}/", "replace_events", "events.replace", "events"),
    Operation("DELETE", "/events/{id}/", "delete_events", "events.delete", "events"),
    Operation("GET", "/events/{event_id}/rsvps", "list_rsvps", "events.rsvps.list", "events"),
    Operation("POST", "/events/{event_id}/rsvps", "create_rsvps", "events.rsvps.create", "events"),
    Operation("GET", "/events/{event_id}/rsvps/{id}/", "show_rsvp", "events.rsvps.get", "events"),
    Operation(
        "PATCH", "/events/{event_id}/rsvps/{id}/", "update_rsvps", "events.rsvps.update", "events"
    ),
    Operation(
        "PUT", "/events/{event_id}/rsvps/{id}/", "replace_rsvps", "events.rsvps.replace", "events"
    ),
    Operation(
        "DELETE", "/events/{event_id}/rsvps/{id}/", "delete_rsvps", "events.rsvps.delete", "events"
    ),
    Operation("GET", "/plans", "list_plans", "plans.list", "plans"),
    Operation("GET", "/plans/{id}/", "show_plan", "plans.get", "plans"),
    Operation("DELETE", "/plans/{id}/", "delete_plans", "plans.archive", "plans"),
    Operation("GET", "/plans/{plan_id}/members", "list_members", "plans.members.list", "plans"),
    Operation("POST", "/plans/{plan_id}/members", "create_members", "plans.members.add", "plans"),
    Operation(
        "GET", "/plans/{plan_id}/members/{member_id}/", "show_member", "plans.members.get", "plans"
    ),
    Operation(
        "DELETE", "/plans/{plan_id}/members/{id}/", "delete_plans", "plans.members.remove", "plans"
    ),
    Operation("GET", "/plans/{plan_id}/invites", "list_invites", "plans.invites.list", "invites"),
    Operation(
        "POST", "/plans/{plan_id}/invites", "create_invites", "plans.invites.create", "invites"
    ),
    Operation(
        "GET", "/plans/{plan_id}/invites/{id}/", "show_invite", "plans.invites.get", "invites"
    ),
    Operation(
        "PATCH",
        "/plans/{plan_id}/invites/{id}/",
        "update_invites",
        "plans.invites.resend",
        "invites",
    ),
    Operation(
        "PUT",
        "/plans/{plan_id}/invites/{id}/",
        "replace_invites",
        "plans.invites.resend",
        "invites",
        fixed={"method": "PUT"},
    ),
    Operation(
        "DELETE",
        "/plans/{plan_id}/invites/{id}/",
        "delete_invites",
        "plans.invites.delete",
        "invites",
    ),
    Operation("GET", "/invites", "list_invites", "invites.list", "invites"),
    Operation("POST", "/invites", "create_invites", "invites.create", "invites"),
    Operation("PATCH", "/invites/{id}/", "update_invites", "invites.update", "invites"),
    Operation("PUT", "/invites/{id}/", "replace_invites", "invites.replace", "invites"),
    Operation("DELETE", "/invites/{id}/", "delete_invites", "invites.delete", "invites"),
    Operation("GET", "/subscriptions", "list_subscriptions", "subscriptions.list", "billing"),
    Operation("GET", "/subscriptions/{id}", "show_subscription", "subscriptions.get", "billing"),
    Operation(
        "DELETE", "/subscriptions/{id}", "delete_subscriptions", "subscriptions.cancel", "billing"
    ),
    Operation("GET", "/purchases", "list_purchases", "purchases.list", "billing"),
    Operation("GET", "/purchases/{id}/", "show_purchase", "purchases.get", "billing"),
    Operation("DELETE", "/purchases/{id}/", "delete_purchases", "purchases.revoke", "billing"),
    Operation("GET", "/members/{member_id}/tags", "list_tags", "members.tags.list", "tags"),
    Operation("POST", "/members/{member_id}/tags", "create_tags", "members.tags.add", "tags"),
    Operation("GET", "/members/{member_id}/tags/{tag_id}/", "show_tag", "members.tags.get", "tags"),
    Operation(
        "DELETE",
        "/members/{member_id}/tags/{tag_id}/",
        "delete_tags",
        "members.tags.remove",
        "tags",
    ),
    Operation("GET", "/tags", "list_tags", "tags.list", "tags"),
    Operation("POST", "/tags", "create_tags", "tags.create", "tags"),
    Operation("GET", "/tags/{id}/", "show_tag", "tags.get", "tags"),
    Operation("PATCH", "/tags/{id}/", "update_tags", "tags.update", "tags"),
    Operation("PUT", "/tags/{id}/", "replace_tags", "tags.replace", "tags"),
    Operation("DELETE", "/tags/{id}/", "delete_tags", "tags.delete", "tags"),
    Operation("GET", "/members/{member_id}/badges", "list_badges", "members.badges.list", "badges"),
    Operation(
        "POST", "/members/{member_id}/badges", "create_badges", "members.badges.add", "badges"
    ),
    Operation(
        "GET",
        "/members/{member_id}/badges/{badge_id}/",
        "show_badge",
        "members.badges.get",
        "badges",
    ),
    Operation(
        "DELETE",
        "/members/{member_id}/badges/{badge_id}/",
        "delete_badges",
        "members.badges.remove",
        "badges",
    ),
    Operation("GET", "/badges", "list_badges", "badges.list", "badges"),
    Operation("POST", "/badges", "create_badges", "badges.create", "badges"),
    Operation("GET", "/badges/{id}/", "show_badge", "badges.get", "badges"),
    Operation("PATCH", "/badges/{id}/", "update_badges", "badges.update", "badges"),
    Operation("PUT", "/badges/{id}/", "replace_badges", "badges.replace", "badges"),
    Operation("DELETE", "/badges/{id}/", "delete_badges", "badges.delete", "badges"),
    Operation("GET", "/custom_fields", "list_custom_fields", "custom_fields.list", "custom-fields"),
    Operation(
        "POST", "/custom_fields", "create_custom_fields", "custom_fields.create", "custom-fields"
    ),
    Operation(
        "GET", "/custom_fields/{id}/", "show_custom_field", "custom_fields.get", "custom-fields"
    ),
    Operation(
        "PATCH",
        "/custom_fields/{id}/",
        "update_custom_fields",
        "custom_fields.update",
        "custom-fields",
    ),
    Operation(
        "PUT",
        "/custom_fields/{id}/",
        "replace_custom_fields",
        "custom_fields.replace",
        "custom-fields",
    ),
    Operation(
        "DELETE",
        "/custom_fields/{id}/",
        "delete_custom_fields",
        "custom_fields.delete",
        "custom-fields",
    ),
    Operation(
        "GET",
        "/custom_fields/{custom_field_id}/options",
        "list_options",
        "custom_fields.options.list",
        "custom-fields",
    ),
    Operation(
        "POST",
        "/custom_fields/{custom_field_id}/options",
        "create_options",
        "custom_fields.options.create",
        "custom-fields",
    ),
    Operation(
        "GET",
        "/custom_fields/{custom_field_id}/options/{id}/",
        "show_option",
        "custom_fields.options.get",
        "custom-fields",
    ),
    Operation(
        "PATCH",
        "/custom_fields/{custom_field_id}/options/{id}/",
        "update_options",
        "custom_fields.options.update",
        "custom-fields",
    ),
    Operation(
        "PUT",
        "/custom_fields/{custom_field_id}/options/{id}/",
        "replace_options",
        "custom_fields.options.replace",
        "custom-fields",
    ),
    Operation(
        "DELETE",
        "/custom_fields/{custom_field_id}/options/{id}/",
        "delete_options",
        "custom_fields.options.delete",
        "custom-fields",
    ),
    Operation(
        "GET",
        "/custom_fields/{custom_field_id}/members/{member_id}/answers",
        "list_answers",
        "custom_fields.answers.list",
        "custom-fields",
    ),
    Operation(
        "POST",
        "/custom_fields/{custom_field_id}/members/{member_id}/answers",
        "create_answers",
        "custom_fields.answers.create",
        "custom-fields",
    ),
    Operation(
        "DELETE",
        "/custom_fields/{custom_field_id}/members/{member_id}/answers",
        "delete_answers",
        "custom_fields.answers.delete",
        "custom-fields",
    ),
    Operation(
        "GET",
        "/custom_fields/{custom_field_id}/members/{member_id}/answers/{id}/",
        "show_answer",
        "custom_fields.answers.get",
        "custom-fields",
    ),
    Operation("POST", "/assets", "create_assets", "assets.upload", "assets"),
    Operation("GET", "/abuse_reports", "list_abuse_reports", "abuse_reports.list", "abuse-reports"),
)
