"""One post as JSON, in the API's shape, to the monitoring workflow's :class:`PostIn`.

``{"id", "author", "ts", "text"?, "lang"?, "image_base64"?, "links"?, "reshare_of"?,
"reply_to"?}`` — ``ts`` is ISO 8601 (no zone: UTC) or epoch seconds; ids may be strings or
integers. Anything else is :class:`InvalidInput` naming the field.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from lawbridge.errors import InvalidInput
from lawbridge.workflows.monitoring import MAX_ID, PostIn

KEYS = frozenset(
    {"id", "author", "ts", "text", "lang", "image_base64", "links", "reshare_of", "reply_to"}
)
MAX_IMAGE_BASE64 = 30_000_000


def parse_ts(value: object) -> datetime:
    """A post time: epoch seconds (number) or ISO 8601 (no zone means UTC)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise InvalidInput(f"ts out of range: {value}", {"field": "ts"}) from exc
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise InvalidInput(f"ts is not ISO 8601: {value!r}", {"field": "ts"}) from exc
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise InvalidInput("ts must be epoch seconds or an ISO 8601 string", {"field": "ts"})


def _utf8(value: str, name: str) -> str:
    """``value`` if UTF-8 can encode it (JSON allows lone surrogate escapes such as "\\udc80")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"{name}: text that is not valid Unicode", {"field": name}) from exc
    return value


def post_id(value: object, name: str) -> str | None:
    """A post id (string or integer, 1 to MAX_ID characters), or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput(f"{name} must be a string or integer id", {"field": name})
    text = str(value)
    if not text.strip() or len(text) > MAX_ID:
        raise InvalidInput(f"{name}: 1 to {MAX_ID} characters", {"field": name})
    return _utf8(text, name)


def _text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string or null", {"field": name})
    return None if value is None else _utf8(value, name)


def _image(value: str | None) -> bytes | None:
    if value is None:
        return None
    if len(value) > MAX_IMAGE_BASE64:
        raise InvalidInput("image_base64 is too large", {"field": "image_base64"})
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("image_base64 is not valid base64", {"field": "image_base64"}) from exc


def post_from_json(data: object) -> PostIn:
    """A :class:`PostIn` from a decoded JSON value; InvalidInput naming the first bad field."""
    if not isinstance(data, dict):
        raise InvalidInput("a post must be a JSON object")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise InvalidInput(f"unknown post fields: {', '.join(unknown)}", {"unknown": unknown})
    external_id = post_id(data.get("id"), "id")
    if external_id is None:
        raise InvalidInput("a post needs an 'id'", {"field": "id"})
    author = post_id(data.get("author"), "author")
    if author is None:
        raise InvalidInput("a post needs an 'author'", {"field": "author"})
    links = data.get("links") or []
    if not isinstance(links, list) or not all(isinstance(u, str) for u in links):
        raise InvalidInput("links must be a list of strings", {"field": "links"})
    for link in links:
        _utf8(link, "links")
    return PostIn(
        external_id=external_id,
        author=author,
        posted_at=parse_ts(data.get("ts")),
        text=_text(data, "text") or "",
        lang=_text(data, "lang"),
        image=_image(_text(data, "image_base64")),
        links=tuple(links),
        reshare_of=post_id(data.get("reshare_of"), "reshare_of"),
        reply_to=post_id(data.get("reply_to"), "reply_to"),
    )


def post_from_bytes(body: bytes) -> PostIn:
    """A :class:`PostIn` from a message body (UTF-8 JSON)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput("the message is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"the message is not valid JSON ({exc.msg})") from exc
    return post_from_json(data)
