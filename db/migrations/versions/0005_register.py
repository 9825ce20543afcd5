"""register of reporting agencies: unit codes, registered and retired agencies, the focal point's province

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 19:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('registered', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('retired', sa.Boolean(), nullable=False, server_default='0'))
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_code', sa.String(length=4), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('province_code')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('retired')
        batch_op.drop_column('registered')
        batch_op.drop_column('unit_code')
