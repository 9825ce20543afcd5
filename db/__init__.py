"""Persistence: typed SQLAlchemy models, opening a data directory, migrations."""
