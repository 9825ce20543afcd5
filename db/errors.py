"""Errors of the persistence layer, importable without loading SQLAlchemy."""


class StoreError(Exception):
    """The data directory cannot be opened; the message is for the user (Vietnamese)."""
