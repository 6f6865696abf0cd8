"""Names for the API's open sets of string values: roles, statuses, kinds.

Each alias is, for a type checker, ``Literal[<the values the spec documents>] | str``: editors
complete the known values, and any other string still type-checks. At run time every alias is
plain `str`, so a value the server adds tomorrow structures like any other string and never
fails a call. Compare with ``==`` against the documented values; do not match exhaustively.

The closed sets (weekday codes for recurring events) are plain `Literal`s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypeAlias

__all__ = [
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
]

Weekday: TypeAlias = Literal["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
"""A day code for ``by_days`` on recurring events."""

if TYPE_CHECKING:
    Role: TypeAlias = Literal["host", "moderator", "contributor"] | str
    MemberType: TypeAlias = Literal["full", "limited"] | str
    CourseworkType: TypeAlias = Literal["lesson", "quiz", "section", "overview"] | str
    CourseworkStatus: TypeAlias = Literal["posted", "hidden", "pending"] | str
    CompletionCriteria: TypeAlias = (
        Literal["none", "visited", "button", "video", "minimum_correct_percentage"] | str
    )
    UnlockingCriteria: TypeAlias = (
        Literal["none", "sequential", "time_from_course_join", "scheduled_date"] | str
    )
    PostType: TypeAlias = (
        Literal[
            "article",
            "event",
            "poll",
            "question",
            "multiple_choice_poll",
            "hot_cold_poll",
            "percentage_poll",
        ]
        | str
    )
    PollType: TypeAlias = Literal["multiple_choice", "hot_cold", "percentage", "question"] | str
    PollKind: TypeAlias = Literal["multiple_choice_poll", "hot_cold_poll", "percentage_poll"] | str
    ReactionTarget: TypeAlias = Literal["Post", "Comment"] | str
    EventType: TypeAlias = (
        Literal[
            "local",
            "live_chat",
            "online_meeting",
            "zoom_meeting",
            "zoom_webinar",
            "webinar",
            "local_meetup",
        ]
        | str
    )
    Frequency: TypeAlias = Literal["daily", "weekly", "monthly", "yearly"] | str
    RsvpStatus: TypeAlias = Literal["yes", "maybe", "no"] | str
    PlanStatus: TypeAlias = (
        Literal["visible", "hidden", "pending", "rejected", "archived", "legacy"] | str
    )
    PricingType: TypeAlias = (
        Literal[
            "free",
            "subscription",
            "one_time",
            "installment",
            "one_time_installment",
            "token_gated",
            "nonpaid",
        ]
        | str
    )
    BillingPlanType: TypeAlias = Literal["free", "subscription", "one-time-payment"] | str
    BillingInterval: TypeAlias = Literal["day", "week", "month", "year", "one_time"] | str
    PaymentPlatform: TypeAlias = Literal["stripe", "apple", "web3"] | str
    CancelWhen: TypeAlias = Literal["now", "end_of_billing_cycle"] | str
    CustomFieldType: TypeAlias = (
        Literal[
            "tag",
            "badge",
            "dropdown_single_select",
            "dropdown_multi_select",
            "text_short",
            "text_long",
        ]
        | str
    )
    CustomFieldPrivacy: TypeAlias = Literal["public", "private", "admin"] | str
    CustomFieldResponseBy: TypeAlias = Literal["hosts_only", "individual_member"] | str
    CustomFieldStatus: TypeAlias = Literal["visible", "hidden", "billing_disabled"] | str
    ReportType: TypeAlias = Literal["spam", "offensive", "impersonation", "other"] | str
    AssetStyle: TypeAlias = (
        Literal[
            "avatar",
            "avatar_suggestion",
            "header_suggestion",
            "avatar_dark_mode",
            "thumbnail",
            "square_thumbnail",
            "bundle_description",
            "landing_page_background",
            "landing_page_video",
            "customer_site_logo",
            "space_avatar",
            "space_description",
            "brand_banner_on_color",
            "brand_banner_on_white",
            "brand_banner_dark_mode",
            "background_image_banner",
            "background_image_banner_fixed_ratio",
            "post_description",
            "landing_page_description",
            "cover",
            "post",
            "comment",
            "file",
            "header",
            "cinema_header",
            "profile_prompt_answer",
            "new_member_pitch",
            "embedded_link",
            "user_cover",
            "video",
            "course_video",
            "live_mp4_recording",
            "live_mp4_recording_backup",
            "comment_video",
            "ai_interaction",
            "automation_action_image",
            "landing_page_content",
            "seo_image",
            "voice_note",
        ]
        | str
    )
else:
    Role = MemberType = CourseworkType = CourseworkStatus = CompletionCriteria = str
    UnlockingCriteria = PostType = PollType = PollKind = ReactionTarget = EventType = str
    Frequency = RsvpStatus = PlanStatus = PricingType = BillingPlanType = BillingInterval = str
    PaymentPlatform = CancelWhen = CustomFieldType = CustomFieldPrivacy = str
    CustomFieldResponseBy = CustomFieldStatus = ReportType = AssetStyle = str
