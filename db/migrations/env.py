"""Alembic environment: always runs against the engine handed over by db.store (no ini file)."""

from alembic import context

from db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise RuntimeError("db.store passes the engine; run migrations through open_store()")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
