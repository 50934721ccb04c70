"""spotchecks models."""

__all__: list[str] = []
