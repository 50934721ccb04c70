"""Personal ID numbers at rest: encrypted (Fernet), searchable only by a keyed hash, shown masked."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[Fernet, bytes]:
    root = hashlib.sha256(("socorg-field-key:" + secret).encode()).digest()
    enc = base64.urlsafe_b64encode(hmac.new(root, b"encrypt", hashlib.sha256).digest())
    mac = hmac.new(root, b"search-hash", hashlib.sha256).digest()
    return Fernet(enc), mac


def _material() -> tuple[Fernet, bytes]:
    return _keys(settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return _material()[0].encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _material()[0].decrypt(token.encode()).decode() if token else ""


def search_hash(value: str) -> str:
    """A keyed hash: equal inputs match, but the number cannot be recovered from the hash."""
    return hmac.new(_material()[1], value.upper().encode(), hashlib.sha256).hexdigest() if value else ""


def mask_id_number(value: str) -> str:
    """110101********123X style: region and last four kept."""
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str) -> str:
    """138****1234 for mobiles; landlines keep the area code and last two digits."""
    digits = "".join(c for c in value if c.isdigit())
    if not digits:
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]
