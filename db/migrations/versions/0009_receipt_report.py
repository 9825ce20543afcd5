"""what a received bundle's report needs, kept with its receipt: the criteria it self-scored without evidence
(the task entries gain their result, difficulties and proposals in the same JSON as before); an index of an
agency's bundles by period, and one covering the submissions view

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for bundles received before: the consolidated report reads their manifest from the inbox as before.
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('criterion_gaps', sa.JSON(), nullable=True))
        batch_op.create_index('ix_submission_agency_period', ['agency_key', 'period_code'], unique=False)
        batch_op.create_index(
            'ix_submission_period_view',
            ['period_code', 'status', 'agency_name', 'received_at', 'bundle_uuid', 'task_count', 'done_count',
             'evidence_count', 'signature'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_period_view')
        batch_op.drop_index('ix_submission_agency_period')
        batch_op.drop_column('criterion_gaps')
