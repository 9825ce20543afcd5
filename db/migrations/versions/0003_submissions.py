"""submissions: report bundles received at a focal point

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bundle_uuid', sa.String(length=36), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('agency_name', sa.String(length=300), nullable=False),
    sa.Column('agency_key', sa.String(length=300), nullable=False),
    sa.Column('period_code', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('folder', sa.String(length=300), nullable=False),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bundle_uuid')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_agency_key'), ['agency_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_period_code'), ['period_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_period_code'))
        batch_op.drop_index(batch_op.f('ix_submission_agency_key'))
    op.drop_table('submission')
