"""Bytes in, typed event out: decode the body, read the envelope, pick the type, structure.

Pure functions, no I/O and no secret: `WebhookReceiver` adds authentication, the replay window
and de-duplication around `parse_event`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final
from uuid import UUID

import attrs

from mighty_async._converter import parse_datetime, structure
from mighty_async.errors import InvalidPayload, ResponseValidationError, UndeterminedEventType

from ._events import EVENT_TYPES, KnownEvent, UnknownEvent, WebhookEvent, payload_type
from ._infer import infer_event_types

if TYPE_CHECKING:
    from collections.abc import Mapping

    import cattrs

__all__ = ["decode_body", "normalize_event_type", "parse_event", "parse_timestamp"]

_SEPARATORS = re.compile(r"[\s.\-/:]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_UNDERSCORES = re.compile(r"_+")
_HOOK_SUFFIX = "_HOOK"
_MILLISECONDS_AFTER: Final = 100_000_000_000  # epoch seconds reach this in the year 5138
_UTC_SUFFIXES = (" UTC", " GMT", " Z")
_MAX_REASON: Final = 200


def normalize_event_type(name: str) -> str:
    """Spell an event type the one way this package uses: UPPER_SNAKE, no ``Hook`` suffix.

    ``"PostCreated"``, ``"POST_CREATED"``, ``"post.created"`` and the GraphQL-style
    ``"PostCreatedHook"`` all become ``"POST_CREATED"``.
    """
    text = _CAMEL.sub("_", _SEPARATORS.sub("_", name.strip()))
    text = _UNDERSCORES.sub("_", text).strip("_").upper()
    if text.endswith(_HOOK_SUFFIX) and len(text) > len(_HOOK_SUFFIX):
        text = text[: -len(_HOOK_SUFFIX)]
    return text


def _from_epoch(number: float) -> datetime | None:
    try:  # a 400-digit integer overflows already in the division
        seconds = number / 1000 if abs(number) >= _MILLISECONDS_AFTER else number
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_text(value: str) -> datetime | None:
    text = value.strip()
    try:
        return _from_epoch(float(text))
    except ValueError:
        pass
    for suffix in _UTC_SUFFIXES:
        if text.upper().endswith(suffix):
            text = text[: -len(suffix)].rstrip() + "+00:00"
            break
    try:
        return parse_datetime(text)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_timestamp(value: object) -> datetime | None:
    """Read ``event_timestamp`` leniently, as an aware datetime, or None when it is no time.

    Accepts ISO-8601 with an offset, ``Z`` or none (UTC is assumed), a space instead of ``T``,
    a trailing ``UTC``/``GMT``, RFC 2822 / HTTP dates, and epoch seconds or milliseconds as
    numbers or numeric strings. The spec documents the field loosely (format ``datetime``,
    placeholder examples), so anything else is None rather than an error.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(value)
    if isinstance(value, str) and value.strip():
        return _from_text(value)
    return None


def decode_body(body: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> dict[str, Any]:
    """Decode a delivery's body into a JSON object, or raise `InvalidPayload`."""
    if isinstance(body, dict):
        return body
    if isinstance(body, memoryview | bytearray):
        body = bytes(body)
    if not isinstance(body, bytes | str):
        return dict(body)
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError) as exc:
        reason = str(exc)[:_MAX_REASON]
        raise InvalidPayload(f"the body is not JSON ({len(body)} bytes): {reason}") from None
    if not isinstance(decoded, dict):
        raise InvalidPayload(f"the body is JSON but not an object: {type(decoded).__name__}")
    return decoded


def _event_id(envelope: Mapping[str, Any]) -> UUID:
    value = envelope.get("event_id")
    if value is None:
        raise InvalidPayload("not a webhook delivery", errors=["$.event_id: missing"])
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):
        try:
            return UUID(value.strip())
        except ValueError:
            pass
    raise InvalidPayload(
        "not a webhook delivery", errors=[f"$.event_id: not a UUID ({type(value).__name__})"]
    )


def _named_type(envelope: Mapping[str, Any], stated: str | type[KnownEvent] | None) -> str | None:
    value = envelope.get("event_type")
    if isinstance(value, str) and value.strip():
        return normalize_event_type(value)
    if value is not None and not isinstance(value, str):
        raise InvalidPayload(
            "not a webhook delivery",
            errors=[f"$.event_type: expected a string, got {type(value).__name__}"],
        )
    if stated is None:
        return None
    if isinstance(stated, str):
        return normalize_event_type(stated)
    return str(attrs.fields(stated).event_type.default)


def _infer(payload: object) -> str:
    candidates = infer_event_types(payload) if isinstance(payload, dict) else ()
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = ", ".join(candidates)
        detail = f"the payload fits {len(candidates)} event types equally ({listed})"
    else:
        detail = "the payload fits no known event type"
    raise UndeterminedEventType(
        f"the body has no event_type and none was stated; {detail}. Give the receiver the "
        "event type its endpoint is configured for",
        candidates=candidates,
    )


def _under_payload(line: str) -> str:
    """Re-root a converter error line (``... @ $.member.id`` or ``$: ...``) at ``$.payload``."""
    if line.startswith("$"):
        return "$.payload" + line[1:]
    at = line.rfind(" @ $")
    return line if at < 0 else f"{line[: at + 3]}$.payload{line[at + 4 :]}"


def parse_event(
    body: bytes | bytearray | memoryview | str | Mapping[str, Any],
    *,
    event_type: str | type[KnownEvent] | None = None,
    converter: cattrs.Converter | None = None,
) -> WebhookEvent:
    """Parse one delivery into its typed event, without checking who sent it.

    Args:
        body: the raw request body (or an already decoded JSON object).
        event_type: the type this endpoint receives, in any spelling or as an event class;
            used only when the body has no ``event_type`` of its own.
        converter: the cattrs converter for the payload; the package's lenient one by
            default (tests pass the strict twin).

    The type comes from the body's ``event_type``, else ``event_type``, else the payload's
    shape. A known type gives its event class; any other name gives `UnknownEvent`.

    Raises:
        InvalidPayload: the body is not JSON, not an envelope, or the payload does not fit
            its type.
        UndeterminedEventType: no type is named and the payload's shape fits none or several.
    """
    envelope = decode_body(body)
    event_id = _event_id(envelope)
    timestamp = parse_timestamp(envelope.get("event_timestamp"))
    if "payload" not in envelope:
        raise InvalidPayload("not a webhook delivery", errors=["$.payload: missing"])
    payload = envelope["payload"]
    name = _named_type(envelope, event_type)
    if name is None:
        name = _infer(payload)
    cls = EVENT_TYPES.get(name)
    if cls is None:
        return UnknownEvent(
            event_id=event_id,
            event_timestamp=timestamp,
            event_type=name or None,
            payload=payload,
            raw=envelope,
        )
    model = payload_type(cls)
    if not isinstance(payload, dict):
        raise InvalidPayload(
            f"the payload of a {name} delivery does not fit {model.__name__}",
            errors=[f"$.payload: expected an object, got {type(payload).__name__}"],
        )
    try:
        typed: Any = structure(payload, model, conv=converter)
    except ResponseValidationError as exc:
        raise InvalidPayload(
            f"the payload of a {name} delivery does not fit {model.__name__}",
            errors=[_under_payload(line) for line in exc.errors],
        ) from None
    return cls(event_id=event_id, event_timestamp=timestamp, payload=typed)
