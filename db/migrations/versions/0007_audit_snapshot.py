"""deleted rows kept in the audit log, so a deletion can be undone and anything deleted recovered; the signature
of a received report as checked on receipt

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot', sa.JSON(), nullable=True))
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('signature')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('snapshot')
