"""reports models."""

__all__: list[str] = []
