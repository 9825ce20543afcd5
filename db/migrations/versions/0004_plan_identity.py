"""plan identity: keys, versions, task keys and fingerprints, tasks removed by an amendment

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 16:30:00

Keys and fingerprints are computed by the application the first time it opens the upgraded database
(desktop/core/plan_identity_backfill.py): the normalisation rules live in the core, not here.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('origin', sa.String(length=10), nullable=False, server_default='import'))
        batch_op.create_index(batch_op.f('ix_plan_key'), ['key'], unique=False)
    # Plans typed in or cascaded belong to this agency; plans imported from a package kept its UUIDs.
    op.execute("UPDATE plan SET origin = 'own' WHERE owner_agency_id IS NOT NULL")
    op.execute(
        "UPDATE plan SET origin = 'package' WHERE owner_agency_id IS NULL AND id IN "
        "(SELECT plan_id FROM import_record WHERE file_name LIKE '%.cchcplan')"
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('past_fingerprints', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('removed_in', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_task_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_fingerprint'), ['fingerprint'], unique=False)
    op.create_table('plan_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('plan_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_key_plan_id'), ['plan_id'], unique=False)
    op.create_table('plan_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'version')
    )
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_version_plan_id'), ['plan_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_version_plan_id'))
    op.drop_table('plan_version')
    with op.batch_alter_table('plan_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_key_plan_id'))
    op.drop_table('plan_key')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_task_key'))
        batch_op.drop_column('removed_in')
        batch_op.drop_column('past_fingerprints')
        batch_op.drop_column('fingerprint')
        batch_op.drop_column('key')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_key'))
        batch_op.drop_column('origin')
        batch_op.drop_column('version')
        batch_op.drop_column('key')
