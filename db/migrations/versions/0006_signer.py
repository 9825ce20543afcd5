"""the agency's signer («Người ký»): name, position and authority line, defaults of every document it signs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signer_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signer_position', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signer_authority', sa.String(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('signer_authority')
        batch_op.drop_column('signer_position')
        batch_op.drop_column('signer_name')
