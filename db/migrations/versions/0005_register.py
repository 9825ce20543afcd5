"""register of reporting agencies: unit codes, registered and retired agencies, the focal point's province;
report texts kept per period; appraisals made at a focal point and received at an agency

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
    op.create_table(
        'report_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_code', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('period_code', 'kind'),
    )


    op.create_table(
        'appraisal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_key', sa.String(length=300), nullable=False),
        sa.Column('agency_name', sa.String(length=300), nullable=False),
        sa.Column('period_code', sa.String(length=20), nullable=False),
        sa.Column('bundle_uuid', sa.String(length=36), nullable=False),
        sa.Column('framework', sa.String(length=20), nullable=False),
        sa.Column('general_comment', sa.Text(), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('agency_key', 'period_code'),
    )
    op.create_table(
        'appraisal_received',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
        sa.Column('period_code', sa.String(length=20), nullable=False),
        sa.Column('issuer', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('framework', sa.String(length=20), nullable=False),
        sa.Column('general_comment', sa.Text(), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    with op.batch_alter_table('appraisal_received', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_received_period_code'), ['period_code'], unique=False)


def downgrade() -> None:
    op.drop_table('appraisal_received')
    op.drop_table('appraisal')
    op.drop_table('report_text')
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('province_code')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('retired')
        batch_op.drop_column('registered')
        batch_op.drop_column('unit_code')
