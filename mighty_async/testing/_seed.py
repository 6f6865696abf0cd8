"""Plausible, deterministic fake data: names, emails, places, titles and timestamps.

Everything is drawn from one `random.Random` the caller seeds, so ``Sandbox(seed=7)`` builds the
same network on every machine and every run. Emails use the reserved ``example.*`` domains, so
seed data can never reach a real mailbox.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    import random

__all__ = [
    "SEED_END",
    "SEED_START",
    "Names",
    "isoformat",
    "pick",
    "timestamp_between",
]

T = TypeVar("T")

SEED_START: Final = datetime(2023, 1, 9, 9, 0, tzinfo=UTC)
"""Seed data is created between these two instants, whatever the wall clock says."""
SEED_END: Final = datetime(2025, 11, 7, 23, 17, tzinfo=UTC)

FIRST_NAMES: Final = (
    "Ada", "Alan", "Amara", "Ana", "Andre", "Anika", "Arjun", "Aurora", "Ben", "Bianca",
    "Carlos", "Chen", "Chloe", "Dalia", "Daniel", "Dev", "Elena", "Emeka", "Emma", "Farah",
    "Felix", "Grace", "Hana", "Hugo", "Ines", "Isaac", "Ivy", "Jamal", "Jin", "Joao",
    "Julia", "Kai", "Kenji", "Lara", "Leo", "Lina", "Lucas", "Maya", "Mei", "Miguel",
    "Mila", "Nadia", "Noah", "Nora", "Omar", "Priya", "Rafael", "Rosa", "Sam", "Sana",
    "Sofia", "Tariq", "Theo", "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoe", "Zainab",
)  # fmt: skip
LAST_NAMES: Final = (
    "Abara", "Andersen", "Bauer", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia",
    "Haddad", "Hoffmann", "Ibrahim", "Ito", "Jansen", "Kaur", "Kim", "Kowalski", "Larsen",
    "Lopez", "Martin", "Moreau", "Mwangi", "Nakamura", "Nguyen", "Novak", "Okafor", "Oliveira",
    "Park", "Patel", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
    "Sato", "Tanaka", "Torres", "Usman", "Varga", "Weber", "Wong", "Yamamoto", "Zhang",
)  # fmt: skip
EMAIL_DOMAINS: Final = ("example.com", "example.org", "example.net")
TIME_ZONES: Final = (
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo",
    "Europe/London", "Europe/Berlin", "Europe/Madrid", "Africa/Lagos", "Asia/Kolkata",
    "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney",
)  # fmt: skip
LOCATIONS: Final = (
    "New York, NY", "Chicago, IL", "Austin, TX", "San Francisco, CA", "Toronto, Canada",
    "Sao Paulo, Brazil", "London, UK", "Berlin, Germany", "Madrid, Spain", "Lagos, Nigeria",
    "Nairobi, Kenya", "Bangalore, India", "Tokyo, Japan", "Singapore", "Sydney, Australia",
)  # fmt: skip
BIOS: Final = (
    "Designer who loves watercolor and long walks.",
    "Community builder, coffee enthusiast.",
    "Learning in public. Ask me about sourdough.",
    "Product manager by day, painter by night.",
    "Here to meet people who make things.",
    "Teacher, runner, occasional poet.",
)
SPACE_NAMES: Final = (
    "General", "Introductions", "Getting Started Course", "Announcements", "Events",
    "Show and Tell", "Resources", "Ask the Community", "Local Meetups", "Feedback",
)  # fmt: skip
POST_TITLES: Final = (
    "Welcome to the community!",
    "Share what you are working on this week",
    "Tips for getting started",
    "Our favorite resources",
    "Monthly wins thread",
    "What tools do you use?",
    "Introduce yourself here",
    "Ask me anything",
    "Behind the scenes",
    "A question for the group",
)
COMMENTS: Final = (
    "Love this, thanks for sharing!",
    "Great question.",
    "Count me in.",
    "This helped me a lot.",
    "Could you say more about that?",
    "Agreed!",
)
EMOJIS: Final = ("👍", "❤️", "🎉", "😂", "🔥", "👏")
EVENT_TITLES: Final = (
    "Monthly Community Meetup",
    "Office Hours",
    "Live Workshop",
    "Book Club",
    "Coffee Chat",
    "Demo Day",
    "Q&A with the Hosts",
)
TAG_TITLES: Final = ("VIP", "Beta tester", "Speaker", "Mentor", "New member")
BADGE_TITLES: Final = ("Top Contributor", "Early Adopter", "Event Host")
COLORS: Final = ("#FF5733", "#33A1FF", "#2ECC71", "#9B59B6", "#F1C40F")


def pick(rng: random.Random, options: tuple[T, ...]) -> T:
    """One element of ``options``, chosen with ``rng``."""
    return options[rng.randrange(len(options))]


def timestamp_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A whole-second instant between ``start`` and ``end``."""
    span = max(0, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randint(0, span))


def isoformat(moment: datetime) -> str:
    """The API's timestamp format: ``2025-11-07T23:17:21+00:00``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class Names:
    """Person names and unique emails, drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def person(self) -> tuple[str, str]:
        """A (first name, last name) pair."""
        return pick(self._rng, FIRST_NAMES), pick(self._rng, LAST_NAMES)

    def email(self, first: str, last: str) -> str:
        """A unique, lower-case email built from the name, on a reserved domain."""
        domain = pick(self._rng, EMAIL_DOMAINS)
        local = f"{first}.{last}".lower()
        candidate = f"{local}@{domain}"
        number = 1
        while candidate in self._taken:
            number += 1
            candidate = f"{local}{number}@{domain}"
        self._taken.add(candidate)
        return candidate

    def reserve(self, email: str) -> None:
        """Mark an email as used, so generated ones never collide with it."""
        self._taken.add(email.lower())
