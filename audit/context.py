"""The request (or command) on whose behalf services write, so audit events can name it."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("socorg_request_id", default=None)


def current_request_id() -> str:
    value = _request_id.get()
    if value is None:
        value = f"cli-{uuid.uuid4()}"
        _request_id.set(value)
    return value


def set_request_id(value: str | None):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
